"""Events: finding an event's actor and recipient in the dependency parse.

Each role rule of a pattern (``subject``, ``object``, ``prep:with``, ...) is a
function from the trigger token to the actor mentions it reaches (:data:`RULES`).
The clause roles live here; the phrase searches in :mod:`.phrases`; what an
argument token stands for in :mod:`.arguments`.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass, field

from spacy.tokens import Token

from eventwire.records import Mention
from eventwire.stages.events.arguments import Arguments
from eventwire.stages.events.phrases import about, between, in_object, in_phrase, in_preps
from eventwire.stages.events.role_lists import RoleLists, load_role_lists
from eventwire.stages.events.syntax import is_imperative, is_nominal, is_passive, pobj, small_clause_subject

SUBJECTS = ("nsubj", "csubj")
RELATIVE_TAGS = ("WDT", "WP", "WP$")
#: the clauses inside a trigger's phrase that say something of their own ("if the army withdrew",
#: "accused them of plotting to ..."); a relative clause only says more of its noun
NESTED_CLAUSES = ("advcl", "ccomp", "parataxis", "pcomp", "csubj")
CHAIN_DEPS = ("xcomp", "advcl", "conj", "pcomp")
FIRST_PERSON = frozenset({"we", "i"})
#: pronouns that stand for the speaker when they are the subject of what the speaker reports
THIRD_PERSON = frozenset({"it", "they", "he", "she"})
# what an xcomp/ccomp of a promise, threat or refusal may name as its recipient, in order
INNER_RULES = ("dative", "prep:to", "object", "prep:with", "prep:on", "prep:against", "complement")


@dataclass(frozen=True, slots=True)
class RoleWords:
    """The words the role rules read: light verbs, reporting verbs, addressing nouns and verbs,
    the prepositions that put a casualty in an attack, and the lists of ``roles.yaml``."""

    light_verbs: frozenset[str] = frozenset()
    report_verbs: frozenset[str] = frozenset()
    address_nouns: frozenset[str] = frozenset()
    address_verbs: frozenset[str] = frozenset()
    attack_preps: frozenset[str] = frozenset()
    lists: RoleLists = field(default_factory=load_role_lists)


class RoleFinder:
    """Resolves role rules over one document, given its actor mentions by token."""

    def __init__(self, mentions: dict[int, Mention], words: RoleWords) -> None:
        self.mentions = mentions
        self.words = words
        self.arguments = Arguments(mentions, words.lists.go_between_verbs, words.lists.document_nouns,
                                   words.lists.issuing_verbs)
        self._addressee: dict[int, list[Mention]] = {}
        # what each rule finds at each trigger and each clause head: a word's patterns ask the same again
        self._found: dict[tuple[int, str], list[Mention]] = {}
        self._clause_heads: dict[int, int] = {}

    def with_mentions(self, extra: dict[int, Mention]) -> RoleFinder:
        """A finder over the same document that also knows the mentions ``extra`` (by token)."""
        return RoleFinder({**self.mentions, **extra}, self.words)

    def role(self, trigger: Token, rule: str) -> list[Mention]:
        """The actor mentions one role rule finds for the trigger."""
        key = (trigger.i, rule)
        found = self._found.get(key)
        if found is None:
            if rule.startswith("prep:"):
                found = self.prep(trigger, rule[5:])
            else:
                find = RULES.get(rule)
                found = find(self, trigger) if find is not None else []
            self._found[key] = found
        return list(found)

    def clause_head(self, trigger: Token) -> Token:
        """The verb whose subject is the trigger's: a light verb for "held talks",
        the copula for "is concerned", else the trigger itself."""
        at = self._clause_heads.get(trigger.i)
        if at is None:
            at = self._clause_heads[trigger.i] = self._clause_head(trigger).i
        return trigger if at == trigger.i else trigger.doc[at]

    def _clause_head(self, trigger: Token) -> Token:
        if is_nominal(trigger) and trigger.dep_ in ("dobj", "nsubjpass") and trigger.head.lemma_.lower() in self.words.light_verbs:
            return trigger.head
        series = self._series(trigger)
        if series is not None and series.dep_ in ("dobj", "nsubjpass") and series.head.lemma_.lower() in self.words.light_verbs:
            return series.head  # "launched a wave of attacks": the light verb of the series is the trigger's
        if trigger.dep_ == "conj" and trigger.pos_ == "NOUN" and trigger.head.dep_ == "dobj" \
                and trigger.head.head.lemma_.lower() in self.words.light_verbs:
            return trigger.head.head  # "expressed its rejection and condemnation of"
        if trigger.dep_ in ("acomp", "attr") and trigger.head.pos_ in ("AUX", "VERB"):
            return trigger.head
        prep = trigger.head
        if is_nominal(trigger) and trigger.dep_ == "pobj" and prep.dep_ == "prep" and prep.lower_ == "in" \
                and prep.head.lemma_.lower() in self.words.lists.joining_verbs:
            return prep.head  # "participated in the talks"
        if is_nominal(trigger) and trigger.dep_ == "pobj" and prep.dep_ == "prep" and prep.lower_ == "on" \
                and trigger.lemma_.lower() in self.words.lists.errand_nouns:
            # "is on a visit to China", "arrived on a state visit", "led a delegation on a visit to Russia"
            up = prep.head
            if up.dep_ == "dobj" and up.head.pos_ in ("VERB", "AUX"):
                up = up.head
            if up.pos_ in ("VERB", "AUX"):
                return up
        return trigger

    def _series(self, trigger: Token) -> Token | None:
        """The noun of a series a nominal trigger is counted by ("a wave of attacks": wave), or None."""
        prep = trigger.head
        if not is_nominal(trigger) or trigger.dep_ != "pobj" or prep.lower_ != "of" or prep.head is prep:
            return None
        return prep.head if prep.head.lemma_.lower() in self.words.lists.series_nouns else None

    def _heads(self, trigger: Token) -> list[Token]:
        """The trigger and, for a nominal one, the light verb or copula its clause hangs on."""
        head = self.clause_head(trigger)
        return [trigger] if head is trigger else [trigger, head]

    def subject(self, trigger: Token, depth: int = 0) -> list[Mention]:
        """The doer: nsubj, the by-agent of a passive, the noun a relative clause
        modifies, or the controller of a subjectless xcomp/advcl/conj."""
        if depth > 4:
            return []
        head = self.clause_head(trigger)
        if head is trigger and is_nominal(trigger):
            return []
        passive = is_passive(head)
        actors_at = self.arguments.actors_at
        # the parser sometimes hangs the subject on an auxiliary ("forces have been patrolling")
        arguments = [*head.children, *(g for a in head.children if a.dep_ in ("aux", "auxpass") for g in a.children)]
        for c in arguments:
            if c.dep_ == "agent":
                return actors_at(pobj(c))
            if c.dep_ in SUBJECTS and not passive:
                if c.tag_ in RELATIVE_TAGS and head.dep_ == "relcl":
                    return actors_at(head.head)
                found = actors_at(c)
                if not found and c.lower_ in FIRST_PERSON:
                    # "we"/"I" inside a quote is whoever says the quote
                    return self.speaker(trigger)
                if not found and c.lower_ in THIRD_PERSON and self._reported_by_doer(head):
                    # "the army said it had launched airstrikes": the pronoun is the one who says so
                    return self.speaker(trigger)
                return found
        if passive:
            return []
        if head.dep_ == "relcl" or (head.dep_ == "acl" and head.tag_ == "VBG"):
            return actors_at(head.head)
        if is_imperative(head):
            return self.addressee(head)
        if head.dep_ in CHAIN_DEPS and head.head is not head:
            return self._controller(head, depth)
        return []

    def _reported_by_doer(self, head: Token) -> bool:
        """True when the clause of ``head`` is what a reporting verb says ("X said it would ..."), the
        verb's own complement, not a clause further down."""
        up = head.head
        return head.dep_ == "ccomp" and up is not head and up.pos_ == "VERB" \
            and up.lemma_.lower() in self.words.report_verbs

    def _controller(self, head: Token, depth: int) -> list[Mention]:
        """The doer of a subjectless clause: the object that controls it, else the governing verb's subject."""
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

    def object(self, trigger: Token) -> list[Mention]:
        """The undergoer: dobj, or the subject of a passive (the noun a passive relative clause modifies)."""
        head = trigger
        actors_at = self.arguments.actors_at
        if is_passive(head):
            for c in head.children:
                if c.dep_ == "nsubjpass":
                    if c.tag_ in RELATIVE_TAGS and head.dep_ == "relcl":
                        return actors_at(head.head)
                    return actors_at(c)
            if head.dep_ in ("relcl", "acl"):
                return actors_at(head.head)
            return []
        objects = sorted((c for c in head.children if c.dep_ == "dobj"), key=lambda c: c.tag_ in RELATIVE_TAGS)
        for c in objects:
            if c.tag_ in RELATIVE_TAGS:
                return actors_at(head.head) if head.dep_ == "relcl" else []
            if self._owned(c):
                # "withdraw its troops from Iraq", "sent their forces to the border": the doer's own
                # are moved, the party is where they go or come from ("killed its own people": themselves)
                return in_preps(self.arguments, head) or actors_at(c)
            return actors_at(c)
        # "convicted the bank to pay", "found Smith guilty": the subject of a small clause is the verb's object
        small = small_clause_subject(head)
        return actors_at(small) if small is not None else []

    def _owned(self, tok: Token) -> bool:
        """True when the argument is a role named only by a possessive pronoun ("its troops"), so of
        the doer's own side; not one with its own country ("his Russian counterpart")."""
        m = self.mentions.get(tok.i)
        return m is not None and any(
            g.dep_ == "poss" and g.tag_ == "PRP$" and m.start <= g.i for g in tok.children)

    def dative(self, trigger: Token) -> list[Mention]:
        """The indirect object ("gave Kyiv weapons") or a dative "to"/"for" phrase, also on the light
        verb of a nominal trigger ("gave assurances to Seoul", "extended an invitation to Kyiv")."""
        for h in self._heads(trigger):
            for c in h.children:
                if c.dep_ == "dative":
                    return self.arguments.actors_at(pobj(c) if c.pos_ == "ADP" else c)
        return []

    def prep(self, trigger: Token, word: str) -> list[Mention]:
        """The object of preposition ``word`` on the trigger or on its light verb."""
        heads = self._heads(trigger)
        if len(heads) == 1 and is_nominal(trigger) and trigger.dep_ in ("nsubj", "nsubjpass"):
            heads.append(trigger.head)  # "riots broke out in Santiago"
        if trigger.pos_ == "VERB":
            # "suspended contacts with X", "cut funding to X": the preposition hangs on the object
            heads.extend(c for c in trigger.children if c.dep_ == "dobj")
        for h in heads:
            for c in h.children:
                if c.dep_ in ("prep", "dative", "agent") and c.lower_ == word:
                    found = self.arguments.actors_at(pobj(c))
                    if found:
                        return found
        return []

    def child(self, trigger: Token, deps: tuple[str, ...]) -> list[Mention]:
        """The actors of the trigger's first child with one of ``deps`` that names any."""
        for c in trigger.children:
            if c.dep_ in deps:
                found = self.arguments.actors_at(c)
                if found:
                    return found
        return []

    def complement(self, trigger: Token) -> list[Mention]:
        """The doer of a clausal complement ("concerned that Moscow may ...")."""
        for c in trigger.children:
            if c.dep_ == "ccomp":
                if is_nominal(c) and any(g.dep_ == "mark" for g in c.children):
                    # "demanded that the government resign": a clause the tagger read as a noun phrase
                    # names its subject in the words before it
                    return self.arguments.actors_at(c)
                return self.subject(c)
        return []

    def has_complement(self, trigger: Token) -> bool:
        """True when the trigger has a clausal complement or an about/over object."""
        return any(c.dep_ == "ccomp" or (c.dep_ == "prep" and c.lower_ in ("about", "over")) for c in trigger.children)

    def inner(self, trigger: Token) -> list[Mention]:
        """The recipient of the clause a promise, threat or refusal governs
        ("offered to help Moldova", "refused to extradite him to the US")."""
        for c in trigger.children:
            if c.dep_ in ("xcomp", "ccomp"):
                for rule in INNER_RULES:
                    found = self.role(c, rule)
                    if found:
                        return found
        return []

    def phrase_target(self, trigger: Token, doers: list[Mention], places: Collection[Mention] = ()) -> list[Mention]:
        """The recipient when a pattern's own rules find none: PETRARCH's target, the first party named
        after the trigger in its own phrase ("agreed to provide ammunition to Turkey"), neither a doer,
        nor a pronoun that stands for one ("lift the ban they imposed on aid agencies": aid agencies),
        nor one of ``places``, the mentions that only say where it happens ("met in Geneva")."""
        codes = {m.actor.code for m in doers if m.actor.code}

        def skip(m: Mention) -> bool:
            return m in doers or m in places or (m.kind == "pronoun" and m.actor.code in codes) \
                or own_clause(trigger.doc[m.head], trigger)

        return in_phrase(self.arguments, trigger, skip)

    def speaker(self, trigger: Token) -> list[Mention]:
        """The subject of the reporting verb that frames the sentence."""
        for t in trigger.sent:
            if t.lemma_.lower() in self.words.report_verbs and t.pos_ == "VERB":
                for c in t.children:
                    if c.dep_ == "nsubj":
                        found = self.arguments.actors_at(c)
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
            if t.pos_ == "NOUN" and low in self.words.address_nouns:
                found = self.prep(t, "to")
            elif t.pos_ == "VERB" and low in self.words.address_verbs:
                found = self.object(t)
            if found:
                break
        self._addressee[sent.start] = found
        return found

    def in_attack(self, trigger: Token) -> list[Mention]:
        """Who carried out the attack a casualty happened in: "killed in a Russian strike",
        "wounded in shelling by Azerbaijani forces" (its possessor, modifier or "by" agent)."""
        for c in trigger.children:
            if c.dep_ == "prep" and c.lower_ in self.words.attack_preps:
                noun = pobj(c)
                if noun is None or noun.i in self.mentions:
                    continue
                found = self.child(noun, ("poss",)) or self.child(noun, ("compound", "amod", "nmod")) \
                    or self.prep(noun, "by")
                if found:
                    return found
        return []


def own_clause(tok: Token, trigger: Token) -> bool:
    """True when ``tok`` lies inside a clause of its own below the trigger (:data:`NESTED_CLAUSES`)."""
    t = tok
    while t.i != trigger.i and t.head.i != t.i:
        if t.dep_ in NESTED_CLAUSES:
            return True
        t = t.head
    return False


#: Role rules by name, in the order the pattern file's documentation gives them; ``prep:<word>`` is
#: :meth:`RoleFinder.prep`. ``partners`` names the coordinated actors themselves: the stage pairs
#: them with each other, so the rule finds nothing of its own.
RULES: dict[str, Callable[[RoleFinder, Token], list[Mention]]] = {
    "subject": RoleFinder.subject,
    "object": RoleFinder.object,
    "dative": RoleFinder.dative,
    "poss": lambda f, t: f.child(t, ("poss",)),
    "compound": lambda f, t: f.child(t, ("compound", "amod", "nmod")),
    "between1": lambda f, t: between(f.arguments, t, 1),
    "between2": lambda f, t: between(f.arguments, t, 2),
    "complement": RoleFinder.complement,
    "about": lambda f, t: about(f.arguments, t),
    "speaker": RoleFinder.speaker,
    "addressee": RoleFinder.addressee,
    "partners": lambda f, t: [],
    "inner": RoleFinder.inner,
    "in_object": lambda f, t: in_object(f.arguments, t),
    "in_phrase": lambda f, t: in_phrase(f.arguments, t),
    "in_preps": lambda f, t: in_preps(f.arguments, t),
    "in_attack": RoleFinder.in_attack,
}
