"""Coding a corpus into a store: the one job behind ``eventwire code``, ``eventwire load`` and the API's ingest.

:func:`code_corpus` does, batch by batch:

1. dedup: articles stored unchanged are skipped (unless ``force``), and copies of
   a story, stored or seen earlier in the run, are recorded as its duplicates and
   not coded (:class:`eventwire.store.dedup.Deduplicator`);
2. code: a coder turns the rest into store tables; by default the pipeline, in
   this process or on a pool of worker processes (:func:`local_coder`);
   ``eventwire load`` gives one that hands out what a Spark run already coded;
3. store: each coded batch is written as Arrow tables in one transaction, with
   the articles' fingerprints and the update of the event clusters its events
   touch (:mod:`eventwire.store.clusters`), so a run killed at any point keeps
   every batch it finished, clustered, and nothing of the batch it was writing.

A store whose clusters are not current (written by an older eventwire, or by
hand) is clustered whole before the first batch.

It reports :class:`CorpusCounts`, to a progress callback after each stored batch
and as its result. It never prints.

The pipeline (:mod:`eventwire.pipeline`) is the stages in order, articles in and
results out; this job sits above it, the store and the worker pool, because it
drives all three.
"""

from __future__ import annotations

import dataclasses
import json
import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pyarrow as pa

from eventwire.errors import InputError
from eventwire.records import Article, Problem
from eventwire.scale.local import code_parallel, pipeline_for
from eventwire.settings import Settings
from eventwire.store.clusters import clusters_current, rebuild_clusters
from eventwire.store.dedup import Deduplicator
from eventwire.store.schema import tables_of

if TYPE_CHECKING:
    from eventwire.store.duckdb import Store

log = logging.getLogger(__name__)

#: Articles in, one dict of article-keyed store tables (as :func:`tables_of` builds them) per batch out.
Coder = Callable[[Iterable[Article]], Iterator[dict[str, pa.Table]]]
Progress = Callable[["CorpusCounts"], None]


@dataclass(frozen=True, slots=True)
class CorpusCounts:
    """What a run of :func:`code_corpus` did.

    ``articles`` were coded and stored, with their ``sentences`` and
    ``events`` (an id read twice counts once, with what its last copy
    stored); ``unchanged`` were stored already and skipped; ``duplicates``
    were recorded as copies of another article; ``replaced`` are earlier
    records of an id that a later record of the run replaced; ``clusters`` is
    the number of event clusters in the store after the run (None until they
    are rebuilt); ``languages`` counts the stored articles by language (those
    not in the coder's language were stored and not coded).
    """

    articles: int = 0
    sentences: int = 0
    events: int = 0
    unchanged: int = 0
    duplicates: int = 0
    replaced: int = 0
    clusters: int | None = None
    languages: dict[str, int] = field(default_factory=dict)

    @property
    def done(self) -> int:
        """Records dealt with so far: stored, found unchanged, recorded as copies or replaced."""
        return self.articles + self.unchanged + self.duplicates + self.replaced


class Interrupted(KeyboardInterrupt):
    """A run stopped by Ctrl-C; ``counts`` says what it stored (every batch whole, clustered) before it stopped."""

    def __init__(self, counts: CorpusCounts) -> None:
        super().__init__()
        self.counts = counts


def local_coder(settings: Settings, workers: int = 1) -> Coder:
    """The pipeline as a coder: in this process with one worker, else on ``workers`` processes.

    With one worker the pipeline is built here, so a bad setting fails before
    any input is read; worker processes build theirs on their first batch.
    """
    if workers <= 1:
        pipeline_for(settings)

    def code(articles: Iterable[Article]) -> Iterator[dict[str, pa.Table]]:
        for results in code_parallel(articles, settings, workers):
            # Two copies of an id in one batch: the later one is stored, as it would be across batches.
            yield tables_of(list({r.article.id: r for r in results}.values()))

    return code


def code_corpus(store: Store, articles: Iterable[Article], settings: Settings, *, workers: int = 1,
                force: bool = False, coder: Coder | None = None, progress: Progress | None = None,
                on_replaced: Callable[[Problem], None] | None = None,
                on_uncoded: Callable[[Problem], None] | None = None) -> CorpusCounts:
    """Code articles into an open store: dedup, code, store in batches with the event clusters they touch.

    Args:
        store: a store open for writing; this process is its one writer.
        articles: the input, read lazily as the coder asks for more.
        settings: batch size, model and the other coding settings.
        workers: processes for the default coder (see :func:`local_coder`).
        force: code articles even when they are stored unchanged.
        coder: what turns the articles into store tables [default: the pipeline].
        progress: called with the counts so far after each stored batch and at the end.
        on_replaced: told of each earlier record of an id that a later record of the run
            replaced (the last copy of an id is the one stored).
        on_uncoded: told of each article stored but not coded, being in another language
            than ``settings.language``.

    Returns:
        The counts of the run, with the number of clusters in the store.

    Raises:
        StoreError: a batch could not be written; earlier batches stay stored.
        WorkerError: a worker process of the default coder died; earlier batches stay stored.
        Interrupted: Ctrl-C stopped the run; it holds the counts of what was stored.
        InputError, ConfigError: from reading the input or building the pipeline, or, with
            ``settings.strict``, an id read twice.
    """
    coder = coder or local_coder(settings, workers)
    if not clusters_current(store.con):
        # A store from an older eventwire, or written by hand: cluster it whole once, then batch by batch.
        log.info("the store's event clusters are not current; rebuilt: %d", rebuild_clusters(store))
    dedup = Deduplicator(store, force=force, strict=bool(settings.strict), on_replaced=on_replaced)
    stored: set[str] = set()
    try:
        _store_batches(store, coder(dedup.filter(articles)), dedup, stored, progress,
                       (lambda t: _tell_uncoded(t, settings.language, on_uncoded)) if on_uncoded else None)
    except KeyboardInterrupt:
        # Each batch's transaction landed whole or not at all, so the store itself says what the run kept.
        raise Interrupted(_final_counts(store, stored, dedup)) from None
    counts = _final_counts(store, stored, dedup)
    if progress:
        progress(counts)
    return counts


def _store_batches(store: Store, batches: Iterable[dict[str, pa.Table]], dedup: Deduplicator, stored: set[str],
                   progress: Progress | None, stored_articles: Callable[[pa.Table], None] | None) -> None:
    """Write each coded batch (its clusters with it), noting its ids in ``stored`` before it may land;
    ``stored_articles`` is shown each stored batch's articles table."""
    counts = CorpusCounts()
    for tables in batches:
        ids = tables["articles"].column("id").to_pylist()
        stored.update(ids)
        store.replace_tables(tables, dedup.take_fingerprints(ids))
        if stored_articles:
            stored_articles(tables["articles"])
        counts = dataclasses.replace(
            counts, articles=counts.articles + len(ids), sentences=counts.sentences + tables["sentences"].num_rows,
            events=counts.events + tables["events"].num_rows,
            unchanged=dedup.counts.unchanged, duplicates=dedup.counts.duplicates, replaced=dedup.counts.replaced)
        if progress:
            progress(counts)
        log.info("stored %d articles (%d in all)", len(ids), counts.articles)


def _final_counts(store: Store, stored: set[str], dedup: Deduplicator) -> CorpusCounts:
    """The run's counts from the store: a later copy of an id replaced its earlier rows, a stopped batch left none."""
    (articles, sentences, events), languages = _stored_rows(store, stored)
    return CorpusCounts(articles, sentences, events, dedup.counts.unchanged, dedup.counts.duplicates,
                        dedup.counts.replaced, store.count("event_clusters"), languages)


def _tell_uncoded(articles: pa.Table, language: str, tell: Callable[[Problem], None]) -> None:
    for row in articles.select(["id", "lang", "origin"]).to_pylist():
        if row["lang"] != language:
            tell(Problem(row["origin"] or row["id"], None, f"written in {row['lang']}, not {language}: "
                         f"stored with lang={row['lang']} and not coded", row["id"]))


def _stored_rows(store: Store, ids: set[str]) -> tuple[tuple[int, int, int], dict[str, int]]:
    """Articles, sentences and events the store holds for these article ids, and the articles by language."""
    if not ids:
        return (0, 0, 0), {}
    with store.registered("_run_ids", pa.table({"id": pa.array(sorted(ids), pa.string())})):
        row = store.con.execute("SELECT count(*), coalesce(sum(n_sentences), 0), coalesce(sum(n_events), 0) "
                                "FROM articles WHERE id IN (SELECT id FROM _run_ids)").fetchall()[0]
        languages = store.con.execute("SELECT coalesce(lang, '?'), count(*) FROM articles WHERE id IN "
                                      "(SELECT id FROM _run_ids) GROUP BY 1 ORDER BY 2 DESC, 1").fetchall()
    return (int(row[0]), int(row[1]), int(row[2])), {lang: int(n) for lang, n in languages}


def ingest_jsonl(store: Store, lines: Iterable[bytes], settings: Settings) -> CorpusCounts:
    """Code JSON Lines articles (one object a line, as a request body sends them) into an open store.

    Every line is checked before anything is coded: one bad line and nothing is stored.

    Raises:
        InputError: naming each bad line (its number counts blank lines too) and why,
            or saying that there was no article at all.
    """
    from eventwire.stages.ingest import article_from_fields

    articles, problems = [], []
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        try:
            obj = json.loads(raw)
            if not isinstance(obj, dict):
                raise ValueError(f"expected a JSON object, got {type(obj).__name__}")
            articles.append(article_from_fields(obj, f"request:{number}"))
        except (ValueError, UnicodeDecodeError) as exc:
            problems.append(f"line {number}: {exc}")
    if problems:
        raise InputError("Nothing was stored; bad records: " + "; ".join(problems[:20]))
    if not articles:
        raise InputError("No articles in the body; send JSON Lines with id, text and date.")
    return code_corpus(store, articles, settings)
