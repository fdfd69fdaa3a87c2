"""The words the scorer compares: gold spans against coded actors, triggers and places.

Comparison ignores case and accents ("Bogotá" is "bogota"), reads dotted
abbreviations as one word ("U.S." is "us"), splits on everything that is not
a letter or digit ("al-Assad" is "al", "assad"), and drops the stop words of
``data/evaluation/matching.yaml``.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Sequence

from eventwire.errors import DataFileError
from eventwire.knowledge.datafile import read_yaml
from eventwire.settings import DATA_DIR

MATCHING_FILE = DATA_DIR / "evaluation" / "matching.yaml"

_WORD = re.compile(r"[^\W_]+")
_ABBREVIATION_DOT = re.compile(r"(?<=\b[^\W\d_])\.(?=[^\W\d_]\b)")


@functools.lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    """The words that span and place matching drops.

    Raises:
        DataFileError: if the matching file is missing or has no word list.
    """
    data, _node = read_yaml(MATCHING_FILE, "evaluation matching file")
    listed = data.get("stop_words") if isinstance(data, dict) else None
    if not isinstance(listed, str):
        raise DataFileError(f"{MATCHING_FILE}: 'stop_words' must be words separated by spaces")
    return frozenset(w.casefold() for w in listed.split())


def plain(text: str) -> str:
    """``text`` lower-cased, without accents, with dotted abbreviations closed up."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return _ABBREVIATION_DOT.sub("", bare)


def content_words(text: str | None) -> tuple[str, ...]:
    """The words of ``text`` that can name something, in order (see the module doc)."""
    if not text:
        return ()
    stop = stop_words()
    return tuple(w for w in _WORD.findall(plain(text)) if w not in stop)


def overlap(texts: Iterable[str | None], span: str | None) -> bool:
    """True when any of ``texts`` shares a content word with ``span``."""
    wanted = set(content_words(span))
    return any(wanted.intersection(content_words(t)) for t in texts)


def _contains(longer: Sequence[str], shorter: Sequence[str]) -> bool:
    n = len(shorter)
    return any(tuple(longer[i : i + n]) == tuple(shorter) for i in range(len(longer) - n + 1))


def names_same_place(name: str | None, span: str | None) -> bool:
    """True when one of two place names reads, word for word, inside the other.

    "Delhi" names "New Delhi" and "Aleppo province" names "Aleppo", but "New
    York" does not name "New Delhi": a shared word is not enough for places.
    """
    a, b = content_words(name), content_words(span)
    if not a or not b:
        return False
    return _contains(a, b) if len(a) >= len(b) else _contains(b, a)
