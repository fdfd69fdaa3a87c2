"""RSS and Atom feeds, through feedparser: each entry an article with its date, title and link.

An entry's text is its full content where the feed gives it, else its summary;
feedparser has already removed scripts and unsafe markup, and the rest of the
markup is read off with an HTML parser.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import logging
import xml.sax
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from eventwire.extras import require
from eventwire.records import Article, Problem
from eventwire.stages.ingest.fields import OnProblem, articles_from_records, parse_published
from eventwire.stages.ingest.markup import html_text
from eventwire.stages.ingest.source import read_bytes

log = logging.getLogger(__name__)

_MARKUP_TYPES = ("text/html", "application/xhtml+xml")


def read_feed(path: Path, on_problem: OnProblem) -> Iterator[Article]:
    """Articles from an RSS 2.0, RSS 1.0 or Atom feed, one per entry."""
    data = read_bytes(path, on_problem)
    if data is None:
        return iter(())
    feedparser = require("feedparser", "reading RSS and Atom feeds")
    feed = feedparser.parse(data)
    exc = feed.get("bozo_exception")
    if isinstance(exc, xml.sax.SAXParseException):
        # feedparser still gives the entries before the break: they are read, the break is reported.
        on_problem(Problem(str(path), exc.getLineNumber(), f"not a well-formed RSS or Atom feed: {exc.getMessage()}"
                           + ("; the entries before it are read" if feed.entries else "")))
    elif feed.bozo:
        log.warning("%s: feed read despite a problem: %s", path, exc)
    source = feed.feed.get("title")
    entries = ((n, entry_fields(entry, source)) for n, entry in enumerate(feed.entries, start=1))
    return articles_from_records(path, entries, on_problem, unit="entry")


def entry_fields(entry: Any, source: str | None = None) -> dict[str, Any]:
    """The article fields of one feed entry: id (its guid, else its link), text, title, date, url."""
    return {
        "id": entry.get("id") or entry.get("link"),
        "text": _entry_text(entry),
        "title": _plain(entry.get("title_detail"), entry.get("title")),
        "published": _entry_date(entry),
        "url": entry.get("link"),
        "source": source,
    }


def _entry_text(entry: Any) -> str | None:
    for detail in [*entry.get("content", []), entry.get("summary_detail")]:
        if detail and detail.get("value", "").strip():
            return _plain(detail, detail["value"])
    return None


def _plain(detail: Any, value: str | None) -> str | None:
    if value is None:
        return None
    if detail is not None and detail.get("type") in _MARKUP_TYPES:
        return html_text(value)
    return value.strip()


def _entry_date(entry: Any) -> dt.date | str | None:
    """The entry's publication date (else its update date) as written, in its own time zone.

    RSS writes RFC 822 dates, Atom ISO 8601; feedparser's own reading converts
    to UTC, which can move a late-evening date to the next day, so it is used
    only for the forms read here do not cover. An unreadable date string is
    passed on, to be reported.
    """
    for key in ("published", "updated"):
        raw = entry.get(key)
        if not raw:
            continue
        try:
            return parse_published(raw)
        except ValueError:
            pass
        try:
            return email.utils.parsedate_to_datetime(raw).date()
        except (TypeError, ValueError, IndexError):
            pass
        parsed = entry.get(f"{key}_parsed")
        return dt.date(parsed.tm_year, parsed.tm_mon, parsed.tm_mday) if parsed else raw
    return None
