"""The editor's desk in a real Chromium (Debian's package), driven by Playwright.

Each test saves a screenshot under test-artifacts/screenshots/ (not committed).
"""

from __future__ import annotations

import io
import socket
import threading
import time
import zipfile
from pathlib import Path

import pytest

from localwire.facts import FactBook
from localwire.importing.bundled_data import bundled_store
from localwire.model.periods import Period
from localwire.web import create_app

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SHOTS = Path(__file__).resolve().parent.parent / "test-artifacts" / "screenshots"
DATASET = "nspcc-child-sex-offences"
MEASURE = "child_sex_offences"
PERIOD = Period.parse("2016/17")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def server(tmp_path: Path):
    import uvicorn

    store_path = tmp_path / "desk.duckdb"
    bundled_store(store_path).close()
    app = create_app(store_path)
    port = _free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
    instance = uvicorn.Server(config)
    thread = threading.Thread(target=instance.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not instance.started:
        if time.monotonic() > deadline:
            pytest.fail("the web server did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}", app
    instance.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} missing: apt-get install chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, server):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    yield tab
    context.close()
    assert not errors, f"JavaScript errors: {errors}"


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def herts_value(app) -> str:
    fact = FactBook(app.state.desk.store, DATASET).value("hertfordshire", PERIOD, MEASURE)
    return f"{int(fact.value):,}"


def open_herts(page, base: str) -> None:
    page.goto(f"{base}/datasets")
    page.get_by_role("link", name="Recorded sexual offences against children").click()
    page.get_by_role("link", name="Hertfordshire", exact=True).click()
    page.wait_for_selector(".story .lw-figure")


def test_dataset_page_sorts(page, server):
    base, _app = server
    page.goto(f"{base}/datasets")
    shot(page, "datasets")
    page.get_by_role("link", name="Recorded sexual offences against children").click()
    page.wait_for_selector("table#figures")
    page.get_by_role("button", name="Area").click()
    first = page.locator("table#figures tbody tr th").first.inner_text()
    page.get_by_role("button", name="Area").click()
    last_first = page.locator("table#figures tbody tr th").first.inner_text()
    assert first < last_first
    page.get_by_role("button", name="Figure").click()
    page.get_by_role("button", name="Figure").click()   # descending: largest first
    assert page.locator("table#figures tbody tr td.num").first.inner_text().replace(",", "") \
        .isdigit()
    chart = page.locator("img[src*='bar.svg']")
    chart.evaluate("img => img.complete || new Promise(done => img.addEventListener('load', done))")
    assert chart.evaluate("img => img.naturalWidth") > 0
    shot(page, "dataset")


def test_hertfordshire_figure_shows_its_provenance(page, server):
    base, app = server
    open_herts(page, base)
    value = herts_value(app)
    figure = page.locator(".story .lw-figure", has_text=value).first
    figure.focus()
    tooltip = page.locator("#lw-tooltip")
    tooltip.wait_for(state="visible")
    fact = FactBook(app.state.desk.store, DATASET).value("hertfordshire", PERIOD, MEASURE)
    text = tooltip.inner_text()
    assert fact.id in text and fact.inputs[0].location in text
    assert fact.inputs[0].source_file in text and "Formula" in text
    assert page.locator("img[src*='trend.svg']").evaluate("img => img.naturalWidth") > 0
    shot(page, "area-hertfordshire")
    page.mouse.move(0, 0)
    figure.hover()
    tooltip.wait_for(state="visible")


def test_check_page_verifies_seed_article(page, server, seeds):
    base, _app = server
    text = (seeds / "000_61e7ce2f243b7df9.txt").read_text(encoding="utf-8")
    page.goto(f"{base}/check")
    page.get_by_label("Paste an article").fill(text)
    page.get_by_role("button", name="Check").click()
    page.wait_for_selector("mark.claim")
    supported = page.locator("mark.claim.verdict-supported")
    assert supported.count() > 0
    assert page.locator("table.claims tbody tr").count() == page.locator("mark.claim").count()
    supported.first.focus()
    assert "supported" in page.locator("#lw-tooltip").inner_text()
    shot(page, "check")


def test_approve_a_story(page, server):
    base, _app = server
    open_herts(page, base)
    page.get_by_role("link", name="Review").last.click()
    page.get_by_role("button", name="Approve").click()
    page.wait_for_selector(".state-approved")
    assert "approved" in page.locator("table.list").inner_text()
    shot(page, "story-approved")


def test_edit_to_a_wrong_figure_is_refused(page, server):
    base, app = server
    open_herts(page, base)
    page.get_by_role("link", name="Review").last.click()
    page.get_by_text("Edit the text").click()
    box = page.get_by_label("Story (Markdown, headline first)")
    value = herts_value(app)
    box.fill(box.input_value().replace(f" {value} ", " 871 ", 1))
    page.get_by_role("button", name="Save edit and re-check").click()
    page.wait_for_selector("ul.problems")
    page.get_by_role("button", name="Approve").click()
    alert = page.get_by_role("alert")
    alert.wait_for()
    assert "Approval refused" in alert.inner_text() and "871" in alert.inner_text()
    assert page.locator(".state-needs_review").count() == 1
    shot(page, "story-refused")


def test_export_zip(page, server):
    base, _app = server
    open_herts(page, base)
    page.get_by_label("Another outlet").fill("Herts Advertiser")
    page.get_by_role("button", name="Write its version").click()
    page.wait_for_selector("text=Herts Advertiser")
    for index in range(page.locator(".story").count()):
        open_herts(page, base)
        page.locator(".story").nth(index).get_by_role("link", name="Review").click()
        page.get_by_role("button", name="Approve").click()
        page.wait_for_selector(".state-approved")
    page.goto(f"{base}/export")
    shot(page, "export")
    with page.expect_download() as download:
        page.get_by_role("link", name="All outlets").click()
    names = zipfile.ZipFile(io.BytesIO(Path(download.value.path()).read_bytes())).namelist()
    for outlet in ("localwire", "herts-advertiser"):
        for fmt in ("md", "html", "txt", "json"):
            assert f"{outlet}/hertfordshire-2016-17.{fmt}" in names
        assert f"{outlet}/charts/hertfordshire-2016-17-trend.svg" in names
        assert f"{outlet}/charts/hertfordshire-2016-17-bar.svg" in names
