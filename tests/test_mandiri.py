"""The 2025 self-run index (MANDIRI-2025): 80/20 weights by default with their source, 50/50 as a
named alternative, and a bureau head publishing an evaluated year's unit results as index
figures, which the Unit page, the ranks, the categories and the deck then show like any index,
with the method break against 2024."""
from __future__ import annotations

import subprocess
import sys

import pandas as pd
from conftest import ADMIN_PASSWORD as PASSWORD
from conftest import ROOT
from streamlit.testing.v1 import AppTest

from berakhlak.data import db
from berakhlak.evaluation import internal, mandiri
from berakhlak.evaluation import templates as eval_templates
from berakhlak.i18n import set_lang
from berakhlak.ingest import importer


def units_of(path, parent="62") -> pd.DataFrame:
    con = db.connect(str(path), read_only=True)
    units = db.query(con, "entity_list_all")
    con.close()
    return units[(units["parent_code"] == parent) & (units["level"] == "unit")][["code", "name"]]


def page_text(at: AppTest) -> str:
    parts = [m.label + " " + str(m.value) + " " + str(m.delta or "") for m in at.metric]
    for kind in (at.markdown, at.title, at.caption, at.warning, at.info, at.success, at.subheader):
        parts += [e.value for e in kind]
    return "\n".join(parts)


def test_the_default_weights_are_the_2025_self_run_index():
    assert internal.Weights().survey == 80 and internal.Weights().institution == 20
    assert internal.EQUAL_SURVEY_WEIGHT == 50
    assert mandiri.can_publish(internal.Weights()) and not mandiri.can_publish(internal.Weights(survey=50))


def test_published_figures_are_reversible_like_an_import(fresh_db):
    units = units_of(fresh_db)
    with db.writer(str(fresh_db)) as con:
        for kind in ("survey", "checklist"):
            content = eval_templates.sample_csv(kind, "62", units, 2025)
            fn = {"survey": internal.import_survey, "checklist": internal.import_checklist}[kind]
            assert fn(con, content, f"{kind}.csv", dataset="main", who="test").ok
    con = db.connect(str(fresh_db), read_only=True)
    frame = mandiri.publish_frame(con, "main", "62", 2025, 5)
    con.close()
    assert len(frame) >= 2 and set(frame["method"]) == {"MANDIRI-2025"}
    with db.writer(str(fresh_db)) as con:
        done = mandiri.publish(con, frame, dataset="main", instansi="62", year=2025, who="Kepala Biro")
    assert done.ok and done.added == len(frame)
    con = db.connect(str(fresh_db), read_only=True)
    methods = con.execute("SELECT DISTINCT method FROM entity_year WHERE dataset='main' AND year=2025").fetchall()
    con.close()
    assert methods == [("MANDIRI-2025",)]
    with db.writer(str(fresh_db)) as con:
        importer.rollback(con, done.import_id, who="Kepala Biro")
    con = db.connect(str(fresh_db), read_only=True)
    assert con.execute("SELECT count(*) FROM score WHERE dataset='main' AND method='MANDIRI-2025'").fetchall() == [(0,)]
    con.close()


def test_a_bureau_head_publishes_2025_and_sees_it_on_the_unit_page_and_in_the_deck(app_rw, tmp_path):
    """Tried as a new user would: import the 2025 survey and evidence checklist on Evaluasi
    Internal, publish the unit results as the 2025 index, then open the Unit page and the deck."""
    set_lang("id")
    units = units_of(app_rw)
    # The instansi's 2024 unit figures (national survey, BRIN-2024) are already in its dataset.
    rows = ["entity_code,year,score,respondents"] + [f"{c},2024,70,40" for c in units["code"]]
    con = db.connect(str(app_rw))
    assert importer.import_file(con, content="\n".join(rows).encode(), file_name="2024.csv", dataset="main").ok
    con.close()
    files = {kind: eval_templates.sample_csv(kind, "62", units, 2025) for kind in ("survey", "checklist")}

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
    at.query_params["ds"] = "main"
    at.run()
    at.switch_page("pages/evaluation.py").run()
    at.text_input(key="admin_name").set_value("Kepala Biro Organisasi")
    at.text_input(key="admin_password").set_value(PASSWORD)
    next(b for b in at.button if b.label == "Masuk").click().run()
    for i, kind in enumerate(("survey", "checklist")):
        at.file_uploader[i].upload(f"{kind}.csv", files[kind], "text/csv").run()
        at.button(key=f"save_{kind}").click().run()
        assert not at.exception, [e.value for e in at.exception]
    text = page_text(at)
    assert "80 % survei + 20 % bukti dukung" in text and "kedai.my.id" in text  # cited on the page
    assert "Terbitkan" in "\n".join(e.label for e in at.expander)
    at.button(key="mandiri_publish").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert "Diterbitkan:" in page_text(at)

    # The Unit page shows the 2025 index of every unit, its categories and ranks, and the break.
    at.query_params["inst"] = "62"
    at.query_params["year"] = "2025"
    at.switch_page("pages/units.py").run()
    assert not at.exception, [e.value for e in at.exception]
    text = page_text(at)
    assert "predikat" in text  # "N unit predikat A"
    assert "MANDIRI-2025" in text  # not comparable with 2024 (BRIN-2024)
    table = at.dataframe[0].value
    data = table.data if hasattr(table, "data") else table
    # The 9 bureaus published: a rank among 9 means nothing (issue 11), so none is given, and the
    # page says why.
    assert data["Indeks BerAKHLAK"].notna().sum() >= 5
    assert "Peringkat" not in data.columns and "Peringkat belum bermakna" in text

    # The deck of a unit shows the 2025 figure with its method.
    con = db.connect(str(app_rw), read_only=True)
    code = con.execute("SELECT min(entity_code) FROM score WHERE dataset='main' AND method='MANDIRI-2025' "
                       "AND entity_code LIKE '62.%'").fetchall()[0][0]
    con.close()
    out = tmp_path / "unit.pptx"
    done = subprocess.run([sys.executable, "-m", "berakhlak", "deck", "--entity", code, "--year", "2025",
                           "--dataset", "main", "--db", str(app_rw), str(out)], capture_output=True, text=True,
                          cwd=ROOT, timeout=300)
    assert done.returncode == 0, done.stderr
    from pptx import Presentation

    text = "\n".join(shape.text_frame.text for slide in Presentation(str(out)).slides for shape in slide.shapes
                     if shape.has_text_frame)
    assert "2025" in text and ("mandiri" in text.lower() or "MANDIRI-2025" in text)
