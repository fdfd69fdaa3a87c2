"""Hand-built parses for unit tests: a spaCy Doc from a table of words, and actor mentions on it.

No model is loaded: the table gives each token's index, word, lemma, part of speech, tag,
dependency and head index, and optionally its entity label in IOB form ("B-GPE"):

    0  Chile    Chile   PROPN NNP nsubj 1 B-GPE
    1  accused  accuse  VERB  VBD ROOT  1
"""

from __future__ import annotations

from textwrap import dedent

from spacy.lang.lex_attrs import LEX_ATTRS
from spacy.tokens import Doc
from spacy.vocab import Vocab

from eventwire.records import Actor, Mention, actor_code

# the lexical attributes (lower case, ...) that the rules read, as the model's vocabulary sets them
VOCAB = Vocab(lex_attr_getters=LEX_ATTRS)


def parse(table: str) -> Doc:
    """The Doc a token table describes (one sentence per ROOT)."""
    rows = [line.split() for line in dedent(table).strip().splitlines() if line.strip()]
    for n, row in enumerate(rows):
        if len(row) not in (7, 8) or int(row[0]) != n:
            raise ValueError(f"row {n} of the token table is malformed: {row}")
    return Doc(
        VOCAB,
        words=[r[1] for r in rows],
        lemmas=[r[2] for r in rows],
        pos=[r[3] for r in rows],
        tags=[r[4] for r in rows],
        deps=[r[5] for r in rows],
        heads=[int(r[6]) for r in rows],
        ents=[r[7] if len(r) == 8 else "O" for r in rows],
    )


def mention(doc: Doc, start: int, end: int | None = None, country: str | None = None, sector: str | None = None,
            kind: str = "country", members: tuple[Actor, ...] = ()) -> Mention:
    """An actor mention over tokens ``start``..``end`` (exclusive; one token by default)."""
    end = start + 1 if end is None else end
    span = doc[start:end]
    actor = Actor(actor_code(country, sector), country, sector, entity_text=span.text)
    return Mention(start, end, span.start_char, span.end_char, span.root.i, span.text, actor, kind, members)


def by_token(*mentions: Mention) -> dict[int, Mention]:
    """Mentions by each token they cover, as the events stage indexes them."""
    out: dict[int, Mention] = {}
    for m in mentions:
        for i in range(m.start, m.end):
            out.setdefault(i, m)
    return out
