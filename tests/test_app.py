"""The app shell and the Overview page, run headless with AppTest, in both languages and on
both shipped datasets."""
import pytest
from streamlit.testing.v1 import AppTest

from conftest import ROOT


def run_app(params: dict | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    for k, v in (params or {}).items():
        at.query_params[k] = v
    return at.run()


def texts(at: AppTest) -> str:
    parts = [m.label + " " + str(m.value) + " " + str(m.delta or "") for m in at.metric]
    parts += [e.value for e in at.markdown] + [e.value for e in at.title] + [e.value for e in at.caption]
    parts += [e.value for e in at.warning] + [e.value for e in at.info]
    return "\n".join(parts)


@pytest.mark.parametrize("lang", ["id", "en"])
@pytest.mark.parametrize("dataset", ["demo", "published"])
def test_overview_runs_in_both_languages_and_datasets(app_env, lang, dataset):
    at = run_app({"lang": lang, "ds": dataset})
    assert not at.exception, at.exception
    shown = texts(at)
    assert "Kalimantan Tengah" in shown
    # The demo is always labelled synthetic; the published figures never are.
    notice = "data sintetis (ilustrasi)" if lang == "id" else "synthetic data (illustration)"
    assert (notice in shown.lower()) == (dataset == "demo")


@pytest.mark.parametrize("lang", ["id", "en"])
def test_the_area_codes_carry_their_odbl_attribution_on_every_page(app_env, lang):
    at = run_app({"lang": lang})
    shown = " ".join(c.value for c in at.sidebar.caption)
    assert "idn-area-data" in shown and "ODbL 1.0" in shown and "Kepmendagri No. 300.2.2-2138" in shown


def test_published_is_the_default_dataset_when_it_holds_the_entity(app_env):
    at = run_app()  # Kalimantan Tengah, which the published figures hold
    assert at.session_state["ds"] == "published"
    assert "data sintetis (ilustrasi)" not in texts(at).lower()


def test_demo_is_the_default_dataset_for_an_entity_without_published_figures(app_env):
    at = run_app({"entity": "11"})
    assert at.session_state["ds"] == "demo"
    assert "data sintetis (ilustrasi)" in texts(at).lower()


def test_published_kalteng_2024_shows_index_and_method_break(app_env):
    at = run_app({"ds": "published", "entity": "62", "year": "2024"})
    assert not at.exception
    metrics = {m.label: m for m in at.metric}
    assert metrics["Indeks BerAKHLAK 2024"].value == "76,3"
    assert "Kategori A · Sehat" in metrics["Indeks BerAKHLAK 2024"].delta
    change = metrics["Sebelumnya (2022)"]
    assert change.value == "59,5"
    assert change.delta == "Tidak sebanding: metode berubah"


def test_published_kalteng_2022_in_english_uses_english_numbers(app_env):
    at = run_app({"ds": "published", "entity": "62", "year": "2022", "lang": "en"})
    metrics = {m.label: m for m in at.metric}
    assert metrics["BerAKHLAK index 2022"].value == "59.5"
    assert metrics["National average 2022"].value == "60.9"
    assert "-1.4" in metrics["National average 2022"].delta
    shown = texts(at)
    assert "kpfmpalangkaraya.com" in shown  # the source of the figure is listed


def test_entity_with_no_data_in_the_year_says_what_to_do(app_env):
    # Kapuas has published figures for 2022 only: its one year is picked, and the index shown.
    at = run_app({"ds": "published", "entity": "62.03"})
    assert not at.exception
    metrics = {m.label: m for m in at.metric}
    assert metrics["Indeks BerAKHLAK 2022"].value == "62,4"


def test_partial_values_show_no_index(app_env):
    # Published Kalteng 2022 has its index, but the values are partial (HA only):
    at = run_app({"ds": "published", "entity": "62", "year": "2022"})
    assert "Hanya 1 dari 7 nilai" in texts(at)


def test_unit_is_picked_within_its_instansi_and_old_unit_links_still_open_it(app_env):
    # A link naming a unit as the entity (older links, the Unit page) opens that unit, with the
    # instansi in the first picker and the unit in the second.
    at = run_app({"ds": "demo", "entity": "62.B2", "year": "2024"})
    assert not at.exception, at.exception
    assert at.title[0].value.startswith("Ringkasan Biro Hukum")
    assert (at.query_params["entity"], at.query_params["unit"]) == ("62", "62.B2")
    # The first picker lists instansi only; the second only the units of the chosen one.
    assert not any(" (Unit)" in o for o in at.selectbox(key="entity").options)
    units = at.selectbox(key="unit").options
    assert units[0] == "— Seluruh instansi —" and "Biro Hukum" in units and 1 < len(units) <= 10
    # "The whole instansi" goes back to the instansi, and leaves no empty ?unit= in the link.
    at.selectbox(key="unit").set_value("").run()
    assert at.title[0].value.startswith("Ringkasan Kalimantan Tengah")
    assert "unit" not in at.query_params
    # Another instansi: its own units, none chosen.
    at.selectbox(key="entity").set_value("32").run()
    assert at.selectbox(key="unit").value == "" and "Biro Hukum" in at.selectbox(key="unit").options
    assert at.title[0].value.startswith("Ringkasan Jawa Barat")
