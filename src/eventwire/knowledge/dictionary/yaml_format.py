"""Actor dictionaries as YAML: reading with line-numbered errors, and writing back."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from eventwire.errors import DataFileError
from eventwire.knowledge.codes import is_country_code, is_sector_code
from eventwire.knowledge.datafile import node_child, node_line, read_yaml
from eventwire.knowledge.dictionary.checks import FieldChecker
from eventwire.knowledge.dictionary.model import Entry, Role, make_entry

ENTRY_KEYS = ("name", "aliases", "code", "country", "sector", "title", "from", "to", "kind", "roles", "stem", "match")
ROLE_KEYS = ("country", "sector", "title", "from", "to", "code")
DOCUMENT_KEYS = ("actors", "allow_codes", "match")
# How a name matches article text: as written (capitals must match, so that
# "Chad" or "Bush" does not hit "chad" or "bush"), or in any case, as TABARI
# and PETRARCH dictionaries are meant to be read (their names are in capitals).
MATCH_MODES = ("case_sensitive", "case_insensitive")


@dataclass(frozen=True, slots=True)
class _Mapping:
    """A YAML mapping with its node, so each value can say on which line it stands."""

    data: dict[Any, Any]
    node: Any
    line: int

    def get(self, key: str) -> tuple[Any, int]:
        """A value and its key's line; an absent key gives None on the mapping's own line."""
        if key in self.data:
            return self.data[key], node_line(self.node, key)
        return None, self.line

    def items(self, key: str) -> list[tuple[Any, Any, int]]:
        """The (value, node, line) of each item of a sequence value."""
        node = node_child(self.node, key)
        return [(value, node_child(node, i), node_line(node, i)) for i, value in enumerate(self.data[key])]

    def refuse_unknown(self, valid: tuple[str, ...], what: str, ck: FieldChecker) -> None:
        """Fail on the first key that is not one of ``valid``."""
        for key in self.data:
            if key not in valid:
                raise ck.fail(node_line(self.node, key), f"unknown {what}{key!r}; valid: {', '.join(valid)}")


def load_yaml(path: Path) -> list[Entry]:
    """Read and check a YAML actor dictionary."""
    data, node = read_yaml(path, "dictionary")
    if data is None:
        return []
    ck = FieldChecker(str(path), any_codes=False)
    if not isinstance(data, dict):
        raise ck.fail(node.start_mark.line + 1, "expected a mapping with an 'actors:' list")
    doc = _Mapping(data, node, 1)
    doc.refuse_unknown(DOCUMENT_KEYS, "key ", ck)
    allow, allow_line = doc.get("allow_codes")
    if allow is not None and allow not in ("any", "plover"):
        raise ck.fail(allow_line, f"allow_codes must be 'any' or 'plover', got {allow!r}")
    ck = FieldChecker(str(path), any_codes=allow == "any")
    nocase = _match_mode(doc, ck, False)
    actors, actors_line = doc.get("actors")
    if actors is None:
        return []
    if not isinstance(actors, list):
        raise ck.fail(actors_line, "'actors' must be a list of mappings")
    return [_entry(value, item_node, line, ck, nocase) for value, item_node, line in doc.items("actors")]


def _match_mode(fields: _Mapping, ck: FieldChecker, default: bool) -> bool:
    """True for ``match: case_insensitive``; ``default`` when the key is absent."""
    mode, line = fields.get("match")
    if mode is None:
        return default
    if mode not in MATCH_MODES:
        raise ck.fail(line, f"match must be one of {', '.join(MATCH_MODES)}, got {mode!r}")
    return mode == "case_insensitive"


def _entry(value: Any, node: Any, line: int, ck: FieldChecker, nocase: bool) -> Entry:
    if not isinstance(value, dict):
        raise ck.fail(line, "each actor must be a mapping with at least a 'name'")
    fields = _Mapping(value, node, line)
    fields.refuse_unknown(ENTRY_KEYS, "key ", ck)
    name = ck.text(*fields.get("name"), "name")
    if not name:
        raise ck.fail(line, "actor has no 'name'")
    aliases, aliases_line = fields.get("aliases")
    aliases = [] if aliases is None else aliases
    if not isinstance(aliases, list) or not all(isinstance(a, str) and a.strip() for a in aliases):
        raise ck.fail(aliases_line, "'aliases' must be a list of non-empty names")
    start, end = ck.date(*fields.get("from"), "from"), ck.date(*fields.get("to"), "to")
    ck.span(start, end, line)
    stem, stem_line = fields.get("stem")
    if stem not in (None, True, False):
        raise ck.fail(stem_line, f"'stem' must be true or false, got {stem!r}")
    country = ck.country(*fields.get("country"))
    return make_entry(
        name,
        aliases=tuple(a.strip() for a in aliases),
        code=ck.code(*fields.get("code")),
        country=country,
        sector=ck.sector(*fields.get("sector")),
        title=ck.text(*fields.get("title"), "title"),
        roles=_roles(fields, ck, country),
        start=start,
        end=end,
        kind=ck.kind(*fields.get("kind")),
        source=f"{ck.path}:{line}",
        stem=bool(stem),
        nocase=_match_mode(fields, ck, nocase),
    )


def _roles(entry: _Mapping, ck: FieldChecker, country: str | None) -> tuple[Role, ...]:
    """The roles of an entry; a role without a country takes the entry's."""
    value, line = entry.get("roles")
    if value is None:
        return ()
    if not isinstance(value, list):
        raise ck.fail(line, "'roles' must be a list of mappings")
    roles = []
    for item, node, item_line in entry.items("roles"):
        if not isinstance(item, dict):
            raise ck.fail(item_line, "each role must be a mapping of country, sector, title, from, to")
        fields = _Mapping(item, node, item_line)
        fields.refuse_unknown(ROLE_KEYS, "role key ", ck)
        start, end = ck.date(*fields.get("from"), "from"), ck.date(*fields.get("to"), "to")
        ck.span(start, end, item_line)
        roles.append(Role(
            # An absent country is the entry's; an explicit null means none.
            country=ck.country(*fields.get("country")) if "country" in item else country,
            sector=ck.sector(*fields.get("sector")),
            title=ck.text(*fields.get("title"), "title"),
            start=start,
            end=end,
            code=ck.code(*fields.get("code")),
        ))
    return tuple(roles)


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
    implicit = (e.country or e.sector or e.title) and e.roles == (e.implicit_role(),)
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


def write_yaml(entries: list[Entry], path: str | Path) -> None:
    """Write entries as a YAML dictionary that :func:`load_yaml` reads back equal.

    The file gets ``allow_codes: any`` when some entry uses a country or sector
    code outside ISO/PLOVER (imported CAMEO dictionaries often do).

    Raises:
        DataFileError: the file cannot be written.
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
