"""The self-check cannot share the writer's mistake: the checker resolves each figure's sentence
on its own (area, period, measure, breakdown, kind), and its fact must be the writer's."""

from __future__ import annotations

import shutil

import pytest

from localwire import bundled
from localwire.areas import gazetteer_of
from localwire.desk.selfcheck import story_writer
from localwire.errors import UnsupportedClaimError
from localwire.facts import fact_ids
from localwire.importing import import_file
from localwire.store import Store
from localwire.write.pack import Pack

TEMPLATE = """# Crime in {{ area.place }}

SENTENCE
"""
RECORDED = "Police in {{ area.place }} recorded {{ FIGURE|count_noun('offence') }} in {{ period|period }}."


@pytest.fixture
def kent(tmp_path):
    """Kent's sexual offences equal its total, so one number stands for two facts."""
    path = tmp_path / "prc.csv"
    path.write_text("area,period,measure,breakdown,value,status\n"
                    "Kent,2015/16,recorded_crime,,40,\nKent,2015/16,recorded_crime,sexual_offences,30,\n"
                    "Kent,2016/17,recorded_crime,,50,\nKent,2016/17,recorded_crime,sexual_offences,50,\n",
                    encoding="utf-8")
    with Store(tmp_path / "lw.duckdb") as store:
        import_file(store, path, dataset="police-recorded-crime")
        yield store


def pack_printing(tmp_path, figure: str, sentence: str = RECORDED) -> Pack:
    folder = tmp_path / "pack"
    shutil.copytree(bundled.pack_dir("police-recorded-crime"), folder)
    text = TEMPLATE.replace("SENTENCE", sentence.replace("FIGURE", figure))
    (folder / "templates" / "story.md.j2").write_text(text, encoding="utf-8")
    return Pack.load(folder)


def test_a_figure_the_checker_reads_as_another_fact_refuses_the_story(kent, tmp_path):
    writer = story_writer(kent, pack_printing(tmp_path, "figures.of('sexual_offences').value"))
    with pytest.raises(UnsupportedClaimError) as refused:
        writer.write_area(gazetteer_of(kent).resolve("Kent"))
    message = str(refused.value)
    assert "kent/2016/17/recorded_crime/sexual_offences/value to the writer" in message
    assert "kent/2016/17/recorded_crime/total/value to the checker" in message


def test_the_same_fact_passes_and_is_counted(kent, tmp_path):
    writer = story_writer(kent, pack_printing(tmp_path, "this.value"))
    story = writer.write_area(gazetteer_of(kent).resolve("Kent"))[0]
    assert "recorded 50 offences in 2016/17" in story.text
    assert story.checks["facts"] == {"agreed": 1, "unread": []}


def test_a_previous_value_is_the_value_of_the_year_before(kent, tmp_path):
    """The writer prints 2016/17's "previous"; the checker reads 2015/16's value: one fact."""
    sentence = ("Police in {{ area.place }} recorded {{ this.value|count_noun('offence') }} in "
                "{{ period|period }}, up from {{ this.previous|count }} the year before.")
    writer = story_writer(kent, pack_printing(tmp_path, "", sentence))
    story = writer.write_area(gazetteer_of(kent).resolve("Kent"))[0]
    assert "recorded 50 offences in 2016/17, up from 40 the year before." in story.text
    previous = writer.book.previous("kent", writer.period, "recorded_crime")
    assert fact_ids(previous) == {"kent/2016/17/recorded_crime/total/previous",
                                  "kent/2015/16/recorded_crime/total/value"}
    assert story.checks["facts"] == {"agreed": 2, "unread": []}


def test_the_bundled_packs_agree_with_the_checker_on_every_figure_it_reads():
    from localwire.importing.bundled_data import bundled_store

    store = bundled_store()
    writer = story_writer(store, Pack.load("nspcc-child-sex-offences"))
    writer.prepare()
    agreed, unread = 0, []
    for area in writer.areas():
        facts = writer.write_area(area)[0].checks["facts"]
        agreed, unread = agreed + facts["agreed"], unread + facts["unread"]
    assert agreed > 100
    assert len(unread) <= agreed // 20  # figures the checker reads no fact in ("three years")
