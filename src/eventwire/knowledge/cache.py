"""Built tables kept between processes, rebuilt when what they are built from changes.

Building some tables costs more than reading them: the gazetteer reads some
70,000 cities, the actor lexicon splits thousands of names with spaCy's
tokenizer. :func:`cached` keeps what a build returns as a pickle in the user's
cache directory, under a name made of two hashes: one of where its sources
are (their absolute paths), one of what they hold (their bytes: data files, the
user's dictionaries and the code that builds it) and of the versions of the
libraries that shape it. A changed source gives a new name, so a stale table is
never read; it is rebuilt and the stale file, built from the same paths, is
removed. Tables built from other paths (another checkout, a run with or without
a user dictionary) are kept beside it: the :data:`KEPT_PER_KIND` most recently
used of each kind (``$EVENTWIRE_CACHE_ENTRIES`` to change it), the least
recently used removed first. Every entry is written under a temporary name and
renamed whole, so a crash or a second process writing at the same time never
leaves half an entry to be read. A cache that cannot be read or written is
rebuilt or skipped, with a log message: it never stops a run.

:func:`cached_arrays` keeps a table of numpy arrays the same way, one ``.npy``
file each in a folder, and reads them memory-mapped: a process holds only the
pages it reads, and processes reading the same file share them.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import pickle
import re
import shutil
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    import numpy as np

log = logging.getLogger(__name__)

T = TypeVar("T")

# Bumped when the way entries are keyed or written changes.
CACHE_FORMAT = 2
# Entries kept of each kind, built from different paths: enough for two checkouts
# and a run with and without a user dictionary to stop rebuilding each other's.
KEPT_PER_KIND = 3
_UNREADABLE = (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError, ImportError,
               IndexError, KeyError)


def cache_dir() -> Path:
    """Where built tables are kept: ``$EVENTWIRE_CACHE`` or ``$XDG_CACHE_HOME/eventwire`` or ``~/.cache/eventwire``."""
    if os.environ.get("EVENTWIRE_CACHE"):
        return Path(os.environ["EVENTWIRE_CACHE"])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "eventwire"


def kept_per_kind() -> int:
    """How many entries of each kind the cache keeps: ``$EVENTWIRE_CACHE_ENTRIES`` or :data:`KEPT_PER_KIND`."""
    value = os.environ.get("EVENTWIRE_CACHE_ENTRIES", "")
    if not value:
        return KEPT_PER_KIND
    if value.isdigit() and int(value) >= 1:
        return int(value)
    log.warning("EVENTWIRE_CACHE_ENTRIES=%r is not a whole number of 1 or more; keeping %d", value, KEPT_PER_KIND)
    return KEPT_PER_KIND


def cache_key(kind: str, sources: Iterable[Path], salt: str = "", suffix: str = ".pickle") -> str:
    """The file name of a table of ``kind`` built from ``sources`` (their paths, then their bytes) and ``salt``.

    Raises:
        OSError: a source cannot be read (the build would fail on it too).
    """
    paths = [Path(path).resolve() for path in sources]
    where = hashlib.sha1(f"{CACHE_FORMAT}|{sys.version_info[:2]}|{kind}".encode())
    what = hashlib.sha1(salt.encode())
    for path in paths:
        where.update(f"\0{path}\0".encode())
        what.update(b"\0" + path.read_bytes())
    return f"{kind}-{where.hexdigest()[:12]}-{what.hexdigest()[:20]}{suffix}"


def cached(kind: str, sources: Iterable[Path], build: Callable[[], T], salt: str = "", use_cache: bool = True) -> T:
    """What ``build()`` returns, read from the cache when its sources are unchanged, else built and cached.

    Args:
        kind: names the table; the most recently used files of each kind are kept.
        sources: every file the build reads, the code that builds it included.
        build: makes the table; its errors pass through and nothing is cached.
        salt: anything else that shapes the table (library versions, options).
        use_cache: False builds without reading or writing the cache.
    """
    if not use_cache:
        return build()
    t0 = time.perf_counter()
    try:
        path = cache_dir() / cache_key(kind, sources, salt)
    except OSError as exc:
        log.debug("no cache for %s: %s", kind, exc)
        return build()
    if path.exists():
        try:
            with path.open("rb") as fh:
                value = pickle.load(fh)
            _touch(path)
            log.info("%s read from %s in %.2fs", kind, path, time.perf_counter() - t0)
            return value
        except _UNREADABLE as exc:
            log.warning("cached %s %s unreadable (%s); rebuilding", kind, path, exc)
    value = build()
    log.info("%s built in %.2fs", kind, time.perf_counter() - t0)
    _write(path, value)
    return value


def _write(path: Path, value: object) -> None:
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tmp.open("wb") as fh:
            pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(path)  # atomic: a process reading the cache sees the old file or the whole new one
    except (OSError, pickle.PicklingError, TypeError, AttributeError) as exc:
        with contextlib.suppress(OSError):  # a half-written table is never left behind
            tmp.unlink()
        log.warning("%s not cached in %s: %s", path.name.split("-")[0], path.parent, exc)
        return
    _touch(path)
    _evict(path, ".pickle")


def _touch(entry: Path) -> None:
    """Mark ``entry`` as used now: eviction removes the entries used longest ago."""
    now = time.time_ns()
    try:
        os.utime(entry, ns=(now, now))
    except OSError as exc:  # removed by another process meanwhile: it was still read whole
        log.debug("cache %s not marked used: %s", entry, exc)


def _evict(entry: Path, suffix: str) -> None:
    """Remove the entries of ``entry``'s kind that are stale or beyond the most recently used few.

    Stale: built from the same paths as ``entry`` but other bytes, or written
    in an older format. Entries another process removes meanwhile are skipped.
    """
    kind, where = entry.name.rsplit("-", 2)[:2]
    name = re.compile(rf"{re.escape(kind)}-(?:([0-9a-f]{{12}})-)?[0-9a-f]{{20}}{re.escape(suffix)}")
    others: list[tuple[int, Path]] = []
    for old in entry.parent.glob(f"{kind}-*{suffix}"):
        match = name.fullmatch(old.name)
        if old == entry or not match:
            continue
        try:
            used = old.stat().st_mtime_ns
        except OSError:
            continue
        if match.group(1) in (None, where):
            _remove(old)
        else:
            others.append((used, old))
    for _, old in sorted(others, reverse=True)[kept_per_kind() - 1:]:
        _remove(old)


def _remove(entry: Path) -> None:
    try:
        shutil.rmtree(entry) if entry.is_dir() else entry.unlink()
    except OSError as exc:
        log.debug("cache %s not removed: %s", entry, exc)


def cached_arrays(kind: str, sources: Iterable[Path], build: Callable[[], dict[str, np.ndarray]],
                  salt: str = "") -> dict[str, np.ndarray]:
    """The arrays ``build()`` returns, by name, read memory-mapped from the cache when its sources are unchanged.

    Arguments as for :func:`cached`. Names must be usable as file names; arrays
    must not hold Python objects. When the cache cannot be written the arrays
    are returned as built, in memory.
    """
    import numpy as np

    t0 = time.perf_counter()
    try:
        folder = cache_dir() / cache_key(kind, sources, salt, suffix=".arrays")
    except OSError as exc:
        log.debug("no cache for %s: %s", kind, exc)
        return build()
    if folder.is_dir():
        try:
            arrays = {p.stem: np.load(p, mmap_mode="r", allow_pickle=False) for p in sorted(folder.glob("*.npy"))}
            _touch(folder)
            log.info("%s mapped from %s in %.2fs", kind, folder, time.perf_counter() - t0)
            return arrays
        except _UNREADABLE as exc:
            log.warning("cached %s %s unreadable (%s); rebuilding", kind, folder, exc)
            shutil.rmtree(folder, ignore_errors=True)
    arrays = build()
    log.info("%s built in %.2fs", kind, time.perf_counter() - t0)
    if not _write_arrays(folder, arrays):
        return arrays
    return cached_arrays(kind, sources, lambda: arrays, salt)


def _write_arrays(folder: Path, arrays: dict[str, np.ndarray]) -> bool:
    """Write the arrays into ``folder`` whole or not at all; False when they could not be written."""
    import numpy as np

    tmp = folder.with_name(f"{folder.name}.{os.getpid()}.tmp")
    try:
        tmp.mkdir(parents=True, exist_ok=True)
        for name, array in arrays.items():
            np.save(tmp / f"{name}.npy", array, allow_pickle=False)
        tmp.rename(folder)  # atomic: a reader sees no folder or the whole one
    except (OSError, ValueError) as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        if folder.is_dir():  # another process wrote the same table first
            return True
        log.warning("%s not cached in %s: %s", folder.name.split("-")[0], folder.parent, exc)
        return False
    _touch(folder)
    _evict(folder, ".arrays")
    return True
