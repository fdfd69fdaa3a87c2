"""A real ``eventwire code`` run stopped where it hurts: killed (SIGKILL) at points drawn across the run, a worker
process killed under it, out of disk space after some batches, and facing a store folder made read-only.

Kills land while it parses (in a worker process), inside a store transaction,
while the clusters a batch touches are worked out, and as the store closes;
one store, killed again as each rerun resumes it. Each point is drawn with a
fixed seed among the calls a clean run makes (``tests/stop_points.py`` counts
them, and stops a run at the drawn one). After each kill no process of the
run is left, the store holds every batch committed before it (with one
worker, exactly those), no row twice, and the clusters that ``eventwire
clusters --rebuild`` makes of it; the last rerun leaves exactly the clean
run's articles, events, ids and clusters, coding only what no killed run
committed.

A worker killed mid-batch (as the OOM killer would) fails the run naming it,
instead of leaving it waiting for the batch forever. The full disk and the
read-only folder are a real tmpfs, filled or remounted while the run is
stopped at a chosen point.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from eventwire.store.duckdb import Store
from tests.conftest import DATA, tmpfs
from tests.test_corpus import store_snapshot
from tests.test_interrupted import assert_consistent

pytestmark = pytest.mark.slow
STOP_POINTS = Path(__file__).with_name("stop_points.py")
SEED = 15
# One store, killed again and again as it resumes: (stop point, worker processes) in turn.
KILLS = [("parse", 2), ("store", 1), ("clusters", 1), ("store", 1), ("close", 1)]
# Tables and what names one row of each; a row written twice shows as a key held twice.
KEYS = {"articles": "id", "sentences": "article_id, sequence", "events": "id", "duplicates": "id",
        "fingerprints": "article_id", "bands": "article_id, band_key", "event_clusters": "cluster_id",
        "event_mentions": "cluster_id, event_id, article_id", "event_keys": "event_id"}


def news(path: Path) -> Path:
    """The small test corpus and, near its start, another wire's copy of one of its stories (a duplicate)."""
    lines = (DATA / "corpus_small.jsonl").read_text(encoding="utf-8").splitlines()
    copy = {**json.loads(lines[1]), "id": "copy-of-002", "source": "another wire"}
    path.write_text("\n".join([*lines[:4], json.dumps(copy), *lines[4:]]) + "\n", encoding="utf-8")
    return path


def start(inputs: Path, db: Path, *, stop_at: str | None = None, count: bool = False,
          workers: int = 1) -> subprocess.Popen:
    """``eventwire -v code`` through the stop-point runner, in its own process group."""
    once = Path(tempfile.mkdtemp(prefix="stop-")) / "stopped"
    env = {**os.environ, "EVENTWIRE_STOP_AT": stop_at or "", "EVENTWIRE_STOP_ONCE": str(once),
           "EVENTWIRE_STOP_COUNT": "1" if count else ""}
    return subprocess.Popen([sys.executable, str(STOP_POINTS), "-v", "code", str(inputs), "--db", str(db),
                             "--batch-size", "2", "--workers", str(workers)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
                            start_new_session=True)


def until_stopped(proc: subprocess.Popen, timeout: float = 600) -> tuple[int, list[str]]:
    """The process that stopped at the point, and the run's standard error up to then."""
    lines: list[str] = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = proc.stderr.readline()
        assert line, f"the run ended before its stop point: {''.join(lines)[-3000:]}"
        lines.append(line)
        if found := re.match(r"stopped at \S+, process (\d+)", line):
            return int(found.group(1)), lines
    raise AssertionError("the run did not reach its stop point in time")


def assert_run_gone(proc: subprocess.Popen, timeout: float = 30) -> None:
    """No process of the run is left (worker processes die with the main one, not after their batches)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            os.killpg(proc.pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.2)
    left = subprocess.run(["ps", "-o", "pid,stat,args", "-g", str(proc.pid)], capture_output=True, text=True)
    os.killpg(proc.pid, signal.SIGKILL)
    raise AssertionError(f"processes of the killed run still there after {timeout} s:\n{left.stdout}")


def committed(lines: list[str]) -> int:
    """Articles the run logged as stored (each batch is logged once its transaction committed)."""
    stored = [int(m.group(1)) for line in lines if (m := re.search(r"stored \d+ articles \((\d+) in all\)", line))]
    return stored[-1] if stored else 0


def assert_no_row_twice(db: Path) -> None:
    with Store(db, read_only=True) as store:
        for table, key in KEYS.items():
            twice = store.con.execute(f"SELECT count(*) FROM (SELECT {key} FROM {table} GROUP BY ALL "
                                      "HAVING count(*) > 1)").fetchone()[0]
            assert twice == 0, f"{table}: {twice} keys stored more than once"


def clusters_of(db: Path) -> tuple[list, list]:
    with Store(db, read_only=True) as store:
        return (store.con.execute("SELECT * FROM event_clusters ORDER BY cluster_id").fetchall(),
                store.con.execute("SELECT * FROM event_mentions ORDER BY ALL").fetchall())


def assert_clusters_as_rebuilt(db: Path, scratch: Path) -> None:
    """The store's clusters are those ``eventwire clusters --rebuild`` computes from every stored mention."""
    copy = scratch / "rebuilt.duckdb"
    for suffix in ("", ".wal"):  # the write-ahead log holds what a killed run committed since its last checkpoint
        if Path(f"{db}{suffix}").exists():
            shutil.copy(f"{db}{suffix}", f"{copy}{suffix}")
    rebuilt = subprocess.run([sys.executable, "-m", "eventwire", "clusters", "--db", str(copy), "--rebuild"],
                             capture_output=True, text=True, timeout=300)
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert clusters_of(db) == clusters_of(copy)


@pytest.fixture(scope="module")
def clean(tmp_path_factory) -> dict:
    """The clean run: its store, and how often it reached each stop point."""
    scratch = tmp_path_factory.mktemp("clean")
    inputs, db = news(scratch / "news.jsonl"), scratch / "clean.duckdb"
    proc = start(inputs, db, count=True)
    out, err = proc.communicate(timeout=900)
    assert proc.returncode == 0, err
    calls = json.loads(re.search(r"^calls (.*)$", err, re.M).group(1))
    snapshot = store_snapshot(db)
    assert snapshot["duplicates"] and snapshot["clusters"], "the corpus exercises copies and clusters"
    return {"inputs": inputs, "calls": calls, "snapshot": snapshot}


def draw(rng: random.Random, clean: dict, point: str, workers: int, kept: int) -> int:
    """A call of the point's function that a run resumed with ``kept`` articles stored reaches: drawn among
    those of the clean run, in proportion to the articles left to code (each worker makes its share)."""
    left = 1 - kept / len(clean["snapshot"]["articles"])
    return rng.randint(1, max(1, int(clean["calls"][point] * left * 0.9 / workers)))


def test_runs_killed_at_drawn_points_keep_their_committed_batches_and_the_last_rerun_matches_a_clean_run(
        tmp_path, clean):
    rng = random.Random(SEED)
    db = tmp_path / "news.duckdb"
    kept = 0
    for point, workers in KILLS:
        stop = draw(rng, clean, point, workers, kept)
        proc = start(clean["inputs"], db, stop_at=f"{point}:{stop}", workers=workers)
        _, lines = until_stopped(proc)
        os.kill(proc.pid, signal.SIGKILL)  # the main process only, as kill -9 of the run would: its workers follow
        proc.communicate(timeout=60)
        assert_run_gone(proc)

        with Store(db, read_only=True) as store:
            now = store.count("articles")
        logged = kept + committed(lines)
        # One worker: the run stopped at the point, so exactly the batches it logged. Two: the main process
        # may commit a batch from the other worker between the stop and the kill.
        assert now == logged if workers == 1 else now >= logged, f"killed at {point}:{stop}"
        assert now >= kept, "a kill took away a batch an earlier run committed"
        assert_consistent(db)
        assert_no_row_twice(db)
        assert_clusters_as_rebuilt(db, tmp_path)
        kept = now
    rerun_matches_the_clean_run(db, clean, kept)


@pytest.fixture
def disk(tmp_path) -> Path:
    """A 16 MB tmpfs: room for the store, until a test fills it."""
    with tmpfs(tmp_path / "disk", "16m") as mounted:
        yield mounted


def fill(folder: Path) -> None:
    """Take every free byte of the file system under ``folder``."""
    with (folder / "filler").open("wb", buffering=0) as out, contextlib.suppress(OSError):
        while True:
            out.write(bytes(1 << 16))


def rerun_matches_the_clean_run(db: Path, clean: dict, kept: int) -> None:
    """A rerun of the clean run's command finishes the store: only what was not kept is coded, and the store is
    the clean run's."""
    with Store(db, read_only=True) as store:
        copies = store.count("duplicates")
    again = subprocess.run([sys.executable, "-m", "eventwire", "code", str(clean["inputs"]), "--db", str(db),
                            "--batch-size", "2", "--workers", "1"], capture_output=True, text=True, timeout=900)
    assert again.returncode == 0, again.stderr
    assert f" {kept + copies} unchanged," in again.stdout, "the rerun codes only what no earlier run committed"
    assert_no_row_twice(db)
    assert store_snapshot(db) == clean["snapshot"]
    assert_clusters_as_rebuilt(db, db.parent.parent)


def test_a_full_disk_fails_the_run_naming_the_store_keeps_what_it_stored_and_a_rerun_with_room_finishes(disk, clean):
    db = disk / "news.duckdb"
    proc = start(clean["inputs"], db, stop_at="stored:3")  # three batches committed, the fourth not begun
    pid, _ = until_stopped(proc)
    fill(disk)
    os.kill(pid, signal.SIGCONT)
    out, err = proc.communicate(timeout=600)
    assert proc.returncode == 2, err
    assert "Traceback" not in err
    assert f"Error: Writing batch to {db} failed; nothing of it was stored" in err
    assert "No space left on device" in err
    with Store(db, read_only=True) as store:
        articles, events = store.count("articles"), store.count("events")
    assert articles == 3 * 2
    assert f"Kept: {articles} articles ({events} events) this run stored in {db} before it, clustered;" in err
    assert_consistent(db)
    assert_no_row_twice(db)

    (disk / "filler").unlink()
    rerun_matches_the_clean_run(db, clean, articles)


def test_a_read_only_store_folder_is_refused_before_the_model_loads_still_read_and_a_rerun_after_finishes(
        disk, clean):
    db = disk / "news.duckdb"
    proc = start(clean["inputs"], db, stop_at="stored:3")
    until_stopped(proc)
    os.killpg(proc.pid, signal.SIGKILL)  # what it committed is in the write-ahead log beside the store
    proc.communicate(timeout=60)
    with Store(db, read_only=True) as store:
        articles, events = store.count("articles"), store.count("events")
    files = {path.name: path.read_bytes() for path in disk.iterdir()}
    subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
    try:
        refused = subprocess.run([sys.executable, "-m", "eventwire", "-v", "code", str(clean["inputs"]), "--db",
                                  str(db), "--workers", "1"], capture_output=True, text=True, timeout=600)
        listed = subprocess.run([sys.executable, "-m", "eventwire", "events", "--db", str(db), "--json"],
                                capture_output=True, text=True, timeout=600)
    finally:
        subprocess.run(["mount", "-o", "remount,rw", str(disk)], check=True)
    assert refused.returncode == 2, refused.stderr
    assert (f"Error: Cannot open store {db} for writing: its folder {disk} is on a read-only file system. "
            "Nothing was changed; the store can still be read") in refused.stderr
    assert "Traceback" not in refused.stderr and "loading spaCy pipeline" not in refused.stderr
    assert listed.returncode == 0, listed.stderr
    assert len(listed.stdout.splitlines()) == events
    assert {path.name: path.read_bytes() for path in disk.iterdir()} == files

    rerun_matches_the_clean_run(db, clean, articles)


def test_a_worker_killed_while_coding_fails_the_run_naming_it_and_keeping_what_was_stored(tmp_path, clean):
    db = tmp_path / "news.duckdb"
    proc = start(clean["inputs"], db, stop_at="parse:2", workers=2)
    worker, _ = until_stopped(proc)
    assert worker != proc.pid, "the stop is in a worker process"
    os.kill(worker, signal.SIGKILL)  # what the OOM killer does to the process with the most memory
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 2, err
    assert f"Error: a worker process (pid {worker}) was killed by SIGKILL while coding" in err
    assert "its batch was not stored" in err and "Traceback" not in err
    assert_run_gone(proc)
    with Store(db, read_only=True) as store:
        articles, events = store.count("articles"), store.count("events")
    assert f"Kept: {articles} articles ({events} events) this run stored in {db} before it, clustered;" in err
    assert_consistent(db)
    assert_no_row_twice(db)
    rerun_matches_the_clean_run(db, clean, articles)
