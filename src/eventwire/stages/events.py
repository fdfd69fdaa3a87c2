"""Events: PLOVER events from trigger patterns over the dependency parse.

One pass over each document's tokens: a token whose (lemma, part of speech)
is in the pattern index is a candidate trigger; the pattern's role rules find
actor and recipient mentions; coordination gives one event per actor pair.
The patterns are data (``data/events/patterns.yaml`` plus user files).
"""

from __future__ import annotations

import dataclasses
import logging

from spacy.tokens import Doc, Span, Token

from eventwire.cameo import goldstein, plover_types, quad_class
from eventwire.gazetteer import load_gazetteer
from eventwire.records import Actor, Coding, Event, Mention, actor_code
from eventwire.settings import Settings
from eventwire.stages.actors_tables import NONSTATE
from eventwire.stages.events_patterns import (
    Pattern,
    PatternSet,
    load_attribution_cues,
    load_contexts,
    load_patterns,
)
from eventwire.stages.events_roles import (
    NOMINAL_DEPS,
    RoleFinder,
    is_imperative,
    is_nominal,
    is_passive,
)

log = logging.getLogger(__name__)

POS_CLASS = {"VERB": "verb", "NOUN": "noun", "PROPN": "noun", "ADJ": "adj"}
PROMISE_VERBS = frozenset({"promise", "pledge", "agree", "vow", "offer", "commit"})
FUTURE_AGREE_TYPES = {"AID": "033", "COOPERATE": "031", "SUPPORT": "032", "CONSULT": "036"}
# an announced retreat as the concession it is: CAMEO 08x material retreat -> its verbal 08 family code
FUTURE_CONCEDE = {"0871": "080", "0872": "080", "0841": "080", "0842": "080", "0874": "080"}
# recipients a demand can be addressed to as a verbal request, protesters or not
AUTHORITY_SECTORS = frozenset({"GOV", "MIL", "COP", "JUD", "LEG", "SPY", None})
VICTIM_ONLY_TYPES = frozenset({"ASSAULT", "COERCE"})
# "-es" is a verb ending only after these; "departes" is a misspelling no dictionary means
ES_STEMS = ("s", "x", "z", "ch", "sh", "o")
CONDITIONAL_MARKS = frozenset({"if", "unless"})
PLACE_ENTS = frozenset({"GPE", "LOC", "FAC"})
PLACE_PREPS = frozenset({"in", "at", "across", "near", "inside", "throughout", "outside", "through", "around"})


def misspelt(tok: Token) -> bool:
    """True for a verb form no English verb takes: "-es" after a stem that only takes "-s"."""
    low, lemma = tok.lower_, tok.lemma_.lower()
    return low == lemma + "es" and not lemma.endswith(ES_STEMS)


class EventStage:
    """Adds PLOVER events found by the trigger patterns."""

    name = "events"
    needs = ("doc", "mentions")
    adds = ("events",)

    def __init__(self, settings: Settings) -> None:
        self.patterns: PatternSet = load_patterns(settings.patterns)
        self.contexts = load_contexts()
        self.max_context_words = max((len(k) for k in self.contexts), default=1)
        cues = load_attribution_cues()
        self.report_verbs = cues.get("report_verbs", frozenset())
        self.address_nouns = cues.get("address_nouns", frozenset())
        self.address_verbs = cues.get("address_verbs", frozenset())
        self.future_modals = cues.get("future_modals", frozenset())
        self.performative = cues.get("performative_verbs", frozenset())
        self.denial = cues.get("denial_verbs", frozenset())
        self.types = plover_types()
        self.gazetteer = load_gazetteer()
        self.imperatives = self.patterns.constructions.get("imperative", ())

    def pipe(self, batch: list[Coding]) -> list[Coding]:
        return [dataclasses.replace(c, events=tuple(self.events_of(c))) for c in batch]

    def events_of(self, coding: Coding) -> list[Event]:
        """All events of one parsed article with its mentions."""
        doc: Doc = coding.doc
        if doc is None:
            return []
        by_token: dict[int, Mention] = {}
        for m in coding.mentions:
            for i in range(m.start, m.end):
                by_token.setdefault(i, m)
        finder = RoleFinder(by_token, self.patterns.light_verbs, self.report_verbs, self.address_nouns, self.address_verbs)
        index = self.patterns.index
        events: list[Event] = []
        for seq, sent in enumerate(doc.sents):
            found: list[Event] = []
            places: list[tuple[int, str, Mention | None]] | None = None
            for tok in sent:
                pos = POS_CLASS.get(tok.pos_)
                if pos == "verb" and tok.dep_ in NOMINAL_DEPS:
                    pos = "noun"  # a noun the tagger took for a verb ("launched military drills")
                if pos is None or (pos == "verb" and misspelt(tok)):
                    continue
                if pos == "noun" and tok.dep_ == "compound" and tok.head.i in by_token:
                    continue  # a noun naming a kind of actor ("riot police", "protest leaders") is no event
                candidates = index.get((tok.lemma_.lower(), pos))
                if candidates is None and pos == "adj":
                    candidates = index.get((tok.lower_, pos))
                if candidates:
                    for pattern in candidates:
                        if self._fits(tok, pattern, finder):
                            if places is None:
                                places = self._places(sent, by_token)
                            coded = self._code(coding, seq, sent, tok, pattern, finder, places)
                            found.extend(coded)
                            # a fallback pattern codes what the fitting patterns could not ("sent troops to the capital")
                            if coded or not any(c.fallback for c in candidates):
                                break
                if pos == "verb" and self.imperatives and is_imperative(tok) and tok.dep_ != "conj" and self._reported(tok, sent):
                    if places is None:
                        places = self._places(sent, by_token)
                    for pattern in self.imperatives:
                        found.extend(self._code(coding, seq, sent, tok, pattern, finder, places))
            if found:
                events.extend(self._finish(found, sent, coding))
        return events

    # --- matching ------------------------------------------------------------

    def _fits(self, tok: Token, p: Pattern, finder: RoleFinder) -> bool:
        child_lemmas = set()
        for c in tok.children:
            if c.dep_ in ("aux", "auxpass", "mark", "det", "punct"):
                continue
            child_lemmas.add(c.lemma_.lower())
            if c.dep_ == "prep":  # "withdrawal of troops": the object of a preposition counts too
                child_lemmas.update(g.lemma_.lower() for g in c.children if g.dep_ == "pobj")
            if c.dep_ in ("dobj", "prep"):  # "fired artillery shells", "for economic sanctions", "warned them about"
                for g in c.children:
                    if g.dep_ in ("compound", "amod", "pobj", "prep"):
                        child_lemmas.add(g.lemma_.lower())
                        if c.dep_ == "dobj" and g.dep_ == "prep" and g.lower_ == "of" and not any(
                                x.dep_ == "det" for x in c.children):
                            # a quantity: "sent hundreds of troops" (not "adopted a set of resolutions")
                            child_lemmas.update(x.lemma_.lower() for x in g.children if x.dep_ == "pobj")
        if p.with_word and not (p.with_word & child_lemmas):
            return False
        if p.without_word and p.without_word & child_lemmas:
            return False
        if p.compound and not any(c.dep_ in ("compound", "amod", "nmod") and c.lemma_.lower() in p.compound for c in tok.children):
            return False
        if p.needs_complement and not finder.has_complement(tok):
            return False
        if p.needs_actor_object and not finder.object(tok):
            return False
        if p.needs_partners and len(finder.subject(tok)) < 2:
            return False
        return True

    def _reported(self, tok: Token, sent: Span) -> bool:
        """An imperative counts only as quoted or reported speech."""
        if tok.dep_ == "ccomp" and tok.head.lemma_.lower() in self.report_verbs:
            return True
        return any(t.tag_ in ("``", "''") or t.text in ('"', "“", "”") for t in sent)

    # --- coding --------------------------------------------------------------

    def _places(self, sent: Span, by_token: dict[int, Mention]) -> list[tuple[int, str, Mention | None]]:
        """Where the sentence puts things ("in Yangon", "across Ukraine", "marched through Tbilisi"):
        token, country, and the mention when the place is also an actor mention."""
        out: list[tuple[int, str, Mention | None]] = []
        for t in sent:
            if t.dep_ != "pobj":
                continue
            prep = t.head
            if prep.lower_ == "of" and prep.head.dep_ == "pobj" and prep.head.pos_ == "NOUN" and prep.head.i not in by_token:
                prep = prep.head.head  # "in the province of Cabo Delgado"
            if prep.lower_ not in PLACE_PREPS:
                continue
            m = by_token.get(t.i)
            if m is not None:
                if m.actor.country:
                    out.append((t.i, m.actor.country, m))
            elif t.ent_type_ in PLACE_ENTS:
                # a city or region no actor names: the gazetteer gives its country
                ent = next((e for e in sent.ents if e.start <= t.i < e.end), None)
                place = self.gazetteer.resolve(ent.text) if ent is not None else None
                if place is not None and place.country_code:
                    out.append((t.i, place.country_code, None))
        return out

    def _complete(self, x: Actor | None, other: Actor | None, tok: Token, etype: str,
                  places: list[tuple[int, str, Mention | None]], used: tuple[Mention | None, ...],
                  is_actor: bool) -> Actor | None:
        """Give an actor named without a country ("police") the event's place country,
        or, for usually domestic types, the other party's country."""
        if x is None or x.country:
            return x
        country = None
        near = [(abs(i - tok.i), c) for i, c, m in places if m is None or m not in used]
        if near:
            country = min(near, key=lambda d: d[0])[1]
        elif etype in self.patterns.same_country_types and other is not None and other.country \
                and other.country not in NONSTATE and (other.sector or not is_actor):
            # a victim shares its doer's country ("Iran is killing its own people"); a doer takes the
            # recipient's only from another domestic party ("police detained protesters"): acting on a
            # state or an organisation ("asked the World Bank", "met the EU's envoy") it is someone else
            country = other.country
        if country is None:
            return x
        return dataclasses.replace(x, country=country, code=actor_code(country, x.sector))

    def _code(self, coding: Coding, seq: int, sent: Span, tok: Token, p: Pattern, finder: RoleFinder,
              places: list[tuple[int, str, Mention | None]]) -> list[Event]:
        actors = self._parties(self._first(tok, p.actor, finder))
        recipients = self._parties(self._first(tok, p.recipient, finder))
        implicit: Actor | None = None
        confidence = p.confidence
        if not actors and p.passive_sector and is_passive(tok) and recipients:
            country = recipients[0][1].country
            if country:
                implicit = Actor(actor_code(country, p.passive_sector), country, p.passive_sector)
                confidence -= 0.1
        if self.types[p.type].requires_recipient and not recipients and not ("partners" in p.recipient and len(actors) > 1):
            return []
        if not actors and implicit is None and p.type in self.patterns.place_actor_sectors and places:
            # "thousands rallied in Caracas": the people of the place
            country = min(places, key=lambda x: abs(x[0] - tok.i))[1]
            sector = self.patterns.place_actor_sectors[p.type]
            implicit = Actor(actor_code(country, sector), country, sector)
            confidence -= 0.1
        if not actors and implicit is None and not (recipients and p.type in VICTIM_ONLY_TYPES):
            return []
        Party = tuple[Mention | None, Actor | None]
        pairs: list[tuple[Party, Party]] | None = None
        if not recipients and "partners" in p.recipient and len(actors) > 1:
            # reciprocal events of coordinated actors: "Chile and Argentina began joint patrols"
            pairs = [(a, r) for a in actors for r in actors if a is not r]
        mode, cameo = self._mode(tok, p)
        trigger_start, trigger_end, event_text = self._trigger_text(tok, p, finder)
        out = []
        actor_opts: list[Party] = list(actors) or [(None, implicit)]
        recipient_opts: list[Party] = list(recipients) or [(None, None)]
        if pairs is None:
            pairs = [(a, r) for a in actor_opts for r in recipient_opts]
        for (a, actor), (r, recipient) in pairs:
            if a is not None and r is not None and a == r and actor == recipient:
                continue
            if a is not None and actor is not None and (a.kind == "country" or a.members) and actor.sector is None and actor.country \
                    and p.type in self.patterns.state_voice_types:
                actor = dataclasses.replace(actor, sector="GOV", code=actor_code(actor.country, "GOV"))
            actor, recipient = (
                self._complete(actor, recipient, tok, p.type, places, (a, r), True),
                self._complete(recipient, actor, tok, p.type, places, (a, r), False),
            )
            etype, emode, ecameo = p.type, mode, cameo
            if etype == "PROTEST" and actor is not None and (
                    actor.sector in self.patterns.diplomatic_protest_sectors
                    or (a is not None and a.kind in ("country", "metonym") and actor.sector is None and tok.pos_ == "VERB")):
                # a state's protest ("the ministry protested", "Japan protested China's survey") is diplomatic
                etype, emode, ecameo = "ACCUSE", "disapprove", "114"
                actor = dataclasses.replace(actor, sector="GOV", code=actor_code(actor.country, "GOV")) \
                    if actor.sector is None and actor.country else actor
            if (p.needs_dyad or self.patterns.require_dyad) and not (actor and actor.country and recipient and recipient.country):
                continue  # PETRARCH's require_dyad: both sides named, with a country
            if recipient is None and actor is not None and actor.country and etype in self.patterns.domestic_recipient_types:
                recipient = self._domestic(etype, actor.country)
            out.append(
                Event(
                    article_id=coding.article.id,
                    event=etype,
                    mode=emode,
                    actor=actor,
                    recipient=recipient,
                    sentence=seq,
                    sentence_start=sent.start_char,
                    sentence_end=sent.end_char,
                    trigger=tok.i,
                    trigger_start=trigger_start,
                    trigger_end=trigger_end,
                    event_text=event_text,
                    text=sent.text,
                    cameo=ecameo,
                    goldstein=goldstein(ecameo),
                    quad_code=quad_class(ecameo),
                    actor_span=(a.start_char, a.end_char) if a is not None else None,
                    recipient_span=(r.start_char, r.end_char) if r is not None else None,
                    confidence=round(min(1.0, confidence + (0.1 if a is not None and r is not None else 0.0)), 2),
                )
            )
            if p.reverse_type and recipient is not None and recipient.code and actor is not None and actor.code:
                # a paired code ("[032:033]"): the recipient's side of the exchange is an event too
                back = out[-1]
                out.append(dataclasses.replace(
                    back, event=p.reverse_type, mode=None, actor=recipient, recipient=actor,
                    actor_span=back.recipient_span, recipient_span=back.actor_span, cameo=p.reverse_cameo,
                    goldstein=goldstein(p.reverse_cameo), quad_code=quad_class(p.reverse_cameo)))
        return out

    def _domestic(self, etype: str, country: str) -> Actor:
        """The recipient a usually domestic event with none named is addressed to."""
        sector = self.patterns.domestic_recipient_sectors.get(etype, "GOV")
        return Actor(actor_code(country, sector), country, sector)

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
        for rule in rules:
            found = finder.role(tok, rule)
            if found:
                return found
        return []

    def _mode(self, tok: Token, p: Pattern) -> tuple[str | None, str | None]:
        if p.mode is not None:
            return p.mode, p.cameo
        cues = self.patterns.mode_cues.get(p.type)
        if not cues:
            return None, p.cameo
        top = tok
        while top.dep_ in ("xcomp", "advcl") and top.head is not top:
            top = top.head
        lemmas = {t.lemma_.lower() for t in top.subtree}
        for cue in cues:
            if cue.words & lemmas:
                return cue.mode, cue.cameo or p.cameo
        return None, p.cameo

    @staticmethod
    def _trigger_text(tok: Token, p: Pattern, finder: RoleFinder) -> tuple[int, int, str]:
        doc = tok.doc
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
        span = doc[start : end + 1]
        return span.start_char, span.end_char, span.text

    # --- per-sentence rules -------------------------------------------------

    def _finish(self, found: list[Event], sent: Span, coding: Coding) -> list[Event]:
        doc = sent.doc
        triggers = {e.trigger: e for e in found}
        # PLOVER: the topic of a protest is not a separate event.
        protests = {e.trigger for e in found if e.event == "PROTEST"}
        # "began a hunger strike to protest ...": the protest's light verb heads its purpose clause too
        own_head = {i: doc[i].head.i for i in protests
                    if doc[i].dep_ == "dobj" and doc[i].head.lemma_.lower() in self.patterns.light_verbs}
        protests |= set(own_head.values())
        found = self._subsume(found, doc)
        found = self._protest_demands(found, doc)
        found = self._fold_mobilization(found, doc)
        # "summoned the ambassador to protest the remarks": a purpose clause restating its verb's event
        kinds = {(e.trigger, e.event, e.actor.code if e.actor else None) for e in found}
        found = [e for e in found if not (doc[e.trigger].dep_ in ("advcl", "xcomp") and e.recipient is None
                                          and (doc[e.trigger].head.i, e.event, e.actor.code if e.actor else None) in kinds)]
        out: list[Event] = []
        dropped_promises: set[int] = set()
        for e in found:
            if protests and e.event in ("REQUEST", "ACCUSE", "PROTEST") \
                    and any(a.i in protests for a in doc[e.trigger].ancestors if a.i != own_head.get(e.trigger)):
                continue
            promise = self._promised(self._clause_of(doc[e.trigger]))
            if e.event in FUTURE_AGREE_TYPES and promise is not None:
                cameo = FUTURE_AGREE_TYPES[e.event]
                e = dataclasses.replace(e, event="AGREE", cameo=cameo, goldstein=goldstein(cameo), quad_code=quad_class(cameo))
                if promise.i in triggers:
                    dropped_promises.add(promise.i)
            elif e.event == "RETREAT" and (promise is not None or self._declared(doc[e.trigger])):
                # PLOVER: an announced retreat ("would withdraw troops") is a concession
                cameo = FUTURE_CONCEDE.get(e.cameo or "", "080")
                e = dataclasses.replace(e, event="CONCEDE", mode=None, cameo=cameo, goldstein=goldstein(cameo),
                                        quad_code=quad_class(cameo))
                if promise is not None and promise.i in triggers:
                    dropped_promises.add(promise.i)
            out.append(e)
        # the promise verb's own AGREE is replaced by the promised event coded as AGREE
        out = [e for e in out if not (e.trigger in dropped_promises and e.event == "AGREE")]
        contexts = self._contexts(sent, coding.article.title)
        seen: set[tuple] = set()
        unique = []
        for e in out:
            key = (e.trigger, e.event, e.actor_span, e.recipient_span, e.actor.code if e.actor else None)
            if key in seen:
                continue
            seen.add(key)
            unique.append(dataclasses.replace(e, context=contexts))
        return unique

    @staticmethod
    def _conditional(tok: Token) -> bool:
        """True inside an if/unless clause ("may call up reservists if fighting escalates")."""
        return any(c.dep_ == "mark" and c.lower_ in CONDITIONAL_MARKS for t in (tok, *tok.ancestors) for c in t.children)

    def _fold_mobilization(self, found: list[Event], doc: Doc) -> list[Event]:
        """PLOVER: a mobilization reported with the fighting it leads to is coded only as the assault;
        an assault by the same actor that names no target takes the mobilization's."""
        assaults = [e for e in found if e.event == "ASSAULT"]
        if not assaults:
            return found
        out = []
        folded: dict[int, Event] = {}
        for e in found:
            if e.event != "MOBILIZE":
                continue
            country = e.actor.country if e.actor else None
            for a in assaults:
                same = a.actor is None or (a.actor.country or None) == country
                if same and not self._conditional(doc[a.trigger]):
                    folded[id(e)] = a
                    break
        targets = {id(a): m.recipient for m in found if id(m) in folded for a in (folded[id(m)],)
                   if m.recipient is not None}
        for e in found:
            if id(e) in folded:
                continue
            if e.event == "ASSAULT" and e.recipient is None and id(e) in targets:
                e = dataclasses.replace(e, recipient=targets[id(e)])
            out.append(e)
        return out

    @staticmethod
    def _addressed(tok: Token) -> bool:
        """A request made to someone: "called on X", "urged X to", "asked X for"."""
        deps = {c.dep_ for c in tok.children}
        return "dative" in deps or ("dobj" in deps and "xcomp" in deps) or any(
            c.dep_ == "prep" and c.lower_ in ("on", "upon") for c in tok.children)

    def _protest_demands(self, found: list[Event], doc: Doc) -> list[Event]:
        """A demand voiced by protesters is their protest (PLOVER: demands in the form of
        demonstrations are PROTEST); when the sentence codes that protest already, the demand goes.
        A call addressed to an authority ("protesters called on the military council to ...") stays a REQUEST."""
        nouns = self.patterns.protest_actors
        if not nouns:
            return found
        protests = {e.actor_span for e in found if e.event == "PROTEST"}
        out = []
        for e in found:
            addressed = self._addressed(doc[e.trigger]) or (
                e.recipient is not None and e.recipient.country and e.recipient.sector in AUTHORITY_SECTORS)
            if e.event == "REQUEST" and e.actor_span is not None and not addressed:
                span = doc.char_span(*e.actor_span, alignment_mode="expand")
                if span is not None and span.root.lemma_.lower() in nouns:
                    if e.actor_span in protests or any(s is None for s in protests):
                        continue
                    cameo = "141"
                    actor = e.actor
                    recipient = None
                    if actor is not None and actor.country and "PROTEST" in self.patterns.domestic_recipient_types:
                        recipient = self._domestic("PROTEST", actor.country)
                    e = dataclasses.replace(e, event="PROTEST", mode="demo", recipient=recipient, recipient_span=None,
                                            cameo=cameo, goldstein=goldstein(cameo), quad_code=quad_class(cameo))
            out.append(e)
        return out

    def _subsume(self, found: list[Event], doc: Doc) -> list[Event]:
        """Drop events that are only the content of a promise, demand, refusal or threat,
        and nominal triggers under a light verb that is itself a trigger ("signed an agreement")."""
        by_trigger: dict[int, Event] = {}
        for e in found:
            by_trigger.setdefault(e.trigger, e)
        drop: set[int] = set()
        content: dict[int, Event] = {}
        for e in found:
            tok = doc[e.trigger]
            if is_nominal(tok) and tok.dep_ == "dobj" and tok.head.i in by_trigger \
                    and tok.head.lemma_.lower() in self.patterns.light_verbs:
                drop.add(tok.i)
            if e.event == "REJECT" and self._denies_a_clause(tok):
                drop.add(tok.i)  # the denied event is coded, negated (attribution); the denial is not a REJECT
                continue
            # an imperative is itself the demanded act; what it says to stop doing is presupposed
            if e.event not in self.patterns.subsuming_types or e.trigger in drop or is_imperative(tok):
                continue
            for inner in self._governed(tok):
                if inner.i in by_trigger and inner.i != e.trigger:
                    drop.add(inner.i)
                    content.setdefault(e.trigger, by_trigger[inner.i])
        out = []
        for e in found:
            if e.trigger in drop:
                continue
            inner_event = content.get(e.trigger)
            if e.event == "AGREE" and inner_event is not None and inner_event.quad_code in (3, 4):
                # a vow to attack, arrest or punish is a threat, not an agreement
                mode, cameo = self.patterns.threat_content.get(inner_event.event, (None, "130"))
                e = dataclasses.replace(e, event="THREATEN", mode=mode, cameo=cameo,
                                        goldstein=goldstein(cameo), quad_code=quad_class(cameo))
            if e.event == "AGREE" and inner_event is not None and inner_event.event in FUTURE_AGREE_TYPES \
                    and e.cameo == "030":
                # the most specific code: what is promised ("pledged to send aid": 033)
                cameo = FUTURE_AGREE_TYPES[inner_event.event]
                e = dataclasses.replace(e, cameo=cameo, goldstein=goldstein(cameo), quad_code=quad_class(cameo))
            if e.recipient is None and inner_event is not None:
                if e.event == "REQUEST" and inner_event.actor_span != e.actor_span:
                    rec, span = inner_event.actor, inner_event.actor_span
                else:
                    rec, span = inner_event.recipient, inner_event.recipient_span
                if rec is not None and span != e.actor_span:
                    e = dataclasses.replace(e, recipient=rec, recipient_span=span)
            out.append(e)
        return out

    @staticmethod
    def _governed(tok: Token) -> list[Token]:
        """Triggers in the clause a verb governs: its xcomp/ccomp and their xcomp/conj/dobj, two levels down."""
        out: list[Token] = []
        # "rejected the criticism", "called off the strike", "threatened sanctions": the object too
        frontier = [c for c in tok.children if c.dep_ in ("xcomp", "ccomp") or (c.dep_ == "dobj" and c.pos_ == "NOUN")]
        for _ in range(2):
            out.extend(frontier)
            frontier = [c for t in frontier for c in t.children if c.dep_ in ("xcomp", "conj", "dobj")]
        return out

    def _clause_of(self, tok: Token) -> Token:
        """The verb a nominal trigger depends on through a light verb or preposition ("extend loans")."""
        t = tok
        for _ in range(3):
            if is_nominal(t) and t.dep_ in ("dobj", "pobj", "nsubjpass"):
                t = t.head.head if t.dep_ == "pobj" else t.head
            else:
                break
        return t if t.pos_ in ("VERB", "AUX") else tok

    def _denies_a_clause(self, tok: Token) -> bool:
        """ "denied that its troops crossed", "denied reports that ...": a denial of a stated event."""
        if tok.lemma_.lower() not in self.denial:
            return False
        for c in tok.children:
            if c.dep_ == "ccomp":
                return True
            if c.dep_ == "dobj" and any(g.dep_ in ("ccomp", "acl", "relcl") for g in c.children):
                return True
        return False

    def _declared(self, tok: Token) -> bool:
        """A nominal retreat that is announced ("declared a ceasefire"): PLOVER codes the declaration
        as CONCEDE, the retreat itself when it is carried out."""
        return tok.pos_ == "NOUN" and tok.dep_ == "dobj" and tok.head.lemma_.lower() in self.performative

    def _promised(self, tok: Token) -> Token | None:
        """The promise verb or future modal that makes an event a promise ("pledged to send aid")."""
        for c in tok.children:
            if c.dep_ == "aux" and (c.lower_ in self.future_modals
                                    or (c.lower_ == "would" and tok.dep_ == "ccomp" and tok.head.lemma_.lower() in self.report_verbs)):
                # "will send", and reported "said it would send"
                return c
        t = tok
        while t.dep_ in ("xcomp", "conj") and t.head is not t:
            t = t.head
            if t.lemma_.lower() in PROMISE_VERBS:
                return t
        return None

    def _contexts(self, sent: Span, title: str | None) -> tuple[str, ...]:
        lemmas = [t.lemma_.lower() for t in sent]
        words = [t.lower_ for t in sent]
        if title:
            words += ["."] + title.lower().split()
            lemmas += ["."] + title.lower().split()
        found: list[str] = []
        n = self.max_context_words
        for seq in (lemmas, words):
            for i in range(len(seq)):
                for k in range(1, n + 1):
                    for ctx in self.contexts.get(tuple(seq[i : i + k]), ()):
                        if ctx not in found:
                            found.append(ctx)
        return tuple(sorted(found))
