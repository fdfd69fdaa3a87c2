"""Reading gold files: the three formats told apart, their validation, and the tune/check halves."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from eventwire.errors import InputError
from eventwire.evaluation import GoldEvent, GoldItem, LocationItem, Span, load_gold
from eventwire.evaluation.gold import ALL, CHECK, COUNTRY, LOCATION, SPAN, TUNE, format_of, half, in_half

DATA = Path(__file__).parent / "data"
SPAN_GOLD = DATA / "span_gold.jsonl"
LOCATION_GOLD = DATA / "location_gold.jsonl"

SPAN_LINE = {"id": "s-1", "text": "Ruritania condemned the raid.", "date": None,
             "events": [{"type": "ACCUSE", "actor_text": "Ruritania", "recipient_text": "the raid"}]}
COUNTRY_LINE = {"id": "c-1", "text": "Ruritania condemned the raid.", "date": None,
                "events": [{"type": "ACCUSE", "actor": "RUR", "recipient": None}]}
LOCATION_LINE = {"id": "l-1", "text": "Rebels shelled Valmora.", "date": None,
                 "trigger": {"text": "shelled", "start": 7, "end": 14},
                 "locations": [{"text": "Valmora", "start": 15, "end": 22}]}


def _write(tmp_path: Path, *records: object) -> Path:
    path = tmp_path / "gold.jsonl"
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in records), encoding="utf-8")
    return path


def _changed(record: dict, **changes: object) -> dict:
    out = json.loads(json.dumps(record))
    for key, value in changes.items():
        if key.startswith("ev_"):
            out["events"][0][key[3:]] = value
        else:
            out[key] = value
    return out


# --- the shipped examples ----------------------------------------------------

def test_span_gold_reads_words_alternatives_and_absent_spans():
    items = load_gold(SPAN_GOLD)
    assert [i.id for i in items][:2] == ["span-0001", "span-0002"] and len(items) == 8
    assert format_of(items) == SPAN and all(isinstance(i, GoldItem) and i.format == SPAN for i in items)
    by_id = {i.id: i for i in items}
    first = by_id["span-0001"]
    assert (first.date, first.events[0].actor_text, first.events[0].recipient_text) == (
        dt.date(1998, 3, 2), "Ruritania", "Freedonia")
    retreat = by_id["span-0003"].events[0]
    assert retreat.types == ("CONCEDE", "RETREAT") and retreat.recipient_text is None
    # a placeholder that names nobody in the sentence is no recipient
    assert by_id["span-0010"].events[0].recipient_text is None
    assert by_id["span-0011"].events == ()
    assert len(by_id["span-0006"].events) == 2


def test_location_gold_reads_trigger_and_places():
    items = load_gold(LOCATION_GOLD)
    assert format_of(items) == LOCATION and all(isinstance(i, LocationItem) for i in items)
    first = items[0]
    assert first.trigger == Span("shelled", 7, 14)
    assert first.locations == (Span("Valmora", 27, 34),)
    assert first.date == dt.date(2001, 5, 14)
    assert {i.id: len(i.locations) for i in items}["loc-0010"] == 2
    assert {i.id: i.locations for i in items}["loc-0003"] == ()


def test_country_gold_stays_country_and_takes_alternative_types(tmp_path):
    line = _changed(COUNTRY_LINE, ev_type="CONCEDE|RETREAT", ev_mode="military")
    [item] = load_gold(_write(tmp_path, line))
    assert item.format == COUNTRY
    assert item.events[0].types == ("CONCEDE", "RETREAT") and item.events[0].actor == "RUR"


def test_records_without_event_fields_take_the_format_of_the_file(tmp_path):
    empty = {"id": "s-0", "text": "Markets were calm.", "date": None, "events": []}
    items = load_gold(_write(tmp_path, empty, SPAN_LINE))
    assert [i.format for i in items] == [SPAN, SPAN]
    [alone] = load_gold(_write(tmp_path, empty))
    assert alone.format == COUNTRY


# --- country gold ----------------------------------------------------------------

GOOD_LINE = {"id": "x1", "text": "Iran condemned the strike.", "date": "2023-01-02",
             "events": [{"type": "ACCUSE", "mode": "disapprove", "actor": "IRN", "recipient": None,
                         "status": "asserted"}]}


def _with(**changes):
    return json.dumps(_changed(GOOD_LINE, **changes))


@pytest.mark.parametrize(
    ("line", "fragment"),
    [
        ("{not json", "not valid JSON"),
        ("[1, 2]", "must be a JSON object"),
        (_with(id=""), "'id' must be a non-empty string"),
        (_with(text=None), "'text' must be a non-empty string"),
        (_with(date="27/10/2022"), "'date' must be YYYY-MM-DD"),
        (_with(events=None), "'events' must be a list"),
        (_with(ev_type="PRAISE"), "valid types: AGREE"),
        (_with(ev_status="likely"), "valid statuses: asserted"),
        (_with(ev_mode="bombing"), "valid modes: allege, disapprove, investigate"),
        (_with(ev_actor="us"), "actor 'us' must be a three-letter"),
        (_with(ev_colour="red"), "unknown field(s) ['colour']"),
        (_with(extra=1), "unknown field(s) ['extra']"),
    ],
)
def test_gold_loader_names_file_and_line(tmp_path, line, fragment):
    path = tmp_path / "gold.jsonl"
    path.write_text("# comment\n" + json.dumps(GOOD_LINE) + "\n\n" + line + "\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_gold(path)
    assert f"{path}:4" in str(info.value)
    assert fragment in str(info.value)


def test_gold_loader_rejects_repeated_ids(tmp_path):
    path = tmp_path / "gold.jsonl"
    path.write_text(json.dumps(GOOD_LINE) + "\n" + json.dumps(GOOD_LINE) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match=rf"{path}:2: .*already used on line 1"):
        load_gold(path)


def test_gold_loader_reads_a_good_line(tmp_path):
    path = tmp_path / "gold.jsonl"
    path.write_text(json.dumps(GOOD_LINE) + "\n", encoding="utf-8")
    [loaded] = load_gold(path)
    assert loaded.events == (GoldEvent(type="ACCUSE", mode="disapprove", actor="IRN", status="asserted"),)
    assert loaded.date == dt.date(2023, 1, 2)
    assert loaded.origin.startswith(f"{path}:1")


# --- errors --------------------------------------------------------------------

@pytest.mark.parametrize(
    ("records", "line", "fragment"),
    [
        ((SPAN_LINE, _changed(COUNTRY_LINE, id="c-2")), 2, "a country gold record, but line 1 is span gold"),
        ((LOCATION_LINE, _changed(SPAN_LINE, id="s-2")), 2, "a span gold record, but line 1 is location gold"),
        ((_changed(SPAN_LINE, ev_actor="RUR"),), 1, "events mix country gold fields ['actor']"),
        ((SPAN_LINE, _changed(SPAN_LINE, id="s-2", ev_type="CONCEDE|YIELD")), 2, "not a PLOVER type or alternatives"),
        ((_changed(SPAN_LINE, ev_type="AID|AID"),), 1, "not a PLOVER type or alternatives"),
        ((_changed(SPAN_LINE, ev_actor_text=7),), 1, "actor_text 7 must be the words"),
        ((_changed(SPAN_LINE, ev_colour="red"),), 1, "unknown field(s) ['colour']"),
        ((_changed(SPAN_LINE, text=""),), 1, "'text' must be a non-empty string"),
        ((_changed(LOCATION_LINE, events=[]),), 1, "unknown field(s) ['events']"),
        ((_changed(LOCATION_LINE, trigger={"text": "shelled", "start": 8, "end": 15}),), 1,
         "characters 8-15 of the text are 'helled ', not 'shelled'"),
        ((_changed(LOCATION_LINE, trigger={"text": "shelled", "start": 7, "end": 99}),), 1, "0 <= start < end <= 23"),
        ((_changed(LOCATION_LINE, trigger="shelled"),), 1, "trigger: a span must be an object"),
        ((_changed(LOCATION_LINE, locations=None),), 1, "'locations' must be a list of spans"),
        ((LOCATION_LINE, LOCATION_LINE), 2, "id 'l-1' already used on line 1"),
        ((SPAN_LINE, "{not json"), 2, "not valid JSON"),
    ],
)
def test_bad_records_name_file_and_line(tmp_path, records, line, fragment):
    path = _write(tmp_path, *records)
    with pytest.raises(InputError) as info:
        load_gold(path)
    assert f"{path}:{line}" in str(info.value)
    assert fragment in str(info.value)


def test_a_location_error_names_which_span(tmp_path):
    bad = _changed(LOCATION_LINE, locations=[LOCATION_LINE["locations"][0], {"text": "Zenda", "start": 0, "end": 5}])
    with pytest.raises(InputError, match=r"gold.jsonl:1 \(id 'l-1'\) location 2: characters 0-5"):
        load_gold(_write(tmp_path, bad))


def test_items_of_several_formats_are_not_scored_together():
    span_items = load_gold(SPAN_GOLD)
    with pytest.raises(InputError, match="several formats"):
        format_of([*span_items, *load_gold(LOCATION_GOLD)])


# --- halves --------------------------------------------------------------------

@pytest.mark.parametrize(
    ("item_id", "which"),
    [("plv-dev-0005", CHECK), ("loc-dev-00010", CHECK), ("plv-dev-0012", TUNE), ("x-100", CHECK),
     ("x-0", CHECK), ("x-7", TUNE), ("no-number", TUNE), ("5-a", TUNE)],
)
def test_half_is_read_from_the_number_the_id_ends_with(item_id, which):
    assert half(item_id) == which


def test_in_half_splits_the_set_and_all_keeps_it():
    items = load_gold(SPAN_GOLD)
    assert [i.id for i in in_half(items, CHECK)] == ["span-0005", "span-0010"]
    assert len(in_half(items, TUNE)) == 6 and in_half(items, ALL) == items
    with pytest.raises(ValueError, match="tune, check, all"):
        in_half(items, "train")
