"""Harmonising age bands: parsing, the exact-union rule, statuses, the store, facts and the CLI."""

import json
from decimal import Decimal
from pathlib import Path

import pytest

from localwire.cli import main
from localwire.facts import FactBook
from localwire.importing import harmonise as hm
from localwire.importing import import_file
from localwire.importing.harmonise import (
    DERIVED,
    NOT_COMPARABLE,
    REPORTED_AS_SUCH,
    UNKNOWN_AGE,
    AgeBand,
    Observation,
    harmonise,
    harmonise_group,
    parse_band,
    target_bands,
)
from localwire.model.config import DatasetConfig
from localwire.model.periods import Period
from localwire.store import Store

REPLIES = Path(__file__).parent / "fixtures" / "replies"
NSPCC = "nspcc-child-sex-offences"
MEASURE = "child_sex_offences"


# -- parsing -----------------------------------------------------------------------------------
@pytest.mark.parametrize(("text", "limit", "expected"), [
    ("age_0_5", None, AgeBand(0, 5)),
    ("aged_6_10", None, AgeBand(6, 10)),
    ("0-5", None, AgeBand(0, 5)),
    ("0 to 5 years", None, AgeBand(0, 5)),
    ("aged_11", None, AgeBand(11, 11)),
    ("aged_11_and_under", None, AgeBand(0, 11)),
    ("11 or younger", None, AgeBand(0, 11)),
    ("up to 11", None, AgeBand(0, 11)),
    ("aged_under_13", None, AgeBand(0, 12)),
    ("Under 13", None, AgeBand(0, 12)),
    ("younger than 13", None, AgeBand(0, 12)),
    ("aged four and under", None, AgeBand(0, 4)),
    ("aged_16_and_over", 17, AgeBand(16, 17)),
    ("16 and over", None, AgeBand(16, None)),
    ("16+", 17, AgeBand(16, 17)),
    ("over 15", 17, AgeBand(16, 17)),
    ("age_unknown", None, UNKNOWN_AGE),
    ("Unknown age", None, UNKNOWN_AGE),
    ("age not known", None, UNKNOWN_AGE),
    ("not recorded", None, UNKNOWN_AGE),
    ("online_flagged", None, None),
    ("", None, None),
    ("code_17b", None, None),
    ("violence_1_2", None, None),
    ("2016", None, None),
    ("aged_0_2016", None, None),
    ("aged_10_5", None, None),
    ("aged_18_and_over", 17, None),
])
def test_parse_band(text, limit, expected):
    assert parse_band(text, age_limit=limit) == expected


def test_targets_come_from_the_dataset_config_with_defaults():
    config = DatasetConfig.model_validate({
        "dataset": {"id": "d", "title": "d", "age_max": 17}, "breakdowns": {
        "online_flagged": {"kind": "flag"},
        "aged_10_and_under": {"kind": "age", "age_max": 10},
        "aged_12_15": {"kind": "age", "age_min": 12, "age_max": 15},
        "aged_16_and_over": {"kind": "age", "age_min": 16},
    }})
    assert target_bands(config) == {"aged_10_and_under": AgeBand(0, 10),
                                    "aged_12_15": AgeBand(12, 15),
                                    "aged_16_and_over": AgeBand(16, 17)}


# -- the rule ----------------------------------------------------------------------------------
def obs(key: str, value=None, status="reported", lower=None, upper=None, id_=None) -> Observation:
    return Observation(id_ or 0, "kent", "2016/17", MEASURE, key,
                       None if value is None else Decimal(value), status,
                       None if lower is None else Decimal(lower),
                       None if upper is None else Decimal(upper))


def run(target: str, band: AgeBand, found: list[Observation], limit: int | None = 17):
    numbered = [Observation(**{**o.__dict__, "id": i}) for i, o in enumerate(found, start=1)]
    group = harmonise_group("kent", "2016/17", MEASURE, numbered, {target: band}, age_limit=limit)
    return group, group.targets[0]


UNION_CASES = {
    "two bands": (AgeBand(0, 10), [obs("aged_0_5", 120), obs("aged_6_10", 210),
                                   obs("aged_11_15", 640)], ["aged_0_5", "aged_6_10"]),
    "one band is the target": (AgeBand(16, 17), [obs("aged_11_15", 640),
                                                 obs("aged_16_and_over", 330)],
                               ["aged_16_and_over"]),
    "fewest parts when bands nest": (AgeBand(0, 10), [obs("aged_0_2", 40), obs("aged_3_5", 80),
                                                      obs("aged_0_5", 120), obs("aged_6_10", 210)],
                                     ["aged_0_5", "aged_6_10"]),
    "all ages, unknown left out": (AgeBand(0, 17), [obs("aged_under_13", 400),
                                                    obs("aged_13_15", 510),
                                                    obs("aged_16_17", 280),
                                                    obs("age_unknown", 15)],
                                   ["aged_under_13", "aged_13_15", "aged_16_17"]),
}


@pytest.mark.parametrize("case", UNION_CASES, ids=str)
def test_exact_union_is_the_sum_of_its_parts(case):
    band, found, parts = UNION_CASES[case]
    _group, result = run("target", band, found)
    assert result.outcome == DERIVED
    assert [p.key for p in result.parts] == parts
    assert result.status == "reported"
    assert result.value == sum(o.value for o in found if o.breakdown in parts)
    assert result.note == "derived from " + " + ".join(parts)


NOT_COMPARABLE_CASES = [
    ("aged_10_and_under", AgeBand(0, 10),
     [obs("aged_11_and_under", 250), obs("aged_12_15", 390), obs("aged_16_17", 3)], 17,
     "aged_11_and_under (0-11) straddles the upper edge of aged_10_and_under (0-10): it runs to 11"),
    ("aged_12_17", AgeBand(12, 17), [obs("aged_11_15", 640), obs("aged_16_17", 330)], 17,
     "aged_11_15 (11-15) straddles the lower edge of aged_12_17 (12-17): it starts at 11"),
    ("aged_16_17", AgeBand(16, 17), [obs("aged_11_15", 640), obs("aged_16_and_over", 330)], None,
     "aged_16_and_over (16+) straddles the upper edge of aged_16_17 (16-17): it has no upper limit"),
    ("aged_10_and_under", AgeBand(0, 10), [obs("aged_0_5", 120), obs("aged_8_10", 90)], 17,
     "no reported band covers ages 6-7 of aged_10_and_under (0-10)"),
    ("aged_10_and_under", AgeBand(0, 10), [obs("aged_under_10", 300)], 17,
     "no reported band covers age 10 of aged_10_and_under (0-10)"),
    ("aged_10_and_under", AgeBand(0, 10), [obs("aged_0_5", 120), obs("aged_3_10", 210)], 17,
     "the reported bands inside aged_10_and_under (0-10) overlap (aged_0_5, aged_3_10) and do "
     "not add up to it exactly"),
    ("aged_10_and_under", AgeBand(0, 10), [obs("age_unknown", 15), obs("aged_0_5", 120)], 17,
     "no reported band covers ages 6-10 of aged_10_and_under (0-10)"),
]


@pytest.mark.parametrize(("target", "band", "found", "limit", "reason"), NOT_COMPARABLE_CASES)
def test_not_comparable_says_why_and_invents_nothing(target, band, found, limit, reason):
    _group, result = run(target, band, found, limit)
    assert result.outcome == NOT_COMPARABLE
    assert result.reason == reason
    assert (result.value, result.status, result.parts) == (None, None, ())


@pytest.mark.parametrize(("parts", "status", "bounded"), [
    ([obs("aged_0_5", 131), obs("aged_6_10", None, "suppressed", 1, 4)], "suppressed", True),
    ([obs("aged_0_5", None, "suppressed", 0, 4), obs("aged_6_10", None, "suppressed", 0, 2)],
     "suppressed", True),
    ([obs("aged_0_5", 131), obs("aged_6_10", None, "suppressed")], "suppressed", False),
    ([obs("aged_0_5", 131), obs("aged_6_10", None, "refused")], "refused", False),
    ([obs("aged_0_5", None, "suppressed", 0, 4), obs("aged_6_10", None, "refused")], "refused",
     False),
    ([obs("aged_0_5", None, "not_held"), obs("aged_6_10", 12)], "not_held", False),
    ([obs("aged_0_5", None, "no_reply"), obs("aged_6_10", None, "refused")], "refused", False),
])
def test_statuses_of_parts_carry_over(parts, status, bounded):
    _group, result = run("aged_10_and_under", AgeBand(0, 10), parts)
    assert (result.outcome, result.status, result.value) == (DERIVED, status, None)
    if bounded:  # a reported part counts at its value, a suppressed one at its bounds
        reported = sum((p.value for p in parts if p.status == "reported"), Decimal(0))
        lowest = reported + sum(p.lower_bound for p in parts if p.status == "suppressed")
        highest = reported + sum(p.upper_bound for p in parts if p.status == "suppressed")
        assert (result.lower_bound, result.upper_bound) == (lowest, highest)
    else:  # no bounds to sum, or a refusal: nothing is invented, never a sum with zeros
        assert (result.lower_bound, result.upper_bound) == (None, None)


def test_unknown_age_is_reported_alongside_and_in_no_band():
    group, result = run("aged_10_and_under", AgeBand(0, 10),
                        [obs("aged_0_5", 120), obs("aged_6_10", 210), obs("age_unknown", 15)])
    assert [o.breakdown for o in group.unknown_age] == ["age_unknown"]
    assert "age_unknown" not in [r.key for r in group.reported]
    assert [p.key for p in result.parts] == ["aged_0_5", "aged_6_10"]


def test_a_band_the_force_reported_itself_is_not_derived():
    _group, result = run("aged_10_and_under", AgeBand(0, 10),
                         [obs("aged_0_5", 120), obs("aged_6_10", 210), obs("aged_10_and_under", 329)])
    assert (result.outcome, result.value, result.parts) == (REPORTED_AS_SUCH, Decimal(329), ())


# -- the store ---------------------------------------------------------------------------------
def import_reply(store, name: str) -> None:
    folder = REPLIES / name
    import_file(store, next(folder.glob("reply.*")), dataset=NSPCC, recipe=folder / "recipe.yaml")


def tidy(tmp_path: Path, name: str, rows: list[str]) -> Path:
    path = tmp_path / name
    path.write_text("area,period,measure,breakdown,value,status\n" + "\n".join(rows) + "\n",
                    encoding="utf-8")
    return path


def stored_value(store, area, period, breakdown) -> dict:
    return store.rows("SELECT * FROM observations WHERE current AND area = ? AND period = ? AND"
                      " breakdown = ? AND measure = ?", [area, period, breakdown, MEASURE])[0]


def test_two_replies_with_different_bands_end_to_end(store):
    import_reply(store, "bands-0-5-xlsx")      # Kent: 0-5, 6-10, 11-15, 16-17
    import_reply(store, "bands-11-under-ods")  # Surrey: 11 and under, 12-15, 16-17
    reported_before = store.rows("SELECT * FROM observations ORDER BY id")
    report = harmonise(store, NSPCC)
    kent = {(g.period, t.target): t for g in report.groups if g.area == "kent" for t in g.targets}
    surrey = {t.target: t for g in report.groups if g.area == "surrey" for t in g.targets}

    derived = kent[("2015/16", "aged_10_and_under")]
    assert derived.outcome == DERIVED
    row = stored_value(store, "kent", "2015/16", "aged_10_and_under")
    parts = [stored_value(store, "kent", "2015/16", key) for key in ("aged_0_5", "aged_6_10")]
    assert row["value"] == sum(p["value"] for p in parts)
    assert row["note"] == "derived from aged_0_5 + aged_6_10"
    assert row["source_location"] == f"derived: obs {parts[0]['id']} + obs {parts[1]['id']}"
    assert row["source_id"] == parts[0]["source_id"]
    links = store.rows("SELECT part_id, rule FROM derived_observations WHERE observation_id = ?"
                       " ORDER BY position", [row["id"]])
    assert links == [{"part_id": p["id"], "rule": "age-band-union"} for p in parts]

    suppressed = stored_value(store, "kent", "2016/17", "aged_10_and_under")
    young, small = (stored_value(store, "kent", "2016/17", k) for k in ("aged_0_5", "aged_6_10"))
    assert (suppressed["status"], suppressed["value"]) == ("suppressed", None)
    assert suppressed["lower_bound"] == young["value"] + small["lower_bound"]
    assert suppressed["upper_bound"] == young["value"] + small["upper_bound"]

    assert surrey["aged_10_and_under"].outcome == NOT_COMPARABLE
    assert surrey["aged_10_and_under"].reason == (
        "aged_11_and_under (0-11) straddles the upper edge of aged_10_and_under (0-10): "
        "it runs to 11")
    assert not store.rows("SELECT * FROM observations WHERE area = 'surrey' AND breakdown ="
                          " 'aged_10_and_under'")
    # the reported observations are exactly as they were
    assert store.rows(f"SELECT * FROM observations WHERE id <= {len(reported_before)}"
                      " ORDER BY id") == reported_before
    assert report.written == 2

    again = harmonise(store, NSPCC)
    assert (again.written, again.unchanged, again.withdrawn) == (0, 2, 0)


def test_facts_see_derived_bands_and_coverage_leaves_out_not_comparable(store, tmp_path):
    import_reply(store, "bands-0-5-xlsx")
    import_reply(store, "bands-11-under-ods")
    import_file(store, tidy(tmp_path, "essex.csv", [
        f"Essex,2016/17,{MEASURE},aged_0_4,90,reported",
        f"Essex,2016/17,{MEASURE},aged_5_10,170,reported",
        f"Essex,2016/17,{MEASURE},aged_11_17,800,reported"]), dataset=NSPCC)
    harmonise(store, NSPCC)
    book = FactBook(store, NSPCC)
    year = Period.parse("2016/17")
    fact = book.value("essex", year, MEASURE, "aged_10_and_under")
    assert fact.value == sum(book.value("essex", year, MEASURE, k).value
                             for k in ("aged_0_4", "aged_5_10"))
    assert [ref.breakdown for ref in fact.inputs] == ["aged_10_and_under"]
    assert fact.inputs[0].location.startswith("derived: obs ")
    assert fact.inputs[0].source_file == "essex.csv"
    assert book.value("essex", year, MEASURE, "aged_4_and_under") is not None

    coverage = book.coverage(year, MEASURE, "aged_10_and_under", ["essex", "kent", "surrey"])
    assert coverage.reported == 1
    assert coverage.not_reported == (("kent", "suppressed"),)
    assert coverage.missing == ("surrey",)


def test_never_overwrites_a_reported_band_of_the_same_key(store, tmp_path):
    import_file(store, tidy(tmp_path, "herts.csv", [
        f"Hertfordshire,2016/17,{MEASURE},aged_0_5,300,reported",
        f"Hertfordshire,2016/17,{MEASURE},aged_6_10,400,reported",
        f"Hertfordshire,2016/17,{MEASURE},aged_10_and_under,771,reported"]), dataset=NSPCC)
    before = store.rows("SELECT * FROM observations ORDER BY id")
    report = harmonise(store, NSPCC)
    result = next(t for t in report.groups[0].targets if t.target == "aged_10_and_under")
    assert result.outcome == REPORTED_AS_SUCH
    assert store.rows("SELECT * FROM observations ORDER BY id") == before


def test_a_changed_part_gives_a_new_version_and_a_lost_part_withdraws(store, tmp_path):
    rows = [f"Essex,2016/17,{MEASURE},aged_0_4,90,reported",
            f"Essex,2016/17,{MEASURE},aged_5_10,170,reported"]
    import_file(store, tidy(tmp_path, "v1.csv", rows), dataset=NSPCC)
    harmonise(store, NSPCC)
    import_file(store, tidy(tmp_path, "v2.csv", [rows[0], rows[1].replace("170", "171")]),
                dataset=NSPCC)
    report = harmonise(store, NSPCC)
    assert report.written == 1
    versions = store.rows("SELECT value, version, current FROM observations WHERE breakdown ="
                          " 'aged_10_and_under' ORDER BY version")
    assert [(v["version"], v["current"]) for v in versions] == [(1, False), (2, True)]
    assert versions[1]["value"] - versions[0]["value"] == 1

    import_file(store, tidy(tmp_path, "v3.csv", [rows[0], rows[1].replace(
        "aged_5_10,170,reported", "aged_5_10,,refused")]), dataset=NSPCC)
    report = harmonise(store, NSPCC)
    assert stored_value(store, "essex", "2016/17", "aged_10_and_under")["status"] == "refused"


def test_writing_is_all_or_nothing(store, monkeypatch):
    import_reply(store, "bands-0-5-xlsx")
    before = (store.rows("SELECT * FROM observations ORDER BY id"),
              store.rows("SELECT * FROM derived_observations"))
    real_insert = hm._insert
    calls = []

    def failing_insert(*args):
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("disk full")
        real_insert(*args)

    monkeypatch.setattr(hm, "_insert", failing_insert)
    with pytest.raises(RuntimeError):
        harmonise(store, NSPCC)
    assert (store.rows("SELECT * FROM observations ORDER BY id"),
            store.rows("SELECT * FROM derived_observations")) == before


def test_period_option_limits_the_work(store):
    import_reply(store, "bands-0-5-xlsx")
    report = harmonise(store, NSPCC, "2015/16")
    assert {g.period for g in report.groups} == {"2015/16"}
    assert report.written == 1


# -- the command -------------------------------------------------------------------------------
def test_cli_json_equals_the_library(tmp_path, capsys):
    db = tmp_path / "lw.duckdb"
    with Store(db) as opened:
        import_reply(opened, "bands-0-5-xlsx")
        import_reply(opened, "bands-11-under-ods")
        expected = harmonise(opened, NSPCC, write=False).as_dict()
    capsys.readouterr()
    assert main(["harmonise", "--dataset", NSPCC, "--db", str(db), "--json", "--dry-run"]) == 0
    assert json.loads(capsys.readouterr().out) == expected


def test_cli_table_names_the_reason(tmp_path, capsys, monkeypatch):
    from localwire.cli.app import console

    monkeypatch.setattr(console, "width", 200)  # wide enough that the reason is not wrapped
    db = tmp_path / "lw.duckdb"
    with Store(db) as opened:
        import_reply(opened, "bands-11-under-ods")
    assert main(["harmonise", "-d", NSPCC, "--db", str(db), "--period", "2016/17"]) == 0
    out = capsys.readouterr().out
    assert "Surrey 2016/17 child_sex_offences" in out
    assert "aged_11_and_under (0-11) straddles the upper edge of aged_10_and_under" in out
    assert "0 bands derived, 4 not comparable" in out


def test_cli_unknown_dataset_is_a_one_line_error(tmp_path, capsys):
    assert main(["harmonise", "-d", "nope", "--db", str(tmp_path / "lw.duckdb")]) == 1
    assert "no dataset 'nope'" in capsys.readouterr().err


def test_a_later_reported_figure_replaces_a_derived_one(store, tmp_path):
    rows = [f"Essex,2016/17,{MEASURE},aged_0_4,90,reported",
            f"Essex,2016/17,{MEASURE},aged_5_10,170,reported"]
    import_file(store, tidy(tmp_path, "v1.csv", rows), dataset=NSPCC)
    harmonise(store, NSPCC)
    import_file(store, tidy(tmp_path, "v2.csv", [
        *rows, f"Essex,2016/17,{MEASURE},aged_10_and_under,262,reported"]), dataset=NSPCC)
    report = harmonise(store, NSPCC)
    result = next(t for t in report.groups[0].targets if t.target == "aged_10_and_under")
    assert (result.outcome, report.written, report.withdrawn) == (REPORTED_AS_SUCH, 0, 0)
    current = stored_value(store, "essex", "2016/17", "aged_10_and_under")
    assert not store.rows("SELECT * FROM derived_observations WHERE observation_id = ?",
                          [current["id"]])
