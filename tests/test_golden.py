"""Whole-pipeline golden cases: tests/golden/<case>/input.* and expected.json.

expected.json lists required events (matched on type, actor and recipient
country, actor sector where given, date range and status), forbidden events,
and actors that must resolve to a country and sector wherever they act.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from eventwire.stages.ingest import read_articles
from eventwire.store.schema import event_json

GOLDEN = Path(__file__).parent / "golden"
CASES = sorted(p.parent.name for p in GOLDEN.glob("*/expected.json"))


def _matches(record: dict, want: dict) -> bool:
    actor = record["actor"] or {}
    recipient = record["recipient"] or {}
    if record["event"] not in want["type"]:
        return False
    if want.get("actor") and actor.get("country") != want["actor"]:
        return False
    if want.get("actor_sector") and actor.get("sector") != want["actor_sector"]:
        return False
    if want.get("recipient") and recipient.get("country") != want["recipient"]:
        return False
    if want.get("date"):
        if record["date"] is None:
            return False
        low, high = (dt.date.fromisoformat(d) for d in want["date"])
        if not low <= dt.date.fromisoformat(record["date"]) <= high:
            return False
    if want.get("status") and record["attribution"]["status"] not in want["status"]:
        return False
    if want.get("reported_by"):
        reporter = record["attribution"]["reported_by"] or {}
        if reporter.get("country") != want["reported_by"]:
            return False
    if want.get("location_country"):
        if (record["event_loc"] or {}).get("country_code") != want["location_country"]:
            return False
    return True


def _forbidden(record: dict, rule: dict) -> bool:
    if "type" in rule and record["event"] not in rule["type"]:
        return False
    actor = (record["actor"] or {}).get("country")
    if "actor" in rule:
        allowed = rule["actor"] if isinstance(rule["actor"], list) else [rule["actor"]]
        if actor not in allowed:
            return False
    if "recipient" in rule and (record["recipient"] or {}).get("country") != rule["recipient"]:
        return False
    if "evidence_contains" in rule:
        if not any(w in record["text"] for w in rule["evidence_contains"]):
            return False
        if record["date"] is None or record["date"] < rule["date_from"]:
            return False
    return True


@pytest.fixture(scope="module")
def coded(settings):
    from eventwire.pipeline import Pipeline

    pipeline = Pipeline(settings)
    out = {}
    for case in CASES:
        inputs = sorted((GOLDEN / case).glob("input.*"))
        articles = list(read_articles(inputs))
        results = list(pipeline.code(articles))
        out[case] = (results, [event_json(e) for r in results for e in r.events])
    return out


@pytest.mark.slow
@pytest.mark.parametrize("case", CASES)
def test_required_events_are_found(coded, case):
    expected = json.loads((GOLDEN / case / "expected.json").read_text())
    _, records = coded[case]
    missing = [w["id"] + ": " + w["what"] for w in expected["events"]
               if w.get("required") and not any(_matches(r, w) for r in records)]
    found = sum(1 for w in expected["events"] if w.get("required")) - len(missing)
    print(f"{case}: {found} required events found; missing: {missing}")
    assert missing == []


@pytest.mark.slow
@pytest.mark.parametrize("case", CASES)
def test_no_forbidden_event(coded, case):
    expected = json.loads((GOLDEN / case / "expected.json").read_text())
    _, records = coded[case]
    bad = [(rule["what"], r["event_text"], r["text"][:80]) for rule in expected.get("forbidden", [])
           for r in records if _forbidden(r, rule)]
    assert bad == []


@pytest.mark.slow
@pytest.mark.parametrize("case", CASES)
def test_listed_actors_resolve_wherever_they_appear(coded, case):
    expected = json.loads((GOLDEN / case / "expected.json").read_text())
    results, _ = coded[case]
    mentions = [m for r in results for m in r.mentions]
    wrong = []
    for want in expected.get("actors", []):
        hits = [m for m in mentions if m.text.lower().removeprefix("the ") == want["text"].lower().removeprefix("the ")]
        if not hits:
            wrong.append((want["text"], "not found"))
        for m in hits:
            if m.actor.country != want["country"] or ("sector" in want and m.actor.sector != want["sector"]):
                wrong.append((want["text"], m.actor.country, m.actor.sector))
    assert wrong == []
