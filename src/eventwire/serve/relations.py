"""Read-only queries about actors and the relations between them: actors, dyads, briefs, the network.

As in :mod:`eventwire.serve.queries`, every value a caller gives travels as a
bound parameter, and negated events are left out of counts and time series
unless asked for.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import duckdb

from eventwire.knowledge.cameo import QUAD_NAMES as QUADS
from eventwire.serve.queries import ORDER_NEWEST, event_record, evidence_of, fetch_rows, rows_by_rowid
from eventwire.store.query import EXACT_GOLDSTEIN, EventQuery, dyad_where, side

INTERVALS = ("week", "month")


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def list_actors(cur: duckdb.DuckDBPyConnection, limit: int, offset: int, include_negated: bool = False,
                text: str | None = None) -> tuple[int, list[dict[str, Any]]]:
    """Actor codes with how many events they act in and receive, most active first."""
    neg = "" if include_negated else "AND status IS DISTINCT FROM 'negated'"
    like = ""
    params: list[Any] = []
    if text:
        like = "WHERE code ILIKE ? ESCAPE '\\' OR country ILIKE ? ESCAPE '\\' OR name ILIKE ? ESCAPE '\\'"
        pattern = "%" + _escape_like(text) + "%"
        params = [pattern, pattern, pattern]
    sql = f"""
        WITH sides AS (
            SELECT actor_code AS code, actor_country AS country, actor_entity_text AS name, 1 AS a, 0 AS r
            FROM events WHERE actor_code IS NOT NULL {neg}
            UNION ALL
            SELECT recipient_code, recipient_country, recipient_entity_text, 0, 1
            FROM events WHERE recipient_code IS NOT NULL {neg}
        ), names AS (
            -- The most frequent name, the first in order of ties; and the first country in order: the same
            -- answer whatever order the rows are read in.
            SELECT code, first(name ORDER BY n DESC, name) AS name
            FROM (SELECT code, name, count(*) AS n FROM sides WHERE name IS NOT NULL GROUP BY code, name) GROUP BY code
        ), counted AS (
            SELECT code, min(country) AS country, names.name,
                   sum(a)::BIGINT AS as_actor, sum(r)::BIGINT AS as_recipient, count(*) AS events
            FROM sides LEFT JOIN names USING (code) GROUP BY code, names.name
        )
        SELECT *, count(*) OVER () AS total FROM counted {like}
        ORDER BY events DESC, code LIMIT ? OFFSET ?
    """
    rows = fetch_rows(cur, sql, [*params, limit, offset])
    total = rows[0]["total"] if rows else 0
    for r in rows:
        del r["total"]
    return total, rows


def involving(cur: duckdb.DuckDBPyConnection, values: list[str], include_negated: bool = False) -> dict[str, int]:
    """How many events each code or country is on either side of, each event counted once: the number of
    events that ``party=VALUE`` lists."""
    if not values:
        return {}
    neg = "" if include_negated else "WHERE status IS DISTINCT FROM 'negated'"
    rows = cur.execute(f"""
        SELECT v, count(DISTINCT id) FROM (
            SELECT id, unnest([actor_code, actor_country, recipient_code, recipient_country]) AS v FROM events {neg}
        ) WHERE v IN (SELECT unnest(?::VARCHAR[])) GROUP BY v""", [values]).fetchall()
    return {v: int(n) for v, n in rows}


def actor_detail(cur: duckdb.DuckDBPyConnection, code: str, include_negated: bool = False) -> dict[str, Any] | None:
    """One actor code or country: its counts by type and role, its partners, and how it is named.

    Returns None when the store has no event or mention of it.
    """
    neg = "" if include_negated else "AND status IS DISTINCT FROM 'negated'"
    as_actor = fetch_rows(cur, f"SELECT event, count(*) AS n FROM events WHERE {side('actor')} {neg} GROUP BY event ORDER BY n DESC, event",
                     [code, code])
    as_recipient = fetch_rows(cur, f"SELECT event, count(*) AS n FROM events WHERE {side('recipient')} {neg} GROUP BY event ORDER BY n DESC, event",
                         [code, code])
    names = fetch_rows(cur, "SELECT text, kind, count(*) AS n FROM actors WHERE code = ? OR country = ? GROUP BY text, kind ORDER BY n DESC, text LIMIT 20",
                  [code, code])
    if not as_actor and not as_recipient and not names:
        return None
    partners = fetch_rows(cur, f"""
        SELECT partner, count(*) AS events, avg(g)::DOUBLE AS goldstein FROM (
            SELECT recipient_country AS partner, {EXACT_GOLDSTEIN} AS g FROM events WHERE {side('actor')} AND recipient_country IS NOT NULL {neg}
            UNION ALL
            SELECT actor_country, {EXACT_GOLDSTEIN} FROM events WHERE {side('recipient')} AND actor_country IS NOT NULL {neg}
        ) GROUP BY partner ORDER BY events DESC, partner LIMIT 20""", [code, code, code, code])
    return {
        "code": code,
        "as_actor": {r["event"]: r["n"] for r in as_actor},
        "as_recipient": {r["event"]: r["n"] for r in as_recipient},
        "events": sum(r["n"] for r in as_actor) + sum(r["n"] for r in as_recipient),
        "partners": partners,
        "names": names,
    }


def dyad(cur: duckdb.DuckDBPyConnection, actor: str, recipient: str | None = None, interval: str = "month",
         directed: bool = False, include_negated: bool = False, narrowing: EventQuery | None = None) -> dict[str, Any]:
    """Counts by type and QuadClass and a Goldstein/QuadClass time series for a pair (or one actor).

    ``directed`` counts only actor -> recipient; otherwise both directions.
    ``narrowing`` keeps only the events of a type, status, period, place or words, as the
    event listing's filters do. Each series point is the first day of a week or month with
    the mean and sum of Goldstein scores and the event count per QuadClass; ``negated``
    counts the negated events left out of the counts.
    """
    if interval not in INTERVALS:
        raise ValueError(f"interval must be one of {', '.join(INTERVALS)}")
    cond, params = dyad_where(actor, recipient, directed, include_negated=True)
    extra, extra_params = (narrowing or EventQuery()).where()
    kept = "TRUE" if include_negated else "status IS DISTINCT FROM 'negated'"
    # One scan: the counts by type, by QuadClass and by period are grouping sets of the same rows, and the
    # empty set counts the negated events the others leave out. A group of left-out events only counts none.
    grouped = [r for r in fetch_rows(cur, f"""
        SELECT grouping(event) = 0 AS by_event, grouping(quad_code) = 0 AS by_quad, grouping(period) = 0 AS by_period,
               event, quad_code, period, count(*) FILTER (WHERE negated) AS negated,
               count(*) FILTER (WHERE kept) AS events, CAST(avg(g) FILTER (WHERE kept) AS DOUBLE) AS goldstein_mean,
               CAST(sum(g) FILTER (WHERE kept) AS DOUBLE) AS goldstein_sum,
               count(*) FILTER (WHERE kept AND quad_code = 1) AS q1, count(*) FILTER (WHERE kept AND quad_code = 2) AS q2,
               count(*) FILTER (WHERE kept AND quad_code = 3) AS q3, count(*) FILTER (WHERE kept AND quad_code = 4) AS q4
        FROM (SELECT event, quad_code, {EXACT_GOLDSTEIN} AS g, date_trunc('{interval}', date)::DATE AS period,
                     coalesce(status = 'negated', false) AS negated, {kept} AS kept
              FROM events WHERE {cond} AND {extra})
        GROUP BY GROUPING SETS ((event), (quad_code), (period), ())""", [*params, *extra_params])
        if r["events"] or not (r["by_event"] or r["by_quad"] or r["by_period"])]
    negated = sum(r["negated"] for r in grouped if not (r["by_event"] or r["by_quad"] or r["by_period"]))
    by_type = sorted(({"event": r["event"], "n": r["events"]} for r in grouped if r["by_event"]),
                     key=lambda r: (-r["n"], r["event"]))
    by_quad = sorted(({"quad_code": r["quad_code"], "n": r["events"]} for r in grouped if r["by_quad"]),
                     key=lambda r: (r["quad_code"] is None, r["quad_code"]))
    periods = [r for r in grouped if r["by_period"]]
    undated = sum(r["events"] for r in periods if r["period"] is None)
    series = sorted(({k: r[k] for k in ("period", "events", "goldstein_mean", "goldstein_sum", "q1", "q2", "q3", "q4")}
                     for r in periods if r["period"] is not None), key=lambda r: r["period"])
    for point in series:
        point["quad"] = {str(q): point.pop(f"q{q}") for q in QUADS}
    series = _fill_gaps(series, interval)
    return {
        "actor": actor,
        "recipient": recipient,
        "directed": directed,
        "interval": interval,
        "events": sum(r["n"] for r in by_type),
        "negated": 0 if include_negated else negated,
        "undated": undated,
        "by_type": {r["event"]: r["n"] for r in by_type},
        "by_quad": {str(r["quad_code"]): r["n"] for r in by_quad if r["quad_code"] is not None},
        "quads": {str(k): v for k, v in QUADS.items()},
        "series": series,
    }


def _next_period(day: dt.date, interval: str) -> dt.date:
    if interval == "week":
        return day + dt.timedelta(days=7)
    return dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)


def _fill_gaps(series: list[dict[str, Any]], interval: str) -> list[dict[str, Any]]:
    """The series with a zero point for every empty period between its first and last, so charts keep time to scale."""
    if not series:
        return []
    have = {p["period"]: p for p in series}
    out, day, last = [], series[0]["period"], series[-1]["period"]
    while day <= last:
        point = have.get(day) or {"period": day, "events": 0, "goldstein_mean": None, "goldstein_sum": None,
                                  "quad": {str(q): 0 for q in QUADS}}
        out.append({**point, "period": day.isoformat()})
        day = _next_period(day, interval)
    return out


def brief(cur: duckdb.DuckDBPyConnection, a: str, b: str, limit: int) -> dict[str, Any]:
    """The relationship between two actors: what passed between them, and what third parties say or do about them.

    ``between`` holds events with one of them on each side, whoever reports
    them; ``about`` holds events in the same articles where a third party
    acts on one of them (an accusation, a warning). Newest first, each with
    its evidence and attribution status.
    """
    cond, params = dyad_where(a, b, directed=False, include_negated=True)
    # One scan of the events: both lists lie among those with one of them as recipient (an event between
    # them has one), so they are picked from those rows alone.
    picked = cur.execute(f"""
        WITH near AS (
            SELECT rowid AS r, article_id, date, {cond} AS between_them,
                   NOT ({side('actor')} OR {side('actor')}) AS about_them
            FROM events WHERE {side('recipient')} OR {side('recipient')}
        ), between_them AS (
            SELECT 0 AS part, r, date FROM near WHERE between_them ORDER BY date DESC NULLS LAST, r LIMIT ?
        ), about_them AS (
            SELECT 1 AS part, r, date FROM near
            WHERE about_them AND article_id IN (SELECT article_id FROM near WHERE between_them)
            ORDER BY date DESC NULLS LAST, r LIMIT ?
        )
        SELECT part, r FROM (SELECT * FROM between_them UNION ALL SELECT * FROM about_them)
        ORDER BY part, date DESC NULLS LAST, r""", [*params, a, a, b, b, a, a, b, b, limit, limit]).fetchall()
    between = [r for part, r in picked if part == 0]
    about = [r for part, r in picked if part == 1]
    rows = rows_by_rowid(cur, between + about)
    between, about = rows[:len(between)], rows[len(between):]

    def shown(row: dict[str, Any]) -> dict[str, Any]:
        record = event_record(row)
        record["evidence"] = evidence_of(row)
        return record

    return {"a": a, "b": b, "between": [shown(r) for r in between], "about": [shown(r) for r in about]}


def network(cur: duckdb.DuckDBPyConnection, query: EventQuery, limit: int) -> dict[str, Any]:
    """Edges between actor countries weighted by events, with their mean Goldstein score and QuadClass split."""
    cond, params = query.where()
    edges = fetch_rows(cur, f"""
        SELECT actor_country AS source, recipient_country AS target, count(*) AS events,
               avg({EXACT_GOLDSTEIN})::DOUBLE AS goldstein,
               count(*) FILTER (WHERE quad_code IN (1, 2)) AS cooperation,
               count(*) FILTER (WHERE quad_code IN (3, 4)) AS conflict
        FROM events WHERE {cond} AND actor_country IS NOT NULL AND recipient_country IS NOT NULL
        GROUP BY source, target ORDER BY events DESC, source, target LIMIT ?""", [*params, limit])
    nodes = sorted({e["source"] for e in edges} | {e["target"] for e in edges})
    return {"nodes": nodes, "edges": edges}
