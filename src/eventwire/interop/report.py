"""What importing a foreign dictionary read, kept and skipped, line by line.

Real dictionaries have defects (an unbalanced bracket, a seven-digit date, an
entry with no code). An importer reads past each one: it records the line as a
:class:`Defect`, skips it and goes on, unless it was asked to be strict, in
which case the first defect is raised as a :class:`LineDefect` naming file and
line.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from eventwire.errors import DataFileError
from eventwire.knowledge.dictionary import Entry


@dataclass(frozen=True, slots=True)
class Defect:
    """One line an importer could not read: where (``file:line``), the kind of defect, and what it says."""

    source: str
    reason: str
    message: str

    def __str__(self) -> str:
        return f"{self.source}: {self.message}"


class LineDefect(DataFileError):
    """A line of a foreign dictionary that cannot be read; ``defect`` says where and why."""

    def __init__(self, path: Path | str, line: int, reason: str, message: str) -> None:
        super().__init__(f"{path}:{line}: {message}")
        self.defect = Defect(f"{path}:{line}", reason, message)


@dataclass(slots=True)
class ImportReport:
    """The entries an import made, how many the file held, and every line it skipped.

    ``read`` counts the entries (actor or agent phrases) the file holds,
    ``imported`` those that gave at least one dictionary entry; ``entries``
    may hold more than ``imported`` where a phrase expands to several
    (``!PERSON!`` sets).
    """

    path: Path
    strict: bool = False
    entries: list[Entry] = field(default_factory=list)
    read: int = 0
    imported: int = 0
    defects: list[Defect] = field(default_factory=list)

    def note(self, defect: LineDefect) -> None:
        """Record a defective line, or raise it when the import is strict."""
        if self.strict:
            raise defect
        self.defects.append(defect.defect)

    def skipped_by_reason(self) -> dict[str, int]:
        """Skipped lines by kind of defect, the most frequent first."""
        counts = Counter(d.reason for d in self.defects)
        return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))

    def summary(self) -> str:
        """One line of counts: entries read, imported, and lines skipped by reason."""
        text = f"{self.read} entries read, {self.imported} imported"
        if len(self.entries) != self.imported:
            text += f" ({len(self.entries)} dictionary entries)"
        by_reason = self.skipped_by_reason()
        if by_reason:
            text += f"; {len(self.defects)} defective lines: " + ", ".join(f"{r} {n}" for r, n in by_reason.items())
        return text
