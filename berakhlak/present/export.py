"""Export in the canonical long format, through the one writer (berakhlak/present/output.py):

- the columns of the import format first (entity_code … source_url, note: each row keeps its own
  source and method), then the writer's metadata columns (dataset, sources, methods, date,
  synthetic notice), which the importer ignores: our own export imports back unchanged;
- the CSV dialect of the language (id: `;` and 59,5; en: `,` and 59.5), which the importer reads
  in either form; XLSX with the banner row and the "Sumber" sheet, which the importer skips;
- text cells that a spreadsheet would run as a formula are neutralised (output.safe);
- scores hidden by minimum-respondent suppression (migrations/0002) are left out, and counted, so
  that an export never reveals what a page hides.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from berakhlak.data import db
from berakhlak.i18n import current_lang, t
from berakhlak.present import output


@dataclass
class ExportResult:
    rows: int
    withheld: int  # score rows left out because too few respondents (or complementary)


def dataset_frame(con, dataset: str, min_respondents: int | None = None) -> pd.DataFrame | None:
    """The dataset as exported (suppression applied), or None when unknown."""
    known = db.query(con, "dataset_list")
    if dataset not in set(known["name"]):
        return None
    params = {} if min_respondents is None else {"min_respondents": min_respondents}
    return db.query(con, "export_long", dataset=dataset, **params)


def withheld_count(con, dataset: str, min_respondents: int | None = None) -> int:
    params = {} if min_respondents is None else {"min_respondents": min_respondents}
    return int(db.query(con, "export_withheld", dataset=dataset, **params).iloc[0, 0])


def about(con, dataset: str, lang: str, min_respondents: int | None = None) -> output.About:
    from berakhlak.domain.rules import DEFAULT_MIN_RESPONDENTS

    return output.about(con, dataset, lang, title=t("export.file_title", lang, dataset=dataset),
                        min_respondents=min_respondents or DEFAULT_MIN_RESPONDENTS)


def dataset_bytes(con, dataset: str, fmt: str = "csv", lang: str | None = None) -> bytes | None:
    """The export file of `dataset` (csv or xlsx), or None for an unknown dataset."""
    frame = dataset_frame(con, dataset)
    if frame is None:
        return None
    return output.write(frame, fmt, about(con, dataset, lang or current_lang()))


def export_dataset(con, dataset: str, out, fmt: str = "csv", lang: str | None = None) -> ExportResult | None:
    """Write `dataset` to `out` (a path or a binary file); the rows written and withheld, or None
    for an unknown dataset."""
    frame = dataset_frame(con, dataset)
    if frame is None:
        return None
    data = output.write(frame, fmt, about(con, dataset, lang or current_lang()))
    if hasattr(out, "write"):
        out.write(data)
    else:
        with open(out, "wb") as f:
            f.write(data)
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


def template_bytes(kind: str, fmt: str, values: pd.DataFrame, guide: pd.DataFrame | None = None,
                   lang: str | None = None) -> bytes:
    """The template file (a form to fill in: no numbers, so no About). An XLSX carries the data
    sheet first, then a guide sheet (`guide`: two columns, explained in the UI language) that the
    importer ignores."""
    frame = template_frame(kind, values)
    sheets = {"data": frame} if guide is None or fmt != "xlsx" else {"data": frame, "petunjuk": guide}
    return output.write(sheets, fmt, lang=lang)
