"""Events: which tokens can trigger an event, and which of their patterns fit them."""

from __future__ import annotations

import dataclasses

from spacy.tokens import Span, Token

from eventwire.records import NON_STATE, Event, Mention
from eventwire.stages.events.pattern import STATE, Pattern
from eventwire.stages.events.roles import RoleFinder
from eventwire.stages.events.syntax import NOMINAL_DEPS, is_passive

#: mention kinds that name a state as a whole
STATE_KINDS = ("country", "metonym")
POS_CLASS = {"VERB": "verb", "NOUN": "noun", "PROPN": "noun", "ADJ": "adj"}
# "-es" is a verb ending only after these; "departes" is a misspelling no dictionary means
ES_STEMS = ("s", "x", "z", "ch", "sh", "o")


def misspelt(tok: Token) -> bool:
    """True for a verb form no English verb takes: "-es" after a stem that only takes "-s"."""
    low, lemma = tok.lower_, tok.lemma_.lower()
    return low == lemma + "es" and not lemma.endswith(ES_STEMS)


def trigger_pos(tok: Token, by_token: dict[int, Mention]) -> str | None:
    """The part of speech the patterns index the token under (verb, noun, adj), or None when it triggers nothing."""
    pos = POS_CLASS.get(tok.pos_)
    if pos == "verb" and tok.dep_ in NOMINAL_DEPS:
        pos = "noun"  # a noun the tagger took for a verb ("launched military drills")
    if pos is None or (pos == "verb" and misspelt(tok)):
        return None
    if pos == "noun" and tok.dep_ == "compound" and tok.head.i in by_token:
        return None  # a noun naming a kind of actor ("riot police", "protest leaders") is no event
    return pos


def candidates(index: dict[tuple[str, str], tuple[Pattern, ...]], tok: Token, pos: str) -> tuple[Pattern, ...]:
    """The patterns of the token's lemma (an adjective's own form too), most specific first."""
    found = index.get((tok.lemma_.lower(), pos))
    if found is None and pos == "adj":
        found = index.get((tok.lower_, pos))
    return found or ()


def child_lemmas(tok: Token) -> set[str]:
    """The lemmas a pattern's with/without words are checked against: the trigger's words and theirs."""
    lemmas = set()
    for c in tok.children:
        if c.dep_ in ("aux", "auxpass", "mark", "det", "punct"):
            continue
        lemmas.add(c.lemma_.lower())
        if c.dep_ == "prep":  # "withdrawal of troops", "barred from entering": the preposition's object counts too
            for g in c.children:
                if g.dep_ == "prep":  # a two-word preposition: "forced him out of the country"
                    lemmas.update(x.lemma_.lower() for x in g.children if x.dep_ == "pobj")
                if g.dep_ in ("pobj", "pcomp"):
                    lemmas.add(g.lemma_.lower())
                    # "on the highest level of combat readiness": and what that object is of
                    lemmas.update(x.lemma_.lower() for o in g.children if o.dep_ == "prep" and o.lower_ == "of"
                                  for x in o.children if x.dep_ == "pobj")
        if c.dep_ in ("dobj", "prep"):  # "fired artillery shells", "for economic sanctions", "warned them about"
            for g in c.children:
                if g.dep_ in ("compound", "amod", "pobj", "prep"):
                    lemmas.add(g.lemma_.lower())
                    if c.dep_ == "dobj" and g.dep_ == "prep" and g.lower_ == "of":
                        # a quantity: "sent hundreds of troops", "withdrew the batch of 200 peacekeepers"
                        # (not "adopted a set of resolutions")
                        counted = not any(x.dep_ == "det" for x in c.children)
                        lemmas.update(x.lemma_.lower() for x in g.children if x.dep_ == "pobj" and (
                            counted or any(n.dep_ == "nummod" for n in x.children)))
    return lemmas


def light_verb_lemmas(head: Token) -> set[str]:
    """The words a nominal trigger's light verb adds to the trigger's own: its prepositions and their objects
    ("filed charges against the minister": the parser hangs "against" on either word)."""
    preps = [c for c in head.children if c.dep_ == "prep"]
    return {c.lemma_.lower() for c in preps} | {g.lemma_.lower() for c in preps for g in c.children if g.dep_ == "pobj"}


def object_words(tok: Token) -> set[str]:
    """The lemmas of what the trigger acts on directly: its object (its subject when passive) and the verb it
    governs ("reduced tariffs": tariff; "sanctions were lifted": sanction; "ordered them to pay": pay)."""
    deps = ("dobj", "xcomp", "nsubjpass") if is_passive(tok) else ("dobj", "xcomp")
    return {c.lemma_.lower() for c in tok.children if c.dep_ in deps}


def particle_of(tok: Token) -> str | None:
    """The particle of a phrasal verb: its "prt" child, or a preposition right after it or its object
    ("called on Iran", "stepped down", "drove the militants out of"), not one that heads a later phrase
    ("called Lavrov on Monday")."""
    after_object = max((c.right_edge.i + 1 for c in tok.children if c.dep_ == "dobj"), default=None)
    for c in tok.children:
        if c.dep_ == "prt" or (c.dep_ in ("prep", "advmod") and c.i in (tok.i + 1, after_object) and not _says_when(c)):
            return c.lower_
    return None


def _says_when(prep: Token) -> bool:
    """True for a preposition whose object is a date or time ("called Salman on Saturday")."""
    return any(c.dep_ == "pobj" and c.ent_type_ in ("DATE", "TIME") for c in prep.children)


def fits(tok: Token, p: Pattern, finder: RoleFinder, lemmas: set[str]) -> bool:
    """True when the pattern's conditions hold at the trigger; ``lemmas`` are its :func:`child_lemmas`."""
    if p.particle and particle_of(tok) not in p.particle:
        return False
    if p.with_word and not (p.with_word & lemmas):
        return False
    if p.without_word and p.without_word & lemmas:
        return False
    if p.compound and not any(c.dep_ in ("compound", "amod", "nmod") and c.lemma_.lower() in p.compound for c in tok.children):
        return False
    if p.needs_complement and not finder.has_complement(tok):
        return False
    if p.needs_clause and not any(c.dep_ == "xcomp" for c in tok.children):
        return False  # "ready to resume talks", not "ready" alone
    if p.needs_actor_object and not finder.object(tok):
        return False
    if p.needs_actor_head and not any(c.dep_ == "dobj" and c.i in finder.mentions for c in tok.children):
        return False  # "welcomed the premier" (a visit), not "welcomed the premier's decision"
    if p.needs_object and not any(c.dep_ == "dobj" for c in tok.children) and not is_passive(tok):
        return False  # "returned the artefacts to Peru", not "returned to Peru"
    if p.no_object and (is_passive(tok) or any(c.dep_ in ("dobj", "ccomp") and c.left_edge.i == tok.i + 1
                                               for c in tok.children)):
        # "demonstrated against the treaty", not "demonstrated the effectiveness of" or "that"; an object
        # the parser hangs on the verb from further on ("demonstrated outside ..., brandishing signs") is not its own
        return False
    if p.needs_light_verb and finder.clause_head(tok) is tok:
        return False  # "reached a deal", not "under the deal"
    if p.needs_partners and len(finder.subject(tok)) < 2:
        return False
    if p.actor_sectors and not doer_in_sectors(tok, p, finder):
        return False
    if p.needs_recipient and not any(finder.role(tok, rule) for rule in p.recipient):
        return False
    return True


def doer_in_sectors(tok: Token, p: Pattern, finder: RoleFinder) -> bool:
    """True when the doer the pattern's actor rules find is of one of its sectors ("troops advanced";
    STATE: a country named as a whole, "Saudi Arabia imposed a blockade")."""
    for rule in p.actor:
        found = finder.role(tok, rule)
        if found:
            return any(m.actor.sector in p.actor_sectors or (
                STATE in p.actor_sectors and m.actor.sector is None and m.kind in STATE_KINDS and m.actor.country
                and m.actor.country not in NON_STATE) for m in found)
    return False


def reported(tok: Token, sent: Span, report_verbs: frozenset[str]) -> bool:
    """An imperative counts only as quoted or reported speech."""
    if tok.dep_ == "ccomp" and tok.head.lemma_.lower() in report_verbs:
        return True
    return any(t.tag_ in ("``", "''") or t.text in ('"', "“", "”") for t in sent)


def obligation(tok: Token, modals: frozenset[str], report_verbs: frozenset[str]) -> Token | None:
    """The modal of a reported obligation ("Russia says Israel must end attacks"), or None."""
    if tok.dep_ != "ccomp" or tok.head.lemma_.lower() not in report_verbs:
        return None
    return next((c for c in tok.children if c.dep_ == "aux" and c.lower_ in modals), None)


def at_word(e: Event, tok: Token) -> Event:
    """The event with another word of its clause as its trigger (the modal that makes a demand)."""
    return dataclasses.replace(e, trigger=tok.i, trigger_start=tok.idx, trigger_end=tok.idx + len(tok), event_text=tok.text)
