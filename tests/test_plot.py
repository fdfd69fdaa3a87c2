"""`eventwire plot dyad`: the dashboard's timeline drawn to an image file."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

pytest.importorskip("matplotlib")

from eventwire.cli import main  # noqa: E402

sys.path.insert(0, str(Path(__file__).parent))  # the serve tests share their store builders
from serve_stores import pipeline_store, write_hand_store  # noqa: E402

PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def hand_db(tmp_path_factory) -> Path:
    return write_hand_store(tmp_path_factory.mktemp("plot") / "hand.duckdb")


def test_plot_dyad_writes_a_png_and_says_what_it_drew(hand_db, tmp_path):
    out = tmp_path / "rus-irn.png"
    result = CliRunner().invoke(main, ["plot", "dyad", "RUS", "irn", "--db", str(hand_db), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_bytes()[:8] == PNG and out.stat().st_size > 10_000
    assert "3 events (2 undated)" in result.output


def test_plot_formats_follow_the_suffix(hand_db, tmp_path):
    out = tmp_path / "rus.svg"
    result = CliRunner().invoke(main, ["plot", "dyad", "RUS", "--db", str(hand_db), "-o", str(out), "--interval", "week"])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").lstrip().startswith("<?xml") and "events" in result.output


def test_a_pair_with_no_events_is_a_message_not_an_empty_chart(hand_db, tmp_path):
    out = tmp_path / "nobody.png"
    result = CliRunner().invoke(main, ["plot", "dyad", "fra", "BRA", "--db", str(hand_db), "-o", str(out)])
    assert result.exit_code == 1
    assert f"no events of FRA and BRA in {hand_db}" in result.stderr and "nothing was drawn" in result.stderr
    assert not out.exists()


def test_an_unknown_image_suffix_is_refused_listing_the_formats(hand_db, tmp_path):
    out = tmp_path / "x.foo"
    result = CliRunner().invoke(main, ["plot", "dyad", "RUS", "--db", str(hand_db), "-o", str(out)])
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "cannot draw a .foo file" in result.stderr
    assert all(f".{fmt}" in result.stderr for fmt in ("png", "svg", "pdf"))
    assert not out.exists()


def test_plot_without_a_store_is_a_clean_error(tmp_path):
    result = CliRunner().invoke(main, ["plot", "dyad", "RUS", "IRN", "--db", str(tmp_path / "none.duckdb"), "-o", str(tmp_path / "x.png")])
    assert result.exit_code == 2 and "No store" in result.output
    assert not (tmp_path / "x.png").exists()


@pytest.mark.slow
def test_plot_dyad_of_the_coded_corpus(tmp_path):
    out = tmp_path / "irn.png"
    result = CliRunner().invoke(main, ["plot", "dyad", "IRN", "--db", str(pipeline_store()), "-o", str(out), "--include-negated"])
    assert result.exit_code == 0, result.output
    assert out.read_bytes()[:8] == PNG
