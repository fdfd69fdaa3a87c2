"""Actor dictionaries: named people and organisations with date-ranged roles.

A dictionary is a YAML or CSV file (format in ``data/actors/README.md``)
read into :class:`Entry` records. Each entry names an actor, its aliases,
its default country/sector/title and the roles it held over time; the
actors stage asks :func:`active_role` which role applies on an article's
date. The shipped ``people.yaml`` (heads of state and government, foreign
and defence ministers, spokespeople) is read by :func:`shipped_people`.
Dictionaries in other formats (TABARI/PETRARCH) are converted into these
entries by :mod:`eventwire.interop` and saved with :func:`write_dictionary`.
"""

from __future__ import annotations

import functools
import logging
from pathlib import Path

from eventwire.errors import DataFileError
from eventwire.knowledge.dictionary.csv_format import CSV_COLUMNS, load_csv
from eventwire.knowledge.dictionary.model import KINDS, Entry, Role, active_role, make_entry, role_on
from eventwire.knowledge.dictionary.yaml_format import MATCH_MODES, load_yaml, write_yaml
from eventwire.settings import DATA_DIR

log = logging.getLogger(__name__)

PEOPLE_FILE = DATA_DIR / "actors" / "people.yaml"

# The formats of eventwire's own dictionaries, by file suffix.
READERS = {".yaml": load_yaml, ".yml": load_yaml, ".csv": load_csv}


def load_dictionary(path: str | Path) -> list[Entry]:
    """Read an actor dictionary, YAML (.yaml/.yml) or CSV (.csv), and validate it.

    Raises:
        DataFileError: naming file and line, for a file that cannot be read, an
            unknown key, a bad date, a country that is neither ISO alpha-3 nor a
            PLOVER non-state code, a sector PLOVER does not have, or from > to.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in READERS:
        raise DataFileError(f"{path}: unknown dictionary format {suffix!r}; use .yaml, .yml or .csv")
    entries = READERS[suffix](path)
    _warn_duplicates(entries)
    log.debug("read %d dictionary entries from %s", len(entries), path)
    return entries


def _warn_duplicates(entries: list[Entry]) -> None:
    seen: dict[str, str] = {}
    for e in entries:
        key = e.name.casefold()
        if key in seen:
            log.warning("%s: %r is listed again (first at %s)", e.source, e.name, seen[key])
        else:
            seen[key] = e.source


def write_dictionary(entries: list[Entry], path: str | Path) -> None:
    """Write entries as a YAML dictionary that :func:`load_dictionary` reads back equal.

    The file gets ``allow_codes: any`` when some entry uses a country or sector
    code outside ISO/PLOVER (imported CAMEO dictionaries often do).

    Raises:
        DataFileError: the file cannot be written.
    """
    write_yaml(entries, path)


@functools.cache
def _shipped_people() -> tuple[Entry, ...]:
    return tuple(load_dictionary(PEOPLE_FILE))


def shipped_people() -> list[Entry]:
    """The people dictionary shipped with eventwire (read once, then cached)."""
    return list(_shipped_people())


__all__ = [
    "CSV_COLUMNS", "KINDS", "MATCH_MODES", "PEOPLE_FILE", "Entry", "Role", "active_role", "load_dictionary",
    "make_entry", "role_on", "shipped_people", "write_dictionary",
]
