"""Article fields from a record: the id, the text and the publication date, checked.

Every reader that gets named fields (a JSON object, a CSV row, a feed entry, a
page's metadata) turns them into an :class:`~eventwire.records.Article` here,
so each input kind checks them the same way.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from eventwire.records import Article, Problem, iso_date
from eventwire.stages.ingest.language import given_language, language_of
from eventwire.stages.ingest.markup import readable_text

FIELDS = ("id", "text", "date", "published", "title", "url", "source", "lang")
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
    """Build an Article from a JSONL object, CSV row, feed entry or page.

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
    # Offsets point into the stored text: for markup, the text with its markup stripped.
    text = readable_text(text)
    if not text.strip():
        raise ValueError("'text' holds markup and no readable text")
    raw_date = fields.get("published")
    if raw_date in (None, ""):
        raw_date = fields.get("date")
    published = parse_published(raw_date)
    return Article(
        id=str(record_id).strip(),
        text=text,
        published=published,
        title=optional(fields.get("title")),
        url=optional(fields.get("url")),
        source=optional(fields.get("source")),
        lang=given_language(optional(fields.get("lang"))) or language_of(text),
        origin=origin,
    )


def optional(value: Any) -> str | None:
    """A field's value as stripped text, or None when it is missing or blank."""
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def record_id(fields: dict[str, Any]) -> str | None:
    """The id a record gives, if any, to name it in a problem report."""
    rid = fields.get("id")
    return str(rid) if rid not in (None, "") else None


def articles_from_records(
    path: Path, records: Iterable[tuple[int, dict[str, Any]]], on_problem: OnProblem, unit: str = "line",
) -> Iterator[Article]:
    """Articles from numbered records of a file; a record that cannot be one is reported and skipped.

    Args:
        path: the file the records come from.
        records: (number, fields) pairs; the number is a line for ``unit="line"``,
            else the record's place in the file (``"entry"`` of a feed, ``"record"`` of an archive).
        on_problem: called with each bad record.
        unit: what the numbers count.
    """
    for number, fields in records:
        where = f"{path}:{number}" if unit == "line" else f"{path}:{unit} {number}"
        try:
            yield article_from_fields(fields, where)
        except ValueError as exc:
            on_problem(problem_at(path, number, str(exc), unit, record_id(fields)))


def problem_at(path: Path, number: int | None, reason: str, unit: str = "line", rid: str | None = None) -> Problem:
    """A problem at a line of a file, or at a numbered entry or record of it."""
    if unit == "line" or number is None:
        return Problem(str(path), number, reason, rid)
    return Problem(str(path), None, f"{unit} {number}: {reason}", rid)
