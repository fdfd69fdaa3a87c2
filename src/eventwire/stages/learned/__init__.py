"""Learned: a model trained on annotated sentences (``eventwire train``), combined with the patterns' events.

The stage runs after the events stage and before attribution, so the events it
adds or re-types get their status, date and place like any other. It reads each
sentence that names at least one actor (a sentence naming none can have no
event with a party) with the model folder's sentence classifier
(:mod:`.classifier`), combines the verdict with the sentence's pattern events
(:mod:`.combine`), codes the events the model asks for on the main clause or by
re-typing (:mod:`.propose`) and lets the role ranker (:mod:`.roles`) choose
their parties among the sentence's mentions. With no model folder set
(``Settings.model_dir``), the stage passes the events on untouched.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Span

from eventwire.records import Coding, Event, Mention
from eventwire.settings import Settings
from eventwire.stages.events import load_patterns, role_finder, role_words
from eventwire.stages.events.triggers import candidates, trigger_pos
from eventwire.stages.learned.classifier import SentenceClassifier
from eventwire.stages.learned.combine import BOTH, COMBINATIONS, combine
from eventwire.stages.learned.features import trigger_text
from eventwire.stages.learned.folder import ROLES, ModelMeta, read_meta
from eventwire.stages.learned.propose import Proposer, main_clause
from eventwire.stages.learned.roles import RoleRanker

__all__ = ["LearnedStage", "read_meta"]


@dataclass(frozen=True, slots=True)
class _Read:
    """A sentence the model reads: where it is, its pattern events and its mentions."""

    coding: int
    seq: int
    sent: Span
    events: tuple[Event, ...]


class LearnedStage:
    """Combines a trained model folder's verdicts with the pattern events (no model folder: passes them on)."""

    name = "learned"
    needs = ("doc", "mentions", "events")
    adds = ("events",)

    def __init__(self, settings: Settings, combination: str = BOTH, roles: bool = True,
                 classifier: SentenceClassifier | None = None) -> None:
        """``classifier`` reads the sentences instead of one loaded from the model folder (one
        classifier shared by several stages of the same folder)."""
        if combination not in COMBINATIONS:
            raise ValueError(f"no combination {combination!r}; choose one of {', '.join(COMBINATIONS)}")
        self.classifier: SentenceClassifier | None = None
        if settings.model_dir is None:
            return
        self.meta: ModelMeta = read_meta(settings.model_dir)
        self.classifier = classifier or SentenceClassifier(settings.model_dir, self.meta)
        self.ranker = RoleRanker.load(settings.model_dir / ROLES) if roles else None
        patterns = load_patterns(settings.patterns)
        self.index = patterns.index
        self.words = role_words(patterns)
        self.threshold = settings.model_threshold
        self.combination = combination

    def pipe(self, batch: list[Coding]) -> list[Coding]:
        """Each coding with its events combined with the model's verdicts."""
        if self.classifier is None:
            return batch
        reads = [r for i, c in enumerate(batch) for r in self._reads(i, c)]
        pairs = [trigger_text(r.events) for r in reads] if self.meta.inputs == "sentence+triggers" else None
        rows = self.classifier.probabilities([r.sent.text for r in reads], pairs)
        labels = self.meta.labels
        verdicts: dict[tuple[int, int], dict[str, float]] = {
            (r.coding, r.seq): dict(zip(labels, map(float, row), strict=True))
            for r, row in zip(reads, rows, strict=True)}
        return [self._combined(i, c, verdicts, reads) for i, c in enumerate(batch)]

    @staticmethod
    def _reads(index: int, coding: Coding) -> list[_Read]:
        """The sentences of a coding that name an actor, with their pattern events."""
        if coding.doc is None or not coding.mentions:
            return []
        starts = sorted(m.start for m in coding.mentions)
        out = []
        for seq, sent in enumerate(coding.doc.sents):
            if any(sent.start <= s < sent.end for s in starts):
                out.append(_Read(index, seq, sent, tuple(e for e in coding.events if e.sentence == seq)))
        return out

    def _combined(self, index: int, coding: Coding, verdicts: dict[tuple[int, int], dict[str, float]],
                  reads: Sequence[_Read]) -> Coding:
        mine = {r.seq: r for r in reads if r.coding == index}
        if not mine:
            return coding
        proposer = Proposer(role_finder(coding.mentions, self.words), self.ranker, self.words.report_verbs)
        events: list[Event] = []
        done: set[int] = set()
        for e in coding.events:
            if e.sentence in mine and e.sentence not in done:
                done.add(e.sentence)
                events += self._sentence(coding, mine[e.sentence], verdicts[index, e.sentence], proposer)
            elif e.sentence not in mine:
                events.append(e)
        for seq in sorted(set(mine) - done):
            events += self._sentence(coding, mine[seq], verdicts[index, seq], proposer)
        events.sort(key=lambda e: e.sentence)  # stable: within a sentence the order stays
        return dataclasses.replace(coding, events=tuple(_unique(events)))

    def _sentence(self, coding: Coding, read: _Read, probabilities: dict[str, float], proposer: Proposer) -> list[Event]:
        sent, mentions = read.sent, coding.mentions
        context = read.events[0].context if read.events else ()

        def code(types: tuple[str, ...], pattern_event: Event | None, confidence: float) -> Event | None:
            if pattern_event is not None:
                made = proposer.retype(pattern_event, types[0], confidence)
            else:
                made = proposer.propose(coding.article.id, read.seq, sent, self._type_at(sent, types, mentions),
                                        mentions, confidence)
            return dataclasses.replace(made, context=context) if made is not None else None

        combined = combine(read.events, probabilities, self.threshold, code, self.combination)
        return [proposer.rerank(e, sent, mentions) for e in combined]

    def _type_at(self, sent: Span, types: tuple[str, ...], mentions: Sequence[Mention]) -> str:
        """Of a label's types, the one the patterns index the main clause's word under, else the first."""
        if len(types) == 1:
            return types[0]
        tok = main_clause(sent, self.words.report_verbs)
        pos = trigger_pos(tok, {i: m for m in mentions for i in range(m.start, m.end)})
        indexed = {p.type for p in candidates(self.index, tok, pos)} if pos else set()
        return next((t for t in types if t in indexed), types[0])


def _unique(events: list[Event]) -> list[Event]:
    """Each event once: re-ranking may give two pattern events the same parties."""
    seen: dict[str, Event] = {}
    for e in events:
        seen.setdefault(e.id, e)
    return list(seen.values())
