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

A line that cannot be read (an unbalanced bracket, a date such as
``2004017``, a code before any actor) is a defect: :func:`read_petrarch`
records it with its file and line in an :class:`~eventwire.interop.report.ImportReport`,
skips it (and the synonyms and codes of a skipped actor) and reads on;
with ``strict`` it raises the first one instead. An entry left with no code
is skipped the same way.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

from eventwire.errors import DataFileError
from eventwire.interop.petrarch_lines import (
    DATED_AGENT, NO_CODE, SECOND_DEFAULT, UNDEFINED_SET, Block, BlockReader, parse_code, phrase_of, plural_of,
)
from eventwire.interop.report import ImportReport, LineDefect
from eventwire.knowledge.codes import split_cameo
from eventwire.knowledge.dictionary import Entry, Role, make_entry

log = logging.getLogger(__name__)

_SUBST_USE_RE = re.compile(r"![A-Za-z0-9_]+!")


def _expand(phrase: str, substitutions: dict[str, list[str]], path: Path, line: int) -> list[str]:
    """Every phrase a ``!SET!`` phrase stands for (the phrase itself if it has none)."""
    match = _SUBST_USE_RE.search(phrase)
    if not match:
        return [phrase]
    key = match.group(0).upper()
    if key not in substitutions:
        raise LineDefect(path, line, UNDEFINED_SET,
                         f"{key} is not defined; defined: {', '.join(substitutions) or 'none'}")
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


def _actor_entry(block: Block, path: Path, report: ImportReport) -> Entry | None:
    name, stem = phrase_of(block.phrase)
    aliases = [phrase_of(s)[0] for s in block.synonyms]
    default: str | None = None
    roles: list[Role] = []
    for body, line in block.codes:
        try:
            code, start, end, dated = parse_code(path, line, body)
            if not dated and default is not None:
                raise LineDefect(path, line, SECOND_DEFAULT,
                                 f"{name} has a second undated code {code}; keeping {default}")
        except LineDefect as defect:
            report.note(defect)
            continue
        if dated:
            country, sector = split_cameo(code)
            roles.append(Role(country=country, sector=sector, title=None, start=start, end=end, code=code))
        else:
            default = code
    if default is None and not roles:
        report.note(LineDefect(path, block.line, NO_CODE, f"{name} has no code; skipped"))
        return None
    country, sector = split_cameo(default) if default else (None, None)
    return make_entry(name, aliases=_unique(aliases, name), code=default, country=country, sector=sector,
                      roles=tuple(roles), kind="org", source=f"{path}:{block.line}", stem=stem,
                      nocase=True)


def _agent_entries(block: Block, substitutions: dict[str, list[str]], path: Path) -> list[Entry]:
    if not block.codes:
        raise LineDefect(path, block.line, NO_CODE, f"agent {block.phrase} has no code; skipped")
    body, line = block.codes[0]
    code, _start, _end, dated = parse_code(path, line, body.replace(" ", "") if "~" in body else body)
    if dated:
        raise LineDefect(path, line, DATED_AGENT, "agent codes take no date restriction")
    code = code.replace("~", "")
    country, sector = split_cameo(code, agent=True)
    phrases = _expand(block.phrase, substitutions, path, block.line)
    entries = []
    for phrase in phrases:
        name, _ = phrase_of(phrase)
        aliases = [phrase_of(s)[0] for s in block.synonyms]
        if block.plural is None and len(phrases) == 1:
            # A substitution set lists its own plurals (MAN, MEN), so expanded phrases get none.
            aliases.append(plural_of(name) or "")
        elif block.plural:
            aliases.append(phrase_of(block.plural)[0])
        entries.append(make_entry(name, aliases=_unique(aliases, name), code=code, country=country,
                                  sector=sector, kind="agent", source=f"{path}:{block.line}",
                                  nocase=True))
    return entries


def read_petrarch(path: str | Path, kind: str = "auto", strict: bool = False) -> ImportReport:
    """Read a TABARI/PETRARCH actors or agents dictionary, reading past defective lines.

    Args:
        path: the dictionary file.
        kind: "actors", "agents", or "auto" (agents if the file's codes use
            the ``~`` agent marker, else actors).
        strict: raise the first defect instead of skipping it.
    Returns:
        The entries, how many the file held and imported, and each skipped
        line with its file, line and kind of defect.
    Raises:
        DataFileError: the file cannot be read, or an unknown kind; with
            ``strict``, naming file and line, the first defective line.
    """
    path = Path(path)
    if kind not in ("auto", "actors", "agents"):
        raise DataFileError(f"{path}: kind {kind!r} is not one of auto, actors, agents")
    report = ImportReport(path, strict)
    reader = BlockReader(path, report)
    reader.read()
    if kind == "auto":
        kind = "agents" if reader.saw_agent_mark else "actors"
    for block in reader.joined():
        report.read += 1
        try:
            if kind == "agents":
                made = _agent_entries(block, reader.substitutions, path)
            else:
                entry = _actor_entry(block, path, report)
                made = [entry] if entry is not None else []
        except LineDefect as defect:
            report.note(defect)
            continue
        report.imported += bool(made)
        report.entries.extend(made)
    report.defects.sort(key=lambda d: int(d.source.rsplit(":", 1)[1]))
    log.info("%s: %s (%s)", path, report.summary(), kind)
    return report


def import_petrarch(path: str | Path, kind: str = "auto", strict: bool = False) -> list[Entry]:
    """Read a TABARI/PETRARCH actors or agents dictionary into entries (see :func:`read_petrarch`).

    Each skipped line is logged as a warning naming file and line.

    Raises:
        DataFileError: as :func:`read_petrarch`.
    """
    report = read_petrarch(path, kind, strict)
    for defect in report.defects:
        log.warning("%s", defect)
    return report.entries
