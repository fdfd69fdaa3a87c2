"""Event clusters: the mentions that report one real-world event, kept up to date batch by batch.

The clustering rule: mentions belong to one event when they have the same
PLOVER type, the same actor and recipient (their state whatever the sector, or
for non-state actors their entity code), the same event country (or both
none), the same negation, and compatible dates. That much is the mention's
*key*. Dates are compatible when the mention with the coarser precision
contains the finer one. Mentions are taken finest precision first:
day-precision mentions (and publication-date fallbacks, which count as days)
form one cluster per day; a coarser mention joins the existing cluster that
it contains when there is exactly one, and otherwise starts its own, which
later mentions of the same period join. Mentions with no date never merge
with other articles' mentions: nothing says they are the same event.

``num_mentions`` counts every mention, one per copy of an article;
``num_articles`` counts distinct articles including copies; ``num_sources``
counts distinct sources (the ``source`` field, else the article).

Kept up to date: ``event_keys`` holds each stored event's key and date period.
Mentions of one key whose periods do not overlap, directly or through a chain
of others, never decide each other's cluster; so when a batch adds or removes
mentions, only the overlapping stretches ("islands") of the keys it touches are
clustered again, in the batch's own transaction (:func:`touched`). The result is
the one :func:`rebuild_clusters` gives from every stored mention.
"""

from __future__ import annotations

import bisect
import calendar
import contextlib
import datetime as dt
import hashlib
import logging
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pyarrow as pa

from eventwire.records import NON_STATE
from eventwire.store.schema import CLUSTER_MENTIONS, CLUSTERS, EVENT_KEYS

log = logging.getLogger(__name__)

_ORDER = {"day": 0, "publication": 0, "week": 1, "month": 2, "year": 3, "decade": 4}


def period(date: dt.date, precision: str | None) -> tuple[dt.date, dt.date]:
    """The first and last day a date of this precision may mean."""
    if precision == "week":
        return date, date + dt.timedelta(days=6)
    if precision == "month":
        return date, date.replace(day=calendar.monthrange(date.year, date.month)[1])
    if precision == "year":
        return date, dt.date(date.year, 12, 31)
    if precision == "decade":
        return date, dt.date(date.year + 9, 12, 31)
    return date, date


@dataclass
class _Cluster:
    start: dt.date | None
    end: dt.date | None
    precision: str | None
    rows: list[dict[str, Any]] = field(default_factory=list)


def cluster_rows(rows: list[dict[str, Any]]) -> list[_Cluster]:
    """Cluster the mentions of one key (same type, dyad, country, negation) by date."""
    dated = sorted((r for r in rows if r["date"] is not None),
                   key=lambda r: (_ORDER.get(r["date_precision"], 0), r["date"], r["event_id"]))
    clusters: list[_Cluster] = []
    by_exact: dict[tuple[dt.date, dt.date], _Cluster] = {}
    starts: list[tuple[dt.date, int]] = []  # (start, index into clusters), sorted: finds clusters inside a period
    for row in dated:
        start, end = period(row["date"], row["date_precision"])
        same = by_exact.get((start, end)) or _only_inside(clusters, starts, start, end)
        if same is None:
            same = _Cluster(start, end, row["date_precision"])
            bisect.insort(starts, (start, len(clusters)))
            clusters.append(same)
            by_exact[(start, end)] = same
        same.rows.append(row)
    undated: dict[str, _Cluster] = {}
    for row in rows:
        if row["date"] is None:
            undated.setdefault(row["article_id"], _Cluster(None, None, None)).rows.append(row)
    return clusters + list(undated.values())


def _only_inside(clusters: list[_Cluster], starts: list[tuple[dt.date, int]], start: dt.date,
                 end: dt.date) -> _Cluster | None:
    """The one cluster lying inside [start, end], or None when there are none or several."""
    found: _Cluster | None = None
    for i in range(bisect.bisect_left(starts, (start, -1)), len(starts)):
        first, index = starts[i]
        if first > end:
            break
        if clusters[index].end <= end:
            if found is not None:
                return None
            found = clusters[index]
    return found


# --- keys and periods, in SQL ---------------------------------------------------

_NON_STATE = ", ".join(f"'{c}'" for c in sorted(NON_STATE))


def _party(prefix: str) -> str:
    """Who a side of a mention is, for clustering: the state, or the named body of a non-state actor.

    Reports name the same state's side differently ("Russia", "Moscow", "the Kremlin"), so the sector
    does not split clusters; for non-state actors the code is what tells NATO from the UN.
    """
    country = f"{prefix}_country"
    return (f"CASE WHEN coalesce({country}, '') <> '' AND {country} NOT IN ({_NON_STATE}) THEN {country} "
            f"ELSE coalesce(nullif({prefix}_code, ''), nullif({country}, ''), '') END")


KEY_SQL = (f"concat_ws('|', coalesce(event, ''), {_party('actor')}, {_party('recipient')}, "
           "coalesce(place_country_code, ''), CASE WHEN status = 'negated' THEN 'neg' ELSE '' END)")
_PERIOD_END_SQL = ("CASE date_precision WHEN 'week' THEN date + 6 WHEN 'month' THEN last_day(date) "
                   "WHEN 'year' THEN make_date(year(date), 12, 31) "
                   "WHEN 'decade' THEN make_date(year(date) + 9, 12, 31) ELSE date END")
_INDEX_SQL = (f"INSERT INTO event_keys SELECT id AS event_id, article_id, {KEY_SQL} AS cluster_key, date, "
              f"date_precision, {_PERIOD_END_SQL} AS period_end FROM events")


# --- clustering selected mentions ------------------------------------------------

def _clustered(con: Any, selected: str) -> tuple[pa.Table, pa.Table]:
    """Clusters and cluster mentions of the ``event_keys`` rows a query selects (whole keys or islands)."""
    by_key: dict[str, list[dict[str, Any]]] = defaultdict(list)
    cur = con.execute(f"SELECT event_id, article_id, cluster_key, date, date_precision FROM ({selected})")
    while chunk := cur.fetchmany(50_000):
        for event_id, article_id, key, date, precision in chunk:
            by_key[key].append({"event_id": event_id, "article_id": article_id, "date": date,
                                "date_precision": precision})
    found = [(key, c) for key, rows in by_key.items() for c in cluster_rows(rows)]
    article_ids = sorted({r["article_id"] for _, c in found for r in c.rows})
    first_ids = sorted({min(r["event_id"] for r in c.rows) for _, c in found})
    sources, copies, details = _lookups(con, article_ids, first_ids)
    clusters_out: list[dict[str, Any]] = []
    mentions_out: list[dict[str, Any]] = []
    for key, cluster in found:
        first = details[min(r["event_id"] for r in cluster.rows)]
        cluster_id = hashlib.sha1(f"{key}|{first['first_event_id']}".encode()).hexdigest()[:16]
        articles: set[str] = set()
        seen_sources: set[str] = set()
        for r in cluster.rows:
            mentions_out.append({"cluster_id": cluster_id, "event_id": r["event_id"], "article_id": r["article_id"],
                                 "via_duplicate": None})
            articles.add(r["article_id"])
            seen_sources.add(sources.get(r["article_id"]) or r["article_id"])
            for dup_id, dup_source in copies.get(r["article_id"], ()):
                mentions_out.append({"cluster_id": cluster_id, "event_id": r["event_id"], "article_id": dup_id,
                                     "via_duplicate": r["article_id"]})
                articles.add(dup_id)
                seen_sources.add(dup_source or dup_id)
        n_mentions = sum(1 + len(copies.get(r["article_id"], ())) for r in cluster.rows)
        clusters_out.append({**first, "cluster_id": cluster_id, "cluster_key": key, "date": cluster.start,
                             "date_precision": cluster.precision, "num_mentions": n_mentions,
                             "num_sources": len(seen_sources), "num_articles": len(articles)})
    return (pa.Table.from_pylist(clusters_out, schema=CLUSTERS),
            pa.Table.from_pylist(mentions_out, schema=CLUSTER_MENTIONS))


def _lookups(con: Any, article_ids: list[str], first_ids: list[str]) -> tuple[
        dict[str, str | None], dict[str, list[tuple[str, str | None]]], dict[str, dict[str, Any]]]:
    """The sources of these articles, their recorded copies, and the cluster columns of these first mentions."""
    con.register("_cl_articles", pa.table({"id": pa.array(article_ids, pa.string())}))
    con.register("_cl_firsts", pa.table({"id": pa.array(first_ids, pa.string())}))
    try:
        sources = dict(con.execute("SELECT id, source FROM articles SEMI JOIN _cl_articles USING (id)").fetchall())
        copies: dict[str, list[tuple[str, str | None]]] = defaultdict(list)
        for dup_id, original, source in con.execute(
                "SELECT id, duplicate_of, source FROM duplicates WHERE duplicate_of IN (SELECT id FROM _cl_articles)"
                ).fetchall():
            copies[original].append((dup_id, source))
        cur = con.execute(
            "SELECT id AS first_event_id, event, mode, actor_code, actor_country, recipient_code, recipient_country, "
            "place_country_code, coalesce(status = 'negated', false) AS negated FROM events SEMI JOIN _cl_firsts USING (id)")
        names = [d[0] for d in cur.description]
        details = {row[0]: dict(zip(names, row, strict=True)) for row in cur.fetchall()}
    finally:
        con.unregister("_cl_articles")
        con.unregister("_cl_firsts")
    return sources, copies, details


def _replace(store: Any, clusters: pa.Table, mentions: pa.Table, stale: str | None) -> None:
    """Put new clusters and mentions in place of the stale ones (every one when ``stale`` is None)."""
    con = store.con
    if stale is None:
        con.execute("DELETE FROM event_clusters")
        con.execute("DELETE FROM event_mentions")
    else:
        gone = con.sql(stale).to_arrow_table()
        with store.registered("_cl_stale", gone):
            con.execute("DELETE FROM event_mentions WHERE cluster_id IN (SELECT cluster_id FROM _cl_stale)")
            con.execute("DELETE FROM event_clusters WHERE cluster_id IN (SELECT cluster_id FROM _cl_stale)")
    store.insert("event_clusters", clusters)
    store.insert("event_mentions", mentions)


def rebuild_clusters(store: Any) -> int:
    """Recompute the event clusters and their counts from every stored mention; returns the number of clusters."""
    con = store.con
    with store.transaction("event clusters"):
        con.execute("DELETE FROM event_keys")
        con.execute(_INDEX_SQL)
        clusters, mentions = _clustered(con, "SELECT * FROM event_keys")
        _replace(store, clusters, mentions, None)
    log.info("%d event clusters from %d mentions", clusters.num_rows, mentions.num_rows)
    return clusters.num_rows


def clusters_current(con: Any) -> bool:
    """Whether the clusters cover every stored event: false for a store written by an older eventwire, or by hand."""
    keys, events = con.execute("SELECT (SELECT count(*) FROM event_keys), (SELECT count(*) FROM events)").fetchall()[0]
    return keys == events


# Events whose clusters a write can change: the written articles' own, and those of the articles they are copies of.
_SEEDS_SQL = """
SELECT cluster_key, date, period_end, article_id FROM event_keys
WHERE article_id IN (SELECT id FROM _touched UNION SELECT duplicate_of FROM duplicates WHERE id IN (SELECT id FROM _touched))
"""

# The islands of the seeds' keys: stretches of time where the periods of the key's mentions (and of the seeds,
# which include mentions just removed) overlap, one through another; an island holding a seed is clustered again.
_ISLANDS_SQL = """
WITH keys AS (SELECT DISTINCT cluster_key FROM _seeds WHERE date IS NOT NULL),
spans AS (
    SELECT k.cluster_key, k.date AS s, k.period_end AS e, 0 AS seed FROM event_keys k
    WHERE k.date IS NOT NULL AND k.cluster_key IN (SELECT cluster_key FROM keys)
    UNION ALL SELECT cluster_key, date, period_end, 1 FROM _seeds WHERE date IS NOT NULL
), reach AS (
    SELECT *, max(e) OVER (PARTITION BY cluster_key ORDER BY s, e ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS r
    FROM spans
), starts AS (
    SELECT *, CASE WHEN r IS NULL OR s > r THEN 1 ELSE 0 END AS fresh FROM reach
), numbered AS (
    -- Of spans tied on (s, e) only the first can open an island: it sorts first here too.
    SELECT *, sum(fresh) OVER (PARTITION BY cluster_key ORDER BY s, e, fresh DESC ROWS UNBOUNDED PRECEDING) AS island
    FROM starts
)
SELECT cluster_key, min(s) AS lo, max(e) AS hi FROM numbered GROUP BY cluster_key, island HAVING max(seed) = 1
"""

_SELECTED_SQL = """
SELECT k.* FROM event_keys k JOIN _islands i ON k.cluster_key = i.cluster_key AND k.date BETWEEN i.lo AND i.hi
UNION ALL
SELECT * FROM event_keys WHERE date IS NULL AND article_id IN (SELECT article_id FROM _seeds)
"""

_STALE_SQL = """
SELECT c.cluster_id FROM event_clusters c JOIN _islands i ON c.cluster_key = i.cluster_key AND c.date BETWEEN i.lo AND i.hi
UNION
SELECT m.cluster_id FROM event_mentions m JOIN event_clusters c USING (cluster_id)
WHERE c.date IS NULL AND m.via_duplicate IS NULL AND m.article_id IN (SELECT article_id FROM _seeds)
"""


@contextlib.contextmanager
def touched(store: Any, ids: pa.Table) -> Iterator[None]:
    """Keep the clusters up to date across writes, in their transaction, that replace these article ids' rows.

    ``ids`` is a one-column table ``id``. When the clusters are not current
    (see :func:`clusters_current`) nothing is done: they wait for a rebuild.
    """
    con = store.con
    if not clusters_current(con):
        yield
        return
    with store.registered("_touched", ids):
        before = con.sql(_SEEDS_SQL).to_arrow_table()
        yield
        con.execute("DELETE FROM event_keys WHERE article_id IN (SELECT id FROM _touched)")
        con.execute(f"{_INDEX_SQL} WHERE article_id IN (SELECT id FROM _touched)")
        seeds = pa.concat_tables([before, con.sql(_SEEDS_SQL).to_arrow_table()])
    if seeds.num_rows == 0:
        return
    with store.registered("_seeds", seeds):
        islands = con.sql(_ISLANDS_SQL).to_arrow_table()
        with store.registered("_islands", islands):
            clusters, mentions = _clustered(con, _SELECTED_SQL)
            _replace(store, clusters, mentions, _STALE_SQL)
