"""Events: people the actor tables do not know, as the victims or doers of an event.

Real reports name most casualties and many doers only as people: "he was shot dead", "three were
killed", "a farmer was murdered", "thousands demonstrated". No actor table lists them, yet the
event happened: PLOVER codes it with a party of unknown country. A noun phrase names people when
its head is a personal pronoun (not "it"), a person or a group the recogniser tags, a name it gives no
type, a number or a
quantity ("dozens", "hundreds of them"), or one of the people nouns of ``conventions.yaml``. A doer may
also be named by the units, ships, aircraft or vehicles of armed forces ("navy vessels patrolled").
"""

from __future__ import annotations

from collections.abc import Mapping

from spacy.tokens import Span, Token

from eventwire.knowledge.places import PlaceResolver
from eventwire.records import Actor, Mention
from eventwire.stages.docs import span_text
from eventwire.stages.events.syntax import is_passive

#: personal pronouns that stand for people ("it" stands for a thing or a state)
PERSONAL = frozenset({"he", "she", "they", "him", "her", "them", "we", "us", "i", "me", "you"})
PEOPLE_ENTITIES = ("PERSON", "NORP")
#: entity types of a name that stands for a group acting as one (an organisation no table lists)
GROUP_ENTITIES = ("ORG",)
#: entity types of a number that counts no one ("in 2001", "at 9:40", "$5 million")
NOT_COUNTS = frozenset({"DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "ORDINAL"})
RELATIVE_TAGS = ("WDT", "WP")
#: the parts of speech of a word that heads a phrase naming a party
HEAD_POS = ("NOUN", "PROPN", "PRON", "NUM")
#: the dependencies of a verb that describes a noun rather than reporting an act
MODIFYING = ("acl", "relcl")


class People:
    """Tells the words that name people, from the people nouns and quantities of the conventions."""

    def __init__(self, nouns: frozenset[str], quantities: frozenset[str], partitives: frozenset[str],
                 forces: frozenset[str], places: PlaceResolver | None = None) -> None:
        self.places = places
        self.nouns = nouns
        self.quantities = quantities
        self.partitives = partitives
        self.forces = forces
        self.counts = partitives | quantities

    def names_people(self, tok: Token) -> bool:
        """True when the noun phrase headed by ``tok`` names people (see the module doc); a count or a part
        ("dozens of them", "most of the animals") is judged by what it counts when it says."""
        if tok.tag_ == "PRP":
            return tok.lower_ in PERSONAL
        if tok.ent_type_ in PEOPLE_ENTITIES or (tok.pos_ == "PROPN" and not tok.ent_type_):
            return True  # a name the recogniser gives no type is most often a person's ("Zeevi was shot")
        lemma = tok.lemma_.lower()
        counted = counted_of(tok)
        if tok.like_num or tok.pos_ == "NUM" or lemma in self.quantities or lemma in self.partitives:
            if counted is not None:
                return self.names_people(counted)
            return lemma not in self.partitives and tok.ent_type_ not in NOT_COUNTS
        return lemma in self.nouns

    def mentions(self, sent: Span, known: Mapping[int, Mention]) -> dict[int, Mention]:
        """The people a sentence names that no actor table knows, by the token of their head: nouns,
        names and counts outside every known mention that name people (not a relative pronoun), and the
        organisations the recogniser finds."""
        return {t.i: unnamed(t, "people") for t in sent
                if t.i not in known and t.pos_ in HEAD_POS and t.tag_ not in RELATIVE_TAGS
                and (self.names_people(t) or (t.pos_ == "PROPN" and t.ent_type_ in GROUP_ENTITIES))}

    def names_forces(self, tok: Token) -> bool:
        """True when the noun phrase headed by ``tok`` names armed forces by their units, ships, aircraft or
        vehicles ("navy vessels", "two Apache helicopters", "some of these tanks")."""
        counted = counted_of(tok)
        if counted is not None and (tok.like_num or tok.lemma_.lower() in self.counts):
            return self.names_forces(counted)
        return tok.lemma_.lower() in self.forces

    def victim(self, trigger: Token) -> Mention | None:
        """The people a verb's act is done to, when the actor tables name none: its object, or the subject of
        its passive ("he was shot dead", "three were killed"); None when that is no one, or a thing, and for an
        act that only describes a party of another clause ("activists detained last week", "a lawyer who was
        jailed"), that only sets the time of another ("after the two were captured"), or that is only meant
        ("moved in to disperse the crowd")."""
        clause = trigger
        while clause.dep_ == "conj" and clause.head is not clause:
            clause = clause.head  # "the attack, which killed nine and injured 44 others": both describe it
        if clause.dep_ in MODIFYING or any(c.tag_ == "TO" or (c.dep_ == "mark" and trigger.dep_ == "advcl")
                                            for c in trigger.children):
            return None
        undergoer = undergoer_of(trigger)
        if undergoer is None or not (self.names_people(undergoer) or (
                self.places is not None and self.places.misread_surname(undergoer))):
            return None
        return unnamed(undergoer, "people")

    def doer(self, trigger: Token, undergoers: frozenset[int] = frozenset()) -> Mention | None:
        """The people, or the forces, named as the subject of an active verb ("thousands demonstrated",
        "navy vessels patrolled the coast"), or None; not
        those it happens to (``undergoers``: "a prisoner died"), nor the subject of a passive whose auxiliary
        is left out ("26 were killed and 41 wounded")."""
        if trigger.pos_ != "VERB" or is_passive(trigger) or (trigger.dep_ == "conj" and is_passive(trigger.head)):
            return None
        for c in trigger.children:
            if c.dep_ == "nsubj" and c.tag_ not in RELATIVE_TAGS and c.i not in undergoers \
                    and (self.names_people(c) or self.names_forces(c)):
                return unnamed(c, "people")
        return None


def undergoer_of(trigger: Token) -> Token | None:
    """The word for what a verb acts on: the subject of its passive (the noun a passive participle
    or relative clause modifies), else its direct object; None for a noun or a verb with neither."""
    if trigger.pos_ != "VERB":
        return None
    if is_passive(trigger) or (trigger.dep_ == "acl" and trigger.tag_ == "VBN"):
        for c in trigger.children:
            if c.dep_ == "nsubjpass":
                return trigger.head if c.tag_ in RELATIVE_TAGS and trigger.dep_ == "relcl" else c
        return trigger.head if trigger.dep_ in ("relcl", "acl") else None
    return next((c for c in trigger.children if c.dep_ == "dobj" and c.tag_ not in RELATIVE_TAGS), None)


def counted_of(tok: Token) -> Token | None:
    """What a count or a part counts: the object of its "of" ("dozens of them"), or None."""
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ == "of":
            return next((g for g in c.children if g.dep_ == "pobj"), None)
    return None


#: The kind of a recipient that is a thing the event acts on, not a party ("rejected the referendum").
THING = "thing"


def no_party(actor: Actor | None) -> bool:
    """True for no actor, or one that is only the words of what an event acts on ("the referendum"): no code,
    country or sector. The sentence rules give such an event another event's party as they would give none."""
    return actor is None or (actor.code is None and actor.country is None and actor.sector is None)


def phrase_to_head(tok: Token):
    """The words of ``tok``'s phrase up to ``tok`` itself ("the Saudi-led coalition", not what follows it)."""
    return tok.doc[tok.left_edge.i : tok.i + 1]


def unnamed(tok: Token, kind: str) -> Mention:
    """A party the text names that no actor table knows: the words of its phrase up to its head,
    with no actor code (``kind`` says what names it: people, or the weapon that stands for a doer)."""
    span = phrase_to_head(tok)
    text = span_text(span)
    return Mention(start=span.start, end=span.end, start_char=span.start_char, end_char=span.end_char,
                   head=tok.i, text=text, actor=Actor(None, None, entity_text=text), kind=kind)
