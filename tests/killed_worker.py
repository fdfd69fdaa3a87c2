"""Run :func:`eventwire.scale.local.code_parallel` on two worker processes, one of which is killed mid-batch.

A batch's work here is a short sleep, not a parse (no model is loaded), so the
batches of the live worker finish while the run waits for the dead one's: the
case in which a pool can wait forever, for the batch or while it ends. The first
worker to reach its second batch stops (SIGSTOP) and is killed (SIGKILL), as
the OOM killer would. Prints ``killed PID`` and then what the run raised.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import signal
import sys
import threading
import time

import eventwire.scale.local as local
from eventwire.settings import Settings

_batches = 0


def slow_batch(args: tuple[list[int], Settings]) -> list[int]:
    """A batch that takes a moment; the first worker to reach its second one stops there."""
    global _batches
    _batches += 1
    if _batches == 2:
        try:
            os.close(os.open(os.environ["KILLED_WORKER_TOKEN"], os.O_CREAT | os.O_EXCL | os.O_WRONLY))
            os.kill(os.getpid(), signal.SIGSTOP)
        except FileExistsError:
            pass
    time.sleep(0.2)
    return args[0]


def kill_the_stopped_worker(token: str) -> None:
    while not os.path.exists(token):
        time.sleep(0.05)
    time.sleep(0.5)  # the live worker meanwhile takes and finishes the batches in flight
    for process in mp.active_children():
        with open(f"/proc/{process.pid}/stat") as stat:
            if stat.read().split()[2] == "T":
                print(f"killed {process.pid}", flush=True)
                os.kill(process.pid, signal.SIGKILL)


if __name__ == "__main__":
    local._work = slow_batch
    threading.Thread(target=kill_the_stopped_worker, args=(os.environ["KILLED_WORKER_TOKEN"],), daemon=True).start()
    try:
        for _ in local.code_parallel(list(range(60)), Settings(batch_size=2), 2):
            pass
    except Exception as error:  # what the run raised is the output
        print(f"raised {type(error).__name__}: {error}", flush=True)
        sys.exit(0)
    print("raised nothing", flush=True)
