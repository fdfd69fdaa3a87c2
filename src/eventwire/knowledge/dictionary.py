"""Actor dictionaries: named people and organisations with date-ranged roles.

A dictionary is a YAML or CSV file (format in ``data/actors/README.md``)
read into :class:`Entry` records. Each entry names an actor, its aliases,
its default country/sector/title and the roles it held over time; the
actors stage asks :func:`active_role` which role applies on an article's
date. The shipped ``people.yaml`` (heads of state and government, foreign
and defence ministers, spokespeople) is read by :func:`shipped_people`.
TABARI/PETRARCH dictionaries are read by :func:`import_petrarch` and can be
saved as YAML with :func:`write_dictionary`.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from eventwire.errors import DataFileError
from eventwire.knowledge.codes import is_country_code, is_sector_code
from eventwire.knowledge.dictionary_yaml import Located, load_located
from eventwire.records import PLOVER_SECTORS, iso_date
from eventwire.settings import DATA_DIR

log = logging.getLogger(__name__)

PEOPLE_FILE = DATA_DIR / "actors" / "people.yaml"

KINDS = ("person", "org", "agent")
ENTRY_KEYS = ("name", "aliases", "code", "country", "sector", "title", "from", "to", "kind", "roles", "stem", "match")
ROLE_KEYS = ("country", "sector", "title", "from", "to", "code")
DOCUMENT_KEYS = ("actors", "allow_codes", "match")
# How a name matches article text: as written (capitals must match, so that
# "Chad" or "Bush" does not hit "chad" or "bush"), or in any case, as TABARI
# and PETRARCH dictionaries are meant to be read (their names are in capitals).
MATCH_MODES = ("case_sensitive", "case_insensitive")
CSV_COLUMNS = ("name", "aliases", "code", "country", "sector", "title", "from", "to", "kind")


@dataclass(frozen=True, slots=True)
class Role:
    """A position an actor holds from ``start`` to ``end`` (both inclusive; None: open).

    ``code`` keeps an imported CAMEO code ("HOBGOV") where it says more than
    country and sector.
    """

    country: str | None
    sector: str | None
    title: str | None
    start: dt.date | None
    end: dt.date | None
    code: str | None = None

    def covers(self, on: dt.date) -> bool:
        """True if the role is in force on ``on``."""
        return (self.start is None or self.start <= on) and (self.end is None or on <= self.end)


@dataclass(frozen=True, slots=True)
class Entry:
    """One dictionary actor.

    ``country``/``sector``/``title`` are the defaults used when no role
    applies; ``start``/``end`` bound the entry itself (an organisation that
    ceased to exist); ``kind`` is "person", "org" or "agent" (a common noun
    such as "police" that gives a sector to whichever country it goes with);
    ``stem`` marks a TABARI-style name whose last word also matches longer
    words ("ARGENTIN" matches "Argentina", "Argentine"); ``nocase`` that
    the names match text in any case ("ARNOR" matches "Arnor"); ``source``
    is the "file:line" the entry was read from.
    """

    name: str
    aliases: tuple[str, ...]
    code: str | None
    country: str | None
    sector: str | None
    title: str | None
    roles: tuple[Role, ...]
    start: dt.date | None
    end: dt.date | None
    kind: str
    source: str
    stem: bool = False
    nocase: bool = False

    def covers(self, on: dt.date) -> bool:
        """True if the entry itself exists on ``on``."""
        return (self.start is None or self.start <= on) and (self.end is None or on <= self.end)


def make_entry(
    name: str,
    *,
    aliases: tuple[str, ...] = (),
    code: str | None = None,
    country: str | None = None,
    sector: str | None = None,
    title: str | None = None,
    roles: tuple[Role, ...] = (),
    start: dt.date | None = None,
    end: dt.date | None = None,
    kind: str = "person",
    source: str = "",
    stem: bool = False,
    nocase: bool = False,
) -> Entry:
    """Build an Entry; one without roles gets its own country/sector/title as its one role.

    That implicit role carries the entry's dates, so :func:`active_role`
    treats "Kremlin: RUS GOV" and a person with dated roles alike.
    """
    if not roles and (country or sector or title):
        roles = (Role(country, sector, title, start, end),)
    return Entry(name=name, aliases=aliases, code=code, country=country, sector=sector,
                 title=title, roles=roles, start=start, end=end, kind=kind, source=source,
                 stem=stem, nocase=nocase)


def _implicit_role(entry: Entry) -> Role:
    return Role(entry.country, entry.sector, entry.title, entry.start, entry.end)


def active_role(entry: Entry, on: dt.date | None) -> Role | None:
    """The role ``entry`` holds on ``on``; with no date, its latest role.

    Roles are tried in file order and the first that covers the date wins
    (TABARI's rule for overlapping date restrictions). A date outside the
    entry's own range, or covered by no role, gives None: the caller then
    falls back to the entry's defaults.

    Args:
        entry: a dictionary entry.
        on: the date the text speaks of (usually its publication date), or None.
    Returns:
        The Role in force, or None.
    """
    if not entry.roles:
        return None
    if on is None:
        # The latest role: open-ended beats ended, then the latest end, then the latest start.
        return max(
            entry.roles,
            key=lambda r: (r.end or dt.date.max, r.start or dt.date.min),
        )
    if not entry.covers(on):
        return None
    for role in entry.roles:
        if role.covers(on):
            return role
    return None


# ---------------------------------------------------------------- loading


@dataclass(frozen=True, slots=True)
class _Checker:
    """Validates field values of one dictionary file; errors name file:line."""

    path: str
    any_codes: bool

    def fail(self, line: int | None, message: str) -> DataFileError:
        return DataFileError(f"{self.path}:{line if line is not None else 1}: {message}")

    def text(self, value: Any, line: int | None, key: str) -> str | None:
        if value is None or value == "":
            return None
        if not isinstance(value, str):
            raise self.fail(line, f"{key!r} must be text, got {value!r}")
        return value.strip() or None

    def date(self, value: Any, line: int | None, key: str) -> dt.date | None:
        if isinstance(value, dt.datetime):
            raise self.fail(line, f"{key!r} must be a date YYYY-MM-DD, got a time {value!r}")
        try:
            return iso_date(value)
        except ValueError:
            raise self.fail(line, f"{key!r} must be a date YYYY-MM-DD, got {value!r}") from None

    def country(self, value: Any, line: int | None) -> str | None:
        code = self.text(value, line, "country")
        if code is None:
            return None
        code = code.upper()
        if not self.any_codes and not is_country_code(code):
            raise self.fail(
                line,
                f"country {code!r} is neither an ISO 3166 alpha-3 code nor a PLOVER "
                "non-state code (IGO, UNO, EUR, NGO, ISM, IMG, MNC, KOS); "
                "set 'allow_codes: any' at the top of the file to accept other codes",
            )
        return code

    def sector(self, value: Any, line: int | None) -> str | None:
        code = self.text(value, line, "sector")
        if code is None:
            return None
        code = code.upper()
        if not self.any_codes and not is_sector_code(code):
            raise self.fail(
                line, f"sector {code!r} is not a PLOVER sector; valid: {', '.join(sorted(PLOVER_SECTORS))}"
            )
        return code

    def code(self, value: Any, line: int | None) -> str | None:
        code = self.text(value, line, "code")
        return code.upper() if code else None

    def kind(self, value: Any, line: int | None) -> str:
        kind = self.text(value, line, "kind") or "person"
        if kind not in KINDS:
            raise self.fail(line, f"kind {kind!r} is not one of {', '.join(KINDS)}")
        return kind

    def span(self, start: dt.date | None, end: dt.date | None, line: int | None) -> None:
        if start and end and start > end:
            raise self.fail(line, f"'from' {start} is after 'to' {end}")


def load_dictionary(path: str | Path) -> list[Entry]:
    """Read an actor dictionary, YAML (.yaml/.yml) or CSV (.csv), and validate it.

    Raises:
        DataFileError: naming file and line, for a file that cannot be read, an
            unknown key, a bad date, a country that is neither ISO alpha-3 nor a
            PLOVER non-state code, a sector PLOVER does not have, or from > to.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in (".yaml", ".yml"):
        entries = _load_yaml(path)
    elif suffix == ".csv":
        entries = _load_csv(path)
    else:
        raise DataFileError(f"{path}: unknown dictionary format {suffix!r}; use .yaml, .yml or .csv")
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


def _load_yaml(path: Path) -> list[Entry]:
    doc = load_located(path)
    if doc.value is None:
        return []
    if not isinstance(doc.value, dict):
        raise DataFileError(f"{path}:{doc.line}: expected a mapping with an 'actors:' list")
    unknown = [k for k in doc.value if k not in DOCUMENT_KEYS]
    if unknown:
        raise DataFileError(
            f"{path}:{doc.value[unknown[0]].line}: unknown key {unknown[0]!r}; valid: {', '.join(DOCUMENT_KEYS)}"
        )
    allow = doc.value.get("allow_codes")
    if allow is not None and allow.value not in ("any", "plover"):
        raise DataFileError(f"{path}:{allow.line}: allow_codes must be 'any' or 'plover', got {allow.value!r}")
    checker = _Checker(str(path), any_codes=allow is not None and allow.value == "any")
    nocase = _match_mode(doc.value.get("match"), path, False)
    actors = doc.value.get("actors")
    if actors is None:
        return []
    if not isinstance(actors.value, list):
        raise DataFileError(f"{path}:{actors.line}: 'actors' must be a list of mappings")
    return [_yaml_entry(item, checker, nocase) for item in actors.value]


def _match_mode(located: Located | None, path: Path | str, default: bool) -> bool:
    """True for ``match: case_insensitive``; ``default`` when the key is absent."""
    if located is None:
        return default
    if located.value not in MATCH_MODES:
        raise DataFileError(f"{path}:{located.line}: match must be one of {', '.join(MATCH_MODES)}, "
                            f"got {located.value!r}")
    return located.value == "case_insensitive"


def _yaml_entry(item: Located, ck: _Checker, nocase: bool = False) -> Entry:
    if not isinstance(item.value, dict):
        raise ck.fail(item.line, "each actor must be a mapping with at least a 'name'")
    fields = item.value
    for key, val in fields.items():
        if key not in ENTRY_KEYS:
            raise ck.fail(val.line, f"unknown key {key!r}; valid: {', '.join(ENTRY_KEYS)}")

    def get(key: str) -> tuple[Any, int]:
        located = fields.get(key)
        return (located.plain(), located.line) if located is not None else (None, item.line)

    name = ck.text(*get("name"), "name")
    if not name:
        raise ck.fail(item.line, "actor has no 'name'")
    aliases_val, aliases_line = get("aliases")
    if aliases_val is None:
        aliases_val = []
    if not isinstance(aliases_val, list) or not all(isinstance(a, str) and a.strip() for a in aliases_val):
        raise ck.fail(aliases_line, "'aliases' must be a list of non-empty names")
    start = ck.date(*get("from"), "from")
    end = ck.date(*get("to"), "to")
    ck.span(start, end, item.line)
    stem, stem_line = get("stem")
    if stem not in (None, True, False):
        raise ck.fail(stem_line, f"'stem' must be true or false, got {stem!r}")
    country = ck.country(*get("country"))
    roles = _yaml_roles(fields.get("roles"), ck, country)
    return make_entry(
        name,
        aliases=tuple(a.strip() for a in aliases_val),
        code=ck.code(*get("code")),
        country=country,
        sector=ck.sector(*get("sector")),
        title=ck.text(*get("title"), "title"),
        roles=roles,
        start=start,
        end=end,
        kind=ck.kind(*get("kind")),
        source=f"{ck.path}:{item.line}",
        stem=bool(stem),
        nocase=_match_mode(fields.get("match"), ck.path, nocase),
    )


def _yaml_roles(located: Located | None, ck: _Checker, country: str | None) -> tuple[Role, ...]:
    """The roles of an entry; a role without a country takes the entry's."""
    if located is None or located.value is None:
        return ()
    if not isinstance(located.value, list):
        raise ck.fail(located.line, "'roles' must be a list of mappings")
    roles = []
    for item in located.value:
        if not isinstance(item.value, dict):
            raise ck.fail(item.line, "each role must be a mapping of country, sector, title, from, to")
        for key, val in item.value.items():
            if key not in ROLE_KEYS:
                raise ck.fail(val.line, f"unknown role key {key!r}; valid: {', '.join(ROLE_KEYS)}")

        def get(key: str, fields: dict = item.value, line: int = item.line) -> tuple[Any, int]:
            val = fields.get(key)
            return (val.plain(), val.line) if val is not None else (None, line)

        start = ck.date(*get("from"), "from")
        end = ck.date(*get("to"), "to")
        ck.span(start, end, item.line)
        roles.append(Role(
            # An absent country is the entry's; an explicit null means none.
            country=ck.country(*get("country")) if "country" in item.value else country,
            sector=ck.sector(*get("sector")),
            title=ck.text(*get("title"), "title"),
            start=start,
            end=end,
            code=ck.code(*get("code")),
        ))
    return tuple(roles)


def _load_csv(path: Path) -> list[Entry]:
    """CSV: a row with a name is an entry; following rows with an empty name are its roles."""
    ck = _Checker(str(path), any_codes=False)
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            rows = list(csv.reader(fh))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise DataFileError(f"{path}: cannot read CSV: {exc}") from exc
    if not rows:
        return []
    header = [h.strip() for h in rows[0]]
    unknown = [h for h in header if h not in CSV_COLUMNS]
    if unknown:
        raise ck.fail(1, f"unknown column {unknown[0]!r}; valid: {', '.join(CSV_COLUMNS)}")
    if "name" not in header:
        raise ck.fail(1, "the header has no 'name' column")
    entries: list[Entry] = []
    pending: dict[str, Any] | None = None
    for lineno, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) > len(header):
            raise ck.fail(lineno, f"{len(row)} cells but the header has {len(header)} columns")
        cells = dict(zip(header, (c.strip() for c in row)))
        start = ck.date(cells.get("from"), lineno, "from")
        end = ck.date(cells.get("to"), lineno, "to")
        ck.span(start, end, lineno)
        if cells.get("name"):
            if pending:
                entries.append(_csv_entry(pending))
            pending = {
                "name": cells["name"],
                "aliases": tuple(a.strip() for a in cells.get("aliases", "").split("|") if a.strip()),
                "code": ck.code(cells.get("code"), lineno),
                "country": ck.country(cells.get("country"), lineno),
                "sector": ck.sector(cells.get("sector"), lineno),
                "title": ck.text(cells.get("title"), lineno, "title"),
                "start": start,
                "end": end,
                "kind": ck.kind(cells.get("kind"), lineno),
                "source": f"{path}:{lineno}",
                "roles": [],
            }
            continue
        if pending is None:
            raise ck.fail(lineno, "a role row (empty name) must follow an actor row")
        if cells.get("aliases") or cells.get("kind"):
            raise ck.fail(lineno, "a role row (empty name) takes no aliases or kind")
        pending["roles"].append(Role(
            country=ck.country(cells.get("country"), lineno) or pending["country"],
            sector=ck.sector(cells.get("sector"), lineno),
            title=ck.text(cells.get("title"), lineno, "title"),
            start=start,
            end=end,
            code=ck.code(cells.get("code"), lineno),
        ))
    if pending:
        entries.append(_csv_entry(pending))
    return entries


def _csv_entry(p: dict[str, Any]) -> Entry:
    return make_entry(p.pop("name"), roles=tuple(p.pop("roles")), **p)


# ---------------------------------------------------------------- writing


def _entry_mapping(e: Entry, nocase: bool = False) -> dict[str, Any]:
    out: dict[str, Any] = {"name": e.name}
    if e.aliases:
        out["aliases"] = list(e.aliases)
    for key, value in (("code", e.code), ("country", e.country), ("sector", e.sector),
                       ("title", e.title), ("from", e.start), ("to", e.end)):
        if value is not None:
            out[key] = value
    out["kind"] = e.kind
    if e.stem:
        out["stem"] = True
    if e.nocase != nocase:
        out["match"] = MATCH_MODES[e.nocase]
    # Leave out the one role the loader makes from the entry's own fields.
    implicit = (e.country or e.sector or e.title) and e.roles == (_implicit_role(e),)
    if e.roles and not implicit:
        out["roles"] = [_role_mapping(r, e.country) for r in e.roles]
    return out


def _role_mapping(r: Role, entry_country: str | None) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if r.code is not None:
        out["code"] = r.code
    # The loader gives a role without a country the entry's, so write it only where it differs.
    if r.country != entry_country:
        out["country"] = r.country
    for key, value in (("sector", r.sector), ("title", r.title), ("from", r.start), ("to", r.end)):
        if value is not None:
            out[key] = value
    return out


def _strictly_valid(e: Entry) -> bool:
    countries = [e.country] + [r.country for r in e.roles]
    sectors = [e.sector] + [r.sector for r in e.roles]
    return (all(c is None or is_country_code(c) for c in countries)
            and all(s is None or is_sector_code(s) for s in sectors))


def write_dictionary(entries: list[Entry], path: str | Path) -> None:
    """Write entries as a YAML dictionary that :func:`load_dictionary` reads back equal.

    The file gets ``allow_codes: any`` when some entry uses a country or sector
    code outside ISO/PLOVER (imported CAMEO dictionaries often do).
    """
    path = Path(path)
    doc: dict[str, Any] = {}
    if not all(_strictly_valid(e) for e in entries):
        doc["allow_codes"] = "any"
    # The mode most entries have is written once for the file, the others per entry.
    nocase = sum(e.nocase for e in entries) * 2 > len(entries)
    if nocase:
        doc["match"] = "case_insensitive"
    doc["actors"] = [_entry_mapping(e, nocase) for e in entries]
    text = yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=100)
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise DataFileError(f"{path}: cannot write dictionary: {exc}") from exc


# ---------------------------------------------------------------- shipped data and import


@functools.cache
def _shipped_people() -> tuple[Entry, ...]:
    return tuple(load_dictionary(PEOPLE_FILE))


def shipped_people() -> list[Entry]:
    """The people dictionary shipped with eventwire (read once, then cached)."""
    return list(_shipped_people())


def import_petrarch(path: str | Path, kind: str = "auto") -> list[Entry]:
    """Read a TABARI/PETRARCH actors or agents dictionary into entries.

    Args:
        path: the dictionary file.
        kind: "actors", "agents", or "auto" (agents if the file's codes use
            the ``~`` agent marker, else actors).
    Raises:
        DataFileError: naming file and line for a line that cannot be read.
    """
    from eventwire.interop.petrarch_dictionary import read_petrarch

    return read_petrarch(Path(path), kind)
