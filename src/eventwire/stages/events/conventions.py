"""Events: the PLOVER conventions the stage's own rules apply, read from ``data/events/conventions.yaml``.

The rules themselves are code (:mod:`.coding`, :mod:`.rules`); the words they
look for, the types they apply to and the CAMEO codes they give are data.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from eventwire.errors import DataFileError
from eventwire.knowledge.cameo import EVENTS_DATA, cameo_table, plover_types, recode
from eventwire.knowledge.datafile import node_line, read_yaml
from eventwire.records import PLOVER_SECTORS, Event

CONVENTIONS_FILE = EVENTS_DATA / "conventions.yaml"


@dataclass(frozen=True, slots=True)
class Recode:
    """An event recoded by a convention: its new type, mode (None: no mode) and CAMEO code."""

    type: str
    mode: str | None
    cameo: str

    def apply(self, coded: Event, /, **changes: Any) -> Event:
        """The event under its new type, mode and CAMEO code (with its Goldstein score and QuadClass)."""
        return recode(coded, self.cameo, event=self.type, mode=self.mode, **changes)


@dataclass(frozen=True, slots=True)
class Conventions:
    """What ``conventions.yaml`` holds; see the comments there for what each convention means."""

    state_sector: str
    victim_types: frozenset[str]
    diplomatic_protest: Recode
    state_protest_modes: frozenset[str]
    promise_verbs: frozenset[str]
    future_frames: frozenset[str]
    offer_verbs: frozenset[str]
    performed_contents: frozenset[str]
    promised_cooperation: dict[str, str]
    promise_cameo: str
    threat: Recode
    announced_retreat: Recode
    protest_demand: Recode
    request_preps: frozenset[str]
    authority_sectors: frozenset[str | None]
    protest_topic_types: frozenset[str]
    topic_types: frozenset[str]
    topic_preps: frozenset[str]
    attack_preps: frozenset[str]
    natural_causes: frozenset[str]
    accident_verbs: frozenset[str]
    weapon_causes: frozenset[str]
    violence_types: frozenset[str]
    cause_preps: frozenset[str]
    blast_causes: frozenset[str]
    natural_targets: frozenset[str]
    social_ills: frozenset[str]
    occurrence_verbs: frozenset[str]
    refusal_verbs: frozenset[str]
    refusal_modals: frozenset[str]
    refused: dict[str, str]
    awaited_marks: frozenset[str]
    intent_frames: frozenset[str]
    promised_retreat: Recode
    yield_intent_modes: frozenset[str]
    obligation_modals: frozenset[str]
    punitive_call: Recode
    content_preps: frozenset[str]
    condition_marks: frozenset[str]
    riot: Recode
    declaring_verbs: frozenset[str]
    emergency_types: frozenset[str]
    emergency_preps: frozenset[str]
    preventing_verbs: frozenset[str]
    people_nouns: frozenset[str]
    people_quantities: frozenset[str]
    people_partitives: frozenset[str]
    force_nouns: frozenset[str]
    background_deps: frozenset[str]
    background_marks: frozenset[str]
    background_preps: frozenset[str]


def _words(value: Any, where: str) -> frozenset[str]:
    if not isinstance(value, list) or not all(isinstance(w, str) for w in value):
        raise DataFileError(f"{where} must be a list of words, not {value!r}")
    return frozenset(w.lower() for w in value)


def _type(value: Any, where: str) -> str:
    if value not in plover_types():
        raise DataFileError(f"{where}: unknown PLOVER type {value!r}; valid: {', '.join(plover_types())}")
    return value


def _types(value: Any, where: str) -> frozenset[str]:
    if not isinstance(value, list):
        raise DataFileError(f"{where} must be a list of PLOVER types, not {value!r}")
    return frozenset(_type(t, where) for t in value)


def _sector(value: Any, where: str) -> str | None:
    if value is not None and value not in PLOVER_SECTORS:
        raise DataFileError(f"{where}: unknown sector {value!r}; valid: {', '.join(sorted(PLOVER_SECTORS))}, null")
    return value


def _sectors(value: Any, where: str) -> frozenset[str | None]:
    if not isinstance(value, list):
        raise DataFileError(f"{where} must be a list of sectors, not {value!r}")
    return frozenset(_sector(s, where) for s in value)


def _cameo(value: Any, where: str) -> str:
    code = str(value)
    if code not in cameo_table():
        raise DataFileError(f"{where}: unknown CAMEO code {code!r}")
    return code


def _codes(value: Any, where: str) -> dict[str, str]:
    if not isinstance(value, dict):
        raise DataFileError(f"{where} must map PLOVER types to CAMEO codes, not {value!r}")
    return {_type(t, where): _cameo(c, where) for t, c in value.items()}


def _recode(value: Any, where: str) -> Recode:
    if not isinstance(value, dict) or set(value) - {"type", "mode", "cameo"} or "cameo" not in value:
        raise DataFileError(f"{where} must be {{type: <PLOVER type>, mode: <its mode or null>, cameo: <CAMEO code>}}")
    etype = _type(value.get("type"), where)
    mode = value.get("mode")
    if mode is not None and mode not in plover_types()[etype].modes:
        raise DataFileError(f"{where}: unknown mode {mode!r} for {etype}; valid: {', '.join(plover_types()[etype].modes)}")
    return Recode(etype, mode, _cameo(value["cameo"], where))


def _one_sector(value: Any, where: str) -> str:
    sector = _sector(value, where)
    if sector is None:
        raise DataFileError(f"{where} must be a sector code")
    return sector


READERS: dict[str, Callable[[Any, str], Any]] = {
    "state_sector": _one_sector,
    "victim_types": _types,
    "diplomatic_protest": _recode,
    "state_protest_modes": _words,
    "promise_verbs": _words,
    "future_frames": _words,
    "offer_verbs": _words,
    "performed_contents": _types,
    "promised_cooperation": _codes,
    "promise_cameo": _cameo,
    "threat": _recode,
    "announced_retreat": _recode,
    "protest_demand": _recode,
    "request_preps": _words,
    "authority_sectors": _sectors,
    "protest_topic_types": _types,
    "topic_types": _types,
    "topic_preps": _words,
    "attack_preps": _words,
    "natural_causes": _words,
    "accident_verbs": _words,
    "weapon_causes": _words,
    "violence_types": _types,
    "cause_preps": _words,
    "blast_causes": _words,
    "natural_targets": _words,
    "social_ills": _words,
    "occurrence_verbs": _words,
    "refusal_verbs": _words,
    "refusal_modals": _words,
    "refused": _codes,
    "awaited_marks": _words,
    "intent_frames": _words,
    "promised_retreat": _recode,
    "yield_intent_modes": _words,
    "obligation_modals": _words,
    "punitive_call": _recode,
    "content_preps": _words,
    "condition_marks": _words,
    "riot": _recode,
    "declaring_verbs": _words,
    "emergency_types": _types,
    "emergency_preps": _words,
    "preventing_verbs": _words,
    "people_nouns": _words,
    "people_quantities": _words,
    "people_partitives": _words,
    "force_nouns": _words,
    "background_deps": _words,
    "background_marks": _words,
    "background_preps": _words,
}


@functools.lru_cache(maxsize=4)
def load_conventions(path: Path = CONVENTIONS_FILE) -> Conventions:
    """The conventions of ``conventions.yaml``, read once per process.

    Raises:
        DataFileError: a missing or unknown convention, or a bad word, type, sector or CAMEO code,
            naming the file and line.
    """
    data, root = read_yaml(path, "conventions file")
    if not isinstance(data, dict):
        raise DataFileError(f"{path}: a conventions file is a mapping; expected: {', '.join(READERS)}")
    unknown = sorted(set(data) - set(READERS))
    if unknown:
        raise DataFileError(f"{path}:{node_line(root, unknown[0])}: unknown convention(s) {unknown}; valid: {', '.join(READERS)}")
    missing = [key for key in READERS if key not in data]
    if missing:
        raise DataFileError(f"{path}: convention(s) missing: {', '.join(missing)}")
    return Conventions(**{key: read(data[key], f"{path}:{node_line(root, key)}: {key}") for key, read in READERS.items()})
