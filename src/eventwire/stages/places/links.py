"""Places: the place mention that governs an event, found through the dependency parse.

An event's own links are tried in order of strength: a location phrase of the
trigger, a place compound of a nominal trigger, a target phrase, then the links
of the trigger's clause verb (the subject of a support verb, the object of a
"rock" or destination verb, the "from" of a withdrawal, the town an assault is
aimed at) and the places of its parties. With none, the sentence's one place
counts when a location phrase hangs it off the event's clause; else the links
of a clause of the same time and place: the clause a participle or a "when"
clause hangs from ("struck X, killing eight"), a "when", "as" or "while"
clause of its own or of a verb joined to it ("was shot as he entered a Kirkuk
mosque"), or what was done just before ("was shot dead after leaving his Tehran
office"). A town the parser made a qualifier of the day after it ("patrolled
Harare Saturday") is the object it is.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator

from eventwire.knowledge.places import Linking
from eventwire.stages.places.mentions import PlaceMention, fineness, inside, says_whose
from eventwire.stages.places.sentence import (
    of_a_location_word as _of_a_location_word,
    joined_verbs,
    participle,
    same_place_advcl,
    sentence_place,
)

MAX_DESCENT = 3
# What a noun's place hangs off it by: "the Kabul bombing", "Kyiv's outskirts", "the city of Kharkiv".
_OWN_PLACE_DEPS = ("compound", "poss", "nmod", "amod")
_ARGUMENT_DEPS = ("dobj", "attr", "nsubjpass")
_SUBJECT_DEPS = ("nsubj", "nsubjpass")

ByToken = dict[int, PlaceMention]


class Linker:
    """Finds the place mention an event's trigger is linked to, over one article's mentions."""

    def __init__(self, linking: Linking) -> None:
        self.lk = linking

    def link(self, trigger, event_type: str, by_token: ByToken, triggers: Collection[int] = ()) -> PlaceMention | None:
        """The place mention that governs an event whose trigger is ``trigger``.

        The event's own links are gathered in order of strength; the first one wins
        unless a later one lies inside it ("the city of Jenin" over "the West Bank"), or is
        a name the gazetteer lacks, most often a village or a district, over a town or a
        division the gazetteer knows ("stormed Najarah in eastern Aleppo").
        With none, the sentence's place may do (:mod:`.sentence`); ``triggers`` are the
        token indices of the article's event triggers, whose places are their own.
        """
        found = self._found(trigger, event_type, by_token)
        if not found:
            clause = _clause_verb(trigger) or trigger
            shared = sentence_place(trigger, by_token, triggers, clause, self.lk)
            if shared is not None:
                return shared
            partners = self._partners(clause, triggers)
            found = next((f for tok in partners if (f := self._found(tok, event_type, by_token))), [])
            if not found:
                return None
        best = found[0]
        for m in found[1:]:
            if inside(m, best) or (m.entry is None and best.entry is not None and fineness(best) <= 4
                                   and self.container(trigger.doc[best.head], by_token) is not m):
                best = m  # but "in Bori, Khana district": the name after the comma says where the first lies
        return best

    def _found(self, trigger, event_type: str, by_token: ByToken) -> list[PlaceMention]:
        """The event's own links that resolve to a place, strongest first."""
        return [m for m in self._own_links(trigger, event_type, by_token) if m is not None and m.place is not None]

    def _partners(self, clause, triggers: Collection[int] = ()) -> Iterator:
        """The clauses that tell of the same time and place as the event's own: the clause a participle
        or a "when" clause hangs from ("struck X, killing eight"), and its own "when" clauses and those of the
        verbs joined to it ("was shot as he entered a Baghdad mosque", "was killed and four wounded when ...")."""
        marks = self.lk.same_place_marks
        tok = clause
        for _ in range(3):  # "killed eight in X, razing houses and forcing residents to flee": up the participles
            if tok.head.i == tok.i or tok.head.pos_ not in ("VERB", "AUX") or not (
                    participle(tok, self.lk.aiming_verbs) or (tok is clause and same_place_advcl(tok, marks))):
                break
            tok = tok.head
            yield tok
        for verb in sorted(joined_verbs(clause)):  # "was killed and four others wounded when a bomb exploded in X"
            for child in clause.doc[verb].children:
                if child.pos_ in ("VERB", "AUX") and same_place_advcl(child, marks):
                    yield child
        for prep in clause.children:  # "was shot after leaving his Tehran office"
            if prep.dep_ == "prep" and prep.lower_ in self.lk.same_place_preps:
                yield from (c for c in prep.children if c.dep_ == "pcomp" and c.pos_ in ("VERB", "AUX"))
        yield from self._told_again(clause, triggers)

    def _told_again(self, clause, triggers: Collection[int]) -> Iterator:
        """The relative clause of an event noun that tells the event itself again, the noun in the
        clause's location phrase or its subject, and the noun or the relative clause an event's trigger:
        "were killed in an attack that targeted X", "the bombing, which struck a market in X, killed nine"."""
        lk = self.lk
        nouns = [c for c in clause.children if c.dep_ in _SUBJECT_DEPS]
        nouns += [o for p in clause.children if p.dep_ == "prep" and (p.lower_ in lk.location_preps or
                  p.lower_ in lk.scene_preps) for o in p.children if o.dep_ == "pobj"]
        for noun in nouns:
            if noun.pos_ == "NOUN":
                yield from (c for c in noun.children if c.dep_ == "relcl" and c.pos_ in ("VERB", "AUX")
                            and (noun.i in triggers or c.i in triggers))

    def container(self, token, by_token: ByToken) -> PlaceMention | None:
        """The place a mention is in: its apposition or qualifier, or its "in X"."""
        own = by_token.get(token.i)
        for child in token.children:
            m = by_token.get(child.i)
            if m is not None and m is not own and child.dep_ in ("appos", "npadvmod", "conj", "compound"):
                return m
        nxt = token.doc[own.end] if own is not None and own.end < len(token.doc) else None
        if nxt is not None and nxt.text == "," and own.end + 1 < len(token.doc):
            m = by_token.get(own.end + 1)
            if m is not None:
                return m
        found = self._descend(token, by_token, 1, skip=own)
        if found is None and own is not None:  # "the Baghdad neighbourhood of X", "Mogadishu's X district"
            noun = _named_noun(token)
            if noun is not None:
                found = self._descend(noun, by_token, 1, skip=own)
        return found

    # --- the event's own links, strongest first ---------------------------------

    def _own_links(self, trigger, event_type: str, by_token: ByToken) -> Iterable[PlaceMention | None]:
        lk = self.lk
        nominal = trigger.pos_ in ("NOUN", "PROPN")
        # each of its location phrases: "In southern Iraq, thousands demonstrated in Basra" is Basra
        yield from self._each_under_preps(trigger, by_token, lk.location_preps | lk.surface_preps)
        if nominal:
            for child in trigger.children:
                if child.dep_ in _OWN_PLACE_DEPS and child.i in by_token:
                    yield by_token[child.i]
        yield self._not_country(self._under_preps(trigger, by_token, lk.target_preps), trigger.doc)
        if nominal:  # "talks with his counterpart in Manama"
            yield from self._through_other_preps(trigger, by_token)
        verb = _clause_verb(trigger)
        if verb is None:
            return
        yield from self._verb_links(trigger, verb, nominal, by_token)
        if verb is not trigger:
            yield from self._each_under_preps(verb, by_token, lk.location_preps | lk.surface_preps)
            yield self._not_country(self._under_preps(verb, by_token, lk.target_preps), trigger.doc)
        objects = [c for c in verb.children if c.dep_ in _ARGUMENT_DEPS]
        lemma = verb.lemma_.lower()
        if event_type in lk.object_place_events or lemma in lk.object_place_verbs:
            for child in objects:
                if child.i != trigger.i:
                    m = by_token.get(child.i) or self._descend(child, by_token, 0)
                    ground = lemma in lk.territory_verbs and _through_ground(m, child, lk.ground_nouns)
                    yield self._not_country(m, trigger.doc, countries=ground)
        yield from self._party_links(trigger, verb, objects, by_token)
        # "demonstrated in the capital Baku Saturday": a town the parser hung loosely on the verb
        yield from (self._not_country(by_token.get(c.i), trigger.doc) for c in _loose_names(verb))
        yield from self._through_other_preps(verb, by_token, skip=trigger.i)

    def _verb_links(self, trigger, verb, nominal: bool, by_token: ByToken) -> Iterable[PlaceMention | None]:
        """What the clause verb's own words say: "Iran witnessed demonstrations", "protests rocked Tehran",
        "visited Beijing", "withdrew from Kherson"."""
        lk = self.lk
        lemma = verb.lemma_.lower()
        subjects = [c for c in verb.children if c.dep_ in _SUBJECT_DEPS]
        objects = [c for c in verb.children if c.dep_ in _ARGUMENT_DEPS]
        if lemma in lk.support_verbs and (verb is trigger or trigger.dep_ in _ARGUMENT_DEPS):
            for child in subjects:
                yield by_token.get(child.i)
        # "protests rocked Tehran", and "an attack that rocked Tehran" told again by its relative clause
        relative = verb is trigger and verb.dep_ == "relcl" and any(
            c.dep_ in _SUBJECT_DEPS and c.tag_ == "WDT" for c in verb.children)
        if ((nominal and trigger.dep_ in _SUBJECT_DEPS) or relative) and lemma in lk.object_location_verbs:
            for child in objects:
                yield by_token.get(child.i)
            yield self._under_preps(verb, by_token, lk.location_preps | lk.object_location_preps)
        if lemma in lk.destination_verbs:
            for child in objects:
                yield by_token.get(child.i)
            yield self._under_preps(verb, by_token, lk.destination_preps)
        if lemma in lk.departure_verbs:
            yield _sub_country(self._under_preps(verb, by_token, lk.departure_preps))

    def _party_links(self, trigger, verb, objects: list, by_token: ByToken) -> Iterable[PlaceMention | None]:
        """Where the event's parties are: "Police in Lagos arrested ...", "fired at protesters in Saqqez"."""
        lk = self.lk
        for child in verb.children:  # where the actor is, the event is
            if child.dep_ in _SUBJECT_DEPS and child.i != trigger.i:
                yield self._under_preps(child, by_token, lk.location_preps, depth=1)
                for mod in child.children:  # "Kabul police": a town's own forces act in it
                    if mod.dep_ == "compound":
                        yield _sub_country(by_token.get(mod.i))
        for child in objects:
            if child.i != trigger.i:
                yield self._under_preps(child, by_token, lk.location_preps, depth=1)

    def _not_country(self, m: PlaceMention | None, doc, countries: bool = False) -> PlaceMention | None:
        """A town, a region or a named place the gazetteer lacks: a country object or target is the recipient
        (unless ``countries``: the ground a verb of holding ground takes).

        A name the gazetteer lacks that only says whose a noun is is no place (:func:`.mentions.says_whose`).
        """
        if m is None or (not countries and m.entry is not None and m.entry.kind == "country"):
            return None
        return None if says_whose(m, doc, self.lk.settlement_nouns) else m

    # --- walking the parse ---------------------------------------------------

    def _through_other_preps(self, head, by_token: ByToken, skip: int | None = None) -> Iterable[PlaceMention | None]:
        """Places in a noun that another preposition leads to ("clashed with police in Lahore"), but one
        of earlier time ("since the war in X")."""
        skipped = self.lk.location_preps | self.lk.earlier_preps
        for prep in head.children:
            if prep.dep_ == "prep" and prep.lower_ not in skipped:
                for obj in prep.children:
                    if obj.dep_ == "pobj" and obj.i != skip and obj.pos_ in ("NOUN", "PRON"):
                        yield self._under_preps(obj, by_token, self.lk.location_preps, depth=1)

    def _under_preps(self, token, by_token: ByToken, preps: Iterable[str], depth: int = 0) -> PlaceMention | None:
        """A place reached from ``token`` through one of ``preps`` ("in X", "at the embassy in X")."""
        return next(self._each_under_preps(token, by_token, preps, depth), None)

    def _each_under_preps(self, token, by_token: ByToken, preps: Iterable[str], depth: int = 0) -> Iterator[PlaceMention]:
        """The place of each of ``token``'s phrases through one of ``preps``, in text order."""
        for child in token.children:
            if child.lower_ in preps and child.dep_ == "advmod":  # "inside of X", the parser's adverb
                child = next((c for c in child.children if _of_a_location_word(c, self.lk)), child)
            if child.dep_ in ("prep", "agent") and (child.lower_ in preps or _of_a_location_word(child, self.lk)):
                m = self._phrase_place(child, by_token, depth)
                if m is not None:
                    yield m

    def _phrase_place(self, prep, by_token: ByToken, depth: int) -> PlaceMention | None:
        """The place one prepositional phrase leads to: its object, or the place the object is of or in."""
        surface = prep.lower_ in self.lk.surface_preps
        for obj in prep.children:
            if obj.dep_ != "pobj":
                continue
            m = by_token.get(obj.i)
            if m is not None and m.place is not None:
                return m
            if surface and obj.lemma_.lower() not in self.lk.ground_nouns:
                continue  # "a victory over X's champion": over a place or its ground only
            m = self._descend(obj, by_token, depth + 1)
            if m is not None:
                return m
        return None

    def _descend(self, noun, by_token: ByToken, depth: int, skip: PlaceMention | None = None) -> PlaceMention | None:
        """From a common noun to the place it is of or in ("the city of Kharkiv", "the embassy in Kabul").

        Of the places that qualify the noun and the place it is of, the finest wins: "the West Bank
        city of Nablus" is Nablus, "Mogadishu's Yaqshid district" is Yaqshid.
        """
        if depth > MAX_DESCENT:
            return None
        found = [by_token.get(c.i) for c in noun.children if c.dep_ in (*_OWN_PLACE_DEPS, "appos")]
        of = self._through_descend_preps(noun, by_token, depth, skip)
        found.append(of)
        found = [m for m in found if m is not None and m is not skip and m.place is not None]
        # "the New York borough of Queens": of two places as fine, a settlement noun names the one it is of
        # (not one it is in: "Korora villages in Mafa")
        named = noun.lemma_.lower() in self.lk.settlement_nouns and of is not None and any(
            c.dep_ == "prep" and c.lower_ == "of" and c.left_edge.i <= of.head <= c.right_edge.i for c in noun.children)
        # and of two as fine, the noun's own name before the place it belongs to ("Baghdad's Sadr City district")
        return max(found, key=lambda m: (fineness(m), named and m is of, noun.doc[m.head].dep_ != "poss"),
                   default=None)

    def _through_descend_preps(self, noun, by_token: ByToken, depth: int, skip: PlaceMention | None):
        for child in noun.children:
            if child.dep_ == "prep" and child.lower_ in self.lk.descend_preps:
                for obj in child.children:
                    if obj.dep_ != "pobj":
                        continue
                    m = by_token.get(obj.i)
                    if m is not None and m is not skip and m.place is not None:
                        return m
                    m = self._descend(obj, by_token, depth + 1, skip)
                    if m is not None:
                        return m
        return None


def _through_ground(m: PlaceMention | None, arg, ground_nouns: Collection[str]) -> bool:
    """Whether the words between a verb's object and the place under it are all nouns of ground
    ("half of X", "X's skies", "the streets of the capital of X"): only then is a country the ground taken."""
    if m is None or m.start <= arg.i < m.end:
        return True
    tok = arg.doc[m.head]
    for _ in range(MAX_DESCENT * 2 + 2):
        if tok.head.i == tok.i:
            return False
        tok = tok.head
        if tok.pos_ != "ADP" and tok.lemma_.lower() not in ground_nouns and tok.lower_ not in ground_nouns:
            return False
        if tok.i == arg.i:
            return True
    return False


def _loose_names(verb) -> list:
    """The names the parser hung loosely on a verb: as an adverbial noun ("demonstrated in the capital
    Baku Saturday": "Baku" of "demonstrated"), or as a qualifier of a day after them ("Harare" of "Saturday")."""
    out = []
    for d in verb.children:
        if d.dep_ != "npadvmod":
            continue
        if d.ent_type_ in ("DATE", "TIME"):
            out += [c for c in d.children if c.dep_ == "compound" and c.pos_ == "PROPN"
                    and c.ent_type_ not in ("DATE", "TIME") and c.i < d.i]
        elif d.pos_ == "PROPN":
            out.append(d)
    return out


def _sub_country(m: PlaceMention | None) -> PlaceMention | None:
    """Only a town or a region: a country object or target is the recipient, not the place."""
    if m is None or m.entry is None or m.entry.kind == "country":
        return None
    return m


def _clause_verb(trigger):
    """The verb whose clause an event trigger is in: itself, or the verb above a nominal trigger."""
    if trigger.pos_ in ("VERB", "AUX"):
        return trigger
    tok = trigger
    for _ in range(3):  # "went on strike": noun -> preposition -> verb
        if tok.head.i == tok.i:
            return None
        tok = tok.head
        if tok.pos_ in ("VERB", "AUX"):
            return tok
        if tok.pos_ != "ADP":
            return None
    return None


def _named_noun(token):
    """The common noun a place name names or qualifies ("the city of X", "X district"), if any."""
    head = token.head
    if token.dep_ == "pobj" and head.lower_ == "of" and head.head.pos_ == "NOUN":
        return head.head
    if token.dep_ in _OWN_PLACE_DEPS and head.pos_ == "NOUN":
        return head
    return None
