"""Every FOI outcome has a true sentence: the edge-case corpus (tests/data/write/outcomes/, one
tidy CSV per outcome and one combining them) written as a user would, with `write_batch`.

For each file: every force with a figure gets a story that passes the article checker, every
other force is named with its outcome, and the stories' sentences say what the outcome is.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from localwire import bundled
from localwire.desk.selfcheck import story_writer
from localwire.importing import import_file
from localwire.store import Store
from localwire.write.batch import NotWritten, write_batch
from localwire.write.pack import Pack
from tests.story_rules import paragraphs, problems, sentences

CORPUS = Path(__file__).parent / "data" / "write" / "outcomes"
PACK = "nspcc-child-sex-offences"
EAST = ["bedfordshire", "cambridgeshire", "essex", "hertfordshire", "metropolitan", "norfolk",
        "northamptonshire", "suffolk", "thames-valley"]


class Written:
    """One corpus file written to disk: the stories, the JSON records, what was not written."""

    def __init__(self, name: str, folder: Path) -> None:
        self.store = Store(folder / "lw.duckdb")
        config = bundled.dataset_config(PACK)
        with self.store.transaction():
            self.store.upsert_dataset(config)
        import_file(self.store, CORPUS / f"{name}.csv", dataset=config.id)
        self.writer = story_writer(self.store, Pack.load(PACK))
        skipped = [NotWritten(a, why, failed=False) for a, why in self.writer.without_figure()]
        self.out = folder / "out"
        self.result = write_batch(self.writer, self.writer.areas(), self.out, ("md", "json"),
                                  without_figure=skipped)
        self.stories = {area.slug: story for area in self.writer.areas()
                        for story in self.writer.write_area(area)}
        self.records = {p.stem: json.loads(p.read_text(encoding="utf-8"))
                        for p in self.out.glob("*.json")}

    def text(self, slug: str) -> str:
        return (self.out / f"{slug}.md").read_text(encoding="utf-8")

    def sentence(self, slug: str, *words: str) -> str:
        found = [s for s in sentences(self.text(slug)) if all(w in s for w in words)]
        assert found, f"no sentence of {slug} holds {words}"
        return found[0]

    def not_written(self) -> dict[str, str]:
        return {n.area.slug: n.reason for n in self.result.not_written}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    written: dict[str, Written] = {}

    def get(name: str) -> Written:
        if name not in written:
            written[name] = Written(name, tmp_path_factory.mktemp(name))
        return written[name]
    return get


FILES = sorted(p.stem for p in CORPUS.glob("*.csv"))


@pytest.mark.parametrize("name", FILES)
def test_every_force_with_a_figure_gets_a_checked_story_and_the_rest_are_named(corpus, name):
    written = corpus(name)
    with_figure = {a.slug for a in written.writer.areas()}
    assert {p.stem for p in written.out.glob("*.md")} == with_figure
    assert not written.result.failed, [n.reason for n in written.result.failed]
    answered = {slug for slug in [*EAST, "police-scotland"]
                if written.writer.book.observation(
                    slug, written.writer.period, "child_sex_offences") is not None}
    assert set(written.not_written()) == answered - with_figure
    for slug, reason in written.not_written().items():
        assert reason.startswith(written.writer.book.gazetteer.areas[slug].name + ": no story: ")
    for story in written.stories.values():
        assert problems(story) == []
        claims = story.checks["claims"]
        assert claims["supported"] > 5 and claims["contradicted"] == claims["unverifiable"] == 0


def test_reported(corpus):
    written = corpus("reported")
    assert written.not_written() == {}
    assert "three offences recorded in Hertfordshire were against babies" in written.text(
        "hertfordshire")


def test_zero(corpus):
    written = corpus("zero")
    story = written.text("bedfordshire")
    assert "no sex offences against children" in story.split("\n")[0]
    assert "recorded no such offences in 2016/17, down from three the previous year" in story
    for rate in (" a day", " a week", " a month"):  # no rate phrase for nothing
        assert rate not in sentences(story)[1]
    neighbour = written.sentence("hertfordshire", "Bedfordshire")
    assert "no sex crimes" in neighbour or "no child sex offences" in neighbour


def test_one(corpus):
    written = corpus("one")
    story = written.text("cambridgeshire")
    assert "one sex offence against a child" in story
    assert "one in 2015/16 too" in story or "the same number as the previous year" in story
    essex = written.text("essex")
    assert "one sex offence against a child" in essex
    assert "up by one from zero" in essex or "from zero to one" in essex or (
        "an increase of one" in essex)
    assert "one child sex offence in 2016/17, the same as the year before" in written.text(
        "hertfordshire")


def test_suppressed(corpus):
    written = corpus("suppressed")
    assert "fewer than five: the figures could identify the people involved" in (
        written.not_written()["bedfordshire"])
    neighbour = written.sentence("hertfordshire", "Bedfordshire")
    assert "recorded fewer than five in 2016/17" in neighbour
    assert "could identify the people involved" in neighbour
    babies = written.sentence("hertfordshire", "babies aged one or under")
    assert babies.startswith("Fewer than five offences") and "did not disclose" in babies
    assert "up from fewer than five in 2015/16" in written.text("essex")
    box = gathering_box(written.text("hertfordshire"))
    assert "Bedfordshire Police gave fewer than five" in box


def test_refused(corpus):
    written = corpus("refused")
    for slug in ("bedfordshire", "police-scotland"):
        assert "request refused (section 12: finding the figures would cost more than the " \
               "legal limit allows)" in written.not_written()[slug]
    neighbour = written.sentence("hertfordshire", "Bedfordshire")
    assert "refused to give its figure for 2016/17, citing section 12 of the Freedom of " \
           "Information Act" in neighbour
    box = gathering_box(written.text("hertfordshire"))
    assert "Bedfordshire Police refused, citing section 12" in box
    assert "Police Scotland refused, citing section 12" in box
    previous = written.sentence("cambridgeshire", "2015/16")
    assert "no figure for 2015/16 to compare it with: the force refused to give it, citing " \
           "section 12" in previous
    record = written.records["hertfordshire"]
    sections = [f for f in record["figures"] if f["kind"] == "status"]
    assert {f["text"] for f in sections} == {"section 12"}
    assert all(f["observation"]["status"] == "refused" for f in sections)


def test_not_held(corpus):
    written = corpus("not_held")
    assert written.not_written()["thames-valley"].endswith("information not held")
    assert "the force said it did not hold a figure for 2016/17" in written.sentence(
        "hertfordshire", "Thames Valley")
    assert "no figure for 2015/16 to compare it with: the force said it did not hold it" in (
        written.text("essex"))


def test_no_reply(corpus):
    written = corpus("no_reply")
    assert written.not_written()["metropolitan"].endswith("no reply")
    assert written.not_written()["norfolk"].endswith("no reply")
    assert "did not reply to the request" in written.sentence("hertfordshire", "Metropolitan")
    box = gathering_box(written.text("hertfordshire"))
    assert "The Metropolitan Police Service did not reply" in box
    assert "Norfolk Constabulary did not reply" in box


def test_flag_not_used(corpus):
    written = corpus("flag_not_used")
    assert "Hertfordshire Constabulary does not use the online flag" in written.text(
        "hertfordshire")
    assert "One in four of the offences recorded in Bedfordshire were flagged as having an " \
           "online element" in written.text("bedfordshire")


def test_no_previous_year(corpus):
    written = corpus("no_previous_year")
    story = written.text("hertfordshire")
    assert ("No comparable figure for 2015/16 is available" in story or
            "There is no figure for 2015/16 in the data" in story)
    assert "per cent" not in story.split("\n")[0] and "665" not in story


def test_unchanged(corpus):
    written = corpus("unchanged")
    suffolk = written.text("suffolk")
    assert "unchanged" in suffolk or "the same number as the previous year" in suffolk
    assert "505" in suffolk and "rise" not in suffolk.split("\n")[0]


def test_national_missing(corpus):
    written = corpus("national_missing")
    uk = written.sentence("hertfordshire", "Across the UK")
    assert "nine of 45 forces that gave figures recorded 12,621" in uk
    assert "every eight minutes" not in written.text("hertfordshire")


def test_national_unchanged(corpus):
    written = corpus("national_unchanged")
    uk = next(s for s in sentences(written.text("essex")) if "60,000" in s)
    assert "up" not in uk.split("60,000")[1][:20]
    assert "across the UK it was unchanged" in written.text("essex") or (
        "unchanged" in written.text("essex"))
    for slug, story in written.stories.items():
        if slug != "hertfordshire":  # Herts rose 16 per cent: its own rise may be dramatic
            assert "dramatic" not in story.text, slug


def test_implausible_movements_go_to_the_desk_not_the_copy(corpus):
    written = corpus("implausible")
    for slug, before in (("norfolk", "655"), ("suffolk", "505"), ("essex", "fewer than five")):
        flags = [f for f in written.records[slug]["desk_flags"] if f["area"] == slug]
        assert flags and flags[0]["message"].startswith("check with"), slug
        story = written.text(slug)
        assert before not in story, slug
        headline = story.split("\n")[0]
        assert not any(word in headline for word in ("rise", "fall", "per cent", "up ", "down"))
    # a neighbour's implausible movement is stated without the comparison, and flagged
    neighbour = written.sentence("cambridgeshire", "Norfolk")
    assert "6,550" in neighbour and "655" not in neighbour
    assert any(f["area"] == "norfolk" for f in written.records["cambridgeshire"]["desk_flags"])


@pytest.mark.parametrize("slug, now, before", [("suffolk", "one", "505"),
                                                ("northamptonshire", "two", "470")])
def test_a_handful_after_hundreds_goes_to_the_desk_not_the_copy(corpus, slug, now, before):
    written = corpus("handful")
    flags = [f for f in written.records[slug]["desk_flags"] if f["kind"] == "implausible_movement"]
    assert flags and flags[0]["message"].startswith("check with"), slug
    story = written.text(slug)
    headline = story.split("\n")[0]
    assert now in headline or now in sentences(story)[1]
    assert before not in story and "100 per cent" not in story
    assert not any(word in headline for word in ("rise", "fall", "per cent", "up ", "down"))


def test_a_note_holding_figures_never_becomes_the_reason_given(corpus):
    written = corpus("worded_notes")
    beds = written.sentence("hertfordshire", "Bedfordshire")
    assert "recorded fewer than five in 2016/17, a figure it did not disclose exactly because " \
           "small numbers could identify victims" in beds
    for name, note, said in (("Essex", "18 hours", "refused to give its figure for 2016/17"),
                             ("Norfolk", "eighteen", "refused to give its figure for 2016/17"),
                             ("Suffolk", "2 May", "did not hold a figure for 2016/17")):
        sentence = written.sentence("cambridgeshire", name)
        assert said in sentence and note not in sentence, name
        assert note not in written.text("cambridgeshire"), name


def test_the_right_of_reply_note_is_a_desk_flag_in_every_story(corpus):
    written = corpus("combined")
    assert written.stories
    for slug, story in written.stories.items():
        notes = [f for f in written.records[slug]["desk_flags"] if f["kind"] == "editors_note"]
        assert len(notes) == 1, slug
        note = notes[0]["message"].split(": ", 1)[1]
        assert note.startswith("[") and note in story.text, slug
        assert story.area.name.split()[0] in note, slug


def test_combined(corpus):
    written = corpus("combined")
    herts = written.text("hertfordshire")
    assert "no figure for 2015/16 to compare it with: the force said it did not hold it" in herts
    assert "refused to give its figure for 2016/17, citing section 12" in written.sentence(
        "hertfordshire", "Bedfordshire")
    assert "did not reply" in written.sentence("hertfordshire", "Metropolitan")
    assert "recorded fewer than five in 2016/17" in written.sentence("hertfordshire",
                                                                      "Thames Valley")
    assert "Fewer than five offences recorded in Hertfordshire were against babies" in herts
    assert "dramatic" not in herts  # no local change to speak of, and the UK figure unchanged
    box = gathering_box(herts)
    for name in ("Bedfordshire Police", "The Metropolitan Police Service", "Thames Valley Police"):
        assert name in box


def gathering_box(text: str) -> str:
    """How the figures were gathered: the last paragraph naming the FOI requests (the right of
    reply comes after it, the help lines before or after)."""
    return next(p for p in reversed(paragraphs(text)) if "Freedom of Information" in p)
