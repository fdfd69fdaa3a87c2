"""The OpenAPI description matches what `eventwire serve` answers: schemathesis against a real server on loopback.

The server is the command a user runs, over a store built by hand; schemathesis
fuzzes every operation with valid and invalid requests (a few hundred in all,
seeded) and runs all of its checks: no 500, every status and media type
declared, every body as described, invalid input refused, valid input taken.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

sys.path.insert(0, str(Path(__file__).parent))  # the serve tests share their store builders
from serve_stores import free_port, write_hand_store  # noqa: E402

SCHEMATHESIS = Path(sys.executable).parent / "schemathesis"

# A 414 (query string too long) is a refusal too; the path parameters name things the store holds, so
# the one-item endpoints are tested past their 404.
CONFIG = """
[checks.negative_data_rejection]
expected-statuses = [400, 401, 403, 404, 405, 406, 409, 414, 415, 422]

[parameters]
"path.event_id" = "{event_id}"
"path.article_id" = "seed"
"path.code" = "IRN"
"""


@pytest.fixture
def served(tmp_path):
    db = write_hand_store(tmp_path / "hand.duckdb")
    with duckdb.connect(str(db), read_only=True) as con:
        event_id = con.execute("SELECT id FROM events WHERE article_id = 'seed' ORDER BY id LIMIT 1").fetchone()[0]
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "eventwire", "serve", "--db", str(db), "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        yield f"http://127.0.0.1:{port}", CONFIG.format(event_id=event_id)
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("schemathesis", path=str(SCHEMATHESIS.parent)) is None,
                    reason="schemathesis is in requirements-full.lock")
def test_every_answer_of_a_real_server_is_the_one_its_openapi_description_declares(served, tmp_path):
    base, config = served
    (tmp_path / "schemathesis.toml").write_text(config, encoding="utf-8")
    run = subprocess.run(
        [str(SCHEMATHESIS), "--config-file", str(tmp_path / "schemathesis.toml"), "--no-color", "run",
         f"{base}/openapi.json", "--wait-for-schema", "30", "--phases", "fuzzing", "--max-examples", "30",
         "--checks", "all", "--seed", "15", "--generation-database", "none", "--request-timeout", "20",
         "--report-dir", str(tmp_path / "report")],
        cwd=tmp_path, capture_output=True, text=True, timeout=400,
    )
    assert run.returncode == 0, run.stdout[-6000:] + run.stderr[-2000:]
    assert "Tested: 11" in run.stdout, "every operation of the API was fuzzed"
    assert " passed" in run.stdout and "failures" not in run.stdout


def test_the_description_names_the_errors_the_dates_and_the_csv_each_endpoint_gives(tmp_path):
    from eventwire.serve.api import create_app

    spec = create_app(write_hand_store(tmp_path / "hand.duckdb")).openapi()
    operations = {f"{method.upper()} {path}": op for path, ops in spec["paths"].items() for method, op in ops.items()}
    error = spec["components"]["schemas"]["ErrorBody"]
    assert error["required"] == ["error"]
    for name, op in operations.items():
        assert {"400", "414", "422", "503"} <= set(op["responses"]), name
        assert op["responses"]["422"]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/ErrorBody"}
    for name in ("GET /events/{event_id}", "GET /articles/{article_id}", "GET /actors/{code}"):
        assert "404" in operations[name]["responses"], name
    assert {"401", "403", "413"} <= set(operations["POST /ingest"]["responses"])
    for name in ("GET /events", "GET /actors"):
        assert "text/csv" in operations[name]["responses"]["200"]["content"], name
    dates = {p["name"]: p["schema"] for p in operations["GET /events"]["parameters"] if p["name"] in ("from", "to")}
    assert dates == {"from": {"type": "string", "format": "date", "title": "From"},
                     "to": {"type": "string", "format": "date", "title": "To"}}


@pytest.mark.parametrize("query", ["to=", "from=%20", "from=2022-13-01", "to=20221001", "from=2022-W01-1"])
def test_a_date_parameter_given_is_a_yyyy_mm_dd_date(tmp_path, query):
    from fastapi.testclient import TestClient

    from eventwire.serve.api import create_app

    with TestClient(create_app(write_hand_store(tmp_path / "hand.duckdb"))) as client:
        response = client.get(f"/events?{query}")
    assert response.status_code == 422, response.text
    assert response.json()["problems"][0].startswith(query.split("=")[0] + ":")
