"""The report of a country-gold scoring: PETRARCH's counts, per-type scores, confusion and status tables."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from eventwire.evaluation.gold import GoldEvent
from eventwire.evaluation.measures import Share, TypeScore, harmonic, share, table, type_order
from eventwire.evaluation.predicted import PredictedEvent
from eventwire.records import STATUSES


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
    """The outcome of scoring predicted events against a country gold set."""

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

    correct_rate = Share("correct", "gold_events", "Share of gold events found (micro recall).")
    uncoded_rate = Share("uncoded", "gold_events", "Share of gold events missed.")
    extra_rate = Share("extra", "predicted_events", "Share of predicted events that match no gold event.")
    precision = Share("correct", "predicted_events", "Micro precision over all types.")
    recall = Share("correct", "gold_events", "Micro recall over all types (equals ``correct_rate``).")
    mode_accuracy = Share("mode_correct", "mode_matched", "Share of matched pairs with a gold mode whose mode agrees.")

    @property
    def f1(self) -> float:
        """Micro F1 over all types."""
        return harmonic(self.precision, self.recall)

    @property
    def macro_f1(self) -> float:
        """Mean F1 over the types that occur in gold."""
        present = [s.f1 for s in self.types.values() if s.gold]
        return sum(present) / len(present) if present else 0.0

    @property
    def status_accuracy(self) -> float:
        """Share of matched pairs whose status agrees."""
        same = sum(n for (g, p), n in self.status_pairs.items() if g == p)
        return share(same, sum(self.status_pairs.values()))

    def to_json(self) -> dict[str, Any]:
        """The report as plain JSON-ready values (no per-item detail)."""
        counts = ("items", "no_event_items", "no_event_items_with_events", "gold_events", "predicted_events",
                  "correct", "uncoded", "extra", "correct_rate", "uncoded_rate", "extra_rate", "precision",
                  "recall", "f1", "macro_f1", "status_accuracy", "mode_accuracy", "unscored_articles")
        return {
            **{name: getattr(self, name) for name in counts},
            "types": {t: s.to_json() for t, s in self.types.items()},
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
        lines += [
            f"{t:<10} {s.gold:>5} {s.predicted:>5} {s.found:>5} {s.precision:>6.3f} {s.recall:>6.3f} {s.f1:>6.3f}"
            for t, s in self.types.items() if s.gold or s.predicted
        ]
        lines += ["", "type confusion (rows gold, columns predicted):", *self._confusion_table()]
        lines += ["", "status (rows gold, columns predicted, matched pairs):", *self._status_table()]
        if details:
            lines += ["", "imperfect items:"]
            lines += [_describe(r) for r in self.results if not r.perfect]
        return "\n".join(lines)

    def _confusion_table(self) -> list[str]:
        rows = sorted({g for g, _ in self.confusion}, key=type_order)
        cols = sorted({p for _, p in self.confusion}, key=type_order)
        return table(rows, cols, self.confusion, {c: c[:4] for c in cols})

    def _status_table(self) -> list[str]:
        used = {g for g, _ in self.status_pairs} | {p for _, p in self.status_pairs}
        labels = [s for s in STATUSES if s in used] + sorted(used - set(STATUSES))
        return table(labels, labels, self.status_pairs, {s: s[:6] for s in labels})


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
