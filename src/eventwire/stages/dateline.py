"""The dateline that opens a news article ("JERUSALEM (AP) --"), found once after parsing.

:func:`find_dateline` reads the rules of ``data/parse/dateline.yaml`` and
returns the dateline's character span; the parse stage stores it as the
Doc's span group ``"dateline"`` (empty when there is none), so later stages
read it rather than finding it again: the actors stage codes no actor in it.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from spacy.language import Language

from eventwire.errors import DataFileError
from eventwire.knowledge.datafile import node_line, read_yaml, word_list
from eventwire.settings import DATA_DIR

DATELINE_FILE = DATA_DIR / "parse" / "dateline.yaml"
SPAN_GROUP = "dateline"

_WORD = r"[A-Z][\w.'’&-]*"


@dataclass(frozen=True, slots=True)
class DatelineRules:
    """The pattern of a dateline and which of its forms need more than a place to count."""

    pattern: re.Pattern[str]
    long_separators: frozenset[str]
    months: frozenset[str]
    max_chars: int


@functools.cache
def dateline_rules() -> DatelineRules:
    """Read ``data/parse/dateline.yaml`` (once).

    Raises:
        DataFileError: naming file and line, for a missing or empty list or a bad number.
    """
    data, nodes = read_yaml(DATELINE_FILE, "dateline rules")
    if not isinstance(data, dict):
        raise DataFileError(f"{DATELINE_FILE}:1: expected a mapping of dateline rules")

    def words(key: str) -> list[str]:
        listed = word_list(data.get(key), f"{DATELINE_FILE}:{node_line(nodes, key)}", key)
        if not listed:
            raise DataFileError(f"{DATELINE_FILE}:{node_line(nodes, key)}: {key!r} must list at least one word")
        return listed

    try:
        max_chars, max_words = int(data["max_chars"]), int(data["max_place_words"])
    except (KeyError, TypeError, ValueError):
        raise DataFileError(f"{DATELINE_FILE}:1: 'max_chars' and 'max_place_words' must be numbers") from None
    long = sorted(words("long_separators"), key=len, reverse=True)
    short = [x for x in words("separators") if x not in long]
    # A long dash may touch the words ("Cebu City--Police"); a short separator
    # needs a space after it, and a hyphen one before too ("EU-Turkey" is no dateline).
    separators = "|".join([*(rf"\s*{re.escape(x)}" for x in long),
                           *(rf"\s+{re.escape(x)}(?=\s)" if x == "-" else rf"\s*{re.escape(x)}(?=\s)" for x in short)])
    pattern = re.compile(
        rf"^\s*(?P<place>{_WORD}(?:\s+{_WORD}){{0,{max_words - 1}}})"
        r"(?P<parts>(?:\s*,\s*[A-Z][\w.' ]{0,30}?){0,2})"
        r"(?P<agency>\s*\([^()\n]{1,30}\))?"
        rf"(?P<sep>{separators})"
    )
    return DatelineRules(pattern, frozenset(long), frozenset(words("months")), max_chars)


def find_dateline(text: str) -> tuple[int, int] | None:
    """The character span of the dateline that opens ``text``, separator included, or None."""
    rules = dateline_rules()
    m = rules.pattern.match(text[: rules.max_chars + 1])
    if m is None:
        return None
    place = m.group("place")
    letters = [c for c in place if c.isalpha()]
    dated = any(w.strip(",") in rules.months for w in m.group("parts").split())
    if not (all(c.isupper() for c in letters) or dated or m.group("agency") or m.group("sep").strip() in rules.long_separators):
        return None
    return 0, m.end()


def mark_dateline(doc):
    """Store the dateline of a Doc as its span group ``"dateline"`` (empty when it has none).

    Run before the parser (the pipeline component ``eventwire_dateline``), it
    also starts a sentence after the dateline, so that the parser does not
    read "MANILA -- President X has pardoned Y" as MANILA pardoning.
    """
    found = find_dateline(_opening(doc, dateline_rules().max_chars + 1))
    span = doc.char_span(found[0], found[1], alignment_mode="contract") if found else None
    doc.spans[SPAN_GROUP] = [span] if span is not None and len(span) else []
    if doc.spans[SPAN_GROUP] and span.end < len(doc) and not doc.has_annotation("DEP"):
        doc[span.end].is_sent_start = True
    return doc


def _opening(doc, chars: int) -> str:
    """The Doc's text up to ``chars`` characters at least (Doc.text would join every token)."""
    words = []
    for tok in doc:
        words.append(tok.text_with_ws)
        if tok.idx >= chars:
            break
    return "".join(words)


def dateline_tokens(doc) -> range:
    """The token indices of a Doc's dateline (none if the parse stage found none or did not run)."""
    spans = doc.spans.get(SPAN_GROUP) if doc.spans is not None else None
    if not spans:
        return range(0)
    return range(spans[0].start, spans[0].end)


Language.component("eventwire_dateline", func=mark_dateline)
