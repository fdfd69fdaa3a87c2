"""The Doc views the stages share (``eventwire.stages.docs``) say what spaCy says, built once."""

from __future__ import annotations

import pytest

from eventwire.stages import docs
from eventwire.stages.dateline import _opening, find_dateline

TEXT = (
    "KYIV, Ukraine (AP) -- Russian forces shelled Kharkiv on Monday, Ukraine's military said.\n\n"
    "President Volodymyr Zelenskyy met Antony Blinken in Kyiv.  The United Nations and the European Union "
    "condemned the strikes on power stations in Odesa and Lviv.\n"
    "Talks in Geneva ended without a deal, according to Reuters."
)

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def doc(nlp):
    parsed = nlp(TEXT)
    assert len(parsed.ents) >= 8
    return parsed


def test_text_and_entities_are_spacys(doc):
    docs.forget(doc)
    assert docs.doc_text(doc) == doc.text
    assert [(e.start, e.end, e.label_, e.kb_id_) for e in docs.entities(doc)] == \
        [(e.start, e.end, e.label_, e.kb_id_) for e in doc.ents]
    for sent in doc.sents:
        assert docs.span_text(sent) == sent.text
        assert [(e.start, e.end, e.label_) for e in docs.span_entities(sent)] == \
            [(e.start, e.end, e.label_) for e in sent.ents]
    for start in range(len(doc)):
        for end in (start + 1, start + 3, start + 7):
            span = doc[start:end]
            assert docs.span_text(span) == span.text
    assert docs.span_text(doc[3:3]) == ""


def test_the_entity_of_every_token(doc):
    docs.forget(doc)
    for tok in doc:
        want = next((e for e in doc.ents if e.start <= tok.i < e.end), None)
        got = docs.entity_at(tok)
        assert (got.start, got.end, got.label_) == (want.start, want.end, want.label_) if want else got is None


def test_a_span_cuts_entities_as_spacy_does(doc):
    """An entity that runs past the span's end ends the span's entities, as ``Span.ents`` does."""
    docs.forget(doc)
    ent = next(e for e in doc.ents if len(e) > 1)
    span = doc[max(ent.start - 4, 0) : ent.end - 1]
    assert [(e.start, e.end) for e in docs.span_entities(span)] == [(e.start, e.end) for e in span.ents]


def test_what_is_kept_holds_no_span_and_is_forgotten(doc):
    docs.forget(doc)
    docs.entities(doc)
    docs.doc_text(doc)
    kept = {k: v for k, v in doc.user_data.items() if isinstance(k, str) and k.startswith("eventwire.")}
    assert set(kept) == {"eventwire.text", "eventwire.ents"}
    assert not any(isinstance(x, type(doc[0:1])) for b in kept["eventwire.ents"][0] for x in b)
    doc.to_bytes()  # the Doc still serialises
    docs.forget(doc)
    assert not any(isinstance(k, str) and k.startswith("eventwire.") for k in doc.user_data)


def test_the_dateline_reads_the_same_opening_as_the_whole_text(doc):
    for chars in (0, 1, 5, 18, 19, 20, 21, 60, len(TEXT) - 1, len(TEXT) + 40):
        opening = _opening(doc, chars)
        assert TEXT.startswith(opening)
        assert len(opening) >= min(chars + 1, len(TEXT))
    assert find_dateline(_opening(doc, 80)) == find_dateline(TEXT) == (0, len("KYIV, Ukraine (AP) --"))


def test_the_component_leaves_nothing_behind(nlp, settings):
    from eventwire.component import EventwireComponent

    parsed = nlp(TEXT)
    EventwireComponent(nlp, "eventwire", settings)(parsed)
    assert parsed._.events
    assert not any(isinstance(k, str) and k.startswith("eventwire.") for k in parsed.user_data)
