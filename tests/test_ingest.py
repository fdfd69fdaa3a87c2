import datetime as dt
import json

import pytest
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from eventwire.errors import InputError
from eventwire.stages.ingest import parse_published, read_articles


def read(paths, strict=False):
    problems = []
    articles = list(read_articles(paths, problems.append, strict=strict))
    return articles, problems


def test_jsonl_bad_lines_are_reported_and_good_ones_kept(tmp_path):
    path = tmp_path / "news.jsonl"
    path.write_text(
        "\n".join([
            json.dumps({"id": "a1", "text": "Iran protested.", "date": "2022-10-27"}),
            '{"id": "a2", "text": "broken',
            json.dumps({"id": "a3", "text": "   "}),
            json.dumps({"id": "a4", "text": "Russia attacked.", "published": "2022-13-45"}),
            json.dumps({"id": "a5", "text": "Talks were held.", "published": None, "title": "T"}),
            json.dumps(["not", "an", "object"]),
            json.dumps({"text": "no id"}),
        ]) + "\n",
        encoding="utf-8",
    )
    articles, problems = read([path])
    assert [a.id for a in articles] == ["a1", "a5"]
    assert articles[0].published == dt.date(2022, 10, 27)
    assert articles[1].published is None and articles[1].title == "T"
    assert [(p.line, p.record_id) for p in problems] == [(2, None), (3, "a3"), (4, "a4"), (6, None), (7, None)]
    assert "malformed JSON" in problems[0].reason
    assert "empty 'text'" in problems[1].reason
    assert "invalid date '2022-13-45'" in problems[2].reason
    assert all(p.path == str(path) for p in problems)
    assert str(problems[0]).startswith(f"{path}:2")


@pytest.mark.parametrize("ending", ["\n", "\r\n"])
def test_a_jsonl_error_column_is_where_the_line_goes_wrong(tmp_path, ending):
    path = tmp_path / "news.jsonl"
    cut = '{"id": "a2", "text": '
    path.write_bytes((json.dumps({"id": "a1", "text": "Iran protested."}) + ending + cut + ending
                      + '{"id": "a3" "text": "x"}' + ending).encode())
    _, problems = read([path])
    assert [(p.line, p.reason) for p in problems] == [
        (2, f"malformed JSON: Expecting value at column {len(cut) + 1}"),
        (3, "malformed JSON: Expecting ',' delimiter at column 13"),
    ]


def test_strict_raises_at_first_problem_naming_file_and_line(tmp_path):
    path = tmp_path / "news.jsonl"
    path.write_text('{"id": "a1", "text": "ok"}\n{bad\n', encoding="utf-8")
    with pytest.raises(InputError, match=r"news.jsonl:2"):
        read([path], strict=True)


def test_csv_reads_rows_and_names_bad_row_lines(tmp_path):
    path = tmp_path / "news.csv"
    path.write_text(
        'id,text,date,source\n'
        'c1,"Protesters marched\nin Paris.",2023-01-05,AFP\n'
        'c2,,2023-01-05,AFP\n'
        'c3,Troops withdrew.,,Reuters\n',
        encoding="utf-8",
    )
    articles, problems = read([path])
    assert [(a.id, a.published, a.source) for a in articles] == [
        ("c1", dt.date(2023, 1, 5), "AFP"), ("c3", None, "Reuters")]
    assert articles[0].text == "Protesters marched\nin Paris."
    assert [(p.line, p.record_id) for p in problems] == [(4, "c2")]


def test_csv_without_text_column_is_one_problem(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("id,body\n1,hello\n", encoding="utf-8")
    articles, problems = read([path])
    assert articles == [] and "'id' and 'text'" in problems[0].reason


def test_text_file_with_leading_date_line(tmp_path):
    (tmp_path / "story-1.txt").write_text(" date 2022-10-27 The US is concerned.", encoding="utf-8")
    (tmp_path / "story-2.txt").write_text("No date here.", encoding="utf-8")
    articles, problems = read([tmp_path])
    assert problems == []
    assert [(a.id, a.published, a.text) for a in articles] == [
        ("story-1", dt.date(2022, 10, 27), "The US is concerned."),
        ("story-2", None, "No date here."),
    ]


def test_folders_are_read_recursively_and_other_files_ignored(tmp_path):
    sub = tmp_path / "2022" / "10"
    sub.mkdir(parents=True)
    (sub / "a.txt").write_text("One.", encoding="utf-8")
    (sub / "b.jsonl").write_text('{"id": "b", "text": "Two."}\n', encoding="utf-8")
    (sub / "notes.md").write_text("ignored", encoding="utf-8")
    articles, problems = read([tmp_path])
    assert sorted(a.id for a in articles) == ["a", "b"] and problems == []


def test_non_utf8_file_is_named_with_line(tmp_path):
    path = tmp_path / "latin1.txt"
    path.write_bytes("Line one\nCaf\xe9 protest".encode("latin-1"))
    good = tmp_path / "good.txt"
    good.write_text("Fine.", encoding="utf-8")
    articles, problems = read([path, good])
    assert [a.id for a in articles] == ["good"]
    assert problems[0].line == 2 and "not UTF-8" in problems[0].reason


def test_missing_path_and_unknown_type_are_problems(tmp_path):
    other = tmp_path / "x.pdf"
    other.write_bytes(b"%PDF")
    articles, problems = read([tmp_path / "nope", other])
    assert articles == []
    assert "no such file" in problems[0].reason and "unknown file type '.pdf'" in problems[1].reason


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)))
def test_iso_dates_and_timestamps_round_trip(day):
    assert parse_published(day.isoformat()) == day
    assert parse_published(f"{day.isoformat()}T12:30:00Z") == day


@hsettings(max_examples=200)
@given(st.text(max_size=30))
def test_parse_published_returns_a_date_or_raises_value_error(text):
    try:
        result = parse_published(text)
    except ValueError as exc:
        assert "invalid date" in str(exc)
    else:
        assert result is None or isinstance(result, dt.date)


@given(st.lists(st.tuples(st.text(min_size=1, max_size=8).filter(lambda s: s.strip()),
                          st.text(min_size=1, max_size=40).filter(lambda s: s.strip())), max_size=8))
def test_jsonl_records_round_trip(tmp_path_factory, records):
    path = tmp_path_factory.mktemp("j") / "r.jsonl"
    path.write_text("".join(json.dumps({"id": i, "text": t}) + "\n" for i, t in records), encoding="utf-8")
    articles, problems = read([path])
    assert problems == []
    assert [(a.id, a.text) for a in articles] == [(i.strip(), t) for i, t in records]
