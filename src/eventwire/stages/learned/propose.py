"""Events the model proposes and the patterns did not code: on the sentence's main clause, or re-typed.

A proposed event takes its trigger from the sentence's main clause (the
complement of a reporting verb, else the root) and its actor and recipient from
the events stage's role finder, which the role ranker may re-rank. A re-typed
event is a pattern event of the sentence with the model's type. Either way the
type's most general CAMEO code comes with it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from spacy.tokens import Span, Token

from eventwire.knowledge.cameo import cameo_fields, default_cameo, recode
from eventwire.records import Actor, Event, Mention
from eventwire.stages.events import RoleFinder
from eventwire.stages.learned.roles import ACTOR, RECIPIENT, RoleRanker, sentence_mentions

#: The role rules tried, in order, for the recipient of a main-clause event.
RECIPIENT_RULES = ("object", "dative", "prep:to", "prep:with", "prep:against", "prep:on", "inner", "in_object")


def main_clause(sent: Span, report_verbs: frozenset[str]) -> Token:
    """The word a sentence's main event hangs on: the clause a reporting verb frames, else the root."""
    root = sent.root
    if root.lemma_.lower() in report_verbs:
        for c in root.children:
            if c.dep_ == "ccomp" and c.pos_ in ("VERB", "AUX"):
                return c
    return root


def finder_picks(finder: RoleFinder, trigger: Token) -> tuple[list[Mention], list[Mention]]:
    """The actor and recipient mentions the role finder reaches from a trigger."""
    actors = finder.subject(trigger)
    for rule in RECIPIENT_RULES:
        recipients = finder.role(trigger, rule)
        if recipients:
            return actors, recipients
    return actors, []


def picked(event_actor: Sequence[Mention], event_recipient: Sequence[Mention]) -> dict[str, frozenset[int]]:
    """The role finder's choices as the ranker reads them: mention starts by role."""
    return {ACTOR: frozenset(m.start for m in event_actor), RECIPIENT: frozenset(m.start for m in event_recipient)}


def _party(m: Mention | None) -> Actor | None:
    if m is None:
        return None
    actor = m.members[0] if m.members else m.actor
    return actor.with_text(actor.entity_text or m.text)


def _span(m: Mention | None) -> tuple[int, int] | None:
    return (m.start_char, m.end_char) if m is not None else None


class Proposer:
    """Codes the events the model asks for in one sentence."""

    def __init__(self, finder: RoleFinder, ranker: RoleRanker | None, report_verbs: frozenset[str]) -> None:
        self.finder = finder
        self.ranker = ranker
        self.report_verbs = report_verbs

    def roles(self, trigger: Token, sent: Span, event_type: str, actors: Sequence[Mention],
              recipients: Sequence[Mention], mentions: Sequence[Mention]) -> tuple[Mention | None, Mention | None]:
        """The actor and recipient of an event: the ranker's choice when there is one, else the role finder's."""
        if self.ranker is not None:
            return self.ranker.choose(trigger, sent, mentions, event_type, picked(actors, recipients))
        actor = actors[0] if actors else None
        recipient = next((m for m in recipients if m is not actor), None)
        return actor, recipient

    def propose(self, article_id: str, seq: int, sent: Span, event_type: str, mentions: Sequence[Mention],
                confidence: float) -> Event | None:
        """A new event of ``event_type`` on the sentence's main clause, or None when no actor is named."""
        trigger = main_clause(sent, self.report_verbs)
        actors, recipients = finder_picks(self.finder, trigger)
        actor, recipient = self.roles(trigger, sent, event_type, actors, recipients,
                                      sentence_mentions(mentions, sent))
        if actor is None:
            return None
        return Event(
            article_id=article_id, event=event_type, mode=None, actor=_party(actor), recipient=_party(recipient),
            sentence=seq, sentence_start=sent.start_char, sentence_end=sent.end_char, trigger=trigger.i,
            trigger_start=trigger.idx, trigger_end=trigger.idx + len(trigger.text), event_text=trigger.text,
            text=sent.text, actor_span=_span(actor), recipient_span=_span(recipient), confidence=confidence,
            **cameo_fields(default_cameo(event_type)),
        )

    def rerank(self, event: Event, sent: Span, mentions: Sequence[Mention]) -> Event:
        """A pattern event with the parties the ranker prefers among the sentence's mentions."""
        if self.ranker is None:
            return event
        inside = sentence_mentions(mentions, sent)
        by_span = {(m.start_char, m.end_char): m for m in inside}
        actors = [by_span[event.actor_span]] if event.actor_span in by_span else []
        recipients = [by_span[event.recipient_span]] if event.recipient_span in by_span else []
        if not actors:
            return event  # an implicit actor (the police of a passive) is the pattern's own finding
        trigger = sent.doc[event.trigger]
        actor, recipient = self.ranker.choose(trigger, sent, inside, event.event, picked(actors, recipients))
        changes: dict[str, object] = {}
        if actor is not None and actor is not actors[0]:
            changes.update(actor=_party(actor), actor_span=_span(actor))
        if recipient is not None and (not recipients or recipient is not recipients[0]) \
                and (recipients or event.recipient is None):
            changes.update(recipient=_party(recipient), recipient_span=_span(recipient))
        return dataclasses.replace(event, **changes) if changes else event

    @staticmethod
    def retype(event: Event, event_type: str, confidence: float) -> Event:
        """A pattern event coded with another type (the type's general CAMEO code, no mode)."""
        return recode(event, default_cameo(event_type), event=event_type, mode=None, confidence=confidence)
