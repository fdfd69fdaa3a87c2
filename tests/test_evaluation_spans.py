"""Span gold scoring: the words that name actor and recipient, alternative types, misses by kind, halves."""

from __future__ import annotations

from pathlib import Path

import pytest

from eventwire.evaluation import PredictedEvent, load_gold, score, score_halves, score_spans
from eventwire.evaluation.gold import GoldEvent
from eventwire.evaluation.predicted import predicted_event
from eventwire.evaluation.spans import (
    ACTOR_MISSING,
    ACTOR_WRONG,
    NO_EVENT,
    RECIPIENT_MISSING,
    RECIPIENT_WRONG,
    WRONG_TYPE,
    SpanReport,
    judge_event,
    role_state,
)
from eventwire.evaluation.words import content_words, names_same_place, overlap
from eventwire.records import Actor, Event

SPAN_GOLD = Path(__file__).parent / "data" / "span_gold.jsonl"


def coded(etype: str, actor: tuple[str, ...] = (), recipient: tuple[str, ...] = ()) -> PredictedEvent:
    return PredictedEvent(type=etype, actor_names=actor, recipient_names=recipient)


# What a coder might give for each sentence of span_gold.jsonl, right and wrong in every way that is scored.
CODED = {
    "span-0001": [coded("ACCUSE", ("Ruritania",), ("Freedonia",))],
    "span-0002": [coded("CONSULT", ("foreign minister",))],  # recipient missing
    "span-0003": [coded("RETREAT", ("Freedonia",))],  # one of CONCEDE|RETREAT; no gold recipient
    # span-0004: nothing coded
    "span-0005": [coded("REJECT", ("government",), ("higher wages",))],  # recipient wrong
    "span-0006": [coded("AID", ("Ruritania",), ("Freedonia",)), coded("ASSAULT", (), ("rebels",))],
    "span-0010": [coded("ASSAULT", ("Troops",), ("demonstrators",))],  # gold recipient is a placeholder
    "span-0011": [coded("PROTEST", ("Share prices",))],  # a sentence with no gold event
}


@pytest.fixture(scope="module")
def report() -> SpanReport:
    return score_spans(load_gold(SPAN_GOLD), CODED)


def test_score_picks_the_span_rule_for_span_gold(report):
    assert score(load_gold(SPAN_GOLD), CODED) == report


def test_type_and_dyad_recall_and_type_precision(report):
    assert (report.overall.gold, report.overall.found, report.dyad_found) == (8, 6, 4)
    assert report.type_recall == 6 / 8 and report.dyad_recall == 4 / 8
    assert (report.overall.predicted, report.overall.right) == (8, 6)
    assert report.type_precision == 6 / 8
    assert (report.event_items, report.silent_items) == (7, 1)


def test_misses_are_counted_by_kind(report):
    assert report.miss_counts() == {NO_EVENT: 1, WRONG_TYPE: 1, ACTOR_MISSING: 0, ACTOR_WRONG: 0,
                                    RECIPIENT_MISSING: 1, RECIPIENT_WRONG: 1}
    by_kind = {m.kind: m for m in report.misses}
    assert by_kind[WRONG_TYPE].item_id == "span-0006" and by_kind[WRONG_TYPE].gold["type"] == "REQUEST"
    assert by_kind[RECIPIENT_WRONG].item_id == "span-0005"
    assert "span-0002" in by_kind[RECIPIENT_MISSING].describe()
    # the AID coded for span-0006 answers its AID gold event: only the ASSAULT is a confusion
    assert report.confusion == {("REQUEST", "ASSAULT"): 1}


def test_alternative_types_are_one_label(report):
    retreat = report.types["CONCEDE|RETREAT"]
    assert (retreat.gold, retreat.predicted, retreat.found, retreat.right) == (1, 1, 1, 1)
    assert "RETREAT" not in report.types
    assault = report.types["ASSAULT"]
    assert (assault.gold, assault.predicted, assault.right) == (1, 2, 1) and assault.precision == 0.5
    assert report.types["PROTEST"].predicted == 1 and report.types["PROTEST"].right == 0


def test_halves_are_scored_apart():
    halves = score_halves(load_gold(SPAN_GOLD), CODED)
    check, tune = halves["check"], halves["tune"]
    assert (check.items, check.overall.gold, check.overall.found, check.dyad_found) == (2, 2, 2, 1)
    assert (tune.items, tune.overall.gold, tune.overall.found, tune.dyad_found) == (6, 6, 4, 3)
    assert check.unscored_articles == tune.unscored_articles == 0
    assert halves["all"].dyad_found == check.dyad_found + tune.dyad_found


def test_json_has_the_figures_and_with_details_every_miss(report):
    figures = report.to_json()
    assert figures["type_recall"] == 0.75 and figures["overall"]["gold"] == 8 and "miss_list" not in figures
    assert figures["types"]["CONCEDE|RETREAT"]["recall"] == 1.0
    assert len(report.to_json(details=True)["miss_list"]) == 4


def test_a_gold_event_can_miss_both_roles():
    gold = GoldEvent(type="ACCUSE", actor_text="the Freedonian army", recipient_text="Ruritania")
    assert judge_event(gold, [coded("ACCUSE", ("rebels",))]) == (True, False, [ACTOR_WRONG, RECIPIENT_MISSING])
    # of several right-type events, the one with the most right roles is judged
    assert judge_event(gold, [coded("ACCUSE", ("rebels",)), coded("ACCUSE", ("Freedonian troops",))]) == (
        True, False, [RECIPIENT_MISSING])


# --- words ----------------------------------------------------------------------

@pytest.mark.parametrize(
    ("names", "span", "state"),
    [
        (("Freedonian troops",), "the Freedonian army", "right"),
        (("THE PARLIAMENT",), "the parliament", "right"),
        (("the",), "the parliament", "wrong"),
        (("its",), "its subsidiary", "wrong"),
        (("al-Zawra",), "al-Bayaa residents", "wrong"),
        (("Bogotá police",), "police in Bogota", "right"),
        (("U.S. envoy",), "the US", "right"),
        ((), "Ruritania", "missing"),
        ((), None, "right"),
        (("anyone",), None, "right"),
    ],
)
def test_roles_match_by_shared_words_without_case_accents_or_stop_words(names, span, state):
    assert role_state(names, span) == state


def test_content_words_read_abbreviations_and_split_names():
    assert content_words("The U.S. Supreme Court's ruling") == ("us", "supreme", "court", "ruling")
    assert content_words("Ḩamāh and Deir al-Zor") == ("hamah", "deir", "zor")
    assert not overlap(["of the"], "the leader of the party")


@pytest.mark.parametrize(
    ("name", "span", "same"),
    [("Delhi", "New Delhi", True), ("Aleppo province", "Aleppo", True), ("Sao Pedro", "São Pedro", True),
     ("New York", "New Delhi", False), ("North Waziristan", "South Waziristan", False), ("", "Zenda", False)],
)
def test_places_match_when_one_name_reads_inside_the_other(name, span, same):
    assert names_same_place(name, span) is same


def test_a_coded_record_is_named_by_its_entity_text_and_the_words_at_its_span():
    text = "Troops fired on the demonstrators near the station."
    event = Event(
        article_id="a", event="ASSAULT", mode=None,
        actor=Actor(code="RURMIL", country="RUR", sector="MIL", entity_text="Ruritanian troops"),
        recipient=Actor(code=None, country=None),
        sentence=0, sentence_start=0, sentence_end=len(text), trigger=1, trigger_start=7, trigger_end=12,
        event_text="fired", text=text, actor_span=(0, 6), recipient_span=(20, 33),
    )
    _, predicted = predicted_event(event)
    assert predicted.actor_names == ("Ruritanian troops", "Troops")
    assert predicted.recipient_names == ("demonstrators",)
    assert predicted.trigger == (7, 12)
