"""Other coders' formats: TABARI/PETRARCH actor and agent dictionaries and verb patterns.

Interop converts these formats into eventwire's knowledge model
(:mod:`eventwire.knowledge`), never the other way round: knowledge reads only
eventwire's own files. So the choice of a foreign dictionary format by its
name lives here, in :data:`DICTIONARY_IMPORTERS`, beside the importers
themselves.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from eventwire.errors import DataFileError
from eventwire.interop.petrarch_dictionary import read_petrarch
from eventwire.interop.report import Defect, ImportReport

#: Importers of actor dictionaries by format name: each reads a file (with a
#: kind: "actors", "agents" or "auto", and whether to stop at the first
#: defective line) into a report of the entries made and the lines skipped.
DICTIONARY_IMPORTERS: dict[str, Callable[[Path, str, bool], ImportReport]] = {"petrarch": read_petrarch}


def import_dictionary(path: str | Path, fmt: str, kind: str = "auto", strict: bool = False) -> ImportReport:
    """Read an actor dictionary in another coder's format into dictionary entries.

    Defective lines are skipped and listed in the report, file and line each;
    with ``strict`` the first one is raised instead.

    Raises:
        DataFileError: for a format eventwire does not import (naming the valid ones),
            a file that cannot be read, or with ``strict``, naming file and line,
            the first line the importer cannot read.
    """
    if fmt not in DICTIONARY_IMPORTERS:
        raise DataFileError(f"{path}: unknown dictionary format {fmt!r}; valid: {', '.join(sorted(DICTIONARY_IMPORTERS))}")
    return DICTIONARY_IMPORTERS[fmt](Path(path), kind, strict)


__all__ = ["DICTIONARY_IMPORTERS", "Defect", "ImportReport", "import_dictionary"]
