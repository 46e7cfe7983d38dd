"""Tidy CSVs of short yearly series for tests, written from "area: figures" tables."""

from __future__ import annotations

from pathlib import Path


def series_csv(path: Path, measure: str, figures: dict[str, str], first_year: int = 2012) -> Path:
    """One row per area and financial year from `first_year`, the figures space-separated:
    a number, "refused" (a refused row) or "," (no row at all for that year)."""
    rows = ["area,period,measure,breakdown,value,status"]
    for area, line in figures.items():
        for year, figure in enumerate(line.split(), start=first_year):
            if figure == ",":
                continue
            value, status = ("", "refused") if figure == "refused" else (figure, "")
            rows.append(f"{area},{year}/{(year + 1) % 100:02d},{measure},,{value},{status}")
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path
