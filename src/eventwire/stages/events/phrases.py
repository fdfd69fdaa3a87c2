"""Events: role rules that search a phrase for the first actor it names.

PETRARCH finds its target as the first actor after the verb; these rules do
the same within one phrase of the trigger ("between X and Y", an about-phrase,
the object phrase, the prepositional phrases). Each reads the document's
:class:`~eventwire.stages.events.arguments.Arguments`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from spacy.tokens import Token

from eventwire.records import Mention
from eventwire.stages.events.arguments import Arguments
from eventwire.stages.events.syntax import pobj

# the deps of a trigger's own clauses, which are not its phrase
OWN_CLAUSES = ("ccomp", "conj", "cc", "punct", "parataxis", "advcl", "relcl", "nsubj")


def between(arguments: Arguments, trigger: Token, which: int) -> list[Mention]:
    """First (1) or other (2) members of "between X and Y"."""
    for c in trigger.children:
        if c.dep_ == "prep" and c.lower_ == "between":
            obj = pobj(c)
            if obj is None:
                return []
            members = [m for t in (obj, *obj.conjuncts) if (m := arguments.mentions.get(t.i))]
            return members[:1] if which == 1 else members[1:]
    return []


def about(arguments: Arguments, trigger: Token) -> list[Mention]:
    """The first actor named inside an about/over/at object."""
    for c in trigger.children:
        if c.dep_ == "prep" and c.lower_ in ("about", "over", "at", "by"):
            for t in c.subtree:
                m = arguments.mentions.get(t.i)
                if m is not None:
                    return [m]
    return []


def first_in(arguments: Arguments, phrases: Iterable[Token], own_head: bool = True,
             skip: Callable[[Mention], bool] | None = None) -> list[Mention]:
    """The actors at the first mention inside the first of ``phrases`` that holds one
    (with ``own_head`` False, a phrase's head itself does not count; mentions ``skip`` is true of
    do not count either). A possessive pronoun counts only when its phrase names no one else:
    "lifted its blockade of the U.K." names the U.K."""
    for phrase in phrases:
        own: list[Mention] = []
        for t in phrase.subtree:
            m = arguments.mentions.get(t.i)
            if m is None or (not own_head and t.i == phrase.i) or (skip is not None and skip(m)):
                continue
            found = [x for x in arguments.actors_at(t) if skip is None or not skip(x)]
            if t.tag_ == "PRP$":
                own = own or found
            elif found:
                return found
        if own:
            return own
    return []


def in_object(arguments: Arguments, trigger: Token) -> list[Mention]:
    """The first actor named anywhere in the object phrase, with its conjuncts
    ("welcomed the resumption of ties with Mordor and Rohan": Mordor, Rohan)."""
    return first_in(arguments, (c for c in trigger.children if c.dep_ == "dobj"), own_head=False)


def in_phrase(arguments: Arguments, trigger: Token, skip: Callable[[Mention], bool] | None = None) -> list[Mention]:
    """The first actor named after the verb inside its own phrase, clauses of their own left out
    ("marched close to the border with Mordor": Mordor) -- PETRARCH's target. Mentions ``skip``
    is true of are passed over."""
    return first_in(arguments, (c for c in trigger.rights if c.dep_ not in OWN_CLAUSES), skip=skip)


def in_preps(arguments: Arguments, trigger: Token) -> list[Mention]:
    """The first actor inside a prepositional phrase after the verb or its object, the object itself
    left out ("deployed troops to the border with Ukraine": Ukraine; "massed its forces": nothing)."""
    heads = [trigger, *(c for c in trigger.children if c.dep_ == "dobj")]
    # "with" names partners, not targets
    return first_in(arguments, (c for h in heads for c in h.rights if c.dep_ == "prep" and c.lower_ != "with"))
