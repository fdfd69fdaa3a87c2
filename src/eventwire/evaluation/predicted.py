"""Coded events, reduced to what the scorer compares with gold.

They come either from :class:`eventwire.records.Event` objects or from the
PLOVER JSON records that :func:`eventwire.store.schema.event_json` writes (an
``eventwire code -o`` file, or the store). A record carries the character
offsets of its trigger and of its actor's and recipient's words; PLOVER JSON
carries only their words (``entity_text``, the actor's ``name``, ``event_text``), and the scorer
then compares words alone.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from eventwire.errors import InputError
from eventwire.evaluation.gold import EventParts, json_lines
from eventwire.records import Actor, Event


@dataclass(frozen=True, slots=True, kw_only=True)
class PredictedEvent(EventParts):
    """The parts of a coded event that the scorer compares with gold.

    ``actor_names`` and ``recipient_names`` are the texts that name the party
    (its entity text, and the words at its character span where the event
    has one); ``trigger`` the trigger's character offsets in the article, when
    known; ``places`` the extracted and the resolved name of the event's place.
    """

    event_text: str | None = None
    actor_names: tuple[str, ...] = ()
    recipient_names: tuple[str, ...] = ()
    trigger: tuple[int, int] | None = None
    places: tuple[str, ...] = ()


def predicted_event(record: Event | Mapping[str, Any]) -> tuple[str, PredictedEvent]:
    """The article id and comparable parts of one coded event.

    Accepts a :class:`~eventwire.records.Event` or a PLOVER JSON record as
    :func:`~eventwire.store.schema.event_json` writes it.

    Raises:
        InputError: if a JSON record lacks ``article_id`` or ``event``.
    """
    if isinstance(record, Event):
        return record.article_id, _from_event(record)
    if not isinstance(record, Mapping):
        raise InputError(f"expected an Event or a PLOVER JSON object, got {type(record).__name__}")
    article_id, etype = record.get("article_id"), record.get("event")
    if article_id is None or not isinstance(etype, str):
        raise InputError(
            f"event record {record.get('id')!r} lacks 'article_id' or 'event'; "
            "expected PLOVER JSON as 'eventwire code' writes it"
        )
    attribution = record.get("attribution") or {}
    actor, recipient = _entity(record.get("actor")), _entity(record.get("recipient"))
    place = record.get("event_loc") if isinstance(record.get("event_loc"), Mapping) else {}
    return str(article_id), PredictedEvent(
        type=etype,
        mode=record.get("mode"),
        actor=actor.get("country"),
        recipient=recipient.get("country"),
        status=attribution.get("status") or "asserted",
        event_text=record.get("event_text"),
        actor_names=_names(actor.get("entity_text"), actor.get("name")),
        recipient_names=_names(recipient.get("entity_text"), recipient.get("name")),
        places=_names(place.get("extracted_place"), place.get("resolved_place")),
    )


def _from_event(event: Event) -> PredictedEvent:
    place = event.place
    return PredictedEvent(
        type=event.event,
        mode=event.mode,
        actor=event.actor.country if event.actor else None,
        recipient=event.recipient.country if event.recipient else None,
        status=event.attribution.status,
        event_text=event.event_text,
        actor_names=_party_names(event, event.actor, event.actor_span),
        recipient_names=_party_names(event, event.recipient, event.recipient_span),
        trigger=(event.trigger_start, event.trigger_end),
        places=_names(place.extracted_place, place.resolved_place) if place else (),
    )


def _party_names(event: Event, party: Actor | None, span: tuple[int, int] | None) -> tuple[str, ...]:
    if party is None:
        return ()
    at_span = None
    if span is not None and event.sentence_start <= span[0] < span[1] <= event.sentence_end:
        at_span = event.text[span[0] - event.sentence_start : span[1] - event.sentence_start]
    return _names(party.entity_text, at_span, party.name)


def _names(*texts: Any) -> tuple[str, ...]:
    return tuple(dict.fromkeys(t for t in texts if isinstance(t, str) and t.strip()))


def _entity(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


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
    grouped: dict[str, list[PredictedEvent]] = {}
    for number, record in json_lines(path, "events file", comments=False):
        try:
            article_id, predicted = predicted_event(record)
        except InputError as exc:
            raise InputError(f"{path}:{number}: {exc}") from None
        grouped.setdefault(article_id, []).append(predicted)
    return grouped
