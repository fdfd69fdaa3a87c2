"""Event patterns: loading, validating and indexing the pattern data files."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from eventwire.errors import DataFileError
from eventwire.knowledge.cameo import (
    EVENTS_DATA,
    cameo_table,
    crosswalk,
    default_cameo,
    plover_types,
)
from eventwire.knowledge.datafile import read_yaml

log = logging.getLogger(__name__)

POS = ("verb", "noun", "adj")
CONSTRUCTIONS = ("imperative",)
ROLES = ("subject", "object", "dative", "poss", "compound", "between1", "between2", "complement", "about", "speaker", "addressee", "partners", "inner", "in_object", "in_phrase", "in_preps", "in_attack")
FIELDS = {
    "id", "lemma", "pos", "type", "mode", "cameo", "actor", "recipient", "with_word", "without_word",
    "compound", "needs_complement", "needs_clause", "needs_actor_object", "statement", "passive_actor", "confidence", "construction",
    "needs_partners", "reverse_cameo", "needs_dyad", "fallback",
}
PASSIVE_FIELDS = {"sector", "country_of"}
SECTIONS = {"patterns", "light_verbs", "mode_cues", "same_country_types", "subsuming_types", "state_voice_types",
            "replace_lemmas", "domestic_recipient_types", "require_dyad", "protest_actors",
            "place_actor_sectors", "threat_content", "diplomatic_protest_sectors", "place_recipient_types",
            "object_mode_types"}


@dataclass(frozen=True, slots=True)
class Pattern:
    """One trigger pattern: which words code which event, and where its actor and recipient are."""

    id: str
    lemmas: tuple[str, ...]
    pos: str | None
    type: str
    mode: str | None
    cameo: str | None
    actor: tuple[str, ...]
    recipient: tuple[str, ...]
    with_word: frozenset[str] = frozenset()
    without_word: frozenset[str] = frozenset()
    compound: frozenset[str] = frozenset()
    needs_complement: bool = False
    needs_clause: bool = False
    needs_actor_object: bool = False
    statement: bool = False
    passive_sector: str | None = None
    passive_country_of: str | None = None
    confidence: float = 0.7
    construction: str | None = None
    needs_partners: bool = False
    needs_dyad: bool = False
    reverse_type: str | None = None
    reverse_cameo: str | None = None
    fallback: bool = False
    source: str = ""

    @property
    def specificity(self) -> int:
        """How many extra conditions the pattern sets; more specific patterns are tried first."""
        if self.fallback:
            return -1
        return len(self.with_word) + len(self.compound) + bool(self.without_word) + self.needs_complement \
            + self.needs_clause + self.needs_partners


@dataclass(frozen=True, slots=True)
class ModeCue:
    """Words that select a mode (and CAMEO code) for an event type."""

    mode: str
    words: frozenset[str]
    cameo: str | None


@dataclass(frozen=True, slots=True)
class PatternSet:
    """All patterns, indexed by (lemma, pos), plus light verbs and mode cues."""

    patterns: tuple[Pattern, ...]
    light_verbs: frozenset[str]
    mode_cues: dict[str, tuple[ModeCue, ...]]
    same_country_types: frozenset[str] = frozenset()
    subsuming_types: frozenset[str] = frozenset()
    state_voice_types: frozenset[str] = frozenset()
    domestic_recipient_types: frozenset[str] = frozenset()
    require_dyad: bool = False
    protest_actors: frozenset[str] = frozenset()
    diplomatic_protest_sectors: frozenset[str] = frozenset()
    place_actor_sectors: dict[str, str] = field(default_factory=dict)
    domestic_recipient_sectors: dict[str, str | None] = field(default_factory=dict)
    place_recipient_types: frozenset[str] = frozenset()
    object_mode_types: frozenset[str] = frozenset()
    threat_content: dict[str, tuple[str | None, str]] = field(default_factory=dict)
    index: dict[tuple[str, str], tuple[Pattern, ...]] = field(default_factory=dict)
    constructions: dict[str, tuple[Pattern, ...]] = field(default_factory=dict)


def _type_or_mode(key: Any) -> bool:
    """True for a PLOVER type name or a "TYPE/mode" pair of a type and one of its modes."""
    if not isinstance(key, str):
        return False
    etype, _, mode = key.partition("/")
    known = plover_types().get(etype)
    return known is not None and (not mode or mode in known.modes)


def _strings(value: Any, where: str, name: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value.lower(),)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(v.lower() for v in value)
    raise DataFileError(f"{where}: {name} must be a word or a list of words, not {value!r}")


def _roles(value: Any, where: str, name: str) -> tuple[str, ...]:
    roles = _strings(value, where, name)
    for role in roles:
        if role not in ROLES and not (role.startswith("prep:") and len(role) > 5):
            raise DataFileError(f"{where}: unknown {name} role {role!r}; valid: {', '.join(ROLES)}, prep:<word>")
    return roles


def parse_pattern(entry: Any, where: str) -> Pattern:
    """Validate one pattern entry; ``where`` names the file and entry for errors.

    Raises:
        DataFileError: an unknown field, type, mode, part of speech, role or CAMEO code.
    """
    if not isinstance(entry, dict):
        raise DataFileError(f"{where}: a pattern must be a mapping, not {entry!r}")
    pid = entry.get("id")
    if not isinstance(pid, str) or not pid:
        raise DataFileError(f"{where}: every pattern needs an id")
    where = f"{where} (id {pid!r})"
    unknown = set(entry) - FIELDS
    if unknown:
        raise DataFileError(f"{where}: unknown field(s) {sorted(unknown)}; valid: {', '.join(sorted(FIELDS))}")
    types = plover_types()
    etype = entry.get("type")
    if etype not in types:
        raise DataFileError(f"{where}: unknown type {etype!r}; valid: {', '.join(types)}")
    mode = entry.get("mode")
    if mode is not None and mode not in types[etype].modes:
        raise DataFileError(f"{where}: unknown mode {mode!r} for {etype}; valid: {', '.join(types[etype].modes)}")
    construction = entry.get("construction")
    if construction is not None and construction not in CONSTRUCTIONS:
        raise DataFileError(f"{where}: unknown construction {construction!r}; valid: {', '.join(CONSTRUCTIONS)}")
    pos = entry.get("pos")
    lemmas = _strings(entry.get("lemma"), where, "lemma")
    if construction is None:
        if pos not in POS:
            raise DataFileError(f"{where}: pos must be one of {', '.join(POS)}, not {pos!r}")
        if not lemmas:
            raise DataFileError(f"{where}: a pattern needs at least one lemma")
    cameo = entry.get("cameo")
    if cameo is not None:
        cameo = str(cameo)
        if cameo not in cameo_table():
            raise DataFileError(f"{where}: unknown CAMEO code {cameo!r}")
    else:
        cameo = default_cameo(etype, mode)
    passive = entry.get("passive_actor") or {}
    if not isinstance(passive, dict) or set(passive) - PASSIVE_FIELDS:
        raise DataFileError(f"{where}: passive_actor takes {sorted(PASSIVE_FIELDS)}, not {passive!r}")
    if passive and passive.get("country_of") not in (None, "recipient"):
        raise DataFileError(f"{where}: passive_actor.country_of can only be 'recipient'")
    reverse_cameo = entry.get("reverse_cameo")
    reverse_type = None
    if reverse_cameo is not None:
        reverse_cameo = str(reverse_cameo)
        rows = [r for r in crosswalk() if r[0] == reverse_cameo]
        if reverse_cameo not in cameo_table() or not rows:
            raise DataFileError(f"{where}: reverse_cameo {reverse_cameo!r} is no CAMEO code with a PLOVER type")
        reverse_type = rows[0][1]
    confidence = entry.get("confidence", 0.7)
    if not isinstance(confidence, (int, float)) or not 0 <= confidence <= 1:
        raise DataFileError(f"{where}: confidence must be a number from 0 to 1, not {confidence!r}")
    return Pattern(
        id=pid,
        lemmas=lemmas,
        pos=pos,
        type=etype,
        mode=mode,
        cameo=cameo,
        actor=_roles(entry.get("actor", ["subject"]), where, "actor"),
        recipient=_roles(entry.get("recipient", []), where, "recipient"),
        with_word=frozenset(_strings(entry.get("with_word"), where, "with_word")),
        without_word=frozenset(_strings(entry.get("without_word"), where, "without_word")),
        compound=frozenset(_strings(entry.get("compound"), where, "compound")),
        needs_complement=bool(entry.get("needs_complement")),
        needs_clause=bool(entry.get("needs_clause")),
        needs_actor_object=bool(entry.get("needs_actor_object")),
        statement=bool(entry.get("statement")),
        passive_sector=passive.get("sector"),
        passive_country_of=passive.get("country_of"),
        confidence=float(confidence),
        construction=construction,
        needs_partners=bool(entry.get("needs_partners")),
        needs_dyad=bool(entry.get("needs_dyad")),
        reverse_type=reverse_type,
        reverse_cameo=reverse_cameo,
        fallback=bool(entry.get("fallback")),
        source=where,
    )


def _mode_cues(data: Any, path: Path) -> dict[str, tuple[ModeCue, ...]]:
    types = plover_types()
    cues: dict[str, tuple[ModeCue, ...]] = {}
    for etype, modes in (data or {}).items():
        where = f"{path}: mode_cues.{etype}"
        if etype not in types:
            raise DataFileError(f"{where}: unknown type {etype!r}")
        items = []
        for mode, spec in (modes or {}).items():
            if mode not in types[etype].modes:
                raise DataFileError(f"{where}: unknown mode {mode!r}; valid: {', '.join(types[etype].modes)}")
            cameo = str(spec["cameo"]) if spec.get("cameo") is not None else None
            if cameo is not None and cameo not in cameo_table():
                raise DataFileError(f"{where}.{mode}: unknown CAMEO code {cameo!r}")
            items.append(ModeCue(mode, frozenset(_strings(spec.get("words"), where, "words")), cameo))
        cues[etype] = tuple(items)
    return cues


def _read(path: Path) -> dict[str, Any]:
    data = read_yaml(path, "pattern file")[0] or {}
    if not isinstance(data, dict):
        raise DataFileError(f"{path}: a pattern file is a mapping with 'patterns' (and optionally 'light_verbs', 'mode_cues')")
    unknown = set(data) - SECTIONS
    if unknown:
        raise DataFileError(f"{path}: unknown section(s) {sorted(unknown)}; valid: {', '.join(sorted(SECTIONS))}")
    return data


def load_patterns(extra: Iterable[Path] = ()) -> PatternSet:
    """Load the shipped patterns, then user files that add patterns or replace them by id.

    Raises:
        DataFileError: naming the file and entry of a malformed pattern.
    """
    by_id: dict[str, Pattern] = {}
    light: set[str] = set()
    protesters: set[str] = set()
    diplomatic: set[str] = set()
    place_sectors: dict[str, str] = {}
    domestic_sectors: dict[str, str | None] = {}
    threats: dict[str, tuple[str | None, str]] = {}
    same_country: set[str] = set()
    subsuming: set[str] = set()
    state_voice: set[str] = set()
    domestic: set[str] = set()
    place_recipient: set[str] = set()
    object_mode: set[str] = set()
    cues: dict[str, tuple[ModeCue, ...]] = {}
    require_dyad = False
    for path in (EVENTS_DATA / "patterns.yaml", *map(Path, extra)):
        data = _read(path)
        light.update(_strings(data.get("light_verbs"), str(path), "light_verbs"))
        protesters.update(_strings(data.get("protest_actors"), str(path), "protest_actors"))
        diplomatic.update(x.upper() for x in _strings(data.get("diplomatic_protest_sectors"), str(path), "diplomatic_protest_sectors"))
        sectors = data.get("place_actor_sectors") or {}
        if not isinstance(sectors, dict):
            raise DataFileError(f"{path}: place_actor_sectors maps an event type to a sector code")
        for etype, sector in sectors.items():
            if etype not in plover_types() or not isinstance(sector, str):
                raise DataFileError(f"{path}: place_actor_sectors: {etype!r}: {sector!r} is no type -> sector code")
            place_sectors[etype] = sector
        for etype, spec in (data.get("threat_content") or {}).items():
            where = f"{path}: threat_content.{etype}"
            if etype not in plover_types() or not isinstance(spec, dict) or str(spec.get("cameo")) not in cameo_table():
                raise DataFileError(f"{where}: needs a PLOVER type and {{cameo: <CAMEO code>, mode: <THREATEN mode>}}")
            mode = spec.get("mode")
            if mode is not None and mode not in plover_types()["THREATEN"].modes:
                raise DataFileError(f"{where}: unknown THREATEN mode {mode!r}")
            threats[etype] = (mode, str(spec["cameo"]))
        domestic_spec = data.get("domestic_recipient_types") or []
        if isinstance(domestic_spec, dict):
            # type -> sector of the recipient (null: the country as a whole)
            for etype, sector in domestic_spec.items():
                # a key is a type or "TYPE/mode" ("RETREAT/resign": a resignation, not every retreat)
                if not _type_or_mode(etype) or not (sector is None or isinstance(sector, str)):
                    raise DataFileError(f"{path}: domestic_recipient_types: {etype!r}: {sector!r} is no type -> sector")
                domestic_sectors[etype] = sector
                domestic.add(etype)
            domestic_spec = []
        for etype in domestic_spec:
            domestic_sectors.setdefault(etype, "GOV")
        for section, into in (("same_country_types", same_country), ("subsuming_types", subsuming),
                              ("state_voice_types", state_voice), ("domestic_recipient_types", domestic),
                              ("place_recipient_types", place_recipient), ("object_mode_types", object_mode)):
            if section == "domestic_recipient_types" and not isinstance(data.get(section), list):
                continue  # the mapping form was read above
            for etype in data.get(section) or []:
                known = _type_or_mode(etype) if section == "place_recipient_types" else etype in plover_types()
                if not known:
                    raise DataFileError(f"{path}: {section}: unknown type {etype!r}")
                into.add(etype)
        for etype, items in _mode_cues(data.get("mode_cues"), path).items():
            cues[etype] = items + tuple(c for c in cues.get(etype, ()) if c.mode not in {i.mode for i in items})
        dyad = data.get("require_dyad", False)
        if not isinstance(dyad, bool):
            raise DataFileError(f"{path}: require_dyad must be true or false, not {dyad!r}")
        # PETRARCH's option of that name: once a file sets it, every pattern (shipped ones too)
        # codes an event only when both sides have a country, as that dictionary's users expect
        require_dyad = require_dyad or dyad
        seen: set[str] = set()
        replace = data.get("replace_lemmas", False)
        if not isinstance(replace, bool):
            raise DataFileError(f"{path}: replace_lemmas must be true or false, not {replace!r}")
        if replace:
            # an imported verb dictionary codes its verbs alone: earlier patterns on the same words go
            own = {(lemma, e.get("pos")) for e in data.get("patterns") or [] if isinstance(e, dict)
                   for lemma in _strings(e.get("lemma"), str(path), "lemma")}
            by_id = {k: p for k, p in by_id.items() if not any((lemma, p.pos) in own for lemma in p.lemmas)}
        for n, entry in enumerate(data.get("patterns") or [], start=1):
            pattern = parse_pattern(entry, f"{path}: pattern #{n}")
            if pattern.id in seen:
                raise DataFileError(f"{path}: pattern #{n}: duplicate id {pattern.id!r}")
            seen.add(pattern.id)
            if pattern.id in by_id:
                log.info("pattern %s from %s replaces the earlier one", pattern.id, path)
            by_id[pattern.id] = pattern
    index: dict[tuple[str, str], list[Pattern]] = {}
    constructions: dict[str, list[Pattern]] = {}
    for p in by_id.values():
        if p.construction:
            constructions.setdefault(p.construction, []).append(p)
            continue
        for lemma in p.lemmas:
            index.setdefault((lemma, p.pos or ""), []).append(p)
    return PatternSet(
        patterns=tuple(by_id.values()),
        light_verbs=frozenset(light),
        mode_cues=cues,
        same_country_types=frozenset(same_country),
        subsuming_types=frozenset(subsuming),
        state_voice_types=frozenset(state_voice),
        domestic_recipient_types=frozenset(domestic),
        require_dyad=require_dyad,
        protest_actors=frozenset(protesters),
        diplomatic_protest_sectors=frozenset(diplomatic),
        place_actor_sectors=place_sectors,
        domestic_recipient_sectors=domestic_sectors,
        place_recipient_types=frozenset(place_recipient),
        object_mode_types=frozenset(object_mode),
        threat_content=threats,
        index={k: tuple(sorted(v, key=lambda p: -p.specificity)) for k, v in index.items()},
        constructions={k: tuple(v) for k, v in constructions.items()},
    )


def load_contexts(path: Path = EVENTS_DATA / "contexts.yaml") -> dict[tuple[str, ...], tuple[str, ...]]:
    """Context keywords: lemma sequence -> the contexts it signals.

    Raises:
        DataFileError: the file is not a mapping of context names to word lists.
    """
    data = read_yaml(path, "context keyword file")[0] or {}
    if not isinstance(data, dict):
        raise DataFileError(f"{path}: expected a mapping of context -> keywords")
    table: dict[tuple[str, ...], list[str]] = {}
    for context, words in data.items():
        if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
            raise DataFileError(f"{path}: context {context!r} needs a list of keywords")
        for w in words:
            table.setdefault(tuple(w.lower().split()), []).append(context)
    return {k: tuple(v) for k, v in table.items()}

