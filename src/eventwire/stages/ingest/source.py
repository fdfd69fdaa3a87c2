"""Opening input files: gzip undone whatever the name says, UTF-8 checked, the first bytes for sniffing."""

from __future__ import annotations

import gzip
import zlib
from pathlib import Path
from typing import IO

from eventwire.stages.ingest.fields import OnProblem
from eventwire.records import Problem

GZIP_MAGIC = b"\x1f\x8b"
SNIFF_BYTES = 2048
# What reading a truncated or corrupt gzip stream raises (BadGzipFile is an OSError: catch it first).
DAMAGED_GZIP = (gzip.BadGzipFile, EOFError, zlib.error)


def is_gzip(path: Path) -> bool:
    """Whether the file is gzip-compressed, by its first bytes (names can lie)."""
    try:
        with path.open("rb") as fh:
            return fh.read(2) == GZIP_MAGIC
    except OSError:
        return False


def open_bytes(path: Path) -> IO[bytes]:
    """The file's bytes, decompressed on the fly if it is gzip.

    Raises:
        OSError: the file cannot be opened.
    """
    return gzip.open(path, "rb") if is_gzip(path) else path.open("rb")


def head(path: Path) -> bytes:
    """The first bytes of the (decompressed) file, for telling its kind; empty if unreadable."""
    try:
        with open_bytes(path) as fh:
            return fh.read(SNIFF_BYTES)
    except (OSError, *DAMAGED_GZIP):
        return b""


def read_bytes(path: Path, on_problem: OnProblem) -> bytes | None:
    """All the (decompressed) bytes of a file, or None after reporting why it cannot be read."""
    try:
        with open_bytes(path) as fh:
            return fh.read()
    except DAMAGED_GZIP as exc:
        on_problem(Problem(str(path), None, f"damaged gzip data: {exc}"))
    except OSError as exc:
        on_problem(Problem(str(path), None, f"cannot read file: {exc.strerror or exc}"))
    return None


def read_text(path: Path, on_problem: OnProblem) -> str | None:
    """A file's text as UTF-8 (a byte-order mark is dropped), or None after reporting the line that is not."""
    data = read_bytes(path, on_problem)
    if data is None:
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        on_problem(Problem(str(path), line, f"not UTF-8 (byte {exc.start}); re-encode the file as UTF-8"))
        return None
