"""The catalogue: one class per error code, each with its message template, exit code, HTTP
status and (its docstring) the meaning docs/errors.md gives it.

Exit codes: 1 for a problem with an input or the store, 2 for bad usage (Typer's own), 70 for
`unexpected` (a bug in localwire; EX_SOFTWARE). HTTP: 400 for a bad request, 404 for something
named that does not exist, 409 for a conflict with the store's state, 413 for an input over a
limit, 422 for an input that is well formed but wrong, 500 for `unexpected`.
"""

from __future__ import annotations

from localwire.errors.base import LocalwireError

FILES, COLUMNS, ROWS, SETS = "Files", "Columns", "Rows", "Sets of rows"
RECIPES, TEMPLATES, STORE, WRITING, FOI, GENERAL = (
    "Recipes", "Templates", "Store and configuration", "Writing and checking", "FOI", "General")
SECTIONS = (FILES, COLUMNS, ROWS, SETS, RECIPES, TEMPLATES, STORE, WRITING, FOI, GENERAL)


class _File(LocalwireError):
    section = FILES


class NoFile(_File):
    """The file does not exist."""
    code, template, http_status = "no-file", "file not found", 404


class NotAFile(_File):
    """The path names a folder (or a device), not a file."""
    code, template, http_status = "not-a-file", "{kind}, not a file", 422


class EmptyFile(_File):
    """No rows after the header, or the recipe found no figures."""
    code, template, http_status = "empty-file", "{reason}", 422


class BadEncoding(_File):
    """The file is not in the expected encoding (UTF-8, or the recipe's `encoding`)."""
    code, template, http_status = "bad-encoding", "not {encoding} text ({reason})", 422


class BadCsv(_File):
    """Malformed CSV (wrong number of fields, bad quoting, a NUL byte), with the row."""
    code, template, http_status = "bad-csv", "malformed CSV: {reason}", 422


class BadSpreadsheet(_File):
    """An XLSX/ODS file that cannot be opened or read: damaged, not a spreadsheet, or
    malformed inside; the message names the part at fault."""
    code, template, http_status = "bad-spreadsheet", "cannot read the workbook: {reason}", 422


class MissingSheet(_File):
    """The recipe's `sheet` is not in the workbook; the hint lists the sheets."""
    code, template, http_status = "missing-sheet", "no sheet {sheet!r}", 422


class HiddenSheet(_File):
    """The first sheet is hidden and the recipe does not name a sheet: name the sheet to read
    with `sheet:` (a hidden sheet named explicitly is read, with a warning)."""
    code, template, http_status = "hidden-sheet", "sheet {sheet!r} is hidden", 422


class BadPdf(_File):
    """A PDF that cannot be read."""
    code, template, http_status = "bad-pdf", "cannot read the PDF: {reason}", 422


class MissingPage(_File):
    """The recipe's `pages` names a page the PDF does not have."""
    code, template, http_status = "missing-page", "no page {page}", 422


class UnknownFormat(_File):
    """The format cannot be told from the extension; set `format` in the recipe."""
    code, template, http_status = "unknown-format", "cannot tell the format of {name!r}", 422


class TooLarge(_File):
    """An input over one of localwire's limits (file bytes, cells in a sheet, unpacked size of
    a workbook, strings in it, PDF pages, recipe size or YAML aliases); checked before the
    file is read, so nothing huge is ever allocated. The message gives the size and limit."""
    code, template, http_status = "too-large", "{what} is {size}, over the limit of {limit}", 413


class MissingCell(_File):
    """A recipe's `cell:` lies beyond the rows or columns of the sheet or table."""
    code, template, http_status = "missing-cell", "recipe key {key}: {reason}", 422


class _Column(LocalwireError):
    section = COLUMNS
    http_status = 422


class MissingColumn(_Column):
    """A required column is missing (tidy: area, period, measure, value); for a recipe, the
    message names the recipe key (`value.column`) and the hint lists the headers."""
    code, template = "missing-column", "required column {name!r} is missing"


class UnknownColumn(_Column):
    """Tidy format: a column that is not area, period, measure, value, breakdown, status, note
    or source."""
    code, template = "unknown-column", "unknown column {name!r}"


class DuplicateColumn(_Column):
    """Tidy format: a column name appears twice."""
    code, template = "duplicate-column", "a column name appears twice"


class _Row(LocalwireError):
    section = ROWS
    http_status = 422


class UnknownArea(_Row):
    """An area name the gazetteer does not know; the hint gives the nearest names. Never
    guessed: add an alias, or `skip_areas` in the recipe with a reason."""
    code, template = "unknown-area", "unknown area {name!r}"


class MissingArea(_Row):
    """No area given."""
    code, template = "missing-area", "column 'area': no area given"


class BadPeriod(_Row):
    """A period that cannot be read (use 2016/17, 2017 or YE 2017-06)."""
    code, template = "bad-period", "cannot read period {text!r}"


class MissingPeriod(_Row):
    """No period given."""
    code, template = "missing-period", "column 'period': no period given"


class BadValue(_Row):
    """A value that is not a number written in figures (`NaN`, `1,2,3`, `1e400`, `٣`), or a
    token the recipe does not map to a status."""
    code, template = "bad-value", "column 'value': {value!r} is not a number"


class MissingValue(_Row):
    """An empty value for a reported figure."""
    code, template = "missing-value", "column 'value': empty value for a reported figure"


class NegativeCount(_Row):
    """A negative value for a count measure (measures declared `kind = "net_count"` may be
    negative)."""
    code, template = "negative-count", "column 'value': a count cannot be negative ({value})"


class NotACount(_Row):
    """A count measure's value that is not a whole number (12.5, or 0.30000000000000004 from a
    spreadsheet formula): counts are whole and never negative."""
    code, template = "not-a-count", "column 'value': a count must be a whole number, not {value}"


class BadBounds(_Row):
    """A suppressed value whose bounds are not in order (`<0` means 0 to -1), or a recipe's
    status rule with `lower` above `upper`."""
    code, template = "bad-bounds", "{what}: the lower bound {lower} is above the upper bound {upper}"


class BadStatus(_Row):
    """Tidy format: a status other than reported, suppressed, refused, not_held, flag_not_used,
    no_reply."""
    code, template = "bad-status", "column 'status': unknown status {status!r}"


class ValueWithStatus(_Row):
    """A value given with a status that has none (refused, not held, ...)."""
    code, template = "value-with-status", "column 'value': {value!r} given with status {status!r}"


class DuplicateRow(_Row):
    """The same area, period, measure and breakdown twice."""
    code, template = "duplicate-row", "{label} appears more than once ({places})"


class MissingMeasure(_Row):
    """No measure given."""
    code, template = "missing-measure", "column 'measure': no measure given"


class UnknownMeasure(_Row):
    """A measure the dataset does not declare (a misspelling would otherwise start a new
    measure); the hint suggests the nearest declared one. Datasets that declare no measures
    accept any."""
    code, template = "unknown-measure", "column 'measure': {name!r} is not a measure of {dataset}"


class UnknownBreakdown(_Row):
    """A breakdown the dataset does not declare; the hint suggests the nearest declared one.
    Datasets that declare no breakdowns accept any."""
    code, template = "unknown-breakdown", ("column 'breakdown': {name!r} is not a breakdown of "
                                           "{dataset}")


class _Set(LocalwireError):
    section = SETS
    http_status = 422


class PeriodOutOfRange(_Set):
    """A period outside the recipe's `periods` range, or one ending in the future (in both the
    tidy format and recipes)."""
    code, template = "period-out-of-range", "period {period}: {reason}"


class BreakdownExceedsTotal(_Set):
    """A breakdown larger than its total (for a suppressed one, its lower bound), in both the
    tidy format and recipes."""
    code, template = "breakdown-exceeds-total", "{label} is {part}, more than the total {whole}"


class InconsistentTotals(_Set):
    """The breakdowns a recipe declares a partition of the total (age bands) cannot add up to
    it, even within the bounds of suppressed bands."""
    code, template = "inconsistent-totals", "{label}: the total is {total} but {bands} add up to {sum}"


class BadRecipe(LocalwireError):
    """The recipe is not valid YAML, not UTF-8, or a key is missing, unknown or wrong (an
    encoding Python does not know, a delimiter that is not one character, a cell such as
    `A0`); the place is the key (`statuses.*`, `area.cell`) or the YAML line."""
    section, code, template, http_status = RECIPES, "bad-recipe", "{reason}", 422


class NeedsRecipe(LocalwireError):
    """A file that is not a tidy CSV (an XLSX, ODS or PDF reply) was imported without a recipe
    to say where its figures are."""
    section, code, template, http_status = RECIPES, "needs-recipe", "{reason}", 422


class _Template(LocalwireError):
    section = TEMPLATES
    http_status = 422


class TemplateProblem(_Template):
    """A template (story pack or FOI question) that does not compile, uses something
    undefined or tried something the sandbox forbids; with the template's file and line."""
    code, template = "template", "template error: {reason}"


class TemplateTimeout(TemplateProblem):
    """A template took longer than the time limit to render (nested loops, say)."""
    code, template = "template-timeout", "rendering took over {seconds} seconds"


class TemplateTooLarge(TemplateProblem):
    """A template produced (or tried to build a string or list) over the size limit:
    `'x' * 10**10`, `range(10**9)`."""
    code, template = "template-too-large", "{what} is over the limit of {limit}"


class TemplateRecursion(TemplateProblem):
    """A template that recurses without end (a macro calling itself) or overflows a number."""
    code, template = "template-recursion", "{reason}"


class _Store(LocalwireError):
    section = STORE


class StoreProblem(_Store):
    """The store cannot be opened, or does not hold what was asked (a dataset, say)."""
    code, template, http_status = "store", "{reason}", 404


class BadConfig(_Store):
    """A bundled or given configuration file (dataset.toml, ...) is invalid."""
    code, template, http_status = "bad-config", "{reason}", 422


class _Writing(LocalwireError):
    section = WRITING
    http_status = 422


class BadPack(_Writing):
    """A story pack that is missing or invalid (pack.toml, its templates)."""
    code, template = "bad-pack", "{reason}"


class UntracedNumber(_Writing):
    """A story contains a number no fact produced."""
    code, template = "untraced-number", "story contains {word!r}, which no fact produced"


class UnsupportedClaim(_Writing):
    """A generated story's claim the checker could not support."""
    code, template = "unsupported-claim", "{reason}"


class NoFact(_Writing):
    """The store has no fact for what a pack or command asked for."""
    code, template, http_status = "no-fact", "{reason}", 404


class Review(_Writing):
    """A review action that is not allowed in the story's state."""
    code, template, http_status = "review", "{reason}", 409


class NoStory(_Writing):
    """No stored story with that id, pack, area or outlet."""
    code, template, http_status = "no-story", "{reason}", 404


class ApprovalRefused(_Writing):
    """A story that cannot be approved: a figure or claim in it is not supported, or the
    writer made a new version since it was opened."""
    code, template, http_status = "approval-refused", "{reason}", 409


class StaleVersion(_Writing):
    """The story changed since the review form was opened; the message shows how."""
    code, template, http_status = "stale-version", "{reason}", 409


class Export(_Writing):
    """Approved stories that cannot be exported (nothing approved, or a file that cannot be
    written)."""
    code, template = "export", "{reason}"


class StoriesFolder(_Writing):
    """A stories folder that cannot be written into: it holds another pack's or period's
    stories, its stamp is not localwire's, or another localwire is writing into it."""
    code, template, http_status = "stories-folder", "{reason}", 409


class Account(LocalwireError):
    """A desk user account problem: a name that is not a user name, a password too short,
    a user that exists already or does not exist."""
    section, code, template, http_status = STORE, "account", "{reason}", 400


class Foi(LocalwireError):
    """An FOI campaign, request or reply problem (unknown campaign, a letter that cannot be
    written, a reply that cannot be attached)."""
    section, code, template, http_status = FOI, "foi", "{reason}", 422


class FoiEvent(LocalwireError):
    """An FOI event (sent, replied, refused, ...) the request's law and recorded history do not
    allow, or one that cannot be read, in `localwire foi mark` or an events file."""
    section, code, template, http_status = FOI, "foi-event", "{reason}", 422


class BadSection(LocalwireError):
    """An FOI exemption section that cannot be read or does not exist in the request's law."""
    section, code, template, http_status = FOI, "bad-section", "{reason}", 422


class _Expected(LocalwireError):
    section, http_status = FOI, 422


class UnexpectedArea(_Expected):
    """An FOI reply holds rows for an area the request did not ask (another force's rows)."""
    code, template = "unexpected-area", "area {value!r} is not what {why} asked for ({allowed})"


class UnexpectedPeriod(_Expected):
    """An FOI reply holds a period the request did not ask for (calendar years for financial
    years, say)."""
    code, template = "unexpected-period", ("period {value!r} is not what {why} asked for "
                                           "({allowed})")


class UnexpectedMeasure(_Expected):
    """An FOI reply holds a measure the request did not ask for."""
    code, template = "unexpected-measure", ("measure {value!r} is not what {why} asked for "
                                            "({allowed})")


class UnknownLaw(LocalwireError):
    """An FOI law other than FOIA or FOISA."""
    section, code, template, http_status = FOI, "unknown-law", "unknown law {law!r}", 422


class Unexpected(LocalwireError):
    """A bug in localwire: an error no input should cause. Never reached by any input in the
    fuzz corpus; please report it with the output of `--debug`."""
    section, code, exit_code, http_status = GENERAL, "unexpected", 70, 500
    template = "unexpected {kind}: {detail}"


# The names other modules have always imported.
UnknownAreaError = UnknownArea
PeriodError = BadPeriod
StoreError = StoreProblem
PackError = BadPack
TemplateError = TemplateProblem
UntracedNumberError = UntracedNumber
UnsupportedClaimError = UnsupportedClaim
FactError = NoFact
