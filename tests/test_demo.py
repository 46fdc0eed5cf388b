"""The demo dataset: deterministic, national-scale, clearly synthetic and realistically shaped."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from berakhlak.data.demo import DEMO_SEED, DEMO_SOURCE_URL, SETDA_BUREAUS, SUB_INDICES, YEARS, generate_demo
from berakhlak.domain.rules import VALUE_CODES
from berakhlak.ingest.importer import LONG_COLUMNS

REPO = Path(__file__).resolve().parents[1]
SHARED_REFERENCE = Path("/work/shared/reference")
# The import's long format (docs/data-formats.md) without the optional confidence column: the
# demo is written as a file a user could import.
CANONICAL_COLUMNS = [c for c in LONG_COLUMNS if c != "confidence"]
VALUES = list(VALUE_CODES)
BUREAUS = list(SETDA_BUREAUS)
INSTANSI_LEVELS = ["provinsi", "kabupaten", "kota", "kementerian", "lembaga"]


def _reference(name: str) -> Path:
    """A reference CSV from the repo's data/ (either layout) or the shared copy."""
    for folder in (REPO / "data" / "reference", REPO / "data", SHARED_REFERENCE):
        if (folder / name).exists():
            return folder / name
    pytest.skip(f"reference file {name} not found")


@pytest.fixture(scope="module")
def provinces() -> pd.DataFrame:
    return pd.read_csv(_reference("provinces.csv"), dtype=str)


@pytest.fixture(scope="module")
def regencies() -> pd.DataFrame:
    return pd.read_csv(_reference("regencies.csv"), dtype=str)


@pytest.fixture(scope="module")
def demo(provinces, regencies) -> pd.DataFrame:
    return generate_demo(provinces, regencies)


@pytest.fixture(scope="module")
def values(demo) -> pd.DataFrame:
    """Per-value implementasi rows."""
    return demo[(demo["measure"] == "implementasi") & demo["value_code"].notna()]


@pytest.fixture(scope="module")
def instansi_index(values) -> pd.DataFrame:
    """Index (mean of the 7 values) of every non-unit instansi: entity x year."""
    inst = values[values["entity_level"].isin(INSTANSI_LEVELS)]
    return inst.groupby(["entity_code", "year"])["score"].mean().unstack("year")


# --- determinism --------------------------------------------------------------


def test_same_seed_gives_an_identical_frame(demo, provinces, regencies):
    pd.testing.assert_frame_equal(
        generate_demo(provinces, regencies, seed=DEMO_SEED), demo
    )


def test_a_different_seed_gives_different_scores(demo, provinces, regencies):
    other = generate_demo(provinces, regencies, seed=DEMO_SEED + 1)
    assert list(other["entity_code"]) == list(demo["entity_code"])
    changed = (other["score"].to_numpy() != demo["score"].to_numpy()).mean()
    assert changed > 0.9


def test_row_order_of_the_reference_lists_does_not_matter(demo, provinces, regencies):
    shuffled = generate_demo(
        provinces.sample(frac=1, random_state=1),
        regencies.sample(frac=1, random_state=2),
    )
    pd.testing.assert_frame_equal(shuffled, demo)


# --- format -------------------------------------------------------------------


def test_columns_follow_the_canonical_long_format(demo):
    assert list(demo.columns) == CANONICAL_COLUMNS
    published = pd.read_csv(_reference("published_figures.csv"), dtype=str, nrows=0)
    assert list(demo.columns) == list(published.columns)
    assert demo["year"].dtype == np.int64
    assert demo["score"].dtype == np.float64
    assert str(demo["respondents"].dtype) == "Int64"
    assert (demo["score"].round(2) == demo["score"]).all()


def test_every_row_is_marked_synthetic(demo):
    assert (demo["source_url"] == DEMO_SOURCE_URL).all()
    assert (demo["note"] == "data sintetis (ilustrasi)").all()


def test_no_duplicate_scores(demo):
    key = ["entity_code", "year", "measure", "value_code"]
    assert not demo[key].astype(str).duplicated().any()


# --- coverage -----------------------------------------------------------------


def test_all_provinces_with_their_government_names(demo, provinces):
    prov = demo[demo["entity_level"] == "provinsi"].drop_duplicates("entity_code")
    assert len(prov) == 38
    expected = dict(zip(provinces["code"], "Pemerintah Provinsi " + provinces["name"]))
    assert dict(zip(prov["entity_code"], prov["entity_name"])) == expected
    assert dict(zip(prov["entity_code"], prov["entity_name"]))["62"] == (
        "Pemerintah Provinsi Kalimantan Tengah"
    )


def test_all_kabupaten_and_kota(demo, regencies):
    pemda = demo[demo["entity_level"].isin(["kabupaten", "kota"])].drop_duplicates(
        "entity_code"
    )
    assert len(pemda) == 514
    assert set(pemda["entity_code"]) == set(regencies["code"])
    by_code = pemda.set_index("entity_code")
    assert by_code.loc["62.03", "entity_name"] == "Pemerintah Kabupaten Kapuas"
    assert by_code.loc["62.03", "entity_level"] == "kabupaten"
    kota = by_code[by_code["entity_level"] == "kota"]
    assert len(kota) == (~regencies["name"].str.startswith("Kabupaten")).sum() > 0
    assert kota["entity_name"].str.startswith("Pemerintah Kota ").all()


def test_ministries_and_agencies_have_generic_names(demo):
    kl = demo[demo["entity_level"].isin(["kementerian", "lembaga"])].drop_duplicates(
        "entity_code"
    )
    assert len(kl) >= 30
    assert set(kl["entity_level"]) == {"kementerian", "lembaga"}
    assert kl["entity_code"].str.fullmatch(r"KL\.\d{2}").all()
    # No real ministry may be given a fake score.
    assert kl["entity_name"].str.fullmatch(r"(Kementerian|Lembaga) Contoh \d{2}").all()
    assert (
        kl["entity_name"].str.split().str[0].str.lower() == kl["entity_level"]
    ).all()


def test_nine_setda_bureaus_per_province(demo, provinces):
    units = demo[demo["entity_level"] == "unit"].drop_duplicates("entity_code")
    assert len(units) == 38 * 9
    for code in provinces["code"]:
        mine = units[units["parent_code"] == code].sort_values("entity_code")
        assert list(mine["entity_code"]) == [f"{code}.B{i}" for i in range(1, 10)]
        assert list(mine["entity_name"]) == [f"Biro {b}" for b in BUREAUS]


def test_parent_code_only_on_units(demo):
    is_unit = demo["entity_level"] == "unit"
    assert demo.loc[is_unit, "parent_code"].notna().all()
    assert demo.loc[~is_unit, "parent_code"].isna().all()


def test_every_entity_has_all_years_and_all_seven_values(demo, values):
    assert sorted(demo["year"].unique()) == list(YEARS) == [2022, 2023, 2024, 2025]
    n_entities = demo["entity_code"].nunique()
    counts = values.groupby(["entity_code", "year"])["value_code"].apply(
        lambda s: tuple(sorted(s))
    )
    assert len(counts) == n_entities * 4
    assert set(counts) == {tuple(sorted(VALUES))}


def test_only_the_national_row_has_an_index_row(demo):
    index_rows = demo[(demo["measure"] == "implementasi") & demo["value_code"].isna()]
    assert set(index_rows["entity_code"]) == {"ID"}
    assert sorted(index_rows["year"]) == [2022, 2023, 2024, 2025]
    national = demo[demo["entity_code"] == "ID"].iloc[0]
    assert (national["entity_name"], national["entity_level"]) == (
        "Nasional",
        "nasional",
    )


def test_national_row_is_the_mean_of_the_instansi(demo, values, instansi_index):
    nat = demo[(demo["entity_code"] == "ID") & (demo["measure"] == "implementasi")]
    nat_index = nat[nat["value_code"].isna()].set_index("year")["score"]
    assert np.allclose(nat_index, instansi_index.mean().loc[nat_index.index], atol=0.01)
    # The index derived from its 7 values agrees with the stated index (importer tolerance).
    nat_values = nat[nat["value_code"].notna()].groupby("year")["score"].mean()
    assert (nat_values - nat_index).abs().max() <= 0.15
    inst = values[values["entity_level"].isin(INSTANSI_LEVELS)]
    inst_value_mean = inst.groupby(["year", "value_code"])["score"].mean()
    stated = nat[nat["value_code"].notna()].set_index(["year", "value_code"])["score"]
    assert np.allclose(stated, inst_value_mean.loc[stated.index], atol=0.01)


def test_sub_indices_only_for_whole_instansi(demo):
    sub = demo[demo["measure"].isin(SUB_INDICES)]
    assert sub["value_code"].isna().all()
    assert "unit" not in set(sub["entity_level"])
    per_entity_year = sub.groupby(["entity_code", "year"])["measure"].nunique()
    assert (per_entity_year == 5).all()
    assert (
        len(per_entity_year)
        == (
            1
            + 38
            + 514
            + demo[demo["entity_level"].isin(["kementerian", "lembaga"])][
                "entity_code"
            ].nunique()
        )
        * 4
    )


def test_sub_indices_are_plausible(demo):
    sub = demo[demo["measure"].isin(SUB_INDICES) & (demo["entity_code"] != "ID")]
    wide = sub.pivot_table(
        index=["entity_code", "year"], columns="measure", values="score"
    )
    assert 85 <= wide["energi_positif"].median() <= 95
    for m in [
        "keseimbangan",
        "keselarasan_nilai",
        "keselarasan_budaya",
        "kesehatan_total",
    ]:
        assert 60 <= wide[m].median() <= 85, m
    parts = wide[
        ["keseimbangan", "energi_positif", "keselarasan_nilai", "keselarasan_budaya"]
    ]
    # kesehatan_total is a weighted combination: it lies between its parts.
    assert (wide["kesehatan_total"] >= parts.min(axis=1) - 0.01).all()
    assert (wide["kesehatan_total"] <= parts.max(axis=1) + 0.01).all()


# --- method -------------------------------------------------------------------


def test_method_follows_the_year(demo):
    methods = demo.groupby("year")["method"].unique().map(list).to_dict()
    assert methods == {
        2022: ["ACT-2022"],
        2023: ["ACT-2022"],
        2024: ["BRIN-2024"],
        2025: ["BRIN-2024"],
    }


# --- realistic shape ----------------------------------------------------------


def test_scores_are_percentages(demo):
    assert demo["score"].notna().all()
    assert demo["score"].between(0, 100).all()


def test_adaptif_is_lowest_and_akuntabel_highest(values):
    inst = values[values["entity_level"].isin(INSTANSI_LEVELS)]
    overall = inst.groupby("value_code")["score"].mean()
    assert overall.idxmin() == "AD"
    assert overall.idxmax() == "AK"
    first_year = inst[inst["year"] == 2022].groupby("value_code")["score"].mean()
    assert 38 <= first_year["AD"] <= 46
    assert 70 <= first_year["AK"] <= 76


def test_mean_index_2022_is_near_the_national_figure(instansi_index):
    assert 60 <= instansi_index[2022].mean() <= 62


def test_year_on_year_moves_within_a_method_are_small(instansi_index):
    within = pd.concat(
        [
            instansi_index[2023] - instansi_index[2022],
            instansi_index[2025] - instansi_index[2024],
        ]
    )
    assert 1 <= within.abs().median() <= 5
    # ... but a few instansi move a lot.
    big = (within.abs() > 10).mean()
    assert 0.002 <= big <= 0.05


def test_method_change_brings_a_jump(instansi_index):
    jump = instansi_index[2024] - instansi_index[2023]
    assert jump.mean() > 8
    assert 10 <= jump.mean() <= 15
    assert (jump > 0).mean() > 0.9


def test_units_scatter_around_their_province(values):
    units = values[values["entity_level"] == "unit"]
    prov = values[values["entity_level"] == "provinsi"][
        ["entity_code", "year", "value_code", "score"]
    ].rename(columns={"entity_code": "parent_code", "score": "parent_score"})
    merged = units.merge(prov, on=["parent_code", "year", "value_code"], how="left")
    assert merged["parent_score"].notna().all()
    deviation = merged["score"] - merged["parent_score"]
    assert abs(deviation.mean()) < 1.5
    assert 3 <= deviation.std() <= 7


# --- respondents --------------------------------------------------------------


def test_respondents_on_every_implementasi_row_and_none_on_sub_indices(demo):
    impl = demo["measure"] == "implementasi"
    assert demo.loc[impl, "respondents"].notna().all()
    assert demo.loc[~impl, "respondents"].isna().all()
    per_entity_year = (
        demo[impl].groupby(["entity_code", "year"])["respondents"].nunique()
    )
    assert (per_entity_year == 1).all()


@pytest.mark.parametrize(
    "levels, low, high",
    [
        (["nasional"], 700_000, 1_100_000),
        (["provinsi"], 2_000, 12_000),
        (["kabupaten", "kota"], 500, 8_000),
        (["kementerian", "lembaga"], 300, 20_000),
        (["unit"], 3, 120),
    ],
)
def test_respondents_are_in_range_per_level(demo, levels, low, high):
    n = demo.loc[demo["entity_level"].isin(levels), "respondents"].dropna()
    assert len(n) > 0
    assert n.between(low, high).all()


def test_some_unit_years_are_too_small_to_show(demo):
    units = demo[demo["entity_level"] == "unit"].drop_duplicates(
        ["entity_code", "year"]
    )
    share = (units["respondents"] < 5).mean()
    assert 0.05 <= share <= 0.15
