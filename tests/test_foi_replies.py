import hashlib
import os
from datetime import date

import pytest

from localwire.errors import InputErrors
from localwire.foi import (
    attach_reply,
    compare_coverage,
    create_campaign,
    dataset_coverage,
    detect_sections,
    get_request,
    import_reply,
    mark_request,
    replies_for,
    status_board,
    suggest_status,
)
from localwire.foi.campaign import FoiError

QUESTION = "How many sexual offences against children did {{ force.name }} record?"
HEADER = "area,period,measure,breakdown,value,status,note\n"
TODAY = date(2026, 7, 1)
SENT = date(2026, 5, 20)


@pytest.fixture
def campaign(store):
    made = create_campaign(store, "nspcc", QUESTION, dataset="nspcc", periods=["2016/17"],
                           measures=["child_sex_offences"], requester="Sam Reporter")
    for request in ("Herts", "Beds", "Wilts", "Dorset", "Kent", "Police Scotland"):
        mark_request(store, made, request, "sent", on=SENT, today=TODAY)
    return made


def reply_file(tmp_path, name, body, header=HEADER):
    path = tmp_path / "inbox" / name
    path.parent.mkdir(exist_ok=True)
    path.write_bytes((header + body).encode("utf-8"))
    return path


def test_attach_keeps_the_file_byte_for_byte(store, campaign, tmp_path):
    original = tmp_path / "reply herts.pdf"
    data = bytes(range(256)) * 10
    original.write_bytes(data)
    result = attach_reply(store, campaign, "Herts", original)
    kept = result.reply.path(store)
    assert kept.read_bytes() == data
    assert kept.is_relative_to(store.files_dir / "foi")
    assert result.reply.sha256 == hashlib.sha256(data).hexdigest()
    assert (result.reply.size_bytes, result.reply.filename) == (len(data), "reply herts.pdf")
    assert not os.access(kept, os.W_OK) or os.geteuid() == 0  # read-only (root ignores modes)
    assert not result.already_attached


def test_attaching_the_same_bytes_twice_changes_nothing(store, campaign, tmp_path):
    path = reply_file(tmp_path, "herts.csv", "Herts,2016/17,child_sex_offences,,771,,\n")
    first = attach_reply(store, campaign, "Herts", path)
    copy = tmp_path / "renamed.csv"
    copy.write_bytes(path.read_bytes())
    second = attach_reply(store, campaign, "Herts", copy)
    assert second.already_attached and second.reply == first.reply
    assert len(replies_for(store, get_request(store, campaign, "Herts"))) == 1
    # the same bytes from another force are that force's reply too
    other = attach_reply(store, campaign, "Beds", path)
    assert not other.already_attached and other.reply.id != first.reply.id


def test_attach_a_missing_file(store, campaign, tmp_path):
    with pytest.raises(FoiError, match="not found"):
        attach_reply(store, campaign, "Herts", tmp_path / "nope.pdf")


@pytest.mark.parametrize(("text", "law", "sections", "status"), [
    ("We estimate that complying would exceed the cost limit under Section 12 of the Act.",
     "FOIA", ["s.12"], "refused"),
    ("Figures under 5 are withheld under s.40(2) (personal information); the rest follow.",
     "FOIA", ["s.40(2)"], "refused"),
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
def test_sections_detected_in_reply_text(text, law, sections, status):
    assert [hit.section for hit in detect_sections(text, law)] == sections
    assert suggest_status(text, law) == status


def test_attach_shows_the_sections_without_applying_them(store, campaign, tmp_path):
    letter = tmp_path / "herts.txt"
    letter.write_text("Your request is refused under section 12 (cost).", encoding="utf-8")
    result = attach_reply(store, campaign, "Herts", letter)
    assert [hit.section for hit in result.sections] == ["s.12"]
    assert "cost" in result.sections[0].description
    assert result.suggested_status == "refused"
    assert get_request(store, campaign, "Herts").status == "sent"


def test_sections_in_an_email_reply(store, campaign, tmp_path):
    message = tmp_path / "reply.eml"
    message.write_bytes(b"Subject: FOI 123\nContent-Type: text/plain; charset=utf-8\n\n"
                        b"The information is exempt under section 40(2).\n")
    result = attach_reply(store, campaign, "Kent", message)
    assert [hit.section for hit in result.sections] == ["s.40(2)"]


@pytest.mark.parametrize(("body", "status"), [
    ("Herts,2016/17,child_sex_offences,,771,,\n"
     "Herts,2016/17,child_sex_offences,online_flagged,80,,\n", "successful"),
    ("Herts,2016/17,child_sex_offences,,771,,\n"
     "Herts,2016/17,child_sex_offences,aged_1_and_under,<5,suppressed,s.40(2)\n",
     "partially_successful"),
    ("Herts,2016/17,child_sex_offences,,,refused,s.12\n", "refused"),
    ("Herts,2016/17,child_sex_offences,,,not_held,\n", "not_held"),
])
def test_import_links_observations_and_sets_the_status(store, campaign, tmp_path, body, status):
    path = reply_file(tmp_path, "herts.csv", body)
    attached = attach_reply(store, campaign, "Herts", path)
    outcome = import_reply(store, campaign, "Herts", today=TODAY)
    assert outcome.status == status and outcome.status_changed
    links = store.rows("SELECT request_id, reply_id, source_id FROM foi_reply_imports")
    assert links == [{"request_id": attached.reply.request_id, "reply_id": attached.reply.id,
                      "source_id": outcome.result.source_id}]
    imported = store.rows("SELECT count(*) AS n FROM observations WHERE source_id = ?",
                          [outcome.result.source_id])[0]["n"]
    assert imported == outcome.result.added == body.count("\n")
    assert get_request(store, campaign, "Herts").replied_on == TODAY
    # importing again changes nothing
    again = import_reply(store, campaign, "Herts", today=TODAY)
    assert again.result.unchanged and not again.status_changed
    assert len(store.rows("SELECT * FROM foi_reply_imports")) == 1


def test_a_failed_import_keeps_the_reply(store, campaign, tmp_path):
    path = reply_file(tmp_path, "herts.csv", "Hertz Police,2016/17,child_sex_offences,,771,,\n"
                                             "Herts,2016/17,child_sex_offences,,seven,,\n")
    data = path.read_bytes()
    attached = attach_reply(store, campaign, "Herts", path)
    with pytest.raises(InputErrors) as failure:
        import_reply(store, campaign, "Herts", today=TODAY)
    assert {p.code for p in failure.value.problems} == {"unknown-area", "bad-value"}
    request = get_request(store, campaign, "Herts")
    assert replies_for(store, request) == [attached.reply]
    assert attached.reply.path(store).read_bytes() == data
    assert request.status == "sent"
    assert store.rows("SELECT * FROM foi_reply_imports") == []
    assert store.rows("SELECT * FROM observations") == []


def test_import_needs_a_reply_and_a_dataset(store, campaign, tmp_path):
    with pytest.raises(FoiError, match="no reply attached"):
        import_reply(store, campaign, "Herts")
    bare = create_campaign(store, "no-dataset", QUESTION, forces="Herts")
    with pytest.raises(FoiError, match="no dataset"):
        import_reply(store, bare, "Herts")


def test_import_chooses_a_reply_by_name(store, campaign, tmp_path):
    attach_reply(store, campaign, "Herts", reply_file(
        tmp_path, "first.csv", "Herts,2016/17,child_sex_offences,,771,,\n"))
    attach_reply(store, campaign, "Herts", reply_file(
        tmp_path, "second.csv", "Herts,2016/17,child_sex_offences,,,refused,\n"))
    outcome = import_reply(store, campaign, "Herts", reply="first.csv", today=TODAY)
    assert outcome.reply.filename == "first.csv" and outcome.status == "successful"
    with pytest.raises(FoiError, match="matches"):
        import_reply(store, campaign, "Herts", reply="third.csv")


def test_board_and_dataset_coverage_agree(store, campaign, tmp_path):
    """The acceptance case: 46 forces, replies attached and imported, refusals marked."""
    figures = {"Herts": 771, "Beds": 400, "Wilts": 570, "Police Scotland": 1000}
    for force, value in figures.items():
        attach_reply(store, campaign, force, reply_file(
            tmp_path, f"{force}.csv", f"{force},2016/17,child_sex_offences,,{value},,\n"))
        import_reply(store, campaign, force, today=TODAY)
    mark_request(store, campaign, "Dorset", "refused", on=date(2026, 6, 12), sections=["s.12"],
                 today=TODAY)
    board = status_board(store, campaign, TODAY)
    expected = sorted(get_request(store, campaign, f).force for f in figures)
    assert board.replied_forces() == expected
    assert dataset_coverage(store, "nspcc") == expected
    assert board.dataset_covered == expected
    assert compare_coverage(store, campaign, TODAY).agree
    assert board.summary == "4 replied, 1 overdue, 1 refused, 40 not sent of 46"
    # a figure for a force the board does not count as replied shows up as a disagreement
    mark_request(store, campaign, "Herts", "withdrawn", on=date(2026, 6, 30), today=TODAY)
    comparison = compare_coverage(store, campaign, TODAY)
    assert comparison.dataset_only == ["hertfordshire"] and not comparison.agree
