"""docs/errors.md, generated from the catalogue (`localwire errors --markdown > docs/errors.md`);
tests/test_import_errors.py keeps the file equal to this output."""

from __future__ import annotations

from localwire.errors import catalogue
from localwire.model import limits

INTRO = """\
# Errors

<!-- Generated from localwire/errors/catalogue.py by `localwire errors --markdown`; do not edit. -->

Every problem localwire reports has a code, a one-line message naming the file and place, and
often a hint: `reply.xlsx:Sheet1!C7: column 'value': '12.5' ... [not-a-count] (hint: ...)`.
`localwire import` writes nothing when there is any problem; `localwire validate` lists them all
(table, or `--json`) and exits 1. Each code has one exit code (the CLI's) and one HTTP status
(the desk's). `localwire errors` lists them.

Limits checked before a file is read (`too-large`), from `localwire/model/limits.py`:
{limits}
"""


def _limits() -> str:
    rows = [
        ("a file imported or attached", limits.size(limits.MAX_FILE_BYTES)),
        ("cells in one sheet: rows times columns from A1 to its last cell, counted from the "
         "sheet's own cell references and repeated rows (a larger declared `<dimension>` alone "
         "is harmless and not refused)", f"{limits.MAX_CELLS:,}"),
        ("an XLSX or ODS unpacked", limits.size(limits.MAX_UNPACKED_BYTES)),
        ("shared strings an XLSX declares", f"{limits.MAX_SHARED_STRINGS:,}"),
        ("pages of a PDF", f"{limits.MAX_PDF_PAGES:,}"),
        ("a recipe file", limits.size(limits.MAX_RECIPE_BYTES)),
        ("YAML aliases in a recipe", f"{limits.MAX_YAML_ALIASES:,}"),
        ("YAML nodes in a recipe, aliases expanded", f"{limits.MAX_YAML_NODES:,}"),
        ("rendering one template (`template-timeout`)", f"{limits.TEMPLATE_SECONDS:g} seconds"),
        ("a rendered story or letter (`template-too-large`)",
         f"{limits.TEMPLATE_OUTPUT_CHARS:,} characters"),
        ("a range, string or list a template builds", f"{limits.TEMPLATE_MAX_ITEMS:,} items"),
    ]
    return "\n".join(["", "| limit | at most |", "|---|---|",
                      *(f"| {what} | {value} |" for what, value in rows)])


#: Modules that need an optional extra (`portable`: Ibis); they define no error codes.
OPTIONAL = {"localwire.facts.portable"}


def import_everything() -> None:
    """Import every localwire module, so codes that other modules define are registered."""
    import importlib
    import pkgutil

    import localwire

    for module in pkgutil.walk_packages(localwire.__path__, "localwire."):
        if module.name.endswith("__main__") or module.name in OPTIONAL:
            continue
        importlib.import_module(module.name)


def markdown() -> str:
    import_everything()
    lines = [INTRO.format(limits=_limits())]
    section = None
    for code, kind in catalogue().items():
        if kind.section != section:
            section = kind.section
            lines += ["", f"## {section}", "", "| code | exit | HTTP | meaning |",
                      "|---|---|---|---|"]
        lines.append(f"| `{code}` | {kind.exit_code} | {kind.http_status} | {kind.meaning()} |")
    return "\n".join(lines) + "\n"
