"""GDELT 2.0 exports: the events table (61 columns) and the mentions table (16).

One GDELT event per eventwire event cluster (see :mod:`eventwire.store.dedup`),
described by its earliest mention; one GDELT mention per clustered mention.
Columns, order and types follow the GDELT 2.0 event and mentions codebooks.
Fields eventwire does not measure (tone, ethnicity, religion, ADM2) are left
empty rather than filled with made-up values. Geographic country codes are
FIPS 10-4, as in GDELT; actor country codes are ISO 3166 alpha-3, as CAMEO's are.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import hashlib
from collections.abc import Iterator
from typing import Any, TextIO

from eventwire.records import NON_STATE
from eventwire.store.duckdb import dict_rows

# (name, type) in GDELT's order; types as GDELT documents them.
EVENT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("GLOBALEVENTID", "INTEGER"), ("SQLDATE", "INTEGER"), ("MonthYear", "INTEGER"), ("Year", "INTEGER"),
    ("FractionDate", "FLOAT"),
    *[(f"Actor{n}{f}", "STRING") for n in (1, 2) for f in (
        "Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code", "Religion2Code",
        "Type1Code", "Type2Code", "Type3Code")],
    ("IsRootEvent", "INTEGER"), ("EventCode", "STRING"), ("EventBaseCode", "STRING"), ("EventRootCode", "STRING"),
    ("QuadClass", "INTEGER"), ("GoldsteinScale", "FLOAT"), ("NumMentions", "INTEGER"), ("NumSources", "INTEGER"),
    ("NumArticles", "INTEGER"), ("AvgTone", "FLOAT"),
    *[(f"{who}Geo_{f}", t) for who in ("Actor1", "Actor2", "Action") for f, t in (
        ("Type", "INTEGER"), ("FullName", "STRING"), ("CountryCode", "STRING"), ("ADM1Code", "STRING"),
        ("ADM2Code", "STRING"), ("Lat", "FLOAT"), ("Long", "FLOAT"), ("FeatureID", "STRING"))],
    ("DATEADDED", "INTEGER"), ("SOURCEURL", "STRING"),
)

MENTION_COLUMNS: tuple[tuple[str, str], ...] = (
    ("GLOBALEVENTID", "INTEGER"), ("EventTimeDate", "INTEGER"), ("MentionTimeDate", "INTEGER"),
    ("MentionType", "INTEGER"), ("MentionSourceName", "STRING"), ("MentionIdentifier", "STRING"),
    ("SentenceID", "INTEGER"), ("Actor1CharOffset", "INTEGER"), ("Actor2CharOffset", "INTEGER"),
    ("ActionCharOffset", "INTEGER"), ("InRawText", "INTEGER"), ("Confidence", "INTEGER"),
    ("MentionDocLen", "INTEGER"), ("MentionDocTone", "FLOAT"), ("MentionDocTranslationInfo", "STRING"),
    ("Extras", "STRING"),
)

_EVENTS_SQL = """
SELECT c.cluster_id, c.num_mentions, c.num_sources, c.num_articles, e.*, a.url, a.coded_at
FROM event_clusters c
JOIN events e ON e.id = c.first_event_id
JOIN articles a ON a.id = e.article_id
ORDER BY c.date NULLS LAST, c.cluster_id
"""

_MENTIONS_SQL = """
SELECT c.cluster_id, c.date AS event_date, m.article_id AS mention_article, m.via_duplicate, e.*,
       coalesce(d.published, a.published) AS mention_published, coalesce(d.source, a.source) AS mention_source,
       coalesce(d.url, a.url) AS mention_url, length(a.text) AS doc_len
FROM event_mentions m
JOIN event_clusters c USING (cluster_id)
JOIN events e ON e.id = m.event_id
JOIN articles a ON a.id = e.article_id
LEFT JOIN duplicates d ON d.id = m.article_id
ORDER BY c.date NULLS LAST, c.cluster_id, m.article_id, e.trigger_start
"""


def global_event_id(cluster_id: str) -> int:
    """A positive 63-bit integer id for a cluster, stable across runs."""
    return int.from_bytes(hashlib.sha1(cluster_id.encode()).digest()[:8], "big") >> 1


@functools.lru_cache(maxsize=1)
def _fips() -> dict[str, str]:
    from eventwire.knowledge.geonames import GeoNames

    return {c["iso3"]: c["fips"] for c in GeoNames().get_countries().values() if c.get("fips")}


def _ymd(value: dt.date | None) -> int | None:
    return int(value.strftime("%Y%m%d")) if value else None


def _geo_type(resolution: int | None, iso3: str | None) -> int | None:
    if resolution is None:
        return None
    us = iso3 == "USA"
    return {1: 1, 2: 2 if us else 5, 3: 2 if us else 5}.get(resolution, 3 if us else 4)


def _actor(prefix: str, row: dict[str, Any]) -> list[Any]:
    country = row.get(f"{prefix}_country")
    code = row.get(f"{prefix}_code")
    known_group = code if country in NON_STATE else None
    return [code, row.get(f"{prefix}_entity_text"), country, known_group, None, None, None,
            row.get(f"{prefix}_sector"), None, None]


def _action_geo(row: dict[str, Any]) -> list[Any]:
    iso3 = row.get("place_country_code")
    if row.get("place_extracted_place") is None:
        return [None] * 8
    return [_geo_type(row.get("place_resolution"), iso3), row.get("place_resolved_place") or row.get("place_extracted_place"),
            _fips().get(iso3 or ""), row.get("place_admin1"), None, row.get("place_lat"), row.get("place_lon"),
            None if row.get("place_geonameid") is None else str(row["place_geonameid"])]


def event_rows(con: Any) -> Iterator[list[Any]]:
    """GDELT event rows, one per cluster, in EVENT_COLUMNS order."""
    for row in dict_rows(con.execute(_EVENTS_SQL)):
        date = row["date"]
        cameo = row.get("cameo")
        fraction = round(date.year + (date.timetuple().tm_yday - 1) / 365, 4) if date else None
        yield [
            global_event_id(row["cluster_id"]), _ymd(date), int(date.strftime("%Y%m")) if date else None,
            date.year if date else None, fraction,
            *_actor("actor", row), *_actor("recipient", row),
            1 if row["sentence"] == 0 else 0, cameo, cameo[:3] if cameo else None, cameo[:2] if cameo else None,
            row.get("quad_code"), row.get("goldstein"), row["num_mentions"], row["num_sources"],
            row["num_articles"], None,
            *([None] * 8), *([None] * 8), *_action_geo(row),
            int(row["coded_at"].strftime("%Y%m%d%H%M%S")) if row.get("coded_at") else None,
            row.get("url") or row["article_id"],
        ]


def mention_rows(con: Any) -> Iterator[list[Any]]:
    """GDELT mention rows, one per clustered mention, in MENTION_COLUMNS order."""
    for row in dict_rows(con.execute(_MENTIONS_SQL)):
        published = row["mention_published"]
        offset = row["sentence_start"] or 0
        yield [
            global_event_id(row["cluster_id"]),
            _ymd(row["event_date"]) * 1_000_000 if row["event_date"] else None,
            _ymd(published) * 1_000_000 if published else None,
            1, row["mention_source"], row["mention_url"] or row["mention_article"],
            row["sentence"] + 1,
            row["actor_start"] if row["actor_start"] is not None else -1,
            row["recipient_start"] if row["recipient_start"] is not None else -1,
            row["trigger_start"] if row["trigger_start"] is not None else offset,
            1, int(round((row["confidence"] or 0) * 100)), row["doc_len"], None, None, None,
        ]


def _write(rows: Iterator[list[Any]], out: TextIO) -> int:
    writer = csv.writer(out, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_NONE, escapechar="\\")
    n = 0
    for row in rows:
        writer.writerow(["" if v is None else _clean(v) for v in row])
        n += 1
    return n


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        return value.replace("\t", " ").replace("\n", " ")
    return value


def write_events(con: Any, out: TextIO) -> int:
    """Write the GDELT events table (no header, as GDELT ships it); returns rows written."""
    return _write(event_rows(con), out)


def write_mentions(con: Any, out: TextIO) -> int:
    """Write the GDELT mentions table (no header); returns rows written."""
    return _write(mention_rows(con), out)
