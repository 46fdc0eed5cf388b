"""The one reader of files given to the app: the national import, the internal evaluation's
survey and checklist, and the action plan, from the CLI or the browser. CSV (comma or semicolon,
with or without a BOM) or XLSX, read as a table of strings (every cell as written).

Limits come first, before any parsing (`Limits`): the file's bytes; for a workbook its unpacked
size, its compression ratio (a zip bomb) and its number of sheets, read from the zip's directory;
for a CSV its number of lines and columns, cells (lines x columns) and its longest line, counted
on the bytes. Rows, columns and cell length of a workbook are counted while its rows stream, and
reading stops at the first one over. Each limit is a `Problem` with a message in the user's
language (exit 2 on the CLI). Nothing here raises on any content.
"""
from __future__ import annotations

import codecs
import csv
import io
import os
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from berakhlak.i18n import fmt_num
from berakhlak.ingest.problems import Count, Problem, show

ARROW_MAX_COLUMNS = 1000  # wider files are read by pandas (Arrow would guess the type of the rest)
DEFAULT_MAX_UPLOAD_MB = 50
MAX_PROBLEMS_LISTED = 1000


def max_upload_bytes() -> int:
    """The largest file accepted ($BERAKHLAK_MAX_UPLOAD_MB, default 50 MB: the national demo in
    the long format is about 5 MB)."""
    return int(float(os.environ.get("BERAKHLAK_MAX_UPLOAD_MB", DEFAULT_MAX_UPLOAD_MB)) * 1024 * 1024)


@dataclass(frozen=True)
class Limits:
    """What a file may hold. The defaults take a survey of a million respondents (26 columns) and
    the national long format many times over; far past them is a mistake or an attack."""

    bytes: int = DEFAULT_MAX_UPLOAD_MB * 1024 * 1024
    unpacked: int = 200 * 1024 * 1024   # a workbook's XML, all parts together
    ratio: int = 100                    # unpacked / packed, per part and for the whole workbook
    sheets: int = 50
    zip_parts: int = 2000
    rows: int = 2_000_000
    columns: int = 1000
    cells: int = 40_000_000
    line: int = 1024 * 1024             # bytes in one line of a CSV
    cell: int = 32_767                  # characters in one cell (Excel's own limit)

    @classmethod
    def default(cls) -> Limits:
        return cls(bytes=max_upload_bytes())

    def but(self, **changes) -> Limits:
        return replace(self, **changes)


def _mb(n: int) -> str:
    return fmt_num(n / 1024 / 1024)


def check_bytes(content: bytes, limits: Limits) -> list[Problem]:
    if len(content) > limits.bytes:
        return [Problem("import.too_large", params={"size": _mb(len(content)), "limit": _mb(limits.bytes)})]
    return []


def check_path(path, limits: Limits | None = None) -> list[Problem]:
    """A file on disk over the byte limit, refused before it is read."""
    limits = limits or Limits.default()
    size = os.stat(path).st_size
    if size > limits.bytes:
        return [Problem("import.too_large", params={"size": _mb(size), "limit": _mb(limits.bytes)})]
    return []


def looks_like_xlsx(content: bytes, file_name: str) -> bool:
    return content[:4] == b"PK\x03\x04" or file_name.lower().endswith((".xlsx", ".xlsm"))


# --- CSV --------------------------------------------------------------------------------------

# What str.splitlines() ends a line at.
LINE_END = re.compile("[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
_LINE_END_BYTES = re.compile(rb"[\n\r]")


def separator(header: str) -> str:
    return ";" if header.count(";") > header.count(",") else ","


def check_csv_shape(data: bytes, limits: Limits) -> list[Problem]:
    """Lines, columns, cells and the longest line, counted on the bytes before any parsing."""
    data = data.lstrip(b"\r\n")
    end = _LINE_END_BYTES.search(data, 0, limits.line + 1)
    if end is None and len(data) > limits.line:
        return [Problem("read.line_too_long", row=1, params={"size": Count(len(data)), "limit": Count(limits.line)})]
    header = data[:end.start()] if end else data
    columns = max(header.count(b";"), header.count(b",")) + 1
    if columns > limits.columns:
        return [Problem("read.too_many_columns", params={"found": Count(columns), "limit": Count(limits.columns)})]
    newline = b"\n" if b"\n" in data else b"\r"
    lines = data.count(newline) + (not data.endswith(newline))
    if lines - 1 > limits.rows:
        return [Problem("read.too_many_rows", params={"found": Count(lines - 1), "limit": Count(limits.rows)})]
    if lines * columns > limits.cells:
        return [Problem("read.too_many_cells", params={"found": Count(lines * columns), "limit": Count(limits.cells)})]
    if len(data) > limits.line:
        ends = np.flatnonzero(np.frombuffer(data, dtype=np.uint8) == ord(newline))
        starts = np.concatenate(([-1], ends))
        lengths = np.diff(np.concatenate((starts, [len(data)]))) - 1
        longest = int(lengths.argmax())
        if lengths[longest] > limits.line:
            return [Problem("read.line_too_long", row=longest + 1,
                            params={"size": Count(int(lengths[longest])), "limit": Count(limits.line)})]
    return []


def decode(content: bytes) -> tuple[str | None, list[Problem]]:
    """The text of a CSV, or why it is none (not UTF-8, NUL bytes)."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None, [Problem("import.not_text")]
    if "\x00" in text:
        return None, [Problem("import.not_text")]
    return text, []


def _read_csv(text: str, data: bytes | None = None) -> tuple[pd.DataFrame, list[Problem]]:
    """Cells as written. The frame's index is each row's position after the header (its row
    number in a spreadsheet, minus 2), so messages name the right row even past blank lines.
    data, if given, is text as UTF-8 (the file without its BOM): saves encoding it again."""
    text = text.lstrip("\r\n")
    end = LINE_END.search(text)
    header = text[:end.start()] if end else text  # text.splitlines()[0], without splitting it all
    sep = separator(header)
    data = None if data is None else data.lstrip(b"\r\n")
    return _read_csv_fast(text, sep, data=data) or _read_csv_slow(text, sep)


def _read_csv_slow(text: str, sep: str) -> tuple[pd.DataFrame, list[Problem]]:
    """Python's csv module, record by record: reads anything, and says which row is wrong."""
    csv.field_size_limit(max(csv.field_size_limit(), 1 << 30))
    reader = csv.reader(io.StringIO(text), delimiter=sep, skipinitialspace=True)
    try:
        rows = list(reader)
    except csv.Error:
        return pd.DataFrame(), [Problem("import.unreadable_csv", row=reader.line_num or None)]
    if not rows:
        return pd.DataFrame(), [Problem("import.file_empty")]
    head, body = [c.strip() for c in rows[0]], rows[1:]
    width = len(head)
    problems: list[Problem] = []
    keep = []
    for n, r in enumerate(body):
        if not any(cell.strip() for cell in r):
            continue  # a blank line is no row
        if len(r) > width and any(c.strip() for c in r[width:]):
            problems.append(Problem("import.too_many_cells", row=n + 2,
                                    params={"found": len(r), "expected": width}))
            if len(problems) >= MAX_PROBLEMS_LISTED:
                break
        keep.append(n)
    if problems:
        return pd.DataFrame(), problems
    if not keep:
        return pd.DataFrame(columns=head), [Problem("import.file_empty")]
    frame = pd.DataFrame([(body[n] + [""] * width)[:width] for n in keep], index=keep,
                         columns=range(width), dtype=object)
    frame.columns = head  # as written: two columns of the same name stay two (and are reported)
    return frame, []


def _read_csv_fast(text: str, sep: str, arrow: bool = True,
                   data: bytes | None = None) -> tuple[pd.DataFrame, list[Problem]] | None:
    """What the csv module's reader in _read_csv gives, read by a C reader (Arrow's in parallel,
    else pandas'), or None where the two could differ or the C reader refuses the file (a row
    with more cells than the header, an unclosed quote): the csv module then reads it, and names
    the row. Compared with it in tests/test_importer_fast_paths.py."""
    # A lone CR ends a record here but is an error for the csv module; a second BOM is dropped.
    # (checked on the bytes: a scan of a str of wide characters is slower)
    data = text.encode() if data is None else data
    if data.startswith(codecs.BOM_UTF8) or (b"\r" in data and data.count(b"\r") != data.count(b"\r\n")):
        return None
    cells = _arrow_cells(data, sep, quoted=b'"' in data) if arrow else None
    if cells is None:
        try:
            cells = pd.read_csv(io.BytesIO(data), sep=sep, header=None, dtype=object, na_filter=False,
                                skipinitialspace=True, skip_blank_lines=False, engine="c")
        except ValueError:  # pandas' ParserError, EmptyDataError
            return None
        cells = pd.DataFrame({c: pd.array(cells[c].to_numpy(), dtype="str") for c in cells.columns})
    head = [str(c).strip() for c in cells.iloc[0]]
    body = cells.iloc[1:].reset_index(drop=True)
    body.columns = range(len(head))
    # A row whose cells are all blank is no row; the index stays each row's position.
    blank = np.ones(len(body), dtype=bool)
    for col in body.columns:
        maybe = np.flatnonzero(blank)
        if not len(maybe):
            break
        blank[maybe] = (body[col].iloc[maybe].str.strip() == "").to_numpy(dtype=bool)
    if blank.all():
        return pd.DataFrame(columns=head), [Problem("import.file_empty")]
    if blank.any():
        body = body[~blank]
    body.columns = head  # as written: two columns of the same name stay two (and are reported)
    return body, []


def _arrow_cells(data: bytes, sep: str, quoted: bool) -> pd.DataFrame | None:
    """Every cell as text, header included; None when Arrow refuses the file (rows of unequal
    length, a blank line in a file of several columns) or a cell starts with a space (Arrow has
    no skipinitialspace)."""
    import pyarrow as pa
    import pyarrow.compute as pc
    from pyarrow import csv as pacsv

    try:
        table = pacsv.read_csv(
            pa.BufferReader(data),
            read_options=pacsv.ReadOptions(autogenerate_column_names=True),
            # without quotes no value holds a line break, and Arrow can split the file for threads
            parse_options=pacsv.ParseOptions(delimiter=sep, newlines_in_values=quoted, ignore_empty_lines=False),
            convert_options=pacsv.ConvertOptions(
                # large_string: what pandas' str dtype holds (no cast after)
                column_types={f"f{i}": pa.large_string() for i in range(ARROW_MAX_COLUMNS)},
                strings_can_be_null=False, quoted_strings_can_be_null=False))
    except pa.ArrowInvalid:
        return None
    if table.num_columns > ARROW_MAX_COLUMNS:
        return None
    # Up to the first field that starts with a space Arrow and the csv module agree, so a file
    # where no cell starts with one is read alike (a quoted " x" is left to pandas too).
    if any(pc.any(pc.starts_with(col, " ")).as_py() for col in table.columns):
        return None
    return table.to_pandas()


def _long_cells(frame: pd.DataFrame, limits: Limits) -> list[Problem]:
    """A cell longer than the limit (the first one found), named by row and column."""
    for i, col in enumerate(frame.columns):
        lengths = frame.iloc[:, i].astype(str).str.len()
        if len(lengths) and lengths.max() > limits.cell:
            at = lengths.to_numpy().argmax()
            return [Problem("import.too_long", row=int(frame.index[at]) + 2, column=show(col),
                            params={"length": Count(int(lengths.iloc[at])), "limit": Count(limits.cell)})]
    return []


# --- XLSX -------------------------------------------------------------------------------------

_SHEET_PART = re.compile(r"xl/(worksheets|chartsheets|dialogsheets|macrosheets)/[^/]+\.xml$", re.I)


def check_xlsx_package(content: bytes, limits: Limits) -> list[Problem]:
    """The workbook's zip directory, before any XML is read: unpacked size, compression ratio
    (per part and overall), number of parts and of sheets. Python's zip reader stops at the size
    a part declares, so the declared sizes bound what reading can unpack."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as z:
            parts = z.infolist()
    except Exception:  # noqa: BLE001 (any unreadable zip is the same problem for the user)
        return [Problem("import.unreadable_xlsx")]
    sheets = sum(1 for p in parts if _SHEET_PART.match(p.filename))
    if sheets > limits.sheets:
        return [Problem("read.too_many_sheets", params={"found": Count(sheets), "limit": Count(limits.sheets)})]
    if len(parts) > limits.zip_parts:
        return [Problem("read.too_many_parts", params={"found": Count(len(parts)), "limit": Count(limits.zip_parts)})]
    unpacked = sum(p.file_size for p in parts)
    if unpacked > limits.unpacked:
        return [Problem("import.xlsx_too_big", params={"size": fmt_num(unpacked / 1024 / 1024, decimals=0),
                                                       "limit": fmt_num(limits.unpacked / 1024 / 1024, decimals=0)})]
    worst = max((p.file_size / max(p.compress_size, 1) for p in parts if p.file_size > 1024 * 1024), default=0)
    overall = unpacked / max(len(content), 1)
    if max(worst, overall if unpacked > 1024 * 1024 else 0) > limits.ratio:
        return [Problem("read.xlsx_ratio", params={"ratio": Count(int(max(worst, overall))),
                                                   "limit": Count(limits.ratio)})]
    return []


def _cell_text(value) -> str:
    """A workbook cell as the text a person reads in it ('2024', '58.5', '')."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).upper()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


class _Over(Exception):
    def __init__(self, problem: Problem):
        super().__init__(problem.key)
        self.problem = problem


def _sheet_rows(content: bytes, data_only: bool, limits: Limits,
                wanted: Callable[[list[str]], bool] | None = None) -> dict[str, list[list[str]]]:
    """Each sheet's rows of text, counted as they stream: rows, columns, cells and cell length
    stop the reading at the first one over its limit (_Over). With `wanted`, a sheet whose
    header it refuses is not read past its header."""
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(content), read_only=True, data_only=data_only)
    out = {}
    cells = 0
    try:
        for ws in wb.worksheets:
            ws.reset_dimensions()  # the saved dimension may lie: never pad rows to it
            rows = []
            header_at = 0
            for n, values in enumerate(ws.iter_rows(values_only=True)):
                if n > limits.rows:
                    raise _Over(Problem("read.too_many_rows", params={"found": Count(limits.rows + 1),
                                                                      "limit": Count(limits.rows)}))
                if len(values) > limits.columns:
                    raise _Over(Problem("read.too_many_columns", row=n + 1,
                                        params={"found": Count(len(values)), "limit": Count(limits.columns)}))
                cells += len(values)
                if cells > limits.cells:
                    raise _Over(Problem("read.too_many_cells", params={"found": Count(limits.cells + 1),
                                                                       "limit": Count(limits.cells)}))
                row = [_cell_text(v) for v in values]
                for c, text in enumerate(row):
                    if len(text) > limits.cell:
                        raise _Over(Problem("import.too_long", row=n + 1, column=_column_letter(c),
                                            params={"length": Count(len(text)), "limit": Count(limits.cell)}))
                rows.append(row)
                if wanted is not None and n == header_at:
                    if n < TITLE_ROWS and sum(1 for c in row if c.strip()) <= 1:
                        header_at += 1  # a title or banner above the header (our own files carry one)
                    elif not wanted(row):
                        break
            out[ws.title] = rows
    finally:
        wb.close()
    return out


def _column_letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


TITLE_ROWS = 5  # at most this many title rows (one filled cell each) above a sheet's header


def title_rows(rows, limit: int = TITLE_ROWS) -> int:
    """How many leading rows of a sheet are a title or banner (at most one filled cell) above
    its header: the header is the row after them."""
    n = 0
    for row in rows:
        if n >= limit or sum(1 for c in row if c is not None and str(c).strip() not in ("", "nan")) > 1:
            break
        n += 1
    return n


def _read_xlsx(content: bytes, wanted: Callable[[list[str]], bool], limits: Limits,
               no_sheet: Callable[[list[str]], Problem]) -> tuple[pd.DataFrame, list[Problem]]:
    """The first sheet whose header `wanted` takes. A formula cell counts with the result Excel
    saved for it; one without a saved result keeps its formula text ('=1+99'), which validation
    then refuses with a message, rather than reading it as empty."""
    problems = check_xlsx_package(content, limits)
    if problems:
        return pd.DataFrame(), problems
    try:
        formulas = _sheet_rows(content, False, limits, wanted)
        has_formula = any(c.startswith("=") for rows in formulas.values() for r in rows for c in r)
        sheets = _sheet_rows(content, True, limits, wanted) if has_formula else formulas
    except _Over as over:
        return pd.DataFrame(), [over.problem]
    except MemoryError:
        return pd.DataFrame(), [Problem("read.out_of_memory")]
    except Exception:  # noqa: BLE001 (openpyxl, lxml and zipfile raise many kinds on a damaged workbook)
        return pd.DataFrame(), [Problem("import.unreadable_xlsx")]
    for name, rows in sheets.items():
        top = title_rows(rows)  # a title or banner above the header: the output writer's files carry one
        if len(rows) <= top:
            continue
        head = rows[top]
        if not wanted(head):
            continue
        width = len(head)
        keep, body = [], []
        for n, r in enumerate(rows[top + 1:], start=top):  # n + 2: the row number a spreadsheet shows
            r = (r + [""] * width)[:width]
            if has_formula:  # no saved result: the formula text
                written = (formulas[name][n + 1] + [""] * width)[:width]
                r = [w if (c == "" and w.startswith("=")) else c for c, w in zip(r, written)]
            if any(r):
                keep.append(n)
                body.append(r)
        if not body:
            return pd.DataFrame(columns=head), [Problem("import.file_empty")]
        frame = pd.DataFrame(body, index=keep, columns=range(width), dtype=object)
        frame.columns = head
        return frame, []
    return pd.DataFrame(), [no_sheet([show(str(n)) for n in sheets])]


# --- the one entry --------------------------------------------------------------------------

def read_table(content: bytes, file_name: str, *, wanted: Callable[[list[str]], bool] | None = None,
               no_sheet: Callable[[list[str]], Problem] | None = None,
               limits: Limits | None = None) -> tuple[pd.DataFrame, list[Problem]]:
    """The file as a table of strings (every cell as written, the index each row's position after
    the header), or the problems that stop it. In a workbook the data is the first sheet whose
    header `wanted` takes (a notes sheet may come first); by default the national import's
    (entity_code and year). Never raises on any content."""
    limits = limits or Limits.default()
    if not content or content.isspace():  # (not content.strip(): that copies the file)
        return pd.DataFrame(), [Problem("import.file_empty")]
    problems = check_bytes(content, limits)
    if problems:
        return pd.DataFrame(), problems
    try:
        if looks_like_xlsx(content, file_name):
            if wanted is None:
                wanted, no_sheet = _national_sheet, _national_no_sheet
            return _read_xlsx(content, wanted, limits, no_sheet or _national_no_sheet)
        return _read_csv_limited(content, limits)
    except MemoryError:
        return pd.DataFrame(), [Problem("read.out_of_memory")]


def _read_csv_limited(content: bytes, limits: Limits) -> tuple[pd.DataFrame, list[Problem]]:
    text, problems = decode(content)
    if problems:
        return pd.DataFrame(), problems
    data = content[3:] if content.startswith(codecs.BOM_UTF8) else content
    problems = check_csv_shape(data, limits)
    if problems:
        return pd.DataFrame(), problems
    frame, problems = _read_csv(text, data)
    return (frame, problems) if problems else (frame, _long_cells(frame, limits))


def read_arrow_table(content: bytes, limits: Limits | None = None):
    """A CSV straight into an Arrow table of strings (no Python object per cell: a survey of a
    million respondents in a couple of seconds), after the same limits; None when Arrow does not
    take it (read_table then says what is wrong), or the problems that stop it."""
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.csv as pacsv

    limits = limits or Limits.default()
    problems = check_bytes(content, limits)
    if problems:
        return None, problems
    body = content[3:] if content.startswith(codecs.BOM_UTF8) else content
    problems = check_csv_shape(body, limits)
    if problems:
        return None, problems
    try:
        first = body.lstrip().split(b"\n", 1)[0].decode("utf-8").rstrip("\r")
        if "\x00" in first:
            return None, []
        sep = separator(first)
        names = next(csv.reader([first], delimiter=sep))
        table = pacsv.read_csv(
            pa.BufferReader(body), parse_options=pacsv.ParseOptions(delimiter=sep),
            convert_options=pacsv.ConvertOptions(column_types={n: pa.string() for n in names},
                                                 strings_can_be_null=False, quoted_strings_can_be_null=False))
    except MemoryError:
        return None, [Problem("read.out_of_memory")]
    except Exception:  # noqa: BLE001 - read_table reads it again and reports the problem in words
        return None, []
    if table.num_rows == 0:
        return None, []
    for name, col in zip(table.column_names, table.columns):
        longest = pc.max(pc.utf8_length(col)).as_py() or 0
        if longest > limits.cell:
            at = pc.index(pc.utf8_length(col), longest).as_py()
            return None, [Problem("import.too_long", row=at + 2, column=show(name),
                                  params={"length": Count(longest), "limit": Count(limits.cell)})]
    return table, []


def _national_sheet(head: list[str]) -> bool:
    from berakhlak.ingest.importer import _canonical_header

    heads = {_canonical_header(c) for c in head}
    return "entity_code" in heads and bool(heads & {"year", "survey_year"})  # (survey_year: recognitions)


def _national_no_sheet(names: list[str]) -> Problem:
    return Problem("import.no_sheet", params={"sheets": ", ".join(names) or "–"})
