"""Exit codes and messages of runs that could not do what was asked: nothing usable, a store that is not one.

None of these load the model: each run is refused before any coding starts.
"""

from __future__ import annotations

import json

import duckdb
import pytest
from click.testing import CliRunner

from eventwire.cli import main
from eventwire.errors import StoreError
from eventwire.store.duckdb import Store, check_store_file


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def _good_jsonl(path):
    path.write_text(json.dumps({"id": "a1", "text": "Police arrested protesters in Paris.", "date": "2022-10-12"}) + "\n",
                    encoding="utf-8")
    return path


def test_a_mistyped_input_path_exits_1_naming_it_before_anything_runs(tmp_path):
    db = tmp_path / "ew.duckdb"
    good = _good_jsonl(tmp_path / "good.jsonl")
    result = run("code", good, tmp_path / "nwes.jsonl", "--db", db)
    assert result.exit_code == 1, result.output
    assert f"no such file or folder: {tmp_path / 'nwes.jsonl'}" in result.stderr
    assert "nothing was coded" in result.stderr and result.stdout == ""
    assert not db.exists()


@pytest.mark.parametrize("make", ["empty file", "blank lines", "empty folder", "folder of unreadable types"])
def test_an_input_with_no_records_exits_1_and_says_so(tmp_path, make):
    db = tmp_path / "ew.duckdb"
    if make == "empty file":
        target = tmp_path / "news.jsonl"
        target.write_text("", encoding="utf-8")
    elif make == "blank lines":
        target = tmp_path / "news.jsonl"
        target.write_text("\n  \n\n", encoding="utf-8")
    else:
        target = tmp_path / "news"
        target.mkdir()
        if make == "folder of unreadable types":
            (target / "notes.md").write_text("# not news\n", encoding="utf-8")
    result = run("code", target, "--db", db)
    assert result.exit_code == 1, result.output
    assert f"nothing to code: {target} holds no records" in result.stderr
    assert ".jsonl" in result.stderr  # the message lists what can be read
    assert not db.exists()


def test_an_input_whose_every_record_is_skipped_exits_1_listing_each_once(tmp_path):
    db = tmp_path / "ew.duckdb"
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "x", "text": \n' + json.dumps({"id": "y", "text": ""}) + "\n", encoding="utf-8")
    result = run("code", bad, "--db", db)
    assert result.exit_code == 1, result.output
    assert f"every record of {bad} was skipped (2 skipped records" in result.stderr
    assert result.stderr.count(f"{bad}:1") == 1 and result.stderr.count(f"{bad}:2") == 1
    assert not db.exists()


def test_strict_still_stops_at_the_first_bad_record_with_exit_2(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "x", "text": \n', encoding="utf-8")
    result = run("code", bad, "--db", tmp_path / "ew.duckdb", "--strict")
    assert result.exit_code == 2 and f"{bad}:1" in result.stderr


@pytest.mark.parametrize("content", ["id,text\na1,Police arrested protesters.\n", '{"id": "a1", "text": "x"}\n'])
def test_a_db_path_holding_another_kind_of_file_is_refused_and_left_as_it_was(tmp_path, content):
    not_a_store = tmp_path / "existing.csv"
    not_a_store.write_text(content, encoding="utf-8")
    good = _good_jsonl(tmp_path / "good.jsonl")
    result = run("code", good, "--db", not_a_store)
    assert result.exit_code == 2, result.output
    assert f"{not_a_store} is not a DuckDB store" in result.stderr and "left as it is" in result.stderr
    assert "events" not in result.stdout
    assert not_a_store.read_text(encoding="utf-8") == content
    listing = run("events", "--db", not_a_store)
    assert listing.exit_code == 2 and f"{not_a_store} is not a DuckDB store" in listing.stderr
    assert not_a_store.read_text(encoding="utf-8") == content


def test_a_real_store_new_or_existing_passes_the_check_and_a_folder_does_not(tmp_path):
    db = tmp_path / "ew.duckdb"
    check_store_file(db)  # a new file is fine
    with Store(db) as store:
        store.con.execute("SELECT 1")
    check_store_file(db)
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM articles").fetchone() == (0,)
    with pytest.raises(StoreError, match="is a folder"):
        check_store_file(tmp_path)


def test_each_skipped_record_is_reported_once_by_the_console_command(tmp_path):
    import subprocess
    import sys

    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "x", "text": \n' + json.dumps({"id": "y"}) + "\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "eventwire", "code", str(bad), "--db", str(tmp_path / "ew.duckdb")],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 1, done.stderr
    assert done.stderr.count(f"{bad}:1") == 1 and done.stderr.count(f"{bad}:2") == 1, done.stderr
