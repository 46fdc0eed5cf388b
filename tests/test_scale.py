"""The national-scale generator (berakhlak/scale.py): deterministic, clearly synthetic, the
shape the benchmarks claim, and its bulk load gives the same database as the real importer."""
from __future__ import annotations

import shutil

import pandas as pd
import pytest

from berakhlak.data import db
from berakhlak.ingest import importer
from benchmarks.scale import (
    ROWS_PER_ENTITY_YEAR,
    SCALE_DATASET,
    SCALE_SOURCE_URL,
    YEARS,
    generate_scale,
    load_scale,
    reference_lists,
    scale_entities,
    write_long_file,
)

UNITS = 120


@pytest.fixture(scope="module")
def small() -> pd.DataFrame:
    provinces, regencies = reference_lists()
    return generate_scale(provinces, regencies, n_units=UNITS)


def test_same_seed_same_frame_other_seed_other_scores(small):
    provinces, regencies = reference_lists()
    pd.testing.assert_frame_equal(generate_scale(provinces, regencies, n_units=UNITS), small)
    other = generate_scale(provinces, regencies, n_units=UNITS, seed=1)
    assert (other["score"].to_numpy() != small["score"].to_numpy()).mean() > 0.9


def test_shape_630_instansi_every_year_and_measure(small):
    levels = small.drop_duplicates("entity_code")["entity_level"].value_counts()
    assert levels["unit"] == UNITS
    assert levels.drop(["nasional", "unit"]).sum() == 630
    assert levels["provinsi"] == 38 and levels["kabupaten"] + levels["kota"] == 514
    assert sorted(small["year"].unique()) == list(YEARS)
    per = small.groupby(["entity_code", "year"]).size()
    assert (per == ROWS_PER_ENTITY_YEAR).all()
    assert len(small) == (1 + 630 + UNITS) * len(YEARS) * ROWS_PER_ENTITY_YEAR
    one = small[(small["entity_code"] == "62") & (small["year"] == 2026)]
    assert set(one["measure"]) == {"implementasi", "keseimbangan", "energi_positif", "keselarasan_nilai",
                                   "keselarasan_budaya", "kesehatan_total"}
    assert small["score"].between(0, 100).all()


def test_clearly_synthetic_and_generic_names(small):
    assert (small["source_url"] == SCALE_SOURCE_URL).all()
    assert small["note"].str.contains("sintetis").all()
    kl = small[small["entity_level"].isin(["kementerian", "lembaga"])]["entity_name"].unique()
    assert all("Contoh" in n for n in kl)
    units = small[small["entity_level"] == "unit"]
    assert units["entity_name"].str.startswith("Unit Contoh").all()
    assert units["parent_code"].notna().all()


def test_index_is_the_mean_of_the_values_and_2024_jumps(small):
    impl = small[small["measure"] == "implementasi"]
    idx = impl[impl["value_code"].isna()].set_index(["entity_code", "year"])["score"]
    mean = impl[impl["value_code"].notna()].groupby(["entity_code", "year"])["score"].mean()
    assert (idx - mean.loc[idx.index]).abs().max() <= 0.01
    national = idx.xs("ID", level="entity_code")
    assert national[2024] - national[2023] > 5  # the method break (BRIN-2024 scores higher)


def test_units_share_their_instansi_respondents_and_national_is_about_a_million(small):
    rows = small[(small["measure"] == "implementasi") & small["value_code"].isna() & (small["year"] == 2026)]
    units = rows[rows["entity_level"] == "unit"].groupby("parent_code")["respondents"].sum()
    parents = rows.set_index("entity_code")["respondents"].loc[units.index]
    assert ((units / parents).between(0.85, 1.15)).all()
    national = small[(small["entity_code"] == "ID") & small["value_code"].isna()
                     & (small["measure"] == "implementasi")]["respondents"]
    assert national.between(800_000, 1_300_000).all()


def test_at_national_scale_some_units_fall_below_the_minimum():
    provinces, regencies = reference_lists()
    full = generate_scale(provinces, regencies)
    rows = full[(full["measure"] == "implementasi") & full["value_code"].isna() & (full["entity_level"] == "unit")]
    assert rows["entity_code"].nunique() == 20_000
    assert 0.01 < (rows["respondents"] < 5).mean() < 0.3
    assert 1_200_000 < len(full) < 1_400_000


def test_bulk_load_equals_the_importer(small, built_db, tmp_path):
    """The fast path the benchmarks use gives the same scores and derived index as the real
    importer on the same rows (the CSV written by write_long_file)."""
    first = small.iloc[: 20_000]
    csv = write_long_file(first, tmp_path / "long.csv", rows=len(first))
    assert len(pd.read_csv(csv)) == len(first)
    a_path, b_path = tmp_path / "a.duckdb", tmp_path / "b.duckdb"
    shutil.copy(built_db, a_path)
    shutil.copy(built_db, b_path)
    a = db.connect(str(a_path))
    report = importer.import_file(a, csv, dataset=SCALE_DATASET)
    assert report.ok, [p.message("en") for p in report.problems[:3]]
    b = db.connect(str(b_path))
    load_scale(b, first)

    def state(con):
        ey = con.table("entity_year").filter(f"dataset = '{SCALE_DATASET}'").df()
        ey = ey.drop(columns=["source_id"]).sort_values(["entity_code", "year"]).reset_index(drop=True)
        sc = con.table("score").filter(f"dataset = '{SCALE_DATASET}'").df()
        sc = sc[["entity_code", "year", "measure", "value_code", "score", "respondents", "method"]]
        sc = sc.sort_values(["entity_code", "year", "measure", "value_code"]).reset_index(drop=True)
        ent = con.table("entity").df().sort_values("code").reset_index(drop=True)
        return ey, sc, ent

    for x, y in zip(state(a), state(b)):
        pd.testing.assert_frame_equal(x, y, check_dtype=False)
    kinds = b.table("dataset").filter(f"name = '{SCALE_DATASET}'").df()["kind"].tolist()
    assert kinds == ["synthetic"]
    a.close()
    b.close()


def test_scale_entities_region_of_units(small):
    ent = scale_entities(small).set_index("code")
    unit_of_pemda = ent[(ent["level"] == "unit") & ent["parent_code"].str.match(r"^\d")].iloc[0]
    assert unit_of_pemda["region_code"] == unit_of_pemda["parent_code"].split(".")[0]
    unit_of_kl = ent[(ent["level"] == "unit") & ent["parent_code"].str.startswith("KLS")]
    assert unit_of_kl["region_code"].isna().all()
