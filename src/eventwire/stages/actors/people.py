"""Resolving candidate spans of one article into actor mentions: role nouns
with their modifiers, persons with their titles, and in-document reference."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

from eventwire.records import NON_STATE, Actor, Mention, actor_code
from eventwire.stages.actors.match import POSSESSIVE, Cand, span_head
from eventwire.stages.actors.tables import Named, Tables, code_members, dictionary_actor

# Dependencies by which a word modifies the noun it belongs to.
MOD_DEPS = frozenset({"amod", "compound", "poss", "nmod", "npadvmod"})
# Words a title may be strung with before a name ("the White House's ...").
TITLE_GLUE = frozenset({"the", "a", "an", "'s", "’s", "-", "of"})
AGE = re.compile(r"^\d{1,2}$")
WINDOW_SENTENCES = 3
# Pronoun classes (anaphora.yaml) that point to organisations and countries.
GROUP_PRONOUNS = frozenset({"neuter", "plural"})
# Verbs whose subject "it" is empty ("it is likely", "it seems").
EMPTY_IT_VERBS = frozenset({"be", "seem", "appear", "remain", "happen", "take", "rain"})
# Where a weapon stands for its user: the subject or agent of a verb.
WEAPON_DEPS = frozenset({"nsubj", "nsubjpass", "agent", "pobj"})
# Modifiers that can be coordinated into one mention per country.
COORDINABLE = frozenset({"adjective", "country"})


class Resolver:
    """Turns the candidate spans of one Doc into sorted Mentions."""

    def __init__(self, doc, tables: Tables, published: dt.date | None, named, roles, persons) -> None:
        self.doc = doc
        self.doc_text = doc.text  # Doc.text joins every token: build it once
        self.t = tables
        self.on = published
        self.named = named
        self.roles = roles
        self.persons = persons
        self.at: dict[int, Cand] = {}
        for c in (*named, *roles, *persons):
            for k in range(c.start, c.end):
                self.at.setdefault(k, c)
        self.out: list[tuple[Mention, dict]] = []

    # --- helpers -------------------------------------------------------------

    def cand_of(self, token) -> Cand | None:
        return self.at.get(token.i)

    def text(self, start: int, end: int) -> str:
        doc = self.doc
        return self.doc_text[doc[start].idx : doc[end - 1].idx + len(doc[end - 1].text)]

    def emit(self, start: int, end: int, actor: Actor, kind: str, members: tuple[Actor, ...] = (), **info) -> None:
        head = span_head(self.doc, start, end)
        doc = self.doc
        text = self.text(start, end)
        members = tuple(dataclasses.replace(a, entity_text=text) for a in members)
        m = Mention(start, end, doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text), head, text,
                    dataclasses.replace(actor, entity_text=text), kind, members)
        self.out.append((m, info))

    def named_actor(self, named: Named) -> tuple[str | None, str | None, str | None, str | None]:
        """Country, sector, code and name a named thing stands for on the article's date."""
        if named.kind == "dictionary":
            country, sector, _title, ok = dictionary_actor(named, self.on)
            if not ok:
                return None, None, None, named.name
            return country, sector, named.code if named.country in NON_STATE else actor_code(country, sector), named.name
        country, sector = named.coded(self.on)
        if named.kind == "alias":
            code = named.code if country in NON_STATE else actor_code(country, sector)
            return country, sector, code, named.name
        return country, sector, actor_code(country, sector), None

    def acting(self, token, depth: int = 0) -> bool:
        """Whether a place name acts: subject, object, agent or possessor of something."""
        dep = token.dep_
        if dep == "dobj" and token.head.lemma_.lower() in self.t.rules.place_verbs:
            return False
        if dep in self.t.rules.acting_deps:
            return True
        if dep == "pobj" and token.head.lower_ in self.t.rules.acting_preps:
            return True
        if dep == "pobj" and token.head.lower_ in self.t.rules.aim_preps:
            # "fired at Seoul", "launched missiles at Kyiv": a target.
            up = token.head.head
            return up.lemma_.lower() in self.t.rules.aim_verbs or (up.dep_ == "dobj" and up.head.lemma_.lower() in self.t.rules.aim_verbs)
        if dep == "conj" and depth < 4:
            return self.acting(token.head, depth + 1)
        return False

    def modifiers(self, head, role_sector_located: bool) -> list[Cand]:
        """Candidates that modify a noun: adjectives, compounds, possessors, "of X"."""
        found: list[Cand] = []
        stack = [(c, 0) for c in head.children]
        while stack:
            tok, depth = stack.pop()
            dep = tok.dep_
            if dep in MOD_DEPS:
                c = self.cand_of(tok)
                if c is not None and c.head == tok.i and not c.person:
                    found.append(c)
                if depth < 2:
                    stack.extend((ch, depth + 1) for ch in tok.children if ch.dep_ in MOD_DEPS or ch.dep_ == "case")
            elif dep == "prep" and depth == 0 and (
                tok.lower_ in self.t.rules.country_preps or (role_sector_located and tok.lower_ in self.t.rules.located_preps)
            ):
                for obj in tok.children:
                    if obj.dep_ == "pobj":
                        c = self.cand_of(obj)
                        if c is not None and c.named is not None and c.head == obj.i:
                            found.append(c)
                        elif c is not None and c.role is not None and c.head == obj.i and depth == 0:
                            # "a spokesman for the Nigerian army": the army and its country
                            found.append(c)
                            found.extend(m for m in self.modifiers(obj, False) if m is not c)
        found.sort(key=lambda c: c.start)
        return found

    def combine(self, roles: list[Cand], mods: list[Cand], title: bool = False) -> tuple[str | None, str | None, str | None, str | None]:
        """Country, sector, code and organisation name from a role chain and its modifiers."""
        org = next((m for m in mods if m.named is not None and m.named.kind in ("alias", "dictionary")), None)
        place = next((m for m in mods if m.named is not None and m.named.kind not in ("alias", "dictionary", "anaphor")), None)
        mod_roles = [m for m in mods if m.role is not None and m.role.sector]
        country = sector = code = name = None
        if org is not None:
            country, sector, code, name = self.named_actor(org.named)
        elif place is not None:
            country = place.named.country
        specific = [r.role for r in roles if not r.role.generic and r.role.sector]
        # A noun phrase is what its head is ("government forces" MIL); a title
        # string before a name is what it begins with ("Supreme Leader Ayatollah").
        main = (specific[0] if title else specific[-1]) if specific else None
        if main is not None:
            sector = main.sector if not (org is not None and sector and main.generic) else sector
        elif mod_roles:
            sector = mod_roles[0].role.sector
        elif org is None:
            sector = next((r.role.sector for r in roles if r.role.sector), None)
        if place is not None and place.named.sector == "PRE" and sector is None:
            sector = "PRE"
        if org is None or country not in NON_STATE or code is None:
            code = actor_code(country, sector) if country not in NON_STATE else (code or country)
        return country, sector, code, name

    # --- the passes ----------------------------------------------------------

    def window_start(self, index: int) -> int:
        """The first token of the sentence ``WINDOW_SENTENCES`` before the one holding ``index``."""
        doc = self.doc
        limit = doc[index].sent.start
        for _ in range(WINDOW_SENTENCES):
            if limit <= 0:
                break
            limit = doc[limit - 1].sent.start
        return limit

    def bind_country_anaphors(self) -> None:
        """Make "the country" the country last named, before roles use it ("the country's junta")."""
        for c in self.named:
            if c.named.kind != "anaphor" or c.named.target != "country":
                continue
            limit = self.window_start(c.start)
            prev = [x for x in self.named if limit <= x.start and x.end <= c.start and x.named.kind in ("country", "capital")]
            if prev:
                x = prev[-1].named
                c.named = Named("country", x.name, country=x.country, sector=x.sector if x.kind == "country" else None)
                c.extra["anaphor"] = True

    def run(self, scan_surnames) -> tuple[Mention, ...]:
        self.bind_country_anaphors()
        self.resolve_roles()
        names = self.resolve_persons()
        taken = [False] * len(self.doc)
        for m, _ in self.out:
            for k in range(m.start, m.end):
                taken[k] = True
        for c in self.named:
            for k in range(c.start, c.end):
                taken[k] = True
        for c in scan_surnames(self.doc, names, taken):
            ref: Mention = c.extra["ref"]
            self.emit(c.start, c.end, ref.actor, "coref", person=True, gender=None, young=False, ref=ref)
        self.resolve_named()
        self.resolve_reference()
        return self.finish()

    def resolve_roles(self) -> None:
        doc = self.doc
        seen: dict[tuple[str, ...], set[str]] = {}  # role words -> countries they had earlier
        for r in self.roles:
            h = doc[r.head]
            if h.dep_ in ("compound", "amod", "nmod") and not (r.start <= h.head.i < r.end):
                continue  # a modifier: of another role, of a name (a title), or of a thing ("police custody")
            chain = [r]
            for c in reversed(self.roles):  # role compounds just before the head: "foreign ministry spokesman"
                if c.end == chain[0].start and doc[c.head].head.i == r.head and doc[c.head].dep_ in ("compound", "amod"):
                    chain.insert(0, c)
            located = bool(r.role.sector in self.t.located)
            mods = [m for m in self.modifiers(h, located) if m not in chain]
            mods += [m for c in chain[:-1] for m in self.modifiers(doc[c.head], located) if m not in chain]
            mods.sort(key=lambda c: c.start)
            country, sector, code, name = self.combine(chain, mods)
            if country is None and sector is None:
                continue
            start = self.left_start(h, chain[0].start)
            place = next((m for m in mods if m.named is not None and m.named.kind in COORDINABLE), None)
            if place is not None and not any(m.named is not None and m.named.kind in ("alias", "dictionary") for m in mods):
                # "Russian and Ukrainian officials": one mention per country,
                # the last conjunct keeping the noun.
                conjs = self.conjoined(place, r.start) or self.listed(place, mods, h)
                if conjs:
                    for c in (place, *conjs[:-1]):
                        c.used = True
                        cc = c.named.country
                        self.emit(c.start, c.end, Actor(actor_code(cc, sector), cc, sector), "role", role=r.role)
                    last = conjs[-1]
                    start, country = last.start, last.named.country
                    code = actor_code(country, sector)
            for m in mods:
                m.used = True
            for c in chain:
                c.used = True
            r.used = True
            one = h.tag_ in ("NN", "NNP") and h.lemma_.lower() in self.t.rules.person_nouns
            gender = self.t.rules.gender.get(h.lemma_.lower()) if one else None
            kind = "role"
            earlier = seen.get(r.role.words, set())
            if country is None and len(earlier) == 1 and any(ch.lower_ == "the" for ch in h.children):
                # "the Shah" after "the Shah of Iran": the same one, when only one was named.
                country = next(iter(earlier))
                code, kind = actor_code(country, sector), "coref"
            elif country is not None:
                seen.setdefault(r.role.words, set()).add(country)
            self.emit(start, r.end, Actor(code, country, sector, name=name), kind, role=r.role,
                      person=one, gender=gender)

    def conjoined(self, first: Cand, before: int) -> list[Cand]:
        """Countries coordinated with a modifier ("Russian and Ukrainian"), in order, ending before ``before``."""
        out: list[Cand] = []
        tok = self.doc[first.head]
        while True:
            nxt = next((ch for ch in tok.children if ch.dep_ == "conj"), None)
            c = self.cand_of(nxt) if nxt is not None else None
            if c is None or c.named is None or c.named.kind not in COORDINABLE or c.end > before or c.named.country is None:
                return out
            out.append(c)
            tok = nxt

    def listed(self, first: Cand, mods: list[Cand], head) -> list[Cand]:
        """Countries that modify the same noun as ``first`` in a list ("French, German and Italian")."""
        doc = self.doc
        out: list[Cand] = []
        prev = first
        for m in mods:
            if m.start <= first.start or m.named is None or m.named.kind not in COORDINABLE or m.named.country is None:
                continue
            if doc[m.head].head.i != head.i or not all(doc[k].is_punct or doc[k].dep_ == "cc" for k in range(prev.end, m.start)):
                break
            if m.start == prev.end:
                break  # "South Korean": one name, not a list
            out.append(m)
            out.extend(self.conjoined(m, head.i))
            prev = out[-1]
        return out

    def left_start(self, head, start: int) -> int:
        """Where a noun phrase's modifiers begin: left over its own words, not across "and" or commas."""
        doc = self.doc
        i = start - 1
        edge = head.left_edge.i
        while i >= edge and self._inside_phrase(doc[i]):
            i -= 1
        return i + 1

    @staticmethod
    def _inside_phrase(tok) -> bool:
        nxt = tok.nbor(1) if tok.i + 1 < len(tok.doc) else None
        if tok.text == "-" or (tok.like_num and nxt is not None and nxt.text == "-"):
            return True  # "Houthi-run", "35-year-old"
        if tok.like_num or tok.lower_ in ("the", "a", "an"):
            return False
        return tok.dep_ not in ("cc", "conj", "punct", "prep", "det", "predet", "nummod", "quantmod")

    def title_chain(self, p: Cand) -> tuple[list[Cand], list[Cand], int]:
        """Roles and names strung before a person's name, and where the string starts."""
        doc = self.doc
        roles: list[Cand] = []
        names: list[Cand] = []
        i = p.start - 1
        start = p.start
        while i >= 0:
            c = self.cand_of(doc[i])
            if c is not None and not c.person and not (c.named is not None and c.named.kind == "dictionary"
                                                          and self._is_person(c.named)):
                (roles if c.role is not None else names).insert(0, c)
                start = c.start
                i = c.start - 1
                continue
            if doc[i].lower_ in TITLE_GLUE or doc[i].text in POSSESSIVE:
                i -= 1
                continue
            break
        if not roles:
            # With no title, only a country or organisation right before the
            # name says whose it is ("Venezuela's Maduro", "Iranian Mahsa Amini").
            names = names[-1:] if names and names[-1].end >= p.start - 1 else []
        return roles, names, start

    def appositive(self, p: Cand) -> tuple[list[Cand], list[Cand]]:
        """A role set beside the name: "Karine Jean-Pierre, the press secretary"."""
        doc = self.doc
        head = doc[p.head]
        tokens = [ch for ch in head.children if ch.dep_ == "appos"]
        if head.dep_ == "appos":
            tokens.append(head.head)
        for tok in tokens:
            c = self.cand_of(tok)
            if c is not None and c.role is not None and c.head == tok.i:
                chain = [c] + [x for x in self.roles if x is not c and doc[x.head].head.i == c.head
                               and doc[x.head].dep_ in ("compound", "amod")]
                mods = [m for m in self.modifiers(tok, True) if m not in chain]
                return chain, mods
        return [], []

    def age(self, p: Cand) -> int | None:
        doc = self.doc
        head = doc[p.head]
        for ch in head.children:
            if ch.dep_ in ("appos", "nummod", "npadvmod", "amod") and AGE.match(ch.text):
                return int(ch.text)
        for i in range(max(0, p.start - 7), p.start):
            tok = doc[i]
            if AGE.match(tok.text) and i + 1 < len(doc):
                rest = "".join(t.text for t in doc[i + 1 : min(p.start, i + 5)]).lower()
                if rest.startswith(("-year-old", "year-old", "-years-old")):
                    return int(tok.text)
            if re.match(r"^\d{1,2}-year-old$", tok.text):
                return int(tok.text.split("-")[0])
        return None

    def words_near(self, p: Cand, roles: list[Cand]) -> set[str]:
        doc = self.doc
        words = {doc[k].lower_ for r in roles for k in range(r.start, r.end)}
        if p.start > 0:
            words.add(doc[p.start - 1].lower_.rstrip("."))
        return words

    def sentence_country(self, token_index: int) -> str | None:
        sent = self.doc[token_index].sent
        found = {c.named.country for c in self.named
                 if sent.start <= c.start < sent.end and c.named.kind in ("country", "adjective", "people", "capital", "city")
                 and c.named.country}
        return found.pop() if len(found) == 1 else None

    def resolve_persons(self) -> dict:
        doc = self.doc
        known: dict[str, Mention] = {}
        names: dict = {}
        persons = list(self.persons) + [c for c in self.named if c.named.kind == "dictionary" and self._is_person(c.named)]
        persons.sort(key=lambda c: c.start)
        for p in persons:
            roles, tnames, _ = self.title_chain(p)
            aroles, anames = self.appositive(p)
            allroles = roles + aroles
            near = self.words_near(p, allroles)
            gender = next((self.t.rules.gender[w] for w in near if w in self.t.rules.gender), None)
            age = self.age(p)
            text = self.text(p.start, p.end)
            key = text.lower()
            country = sector = title = None
            name = text
            code = None
            if allroles or tnames:
                country, sector, code, _org = self.combine(allroles, sorted(tnames + anames, key=lambda c: c.start)
                                                           + self._chain_mods(allroles), title=True)
                title = " ".join(doc[k].lower_ for r in (roles or aroles) for k in range(r.start, r.end)) or None
            private = age is not None or bool(near & self.t.rules.private)
            prior = known.get(key) or self._by_surname(known, key)
            # What the text says here wins; then what it said before about the
            # same name; then the dictionary on the article's date.
            if prior is not None and country in (None, prior.actor.country) and sector in (None, prior.actor.sector):
                country, sector = prior.actor.country, prior.actor.sector
                title, name = title or prior.actor.title, prior.actor.name
                gender = gender or prior_gender(self.out, prior)
            elif p.named is not None:
                d_country, d_sector, _code, _name = self.named_actor(p.named)
                if country in (None, d_country) and sector in (None, d_sector):
                    country, sector = d_country, d_sector
                    title = title or self._dict_title(p.named)
                name = p.named.name
            if private and sector in (None, "CVL"):
                sector = "CVL"
                if country is None:
                    country = self.sentence_country(p.head)
            young = (age is not None and age < self.t.rules.young_age) or bool(near & self.t.rules.young)
            for c in (*roles, *tnames, *aroles, *anames):
                if c.named is None or c.named.kind not in ("alias", "country", "dictionary"):
                    c.used = True
            actor = Actor(actor_code(country, sector) if country not in NON_STATE else (code or country),
                          country, sector, name=name, title=title)
            self.emit(p.start, p.end, actor, "dictionary" if p.named is not None else "person",
                      person=True, gender=gender, young=young and sector == "CVL")
            p.used = True
            mention = self.out[-1][0]
            known.setdefault(key, mention)
            words = [doc[k].lower_ for k in range(p.start, p.end)]
            for tail in {tuple(words[1:]), tuple(words[-1:])} if len(words) > 1 else ():
                if tail and tail[0].isalpha() or (tail and tail[0][0].isalpha()):
                    names.setdefault(tail[0], []).append((tail, p.end, mention))
                    known.setdefault(" ".join(tail), mention)
        return names

    def _chain_mods(self, roles: list[Cand]) -> list[Cand]:
        doc = self.doc
        mods = []
        for r in roles:
            mods += [m for m in self.modifiers(doc[r.head], True) if m.role is None]
        return mods

    @staticmethod
    def _is_person(named: Named) -> bool:
        kind = getattr(named.entry, "kind", None)
        return kind in (None, "person", "PERSON", "people")

    def _dict_title(self, named: Named) -> str | None:
        return dictionary_actor(named, self.on)[2]

    @staticmethod
    def _by_surname(known: dict, key: str):
        return known.get(key.split()[-1]) if key else None

    def resolve_named(self) -> None:
        for c in self.named:
            if c.used or c.named is None:
                continue
            named = c.named
            kind = named.kind
            tok = self.doc[c.head]
            if kind == "anaphor" or (kind == "dictionary" and self._is_person(named)):
                continue
            start = c.start
            if kind == "alias" and start > 0 and self.doc[start - 1].lower_ == "the" and not self.doc[start].is_upper:
                start -= 1
            country, sector, code, name = self.named_actor(named)
            if kind in ("alias", "dictionary"):
                self.emit(start, c.end, Actor(code, country, sector, name=name), kind,
                          code_members(named.code) if country is None else (), org=True)
            elif kind == "country":
                sector = named.sector or self.t.rules.bare_country_sector
                self.emit(start, c.end, Actor(actor_code(country, sector), country, sector),
                          "coref" if c.extra.get("anaphor") else "country", country=True)
            elif kind == "capital" and self.acting(tok):
                self.emit(start, c.end, Actor(actor_code(country, "GOV"), country, "GOV"), "metonym", country=True)
            elif kind == "city" and self.acting(tok):
                self.emit(start, c.end, Actor(actor_code(country, None), country, None), "metonym", country=True)
            elif kind == "people" and tok.dep_ not in ("amod", "compound", "nmod"):
                self.emit(start, c.end, Actor(actor_code(country, "CVL"), country, "CVL"), "demonym")
            elif kind == "adjective" and tok.dep_ not in ("amod", "compound", "nmod") and tok.pos_ in ("NOUN", "PROPN"):
                # "Hundreds of Sudanese": the adjective stands for the people.
                self.emit(start, c.end, Actor(actor_code(country, "CVL"), country, "CVL"), "demonym")
            elif kind == "adjective" and tok.dep_ in ("amod", "compound") and self.acting(tok.head) \
                    and tok.head.pos_ in ("NOUN", "PROPN") and self._compounds_only(c.end, tok.head.i):
                # "Chinese hackers targeted ...": of that country, in no sector the text names;
                # "Russian missiles struck ...": the weapon acts for the military.
                sector = named.sector
                if tok.head.lemma_.lower() in self.t.weapons and tok.head.dep_ in WEAPON_DEPS:
                    sector = "MIL"
                self.emit(start, tok.head.i + 1, Actor(actor_code(country, sector), country, sector), "demonym")

    def _compounds_only(self, start: int, head: int) -> bool:
        """True if every token from ``start`` up to ``head`` is a compound of it ("Israeli [air] strikes")."""
        doc = self.doc
        return head >= start and all(doc[k].dep_ == "compound" and doc[k].head.i == head and k not in self.at
                                     for k in range(start, head))

    def resolve_reference(self) -> None:
        """Pronouns and anaphoric noun phrases, to the most recent fitting actor."""
        doc = self.doc
        self.out.sort(key=lambda x: x[0].start)
        refs: list[tuple[int, int, str, str]] = []
        for tok in doc:
            g = self.t.rules.pronouns.get(tok.lower_)
            if not g or tok.pos_ != "PRON":
                continue
            if g in GROUP_PRONOUNS:
                # "It is expected that ...", "it seems": no one.
                if tok.dep_ != "expl" and not (g == "neuter" and tok.head.lemma_.lower() in EMPTY_IT_VERBS):
                    refs.append((tok.i, tok.i + 1, "pronoun", g))
            elif not (tok.dep_ == "poss" or tok.tag_ == "PRP$"):
                refs.append((tok.i, tok.i + 1, "pronoun", g))
        for c in self.named:
            if c.named is not None and c.named.kind == "anaphor" and not c.used:
                refs.append((c.start, c.end, "coref", c.named.target))
        refs.sort()
        for start, end, kind, target in refs:
            found = self.antecedent(start, kind, target)
            if found is not None:
                m, info = found
                if "members" in info:
                    # "the two countries": both, as members of one mention.
                    self.emit(start, end, Actor(None, None), kind, info["members"], country=True)
                    continue
                if kind == "pronoun" and info.get("gender") is None:
                    info["gender"] = target
                self.emit(start, end, m.actor, kind, ref=m)

    def antecedent(self, start: int, kind: str, target: str):
        doc = self.doc
        limit = self.window_start(start)
        before = [(m, i) for m, i in self.out if m.start < start and m.end <= start and m.start >= limit]
        if kind == "pronoun" and target in GROUP_PRONOUNS:
            return self.group_antecedent(start, target)
        if kind == "pronoun":
            for m, info in reversed(before):
                if info.get("person") and info.get("gender") in (None, target) and m.kind != "pronoun":
                    return m, info
            return None
        if target == "country":
            for m, info in reversed(before):
                if info.get("country"):
                    return m, info
        elif target == "countries":
            pair: dict[str, Actor] = {}
            for m, info in reversed(before):
                if info.get("country") and m.actor.country and m.actor.country not in pair:
                    pair[m.actor.country] = m.actor
                    if len(pair) == 2:
                        return m, {"members": tuple(reversed(pair.values()))}
        elif target == "young":
            for m, info in reversed(before):
                if info.get("young"):
                    return m, info
        elif target == "person":
            for m, info in reversed(before):
                if info.get("person"):
                    return m, info
        elif target == "organization":
            for m, info in reversed(before):
                if info.get("org"):
                    return m, info
        elif target in ("latter", "former"):
            for m, info in reversed(before):
                tok = doc[m.head]
                if tok.dep_ == "conj":
                    other = next((x for x in before if x[0].start <= tok.head.i < x[0].end), None)
                    if other is not None:
                        return (m, info) if target == "latter" else other
            if target == "latter" and before:
                return before[-1]
        return None

    def group_antecedent(self, start: int, target: str):
        """The one organisation or country (or, for "they", group) "it"/"they" can mean, else None.

        Candidates are the mentions of this sentence before the pronoun and of
        the sentence before; with two different actors among them it is left
        unresolved rather than guessed.
        """
        doc = self.doc
        sent_start = doc[start].sent.start
        limit = doc[sent_start - 1].sent.start if sent_start > 0 else 0
        fits = []
        for m, info in self.out:
            if not (limit <= m.start and m.end <= start) or m.kind == "pronoun" or info.get("person"):
                continue
            plural = doc[m.head].tag_ in ("NNS", "NNPS")
            group = info.get("org") or info.get("country") or m.members
            if target == "neuter" and group and not plural:
                fits.append((m, info))
            elif target == "plural" and (group or (plural and info.get("role") is not None)):
                fits.append((m, info))
        codes = {(m.actor.code, m.actor.name, m.members) for m, _ in fits}
        if len(codes) != 1 or (fits[0][0].actor.country is None and not fits[0][0].members):
            return None
        m, info = fits[-1]
        if m.members:
            return m, {"members": m.members}
        return m, info

    def finish(self) -> tuple[Mention, ...]:
        self.out.sort(key=lambda x: (x[0].start, -(x[0].end - x[0].start)))
        result: list[Mention] = []
        last_end = -1
        for m, _ in self.out:
            if m.start >= last_end:
                result.append(m)
                last_end = m.end
        return tuple(result)


def prior_gender(out, mention: Mention) -> str | None:
    for m, info in out:
        if m is mention:
            return info.get("gender")
    return None
