"""Local scale-out: the per-article work on N processes, one model each.

The coding function is engine-neutral (:func:`code_articles`: articles in,
results out, pipeline cached per process); this module runs it on a process
pool and hands the results back, in input order, to the one process that
writes the store.
"""

from __future__ import annotations

import ctypes
import logging
import multiprocessing as mp
import os
import signal
import sys
from collections import deque
from collections.abc import Iterable, Iterator
from itertools import chain

from eventwire.batches import batched
from eventwire.errors import WorkerError
from eventwire.records import Article, Result
from eventwire.settings import Settings

log = logging.getLogger(__name__)

_PIPELINES: dict[Settings, object] = {}

# Parsing is one thread per process; more BLAS threads per process only fight over the cores.
_THREAD_VARS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")
_PR_SET_PDEATHSIG = 1  # prctl(2): the signal a process gets when its parent dies
_POLL_SECONDS = 1.0  # how often a wait for a batch looks whether a worker died


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


def _start_worker(parent: int) -> None:
    """A worker's start: Ctrl-C is the main process's to handle, and the worker dies with the main process.

    Without the second, a main process killed outright (SIGKILL) leaves its workers coding batches nobody
    will store, a model each, until they find the main process gone.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the main process died before the line above took hold
        os._exit(1)


def _result(job: mp.pool.AsyncResult, workers: list[mp.process.BaseProcess]) -> list[Result]:
    """A batch's results; WorkerError when a worker process died meanwhile (its batch would never come)."""
    while True:
        try:
            return job.get(timeout=_POLL_SECONDS)
        except mp.TimeoutError:
            dead = [w for w in workers if w.exitcode is not None]
            if dead:
                raise WorkerError(_died(dead[0])) from None


def _died(worker: mp.process.BaseProcess) -> str:
    code = worker.exitcode
    how = f"was killed by {signal.Signals(-code).name}" if code < 0 else f"exited with code {code}"
    hint = " (most often the system running out of memory)" if code == -signal.SIGKILL else ""
    return (f"a worker process (pid {worker.pid}) {how} while coding{hint}; its batch was not stored. "
            "Batches stored before stay stored; run the same command again, with fewer --workers or a smaller "
            "--batch-size if memory is short")


def code_parallel(articles: Iterable[Article], settings: Settings, workers: int) -> Iterator[list[Result]]:
    """Code articles on ``workers`` processes, yielding result batches in input order.

    With one worker, or when the input fits in one batch, the work stays in
    this process: starting a pool (and loading a model per process) would
    cost more than it saves.

    Raises:
        WorkerError: a worker process died (killed, or out of memory) before its batch was coded.
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
    before = set(mp.active_children())
    with ctx.Pool(workers, initializer=_start_worker, initargs=(os.getpid(),)) as pool:
        # The pool's own processes; the pool never ends one of them while it runs, so one that ended died.
        started = [p for p in mp.active_children() if p not in before]
        pending: deque = deque()
        for batch in chain((first, second), batches):
            pending.append(pool.apply_async(_work, ((batch, settings),)))
            if len(pending) >= window:
                yield _result(pending.popleft(), started)
        while pending:
            yield _result(pending.popleft(), started)
