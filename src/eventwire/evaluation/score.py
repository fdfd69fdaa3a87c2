"""Score coded events against gold events.

Matching rule
-------------
Scoring is per gold item (one text). Within an item, a predicted event
*matches* a gold event when

* their PLOVER types are equal, and
* the actor country is equal where the gold event gives one, and the
  recipient country is equal where the gold event gives one (a gold ``null``
  accepts any value, including none).

Matching is one-to-one and greedy: every compatible (gold, predicted) pair is
ranked by how many of actor, recipient, status and mode agree exactly (ties
broken by order in the item), and pairs are taken best first, each event used
at most once. Status and mode do not decide a match; they are scored
separately as accuracy over the matched pairs (mode only where gold gives one).

Counts, as PETRARCH's validation reports them:

* **correct**: gold events matched by a predicted event;
* **uncoded**: gold events no predicted event matches;
* **extra**: predicted events that match no gold event (including every
  event predicted for a no-event item).

Per type: true positives are matched pairs of that type, false negatives the
uncoded gold events of that type, false positives the extra predicted events
of that type; precision, recall and F1 follow.

Type confusion: after matching, the leftover gold and predicted events of an
item are paired again, greedily, on the dyad rule alone (actor and recipient
as above, type ignored); such a pair records (gold type, predicted type).
A leftover gold event with no partner records (type, "none"), a leftover
predicted event ("none", type); matched pairs sit on the diagonal.

Predicted events for article ids that are not in the gold set are ignored and
counted in ``Report.unscored_articles``.
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from eventwire.evaluation.gold import (
    PLOVER_MODES,
    GoldEvent,
    GoldItem,
    PredictedEvent,
    gold_item_from_json,
    load_gold,
    load_predicted,
    predicted_event,
    predicted_from_events,
)
from eventwire.records import PLOVER_TYPES, STATUSES, Article

__all__ = [
    "PLOVER_MODES", "GoldEvent", "GoldItem", "ItemResult", "PredictedEvent", "Report",
    "TypeScore", "code_and_score", "code_gold", "gold_item_from_json", "load_gold",
    "load_predicted", "predicted_event", "predicted_from_events", "score",
]

log = logging.getLogger(__name__)

NONE = "none"
_ABBREV = {t: t[:4] for t in PLOVER_TYPES} | {NONE: "none"}


@dataclass(frozen=True, slots=True)
class TypeScore:
    """True positives, false positives and false negatives of one event type."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def gold(self) -> int:
        """Gold events of this type."""
        return self.tp + self.fn

    @property
    def predicted(self) -> int:
        """Predicted events of this type."""
        return self.tp + self.fp

    @property
    def precision(self) -> float:
        """tp / predicted; 0.0 when nothing was predicted."""
        return self.tp / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        """tp / gold; 0.0 when gold has none."""
        return self.tp / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(frozen=True, slots=True)
class ItemResult:
    """How one gold item fared: matched pairs, misses and extras."""

    id: str
    text: str
    matched: tuple[tuple[GoldEvent, PredictedEvent], ...] = ()
    uncoded: tuple[GoldEvent, ...] = ()
    extra: tuple[PredictedEvent, ...] = ()

    @property
    def perfect(self) -> bool:
        """No miss, no extra, and every matched status agrees."""
        return not self.uncoded and not self.extra and all(g.status == p.status for g, p in self.matched)


@dataclass(frozen=True, slots=True)
class Report:
    """The outcome of scoring predicted events against a gold set."""

    items: int
    no_event_items: int
    no_event_items_with_events: int
    gold_events: int
    predicted_events: int
    correct: int
    uncoded: int
    extra: int
    types: dict[str, TypeScore]
    confusion: dict[tuple[str, str], int]
    status_pairs: dict[tuple[str, str], int]
    mode_matched: int
    mode_correct: int
    unscored_articles: int = 0
    results: tuple[ItemResult, ...] = field(default=(), repr=False)

    # -- rates ---------------------------------------------------------------
    @property
    def correct_rate(self) -> float:
        """Share of gold events found."""
        return self.correct / self.gold_events if self.gold_events else 0.0

    @property
    def uncoded_rate(self) -> float:
        """Share of gold events missed."""
        return self.uncoded / self.gold_events if self.gold_events else 0.0

    @property
    def extra_rate(self) -> float:
        """Share of predicted events that match no gold event."""
        return self.extra / self.predicted_events if self.predicted_events else 0.0

    @property
    def precision(self) -> float:
        """Micro precision over all types."""
        return self.correct / self.predicted_events if self.predicted_events else 0.0

    @property
    def recall(self) -> float:
        """Micro recall over all types (equals ``correct_rate``)."""
        return self.correct_rate

    @property
    def f1(self) -> float:
        """Micro F1 over all types."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def macro_f1(self) -> float:
        """Mean F1 over the types that occur in gold."""
        present = [s.f1 for s in self.types.values() if s.gold]
        return sum(present) / len(present) if present else 0.0

    @property
    def status_accuracy(self) -> float:
        """Share of matched pairs whose status agrees."""
        total = sum(self.status_pairs.values())
        same = sum(n for (g, p), n in self.status_pairs.items() if g == p)
        return same / total if total else 0.0

    @property
    def mode_accuracy(self) -> float:
        """Share of matched pairs with a gold mode whose mode agrees."""
        return self.mode_correct / self.mode_matched if self.mode_matched else 0.0

    # -- output --------------------------------------------------------------
    def to_json(self) -> dict[str, Any]:
        """The report as plain JSON-ready values (no per-item detail)."""
        return {
            "items": self.items,
            "no_event_items": self.no_event_items,
            "no_event_items_with_events": self.no_event_items_with_events,
            "gold_events": self.gold_events,
            "predicted_events": self.predicted_events,
            "correct": self.correct,
            "uncoded": self.uncoded,
            "extra": self.extra,
            "correct_rate": self.correct_rate,
            "uncoded_rate": self.uncoded_rate,
            "extra_rate": self.extra_rate,
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
            "macro_f1": self.macro_f1,
            "status_accuracy": self.status_accuracy,
            "mode_accuracy": self.mode_accuracy,
            "unscored_articles": self.unscored_articles,
            "types": {
                t: {"gold": s.gold, "predicted": s.predicted, "tp": s.tp, "fp": s.fp, "fn": s.fn,
                    "precision": s.precision, "recall": s.recall, "f1": s.f1}
                for t, s in self.types.items()
            },
            "confusion": [{"gold": g, "predicted": p, "count": n} for (g, p), n in sorted(self.confusion.items())],
            "status": [{"gold": g, "predicted": p, "count": n} for (g, p), n in sorted(self.status_pairs.items())],
        }

    def format(self, details: bool = False) -> str:
        """A readable table of the scores; ``details`` adds every imperfect item."""
        lines = [
            (f"items {self.items} ({self.no_event_items} with no event, "
             f"{self.no_event_items_with_events} of those got events)"),
            f"gold events {self.gold_events}, predicted {self.predicted_events}",
            (f"correct {self.correct} ({self.correct_rate:.1%})  uncoded {self.uncoded} ({self.uncoded_rate:.1%})  "
             f"extra {self.extra} ({self.extra_rate:.1%} of predicted)"),
            f"micro P {self.precision:.3f}  R {self.recall:.3f}  F1 {self.f1:.3f}  macro F1 {self.macro_f1:.3f}",
            (f"status accuracy {self.status_accuracy:.1%} over {sum(self.status_pairs.values())} matched; "
             f"mode accuracy {self.mode_accuracy:.1%} over {self.mode_matched} with a gold mode"),
        ]
        if self.unscored_articles:
            lines.append(f"{self.unscored_articles} article(s) with events are not in the gold set (ignored)")
        lines += ["", f"{'type':<10} {'gold':>5} {'pred':>5} {'tp':>5} {'P':>6} {'R':>6} {'F1':>6}"]
        for t, s in self.types.items():
            if s.gold or s.predicted:
                lines.append(
                    f"{t:<10} {s.gold:>5} {s.predicted:>5} {s.tp:>5} {s.precision:>6.3f} {s.recall:>6.3f} {s.f1:>6.3f}"
                )
        lines += ["", "type confusion (rows gold, columns predicted):", *self._confusion_table()]
        lines += ["", "status (rows gold, columns predicted, matched pairs):", *self._status_table()]
        if details:
            lines += ["", "imperfect items:"]
            lines += [_describe(r) for r in self.results if not r.perfect]
        return "\n".join(lines)

    def _confusion_table(self) -> list[str]:
        rows = [t for t in (*PLOVER_TYPES, NONE) if any(g == t for g, _ in self.confusion)]
        cols = [t for t in (*PLOVER_TYPES, NONE) if any(p == t for _, p in self.confusion)]
        return _table(rows, cols, self.confusion, _ABBREV)

    def _status_table(self) -> list[str]:
        used = {g for g, _ in self.status_pairs} | {p for _, p in self.status_pairs}
        labels = [s for s in STATUSES if s in used] + sorted(used - set(STATUSES))
        return _table(labels, labels, self.status_pairs, {s: s[:6] for s in labels})


def _table(rows: Sequence[str], cols: Sequence[str], cells: Mapping[tuple[str, str], int],
           short: Mapping[str, str]) -> list[str]:
    if not rows:
        return ["  (empty)"]
    width = max(6, *(len(short.get(c, c)) + 1 for c in cols))
    head = " " * 10 + "".join(f"{short.get(c, c):>{width}}" for c in cols)
    body = [
        f"{r:<10}" + "".join(f"{cells.get((r, c), 0) or '.':>{width}}" for c in cols)
        for r in rows
    ]
    return [head, *body]


def _event_words(e: GoldEvent | PredictedEvent) -> str:
    mode = f"/{e.mode}" if e.mode else ""
    return f"{e.type}{mode} {e.actor or '-'}->{e.recipient or '-'} ({e.status})"


def _describe(result: ItemResult) -> str:
    parts = [f"- {result.id}: {result.text[:100]}"]
    parts += [f"    missed   {_event_words(g)}" for g in result.uncoded]
    parts += [f"    extra    {_event_words(p)}" for p in result.extra]
    parts += [
        f"    status   {_event_words(g)} coded {p.status}" for g, p in result.matched if g.status != p.status
    ]
    return "\n".join(parts)


# --- scoring ----------------------------------------------------------------

def dyad_matches(gold: GoldEvent, predicted: PredictedEvent) -> bool:
    """True when actor and recipient agree wherever the gold event gives them."""
    return (gold.actor is None or gold.actor == predicted.actor) and (
        gold.recipient is None or gold.recipient == predicted.recipient
    )


def event_matches(gold: GoldEvent, predicted: PredictedEvent) -> bool:
    """The matching rule: equal type and an agreeing dyad."""
    return gold.type == predicted.type and dyad_matches(gold, predicted)


def _agreement(gold: GoldEvent, predicted: PredictedEvent) -> int:
    return (
        (gold.actor == predicted.actor)
        + (gold.recipient == predicted.recipient)
        + (gold.status == predicted.status)
        + (gold.mode is not None and gold.mode == predicted.mode)
    )


def _greedy(gold: Sequence[GoldEvent], predicted: Sequence[PredictedEvent],
            compatible: Callable[[GoldEvent, PredictedEvent], bool]) -> list[tuple[int, int]]:
    candidates = [
        (-_agreement(g, p), gi, pi)
        for gi, g in enumerate(gold)
        for pi, p in enumerate(predicted)
        if compatible(g, p)
    ]
    candidates.sort()
    used_g: set[int] = set()
    used_p: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for _, gi, pi in candidates:
        if gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
            pairs.append((gi, pi))
    return sorted(pairs)


def score(gold: Sequence[GoldItem], predicted: Mapping[str, Sequence[PredictedEvent]]) -> Report:
    """Score predicted events, grouped by article id, against gold items (see the module doc)."""
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    confusion: Counter[tuple[str, str]] = Counter()
    status_pairs: Counter[tuple[str, str]] = Counter()
    mode_matched = mode_correct = 0
    no_event = no_event_hit = 0
    results: list[ItemResult] = []
    gold_ids = {item.id for item in gold}
    for item in gold:
        preds = list(predicted.get(item.id, ()))
        golds = list(item.events)
        if not golds:
            no_event += 1
            no_event_hit += bool(preds)
        pairs = _greedy(golds, preds, event_matches)
        matched_g = {gi for gi, _ in pairs}
        matched_p = {pi for _, pi in pairs}
        for gi, pi in pairs:
            g, p = golds[gi], preds[pi]
            tp[g.type] += 1
            confusion[g.type, g.type] += 1
            status_pairs[g.status, p.status] += 1
            if g.mode is not None:
                mode_matched += 1
                mode_correct += g.mode == p.mode
        left_g = [g for gi, g in enumerate(golds) if gi not in matched_g]
        left_p = [p for pi, p in enumerate(preds) if pi not in matched_p]
        for g in left_g:
            fn[g.type] += 1
        for p in left_p:
            fp[p.type] += 1
        confused = _greedy(left_g, left_p, dyad_matches)
        for gi, pi in confused:
            confusion[left_g[gi].type, left_p[pi].type] += 1
        confused_g = {gi for gi, _ in confused}
        confused_p = {pi for _, pi in confused}
        for gi, g in enumerate(left_g):
            if gi not in confused_g:
                confusion[g.type, NONE] += 1
        for pi, p in enumerate(left_p):
            if pi not in confused_p:
                confusion[NONE, p.type] += 1
        results.append(ItemResult(
            id=item.id,
            text=item.text,
            matched=tuple((golds[gi], preds[pi]) for gi, pi in pairs),
            uncoded=tuple(left_g),
            extra=tuple(left_p),
        ))
    types = sorted(set(tp) | set(fp) | set(fn), key=_type_order)
    correct = sum(tp.values())
    return Report(
        items=len(gold),
        no_event_items=no_event,
        no_event_items_with_events=no_event_hit,
        gold_events=correct + sum(fn.values()),
        predicted_events=correct + sum(fp.values()),
        correct=correct,
        uncoded=sum(fn.values()),
        extra=sum(fp.values()),
        types={t: TypeScore(tp[t], fp[t], fn[t]) for t in types},
        confusion=dict(confusion),
        status_pairs=dict(status_pairs),
        mode_matched=mode_matched,
        mode_correct=mode_correct,
        unscored_articles=sum(1 for a, evs in predicted.items() if evs and a not in gold_ids),
        results=tuple(results),
    )


def _type_order(t: str) -> tuple[int, str]:
    return (PLOVER_TYPES.index(t), t) if t in PLOVER_TYPES else (len(PLOVER_TYPES), t)


# --- coding the gold texts --------------------------------------------------

def articles_of(gold: Iterable[GoldItem]) -> list[Article]:
    """The gold texts as articles (id, text, publication date) for the pipeline."""
    return [Article(id=item.id, text=item.text, published=item.date, origin=item.origin) for item in gold]


def code_gold(gold: Sequence[GoldItem], pipeline: Any = None) -> dict[str, list[PredictedEvent]]:
    """Code the gold texts with ``pipeline`` (an :class:`eventwire.pipeline.Pipeline`;
    None builds the default one) and group the events by item id."""
    if pipeline is None:
        from eventwire.pipeline import Pipeline

        pipeline = Pipeline()
    events = (event for result in pipeline.code(articles_of(gold)) for event in result.events)
    return predicted_from_events(events)


def code_and_score(gold: Sequence[GoldItem], pipeline: Any = None) -> Report:
    """Code the gold texts with ``pipeline`` and score the events against the gold."""
    started = time.perf_counter()
    report = score(gold, code_gold(gold, pipeline))
    log.info("coded and scored %d gold items in %.1f s", len(gold), time.perf_counter() - started)
    return report
