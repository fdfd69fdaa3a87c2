"""Plain-text files: one article each, the id from the file name."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from eventwire.records import Article, Problem
from eventwire.stages.ingest.fields import OnProblem, parse_published
from eventwire.stages.ingest.language import language_of
from eventwire.stages.ingest.markup import readable_text
from eventwire.stages.ingest.source import read_text as read_file_text

_TEXT_DATE = re.compile(r"\A\s*date\s+(\S+)\s+", re.IGNORECASE)


def article_id(path: Path) -> str:
    """The id of a one-article file: its name without the extensions (``.txt``, ``.html.gz``, ...)."""
    name = path.name
    for suffix in reversed(path.suffixes):
        if name.lower().endswith(suffix.lower()) and len(name) > len(suffix):
            name = name[: -len(suffix)]
            if suffix.lower() != ".gz":
                break
    return name


def read_text(path: Path, on_problem: OnProblem) -> Iterator[Article]:
    """One article from a plain-text file; a leading ``date YYYY-MM-DD`` gives its date."""
    text = read_file_text(path, on_problem)
    if text is None:
        return
    rid = article_id(path)
    published = None
    match = _TEXT_DATE.match(text)
    if match:
        try:
            published = parse_published(match.group(1))
        except ValueError as exc:
            on_problem(Problem(str(path), 1, str(exc), rid))
            return
        text = text[match.end():]
    text = readable_text(text)
    if not text.strip():
        on_problem(Problem(str(path), 1, "empty text", rid))
        return
    yield Article(id=rid, text=text.strip(), published=published, lang=language_of(text), origin=f"{path}:1")
