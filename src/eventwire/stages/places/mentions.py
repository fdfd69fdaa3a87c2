"""Places: the place names of a parsed article, found in its entities and proper nouns, resolved together."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from eventwire.knowledge.gazetteer import Entry, to_place
from eventwire.knowledge.places import Name, PlaceResolver
from eventwire.records import Place
from eventwire.stages.docs import entities, span_text

#: A token range that may name a place, and the entity label it came with ("PROPN" for a bare name).
SpanRef = tuple[int, int, str]
#: The label of a name the text calls a place ("the village of X") that the model labelled otherwise.
NAMED = "NAMED"


@dataclass(frozen=True, slots=True)
class PlaceMention:
    """A place named in the text: its tokens, its head and what it resolves to."""

    start: int
    end: int
    head: int
    text: str
    label: str
    entry: Entry | None
    place: Place | None


def find_mentions(doc, places: PlaceResolver, countries: Iterable[str] = (),
                  actors: Iterable[tuple[int, int, str]] = ()) -> list[PlaceMention]:
    """Every place mention of a Doc, resolved in the light of the whole article.

    ``countries`` are ISO alpha-3 codes the article names otherwise (its actors' countries).
    ``actors`` are the token ranges of the article's actor mentions, with their countries: a bare
    name in one that resolves to a town of another country is that actor, not the town ("Hamas
    militants" are no Hamm's).
    A bare proper noun the gazetteer cannot resolve is no mention; a named place it lacks
    (a sea, a square) is kept as written, unresolved.
    """
    actor_country = {i: country for start, end, country in actors for i in range(start, end)}
    spans = place_spans(doc, places)
    names = [
        Name(_span_text(doc, start, end), bare=label == "PROPN",
             after_comma=k > 0 and spans[k - 1][1] == start - 1 and doc[start - 1].text == ",",
             division=_called(doc, start, end, places.linking.division_words))
        for k, (start, end, label) in enumerate(spans)
    ]
    out: list[PlaceMention] = []
    for (start, end, label), name, entry in zip(spans, names, places.resolve_article(names, countries)):
        if name.bare and (entry is None or actor_country.get(start, entry.country) != entry.country):
            continue
        if entry is None and end - start == 1 and places.misread_surname(doc[start]):
            continue  # "Zeevi was shot": a surname, the victim the events stage codes
        span = doc[start:end]
        if entry is not None:
            place = to_place(entry, name.text, span.start_char, span.end_char)
        else:
            place = Place(extracted_place=name.text, start_char=span.start_char, end_char=span.end_char)
        out.append(PlaceMention(start, end, span.root.i, name.text, label, entry, place))
    return out


def place_spans(doc, places: PlaceResolver) -> list[SpanRef]:
    """Token ranges that may name places, in text order: place entities, then bare proper-noun runs."""
    spans, taken = _entity_spans(doc, places)
    spans.extend(_proper_noun_runs(doc, places, taken))
    spans.sort()
    return spans


def _entity_spans(doc, places: PlaceResolver) -> tuple[list[SpanRef], set[int]]:
    """The entities that name places, each trimmed to its name, and the tokens they cover."""
    lk = places.linking
    spans: list[SpanRef] = []
    taken: set[int] = set()
    for ent in entities(doc):
        label = ent.label_
        if label in lk.never_place_labels:
            continue
        start, end = ent.start, ent.end
        if doc[start].lower_ == "the":
            start += 1
        while end - start > 1 and doc[start].is_lower and not _particle_name(doc, start, end, lk):
            start += 1  # "west Baghdad", "southeast Nigeria": the name is what follows the direction
        while end > start + 1 and doc[end - 1].tag_ == "POS":
            end -= 1  # "South Sudan's": the possessive ending is no part of the name
        if start >= end:
            continue
        if label not in lk.place_labels:
            if _town_in_disguise(doc, start, end, label, places):
                label = "PROPN"
            elif _named_as_place(doc, start, end, lk) or _placed_by_context(doc, start, end, places):
                label = NAMED
            else:
                continue
        if not _capitalised(doc, start, end, lk):
            continue  # "the east coast": a direction, not a name
        if _reads_as_person(doc, start, end):
            continue
        end = _with_division_word(doc, start, end, places)
        for part in _split_commas(doc, start, end):
            spans.append((*part, label))
        taken.update(range(start, end))
    return spans, taken


def _reads_as_person(doc, start: int, end: int) -> bool:
    """A name the text describes as a person, whatever the model tagged it: one with an age after it
    ("Rocky, 46, was shot") or a "who" clause ("shot Siche Bustamante, who ...")."""
    # set off by commas: a number that belongs to the name ("Route 66", "Camp 5") is no age
    if end + 2 < len(doc) and doc[end].text == doc[end + 2].text == "," and doc[end + 1].text.isdigit() \
            and 0 < int(doc[end + 1].text) < 120:
        return True
    root = doc[start:end].root
    return any(c.dep_ == "relcl" and any(g.lower_ in ("who", "whom", "whose") and g.i > root.i for g in c.children)
               for c in root.children)


def _town_in_disguise(doc, start: int, end: int, label: str, places: PlaceResolver) -> bool:
    """A small model often tags a town as a person or a group ("in Goma", "in Tunis", "in al-Bab");
    the gazetteer takes it when the whole name is a real place used as a noun."""
    root = doc[start:end].root
    if root.pos_ != "PROPN" or not _capitalised(doc, start, end, places.linking) or doc[start].is_upper:
        return False  # "IMF", "SDF": an acronym is an organisation's, whatever town shares its letters
    if not places.known(_span_text(doc, start, end)):
        return False
    if label == "PERSON" and root.dep_ in ("nsubj", "nsubjpass", "poss"):
        return False  # "Jackson said": a person who acts, whatever town shares the name
    # part of a longer name ("the Ambassador Bridge")
    return not any(c.dep_ == "compound" and c.pos_ == "PROPN" and not start <= c.i < end for c in root.children)


def _named_as_place(doc, start: int, end: int, lk) -> bool:
    """A name the text itself calls a place, whatever the model's label: "the X Gorge", "X Airport"
    (a name ending in a place noun), "the village of X", "X district" (a settlement noun it names)."""
    last, root = doc[end - 1], doc[start:end].root
    if root.pos_ != "PROPN" and last.pos_ != "PROPN" and last.lower_ not in lk.place_nouns:
        return False
    if last.lower_ in lk.place_nouns and end - start > 1:
        return True
    return _called(doc, start, end, lk.settlement_nouns) or (
        root.pos_ == "PROPN" and _taken_ground(root, lk, lk.ground_verbs))


def _capitalised(doc, start: int, end: int, lk) -> bool:
    """Whether a name is written as one: a capital first ("Goma", "KwaZulu-Natal", "UAE") or a particle
    of names before one ("al-Bab")."""
    return doc[start].text[:1].isupper() or _particle_name(doc, start, end, lk)


def _placed_by_context(doc, start: int, end: int, places: PlaceResolver) -> bool:
    """A gazetteer's town of any size, however the model tagged it, where the text puts a place: after a
    location preposition ("in Tal Afar") or as the ground a verb takes ("captured Grahovo")."""
    root = doc[start:end].root
    lk = places.linking
    if root.pos_ != "PROPN" or doc[start].is_upper or not _capitalised(doc, start, end, lk):
        return False
    return (_after_location_prep(root, lk) or _taken_ground(root, lk)) and _span_text(doc, start, end) in places


def _after_location_prep(root, lk) -> bool:
    """Whether a name is the object of a location preposition ("in X", "near X", "inside X")."""
    return root.dep_ == "pobj" and root.head.lower_ in lk.location_preps


def _taken_ground(root, lk, verbs=None) -> bool:
    """Whether a name is what a verb of taking ground acts on ("captured Kasumbalesa",
    "Jaffna was captured", "shelled Fuah and Kafraya"): the verbs of ``verbs``, by default ``territory_verbs``."""
    while root.dep_ == "conj" and root.head is not root:
        root = root.head
    return root.dep_ in ("dobj", "nsubjpass") and root.head.pos_ == "VERB" and \
        root.head.lemma_.lower() in (lk.territory_verbs if verbs is None else verbs)


def _particle_name(doc, start: int, end: int, lk) -> bool:
    """Whether a name opens with a lower-case particle of names before a capital ("al-Rai", "el-Arish")."""
    rest = [t for t in doc[start + 1:end] if t.text != "-"]
    return doc[start].lower_ in lk.name_particles and bool(rest) and rest[0].is_title


def _called(doc, start: int, end: int, words) -> bool:
    """Whether the text calls a name by one of ``words``, the noun after it that it qualifies or the
    noun it is "of": "Latakia province", "the province of Latakia", "X district", "the village of X"."""
    root = doc[start:end].root
    if end < len(doc) and _is_one_of(doc[end], words) and root.head.i == end:
        return True
    # each name of a coordination is called by the noun its first name is said of
    first = root
    while first.dep_ == "conj" and first.head is not first:
        first = first.head
    head = first.head
    if first.dep_ in ("nmod", "compound") and head.i > root.i and _is_one_of(head, words):
        return True  # "Korora and Bulabulin villages", "Wase local government area": the noun it qualifies
    # "the cities of Muhajeriya and Labado": the noun in the plural
    return first.dep_ in ("pobj", "appos") and head.lower_ == "of" and _is_one_of(head.head, words)


def _is_one_of(tok, words) -> bool:
    return tok.lower_ in words or tok.lemma_.lower() in words


def _with_division_word(doc, start: int, end: int, places: PlaceResolver) -> int:
    """The end of a name with the division word that belongs to it ("Kaduna state"), or without the one
    the gazetteer does not know it by ("Diyala province" known only as "Diyala")."""
    words = places.linking.division_words
    if end < len(doc) and doc[end].lower_ in words:
        if _span_text(doc, start, end + 1) in places:
            return end + 1
    elif (
        end - start > 1
        and doc[end - 1].lower_ in words
        and _span_text(doc, start, end) not in places
        and _span_text(doc, start, end - 1) in places
    ):
        return end - 1
    return end


def _proper_noun_runs(doc, places: PlaceResolver, taken: set[int]) -> Iterable[SpanRef]:
    """Runs of title-case proper nouns outside any entity that the gazetteer knows as a whole."""
    not_place = places.linking.not_place_labels
    i = 0
    while i < len(doc):
        tok = doc[i]
        if tok.pos_ != "PROPN" or i in taken or tok.ent_type_ in not_place or not tok.is_title:
            i += 1
            continue
        j = i
        while j < len(doc) and doc[j].pos_ == "PROPN" and j not in taken and not doc[j].ent_type_:
            j += 1
        if j > i and _named_as_place(doc, i, j, places.linking):
            yield i, j, NAMED  # the text calls it a place ("Wase local government area"), known or not
        elif j > i and _span_text(doc, i, j) in places:
            yield i, j, "PROPN"
        elif j > i and _placed_by_context(doc, i, j, places):
            yield i, j, NAMED
        i = max(j, i + 1)


def _span_text(doc, start: int, end: int) -> str:
    return span_text(doc[start:end])


def _split_commas(doc, start: int, end: int) -> list[tuple[int, int]]:
    """"Paris, Texas" as one entity is two places, the second qualifying the first."""
    parts: list[tuple[int, int]] = []
    s = start
    for i in range(start, end):
        if doc[i].text == ",":
            if i > s:
                parts.append((s, i))
            s = i + 1
    if s < end:
        parts.append((s, end))
    return parts


def says_whose(m: PlaceMention, doc, settlement_nouns) -> bool:
    """Whether a name the gazetteer lacks only qualifies a noun, saying whose it is, not where ("Ugandan
    soldiers", "Ukrainian plants"); qualifying a noun of settlement it names the place ("the Sabr village")."""
    head = doc[m.head]
    return m.entry is None and head.dep_ in ("amod", "compound") and head.head.lemma_.lower() not in settlement_nouns


def fineness(m: PlaceMention) -> int:
    """How fine a place is: a name the gazetteer lacks is most often a district or a village."""
    return 5 if m.entry is None else (m.place.resolution or 0)


def inside(inner: PlaceMention, outer: PlaceMention) -> bool:
    """Whether one resolved place lies within another, more general one."""
    a, b = inner.place, outer.place
    if a is None or b is None or a.resolution is None or b.resolution is None:
        return False
    if a.resolution <= b.resolution or a.country_code != b.country_code or a.country_code is None:
        return False
    return b.resolution == 1 or (b.admin1 is not None and a.admin1 == b.admin1) or b.resolution == 2
