"""HTML pages: the main text, title, publication date, URL and site of a news page, through trafilatura.

trafilatura finds the article in the page and leaves out navigation, scripts,
comments and footers; its date finder (htmldate) reads the page's metadata,
time elements and URL. The publication date is taken only from those, never
guessed from dates mentioned in the text.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from eventwire.extras import require
from eventwire.records import Article, Problem
from eventwire.stages.ingest.fields import OnProblem, article_from_fields
from eventwire.stages.ingest.plain import article_id
from eventwire.stages.ingest.source import read_bytes

# Metadata, time elements and the URL only: a date in the body text is an event's, not the page's.
_DATE_PARAMS = {"extensive_search": False, "original_date": True}


class NoArticleText(ValueError):
    """The page has no text that reads as an article."""


def page_fields(page: bytes | str, url: str | None = None) -> dict[str, Any]:
    """The article fields of an HTML page: ``text``, ``title``, ``published``, ``url``, ``source``.

    Args:
        page: the page's HTML, as bytes (its declared or detected encoding is used) or text.
        url: where the page was fetched from, when known; the page's own canonical URL wins.

    Raises:
        NoArticleText: nothing in the page reads as article text.
        MissingExtraError: the ``news`` extra is not installed.
    """
    trafilatura = require("trafilatura", "reading HTML pages")
    doc = trafilatura.bare_extraction(
        page, url=url, with_metadata=True, include_comments=False, date_extraction_params=dict(_DATE_PARAMS),
    )
    text = getattr(doc, "text", None) if doc is not None else None
    if not text or not text.strip():
        raise NoArticleText("no article text found in the page")
    return {
        "text": text,
        "title": doc.title,
        "published": doc.date,
        "url": doc.url or url,
        "source": doc.sitename,
    }


def read_html(path: Path, on_problem: OnProblem) -> Iterator[Article]:
    """One article from a saved HTML page; the id is the file name without extensions."""
    data = read_bytes(path, on_problem)
    if data is None:
        return
    rid = article_id(path)
    try:
        fields = page_fields(data)
        yield article_from_fields({**fields, "id": rid}, f"{path}:1")
    except ValueError as exc:
        on_problem(Problem(str(path), None, str(exc), rid))
