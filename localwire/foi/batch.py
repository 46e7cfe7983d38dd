"""Many events at once: one event for a list of forces, or a CSV of what happened to each.

The CSV has a header and one row per event: `force,event,date` and optionally `outcome`,
`sections` (separated by ";" or spaces), `until`, `reference`, `note`. Every row is read and
checked before anything is recorded (`localwire.foi.campaign.record` is all or nothing);
problems name the file and row.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from localwire.errors import InputErrors, Problem
from localwire.foi.campaign import Campaign, Entry, get_campaign, requests, split_forces
from localwire.store import Store

REQUIRED = ("force", "event", "date")
OPTIONAL = ("outcome", "sections", "until", "reference", "note")


def entries_for(store: Store, campaign: str | Campaign, forces: str | Sequence[str], what: str,
                on: date, **details) -> list[Entry]:
    """The same event for several forces ("Herts,Beds", a list, or "all" the requests)."""
    names = split_forces(forces)
    if [n.lower() for n in names] == ["all"]:
        names = [r.force for r in requests(store, get_campaign(store, campaign))]
    return [Entry(name, what, on, place=name, **details) for name in names]


def entries_from_csv(path: str | Path) -> list[Entry]:
    """Read a CSV of events; InputErrors (file and row) if any row cannot be read."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputErrors([Problem("no-file", "file not found", str(path))]) from None
    except UnicodeDecodeError:
        raise InputErrors([Problem("bad-encoding", "not UTF-8 text", str(path))]) from None
    try:
        records = _records(text)
    except csv.Error as error:
        raise InputErrors([Problem("bad-csv", f"malformed CSV: {error.args[0]}", str(path),
                                   error.args[1] if len(error.args) > 1 else None)]) from None
    if not records:
        raise InputErrors([Problem("empty-file", "no header and no events", str(path))])
    header = [h.strip().lower() for h in records[0][1]]
    missing = [c for c in REQUIRED if c not in header]
    unknown = [c for c in header if c not in REQUIRED + OPTIONAL]
    if missing or unknown:
        message = (f"missing column {', '.join(missing)}" if missing
                   else f"unknown column {', '.join(unknown)}")
        raise InputErrors([Problem("bad-csv", message, str(path), f"row {records[0][0]}",
                                   "columns: " + ", ".join(REQUIRED + OPTIONAL))])
    entries, problems = [], []
    for line, fields in records[1:]:
        place = f"row {line}"
        if len(fields) != len(header):
            problems.append(Problem("bad-csv", f"malformed CSV: expected {len(header)} fields, "
                                               f"found {len(fields)}", str(path), place))
            continue
        row = {name: value.strip() for name, value in zip(header, fields, strict=True)}
        try:
            entries.append(_entry(row, place))
        except ValueError as error:
            problems.append(Problem("bad-csv", str(error), str(path), place))
    if problems:
        raise InputErrors(problems)
    if not entries:
        raise InputErrors([Problem("empty-file", "no events after the header", str(path))])
    return entries


def _records(text: str) -> list[tuple[int, list[str]]]:
    """Each non-blank record with the line of the file it starts on (as the importer counts:
    a quoted line break makes a record span lines); csv.Error(message, place) if malformed."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    records, line = [], 1
    while True:
        try:
            fields = next(reader)
        except StopIteration:
            return records
        except csv.Error as error:
            raise csv.Error(str(error), f"row {line}") from None
        if any(field.strip() for field in fields):
            records.append((line, fields))
        line = reader.line_num + 1


def _entry(row: dict[str, str], place: str) -> Entry:
    for column in REQUIRED:
        if not row.get(column):
            raise ValueError(f"empty {column}")
    return Entry(row["force"], row["event"], _date(row["date"], "date"),
                 outcome=row.get("outcome") or None,
                 sections=[s for s in re.split(r"[;\s]+", row.get("sections", "")) if s],
                 until=_date(row["until"], "until") if row.get("until") else None,
                 reference=row.get("reference") or None, note=row.get("note") or None,
                 place=place)


def _date(text: str, column: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{column} {text!r} is not a date like 2026-05-20") from None
