"""The `harmonise` command: derive a dataset's comparable age bands from each force's own."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.table import Table

from localwire.areas import gazetteer_of
from localwire.cli.app import DEFAULT_DB_PATH, DbOption, app, console
from localwire.importing.harmonise import (
    DERIVED,
    NOT_COMPARABLE,
    REPORTED_AS_SUCH,
    BandResult,
    GroupResult,
    HarmoniseReport,
    harmonise,
)
from localwire.store import Store


@app.command("harmonise")
def harmonise_command(
    dataset: Annotated[str, typer.Option("--dataset", "-d", help="Dataset to harmonise.")],
    period: Annotated[str | None, typer.Option("--period", "-p",
                                               help="Only this period (default all).")] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Report only; write nothing.")] = False,
    db: DbOption = DEFAULT_DB_PATH,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Derive the dataset's age bands from each force's reported bands, or say why not.

    A band is derived only as an exact union of a force's own bands (0-5 + 6-10 gives 10 and
    under; 11 and under cannot); suppressed parts keep bounds, refusals carry over, unknown
    ages are left out and shown. Reported observations are never changed.

    Example: localwire harmonise --dataset nspcc-child-sex-offences --period 2016/17
    """
    with Store(db) as store:
        report = harmonise(store, dataset, period, write=not dry_run)
        names = {slug: area.name for slug, area in gazetteer_of(store).areas.items()}
    if as_json:
        console.print_json(json.dumps(report.as_dict()))
        return
    for group in report.groups:
        console.print(_group_table(group, names.get(group.area, group.area)))
    console.print(_summary(report, dry_run), highlight=False)


def _group_table(group: GroupResult, name: str) -> Table:
    reported = ", ".join(f"{r.key} ({r.band.label})" for r in group.reported) or "none"
    caption = [f"reported bands: {reported}"]
    for found in group.unknown_age:
        caption.append(f"unknown age ({found.breakdown}), in no band: "
                       f"{_figure(found.status, found.value, found.lower_bound, found.upper_bound)}")
    if group.unreadable:
        caption.append("age bands not understood: " + ", ".join(group.unreadable))
    table = Table("band", "ages", "result", "figure", "from / why not",
                  title=f"{name} {group.period} {group.measure}", caption="\n".join(caption),
                  caption_justify="left")
    for result in group.targets:
        table.add_row(result.target, result.band.label, result.outcome.replace("_", " "),
                      _result_figure(result), _detail(result))
    return table


def _result_figure(result: BandResult) -> str:
    if result.outcome == NOT_COMPARABLE:
        return ""
    return _figure(result.status, result.value, result.lower_bound, result.upper_bound)


def _figure(status, value, lower, upper) -> str:
    if status == "reported" and value is not None:
        return f"{value.normalize():f}"
    if status == "suppressed":
        return ("suppressed" if lower is None or upper is None
                else f"suppressed ({lower.normalize():f}-{upper.normalize():f})")
    return (status or "").replace("_", " ")


def _detail(result: BandResult) -> str:
    if result.outcome == DERIVED:
        return " + ".join(p.key for p in result.parts)
    if result.outcome == REPORTED_AS_SUCH:
        return "reported by the force"
    return result.reason or ""


def _summary(report: HarmoniseReport, dry_run: bool) -> str:
    text = (f"{report.dataset}: {_bands(report.count(DERIVED))} derived, "
            f"{report.count(NOT_COMPARABLE)} not comparable, "
            f"{report.count(REPORTED_AS_SUCH)} reported by the force")
    if dry_run:
        return text + " (dry run: nothing written)"
    return (text + f"; {report.written} written, {report.unchanged} unchanged, "
            f"{report.withdrawn} withdrawn")


def _bands(count: int) -> str:
    return f"{count} band" if count == 1 else f"{count} bands"
