"""Deterministic synthetic ("demo") BerAKHLAK data at national scale.

Everything produced here is **synthetic**: every row carries ``source_url ==
DEMO_SOURCE_URL`` and the note ``"data sintetis (ilustrasi)"``. Ministries and
agencies get generic names ("Kementerian Contoh 01", "Lembaga Contoh 01") so that
no real K/L is ever shown with an invented score. Pemda names and codes come from
the Kemendagri reference lists passed in, but their scores are invented too.

The output is the canonical long import format (see docs/data-formats.md):
``entity_code, entity_name, entity_level, parent_code, year, measure,
value_code, score, respondents, method, source_url, note``.

Shape of the synthetic data (a simple random-effects model, all draws from one
``numpy.random.default_rng(seed)`` in a fixed order):

* score[i, t, v] = value mean (2022 national-like profile, Adaptif lowest,
  Akuntabel highest) + persistent instansi level + instansi×value offset
  + a yearly random walk (sd ~2.2, with ~1.5% outlier steps of 10–15 points)
  + small yearly value noise + a method jump from 2024 (~+12.5 on average,
  value-specific, because the BRIN-2024 instrument scores higher);
* units (the 9 Setda bureaus of each province) scatter around their parent
  province's value scores (sd ~5);
* sub-indices (keseimbangan, energi_positif, keselarasan_nilai,
  keselarasan_budaya) follow the instansi level; ``kesehatan_total`` is a
  weighted combination of them with invented weights (the real weights are
  not published);
* the national row is the mean over all non-unit instansi: one index row
  (mean of the instansi indices, each the mean of its 7 value scores), 7 value
  rows and the 5 sub-indices.

Only units get ``parent_code``; only the national row gets an ``implementasi``
row with ``value_code`` None (everyone else's index is derived downstream as
the mean of the 7 values).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from berakhlak.domain.rules import SURVEY_MEASURES as MEASURES  # (not the unnamed measure of real sources)
from berakhlak.domain.rules import VALUE_CODES

DEMO_SEED = 20220727
DEMO_SOURCE_URL = "urn:berakhlak:demo"
DEMO_NOTE = "data sintetis (ilustrasi)"
YEARS = (2022, 2023, 2024, 2025)

COLUMNS = (
    "entity_code",
    "entity_name",
    "entity_level",
    "parent_code",
    "year",
    "measure",
    "value_code",
    "score",
    "respondents",
    "method",
    "source_url",
    "note",
)

SUB_INDICES = MEASURES[1:]  # the 5 sub-indices beside the index (implementasi)


SETDA_BUREAUS = (
    "Pemerintahan dan Otonomi Daerah",
    "Hukum",
    "Kesejahteraan Rakyat",
    "Perekonomian",
    "Administrasi Pembangunan",
    "Pengadaan Barang dan Jasa",
    "Organisasi",
    "Umum",
    "Administrasi Pimpinan",
)

N_KEMENTERIAN = 20
N_LEMBAGA = 14

# --- model parameters -------------------------------------------------------
# Mean value scores of instansi in 2022 (ACT-2022), modelled on the published
# national 2022 profile; AD and AK nudged into the brief's ranges.
_VALUE_MEAN_2022 = np.array([57.9, 73.0, 56.7, 63.8, 65.8, 41.5, 69.4])
# Value-specific part of the 2024 method jump (mean zero): the new instrument
# narrows the gap between the weakest and strongest values a little.
_JUMP_BY_VALUE = np.array([1.0, -2.5, 1.0, 0.0, -1.0, 3.0, -1.5])
_JUMP_MEAN, _JUMP_SD = 12.5, 2.5
# Mean drift per year on top of the walk (the 2024 step is the jump above).
_DRIFT = {2022: 0.0, 2023: 0.3, 2024: 0.0, 2025: 1.5}
_LEVEL_SD = 3.5  # persistent instansi level
_VALUE_OFFSET_SD = 3.0  # persistent instansi x value offset
_WALK_SD = 2.2  # yearly random-walk step of an instansi
_NOISE_SD = 1.5  # yearly value-level noise
_OUTLIER_P = 0.015  # share of instansi-years with an outlier step
_OUTLIER_RANGE = (10.0, 15.0)
_UNIT_LEVEL_SD, _UNIT_VALUE_SD, _UNIT_NOISE_SD = 3.0, 2.0, 3.0
_UNIT_LOW_RESPONSE_P = 0.10  # share of unit-years with 3-4 respondents
# Invented weights for kesehatan_total (keseimbangan, energi_positif,
# keselarasan_nilai, keselarasan_budaya); the real ones are unpublished.
_HEALTH_WEIGHTS = np.array([0.20, 0.35, 0.20, 0.25])
# Respondent ranges per level (log-uniform persistent size, +-10% per year).
_RESPONDENT_RANGE = {
    "provinsi": (2_000, 12_000),
    "kabupaten": (500, 8_000),
    "kota": (500, 8_000),
    "kementerian": (300, 20_000),
    "lembaga": (300, 20_000),
}


def method_for_year(year: int) -> str:
    """Instrument version of a survey year."""
    return "ACT-2022" if year < 2024 else "BRIN-2024"


def _entities(provinces: pd.DataFrame, regencies: pd.DataFrame) -> pd.DataFrame:
    """All demo entities in output order (national, provinces, kab/kota, K/L, units)."""
    for frame, cols, label in (
        (provinces, ("code", "name"), "provinces"),
        (regencies, ("code", "province_code", "name"), "regencies"),
    ):
        missing = [c for c in cols if c not in frame.columns]
        if missing:
            raise ValueError(f"{label} is missing columns: {missing}")

    prov = provinces.assign(
        code=provinces["code"].astype(str).str.strip(),
        name=provinces["name"].astype(str).str.strip(),
    ).sort_values("code", kind="stable")
    reg = regencies.assign(
        code=regencies["code"].astype(str).str.strip(),
        name=regencies["name"].astype(str).str.strip(),
    ).sort_values("code", kind="stable")
    if prov["code"].duplicated().any() or reg["code"].duplicated().any():
        raise ValueError("duplicate codes in the reference lists")

    prov_codes = prov["code"].tolist()
    reg_names = reg["name"].tolist()
    kl_levels = ["kementerian"] * N_KEMENTERIAN + ["lembaga"] * N_LEMBAGA
    kl_names = [f"Kementerian Contoh {i:02d}" for i in range(1, N_KEMENTERIAN + 1)] + [
        f"Lembaga Contoh {i:02d}" for i in range(1, N_LEMBAGA + 1)
    ]

    codes = (
        ["ID"]
        + prov_codes
        + reg["code"].tolist()
        + [f"KL.{i:02d}" for i in range(1, len(kl_levels) + 1)]
        + [f"{p}.B{b}" for p in prov_codes for b in range(1, len(SETDA_BUREAUS) + 1)]
    )
    names = (
        ["Nasional"]
        + [f"Pemerintah Provinsi {n}" for n in prov["name"]]
        + [f"Pemerintah {n}" for n in reg_names]
        + kl_names
        + [f"Biro {b}" for _ in prov_codes for b in SETDA_BUREAUS]
    )
    levels = (
        ["nasional"]
        + ["provinsi"] * len(prov_codes)
        + ["kabupaten" if n.startswith("Kabupaten") else "kota" for n in reg_names]
        + kl_levels
        + ["unit"] * (len(prov_codes) * len(SETDA_BUREAUS))
    )
    parents = [None] * (1 + len(prov_codes) + len(reg_names) + len(kl_levels)) + [
        p for p in prov_codes for _ in SETDA_BUREAUS
    ]
    return pd.DataFrame(
        {
            "entity_code": pd.Series(codes, dtype=object),
            "entity_name": pd.Series(names, dtype=object),
            "entity_level": pd.Series(levels, dtype=object),
            "parent_code": pd.Series(parents, dtype=object),  # None stays None
        }
    )


def generate_demo(
    provinces: pd.DataFrame, regencies: pd.DataFrame, seed: int = DEMO_SEED
) -> pd.DataFrame:
    """Synthetic demo dataset in the canonical long format.

    Deterministic: the same inputs and seed give an identical frame. The input
    rows are sorted by code first, so their order does not matter either.
    """
    rng = np.random.default_rng(seed)
    ent = _entities(provinces, regencies)
    levels = ent["entity_level"].to_numpy()
    is_inst = (levels != "nasional") & (levels != "unit")
    inst_pos = np.flatnonzero(is_inst)  # entity positions of non-unit instansi
    unit_pos = np.flatnonzero(levels == "unit")
    n_inst, n_unit = len(inst_pos), len(unit_pos)
    n_years, n_values = len(YEARS), len(VALUE_CODES)
    years = np.array(YEARS)
    brin = np.array([method_for_year(y) == "BRIN-2024" for y in YEARS])
    drift = np.array([_DRIFT.get(y, 1.0) for y in YEARS])

    # --- instansi value scores: (n_inst, n_years, n_values) -------------------
    level = rng.normal(0.0, _LEVEL_SD, n_inst)
    offset = rng.normal(0.0, _VALUE_OFFSET_SD, (n_inst, n_values))
    steps = rng.normal(0.0, _WALK_SD, (n_inst, n_years))
    steps[:, 0] = 0.0  # 2022 is the base year
    is_outlier = rng.random((n_inst, n_years)) < _OUTLIER_P
    is_outlier[:, 0] = False
    outlier_size = rng.uniform(*_OUTLIER_RANGE, (n_inst, n_years))
    outlier_sign = np.where(rng.random((n_inst, n_years)) < 0.5, -1.0, 1.0)
    steps += np.where(is_outlier, outlier_sign * outlier_size, 0.0)
    walk = np.cumsum(steps, axis=1) + np.cumsum(drift)[None, :]
    jump = (
        rng.normal(_JUMP_MEAN, _JUMP_SD, n_inst)[:, None]
        + _JUMP_BY_VALUE[None, :]
        + rng.normal(0.0, 1.5, (n_inst, n_values))
    )  # (n_inst, n_values), applied to every BRIN year
    noise = rng.normal(0.0, _NOISE_SD, (n_inst, n_years, n_values))
    inst_raw = (
        _VALUE_MEAN_2022[None, None, :]
        + level[:, None, None]
        + offset[:, None, :]
        + walk[:, :, None]
        + brin[None, :, None] * jump[:, None, :]
        + noise
    )
    inst_scores = np.round(np.clip(inst_raw, 0.0, 100.0), 2)

    # --- units around their province: (n_unit, n_years, n_values) -------------
    row_of_inst = np.full(len(ent), -1)
    row_of_inst[inst_pos] = np.arange(n_inst)
    code_to_pos = {c: i for i, c in enumerate(ent["entity_code"])}
    parent_rows = row_of_inst[
        [code_to_pos[p] for p in ent["parent_code"].iloc[unit_pos]]
    ]
    unit_raw = (
        inst_raw[parent_rows]
        + rng.normal(0.0, _UNIT_LEVEL_SD, n_unit)[:, None, None]
        + rng.normal(0.0, _UNIT_VALUE_SD, (n_unit, n_values))[:, None, :]
        + rng.normal(0.0, _UNIT_NOISE_SD, (n_unit, n_years, n_values))
    )
    unit_scores = np.round(np.clip(unit_raw, 0.0, 100.0), 2)

    # --- sub-indices of instansi: (n_inst, n_years) each ----------------------
    walk_dev = walk - np.cumsum(drift)[None, :]  # instansi-specific part of the walk

    def sub_index(
        base: float, w_level: float, sd_own: float, sd_year: float, shift: float
    ):
        own = rng.normal(0.0, sd_own, n_inst)[:, None]
        yearly = rng.normal(0.0, sd_year, (n_inst, n_years))
        return (
            base
            + w_level * (level[:, None] + walk_dev)
            + own
            + yearly
            + brin[None, :] * shift
        )

    keseimbangan = sub_index(70.0, 0.6, 3.0, 2.0, 3.0)
    energi = sub_index(89.5, 0.2, 1.2, 1.3, 1.0)
    kes_nilai = sub_index(68.0, 0.6, 3.0, 2.0, 3.0)
    kes_budaya = sub_index(66.0, 0.6, 3.0, 2.0, 3.0)
    parts = np.stack(
        [np.clip(x, 0.0, 100.0) for x in (keseimbangan, energi, kes_nilai, kes_budaya)],
        axis=-1,
    )
    total = parts @ _HEALTH_WEIGHTS
    inst_sub = np.round(
        np.concatenate([parts, total[..., None]], axis=-1), 2
    )  # (n_inst, T, 5)

    # --- respondents ----------------------------------------------------------
    inst_levels = levels[inst_pos]
    lo = np.array([_RESPONDENT_RANGE[lv][0] for lv in inst_levels], dtype=float)
    hi = np.array([_RESPONDENT_RANGE[lv][1] for lv in inst_levels], dtype=float)
    size = np.exp(rng.uniform(np.log(lo), np.log(hi)))
    inst_resp = np.clip(
        np.rint(size[:, None] * rng.uniform(0.9, 1.1, (n_inst, n_years))),
        lo[:, None],
        hi[:, None],
    ).astype(np.int64)
    unit_size = np.exp(rng.uniform(np.log(5.0), np.log(120.0), n_unit))
    unit_normal = np.clip(
        np.rint(unit_size[:, None] * rng.uniform(0.85, 1.15, (n_unit, n_years))), 5, 120
    )
    unit_low = rng.random((n_unit, n_years)) < _UNIT_LOW_RESPONSE_P
    unit_resp = np.where(
        unit_low, rng.integers(3, 5, (n_unit, n_years)), unit_normal
    ).astype(np.int64)
    nat_resp = np.rint(rng.normal(900_000, 30_000, n_years)).astype(np.int64)

    # --- national = mean of non-unit instansi ---------------------------------
    nat_values = np.round(inst_scores.mean(axis=0), 2)  # (T, V)
    nat_index = np.round(inst_scores.mean(axis=2).mean(axis=0), 2)  # (T,)
    nat_sub = np.round(inst_sub.mean(axis=0), 2)  # (T, 5)

    # --- assemble long blocks -------------------------------------------------
    nat_pos = np.flatnonzero(levels == "nasional")
    value_pos = np.concatenate([nat_pos, inst_pos, unit_pos])
    value_scores = np.concatenate([nat_values[None], inst_scores, unit_scores])
    value_resp = np.concatenate([nat_resp[None], inst_resp, unit_resp])
    n_e = len(value_pos)
    blocks = [
        # implementasi per value: entity x year x value
        {
            "pos": np.repeat(value_pos, n_years * n_values),
            "year_i": np.tile(np.repeat(np.arange(n_years), n_values), n_e),
            "measure_i": np.zeros(n_e * n_years * n_values, dtype=int),
            "value_i": np.tile(np.arange(n_values), n_e * n_years),
            "score": value_scores.reshape(-1),
            "resp": np.repeat(value_resp.reshape(-1), n_values),
        },
        # national index row
        {
            "pos": np.repeat(nat_pos, n_years),
            "year_i": np.arange(n_years),
            "measure_i": np.zeros(n_years, dtype=int),
            "value_i": np.full(n_years, -1),
            "score": nat_index,
            "resp": nat_resp,
        },
    ]
    sub_pos = np.concatenate([nat_pos, inst_pos])
    sub_scores = np.concatenate([nat_sub[None], inst_sub])  # (E, T, 5)
    n_s, n_m = len(sub_pos), len(SUB_INDICES)
    blocks.append(
        {
            "pos": np.repeat(sub_pos, n_years * n_m),
            "year_i": np.tile(np.repeat(np.arange(n_years), n_m), n_s),
            "measure_i": np.tile(np.arange(1, n_m + 1), n_s * n_years),
            "value_i": np.full(n_s * n_years * n_m, -1),
            "score": sub_scores.reshape(-1),
            "resp": np.full(n_s * n_years * n_m, -1),
        }
    )
    cols = {k: np.concatenate([b[k] for b in blocks]) for k in blocks[0]}
    order = np.lexsort(
        (cols["value_i"], cols["measure_i"], cols["year_i"], cols["pos"])
    )
    cols = {k: v[order] for k, v in cols.items()}

    pos, year_i, value_i, resp = (
        cols["pos"],
        cols["year_i"],
        cols["value_i"],
        cols["resp"],
    )
    value_lookup = np.array(list(VALUE_CODES) + [None], dtype=object)  # -1 -> None
    method_lookup = np.array([method_for_year(y) for y in YEARS], dtype=object)
    n_rows = len(pos)
    out = pd.DataFrame(
        {
            "entity_code": ent["entity_code"].to_numpy()[pos],
            "entity_name": ent["entity_name"].to_numpy()[pos],
            "entity_level": levels[pos],
            # object dtype so missing codes stay None (pandas 3 would turn them into NaN)
            "parent_code": pd.Series(ent["parent_code"].to_numpy()[pos], dtype=object),
            "year": years[year_i].astype(np.int64),
            "measure": np.array(MEASURES, dtype=object)[cols["measure_i"]],
            "value_code": pd.Series(value_lookup[value_i], dtype=object),
            "score": cols["score"].astype(np.float64),
            "respondents": pd.arrays.IntegerArray(
                np.where(resp < 0, 0, resp).astype(np.int64), resp < 0
            ),
            "method": method_lookup[year_i],
            "source_url": np.full(n_rows, DEMO_SOURCE_URL, dtype=object),
            "note": np.full(n_rows, DEMO_NOTE, dtype=object),
        },
        columns=list(COLUMNS),
    )
    return out
