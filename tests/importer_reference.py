"""The importer's validation as it was before it was made fast: every check over every row, the
entity checks with one comparison of the whole code column per distinct code, the index-mean
warnings grouped by the strings. The reference the fast versions must agree with, message for
message. Test code only."""
from __future__ import annotations

import re

import pandas as pd

from berakhlak.i18n import fmt_int
from berakhlak.ingest.importer import (
    CONFIDENCE_VALUES,
    _method_usable,
    CONTROL,
    CONTROL_IN_NOTE,
    LEVEL_ALIASES,
    MAX_LENGTHS,
    Problem,
    Reference,
    _fold,
    _map_unique,
    _method_for,
    _name_key,
    _show,
    names_match,
    parse_count,
    parse_score,
    value_aliases,
)
from berakhlak.domain.rules import INDEX_MEAN_TOLERANCE, LEVELS, MEASURES, NATIONAL_CODE, PEMDA_LEVELS, VALUE_CODES, YEAR_RANGE


def reference_validate_entities(df: pd.DataFrame, ref: Reference, bad: pd.Series):
    """Per distinct entity code: known Kemendagri codes, consistent names and levels, new K/L and
    units fully described, units with an existing parent."""
    problems: list[tuple[pd.Series, Problem]] = []
    pemda = ref.pemda.set_index("code")
    known = ref.entities.set_index("code")
    df["level_n"] = df["entity_level"].str.lower().map(lambda s: LEVEL_ALIASES.get(s, s))

    def fail(mask, key, column, value=None, **params):
        idx = df.index[mask & ~bad]
        if len(idx) == 0:
            return
        first = idx[0]
        rows = df.loc[idx, "_row"].tolist()
        params = dict(params)
        if value is not None:
            params["value"] = _show(value)
        params["more_rows"] = len(rows) - 1
        problems.append((mask, Problem(key, int(df.at[first, "_row"]), column, params)))

    # The level of every row must be a known level (or empty for a known code).
    bad_level = (df["level_n"] != "") & ~df["level_n"].isin(LEVELS)
    for value in df.loc[bad_level & ~bad, "entity_level"].unique():
        fail(bad_level & (df["entity_level"] == value), "import.unknown_level", "entity_level", value,
             allowed=", ".join(LEVELS))

    rows_out = []
    for code, g in df[~bad & (df["entity_code"] != "") & ~bad_level].groupby("entity_code", sort=False):
        m = df["entity_code"] == code
        names = {n for n in g["entity_name"].unique() if n}
        levels = {lv for lv in g["level_n"].unique() if lv}
        parents = {p for p in g["parent_code"].unique() if p}
        if len(levels) > 1:
            fail(m, "import.inconsistent_level", "entity_level", code, levels=", ".join(sorted(levels)))
            continue
        if len({_name_key(n) for n in names}) > 1:
            fail(m, "import.inconsistent_name", "entity_name", code, names=" / ".join(sorted(names)))
            continue
        name = next(iter(names), "")
        level = next(iter(levels), "")
        if code == NATIONAL_CODE or level == "nasional":
            if code != NATIONAL_CODE or level not in ("", "nasional"):
                fail(m & ((df["level_n"] == "nasional") | (df["entity_code"] == NATIONAL_CODE)), "import.national_code",
                     "entity_code", code, code=NATIONAL_CODE)
                continue
            rows_out.append((code, "Nasional", "nasional", None, None))
            continue
        if code in pemda.index:
            ref_name, ref_level = pemda.at[code, "name"], pemda.at[code, "level"]
            if level and level != ref_level:
                fail(m & (df["level_n"] == level), "import.level_mismatch", "entity_level", level, code=code,
                     expected=ref_level)
                continue
            if name and not names_match(name, ref_name, ref_level):
                fail(m & (df["entity_name"] != ""), "import.name_mismatch", "entity_name", name, code=code,
                     expected=ref_name)
                continue
            region = code.split(".")[0]
            rows_out.append((code, ref_name, ref_level, None, region))
            continue
        if level in PEMDA_LEVELS or re.fullmatch(r"\d{2}(\.\d{2})?", code):
            fail(m, "import.unknown_pemda_code", "entity_code", code)
            continue
        if code in known.index:
            k = known.loc[code]
            if level and level != k["level"]:
                fail(m & (df["level_n"] == level), "import.level_mismatch", "entity_level", level, code=code,
                     expected=k["level"])
                continue
            if k["level"] == "unit" and parents and parents != {k["parent_code"]}:
                fail(m, "import.parent_mismatch", "parent_code", next(iter(parents)), code=code,
                     expected=k["parent_code"])
                continue
            rows_out.append((code, k["name"], k["level"], k["parent_code"], k["region_code"]))
            continue
        # A new K/L or unit: the row must describe it.
        if not name:
            fail(m, "import.new_needs_name", "entity_name", code, code=code)
            continue
        if level not in ("kementerian", "lembaga", "unit"):
            fail(m, "import.new_needs_level", "entity_level", level or "", code=code)
            continue
        parent = next(iter(parents), None)
        if level == "unit":
            if not parent:
                fail(m, "import.unit_needs_parent", "parent_code", code, code=code)
                continue
            if len(parents) > 1:
                fail(m, "import.inconsistent_parent", "parent_code", code, code=code)
                continue
        rows_out.append((code, name, level, parent if level == "unit" else None, None))

    entities = pd.DataFrame(rows_out, columns=["code", "name", "level", "parent_code", "region_code"])
    # Units need a parent that exists, in the database or in this file (and is not a unit).
    defined = set(entities.loc[entities["level"] != "unit", "code"]) | set(
        ref.entities.loc[ref.entities["level"] != "unit", "code"]) | set(pemda.index)
    for r in entities[entities["level"] == "unit"].itertuples():
        if r.parent_code not in defined:
            m = df["entity_code"] == r.code
            fail(m, "import.unknown_parent", "parent_code", r.parent_code, code=r.code)
        else:
            parent_region = _region_of(r.parent_code, entities, ref)
            entities.loc[entities["code"] == r.code, "region_code"] = parent_region
    bad_codes = {df.at[df.index[mask & ~bad][0], "entity_code"] for mask, _ in problems
                 if (mask & ~bad).any()}
    entities = entities[~entities["code"].isin(bad_codes)]
    return entities, problems


def _region_of(code: str, entities: pd.DataFrame, ref: Reference) -> str | None:
    if re.fullmatch(r"\d{2}(\.\d{2})?", code or ""):
        return code.split(".")[0]
    hit = ref.entities.loc[ref.entities["code"] == code, "region_code"]
    return hit.iloc[0] if len(hit) else None


def reference_index_mean_warnings(clean: pd.DataFrame) -> list[Problem]:
    """Where the file gives an overall index and all 7 values, they should agree up to rounding."""
    impl = clean[clean["measure"] == "implementasi"]
    overall = impl[impl["value_code"].isna()].set_index(["entity_code", "year"])
    values = impl[impl["value_code"].notna()].groupby(["entity_code", "year"])["score"].agg(["mean", "count"])
    both = overall.join(values, how="inner")
    both = both[both["count"] == len(VALUE_CODES)]
    off = both[(both["score"] - both["mean"]).abs() > INDEX_MEAN_TOLERANCE]
    # (not itertuples: it renames the `_row` column)
    return [
        Problem("import.index_mean_mismatch", int(row), None,
                {"code": code, "year": int(year), "index": float(score), "mean": float(mean)})
        for (code, year), row, score, mean in zip(off.index, off["_row"], off["score"], off["mean"])
    ]


def reference_validate(long: pd.DataFrame, ref: Reference) -> tuple[pd.DataFrame, pd.DataFrame, list[Problem], list[Problem]]:
    """Check every row. Returns the clean scores, the entities the file names, the problems and
    the warnings."""
    problems: list[Problem] = []
    warnings: list[Problem] = []
    df = long.copy()
    bad = pd.Series(False, index=df.index)
    text_columns = [c for c in MAX_LENGTHS if c in df.columns]

    seen: dict[str, pd.Series] = {}  # per column, the rows already reported

    def report(mask: pd.Series, key: str, column: str, value_col: str | None = None, **params):
        # Every problem of a row is reported, one per column: a row with a bad year and a bad score
        # gets both.
        nonlocal bad
        mask = mask & ~seen.get(column, pd.Series(False, index=df.index))
        seen[column] = seen.get(column, pd.Series(False, index=df.index)) | mask
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
        lengths = cells.str.len()
        too_long = (lengths > MAX_LENGTHS[col]) & ~bad
        for i in df.index[too_long]:
            column = df.at[i, "_score_col"] if col == "score" else col
            problems.append(Problem("import.too_long", int(df.at[i, "_row"]), column,
                                    {"length": fmt_int(int(lengths[i])), "limit": fmt_int(MAX_LENGTHS[col])}))
        bad |= too_long
        seen[col] = too_long.copy()
        pattern = CONTROL_IN_NOTE if col == "note" else CONTROL
        report(cells.str.contains(pattern), "import.control_chars", col)

    # year
    year_ok = df["year"].str.fullmatch(r"\d{4}")
    report(df["year"] == "", "import.required", "year")
    report(~year_ok & (df["year"] != ""), "import.bad_year", "year", "year")
    df["year_n"] = pd.to_numeric(df["year"].where(year_ok), errors="coerce")
    report(year_ok & ~df["year_n"].between(*YEAR_RANGE), "import.year_range", "year", "year",
           low=YEAR_RANGE[0], high=YEAR_RANGE[1])

    # score
    df["score_n"] = parse_score(df["score"])
    report(df["score"] == "", "import.required", "score")
    report(df["score"].str.startswith("="), "import.formula_cell", "score", "score")
    report(df["score_n"].isna() & (df["score"] != ""), "import.bad_number", "score", "score")
    report(df["score_n"].notna() & ~df["score_n"].between(0, 100), "import.score_range", "score", "score")

    # respondents
    df["respondents_n"] = parse_count(df["respondents"])
    report(df["respondents_n"].fillna(0) < 0, "import.bad_respondents", "respondents", "respondents")

    # measure and value
    df["measure"] = df["measure"].str.lower().replace("", "implementasi")
    report(~df["measure"].isin(MEASURES), "import.unknown_measure", "measure", "measure",
           allowed=", ".join(MEASURES))
    aliases = value_aliases()
    folded_value = _map_unique(df["value_code"], _fold)
    df["value_n"] = folded_value.map(aliases)
    report((df["value_code"] != "") & df["value_n"].isna(), "import.unknown_value", "value_code",
           "value_code", allowed=", ".join(VALUE_CODES))
    report(df["value_n"].notna() & (df["measure"] != "implementasi"), "import.value_needs_implementasi",
           "value_code", "measure")

    # method (a row may name a method other than its year's default, from its first year on:
    # a warning; migrations/0006)
    all_methods = ref.all_methods if ref.all_methods is not None else ref.methods
    method_codes = {m[0] for m in all_methods}
    expected = _map_unique(df["year_n"], lambda y: _method_for(y, ref.methods))
    df["method_n"] = df["method"].where(df["method"] != "", expected)
    report((df["method"] != "") & ~df["method"].isin(method_codes), "import.unknown_method", "method",
           "method", allowed=", ".join(sorted(method_codes)))
    other = ((df["method"] != "") & df["method"].isin(method_codes) & df["year_n"].notna()
             & (df["method"] != expected))
    usable = pd.Series([bool(o) and _method_usable(m, y, all_methods)
                        for o, m, y in zip(other, df["method"], df["year_n"])], index=df.index, dtype=bool)
    report(other & ~usable, "import.method_year", "method", "method",
           year=df["year"].iloc[0] if len(df) else "")
    for i in df.index[usable]:
        warnings.append(Problem("import.method_not_default", int(df.at[i, "_row"]), "method",
                                {"method": df.at[i, "method"], "year": df.at[i, "year"],
                                 "default": expected.at[i] or "–"}))
    # (the year in that message is filled per row below)
    for p in problems:
        if p.key == "import.method_year":
            p.params["year"] = str(df.loc[df["_row"] == p.row, "year"].iloc[0])

    # confidence
    folded_conf = df["confidence"].map(lambda c: c.strip().lower())
    df["confidence_n"] = folded_conf.map(CONFIDENCE_VALUES)
    report(~folded_conf.isin(list(CONFIDENCE_VALUES)), "import.bad_confidence", "confidence", "confidence",
           allowed="high, medium")

    # source url
    url_ok = df["source_url"].str.match(r"^(https?://\S+|urn:\S+)$")
    report((df["source_url"] != "") & ~url_ok, "import.bad_url", "source_url", "source_url")

    # entity
    report(df["entity_code"] == "", "import.required", "entity_code")
    entities, entity_problems = reference_validate_entities(df, ref, bad)
    for mask, p in entity_problems:
        problems.append(p)
        bad |= mask

    # duplicates within the file: same key twice
    key = ["entity_code", "year_n", "measure", "value_n"]
    ok = df[~bad].copy()
    ok["value_n"] = ok["value_n"].fillna("")
    dup = ok.duplicated(key, keep=False)
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
        warnings.extend(reference_index_mean_warnings(clean))
    return clean, entities, problems, warnings
