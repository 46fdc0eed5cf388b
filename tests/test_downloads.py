"""A chart's data as CSV and XLSX: headers in the language, numbers as shown; and the chart
tables built from the same frames the charts draw. (The files themselves: tests/test_output.py.)"""
from __future__ import annotations

import pandas as pd

from berakhlak.present import charts
from berakhlak.present import slides


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
