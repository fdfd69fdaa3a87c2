"""Exports of stored events in the formats analysts' tools read."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from typing import Any, TextIO

from eventwire.errors import ConfigError

FORMATS = ("plover", "csv")

# Flat CSV columns: the PLOVER record with nested objects spelled out.
CSV_COLUMNS = (
    "id", "article_id", "date", "date_precision", "date_text", "event", "mode", "context",
    "actor_code", "actor_country", "actor_sector", "actor_text",
    "recipient_code", "recipient_country", "recipient_sector", "recipient_text",
    "status", "speaker", "cue", "reported_by_code",
    "place", "place_country", "lat", "lon",
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


def write(records: Iterable[dict[str, Any]], fmt: str, out: TextIO) -> int:
    """Write records in a named format; returns how many."""
    writers = {"plover": write_plover, "csv": write_csv}
    if fmt not in writers:
        raise ConfigError(f"No export format {fmt!r}. Formats: {', '.join(writers)}")
    return writers[fmt](records, out)
