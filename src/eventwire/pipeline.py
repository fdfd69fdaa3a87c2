"""Builds the stages in order and runs articles through them."""

from __future__ import annotations

import importlib
import logging
from collections.abc import Iterable, Iterator

from eventwire.errors import ConfigError
from eventwire.records import Article, Coding, Result
from eventwire.batches import batched
from eventwire.settings import Settings
from eventwire.stages import Stage
from eventwire.stages.parse import sentences_of

log = logging.getLogger(__name__)

# name -> "module:Class"; a stage class takes Settings.
REGISTRY: dict[str, str] = {
    "parse": "eventwire.stages.parse:ParseStage",
    "actors": "eventwire.stages.actors:ActorStage",
    "events": "eventwire.stages.events:EventStage",
    "learned": "eventwire.stages.learned:LearnedStage",
    "attribution": "eventwire.stages.attribution:AttributionStage",
    "dates": "eventwire.stages.dates:DateStage",
    "places": "eventwire.stages.places:PlaceStage",
}
# "learned" combines a trained model with the patterns' events; with no model folder set it passes them on
DEFAULT_STAGES = ("parse", "actors", "events", "learned", "attribution", "dates", "places")


def build_stage(name: str, settings: Settings) -> Stage:
    """Build one stage by its registry name."""
    if name not in REGISTRY:
        raise ConfigError(f"No stage {name!r}. Available stages: {', '.join(REGISTRY)}")
    module, cls = REGISTRY[name].split(":")
    return getattr(importlib.import_module(module), cls)(settings)


def check_order(stages: list[Stage]) -> None:
    """Raise ConfigError unless each stage's needs are added by an earlier stage."""
    have: set[str] = set()
    for stage in stages:
        missing = [n for n in stage.needs if n not in have]
        if missing:
            raise ConfigError(
                f"Stage {stage.name!r} needs {missing}, which no earlier stage adds; "
                f"order so far: {[s.name for s in stages[: stages.index(stage)]]}"
            )
        have.update(stage.adds)


class Pipeline:
    """The coding pipeline: articles in, results out."""

    def __init__(self, settings: Settings | None = None, stages: Iterable[str | Stage] = DEFAULT_STAGES) -> None:
        self.settings = settings or Settings.load()
        self.stages: list[Stage] = [
            build_stage(s, self.settings) if isinstance(s, str) else s for s in stages
        ]
        check_order(self.stages)

    def run_batch(self, articles: list[Article]) -> list[Coding]:
        """Run one batch of articles through the stages: each article's coding, its spaCy Doc included.

        An article in another language than ``settings.language`` is not run through them: its
        coding has no Doc and no events, and its article keeps its own ``lang``.
        """
        readable = [a for a in articles if a.lang == self.settings.language]
        batch = [Coding(article=a) for a in readable]
        for stage in self.stages:
            batch = stage.pipe(batch)
        if len(readable) == len(articles):
            return batch
        coded = iter(batch)
        return [next(coded) if a.lang == self.settings.language else Coding(article=a) for a in articles]

    def code_batch(self, articles: list[Article]) -> list[Result]:
        """Code one batch of articles."""
        return [
            Result(c.article, sentences_of(c) if c.doc is not None else (), c.mentions, c.events)
            for c in self.run_batch(articles)
        ]

    def code(self, articles: Iterable[Article]) -> Iterator[Result]:
        """Code articles in batches of ``settings.batch_size``, yielding one Result each."""
        for batch in batched(articles, self.settings.batch_size):
            yield from self.code_batch(batch)
