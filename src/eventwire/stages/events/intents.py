"""Events: what an event's clause says of the doer's intent recodes the event.

PLOVER codes intent as its own event: promised cooperation is AGREE, an announced retreat is a
concession (CONCEDE), willingness to retreat is AGREE, a conflict act its doer announces for the
future is a threat (THREATEN), and cooperation refused ("refused to lift", "will not release",
"failed to reach agreement") is a REJECT. The words and codes are data (:mod:`.conventions`,
the attribution cues, the pattern file's ``threat_content``).
"""

from __future__ import annotations

import dataclasses

from spacy.tokens import Doc, Token

from eventwire.knowledge.cameo import crosswalk, recode
from eventwire.knowledge.cues import AttributionCues
from eventwire.records import Event, Mention
from eventwire.stages.events.conventions import Conventions
from eventwire.stages.events.patterns import PatternSet
from eventwire.stages.events.people import no_party
from eventwire.stages.events.syntax import is_nominal, is_passive, pobj

PRONOUNS = frozenset({"it", "they", "we", "he", "she", "i"})


def clause_of(tok: Token) -> Token:
    """The verb a nominal trigger depends on through a light verb or preposition ("extend loans"), also
    for a noun coordinated with its object ("provide a grant and a loan")."""
    t = tok
    for _ in range(4):
        if is_nominal(t) and t.dep_ == "conj" and is_nominal(t.head):
            t = t.head
        elif is_nominal(t) and t.dep_ in ("dobj", "pobj", "nsubjpass"):
            t = t.head.head if t.dep_ == "pobj" else t.head
        else:
            break
    return t if t.pos_ in ("VERB", "AUX") else tok


def mode_of(code: str) -> str | None:
    """The PLOVER mode the crosswalk gives a CAMEO code, if any."""
    return next((mode for cameo, _, mode, _ in crosswalk() if cameo == code), None)


class IntentRules:
    """Recodes events by the intent their clause states: promises, announcements, refusals."""

    def __init__(self, patterns: PatternSet, cues: AttributionCues, conventions: Conventions) -> None:
        self.patterns = patterns
        self.cues = cues
        self.conventions = conventions

    # --- refusals ---------------------------------------------------------------------------------

    def refusals(self, found: list[Event], doc: Doc, mentions: dict[int, Mention]) -> list[Event]:
        """Cooperation refused or negated in the future is a REJECT of it (PLOVER: all rejections and
        refusals): "refused to lift the ban", "declined to resign", "will not release the prisoners",
        "failed to reach agreement". A refusal with no recipient is aimed at the party its condition
        waits on ("will not lift the embargo until Vietnam helps"); ``mentions`` are the actor mentions by token."""
        refused = self.conventions.refused
        out = []
        for e in found:
            verb = clause_of(doc[e.trigger])
            marker = self._refusal(verb) if e.event in refused else None
            if marker is not None:
                e = self._rejection(e, marker, doc)
                # a recipient the text names stays; one given by default (the actor's own country) does not
                waited_on = self._waited_on(verb, mentions) \
                    if no_party(e.recipient) or e.recipient_span is None else None
                if waited_on is not None and (waited_on.start_char, waited_on.end_char) != e.actor_span:
                    e = dataclasses.replace(e, recipient=waited_on.actor.with_text(waited_on.text),
                                            recipient_span=(waited_on.start_char, waited_on.end_char))
            out.append(e)
        return out

    def _waited_on(self, verb: Token, mentions: dict[int, Mention]) -> Mention | None:
        """The party whose act a condition clause of the verb waits for: the doer of "until the government
        provides", "until their demands are met by the authorities", "before the management is sacked"."""
        for c in verb.children:
            if c.dep_ != "advcl" or not any(m.dep_ == "mark" and m.lower_ in self.conventions.awaited_marks
                                            for m in c.children):
                continue
            for v in (c, *c.conjuncts):
                if is_passive(v):
                    doers = [pobj(g) for g in v.children if g.dep_ == "agent"] + [g for g in v.children
                                                                                 if g.dep_ == "nsubjpass"]
                else:
                    doers = [g for g in v.children if g.dep_ == "nsubj"]
                for m in (mentions.get(d.i) for d in doers if d is not None):
                    if m is not None and (m.actor.country or m.actor.sector):
                        return m
        return None

    def _refusal(self, verb: Token) -> Token | None:
        """The word that refuses the verb's act: a negation with a future or ability modal ("will not",
        "can't"), or a refusing verb it is the complement of ("declined to", "failed to")."""
        modals = self.conventions.refusal_modals
        children = list(verb.children)
        negation = next((c for c in children if self._negation(c)), None)
        if negation is not None and any(c.dep_ == "aux" and c.lower_ in modals for c in children):
            return negation
        t = verb
        for _ in range(2):
            if t.dep_ != "xcomp" or t.head is t:
                break
            t = t.head
            if t.lemma_.lower() in self.conventions.refusal_verbs:
                return t
        return None

    def _rejection(self, e: Event, marker: Token, doc: Doc) -> Event:
        """The REJECT of a refused event: its parties, the refused act's code, the refusing words as trigger."""
        code = self.conventions.refused[e.event]
        span = doc[min(e.trigger, marker.i) : max(e.trigger, marker.i) + 1]
        return recode(e, code, event="REJECT", mode=mode_of(code), trigger=marker.i, trigger_start=span.start_char,
                      trigger_end=span.end_char, event_text=span.text)

    # --- promises and announcements ---------------------------------------------------------------

    def promises(self, found: list[Event], doc: Doc, triggers: set[int], mentions: dict[int, Mention]) -> list[Event]:
        """Promised cooperation is AGREE with the code of what is promised; willingness to retreat is
        AGREE too, an announced retreat a concession; a conflict act its doer announces is a threat.
        The promise verb's own AGREE gives way to the promised event."""
        out: list[Event] = []
        dropped: set[int] = set()
        promised_codes = self.conventions.promised_cooperation
        for e in found:
            promise = self._promised(clause_of(doc[e.trigger]))
            if e.event in promised_codes and promise is not None:
                e = recode(e, promised_codes[e.event], event="AGREE")
            elif e.event == "RETREAT" and promise is not None and (
                    promise.lemma_.lower() in self._intents or e.mode in self.conventions.yield_intent_modes):
                # "agreed to lift the ban", "is willing to withdraw", "said it will release them": an intent to yield
                e = self.conventions.promised_retreat.apply(e)
            elif e.event == "RETREAT" and (promise is not None or self._declared(doc[e.trigger])):
                # PLOVER: an announced retreat ("would withdraw troops") is a concession
                e = self.conventions.announced_retreat.apply(e)
            elif e.event in self.patterns.threat_content and promise is not None \
                    and promise.lemma_.lower() in self.conventions.offer_verbs \
                    and e.event not in self.conventions.violence_types:
                # "offered to send troops", "agreed to set up posts": what is offered or agreed is cooperation
                e = recode(e, self.conventions.promise_cameo, event="AGREE", mode=None)
            elif e.event in self.patterns.threat_content and promise is not None and not self._negated(e, doc) \
                    and self._announced_by_doer(clause_of(doc[e.trigger]), e, mentions):
                # "said it would boycott the vote", "announced it will extend the curfew": a threat
                mode, cameo = self.patterns.threat_of(e.event, e.mode, self.conventions.threat.cameo)
                e = recode(e, cameo, event=self.conventions.threat.type, mode=mode)
            else:
                promise = None
            if promise is not None and promise.i in triggers:
                dropped.add(promise.i)
            out.append(e)
        return [e for e in out if not (e.trigger in dropped and e.event == "AGREE")]

    @property
    def _intents(self) -> frozenset[str]:
        return self.conventions.promise_verbs | self.conventions.intent_frames

    def _promised(self, tok: Token) -> Token | None:
        """The promise verb, intent frame or future modal that makes an event a promise ("pledged to
        send aid", "is willing to withdraw", "will send")."""
        cues = self.cues
        for c in tok.children:
            if c.dep_ == "aux" and (c.lower_ in cues.future_modals or (
                    c.lower_ in cues.conditional_modals and tok.dep_ == "ccomp"
                    and tok.head.lemma_.lower() in cues.report_verbs)):
                # "will send", and reported "said it would send": reported speech shifts "will" to "would"
                return c
        frames = self._intents | self.conventions.future_frames
        t = tok
        while t.dep_ in ("xcomp", "conj") and t.head is not t:
            t = t.head
            if t.lemma_.lower() in frames:
                return t
        return None

    def _negated(self, e: Event, doc: Doc) -> bool:
        """True when the event's clause is negated ("would not detain"): no threat is made."""
        verb = clause_of(doc[e.trigger])
        return any(self._negation(c) for c in verb.children)

    def _negation(self, c: Token) -> bool:
        return c.dep_ == "neg" or (c.dep_ == "advmod" and c.lower_ in self.cues.negation_words)

    def _declared(self, tok: Token) -> bool:
        """A nominal retreat that is announced ("declared a ceasefire"): PLOVER codes the declaration
        as CONCEDE, the retreat itself when it is carried out."""
        return tok.pos_ == "NOUN" and tok.dep_ == "dobj" and tok.head.lemma_.lower() in self.conventions.declaring_verbs

    def _announced_by_doer(self, verb: Token, e: Event, mentions: dict[int, Mention]) -> bool:
        """True when the clause is what its own doer says or announces ("Venezuela's opposition said
        they would boycott"), not a third party's forecast."""
        top = verb
        while top.dep_ in ("xcomp", "conj") and top.head is not top:
            top = top.head
        head = top.head
        # "said it would boycott", "announced it will extend", "warned it would retaliate"
        if top.dep_ != "ccomp" or head.lemma_.lower() not in \
                self.cues.report_verbs | self.cues.performative_verbs | self.cues.claim_verbs:
            return False
        if e.actor is None:
            return False
        if (e.actor.entity_text or "").lower() in PRONOUNS:
            return True
        speakers = [mentions[c.i] for c in head.children if c.dep_ == "nsubj" and c.i in mentions]
        # the same country, or, for a party of none, the same words ("the opposition said it would boycott")
        return any((m.actor.country and m.actor.country == e.actor.country)
                   or (not m.actor.country and e.actor.entity_text and m.actor.entity_text == e.actor.entity_text)
                   for m in speakers)
