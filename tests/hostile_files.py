"""Hostile files of issue 16, made when needed (the large ones streamed, never kept in the
repository): a zip bomb workbook, a workbook of many sheets, a CSV header of millions of columns,
a CSV with a line of a gigabyte (a sparse file: its size is real, its disk use is not). Used by
tests/test_hostile_input.py (small sizes) and benchmarks/hostile.py (the sizes of the issue)."""
from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path


def _workbook(headers: list, rows: list[list]) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(headers)
    for r in rows:
        ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def zip_bomb(unpacked_mb: int = 480, headers=("entity_code", "year", "score")) -> bytes:
    """A real workbook whose first sheet's XML repeats one row until it unpacks to `unpacked_mb`
    (480 MB packs to about 1.7 MB, the issue's file)."""
    base = zipfile.ZipFile(io.BytesIO(_workbook(list(headers), [])))
    out = io.BytesIO()
    row = b'<row><c t="inlineStr"><is><t>62</t></is></c><c><v>2024</v></c><c><v>70</v></c></row>'
    chunk = row * (1024 * 1024 // len(row))
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for part in base.infolist():
            if part.filename != "xl/worksheets/sheet1.xml":
                z.writestr(part, base.read(part.filename))
                continue
            info = zipfile.ZipInfo(part.filename)
            info.compress_type = zipfile.ZIP_DEFLATED
            with z.open(info, "w", force_zip64=True) as f:
                f.write(b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/'
                        b'spreadsheetml/2006/main"><sheetData>')
                for _ in range(unpacked_mb):
                    f.write(chunk)
                f.write(b"</sheetData></worksheet>")
    return out.getvalue()


def many_sheets(n: int = 3000, headers=("entity_code", "year")) -> bytes:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    for k in range(n):
        ws = wb.create_sheet(f"s{k}")
        ws.append(list(headers))
        ws.append(["62", "2024"])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def wide_header(columns: int = 2_000_000, first: str = "respondent_id,unit_code,year") -> bytes:
    """A CSV whose header has `columns` columns (2 million: about 17 MB)."""
    return (first + "," + ",".join(f"c{i}" for i in range(columns)) + "\n62,2024\n").encode()


def long_line_file(path: Path, size: int = 1 << 30) -> Path:
    """A survey CSV whose second line is `size` bytes: written sparse (instant, no disk use)."""
    with open(path, "wb") as f:
        f.write(b"respondent_id,unit_code,year,BP1\n1,62.1,2024,")
        f.truncate(size)
        f.seek(0, os.SEEK_END)
        f.write(b"\n")
    return path


def damaged(content: bytes, part: str = "xl/worksheets/sheet1.xml") -> bytes:
    """The workbook with the XML of `part` cut in half and garbage after it."""
    zin = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for i in zin.infolist():
            data = zin.read(i.filename)
            if i.filename == part:
                data = data[: len(data) // 2] + b"<<<&&"
            zout.writestr(i, data)
    return out.getvalue()


SURVEY_HEADERS = ["respondent_id", "unit_code", "year"]
CHECKLIST_HEADERS = ["entity_code", "year", "criterion", "weight", "status"]
ACTION_HEADERS = ["entity_code", "year", "action"]


def damaged_workbook(kind: str) -> bytes:
    headers, row = {"survey": (SURVEY_HEADERS, [1, "62.1", 2024]),
                    "checklist": (CHECKLIST_HEADERS, ["62", 2024, "a", 1, "ada"]),
                    "actions": (ACTION_HEADERS, ["62", 2024, "a"])}[kind]
    return damaged(_workbook(headers, [row]))
