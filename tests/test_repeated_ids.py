"""The same id twice in one input: the last copy is stored, earlier ones are reported as replaced, counts are true.

The store, dedup and clusters are real; the coder hands out results built by hand, keyed by the text it is given,
so a changed copy gets its own events.
"""

from __future__ import annotations

import dataclasses

import pytest

from eventwire.batches import batched
from eventwire.corpus import code_corpus
from eventwire.errors import InputError
from eventwire.records import Problem, Result
from eventwire.settings import Settings
from eventwire.store.dedup import Deduplicator
from eventwire.store.duckdb import Store
from eventwire.store.schema import tables_of
from tests.serve_stores import hand_results

SETTINGS = Settings.load(batch_size=2)


def _as(result: Result, article_id: str, origin: str) -> Result:
    """The same coded article under another id, read from ``origin``."""
    article = dataclasses.replace(result.article, id=article_id, origin=origin)
    return Result(article, tuple(dataclasses.replace(s, article_id=article_id) for s in result.sentences),
                  result.mentions,
                  tuple(dataclasses.replace(e, article_id=article_id) for e in result.events))


def _coder(results: list[Result]):
    by_text = {r.article.content_hash: r for r in results}

    def code(articles):
        for batch in batched(articles, 2):
            yield tables_of([by_text[a.content_hash] for a in batch])

    return code


@pytest.fixture
def copies():
    """``neg`` read at line 1, ``chn`` at line 2, and ``neg`` again at line 3 with another text (the seed's)."""
    seed, neg, chn = hand_results()
    return _as(neg, "neg", "in.jsonl:1"), _as(chn, "chn", "in.jsonl:2"), _as(seed, "neg", "in.jsonl:3")


def _stored(store: Store, article_id: str) -> tuple[str, int]:
    return store.con.execute("SELECT content_hash, n_events FROM articles WHERE id = ?", [article_id]).fetchall()[0]


def test_in_a_fresh_store_the_last_copy_is_stored_and_the_summary_counts_what_is_stored(tmp_path, copies):
    first, other, last = copies
    notices: list[Problem] = []
    with Store(tmp_path / "s.duckdb") as store:
        counts = code_corpus(store, [r.article for r in copies], SETTINGS, coder=_coder(list(copies)),
                             on_replaced=notices.append)
        assert (counts.articles, counts.replaced, counts.unchanged) == (2, 1, 0) == (store.count("articles"), 1, 0)
        assert counts.events == store.count("events") == len(other.events) + len(last.events)
        assert counts.sentences == store.count("sentences")
        assert _stored(store, "neg") == (last.article.content_hash, len(last.events))
        assert counts.done == 3
    assert notices == [Problem("in.jsonl", 1, "replaced by the later copy at in.jsonl:3", "neg")]
    assert str(notices[0]) == "in.jsonl:1 (id 'neg'): replaced by the later copy at in.jsonl:3"


def test_a_changed_later_copy_of_a_stored_article_is_coded_not_reported_unchanged(tmp_path, copies):
    first, other, last = copies
    with Store(tmp_path / "s.duckdb") as store:
        code_corpus(store, [first.article], SETTINGS, coder=_coder(list(copies)))
        counts = code_corpus(store, [first.article, last.article], SETTINGS, coder=_coder(list(copies)))
        assert (counts.articles, counts.unchanged, counts.replaced) == (1, 0, 1)
        assert counts.events == len(last.events) == store.count("events")
        assert _stored(store, "neg") == (last.article.content_hash, len(last.events))


def test_an_unchanged_later_copy_of_a_stored_article_stays_unchanged_and_is_counted_once(tmp_path, copies):
    first, other, last = copies
    with Store(tmp_path / "s.duckdb") as store:
        code_corpus(store, [first.article], SETTINGS, coder=_coder(list(copies)))
        counts = code_corpus(store, [first.article, first.article], SETTINGS, coder=_coder(list(copies)))
        assert (counts.articles, counts.unchanged, counts.replaced, counts.done) == (0, 1, 1, 2)


def test_a_later_copy_read_in_a_later_batch_replaces_the_coded_earlier_one(tmp_path, copies):
    first, other, last = copies
    notices: list[Problem] = []
    with Store(tmp_path / "s.duckdb") as store:
        dedup = Deduplicator(store, batch_size=1, on_replaced=notices.append)
        passed = list(dedup.filter([first.article, other.article, last.article]))
        assert [a.origin for a in passed] == ["in.jsonl:1", "in.jsonl:2", "in.jsonl:3"]
        assert (dedup.counts.replaced, dedup.counts.to_code) == (1, 3)
        assert dedup.take_fingerprints(["neg"]), "the earlier copy is stored with a fingerprint"
        assert dedup.take_fingerprints(["neg"]), "and so is the later one"
    assert [(n.path, n.line, n.record_id) for n in notices] == [("in.jsonl", 1, "neg")]


def test_strict_stops_at_a_repeated_id_naming_both_records(tmp_path, copies):
    strict = Settings.load(batch_size=2, strict=True)
    with Store(tmp_path / "s.duckdb") as store:
        with pytest.raises(InputError, match=r"in\.jsonl:3: id 'neg' was already read at in\.jsonl:1; --strict"):
            code_corpus(store, [r.article for r in copies], strict, coder=_coder(list(copies)))
