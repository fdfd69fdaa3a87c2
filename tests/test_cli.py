import csv
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from eventwire.cli import main

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "examples" / "000_392aff288c130560.txt"


def run(*args):
    result = CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)
    return result


@pytest.fixture
def mixed_jsonl(tmp_path):
    seed_text = SEED.read_text(encoding="utf-8").split(" ", 2)[2]
    path = tmp_path / "mixed.jsonl"
    path.write_text("\n".join([
        json.dumps({"id": "seed", "text": seed_text, "date": "2022-10-27"}),
        '{"id": "broken", "text": ',
        json.dumps({"id": "empty", "text": ""}),
        json.dumps({"id": "baddate", "text": "Police arrested protesters.", "date": "27/10/2022x"}),
        json.dumps({"id": "second", "text": "Russian forces shelled Kharkiv on Monday, Ukrainian officials said.",
                    "published": "2022-10-12"}),
    ]) + "\n", encoding="utf-8")
    return path


@pytest.mark.slow
def test_code_keeps_good_records_and_names_bad_ones(tmp_path, mixed_jsonl):
    db = tmp_path / "ew.duckdb"
    result = run("code", mixed_jsonl, "--db", db)
    assert result.exit_code == 0, result.output
    assert "2 articles" in result.stdout and "3 skipped records" in result.stdout
    for line, reason in ((2, "malformed JSON"), (3, "empty 'text'"), (4, "invalid date")):
        assert f"{mixed_jsonl}:{line}" in result.stderr and reason in result.stderr
    listing = run("events", "--db", db, "--json")
    ids = {json.loads(line)["article_id"] for line in listing.stdout.splitlines()}
    assert ids == {"seed", "second"}


@pytest.mark.slow
def test_strict_stops_with_an_error_and_keeps_what_was_stored(tmp_path, mixed_jsonl):
    result = run("code", mixed_jsonl, "--db", tmp_path / "ew.duckdb", "--strict", "--batch-size", "1")
    assert result.exit_code == 2
    assert f"{mixed_jsonl}:2" in result.stderr


@pytest.mark.slow
def test_coding_twice_leaves_the_same_events(tmp_path):
    db = tmp_path / "ew.duckdb"
    first = run("code", SEED, "--db", db, "-o", tmp_path / "a.jsonl")
    second = run("code", SEED, "--db", db, "-o", tmp_path / "b.jsonl")
    assert first.exit_code == 0 and second.exit_code == 0
    n_first = len((tmp_path / "a.jsonl").read_text().splitlines())
    assert n_first > 0
    exported = run("export", "--db", db, "--format", "plover")
    assert len(exported.stdout.splitlines()) == n_first
    assert (tmp_path / "a.jsonl").read_text() == (tmp_path / "b.jsonl").read_text()


@pytest.mark.slow
def test_output_file_and_export_give_the_same_records(tmp_path):
    db = tmp_path / "ew.duckdb"
    assert run("code", SEED, "--db", db, "-o", tmp_path / "out.jsonl").exit_code == 0
    coded = sorted((json.loads(x) for x in (tmp_path / "out.jsonl").read_text().splitlines()), key=lambda r: r["id"])
    assert run("export", "--db", db, "-o", tmp_path / "exp.jsonl").exit_code == 0
    exported = sorted((json.loads(x) for x in (tmp_path / "exp.jsonl").read_text().splitlines()), key=lambda r: r["id"])
    assert coded == exported
    keys = {"id", "article_id", "date", "date_precision", "date_text", "event", "mode", "context", "actor",
            "recipient", "event_loc", "attribution", "cameo", "goldstein", "quad_code", "event_text", "text",
            "text_info", "confidence"}
    assert all(set(r) == keys for r in coded)
    assert all(r["article_id"] == "000_392aff288c130560" for r in coded)
    text = SEED.read_text(encoding="utf-8")
    body = text[text.index("The US"):]
    for r in coded:
        info = r["text_info"]
        assert body[info["start"]:info["end"]] == r["text"]


@pytest.mark.slow
def test_events_filters_and_formats(tmp_path):
    db = tmp_path / "ew.duckdb"
    run("code", SEED, "--db", db)
    table = run("events", "--db", db)
    assert table.exit_code == 0 and table.stdout.splitlines()[0].split()[:3] == ["date", "prec", "event"]
    rus = [json.loads(x) for x in run("events", "--db", db, "--actor", "RUS", "--json").stdout.splitlines()]
    assert rus and all(r["actor"]["country"] == "RUS" or r["actor"]["code"] == "RUS" for r in rus)
    rows = list(csv.DictReader(io.StringIO(run("events", "--db", db, "--type", "PROTEST", "--csv").stdout)))
    assert rows and {r["event"] for r in rows} == {"PROTEST"}
    before = run("events", "--db", db, "--to", "1999-12-31", "--json").stdout.splitlines()
    assert all(json.loads(x)["date"] <= "1999-12-31" for x in before)


def test_bad_arguments_get_clear_errors(tmp_path):
    assert "is not a date" in run("events", "--db", tmp_path / "x.duckdb", "--from", "yesterday").output
    missing = run("events", "--db", tmp_path / "missing.duckdb")
    assert missing.exit_code == 2 and "No store at" in missing.stderr
    db = tmp_path / "empty.duckdb"
    from eventwire.store.duckdb import Store
    Store(db).close()
    assert "PLOVER types" in run("events", "--db", db, "--type", "FIGHT").output


@pytest.mark.slow
def test_console_script_codes_the_bundled_example(tmp_path):
    exe = shutil.which("eventwire", path=str(Path(sys.executable).parent))
    assert exe, "the eventwire console script is installed beside the interpreter"
    done = subprocess.run([exe, "code", str(ROOT / "examples"), "--db", str(tmp_path / "e.duckdb")],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("1 articles,")
    shown = subprocess.run([exe, "events", "--db", str(tmp_path / "e.duckdb")], capture_output=True, text=True)
    assert "PROTEST" in shown.stdout and "ACCUSE" in shown.stdout


def test_events_takes_the_api_filters_and_any_case(tmp_path):
    from tests.serve_stores import write_hand_store

    db = write_hand_store(tmp_path / "hand.duckdb")

    def listed(*args):
        result = run("events", "--db", db, "--json", *args)
        assert result.exit_code == 0, result.output
        return sorted((r["event"], r["article_id"]) for r in map(json.loads, result.stdout.splitlines()))

    assert listed("--status", "negated") == [("MOBILIZE", "neg")]
    assert listed("--country", "twn") == [("MOBILIZE", "chn")]
    assert listed("--actor", "rus") == [("CONSULT", "seed"), ("SUPPORT", "neg")]
    assert listed("--actor", "rus", "--type", "support") == [("SUPPORT", "neg")]
    assert "'rumoured' is not one of 'asserted'" in run("events", "--db", db, "--status", "rumoured").output


def test_code_converts_to_arrow_without_importing_pandas_and_pandas_still_works_after():
    script = (
        "import sys, pyarrow as pa\n"
        "from eventwire.cli.coding import _arrow_without_pandas\n"
        "_arrow_without_pandas()\n"
        "t = pa.table({'id': ['a', 'b'], 'n': [1, 2]})\n"
        "print('pandas' in sys.modules)\n"
        "print(t.to_pandas().to_dict('list'))\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout.splitlines()
    assert out == ["False", "{'id': ['a', 'b'], 'n': [1, 2]}"]


@pytest.mark.parametrize("quick", [True, False])
def test_the_program_ends_without_teardown_only_after_a_command_that_asks_for_it(quick):
    script = (
        "import atexit, sys\n"
        "from eventwire.cli import group, run\n"
        "atexit.register(lambda: print('torn down', flush=True))\n"
        f"{'group.skip_teardown()' if quick else ''}\n"
        "sys.argv = ['eventwire', '--version']\n"
        "run()\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.returncode == 0 and "version" in done.stdout
    assert ("torn down" in done.stdout) is not quick
