"""Each export format read back with its column names and types."""

import datetime as dt
import io
import json
import re
from pathlib import Path

import pandas as pd
import pytest
import pyarrow.dataset as ds

from eventwire.records import Actor, DateRef, Place
from eventwire.store import export, gdelt
from eventwire.store.clusters import rebuild_clusters
from eventwire.store.duckdb import Store
from tests.test_store import make_event, make_result

RUS, UKR = Actor("RUSMIL", "RUS", "MIL", "Russian forces"), Actor("UKR", "UKR", None, "Ukraine")
KHARKIV = Place("Kharkiv", "Kharkiv", "UKR", "Kharkivska", 49.98, 36.25, 706483, 4, 40, 47, parent="Kharkivska")


def _store(tmp_path):
    store = Store(tmp_path / "s.duckdb")
    store.write([
        make_result("a1", [make_event("a1", "ASSAULT", RUS, UKR, start=5, place=KHARKIV,
                                      date=DateRef(dt.date(2022, 10, 11), "day", "on Tuesday"), cameo="195",
                                      goldstein=-10.0, quad_code=4),
                           make_event("a1", "ACCUSE", UKR, RUS, start=60, place=None,
                                      date=DateRef(dt.date(2022, 9, 1), "month", "in September"), cameo="112",
                                      goldstein=-2.0, quad_code=3)]),
        make_result("a2", [make_event("a2", "ASSAULT", RUS, UKR, start=9, place=KHARKIV,
                                      date=DateRef(dt.date(2022, 10, 11), "day", "Tuesday"), cameo="195",
                                      goldstein=-10.0, quad_code=4),
                           make_event("a2", "PROTEST", Actor("IRN", "IRN", None), None, start=30, place=None,
                                      date=None, cameo="141", goldstein=-6.5, quad_code=4)]),
    ])
    rebuild_clusters(store)
    return store


def _gdelt_frame(text, columns):
    return pd.read_csv(io.StringIO(text), sep="\t", header=None, names=[c for c, _ in columns],
                       dtype={c: {"INTEGER": "Int64", "FLOAT": "float64", "STRING": "string"}[t] for c, t in columns},
                       quoting=3, keep_default_na=True)


def test_gdelt_events_have_61_typed_columns_one_row_per_cluster(tmp_path):
    with _store(tmp_path) as store:
        out = io.StringIO()
        assert gdelt.write_events(store.con, out) == 3
    assert len(gdelt.EVENT_COLUMNS) == 61
    frame = _gdelt_frame(out.getvalue(), gdelt.EVENT_COLUMNS)
    assert frame.shape == (3, 61)
    assault = frame[frame.EventCode == "195"].iloc[0]
    assert (assault.SQLDATE, assault.MonthYear, assault.Year) == (20221011, 202210, 2022)
    assert (assault.NumMentions, assault.NumArticles, assault.Actor1Code, assault.Actor2CountryCode) == (2, 2, "RUSMIL", "UKR")
    assert (assault.EventRootCode, assault.QuadClass, assault.GoldsteinScale) == ("19", 4, -10.0)
    assert (assault.ActionGeo_Type, assault.ActionGeo_CountryCode, assault.ActionGeo_FeatureID) == (4, "UP", "706483")
    assert pd.isna(assault.AvgTone)
    undated = frame[frame.EventCode == "141"].iloc[0]
    assert pd.isna(undated.SQLDATE)


def test_gdelt_mentions_have_16_typed_columns_one_row_per_mention(tmp_path):
    with _store(tmp_path) as store:
        out = io.StringIO()
        assert gdelt.write_mentions(store.con, out) == 4
        events = io.StringIO()
        gdelt.write_events(store.con, events)
    frame = _gdelt_frame(out.getvalue(), gdelt.MENTION_COLUMNS)
    assert frame.shape == (4, 16)
    ids = set(_gdelt_frame(events.getvalue(), gdelt.EVENT_COLUMNS).GLOBALEVENTID)
    assert set(frame.GLOBALEVENTID) == ids
    assert set(frame.MentionIdentifier) == {"a1", "a2"}
    assert frame.Confidence.between(0, 100).all() and (frame.SentenceID >= 1).all()


def test_polecat_tsv_reads_back_with_its_header(tmp_path):
    with _store(tmp_path) as store:
        out = io.StringIO()
        assert export.write(store.iter_plover(), "polecat", out) == 4
    frame = pd.read_csv(io.StringIO(out.getvalue()), sep="\t", quoting=3)
    assert tuple(frame.columns) == export.POLECAT_COLUMNS
    assert set(frame["Event Type"]) == {"ASSAULT", "ACCUSE", "PROTEST"}
    assert frame["Intensity"].dtype == "float64"
    assert set(frame.loc[frame["Event Type"] == "ASSAULT", "Country"]) == {"UKR"}
    assert set(frame.loc[frame["Event Type"] == "ASSAULT", "Parent Placename"]) == {"Kharkivska"}


def test_csv_reads_back_with_its_header(tmp_path):
    with _store(tmp_path) as store:
        out = io.StringIO()
        export.write(store.iter_plover(), "csv", out)
    frame = pd.read_csv(io.StringIO(out.getvalue()))
    assert tuple(frame.columns) == export.CSV_COLUMNS and len(frame) == 4
    assert frame.goldstein.dtype == "float64" and frame.quad_code.dtype == "int64"
    assert frame.loc[frame.event == "ASSAULT", "place_parent"].tolist() == ["Kharkivska", "Kharkivska"]
    assert frame.loc[frame.event != "ASSAULT", "place_parent"].isna().all()


def test_parquet_is_partitioned_by_year_and_month(tmp_path):
    with _store(tmp_path) as store:
        assert export.write_parquet(store.con, tmp_path / "pq") == 4
    folders = sorted(p.relative_to(tmp_path / "pq").parent.as_posix() for p in (tmp_path / "pq").rglob("*.parquet"))
    assert folders == ["year=0/month=0", "year=2022/month=10", "year=2022/month=9"]
    frame = pd.read_parquet(tmp_path / "pq")
    assert len(frame) == 4
    assert str(frame["goldstein"].dtype) == "float64" and frame["context"].map(list).iloc[0] == ["repression"]
    table = ds.dataset(tmp_path / "pq", partitioning="hive").to_table(filter=ds.field("month") == 10)
    assert table.num_rows == 2


def test_parquet_export_reads_with_polars_and_its_partitions(tmp_path):
    polars = pytest.importorskip("polars")
    with _store(tmp_path) as store:
        export.write_parquet(store.con, tmp_path / "pq")
    frame = polars.scan_parquet(tmp_path / "pq" / "**" / "*.parquet", hive_partitioning=True)
    october = frame.filter((polars.col("year") == 2022) & (polars.col("month") == 10)).collect()
    assert october.height == 2 and set(october["event"]) == {"ASSAULT"}
    assert october.schema["goldstein"] == polars.Float64 and october["goldstein"].to_list() == [-10.0, -10.0]
    assert october["context"].to_list()[0] == ["repression"]
    assert frame.collect().height == 4


def test_the_readmes_snippets_for_analysts_read_the_exports(tmp_path, monkeypatch):
    pytest.importorskip("polars")
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Reading the exports", 1)[1].split("\n## ", 1)[0]
    snippets = re.findall(r"^```python\n(.*?)^```$", section, re.M | re.S)
    assert len(snippets) == 2
    with _store(tmp_path) as store:
        export.write_parquet(store.con, tmp_path / "events")
        with open(tmp_path / "events.export.CSV", "w", encoding="utf-8") as out:
            gdelt.write_events(store.con, out)
    monkeypatch.chdir(tmp_path)
    names: dict = {}
    for snippet in snippets:
        exec(compile(snippet, "README.md", "exec"), names)
    assert len(names["frame"]) == 4
    assert names["accusations"]["actor_code"].to_list() == ["UKR"]
    assert names["gdelt"].shape == (3, 61) and names["gdelt"]["EventCode"].tolist()[0].isdigit()


def test_plover_export_is_one_json_record_per_event(tmp_path):
    with _store(tmp_path) as store:
        out = io.StringIO()
        export.write(store.iter_plover(), "plover", out)
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    assert {r["event"] for r in records} == {"ASSAULT", "ACCUSE", "PROTEST"} and len(records) == 4
