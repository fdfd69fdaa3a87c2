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
from eventwire.interop.petrarch_dictionary import import_petrarch
from eventwire.knowledge.dictionary import Entry

#: Importers of actor dictionaries by format name: each reads a file (and a
#: kind: "actors", "agents" or "auto") into dictionary entries.
DICTIONARY_IMPORTERS: dict[str, Callable[[Path, str], list[Entry]]] = {"petrarch": import_petrarch}


def import_dictionary(path: str | Path, fmt: str, kind: str = "auto") -> list[Entry]:
    """Read an actor dictionary in another coder's format into dictionary entries.

    Raises:
        DataFileError: for a format eventwire does not import (naming the valid ones),
            or, naming file and line, for a line the importer cannot read.
    """
    if fmt not in DICTIONARY_IMPORTERS:
        raise DataFileError(f"{path}: unknown dictionary format {fmt!r}; valid: {', '.join(sorted(DICTIONARY_IMPORTERS))}")
    return DICTIONARY_IMPORTERS[fmt](Path(path), kind)
