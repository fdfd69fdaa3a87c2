"""Built tables kept between processes: read back while their sources are unchanged, rebuilt when one changes."""

from __future__ import annotations

import logging
import multiprocessing
import os
import pickle
from pathlib import Path

import pytest

from eventwire.knowledge.cache import KEPT_PER_KIND, cache_dir, cache_key, cached, cached_arrays, kept_per_kind


@pytest.fixture
def cache(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("EVENTWIRE_CACHE", str(folder))
    monkeypatch.delenv("EVENTWIRE_CACHE_ENTRIES", raising=False)
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


def _source(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_alternating_sources_are_both_read_from_the_cache(cache, tmp_path):
    # Two checkouts, or runs with and without a user dictionary: other paths, same kind.
    first, second = _source(tmp_path, "one.txt", "alpha\n"), _source(tmp_path, "two.txt", "beta\n")
    builds = {first: Builder(first), second: Builder(second)}
    for _ in range(3):
        for path, build in builds.items():
            assert cached("words", [path], build)["words"] == path.read_text(encoding="utf-8").split()
    assert builds[first].calls == builds[second].calls == 1
    assert len(list(cache.glob("words-*.pickle"))) == 2


def test_the_least_recently_used_entry_beyond_the_limit_is_removed(cache, tmp_path):
    paths = [_source(tmp_path, f"{n}.txt", f"word{n}\n") for n in range(KEPT_PER_KIND + 1)]
    builds = [Builder(path) for path in paths]
    for path, build in zip(paths[:-1], builds, strict=False):
        cached("words", [path], build)
    cached("words", [paths[0]], builds[0])  # used again: now the second is the one used longest ago
    cached("words", [paths[-1]], builds[-1])
    kept = {p.name for p in cache.glob("words-*.pickle")}
    assert kept == {cache_key("words", [path]) for n, path in enumerate(paths) if n != 1}
    for n, (path, build) in enumerate(zip(paths, builds, strict=True)):
        if n != 1:
            assert cached("words", [path], build)["calls"] == 1
    assert cached("words", [paths[1]], builds[1])["calls"] == 2


def test_a_changed_source_is_rebuilt_and_the_other_entries_kept(cache, tmp_path):
    first, second = _source(tmp_path, "one.txt", "alpha\n"), _source(tmp_path, "two.txt", "beta\n")
    build_first, build_second = Builder(first), Builder(second)
    cached("words", [first], build_first)
    cached("words", [second], build_second)
    kept = cache / cache_key("words", [second])
    written = kept.stat().st_mtime_ns
    first.write_text("gamma\n", encoding="utf-8")
    assert cached("words", [first], build_first)["words"] == ["gamma"] and build_first.calls == 2
    assert cached("words", [second], build_second)["words"] == ["beta"] and build_second.calls == 1
    assert len(list(cache.glob("words-*.pickle"))) == 2 and kept.stat().st_mtime_ns > written  # read, not rewritten


def test_the_number_kept_follows_the_environment(cache, tmp_path, monkeypatch, caplog):
    monkeypatch.setenv("EVENTWIRE_CACHE_ENTRIES", "1")
    first, second = _source(tmp_path, "one.txt", "alpha\n"), _source(tmp_path, "two.txt", "beta\n")
    build_first = Builder(first)
    cached("words", [first], build_first)
    cached("words", [second], Builder(second))
    assert len(list(cache.glob("words-*.pickle"))) == 1
    cached("words", [first], build_first)
    assert build_first.calls == 2
    monkeypatch.setenv("EVENTWIRE_CACHE_ENTRIES", "none")
    with caplog.at_level(logging.WARNING):
        assert kept_per_kind() == KEPT_PER_KIND
    assert "EVENTWIRE_CACHE_ENTRIES" in caplog.text


def test_an_entry_in_the_older_format_is_removed(cache, source):
    cache.mkdir()
    old = cache / "words-0123456789abcdef0123.pickle"
    old.write_bytes(b"old")
    cached("words", [source], Builder(source))
    assert not old.exists() and len(list(cache.glob("words-*.pickle"))) == 1


class Unpicklable:
    def __reduce__(self):
        raise pickle.PicklingError("cannot be kept")


def test_a_write_that_fails_midway_leaves_no_entry(cache, source, caplog):
    big = {"words": ["alpha"] * 100_000, "last": Unpicklable()}
    with caplog.at_level(logging.WARNING):
        assert cached("words", [source], lambda: big) is big
    assert "not cached" in caplog.text and not list(cache.iterdir())
    build = Builder(source)
    assert cached("words", [source], build)["words"] == ["alpha", "beta"] and build.calls == 1


def _read_many(folder: str, paths: list[str], rounds: int) -> list[str]:
    """Read the tables of ``paths`` in turn, returning every one whose value was wrong."""
    os.environ["EVENTWIRE_CACHE"] = folder
    wrong = []
    for _ in range(rounds):
        for path in map(Path, paths):
            words = cached("words", [path], Builder(path))["words"]
            if words != path.read_text(encoding="utf-8").split():
                wrong.append(f"{path}: {words}")
    return wrong


def test_two_processes_sharing_the_cache_always_read_whole_right_tables(cache, tmp_path):
    # More sources than entries kept: each process keeps evicting what the other writes and reads.
    paths = [str(_source(tmp_path, f"{n}.txt", f"word{n} " * 5_000)) for n in range(KEPT_PER_KIND + 2)]
    with multiprocessing.get_context("fork").Pool(2) as pool:
        results = pool.starmap(_read_many, [(str(cache), paths, 15), (str(cache), paths[::-1], 15)])
    assert results == [[], []]
    assert not list(cache.glob("*.tmp")) and len(list(cache.glob("words-*.pickle"))) <= KEPT_PER_KIND


def test_alternating_array_sources_are_both_mapped_from_the_cache(cache, tmp_path):
    first, second = _source(tmp_path, "one.txt", "alpha\n"), _source(tmp_path, "two.txt", "be ta\n")
    builds = {first: ArrayBuilder(first), second: ArrayBuilder(second)}
    for _ in range(2):
        assert cached_arrays("lengths", [first], builds[first])["lengths"].tolist() == [5]
        assert cached_arrays("lengths", [second], builds[second])["lengths"].tolist() == [2, 2]
    assert builds[first].calls == builds[second].calls == 1
    assert len(list(cache.glob("lengths-*.arrays"))) == 2
