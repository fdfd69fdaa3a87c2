"""The spaCy component: ``nlp.add_pipe("eventwire")`` codes the Docs of a user's own English pipeline.

The user's pipeline parses; the component runs eventwire's stages after the
parse (actors, events, attribution, dates, places) on each Doc and sets
``doc._.events`` (:class:`~eventwire.records.Event` records) and
``doc._.actors`` (:class:`~eventwire.records.Mention` records). A Doc may
carry ``doc._.published`` (a date or ISO text) to resolve relative dates, and
``doc._.article_id`` to name its article (default ``"doc"``).

spaCy finds the factory through the ``spacy_factories`` entry point, so
``add_pipe`` works without importing eventwire first; importing this module
registers it too. The pipeline needs a dependency parser and NER, as
eventwire's own parse does.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc

from eventwire.batches import batched
from eventwire.errors import ConfigError, InputError
from eventwire.pipeline import DEFAULT_STAGES, build_stage, check_order
from eventwire.records import Article, Coding
from eventwire.settings import Settings
from eventwire.stages import Stage
from eventwire.stages.dateline import SPAN_GROUP, mark_dateline
from eventwire.stages.docs import doc_text, forget
from eventwire.stages.ingest import parse_published

#: Doc extensions: what the component sets, then what a user may set before it runs.
OUTPUTS = ("events", "actors")
INPUTS = ("published", "article_id")


class GivenDocs:
    """Stands where the parse stage would: the Docs come parsed by the user's pipeline."""

    name = "parse"
    needs: tuple[str, ...] = ()
    adds = ("doc",)

    def pipe(self, batch: list[Coding]) -> list[Coding]:
        """The batch as it is: each Coding has its Doc already."""
        return batch


def set_extensions() -> None:
    """Register the Doc extensions once (empty tuples and None until a Doc is coded or given them)."""
    for name in OUTPUTS:
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=())
    for name in INPUTS:
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)


class EventwireComponent:
    """Codes each Doc with eventwire's stages after the parse."""

    def __init__(self, nlp: Language, name: str, settings: Settings, batch_size: int = 64) -> None:
        missing = {"parser", "ner"} - set(nlp.pipe_names)
        if missing:
            raise ConfigError(f"the eventwire component needs a pipeline with a parser and NER; this one lacks {sorted(missing)}")
        self.name = name
        self.batch_size = batch_size
        self.stages: list[Stage] = [build_stage(s, settings) for s in DEFAULT_STAGES if s != "parse"]
        check_order([GivenDocs(), *self.stages])
        set_extensions()

    def __call__(self, doc: Doc) -> Doc:
        """Code one Doc: set ``doc._.events`` and ``doc._.actors``."""
        self.code([doc])
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int | None = None) -> Iterator[Doc]:
        """Code Docs in batches (what ``nlp.pipe`` calls)."""
        for batch in batched(docs, batch_size or self.batch_size):
            self.code(batch)
            yield from batch

    def code(self, docs: list[Doc]) -> None:
        """Run the stages over a batch of Docs and set their extensions."""
        for doc in docs:
            if SPAN_GROUP not in doc.spans:  # a user's pipeline has no eventwire_dateline before its parser
                mark_dateline(doc)
        try:
            batch = [Coding(article=article_of(doc), doc=doc) for doc in docs]
            for stage in self.stages:
                batch = stage.pipe(batch)
        finally:
            for doc in docs:
                forget(doc)
        for doc, coding in zip(docs, batch, strict=True):
            doc._.events = coding.events
            doc._.actors = coding.mentions


def article_of(doc: Doc) -> Article:
    """The article a Doc stands for: its text, ``doc._.article_id`` and ``doc._.published``.

    Raises:
        InputError: ``doc._.published`` is not a date.
    """
    article_id = doc._.article_id or "doc"
    try:
        published = parse_published(doc._.published) if doc._.published else None
    except ValueError as exc:
        raise InputError(f"doc._.published of {article_id!r}: {exc}") from None
    return Article(id=str(article_id), text=doc_text(doc), published=published, origin="spacy")


@Language.factory("eventwire", default_config={"dicts": [], "patterns": [], "batch_size": 64})
def make_eventwire(nlp: Language, name: str, dicts: list[str], patterns: list[str], batch_size: int) -> EventwireComponent:
    """The eventwire component, with extra actor dictionaries and event pattern files as ``eventwire code`` takes."""
    settings = Settings.load(dicts=tuple(dicts) or None, patterns=tuple(patterns) or None)
    return EventwireComponent(nlp, name, settings, batch_size)


set_extensions()

__all__ = ["EventwireComponent", "make_eventwire"]
