"""Minimum-respondent suppression is enforced in the query layer (migrations/0002): no summary,
rank, export or Overview shows a score of a group below the minimum, nor of the unit hidden with
it (complementary suppression) so that the parent's total cannot give the first one away."""
from __future__ import annotations

import json
import random

import pandas as pd
import pytest
from conftest import app_on, copy_with_import, read_only

from berakhlak.cli import main as cli
from berakhlak.data import db
from berakhlak.present import export
from berakhlak.domain.summary import summarize

# The province 62 and 4 of its bureaus. 2024: one unit under 5 (U1) -> U2, the smallest of the
# others, is hidden too. 2025: two under 5 -> nothing more. 2026: none under 5.
UNITS = {"62.U1": 3, "62.U2": 8, "62.U3": 20, "62.U4": 50}
ROWS = [("62", "", "provinsi", "", 2024, "", 70.0, 81), ("62", "", "provinsi", "", 2025, "", 72.0, 86),
        ("62", "", "provinsi", "", 2026, "", 73.0, 90)]
for year, sizes in ((2024, UNITS), (2025, {**UNITS, "62.U2": 4}), (2026, {**UNITS, "62.U1": 6})):
    for i, (code, n) in enumerate(sizes.items()):
        ROWS.append((code, f"Biro {code[-1]}", "unit", "62", year, "", 60.0 + i + (year - 2024) / 10, n))
        ROWS.append((code, f"Biro {code[-1]}", "unit", "62", year, "AD", 55.0 + i, n))


@pytest.fixture(scope="module")
def sup_db(built_db, tmp_path_factory):
    frame = pd.DataFrame(ROWS, columns=["entity_code", "entity_name", "entity_level", "parent_code", "year",
                                        "value_code", "score", "respondents"])
    return copy_with_import(built_db, tmp_path_factory.mktemp("sup"), frame, "sup", "biro.csv")


@pytest.fixture
def ro(sup_db):
    yield from read_only(sup_db)


def suppression(con, min_n: int = 5) -> dict:
    rows = con.execute("SELECT entity_code, year, suppression FROM entity_year_suppression(?) "
                       "WHERE dataset = 'sup'", [min_n]).fetchall()
    return {(c, y): s for c, y, s in rows}


def test_primary_and_complementary_suppression(ro):
    s = suppression(ro)
    assert s[("62.U1", 2024)] == "respondents"
    assert s[("62.U2", 2024)] == "complementary"  # the next-smallest unit of the same parent
    assert s[("62.U3", 2024)] is None and s[("62.U4", 2024)] is None
    assert s[("62", 2024)] is None  # the parent itself is shown
    # two units under the minimum: their sum is all the parent reveals, nothing more is hidden
    assert s[("62.U1", 2025)] == "respondents" and s[("62.U2", 2025)] == "respondents"
    assert s[("62.U3", 2025)] is None
    assert all(v is None for (c, y), v in s.items() if y == 2026)


def test_the_minimum_is_a_parameter_with_the_default_bound(ro):
    assert all(v is None for v in suppression(ro, 1).values())
    default = db.query(ro, "entity_year_index", dataset="sup", entity="62.U1", year=2024)
    assert bool(default.iloc[0]["suppressed"]) and pd.isna(default.iloc[0]["idx"])
    low = db.query(ro, "entity_year_index", dataset="sup", entity="62.U1", year=2024, min_respondents=2)
    assert not bool(low.iloc[0]["suppressed"]) and low.iloc[0]["idx"] == pytest.approx(60.0)


@pytest.mark.parametrize("unit,reason", [("62.U1", "respondents"), ("62.U2", "complementary")])
def test_summary_reveals_no_suppressed_score(ro, unit, reason):
    s = summarize(ro, unit, 2024, "sup")
    assert s["suppressed"] is True
    assert s["index"] is None and s["values"] == {} and s["rank"] is None and s["category"] is None
    assert s["respondents"] == UNITS[unit]


def test_the_cli_summary_reveals_no_suppressed_score(sup_db, capsys):
    assert cli.main(["summary", "--db", str(sup_db), "--entity", "62.U2", "--year", "2024", "--dataset", "sup"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["suppressed"] and out["index"] is None and out["values"] == {}
    assert cli.main(["summary", "--db", str(sup_db), "--entity", "62.U2", "--year", "2024", "--dataset", "sup",
                     "--format", "text"]) == 0
    text = capsys.readouterr().out
    assert "Disembunyikan sebagai pelengkap (n = 8, cukup)" in text and "61" not in text


def test_rank_leaves_out_suppressed_units(ro):
    s = summarize(ro, "62.U3", 2024, "sup")
    # U3 and U4 only: a rank among 2 means nothing, so none is given, and summary says why
    assert s["rank"] is None and s["rank_withheld"]["of"] == 2 and s["rank_withheld"]["reason"] == "few"
    assert summarize(ro, "62.U4", 2026, "sup")["rank_withheld"]["of"] == 4


def test_previous_skips_a_suppressed_year(ro):
    s = summarize(ro, "62.U2", 2026, "sup")
    assert s["previous"] is None  # 2024 hidden (complementary), 2025 hidden (n = 4)
    s = summarize(ro, "62.U4", 2026, "sup")
    assert s["previous"]["year"] == 2025


def test_export_leaves_out_suppressed_scores(sup_db, tmp_path, capsys):
    out = tmp_path / "sup.csv"
    assert cli.main(["export", str(out), "--db", str(sup_db), "--dataset", "sup"]) == 0
    err = capsys.readouterr().err
    frame = pd.read_csv(out, sep=";", decimal=",", dtype={"entity_code": str}, encoding="utf-8-sig")  # the id dialect
    shown = set(zip(frame["entity_code"], frame["year"]))
    hidden = {("62.U1", 2024), ("62.U2", 2024), ("62.U1", 2025), ("62.U2", 2025)}
    assert not (shown & hidden)
    assert ("62.U3", 2024) in shown and ("62.U1", 2026) in shown
    assert "8 baris skor tidak diekspor" in err  # 4 entity-years x 2 scores
    con = db.connect(str(sup_db), read_only=True)
    assert export.withheld_count(con, "sup") == 8
    con.close()


def test_every_suppressed_demo_entity_year_shows_no_score(built_db):
    con = db.connect(str(built_db), read_only=True)
    hidden = con.execute("SELECT entity_code, year, suppression FROM entity_year_suppression(5) "
                         "WHERE dataset = 'demo' AND suppressed ORDER BY ALL").fetchall()
    kinds = {k for _, _, k in hidden}
    assert kinds == {"respondents", "complementary"}
    for code, year, _ in random.Random(5).sample(hidden, 25):
        s = summarize(con, code, year, "demo")
        assert s["suppressed"] and s["index"] is None and s["values"] == {}
        assert db.query(con, "entity_value_scores", dataset="demo", entity=code, year=year).empty
        assert year not in set(db.query(con, "entity_index_history", dataset="demo", entity=code)["year"])
    con.close()


def test_overview_of_a_complementary_unit(sup_db, monkeypatch):
    at = app_on(sup_db, monkeypatch, {"ds": "sup", "entity": "62.U2", "year": "2024"})
    assert not at.exception, at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Indeks BerAKHLAK 2024"] == "–"
    assert any("pelengkap (n = 8, cukup)" in w.value and "kurang dari 5" in w.value for w in at.warning)
    shown = " ".join(str(m.value) for m in at.metric) + " ".join(m.value for m in at.markdown)
    assert "61,0" not in shown and "56,0" not in shown
