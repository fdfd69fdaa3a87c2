"""Importing real-world TABARI/PETRARCH dictionaries: each defective line is reported and skipped."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from eventwire.cli import main
from eventwire.errors import DataFileError
from eventwire.interop import import_dictionary
from eventwire.interop.petrarch_dictionary import read_petrarch
from eventwire.knowledge.dictionary import load_dictionary

PHOENIX = Path("/work/shared/peer/phoenix")

# A made-up actors file with the defects of real ones, line by line.
DEFECTIVE = """\
# Middle-earth, with the defects of real dictionaries
GONDOR_ [GON]
+MINAS_TIRITH]_
ARNOR_ [ARN
+FORNOST_
\t[ARNGOV 950101-990101]
ROHAN_
\t[ROHGOV 2004017-20061201]
\t[ROH]
THEODEN_
THEODEN_KING_
\t[ROHGOV 950101-990101]
MORIA_

SHIRE_ [HOB]\tHobbits\t$1,000
BREE_ [BRE]
\t[BRL]
"""

EXPECTED_DEFECTS = [
    (3, "unbalanced brackets"),
    (4, "unbalanced brackets"),
    (5, "in a skipped entry"),
    (6, "in a skipped entry"),
    (8, "bad date"),
    (10, "no code of its own, joined to the next actor"),
    (13, "no code"),
    (15, "text after the code"),
    (17, "second undated code"),
]


@pytest.fixture
def defective(tmp_path) -> Path:
    path = tmp_path / "middle.actors.txt"
    path.write_text(DEFECTIVE, encoding="utf-8")
    return path


def _line_reasons(report) -> list[tuple[int, str]]:
    return sorted((int(d.source.rsplit(":", 1)[1]), d.reason) for d in report.defects)


def test_each_defective_line_is_reported_with_file_and_line(defective):
    report = read_petrarch(defective)
    assert _line_reasons(report) == EXPECTED_DEFECTS
    assert all(d.source.startswith(f"{defective}:") for d in report.defects)


def test_the_rest_of_the_file_is_imported(defective):
    report = read_petrarch(defective)
    by_name = {e.name: e for e in report.entries}
    assert sorted(by_name) == ["BREE", "GONDOR", "ROHAN", "SHIRE", "THEODEN"]
    assert by_name["GONDOR"].aliases == ()  # the broken synonym is skipped, the actor kept
    # the badly dated code alone is skipped
    assert by_name["ROHAN"].code == "ROH" and [r for r in by_name["ROHAN"].roles if r.start or r.end] == []
    assert by_name["THEODEN"].aliases == ("THEODEN KING",)
    assert [r.code for r in by_name["THEODEN"].roles] == ["ROHGOV"]
    assert by_name["BREE"].code == "BRE"


def test_counts_say_read_imported_and_skipped_by_reason(defective):
    report = read_petrarch(defective)
    assert (report.read, report.imported) == (7, 5)
    assert report.skipped_by_reason() == {
        "in a skipped entry": 2, "unbalanced brackets": 2, "bad date": 1, "no code": 1,
        "no code of its own, joined to the next actor": 1, "second undated code": 1, "text after the code": 1,
    }
    assert report.summary().startswith("7 entries read, 5 imported; 9 defective lines: in a skipped entry 2, ")


def test_strict_import_stops_at_the_first_defect(defective):
    with pytest.raises(DataFileError, match=rf"^{defective}:3: unbalanced \[ \]"):
        import_dictionary(defective, "petrarch", strict=True)


def test_cli_reports_each_defect_and_writes_the_rest(defective, tmp_path):
    out = tmp_path / "middle.yaml"
    result = CliRunner().invoke(main, ["dict", "import", str(defective), "-o", str(out)])
    assert result.exit_code == 0, result.output
    warned = [line for line in result.stderr.splitlines() if line.startswith("warning: ")]
    assert [int(w.split(":")[2]) for w in warned] == sorted(n for n, _ in EXPECTED_DEFECTS)
    assert "7 entries read, 5 imported; 9 defective lines" in result.stdout
    assert sorted(e.name for e in load_dictionary(out)) == ["BREE", "GONDOR", "ROHAN", "SHIRE", "THEODEN"]


def test_cli_strict_stops_and_writes_nothing(defective, tmp_path):
    out = tmp_path / "middle.yaml"
    result = CliRunner().invoke(main, ["dict", "import", "--strict", str(defective), "-o", str(out)])
    assert result.exit_code == 2
    assert f"{defective}:3: unbalanced" in result.stderr
    assert not out.exists()


@pytest.mark.slow
@pytest.mark.skipif(not PHOENIX.is_dir(), reason="the Phoenix dictionaries are not on this machine")
@pytest.mark.parametrize("name, least", [("Phoenix.Countries.actors.txt", 18000), ("Phoenix.International.actors.txt", 7500),
                                         ("Phoenix.MilNonState.actors.txt", 1000), ("Phoenix.agents.txt", 2200)])
def test_real_phoenix_files_import_past_their_defects(name, least):
    path = PHOENIX / name
    report = read_petrarch(path)
    assert report.imported >= least
    assert report.imported + sum(d.reason in ("no code", "unbalanced brackets", "not a phrase") and
                                 not d.message.startswith("'+") for d in report.defects) >= report.read - 5
    for defect in report.defects:
        line = int(defect.source.rsplit(":", 1)[1])
        assert defect.source == f"{path}:{line}"
    with pytest.raises(DataFileError) if report.defects else _nothing():
        read_petrarch(path, strict=True)


class _nothing:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False
