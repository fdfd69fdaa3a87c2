"""spaCy gets each batch in runs bounded by characters, and the runs change no Doc and no event."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from eventwire.stages.parse import runs

HERE = Path(__file__).parent


def test_runs_close_at_the_character_bound_and_a_long_text_runs_alone():
    texts = ["a" * 30, "b" * 30, "c" * 100, "d" * 10, "e" * 10, "f" * 10]
    assert [list(r) for r in runs(texts, most_texts=10, most_chars=60)] == [
        ["a" * 30, "b" * 30], ["c" * 100], ["d" * 10, "e" * 10, "f" * 10]]


def test_runs_close_at_the_article_bound():
    texts = [str(i) for i in range(7)]
    assert [len(r) for r in runs(texts, most_texts=3, most_chars=10_000)] == [3, 3, 1]


def test_no_texts_make_no_runs():
    assert list(runs([], most_texts=4, most_chars=100)) == []


@given(st.lists(st.integers(0, 300), max_size=40), st.integers(1, 8), st.integers(1, 500))
def test_runs_join_to_the_texts_and_keep_both_bounds(lengths, most_texts, most_chars):
    texts = ["x" * n + str(i) for i, n in enumerate(lengths)]
    out = [list(r) for r in runs(texts, most_texts, most_chars)]
    assert [t for r in out for t in r] == texts
    for r in out:
        assert 1 <= len(r) <= most_texts
        assert len(r) == 1 or sum(map(len, r)) <= most_chars
    # A run closes only when the next text would break a bound.
    for r, nxt in zip(out, out[1:]):
        assert len(r) == most_texts or sum(map(len, r)) + len(nxt[0]) > most_chars


@pytest.mark.slow
def test_a_batch_parsed_in_short_runs_codes_what_one_run_codes():
    from eventwire.pipeline import Pipeline
    from eventwire.settings import Settings
    from eventwire.stages.ingest import read_articles
    from eventwire.store.schema import event_json

    articles = list(read_articles([HERE / "data" / "corpus_small.jsonl"]))
    coded = {}
    sizes: dict[int, list[int]] = {}
    for limit in (500, 10_000_000):
        pipeline = Pipeline(Settings.load(parse_chars=limit, batch_size=64))
        parse = pipeline.stages[0]
        pipe = parse.nlp.pipe
        sizes[limit] = []

        def counted(texts, batch_size, pipe=pipe, seen=sizes[limit]):
            seen.append(len(texts))
            return pipe(texts, batch_size=batch_size)

        parse.nlp.pipe = counted
        try:
            coded[limit] = [json.dumps(event_json(e), sort_keys=True) for r in pipeline.code(articles)
                            for e in r.events]
        finally:
            del parse.nlp.pipe
    assert sizes[10_000_000] == [len(articles)]
    assert len(sizes[500]) > 3 and sum(sizes[500]) == len(articles) and max(sizes[500]) <= 4
    assert len(coded[500]) > 10 and coded[500] == coded[10_000_000]
