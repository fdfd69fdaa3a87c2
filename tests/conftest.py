"""Shared fixtures. Only tests marked ``slow`` load the spaCy model, once per session."""

from __future__ import annotations

import contextlib
import datetime as dt
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from eventwire.records import Article, Coding
from eventwire.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).parent / "data"
# The seed article and PETRARCH2's unit-test suite travel with the tests (the suite is MIT, see its LICENSE).
SEED_DIR = Path(__file__).parent / "golden" / "seed"
PEER_DIR = DATA / "peer" / "petrarch2"

# Generating examples slows with the machine's load, which says nothing of the code under test.
settings.register_profile("eventwire", suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("eventwire")


@contextlib.contextmanager
def tmpfs(mount_point: Path, size: str) -> Iterator[Path]:
    """A real small file system (tmpfs of ``size``, e.g. "3m") mounted at a new folder, unmounted afterwards;
    the test is skipped where mounting is not allowed."""
    mount_point.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(mount_point)],
                             capture_output=True, text=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.strip()}")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], check=False)


@pytest.fixture(scope="session")
def settings() -> Settings:
    return Settings.load()


@pytest.fixture(scope="session")
def nlp(settings):
    from eventwire.stages.parse import load_model

    return load_model(settings.model)


@pytest.fixture(scope="session")
def run_stages(settings):
    """Run the named stages over one text: ``run_stages(text, "parse", "actors", published=...)``.

    Stages are built once per session and reused.
    """
    from eventwire.pipeline import build_stage

    built: dict[str, object] = {}

    def run(text: str, *names: str, published: dt.date | str | None = None, article_id: str = "t") -> Coding:
        if isinstance(published, str):
            published = dt.date.fromisoformat(published)
        coding = Coding(article=Article(id=article_id, text=text, published=published))
        batch = [coding]
        for name in names:
            if name not in built:
                built[name] = build_stage(name, settings)
            batch = built[name].pipe(batch)
        return batch[0]

    return run


def pytest_addoption(parser):
    parser.addoption("--regen-golden", action="store_true", default=False,
                     help="Rewrite the golden snapshots from what the code produces now.")
