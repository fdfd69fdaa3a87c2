"""Parallel local runs and crash safety, with the real console script and a real DuckDB file."""

import json
import os
import random
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from eventwire.store.duckdb import Store

pytestmark = pytest.mark.slow

ACTORS = ["Russia", "Ukraine", "Iran", "Israel", "China", "Japan", "Brazil", "Kenya", "Turkey", "France",
          "Germany", "India", "Pakistan", "Nigeria", "Mexico", "Egypt"]
CITIES = ["Kharkiv", "Tehran", "Gaza", "Beijing", "Nairobi", "Ankara", "Lagos", "Cairo", "Lahore", "Lyon"]
SENTENCES = [
    "{a} accused {b} of violating the ceasefire on {day}.",
    "Police detained dozens of protesters in {city} on {day}, witnesses said.",
    "{a} and {b} signed a trade agreement in {city}.",
    "Thousands of demonstrators marched in {city} to demand the release of political prisoners.",
    "{a} imposed new sanctions on {b} over its nuclear programme, officials said.",
    "The foreign minister of {a} met his counterpart from {b} to discuss border security.",
    "Troops from {a} shelled villages near the border with {b}, killing four civilians.",
    "{a} urged {b} to withdraw its forces from the disputed region.",
    "{a} pledged humanitarian aid to {b} after the earthquake.",
    "Officials in {a} rejected the proposal put forward by {b}.",
    "Shares rose in early trading as investors weighed the central bank's decision.",
]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]


def make_corpus(path: Path, n: int, seed: int = 7) -> Path:
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            parts = []
            for _ in range(rng.randint(4, 7)):
                a, b = rng.sample(ACTORS, 2)
                parts.append(rng.choice(SENTENCES).format(a=a, b=b, city=rng.choice(CITIES), day=rng.choice(DAYS)))
            fh.write(json.dumps({"id": f"w{i:04d}", "date": f"2023-0{1 + i % 9}-1{i % 10}",
                                 "source": rng.choice(["AFP", "AP", "Reuters"]), "text": " ".join(parts)}) + "\n")
    return path


def eventwire(*args: str) -> list[str]:
    exe = shutil.which("eventwire", path=str(Path(sys.executable).parent))
    assert exe
    return [exe, *args]


def snapshot(db: Path):
    with Store(db, read_only=True) as store:
        ids = [r[0] for r in store.con.execute("SELECT id FROM events").fetchall()]
        articles = store.count("articles")
        records = sorted((json.dumps(r, sort_keys=True) for r in store.iter_plover()))
    return articles, ids, records


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return make_corpus(tmp_path_factory.mktemp("c") / "wire.jsonl", 80)


@pytest.fixture(scope="module")
def clean_run(corpus, tmp_path_factory):
    db = tmp_path_factory.mktemp("clean") / "clean.duckdb"
    done = subprocess.run(eventwire("code", str(corpus), "--db", str(db), "--workers", "1"),
                          capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr
    return snapshot(db)


def test_two_workers_code_exactly_what_one_worker_codes(corpus, clean_run, tmp_path):
    db = tmp_path / "two.duckdb"
    done = subprocess.run(eventwire("code", str(corpus), "--db", str(db), "--workers", "2", "--batch-size", "8"),
                          capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("80 articles,")
    assert snapshot(db) == clean_run


def test_sigkill_mid_run_loses_nothing_committed_and_the_rerun_finishes_without_duplicates(corpus, clean_run, tmp_path):
    db = tmp_path / "killed.duckdb"
    proc = subprocess.Popen(eventwire("-v", "code", str(corpus), "--db", str(db), "--workers", "1", "--batch-size", "2"),
                            stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
    stored = 0
    for line in proc.stderr:
        if "stored 2 articles" in line:
            stored += 1
            if stored == 3:
                os.kill(proc.pid, signal.SIGKILL)
                break
    proc.wait(timeout=60)
    assert proc.returncode == -signal.SIGKILL, "the run was killed before it finished"

    articles, ids, _ = snapshot(db)  # the store opens and reads after the kill
    assert 6 <= articles < 80
    assert len(ids) == len(set(ids))

    rerun = subprocess.run(eventwire("code", str(corpus), "--db", str(db), "--workers", "1"),
                           capture_output=True, text=True, timeout=900)
    assert rerun.returncode == 0, rerun.stderr
    assert f"{articles} unchanged" in rerun.stdout
    assert snapshot(db) == clean_run


def test_a_bad_setting_in_worker_processes_is_a_clean_error(corpus, tmp_path):
    done = subprocess.run(eventwire("code", str(corpus), "--db", str(tmp_path / "x.duckdb"), "--workers", "2",
                                    "--batch-size", "4", "--model", "no_such_pipeline"),
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 2
    assert "spaCy pipeline 'no_such_pipeline' is not installed" in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("round_", range(4))
def test_a_worker_killed_while_the_other_waits_for_work_fails_the_run_naming_it(tmp_path, round_):
    """Each round is a race the pool must win: no wait forever for the dead worker's batch, nor while it ends."""
    env = {**os.environ, "KILLED_WORKER_TOKEN": str(tmp_path / "stopped"),
           "PYTHONPATH": os.pathsep.join([str(Path(__file__).parents[1]), os.environ.get("PYTHONPATH", "")])}
    try:
        run = subprocess.run([sys.executable, str(Path(__file__).with_name("killed_worker.py"))], env=env,
                             capture_output=True, text=True, timeout=60)
    except subprocess.TimeoutExpired as stuck:
        raise AssertionError(f"the run waited on its killed worker: {stuck.stdout}") from None
    killed = int(run.stdout.split("killed ")[1].split()[0])
    assert run.returncode == 0, run.stderr
    assert f"raised WorkerError: a worker process (pid {killed}) was killed by SIGKILL while coding" in run.stdout
    assert "its batch was not stored" in run.stdout
