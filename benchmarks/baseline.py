"""The pandas-only baseline: the same computations as the named queries, done the way a pandas
dashboard would do them — every table loaded into memory once, then filtered, joined and grouped
in pandas on each view.

`IMPLEMENTATIONS[name](frames, **params)` returns the same rows as `queries/<name>.sql` (checked
by `same_result` in every benchmark run). A query without an entry here is reported as "no pandas
baseline registered"; add one when you add a query that pages run.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

TABLES = ("score", "entity_year", "entity", "value", "source", "method", "import_log", "dataset",
          "province", "regency")

LEVEL_ORDER = {"nasional": 0, "provinsi": 1, "kabupaten": 2, "kota": 2, "kementerian": 3, "lembaga": 3}


def load_frames(con) -> dict[str, pd.DataFrame]:
    """Every table the baseline needs, as pandas frames (through DuckDB's relational API)."""
    return {name: con.table(name).df() for name in TABLES}


def _half_up(x: pd.Series) -> pd.Series:
    """Half-up to one decimal, as the SQL macro does (decimal first, to drop float noise)."""
    scaled = (x.astype(float).round(6) * 10).to_numpy()
    return pd.Series(np.floor(scaled + 0.5) / 10, index=x.index)


def data_version(f):
    ids = f["import_log"]["import_id"]
    return pd.DataFrame({"version": [int(ids.max()) if len(ids) else 0]})


def dataset_list(f):
    d = f["dataset"].copy()
    score, log = f["score"], f["import_log"]
    d["n_scores"] = [int((score["dataset"] == name).sum()) for name in d["name"]]
    last = log.groupby("dataset")["imported_at"].max()
    d["last_import"] = d["name"].map(last)
    d["_k"] = d["kind"].map({"user": 0, "published": 1}).fillna(2)
    d = d.sort_values(["_k", "last_import", "name"], ascending=[True, False, True], na_position="last")
    return d[["name", "kind", "created_at", "n_scores", "last_import"]].reset_index(drop=True)


def entities_with_data(f, dataset):
    s = f["score"]
    codes = s.loc[s["dataset"] == dataset, "entity_code"].unique()
    e = f["entity"]
    e = e[e["code"].isin(codes)].copy()
    e["_k"] = e["level"].map(LEVEL_ORDER).fillna(4)
    e = e.sort_values(["_k", "name"])
    return e[["code", "name", "level", "parent_code", "region_code"]].reset_index(drop=True)


def entity_list_all(f):
    return f["entity"].sort_values("code")[["code", "name", "level", "parent_code", "region_code"]].reset_index(drop=True)


def method_list(f):
    return f["method"].sort_values("first_year").reset_index(drop=True)


def value_list(f):
    return f["value"].sort_values("ord")[["code", "ord", "name_id", "name_en"]].reset_index(drop=True)


def reference_pemda(f):
    p = f["province"][["code", "name"]].assign(level="provinsi")
    r = f["regency"][["code", "name"]].copy()
    r["level"] = np.where(r["name"].str.startswith("Kota "), "kota", "kabupaten")
    return pd.concat([p, r], ignore_index=True)


def entity_years(f, dataset, entity):
    s = f["score"]
    years = s.loc[(s["dataset"] == dataset) & (s["entity_code"] == entity), "year"].unique()
    return pd.DataFrame({"year": np.sort(years)})


def entity_year_index(f, dataset, entity, year):
    e = f["entity"]
    e = e[e["code"] == entity]
    ey = f["entity_year"]
    ey = ey[(ey["dataset"] == dataset) & (ey["entity_code"] == entity) & (ey["year"] == year)]
    m = f["method"]
    m = m[(m["first_year"] <= year) & (m["last_year"].fillna(9999) >= year)]
    out = e.merge(ey, left_on="code", right_on="entity_code", how="left")
    out["method"] = out["method"].fillna(m["code"].iloc[0] if len(m) else None)
    out = out.rename(columns={"code": "entity_code_", "name": "entity_name"})
    out["entity_code"] = out["entity_code_"]
    return out[["entity_code", "entity_name", "level", "parent_code", "region_code", "year", "idx",
                "index_basis", "n_values", "respondents", "method"]].reset_index(drop=True)


def _scores(f, dataset, entity, year):
    s = f["score"]
    return s[(s["dataset"] == dataset) & (s["entity_code"] == entity) & (s["year"] == year)]


def entity_value_scores(f, dataset, entity, year):
    s = _scores(f, dataset, entity, year)
    s = s[s["measure"] == "implementasi"]
    out = s.merge(f["value"], left_on="value_code", right_on="code")
    out = out.merge(f["source"][["source_id", "url"]], on="source_id", how="left")
    out = out.sort_values("ord").rename(columns={"url": "source_url"})
    return out[["value_code", "ord", "name_id", "name_en", "score", "respondents", "method",
                "source_url"]].reset_index(drop=True)


def entity_measures(f, dataset, entity, year):
    s = _scores(f, dataset, entity, year)
    s = s[(s["measure"] != "implementasi") & s["value_code"].isna()]
    out = s.merge(f["source"][["source_id", "url"]], on="source_id", how="left")
    out = out.sort_values("measure").rename(columns={"url": "source_url"})
    return out[["measure", "score", "source_url"]].reset_index(drop=True)


def entity_sources(f, dataset, entity, year):
    s = f["score"]
    s = s[(s["dataset"] == dataset) & (s["year"] == year) & s["entity_code"].isin([entity, "ID"])]
    out = s.merge(f["source"], on="source_id")
    out = out[["url", "title", "publisher", "kind", "entity_code", "note"]].drop_duplicates()
    return out.sort_values(["entity_code", "url"], ascending=[False, True]).reset_index(drop=True)


def entity_index_history(f, dataset, entity):
    ey = f["entity_year"]
    ey = ey[(ey["dataset"] == dataset) & (ey["entity_code"] == entity) & ey["idx"].notna()]
    return ey.sort_values("year")[["year", "idx", "index_basis", "method", "respondents"]].reset_index(drop=True)


def national_index_history(f, dataset):
    ey = f["entity_year"]
    ey = ey[(ey["dataset"] == dataset) & (ey["entity_code"] == "ID") & ey["idx"].notna()]
    return ey.sort_values("year")[["year", "idx", "method"]].reset_index(drop=True)


def national_value_scores(f, dataset, year):
    s = _scores(f, dataset, "ID", year)
    s = s[s["measure"] == "implementasi"].merge(f["value"], left_on="value_code", right_on="code")
    return s.sort_values("ord")[["value_code", "ord", "score"]].reset_index(drop=True)


def entity_rank(f, dataset, entity, year, level, min_respondents):
    ey = f["entity_year"]
    ey = ey[(ey["dataset"] == dataset) & (ey["year"] == year) & ey["idx"].notna()]
    ey = ey[ey["respondents"].fillna(min_respondents) >= min_respondents]
    e = f["entity"]
    peers = ey.merge(e[e["level"] == level][["code"]], left_on="entity_code", right_on="code")
    position = _half_up(peers["idx"]).rank(method="min", ascending=False)
    hit = peers["entity_code"] == entity
    return pd.DataFrame({"position": position[hit].astype("int64").to_numpy(),
                         "of": np.full(int(hit.sum()), len(peers), dtype="int64")})


IMPLEMENTATIONS = {
    "data_version": data_version,
    "dataset_list": dataset_list,
    "entities_with_data": entities_with_data,
    "entity_list_all": entity_list_all,
    "method_list": method_list,
    "value_list": value_list,
    "reference_pemda": reference_pemda,
    "entity_years": entity_years,
    "entity_year_index": entity_year_index,
    "entity_value_scores": entity_value_scores,
    "entity_measures": entity_measures,
    "entity_sources": entity_sources,
    "entity_index_history": entity_index_history,
    "national_index_history": national_index_history,
    "national_value_scores": national_value_scores,
    "entity_rank": entity_rank,
}


def same_result(a: pd.DataFrame, b: pd.DataFrame) -> bool:
    """Same columns, same number of rows, same values in order (floats to 1e-9, NULLs alike)."""
    if list(a.columns) != list(b.columns) or len(a) != len(b):
        return False
    for col in a.columns:
        x, y = a[col].reset_index(drop=True), b[col].reset_index(drop=True)
        nx, ny = x.isna().to_numpy(), y.isna().to_numpy()
        if not (nx == ny).all():
            return False
        x, y = x[~nx], y[~ny]
        try:
            if not np.allclose(x.astype(float).to_numpy(), y.astype(float).to_numpy(), rtol=0, atol=1e-9):
                return False
        except (TypeError, ValueError):
            if not (x.astype(str).to_numpy() == y.astype(str).to_numpy()).all():
                return False
    return True


def same_rows(a: pd.DataFrame, b: pd.DataFrame) -> bool:
    """The same rows in any order (for queries whose ORDER BY leaves ties)."""
    if list(a.columns) != list(b.columns) or len(a) != len(b):
        return False
    key = [str(c) for c in a.columns]

    def canon(x):
        text = pd.DataFrame({c: np.where(x[c].isna(), "<NULL>", x[c].astype(str)) for c in x.columns})
        return text.sort_values(key).reset_index(drop=True)

    return bool((canon(a) == canon(b)).all().all())
