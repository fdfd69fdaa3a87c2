"""TABARI/PETRARCH dictionary lines: comments, codes with date restrictions, phrases, and the
blocks of lines that make one actor or agent; each defective line is a
:class:`~eventwire.interop.report.LineDefect` (format: :mod:`eventwire.interop.petrarch_dictionary`).
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path

from eventwire.errors import DataFileError
from eventwire.interop.report import ImportReport, LineDefect

log = logging.getLogger(__name__)

# Two-digit years below this are 20xx, the rest 19xx.
TWO_DIGIT_YEAR_PIVOT = 30

CODE_RE = re.compile(r"\[([^\]]*)\]")
SUBST_DEF_RE = re.compile(r"^(![A-Za-z0-9_]+!)\s*=\s*(.+)$")
PLURAL_RE = re.compile(r"\{([^}]*)\}")

# The kinds of defect a report counts lines by.
UNBALANCED, BAD_DATE, BAD_RESTRICTION, EMPTY_CODE = "unbalanced brackets", "bad date", "bad date restriction", "empty code"
NO_CODE, ORPHAN, IN_SKIPPED, UNDEFINED_SET = "no code", "before any actor", "in a skipped entry", "undefined set"
DATED_AGENT, SECOND_DEFAULT = "dated agent code", "second undated code"
JOINED, NOT_PHRASE, AFTER_CODE = "no code of its own, joined to the next actor", "not a phrase", "text after the code"
# Characters no TABARI phrase has: a line with one is prose left in the file ("Source: ...").
NOT_PHRASE_RE = re.compile(r"[;$=]|:\s")


@dataclass(slots=True)
class Block:
    """One actor or agent being read: its phrase, synonyms and codes."""

    phrase: str
    line: int
    synonyms: list[str] = field(default_factory=list)
    codes: list[tuple[str, int]] = field(default_factory=list)
    plural: str | None = None  # None: regular plural; "": no plural
    last: int = 0  # the last line read into the block
    joins_next: bool = False  # codeless, and the next actor starts on the very next line


def strip_comments(path: Path, lines: list[str]) -> list[tuple[int, str]]:
    """Lines with comments removed, as (line number, text); blank lines dropped."""
    out = []
    in_block = False
    for lineno, raw in enumerate(lines, start=1):
        text = raw.rstrip("\n")
        if in_block:
            if "-->" in text:
                in_block = False
                text = text.split("-->", 1)[1]
            else:
                continue
        stripped = text.strip()
        if stripped.startswith("<!"):
            if "-->" not in stripped:
                in_block = True
            continue
        if "#" in text:
            text = text.split("#", 1)[0]
        if text.strip():
            out.append((lineno, text))
    if in_block:
        log.warning("%s: a <!-- comment is never closed", path)
    return out


def _date(path: Path, line: int, text: str) -> dt.date:
    text = text.strip()
    if not text.isdigit() or len(text) not in (6, 8):
        raise LineDefect(path, line, BAD_DATE, f"date {text!r} is not YYMMDD or YYYYMMDD")
    if len(text) == 6:
        yy = int(text[:2])
        year = 2000 + yy if yy < TWO_DIGIT_YEAR_PIVOT else 1900 + yy
        month, day = int(text[2:4]), int(text[4:6])
    else:
        year, month, day = int(text[:4]), int(text[4:6]), int(text[6:8])
    try:
        return dt.date(year, month, day)
    except ValueError as exc:
        raise LineDefect(path, line, BAD_DATE, f"date {text!r} is not a calendar day ({exc})") from exc


def parse_code(path: Path, line: int, body: str) -> tuple[str, dt.date | None, dt.date | None, bool]:
    """``CODE [restriction]`` -> (code, start, end, dated)."""
    body = body.strip()
    if not body:
        raise LineDefect(path, line, EMPTY_CODE, "empty code []")
    parts = body.split(None, 1)
    code = parts[0].upper()
    rest = parts[1].strip() if len(parts) > 1 else ""
    # A restriction written straight after the code: [HOB<950601]
    for mark in "<>":
        if mark in code:
            code, tail = code.split(mark, 1)
            rest = mark + tail + rest
    if not rest:
        return code, None, None, False
    one_day = dt.timedelta(days=1)
    if rest.startswith("<"):
        return code, None, _date(path, line, rest[1:]) - one_day, True
    if rest.startswith(">"):
        return code, _date(path, line, rest[1:]) + one_day, None, True
    if "-" in rest:
        first, second = rest.split("-", 1)
        start, end = _date(path, line, first), _date(path, line, second)
        if start > end:
            raise LineDefect(path, line, BAD_DATE, f"date range {rest!r} ends before it starts")
        return code, start, end, True
    raise LineDefect(path, line, BAD_RESTRICTION,
                     f"cannot read the date restriction {rest!r}; use <YYMMDD, >YYMMDD or YYMMDD-YYMMDD")


def phrase_of(raw: str) -> tuple[str, bool]:
    """A dictionary phrase -> (plain name, stem)."""
    raw = raw.strip()
    stem = not raw.endswith("_")
    words = [w for w in re.split(r"[_\s]+", raw) if w]
    return " ".join(words), stem


def plural_of(phrase: str) -> str | None:
    """The regular English plural of a phrase's last word, as TABARI forms it (None: already plural)."""
    head, _, last = phrase.rpartition(" ")
    upper = last.upper()
    if upper.endswith("S") and not upper.endswith("SS"):
        return None  # already plural ("SECURITY OFFICIALS")
    if upper.endswith("Y") and len(upper) > 1 and upper[-2] not in "AEIOU":
        last = last[:-1] + "IES"
    elif upper.endswith(("S", "X", "Z", "CH", "SH")):
        last += "ES"
    else:
        last += "S"
    return f"{head} {last}" if head else last


class BlockReader:
    """Reads a file's lines into actor/agent blocks and substitution sets, skipping defective lines."""

    def __init__(self, path: Path, report: ImportReport) -> None:
        self.path = path
        self.report = report
        self.blocks: list[Block] = []
        self.substitutions: dict[str, list[str]] = {}
        self.saw_agent_mark = False
        self.skipping = False  # the lines after a skipped actor line belong to it

    def read(self) -> None:
        """Read every line of the file."""
        try:
            lines = self.path.read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError as exc:
            raise DataFileError(f"{self.path}: cannot read: {exc}") from exc
        for lineno, text in strip_comments(self.path, lines):
            try:
                self.line(lineno, text.strip())
            except LineDefect as defect:
                self.report.note(defect)

    def line(self, lineno: int, stripped: str) -> None:
        """Read one line: a set definition, an actor, a synonym or codes."""
        sub = SUBST_DEF_RE.match(stripped)
        if sub:
            self.substitutions[sub.group(1).upper()] = [w.strip().upper() for w in sub.group(2).split(",") if w.strip()]
            return
        codes = CODE_RE.findall(stripped)
        head = CODE_RE.sub(" ", stripped)
        if codes and stripped[-1] not in "]}" and "[" not in stripped[stripped.rindex("]"):]:
            # "ACME_ [MNC] Newspapers $137,000,000": the words after the code are no part of the name.
            self.report.note(LineDefect(self.path, lineno, AFTER_CODE,
                                        f"text after the code ignored: {stripped[stripped.rindex(']') + 1:].strip()!r}"))
            head = stripped[: stripped.index("[")]
        starts = bool(head.strip()) and head.strip()[0] not in "+[]"
        if "[" in head or "]" in head or NOT_PHRASE_RE.search(head):
            # A defective actor line takes its synonyms and codes with it.
            self.skipping = self.skipping or starts
            self.report.read += starts
            if "[" in head or "]" in head:
                raise LineDefect(self.path, lineno, UNBALANCED, f"unbalanced [ ] in {stripped!r}")
            raise LineDefect(self.path, lineno, NOT_PHRASE, f"{stripped!r} is no dictionary phrase")
        plural = None
        plural_match = PLURAL_RE.search(head)
        if plural_match:
            plural = plural_match.group(1).strip()
            head = PLURAL_RE.sub(" ", head)
        head = head.strip()
        if starts:
            self.skipping = False
            if self.blocks and not self.blocks[-1].codes and self.blocks[-1].last == lineno - 1:
                self.blocks[-1].joins_next = True
            self.blocks.append(Block(phrase=head, line=lineno, plural=plural))
        elif self.skipping:
            raise LineDefect(self.path, lineno, IN_SKIPPED, f"{stripped!r} belongs to a skipped actor")
        elif not self.blocks and (head or codes):
            what = f"synonym {head!r}" if head else f"code {stripped!r}"
            raise LineDefect(self.path, lineno, ORPHAN, f"{what} before any actor")
        elif head:
            self.blocks[-1].synonyms.append(head[1:])
        for body in codes:
            self.saw_agent_mark = self.saw_agent_mark or "~" in body
            self.blocks[-1].codes.append((body, lineno))
        self.blocks[-1].last = lineno

    def joined(self) -> list[Block]:
        """The blocks, each codeless actor line put with the actor right below it.

        "LEONID_BREZHNEV_" on a line of its own, then "SECRETARY_BREZHNEV" and
        the codes: the lines are one actor that lacks its ``+`` marks. Each such
        line is reported; the first line gives the name.
        """
        out: list[Block] = []
        pending: list[Block] = []
        for block in self.blocks:
            if block.joins_next:
                pending.append(block)
                continue
            if pending:
                first = pending[0]
                for b in pending:
                    self.report.note(LineDefect(self.path, b.line, JOINED,
                                                f"{phrase_of(b.phrase)[0]} has no code of its own; read as one actor "
                                                f"with the codes of line {block.codes[0][1] if block.codes else block.line}"))
                names = [b.phrase for b in pending[1:]] + [block.phrase]
                synonyms = [s for b in pending for s in b.synonyms] + block.synonyms
                block = Block(first.phrase, first.line, [*names, *synonyms], block.codes, block.plural, block.last)
                pending = []
            out.append(block)
        return out
