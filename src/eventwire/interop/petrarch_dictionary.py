"""Read TABARI/PETRARCH actor and agent dictionaries into dictionary entries.

The format, as PETRARCH's validation dictionaries use it:

- ``<!-- ... -->`` blocks (possibly over several lines) and lines starting
  with ``#`` are comments; ``#`` after an entry starts a trailing comment.
- An actor is a phrase with words joined by ``_`` (or spaces), then its
  code in brackets: ``UNITED_STATES [USA]``. A phrase ending in ``_`` must
  match whole words; otherwise TABARI lets its last word match as a stem
  (``ARGENTIN`` matches "Argentina"): kept as ``Entry.stem``.
- ``+PHRASE`` lines after an actor are synonyms (aliases).
- Code lines may follow on their own lines; a code may carry a date
  restriction: ``[CODE <YYMMDD]`` (before), ``[CODE >YYMMDD]`` (after),
  ``[CODE YYMMDD-YYMMDD]`` (between, inclusive), with 6- or 8-digit dates.
  An undated code is the default; dated codes become roles, tried in file order.
- Agents are common nouns with a code marked ``~``: ``[~COP]`` gives a
  sector to whichever actor it goes with, ``[NGO~]`` leads with its code.
  ``{PLURAL}`` after the phrase gives its plural, ``{}`` says it has none,
  otherwise the regular English plural is added as an alias.
  ``!NAME! = A, B`` defines a substitution set; ``!NAME!`` in a phrase
  expands to every member.

Imported codes are CAMEO, not ISO/PLOVER: the country is the code's first
three letters as written (fictional "GON" included) and the sector the
PLOVER reading of the CAMEO segments after it.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path

from eventwire.errors import DataFileError
from eventwire.knowledge.codes import split_cameo
from eventwire.knowledge.dictionary import Entry, Role, make_entry

log = logging.getLogger(__name__)

# Two-digit years below this are 20xx, the rest 19xx.
TWO_DIGIT_YEAR_PIVOT = 30

_CODE_RE = re.compile(r"\[([^\]]*)\]")
_SUBST_DEF_RE = re.compile(r"^(![A-Za-z0-9_]+!)\s*=\s*(.+)$")
_SUBST_USE_RE = re.compile(r"![A-Za-z0-9_]+!")
_PLURAL_RE = re.compile(r"\{([^}]*)\}")


@dataclass(slots=True)
class _Block:
    """One actor or agent being read: its phrase, synonyms and codes."""

    phrase: str
    line: int
    synonyms: list[str] = field(default_factory=list)
    codes: list[tuple[str, int]] = field(default_factory=list)
    plural: str | None = None  # None: regular plural; "": no plural


def _strip_comments(path: Path, lines: list[str]) -> list[tuple[int, str]]:
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
        raise DataFileError(f"{path}:{line}: date {text!r} is not YYMMDD or YYYYMMDD")
    if len(text) == 6:
        yy = int(text[:2])
        year = 2000 + yy if yy < TWO_DIGIT_YEAR_PIVOT else 1900 + yy
        month, day = int(text[2:4]), int(text[4:6])
    else:
        year, month, day = int(text[:4]), int(text[4:6]), int(text[6:8])
    try:
        return dt.date(year, month, day)
    except ValueError as exc:
        raise DataFileError(f"{path}:{line}: date {text!r} is not a calendar day ({exc})") from exc


def _parse_code(path: Path, line: int, body: str) -> tuple[str, dt.date | None, dt.date | None, bool]:
    """``CODE [restriction]`` -> (code, start, end, dated)."""
    body = body.strip()
    if not body:
        raise DataFileError(f"{path}:{line}: empty code []")
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
            raise DataFileError(f"{path}:{line}: date range {rest!r} ends before it starts")
        return code, start, end, True
    raise DataFileError(
        f"{path}:{line}: cannot read the date restriction {rest!r}; "
        "use <YYMMDD, >YYMMDD or YYMMDD-YYMMDD"
    )


def _phrase(raw: str) -> tuple[str, bool]:
    """A dictionary phrase -> (plain name, stem)."""
    raw = raw.strip()
    stem = not raw.endswith("_")
    words = [w for w in re.split(r"[_\s]+", raw) if w]
    return " ".join(words), stem


def _plural(phrase: str) -> str | None:
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


def _read_blocks(path: Path) -> tuple[list[_Block], dict[str, list[str]], bool]:
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError as exc:
        raise DataFileError(f"{path}: cannot read: {exc}") from exc
    blocks: list[_Block] = []
    substitutions: dict[str, list[str]] = {}
    saw_agent_mark = False
    for lineno, text in _strip_comments(path, lines):
        stripped = text.strip()
        sub = _SUBST_DEF_RE.match(stripped)
        if sub:
            substitutions[sub.group(1).upper()] = [w.strip().upper() for w in sub.group(2).split(",") if w.strip()]
            continue
        codes = _CODE_RE.findall(stripped)
        head = _CODE_RE.sub(" ", stripped)
        if "[" in head or "]" in head:
            raise DataFileError(f"{path}:{lineno}: unbalanced [ ] in {stripped!r}")
        plural = None
        plural_match = _PLURAL_RE.search(head)
        if plural_match:
            plural = plural_match.group(1).strip()
            head = _PLURAL_RE.sub(" ", head)
        head = head.strip()
        if head.startswith("+"):
            if not blocks:
                raise DataFileError(f"{path}:{lineno}: synonym {head!r} before any actor")
            blocks[-1].synonyms.append(head[1:])
        elif head:
            blocks.append(_Block(phrase=head, line=lineno, plural=plural))
        elif not codes:
            continue
        elif not blocks:
            raise DataFileError(f"{path}:{lineno}: code {stripped!r} before any actor")
        for body in codes:
            saw_agent_mark = saw_agent_mark or "~" in body
            blocks[-1].codes.append((body, lineno))
    return blocks, substitutions, saw_agent_mark


def _expand(phrase: str, substitutions: dict[str, list[str]], path: Path, line: int) -> list[str]:
    """Every phrase a ``!SET!`` phrase stands for (the phrase itself if it has none)."""
    match = _SUBST_USE_RE.search(phrase)
    if not match:
        return [phrase]
    key = match.group(0).upper()
    if key not in substitutions:
        raise DataFileError(
            f"{path}:{line}: {key} is not defined; defined: {', '.join(substitutions) or 'none'}"
        )
    out = []
    for member in substitutions[key]:
        out.extend(_expand(phrase[:match.start()] + member + phrase[match.end():], substitutions, path, line))
    return out


def _unique(names: list[str], name: str) -> tuple[str, ...]:
    seen = {name.casefold()}
    out = []
    for n in names:
        if n and n.casefold() not in seen:
            seen.add(n.casefold())
            out.append(n)
    return tuple(out)


def _actor_entry(block: _Block, path: Path) -> Entry | None:
    name, stem = _phrase(block.phrase)
    aliases = [_phrase(s)[0] for s in block.synonyms]
    default: str | None = None
    roles: list[Role] = []
    for body, line in block.codes:
        code, start, end, dated = _parse_code(path, line, body)
        if dated:
            country, sector = split_cameo(code)
            roles.append(Role(country=country, sector=sector, title=None, start=start, end=end, code=code))
        elif default is None:
            default = code
        else:
            log.warning("%s:%d: %s has a second undated code %s; keeping %s", path, line, name, code, default)
    if default is None and not roles:
        log.warning("%s:%d: %s has no code; skipped", path, block.line, name)
        return None
    country, sector = split_cameo(default) if default else (None, None)
    return make_entry(name, aliases=_unique(aliases, name), code=default, country=country, sector=sector,
                      roles=tuple(roles), kind="org", source=f"{path}:{block.line}", stem=stem,
                      nocase=True)


def _agent_entries(block: _Block, substitutions: dict[str, list[str]], path: Path) -> list[Entry]:
    if not block.codes:
        log.warning("%s:%d: agent %s has no code; skipped", path, block.line, block.phrase)
        return []
    body, line = block.codes[0]
    code, _start, _end, dated = _parse_code(path, line, body.replace(" ", "") if "~" in body else body)
    if dated:
        raise DataFileError(f"{path}:{line}: agent codes take no date restriction")
    code = code.replace("~", "")
    country, sector = split_cameo(code, agent=True)
    phrases = _expand(block.phrase, substitutions, path, block.line)
    entries = []
    for phrase in phrases:
        name, _ = _phrase(phrase)
        aliases = [_phrase(s)[0] for s in block.synonyms]
        if block.plural is None and len(phrases) == 1:
            # A substitution set lists its own plurals (MAN, MEN), so expanded phrases get none.
            aliases.append(_plural(name) or "")
        elif block.plural:
            aliases.append(_phrase(block.plural)[0])
        entries.append(make_entry(name, aliases=_unique(aliases, name), code=code, country=country,
                                  sector=sector, kind="agent", source=f"{path}:{block.line}",
                                  nocase=True))
    return entries


def import_petrarch(path: str | Path, kind: str = "auto") -> list[Entry]:
    """Read a TABARI/PETRARCH actors or agents dictionary into entries.

    Args:
        path: the dictionary file.
        kind: "actors", "agents", or "auto" (agents if the file's codes use
            the ``~`` agent marker, else actors).
    Raises:
        DataFileError: naming file and line for a line that cannot be read.
    """
    path = Path(path)
    if kind not in ("auto", "actors", "agents"):
        raise DataFileError(f"{path}: kind {kind!r} is not one of auto, actors, agents")
    blocks, substitutions, saw_agent_mark = _read_blocks(path)
    if kind == "auto":
        kind = "agents" if saw_agent_mark else "actors"
    entries: list[Entry] = []
    for block in blocks:
        if kind == "agents":
            entries.extend(_agent_entries(block, substitutions, path))
        else:
            entry = _actor_entry(block, path)
            if entry is not None:
                entries.append(entry)
    log.info("read %d %s from %s", len(entries), kind, path)
    return entries
