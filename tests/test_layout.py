"""Laying the events out newest first (``eventwire optimize``) keeps every row and every answer of the API."""

import shutil

from click.testing import CliRunner
from fastapi.testclient import TestClient

from eventwire.cli import main
from eventwire.serve.api import create_app
from eventwire.store.clusters import clusters_current, rebuild_clusters
from eventwire.store.duckdb import Store
from tests.serve_stores import hand_results
from tests.test_serve_scale import ROWS_SQL

PATHS = [
    "/events", "/events?limit=500", "/events?actor=RUS&limit=500", "/events?party=IRN&limit=40&offset=30",
    "/events?party=RUS&other=USA&limit=500", "/events?type=ACCUSE&limit=500", "/events?from=2022-03-01&to=2022-09-30",
    "/events?format=csv&limit=500", "/dyads?actor=RUS", "/dyads?actor=IRN&recipient=USA&interval=week",
    "/dyads?actor=USA&recipient=RUS&directed=true&include_negated=true", "/brief?a=RUS&b=IRN", "/brief?a=USA&b=CHN",
    "/actors?limit=500", "/actors/RUS", "/actors/IRNGOV", "/network", "/places", "/events/e30", "/articles/seed",
]


def _answers(db):
    with TestClient(create_app(db)) as client:
        return {path: (r.status_code, r.content) for path in PATHS for r in [client.get(path)]}


def _stored(db):
    with Store(db, read_only=True) as store:
        rows = store.con.execute("SELECT * FROM events ORDER BY id").fetchall()
        order = store.con.execute("SELECT id, date FROM events ORDER BY rowid").fetchall()
    return rows, order


def _store_of_many_rows(path):
    with Store(path) as store:
        store.write(hand_results())
        store.con.execute(ROWS_SQL)  # rows of every date in no order, as runs leave them, and some undated
        rebuild_clusters(store)
    return path


def test_optimizing_lays_the_events_newest_first_keeping_every_row_and_answer(tmp_path):
    db = _store_of_many_rows(tmp_path / "s.duckdb")
    rows, order = _stored(db)
    before = _answers(db)
    result = CliRunner().invoke(main, ["optimize", "--db", str(db)], catch_exceptions=False)
    assert result.exit_code == 0 and f"{len(rows)} events laid out newest first" in result.output
    rows_after, order_after = _stored(db)
    assert rows_after == rows
    dates = [d for _, d in order_after]
    dated = [d for d in dates if d is not None]
    assert dated == sorted(dated, reverse=True) and dates[len(dated):] == [None] * (len(dates) - len(dated))
    assert dates != [d for _, d in order]  # it was not laid out so before
    # Within a day the rows keep the order they were stored in (an article's events in text order).
    for day in {d for d in dates}:
        assert [i for i, d in order_after if d == day] == [i for i, d in order if d == day]
    assert _answers(db) == before
    assert all(status == 200 for status, _ in before.values())


def test_a_store_written_after_optimizing_answers_as_one_never_optimized(tmp_path):
    plain = _store_of_many_rows(tmp_path / "plain.duckdb")
    laid_out = tmp_path / "laid-out.duckdb"
    shutil.copy(plain, laid_out)
    with Store(laid_out) as store:
        store.sort_events()
    recoded = hand_results()[:2]  # coding articles again replaces their rows, wherever they lie
    clusters = []
    for db in (plain, laid_out):
        with Store(db) as store:
            store.write(recoded)
            assert clusters_current(store.con)
            clusters.append(store.con.execute("SELECT * FROM event_clusters ORDER BY cluster_id").fetchall())
    assert clusters[0] == clusters[1] and clusters[0]
    assert _answers(laid_out) == _answers(plain)
