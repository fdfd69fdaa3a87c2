"""The news readers: HTML pages, RSS and Atom feeds, WARC archives, on files made as sites and crawlers make them."""

import datetime as dt
import gzip
import json
import sys

import pytest

pytest.importorskip("trafilatura")
pytest.importorskip("feedparser")
pytest.importorskip("warcio")

from eventwire.errors import InputError, MissingExtraError  # noqa: E402
from eventwire.stages.ingest import count_records, kind_of, read_articles  # noqa: E402
from tests.news_files import ATOM, NOT_ARTICLE, PARAGRAPHS, RSS, empty_page, news_page, write_warc  # noqa: E402

URL = "https://news.example.org/world/2022/10/27/tehran-protests"


def read(paths, strict=False):
    problems = []
    articles = list(read_articles(paths, problems.append, strict=strict))
    return articles, problems


def assert_no_markup(text):
    for junk in NOT_ARTICLE:
        assert junk not in text, f"{junk!r} reached the article text"


def test_html_page_gives_main_text_title_date_url_and_site(tmp_path):
    path = tmp_path / "tehran-protests.html"
    path.write_text(news_page("Protesters rally in Tehran", URL, "2022-10-27T08:15:00+03:30"), encoding="utf-8")
    [article], problems = read([path])
    assert problems == []
    assert (article.id, article.published, article.title, article.url, article.source) == (
        "tehran-protests", dt.date(2022, 10, 27), "Protesters rally in Tehran", URL, "Daily Wire Service")
    for paragraph in PARAGRAPHS:
        assert paragraph in article.text
    assert_no_markup(article.text)
    assert "By Staff Reporter" not in article.text


def test_html_page_in_another_encoding_and_gzip_compressed(tmp_path):
    page = news_page("Café owners protest", URL, "2022-10-27", (PARAGRAPHS[0].replace("young", "jeune café"),) + PARAGRAPHS[1:])
    path = tmp_path / "cafe.htm.gz"
    path.write_bytes(gzip.compress(page.replace('charset="utf-8"', 'charset="iso-8859-1"').encode("latin-1")))
    [article], problems = read([path])
    assert problems == [] and article.id == "cafe"
    assert "jeune café" in article.text and article.title == "Café owners protest"


def test_page_without_article_text_is_reported_and_strict_stops(tmp_path):
    bad = tmp_path / "login.html"
    bad.write_text(empty_page(), encoding="utf-8")
    good = tmp_path / "story.html"
    good.write_text(news_page("Protesters rally", URL, "2022-10-27"), encoding="utf-8")
    articles, problems = read([bad, good])
    assert [a.id for a in articles] == ["story"]
    assert [(p.path, p.record_id) for p in problems] == [(str(bad), "login")]
    assert "no article text" in problems[0].reason
    with pytest.raises(InputError, match="login.html"):
        read([bad, good], strict=True)


def test_rss_items_are_articles_with_their_dates_in_the_feeds_time_zone(tmp_path):
    path = tmp_path / "world.rss"
    path.write_text(RSS, encoding="utf-8")
    articles, problems = read([path])
    assert [(a.id, a.published, a.title, a.url, a.source) for a in articles] == [
        ("dws-2022-1001", dt.date(2022, 10, 26), "Protesters rally in Tehran",
         "https://news.example.org/world/tehran-protests", "Daily Wire Service: World"),
        ("https://news.example.org/world/geneva-talks", dt.date(2022, 10, 27), "Talks in Geneva & Vienna",
         "https://news.example.org/world/geneva-talks", "Daily Wire Service: World"),
    ]
    full, summary = articles[0].text, articles[1].text
    assert full == ("Thousands of demonstrators marched through central Tehran on Wednesday.\n"
                    "Security forces fired tear gas at crowds, witnesses said.")
    assert summary == "Diplomats from France and Germany met Iranian officials in Geneva."
    assert [(p.line, p.record_id) for p in problems] == [(None, "dws-2022-1003"), (None, "dws-2022-1004")]
    assert problems[0].reason == "entry 3: missing 'text'"
    assert problems[1].reason.startswith("entry 4: invalid date 'sometime last week'")
    assert str(problems[0]).startswith(f"{path} (id 'dws-2022-1003'): entry 3")
    assert articles[0].origin == f"{path}:entry 1"


def test_atom_entries_with_html_and_xhtml_content(tmp_path):
    path = tmp_path / "desk.atom"
    path.write_text(ATOM, encoding="utf-8")
    articles, problems = read([path])
    assert problems == []
    assert [(a.id, a.published, a.title, a.url, a.source) for a in articles] == [
        ("urn:example:wire-desk:2001", dt.date(2022, 10, 25), "Sanctions announced", "https://desk.example.org/2001", "Wire Desk"),
        ("urn:example:wire-desk:2002", dt.date(2022, 10, 28), "Ministry responds", "https://desk.example.org/2002", "Wire Desk"),
    ]
    assert articles[0].text == "The United States announced new sanctions on Iranian officials."
    assert articles[1].text == "Iran's foreign ministry rejected the criticism.\nA spokesman spoke in Tehran."


def test_feeds_and_archives_are_known_by_content_where_names_lie(tmp_path):
    (tmp_path / "feed.xml").write_text(RSS, encoding="utf-8")
    (tmp_path / "saved-feed.html").write_text(ATOM, encoding="utf-8")
    (tmp_path / "sitemap.xml").write_text('<?xml version="1.0"?><urlset><url><loc>x</loc></url></urlset>', encoding="utf-8")
    (tmp_path / "page.rss").write_text(news_page("Protesters rally", URL, "2022-10-27"), encoding="utf-8")
    write_warc(tmp_path / "capture.gz", [(URL, "text/html", news_page("Protesters rally", URL, "2022-10-27").encode())])
    kinds = {p.name: kind_of(p) for p in tmp_path.iterdir()}
    assert kinds == {"feed.xml": "feed", "saved-feed.html": "feed", "sitemap.xml": None, "page.rss": "html",
                     "capture.gz": "warc"}
    articles, problems = read([tmp_path])
    assert len(articles) == 2 + 2 + 1 + 1 and len(problems) == 2  # the two bad RSS items
    _, problems = read([tmp_path / "sitemap.xml"])
    assert "not an RSS or Atom feed" in problems[0].reason


def test_malformed_feed_is_reported_with_its_line_and_the_entries_before_it_kept(tmp_path):
    path = tmp_path / "broken.rss"
    path.write_text('<?xml version="1.0"?>\n<rss version="2.0"><channel>\n'
                    '<item><guid>a1</guid><description>Police arrested protesters.</description></item>\n'
                    '<item><title>Cut off', encoding="utf-8")
    articles, problems = read([path])
    assert [a.id for a in articles] == ["a1"]
    assert (problems[0].path, problems[0].line) == (str(path), 4)
    assert "not a well-formed RSS or Atom feed" in problems[0].reason
    assert problems[1].reason == "entry 2: missing 'id'"
    with pytest.raises(InputError, match="broken.rss:4"):
        read([path], strict=True)
    path.write_text("<rss><channel><title>Cut", encoding="utf-8")
    assert [p.reason for p in read([path])[1]] == ["not a well-formed RSS or Atom feed: no element found"]


@pytest.mark.parametrize("compressed", [True, False])
def test_warc_html_responses_are_articles_and_the_rest_is_passed_over(tmp_path, compressed):
    other = "https://news.example.org/world/2022/10/28/sanctions"
    path = tmp_path / ("crawl.warc.gz" if compressed else "crawl.warc")
    write_warc(path, [
        (URL, "text/html", news_page("Protesters rally in Tehran", URL, "2022-10-27T08:15:00+03:30").encode()),
        ("https://news.example.org/logo.png", "image/png", b"\x89PNG\r\n\x1a\n" + bytes(64)),
        ("https://news.example.org/gone", "404 text/html", news_page("Gone", URL, "2022-10-27").encode()),
        ("https://news.example.org/login", "text/html", empty_page().encode()),
        (other, "text/html; charset=utf-8", news_page("New sanctions", other, "2022-10-28").encode()),
    ], gzip=compressed)
    articles, problems = read([path])
    assert [(a.id, a.published, a.title, a.url) for a in articles] == [
        (URL, dt.date(2022, 10, 27), "Protesters rally in Tehran", URL),
        (other, dt.date(2022, 10, 28), "New sanctions", other),
    ]
    for article in articles:
        assert PARAGRAPHS[0] in article.text
        assert_no_markup(article.text)
    # warcinfo is record 1, then a request and a response per capture: the login page's response is record 9.
    assert [(p.path, p.record_id) for p in problems] == [(str(path), "https://news.example.org/login")]
    assert problems[0].reason.startswith("record 9: no article text")
    assert count_records([path]) == 5


def test_a_damaged_archive_keeps_what_came_before(tmp_path):
    path = tmp_path / "cut.warc"
    write_warc(path, [(URL, "text/html", news_page("Protesters rally", URL, "2022-10-27").encode())], gzip=False)
    path.write_bytes(path.read_bytes() + b"this is not a WARC record\r\n\r\n")
    articles, problems = read([path])
    assert [a.id for a in articles] == [URL]
    assert len(problems) == 1 and "record 4: not a readable WARC record" in problems[0].reason


def test_gzip_jsonl_and_csv_read_like_plain_ones(tmp_path):
    jsonl = tmp_path / "wire.jsonl.gz"
    jsonl.write_bytes(gzip.compress((json.dumps({"id": "j1", "text": "Iran protested.", "date": "2022-10-27"}) + "\n"
                                     + '{"id": "j2", "text": \n').encode()))
    csv_gz = tmp_path / "wire.csv.gz"
    csv_gz.write_bytes(gzip.compress(b'id,text,date\nc1,"Troops withdrew.",2023-01-05\nc2,,2023-01-05\n'))
    lying = tmp_path / "named-plain.jsonl"
    lying.write_bytes(gzip.compress(b'{"id": "l1", "text": "Talks were held."}\n'))
    articles, problems = read([jsonl, csv_gz, lying])
    assert [(a.id, a.published) for a in articles] == [("j1", dt.date(2022, 10, 27)), ("c1", dt.date(2023, 1, 5)), ("l1", None)]
    assert [(p.path, p.line) for p in problems] == [(str(jsonl), 2), (str(csv_gz), 3)]
    assert articles[0].origin == f"{jsonl}:1"
    assert count_records([jsonl, csv_gz, lying]) == 2 + 2 + 1


def test_truncated_gzip_reports_the_line_where_reading_stopped(tmp_path):
    path = tmp_path / "cut.jsonl.gz"
    lines = "".join(json.dumps({"id": f"a{i}", "text": f"Story number {i} " * 20}) + "\n" for i in range(200))
    data = gzip.compress(lines.encode())
    path.write_bytes(data[: len(data) // 2])
    articles, problems = read([path])
    assert 0 < len(articles) < 200 and [a.id for a in articles] == [f"a{i}" for i in range(len(articles))]
    assert len(problems) == 1 and "damaged gzip data" in problems[0].reason
    assert problems[0].line == len(articles) + 1 or problems[0].line == len(articles) + 2


@pytest.mark.parametrize("library,name", [("trafilatura", "page.html"), ("feedparser", "feed.rss"), ("warcio", "c.warc")])
def test_a_missing_news_library_is_a_clear_error_naming_the_extra(tmp_path, monkeypatch, library, name):
    path = tmp_path / name
    if name.endswith(".warc"):
        write_warc(path, [(URL, "text/html", news_page("Protesters rally", URL, "2022-10-27").encode())], gzip=False)
    else:
        path.write_text(RSS if name.endswith(".rss") else news_page("Protesters rally", URL, "2022-10-27"), encoding="utf-8")
    for module in [m for m in sys.modules if m == library or m.startswith(library + ".")]:
        monkeypatch.delitem(sys.modules, module)
    monkeypatch.setitem(sys.modules, library, None)  # what importing a library that is not installed meets
    with pytest.raises(MissingExtraError, match=r"'news' extra: pip install 'eventwire\[news\]'") as info:
        read([path])
    assert library in str(info.value)


@pytest.mark.slow
def test_a_page_a_feed_and_an_archive_are_coded_with_their_dates_and_no_markup(tmp_path):
    import duckdb
    from click.testing import CliRunner

    from eventwire.cli import main

    news = tmp_path / "news"
    news.mkdir()
    (news / "tehran.html").write_text(news_page("Protesters rally in Tehran", URL, "2022-10-27"), encoding="utf-8")
    (news / "world.rss").write_text(RSS, encoding="utf-8")
    other = "https://news.example.org/world/2022/10/25/sanctions"
    sanctions = ("The United States imposed sanctions on Iranian officials on Monday.",
                 "Iran condemned the sanctions and accused Washington of interference.")
    write_warc(news / "crawl.warc.gz", [(other, "text/html", news_page("New sanctions", other, "2022-10-25", sanctions).encode())])
    db = tmp_path / "news.duckdb"
    result = CliRunner().invoke(main, ["code", str(news), "--db", str(db), "--workers", "1"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "2 skipped records" in result.stdout  # the RSS items with no text and with a broken date
    with duckdb.connect(str(db), read_only=True) as con:
        dates = dict(con.execute("SELECT id, published FROM articles").fetchall())
        sentences = [row[0] for row in con.execute("SELECT text FROM sentences").fetchall()]
        events = con.execute("SELECT article_id, date, event FROM events").fetchall()
    assert dates == {"tehran": dt.date(2022, 10, 27), "dws-2022-1001": dt.date(2022, 10, 26),
                     "https://news.example.org/world/geneva-talks": dt.date(2022, 10, 27), other: dt.date(2022, 10, 25)}
    assert sentences and not [s for s in sentences if any(junk in s for junk in NOT_ARTICLE)]
    coded = {(article, kind) for article, _, kind in events}
    assert ("tehran", "PROTEST") in coded and ("dws-2022-1001", "PROTEST") in coded
    assert any(article == other for article, _, _ in events)
    # "on Wednesday" in the page published on Thursday 27 October is the 26th.
    assert ("tehran", dt.date(2022, 10, 26), "PROTEST") in {(a, d, k) for a, d, k in events}
