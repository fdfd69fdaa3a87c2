"""The places stage: events linked to the place they happened in, over wire-style sentences."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
import yaml

from eventwire.knowledge.gazetteer import fold
from eventwire.records import Article, Coding, Event

ROWS = yaml.safe_load((Path(__file__).parent / "data" / "place_sentences.yaml").read_text(encoding="utf-8"))["rows"]
THRESHOLD = 0.85


@pytest.fixture(scope="module")
def stage(settings):
    from eventwire.stages.places import PlaceStage

    return PlaceStage(settings)


def event_at(doc, text_offset: int, trigger: str, event_type: str, article_id: str = "t") -> Event:
    """An Event whose trigger is the first token spelled ``trigger`` at or after ``text_offset``."""
    tokens = [t for t in doc if t.idx >= text_offset]
    tok = next((t for t in tokens if t.text == trigger), None) or next(t for t in tokens if t.lower_ == trigger.lower())
    sent = tok.sent
    return Event(
        article_id=article_id, event=event_type, mode=None, actor=None, recipient=None,
        sentence=0, sentence_start=sent.start_char, sentence_end=sent.end_char,
        trigger=tok.i, trigger_start=tok.idx, trigger_end=tok.idx + len(tok), event_text=tok.text, text=sent.text,
    )


def place_of(nlp, stage, row: dict):
    context = row.get("context") or ""
    full = f"{context} {row['text']}" if context else row["text"]
    doc = nlp(full)
    event = event_at(doc, len(full) - len(row["text"]), row["trigger"], row.get("event", "PROTEST"))
    coding = Coding(article=Article(id="t", text=full), doc=doc, events=(event,))
    return stage.pipe([coding])[0].events[0].place


def place_matches(place, expected: str | None) -> bool:
    if expected is None:
        return place is None
    return place is not None and fold(expected) in {fold(place.extracted_place), fold(place.resolved_place or "")}


@pytest.mark.slow
def test_place_accuracy_over_wire_sentences(nlp, stage):
    place_ok = country_ok = 0
    failures = []
    for row in ROWS:
        place = place_of(nlp, stage, row)
        got_country = place.country_code if place else None
        p_ok = place_matches(place, row["place"])
        c_ok = got_country == row["country"]
        place_ok += p_ok
        country_ok += c_ok
        if not (p_ok and c_ok):
            got = f"{place.extracted_place!r}->{place.resolved_place!r}/{got_country}" if place else "None"
            failures.append(f"  {row['text']!r} [{row['trigger']}]: expected {row['place']}/{row['country']}, got {got}")
    n = len(ROWS)
    print(f"\nplaces: place {place_ok}/{n} = {place_ok / n:.1%}, country {country_ok}/{n} = {country_ok / n:.1%}")
    print("\n".join(failures))
    assert n >= 200
    assert place_ok / n >= THRESHOLD
    assert country_ok / n >= THRESHOLD


@pytest.mark.slow
def test_seed_protest_is_located_in_iran(nlp, stage):
    text = "On Wednesday, Iran witnessed large-scale demonstrations to mark the 40th day since the death of the youngster."
    for trigger in ("demonstrations", "witnessed"):
        place = place_of(nlp, stage, {"text": text, "trigger": trigger})
        assert place is not None
        assert (place.country_code, place.resolution, place.resolved_place) == ("IRN", 1, "Iran")


@pytest.mark.slow
def test_acting_country_is_not_the_place(nlp, stage):
    place = place_of(nlp, stage, {"text": "Iran accused Israel of carrying out the attack.", "trigger": "accused", "event": "ACCUSE"})
    assert place is None


@pytest.mark.slow
def test_article_context_settles_ambiguous_city(nlp, stage):
    text = "Militias clashed in Tripoli on Saturday."
    libya = place_of(nlp, stage, {"text": text, "trigger": "clashed", "context": "The Libyan government in Misrata said."})
    lebanon = place_of(nlp, stage, {"text": text, "trigger": "clashed", "context": "Lebanon's army was deployed to Beirut."})
    assert (libya.country_code, lebanon.country_code) == ("LBY", "LBN")


@pytest.mark.slow
def test_stage_costs_little_next_to_the_parse(nlp, stage):
    texts = [f"{r.get('context') or ''} {r['text']}" for r in ROWS]
    t0 = time.perf_counter()
    docs = list(nlp.pipe(texts))
    parse = time.perf_counter() - t0
    codings = []
    for i, doc in enumerate(docs):
        events = tuple(
            Event(article_id=str(i), event="PROTEST", mode=None, actor=None, recipient=None, sentence=0,
                  sentence_start=0, sentence_end=len(doc.text), trigger=t.i, trigger_start=t.idx,
                  trigger_end=t.idx + len(t), event_text=t.text, text=doc.text)
            for t in doc if t.pos_ == "VERB"
        )
        codings.append(Coding(article=Article(id=str(i), text=doc.text), doc=doc, events=events))
    places = float("inf")
    for _ in range(3):  # the best of three: other work on the machine only ever adds time
        t0 = time.perf_counter()
        stage.pipe(codings)
        places = min(places, time.perf_counter() - t0)
    print(f"\nparse {parse:.3f}s, places {places:.3f}s ({places / parse:.1%} of parse) over {len(texts)} texts")
    assert places < 0.10 * parse


def test_malformed_linking_file_names_file_and_line(tmp_path):
    from eventwire.errors import DataFileError
    from eventwire.knowledge.places import LINKING_FILE, load_linking

    bad = tmp_path / "linking.yaml"
    bad.write_text(LINKING_FILE.read_text(encoding="utf-8").replace("support_verbs: [", "support_verbs: 3 #["))
    with pytest.raises(DataFileError, match=r"linking\.yaml:\d+: 'support_verbs' must be a list"):
        load_linking(bad)


@pytest.mark.slow
def test_seed_protest_located_in_iran_through_the_pipeline(run_stages):
    text = (Path(__file__).parent / "golden" / "seed" / "input.txt").read_text(encoding="utf-8").strip()
    text = text.split(" ", 2)[2] if text.startswith("date ") else text
    coding = run_stages(text, "parse", "actors", "events", "places", published="2022-10-27")
    protests = [e for e in coding.events if e.event == "PROTEST" and "demonstrations" in e.event_text]
    assert protests, [e.event_text for e in coding.events]
    assert all(e.place is not None and (e.place.country_code, e.place.resolution) == ("IRN", 1) for e in protests)
    assert all(e.place is None for e in coding.events if e.event in ("ACCUSE", "AID"))
