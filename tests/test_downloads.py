"""A chart's data as CSV and XLSX: headers in the language, numbers as shown, formulas
neutralised; and the chart tables built from the same frames the charts draw."""
from __future__ import annotations

import io

import pandas as pd
from openpyxl import load_workbook

from berakhlak.present import charts
from berakhlak.ui import downloads
from berakhlak.present import slides


def test_csv_has_a_bom_keeps_numbers_and_neutralises_formulas():
    frame = pd.DataFrame({"Instansi": ["=HYPERLINK(\"x\")", "Kalimantan Tengah"], "Indeks": [-1.0, 79.4]})
    raw = downloads.csv_bytes(frame)
    assert raw.startswith(b"\xef\xbb\xbf")
    back = pd.read_csv(io.BytesIO(raw), encoding="utf-8-sig")
    assert back["Instansi"][0].startswith("'=")
    assert list(back["Indeks"]) == [-1.0, 79.4]


def test_xlsx_keeps_numbers_as_numbers():
    frame = pd.DataFrame({"Nilai": ["Adaptif"], "Skor": [65.2]})
    ws = load_workbook(io.BytesIO(downloads.xlsx_bytes(frame))).active
    assert [c.value for c in ws[1]] == ["Nilai", "Skor"]
    assert ws["B2"].value == 65.2 and isinstance(ws["B2"].value, float)


def test_chart_tables_are_rounded_as_shown_and_translated():
    values = pd.DataFrame({"value_code": ["BP", "AD"], "ord": [1, 6], "name_id": ["Berorientasi Pelayanan", "Adaptif"],
                           "name_en": ["Service-oriented", "Adaptive"], "score": [74.95, 38.94]})
    national = pd.DataFrame({"value_code": ["BP"], "score": [57.9]})
    id_table = slides.values_table(slides.values_frame(values, national), "id")
    assert list(id_table.columns) == ["Kode", "Nilai", "Skor", "Kategori", "Rata-rata nasional"]
    assert list(id_table["Skor"]) == [75.0, 38.9]  # half-up, as the chart's labels
    assert list(id_table["Kategori"]) == ["A", "C"]
    en_table = slides.values_table(slides.values_frame(values, None), "en")
    assert list(en_table.columns) == ["Code", "Value", "Score", "Category"]
    history = pd.DataFrame({"year": [2022, 2024], "idx": [59.46, 76.3], "method": ["ACT-2022", "BRIN-2024"]})
    trend = slides.trend_table(slides.trend_frame([("Kalteng", "home", history)], None, "en"), "en")
    assert trend.to_dict("list") == {"Series": ["Kalteng", "Kalteng"], "Year": [2022, 2024],
                                     "Method": ["ACT-2022", "BRIN-2024"], "Index": [59.5, 76.3]}


def test_png_download_is_named_and_print_quality():
    cfg = charts.chart_config("tren-62-demo")
    assert cfg["toImageButtonOptions"] == {"format": "png", "filename": "tren-62-demo", "scale": 3}


def test_overview_offers_each_charts_data(app_env):
    from conftest import ROOT
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params.update({"ds": "demo", "entity": "62", "year": "2024"})
    at.run()
    buttons = [b.proto.label for b in at.get("download_button")]
    assert buttons == ["CSV", "Excel (XLSX)", "CSV", "Excel (XLSX)"]  # trend, then values
    # Published Kalteng 2024 has no per-value scores: only the trend's data are offered.
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params.update({"ds": "published", "entity": "62", "year": "2024"})
    at.run()
    assert [b.proto.label for b in at.get("download_button")] == ["CSV", "Excel (XLSX)"]
