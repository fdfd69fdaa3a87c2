"""The scorer, the gold loader, the development gold set and the PETRARCH2 peer reader."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections import Counter
from pathlib import Path

import pytest

from eventwire.errors import InputError
from eventwire.evaluation.peer import (
    DROPPED,
    CameoMapper,
    load_peer_gold,
    read_peer_suite,
    tabari_country,
)
from eventwire.evaluation.score import (
    GoldEvent,
    GoldItem,
    PredictedEvent,
    code_and_score,
    load_gold,
    load_predicted,
    predicted_from_events,
    score,
)
from eventwire.records import (
    PLOVER_TYPES,
    STATUSES,
    Actor,
    Article,
    Attribution,
    Event,
    Result,
)
from eventwire.store.schema import event_json
from tests.conftest import PEER_DIR

DATA = Path(__file__).parent / "data"
GOLD = DATA / "gold_events.jsonl"
PEER = PEER_DIR / "PETR.UnitTest.records.xml"


def gold_event(etype: str, mode: str | None = None, actor: str | None = None, recipient: str | None = None,
               status: str = "asserted") -> GoldEvent:
    return GoldEvent(type=etype, mode=mode, actor=actor, recipient=recipient, status=status)


def coded(etype: str, mode: str | None = None, actor: str | None = None, recipient: str | None = None,
          status: str = "asserted") -> PredictedEvent:
    return PredictedEvent(type=etype, mode=mode, actor=actor, recipient=recipient, status=status)


def item(item_id: str, *events: GoldEvent) -> GoldItem:
    return GoldItem(id=item_id, text=f"text of {item_id}", date=dt.date(2023, 1, 1), events=events)


ACCUSE = gold_event("ACCUSE", "disapprove", "USA", "RUS")
ASSAULT = gold_event("ASSAULT", "drone", "RUS", "UKR", status="claimed")


# --- scorer -----------------------------------------------------------------

def test_perfect_match_scores_everything_correct():
    gold = [item("a", ACCUSE, ASSAULT), item("b")]
    predicted = {
        "a": [coded("ASSAULT", "drone", "RUS", "UKR", "claimed"), coded("ACCUSE", "disapprove", "USA", "RUS")],
    }
    report = score(gold, predicted)
    assert (report.correct, report.uncoded, report.extra) == (2, 0, 0)
    assert report.f1 == 1.0
    assert report.status_accuracy == 1.0
    assert report.mode_accuracy == 1.0
    assert report.no_event_items == 1 and report.no_event_items_with_events == 0
    assert all(r.perfect for r in report.results)


def test_missed_gold_event_is_uncoded():
    report = score([item("a", ACCUSE, ASSAULT)], {"a": [coded("ACCUSE", None, "USA", "RUS")]})
    assert (report.correct, report.uncoded, report.extra) == (1, 1, 0)
    assert report.types["ASSAULT"].recall == 0.0
    assert report.types["ACCUSE"].f1 == 1.0
    assert report.confusion[("ASSAULT", "none")] == 1
    assert report.uncoded_rate == 0.5


def test_event_on_no_event_item_is_extra():
    report = score([item("a")], {"a": [coded("PROTEST", "demo", "IRN", None)]})
    assert (report.correct, report.uncoded, report.extra) == (0, 0, 1)
    assert report.no_event_items_with_events == 1
    assert report.confusion[("none", "PROTEST")] == 1
    assert report.types["PROTEST"].precision == 0.0


def test_wrong_type_on_same_dyad_shows_in_confusion():
    report = score([item("a", ACCUSE)], {"a": [coded("THREATEN", None, "USA", "RUS")]})
    assert (report.correct, report.uncoded, report.extra) == (0, 1, 1)
    assert report.confusion == {("ACCUSE", "THREATEN"): 1}


def test_wrong_recipient_is_no_match():
    report = score([item("a", ACCUSE)], {"a": [coded("ACCUSE", None, "USA", "CHN")]})
    assert report.correct == 0
    assert report.confusion == {("ACCUSE", "none"): 1, ("none", "ACCUSE"): 1}


def test_gold_null_actor_accepts_any_predicted_actor():
    gold = [item("a", gold_event("ASSAULT", None, None, "NGA"))]
    report = score(gold, {"a": [coded("ASSAULT", None, "---", "NGA")]})
    assert report.correct == 1


def test_matching_is_one_to_one():
    report = score([item("a", ACCUSE, ACCUSE)], {"a": [coded("ACCUSE", None, "USA", "RUS")]})
    assert (report.correct, report.uncoded, report.extra) == (1, 1, 0)
    report = score([item("a", ACCUSE)], {"a": [coded("ACCUSE", None, "USA", "RUS")] * 2})
    assert (report.correct, report.uncoded, report.extra) == (1, 0, 1)


def test_greedy_matching_prefers_the_closer_pair():
    gold = [item("a", gold_event("ASSAULT", None, None, "UKR", "claimed"), gold_event("ASSAULT", None, "RUS", "UKR", "asserted"))]
    predicted = {"a": [coded("ASSAULT", None, "RUS", "UKR", "asserted"), coded("ASSAULT", None, "BLR", "UKR", "claimed")]}
    report = score(gold, predicted)
    assert report.correct == 2
    assert report.status_accuracy == 1.0


def test_status_is_scored_over_matched_pairs_only():
    gold = [item("a", ACCUSE, ASSAULT), item("b", gold_event("SANCTION", None, "GBR", "IRN", "future"))]
    predicted = {
        "a": [coded("ACCUSE", None, "USA", "RUS", "asserted"), coded("ASSAULT", None, "RUS", "UKR", "hedged")],
        "b": [],
    }
    report = score(gold, predicted)
    assert report.correct == 2
    assert report.status_accuracy == 0.5
    assert report.status_pairs == {("asserted", "asserted"): 1, ("claimed", "hedged"): 1}
    assert not report.results[0].perfect


def test_events_of_unknown_articles_are_ignored_and_counted():
    report = score([item("a", ACCUSE)], {"a": [coded("ACCUSE", None, "USA", "RUS")], "zz": [coded("AID")]})
    assert report.extra == 0 and report.unscored_articles == 1


def test_format_prints_counts_types_and_confusion():
    report = score([item("a", ACCUSE), item("b")], {"a": [coded("THREATEN", None, "USA", "RUS")], "b": [coded("AID")]})
    text = report.format(details=True)
    assert "correct 0" in text and "uncoded 1" in text and "extra 2" in text
    assert "ACCUSE" in text and "THRE" in text
    assert "missed   ACCUSE/disapprove USA->RUS" in text
    assert json.loads(json.dumps(report.to_json()))["extra"] == 2


# --- predicted events from records and PLOVER JSON --------------------------

def _event(article_id: str, etype: str, actor: str | None, recipient: str | None, status: str = "asserted") -> Event:
    return Event(
        article_id=article_id, event=etype, mode=None,
        actor=Actor(code=f"{actor}GOV", country=actor, sector="GOV") if actor else None,
        recipient=Actor(code=recipient, country=recipient) if recipient else None,
        sentence=0, sentence_start=0, sentence_end=10, trigger=1, trigger_start=2, trigger_end=8,
        event_text="condemned", text="X condemned Y.", attribution=Attribution(status=status),
    )


def test_predicted_from_records_and_plover_json_agree():
    events = [_event("a", "ACCUSE", "USA", "RUS"), _event("b", "ASSAULT", None, "UKR", "hedged"), _event("a", "AID", "JPN", None)]
    from_records = predicted_from_events(events)
    from_json = predicted_from_events([json.loads(json.dumps(event_json(e))) for e in events])
    # PLOVER JSON carries no trigger offsets: everything else agrees
    assert {a: [dataclasses.replace(p, trigger=None) for p in ps] for a, ps in from_records.items()} == from_json
    assert [p.type for p in from_records["a"]] == ["ACCUSE", "AID"]
    assert from_records["b"][0] == PredictedEvent(type="ASSAULT", recipient="UKR", status="hedged",
                                                  event_text="condemned", trigger=(2, 8))


def test_load_predicted_names_file_and_line(tmp_path):
    path = tmp_path / "events.jsonl"
    good = json.dumps(event_json(_event("a", "ACCUSE", "USA", "RUS")))
    path.write_text(good + "\n" + json.dumps({"id": "x"}) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match=rf"{path}:2: "):
        load_predicted(path)
    path.write_text(good + "\n", encoding="utf-8")
    assert load_predicted(path)["a"][0].actor == "USA"


def test_code_and_score_runs_a_pipeline_over_the_gold_texts():
    class EchoPipeline:
        """Codes every text as an ACCUSE USA->RUS; records what it was given."""

        def __init__(self) -> None:
            self.seen: list[Article] = []

        def code(self, articles):
            for article in articles:
                self.seen.append(article)
                yield Result(article, (), (), (_event(article.id, "ACCUSE", "USA", "RUS"),))

    pipeline = EchoPipeline()
    report = code_and_score([item("a", ACCUSE), item("b")], pipeline)
    assert [a.id for a in pipeline.seen] == ["a", "b"]
    assert pipeline.seen[0].published == dt.date(2023, 1, 1)
    assert (report.correct, report.extra) == (1, 1)


# --- the development gold set ---------------------------------------------------

def test_gold_set_is_valid_and_covers_types_statuses_and_no_event_items():
    gold = load_gold(GOLD)
    events = [e for i in gold for e in i.events]
    assert len(gold) >= 400
    assert set(Counter(e.type for e in events)) == set(PLOVER_TYPES)
    assert min(Counter(e.type for e in events).values()) >= 15
    assert set(Counter(e.status for e in events)) == set(STATUSES)
    assert sum(1 for i in gold if not i.events) >= 40
    assert len({i.text for i in gold}) == len(gold), "every gold text is different"


# --- the PETRARCH2 peer suite ---------------------------------------------------




def test_peer_reader_reads_every_sentence_with_its_codings():
    sentences = read_peer_suite(PEER)
    assert len(sentences) == 284
    assert sum(len(s.codings) for s in sentences) == 385
    assert sum(1 for s in sentences if s.expects_no_event) == 19
    first = sentences[0]
    assert first.id == "DEMO-00" and first.date == dt.date(1995, 1, 1)
    assert first.text.startswith("Arnor is about to restore full diplomatic ties with Gondor")
    assert (first.codings[0].source, first.codings[0].target, first.codings[0].event) == ("ARN", "GON", "064")


def test_peer_gold_maps_codes_and_keeps_no_event_records_empty():
    items, skipped = load_peer_gold(PEER)
    by_id = {i.id: i for i in items}
    assert len(items) + len(skipped) == 284
    assert len(by_id) == len(items)
    demo = by_id["DEMO-00"].events[0]
    assert (demo.type, demo.actor, demo.recipient) == ("COOPERATE", "ARN", "GON")
    no_event_ids = {s.id for s in read_peer_suite(PEER) if s.expects_no_event}
    assert no_event_ids and all(not by_id[i].events for i in no_event_ids if i in by_id)
    assert any("error handling" in s.reason for s in skipped)


@pytest.mark.parametrize(
    ("code", "expected"),
    [("064", ("COOPERATE", None)), ("0871", ("RETREAT", "ceasefire")), ("174L", ("COERCE", "deport")),
     ("1010", ("REQUEST", "assist")), ("095", ("ACCUSE", None)), ("023", DROPPED), ("010", DROPPED),
     ("903", None), ("", None)],
)
def test_cameo_mapper_reduces_codes_as_plover_advises(code, expected):
    assert CameoMapper()(code) == expected


@pytest.mark.parametrize(("code", "country"), [("ARN", "ARN"), ("USAGOV", "USA"), ("---GOV", None), (None, None), ("", None)])
def test_tabari_country_is_the_first_three_letters(code, country):
    assert tabari_country(code) == country


def test_peer_dictionaries_convert_to_loadable_yaml(tmp_path):
    from eventwire.evaluation.peer import peer_dictionaries
    from eventwire.knowledge.dictionary import load_dictionary

    actors, agents = peer_dictionaries(PEER.parent, tmp_path)
    codes = {e.name.lower(): e.code for e in load_dictionary(actors)}
    assert codes["arnor"] == "ARN"
    assert load_dictionary(agents)
