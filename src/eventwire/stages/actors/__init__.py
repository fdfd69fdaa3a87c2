"""Actors: every actor mention in an article, resolved to a PLOVER actor.

Nothing in the article's dateline ("JERUSALEM (AP) --", the parse stage's
span group ``"dateline"``) is an actor. Sources, in the order they are tried on a span: actor dictionaries (user ones
over the shipped people file), named organisations and seats of power, country
names and demonyms, capitals and cities (which act only as the subject, object
or agent of a verb), role nouns with the country of their modifiers, persons
with the title and country the article gives them, organisations the entity
recogniser finds that no table names (a party of no known country), and in-document reference
(surnames, he/she, "the country", "the youngster", "the group", "the latter").

Coding choices (PLOVER leaves them to the coder):

* A bare country name is the country with no sector ("Iran" -> IRN); a capital
  or seat of power acting is its government ("Tehran" -> IRN GOV, "the
  Pentagon" -> USA MIL).
* A plural demonym is the people ("Iranians" -> IRN CVL).
* The UN, EU and every other intergovernmental body code as country IGO.
* A role noun with no country in its own phrase keeps country None: nothing is
  guessed from the rest of the article. Two exceptions are reference, not
  guesses: "the Shah" after "the Shah of Iran" (a definite role whose words
  were named earlier with one country only), and a private person (an age, or a
  word such as "woman" by the name), who takes the one country the sentence
  names.
* The bare-country sector is a data setting (``anaphora.yaml``,
  ``bare_country_sector``) for users who code countries as governments.

The coding knowledge is in ``data/actors/``: ``countries.yaml`` (names,
adjectives, demonyms), ``territories.yaml`` (dependencies folded into their
state, partially recognised entities), ``organizations.yaml`` (organisations,
bodies and seats of power), ``roles.yaml`` (role nouns by sector),
``anaphora.yaml`` (pronouns, anaphors, acting roles of places),
``syntax.yaml`` (the words and labels read around a name or role noun),
``ambiguous.yaml`` (names that need the entity recogniser's confirmation),
``people.yaml`` with any user dictionaries (``Settings.dicts``), and below
them all the Phoenix layer (``phoenix/``, :mod:`.phoenix`): names no other
source gives, with dated roles.
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import logging
from importlib.metadata import version
from pathlib import Path

import spacy

import eventwire.knowledge
from eventwire.knowledge import geonames
from eventwire.knowledge.cache import cached
from eventwire.knowledge.dictionary import load_dictionary
from eventwire.records import Coding, Mention
from eventwire.settings import Settings
from eventwire.stages.actors.match import scan_named, scan_organisations, scan_persons, scan_roles, scan_titled
from eventwire.stages.actors.names import resolve_names, resolve_organisations
from eventwire.stages.actors.persons import resolve_persons
from eventwire.stages.actors.phoenix import add_phoenix
from eventwire.stages.actors.reference import bind_country_anaphors, resolve_reference, resolve_surnames
from eventwire.stages.actors.resolution import Resolution
from eventwire.stages.actors.roles import resolve_roles
from eventwire.stages.actors.lexicon import DATA, build_tables
from eventwire.stages.dateline import dateline_tokens
from eventwire.stages.actors.tables import Named, Tables, dictionary_actor

log = logging.getLogger(__name__)

PEOPLE_FILE = DATA / "people.yaml"


class ActorStage:
    """Adds the actor mentions of each article, sorted by start token."""

    name = "actors"
    needs = ("doc",)
    adds = ("mentions",)

    def __init__(self, settings: Settings) -> None:
        self.tables = load_tables(tuple(Path(p) for p in settings.dicts))
        if settings.phoenix:
            # Below the cached tables, read anew: the layer indexes itself as texts name its words.
            add_phoenix(self.tables, settings.phoenix_agents)

    def pipe(self, batch: list[Coding]) -> list[Coding]:
        """Return the batch with ``mentions`` added to each Coding."""
        return [dataclasses.replace(c, mentions=self.mentions(c.doc, c.article.published)) for c in batch]

    def mentions(self, doc, published: dt.date | None = None) -> tuple[Mention, ...]:
        """All actor mentions of one parsed article, sorted by start."""
        tables = self.tables
        n = len(doc)
        # "JERUSALEM (AP) --" says where and by whom the story was filed: no actor.
        dateline = dateline_tokens(doc)
        named = [c for c in scan_named(doc, tables) if c.start >= dateline.stop]
        taken = [k in dateline for k in range(n)]
        for c in named:
            for k in range(c.start, c.end):
                taken[k] = True
        roles = scan_roles(doc, tables, taken)
        roles_at = {k: r for r in roles for k in range(r.start, r.end)}
        persons = scan_persons(doc, taken, roles_at, tables.rules)
        persons += scan_titled(doc, roles, taken, persons)
        # A person's name wins over a role word inside it ("Justice Smith" aside).
        person_tokens = {k for p in persons for k in range(p.start, p.end)}
        roles = [r for r in roles if not any(k in person_tokens for k in range(r.start, r.end))]
        organisations = [o for o in scan_organisations(doc, taken, roles_at, tables.rules)
                         if not any(k in person_tokens for k in range(o.start, o.end))]
        res = Resolution(doc, tables, published, named, roles, persons)
        # "The country" is bound first, so that roles can take its country
        # ("the country's junta"); persons before later surnames; pronouns last,
        # when every actor they may point back to is known.
        bind_country_anaphors(res)
        resolve_roles(res)
        names = resolve_persons(res)
        resolve_surnames(res, names)
        resolve_names(res)
        resolve_organisations(res, organisations)
        resolve_reference(res)
        return res.mentions()


def load_tables(dicts: tuple[Path, ...] = ()) -> Tables:
    """The actor tables with these user dictionaries, read from the cache when none of their sources changed.

    Building them reads every actor data file, the GeoNames extract and the dictionaries, and splits
    each name with spaCy's tokenizer (seconds); the cache is keyed by all of those files, the code that
    reads them and the spaCy and pycountry versions.
    """
    code = sorted(Path(eventwire.knowledge.__file__).parent.rglob("*.py")) + sorted(Path(__file__).parent.glob("*.py"))
    data = sorted(p for p in DATA.iterdir() if p.is_file())
    sources = [*data, *dicts, *geonames.files(), *code, Path(__file__).parents[2] / "records.py"]
    salt = f"spacy {spacy.__version__}|pycountry {version('pycountry')}"
    return cached("actor_tables", sources, lambda: _build(dicts), salt)


def _build(dicts: tuple[Path, ...]) -> Tables:
    tokenizer = spacy.blank("en").tokenizer
    extra: list[tuple[str, Named, bool, bool]] = []
    agents: list[tuple[str, str | None]] = []
    # The shipped people first, then each user dictionary: a later entry
    # for the same name replaces an earlier one.
    paths = [PEOPLE_FILE] if PEOPLE_FILE.exists() else []
    for path in [*paths, *dicts]:
        for entry in load_dictionary(path):
            if entry.kind == "agent":
                agents.extend((text, entry.sector) for text in (entry.name, *entry.aliases))
            else:
                extra.extend(_dictionary_names(entry))
    return build_tables(lambda text: [t.text for t in tokenizer(text)], extra, agents)


def _dictionary_names(entry) -> list[tuple[str, Named]]:
    named = Named(
        "dictionary",
        entry.name,
        country=entry.country,
        sector=entry.sector,
        code=entry.code,
        title=entry.title,
        entry=entry,
    )
    # TABARI marks a stem per phrase; the import keeps it for the name only.
    return [(text, named, entry.nocase, entry.stem and text == entry.name)
            for text in (entry.name, *entry.aliases) if text]


def mention_at(coding: Coding, token_index: int) -> Mention | None:
    """The mention whose tokens cover ``token_index``, or whose head it is.

    ``coding.mentions`` is sorted by start, so this is a binary search.
    """
    mentions = coding.mentions
    k = bisect.bisect_right(mentions, token_index, key=lambda m: m.start) - 1
    if k >= 0 and mentions[k].start <= token_index < mentions[k].end:
        return mentions[k]
    for m in mentions:
        if m.head == token_index:
            return m
    return None


__all__ = ["ActorStage", "dictionary_actor", "mention_at"]
