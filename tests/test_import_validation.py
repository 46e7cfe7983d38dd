"""One set of checks for both paths: the same rows give the same problems whether they come
in the tidy format or through a recipe; provenance names the file's own lines; hidden sheets."""

from pathlib import Path

import pytest

from localwire.importing import import_file, validate_file
from localwire.store import Store

HOSTILE = Path(__file__).parent / "fixtures" / "hostile"
LONG_RECIPE = """recipe: long
area: {column: area}
period: {column: period}
measure: {column: measure}
breakdown: {column: breakdown}
value: {column: value}
"""
ROWS = {  # rows (area, period, measure, breakdown, value) -> the code both paths must give
    "future period": ([("Kent", "2016/17", "child_sex_offences", "", "12"),
                       ("Kent", "2099/00", "child_sex_offences", "", "13")], "period-out-of-range"),
    "breakdown above total": ([("Kent", "2016/17", "child_sex_offences", "", "12"),
                               ("Kent", "2016/17", "child_sex_offences", "online_flagged", "30")],
                              "breakdown-exceeds-total"),
    "fraction as count": ([("Kent", "2016/17", "child_sex_offences", "", "12.5")], "not-a-count"),
    "digit groups": ([("Kent", "2016/17", "child_sex_offences", "", "1,2,3")], "bad-value"),
    "float artefact": ([("Kent", "2016/17", "child_sex_offences", "", "0.30000000000000004")],
                       "not-a-count"),
    "bound below zero": ([("Kent", "2016/17", "child_sex_offences", "", "<0")], "bad-bounds"),
    "bound too large": ([("Kent", "2016/17", "child_sex_offences", "", "<" + "9" * 30)],
                        "bad-value"),
    "misspelt measure": ([("Kent", "2016/17", "child_sex_offenses", "", "12")], "unknown-measure"),
    "misspelt breakdown": ([("Kent", "2016/17", "child_sex_offences", "online_flaged", "3")],
                           "unknown-breakdown"),
    "negative count": ([("Kent", "2016/17", "child_sex_offences", "", "-2")], "negative-count"),
}


def write(folder: Path, rows) -> tuple[Path, Path]:
    text = "area,period,measure,breakdown,value\n" + "".join(
        ",".join(f'"{c}"' if "," in c else c for c in row) + "\n" for row in rows)
    path = folder / "rows.csv"
    path.write_text(text, encoding="utf-8")
    recipe = folder / "long.yaml"
    recipe.write_text(LONG_RECIPE, encoding="utf-8")
    return path, recipe


@pytest.mark.parametrize("case", sorted(ROWS))
def test_both_paths_give_the_same_problem(case, tmp_path):
    rows, code = ROWS[case]
    path, recipe = write(tmp_path, rows)
    with Store(":memory:") as store:
        tidy = validate_file(store, path, dataset="nspcc-child-sex-offences")
        mapped = validate_file(store, path, recipe=recipe, dataset="nspcc-child-sex-offences")
    assert [p.code for p in tidy] == [code]
    assert [p.code for p in mapped] == [code]
    assert tidy[0].message == mapped[0].message


def test_places_are_the_lines_of_the_file(tmp_path):
    path = tmp_path / "blank.csv"
    path.write_text("area,period,measure,breakdown,value,note\n\nKent,2016/17,child_sex_offences"
                    ',,12,"two\nlines"\n\nEssex,2016/17,child_sex_offences,,7,\n', encoding="utf-8")
    with Store(":memory:") as store:
        import_file(store, path, dataset="d")
        places = store.rows("SELECT area, source_location FROM observations ORDER BY id")
    assert [(r["area"], r["source_location"]) for r in places] == [
        ("kent", "row 3"), ("essex", "row 6")]


def test_a_recipe_csv_is_placed_by_line_too(tmp_path):
    path = tmp_path / "rows.csv"
    path.write_text("area,period,measure,breakdown,value\n\n\nKent,2016/17,m,,twelve\n",
                    encoding="utf-8")
    recipe = tmp_path / "long.yaml"
    recipe.write_text(LONG_RECIPE, encoding="utf-8")
    with Store(":memory:") as store:
        problems = validate_file(store, path, recipe=recipe, dataset="d")
    assert [(p.code, p.place) for p in problems] == [("bad-value", "row 4")]


def test_a_hidden_sheet_named_explicitly_is_read_with_a_warning(tmp_path):
    recipe = tmp_path / "named.yaml"
    recipe.write_text((HOSTILE / "sheet.recipe.yaml").read_text() + "sheet: Old figures\n",
                      encoding="utf-8")
    with Store(":memory:") as store:
        result = import_file(store, HOSTILE / "hidden-first-sheet.xlsx", dataset="d",
                             recipe=recipe)
        value = store.rows("SELECT value FROM observations")[0]["value"]
    assert int(value) == 99
    assert [w.code for w in result.warnings] == ["hidden-sheet"]
    assert "reading sheet 'Old figures', which is hidden" in str(result.warnings[0])


def test_the_visible_sheet_named_is_read_without_a_warning(tmp_path):
    recipe = tmp_path / "named.yaml"
    recipe.write_text((HOSTILE / "sheet.recipe.yaml").read_text() + "sheet: Figures\n",
                      encoding="utf-8")
    with Store(":memory:") as store:
        result = import_file(store, HOSTILE / "hidden-first-sheet.xlsx", dataset="d",
                             recipe=recipe)
    assert result.warnings == []


def test_a_large_but_legal_sheet_is_read(tmp_path):
    """The limits refuse what would blow up, not real tables: 5,000 rows of 5 columns."""
    import openpyxl

    from localwire.areas import Gazetteer

    forces = [a.name for a in Gazetteer.bundled().forces()][:43]
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Force", "Year", "Total", "Online", "Other"])
    for year in range(1900, 2016):
        for force in forces:
            sheet.append([force, str(year), 5, 1, 2])
    book.save(tmp_path / "big.xlsx")
    recipe = tmp_path / "r.yaml"
    recipe.write_text((HOSTILE / "sheet.recipe.yaml").read_text()
                      + "  Online: {breakdown: online_flagged}\n", encoding="utf-8")
    with Store(":memory:") as store:
        result = import_file(store, tmp_path / "big.xlsx", dataset="d", recipe=recipe)
    assert result.added == 116 * 43 * 2
