"""Events: what a sentence reports, and what it tells only as background.

News puts its report in the main clause and its background in clauses that
describe a party ("militants who stormed the court"), in participial phrases
("an area devastated by the cyclone") and in clauses of time ("after Russia
seized Crimea", "during the visit"). An event told only there is coded when
the sentence reports nothing else; when its main clause reports an event of
another type, the background is not coded again. The clause kinds and the
words of time are data (``background_deps`` and ``background_marks`` in
``conventions.yaml``).
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from eventwire.records import Event
from eventwire.stages.events.conventions import Conventions


def in_background(tok: Token, conventions: Conventions) -> bool:
    """True when the trigger stands in a describing clause or a clause of time, its nearest clause that is not
    the main one deciding ("forces who shelled the town": yes; "said it would withdraw after talks": no)."""
    if tok.sent.root.pos_ not in ("VERB", "AUX"):
        return False  # a headline or a misparse with a noun for its root has no main clause to set it against
    for t in (tok, *tok.ancestors):
        if t.dep_ in conventions.background_deps:
            # ", calling for ...", ", stressing that ...": a participle set off by a comma goes with the main
            # clause, whatever noun the parser hangs it on
            return not (t.tag_ == "VBG" and t.left_edge.i > 0 and t.doc[t.left_edge.i - 1].text == ",")
        if t.dep_ == "advcl":
            return any(c.dep_ == "mark" and c.lower_ in conventions.background_marks for c in t.children)
        if t.dep_ in ("pobj", "pcomp") and t.head.dep_ == "prep" and t.head.lower_ in conventions.background_preps:
            return True
    return False


def drop_background(found: list[Event], doc: Doc, conventions: Conventions) -> list[Event]:
    """The events of the sentence without those told as background of a main-clause event of another type."""
    background = {e.trigger for e in found if in_background(doc[e.trigger], conventions)}
    reported = {e.event for e in found if e.trigger not in background}
    if not reported:
        return found
    return [e for e in found if e.trigger not in background or e.event in reported]
