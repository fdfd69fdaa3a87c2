"""The one job that codes a corpus into a store: dedup, code, store, clusters and counts, from every door.

Fast tests code with a coder that hands out results built by hand (the
store, dedup and clusters are real); slow tests run the real pipeline and
check that ``eventwire code`` and the API's ingest store the same events,
duplicates and clusters for the same input (``tests/test_spark.py`` checks
the Spark load against the CLI the same way).
"""

from __future__ import annotations

import dataclasses
import functools
import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from eventwire.batches import batched
from eventwire.corpus import CorpusCounts, code_corpus, ingest_jsonl
from eventwire.errors import ConfigError, InputError
from eventwire.records import Article, Result
from eventwire.scale.spark import OUTPUT_TABLES, SparkOutput
from eventwire.settings import Settings
from eventwire.store.duckdb import Store
from eventwire.store.schema import tables_of
from tests.serve_stores import hand_results

ROOT = Path(__file__).resolve().parent.parent
SETTINGS = Settings.load(batch_size=2)


def _copy(result: Result, article_id: str, source: str) -> Article:
    return dataclasses.replace(result.article, id=article_id, source=source)


def _hand_coder(results: list[Result]):
    """Codes each article with its hand-built result, two a batch."""
    by_id = {r.article.id: r for r in results}

    def code(articles):
        for batch in batched(articles, 2):
            yield tables_of([by_id[a.id] for a in batch])

    return code


def store_snapshot(db: Path) -> dict[str, list]:
    """What a run leaves in the store, independent of where the input was read from."""
    with Store(db, read_only=True) as store:
        con = store.con
        return {
            "events": sorted((json.dumps(r, sort_keys=True) for r in store.iter_plover())),
            "articles": con.execute("SELECT id, content_hash, n_sentences, n_events FROM articles ORDER BY id").fetchall(),
            "duplicates": con.execute("SELECT id, duplicate_of, round(similarity, 9), content_hash FROM duplicates "
                                      "ORDER BY id").fetchall(),
            "clusters": con.execute("SELECT * FROM event_clusters ORDER BY cluster_id").fetchall(),
            "mentions": con.execute("SELECT * FROM event_mentions ORDER BY ALL").fetchall(),
            "fingerprints": con.execute("SELECT article_id, exact FROM fingerprints ORDER BY ALL").fetchall(),
        }


def test_a_run_stores_coded_articles_records_copies_and_rebuilds_clusters(tmp_path):
    results = hand_results()
    copy = _copy(results[0], "seed-copy", "wire")
    seen: list[CorpusCounts] = []
    with Store(tmp_path / "s.duckdb") as store:
        articles = [results[0].article, copy, results[1].article, results[2].article]
        counts = code_corpus(store, articles, SETTINGS, coder=_hand_coder(results), progress=seen.append)
        assert (counts.articles, counts.unchanged, counts.duplicates) == (3, 0, 1)
        assert counts.events == sum(len(r.events) for r in results) == store.count("events")
        assert counts.sentences == sum(len(r.sentences) for r in results) == store.count("sentences")
        assert counts.clusters == store.count("event_clusters") > 0
        assert store.con.execute("SELECT id, duplicate_of FROM duplicates").fetchall() == [("seed-copy", "seed")]
        via_copy = store.con.execute("SELECT count(*) FROM event_mentions WHERE article_id = 'seed-copy' "
                                     "AND via_duplicate = 'seed'").fetchone()[0]
        assert via_copy == len(results[0].events)
        assert store.count("fingerprints") == 3
    assert [c.done for c in seen] == sorted(c.done for c in seen) and seen[-1] == counts
    assert all(c.clusters is None for c in seen[:-1])


def test_a_second_run_skips_what_is_stored_unchanged_and_force_recodes_it(tmp_path):
    results = hand_results()
    articles = [r.article for r in results]
    with Store(tmp_path / "s.duckdb") as store:
        first = code_corpus(store, articles, SETTINGS, coder=_hand_coder(results))
        again = code_corpus(store, articles, SETTINGS, coder=_hand_coder(results))
        assert (again.articles, again.unchanged, again.events, again.clusters) == (0, 3, 0, first.clusters)
        forced = code_corpus(store, articles, SETTINGS, force=True, coder=_hand_coder(results))
        assert (forced.articles, forced.unchanged, forced.events) == (3, 0, first.events)
        assert store.count("events") == first.events


def test_spark_output_loads_through_the_job_like_a_local_run(tmp_path):
    results = hand_results()
    copy = _copy(results[1], "neg-copy", "wire")
    copy_result = Result(copy, tuple(dataclasses.replace(s, article_id=copy.id) for s in results[1].sentences),
                         results[1].mentions, tuple(dataclasses.replace(e, article_id=copy.id) for e in results[1].events))
    pq_dir = tmp_path / "pq"
    # What a Spark run writes: every article coded, copies too, one Parquet folder per table.
    for name, table in tables_of([*results, copy_result]).items():
        if name in OUTPUT_TABLES:
            (pq_dir / name).mkdir(parents=True)
            pq.write_table(table, pq_dir / name / "part-00000.parquet")
    coded = SparkOutput(pq_dir)
    assert len(coded) == 4
    with Store(tmp_path / "spark.duckdb") as store:
        loaded = code_corpus(store, coded.articles(), SETTINGS, coder=coded.coder(SETTINGS.batch_size))
    articles = [r.article for r in results]
    with Store(tmp_path / "local.duckdb") as store:
        local = code_corpus(store, [articles[0], articles[1], articles[2], copy], SETTINGS,
                            coder=_hand_coder(results))
    assert dataclasses.astuple(loaded) == dataclasses.astuple(local)
    spark, here = store_snapshot(tmp_path / "spark.duckdb"), store_snapshot(tmp_path / "local.duckdb")
    assert spark == here and here["duplicates"][0][:2] == ("neg-copy", "neg")


def test_spark_output_without_its_table_folders_is_a_clear_error(tmp_path):
    (tmp_path / "articles").mkdir()
    with pytest.raises(ConfigError, match=r"lacks the Parquet folders \['sentences', 'actors', 'events'\]"):
        SparkOutput(tmp_path)


def test_ingest_stores_nothing_when_a_line_is_bad_and_names_every_bad_line(tmp_path):
    lines = [json.dumps({"id": "a", "text": "Iran protested."}).encode(), b"", b"not json", b'{"id": "b"}', b"[1]"]
    with Store(tmp_path / "s.duckdb") as store:
        with pytest.raises(InputError) as err:
            ingest_jsonl(store, lines, SETTINGS)
        assert store.count("articles") == 0
        with pytest.raises(InputError, match="No articles"):
            ingest_jsonl(store, [b"", b"  "], SETTINGS)
    message = str(err.value)
    assert message.startswith("Nothing was stored")
    assert "line 3: Expecting value" in message and "line 4: missing 'text'" in message
    assert "line 5: expected a JSON object, got list" in message and "line 1:" not in message


# --- the real pipeline -----------------------------------------------------------------------------------


def corpus_lines() -> list[str]:
    """The seed article, two stories of the small wire corpus and a republished copy of the first, as JSON Lines."""
    from eventwire.stages.ingest import read_articles

    seed = next(read_articles([ROOT / "examples" / "000_392aff288c130560.txt"]))
    wire = [json.loads(line) for line in (ROOT / "tests" / "data" / "corpus_small.jsonl").read_text().splitlines()[:2]]
    copy = {**wire[0], "id": "wire-001-copy", "source": "another wire"}
    records = [{"id": seed.id, "date": seed.published.isoformat(), "text": seed.text}, *wire, copy]
    return [json.dumps(r) for r in records]


@pytest.mark.slow
def test_cli_code_and_api_ingest_store_the_same_events_duplicates_and_clusters(tmp_path):
    from click.testing import CliRunner
    from fastapi.testclient import TestClient

    from eventwire.cli import main
    from eventwire.serve.api import create_app

    lines = corpus_lines()
    (tmp_path / "wire.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    done = CliRunner().invoke(main, ["code", str(tmp_path / "wire.jsonl"), "--db", str(tmp_path / "cli.duckdb"),
                                     "--workers", "1"])
    assert done.exit_code == 0, done.output
    assert "3 articles" in done.stdout and "1 duplicates" in done.stdout

    Store(tmp_path / "api.duckdb").close()
    app = create_app(tmp_path / "api.duckdb", token="t",
                     ingest=functools.partial(ingest_jsonl, settings=Settings.load()))
    with TestClient(app) as client:
        response = client.post("/ingest", content="\n".join(lines).encode(), headers={"Authorization": "Bearer t"})
        assert response.status_code == 200, response.text
        body = response.json()
        assert (body["articles"], body["duplicates"], body["unchanged"]) == (3, 1, 0)
        assert body["clusters"] > 0
        again = client.post("/ingest", content=lines[1].encode(), headers={"Authorization": "Bearer t"}).json()
        assert (again["articles"], again["unchanged"], again["clusters"]) == (0, 1, body["clusters"])

    cli, api = store_snapshot(tmp_path / "cli.duckdb"), store_snapshot(tmp_path / "api.duckdb")
    assert cli["events"], "the pipeline coded events"
    assert [d[:2] for d in cli["duplicates"]] == [("wire-001-copy", "wire-001")]
    assert any(m[2] == "wire-001-copy" and m[3] == "wire-001" for m in cli["mentions"]), "the copy counts as a mention"
    assert api == cli
