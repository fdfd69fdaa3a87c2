"""How the model's verdict on a sentence and the patterns' events of it combine.

For a sentence the model read, with label probabilities ``P``:

1. Each pattern event keeps its type, roles and evidence; its confidence becomes
   the mean of the pattern's confidence and the probability the model gives its
   type (the sum over the labels that name the type). A type no label names
   (the model was never shown one) keeps the pattern's confidence.
2. When the model's top label names a type no pattern event of the sentence has,
   and the model gives it at least the threshold, an event of that type is coded:
   the best pattern event re-typed when the sentence has one, else a new event on
   the main clause. Its confidence is the model's probability.
3. Every event whose confidence is below the threshold is dropped. The
   threshold trades recall for precision.

"Model alone" (for cross-validation) codes only step 2's event, whatever the
patterns found. A sentence the model did not read keeps the patterns' events.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping, Sequence

from eventwire.records import Event
from eventwire.stages.learned.folder import NONE_LABEL

BOTH, ALONE = "both", "alone"
COMBINATIONS = (BOTH, ALONE)


def type_probability(probabilities: Mapping[str, float], event_type: str) -> float:
    """The probability the model gives a PLOVER type: the sum over the labels that name it."""
    return sum(p for label, p in probabilities.items() if label != NONE_LABEL and event_type in label.split("|"))


def top_label(probabilities: Mapping[str, float]) -> tuple[str, float]:
    """The most probable label and its probability (ties to the first label in order)."""
    return max(probabilities.items(), key=lambda kv: kv[1])


def combine(events: Sequence[Event], probabilities: Mapping[str, float], threshold: float,
            code: Callable[[tuple[str, ...], Event | None, float], Event | None], combination: str = BOTH) -> list[Event]:
    """The events of one sentence after combining (see the module doc).

    ``code(types, pattern_event, confidence)`` makes the model's own event of one
    of the label's ``types``: the pattern event re-typed, or (given None) a new
    main-clause event, or None when it cannot be coded.
    """
    label, p_top = top_label(probabilities)
    types = () if label == NONE_LABEL else tuple(label.split("|"))
    if combination == ALONE:
        made = code(types, None, round(p_top, 2)) if types else None
        return [made] if made is not None else []
    known = {t for label in probabilities if label != NONE_LABEL for t in label.split("|")}
    kept = [dataclasses.replace(e, confidence=round((e.confidence + type_probability(probabilities, e.event)) / 2, 2))
            if e.event in known else e for e in events]
    if types and p_top >= threshold and not any(e.event in types for e in kept):
        best = max(kept, key=lambda e: e.confidence, default=None)
        made = code(types, best, round(p_top, 2))
        if made is not None:
            kept.append(made)
    return [e for e in kept if e.confidence >= threshold]
