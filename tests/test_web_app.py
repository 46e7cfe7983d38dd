"""The editor's desk through FastAPI's TestClient: pages, sign-in, safety, review, FOI."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from localwire.desk.generate import generate
from localwire.desk.review import Desk
from localwire.facts import FactBook
from localwire.importing import import_file
from localwire.model.periods import Period
from localwire.store import Store
from localwire.web import create_app
from localwire.web.routes.check import MAX_CHECK_CHARS
from localwire.web.security import MAX_BODY_BYTES
from localwire.write.pack import Pack
from tests.desk_stores import PASSWORD, desk_store
from tests.story_rules import FORCE_RESPONSE, with_response

DATASET = "nspcc-child-sex-offences"
MEASURE = "child_sex_offences"
PERIOD = Period.parse("2016/17")
HERTS = f"/datasets/{DATASET}/areas/hertfordshire"
ORIGIN = {"origin": "http://testserver"}
EVIL = "<script>alert('x')</script>"


@pytest.fixture(scope="module")
def desk_template(tmp_path_factory) -> Path:
    """The bundled store with two accounts and every story generated, built once."""
    return desk_store(tmp_path_factory.mktemp("desk") / "template.duckdb")


@pytest.fixture
def store_path(tmp_path: Path, desk_template: Path) -> Path:
    path = tmp_path / "desk.duckdb"
    shutil.copyfile(desk_template, path)
    return path


@pytest.fixture
def app(store_path: Path):
    return create_app(store_path, allowed_hosts=["testserver"])


def sign_in(client: TestClient, name: str = "sam") -> TestClient:
    response = client.post("/login", data={"csrf_token": token(client, "/login"), "name": name,
                                           "password": PASSWORD}, headers=ORIGIN,
                           follow_redirects=False)
    assert response.status_code == 303, response.text
    return client


@pytest.fixture
def client(app) -> TestClient:
    with TestClient(app, raise_server_exceptions=False) as client:
        yield sign_in(client)


def token(client: TestClient, url: str = "/check") -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', client.get(url).text)
    assert found, f"no CSRF token on {url}"
    return found.group(1)


def post(client: TestClient, url: str, data: dict, **kwargs):
    return client.post(url, data={"csrf_token": token(client), **data}, headers=ORIGIN,
                       follow_redirects=False, **kwargs)


def story_ids(client: TestClient, url: str = HERTS) -> list[int]:
    return [int(i) for i in re.findall(r'id="story-(\d+)"', client.get(url).text)]


def store_of(app) -> Store:
    return app.state.desk.gate._main


def version(app, story: int) -> int:
    return Desk(store_of(app)).story(story).version


def counts(app) -> tuple:
    return store_of(app).db.execute(
        "SELECT (SELECT count(*) FROM stories), (SELECT max(version) FROM stories), "
        "(SELECT count(*) FROM audit_log)").fetchone()


@pytest.mark.parametrize("url", [
    "/datasets", f"/datasets/{DATASET}", f"/datasets/{DATASET}?period=2015/16", HERTS,
    "/stories", "/check", "/export", "/audit", "/foi",
    f"/datasets/{DATASET}/bar.svg?period=2016/17", f"{HERTS}/trend.svg",
    f"{HERTS}/trend.svg?size=narrow&period=2016/17",
])
def test_pages_render_and_reading_writes_nothing(client, app, url):
    before = counts(app)
    response = client.get(url)
    assert response.status_code == 200
    assert response.headers["content-security-policy"].startswith("default-src 'self'")
    assert counts(app) == before


def test_signed_out_visitors_are_sent_to_sign_in(app):
    with TestClient(app, raise_server_exceptions=False) as anonymous:
        page = anonymous.get(HERTS, follow_redirects=False)
        assert page.status_code == 303 and page.headers["location"].startswith("/login?next=")
        story = Desk(store_of(app)).stories()[0].id
        refused = anonymous.post(f"/stories/{story}/approve", data={
            "csrf_token": token(anonymous, "/login"), "version": "1"}, headers=ORIGIN)
        assert refused.status_code == 401
        wrong = anonymous.post("/login", data={"csrf_token": token(anonymous, "/login"),
                                               "name": "sam", "password": "not it"},
                               headers=ORIGIN)
        assert wrong.status_code == 401 and "do not match" in wrong.text
        assert Desk(store_of(app)).story(story).review_state == "needs_review"


def test_sign_in_does_not_redirect_off_site(app):
    with TestClient(app) as anonymous:
        response = anonymous.post("/login", data={
            "csrf_token": token(anonymous, "/login"), "name": "sam", "password": PASSWORD,
            "next": "//evil.example/x"}, headers=ORIGIN, follow_redirects=False)
        assert response.headers["location"] == "/datasets"


def test_sign_out_ends_the_session(client):
    assert post(client, "/logout", {}).status_code == 303
    assert client.get("/stories", follow_redirects=False).status_code == 303


@pytest.mark.parametrize("host,status", [
    ("testserver", 200), ("localhost:8000", 200), ("127.0.0.1:8000", 200),
    ("evil.example", 400), ("rebind.evil.example:8000", 400),
])
def test_host_allow_list(client, host, status):
    response = client.get("/login", headers={"host": host})
    assert response.status_code == status


@pytest.mark.parametrize("headers,with_token,status", [
    (ORIGIN, True, 303),
    ({}, True, 403),                                           # no Origin, no Referer
    ({"origin": "http://evil.example"}, True, 403),
    ({"referer": "http://testserver/stories"}, True, 303),
    ({"referer": "http://evil.example/x"}, True, 403),
    (ORIGIN, False, 403),                                      # no token
])
def test_forms_are_csrf_protected(client, app, headers, with_token, status):
    story = story_ids(client)[0]
    data = {"reason": "check the quote", "version": str(version(app, story)),
            "csrf_token": token(client) if with_token else "x"}
    response = client.post(f"/stories/{story}/flag", data=data, headers=headers,
                           follow_redirects=False)
    assert response.status_code == status


@pytest.mark.parametrize("url", [f"/datasets/{DATASET.upper()}", "/datasets/x%27%3B--",
                                 "/datasets/no-such-dataset", f"/datasets/{DATASET}/areas/%2E%2E"])
def test_dataset_ids_are_validated(client, url):
    assert client.get(url).status_code in (400, 404, 422)


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
    assert 'class="sortable figures"' in page and "bar.svg?period=2016/17" in page


@pytest.mark.parametrize("status,value,shown", [
    ("suppressed", "<5", "suppressed (0 to 4)"),
    ("refused", "", "request refused"),
    ("not_held", "", "information not held"),
    ("no_reply", "", "no reply"),
])
def test_dataset_page_statuses_and_fresh_after_import(client, app, tmp_path, status, value,
                                                      shown):

    client.get(f"/datasets/{DATASET}?period=2016/17")      # warm: the table is cached
    csv = tmp_path / "more.csv"
    csv.write_text("area,period,measure,breakdown,value,status,note,source\n"
                   f"Durham,2016/17,{MEASURE},,{value},{status},,FOI reply\n", encoding="utf-8")
    with app.state.desk.store() as store:
        import_file(store, csv, dataset=DATASET)
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
    ref = value.inputs[0]
    assert f'data-source="{ref.source_file}"' in figure.group(0)
    assert f'data-location="{ref.location}"' in figure.group(0)
    assert "trend.svg" in page


def test_script_in_names_and_notes_renders_as_text(client, app):
    with app.state.desk.store() as store, store.transaction() as db:
        db.execute("INSERT INTO areas (slug, name, official_name, kind, nation, region, foi_law) "
                   "VALUES ('evil', ?, ?, 'force', 'England', 'East', 'FOIA')", [EVIL, EVIL])
        db.execute("INSERT INTO observations (dataset, area, period, measure, value, status, note)"
                   " VALUES (?, 'evil', '2016/17', ?, 12, 'reported', ?)", [DATASET, MEASURE, EVIL])
    for url in (f"/datasets/{DATASET}", f"/datasets/{DATASET}/areas/evil"):
        page = client.get(url).text
        assert EVIL not in page, url
        assert "&lt;script&gt;alert(" in page, url


def test_actions_are_signed_by_the_user_and_approval_records_version_and_sha(client, app):
    import hashlib

    story = story_ids(client)[0]
    text = Desk(store_of(app)).story(story).text
    edited = with_response(text.replace("NSPCC chief executive", "The NSPCC's chief executive",
                                        1))
    assert edited != text
    assert post(client, f"/stories/{story}/edit", {"text": edited,
                                                   "version": version(app, story)}
                ).status_code == 303
    assert post(client, f"/stories/{story}/approve", {"version": version(app, story)}
                ).status_code == 303
    stored = Desk(store_of(app)).story(story)
    assert (stored.review_state, stored.approved_by) == ("approved", "sam")
    assert stored.approved_version == stored.version
    assert stored.approved_sha256 == hashlib.sha256(stored.text.encode()).hexdigest()
    actions = [(e["action"], e["actor"]) for e in stored.audit]
    assert actions[:2] == [("approved", "sam"), ("edited", "sam")]
    audit = client.get("/audit").text
    assert "The NSPCC&#39;s chief executive" in audit and "sam" in audit


def test_a_stale_edit_is_refused_with_a_diff_and_keeps_the_text(app):
    with TestClient(app) as first, TestClient(app) as second:
        sign_in(first, "sam")
        sign_in(second, "alex")
        story = story_ids(first)[0]
        seen = version(app, story)
        text = Desk(store_of(app)).story(story).text
        mine = text.replace("NSPCC chief executive", "NSPCC's chief executive", 1)
        theirs = text.replace("NSPCC chief executive", "charity's chief executive", 1)
        assert post(first, f"/stories/{story}/edit", {"text": mine, "version": seen}
                    ).status_code == 303
        stale = post(second, f"/stories/{story}/edit", {"text": theirs, "version": seen})
        assert stale.status_code == 409
        assert "changed since you opened it" in stale.text and "last by sam" in stale.text
        assert "NSPCC&#39;s chief executive" in stale.text          # the diff shows sam's edit
        assert "charity&#39;s chief executive" in stale.text        # alex's text is kept
        assert Desk(store_of(app)).story(story).text == mine
        approve_unseen = post(second, f"/stories/{story}/approve", {"version": seen})
        assert approve_unseen.status_code == 409
        assert Desk(store_of(app)).story(story).review_state == "needs_review"


def test_a_flag_blocks_approval_until_resolved_with_a_note(client, app):
    desk = Desk(store_of(app))
    story = story_ids(client)[0]
    assert post(client, f"/stories/{story}/flag", {"reason": "LEGAL: do not publish",
                                                   "version": version(app, story)}
                ).status_code == 303
    text = desk.story(story).text
    assert post(client, f"/stories/{story}/edit", {
        "text": with_response(text.replace("NSPCC chief executive", "NSPCC's chief executive",
                                           1)),
        "version": version(app, story)}).status_code == 303
    assert desk.story(story).review_state == "flagged"               # an edit keeps the flag
    refused = post(client, f"/stories/{story}/approve", {"version": version(app, story)})
    assert refused.status_code == 409 and "LEGAL: do not publish" in refused.text
    flag = desk.story(story).open_flags[0]["id"]
    assert post(client, f"/stories/{story}/flags/{flag}/resolve", {
        "note": "   ", "version": version(app, story)}).status_code == 400
    assert post(client, f"/stories/{story}/flags/{flag}/resolve", {
        "note": "lawyer cleared it", "version": version(app, story)}).status_code == 303
    assert post(client, f"/stories/{story}/approve", {"version": version(app, story)}
                ).status_code == 303
    assert desk.story(story).review_state == "approved"


@pytest.mark.parametrize("html", ["<b>bold</b>", "<script>alert(1)</script>",
                                  '<img src=x onerror="alert(1)">', "<!-- hidden -->"])
def test_raw_html_in_an_edit_is_refused(client, app, html):
    story = story_ids(client)[0]
    text = Desk(store_of(app)).story(story).text
    response = post(client, f"/stories/{story}/edit", {"text": text + "\n" + html,
                                                       "version": version(app, story)})
    assert response.status_code == 400 and "raw HTML" in response.text
    assert Desk(store_of(app)).story(story).text == text


def test_the_right_of_reply_note_blocks_approval_until_an_edit_fills_it(client, app):
    desk = Desk(store_of(app))
    story = story_ids(client)[0]
    text = desk.story(story).text
    note = next(line for line in text.splitlines() if line.startswith("["))
    assert "Hertfordshire Constabulary" in note                  # the writer's placeholder
    refused = post(client, f"/stories/{story}/approve", {"version": version(app, story)})
    assert refused.status_code == 409 and "editor&#39;s note" in refused.text
    assert desk.story(story).review_state == "needs_review"
    assert post(client, f"/stories/{story}/edit", {"text": with_response(text),
                                                   "version": version(app, story)}
                ).status_code == 303
    assert post(client, f"/stories/{story}/approve", {"version": version(app, story)}
                ).status_code == 303
    assert desk.story(story).review_state == "approved"
    assert FORCE_RESPONSE in desk.story(story).text and note not in desk.story(story).text


def test_an_edit_to_a_wrong_figure_cannot_be_approved(client, app):
    story = story_ids(client)[0]
    desk = Desk(store_of(app))
    text = desk.story(story).text
    book = FactBook(store_of(app), DATASET)
    figure = f"{int(book.value('hertfordshire', PERIOD, MEASURE).value):,}"
    wrong = with_response(text.replace(f" {figure} ", " 871 ", 1))
    assert wrong != text
    assert post(client, f"/stories/{story}/edit", {"text": wrong,
                                                   "version": version(app, story)}
                ).status_code == 303
    refused = post(client, f"/stories/{story}/approve", {"version": version(app, story)})
    assert refused.status_code == 409
    assert "Approval refused" in refused.text and "871" in refused.text
    assert desk.story(story).audit[0]["action"] == "refused"


def test_new_data_never_replaces_approved_copy(client, app, tmp_path):

    desk = Desk(store_of(app))
    herts = story_ids(client)[0]
    other = desk.stories(area="bedfordshire")[0].id
    assert post(client, f"/stories/{herts}/edit", {
        "text": with_response(desk.story(herts).text), "version": version(app, herts)}
                ).status_code == 303
    assert post(client, f"/stories/{herts}/approve", {"version": version(app, herts)}
                ).status_code == 303
    approved = desk.story(herts).text
    untouched = desk.story(other).text
    csv = tmp_path / "revised.csv"
    csv.write_text("area,period,measure,breakdown,value,status,note,source\n"
                   f"Bedfordshire,2016/17,{MEASURE},,401,reported,,revised reply\n",
                   encoding="utf-8")
    with app.state.desk.store() as store:
        import_file(store, csv, dataset=DATASET)
    assert desk.story(herts).text == approved                 # nothing moves on its own
    client.get(HERTS)
    assert desk.story(herts).text == approved
    with app.state.desk.store() as store:
        generate(store, Pack.load(DATASET), actor="sam")
    assert desk.story(other).text != untouched                 # untouched copy takes new data
    stored = desk.story(herts)
    assert stored.text == approved and stored.review_state == "approved"
    assert stored.pending is not None and "401" in stored.pending["text"]
    page = client.get(f"/stories/{herts}").text
    assert "A new version from the writer is waiting" in page and "401" in page
    assert post(client, f"/stories/{herts}/revisions/{stored.pending['id']}/accept",
                {"version": stored.version}).status_code == 303
    accepted = desk.story(herts)
    assert "401" in accepted.text and accepted.review_state == "needs_review"


def test_adding_an_outlet_leaves_other_outlets_alone(client, app):
    desk = Desk(store_of(app))
    before = {s.outlet: (s.text, s.version) for s in desk.stories(area="hertfordshire")}
    assert post(client, f"{HERTS}/outlets", {"outlet": "Herts Advertiser", "pack": DATASET}
                ).status_code == 303
    assert post(client, f"{HERTS}/outlets", {"outlet": "Watford Observer", "pack": DATASET}
                ).status_code == 303
    after = {s.outlet: (s.text, s.version) for s in desk.stories(area="hertfordshire")}
    assert set(after) == {*before, "Herts Advertiser", "Watford Observer"}
    assert {o: after[o] for o in before} == before
    assert len({text for text, _v in after.values()}) == len(after)


def test_paste_and_body_limits(client):
    big = "x" * (MAX_CHECK_CHARS + 1)
    assert post(client, "/check", {"text": big}).status_code == 413
    huge = client.post("/check", content=b"a" * (MAX_BODY_BYTES + 1), headers={
        **ORIGIN, "content-type": "application/x-www-form-urlencoded"})
    assert huge.status_code == 413


def test_error_pages_have_no_stack_trace(client, monkeypatch):
    from localwire.desk import datasets

    def broken(*args, **kwargs):
        raise RuntimeError("secret internal detail")

    monkeypatch.setattr(datasets, "summarise", broken)
    response = client.get("/datasets")
    assert response.status_code == 500
    assert "Traceback" not in response.text and "secret internal detail" not in response.text
    assert client.get("/no/such/page").status_code == 404


def test_serve_binds_loopback_and_allows_hosts_when_told(monkeypatch, store_path):
    import uvicorn

    from localwire.cli import main

    calls = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.append((app, kw)))
    assert main(["serve", "--db", str(store_path), "--port", "8765"]) == 0
    assert main(["serve", "--db", str(store_path), "--host", "0.0.0.0",
                 "--allowed-host", "desk.newsroom.example"]) == 0
    assert [(kw["host"], kw["port"]) for _a, kw in calls] == [("127.0.0.1", 8765),
                                                              ("0.0.0.0", 8000)]
    with TestClient(calls[1][0]) as served:
        assert served.get("/login", headers={"host": "desk.newsroom.example"}).status_code == 200
    with TestClient(calls[0][0]) as served:
        assert served.get("/login", headers={"host": "desk.newsroom.example"}).status_code == 400


def test_check_page_marks_claims_of_seed_article(client, app, seeds):
    from localwire.check import check_text

    text = (seeds / "000_61e7ce2f243b7df9.txt").read_text(encoding="utf-8")
    expected = check_text(text, store_of(app)).counts()
    page = post(client, "/check", {"text": text}).text
    for verdict, count in expected.items():
        assert f"{count} {verdict}" in page
        assert page.count(f'<mark class="claim verdict-{verdict}"') == count
    assert expected["supported"] > 0


def test_check_page_says_a_run_of_bare_numbers_was_not_checked(client):
    from localwire.check.extract.numeric_runs import DATA_RUN_FIGURES

    digits = " ".join("7" for _ in range(DATA_RUN_FIGURES))
    page = post(client, "/check", {"text": f"Police recorded 771 offences. {digits}"}).text
    assert f"Not checked, characters 30-{30 + len(digits)}: {DATA_RUN_FIGURES} bare numbers" in page
    assert page.count('<mark class="claim') == 1


def test_foi_board_sorts_overdue_first_and_records_a_status(store_path: Path):
    from datetime import date, timedelta

    from localwire.foi import create_campaign, get_request, record_event, status_board

    today = date.today()
    with Store(store_path) as store:
        campaign = create_campaign(
            store, "nspcc", "How many offences did {{ force.name }} record?", dataset=DATASET,
            measures=["child_sex_offences"], periods=["2016/17"], requester="Sam Reporter")
        record_event(store, campaign, "Herts", "sent", on=today - timedelta(days=3), today=today)
        record_event(store, campaign, "Dorset", "sent", on=today - timedelta(days=90),
                     today=today)
        summary = status_board(store, campaign, today=today).summary
    app = create_app(store_path, allowed_hosts=["testserver"])
    with TestClient(app, raise_server_exceptions=False) as client:
        sign_in(client)
        page = client.get("/foi").text
        assert summary in page and 'class="list sortable foi-board"' in page
        rows = re.findall(r'<tr class="([^"]*)">\s*<th scope="row">([^<]+)</th>', page)
        assert rows[0] == ("long-overdue", "Dorset")
        done = post(client, "/foi/nspcc/dorset", {"what": "refused", "sections": "s.12",
                                                  "on": today.isoformat()})
        assert done.status_code == 303, done.text
        with app.state.desk.store() as store:
            assert get_request(store, campaign, "Dorset").timeline.outcome == "refused"
        assert "foi-marked" in client.get("/audit").text
        bad = post(client, "/foi/nspcc/herts", {"what": "acknowledged",
                                                "on": (today + timedelta(days=9)).isoformat()})
        assert bad.status_code == 400 and "future" in bad.text


def test_foi_board_without_campaigns(client):
    page = client.get("/foi")
    assert page.status_code == 200 and "No campaign yet" in page.text


def test_a_revision_that_meets_an_edit_says_which_edit_accepting_drops(client, app, tmp_path):
    desk = Desk(store_of(app))
    herts = story_ids(client)[0]
    text = with_response(desk.story(herts).text)
    sentence = next(line for line in text.splitlines() if line.startswith("Bedfordshire Police recorded"))
    reworded = sentence.replace("Bedfordshire Police recorded", "Next door, Bedfordshire recorded")
    reworded = re.sub(r"a fall of [\d,]+ from", "down from", reworded)
    assert reworded != sentence
    assert post(client, f"/stories/{herts}/edit", {"text": text.replace(sentence, reworded),
                                                   "version": version(app, herts)}).status_code == 303
    csv = tmp_path / "revised.csv"
    csv.write_text("area,period,measure,breakdown,value,status,note,source\n"
                   f"Bedfordshire,2016/17,{MEASURE},,401,reported,,revised reply\n", encoding="utf-8")
    with app.state.desk.store() as store:
        import_file(store, csv, dataset=DATASET)
        generate(store, Pack.load(DATASET), actor="sam")
    page = client.get(f"/stories/{herts}").text
    assert "1 of your edits meets the writer's changes" in page
    assert f"<q>{reworded}</q>" in page
    stored = desk.story(herts)
    assert post(client, f"/stories/{herts}/revisions/{stored.pending['id']}/accept",
                {"version": stored.version}).status_code == 303
    accepted = desk.story(herts).text
    assert "Next door" not in accepted and "401" in accepted
    assert FORCE_RESPONSE in accepted  # the right of reply, which met nothing, is kept
