import hashlib
import os
from datetime import date

import pytest

from localwire.errors import InputErrors
from localwire.foi import (
    FoiError,
    attach_reply,
    create_campaign,
    detect_sections,
    get_request,
    import_reply,
    record_event,
    replies_for,
    status_board,
    suggest_outcome,
)
from localwire.foi import lifecycle as lc
from localwire.store import campaigns as queries

QUESTION = "How many sexual offences against children did {{ force.name }} record?"
HEADER = "area,period,measure,breakdown,value,status,note\n"
TODAY = date(2026, 7, 1)
SENT = date(2026, 5, 20)
RECEIVED = date(2026, 6, 12)


@pytest.fixture
def campaign(store):
    made = create_campaign(store, "nspcc", QUESTION, dataset="nspcc", periods=["2016/17"],
                           measures=["child_sex_offences"], requester="Sam Reporter",
                           address="sam@example.org")
    for force in ("Herts", "Beds", "Wilts", "Dorset", "Kent", "Police Scotland"):
        record_event(store, made, force, "sent", on=SENT, today=TODAY)
    return made


def reply_file(tmp_path, name, body, header=HEADER):
    path = tmp_path / "inbox" / name
    path.parent.mkdir(exist_ok=True)
    path.write_bytes((header + body).encode("utf-8"))
    return path


def attach(store, campaign, force, path, received=RECEIVED):
    return attach_reply(store, campaign, force, path, received=received, today=TODAY)


def test_attach_keeps_the_file_byte_for_byte(store, campaign, tmp_path):
    original = tmp_path / "reply herts.pdf"
    data = bytes(range(256)) * 10
    original.write_bytes(data)
    result = attach(store, campaign, "Herts", original)
    kept = result.reply.path(store)
    assert kept.read_bytes() == data
    assert kept.is_relative_to(store.files_dir / "foi")
    assert result.reply.sha256 == hashlib.sha256(data).hexdigest()
    assert (result.reply.size_bytes, result.reply.filename) == (len(data), "reply herts.pdf")
    assert not os.access(kept, os.W_OK) or os.geteuid() == 0  # read-only (root ignores modes)
    assert not result.already_attached


def test_attaching_records_the_reply_received_on_its_own_date(store, campaign, tmp_path):
    result = attach(store, campaign, "Herts", reply_file(tmp_path, "h.csv", ""))
    assert result.request.state == lc.TO_CLASSIFY
    events = [(e.kind, e.on, e.reply_id) for e in result.request.events]
    assert events[-1] == (lc.REPLY_RECEIVED, RECEIVED, result.reply.id)
    row = next(r for r in status_board(store, campaign, TODAY).rows if r.force == "hertfordshire")
    assert (row.bucket, row.replied, row.on_time) == ("to_classify", "2026-06-12", True)


def test_attach_needs_the_received_date(store, campaign, tmp_path):
    with pytest.raises(FoiError, match="--received"):
        attach(store, campaign, "Herts", reply_file(tmp_path, "h.csv", ""), received=None)
    assert replies_for(store, get_request(store, campaign, "Herts")) == []


def test_an_email_reply_is_received_on_its_date(store, campaign, tmp_path):
    message = tmp_path / "reply.eml"
    message.write_bytes(b"Subject: FOI 123\nDate: Wed, 10 Jun 2026 16:02:11 +0100\n"
                        b"Content-Type: text/plain; charset=utf-8\n\n"
                        b"The information is exempt under section 40(2).\n")
    result = attach(store, campaign, "Kent", message, received=None)
    assert result.received == date(2026, 6, 10)
    assert [hit.section for hit in result.sections] == ["s.40(2)"]


def test_attaching_to_a_request_never_sent_stores_nothing(store, campaign, tmp_path):
    with pytest.raises(FoiError, match="not been sent"):
        attach(store, campaign, "Essex", reply_file(tmp_path, "e.csv", ""))
    assert store.rows("SELECT * FROM foi_replies") == []
    assert not (store.files_dir / "foi").exists() or not any((store.files_dir / "foi").iterdir())


def test_attaching_the_same_bytes_twice_changes_nothing(store, campaign, tmp_path):
    path = reply_file(tmp_path, "herts.csv", "Herts,2016/17,child_sex_offences,,771,,\n")
    first = attach(store, campaign, "Herts", path)
    copy = tmp_path / "renamed.csv"
    copy.write_bytes(path.read_bytes())
    second = attach(store, campaign, "Herts", copy, received=date(2026, 6, 20))
    assert second.already_attached and second.reply == first.reply
    request = get_request(store, campaign, "Herts")
    assert len(replies_for(store, request)) == 1
    assert [e.kind for e in request.events].count(lc.REPLY_RECEIVED) == 1
    # the same bytes from another force are that force's reply too
    other = attach(store, campaign, "Beds", path)
    assert not other.already_attached and other.reply.id != first.reply.id


def test_attach_a_missing_file(store, campaign, tmp_path):
    with pytest.raises(FoiError, match="not found"):
        attach(store, campaign, "Herts", tmp_path / "nope.pdf")


@pytest.mark.parametrize(("text", "law", "sections", "outcome"), [
    ("We estimate that complying would exceed the cost limit under Section 12 of the Act.",
     "FOIA", ["s.12"], "refused"),
    ("Figures under 5 are withheld under s.40(2) (personal information); the rest follow.",
     "FOIA", ["s.40(2)"], "partially_successful"),
    ("Figures under 5 are withheld under s.40(2) (personal information).",
     "FOIA", ["s.40(2)"], "refused"),
    ("Please find the figures attached; victims' ages are withheld under section 40(2).",
     "FOIA", ["s.40(2)"], "partially_successful"),
    ("Exemptions applied: S.31(1)(a) and section 30(1); see also s 43(2).",
     "FOIA", ["s.31(1)(a)", "s.30(1)", "s.43(2)"], "refused"),
    ("Please find the figures attached. Kind regards.", "FOIA", [], None),
    ("In terms of section 17 of FOISA, the information is not held by Police Scotland.",
     "FOISA", ["s.17"], "not_held"),
    ("The cost of compliance is excessive (section 12 of FOISA); section 38(1)(b) applies.",
     "FOISA", ["s.12", "s.38(1)(b)"], "refused"),
    ("The force does not hold this information.", "FOIA", [], "not_held"),
    ("We have 12 cases from 2016 and s 2016 is not a section.", "FOIA", [], None),
])
def test_sections_detected_in_reply_text(text, law, sections, outcome):
    assert [hit.section for hit in detect_sections(text, law)] == sections
    assert suggest_outcome(text, law) == outcome


@pytest.mark.parametrize(("name", "body", "outcome"), [
    ("kent.csv", "area,period,measure,breakdown,value,status,note\n"
     "Kent,2016/17,child_sex_offences,,1422,reported,\n"
     "Kent,2016/17,child_sex_offences,online_flagged,<5,suppressed,s.40(2)\n",
     "partially_successful"),
    ("kent.csv", "area,period,measure,breakdown,value,status,note\n"
     "Kent,2016/17,child_sex_offences,,,refused,exceeds the cost limit (s.12) on 01/06/2017\n",
     "refused"),
])
def test_a_table_of_figures_citing_a_section_reads_as_a_partial_answer(store, campaign, tmp_path,
                                                                       name, body, outcome):
    reply = tmp_path / name
    reply.write_text(body, encoding="utf-8")
    assert attach(store, campaign, "Herts", reply).suggested_outcome == outcome


def test_attach_shows_the_sections_without_applying_them(store, campaign, tmp_path):
    letter = tmp_path / "herts.txt"
    letter.write_text("Your request is refused under section 12 (cost).", encoding="utf-8")
    result = attach(store, campaign, "Herts", letter)
    assert [hit.section for hit in result.sections] == ["s.12"]
    assert "cost" in result.sections[0].description
    assert result.suggested_outcome == "refused"
    assert get_request(store, campaign, "Herts").state == lc.TO_CLASSIFY


@pytest.mark.parametrize(("body", "outcome", "sections"), [
    ("Herts,2016/17,child_sex_offences,,771,,\n"
     "Herts,2016/17,child_sex_offences,online_flagged,80,,\n", "successful", ()),
    ("Herts,2016/17,child_sex_offences,,771,,\n"
     "Herts,2016/17,child_sex_offences,aged_1_and_under,<5,suppressed,withheld s.40(2)\n",
     "partially_successful", ("s.40(2)",)),
    ("Herts,2016/17,child_sex_offences,,,refused,exceeds the cost limit (s.12)\n", "refused",
     ("s.12",)),
    ("Herts,2016/17,child_sex_offences,,,not_held,\n", "not_held", ()),
])
def test_import_links_observations_and_classifies_on_the_day_received(
        store, campaign, tmp_path, body, outcome, sections):
    path = reply_file(tmp_path, "herts.csv", body)
    attached = attach(store, campaign, "Herts", path)
    done = import_reply(store, campaign, "Herts", today=TODAY)
    assert (done.outcome, done.classified) == (outcome, True)
    timeline = done.request.timeline
    assert (timeline.state, timeline.outcome, timeline.sections) == (lc.ANSWERED, outcome,
                                                                     sections)
    assert timeline.outcome_on == RECEIVED          # the day received, not the day imported
    links = queries.reply_import_rows(store)
    assert [(r["request_id"], r["reply_id"], r["source_id"]) for r in links] == [
        (attached.reply.request_id, attached.reply.id, done.result.source_id)]
    imported = store.rows("SELECT count(*) AS n FROM observations WHERE source_id = ?",
                          [done.result.source_id])[0]["n"]
    assert imported == done.result.added == body.count("\n")
    assert not status_board(store, campaign, TODAY).differences
    again = import_reply(store, campaign, "Herts", today=TODAY)
    assert again.result.unchanged and not again.classified
    assert len(queries.reply_import_rows(store)) == 1



def test_the_same_bytes_attached_to_another_force_are_still_refused(store, campaign, tmp_path):
    """Importing identical bytes again is a no-op, but not a way round the reply's check: one
    force's reply attached to another force's request is refused there too, nothing linked."""
    herts = reply_file(tmp_path, "herts.csv", "Herts,2016/17,child_sex_offences,,771,,\n")
    attach(store, campaign, "Herts", herts)
    import_reply(store, campaign, "Herts", today=TODAY)
    attach(store, campaign, "Beds", herts)
    with pytest.raises(InputErrors) as failed:
        import_reply(store, campaign, "Beds", today=TODAY)
    assert [(p.code, p.place) for p in failed.value.problems] == [("unexpected-area", "row 2")]
    assert "hertfordshire" in failed.value.problems[0].message
    assert len(queries.reply_import_rows(store)) == 1
    assert get_request(store, campaign, "Beds").state != lc.ANSWERED

def test_a_refusal_naming_no_section_is_left_to_classify(store, campaign, tmp_path):
    attach(store, campaign, "Herts", reply_file(
        tmp_path, "herts.csv", "Herts,2016/17,child_sex_offences,,,refused,\n"))
    done = import_reply(store, campaign, "Herts", today=TODAY)
    assert (done.outcome, done.classified, done.request.state) == (
        "refused", False, lc.TO_CLASSIFY)


def test_a_tracker_of_every_force_attached_to_one_writes_nothing(store, campaign, tmp_path):
    """The issue's case: another force's rows in one force's reply. Never taken from a reply,
    even when told to accept a mismatch; nothing is written."""
    tracker = reply_file(tmp_path, "tracker.csv",
                         "Herts,2016/17,child_sex_offences,,771,,\n"
                         "Beds,2016/17,child_sex_offences,,,refused,s.12\n"
                         "Wilts,2016/17,child_sex_offences,,,not_held,\n")
    attach(store, campaign, "Herts", tracker)
    for accept in (False, True):
        with pytest.raises(InputErrors) as failed:
            import_reply(store, campaign, "Herts", today=TODAY, accept_mismatch=accept)
        problems = failed.value.problems
        assert [(p.code, p.place) for p in problems] == [("unexpected-area", "row 3"),
                                                         ("unexpected-area", "row 4")]
        assert "not what the request to Hertfordshire asked for" in problems[0].message
        assert "`localwire import`" in problems[0].hint
    assert store.rows("SELECT * FROM observations") == []
    assert get_request(store, campaign, "Beds").state == lc.AWAITING


def test_calendar_years_for_financial_years_need_an_explicit_yes(store, campaign, tmp_path):
    attach(store, campaign, "Herts", reply_file(
        tmp_path, "herts.csv", "Herts,2016,child_sex_offences,,760,,\n"
                               "Herts,2016/17,child_sex_offences_rate,,12,,\n"))
    with pytest.raises(InputErrors) as failed:
        import_reply(store, campaign, "Herts", today=TODAY)
    assert [p.code for p in failed.value.problems] == ["unexpected-period",
                                                       "unexpected-measure"]
    assert "--accept-mismatch" in failed.value.problems[0].hint
    done = import_reply(store, campaign, "Herts", today=TODAY, accept_mismatch=True)
    assert done.result.added == 2
    # the figures are kept, but they do not answer what was asked: not classified
    assert (done.outcome, done.classified, done.request.state) == (None, False, lc.TO_CLASSIFY)
    record_event(store, campaign, "Herts", "partially successful", on=RECEIVED, today=TODAY)
    differences = status_board(store, campaign, TODAY).differences
    assert [(d.force, d.reason) for d in differences] == [
        ("hertfordshire", "the board says partially successful but the dataset has no figure")]


def test_a_pdf_without_a_recipe_is_told_it_needs_one(store, campaign, tmp_path):
    pdf = tmp_path / "reply.pdf"
    pdf.write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    attach(store, campaign, "Herts", pdf)
    with pytest.raises(InputErrors) as failed:
        import_reply(store, campaign, "Herts", today=TODAY)
    assert [p.code for p in failed.value.problems] == ["needs-recipe"]
    assert "--recipe" in failed.value.problems[0].hint


def test_a_failed_import_keeps_the_reply(store, campaign, tmp_path):
    path = reply_file(tmp_path, "herts.csv", "Hertz Police,2016/17,child_sex_offences,,771,,\n"
                                             "Herts,2016/17,child_sex_offences,,seven,,\n")
    data = path.read_bytes()
    attached = attach(store, campaign, "Herts", path)
    with pytest.raises(InputErrors) as failure:
        import_reply(store, campaign, "Herts", today=TODAY)
    assert {p.code for p in failure.value.problems} == {"unknown-area", "bad-value"}
    request = get_request(store, campaign, "Herts")
    assert replies_for(store, request) == [attached.reply]
    assert attached.reply.path(store).read_bytes() == data
    assert request.state == lc.TO_CLASSIFY
    assert queries.reply_import_rows(store) == []
    assert store.rows("SELECT * FROM observations") == []


def test_import_needs_a_reply_and_a_dataset(store, campaign, tmp_path):
    with pytest.raises(FoiError, match="no reply attached"):
        import_reply(store, campaign, "Herts", today=TODAY)
    bare = create_campaign(store, "no-dataset", QUESTION, forces="Herts")
    with pytest.raises(FoiError, match="no dataset"):
        import_reply(store, bare, "Herts", today=TODAY)


def test_import_chooses_a_reply_by_name(store, campaign, tmp_path):
    attach(store, campaign, "Herts", reply_file(
        tmp_path, "first.csv", "Herts,2016/17,child_sex_offences,,771,,\n"))
    attach(store, campaign, "Herts", reply_file(
        tmp_path, "second.csv", "Herts,2016/17,child_sex_offences,,,refused,s.12\n"),
        received=date(2026, 6, 15))
    done = import_reply(store, campaign, "Herts", reply="first.csv", today=TODAY)
    assert done.reply.filename == "first.csv" and done.outcome == "successful"
    with pytest.raises(FoiError, match="matches"):
        import_reply(store, campaign, "Herts", reply="third.csv", today=TODAY)


def test_a_reply_to_a_review_is_the_reviews_answer(store, campaign, tmp_path):
    record_event(store, campaign, "Kent", "refused", on=date(2026, 6, 10), sections=["s.12"],
                 today=TODAY)
    record_event(store, campaign, "Kent", "review-asked", on=date(2026, 6, 12), today=TODAY)
    attach(store, campaign, "Kent", reply_file(
        tmp_path, "kent.csv", "Kent,2016/17,child_sex_offences,,1192,,\n"),
        received=date(2026, 6, 30))
    assert get_request(store, campaign, "Kent").state == lc.REVIEW_TO_CLASSIFY
    done = import_reply(store, campaign, "Kent", today=TODAY)
    timeline = done.request.timeline
    assert (timeline.state, timeline.outcome, timeline.answer) == (
        lc.REVIEWED, lc.SUCCESSFUL, lc.REFUSED)
    assert timeline.review_answered_on == date(2026, 6, 30)
