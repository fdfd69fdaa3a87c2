"""The warm-process measurements of the throughput benchmark, each run in a child process of its own.

``bench/throughput.py --measure spacy|eventwire`` runs one of them: the model
loaded and the stages built, a warm-up pass, then the clock over the corpus.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from pathlib import Path
from typing import Any


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


def child(args: argparse.Namespace) -> int:
    """Run the measurement ``args.measure`` names on ``args.corpus`` and print its JSON."""
    records = _read_corpus(Path(args.corpus))
    measure = measure_spacy if args.measure == "spacy" else measure_eventwire
    print(json.dumps(measure(records, args)))
    return 0
