"""Events: the places a sentence names, as countries for an event's parties.

A party named without a country ("police") takes the country of the place the
event is put in; an attack whose target names no actor lands on the place its
object names. Place names resolve through the shared place resolver.
"""

from __future__ import annotations

import dataclasses

from spacy.tokens import Span, Token

from eventwire.knowledge.places import PlaceResolver, load_places
from eventwire.records import NON_STATE, Actor, Mention, actor_code
from eventwire.stages.docs import entity_at, span_entities

#: A place in a sentence: its token, its country, and the mention when the place is also an actor mention.
PlaceRef = tuple[int, str, Mention | None]


class Locator:
    """Place countries for the parties of a sentence's events."""

    def __init__(self, resolver: PlaceResolver, same_country_types: frozenset[str]) -> None:
        self.resolver = resolver
        self.linking = resolver.linking
        self.place_preps = resolver.linking.location_preps
        self.same_country_types = same_country_types

    @classmethod
    def load(cls, same_country_types: frozenset[str]) -> Locator:
        """The locator over the process-wide place resolver and its location prepositions."""
        return cls(load_places(), same_country_types)

    def places(self, sent: Span, by_token: dict[int, Mention]) -> list[PlaceRef]:
        """Where the sentence puts things ("in Yangon", "across Ukraine", "marched through Tbilisi"):
        token, country, and the mention when the place is also an actor mention."""
        out: list[tuple[int, str, Mention | None]] = []
        for t in sent:
            if t.dep_ != "pobj":
                continue
            prep = t.head
            if prep.lower_ == "of" and prep.head.dep_ == "pobj" and prep.head.pos_ == "NOUN" and prep.head.i not in by_token:
                prep = prep.head.head  # "in the province of Cabo Delgado"
            if prep.lower_ not in self.place_preps:
                continue
            m = by_token.get(t.i)
            if m is not None:
                if m.actor.country:
                    out.append((t.i, m.actor.country, m))
                elif m.kind == "person" and not m.actor.title:
                    # a city the tagger took for a person ("in Kharkiv")
                    country = self.resolver.country_of(m.text)
                    if country:
                        out.append((t.i, country, m))
            elif t.ent_type_ in self.linking.place_labels:
                # a city or region no actor names: the gazetteer gives its country
                ent = entity_at(t)
                country = self.resolver.country_of(ent.text) if ent is not None else None
                if country:
                    out.append((t.i, country, None))
        return out

    def complete(self, x: Actor | None, other: Actor | None, tok: Token, etype: str,
                 places: list[PlaceRef], used: tuple[Mention | None, ...],
                 is_actor: bool) -> Actor | None:
        """Give an actor named without a country ("police") the event's place country,
        or, for usually domestic types, the other party's country."""
        if x is None or x.country:
            return x
        m = used[0] if is_actor else used[1]
        if m is not None and m.kind == "person" and not x.title:
            # a city the tagger took for a person ("pounded the outskirts of Kharkiv")
            country = self.resolver.country_of(m.text)
            if country:
                return dataclasses.replace(x, country=country, code=actor_code(country, x.sector))
        country = None
        near = [(abs(i - tok.i), c) for i, c, m in places if m is None or m not in used]
        if near:
            country = min(near, key=lambda d: d[0])[1]
        elif etype in self.same_country_types and other is not None and other.country \
                and other.country not in NON_STATE and (other.sector or not is_actor):
            # a victim shares its doer's country ("Iran is killing its own people"); a doer takes the
            # recipient's only from another domestic party ("police detained protesters"): acting on a
            # state or an organisation ("asked the World Bank", "met the EU's envoy") it is someone else
            country = other.country
        if country is None:
            return x
        return dataclasses.replace(x, country=country, code=actor_code(country, x.sector))

    def place_target(self, tok: Token, places: list[PlaceRef], used: tuple[Mention | None, ...],
                     preps: frozenset[str] = frozenset()) -> Actor | None:
        """Where an attack or a coercive act lands when its target names no actor: the place its
        object names ("shelled Stepanakert", "pounded the outskirts of Kharkiv") or the phrase of one of
        ``preps``, the prepositions the pattern finds its recipient in ("withdrew its peacekeepers from
        Bunia"), else the place the sentence puts it in ("bombed a building in Gaza City"), never one
        inside the doer's phrase ("militias in the capital")."""
        lk = self.linking
        ents: tuple[Span, ...] | None = None
        for c in tok.children:
            if c.dep_ in ("dobj", "nsubjpass") or (c.dep_ == "prep" and (c.lower_ in lk.landing_preps or c.lower_ in preps)):
                if ents is None:
                    ents = span_entities(tok.sent)
                for ent in ents:
                    if ent.label_ in lk.landing_labels and c.left_edge.i <= ent.start and ent.end - 1 <= c.right_edge.i \
                            and not any(m is not None and m.start <= ent.start < m.end for m in used):
                        country = self.resolver.country_of(ent.text)
                        if country:
                            return Actor(country, country, None, entity_text=ent.text)
        doer = [(c.left_edge.i, c.right_edge.i) for c in tok.children if c.dep_ in ("nsubj", "agent")]
        near = [(abs(i - tok.i), (i, c, m)) for i, c, m in places
                if (m is None or m not in used) and not any(lo <= i <= hi for lo, hi in doer)]
        if not near:
            return None
        i, country, m = min(near, key=lambda d: d[0])[1]
        return Actor(country, country, None, entity_text=m.text if m is not None else place_words(tok.doc[i]))


def place_words(tok: Token) -> str:
    """The words of the place name a token is part of: its named entity, else the token."""
    ent = entity_at(tok)
    return ent.text if ent is not None else tok.text
