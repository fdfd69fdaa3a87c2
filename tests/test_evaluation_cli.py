"""`eventwire eval` on span and event-location gold: the halves side by side, --json, --details, --limit,
and (slow) on the real development sets in ../shared/dev/."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from eventwire.cli import main
from eventwire.records import Actor, Event, Place
from eventwire.store.schema import event_json

DATA = Path(__file__).parent / "data"
SPAN_GOLD = DATA / "span_gold.jsonl"
LOCATION_GOLD = DATA / "location_gold.jsonl"
DEV = Path(__file__).resolve().parents[2] / "shared" / "dev"
if not DEV.exists():
    DEV = Path("/work/shared/dev")


def _event(article_id: str, text: str, etype: str, trigger: str, actor: str | None = None,
           recipient: str | None = None, place: str | None = None) -> Event:
    start = text.index(trigger)
    return Event(
        article_id=article_id, event=etype, mode=None,
        actor=Actor(code=None, country=None, entity_text=actor) if actor else None,
        recipient=Actor(code=None, country=None, entity_text=recipient) if recipient else None,
        sentence=0, sentence_start=0, sentence_end=len(text), trigger=0, trigger_start=start,
        trigger_end=start + len(trigger), event_text=trigger, text=text,
        place=Place(extracted_place=place) if place else None,
    )


def _events_file(tmp_path: Path, gold: Path, coded: dict[str, list[tuple]]) -> Path:
    """PLOVER JSON Lines, as 'eventwire code -o' writes them, for some of the gold texts."""
    texts = {r["id"]: r["text"] for r in map(json.loads, gold.read_text(encoding="utf-8").splitlines()[1:])}
    path = tmp_path / "events.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for item_id, events in coded.items():
            for args in events:
                out.write(json.dumps(event_json(_event(item_id, texts[item_id], *args))) + "\n")
    return path


SPAN_CODED = {
    "span-0001": [("ACCUSE", "accused", "Ruritania", "Freedonia")],
    "span-0002": [("CONSULT", "met", "foreign minister")],
    "span-0005": [("REJECT", "rejected", "government", "union")],
    "span-0006": [("AID", "sent", "Ruritania", "Freedonia")],
}
LOCATION_CODED = {
    "loc-0001": [("ASSAULT", "shelled", None, None, "Valmora")],
    "loc-0002": [("COERCE", "arrested", None, None, "Zenda")],
    "loc-0003": [("AGREE", "signed")],
}


def _run(*args: str) -> str:
    result = CliRunner().invoke(main, ["eval", *args])
    assert result.exit_code == 0, result.output
    return result.output


def _row(output: str, name: str) -> list[str]:
    line = next(line for line in output.splitlines() if line.startswith(name + " "))
    return re.split(r"\s{2,}", line[len(name):].strip())


def test_span_gold_prints_tune_check_and_all(tmp_path):
    out = _run(str(SPAN_GOLD), "--events", str(_events_file(tmp_path, SPAN_GOLD, SPAN_CODED)))
    assert "span gold, 8 texts" in out
    assert _row(out, "sentences") == ["6", "2", "8"]
    # tune: 4 of 6 gold events typed (0001, 0002, 0006 AID); check: 0005 of 0005 and 0010
    assert _row(out, "type recall") == ["0.500", "0.500", "0.500"]
    assert _row(out, "span-dyad recall") == ["0.333", "0.500", "0.375"]
    assert _row(out, "type precision (lower bound)") == ["1.000", "1.000", "1.000"]
    assert "CONCEDE|RETREAT" in out and "misses by kind" not in out


def test_span_gold_details_list_misses_by_kind_with_tune_examples(tmp_path):
    out = _run(str(SPAN_GOLD), "--events", str(_events_file(tmp_path, SPAN_GOLD, SPAN_CODED)), "--details")
    assert _row(out, "no event") == ["2", "1", "3"]
    assert _row(out, "recipient missing") == ["1", "0", "1"]
    examples = out.split("examples from the tune half")[1]
    assert "span-0004" in examples and "span-0010" not in examples  # a check-half miss is counted, not shown


def test_json_gives_the_same_figures_per_half(tmp_path):
    events = str(_events_file(tmp_path, LOCATION_GOLD, LOCATION_CODED))
    data = json.loads(_run(str(LOCATION_GOLD), "--events", events, "--json"))
    assert data["format"] == "location" and set(data) == {"gold", "format", "tune", "check", "all"}
    assert data["all"]["with_place"] == {"items": 5, "coded": 2, "named": 1}
    assert data["all"]["misses"] == {"no coded event": 4, "no place": 0, "wrong place": 1,
                                     "place where gold has none": 0}
    assert data["tune"]["items"] + data["check"]["items"] == data["all"]["items"] == 7
    assert "miss_list" not in data["all"]
    detailed = json.loads(_run(str(LOCATION_GOLD), "--events", events, "--json", "--details"))
    assert {m["id"] for m in detailed["all"]["miss_list"] if m["kind"] == "wrong place"} == {"loc-0002"}


def test_location_gold_prints_recall_and_places_where_gold_has_none(tmp_path):
    out = _run(str(LOCATION_GOLD), "--events", str(_events_file(tmp_path, LOCATION_GOLD, LOCATION_CODED)))
    assert _row(out, "location recall") == ["0.333", "0.000", "0.200"]
    assert _row(out, "place given where gold has none (lower is better)") == ["0.000", "0.000", "0.000"]
    assert _row(out, "gold events with no coded event") == ["2", "2", "4"]


def test_limit_scores_the_first_records(tmp_path):
    out = _run(str(SPAN_GOLD), "--events", str(_events_file(tmp_path, SPAN_GOLD, SPAN_CODED)), "--limit", "3")
    assert _row(out, "sentences") == ["3", "0", "3"]


def test_bad_gold_is_an_error_naming_file_and_line(tmp_path):
    gold = tmp_path / "gold.jsonl"
    lines = SPAN_GOLD.read_text(encoding="utf-8").splitlines()
    gold.write_text("\n".join([*lines[:2], lines[2].replace('"CONSULT"', '"CONSULTS"'), *lines[3:]]) + "\n",
                    encoding="utf-8")
    events = _events_file(tmp_path, SPAN_GOLD, SPAN_CODED)
    result = CliRunner().invoke(main, ["eval", str(gold), "--events", str(events)])
    assert result.exit_code == 2
    assert f"Error: {gold}:3 (id 'span-0002') event 1: type 'CONSULTS' is not a PLOVER type" in result.output


# --- the real development sets --------------------------------------------------

@pytest.mark.slow
@pytest.mark.skipif(not DEV.exists(), reason=f"the development gold sets are not on this machine ({DEV})")
@pytest.mark.parametrize(("name", "counts"), [("plv_dev.jsonl", "overall"), ("event_location_dev.jsonl", "with_place")])
def test_eval_codes_a_few_real_gold_sentences(name, counts):
    """The first 15 records of each dev set, coded through the pipeline, scored by half."""
    first = [json.loads(line)["id"] for line in (DEV / name).read_text(encoding="utf-8").splitlines()[:15]]
    check = sum(1 for item_id in first if int(re.search(r"\d+$", item_id).group()) % 5 == 0)
    data = json.loads(_run(str(DEV / name), "--limit", "15", "--json"))
    assert (data["tune"]["items"], data["check"]["items"], data["all"]["items"]) == (15 - check, check, 15)
    every = data["all"]
    if counts == "overall":
        assert every["overall"]["gold"] >= 15 and every["overall"]["predicted"] > 0
        assert 0 < every["type_recall"] <= 1 and every["dyad_recall"] <= every["type_recall"]
    else:
        assert every["with_place"]["items"] + every["without_place"]["items"] == 15
        assert every["on_trigger"] > 0 and every["no_event"] < 15
