"""Events: what caused an event when no party is named as its doer.

PLOVER codes what people do to each other. Deaths and damage caused by nature, accidents or
things ("a strong earthquake killed eight people", "a tank at the plant exploded", "eight people
were killed in floods") are no political event. The same verbs with a weapon used by people ("a
roadside bomb killed three soldiers", "two bombs exploded in a market") are violence whose doer
is unknown: the weapon's words stand for it. The words of each kind are data
(``conventions.yaml``: ``natural_causes``, ``weapon_causes``).
"""

from __future__ import annotations

from spacy.tokens import Token

from eventwire.records import Mention
from eventwire.stages.events.conventions import Conventions
from eventwire.stages.events.people import unnamed
from eventwire.stages.events.roles import RoleFinder
from eventwire.stages.events.syntax import is_passive, pobj

#: what a causer is: a named party, nature or an accident, a weapon or attack, or none of these
AGENT, NATURAL, WEAPON = "agent", "natural", "weapon"
MODIFIER_DEPS = ("compound", "amod", "nmod")
SUBJECTS = ("nsubj", "nsubjpass")
CHAIN = ("advcl", "xcomp", "conj")
RELATIVE_TAGS = ("WDT", "WP")


class Causes:
    """Reads the causer of a trigger and the kind of thing it is."""

    def __init__(self, conventions: Conventions) -> None:
        self.natural = conventions.natural_causes
        self.accident_verbs = conventions.accident_verbs
        self.weapons = conventions.weapon_causes
        self.blasts = conventions.blast_causes
        self.targets = conventions.natural_targets
        self.ills = conventions.social_ills
        self.occurrence = conventions.occurrence_verbs
        self.emergency_preps = conventions.emergency_preps
        self.preps = conventions.attack_preps | conventions.cause_preps

    def causers(self, tok: Token) -> tuple[list[Token], list[Token]]:
        """The words that may name what did it, as (doers, circumstances): the subject of an active
        verb (or of the clause a subjectless participle hangs on: "floods hit Japan, killing 12") and
        the "by" agent of a passive; what a casualty happened in ("killed in an earthquake") and a
        "when" clause ("killed when their bus plunged into a river")."""
        head = tok
        for _ in range(3):
            if any(c.dep_ in SUBJECTS for c in head.children) or head.dep_ not in CHAIN or head.head is head:
                break
            head = head.head
        doers = [head.head if c.tag_ in RELATIVE_TAGS and head.dep_ == "relcl" else c
                 for c in head.children if c.dep_ == "nsubj"]
        circumstances: list[Token] = []
        for verb in dict.fromkeys((tok, head)):
            for c in verb.children:
                if c.dep_ == "agent" and pobj(c) is not None:
                    doers.append(pobj(c))
                elif c.dep_ == "prep" and c.lower_ in self.preps and pobj(c) is not None:
                    circumstances.append(pobj(c))
                elif c.dep_ == "advcl" and any(m.lower_ == "when" for m in c.children if m.dep_ == "advmod"):
                    circumstances.extend(s for s in c.children if s.dep_ in SUBJECTS)
                    circumstances.append(c)
        return doers, circumstances

    def kind(self, tok: Token, finder: RoleFinder) -> tuple[str | None, Token | None]:
        """What caused the trigger's event, and the word that names it: a party named as its doer
        (agent), else nature or an accident named anywhere around it, else a weapon or attack."""
        doers, circumstances = self.causers(tok)
        kinds = [(self._kind_of(t, finder), t) for t in doers]
        if any(k == AGENT for k, _ in kinds):
            return AGENT, None
        kinds += [(k, t) for t in circumstances if (k := self._kind_of(t, finder)) != AGENT]
        for wanted in (NATURAL, WEAPON):
            for k, t in kinds:
                if k == wanted:
                    return k, t
        used = self.used_weapon(tok)
        return (WEAPON, used) if used is not None else (None, None)

    def accident(self, tok: Token) -> bool:
        """True when the casualty participle hangs on a verb of accident with no object ("a bus plunged into a
        ravine, killing 23", "a Boeing 737 crashed, killing all on board"): what crashed killed no one on purpose."""
        head = tok
        for _ in range(3):
            if head.dep_ not in CHAIN or head.head is head:
                break
            head = head.head
            if head.lemma_.lower() in self.accident_verbs and not any(c.dep_ == "dobj" for c in head.children):
                return True  # not "crashed his car into the checkpoint, killing 12"
        return False

    def used_weapon(self, tok: Token) -> Token | None:
        """The weapon a passive with no agent says was used ("a car bomb was detonated", "rockets were
        fired at the base"): it stands for the doer the text does not name. None for anything else."""
        if not is_passive(tok) or any(c.dep_ == "agent" for c in tok.children):
            return None
        for c in tok.children:
            if c.dep_ == "nsubjpass":
                own = forms(c) | {m.lemma_.lower() for m in c.children if m.dep_ in MODIFIER_DEPS}
                return c if own & self.weapons and not own & self.natural else None
        return None

    def _kind_of(self, tok: Token, finder: RoleFinder) -> str | None:
        """A named party ("Israeli fire"), nature or an accident ("a strong earthquake", "a gas
        explosion"), a weapon or attack ("a roadside bomb", "sniper fire"), an accident named around it
        ("a tank at the plant"), or a blast that is an attack unless an accident is named around it."""
        named = finder.arguments.actors_at(tok)
        if any(m.actor.country for m in named):
            return AGENT
        own = forms(tok) | {c.lemma_.lower() for c in tok.children if c.dep_ in MODIFIER_DEPS}
        if own & self.natural:
            return NATURAL  # "Typhoon Hagibis", a name no table knows, is still a storm
        if named:
            return AGENT
        if own & self.weapons:
            return WEAPON
        if {t.lemma_.lower() for t in tok.subtree} & self.natural:
            return NATURAL
        if own & self.blasts:
            return WEAPON
        return None

    def natural_target(self, tok: Token) -> bool:
        """True when what the violence is done to is nature, disease or a social ill ("fight the
        epidemic", "combat poverty"): no violence at all."""
        for c in tok.children:
            target = c if c.dep_ == "dobj" else pobj(c) if c.dep_ == "prep" and c.lower_ in ("against", "on") else None
            if target is None:
                continue
            # an ill by its own noun only: "fighting drug traffickers" fights people
            if target.lemma_.lower() in self.ills or {target.lemma_.lower(), *(
                    m.lemma_.lower() for m in target.children if m.dep_ in MODIFIER_DEPS)} & self.targets:
                return True
        return False

    def against_nature(self, tok: Token) -> bool:
        """True when a measure's purpose or cause is a disaster or an epidemic ("closed its borders to
        contain the virus", "imposed a curfew because of the floods")."""
        for c in tok.children:
            if c.dep_ in ("xcomp", "advcl") or (c.dep_ == "prep" and c.lower_ in self.emergency_preps):
                if {t.lemma_.lower() for t in c.subtree} & (self.targets | self.natural):
                    return True
        return False

    def occurs(self, tok: Token) -> bool:
        """True for fighting reported as breaking out ("clashes erupted", "fighting broke out in the
        north"): violence whose doers the sentence does not name."""
        return tok.dep_ == "nsubj" and tok.pos_ == "NOUN" and tok.head.lemma_.lower() in self.occurrence

    @staticmethod
    def unnamed_doer(tok: Token) -> Mention:
        """The weapon standing for a doer the text does not name: its words, with no actor code."""
        return unnamed(tok, "weapon")


def forms(tok: Token) -> set[str]:
    """The word's lemma and lower case, and a plural's singular where the tagger took it for a name
    ("Wildfires swept through Greece")."""
    lower = tok.lower_
    return {tok.lemma_.lower(), lower, lower[:-1] if lower.endswith("s") else lower}
