from datetime import date

import pytest

from localwire.areas import gazetteer_of
from localwire.errors import TemplateError
from localwire.foi import (
    FoiError,
    bundled_question,
    create_campaign,
    get_request,
    letters_due,
    record_event,
    render_letter,
    write_letters,
)

QUESTION = "How many sexual offences against children did {{ force.official_name }} record?"
FOIA_TITLE = "Freedom of Information Act 2000"
FOISA_TITLE = "Freedom of Information (Scotland) Act 2002"
TODAY = date(2026, 7, 1)
SENT = date(2026, 5, 20)   # due 19 June 2026


@pytest.fixture
def campaign(store):
    return create_campaign(store, "nspcc", QUESTION, requester="Sam Reporter",
                           address="sam@example.org")


def mark(store, campaign, force, what, on, **details):
    return record_event(store, campaign, force, what, on=on, today=date(2026, 12, 31), **details)


def letter(store, campaign, force, kind, today=TODAY):
    return render_letter(store, campaign, get_request(store, campaign, force), kind, today)


def test_request_letters_cite_the_right_law_for_every_force(store, campaign, tmp_path):
    written = write_letters(store, campaign, tmp_path / "out", today=TODAY)
    assert len(written) == 46
    for path in written:
        text = path.read_text(encoding="utf-8")
        area = gazetteer_of(store).areas[path.name.removesuffix("-request.txt")]
        scottish = area.foi_law == "FOISA"
        assert (FOISA_TITLE in text) is scottish and (FOIA_TITLE in text) is not scottish
        assert area.official_name in text and "Sam Reporter" in text
        assert "Address for correspondence: sam@example.org" in text
        assert "section 15" in text if scottish else "section 16" in text
    assert sum(FOISA_TITLE in p.read_text(encoding="utf-8") for p in written) == 1


@pytest.mark.parametrize(("requester", "address"), [(None, "sam@example.org"),
                                                    ("Sam Reporter", None)])
def test_no_name_or_address_no_letters(store, tmp_path, requester, address):
    """A valid request states the applicant's name and an address for correspondence
    (FOIA s.8(1)(b), FOISA s.8(1)(b))."""
    nameless = create_campaign(store, "nameless", QUESTION, forces="Herts,Beds",
                               requester=requester, address=address)
    with pytest.raises(FoiError, match=r"s\.8\(1\)\(b\)"):
        write_letters(store, nameless, tmp_path / "out", today=TODAY)
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_chasers_go_only_to_overdue_requests(store, campaign, tmp_path):
    mark(store, campaign, "Herts", "sent", SENT)
    mark(store, campaign, "Police Scotland", "sent", SENT)
    mark(store, campaign, "Wilts", "sent", date(2026, 6, 25))
    written = write_letters(store, campaign, tmp_path, kind="chaser", today=TODAY)
    assert sorted(p.name for p in written) == ["hertfordshire-chaser.txt",
                                               "police-scotland-chaser.txt"]
    herts = (tmp_path / "hertfordshire-chaser.txt").read_text(encoding="utf-8")
    assert "Under section 10(1) of the Act a reply was due by 19 June 2026" in herts
    assert "8 working days overdue" in herts
    assert "complain to the Information Commissioner under section 50" in herts
    scotland = (tmp_path / "police-scotland-chaser.txt").read_text(encoding="utf-8")
    assert "require a review under section 20(1)" in scotland
    assert "Scottish Information Commissioner for a decision under section 47(1)" in scotland


def test_a_reply_attached_gets_no_chaser(store, campaign, tmp_path):
    """The issue's case: a force that has replied must not be chased."""
    mark(store, campaign, "Herts", "sent", SENT)
    mark(store, campaign, "Herts", "reply-received", date(2026, 6, 25))
    assert letters_due(store, campaign, "chaser", TODAY) == []
    with pytest.raises(FoiError, match="reply received, to classify: no chaser"):
        letter(store, campaign, "Herts", "chaser")


def test_a_refused_request_gets_no_chaser_whatever_was_entered_after(store, campaign):
    """Police Scotland refused under s.12, then an extension entered: no chaser saying
    "I have not received one" while quoting the refusal."""
    mark(store, campaign, "Police Scotland", "sent", SENT)
    mark(store, campaign, "Police Scotland", "refused", date(2026, 6, 10), sections=["s.12"],
         reference="IM-FOI-2018-0412")
    with pytest.raises(FoiError):
        mark(store, campaign, "Police Scotland", "extended", date(2026, 6, 12),
             sections=["s.31"])
    assert letters_due(store, campaign, "chaser", TODAY) == []
    with pytest.raises(FoiError, match="no chaser"):
        letter(store, campaign, "Police Scotland", "chaser")


def test_an_extended_request_is_chased_on_the_extended_date(store, campaign):
    mark(store, campaign, "Herts", "sent", SENT)
    mark(store, campaign, "Herts", "extended", date(2026, 6, 15), sections=["s.31(1)(a)"],
         until=date(2026, 7, 3))
    with pytest.raises(FoiError, match="not due until 3 July 2026"):
        letter(store, campaign, "Herts", "chaser")
    text = letter(store, campaign, "Herts", "chaser", date(2026, 7, 8))
    assert "public interest in withholding information under s.31(1)(a)" in text
    assert "reply by 3 July 2026" in text and "3 working days overdue" in text


def test_review_letters_go_only_to_the_forces_named(store, campaign, tmp_path):
    mark(store, campaign, "Herts", "sent", SENT)   # overdue: a review is allowed, not sent
    mark(store, campaign, "Dorset", "sent", SENT)
    mark(store, campaign, "Dorset", "refused", date(2026, 6, 10), sections=["s.12"])
    with pytest.raises(FoiError, match="only to the forces you name"):
        write_letters(store, campaign, tmp_path, kind="review", today=TODAY)
    written = write_letters(store, campaign, tmp_path, kind="review", forces=["Dorset"],
                            today=TODAY)
    assert [p.name for p in written] == ["dorset-review.txt"]


@pytest.mark.parametrize(("force", "expected", "absent"), [
    ("Dorset", ["Request for an internal review under the " + FOIA_TITLE,
                "you refused the request, citing s.12", "section 16",
                "Information Commissioner under section 50",
                "code of practice issued under section 45"], ["Scottish", "section 20"]),
    ("Police Scotland", ["Requirement for review under section 20(1) of the " + FOISA_TITLE,
                         "section 21(1)", "Scottish Information Commissioner for a decision "
                         "under section 47(1)", "citing s.38(1)(b)"],
     ["internal review", "section 50", "section 12"]),
])
def test_review_letters(store, campaign, force, expected, absent):
    mark(store, campaign, force, "sent", SENT)
    section = "s.12" if force == "Dorset" else "s.38(1)(b)"
    mark(store, campaign, force, "refused", date(2026, 6, 10), sections=[section])
    text = letter(store, campaign, force, "review")
    for words in expected:
        assert words in text
    for words in absent:
        assert words not in text
    assert "Address for correspondence: sam@example.org" in text   # FOISA s.20(3)


def test_a_review_of_a_request_never_answered(store, campaign):
    mark(store, campaign, "Herts", "sent", SENT)
    with pytest.raises(FoiError, match="not overdue until after 2026-06-19"):
        letter(store, campaign, "Herts", "review", date(2026, 6, 19))
    text = letter(store, campaign, "Herts", "review", date(2026, 6, 22))
    assert "a reply was due by 19 June 2026, and I have not received one" in text


def test_foia_review_chaser_cites_the_review_not_section_10(store, campaign):
    mark(store, campaign, "Herts", "sent", SENT)
    mark(store, campaign, "Dorset", "sent", SENT)
    mark(store, campaign, "Dorset", "refused", date(2026, 6, 10), sections=["s.12"])
    mark(store, campaign, "Dorset", "review-asked", date(2026, 6, 12))
    with pytest.raises(FoiError, match="not in review: no review chaser"):
        letter(store, campaign, "Herts", "review-chaser")
    with pytest.raises(FoiError, match="not due until 14 July 2026"):
        letter(store, campaign, "Dorset", "review-chaser", date(2026, 7, 14))
    text = letter(store, campaign, "Dorset", "review-chaser", date(2026, 7, 20))
    assert "On 12 June 2026 I asked Dorset Police for an internal review" in text
    assert "within 20 working days, which was by 14 July 2026" in text
    assert "no case to take more than 40 working days, which is by 12 August 2026" in text
    assert "If I do not have it by 12 August 2026, I will complain" in text
    assert "section 10" not in text and "its response of 10 June 2026" in text
    late = letter(store, campaign, "Dorset", "review-chaser", date(2026, 8, 13))
    assert "As more than 40 working days have passed, I will complain" in late


def test_foisa_review_chaser_cites_section_21_then_47(store, campaign):
    mark(store, campaign, "Police Scotland", "sent", SENT)
    mark(store, campaign, "Police Scotland", "refused", date(2026, 6, 10), sections=["s.12"])
    mark(store, campaign, "Police Scotland", "review-asked", date(2026, 6, 12))
    text = letter(store, campaign, "Police Scotland", "review-chaser", date(2026, 7, 20))
    assert "Section 21(1) of the Act required you to respond by 13 July 2026" in text
    assert "it is now 5 working days late" in text
    assert "Under section 47(1) of the Act I may now apply to the Scottish Information " \
           "Commissioner" in text
    assert "I will require a review under section 20" not in text
    assert "section 10" not in text and "section 50" not in text


@pytest.mark.parametrize(("force", "events", "expected"), [
    ("Police Scotland", [("refused", date(2026, 6, 10), {"sections": ["s.12"]}),
                         ("review-asked", date(2026, 6, 12), {}),
                         ("review-answered", date(2026, 7, 1), {"outcome": "upheld"})],
     ["Application for a decision under section 47(1) of the " + FOISA_TITLE,
      "Its outcome, on 1 July 2026, was that the request was refused (citing s.12)",
      "I do not accept that answering would exceed the cost limit (s.12)"]),
    ("Dorset", [], ["Complaint under section 50 of the " + FOIA_TITLE,
                    "A reply was due by 19 June 2026", "the force has not replied"]),
])
def test_appeal_letters(store, campaign, force, events, expected):
    mark(store, campaign, force, "sent", SENT)
    for what, on, details in events:
        mark(store, campaign, force, what, on, **details)
    text = letter(store, campaign, force, "appeal", date(2026, 7, 20))
    for words in expected:
        assert words in text


def test_no_sic_application_before_a_review(store, campaign):
    mark(store, campaign, "Police Scotland", "sent", SENT)
    with pytest.raises(FoiError, match=r"requirement for review \(s.47\(1\)\)"):
        letter(store, campaign, "Police Scotland", "appeal", date(2026, 8, 1))


def test_no_letter_for_a_request_never_sent(store, campaign, tmp_path):
    with pytest.raises(FoiError, match="never sent"):
        write_letters(store, campaign, tmp_path, kind="chaser", forces=["Herts"], today=TODAY)


def test_question_templates_are_sandboxed_and_strict(store):
    with pytest.raises(TemplateError, match="nickname"):
        create_campaign(store, "strict", "Figures for {{ force.nickname }}")
    with pytest.raises(TemplateError):
        create_campaign(store, "sandboxed", "{{ force.__class__.__mro__ }}")


def test_the_bundled_nspcc_question_differs_for_scotland(store, tmp_path):
    made = create_campaign(store, "nspcc-q", bundled_question("nspcc"), forces="Herts,Police "
                           "Scotland", periods=["2016/17", "2017/18"], requester="Sam Reporter",
                           address="sam@example.org")
    written = {p.name: p.read_text(encoding="utf-8")
               for p in write_letters(store, made, tmp_path, today=TODAY)}
    herts, scotland = written["hertfordshire-request.txt"], written["police-scotland-request.txt"]
    for text in (herts, scotland):
        assert "single years of age" in text and "0-5, 6-10, 11-15 and 16-17" in text
        assert "please answer part 1 first" in text
        assert "2016/17 (1 April 2016 to 31 March 2017); 2017/18 (1 April 2017 to 31 March " \
               "2018)" in text
    assert "Home Office Counting Rules" in herts and '"online crime" flag' in herts
    assert "(£450)" in herts and "(£600)" in scotland
    assert "Home Office" not in scotland and "flag" not in scotland
    assert "Scottish Crime Recording Standard" in scotland


def test_unknown_bundled_question():
    with pytest.raises(TemplateError, match="bundled: nspcc"):
        bundled_question("rspca")
