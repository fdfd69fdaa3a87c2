"""Event patterns: loading, validating and indexing the pattern data files.

The shipped ``data/events/patterns.yaml`` is read first, then each user file:
a user file adds patterns, replaces them by id, and extends the sections of
coding conventions (word lists, type lists, type mappings).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from eventwire.errors import DataFileError
from eventwire.knowledge.cameo import EVENTS_DATA, cameo_table, plover_types
from eventwire.knowledge.datafile import read_yaml
from eventwire.records import Actor, actor_code
from eventwire.stages.events.pattern import Pattern, parse_pattern, words

log = logging.getLogger(__name__)

# sections that are lists of words (diplomatic_protest_sectors: of sector codes)
WORD_SECTIONS = ("light_verbs", "protest_actors", "diplomatic_protest_sectors")
# sections that are lists of PLOVER types; place_recipient_types takes "TYPE/mode" too
TYPE_SECTIONS = ("same_country_types", "subsuming_types", "state_voice_types", "domestic_recipient_types",
                 "place_recipient_types", "object_mode_types")
SECTIONS = {"patterns", "mode_cues", "replace_lemmas", "require_dyad", "place_actor_sectors", "threat_content",
            *WORD_SECTIONS, *TYPE_SECTIONS}


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

    def domestic_recipient(self, key: str, country: str) -> Actor:
        """The recipient an untargeted event of ``domestic_recipient_types`` (a type or "TYPE/mode")
        is addressed to: the sector of the actor's own country the section gives."""
        sector = self.domestic_recipient_sectors[key]
        return Actor(actor_code(country, sector), country, sector)

    def lands_on_place(self, etype: str, mode: str | None) -> bool:
        """True when an event of this type and mode with no party to act on lands on the place it names
        (``place_recipient_types``, by type or by "TYPE/mode")."""
        return etype in self.place_recipient_types or f"{etype}/{mode}" in self.place_recipient_types

    def threat_of(self, etype: str, mode: str | None, default: str) -> tuple[str | None, str]:
        """The THREATEN mode and CAMEO code of a threat whose content is an event of this type and mode
        (``threat_content``, by "TYPE/mode" first, then by type); no mode and ``default`` otherwise."""
        return self.threat_content.get(f"{etype}/{mode}") or self.threat_content.get(etype) or (None, default)


def _type_or_mode(key: Any) -> bool:
    """True for a PLOVER type name or a "TYPE/mode" pair of a type and one of its modes."""
    if not isinstance(key, str):
        return False
    etype, _, mode = key.partition("/")
    known = plover_types().get(etype)
    return known is not None and (not mode or mode in known.modes)


def _read(path: Path) -> dict[str, Any]:
    data = read_yaml(path, "pattern file")[0] or {}
    if not isinstance(data, dict):
        raise DataFileError(f"{path}: a pattern file is a mapping with 'patterns' (and optionally 'light_verbs', 'mode_cues')")
    unknown = set(data) - SECTIONS
    if unknown:
        raise DataFileError(f"{path}: unknown section(s) {sorted(unknown)}; valid: {', '.join(sorted(SECTIONS))}")
    return data


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
            items.append(ModeCue(mode, frozenset(words(spec.get("words"), where, "words")), cameo))
        cues[etype] = tuple(items)
    return cues


class PatternSetBuilder:
    """Reads pattern files one after the other into one :class:`PatternSet`."""

    def __init__(self) -> None:
        self.by_id: dict[str, Pattern] = {}
        self.words: dict[str, set[str]] = {section: set() for section in WORD_SECTIONS}
        self.types: dict[str, set[str]] = {section: set() for section in TYPE_SECTIONS}
        self.place_actor_sectors: dict[str, str] = {}
        self.domestic_recipient_sectors: dict[str, str | None] = {}
        self.threat_content: dict[str, tuple[str | None, str]] = {}
        self.mode_cues: dict[str, tuple[ModeCue, ...]] = {}
        self.require_dyad = False

    def read(self, path: Path, shipped: bool = False) -> None:
        """Add one pattern file: its sections extend what is read so far, its patterns replace by id
        (a shipped file may not replace another shipped file's pattern).

        Raises:
            DataFileError: naming the file (and entry) of a malformed section or pattern.
        """
        data = _read(path)
        for section in WORD_SECTIONS:
            found = words(data.get(section), str(path), section)
            if section == "diplomatic_protest_sectors":
                found = tuple(w.upper() for w in found)  # sector codes
            self.words[section].update(found)
        self._read_place_actor_sectors(data.get("place_actor_sectors") or {}, path)
        self._read_threat_content(data.get("threat_content") or {}, path)
        self._read_domestic_sectors(data.get("domestic_recipient_types") or [], path)
        self._read_type_lists(data, path)
        for etype, items in _mode_cues(data.get("mode_cues"), path).items():
            self.mode_cues[etype] = items + tuple(c for c in self.mode_cues.get(etype, ()) if c.mode not in {i.mode for i in items})
        dyad = data.get("require_dyad", False)
        if not isinstance(dyad, bool):
            raise DataFileError(f"{path}: require_dyad must be true or false, not {dyad!r}")
        # PETRARCH's option of that name: once a file sets it, every pattern (shipped ones too)
        # codes an event only when both sides have a country, as that dictionary's users expect
        self.require_dyad = self.require_dyad or dyad
        self._read_patterns(data, path, shipped)

    def _read_place_actor_sectors(self, sectors: Any, path: Path) -> None:
        if not isinstance(sectors, dict):
            raise DataFileError(f"{path}: place_actor_sectors maps an event type to a sector code")
        for etype, sector in sectors.items():
            if etype not in plover_types() or not isinstance(sector, str):
                raise DataFileError(f"{path}: place_actor_sectors: {etype!r}: {sector!r} is no type -> sector code")
            self.place_actor_sectors[etype] = sector

    def _read_threat_content(self, content: dict, path: Path) -> None:
        for etype, spec in content.items():
            where = f"{path}: threat_content.{etype}"
            if not _type_or_mode(etype) or not isinstance(spec, dict) or str(spec.get("cameo")) not in cameo_table():
                raise DataFileError(f"{where}: needs a PLOVER type (or TYPE/mode) and {{cameo: <CAMEO code>, mode: <THREATEN mode>}}")
            mode = spec.get("mode")
            if mode is not None and mode not in plover_types()["THREATEN"].modes:
                raise DataFileError(f"{where}: unknown THREATEN mode {mode!r}")
            self.threat_content[etype] = (mode, str(spec["cameo"]))

    def _read_domestic_sectors(self, spec: Any, path: Path) -> None:
        """``domestic_recipient_types``: a list (the government is addressed) or type -> sector (null: the country)."""
        if not isinstance(spec, dict):
            for etype in spec:
                self.domestic_recipient_sectors.setdefault(etype, "GOV")
            return
        for etype, sector in spec.items():
            # a key is a type or "TYPE/mode" ("RETREAT/resign": a resignation, not every retreat)
            if not _type_or_mode(etype) or not (sector is None or isinstance(sector, str)):
                raise DataFileError(f"{path}: domestic_recipient_types: {etype!r}: {sector!r} is no type -> sector")
            self.domestic_recipient_sectors[etype] = sector
            self.types["domestic_recipient_types"].add(etype)

    def _read_type_lists(self, data: dict, path: Path) -> None:
        for section in TYPE_SECTIONS:
            if section == "domestic_recipient_types" and not isinstance(data.get(section), list):
                continue  # the mapping form is read with the sectors
            for etype in data.get(section) or []:
                known = _type_or_mode(etype) if section == "place_recipient_types" else etype in plover_types()
                if not known:
                    raise DataFileError(f"{path}: {section}: unknown type {etype!r}")
                self.types[section].add(etype)

    def _read_patterns(self, data: dict, path: Path, shipped: bool = False) -> None:
        replace = data.get("replace_lemmas", False)
        if not isinstance(replace, bool):
            raise DataFileError(f"{path}: replace_lemmas must be true or false, not {replace!r}")
        if replace:
            # an imported verb dictionary codes its verbs alone: earlier patterns on the same words go
            own = {(lemma, e.get("pos")) for e in data.get("patterns") or [] if isinstance(e, dict)
                   for lemma in words(e.get("lemma"), str(path), "lemma")}
            self.by_id = {k: p for k, p in self.by_id.items() if not any((lemma, p.pos) in own for lemma in p.lemmas)}
        seen: set[str] = set()
        for n, entry in enumerate(data.get("patterns") or [], start=1):
            pattern = parse_pattern(entry, f"{path}: pattern #{n}")
            if pattern.id in seen:
                raise DataFileError(f"{path}: pattern #{n}: duplicate id {pattern.id!r}")
            seen.add(pattern.id)
            if pattern.id in self.by_id:
                if shipped:
                    raise DataFileError(f"{path}: pattern #{n}: id {pattern.id!r} is already defined in {self.by_id[pattern.id].source}")
                log.info("pattern %s from %s replaces the earlier one", pattern.id, path)
            self.by_id[pattern.id] = pattern

    def build(self) -> PatternSet:
        """The pattern set of every file read, indexed by (lemma, pos), most specific pattern first."""
        index: dict[tuple[str, str], list[Pattern]] = {}
        constructions: dict[str, list[Pattern]] = {}
        for p in self.by_id.values():
            if p.construction:
                constructions.setdefault(p.construction, []).append(p)
                continue
            for lemma in p.lemmas:
                index.setdefault((lemma, p.pos or ""), []).append(p)
        return PatternSet(
            patterns=tuple(self.by_id.values()),
            mode_cues=self.mode_cues,
            require_dyad=self.require_dyad,
            place_actor_sectors=self.place_actor_sectors,
            domestic_recipient_sectors=self.domestic_recipient_sectors,
            threat_content=self.threat_content,
            index={k: tuple(sorted(v, key=lambda p: -p.specificity)) for k, v in index.items()},
            constructions={k: tuple(v) for k, v in constructions.items()},
            **{section: frozenset(words) for section, words in self.words.items()},
            **{section: frozenset(types) for section, types in self.types.items()},
        )


def shipped_pattern_files() -> tuple[Path, ...]:
    """The shipped pattern files: ``patterns.yaml`` (conventions and core patterns), then the
    lexicon by quad class (``lexicon/*.yaml``)."""
    return (EVENTS_DATA / "patterns.yaml", *sorted((EVENTS_DATA / "lexicon").glob("*.yaml")))


def load_patterns(extra: Iterable[Path] = ()) -> PatternSet:
    """Load the shipped patterns, then user files that add patterns or replace them by id.

    Raises:
        DataFileError: naming the file and entry of a malformed pattern, or a shipped pattern id
            that two shipped files both define.
    """
    builder = PatternSetBuilder()
    for path in shipped_pattern_files():
        builder.read(path, shipped=True)
    for path in map(Path, extra):
        builder.read(path)
    return builder.build()
