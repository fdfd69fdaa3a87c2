"""Time expressions to dates: the project's own rules first, dateparser only for what they cannot read.

Pure functions of (text, base date, tense); no spaCy. ``value`` is always the
first day of the period named at ``precision`` (week: its Monday; decade:
YYY0-01-01). Wire style reads a bare weekday or month as the most recent one,
or the next one when the clause is future.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import re
from dataclasses import dataclass

from eventwire.errors import ConfigError
from eventwire.stages.dates.lexicon import Lexicon, load_lexicon
from eventwire.stages.dates.periods import (
    Offset, add_months, month_day_year, month_year, monday, next_weekday, past_weekday, safe_date, shift, truncate,
)

log = logging.getLogger(__name__)

TENSES = ("past", "present", "future")

_WORD = re.compile(r"'?\d+(?:st|nd|rd|th|s)?|[a-z]+(?:'s)?|'s")
_ISO = re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b")
_SLASH = re.compile(r"\b(\d{1,2})/(\d{1,2})(?:/(\d{2}|\d{4}))?\b")
_DOTTED = re.compile(r"\b(\d{1,2})\.(\d{1,2})\.(\d{4})\b")
_DIGITS = re.compile(r"\d")
# Clock times date nothing by themselves ("at 10 a.m."); they are cut out before the rules run.
_CLOCK = re.compile(r"\b\d{1,2}(?::\d{2})?\s*(?:[ap]\.?m\b\.?)|\b\d{1,2}:\d{2}\b|\bo'clock\b|\b(?:gmt|utc|noon|midnight)\b", re.I)
_ORDINAL = re.compile(r"^(\d{1,3})(st|nd|rd|th)$")
_DECADE = re.compile(r"^'?(\d{2}|\d{3}0)s$")


@dataclass(frozen=True, slots=True)
class Resolution:
    """A resolved time expression: first day of the period, its precision, and whether it starts a state."""

    value: dt.date
    precision: str
    since: bool = False  # "since 2014": the event started then and goes on


class Resolver:
    """Resolves time-expression text against a base date; results are cached by (text, base, tense)."""

    def __init__(self, lexicon: Lexicon | None = None, use_dateparser: bool = True) -> None:
        self.lex = lexicon or load_lexicon()
        self.use_dateparser = use_dateparser
        self._date_words = set(self.lex.months) | set(self.lex.weekdays) | set(self.lex.decades) | self.lex.dateparser_words
        self._modifier_words = frozenset().union(*self.lex.modifiers.values())
        self._cached = functools.lru_cache(maxsize=8192)(self._resolve)
        self._dateparser = functools.lru_cache(maxsize=4096)(self._ask_dateparser)
        self.dateparser_calls = 0

    # -- public --------------------------------------------------------------

    def resolve(self, text: str, base: dt.date, tense: str = "past") -> Resolution | None:
        """Resolve a time expression's text against ``base``; None when it names no point in time.

        ``tense`` is the tense of the clause the expression dates (past, present, future): a bare
        weekday or month is the most recent one, or the next one in a future clause.
        """
        return self._cached(text, base, tense)

    def words(self, text: str) -> list[str]:
        """The lower-case words of a time expression."""
        return _WORD.findall(text.lower().replace("\u2019", "'").replace("\u2018", "'"))

    def number(self, word: str) -> int | None:
        """A cardinal or ordinal number written in digits or words ("40", "40th", "forty", "fortieth")."""
        if word.isdigit():
            return int(word)
        m = _ORDINAL.match(word)
        if m:
            return int(m.group(1))
        return self.lex.numbers.get(word)

    def offset(self, text: str) -> Offset | None:
        """The stretch of time a phrase names ("40 days", "the 40th day", "a week", "first anniversary")."""
        words = [w for w in self.words(text) if w not in self.lex.offset_filler]
        for i, word in enumerate(words):
            unit = self.lex.units.get(word)
            if unit is None:
                continue
            count = 1
            if i > 0:
                n = self.number(words[i - 1])
                if n is None and words[i - 1] in self.lex.vague_counts:
                    return None
                count = n if n is not None else 1
            kind, days_or_months, precision = unit
            return Offset(kind, count * days_or_months, precision)
        return None

    # -- rules ----------------------------------------------------------------

    def _resolve(self, text: str, base: dt.date, tense: str = "past") -> Resolution | None:
        if tense not in TENSES:
            raise ValueError(f"tense must be one of {TENSES}, not {tense!r}")
        text = _CLOCK.sub(" ", text)
        words = self.words(text)
        since = "since" in words
        blocked = {w for w in words if w in self.lex.not_a_date}
        if blocked and not (blocked == {"before"} and "yesterday" in words):
            return None
        found = self._numeric(text, base, tense) or self._rules([w for w in words if w != "since"], base, tense)
        if found is None and self.use_dateparser and self._worth_asking(words):
            found = self._dateparser(text.replace("since", "").strip(), base, tense)
        if found is None:
            return None
        return Resolution(found[0], found[1], since)

    def _worth_asking(self, words: list[str]) -> bool:
        # Only spans that carry a calendar word or a digit, never durations ("three years",
        # "the past 40 years") or ordinals alone: dateparser reads "the 70s" as seventy
        # seconds ago and "the 40th" as 1940.
        if "ago" not in words and any(w in self.lex.units for w in words):
            return False
        return any(w in self._date_words or (_DIGITS.search(w) and not _ORDINAL.match(w)) for w in words)

    def _numeric(self, text: str, base: dt.date, tense: str) -> tuple[dt.date, str] | None:
        if m := _ISO.search(text):
            d = safe_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            return (d, "day") if d else None
        if m := _DOTTED.search(text):
            d = safe_date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
            return (d, "day") if d else None
        if m := _SLASH.search(text):
            a, b = int(m.group(1)), int(m.group(2))
            month, day = (b, a) if a > 12 else (a, b)  # US order unless the first number cannot be a month
            if m.group(3):
                year = int(m.group(3))
                if year < 100:
                    year += 2000 if 2000 + year <= base.year + 1 else 1900
                d = safe_date(year, month, day)
            elif 1 <= month <= 12 and 1 <= day <= 31:
                d = month_day_year(month, day, base, tense)
            else:
                d = None
            return (d, "day") if d else None
        return None

    def _rules(self, words: list[str], base: dt.date, tense: str) -> tuple[dt.date, str] | None:
        lex = self.lex
        mods = {w for w in words if w in self._modifier_words}
        mod = lex.modifier(mods)
        core = [w for w in words if w not in lex.filler and w not in mods]

        if "ago" in words:
            return self._ago(words, base)
        if "yesterday" in core:
            return base - dt.timedelta(days=2 if "before" in words else 1), "day"
        if "tomorrow" in core:
            return base + dt.timedelta(days=1), "day"
        if "today" in core or "tonight" in core or (not core and mod == "this" and set(words) & lex.this_day_parts):
            return base, "day"
        if "night" in words and mod == "last" and not core:
            return base - dt.timedelta(days=1), "day"

        weekdays = [lex.weekdays[w] for w in core if w in lex.weekdays]
        months = [lex.months[w] for w in core if w in lex.months]
        numbers = [w for w in core if w not in lex.months and w not in lex.weekdays]

        if months:
            return self._month(months[0], numbers, base, tense, mod)
        if weekdays:
            wd = weekdays[0]
            if mod == "last":
                return past_weekday(base, wd, strictly=True), "day"
            if mod == "next":
                return next_weekday(base, wd, strictly=True), "day"
            if tense == "future":
                return next_weekday(base, wd), "day"
            return past_weekday(base, wd), "day"
        if core == ["weekend"]:
            return self._weekend(mod, base, tense)
        if len(core) == 1 and core[0] in ("week", "month", "year", "decade") and mod:
            return self._relative_period(core[0], mod, base)
        decade = self._decade(core, base)
        if decade:
            return decade, "decade"
        if len(core) == 1 and (year := self._year(core[0])):
            return dt.date(year, 1, 1), "year"
        if len(core) == 1 and "on" in words and (m := _ORDINAL.match(core[0])):
            day = int(m.group(1))
            if 1 <= day <= 31:
                d = safe_date(base.year, base.month, day)
                if d is None or d > base:
                    prev = add_months(base.replace(day=1), -1)
                    d = safe_date(prev.year, prev.month, day)
                return (d, "day") if d else None
        return None

    def _ago(self, words: list[str], base: dt.date) -> tuple[dt.date, str] | None:
        off = self.offset(" ".join(w for w in words if w != "ago"))
        if off is None:
            return None
        precision = "year" if off.precision == "decade" else off.precision
        day = shift(base, off, -1)
        return (truncate(day, precision), precision) if day else None

    def _weekend(self, mod: str | None, base: dt.date, tense: str) -> tuple[dt.date, str]:
        # A weekend belongs to the ISO week of its Saturday.
        if mod == "next" or (mod is None or mod == "this") and tense == "future":
            saturday = next_weekday(base, 5, strictly=mod == "next")
        else:
            saturday = past_weekday(base - dt.timedelta(days=1), 5)
        return monday(saturday), "week"

    def _relative_period(self, unit: str, mod: str, base: dt.date) -> tuple[dt.date, str]:
        step = {"last": -1, "next": 1, "this": 0}[mod]
        if unit == "week":
            return monday(base + dt.timedelta(days=7 * step)), "week"
        if unit == "month":
            return add_months(base.replace(day=1), step), "month"
        if unit == "year":
            return dt.date(base.year + step, 1, 1), "year"
        start = base.year - base.year % 10 + 10 * step
        return dt.date(start, 1, 1), "decade"

    def _month(self, month: int, numbers: list[str], base: dt.date, tense: str, mod: str | None) -> tuple[dt.date, str] | None:
        day = year = None
        for w in numbers:
            if (y := self._year(w)) and year is None:
                year = y
            elif (n := self.number(w)) is not None and 1 <= n <= 31 and day is None and w not in self.lex.numbers:
                day = n
        if day is not None and year is not None:
            d = safe_date(year, month, day)
            return (d, "day") if d else None
        if day is not None:
            d = month_day_year(month, day, base, tense)
            return (d, "day") if d else None
        if year is None:
            year = month_year(month, base, tense, mod)
        return dt.date(year, month, 1), "month"

    def _year(self, word: str) -> int | None:
        if len(word) == 4 and word.isdigit() and 1000 <= int(word) <= 2199:
            return int(word)
        return None

    def _decade(self, core: list[str], base: dt.date) -> dt.date | None:
        for w in core:
            digits = None
            if m := _DECADE.match(w):
                digits = m.group(1)
            elif w in self.lex.decades:
                digits = str(self.lex.decades[w])
            if digits is None:
                continue
            if len(digits) == 4:
                return dt.date(int(digits), 1, 1)
            two = int(digits)
            if two % 10:
                return None
            century = 1900 if "nineteen" in core else 2000 if "two" in core else None
            if century is None:
                # "the 70s" is the 1970s; "the 10s" is the 2010s once that decade is over.
                century = 2000 if 2000 + two + 9 < base.year else 1900
            return dt.date(century + two, 1, 1)
        return None

    # -- dateparser -----------------------------------------------------------

    def _ask_dateparser(self, text: str, base: dt.date, tense: str) -> tuple[dt.date, str] | None:
        from dateparser.date import DateDataParser

        self.dateparser_calls += 1

        parser = DateDataParser(
            languages=["en"],
            settings={
                "RELATIVE_BASE": dt.datetime(base.year, base.month, base.day),
                "PREFER_DATES_FROM": "future" if tense == "future" else "past",
                "PREFER_DAY_OF_MONTH": "first",
                "RETURN_AS_TIMEZONE_AWARE": False,
            },
        )
        data = parser.get_date_data(text)
        if data.date_obj is None:
            return None
        precision = data.period if data.period in ("day", "week", "month", "year") else "day"
        log.debug("dateparser read %r at %s as %s (%s)", text, base, data.date_obj, precision)
        return truncate(data.date_obj.date(), precision), precision


# Resolvers by name, so a user or a test can swap the backend without touching the stage.
RESOLVERS: dict[str, dict[str, bool]] = {
    "rules+dateparser": {"use_dateparser": True},
    "rules": {"use_dateparser": False},
}


def build_resolver(name: str = "rules+dateparser", lexicon: Lexicon | None = None) -> Resolver:
    """A resolver by its registry name.

    Raises:
        ConfigError: no resolver has that name (the message lists the valid ones).
    """
    if name not in RESOLVERS:
        raise ConfigError(f"No date resolver {name!r}. Available resolvers: {', '.join(RESOLVERS)}")
    return Resolver(lexicon, **RESOLVERS[name])
