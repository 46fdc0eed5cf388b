"""The internal work-culture evaluation ("metode evaluasi internal", method INTERNAL).

Two parts, both per instansi or unit and year, both kept apart from the national survey (own
tables, see migrations/0003_evaluation.sql):

1. the **individual survey**: one row per respondent (anonymous id, unit code, year, a rating
   1–5 for each of the 21 behaviours; missing answers tolerated). Aggregated in DuckDB
   (queries/eval_survey_aggregate.sql, and the views of migration 0003):
   behaviour score = (mean rating − 1) / 4 × 100; value score = mean of its 3 behaviours;
   unit index = mean of the 7 values; instansi = respondent-weighted mean over its units.
   Only the per-unit aggregates are stored, never an individual's answers.
2. the **institutional assessment**: a checklist of criteria with weights and a status
   (ada / sebagian / tidak ada) backed by evidence (bukti dukung);
   score = 100 × Σ weight × credit / Σ weight, credit ada = 1, sebagian = ½, tidak ada = 0.

The combined score is survey × w + institution × (100 − w) over 100, w = 80 by default (the
2025 self-run index, MANDIRI-2025; 50 is the named alternative of equal weights). Both
defaults are parameters, shown in the UI and in docs/method.md.

Imports follow the importer's contract: every problem reported with row and column in the UI
language (importer.Problem), nothing written when there is any, a re-import changes nothing.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from berakhlak.data import db
from berakhlak.ingest import importer, reader
from berakhlak.ingest.headers import canonical, is_metadata
from berakhlak.ingest.headers import fold as _fold
from berakhlak.ingest.importer import ImportReport, Problem
from berakhlak.ingest.problems import TEXT_LIMITS, text_masks, text_problems
from berakhlak.domain.rules import NATIONAL_CODE, VALUE_CODES, YEAR_RANGE

METHOD_CODE = "INTERNAL"
BEHAVIOUR_ITEMS = tuple(f"{v}{i}" for v in VALUE_CODES for i in (1, 2, 3))
# Credit of a criterion by status: ada counts fully, sebagian half, tidak ada nothing.
DEFAULT_PARTIAL_CREDIT = 0.5
# Combined score = survey × w + institution × (100 − w), over 100. Default 80: the weights of the
# 2025 BerAKHLAK Index measured by each instansi itself (method MANDIRI-2025: Survei Budaya Kerja
# 80 % + Evaluasi Implementasi BerAKHLAK 20 % on evidence), as Pemkab Barito Utara reported it
# (MANDIRI_SOURCE_URL; docs/method.md). Equal weights (50) stay a named alternative.
DEFAULT_SURVEY_WEIGHT = 80
EQUAL_SURVEY_WEIGHT = 50
MANDIRI_METHOD = "MANDIRI-2025"
MANDIRI_SOURCE_URL = "https://kedai.my.id/?p=200675"
# Per check and column, the first this-many problems are listed one by one, the rest counted.
PROBLEMS_PER_CHECK = 200

SURVEY_REQUIRED = ("respondent_id", "unit_code", "year")
SURVEY_OPTIONAL = ("unit_name", "parent_code")
CHECKLIST_REQUIRED = ("entity_code", "year", "criterion", "weight", "status")
CHECKLIST_OPTIONAL = ("item_no", "evidence", "reviewer_note")
STATUS_ALIASES = {
    "ada": "ada", "ya": "ada", "sudah": "ada", "lengkap": "ada", "yes": "ada", "met": "ada",
    "sebagian": "sebagian", "partial": "sebagian", "sebagian_ada": "sebagian",
    "tidak_ada": "tidak_ada", "tidak": "tidak_ada", "belum": "tidak_ada", "belum_ada": "tidak_ada",
    "no": "tidak_ada", "none": "tidak_ada",
}


# --- reading ---------------------------------------------------------------------------------

def survey_header(header: str) -> str:
    """'BP1', 'bp_1', 'BP.1' -> 'BP1'; Indonesian headers -> canonical names."""
    folded = _fold(header)
    m = re.fullmatch(r"(bp|ak|ko|ha|lo|ad|kl)_?([1-3])", folded)
    if m:
        return m.group(1).upper() + m.group(2)
    return canonical(folded, "survey")


def checklist_header(header: str) -> str:
    return canonical(header, "checklist")


def read_eval_table(content: bytes, file_name: str, canon: Callable[[str], str],
                    required: tuple[str, ...], limits: reader.Limits | None = None) -> tuple[pd.DataFrame, list[Problem]]:
    """A CSV or XLSX file as a table of strings, through the one reader (its limits first). In an
    XLSX the first sheet that has the `required` columns is the data (a notes sheet may come
    first)."""
    def wanted(head: list[str]) -> bool:
        return set(required) <= {canon(c) for c in head}

    def no_sheet(names: list[str]) -> Problem:
        return Problem("eval.no_sheet", params={"columns": ", ".join(required), "sheets": ", ".join(names) or "–"})

    return reader.read_table(content, file_name, wanted=wanted, no_sheet=no_sheet, limits=limits)


def read_survey_table(content: bytes, file_name: str,
                      limits: reader.Limits | None = None) -> tuple[pa.Table | pd.DataFrame, list[Problem]]:
    """The survey file as a table of strings: a CSV straight into Arrow (no Python objects per
    cell: a million respondents in a couple of seconds), anything else through read_eval_table."""
    if content and not reader.looks_like_xlsx(content, file_name):
        table, problems = reader.read_arrow_table(content, limits)
        if table is not None or problems:
            return table, problems
    return read_eval_table(content, file_name, survey_header, SURVEY_REQUIRED, limits)


def _headers(raw: pd.DataFrame | pa.Table, canon) -> tuple[dict[str, str], list[Problem]]:
    """canonical name -> header as written; a header that appears twice is a problem."""
    headers: dict[str, str] = {}
    problems = []
    for col in (raw.column_names if isinstance(raw, pa.Table) else raw.columns):
        c = canon(col)
        if c in headers:
            problems.append(Problem("import.duplicate_column", column=str(col)))
        headers[c] = col
    return headers, problems


def _sort(problems: list[Problem], columns) -> None:
    """By row, then in the file's column order."""
    order = {str(c): i for i, c in enumerate(columns)}
    problems.sort(key=lambda p: (p.row or 0, order.get(p.column or "", -1)))


def _capped(found: pd.DataFrame, headers: dict[str, str], extra: dict[str, dict] | None = None) -> list[Problem]:
    """Problems from a frame of (row_no, col, key, value, other, n, rn): one per row up to the cap
    per key and column, then one line that counts the rest. Columns are named as the file
    writes them."""
    out = []
    extra = extra or {}
    for r in found.to_dict("records"):
        column = str(headers.get(r["col"], r["col"]))
        params = dict(extra.get(r["key"], {}))
        if isinstance(r["value"], str):
            params["value"] = importer._show(r["value"])
        if r["other"] is not None and not pd.isna(r["other"]):
            params["other"] = int(r["other"])
        out.append(Problem(r["key"], int(r["row_no"]), column, params))
        if r["rn"] == PROBLEMS_PER_CHECK and r["n"] > PROBLEMS_PER_CHECK:
            out.append(Problem("eval.more_problems", int(r["row_no"]), column,
                               {"count": int(r["n"] - PROBLEMS_PER_CHECK)}))
    return out


# --- the individual survey -----------------------------------------------------------------

@dataclass
class SurveyCheck:
    """What validation of a survey file found, and (when clean) what it would write."""

    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    rows: int = 0
    units: pd.DataFrame | None = None        # unit_code, year, respondents, blank_rows
    behaviours: pd.DataFrame | None = None   # unit_code, year, value_code, ord, answers, rating_sum
    entities: pd.DataFrame | None = None     # new units to register


def _survey_frame(raw: pd.DataFrame | pa.Table) -> tuple[pa.Table | None, dict, list[Problem], list[Problem]]:
    """The survey as an Arrow table with canonical column names, every cell trimmed, and `_row`
    (the row as a spreadsheet numbers it); or the problems of its columns."""
    table = raw if isinstance(raw, pa.Table) else pa.Table.from_pandas(raw.astype(str), preserve_index=False)
    headers, problems = _headers(table, survey_header)
    warnings: list[Problem] = []
    if problems:
        return None, headers, problems, warnings
    missing = [c for c in SURVEY_REQUIRED if c not in headers]
    if missing:
        problems.append(Problem("eval.missing_columns", params={"columns": ", ".join(missing)}))
    missing_items = [c for c in BEHAVIOUR_ITEMS if c not in headers]
    if missing_items:
        problems.append(Problem("eval.missing_items", params={"columns": ", ".join(missing_items)}))
    if problems:
        return None, headers, problems, warnings
    known = set(SURVEY_REQUIRED) | set(SURVEY_OPTIONAL) | set(BEHAVIOUR_ITEMS)
    ignored = [str(headers[h]) for h in headers if h not in known and not is_metadata(headers[h])]
    if ignored:
        warnings.append(Problem("import.ignored_columns", params={"columns": ", ".join(ignored)}))
    n = table.num_rows
    first = int(raw.index[0]) if isinstance(raw, pd.DataFrame) and len(raw) else 0  # rows above the header
    columns = {"_row": pa.array(np.arange(n, dtype="int64") + 2 + first)}
    for col in SURVEY_REQUIRED + SURVEY_OPTIONAL + BEHAVIOUR_ITEMS:
        if col in headers:
            cells = table.column(table.column_names.index(headers[col])).cast(pa.string()).fill_null("")
            columns[col] = pc.utf8_trim_whitespace(cells)
        else:
            columns[col] = pa.nulls(n, pa.string()).fill_null("")
    return pa.table(columns), headers, problems, warnings


def check_survey(con: duckdb.DuckDBPyConnection, raw: pd.DataFrame | pa.Table) -> SurveyCheck:
    """Validate a survey table and, when it is clean, aggregate it (all in DuckDB)."""
    out = SurveyCheck(rows=raw.num_rows if isinstance(raw, pa.Table) else len(raw))
    frame, headers, out.problems, out.warnings = _survey_frame(raw)
    if frame is None:
        return out
    # An Arrow table: DuckDB scans its strings natively.
    con.register("survey_raw", frame)
    try:
        counts = db.query_here(con, "eval_survey_problem_count", year_low=YEAR_RANGE[0],
                               year_high=YEAR_RANGE[1]).iloc[0]
        if counts.sum() > 0:  # only then list them, cell by cell
            found = db.query_here(con, "eval_survey_bad_cells", cap=PROBLEMS_PER_CHECK,
                                  year_low=YEAR_RANGE[0], year_high=YEAR_RANGE[1])
            out.problems += _capped(found, headers,
                                    {"import.year_range": {"low": YEAR_RANGE[0], "high": YEAR_RANGE[1]}})
        units_in_file = db.query_here(con, "eval_survey_units_in_file")
        entities, unit_problems = _check_units(units_in_file, db.query(con, "entity_list_all"), headers)
        out.problems += unit_problems
        _sort(out.problems, raw.columns)
        if out.problems:
            return out
        out.behaviours = db.query_here(con, "eval_survey_aggregate")
        out.units = db.query_here(con, "eval_survey_respondents")
        out.entities = entities
    finally:
        con.unregister("survey_raw")
    blank = out.units[out.units["blank_rows"] > 0]
    for r in blank.itertuples():
        out.warnings.append(Problem("eval.blank_rows", int(r.first_blank_row), None,
                                    {"count": int(r.blank_rows), "unit": r.unit_code, "year": int(r.year)}))
    out.units = out.units[out.units["respondents"] > 0].reset_index(drop=True)
    if out.units.empty:
        out.problems.append(Problem("eval.no_answers"))
    return out


def _check_units(in_file: pd.DataFrame, entities: pd.DataFrame,
                 headers: dict[str, str]) -> tuple[pd.DataFrame, list[Problem]]:
    """Every unit code of the file must be a known unit, or a new one that the file describes
    (unit_name and the parent_code of a known instansi)."""
    problems: list[Problem] = []
    known = entities.set_index("code")
    new_rows = []

    def fail(r, key, column, **params):
        params["more_rows"] = int(r.n_rows) - 1
        problems.append(Problem(key, int(r.first_row), str(headers.get(column, column)), params))

    for r in in_file.itertuples():
        code = r.unit_code
        if r.n_names > 1:
            fail(r, "eval.inconsistent_unit", "unit_name", value=code)
            continue
        if r.n_parents > 1:
            fail(r, "import.inconsistent_parent", "parent_code", value=code)
            continue
        name, parent = r.unit_name or "", r.parent_code or ""
        bad_name = text_problems(name, "unit_name")
        if bad_name:
            for p in bad_name:
                fail(r, p.key, "unit_name", **p.params)
            continue
        if code in known.index:
            k = known.loc[code]
            if k["level"] != "unit":
                fail(r, "eval.not_a_unit", "unit_code", value=code, level=k["level"])
            elif parent and parent != k["parent_code"]:
                fail(r, "import.parent_mismatch", "parent_code", value=parent, code=code,
                     expected=k["parent_code"])
            continue
        if not name or not parent:
            fail(r, "eval.unknown_unit", "unit_code", value=code)
            continue
        if parent not in known.index or known.loc[parent, "level"] in ("unit", "nasional"):
            fail(r, "import.unknown_parent", "parent_code", value=parent, code=code)
            continue
        new_rows.append((code, name, "unit", parent, known.loc[parent, "region_code"]))
    return pd.DataFrame(new_rows, columns=["code", "name", "level", "parent_code", "region_code"]), problems


def import_survey(con: duckdb.DuckDBPyConnection, content: bytes, file_name: str, *,
                  dataset: str = "main", dry_run: bool = False, who: str | None = None,
                  allow_reserved: bool = False) -> ImportReport:
    """Validate a survey file (CSV or XLSX) and, when it has no problem (and not dry_run), store
    its per-unit aggregates. Each unit-year in the file replaces what the dataset held for it."""
    return _import_file(con, content, file_name, read_survey_table, import_survey_table, dataset=dataset,
                        dry_run=dry_run, who=who, allow_reserved=allow_reserved)


def _import_file(con: duckdb.DuckDBPyConnection, content: bytes, file_name: str, read, import_table,
                 **options) -> ImportReport:
    """A file read by `read` (its problems, when it cannot be read, are the report's), then
    imported as a table by `import_table`."""
    raw, problems = read(content, file_name)
    if problems:
        return ImportReport(dataset=options["dataset"], file_name=file_name, checksum=importer.checksum(content),
                            dry_run=options["dry_run"], problems=problems)
    return import_table(con, raw, file_name=file_name, content_checksum=importer.checksum(content), **options)


def import_survey_table(con: duckdb.DuckDBPyConnection, raw: pd.DataFrame | pa.Table, *, file_name: str,
                        content_checksum: str, dataset: str = "main", dry_run: bool = False,
                        who: str | None = None, allow_reserved: bool = False) -> ImportReport:
    """The survey import over a table of strings (one row per respondent)."""
    report = importer.new_report(dataset, file_name, content_checksum, dry_run=dry_run, allow_reserved=allow_reserved)
    if report.problems:
        return report
    check = check_survey(con, raw)
    report.rows = check.rows
    if report.stops(check.problems, check.warnings):
        return report
    with db.registered(con, incoming_units=check.units, incoming_behaviour=check.behaviours):
        plan = db.query_here(con, "eval_survey_plan", dataset=dataset)
    if len(check.entities):
        new = check.entities.set_index("code")["name"]
        plan["unit_name"] = plan["unit_name"].fillna(plan["unit_code"].map(new))
    importer.take_plan(report, plan)
    if dry_run:
        return report
    changed = plan.loc[plan["status"] != "unchanged", ["unit_code", "year"]]
    units = check.units.merge(changed, on=["unit_code", "year"])
    behaviours = check.behaviours.merge(changed, on=["unit_code", "year"])
    with importer.writing(con, report, "eval_survey_write", who=who, incoming_units=units,
                          incoming_behaviour=behaviours, incoming_entities=check.entities) as wcon:
        # The per-unit figures of the dataset, kept for queries/eval_scores.sql (migrations/0009).
        db.execute(wcon, "refresh_eval_unit_year", dataset=dataset)
    return report


# --- the institutional assessment (checklist) ----------------------------------------------

def parse_weight(cells: pd.Series) -> pd.Series:
    """'10', '10,5', '10.5', '10%' -> a number; anything else -> NaN."""
    return importer.parse_score(cells)


def check_checklist(con: duckdb.DuckDBPyConnection, raw: pd.DataFrame) -> tuple[pd.DataFrame, list[Problem], list[Problem]]:
    """Validate a checklist table: the clean rows, the problems and the warnings."""
    headers, problems = _headers(raw, checklist_header)
    warnings: list[Problem] = []
    if problems:
        return pd.DataFrame(), problems, warnings
    missing = [c for c in CHECKLIST_REQUIRED if c not in headers]
    if missing:
        return pd.DataFrame(), [Problem("eval.missing_columns", params={"columns": ", ".join(missing)})], warnings
    known = set(CHECKLIST_REQUIRED) | set(CHECKLIST_OPTIONAL) | {"entity_name"}
    ignored = [str(headers[h]) for h in headers if h not in known and not is_metadata(headers[h])]
    if ignored:
        warnings.append(Problem("import.ignored_columns", params={"columns": ", ".join(ignored)}))
    df = pd.DataFrame({"_row": np.asarray(raw.index, dtype="int64") + 2})
    for col in CHECKLIST_REQUIRED + CHECKLIST_OPTIONAL:
        df[col] = raw[headers[col]].astype(str).str.strip().to_numpy() if col in headers else ""
    bad = pd.Series(False, index=df.index)

    def report(mask, key, column, value_col=None, **params):
        # Every problem of every cell is reported; a row with any problem is left out.
        nonlocal bad
        for i in df.index[mask]:
            extra = dict(params)
            if value_col:
                extra["value"] = importer._show(df.at[i, value_col])
            problems.append(Problem(key, int(df.at[i, "_row"]), str(headers.get(column, column)), extra))
        bad |= mask

    entities = db.query(con, "entity_list_all").set_index("code")
    for col in ("entity_code", "year", "criterion", "weight", "status"):
        report(df[col] == "", "import.required", col)
    for col in ("criterion", "evidence", "reviewer_note", "entity_name"):
        if col in df:
            too_long, control = text_masks(df[col], col)
            report(too_long, "eval.text_too_long", col, limit=TEXT_LIMITS[col])
            report(control, "import.control_chars", col)
    year_ok = df["year"].str.fullmatch(r"\d{4}")
    report(~year_ok & (df["year"] != ""), "import.bad_year", "year", "year")
    df["year_n"] = pd.to_numeric(df["year"].where(year_ok), errors="coerce")
    report(year_ok & ~df["year_n"].between(*YEAR_RANGE), "import.year_range", "year", "year",
           low=YEAR_RANGE[0], high=YEAR_RANGE[1])
    known_code = df["entity_code"].isin(entities.index) & (df["entity_code"] != NATIONAL_CODE)
    report(~known_code & (df["entity_code"] != ""), "eval.unknown_entity", "entity_code", "entity_code")
    df["weight_n"] = parse_weight(df["weight"])
    report(df["weight_n"].isna() & (df["weight"] != ""), "import.bad_number", "weight", "weight")
    report(df["weight_n"].notna() & ~(df["weight_n"] > 0), "eval.weight_positive", "weight", "weight")
    df["status_n"] = df["status"].map(lambda s: STATUS_ALIASES.get(_fold(s)))
    report(df["status_n"].isna() & (df["status"] != ""), "eval.bad_checklist_status", "status", "status")
    df["item_no_n"] = pd.to_numeric(df["item_no"].where(df["item_no"].str.fullmatch(r"\d{1,4}")), errors="coerce")
    report((df["item_no"] != "") & df["item_no_n"].isna(), "eval.bad_item_no", "item_no", "item_no")
    ok = df[~bad].copy()
    # Numbering: as given, else the order of the rows within the entity-year.
    ok["item_no_n"] = ok["item_no_n"].fillna(
        ok.groupby(["entity_code", "year_n"]).cumcount() + 1).astype("int64")
    key = ["entity_code", "year_n"]
    for col, what in (("item_no_n", "item_no"), ("criterion", "criterion")):
        norm = ok[col].astype(str).str.casefold().str.strip() if col == "criterion" else ok[col]
        dup = ok.assign(_k=norm).duplicated(key + ["_k"], keep="first")
        first = ok.assign(_k=norm).groupby(key + ["_k"])["_row"].transform("first")
        for i in ok.index[dup]:
            problems.append(Problem("eval.duplicate_criterion" if col == "criterion" else "eval.duplicate_item_no",
                                    int(ok.at[i, "_row"]), str(headers.get(what, what)),
                                    {"other": int(first.at[i])}))
    claimed = ok[ok["status_n"].isin(["ada", "sebagian"]) & (ok["evidence"] == "")]
    for row_no, status in zip(claimed["_row"], claimed["status"]):
        warnings.append(Problem("eval.no_evidence", int(row_no), str(headers.get("evidence", "evidence")),
                                {"status": status}))
    _sort(problems, raw.columns)
    clean = pd.DataFrame({
        "entity_code": ok["entity_code"], "year": ok["year_n"].astype("int64"),
        "item_no": ok["item_no_n"], "criterion": ok["criterion"], "weight": ok["weight_n"].astype(float),
        "status": ok["status_n"], "evidence": ok["evidence"].replace("", None),
        "reviewer_note": ok["reviewer_note"].replace("", None), "_row": ok["_row"],
    }).reset_index(drop=True)
    return clean, problems, warnings


def import_checklist(con: duckdb.DuckDBPyConnection, content: bytes, file_name: str, *,
                     dataset: str = "main", dry_run: bool = False, who: str | None = None,
                     allow_reserved: bool = False) -> ImportReport:
    """Validate a checklist file (CSV or XLSX) and, when it has no problem, store it. Each
    entity-year in the file replaces that entity-year's whole checklist."""
    return _import_file(con, content, file_name, read_checklist_table, import_checklist_table, dataset=dataset,
                        dry_run=dry_run, who=who, allow_reserved=allow_reserved)


def read_checklist_table(content: bytes, file_name: str) -> tuple[pd.DataFrame, list[Problem]]:
    """A checklist file as a table of strings: its first sheet with entity_code and year."""
    return read_eval_table(content, file_name, checklist_header, ("entity_code", "year"))


def import_checklist_table(con: duckdb.DuckDBPyConnection, raw: pd.DataFrame, *, file_name: str,
                           content_checksum: str, dataset: str = "main", dry_run: bool = False,
                           who: str | None = None, allow_reserved: bool = False) -> ImportReport:
    """The checklist import over a table of strings."""
    report = importer.new_report(dataset, file_name, content_checksum, dry_run=dry_run, allow_reserved=allow_reserved)
    if report.problems:
        return report
    clean, problems, warnings = check_checklist(con, raw)
    report.rows = len(raw)
    if report.stops(problems, warnings):
        return report
    with db.registered(con, incoming_checklist=clean):
        plan = db.query_here(con, "eval_checklist_plan", dataset=dataset)
    importer.take_plan(report, plan)
    if dry_run:
        return report
    changed = plan.loc[plan["status"] != "unchanged", ["entity_code", "year"]]
    with importer.writing(con, report, "eval_checklist_write", who=who,
                          incoming_checklist=clean.merge(changed, on=["entity_code", "year"])):
        pass
    return report


# --- reading the results -------------------------------------------------------------------

@dataclass(frozen=True)
class Weights:
    """The combined score's weights and the credit of a partly met criterion: the defaults are
    ours (none is published) and always shown beside the scores."""

    survey: float = DEFAULT_SURVEY_WEIGHT        # percent; the institution gets 100 - survey
    partial_credit: float = DEFAULT_PARTIAL_CREDIT

    @property
    def institution(self) -> float:
        return 100 - self.survey


def scores(con: duckdb.DuckDBPyConnection, dataset: str, instansi: str, year: int,
           min_respondents: int, weights: Weights = Weights(), today: date | None = None) -> pd.DataFrame:
    """The instansi row, then one row per unit: survey (suppressed where needed), institution,
    combined, weakest value and the action-plan counts. See queries/eval_scores.sql."""
    return db.query(con, "eval_scores", dataset=dataset, instansi=instansi, year=int(year),
                    min_respondents=int(min_respondents), w_survey=float(weights.survey),
                    partial_credit=float(weights.partial_credit), today=today or date.today())


def weakest_values(row: pd.Series, n: int = 2) -> list[tuple[str, float]]:
    """The n lowest value scores of one row of `scores` (ties in the official order), as shown
    (rounded); empty when the row is suppressed or incomplete."""
    from berakhlak.domain.rules import round_half_up

    present = [(c, round_half_up(row[c])) for c in VALUE_CODES if pd.notna(row.get(c))]
    if len(present) < len(VALUE_CODES):
        return []
    order = {c: i for i, c in enumerate(VALUE_CODES)}
    return sorted(present, key=lambda cs: (cs[1], order[cs[0]]))[:n]


def summary(con: duckdb.DuckDBPyConnection, dataset: str, instansi: str, year: int,
            min_respondents: int, weights: Weights = Weights(), today: date | None = None) -> dict:
    """The figures of one instansi-year as plain data (for the CLI's JSON and for tests)."""
    from berakhlak.domain.rules import round_half_up

    frame = scores(con, dataset, instansi, year, min_respondents, weights, today)

    def num(x):
        return None if x is None or pd.isna(x) else round_half_up(float(x))

    def row_out(r):
        return {
            "entity_code": r["entity_code"], "entity_name": r["entity_name"],
            "respondents": None if pd.isna(r["respondents"]) else int(r["respondents"]),
            "survey_status": r["survey_status"], "survey": num(r["survey_idx"]),
            "values": {c: num(r[c]) for c in VALUE_CODES if pd.notna(r[c])},
            "weakest_values": [c for c, _ in weakest_values(r)],
            "institution": num(r["inst_score"]), "checklist_items": int(r["inst_items"]),
            "combined": num(r["combined"]),
            "actions": {"merah": int(r["n_merah"]), "kuning": int(r["n_kuning"]),
                        "hijau": int(r["n_hijau"]), "overdue": int(r["n_overdue"])},
        }

    inst = frame[frame["row_kind"] == "instansi"]
    return {
        "dataset": dataset, "year": int(year), "method": METHOD_CODE,
        "weights": {"survey": weights.survey, "institution": weights.institution,
                    "partial_credit": weights.partial_credit},
        "min_respondents": int(min_respondents),
        "instansi": row_out(inst.iloc[0]) if len(inst) else None,
        "units": [row_out(r) for _, r in frame[frame["row_kind"] == "unit"].iterrows()],
    }
