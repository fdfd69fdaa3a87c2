"""Which files are input and which reader reads each: by extension, checked by content where names lie."""

from __future__ import annotations

import itertools
import logging
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path

from eventwire.errors import InputError, NothingToCode
from eventwire.records import Article, Problem
from eventwire.stages.ingest.feeds import read_feed
from eventwire.stages.ingest.fields import OnProblem
from eventwire.stages.ingest.html import read_html
from eventwire.stages.ingest.plain import read_text
from eventwire.stages.ingest.source import DAMAGED_GZIP, head, open_bytes
from eventwire.stages.ingest.tabular import read_csv, read_jsonl
from eventwire.stages.ingest.warc import read_warc

log = logging.getLogger(__name__)

Reader = Callable[[Path, OnProblem], Iterator[Article]]

# Extensions of each kind; any of them may also end in .gz.
KINDS: dict[str, tuple[str, ...]] = {
    "jsonl": (".jsonl", ".ndjson"),
    "csv": (".csv",),
    "text": (".txt",),
    "html": (".html", ".htm", ".xhtml"),
    "feed": (".rss", ".atom", ".xml"),
    "warc": (".warc",),
}
READERS: dict[str, Reader] = {
    "jsonl": read_jsonl, "csv": read_csv, "text": read_text, "html": read_html, "feed": read_feed, "warc": read_warc,
}
SUFFIXES = frozenset(s for suffixes in KINDS.values() for s in suffixes)
_BY_SUFFIX = {s: kind for kind, suffixes in KINDS.items() for s in suffixes}
# The first element of a markup file, after any XML declaration, doctype, comments and white space.
_FIRST_ELEMENT = re.compile(rb"\A(?:\xef\xbb\xbf)?(?:\s+|<\?xml[^>]*\?>|<!--.*?-->)*<(!doctype\s+html|[a-z][\w:.-]*)", re.I | re.S)
_FEED_ROOTS = frozenset({b"rss", b"feed", b"rdf:rdf"})


def _named_kind(path: Path) -> str | None:
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes.pop()
    return _BY_SUFFIX.get(suffixes[-1]) if suffixes else None


def kind_of(path: Path) -> str | None:
    """The kind of an input file: its extension's, unless its first bytes say otherwise; None if not input.

    A WARC file is known by its first line whatever its name; a markup file
    (``.html``, ``.rss``, ``.atom``, ``.xml``) by its first element, so a feed
    saved as ``.html`` is read as a feed, and an ``.xml`` file that is no feed
    is not input.
    """
    named = _named_kind(path)
    if named not in ("html", "feed", "warc", None):
        return named
    start = head(path)
    if start.startswith(b"WARC/"):
        return "warc"
    if named in (None, "warc"):
        return named
    match = _FIRST_ELEMENT.match(start)
    root = match.group(1).lower() if match else b""
    if root in _FEED_ROOTS:
        return "feed"
    if root.startswith(b"!doctype") or root in (b"html", b"head", b"body"):
        return "html"
    return None if path.suffix.lower() == ".xml" or path.name.lower().endswith(".xml.gz") else named


def input_files(paths: Iterable[str | Path], on_problem: OnProblem) -> Iterator[Path]:
    """The readable input files under the given paths, folders searched recursively in name order."""
    for path, _kind in typed_input_files(paths, on_problem):
        yield path


def typed_input_files(paths: Iterable[str | Path], on_problem: OnProblem) -> Iterator[tuple[Path, str]]:
    """The input files under the given paths with their kinds (keys of :data:`READERS`), in name order."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file()):
                kind = None if child.name.startswith(".") else kind_of(child)
                if kind is not None:
                    yield child, kind
        elif path.is_file():
            kind = kind_of(path)
            if kind is not None:
                yield path, kind
            elif _named_kind(path) is not None:
                on_problem(Problem(str(path), None, "not an RSS or Atom feed, an HTML page or a WARC archive"))
            else:
                on_problem(Problem(str(path), None, f"unknown file type {path.suffix!r}; readable types: {', '.join(sorted(SUFFIXES))} (each also .gz)"))
        else:
            on_problem(Problem(str(path), None, "no such file or folder"))


def read_articles(paths: Iterable[str | Path], on_problem: OnProblem | None = None, strict: bool = False) -> Iterator[Article]:
    """Articles from files and folders, in order.

    Args:
        paths: files (.jsonl, .ndjson, .csv, .txt, .html, .htm, .rss, .atom, .xml, .warc, each also .gz) and
            folders of them.
        on_problem: called with each bad record, which is then skipped [default: a logged warning].
        strict: raise InputError at the first bad record instead.

    Raises:
        InputError: with ``strict``, at the first bad record.
        MissingExtraError: a page, feed or archive is read without the ``news`` extra installed.
    """

    def report(problem: Problem) -> None:
        if strict:
            raise InputError(str(problem))
        if on_problem is None:
            log.warning("skipped %s", problem)
        else:  # the caller reports it; a warning too would say it twice
            log.debug("skipped %s", problem)
            on_problem(problem)

    for path, kind in typed_input_files(paths, report):
        yield from READERS[kind](path, report)


def refuse_missing(paths: Iterable[str | Path]) -> None:
    """Refuse inputs of which a path does not exist (most often a typo), before anything is read.

    Raises:
        NothingToCode: naming every missing path.
    """
    missing = [str(path) for path in paths if not Path(path).exists()]
    if missing:
        raise NothingToCode(f"no such file or folder: {', '.join(missing)}; nothing was coded.")


def nothing_to_code(paths: Iterable[str | Path], problems: Sequence[Problem]) -> NothingToCode:
    """The error of inputs that gave no article: every record skipped, or no record at all."""
    where = ", ".join(map(str, paths))
    if problems:
        why = f"every record of {where} was skipped ({len(problems)} skipped records)"
    else:
        why = f"{where} holds no records (readable files: {', '.join(sorted(SUFFIXES))})"
    return NothingToCode(f"nothing to code: {why}; the store was not changed.")


def some_articles(articles: Iterator[Article], paths: Sequence[str | Path], problems: Sequence[Problem]) -> Iterator[Article]:
    """The articles, after reading up to the first one; none at all raises before anything is stored.

    Raises:
        NothingToCode: the inputs gave no article (``problems`` holds what was skipped).
    """
    first = next(articles, None)
    if first is None:
        raise nothing_to_code(paths, problems)
    return itertools.chain([first], articles)


def count_records(paths: Iterable[str | Path]) -> int:
    """A quick count of the records under the given paths, for progress and ETA.

    JSONL counts non-blank lines, CSV lines after the header (a multi-line
    field counts more than once), feeds their item and entry tags, archives
    their response records, other files one each.
    """
    total = 0
    for path, kind in typed_input_files(paths, lambda problem: None):
        if kind in ("text", "html"):
            total += 1
            continue
        try:
            total += _count(path, kind)
        except (OSError, *DAMAGED_GZIP):
            continue
    return total


_MARKS = {"feed": (b"<item", b"<entry"), "warc": (b"WARC-Type: response",)}


def _count(path: Path, kind: str) -> int:
    with open_bytes(path) as fh:
        if kind in _MARKS:
            return sum(line.count(mark) for line in fh for mark in _MARKS[kind])
        lines = sum(1 for line in fh if line.strip())
    return lines - 1 if kind == "csv" and lines else lines
