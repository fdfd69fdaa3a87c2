"""Read-only queries the API answers from the store: events, their evidence, articles, places.

:mod:`eventwire.serve.relations` answers the questions about actors and the
relations between them.

Every value a caller gives travels as a bound parameter; the only text put
into SQL is chosen here from fixed tables (column lists, the time unit).
Negated events ("Iran did not send troops") are listed, flagged, but left
out of counts and time series unless asked for.
"""

from __future__ import annotations

import logging
from typing import Any

import duckdb

from eventwire.records import iso_text
from eventwire.store.query import EXACT_GOLDSTEIN, EventQuery
from eventwire.store.schema import plover_from_row

log = logging.getLogger(__name__)

# Character spans of an event into its article text: name -> (start column, end column).
SPAN_COLUMNS = {
    "sentence": ("sentence_start", "sentence_end"),
    "trigger": ("trigger_start", "trigger_end"),
    "actor": ("actor_start", "actor_end"),
    "recipient": ("recipient_start", "recipient_end"),
    "date": ("date_start", "date_end"),
    "place": ("place_start", "place_end"),
}

# Columns of the flat CSV listing, in order.
CSV_COLUMNS = (
    "id", "article_id", "date", "date_precision", "event", "mode", "context", "status",
    "actor_code", "actor_country", "actor_entity_text", "recipient_code", "recipient_country",
    "recipient_entity_text", "reported_by_country", "speaker", "place_resolved_place",
    "place_parent", "place_country_code", "place_lat", "place_lon", "goldstein", "quad_code", "event_text", "text",
)

# Newest first; within a day in storage order (an article's events are stored in text order). Sorting on the
# integer rowid rather than on string columns keeps a top-N over 100,000s of rows in a few milliseconds.
ORDER_NEWEST = "date DESC NULLS LAST, rowid"


def fetch_rows(cur: duckdb.DuckDBPyConnection, sql: str, params: list[Any]) -> list[dict[str, Any]]:
    """The rows of a query as dicts by column name."""
    cur.execute(sql, params)
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]


def spans_of(row: dict[str, Any]) -> dict[str, list[int]]:
    """The character spans (into the article text) an events-table row records, by part."""
    spans: dict[str, list[int]] = {}
    for name, (start, end) in SPAN_COLUMNS.items():
        if row.get(start) is not None and row.get(end) is not None:
            spans[name] = [row[start], row[end]]
    return spans


def event_record(row: dict[str, Any]) -> dict[str, Any]:
    """An events-table row as the API shows it: the PLOVER record, its spans and a negated flag."""
    record = plover_from_row(row)
    record["negated"] = row.get("status") == "negated"
    record["spans"] = spans_of(row)
    return record


def csv_row(row: dict[str, Any]) -> dict[str, Any]:
    """An events-table row reduced to the flat CSV columns."""
    out = {name: row.get(name) for name in CSV_COLUMNS}
    out["context"] = ";".join(row.get("context") or [])
    out["date"] = iso_text(out["date"])
    return out


def list_events(cur: duckdb.DuckDBPyConnection, query: EventQuery, limit: int, offset: int) -> tuple[int, list[dict[str, Any]]]:
    """The total number of matching events and one page of their rows, newest first."""
    cond, params = query.where()
    # Two steps: sort and page on narrow columns, then read the wide rows of that page only.
    page = [r[0] for r in cur.execute(
        f"SELECT rowid FROM events WHERE {cond} ORDER BY {ORDER_NEWEST} LIMIT ? OFFSET ?", [*params, limit, offset]
    ).fetchall()]
    if 0 < len(page) < limit or (not page and offset == 0):
        total = offset + len(page)  # the last page: the total needs no second scan
    else:
        total = cur.execute(f"SELECT count(*) FROM events WHERE {cond}", params).fetchall()[0][0]
    return total, rows_by_rowid(cur, page)


def rows_by_rowid(cur: duckdb.DuckDBPyConnection, rowids: list[int]) -> list[dict[str, Any]]:
    """The whole events-table rows at these rowids, in the order given (a rowid given twice, twice).

    Paging sorts narrow columns and reads the wide rows of the page only: carrying every column of
    every match through the sort costs several times more.
    """
    if not rowids:
        return []
    rows = fetch_rows(cur, "SELECT *, rowid AS _rowid FROM events WHERE rowid BETWEEN ? AND ? AND rowid = ANY(?)",
                      [min(rowids), max(rowids), sorted(set(rowids))])
    by_rowid = {r.pop("_rowid"): r for r in rows}
    return [dict(by_rowid[rowid]) for rowid in rowids if rowid in by_rowid]


def event_detail(cur: duckdb.DuckDBPyConnection, event_id: str) -> dict[str, Any] | None:
    """One event with its evidence, the mentions of its actors in the article, and other reports of it.

    Returns None when no event has that id.
    """
    rows = fetch_rows(cur, "SELECT * FROM events WHERE id = ? LIMIT 1", [event_id])
    if not rows:
        return None
    row = rows[0]
    record = event_record(row)
    article = article_head(cur, row["article_id"])
    record["article"] = article
    record["evidence"] = evidence_of(row)
    codes = [c for c in (row.get("actor_code"), row.get("recipient_code")) if c]
    countries = [c for c in (row.get("actor_country"), row.get("recipient_country")) if c]
    mentions: list[dict[str, Any]] = []
    if codes or countries:
        mentions = fetch_rows(
            cur,
            "SELECT start_char, end_char, text, kind, code, country, sector, name, title FROM actors "
            "WHERE article_id = ? AND (list_contains(?, code) OR list_contains(?, country)) ORDER BY start_char",
            [row["article_id"], codes, countries],
        )
    record["mentions"] = mentions
    # The same happening told by other articles (one report each, never this event's own): same type,
    # sides and day.
    record["reports"] = [
        {"id": r["id"], "article_id": r["article_id"], "status": r["status"], "text": r["text"],
         "reported_by": r["reported_by_country"], "published": iso_text(r["published"]), "title": r["title"]}
        for r in fetch_rows(
            cur,
            "SELECT e.id, e.article_id, e.status, e.text, e.reported_by_country, a.published, a.title "
            "FROM events e LEFT JOIN articles a ON a.id = e.article_id "
            "WHERE e.article_id <> ? AND e.event = ? AND e.actor_country IS NOT DISTINCT FROM ? "
            "AND e.recipient_country IS NOT DISTINCT FROM ? AND e.date IS NOT DISTINCT FROM ? "
            "QUALIFY row_number() OVER (PARTITION BY e.article_id ORDER BY e.id) = 1 "
            "ORDER BY a.published DESC NULLS LAST, e.id LIMIT 50",
            [row["article_id"], row["event"], row.get("actor_country"), row.get("recipient_country"), row.get("date")],
        )
    ]
    return record


def evidence_of(row: dict[str, Any]) -> dict[str, Any]:
    """The sentence of an event with its parts as spans relative to the sentence, and who says so."""
    base = row.get("sentence_start") or 0
    sentence = row.get("text") or ""
    parts = []
    for name, (start, end) in SPAN_COLUMNS.items():
        if name == "sentence" or row.get(start) is None or row.get(end) is None:
            continue
        s, e = row[start] - base, row[end] - base
        if 0 <= s < e <= len(sentence):
            parts.append({"part": name, "start": s, "end": e, "text": sentence[s:e]})
    parts.sort(key=lambda p: (p["start"], p["end"]))
    return {
        "sentence": sentence,
        "sentence_start": row.get("sentence_start"),
        "parts": parts,
        "status": row.get("status"),
        "speaker": row.get("speaker"),
        "cue": row.get("cue"),
        "reported_by": row.get("reported_by_code") or row.get("reported_by_country"),
    }


def article_head(cur: duckdb.DuckDBPyConnection, article_id: str) -> dict[str, Any] | None:
    """An article's id, title, date, source and url, without its text."""
    rows = fetch_rows(cur, "SELECT id, title, published, source, url FROM articles WHERE id = ?", [article_id])
    if not rows:
        return None
    head = rows[0]
    head["published"] = iso_text(head["published"])
    return head


def article_detail(cur: duckdb.DuckDBPyConnection, article_id: str) -> dict[str, Any] | None:
    """An article's text with its sentences and the character spans of actors, triggers, dates and places.

    Returns None when no article has that id.
    """
    rows = fetch_rows(cur, "SELECT id, title, published, source, url, text, n_sentences, n_events FROM articles WHERE id = ?",
                 [article_id])
    if not rows:
        return None
    article = rows[0]
    article["published"] = iso_text(article["published"])
    article["sentences"] = fetch_rows(
        cur, "SELECT sequence, start_char AS start, end_char AS \"end\" FROM sentences WHERE article_id = ? ORDER BY sequence",
        [article_id])
    spans: list[dict[str, Any]] = [
        {"kind": "mention", "start": m["start_char"], "end": m["end_char"], "text": m["text"],
         "code": m["code"], "country": m["country"], "how": m["kind"]}
        for m in fetch_rows(cur, "SELECT * FROM actors WHERE article_id = ? ORDER BY start_char", [article_id])
    ]
    events = fetch_rows(cur, "SELECT * FROM events WHERE article_id = ? ORDER BY trigger_start, id", [article_id])
    text = article["text"] or ""
    for row in events:
        for name, (start, end) in SPAN_COLUMNS.items():
            if name == "sentence" or row.get(start) is None or row.get(end) is None:
                continue
            code = row.get(f"{name}_code") if name in ("actor", "recipient") else None
            spans.append({"kind": name, "start": row[start], "end": row[end], "text": text[row[start]:row[end]],
                          "event_id": row["id"], "event": row["event"], "code": code})
    spans.sort(key=lambda s: (s["start"], s["end"], s["kind"]))
    article["spans"] = spans
    article["events"] = [event_record(r) for r in events]
    return article


def places(cur: duckdb.DuckDBPyConnection, query: EventQuery, limit: int) -> list[dict[str, Any]]:
    """Event locations with counts: resolved points, or the country where only that is known."""
    cond, params = query.where()
    return fetch_rows(cur, f"""
        SELECT coalesce(place_resolved_place, place_extracted_place) AS place, place_country_code AS country,
               round(place_lat, 3) AS lat, round(place_lon, 3) AS lon, count(*) AS events,
               avg({EXACT_GOLDSTEIN})::DOUBLE AS goldstein
        FROM events WHERE {cond} AND (place_lat IS NOT NULL OR place_country_code IS NOT NULL)
        GROUP BY ALL ORDER BY events DESC, place LIMIT ?""", [*params, limit])


def facets(cur: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    """What the filters can choose from: types, modes, statuses, contexts, and the date range."""
    one = cur.execute("SELECT min(date), max(date), count(*) FROM events").fetchall()[0]
    return {
        "types": [r[0] for r in cur.execute("SELECT DISTINCT event FROM events WHERE event IS NOT NULL ORDER BY 1").fetchall()],
        "modes": [r[0] for r in cur.execute("SELECT DISTINCT mode FROM events WHERE mode IS NOT NULL ORDER BY 1").fetchall()],
        "statuses": [r[0] for r in cur.execute("SELECT DISTINCT status FROM events WHERE status IS NOT NULL ORDER BY 1").fetchall()],
        "contexts": [r[0] for r in cur.execute("SELECT DISTINCT unnest(context) FROM events ORDER BY 1").fetchall()],
        "date_min": iso_text(one[0]),
        "date_max": iso_text(one[1]),
        "events": one[2],
        "articles": cur.execute("SELECT count(*) FROM articles").fetchall()[0][0],
    }
