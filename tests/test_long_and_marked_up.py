"""Text as users give it: HTML in a text field is read as text, and an article past max_chars is coded whole.

Events' offsets point into the stored text (for markup, the text with the
markup stripped), whatever way the article was parsed.
"""

from __future__ import annotations

import json

import duckdb
import pytest
from click.testing import CliRunner

from eventwire.cli import main
from eventwire.stages.ingest import article_from_fields
from eventwire.stages.ingest.markup import carries_markup
from eventwire.stages.parse import pieces

PAGE = ("<html><head><title>World</title><script>var headline = \"Russia attacked the United States\";</script>"
        "<style>p { color: red }</style></head><body><nav>Home | World</nav><p>Police arrested dozens of protesters "
        "in Paris on Monday.</p><p>The government of France condemned the violence &amp; promised an inquiry.</p>"
        "</body></html>")


def test_a_text_field_that_carries_html_is_read_as_text_and_its_script_dropped():
    article = article_from_fields({"id": "p1", "text": PAGE, "date": "2024-03-04"}, "x.jsonl:1")
    assert "Police arrested dozens of protesters in Paris on Monday." in article.text
    assert "violence & promised" in article.text
    assert "Russia" not in article.text and "<" not in article.text and "color" not in article.text
    assert article.text.index("Police") < article.text.index("The government")  # paragraphs kept apart, in order
    assert "\n" in article.text[article.text.index("Monday."):article.text.index("The government")]


@pytest.mark.parametrize("text, marked", [
    ("Turnout was < 40% in the north and > 20% in the south.", False),
    ("Police arrested protesters in Paris.", False),
    ("<p>Police arrested protesters.</p>", True),
    ("Police arrested protesters.<br/>More soon.", True),
    ("The <unknown> rebels attacked.", False),
])
def test_markup_is_known_by_its_elements_not_by_an_angle_bracket(text, marked):
    assert carries_markup(text) is marked
    if not marked:
        assert article_from_fields({"id": "t", "text": text}, "x.jsonl:1").text == text


def test_a_text_of_markup_alone_is_a_bad_record_naming_why():
    with pytest.raises(ValueError, match="holds markup and no readable text"):
        article_from_fields({"id": "m", "text": "<script>alert(1)</script><div></div>"}, "x.jsonl:1")


@pytest.mark.parametrize("limit", [40, 97, 500, 5000])
def test_pieces_of_a_long_text_join_to_it_and_end_at_sentence_ends(limit):
    text = "".join(f"Sentence number {n} says something. " + ("\n" if n % 7 == 0 else "") for n in range(400))
    parts = list(pieces(text, limit))
    assert "".join(parts) == text
    assert all(len(p) <= limit for p in parts) and all(p for p in parts)
    assert all(p.rstrip().endswith(".") for p in parts[:-1])


def test_a_text_without_a_space_is_still_cut_within_the_limit():
    assert list(pieces("x" * 25, 10)) == ["x" * 10, "x" * 10, "x" * 5]


def _code(tmp_path, records, *args):
    news = tmp_path / "news.jsonl"
    news.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    db = tmp_path / f"ew{len(list(tmp_path.glob('*.duckdb')))}.duckdb"
    result = CliRunner().invoke(main, ["code", str(news), "--db", str(db), "--workers", "1", *args])
    assert result.exit_code == 0, result.output
    with duckdb.connect(str(db), read_only=True) as con:
        text = con.execute("SELECT text FROM articles").fetchall()[0][0]
        events = con.execute("SELECT event, trigger_start, trigger_end, event_text, sentence_start, sentence_end, "
                             "text FROM events ORDER BY trigger_start").fetchall()
        sentences = con.execute("SELECT start_char, end_char FROM sentences ORDER BY sequence").fetchall()
    return text, events, sentences


def _offsets_hold(text, events):
    for _event, start, end, trigger, s_start, s_end, sentence in events:
        assert text[start:end] == trigger and text[s_start:s_end] == sentence


@pytest.mark.slow
def test_html_in_a_text_field_is_coded_from_its_paragraphs_not_its_script(tmp_path):
    text, events, _ = _code(tmp_path, [{"id": "page", "text": PAGE, "date": "2024-03-04"}])
    assert "Russia" not in text
    _offsets_hold(text, events)
    assert any(e[0] == "PROTEST" or "arrested" in e[3] for e in events), events
    assert not any("attacked" in e[3] for e in events)


@pytest.mark.slow
def test_an_article_past_max_chars_is_coded_whole_in_pieces_with_offsets_into_its_text(tmp_path, monkeypatch):
    paragraphs = ["Police arrested dozens of protesters in Paris on Monday.",
                  "Iran accused Russia of breaking its promises on Tuesday.",
                  "The United States imposed new sanctions on North Korea on Wednesday."]
    body = "\n".join(paragraphs[n % 3] for n in range(30)) + "\n"
    record = {"id": "long", "text": body, "date": "2024-03-04"}
    whole_text, whole, _ = _code(tmp_path, [record])
    monkeypatch.setenv("EVENTWIRE_MAX_CHARS", "200")  # the same article parsed 200 characters at a time
    piece_text, in_pieces, piece_sentences = _code(tmp_path, [record])
    assert piece_text == whole_text and len(piece_text) > 1500
    _offsets_hold(piece_text, in_pieces)
    assert piece_sentences[-1][1] >= len(piece_text.rstrip()) - 1, "the last sentence is coded"
    assert max(e[1] for e in in_pieces) > len(piece_text) - 200, "events past the first pieces are coded"
    assert [e[:3] for e in in_pieces] == [e[:3] for e in whole]
