"""Local scale-out: the per-article work on N processes, one model each.

The coding function is engine-neutral (:func:`code_articles`: articles in,
results out, pipeline cached per process); this module runs it on a process
pool and hands the results back, in input order, to the one process that
writes the store.
"""

from __future__ import annotations

import logging
import multiprocessing as mp
import os
import signal
from collections import deque
from collections.abc import Iterable, Iterator
from itertools import chain

from eventwire.batches import batched
from eventwire.records import Article, Result
from eventwire.settings import Settings

log = logging.getLogger(__name__)

_PIPELINES: dict[Settings, object] = {}

# Parsing is one thread per process; more BLAS threads per process only fight over the cores.
_THREAD_VARS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")


def pipeline_for(settings: Settings):
    """The process's pipeline for these settings, built on first use and kept."""
    from eventwire.pipeline import Pipeline  # here, not at the top: reading this module need not load spaCy

    pipeline = _PIPELINES.get(settings)
    if pipeline is None:
        pipeline = _PIPELINES[settings] = Pipeline(settings)
    return pipeline


def code_articles(articles: list[Article], settings: Settings) -> list[Result]:
    """Code a batch of articles with this process's cached pipeline (the unit every engine runs)."""
    return pipeline_for(settings).code_batch(articles)


def default_workers() -> int:
    """All the cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _work(args: tuple[list[Article], Settings]) -> list[Result]:
    articles, settings = args
    return code_articles(articles, settings)


def _ignore_interrupts() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def code_parallel(articles: Iterable[Article], settings: Settings, workers: int) -> Iterator[list[Result]]:
    """Code articles on ``workers`` processes, yielding result batches in input order.

    With one worker, or when the input fits in one batch, the work stays in
    this process: starting a pool (and loading a model per process) would
    cost more than it saves.
    """
    batches = batched(articles, settings.batch_size)
    first = next(batches, None)
    if first is None:
        return
    second = next(batches, None)
    if workers <= 1 or second is None:
        yield code_articles(first, settings)
        if second is not None:
            yield code_articles(second, settings)
            for batch in batches:
                yield code_articles(batch, settings)
        return

    for name in _THREAD_VARS:
        os.environ.setdefault(name, "1")
    ctx = mp.get_context("spawn")
    log.info("starting %d worker processes", workers)

    # A bounded window of batches in flight: input is read only as fast as it is coded,
    # and results come back in input order.
    window = 2 * workers
    # The pipeline is not built by the pool initializer: one that fails to build would make the pool restart
    # workers forever; built on each worker's first batch, its error reaches the caller through get().
    # Ctrl-C is the main process's to handle: it stops the run once, and the pool with it.
    with ctx.Pool(workers, initializer=_ignore_interrupts) as pool:
        pending: deque = deque()
        for batch in chain((first, second), batches):
            pending.append(pool.apply_async(_work, ((batch, settings),)))
            if len(pending) >= window:
                yield pending.popleft().get()
        while pending:
            yield pending.popleft().get()
