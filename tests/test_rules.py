"""The domain rules: rounding, bands, the index. Python and SQL must agree."""
import duckdb
import pytest

from berakhlak.data import db
from berakhlak.domain.rules import band_for, delta, index_of, round_half_up


@pytest.mark.parametrize("raw, shown", [
    (74.95, 75.0), (74.94, 74.9), (49.95, 50.0), (24.95, 25.0), (24.949, 24.9),
    (0, 0.0), (100, 100.0), (60.942857142857, 60.9), (58.5142857, 58.5), (0.05, 0.1),
    # a mean that floating point computes a hair under .x5 rounds as the .x5 it is
    (74.64999999999999, 74.7), (sum([74.6, 74.7]) / 2, 74.7),
])
def test_round_half_up(raw, shown):
    assert round_half_up(raw) == shown


@pytest.mark.parametrize("score, code", [
    (100, "A"), (75.0, "A"), (74.95, "A"), (74.94, "B"), (74.9, "B"), (50.0, "B"), (49.95, "B"),
    (49.94, "C"), (25.0, "C"), (24.95, "C"), (24.94, "D"), (0, "D"),
])
def test_band_edges_classify_the_rounded_score(score, code):
    assert band_for(score).code == code


def test_band_labels_in_both_languages_and_inferred_flags():
    a, b, c, d = (band_for(s) for s in (80, 60, 30, 10))
    assert (a.label("id"), b.label("id"), c.label("id"), d.label("id")) == (
        "Sehat", "Cukup Sehat", "Tidak Sehat", "Sangat Tidak Sehat")
    assert b.label("en") == "Fairly healthy"
    # A and B are published; C's upper bound and all of D are inferred, and say so.
    assert [x.inferred for x in (a, b, c, d)] == [False, False, True, True]


def test_sql_half_up_agrees_with_python(built_db):
    con = db.connect(str(built_db), read_only=True)
    samples = [74.95, 24.95, 49.95, 0.05, 60.942857142857, 58.45, 12.25, 99.95, 33.35, 74.64999999999999,
               60.04999999999999, 24.9499999]
    got = [con.execute("SELECT half_up(?)", [x]).fetchall()[0][0] for x in samples]
    con.close()
    assert got == [round_half_up(x) for x in samples]


def test_index_is_published_score_when_given():
    assert index_of(59.5, {"HA": 72.5}) == (59.5, "published")


def test_index_is_mean_of_all_seven_values():
    national_2022 = {"BP": 57.9, "AK": 74.1, "KO": 56.7, "HA": 63.8, "LO": 65.8, "AD": 38.9, "KL": 69.4}
    value, basis = index_of(None, national_2022)
    assert basis == "mean_of_values"
    assert round_half_up(value) == 60.9


def test_partial_set_of_values_gives_no_index():
    six = {"BP": 57.9, "AK": 74.1, "KO": 56.7, "HA": 63.8, "LO": 65.8, "AD": 38.9}
    assert index_of(None, six) == (None, None)


def test_delta_is_taken_between_the_numbers_shown():
    # 61.04 shows as 61.0 and 60.86 as 60.9: the reader sees 61,0 − 60,9 = 0,1.
    assert delta(61.04, 60.86) == 0.1
    assert delta(59.5, 60.9) == -1.4


def test_sql_index_matches_rules_on_every_demo_entity_year(built_db):
    """The derived entity_year table agrees with rules.index_of for every entity-year."""
    con = duckdb.connect(str(built_db), read_only=True)
    rows = con.execute("""
        SELECT ey.entity_code, ey.year, ey.idx, ey.index_basis,
               list(s.value_code) FILTER (WHERE s.value_code IS NOT NULL),
               list(s.score) FILTER (WHERE s.value_code IS NOT NULL),
               max(s.score) FILTER (WHERE s.value_code IS NULL)
        FROM entity_year ey JOIN score s USING (dataset, entity_code, year)
        WHERE ey.dataset IN ('demo', 'published') AND s.measure = 'implementasi'
        GROUP BY ALL""").fetchall()
    con.close()
    assert len(rows) > 3000
    for code, year, idx, basis, vcodes, vscores, published in rows:
        expected, expected_basis = index_of(published, dict(zip(vcodes or [], vscores or [])))
        assert basis == expected_basis, (code, year)
        assert (idx is None and expected is None) or abs(idx - expected) < 1e-9, (code, year)


def test_every_demo_index_rounds_the_same_in_sql_and_python(built_db):
    # The Overview rounds in Python, the rank and the export in SQL: they must never differ.
    con = db.connect(str(built_db), read_only=True)
    rows = con.execute("SELECT idx, half_up(idx) FROM entity_year WHERE idx IS NOT NULL").fetchall()
    con.close()
    assert len(rows) > 1000
    assert [(x, y) for x, y in rows if round_half_up(x) != y] == []
