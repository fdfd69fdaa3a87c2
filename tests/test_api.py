"""The HTTP API: filters, evidence spans, briefs, CSV, read-only store, and 4xx for bad requests.

Fast tests run on a store coded by hand (exact spans and statuses); slow
tests run on a store the real pipeline codes from the seed and a small
bundled corpus, and check structure and consistency rather than counts.
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import duckdb
import pytest
import yaml

from eventwire.records import PLOVER_TYPES, STATUSES

pytest.importorskip("fastapi")
from fastapi.testclient import TestClient  # noqa: E402

from eventwire.serve.api import MAX_PAGE_SIZE, create_app  # noqa: E402

sys.path.insert(0, str(Path(__file__).parent))  # the serve tests share their store builders
from serve_stores import SEED_ID, free_port, pipeline_store, write_hand_store  # noqa: E402

BAD_REQUESTS = yaml.safe_load((Path(__file__).parent / "data" / "api_bad_requests.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def hand_db(tmp_path_factory) -> Path:
    return write_hand_store(tmp_path_factory.mktemp("serve") / "hand.duckdb")


@pytest.fixture(scope="module")
def client(hand_db) -> TestClient:
    with TestClient(create_app(hand_db)) as c:
        yield c


def _ingest():
    """The ingest function ``eventwire serve --allow-ingest`` gives the app."""
    import functools

    from eventwire.corpus import ingest_jsonl
    from eventwire.settings import Settings

    return functools.partial(ingest_jsonl, settings=Settings.load())


def _sides(event: dict, side: str) -> set[str]:
    e = event.get(side) or {}
    return {v for v in (e.get("code"), e.get("country")) if v}


def _check_spans(record: dict, article_text: str) -> None:
    """Every span of an event lies in the article, and the named parts slice to what the record says."""
    spans = record["spans"]
    for name, (start, end) in spans.items():
        assert 0 <= start < end <= len(article_text), (name, start, end)
    assert article_text[slice(*spans["trigger"])] == record["event_text"]
    assert article_text[slice(*spans["sentence"])] == record["text"]
    for side in ("actor", "recipient"):
        if side in spans and (record.get(side) or {}).get("entity_text"):
            assert article_text[slice(*spans[side])] == record[side]["entity_text"]


# --- the hand-coded store -------------------------------------------------------------------------------

FILTERS = [
    ("actor=IRN", lambda e: "IRN" in _sides(e, "actor")),
    ("recipient=RUS", lambda e: "RUS" in _sides(e, "recipient")),
    ("party=irn", lambda e: "IRN" in _sides(e, "actor") | _sides(e, "recipient")),
    ("party=IRN&other=RUS", lambda e: {"IRN", "RUS"} <= _sides(e, "actor") | _sides(e, "recipient")),
    ("type=PROTEST", lambda e: e["event"] == "PROTEST"),
    ("mode=military", lambda e: e["mode"] == "military"),
    ("status=hedged", lambda e: e["attribution"]["status"] == "hedged"),
    ("context=political", lambda e: "political" in e["context"]),
    ("country=IRN", lambda e: e["event_loc"]["country_code"] == "IRN"),
    ("from=2022-10-01&to=2022-10-31", lambda e: "2022-10-01" <= e["date"] <= "2022-10-31"),
    ("q=drones", lambda e: "drones" in e["text"].lower()),
    ("article=chn", lambda e: e["article_id"] == "chn"),
]


@pytest.mark.parametrize("query,holds", FILTERS, ids=[f[0] for f in FILTERS])
def test_events_filter_returns_only_matching_events_and_some(client, query, holds):
    body = client.get(f"/events?{query}").json()
    assert body["events"], f"/events?{query} found nothing"
    assert body["total"] == len(body["events"])
    for event in body["events"]:
        assert holds(event), (query, event)


def test_events_are_newest_first_with_undated_last(client):
    dates = [e["date"] for e in client.get("/events").json()["events"]]
    dated = [d for d in dates if d]
    assert dated == sorted(dated, reverse=True)
    assert dates[: len(dated)] == dated


def test_negated_events_are_listed_flagged_but_left_out_of_counts(client):
    listed = client.get("/events?party=IRN").json()["events"]  # /dyads with one actor counts either side
    negated = [e for e in listed if e["negated"]]
    assert negated and all(e["attribution"]["status"] == "negated" for e in negated)
    counted = client.get("/dyads?actor=IRN").json()
    assert counted["events"] == len(listed) - len(negated)
    assert "MOBILIZE" not in counted["by_type"]
    assert "MOBILIZE" in client.get("/dyads?actor=IRN&include_negated=true").json()["by_type"]


def test_pages_are_bounded_and_cover_the_listing_once(client):
    whole = [e["id"] for e in client.get("/events").json()["events"]]
    paged, totals = [], set()
    for offset in range(0, len(whole) + 3, 3):
        body = client.get(f"/events?limit=3&offset={offset}").json()
        paged += [e["id"] for e in body["events"]]
        totals.add(body["total"])
    assert paged == whole
    assert totals == {len(whole)}, "every page, the last and one past it included, gives the same total"
    assert client.get(f"/events?limit={MAX_PAGE_SIZE + 1}").status_code == 422


def test_csv_lists_the_same_rows_as_json(client):
    response = client.get("/events?party=IRN&format=csv")
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    listed = client.get("/events?party=IRN").json()["events"]
    assert [r["id"] for r in rows] == [e["id"] for e in listed]
    assert [r["status"] for r in rows] == [e["attribution"]["status"] for e in listed]


def test_event_detail_has_evidence_parts_that_slice_the_sentence(client):
    accuse = client.get("/events?type=ACCUSE").json()["events"][0]
    detail = client.get(f"/events/{accuse['id']}").json()
    evidence = detail["evidence"]
    parts = {p["part"]: p for p in evidence["parts"]}
    assert set(parts) >= {"actor", "trigger", "recipient"}
    for part in evidence["parts"]:
        assert evidence["sentence"][part["start"]:part["end"]] == part["text"]
    assert parts["actor"]["text"] == "Karine Jean-Pierre"
    assert evidence["speaker"] == "Karine Jean-Pierre"
    assert {m["text"] for m in detail["mentions"]} >= {"Karine Jean-Pierre", "Moscow"}
    assert detail["article"]["id"] == "seed"


def test_article_spans_slice_the_text_to_what_they_name(client):
    article = client.get("/articles/seed").json()
    text = article["text"]
    kinds = {s["kind"] for s in article["spans"]}
    assert kinds >= {"mention", "actor", "recipient", "trigger", "date", "place"}
    for span in article["spans"]:
        assert text[span["start"]:span["end"]] == span["text"], span
    for event in article["events"]:
        _check_spans(event, text)
    assert [s["start"] for s in article["sentences"]] == sorted(s["start"] for s in article["sentences"])


def test_brief_holds_what_passed_between_them_and_what_others_said(client):
    brief = client.get("/brief?a=RUS&b=IRN").json()
    between = {(e["event"], e["attribution"]["status"], (e["attribution"]["reported_by"] or {}).get("code"))
               for e in brief["between"]}
    assert ("CONSULT", "hedged", "USA") in between  # the US: Moscow may be advising Tehran
    assert ("AID", "claimed", "UKR") in between  # Ukraine: Iran supplies Russia with drones
    for e in brief["between"]:
        assert _sides(e, "actor") & {"RUS", "IRN"} and _sides(e, "recipient") & {"RUS", "IRN"}
        assert e["evidence"]["sentence"] == e["text"]
    about = brief["about"]
    assert any(e["event"] == "ACCUSE" and "USA" in _sides(e, "actor") and "RUS" in _sides(e, "recipient") for e in about)
    assert all(not (_sides(e, "actor") & {"RUS", "IRN"}) for e in about)


def test_dyad_series_adds_up_to_its_counts(client):
    dyad = client.get("/dyads?actor=RUS&recipient=IRN&interval=week").json()
    assert sum(p["events"] for p in dyad["series"]) + dyad["undated"] == dyad["events"]
    assert sum(dyad["by_type"].values()) == sum(dyad["by_quad"].values()) == dyad["events"]
    for point in dyad["series"]:
        assert sum(point["quad"].values()) == point["events"]
    directed = client.get("/dyads?actor=RUS&recipient=IRN&directed=true").json()
    assert directed["events"] < dyad["events"]


def test_actor_counts_match_the_store(client, hand_db):
    actors = {a["code"]: a for a in client.get("/actors").json()["actors"]}
    with duckdb.connect(str(hand_db), read_only=True) as con:
        as_actor = con.execute("SELECT count(*) FROM events WHERE actor_code = 'IRN' AND status <> 'negated'").fetchone()[0]
    assert actors["IRN"]["as_actor"] == as_actor
    detail = client.get("/actors/irn").json()
    assert detail["partners"][0]["partner"] == "RUS"
    assert {n["text"] for n in detail["names"]} >= {"Iran", "Tehran"}


def test_network_and_places_answer_from_the_events(client):
    net = client.get("/network").json()
    assert {"source": "RUS", "target": "IRN"}.items() <= next(e for e in net["edges"] if e["source"] == "RUS").items()
    for edge in net["edges"]:
        assert edge["cooperation"] + edge["conflict"] <= edge["events"]
    places = client.get("/places").json()["places"]
    assert {p["country"] for p in places} >= {"IRN", "TWN"}
    assert next(p for p in places if p["country"] == "IRN")["iso_numeric"] == "364"


@pytest.mark.parametrize("case", BAD_REQUESTS, ids=[c["url"] for c in BAD_REQUESTS])
def test_malformed_requests_get_a_4xx_that_says_what_is_wrong(client, case):
    response = client.get(case["url"])
    assert response.status_code == case["status"], response.text
    assert case["says"].lower() in response.json()["error"].lower()


def test_long_query_strings_are_refused(client):
    assert client.get("/events?q=" + "a" * 5000).status_code == 414


def test_text_search_binds_its_words(client):
    response = client.get("/events", params={"q": "' OR 1=1 --"})
    assert response.status_code == 200 and response.json()["total"] == 0
    assert client.get("/events", params={"q": "100%"}).json()["total"] == 0


def test_the_store_is_read_only_and_ingest_is_refused(client):
    con = client.app.state.eventwire.store.con
    with pytest.raises(duckdb.Error):
        con.execute("DELETE FROM events")
    response = client.post("/ingest", content=b'{"id": "x", "text": "Iran protested."}')
    assert response.status_code == 403
    assert "--allow-ingest" in response.json()["error"]


def test_ingest_wants_the_token(tmp_path):
    db = write_hand_store(tmp_path / "w.duckdb")
    with TestClient(create_app(db, token="s3cret", ingest=_ingest())) as c:
        assert c.post("/ingest", content=b"{}").status_code == 401
        assert c.post("/ingest", content=b"{}", headers={"Authorization": "Bearer wrong"}).status_code == 401
        bad = c.post("/ingest", content=b'{"id": "x"}\nnot json', headers={"Authorization": "Bearer s3cret"})
        assert bad.status_code == 422 and "line 1" in bad.json()["error"]
        big = c.post("/ingest", content=b"x" * 6_000_001, headers={"Authorization": "Bearer s3cret"})
        assert big.status_code == 413


def test_allowing_ingest_without_a_token_is_an_error(hand_db):
    from eventwire.errors import StoreError

    with pytest.raises(StoreError, match="token"):
        create_app(hand_db, ingest=_ingest())


def test_openapi_documents_every_endpoint(client):
    paths = client.get("/openapi.json").json()["paths"]
    for path in ("/events", "/events/{event_id}", "/actors", "/actors/{code}", "/dyads", "/brief", "/articles/{article_id}"):
        assert path in paths
    params = {p["name"] for p in paths["/events"]["get"]["parameters"]}
    assert params >= {"actor", "recipient", "country", "type", "mode", "status", "context", "from", "to", "q", "limit", "offset"}


def test_openapi_describes_each_listed_event_s_place_with_its_parent(client):
    spec = client.get("/openapi.json").json()
    items = spec["paths"]["/events"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    place, none = items["properties"]["events"]["items"]["properties"]["event_loc"]["anyOf"]
    assert none == {"type": "null"} and "parent" in place["properties"]
    types = {"string": str, "number": (int, float), "integer": int, "null": type(None)}
    listed = [e["event_loc"] for e in client.get("/events").json()["events"] if e["event_loc"] is not None]
    assert listed
    for loc in listed:  # what the server answers is what the description says
        assert set(loc) == set(place["properties"]) == set(place["required"])
        for name, value in loc.items():
            kinds = place["properties"][name]["type"]
            assert isinstance(value, tuple(types[k] for k in ([kinds] if isinstance(kinds, str) else kinds))), name


@pytest.mark.parametrize(("page", "assets"), [
    ("/docs", ["swagger-ui-bundle.js", "swagger-ui.css", "favicon.png"]),
    ("/redoc", ["redoc.standalone.js", "favicon.png"]),
])
def test_api_docs_load_their_assets_from_the_app_itself(client, page, assets):
    import re

    html = client.get(page)
    assert html.status_code == 200 and "/openapi.json" in html.text
    urls = re.findall(r'(?:src|href)="([^"]+)"', html.text) + re.findall(r"url: '([^']+)'", html.text)
    assert sorted(u.rsplit("/", 1)[-1] for u in urls if u != "/openapi.json") == sorted(assets)
    assert all(u.startswith("/") for u in urls), urls
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200 and len(response.content) > 1000, url


def test_dashboard_and_its_files_are_served_locally(client):
    page = client.get("/")
    assert page.status_code == 200 and "eventwire" in page.text
    for src in ("/static/app.js", "/static/style.css", "/static/vendor/chart.umd.js",
                "/static/vendor/topojson-client.min.js", "/static/vendor/countries-110m.json"):
        assert client.get(src).status_code == 200, src
    assert "http://" not in page.text and "https://" not in page.text


# --- the real pipeline ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def coded() -> TestClient:
    with TestClient(create_app(pipeline_store())) as c:
        yield c


@pytest.mark.slow
def test_seed_events_of_iran_are_all_iranian(coded):
    body = coded.get("/events?actor=IRN&limit=500").json()
    assert body["events"], "no event with Iran as actor"
    for event in body["events"]:
        assert "IRN" in _sides(event, "actor")
    party = coded.get(f"/events?party=IRN&article={SEED_ID}").json()["events"]
    assert party, "no seed event involves Iran"


@pytest.mark.slow
def test_seed_brief_is_between_russia_and_iran_newest_first(coded):
    brief = coded.get("/brief?a=RUS&b=IRN").json()
    assert brief["between"], "no event between Russia and Iran in the seed and corpus"
    for e in brief["between"]:
        assert _sides(e, "actor") & {"RUS", "IRN"} and _sides(e, "recipient") & {"RUS", "IRN"}
        assert e["attribution"]["status"] in STATUSES
        assert e["evidence"]["sentence"] == e["text"]
    dates = [e["date"] for e in brief["between"] if e["date"]]
    assert dates == sorted(dates, reverse=True)
    for e in brief["about"]:
        assert not (_sides(e, "actor") & {"RUS", "IRN"})


@pytest.mark.slow
def test_every_coded_article_has_spans_that_slice_its_text(coded):
    events = coded.get("/events?limit=500").json()["events"]
    for article_id in sorted({e["article_id"] for e in events}):
        article = coded.get(f"/articles/{article_id}").json()
        for span in article["spans"]:
            assert article["text"][span["start"]:span["end"]] == span["text"]
        for event in article["events"]:
            _check_spans(event, article["text"])


@pytest.mark.slow
def test_every_coded_event_detail_has_consistent_evidence(coded):
    for listed in coded.get("/events?limit=500").json()["events"]:
        detail = coded.get(f"/events/{listed['id']}").json()
        assert detail["event"] in PLOVER_TYPES
        ev = detail["evidence"]
        assert ev["sentence"] == listed["text"]
        assert "trigger" in {p["part"] for p in ev["parts"]}
        for part in ev["parts"]:
            assert ev["sentence"][part["start"]:part["end"]] == part["text"]


@pytest.mark.slow
def test_listing_and_counts_agree_with_the_store(coded):
    with duckdb.connect(str(pipeline_store()), read_only=True) as con:
        n_events = con.execute("SELECT count(*) FROM events").fetchone()[0]
        n_articles = con.execute("SELECT count(*) FROM articles").fetchone()[0]
        protests = con.execute("SELECT count(*) FROM events WHERE event = 'PROTEST'").fetchone()[0]
    assert coded.get("/events").json()["total"] == n_events > 0
    assert coded.get("/health").json()["articles"] == n_articles == 22
    assert coded.get("/events?type=PROTEST").json()["total"] == protests > 0
    months = coded.get("/events?from=2022-08-01&to=2022-08-31&limit=500").json()["events"]
    assert all("2022-08-01" <= e["date"] <= "2022-08-31" for e in months)


@pytest.mark.slow
def test_ingest_codes_articles_into_the_store_with_the_token(tmp_path):
    import shutil

    db = tmp_path / "ingest.duckdb"
    shutil.copy(pipeline_store(), db)
    line = json.dumps({"id": "ingested-1", "date": "2022-12-01", "text": "Iran accused Russia of breaking its promises on Monday."})
    with TestClient(create_app(db, token="t0ken", ingest=_ingest())) as c:
        response = c.post("/ingest", content=line.encode(), headers={"Authorization": "Bearer t0ken"})
        assert response.status_code == 200, response.text
        assert response.json()["articles"] == 1
        assert c.get("/articles/ingested-1").json()["published"] == "2022-12-01"


@pytest.mark.slow
def test_eventwire_serve_answers_over_http(tmp_path):
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "eventwire", "serve", "--db", str(pipeline_store()), "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"{base}/health", timeout=2) as r:
                    assert json.load(r)["read_only"] is True
                break
            except (urllib.error.URLError, ConnectionError):
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError(f"server did not start: {proc.stderr.read().decode()}") from None
                time.sleep(0.2)
        with urllib.request.urlopen(f"{base}/events?actor=IRN", timeout=5) as r:
            events = json.load(r)["events"]
        assert events and all("IRN" in _sides(e, "actor") for e in events)
        with pytest.raises(urllib.error.HTTPError) as err:
            urllib.request.urlopen(f"{base}/events?nonsense=1", timeout=5)
        assert err.value.code == 400
        with urllib.request.urlopen(f"{base}/", timeout=5) as r:
            assert b"eventwire" in r.read()
    finally:
        proc.terminate()
        proc.wait(timeout=10)
