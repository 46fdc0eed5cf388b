"""The analysis pages (Tren, Perbandingan, Nilai, Studi banding, Unit) run headless with AppTest:
in both languages, on both shipped datasets, from links with URL parameters, for entities without
data, across page switches; and what a user reads on them."""
from __future__ import annotations

import base64
import json
import re

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest
from conftest import ROOT
from streamlit.testing.v1 import AppTest

from berakhlak.ui import pages as pages_ui
from berakhlak.i18n import set_lang

PAGES = ["trend", "compare", "values", "benchmark", "units"]


def open_page(page: str, params: dict | None = None, lang: str = "id") -> AppTest:
    """Open a page the way a link does (?params). AppTest runs a page only through the entry
    point once that has run, so the first run is the default page with the same link."""
    # AppTest formats widget labels in the test's own thread: give it the page's language.
    set_lang(lang)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    link = {"lang": lang, **(params or {})}
    for k, v in link.items():
        at.query_params[k] = v
    at.run()
    for k, v in link.items():  # the default page may have rewritten a shared key: the link wins
        at.query_params[k] = v
    at.switch_page(f"pages/{page}.py")
    return at.run()


def shown_text(at: AppTest) -> str:
    """The page's text as a reader sees it: Markdown's backslash escapes (of text from data) and
    the word joiners that break autolinks are not shown."""
    parts = [f"{m.label} {m.value} {m.delta or ''}" for m in at.metric]
    for kind in (at.markdown, at.title, at.caption, at.warning, at.info, at.subheader):
        parts += [e.value for e in kind]
    return re.sub(r"\\([^\w\s])", r"\1", "\n".join(parts)).replace("\u2060", "")


def _decoded(node):
    """Plotly sends arrays as {"dtype", "bdata"} (base64): turn them back into lists."""
    if isinstance(node, dict):
        if "bdata" in node and "dtype" in node:
            values = np.frombuffer(base64.b64decode(node["bdata"]), dtype=node["dtype"])
            return values.reshape(node["shape"]).tolist() if "shape" in node else values.tolist()
        return {k: _decoded(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_decoded(v) for v in node]
    return node


def figures(at: AppTest) -> list:
    """The Plotly figures as drawn (on a page: not the phone's versions, which the page CSS
    shows instead below 640 px, berakhlak/ui/pages.render)."""
    drawn = [go.Figure(_decoded(json.loads(e.proto.spec))) for e in at.get("plotly_chart")]
    return [f for f in drawn if not (isinstance(f.layout.meta, dict) and f.layout.meta.get("phone"))]


def figure_text(at: AppTest) -> str:
    return "\n".join(json.dumps(json.loads(e.proto.spec), ensure_ascii=False) for e in at.get("plotly_chart"))


def heatmaps(at: AppTest) -> list:
    return [f for f in figures(at) if f.data and f.data[0].type == "heatmap"]


def widget(at: AppTest, key: str):
    return at.session_state[key]


# --- every page, every language, every dataset ------------------------------------------------

@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("lang", ["id", "en"])
@pytest.mark.parametrize("dataset", ["demo", "published"])
def test_every_page_runs_and_lists_its_sources(app_env, page, lang, dataset):
    at = open_page(page, {"ds": dataset}, lang)
    assert not at.exception, at.exception[0].value if at.exception else ""
    text = shown_text(at)
    assert ("Sumber" if lang == "id" else "Sources") in text or page == "units" and dataset == "published"
    synthetic = "data sintetis (ilustrasi)" if lang == "id" else "synthetic data (illustration)"
    assert (synthetic in text.lower()) == (dataset == "demo")
    other_language = {"id": ["Organisation", "Sources", "Show"], "en": ["Instansi", "Sumber", "Tampilkan"]}[lang]
    labels = [w.label for w in (*at.selectbox, *at.multiselect)] + [s.value for s in at.subheader]
    assert not set(labels) & set(other_language), labels


# --- Tren -------------------------------------------------------------------------------------

def test_published_kalteng_trend_shows_59_5_to_76_3_with_the_method_break(app_env):
    at = open_page("trend", {"ds": "published", "entities": "62"})
    assert not at.exception
    charts = figure_text(at)
    assert "Kalimantan Tengah: 59,5 (2022) → 76,3 (2024); +16,8 poin" in charts
    assert "melewati pergantian metode (ACT-2022 → BRIN-2024)" in charts
    assert "Metode berubah: BRIN-2024" in charts
    trend = figures(at)[0]
    kalteng = [tr for tr in trend.data if tr.name == "Kalimantan Tengah"]
    assert [list(tr.x) for tr in kalteng] == [[2022], [2024]]  # two separate segments: no line across the break
    assert list(trend.layout.xaxis.tickvals) == [2022, 2023, 2024]
    assert "beritasampit.com" in shown_text(at)  # the source of 76,3


def test_trend_table_view_marks_changes_across_methods_not_comparable(app_env):
    at = open_page("trend", {"ds": "published", "entities": "62", "view": "table"}, "en")
    table = at.dataframe[0].value
    row_2024 = table[table["Year"] == 2024].iloc[0]
    assert row_2024["BerAKHLAK index"] == 76.3
    assert row_2024["Change from the previous year"] == "not comparable"
    assert "Kalimantan Tengah: 59.5 (2022) → 76.3 (2024); +16.8 points" in shown_text(at)
    assert [b.label for b in at.get("download_button")] == ["Download CSV"]


def test_trend_state_comes_from_the_link_and_goes_back_into_it(app_env):
    link = {"ds": "demo", "entities": "62,32", "ind": "AD", "mode": "change", "view": "chart"}
    at = open_page("trend", link)
    assert not at.exception
    assert at.multiselect[0].value == ["62", "32"]
    assert widget(at, "ind") == "AD" and widget(at, "mode") == "change"
    assert "Perubahan Adaptif dalam tiap metode (poin)" in figure_text(at)  # 2022–2025 cross the break
    # Every selection is in the URL, so copying it reopens this view.
    assert {k: at.query_params[k] for k in link} == link
    at.multiselect[0].select("35").run()
    assert at.query_params["entities"] == "62,32,35"
    at.multiselect[0].unselect("62").run()
    assert at.query_params["entities"] == "32,35"


def test_trend_says_what_to_do_for_an_entity_without_the_indicator(app_env):
    at = open_page("trend", {"ds": "published", "entities": "35", "ind": "AD"})
    assert not at.exception
    assert "Jawa Timur (Provinsi): tidak ada skor Adaptif dalam dataset ini. Pilih" in shown_text(at)


def test_trend_with_every_entity_removed_asks_to_add_one(app_env):
    at = open_page("trend", {"ds": "demo", "entities": "62"})
    at.multiselect[0].unselect("62").run()
    assert not at.exception
    assert "Belum ada instansi yang dipilih" in shown_text(at)


# --- Perbandingan -----------------------------------------------------------------------------

def test_compare_shows_where_kalteng_stands_among_the_provinces(app_env):
    at = open_page("compare", {"ds": "demo", "entity": "62", "year": "2025"})
    assert not at.exception
    metrics = {m.label: m for m in at.metric}
    rank = metrics["Peringkat Kalimantan Tengah"]
    position, of = rank.value.split(" dari ")
    assert of == "38" and 1 <= int(position) <= 38
    table = at.dataframe[0].value
    assert len(table) == 38
    assert table["Peringkat"].tolist() == sorted(table["Peringkat"].tolist())
    assert table.loc[table["Instansi"] == "Kalimantan Tengah", "Peringkat"].item() == int(position)
    assert list(table.columns) == ["Peringkat", "Instansi", "Gelombang", "Indeks BerAKHLAK", "Kategori",
                                   "Perubahan sejak 2024", "Responden", "Keterangan"]
    titles = figure_text(at)
    assert "Peta petak 38 provinsi" in shown_text(at) and "Kalteng" in titles  # the tile map


def test_compare_filters_by_batch_and_by_province(app_env):
    at = open_page("compare", {"ds": "demo", "level": "provinsi", "batch": "timur", "year": "2024"})
    table = at.dataframe[0].value
    assert set(table["Gelombang"]) == {"Timur"} and len(table) == 8
    at = open_page("compare", {"ds": "demo", "level": "kabkota", "prov": "62", "year": "2024"})
    table = at.dataframe[0].value
    assert set(table["Provinsi"]) == {"Kalimantan Tengah"} and len(table) == 14


def test_compare_marks_a_slope_across_the_method_break(app_env):
    at = open_page("compare", {"ds": "demo", "level": "provinsi", "year": "2024", "vs": "2023"})
    assert not at.exception
    table = at.dataframe[0].value
    assert set(table["Perubahan sejak 2023"]) == {"tidak sebanding"}
    assert "Tidak sebanding: ACT-2022 → BRIN-2024, metode berbeda" in figure_text(at)
    # By default the other year is the latest comparable one.
    at = open_page("compare", {"ds": "demo", "level": "provinsi", "year": "2024"})
    assert widget(at, "vs") == 2023  # the only earlier years are both ACT-2022: the latest is proposed, marked
    at = open_page("compare", {"ds": "demo", "level": "provinsi", "year": "2025"})
    assert widget(at, "vs") == 2024


def test_compare_on_a_level_without_data_says_so(app_env):
    at = open_page("compare", {"ds": "published", "level": "kl"})
    assert not at.exception
    assert "Dataset ini tidak memuat data kementerian/lembaga." in shown_text(at)


# --- Nilai ------------------------------------------------------------------------------------

def test_values_page_shows_the_behaviours_distribution_top_and_bottom_and_heatmap(app_env):
    at = open_page("values", {"ds": "demo", "value": "AD", "entity": "62", "year": "2025"})
    assert not at.exception
    text = shown_text(at)
    assert "Cepat menyesuaikan diri menghadapi perubahan" in text  # the 3 guidelines of Adaptif
    assert "Terus berinovasi dan mengembangkan kreativitas" in text and "Bertindak proaktif" in text
    charts = figure_text(at)
    assert "Sebaran Adaptif di 38 provinsi, 2025" in charts
    assert "10 teratas: Adaptif 2025" in charts and "10 terbawah: Adaptif 2025" in charts
    assert "<b>Kalimantan Tengah</b>" in charts  # the user's entity is highlighted
    heat = heatmaps(at)[0]
    assert len(heat.layout.yaxis.ticktext) == 38 and "n=" in heat.layout.yaxis.ticktext[0]


def test_values_heatmap_sorts_by_the_chosen_value(app_env):
    at = open_page("values", {"ds": "demo", "value": "AD", "sort": "name", "year": "2025"}, "en")
    heat = heatmaps(at)[0]
    rows = [t.replace("<b>", "").split("  ·  ")[0] for t in heat.layout.yaxis.ticktext]
    assert rows == sorted(rows)


def test_values_for_an_entity_without_the_value_says_what_to_do(app_env):
    at = open_page("values", {"ds": "published", "value": "BP", "entity": "62"})
    assert not at.exception
    assert "Tidak ada skor Berorientasi Pelayanan untuk provinsi pada 2024." in shown_text(at)


# --- Studi banding ----------------------------------------------------------------------------

def test_benchmark_defaults_to_the_leader_and_summarises_from_the_numbers_shown(app_env):
    at = open_page("benchmark", {"ds": "demo", "entity": "62"})
    assert not at.exception
    compare = open_page("compare", {"ds": "demo", "entity": "62", "year": "2025"})
    leader = compare.dataframe[0].value.iloc[0]["Instansi"]
    assert f"Indeks {leader} 2025" in [m.label for m in at.metric]  # the benchmark is the leader
    assert "Peringkat 1 dari 38" in {m.label: m.delta for m in at.metric}[f"Indeks {leader} 2025"]
    summary = at.info[0].value
    assert summary.startswith(f"Pada 2025, {leader} unggul paling besar pada ")
    table = at.dataframe[0].value
    gap_col = next(c for c in table.columns if c.startswith("Selisih"))
    gaps = {f"{abs(g):.1f}".replace(".", ",") for g in table[gap_col].dropna()}
    assert set(re.findall(r"\d+,\d", summary)) <= gaps
    assert [b.label for b in at.get("download_button")] == ["Unduh CSV", "Unduh XLSX", "Unduh PowerPoint"]


def test_benchmark_answers_where_jabar_leads_kalteng_most(app_env):
    at = open_page("benchmark", {"ds": "demo", "entity": "62", "bench": "32", "year": "2025"})
    assert not at.exception
    table = at.dataframe[0].value.set_index("Ukuran")
    gap_col = "Selisih (Jawa Barat − Kalimantan Tengah)"
    values = table.drop(index="Indeks BerAKHLAK")[gap_col].dropna()
    lead = values.idxmax()
    summary = at.info[0].value
    if values.max() > 0:
        assert summary.startswith(f"Pada 2025, Jawa Barat unggul paling besar pada {lead} (+")
    metrics = {m.label: m for m in at.metric}
    assert "Indeks Jawa Barat 2025" in metrics and "Indeks Kalimantan Tengah 2025" in metrics
    assert "dari 38 di antara provinsi" in metrics["Indeks Jawa Barat 2025"].delta


def test_benchmark_on_published_data_without_common_values(app_env):
    # By default Kalteng's benchmark is the province its source ranks first (Jawa Barat, 2024).
    at = open_page("benchmark", {"ds": "published", "entity": "62"})
    assert at.query_params["bench"] == "32" and "peringkat pertama" in shown_text(at)
    at = open_page("benchmark", {"ds": "published", "entity": "62", "bench": "35"})
    assert not at.exception
    text = shown_text(at)
    assert "tidak ada nilai yang tersedia untuk Kalimantan Tengah dan Jawa Timur sekaligus" in text
    assert "Indeks Jawa Timur lebih tinggi 1,7 poin." in text  # 61,2 − 59,5 in 2022


def test_benchmark_against_a_figure_whose_index_is_not_named(app_env):
    """Kapuas's peers in the published figures are known by an unnamed index (Kota Padang) or an
    award only: the page shows what each has, never a gap computed against an unnamed index."""
    at = open_page("benchmark", {"ds": "published", "entity": "62.03", "bench": "13.71"})
    assert not at.exception
    text = shown_text(at)
    assert "tidak menyebut indeks apa ini" in text and "pasangan tidak diganti" in text
    assert "Selisih indeks" not in text


# --- Unit -------------------------------------------------------------------------------------

def unit_table(at: AppTest) -> pd.DataFrame:
    return at.dataframe[0].value.set_index("Unit kerja")


def test_units_hide_small_units_and_their_complement(app_env, monkeypatch):
    downloads = []  # the table each download button would write (the file is made on click)
    real = pages_ui.downloads
    monkeypatch.setattr(pages_ui, "downloads", lambda frame, *a, **k: downloads.append(frame.copy()) or real(frame, *a, **k))
    at = open_page("units", {"ds": "demo", "inst": "62", "year": "2025"})
    assert not at.exception
    table = unit_table(at)
    assert table.loc["Biro Umum", "Responden"] == 4
    assert table.loc["Biro Umum", "Keterangan"] == "disembunyikan: kurang responden (n < 5)"
    # Biro Organisasi (n=7) is the smallest other unit: hidden so Biro Umum can't be derived.
    assert table.loc["Biro Organisasi", "Keterangan"] == "disembunyikan: pelengkap (melindungi unit kecil)"
    scores = ["Indeks BerAKHLAK", "Berorientasi Pelayanan", "Adaptif", "Kolaboratif"]
    assert table.loc[["Biro Umum", "Biro Organisasi"], scores].isna().all().all()
    assert table.drop(index=["Biro Umum", "Biro Organisasi"])["Indeks BerAKHLAK"].notna().all()
    # The CSV download carries no number for them either.
    (table_written,) = downloads
    hidden = table_written[table_written["Unit kerja"].isin(["Biro Umum", "Biro Organisasi"])]
    assert hidden[scores].isna().all().all()
    from berakhlak.present import output

    raw = output.csv(table_written, output.About(dataset="demo")).decode("utf-8-sig")
    rows = [line.split(";") for line in raw.splitlines() if line.startswith(('"Biro Umum";', '"Biro Organisasi";'))]
    width = table_written.shape[1]  # (then the writer's metadata columns)
    assert len(rows) == 2 and all(cells[3:width] == [""] * (width - 3) for cells in rows)
    # Nor does any chart.
    heat = heatmaps(at)[0]
    rows = heat.layout.yaxis.ticktext
    for name in ("Biro Umum", "Biro Organisasi"):
        i = next(k for k, r in enumerate(rows) if r.startswith(name))
        labelled = next(tr for tr in heat.data if tr.type == "heatmap" and tr.text is not None)
        assert set(labelled.text[i]) == {"—"}
    metrics = {m.label: m for m in at.metric}
    assert metrics["Unit disembunyikan"].value == "2"


def test_units_minimum_is_configurable(app_env):
    at = open_page("units", {"ds": "demo", "inst": "62", "year": "2025", "min": "20"})
    table = unit_table(at)
    small = table.drop(index="Total Kalimantan Tengah")
    assert small.loc[small["Responden"] < 20, "Indeks BerAKHLAK"].isna().all()
    assert widget(at, "min") == 20
    # The minimum can be raised, never lowered: a link asking for 3 gets the default, 5, and the
    # units with 3 or 4 respondents stay hidden.
    at = open_page("units", {"ds": "demo", "inst": "62", "year": "2025", "min": "3"})
    assert widget(at, "min") == 5 and "3" not in [str(o) for o in at.selectbox(key="min").options]
    table = unit_table(at).drop(index="Total Kalimantan Tengah")
    assert table.loc[table["Responden"] < 5, "Indeks BerAKHLAK"].isna().all()


def test_units_change_flags_the_biggest_falls_and_respects_the_break(app_env):
    at = open_page("units", {"ds": "demo", "inst": "62", "year": "2025"})
    text = shown_text(at)
    assert "Penurunan terbesar 2024 → 2025" in text or "Tidak ada penurunan" in text
    at = open_page("units", {"ds": "demo", "inst": "62", "year": "2024"})
    assert any("diukur dengan metode berbeda" in w.value for w in at.warning)
    # Across the method break no change chart is drawn (an empty frame said nothing); the warning says why.
    assert len(heatmaps(at)) == len(heatmaps(open_page("units", {"ds": "demo", "inst": "62", "year": "2025"}))) - 1


def test_units_on_published_data_show_the_self_run_2025_ranking(app_env):
    """The published figures hold the 2025 self-run index of Pemkab Barito Utara's top three OPD."""
    at = open_page("units", {"ds": "published"}, "en")
    assert not at.exception
    assert "**3** units in category A" in shown_text(at)
    table = at.dataframe[0].value
    data = table.data if hasattr(table, "data") else table
    # A rank computed among the 3 units here would read "1 of 3": none is given, and the page says
    # why (the source's own "top three" is a published fact, not this computation).
    assert "Rank" not in data.columns and "A rank would mean nothing yet: only 3 of 3 units" in shown_text(at)


# --- the shared selection and the Overview's links ----------------------------------------------

def test_switching_pages_keeps_the_entity_and_year(app_env):
    set_lang("id")
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params["ds"] = "demo"
    at.query_params["entity"] = "32"
    at.query_params["year"] = "2023"
    at.run()
    assert not at.exception
    # The user goes to another page through the sidebar: the URL starts empty there.
    for key in list(at.query_params):
        del at.query_params[key]
    at.switch_page("pages/compare.py").run()
    assert not at.exception
    assert widget(at, "year") == 2023
    assert "Peringkat Jawa Barat" in [m.label for m in at.metric]
    at.switch_page("pages/trend.py").run()
    assert at.multiselect[0].value == ["32"]
    at.switch_page("pages/benchmark.py").run()
    assert widget(at, "entity") == "32" and widget(at, "year") == 2023
    at.switch_page("pages/overview.py").run()
    assert widget(at, "entity") == "32" and widget(at, "year") == 2023


def test_overview_links_into_each_page_with_the_current_selection(app_env):
    set_lang("id")
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params["ds"] = "demo"
    at.query_params["entity"] = "62"
    at.query_params["year"] = "2024"
    at.run()
    links = {link.proto.page: dict(p.split("=") for p in link.proto.query_string.split("&"))
             for link in at.get("page_link") if "ds=published" not in link.proto.query_string}
    # (the synthetic view also offers the nearest real one: a link to the published figures)
    assert set(links) == {"tren", "perbandingan", "nilai", "studi-banding", "unit"}
    for params in links.values():
        assert params["entity"] == "62" and params["year"] == "2024" and params["ds"] == "demo"
    assert links["tren"]["entities"] == "62" and links["perbandingan"]["level"] == "provinsi"
    assert links["unit"]["inst"] == "62"
    # A link opens the page on that selection even when the session had chosen something else.
    at.switch_page("pages/trend.py").run()
    at.multiselect[0].set_value(["32"]).run()
    for key in list(at.query_params):
        del at.query_params[key]
    for k, v in links["tren"].items():
        at.query_params[k] = v
    at.switch_page("pages/trend.py").run()
    assert at.multiselect[0].value == ["62"]
    # The same for a single selection: the session now has 32 as its entity, the link says 62.
    at.switch_page("pages/benchmark.py").run()
    at.selectbox(key="entity").set_value("32").run()
    assert widget(at, "entity") == "32"
    for key in list(at.query_params):
        del at.query_params[key]
    for k, v in links["studi-banding"].items():
        at.query_params[k] = v
    at.switch_page("pages/benchmark.py").run()
    assert widget(at, "entity") == "62" and widget(at, "year") == 2024


# --- a user's own dataset, and links to entities without data ----------------------------------

OWN_DATA = """entity_code,entity_name,entity_level,parent_code,year,BP,AK,KO,HA,LO,AD,KL,respondents
62,Kalimantan Tengah,provinsi,,2023,60,70,58,65,66,40,70,5000
62,Kalimantan Tengah,provinsi,,2024,75,85,74,80,80,60,84,5100
63,Kalimantan Selatan,provinsi,,2024,76,83,75,79,82,62,83,4800
62.X1,Biro Contoh Satu,unit,62,2024,70,80,70,75,76,55,80,30
62.X2,Biro Contoh Dua,unit,62,2024,72,82,71,77,78,57,81,3
62.X3,Biro Contoh Tiga,unit,62,2024,74,84,73,79,80,59,82,8
"""


@pytest.fixture
def own_dataset(fresh_db, monkeypatch, tmp_path):
    """The built database plus a small dataset of the user's own ('kantor'): two provinces,
    2023–2024, and three units of Kalteng, one of them with 3 respondents."""
    from berakhlak.data import db
    from berakhlak.ingest.importer import import_file

    con = db.connect(str(fresh_db))
    path = tmp_path / "kantor.csv"
    path.write_text(OWN_DATA, encoding="utf-8")
    report = import_file(con, path, dataset="kantor")
    assert not report.problems, [p.message("en") for p in report.problems]
    con.close()
    monkeypatch.setenv("BERAKHLAK_DB", str(fresh_db))
    monkeypatch.chdir(ROOT)
    return fresh_db


@pytest.mark.parametrize("page", PAGES)
def test_every_page_works_on_the_users_own_dataset(own_dataset, page):
    at = open_page(page, {"ds": "kantor", "entity": "62"})
    assert not at.exception, at.exception[0].value if at.exception else ""
    assert at.session_state["ds"] == "kantor"
    assert "data sintetis" not in shown_text(at).lower()


def test_own_units_are_suppressed_with_their_complement(own_dataset):
    at = open_page("units", {"ds": "kantor", "inst": "62"})
    table = unit_table(at)
    assert table.loc["Biro Contoh Dua", "Keterangan"] == "disembunyikan: kurang responden (n < 5)"
    assert table.loc["Biro Contoh Tiga", "Keterangan"] == "disembunyikan: pelengkap (melindungi unit kecil)"
    assert table.loc[["Biro Contoh Dua", "Biro Contoh Tiga"], "Indeks BerAKHLAK"].isna().all()
    assert table.loc["Biro Contoh Satu", "Indeks BerAKHLAK"] == 72.3  # the mean of its 7 values


@pytest.mark.parametrize("page, params", [
    ("trend", {"entities": "11"}),
    ("values", {"entity": "11"}),
    ("benchmark", {"entity": "11"}),
])
def test_a_link_to_an_entity_without_data_says_so(app_env, page, params):
    at = open_page(page, {"ds": "published", **params})
    assert not at.exception
    assert "Aceh tidak memiliki data di sini" in shown_text(at)


def test_a_link_to_an_instansi_without_units_says_so(app_env):
    at = open_page("units", {"ds": "demo", "inst": "11.01"})
    assert not at.exception
    assert "tidak memiliki data di sini" in shown_text(at)


def _coloured_columns(at: AppTest) -> set[int]:
    """The column positions of the first table that have a background colour."""
    return {int(c) for c in re.findall(r"_col(\d+)", at.dataframe[0].proto.arrow_data.styler.styles)}


def test_benchmark_table_colours_by_the_comparator_chosen(app_env):
    """The comparison table is coloured by the difference from a comparator the user chooses
    (?cmp=): the comparator's own column is plain, the others are coloured against it."""
    params = {"ds": "demo", "entity": "62", "bench": "32", "year": "2025"}
    at = open_page("benchmark", params)
    assert at.query_params["cmp"] == "national"
    assert "selisih dari rata-rata nasional" in shown_text(at)
    columns = list(at.dataframe[0].value.columns)  # measure, home, benchmark, gap, national
    assert columns[1:3] == ["Kalimantan Tengah", "Jawa Barat"] and columns[4] == "Rata-rata nasional"
    assert _coloured_columns(at) == {1, 2}
    at = open_page("benchmark", {**params, "cmp": "bench"})
    assert not at.exception and at.query_params["cmp"] == "bench"
    assert "selisih dari pembanding (Jawa Barat)" in shown_text(at)
    assert _coloured_columns(at) == {1, 4}
    at = open_page("benchmark", {**params, "cmp": "home"})
    assert _coloured_columns(at) == {2, 4}


def _switch_dataset(at: AppTest, name: str) -> AppTest:
    at.selectbox(key="ds").set_value(name).run()
    assert not at.exception
    return at


def _fallback_notes(at: AppTest) -> list[str]:
    return [c.value.replace("\\", "") for c in at.caption if "tidak ada di sini" in c.value]


def test_switching_the_dataset_keeps_the_selection_where_it_exists(app_env):
    """Issue 13: the chosen entity, year, benchmark and unit survive a change of dataset when
    the new dataset has them; otherwise the page falls back to its default and says so."""
    at = open_page("overview", {"ds": "demo", "entity": "62", "year": "2024"})
    _switch_dataset(at, "published")
    assert (at.query_params["entity"], at.query_params["year"]) == ("62", "2024")
    assert at.selectbox(key="entity").value == "62" and at.selectbox(key="year").value == 2024
    assert _fallback_notes(at) == []

    at = open_page("benchmark", {"ds": "demo", "entity": "62", "bench": "32", "year": "2024"})
    _switch_dataset(at, "published")
    assert (at.session_state["entity"], at.session_state["bench"]) == ("62", "32")
    assert at.query_params["bench"] == "32" and _fallback_notes(at) == []


def test_switching_the_dataset_falls_back_with_a_short_note(app_env):
    at = open_page("overview", {"ds": "demo", "entity": "62", "unit": "62.B1", "year": "2025"})
    _switch_dataset(at, "published")  # the published figures: Kalteng 2022 and 2024, no such unit
    assert at.query_params["year"] == "2024" and "unit" not in at.query_params
    notes = _fallback_notes(at)
    assert "2025 tidak ada di sini (dataset atau pilihan ini), jadi ditampilkan 2024." in notes
    assert any(n.startswith("Biro Pemerintahan dan Otonomi Daerah tidak ada di sini") for n in notes)
    at = open_page("overview", {"ds": "demo", "entity": "11", "year": "2024"})
    _switch_dataset(at, "published")
    assert at.query_params["entity"] == "62"
    assert "Aceh tidak ada di sini (dataset atau pilihan ini), jadi ditampilkan Kalimantan Tengah (Provinsi)." in _fallback_notes(at)


def test_benchmark_briefing_lists_peers_beyond_the_leader_and_the_benchmarks_action_plan(app_env):
    """A delegation's briefing (issue 13): peers of the same survey batch and of a similar size,
    with their index and gap, and the benchmark's own Rencana Aksi items of the year, the values
    where it leads first; where the dataset holds no action plan, the page says so."""
    at = open_page("benchmark", {"ds": "demo", "entity": "62", "bench": "12", "year": "2025"})
    assert not at.exception
    text = shown_text(at)
    assert "Bekal delegasi: rekan sebanding dan Rencana Aksi pembanding (2025)" in text
    assert "Gelombang survei yang sama (Barat)" in text and "Ukuran serupa" in text  # Kalteng is on WIB
    tables = [d.value for d in at.dataframe]
    batch = next(t for t in tables if "Indeks 2025" in t.columns)
    assert len(batch) == 3 and "Sumatera Utara" not in set(batch["Instansi"])  # the benchmark is not a peer
    actions = next(t for t in tables if "Aksi" in t.columns)
    gap_table = tables[0].set_index("Ukuran")
    leads = gap_table.drop(index="Indeks BerAKHLAK")["Selisih (Sumatera Utara − Kalimantan Tengah)"]
    lead_names = set(leads[leads >= 1].index)
    first = actions.iloc[0]["Nilai BerAKHLAK"]
    assert first in lead_names  # the items of a value where the benchmark leads come first
    assert "Rencana Aksi Sumatera Utara, 2025" in text
    at = open_page("benchmark", {"ds": "published", "entity": "62", "bench": "32"})
    assert "Dataset ini tidak memuat Rencana Aksi Jawa Barat" in shown_text(at)
