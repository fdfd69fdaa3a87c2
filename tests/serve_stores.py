"""Stores for the serve tests: one coded by hand (fast, exact), one coded by the real pipeline (slow)."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

from eventwire.records import (
    Actor,
    Article,
    Attribution,
    DateRef,
    Event,
    Mention,
    Place,
    Result,
    Sentence,
)
from eventwire.store.duckdb import Store

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "src" / "eventwire" / "examples" / "000_392aff288c130560.txt"
CORPUS = Path(__file__).parent / "data" / "corpus_small.jsonl"


def _sentences(article: Article) -> tuple[Sentence, ...]:
    out, start, text = [], 0, article.text
    while start < len(text):
        end = text.find(". ", start)
        end = len(text) if end < 0 else end + 1
        out.append(Sentence(article.id, len(out), start, end, text[start:end]))
        start = end + 1
    return tuple(out)


class _Coder:
    """Builds events for one article from words found in its text, so every span is exact."""

    def __init__(self, article: Article) -> None:
        self.article = article
        self.sentences = _sentences(article)
        self.events: list[Event] = []
        self.mentions: list[Mention] = []

    def span(self, words: str, after: int = 0) -> tuple[int, int]:
        start = self.article.text.index(words, after)
        return start, start + len(words)

    def mention(self, words: str, code: str, country: str, sector: str | None = None, after: int = 0) -> tuple[int, int]:
        s, e = self.span(words, after)
        self.mentions.append(Mention(0, 0, s, e, 0, words, Actor(code, country, sector, words), "country"))
        return s, e

    def event(self, event: str, trigger: str, actor: tuple[str, str, str] | None, recipient: tuple[str, str, str] | None,
              *, mode: str | None = None, status: str = "asserted", reported_by: str | None = None, speaker: str | None = None,
              date: str | None = None, date_words: str | None = None, place: tuple[str, str, float, float] | None = None,
              goldstein: float = 0.0, quad: int = 1, context: tuple[str, ...] = ()) -> None:
        ts, te = self.span(trigger)
        sent = next(s for s in self.sentences if s.start <= ts < s.end)
        spans = {}
        ents = {}
        for role, given in (("actor", actor), ("recipient", recipient)):
            if given:
                words, code, country = given
                s, e = self.mention(words, code, country, code[3:] or None, after=sent.start)
                spans[role] = (s, e)
                ents[role] = Actor(code, country, code[3:] or None, words)
        dref = None
        if date:
            ds = self.span(date_words, sent.start) if date_words else (None, None)
            dref = DateRef(dt.date.fromisoformat(date), "day", date_words, "text", ds[0], ds[1])
        pl = None
        if place:
            words, cc, lat, lon = place
            ps, pe = self.span(words, sent.start)
            pl = Place(words, words, cc, None, lat, lon, None, 1, ps, pe)
        att = Attribution(status, speaker, "said" if speaker else None,
                          Actor(reported_by, reported_by) if reported_by else None)
        self.events.append(Event(
            self.article.id, event, mode, ents.get("actor"), ents.get("recipient"), sent.sequence, sent.start, sent.end,
            0, ts, te, trigger, sent.text, context, att, dref, pl, None, goldstein, quad,
            spans.get("actor"), spans.get("recipient"), 0.8,
        ))

    def result(self) -> Result:
        return Result(self.article, self.sentences, tuple(self.mentions), tuple(self.events))


def hand_results() -> list[Result]:
    """A few articles coded by hand: the seed's main events, a negated one, and other dyads."""
    seed_text = SEED.read_text(encoding="utf-8").lstrip().split(" ", 2)[2]
    seed = _Coder(Article("seed", seed_text, dt.date(2022, 10, 27), "Russia may be advising Iran", source="seed"))
    seed.event("ACCUSE", "concerned that Moscow", ("Karine Jean-Pierre", "USAGOV", "USA"), ("Moscow", "RUSGOV", "RUS"),
               mode="disapprove", speaker="Karine Jean-Pierre", date="2022-10-27", goldstein=-2.0, quad=3)
    seed.event("CONSULT", "advising Tehran", ("Moscow", "RUSGOV", "RUS"), ("Tehran", "IRNGOV", "IRN"),
               status="hedged", reported_by="USA", goldstein=4.0, quad=1, context=("political",))
    seed.event("PROTEST", "demonstrations", ("Iran", "IRN", "IRN"), None, mode="demo", date="2022-10-26",
               date_words="Wednesday", place=("Iran", "IRN", 32.0, 53.0), goldstein=-6.5, quad=3)
    seed.event("AID", "supplying", ("Iran", "IRN", "IRN"), ("Russia", "RUS", "RUS"), mode="military",
               status="claimed", reported_by="UKR", goldstein=7.0, quad=2, context=("military",))
    other = _Coder(Article("neg", "Iran did not send troops to Crimea, Tehran said on Monday. Russia praised Iran for its help.",
                           dt.date(2022, 11, 7), "Iran denies"))
    other.event("MOBILIZE", "send troops", ("Iran", "IRN", "IRN"), None, status="negated", date="2022-11-07",
                place=("Crimea", "UKR", 45.0, 34.0), goldstein=-2.0, quad=4)
    other.event("SUPPORT", "praised", ("Russia", "RUS", "RUS"), ("Iran", "IRN", "IRN"), date="2022-11-07",
                goldstein=3.5, quad=1)
    china = _Coder(Article("chn", "China warned the United States on Friday over Taiwan. Beijing held drills near Taiwan.",
                           dt.date(2022, 8, 5), "China warns US"))
    china.event("THREATEN", "warned", ("China", "CHN", "CHN"), ("United States", "USA", "USA"), date="2022-08-05",
                date_words="Friday", goldstein=-4.0, quad=3)
    china.event("MOBILIZE", "held drills", ("Beijing", "CHNGOV", "CHN"), None, date="2022-08-05",
                place=("Taiwan", "TWN", 23.7, 121.0), goldstein=-2.0, quad=4)
    return [seed.result(), other.result(), china.result()]


def write_hand_store(path: Path) -> Path:
    """A store of :func:`hand_results` at ``path``."""
    with Store(path) as store:
        store.write(hand_results())
    return path


def corpus_articles() -> list[Article]:
    """The seed article and the bundled small corpus."""
    from eventwire.stages.ingest import read_articles

    return list(read_articles([SEED, CORPUS]))


def write_pipeline_store(path: Path) -> Path:
    """A store coded by the real pipeline from the seed and the small corpus."""
    from eventwire.pipeline import Pipeline

    pipeline = Pipeline()
    with Store(path) as store:
        store.write(pipeline.code(corpus_articles()))
    return path


def corpus_ids() -> set[str]:
    return {json.loads(line)["id"] for line in CORPUS.read_text(encoding="utf-8").splitlines() if line.strip()}


SEED_ID = SEED.stem
_BUILT: dict[str, Path] = {}


def pipeline_store() -> Path:
    """The real-pipeline store, built once per test process and shared by the serve test modules.

    Skips (with the reason) when a coding stage cannot be imported, so a
    half-installed pipeline shows as a named skip rather than as API failures.
    """
    import tempfile

    import pytest

    if "pipeline" not in _BUILT:
        try:
            from eventwire.pipeline import Pipeline

            Pipeline()
        except ImportError as exc:
            pytest.skip(f"the coding pipeline cannot be built: {exc}")
        path = Path(tempfile.mkdtemp(prefix="eventwire-serve-")) / "corpus.duckdb"
        _BUILT["pipeline"] = write_pipeline_store(path)
    return _BUILT["pipeline"]


def free_port() -> int:
    """A free TCP port on the loopback interface."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def live_server(db: Path) -> Iterator[str]:
    """``eventwire serve``'s app over ``db`` on a free loopback port, in a thread; yields its base URL."""
    import threading
    import time

    import uvicorn

    from eventwire.serve.api import create_app

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(db), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
