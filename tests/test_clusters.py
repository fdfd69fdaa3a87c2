"""Clusters kept up to date batch by batch are the clusters a full rebuild gives from the same events."""

import datetime as dt
import random

import pytest

from eventwire.corpus import code_corpus
from eventwire.records import Actor, Article, Attribution, DateRef, Place, Result
from eventwire.settings import Settings
from eventwire.store.clusters import clusters_current, rebuild_clusters
from eventwire.store.duckdb import Store
from eventwire.store.schema import tables_of
from tests.test_store import make_event

SIDES = [Actor("RUSGOV", "RUS", "GOV", "Moscow"), Actor("RUS", "RUS", None, "Russia"), Actor("IRN", "IRN", None),
         Actor("NATO", "IGO", None, "NATO"), Actor("UN", "IGO", None, "UN"), None]
PLACE = Place("Iran", "Iran", "IRN", None, 32.0, 53.0, 130758, 1, 30, 34)
PRECISIONS = ["day", "day", "day", "publication", "week", "month", "year", "decade", None]


def _date(rng: random.Random) -> DateRef | None:
    precision = rng.choice(PRECISIONS)
    if precision is None:
        return None if rng.random() < 0.5 else DateRef(None, None, "once")
    day = dt.date(2021, 12, 20) + dt.timedelta(days=rng.randrange(60))
    value = {"week": day - dt.timedelta(days=day.weekday()), "month": day.replace(day=1),
             "year": day.replace(month=1, day=1), "decade": dt.date(2020, 1, 1)}.get(precision, day)
    return DateRef(value, precision, "then")


def _result(rng: random.Random, article_id: str) -> Result:
    events = []
    for n in range(rng.randrange(0, 6)):
        status = "negated" if rng.random() < 0.15 else "asserted"
        events.append(make_event(
            article_id, rng.choice(["CONSULT", "ACCUSE"]), rng.choice(SIDES), rng.choice(SIDES), start=10 * n,
            date=_date(rng), place=PLACE if rng.random() < 0.5 else None,
            attribution=Attribution(status, None, None, None)))
    article = Article(article_id, f"text {article_id} {rng.random()}", dt.date(2022, 1, 5),
                      source=rng.choice(["AP", "AFP", None]))
    return Result(article, (), (), tuple(events))


def _snapshot(store: Store) -> dict[str, list]:
    con = store.con
    return {"clusters": con.execute("SELECT * FROM event_clusters ORDER BY cluster_id").fetchall(),
            "mentions": con.execute("SELECT * FROM event_mentions ORDER BY ALL").fetchall()}


def _history(store: Store, rng: random.Random, steps: int) -> None:
    """Batches of new and recoded articles, and copies recorded in between, as runs write them."""
    ids = [f"a{i}" for i in range(12)]
    for step in range(steps):
        if step and rng.random() < 0.3:
            original = rng.choice(ids)
            copy = rng.choice([f"d{step}", rng.choice(ids)])
            if copy != original:
                store.write_duplicates([{"id": copy, "duplicate_of": original, "similarity": 0.9,
                                         "source": rng.choice(["Reuters", None])}])
            continue
        store.write([_result(rng, article_id) for article_id in rng.sample(ids, rng.randrange(1, 4))])


@pytest.mark.parametrize("seed", range(5))
def test_clusters_kept_batch_by_batch_equal_a_full_rebuild(tmp_path, seed):
    rng = random.Random(seed)
    with Store(tmp_path / "s.duckdb") as store:
        _history(store, rng, 20)
        assert clusters_current(store.con)
        kept = _snapshot(store)
        assert kept["clusters"], "the history clustered nothing"
        rebuild_clusters(store)
        assert _snapshot(store) == kept


def _coder(results: dict[str, Result]):
    def code(articles):
        batch = [results[a.id] for a in articles]
        for i in range(0, len(batch), 3):
            yield tables_of(batch[i:i + 3])
    return code


def test_a_store_built_in_two_runs_has_the_clusters_of_one_run_over_the_same_events(tmp_path):
    rng = random.Random(99)
    results = {f"a{i}": _result(rng, f"a{i}") for i in range(40)}
    articles = [r.article for r in results.values()]
    settings = Settings.load()
    with Store(tmp_path / "two.duckdb") as two:
        code_corpus(two, articles[:25], settings, coder=_coder(results))
        counts = code_corpus(two, articles[25:], settings, coder=_coder(results))
        incremental = _snapshot(two)
    with Store(tmp_path / "one.duckdb") as one:
        code_corpus(one, articles, settings, coder=_coder(results))
        rebuild_clusters(one)
        whole = _snapshot(one)
    assert incremental == whole and counts.clusters == len(whole["clusters"]) > 10


def test_a_store_written_without_clusters_is_clustered_whole_by_the_next_run(tmp_path):
    rng = random.Random(5)
    results = {f"a{i}": _result(rng, f"a{i}") for i in range(10)}
    with Store(tmp_path / "s.duckdb") as store:
        store.insert("events", tables_of(list(results.values()))["events"])  # as a store from an older eventwire
        store.insert("articles", tables_of(list(results.values()))["articles"])
        assert not clusters_current(store.con)
        code_corpus(store, [], Settings.load(), coder=_coder(results))
        assert clusters_current(store.con)
        kept = _snapshot(store)
        rebuild_clusters(store)
        assert _snapshot(store) == kept and kept["clusters"]


def test_the_clusters_command_repairs_a_store_the_gdelt_export_refuses(tmp_path):
    from click.testing import CliRunner

    from eventwire.cli import main

    rng = random.Random(8)
    tables = tables_of([_result(rng, f"a{i}") for i in range(8)])
    db = tmp_path / "s.duckdb"
    with Store(db) as store:
        store.insert("events", tables["events"])
        store.insert("articles", tables["articles"])
    refused = CliRunner().invoke(main, ["export", "--db", str(db), "--format", "gdelt-events", "-o", str(tmp_path / "e.tsv")])
    assert refused.exit_code == 2 and "eventwire clusters" in refused.output and not (tmp_path / "e.tsv").exists()
    repaired = CliRunner().invoke(main, ["clusters", "--db", str(db)])
    assert repaired.exit_code == 0 and "rebuilt from" in repaired.output
    with Store(db, read_only=True) as store:
        n = store.count("event_clusters")
    assert n > 0 and f"{n} event clusters, current" in CliRunner().invoke(main, ["clusters", "--db", str(db)]).output
    assert f"{n} event clusters rebuilt" in CliRunner().invoke(main, ["clusters", "--db", str(db), "--rebuild"]).output
    exported = CliRunner().invoke(main, ["export", "--db", str(db), "--format", "gdelt-events", "-o", str(tmp_path / "e.tsv")])
    assert exported.exit_code == 0 and len((tmp_path / "e.tsv").read_text().splitlines()) == n
