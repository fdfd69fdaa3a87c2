"""Actor dictionaries as CSV: a row with a name is an actor, the rows after it with an empty name its roles."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

from eventwire.errors import DataFileError
from eventwire.knowledge.dictionary.checks import FieldChecker
from eventwire.knowledge.dictionary.model import Entry, Role, make_entry

CSV_COLUMNS = ("name", "aliases", "code", "country", "sector", "title", "from", "to", "kind")


@dataclass(slots=True)
class _Pending:
    """An actor row whose role rows are still being read."""

    name: str
    fields: dict
    roles: list[Role] = field(default_factory=list)

    def entry(self) -> Entry:
        return make_entry(self.name, roles=tuple(self.roles), **self.fields)


def load_csv(path: Path) -> list[Entry]:
    """Read and check a CSV actor dictionary."""
    ck = FieldChecker(str(path), any_codes=False)
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            rows = list(csv.reader(fh))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise DataFileError(f"{path}: cannot read CSV: {exc}") from exc
    if not rows:
        return []
    header = [h.strip() for h in rows[0]]
    unknown = [h for h in header if h not in CSV_COLUMNS]
    if unknown:
        raise ck.fail(1, f"unknown column {unknown[0]!r}; valid: {', '.join(CSV_COLUMNS)}")
    if "name" not in header:
        raise ck.fail(1, "the header has no 'name' column")
    entries: list[Entry] = []
    pending: _Pending | None = None
    for lineno, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) > len(header):
            raise ck.fail(lineno, f"{len(row)} cells but the header has {len(header)} columns")
        cells = dict(zip(header, (c.strip() for c in row)))
        if cells.get("name"):
            if pending:
                entries.append(pending.entry())
            pending = _actor_row(cells, lineno, ck)
        elif pending is None:
            raise ck.fail(lineno, "a role row (empty name) must follow an actor row")
        else:
            pending.roles.append(_role_row(cells, lineno, ck, pending.fields["country"]))
    if pending:
        entries.append(pending.entry())
    return entries


def _actor_row(cells: dict[str, str], lineno: int, ck: FieldChecker) -> _Pending:
    start, end = _dates(cells, lineno, ck)
    return _Pending(cells["name"], {
        "aliases": tuple(a.strip() for a in cells.get("aliases", "").split("|") if a.strip()),
        "code": ck.code(cells.get("code"), lineno),
        "country": ck.country(cells.get("country"), lineno),
        "sector": ck.sector(cells.get("sector"), lineno),
        "title": ck.text(cells.get("title"), lineno, "title"),
        "start": start,
        "end": end,
        "kind": ck.kind(cells.get("kind"), lineno),
        "source": f"{ck.path}:{lineno}",
    })


def _role_row(cells: dict[str, str], lineno: int, ck: FieldChecker, country: str | None) -> Role:
    start, end = _dates(cells, lineno, ck)
    if cells.get("aliases") or cells.get("kind"):
        raise ck.fail(lineno, "a role row (empty name) takes no aliases or kind")
    return Role(
        country=ck.country(cells.get("country"), lineno) or country,
        sector=ck.sector(cells.get("sector"), lineno),
        title=ck.text(cells.get("title"), lineno, "title"),
        start=start,
        end=end,
        code=ck.code(cells.get("code"), lineno),
    )


def _dates(cells: dict[str, str], lineno: int, ck: FieldChecker) -> tuple:
    start = ck.date(cells.get("from"), lineno, "from")
    end = ck.date(cells.get("to"), lineno, "to")
    ck.span(start, end, lineno)
    return start, end
