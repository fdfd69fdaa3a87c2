"""What adding articles to a big store costs: coding them, storing them with the clusters they touch, against a rebuild.

A synthetic store of 1,000,000 events (bench/synthetic.py, DuckDB SQL, clustered whole) receives N generated
articles (bench/corpus.py, default 1,000), coded once by the real pipeline. The benchmark times:

- coding the N articles (the pipeline alone, in this process);
- storing them, with the clusters their events touch, into an empty store and into the big one
  (``code_corpus`` with a coder that hands out the coded batches, so both sides store the same tables);
- a full rebuild of the big store's clusters, which is what every run used to cost;

then checks that the clusters kept batch by batch are those the rebuild gives.

    python bench/incremental_clusters.py                              # builds /tmp/eventwire-1m.duckdb once
    python bench/incremental_clusters.py --events 200000 --articles 200
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))


def _clusters_digest(con) -> tuple:
    """A digest of every cluster and mention, to compare two stores' clusters without fetching them."""
    return (con.execute("SELECT count(*), sum(hash(cluster_id, cluster_key, date, num_mentions, num_sources, "
                        "num_articles, first_event_id)) FROM event_clusters").fetchall()[0],
            con.execute("SELECT count(*), sum(hash(cluster_id, event_id, article_id, via_duplicate)) "
                        "FROM event_mentions").fetchall()[0])


def _code(n: int, seed: int, settings) -> tuple[list, list, float]:
    """Generate and code the articles; their Article records, their results and the seconds coding took."""
    from corpus import generate

    from eventwire.pipeline import Pipeline
    from eventwire.stages.ingest import article_from_fields

    articles = [article_from_fields(r, f"generated:{i}") for i, r in enumerate(generate(n, seed), start=1)]
    pipeline = Pipeline(settings)
    t0 = time.perf_counter()
    results = list(pipeline.code(articles))
    return articles, results, time.perf_counter() - t0


def _store(db: Path, articles: list, results: list, settings) -> tuple[float, object]:
    """Store coded results with ``code_corpus`` (the clusters with each batch); seconds and counts."""
    from eventwire.batches import batched
    from eventwire.corpus import code_corpus
    from eventwire.store.duckdb import Store
    from eventwire.store.schema import tables_of

    by_id = {r.article.id: r for r in results}

    def replay(todo):
        for batch in batched(todo, settings.batch_size):
            yield tables_of([by_id[a.id] for a in batch])

    with Store(db) as store:
        t0 = time.perf_counter()
        counts = code_corpus(store, articles, settings, coder=replay)
        return time.perf_counter() - t0, counts


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--db", type=Path, default=Path(tempfile.gettempdir()) / "eventwire-1m.duckdb",
                    help="The big store; built once if missing, then copied for each run.")
    ap.add_argument("--events", type=int, default=1_000_000)
    ap.add_argument("--articles", type=int, default=1_000)
    ap.add_argument("--seed", type=int, default=3)
    args = ap.parse_args()

    from synthetic import build

    from eventwire.settings import Settings
    from eventwire.store.clusters import rebuild_clusters
    from eventwire.store.duckdb import Store

    if not args.db.exists():
        times = build(args.db, args.events)
        print(f"built {args.db}: {args.events} events in {times['events']:.1f} s, clustered in {times['clusters']:.1f} s")
    settings = Settings.load()
    articles, results, coding = _code(args.articles, args.seed, settings)
    n_events = sum(len(r.events) for r in results)
    print(f"coding {len(articles)} articles ({n_events} events): {coding:.1f} s")
    work = Path(tempfile.mkdtemp(prefix="eventwire-incr-"))
    try:
        empty, _ = _store(work / "empty.duckdb", articles, results, settings)
        print(f"storing them into an empty store, clusters kept: {empty:.1f} s")
        big = work / "big.duckdb"
        shutil.copyfile(args.db, big)
        with Store(big, read_only=True) as store:
            before = store.count("events")
        into, counts = _store(big, articles, results, settings)
        print(f"storing them into the store of {before} events, clusters kept: {into:.1f} s "
              f"({counts.clusters} clusters after)")
        with Store(big) as store:
            kept = _clusters_digest(store.con)
            t0 = time.perf_counter()
            rebuild_clusters(store)
            rebuild = time.perf_counter() - t0
            same = _clusters_digest(store.con) == kept
        print(f"a full rebuild of that store's clusters: {rebuild:.1f} s; kept clusters equal the rebuild's: {same}")
        print(f"cost of the clusters at {before} events over an empty store: {into - empty:+.1f} s "
              f"= {(into - empty) / coding:.2f}x coding; a rebuild per run would be {rebuild / coding:.2f}x coding")
        print(f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}")
        return 0 if same else 1
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
