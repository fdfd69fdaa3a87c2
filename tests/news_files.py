"""Real-shaped news files for the reader tests: a page, RSS 2.0 and Atom feeds, a WARC crawl.

Each page carries what real pages carry around the article (navigation,
scripts, styles, related links, a footer), with statements in the scripts
that would code to events if they reached the article text.
"""

from __future__ import annotations

import io
from pathlib import Path

# Strings that live only in markup, scripts, navigation and footers.
NOT_ARTICLE = ("Russia bombs Washington", "China invades Taiwan", "Japan sanctions Korea", "function track",
               "Sign in to your account", "Oil prices climb", "All rights reserved", "font-family", "<", ">")

PARAGRAPHS = (
    "Thousands of demonstrators marched through central Tehran on Wednesday, the third week of protests since "
    "the death of a young woman in police custody.",
    "Security forces fired tear gas at crowds near the university, witnesses said. The interior ministry said "
    "dozens of people had been arrested.",
    "The United States condemned the crackdown and urged Iran to respect the right to peaceful assembly. "
    "Washington announced new sanctions on Iranian officials on Tuesday.",
    "Iran's foreign ministry rejected the criticism and accused foreign governments of stoking unrest, a "
    "spokesman told reporters in Tehran.",
)


def news_page(title: str, url: str, published: str, paragraphs: tuple[str, ...] = PARAGRAPHS) -> str:
    """A news page as a site serves it: the article among navigation, scripts, related links and a footer."""
    body = "\n".join(f"      <p>{p}</p>" for p in paragraphs)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>{title} | Daily Wire Service</title>
  <meta property="og:title" content="{title}">
  <meta property="og:site_name" content="Daily Wire Service">
  <meta property="og:url" content="{url}">
  <meta property="article:published_time" content="{published}">
  <link rel="canonical" href="{url}">
  <style>body {{ font-family: sans-serif; }} .nav a {{ color: red; }}</style>
  <script>window.dataLayer = [{{"page": "Russia bombs Washington"}}]; function track() {{ return 1; }}</script>
</head>
<body>
  <header class="site-header">
    <nav class="nav"><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li>
      <li><a href="/login">Sign in to your account</a></li></ul></nav>
  </header>
  <main>
    <article>
      <h1>{title}</h1>
      <p class="byline">By Staff Reporter</p>
{body}
    </article>
    <aside class="related"><h2>Related stories</h2><ul><li><a href="/a">Oil prices climb as markets react</a></li>
      <li><a href="/b">Football: cup final tonight</a></li></ul></aside>
  </main>
  <footer><p>Copyright 2022 Daily Wire Service. All rights reserved.</p></footer>
  <script>document.write("China invades Taiwan"); var ads = {{slot: "Japan sanctions Korea"}};</script>
</body>
</html>
"""


def empty_page() -> str:
    """A page with no article in its HTML: the shell of a script-rendered site."""
    return """<!DOCTYPE html><html><head><title>Daily Wire Service</title>
<script>var x = "Russia bombs Washington";</script><style>#app { font-family: sans-serif; }</style></head>
<body><div id="app"></div><script src="/static/app.js"></script>
<script>window.boot({"story": "China invades Taiwan"})</script></body></html>"""


RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel>
  <title>Daily Wire Service: World</title>
  <link>https://news.example.org/world</link>
  <description>World news</description>
  <item>
    <title>Protesters rally in Tehran</title>
    <link>https://news.example.org/world/tehran-protests</link>
    <guid isPermaLink="false">dws-2022-1001</guid>
    <pubDate>Wed, 26 Oct 2022 23:30:00 -0500</pubDate>
    <description>Short summary only.</description>
    <content:encoded><![CDATA[<p>Thousands of demonstrators marched through central Tehran on Wednesday.</p>
<script>alert("Russia bombs Washington")</script><p>Security forces fired tear gas at crowds, witnesses said.</p>]]></content:encoded>
  </item>
  <item>
    <title>Talks in Geneva &amp; Vienna</title>
    <link>https://news.example.org/world/geneva-talks</link>
    <pubDate>Thu, 27 Oct 2022 09:00:00 GMT</pubDate>
    <description>&lt;p&gt;Diplomats from France and Germany &lt;b&gt;met&lt;/b&gt; Iranian officials in Geneva.&lt;/p&gt;</description>
  </item>
  <item>
    <title>Headline with no text</title>
    <link>https://news.example.org/world/no-text</link>
    <guid>dws-2022-1003</guid>
    <pubDate>Thu, 27 Oct 2022 10:00:00 GMT</pubDate>
  </item>
  <item>
    <title>A story with a broken date</title>
    <guid>dws-2022-1004</guid>
    <pubDate>sometime last week</pubDate>
    <description>Police arrested protesters in Shiraz.</description>
  </item>
</channel>
</rss>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Wire Desk</title>
  <id>urn:example:wire-desk</id>
  <updated>2022-10-28T12:00:00Z</updated>
  <entry>
    <title type="html">Sanctions &lt;em&gt;announced&lt;/em&gt;</title>
    <id>urn:example:wire-desk:2001</id>
    <link rel="alternate" href="https://desk.example.org/2001"/>
    <published>2022-10-25T22:10:00-04:00</published>
    <updated>2022-10-28T08:00:00Z</updated>
    <content type="html">&lt;p&gt;The United States announced new sanctions on Iranian officials.&lt;/p&gt;&lt;style&gt;p {color: red}&lt;/style&gt;</content>
  </entry>
  <entry>
    <title>Ministry responds</title>
    <id>urn:example:wire-desk:2002</id>
    <link href="https://desk.example.org/2002"/>
    <updated>2022-10-28T07:30:00+02:00</updated>
    <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Iran's foreign ministry rejected the criticism.</p><p>A spokesman spoke in Tehran.</p></div></content>
  </entry>
</feed>
"""


def write_warc(path: Path, records: list[tuple[str, str, bytes]], gzip: bool = True) -> None:
    """A WARC file written with warcio's writer: a request and a response record per (url, content type, body).

    A ``content type`` of ``"404 text/html"`` gives a response with that status.
    A warcinfo record leads, as crawlers write one.
    """
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=gzip)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "tests", "format": "WARC 1.0"}))
        for url, content_type, body in records:
            status, _, ctype = content_type.partition(" ") if content_type[:3].isdigit() else ("200", "", content_type)
            request = writer.create_warc_record(
                url, "request", payload=io.BytesIO(b""),
                http_headers=StatusAndHeaders(f"GET {url} HTTP/1.1", [("Host", "news.example.org")], is_http_request=True),
            )
            writer.write_record(request)
            headers = StatusAndHeaders(f"{status} {'OK' if status == '200' else 'Not Found'}",
                                       [("Content-Type", ctype), ("Content-Length", str(len(body)))], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=headers))
