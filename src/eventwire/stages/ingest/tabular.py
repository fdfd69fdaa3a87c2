"""JSON Lines and CSV files, plain or gzip-compressed: one article per record."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from eventwire.records import Article, Problem
from eventwire.stages.ingest.fields import FIELDS, OnProblem, articles_from_records
from eventwire.stages.ingest.source import DAMAGED_GZIP, open_bytes, read_text


def read_jsonl(path: Path, on_problem: OnProblem) -> Iterator[Article]:
    """Articles from a JSON Lines file, one object per line."""
    return articles_from_records(path, _jsonl_objects(path, on_problem), on_problem)


def _jsonl_objects(path: Path, on_problem: OnProblem) -> Iterator[tuple[int, dict[str, Any]]]:
    number = 0
    try:
        with open_bytes(path) as fh:
            for number, raw in enumerate(fh, start=1):
                obj = _json_object(path, number, raw, on_problem)
                if obj is not None:
                    yield number, obj
    except DAMAGED_GZIP as exc:
        on_problem(Problem(str(path), number + 1, f"damaged gzip data, nothing read from here on: {exc}"))
    except OSError as exc:
        on_problem(Problem(str(path), None, f"cannot read file: {exc.strerror or exc}"))


def _json_object(path: Path, number: int, raw: bytes, on_problem: OnProblem) -> dict[str, Any] | None:
    if not raw.strip():
        return None
    try:
        # Without its line ending: an object cut short is then reported at its own end,
        # not at column 1 of a line that is not in the file.
        line = raw.decode("utf-8").rstrip("\r\n")
    except UnicodeDecodeError as exc:
        on_problem(Problem(str(path), number, f"not UTF-8 (byte {exc.start} of the line); re-encode the file as UTF-8"))
        return None
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        on_problem(Problem(str(path), number, f"malformed JSON: {exc.msg} at column {exc.colno}"))
        return None
    if not isinstance(obj, dict):
        on_problem(Problem(str(path), number, f"expected a JSON object, got {type(obj).__name__}"))
        return None
    return obj


def read_csv(path: Path, on_problem: OnProblem) -> Iterator[Article]:
    """Articles from a CSV file with a header row naming the fields."""
    return articles_from_records(path, _csv_rows(path, on_problem), on_problem)


def _csv_rows(path: Path, on_problem: OnProblem) -> Iterator[tuple[int, dict[str, Any]]]:
    text = read_text(path, on_problem)
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
        yield number, row
