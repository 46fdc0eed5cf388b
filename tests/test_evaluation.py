"""The internal evaluation ("metode evaluasi internal"): the aggregation on small cases computed
by hand, suppression, the checklist and combined scores, import validation, and the separation
from the national survey."""
from __future__ import annotations

import re

import io
import json
from contextlib import contextmanager
from datetime import date
from fractions import Fraction

import pandas as pd
import pytest
from conftest import ADMIN_PASSWORD as PASSWORD
from conftest import ROOT
from streamlit.testing.v1 import AppTest

from berakhlak.data import db
from berakhlak.evaluation import templates as eval_templates
from berakhlak.evaluation import internal as evaluation
from berakhlak.ingest import importer
from berakhlak.evaluation.internal import BEHAVIOUR_ITEMS, Weights
from berakhlak.i18n import set_lang
from berakhlak.domain.rules import round_half_up

ALL_4 = {item: "4" for item in BEHAVIOUR_ITEMS}


def survey_csv(rows: list[dict], sep: str = ",", headers: dict | None = None) -> bytes:
    """rows: dicts with respondent_id, unit_code, year and any behaviour items (missing = empty)."""
    cols = ["respondent_id", "unit_code", "year", *BEHAVIOUR_ITEMS]
    frame = pd.DataFrame([{c: r.get(c, "") for c in cols} for r in rows], columns=cols)
    if headers:
        frame = frame.rename(columns=headers)
    return frame.to_csv(index=False, sep=sep).encode()


def respondents(unit: str, n: int, answers: dict | str = "4", year: int = 2024, prefix: str | None = None) -> list[dict]:
    """n respondents of a unit; answers: one rating for every item, or a dict item -> list of n."""
    out = []
    for i in range(n):
        row = {"respondent_id": f"{prefix or unit}-{i}", "unit_code": unit, "year": str(year)}
        if isinstance(answers, str):
            row.update({item: answers for item in BEHAVIOUR_ITEMS})
        else:
            row.update({item: "4" for item in BEHAVIOUR_ITEMS})
            row.update({item: vals[i] for item, vals in answers.items()})
        out.append(row)
    return out


def import_ok(con, content: bytes, kind: str = "survey", dataset: str = "main"):
    fn = {"survey": evaluation.import_survey, "checklist": evaluation.import_checklist}[kind]
    report = fn(con, content, f"{kind}.csv", dataset=dataset, who="test")
    assert report.ok, [p.message("en") for p in report.problems]
    return report


def by_code(frame: pd.DataFrame) -> dict[str, pd.Series]:
    return {r["entity_code"]: r for _, r in frame.iterrows()}


def pct(mean_rating: Fraction) -> Fraction:
    return (mean_rating - 1) / 4 * 100


# --- the aggregation, by hand ----------------------------------------------------------------

def test_aggregation_matches_a_hand_computed_case(con):
    # Biro 1 (62.B1): 5 respondents. BP1 all 5 -> 100; every other item 4 -> 75, except KL3 where
    # four answer 2 and one skips: the mean is over the 4 answers (2 -> 25), not 8/5.
    b1 = respondents("62.B1", 5, {"BP1": ["5"] * 5, "KL3": ["2", "2", "2", "2", ""]})
    # Biro 2 (62.B2): 10 respondents answering 3 everywhere -> 50.
    b2 = respondents("62.B2", 10, "3")
    import_ok(con, survey_csv(b1 + b2))
    rows = by_code(evaluation.scores(con, "main", "62", 2024, 5))

    bp_b1 = (pct(Fraction(5)) + 2 * pct(Fraction(4))) / 3            # (100 + 75 + 75) / 3
    kl_b1 = (2 * pct(Fraction(4)) + pct(Fraction(2))) / 3            # (75 + 75 + 25) / 3
    idx_b1 = (bp_b1 + 5 * pct(Fraction(4)) + kl_b1) / 7
    assert float(bp_b1) == pytest.approx(83.3333333)
    assert float(kl_b1) == pytest.approx(58.3333333)
    assert rows["62.B1"]["BP"] == pytest.approx(float(bp_b1))
    assert rows["62.B1"]["KL"] == pytest.approx(float(kl_b1))
    assert rows["62.B1"]["survey_idx"] == pytest.approx(float(idx_b1))   # 73.81
    assert rows["62.B2"]["survey_idx"] == pytest.approx(50.0)
    assert int(rows["62.B1"]["respondents"]) == 5

    # The instansi: the respondent-weighted mean over its units, (5 x 73.81 + 10 x 50) / 15.
    inst = rows["62"]
    expected = (5 * idx_b1 + 10 * 50) / 15
    assert inst["survey_idx"] == pytest.approx(float(expected))
    assert round_half_up(inst["survey_idx"]) == 57.9
    assert round_half_up(inst["BP"]) == round_half_up(float((5 * bp_b1 + 10 * 50) / 15)) == 61.1
    assert int(inst["respondents"]) == 15 and int(inst["n_units"]) == 2
    # The weakest value of Biro 1 is Kolaboratif (58.3); of the instansi too (52.8).
    assert rows["62.B1"]["weakest_value"] == "KL"
    assert inst["weakest_value"] == "KL"

    s = evaluation.summary(con, "main", "62", 2024, 5)
    assert s["instansi"]["survey"] == 57.9
    assert s["method"] == "INTERNAL"
    assert s["instansi"]["weakest_values"][0] == "KL"


def test_all_ones_score_zero_and_all_fives_score_hundred(con):
    import_ok(con, survey_csv(respondents("62.B1", 5, "1") + respondents("62.B2", 5, "5")))
    rows = by_code(evaluation.scores(con, "main", "62", 2024, 5))
    assert rows["62.B1"]["survey_idx"] == pytest.approx(0.0)
    assert rows["62.B2"]["survey_idx"] == pytest.approx(100.0)
    assert rows["62"]["survey_idx"] == pytest.approx(50.0)


def test_a_behaviour_nobody_answered_leaves_its_value_and_the_index_missing(con):
    # Never a partial mean: without any AD2 answer, Adaptif has no score and the unit no index.
    rows = respondents("62.B1", 6, {"AD2": [""] * 6})
    import_ok(con, survey_csv(rows + respondents("62.B2", 6)))
    out = by_code(evaluation.scores(con, "main", "62", 2024, 5))
    assert out["62.B1"]["survey_status"] == "incomplete"
    assert pd.isna(out["62.B1"]["survey_idx"]) and pd.isna(out["62.B1"]["AD"])
    assert out["62.B1"]["BP"] == pytest.approx(75.0)
    # The instansi is then the mean of the units that have an index: Biro 2 alone.
    assert out["62"]["survey_idx"] == pytest.approx(75.0)
    assert int(out["62"]["respondents"]) == 6


def test_rows_without_any_answer_are_not_respondents(con):
    rows = respondents("62.B1", 5) + [{"respondent_id": "blank", "unit_code": "62.B1", "year": "2024"}]
    report = import_ok(con, survey_csv(rows))
    assert any(w.key == "eval.blank_rows" for w in report.warnings)
    out = by_code(evaluation.scores(con, "main", "62", 2024, 5))
    assert int(out["62.B1"]["respondents"]) == 5


# --- suppression -------------------------------------------------------------------------------

def test_a_small_unit_is_suppressed_and_the_next_smallest_too(con):
    # B3 has 3 respondents (< 5): hidden. Exactly one unit hidden, so the next-smallest (B1, 6)
    # is hidden too: otherwise B3 follows from the instansi's weighted mean and B1, B2.
    rows = respondents("62.B1", 6, "4") + respondents("62.B2", 20, "3") + respondents("62.B3", 3, "5")
    import_ok(con, survey_csv(rows))
    out = by_code(evaluation.scores(con, "main", "62", 2024, 5))
    assert out["62.B3"]["survey_status"] == "suppressed"
    assert out["62.B1"]["survey_status"] == "complementary"
    assert out["62.B2"]["survey_status"] == "ok"
    for code in ("62.B3", "62.B1"):
        r = out[code]
        # No number leaves the database for a hidden unit: not the index, not a value.
        assert pd.isna(r["survey_idx"]) and pd.isna(r["weakest_value"])
        assert all(pd.isna(r[c]) for c in ("BP", "AK", "KO", "HA", "LO", "AD", "KL"))
    # The instansi still counts every unit: (6 x 75 + 20 x 50 + 3 x 100) / 29.
    assert out["62"]["survey_idx"] == pytest.approx((6 * 75 + 20 * 50 + 3 * 100) / 29)


def test_complementary_suppression_takes_the_smallest_then_the_code(con):
    rows = (respondents("62.B1", 8) + respondents("62.B2", 7) + respondents("62.B4", 7)
            + respondents("62.B3", 2))
    import_ok(con, survey_csv(rows))
    out = by_code(evaluation.scores(con, "main", "62", 2024, 5))
    assert [c for c, r in out.items() if r["survey_status"] == "complementary"] == ["62.B2"]


def test_two_small_units_need_no_complement(con):
    rows = respondents("62.B1", 3) + respondents("62.B2", 4) + respondents("62.B3", 9)
    import_ok(con, survey_csv(rows))
    out = by_code(evaluation.scores(con, "main", "62", 2024, 5))
    assert out["62.B1"]["survey_status"] == out["62.B2"]["survey_status"] == "suppressed"
    assert out["62.B3"]["survey_status"] == "ok"


def test_an_instansi_below_the_minimum_is_hidden_too(con):
    import_ok(con, survey_csv(respondents("62.B1", 4)))
    out = by_code(evaluation.scores(con, "main", "62", 2024, 5))
    assert out["62.B1"]["survey_status"] == "suppressed"
    assert out["62"]["survey_status"] == "suppressed"
    assert pd.isna(out["62"]["survey_idx"])


def test_the_minimum_is_a_parameter(con):
    import_ok(con, survey_csv(respondents("62.B1", 8) + respondents("62.B2", 12)))
    assert (evaluation.scores(con, "main", "62", 2024, 5)["survey_status"] == "ok").sum() == 3
    out = by_code(evaluation.scores(con, "main", "62", 2024, 10))
    assert out["62.B1"]["survey_status"] == "suppressed"
    assert out["62.B2"]["survey_status"] == "complementary"


def test_a_hidden_survey_hides_the_combined_score(con):
    import_ok(con, survey_csv(respondents("62.B1", 3) + respondents("62.B2", 9) + respondents("62.B3", 9)))
    import_ok(con, b"kode,tahun,kriteria,bobot,status,bukti_dukung\n62.B1,2024,SK,1,ada,sk.pdf\n", "checklist")
    out = by_code(evaluation.scores(con, "main", "62", 2024, 5))
    # The checklist score is not survey data: it is shown. The combined would reveal the survey.
    assert out["62.B1"]["inst_score"] == pytest.approx(100.0)
    assert pd.isna(out["62.B1"]["combined"])


# --- checklist and combined ----------------------------------------------------------------------

CHECKLIST = """kode,tahun,no,kriteria,bobot,status,bukti_dukung,catatan_reviewer
62.B1,2024,1,SK tim budaya kerja,30,ada,sk.pdf,
62.B1,2024,2,Rencana aksi,20,sebagian,rencana.pdf,belum disahkan
62.B1,2024,3,Laporan triwulan,50,tidak ada,,
"""


def test_checklist_score_is_the_weighted_share_met(con):
    import_ok(con, survey_csv(respondents("62.B1", 10, "4") + respondents("62.B2", 10)))
    import_ok(con, CHECKLIST.encode(), "checklist")
    out = by_code(evaluation.scores(con, "main", "62", 2024, 5))
    r = out["62.B1"]
    # (30 x 1 + 20 x 1/2 + 50 x 0) / 100 = 40
    assert r["inst_score"] == pytest.approx(40.0)
    assert (int(r["inst_items"]), int(r["inst_met"]), int(r["inst_partial"])) == (3, 1, 1)
    # combined = (80 x 75 + 20 x 40) / 100: the 2025 self-run index's weights (MANDIRI-2025)
    assert r["combined"] == pytest.approx(68.0)
    equal = by_code(evaluation.scores(con, "main", "62", 2024, 5, Weights(survey=50)))
    assert equal["62.B1"]["combined"] == pytest.approx(57.5)  # the named alternative, 50/50
    # No checklist for Biro 2: no institutional score, so no combined (never half of it).
    assert pd.isna(out["62.B2"]["inst_score"]) and pd.isna(out["62.B2"]["combined"])

    weighted = by_code(evaluation.scores(con, "main", "62", 2024, 5, Weights(survey=70, partial_credit=0)))
    assert weighted["62.B1"]["inst_score"] == pytest.approx(30.0)
    assert weighted["62.B1"]["combined"] == pytest.approx(0.7 * 75 + 0.3 * 30)


def test_checklist_reimport_replaces_the_whole_entity_year(con):
    import_ok(con, CHECKLIST.encode(), "checklist")
    again = import_ok(con, CHECKLIST.encode(), "checklist")
    assert (again.added, again.replaced, again.unchanged) == (0, 0, 1)
    shorter = "kode,tahun,kriteria,bobot,status,bukti\n62.B1,2024,Satu-satunya,10,ada,x.pdf\n"
    report = import_ok(con, shorter.encode(), "checklist")
    assert report.replaced == 1
    items = db.query(con, "eval_checklist_items", dataset="main", instansi="62", year=2024)
    assert items["criterion"].tolist() == ["Satu-satunya"]


def test_checklist_problems_name_row_and_column_and_nothing_is_written(con):
    bad = ("kode,tahun,kriteria,bobot,status\n"
           "62.B1,2024,A,x,ya\n"
           "ZZ,2O24,,0,mungkin\n"
           "62.B1,2024,a,5,ada\n")
    report = evaluation.import_checklist(con, bad.encode(), "c.csv", dataset="main")
    messages = [p.message("id") for p in report.problems]
    assert "Baris 2, kolom 'bobot': 'x' bukan angka (contoh: 58,5 atau 58.5 atau 58,5%)." in messages
    # Every problem of row 3, each in its own column.
    row3 = [p.column for p in report.problems if p.row == 3]
    assert row3 == ["kode", "tahun", "kriteria", "bobot", "status"]
    assert not db.query(con, "eval_checklist_items", dataset="main", instansi="62", year=2024).shape[0]
    assert "main" not in set(db.query(con, "dataset_list")["name"])


# --- survey import validation ---------------------------------------------------------------------

def test_survey_problems_name_row_and_column_in_the_ui_language(con):
    good = respondents("62.B1", 5)
    bad = [
        {**ALL_4, "respondent_id": "x1", "unit_code": "62.B1", "year": "2024", "BP2": "6"},
        {**ALL_4, "respondent_id": "", "unit_code": "99.Z", "year": "20x4", "KL3": "empat"},
        {**ALL_4, "respondent_id": "62.B1-0", "unit_code": "62.B1", "year": "2024"},
        {**ALL_4, "respondent_id": "x4", "unit_code": "62", "year": "2024"},
    ]
    before = db.query(con, "data_version").iloc[0, 0]
    report = evaluation.import_survey(con, survey_csv(good + bad, sep=";", headers={"unit_code": "kode_unit"}),
                                      "survei.csv", dataset="main")
    assert not report.ok
    msgs = [p.message("id") for p in report.problems]
    assert "Baris 7, kolom 'BP2': '6' bukan jawaban yang sah: isi 1, 2, 3, 4 atau 5, atau kosongkan bila tidak dijawab." in msgs
    assert "Baris 8, kolom 'respondent_id': wajib diisi." in msgs
    assert "Baris 8, kolom 'year': '20x4' bukan tahun (contoh: 2024)." in msgs
    assert any(m.startswith("Baris 8, kolom 'KL3': 'empat'") for m in msgs)
    assert any(m.startswith("Baris 8, kolom 'kode_unit': kode unit '99.Z' tidak dikenal") for m in msgs)
    assert "Baris 9, kolom 'respondent_id': ID responden '62.B1-0' sudah dipakai di baris 2 untuk tahun yang sama." in msgs
    assert any(m.startswith("Baris 10, kolom 'kode_unit': kode 62 adalah provinsi, bukan unit kerja") for m in msgs)
    english = [p.message("en") for p in report.problems]
    assert "Row 7, column 'BP2': '6' is not a valid answer: enter 1, 2, 3, 4 or 5, or leave it empty when not answered." in english
    # Nothing written.
    assert db.query(con, "data_version").iloc[0, 0] == before
    assert con.execute("SELECT count(*) FROM eval_survey_unit WHERE dataset = 'main'").fetchall()[0][0] == 0


def test_many_bad_cells_are_counted_not_listed_one_by_one(con):
    rows = respondents("62.B1", evaluation.PROBLEMS_PER_CHECK + 30, "9")
    report = evaluation.import_survey(con, survey_csv(rows), "s.csv", dataset="main")
    bp1 = [p for p in report.problems if p.column == "BP1"]
    assert len(bp1) == evaluation.PROBLEMS_PER_CHECK + 1
    assert bp1[-1].key == "eval.more_problems" and bp1[-1].params["count"] == 30


def test_missing_columns_are_named(con):
    content = b"id_responden,kode_unit\nR1,62.B1\n"
    report = evaluation.import_survey(con, content, "s.csv", dataset="main")
    msgs = [p.message("id") for p in report.problems]
    assert any("kolom wajib tidak ada: year" in m for m in msgs)
    assert any("kolom perilaku tidak ada: BP1, BP2" in m for m in msgs)


def test_reimport_changes_nothing_and_a_changed_unit_is_replaced(con):
    content = survey_csv(respondents("62.B1", 5) + respondents("62.B2", 6))
    first = import_ok(con, content)
    assert (first.added, first.replaced, first.unchanged) == (2, 0, 0)
    again = import_ok(con, content)
    assert (again.added, again.replaced, again.unchanged) == (0, 0, 2)
    changed = import_ok(con, survey_csv(respondents("62.B1", 5, "5")))
    assert (changed.added, changed.replaced, changed.unchanged) == (0, 1, 0)
    out = by_code(evaluation.scores(con, "main", "62", 2024, 5))
    assert out["62.B1"]["BP"] == pytest.approx(100.0) and out["62.B2"]["BP"] == pytest.approx(75.0)


def test_dry_run_writes_nothing(con):
    report = evaluation.import_survey(con, survey_csv(respondents("62.B1", 5)), "s.csv", dataset="main",
                                      dry_run=True)
    assert report.ok and report.added == 1
    assert con.execute("SELECT count(*) FROM eval_survey_unit WHERE dataset = 'main'").fetchall()[0][0] == 0


def test_xlsx_with_a_notes_sheet_and_new_unit(con):
    rows = respondents("62.BX1", 5)
    frame = pd.DataFrame([{**r, "nama_unit": "Bagian Baru", "kode_induk": "62"} for r in rows])
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl") as xl:
        pd.DataFrame({"Petunjuk": ["isi satu baris per responden"]}).to_excel(xl, sheet_name="Petunjuk", index=False)
        frame.to_excel(xl, sheet_name="Survei", index=False)
    report = evaluation.import_survey(con, buf.getvalue(), "survei.xlsx", dataset="main")
    assert report.ok, [p.message("en") for p in report.problems]
    unit = db.query(con, "entity_list_all").set_index("code").loc["62.BX1"]
    assert (unit["name"], unit["level"], unit["parent_code"]) == ("Bagian Baru", "unit", "62")


def test_reserved_datasets_are_refused(con):
    report = evaluation.import_survey(con, survey_csv(respondents("62.B1", 5)), "s.csv", dataset="demo")
    assert [p.key for p in report.problems] == ["import.bad_dataset"]


# --- kept apart from the national survey ----------------------------------------------------------

def test_internal_method_is_never_picked_by_year(con):
    methods = db.query(con, "method_list")
    assert "INTERNAL" in set(methods["code"])
    ref = importer.Reference.load(con)
    for year in range(2020, 2031):
        assert importer._method_for(year, ref.methods) != "INTERNAL"
    # The Overview's method of a year is still the national one, and only one.
    head = db.query(con, "entity_year_index", dataset="published", entity="62", year=2024)
    assert head["method"].tolist() == ["BRIN-2024"]
    # A national import that names the internal method is rejected.
    content = b"entity_code,year,score,method\n62,2024,80,INTERNAL\n"
    report = importer.import_file(con, "x.csv", content=content, dataset="main")
    assert [p.key for p in report.problems] == ["import.method_year"]


def test_internal_results_never_enter_the_national_series(con):
    score_rows = con.execute("SELECT count(*) FROM score").fetchall()[0][0]
    entity_year = con.execute("SELECT count(*) FROM entity_year").fetchall()[0][0]
    import_ok(con, survey_csv(respondents("62.B1", 5) + respondents("62.B2", 5)))
    import_ok(con, CHECKLIST.encode(), "checklist")
    assert con.execute("SELECT count(*) FROM score").fetchall()[0][0] == score_rows
    assert con.execute("SELECT count(*) FROM entity_year").fetchall()[0][0] == entity_year
    assert con.execute("SELECT count(*) FROM score WHERE method = 'INTERNAL'").fetchall()[0][0] == 0


def test_demo_evaluation_is_loaded_synthetic_and_shows_suppression(built_db):
    con = db.connect(str(built_db), read_only=True)
    try:
        units = con.execute("SELECT count(*), count(*) FILTER (WHERE respondents < 5) FROM eval_survey_unit "
                            "WHERE dataset = 'demo'").fetchall()[0]
        assert units[0] == 38 * 9 * 3 and units[1] > 0
        assert con.execute("SELECT count(*) FROM eval_survey_unit WHERE dataset <> 'demo'").fetchall()[0][0] == 0
        evidence = con.execute("SELECT DISTINCT evidence FROM eval_checklist WHERE evidence IS NOT NULL").fetchall()
        assert all(e[0].startswith("sintetis/") for e in evidence)
        kalteng = evaluation.summary(con, "demo", "62", 2025, 5, today=date(2026, 11, 23))
        assert kalteng["instansi"]["survey"] is not None and len(kalteng["units"]) == 9
        json.dumps(kalteng)
    finally:
        con.close()


# --- the Evaluasi Internal page (AppTest) ---------------------------------------------------------



@contextmanager
def language(lang: str):
    """AppTest formats widget options in the test's thread too: keep it in the page's language."""
    set_lang(lang)
    try:
        yield
    finally:
        set_lang("id")


def open_page(page: str, params: dict | None = None) -> AppTest:
    """Run the app (sidebar, language, dataset) with `params` in the URL, then go to `page` and
    pick the params' instansi and year there (the Overview, run first, knows other years)."""
    params = dict(params or {})
    params.setdefault("ds", "demo")  # the synthetic evaluation (the app opens on published figures for Kalteng)
    picks = {k: params.pop(k) for k in ("entity", "year") if k in params}
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    for k, v in params.items():
        at.query_params[k] = v
    at.run()
    at.switch_page(page).run()
    prefix = "eval" if page.endswith("evaluation.py") else "ra"
    for k, v in picks.items():
        at.selectbox(key=f"{prefix}_{k}").set_value(int(v) if k == "year" else v).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def page_text(at: AppTest) -> str:
    """The page's text as a reader sees it: Markdown's backslash escapes (of text from data) and
    the word joiners that break autolinks are not shown."""
    parts = [f"{m.label} {m.value} {m.delta or ''}" for m in at.metric]
    for kind in (at.markdown, at.caption, at.info, at.warning, at.success, at.error, at.title, at.subheader):
        parts += [str(e.value) for e in kind]
    return re.sub(r"\\([^\w\s])", r"\1", "\n".join(parts)).replace("\u2060", "")


def unit_table(at: AppTest) -> pd.DataFrame:
    for frame in at.dataframe:
        if frame.value.columns[0] in ("Unit",) and "Survei" in frame.value.columns or "Survey" in frame.value.columns:
            return frame.value
    raise AssertionError("no per-unit table on the page")


def test_page_shows_every_bureau_in_indonesian_on_the_demo(app_env):
    at = open_page("pages/evaluation.py", {"entity": "62", "year": "2026"})
    text = page_text(at)
    assert "Metode evaluasi internal" in text and "bukan" in text  # the method is named as its own
    assert "data sintetis (ilustrasi)" in text.lower()
    table = unit_table(at)
    assert len(table) == 10
    assert table.iloc[0]["Unit"] == "Instansi: Kalimantan Tengah"
    assert "Biro Organisasi" in set(table["Unit"])
    # Indonesian numbers: a decimal comma.
    metrics = {m.label: m.value for m in at.metric}
    assert "," in metrics["Survei internal 2026"] and at.query_params["year"] == "2026"
    assert "Nilai terlemah Kalimantan Tengah:" in text
    assert "Rencana aksi merah dan kuning, 2026" in text
    # No number without its source: the synthetic generator is named as such.
    assert "Survei individu: berkas “demo evaluasi internal" in text
    assert "sintetis, dibuat untuk ilustrasi" in text


def test_page_shows_suppression_in_words_not_numbers(app_env):
    con = db.connect(str(app_env), read_only=True)
    try:
        # A demo province-year where exactly one bureau has fewer than 5 respondents.
        prov, year = con.execute("""
            SELECT e.parent_code, s.year FROM eval_survey_unit s JOIN entity e ON e.code = s.entity_code
            WHERE s.dataset = 'demo' GROUP BY ALL HAVING count(*) FILTER (WHERE s.respondents < 5) = 1
            ORDER BY 1, 2 LIMIT 1""").fetchall()[0]
    finally:
        con.close()
    at = open_page("pages/evaluation.py", {"entity": prov, "year": str(year)})
    table = unit_table(at)
    assert (table["Survei"] == "disembunyikan: kurang responden (n < 5)").sum() == 1
    assert (table["Survei"] == "disembunyikan: pelengkap (melindungi unit kecil)").sum() == 1
    hidden = table[table["Survei"].isin(["disembunyikan: kurang responden (n < 5)", "disembunyikan: pelengkap (melindungi unit kecil)"])]
    assert (hidden["Gabungan"] == "–").all() and (hidden["Nilai terlemah"] == "–").all()
    assert "Unit dengan kurang dari 5 responden tidak diberi skor" in page_text(at)


def test_page_in_english_uses_english_labels_and_numbers(app_env):
    with language("en"):
        at = open_page("pages/evaluation.py", {"lang": "en", "entity": "62", "year": "2026"})
    metrics = {m.label: m.value for m in at.metric}
    assert "." in metrics["Internal survey 2026"] and "," not in metrics["Internal survey 2026"]
    assert "Internal evaluation method" in page_text(at)
    assert unit_table(at).iloc[0]["Unit"] == "Organisation: Kalimantan Tengah"


def test_published_dataset_says_what_to_do(app_env):
    at = open_page("pages/evaluation.py", {"ds": "published"})
    assert "Belum ada data evaluasi internal" in page_text(at)
    assert "Impor data" in page_text(at)


def test_without_an_admin_a_file_is_checked_but_not_saved(app_env, monkeypatch):
    monkeypatch.delenv("BERAKHLAK_ADMIN_PASSWORD", raising=False)
    at = open_page("pages/evaluation.py")
    bad = survey_csv(respondents("62.B1", 2) + [{**ALL_4, "respondent_id": "x", "unit_code": "62.B1",
                                                   "year": "2026", "AD3": "7"}])
    at.file_uploader[0].upload("survei.csv", bad, "text/csv").run()
    text = page_text(at)
    assert "Impor dibatalkan: 1 masalah ditemukan. Tidak ada data yang diubah." in text
    assert "Baris 4, kolom 'AD3': '7' bukan jawaban yang sah" in text
    good = survey_csv(respondents("62.B1", 5, year=2026))
    at.file_uploader[0].upload("survei.csv", good, "text/csv").run()
    assert "Berkas valid." in page_text(at)
    save = at.button(key="save_survey")
    assert save.disabled
    assert "belum ada admin yang dikonfigurasi" in page_text(at)


def test_a_bureau_head_imports_survey_checklist_and_plan_then_sees_the_results(app_rw):
    """The issue's 'done when': import a survey and an evidence checklist for the 9 bureaus (and the
    action plan), then see each bureau's scores, the weakest values and the red and yellow items,
    in Indonesian."""
    con = db.connect(str(app_rw), read_only=True)
    units = db.query(con, "entity_list_all")
    con.close()
    units = units[(units["parent_code"] == "62") & (units["level"] == "unit")][["code", "name"]]
    files = {kind: eval_templates.sample_csv(kind, "62", units, 2026) for kind in ("survey", "checklist", "actions")}

    at = open_page("pages/evaluation.py")
    at.text_input(key="admin_name").set_value("Kepala Biro Organisasi")
    at.text_input(key="admin_password").set_value(PASSWORD)
    next(b for b in at.button if b.label == "Masuk").click().run()
    assert "Masuk sebagai admin" in page_text(at) and "Kepala Biro Organisasi" in page_text(at)
    for i, kind in enumerate(("survey", "checklist", "actions")):
        at.file_uploader[i].upload(f"{kind}.csv", files[kind], "text/csv").run()
        assert "Berkas valid." in page_text(at), page_text(at)
        at.button(key=f"save_{kind}").click().run()
        assert not at.exception, [e.value for e in at.exception]
        assert "Tersimpan di dataset 'main'" in page_text(at)

    # The page now shows the user's own dataset: every bureau with its scores.
    assert at.query_params["ds"] == "main"
    table = unit_table(at)
    assert len(table) == 10
    bureaus = table.iloc[1:]
    assert bureaus["Survei"].str.fullmatch(r"\d{1,3},\d").all()
    assert bureaus["Bukti dukung"].str.fullmatch(r"\d{1,3},\d").all()
    assert bureaus["Gabungan"].str.fullmatch(r"\d{1,3},\d").all()
    text = page_text(at)
    assert "Nilai terlemah Kalimantan Tengah:" in text
    assert "**Merah** · Biro" in text or "**Kuning** · Biro" in text
    assert "sintetis" not in " ".join(bureaus["Unit"])
    assert "Survei individu: berkas “survey.csv”, diimpor oleh admin" in text and "Kepala Biro Organisasi" in text, [ln for ln in text.splitlines() if "Survei individu" in ln]
    assert "Penilaian bukti dukung: berkas “checklist.csv”" in text
    # The import log knows who.
    con = db.connect(str(app_rw), read_only=True)
    who = con.execute("SELECT DISTINCT who FROM import_log WHERE dataset = 'main'").fetchall()
    con.close()
    assert who == [("admin (Kepala Biro Organisasi)",)]


# --- templates and the CLI ------------------------------------------------------------------------

def test_a_filled_in_xlsx_template_imports(con):
    units = db.query(con, "entity_list_all")
    units = units[(units["parent_code"] == "62") & (units["level"] == "unit")][["code", "name"]]
    content = eval_templates.template_xlsx("checklist", "62", "Kalimantan Tengah", units, 2026, "id")
    sheets = pd.read_excel(io.BytesIO(content), sheet_name=None, dtype=str)
    assert list(sheets) == ["Petunjuk", "Bukti dukung", "Daftar unit"]
    data = sheets["Bukti dukung"]
    assert len(data) == 10 * len(eval_templates.CRITERIA)  # the instansi and its 9 bureaus
    # As downloaded, every status is still empty: refused, with every row named.
    report = evaluation.import_checklist(con, content, "t.xlsx", dataset="main")
    assert {p.key for p in report.problems} == {"import.required"} and len(report.problems) == len(data)
    data["status"] = "ada"
    data["bukti_dukung"] = "bukti.pdf"
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl") as xl:
        sheets["Petunjuk"].to_excel(xl, sheet_name="Petunjuk", index=False)
        data.to_excel(xl, sheet_name="Bukti dukung", index=False)
    report = evaluation.import_checklist(con, buf.getvalue(), "t.xlsx", dataset="main")
    assert report.ok and report.added == 10


def test_survey_template_has_every_behaviour_column(con):
    header = eval_templates.template_csv("survey", "62", pd.DataFrame(columns=["code", "name"]), 2026, lang="id")
    columns = pd.read_csv(io.BytesIO(header), sep=";", encoding="utf-8-sig").columns  # the Indonesian dialect
    assert [evaluation.survey_header(c) for c in columns][4:] == list(BEHAVIOUR_ITEMS)
    assert {evaluation.survey_header(c) for c in columns[:4]} == {"respondent_id", "unit_code", "unit_name", "year"}


def test_cli_imports_reports_and_exits_like_the_main_cli(fresh_db, tmp_path, capsys):
    from berakhlak.cli import main as cli

    good = tmp_path / "survei.csv"
    good.write_bytes(survey_csv(respondents("62.B1", 6) + respondents("62.B2", 3)))
    bad = tmp_path / "rusak.csv"
    bad.write_bytes(survey_csv([{**ALL_4, "respondent_id": "a", "unit_code": "62.B1", "year": "2024", "HA2": "0"}]))

    assert cli.main(["eval-import", "survey", str(bad), "--db", str(fresh_db)]) == 2
    err = capsys.readouterr().err
    assert "Baris 2, kolom 'HA2': '0' bukan jawaban yang sah" in err
    assert cli.main(["eval-import", "survey", str(good), "--db", str(fresh_db)]) == 0
    assert "2 ditambah" in capsys.readouterr().out
    assert cli.main(["--lang", "en", "eval-summary", "--entity", "62", "--year", "2024", "--db", str(fresh_db),
                          "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    units = {u["entity_code"]: u for u in out["units"]}
    assert units["62.B2"]["survey_status"] == "suppressed" and units["62.B2"]["survey"] is None
    assert units["62.B1"]["survey_status"] == "complementary"
    assert cli.main(["eval-import", "survey", str(tmp_path / "nope.csv"), "--db", str(fresh_db)]) == 1


def test_the_main_cli_hook_is_one_call(fresh_db, capsys):
    """berakhlak.cli.main registers the evaluation commands with one call: `register(sub, COMMANDS)`."""
    import argparse

    from berakhlak.cli import evaluation as cli_eval

    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="command")
    commands: dict = {}
    cli_eval.register(sub, commands)
    args = parser.parse_args(["eval-summary", "--entity", "62", "--year", "2025", "--dataset", "demo",
                              "--db", str(fresh_db)])
    assert commands[args.command](args) == 0
    assert "Biro Organisasi" in capsys.readouterr().out


# --- chart builders ---------------------------------------------------------------------------------

def test_heatmap_shows_hidden_units_in_words_and_years_nowhere(con):
    from berakhlak.present import charts_eval

    import_ok(con, survey_csv(respondents("62.B1", 6) + respondents("62.B2", 20, "3") + respondents("62.B3", 3, "5")))
    frame = evaluation.scores(con, "main", "62", 2024, 5)
    fig = charts_eval.unit_value_heatmap(frame, db.query(con, "value_list"), "id", suppressed_text="tersembunyi")
    heat = fig.data[0]
    rows = dict(zip(heat.y, heat.text))
    assert rows["Biro Kesejahteraan Rakyat"] == ["tersembunyi"] * 7          # 3 respondents
    assert rows["Biro Pemerintahan dan Otonomi Daerah"] == ["tersembunyi"] * 7  # the complement
    assert rows["Biro Hukum"] == ["50,0"] * 7
    z = dict(zip(heat.y, heat.z))
    assert all(v is None for v in z["Biro Kesejahteraan Rakyat"])  # no number behind the words
    assert heat.x[0] == "Berorientasi<br>Pelayanan"
    bars = charts_eval.score_bars(frame, "en")
    assert [b.name for b in bars.data] == ["Survey", "Evidence", "Combined"]


def test_survey_csv_reading_handles_bom_semicolons_quotes_and_spaces(con):
    rows = respondents("62.B1", 5)
    content = b"\xef\xbb\xbf" + survey_csv(rows, sep=";").replace(b";4;", b"; 4 ;", 1)
    report = evaluation.import_survey(con, content, "s.csv", dataset="main", dry_run=True)
    assert report.ok and report.added == 1, [p.message("en") for p in report.problems]
    broken = survey_csv(rows) + b"x,62.B1,2024,1,2\n\"unclosed,62.B1\n"
    report = evaluation.import_survey(con, broken, "s.csv", dataset="main")
    # The unclosed quote and the short row are reported (by row), and nothing is written.
    assert not report.ok and all(p.row for p in report.problems), [p.message("en") for p in report.problems]
    assert evaluation.import_survey(con, b"", "s.csv", dataset="main").problems[0].key == "import.file_empty"
