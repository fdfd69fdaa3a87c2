"""The shipped Phoenix layer: PETRARCH2's actor and agent dictionaries, read as default knowledge.

``data/actors/phoenix/`` holds them converted (by
:mod:`eventwire.interop.phoenix`; credit, licence, format and filters in its
README). The actor stage indexes them below its own tables: a surface form that
eventwire's tables or a user dictionary already name keeps that meaning.

The files are tab-separated text. Surface forms are already split as the actor
stage's tokenizer splits text, so no tokenizer runs, and they are grouped by
their first word when read; an entry and the forms of a word are parsed only
when an article holds that word, so the 26,000 entries cost a read of the files
and their lines' memory.
"""

from __future__ import annotations

import datetime as dt
import functools
from pathlib import Path

from eventwire.errors import DataFileError
from eventwire.knowledge.codes import is_country_code, split_cameo
from eventwire.knowledge.dictionary import Entry, Role
from eventwire.settings import DATA_DIR

ACTORS = "actors.tsv"
FORMS = "forms.tsv"
AGENTS = "agents.tsv"
STEM_MARK = "*"
# Words a name may carry in any case ("Organization of American States"); never a one-word name.
FUNCTION_WORDS = frozenset({
    "a", "al", "an", "and", "at", "bin", "da", "de", "del", "der", "des", "di", "du", "el", "for", "ibn", "in",
    "la", "le", "of", "on", "the", "to", "van", "von", "&", "-", "'s",
})

Form = tuple[tuple[str, ...], bool, int]  # tokens as the text must case them, a stem?, the entry's number


def data_dir() -> Path:
    """The folder of the shipped Phoenix files."""
    return DATA_DIR / "actors" / "phoenix"


def files() -> list[Path]:
    """The shipped Phoenix files, for keys of caches built from them."""
    return [data_dir() / name for name in (ACTORS, FORMS, AGENTS)]


def write_actor_line(name: str, code: str | None, roles: list[Role], source: str) -> str:
    """One line of ``actors.tsv``: name, undated code, dated roles (``CODE:from:to;...``), source."""
    role_text = ";".join(f"{r.code}:{_day(r.start)}:{_day(r.end)}" for r in roles)
    return "\t".join((name, code or "", role_text, source))


def write_form_line(tokens: tuple[str, ...], stem: bool, entry: int) -> str:
    """One line of ``forms.tsv``: the form's tokens (a trailing ``*``: its last word is a stem), its entry's number."""
    return f"{' '.join(tokens)}{STEM_MARK if stem else ''}\t{entry}"


def write_agent_line(forms: list[tuple[str, ...]], sector: str) -> str:
    """One line of ``agents.tsv``: the forms of one role noun (tokens; singular, plural, ...) and its PLOVER sector."""
    return f"{'|'.join(' '.join(words) for words in forms)}\t{sector}"


def _day(day: dt.date | None) -> str:
    return day.isoformat() if day is not None else ""


class PhoenixTable:
    """The Phoenix actors: their forms by lower-case first word, their entries by number, parsed when first asked."""

    def __init__(self, folder: Path | None = None) -> None:
        folder = folder or data_dir()
        self.actors_path, self.forms_path = folder / ACTORS, folder / FORMS
        self._entries = _read(self.actors_path).splitlines()
        self._parsed: dict[int, Entry] = {}
        self._codes: dict[str, tuple[str | None, str | None]] = {}
        self.by_word: dict[str, list[str]] = {}
        for line in _read(self.forms_path).splitlines():
            self.by_word.setdefault(line.partition("\t")[0].partition(" ")[0].lower(), []).append(line)

    def forms(self, word: str) -> list[Form]:
        """The forms whose first word is ``word`` (lower case).

        Raises:
            DataFileError: naming file and line, for a line that is not two fields.
        """
        out = []
        for line in self.by_word.get(word, ()):
            text, _, number = line.partition("\t")
            if not number.isdigit() or int(number) >= len(self._entries):
                raise DataFileError(f"{self.forms_path}: {line!r} names no entry of {self.actors_path.name}")
            stem = text.endswith(STEM_MARK)
            out.append((tuple(text.rstrip(STEM_MARK).split(" ")), stem, int(number)))
        return out

    def entry(self, number: int) -> Entry:
        """The entry on line ``number + 1`` of ``actors.tsv``.

        Raises:
            DataFileError: naming file and line, for a line that is not four fields or has a bad role.
        """
        if number not in self._parsed:
            self._parsed[number] = self._entry(number)
        return self._parsed[number]

    def _entry(self, number: int) -> Entry:
        where = f"{self.actors_path}:{number + 1}"
        fields = self._entries[number].split("\t")
        if len(fields) != 4:
            raise DataFileError(f"{where}: expected 4 tab-separated fields, got {len(fields)}")
        name, code, role_text, source = fields
        try:
            roles = tuple(self._role(r) for r in role_text.split(";") if r)
        except ValueError as exc:
            raise DataFileError(f"{where}: bad role ({exc})") from None
        country, sector = self._split(code) if code else (None, None)
        return Entry(name=name, aliases=(), code=code or None, country=country, sector=sector, title=None,
                     roles=roles, start=None, end=None, kind="person" if roles else "org",
                     source=f"phoenix/{source}")

    def _split(self, code: str) -> tuple[str | None, str | None]:
        # A code that leads with no country ("MED", "WAFREB": a region) gives a sector only.
        if code not in self._codes:
            self._codes[code] = split_cameo(code) if is_country_code(code[:3]) else split_cameo(code, agent=True)
        return self._codes[code]

    def _role(self, text: str) -> Role:
        code, start, end = text.split(":")
        country, sector = self._split(code)
        return Role(country, sector, None, dt.date.fromisoformat(start) if start else None,
                    dt.date.fromisoformat(end) if end else None, code)


@functools.cache
def phoenix_table() -> PhoenixTable:
    """The shipped Phoenix actors (read once per process).

    Raises:
        DataFileError: a file cannot be read.
    """
    return PhoenixTable()


@functools.cache
def phoenix_agents(folder: Path | None = None) -> tuple[tuple[tuple[tuple[str, ...], ...], str], ...]:
    """The Phoenix agents: the forms of each role noun (lower-case tokens) and its PLOVER sector (read once, then cached).

    Raises:
        DataFileError: naming file and line, for a line that is not two fields.
    """
    path = (folder or data_dir()) / AGENTS
    out = []
    for lineno, line in enumerate(_read(path).splitlines(), start=1):
        words, sep, sector = line.partition("\t")
        if not sep or not words or "\t" in sector:
            raise DataFileError(f"{path}:{lineno}: expected a role noun and its sector, tab-separated")
        out.append((tuple(tuple(form.split(" ")) for form in words.split("|")), sector))
    return tuple(out)


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DataFileError(f"{path}: cannot read the Phoenix layer: {exc}") from None
