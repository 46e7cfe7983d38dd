from datetime import date

import pytest

from localwire.areas import gazetteer_of
from localwire.errors import TemplateError, UnknownAreaError
from localwire.foi import create_campaign, get_request, mark_request, requests, status_board
from localwire.foi.campaign import FoiError, normalise_section, parse_status
from localwire.foi.deadlines import due_date

QUESTION = ("Please tell me how many sexual offences against children {{ force.name }} "
            "recorded in {{ periods | join(', ') }}.")
TODAY = date(2026, 9, 1)


@pytest.fixture
def campaign(store):
    return create_campaign(store, "nspcc", QUESTION, dataset="nspcc", periods=["2016/17"],
                           measures=["child_sex_offences"], requester="Sam Reporter")


def test_a_campaign_asks_all_46_forces_under_the_right_law(store, campaign):
    made = requests(store, campaign)
    assert len(made) == len(gazetteer_of(store).forces()) == 46
    laws = {r.force: r.law for r in made}
    assert laws["police-scotland"] == "FOISA"
    assert {law for force, law in laws.items() if force != "police-scotland"} == {"FOIA"}
    assert {r.status for r in made} == {"draft"}
    assert campaign.periods == ("2016/17",)


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


@pytest.mark.parametrize(("text", "status"), [
    ("sent", "sent"), ("Not held", "not_held"), ("not-held", "not_held"),
    ("clarification-requested", "clarification_requested"), ("review", "internal_review"),
    ("partially successful", "partially_successful"), ("APPEAL", "appeal"),
])
def test_status_words(text, status):
    assert parse_status(text) == status


@pytest.mark.parametrize("text", ["overdue", "long overdue", "long-overdue"])
def test_overdue_cannot_be_set_by_hand(text):
    with pytest.raises(FoiError, match="computed"):
        parse_status(text)


@pytest.mark.parametrize(("text", "section"), [
    ("s.12", "s.12"), ("section 40(2)", "s.40(2)"), ("S40 (2)", "s.40(2)"), ("43", "s.43"),
    ("s. 31(1)(a)", "s.31(1)(a)"), ("Section 14", "s.14"),
])
def test_sections_are_normalised(text, section):
    assert normalise_section(text) == section


@pytest.mark.parametrize(("events", "today", "effective", "due", "overdue"), [
    ([("sent", date(2026, 5, 20))], date(2026, 6, 19), "sent", date(2026, 6, 19), 0),
    ([("sent", date(2026, 5, 20))], date(2026, 6, 22), "overdue", date(2026, 6, 19), 1),
    ([("sent", date(2026, 5, 20))], date(2026, 7, 21), "long_overdue", date(2026, 6, 19), 21),
    ([("sent", date(2026, 5, 20)), ("acknowledged", date(2026, 5, 21))], date(2026, 6, 22),
     "overdue", date(2026, 6, 19), 1),
    # public interest extension without a promised date: 20 more working days
    ([("sent", date(2026, 5, 20)), ("extended", date(2026, 6, 18))], date(2026, 7, 1),
     "extended", date(2026, 7, 20), 0),
    # a clarification stops the clock; answering it (marking sent again) restarts it
    ([("sent", date(2026, 5, 20)), ("clarification_requested", date(2026, 5, 27))],
     date(2026, 8, 3), "clarification_requested", None, 0),
    ([("sent", date(2026, 5, 20)), ("clarification_requested", date(2026, 5, 27)),
      ("sent", date(2026, 6, 1))], date(2026, 6, 29), "sent", date(2026, 6, 30), 0),
    # replied: no longer overdue, whatever the date
    ([("sent", date(2026, 5, 20)), ("successful", date(2026, 6, 25))], date(2026, 8, 3),
     "successful", date(2026, 6, 19), 0),
    # internal review: 20 working days from the request for review
    ([("sent", date(2026, 5, 20)), ("refused", date(2026, 6, 10)),
      ("internal_review", date(2026, 6, 12))], date(2026, 7, 15), "overdue",
     date(2026, 7, 14), 1),
    ([("sent", date(2026, 5, 20)), ("appeal", date(2026, 8, 3))], date(2026, 9, 1),
     "appeal", date(2026, 6, 19), 0),
])
def test_effective_status_and_due(store, campaign, events, today, effective, due, overdue):
    for status, on in events:
        mark_request(store, campaign, "Herts", status, on=on, today=today)
    request = get_request(store, campaign, "Herts")
    assert request.due() == due
    assert request.effective_status(today) == effective
    assert request.working_days_overdue(today) == overdue


def test_extension_with_a_promised_date_and_none_under_foisa(store, campaign):
    for force in ("Herts", "Police Scotland"):
        mark_request(store, campaign, force, "sent", on=date(2026, 5, 20), today=TODAY)
    mark_request(store, campaign, "Herts", "extended", on=date(2026, 6, 18),
                 until=date(2026, 7, 3), today=TODAY)
    mark_request(store, campaign, "Police Scotland", "extended", on=date(2026, 6, 18),
                 today=TODAY)
    assert get_request(store, campaign, "Herts").due() == date(2026, 7, 3)
    # FOISA has no public interest extension: the statutory deadline stands
    assert get_request(store, campaign, "Police Scotland").due() == due_date(
        date(2026, 5, 20), "FOISA")


@pytest.mark.parametrize(("events", "message"), [
    ([("acknowledged", date(2026, 5, 21))], "not been sent"),
    ([("sent", date(2026, 5, 20)), ("refused", date(2026, 5, 1))], "before the request"),
    ([("sent", date(2026, 9, 2))], "future"),
    ([("sent", date(2026, 5, 20)), ("draft", date(2026, 5, 21))], "back to draft"),
])
def test_impossible_events(store, campaign, events, message):
    *before, (status, on) = events
    for earlier, day in before:
        mark_request(store, campaign, "Herts", earlier, on=day, today=TODAY)
    with pytest.raises(FoiError, match=message):
        mark_request(store, campaign, "Herts", status, on=on, today=TODAY)


def test_sections_only_with_a_refusal(store, campaign):
    mark_request(store, campaign, "Herts", "sent", on=date(2026, 5, 20), today=TODAY)
    with pytest.raises(FoiError, match="sections go with"):
        mark_request(store, campaign, "Herts", "successful", sections=["s.12"], today=TODAY)


def test_every_change_is_kept_as_an_event(store, campaign):
    mark_request(store, campaign, "Herts", "sent", on=date(2026, 5, 20), today=TODAY)
    mark_request(store, campaign, "Herts", "refused", on=date(2026, 6, 1),
                 sections=["section 12"], note="cost", today=TODAY)
    events = store.rows("SELECT status, on_date, sections, note FROM foi_events ORDER BY id")
    assert [(e["status"], e["on_date"], e["sections"]) for e in events] == [
        ("sent", date(2026, 5, 20), None), ("refused", date(2026, 6, 1), "s.12")]


def test_a_refusal_becomes_observations_but_never_replaces_a_figure(store, campaign):
    with store.transaction() as db:
        db.execute("INSERT INTO observations (dataset, area, period, measure, value, status) "
                   "VALUES ('nspcc', 'wiltshire', '2016/17', 'child_sex_offences', 570, "
                   "'reported')")
    for force in ("Herts", "Wilts"):
        mark_request(store, campaign, force, "sent", on=date(2026, 5, 20), today=TODAY)
    herts = mark_request(store, campaign, "Herts", "refused", on=date(2026, 6, 1),
                         sections=["s.12"], today=TODAY)
    wilts = mark_request(store, campaign, "Wilts", "not held", on=date(2026, 6, 1), today=TODAY)
    assert (herts.observations_written, herts.observations_kept) == (1, 0)
    assert (wilts.observations_written, wilts.observations_kept) == (0, 1)
    rows = store.rows("SELECT area, status, value, note FROM observations WHERE current "
                      "ORDER BY area")
    assert [(r["area"], r["status"], r["value"]) for r in rows] == [
        ("hertfordshire", "refused", None), ("wiltshire", "reported", 570)]
    assert "s.12" in rows[0]["note"]
    linked = store.rows("SELECT observation_id FROM foi_status_observations")
    assert len(linked) == 1
    # marking it again changes nothing
    again = mark_request(store, campaign, "Herts", "refused", on=date(2026, 6, 1), today=TODAY)
    assert again.observations_written == 0


def test_board_counts_and_summary(store, campaign):
    for force in ("Herts", "Beds", "Wilts", "Dorset", "Police Scotland", "Kent"):
        mark_request(store, campaign, force, "sent", on=date(2026, 5, 20), today=TODAY)
    mark_request(store, campaign, "Herts", "successful", on=date(2026, 6, 10), today=TODAY)
    mark_request(store, campaign, "Beds", "partially successful", on=date(2026, 6, 10),
                 sections=["s.40(2)"], today=TODAY)
    mark_request(store, campaign, "Wilts", "refused", on=date(2026, 6, 10), sections=["s.12"],
                 today=TODAY)
    mark_request(store, campaign, "Kent", "withdrawn", on=date(2026, 6, 10), today=TODAY)
    board = status_board(store, campaign, date(2026, 6, 23))
    counts = board.counts
    assert counts["replied"] == 2 and counts["refused"] == 1 and counts["withdrawn"] == 1
    assert counts["overdue"] == 2  # Dorset and Police Scotland
    assert counts["draft"] == 40
    assert board.summary == "2 replied, 2 overdue, 1 refused, 1 withdrawn, 40 not sent of 46"
    row = next(r for r in board.rows if r.force == "police-scotland")
    assert (row.law, row.sent, row.due, row.status, row.working_days_overdue) == (
        "FOISA", "2026-05-20", "2026-06-19", "overdue", 2)
