"""Score coded events against country gold.

Matching rule
-------------
Scoring is per gold item (one text). Within an item, a predicted event
*matches* a gold event when

* its PLOVER type is the gold type (or one of the gold's alternatives), and
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
of that type; precision, recall and F1 follow. A gold type with alternatives
(``CONCEDE|RETREAT``) is one label, and a coded CONCEDE or RETREAT counts
under it.

Type confusion: after matching, the leftover gold and predicted events of an
item are paired again, greedily, on the dyad rule alone (actor and recipient
as above, type ignored); such a pair records (gold type, predicted type).
A leftover gold event with no partner records (type, "none"), a leftover
predicted event ("none", type); matched pairs sit on the diagonal.

Predicted events for article ids that are not in the gold set are ignored and
counted in ``Report.unscored_articles``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from eventwire.evaluation.country_report import ItemResult, Report
from eventwire.evaluation.gold import GoldEvent, GoldItem
from eventwire.evaluation.measures import NONE, TypeScore, label_for, type_order, unscored
from eventwire.evaluation.predicted import PredictedEvent

__all__ = ["ItemResult", "Report", "dyad_matches", "event_matches", "score_country"]


def dyad_matches(gold: GoldEvent, predicted: PredictedEvent) -> bool:
    """True when actor and recipient agree wherever the gold event gives them."""
    return (gold.actor is None or gold.actor == predicted.actor) and (
        gold.recipient is None or gold.recipient == predicted.recipient
    )


def event_matches(gold: GoldEvent, predicted: PredictedEvent) -> bool:
    """The matching rule: a right type and an agreeing dyad."""
    return predicted.type in gold.types and dyad_matches(gold, predicted)


def _agreement(gold: GoldEvent, predicted: PredictedEvent) -> int:
    return (
        (gold.actor == predicted.actor)
        + (gold.recipient == predicted.recipient)
        + (gold.status == predicted.status)
        + (gold.mode is not None and gold.mode == predicted.mode)
    )


def _greedy(gold: Sequence[GoldEvent], predicted: Sequence[PredictedEvent],
            compatible: Callable[[GoldEvent, PredictedEvent], bool]) -> list[tuple[int, int]]:
    candidates = sorted(
        (-_agreement(g, p), gi, pi)
        for gi, g in enumerate(gold)
        for pi, p in enumerate(predicted)
        if compatible(g, p)
    )
    used_g: set[int] = set()
    used_p: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for _, gi, pi in candidates:
        if gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
            pairs.append((gi, pi))
    return sorted(pairs)


@dataclass
class _Tally:
    """The counts of a country scoring while it runs over the items."""

    labels: frozenset[str]
    tp: Counter[str] = field(default_factory=Counter)
    fp: Counter[str] = field(default_factory=Counter)
    fn: Counter[str] = field(default_factory=Counter)
    confusion: Counter[tuple[str, str]] = field(default_factory=Counter)
    status_pairs: Counter[tuple[str, str]] = field(default_factory=Counter)
    mode_matched: int = 0
    mode_correct: int = 0
    no_event: int = 0
    no_event_hit: int = 0

    def add(self, item: GoldItem, preds: list[PredictedEvent]) -> ItemResult:
        """Match one item's events and count the outcome."""
        golds = list(item.events)
        if not golds:
            self.no_event += 1
            self.no_event_hit += bool(preds)
        pairs = _greedy(golds, preds, event_matches)
        for gi, pi in pairs:
            self._matched(golds[gi], preds[pi])
        matched_g, matched_p = {gi for gi, _ in pairs}, {pi for _, pi in pairs}
        left_g = [g for gi, g in enumerate(golds) if gi not in matched_g]
        left_p = [p for pi, p in enumerate(preds) if pi not in matched_p]
        self.fn.update(g.type for g in left_g)
        self.fp.update(label_for(p.type, self.labels) for p in left_p)
        self._confused(left_g, left_p)
        return ItemResult(id=item.id, text=item.text, matched=tuple((golds[gi], preds[pi]) for gi, pi in pairs),
                          uncoded=tuple(left_g), extra=tuple(left_p))

    def _matched(self, g: GoldEvent, p: PredictedEvent) -> None:
        self.tp[g.type] += 1
        self.confusion[g.type, g.type] += 1
        self.status_pairs[g.status, p.status] += 1
        if g.mode is not None:
            self.mode_matched += 1
            self.mode_correct += g.mode == p.mode

    def _confused(self, left_g: list[GoldEvent], left_p: list[PredictedEvent]) -> None:
        confused = _greedy(left_g, left_p, dyad_matches)
        for gi, pi in confused:
            self.confusion[left_g[gi].type, left_p[pi].type] += 1
        confused_g, confused_p = {gi for gi, _ in confused}, {pi for _, pi in confused}
        self.confusion.update((g.type, NONE) for gi, g in enumerate(left_g) if gi not in confused_g)
        self.confusion.update((NONE, p.type) for pi, p in enumerate(left_p) if pi not in confused_p)


def score_country(gold: Sequence[GoldItem], predicted: Mapping[str, Sequence[PredictedEvent]]) -> Report:
    """Score predicted events, grouped by article id, against country gold items (see the module doc)."""
    tally = _Tally(labels=frozenset(e.type for item in gold for e in item.events))
    results = tuple(tally.add(item, list(predicted.get(item.id, ()))) for item in gold)
    labels = sorted(set(tally.tp) | set(tally.fp) | set(tally.fn), key=type_order)
    correct, uncoded, extra = sum(tally.tp.values()), sum(tally.fn.values()), sum(tally.fp.values())
    return Report(
        items=len(gold),
        no_event_items=tally.no_event,
        no_event_items_with_events=tally.no_event_hit,
        gold_events=correct + uncoded,
        predicted_events=correct + extra,
        correct=correct,
        uncoded=uncoded,
        extra=extra,
        types={t: TypeScore.pairs(tally.tp[t], tally.fp[t], tally.fn[t]) for t in labels},
        confusion=dict(tally.confusion),
        status_pairs=dict(tally.status_pairs),
        mode_matched=tally.mode_matched,
        mode_correct=tally.mode_correct,
        unscored_articles=unscored({item.id for item in gold}, predicted),
        results=results,
    )
