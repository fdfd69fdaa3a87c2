"""Finding time expressions in a parsed article and reading the clauses around them.

Time expressions are spaCy's DATE/TIME entities plus the calendar words spaCy
leaves untagged (weekdays, month names, "yesterday", years after a
preposition, decades). Anchor expressions ("40 days after her death", "the
40th day since the death of X") tie a stretch of time to a noun in the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from eventwire.stages.dates.lexicon import Lexicon
from eventwire.stages.dates.periods import Offset
from eventwire.stages.dates.resolve import Resolver
from eventwire.stages.docs import entities, span_text

_NUMERIC_DATE = re.compile(r"^\d{1,4}[/.-]\d{1,2}(?:[/.-]\d{2,4})?$")
_DECADE_TOKEN = re.compile(r"^'?(?:\d{2}|1\d{2}0|20\d0)s$")
_YEAR_TOKEN = re.compile(r"^(?:1[5-9]|20|21)\d\d$")
_ORDINAL_DAY = re.compile(r"^\d{1,2}(?:st|nd|rd|th)$")
_NOMINAL = frozenset({"NOUN", "PROPN"})
_VERBAL = frozenset({"VERB", "AUX"})
# Dependents a date can fill inside a noun phrase ("the 2019 protests", "Wednesday's vote").
_NOUN_INTERNAL = frozenset({"nummod", "compound", "amod", "nmod", "poss"})
# A noun that is a verb's own argument passes a date on to the verb (PP attachment is unreliable);
# a noun inside a prepositional phrase keeps it.
_ARGUMENT = frozenset({"dobj", "nsubj", "nsubjpass", "attr", "appos", "ROOT", "conj"})


@dataclass(frozen=True, slots=True)
class TimeExpr:
    """A time expression: its words (with the preposition that introduces it) and the token it dates."""

    start_char: int
    end_char: int
    text: str
    words: str  # the time words alone, what the resolver reads
    root: int
    attach: int  # the verb, event trigger or noun the expression dates


@dataclass(frozen=True, slots=True)
class Scan:
    """What one pass over an article found."""

    exprs: list[TimeExpr]
    anchors: list[AnchorExpr]
    groups: dict[int, list[int]]  # anchor group -> token indices of its words
    since: list[int]  # token indices of "since"


@dataclass(frozen=True, slots=True)
class AnchorExpr:
    """A stretch of time measured from a noun of the text: "40 days after her death"."""

    start_char: int
    end_char: int
    text: str
    offset: Offset
    sign: int  # +1: the clause lies after the noun's date ("since", "after"); -1: before it
    noun: int  # token index of the anchor noun ("death")
    unit: int  # token index of the unit word ("days", "day")


def attach_point(root: Token, span_tokens: range, triggers: frozenset[int]) -> int:
    """The token a time expression dates: its noun when it sits inside a noun phrase, else the nearest verb or trigger."""
    if root.dep_ in _NOUN_INTERNAL and root.head.pos_ in _NOMINAL and root.head.i not in span_tokens:
        return root.head.i
    cur = root
    prep = ""
    while cur.head.i != cur.i:
        cur = cur.head
        if cur.pos_ == "ADP":
            prep = cur.lower_
            continue
        if cur.i in span_tokens:
            continue
        if cur.i in triggers or cur.pos_ in _VERBAL:
            return cur.i
        if cur.pos_ in _NOMINAL:
            # "the famine of the 1930s" dates the famine, not what is done to it; and a
            # present-tense verb ("remains") is not dated by a noun's past.
            verb = cur.head
            if cur.dep_ not in _ARGUMENT or prep == "of" or (verb.tag_ in ("VBZ", "VBP") and verb.dep_ != "aux"):
                return cur.i
    return cur.i


class Finder:
    """Finds time and anchor expressions in a Doc with set lookups over token text."""

    def __init__(self, lexicon: Lexicon, resolver: Resolver) -> None:
        self.lex = lexicon
        self.resolver = resolver
        self.full_weekdays = frozenset(w for w in lexicon.weekdays if len(w) > 4)
        self.full_months = frozenset(w for w in lexicon.months if len(w) > 4 or w == "june" or w == "july")
        self.day_words = lexicon.day_words
        self.month_lead = lexicon.year_preps | lexicon.month_prefixes
        self._kinds: dict[int, str] = {}  # lower-case string hash -> kind
        self._lemma_groups: dict[int, int] = {}  # lemma string hash -> anchor group, -1 for none

    def find(self, doc: Doc, triggers: frozenset[int]) -> Scan:
        """All time expressions, anchor expressions and anchor-group words of a parsed article."""
        spans: list[Span] = [e for e in entities(doc) if e.label_ in ("DATE", "TIME")]
        covered = {i for s in spans for i in range(s.start, s.end)}
        anchors: list[AnchorExpr] = []
        groups: dict[int, list[int]] = {}
        since: list[int] = []
        kinds = self._kinds
        lemma_groups = self._lemma_groups
        # One pass over the tokens with lookups keyed by the token's string hashes.
        for tok in doc:
            kind = kinds.get(tok.lower)
            if kind is None:
                kind = kinds[tok.lower] = self._kind(tok.lower_)
            group = lemma_groups.get(tok.lemma)
            if group is None:
                group = lemma_groups[tok.lemma] = self.lex.anchor_group.get(tok.lemma_.lower(), -1)
            if group >= 0:
                groups.setdefault(group, []).append(tok.i)
            if not kind:
                continue
            if kind == "since":
                since.append(tok.i)
            elif kind == "unit":
                anchor = self._anchor(doc, tok)
                if anchor is not None:
                    anchors.append(anchor)
            elif tok.i not in covered:
                span = self._rule_span(doc, tok, tok.lower_)
                if span is not None:
                    spans.append(span)
                    covered.update(range(span.start, span.end))
        anchor_units = {a.unit for a in anchors}
        exprs = [
            self._expr(doc, span, triggers)
            for span in spans
            if not any(i in anchor_units for i in range(span.start, span.end))
        ]
        exprs.sort(key=lambda e: e.start_char)
        return Scan(exprs, anchors, groups, since)

    def _kind(self, low: str) -> str:
        """What a lower-case word can start: a time expression, an anchor ("days"), a "since", or nothing."""
        if low == "since":
            return "since"
        if low in self.lex.units:
            return "unit"
        if (
            low in self.full_weekdays
            or low in self.day_words
            or low in self.lex.months
            or low in self.lex.decades
            or _DECADE_TOKEN.match(low)
            or _YEAR_TOKEN.match(low)
            or (("/" in low or "-" in low) and _NUMERIC_DATE.match(low))
        ):
            return "time"
        return ""

    def _rule_span(self, doc: Doc, tok: Token, low: str) -> Span | None:
        i = tok.i
        n = len(doc)
        prev = doc[i - 1].lower_ if i else ""
        lex = self.lex
        if low in self.full_weekdays or low in self.day_words:
            start, end = i, i + 1
            if prev in lex.weekday_prefixes:
                start -= 1
            if end < n and doc[end].lower_ in lex.parts_of_day:
                end += 1
            return doc[start:end]
        if low in self.lex.months and tok.is_title:
            nxt = doc[i + 1] if i + 1 < n else None
            numbered = (nxt is not None and nxt.like_num) or (prev and doc[i - 1].like_num)
            if not (low in self.full_months or numbered or (low != "may" and nxt is not None and nxt.text == ".")
                    or prev in self.month_lead):
                return None
            start, end = i, i + 1
            if prev and (doc[i - 1].like_num or _ORDINAL_DAY.match(prev)):
                start -= 1
            elif prev in lex.month_prefixes:
                start -= 1
            while end < n and end - i < 4 and (doc[end].like_num or doc[end].text in (",", ".") or _ORDINAL_DAY.match(doc[end].lower_)):
                end += 1
            while end > i + 1 and doc[end - 1].text in (",", "."):
                end -= 1
            return doc[start:end]
        if _DECADE_TOKEN.match(low) or low in self.lex.decades:
            start = i - 1 if prev in lex.decade_prefixes else i
            return doc[start : i + 1]
        if _YEAR_TOKEN.match(low) and prev in lex.year_preps:
            return doc[i : i + 1]
        if ("/" in low or "-" in low) and _NUMERIC_DATE.match(low) and not tok.is_alpha:
            return doc[i : i + 1]
        return None

    def _expr(self, doc: Doc, span: Span, triggers: frozenset[int]) -> TimeExpr:
        start = span.start
        root = span.root
        # Take in the preposition that introduces the expression ("On Wednesday", "back in the 70s", "since 2014").
        if start > 0 and doc[start - 1].lower_ in self.lex.time_preps and root.head.i == start - 1:
            start -= 1
            if start > 0 and doc[start - 1].lower_ == "back":
                start -= 1
        words = span_text(span)
        if doc[start].lower_ in self.lex.read_preps:
            words = f"{doc[start].lower_} {words}"
        text_span = doc[start : span.end]
        return TimeExpr(
            start_char=text_span.start_char,
            end_char=text_span.end_char,
            text=span_text(text_span),
            words=words,
            root=root.i,
            attach=attach_point(root, range(start, span.end), triggers),
        )

    def _anchor(self, doc: Doc, unit: Token) -> AnchorExpr | None:
        """ "the 40th day since the death", "40 days after her death", "a week before the vote"."""
        prep = None
        # The unit measures the preposition ("40 days after"), it is not its object ("since last week").
        if unit.head.lower_ in self.lex.anchor_preps and unit.dep_ in ("npadvmod", "nmod", "advmod"):
            prep = unit.head
        else:
            for child in unit.rights:
                if child.lower_ in self.lex.anchor_preps and child.dep_ == "prep":
                    prep = child
                    break
        if prep is None:
            return None
        noun = next((c for c in prep.children if c.dep_ == "pobj"), None)
        if noun is None or noun.i == unit.i or (noun.pos_ not in _NOMINAL and noun.pos_ != "PRON"):
            return None
        if prep.lower_ == "of" and unit.lower_ not in ("day", "anniversary"):
            return None
        left = unit.left_edge.i
        phrase = doc[left : unit.i + 1]
        offset = self.resolver.offset(phrase.text)
        if offset is None:
            return None
        full = doc[left : noun.right_edge.i + 1] if prep.i > unit.i else doc[min(left, prep.i) : noun.right_edge.i + 1]
        # "the 40th day since X" is day 40 counted from X; "the first day of X" is X itself.
        if prep.lower_ == "of" and unit.lower_ == "day":
            offset = Offset(offset.unit, max(offset.count - 1, 0), offset.precision)
        return AnchorExpr(
            start_char=full.start_char,
            end_char=full.end_char,
            text=full.text,
            offset=offset,
            sign=self.lex.anchor_preps[prep.lower_],
            noun=noun.i,
            unit=unit.i,
        )
