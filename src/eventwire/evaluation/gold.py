"""Gold events and predicted events: the two sides an evaluation compares.

A gold file is JSON Lines, one coded sentence (or short text) a line::

    {"id": "g001", "text": "...", "date": "2023-04-02",
     "events": [{"type": "ACCUSE", "mode": "disapprove", "actor": "USA",
                 "recipient": "RUS", "status": "asserted"}]}

An empty ``events`` list says the text has no event. ``tests/data/README.md``
documents every field. :func:`load_gold` validates each line and names the
file and line of anything wrong.

Predicted events come either from :class:`eventwire.records.Event` objects or
from the PLOVER JSON records that :func:`eventwire.records.event_json` writes;
:func:`predicted_from_events` reduces both to :class:`PredictedEvent`.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from eventwire.errors import InputError
from eventwire.knowledge.cameo import plover_types
from eventwire.records import PLOVER_TYPES, STATUSES, Event, iso_date

log = logging.getLogger(__name__)

# The manual gives AGREE, SUPPORT, CONCEDE, COOPERATE and AID no mode table, so gold
# may put any lower-case word there (coders commonly carry the crosswalk's context,
# "military"); every other type takes the modes ``data/events/plover.yaml`` lists,
# the same table the coder codes with.
FREE_MODE_TYPES = frozenset({"AGREE", "SUPPORT", "CONCEDE", "COOPERATE", "AID"})
PLOVER_MODES: dict[str, frozenset[str]] = {
    name: frozenset(t.modes) for name, t in plover_types().items() if name not in FREE_MODE_TYPES
}

_CODE = re.compile(r"^[A-Z]{3}$")
_FREE_MODE = re.compile(r"^[a-z][a-z_-]*$")
_ITEM_KEYS = frozenset({"id", "text", "date", "events", "note"})
_EVENT_KEYS = frozenset({
    "type", "mode", "actor", "recipient", "status", "actor_sector", "recipient_sector", "note",
})


@dataclass(frozen=True, slots=True)
class GoldEvent:
    """One event a careful human coder finds in a gold text.

    ``actor`` and ``recipient`` are country codes (ISO 3166 alpha-3 or a PLOVER
    non-state code such as IGO); None means the text names no country for
    that role, and the scorer then accepts any value there.
    """

    type: str
    mode: str | None = None
    actor: str | None = None
    recipient: str | None = None
    status: str = "asserted"
    actor_sector: str | None = None
    recipient_sector: str | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True)
class GoldItem:
    """A gold text with every event it contains (none for a no-event text)."""

    id: str
    text: str
    date: dt.date | None
    events: tuple[GoldEvent, ...] = ()
    origin: str | None = None  # "path:line" it was read from
    note: str | None = None


@dataclass(frozen=True, slots=True)
class PredictedEvent:
    """The parts of a coded event that the scorer compares with gold."""

    type: str
    mode: str | None = None
    actor: str | None = None
    recipient: str | None = None
    status: str = "asserted"
    event_text: str | None = None


# --- loading gold -----------------------------------------------------------

def load_gold(path: str | Path) -> list[GoldItem]:
    """Read and validate a gold JSONL file.

    Blank lines and lines starting with ``#`` are skipped.

    Raises:
        InputError: naming ``file:line`` and what is wrong, for the first bad line
            (a wrong type, status or mode lists the valid choices).
    """
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise InputError(f"{path}: cannot read gold file: {exc.strerror or exc}") from exc
    items: list[GoldItem] = []
    seen: dict[str, int] = {}
    for number, line in enumerate(lines, start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        where = f"{path}:{number}"
        try:
            raw = json.loads(stripped)
        except json.JSONDecodeError as exc:
            raise InputError(f"{where}: not valid JSON ({exc.msg} at column {exc.colno})") from None
        item = gold_item_from_json(raw, where)
        if item.id in seen:
            raise InputError(f"{where}: id {item.id!r} already used on line {seen[item.id]}")
        seen[item.id] = number
        items.append(item)
    log.debug("read %d gold items from %s", len(items), path)
    return items


def gold_item_from_json(raw: Any, where: str = "<gold>") -> GoldItem:
    """Validate one decoded gold record; ``where`` prefixes every error message.

    Raises:
        InputError: if a field is missing, unknown or has a wrong value.
    """
    if not isinstance(raw, dict):
        raise InputError(f"{where}: a gold line must be a JSON object, got {type(raw).__name__}")
    unknown = sorted(set(raw) - _ITEM_KEYS)
    if unknown:
        raise InputError(f"{where}: unknown field(s) {unknown}; valid fields: {sorted(_ITEM_KEYS)}")
    item_id = raw.get("id")
    if not isinstance(item_id, str) or not item_id.strip():
        raise InputError(f"{where}: 'id' must be a non-empty string")
    where = f"{where} (id {item_id!r})"
    text = raw.get("text")
    if not isinstance(text, str) or not text.strip():
        raise InputError(f"{where}: 'text' must be a non-empty string")
    date = _date(raw.get("date"), where)
    events = raw.get("events")
    if not isinstance(events, list):
        raise InputError(f"{where}: 'events' must be a list (empty for a text with no event)")
    gold_events = tuple(_gold_event(e, f"{where} event {i + 1}") for i, e in enumerate(events))
    note = raw.get("note")
    if note is not None and not isinstance(note, str):
        raise InputError(f"{where}: 'note' must be a string")
    return GoldItem(id=item_id, text=text, date=date, events=gold_events, origin=where, note=note)


def _date(value: Any, where: str) -> dt.date | None:
    try:
        return iso_date(value)
    except ValueError:
        raise InputError(f"{where}: 'date' must be YYYY-MM-DD or null, got {value!r}") from None


def _gold_event(raw: Any, where: str) -> GoldEvent:
    if not isinstance(raw, dict):
        raise InputError(f"{where}: an event must be a JSON object")
    unknown = sorted(set(raw) - _EVENT_KEYS)
    if unknown:
        raise InputError(f"{where}: unknown field(s) {unknown}; valid fields: {sorted(_EVENT_KEYS)}")
    etype = raw.get("type")
    if etype not in PLOVER_TYPES:
        raise InputError(f"{where}: type {etype!r} is not a PLOVER type; valid types: {', '.join(PLOVER_TYPES)}")
    status = raw.get("status", "asserted")
    if status not in STATUSES:
        raise InputError(f"{where}: status {status!r} is not valid; valid statuses: {', '.join(STATUSES)}")
    mode = raw.get("mode")
    if mode is not None:
        valid = PLOVER_MODES.get(etype)
        if valid is not None and mode not in valid:
            raise InputError(f"{where}: mode {mode!r} is not a {etype} mode; valid modes: {', '.join(sorted(valid))}")
        if valid is None and not (isinstance(mode, str) and _FREE_MODE.match(mode)):
            raise InputError(f"{where}: mode {mode!r} must be a lower-case word or null")
    codes = {}
    for key in ("actor", "recipient", "actor_sector", "recipient_sector"):
        value = raw.get(key)
        if value is not None and not (isinstance(value, str) and _CODE.match(value)):
            raise InputError(f"{where}: {key} {value!r} must be a three-letter upper-case code or null")
        codes[key] = value
    note = raw.get("note")
    if note is not None and not isinstance(note, str):
        raise InputError(f"{where}: 'note' must be a string")
    return GoldEvent(type=etype, mode=mode, status=status, note=note, **codes)


# --- predicted events -------------------------------------------------------

def predicted_event(record: Event | Mapping[str, Any]) -> tuple[str, PredictedEvent]:
    """The article id and comparable parts of one coded event.

    Accepts a :class:`~eventwire.records.Event` or a PLOVER JSON record as
    :func:`~eventwire.records.event_json` writes it.

    Raises:
        InputError: if a JSON record lacks ``article_id`` or ``event``.
    """
    if isinstance(record, Event):
        return record.article_id, PredictedEvent(
            type=record.event,
            mode=record.mode,
            actor=record.actor.country if record.actor else None,
            recipient=record.recipient.country if record.recipient else None,
            status=record.attribution.status,
            event_text=record.event_text,
        )
    if not isinstance(record, Mapping):
        raise InputError(f"expected an Event or a PLOVER JSON object, got {type(record).__name__}")
    article_id, etype = record.get("article_id"), record.get("event")
    if article_id is None or not isinstance(etype, str):
        raise InputError(
            f"event record {record.get('id')!r} lacks 'article_id' or 'event'; "
            "expected PLOVER JSON as 'eventwire code' writes it"
        )
    attribution = record.get("attribution") or {}
    return str(article_id), PredictedEvent(
        type=etype,
        mode=record.get("mode"),
        actor=_country(record.get("actor")),
        recipient=_country(record.get("recipient")),
        status=attribution.get("status") or "asserted",
        event_text=record.get("event_text"),
    )


def _country(entity: Any) -> str | None:
    if isinstance(entity, Mapping):
        return entity.get("country")
    return None


def predicted_from_events(events: Iterable[Event | Mapping[str, Any]]) -> dict[str, list[PredictedEvent]]:
    """Group coded events (records or PLOVER JSON dicts) by article id, in input order."""
    grouped: dict[str, list[PredictedEvent]] = {}
    for record in events:
        article_id, predicted = predicted_event(record)
        grouped.setdefault(article_id, []).append(predicted)
    return grouped


def load_predicted(path: str | Path) -> dict[str, list[PredictedEvent]]:
    """Read a PLOVER JSONL events file and group its events by article id.

    Raises:
        InputError: naming ``file:line`` of a line that is not a PLOVER event record.
    """
    path = Path(path)
    records: list[dict[str, Any]] = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise InputError(f"{path}: cannot read events file: {exc.strerror or exc}") from exc
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            predicted_event(record)
        except json.JSONDecodeError as exc:
            raise InputError(f"{path}:{number}: not valid JSON ({exc.msg} at column {exc.colno})") from None
        except InputError as exc:
            raise InputError(f"{path}:{number}: {exc}") from None
        records.append(record)
    return predicted_from_events(records)
