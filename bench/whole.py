"""Whole processes, as a user runs them: ``eventwire code`` against a bare-spaCy process on the same texts.

Each measurement is a fresh process started from here, timed from start to exit:

* ``spacy``: the interpreter imports spaCy, loads the model, reads the same
  JSON Lines and runs ``nlp.pipe`` over every text with the same batch size;
* ``spacy-runs`` (on request): the same, each batch handed to ``nlp.pipe`` in
  the runs of at most ``parse_chars`` characters eventwire's parse cuts it into,
  so that what eventwire costs over the parse itself shows apart;
* ``local1`` / ``local2``: ``eventwire code FILE --db NEW --workers 1`` (or 2)
  into a fresh DuckDB file;
* ``spark``: ``eventwire code --engine spark --master local[2]`` (on request).

Each side also runs on the corpus's first article alone: that is its start-up
(for spaCy, the model load). From the pair the report gives the steady rate,
the rest of the corpus over the rest of the time. Rounds are interleaved
(spaCy and eventwire one after the other, the order alternating) and the report
gives the median of each figure over the rounds, with the CPU time of each
process tree, which a busy machine moves less than the wall clock.

Peak memory is read per process from ``/proc/PID/status`` (``VmHWM``, the
kernel's own high-water mark), sampled every 0.1 s over the process tree, so
the main process and each worker are reported apart.

The time after coding (clusters, counts, closing the store) runs from the
moment the last batch is stored, which ``eventwire -v`` logs, to the exit.

The default corpus is real text: the sentences of ``../shared/dev/`` in file
order, ``--per-article`` to an article, read from there at run time.
"""

from __future__ import annotations

import json
import os
import re
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve()
DEV = HERE.parents[2] / "shared" / "dev"
if not DEV.is_dir():  # a worktree sits one folder deeper than the clone
    DEV = HERE.parents[3] / "shared" / "dev"
DEV_FILES = ("plv_dev.jsonl", "event_location_dev.jsonl")

# The targets the whole command is held to.
TARGET_RATIO = 0.85
TARGET_STARTUP_S = 1.0
TARGET_MEMORY_MIB = 120 * 1e6 / 2**20  # 120 MB over bare spaCy
TARGET_SCALING = 1.7

ENGINES = {
    "spacy-runs": ("bare spaCy, in runs", []),
    "local1": ("eventwire, 1 worker", ["--workers", "1"]),
    "local2": ("eventwire, 2 workers", ["--workers", "2"]),
    "spark": ("eventwire, Spark local[2]", ["--engine", "spark", "--master", "local[2]"]),
}
_STORED = re.compile(r"stored \d+ articles \((\d+) in all\)")


def real_articles(per_article: int, limit: int, dev: Path = DEV) -> list[dict[str, str]]:
    """The dev sets' sentences in file order, ``per_article`` to an article, at most ``limit`` articles."""
    texts: list[str] = []
    for name in DEV_FILES:
        path = dev / name
        if not path.exists():
            raise SystemExit(f"{path} not found: give --corpus FILE, or --generated")
        with path.open(encoding="utf-8") as f:
            texts += [json.loads(line)["text"] for line in f if line.strip()]
    groups = [texts[i: i + per_article] for i in range(0, len(texts), per_article)][:limit]
    return [{"id": f"dev-article-{n:05d}", "text": " ".join(g)} for n, g in enumerate(groups)]


# --- one process, timed and watched -------------------------------------------

@dataclass
class Run:
    """One finished process: wall and CPU seconds, peak memory per process, its output."""

    seconds: float
    cpu_seconds: float
    main_peak_mib: float
    worker_peaks_mib: list[float]
    stdout: str
    stderr_lines: list[tuple[float, str]] = field(default_factory=list)


def _children() -> dict[int, list[int]]:
    out: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", encoding="utf-8") as f:
                    ppid = int(f.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            out.setdefault(ppid, []).append(int(entry))
    return out


def _hwm_mib(pid: int) -> float | None:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def _is_worker(pid: int) -> bool:
    """A process that codes: not multiprocessing's resource tracker or a shell."""
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            cmd = f.read().replace(b"\0", b" ")
    except OSError:
        return False
    return b"resource_tracker" not in cmd and (b"python" in cmd or b"java" in cmd)


def run_process(cmd: list[str], env: dict[str, str] | None = None) -> Run:
    """Run a command to its end; its wall and CPU time, per-process peak memory and timestamped stderr."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    peaks: dict[int, float] = {}
    workers: set[int] = set()
    out: list[str] = []
    err: list[tuple[float, str]] = []
    done = threading.Event()

    def sample() -> None:
        while not done.wait(0.1):
            kids = _children()
            todo = list(kids.get(proc.pid, ()))
            while todo:
                pid = todo.pop()
                todo.extend(kids.get(pid, ()))
                if pid not in peaks and _is_worker(pid):
                    workers.add(pid)
                hwm = _hwm_mib(pid)
                if hwm is not None:
                    peaks[pid] = max(peaks.get(pid, 0.0), hwm)
            hwm = _hwm_mib(proc.pid)
            if hwm is not None:
                peaks[proc.pid] = max(peaks.get(proc.pid, 0.0), hwm)

    def read_err() -> None:
        for line in proc.stderr:
            err.append((time.perf_counter(), line.rstrip("\n")))

    threads = [threading.Thread(target=sample, daemon=True), threading.Thread(target=read_err, daemon=True),
               threading.Thread(target=lambda: out.append(proc.stdout.read()), daemon=True)]
    for t in threads:
        t.start()
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    done.set()
    for t in threads:
        t.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        sys.stderr.write("\n".join(line for _, line in err[-30:]) + "\n")
        raise SystemExit(f"{' '.join(cmd)} failed (exit {proc.returncode})")
    main_peak = max(peaks.get(proc.pid, 0.0), usage.ru_maxrss / 1024 if not workers else 0.0)
    return Run(seconds, usage.ru_utime + usage.ru_stime, main_peak,
               sorted((peaks[p] for p in workers if p in peaks), reverse=True), "".join(out),
               [(t - start, line) for t, line in err])


# --- the bare-spaCy side (run as: python bench/whole.py spacy CORPUS MODEL BATCH) ------

def bare_spacy(corpus: Path, model: str, batch_size: int, parse_chars: int = 0) -> None:
    """Load the model and parse every text of the corpus in nlp.pipe batches of ``batch_size``, each Doc consumed.

    With ``parse_chars``, each batch goes to ``nlp.pipe`` in consecutive runs of at most that many characters (a
    longer text alone), as eventwire's parse hands it over.
    """
    import spacy

    nlp = spacy.load(model)
    with corpus.open(encoding="utf-8") as f:
        texts = [json.loads(line)["text"] for line in f if line.strip()]
    calls = [texts[i: i + batch_size] for i in range(0, len(texts), batch_size)]
    if parse_chars:
        calls = [run for batch in calls for run in _char_runs(batch, parse_chars)]
    tokens = sentences = 0
    for call in calls:
        for doc in nlp.pipe(call, batch_size=len(call)):
            tokens += len(doc)
            sentences += sum(1 for _ in doc.sents)
    print(json.dumps({"articles": len(texts), "tokens": tokens, "sentences": sentences}))


def _char_runs(batch: list[str], most: int) -> list[list[str]]:
    out: list[list[str]] = [[]]
    size = 0
    for text in batch:
        if out[-1] and size + len(text) > most:
            out.append([])
            size = 0
        out[-1].append(text)
        size += len(text)
    return out


# --- the rounds ---------------------------------------------------------------

def _parse_chars() -> int:
    """eventwire's ``parse_chars`` setting, as ``eventwire code`` here would read it."""
    from eventwire.settings import Settings

    return Settings.load().parse_chars


def _command(side: str, corpus: Path, work: Path, tag: str, model: str, batch_size: int) -> list[str]:
    if side in ("spacy", "spacy-runs"):
        runs = [str(_parse_chars())] if side == "spacy-runs" else []
        return [sys.executable, str(HERE), "spacy", str(corpus), model, str(batch_size), *runs]
    label, flags = ENGINES[side]
    target = ["--out", str(work / tag)] if side == "spark" else ["--db", str(work / f"{tag}.duckdb")]
    return [sys.executable, "-m", "eventwire", "-v", "code", str(corpus), *flags, *target,
            "--batch-size", str(batch_size), "--model", model]


def _after_coding(run: Run) -> float | None:
    """Seconds from the last stored batch to the exit, from eventwire's own log lines."""
    stored = [t for t, line in run.stderr_lines if _STORED.search(line)]
    return run.seconds - stored[-1] if stored else None


def measure_rounds(corpus: Path, one: Path, work: Path, sides: list[str], model: str, batch_size: int,
                   rounds: int, log=print) -> dict[str, list[dict[str, Any]]]:
    """Every side on one article and on the whole corpus, ``rounds`` times, the order alternating."""
    runs: dict[str, list[dict[str, Any]]] = {s: [] for s in sides}
    for r in range(rounds):
        order = sides if r % 2 == 0 else sides[::-1]
        for side in order:
            start = run_process(_command(side, one, work, f"{side}-one-{r}", model, batch_size))
            full = run_process(_command(side, corpus, work, f"{side}-full-{r}", model, batch_size))
            runs[side].append({
                "startup_seconds": start.seconds, "startup_cpu_seconds": start.cpu_seconds,
                "startup_peak_mib": start.main_peak_mib,
                "seconds": full.seconds, "cpu_seconds": full.cpu_seconds,
                "main_peak_mib": full.main_peak_mib,
                "worker_peak_mib": full.worker_peaks_mib[0] if full.worker_peaks_mib else None,
                "after_coding_seconds": _after_coding(full) if not side.startswith("spacy") else None,
                "summary": full.stdout.strip().splitlines()[-1] if full.stdout.strip() else "",
            })
            log(f"  round {r + 1} {side:7} one article {start.seconds:5.1f} s, corpus {full.seconds:6.1f} s "
                f"(CPU {full.cpu_seconds:.1f} s), peak {full.main_peak_mib:.0f} MiB, load {os.getloadavg()[0]:.1f}")
    return runs


def _median(values: list[Any]) -> float | None:
    values = [v for v in values if v is not None]
    return round(statistics.median(values), 3) if values else None


def summarize(runs: dict[str, list[dict[str, Any]]], articles: int) -> dict[str, Any]:
    """Medians per side, and the ratios the targets are about."""
    sides: dict[str, dict[str, Any]] = {}
    for side, rs in runs.items():
        med = {key: _median([r[key] for r in rs]) for key in rs[0] if key != "summary"}
        steady = [(articles - 1) / (r["seconds"] - r["startup_seconds"]) for r in rs
                  if r["seconds"] > r["startup_seconds"]]
        steady_cpu = [(articles - 1) / (r["cpu_seconds"] - r["startup_cpu_seconds"]) for r in rs
                      if r["cpu_seconds"] > r["startup_cpu_seconds"]]
        sides[side] = med | {"articles_per_s": round(articles / med["seconds"], 3),
                             "steady_articles_per_s": _median(steady), "steady_articles_per_cpu_s": _median(steady_cpu),
                             "summary": rs[-1]["summary"], "all_seconds": [round(r["seconds"], 2) for r in rs]}
    report: dict[str, Any] = {"sides": sides, "articles": articles}
    sp, one, two = sides.get("spacy"), sides.get("local1"), sides.get("local2")
    if sp and one:
        report["ratio"] = _ratio(sp["seconds"], one["seconds"])
        report["steady_ratio"] = _ratio(one["steady_articles_per_s"], sp["steady_articles_per_s"])
        report["cpu_ratio"] = _ratio(sp["cpu_seconds"], one["cpu_seconds"])
        report["steady_cpu_ratio"] = _ratio(one["steady_articles_per_cpu_s"], sp["steady_articles_per_cpu_s"])
        report["startup_over_model_seconds"] = round(one["startup_seconds"] - sp["startup_seconds"], 3)
        report["startup_over_model_cpu_seconds"] = round(one["startup_cpu_seconds"] - sp["startup_cpu_seconds"], 3)
        report["memory_over_spacy_mib"] = round(one["main_peak_mib"] - sp["main_peak_mib"], 1)
    runs = sides.get("spacy-runs")
    if runs and one:
        report["runs_cpu_ratio"] = _ratio(runs["cpu_seconds"], one["cpu_seconds"])
        report["runs_ratio"] = _ratio(runs["seconds"], one["seconds"])
        report["memory_over_runs_mib"] = round(one["main_peak_mib"] - runs["main_peak_mib"], 1)
    if one and two:
        report["scaling"] = _ratio(one["seconds"], two["seconds"])
        report["steady_scaling"] = _ratio(two["steady_articles_per_s"], one["steady_articles_per_s"])
        if sp and two["worker_peak_mib"] is not None:
            report["worker_memory_over_spacy_mib"] = round(two["worker_peak_mib"] - sp["main_peak_mib"], 1)
            report["main_memory_over_spacy_mib"] = round(two["main_peak_mib"] - sp["main_peak_mib"], 1)
    return report


def _ratio(a: float | None, b: float | None) -> float | None:
    return round(a / b, 3) if a is not None and b else None


def _num(x: float | None, spec: str = ".2f") -> str:
    return "-" if x is None else format(x, spec)


def _verdict(x: float | None, ok) -> str:
    return "-" if x is None else "meets" if ok(x) else "MISSES"


def render(report: dict[str, Any]) -> list[str]:
    """The whole-process part of the report as text lines."""
    s = report["sides"]
    lines = ["", f"whole processes, start to exit (median of {report['rounds']}; corpus as above):",
             f"{'':24}{'seconds':>9}{'CPU s':>8}{'steady/s':>10}{'1 article':>11}{'peak RSS':>10}{'workers':>10}"
             f"{'after coding':>14}"]
    labels = {"spacy": "bare spaCy", **{k: v[0] for k, v in ENGINES.items()}}
    for side, r in s.items():
        worker = f"{r['worker_peak_mib']:.0f} MiB" if r.get("worker_peak_mib") else "-"
        after = f"{r['after_coding_seconds']:.2f} s" if r.get("after_coding_seconds") is not None else "-"
        lines.append(f"{labels[side]:24}{r['seconds']:>9.1f}{r['cpu_seconds']:>8.1f}"
                     f"{_num(r['steady_articles_per_s']):>10}{r['startup_seconds']:>9.2f} s{r['main_peak_mib']:>6.0f} MiB"
                     f"{worker:>10}{after:>14}")
    g = report.get
    if "ratio" in report:
        lines += [
            f"time ratio spaCy / eventwire (1 worker): {_num(g('ratio'))} whole, {_num(g('steady_ratio'))} steady "
            f"({_verdict(g('ratio'), lambda x: x >= TARGET_RATIO)} {TARGET_RATIO}); "
            f"by CPU time {_num(g('cpu_ratio'))} whole, {_num(g('steady_cpu_ratio'))} steady",
            f"start-up over the model load (one article): {g('startup_over_model_seconds'):+.2f} s wall, "
            f"{g('startup_over_model_cpu_seconds'):+.2f} s CPU "
            f"({_verdict(g('startup_over_model_seconds'), lambda x: x <= TARGET_STARTUP_S)} {TARGET_STARTUP_S:.0f} s)",
            f"peak memory over bare spaCy: {g('memory_over_spacy_mib'):+.0f} MiB, 1 worker "
            f"({_verdict(g('memory_over_spacy_mib'), lambda x: x <= TARGET_MEMORY_MIB)} +{TARGET_MEMORY_MIB:.0f} MiB)",
        ]
    if "runs_cpu_ratio" in report:
        lines.append(f"against spaCy parsing the same runs: time ratio {_num(g('runs_ratio'))} whole, by CPU time "
                     f"{_num(g('runs_cpu_ratio'))}; peak memory {g('memory_over_runs_mib'):+.0f} MiB")
    if "worker_memory_over_spacy_mib" in report:
        lines.append(f"  with 2 workers: each worker {g('worker_memory_over_spacy_mib'):+.0f} MiB, the main process "
                     f"{g('main_memory_over_spacy_mib'):+.0f} MiB")
    if "scaling" in report:
        lines.append(f"1 -> 2 workers: {_num(g('scaling'))}x whole, {_num(g('steady_scaling'))}x steady "
                     f"({_verdict(g('scaling'), lambda x: x >= TARGET_SCALING)} {TARGET_SCALING}x)")
    for side, r in s.items():
        if r["summary"]:
            lines.append(f"  {labels[side]}: {r['summary']}")
    return lines


def measure(corpus_path: Path, work: Path, sides: list[str], model: str, batch_size: int, rounds: int) -> dict[str, Any]:
    """Write the one-article corpus beside ``corpus_path``, run the rounds and summarize them."""
    with corpus_path.open(encoding="utf-8") as f:
        lines = [line for line in f if line.strip()]
    one = work / "one-article.jsonl"
    one.write_text(lines[0], encoding="utf-8")
    runs = measure_rounds(corpus_path, one, work, sides, model, batch_size, rounds,
                          log=lambda msg: print(msg, file=sys.stderr))
    return summarize(runs, len(lines)) | {"rounds": rounds}


if __name__ == "__main__" and len(sys.argv) in (5, 6) and sys.argv[1] == "spacy":
    bare_spacy(Path(sys.argv[2]), sys.argv[3], int(sys.argv[4]), int(sys.argv[5]) if len(sys.argv) == 6 else 0)
