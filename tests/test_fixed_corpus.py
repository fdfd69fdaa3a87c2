"""The events of a fixed corpus, record for record, against a stored snapshot.

A change that is meant to leave coding alone (a refactor, a speed-up) must
leave this test green. A change that means to code differently regenerates the
snapshot on purpose, with ``pytest tests/test_fixed_corpus.py --regen-golden``,
and the diff of ``tests/golden/corpus/events.jsonl`` shows what it changed.

The corpus is the team's gold texts, the small wire corpus and the seed
article: 446 articles that exercise every stage.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eventwire.records import Article
from eventwire.stages.ingest import read_articles
from eventwire.store.schema import event_json

HERE = Path(__file__).parent
SNAPSHOT = HERE / "golden" / "corpus" / "events.jsonl"
INPUTS = (HERE / "data" / "corpus_small.jsonl", HERE / "golden" / "seed" / "input.txt")
GOLD = HERE / "data" / "gold_events.jsonl"


def _corpus() -> list[Article]:
    import datetime as dt

    articles = list(read_articles(INPUTS))
    for line in GOLD.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        item = json.loads(line)
        published = dt.date.fromisoformat(item["date"]) if item.get("date") else None
        articles.append(Article(id=item["id"], text=item["text"], published=published))
    return articles


def _lines(settings) -> list[str]:
    from eventwire.pipeline import Pipeline

    records = [event_json(e) for r in Pipeline(settings).code(_corpus()) for e in r.events]
    return [json.dumps(r, ensure_ascii=False, sort_keys=True) for r in records]


@pytest.mark.slow
def test_fixed_corpus_codes_exactly_the_snapshot(settings, request):
    lines = _lines(settings)
    if request.config.getoption("--regen-golden"):
        SNAPSHOT.parent.mkdir(parents=True, exist_ok=True)
        SNAPSHOT.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    assert SNAPSHOT.exists(), f"{SNAPSHOT} is missing: run pytest {__file__} --regen-golden to write it"
    expected = SNAPSHOT.read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(expected)
    changed = [(i, want, got) for i, (want, got) in enumerate(zip(expected, lines)) if want != got]
    assert changed[:3] == []
