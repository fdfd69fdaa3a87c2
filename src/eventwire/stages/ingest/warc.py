"""WARC web archives, through warcio: each HTML response record an article, its address as its id.

Records that are not pages (requests, metadata, images, scripts, redirects and
error pages) are passed over, as a crawl is full of them; a page in which no
article text is found is reported like any bad record, with its number.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from eventwire.extras import require
from eventwire.records import Article, Problem
from eventwire.stages.ingest.fields import OnProblem, articles_from_records, problem_at
from eventwire.stages.ingest.html import NoArticleText, page_fields

log = logging.getLogger(__name__)

_HTML_TYPES = ("text/html", "application/xhtml+xml")


def read_warc(path: Path, on_problem: OnProblem) -> Iterator[Article]:
    """Articles from a WARC file (plain or gzip-compressed record by record), one per HTML page response."""
    require("warcio", "reading WARC archives")
    return articles_from_records(path, _pages(path, on_problem), on_problem, unit="record")


def _pages(path: Path, on_problem: OnProblem) -> Iterator[tuple[int, dict[str, Any]]]:
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    number = 0
    try:
        with path.open("rb") as fh:
            for number, record in enumerate(ArchiveIterator(fh), start=1):
                fields = _page(path, number, record, on_problem)
                if fields is not None:
                    yield number, fields
    except ArchiveLoadFailed as exc:
        on_problem(problem_at(path, number + 1, f"not a readable WARC record, nothing read from here on: {exc}", "record"))
    except OSError as exc:
        on_problem(Problem(str(path), None, f"cannot read file: {exc.strerror or exc}"))


def _page(path: Path, number: int, record: Any, on_problem: OnProblem) -> dict[str, Any] | None:
    if record.rec_type != "response" or record.http_headers is None:
        return None
    status = record.http_headers.get_statuscode()
    content_type = (record.http_headers.get_header("Content-Type") or "").split(";")[0].strip().lower()
    if not status.startswith("2") or content_type not in _HTML_TYPES:
        log.debug("%s: record %d passed over: HTTP %s %s", path, number, status, content_type or "no type")
        return None
    # The page's address is its id, as a feed entry's guid usually is: a later capture of the page replaces it.
    url = record.rec_headers.get_header("WARC-Target-URI")
    rid = url or (record.rec_headers.get_header("WARC-Record-ID") or "").strip("<>") or None
    try:
        return {**page_fields(record.content_stream().read(), url=url), "id": rid}
    except NoArticleText as exc:
        on_problem(problem_at(path, number, f"{exc} ({url})", "record", rid))
        return None
