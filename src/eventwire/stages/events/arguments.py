"""Events: the actor mentions an argument of a trigger stands for.

An argument token names an actor itself, or through its conjuncts ("Chile and
Argentina"), its coordinated modifiers ("Iranian and Saudi officials"), the
places a role is put in ("nurses in Kenya and Uganda"), or, when it names none,
the party behind it: its possessor, agent, compound or "of" modifier
("Ukraine's infrastructure", "a request from Kyiv"), or who issued it ("the EU
released a statement criticising ...").
"""

from __future__ import annotations

import dataclasses

from spacy.tokens import Token

from eventwire.records import Mention, actor_code
from eventwire.stages.events.syntax import pobj

LOOK_THROUGH = ("poss", "compound", "nmod", "amod", "appos")
#: the prepositions whose object names the party behind a noun that names none, most telling first:
#: who did it ("an attack by X", "a request from X"), then whose it is ("the blockade of Qatar")
AGENT_PREPS = ("by", "from")


class Arguments:
    """Actor mentions of argument tokens, over one document's mentions by token."""

    def __init__(self, mentions: dict[int, Mention], go_betweens: frozenset[str] = frozenset(),
                 documents: frozenset[str] = frozenset(), issuing: frozenset[str] = frozenset()) -> None:
        self.mentions = mentions
        self.go_betweens = go_betweens
        self.documents = documents
        self.issuing = issuing

    def actors_at(self, tok: Token | None, depth: int = 0) -> list[Mention]:
        """Actor mentions an argument token stands for: itself and its conjuncts, or, when it names
        no actor, the party behind it (its possessor, agent, compound or "of" modifier: :func:`modifiers`)."""
        if tok is None or depth > 2:
            return []
        found: list[Mention] = []
        for t in (tok, *tok.conjuncts):
            m = self.mentions.get(t.i)
            if m is not None:
                self._add_named(t, m, depth, found)
                continue
            # the agents of a modifier's own noun are not the argument's ("a group of engineers held by X")
            for inner in modifiers(t, self.go_betweens, agents=depth == 0) + self._issuers(t):
                for m2 in self.actors_at(inner, depth + 1):
                    if m2 not in found:
                        found.append(m2)
                if found:
                    break
        return found

    def _issuers(self, tok: Token) -> list[Token]:
        """Who issued a document the token names, as the subject of the issuing verb it is the object of ("the
        EU released a statement criticising ...": the EU; not "rejected appeals against ..."), when a clause of its
        own says what it does; "adopted a resolution with X" is the adopter's own act."""
        if tok.dep_ != "dobj" or tok.lemma_.lower() not in self.documents or tok.head.lemma_.lower() not in self.issuing \
                or not any(c.dep_ in ("acl", "relcl") for c in tok.children):
            return []
        return [c for c in tok.head.children if c.dep_ == "nsubj"]

    def _add_named(self, t: Token, m: Mention, depth: int, found: list[Mention]) -> None:
        """Add what a token that is itself a mention stands for."""
        if m.actor.country is None and depth == 0:
            # "negotiators from Armenia and Azerbaijan": a role without a country
            # takes the countries of its from/of modifier
            specific = [x for x in self._modifier_actors(t) if x.actor.country]
            if specific:
                found.extend(x for x in specific if x not in found)
                return
            # "activists in Lebanon and Iraq": the role, once per country it is placed in
            placed = [self._placed(m, x.actor.country) for x in self._modifier_actors(t, ("in",)) if x.actor.country]
            if placed:
                found.extend(x for x in placed if x not in found)
                return
        if m not in found:
            found.append(m)
        # "Iranian and Saudi officials", "Indian and Chinese soldiers", "Russia and Turkey's ministers":
        # coordinated modifiers name one party each
        mods = [c for c in t.children if c.dep_ in ("amod", "compound", "nmod", "poss")]
        # the parser may hang both on the noun, the first with a dangling "and" ("UK and EU negotiators")
        flat = [c for c in mods if any(g.dep_ == "cc" for g in c.children) and not c.conjuncts]
        for c in mods:
            if c.conjuncts or (flat and c.i >= flat[0].i):
                for x in (c, *c.conjuncts):
                    other = self.mentions.get(x.i)
                    if other is not None and other not in found and other.actor.country:
                        found.append(other)
        if m.kind == "role" and m.actor.country and depth == 0:
            self._add_placed_roles(t, m, found)

    def _add_placed_roles(self, t: Token, m: Mention, found: list[Mention]) -> None:
        """"nurses in Kenya and Uganda": the role in each country named, when its own
        country is one of them (not "Turkish warplanes in Syria")."""
        places = [x.actor.country for x in self._modifier_actors(t, ("in",)) if x.actor.country]
        first = next((pobj(c) for c in t.children if c.dep_ == "prep" and c.lower_ == "in"), None)
        if first is not None and first.i not in self.mentions:
            places.append(m.actor.country)  # the first place gave the role its country
        if m.actor.country in places:
            for country in places:
                placed = self._placed(m, country)
                if country != m.actor.country and placed not in found:
                    found.append(placed)

    def _modifier_actors(self, tok: Token, preps: tuple[str, ...] = ("from", "of")) -> list[Mention]:
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ in preps:
                return self.actors_at(pobj(c), 1)
        return []

    @staticmethod
    def _placed(m: Mention, country: str) -> Mention:
        """A role mention given the country of the place it is in."""
        actor = dataclasses.replace(m.actor, country=country, code=actor_code(country, m.actor.sector))
        return dataclasses.replace(m, actor=actor)


def modifiers(tok: Token, go_betweens: frozenset[str] = frozenset(), agents: bool = True) -> list[Token]:
    """The words that may name the party behind a noun that names none, in the order they are tried:
    its possessor, its "by"/"from" agent ("a bid by X", "a call from X"), its compound, adjective or
    apposition, its "of" object, the agent of a participle ("an offer made by X"; not one of
    ``go_betweens``: "a truce brokered by X" is no act of X's), then a pronoun possessor ("its").
    ``agents`` False leaves agents out."""
    poss, by, close, of, made_by, own = [], [], [], [], [], []
    for c in tok.children:
        if c.dep_ == "poss" and c.tag_ == "PRP$":
            own.append(c)
        elif c.dep_ == "poss":
            poss.append(c)
        elif c.dep_ in LOOK_THROUGH:
            close.append(c)
        elif c.dep_ == "prep" and c.lower_ in AGENT_PREPS:
            by.append(pobj(c))
        elif c.dep_ == "prep" and c.lower_ == "of":
            of.append(pobj(c))
        elif c.dep_ == "acl" and c.tag_ == "VBN" and c.lemma_.lower() not in go_betweens:
            made_by.extend(pobj(g) for g in c.children if g.dep_ == "agent")
    # "its blockade of the U.K.", "their withdrawal from Gaza": a pronoun possessor is the doer the
    # clause names already; the party is the noun's object, so the pronoun comes last
    found = (*poss, *by, *close, *of, *made_by, *own) if agents else (*poss, *close, *of, *own)
    return [t for t in found if t is not None]
