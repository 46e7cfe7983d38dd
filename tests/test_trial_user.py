"""A new user's first hour (reporter, editor, campaign manager) on real data: each problem
found became a row here before it was fixed."""

from __future__ import annotations

from datetime import date

import pytest

from localwire.cli import main
from localwire.foi import create_campaign, record_event, status_board
from localwire.importing.bundled_data import bundled_store

DATASET = "nspcc-child-sex-offences"


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("trial") / "demo.duckdb"
    bundled_store(path).close()
    return path


def run(capsys, *args):
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out + captured.err


@pytest.mark.parametrize("args, code, shown, not_shown", [
    # the national total was printed as 6.467e+04
    (["UK"], 0, "64,667", "e+0"),
    (["Herts", "--measure", "bogus"], 1,
     "'bogus' is not a measure of nspcc-child-sex-offences [unknown-measure]", "unexpected"),
    # a period with no figures was an AttributeError from the records family
    (["Herts", "--period", "1999/00"], 1,
     "nspcc-child-sex-offences has no figures for Hertfordshire in 1999/00", "unexpected"),
    # an area with no figures printed an empty table and exit 0
    (["Kent"], 1, "nspcc-child-sex-offences has no figures for Kent", "┏"),
    # fact ids were cut to "hertfordshire/2016/17/chi…", so none could be copied to `explain`
    (["Herts"], 0, "Hertfordshire: nspcc-child-sex-offences", "…"),
])
def test_facts_command(capsys, demo_db, args, code, shown, not_shown):
    returned, out = run(capsys, "facts", *args, "--dataset", DATASET, "--db", str(demo_db))
    assert (returned, shown in out, not_shown in out) == (code, True, False), out


def test_a_campaign_measure_must_be_one_the_dataset_declares(store):
    # a refusal then wrote a 'bogus' observation into the NSPCC dataset
    from localwire.errors import UnknownMeasure

    with pytest.raises(UnknownMeasure) as raised:
        create_campaign(store, "typo", "How many did {{ force.name }} record?", dataset=DATASET,
                        measures=["child_sex_offenses"], periods=["2016/17"])
    assert str(raised.value) == ("'child_sex_offenses' is not a measure of "
                                 "nspcc-child-sex-offences [unknown-measure] "
                                 "(hint: did you mean 'child_sex_offences'?)")
    assert not store.db.execute("SELECT count(*) FROM foi_campaigns").fetchone()[0]


@pytest.mark.parametrize("missing", ["--requester", "--address"])
def test_foi_new_needs_the_requester_the_letters_need(capsys, tmp_path, missing):
    # without them the campaign was made, its letters refused, and nothing could add them
    given = {"--requester": "Sam Reporter", "--address": "sam@example.org"}
    given.pop(missing)
    args = ["foi", "new", "nspcc", "--question", "nspcc", "--db", str(tmp_path / "lw.duckdb")]
    for option, value in given.items():
        args += [option, value]
    code, out = run(capsys, *args)
    assert code == 2 and "s.8(1)(b)" in out and missing in out


@pytest.mark.parametrize("days, median, printed", [
    ((13, 15), 14, "median 14 working days"),     # was "median 14.0 working days"
    ((13, 16), 14.5, "median 14.5 working days"),
    ((12, 14, 30), 14, "median 14 working days"),
])
def test_the_median_days_to_reply(capsys, tmp_path, days, median, printed):
    from localwire.foi.deadlines import add_working_days
    from localwire.store import Store

    sent, today = date(2026, 5, 20), date(2026, 9, 1)
    forces = ["Herts", "Beds", "Kent"][:len(days)]
    path = tmp_path / "lw.duckdb"
    with Store(path) as store:
        campaign = create_campaign(store, "nspcc", "How many did {{ force.name }} record?",
                                   forces=",".join(forces))
        for force, taken in zip(forces, days, strict=True):
            record_event(store, campaign, force, "sent", on=sent, today=today)
            record_event(store, campaign, force, "not-held",
                         on=add_working_days(sent, taken, "FOIA"), today=today)
        assert status_board(store, campaign, today).stats[
            "median_working_days_to_reply"] == median
    code, out = run(capsys, "foi", "status", "--today", "2026-09-01", "--db", str(path))
    assert code == 0 and printed in out, out


@pytest.mark.parametrize("command", [
    ["facts", "Herts", "--dataset", DATASET], ["write", DATASET, "--out", "out"],
    ["generate", DATASET], ["export", "--out", "out.zip"],
])
def test_a_reading_command_on_a_mistyped_store_creates_nothing(capsys, tmp_path, monkeypatch,
                                                                command):
    # each made an empty localwire.duckdb and printed an empty table or "0 stories ... exit 0"
    monkeypatch.chdir(tmp_path)
    code, out = run(capsys, *command, "--db", "typo.duckdb")
    assert (code, out.strip()) == (1, "error: typo.duckdb: no such store (hint: import data "
                                      "into it first, or give --db)")
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_writing_a_period_nobody_has_figures_for_is_an_error(capsys, demo_db, tmp_path):
    # was "0 stories written ..., every figure traced to a fact and every claim supported", exit 0
    code, out = run(capsys, "write", DATASET, "--period", "2099/00", "--db", str(demo_db),
                    "--out", str(tmp_path / "out"))
    assert code == 1 and "no area has figures for 2099/00 in nspcc-child-sex-offences" in out
    assert "0 stories" not in out and not (tmp_path / "out").exists()


@pytest.mark.parametrize("text, problem", [
    # an extra field was silently dropped
    ("force,event,date\nHerts,sent,2026-05-20,extra\n",
     "events.csv:row 2: malformed CSV: expected 3 fields, found 4 [bad-csv]"),
    # an unterminated quote was read as a note running to the end of the file
    ('force,event,date,note\nHerts,sent,2026-05-20,"unterminated\n',
     "events.csv:row 2: malformed CSV: unexpected end of data [bad-csv]"),
    # rows are the file's lines, as the importer counts them: Kent starts on line 5, not "row 4"
    ('force,event,date,note\nHerts,sent,2026-05-20,"a note\nover two lines"\n'
     "Beds,sent,2026-05-20,\nKent,sent,20/05/2026,\n",
     "events.csv:row 5: date '20/05/2026' is not a date like 2026-05-20 [bad-csv]"),
    ("\nforce,event,date\n\nKent,sent,2026-05-32\n",
     "events.csv:row 4: date '2026-05-32' is not a date like 2026-05-20 [bad-csv]"),
])
def test_a_csv_of_events_is_read_as_the_importer_reads_a_file(tmp_path, text, problem):
    from localwire.errors import InputErrors
    from localwire.foi import entries_from_csv

    path = tmp_path / "events.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputErrors) as raised:
        entries_from_csv(path)
    assert [str(p).replace(str(tmp_path) + "/", "") for p in raised.value.problems] == [problem]


def test_a_note_over_two_lines_is_kept(tmp_path):
    from localwire.foi import entries_from_csv

    path = tmp_path / "events.csv"
    path.write_text('force,event,date,note\nHerts,sent,2026-05-20,"a note\nover two lines"\n'
                    "Beds,sent,2026-05-20,\n", encoding="utf-8")
    entries = entries_from_csv(path)
    assert [(e.force, e.note, e.place) for e in entries] == [
        ("Herts", "a note\nover two lines", "row 2"), ("Beds", None, "row 4")]


@pytest.mark.parametrize("number, noun, said", [
    (1, "story", "1 story"), (2, "story", "2 stories"), (0, "request", "0 requests"),
    (1, "request letter", "1 request letter"), (46, "request letter", "46 request letters"),
    (48664, "observation", "48,664 observations"),
])
def test_command_output_counts_in_english(number, noun, said):
    # `localwire export` of one approved story printed "1 stories exported"; `import` of the
    # Home Office table "48664 observations"
    from localwire.prose.style import counted

    assert counted(number, noun) == said


def test_listing_the_areas_in_a_fresh_folder_leaves_it_empty(capsys, tmp_path, monkeypatch):
    # `localwire areas` created ./localwire.duckdb to list the bundled gazetteer
    monkeypatch.chdir(tmp_path)
    import json

    code, out = run(capsys, "areas", "--json")
    laws = {area["name"]: area["foi_law"] for area in json.loads(out) if area["kind"] == "force"}
    assert code == 0 and len(laws) == 46 and laws["Police Scotland"] == "FOISA"
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("force, section, note", [
    # Police Scotland refusing under "s.40(2)" was recorded without a word: FOISA's is s.38
    ("Police Scotland", "s.40(2)", "s.40(2) is the FOIA number: under FOISA, personal "
                                   "information is s.38; check the section the reply cites"),
    ("Police Scotland", "s.43", "s.43 is the FOIA number: under FOISA, commercial interests is "
                                "s.33; check the section the reply cites"),
    ("Herts", "s.33", "s.33 is the FOISA number: under FOIA, commercial interests is s.43; "
                      "check the section the reply cites"),
    ("Police Scotland", "s.38(1)(b)", None),
    ("Herts", "s.40(2)", None),
    ("Herts", "s.36", None),     # neither table's mix-up: FOIA's own s.36 is never questioned
])
def test_a_section_from_the_other_act_gets_a_note(store, force, section, note):
    campaign = create_campaign(store, "nspcc", "How many did {{ force.name }} record?",
                               forces=force)
    today = date(2026, 7, 1)
    record_event(store, campaign, force, "sent", on=date(2026, 5, 20), today=today)
    result = record_event(store, campaign, force, "refused", on=date(2026, 6, 10), today=today,
                          sections=[section])
    assert result.warnings == ([note] if note else [])


@pytest.mark.parametrize("forces", ["Herts,Herts", "Herts,Hertfordshire"])
def test_one_force_named_twice_is_refused_not_recorded_twice(capsys, tmp_path, forces):
    # "Herts,Herts acknowledged" recorded two acknowledgements
    db = str(tmp_path / "lw.duckdb")
    assert main(["foi", "new", "c", "--question", "nspcc", "--requester", "Sam Reporter",
                 "--address", "sam@example.org", "--forces", "Herts,Beds", "--db", db]) == 0
    assert main(["foi", "mark", "c", "all", "sent", "--date", "2026-05-20", "--db", db]) == 0
    capsys.readouterr()
    code, out = run(capsys, "foi", "mark", "c", forces, "acknowledged", "--date", "2026-05-21",
                    "--db", db)
    assert code == 1 and "the same acknowledged on 2026-05-21 twice in one go" in out, out
    code, out = run(capsys, "foi", "show", "c", "Herts", "--db", db)
    assert "acknowledged" not in out.split("next:")[0]


@pytest.mark.parametrize("row, said", [
    ("Cleveland,2016/17,child_sex_offences,,,refused,section 12 cost limit",
     "error: no facts: Cleveland 2016/17 child_sex_offences: refused (section 12 cost limit)"),
    ("Kent,2016/17,child_sex_offences,,,not_held,",
     "error: no facts: Kent 2016/17 child_sex_offences: not held"),
])
def test_facts_for_an_area_the_source_gave_no_figure_says_why(capsys, tmp_path, row, said):
    # an empty table and exit 0
    csv_file = tmp_path / "reply.csv"
    csv_file.write_text("area,period,measure,breakdown,value,status,note\n" + row + "\n",
                        encoding="utf-8")
    db = str(tmp_path / "lw.duckdb")
    assert main(["import", str(csv_file), "--dataset", DATASET, "--db", db]) == 0
    capsys.readouterr()
    area = row.split(",")[0]
    assert run(capsys, "facts", area, "--dataset", DATASET, "--db", db) == (1, said + "\n")
