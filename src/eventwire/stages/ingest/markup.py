"""The text of an HTML fragment (a feed entry's content, or a record's text that carries markup), read with an
HTML parser.

Script, style and other non-text elements are dropped whole; block elements
end a line, so paragraphs stay apart and sentences do not run together.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

# Elements whose content is never article text.
_SKIP = frozenset({"script", "style", "noscript", "template", "svg", "math", "iframe", "object", "head", "button", "select"})
_BLOCK = frozenset({
    "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption", "figure", "footer",
    "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section", "table",
    "td", "th", "tr", "ul",
})
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"})
_INLINE = frozenset({"a", "abbr", "b", "cite", "code", "em", "font", "i", "q", "s", "small", "span", "strong", "sub",
                     "sup", "time", "u"})
_ELEMENTS = _SKIP | _BLOCK | _VOID | _INLINE | {"html", "body", "title"}
_SPACES = re.compile(r"[ \t\r\f\v\u00a0]+")


class _TextOf(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP and tag not in _VOID:
            self.skipping.append(tag)
        elif tag in _BLOCK:
            self.parts.append("\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if self.skipping:
            if tag == self.skipping[-1]:
                self.skipping.pop()
            return
        if tag in _BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


class _FindsElement(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found = self.found or tag in _ELEMENTS

    handle_startendtag = handle_starttag


def carries_markup(text: str) -> bool:
    """Whether a text holds HTML elements (a tag an HTML parser reads as one), not just a stray ``<``."""
    if "<" not in text or ">" not in text:
        return False
    finder = _FindsElement()
    finder.feed(text)
    finder.close()
    return finder.found


def readable_text(text: str) -> str:
    """The text as the coder should read it: markup stripped by :func:`html_text` when it carries any, else as is."""
    return html_text(text) if carries_markup(text) else text


def html_text(fragment: str) -> str:
    """The readable text of an HTML fragment: one line per paragraph, entities decoded, no markup."""
    parser = _TextOf()
    parser.feed(fragment)
    parser.close()
    lines = (_SPACES.sub(" ", line).strip() for line in "".join(parser.parts).split("\n"))
    return "\n".join(line for line in lines if line)
