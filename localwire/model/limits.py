"""The limits on what localwire will read or render: one place, read by the readers, the recipe
loader, the template sandbox and the generated docs/errors.md. An input over a limit is refused
with `too-large` (or a template's `template-timeout` / `template-too-large`) before anything
huge is allocated."""

from __future__ import annotations

MAX_FILE_BYTES = 256 * 1024 * 1024        # any file imported or attached
MAX_CELLS = 5_000_000                     # rows x columns of one sheet, as calamine lays it out
MAX_UNPACKED_BYTES = 1024 * 1024 * 1024   # an XLSX or ODS, all its parts unzipped
MAX_ZIP_ENTRIES = 10_000
MAX_SHARED_STRINGS = 5_000_000            # an XLSX's declared shared strings
MAX_PDF_PAGES = 500
MAX_RECIPE_BYTES = 1024 * 1024
MAX_YAML_ALIASES = 1_000
MAX_YAML_NODES = 100_000                  # every scalar, list and mapping, aliases expanded
TEMPLATE_SECONDS = 10.0
TEMPLATE_OUTPUT_CHARS = 1_000_000
TEMPLATE_MAX_ITEMS = 100_000              # a range(), or a string or list a template builds


def size(number: int) -> str:
    """A byte count as people read it: 1.5 MB, 512 GB."""
    value = float(number)
    for unit in ("bytes", "KB", "MB", "GB", "TB"):
        if value < 1024 or unit == "TB":
            return f"{value:,.0f} {unit}" if unit == "bytes" else f"{value:,.1f} {unit}"
        value /= 1024
    raise AssertionError("unreachable")
