"""Checking the field values of one dictionary file; every error names file and line."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from eventwire.errors import DataFileError
from eventwire.knowledge.codes import is_country_code, is_sector_code, non_iso_codes
from eventwire.knowledge.dictionary.model import KINDS
from eventwire.records import PLOVER_SECTORS, iso_date


def _country_hint() -> str:
    return (f"is neither an ISO 3166 alpha-3 code nor one of PLOVER's other country codes "
            f"({', '.join(sorted(non_iso_codes()))}); "
            "set 'allow_codes: any' at the top of the file to accept other codes")


def _sector_hint() -> str:
    return f"is not a PLOVER sector; valid: {', '.join(sorted(PLOVER_SECTORS))}"


@dataclass(frozen=True, slots=True)
class FieldChecker:
    """Validates field values of one dictionary file; errors name ``path:line``.

    ``any_codes`` (the file's ``allow_codes: any``) turns off the country and
    sector checks.
    """

    path: str
    any_codes: bool

    def fail(self, line: int | None, message: str) -> DataFileError:
        """The error to raise for a bad value on ``line`` (line 1 when unknown)."""
        return DataFileError(f"{self.path}:{line if line is not None else 1}: {message}")

    def text(self, value: Any, line: int | None, key: str) -> str | None:
        """Text of a field, stripped; None for an absent or blank one."""
        if value is None or value == "":
            return None
        if not isinstance(value, str):
            raise self.fail(line, f"{key!r} must be text, got {value!r}")
        return value.strip() or None

    def date(self, value: Any, line: int | None, key: str) -> dt.date | None:
        """A ``YYYY-MM-DD`` date field."""
        if isinstance(value, dt.datetime):
            raise self.fail(line, f"{key!r} must be a date YYYY-MM-DD, got a time {value!r}")
        try:
            return iso_date(value)
        except ValueError:
            raise self.fail(line, f"{key!r} must be a date YYYY-MM-DD, got {value!r}") from None

    def country(self, value: Any, line: int | None) -> str | None:
        """A country code: ISO 3166 alpha-3 or PLOVER non-state, unless the file allows any."""
        return self._code(value, line, "country", is_country_code, _country_hint)

    def sector(self, value: Any, line: int | None) -> str | None:
        """A PLOVER sector code, unless the file allows any."""
        return self._code(value, line, "sector", is_sector_code, _sector_hint)

    def _code(self, value: Any, line: int | None, key: str, valid: Callable[[str], bool],
              hint: Callable[[], str]) -> str | None:
        code = self.text(value, line, key)
        if code is None:
            return None
        code = code.upper()
        if not self.any_codes and not valid(code):
            raise self.fail(line, f"{key} {code!r} {hint()}")
        return code

    def code(self, value: Any, line: int | None) -> str | None:
        """A free code (CAMEO or the like), upper-cased."""
        code = self.text(value, line, "code")
        return code.upper() if code else None

    def kind(self, value: Any, line: int | None) -> str:
        """An entry kind: person (the default), org or agent."""
        kind = self.text(value, line, "kind") or "person"
        if kind not in KINDS:
            raise self.fail(line, f"kind {kind!r} is not one of {', '.join(KINDS)}")
        return kind

    def span(self, start: dt.date | None, end: dt.date | None, line: int | None) -> None:
        """Refuse a ``from`` after its ``to``."""
        if start and end and start > end:
            raise self.fail(line, f"'from' {start} is after 'to' {end}")
