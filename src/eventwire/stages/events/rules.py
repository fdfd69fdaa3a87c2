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
from eventwire.records import Mention
from eventwire.stages.events.background import drop_background
from eventwire.stages.events.conventions import Conventions
from eventwire.stages.events.intents import IntentRules
from eventwire.stages.events.patterns import PatternSet
from eventwire.stages.events.people import no_party
from eventwire.stages.events.syntax import is_imperative, is_nominal


#: how a topic phrase goes on: what it coordinates, says of its words, and their own phrases
TOPIC_DEPS = ("conj", "relcl", "acl", "dobj", "prep", "pobj", "pcomp", "appos")
POS_CLASSES = {"VERB": "verb", "NOUN": "noun"}


class SentenceRules:
    """The per-sentence rules, over the pattern set's conventions, the attribution cues and
    the stage's conventions."""

    def __init__(self, patterns: PatternSet, cues: AttributionCues, conventions: Conventions) -> None:
        self.patterns = patterns
        self.cues = cues
        self.conventions = conventions
        self.intents = IntentRules(patterns, cues, conventions)
        # words that are an accusation by themselves ("accused", "condemnation"; not "declared" guilty): their
        # every pattern is of a type that has a topic, and one asks no other word
        self.accusing = frozenset(
            key for key, options in patterns.index.items()
            if key[1] in POS_CLASSES.values() and all(p.type in conventions.topic_types for p in options)
            and any(not (p.with_word or p.compound) for p in options))

    def apply(self, found: list[Event], sent: Span, mentions: dict[int, Mention] | None = None) -> list[Event]:
        """The events of the sentence once the rules have dropped, merged and recoded them; each once.
        ``mentions`` are the document's actor mentions by token."""
        doc = sent.doc
        found = self._drop_conditions(found, doc)
        triggers = {e.trigger for e in found}
        protests, own_head = self._protests(found, doc)
        found = self._subsume(found, doc)
        found = self._topics(found, doc)
        found = self._protest_demands(found, doc)
        found = self._fold_mobilization(found, doc)
        found = self._casualties(found, doc)
        found = self._participles(found, doc)
        found = self._causer_nouns(found, doc)
        found = self._drop_purposes(found, doc)
        found = self._drop_restating_nouns(found, doc)
        if protests:
            # PLOVER: the topic of a protest is not a separate event
            found = [e for e in found if not (e.event in self.conventions.protest_topic_types and any(
                a.i in protests for a in doc[e.trigger].ancestors if a.i != own_head.get(e.trigger)))]
        found = self.intents.refusals(found, doc, mentions or {})
        found = self.intents.promises(found, doc, triggers, mentions or {})
        found = drop_background(found, doc, self.conventions)
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
        marks = self.cues.conditional_marks | self.conventions.condition_marks
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
        kinds = {(e.trigger, *_act(e)) for e in found}
        return [e for e in found if not (doc[e.trigger].dep_ in ("advcl", "xcomp") and no_party(e.recipient)
                                         and (doc[e.trigger].head.i, *_act(e)) in kinds)]

    @staticmethod
    def _drop_restating_nouns(found: list[Event], doc: Doc) -> list[Event]:
        """"arrived in Moscow on an official visit": an event noun in a phrase of its own event's verb (same type, same
        doer) restates that event."""
        verbs = {(e.trigger, *_act(e)) for e in found if doc[e.trigger].pos_ == "VERB"}
        return [e for e in found if not (is_nominal(doc[e.trigger]) and doc[e.trigger].dep_ == "pobj"
                                         and (doc[e.trigger].head.head.i, *_act(e)) in verbs)]

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
        targets = {id(a): m for m in found if id(m) in folded for a in (folded[id(m)],)
                   if not no_party(m.recipient)}
        for e in found:
            if id(e) in folded:
                continue
            if e.event == "ASSAULT" and no_party(e.recipient) and id(e) in targets:
                target = targets[id(e)]
                e = dataclasses.replace(e, recipient=target.recipient, recipient_span=target.recipient_span)
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
                    if inner is None or not no_party(inner.recipient) or (
                            e.actor is not None and inner.actor is not None and e.actor.country != inner.actor.country):
                        continue
                    merged.add(inner.trigger)
                    e = dataclasses.replace(e, mode=e.mode or inner.mode, actor=e.actor or inner.actor,
                                            actor_span=e.actor_span or inner.actor_span)
            out.append(e)
        return [e for e in out if not (e.trigger in merged and no_party(e.recipient))]

    def _participles(self, found: list[Event], doc: Doc) -> list[Event]:
        """An attack and the casualties its participle reports are one event ("twin car bombs exploded
        at the ministry, killing 100"; "jets struck the town, wounding five"): the attack keeps its own
        target, or takes the casualties when it names none; the participle is not coded again."""
        attacks = {e.trigger: e for e in found if e.event in self.conventions.violence_types}
        merged: dict[int, Event] = {}
        for e in found:
            tok = doc[e.trigger]
            head = attacks.get(tok.head.i)
            if e.event not in self.conventions.violence_types or tok.tag_ != "VBG" or tok.dep_ not in ("advcl", "conj") \
                    or head is None or head is e or (e.actor and head.actor and e.actor.code != head.actor.code):
                continue
            if not no_party(head.recipient) and e.recipient is not None and head.recipient.country != e.recipient.country:
                continue  # the casualties are another party than the target: an event of their own
            merged[id(e)] = head
        out = []
        for e in found:
            if id(e) in merged:
                continue
            casualty = next((c for c in found if merged.get(id(c)) is e), None)
            if casualty is not None and no_party(e.recipient) and casualty.recipient is not None:
                e = dataclasses.replace(e, recipient=casualty.recipient, recipient_span=casualty.recipient_span)
            out.append(e)
        return out

    def _causer_nouns(self, found: list[Event], doc: Doc) -> list[Event]:
        """An attack named as what did the violence ("two explosions killed 100", "a Russian strike
        destroyed the consulate") is that violence: the verb's event, which takes the noun's doer when it
        names none; the noun is not coded again."""
        violence = self.conventions.violence_types
        verbs = {e.trigger: e for e in found if e.event in violence and doc[e.trigger].pos_ == "VERB"}
        doers: dict[int, Event] = {}
        for e in found:
            tok = doc[e.trigger]
            verb = verbs.get(tok.head.i)
            if e.event in violence and is_nominal(tok) and tok.dep_ == "nsubj" and verb is not None and not (
                    e.recipient and verb.recipient and e.recipient.country != verb.recipient.country):
                doers[tok.head.i] = e  # (an attack on one party that killed others is an event of its own)
        out = []
        for e in found:
            if any(d is e for d in doers.values()):
                continue
            noun = doers.get(e.trigger)
            if noun is not None and (e.actor is None or e.actor.code is None) and noun.actor is not None and noun.actor.code:
                e = dataclasses.replace(e, actor=noun.actor, actor_span=noun.actor_span)
            out.append(e)
        return out

    def _addressed(self, tok: Token) -> bool:
        """A request made to someone: "called on X", "urged X to", "asked X for"."""
        deps = {c.dep_ for c in tok.children}
        return "dative" in deps or ("dobj" in deps and "xcomp" in deps) or any(
            c.dep_ == "prep" and c.lower_ in self.conventions.request_preps for c in tok.children)

    def _topics(self, found: list[Event], doc: Doc) -> list[Event]:
        """An accusation, condemnation or investigation is coded, not again the act it is about: a nominal
        trigger in its object or topic phrase ("condemned the attack on", "criticized for the crackdown",
        "investigate the killings"), with what that phrase says of it, is its topic. The accusation names the
        topic's doer as its recipient when it names none."""
        by_trigger: dict[int, Event] = {}
        for e in found:
            by_trigger.setdefault(e.trigger, e)
        drop: set[int] = set()
        lent: dict[int, Event] = {}
        sent = doc[found[0].trigger].sent if found else None
        heads = {e.trigger for e in found if e.event in self.conventions.topic_types}
        # an accusation coded without its doer ("were condemned for the raid") has its topic all the same
        heads |= {t.i for t in sent or () if (t.lemma_.lower(), POS_CLASSES.get(t.pos_)) in self.accusing}
        for head in sorted(heads):
            if head in drop:
                continue
            for t in self._topic_of(doc[head]):
                if t.i in by_trigger and t.i != head:
                    drop.add(t.i)
                    lent.setdefault(head, by_trigger[t.i])
        out = []
        for e in found:
            if e.trigger in drop:
                continue
            inner = lent.get(e.trigger)
            if inner is not None and no_party(e.recipient) and inner.actor is not None and inner.actor.code \
                    and inner.actor_span != e.actor_span:
                # who is condemned is who did it ("condemned the army's raid"), never its victims
                e = dataclasses.replace(e, recipient=inner.actor, recipient_span=inner.actor_span)
            out.append(e)
        return out

    def _topic_of(self, tok: Token) -> list[Token]:
        """The triggers an accusation is about: a nominal in its object or in a topic phrase
        ("of", "for", "into": also under "guilty of"), and the words that phrase coordinates or says of it."""
        # "found the regime guilty of murdering": the topic phrase of the small clause too
        heads = [tok, *(c for c in tok.children if c.dep_ in ("oprd", "acomp", "dobj") or (c.dep_ == "ccomp" and c.pos_ == "ADJ"))]
        first = [c for c in tok.children if c.dep_ == "dobj"]
        first += [o for h in heads for c in h.children if c.dep_ == "prep" and c.lower_ in self.conventions.topic_preps
                  for o in c.children if o.dep_ in ("pobj", "pcomp")]
        # a gerund with its own doer is the claim the accusation makes ("accused Russia of attacking"): coded, as claimed
        first = [t for t in first if t.pos_ in ("NOUN", "PROPN")]
        out, frontier = [], first
        for _ in range(4):
            out.extend(frontier)
            frontier = [c for t in frontier for c in t.children if c.dep_ in TOPIC_DEPS]
        return out

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
                e = self._with_content(e, inner, doc)
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
            preventing = tok.pos_ == "VERB" and tok.lemma_.lower() in self.conventions.preventing_verbs
            if (e.event not in self.patterns.subsuming_types and not preventing) or e.trigger in drop or is_imperative(tok):
                continue
            for inner in self._governed(tok, self.conventions.content_preps):
                if inner.i in by_trigger and inner.i != e.trigger:
                    drop.add(inner.i)
                    content.setdefault(e.trigger, by_trigger[inner.i])
        return drop, content

    def _with_content(self, e: Event, inner: Event, doc: Doc) -> Event:
        """A subsuming event given what its content says: a vow of conflict is a threat, a promise
        takes the code of what it promises, pledged support or an agreed deal is that support, a call
        for punishment addressed to no one condemns its target, an event with no recipient takes the content's."""
        if e.event == "AGREE" and inner.event in self.conventions.performed_contents and is_nominal(doc[inner.trigger]):
            # "pledged his full support for", "agreed a trade deal", "offered scathing criticism": the act performed
            own = inner if inner.recipient is not None and (no_party(e.recipient) or not no_party(inner.recipient)) else e
            e = recode(e, inner.cameo, event=inner.event, mode=inner.mode, recipient=own.recipient,
                       recipient_span=own.recipient_span)
        if e.event == "REQUEST" and no_party(e.recipient) and inner.actor is None and inner.recipient is not None \
                and (inner.event in self.patterns.threat_content or inner.event == "ACCUSE"):
            # "called for sanctions against Moscow": no one is asked; the target is condemned
            e = self.conventions.punitive_call.apply(e, recipient=inner.recipient, recipient_span=inner.recipient_span)
        offered = doc[e.trigger].lemma_.lower() in self.conventions.offer_verbs \
            and inner.event not in self.conventions.violence_types
        if e.event == "AGREE" and inner.quad_code in (3, 4) and not offered:
            # a vow to attack, arrest or punish is a threat, not an agreement ("offered to send troops" is no threat)
            threat = self.conventions.threat
            mode, cameo = self.patterns.threat_of(inner.event, inner.mode, threat.cameo)
            e = recode(e, cameo, event=threat.type, mode=mode)
        if e.event == "AGREE" and inner.event in self.conventions.promised_cooperation \
                and e.cameo == self.conventions.promise_cameo:
            # the most specific code: what is promised ("pledged to send aid": 033)
            e = recode(e, self.conventions.promised_cooperation[inner.event])
        if no_party(e.recipient):
            if e.event == "REQUEST" and inner.actor_span != e.actor_span:
                rec, span = inner.actor, inner.actor_span
            else:
                rec, span = inner.recipient, inner.recipient_span
            if rec is not None and span != e.actor_span and (e.recipient is None or not no_party(rec)):
                e = dataclasses.replace(e, recipient=rec, recipient_span=span)
        return e

    @staticmethod
    def _governed(tok: Token, content_preps: frozenset[str]) -> list[Token]:
        """Triggers in the clause a verb governs: its xcomp/ccomp and their xcomp/conj/dobj, two levels down;
        for a modal that makes a demand ("Israel must end ..."), the verb it is the auxiliary of."""
        out: list[Token] = []
        # "rejected the criticism", "called off the strike", "threatened sanctions", "called for sanctions",
        # "agreed to a ceasefire": the object too
        frontier = [c for c in tok.children if c.dep_ in ("xcomp", "ccomp") or (c.dep_ == "dobj" and c.pos_ == "NOUN")]
        frontier += [o for c in tok.children if c.dep_ == "prep" and c.lower_ in content_preps
                     for o in c.children if (o.dep_ == "pobj" and o.pos_ == "NOUN") or o.dep_ == "pcomp"]
        if tok.dep_ == "aux":
            frontier.append(tok.head)
        for _ in range(2):
            out.extend(frontier)
            frontier = [c for t in frontier for c in t.children if c.dep_ in ("xcomp", "ccomp", "conj", "dobj")]
        return out

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


def _act(e: Event) -> tuple[str, str | None]:
    """What an event does and who does it: its type and its actor's code."""
    return e.event, e.actor.code if e.actor else None
