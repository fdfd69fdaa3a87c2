"""The dashboard in a real browser: Playwright driving Debian's Chromium against `eventwire serve`'s app.

Each test saves a screenshot of what it looked at under its tmp_path.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

pytest.importorskip("playwright")
pytest.importorskip("uvicorn")

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-quic",
        "--no-first-run", "--disable-component-update", "--disable-sync"]

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's Chromium at /usr/bin/chromium (apt-get install -y chromium)"),
]

sys.path.insert(0, str(Path(__file__).parent))  # the serve tests share their store builders
from serve_stores import SEED_ID, live_server, pipeline_store  # noqa: E402


@pytest.fixture(scope="module")
def base_url():
    with live_server(pipeline_store()) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, base_url):
    context = browser.new_context(viewport={"width": 1300, "height": 1100})
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    outside: list[str] = []
    pg.on("request", lambda req: None if req.url.startswith(base_url) else outside.append(req.url))
    pg.goto(base_url + "/")
    pg.wait_for_selector("#actor-a option[value=IRN]", state="attached")
    yield pg
    context.close()
    assert not errors, f"script errors on the page: {errors}"
    assert not outside, f"the dashboard asked the network for {outside}"


def _pick(page, code: str) -> None:
    page.select_option("#actor-a", code)
    page.wait_for_function("(text) => document.querySelector('#events-count').textContent.includes(text)",
                           arg=f"involving {code}")
    page.wait_for_selector("#events-table tbody tr[data-id]")


def _table_ids(page) -> set[str]:
    """Every event id the table shows, paging forward with Next until it is disabled."""
    rows = page.locator("#events-table tbody tr[data-id]")
    ids: set[str] = set()
    while True:
        first = rows.first.get_attribute("data-id")
        ids.update(rows.nth(i).get_attribute("data-id") for i in range(rows.count()))
        if not page.locator("#next").is_enabled():
            return ids
        page.click("#next")
        page.wait_for_function("(first) => document.querySelector('#events-table tbody tr[data-id]')"
                               " && document.querySelector('#events-table tbody tr[data-id]').dataset.id !== first",
                               arg=first)


def test_picking_iran_shows_the_seed_events_chart_network_and_map(page, base_url, tmp_path):
    _pick(page, "IRN")
    seed_ids = {e["id"] for e in page.request.get(f"{base_url}/events?party=IRN&article={SEED_ID}").json()["events"]}
    ids = _table_ids(page)
    assert seed_ids and seed_ids <= ids, "the seed's Iran events are not all in the table"
    page.wait_for_function("Chart.getChart('timeline') && Chart.getChart('timeline').data.labels.length > 0")
    datasets = page.evaluate("Chart.getChart('timeline').data.datasets.map(d => d.label)")
    assert "mean Goldstein" in datasets and "material conflict" in datasets
    assert page.locator("#network line").count() > 0
    assert page.locator("#network g.node[data-code=IRN] circle.focus").count() == 1
    assert page.locator("#map path.land").count() > 100
    assert page.locator("#map circle.point[data-country=IRN]").count() >= 1
    page.screenshot(path=str(tmp_path / "dashboard.png"), full_page=True)
    for panel in ("timeline-panel", "network-panel", "map-panel", "table-panel"):
        page.locator(f"#{panel}").screenshot(path=str(tmp_path / f"{panel}.png"))


def test_opening_an_event_highlights_its_evidence(page, base_url, tmp_path):
    _pick(page, "IRN")
    events = page.request.get(f"{base_url}/events?party=IRN&article={SEED_ID}").json()["events"]
    chosen = next(e for e in events if e.get("actor") and e["spans"].get("actor"))
    page.click(f"#events-table tbody tr[data-id='{chosen['id']}']")
    view = page.locator(f"#evidence .sentence-view[data-event='{chosen['id']}']")
    view.wait_for()
    assert view.inner_text() == chosen["text"]
    triggers = "".join(view.locator("mark.trigger").all_inner_texts())
    assert chosen["event_text"] in triggers or triggers in chosen["event_text"]
    assert view.locator("mark.actor").count() >= 1
    assert chosen["attribution"]["status"] in page.locator("#evidence dl.who").inner_text()
    page.locator("#evidence").screenshot(path=str(tmp_path / "evidence.png"))
    page.click("#open-article")
    article = page.locator("#article-view")
    article.wait_for()
    assert article.locator("mark.trigger").count() >= 1 and article.locator("mark.mention").count() >= 1
    page.locator("#evidence").screenshot(path=str(tmp_path / "article.png"))


def test_table_filters_narrow_the_events(page, tmp_path):
    _pick(page, "IRN")
    before = _leading_number(page.locator("#events-count").inner_text())
    page.select_option("#filters select[name=status]", "claimed")
    page.click("#filters button[type=submit]")
    page.wait_for_function("[...document.querySelectorAll('#events-table tbody tr[data-id] td:nth-child(6)')]"
                           ".every(td => td.textContent === 'claimed')")
    page.wait_for_function("(before) => !document.querySelector('#events-count').textContent.startsWith(before + ' ')",
                           arg=before)
    after = _leading_number(page.locator("#events-count").inner_text())  # the total, not the 25 rows of one page
    assert 0 < after < before
    assert page.locator("#events-table tbody tr[data-id]").count() == min(after, 25)
    page.screenshot(path=str(tmp_path / "filtered.png"), full_page=True)


def _leading_number(text: str) -> int:
    return int(re.match(r"\D*?(\d+)", text).group(1))


def test_one_actor_shows_one_count_in_the_picker_the_timeline_and_the_table(page, base_url):
    _pick(page, "IRN")
    page.wait_for_function("document.querySelector('#dyad-summary').textContent.includes('event')")
    label = page.locator("#actor-a option[value=IRN]").inner_text()
    counts = {"picker": int(re.search(r"\((\d+)\)$", label).group(1)),
              "timeline": _leading_number(page.locator("#dyad-summary").inner_text()),
              "table": _leading_number(page.locator("#events-count").inner_text())}
    listed = page.request.get(f"{base_url}/events?party=IRN&limit=1").json()["total"]
    assert counts == {"picker": listed, "timeline": listed, "table": listed}, counts


def test_the_timeline_takes_the_filters_and_a_filter_error_leaves_no_unfiltered_chart(page, tmp_path):
    _pick(page, "IRN")
    page.wait_for_function("Chart.getChart('timeline') !== undefined")
    page.fill("#filters input[name=q]", "x")  # one letter: the API asks for two
    page.click("#filters button[type=submit]")
    page.wait_for_selector("#events-table tbody p.error")
    page.wait_for_selector("#dyad-summary p.error")
    assert "q:" in page.locator("#dyad-summary").inner_text()
    assert page.evaluate("Chart.getChart('timeline') === undefined"), "the unfiltered chart is still drawn"
    page.screenshot(path=str(tmp_path / "filter-error.png"), full_page=True)
    page.fill("#filters input[name=q]", "")
    chosen = page.locator("#filters select[name=type] option").nth(1).get_attribute("value")
    page.select_option("#filters select[name=type]", chosen)
    page.click("#filters button[type=submit]")
    page.wait_for_function("(t) => document.querySelector('#dyad-summary').textContent.endsWith(': ' + t + ' ' +"
                           " parseInt(document.querySelector('#events-count').textContent))", arg=chosen)
    assert page.evaluate("Chart.getChart('timeline') !== undefined")
    shown = page.locator("#events-table tbody tr[data-id] td:nth-child(2)").all_inner_texts()
    assert shown and set(shown) == {chosen}


def test_api_docs_render_with_no_network(browser, base_url, tmp_path):
    context = browser.new_context(viewport={"width": 1300, "height": 1100})
    outside: list[str] = []

    def local_only(route) -> None:
        if route.request.url.startswith(base_url):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    context.route("**/*", local_only)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(base_url + "/docs")
    page.wait_for_selector(".opblock-summary-path", timeout=30_000)
    paths = {el.get_attribute("data-path") for el in page.query_selector_all(".opblock-summary-path")}
    assert {"/events", "/dyads", "/actors/{code}"} <= paths
    page.screenshot(path=str(tmp_path / "docs.png"))
    page.goto(base_url + "/redoc")
    page.wait_for_selector("text=A pair's counts by type and QuadClass", timeout=30_000)
    page.screenshot(path=str(tmp_path / "redoc.png"))
    context.close()
    assert not errors, f"script errors on the docs pages: {errors}"
    assert not outside, f"the docs pages asked the network for {outside}"
