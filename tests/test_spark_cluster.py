"""The README's spark-submit recipe, run as written against a Spark standalone cluster on loopback.

One master and two workers, each in its own JVM, started with the ``spark-daemon.sh`` that PySpark ships; the
executors run the packed environment's own Python. The events must equal the local engine's on the same input.
"""

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.test_spark import ARTICLES, _records

pytestmark = pytest.mark.slow
pyspark = pytest.importorskip("pyspark")
ROOT = Path(__file__).resolve().parent.parent
MASTER_CLASS = "org.apache.spark.deploy.master.Master"
WORKER_CLASS = "org.apache.spark.deploy.worker.Worker"
# What a clone holds that `pip install .` reads.
CLONE_IGNORE = shutil.ignore_patterns(".git", ".venv*", "build", "dist", "*.egg-info", "__pycache__", "*.duckdb",
                                      "tests", "bench", "env", "*.tar.gz")


def readme_recipe() -> str:
    """The README's bash block that packs the environment and submits the job."""
    blocks = re.findall(r"^```bash\n(.*?)^```$", (ROOT / "README.md").read_text(encoding="utf-8"), re.M | re.S)
    recipe = [block for block in blocks if "venv-pack" in block and "spark-submit" in block]
    assert len(recipe) == 1, "the README has one spark-submit recipe"
    return recipe[0]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def spark_env(base: Path) -> dict[str, str]:
    from pyspark.find_spark_home import _find_spark_home

    home = _find_spark_home()
    env = dict(os.environ, SPARK_HOME=home, SPARK_LOCAL_IP="127.0.0.1", SPARK_LOG_DIR=str(base / "logs"),
               SPARK_PID_DIR=str(base / "pids"))
    # spark-submit and venv-pack come with the spark extra, beside this Python.
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), str(Path(home) / "bin"), env["PATH"]])
    return env


def daemon(env: dict[str, str], action: str, cls: str, instance: int, *args: str) -> None:
    script = Path(env["SPARK_HOME"]) / "sbin" / "spark-daemon.sh"
    subprocess.run(["bash", str(script), action, cls, str(instance), *args], env=env, check=True,
                   capture_output=True, text=True, timeout=120)


def wait_for_workers(log_dir: Path, count: int, timeout: float = 240) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        logs = "".join(p.read_text(errors="replace") for p in log_dir.glob(f"*{MASTER_CLASS}*.out"))
        if logs.count("Registering worker") >= count:
            return
        time.sleep(1)
    pytest.fail(f"{count} workers did not register with the master within {timeout:.0f} s; logs in {log_dir}")


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    """A standalone master and two one-core workers on loopback, each worker with its own work folder."""
    base = tmp_path_factory.mktemp("cluster")
    env = spark_env(base)
    port, ui = free_port(), free_port()
    daemon(env, "start", MASTER_CLASS, 1, "--host", "127.0.0.1", "--port", str(port), "--webui-port", str(ui))
    url = f"spark://127.0.0.1:{port}"
    workers = [base / f"worker{n}" for n in (1, 2)]
    try:
        for n, work in enumerate(workers, start=1):
            daemon(env, "start", WORKER_CLASS, n, "--host", "127.0.0.1", "--cores", "1", "--memory", "2g",
                   "--work-dir", str(work), "--webui-port", str(free_port()), url)
        wait_for_workers(base / "logs", len(workers))
        yield {"url": url, "env": env, "workers": workers}
    finally:
        for n in (1, 2):
            daemon(env, "stop", WORKER_CLASS, n)
        daemon(env, "stop", MASTER_CLASS, 1)


@pytest.fixture(scope="module")
def news(tmp_path_factory):
    folder = tmp_path_factory.mktemp("news")
    shutil.copy(ROOT / "examples" / "000_392aff288c130560.txt", folder)
    (folder / "wire.jsonl").write_text("".join(json.dumps(a) + "\n" for a in ARTICLES), encoding="utf-8")
    return folder


def test_readme_recipe_on_a_standalone_cluster_codes_what_the_local_engine_codes(cluster, news, tmp_path):
    clone = tmp_path / "eventwire"
    shutil.copytree(ROOT, clone, ignore=CLONE_IGNORE)
    coded, db = tmp_path / "coded", tmp_path / "cluster.duckdb"
    recipe = (readme_recipe()
              .replace("python3 -m venv", f'"{sys.executable}" -m venv')
              .replace("spark://HOST:7077", cluster["url"])
              .replace("/shared/news/", f"{news}/")
              .replace("/shared/coded/", f"{coded}/")
              .replace("news.duckdb", str(db)))
    run = subprocess.run(["bash", "-euo", "pipefail", "-c", recipe], cwd=clone, env=cluster["env"],
                         capture_output=True, text=True, timeout=1500)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-6000:]
    assert "4 articles" in run.stdout

    # Each worker ran an executor in its own JVM, with the packed environment's Python unpacked beside it.
    for work in cluster["workers"]:
        pythons = list(work.glob("app-*/*/env/bin/python"))
        assert pythons, f"no executor unpacked the environment under {work}"

    from click.testing import CliRunner

    from eventwire.cli import main

    local = CliRunner().invoke(main, ["code", str(news), "--db", str(tmp_path / "local.duckdb"), "--workers", "1"])
    assert local.exit_code == 0, local.output
    local_records, local_counts = _records(tmp_path / "local.duckdb")
    cluster_records, cluster_counts = _records(db)
    assert local_records, "the local engine coded events"
    assert cluster_counts == local_counts
    assert cluster_records == local_records
