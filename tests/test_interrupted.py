"""A run killed (SIGKILL) or interrupted (Ctrl-C) leaves a readable, consistent store, and the next run finishes it."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from eventwire.store.clusters import clusters_current
from eventwire.store.duckdb import Store
from tests.conftest import DATA
from tests.test_corpus import store_snapshot

CORPUS = DATA / "corpus_small.jsonl"


def _code(db: Path, *extra: str, **popen) -> subprocess.Popen:
    cmd = [sys.executable, "-m", "eventwire", "-v", "code", str(CORPUS), "--db", str(db), "--batch-size", "2", *extra]
    return subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **popen)


def _after_stored(proc: subprocess.Popen, batches: int, timeout: float = 600) -> list[str]:
    """Standard error up to the log line of the ``batches``-th stored batch."""
    lines: list[str] = []
    deadline = time.monotonic() + timeout
    while sum("stored" in line and "in all" in line for line in lines) < batches:
        line = proc.stderr.readline()
        assert line, f"the run ended before {batches} batches were stored: {''.join(lines)}"
        lines.append(line)
        assert time.monotonic() < deadline, "no batch stored in time"
    return lines


def assert_consistent(db: Path) -> int:
    """Every stored event has its cluster and its key; every article has all its events; returns the events."""
    with Store(db, read_only=True) as store:
        con = store.con
        assert clusters_current(con)
        unclustered = con.execute("SELECT count(*) FROM events e WHERE NOT EXISTS (SELECT 1 FROM event_mentions m "
                                  "WHERE m.event_id = e.id AND m.via_duplicate IS NULL)").fetchall()[0][0]
        assert unclustered == 0
        orphans = con.execute("SELECT count(*) FROM event_mentions m WHERE m.via_duplicate IS NULL AND NOT EXISTS "
                              "(SELECT 1 FROM events e WHERE e.id = m.event_id)").fetchall()[0][0]
        assert orphans == 0
        half = con.execute("SELECT count(*) FROM articles a WHERE a.n_events <> (SELECT count(*) FROM events e "
                           "WHERE e.article_id = a.id) OR a.n_sentences <> (SELECT count(*) FROM sentences s "
                           "WHERE s.article_id = a.id)").fetchall()[0][0]
        assert half == 0
        return store.count("events")


@pytest.fixture(scope="module")
def clean(tmp_path_factory) -> dict:
    db = tmp_path_factory.mktemp("clean") / "clean.duckdb"
    proc = _code(db, "--workers", "1")
    out, err = proc.communicate(timeout=900)
    assert proc.returncode == 0, err
    return store_snapshot(db)


@pytest.mark.slow
def test_a_run_killed_mid_way_keeps_whole_clustered_batches_and_the_next_run_finishes_it(tmp_path, clean):
    db = tmp_path / "s.duckdb"
    proc = _code(db, "--workers", "1")
    _after_stored(proc, 2)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=60)
    kept = assert_consistent(db)
    assert 0 < kept < len(clean["events"])
    again = _code(db, "--workers", "1")
    out, err = again.communicate(timeout=900)
    assert again.returncode == 0, err
    assert_consistent(db)
    assert store_snapshot(db) == clean


@pytest.mark.slow
def test_ctrl_c_stops_with_one_line_saying_what_was_kept_and_the_next_run_finishes_it(tmp_path, clean):
    db = tmp_path / "s.duckdb"
    # Ctrl-C in a terminal reaches the whole process group: the run and its worker processes.
    proc = _code(db, "--workers", "2", start_new_session=True)
    _after_stored(proc, 1)
    os.killpg(proc.pid, signal.SIGINT)
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, err
    assert "Traceback" not in err
    stopped = [line for line in err.splitlines() if line.startswith("Interrupted:")]
    assert len(stopped) == 1 and "Run the same command again" in stopped[0]
    kept = assert_consistent(db)
    assert f"({kept} events)" in stopped[0]
    again = _code(db, "--workers", "1")
    out, err = again.communicate(timeout=900)
    assert again.returncode == 0, err
    assert store_snapshot(db) == clean
