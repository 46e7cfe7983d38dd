"""Look inside a workbook before calamine does, so no file can make it allocate without bound.

calamine (Rust) lays a sheet out as one dense block from A1 to its last cell, and reserves the
shared strings an XLSX declares: a 4.8 KB file with one cell at XFD1048576, or one declaring
four billion strings, makes it ask for hundreds of gigabytes and abort the whole process (an
abort is not an exception; nothing can catch it). So an XLSX or ODS is first read here as the
zip of XML it is, streamed and never expanded: the unpacked size and number of parts, the
shared strings declared, and each sheet's real extent, computed from its cell references
(`<c r="XFD1048576">`) and, in ODS, its repeated rows and columns. Anything over
`localwire.model.limits` is `too-large` before calamine sees the file. (A sheet's declared
`<dimension>` is read and reported but not trusted or limited: calamine does not allocate on it.)

An old binary .xls cannot be looked into this way; it is opened by calamine in a child process
with a memory limit first, so a hostile one kills only the child.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from xml.etree.ElementTree import ParseError, XMLPullParser

from localwire.errors import BadSpreadsheet, InputErrors, TooLarge
from localwire.model import limits

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_CHUNK = 1 << 20
_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(row|c|dimension|sst)\b([^>]*)>")
_ATTRIBUTE = re.compile(rb"""\b(r|ref|count|uniqueCount)\s*=\s*["']([^"']*)["']""")
_REFERENCE = re.compile(r"([A-Za-z]{1,4})(\d{1,8})")
_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"


@dataclass
class SheetShape:
    """A sheet's real extent (1-based last row and column holding a cell)."""

    name: str
    rows: int = 0
    columns: int = 0
    declared: str | None = None  # the <dimension ref> an XLSX sheet states, for messages

    @property
    def cells(self) -> int:
        return self.rows * self.columns


def _fail(file: str, reason: str, place: str | None = None) -> InputErrors:
    return InputErrors([BadSpreadsheet.problem_at(file, place, reason=reason)])


def _too_large(file: str, what: str, size: str, limit: str, place: str | None = None,
               hint: str | None = None) -> InputErrors:
    return InputErrors([TooLarge.problem_at(file, place, hint, what=what, size=size,
                                            limit=limit)])


def check_file_size(path: Path) -> None:
    size = path.stat().st_size
    if size > limits.MAX_FILE_BYTES:
        raise _too_large(str(path), "the file", limits.size(size), limits.size(limits.MAX_FILE_BYTES))


def check_shape(file: str, shape: SheetShape) -> None:
    """Refuse a sheet whose dense layout would exceed the cell limit."""
    if shape.cells > limits.MAX_CELLS:
        last = f"{column_letters(shape.columns)}{shape.rows}"
        raise _too_large(file, f"sheet {shape.name!r}", f"{shape.cells:,} cells (A1 to {last})",
                         f"{limits.MAX_CELLS:,} cells", place=f"{shape.name}!{last}",
                         hint="a cell far from the data makes the whole block count; delete it "
                              "or save only the table")


def column_letters(number: int) -> str:
    letters = ""
    while number > 0:
        number, remainder = divmod(number - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters or "A"


def column_number(letters: str) -> int:
    number = 0
    for character in letters.upper():
        number = number * 26 + ord(character) - 64
    return number


def open_zip(path: Path) -> zipfile.ZipFile:
    """The workbook as a zip, its parts counted and their unpacked size checked."""
    file = str(path)
    try:
        archive = zipfile.ZipFile(path)
        entries = archive.infolist()
    except Exception as error:  # BadZipFile, NotImplementedError ("zip file version 6.4"), ...
        raise _fail(file, f"not a valid zip archive ({error})") from None
    if len(entries) > limits.MAX_ZIP_ENTRIES:
        archive.close()
        raise _too_large(file, "the workbook", f"{len(entries):,} parts",
                         f"{limits.MAX_ZIP_ENTRIES:,} parts")
    unpacked = sum(entry.file_size for entry in entries)
    if unpacked > limits.MAX_UNPACKED_BYTES:
        archive.close()
        raise _too_large(file, "the workbook unpacked", limits.size(unpacked),
                         limits.size(limits.MAX_UNPACKED_BYTES))
    return archive


def _stream(archive: zipfile.ZipFile, name: str, file: str) -> Iterator[bytes]:
    try:
        with archive.open(name) as handle:
            first = True
            while chunk := handle.read(_CHUNK):
                if first and b"<!DOCTYPE" in chunk[:4096].upper():
                    raise _fail(file, "a DTD inside the workbook is not allowed", place=name)
                first = False
                yield chunk
    except InputErrors:
        raise
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, RuntimeError) as error:
        raise _fail(file, f"damaged part ({error})", place=name) from None
    except Exception as error:  # zlib.error and friends from a corrupt deflate stream
        raise _fail(file, f"damaged part ({type(error).__name__}: {error})", place=name) from None


def _tags(archive: zipfile.ZipFile, name: str, file: str) -> Iterator[tuple[bytes, dict]]:
    """(tag, attributes) of the row, cell, dimension and sst tags of one XML part, streamed."""
    tail = b""
    for chunk in _stream(archive, name, file):
        data = tail + chunk
        cut = data.rfind(b"<")
        complete, tail = (data[:cut], data[cut:]) if cut > 0 else (data, b"")
        if len(tail) > _CHUNK:
            raise _fail(file, "a tag longer than a megabyte", place=name)
        for match in _TAG.finditer(complete):
            yield match.group(1), dict(_ATTRIBUTE.findall(match.group(2)))
    for match in _TAG.finditer(tail):
        yield match.group(1), dict(_ATTRIBUTE.findall(match.group(2)))


# -- XLSX --------------------------------------------------------------------------------------
def xlsx_sheet_parts(archive: zipfile.ZipFile, file: str) -> dict[str, str]:
    """Sheet name -> the zip part holding it, from the workbook and its relationships."""
    names = set(archive.namelist())
    workbook = _read_small(archive, "xl/workbook.xml", file)
    rels = _read_small(archive, "xl/_rels/workbook.xml.rels", file) \
        if "xl/_rels/workbook.xml.rels" in names else b""
    targets = {}
    for match in re.finditer(rb"<(?:\w+:)?Relationship\b([^>]*)>", rels):
        attributes = dict(re.findall(rb"""\b(Id|Target)\s*=\s*["']([^"']*)["']""",
                                     match.group(1)))
        if b"Id" in attributes and b"Target" in attributes:
            target = attributes[b"Target"].decode("utf-8", "replace")
            targets[attributes[b"Id"]] = target.lstrip("/") if target.startswith("/") \
                else "xl/" + target
    parts = {}
    for match in re.finditer(rb"<(?:\w+:)?sheet\b([^>]*)>", workbook):
        name = re.search(rb"""\bname\s*=\s*["']([^"']*)["']""", match.group(1))
        rid = re.search(rb"""\b\w*:?id\s*=\s*["']([^"']*)["']""", match.group(1))
        if name:
            label = _unescape(name.group(1).decode("utf-8", "replace"))
            parts[label] = targets.get(rid.group(1), "") if rid else ""
    return parts


def _read_small(archive: zipfile.ZipFile, name: str, file: str) -> bytes:
    try:
        info = archive.getinfo(name)
    except KeyError:
        raise _fail(file, f"no {name} inside: not an XLSX workbook") from None
    if info.file_size > 64 * 1024 * 1024:
        raise _too_large(file, name, limits.size(info.file_size), limits.size(64 * 1024 * 1024))
    return b"".join(_stream(archive, name, file))


def _unescape(text: str) -> str:
    return (text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"')
            .replace("&apos;", "'").replace("&amp;", "&"))


def check_shared_strings(archive: zipfile.ZipFile, file: str) -> None:
    name = next((n for n in archive.namelist() if n.lower() == "xl/sharedstrings.xml"), None)
    if name is None:
        return
    for tag, attributes in _tags(archive, name, file):
        if tag != b"sst":
            continue
        for key in (b"count", b"uniqueCount"):
            declared = _int(attributes.get(key))
            if declared > limits.MAX_SHARED_STRINGS:
                raise _too_large(file, "the shared strings table", f"{declared:,} strings "
                                 f"declared", f"{limits.MAX_SHARED_STRINGS:,}", place=name)
        return


def _int(value: bytes | None) -> int:
    try:
        return int(value) if value is not None else 0
    except ValueError:
        return 0


def xlsx_shape(archive: zipfile.ZipFile, name: str, part: str, file: str) -> SheetShape:
    """A sheet's real extent, from its row and cell references, streamed."""
    shape = SheetShape(name)
    if part not in set(archive.namelist()):
        return shape
    row = 0
    column = 0
    for tag, attributes in _tags(archive, part, file):
        if tag == b"row":
            reference = _int(attributes.get(b"r"))
            row = reference if reference > 0 else row + 1
            column = 0
        elif tag == b"c":
            reference = attributes.get(b"r")
            match = _REFERENCE.fullmatch(reference.decode("ascii", "replace")) if reference else None
            if match:
                column = column_number(match.group(1))
                cell_row = row = int(match.group(2))
            else:
                column += 1
                cell_row = max(row, 1)
            shape.rows = max(shape.rows, cell_row)
            shape.columns = max(shape.columns, column)
        elif tag == b"dimension":
            reference = attributes.get(b"ref")
            shape.declared = reference.decode("ascii", "replace") if reference else None
    return shape


def inspect_xlsx(path: Path, sheets: list[str] | None = None) -> dict[str, SheetShape]:
    """Check an XLSX before calamine opens it; the shapes of `sheets` (default all)."""
    file = str(path)
    with open_zip(path) as archive:
        check_shared_strings(archive, file)
        parts = xlsx_sheet_parts(archive, file)
        shapes = {}
        for name in sheets if sheets is not None else list(parts):
            shape = xlsx_shape(archive, name, parts.get(name, ""), file)
            check_shape(file, shape)
            shapes[name] = shape
    return shapes


# -- ODS ---------------------------------------------------------------------------------------
def inspect_ods(path: Path) -> dict[str, SheetShape]:
    """Check every table of an ODS (calamine reads them all on opening), streamed."""
    file = str(path)
    with open_zip(path) as archive:
        if "content.xml" not in set(archive.namelist()):
            raise _fail(file, "no content.xml inside: not an ODS spreadsheet")
        parser = XMLPullParser(events=("start", "end"))
        state = _OdsState()
        try:
            for chunk in _stream(archive, "content.xml", file):
                parser.feed(chunk)
                for event, element in parser.read_events():
                    state.step(event, element, file)
            parser.close()
            for event, element in parser.read_events():
                state.step(event, element, file)
        except ParseError as error:
            raise _fail(file, f"malformed XML ({error})", place="content.xml") from None
    return state.shapes


class _OdsState:
    """Walks an ODS content.xml: rows and cells repeated by number-*-repeated count as many."""

    def __init__(self) -> None:
        self.shapes: dict[str, SheetShape] = {}
        self.shape: SheetShape | None = None
        self.row = 0           # rows before the current one
        self.column = 0        # columns before the current cell
        self.row_repeat = 1
        self.row_has_content = False
        self.cell_start = 0
        self.cell_repeat = 1
        self.cell_has_content = False

    def step(self, event: str, element, file: str) -> None:
        tag = element.tag
        if event == "start":
            self._start(tag, element)
            return
        if tag in (_TABLE + "table-cell", _TABLE + "covered-table-cell"):
            if self.cell_has_content or len(element):
                self.row_has_content = True
                assert self.shape is not None
                self.shape.columns = max(self.shape.columns, self.cell_start + self.cell_repeat)
            self.column = self.cell_start + self.cell_repeat
        elif tag == _TABLE + "table-row" and self.shape is not None:
            if self.row_has_content:
                self.shape.rows = max(self.shape.rows, self.row + self.row_repeat)
            self.row += self.row_repeat
            check_shape(file, self.shape)
        elif tag == _TABLE + "table" and self.shape is not None:
            self.shape = None
        if tag != _TABLE + "table":
            element.clear()

    def _start(self, tag: str, element) -> None:
        if tag == _TABLE + "table":
            name = element.get(_TABLE + "name") or f"Sheet{len(self.shapes) + 1}"
            self.shape = self.shapes.setdefault(name, SheetShape(name))
            self.row = 0
        elif tag == _TABLE + "table-row":
            self.row_repeat = _repeat(element.get(_TABLE + "number-rows-repeated"))
            self.row_has_content = False
            self.column = 0
        elif tag in (_TABLE + "table-cell", _TABLE + "covered-table-cell"):
            self.cell_start = self.column
            self.cell_repeat = _repeat(element.get(_TABLE + "number-columns-repeated"))
            self.cell_has_content = element.get(_OFFICE + "value-type") is not None


def _repeat(text: str | None) -> int:
    try:
        return max(int(text), 1) if text else 1
    except ValueError:
        return 1


# -- XLS ---------------------------------------------------------------------------------------
_PROBE = """
import json, sys
from python_calamine import load_workbook
book = load_workbook(sys.argv[1])
out = []
for meta in book.sheets_metadata:
    sheet = book.get_sheet_by_name(meta.name)
    out.append([meta.name, sheet.height, sheet.width])
print(json.dumps(out))
"""


def inspect_xls(path: Path) -> dict[str, SheetShape]:
    """Open a binary .xls in a child process with a memory limit and report its sheets'
    shapes: a hostile file aborts the child, never this process."""
    file = str(path)
    try:
        done = subprocess.run([sys.executable, "-c", _PROBE, file], capture_output=True,
                              timeout=120, preexec_fn=_limit_memory, check=False)
    except subprocess.TimeoutExpired:
        raise _fail(file, "reading the workbook took over two minutes") from None
    if done.returncode != 0:
        last = (done.stderr.decode("utf-8", "replace").strip().splitlines() or ["no output"])[-1]
        raise _fail(file, f"the .xls reader failed ({last[:160]})")
    try:
        return {name: SheetShape(name, rows, columns)
                for name, rows, columns in json.loads(done.stdout)}
    except (ValueError, TypeError):
        raise _fail(file, "the .xls reader returned nothing readable") from None


def _limit_memory() -> None:
    import resource

    cap = 4 * 1024 * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
