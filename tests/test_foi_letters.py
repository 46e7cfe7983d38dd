from datetime import date

import pytest

from localwire.areas import gazetteer_of
from localwire.errors import TemplateError
from localwire.foi import create_campaign, get_request, mark_request, render_letter, write_letters
from localwire.foi.campaign import FoiError

QUESTION = "How many sexual offences against children did {{ force.official_name }} record?"
FOIA_TITLE = "Freedom of Information Act 2000"
FOISA_TITLE = "Freedom of Information (Scotland) Act 2002"
TODAY = date(2026, 7, 1)


@pytest.fixture
def campaign(store):
    return create_campaign(store, "nspcc", QUESTION, requester="Sam Reporter")


def test_request_letters_cite_the_right_law_for_every_force(store, campaign, tmp_path):
    written = write_letters(store, campaign, tmp_path / "out", today=TODAY)
    assert len(written) == 46
    for path in written:
        text = path.read_text(encoding="utf-8")
        area = gazetteer_of(store).areas[path.name.removesuffix("-request.txt")]
        scottish = area.foi_law == "FOISA"
        assert (FOISA_TITLE in text) is scottish and (FOIA_TITLE in text) is not scottish
        assert area.official_name in text and "Sam Reporter" in text
        assert "section 15" in text if scottish else "section 16" in text
    assert sum(FOISA_TITLE in p.read_text(encoding="utf-8") for p in written) == 1


def test_chasers_go_only_to_overdue_requests(store, campaign, tmp_path):
    mark_request(store, campaign, "Herts", "sent", on=date(2026, 5, 20), today=TODAY)
    mark_request(store, campaign, "Police Scotland", "sent", on=date(2026, 5, 20), today=TODAY)
    mark_request(store, campaign, "Wilts", "sent", on=date(2026, 6, 25), today=TODAY)
    written = write_letters(store, campaign, tmp_path, kind="chaser", today=TODAY)
    assert sorted(p.name for p in written) == ["hertfordshire-chaser.txt",
                                               "police-scotland-chaser.txt"]
    herts = (tmp_path / "hertfordshire-chaser.txt").read_text(encoding="utf-8")
    assert "due by 19 June 2026" in herts and "8 working days overdue" in herts
    assert "Information Commissioner's Office under section 50" in herts
    scotland = (tmp_path / "police-scotland-chaser.txt").read_text(encoding="utf-8")
    assert "Scottish Information Commissioner under section 47" in scotland


@pytest.mark.parametrize(("force", "expected", "absent"), [
    ("Dorset", ["Request for an internal review under the " + FOIA_TITLE, "citing s.12",
                "Information Commissioner's Office"], ["Scottish"]),
    ("Police Scotland", ["Requirement for review under section 20 of the " + FOISA_TITLE,
                         "section 21", "Scottish Information Commissioner under section 47",
                         "citing s.38(1)(b)"], ["internal review", "Commissioner's Office"]),
])
def test_review_letters(store, campaign, force, expected, absent):
    mark_request(store, campaign, force, "sent", on=date(2026, 5, 20), today=TODAY)
    section = "s.12" if force == "Dorset" else "s.38(1)(b)"
    mark_request(store, campaign, force, "refused", on=date(2026, 6, 10), sections=[section],
                 today=TODAY)
    text = render_letter(store, campaign, get_request(store, campaign, force), "review", TODAY)
    for words in expected:
        assert words in text
    for words in absent:
        assert words not in text


def test_no_requester_no_letters(store, tmp_path):
    nameless = create_campaign(store, "nameless", QUESTION, forces="Herts,Beds")
    with pytest.raises(FoiError, match="requester"):
        write_letters(store, nameless, tmp_path / "out", today=TODAY)
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_chaser_for_a_request_never_sent(store, campaign, tmp_path):
    with pytest.raises(FoiError, match="never sent"):
        write_letters(store, campaign, tmp_path, kind="chaser", forces=["Herts"], today=TODAY)


def test_question_templates_are_sandboxed_and_strict(store):
    with pytest.raises(TemplateError, match="nickname"):
        create_campaign(store, "strict", "Figures for {{ force.nickname }}")
    with pytest.raises(TemplateError):
        create_campaign(store, "sandboxed", "{{ force.__class__.__mro__ }}")
