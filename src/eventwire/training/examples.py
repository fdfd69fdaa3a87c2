"""Training examples from gold: each gold text coded by the patterns, with the labels its gold events give.

A text's label is its gold event type (alternatives such as ``CONCEDE|RETREAT``
stay one label); a text with several events shares its weight among their
labels; a text with no event is labelled :data:`~eventwire.stages.learned.folder.NONE_LABEL`.
The patterns' events come with it: what the encoder may read beside the
sentence (:func:`~eventwire.stages.learned.features.trigger_text`) and the
candidates the role ranker learns from.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from eventwire.errors import InputError
from eventwire.evaluation.gold import LOCATION, GoldItem, format_of
from eventwire.evaluation.score import articles_of
from eventwire.records import Coding
from eventwire.stages.learned.features import trigger_text
from eventwire.stages.learned.folder import NONE_LABEL

#: The stages whose output training reads: everything the learned stage itself is given.
BEFORE_LEARNED = ("parse", "actors", "events")


@dataclass(frozen=True, slots=True)
class Example:
    """One gold text for training, with its coding by the patterns
    and their triggers (what the encoder may read beside the words)."""

    item: GoldItem
    coding: Coding
    triggers: str

    @property
    def text(self) -> str:
        """The gold text."""
        return self.item.text

    @property
    def targets(self) -> dict[str, float]:
        """The label weights of the text (:func:`targets_of`)."""
        return targets_of(self.item)


def targets_of(item: GoldItem) -> dict[str, float]:
    """The label weights of a gold text: its event types sharing one, or the no-event label."""
    if not item.events:
        return {NONE_LABEL: 1.0}
    weights: dict[str, float] = {}
    for e in item.events:
        weights[e.type] = weights.get(e.type, 0.0) + 1.0 / len(item.events)
    return weights


def label_set(examples: Sequence[Example]) -> tuple[str, ...]:
    """Every label of the examples, in a fixed order."""
    return tuple(sorted({label for ex in examples for label in ex.targets}))


def check_trainable(items: Sequence[object], where: str) -> None:
    """Raise InputError unless the items are gold with event types (country or span gold).

    Raises:
        InputError: for event-location gold, which gives no types, or a set with no event.
    """
    if format_of(items) == LOCATION:  # type: ignore[arg-type]
        raise InputError(f"{where}: event-location gold gives no event types to learn; "
                         "train on country or span gold")
    if not any(getattr(i, "events", ()) for i in items):
        raise InputError(f"{where}: no gold event to learn from")


def build_examples(items: Sequence[GoldItem], pipeline: object,
                   progress: Callable[[int], None] | None = None) -> list[Example]:
    """Code the gold texts with ``pipeline`` (parse, actors, events) and pair each with its labels."""
    articles = articles_of(items)
    size = getattr(getattr(pipeline, "settings", None), "batch_size", 64)
    examples: list[Example] = []
    for begin in range(0, len(articles), size):
        codings = pipeline.run_batch(articles[begin : begin + size])  # type: ignore[attr-defined]
        for item, coding in zip(items[begin : begin + size], codings, strict=True):
            examples.append(Example(item, coding, trigger_text(coding.events)))
        if progress is not None:
            progress(len(codings))
    return examples
