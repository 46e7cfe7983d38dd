"""The error catalogue: one class per code, every code used anywhere is catalogued and
documented, and docs/errors.md is exactly what the catalogue generates."""

import ast
from pathlib import Path

import pytest

from localwire.cli import main
from localwire.desk.errors_doc import import_everything, markdown
from localwire.errors import REGISTRY, InputErrors, LocalwireError, Problem, TooLarge, catalogue

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs" / "errors.md"


def codes_in_source() -> dict[str, str]:
    """Every error code written as a literal in localwire: Problem("x", ...), code="x",
    and `code = "x"` in a class body; code -> where it was seen."""
    found = {}
    for path in sorted((ROOT / "localwire").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            literal = None
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Problem" \
                    and node.args and isinstance(node.args[0], ast.Constant):
                literal = node.args[0].value
            elif _names_a_code(node):
                literal = node.value.value
            if isinstance(literal, str):
                found.setdefault(literal, f"{path.relative_to(ROOT)}:{node.lineno}")
    return found


def _names_a_code(node: ast.AST) -> bool:
    if isinstance(node, ast.keyword):
        return node.arg == "code" and isinstance(node.value, ast.Constant)
    return isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant) and any(
        getattr(target, "id", None) == "code" for target in node.targets)


def test_docs_file_is_generated_from_the_catalogue():
    assert DOCS.read_text(encoding="utf-8") == markdown(), (
        "docs/errors.md is stale: run `localwire errors --markdown > docs/errors.md`")


def test_every_code_used_in_the_source_is_catalogued_and_documented():
    import_everything()
    docs = DOCS.read_text(encoding="utf-8")
    warnings = {"hidden-sheet"}  # also used as a warning's code; catalogued as the error
    for code, where in codes_in_source().items():
        assert code in REGISTRY or code in warnings, f"{code} ({where}) is not in the catalogue"
        assert f"| `{code}` |" in docs, f"{code} ({where}) is not in docs/errors.md"


@pytest.mark.parametrize("code, kind", sorted(catalogue().items()))
def test_each_code_has_a_meaning_a_template_and_statuses(code, kind):
    assert kind.code == code
    assert kind.meaning(), f"{code} has no docstring"
    assert kind.exit_code in (1, 2, 70)
    assert 400 <= kind.http_status < 600


def test_template_fields_make_the_message():
    error = TooLarge(file="big.xlsx", place="Sheet1!XFD1048576", what="sheet 'Sheet1'",
                     size="17,179,869,184 cells", limit="5,000,000 cells")
    assert str(error) == ("big.xlsx:Sheet1!XFD1048576: sheet 'Sheet1' is 17,179,869,184 cells, "
                          "over the limit of 5,000,000 cells [too-large]")
    assert error.problem.http_status == 413 and error.problem.exit_code == 1


def test_old_style_errors_keep_working():
    error = LocalwireError("something odd", file="f.csv", place="row 2", hint="fix it",
                           code="bad-value")
    assert str(error) == "f.csv:row 2: something odd [bad-value] (hint: fix it)"
    assert error.status == 422
    problems = InputErrors([Problem("bad-value", "x", "f.csv", "row 3")])
    assert problems.exit_code == 1 and problems.http_status == 422


def test_errors_command_lists_the_catalogue(capsys):
    assert main(["errors", "--json"]) == 0
    out = capsys.readouterr().out
    assert '"code": "too-large"' in out and '"http_status": 413' in out


def test_a_bug_is_reported_as_unexpected_with_exit_70(monkeypatch, capsys):
    import localwire.cli.core as core

    def broken(*args, **kwargs):
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(core, "import_file", broken)
    code = main(["import", "x.csv", "--dataset", "d", "--db", ":memory:"])
    assert code == 70
    assert "unexpected ZeroDivisionError: division by zero [unexpected]" in capsys.readouterr().err


def test_a_recipe_names_the_dataset_it_imports_into(capsys, tmp_path):
    # a new user importing the Home Office table was told only "Missing option '--dataset'",
    # though the bundled recipe says which dataset it fills
    from tests.conftest import SHARED_DATA

    table = SHARED_DATA / "raw" / "rec_crime_pfa_rolling_year_2003-2018__Crime_Project.csv"
    code = main(["import", str(table), "--recipe", "home-office-rolling-year",
                 "--db", str(tmp_path / "s.duckdb")])
    assert code == 0
    assert "48,664 observations imported into police-recorded-crime" in capsys.readouterr().out


def test_a_tidy_csv_needs_the_dataset_named(capsys, tmp_path):
    (tmp_path / "t.csv").write_text("area,period,measure,value\n", encoding="utf-8")
    code = main(["import", str(tmp_path / "t.csv"), "--db", str(tmp_path / "s.duckdb")])
    err = " ".join(capsys.readouterr().err.replace("│", " ").split())
    assert code == 2 and "name the dataset to import into (a tidy CSV names none)" in err
    assert not (tmp_path / "s.duckdb").exists()
