"""Events: role rules that search a phrase for the first actor it names.

PETRARCH finds its target as the first actor after the verb; these rules do
the same within one phrase of the trigger ("between X and Y", the object
phrase, the prepositional phrases, the attack a casualty happened in).
Each takes the document's :class:`~eventwire.stages.events.roles.RoleFinder`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from spacy.tokens import Token

from eventwire.records import Mention
from eventwire.stages.events.syntax import pobj

if TYPE_CHECKING:
    from eventwire.stages.events.roles import RoleFinder

# the deps of a trigger's own clauses, which are not its phrase
OWN_CLAUSES = ("ccomp", "conj", "cc", "punct", "parataxis", "advcl", "relcl", "nsubj")


def between(finder: RoleFinder, trigger: Token, which: int) -> list[Mention]:
    """First (1) or other (2) members of "between X and Y"."""
    for c in trigger.children:
        if c.dep_ == "prep" and c.lower_ == "between":
            obj = pobj(c)
            if obj is None:
                return []
            members = [m for t in (obj, *obj.conjuncts) if (m := finder.mentions.get(t.i))]
            return members[:1] if which == 1 else members[1:]
    return []


def about(finder: RoleFinder, trigger: Token) -> list[Mention]:
    """The first actor named inside an about/over/at object."""
    for c in trigger.children:
        if c.dep_ == "prep" and c.lower_ in ("about", "over", "at", "by"):
            for t in c.subtree:
                m = finder.mentions.get(t.i)
                if m is not None:
                    return [m]
    return []


def first_in(finder: RoleFinder, phrases: Iterable[Token], own_head: bool = True) -> list[Mention]:
    """The actors at the first mention inside the first of ``phrases`` that holds one
    (with ``own_head`` False, a phrase's head itself does not count)."""
    for phrase in phrases:
        for t in phrase.subtree:
            if t.i in finder.mentions and (own_head or t is not phrase):
                return finder.arguments.actors_at(t)
    return []


def in_object(finder: RoleFinder, trigger: Token) -> list[Mention]:
    """The first actor named anywhere in the object phrase, with its conjuncts
    ("welcomed the resumption of ties with Mordor and Rohan": Mordor, Rohan)."""
    return first_in(finder, (c for c in trigger.children if c.dep_ == "dobj"), own_head=False)


def in_phrase(finder: RoleFinder, trigger: Token) -> list[Mention]:
    """The first actor named after the verb inside its own phrase, clauses of their own left out
    ("marched close to the border with Mordor": Mordor) -- PETRARCH's target."""
    return first_in(finder, (c for c in trigger.rights if c.dep_ not in OWN_CLAUSES))


def in_preps(finder: RoleFinder, trigger: Token) -> list[Mention]:
    """The first actor inside a prepositional phrase after the verb or its object, the object itself
    left out ("deployed troops to the border with Ukraine": Ukraine; "massed its forces": nothing)."""
    heads = [trigger, *(c for c in trigger.children if c.dep_ == "dobj")]
    # "with" names partners, not targets
    return first_in(finder, (c for h in heads for c in h.rights if c.dep_ == "prep" and c.lower_ != "with"))


def in_attack(finder: RoleFinder, trigger: Token) -> list[Mention]:
    """Who carried out the attack a casualty happened in: "killed in a Russian strike",
    "wounded in shelling by Azerbaijani forces" (its possessor, modifier or "by" agent)."""
    for c in trigger.children:
        if c.dep_ == "prep" and c.lower_ in finder.words.attack_preps:
            noun = pobj(c)
            if noun is None or noun.i in finder.mentions:
                continue
            found = finder.child(noun, ("poss",)) or finder.child(noun, ("compound", "amod", "nmod")) \
                or finder.prep(noun, "by")
            if found:
                return found
    return []
