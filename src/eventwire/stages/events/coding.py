"""Events: the events one pattern codes at one trigger.

The pattern's role rules find the actors and recipients; coordination gives one
event per pair; parties named without a country take one from the places of the
sentence; conventions (data) recode a state's protest and give untargeted acts
their recipient.
"""

from __future__ import annotations

import dataclasses
from typing import NamedTuple

from spacy.tokens import Span, Token

from eventwire.knowledge.cameo import cameo_fields, plover_types, recode
from eventwire.records import NON_STATE, Actor, Event, Mention, actor_code
from eventwire.stages.docs import span_text
from eventwire.stages.events.causes import NATURAL, WEAPON, Causes
from eventwire.stages.events.conventions import Conventions
from eventwire.stages.events.intents import clause_of
from eventwire.stages.events.locating import Locator, PlaceRef
from eventwire.stages.events.pattern import Pattern
from eventwire.stages.events.patterns import PatternSet
from eventwire.stages.events.people import THING, People, phrase_to_head, undergoer_of, unnamed
from eventwire.stages.events.roles import RoleFinder
from eventwire.stages.events.syntax import is_nominal, is_passive, pobj

#: One side of an event: the mention that names it (None when implicit) and its actor.
Party = tuple[Mention | None, Actor | None]


class Scope:
    """The sentence being coded: its article, place in the article, role finder and places."""

    def __init__(self, article_id: str, seq: int, sent: Span, finder: RoleFinder, locator: Locator) -> None:
        self.article_id = article_id
        self.seq = seq
        self.sent = sent
        self.finder = finder
        self.locator = locator
        self._places: list[PlaceRef] | None = None
        self._people: RoleFinder | None = None

    def people_finder(self, people: People) -> RoleFinder:
        """The role finder that also takes the people no actor table knows for parties ("expelled the
        inspectors", "suspended aid to the mujahideen"), built the first time it is asked for."""
        if self._people is None:
            self._people = self.finder.with_mentions(people.mentions(self.sent, self.finder.mentions))
        return self._people

    @property
    def places(self) -> list[PlaceRef]:
        """The places the sentence names, found the first time they are asked for."""
        if self._places is None:
            self._places = self.locator.places(self.sent, self.finder.mentions)
        return self._places


class Sides(NamedTuple):
    """Who a pattern finds on each side of an event, before pairing."""

    actors: list[tuple[Mention, Actor]]
    recipients: list[tuple[Mention, Actor]]
    implicit: Actor | None
    confidence: float


class EventCoder:
    """Codes the events of a pattern at a trigger."""

    def __init__(self, patterns: PatternSet, conventions: Conventions, locator: Locator) -> None:
        self.patterns = patterns
        self.conventions = conventions
        self.locator = locator
        self.types = plover_types()
        self.causes = Causes(conventions)
        self.people = People(conventions.people_nouns, conventions.people_quantities, conventions.people_partitives,
                             conventions.force_nouns, locator.resolver)

    def code(self, scope: Scope, tok: Token, p: Pattern, places: bool = True) -> list[Event]:
        """The events pattern ``p`` codes at trigger ``tok``: one per actor-recipient pair,
        and the recipient's side too for a paired code. ``places``: whether a place may stand in
        for a recipient the type needs."""
        sides = self._sides(scope, tok, p, places)
        if sides is None:
            return []
        base = self._base(scope, tok, p)
        out = []
        for (a, actor), (r, recipient) in self._pairs(sides, p):
            if a is not None and r is not None and a == r and actor == recipient:
                continue
            event = self._pair_event(scope, tok, p, base, (a, actor), (r, recipient), sides.confidence)
            if event is None:
                continue
            out.append(event)
            if p.reverse_type and event.recipient is not None and event.recipient.code \
                    and event.actor is not None and event.actor.code:
                # a paired code ("[032:033]"): the recipient's side of the exchange is an event too
                out.append(recode(event, p.reverse_cameo, event=p.reverse_type, mode=None,
                                  actor=event.recipient, recipient=event.actor,
                                  actor_span=event.recipient_span, recipient_span=event.actor_span))
        return out

    def _sides(self, scope: Scope, tok: Token, p: Pattern, places: bool = True) -> Sides | None:
        """The actors and recipients the pattern's role rules find, or an implicit actor
        (the police of a passive's victims, the people of the place); None when the pattern codes nothing."""
        actors = self._doers(scope, tok, p)
        if actors is None:
            return None
        recipients = self._parties(self._first(tok, p.recipient, scope.finder))
        if not recipients and not actors and p.type in self.conventions.victim_types and "object" in p.recipient:
            # "he was shot dead", "three were killed": people no table knows are still the victims
            recipients = self._parties([v for v in (self.people.victim(tok),) if v is not None])
        elif not recipients and p.type not in self.conventions.victim_types:
            # the recipient's own argument names people no table knows: a party of unknown country
            recipients = self._parties(self._first(tok, p.recipient, scope.people_finder(self.people)))
        partners = "partners" in p.recipient and len(actors) > 1
        if (self.types[p.type].requires_recipient or p.needs_recipient) and not recipients and not partners \
                and not (places and self._lands(scope, tok, p, actors)):
            return None
        implicit, confidence = self._implicit(scope, tok, p, bool(actors), recipients)
        if actors and all(m.kind == "people" for m, _ in actors):
            confidence -= 0.2  # a doer the text names, no actor we know, as for an implied one
        victims = recipients and p.type in self.conventions.victim_types and not (is_nominal(tok) and tok.dep_ == "pobj")
        # "two journalists were released", "the ambassador was expelled": those acted on are named, the doer not
        acted_on = tok.pos_ == "VERB" and any(
            c.dep_ == "nsubjpass" and any(c.left_edge.i <= m.head <= c.right_edge.i for m, _ in recipients)
            for c in tok.children)
        if not actors and implicit is None and not victims and not acted_on:
            return None  # a doer, or the victims of a reported act ("five soldiers were killed"), not of a mention
        if not recipients and actors and p.recipient and not partners \
                and not self.patterns.lands_on_place(p.type, p.mode):
            # no rule found the target: the first other party after the trigger (a place-landing act has its own)
            # a place that says where a clause happens is no party ("struck across France"); one that
            # places a thing or an act may stand for it ("denounced detentions in Venezuela")
            placed = {m for i, _, m in scope.places if m is not None and self._clause_place(tok.doc[i])}
            recipients = self._parties(scope.finder.phrase_target(tok, [m for m, _ in actors], placed))
        return Sides(actors, recipients, implicit, confidence)

    def _lands(self, scope: Scope, tok: Token, p: Pattern, actors: list[tuple[Mention, Actor]]) -> bool:
        """True when an event that needs a recipient has a place to land on instead ("sent aid to
        Kabul", "withdrew its peacekeepers from the Golan Heights"): for the place recipient types."""
        if p.needs_recipient or not self.patterns.lands_on_place(p.type, p.mode):
            return False
        return self.locator.place_target(tok, scope.places, (actors[0][0] if actors else None, None),
                                         p.recipient_preps) is not None

    def _doers(self, scope: Scope, tok: Token, p: Pattern) -> list[tuple[Mention, Actor]] | None:
        """The actors the pattern's role rules find; None when what did it rules the event out: nature
        or an accident (no agent, no political event), or no weapon where the pattern needs one. A weapon
        or an attack stands for a doer the text does not name."""
        actors = self._parties(self._first(tok, p.actor, scope.finder))
        violence = p.type in self.conventions.violence_types
        if not actors and not violence:
            actors = self._unknown_doers(scope, tok, p)
        if violence and (self.causes.natural_target(tok) or self.causes.accident(tok)):
            return None  # "fight the epidemic", "combat poverty"; "the plane crashed, killing all on board"
        if p.type in self.conventions.emergency_types and self.causes.against_nature(clause_of(tok)):
            return None  # "closed its borders to contain the virus": a measure against a disaster
        # violence by doers of no country is first checked for nature or an accident ("Typhoon Hagibis killed 12")
        if actors and not p.weapon_subject and (not violence or any(a.country for _, a in actors)):
            return actors
        kind, causer = self.causes.kind(tok, scope.finder)
        if kind == NATURAL or (p.weapon_subject and kind != WEAPON):
            return None
        if kind == WEAPON and causer is not None and violence:
            return self._parties([self.causes.unnamed_doer(causer)])
        if not actors and violence and kind is None and is_nominal(tok):
            # "clashes between two communities", "fighting between rival clans": people no table knows
            return self._unknown_doers(scope, tok, p)
        return actors

    def _unknown_doers(self, scope: Scope, tok: Token, p: Pattern) -> list[tuple[Mention, Actor]]:
        """The doers the pattern's role rules find among the organisations and people no table knows
        ("Jurisdiction for Peace ordered an investigation", "the Michigan Department of Environmental
        Quality said it will provide"); not through a compound: "hostage talks", "refugee aid" name what
        the act is about."""
        rules = tuple(r for r in p.actor if r != "compound")
        return self._parties(self._first(tok, rules, scope.people_finder(self.people)))

    def _implicit(self, scope: Scope, tok: Token, p: Pattern, named: bool,
                  recipients: list[tuple[Mention, Actor]]) -> tuple[Actor | None, float]:
        """The actor the text implies when it names none, and the confidence left: the police of a
        passive's victims, the people of the place a protest is in, an unknown doer of fighting that
        broke out ("clashes erupted in the north")."""
        confidence = p.confidence
        if named:
            return None, confidence
        if p.passive_sector and is_passive(tok) and recipients and recipients[0][1].country:
            country = recipients[0][1].country
            return Actor(actor_code(country, p.passive_sector), country, p.passive_sector), confidence - 0.1
        if p.type in self.patterns.place_actor_sectors and scope.places:
            # "thousands rallied in Caracas": the people of the place
            country = min(scope.places, key=lambda x: abs(x[0] - tok.i))[1]
            sector = self.patterns.place_actor_sectors[p.type]
            return Actor(actor_code(country, sector), country, sector), confidence - 0.1
        if p.type in self.conventions.violence_types and self.causes.occurs(tok):
            return Actor(None, None), confidence - 0.2
        people = self.people.doer(tok, frozenset(i for m, _ in recipients for i in range(m.start, m.end)))
        subject = unnamed_subject(tok) or (people.text if people is not None else None)
        if subject is not None:
            # "the PA lifted its boycott", "thousands demonstrated": a doer the text names, no actor we know
            return Actor(None, None, entity_text=subject), confidence - 0.2
        return None, confidence

    @staticmethod
    def _pairs(sides: Sides, p: Pattern) -> list[tuple[Party, Party]]:
        """Every actor with every recipient; coordinated partners with each other."""
        if not sides.recipients and "partners" in p.recipient and len(sides.actors) > 1:
            # reciprocal events of coordinated actors: "Chile and Argentina began joint patrols"
            return [(a, r) for a in sides.actors for r in sides.actors if a is not r]
        actor_opts: list[Party] = list(sides.actors) or [(None, sides.implicit)]
        recipient_opts: list[Party] = list(sides.recipients) or [(None, None)]
        return [(a, r) for a in actor_opts for r in recipient_opts]

    def _base(self, scope: Scope, tok: Token, p: Pattern) -> Event:
        """The event of the trigger before its parties are set: type, mode, CAMEO code and text."""
        mode, cameo = self._mode(tok, p)
        trigger_start, trigger_end, event_text = self._trigger_text(tok, p, scope.finder)
        sent = scope.sent
        return Event(
            article_id=scope.article_id, event=p.type, mode=mode, actor=None, recipient=None,
            sentence=scope.seq, sentence_start=sent.start_char, sentence_end=sent.end_char,
            trigger=tok.i, trigger_start=trigger_start, trigger_end=trigger_end, event_text=event_text,
            text=span_text(sent), **cameo_fields(cameo),
        )

    def _pair_event(self, scope: Scope, tok: Token, p: Pattern, base: Event, actor_side: Party,
                    recipient_side: Party, confidence: float) -> Event | None:
        """The event of one actor-recipient pair, or None when the pair does not make one."""
        (a, actor), (r, recipient) = actor_side, recipient_side
        if a is not None and actor is not None and (a.kind == "country" or a.members) and actor.sector is None \
                and actor.country and p.type in self.patterns.state_voice_types:
            actor = self._as_state(actor)
        actor, recipient = (
            actor if actor is not None and actor.code is None and (a is None or a.kind == "weapon")  # an unknown doer
            else self.locator.complete(actor, recipient, tok, p.type, scope.places, (a, r), True),
            self.locator.complete(recipient, actor, tok, p.type, scope.places, (a, r), False),
        )
        event = dataclasses.replace(base, actor=actor, recipient=recipient)
        if event.event == "PROTEST" and actor is not None and event.mode not in self.conventions.state_protest_modes and (
                actor.sector in self.patterns.diplomatic_protest_sectors
                or (a is not None and a.kind in ("country", "metonym") and actor.sector is None and tok.pos_ == "VERB")):
            # a state's protest ("the ministry protested", "Japan protested China's survey") is diplomatic
            event = self.conventions.diplomatic_protest.apply(event, actor=self._as_state(actor))
        if event.event in self.conventions.violence_types and a is not None \
                and tok.doc[a.head].lemma_.lower() in self.patterns.protest_actors:
            event = self.conventions.riot.apply(event)  # demonstrators' violence is a riot
        if (p.needs_dyad or self.patterns.require_dyad) and not (
                event.actor and event.actor.country and event.recipient and event.recipient.country):
            return None  # PETRARCH's require_dyad: both sides named, with a country
        if event.recipient is None:
            event = dataclasses.replace(event, recipient=self._landing(scope, tok, event, (a, r), p.recipient_preps))
        named = self._named_object(scope.finder, tok, p, a) if event.recipient is None and r is None else None
        if event.recipient is None and (named is None or tok.doc[named.head].pos_ != "PROPN"):
            # a name no table knows is a party ("an investigation into Boztepe"); a thing is what an act on
            # the actor's own society is about ("protested against high prices": the government)
            event = dataclasses.replace(event, recipient=self._domestic(event))
        if event.recipient is None and named is not None:
            # "rejected the referendum", "condemned the bombing": what is acted on, named but by no actor
            r = named
            event = dataclasses.replace(event, recipient=r.actor)
        return dataclasses.replace(
            event,
            actor_span=(a.start_char, a.end_char) if a is not None else None,
            recipient_span=(r.start_char, r.end_char) if r is not None else None,
            confidence=round(min(1.0, confidence + (0.1 if a is not None and r is not None and r.kind != THING
                                                    else 0.0)), 2),
        )

    def _named_object(self, finder: RoleFinder, tok: Token, p: Pattern, doer: Mention | None) -> Mention | None:
        """The phrase the pattern's first object or preposition rule points at, as a party no actor table
        knows, when it names no actor: "rejected the referendum", "condemned the attack on the embassy".
        Never a date or an amount (the entity labels that never name a place either)."""
        numeric = self.locator.linking.never_place_labels
        for rule in p.recipient:
            arg = None
            if rule == "object":
                arg = undergoer_of(tok)
            elif rule.startswith("prep:"):
                heads = (tok, finder.clause_head(tok))
                arg = next((pobj(c) for h in heads for c in h.children if c.dep_ == "prep" and c.lower_ == rule[5:]),
                           None)
            if arg is not None and arg.pos_ in ("NOUN", "PROPN") and arg.i != tok.i and arg.ent_type_ not in numeric \
                    and not (doer is not None and doer.start <= arg.i < doer.end):
                return unnamed(arg, THING)
        return None

    def _as_state(self, actor: Actor) -> Actor:
        """A country acting as a whole, as the sector it speaks through; any other actor as it is."""
        if actor.sector is not None or not actor.country:
            return actor
        sector = self.conventions.state_sector
        return dataclasses.replace(actor, sector=sector, code=actor_code(actor.country, sector))

    def _landing(self, scope: Scope, tok: Token, event: Event, used: tuple[Mention | None, ...],
                 preps: frozenset[str]) -> Actor | None:
        """The recipient of an event that names none: the place it lands on, for the place recipient types."""
        if used[1] is None and self.patterns.lands_on_place(event.event, event.mode):
            return self.locator.place_target(tok, scope.places, used, preps)
        return None

    def _domestic(self, event: Event) -> Actor | None:
        """The recipient of an event that names no party nor anything it acts on: the actor's own country,
        for the types that act on the actor's own society ("lifted the curfew", "resigned")."""
        actor = event.actor
        if actor is None or not actor.country or actor.country in NON_STATE:
            return None  # an organisation's untargeted act has no home country to land on
        key = f"{event.event}/{event.mode}"
        key = key if key in self.patterns.domestic_recipient_types else event.event
        if key in self.patterns.domestic_recipient_types:
            return self.patterns.domestic_recipient(key, actor.country)
        return None

    @staticmethod
    def _clause_place(place: Token) -> bool:
        """True when a place's preposition hangs on a verb (or a clause's adjective), not on a noun."""
        prep = place.head
        if prep.lower_ == "of" and prep.head.dep_ == "pobj":
            prep = prep.head.head  # "in the province of X"
        return prep.head.pos_ in ("VERB", "AUX", "ADJ")

    @staticmethod
    def _parties(mentions: list[Mention]) -> list[tuple[Mention, Actor]]:
        """Each mention with the actor it names; a mention naming several ("the two countries")
        gives one party per member, so an event is coded once per member."""
        out: list[tuple[Mention, Actor]] = []
        for m in mentions:
            for actor in m.members or (m.actor,):
                out.append((m, actor.with_text(actor.entity_text or m.text)))
        return out

    @staticmethod
    def _first(tok: Token, rules: tuple[str, ...], finder: RoleFinder) -> list[Mention]:
        """The mentions of the first role rule that finds any."""
        for rule in rules:
            found = finder.role(tok, rule)
            if found:
                return found
        return []

    def _mode(self, tok: Token, p: Pattern) -> tuple[str | None, str | None]:
        """The pattern's mode and CAMEO code, or those its type's mode cues choose from the clause's words."""
        if p.mode is not None:
            return p.mode, p.cameo
        cues = self.patterns.mode_cues.get(p.type)
        if not cues:
            return None, p.cameo
        top = tok
        while top.dep_ in ("xcomp", "advcl") and top.head is not top:
            top = top.head
        if p.type in self.patterns.object_mode_types:
            # what is moved decides the mode before who moves it ("the army sent armoured vehicles": weapons)
            doer = {t.i for c in tok.children if c.dep_ in ("nsubj", "poss", "agent") for t in c.subtree}
            moved = {t.lemma_.lower() for t in tok.subtree if t.i not in doer and t.i != tok.i}
            for cue in cues:
                if cue.words & moved:
                    return cue.mode, cue.cameo or p.cameo
        lemmas = {t.lemma_.lower() for t in top.subtree}
        for cue in cues:
            if cue.words & lemmas:
                return cue.mode, cue.cameo or p.cameo
        return None, p.cameo

    @staticmethod
    def _trigger_text(tok: Token, p: Pattern, finder: RoleFinder) -> tuple[int, int, str]:
        """Character offsets and text of the trigger words: a noun with its modifiers and light verb,
        a verb with its particle or complement."""
        start = end = tok.i
        if is_nominal(tok):
            for c in tok.lefts:
                if c.dep_ in ("compound", "amod") and c.i < start and tok.i - c.i <= 3 and c.i not in finder.mentions:
                    start = c.i
            head = finder.clause_head(tok)
            if head is not tok:
                start = min(start, head.i)
        else:
            for c in tok.rights:
                if c.dep_ in ("prt", "xcomp") or (c.dep_ == "prep" and c.lemma_.lower() in p.with_word):
                    end = max(end, c.i)
                    break
        span = tok.doc[start : end + 1]
        return span.start_char, span.end_char, span_text(span)


def unnamed_subject(tok: Token) -> str | None:
    """The words of a verb's own subject when it is a personal pronoun or a proper name ("it", "the PA"),
    the doer of an event the actor tables do not know; None for any other subject (a thing, a relative
    pronoun) or none."""
    if tok.pos_ != "VERB":
        return None
    for c in tok.children:
        if c.dep_ == "nsubj" and (c.tag_ == "PRP" or c.pos_ == "PROPN"):
            return phrase_to_head(c).text
    return None
