"""Ingest: read articles from JSONL, CSV and text files, HTML pages, RSS/Atom feeds, WARC archives, and folders.

Every reader yields :class:`~eventwire.records.Article` records. A record that
cannot be used becomes a :class:`~eventwire.records.Problem` naming the file,
the line (or the entry or record number) and the reason; reading goes on with
the next record, unless the caller asks for strict reading, where the first
problem raises :class:`~eventwire.errors.InputError`.

JSONL, CSV and text need nothing beyond the core install; pages, feeds and
archives need the ``news`` extra (trafilatura, feedparser, warcio), and say so
when it is missing.
"""

from eventwire.stages.ingest.fields import FIELDS, article_from_fields, parse_published
from eventwire.stages.ingest.files import (
    KINDS,
    READERS,
    SUFFIXES,
    count_records,
    input_files,
    kind_of,
    nothing_to_code,
    read_articles,
    refuse_missing,
    some_articles,
    typed_input_files,
)

__all__ = [
    "FIELDS", "KINDS", "READERS", "SUFFIXES", "article_from_fields", "count_records", "input_files", "kind_of",
    "nothing_to_code", "parse_published", "read_articles", "refuse_missing", "some_articles", "typed_input_files",
]
