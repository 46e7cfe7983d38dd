"""The editor's desk through FastAPI's TestClient: pages, safety, review, export."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from localwire.desk.review import Desk
from localwire.facts import FactBook
from localwire.importing.bundled_data import bundled_store
from localwire.model.periods import Period
from localwire.web import create_app
from localwire.web.app import MAX_CHECK_CHARS
from localwire.web.security import MAX_BODY_BYTES
from localwire.write.formats import FORMATS

DATASET = "nspcc-child-sex-offences"
MEASURE = "child_sex_offences"
PERIOD = Period.parse("2016/17")
HERTS = f"/datasets/{DATASET}/areas/hertfordshire"
ORIGIN = {"origin": "http://testserver"}
EVIL = "<script>alert('x')</script>"


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    path = tmp_path / "desk.duckdb"
    bundled_store(path).close()
    return path


@pytest.fixture
def app(store_path: Path):
    return create_app(store_path)


@pytest.fixture
def client(app) -> TestClient:
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client


def token(client: TestClient, url: str = "/check") -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', client.get(url).text)
    assert found, f"no CSRF token on {url}"
    return found.group(1)


def post(client: TestClient, url: str, data: dict, **kwargs):
    return client.post(url, data={"csrf_token": token(client), **data}, headers=ORIGIN,
                       follow_redirects=False, **kwargs)


def story_ids(client: TestClient, url: str = HERTS) -> list[int]:
    return [int(i) for i in re.findall(r'id="story-(\d+)"', client.get(url).text)]


def store_of(app):
    return app.state.desk.store


@pytest.mark.parametrize("url", [
    "/datasets", f"/datasets/{DATASET}", f"/datasets/{DATASET}?period=2015/16", HERTS,
    "/stories", "/check", "/export", "/audit",
    f"/datasets/{DATASET}/bar.svg?period=2016/17", f"{HERTS}/trend.svg",
])
def test_pages_render(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response.headers["content-security-policy"].startswith("default-src 'self'")


def test_dataset_page_shows_every_force_with_honest_statuses(client, app):
    book = FactBook(store_of(app), DATASET)
    page = client.get(f"/datasets/{DATASET}").text
    herts = book.value("hertfordshire", PERIOD, MEASURE)
    assert f"{int(herts.value):,}" in page
    assert book.coverage(PERIOD, MEASURE).text in page
    national = book.national(PERIOD, MEASURE)
    assert f"{int(national.value):,}" in page
    missing = book.coverage(PERIOD, MEASURE).missing
    assert page.count("not in the dataset") >= len(missing)
    assert 'class="sortable"' in page and "bar.svg?period=2016/17" in page


@pytest.mark.parametrize("status,value,shown", [
    ("suppressed", "<5", "suppressed (0 to 4)"),
    ("refused", "", "request refused"),
    ("not_held", "", "information not held"),
    ("no_reply", "", "no reply"),
])
def test_dataset_page_statuses(client, app, tmp_path, status, value, shown):
    from localwire.importing import import_file

    csv = tmp_path / "more.csv"
    csv.write_text("area,period,measure,breakdown,value,status,note,source\n"
                   f"Durham,2016/17,{MEASURE},,{value},{status},,FOI reply\n", encoding="utf-8")
    with app.state.desk.lock:
        import_file(store_of(app), csv, dataset=DATASET)
    page = client.get(f"/datasets/{DATASET}?period=2016/17").text
    row = re.search(r'<tr class="status-' + status + r'">(.*?)</tr>', page, re.S)
    assert row and "Durham" in row.group(1) and shown in row.group(1)


def test_area_page_highlights_figures_with_provenance(client, app):
    page = client.get(HERTS).text
    book = FactBook(store_of(app), DATASET)
    value = book.value("hertfordshire", PERIOD, MEASURE)
    figure = re.search(r'<span class="lw-figure"[^>]*data-fact="hertfordshire/2016/17/'
                       r'child_sex_offences/total/value"[^>]*>([^<]+)</span>', page)
    assert figure and figure.group(1) == f"{int(value.value):,}"
    span = figure.group(0)
    ref = value.inputs[0]
    assert f'data-source="{ref.source_file}"' in span
    assert f'data-location="{ref.location}"' in span
    assert 'tabindex="0"' in span and "trend.svg" in page


def test_script_in_names_and_notes_renders_as_text(client, app):
    store = store_of(app)
    with app.state.desk.lock, store.transaction() as db:
        db.execute("INSERT INTO areas (slug, name, official_name, kind, nation, region, foi_law) "
                   "VALUES ('evil', ?, ?, 'force', 'England', 'East', 'FOIA')", [EVIL, EVIL])
        db.execute("INSERT INTO observations (dataset, area, period, measure, value, status, note)"
                   " VALUES (?, 'evil', '2016/17', ?, 12, 'reported', ?)", [DATASET, MEASURE, EVIL])
        db.execute("UPDATE observations SET note = ? WHERE area = 'hertfordshire' AND "
                   "measure = ? AND breakdown = ''", [EVIL, MEASURE])
    for url in (f"/datasets/{DATASET}", f"/datasets/{DATASET}/areas/evil", "/stories"):
        page = client.get(url).text
        assert EVIL not in page, url
        assert "&lt;script&gt;alert(" in page, url


@pytest.mark.parametrize("headers,with_token,status", [
    (ORIGIN, True, 303),
    ({}, True, 403),                                           # no Origin, no Referer
    ({"origin": "http://evil.example"}, True, 403),
    ({"referer": "http://testserver/stories"}, True, 303),
    ({"referer": "http://evil.example/x"}, True, 403),
    (ORIGIN, False, 403),                                      # no token
])
def test_forms_are_csrf_protected(client, headers, with_token, status):
    story = story_ids(client)[0]
    data = {"reason": "check the quote", "csrf_token": token(client) if with_token else "x"}
    response = client.post(f"/stories/{story}/flag", data=data, headers=headers,
                           follow_redirects=False)
    assert response.status_code == status


def test_token_of_another_session_is_refused(client, app):
    story = story_ids(client)[0]
    with TestClient(app) as other:
        foreign = token(other)
    response = client.post(f"/stories/{story}/flag", data={"reason": "x", "csrf_token": foreign},
                           headers=ORIGIN, follow_redirects=False)
    assert response.status_code == 403


def test_approve_flag_and_audit(client, app):
    story = story_ids(client)[0]
    assert post(client, f"/stories/{story}/flag", {"reason": ""}).status_code in (400, 422)
    assert post(client, f"/stories/{story}/flag", {"reason": "quote needs checking"}
                ).status_code == 303
    assert "quote needs checking" in client.get(f"/stories/{story}").text
    assert post(client, f"/stories/{story}/approve", {"actor": "Sam"}).status_code == 303
    desk = Desk(store_of(app))
    assert desk.story(story).review_state == "approved"
    actions = [(e["action"], e["actor"]) for e in desk.audit(story)]
    assert actions[:3] == [("approved", "Sam"), ("flagged", "editor"), ("generated", "localwire")]
    assert "approved" in client.get("/audit").text


def test_edit_to_a_wrong_figure_is_refused(client, app):
    story = story_ids(client)[0]
    desk = Desk(store_of(app))
    text = desk.story(story).text
    figure = f"{int(FactBook(store_of(app), DATASET).value('hertfordshire', PERIOD, MEASURE).value):,}"
    wrong = text.replace(f" {figure} ", " 871 ", 1)
    assert wrong != text
    assert post(client, f"/stories/{story}/edit", {"text": wrong}).status_code == 303
    refused = post(client, f"/stories/{story}/approve", {})
    assert refused.status_code == 409
    assert "Approval refused" in refused.text and "871" in refused.text
    assert desk.story(story).review_state == "needs_review"
    assert desk.audit(story)[0]["action"] == "refused"
    # a wording edit that leaves every figure alone can be approved
    fine = text.replace("NSPCC chief executive", "The NSPCC's chief executive", 1)
    assert post(client, f"/stories/{story}/edit", {"text": fine}).status_code == 303
    assert post(client, f"/stories/{story}/approve", {}).status_code == 303
    assert desk.story(story).review_state == "approved"


def test_new_data_sends_story_back_to_review_with_diff(client, app, tmp_path):
    from localwire.importing import import_file

    story = story_ids(client)[0]
    assert post(client, f"/stories/{story}/approve", {}).status_code == 303
    csv = tmp_path / "revised.csv"
    csv.write_text("area,period,measure,breakdown,value,status,note,source\n"
                   f"Bedfordshire,2016/17,{MEASURE},,401,reported,,revised reply\n",
                   encoding="utf-8")
    with app.state.desk.lock:
        import_file(store_of(app), csv, dataset=DATASET)
    assert story_ids(client) == [story]
    stored = Desk(store_of(app)).story(story)
    assert (stored.review_state, stored.version) == ("needs_review", 2)
    page = client.get(f"/stories/{story}").text
    assert 'id="diff"' in page and "401" in page
    assert stored.audit[0]["action"] == "regenerated"


def test_outlets_and_export_zip(client, app):
    assert post(client, f"{HERTS}/outlets", {"outlet": "../../Herts Advertiser",
                                             "pack": DATASET}).status_code == 303
    ids = story_ids(client)
    assert len(ids) == 2
    for story in ids:
        assert post(client, f"/stories/{story}/approve", {}).status_code == 303
    response = client.get("/export.zip")
    assert response.headers["content-type"] == "application/zip"
    names = zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    assert all(".." not in n and not n.startswith("/") for n in names)
    for outlet in ("localwire", "herts-advertiser"):
        for fmt in FORMATS:
            assert f"{outlet}/hertfordshire-2016-17.{fmt}" in names
        assert f"{outlet}/charts/hertfordshire-2016-17-trend.svg" in names
    assert "manifest.json" in names
    single = client.get("/export.zip", params={"outlet": "../../Herts Advertiser"})
    only = zipfile.ZipFile(io.BytesIO(single.content)).namelist()
    assert {n.split("/")[0] for n in only} == {"herts-advertiser", "manifest.json"}


def test_export_with_nothing_approved_is_a_clear_error(client):
    response = client.get("/export.zip")
    assert response.status_code == 400 and "no approved stories" in response.text


def test_paste_and_body_limits(client):
    big = "x" * (MAX_CHECK_CHARS + 1)
    assert post(client, "/check", {"text": big}).status_code == 413
    huge = client.post("/check", content=b"a" * (MAX_BODY_BYTES + 1), headers={
        **ORIGIN, "content-type": "application/x-www-form-urlencoded"})
    assert huge.status_code == 413


def test_check_page_states_whether_the_checker_is_there(client):
    page = client.get("/check").text
    try:
        import localwire.check  # noqa: F401
    except ImportError:
        assert "Checker not available" in page
    else:
        assert "Checker not available" not in page


def test_error_pages_have_no_stack_trace(client, monkeypatch):
    from localwire.web import data

    def broken(*args, **kwargs):
        raise RuntimeError("secret internal detail")

    monkeypatch.setattr(data, "summarise", broken)
    response = client.get("/datasets")
    assert response.status_code == 500
    assert "Traceback" not in response.text and "secret internal detail" not in response.text
    assert client.get("/no/such/page").status_code == 404


def test_serve_binds_loopback_unless_told(monkeypatch, store_path):
    import uvicorn

    from localwire.cli import main

    calls = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.append(kw))
    assert main(["serve", "--db", str(store_path), "--port", "8765"]) == 0
    assert main(["serve", "--db", str(store_path), "--host", "0.0.0.0"]) == 0
    assert [(c["host"], c["port"]) for c in calls] == [("127.0.0.1", 8765), ("0.0.0.0", 8000)]


def test_check_page_marks_claims_of_seed_article(client, app, seeds):
    from localwire.check import check_text

    text = (seeds / "000_61e7ce2f243b7df9.txt").read_text(encoding="utf-8")
    expected = check_text(text, store_of(app)).counts()
    page = post(client, "/check", {"text": text}).text
    for verdict, count in expected.items():
        assert f"{count} {verdict}" in page
        assert page.count(f'<mark class="claim verdict-{verdict}"') == count
    assert expected["supported"] > 0


def test_foi_board_agrees_with_the_library(store_path: Path):
    from datetime import date

    from localwire.foi import create_campaign, mark_request, status_board
    from localwire.store import Store

    with Store(store_path) as store:
        campaign = create_campaign(
            store, "nspcc", "How many offences did {{ force.name }} record?", dataset=DATASET,
            measures=["child_sex_offences"], periods=["2016/17"], requester="Sam Reporter")
        mark_request(store, campaign, "Herts", "sent", on=date(2026, 5, 20))
        mark_request(store, campaign, "Dorset", "sent", on=date(2026, 5, 1))
        mark_request(store, campaign, "Dorset", "refused", on=date(2026, 6, 1), sections=["s.12"])
        summary = status_board(store, campaign).summary
    with TestClient(create_app(store_path), raise_server_exceptions=False) as client:
        page = client.get("/foi")
    assert page.status_code == 200
    assert summary in page.text
    assert "Hertfordshire" in page.text and "FOISA" in page.text


def test_foi_board_without_campaigns(client):
    page = client.get("/foi")
    assert page.status_code == 200 and "No campaign yet" in page.text
