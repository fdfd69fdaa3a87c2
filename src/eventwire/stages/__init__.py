"""The pipeline's stages, one module each.

A stage is an object with ``name``, ``needs`` and ``adds`` (the parts of a
:class:`~eventwire.records.Coding` it reads and writes) and
``pipe(batch) -> batch``, like a spaCy component. Stages are built from
:class:`~eventwire.settings.Settings` once per process and reused for every
batch; the pipeline checks their order when it is built.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from eventwire.records import Coding


@runtime_checkable
class Stage(Protocol):
    name: str
    needs: tuple[str, ...]
    adds: tuple[str, ...]

    def pipe(self, batch: list[Coding]) -> list[Coding]:
        """Return the batch with this stage's part added to each Coding."""
        ...
