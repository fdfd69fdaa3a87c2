"""Ingest: read articles from JSONL, CSV, plain-text files and folders of them.

Every reader yields :class:`~eventwire.records.Article` records. A record that
cannot be used becomes a :class:`~eventwire.records.Problem` naming the file,
the line and the reason; reading goes on with the next record, unless the
caller asks for strict reading, where the first problem raises
:class:`~eventwire.errors.InputError`.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import logging
import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from eventwire.errors import InputError
from eventwire.records import Article, Problem, iso_date

log = logging.getLogger(__name__)

JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
CSV_SUFFIXES = frozenset({".csv"})
TEXT_SUFFIXES = frozenset({".txt"})
SUFFIXES = JSONL_SUFFIXES | CSV_SUFFIXES | TEXT_SUFFIXES

FIELDS = ("id", "text", "date", "published", "title", "url", "source", "lang")
_TEXT_DATE = re.compile(r"\A\s*date\s+(\S+)\s+", re.IGNORECASE)
# ISO dates and timestamps, the forms news feeds and scrapers write.
_DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y%m%d")

OnProblem = Callable[[Problem], None]


def parse_published(value: Any) -> dt.date | None:
    """A publication date from a record field: ISO date or timestamp, or empty for none.

    Raises:
        ValueError: the value is not a date, with the accepted forms.
    """
    if isinstance(value, dt.datetime):
        return value.date()
    try:
        return iso_date(value)
    except ValueError:
        pass
    text = str(value).strip()
    for fmt in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            pass
    try:
        return dt.datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        raise ValueError(
            f"invalid date {text!r}: expected YYYY-MM-DD or an ISO 8601 timestamp"
        ) from None


def article_from_fields(fields: dict[str, Any], origin: str) -> Article:
    """Build an Article from a JSONL object or CSV row.

    Raises:
        ValueError: a required field is missing or a field is invalid.
    """
    record_id = fields.get("id")
    if record_id is None or str(record_id).strip() == "":
        raise ValueError("missing 'id'")
    text = fields.get("text")
    if not isinstance(text, str):
        raise ValueError("missing 'text'" if text is None else f"'text' must be a string, not {type(text).__name__}")
    if not text.strip():
        raise ValueError("empty 'text'")
    raw_date = fields.get("published")
    if raw_date in (None, ""):
        raw_date = fields.get("date")
    published = parse_published(raw_date)
    return Article(
        id=str(record_id).strip(),
        text=text,
        published=published,
        title=_optional(fields.get("title")),
        url=_optional(fields.get("url")),
        source=_optional(fields.get("source")),
        lang=_optional(fields.get("lang")) or "en",
        origin=origin,
    )


def _optional(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def read_jsonl(path: Path, on_problem: OnProblem) -> Iterator[Article]:
    """Articles from a JSON Lines file, one object per line."""
    with path.open("rb") as fh:
        for number, raw in enumerate(fh, start=1):
            if not raw.strip():
                continue
            try:
                # Without its line ending: an object cut short is then reported at its own end,
                # not at column 1 of a line that is not in the file.
                line = raw.decode("utf-8").rstrip("\r\n")
            except UnicodeDecodeError as exc:
                on_problem(Problem(str(path), number, f"not UTF-8 (byte {exc.start} of the line); re-encode the file as UTF-8"))
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                on_problem(Problem(str(path), number, f"malformed JSON: {exc.msg} at column {exc.colno}"))
                continue
            if not isinstance(obj, dict):
                on_problem(Problem(str(path), number, f"expected a JSON object, got {type(obj).__name__}"))
                continue
            try:
                yield article_from_fields(obj, f"{path}:{number}")
            except ValueError as exc:
                on_problem(Problem(str(path), number, str(exc), _record_id(obj)))


def read_csv(path: Path, on_problem: OnProblem) -> Iterator[Article]:
    """Articles from a CSV file with a header row naming the fields."""
    text = _read_text(path, on_problem)
    if text is None:
        return
    reader = csv.DictReader(io.StringIO(text, newline=""))
    if not reader.fieldnames or "text" not in reader.fieldnames or "id" not in reader.fieldnames:
        on_problem(Problem(str(path), 1, f"CSV header must name 'id' and 'text' (found {reader.fieldnames}); fields: {', '.join(FIELDS)}"))
        return
    line = reader.line_num
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            on_problem(Problem(str(path), reader.line_num, f"malformed CSV: {exc}"))
            return
        number, line = line + 1, reader.line_num
        try:
            yield article_from_fields(row, f"{path}:{number}")
        except ValueError as exc:
            on_problem(Problem(str(path), number, str(exc), _record_id(row)))


def read_text(path: Path, on_problem: OnProblem) -> Iterator[Article]:
    """One article from a plain-text file; a leading ``date YYYY-MM-DD`` gives its date."""
    text = _read_text(path, on_problem)
    if text is None:
        return
    published = None
    match = _TEXT_DATE.match(text)
    if match:
        try:
            published = parse_published(match.group(1))
        except ValueError as exc:
            on_problem(Problem(str(path), 1, str(exc), path.stem))
            return
        text = text[match.end():]
    if not text.strip():
        on_problem(Problem(str(path), 1, "empty text", path.stem))
        return
    yield Article(id=path.stem, text=text.strip(), published=published, origin=f"{path}:1")


def _read_text(path: Path, on_problem: OnProblem) -> str | None:
    try:
        data = path.read_bytes()
    except OSError as exc:
        on_problem(Problem(str(path), None, f"cannot read file: {exc.strerror or exc}"))
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        on_problem(Problem(str(path), line, f"not UTF-8 (byte {exc.start}); re-encode the file as UTF-8"))
        return None


def _record_id(obj: dict[str, Any]) -> str | None:
    rid = obj.get("id")
    return str(rid) if rid not in (None, "") else None


READERS: dict[str, Callable[[Path, OnProblem], Iterator[Article]]] = {
    **{s: read_jsonl for s in JSONL_SUFFIXES},
    **{s: read_csv for s in CSV_SUFFIXES},
    **{s: read_text for s in TEXT_SUFFIXES},
}


def input_files(paths: Iterable[str | Path], on_problem: OnProblem) -> Iterator[Path]:
    """The readable input files under the given paths, folders searched recursively in name order."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file()):
                if child.suffix.lower() in SUFFIXES and not child.name.startswith("."):
                    yield child
        elif path.is_file():
            if path.suffix.lower() in SUFFIXES:
                yield path
            else:
                on_problem(Problem(str(path), None, f"unknown file type {path.suffix!r}; readable types: {', '.join(sorted(SUFFIXES))}"))
        else:
            on_problem(Problem(str(path), None, "no such file or folder"))


def read_articles(paths: Iterable[str | Path], on_problem: OnProblem | None = None, strict: bool = False) -> Iterator[Article]:
    """Articles from files and folders, in order.

    Args:
        paths: files (.jsonl, .ndjson, .csv, .txt) and folders of them.
        on_problem: called with each bad record, which is then skipped [default: a logged warning].
        strict: raise InputError at the first bad record instead.
    """

    def report(problem: Problem) -> None:
        if strict:
            raise InputError(str(problem))
        if on_problem is None:
            log.warning("skipped %s", problem)
        else:  # the caller reports it; a warning too would say it twice
            log.debug("skipped %s", problem)
            on_problem(problem)

    for path in input_files(paths, report):
        yield from READERS[path.suffix.lower()](path, report)


def count_records(paths: Iterable[str | Path]) -> int:
    """A quick count of the records under the given paths, for progress and ETA.

    JSONL counts non-blank lines, CSV lines after the header (a multi-line
    field counts more than once), text files one each.
    """
    total = 0
    for path in input_files(paths, lambda problem: None):
        suffix = path.suffix.lower()
        if suffix in TEXT_SUFFIXES:
            total += 1
            continue
        try:
            with path.open("rb") as fh:
                lines = sum(1 for line in fh if line.strip())
        except OSError:
            continue
        total += lines - 1 if suffix in CSV_SUFFIXES and lines else lines
    return total
