"""The editor's desk in a real Chromium (Debian's package), driven by Playwright.

The acceptance flows of the desk (copy that does not move, two editors at once, flags, Host,
export after a correction), and a screenshot of every page at 1280 and 375 px wide under
test-artifacts/screenshots/ (not committed), with a check that nothing but a table's own box
scrolls sideways on a phone.
"""

from __future__ import annotations

import io
import socket
import threading
import time
import urllib.error
import urllib.request
import zipfile
from pathlib import Path

import pytest

from localwire.areas import gazetteer_of
from localwire.desk import accounts
from localwire.desk.generate import generate
from localwire.desk.review import Desk
from localwire.facts import FactBook
from localwire.importing import import_file
from localwire.importing.bundled_data import bundled_store
from localwire.model.periods import Period
from localwire.web import create_app
from localwire.write.pack import Pack
from tests.desk_stores import PASSWORD, desk_store
from tests.story_rules import with_response

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SHOTS = Path(__file__).resolve().parent.parent / "test-artifacts" / "screenshots"
DATASET = "nspcc-child-sex-offences"
MEASURE = "child_sex_offences"
PERIOD = Period.parse("2016/17")
HOME_OFFICE = "rec_crime_pfa_rolling_year_2003-2018__Crime_Project.csv"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _serve(store_path: Path):
    import uvicorn

    app = create_app(store_path)
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port,
                                           log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    return server, thread, f"http://127.0.0.1:{port}", app


@pytest.fixture
def server(tmp_path: Path):
    store_path = desk_store(tmp_path / "desk.duckdb")
    server, thread, base, app = _serve(store_path)
    yield base, app
    server.should_exit = True
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


def _context(browser, width: int = 1280, height: int = 900):
    context = browser.new_context(viewport={"width": width, "height": height},
                                  accept_downloads=True)
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    return context, tab, errors


@pytest.fixture
def page(browser, server):
    context, tab, errors = _context(browser)
    yield tab
    context.close()
    assert not errors, f"JavaScript errors: {errors}"


def sign_in(page, base: str, name: str = "sam") -> None:
    page.goto(f"{base}/datasets")
    page.get_by_label("Name").fill(name)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_selector("text=Signed in as")


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def open_herts(page, base: str) -> None:
    page.goto(f"{base}/datasets")
    page.get_by_role("link", name="Recorded sexual offences against children").click()
    page.get_by_role("link", name="Hertfordshire", exact=True).click()
    page.wait_for_selector(".story .lw-figure")


def open_story(page, base: str, outlet: str = "localwire") -> None:
    open_herts(page, base)
    page.get_by_role("link", name=f"Review {outlet}").click()
    page.wait_for_selector("button.approve")


def fill_reply(page) -> None:
    """Replace the writer's right-of-reply note, as the desk requires before approval."""
    page.get_by_text("Edit the text").click()
    box = page.get_by_label("Story (Markdown, headline first; no HTML)")
    box.fill(with_response(box.input_value()))
    with page.expect_navigation():
        page.get_by_role("button", name="Save edit and re-check").click()


def herts_text(app, outlet: str = "localwire") -> str:
    with app.state.desk.store() as store:
        return next(s.text for s in Desk(store).stories(area="hertfordshire")
                    if s.outlet == outlet)


def test_dataset_page_sorts(page, server):
    base, _app = server
    sign_in(page, base)
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


def test_hertfordshire_figure_shows_its_provenance(page, server):
    base, app = server
    sign_in(page, base)
    open_herts(page, base)
    with app.state.desk.store() as store:
        fact = FactBook(store, DATASET).value("hertfordshire", PERIOD, MEASURE)
    figure = page.locator(".story .lw-figure", has_text=f"{int(fact.value):,}").first
    figure.focus()
    tooltip = page.locator("#lw-tooltip")
    tooltip.wait_for(state="visible")
    text = tooltip.inner_text()
    assert fact.id in text and fact.inputs[0].location in text
    assert fact.inputs[0].source_file in text and "Formula" in text
    page.mouse.move(0, 0)
    figure.hover()
    tooltip.wait_for(state="visible")


def test_check_page_verifies_seed_article(page, server, seeds):
    base, _app = server
    sign_in(page, base)
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


def test_edit_approve_then_add_an_outlet_leaves_approved_copy_unchanged(page, server):
    base, app = server
    sign_in(page, base)
    open_story(page, base)
    page.get_by_text("Edit the text").click()
    box = page.get_by_label("Story (Markdown, headline first; no HTML)")
    box.fill(with_response(box.input_value().replace("NSPCC chief executive",
                                                     "The NSPCC's chief executive", 1)))
    page.get_by_role("button", name="Save edit and re-check").click()
    page.wait_for_selector("text=edited")
    page.get_by_role("button", name="Approve version").click()
    page.wait_for_selector(".state-approved")
    approved = herts_text(app)
    assert "The NSPCC's chief executive" in approved
    shot(page, "story-approved")
    open_herts(page, base)
    page.get_by_label("Another outlet").fill("Herts Advertiser")
    page.get_by_role("button", name="Write its version").click()
    page.wait_for_selector("text=Herts Advertiser")
    page.reload()
    story = page.locator(".story", has=page.locator(".outlet", has_text="localwire"))
    assert "The NSPCC's chief executive" in story.inner_text()
    assert story.locator(".state-approved").count() == 1
    assert herts_text(app) == approved


def test_two_sessions_editing_one_story_the_second_save_gets_409(browser, server):
    base, app = server
    first, one, _ = _context(browser)
    second, two, _ = _context(browser)
    try:
        sign_in(one, base, "sam")
        sign_in(two, base, "alex")
        for tab in (one, two):
            open_story(tab, base)
            tab.get_by_text("Edit the text").click()
        box = one.get_by_label("Story (Markdown, headline first; no HTML)")
        box.fill(box.input_value().replace("NSPCC chief executive", "NSPCC's chief executive",
                                           1))
        one.get_by_role("button", name="Save edit and re-check").click()
        one.wait_for_selector("text=edited")
        box = two.get_by_label("Story (Markdown, headline first; no HTML)")
        theirs = box.input_value().replace("NSPCC chief executive", "charity's chief executive",
                                           1)
        box.fill(theirs)
        with two.expect_response(lambda r: r.url.endswith("/edit")) as answer:
            two.get_by_role("button", name="Save edit and re-check").click()
        assert answer.value.status == 409
        alert = two.get_by_role("alert")
        assert "changed since you opened it" in alert.inner_text()
        assert "NSPCC's chief executive" in two.locator("section.stale pre.diff").inner_text()
        assert two.get_by_label("Story (Markdown, headline first; no HTML)").input_value() \
            .strip() == theirs.strip()
        shot(two, "story-409")
        assert "NSPCC's chief executive" in herts_text(app)
    finally:
        first.close()
        second.close()


def test_a_flagged_story_cannot_be_approved(page, server):
    base, app = server
    sign_in(page, base)
    open_story(page, base)
    page.get_by_label("Reason for flagging").fill("LEGAL: do not publish")
    page.get_by_role("button", name="Flag").click()
    page.wait_for_selector(".flag-notice")
    assert page.get_by_role("button", name="Approve version").is_disabled()
    # a forged approve (the button re-enabled) is refused by the desk all the same
    page.get_by_role("button", name="Approve version").evaluate("b => b.disabled = false")
    page.get_by_role("button", name="Approve version").click()
    alert = page.get_by_role("alert")
    assert "LEGAL: do not publish" in alert.inner_text()
    shot(page, "story-flagged")
    page.get_by_label("How was it resolved?").fill("Checked with the lawyer: fine")
    page.get_by_role("button", name="Resolve flag").click()
    fill_reply(page)
    page.get_by_role("button", name="Approve version").click()
    page.wait_for_selector(".state-approved")
    with app.state.desk.store() as store:
        story = next(s for s in Desk(store).stories(area="hertfordshire"))
        assert Desk(store).story(story.id).flags[0]["resolution"] == "Checked with the lawyer: fine"


def test_a_foreign_host_header_is_refused(page, server):
    base, _app = server
    request = urllib.request.Request(f"{base}/login", headers={"Host": "evil.example"})
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=10)
    assert refused.value.code == 400
    assert page.goto(base.replace("127.0.0.1", "localhost") + "/login").status == 200
    # A rebinding page's requests carry its own name as Host, reads and forms alike.
    for method, url in (("GET", "/datasets"), ("POST", "/export.zip")):
        forged = urllib.request.Request(base + url, method=method, data=b"x=1" if method ==
                                        "POST" else None, headers={
                                            "Host": "rebind.attacker.example:8000",
                                            "Origin": "http://rebind.attacker.example:8000"})
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(forged, timeout=10)
        assert refused.value.code == 400


def test_an_export_after_a_data_correction_holds_no_stale_approved_story(page, server, tmp_path):
    base, app = server
    sign_in(page, base)
    open_story(page, base)
    fill_reply(page)
    page.get_by_role("button", name="Approve version").click()
    page.wait_for_selector(".state-approved")
    with app.state.desk.store() as store:
        value = FactBook(store, DATASET).value("hertfordshire", PERIOD, MEASURE).value
        corrected = tmp_path / "correction.csv"
        corrected.write_text("area,period,measure,breakdown,value,status,note,source\n"
                             f"Hertfordshire,2016/17,{MEASURE},,{int(value) + 9},reported,,"
                             "corrected reply\n", encoding="utf-8")
        import_file(store, corrected, dataset=DATASET)
    page.goto(f"{base}/export")
    shot(page, "export")
    page.get_by_role("button", name="Download all outlets").click()
    alert = page.locator(".error-message")
    assert "sent back to review because the data changed" in alert.inner_text()
    open_story(page, base)
    assert page.locator(".state-needs_review").count() == 1
    assert "sent-back" in page.locator("table.history").inner_text()
    open_herts(page, base)
    page.get_by_role("button", name="Regenerate from the data").click()
    page.get_by_role("link", name="Review localwire").click()
    page.wait_for_selector("#revision")
    shot(page, "story-revision")
    page.get_by_role("button", name="Accept the new version").click()
    fill_reply(page)
    page.get_by_role("button", name="Approve version").click()
    page.wait_for_selector(".state-approved")
    page.goto(f"{base}/export")
    with page.expect_download() as download:
        page.get_by_role("button", name="Download all outlets").click()
    archive = zipfile.ZipFile(io.BytesIO(Path(download.value.path()).read_bytes()))
    story = archive.read(f"localwire/{DATASET}/hertfordshire-2016-17.md").decode()
    assert f"{int(value) + 9:,}" in story


def test_the_foi_board_sorts_and_records(page, server):
    from datetime import date, timedelta

    from localwire.foi import create_campaign, record_event

    base, app = server
    with app.state.desk.store() as store:
        campaign = create_campaign(
            store, "nspcc", "How many offences did {{ force.name }} record?", dataset=DATASET,
            measures=[MEASURE], periods=["2016/17"], requester="Sam Reporter")
        record_event(store, campaign, "Herts", "sent", on=date.today() - timedelta(days=2),
                     today=date.today())
        record_event(store, campaign, "Dorset", "sent", on=date.today() - timedelta(days=80),
                     today=date.today())
    sign_in(page, base)
    page.goto(f"{base}/foi")
    assert page.locator("table.foi-board tbody tr").first.get_attribute("class") == \
        "long-overdue"
    page.get_by_role("button", name="Force").click()
    assert page.locator("table.foi-board tbody th").first.inner_text() == "Avon and Somerset"
    row = page.locator("table.foi-board tbody tr", has_text="Dorset")
    row.get_by_label("What happened for Dorset").select_option("refused")
    row.get_by_label("Sections cited by Dorset").fill("s.12")
    row.get_by_role("button", name="Record").click()
    page.wait_for_selector("text=Recorded for Dorset")
    assert "refused" in page.locator("table.foi-board tbody tr", has_text="Dorset").inner_text()


@pytest.fixture(scope="module")
def home_office_server(tmp_path_factory, shared_data_dir):
    """A store with the bundled data and the Home Office table, every NSPCC story generated,
    one story flagged, one edited with a pending revision, and an FOI campaign."""
    from datetime import date, timedelta

    from localwire.foi import create_campaign, record_event

    store_path = tmp_path_factory.mktemp("ho") / "desk.duckdb"
    with bundled_store(store_path) as store:
        accounts.add_user(store, "sam", PASSWORD)
        import_file(store, shared_data_dir / "raw" / HOME_OFFICE,
                    dataset="police-recorded-crime", recipe="home-office-rolling-year")
        generate(store, Pack.load(DATASET))
        generate(store, Pack.load("police-recorded-crime"),
                 [gazetteer_of(store).resolve("Cleveland")])
        campaign = create_campaign(
            store, "nspcc-2018", "How many offences did {{ force.name }} record?",
            dataset=DATASET, measures=[MEASURE], periods=["2016/17"], requester="Sam Reporter")
        for days, force in ((3, "Herts"), (40, "Kent"), (90, "Dorset")):
            record_event(store, campaign, force, "sent", on=date.today() - timedelta(days=days),
                         today=date.today())
        desk = Desk(store)
        story = next(s for s in desk.stories(area="bedfordshire"))
        desk.flag(story.id, "Quote needs a second source", story.version, "sam")
    server, thread, base, app = _serve(store_path)
    yield base, app
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def shared_data_dir():
    import os

    root = Path(__file__).resolve().parent.parent
    data = Path(os.environ.get("LOCALWIRE_SHARED", root.parent / "shared")) / "data"
    if not data.is_dir():
        pytest.fail(f"reference data not found at {data}; set LOCALWIRE_SHARED")
    return data


PAGES = [
    ("login", "/login"),
    ("datasets", "/datasets"),
    ("dataset-nspcc", f"/datasets/{DATASET}"),
    ("dataset-home-office", "/datasets/police-recorded-crime"),
    ("area-hertfordshire", f"/datasets/{DATASET}/areas/hertfordshire"),
    ("area-home-office-cleveland", "/datasets/police-recorded-crime/areas/cleveland"),
    ("stories", "/stories"),
    ("story", "/stories/1"),
    ("story-flagged-bedfordshire", "/stories/BEDS"),
    ("check", "/check"),
    ("export", "/export"),
    ("foi", "/foi"),
    ("audit", "/audit"),
]


@pytest.mark.parametrize("width", [1280, 375])
def test_every_page_at_desktop_and_phone_width(browser, home_office_server, width):
    base, app = home_office_server
    with app.state.desk.store() as store:
        beds = next(s.id for s in Desk(store).stories(area="bedfordshire"))
    context, tab, errors = _context(browser, width, 800)
    try:
        sign_in(tab, base)
        for name, url in PAGES:
            if name == "login":
                other, anonymous, _ = _context(browser, width, 800)
                anonymous.goto(base + url)
                shot(anonymous, f"{name}-{width}")
                assert _page_overflow(anonymous) <= 1, name
                other.close()
                continue
            response = tab.goto(base + url.replace("BEDS", str(beds)))
            assert response.status == 200, (name, response.status)
            tab.wait_for_load_state("networkidle")
            for image in tab.locator("figure.chart img").all():
                assert image.evaluate("i => i.complete && i.naturalWidth > 0"), name
            shot(tab, f"{name}-{width}")
            assert _page_overflow(tab) <= 1, f"{name} scrolls sideways at {width} px"
        tab.goto(f"{base}/check")
        seed = home_office_server_seed()
        tab.get_by_label("Paste an article").fill(seed.read_text(encoding="utf-8"))
        tab.get_by_role("button", name="Check").click()
        tab.wait_for_selector("mark.claim")
        shot(tab, f"check-report-{width}")
        assert _page_overflow(tab) <= 1
    finally:
        context.close()
    assert not errors, f"JavaScript errors: {errors}"


def home_office_server_seed() -> Path:
    import os

    root = Path(__file__).resolve().parent.parent
    return Path(os.environ.get("LOCALWIRE_SHARED", root.parent / "shared")) / "seeds" / \
        "000_61e7ce2f243b7df9.txt"


def _page_overflow(tab) -> int:
    """How far the page itself scrolls sideways (tables scroll in their own box)."""
    return tab.evaluate("() => document.documentElement.scrollWidth - "
                        "document.documentElement.clientWidth")
