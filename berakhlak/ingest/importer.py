"""Import of the canonical formats (docs/data-formats.md): CSV (comma or semicolon, with or without a
BOM) or XLSX, long or wide. Validation reports every problem with its row and column; an import
with any error writes nothing; a re-import of the same rows changes no score.

The pipeline is: read_table -> to_long -> validate -> plan -> write, each step vectorised so that a
million-row file stays fast.
"""
from __future__ import annotations

import contextlib
import difflib
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from berakhlak.data import db
from berakhlak.i18n import fmt_int
from berakhlak.ingest.headers import canonical, is_metadata
from berakhlak.ingest.headers import fold as _fold
from berakhlak.ingest.problems import CONTROL, CONTROL_IN_NOTE, Problem
from berakhlak.ingest.problems import show as _show
from berakhlak.ingest.reader import (  # noqa: F401 (re-exported: the reader's names the tests use)
    LINE_END,
    Limits,
    check_path,
    _read_csv,
    _read_csv_fast,
    _read_csv_slow,
    max_upload_bytes,
    read_table,
)
from berakhlak.domain.rules import (
    INDEX_MEAN_TOLERANCE,
    LEVELS,
    MEASURES,
    NATIONAL_CODE,
    PEMDA_LEVELS,
    VALUE_CODES,
    YEAR_RANGE,
)

LONG_COLUMNS = (
    "entity_code", "entity_name", "entity_level", "parent_code", "year", "measure",
    "value_code", "score", "respondents", "method", "source_url", "note", "confidence",
)
# `confidence` may be left out (published_figures_more.csv has it): empty = as the source states it.
CONFIDENCE_VALUES = {"": None, "high": "high", "tinggi": "high", "medium": "medium", "sedang": "medium"}
REQUIRED_LONG = ("entity_code", "year", "score")
REQUIRED_WIDE = ("entity_code", "year")
# Datasets filled only by `init`, never by a user's import.
RESERVED_DATASETS = ("published", "demo")
DATASET_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")
MAX_PROBLEMS_LISTED = 1000
# The longest cell accepted per column; longer is a mistake (or an attack), never data.
MAX_LENGTHS = {
    "entity_code": 40, "entity_name": 200, "entity_level": 40, "parent_code": 40, "year": 40,
    "measure": 40, "value_code": 60, "score": 40, "respondents": 40, "method": 40,
    "source_url": 2000, "note": 1000, "confidence": 20,
}

LEVEL_ALIASES = {"pemprov": "provinsi", "prov": "provinsi", "pemkab": "kabupaten", "kab": "kabupaten",
                 "pemkot": "kota", "k/l": "kementerian"}



def value_aliases(con: duckdb.DuckDBPyConnection | None = None) -> dict[str, str]:
    """Folded value code or name (Indonesian or English) -> value code."""
    rows = pd.read_csv(db.DATA_DIR / "values.csv", dtype=str)
    out = {}
    for r in rows.itertuples():
        for alias in (r.code, r.name_id, r.name_en):
            out[_fold(alias)] = r.code
    return out


# --- problems ------------------------------------------------------------------------------

@dataclass
class ImportReport:
    dataset: str
    file_name: str
    checksum: str
    rows: int = 0
    added: int = 0
    replaced: int = 0
    unchanged: int = 0
    import_id: int | None = None
    dry_run: bool = False
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    plan: pd.DataFrame | None = None  # incoming rows with status added / replaced / unchanged

    @property
    def ok(self) -> bool:
        return not self.problems

    def stops(self, problems: list[Problem], warnings: list[Problem] = ()) -> bool:
        """Takes a step's problems and warnings; True when there is a problem (the import stops
        there and writes nothing)."""
        self.warnings += warnings
        self.problems += problems
        return bool(self.problems)


# --- reading -------------------------------------------------------------------------------

def checksum(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def _trimmed(cells: pd.Series) -> pd.api.extensions.ExtensionArray:
    """The cells as text without surrounding whitespace, kept as Arrow strings (no round trip
    through Python objects); the column itself when no cell can have any (no copy)."""
    cells = cells.astype(str)
    return cells.str.strip().array if _maybe_padded(cells) else cells.array


# First and last bytes of the UTF-8 of a string that may start / end with whitespace (as Python's
# str.strip sees it): ASCII whitespace, and for the others (U+0085, U+00A0, U+1680, U+2000-U+205F,
# U+3000) their lead bytes at the start, any non-ASCII last byte at the end.
_WS_ASCII = [9, 10, 11, 12, 13, 28, 29, 30, 31, 32]
_PADDED_FIRST = np.isin(np.arange(256), _WS_ASCII + [0xC2, 0xE1, 0xE2, 0xE3])
_PADDED_LAST = np.isin(np.arange(256), _WS_ASCII) | (np.arange(256) >= 0x80)


def _maybe_padded(cells: pd.Series) -> bool:
    """False when no cell starts or ends with whitespace: read off the Arrow buffers, without
    making new strings. True when unsure."""
    try:
        chunks = cells.array.__arrow_array__().chunks
    except (AttributeError, TypeError):
        return True
    for chunk in chunks:
        if chunk.null_count or str(chunk.type) not in ("string", "large_string"):
            return True
        _, offsets, data = chunk.buffers()
        width = np.int64 if str(chunk.type) == "large_string" else np.int32
        offsets = np.frombuffer(offsets, dtype=width)[chunk.offset:chunk.offset + len(chunk) + 1]
        if data is None or offsets[-1] == offsets[0]:
            continue
        data = np.frombuffer(data, dtype=np.uint8)
        start, end = offsets[:-1], offsets[1:]
        filled = end > start
        if _PADDED_FIRST[data[start[filled]]].any() or _PADDED_LAST[data[end[filled] - 1]].any():
            return True
    return False


def _canonical_header(header: str) -> str:
    return canonical(header, "scores")


# --- to long format --------------------------------------------------------------------------

def to_long(raw: pd.DataFrame) -> tuple[pd.DataFrame, list[Problem], list[Problem]]:
    """Canonical long rows, each with `_row` (its spreadsheet row) and `_score_col` (the header
    its score came from, for messages). Wide files become one row per value column."""
    problems: list[Problem] = []
    warnings: list[Problem] = []
    aliases = value_aliases()
    headers = {}
    for col in raw.columns:
        canon = _canonical_header(col)
        if canon in headers and canon:
            problems.append(Problem("import.duplicate_column", column=_show(col)))
        headers[canon] = col
    if problems:
        return pd.DataFrame(), problems, warnings
    headers.pop("", None)  # a column without a header carries nothing we can name

    wide_cols = {h: aliases.get(h) for h in headers if h in aliases or h == "indeks"}
    is_wide = "score" not in headers and bool(wide_cols)
    required = REQUIRED_WIDE if is_wide else REQUIRED_LONG
    for col in required:
        if col not in headers:
            problems.append(Problem("import.missing_column", column=col))
    if not is_wide and "score" not in headers and not wide_cols:
        pass  # reported above as a missing 'score'
    if problems:
        return pd.DataFrame(), problems, warnings

    known = set(LONG_COLUMNS) | set(wide_cols)
    # The columns that our own files add on every row (dataset, sources, …) are ignored quietly.
    ignored = [_show(headers[h]) for h in headers if h not in known and not is_metadata(headers[h])]
    if ignored:
        warnings.append(Problem("import.ignored_columns", params={"columns": ", ".join(ignored)}))

    # The reader's index is each row's position after the header (blank lines skipped).
    base = pd.DataFrame({"_row": np.asarray(raw.index, dtype="int64") + 2})
    for col in LONG_COLUMNS:
        if col in headers and col not in ("score", "value_code", "measure"):
            base[col] = raw[headers[col]].pipe(_trimmed)
        elif col not in ("score", "value_code", "measure"):
            base[col] = ""
    # Cells that are blank after trimming count as empty.
    if not is_wide:
        long = base.copy()
        long["measure"] = raw[headers["measure"]].pipe(_trimmed) if "measure" in headers else ""
        long["value_code"] = raw[headers["value_code"]].pipe(_trimmed) if "value_code" in headers else ""
        long["score"] = raw[headers["score"]].pipe(_trimmed)
        long["_score_col"] = str(headers["score"])
        return long, problems, warnings

    parts = []
    for canon, code in wide_cols.items():
        part = base.copy()
        part["measure"] = "implementasi"
        part["value_code"] = code or ""
        part["score"] = raw[headers[canon]].pipe(_trimmed)
        part["_score_col"] = str(headers[canon])
        parts.append(part[part["score"] != ""])
    long = pd.concat(parts, ignore_index=True) if parts else base.iloc[0:0]
    if long.empty:
        problems.append(Problem("import.no_scores"))
    return long, problems, warnings


# --- validation ------------------------------------------------------------------------------

@dataclass
class Reference:
    """What validation needs from the database: the Kemendagri lists, the known entities and the
    methods."""

    pemda: pd.DataFrame     # code, name, level
    entities: pd.DataFrame  # code, name, level, parent_code
    methods: list[tuple[str, int, int | None]]          # the default method of each year's range
    all_methods: list[tuple[str, int, int | None]] | None = None  # every known method

    @classmethod
    def load(cls, con: duckdb.DuckDBPyConnection) -> Reference:
        pemda = db.query(con, "reference_pemda")
        entities = db.query(con, "entity_list_all")
        frame = db.query(con, "method_list")
        rows = [(r.code, int(r.first_year), None if pd.isna(r.last_year) else int(r.last_year))
                for r in frame.itertuples()]
        defaults = [row for row, d in zip(rows, frame["year_default"]) if d is not False and d == d]
        return cls(pemda, entities, defaults, rows)


def parse_score(cells: pd.Series) -> pd.Series:
    """'58.5', '58,5' and '58,5%' -> 58.5; anything else -> NaN."""
    text = cells.str.strip().str.replace(r"\s*%$", "", regex=True).str.replace(",", ".", regex=False)
    ok = text.str.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)")
    return pd.to_numeric(text.where(ok), errors="coerce")


def parse_count(cells: pd.Series) -> pd.Series:
    """'7819', '7.819' and '7,819' -> 7819; empty -> NA; anything else -> -1 (invalid), a count
    of more than 9 digits too (no group of civil servants is that large, and it would not fit the
    database's integer)."""
    text = cells.str.strip()
    # ASCII digits only: other scripts' digits match \d but are no number for to_numeric
    grouped = text.str.fullmatch(r"[0-9]{1,3}([.,][0-9]{3})+")
    text = text.where(~grouped, text.str.replace(r"[.,]", "", regex=True))
    ok = text.str.fullmatch(r"[0-9]+") & (text.str.lstrip("0").str.len() <= 9)
    out = pd.Series(pd.NA, index=cells.index, dtype="Int64")
    out[ok] = pd.to_numeric(text[ok]).astype("Int64")
    out[~ok & (text != "")] = -1
    return out


def _name_key(name: str) -> str:
    folded = _fold(name).replace("_", " ")
    folded = re.sub(r"^(pemerintah|pemprov|pemkab|pemkot)\s+", "", folded)
    folded = re.sub(r"^(provinsi|prov|kabupaten|kab|kota adm|kota administrasi)\s+", "", folded)
    return folded.replace(" ", "")


def _kind_word(name: str) -> str | None:
    """'kota' or 'kabupaten' when the name starts with it ('Kabupaten Lima Puluh Kota' is a
    kabupaten)."""
    folded = re.sub(r"^pemerintah\s+", "", _fold(name).replace("_", " "))
    if re.match(r"(kota|pemkot)\b", folded):
        return "kota"
    if re.match(r"(kabupaten|kab|pemkab)\b", folded):
        return "kabupaten"
    return None


def names_match(given: str, reference: str, ref_level: str) -> bool:
    """A name in a file may differ from the Kemendagri name in spelling details only: case,
    punctuation, the 'Pemerintah Provinsi' prefix, a typo. 'Kota' for a kabupaten is not a detail."""
    kind = _kind_word(given)
    if kind and ref_level in ("kabupaten", "kota") and kind != ref_level:
        return False
    a, b = _name_key(given), _name_key(reference)
    return a == b or difflib.SequenceMatcher(None, a, b).ratio() >= 0.88


def validate(long: pd.DataFrame, ref: Reference) -> tuple[pd.DataFrame, pd.DataFrame, list[Problem], list[Problem]]:
    """Check every row. Returns the clean scores, the entities the file names, the problems and
    the warnings."""
    problems: list[Problem] = []
    warnings: list[Problem] = []
    df = long.copy()
    bad = pd.Series(False, index=df.index)
    text_columns = [c for c in MAX_LENGTHS if c in df.columns]
    codes = _Codes(df)

    seen: dict[str, pd.Series] = {}  # per column, the rows already reported
    nothing = pd.Series(False, index=df.index)  # (never changed in place)

    def report(mask: pd.Series, key: str, column: str, value_col: str | None = None, **params):
        # Every problem of a row is reported, one per column: a row with a bad year and a bad score
        # gets both.
        nonlocal bad
        mask = mask & ~seen.get(column, nothing)
        seen[column] = seen.get(column, nothing) | mask
        for i in df.index[mask]:
            extra = dict(params)
            if value_col:
                extra["value"] = _show(df.at[i, value_col])
            col = df.at[i, "_score_col"] if column == "score" else column
            problems.append(Problem(key, int(df.at[i, "_row"]), col, extra))
        bad |= mask

    # every cell: not absurdly long, no control characters (a name is shown on every page)
    for col in text_columns:
        cells = df[col].astype(str)
        lengths = _per_value(cells, lambda c: c.str.len(), codes[col])
        too_long = (lengths > MAX_LENGTHS[col]) & ~bad
        for i in df.index[too_long]:
            column = df.at[i, "_score_col"] if col == "score" else col
            problems.append(Problem("import.too_long", int(df.at[i, "_row"]), column,
                                    {"length": fmt_int(int(lengths[i])), "limit": fmt_int(MAX_LENGTHS[col])}))
        bad |= too_long
        seen[col] = too_long.copy()
        pattern = CONTROL_IN_NOTE if col == "note" else CONTROL
        report(_per_value(cells, lambda c, p=pattern: c.str.contains(p), codes[col]), "import.control_chars", col)

    # year
    year_ok = _per_value(df["year"], lambda c: c.str.fullmatch(r"\d{4}"), codes["year"])
    report(df["year"] == "", "import.required", "year")
    report(~year_ok & (df["year"] != ""), "import.bad_year", "year", "year")
    df["year_n"] = _per_value(df["year"], lambda c: pd.to_numeric(c.where(c.str.fullmatch(r"\d{4}")), errors="coerce"),
                              codes["year"])
    report(year_ok & ~df["year_n"].between(*YEAR_RANGE), "import.year_range", "year", "year",
           low=YEAR_RANGE[0], high=YEAR_RANGE[1])

    # score
    df["score_n"] = _per_value(df["score"], parse_score, codes["score"])
    report(df["score"] == "", "import.required", "score")
    report(df["score"].str.startswith("="), "import.formula_cell", "score", "score")
    report(df["score_n"].isna() & (df["score"] != ""), "import.bad_number", "score", "score")
    report(df["score_n"].notna() & ~df["score_n"].between(0, 100), "import.score_range", "score", "score")

    # respondents
    df["respondents_n"] = _per_value(df["respondents"], parse_count, codes["respondents"])
    report(df["respondents_n"].fillna(0) < 0, "import.bad_respondents", "respondents", "respondents")

    # measure and value
    df["measure"] = _per_value(df["measure"], lambda c: c.str.lower().replace("", "implementasi"), codes.pop("measure"))
    report(~df["measure"].isin(MEASURES), "import.unknown_measure", "measure", "measure",
           allowed=", ".join(MEASURES))
    aliases = value_aliases()
    df["value_n"] = _per_value(df["value_code"], lambda c: _map_unique(c, _fold).map(aliases), codes["value_code"])
    report((df["value_code"] != "") & df["value_n"].isna(), "import.unknown_value", "value_code",
           "value_code", allowed=", ".join(VALUE_CODES))
    report(df["value_n"].notna() & (df["measure"] != "implementasi"), "import.value_needs_implementasi",
           "value_code", "measure")

    # method: empty = the year's default; a row may name another method that was in use by then
    # (DKI Jakarta 2024 from the ACT survey, a 2025 MANDIRI-2025 figure), said as a warning.
    all_methods = ref.all_methods if ref.all_methods is not None else ref.methods
    method_codes = {m[0] for m in all_methods}
    expected = _per_value(df["year_n"], lambda c: _map_unique(c, lambda y: _method_for(y, ref.methods)))
    known_method = _per_value(df["method"], lambda c: c.isin(method_codes), codes["method"])
    df["method_n"] = df["method"].where(df["method"] != "", expected)
    report((df["method"] != "") & ~known_method, "import.unknown_method", "method",
           "method", allowed=", ".join(sorted(method_codes)))
    other = (df["method"] != "") & known_method & df["year_n"].notna() & (df["method"] != expected)
    if other.any():
        usable = pd.Series([_method_usable(m, y, all_methods) for m, y in zip(df.loc[other, "method"],
                                                                               df.loc[other, "year_n"])],
                           index=df.index[other], dtype=bool)
        report(other & ~usable.reindex(df.index, fill_value=True), "import.method_year", "method", "method",
               year=df["year"].iloc[0] if len(df) else "")
        for i in usable.index[usable.to_numpy()]:
            warnings.append(Problem("import.method_not_default", int(df.at[i, "_row"]), "method",
                                    {"method": df.at[i, "method"], "year": df.at[i, "year"],
                                     "default": expected.at[i] or "–"}))
    # (the year in that message is filled per row below)
    for p in problems:
        if p.key == "import.method_year":
            p.params["year"] = str(df.loc[df["_row"] == p.row, "year"].iloc[0])

    # confidence (optional)
    folded_conf = _map_unique(df["confidence"], lambda c: c.strip().lower())
    df["confidence_n"] = folded_conf.map(CONFIDENCE_VALUES)
    report(~folded_conf.isin(list(CONFIDENCE_VALUES)), "import.bad_confidence", "confidence", "confidence",
           allowed="high, medium")

    # source url
    url_ok = _per_value(df["source_url"], lambda c: c.str.match(r"^(https?://\S+|urn:\S+)$"), codes["source_url"])
    report((df["source_url"] != "") & ~url_ok, "import.bad_url", "source_url", "source_url")

    # entity
    report(df["entity_code"] == "", "import.required", "entity_code")
    entities, entity_problems = _validate_entities(df, ref, bad, codes)
    if entity_problems:
        marked = bad.to_numpy(dtype=bool, copy=True)
        for pos, p in entity_problems:
            problems.append(p)
            marked[pos] = True
        bad = pd.Series(marked, index=df.index)

    # duplicates within the file: same key twice
    key = ["entity_code", "year_n", "measure", "value_n"]
    kept = ~bad.to_numpy(dtype=bool)
    ok = df if kept.all() else df[kept]  # (df is this function's own copy)
    ok["value_n"] = ok["value_n"].fillna("")
    # (ok.duplicated(key), from the codes already found: the strings are not hashed again)
    same_key = _combined([codes["entity_code"][0][kept]] + [pd.factorize(ok[c], use_na_sentinel=False)[0]
                                                             for c in key[1:]])
    dup = pd.Series(same_key, index=ok.index).duplicated(keep=False)
    if dup.any():
        groups = ok[dup].groupby(key, sort=False, dropna=False)
        drop = []
        for _, g in groups:
            first = g.iloc[0]
            same = (g["score_n"] == first["score_n"]) & (
                g["respondents_n"].fillna(-2) == (first["respondents_n"] if pd.notna(first["respondents_n"]) else -2)
            )
            for i, row in g.iloc[1:].iterrows():
                if same.loc[i]:
                    warnings.append(Problem("import.duplicate_identical", int(row["_row"]), None,
                                            {"other": int(first["_row"])}))
                    drop.append(i)
                else:
                    problems.append(Problem("import.conflict", int(row["_row"]), row["_score_col"],
                                            {"other": int(first["_row"])}))
        ok = ok.drop(index=drop)

    problems.sort(key=lambda p: (p.row or 0, p.column or ""))
    clean = pd.DataFrame({
        "entity_code": ok["entity_code"],
        "year": ok["year_n"].astype("int64") if len(ok) else pd.Series([], dtype="int64"),
        "measure": ok["measure"],
        "value_code": ok["value_n"].replace("", None),
        "score": ok["score_n"].astype(float),
        "respondents": ok["respondents_n"].astype("Int64"),
        "method": ok["method_n"],
        "source_url": ok["source_url"],
        "note": ok["note"],
        "confidence": ok["confidence_n"],
        "_row": ok["_row"],
    }).reset_index(drop=True)
    if not problems:
        warnings.extend(_index_mean_warnings(clean))
    return clean, entities, problems, warnings


class _Codes(dict):
    """Per column of a frame, (each row's code, the distinct cells), found once and shared by the
    checks. A column changed after it was asked for must be popped."""

    def __init__(self, frame: pd.DataFrame):
        super().__init__()
        self.frame = frame

    def __missing__(self, column):
        found = self[column] = pd.factorize(self.frame[column], use_na_sentinel=False)
        return found


def _combined(codes: list[np.ndarray]) -> np.ndarray:
    """One number per distinct combination of the given codes (each from pd.factorize)."""
    key = np.asarray(codes[0], dtype=np.int64)
    bound = int(key.max()) + 1 if len(key) else 1
    for more in codes[1:]:
        width = int(more.max()) + 1 if len(more) else 1
        if bound * width >= 1 << 62:  # renumber first, so that the key cannot overflow
            key = pd.factorize(key)[0]
            bound = int(key.max()) + 1 if len(key) else 1
        key = key * width + more
        bound *= width
    return key


def _per_value(cells: pd.Series, func, factorized: tuple | None = None) -> pd.Series:
    """func(cells) for a vectorised func of each cell alone, computed on the distinct cells only
    and spread back: a file repeats its years, scores and counts many times. factorized:
    pd.factorize(cells, use_na_sentinel=False), if already found."""
    codes, distinct = factorized or pd.factorize(cells, use_na_sentinel=False)
    if 2 * len(distinct) > len(cells):  # hardly any repeats: not worth the detour
        return func(cells)
    distinct = pd.Series(distinct, name=cells.name)
    out = func(distinct)
    if out.dtype == cells.dtype and out.equals(distinct):  # func changes no cell: no new column
        return cells.rename(out.name)
    return pd.Series(out.array.take(codes), index=cells.index, name=out.name)


def _map_unique(cells: pd.Series, func) -> pd.Series:
    """func over each distinct cell once (a file repeats its codes and years many times)."""
    table = {v: func(v) for v in cells.unique()}
    return cells.map(table)


def _method_usable(method: str, year, methods) -> bool:
    """A method named by a row for a year other than its default range: usable from its first
    year on (an instrument can be reused later, never before it existed). A method with an empty
    range (INTERNAL) is never usable in a national file."""
    for code, first, last in methods:
        if code == method:
            return first <= (last if last is not None else 9999) and year >= first
    return False


def _method_for(year, methods):
    if pd.isna(year):
        return None
    for code, first, last in methods:
        if year >= first and (last is None or year <= last):
            return code
    return None


def _positions_by_value(values: np.ndarray, positions: np.ndarray) -> dict:
    """Each distinct value of values[positions] -> its positions (ascending), in order of first
    appearance: one pass, not one comparison of the whole column per value."""
    codes, uniques = pd.factorize(values[positions])
    order = np.argsort(codes, kind="stable")
    ends = np.cumsum(np.bincount(codes, minlength=len(uniques)))[:-1]
    return dict(zip(uniques, np.split(positions[order], ends)))


PEMDA_CODE = re.compile(r"\d{2}(\.\d{2})?")


def _validate_entities(df: pd.DataFrame, ref: Reference, bad: pd.Series, codes: _Codes | None = None):
    """Per distinct entity code: known Kemendagri codes, consistent names and levels, new K/L and
    units fully described, units with an existing parent. Returns the entities and the problems,
    each with the positions of the rows it makes bad."""
    problems: list[tuple[np.ndarray, Problem]] = []
    pemda = {c: (n, lv) for c, n, lv in zip(ref.pemda["code"], ref.pemda["name"], ref.pemda["level"])}
    e = ref.entities
    known = dict(zip(e["code"], zip(e["name"], e["level"], e["parent_code"], e["region_code"])))
    codes = _Codes(df) if codes is None else codes
    df["level_n"] = _per_value(df["entity_level"],
                               lambda c: _map_unique(c.str.lower(), lambda s: LEVEL_ALIASES.get(s, s)),
                               codes["entity_level"])
    bad_arr = bad.to_numpy(dtype=bool)
    row_arr = df["_row"].to_numpy()

    def fail(pos, key, column, value=None, /, **params):
        pos = pos[~bad_arr[pos]]
        if len(pos) == 0:
            return
        params = dict(params)
        if value is not None:
            params["value"] = _show(value)
        params["more_rows"] = len(pos) - 1
        problems.append((pos, Problem(key, int(row_arr[pos[0]]), column, params)))

    # The level of every row must be a known level (or empty for a known code).
    bad_level = _per_value(df["level_n"], lambda c: (c != "") & ~c.isin(LEVELS)).to_numpy(dtype=bool)
    wrong = np.flatnonzero(bad_level & ~bad_arr)
    if len(wrong):
        for value, pos in _positions_by_value(df["entity_level"].to_numpy(dtype=object), wrong).items():
            fail(pos, "import.unknown_level", "entity_level", value, allowed=", ".join(LEVELS))

    # Per code, its distinct names, levels and parents, from the (few) distinct descriptions.
    use = np.flatnonzero(~bad_arr & (df["entity_code"] != "").to_numpy(dtype=bool) & ~bad_level)
    # One row per distinct (code, name, level as written, parent), from the codes already found:
    # the level as written is at least as fine as level_n, and the sets below merge the rest.
    written = ["entity_code", "entity_name", "entity_level", "parent_code"]
    first = ~pd.Series(_combined([codes[c][0][use] for c in written])).duplicated().to_numpy()
    described = df[["entity_code", "entity_name", "level_n", "parent_code"]].iloc[use[first]]
    seen: dict[str, tuple[set, set, set]] = {}
    for code, name, level, parent in zip(*(described[c].to_numpy(dtype=object) for c in described.columns)):
        names, levels, parents = seen.setdefault(code, (set(), set(), set()))
        if name:
            names.add(name)
        if level:
            levels.add(level)
        if parent:
            parents.add(parent)

    # Failures are decided per code; their rows are found afterwards, for the failing codes only.
    # rows: "all" the code's rows, or only the "national" ones, the "named" ones or ("level", x).
    pending: list[tuple[str, str | tuple, tuple, dict]] = []

    def later(subject, rows, /, *args, **params):
        pending.append((subject, rows, args, params))

    rows_out = []
    for code, (names, levels, parents) in seen.items():
        if len(levels) > 1:
            later(code, "all", "import.inconsistent_level", "entity_level", code, levels=", ".join(sorted(levels)))
            continue
        if len(names) > 1 and len({_name_key(n) for n in names}) > 1:
            later(code, "all", "import.inconsistent_name", "entity_name", code, names=" / ".join(sorted(names)))
            continue
        name = next(iter(names), "")
        level = next(iter(levels), "")
        if code == NATIONAL_CODE or level == "nasional":
            if code != NATIONAL_CODE or level not in ("", "nasional"):
                later(code, "national", "import.national_code", "entity_code", code, code=NATIONAL_CODE)
                continue
            rows_out.append((code, "Nasional", "nasional", None, None))
            continue
        if code in pemda:
            ref_name, ref_level = pemda[code]
            if level and level != ref_level:
                later(code, ("level", level), "import.level_mismatch", "entity_level", level, code=code,
                      expected=ref_level)
                continue
            if name and not names_match(name, ref_name, ref_level):
                later(code, "named", "import.name_mismatch", "entity_name", name, code=code, expected=ref_name)
                continue
            rows_out.append((code, ref_name, ref_level, None, code.split(".")[0]))
            continue
        if level in PEMDA_LEVELS or PEMDA_CODE.fullmatch(code):
            later(code, "all", "import.unknown_pemda_code", "entity_code", code)
            continue
        if code in known:
            k_name, k_level, k_parent, k_region = known[code]
            if level and level != k_level:
                later(code, ("level", level), "import.level_mismatch", "entity_level", level, code=code,
                      expected=k_level)
                continue
            if k_level == "unit" and parents and parents != {k_parent}:
                later(code, "all", "import.parent_mismatch", "parent_code", next(iter(parents)), code=code,
                      expected=k_parent)
                continue
            rows_out.append((code, k_name, k_level, k_parent, k_region))
            continue
        # A new K/L or unit: the row must describe it.
        if not name:
            later(code, "all", "import.new_needs_name", "entity_name", code, code=code)
            continue
        if level not in ("kementerian", "lembaga", "unit"):
            later(code, "all", "import.new_needs_level", "entity_level", level or "", code=code)
            continue
        parent = next(iter(parents), None)
        if level == "unit":
            if not parent:
                later(code, "all", "import.unit_needs_parent", "parent_code", code, code=code)
                continue
            if len(parents) > 1:
                later(code, "all", "import.inconsistent_parent", "parent_code", code, code=code)
                continue
        rows_out.append((code, name, level, parent if level == "unit" else None, None))

    entities = pd.DataFrame(rows_out, columns=["code", "name", "level", "parent_code", "region_code"])
    # Units need a parent that exists, in the database or in this file (and is not a unit).
    defined = set(entities.loc[entities["level"] != "unit", "code"]) | set(
        e.loc[e["level"] != "unit", "code"]) | set(pemda)
    units = entities["level"] == "unit"
    for code, parent in zip(entities.loc[units, "code"], entities.loc[units, "parent_code"]):
        if parent not in defined:
            later(code, "all", "import.unknown_parent", "parent_code", parent, code=code)
    placed = units & entities["parent_code"].isin(defined)
    if placed.any():
        region = dict(zip(e["code"][::-1], e["region_code"][::-1]))  # the first of a code counts
        entities.loc[placed, "region_code"] = _map_unique(
            entities.loc[placed, "parent_code"],
            lambda p: p.split(".")[0] if PEMDA_CODE.fullmatch(p or "") else region.get(p))

    code_arr = df["entity_code"].to_numpy(dtype=object) if pending or problems else None
    if pending:
        level_arr = df["level_n"].to_numpy(dtype=object)
        failing = {code for code, *_ in pending}
        where = _positions_by_value(code_arr, np.flatnonzero(df["entity_code"].isin(failing).to_numpy()))
        name_arr = df["entity_name"].to_numpy(dtype=object)
        for code, rows, args, params in pending:
            pos = where[code]
            if rows == "national":
                pos = pos if code == NATIONAL_CODE else pos[level_arr[pos] == "nasional"]
            elif rows == "named":
                pos = pos[name_arr[pos] != ""]
            elif rows != "all":
                pos = pos[level_arr[pos] == rows[1]]
            fail(pos, *args, **params)
    bad_codes = {code_arr[pos[0]] for pos, _ in problems}
    entities = entities[~entities["code"].isin(bad_codes)]
    return entities, problems


def _index_mean_warnings(clean: pd.DataFrame) -> list[Problem]:
    """Where the file gives an overall index and all 7 values, they should agree up to rounding.
    Grouped by a number per entity and year, not by the strings (pandas' mean as before)."""
    impl = (clean["measure"] == "implementasi").to_numpy(dtype=bool)
    valued = clean["value_code"].notna().to_numpy(dtype=bool)
    year = clean["year"].to_numpy(dtype=np.int64)
    score = clean["score"].to_numpy(dtype=float)
    # Groups in the order of (entity_code, year), as grouping by the strings had them: pandas'
    # mean of a group can differ in the last bit with the order of the groups.
    key = pd.factorize(clean["entity_code"], sort=True)[0].astype(np.int64) * 4096 + year  # years < 4096
    values = pd.Series(score[impl & valued]).groupby(key[impl & valued]).agg(["mean", "count"])
    overall = np.flatnonzero(impl & ~valued)
    found = values.reindex(key[overall])
    mean, count = found["mean"].to_numpy(), found["count"].to_numpy()
    off = (count == len(VALUE_CODES)) & (np.abs(score[overall] - mean) > INDEX_MEAN_TOLERANCE)
    codes, rows = clean["entity_code"].to_numpy(dtype=object), clean["_row"].to_numpy()
    return [
        Problem("import.index_mean_mismatch", int(rows[i]), None,
                {"code": codes[i], "year": int(year[i]), "index": float(score[i]), "mean": float(m)})
        for i, m in zip(overall[off], mean[off])
    ]


# --- plan and write ------------------------------------------------------------------------

def new_report(dataset: str, file_name: str, content_checksum: str, *, dry_run: bool = False,
               allow_reserved: bool = False) -> ImportReport:
    """The report every import (scores, recognitions, survey, checklist, action plan) starts with:
    refused at once when the dataset may not be written."""
    report = ImportReport(dataset=dataset, file_name=file_name, checksum=content_checksum, dry_run=dry_run)
    if not dataset_writable(dataset, allow_reserved):
        report.problems.append(Problem("import.bad_dataset", params={"name": dataset or ""}))
    return report


def dataset_writable(dataset: str, allow_reserved: bool = False) -> bool:
    """A well-formed dataset name, and not one filled only by `init` (unless `allow_reserved`)."""
    return bool(DATASET_NAME.match(dataset or "")) and (dataset not in RESERVED_DATASETS or allow_reserved)


def take_plan(report: ImportReport, planned: pd.DataFrame) -> None:
    """The plan (each incoming row or unit with its status) and its counts, into the report."""
    report.plan = planned
    counts = planned["status"].value_counts()
    report.added = int(counts.get("added", 0))
    report.replaced = int(counts.get("replaced", 0))
    report.unchanged = int(counts.get("unchanged", 0))


def dataset_kind(dataset: str) -> str:
    """The kind a dataset gets when an import creates it."""
    return {"published": "published", "demo": "synthetic"}.get(dataset, "user")


def sources_frame(urls: pd.Series, import_urn: str, file_name: str, kind) -> pd.DataFrame:
    """The frame incoming_sources of queries/source_write.sql: each distinct url with its kind
    (`kind(url)`), the file name as the title of the import's own urn, the host as publisher."""
    frame = pd.DataFrame({"url": urls.unique()})
    frame["kind"] = frame["url"].map(kind)
    frame["title"] = np.where(frame["url"] == import_urn, file_name, None)
    frame["publisher"] = frame["url"].str.extract(r"^https?://(?:www\.)?([^/]+)", expand=False)
    return frame


@contextlib.contextmanager
def writing(con: duckdb.DuckDBPyConnection, report: ImportReport, query: str, *, who: str | None,
            content: bytes | None = None, **frames: pd.DataFrame):
    """All or nothing: one transaction (db.transaction, the frames registered) that writes the new
    entities (when `incoming_entities` is given), the new sources (`incoming_sources`), the
    dataset and the import log, then the import's own rows (queries/<query>.sql), and keeps the
    original file (`content`). The caller's block runs before the commit."""
    with db.transaction(con, **frames):
        if "incoming_entities" in frames:
            db.execute(con, "entity_write")
        if "incoming_sources" in frames:
            db.execute(con, "source_write")
        db.execute(con, "import_log_write", dataset=report.dataset, dataset_kind=dataset_kind(report.dataset),
                   who=who, file_name=report.file_name, checksum=report.checksum, added=report.added,
                   replaced=report.replaced, unchanged=report.unchanged,
                   file_size=None if content is None else len(content))
        report.import_id = db.latest_import_id(con)
        db.execute(con, query, dataset=report.dataset)
        if content is not None:
            db.execute(con, "import_store_file", import_id=report.import_id, file_name=report.file_name,
                       checksum=report.checksum, size=len(content), content=content)
        yield con


def source_kind(url: str, dataset: str) -> str:
    if url.startswith("urn:berakhlak:demo"):
        return "synthetic"
    if dataset == "published":
        return "news"
    if url.startswith("urn:berakhlak:import"):
        return "internal"
    return "official" if re.search(r"\.go\.id(/|$)", url) else "news"


def plan(con: duckdb.DuckDBPyConnection, dataset: str, clean: pd.DataFrame) -> pd.DataFrame:
    """Each incoming row with its status: added (new key), replaced (key exists, content
    differs) or unchanged."""
    # Registered frames are visible on this connection only, so the plan runs on it, not on a
    # cursor.
    # Only the new columns come back from DuckDB (turning a million rows of text back into a frame
    # is most of the cost); the rows are taken from `clean` in the order the plan gives.
    with db.registered(con, incoming=clean.assign(_pos=np.arange(len(clean)))):
        found = db.query_here(con, "import_plan", dataset=dataset)
    pos = found["_pos"].to_numpy()
    rows = clean if np.array_equal(pos, np.arange(len(clean))) else clean.take(pos)
    return rows.reset_index(drop=True).assign(
        **{c: found[c] for c in ("old_score", "old_respondents", "old_hidden", "status")})


def import_table(
    con: duckdb.DuckDBPyConnection,
    raw: pd.DataFrame,
    *,
    dataset: str,
    file_name: str,
    content_checksum: str,
    dry_run: bool = False,
    who: str | None = None,
    allow_reserved: bool = False,
    content: bytes | None = None,
) -> ImportReport:
    """Validate a table of strings and, when it has no problem (and not dry_run), write it in one
    transaction. `content`, the original file, is kept in the import log."""
    report = new_report(dataset, file_name, content_checksum, dry_run=dry_run, allow_reserved=allow_reserved)
    if report.problems:
        return report
    long, problems, warnings = to_long(raw)
    if report.stops(problems, warnings):
        return report
    clean, entities, problems, warnings = validate(long, Reference.load(con))
    report.rows = len(clean)
    if report.stops(problems, warnings):
        return report
    # Rows without a source get the import itself as their source: no number without one.
    import_urn = f"urn:berakhlak:import:{content_checksum[:16]}"
    clean["source_url"] = clean["source_url"].replace("", import_urn)
    take_plan(report, plan(con, dataset, clean))
    if dry_run:
        return report
    _write(con, report, entities, who, import_urn, content)
    return report


def _write(con, report: ImportReport, entities: pd.DataFrame, who, import_urn, content: bytes | None = None):
    """All or nothing: one transaction over entities, sources, scores, the derived index and the
    log."""
    planned, dataset = report.plan, report.dataset
    unchanged = (planned["status"] == "unchanged").to_numpy(dtype=bool)
    changed = planned[~unchanged] if unchanged.any() else planned  # (no copy of a new file)
    urls = sources_frame(planned["source_url"], import_urn, report.file_name, lambda u: source_kind(u, dataset))
    with writing(con, report, "import_write", who=who, content=content,
                 incoming_entities=entities, incoming_sources=urls, incoming=changed):
        if len(changed):
            db.execute(con, "refresh_entity_year", dataset=dataset)
        db.fault("before_commit")


def import_file(
    con: duckdb.DuckDBPyConnection,
    path: str | Path | None = None,
    *,
    dataset: str = "main",
    dry_run: bool = False,
    who: str | None = None,
    file_name: str | None = None,
    content: bytes | None = None,
    allow_reserved: bool = False,
    max_bytes: int | None = None,
) -> ImportReport:
    """Validate a CSV or XLSX file and, when it has no problem, import it into `dataset`. Never
    raises on the file's content: every problem is in the report. `max_bytes` (default
    $BERAKHLAK_MAX_UPLOAD_MB) refuses a larger file unread."""
    file_name = file_name or Path(path).name
    limits = Limits.default() if max_bytes is None else Limits(bytes=max_bytes)
    if content is None:
        too_big = check_path(path, limits)
        if too_big:  # refused unread
            return ImportReport(dataset=dataset, file_name=file_name, checksum="", dry_run=dry_run, problems=too_big)
        content = Path(path).read_bytes()
    raw, problems = read_table(content, file_name, limits=limits)
    if problems:
        return ImportReport(dataset=dataset, file_name=file_name, checksum=checksum(content),
                            dry_run=dry_run, problems=problems)
    from berakhlak.ingest import recognitions

    if recognitions.is_recognition_table(raw.columns):  # ranks and awards, not scores
        return recognitions.import_recognitions(con, content, file_name, dataset=dataset, dry_run=dry_run, who=who,
                                                allow_reserved=allow_reserved, raw=raw)
    return import_table(con, raw, dataset=dataset, file_name=file_name,
                        content_checksum=checksum(content), dry_run=dry_run, who=who,
                        allow_reserved=allow_reserved, content=content)


# --- rollback ------------------------------------------------------------------------------

class RollbackRefused(Exception):
    """A rollback that cannot be done; key and params say why, for the user."""

    def __init__(self, key: str, **params):
        super().__init__(key)
        self.key = key
        self.params = params


@dataclass
class RollbackReport:
    import_id: int
    dataset: str
    removed: int
    restored: int
    rollback_id: int


def rollback(con: duckdb.DuckDBPyConnection, import_id: int, who: str | None = None) -> RollbackReport:
    """Undo one import, in one transaction: the rows it added go, the rows it replaced come back.
    Refused for a rollback entry, an import already rolled back, the shipped datasets, and an
    import some of whose rows a later import has replaced (roll that one back first)."""
    entry = db.query_here(con, "import_entry", import_id=int(import_id))
    if entry.empty:
        raise RollbackRefused("rollback.unknown", import_id=import_id)
    e = entry.iloc[0]
    if e["kind"] != "import":
        raise RollbackRefused("rollback.not_an_import", import_id=import_id)
    if pd.notna(e["rolled_back_by"]):
        raise RollbackRefused("rollback.already", import_id=import_id, by=int(e["rolled_back_by"]))
    if e["dataset"] in RESERVED_DATASETS:
        raise RollbackRefused("rollback.reserved", import_id=import_id, dataset=e["dataset"])
    if pd.notna(e["blocked_by"]):
        raise RollbackRefused("rollback.blocked", import_id=import_id, later=int(e["blocked_by"]))
    removed, restored = int(e["rows_in_place"]), int(e["rows_to_restore"])
    with db.transaction(con):
        db.execute(con, "rollback_write", import_id=int(import_id), dataset=e["dataset"], who=who,
                   removed=removed, restored=restored)
        rollback_id = db.latest_import_id(con)
        db.execute(con, "refresh_entity_year", dataset=e["dataset"])
        db.fault("before_commit")
    return RollbackReport(int(import_id), e["dataset"], removed, restored, rollback_id)
