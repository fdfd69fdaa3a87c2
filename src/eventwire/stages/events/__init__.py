"""Events: PLOVER events from trigger patterns over the dependency parse.

One pass over each document's tokens: a token whose (lemma, part of speech)
is in the pattern index is a candidate trigger (:mod:`.triggers`); the pattern's
role rules find actor and recipient mentions (:mod:`.roles`); coordination gives
one event per actor pair (:mod:`.coding`); per-sentence rules apply PLOVER's
conventions to a sentence's events together (:mod:`.rules`). The patterns and
the conventions are data (``data/events/``, plus user pattern files).
"""

from __future__ import annotations

import dataclasses

from spacy.tokens import Doc, Span, Token

from eventwire.knowledge.cues import load_attribution_cues
from eventwire.records import Coding, Event, Mention
from eventwire.settings import Settings
from eventwire.stages.events.coding import EventCoder, Scope
from eventwire.stages.events.contexts import ContextFinder, load_contexts
from eventwire.stages.events.conventions import load_conventions
from eventwire.stages.events.locating import Locator
from eventwire.stages.events.patterns import PatternSet, load_patterns
from eventwire.stages.events.roles import RoleFinder, RoleWords
from eventwire.stages.events.rules import SentenceRules
from eventwire.stages.events.syntax import is_imperative
from eventwire.stages.events.triggers import (
    at_word,
    candidates,
    child_lemmas,
    fits,
    light_verb_lemmas,
    object_words,
    obligation,
    reported,
    trigger_pos,
)

__all__ = ["EventStage", "RoleFinder", "RoleWords", "load_contexts", "load_patterns", "role_finder", "role_words"]


def role_words(patterns: PatternSet) -> RoleWords:
    """The words the role finder reads: the pattern set's light verbs, the shared cue words and the conventions."""
    cues = load_attribution_cues()
    return RoleWords(
        light_verbs=patterns.light_verbs, report_verbs=cues.report_verbs, address_nouns=cues.address_nouns,
        address_verbs=cues.address_verbs, attack_preps=load_conventions().attack_preps,
    )


def role_finder(mentions: tuple[Mention, ...], words: RoleWords) -> RoleFinder:
    """The role finder of one document, given its actor mentions (the first mention of a token wins)."""
    by_token: dict[int, Mention] = {}
    for m in mentions:
        for i in range(m.start, m.end):
            by_token.setdefault(i, m)
    return RoleFinder(by_token, words)


class EventStage:
    """Adds PLOVER events found by the trigger patterns."""

    name = "events"
    needs = ("doc", "mentions")
    adds = ("events",)

    def __init__(self, settings: Settings) -> None:
        self.patterns: PatternSet = load_patterns(settings.patterns)
        cues = load_attribution_cues()
        conventions = load_conventions()
        self.report_verbs = cues.report_verbs
        self.role_words = role_words(self.patterns)
        self.locator = Locator.load(self.patterns.same_country_types)
        self.coder = EventCoder(self.patterns, conventions, self.locator)
        self.rules = SentenceRules(self.patterns, cues, conventions)
        self.contexts = ContextFinder(load_contexts())
        self.imperatives = self.patterns.constructions.get("imperative", ())
        self.obligations = self.patterns.constructions.get("obligation", ())
        self.obligation_modals = conventions.obligation_modals

    def pipe(self, batch: list[Coding]) -> list[Coding]:
        """Each coding of the batch with its events."""
        return [dataclasses.replace(c, events=tuple(self.events_of(c))) for c in batch]

    def events_of(self, coding: Coding) -> list[Event]:
        """All events of one parsed article with its mentions."""
        doc: Doc = coding.doc
        if doc is None:
            return []
        finder = role_finder(coding.mentions, self.role_words)
        events: list[Event] = []
        for seq, sent in enumerate(doc.sents):
            found = self._sentence_events(Scope(coding.article.id, seq, sent, finder, self.locator))
            if found:
                contexts = self.contexts(sent, coding.article.title)
                events.extend(dataclasses.replace(e, context=contexts) for e in self.rules.apply(found, sent, finder.mentions))
        return events

    def _sentence_events(self, scope: Scope) -> list[Event]:
        """The events the patterns code in one sentence, before the per-sentence rules."""
        found: list[Event] = []
        for tok in scope.sent:
            pos = trigger_pos(tok, scope.finder.mentions)
            if pos is None:
                continue
            found.extend(self._matched(scope, tok, pos))
            if pos == "verb" and self.imperatives and is_imperative(tok) and tok.dep_ != "conj" \
                    and reported(tok, scope.sent, self.report_verbs):
                for pattern in self.imperatives:
                    found.extend(self.coder.code(scope, tok, pattern))
            modal = obligation(tok, self.obligation_modals, self.report_verbs) if pos == "verb" else None
            if modal is not None:
                # "Russia says Israel must end attacks": the speaker demands it; the modal is the trigger
                for pattern in self.obligations:
                    found.extend(at_word(e, modal) for e in self.coder.code(scope, tok, pattern))
        return found

    def _matched(self, scope: Scope, tok: Token, pos: str) -> list[Event]:
        """The events of the first of the token's patterns that fits and codes any."""
        options = candidates(self.patterns.index, tok, pos)
        if not options:
            return []
        lemmas = child_lemmas(tok)
        head = scope.finder.clause_head(tok)
        if head is not tok:
            lemmas |= light_verb_lemmas(head)
        fitting = [p for p in options if fits(tok, p, scope.finder, lemmas)]
        # of patterns as specific as each other, the one whose word is what the trigger acts on comes first:
        # "reduced tariffs on Chinese exports" eases tariffs, it does not cut exports
        acted_on = object_words(tok)
        fitting.sort(key=lambda p: (-p.specificity, not (p.with_word & acted_on)))
        # a place stands in for a recipient only when no fallback says what the word means without one
        # ("sent troops to the town" is a MOBILIZE, not aid to the town)
        places = not any(p.fallback for p in fitting)
        for pattern in fitting:
            # a fitting pattern whose parties are not there leaves the word to the next one; a fallback comes last
            coded = self.coder.code(scope, tok, pattern, places=places)
            if coded:
                return coded
        return []
