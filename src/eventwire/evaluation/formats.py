"""Reading gold files in the three formats: which format a record is in, and its validation.

Every message starts with the ``file:line`` of the record and its id, and says
what a valid value looks like.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from pathlib import Path
from typing import Any

from eventwire.errors import InputError
from eventwire.evaluation.gold import (
    ALTERNATIVE,
    COUNTRY,
    LOCATION,
    SPAN,
    GoldEvent,
    GoldItem,
    Item,
    LocationItem,
    Span,
    json_lines,
)
from eventwire.evaluation.words import content_words
from eventwire.knowledge.cameo import plover_types
from eventwire.records import PLOVER_TYPES, STATUSES, iso_date

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
_LOCATION_KEYS = frozenset({"id", "text", "date", "trigger", "locations", "note"})
_COUNTRY_FIELDS = frozenset({"mode", "actor", "recipient", "status", "actor_sector", "recipient_sector"})
_SPAN_FIELDS = frozenset({"actor_text", "recipient_text"})
_EVENT_KEYS = {
    COUNTRY: frozenset({"type", "note"}) | _COUNTRY_FIELDS,
    SPAN: frozenset({"type", "note"}) | _SPAN_FIELDS,
}


def load_gold(path: str | Path) -> list[Item]:
    """Read and validate a gold JSONL file of any of the three formats.

    The format is recognised from the records. Blank lines and lines starting
    with ``#`` are skipped.

    Raises:
        InputError: naming ``file:line`` and what is wrong, for the first bad
            line (a wrong type, status or mode lists the valid choices), a
            repeated id, or a record of another format than the file's.
    """
    records = [(f"{path}:{number}", number, raw) for number, raw in json_lines(path, "gold file")]
    fmt, first = COUNTRY, 0
    for where, number, raw in records:
        found = record_format(raw, where)
        if found is None:
            continue
        if not first:
            fmt, first = found, number
        elif found != fmt:
            raise InputError(f"{where}: a {found} gold record, but line {first} is {fmt} gold; "
                             "one file holds one format")
    items: list[Item] = []
    seen: dict[str, int] = {}
    for where, number, raw in records:
        item = item_from_json(raw, where, fmt)
        if item.id in seen:
            raise InputError(f"{where}: id {item.id!r} already used on line {seen[item.id]}")
        seen[item.id] = number
        items.append(item)
    log.debug("read %d %s gold items from %s", len(items), fmt, path)
    return items


def record_format(raw: Any, where: str) -> str | None:
    """The format a decoded gold record is written in, or None when it would fit either event format.

    Raises:
        InputError: if one record's events mix country and span fields.
    """
    if not isinstance(raw, dict):
        return None
    if {"trigger", "locations"} & raw.keys():
        return LOCATION
    events = raw.get("events")
    keys = set().union(*(e.keys() for e in events if isinstance(e, dict))) if isinstance(events, list) else set()
    span, country = sorted(keys & _SPAN_FIELDS), sorted(keys & _COUNTRY_FIELDS)
    if span and country:
        raise InputError(f"{where}: events mix country gold fields {country} and span gold fields {span}; "
                         "one file holds one format")
    return SPAN if span else COUNTRY if country else None


def item_from_json(raw: Any, where: str, fmt: str) -> Item:
    """Validate one decoded gold record of format ``fmt``; ``where`` prefixes every error message.

    Raises:
        InputError: if a field is missing, unknown or has a wrong value.
    """
    if fmt == LOCATION:
        return location_item_from_json(raw, where)
    return gold_item_from_json(raw, where, fmt)


def gold_item_from_json(raw: Any, where: str = "<gold>", fmt: str = COUNTRY) -> GoldItem:
    """Validate one decoded country (or, with ``fmt=SPAN``, span) gold record.

    Raises:
        InputError: if a field is missing, unknown or has a wrong value.
    """
    item_id, text, date, note, where = _text_fields(raw, where, _ITEM_KEYS)
    events = raw.get("events")
    if not isinstance(events, list):
        raise InputError(f"{where}: 'events' must be a list (empty for a text with no event)")
    read = _span_event if fmt == SPAN else _country_event
    gold_events = tuple(read(e, f"{where} event {i + 1}", text) for i, e in enumerate(events))
    return GoldItem(id=item_id, text=text, date=date, events=gold_events, origin=where, note=note, format=fmt)


def location_item_from_json(raw: Any, where: str = "<gold>") -> LocationItem:
    """Validate one decoded event-location gold record.

    Raises:
        InputError: if a field is missing, unknown or has a wrong value, or a
            span's offsets do not give its text.
    """
    item_id, text, date, note, where = _text_fields(raw, where, _LOCATION_KEYS)
    trigger = _span(raw.get("trigger"), f"{where} trigger", text)
    locations = raw.get("locations")
    if not isinstance(locations, list):
        raise InputError(f"{where}: 'locations' must be a list of spans (empty when the text gives no place)")
    places = tuple(_span(s, f"{where} location {i + 1}", text) for i, s in enumerate(locations))
    return LocationItem(id=item_id, text=text, date=date, trigger=trigger, locations=places, origin=where, note=note)


# --- parts --------------------------------------------------------------------

def _text_fields(raw: Any, where: str, keys: frozenset[str]) -> tuple[str, str, dt.date | None, str | None, str]:
    if not isinstance(raw, dict):
        raise InputError(f"{where}: a gold line must be a JSON object, got {type(raw).__name__}")
    _known_keys(raw, keys, where)
    item_id = raw.get("id")
    if not isinstance(item_id, str) or not item_id.strip():
        raise InputError(f"{where}: 'id' must be a non-empty string")
    where = f"{where} (id {item_id!r})"
    text = raw.get("text")
    if not isinstance(text, str) or not text.strip():
        raise InputError(f"{where}: 'text' must be a non-empty string")
    return item_id, text, _date(raw.get("date"), where), _note(raw, where), where


def _known_keys(raw: dict[str, Any], keys: frozenset[str], where: str) -> None:
    unknown = sorted(set(raw) - keys)
    if unknown:
        raise InputError(f"{where}: unknown field(s) {unknown}; valid fields: {sorted(keys)}")


def _note(raw: dict[str, Any], where: str) -> str | None:
    note = raw.get("note")
    if note is not None and not isinstance(note, str):
        raise InputError(f"{where}: 'note' must be a string")
    return note


def _date(value: Any, where: str) -> dt.date | None:
    try:
        return iso_date(value)
    except ValueError:
        raise InputError(f"{where}: 'date' must be YYYY-MM-DD or null, got {value!r}") from None


def _event_type(raw: dict[str, Any], where: str) -> str:
    etype = raw.get("type")
    parts = etype.split(ALTERNATIVE) if isinstance(etype, str) else [etype]
    if any(p not in PLOVER_TYPES for p in parts) or len(set(parts)) < len(parts):
        raise InputError(f"{where}: type {etype!r} is not a PLOVER type or alternatives such as "
                         f"'CONCEDE|RETREAT'; valid types: {', '.join(PLOVER_TYPES)}")
    return etype


def _event_start(raw: Any, where: str, fmt: str) -> str:
    if not isinstance(raw, dict):
        raise InputError(f"{where}: an event must be a JSON object")
    _known_keys(raw, _EVENT_KEYS[fmt], where)
    return _event_type(raw, where)


def _country_event(raw: Any, where: str, _text: str) -> GoldEvent:
    etype = _event_start(raw, where, COUNTRY)
    status = raw.get("status", "asserted")
    if status not in STATUSES:
        raise InputError(f"{where}: status {status!r} is not valid; valid statuses: {', '.join(STATUSES)}")
    mode = raw.get("mode")
    if mode is not None:
        _check_mode(mode, etype, where)
    codes = {}
    for key in ("actor", "recipient", "actor_sector", "recipient_sector"):
        value = raw.get(key)
        if value is not None and not (isinstance(value, str) and _CODE.match(value)):
            raise InputError(f"{where}: {key} {value!r} must be a three-letter upper-case code or null")
        codes[key] = value
    return GoldEvent(type=etype, mode=mode, status=status, note=_note(raw, where), **codes)


def _check_mode(mode: Any, etype: str, where: str) -> None:
    valid = set().union(*(PLOVER_MODES.get(t, ()) for t in etype.split(ALTERNATIVE)))
    free = any(t in FREE_MODE_TYPES for t in etype.split(ALTERNATIVE))
    if mode in valid or (free and isinstance(mode, str) and _FREE_MODE.match(mode)):
        return
    if free:
        raise InputError(f"{where}: mode {mode!r} must be a lower-case word or null")
    raise InputError(f"{where}: mode {mode!r} is not a {etype} mode; valid modes: {', '.join(sorted(valid))}")


def _span_event(raw: Any, where: str, text: str) -> GoldEvent:
    etype = _event_start(raw, where, SPAN)
    return GoldEvent(
        type=etype,
        actor_text=_span_text(raw, "actor_text", where, text),
        recipient_text=_span_text(raw, "recipient_text", where, text),
        note=_note(raw, where),
    )


def _span_text(raw: dict[str, Any], key: str, where: str, text: str) -> str | None:
    value = raw.get(key)
    if value is not None and not isinstance(value, str):
        raise InputError(f"{where}: {key} {value!r} must be the words of the text that name the party, or null")
    if not value or not value.strip():
        return None
    if not set(content_words(value)) & set(content_words(text)):
        # A placeholder ("a recipient") names nobody in the sentence: the gold gives no party there.
        log.debug("%s: %s %r names nothing in the text; read as absent", where, key, value)
        return None
    return value


def _span(raw: Any, where: str, text: str) -> Span:
    if not isinstance(raw, dict):
        raise InputError(f"{where}: a span must be an object with 'text', 'start' and 'end'")
    # other fields of a span are the annotation tool's own (where it found the offsets); they are not read
    words, start, end = raw.get("text"), raw.get("start"), raw.get("end")
    if not isinstance(words, str) or not words.strip():
        raise InputError(f"{where}: 'text' must be the span's words")
    offsets = all(isinstance(n, int) and not isinstance(n, bool) for n in (start, end))
    if not (offsets and 0 <= start < end <= len(text)):
        raise InputError(f"{where}: 'start' and 'end' must be character offsets into the text "
                         f"(0 <= start < end <= {len(text)}), got {start!r}, {end!r}")
    if text[start:end] != words:
        raise InputError(f"{where}: characters {start}-{end} of the text are {text[start:end]!r}, not {words!r}")
    return Span(words, start, end)
