"""Checks of a file the app lets out, as a spreadsheet or PowerPoint would open it: does any cell
hold a live formula, and does the file say where its numbers come from. Shared by the tests of
the writer (test_output.py) and anything else that downloads files (the hostile-input corpus).

    live_cells(data, "x.csv") -> ["row 3: '=HYPERLINK(…)'", …]   (empty: safe)
    text_of(data, "x.xlsx")   -> every cell's text, to look for the sources and the notice
"""
from __future__ import annotations

import csv
import io
import re
import zipfile

from openpyxl import load_workbook

from berakhlak.present.output import is_live


def csv_rows(data: bytes, sep: str) -> list[list[str]]:
    text = data.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=sep))


def _live_in_csv(data: bytes) -> list[str]:
    found = []
    # Parsed with both separators: a reader set to the other one must not find a formula either.
    for sep in (";", ","):
        for n, row in enumerate(csv_rows(data, sep), start=1):
            found += [f"csv({sep}) row {n}: {f!r}" for f in row if is_live(f)]
    # And naively, line by line and separator by separator, ignoring quotes.
    for n, line in enumerate(data.decode("utf-8-sig").splitlines(), start=1):
        for sep in (";", ","):
            found += [f"split({sep}) line {n}: {f!r}" for f in line.split(sep) if is_live(_unquoted(f))]
    return found


def typed_fields(data: bytes, sep: str) -> list[list[tuple[str, bool]]]:
    """Rows of (field, quoted) as written: the writer quotes every text and no number."""
    text = data.decode("utf-8-sig")
    rows, row, field, quoted, inside, i = [], [], [], False, False, 0
    while i < len(text):
        ch = text[i]
        if inside:
            if ch == '"' and text[i + 1:i + 2] == '"':
                field.append('"')
                i += 1
            elif ch == '"':
                inside = False
            else:
                field.append(ch)
        elif ch == '"':
            inside = quoted = True
        elif ch == sep:
            row.append(("".join(field), quoted))
            field, quoted = [], False
        elif ch in "\r\n":
            row.append(("".join(field), quoted))
            field, quoted = [], False
            rows.append(row)
            row = []
            if ch == "\r" and text[i + 1:i + 2] == "\n":
                i += 1
        else:
            field.append(ch)
        i += 1
    if field or row:
        row.append(("".join(field), quoted))
        rows.append(row)
    return rows


def mixed_columns(data: bytes, sep: str, decimal: str) -> list[str]:
    """Columns that hold both numbers (unquoted) and text (quoted), and unquoted fields that are
    not numbers in the dialect: a spreadsheet would misread them."""
    rows = typed_fields(data, sep)
    header, body = [f for f, _ in rows[0]], rows[1:]
    number = re.compile(r"-?\d+(" + re.escape(decimal) + r"\d+)?")
    found = []
    for j, name in enumerate(header):
        kinds = {q for r in body if j < len(r) and r[j][0] != "" for q in [r[j][1]]}
        if kinds == {True, False}:
            found.append(f"{name}: numbers and text")
        bad = [r[j][0] for r in body if j < len(r) and r[j][0] and not r[j][1] and not number.fullmatch(r[j][0])]
        if bad:
            found.append(f"{name}: not numbers in this dialect: {bad[:3]}")
    return found


def _unquoted(field: str) -> str:
    """A field split off naively, without the one quote a CSV writer puts around it."""
    field = field[1:] if field.startswith('"') else field
    return field[:-1] if field.endswith('"') else field


def _live_in_workbook(data: bytes, where: str = "xlsx") -> list[str]:
    found = []
    wb = load_workbook(io.BytesIO(data))  # not read-only: data_type says formula ('f') or not
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if c.data_type == "f" or (isinstance(c.value, str) and (c.value.startswith("=") or is_live(c.value))):
                    found.append(f"{where} {ws.title}!{c.coordinate}: {c.value!r}")
    return found


def embedded_workbooks(data: bytes) -> list[tuple[str, bytes]]:
    """Every chart's embedded workbook of a PPTX (what PowerPoint's "Edit data" opens), read
    through python-pptx; and any other workbook packed in the file."""
    from pptx import Presentation

    found = {}
    for n, slide in enumerate(Presentation(io.BytesIO(data)).slides, start=1):
        for shape in slide.shapes:
            if shape.has_chart:
                part = shape.chart.part.chart_workbook.xlsx_part
                found[str(part.partname)] = (f"slide {n} {shape.name}", part.blob)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for name in z.namelist():
            if name.endswith(".xlsx") and "/" + name not in found:
                found["/" + name] = (name, z.read(name))
    return list(found.values())


def live_cells(data: bytes, name: str) -> list[str]:
    """The cells of a CSV, an XLSX or a PPTX's embedded workbooks that could run as formulas."""
    if name.endswith(".csv"):
        return _live_in_csv(data)
    if name.endswith(".xlsx"):
        return _live_in_workbook(data)
    if name.endswith(".pptx"):
        return [x for part, blob in embedded_workbooks(data) for x in _live_in_workbook(blob, part)]
    raise ValueError(name)


def text_of(data: bytes, name: str) -> str:
    """Every cell's text (every sheet; a PPTX: its properties and embedded workbooks)."""
    if name.endswith(".csv"):
        return data.decode("utf-8-sig")
    if name.endswith(".xlsx"):
        wb = load_workbook(io.BytesIO(data), read_only=True)
        return "\n".join(" ".join("" if v is None else str(v) for v in row)
                         for ws in wb.worksheets for row in ws.iter_rows(values_only=True))
    if name.endswith(".pptx"):
        from pptx import Presentation

        props = Presentation(io.BytesIO(data)).core_properties
        return "\n".join([props.subject or "", props.keywords or "", props.comments or "",
                          *(text_of(blob, ".xlsx") for _, blob in embedded_workbooks(data))])
    raise ValueError(name)
