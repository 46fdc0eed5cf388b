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


def test_a_files_about_is_read_when_the_file_is_made_and_says_the_same(app_env):
    """downloads.about runs no query on the page's rerun (OnClick); made later (on another thread,
    as Streamlit's deferred download does), it is the About the page would have made then."""
    import threading

    from berakhlak.data import db
    from berakhlak.present import output
    from berakhlak.ui import common as ui
    from berakhlak.ui import downloads

    ran = []
    real = db.query
    db.query = lambda con, name, **p: ran.append(name) or real(con, name, **p)
    try:
        ui.clear_caches()
        deferred = downloads.about("demo", ["62", "ID"], [2024], title="Tren")
        assert ran == []  # nothing read yet
        made = []
        worker = threading.Thread(target=lambda: made.append(deferred.stamped()))
        worker.start()
        worker.join()
    finally:
        db.query = real
    assert {"output_sources", "output_methods"} <= set(ran)
    con = db.connect(str(app_env), read_only=True)
    try:
        expected = output.about(con, "demo", "id", title="Tren", entities=["62", "ID"], years=[2024],
                                min_respondents=ui.min_respondents())
    finally:
        con.close()
    got = made[0]
    assert (got.synthetic, got.sources, got.methods, got.notes, got.title) == \
        (expected.synthetic, expected.sources, expected.methods, expected.notes, expected.title)
    assert got.sources and got.synthetic  # the demo's sources, and marked synthetic
    assert deferred.label == expected.label  # answers as the About it made
