"""The Presentasi page, headless with AppTest: it reads its selection from the URL, steps through
the slides, shows the same numbers as the Overview, and says plainly when data are missing.
(Its charts and downloads are checked in Chromium: tests/browser.)

AppTest note: open the app first with the URL's parameters (the Overview takes the shared
ones), then switch_page; and an English run that interacts needs `set_lang("en")` on the test's
own thread, because AppTest calls widgets' format_func there."""
from __future__ import annotations

import pytest
from conftest import ROOT
from streamlit.testing.v1 import AppTest

from berakhlak.data import db
from berakhlak.i18n import fmt_num, set_lang
from berakhlak.domain.summary import summarize


def open_page(params: dict) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params.update(params)
    at.run()
    at.switch_page("pages/presentation.py")
    return at.run()


def shown(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown)


@pytest.fixture(autouse=True)
def indonesian_test_thread():
    """AppTest formats widget labels on this thread: start each test in the default language
    (another test, e.g. a CLI run with --lang en, may have left it in English)."""
    set_lang("id")
    yield
    set_lang("id")


@pytest.fixture
def english():
    set_lang("en")
    yield
    set_lang("id")


def test_steps_through_every_slide_with_the_overviews_numbers(app_env):
    at = open_page({"ds": "demo", "entity": "62", "year": "2024", "bench": "32"})
    assert not at.exception
    con = db.connect(str(app_env), read_only=True)
    try:
        home = summarize(con, "62", 2024, "demo")
    finally:
        con.close()
    seen = [at.session_state["slide"]]
    assert at.button(key="present-prev").disabled
    while not at.button(key="present-next").disabled:
        at.button(key="present-next").click().run()
        assert not at.exception
        seen.append(at.session_state["slide"])
        assert at.query_params["slide"] == seen[-1]  # the slide is in the URL
        if seen[-1] == "headline":
            assert f'<div class="slide-big">{fmt_num(home["index"], "id")}</div>' in shown(at)
        if seen[-1] == "trend":
            assert "tidak sebanding" in shown(at)  # 2023 → 2024 crosses the method break
    assert seen == ["cover", "headline", "trend", "values", "rank", "gap", "questions", "sources"]
    assert "DATA SINTETIS (ILUSTRASI)" in shown(at)
    at.button(key="present-prev").click().run()
    assert at.session_state["slide"] == "questions"
    assert "Pertanyaan untuk dibawa ke Jawa Barat" in shown(at)


def test_published_benchmark_without_data_says_so(app_env):
    at = open_page({"ds": "published", "entity": "62", "year": "2024", "bench": "32", "slide": "gap"})
    assert not at.exception
    text = shown(at)
    assert "Data Jawa Barat untuk 2024 tidak tersedia" in text
    assert "Data tidak tersedia" in text
    assert "DATA SINTETIS" not in text  # real figures are not labelled synthetic
    assert "beritasampit.com" in text  # the source of the figure


def test_clean_mode_is_in_the_url_and_can_be_left(app_env):
    at = open_page({"ds": "demo", "entity": "62", "year": "2024"})
    at.button(key="present-clean").click().run()
    assert at.query_params.get("clean") == "1"
    at.button(key="present-exit-clean").click().run()
    assert "clean" not in at.query_params


def test_english_slides(app_env, english):
    at = open_page({"ds": "demo", "lang": "en", "entity": "62", "year": "2024", "slide": "rank"})
    assert not at.exception
    assert "Rank among provinces, 2024" in shown(at)
    at.button(key="present-next").click().run()
    assert "Every number" in shown(at) or "synthetic data (illustration)" in shown(at)


def test_a_unit_is_benchmarked_against_the_units_of_its_own_instansi(app_env):
    at = open_page({"ds": "demo", "entity": "62.B2", "year": "2024"})
    assert not at.exception, at.exception
    offered = at.selectbox(key="bench").options
    assert "Biro Pemerintahan dan Otonomi Daerah" in offered  # a sibling
    assert "Biro Hukum" not in offered  # itself
    # Not the units of other instansi (each province has its own "Biro Hukum"): at most the
    # siblings and "no benchmark".
    assert 2 < len(offered) <= 10
