import hashlib

import pytest

from localwire import bundled
from localwire.cli import main
from localwire.errors import InputErrors
from localwire.importing import import_file
from localwire.store import Store

HEADER = "area,period,measure,breakdown,value,status,note,source\n"


def write(tmp_path, name, body, header=HEADER):
    path = tmp_path / name
    path.write_text(header + body, encoding="utf-8")
    return path


def observation_rows(store):
    return store.rows("SELECT area, period, measure, breakdown, value, status, lower_bound, "
                      "upper_bound, source_location, version, current FROM observations "
                      "ORDER BY id")


def test_imports_names_aliases_codes_and_statuses(store, tmp_path):
    path = write(tmp_path, "ok.csv", (
        "Herts,2016/17,offences,,771,,,\n"
        "Hertfordshire Constabulary,2015/16,offences,,665,reported,,\n"
        "E23000026,2016-17,offences,,400,,,\n"
        "Avon & Somerset,2016/17,offences,age_0_4,<5,suppressed,,\n"
        "Wilts,2016/17,offences,online,,flag_not_used,,\n"
        "Dorset,2016/17,offences,,,refused,s.12 cost,\n"
        "Kent,2017,offences,,\"1,234\",,,\n"))
    result = import_file(store, path, dataset="test")
    assert result.added == 7 and not result.unchanged
    rows = observation_rows(store)
    assert [(r["area"], r["period"]) for r in rows] == [
        ("hertfordshire", "2016/17"), ("hertfordshire", "2015/16"), ("bedfordshire", "2016/17"),
        ("avon-and-somerset", "2016/17"), ("wiltshire", "2016/17"), ("dorset", "2016/17"),
        ("kent", "2017")]
    suppressed = rows[3]
    assert suppressed["value"] is None and suppressed["status"] == "suppressed"
    assert (suppressed["lower_bound"], suppressed["upper_bound"]) == (0, 4)
    assert rows[5]["status"] == "refused" and rows[5]["value"] is None
    assert rows[6]["value"] == 1234
    assert [r["source_location"] for r in rows] == [f"row {n}" for n in range(2, 9)]


def test_same_file_twice_changes_nothing(store, tmp_path):
    path = write(tmp_path, "a.csv", "Herts,2016/17,offences,,771,,,\n")
    first = import_file(store, path, dataset="test")
    second = import_file(store, path, dataset="test")
    assert second.unchanged and second.source_id == first.source_id
    assert len(observation_rows(store)) == 1
    assert store.rows("SELECT count(*) AS n FROM sources")[0]["n"] == 1


def test_source_kept_byte_for_byte(store, tmp_path):
    path = write(tmp_path, "a.csv", "Herts,2016/17,offences,,771,,,\n")
    import_file(store, path, dataset="test")
    source = store.rows("SELECT * FROM sources")[0]
    kept = store.files_dir / source["stored_path"]
    assert kept.read_bytes() == path.read_bytes()
    assert source["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()


def test_changed_figure_is_a_new_version(store, tmp_path):
    import_file(store, write(tmp_path, "a.csv", "Herts,2016/17,offences,,771,,,\n"
                                                "Beds,2016/17,offences,,400,,,\n"), dataset="test")
    result = import_file(store, write(tmp_path, "b.csv", "Herts,2016/17,offences,,772,,,\n"
                                                         "Beds,2016/17,offences,,400,,,\n"),
                         dataset="test")
    assert result.added == 1
    assert [(c.area, c.old, c.new) for c in result.changes] == [
        ("hertfordshire", "771.000000", "772.000000")]
    herts = [r for r in observation_rows(store) if r["area"] == "hertfordshire"]
    assert [(r["value"], r["version"], r["current"]) for r in herts] == [
        (771, 1, False), (772, 2, True)]


@pytest.mark.parametrize(("body", "code", "place"), [
    ("Hertfordshre,2016/17,offences,,1,,,\n", "unknown-area", "row 2"),
    ("Herts,2016/18,offences,,1,,,\n", "bad-period", "row 2"),
    ("Herts,someday,offences,,1,,,\n", "bad-period", "row 2"),
    ("Herts,2016/17,offences,,abc,,,\n", "bad-value", "row 2"),
    ("Herts,2016/17,offences,,,,,\n", "missing-value", "row 2"),
    ("Herts,2016/17,offences,,-3,,,\n", "negative-count", "row 2"),
    ("Herts,2016/17,offences,,3,maybe,,\n", "bad-status", "row 2"),
    ("Herts,2016/17,offences,,3,refused,,\n", "value-with-status", "row 2"),
    ("Herts,2016/17,offences,,3,,,\nHerts,2016/17,offences,,4,,,\n", "duplicate-row", "row 3"),
    (",2016/17,offences,,3,,,\n", "missing-area", "row 2"),
    ("Herts,2016/17,,,3,,,\n", "missing-measure", "row 2"),
    ("Herts,2016/17,offences,,3,,,,extra\n", "bad-csv", "row 2"),
    ('"Herts,2016/17,offences,,3,,,\n', "bad-csv", None),
    ("Herts,2016/17,offences,,many,suppressed,,\n", "bad-value", "row 2"),
])
def test_bad_rows_are_located_and_nothing_is_written(store, tmp_path, body, code, place):
    import_file(store, write(tmp_path, "good.csv", "Kent,2016/17,offences,,10,,,\n"),
                dataset="test")
    before = observation_rows(store)
    with pytest.raises(InputErrors) as caught:
        import_file(store, write(tmp_path, "bad.csv", body), dataset="test")
    problem = caught.value.problems[0]
    assert problem.code == code
    assert problem.file.endswith("bad.csv")
    if place:
        assert problem.place == place
    assert observation_rows(store) == before
    assert store.rows("SELECT count(*) AS n FROM sources")[0]["n"] == 1
    assert not list(store.files_dir.rglob(".incoming-*"))


def test_percentage_change_measures_may_be_negative(store, tmp_path):
    path = write(tmp_path, "a.csv", "Beds,2016/17,offences_pct_change,,-22,,,\n")
    assert import_file(store, path, dataset="test").added == 1


@pytest.mark.parametrize(("header", "code", "reason"), [
    ("area,period,value\n", "missing-column", "'measure'"),
    ("area,period,measure,value,colour\n", "unknown-column", "'colour'"),
    ("area;period;measure;value\n", "bad-csv", "separated by semicolons, not commas"),
    ("\ufeffarea\tperiod\tmeasure\tvalue\n", "bad-csv", "separated by tabs, not commas"),
])
def test_header_problems(store, tmp_path, header, code, reason):
    path = write(tmp_path, "h.csv", "Herts,2016/17,1\n", header=header)
    with pytest.raises(InputErrors) as caught:
        import_file(store, path, dataset="test")
    assert [problem.code for problem in caught.value.problems] == [code]
    assert reason in caught.value.problems[0].message


@pytest.mark.parametrize(("value", "hint"), [
    ("*", "leave value empty and give a status: suppressed, refused, not_held"),
    ("[c]", "leave value empty and give a status"),
    ("redacted", "leave value empty and give a status"),
    ("12 (approx)", "write it in figures"),
    ("twelve", "write it in figures"),
    ("NaN", "write it in figures"),
    ("-Infinity", "write it in figures"),
])
def test_a_value_that_is_not_a_figure_is_told_how_to_record_a_withheld_one(
        store, tmp_path, value, hint):
    path = write(tmp_path, "v.csv", f"Herts,2016/17,offences,,{value},,,\n")
    with pytest.raises(InputErrors) as caught:
        import_file(store, path, dataset="test")
    assert caught.value.problems[0].code == "bad-value" and hint in caught.value.problems[0].hint


def test_not_utf8(store, tmp_path):
    path = tmp_path / "latin1.csv"
    path.write_bytes("area,period,measure,value\nYnys Môn,2016/17,x,1\n".encode("latin-1"))
    with pytest.raises(InputErrors) as caught:
        import_file(store, path, dataset="test")
    assert caught.value.problems[0].code == "bad-encoding"


def test_cli_prints_one_line_per_problem_and_exits_1(tmp_path, capsys):
    path = write(tmp_path, "bad.csv", "Hertfordshre,2016/17,x,,1,,,\nHerts,2016/17,x,,z,,,\n")
    code = main(["import", str(path), "--dataset", "test", "--db", str(tmp_path / "s.duckdb")])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 1
    assert len(err) == 2
    assert err[0].startswith(f"{path}:row 2:") and "unknown-area" in err[0]
    assert err[1].startswith(f"{path}:row 3:") and "bad-value" in err[1]


def test_cli_missing_file(tmp_path, capsys):
    code = main(["import", str(tmp_path / "nope.csv"), "--dataset", "t",
                 "--db", str(tmp_path / "s.duckdb")])
    assert code == 1
    assert "file not found" in capsys.readouterr().err


def test_cli_usage_error_exits_2(tmp_path):
    assert main(["import", "x.csv"]) == 2


@pytest.mark.parametrize(("second", "lines"), [
    ("Kent,2016/17,child_sex_offences,,1490,reported",
     ["r2.csv: 1 observation imported into test, 1 replacing earlier versions",
      "  changed: kent 2016/17 child_sex_offences: 1,483 -> 1,490"]),
    ("Kent,2016/17,child_sex_offences,,,refused",
     ["r2.csv: 1 observation imported into test, 1 replacing earlier versions",
      "  changed: kent 2016/17 child_sex_offences: 1,483 -> refused"]),
])
def test_cli_names_each_changed_figure_as_a_table_shows_it(tmp_path, capsys, second, lines):
    db = str(tmp_path / "s.duckdb")
    header = "area,period,measure,breakdown,value,status\n"
    (tmp_path / "r1.csv").write_text(header + "Kent,2016/17,child_sex_offences,,1483,reported\n"
                                     "Essex,2016/17,child_sex_offences,,40,reported\n")
    (tmp_path / "r2.csv").write_text(header + second + "\n")
    assert main(["import", str(tmp_path / "r1.csv"), "--dataset", "test", "--db", db]) == 0
    capsys.readouterr()
    assert main(["import", str(tmp_path / "r2.csv"), "--dataset", "test", "--db", db]) == 0
    assert capsys.readouterr().out.splitlines() == lines


def test_an_older_stored_description_of_a_bundled_dataset_is_brought_up_to_date(tmp_path):
    """A store made by an earlier localwire keeps its dataset description until the next
    import, which brings it up to date (domestic burglary's April 2017 end, say)."""
    current = bundled.dataset_config("police-recorded-crime")
    old = current.model_copy(update={"breakdowns": {
        key: b.model_copy(update={"recorded_until": None})
        for key, b in current.breakdowns.items()}})
    assert old != current
    reply = tmp_path / "r.csv"
    reply.write_text("area,period,measure,value\nKent,2016/17,recorded_crime,100\n")
    with Store(tmp_path / "s.duckdb") as store:
        store.upsert_dataset(old)
        first = import_file(store, reply, dataset="police-recorded-crime")
        assert first.described_again and store.dataset("police-recorded-crime") == current
        assert "brought up to date" in first.summary
        store.upsert_dataset(old)
        again = import_file(store, reply, dataset="police-recorded-crime")
        assert again.unchanged and again.described_again
        assert store.dataset("police-recorded-crime") == current
        assert not import_file(store, reply, dataset="police-recorded-crime").described_again
