"""Throughput of eventwire's full job against bare spaCy, on the same texts.

Two parts, each side always in its own fresh Python process:

* whole processes (:mod:`whole`), as a user runs them: ``eventwire code``
  with 1 and 2 workers into a fresh DuckDB file against a bare-spaCy process
  (load the model, ``nlp.pipe`` over the same texts, same batch size), each
  on the whole corpus and on one article (start-up), in interleaved rounds,
  medians reported; with peak memory per process and the time after coding;
* warm processes: ``Pipeline(settings).code(articles)`` with each batch
  written by ``Store.write`` against ``nlp.pipe``, timed after the model is
  loaded and a warm-up pass, with the share of each stage.

The default corpus is real text, the sentences of ``../shared/dev/`` grouped
into articles and read from there at run time; ``--generated`` uses the
generated corpus of ``bench/corpus.py``, ``--corpus`` a user's own.

    python bench/throughput.py                          # 300 real-text articles, both parts
    python bench/throughput.py --repeat 0 --rounds 3    # whole processes only
    python bench/throughput.py --generated --articles 500 --engines none
    python bench/throughput.py --corpus news.jsonl --json --out bench/out/run.json
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from itertools import islice
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import whole  # noqa: E402  (the whole-process runs, beside this file)
from warm import child  # noqa: E402  (the warm-process measurements)

TARGET_RATIO = 0.75


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
    elif args.generated:
        from corpus import generate

        records = list(generate(args.articles, args.seed))
        source = f"generated (bench/corpus.py, seed {args.seed})"
    else:
        records = whole.real_articles(args.per_article, args.articles)
        source = f"real text: the sentences of {whole.DEV}, {args.per_article} to an article"
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
        report: dict[str, Any] = {"machine": machine, "batch_size": args.batch_size, "corpus": corpus,
                                  "model_name": args.model}
        if args.repeat:
            report |= _in_process(corpus_path, Path(tmp), args)
        if args.engines:
            report["whole"] = whole.measure(corpus_path, Path(tmp), ["spacy", *args.engines], args.model,
                                            args.batch_size, args.rounds)
    report["machine"]["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
    return report


def _in_process(corpus_path: Path, tmp: Path, args: argparse.Namespace) -> dict[str, Any]:
    """Both sides in warm processes, the stages timed apart."""
    runs: dict[str, list[dict[str, Any]]] = {"spacy": [], "eventwire": []}
    for i in range(args.repeat):
        # Alternate which goes first so drift in machine load falls on both.
        for kind in (("spacy", "eventwire") if i % 2 == 0 else ("eventwire", "spacy")):
            db_dir = tmp / f"{kind}-{i}"
            db_dir.mkdir()
            result = _run_child(kind, corpus_path, db_dir, args)
            result["articles_per_s"] = result["articles"] / result["seconds"]
            runs[kind].append(result)
            print(f"  {kind:9} run {i + 1}: {result['articles_per_s']:.1f} articles/s", file=sys.stderr)
    best = {k: max(v, key=lambda r: r["articles_per_s"]) for k, v in runs.items()}
    ew = best["eventwire"]
    parts = ew["parts_seconds"]
    ratio = ew["articles_per_s"] / best["spacy"]["articles_per_s"]
    cpu_ratio = best["spacy"]["cpu_seconds"] / ew["cpu_seconds"]
    after_parse = sum(s for name, s in parts.items() if name != "parse")
    return {
        "model": best["spacy"]["model"],
        "spacy_version": best["spacy"]["spacy_version"],
        "warmup_articles": args.warmup,
        "repeat": args.repeat,
        "tokens": best["spacy"]["tokens"],
        "sentences": best["spacy"]["sentences"],
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
        "ratio": round(ratio, 3),
        "cpu_ratio": round(cpu_ratio, 3),
        "target_ratio": TARGET_RATIO,
        "meets_target": ratio >= TARGET_RATIO,
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
    m, c = report["machine"], report["corpus"]
    lines = [
        "eventwire throughput",
        f"machine   {m['cpu']}, {m['cores']} cores ({m['usable_cores']} usable), load average {m['load_average']} "
        f"at the start, {m['load_average_after']} at the end",
        f"          {m['system']}, Python {m['python']}",
        f"model     {report.get('model', report['model_name'])}, batch size {report['batch_size']}",
        f"corpus    {c['articles']} articles, {c['words']:,} words ({c['words_per_article']}/article); {c['source']}",
    ]
    if "spacy" in report:
        lines += _render_in_process(report)
    if "whole" in report:
        lines += whole.render(report["whole"])
    return "\n".join(lines)


def _render_in_process(report: dict[str, Any]) -> list[str]:
    c, sp, ew = report["corpus"], report["spacy"], report["eventwire"]
    lines = [
        "",
        f"in warm processes (spaCy {report['spacy_version']}, warm-up {report['warmup_articles']} articles, "
        f"best of {report['repeat']}; {report['tokens']:,} tokens, {report['sentences']:,} sentences):",
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
    if len(sp["all_runs_articles_per_s"]) > 1:
        lines.append(f"all runs   spaCy {sp['all_runs_articles_per_s']}, eventwire {ew['all_runs_articles_per_s']}")
    return lines


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Command-line options."""
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--articles", type=int, default=300,
                   help="Articles to build from the dev sets' text or to generate, or to read at most from --corpus "
                        "(default 300).")
    p.add_argument("--corpus", type=Path, help="Read articles from this file or folder (JSONL, CSV, .txt) instead.")
    p.add_argument("--per-article", type=int, default=20,
                   help="Sentences of the dev sets to an article in the default real-text corpus (default 20).")
    p.add_argument("--generated", action="store_true",
                   help="Use the generated corpus of bench/corpus.py instead of real text.")
    p.add_argument("--seed", type=int, default=1, help="Seed of the generated corpus (default 1).")
    p.add_argument("--batch-size", type=int, default=None, help="Articles per nlp.pipe batch and store write (default: eventwire's setting, 64).")
    p.add_argument("--model", default=None, help="spaCy pipeline (default: eventwire's setting).")
    p.add_argument("--stages", default=None, help="Comma-separated stage names (default: all of eventwire's stages).")
    p.add_argument("--warmup", type=int, default=16, help="Articles run once before the clock starts (default 16).")
    p.add_argument("--repeat", type=int, default=1,
                   help="Measure each side in a warm process this many times, alternating, and keep the best; "
                        "0 skips the warm-process part (default 1).")
    p.add_argument("--engines", default="local1,local2",
                   help="Whole processes of 'eventwire code' to time against a bare-spaCy process: local1, local2 "
                        "(1 and 2 workers), spark (local[2]), spacy-runs (bare spaCy again, fed eventwire's parse_chars runs); "
                        "comma-separated, or 'none' (default: local1,local2).")
    p.add_argument("--rounds", type=int, default=3,
                   help="Interleaved rounds of the whole processes; the report gives medians (default 3).")
    p.add_argument("--json", action="store_true", help="Print the report as JSON.")
    p.add_argument("--out", type=Path, help="Also write the JSON report to this file.")
    p.add_argument("--min-ratio", type=float, default=None, help="Exit 1 if the ratio is below this.")
    # Used by the run itself to start each measurement in its own process.
    p.add_argument("--measure", choices=("spacy", "eventwire"), help=argparse.SUPPRESS)
    p.add_argument("--db-dir", help=argparse.SUPPRESS)
    p.add_argument("--max-chars", type=int, default=200_000, help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    args.engines = [] if args.engines in ("", "none") else args.engines.split(",")
    unknown = [e for e in args.engines if e not in whole.ENGINES]
    if unknown:
        p.error(f"unknown engine(s) {unknown}; engines: {', '.join(whole.ENGINES)}")
    if args.articles < 1 or args.repeat < 0 or args.rounds < 1 or args.per_article < 1 or args.warmup < 0 or (args.batch_size is not None and args.batch_size < 1):
        p.error("--articles, --rounds, --per-article and --batch-size must be positive, --repeat and --warmup "
                "not negative")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.measure:
        return child(args)
    report = run(args)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(report, indent=2) if args.json else render(report))
    ratio = report["whole"].get("ratio") if "whole" in report else report.get("ratio")
    if args.min_ratio is not None and ratio is not None and ratio < args.min_ratio:
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
