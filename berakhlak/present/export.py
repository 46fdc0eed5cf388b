"""Export in the canonical long format, as a file a spreadsheet opens safely:

- cells that a spreadsheet would run as a formula (starting with = + - @, or a tab or carriage
  return) are neutralised with a leading apostrophe;
- scores hidden by minimum-respondent suppression (migrations/0002) are left out, and counted, so
  that an export never reveals what a page hides.
"""
from __future__ import annotations

import io
from dataclasses import dataclass

import pandas as pd

from berakhlak.data import db

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(frame: pd.DataFrame) -> pd.DataFrame:
    """Text cells only: a score of -1 stays a number, a name '=HYPERLINK(...)' becomes text."""
    out = frame.copy()
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            out[col] = out[col].map(
                lambda v: "'" + v if isinstance(v, str) and v.startswith(FORMULA_START) else v)
    return out


@dataclass
class ExportResult:
    rows: int
    withheld: int  # score rows left out because too few respondents (or complementary)


def dataset_frame(con, dataset: str, min_respondents: int | None = None) -> pd.DataFrame | None:
    """The dataset as exported (suppression applied, formulas neutralised), or None when unknown."""
    known = db.query(con, "dataset_list")
    if dataset not in set(known["name"]):
        return None
    params = {} if min_respondents is None else {"min_respondents": min_respondents}
    return neutralise(db.query(con, "export_long", dataset=dataset, **params))


def withheld_count(con, dataset: str, min_respondents: int | None = None) -> int:
    params = {} if min_respondents is None else {"min_respondents": min_respondents}
    return int(db.query(con, "export_withheld", dataset=dataset, **params).iloc[0, 0])


def write_table(frame: pd.DataFrame, out, fmt: str) -> None:
    if fmt == "xlsx":
        frame.to_excel(out, index=False, sheet_name="data", engine="openpyxl")
    else:
        frame.to_csv(out, index=False, encoding="utf-8")


def to_bytes(frame: pd.DataFrame, fmt: str) -> bytes:
    """The file's bytes, for a download button."""
    buf = io.BytesIO()
    write_table(frame, buf, fmt)
    return buf.getvalue()


def export_dataset(con, dataset: str, out, fmt: str = "csv") -> ExportResult | None:
    """Write `dataset` to `out`; the rows written and withheld, or None for an unknown dataset."""
    frame = dataset_frame(con, dataset)
    if frame is None:
        return None
    write_table(frame, out, fmt)
    return ExportResult(len(frame), withheld_count(con, dataset))


# --- templates ------------------------------------------------------------------------------------

TEMPLATE_LONG_COLUMNS = ["entity_code", "entity_name", "entity_level", "parent_code", "year", "measure",
                         "value_code", "score", "respondents", "method", "source_url", "note"]
TEMPLATE_WIDE_ID = ["entity_code", "entity_name", "entity_level", "parent_code", "year", "respondents",
                    "method", "source_url", "note"]
EXAMPLE = {"entity_code": "62", "entity_name": "Kalimantan Tengah", "entity_level": "provinsi",
           "parent_code": "", "year": "2025", "respondents": "", "method": "",
           "source_url": "", "note": ""}


def template_frame(kind: str, values: pd.DataFrame) -> pd.DataFrame:
    """An import template with the Indonesian value names. `values`: code, name_id (the value
    table, in the official order). Its example rows leave `score` empty: a template imported
    unfilled is refused ("wajib diisi"), never imported as numbers nobody wrote.
    long: one row per value plus the index row; wide: one row, a column per value name + indeks."""
    if kind == "long":
        rows = [{**EXAMPLE, "measure": "implementasi", "value_code": "", "score": ""}]
        rows += [{**EXAMPLE, "measure": "implementasi", "value_code": name, "score": ""}
                 for name in values["name_id"]]
        return pd.DataFrame(rows, columns=TEMPLATE_LONG_COLUMNS)
    if kind == "wide":
        row = {**EXAMPLE, **{name: "" for name in values["name_id"]}, "indeks": ""}
        return pd.DataFrame([row], columns=TEMPLATE_WIDE_ID + list(values["name_id"]) + ["indeks"])
    raise ValueError(kind)


def template_bytes(kind: str, fmt: str, values: pd.DataFrame, guide: pd.DataFrame | None = None) -> bytes:
    """The template file. An XLSX carries the data sheet first, then a guide sheet (`guide`:
    two columns, explained in the UI language) that the importer ignores."""
    frame = template_frame(kind, values)
    if fmt == "csv":
        return frame.to_csv(index=False).encode("utf-8-sig")
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl") as xl:
        frame.to_excel(xl, index=False, sheet_name="data")
        if guide is not None:
            guide.to_excel(xl, index=False, sheet_name="petunjuk")
    return buf.getvalue()
