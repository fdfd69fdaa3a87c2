"""The Python API for notebooks and scripts: code texts, or code files into a store as ``eventwire code`` does.

:func:`code` turns texts (or :class:`~eventwire.records.Article` records) into
events in this process; :func:`code_files` is the ``eventwire code`` job, the
same readers, deduplication, batching and store, with a progress callback
instead of a progress bar. Reading the store is :class:`eventwire.Store`.
Nothing here prints: errors are raised, progress is reported to a callback.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa

from eventwire.batches import batched
from eventwire.corpus import CorpusCounts, Progress, code_corpus, local_coder
from eventwire.errors import InputError
from eventwire.records import Article, Event, Problem, Result
from eventwire.scale.local import pipeline_for
from eventwire.settings import Settings
from eventwire.stages.ingest import parse_published, read_articles, refuse_missing, some_articles
from eventwire.stages.ingest.language import language_of
from eventwire.stages.ingest.markup import readable_text
from eventwire.store.duckdb import Store, check_store_file
from eventwire.store.schema import tables_of

log = logging.getLogger(__name__)

Texts = str | Article | Iterable[str | Article]


def settings_of(settings: Settings | None, overrides: dict[str, Any]) -> Settings:
    """``settings`` (else the defaults and EVENTWIRE_* variables) with ``overrides`` on top.

    Raises:
        ConfigError: an override names no setting, with the valid ones.
    """
    if settings is None:
        return Settings.load(**overrides)
    return Settings.load(**{**{f.name: getattr(settings, f.name) for f in dataclasses.fields(settings)}, **overrides})


def articles_of(texts: Texts, published: dt.date | str | None = None) -> list[Article]:
    """Articles from texts and Article records; a text becomes article ``text-N`` (N counts from 1).

    A text that carries HTML is read with its markup stripped, and that is the article's text
    (the one its events' offsets point into).

    ``published`` dates the texts; an Article keeps its own date.

    Raises:
        InputError: a text is empty, an item is neither text nor Article, or the date is not one.
    """
    items = [texts] if isinstance(texts, str | Article) else list(texts)
    try:
        date = parse_published(published) if published not in (None, "") else None
    except ValueError as exc:
        raise InputError(f"published: {exc}") from None
    articles = []
    for number, item in enumerate(items, start=1):
        if isinstance(item, Article):
            articles.append(item)
        elif not isinstance(item, str):
            raise InputError(f"text {number}: expected a str or an eventwire.Article, got {type(item).__name__}")
        elif not item.strip():
            raise InputError(f"text {number}: empty text")
        else:
            text = readable_text(item).strip()
            if not text:
                raise InputError(f"text {number}: markup and no readable text")
            articles.append(Article(id=f"text-{number}", text=text, published=date, lang=language_of(text),
                                    origin=f"text {number}"))
    return articles


def code(texts: Texts, *, published: dt.date | str | None = None, db: str | Path | None = None,
         settings: Settings | None = None, **overrides: Any) -> list[Event]:
    """Code texts or Article records into events, in input order.

    Args:
        texts: one text, one :class:`~eventwire.records.Article`, or a list of either.
        published: the publication date of the texts (``datetime.date`` or ISO text);
            relative dates ("on Monday") are resolved against it. Articles keep their own.
        db: also store the coded articles in this DuckDB store, as ``eventwire code``
            does: a copy of a stored story is recorded as its duplicate and not coded.
        settings: the settings to code with [default: ``Settings.load()``].
        **overrides: settings to change, by name (``model=``, ``dicts=``, ``patterns=``, ...).

    Returns:
        The events as :class:`~eventwire.records.Event` records; ``eventwire.event_json(e)``
        gives an event's PLOVER record, the one ``eventwire code -o`` writes.

    Raises:
        InputError: a text is empty or not text. ConfigError: a bad setting or model.
    """
    settings = settings_of(settings, overrides)
    articles = articles_of(texts, published)
    for article in articles:
        if article.lang != settings.language:
            log.warning("not coded: %s is written in %s, not %s", article.origin or article.id, article.lang,
                        settings.language)
    pipeline = pipeline_for(settings)
    if db is None:
        return [e for result in pipeline.code(articles) for e in result.events]
    events: list[Event] = []

    def coder(batch_in: Iterable[Article]) -> Iterator[dict[str, pa.Table]]:
        for batch in batched(batch_in, settings.batch_size):
            results: list[Result] = pipeline.code_batch(batch)
            events.extend(e for result in results for e in result.events)
            yield tables_of(results)

    with Store(db) as store:
        code_corpus(store, articles, settings, force=True, coder=coder)
    return events


def code_files(paths: str | Path | Iterable[str | Path], db: str | Path | None = None, *,
               progress: Progress | None = None, problems: list[Problem] | None = None, workers: int = 1,
               force: bool = False, settings: Settings | None = None, **overrides: Any) -> CorpusCounts:
    """Code files and folders of articles into a store: the job of ``eventwire code``.

    Args:
        paths: .jsonl/.ndjson, .csv and .txt files, and folders of them (as ``eventwire code`` reads).
        db: the DuckDB store file [default: the ``db`` setting].
        progress: called with the :class:`~eventwire.corpus.CorpusCounts` so far after each
            stored batch and at the end (``counts.done`` articles dealt with).
        problems: a list that gets each bad input record (a :class:`~eventwire.records.Problem`
            naming file and line) that was skipped; with ``strict=True`` the first one raises.
        workers: processes to code with, one spaCy model each.
        force: recode articles already stored unchanged.
        settings: the settings to code with [default: ``Settings.load()``].
        **overrides: settings to change, by name (``strict=``, ``batch_size=``, ``model=``, ...).

    Returns:
        The counts of the run: articles, sentences, events, unchanged, duplicates, clusters, and the
        articles by language; one not in the ``language`` setting's is stored, not coded, and logged.

    Raises:
        NothingToCode: an input path does not exist, or the inputs gave no article (``problems``
            then holds every skipped record); the store is not opened.
        InputError: with ``strict``, the first bad record. ConfigError: a bad setting.
        StoreError: the store path holds something other than a DuckDB store (refused before
            anything runs), or cannot be written; batches stored before stay stored.
    """
    settings = settings_of(settings, {**overrides, "db": db})
    inputs = [paths] if isinstance(paths, str | Path) else list(paths)
    refuse_missing(inputs)
    check_store_file(settings.db, writing=True)  # before the model loads: a store it cannot write wastes it
    skipped: list[Problem] = problems if problems is not None else []

    def note(problem: Problem) -> None:
        if problems is None:  # nobody else is told of it
            log.warning("skipped %s", problem)
        skipped.append(problem)

    articles = some_articles(read_articles(inputs, note, strict=settings.strict), inputs, skipped)
    coder = local_coder(settings, workers)  # a bad setting fails here, before the store is opened
    with Store(settings.db) as store:
        return code_corpus(store, articles, settings, workers=workers, force=force, coder=coder, progress=progress,
                           on_uncoded=lambda problem: log.warning("not coded %s", problem))
