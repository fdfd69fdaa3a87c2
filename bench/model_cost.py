"""What coding with a model folder costs: the whole ``eventwire code`` command with and without ``--model-dir``.

The corpus is real text: the sentences of ``../shared/dev/`` grouped into articles
of ``--per-article`` sentences each (or ``--corpus``). Each side runs as its own
process, one worker, into a fresh store, alternating which goes first; the
report gives the median wall time and peak resident memory of each, their
ratio and difference, and the machine's load average, which on a shared
machine moves both. Targets: at most 1.3x the time and +250 MB.

    .venv/bin/python bench/model_cost.py --model-dir MODEL_DIR [--articles 300] [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from whole import real_articles, run_process  # noqa: E402  (the same real text, timer and memory sampler)


def measure(corpus: Path, model_dir: Path | None, work: Path, run: int) -> tuple[float, float, float]:
    """Wall seconds, peak MiB and CPU seconds of one ``eventwire code`` process."""
    db = work / f"{'model' if model_dir else 'patterns'}-{run}.duckdb"
    cmd = [sys.executable, "-m", "eventwire", "code", str(corpus), "--db", str(db), "--workers", "1"]
    if model_dir is not None:
        cmd += ["--model-dir", str(model_dir)]
    run = run_process(cmd)
    return run.seconds, run.main_peak_mib, run.cpu_seconds


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--model-dir", type=Path, required=True, help="Model folder written by 'eventwire train'.")
    p.add_argument("--corpus", type=Path, help="Articles to code instead of the dev sets' texts (JSONL).")
    p.add_argument("--articles", type=int, default=300, help="Articles of real text to build (default 300).")
    p.add_argument("--per-article", type=int, default=20, help="Sentences per built article (default 20).")
    p.add_argument("--repeat", type=int, default=3, help="Runs of each side; medians are reported (default 3).")
    args = p.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        corpus = args.corpus
        if corpus is None:
            corpus = work / "articles.jsonl"
            corpus.write_text("".join(json.dumps(a) + "\n" for a in real_articles(args.per_article, args.articles)))
        runs: dict[str, list[tuple[float, float, float]]] = {"patterns": [], "model": []}
        for run in range(args.repeat):
            sides = [("patterns", None), ("model", args.model_dir)]
            for name, folder in sides if run % 2 == 0 else sides[::-1]:
                runs[name].append(measure(corpus, folder, work, run))
    median = {k: [statistics.median(r[i] for r in v) for i in range(3)] for k, v in runs.items()}
    report = {
        "corpus": str(args.corpus or f"{args.articles} articles of {args.per_article} dev sentences"),
        **{k: {"seconds": round(m[0], 1), "peak_mib": round(m[1]), "cpu_seconds": round(m[2], 1)}
           for k, m in median.items()},
        "time_ratio": round(median["model"][0] / median["patterns"][0], 3),
        # on a shared machine the wall clock mostly measures the others' load; CPU time is the work done
        "cpu_ratio": round(median["model"][2] / median["patterns"][2], 3),
        "memory_mib_more": round(median["model"][1] - median["patterns"][1]),
        "load_average": [round(x, 1) for x in os.getloadavg()],
    }
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
