"""Every reply fixture imports to exactly its expected observations; every broken one fails
with its expected code, at its expected place, and leaves the store as it was."""

import csv
from decimal import Decimal
from pathlib import Path

import pytest

from localwire.errors import InputErrors
from localwire.facts import FactBook
from localwire.importing import import_file, validate_file
from localwire.model.periods import Period

REPLIES = Path(__file__).parent / "fixtures" / "replies"
GOOD = sorted(p for p in REPLIES.iterdir() if (p / "expected.csv").is_file())
BROKEN = sorted(p for p in REPLIES.iterdir() if (p / "expected-error.txt").is_file())
COLUMNS = ("area", "period", "measure", "breakdown", "value", "status", "lower_bound",
           "upper_bound", "source_location")


def reply(folder: Path) -> Path:
    return next(folder.glob("reply.*"))


def stored(store) -> list[tuple]:
    rows = store.rows(f"SELECT {', '.join(COLUMNS)} FROM observations WHERE current ORDER BY id")
    return [tuple("" if row[c] is None else _text(row[c]) for c in COLUMNS) for row in rows]


def _text(value) -> str:
    return format(value.normalize(), "f") if isinstance(value, Decimal) else str(value)


def expected(folder: Path) -> list[tuple]:
    with (folder / "expected.csv").open(newline="") as handle:
        return [tuple(row[c] for c in COLUMNS) for row in csv.DictReader(handle)]


def snapshot(store) -> tuple:
    return (store.rows("SELECT * FROM observations ORDER BY id"),
            store.rows("SELECT * FROM sources ORDER BY id"))


@pytest.mark.parametrize("folder", GOOD, ids=lambda p: p.name)
def test_fixture_imports_to_its_expected_observations(store, folder):
    result = import_file(store, reply(folder), dataset="replies", recipe=folder / "recipe.yaml")
    assert stored(store) == expected(folder)
    assert result.added == len(expected(folder))


@pytest.mark.parametrize("folder", GOOD, ids=lambda p: p.name)
def test_fixture_twice_changes_nothing(store, folder):
    first = import_file(store, reply(folder), dataset="replies", recipe=folder / "recipe.yaml")
    before = snapshot(store)
    again = import_file(store, reply(folder), dataset="replies", recipe=folder / "recipe.yaml")
    assert again.unchanged and again.source_id == first.source_id
    assert snapshot(store) == before


@pytest.mark.parametrize("folder", BROKEN, ids=lambda p: p.name)
def test_broken_fixture_fails_with_its_code_and_writes_nothing(store, folder):
    code, place = (folder / "expected-error.txt").read_text().strip().split(" ", 1)
    import_file(store, REPLIES / "unknown-age-csv" / "reply.csv", dataset="replies",
                recipe=REPLIES / "unknown-age-csv" / "recipe.yaml")
    before = snapshot(store)
    with pytest.raises(InputErrors) as raised:
        import_file(store, reply(folder), dataset="replies", recipe=folder / "recipe.yaml")
    assert (raised.value.problems[0].code, raised.value.problems[0].place) == (code, place)
    assert raised.value.problems[0].file == str(reply(folder))
    assert snapshot(store) == before
    assert not any(p.name.startswith(".incoming") for p in store.files_dir.rglob("*"))


@pytest.mark.parametrize("folder", BROKEN, ids=lambda p: p.name)
def test_validate_reports_the_same_problems_without_writing(store, folder):
    code = (folder / "expected-error.txt").read_text().split()[0]
    problems = validate_file(store, reply(folder), recipe=folder / "recipe.yaml")
    assert problems and problems[0].code == code
    assert snapshot(store) == ([], [])


@pytest.mark.parametrize("folder", GOOD, ids=lambda p: p.name)
def test_validate_finds_nothing_wrong_in_good_fixtures(store, folder):
    assert validate_file(store, reply(folder), recipe=folder / "recipe.yaml") == []


def test_source_keeps_file_bytes_recipe_and_what_was_skipped(store):
    folder = REPLIES / "refused-and-no-reply-csv"
    import_file(store, reply(folder), dataset="replies", recipe=folder / "recipe.yaml")
    source = store.rows("SELECT * FROM sources")[0]
    assert (store.files_dir / source["stored_path"]).read_bytes() == reply(folder).read_bytes()
    assert source["recipe_text"] == (folder / "recipe.yaml").read_text()
    assert source["recipe"].startswith("tracker (")
    assert "Action Fraud" in source["skipped"]


def test_corrected_reply_is_a_new_version_with_the_change_reported(store, tmp_path):
    folder = REPLIES / "refused-and-no-reply-csv"
    import_file(store, reply(folder), dataset="replies", recipe=folder / "recipe.yaml")
    corrected = tmp_path / "reply.csv"
    corrected.write_text(reply(folder).read_text().replace("No reply", "812"))
    result = import_file(store, corrected, dataset="replies", recipe=folder / "recipe.yaml")
    assert [(c.area, c.old, Decimal(c.new)) for c in result.changes] == [("gwent", "no_reply", 812)]
    versions = store.rows("SELECT version, current, status FROM observations WHERE area = 'gwent' "
                          "ORDER BY version")
    assert [(v["version"], v["current"], v["status"]) for v in versions] == [
        (1, False, "no_reply"), (2, True, "reported")]


def test_same_bytes_with_a_corrected_recipe_is_a_new_source(store, tmp_path):
    folder = REPLIES / "refused-and-no-reply-csv"
    import_file(store, reply(folder), dataset="replies", recipe=folder / "recipe.yaml")
    recipe = tmp_path / "recipe.yaml"
    recipe.write_text((folder / "recipe.yaml").read_text().replace("no reply: no_reply",
                                                                    "no reply: not_held"))
    result = import_file(store, reply(folder), dataset="replies", recipe=recipe)
    assert not result.unchanged
    assert [(c.area, c.new) for c in result.changes] == [("gwent", "not_held")]


def test_suppressed_values_are_never_summed_as_zero(store):
    for name in ("bands-0-5-xlsx", "bands-11-under-ods"):
        folder = REPLIES / name
        import_file(store, reply(folder), dataset="replies", recipe=folder / "recipe.yaml")
    book = FactBook(store, "replies")
    period = Period.parse("2016/17")
    total = book.total_over(["kent", "surrey"], "south-east", period, "child_sex_offences",
                            "aged_16_17")
    kent = book.value("kent", period, "child_sex_offences", "aged_16_17")
    assert total.value == kent.value
    assert total.detail("coverage") == "1 of 2 forces"
    coverage = book.coverage(period, "child_sex_offences", "aged_16_17", ["kent", "surrey"])
    assert coverage.not_reported == (("surrey", "suppressed"),)
    assert book.value("surrey", period, "child_sex_offences", "aged_16_17") is None


@pytest.mark.parametrize(("text", "place", "words"), [
    ("recipe: r\narea: {column: A}\nperiod: {column: B}\nmeasure: {value: m}\n", None,
     "either value"),
    ("recipe: r\narea: {column: A, value: x}\nperiod: {column: B}\nmeasure: {value: m}\n"
     "value: {column: C}\n", "area", "exactly one"),
    ("recipe: r\narea: {column: A}\nperiod: {column: B}\nmeasure: {value: m}\n"
     "value: {column: C}\nstatuses: {'*': {status: hidden}}\n", "statuses.*", "unknown status"),
    ("recipe: r\narea: {column: A}\nperiod: {column: B}\nmeasure: {value: m}\n"
     "value: {column: C}\nsheets: 2\n", "sheets", "Extra inputs"),
    ("recipe: [unclosed\n", "line 2", "invalid YAML"),
])
def test_bad_recipe_names_the_file_and_key(tmp_path, text, place, words):
    from localwire.importing.recipe import RecipeError, load_recipe

    path = tmp_path / "r.yaml"
    path.write_text(text)
    with pytest.raises(RecipeError) as raised:
        load_recipe(path)
    problem = raised.value.problem
    assert problem.code == "bad-recipe" and problem.file == str(path)
    assert problem.place == place and words in problem.message


def test_missing_column_names_the_recipe_key(store, tmp_path):
    folder = REPLIES / "refused-and-no-reply-csv"
    recipe = tmp_path / "recipe.yaml"
    recipe.write_text((folder / "recipe.yaml").read_text().replace("{column: Offences}",
                                                                    "{column: Figure}"))
    with pytest.raises(InputErrors) as raised:
        import_file(store, reply(folder), dataset="replies", recipe=recipe)
    problem = raised.value.problems[0]
    assert (problem.code, problem.place) == ("missing-column", "row 1")
    assert "value.column" in problem.message
