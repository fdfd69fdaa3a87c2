"""Built tables kept between processes: read back while their sources are unchanged, rebuilt when one changes."""

from __future__ import annotations

import logging

import pytest

from eventwire.knowledge.cache import cache_dir, cached, cached_arrays


@pytest.fixture
def cache(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("EVENTWIRE_CACHE", str(folder))
    return folder


@pytest.fixture
def source(tmp_path):
    path = tmp_path / "table.txt"
    path.write_text("alpha\nbeta\n", encoding="utf-8")
    return path


class Builder:
    """Builds a table from a source file and counts how often it had to."""

    def __init__(self, path):
        self.path, self.calls = path, 0

    def __call__(self):
        self.calls += 1
        return {"words": self.path.read_text(encoding="utf-8").split(), "calls": self.calls}


def test_cache_dir_follows_the_environment(cache):
    assert cache_dir() == cache


def test_a_second_load_reads_what_the_first_built(cache, source):
    build = Builder(source)
    first = cached("words", [source], build)
    second = cached("words", [source], build)
    assert build.calls == 1
    assert second == first == {"words": ["alpha", "beta"], "calls": 1}
    assert len(list(cache.glob("words-*.pickle"))) == 1


def test_a_changed_source_is_rebuilt_and_the_stale_file_removed(cache, source):
    build = Builder(source)
    cached("words", [source], build)
    source.write_text("alpha\ngamma\n", encoding="utf-8")
    again = cached("words", [source], build)
    assert build.calls == 2 and again["words"] == ["alpha", "gamma"]
    assert len(list(cache.glob("words-*.pickle"))) == 1
    assert cached("words", [source], build)["words"] == ["alpha", "gamma"] and build.calls == 2


def test_a_changed_salt_is_rebuilt(cache, source):
    build = Builder(source)
    cached("words", [source], build, salt="library 1.0")
    cached("words", [source], build, salt="library 1.1")
    assert build.calls == 2


def test_other_kinds_are_kept(cache, source):
    cached("words", [source], Builder(source))
    cached("words_upper", [source], Builder(source))
    source.write_text("delta\n", encoding="utf-8")
    cached("words", [source], Builder(source))
    assert len(list(cache.glob("words_upper-*.pickle"))) == 1


def test_a_damaged_cache_file_is_rebuilt_with_a_warning(cache, source, caplog):
    build = Builder(source)
    cached("words", [source], build)
    (path,) = cache.glob("words-*.pickle")
    path.write_bytes(b"not a pickle")
    with caplog.at_level(logging.WARNING):
        again = cached("words", [source], build)
    assert build.calls == 2 and again["words"] == ["alpha", "beta"]
    assert "unreadable" in caplog.text
    assert cached("words", [source], build)["calls"] == 2  # the rebuilt file is good again


def test_a_build_error_passes_through_and_nothing_is_cached(cache, source):
    def broken():
        raise ValueError("bad table")

    with pytest.raises(ValueError, match="bad table"):
        cached("words", [source], broken)
    assert not list(cache.glob("words-*"))


def test_a_missing_source_is_left_to_the_build_to_report(cache, tmp_path):
    missing = tmp_path / "gone.txt"
    with pytest.raises(FileNotFoundError):
        cached("words", [missing], Builder(missing))


def test_an_unwritable_cache_still_gives_the_table(tmp_path, monkeypatch, source, caplog):
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("EVENTWIRE_CACHE", str(blocker / "cache"))
    build = Builder(source)
    with caplog.at_level(logging.WARNING):
        assert cached("words", [source], build)["words"] == ["alpha", "beta"]
    assert "not cached" in caplog.text


def test_without_the_cache_nothing_is_read_or_written(cache, source):
    build = Builder(source)
    cached("words", [source], build, use_cache=False)
    cached("words", [source], build, use_cache=False)
    assert build.calls == 2 and not cache.exists()


class ArrayBuilder:
    """Builds arrays from a source file and counts how often it had to."""

    def __init__(self, path):
        self.path, self.calls = path, 0

    def __call__(self):
        import numpy as np

        self.calls += 1
        words = self.path.read_text(encoding="utf-8").split()
        return {"lengths": np.array([len(w) for w in words], dtype=np.int32), "words": np.array(words)}


def test_arrays_are_built_once_then_read_mapped(cache, source):
    import numpy as np

    build = ArrayBuilder(source)
    first = cached_arrays("lengths", [source], build)
    second = cached_arrays("lengths", [source], build)
    assert build.calls == 1
    assert isinstance(second["lengths"], np.memmap)
    assert first["lengths"].tolist() == second["lengths"].tolist() == [5, 4]
    assert second["words"].tolist() == ["alpha", "beta"]


def test_changed_arrays_are_rebuilt_and_the_stale_folder_removed(cache, source):
    build = ArrayBuilder(source)
    cached_arrays("lengths", [source], build)
    source.write_text("alpha\ngamma\ndelta\n", encoding="utf-8")
    again = cached_arrays("lengths", [source], build)
    assert build.calls == 2 and again["lengths"].tolist() == [5, 5, 5]
    assert len(list(cache.glob("lengths-*.arrays"))) == 1 and not list(cache.glob("*.tmp"))


def test_a_damaged_array_file_is_rebuilt_with_a_warning(cache, source, caplog):
    build = ArrayBuilder(source)
    cached_arrays("lengths", [source], build)
    (folder,) = cache.glob("lengths-*.arrays")
    (folder / "lengths.npy").write_bytes(b"not an array")
    with caplog.at_level(logging.WARNING):
        again = cached_arrays("lengths", [source], build)
    assert build.calls == 2 and again["lengths"].tolist() == [5, 4]
    assert "unreadable" in caplog.text


def test_an_unwritable_cache_still_gives_the_arrays(tmp_path, monkeypatch, source, caplog):
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv("EVENTWIRE_CACHE", str(blocker / "cache"))
    with caplog.at_level(logging.WARNING):
        assert cached_arrays("lengths", [source], ArrayBuilder(source))["lengths"].tolist() == [5, 4]
    assert "not cached" in caplog.text
