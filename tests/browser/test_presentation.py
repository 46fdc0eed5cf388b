"""The Presentasi page in Chromium: the slides step with the buttons and the arrow keys, the
numbers on screen are those of the downloaded PowerPoint deck (native charts), and each chart's
data and picture download as they should."""
from __future__ import annotations

import io
import re
from pathlib import Path

import pandas as pd
import pytest
from playwright.sync_api import expect
from pptx import Presentation

from berakhlak.data import db
from berakhlak.present import deck
from berakhlak.i18n import fmt_num
from berakhlak.domain.rules import VALUE_CODES
from berakhlak.domain.summary import summarize
from browser.harness import open_app, screenshot, wait_for_app

SELECTION = "ds=demo&entity=62&year=2024&bench=32"


@pytest.fixture(scope="module")
def numbers(built_db):
    con = db.connect(str(built_db), read_only=True)
    try:
        yield summarize(con, "62", 2024, "demo"), summarize(con, "32", 2024, "demo")
    finally:
        con.close()


def test_slides_step_and_match_the_downloaded_deck(page, app_url, numbers, tmp_path):
    home, bench = numbers
    open_app(page, f"{app_url}/presentasi?{SELECTION}&slide=headline&clean=1")
    # The headline as shown on screen, in large type, with the benchmark beside it.
    big = page.locator(".slide-big")
    expect(big).to_have_text([fmt_num(home["index"], "id"), fmt_num(bench["index"], "id")])
    assert float(big.first.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")) >= 100  # px
    expect(page.locator('[data-testid="stSidebar"]')).to_be_hidden()  # clean mode
    shown_index = big.first.inner_text()
    screenshot(page, "presentasi-headline-clean-id-1366")
    # The arrow key moves on, and the slide is in the URL.
    page.locator("body").press("ArrowRight")
    expect(page.locator(".slide-title").first).to_have_text("Tren indeks Kalimantan Tengah")
    expect(page).to_have_url(re.compile(r"slide=trend"))
    wait_for_app(page)
    expect(page.locator(".js-plotly-plot")).to_have_count(1)
    screenshot(page, "presentasi-trend-clean-id-1366")
    for kind, title in (("values", "Ketujuh nilai BerAKHLAK, 2024"), ("rank", "Peringkat di antara provinsi, 2024"),
                        ("gap", "Kalimantan Tengah dan Jawa Barat, 2024")):
        page.mouse.move(200, 200)  # a moving mouse shows the navigation, as it does for a presenter
        page.mouse.move(220, 210)
        page.get_by_role("button", name=re.compile("^Berikutnya")).click()
        expect(page.locator(".slide-title").first).to_have_text(title)
        wait_for_app(page)
        expect(page.locator('[data-testid="stException"]')).to_have_count(0)
        screenshot(page, f"presentasi-{kind}-clean-id-1366")
    # Leave clean mode, download the deck, and open it with python-pptx.
    page.mouse.move(300, 300)
    page.get_by_role("button", name=re.compile("Keluar dari mode presentasi")).click()
    wait_for_app(page)
    with page.expect_download() as info:
        page.get_by_role("button", name=re.compile("Unduh PowerPoint")).click()
    download = info.value
    assert download.suggested_filename == "studi-banding-62-32-2024-demo.pptx"
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    prs = Presentation(str(path))
    assert len(prs.slides) == 8
    charts = deck.chart_values(prs)
    assert set(charts) == {"chart-trend", "chart-values", "chart-rank", "chart-gap"}
    assert charts["chart-values"]["Kalimantan Tengah"] == [home["values"][c]["score"] for c in VALUE_CODES]
    assert charts["chart-gap"]["Jawa Barat"] == [bench["index"]] + [bench["values"][c]["score"] for c in VALUE_CODES]
    headline = "\n".join(s.text_frame.text for s in prs.slides[1].shapes if s.has_text_frame)
    assert shown_index in headline  # the number on screen is the number in the deck


def test_each_chart_downloads_its_data_and_a_print_quality_png(page, app_url, numbers, tmp_path):
    home, _bench = numbers
    open_app(page, f"{app_url}/presentasi?{SELECTION}&slide=values")
    with page.expect_download() as info:
        page.get_by_role("button", name=re.compile("^CSV")).click()
    csv = info.value
    assert csv.suggested_filename == "studi-banding-62-32-2024-demo-nilai.csv"
    # The Indonesian dialect (';' and a decimal comma), saying on every row that the demo is synthetic.
    frame = pd.read_csv(io.BytesIO(Path(csv.path()).read_bytes()), sep=";", decimal=",", encoding="utf-8-sig")
    assert list(frame["Skor"]) == [home["values"][c]["score"] for c in VALUE_CODES]
    assert set(frame["keterangan_data"]) == {"DATA SINTETIS — bukan hasil survei"}
    with page.expect_download() as info:
        page.get_by_role("button", name=re.compile("Excel")).click()
    assert info.value.suggested_filename.endswith("-nilai.xlsx")
    # Plotly's own camera button: a PNG named after the chart, at 3× its size on screen.
    chart = page.locator(".js-plotly-plot").first
    box = chart.bounding_box()
    chart.hover()
    with page.expect_download() as info:
        chart.locator('.modebar-btn[data-title*="png"], .modebar-btn[data-title*="PNG"]').first.click()
    png = info.value
    assert png.suggested_filename == "studi-banding-62-32-2024-demo-nilai.png"
    head = Path(png.path()).read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n"
    width = int.from_bytes(head[16:20], "big")
    assert width >= 2.5 * box["width"], (width, box["width"])
