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

from eventwire.knowledge.cameo import cameo_fields, plover_types, recode
from eventwire.knowledge.cues import load_attribution_cues
from eventwire.records import NON_STATE, Actor, Coding, Event, Mention, actor_code
from eventwire.settings import Settings
from eventwire.stages.events.contexts import load_contexts
from eventwire.stages.events.pattern import Pattern
from eventwire.stages.events.patterns import PatternSet, load_patterns
from eventwire.stages.events.roles import RoleFinder, RoleWords
from eventwire.stages.events.syntax import NOMINAL_DEPS, is_imperative, is_nominal, is_passive
from eventwire.stages.events.locating import Locator, PlaceRef
from eventwire.stages.events.rules import SentenceRules

log = logging.getLogger(__name__)

POS_CLASS = {"VERB": "verb", "NOUN": "noun", "PROPN": "noun", "ADJ": "adj"}
VICTIM_ONLY_TYPES = frozenset({"ASSAULT", "COERCE"})
# "-es" is a verb ending only after these; "departes" is a misspelling no dictionary means
ES_STEMS = ("s", "x", "z", "ch", "sh", "o")


def misspelt(tok: Token) -> bool:
    """True for a verb form no English verb takes: "-es" after a stem that only takes "-s"."""
    low, lemma = tok.lower_, tok.lemma_.lower()
    return low == lemma + "es" and not lemma.endswith(ES_STEMS)


class EventStage(SentenceRules):
    """Adds PLOVER events found by the trigger patterns."""

    name = "events"
    needs = ("doc", "mentions")
    adds = ("events",)

    def __init__(self, settings: Settings) -> None:
        self.patterns: PatternSet = load_patterns(settings.patterns)
        self.contexts = load_contexts()
        self.max_context_words = max((len(k) for k in self.contexts), default=1)
        cues = load_attribution_cues()
        self.report_verbs = cues.report_verbs
        self.future_modals = cues.future_modals
        self.performative = cues.performative_verbs
        self.denial = cues.denial_verbs
        self.conditional_marks = cues.conditional_marks
        self.role_words = RoleWords(
            light_verbs=self.patterns.light_verbs, report_verbs=cues.report_verbs, address_nouns=cues.address_nouns,
            address_verbs=cues.address_verbs, attack_preps=frozenset({"in", "during", "by"}),
        )
        self.types = plover_types()
        self.locator = Locator.load(self.patterns.same_country_types)
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
        finder = RoleFinder(by_token, self.role_words)
        index = self.patterns.index
        events: list[Event] = []
        for seq, sent in enumerate(doc.sents):
            found: list[Event] = []
            places: list[PlaceRef] | None = None
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
                    child_lemmas = self._child_lemmas(tok)
                    for pattern in candidates:
                        if self._fits(tok, pattern, finder, child_lemmas):
                            if places is None:
                                places = self.locator.places(sent, by_token)
                            coded = self._code(coding, seq, sent, tok, pattern, finder, places)
                            found.extend(coded)
                            # a fallback pattern codes what the fitting patterns could not ("sent troops to the capital")
                            if coded or not any(c.fallback for c in candidates):
                                break
                if pos == "verb" and self.imperatives and is_imperative(tok) and tok.dep_ != "conj" and self._reported(tok, sent):
                    if places is None:
                        places = self.locator.places(sent, by_token)
                    for pattern in self.imperatives:
                        found.extend(self._code(coding, seq, sent, tok, pattern, finder, places))
            if found:
                events.extend(self._finish(found, sent, coding))
        return events

    # --- matching ------------------------------------------------------------

    @staticmethod
    def _child_lemmas(tok: Token) -> set[str]:
        """The lemmas a pattern's with/without words are checked against: the trigger's words and theirs."""
        child_lemmas = set()
        for c in tok.children:
            if c.dep_ in ("aux", "auxpass", "mark", "det", "punct"):
                continue
            child_lemmas.add(c.lemma_.lower())
            if c.dep_ == "prep":  # "withdrawal of troops", "barred from entering": the preposition's object counts too
                child_lemmas.update(g.lemma_.lower() for g in c.children if g.dep_ in ("pobj", "pcomp"))
            if c.dep_ in ("dobj", "prep"):  # "fired artillery shells", "for economic sanctions", "warned them about"
                for g in c.children:
                    if g.dep_ in ("compound", "amod", "pobj", "prep"):
                        child_lemmas.add(g.lemma_.lower())
                        if c.dep_ == "dobj" and g.dep_ == "prep" and g.lower_ == "of" and not any(
                                x.dep_ == "det" for x in c.children):
                            # a quantity: "sent hundreds of troops" (not "adopted a set of resolutions")
                            child_lemmas.update(x.lemma_.lower() for x in g.children if x.dep_ == "pobj")
        return child_lemmas

    def _fits(self, tok: Token, p: Pattern, finder: RoleFinder, child_lemmas: set[str]) -> bool:
        if p.with_word and not (p.with_word & child_lemmas):
            return False
        if p.without_word and p.without_word & child_lemmas:
            return False
        if p.compound and not any(c.dep_ in ("compound", "amod", "nmod") and c.lemma_.lower() in p.compound for c in tok.children):
            return False
        if p.needs_complement and not finder.has_complement(tok):
            return False
        if p.needs_clause and not any(c.dep_ == "xcomp" for c in tok.children):
            return False  # "ready to resume talks", not "ready" alone
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

    def _code(self, coding: Coding, seq: int, sent: Span, tok: Token, p: Pattern, finder: RoleFinder,
              places: list[PlaceRef]) -> list[Event]:
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
                self.locator.complete(actor, recipient, tok, p.type, places, (a, r), True),
                self.locator.complete(recipient, actor, tok, p.type, places, (a, r), False),
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
            if recipient is None and r is None and (etype in self.patterns.place_recipient_types
                                                    or f"{etype}/{emode}" in self.patterns.place_recipient_types):
                recipient = self.locator.place_target(tok, places, (a, r))
            if recipient is None and actor is not None and actor.country and actor.country not in NON_STATE:
                # an organisation's untargeted act has no home country to land on
                key = f"{etype}/{emode}" if f"{etype}/{emode}" in self.patterns.domestic_recipient_types else etype
                if key in self.patterns.domestic_recipient_types:
                    recipient = self.patterns.domestic_recipient(key, actor.country)
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
                    **cameo_fields(ecameo),
                    actor_span=(a.start_char, a.end_char) if a is not None else None,
                    recipient_span=(r.start_char, r.end_char) if r is not None else None,
                    confidence=round(min(1.0, confidence + (0.1 if a is not None and r is not None else 0.0)), 2),
                )
            )
            if p.reverse_type and recipient is not None and recipient.code and actor is not None and actor.code:
                # a paired code ("[032:033]"): the recipient's side of the exchange is an event too
                back = out[-1]
                out.append(recode(back, p.reverse_cameo, event=p.reverse_type, mode=None, actor=recipient, recipient=actor,
                                  actor_span=back.recipient_span, recipient_span=back.actor_span))
        return out

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
