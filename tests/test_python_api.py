"""The Python API: eventwire.code, eventwire.code_files and the Store's tables, as the README shows them."""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

import eventwire
from eventwire.api import articles_of
from eventwire.errors import ConfigError, InputError, NothingToCode, StoreError
from eventwire.records import Attribution
from eventwire.store.duckdb import Store
from eventwire.store.schema import event_json
from tests.test_store import IRN, RUS, make_event, make_result

ROOT = Path(__file__).resolve().parent.parent
USA = eventwire.Actor("USAGOV", "USA", "GOV", "Washington")


def readme_python_blocks() -> list[str]:
    """The python code blocks of the README's "Python and notebooks" section."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Python and notebooks", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```python\n(.*?)```", section, flags=re.S)


def test_public_names_are_listed_typed_and_documented():
    for name in ("code", "code_files", "Store", "Article", "Event", "event_json", "CorpusCounts", "Settings"):
        assert name in eventwire.__all__
        value = getattr(eventwire, name)
        assert value.__doc__ and value.__doc__.strip(), name
    for function in (eventwire.code, eventwire.code_files):
        hints = function.__annotations__
        assert "return" in hints and all(p in hints for p in function.__code__.co_varnames[: function.__code__.co_argcount])


def test_importing_eventwire_loads_neither_spacy_nor_duckdb():
    out = subprocess.run(
        [sys.executable, "-c", "import sys, eventwire; eventwire.__all__; print(sorted(m for m in ('spacy', 'duckdb', 'pyarrow') if m in sys.modules))"],
        capture_output=True, text=True, check=True,
    ).stdout
    assert out.strip() == "[]"


def test_texts_become_dated_articles_and_articles_keep_theirs():
    own = eventwire.Article("mine", "Moscow warned Kyiv.", dt.date(2020, 1, 2))
    articles = articles_of(["  Tehran protested. ", own], published="2024-03-06")
    assert [(a.id, a.text, a.published) for a in articles] == [
        ("text-1", "Tehran protested.", dt.date(2024, 3, 6)), ("mine", "Moscow warned Kyiv.", dt.date(2020, 1, 2))]
    assert [a.id for a in articles_of("One text, not its letters.")] == ["text-1"]


@pytest.mark.parametrize(("texts", "published", "message"), [
    (["Moscow warned Kyiv.", "  "], None, "text 2: empty text"),
    (["Moscow warned Kyiv.", 7], None, "text 2: expected a str or an eventwire.Article, got int"),
    (["Moscow warned Kyiv."], "next week", "published: invalid date 'next week'"),
])
def test_bad_texts_are_named(texts, published, message):
    with pytest.raises(InputError, match=re.escape(message)):
        articles_of(texts, published)


def test_an_unknown_setting_is_named_before_anything_is_coded():
    with pytest.raises(ConfigError, match="Unknown setting 'modle'"):
        eventwire.code(["Moscow warned Kyiv."], modle="x")


@pytest.fixture()
def store(tmp_path):
    with Store(tmp_path / "s.duckdb") as s:
        s.write([
            make_result("a1"),
            make_result("a2", [make_event("a2", "SANCTION", USA, IRN, goldstein=-5.0, quad_code=4),
                               make_event("a2", "SANCTION", USA, IRN, start=30, goldstein=-3.0, quad_code=4),
                               make_event("a2", "CONSULT", IRN, RUS, start=45, goldstein=1.0, quad_code=1,
                                          date=eventwire.DateRef(dt.date(2021, 5, 1), "day")),
                               make_event("a2", "ASSAULT", USA, IRN, start=60,
                                          attribution=Attribution("negated"))]),
        ])
        yield s


def test_store_events_take_the_event_query_filters(store):
    sanctions = store.events(event="sanction")
    assert [e["event"] for e in sanctions] == ["SANCTION", "SANCTION"]
    assert {e["article_id"] for e in store.events(party="RUS")} == {"a1", "a2"}
    assert [e["date"] for e in store.events(date_to="2021-12-31")] == ["2021-05-01"]
    assert len(store.events(include_negated=False)) == len(store.events()) - 1
    with pytest.raises(ConfigError, match="Unknown event filter 'kind'. Filters: actor, recipient"):
        store.events(kind="SANCTION")
    with pytest.raises(ConfigError, match="date_from='May' is not a date"):
        store.events(date_from="May")


def test_dyads_count_pairs_one_way_or_both(store):
    directed = store.dyads()
    assert directed[0] == {"actor": "USAGOV", "recipient": "IRNGOV", "events": 2, "goldstein_mean": -4.0,
                           "q1": 0, "q2": 0, "q3": 0, "q4": 2}
    assert {(d["actor"], d["recipient"], d["events"]) for d in directed[1:]} == {
        ("RUSGOV", "IRNGOV", 1), ("IRNGOV", "RUSGOV", 1)}
    both = {(d["actor"], d["recipient"]): d["events"] for d in store.dyads(directed=False)}
    assert both == {("IRNGOV", "USAGOV"): 2, ("IRNGOV", "RUSGOV"): 2}
    assert store.dyads(include_negated=True)[0]["events"] == 3
    assert store.dyads(event="CONSULT", date_from="2022-01-01") == [
        {"actor": "RUSGOV", "recipient": "IRNGOV", "events": 1, "goldstein_mean": 1.0, "q1": 1, "q2": 0, "q3": 0, "q4": 0}]


def test_tables_hold_the_filtered_events_in_the_events_order(store):
    table = store.to_arrow(recipient="IRN")
    assert table.column("id").to_pylist() == [e["id"] for e in store.events(recipient="IRN")]
    frame = store.to_pandas(event="SANCTION")
    assert list(frame["goldstein"]) == [-5.0, -3.0]
    assert set(frame.columns) == set(table.column_names)


def test_to_polars_gives_a_frame_or_names_the_package(store):
    try:
        import polars  # noqa: F401
    except ImportError:
        with pytest.raises(ConfigError, match="needs the polars package: pip install polars"):
            store.to_polars()
    else:
        assert store.to_polars(event="SANCTION")["goldstein"].to_list() == [-5.0, -3.0]


def test_a_missing_frame_package_is_named_with_its_install_command():
    from eventwire.store.duckdb import _need

    with pytest.raises(ConfigError, match="Store.to_frames needs the eventwire_no_such_frames package: pip install eventwire_no_such_frames"):
        _need("eventwire_no_such_frames", "to_frames")


@pytest.mark.slow
def test_the_readme_notebook_codes_three_texts_stores_them_and_gives_a_frame(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    notebook = readme_python_blocks()[0]
    assert notebook.count('    "') == 3
    names: dict[str, object] = {}
    exec(compile(notebook, "README.md", "exec"), names)
    events, frame = names["events"], names["frame"]
    assert len(events) >= 3 and {e.article_id for e in events} == {"text-1", "text-2", "text-3"}
    assert sorted(frame["id"]) == sorted(e.id for e in events)
    assert {e.event for e in events} >= {"CONSULT", "COERCE", "ASSAULT"}
    assert [r["id"] for r in names["sanctions"]] == [e.id for e in events if e.event == "COERCE"]
    assert sum(p["events"] for p in names["pairs"]) <= len(events)
    with Store(tmp_path / "notebook.duckdb", read_only=True) as store:
        assert sorted(store.events(), key=lambda r: r["id"]) == sorted(map(event_json, events), key=lambda r: r["id"])
    assert "COERCE" in capsys.readouterr().out


@pytest.mark.slow
def test_code_files_is_the_code_command_with_progress(tmp_path):
    from click.testing import CliRunner

    from eventwire.cli import main

    news = tmp_path / "news.jsonl"
    lines = [{"id": "n1", "text": "Russia's foreign minister met his Iranian counterpart in Tehran on Monday.", "date": "2024-03-06"},
             {"id": "n2", "text": "The United States imposed new sanctions on North Korea on Tuesday.", "date": "2024-03-06"}]
    news.write_text("\n".join(map(json.dumps, lines)) + "\n{broken\n", encoding="utf-8")
    seen, problems = [], []
    counts = eventwire.code_files(news, db=tmp_path / "api.duckdb", progress=seen.append, problems=problems, batch_size=1)
    assert (counts.articles, counts.unchanged) == (2, 0) and counts.events >= 2
    assert [c.done for c in seen][:2] == [1, 2] and seen[-1].clusters is not None
    assert [(p.path, p.line) for p in problems] == [(str(news), 3)]
    result = CliRunner().invoke(main, ["code", str(news), "--db", str(tmp_path / "cli.duckdb"), "--workers", "1"])
    assert result.exit_code == 0, result.output
    with Store(tmp_path / "api.duckdb") as api, Store(tmp_path / "cli.duckdb") as cli:
        assert api.events() == cli.events() and len(api.events()) == counts.events
    again = eventwire.code_files([news], db=tmp_path / "api.duckdb")
    assert (again.articles, again.unchanged) == (0, 2)
    with pytest.raises(InputError, match=f"{re.escape(str(news))}:3"):
        eventwire.code_files(news, db=tmp_path / "strict.duckdb", strict=True, force=True)


def test_code_files_refuses_a_missing_input_path_naming_it_before_anything_runs(tmp_path):
    db = tmp_path / "ew.duckdb"
    good = tmp_path / "good.jsonl"
    good.write_text(json.dumps({"id": "a1", "text": "Police arrested protesters.", "date": "2022-10-12"}) + "\n")
    with pytest.raises(NothingToCode, match=f"no such file or folder: {re.escape(str(tmp_path / 'nwes.jsonl'))}"):
        eventwire.code_files([good, tmp_path / "nwes.jsonl"], db=db)
    assert not db.exists()


@pytest.mark.parametrize("content", ["", "\n \n", '{"id": "x", "text": \n{"id": "y", "text": ""}\n'])
def test_code_files_with_nothing_usable_raises_and_leaves_the_store_alone(tmp_path, content):
    db = tmp_path / "ew.duckdb"
    news = tmp_path / "news.jsonl"
    news.write_text(content, encoding="utf-8")
    problems = []
    with pytest.raises(NothingToCode, match="nothing to code") as caught:
        eventwire.code_files(news, db=db, problems=problems)
    assert isinstance(caught.value, InputError)
    if content.strip():
        assert f"every record of {news} was skipped (2 skipped records)" in str(caught.value)
        assert [p.line for p in problems] == [1, 2]
    else:
        assert f"{news} holds no records" in str(caught.value) and problems == []
    assert not db.exists()


def test_code_files_refuses_a_store_path_that_holds_another_kind_of_file(tmp_path):
    not_a_store = tmp_path / "existing.csv"
    not_a_store.write_text("id,text\na1,Police arrested protesters.\n", encoding="utf-8")
    news = tmp_path / "news.jsonl"
    news.write_text(json.dumps({"id": "a1", "text": "Police arrested protesters.", "date": "2022-10-12"}) + "\n")
    with pytest.raises(StoreError, match=f"{re.escape(str(not_a_store))} is not a DuckDB store"):
        eventwire.code_files(news, db=not_a_store)
    assert not_a_store.read_text(encoding="utf-8") == "id,text\na1,Police arrested protesters.\n"
