"""The dictionary model: actors and the date-ranged roles they hold.

:class:`Role` is the one model of a code valid between two dates: a
person's office, an organisation's coding in a period, an imported TABARI
date restriction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

KINDS = ("person", "org", "agent")


@dataclass(frozen=True, slots=True)
class Role:
    """A position an actor holds from ``start`` to ``end`` (both inclusive; None: open).

    ``code`` keeps an imported CAMEO code ("HOBGOV") where it says more than
    country and sector.
    """

    country: str | None
    sector: str | None
    title: str | None
    start: dt.date | None
    end: dt.date | None
    code: str | None = None

    def covers(self, on: dt.date) -> bool:
        """True if the role is in force on ``on``."""
        return (self.start is None or self.start <= on) and (self.end is None or on <= self.end)


def role_on(roles: Iterable[Role], on: dt.date) -> Role | None:
    """The first of ``roles`` in force on ``on`` (TABARI's rule for overlapping date restrictions), or None."""
    return next((r for r in roles if r.covers(on)), None)


@dataclass(frozen=True, slots=True)
class Entry:
    """One dictionary actor.

    ``country``/``sector``/``title`` are the defaults used when no role
    applies; ``start``/``end`` bound the entry itself (an organisation that
    ceased to exist); ``kind`` is "person", "org" or "agent" (a common noun
    such as "police" that gives a sector to whichever country it goes with);
    ``stem`` marks a TABARI-style name whose last word also matches longer
    words ("ARGENTIN" matches "Argentina", "Argentine"); ``nocase`` that
    the names match text in any case ("ARNOR" matches "Arnor"); ``source``
    is the "file:line" the entry was read from.
    """

    name: str
    aliases: tuple[str, ...]
    code: str | None
    country: str | None
    sector: str | None
    title: str | None
    roles: tuple[Role, ...]
    start: dt.date | None
    end: dt.date | None
    kind: str
    source: str
    stem: bool = False
    nocase: bool = False

    def covers(self, on: dt.date) -> bool:
        """True if the entry itself exists on ``on``."""
        return (self.start is None or self.start <= on) and (self.end is None or on <= self.end)

    def implicit_role(self) -> Role:
        """The one role an entry without roles is given from its own fields."""
        return Role(self.country, self.sector, self.title, self.start, self.end)


def make_entry(
    name: str,
    *,
    aliases: tuple[str, ...] = (),
    code: str | None = None,
    country: str | None = None,
    sector: str | None = None,
    title: str | None = None,
    roles: tuple[Role, ...] = (),
    start: dt.date | None = None,
    end: dt.date | None = None,
    kind: str = "person",
    source: str = "",
    stem: bool = False,
    nocase: bool = False,
) -> Entry:
    """Build an Entry; one without roles gets its own country/sector/title as its one role.

    That implicit role carries the entry's dates, so :func:`active_role`
    treats "Kremlin: RUS GOV" and a person with dated roles alike.
    """
    if not roles and (country or sector or title):
        roles = (Role(country, sector, title, start, end),)
    return Entry(name=name, aliases=aliases, code=code, country=country, sector=sector,
                 title=title, roles=roles, start=start, end=end, kind=kind, source=source,
                 stem=stem, nocase=nocase)


def active_role(entry: Entry, on: dt.date | None) -> Role | None:
    """The role ``entry`` holds on ``on``; with no date, its latest role.

    Roles are tried in file order and the first that covers the date wins
    (TABARI's rule for overlapping date restrictions). A date outside the
    entry's own range, or covered by no role, gives None: the caller then
    falls back to the entry's defaults.

    Args:
        entry: a dictionary entry.
        on: the date the text speaks of (usually its publication date), or None.
    Returns:
        The Role in force, or None.
    """
    if not entry.roles:
        return None
    if on is None:
        # The latest role: open-ended beats ended, then the latest end, then the latest start.
        return max(
            entry.roles,
            key=lambda r: (r.end or dt.date.max, r.start or dt.date.min),
        )
    if not entry.covers(on):
        return None
    return role_on(entry.roles, on)
