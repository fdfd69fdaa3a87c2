"""Built tables kept between processes, rebuilt when what they are built from changes.

Building some tables costs more than reading them: the gazetteer reads some
70,000 cities, the actor lexicon splits thousands of names with spaCy's
tokenizer. :func:`cached` keeps what a build returns as a pickle in the user's
cache directory, under a name made from the hash of every file the build
reads (data files, the user's dictionaries and the code that builds it) and of
the versions of the libraries that shape it. A changed source gives a new name,
so a stale table is never read; it is rebuilt and the old file removed. A cache
that cannot be read or written is rebuilt or skipped, with a log message: it
never stops a run.

:func:`cached_arrays` keeps a table of numpy arrays the same way, one ``.npy``
file each in a folder, and reads them memory-mapped: a process holds only the
pages it reads, and processes reading the same file share them.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
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
CACHE_FORMAT = 1
_UNREADABLE = (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError, ImportError,
               IndexError, KeyError)


def cache_dir() -> Path:
    """Where built tables are kept: ``$EVENTWIRE_CACHE`` or ``$XDG_CACHE_HOME/eventwire`` or ``~/.cache/eventwire``."""
    if os.environ.get("EVENTWIRE_CACHE"):
        return Path(os.environ["EVENTWIRE_CACHE"])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "eventwire"


def cache_key(kind: str, sources: Iterable[Path], salt: str = "", suffix: str = ".pickle") -> str:
    """The file name of a table of ``kind`` built from ``sources`` (their paths and bytes) and ``salt``.

    Raises:
        OSError: a source cannot be read (the build would fail on it too).
    """
    h = hashlib.sha1(f"{CACHE_FORMAT}|{sys.version_info[:2]}|{kind}|{salt}".encode())
    for path in sources:
        h.update(f"\0{Path(path).resolve()}\0".encode())
        h.update(Path(path).read_bytes())
    return f"{kind}-{h.hexdigest()[:20]}{suffix}"


def cached(kind: str, sources: Iterable[Path], build: Callable[[], T], salt: str = "", use_cache: bool = True) -> T:
    """What ``build()`` returns, read from the cache when its sources are unchanged, else built and cached.

    Args:
        kind: names the table; one file of each kind is kept.
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
            log.info("%s read from %s in %.2fs", kind, path, time.perf_counter() - t0)
            return value
        except _UNREADABLE as exc:
            log.warning("cached %s %s unreadable (%s); rebuilding", kind, path, exc)
    value = build()
    log.info("%s built in %.2fs", kind, time.perf_counter() - t0)
    _write(path, value)
    return value


def _write(path: Path, value: object) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        with tmp.open("wb") as fh:
            pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(path)  # atomic: a process reading the cache sees the old file or the whole new one
    except (OSError, pickle.PicklingError, TypeError, AttributeError) as exc:
        log.warning("%s not cached in %s: %s", path.name.split("-")[0], path.parent, exc)
        return
    _remove_stale(path, ".pickle")


def _remove_stale(path: Path, suffix: str) -> None:
    """Remove the other entries of ``path``'s kind: tables built from sources since changed."""
    kind = path.name.rsplit("-", 1)[0]
    for old in path.parent.glob(f"{kind}-*{suffix}"):
        if old != path and old.name.rsplit("-", 1)[0] == kind:
            try:
                shutil.rmtree(old) if old.is_dir() else old.unlink()
            except OSError as exc:
                log.debug("stale cache %s not removed: %s", old, exc)


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
    _remove_stale(folder, ".arrays")
    return True
