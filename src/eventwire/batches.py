"""Cutting a stream into batches: the unit that is parsed, coded, deduplicated and stored at once."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice
from typing import TypeVar

T = TypeVar("T")


def batched(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """Lists of up to ``size`` items, in order (itertools.batched arrives with Python 3.12)."""
    it = iter(items)
    while batch := list(islice(it, size)):
        yield batch
