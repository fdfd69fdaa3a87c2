"""Score the places of coded events against event-location gold.

Matching rule
-------------
Each gold item is one sentence with one event, given by its trigger, and the
places where it happened (maybe none). The coded events that *answer* it are
those whose trigger overlaps the gold trigger (character offsets; a PLOVER
JSON record, which has none, by a shared word of its ``event_text``), or,
when none does, every coded event of the sentence. When several answer, the
one that agrees best with the gold is scored.

A coded place *names* a gold place when its extracted or resolved name reads,
word for word, inside the gold span's text or the other way round ("Delhi"
and "New Delhi"), case, accents and stop words aside
(:func:`eventwire.evaluation.words.names_same_place`). An event has one
place, so naming one of several gold places is enough.

* **location recall**: share of the gold events with a place whose answering
  events include one that names a gold place;
* **place where the gold has none**: share of the gold events without a place,
  among those that got a coded event, whose every answering event has a place
  (lower is better);
* **no coded event**: gold events whose sentence got no coded event at all.

Misses: ``no coded event``, ``no place`` (answering events but no place),
``wrong place`` (places that name no gold place), and ``place where gold has
none``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from eventwire.evaluation.gold import LocationItem, Span
from eventwire.evaluation.measures import Miss, MissReport, Share, unscored
from eventwire.evaluation.predicted import PredictedEvent
from eventwire.evaluation.words import names_same_place, overlap

NO_CODED_EVENT, NO_PLACE, WRONG_PLACE, PLACE_NOT_IN_GOLD = (
    "no coded event", "no place", "wrong place", "place where gold has none")
MISS_KINDS = (NO_CODED_EVENT, NO_PLACE, WRONG_PLACE, PLACE_NOT_IN_GOLD)


@dataclass(frozen=True, slots=True)
class PlaceCounts:
    """Gold events of one kind (with a gold place, or without): how many, how many got a coded event,
    and how many of those were given a place that names a gold place (with), or any place (without)."""

    items: int = 0
    coded: int = 0
    named: int = 0


@dataclass(frozen=True, slots=True)
class LocationReport(MissReport):
    """The outcome of scoring coded places against event-location gold (see the module doc)."""

    with_place: PlaceCounts
    without_place: PlaceCounts
    items: int
    on_trigger: int
    no_event: int

    shown = (("sentences", "items"), ("with a gold place", "with_place.items"),
             ("with no gold place", "without_place.items"), ("coded event on the gold trigger", "trigger_share"),
             ("gold events with no coded event", "no_event"), ("location recall", "location_recall"),
             ("location recall where an event was coded", "located_when_coded"),
             ("place given where gold has none (lower is better)", "place_given_share"))
    kinds = MISS_KINDS
    rates = ("location_recall", "located_when_coded", "place_given_share", "trigger_share")
    location_recall = Share("with_place.named", "with_place.items",
                            "Share of the gold events with a place whose place the coder named.")
    located_when_coded = Share("with_place.named", "with_place.coded",
                               "Location recall over the gold events with a place that got a coded event.")
    place_given_share = Share("without_place.named", "without_place.coded",
                              "Share of the coded gold events without a place that were given one (lower is better).")
    trigger_share = Share("on_trigger", "items", "Share of gold events with a coded event on the gold trigger.")


def trigger_overlaps(trigger: Span, event: PredictedEvent) -> bool:
    """True when the coded event's trigger overlaps the gold trigger (see the module doc)."""
    if event.trigger is not None:
        return event.trigger[0] < trigger.end and trigger.start < event.trigger[1]
    return overlap([event.event_text], trigger.text)


def answering(item: LocationItem, coded: Sequence[PredictedEvent]) -> tuple[bool, list[PredictedEvent]]:
    """Whether any coded event is on the gold trigger, and the events that answer the gold event."""
    on = [p for p in coded if trigger_overlaps(item.trigger, p)]
    return (True, on) if on else (False, list(coded))


def _kind(item: LocationItem, answers: Sequence[PredictedEvent]) -> str | None:
    """The miss kind of one gold event given its answering events, or None when they get it right."""
    if not answers:
        return NO_CODED_EVENT
    if not item.locations:
        return PLACE_NOT_IN_GOLD if all(p.places for p in answers) else None
    if any(names_same_place(name, s.text) for p in answers for name in p.places for s in item.locations):
        return None
    return WRONG_PLACE if any(p.places for p in answers) else NO_PLACE


def score_locations(gold: Sequence[LocationItem], predicted: Mapping[str, Sequence[PredictedEvent]]) -> LocationReport:
    """Score coded places, grouped by article id, against event-location gold (see the module doc)."""
    counts: Counter[str] = Counter()
    misses: list[Miss] = []
    for item in gold:
        on_trigger, answers = answering(item, predicted.get(item.id, ()))
        kind = _kind(item, answers)
        group = "with" if item.locations else "without"
        counts[f"{group} items"] += 1
        counts[f"{group} coded"] += bool(answers)
        # "named" is a hit for a gold place, and a place given against the gold where it has none
        counts[f"{group} named"] += (kind is None) if item.locations else (kind == PLACE_NOT_IN_GOLD)
        counts["on_trigger"] += on_trigger
        if kind is not None:
            gold_json = {"trigger": item.trigger.text, "places": [s.text for s in item.locations]}
            coded = tuple({"type": p.type, "trigger": p.event_text, "place": list(p.places)} for p in answers)
            misses.append(Miss(kind, item.id, item.text, gold_json, coded))
    with_place, without_place = (PlaceCounts(*(counts[f"{g} {n}"] for n in ("items", "coded", "named")))
                                 for g in ("with", "without"))
    return LocationReport(
        with_place=with_place, without_place=without_place, items=len(gold), on_trigger=counts["on_trigger"],
        no_event=len(gold) - with_place.coded - without_place.coded, misses=tuple(misses),
        unscored_articles=unscored({item.id for item in gold}, predicted),
    )
