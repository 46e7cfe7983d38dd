import re
import shutil
from datetime import date
from pathlib import Path

import pytest

import localwire.store as store_module
from localwire.areas import gazetteer_of
from localwire.errors import InputErrors, TemplateError, UnknownAreaError
from localwire.foi import (
    FoiError,
    close_no_reply,
    create_campaign,
    entries_for,
    entries_from_csv,
    get_request,
    parse_event,
    record,
    record_event,
    requests,
    status_board,
)
from localwire.foi import lifecycle as lc
from localwire.foi.board import BUCKETS
from localwire.foi.deadlines import due_date
from localwire.foi.sections import SectionError, normalise_section
from localwire.store import Store
from localwire.store import campaigns as queries

QUESTION = ("Please tell me how many sexual offences against children {{ force.name }} "
            "recorded in {{ periods | join(', ') }}.")
TODAY = date(2026, 9, 1)
SENT = date(2026, 5, 20)   # due 19 June 2026 under both laws


@pytest.fixture
def campaign(store):
    return create_campaign(store, "nspcc", QUESTION, dataset="nspcc", periods=["2016/17"],
                           measures=["child_sex_offences"], requester="Sam Reporter",
                           address="sam@example.org")


def mark(store, campaign, force, what, on, **details):
    return record_event(store, campaign, force, what, on=on, today=TODAY, **details)


def test_a_campaign_asks_all_46_forces_under_the_right_law(store, campaign):
    made = requests(store, campaign)
    assert len(made) == len(gazetteer_of(store).forces()) == 46
    laws = {r.force: r.law for r in made}
    assert laws["police-scotland"] == "FOISA"
    assert {law for force, law in laws.items() if force != "police-scotland"} == {"FOIA"}
    assert {r.state for r in made} == {lc.DRAFT}
    assert (campaign.periods, campaign.address) == (("2016/17",), "sam@example.org")


def test_a_campaign_for_some_forces(store):
    made = create_campaign(store, "south-west", QUESTION, forces="Wilts, Avon & Somerset,Glos")
    assert [r.force for r in requests(store, made)] == [
        "avon-and-somerset", "gloucestershire", "wiltshire"]


@pytest.mark.parametrize(("kwargs", "error"), [
    ({"forces": "Herts,Nowhere"}, UnknownAreaError),
    ({"forces": "United Kingdom"}, UnknownAreaError),
    ({"question": "Figures for {{ force.nmae }}"}, TemplateError),
    ({"question": "Figures for {{ force.name "}, TemplateError),
    ({"name": "  "}, FoiError),
])
def test_bad_campaigns_store_nothing(store, kwargs, error):
    arguments = {"name": "bad", "question": QUESTION, **kwargs}
    with pytest.raises(error):
        create_campaign(store, arguments.pop("name"), arguments.pop("question"), **arguments)
    assert store.rows("SELECT * FROM foi_campaigns") == []
    assert store.rows("SELECT * FROM foi_requests") == []


def test_names_are_unique(store, campaign):
    with pytest.raises(FoiError, match="already exists"):
        create_campaign(store, "nspcc", QUESTION)


@pytest.mark.parametrize(("word", "outcome", "expected"), [
    ("sent", None, (lc.SENT, None)), ("Not held", None, (lc.CLASSIFIED, lc.NOT_HELD)),
    ("partially successful", None, (lc.CLASSIFIED, lc.PARTIALLY_SUCCESSFUL)),
    ("clarification", None, (lc.CLARIFICATION_ASKED, None)),
    ("clarification-answered", None, (lc.CLARIFICATION_ANSWERED, None)),
    ("review", None, (lc.REVIEW_ASKED, None)), ("ICO complaint", None, (lc.APPEALED, None)),
    ("no-reply", None, (lc.CLOSED, None)), ("fee", None, (lc.FEE_NOTICE, None)),
    ("review-answered", "refused", (lc.REVIEW_ANSWERED, lc.REFUSED)),
    ("decision", "partly upheld", (lc.DECISION, lc.PARTLY_UPHELD)),
])
def test_event_words(word, outcome, expected):
    assert parse_event(word, outcome) == expected


@pytest.mark.parametrize("text", ["overdue", "long overdue", "long-overdue"])
def test_overdue_cannot_be_recorded(text):
    with pytest.raises(FoiError, match="computed"):
        parse_event(text)


@pytest.mark.parametrize(("text", "section"), [
    ("s.12", "s.12"), ("section 40(2)", "s.40(2)"), ("S40 (2)", "s.40(2)"), ("43", "s.43"),
    ("s. 31(1)(a)", "s.31(1)(a)"), ("Section 14", "s.14"),
])
def test_sections_are_normalised(text, section):
    assert normalise_section(text) == section


def test_a_section_that_cannot_be_read():
    with pytest.raises(SectionError, match="cannot read"):
        normalise_section("the cost one")


def test_the_state_is_the_latest_dated_not_the_latest_entered(store, campaign):
    """The issue's case: refused on 10 June, then an extension entered, dated 5 June."""
    mark(store, campaign, "Herts", "sent", SENT)
    mark(store, campaign, "Herts", "refused", date(2026, 6, 10), sections=["s.12"])
    mark(store, campaign, "Herts", "extended", date(2026, 6, 5), sections=["s.31(1)"])
    request = get_request(store, campaign, "Herts")
    assert (request.state, request.timeline.outcome) == (lc.ANSWERED, lc.REFUSED)
    assert status_board(store, campaign, TODAY).counts["refused"] == 1
    mark(store, campaign, "Police Scotland", "sent", SENT)
    with pytest.raises(FoiError, match="FOISA has no public interest extension"):
        mark(store, campaign, "Police Scotland", "extended", date(2026, 6, 5),
             sections=["s.31(1)"])


def test_events_are_kept_with_their_dates(store, campaign):
    mark(store, campaign, "Herts", "sent", SENT)
    mark(store, campaign, "Herts", "refused", date(2026, 6, 1), sections=["section 12"],
         note="cost", reference="FOI/2018/0412")
    events = store.rows("SELECT kind, on_date, outcome, sections, note FROM foi_request_events "
                        "ORDER BY id")
    assert [(e["kind"], e["on_date"], e["outcome"], e["sections"]) for e in events] == [
        ("sent", SENT, None, []), ("classified", date(2026, 6, 1), "refused", ["s.12"])]
    assert get_request(store, campaign, "Herts").reference == "FOI/2018/0412"


def test_a_refused_event_records_nothing(store, campaign):
    mark(store, campaign, "Herts", "sent", SENT)
    with pytest.raises(FoiError, match="review"):
        mark(store, campaign, "Herts", "review-asked", date(2026, 6, 1))
    assert len(store.rows("SELECT * FROM foi_request_events")) == 1


def test_a_batch_is_all_or_nothing_and_names_every_bad_entry(store, campaign, tmp_path):
    path = tmp_path / "events.csv"
    path.write_text("force,event,date,sections\nHerts,sent,2026-05-20,\n"
                    "Beds,refused,2026-06-01,s.12\nAtlantis,sent,2026-05-20,\n"
                    "Kent,sent,2026-05-20,\n", encoding="utf-8")
    with pytest.raises(InputErrors) as failed:
        record(store, campaign, entries_from_csv(path), today=TODAY, file=str(path))
    assert [(p.place, p.code) for p in failed.value.problems] == [
        ("row 3", "foi-event"), ("row 4", "foi-event")]
    assert "not been sent" in str(failed.value.problems[0])
    assert "unknown area" in str(failed.value.problems[1]).lower()
    assert store.rows("SELECT * FROM foi_request_events") == []


def test_a_batch_for_every_force(store, campaign):
    recorded = record(store, campaign, entries_for(store, campaign, "all", "sent", SENT),
                      today=TODAY)
    assert len(recorded) == 46
    assert {r.state for r in requests(store, campaign)} == {lc.AWAITING}


def test_events_of_one_batch_go_in_in_any_order(store, campaign):
    """A clarification and its answer around a later acknowledgement cannot go in one by one
    in that order; together, in any order, they can."""
    mark(store, campaign, "Herts", "sent", SENT)
    mark(store, campaign, "Herts", "extended", date(2026, 6, 12), sections=["s.31(1)"])
    with pytest.raises(FoiError, match="impossible"):
        mark(store, campaign, "Herts", "clarification-asked", date(2026, 5, 22))
    from localwire.foi import Entry
    record(store, campaign, [Entry("Herts", "clarification-answered", date(2026, 5, 26)),
                             Entry("Herts", "clarification-asked", date(2026, 5, 22))],
           today=TODAY)
    request = get_request(store, campaign, "Herts")
    assert request.timeline.statutory_due == due_date(date(2026, 5, 26), "FOIA")


@pytest.mark.parametrize(("csv_text", "message"), [
    ("force,date\nHerts,2026-05-20\n", "missing column event"),
    ("force,event,date,colour\nHerts,sent,2026-05-20,red\n", "unknown column colour"),
    ("force,event,date\nHerts,sent,20/05/2026\n", "not a date"),
    ("force,event,date\n", "no events"),
])
def test_bad_event_files(tmp_path, csv_text, message):
    path = tmp_path / "events.csv"
    path.write_text(csv_text, encoding="utf-8")
    with pytest.raises(InputErrors, match=message) as failed:
        entries_from_csv(path)
    assert str(path) in str(failed.value)


def test_a_refusal_becomes_observations_but_never_replaces_a_figure(store, campaign):
    with store.transaction() as db:
        db.execute("INSERT INTO observations (dataset, area, period, measure, value, status) "
                   "VALUES ('nspcc', 'wiltshire', '2016/17', 'child_sex_offences', 570, "
                   "'reported')")
    for force in ("Herts", "Wilts"):
        mark(store, campaign, force, "sent", SENT)
    herts = mark(store, campaign, "Herts", "refused", date(2026, 6, 1), sections=["s.12"])
    wilts = mark(store, campaign, "Wilts", "not held", date(2026, 6, 1))
    assert (herts.observations_written, herts.observations_kept) == (1, 0)
    assert (wilts.observations_written, wilts.observations_kept) == (0, 1)
    rows = store.rows("SELECT area, status, value, note FROM observations WHERE current "
                      "ORDER BY area")
    assert [(r["area"], r["status"], r["value"]) for r in rows] == [
        ("hertfordshire", "refused", None), ("wiltshire", "reported", 570)]
    assert "s.12" in rows[0]["note"]
    assert len(queries.status_observation_rows(store)) == 1
    # classified again (the same answer): nothing new
    again = mark(store, campaign, "Herts", "refused", date(2026, 6, 2), sections=["s.12"])
    assert again.observations_written == 0


def test_the_bundled_dataset_keeps_its_config_when_a_status_is_written(store):
    made = create_campaign(store, "bundled", QUESTION, dataset="nspcc-child-sex-offences",
                           forces="Herts", periods=["2016/17"], measures=["child_sex_offences"])
    mark(store, made, "Herts", "sent", SENT)
    mark(store, made, "Herts", "refused", date(2026, 6, 1), sections=["s.12"])
    assert "child_sex_offences" in store.dataset("nspcc-child-sex-offences").measures


def test_long_overdue_requests_closed_as_no_reply_in_one_go(store, campaign):
    for force in ("Herts", "Beds", "Kent"):
        mark(store, campaign, force, "sent", SENT)
    mark(store, campaign, "Beds", "not held", date(2026, 6, 10))
    # 20 working days after 19 June is 20 July (13 July skipped): long overdue from 21 July
    assert close_no_reply(store, campaign, today=date(2026, 7, 20)) == []
    closed = close_no_reply(store, campaign, today=date(2026, 7, 21))
    assert sorted(r.request.force for r in closed) == ["hertfordshire", "kent"]
    assert {r.observations_written for r in closed} == {1}
    statuses = store.rows("SELECT area, status FROM observations WHERE current ORDER BY area")
    assert statuses == [{"area": "bedfordshire", "status": "not_held"},
                        {"area": "hertfordshire", "status": "no_reply"},
                        {"area": "kent", "status": "no_reply"}]
    board = status_board(store, campaign, date(2026, 7, 21))
    assert board.counts["no_reply"] == 2 and not board.differences
    # a late reply is still welcome
    mark(store, campaign, "Kent", "reply-received", date(2026, 7, 25))
    assert get_request(store, campaign, "Kent").state == lc.TO_CLASSIFY


def test_closing_a_request_that_is_not_overdue_is_refused(store, campaign):
    mark(store, campaign, "Herts", "sent", SENT)
    with pytest.raises(InputErrors, match="not overdue"):
        close_no_reply(store, campaign, today=date(2026, 6, 1), forces=["Herts"])


# -- the board -------------------------------------------------------------------------------------
def summary_total(summary: str) -> tuple[int, int]:
    total, rest = summary.split(" requests: ")
    return int(total), sum(int(n) for n in re.findall(r"(?:^|, )(\d+) ", rest))


def test_every_request_in_exactly_one_bucket(store, campaign):
    for force in ("Herts", "Beds", "Wilts", "Dorset", "Police Scotland", "Kent", "Essex",
                  "Surrey", "Sussex", "Devon and Cornwall", "Norfolk"):
        mark(store, campaign, force, "sent", SENT)
    mark(store, campaign, "Herts", "successful", date(2026, 6, 10))
    mark(store, campaign, "Beds", "partially successful", date(2026, 6, 10),
         sections=["s.40(2)"])
    mark(store, campaign, "Wilts", "refused", date(2026, 6, 10), sections=["s.12"])
    mark(store, campaign, "Kent", "withdrawn", date(2026, 6, 10))
    mark(store, campaign, "Essex", "clarification", date(2026, 5, 22))
    mark(store, campaign, "Surrey", "reply-received", date(2026, 6, 15))
    mark(store, campaign, "Sussex", "not held", date(2026, 6, 1))
    mark(store, campaign, "Sussex", "review-asked", date(2026, 6, 3))
    mark(store, campaign, "Devon and Cornwall", "refused", date(2026, 6, 1), sections=["s.12"])
    mark(store, campaign, "Devon and Cornwall", "review-asked", date(2026, 6, 3))
    mark(store, campaign, "Devon and Cornwall", "review-answered", date(2026, 6, 20), outcome="upheld")
    mark(store, campaign, "Devon and Cornwall", "complaint", date(2026, 6, 25))
    board = status_board(store, campaign, date(2026, 6, 23))
    counts = board.counts
    assert sum(counts.values()) == board.total == 46
    assert {key: n for key, n in counts.items() if n} == {
        "not_sent": 35, "overdue": 3, "clock_stopped": 1, "to_classify": 1, "successful": 1,
        "partially_successful": 1, "refused": 1, "in_review": 1, "in_appeal": 1,
        "withdrawn": 1}
    assert set(counts) == set(BUCKETS)
    assert summary_total(board.summary) == (46, 46)
    # refusals stay visible: Wilts standing, Devon's refusal upheld and now with the ICO
    assert board.refusals == {"refused": 1, "in_appeal": 1}
    devon = next(r for r in board.rows if r.force == "devon-and-cornwall")
    assert devon.status == "in appeal (refused s.12)" and devon.answer == "refused"
    row = next(r for r in board.rows if r.force == "police-scotland")
    assert (row.law, row.sent, row.due, row.bucket, row.working_days_overdue) == (
        "FOISA", "2026-05-20", "2026-06-19", "overdue", 2)


def test_on_time_rate_and_median_days(store, campaign):
    for force in ("Herts", "Beds", "Wilts", "Dorset"):
        mark(store, campaign, force, "sent", SENT)
    mark(store, campaign, "Herts", "successful", date(2026, 6, 10))   # 14 working days
    mark(store, campaign, "Beds", "reply-received", date(2026, 6, 19))  # 20, the last day
    mark(store, campaign, "Wilts", "refused", date(2026, 6, 26), sections=["s.12"])  # 25: late
    stats = status_board(store, campaign, date(2026, 7, 1)).stats
    assert stats == {"sent": 4, "replied": 3, "on_time": 2, "on_time_rate": 0.6667,
                     "median_working_days_to_reply": 20}


def test_board_and_dataset_differences_are_named(store, campaign):
    for force in ("Herts", "Beds", "Wilts", "Dorset"):
        mark(store, campaign, force, "sent", SENT)
    with store.transaction() as db:
        db.execute("INSERT INTO datasets (id, title) VALUES ('nspcc', 'nspcc')")
        db.execute("INSERT INTO observations (dataset, area, period, measure, value, status) "
                   "VALUES ('nspcc', 'bedfordshire', '2016/17', 'child_sex_offences', 400, "
                   "'reported')")
    mark(store, campaign, "Herts", "successful", date(2026, 6, 10))   # no figure imported
    mark(store, campaign, "Wilts", "refused", date(2026, 6, 10), sections=["s.12"])
    board = status_board(store, campaign, date(2026, 6, 23))
    found = {(d.force, d.reason) for d in board.differences}
    assert found == {
        ("hertfordshire", "the board says successful but the dataset has no figure"),
        ("bedfordshire", "the dataset has figures but the board says overdue")}
    assert board.dataset_covered == ["bedfordshire"]


def test_the_board_shows_events_it_could_not_place(store, campaign):
    mark(store, campaign, "Herts", "sent", SENT)
    with store.transaction() as db:   # as a store migrated from the old log might hold
        queries.insert_event(db, get_request(store, campaign, "Herts").id, kind="extended",
                             on_date=date(2026, 6, 1), outcome=None, sections=[], until=None,
                             reply_id=None, note=None)
    row = next(r for r in status_board(store, campaign, TODAY).rows if r.force == "hertfordshire")
    assert row.ignored == ["extended on 2026-06-01: name the exemption whose public interest "
                           "test needs the time (s.17(2)), e.g. --section s.31(1)"]
    assert row.bucket == "long_overdue"


def test_the_old_status_log_is_migrated_to_dated_events(tmp_path, monkeypatch):
    old = tmp_path / "old-migrations"
    old.mkdir()
    for script in sorted(Path(str(store_module.MIGRATIONS)).glob("00[1-5]_*.sql")):
        shutil.copy(script, old / script.name)
    monkeypatch.setattr(store_module, "MIGRATIONS", old)
    with Store(tmp_path / "old.duckdb") as before:
        before.db.execute("INSERT INTO foi_campaigns (name, question_template, requester) "
                          "VALUES ('old', 'How many?', 'Sam')")
        before.db.execute(
            "INSERT INTO foi_requests (campaign_id, force, foi_law, status, extended_until) "
            "VALUES (1, 'hertfordshire', 'FOIA', 'extended', '2026-07-03'), "
            "(1, 'police-scotland', 'FOISA', 'internal_review', NULL)")
        for row in ((1, "sent", "2026-05-20", None), (1, "clarification_requested",
                    "2026-05-22", None), (1, "sent", "2026-05-25", None),
                    (1, "sent", "2026-05-26", None), (1, "extended", "2026-06-10", None),
                    (2, "draft", "2026-05-01", None), (2, "sent", "2026-05-20", None),
                    (2, "refused", "2026-06-10", "s.12, s.38(1)(b)"),
                    (2, "internal_review", "2026-06-12", None)):
            before.db.execute("INSERT INTO foi_events (request_id, status, on_date, sections) "
                              "VALUES (?, ?, ?, ?)", list(row))
    monkeypatch.undo()
    with Store(tmp_path / "old.duckdb") as after:
        events = after.rows("SELECT request_id, kind, on_date, outcome, sections, until "
                            "FROM foi_request_events ORDER BY id")
        herts, scotland = (requests(after, "old", [f])[0] for f in ("hertfordshire",
                                                                     "police-scotland"))
        columns = {r["column_name"] for r in after.rows("DESCRIBE foi_requests")}
    assert [(e["request_id"], e["kind"], e["outcome"], e["sections"], e["until"])
            for e in events] == [
        (1, "sent", None, [], None), (1, "clarification_asked", None, [], None),
        (1, "clarification_answered", None, [], None), (1, "extended", None, [],
                                                         date(2026, 7, 3)),
        (2, "sent", None, [], None), (2, "classified", "refused", ["s.12", "s.38(1)(b)"], None),
        (2, "review_asked", None, [], None)]
    assert scotland.state == lc.REVIEW and scotland.timeline.answer == lc.REFUSED
    # the old extension named no exemption: kept, shown, not applied
    assert herts.state == lc.AWAITING and len(herts.timeline.ignored) == 1
    assert columns == {"id", "campaign_id", "force", "foi_law", "reference"}


HISTORY = [  # Police Scotland's year: refused, reviewed, answered on review, all dated
    ("sent", SENT, {}), ("acknowledged", date(2026, 5, 21), {}),
    ("refused", date(2026, 6, 10), {"sections": ["s.12"]}),
    ("review-asked", date(2026, 6, 12), {}),
    ("review-answered", date(2026, 7, 1), {"outcome": "partially successful",
                                           "sections": ["s.38(1)(b)"]}),
]


@pytest.mark.parametrize("order", [[0, 1, 2, 3, 4], [0, 4, 3, 2, 1], [0, 2, 1, 4, 3],
                                   [0, 3, 4, 1, 2]])
def test_the_same_dated_events_entered_in_any_order_give_the_same_board(store, campaign, order):
    """Entered one by one through the store; an event whose predecessor is not in yet is
    refused and entered again after it, as a reporter would."""
    pending = [HISTORY[i] for i in order]
    while pending:
        what, on, details = pending.pop(0)
        try:
            mark(store, campaign, "Police Scotland", what, on, **details)
        except FoiError:
            pending.append((what, on, details))
    row = next(r for r in status_board(store, campaign, TODAY).rows
               if r.force == "police-scotland")
    assert (row.state, row.bucket, row.outcome, row.sections, row.answer) == (
        lc.REVIEWED, "partially_successful", lc.PARTIALLY_SUCCESSFUL, "s.38(1)(b)", lc.REFUSED)
    assert (row.replied, row.on_time, row.review_asked) == ("2026-06-10", True, "2026-06-12")
