"""Score coded events against gold, of any format, and code gold texts to score them.

:func:`score` picks the matching rule from the items' format: country gold
(:mod:`.country`), span gold (:mod:`.spans`) or event-location gold
(:mod:`.locations`). :func:`score_halves` scores the tune and the check half
of a gold set apart, and both together. :func:`code_gold` codes the gold
texts through a :class:`eventwire.pipeline.Pipeline`, each text an article
with the gold date as its publication date.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any

from eventwire.evaluation.country import ItemResult, Report, dyad_matches, event_matches, score_country
from eventwire.evaluation.formats import PLOVER_MODES, gold_item_from_json, load_gold
from eventwire.evaluation.gold import (
    ALL,
    HALVES,
    LOCATION,
    SPAN,
    GoldEvent,
    GoldItem,
    GoldText,
    LocationItem,
    format_of,
    in_half,
)
from eventwire.evaluation.locations import LocationReport, score_locations
from eventwire.evaluation.measures import TypeScore
from eventwire.evaluation.predicted import PredictedEvent, load_predicted, predicted_event, predicted_from_events
from eventwire.evaluation.spans import SpanReport, score_spans
from eventwire.records import Article, Event

__all__ = [
    "PLOVER_MODES", "GoldEvent", "GoldItem", "ItemResult", "LocationItem", "LocationReport", "PredictedEvent",
    "Report", "SpanReport", "TypeScore", "code_and_score", "code_gold", "dyad_matches", "event_matches",
    "gold_item_from_json", "load_gold", "load_predicted", "predicted_event", "predicted_from_events", "score",
    "score_halves",
]

log = logging.getLogger(__name__)

AnyReport = Report | SpanReport | LocationReport
Predicted = Mapping[str, Sequence[PredictedEvent]]


def score(gold: Sequence[GoldText], predicted: Predicted, fmt: str | None = None) -> AnyReport:
    """Score coded events, grouped by article id, against gold items of one format.

    Returns a :class:`Report` for country gold, a :class:`SpanReport` for
    span gold and a :class:`LocationReport` for event-location gold. ``fmt``
    names the format where the items cannot tell it (there may be none).

    Raises:
        InputError: if the items mix formats.
    """
    fmt = fmt or format_of(gold)
    if fmt == LOCATION:
        return score_locations(gold, predicted)  # type: ignore[arg-type]
    if fmt == SPAN:
        return score_spans(gold, predicted)  # type: ignore[arg-type]
    return score_country(gold, predicted)  # type: ignore[arg-type]


def score_halves(gold: Sequence[GoldText], predicted: Predicted) -> dict[str, AnyReport]:
    """The reports of the tune half, the check half and all of a gold set, by :data:`~.gold.HALVES` name."""
    every, fmt = {item.id for item in gold}, format_of(gold)
    reports = {}
    for which in HALVES:
        items = in_half(gold, which)
        mine = {item.id for item in items}
        # a coded event of the other half is neither scored nor counted as unscored here
        events = predicted if which == ALL else {a: e for a, e in predicted.items() if a in mine or a not in every}
        reports[which] = score(items, events, fmt)
    return reports


def articles_of(gold: Iterable[GoldText]) -> list[Article]:
    """The gold texts as articles (id, text, publication date) for the pipeline."""
    return [Article(id=item.id, text=item.text, published=item.date, origin=getattr(item, "origin", None))
            for item in gold]


def code_gold(gold: Sequence[GoldText], pipeline: Any = None,
              progress: Callable[[int], None] | None = None) -> dict[str, list[PredictedEvent]]:
    """Code the gold texts and group the events by item id.

    Args:
        gold: gold items of any format.
        pipeline: an :class:`eventwire.pipeline.Pipeline` (anything with its
            ``code(articles)``); None builds the default one. It codes in
            batches of its ``batch_size``.
        progress: called with the number of texts each time coded texts come back.
    """
    if pipeline is None:
        from eventwire.pipeline import Pipeline

        pipeline = Pipeline()

    def events() -> Iterator[Event]:
        for result in pipeline.code(articles_of(gold)):
            if progress is not None:
                progress(1)
            yield from result.events

    return predicted_from_events(events())


def code_and_score(gold: Sequence[GoldText], pipeline: Any = None,
                   progress: Callable[[int], None] | None = None) -> AnyReport:
    """Code the gold texts with ``pipeline`` (see :func:`code_gold`) and score the events against the gold."""
    started = time.perf_counter()
    report = score(gold, code_gold(gold, pipeline, progress))
    log.info("coded and scored %d gold items in %.1f s", len(gold), time.perf_counter() - started)
    return report
