"""Load test of the HTTP API: 1,000 requests each to /events, /dyads and /brief on loopback, on a store of >= 100,000 events.

The volume is synthetic: the seed article and the bundled small corpus are
coded once by the real pipeline, then their event rows are replicated with
shifted dates, rotated actor/recipient countries and new ids, and inserted
through the store's Arrow path (the same INSERT BY NAME of Arrow batches that
``Store.write`` uses). The text and spans of each copy are the original's, so
every copy is still a well-formed row; the counts mean nothing.

The server is the real ``eventwire serve`` (uvicorn) in a subprocess; requests
go over keep-alive HTTP connections with bounded concurrency and a mix of
filters and pages. Prints p50/p90/p99/max latency per endpoint and the store's size; exits 1 if any
request failed or a p99 is over the target. ``--synthetic`` writes the store with DuckDB SQL instead
(bench/synthetic.py: ten million events in minutes, no text coded).

    python bench/api_load.py                       # builds /tmp/eventwire-load.duckdb once, then reuses it
    python bench/api_load.py --template news.duckdb   # replicate an already coded store
    python bench/api_load.py --events 200000 --requests 2000 --concurrency 8 --rebuild
    python bench/api_load.py --synthetic --events 10000000 --db /tmp/ten-million.duckdb --target-p99-ms 200
    python bench/api_load.py --optimize            # lay the store out newest first (eventwire optimize) first
"""

from __future__ import annotations

import argparse
import hashlib
import http.client
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "src" / "eventwire" / "examples" / "000_392aff288c130560.txt"
CORPUS = ROOT / "tests" / "data" / "corpus_small.jsonl"
COUNTRIES = ["RUS", "IRN", "USA", "CHN", "ISR", "PSE", "UKR", "TUR", "IND", "BRA", "FRA", "DEU", "GBR", "EGY", "SAU",
             "PAK", "NGA", "ZAF", "MEX", "JPN"]


def build_store(path: Path, n_events: int, template: Path | None = None) -> int:
    """Code the seed and corpus (or take a coded ``template`` store), then replicate their events
    into a store of at least ``n_events`` rows."""
    from eventwire.store.duckdb import Store

    path.unlink(missing_ok=True)
    with Store(path) as store:
        if template:
            with Store(template, read_only=True) as source:
                tables = {name: source.con.execute(f"SELECT * FROM {name}").to_arrow_table()
                          for name in ("articles", "sentences", "actors", "events")}
            for name, table in tables.items():
                store.con.register("_t", table)
                store.con.execute(f"INSERT INTO {name} BY NAME SELECT * FROM _t")
                store.con.unregister("_t")
        else:
            from eventwire.pipeline import Pipeline
            from eventwire.stages.ingest import read_articles

            store.write(Pipeline().code(read_articles([SEED, CORPUS])))
        base = store.con.execute("SELECT * FROM events").to_arrow_table()
        articles = store.con.execute("SELECT * FROM articles").to_arrow_table()
        if base.num_rows == 0:
            raise SystemExit("the pipeline coded no events; nothing to replicate")
        copies = -(-n_events // base.num_rows)
        rng = random.Random(7)
        store.con.execute("BEGIN TRANSACTION")
        for k in range(1, copies):
            shift = rng.randint(-700, 700)
            a, r = rng.sample(COUNTRIES, 2)
            ids = pa.array([hashlib.sha1(f"{i}|{k}".encode()).hexdigest()[:16] for i in base["id"].to_pylist()])
            art = pc.binary_join_element_wise(base["article_id"], pa.scalar(f"~{k}"), "")
            table = base.set_column(base.schema.get_field_index("id"), "id", ids)
            table = table.set_column(table.schema.get_field_index("article_id"), "article_id", art)
            for col, value in (("actor_country", a), ("recipient_country", r)):
                i = table.schema.get_field_index(col)
                keep = pc.is_null(table[col])
                table = table.set_column(i, col, pc.if_else(keep, table[col], pa.scalar(value)))
            for side, value in (("actor", a), ("recipient", r)):
                col = f"{side}_code"
                sector = pc.utf8_slice_codeunits(table[col], 3)
                i = table.schema.get_field_index(col)
                table = table.set_column(i, col, pc.if_else(pc.is_null(table[col]), table[col],
                                                            pc.binary_join_element_wise(pa.scalar(value), sector, "")))
            dates = pc.cast(table["date"], pa.int32())
            table = table.set_column(table.schema.get_field_index("date"), "date",
                                     pc.cast(pc.add(dates, shift), pa.int32()).cast(pa.date32()))
            store.con.register("_copy", table)
            store.con.execute("INSERT INTO events BY NAME SELECT * FROM _copy")
            store.con.unregister("_copy")
            arts = articles.set_column(0, "id", pc.binary_join_element_wise(articles["id"], pa.scalar(f"~{k}"), ""))
            store.con.register("_arts", arts)
            store.con.execute("INSERT INTO articles BY NAME SELECT * FROM _arts")
            store.con.unregister("_arts")
        store.con.execute("COMMIT")
        return store.count("events")


def request_paths(n: int, seed: int = 11) -> list[str]:
    """A mix of listing requests like the dashboard makes."""
    rng = random.Random(seed)
    types = ["PROTEST", "ACCUSE", "CONSULT", "ASSAULT", "AID", "COERCE"]
    out = []
    for _ in range(n):
        kind = rng.randrange(7)
        c = rng.choice(COUNTRIES)
        if kind == 0:
            path = f"/events?actor={c}"
        elif kind == 1:
            path = f"/events?party={c}&limit=25&offset={rng.randrange(0, 200)}"
        elif kind == 2:
            path = f"/events?type={rng.choice(types)}&limit=100"
        elif kind == 3:
            y = rng.choice([2021, 2022, 2023])
            path = f"/events?from={y}-{rng.randint(1, 12):02d}-01&to={y}-12-31&party={c}"
        elif kind == 4:
            path = f"/events?party={c}&other={rng.choice(COUNTRIES)}"
        elif kind == 5:
            path = f"/events?q={rng.choice(['drones', 'protest', 'talks', 'police'])}&limit=50"
        else:
            path = f"/events?limit=50&offset={rng.randrange(0, 5000)}"
        out.append(path)
    return out


def dyad_paths(n: int, seed: int = 13) -> list[str]:
    """Dyad timelines like the dashboard draws: one actor, a pair either way or one way, by week or month."""
    rng = random.Random(seed)
    shapes = ["/dyads?actor={a}", "/dyads?actor={a}&recipient={b}&interval=week",
              "/dyads?actor={a}&recipient={b}&directed=true", "/dyads?actor={a}&recipient={b}&include_negated=true"]
    return [rng.choice(shapes).format(a=a, b=b) for a, b in (rng.sample(COUNTRIES, 2) for _ in range(n))]


def brief_paths(n: int, seed: int = 17) -> list[str]:
    """Briefs on pairs of countries, with the default and a short limit."""
    rng = random.Random(seed)
    return [f"/brief?a={a}&b={b}" + ("&limit=20" if rng.random() < 0.5 else "")
            for a, b in (rng.sample(COUNTRIES, 2) for _ in range(n))]


ENDPOINTS = {"events": request_paths, "dyads": dyad_paths, "brief": brief_paths}


def run_load(port: int, paths: list[str], concurrency: int) -> tuple[list[float], dict[int, int]]:
    """Send every path once over ``concurrency`` keep-alive connections; latencies in ms and status counts."""
    chunks = [paths[i::concurrency] for i in range(concurrency)]

    def worker(chunk: list[str]) -> list[tuple[float, int]]:
        con = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        out = []
        for path in chunk:
            t0 = time.perf_counter()
            con.request("GET", path)
            resp = con.getresponse()
            resp.read()
            out.append(((time.perf_counter() - t0) * 1000, resp.status))
        con.close()
        return out

    with ThreadPoolExecutor(concurrency) as pool:
        results = [r for chunk in pool.map(worker, chunks) for r in chunk]
    statuses: dict[int, int] = {}
    for _, status in results:
        statuses[status] = statuses.get(status, 0) + 1
    return [ms for ms, _ in results], statuses


def _serve(db: Path) -> tuple[subprocess.Popen, int, dict]:
    """A real ``eventwire serve`` on a free loopback port, once it answers /health."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = subprocess.Popen([sys.executable, "-m", "eventwire", "serve", "--db", str(db), "--port", str(port)],
                              stderr=subprocess.PIPE)
    deadline = time.monotonic() + 300
    while True:
        try:
            con = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            con.request("GET", "/health")
            health = json.loads(con.getresponse().read())
            con.close()
            return server, port, health
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                raise SystemExit(f"server did not start: {server.stderr.read().decode()}") from None
            time.sleep(0.2)


def _cpu_seconds(pid: int) -> float:
    """CPU time a process has used so far (user + system), from /proc: steadier than latency on a busy machine."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _store(args: argparse.Namespace) -> None:
    """Build the store at --db unless it holds enough events already."""
    import duckdb

    have = 0
    if args.db.exists() and not args.rebuild:
        with duckdb.connect(str(args.db), read_only=True) as con:
            have = con.execute("SELECT count(*) FROM events").fetchall()[0][0]
    if have >= args.events:
        print(f"reusing {args.db}: {have} events")
        return
    t0 = time.perf_counter()
    if args.synthetic:
        sys.path.insert(0, str(Path(__file__).parent))
        from synthetic import build

        build(args.db, args.events)
        how = "written by DuckDB SQL (bench/synthetic.py)"
    else:
        build_store(args.db, args.events, args.template)
        how = "synthetic copies of the coded corpus"
    print(f"built {args.db}: {args.events} events ({how}) in {time.perf_counter() - t0:.1f} s")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--db", type=Path, default=Path(tempfile.gettempdir()) / "eventwire-load.duckdb")
    ap.add_argument("--events", type=int, default=100_000)
    ap.add_argument("--requests", type=int, default=1_000, help="Requests per endpoint.")
    ap.add_argument("--concurrency", type=int, default=4)
    ap.add_argument("--endpoints", default="events,dyads,brief", help=f"Comma-separated, of: {', '.join(ENDPOINTS)}.")
    ap.add_argument("--target-p99-ms", type=float, default=100.0)
    ap.add_argument("--template", type=Path, help="Replicate this coded store instead of coding the corpus.")
    ap.add_argument("--synthetic", action="store_true", help="Write the store with DuckDB SQL (bench/synthetic.py): "
                                                             "fast at any size, no text coded.")
    ap.add_argument("--rebuild", action="store_true", help="Build the store even if --db exists.")
    ap.add_argument("--optimize", action="store_true", help="Lay the events out newest first, as 'eventwire optimize' "
                                                            "does, before serving.")
    args = ap.parse_args()
    _store(args)
    if args.optimize:
        from eventwire.store.duckdb import Store

        t0 = time.perf_counter()
        with Store(args.db) as store:
            store.sort_events()
        print(f"laid out newest first in {time.perf_counter() - t0:.1f} s")
    server, port, health = _serve(args.db)
    results = {}
    try:
        for name in args.endpoints.split(","):
            paths = ENDPOINTS[name](args.requests)
            run_load(port, paths[:50], args.concurrency)  # warm the server and DuckDB's caches
            t0, cpu0 = time.perf_counter(), _cpu_seconds(server.pid)
            latencies, statuses = run_load(port, paths, args.concurrency)
            results[name] = (latencies, statuses, time.perf_counter() - t0, _cpu_seconds(server.pid) - cpu0)
    finally:
        server.terminate()
        server.wait(timeout=10)
    load = os.getloadavg()
    size = args.db.stat().st_size / 2**20
    print(f"store: {health['events']} events, {health['articles']} articles, {size:.0f} MB on disk")
    ok = True
    for name, (latencies, statuses, wall, cpu) in results.items():
        q = statistics.quantiles(latencies, n=100, method="inclusive")
        print(f"/{name:<7} {len(latencies)} requests, concurrency {args.concurrency}, {len(latencies) / wall:.0f} req/s; "
              f"latency ms: p50 {q[49]:.1f}  p90 {q[89]:.1f}  p99 {q[98]:.1f}  max {max(latencies):.1f}; "
              f"server CPU {cpu / len(latencies) * 1000:.1f} ms/request; statuses {statuses}")
        ok = ok and statuses == {200: len(latencies)} and q[98] < args.target_p99_ms
    print(f"machine: {os.cpu_count()} CPUs, load average {load[0]:.1f} (other work slows every request)")
    print("OK" if ok else f"FAIL: target p99 < {args.target_p99_ms} ms and every request 200")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
