"""Faults a store meets in use: a full disk, a read-only file system, a damaged store file, damaged input.

Each ends with a clear error naming the file, no traceback, and nothing that
was stored before lost: after the fault is gone a rerun stores every article
once. The disk and the read-only file system are real: a small tmpfs mounted
for the test (skipped where mounting is not allowed).
"""

from __future__ import annotations

import dataclasses
import gzip
import json
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

from eventwire.batches import batched
from eventwire.cli import main
from eventwire.corpus import code_corpus
from eventwire.errors import StoreError
from eventwire.settings import Settings
from eventwire.store.duckdb import Store
from eventwire.store.schema import tables_of
from tests.conftest import tmpfs

sys.path.insert(0, str(Path(__file__).parent))  # the serve tests' hand-coded store
from serve_stores import hand_results, write_hand_store  # noqa: E402


@pytest.fixture
def small_disk(tmp_path):
    """A 3 MB tmpfs at tmp_path/disk."""
    with tmpfs(tmp_path / "disk", "3m") as disk:
        yield disk


def _many_results(copies: int):
    """The hand-coded articles many times over, each copy its own id and a long text that does not compress
    (a wire feed's raw dump), so a store grows fast."""
    import random

    rng = random.Random(15)
    return [dataclasses.replace(r, article=dataclasses.replace(r.article, id=f"{r.article.id}-{n}",
                                                               text=_noise(rng) + " " + r.article.text))
            for n in range(copies) for r in hand_results()]


def _noise(rng) -> str:
    hexed = rng.randbytes(15_000).hex()
    return " ".join(hexed[i:i + 8] for i in range(0, len(hexed), 8))


def _coder(results):
    by_id = {r.article.id: r for r in results}

    def code(articles):
        for batch in batched(articles, 3):
            yield tables_of([by_id[a.id] for a in batch])

    return code


def _stored(db: Path) -> tuple[list[str], int]:
    with duckdb.connect(str(db), read_only=True) as con:
        ids = [row[0] for row in con.execute("SELECT id FROM articles ORDER BY id").fetchall()]
        events = con.execute("SELECT count(*) FROM events").fetchone()[0]
    return ids, events


def test_a_full_disk_stops_the_run_naming_the_store_and_keeps_every_batch_stored_before(small_disk, tmp_path):
    db = small_disk / "news.duckdb"
    results = _many_results(60)
    articles = [r.article for r in results]
    settings = Settings.load(db=db, batch_size=3)
    with Store(db) as store, pytest.raises(StoreError) as full:
        code_corpus(store, articles, settings, coder=_coder(results))
    assert str(db) in str(full.value) and "nothing of it was stored" in str(full.value)
    assert "No space left on device" in str(full.value)
    kept, _ = _stored(db)
    assert kept and len(kept) < len(articles) and len(kept) % 3 == 0, "whole batches, and only those"
    # The disk grows (the store moves to a bigger one): a rerun stores the rest, each article once.
    moved = tmp_path / "moved.duckdb"
    shutil.copy(db, moved)
    with Store(moved) as store:
        counts = code_corpus(store, articles, dataclasses.replace(settings, db=moved), coder=_coder(results))
    ids, events = _stored(moved)
    assert ids == sorted(a.id for a in articles) and len(set(ids)) == len(ids)
    assert counts.articles + counts.unchanged == len(articles) and set(kept) <= set(ids)
    assert events == sum(len(r.events) for r in results)


def test_a_store_on_a_read_only_file_system_is_refused_naming_it_and_still_read(small_disk, tmp_path):
    db = write_hand_store(small_disk / "news.duckdb")
    before = db.read_bytes()
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    news = tmp_path / "news.jsonl"
    news.write_text(json.dumps({"id": "n1", "text": "Police arrested protesters in Paris.", "date": "2024-03-04"}) + "\n")
    result = CliRunner().invoke(main, ["code", str(news), "--db", str(db), "--workers", "2"])
    assert result.exit_code == 2, result.output
    assert f"Error: Cannot open store {db}" in result.stderr and "Traceback" not in result.output
    listed = CliRunner().invoke(main, ["events", "--db", str(db), "--json"])
    assert listed.exit_code == 0 and len(listed.stdout.splitlines()) == sum(len(r.events) for r in hand_results())
    assert db.read_bytes() == before


@pytest.mark.parametrize("damage", ["truncated", "overwritten"])
def test_a_damaged_store_file_is_refused_naming_it_and_left_as_it_is(tmp_path, damage):
    db = write_hand_store(tmp_path / "news.duckdb")
    data = db.read_bytes()
    if damage == "truncated":
        db.write_bytes(data[: len(data) // 3])
    else:  # the header survives, the blocks after it do not
        db.write_bytes(data[:4096] + bytes(range(256)) * ((len(data) - 4096) // 256))
    damaged = db.read_bytes()
    said = "the store could not be read" if damage == "truncated" else f"Cannot open store {db}"
    commands = [["events", "--db", str(db)], ["export", "--db", str(db), "-o", str(tmp_path / "out.jsonl")]]
    if damage == "overwritten":  # refused on opening, before any article is coded
        commands.append(["code", str(tmp_path / "none.jsonl"), "--db", str(db)])
    for args in commands:
        if args[0] == "code":
            (tmp_path / "none.jsonl").write_text(json.dumps({"id": "n", "text": "Police arrested protesters."}) + "\n")
            args += ["--workers", "2"]
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 2, result.output
        assert f"Error: {said}" in result.stderr and str(db) in result.stderr and "Traceback" not in result.output
    if damage == "overwritten":
        with pytest.raises(StoreError, match=said):
            Store(db)
    assert db.read_bytes() == damaged


def test_a_truncated_gzip_input_is_named_and_the_records_before_the_damage_are_read(tmp_path):
    from eventwire.stages.ingest import read_articles

    lines = "".join(json.dumps({"id": f"n{i}", "text": f"Police arrested {i} protesters in Paris." + " More." * 200,
                                "date": "2024-03-04"}) + "\n" for i in range(200))
    packed = gzip.compress(lines.encode())
    news = tmp_path / "news.jsonl.gz"
    news.write_bytes(packed[: len(packed) * 2 // 3])
    problems = []
    read = list(read_articles([news], problems.append))
    assert 0 < len(read) < 200 and [a.id for a in read] == [f"n{i}" for i in range(len(read))]
    assert problems and all(p.path == str(news) for p in problems)
    assert any("damaged" in p.reason or "end" in p.reason for p in problems), problems
