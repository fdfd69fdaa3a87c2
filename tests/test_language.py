"""An article's language: told by py3langid's shipped model, stored, and an article the coder cannot read is
named and left uncoded, never coded as English."""

from __future__ import annotations

import json

import duckdb
import pytest
from click.testing import CliRunner

from eventwire.cli import main
from eventwire.stages.ingest import article_from_fields
from eventwire.stages.ingest.language import given_language, language_of

# One news sentence in several languages (written for these tests).
MEETING = {
    "en": "Russia's foreign minister met his Iranian counterpart in Tehran on Monday to discuss the nuclear talks.",
    "es": "El ministro de Asuntos Exteriores de Rusia se reunió el lunes con su homólogo iraní en Teherán.",
    "ar": "التقى وزير الخارجية الروسي بنظيره الإيراني في طهران يوم الاثنين لبحث المحادثات النووية.",
    "zh": "俄罗斯外长周一在德黑兰会见了伊朗外长，双方讨论了核谈判问题。",
    "ru": "Министр иностранных дел России в понедельник встретился в Тегеране со своим иранским коллегой.",
    "de": "Der russische Außenminister traf am Montag in Teheran seinen iranischen Amtskollegen.",
}


@pytest.mark.parametrize("lang", sorted(MEETING))
def test_the_language_of_a_news_sentence_is_told(lang):
    assert language_of(MEETING[lang]) == lang


def test_a_text_too_short_to_tell_keeps_the_default():
    assert language_of("Talks.") == "en"
    assert language_of("Talks.", default="fr") == "fr"


@pytest.mark.parametrize("given, code", [("en-US", "en"), ("EN", "en"), ("pt_BR", "pt"), (" ar ", "ar"), ("", None), (None, None)])
def test_a_records_language_tag_is_its_primary_code(given, code):
    assert given_language(given) == code


def test_a_record_keeps_the_language_it_names_and_one_that_names_none_gets_the_one_told():
    named = article_from_fields({"id": "a", "text": MEETING["es"], "lang": "es-MX"}, "x.jsonl:1")
    told = article_from_fields({"id": "b", "text": MEETING["es"]}, "x.jsonl:2")
    english = article_from_fields({"id": "c", "text": MEETING["en"]}, "x.jsonl:3")
    assert (named.lang, told.lang, english.lang) == ("es", "es", "en")


@pytest.mark.slow
def test_articles_in_other_languages_are_stored_with_their_language_named_and_not_coded(tmp_path):
    news = tmp_path / "world.jsonl"
    ids = {lang: f"meeting-{lang}" for lang in ("en", "es", "ar", "zh")}
    news.write_text("".join(json.dumps({"id": ids[lang], "text": MEETING[lang], "date": "2024-03-04"}) + "\n"
                            for lang in ids), encoding="utf-8")
    db = tmp_path / "ew.duckdb"
    result = CliRunner().invoke(main, ["code", str(news), "--db", str(db), "--workers", "1"])
    assert result.exit_code == 0, result.output
    for line, lang in enumerate(ids, start=1):
        notice = f"not coded {news}:{line} (id '{ids[lang]}'): written in {lang}, not en: stored with lang={lang}"
        assert (notice in result.stderr) == (lang != "en"), result.stderr
    assert result.stdout.startswith("4 articles (1 ar, 1 en, 1 es, 1 zh), ")
    with duckdb.connect(str(db), read_only=True) as con:
        stored = dict(con.execute("SELECT lang, n_events FROM articles").fetchall())
        texts = {row[0] for row in con.execute("SELECT text FROM articles").fetchall()}
    assert set(stored) == {"en", "es", "ar", "zh"} and texts == {MEETING[lang] for lang in ids}
    assert stored["en"] >= 1 and stored["es"] == stored["ar"] == stored["zh"] == 0


def test_the_cached_model_tells_what_py3langid_tells_with_the_same_confidence(tmp_path, monkeypatch):
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    from eventwire.stages.ingest import language

    monkeypatch.setenv("EVENTWIRE_CACHE", str(tmp_path / "cache"))
    language._identifier.cache_clear()
    reference = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    reference.set_languages(language.language_rules().languages)
    texts = [*MEETING.values(), " ".join(MEETING.values()), "Talks.", "", "12 345 !!!", "«Гол» — 2:1"]
    try:
        built = [language._identifier().classify(t) for t in texts]
        language._identifier.cache_clear()
        mapped = [language._identifier().classify(t) for t in texts]
    finally:
        language._identifier.cache_clear()
    assert built == mapped == [reference.classify(t) for t in texts]
    assert len(list((tmp_path / "cache").glob("language_model-*.arrays"))) == 1
