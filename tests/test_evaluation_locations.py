"""Event-location gold scoring: the event on the gold trigger, its place against the gold places, halves."""

from __future__ import annotations

from pathlib import Path

import pytest

from eventwire.evaluation import LocationReport, PredictedEvent, load_gold, score, score_halves
from eventwire.evaluation.gold import Span
from eventwire.evaluation.locations import (
    NO_CODED_EVENT,
    NO_PLACE,
    PLACE_NOT_IN_GOLD,
    WRONG_PLACE,
    trigger_overlaps,
)

LOCATION_GOLD = Path(__file__).parent / "data" / "location_gold.jsonl"


def coded(trigger: tuple[int, int] | None, *places: str, event_text: str | None = None) -> PredictedEvent:
    return PredictedEvent(type="ASSAULT", trigger=trigger, places=places, event_text=event_text)


# What a coder might give for each sentence of location_gold.jsonl.
CODED = {
    "loc-0001": [coded((7, 14), "Valmora", "Valmora")],  # on the trigger, right place
    "loc-0002": [coded((7, 15))],  # on the trigger, no place
    "loc-0003": [coded((16, 22), "Geneva")],  # a place where the gold has none
    # on the trigger with a wrong place; another event has the right one, but it is not the gold event
    "loc-0004": [coded((7, 15), "New Port"), coded((45, 49), "New Harbor")],
    "loc-0005": [coded((9, 15), "Kessel")],  # off the trigger, the only event: it answers
    # loc-0010: nothing coded
    "loc-0011": [coded(None, event_text="would resume")],  # PLOVER JSON: on the trigger by its words
}


@pytest.fixture(scope="module")
def report() -> LocationReport:
    result = score(load_gold(LOCATION_GOLD), CODED)
    assert isinstance(result, LocationReport)
    return result


def test_location_recall_counts_gold_places_named(report):
    assert (report.with_place.items, report.with_place.coded, report.with_place.named) == (5, 4, 2)
    assert report.location_recall == 2 / 5
    assert report.located_when_coded == 2 / 4


def test_a_place_where_the_gold_has_none_is_counted_apart(report):
    assert (report.without_place.items, report.without_place.coded, report.without_place.named) == (2, 2, 1)
    assert report.place_given_share == 0.5


def test_trigger_and_no_event_counts(report):
    assert report.items == 7 and report.no_event == 1
    assert report.on_trigger == 5 and report.trigger_share == 5 / 7


def test_misses_by_kind(report):
    assert report.miss_counts() == {NO_CODED_EVENT: 1, NO_PLACE: 1, WRONG_PLACE: 1, PLACE_NOT_IN_GOLD: 1}
    by_kind = {m.kind: m for m in report.misses}
    assert by_kind[WRONG_PLACE].item_id == "loc-0004"
    assert [c["place"] for c in by_kind[WRONG_PLACE].coded] == [["New Port"]]
    assert by_kind[NO_CODED_EVENT].gold == {"trigger": "gathered", "places": ["Lunel", "Ostrava"]}
    assert "loc-0003" in by_kind[PLACE_NOT_IN_GOLD].describe()


def test_halves_are_scored_apart():
    halves = score_halves(load_gold(LOCATION_GOLD), CODED)
    assert (halves["check"].items, halves["check"].with_place.named, halves["check"].no_event) == (2, 1, 1)
    assert (halves["tune"].items, halves["tune"].with_place.named, halves["tune"].no_event) == (5, 1, 0)
    assert halves["all"].to_json()["location_recall"] == 0.4


def test_one_of_several_gold_places_is_enough():
    items = [i for i in load_gold(LOCATION_GOLD) if i.id == "loc-0010"]
    assert score(items, {"loc-0010": [coded((7, 15), "Ostrava")]}).with_place.named == 1


@pytest.mark.parametrize(
    ("trigger", "event_text", "expected"),
    [((7, 14), None, True), ((13, 20), None, True), ((14, 20), None, False), ((0, 7), None, False),
     (None, "heavily shelled", True), (None, "the town", False), (None, None, False)],
)
def test_trigger_overlap_by_offsets_or_else_by_words(trigger, event_text, expected):
    gold = Span("shelled", 7, 14)
    assert trigger_overlaps(gold, coded(trigger, event_text=event_text)) is expected
