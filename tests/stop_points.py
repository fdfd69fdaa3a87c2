"""Run the ``eventwire`` command line so that it stops itself at a chosen point of its run.

A test then kills it there (SIGKILL), or changes the world (fills the disk) and lets it go on (SIGCONT)::

    EVENTWIRE_STOP_AT=store:7 python tests/stop_points.py code news.jsonl --db news.duckdb

On entering the 7th call of the ``store`` point's function (see :data:`POINTS`)
the process writes ``stopped at store:7, process N`` on standard error and
stops (SIGSTOP). Everything else is eventwire's own: the functions named here
are called as they are, only watched. ``EVENTWIRE_STOP_COUNT=1`` writes instead,
when the process ends, how often each point's function was called
(``calls {"parse": 11, ...}``), so that a test can draw points across a whole
run. Worker processes started by spawn import this file too, so a point
reached in a worker stops that worker; with ``EVENTWIRE_STOP_ONCE`` (a file
name) only the first process of the run to reach it stops.
"""

from __future__ import annotations

import atexit
import functools
import importlib
import json
import os
import signal
import sys
from collections import Counter
from collections.abc import Callable
from typing import Any

#: Points of a run: where a kill or a fault can land, by the function whose call reaches it.
POINTS = {
    # spaCy parses a batch (in the main process with one worker, else in a worker)
    "parse": "eventwire.stages.parse:ParseStage.pipe",
    # inside a write transaction: a batch's rows, its clusters, or the copies of stored stories
    "store": "eventwire.store.duckdb:Store.insert",
    # inside a batch's transaction, its rows written, the clusters its events touch being worked out
    "clusters": "eventwire.store.clusters:_clustered",
    # a batch committed, the next not begun
    "stored": "eventwire.cli.coding:_Progress.__call__",
    # every batch committed, the store being closed (its write-ahead log folded into the file)
    "close": "eventwire.store.duckdb:Store.close",
}

_calls: Counter[str] = Counter()


def _watch(point: str, stop_at: int | None) -> None:
    module_name, _, qualname = POINTS[point].partition(":")
    owner: Any = importlib.import_module(module_name)
    *path, name = qualname.split(".")
    for part in path:
        owner = getattr(owner, part)
    original: Callable[..., Any] = getattr(owner, name)

    @functools.wraps(original)
    def watched(*args: Any, **kwargs: Any) -> Any:
        _calls[point] += 1
        if _calls[point] == stop_at and _first_to_stop():
            sys.stderr.write(f"stopped at {point}:{stop_at}, process {os.getpid()}\n")
            sys.stderr.flush()
            os.kill(os.getpid(), signal.SIGSTOP)
        return original(*args, **kwargs)

    setattr(owner, name, watched)


def _first_to_stop() -> bool:
    """Whether this is the run's first process to reach its stop point: worker processes count their calls
    each, and only one of them stops (``EVENTWIRE_STOP_ONCE`` names a file the first one makes)."""
    token = os.environ.get("EVENTWIRE_STOP_ONCE")
    if not token:
        return True
    try:
        os.close(os.open(token, os.O_CREAT | os.O_EXCL | os.O_WRONLY))
    except FileExistsError:
        return False
    return True


def _install() -> None:
    stop = os.environ.get("EVENTWIRE_STOP_AT")
    if stop:
        point, _, n = stop.partition(":")
        _watch(point, int(n))
    if os.environ.get("EVENTWIRE_STOP_COUNT") and __name__ == "__main__":
        for point in POINTS:
            _watch(point, None)
        atexit.register(lambda: sys.stderr.write(f"calls {json.dumps(dict(_calls), sort_keys=True)}\n"))


_install()

if __name__ == "__main__":
    from eventwire.cli import main

    main(prog_name="eventwire")
