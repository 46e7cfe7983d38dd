"""An editor's edits survive the writer's new figures: the three-way merge (desk/merge.py) as a
table on a real story's paragraphs, then the desk's accept after a data correction."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from localwire.desk.generate import generate
from localwire.desk.merge import merge_edits
from localwire.desk.review import Desk
from localwire.importing import import_file
from localwire.store import Store
from localwire.write.pack import Pack
from tests.desk_stores import desk_store as build_desk_store

# Bedfordshire's story as the NSPCC pack writes it, cut to four paragraphs, and the same story
# after a force corrected 400 to 410 offences.
BASE = ("# Fall of 22 per cent in child sex offences recorded in Bedfordshire\n\n"
        "Police in Bedfordshire recorded 400 sex offences against children in 2016/17, down 22 per "
        "cent on the year before, according to figures obtained by the NSPCC.\n\n"
        "In Bedfordshire the number fell from 514 to 400, a fall of 114.\n\n"
        "[Force response: add Bedfordshire Police’s comment on these figures here.]\n")
REGENERATED = (BASE.replace("22 per cent", "20 per cent").replace("400", "410")
               .replace("a fall of 114", "a fall of 104"))
RESPONSE = "A Bedfordshire Police spokesman said the force welcomed the report."


def _edit(*pairs: tuple[str, str]) -> str:
    text = BASE
    for old, new in pairs:
        assert old in text
        text = text.replace(old, new)
    return text


@pytest.mark.parametrize(("why", "edited", "has", "lost"), [
    ("the right of reply filled in: kept beside the new figures",
     _edit(("[Force response: add Bedfordshire Police’s comment on these figures here.]", RESPONSE)),
     [RESPONSE, "recorded 410 sex offences", "a fall of 104"], []),
    ("a wording edit in the sentence of a new figure: both kept",
     _edit(("according to figures obtained by the NSPCC", "the NSPCC found")),
     ["recorded 410 sex offences against children in 2016/17, down 20 per cent on the year before, "
      "the NSPCC found."], []),
    ("the headline and a later paragraph both edited, neither touching a figure",
     _edit(("# Fall", "# Drop"), ("In Bedfordshire the number", "The number")),
     ["# Drop of 20 per cent", "The number fell from 514 to 410"], []),
    ("the editor made the writer's own change: taken once",
     _edit(("fell from 514 to 400", "fell from 514 to 410")),
     ["fell from 514 to 410, a fall of 104."], []),
    ("the editor rewrote the figure the writer changed: the writer's figure, the edit reported",
     _edit(("a fall of 114", "114 fewer")),
     ["a fall of 104."], ["In Bedfordshire the number fell from 514 to 400, 114 fewer."]),
    ("the editor deleted a paragraph the writer changed: the writer's paragraph, reported",
     _edit(("In Bedfordshire the number fell from 514 to 400, a fall of 114.\n\n", "")),
     ["fell from 514 to 410, a fall of 104."],
     ["(deleted) In Bedfordshire the number fell from 514 to 400, a fall of 114."]),
    ("no edit: the writer's text", BASE, [REGENERATED], []),
])
def test_merge_keeps_what_does_not_meet_the_writers_changes(why, edited, has, lost):
    merged = merge_edits(BASE, edited, REGENERATED)
    for part in has:
        assert part in merged.text, why
    assert merged.lost == lost, why
    assert "400" not in merged.text and "22 per cent" not in merged.text, why


def test_nothing_new_from_the_writer_leaves_the_edit():
    edited = _edit(("# Fall", "# Drop"))
    assert merge_edits(BASE, edited, BASE).text == edited


@pytest.fixture
def desk_store(tmp_path: Path, tmp_path_factory):
    template = build_desk_store(tmp_path_factory.mktemp("merge") / "template.duckdb",
                                users=("sam",))
    path = tmp_path / "desk.duckdb"
    shutil.copyfile(template, path)
    with Store(path) as store:
        yield store


def test_accepting_corrected_figures_keeps_the_editors_right_of_reply(desk_store, tmp_path):
    desk = Desk(desk_store)
    story = next(s for s in desk.stories(area="bedfordshire") if s.outlet == "localwire")
    note = "[Force response: add Bedfordshire Police’s comment on these figures here.]"
    assert note in story.text
    story = desk.edit(story.id, story.text.replace(note, RESPONSE), story.version, "sam")
    story = desk.approve(story.id, story.version, "sam")
    corrected = tmp_path / "correction.csv"
    corrected.write_text("area,period,measure,breakdown,value,status,note,source\n"
                         "Bedfordshire,2016/17,child_sex_offences,,410,reported,,corrected reply\n",
                         encoding="utf-8")
    import_file(desk_store, corrected, dataset="nspcc-child-sex-offences")
    generate(desk_store, Pack.load("nspcc-child-sex-offences"), actor="sam")
    story = desk.story(story.id)
    assert story.pending is not None and RESPONSE not in story.pending["text"]
    changes = [line for line in story.pending_diff() if line.startswith(("+", "-"))]
    assert not any(RESPONSE in line for line in changes)  # kept, so no change
    assert any(line.startswith("+") and "410" in line for line in changes)
    accepted = desk.accept_revision(story.id, story.pending["id"], story.version, "sam")
    assert RESPONSE in accepted.text and "410" in accepted.text and note not in accepted.text
    assert accepted.edited and accepted.verification["ok"], accepted.verification
    assert accepted.audit[0]["detail"]["edits_kept"] is True
    approved = desk.approve(accepted.id, accepted.version, "sam")
    assert approved.review_state == "approved"
