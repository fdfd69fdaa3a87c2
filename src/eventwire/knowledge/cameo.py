"""CAMEO codes and the PLOVER crosswalk: names, Goldstein scores, QuadClass.

The tables live in ``data/events/`` (derived from the CAMEO codebook table of
andybega/icews and PLOVER's CAMEO2PLOVER-2021; see the README there).
"""

from __future__ import annotations

import csv
import dataclasses
import functools
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from eventwire.errors import DataFileError
from eventwire.records import PLOVER_TYPES, Event
from eventwire.settings import DATA_DIR

log = logging.getLogger(__name__)

EVENTS_DATA = DATA_DIR / "events"
DROPPED_FAMILIES = frozenset({"01", "02"})  # PLOVER drops CAMEO statements and appeals
QUAD_NAMES = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict"}


@dataclass(frozen=True, slots=True)
class CameoCode:
    """One CAMEO code with its name, Goldstein score and QuadClass."""

    code: str
    name: str
    goldstein: float
    quad_class: int


@dataclass(frozen=True, slots=True)
class PloverType:
    """A PLOVER event type: its modes and whether it needs a recipient."""

    name: str
    modes: tuple[str, ...]
    requires_recipient: bool


@functools.lru_cache(maxsize=1)
def cameo_table() -> dict[str, CameoCode]:
    """All CAMEO codes by code."""
    path = EVENTS_DATA / "cameo.csv"
    table: dict[str, CameoCode] = {}
    with path.open(encoding="utf-8", newline="") as f:
        for line, row in enumerate(csv.DictReader(f), start=2):
            try:
                table[row["code"]] = CameoCode(row["code"], row["name"], float(row["goldstein"]), int(row["quad_class"]))
            except (KeyError, ValueError, TypeError) as e:
                raise DataFileError(f"{path}:{line}: bad CAMEO row {row!r}: {e}") from None
    return table


@functools.lru_cache(maxsize=1)
def crosswalk() -> tuple[tuple[str, str, str | None, tuple[str, ...]], ...]:
    """Rows (cameo, PLOVER type, mode or None, contexts) of the CAMEO->PLOVER table."""
    path = EVENTS_DATA / "cameo_plover.csv"
    rows = []
    with path.open(encoding="utf-8", newline="") as f:
        for line, row in enumerate(csv.DictReader(f), start=2):
            if row.get("event") not in PLOVER_TYPES:
                raise DataFileError(f"{path}:{line}: unknown PLOVER type {row.get('event')!r}")
            contexts = tuple(c for c in (row.get("context") or "").split(";") if c)
            rows.append((row["cameo"], row["event"], row.get("mode") or None, contexts))
    return tuple(rows)


@functools.lru_cache(maxsize=1)
def plover_types() -> dict[str, PloverType]:
    """PLOVER event types with their modes, from ``plover.yaml``."""
    path = EVENTS_DATA / "plover.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    types = {}
    for name, spec in (data.get("types") or {}).items():
        if name not in PLOVER_TYPES:
            raise DataFileError(f"{path}: unknown PLOVER type {name!r}; valid: {', '.join(PLOVER_TYPES)}")
        types[name] = PloverType(name, tuple(spec.get("modes") or ()), bool(spec.get("requires_recipient")))
    missing = set(PLOVER_TYPES) - set(types)
    if missing:
        raise DataFileError(f"{path}: types missing: {sorted(missing)}")
    return types


def cameo_name(code: str) -> str | None:
    """The CAMEO name of ``code`` ("173" -> "Arrest, detain, or charge with legal action"), or None."""
    entry = cameo_table().get(code)
    return entry.name if entry else None


def goldstein(code: str | None) -> float | None:
    """The Goldstein score of a CAMEO code, or None for an unknown code."""
    entry = cameo_table().get(code or "")
    return entry.goldstein if entry else None


def quad_class(code: str | None) -> int | None:
    """The QuadClass (1-4) of a CAMEO code, or None for an unknown code."""
    entry = cameo_table().get(code or "")
    return entry.quad_class if entry else None


def cameo_fields(code: str | None) -> dict[str, Any]:
    """An event's CAMEO fields for ``code``: the code, its Goldstein score and its QuadClass."""
    return {"cameo": code, "goldstein": goldstein(code), "quad_code": quad_class(code)}


def recode(coded: Event, code: str | None, /, **changes: Any) -> Event:
    """The event with a new CAMEO code, which brings its own Goldstein score and QuadClass,
    and any other field ``changes`` (a new type with ``event=``, a new mode)."""
    return dataclasses.replace(coded, **cameo_fields(code), **changes)


@functools.lru_cache(maxsize=256)
def default_cameo(event: str, mode: str | None = None) -> str | None:
    """The most general CAMEO code the crosswalk gives for a PLOVER type and mode.

    Falls back to the type's most general code when no row has that mode.
    """
    rows = [r for r in crosswalk() if r[1] == event]
    with_mode = [r for r in rows if mode and r[2] == mode]
    pick = with_mode or rows
    if not pick:
        return None
    return min(pick, key=lambda r: (len(r[0]), not r[0].endswith("0"), r[0]))[0]


DROPPED = ("DROPPED", None)


class CameoMapper:
    """CAMEO code -> (PLOVER type, mode) through the crosswalk.

    A code the crosswalk lacks is reduced as the PLOVER manual advises:
    trailing letters dropped ("174L"), then its 4- and 3-digit prefixes, then
    its 2-digit cue category (the category's base code, "095" -> "090", with
    no mode). CAMEO 01 (public statement) and 02 (appeal) give
    :data:`DROPPED`: PLOVER does not code them.
    """

    def __init__(self, rows: Iterable[tuple[str, str, str | None, tuple[str, ...]]] | None = None) -> None:
        if rows is None:
            rows = crosswalk()
        self.table: dict[str, tuple[str, str | None]] = {}
        for cameo, event, mode, _contexts in rows:
            self.table.setdefault(cameo, (event, mode))

    def __call__(self, code: str) -> tuple[str, str | None] | None:
        """The PLOVER type and mode of ``code``, :data:`DROPPED` for CAMEO 01/02, or None."""
        digits = re.sub(r"\D", "", code)
        if len(digits) < 2:
            return None
        if digits[:2] in DROPPED_FAMILIES:
            return DROPPED
        for candidate in (digits, digits[:4], digits[:3]):
            if candidate in self.table:
                return self.table[candidate]
        family = self.table.get(digits[:2] + "0")
        return (family[0], None) if family else None
