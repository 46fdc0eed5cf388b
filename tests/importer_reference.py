"""The importer's entity checks (one comparison of the whole code column per distinct code) and
index-mean warnings (grouped by the strings) as they were before they were made fast: the reference
the fast versions must agree with, message for message. Test code only."""
from __future__ import annotations

import re

import pandas as pd

from berakhlak.importer import LEVEL_ALIASES, Problem, Reference, _name_key, _show, names_match
from berakhlak.rules import INDEX_MEAN_TOLERANCE, LEVELS, NATIONAL_CODE, PEMDA_LEVELS, VALUE_CODES


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
