"""Export in the canonical long format. Cells that a spreadsheet would run as a formula
(starting with = + - @) are neutralised with a leading apostrophe."""
from __future__ import annotations

import pandas as pd

from berakhlak import db

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(frame: pd.DataFrame) -> pd.DataFrame:
    """Text cells only: a score of -1 stays a number, a name '=HYPERLINK(...)' becomes text."""
    out = frame.copy()
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            out[col] = out[col].map(
                lambda v: "'" + v if isinstance(v, str) and v.startswith(FORMULA_START) else v)
    return out


def dataset_frame(con, dataset: str) -> pd.DataFrame | None:
    known = db.query(con, "dataset_list")
    if dataset not in set(known["name"]):
        return None
    return neutralise(db.query(con, "export_long", dataset=dataset))


def write_table(frame: pd.DataFrame, out, fmt: str) -> None:
    if fmt == "xlsx":
        frame.to_excel(out, index=False, sheet_name="data", engine="openpyxl")
    else:
        frame.to_csv(out, index=False, encoding="utf-8")


def export_dataset(con, dataset: str, out: str, fmt: str = "csv") -> int | None:
    """Write `dataset` to `out`; the number of rows, or None for an unknown dataset."""
    frame = dataset_frame(con, dataset)
    if frame is None:
        return None
    write_table(frame, out, fmt)
    return len(frame)
