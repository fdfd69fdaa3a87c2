"""Readers while a writer runs: each read gets the store as of a committed batch or a clear refusal, and the
writer's run loses nothing (a real `eventwire code` process on DuckDB on disk)."""

import itertools
import json
import subprocess
import sys
import time

import pytest

from eventwire.store.duckdb import Store

pytestmark = pytest.mark.slow
COUNTRIES = ["Russia", "Ukraine", "France", "China", "Brazil", "India", "Iran", "Turkey", "Egypt", "Japan",
             "Kenya", "Peru", "Chile", "Spain", "Italy"]
DEEDS = ["accused {b} of shelling border villages near {p}", "signed a trade agreement with {b} in {p}",
         "imposed sanctions on {b} after talks failed in {p}", "sent humanitarian aid to {b} through {p}"]
CITIES = ["Geneva", "Ankara", "Cairo", "Lima", "Oslo", "Nairobi", "Madrid"]


def wire(path, rounds=4):
    """Several hundred short wire stories, each pair of countries and deed its own."""
    with path.open("w", encoding="utf-8") as out:
        n = 0
        for k in range(rounds):
            for i, (a, b) in enumerate(itertools.permutations(COUNTRIES, 2)):
                deed = DEEDS[(i + k) % 4].format(b=b, p=CITIES[(i + k) % 7])
                text = (f"{a} {deed} on Monday, officials said. The {a} foreign ministry said {k + 3} rounds of "
                        f"talks with {b} would resume in {CITIES[(i + 1) % 7]} next week.")
                out.write(json.dumps({"id": f"w{n}", "date": f"2024-03-{1 + n % 28:02d}", "text": text}) + "\n")
                n += 1


def eventwire(*args):
    return subprocess.run([sys.executable, "-m", "eventwire", *args], capture_output=True, text=True, timeout=600)


def test_readers_during_a_run_see_committed_batches_or_a_clear_refusal_and_the_run_loses_nothing(tmp_path):
    news, db = tmp_path / "wire.jsonl", tmp_path / "news.duckdb"
    wire(news)
    writer = subprocess.Popen([sys.executable, "-m", "eventwire", "code", str(news), "--db", str(db),
                               "--workers", "1", "--batch-size", "8"], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
    answers = []
    while writer.poll() is None:
        if db.exists():
            answers.append(eventwire("events", "--db", str(db), "--json"))
        time.sleep(0.3)
    out, err = writer.communicate()
    assert writer.returncode == 0, err[-2000:]
    assert answers, "the run ended before any reader tried"

    for answer in answers:
        assert "Traceback" not in answer.stderr
        if answer.returncode == 0:
            for line in answer.stdout.splitlines():
                json.loads(line)  # a whole record, never a half-written one
        else:
            assert answer.returncode == 2
            assert f"Store {db} is being written by process" in answer.stderr, answer.stderr
            assert "Nothing was changed" in answer.stderr

    with Store(db, read_only=True) as store:
        articles, events = store.count("articles"), store.count("events")
        orphans = store.con.execute(
            "SELECT count(*) FROM events e LEFT JOIN event_mentions m ON m.event_id = e.id WHERE m.event_id IS NULL"
        ).fetchone()[0]
    stored = int(out.split(" articles,")[0].rsplit(maxsplit=1)[-1])
    assert articles == stored and events > 0 and orphans == 0

    rerun = eventwire("code", str(news), "--db", str(db), "--workers", "1")
    assert rerun.returncode == 0, rerun.stderr[-2000:]
    with Store(db, read_only=True) as store:
        assert (store.count("articles"), store.count("events")) == (articles, events)
