"""Events: per-sentence rules applied to the events one sentence yields.

PLOVER conventions that look at several events of a sentence together: the topic of a
protest is no event, promised events are AGREE, the content of a demand or refusal is
subsumed, a mobilization reported with its fighting is the assault.
"""

from __future__ import annotations

import dataclasses

from spacy.tokens import Doc, Span, Token

from eventwire.knowledge.cameo import recode
from eventwire.records import Coding, Event
from eventwire.stages.events.syntax import is_imperative, is_nominal

PROMISE_VERBS = frozenset({"promise", "pledge", "agree", "vow", "offer", "commit"})
# scheduled or planned acts are future too ("is due to meet", "is expected to sign", "plans to send"):
# PLOVER codes future cooperation as AGREE
FUTURE_FRAMES = frozenset({"due", "expect", "schedule", "slate", "plan", "intend", "set"})
FUTURE_AGREE_TYPES = {"AID": "033", "COOPERATE": "031", "SUPPORT": "032", "CONSULT": "036"}
# an announced retreat as the concession it is: CAMEO 08x material retreat -> its verbal 08 family code
FUTURE_CONCEDE = {"0871": "080", "0872": "080", "0841": "080", "0842": "080", "0874": "080"}
# recipients a demand can be addressed to as a verbal request, protesters or not
AUTHORITY_SECTORS = frozenset({"GOV", "MIL", "COP", "JUD", "LEG", "SPY", None})


class SentenceRules:
    """Per-sentence rules; mixed into the event stage, which provides ``patterns``, the attribution
    cue sets and ``contexts``."""


    def _finish(self, found: list[Event], sent: Span, coding: Coding) -> list[Event]:
        doc = sent.doc
        # "threatened export controls if Moscow invades", "would agree to a truce if the raids stopped":
        # an if/unless clause is the condition of the sentence's event, not an event of its own
        conditional = {e.trigger for e in found if self._conditional(doc[e.trigger])}
        if conditional and len(conditional) < len({e.trigger for e in found}):
            found = [e for e in found if e.trigger not in conditional]
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
        found = self._casualties(found, doc)
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
                e = recode(e, cameo, event="AGREE")
                if promise.i in triggers:
                    dropped_promises.add(promise.i)
            elif e.event == "RETREAT" and (promise is not None or self._declared(doc[e.trigger])):
                # PLOVER: an announced retreat ("would withdraw troops") is a concession
                cameo = FUTURE_CONCEDE.get(e.cameo or "", "080")
                e = recode(e, cameo, event="CONCEDE", mode=None)
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

    def _conditional(self, tok: Token) -> bool:
        """True inside an if/unless clause ("may call up reservists if fighting escalates")."""
        return any(c.dep_ == "mark" and c.lower_ in self.conditional_marks for t in (tok, *tok.ancestors) for c in t.children)

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
    def _casualties(found: list[Event], doc: Doc) -> list[Event]:
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
                    if c.dep_ != "prep" or c.lower_ not in ("in", "during", "by"):
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
                        recipient = self.patterns.domestic_recipient("PROTEST", actor.country)
                    e = recode(e, cameo, event="PROTEST", mode="demo", recipient=recipient, recipient_span=None)
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
                e = recode(e, cameo, event="THREATEN", mode=mode)
            if e.event == "AGREE" and inner_event is not None and inner_event.event in FUTURE_AGREE_TYPES \
                    and e.cameo == "030":
                # the most specific code: what is promised ("pledged to send aid": 033)
                cameo = FUTURE_AGREE_TYPES[inner_event.event]
                e = recode(e, cameo)
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
            if t.lemma_.lower() in PROMISE_VERBS or t.lemma_.lower() in FUTURE_FRAMES:
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
