"""Score coded events against span gold: types, and the words that name actor and recipient.

Matching rule
-------------
Scoring is per gold item (one sentence). A coded event of the sentence has a
*right type* for a gold event when its type is the gold type or one of the
gold's alternatives (``CONCEDE|RETREAT``). Its actor is *right* when the gold
gives no actor words, or when the words that name the coded actor (its entity
text, and the words at its character span) share a word with the gold actor
words (:func:`eventwire.evaluation.words.overlap`: case, accents and stop
words ignored); it is *missing* when the coded event names no actor, *wrong*
otherwise. The recipient likewise. A coded event may answer several gold
events: these figures ask whether the coder found each gold event, not how
many times.

* **type recall**: share of gold events with a coded event of a right type in
  their sentence;
* **span-dyad recall**: share of gold events with a coded event whose type,
  actor and recipient are all right;
* **type precision**: share of coded events whose type is one of their
  sentence's gold types. Span gold usually annotates one relation a sentence,
  so other true events count against it: read it as a lower bound;
* **silent sentences**: share of sentences with a gold event that get no
  coded event at all.

Per type: recall over the gold events of the type, precision over the coded
events counted under it (a coded CONCEDE counts under ``CONCEDE|RETREAT``).

A gold event not found with its dyad is a *miss* of one kind: ``no event``
(the sentence got none), ``wrong type`` (none of a right type), or, for the
right-type event with the most right roles, ``actor missing``/``actor wrong``
and ``recipient missing``/``recipient wrong`` (both roles may miss). For a
``wrong type`` miss, the coded types of the sentence that answer no gold event
are counted as confusions (gold type, coded type).
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from eventwire.evaluation.gold import GoldEvent, GoldItem
from eventwire.evaluation.measures import Miss, MissReport, Share, TypeScore, label_for, type_order, unscored
from eventwire.evaluation.predicted import PredictedEvent
from eventwire.evaluation.words import overlap

NO_EVENT, WRONG_TYPE = "no event", "wrong type"
ACTOR_MISSING, ACTOR_WRONG = "actor missing", "actor wrong"
RECIPIENT_MISSING, RECIPIENT_WRONG = "recipient missing", "recipient wrong"
MISS_KINDS = (NO_EVENT, WRONG_TYPE, ACTOR_MISSING, ACTOR_WRONG, RECIPIENT_MISSING, RECIPIENT_WRONG)
_RIGHT, _MISSING, _WRONG = "right", "missing", "wrong"


@dataclass(frozen=True, slots=True)
class SpanReport(MissReport):
    """The outcome of scoring coded events against span gold (see the module doc).

    ``overall`` counts all types together: gold events, coded events, gold
    events whose type was found, coded events of a right type.
    """

    overall: TypeScore
    types: dict[str, TypeScore]
    confusion: dict[tuple[str, str], int]
    items: int
    event_items: int
    silent_items: int
    dyad_found: int

    kinds = MISS_KINDS
    rates = ("type_recall", "dyad_recall", "type_precision", "silent_share")
    shown = (("sentences", "items"), ("gold events", "overall.gold"), ("coded events", "overall.predicted"),
             ("type recall", "type_recall"), ("span-dyad recall", "dyad_recall"),
             ("type precision (lower bound)", "type_precision"), ("sentences with no event", "silent_share"))
    type_recall = Share("overall.found", "overall.gold", "Share of gold events with a coded event of a right type.")
    dyad_recall = Share("dyad_found", "overall.gold", "Share of gold events with a coded event whose type, "
                        "actor and recipient are right.")
    type_precision = Share("overall.right", "overall.predicted", "Share of coded events whose type is one of "
                           "their sentence's gold types (a lower bound).")
    silent_share = Share("silent_items", "event_items", "Share of sentences with a gold event that got no coded event.")

    def to_json(self, details: bool = False) -> dict[str, Any]:
        """The figures as JSON-ready values, per type too; ``details`` adds every miss."""
        out = MissReport.to_json(self, details)
        out["types"] = {t: {**dataclasses.asdict(s), "precision": s.precision, "recall": s.recall, "f1": s.f1}
                        for t, s in self.types.items()}
        out["confusion"] = [{"gold": g, "coded": p, "count": n} for (g, p), n in sorted(self.confusion.items())]
        return out


def role_state(names: Sequence[str], gold_words: str | None) -> str:
    """How a coded role answers a gold span: right, missing or wrong (see the module doc)."""
    if gold_words is None:
        return _RIGHT
    if not names:
        return _MISSING
    return _RIGHT if overlap(names, gold_words) else _WRONG


def judge_event(gold: GoldEvent, coded: Sequence[PredictedEvent]) -> tuple[bool, bool, list[str]]:
    """(type found, dyad found, miss kinds) of one gold event among its sentence's coded events."""
    if not coded:
        return False, False, [NO_EVENT]
    typed = [p for p in coded if p.type in gold.types]
    if not typed:
        return False, False, [WRONG_TYPE]
    states = [(role_state(p.actor_names, gold.actor_text), role_state(p.recipient_names, gold.recipient_text))
              for p in typed]
    if (_RIGHT, _RIGHT) in states:
        return True, True, []
    actor, recipient = max(states, key=lambda s: s.count(_RIGHT))
    kinds = {(_MISSING, "a"): ACTOR_MISSING, (_WRONG, "a"): ACTOR_WRONG,
             (_MISSING, "r"): RECIPIENT_MISSING, (_WRONG, "r"): RECIPIENT_WRONG}
    return True, False, [kinds[s, role] for s, role in ((actor, "a"), (recipient, "r")) if s != _RIGHT]


def _gold_json(e: GoldEvent) -> dict[str, Any]:
    return {"type": e.type, "actor": e.actor_text, "recipient": e.recipient_text}


def _coded_json(p: PredictedEvent) -> dict[str, Any]:
    return {"type": p.type, "actor": list(p.actor_names), "recipient": list(p.recipient_names),
            "trigger": p.event_text}


def score_spans(gold: Sequence[GoldItem], predicted: Mapping[str, Sequence[PredictedEvent]]) -> SpanReport:
    """Score coded events, grouped by article id, against span gold items (see the module doc)."""
    labels = frozenset(e.type for item in gold for e in item.events)
    counts: Counter[str] = Counter()
    per_type = {key: Counter[str]() for key in ("gold", "found", "predicted", "right")}
    confusion: Counter[tuple[str, str]] = Counter()
    misses: list[Miss] = []
    for item in gold:
        coded = tuple(predicted.get(item.id, ()))
        coded_json = tuple(_coded_json(p) for p in coded)
        right_types = {t for e in item.events for t in e.types}
        counts["event_items"] += bool(item.events)
        counts["silent_items"] += bool(item.events) and not coded
        for p in coded:
            per_type["predicted"][label_for(p.type, labels)] += 1
            per_type["right"][label_for(p.type, labels)] += p.type in right_types
        for e in item.events:
            type_found, dyad_found, kinds = judge_event(e, coded)
            per_type["gold"][e.type] += 1
            per_type["found"][e.type] += type_found
            counts["dyad_found"] += dyad_found
            misses += [Miss(kind, item.id, item.text, _gold_json(e), coded_json) for kind in kinds]
            if kinds == [WRONG_TYPE]:
                # a coded event that answers another gold event of the sentence is no confusion
                confusion.update((e.type, p.type) for p in coded if p.type not in right_types)
    types = {t: TypeScore(*(per_type[k][t] for k in ("gold", "predicted", "found", "right")))
             for t in sorted(set(per_type["gold"]) | set(per_type["predicted"]), key=type_order)}
    return SpanReport(
        overall=TypeScore(*(sum(per_type[k].values()) for k in ("gold", "predicted", "found", "right"))),
        types=types, confusion=dict(confusion), items=len(gold), event_items=counts["event_items"],
        silent_items=counts["silent_items"], dyad_found=counts["dyad_found"], misses=tuple(misses),
        unscored_articles=unscored({item.id for item in gold}, predicted),
    )
