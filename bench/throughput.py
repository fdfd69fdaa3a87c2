"""Throughput of eventwire's full job against bare spaCy, on the same texts.

One run measures, each in its own fresh Python process (so each has its own
peak memory and neither warms the other's caches):

* ``spacy``: ``nlp.pipe`` over the corpus texts with the same model and
  batch size eventwire uses, every Doc consumed;
* ``eventwire``: ``Pipeline(settings).code(articles)`` (parse plus every
  stage) with each batch written to a DuckDB store by ``Store.write``, the
  way ``eventwire code`` runs.

Loading the model and building the stages, plus one warm-up pass over the
first few articles, happen before the clock starts in both. The report gives
articles/s for each, their ratio (eventwire / spaCy), the share of
eventwire's time spent in each stage and in the store, peak resident memory
of each process, and the machine it ran on.

    python bench/throughput.py                      # 500 generated articles
    python bench/throughput.py --articles 1000 --repeat 3 --json --out bench/out/run.json
    python bench/throughput.py --corpus news.jsonl  # your own articles
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from itertools import islice
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
TARGET_RATIO = 0.75


# --- measurements (run in child processes) ----------------------------------

def _read_corpus(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def _rss_mib() -> float:
    """Resident memory now, from /proc (Linux); 0 where unavailable."""
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def _peak_mib() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def measure_spacy(records: list[dict[str, Any]], args: argparse.Namespace) -> dict[str, Any]:
    """Bare spaCy: the model eventwire parses with, nlp.pipe over the same texts."""
    import spacy

    nlp = spacy.load(args.model)
    texts = [r["text"][: args.max_chars] for r in records]
    for _ in nlp.pipe(texts[: args.warmup], batch_size=args.batch_size):
        pass
    rss_ready = _rss_mib()
    tokens = sentences = 0
    cpu_start, start = time.process_time(), time.perf_counter()
    for doc in nlp.pipe(texts, batch_size=args.batch_size):
        tokens += len(doc)
        sentences += sum(1 for _ in doc.sents)
    seconds = time.perf_counter() - start
    return {
        "seconds": seconds,
        "cpu_seconds": time.process_time() - cpu_start,
        "articles": len(texts),
        "tokens": tokens,
        "sentences": sentences,
        "rss_ready_mib": rss_ready,
        "peak_rss_mib": _peak_mib(),
        "spacy_version": spacy.__version__,
        "model": f"{nlp.meta.get('lang', '')}_{nlp.meta.get('name', '')} {nlp.meta.get('version', '')}",
        "pipe_names": nlp.pipe_names,
    }


class _Timed:
    """A stage whose ``pipe`` calls add up their time in ``totals``."""

    def __init__(self, stage: Any, totals: dict[str, float]) -> None:
        self.stage = stage
        self.name = stage.name
        self.needs = stage.needs
        self.adds = stage.adds
        self.totals = totals
        totals.setdefault(stage.name, 0.0)

    def pipe(self, batch: list[Any]) -> list[Any]:
        start = time.perf_counter()
        out = self.stage.pipe(batch)
        self.totals[self.name] += time.perf_counter() - start
        return out


def _build_stages(names: list[str], settings: Any) -> tuple[list[Any], list[str]]:
    """The stages that exist and whose needs are met, and the names of those left out."""
    from eventwire.pipeline import build_stage

    built, missing = [], []
    for name in names:
        try:
            built.append(build_stage(name, settings))
        except ModuleNotFoundError as exc:
            if not (exc.name or "").startswith("eventwire."):
                raise
            missing.append(name)
    have: set[str] = set()
    usable = []
    for stage in built:
        if all(n in have for n in stage.needs):
            usable.append(stage)
            have.update(stage.adds)
        else:
            missing.append(stage.name)
    return usable, missing


def measure_eventwire(records: list[dict[str, Any]], args: argparse.Namespace) -> dict[str, Any]:
    """eventwire's full job: Pipeline.code over the articles, each batch written to DuckDB."""
    from eventwire.pipeline import DEFAULT_STAGES, Pipeline
    from eventwire.batches import batched
    from eventwire.settings import Settings
    from eventwire.stages.ingest import article_from_fields
    from eventwire.store.duckdb import Store

    settings = Settings.load(model=args.model, batch_size=args.batch_size, max_chars=args.max_chars)
    names = args.stages.split(",") if args.stages else list(DEFAULT_STAGES)
    stages, missing = _build_stages(names, settings)
    totals: dict[str, float] = {}
    pipeline = Pipeline(settings, stages=[_Timed(s, totals) for s in stages])
    articles = [article_from_fields(r, f"corpus:{i + 1}") for i, r in enumerate(records)]

    db_dir = Path(args.db_dir)
    with Store(db_dir / "warmup.duckdb") as store:
        store.write(pipeline.code(articles[: args.warmup]))
    for name in totals:
        totals[name] = 0.0
    rss_ready = _rss_mib()

    n_articles = n_sentences = n_mentions = n_events = 0
    store_seconds = 0.0
    cpu_start, start = time.process_time(), time.perf_counter()
    with Store(db_dir / "bench.duckdb") as store:
        for batch in batched(pipeline.code(articles), settings.batch_size):
            t = time.perf_counter()
            store.write(batch)
            store_seconds += time.perf_counter() - t
            n_articles += len(batch)
            for result in batch:
                n_sentences += len(result.sentences)
                n_mentions += len(result.mentions)
                n_events += len(result.events)
    seconds = time.perf_counter() - start
    cpu_seconds = time.process_time() - cpu_start
    with Store(db_dir / "bench.duckdb", read_only=True) as store:
        stored_events = store.count("events")

    parts = dict(totals)
    parts["store"] = store_seconds
    parts["results"] = max(seconds - sum(parts.values()), 0.0)  # Result assembly, batching, store open/close
    return {
        "seconds": seconds,
        "cpu_seconds": cpu_seconds,
        "articles": n_articles,
        "sentences": n_sentences,
        "mentions": n_mentions,
        "events": n_events,
        "stored_events": stored_events,
        "stages": [s.name for s in stages],
        "missing_stages": missing,
        "parts_seconds": parts,
        "rss_ready_mib": rss_ready,
        "peak_rss_mib": _peak_mib(),
    }


def _child(args: argparse.Namespace) -> int:
    records = _read_corpus(Path(args.corpus))
    measure = measure_spacy if args.measure == "spacy" else measure_eventwire
    print(json.dumps(measure(records, args)))
    return 0


# --- the run (parent process) -----------------------------------------------

def machine_info() -> dict[str, Any]:
    """CPU model, cores and system of this machine."""
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "usable_cores": usable,
        "load_average": [round(x, 2) for x in os.getloadavg()] if hasattr(os, "getloadavg") else None,
        "system": platform.platform(),
        "python": platform.python_version(),
    }


def _corpus(args: argparse.Namespace, out: Path) -> dict[str, Any]:
    """Write the corpus to ``out`` as JSON Lines (id, text, date, title) and describe it."""
    if args.corpus:
        from eventwire.stages.ingest import read_articles

        records = []
        for a in islice(read_articles([args.corpus]), args.articles):
            records.append({"id": a.id, "text": a.text, "date": a.published.isoformat() if a.published else None,
                            "title": a.title})
        source = str(args.corpus)
    else:
        sys.path.insert(0, str(HERE))
        from corpus import generate

        records = list(generate(args.articles, args.seed))
        source = f"generated (bench/corpus.py, seed {args.seed})"
    if not records:
        raise SystemExit(f"no articles in {args.corpus}")
    with out.open("w", encoding="utf-8") as f:
        for r in records:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    words = sum(len(r["text"].split()) for r in records)
    return {"source": source, "articles": len(records), "words": words, "chars": sum(len(r["text"]) for r in records),
            "words_per_article": round(words / len(records), 1)}


def _run_child(kind: str, corpus: Path, db_dir: Path, args: argparse.Namespace) -> dict[str, Any]:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--measure", kind, "--corpus", str(corpus),
           "--db-dir", str(db_dir), "--batch-size", str(args.batch_size), "--model", args.model,
           "--max-chars", str(args.max_chars), "--warmup", str(args.warmup)]
    if args.stages:
        cmd += ["--stages", args.stages]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr)
        raise SystemExit(f"the {kind} measurement failed (exit {proc.returncode})")
    return json.loads(proc.stdout.strip().splitlines()[-1])


# --- whole-command runs: local workers and Spark -----------------------------

ENGINES = {
    "local1": ("local, 1 worker", ["--workers", "1"]),
    "local2": ("local, 2 workers", ["--workers", "2"]),
    "spark": ("Spark local[2]", ["--engine", "spark", "--master", "local[2]"]),
}


def _tree_rss_mib(root: int) -> float:
    """Resident memory of a process and all its descendants, from /proc."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    page = os.sysconf("SC_PAGE_SIZE")
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="utf-8") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid, ppid = int(entry), int(fields[1])
        children.setdefault(ppid, []).append(pid)
        rss[pid] = int(fields[21]) * page
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        total += rss.get(pid, 0)
        todo.extend(children.get(pid, ()))
    return total / 2**20


def _run_command(cmd: list[str]) -> tuple[float, float, str]:
    """Run a command, returning wall seconds, peak resident memory of its process tree (MiB) and stdout."""
    import threading

    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = 0.0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.wait(0.25):
            peak = max(peak, _tree_rss_mib(proc.pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = proc.communicate()
    seconds = time.perf_counter() - start
    done.set()
    sampler.join()
    if proc.returncode != 0:
        sys.stderr.write(err)
        raise SystemExit(f"{' '.join(cmd)} failed (exit {proc.returncode})")
    return seconds, peak, out


def measure_engine(engine: str, corpus: Path, work: Path, args: argparse.Namespace) -> dict[str, Any]:
    """``eventwire code`` as a user runs it on the corpus with one engine, start-up included and excluded.

    Start-up (interpreter, model load per process, Spark session) is measured by the same command on the
    first two articles; steady articles/s is the rest of the corpus over the rest of the time.
    """
    exe = [sys.executable, "-m", "eventwire", "code"]
    label, flags = ENGINES[engine]
    common = ["--batch-size", str(args.batch_size), "--model", args.model]
    small = work / f"{engine}-small.jsonl"
    with corpus.open(encoding="utf-8") as f, small.open("w", encoding="utf-8") as out:
        out.writelines(islice(f, 2))

    def target(name: str) -> list[str]:
        return ["--out", str(work / name)] if engine == "spark" else ["--db", str(work / f"{name}.duckdb")]

    startup, _, _ = _run_command([*exe, str(small), *flags, *common, *target(f"{engine}-small")])
    seconds, peak, out = _run_command([*exe, str(corpus), *flags, *common, *target(f"{engine}-full")])
    summary = out.strip().splitlines()[-1] if out.strip() else ""
    articles = int(summary.split(" articles")[0]) if summary[:1].isdigit() else None
    n = articles or 0
    return {
        "label": label,
        "articles": n,
        "seconds": round(seconds, 2),
        "startup_seconds": round(startup, 2),
        "articles_per_s": round(n / seconds, 2) if seconds else None,
        "steady_articles_per_s": round((n - 2) / (seconds - startup), 2) if seconds > startup and n > 2 else None,
        "peak_rss_mib": round(peak, 1),
        "summary": summary,
    }


def run(args: argparse.Namespace) -> dict[str, Any]:
    """Every measurement, in fresh processes, and the report."""
    from eventwire.settings import Settings

    defaults = Settings.load()
    args.batch_size = args.batch_size or defaults.batch_size
    args.model = args.model or defaults.model
    args.max_chars = defaults.max_chars
    machine = machine_info()
    with tempfile.TemporaryDirectory(prefix="eventwire-bench-") as tmp:
        corpus_path = Path(tmp) / "corpus.jsonl"
        corpus = _corpus(args, corpus_path)
        runs: dict[str, list[dict[str, Any]]] = {"spacy": [], "eventwire": []}
        for i in range(args.repeat):
            # Alternate which goes first so drift in machine load falls on both.
            for kind in (("spacy", "eventwire") if i % 2 == 0 else ("eventwire", "spacy")):
                db_dir = Path(tmp) / f"{kind}-{i}"
                db_dir.mkdir()
                result = _run_child(kind, corpus_path, db_dir, args)
                result["articles_per_s"] = result["articles"] / result["seconds"]
                runs[kind].append(result)
                print(f"  {kind:9} run {i + 1}: {result['articles_per_s']:.1f} articles/s", file=sys.stderr)
        engines = {}
        for engine in args.engines:
            engines[engine] = measure_engine(engine, corpus_path, Path(tmp), args)
            print(f"  {engine:9}: {engines[engine]['articles_per_s']} articles/s", file=sys.stderr)
    best = {k: max(v, key=lambda r: r["articles_per_s"]) for k, v in runs.items()}
    ew = best["eventwire"]
    parts = ew["parts_seconds"]
    ratio = ew["articles_per_s"] / best["spacy"]["articles_per_s"]
    cpu_ratio = best["spacy"]["cpu_seconds"] / ew["cpu_seconds"]
    after_parse = sum(s for name, s in parts.items() if name != "parse")
    return {
        "machine": machine,
        "model": best["spacy"]["model"],
        "spacy_version": best["spacy"]["spacy_version"],
        "batch_size": args.batch_size,
        "warmup_articles": args.warmup,
        "repeat": args.repeat,
        "corpus": corpus | {"tokens": best["spacy"]["tokens"], "sentences": best["spacy"]["sentences"]},
        "spacy": _summary(best["spacy"], runs["spacy"]),
        "eventwire": _summary(ew, runs["eventwire"]) | {
            "stages": ew["stages"],
            "missing_stages": ew["missing_stages"],
            "events": ew["events"],
            "stored_events": ew["stored_events"],
            "mentions": ew["mentions"],
            "parts_seconds": {k: round(v, 3) for k, v in parts.items()},
            "parts_share": {k: round(v / ew["seconds"], 4) for k, v in parts.items()},
            "after_parse_vs_parse": round(after_parse / parts["parse"], 3) if parts.get("parse") else None,
        },
        "engines": engines,
        "scaling_1_to_2_workers": _scaling(engines),
        "ratio": round(ratio, 3),
        "cpu_ratio": round(cpu_ratio, 3),
        "target_ratio": TARGET_RATIO,
        "meets_target": ratio >= TARGET_RATIO,
    }


def _scaling(engines: dict[str, dict[str, Any]]) -> dict[str, Any] | None:
    if "local1" not in engines or "local2" not in engines:
        return None
    one, two = engines["local1"], engines["local2"]
    return {
        "wall_clock": round(two["articles_per_s"] / one["articles_per_s"], 2),
        "steady": round(two["steady_articles_per_s"] / one["steady_articles_per_s"], 2)
        if one["steady_articles_per_s"] and two["steady_articles_per_s"] else None,
    }


def _summary(best: dict[str, Any], runs: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "articles_per_s": round(best["articles_per_s"], 2),
        "seconds": round(best["seconds"], 3),
        "cpu_seconds": round(best["cpu_seconds"], 3),
        "all_runs_articles_per_s": [round(r["articles_per_s"], 2) for r in runs],
        "rss_ready_mib": round(best["rss_ready_mib"], 1),
        "peak_rss_mib": round(best["peak_rss_mib"], 1),
    }


def render(report: dict[str, Any]) -> str:
    """The report as text for a person."""
    m, c, sp, ew = report["machine"], report["corpus"], report["spacy"], report["eventwire"]
    lines = [
        "eventwire throughput",
        f"machine   {m['cpu']}, {m['cores']} cores ({m['usable_cores']} usable), load average {m['load_average']}",
        f"          {m['system']}, Python {m['python']}",
        f"model     {report['model']} (spaCy {report['spacy_version']}), batch size {report['batch_size']}, "
        f"warm-up {report['warmup_articles']} articles, best of {report['repeat']}",
        f"corpus    {c['articles']} articles, {c['words']:,} words ({c['words_per_article']}/article), "
        f"{c['tokens']:,} tokens, {c['sentences']:,} sentences; {c['source']}",
        "",
        f"{'':24}{'articles/s':>11}{'seconds':>10}{'CPU s':>8}{'RSS ready':>11}{'peak RSS':>10}",
    ]
    for label, r in (("bare spaCy nlp.pipe", sp), ("eventwire code + store", ew)):
        lines.append(f"{label:24}{r['articles_per_s']:>11.1f}{r['seconds']:>10.2f}{r['cpu_seconds']:>8.2f}"
                     f"{r['rss_ready_mib']:>8.0f} MiB{r['peak_rss_mib']:>6.0f} MiB")
    verdict = "meets" if report["meets_target"] else "BELOW"
    lines += [
        "",
        f"ratio eventwire / spaCy: {report['ratio']:.2f} ({verdict} the target of {report['target_ratio']:.2f}); "
        f"by CPU time {report['cpu_ratio']:.2f}",
        "",
        "eventwire time by part:",
    ]
    for name, share in ew["parts_share"].items():
        lines.append(f"  {name:12}{share * 100:6.1f} %{ew['parts_seconds'][name]:9.2f} s")
    if ew["after_parse_vs_parse"] is not None:
        lines.append(f"  everything after parse costs {ew['after_parse_vs_parse']:.2f}x the parse")
    lines.append(f"events     {ew['events']:,} coded ({ew['events'] / c['articles']:.1f}/article), "
                 f"{ew['stored_events']:,} stored; {ew['mentions']:,} actor mentions")
    if ew["missing_stages"]:
        lines.append(f"WARNING: stages not run (not available or their needs unmet): {', '.join(ew['missing_stages'])}")
    if report.get("engines"):
        lines += ["", "eventwire code, start to finish (as a user runs it):",
                  f"{'':24}{'articles/s':>11}{'steady/s':>10}{'start-up':>10}{'seconds':>9}{'peak RSS':>10}"]
        for r in report["engines"].values():
            steady = f"{r['steady_articles_per_s']:.1f}" if r["steady_articles_per_s"] else "-"
            lines.append(f"{r['label']:24}{r['articles_per_s']:>11.1f}{steady:>10}{r['startup_seconds']:>9.1f}s"
                         f"{r['seconds']:>9.1f}{r['peak_rss_mib']:>6.0f} MiB")
        scaling = report.get("scaling_1_to_2_workers")
        if scaling:
            lines.append(f"scaling 1 -> 2 workers: {scaling['wall_clock']:.2f}x start to finish, "
                         f"{scaling['steady'] or 0:.2f}x steady (peak RSS sums every process of the run)")
    if len(sp["all_runs_articles_per_s"]) > 1:
        lines.append(f"all runs   spaCy {sp['all_runs_articles_per_s']}, eventwire {ew['all_runs_articles_per_s']}")
    return "\n".join(lines)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Command-line options."""
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--articles", type=int, default=500, help="Articles to generate, or to read at most from --corpus (default 500).")
    p.add_argument("--corpus", type=Path, help="Read articles from this file or folder (JSONL, CSV, .txt) instead of generating them.")
    p.add_argument("--seed", type=int, default=1, help="Seed of the generated corpus (default 1).")
    p.add_argument("--batch-size", type=int, default=None, help="Articles per nlp.pipe batch and store write (default: eventwire's setting, 64).")
    p.add_argument("--model", default=None, help="spaCy pipeline (default: eventwire's setting).")
    p.add_argument("--stages", default=None, help="Comma-separated stage names (default: all of eventwire's stages).")
    p.add_argument("--warmup", type=int, default=16, help="Articles run once before the clock starts (default 16).")
    p.add_argument("--repeat", type=int, default=1, help="Measure each side this many times, alternating, and keep the best (default 1).")
    p.add_argument("--engines", default="local1,local2,spark",
                   help="Whole-command runs of 'eventwire code' to time as well: local1, local2 (workers), spark "
                        "(local[2]); comma-separated, or 'none' (default: all three).")
    p.add_argument("--json", action="store_true", help="Print the report as JSON.")
    p.add_argument("--out", type=Path, help="Also write the JSON report to this file.")
    p.add_argument("--min-ratio", type=float, default=None, help="Exit 1 if the ratio is below this.")
    # Used by the run itself to start each measurement in its own process.
    p.add_argument("--measure", choices=("spacy", "eventwire"), help=argparse.SUPPRESS)
    p.add_argument("--db-dir", help=argparse.SUPPRESS)
    p.add_argument("--max-chars", type=int, default=200_000, help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    args.engines = [] if args.engines in ("", "none") else args.engines.split(",")
    unknown = [e for e in args.engines if e not in ENGINES]
    if unknown:
        p.error(f"unknown engine(s) {unknown}; engines: {', '.join(ENGINES)}")
    if args.articles < 1 or args.repeat < 1 or args.warmup < 0 or (args.batch_size is not None and args.batch_size < 1):
        p.error("--articles, --repeat and --batch-size must be positive, --warmup not negative")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.measure:
        return _child(args)
    report = run(args)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(report, indent=2) if args.json else render(report))
    if args.min_ratio is not None and report["ratio"] < args.min_ratio:
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
