"""Dates: each event's own date, resolved against the publication date.

An event takes, in order: a time expression that dates its own clause (or
the clause that governs a nominal trigger); the date of the happening it
names when an anchor fixes it ("40 days after her death"); nothing, when the
text places it in the background (past perfect, "since ...", "has been", a
sentence dated far from publication, a passage of history); the month of a
related anchor, for a plain-past event told just before it; else the
publication date. Background history never gets the publication date.
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import logging
import re

from spacy.tokens import Doc, Token

from eventwire.records import Coding, DateRef, Event
from eventwire.settings import Settings
from eventwire.stages.dates.clause import Tenses, governing_verb, resolver_tense
from eventwire.stages.dates.find import AnchorExpr, Finder, TimeExpr
from eventwire.stages.dates.lexicon import Lexicon, load_lexicon
from eventwire.stages.dates.periods import Offset, shift, truncate
from eventwire.stages.dates.resolve import Resolution, Resolver, build_resolver
from eventwire.stages.docs import doc_text

log = logging.getLogger(__name__)

_FAR = dt.timedelta(days=365)  # a sentence dated further back than this tells history
_RECENT = dt.timedelta(days=7)  # an anchor closer than this to publication is today's news
_PRECISION_RANK = {"day": 0, "week": 1, "month": 2, "year": 3, "decade": 4}
_BACKGROUND_TENSES = frozenset({"past_perfect", "perfect_continuous"})
_RESETTING_TENSES = frozenset({"present", "future", "present_perfect"})
# Far-apart bases: an expression that resolves the same against both needs no publication date.
_PROBE_BASES = (dt.date(2001, 3, 14), dt.date(2017, 8, 2))
_MONTH = Offset("month", 1, "month")
_DATELINE_REACH = 60  # a dateline's date starts within this many characters of the article
_DATELINE_END = re.compile(r"\s*(?:\([^()\n]{2,40}\)\s*)?(?:-|\u2013|\u2014|--)\s")
_UNKNOWN = Resolution(dt.date.min, "day")  # a relative expression with no publication date to resolve it


def _coarser(a: str, b: str) -> str:
    return a if _PRECISION_RANK.get(a, 0) >= _PRECISION_RANK.get(b, 0) else b


def _period_end(value: dt.date, precision: str) -> dt.date:
    years = {"year": 1, "decade": 10}.get(precision)
    if years:
        return dt.date(value.year + years, 1, 1)
    if precision == "month":
        return shift(value, _MONTH, 1) or dt.date.max
    return value + dt.timedelta(days=7 if precision == "week" else 1)


class DateStage:
    """Gives each event its DateRef."""

    name = "dates"
    needs = ("events",)
    adds = ("dates",)

    def __init__(
        self, settings: Settings, lexicon: Lexicon | None = None, resolver: Resolver | str = "rules+dateparser"
    ) -> None:
        self.lex = lexicon or load_lexicon()
        self.resolver = build_resolver(resolver, self.lex) if isinstance(resolver, str) else resolver
        self.finder = Finder(self.lex, self.resolver)

    def pipe(self, batch: list[Coding]) -> list[Coding]:
        """Return the batch with a DateRef on every event."""
        return [self.date_coding(c) for c in batch]

    def date_coding(self, coding: Coding) -> Coding:
        """One article's events, dated."""
        if not coding.events or coding.doc is None:
            return coding
        dater = ArticleDater(self, coding.doc, coding.article.published, coding.events)
        return dataclasses.replace(coding, events=tuple(dater.date(e) for e in coding.events))


class ArticleDater:
    """The dating of one article: its time expressions, anchors, tenses and passages of history."""

    def __init__(self, stage: DateStage, doc: Doc, published: dt.date | None, events: tuple[Event, ...]) -> None:
        self.lex = stage.lex
        self.resolver = stage.resolver
        self.doc = doc
        self.published = published
        self.tenses = Tenses(stage.lex)
        self.triggers = frozenset(e.trigger for e in events)
        self.sents = list(doc.sents)
        self.sent_starts = [s.start for s in self.sents]
        scan = stage.finder.find(doc, self.triggers)
        self.base = published
        exprs = self._take_dateline(scan.exprs)
        self.dated: dict[int, DateRef] = {}  # token index -> date of the clause or noun it heads
        self.far_sents: set[int] = set()
        self.near_sents: set[int] = set()
        self.far_noun_sents: set[int] = set()
        self.since_tokens: set[int] = set()
        for expr in exprs:
            self._place(expr)
        self.since_sents = {self.sent_of(i) for i in scan.since}
        self.group_dates: dict[int, DateRef] = {}
        self.noun_dates: dict[int, DateRef] = {}
        self.group_words: dict[int, list[tuple[int, int]]] = {}  # group -> (sentence, token) of its words
        self._collect_groups(scan.groups)
        for anchor in scan.anchors:
            self._apply_anchor(anchor)
        self.historical = self._history()
        self.paragraph = self._paragraphs()

    # -- building -------------------------------------------------------------

    def sent_of(self, i: int) -> int:
        """Sequence number of the sentence holding token ``i``."""
        return bisect.bisect_right(self.sent_starts, i) - 1

    def _take_dateline(self, exprs: list[TimeExpr]) -> list[TimeExpr]:
        """Drop a wire dateline's date ("KYIV, Oct 26 (Reuters) -") and count relative dates from it.

        The dateline dates the story, not a clause; a story filed the day before it was
        published says "Wednesday" of the filing day's week.
        """
        if not exprs or self.published is None or exprs[0].start_char > _DATELINE_REACH:
            return exprs
        first = exprs[0]
        text = doc_text(self.doc)
        if "\n" in text[: first.start_char] or not _DATELINE_END.match(text, first.end_char):
            return exprs
        found = self.resolver.resolve(first.words, self.published, "past")
        if found is None or found.precision != "day" or not dt.timedelta(0) <= self.published - found.value <= _RECENT:
            return exprs
        self.base = found.value
        return exprs[1:]

    def _tense_at(self, i: int) -> str:
        verb = governing_verb(self.doc[i])
        return self.tenses.of(verb) if verb is not None else "present"

    def _resolve(self, words: str, tense: str) -> Resolution | None:
        if self.base is not None:
            return self.resolver.resolve(words, self.base, tense)
        a, b = (self.resolver.resolve(words, base, tense) for base in _PROBE_BASES)
        if a == b:
            return a
        # A relative date ("last week") with no publication date to count from: the clause has
        # a time of its own that nobody can tell, so it inherits none from its neighbours.
        return _UNKNOWN

    def _place(self, expr: TimeExpr) -> None:
        found = self._resolve(expr.words, resolver_tense(self._tense_at(expr.attach)))
        if found is None:
            return
        if found is _UNKNOWN:
            self.dated.setdefault(expr.attach, DateRef(None, None, expr.text, "text", expr.start_char, expr.end_char))
            return
        ref = DateRef(found.value, found.precision, expr.text, "text", expr.start_char, expr.end_char)
        if found.since:
            self.since_tokens.add(expr.attach)
        sent = self.sent_of(expr.root)
        attach = expr.attach
        far = self.published is not None and _period_end(found.value, found.precision) < self.published - _FAR
        if far and self.doc[attach].pos_ in ("VERB", "AUX") and self.tenses.of(self.doc[attach]) == "present":
            # A present-tense clause ("... in 1998 remains a source of mistrust") is not itself
            # that old: the date belongs to its subject, the happening it names.
            subject = next((c for c in self.doc[attach].children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subject is None or subject.pos_ not in ("NOUN", "PROPN"):
                return
            attach = subject.i
        # "since 2008" reaches up to now: it tells no history of its own.
        if self.published is not None and not found.since:
            if not far:
                self.near_sents.add(sent)
            elif self.doc[attach].pos_ in ("VERB", "AUX"):
                self.far_sents.add(sent)  # the sentence's own clause is old
            else:
                self.far_noun_sents.add(sent)  # an old happening named inside the sentence
        # The first expression to reach a token dates it; a later one only fills an empty slot.
        self.dated.setdefault(attach, ref)

    def _collect_groups(self, groups: dict[int, list[int]]) -> None:
        for g, tokens in groups.items():
            self.group_words[g] = [(self.sent_of(i), i) for i in tokens]
            for i in tokens:
                ref = self.dated.get(i) or self._happening_date(self.doc[i])
                if ref is not None and ref.value is not None:
                    self.group_dates.setdefault(g, ref)
                    break

    def _happening_date(self, noun: Token) -> DateRef | None:
        """ "The election was held on Oct. 2": the subject of a verb of taking place shares its date."""
        verb = noun.head
        if noun.dep_ in ("nsubj", "nsubjpass") and verb.lemma_.lower() in self.lex.happening_verbs:
            return self.dated.get(verb.i)
        return None

    def _apply_anchor(self, anchor: AnchorExpr) -> None:
        noun = self.doc[anchor.noun]
        group = self.lex.anchor_group.get(noun.lemma_.lower())
        clause = self.clause_date(self.doc[anchor.unit])
        if clause is not None and clause.value is not None and clause.method == "text":
            # The clause is dated: the noun's happening lies the offset before (or after) it.
            value = shift(clause.value, anchor.offset, -anchor.sign)
            if value is None:
                return
            precision = clause.precision or "day"
            ref = DateRef(truncate(value, precision), precision, anchor.text, "anchor", anchor.start_char, anchor.end_char)
            self.noun_dates[anchor.noun] = ref
            if group is not None:
                self.group_dates[group] = ref
            return
        known = self.noun_dates.get(anchor.noun) or (self.group_dates.get(group) if group is not None else None)
        if known is None or known.value is None:
            return
        # The noun's happening is dated: the clause lies the offset after (or before) it.
        precision = _coarser(known.precision or "day", anchor.offset.precision if anchor.offset.unit == "month" else "day")
        value = shift(known.value, anchor.offset, anchor.sign)
        if value is None:
            return
        value = truncate(value, precision)
        verb = governing_verb(self.doc[anchor.unit])
        if verb is not None:
            self.dated.setdefault(
                verb.i, DateRef(value, precision, anchor.text, "anchor", anchor.start_char, anchor.end_char)
            )

    def _history(self) -> list[bool]:
        """Per sentence: does it tell history (a far date, or plain past that follows one)?"""
        out: list[bool] = []
        frame = False
        for n, sent in enumerate(self.sents):
            root = sent.root
            # A sentence the parser left without a verb root keeps the frame it is in.
            tense = self.tenses.of(root) if root.pos_ in ("VERB", "AUX") else "nonfinite"
            has_since = n in self.since_sents
            if n in self.near_sents:
                frame = False
            elif n in self.far_sents or (n in self.far_noun_sents and (tense in _BACKGROUND_TENSES or has_since)):
                frame = True
            elif root.lemma_.lower() in self.lex.reporting_verbs:
                frame = False
            elif tense in _RESETTING_TENSES and not has_since:
                frame = False
            out.append(frame)
        return out

    def _paragraphs(self) -> list[int]:
        text = doc_text(self.doc)
        breaks = []
        at = text.find("\n")
        while at != -1:
            breaks.append(at)
            at = text.find("\n", at + 1)
        return [bisect.bisect_right(breaks, s.start_char) for s in self.sents]

    # -- dating one event -------------------------------------------------------

    def clause_date(self, tok: Token, depth: int = 0) -> DateRef | None:
        """The date of the clause or noun phrase ``tok`` stands in, inherited from the clause above where it has none."""
        if depth > 6:
            return None
        ref = self.dated.get(tok.i)
        if ref is not None:
            return ref
        if tok.head.i == tok.i:
            return None
        if tok.pos_ in ("VERB", "AUX"):
            if tok.dep_ == "relcl":
                return self.clause_date(tok.head, depth + 1)
            if tok.dep_ == "conj" and any(c.dep_ in ("nsubj", "nsubjpass") for c in tok.children):
                return None
            if tok.dep_ in ("xcomp", "advcl", "acl", "conj", "pcomp", "prep", "dep"):
                return self.clause_date(tok.head, depth + 1)
            return None
        return self.clause_date(tok.head, depth + 1)

    def date(self, event: Event) -> Event:
        """The event with its DateRef."""
        return dataclasses.replace(event, date=self.date_ref(event))

    def date_ref(self, event: Event) -> DateRef:
        """Where in time the text puts an event."""
        doc = self.doc
        if not 0 <= event.trigger < len(doc):
            return self._publication()
        trig = doc[event.trigger]
        verb = governing_verb(trig)
        own = self.dated.get(trig.i)
        if own is not None:
            return own
        anchored = self._anchored(trig)
        if anchored is not None:
            return anchored
        inherited = self.clause_date(trig)
        if inherited is not None:
            return inherited
        sent = self.sent_of(trig.i)
        tense = self.tenses.of(verb) if verb is not None else "nonfinite"
        if self._background(verb, tense, sent):
            return DateRef(None, None, None, "background")
        if tense == "past" and (verb is None or verb.lemma_.lower() not in self.lex.reporting_verbs):
            related = self._related_anchor(sent, trig.i)
            if related is not None:
                return related
        return self._publication()

    def _publication(self) -> DateRef:
        if self.published is None:
            return DateRef(None, None, None, "publication_date")
        return DateRef(self.published, "publication", None, "publication_date")

    def _anchored(self, trig: Token) -> DateRef | None:
        """An event named by an anchor noun ("the death"), or a reference to the same happening, takes its date."""
        if trig.i in self.noun_dates:
            return self.noun_dates[trig.i]
        group = self.lex.anchor_group.get(trig.lemma_.lower())
        ref = self.group_dates.get(group) if group is not None else None
        if ref is None:
            return None
        # Only a definite noun ("the death", "her death", "Amini's death") refers back to the
        # same happening; a verb ("police killed three") may tell a new one.
        if trig.pos_ in ("NOUN", "PROPN") and any(c.dep_ in ("det", "poss") for c in trig.children):
            return ref
        return None

    def _background(self, verb: Token | None, tense: str, sent: int) -> bool:
        if tense in _BACKGROUND_TENSES:
            return True
        if verb is not None:
            # "since" marks a state that began then only with perfect or present tenses;
            # "fell for the first time since 2008" is today's news.
            if tense != "past" and (verb.i in self.since_tokens or any(c.lower_ == "since" for c in verb.children)):
                return True
            if verb.lemma_.lower() in self.lex.reporting_verbs and tense in ("past", "present"):
                return False
        if sent in self.far_sents:
            return True
        return self.historical[sent] and tense in ("past", "nonfinite")

    def _related_anchor(self, sent: int, trigger: int) -> DateRef | None:
        """A plain-past event told next to a dated happening of weeks ago lies in that happening's month."""
        if self.published is None or sent in self.near_sents:
            return None
        for group, ref in self.group_dates.items():
            if ref.value is None or ref.value > self.published - _RECENT:
                continue
            words = self.group_words.get(group, ())
            # The happening is named (by another word than the event's own) in this sentence
            # or the next one of the same paragraph.
            if any(0 <= s - sent <= 1 and i != trigger and self.paragraph[s] == self.paragraph[sent] for s, i in words):
                return DateRef(ref.value.replace(day=1), "month", ref.text, "anchor", ref.start_char, ref.end_char)
        return None

