"""A missing optional library is a clear error that names the extra to install."""

import sys

import pytest
from click.testing import CliRunner

from eventwire.cli import main
from eventwire.errors import MissingExtraError
from eventwire.extras import extra_of_library, missing_extra, require


def test_each_optional_library_maps_to_the_extra_that_lists_it():
    extras = extra_of_library()
    assert {extras[m] for m in ("fastapi", "uvicorn", "matplotlib")} == {"serve"}
    assert extras["pyspark"] == "spark"
    assert {extras[m] for m in ("trafilatura", "feedparser", "warcio")} == {"news"}
    assert "pytest" not in extras  # test tools are no library eventwire imports


def test_an_import_that_is_not_an_extra_is_left_alone():
    assert missing_extra(ModuleNotFoundError("No module named 'nosuch'", name="nosuch")) is None
    with pytest.raises(ModuleNotFoundError):
        require("eventwire_no_such_module", "testing")


def test_a_missing_extra_library_names_the_extra_and_the_pinned_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "warcio", None)
    with pytest.raises(MissingExtraError) as info:
        require("warcio", "reading WARC archives")
    message = str(info.value)
    assert message.startswith("reading WARC archives needs 'warcio', from the 'news' extra")
    assert "pip install 'eventwire[news]'" in message and "requirements-full.lock" in message


@pytest.mark.parametrize("library,args,extra", [
    ("uvicorn", ["serve"], "serve"),
    ("matplotlib", ["plot", "dyad", "RUS", "IRN", "-o", "x.png"], "serve"),
])
def test_the_cli_turns_a_missing_library_into_one_line_and_exit_2(tmp_path, monkeypatch, library, args, extra):
    from eventwire.store.duckdb import Store

    Store(tmp_path / "e.duckdb").close()
    for module in [m for m in sys.modules if m == library or m.startswith(library + ".")]:
        monkeypatch.delitem(sys.modules, module)
    monkeypatch.setitem(sys.modules, library, None)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, [*args, "--db", str(tmp_path / "e.duckdb")])
    assert result.exit_code == 2, result.output
    assert f"from the '{extra}' extra: pip install 'eventwire[{extra}]'" in result.stderr
    assert "Traceback" not in result.output
