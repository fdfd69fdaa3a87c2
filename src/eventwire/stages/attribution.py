"""Attribution: who says an event happened, and how sure the text is.

From each event's trigger the stage reads the clause around it (negation,
modals, hedging adverbs, conditionals, future markers) and then walks up the
dependency tree to the nearest reporting frame ("said", "claimed",
"is concerned that", "according to"). Cue words are data
(``data/events/attribution.yaml``).
"""

from __future__ import annotations

import dataclasses
import logging

from spacy.tokens import Token

from eventwire.knowledge.cues import load_attribution_cues
from eventwire.records import Actor, Attribution, Coding, Event
from eventwire.settings import Settings
from eventwire.stages.actors import mention_at
from eventwire.stages.docs import doc_text, entity_at

log = logging.getLogger(__name__)

LOCAL_DEPS = ("xcomp", "conj", "acomp", "dobj", "nsubjpass")
MAX_WALK = 12


@dataclasses.dataclass(frozen=True, slots=True)
class Frame:
    """A reporting frame found above a trigger."""

    cue: str
    speaker_token: Token | None
    kind: str  # "report", "claim", "performative", "source", "passive", "denial"


class AttributionStage:
    """Sets each event's attribution: status, speaker, cue, reported_by."""

    name = "attribution"
    needs = ("events",)
    adds = ("attribution",)

    def __init__(self, settings: Settings) -> None:
        self.cues = load_attribution_cues()

    def pipe(self, batch: list[Coding]) -> list[Coding]:
        """Each coding of the batch with its events' attribution."""
        out = []
        for coding in batch:
            if coding.doc is None or not coding.events:
                out.append(coding)
                continue
            events = tuple(dataclasses.replace(e, attribution=self.attribute(coding, e)) for e in coding.events)
            out.append(dataclasses.replace(coding, events=events))
        return out

    # --- the rules -------------------------------------------------------------

    def attribute(self, coding: Coding, event: Event) -> Attribution:
        """The attribution of one event, from the parse around its trigger."""
        doc = coding.doc
        trigger = doc[event.trigger]
        status, cue, top = self._local(trigger)
        if status == "future" and event.event in self.cues.intent_types:
            # a promise or threat is made now: its future is what it is about
            status, cue = None, None
        frame = self._frame(top, trigger)
        if status == "hypothetical" and cue is not None and cue.lower() in self.cues.conditional_modals and frame is not None \
                and frame.kind != "source" and not any(t.lower_ in self.cues.conditional_marks for t in trigger.sent):
            # "said it would withdraw": reported speech shifts "will" to "would"; with no condition it is the future
            status = "future"
            if event.event in self.cues.intent_types:
                status, cue = None, None
        statement = event.event in self.cues.statement_types
        speaker, reported_by = None, None
        if frame is not None:
            speaker, reported_by = self._who(frame.speaker_token, coding)
            if frame.kind == "denial":
                status, cue = "negated", frame.cue
            elif frame.kind == "passive":
                status, cue = status or "hedged", cue or frame.cue
            elif status is None:
                asserted = frame.kind == "performative" or (statement and frame.kind != "source")
                status = "asserted" if asserted else "claimed"
                cue = frame.cue
            elif cue is None:
                cue = frame.cue
        elif statement and event.actor is not None:
            # A statement with no reporting frame is asserted by whoever made it.
            speaker, reported_by = self._actor_text(doc, event), event.actor
        return Attribution(status=status or "asserted", speaker=speaker, cue=cue, reported_by=reported_by)

    def _local(self, trigger: Token) -> tuple[str | None, str | None, Token]:
        """Status cues in the trigger's own clause, and the top of that clause.

        The clause grows up through xcomp/conj ("plans to attack", "stop sending")
        and from a nominal trigger to its light verb ("did not hold talks").
        """
        found: dict[str, str] = {}
        node = trigger
        came_via: str | None = None
        for _ in range(MAX_WALK):
            self._cues_on(node, found, came_via, node is trigger)
            if node.dep_ in LOCAL_DEPS and node.head is not node and not (node.dep_ == "conj" and node.head.pos_ in ("NOUN", "PROPN")):
                if node.dep_ in ("dobj", "nsubjpass") and node.pos_ not in ("NOUN", "PROPN"):
                    break
                came_via = node.dep_
                node = node.head
                continue
            break
        for status in ("negated", "hypothetical", "hedged", "future"):
            if status in found:
                return status, found[status], node
        return None, None, node

    def _cues_on(self, node: Token, found: dict[str, str], came_via: str | None, is_trigger: bool) -> None:
        low = node.lemma_.lower()
        if not is_trigger and came_via == "xcomp":
            if low in self.cues.future_verbs or (low == "go" and node.tag_ == "VBG"):
                found.setdefault("future", node.text)
            if low in self.cues.hedge_passives and any(c.dep_ == "auxpass" for c in node.children):
                found.setdefault("hedged", node.text)
        for c in node.children:
            clow = c.lower_
            if c.dep_ == "neg" or (c.dep_ in ("advmod", "det") and clow in self.cues.negation_words):
                found.setdefault("negated", c.text)
            elif c.dep_ == "aux":
                if clow in self.cues.hedge_modals:
                    found.setdefault("hedged", c.text)
                elif clow in self.cues.future_modals:
                    found.setdefault("future", c.text)
                elif clow in self.cues.conditional_modals:
                    found.setdefault("hypothetical", c.text)
            elif c.dep_ == "advmod" and clow in self.cues.hedge_adverbs:
                found.setdefault("hedged", c.text)
            elif c.dep_ == "mark" and clow in self.cues.conditional_marks:
                found.setdefault("hypothetical", c.text)
            elif c.dep_ == "amod" and c.lemma_.lower() in self.cues.hedge_adjectives:
                found.setdefault("hedged", c.text)

    def _frame(self, top: Token, trigger: Token) -> Frame | None:
        """The nearest reporting frame above the clause, or a source phrase on the way."""
        node, child = top, None
        source: Frame | None = None
        for _ in range(MAX_WALK):
            if node is not trigger and child is not None:
                low = node.lemma_.lower()
                if node.pos_ == "VERB" and low in self.cues.denial_verbs:
                    return Frame(node.text, self._subject(node), "denial")
                if node.pos_ in ("VERB", "ADJ", "AUX") and (low in self.cues.report_verbs or low in self.cues.claim_verbs
                                                            or low in self.cues.performative_verbs or node.lower_ in self.cues.claim_verbs):
                    subj = self._subject(node)
                    if subj is None and any(c.dep_ == "auxpass" for c in node.children):
                        return Frame(node.text, None, "passive")
                    kind = "performative" if low in self.cues.performative_verbs else "report" if low in self.cues.report_verbs else "claim"
                    return Frame(node.text, subj, kind)
            source = source or self._source(node)
            if node.head is node:
                break
            child, node = node, node.head
        return source

    def _source(self, node: Token) -> Frame | None:
        """"according to X", "as per a report by X", "citing X" among the node's children."""
        for c in node.children:
            if c.dep_ != "prep" or c.lower_ not in self.cues.source_first:
                continue
            words = [c.lower_] + [g.lower_ for g in c.children if g.dep_ in ("prep", "pcomp")]
            if " ".join(words[:2]) not in self.cues.source_preps and words[0] not in self.cues.source_preps:
                continue
            for t in c.subtree:
                if t.dep_ == "pobj" and t.pos_ in ("PROPN", "NOUN", "PRON"):
                    target = t
                    for g in t.children:
                        if g.dep_ in ("prep", "agent") and g.lower_ in ("by", "from", "of"):
                            target = next((x for x in g.children if x.dep_ == "pobj"), t)
                    if target.pos_ in ("PROPN", "PRON") or target is not t:
                        return Frame(" ".join(words[:2]) if len(words) > 1 else words[0], target, "source")
        return None

    @staticmethod
    def _subject(node: Token) -> Token | None:
        head = node.head if node.dep_ == "acomp" else node
        for c in (*node.children, *head.children):
            if c.dep_ == "nsubj":
                return c
        return None

    @staticmethod
    def _who(tok: Token | None, coding: Coding) -> tuple[str | None, Actor | None]:
        """The speaker's words and actor: a person name over the subject, else its mention, else its words."""
        if tok is None:
            return None, None
        mention = mention_at(coding, tok.i)
        if tok.ent_type_ == "PERSON":
            ent = entity_at(tok)
            words = ent.text if ent is not None else tok.text
        elif mention is not None:
            words = mention.actor.name if mention.kind in ("pronoun", "coref") and mention.actor.name else mention.text
        else:
            left = [c for c in tok.lefts if c.dep_ in ("compound", "amod")]
            words = tok.doc[left[0].i if left else tok.i : tok.i + 1].text
        return words, mention.actor if mention is not None else None

    def _actor_text(self, doc, event: Event) -> str | None:
        if event.actor_span is None:
            return event.actor.entity_text if event.actor else None
        return doc_text(doc)[event.actor_span[0] : event.actor_span[1]]
