"""A synthetic store of any size, written by DuckDB SQL alone: millions of events in seconds, no text coded.

Every column of the events and articles tables is filled the way coded news fills it: 12 events an article;
PLOVER types and QuadClasses; 60 countries drawn with a skewed (Zipf-like) weight as actors, recipients and
places (most events in the actor's or recipient's country), each with a sector (GOV, MIL, ...) in its code; dates over two years, most to the day, some to the
week, month, year or decade, a few missing; one event in twenty negated; a short sentence holding the words the
API's text search looks for. Values come from hashes of the row number, so one size always gives one store.
The counts mean nothing; the sizes and shapes are those of a real store.

    python bench/synthetic.py /tmp/syn.duckdb --events 1000000
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

COUNTRIES = [
    "USA", "RUS", "CHN", "UKR", "ISR", "IRN", "GBR", "FRA", "DEU", "TUR", "IND", "PAK", "SYR", "IRQ", "SAU", "PSE",
    "AFG", "EGY", "JPN", "KOR", "PRK", "BRA", "MEX", "NGA", "ZAF", "ETH", "SDN", "YEM", "LBN", "JOR", "QAT", "ARE",
    "ITA", "ESP", "POL", "CAN", "AUS", "IDN", "PHL", "VNM", "THA", "MMR", "BGD", "KEN", "SOM", "LBY", "DZA", "MAR",
    "TUN", "VEN", "COL", "ARG", "CHL", "PER", "CUB", "BLR", "GEO", "ARM", "AZE", "KAZ",
]
TYPES = [("AGREE", 1, 4.0), ("CONSULT", 1, 1.0), ("SUPPORT", 1, 3.0), ("CONCEDE", 2, 5.0), ("COOPERATE", 2, 6.0),
         ("AID", 2, 7.0), ("RETREAT", 2, 4.0), ("REQUEST", 1, 3.0), ("ACCUSE", 3, -2.0), ("REJECT", 3, -4.0),
         ("THREATEN", 3, -6.0), ("PROTEST", 3, -6.5), ("SANCTION", 4, -8.0), ("MOBILIZE", 3, -7.0),
         ("COERCE", 4, -7.0), ("ASSAULT", 4, -10.0)]
SECTORS = ["GOV", "MIL", "GOV", "", "COP", "OPP", "GOV", "MED"]
WORDS = ["talks", "drones", "police", "protest", "troops", "sanctions", "aid", "border", "ceasefire", "missiles",
         "election", "refugees"]
PER_ARTICLE = 12


def _list(values: list[str]) -> str:
    return "[" + ", ".join(f"'{v}'" for v in values) + "]"


def _u(salt: int, of: str = "i") -> str:
    """A uniform number in [0, 1) from a hash of the row number."""
    return f"((hash({of}, {salt}) % 1000000) / 1000000.0)"


def _country(salt: int) -> str:
    """A country, the first ones far more often (a skewed draw), as an index into the list (1-based)."""
    return f"(1 + floor({len(COUNTRIES)} * pow({_u(salt)}, 2.2))::INTEGER)"


_EVENTS_SQL = f"""
CREATE OR REPLACE TEMP TABLE _draw AS
SELECT i, i // {PER_ARTICLE} AS a,
       {_country(1)} AS ac, {_country(2)} AS rc, {_country(3)} AS anywhere,
       1 + (hash(i, 4) % {len(TYPES)})::INTEGER AS t,
       1 + (hash(i, 5) % {len(SECTORS)})::INTEGER AS asec, 1 + (hash(i, 6) % {len(SECTORS)})::INTEGER AS rsec,
       {_u(7)} AS p, {_u(8)} AS neg, 1 + (hash(i, 9) % {len(WORDS)})::INTEGER AS w,
       DATE '2022-01-01' + (hash(i // {PER_ARTICLE}, 10) % 730)::INTEGER - (hash(i, 11) % 3)::INTEGER AS day
FROM range(?) r(i);

-- Most events happen in the actor's or the recipient's country.
CREATE OR REPLACE TEMP TABLE _draw AS
SELECT *, CASE WHEN neg > 0.6 THEN ac WHEN neg > 0.3 THEN rc ELSE anywhere END AS pc FROM _draw;

INSERT INTO events BY NAME
SELECT printf('syn%015d', i) AS id, printf('syn-art-%09d', a) AS article_id,
       CASE WHEN p < 0.015 THEN NULL WHEN p < 0.85 THEN day WHEN p < 0.90 THEN date_trunc('week', day)::DATE
            WHEN p < 0.96 THEN date_trunc('month', day)::DATE WHEN p < 0.995 THEN date_trunc('year', day)::DATE
            ELSE DATE '2020-01-01' END AS date,
       CASE WHEN p < 0.015 THEN NULL WHEN p < 0.85 THEN 'day' WHEN p < 0.90 THEN 'week' WHEN p < 0.96 THEN 'month'
            WHEN p < 0.995 THEN 'year' ELSE 'decade' END AS date_precision,
       'on ' || strftime(day, '%A') AS date_text, 'text' AS date_method,
       {_list([t[0] for t in TYPES])}[t] AS event, NULL AS mode,
       CASE WHEN w % 3 = 0 THEN ['military'] ELSE [] END AS context,
       {_list(COUNTRIES)}[ac] || {_list(SECTORS)}[asec] AS actor_code, {_list(COUNTRIES)}[ac] AS actor_country,
       nullif({_list(SECTORS)}[asec], '') AS actor_sector, {_list(COUNTRIES)}[ac] || ' officials' AS actor_entity_text,
       NULL AS actor_name, NULL AS actor_title,
       {_list(COUNTRIES)}[rc] || {_list(SECTORS)}[rsec] AS recipient_code, {_list(COUNTRIES)}[rc] AS recipient_country,
       nullif({_list(SECTORS)}[rsec], '') AS recipient_sector, {_list(COUNTRIES)}[rc] AS recipient_entity_text,
       NULL AS recipient_name, NULL AS recipient_title,
       'capital of ' || {_list(COUNTRIES)}[pc] AS place_extracted_place,
       'capital of ' || {_list(COUNTRIES)}[pc] AS place_resolved_place, {_list(COUNTRIES)}[pc] AS place_country_code,
       NULL AS place_admin1, (pc * 2.5 - 70)::DOUBLE AS place_lat, (pc * 5.5 - 160)::DOUBLE AS place_lon,
       1000 + pc AS place_geonameid, 1 AS place_resolution,
       CASE WHEN neg < 0.05 THEN 'negated' WHEN neg < 0.25 THEN 'claimed' ELSE 'asserted' END AS status,
       NULL AS speaker, NULL AS cue, NULL AS reported_by_code, NULL AS reported_by_country, NULL AS reported_by_sector,
       NULL AS reported_by_entity_text, NULL AS reported_by_name, NULL AS reported_by_title,
       NULL AS cameo, {[t[2] for t in TYPES]}[t] AS goldstein, {[t[1] for t in TYPES]}[t] AS quad_code,
       lower({_list([t[0] for t in TYPES])}[t]) AS event_text,
       {_list(COUNTRIES)}[ac] || ' officials ' || lower({_list([t[0] for t in TYPES])}[t]) || ' ' ||
           {_list(COUNTRIES)}[rc] || ' over ' || {_list(WORDS)}[w] || ', a statement said.' AS text,
       (i % {PER_ARTICLE})::INTEGER AS sentence, ((i % {PER_ARTICLE}) * 80)::INTEGER AS sentence_start,
       ((i % {PER_ARTICLE}) * 80 + 60)::INTEGER AS sentence_end,
       ((i % {PER_ARTICLE}) * 80 + 14)::INTEGER AS trigger_start, ((i % {PER_ARTICLE}) * 80 + 22)::INTEGER AS trigger_end,
       ((i % {PER_ARTICLE}) * 80)::INTEGER AS actor_start, ((i % {PER_ARTICLE}) * 80 + 13)::INTEGER AS actor_end,
       ((i % {PER_ARTICLE}) * 80 + 23)::INTEGER AS recipient_start, ((i % {PER_ARTICLE}) * 80 + 26)::INTEGER AS recipient_end,
       NULL AS date_start, NULL AS date_end, NULL AS place_start, NULL AS place_end, 0.8 AS confidence
FROM _draw;

INSERT INTO articles BY NAME
SELECT printf('syn-art-%09d', a) AS id, DATE '2022-01-01' + (hash(a, 10) % 730)::INTEGER AS published,
       'Synthetic article ' || a AS title, 'https://example.org/' || a AS url,
       {_list(["Reuters", "AP", "AFP", "BBC", "Xinhua", "TASS", "Al Jazeera"])}[1 + (hash(a, 12) % 7)::INTEGER] AS source,
       'en' AS lang, 'synthetic' AS origin, md5(a::VARCHAR) AS content_hash,
       'Synthetic article ' || a || '.' AS text, {PER_ARTICLE} AS n_sentences, count(*)::INTEGER AS n_events,
       TIMESTAMP '2024-01-01 00:00:00' AS coded_at
FROM _draw GROUP BY a;
DROP TABLE _draw;
"""


def build(path: Path, n_events: int, clusters: bool = True) -> dict[str, float]:
    """Write a new synthetic store of ``n_events`` events at ``path``; with ``clusters``, cluster it whole.

    Returns the seconds each step took.
    """
    from eventwire.store.clusters import rebuild_clusters
    from eventwire.store.duckdb import Store

    path.unlink(missing_ok=True)
    times = {}
    with Store(path) as store:
        store.con.execute("SET memory_limit = '3GB'")  # a shared machine: spill to disk rather than take it all
        t0 = time.perf_counter()
        store.con.execute("BEGIN TRANSACTION")
        for statement in _EVENTS_SQL.split(";\n"):
            if statement.strip():
                store.con.execute(statement, [n_events] if "range(?)" in statement else [])
        store.con.execute("COMMIT")
        store.con.execute("CHECKPOINT")
        times["events"] = time.perf_counter() - t0
        if clusters:
            t0 = time.perf_counter()
            rebuild_clusters(store)
            store.con.execute("CHECKPOINT")
            times["clusters"] = time.perf_counter() - t0
    return times


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("db", type=Path)
    ap.add_argument("--events", type=int, default=1_000_000)
    ap.add_argument("--no-clusters", action="store_true", help="Leave the clusters out (a store to cluster later).")
    args = ap.parse_args()
    times = build(args.db, args.events, clusters=not args.no_clusters)
    size = args.db.stat().st_size / 2**20
    print(f"{args.db}: {args.events} events, {size:.0f} MB; " + ", ".join(f"{k} {v:.1f} s" for k, v in times.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
