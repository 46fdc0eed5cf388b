"""Recognitions: published ranks and awards as facts of their own (issue 14), often without a
score ("peringkat pertama 2024", "Top 5", "Juara 1 nilai Harmonis", "posisi ke-9 dari 18
provinsi wilayah Indonesia Barat").

Imported like scores: CSV or XLSX, every problem with its row and column in the UI language,
nothing written when there is any, a re-import of the same rows changes nothing, the original
file kept in the import log, and rolled back from it (queries/rollback_write.sql). Written only
inside the caller's writer transaction (`db.writer`).

Columns: entity_code, entity_name, entity_level, survey_year, awarded_by, award, value_code,
scope, rank, top_n, of, source_url, confidence (Indonesian headers accepted: kode, nama, tingkat,
tahun, pemberi, penghargaan, nilai, lingkup, peringkat, dari, sumber, keyakinan).
"""
from __future__ import annotations

import re

import duckdb
import numpy as np
import pandas as pd

from berakhlak.data import db
from berakhlak.i18n import fmt_int, fmt_num
from berakhlak.domain.rules import YEAR_RANGE
from berakhlak.ingest.headers import canonical
from berakhlak.ingest.importer import (
    CONFIDENCE_VALUES,
    CONTROL,
    ImportReport,
    Problem,
    _fold,
    _show,
    checksum,
    max_upload_bytes,
    new_report,
    read_table,
    sources_frame,
    take_plan,
    value_aliases,
    writing,
)

COLUMNS = ("entity_code", "entity_name", "entity_level", "survey_year", "awarded_by", "award", "value_code",
           "scope", "rank", "top_n", "of", "source_url", "confidence")
REQUIRED = ("entity_code", "survey_year", "award")
MAX_LENGTH = {"award": 300, "scope": 300, "awarded_by": 200, "source_url": 2000}
DEFAULT_MAX_LENGTH = 200


def is_recognition_table(headers) -> bool:
    """A file with an `award` (penghargaan) column holds recognitions, not scores."""
    return any(canonical(h, "recognitions") == "award" for h in headers)


def _canonical(raw: pd.DataFrame) -> tuple[pd.DataFrame, list[Problem], list[Problem]]:
    problems, warnings = [], []
    headers = {}
    for col in raw.columns:
        canon = canonical(col, "recognitions")
        if canon in headers and canon:
            problems.append(Problem("import.duplicate_column", column=_show(col)))
        headers[canon] = col
    for col in REQUIRED:
        if col not in headers:
            problems.append(Problem("import.missing_column", column=col))
    ignored = [_show(headers[h]) for h in headers if h and h not in COLUMNS]
    if ignored:
        warnings.append(Problem("import.ignored_columns", params={"columns": ", ".join(ignored)}))
    df = pd.DataFrame({"_row": np.asarray(raw.index, dtype="int64") + 2})
    for col in COLUMNS:
        df[col] = raw[headers[col]].astype(str).str.strip().to_numpy() if col in headers else ""
    return df, problems, warnings


def _count(cell: str) -> int | None | float:
    """'' -> None; '9' -> 9; anything else -> nan (a problem)."""
    if cell == "":
        return None
    return int(cell) if re.fullmatch(r"\d{1,7}", cell) and int(cell) > 0 else float("nan")


def validate(con: duckdb.DuckDBPyConnection, df: pd.DataFrame) -> tuple[pd.DataFrame, list[Problem], list[Problem]]:
    """Every problem with its row and column; the clean rows."""
    problems: list[Problem] = []
    warnings: list[Problem] = []

    def report(i, key, column, **params):
        problems.append(Problem(key, int(df.at[i, "_row"]), column, params))

    known = set(db.query(con, "entity_list_all")["code"])
    aliases = value_aliases()
    rows = []
    for i in df.index:
        r = df.loc[i]
        bad = False
        for col in COLUMNS:
            cell = r[col]
            if CONTROL.search(cell):
                report(i, "import.control_chars", col)
                bad = True
            elif len(cell) > MAX_LENGTH.get(col, DEFAULT_MAX_LENGTH):
                report(i, "import.too_long", col, limit=fmt_int(MAX_LENGTH.get(col, DEFAULT_MAX_LENGTH)),
                       length=fmt_int(len(cell)))
                bad = True
        if bad:
            continue
        for col in REQUIRED:
            if r[col] == "":
                report(i, "import.required", col)
                bad = True
        if r["entity_code"] and r["entity_code"] not in known:
            report(i, "rec.import.missing_entity", "entity_code", value=_show(r["entity_code"]))
            bad = True
        year = None
        if r["survey_year"]:
            if re.fullmatch(r"\d{4}", r["survey_year"]) and YEAR_RANGE[0] <= int(r["survey_year"]) <= YEAR_RANGE[1]:
                year = int(r["survey_year"])
            else:
                report(i, "import.bad_year", "survey_year", value=_show(r["survey_year"]))
                bad = True
        value = None
        if r["value_code"]:
            value = aliases.get(_fold(r["value_code"]))
            if value is None:
                report(i, "import.unknown_value", "value_code", value=_show(r["value_code"]),
                       allowed="BP, AK, KO, HA, LO, AD, KL")
                bad = True
        counts = {}
        for col in ("rank", "top_n", "of"):
            counts[col] = _count(r[col])
            if isinstance(counts[col], float):
                report(i, "rec.import.bad_count", col, value=_show(r[col]))
                bad = True
        if counts["rank"] is not None and counts["top_n"] is not None and not bad:
            report(i, "rec.import.rank_or_top", "top_n")
            bad = True
        if (isinstance(counts["rank"], int) and isinstance(counts["of"], int) and counts["rank"] > counts["of"]):
            report(i, "rec.import.rank_above_of", "rank", value=counts["rank"], of=counts["of"])
            bad = True
        if r["source_url"] and not re.match(r"^(https?://\S+|urn:\S+)$", r["source_url"]):
            report(i, "import.bad_url", "source_url", value=_show(r["source_url"]))
            bad = True
        conf = r["confidence"].lower()
        if conf not in CONFIDENCE_VALUES:
            report(i, "import.bad_confidence", "confidence", value=_show(r["confidence"]), allowed="high, medium")
            bad = True
        if bad:
            continue
        rows.append({"entity_code": r["entity_code"], "survey_year": year, "awarded_by": r["awarded_by"] or None,
                     "award": r["award"], "value_code": value, "scope": r["scope"] or None,
                     "rank": counts["rank"], "top_n": counts["top_n"], "of_total": counts["of"],
                     "source_url": r["source_url"], "confidence": CONFIDENCE_VALUES[conf], "_row": int(r["_row"])})
    clean = pd.DataFrame(rows, columns=["entity_code", "survey_year", "awarded_by", "award", "value_code", "scope",
                                        "rank", "top_n", "of_total", "source_url", "confidence", "_row"])
    if not clean.empty:
        key = ["entity_code", "survey_year", "award", "value_code"]
        dup = clean.fillna({"value_code": ""}).duplicated(key, keep="first")
        firsts = clean.fillna({"value_code": ""}).drop_duplicates(key).set_index(key)["_row"]
        for i in clean.index[dup]:
            k = tuple(clean.fillna({"value_code": ""}).loc[i, key])
            problems.append(Problem("import.conflict", int(clean.at[i, "_row"]), "award", {"other": int(firsts.loc[k])}))
    for col in ("rank", "top_n", "of_total", "survey_year"):
        clean[col] = clean[col].astype("Int64")
    problems.sort(key=lambda p: (p.row or 0, p.column or ""))
    return clean, problems, warnings


def import_recognitions(con: duckdb.DuckDBPyConnection, content: bytes, file_name: str, *, dataset: str = "main",
                        dry_run: bool = False, who: str | None = None, allow_reserved: bool = False,
                        raw: pd.DataFrame | None = None) -> ImportReport:
    """Validate a recognitions file and, when it has no problem (and not dry_run), write it in one
    transaction on `con` (the writer's connection)."""
    digest = checksum(content)
    report = new_report(dataset, file_name, digest, dry_run=dry_run, allow_reserved=allow_reserved)
    if report.problems:
        return report
    if len(content) > max_upload_bytes():
        report.problems.append(Problem("import.too_large", params={
            "size": fmt_num(len(content) / 1024 / 1024), "limit": fmt_num(max_upload_bytes() / 1024 / 1024)}))
        return report
    if raw is None:
        raw, problems = read_table(content, file_name)
        if report.stops(problems):
            return report
    df, problems, warnings = _canonical(raw)
    if report.stops(problems, warnings):
        return report
    clean, problems, warnings = validate(con, df)
    report.rows = len(clean)
    if report.stops(problems, warnings):
        return report
    import_urn = f"urn:berakhlak:import:{digest[:16]}"
    clean["source_url"] = clean["source_url"].replace("", import_urn)
    with db.registered(con, incoming_recognitions=clean):
        found = db.query_here(con, "recognition_plan", dataset=dataset)
    take_plan(report, clean.assign(status=found["status"].to_numpy()))
    if dry_run:
        return report
    planned = report.plan
    urls = sources_frame(planned["source_url"], import_urn, file_name, _source_kind)
    with writing(con, report, "recognition_write", who=who, content=content,
                 incoming_recognitions=planned[planned["status"] != "unchanged"], incoming_sources=urls):
        pass
    return report


def _source_kind(url: str) -> str:
    """A recognition's source: internal (a urn), official (a .go.id site) or news."""
    if url.startswith("urn:"):
        return "internal"
    return "official" if re.search(r"\.go\.id(/|$)", url) else "news"


def template_frame() -> pd.DataFrame:
    """An example row per kind of recognition (a rank with its scope, a per-value award, a
    top-N), for the template download."""
    return pd.DataFrame([
        {"entity_code": "62", "entity_name": "Pemerintah Provinsi Kalimantan Tengah", "entity_level": "provinsi",
         "survey_year": 2022, "awarded_by": "KemenPANRB", "award": "posisi dalam kelompok survei wilayah Indonesia Barat",
         "value_code": "", "scope": "18 provinsi wilayah Indonesia Barat", "rank": 9, "top_n": "", "of": 18,
         "source_url": "https://contoh.go.id/berita", "confidence": "high"},
        {"entity_code": "62", "entity_name": "Pemerintah Provinsi Kalimantan Tengah", "entity_level": "provinsi",
         "survey_year": 2022, "awarded_by": "KemenPANRB dan ACT", "award": "Juara 1 nilai Harmonis",
         "value_code": "HA", "scope": "pemerintah daerah provinsi", "rank": 1, "top_n": "", "of": "",
         "source_url": "https://contoh.go.id/berita", "confidence": "high"},
        {"entity_code": "35", "entity_name": "Pemerintah Provinsi Jawa Timur", "entity_level": "provinsi",
         "survey_year": 2022, "awarded_by": "ACT Consulting International", "award": "Top 5 indeks implementasi",
         "value_code": "", "scope": "pemerintah daerah provinsi", "rank": "", "top_n": 5, "of": "",
         "source_url": "https://contoh.go.id/berita", "confidence": "medium"},
    ], columns=list(COLUMNS))


