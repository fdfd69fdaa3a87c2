"""The Spark engine codes exactly what the local engine codes (Spark local[2], a real session)."""

import json
import shutil
from pathlib import Path

import pytest

from eventwire.store.duckdb import Store

pytestmark = pytest.mark.slow
pyspark = pytest.importorskip("pyspark")
ROOT = Path(__file__).resolve().parent.parent

ARTICLES = [
    {"id": "k1", "date": "2023-03-14", "source": "Reuters",
     "text": "Russian forces shelled Kharkiv on Monday, killing three civilians, Ukrainian officials said. "
             "Ukraine's foreign ministry condemned the attack and urged allies to send more air defence systems."},
    {"id": "k2", "date": "2023-03-15", "source": "AFP",
     "text": "Thousands of protesters marched in Paris on Tuesday against the pension reform. Police detained "
             "dozens of demonstrators after clashes near the National Assembly."},
    {"id": "k3", "date": "2023-03-16", "source": "AP",
     "text": "China and Brazil signed a trade agreement in Beijing on Wednesday. The United States imposed new "
             "sanctions on Iran's oil exports, the Treasury Department said."},
]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("corpus")
    shutil.copy(ROOT / "examples" / "000_392aff288c130560.txt", folder)
    (folder / "wire.jsonl").write_text("".join(json.dumps(a) + "\n" for a in ARTICLES) + "{broken\n", encoding="utf-8")
    return folder


def _records(db):
    with Store(db, read_only=True) as store:
        records = list(store.iter_plover())
        counts = {t: store.count(t) for t in ("articles", "sentences", "actors", "events")}
    return sorted(records, key=lambda r: r["id"]), counts


def test_spark_local2_events_equal_the_local_engine(corpus, tmp_path):
    from click.testing import CliRunner

    from eventwire.cli import main

    runner = CliRunner()
    local = runner.invoke(main, ["code", str(corpus), "--db", str(tmp_path / "local.duckdb"), "--workers", "1"])
    assert local.exit_code == 0, local.output
    spark = runner.invoke(main, ["code", str(corpus), "--engine", "spark", "--master", "local[2]",
                                 "--out", str(tmp_path / "pq")])
    assert spark.exit_code == 0, spark.output
    assert "4 articles" in spark.stdout and "1 skipped records" in spark.stdout
    assert "wire.jsonl:4" in spark.stderr
    loaded = runner.invoke(main, ["load", str(tmp_path / "pq"), "--db", str(tmp_path / "spark.duckdb")])
    assert loaded.exit_code == 0, loaded.output

    local_records, local_counts = _records(tmp_path / "local.duckdb")
    spark_records, spark_counts = _records(tmp_path / "spark.duckdb")
    assert local_records, "the local engine coded events"
    assert spark_counts == local_counts
    assert spark_records == local_records
    for table in ("articles", "events"):
        assert list((tmp_path / "pq" / table).glob("*.parquet"))


def test_spark_load_stores_what_eventwire_code_stores_duplicates_and_clusters_too(tmp_path):
    from click.testing import CliRunner

    from eventwire.cli import main
    from tests.test_corpus import corpus_lines, store_snapshot

    (tmp_path / "wire.jsonl").write_text("\n".join(corpus_lines()) + "\n", encoding="utf-8")
    runner = CliRunner()
    local = runner.invoke(main, ["code", str(tmp_path / "wire.jsonl"), "--db", str(tmp_path / "local.duckdb"),
                                 "--workers", "1"])
    assert local.exit_code == 0, local.output
    spark = runner.invoke(main, ["code", str(tmp_path / "wire.jsonl"), "--engine", "spark", "--master", "local[2]",
                                 "--out", str(tmp_path / "pq")])
    assert spark.exit_code == 0, spark.output
    loaded = runner.invoke(main, ["load", str(tmp_path / "pq"), "--db", str(tmp_path / "spark.duckdb")])
    assert loaded.exit_code == 0, loaded.output
    assert "3 articles loaded" in loaded.stdout and "1 duplicates" in loaded.stdout

    here, there = store_snapshot(tmp_path / "local.duckdb"), store_snapshot(tmp_path / "spark.duckdb")
    assert here["events"] and [d[:2] for d in here["duplicates"]] == [("wire-001-copy", "wire-001")]
    assert there == here
    again = runner.invoke(main, ["load", str(tmp_path / "pq"), "--db", str(tmp_path / "spark.duckdb")])
    assert "0 articles loaded" in again.stdout and "4 unchanged" in again.stdout  # the copy is stored too
