"""Calendar arithmetic for the dates stage: first days of periods, weekdays, moving by offsets.

Pure functions of dates; a period is named by its first day and a precision
(week: its Monday; decade: YYY0-01-01).
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Offset:
    """A stretch of time ("40 days", "the 40th day", "two weeks"): count of a unit in days or months."""

    unit: str  # "day" or "month"
    count: int
    precision: str  # precision a date moved by this offset keeps at best


def monday(day: dt.date) -> dt.date:
    """The Monday of the ISO week of ``day``."""
    return day - dt.timedelta(days=day.weekday())


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` moved by whole months, clamped to the end of the month."""
    total = day.year * 12 + day.month - 1 + months
    year, month = divmod(total, 12)
    month += 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def shift(day: dt.date, offset: Offset, sign: int) -> dt.date | None:
    """``day`` moved by ``offset`` forwards (sign 1) or backwards (sign -1); None if that leaves the calendar."""
    try:
        if offset.unit == "day":
            return day + dt.timedelta(days=sign * offset.count)
        return add_months(day, sign * offset.count)
    except (OverflowError, ValueError):
        return None


def truncate(day: dt.date, precision: str) -> dt.date:
    """The first day of the period at ``precision`` that contains ``day``."""
    if precision == "week":
        return monday(day)
    if precision == "month":
        return day.replace(day=1)
    if precision == "year":
        return dt.date(day.year, 1, 1)
    if precision == "decade":
        return dt.date(day.year - day.year % 10, 1, 1)
    return day


def past_weekday(base: dt.date, weekday: int, strictly: bool = False) -> dt.date:
    """The most recent ``weekday`` on or before ``base`` (before it when ``strictly``)."""
    back = (base.weekday() - weekday) % 7
    if strictly and back == 0:
        back = 7
    return base - dt.timedelta(days=back)


def next_weekday(base: dt.date, weekday: int, strictly: bool = False) -> dt.date:
    """The next ``weekday`` on or after ``base`` (after it when ``strictly``)."""
    ahead = (weekday - base.weekday()) % 7
    if strictly and ahead == 0:
        ahead = 7
    return base + dt.timedelta(days=ahead)


def safe_date(year: int, month: int, day: int) -> dt.date | None:
    """The date of a year, month and day, or None when the calendar has no such day."""
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def month_day_year(month: int, day: int, base: dt.date, tense: str) -> dt.date | None:
    """A month and day without a year, placed in the year the tense points to."""
    this = safe_date(base.year, month, day) or safe_date(base.year, month, 28)
    if this is None:
        return None
    prev = safe_date(base.year - 1, month, day) or this.replace(year=base.year - 1, day=28)
    nxt = safe_date(base.year + 1, month, day) or this.replace(year=base.year + 1, day=28)
    if tense == "future":
        return this if this >= base else nxt
    if tense == "present":
        return min((prev, this, nxt), key=lambda d: abs((d - base).days))
    return this if this <= base else prev


def month_year(month: int, base: dt.date, tense: str, mod: str | None) -> int:
    """The year of a month named without one ("in March", "last March"), from the modifier or the tense."""
    if mod == "last":
        return base.year if month < base.month else base.year - 1
    if mod == "next":
        return base.year if month > base.month else base.year + 1
    if mod == "this":
        return base.year
    if tense == "present":
        # "The summit is in March": the nearest March, ahead or behind.
        ahead = (month - base.month) % 12
        return base.year + (1 if month < base.month and ahead <= 6 else 0) - (1 if month > base.month and ahead > 6 else 0)
    if tense == "future":
        return base.year if month >= base.month else base.year + 1
    return base.year if month <= base.month else base.year - 1
