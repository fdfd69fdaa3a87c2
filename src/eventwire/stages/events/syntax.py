"""Events: what a token is in the dependency parse, as the role rules and sentence rules read it."""

from __future__ import annotations

from spacy.tokens import Token

#: dependencies only a noun can take: a "verb" there is a noun the tagger got wrong
NOMINAL_DEPS = ("dobj", "pobj", "nsubj", "nsubjpass")


def is_nominal(tok: Token) -> bool:
    """A noun, or a word the tagger took for a verb where only a noun can stand ("launched military drills")."""
    return tok.pos_ in ("NOUN", "PROPN") or (tok.pos_ == "VERB" and tok.dep_ in NOMINAL_DEPS)


def is_passive(tok: Token) -> bool:
    """True when the verb is passive (has a passive subject or auxiliary)."""
    return any(c.dep_ in ("nsubjpass", "auxpass", "csubjpass") for c in tok.children)


def is_imperative(tok: Token) -> bool:
    """A base-form verb heading a clause with no subject, no modal and no 'to'."""
    if tok.tag_ != "VB" or tok.dep_ not in ("ROOT", "ccomp", "conj", "parataxis"):
        return False
    for c in tok.children:
        if c.dep_ in ("nsubj", "nsubjpass", "expl", "aux", "auxpass", "mark"):
            return False
    if tok.dep_ == "conj":
        return is_imperative(tok.head)
    return True


def pobj(prep: Token) -> Token | None:
    """The object of a preposition (a noun or a clause), or None."""
    for c in prep.children:
        if c.dep_ in ("pobj", "pcomp"):
            return c
    return None


#: the tags of a clause head that is no finite verb: a bare, "to" or participle form
NONFINITE_TAGS = ("VB", "VBN", "VBG")


def small_clause_subject(verb: Token) -> Token | None:
    """The subject of the small clause a verb governs, which is the verb's own object ("convicted the
    bank to pay", "found Smith guilty", "ordered the editors jailed"); None for a finite clause
    ("said that Smith left", "warned Smith would pay")."""
    for c in verb.children:
        if c.dep_ != "ccomp" or c.i < verb.i:
            continue
        if any(g.dep_ in ("mark", "aux", "auxpass") and g.tag_ != "TO" for g in c.children):
            continue  # "that"/"whether", a modal or a tensed auxiliary: a finite clause
        if c.tag_ in NONFINITE_TAGS or c.pos_ == "ADJ":
            subject = next((g for g in c.children if g.dep_ in ("nsubj", "nsubjpass") and g.i < c.i), None)
            if subject is not None and subject.i > verb.i:
                return subject
    return None
