"""Finding an event's actor and recipient in the dependency parse.

Each role rule of a pattern (``subject``, ``object``, ``prep:with``, ...)
is a function from the trigger token to the actor mentions it reaches.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from spacy.tokens import Token

from eventwire.records import Mention, actor_code

SUBJECTS = ("nsubj", "csubj")
RELATIVE_TAGS = ("WDT", "WP", "WP$")
CHAIN_DEPS = ("xcomp", "advcl", "conj", "pcomp")
LOOK_THROUGH = ("poss", "compound", "nmod", "amod", "appos")
FIRST_PERSON = frozenset({"we", "i"})


NOMINAL_DEPS = ("dobj", "pobj", "nsubj", "nsubjpass")


def is_nominal(tok: Token) -> bool:
    """A noun, or a word the tagger took for a verb where only a noun can stand ("launched military drills")."""
    return tok.pos_ in ("NOUN", "PROPN") or (tok.pos_ == "VERB" and tok.dep_ in NOMINAL_DEPS)


def is_passive(tok: Token) -> bool:
    """True when the verb is passive (has a passive subject or auxiliary)."""
    return any(c.dep_ in ("nsubjpass", "auxpass", "csubjpass") for c in tok.children)


def is_imperative(tok: Token) -> bool:
    """A base-form verb heading a clause with no subject, no modal and no 'to'."""
    if tok.tag_ != "VB" or tok.dep_ not in ("ROOT", "ccomp", "conj", "parataxis"):
        return False
    for c in tok.children:
        if c.dep_ in ("nsubj", "nsubjpass", "expl", "aux", "auxpass", "mark"):
            return False
    if tok.dep_ == "conj":
        return is_imperative(tok.head)
    return True


@dataclass(slots=True)
class RoleFinder:
    """Resolves role rules over one document, given its actor mentions by token."""

    mentions: dict[int, Mention]
    light_verbs: frozenset[str]
    report_verbs: frozenset[str]
    address_nouns: frozenset[str]
    address_verbs: frozenset[str]
    _addressee: dict[int, list[Mention]] = field(default_factory=dict)

    # --- arguments -----------------------------------------------------------

    def actors_at(self, tok: Token | None, depth: int = 0) -> list[Mention]:
        """Actor mentions an argument token stands for: itself and its conjuncts,
        or, when it names no actor, its possessor, compound or "of" modifier."""
        if tok is None or depth > 2:
            return []
        found: list[Mention] = []
        for t in (tok, *tok.conjuncts):
            m = self.mentions.get(t.i)
            if m is not None:
                # "negotiators from Armenia and Azerbaijan": a role without a country
                # takes the countries of its from/of modifier
                if m.actor.country is None and depth == 0:
                    specific = [x for x in self._modifier_actors(t) if x.actor.country]
                    if specific:
                        found.extend(x for x in specific if x not in found)
                        continue
                    # "activists in Lebanon and Iraq": the role, once per country it is placed in
                    placed = [self._placed(m, x.actor.country) for x in self._modifier_actors(t, ("in",)) if x.actor.country]
                    if placed:
                        found.extend(x for x in placed if x not in found)
                        continue
                if m not in found:
                    found.append(m)
                # "Iranian and Saudi officials", "Indian and Chinese soldiers": coordinated modifiers
                # name one party each
                for c in t.children:
                    if c.dep_ in ("amod", "compound") and c.conjuncts:
                        for x in (c, *c.conjuncts):
                            other = self.mentions.get(x.i)
                            if other is not None and other not in found and other.actor.country:
                                found.append(other)
                if m.kind == "role" and m.actor.country and depth == 0:
                    # "nurses in Kenya and Uganda": the role in each country named, when its own
                    # country is one of them (not "Turkish warplanes in Syria")
                    places = [x.actor.country for x in self._modifier_actors(t, ("in",)) if x.actor.country]
                    first = next((self._pobj(c) for c in t.children if c.dep_ == "prep" and c.lower_ == "in"), None)
                    if first is not None and first.i not in self.mentions:
                        places.append(m.actor.country)  # the first place gave the role its country
                    if m.actor.country in places:
                        for country in places:
                            placed = self._placed(m, country)
                            if country != m.actor.country and placed not in found:
                                found.append(placed)
                continue
            for c in t.children:
                if c.dep_ in LOOK_THROUGH or (c.dep_ == "prep" and c.lower_ == "of"):
                    inner = self._pobj(c) if c.dep_ == "prep" else c
                    for m2 in self.actors_at(inner, depth + 1):
                        if m2 not in found:
                            found.append(m2)
                    if found:
                        break
        return found

    def _modifier_actors(self, tok: Token, preps: tuple[str, ...] = ("from", "of")) -> list[Mention]:
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ in preps:
                return self.actors_at(self._pobj(c), 1)
        return []

    @staticmethod
    def _placed(m: Mention, country: str) -> Mention:
        """A role mention given the country of the place it is in."""
        actor = dataclasses.replace(m.actor, country=country, code=actor_code(country, m.actor.sector))
        return dataclasses.replace(m, actor=actor)

    @staticmethod
    def _pobj(prep: Token) -> Token | None:
        for c in prep.children:
            if c.dep_ in ("pobj", "pcomp"):
                return c
        return None

    def clause_head(self, trigger: Token) -> Token:
        """The verb whose subject is the trigger's: a light verb for "held talks",
        the copula for "is concerned", else the trigger itself."""
        if is_nominal(trigger) and trigger.dep_ in ("dobj", "nsubjpass") and trigger.head.lemma_.lower() in self.light_verbs:
            return trigger.head
        if trigger.dep_ in ("acomp", "attr") and trigger.head.pos_ in ("AUX", "VERB"):
            return trigger.head
        return trigger

    def subject(self, trigger: Token, depth: int = 0) -> list[Mention]:
        """The doer: nsubj, the by-agent of a passive, the noun a relative clause
        modifies, or the controller of a subjectless xcomp/advcl/conj."""
        if depth > 4:
            return []
        head = self.clause_head(trigger)
        if head is trigger and is_nominal(trigger):
            return []
        passive = is_passive(head)
        for c in head.children:
            if c.dep_ == "agent":
                return self.actors_at(self._pobj(c))
            if c.dep_ in SUBJECTS and not passive:
                if c.tag_ in RELATIVE_TAGS and head.dep_ == "relcl":
                    return self.actors_at(head.head)
                found = self.actors_at(c)
                if not found and c.lower_ in FIRST_PERSON:
                    # "we"/"I" inside a quote is whoever says the quote
                    return self.speaker(trigger)
                return found
        if passive:
            return []
        if head.dep_ == "relcl":
            return self.actors_at(head.head)
        if head.dep_ == "acl" and head.tag_ == "VBG":
            return self.actors_at(head.head)
        if is_imperative(head):
            return self.addressee(head)
        if head.dep_ in CHAIN_DEPS and head.head is not head:
            up = head.head
            if up.dep_ == "prep":  # "by sending ...", "after attacking ..."
                # "accused Iran of sending", "blamed X for opening fire": the object acts
                if up.lower_ in ("of", "for"):
                    controller = self.object(up.head)
                    if controller:
                        return controller
                up = up.head
            elif head.dep_ == "xcomp":
                # "urged Iran to stop", "asked NATO to boost": object control when the object is an actor
                controller = self.object(up)
                if controller:
                    return controller
            return self.subject(up, depth + 1)
        return []

    def object(self, trigger: Token) -> list[Mention]:
        """The undergoer: dobj, or the subject of a passive (the noun a passive relative clause modifies)."""
        head = trigger
        if is_passive(head):
            for c in head.children:
                if c.dep_ == "nsubjpass":
                    if c.tag_ in RELATIVE_TAGS and head.dep_ == "relcl":
                        return self.actors_at(head.head)
                    return self.actors_at(c)
            if head.dep_ in ("relcl", "acl"):
                return self.actors_at(head.head)
            return []
        objects = sorted((c for c in head.children if c.dep_ == "dobj"), key=lambda c: c.tag_ in RELATIVE_TAGS)
        for c in objects:
            if c.tag_ in RELATIVE_TAGS:
                return self.actors_at(head.head) if head.dep_ == "relcl" else []
            return self.actors_at(c)
        return []

    def dative(self, trigger: Token) -> list[Mention]:
        """The indirect object ("gave Kyiv weapons") or a dative "to"/"for" phrase, also on the light
        verb of a nominal trigger ("gave assurances to Seoul", "extended an invitation to Kyiv")."""
        heads = [trigger]
        head = self.clause_head(trigger)
        if head is not trigger:
            heads.append(head)
        for h in heads:
            for c in h.children:
                if c.dep_ == "dative":
                    return self.actors_at(self._pobj(c) if c.pos_ == "ADP" else c)
        return []

    def prep(self, trigger: Token, word: str) -> list[Mention]:
        """The object of preposition ``word`` on the trigger or on its light verb."""
        heads = [trigger]
        head = self.clause_head(trigger)
        if head is not trigger:
            heads.append(head)
        elif is_nominal(trigger) and trigger.dep_ in ("nsubj", "nsubjpass"):
            heads.append(trigger.head)  # "riots broke out in Santiago"
        if trigger.pos_ == "VERB":
            # "suspended contacts with X", "cut funding to X": the preposition hangs on the object
            heads.extend(c for c in trigger.children if c.dep_ == "dobj")
        for h in heads:
            for c in h.children:
                if c.dep_ in ("prep", "dative", "agent") and c.lower_ == word:
                    found = self.actors_at(self._pobj(c))
                    if found:
                        return found
        return []

    def child(self, trigger: Token, deps: tuple[str, ...]) -> list[Mention]:
        for c in trigger.children:
            if c.dep_ in deps:
                found = self.actors_at(c)
                if found:
                    return found
        return []

    def between(self, trigger: Token, which: int) -> list[Mention]:
        """First (1) or other (2) members of "between X and Y"."""
        for c in trigger.children:
            if c.dep_ == "prep" and c.lower_ == "between":
                pobj = self._pobj(c)
                if pobj is None:
                    return []
                members = [m for t in (pobj, *pobj.conjuncts) if (m := self.mentions.get(t.i))]
                return members[:1] if which == 1 else members[1:]
        return []

    def complement(self, trigger: Token) -> list[Mention]:
        """The doer of a clausal complement ("concerned that Moscow may ...")."""
        for c in trigger.children:
            if c.dep_ == "ccomp":
                return self.subject(c)
        return []

    def about(self, trigger: Token) -> list[Mention]:
        """The first actor named inside an about/over/at object."""
        for c in trigger.children:
            if c.dep_ == "prep" and c.lower_ in ("about", "over", "at", "by"):
                for t in c.subtree:
                    m = self.mentions.get(t.i)
                    if m is not None:
                        return [m]
        return []

    def speaker(self, trigger: Token) -> list[Mention]:
        """The subject of the reporting verb that frames the sentence."""
        for t in trigger.sent:
            if t.lemma_.lower() in self.report_verbs and t.pos_ == "VERB":
                for c in t.children:
                    if c.dep_ == "nsubj":
                        found = self.actors_at(c)
                        if found:
                            return found
        return []

    def addressee(self, trigger: Token) -> list[Mention]:
        """Who the sentence addresses: the "to X" of a message/call noun, or the object of told/urged."""
        sent = trigger.sent
        if sent.start in self._addressee:
            return self._addressee[sent.start]
        found: list[Mention] = []
        for t in sent:
            low = t.lemma_.lower()
            if t.pos_ == "NOUN" and low in self.address_nouns:
                found = self.prep(t, "to")
            elif t.pos_ == "VERB" and low in self.address_verbs:
                found = self.object(t)
            if found:
                break
        self._addressee[sent.start] = found
        return found

    def inner(self, trigger: Token) -> list[Mention]:
        """The recipient of the clause a promise, threat or refusal governs
        ("offered to help Moldova", "refused to extradite him to the US")."""
        for c in trigger.children:
            if c.dep_ in ("xcomp", "ccomp"):
                for rule in ("dative", "prep:to", "object", "prep:with", "prep:on", "prep:against", "complement"):
                    found = self.role(c, rule)
                    if found:
                        return found
        return []

    def in_object(self, trigger: Token) -> list[Mention]:
        """The first actor named anywhere in the object phrase, with its conjuncts
        ("welcomed the resumption of ties with Mordor and Rohan": Mordor, Rohan)."""
        for c in trigger.children:
            if c.dep_ != "dobj":
                continue
            for t in c.subtree:
                if t.i in self.mentions and t is not c:
                    return self.actors_at(t)
        return []

    def in_phrase(self, trigger: Token) -> list[Mention]:
        """The first actor named after the verb inside its own phrase, clauses of their own left out
        ("marched close to the border with Mordor": Mordor) -- PETRARCH's target."""
        for c in trigger.rights:
            if c.dep_ in ("ccomp", "conj", "cc", "punct", "parataxis", "advcl", "relcl", "nsubj"):
                continue
            for t in c.subtree:
                if t.i in self.mentions:
                    return self.actors_at(t)
        return []

    def in_preps(self, trigger: Token) -> list[Mention]:
        """The first actor inside a prepositional phrase after the verb or its object, the object itself
        left out ("deployed troops to the border with Ukraine": Ukraine; "massed its forces": nothing)."""
        heads = [trigger, *(c for c in trigger.children if c.dep_ == "dobj")]
        for h in heads:
            for c in h.rights:
                if c.dep_ != "prep" or c.lower_ == "with":  # "with" names partners, not targets
                    continue
                for t in c.subtree:
                    if t.i in self.mentions:
                        return self.actors_at(t)
        return []

    def has_complement(self, trigger: Token) -> bool:
        """True when the trigger has a clausal complement or an about/over object."""
        return any(c.dep_ == "ccomp" or (c.dep_ == "prep" and c.lower_ in ("about", "over")) for c in trigger.children)

    def role(self, trigger: Token, rule: str) -> list[Mention]:
        """The actor mentions one role rule finds for the trigger."""
        if rule == "subject":
            return self.subject(trigger)
        if rule == "object":
            return self.object(trigger)
        if rule == "dative":
            return self.dative(trigger)
        if rule.startswith("prep:"):
            return self.prep(trigger, rule[5:])
        if rule == "poss":
            return self.child(trigger, ("poss",))
        if rule == "compound":
            return self.child(trigger, ("compound", "amod", "nmod"))
        if rule == "between1":
            return self.between(trigger, 1)
        if rule == "between2":
            return self.between(trigger, 2)
        if rule == "complement":
            return self.complement(trigger)
        if rule == "about":
            return self.about(trigger)
        if rule == "speaker":
            return self.speaker(trigger)
        if rule == "addressee":
            return self.addressee(trigger)
        if rule == "inner":
            return self.inner(trigger)
        if rule == "in_object":
            return self.in_object(trigger)
        if rule == "in_phrase":
            return self.in_phrase(trigger)
        if rule == "in_preps":
            return self.in_preps(trigger)
        if rule == "in_attack":
            return self.in_attack(trigger)
        return []

    def in_attack(self, trigger: Token) -> list[Mention]:
        """Who carried out the attack a casualty happened in: "killed in a Russian strike",
        "wounded in shelling by Azerbaijani forces" (its possessor, modifier or "by" agent)."""
        for c in trigger.children:
            if c.dep_ == "prep" and c.lower_ in ("in", "during", "by"):
                noun = self._pobj(c)
                if noun is None or noun.i in self.mentions:
                    continue
                found = self.child(noun, ("poss",)) or self.child(noun, ("compound", "amod", "nmod")) \
                    or self.prep(noun, "by")
                if found:
                    return found
        return []
