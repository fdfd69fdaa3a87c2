"""What the stages read of a parsed Doc again and again, built once per Doc.

spaCy builds ``Doc.text`` and ``Doc.ents`` anew on every call, walking every
token of the article; ``Span.ents`` walks the whole Doc's entities too, and
``Span.text`` joins its tokens. The stages ask for them thousands of times an
article, so these helpers keep them in ``doc.user_data`` (the entities as token
offsets, so that nothing there holds the Doc), and :func:`forget` drops them.
"""

from __future__ import annotations

import bisect

from spacy.tokens import Doc, Span, Token

_TEXT = "eventwire.text"
_ENTS = "eventwire.ents"


def doc_text(doc: Doc) -> str:
    """The Doc's text."""
    text = doc.user_data.get(_TEXT)
    if text is None:
        text = doc.user_data[_TEXT] = doc.text
    return text


def span_text(span: Span) -> str:
    """``Span.text``, cut from the Doc's text."""
    return doc_text(span.doc)[span.start_char : span.end_char] if len(span) else ""


def parsed_from(doc: Doc, text: str) -> Doc:
    """The Doc, knowing that ``text`` is what it was parsed from (spaCy keeps a text whole)."""
    doc.user_data[_TEXT] = text
    return doc


def entities(doc: Doc) -> tuple[Span, ...]:
    """The Doc's named entities, in order."""
    return tuple(_span(doc, e) for e in _bounds(doc)[0])


def span_entities(span: Span) -> tuple[Span, ...]:
    """The named entities inside a span (a sentence), in order: ``Span.ents``."""
    bounds, starts = _bounds(span.doc)
    k = bisect.bisect_left(starts, span.start)
    out = []
    while k < len(bounds) and bounds[k][1] <= span.end:
        out.append(_span(span.doc, bounds[k]))
        k += 1
    return tuple(out)


def entity_at(tok: Token) -> Span | None:
    """The named entity the token is part of, or None."""
    bounds, starts = _bounds(tok.doc)
    k = bisect.bisect_right(starts, tok.i) - 1
    return _span(tok.doc, bounds[k]) if k >= 0 and tok.i < bounds[k][1] else None


def forget(doc: Doc) -> None:
    """Drop what these helpers keep of the Doc."""
    doc.user_data.pop(_TEXT, None)
    doc.user_data.pop(_ENTS, None)


# Each entity is kept as (start, end, label, kb_id, span_id): Spans would hold the Doc that holds them.
_Bounds = tuple[int, int, int, int, int]


def _bounds(doc: Doc) -> tuple[list[_Bounds], list[int]]:
    found = doc.user_data.get(_ENTS)
    if found is None:
        bounds = [(e.start, e.end, e.label, e.kb_id, e.id) for e in doc.ents]
        found = doc.user_data[_ENTS] = (bounds, [b[0] for b in bounds])
    return found


def _span(doc: Doc, b: _Bounds) -> Span:
    return Span(doc, b[0], b[1], label=b[2], kb_id=b[3], span_id=b[4])
