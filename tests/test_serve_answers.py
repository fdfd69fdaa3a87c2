"""What served answers count and match: an event's other reports; actor codes in any case, CLI and API alike."""

from __future__ import annotations

import datetime as dt

import duckdb

from eventwire.records import Article
from eventwire.serve.queries import event_detail
from eventwire.store.duckdb import Store
from tests.serve_stores import _Coder

RUS, UKR = ("Russia", "RUS", "RUS"), ("Ukraine", "UKR", "UKR")


def _article(article_id: str, text: str, triggers: list[str]) -> _Coder:
    coder = _Coder(Article(article_id, text, dt.date(2022, 10, 10), article_id))
    for trigger in triggers:
        coder.event("ASSAULT", trigger, RUS, UKR, date="2022-10-10", goldstein=-9.0, quad=4)
    return coder


def test_other_reports_are_other_articles_each_counted_once(tmp_path):
    one = _article("one", "Russia shelled Ukraine on Monday. Later Russia bombed Ukraine again.", ["shelled", "bombed"])
    two = _article("two", "Russia struck Ukraine on Monday. Russia hit Ukraine, witnesses said.", ["struck", "hit"])
    three = _article("three", "Russia attacked Ukraine on Monday.", ["attacked"])
    db = tmp_path / "s.duckdb"
    with Store(db) as store:
        store.write([one.result(), two.result(), three.result()])
    with duckdb.connect(str(db), read_only=True) as con:
        first = con.execute("SELECT id FROM events WHERE article_id = 'one' ORDER BY trigger_start LIMIT 1").fetchall()[0][0]
        reports = event_detail(con.cursor(), first)["reports"]
    assert sorted(r["article_id"] for r in reports) == ["three", "two"]


def test_an_actor_code_in_any_case_finds_the_same_events_from_the_cli_and_the_api(tmp_path):
    import json

    from click.testing import CliRunner
    from fastapi.testclient import TestClient

    from eventwire.cli import main
    from eventwire.serve.api import create_app
    from tests.serve_stores import write_hand_store

    db = write_hand_store(tmp_path / "hand.duckdb")
    found = {}
    for code in ("irn", "IRN", "Irn"):
        listed = CliRunner().invoke(main, ["events", "--db", str(db), "--actor", code, "--json"])
        assert listed.exit_code == 0, listed.output
        found[f"cli {code}"] = sorted(json.loads(line)["id"] for line in listed.stdout.splitlines())
        with TestClient(create_app(db)) as client:
            response = client.get("/events", params={"actor": code, "limit": 500})
            assert response.status_code == 200, response.text
            found[f"api {code}"] = sorted(e["id"] for e in response.json()["events"])
    assert found["cli IRN"], "Iran is an actor of the hand-built store"
    assert all(ids == found["cli IRN"] for ids in found.values()), found


def test_an_event_type_in_any_case_is_one_filter_for_the_cli_the_api_and_python(tmp_path):
    import json
    import urllib.error
    import urllib.request

    import pytest
    from click.testing import CliRunner

    from eventwire.cli import main
    from eventwire.errors import ConfigError
    from tests.serve_stores import live_server, write_hand_store

    db = write_hand_store(tmp_path / "hand.duckdb")
    found = {}
    with live_server(db) as base:
        for name in ("PROTEST", "protest", "Protest"):
            listed = CliRunner().invoke(main, ["events", "--db", str(db), "--type", name, "--json"])
            assert listed.exit_code == 0, listed.output
            found[f"cli {name}"] = sorted(json.loads(line)["id"] for line in listed.stdout.splitlines())
            with urllib.request.urlopen(f"{base}/events?type={name}&limit=500", timeout=10) as response:
                found[f"api {name}"] = sorted(e["id"] for e in json.load(response)["events"])
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(f"{base}/events?type=fight", timeout=10)
        assert refused.value.code == 422 and "type" in refused.value.read().decode()
    with Store(db, read_only=True) as store:
        found["python protest"] = sorted(e["id"] for e in store.events(event="protest"))
        with pytest.raises(ConfigError, match="'fight' is not a PLOVER type"):
            store.events(event="fight")
    assert found["cli PROTEST"], "the hand-built store holds a protest"
    assert all(ids == found["cli PROTEST"] for ids in found.values()), found
    wrong = CliRunner().invoke(main, ["events", "--db", str(db), "--type", "fight"])
    assert wrong.exit_code == 2 and "'fight' is not a PLOVER type; PLOVER types (any case): AGREE" in wrong.stderr
