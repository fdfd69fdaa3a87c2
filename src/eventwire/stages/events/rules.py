"""Events: per-sentence rules applied to the events one sentence yields.

PLOVER conventions that look at several events of a sentence together: the condition
of an event is no event, the topic of a protest is no event, promised events are AGREE,
the content of a demand or refusal is subsumed, a mobilization reported with its
fighting is the assault. The words, types and CAMEO codes the rules apply are data
(:mod:`.conventions`, the pattern file's sections, the attribution cues).
"""

from __future__ import annotations

import dataclasses

from spacy.tokens import Doc, Span, Token

from eventwire.knowledge.cameo import recode
from eventwire.knowledge.cues import AttributionCues
from eventwire.records import Event
from eventwire.stages.events.conventions import Conventions
from eventwire.stages.events.patterns import PatternSet
from eventwire.stages.events.syntax import is_imperative, is_nominal


class SentenceRules:
    """The per-sentence rules, over the pattern set's conventions, the attribution cues and
    the stage's conventions."""

    def __init__(self, patterns: PatternSet, cues: AttributionCues, conventions: Conventions) -> None:
        self.patterns = patterns
        self.cues = cues
        self.conventions = conventions

    def apply(self, found: list[Event], sent: Span) -> list[Event]:
        """The events of the sentence once the rules have dropped, merged and recoded them; each once."""
        doc = sent.doc
        found = self._drop_conditions(found, doc)
        triggers = {e.trigger for e in found}
        protests, own_head = self._protests(found, doc)
        found = self._subsume(found, doc)
        found = self._protest_demands(found, doc)
        found = self._fold_mobilization(found, doc)
        found = self._casualties(found, doc)
        found = self._drop_purposes(found, doc)
        if protests:
            # PLOVER: the topic of a protest is not a separate event
            found = [e for e in found if not (e.event in self.conventions.protest_topic_types and any(
                a.i in protests for a in doc[e.trigger].ancestors if a.i != own_head.get(e.trigger)))]
        found = self._promises(found, doc, triggers)
        seen: set[tuple] = set()
        unique = []
        for e in found:
            key = (e.trigger, e.event, e.actor_span, e.recipient_span, e.actor.code if e.actor else None)
            if key not in seen:
                seen.add(key)
                unique.append(e)
        return unique

    def _drop_conditions(self, found: list[Event], doc: Doc) -> list[Event]:
        """"threatened export controls if Moscow invades", "would agree to a truce if the raids stopped":
        an if/unless clause is the condition of the sentence's event, not an event of its own."""
        conditional = {e.trigger for e in found if self._conditional(doc[e.trigger])}
        if conditional and len(conditional) < len({e.trigger for e in found}):
            return [e for e in found if e.trigger not in conditional]
        return found

    def _conditional(self, tok: Token) -> bool:
        """True inside an if/unless clause ("may call up reservists if fighting escalates")."""
        marks = self.cues.conditional_marks
        return any(c.dep_ == "mark" and c.lower_ in marks for t in (tok, *tok.ancestors) for c in t.children)

    def _protests(self, found: list[Event], doc: Doc) -> tuple[set[int], dict[int, int]]:
        """The protest triggers, and the light verb each heads when it is that verb's object."""
        protests = {e.trigger for e in found if e.event == "PROTEST"}
        # "began a hunger strike to protest ...": the protest's light verb heads its purpose clause too
        own_head = {i: doc[i].head.i for i in protests
                    if doc[i].dep_ == "dobj" and doc[i].head.lemma_.lower() in self.patterns.light_verbs}
        return protests | set(own_head.values()), own_head

    @staticmethod
    def _drop_purposes(found: list[Event], doc: Doc) -> list[Event]:
        """"summoned the ambassador to protest the remarks": a purpose clause restating its verb's event."""
        kinds = {(e.trigger, e.event, e.actor.code if e.actor else None) for e in found}
        return [e for e in found if not (doc[e.trigger].dep_ in ("advcl", "xcomp") and e.recipient is None
                                         and (doc[e.trigger].head.i, e.event, e.actor.code if e.actor else None) in kinds)]

    def _promises(self, found: list[Event], doc: Doc, triggers: set[int]) -> list[Event]:
        """Promised cooperation is AGREE with the code of what is promised; a promised or announced
        retreat is a concession. The promise verb's own AGREE gives way to the promised event."""
        out: list[Event] = []
        dropped_promises: set[int] = set()
        promised_codes = self.conventions.promised_cooperation
        for e in found:
            promise = self._promised(self._clause_of(doc[e.trigger]))
            if e.event in promised_codes and promise is not None:
                e = recode(e, promised_codes[e.event], event="AGREE")
                if promise.i in triggers:
                    dropped_promises.add(promise.i)
            elif e.event == "RETREAT" and (promise is not None or self._declared(doc[e.trigger])):
                # PLOVER: an announced retreat ("would withdraw troops") is a concession
                e = self.conventions.announced_retreat.apply(e)
                if promise is not None and promise.i in triggers:
                    dropped_promises.add(promise.i)
            out.append(e)
        return [e for e in out if not (e.trigger in dropped_promises and e.event == "AGREE")]

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

    def _casualties(self, found: list[Event], doc: Doc) -> list[Event]:
        """A casualty report and the attack it happened in are one event ("five soldiers were killed
        in a Russian missile strike"): the casualty keeps its victims and takes the attack's mode and
        doer; the attack is not coded again."""
        attacks = {e.trigger: e for e in found if e.event == "ASSAULT"}
        merged: set[int] = set()
        out = []
        for e in found:
            if e.event == "ASSAULT" and e.recipient is not None:
                tok = doc[e.trigger]
                for c in tok.children:
                    if c.dep_ != "prep" or c.lower_ not in self.conventions.attack_preps:
                        continue
                    inner = next((attacks[g.i] for g in c.children if g.dep_ == "pobj" and g.i in attacks), None)
                    if inner is None or inner.recipient is not None or (
                            e.actor is not None and inner.actor is not None and e.actor.country != inner.actor.country):
                        continue
                    merged.add(inner.trigger)
                    e = dataclasses.replace(e, mode=e.mode or inner.mode, actor=e.actor or inner.actor,
                                            actor_span=e.actor_span or inner.actor_span)
            out.append(e)
        return [e for e in out if not (e.trigger in merged and e.recipient is None)]

    def _addressed(self, tok: Token) -> bool:
        """A request made to someone: "called on X", "urged X to", "asked X for"."""
        deps = {c.dep_ for c in tok.children}
        return "dative" in deps or ("dobj" in deps and "xcomp" in deps) or any(
            c.dep_ == "prep" and c.lower_ in self.conventions.request_preps for c in tok.children)

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
                e.recipient is not None and e.recipient.country and e.recipient.sector in self.conventions.authority_sectors)
            if e.event == "REQUEST" and e.actor_span is not None and not addressed:
                span = doc.char_span(*e.actor_span, alignment_mode="expand")
                if span is not None and span.root.lemma_.lower() in nouns:
                    if e.actor_span in protests or any(s is None for s in protests):
                        continue
                    recipient = None
                    if e.actor is not None and e.actor.country and "PROTEST" in self.patterns.domestic_recipient_types:
                        recipient = self.patterns.domestic_recipient("PROTEST", e.actor.country)
                    e = self.conventions.protest_demand.apply(e, recipient=recipient, recipient_span=None)
            out.append(e)
        return out

    def _subsume(self, found: list[Event], doc: Doc) -> list[Event]:
        """Drop events that are only the content of a promise, demand, refusal or threat,
        and nominal triggers under a light verb that is itself a trigger ("signed an agreement");
        the governing event takes its code and recipient from that content."""
        drop, content = self._contents(found, doc)
        out = []
        for e in found:
            if e.trigger in drop:
                continue
            inner = content.get(e.trigger)
            if inner is not None:
                e = self._with_content(e, inner)
            out.append(e)
        return out

    def _contents(self, found: list[Event], doc: Doc) -> tuple[set[int], dict[int, Event]]:
        """The triggers to drop, and for each subsuming event the first event of its content."""
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
        return drop, content

    def _with_content(self, e: Event, inner: Event) -> Event:
        """A subsuming event given what its content says: a vow of conflict is a threat, a promise
        takes the code of what it promises, an event with no recipient takes the content's."""
        if e.event == "AGREE" and inner.quad_code in (3, 4):
            # a vow to attack, arrest or punish is a threat, not an agreement
            threat = self.conventions.threat
            mode, cameo = self.patterns.threat_content.get(inner.event, (None, threat.cameo))
            e = recode(e, cameo, event=threat.type, mode=mode)
        if e.event == "AGREE" and inner.event in self.conventions.promised_cooperation \
                and e.cameo == self.conventions.promise_cameo:
            # the most specific code: what is promised ("pledged to send aid": 033)
            e = recode(e, self.conventions.promised_cooperation[inner.event])
        if e.recipient is None:
            if e.event == "REQUEST" and inner.actor_span != e.actor_span:
                rec, span = inner.actor, inner.actor_span
            else:
                rec, span = inner.recipient, inner.recipient_span
            if rec is not None and span != e.actor_span:
                e = dataclasses.replace(e, recipient=rec, recipient_span=span)
        return e

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

    @staticmethod
    def _clause_of(tok: Token) -> Token:
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
        if tok.lemma_.lower() not in self.cues.denial_verbs:
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
        return tok.pos_ == "NOUN" and tok.dep_ == "dobj" and tok.head.lemma_.lower() in self.cues.performative_verbs

    def _promised(self, tok: Token) -> Token | None:
        """The promise verb or future modal that makes an event a promise ("pledged to send aid")."""
        cues = self.cues
        for c in tok.children:
            if c.dep_ == "aux" and (c.lower_ in cues.future_modals or (
                    c.lower_ in cues.conditional_modals and tok.dep_ == "ccomp"
                    and tok.head.lemma_.lower() in cues.report_verbs)):
                # "will send", and reported "said it would send": reported speech shifts "will" to "would"
                return c
        frames = self.conventions.promise_verbs | self.conventions.future_frames
        t = tok
        while t.dep_ in ("xcomp", "conj") and t.head is not t:
            t = t.head
            if t.lemma_.lower() in frames:
                return t
        return None
