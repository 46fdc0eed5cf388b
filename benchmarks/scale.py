"""A deterministic, clearly synthetic dataset at **national scale**, for the benchmarks.

    python -m benchmarks.scale --db /tmp/perf-scale.duckdb [--units 20000] [--csv FILE [--rows N]]

What it holds (dataset ``skala``, kind ``synthetic``, every row with source ``urn:berakhlak:scale``
and the note ``data sintetis skala nasional (uji kinerja)``):

* about 630 instansi: the 38 provinces and 514 kabupaten/kota of the Kemendagri lists (real codes
  and names, invented scores) and 78 K/L with generic names ("Kementerian Contoh Skala 01",
  "Lembaga Contoh Skala 01"), as the national survey of 2022 targeted 632 instansi;
* about 20,000 internal units (OPD, bureaus, work units) with generic names ("Unit Contoh 017"),
  spread over the instansi: a province has ~45, a kabupaten/kota ~28, a K/L ~50;
* the national row;
* the years 2022–2026, with **every measure**: per entity-year the overall index
  (``implementasi``, no value), the 7 value scores and the 5 sub-indices — 13 scores, so about
  1.34 million scores in all;
* respondents: instansi sizes summing to about a million a year nationally; a unit gets a share of
  its instansi's respondents, so small units fall below the minimum of 5 as they do in real data;
* with `build_scale_database`, the synthetic internal evaluation of berakhlak/demo_eval.py (survey,
  evidence checklist, action plan) for the units of the 38 provinces (about 1,650), in the same
  dataset, so that the evaluation pages are measured at scale too.

The shape follows berakhlak/demo.py (a random-effects model: persistent instansi level and
instansi x value offsets, a yearly random walk with rare outlier steps, a method jump from 2024
when the BRIN-2024 instrument replaced ACT-2022; units scatter around their instansi). All draws
come from one ``numpy.random.default_rng(seed)`` in a fixed order and everything is vectorised, so
the full dataset is made in a few seconds.

The output is the canonical long import format (docs/data-formats.md), ordered as yearly national files
would arrive: by year, then entity, then measure and value. ``write_long_file`` writes its first
rows as a CSV for the import path; ``load_scale`` puts the whole frame into a database by a bulk
path (one INSERT ... SELECT over the registered frame, then the entity_year refresh), which is for
this generated, already valid data only: a user's file always goes through the importer.
"""
from __future__ import annotations

import argparse
import hashlib
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

from berakhlak.data import db
from berakhlak.data.demo import COLUMNS, SUB_INDICES, method_for_year
from berakhlak.domain.rules import NATIONAL_CODE, VALUE_CODES

SCALE_SEED = 20250630
SCALE_DATASET = "skala"
SCALE_SOURCE_URL = "urn:berakhlak:scale"
SCALE_SOURCE_TITLE = "Data sintetis skala nasional (uji kinerja)"
SCALE_NOTE = "data sintetis skala nasional (uji kinerja)"
SCALE_DESCRIPTION = "Synthetic national-scale data for the performance benchmarks (berakhlak/scale.py)"
YEARS = (2022, 2023, 2024, 2025, 2026)
N_KEMENTERIAN = 34
N_LEMBAGA = 44
N_UNITS = 20_000
IMPORT_FILE_ROWS = 1_000_000

# Per entity-year: the overall index, the 7 values, the 5 sub-indices (in this order).
ROW_MEASURES = ("implementasi",) * (1 + len(VALUE_CODES)) + SUB_INDICES
ROW_VALUES = (None,) + VALUE_CODES + (None,) * len(SUB_INDICES)
ROWS_PER_ENTITY_YEAR = len(ROW_MEASURES)  # 13

# --- model parameters (see demo.py for their meaning) ---------------------------------------
_VALUE_MEAN_2022 = np.array([57.9, 73.0, 56.7, 63.8, 65.8, 41.5, 69.4])
_JUMP_BY_VALUE = np.array([1.0, -2.5, 1.0, 0.0, -1.0, 3.0, -1.5])
_JUMP_MEAN, _JUMP_SD = 12.5, 2.5
_DRIFT = {2022: 0.0, 2023: 0.3, 2024: 0.0, 2025: 1.5, 2026: 1.0}
_LEVEL_SD, _VALUE_OFFSET_SD, _WALK_SD, _NOISE_SD = 3.5, 3.0, 2.2, 1.5
_OUTLIER_P, _OUTLIER_RANGE = 0.015, (10.0, 15.0)
_UNIT_LEVEL_SD, _UNIT_VALUE_SD, _UNIT_NOISE_SD, _UNIT_SUB_SD = 3.0, 2.0, 3.0, 2.5
_HEALTH_WEIGHTS = np.array([0.20, 0.35, 0.20, 0.25])  # invented; the real weights are unpublished
# Respondents of an instansi: log-uniform persistent size, +-10% a year. Chosen so that the
# national total is about a million a year (2023: 936,476 from 539 instansi).
_RESPONDENT_RANGE = {
    "provinsi": (1_500, 7_000),
    "kabupaten": (300, 2_800),
    "kota": (300, 2_800),
    "kementerian": (200, 12_000),
    "lembaga": (200, 12_000),
}
# Typical number of units per instansi (lognormal around it, sd 0.45 in logs).
_UNITS_PER = {"provinsi": 45.0, "kabupaten": 28.0, "kota": 28.0, "kementerian": 50.0, "lembaga": 50.0}


def _entities(provinces: pd.DataFrame, regencies: pd.DataFrame, n_units: int,
              rng: np.random.Generator) -> pd.DataFrame:
    """code, name, level, parent_code, region_code of every entity, in output order: the national
    row, the instansi (provinces, kabupaten/kota, K/L), then the units grouped by instansi."""
    prov = provinces.assign(code=provinces["code"].astype(str).str.strip(),
                            name=provinces["name"].astype(str).str.strip()).sort_values("code")
    reg = regencies.assign(code=regencies["code"].astype(str).str.strip(),
                           name=regencies["name"].astype(str).str.strip()).sort_values("code")
    n_kl = N_KEMENTERIAN + N_LEMBAGA
    inst = pd.DataFrame({
        "code": [*prov["code"], *reg["code"], *(f"KLS.{i:03d}" for i in range(1, n_kl + 1))],
        "name": [*(f"Pemerintah Provinsi {n}" for n in prov["name"]),
                 *(f"Pemerintah {n}" for n in reg["name"]),
                 *(f"Kementerian Contoh Skala {i:02d}" for i in range(1, N_KEMENTERIAN + 1)),
                 *(f"Lembaga Contoh Skala {i:02d}" for i in range(1, N_LEMBAGA + 1))],
        # the same rule as the reference_pemda query: a name that starts with "Kota " is a kota
        "level": ["provinsi"] * len(prov)
                 + ["kota" if n.startswith("Kota ") else "kabupaten" for n in reg["name"]]
                 + ["kementerian"] * N_KEMENTERIAN + ["lembaga"] * N_LEMBAGA,
        "parent_code": None,
        "region_code": [*prov["code"], *(c.split(".")[0] for c in reg["code"]), *([None] * n_kl)],
    })

    # Units per instansi: lognormal around the level's typical count, scaled to n_units exactly
    # (largest remainder).
    typical = inst["level"].map(_UNITS_PER).to_numpy()
    weight = typical * np.exp(rng.normal(0.0, 0.45, len(inst)))
    share = weight / weight.sum() * n_units
    counts = np.floor(share).astype(np.int64)
    counts[np.argsort(-(share - counts), kind="stable")[: n_units - counts.sum()]] += 1
    if counts.max() >= 1000:
        raise ValueError("too many units for one instansi (codes have 3 digits)")
    parent_row = np.repeat(np.arange(len(inst)), counts)
    ordinal = np.arange(n_units) - np.repeat(np.cumsum(counts) - counts, counts) + 1
    parent_code = inst["code"].to_numpy()[parent_row]
    ordinal_text = pd.Series(ordinal).map("{:03d}".format).to_numpy()
    units = pd.DataFrame({
        "code": pd.Series(parent_code, dtype=object) + ".U" + ordinal_text,
        "name": "Unit Contoh " + pd.Series(ordinal_text, dtype=object),
        "level": "unit",
        "parent_code": parent_code,
        "region_code": inst["region_code"].to_numpy()[parent_row],
    })
    national = pd.DataFrame([{"code": NATIONAL_CODE, "name": "Nasional", "level": "nasional",
                              "parent_code": None, "region_code": None}])
    out = pd.concat([national, inst, units], ignore_index=True)
    out["_parent_row"] = np.concatenate([[-1] * (1 + len(inst)), parent_row])  # row in inst
    return out


def generate_scale(provinces: pd.DataFrame, regencies: pd.DataFrame, *, n_units: int = N_UNITS,
                   years: tuple[int, ...] = YEARS, seed: int = SCALE_SEED) -> pd.DataFrame:
    """The national-scale synthetic dataset in the canonical long format (13 scores per
    entity-year), ordered by year, entity, measure and value. Deterministic for the same inputs."""
    rng = np.random.default_rng(seed)
    ent = _entities(provinces, regencies, n_units, rng)
    levels = ent["level"].to_numpy()
    inst_mask = (levels != "nasional") & (levels != "unit")
    n_inst, n_unit, n_years, n_values = int(inst_mask.sum()), n_units, len(years), len(VALUE_CODES)
    parent = ent["_parent_row"].to_numpy()[levels == "unit"]  # row of each unit's instansi
    brin = np.array([method_for_year(y) == "BRIN-2024" for y in years])
    drift = np.cumsum([_DRIFT.get(y, 1.0) for y in years])

    # instansi value scores (n_inst, T, V)
    level = rng.normal(0.0, _LEVEL_SD, n_inst)
    offset = rng.normal(0.0, _VALUE_OFFSET_SD, (n_inst, n_values))
    steps = rng.normal(0.0, _WALK_SD, (n_inst, n_years))
    steps[:, 0] = 0.0
    outlier = rng.random((n_inst, n_years)) < _OUTLIER_P
    outlier[:, 0] = False
    steps += np.where(outlier, np.where(rng.random((n_inst, n_years)) < 0.5, -1.0, 1.0)
                      * rng.uniform(*_OUTLIER_RANGE, (n_inst, n_years)), 0.0)
    walk_dev = np.cumsum(steps, axis=1)
    jump = (rng.normal(_JUMP_MEAN, _JUMP_SD, n_inst)[:, None] + _JUMP_BY_VALUE[None, :]
            + rng.normal(0.0, 1.5, (n_inst, n_values)))
    inst_raw = (_VALUE_MEAN_2022[None, None, :] + level[:, None, None] + offset[:, None, :]
                + (walk_dev + drift[None, :])[:, :, None] + brin[None, :, None] * jump[:, None, :]
                + rng.normal(0.0, _NOISE_SD, (n_inst, n_years, n_values)))

    # units around their instansi
    unit_raw = (inst_raw[parent] + rng.normal(0.0, _UNIT_LEVEL_SD, n_unit)[:, None, None]
                + rng.normal(0.0, _UNIT_VALUE_SD, (n_unit, n_values))[:, None, :]
                + rng.normal(0.0, _UNIT_NOISE_SD, (n_unit, n_years, n_values)))
    inst_values = np.round(np.clip(inst_raw, 0.0, 100.0), 2)
    unit_values = np.round(np.clip(unit_raw, 0.0, 100.0), 2)

    # sub-indices (n, T, 4) + the weighted total
    def sub_index(base, w_level, sd_own, sd_year, shift):
        return (base + w_level * (level[:, None] + walk_dev) + rng.normal(0.0, sd_own, n_inst)[:, None]
                + rng.normal(0.0, sd_year, (n_inst, n_years)) + brin[None, :] * shift)

    inst_parts = np.stack([sub_index(70.0, 0.6, 3.0, 2.0, 3.0), sub_index(89.5, 0.2, 1.2, 1.3, 1.0),
                           sub_index(68.0, 0.6, 3.0, 2.0, 3.0), sub_index(66.0, 0.6, 3.0, 2.0, 3.0)],
                          axis=-1)
    unit_parts = inst_parts[parent] + rng.normal(0.0, _UNIT_SUB_SD, (n_unit, n_years, 4))

    def with_total(parts):
        parts = np.clip(parts, 0.0, 100.0)
        return np.round(np.concatenate([parts, (parts @ _HEALTH_WEIGHTS)[..., None]], axis=-1), 2)

    inst_sub, unit_sub = with_total(inst_parts), with_total(unit_parts)

    # respondents: instansi sizes; units share their instansi's respondents
    inst_levels = levels[inst_mask]
    lo = np.array([_RESPONDENT_RANGE[lv][0] for lv in inst_levels], dtype=float)
    hi = np.array([_RESPONDENT_RANGE[lv][1] for lv in inst_levels], dtype=float)
    size = np.exp(rng.uniform(np.log(lo), np.log(hi)))
    inst_resp = np.rint(size[:, None] * rng.uniform(0.9, 1.1, (n_inst, n_years))).astype(np.int64)
    unit_weight = np.exp(rng.normal(0.0, 0.8, n_unit))
    unit_share = unit_weight / np.bincount(parent, unit_weight, minlength=n_inst)[parent]
    unit_resp = np.maximum(1, np.floor(unit_share[:, None] * inst_resp[parent]
                                       * rng.uniform(0.9, 1.1, (n_unit, n_years)))).astype(np.int64)

    # national: the mean over the instansi, the sum of their respondents
    nat_values = np.round(inst_values.mean(axis=0), 2)[None]
    nat_sub = np.round(inst_sub.mean(axis=0), 2)[None]
    nat_resp = inst_resp.sum(axis=0)[None]

    # (E, T, 13): index, 7 values, 5 sub-indices; the index is the mean of the 7 values shown
    values = np.concatenate([nat_values, inst_values, unit_values])
    subs = np.concatenate([nat_sub, inst_sub, unit_sub])
    index = np.round(values.mean(axis=2), 2)[..., None]
    scores = np.concatenate([index, values, subs], axis=2)
    resp = np.concatenate([nat_resp, inst_resp, unit_resp])  # (E, T)

    # long rows, year-major: (T, E, 13)
    n_e = len(ent)
    scores = scores.transpose(1, 0, 2).reshape(-1)
    year_i = np.repeat(np.arange(n_years), n_e * ROWS_PER_ENTITY_YEAR)
    ent_i = np.tile(np.repeat(np.arange(n_e), ROWS_PER_ENTITY_YEAR), n_years)
    slot = np.tile(np.arange(ROWS_PER_ENTITY_YEAR), n_years * n_e)
    has_resp = slot <= len(VALUE_CODES)  # the index and the values carry respondents
    resp_rows = resp.T.reshape(-1)[np.repeat(np.arange(n_years * n_e), ROWS_PER_ENTITY_YEAR)]
    n_rows = len(scores)
    years_arr = np.array(years, dtype=np.int64)
    method_lookup = np.array([method_for_year(y) for y in years], dtype=object)
    return pd.DataFrame({
        "entity_code": ent["code"].to_numpy(dtype=object)[ent_i],
        "entity_name": ent["name"].to_numpy(dtype=object)[ent_i],
        "entity_level": levels.astype(object)[ent_i],
        "parent_code": pd.Series(ent["parent_code"].to_numpy(dtype=object)[ent_i], dtype=object),
        "year": years_arr[year_i],
        "measure": np.array(ROW_MEASURES, dtype=object)[slot],
        "value_code": pd.Series(np.array(ROW_VALUES, dtype=object)[slot], dtype=object),
        "score": scores.astype(np.float64),
        "respondents": pd.arrays.IntegerArray(np.where(has_resp, resp_rows, 0), ~has_resp),
        "method": method_lookup[year_i],
        "source_url": np.full(n_rows, SCALE_SOURCE_URL, dtype=object),
        "note": np.full(n_rows, SCALE_NOTE, dtype=object),
    }, columns=list(COLUMNS))


def scale_entities(frame: pd.DataFrame) -> pd.DataFrame:
    """The entities a scale frame names (code, name, level, parent_code, region_code), as the
    importer would create them: a unit's region is its instansi's province, a K/L has none."""
    ent = frame.drop_duplicates("entity_code")[["entity_code", "entity_name", "entity_level", "parent_code"]]
    ent = ent.rename(columns={"entity_code": "code", "entity_name": "name", "entity_level": "level"})
    anchor = ent["parent_code"].where(ent["level"] == "unit", ent["code"]).astype(object)
    pemda = anchor.str.fullmatch(r"\d{2}(\.\d{2})?").fillna(False).astype(bool)
    region = anchor.where(pemda).str.split(".").str[0]
    return ent.assign(region_code=pd.Series(region.to_numpy(dtype=object), index=ent.index, dtype=object)
                      .where(pemda, None)).reset_index(drop=True)


def write_long_file(frame: pd.DataFrame, path: str | Path, rows: int = IMPORT_FILE_ROWS) -> Path:
    """The first `rows` rows of the frame as a canonical long-format CSV (UTF-8, comma), for the
    import path. Its rows are years 2022–2024 complete and part of 2025 at full scale."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    frame.iloc[:rows].to_csv(path, index=False, lineterminator="\n")
    return path


def load_scale(con, frame: pd.DataFrame, dataset: str = SCALE_DATASET, seed: int = SCALE_SEED) -> dict:
    """Bulk-load a generated scale frame into `dataset` (replacing what it held) and refresh its
    entity_year, in one transaction. Returns the seconds each step took.

    This bypasses the importer's validation: it is only for frames made by `generate_scale`."""
    timings = {}
    entities = scale_entities(frame)
    scores = frame[["entity_code", "year", "measure", "value_code", "score", "respondents", "method",
                    "note"]]
    digest = hashlib.sha256(f"scale:{seed}:{len(frame)}".encode()).hexdigest()
    with db.transaction(con, scale_entities=entities, scale_scores=scores):
        start = time.perf_counter()
        db.execute(con, "scale_load", dataset=dataset, description=SCALE_DESCRIPTION,
                   source_url=SCALE_SOURCE_URL, title=SCALE_SOURCE_TITLE,
                   file_name=f"skala (seed {seed})", checksum=digest, rows=len(frame))
        timings["insert_s"] = time.perf_counter() - start
        start = time.perf_counter()
        db.execute(con, "refresh_entity_year", dataset=dataset)
        timings["refresh_entity_year_s"] = time.perf_counter() - start
    return timings


def load_scale_eval(con, frame: pd.DataFrame, dataset: str = SCALE_DATASET) -> dict:
    """The synthetic internal evaluation (berakhlak/demo_eval.py: survey, evidence checklist,
    action plan with its history) for the units of the 38 provinces of a scale frame, in
    `dataset`, through the evaluation's own import path, so that the Evaluasi and Rencana Aksi
    pages are measured on data of the scale dataset. Returns the seconds it took and the sizes."""
    from berakhlak.evaluation.demo import load_demo_eval

    ent = scale_entities(frame)
    provinces = set(ent.loc[ent["level"] == "provinsi", "code"])
    units = ent.loc[(ent["level"] == "unit") & ent["parent_code"].isin(provinces), ["code", "name", "parent_code"]]
    units = units.sort_values(["parent_code", "code"]).reset_index(drop=True)
    start = time.perf_counter()
    load_demo_eval(con, dataset=dataset, units=units, label="skala")
    return {"eval_load_s": time.perf_counter() - start, "eval_units": len(units),
            "eval_instansi": int(units["parent_code"].nunique())}


def reference_lists() -> tuple[pd.DataFrame, pd.DataFrame]:
    ref = db.DATA_DIR / "reference"
    return (pd.read_csv(ref / "provinces.csv", dtype=str, keep_default_na=False),
            pd.read_csv(ref / "regencies.csv", dtype=str, keep_default_na=False))


def build_scale_database(path: str, *, n_units: int = N_UNITS, seed: int = SCALE_SEED,
                         csv: str | None = None, csv_rows: int = IMPORT_FILE_ROWS, with_eval: bool = True) -> dict:
    """A database with everything `init` builds plus the scale dataset (with the synthetic
    internal evaluation of the provinces' units, unless with_eval is false); optionally the long
    CSV. Rebuilt from scratch each time. Returns the sizes and timings."""
    from berakhlak.data.build import init_database

    dataset_info: dict = {}
    info: dict = {"db": path, "dataset": dataset_info}
    start = time.perf_counter()
    init_database(path, force=True)
    info["init_s"] = time.perf_counter() - start
    provinces, regencies = reference_lists()
    start = time.perf_counter()
    frame = generate_scale(provinces, regencies, n_units=n_units, seed=seed)
    info["generate_s"] = time.perf_counter() - start
    con = db.connect(path)
    try:
        info.update(load_scale(con, frame, seed=seed))
        if with_eval:
            info.update(load_scale_eval(con, frame))
        start = time.perf_counter()
        con.execute("CHECKPOINT")
        info["checkpoint_s"] = time.perf_counter() - start
    finally:
        con.close()
    levels = frame.drop_duplicates("entity_code")["entity_level"].value_counts()
    dataset_info.update({
        "name": SCALE_DATASET, "kind": "synthetic", "source_url": SCALE_SOURCE_URL, "seed": seed,
        "scores": len(frame), "years": sorted(int(y) for y in frame["year"].unique()),
        "instansi": int(levels.drop(["nasional", "unit"], errors="ignore").sum()),
        "units": int(levels.get("unit", 0)),
        "respondents_per_year": int(frame.loc[(frame["entity_code"] == NATIONAL_CODE)
                                              & frame["value_code"].isna()
                                              & (frame["measure"] == "implementasi"),
                                              "respondents"].median()),
    })
    if csv:
        start = time.perf_counter()
        write_long_file(frame, csv, csv_rows)
        info["csv"] = {"path": csv, "rows": min(csv_rows, len(frame)),
                       "bytes": Path(csv).stat().st_size, "write_s": time.perf_counter() - start}
    info["db_bytes"] = Path(path).stat().st_size
    return info


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m benchmarks.scale",
                                description="build a database with the synthetic national-scale dataset")
    p.add_argument("--db", required=True, help="database file to (re)build")
    p.add_argument("--units", type=int, default=N_UNITS)
    p.add_argument("--seed", type=int, default=SCALE_SEED)
    p.add_argument("--csv", help="also write the first --rows rows as a long-format CSV here")
    p.add_argument("--rows", type=int, default=IMPORT_FILE_ROWS)
    args = p.parse_args(argv)
    info = build_scale_database(args.db, n_units=args.units, seed=args.seed, csv=args.csv, csv_rows=args.rows)
    import json

    print(json.dumps(info, indent=2, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
