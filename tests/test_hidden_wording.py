"""One wording for a hidden unit, everywhere (issue 13): the Overview, the Presentasi page, the
PPTX deck, the CLI summary and the Unit table all say WHY it is hidden — too few respondents, or
hidden as a complement to protect a small unit beside it — and what would show it, with the reason
read from the query layer (entity_year_shown.suppression). A complement is never told to import
data: that cannot help.

Demo data, Kalimantan Tengah 2025: Biro Umum (62.B8) has 4 respondents (under the minimum of 5);
Biro Organisasi (62.B7) has 7 and is hidden as its complement."""
from __future__ import annotations

import io

import pytest
from conftest import ROOT
from pptx import Presentation
from streamlit.testing.v1 import AppTest

from berakhlak.cli.main import summary_text
from berakhlak.data import db
from berakhlak.domain.summary import summarize
from berakhlak.i18n import set_lang
from berakhlak.present import deck, slides

UNDER_MINIMUM = ("62.B8", "Disembunyikan: kurang responden (n = 4, minimum 5).",
                 "Tampil bila respondennya mencapai 5.", "disembunyikan: kurang responden (n < 5)")
COMPLEMENT = ("62.B7", "Disembunyikan sebagai pelengkap (n = 7, cukup): untuk melindungi unit kecil di sebelahnya "
              "yang kurang dari 5 responden, agar skornya tidak dapat dihitung dari total instansi.",
              "Tampil bila unit kecil itu mencapai 5 responden; menambah responden unit ini tidak membantu.",
              "disembunyikan: pelengkap (melindungi unit kecil)")
CASES = [UNDER_MINIMUM, COMPLEMENT]
IMPORT_HINT = "diimpor"  # "Slide ini terisi setelah data tersebut diimpor …": no help for a hidden unit


@pytest.fixture(autouse=True)
def indonesian():
    set_lang("id")
    yield
    set_lang("id")


def app(page: str | None, params: dict) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params.update(params)
    at.run()
    if page:
        at.query_params.update(params)
        at.switch_page(page)
        at.run()
    assert not at.exception
    return at


def texts(at: AppTest) -> str:
    parts = [f"{m.label} {m.value} {m.delta or ''}" for m in at.metric]
    for kind in (at.markdown, at.caption, at.warning, at.info):
        parts += [e.value for e in kind]
    return "\n".join(parts).replace("\\", "")


@pytest.mark.parametrize("case", CASES, ids=["under-minimum", "complement"])
def test_overview_says_why_and_what_would_show_it(app_env, case):
    code, why, show, short = case
    at = app(None, {"ds": "demo", "entity": "62", "unit": code, "year": "2025"})
    text = texts(at)
    assert f"{why} {show}" in text
    assert short in text  # the index tile


@pytest.mark.parametrize("case", CASES, ids=["under-minimum", "complement"])
def test_presentation_headline_says_the_same(app_env, case):
    code, why, show, _short = case
    at = app("pages/presentation.py", {"ds": "demo", "entity": "62", "unit": code, "year": "2025",
                                       "slide": "headline"})
    text = texts(at)
    assert why in text and show in text
    assert IMPORT_HINT not in text


@pytest.mark.parametrize("case", CASES, ids=["under-minimum", "complement"])
def test_deck_and_cli_say_the_same(built_db, case):
    code, why, show, _short = case
    con = db.connect(str(built_db), read_only=True)
    try:
        model = slides.build(con, code, 2025, "demo", None, "id")
        s = summarize(con, code, 2025, "demo")
    finally:
        con.close()
    for slide in model.slides:
        if slide.kind in ("headline", "values", "rank"):
            assert slide.message == f"{why} {show}", slide.kind
            assert slides.not_available_hint(slide, "id") == show
    assert why in summary_text(s) and show in summary_text(s)
    prs = Presentation(io.BytesIO(deck.to_bytes(deck.render(model))))
    every = "\n".join(sh.text_frame.text for sl in prs.slides for sh in sl.shapes if sh.has_text_frame)
    assert why in every and show in every and IMPORT_HINT not in every


def test_unit_table_says_the_same_reasons(app_env):
    at = app("pages/units.py", {"ds": "demo", "inst": "62", "year": "2025"})
    table = at.dataframe[0].value.set_index("Unit kerja")
    for code, _why, _show, short in CASES:
        name = {"62.B8": "Biro Umum", "62.B7": "Biro Organisasi"}[code]
        assert table.loc[name, "Keterangan"] == short
