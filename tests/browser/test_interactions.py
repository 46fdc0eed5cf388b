"""What a user does in the browser: choose another year and see other numbers, copy the URL
and get the same view back, switch the language and read English labels and numbers."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from berakhlak.data import db
from berakhlak.i18n import fmt_num
from berakhlak.domain.summary import summarize
from browser.harness import open_app, screenshot


@pytest.fixture(scope="module")
def numbers(built_db):
    con = db.connect(str(built_db), read_only=True)
    try:
        yield {y: summarize(con, "62", y, "demo") for y in (2022, 2024)}
    finally:
        con.close()


def metric_value(page, label: str):
    card = page.locator('[data-testid="stMetric"]').filter(
        has=page.locator('[data-testid="stMetricLabel"]', has_text=label))
    return card.locator('[data-testid="stMetricValue"]')


def choose(page, label: str, option: str) -> None:
    """Pick an option in a Streamlit selectbox, as a user would: open it, click the option."""
    page.get_by_role("combobox", name=label, exact=True).click()
    page.get_by_role("option", name=option, exact=True).click()


def test_choosing_a_year_changes_the_numbers_and_the_url_reopens_the_view(page, app_url, numbers, browser):
    open_app(page, f"{app_url}/?ds=demo&entity=62&year=2024")
    expect(metric_value(page, "Indeks BerAKHLAK 2024")).to_have_text(fmt_num(numbers[2024]["index"], "id"))
    choose(page, "Tahun", "2022")
    expect(metric_value(page, "Indeks BerAKHLAK 2022")).to_have_text(fmt_num(numbers[2022]["index"], "id"))
    assert numbers[2022]["index"] != numbers[2024]["index"]
    expect(page).to_have_url(re.compile(r"[?&]year=2022(&|$)"))
    # A copied link, opened by someone else (a fresh browser context), shows the same view.
    other = browser.new_context(viewport={"width": 1366, "height": 768})
    try:
        p2 = other.new_page()
        open_app(p2, page.url)
        expect(metric_value(p2, "Indeks BerAKHLAK 2022")).to_have_text(fmt_num(numbers[2022]["index"], "id"))
        expect(p2.get_by_role("combobox", name="Tahun", exact=True)).to_have_value("2022")
        expect(p2.get_by_role("combobox", name="Instansi", exact=True)).to_have_value("Kalimantan Tengah (Provinsi)")
    finally:
        other.close()


def test_switching_the_language_changes_labels_and_numbers(page, app_url, numbers):
    open_app(page, f"{app_url}/?ds=demo&entity=62&year=2024")
    page.locator('[data-testid="stSidebar"]').get_by_text("English", exact=True).click()
    expect(metric_value(page, "BerAKHLAK index 2024")).to_have_text(fmt_num(numbers[2024]["index"], "en"))
    expect(page.locator('[data-testid="stSidebarNavLink"]').filter(has_text="Overview")).to_have_count(1)
    expect(page.get_by_text("Ringkasan Kalimantan Tengah")).to_have_count(0)
    expect(page).to_have_url(re.compile(r"[?&]lang=en(&|$)"))
    # The language survives moving to another page.
    page.locator('[data-testid="stSidebarNavLink"]').filter(has_text="Presentation").click()
    expect(page.locator(".slide-title").first).to_have_text("BerAKHLAK Index 2024")
    screenshot(page, "presentasi-en-1366")
