"""Measuring the coder against gold: read a gold set, code its texts, score the events.

::

    from eventwire.evaluation import code_gold, load_gold, score, score_halves

    items = load_gold("gold.jsonl")      # country, span or event-location gold
    predicted = code_gold(items)         # or load_predicted("events.jsonl")
    report = score(items, predicted)     # Report, SpanReport or LocationReport
    halves = score_halves(items, predicted)  # {"tune": ..., "check": ..., "all": ...}

Any subset of the items scores the same way (a cross-validation fold, one
half). The modules: gold records and halves (:mod:`.gold`), reading the
formats (:mod:`.formats`), coded events (:mod:`.predicted`), the matching
rules (:mod:`.country`, :mod:`.spans`, :mod:`.locations`, with the words they
compare in :mod:`.words`), the halves side by side (:mod:`.halves`) and the
PETRARCH2 suite (:mod:`.peer`).
"""

from eventwire.evaluation.country import Report, score_country
from eventwire.evaluation.formats import load_gold
from eventwire.evaluation.gold import (
    CHECK,
    FORMATS,
    HALVES,
    TUNE,
    GoldEvent,
    GoldItem,
    GoldText,
    LocationItem,
    Span,
    format_of,
    half,
    in_half,
)
from eventwire.evaluation.locations import LocationReport, score_locations
from eventwire.evaluation.predicted import PredictedEvent, load_predicted, predicted_from_events
from eventwire.evaluation.score import code_and_score, code_gold, score, score_halves
from eventwire.evaluation.spans import SpanReport, score_spans

__all__ = [
    "CHECK", "FORMATS", "HALVES", "TUNE", "GoldEvent", "GoldItem", "GoldText", "LocationItem", "LocationReport",
    "PredictedEvent", "Report", "Span", "SpanReport", "code_and_score", "code_gold", "format_of", "half", "in_half",
    "load_gold", "load_predicted", "predicted_from_events", "score", "score_country", "score_halves",
    "score_locations", "score_spans",
]
