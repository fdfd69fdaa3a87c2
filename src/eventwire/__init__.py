"""eventwire: political event data from dated news text.

Who did what to whom, when, where, and who says so, coded to PLOVER.

The public API: :func:`code` (texts in, events out), :func:`code_files` (the
``eventwire code`` job: files into a store, with progress), :class:`Store`
(the DuckDB store: events, dyads, pandas, Arrow and polars tables), the
records, :class:`Settings`, the errors, :class:`Pipeline` (articles in, coded
results out), :func:`code_corpus` (articles into an open store, deduplicated
and clustered) and :func:`event_json` (an event's PLOVER record). Every import
of an eventwire module runs this file first, so what needs spaCy, DuckDB or
Arrow is imported when it is first asked for, not here.
"""

from __future__ import annotations

import importlib
from typing import Any

from eventwire.errors import EventwireError
from eventwire.records import (
    Actor,
    Article,
    Attribution,
    DateRef,
    Event,
    Mention,
    Place,
    Problem,
    Result,
    Sentence,
)
from eventwire.settings import Settings

__version__ = "0.1.0"

# Public names imported on first use: name -> the module that defines it.
_LAZY = {
    "code": "eventwire.api",
    "code_files": "eventwire.api",
    "Pipeline": "eventwire.pipeline",
    "code_corpus": "eventwire.corpus",
    "CorpusCounts": "eventwire.corpus",
    "Store": "eventwire.store.duckdb",
    "event_json": "eventwire.store.schema",
}

__all__ = [
    "Actor", "Article", "Attribution", "DateRef", "Event", "EventwireError",
    "Mention", "Place", "Problem", "Result", "Sentence", "Settings", *_LAZY,
]


def __getattr__(name: str) -> Any:
    """The lazily imported public names (PEP 562)."""
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'eventwire' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
