"""The actor tables a process reads from the cache are the tables a fresh build makes, and a changed
dictionary is read again."""

from __future__ import annotations

import pytest

from eventwire.stages.actors import load_tables


@pytest.fixture
def cache(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("EVENTWIRE_CACHE", str(folder))
    return folder


def _dictionary(path, name, country):
    path.write_text(f"actors:\n  - name: {name}\n    country: {country}\n", encoding="utf-8")
    return path


def _named(tables, words):
    """Kinds and countries of what a phrase of lower-case words names."""
    bucket = tables.phrases.get(words[0], [])
    return {(p.named.kind, p.named.country) for p in bucket if p.words == words}


def test_cached_tables_equal_a_fresh_build(cache):
    built = load_tables()  # the cache is empty: built
    assert list(cache.glob("actor_tables-*.pickle"))
    read = load_tables()
    assert read is not built
    assert read.phrases == built.phrases and read.roles == built.roles
    assert (read.multi, read.single, read.stem_multi, read.stem_single) == \
        (built.multi, built.single, built.stem_multi, built.stem_single)
    assert (read.countries, read.fold, read.ambiguous, read.located, read.weapons, read.rules) == \
        (built.countries, built.fold, built.ambiguous, built.located, built.weapons, built.rules)


def test_a_changed_dictionary_is_read_again(cache, tmp_path):
    path = _dictionary(tmp_path / "mine.yaml", "Ada Quillfeather", "NOR")
    assert ("dictionary", "NOR") in _named(load_tables((path,)), ("ada", "quillfeather"))
    _dictionary(path, "Ada Quillfeather", "SWE")
    tables = load_tables((path,))
    assert _named(tables, ("ada", "quillfeather")) == {("dictionary", "SWE")}
    assert len(list(cache.glob("actor_tables-*.pickle"))) == 1

