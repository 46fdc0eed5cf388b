"""The pandas-only baseline: the same computations as the named queries, done the way a pandas
dashboard would do them — every table loaded into memory once, then filtered, joined and grouped
in pandas on each view.

`IMPLEMENTATIONS[name](frames, **params)` returns the same rows as `queries/<name>.sql` (checked
by `same_result` in every benchmark run). A query without an entry here is reported as "no pandas
baseline registered"; add one when you add a query that pages run.

The pandas versions read the same tables as the SQL, derived ones included (entity_year with the
columns of migrations/0004, entity_year_source, dataset_entity): engine against engine on one
data model, not pandas against a schema DuckDB no longer uses. Minimum-respondent suppression is
the rule of migrations/0005 as entity_year stores it (`shown_up_to`; see `_flags`, and
`_family_shown_up_to` for the evaluation's units).
"""
from __future__ import annotations

import re

import numpy as np
import pandas as pd

TABLES = ("score", "entity_year", "entity_year_source", "dataset_entity", "entity", "value", "behaviour",
          "source", "method", "import_log", "import_file", "score_replaced", "dataset", "province", "regency",
          "eval_survey_unit", "eval_survey_behaviour", "eval_checklist", "action_item", "action_change",
          "recognition", "recognition_replaced", "national_coverage")

LEVEL_ORDER = {"nasional": 0, "provinsi": 1, "kabupaten": 2, "kota": 2, "kementerian": 3, "lembaga": 3}
VALUES = ("BP", "AK", "KO", "HA", "LO", "AD", "KL")


def load_frames(con) -> dict[str, pd.DataFrame]:
    """Every table the baseline needs, as pandas frames (through DuckDB's relational API)."""
    return {name: con.table(name).df() for name in TABLES}


def _half_up(x: pd.Series) -> pd.Series:
    """Half-up to one decimal, as the SQL macro does (decimal first, to drop float noise)."""
    scaled = (x.astype(float).round(6) * 10).to_numpy()
    return pd.Series(np.floor(scaled + 0.5) / 10, index=x.index)


def _lt(a: pd.Series, b) -> np.ndarray:
    """a < b, false where a is missing (SQL's coalesce(a < b, false))."""
    return (pd.to_numeric(a, errors="coerce") < b).fillna(False).to_numpy(dtype=bool)


def _flags(ey: pd.DataFrame, min_n: int) -> pd.DataFrame:
    """entity_year rows of a known entity with `suppressed` and `suppression` (migrations/0002,
    from the stored shown_up_to of migrations/0004)."""
    ey = ey[ey["level"].notna()]
    hidden = _lt(ey["shown_up_to"], min_n)
    primary = _lt(ey["respondents"], min_n)
    reason = np.where(primary, "respondents", np.where(hidden, "complementary", None))
    return ey.assign(suppressed=hidden, suppression=pd.Series(reason, index=ey.index, dtype=object))


def _shown(ey: pd.DataFrame, min_n: int) -> pd.DataFrame:
    """entity_year_shown(min_n): idx, index_basis, idx_shown and the 7 values emptied where
    suppressed."""
    out = _flags(ey, min_n)
    hide = out["suppressed"].to_numpy()
    return out.assign(**{c: out[c].where(~hide) for c in ("idx", "index_basis", "idx_shown", *VALUES)})


def _family_shown_up_to(n: pd.Series, keys: list[pd.Series]) -> pd.Series:
    """family_shown_up_to (migrations/0005) of each member of its family (rows grouped by `keys`,
    in the order given: smallest first, unknown last): least(n, greatest(first n, n before it)),
    with no cap where the first n is unknown."""
    n = pd.to_numeric(n, errors="coerce").astype(float)
    by = [k.to_numpy() for k in keys]
    first = n.groupby(by, sort=False, dropna=False).transform(lambda x: x.iloc[0])
    known = n.fillna(0.0)
    before = known.groupby(by, sort=False, dropna=False).cumsum() - known
    cap = np.where(first.isna(), np.nan, np.maximum(first, before))
    return pd.Series(np.fmin(n.to_numpy(), cap), index=n.index)


def _score_shown(f, min_n: int, s: pd.DataFrame) -> pd.DataFrame:
    """score_shown(min_n) over the score rows `s` (already filtered)."""
    ey = f["entity_year"]
    keys = ey[ey["dataset"].isin(s["dataset"].unique()) & ey["entity_code"].isin(s["entity_code"].unique())]
    flags = _flags(keys, min_n)[["dataset", "entity_code", "year", "suppressed"]]
    out = s.merge(flags, on=["dataset", "entity_code", "year"], how="left")
    keep = ~out["suppressed"].fillna(False).astype(bool).to_numpy() & ~_lt(out["respondents"], min_n)
    return out[keep].drop(columns="suppressed")


def _members(f, instansi: str) -> pd.Series:
    e = f["entity"]
    return e.loc[(e["code"] == instansi) | ((e["parent_code"] == instansi) & (e["level"] == "unit")), "code"]


def data_version(f):
    imp, ch = f["import_log"]["import_id"], f["action_change"]["change_id"]
    return pd.DataFrame({"version": [(int(imp.max()) if len(imp) else 0) * 1_000_000 + (int(ch.max()) if len(ch) else 0)]})


def latest_import_id(f):
    ids = f["import_log"]["import_id"]
    return pd.DataFrame({"import_id": [int(ids.max()) if len(ids) else None]})


def reference_loaded(f):
    return pd.DataFrame({"loaded": [len(f["value"]) > 0]})


def import_seen(f, dataset, checksum):
    log = f["import_log"]
    return pd.DataFrame({"seen": [bool(((log["dataset"] == dataset) & (log["checksum"] == checksum)).any())]})


def dataset_list(f):
    d = f["dataset"].copy()
    size = f["dataset_entity"].groupby("dataset")["n_scores"].sum()
    d["n_scores"] = d["name"].map(size).fillna(0).astype("int64")
    last = f["import_log"].groupby("dataset")["imported_at"].max()
    d["last_import"] = d["name"].map(last)
    d["_k"] = d["kind"].map({"user": 0, "published": 1}).fillna(2)
    d = d.sort_values(["_k", "last_import", "name"], ascending=[True, False, True], na_position="last")
    return d[["name", "kind", "created_at", "n_scores", "last_import"]].reset_index(drop=True)


def entities_with_data(f, dataset):
    d = f["dataset_entity"]
    d = d[d["dataset"] == dataset].sort_values("ord")
    return d.rename(columns={"entity_code": "code"})[
        ["code", "name", "level", "parent_code", "region_code", "parent_name"]].reset_index(drop=True)


def entity_list_all(f):
    return f["entity"].sort_values("code")[["code", "name", "level", "parent_code", "region_code"]].reset_index(drop=True)


def method_list(f):
    return f["method"].sort_values(["first_year", "code"]).reset_index(drop=True)


def value_list(f):
    return f["value"].sort_values("ord")[["code", "ord", "name_id", "name_en"]].reset_index(drop=True)


def province_list(f):
    return f["province"].sort_values("code")[["code", "name", "batch"]].reset_index(drop=True)


def value_behaviours(f, value):
    b = f["behaviour"]
    b = b[b["value_code"] == value].merge(f["value"], left_on="value_code", right_on="code")
    return b.sort_values("ord_x").rename(columns={"ord_x": "ord"})[
        ["ord", "text_id", "text_en", "name_id", "name_en"]].reset_index(drop=True)


def reference_pemda(f):
    p = f["province"][["code", "name"]].assign(level="provinsi")
    r = f["regency"][["code", "name"]].copy()
    r["level"] = np.where(r["name"].str.startswith("Kota "), "kota", "kabupaten")
    return pd.concat([p, r], ignore_index=True)


def entity_years(f, dataset, entity):
    s = f["entity_year_source"]
    years = s.loc[(s["dataset"] == dataset) & (s["entity_code"] == entity), "year"].unique()
    return pd.DataFrame({"year": np.sort(years)})


def entity_year_index(f, dataset, entity, year, min_respondents):
    e = f["entity"]
    e = e[e["code"] == entity][["code", "name", "level", "parent_code", "region_code"]]
    ey = f["entity_year"]
    ey = _shown(ey[(ey["dataset"] == dataset) & (ey["entity_code"] == entity) & (ey["year"] == year)],
                min_respondents)
    ey = ey[["entity_code", "year", "idx", "index_basis", "n_values", "respondents", "method", "suppressed",
             "suppression"]]
    m = f["method"]
    m = m.loc[(m["first_year"] <= year) & (m["last_year"].fillna(9999) >= year) & m["year_default"], ["code"]]
    out = e.merge(ey, left_on="code", right_on="entity_code", how="left").drop(columns="entity_code")
    out = out.merge(m.rename(columns={"code": "_m"}), how="cross") if len(m) else out.assign(_m=None)
    out["method"] = out["method"].fillna(out["_m"])
    out["suppressed"] = out["suppressed"].fillna(False).astype(bool)
    out = out.rename(columns={"code": "entity_code", "name": "entity_name"})
    return out[["entity_code", "entity_name", "level", "parent_code", "region_code", "year", "idx",
                "index_basis", "n_values", "respondents", "method", "suppressed", "suppression"]].reset_index(drop=True)


def _scores(f, dataset, entity, year):
    s = f["score"]
    return s[(s["dataset"] == dataset) & (s["entity_code"] == entity) & (s["year"] == year)]


def entity_value_scores(f, dataset, entity, year, min_respondents):
    s = _score_shown(f, min_respondents, _scores(f, dataset, entity, year))
    s = s[s["measure"] == "implementasi"]
    out = s.merge(f["value"], left_on="value_code", right_on="code")
    out = out.merge(f["source"][["source_id", "url"]], on="source_id", how="left")
    out = out.sort_values("ord").rename(columns={"url": "source_url"})
    return out[["value_code", "ord", "name_id", "name_en", "score", "respondents", "method",
                "source_url"]].reset_index(drop=True)


def entity_measures(f, dataset, entity, year, min_respondents):
    s = _score_shown(f, min_respondents, _scores(f, dataset, entity, year))
    s = s[(s["measure"] != "implementasi") & s["value_code"].isna()]
    out = s.merge(f["source"][["source_id", "url"]], on="source_id", how="left")
    out = out.sort_values("measure").rename(columns={"url": "source_url"})
    return out[["measure", "score", "source_url"]].reset_index(drop=True)


def entity_index_history(f, dataset, entity, min_respondents):
    ey = f["entity_year"]
    ey = _shown(ey[(ey["dataset"] == dataset) & (ey["entity_code"] == entity)], min_respondents)
    ey = ey[ey["idx"].notna()]
    return ey.sort_values("year")[["year", "idx", "index_basis", "method", "respondents"]].reset_index(drop=True)


def national_index_history(f, dataset, min_respondents):
    ey = f["entity_year"]
    ey = _shown(ey[(ey["dataset"] == dataset) & (ey["entity_code"] == "ID")], min_respondents)
    ey = ey[ey["idx"].notna()]
    return ey.sort_values("year")[["year", "idx", "method"]].reset_index(drop=True)


def national_value_scores(f, dataset, year, min_respondents):
    s = _score_shown(f, min_respondents, _scores(f, dataset, "ID", year))
    s = s[s["measure"] == "implementasi"].merge(f["value"], left_on="value_code", right_on="code")
    return s.sort_values("ord")[["value_code", "ord", "score"]].reset_index(drop=True)


def entity_rank(f, dataset, entity, year, level, min_respondents):
    ey = f["entity_year"]
    peers = _shown(ey[(ey["dataset"] == dataset) & (ey["year"] == year) & (ey["level"] == level)], min_respondents)
    peers = peers[peers["idx"].notna()]
    me = peers.loc[peers["entity_code"] == entity, ["idx_shown", "method"]]
    in_level = int((f["entity"]["level"] == level).sum())
    if me.empty:
        return pd.DataFrame({"position": pd.Series(dtype="int64"), "of": pd.Series(dtype="int64"),
                             "in_level": pd.Series(dtype="int64")})
    peers = peers[peers["method"] == me.iloc[0]["method"]]  # same method only (migrations/0006)
    return pd.DataFrame({"position": [int((peers["idx_shown"] > me.iloc[0]["idx_shown"]).sum()) + 1],
                         "of": [len(peers)], "in_level": [in_level]})


def entity_series(f, dataset, entities, min_respondents):
    ey = f["entity_year"]
    ey = _shown(ey[(ey["dataset"] == dataset) & ey["entity_code"].isin(entities)], min_respondents)
    e = f["entity"][["code", "name", "level", "parent_code", "region_code"]]
    out = ey.drop(columns=["level", "parent_code"]).merge(e, left_on="entity_code", right_on="code")
    first = {}
    for i, c in enumerate(entities):
        first.setdefault(c, i)
    out["_pos"] = out["entity_code"].map(first)
    out = out.sort_values(["_pos", "year"]).rename(columns={"name": "entity_name", "region_code": "province_code"})
    out["status"] = np.where(out["suppressed"], "hidden", "ok")
    return out[["entity_code", "entity_name", "level", "parent_code", "province_code", "year", "method",
                "respondents", "idx", "index_basis", *VALUES, "suppressed", "suppression",
                "status"]].reset_index(drop=True)


def level_years(f, dataset, levels, min_respondents):
    ey = _shown(f["entity_year"], min_respondents)
    years = ey.loc[(ey["dataset"] == dataset) & ey["level"].isin(levels), "year"].unique()
    return pd.DataFrame({"year": np.sort(years)})


def level_scores(f, dataset, year, levels, indicator, batch, province, min_respondents):
    e = f["entity"]
    ent = e[e["level"].isin(levels)][["code", "name", "level", "region_code"]].merge(
        f["province"][["code", "name", "batch"]].rename(columns={"code": "region_code", "name": "province_name"}),
        on="region_code", how="left")
    if batch:
        ent = ent[ent["batch"] == batch]
    if province:
        ent = ent[ent["region_code"] == province]
    ent = ent.rename(columns={"code": "entity_code", "name": "entity_name", "region_code": "province_code"})
    ey = f["entity_year"]
    ey = _shown(ey[(ey["dataset"] == dataset) & (ey["year"] == year)], min_respondents)
    base = ent.merge(ey[["entity_code", "year", "idx", "index_basis", "respondents", "method", *VALUES,
                         "suppressed", "suppression"]], on="entity_code")
    col = "idx" if indicator == "IDX" else indicator if indicator in VALUES else None
    base["score"] = base[col] if col else np.nan
    base["status"] = np.where(base["suppressed"], "hidden", "ok")
    ranked = base["score"].notna()
    base["rank"] = _half_up(base["score"]).where(ranked).rank(method="min", ascending=False)
    base["of"] = int(ranked.sum())
    base["in_scope"] = len(ent)
    base = base.sort_values(["rank", "entity_name"], na_position="last")
    return base[["entity_code", "entity_name", "level", "province_code", "province_name", "batch", "year", "idx",
                 "index_basis", "respondents", "method", *VALUES, "score", "suppressed", "suppression", "status",
                 "rank", "of", "in_scope"]].reset_index(drop=True)


def level_ranking(f, dataset, year, level, min_respondents):
    ey = f["entity_year"]
    ey = _shown(ey[(ey["dataset"] == dataset) & (ey["year"] == year) & (ey["level"] == level)], min_respondents)
    ey = ey[ey["idx"].notna()]
    e = f["entity"]
    out = ey.merge(e[["code", "name", "level", "parent_code"]].rename(columns={"level": "_level", "parent_code": "_parent"}),
                   left_on="entity_code", right_on="code")
    parent = out["_parent"].map(e.set_index("code")["name"])
    unit = (out["_level"] == "unit") & parent.notna()
    out = out.assign(entity_name=out["name"].where(~unit, out["name"] + " — " + parent), idx=out["idx_shown"],
                     position=out["idx_shown"].rank(method="min", ascending=False).astype("int64"),
                     of=len(out), in_level=int((f["entity"]["level"] == level).sum()))
    out = out.sort_values(["position", "entity_name"])
    return out[["entity_code", "entity_name", "idx", "position", "of", "in_level"]].reset_index(drop=True)


def sources_shown(f, dataset, entities, years, all_measures):
    wanted = pd.DataFrame({"entity_code": list(entities), "year": [int(y) for y in years]})
    wanted["pos"] = np.arange(1, len(wanted) + 1, dtype="int32")
    wanted = wanted.groupby(["entity_code", "year"], as_index=False)["pos"].min()
    s = f["entity_year_source"]
    s = s[(s["dataset"] == dataset) & (s["implementasi"] | bool(all_measures))]
    out = s.merge(wanted, on=["entity_code", "year"]).merge(f["source"], on="source_id")
    out = out.merge(f["entity"][["code", "name"]].rename(columns={"code": "entity_code", "name": "entity_name"}),
                    on="entity_code", how="left")
    keys = ["url", "title", "publisher", "kind", "note", "entity_code", "entity_name", "year"]
    out = out.groupby(keys, dropna=False, as_index=False)["pos"].min()
    out = out.sort_values(["pos", "url", "note"], na_position="first")
    return out[[*keys, "pos"]].reset_index(drop=True)


def _sources_of(f, dataset, entities, years):
    s = f["entity_year_source"]
    s = s[s["dataset"] == dataset]
    if len(entities):
        s = s[s["entity_code"].isin(entities)]
    if len(years):
        s = s[s["year"].isin(years)]
    return s


def output_sources(f, dataset, entities, years):
    out = _sources_of(f, dataset, entities, years).merge(f["source"], on="source_id")
    out = out[["url", "title", "publisher", "kind"]].drop_duplicates()
    return out.sort_values(["kind", "url"]).reset_index(drop=True)


def output_methods(f, dataset, entities, years):
    present = _sources_of(f, dataset, entities, years)["year"].unique()
    m = f["method"]
    covers = [any(y >= first and (pd.isna(last) or y <= last) for y in present)
              for first, last in zip(m["first_year"], m["last_year"])]
    out = m[covers][["code", "name_id", "name_en", "first_year", "last_year"]]
    return out.sort_values("first_year").reset_index(drop=True)


def instansi_with_units(f, dataset):
    d = f["dataset_entity"]
    u = d[(d["dataset"] == dataset) & (d["level"] == "unit")]
    out = u.merge(f["entity"][["code", "name", "level"]], left_on="parent_code", right_on="code",
                  suffixes=("_u", ""))
    out = out.groupby(["code", "name", "level"], as_index=False)["entity_code"].nunique()
    out = out.rename(columns={"entity_code": "n_units"}).sort_values("name")
    return out[["code", "name", "level", "n_units"]].reset_index(drop=True)


def unit_family(f, dataset, parent, min_respondents):
    e = f["entity"]
    fam = e[(e["code"] == parent) | ((e["parent_code"] == parent) & (e["level"] == "unit"))]
    fam = fam.assign(is_parent=fam["code"] == parent)
    ey = f["entity_year"]
    ey = _shown(ey[ey["dataset"] == dataset], min_respondents)
    out = fam[["code", "name", "is_parent"]].merge(ey.drop(columns=["parent_code"]), left_on="code",
                                                   right_on="entity_code")
    out = out.assign(entity_code=out["code"], entity_name=out["name"],
                     parent_code=np.where(out["is_parent"], None, parent))
    out = out.sort_values(["year", "is_parent", "entity_name"], ascending=[True, False, True])
    return out[["entity_code", "entity_name", "is_parent", "parent_code", "year", "method", "respondents", "idx",
                "index_basis", *VALUES, "suppressed", "suppression"]].reset_index(drop=True)


def import_log_list(f):
    log = f["import_log"].copy()
    log["has_file"] = log["import_id"].isin(f["import_file"]["import_id"])
    log["dataset_kind"] = log["dataset"].map(f["dataset"].set_index("name")["kind"])
    log = log.sort_values("import_id", ascending=False)
    return log[["import_id", "kind", "dataset", "who", "imported_at", "file_name", "checksum", "file_size",
                "rows_added", "rows_replaced", "rows_unchanged", "rows_removed", "rolls_back", "rolled_back_by",
                "has_file", "dataset_kind"]].reset_index(drop=True)


def import_entry(f, import_id):
    log = f["import_log"]
    row = log[log["import_id"] == import_id].copy()
    row["dataset_kind"] = row["dataset"].map(f["dataset"].set_index("name")["kind"])
    s, r = f["entity_year_source"], f["score_replaced"]
    g, gr = f["recognition"], f["recognition_replaced"]  # recognitions imports (migrations/0006)
    row["rows_in_place"] = [int(s.loc[(s["dataset"] == d) & (s["import_id"] == i), "n_scores"].sum())
                            + int((g["import_id"] == i).sum())
                            for d, i in zip(row["dataset"], row["import_id"])]
    row["rows_to_restore"] = [int((r["replaced_by"] == i).sum()) + int((gr["replaced_by"] == i).sum())
                              for i in row["import_id"]]
    later = [pd.concat([r.loc[(r["import_id"] == i) & (r["replaced_by"] > i), "replaced_by"],
                        gr.loc[(gr["import_id"] == i) & (gr["replaced_by"] > i), "replaced_by"]])
             for i in row["import_id"]]
    row["blocked_by"] = [x.min() if len(x) else None for x in later]
    return row[["import_id", "kind", "dataset", "rolled_back_by", "dataset_kind", "rows_in_place",
                "rows_to_restore", "blocked_by"]].reset_index(drop=True)


# --- published facts (migrations/0006) --------------------------------------------------------

_REC = ["entity_code", "year", "awarded_by", "award", "value_code", "scope", "rank", "top_n", "of_total",
        "source_url", "publisher", "confidence"]


def _recognitions(f, dataset):
    r = f["recognition"]
    r = r[r["dataset"] == dataset].merge(f["source"][["source_id", "url", "publisher"]], on="source_id", how="left")
    r = r.rename(columns={"survey_year": "year", "url": "source_url"})
    order = f["value"].set_index("code")["ord"]
    return r.assign(_ord=r["value_code"].map(order).fillna(0))


def entity_recognitions(f, dataset, entity, year):
    r = _recognitions(f, dataset)
    r = r[(r["entity_code"] == entity) & ((year is None) or (r["year"] == year))]
    r = r.sort_values(["year", "_ord", "rank", "top_n", "award"], ascending=[False, True, True, True, True],
                      na_position="last")
    return r[_REC].reset_index(drop=True)


def recognitions_list(f, dataset, value, levels):
    r = _recognitions(f, dataset).merge(f["entity"][["code", "name", "level"]], left_on="entity_code", right_on="code")
    r = r.rename(columns={"name": "entity_name", "level": "entity_level"})
    if value:
        r = r[r["value_code"] == value]
    if len(levels):
        r = r[r["entity_level"].isin(levels)]
    r = r.sort_values(["year", "_ord", "rank", "top_n", "entity_name", "award"],
                      ascending=[False, True, True, True, True, True], na_position="last")
    return r[["entity_code", "entity_name", "entity_level", *_REC[1:]]].reset_index(drop=True)


def entity_caveats(f, dataset, entities, year, min_respondents):
    s = f["score"]
    s = s[(s["dataset"] == dataset) & s["entity_code"].isin(entities) & ((year is None) or (s["year"] == year))]
    s = _score_shown(f, min_respondents, s)
    s = s[(s["confidence"] == "medium") | (s["measure"] == "tidak_disebut")]
    out = s.merge(f["entity"][["code", "name"]], left_on="entity_code", right_on="code")
    out = out.merge(f["source"][["source_id", "url"]], on="source_id", how="left")
    out = out.rename(columns={"name": "entity_name", "url": "source_url"})
    out = out.assign(_v=out["value_code"].isna().map({True: 0, False: 1}))
    out = out.sort_values(["entity_code", "year", "measure", "_v", "value_code"])
    return out[["entity_code", "entity_name", "year", "measure", "value_code", "score", "method", "confidence", "note",
                "source_url"]].reset_index(drop=True)


def national_coverage(f, year):
    c = f["national_coverage"]
    c = c[c["year"] == year]
    order = {"instansi_participating": 1, "respondents": 2, "instansi_counted": 3}
    c = c.assign(_o=c["fact"].map(order).fillna(4)).sort_values("_o")
    return c[["year", "fact", "value", "source_url", "note_id", "note_en"]].reset_index(drop=True)


def import_file_content(f, import_id):
    x = f["import_file"]
    return x.loc[x["import_id"] == import_id, ["file_name", "checksum", "size", "content"]].reset_index(drop=True)


def export_withheld(f, dataset, min_respondents):
    s = f["entity_year_source"]
    s = s[s["dataset"] == dataset]
    ey = f["entity_year"]
    flags = _flags(ey[ey["dataset"] == dataset], min_respondents)[["entity_code", "year", "suppressed"]]
    s = s.merge(flags, on=["entity_code", "year"], how="left")
    out = s["suppressed"].fillna(False).astype(bool).to_numpy() | _lt(s["respondents"], min_respondents)
    return pd.DataFrame({"withheld": [int(s.loc[out, "n_scores"].sum())]})


# --- the internal evaluation and the action plan (migrations/0003) --------------------------

def eval_instansi_list(f, dataset):
    touched = pd.concat([t.loc[t["dataset"] == dataset, "entity_code"]
                         for t in (f["eval_survey_unit"], f["eval_checklist"], f["action_item"])]).unique()
    e = f["entity"]
    t = e[e["code"].isin(touched)]
    inst = np.unique(np.where(t["level"] == "unit", t["parent_code"], t["code"]).astype(str))
    out = e[e["code"].isin(inst)].copy()
    out["_k"] = out["level"].map({"provinsi": 1, "kabupaten": 2, "kota": 2, "kementerian": 3, "lembaga": 3}).fillna(4)
    return out.sort_values(["_k", "name"])[["code", "name", "level"]].reset_index(drop=True)


def eval_years(f, dataset, instansi):
    members = set(_members(f, instansi))
    years = pd.concat([t.loc[(t["dataset"] == dataset) & t["entity_code"].isin(members), "year"]
                       for t in (f["eval_survey_unit"], f["eval_checklist"], f["action_item"])]).unique()
    return pd.DataFrame({"year": np.sort(years)})


def _unit_index(f, dataset, year, units):
    """eval_unit_index (migrations/0003) for these units in one dataset-year, with the 7 value scores."""
    b = f["eval_survey_behaviour"]
    b = b[(b["dataset"] == dataset) & (b["year"] == year) & b["entity_code"].isin(units) & (b["answers"] > 0)]
    b = b.assign(score=(b["rating_sum"].astype(float) / b["answers"] - 1) / 4 * 100)
    v = b.groupby(["entity_code", "value_code"]).agg(n=("score", "size"), score=("score", "mean")).reset_index()
    v["score"] = v["score"].where(v["n"] == 3)
    wide = v.pivot(index="entity_code", columns="value_code", values="score").reindex(columns=list(VALUES))
    u = f["eval_survey_unit"]
    u = u[(u["dataset"] == dataset) & (u["year"] == year) & u["entity_code"].isin(units)]
    n_values = v.groupby("entity_code")["score"].count()
    mean = v.groupby("entity_code")["score"].mean()
    out = u[["entity_code", "respondents"]].copy()
    out["n_values"] = out["entity_code"].map(n_values).fillna(0)
    out["idx"] = out["entity_code"].map(mean).where(out["n_values"] == 7)
    return out, wide


def eval_scores(f, dataset, instansi, year, min_respondents, w_survey, partial_credit, today):
    e = f["entity"]
    unit = e[(e["parent_code"] == instansi) & (e["level"] == "unit")][["code", "name"]]
    idx, wide = _unit_index(f, dataset, year, unit["code"])
    s = unit.merge(idx, left_on="code", right_on="entity_code", how="left").drop(columns="entity_code")
    s["contributes"] = s["idx"].notna()
    order = s.sort_values(["contributes", "respondents", "code"], na_position="last", kind="stable")
    up_to = _family_shown_up_to(order["respondents"], [order["contributes"]]).reindex(s.index)
    up_to = up_to.where(s["contributes"], pd.to_numeric(s["respondents"], errors="coerce"))
    s["survey_status"] = np.select([s["respondents"].isna().to_numpy(), _lt(s["respondents"], min_respondents),
                                    _lt(up_to, min_respondents), s["idx"].isna().to_numpy()],
                                   ["no_data", "suppressed", "complementary", "incomplete"], "ok")
    s = s.join(wide, on="code")
    c = s[s["contributes"]]
    total = c["respondents"].sum()
    inst = {"respondents": total if len(c) else np.nan, "n_units": len(c)}
    for col in ("idx", *VALUES):
        inst[col] = (c["respondents"] * c[col]).sum(min_count=1) / total if len(c) and total else np.nan
    if inst["n_units"] == 0:
        inst_status = "no_data"
    elif inst["respondents"] < min_respondents:
        inst_status = "suppressed"
    else:
        inst_status = "ok"
    me = e[e["code"] == instansi]
    rows = []
    if len(me):
        rows.append({"sort": 0, "row_kind": "instansi", "entity_code": instansi, "entity_name": me["name"].iloc[0],
                     "respondents": inst["respondents"], "n_units": inst["n_units"], "survey_status": inst_status,
                     **{k: inst[k] for k in ("idx", *VALUES)}})
    for r in s.itertuples():
        rows.append({"sort": 1, "row_kind": "unit", "entity_code": r.code, "entity_name": r.name,
                     "respondents": r.respondents, "n_units": None, "survey_status": r.survey_status,
                     **{k: getattr(r, k) for k in ("idx", *VALUES)}})
    shown = pd.DataFrame(rows, columns=["sort", "row_kind", "entity_code", "entity_name", "respondents", "n_units",
                                        "survey_status", "idx", *VALUES])
    shown["survey_idx"] = shown["idx"].where(shown["survey_status"] == "ok")
    for col in VALUES:
        shown[col] = shown[col].where(shown["survey_status"].isin(["ok", "incomplete"]))
    chk = f["eval_checklist"]
    chk = chk[(chk["dataset"] == dataset) & (chk["year"] == year)]
    credit = chk["status"].map({"ada": 1.0, "sebagian": partial_credit}).fillna(0.0)
    chk = chk.assign(_w=chk["weight"] * credit)
    c = chk.groupby("entity_code").agg(inst_items=("status", "size"), inst_met=("status", lambda x: (x == "ada").sum()),
                                       inst_partial=("status", lambda x: (x == "sebagian").sum()),
                                       _w=("_w", "sum"), _t=("weight", "sum"))
    c["inst_score"] = 100 * c["_w"] / c["_t"]
    a = f["action_item"]
    a = a[(a["dataset"] == dataset) & (a["year"] == year)]
    late = (a["status"] != "hijau") & (a["due_date"] < pd.Timestamp(today))
    a = a.assign(n_merah=a["status"] == "merah", n_kuning=a["status"] == "kuning", n_hijau=a["status"] == "hijau",
                 n_overdue=late)
    act = a.groupby("entity_code")[["n_merah", "n_kuning", "n_hijau", "n_overdue"]].sum()
    total_act = act[act.index.isin([instansi, *unit["code"]])].sum()
    out = shown.join(c[["inst_score", "inst_items", "inst_met", "inst_partial"]], on="entity_code")
    out = out.join(act, on="entity_code")
    for k in ("n_merah", "n_kuning", "n_hijau", "n_overdue"):
        out[k] = np.where(out["row_kind"] == "instansi", total_act.get(k, 0), out[k])
        out[k] = out[k].fillna(0).astype("int64")
    for k in ("inst_items", "inst_met", "inst_partial"):
        out[k] = out[k].fillna(0).astype("int64")
    ords = dict(zip(f["value"]["code"], f["value"]["ord"]))
    weakest = []
    for _, r in out.iterrows():
        if r["survey_status"] != "ok":
            weakest.append(None)
            continue
        keys = [(float(_half_up(pd.Series([r[v]])).iloc[0]) * 100 + ords[v], v) for v in VALUES if pd.notna(r[v])]
        weakest.append(min(keys)[1] if keys else None)
    out["weakest_value"] = weakest
    out["combined"] = np.where(out["survey_idx"].notna() & out["inst_score"].notna(),
                               (w_survey * out["survey_idx"] + (100 - w_survey) * out["inst_score"]) / 100, np.nan)
    out["_len"] = out["entity_code"].str.len()
    out = out.sort_values(["sort", "_len", "entity_code"])
    return out[["row_kind", "entity_code", "entity_name", "respondents", "n_units", "survey_status", "survey_idx",
                *VALUES, "weakest_value", "inst_score", "inst_items", "inst_met", "inst_partial", "combined",
                "n_merah", "n_kuning", "n_hijau", "n_overdue"]].reset_index(drop=True)


def eval_sources(f, dataset, instansi, year):
    members = set(_members(f, instansi))
    parts = []
    for table, part in (("eval_survey_unit", "survey"), ("eval_checklist", "checklist")):
        t = f[table]
        ids = t.loc[(t["dataset"] == dataset) & (t["year"] == year) & t["entity_code"].isin(members), "import_id"]
        parts.append(pd.DataFrame({"import_id": ids.unique(), "part": part}))
    ids = pd.concat(parts).drop_duplicates()
    out = ids.merge(f["import_log"], on="import_id").merge(
        f["dataset"][["name", "kind"]].rename(columns={"name": "dataset", "kind": "dataset_kind"}), on="dataset")
    out = out.sort_values(["part", "imported_at"], ascending=[False, False])
    return out[["part", "import_id", "file_name", "who", "imported_at", "dataset_kind"]].reset_index(drop=True)


def eval_checklist_items(f, dataset, instansi, year):
    c = f["eval_checklist"]
    c = c[(c["dataset"] == dataset) & (c["year"] == year)]
    e = f["entity"][["code", "name", "level", "parent_code"]]
    out = c.merge(e, left_on="entity_code", right_on="code")
    out = out[(out["entity_code"] == instansi) | ((out["parent_code"] == instansi) & (out["level"] == "unit"))]
    out = out.assign(entity_name=out["name"], _u=(out["level"] == "unit").astype(int), _len=out["entity_code"].str.len())
    out = out.sort_values(["_u", "_len", "entity_code", "item_no"])
    return out[["entity_code", "entity_name", "level", "item_no", "criterion", "weight", "status", "evidence",
                "reviewer_note"]].reset_index(drop=True)


_SETDA = re.compile(r"[0-9]{2}\.B[1-9]")


def eval_demo_units(f):
    e = f["entity"]
    u = e[(e["level"] == "unit") & e["code"].map(lambda c: bool(_SETDA.fullmatch(c)))]
    return u.sort_values(["parent_code", "code"])[["code", "name", "parent_code"]].reset_index(drop=True)


def action_items(f, dataset, instansi, year, today):
    a = f["action_item"]
    a = a[(a["dataset"] == dataset) & (a["year"] == year)]
    e = f["entity"][["code", "name", "level", "parent_code"]]
    out = a.merge(e, left_on="entity_code", right_on="code")
    out = out[(out["entity_code"] == instansi) | ((out["parent_code"] == instansi) & (out["level"] == "unit"))]
    v = f["value"][["code", "name_id", "name_en", "ord"]].rename(
        columns={"code": "value_code", "name_id": "value_name_id", "name_en": "value_name_en", "ord": "value_ord"})
    out = out.merge(v, on="value_code", how="left")
    out["entity_name"] = out["name"]
    out["overdue"] = ((out["status"] != "hijau") & (out["due_date"] < pd.Timestamp(today))).fillna(False).astype(bool)
    out["_s"] = out["status"].map({"merah": 0, "kuning": 1}).fillna(2)
    out["_len"] = out["entity_code"].str.len()
    out = out.sort_values(["_s", "due_date", "_len", "entity_code", "item_id"], na_position="last")
    return out[["item_id", "entity_code", "entity_name", "level", "value_code", "value_name_id", "value_name_en",
                "value_ord", "action", "owner", "due_date", "status", "evidence", "reviewer_note", "created_at",
                "updated_at", "overdue"]].reset_index(drop=True)


def action_changes(f, dataset, instansi, year):
    c = f["action_change"]
    c = c[(c["dataset"] == dataset) & (c["year"] == year)]
    e = f["entity"][["code", "name", "level", "parent_code"]]
    out = c.merge(e, left_on="entity_code", right_on="code", how="left")
    out = out[(out["entity_code"] == instansi) | ((out["parent_code"] == instansi) & (out["level"] == "unit"))]
    out = out.assign(entity_name=out["name"]).sort_values(["changed_at", "change_id"], ascending=False)
    return out[["change_id", "changed_at", "who", "change", "field", "old_value", "new_value", "via", "item_id",
                "entity_code", "entity_name", "action"]].reset_index(drop=True)


_ITEM = ["item_id", "dataset", "entity_code", "year", "value_code", "action", "owner", "due_date", "status",
         "evidence", "reviewer_note"]


def action_item_get(f, item_id):
    a = f["action_item"]
    return a.loc[a["item_id"] == item_id, [*_ITEM, "created_at", "updated_at"]].reset_index(drop=True)


def action_items_of_dataset(f, dataset):
    a = f["action_item"]
    return a.loc[a["dataset"] == dataset, _ITEM].sort_values("item_id").reset_index(drop=True)


IMPLEMENTATIONS = {
    "data_version": data_version,
    "latest_import_id": latest_import_id,
    "reference_loaded": reference_loaded,
    "import_seen": import_seen,
    "dataset_list": dataset_list,
    "entities_with_data": entities_with_data,
    "entity_list_all": entity_list_all,
    "method_list": method_list,
    "value_list": value_list,
    "province_list": province_list,
    "value_behaviours": value_behaviours,
    "reference_pemda": reference_pemda,
    "entity_years": entity_years,
    "entity_year_index": entity_year_index,
    "entity_value_scores": entity_value_scores,
    "entity_measures": entity_measures,
    "entity_index_history": entity_index_history,
    "national_index_history": national_index_history,
    "national_value_scores": national_value_scores,
    "entity_rank": entity_rank,
    "entity_series": entity_series,
    "level_years": level_years,
    "level_scores": level_scores,
    "level_ranking": level_ranking,
    "sources_shown": sources_shown,
    "output_sources": output_sources,
    "output_methods": output_methods,
    "instansi_with_units": instansi_with_units,
    "unit_family": unit_family,
    "import_log_list": import_log_list,
    "import_entry": import_entry,
    "import_file_content": import_file_content,
    "export_withheld": export_withheld,
    "eval_instansi_list": eval_instansi_list,
    "eval_years": eval_years,
    "eval_scores": eval_scores,
    "eval_sources": eval_sources,
    "eval_checklist_items": eval_checklist_items,
    "eval_demo_units": eval_demo_units,
    "action_items": action_items,
    "action_changes": action_changes,
    "action_item_get": action_item_get,
    "action_items_of_dataset": action_items_of_dataset,
    "entity_recognitions": entity_recognitions,
    "recognitions_list": recognitions_list,
    "entity_caveats": entity_caveats,
    "national_coverage": national_coverage,
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
