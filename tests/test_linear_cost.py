"""No article costs more than linear time in its length: the stages' work, counted in lines of
eventwire's code run (not timed), grows with the article as its sentences do.

The article is built by hand from ordinary sentences repeated (no model is loaded): a meeting
between two named actors and a reported statement with a pronoun, so that actors, events,
attribution, dates and places all have work in every sentence.
"""

from __future__ import annotations

import datetime as dt
import sys

import pytest
from spacy.lang.en import English
from spacy.tokens import Doc

from eventwire.pipeline import build_stage
from eventwire.records import Article, Coding
from eventwire.settings import Settings

S1 = dict(words="Iran 's foreign minister met Putin in Moscow on Monday .".split(),
          heads=[3, 0, 3, 4, 4, 4, 4, 6, 4, 8, 4],
          deps="poss case amod nsubj ROOT dobj prep pobj prep pobj punct".split(),
          pos="PROPN PART ADJ NOUN VERB PROPN ADP PROPN ADP PROPN PUNCT".split(),
          tags="NNP POS JJ NN VBD NNP IN NNP IN NNP .".split(),
          lemmas="Iran 's foreign minister meet Putin in Moscow on Monday .".split(),
          ents="B-GPE O O O O B-PERSON O B-GPE O B-DATE O".split())
S2 = dict(words="He said the talks would continue .".split(), heads=[1, 1, 3, 5, 5, 1, 1],
          deps="nsubj ROOT det nsubj aux ccomp punct".split(), pos="PRON VERB DET NOUN AUX VERB PUNCT".split(),
          tags="PRP VBD DT NNS MD VB .".split(), lemmas="he say the talk would continue .".split(),
          ents="O O O O O O O".split())
VOCAB = English().vocab


def doc_of(k: int) -> Doc:
    """An article of ``k`` pairs of ordinary sentences: a meeting, then a reported statement."""
    f = {key: [] for key in S1}
    for _ in range(k):
        for s in (S1, S2):
            off = len(f["words"])
            for key in s:
                f[key] += [h + off for h in s[key]] if key == "heads" else s[key]
    return Doc(VOCAB, **f)


def count(stages, k: int) -> tuple[int, Coding]:
    """Lines of eventwire's code the stages run on an article of ``k`` sentence pairs, and its coding."""
    doc = doc_of(k)
    art = Article(id="a", text=doc.text, published=dt.date(2020, 1, 1))
    batch = [Coding(article=art, doc=doc)]
    n = 0
    def trace(frame, event, arg):
        nonlocal n
        if "/eventwire/" in frame.f_code.co_filename:
            n += 1
            return trace
        return None
    sys.settrace(trace)
    try:
        for st in stages:
            batch = st.pipe(batch)
    finally:
        sys.settrace(None)
    return n, batch[0]



@pytest.fixture(scope="module")
def stages():
    settings = Settings.load()
    built = [build_stage(n, settings) for n in ("actors", "events", "attribution", "dates", "places")]
    count(built, 2)  # first use: tables read, lookups kept
    return built


def test_twice_the_sentences_cost_about_twice_the_work(stages):
    short, coded_short = count(stages, 20)
    long, coded_long = count(stages, 40)
    # The stages did their work on every sentence, so the count measures it.
    assert len(coded_long.mentions) == 2 * len(coded_short.mentions) > 0
    assert len(coded_long.events) == 2 * len(coded_short.events) > 0
    assert all(e.attribution is not None for e in coded_long.events)
    # Linear work doubles (2.0 and a little for the per-article part); a loop over all
    # pairs of sentences or mentions would give 4.
    assert 1.8 < long / short < 2.3
