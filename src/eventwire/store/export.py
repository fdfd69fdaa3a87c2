"""Exports of stored events in the formats analysts' tools read."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any, TextIO

from eventwire.errors import ConfigError

FORMATS = ("plover", "csv", "polecat", "gdelt-events", "gdelt-mentions", "parquet")

# Flat CSV columns: the PLOVER record with nested objects spelled out.
CSV_COLUMNS = (
    "id", "article_id", "date", "date_precision", "date_text", "event", "mode", "context",
    "actor_code", "actor_country", "actor_sector", "actor_text",
    "recipient_code", "recipient_country", "recipient_sector", "recipient_text",
    "status", "speaker", "cue", "reported_by_code",
    "place", "place_parent", "place_country", "lat", "lon",
    "cameo", "goldstein", "quad_code", "event_text", "text", "confidence",
)


def write_plover(records: Iterable[dict[str, Any]], out: TextIO) -> int:
    """Write PLOVER records as JSON Lines; returns how many."""
    n = 0
    for record in records:
        out.write(json.dumps(record, ensure_ascii=False))
        out.write("\n")
        n += 1
    return n


def flat(record: dict[str, Any]) -> dict[str, Any]:
    """A PLOVER record as one flat row of CSV_COLUMNS."""
    actor = record.get("actor") or {}
    recipient = record.get("recipient") or {}
    att = record.get("attribution") or {}
    loc = record.get("event_loc") or {}
    reported = att.get("reported_by") or {}
    return {
        **{k: record.get(k) for k in ("id", "article_id", "date", "date_precision", "date_text", "event", "mode")},
        "context": ";".join(record.get("context") or []),
        "actor_code": actor.get("code"),
        "actor_country": actor.get("country"),
        "actor_sector": actor.get("sector"),
        "actor_text": actor.get("entity_text"),
        "recipient_code": recipient.get("code"),
        "recipient_country": recipient.get("country"),
        "recipient_sector": recipient.get("sector"),
        "recipient_text": recipient.get("entity_text"),
        "status": att.get("status"),
        "speaker": att.get("speaker"),
        "cue": att.get("cue"),
        "reported_by_code": reported.get("code"),
        "place": loc.get("resolved_place") or loc.get("extracted_place"),
        "place_parent": loc.get("parent"),
        "place_country": loc.get("country_code"),
        "lat": loc.get("lat"),
        "lon": loc.get("lon"),
        **{k: record.get(k) for k in ("cameo", "goldstein", "quad_code", "event_text", "text", "confidence")},
    }


def write_csv(records: Iterable[dict[str, Any]], out: TextIO) -> int:
    """Write PLOVER records as flat CSV with a header; returns how many."""
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    n = 0
    for record in records:
        writer.writerow(flat(record))
        n += 1
    return n


# POLECAT's public release columns where eventwire has the field, then eventwire's own
# (attribution, evidence); tab-separated with a header.
POLECAT_COLUMNS = (
    "Event ID", "Event Date", "Event Type", "Event Mode", "Intensity", "Quad Code", "Contexts",
    "Actor Name", "Actor Country", "Primary Actor Sector", "Actor Title", "Actor Name Raw",
    "Recipient Name", "Recipient Country", "Primary Recipient Sector", "Recipient Title", "Recipient Name Raw",
    "Placename", "Province", "Country", "Latitude", "Longitude", "GeoNames ID", "Raw Placename",
    "Parent Placename", "Story ID", "Date Precision", "Status", "Speaker", "Reported By", "CAMEO", "Sentence",
)


def polecat_row(record: dict[str, Any]) -> list[Any]:
    """A PLOVER record as a POLECAT-style row."""
    actor = record.get("actor") or {}
    recipient = record.get("recipient") or {}
    loc = record.get("event_loc") or {}
    att = record.get("attribution") or {}
    return [
        record["id"], record.get("date"), record["event"], record.get("mode"), record.get("goldstein"),
        record.get("quad_code"), ";".join(record.get("context") or []),
        actor.get("name") or actor.get("code"), actor.get("country"), actor.get("sector"), actor.get("title"),
        actor.get("entity_text"),
        recipient.get("name") or recipient.get("code"), recipient.get("country"), recipient.get("sector"),
        recipient.get("title"), recipient.get("entity_text"),
        loc.get("resolved_place"), loc.get("admin1"), loc.get("country_code"), loc.get("lat"), loc.get("lon"),
        loc.get("geonameid"), loc.get("extracted_place"), loc.get("parent"),
        record["article_id"], record.get("date_precision"), att.get("status"), att.get("speaker"),
        (att.get("reported_by") or {}).get("code"), record.get("cameo"), record.get("text"),
    ]


def write_polecat(records: Iterable[dict[str, Any]], out: TextIO) -> int:
    """Write PLOVER records as POLECAT-style TSV with a header; returns how many."""
    writer = csv.writer(out, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_NONE, escapechar="\\")
    writer.writerow(POLECAT_COLUMNS)
    n = 0
    for record in records:
        writer.writerow(["" if v is None else str(v).replace("\t", " ").replace("\n", " ") for v in polecat_row(record)])
        n += 1
    return n


def write_parquet(con: Any, directory: Path) -> int:
    """Write the events table as Parquet partitioned by year and month (hive style: year=2022/month=10/).

    Events with no date go to ``year=0/month=0``: a null partition value would
    stop pandas and pyarrow from reading the dataset as a whole. Returns rows written.
    """
    import pyarrow.dataset as ds

    table = con.sql(
        "SELECT *, CAST(coalesce(year(date), 0) AS INTEGER) AS year, CAST(coalesce(month(date), 0) AS INTEGER) AS month "
        "FROM events ORDER BY date NULLS LAST, article_id, trigger_start"
    ).to_arrow_table()
    directory.mkdir(parents=True, exist_ok=True)
    ds.write_dataset(
        table, directory, format="parquet", partitioning=["year", "month"], partitioning_flavor="hive",
        existing_data_behavior="delete_matching", basename_template="events-{i}.parquet",
    )
    return table.num_rows


def write(records: Iterable[dict[str, Any]], fmt: str, out: TextIO) -> int:
    """Write PLOVER records in a record format (plover, csv, polecat); returns how many."""
    writers = {"plover": write_plover, "csv": write_csv, "polecat": write_polecat}
    if fmt not in writers:
        raise ConfigError(f"No record export format {fmt!r}. Formats: {', '.join(writers)}")
    return writers[fmt](records, out)
