"""THE writer of every file that leaves the app: CSV and XLSX, and what a PowerPoint deck carries
about itself (its properties and its charts' embedded workbooks). Chart-data and table
downloads, Studi banding, the `export` command and Kelola Data's export, the import templates,
the evaluation's templates and samples, the deck, the Rencana Aksi export: all of them write
through here, and nothing else in the app writes a table to a file.

    about = output.about(con, "demo", "id", title="Studi banding 62 – 32, 2024",
                         entities=["62", "32", "ID"], years=[2024], min_respondents=5)
    output.csv(frame, about)                           # -> bytes
    output.xlsx(frame, about)                          # -> bytes
    output.xlsx({"Rencana aksi": items, "Riwayat": log}, about)   # several sheets
    output.csv(template, lang="en")                    # a form to fill in: no About
    output.write(frame_or_sheets, "csv" | "xlsx", about)   # either, by name

The rest of the API: `About(...)` built by hand where the numbers are not scores (the action
plan, a synthetic sample); `safe(text)`, the one cell rule, and `is_live(text)`, its check;
`dialect(lang)` -> (separator, decimal mark); `describe(prs, about)` and `chart_data(about)` for
a python-pptx deck.

**What a file says about itself** (`About`): the dataset, the sources (URLs), the method(s), the
date and time it was made and, for synthetic data, "DATA SINTETIS — bukan hasil survei"
("SYNTHETIC DATA — not survey results").
- CSV: five more columns on every row, so that a filtered or sorted sheet still says it:
  `dataset, sumber_data, metode_data, tanggal_dibuat, keterangan_data` (English:
  `dataset, data_source, data_method, created, data_notice`). The importers ignore these
  columns in either language (berakhlak/ingest/headers.py, `is_metadata`), so our own files
  import back.
- XLSX: a banner row above each table (the header is row 2, frozen, with a filter) and a last
  sheet "Sumber" ("Sources") listing what the file holds, the dataset, the notice, every method,
  every source, the date, the suppression rule. The importers skip leading rows that hold at
  most one filled cell (berakhlak/ingest/reader.py, `title_rows`), so the banner does not stop
  an import either.
- A template (a form to fill in, without numbers) is written with `about=None`: the table alone.
- The deck: `describe(prs, about)` fills the PPTX's properties, and `chart_data(about)` is the
  python-pptx chart data whose embedded workbook is neutralised and carries the "Sumber" sheet.

**One CSV dialect per UI language**: id → `;` between fields and a decimal comma (59,5); en →
`,` and a decimal point. UTF-8 with a BOM, CRLF line ends. Numbers are written as numbers
(unquoted in CSV, numeric cells in XLSX; -1,5 stays a number), every text field is quoted, a
missing value is an empty field. Dates are ISO text in CSV and date cells in XLSX.

**Formulas** (OWASP "CSV injection"), for every text cell of every file, headers, banners and
templates included, in one rule, `safe(text)`:
- text starting with = + - @, a tab, CR or LF (or their full-width forms, or after leading
  spaces) gets a leading apostrophe: `=HYPERLINK("http://x","y")` → `'=HYPERLINK(...)`; text
  that is a plain number ("-1,5", "+3") or a lone sign ("-") is left alone: it cannot run;
- separator-aware: wherever a part of a text after `;`, `,`, a tab or a line break would start
  a field with one of those characters, an apostrophe goes in before it (`a;=1+1` → `a;'=1+1`),
  so that no program that splits the line on either separator, quotes or not, starts a field
  with a formula; and every text field is quoted, so that Excel does not split it at all;
- numbers (int, float) are never touched: only text is neutralised;
- XLSX cells of text are always of string type (openpyxl would otherwise store "=..." as a
  formula and "#N/A" as an error), characters that XML cannot hold become U+FFFD, and a text
  longer than a cell holds (32,767) is cut with "…".
"""
from __future__ import annotations

import io
import math
import re
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from decimal import Decimal

import numpy as np
import pandas as pd

from berakhlak.i18n import current_lang, t

# --- the one cell rule ---------------------------------------------------------------------------

FORMULA_START = frozenset("=+-@\t\r\n\uff1d\uff0b\uff0d\uff20")  # with the full-width = + - @
_SPLIT = re.compile(r"([;,\t\r\n])")
_MAYBE_INNER = re.compile(r"[;,\t\r\n] *[=+\-@\t\r\n\uff1d\uff0b\uff0d\uff20]")
_HARMLESS = re.compile(r"[+-]?\d+(?:[.,]\d+)*%?|[+-]*")  # a plain number ("-1,5"), a lone sign or dash
_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
XLSX_CELL_MAX = 32767


def _starts_live(part: str) -> bool:
    """A field that a spreadsheet could run: its first character (after spaces) starts a formula,
    and it is not a plain number or a lone sign."""
    return part.lstrip(" ")[:1] in FORMULA_START and not _HARMLESS.fullmatch(part.strip())


def safe(text: str) -> str:
    """`text` as a spreadsheet can hold it without ever running it (see the module's doc)."""
    if not text:
        return text
    if _MAYBE_INNER.search(text):
        parts = _SPLIT.split(text)  # field, separator, field, …
        for i in range(2, len(parts), 2):
            if _starts_live(parts[i]):
                pad = len(parts[i]) - len(parts[i].lstrip(" "))
                parts[i] = parts[i][:pad] + "'" + parts[i][pad:]
        text = "".join(parts)
    if _starts_live(text):
        text = "'" + text
    return text


def is_live(text) -> bool:
    """True when a text cell, as written, could start a formula (for checks and tests): it, or a
    field that a split on ; , a tab or a line break leaves, starts with = + - @ or a tab/CR/LF
    and is not a plain number."""
    if not isinstance(text, str):
        return False
    return _starts_live(text) or any(_starts_live(p) for p in _SPLIT.split(text)[2::2])


# --- what a file says about itself ------------------------------------------------------------

@dataclass(frozen=True)
class Source:
    url: str
    title: str = ""      # title or publisher, as the source list names it
    kind: str = ""       # official | news | internal | synthetic

    def text(self, lang: str) -> str:
        """The URL; a non-web source (urn:…) with what it is."""
        if self.url.startswith("http") or not self.kind:
            return self.url
        what = self.title or (t(f"source_urn.{self.kind}", lang) if self.kind in ("synthetic", "internal") else "")
        return f"{self.url} — {what}" if what else self.url


def _now() -> datetime:
    return datetime.now().astimezone().replace(microsecond=0)


@dataclass(frozen=True)
class About:
    """Where a file's numbers come from. `synthetic` files say so on every row and in the banner."""

    dataset: str
    lang: str = "id"
    title: str = ""
    synthetic: bool = False
    label: str = ""                          # the dataset as the app names it ("Angka yang dipublikasikan")
    sources: tuple[Source, ...] = ()
    methods: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    made: datetime = field(default_factory=_now)

    def stamped(self) -> About:
        """The same, made now (a download is made when clicked, not when its page was drawn)."""
        return replace(self, made=_now())

    @property
    def notice(self) -> str:
        """DATA SINTETIS — bukan hasil survei, or the dataset's label."""
        return t("output.synthetic", self.lang) if self.synthetic else (self.label or self.dataset)

    @property
    def made_text(self) -> str:
        return self.made.isoformat(sep=" ", timespec="minutes")

    def sources_text(self, most: int | None = None) -> str:
        texts = [s.text(self.lang) for s in self.sources]
        if not texts:
            return t("output.no_sources", self.lang)
        if most is not None and len(texts) > most:
            return t("output.more_sources", self.lang, first=" | ".join(texts[:most]), n=len(texts) - most)
        return " | ".join(texts)

    def methods_text(self) -> str:
        return " | ".join(self.methods) or t("output.no_method", self.lang)

    def columns(self) -> dict[str, str]:
        """The metadata columns of a CSV row: header -> value."""
        return {t("output.col.dataset", self.lang): self.dataset,
                t("output.col.sources", self.lang): self.sources_text(),
                t("output.col.methods", self.lang): self.methods_text(),
                t("output.col.made", self.lang): self.made_text,
                t("output.col.notice", self.lang): self.notice}

    def banner(self) -> str:
        return t("output.banner", self.lang, notice=self.notice, title=self.title or self.dataset,
                 dataset=self.dataset, sources=self.sources_text(most=2), made=self.made_text,
                 sheet=t("output.sheet.sources", self.lang))


def dataset_label(name: str, kind: str, lang: str) -> str:
    if kind == "synthetic":
        return t("dataset.synthetic", lang)
    if kind == "published":
        return t("dataset.published", lang)
    return t("dataset.user", lang, name=name)


def about(con, dataset: str, lang: str, *, title: str = "", entities=(), years=(),
          min_respondents: int | None = None, notes=()) -> About:
    """The About of scores of `dataset`, limited to some entities and years (empty: all), read
    from the database. `con` is a connection, or a function (name, **params) -> frame that runs
    a named query (the UI's cached `ui.q`). With `min_respondents`, the suppression rule is noted."""
    from berakhlak.data import db

    query = con if callable(con) else (lambda name, **p: db.query(con, name, **p))
    sets = query("dataset_list")
    hit = sets.loc[sets["name"] == dataset, "kind"]
    kind = hit.iloc[0] if len(hit) else "user"
    params = {"dataset": dataset, "entities": [str(e) for e in entities], "years": [int(y) for y in years]}
    src = query("output_sources", **params)
    methods = query("output_methods", **params)
    name_col = "name_en" if lang == "en" else "name_id"
    extra = [t("output.suppression", lang, min=min_respondents)] if min_respondents is not None else []
    return About(
        dataset=dataset, lang=lang, title=title, synthetic=kind == "synthetic",
        label=dataset_label(dataset, kind, lang),
        sources=tuple(Source(r.url, r.title or r.publisher or "", r.kind) for r in src.itertuples()),
        methods=tuple(f"{r.code} — {getattr(r, name_col)}" for r in methods.itertuples()),
        notes=tuple(extra) + tuple(notes))


# --- cells ---------------------------------------------------------------------------------------

def _missing(v) -> bool:
    if v is None or v is pd.NA or v is pd.NaT:
        return True
    if isinstance(v, (float, np.floating)):
        return math.isnan(v) or math.isinf(v)
    return False


def _cell(v, lang: str):
    """A value as the writers hold it: None, int, float, date/datetime, or safe text."""
    if _missing(v):
        return None
    if isinstance(v, (bool, np.bool_)):
        return t("output.yes" if v else "output.no", lang)
    if isinstance(v, (int, np.integer)):
        return int(v)
    if isinstance(v, (float, np.floating, Decimal)):
        return float(v)
    if isinstance(v, pd.Timestamp):
        v = v.to_pydatetime()
    if isinstance(v, datetime) and v.tzinfo is not None:
        return v.astimezone().replace(tzinfo=None)  # a spreadsheet's dates have no zone: local time
    if isinstance(v, (datetime, date)):
        return v
    return safe(str(v))


def _csv_number(v, decimal: str) -> str:
    if isinstance(v, float):
        text = str(int(v)) if v.is_integer() and abs(v) < 1e15 else repr(v)  # repr: reads back exactly
    else:
        text = str(v)
    return text.replace(".", decimal) if decimal != "." else text


def _csv_field(v, decimal: str) -> str:
    if v is None:
        return ""
    if isinstance(v, (int, float)):
        return _csv_number(v, decimal)
    if isinstance(v, datetime):
        v = v.isoformat(sep=" ", timespec="minutes") if (v.hour, v.minute, v.second) != (0, 0, 0) else v.date().isoformat()
    elif isinstance(v, date):
        v = v.isoformat()
    return '"' + str(v).replace('"', '""') + '"'


def _column_fields(col: pd.Series, lang: str, decimal: str) -> list[str]:
    """One column as CSV fields; numeric columns without a per-cell look at each value's type."""
    if pd.api.types.is_bool_dtype(col) or not pd.api.types.is_numeric_dtype(col):
        seen: dict = {}  # names, codes and the metadata repeat: each distinct text is written once

        def field_of(v):
            key = (type(v), v)  # True and 1 are equal keys otherwise
            try:
                hit = seen.get(key)
            except TypeError:  # unhashable
                return _csv_field(_cell(v, lang), decimal)
            if hit is None:
                hit = seen[key] = _csv_field(_cell(v, lang), decimal)
            return hit

        return [field_of(v) for v in col]
    values = col.to_numpy(dtype=float, na_value=np.nan)
    if pd.api.types.is_integer_dtype(col):
        return ["" if math.isnan(v) else str(int(v)) for v in values]
    return ["" if (math.isnan(v) or math.isinf(v)) else _csv_number(float(v), decimal) for v in values]


def _with_metadata(frame: pd.DataFrame, about: About | None) -> pd.DataFrame:
    if about is None:
        return frame
    out = frame.copy()
    out.columns = [str(c) for c in out.columns]
    for name, value in about.columns().items():
        while name in out.columns:  # a table with a column of that name keeps it
            name = "_" + name
        out[name] = value
    return out


def dialect(lang: str) -> tuple[str, str]:
    """(separator, decimal mark) of a CSV in `lang`."""
    return (",", ".") if lang == "en" else (";", ",")


# --- CSV -----------------------------------------------------------------------------------------

def csv(frame: pd.DataFrame, about: About | None = None, *, lang: str | None = None) -> bytes:
    """The frame as CSV in the language's dialect, with the metadata columns of `about`."""
    lang = about.lang if about is not None else (lang or current_lang())
    sep, decimal = dialect(lang)
    frame = _with_metadata(frame, about)
    header = sep.join(_csv_field(safe(str(c)), decimal) for c in frame.columns)
    columns = [_column_fields(frame.iloc[:, i], lang, decimal) for i in range(frame.shape[1])]
    lines = [header, *(sep.join(row) for row in zip(*columns))]
    return ("\r\n".join(lines) + "\r\n").encode("utf-8-sig")


# --- XLSX ----------------------------------------------------------------------------------------

_SHEET_BAD = re.compile(r"[\[\]:*?/\\]")


def _sheet_title(name: str, taken: set[str]) -> str:
    base = _SHEET_BAD.sub("-", str(name)).strip("'") or "data"
    title, n = base[:31], 2
    while title.lower() in taken:
        suffix = f" ({n})"
        title, n = base[:31 - len(suffix)] + suffix, n + 1
    taken.add(title.lower())
    return title


def _xlsx_value(v):
    """A writer value as an openpyxl cell holds it (text cleaned of what XML cannot hold)."""
    if isinstance(v, str):
        v = _ILLEGAL_XML.sub("\ufffd", v)
        if len(v) > XLSX_CELL_MAX:
            v = v[:XLSX_CELL_MAX - 1] + "…"
    return v


def _write_cell(ws, value, *, font=None, fill=None):
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(ws, value=None if value == "" else _xlsx_value(value))
    if isinstance(cell.value, str):
        cell.data_type = "s"  # never a formula, an error or a number: the text as it is
    if font is not None:
        cell.font = font
    if fill is not None:
        cell.fill = fill
    return cell


def _letter(n: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(n)


def _write_table(ws, frame: pd.DataFrame, about: About | None, lang: str) -> None:
    from openpyxl.styles import Font, PatternFill

    bold = Font(bold=True)
    width = max(1, frame.shape[1])
    top = 2 if about is not None else 1  # the header's row
    cells = [[_cell(v, lang) for v in frame.iloc[:, i]] for i in range(frame.shape[1])]
    names = [safe(str(c)) for c in frame.columns]
    # (a write-only sheet takes its widths and panes before its first row)
    for i, name in enumerate(names, start=1):
        sample = [len(str(v)) for v in cells[i - 1][:200] if v is not None]
        ws.column_dimensions[_letter(i)].width = min(60, max(8, len(name) + 2, *(n + 2 for n in sample)))
    ws.freeze_panes = f"A{top + 1}"
    if len(frame):
        ws.auto_filter.ref = f"A{top}:{_letter(width)}{top + len(frame)}"
    if about is not None:
        if about.synthetic:
            font, fill = Font(bold=True, color="FFFFFF"), PatternFill("solid", fgColor="B33C00")
        else:
            font, fill = Font(bold=True), PatternFill("solid", fgColor="E8EEF7")
        ws.append([_write_cell(ws, safe(about.banner()), font=font, fill=fill)])
    ws.append([_write_cell(ws, n, font=bold) for n in names])
    for row in zip(*cells):
        ws.append([_write_cell(ws, v) for v in row])


def _write_sources(ws, about: About) -> None:
    from openpyxl.styles import Font

    lang = about.lang
    bold = Font(bold=True)
    ws.column_dimensions["A"].width = 18
    ws.column_dimensions["B"].width = 70
    ws.column_dimensions["C"].width = 60
    rows = [(t("output.field.title", lang), about.title or about.dataset, ""),
            (t("output.field.dataset", lang), about.dataset, about.label),
            (t("output.field.notice", lang), about.notice, "")]
    rows += [(t("output.field.method", lang), m, "") for m in about.methods] or [
        (t("output.field.method", lang), t("output.no_method", lang), "")]
    rows += [(t("output.field.source", lang), s.url, " · ".join(p for p in (
        s.title, t(f"source_kind.{s.kind}", lang) if s.kind else "") if p)) for s in about.sources] or [
        (t("output.field.source", lang), t("output.no_sources", lang), "")]
    rows += [(t("output.field.made", lang), about.made_text, "")]
    rows += [(t("output.field.note", lang), n, "") for n in (*about.notes, t("output.escaped", lang))]
    rows += [(t("output.field.app", lang), t("output.app", lang), "")]
    if about.synthetic:
        ws.append([_write_cell(ws, safe(about.notice), font=Font(bold=True, color="B33C00"))])
    ws.append([_write_cell(ws, safe(h), font=bold) for h in (
        t("output.field.item", lang), t("output.field.value", lang), t("output.field.detail", lang))])
    for r in rows:
        ws.append([_write_cell(ws, safe(str(v))) for v in r])


def xlsx(tables: pd.DataFrame | dict[str, pd.DataFrame], about: About | None = None, *,
         lang: str | None = None, sheet: str = "data") -> bytes:
    """One sheet per table (a frame, or {sheet name: frame} in order), each under the banner of
    `about`, then the sheet "Sumber" ("Sources"). Numbers are numeric cells, text is text."""
    from openpyxl import Workbook

    lang = about.lang if about is not None else (lang or current_lang())
    if isinstance(tables, pd.DataFrame):
        tables = {sheet: tables}
    wb = Workbook(write_only=True)
    taken: set[str] = set()
    for name, frame in tables.items():
        _write_table(wb.create_sheet(_sheet_title(name, taken)), frame, about, lang)
    if about is not None:
        _write_sources(wb.create_sheet(_sheet_title(t("output.sheet.sources", lang), taken)), about)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def write(tables, fmt: str, about: About | None = None, *, lang: str | None = None) -> bytes:
    """csv or xlsx (a CSV holds one table: the first)."""
    if fmt == "xlsx":
        return xlsx(tables, about, lang=lang)
    if isinstance(tables, dict):
        tables = next(iter(tables.values()))
    return csv(tables, about, lang=lang)


# --- the deck ------------------------------------------------------------------------------------

def _cut(text: str, most: int) -> str:
    return text if len(text) <= most else text[:most - 1] + "…"


def describe(prs, about: About, title: str | None = None) -> None:
    """The PPTX's own properties say what `about` says (a file manager or PowerPoint's Info pane
    shows them): title, dataset, notice, sources, methods, date. Each within PowerPoint's 255
    characters (two long entity names make a longer title)."""
    props = prs.core_properties
    lang = about.lang
    if title is not None:
        props.title = _cut(title, 255)
    props.subject = _cut(f"{about.dataset}: {about.notice}", 255)
    props.category = _cut(about.label, 255)
    props.keywords = _cut("; ".join(p for p in (t("output.synthetic", lang) if about.synthetic else "",
                                                about.dataset, "BerAKHLAK") if p), 255)
    # PowerPoint keeps 255 characters a property: the essentials, the URLs last (all of them are
    # on the sources slide and in every chart's "Sumber" sheet).
    lines = [about.notice, f"{t('output.field.dataset', lang)}: {about.dataset}",
             f"{t('output.field.made', lang)}: {about.made_text}",
             f"{t('output.field.method', lang)}: {', '.join(m.split(' — ')[0] for m in about.methods) or '–'}",
             f"{t('output.field.source', lang)}: {' '.join(s.url for s in about.sources) or '–'}"]
    props.comments = _cut("\n".join(lines), 255)
    props.created = about.made.replace(tzinfo=None)
    props.author = t("output.app", lang)


def chart_data(about: About, number_format: str = "General"):
    """python-pptx CategoryChartData whose embedded workbook (what PowerPoint's "Edit data" opens)
    has every text cell neutralised, no formula written from a string, and the "Sumber" sheet.
    The chart itself shows the names as they are."""
    from contextlib import contextmanager

    from pptx.chart.data import CategoryChartData
    from pptx.chart.xlsx import CategoryWorkbookWriter
    from xlsxwriter import Workbook as XlsxWorkbook

    class _SafeSheet:
        """The worksheet python-pptx writes to, with each text cell through `safe`."""

        def __init__(self, ws):
            self._ws = ws

        def write(self, row, col, value, *args):
            return self._ws.write(row, col, _embedded(value), *args)

        def write_column(self, row, col, values, *args):
            return self._ws.write_column(row, col, [_embedded(v) for v in values], *args)

        def __getattr__(self, name):
            return getattr(self._ws, name)

    class _Writer(CategoryWorkbookWriter):
        @contextmanager
        def _open_worksheet(self, xlsx_file):
            wb = XlsxWorkbook(xlsx_file, {"in_memory": True, "strings_to_formulas": False,
                                          "strings_to_urls": False, "strings_to_numbers": False})
            ws = wb.add_worksheet()
            yield wb, ws
            _xlsxwriter_sources(wb, about)
            wb.close()

        def _populate_worksheet(self, workbook, worksheet):
            super()._populate_worksheet(workbook, _SafeSheet(worksheet))
            # Beside the chart's range (which the chart's references never reach): what "Edit data" shows.
            beside = self._chart_data.categories.depth + len(self._chart_data) + 1
            worksheet.write_string(0, beside, _embedded(about.banner()))

    class SafeChartData(CategoryChartData):
        @property
        def _workbook_writer(self):
            return _Writer(self)

    return SafeChartData(number_format=number_format)


def _embedded(value):
    if isinstance(value, str):
        return _xlsx_value(safe(value))
    return value


def _xlsxwriter_sources(wb, about: About) -> None:
    ws = wb.add_worksheet(t("output.sheet.sources", about.lang)[:31])
    lang = about.lang
    rows = [(t("output.field.notice", lang), about.notice),
            (t("output.field.dataset", lang), f"{about.dataset} ({about.label})"),
            *((t("output.field.method", lang), m) for m in about.methods),
            *((t("output.field.source", lang), s.text(lang)) for s in about.sources),
            (t("output.field.made", lang), about.made_text),
            *((t("output.field.note", lang), n) for n in about.notes)]
    for i, (k, v) in enumerate(rows):
        ws.write_string(i, 0, _embedded(k))
        ws.write_string(i, 1, _embedded(str(v)))
    ws.set_column(0, 0, 16)
    ws.set_column(1, 1, 90)
