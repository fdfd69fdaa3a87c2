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
import time
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from itertools import chain

from eventwire.batches import batched
from eventwire.errors import WorkerError
from eventwire.records import Article, Result
from eventwire.settings import Settings

log = logging.getLogger(__name__)

_PIPELINES: dict[Settings, object] = {}

# Parsing is one thread per process; more BLAS threads per process only fight over the cores.
_THREAD_VARS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")
_NOT_STORED = ("its batch was not stored. Batches stored before stay stored; run the same command again, with fewer "
               "--workers or a smaller --batch-size if memory is short")
_REAP_SECONDS = 5.0  # how long to wait for a broken pool to end its workers, to name the one that died
_PR_SET_PDEATHSIG = 1  # prctl(2): the signal a process gets when its parent dies


def pipeline_for(settings: Settings):
    """The process's pipeline for these settings, built on first use and kept."""
    from eventwire.pipeline import (
        Pipeline,  # here, not at the top: reading this module need not load spaCy
    )

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


class _Workers:
    """The pool's worker processes, seen as the pool starts them, so that one that died can be named."""

    def __init__(self) -> None:
        self._before = set(mp.active_children())
        self._seen: dict[int, mp.process.BaseProcess] = {}

    def look(self) -> None:
        """Note the worker processes started since the pool began (the pool starts them as work is sent)."""
        for process in mp.active_children():
            if process not in self._before:
                self._seen.setdefault(process.pid, process)

    def died(self) -> str:
        """What happened to the worker whose death broke the pool.

        The pool ends the others with SIGTERM once one died, so another way to end names the first.
        """
        self.look()
        # The pool reaps its workers in its own thread, and a join here that races it may return before the exit
        # status is known; so wait until every worker's status is known, or the time is up.
        deadline = time.monotonic() + _REAP_SECONDS
        while any(p.exitcode is None for p in self._seen.values()) and time.monotonic() < deadline:
            for process in self._seen.values():
                if process.exitcode is None:
                    process.join(timeout=0.05)
        ended = [p for p in self._seen.values() if p.exitcode not in (None, 0)]
        ended.sort(key=lambda p: p.exitcode == -signal.SIGTERM)
        if not ended:
            return f"a worker process ended while coding; {_NOT_STORED}"
        worker = ended[0]
        code = worker.exitcode
        how = f"was killed by {signal.Signals(-code).name}" if code < 0 else f"exited with code {code}"
        hint = " (most often the system running out of memory)" if code == -signal.SIGKILL else ""
        return f"a worker process (pid {worker.pid}) {how} while coding{hint}; {_NOT_STORED}"

    def stop(self) -> None:
        """End every worker at once (a batch in work is not waited for: its results would not be stored)."""
        for process in self._seen.values():
            if process.exitcode is None:
                process.kill()


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
    # The pipeline is not built by the pool initializer: one that fails to build would break the pool with no
    # word of why; built on each worker's first batch, its error reaches the caller through result().
    # A pool of concurrent.futures, not multiprocessing.Pool: a worker that dies there fails the batches in
    # flight, where multiprocessing.Pool may wait forever for its batch, or hang while it terminates.
    workers_seen = _Workers()
    pool = ProcessPoolExecutor(workers, mp_context=ctx, initializer=_start_worker, initargs=(os.getpid(),))
    finished = False
    try:
        pending: deque = deque()
        for batch in chain((first, second), batches):
            pending.append(pool.submit(_work, (batch, settings)))
            workers_seen.look()
            if len(pending) >= window:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
        finished = True
    except BrokenProcessPool:  # a worker died; the pool then fails every batch, and takes no more
        raise WorkerError(workers_seen.died()) from None
    finally:
        if not finished:
            workers_seen.stop()
        pool.shutdown(wait=True, cancel_futures=True)
