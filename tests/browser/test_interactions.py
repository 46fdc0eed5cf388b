"""What a user does in the browser: choose another year and see other numbers, copy the URL
and get the same view back, switch the language and read English labels and numbers."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from berakhlak.data import db
from berakhlak.i18n import fmt_num
from berakhlak.domain.summary import summarize
from browser.harness import open_app, screenshot, wait_for_app


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


def choose_dataset(page, label: str) -> None:
    """The sidebar's dataset picker, typed into as a user may (its list can open under the
    sidebar's edge at 1366 px), then Enter."""
    expand = page.locator('[data-testid="stExpandSidebarButton"]')
    if expand.count() and expand.first.is_visible():
        expand.first.click()
    box = page.get_by_role("combobox", name="Dataset", exact=True)
    box.click()
    box.fill(label)
    page.keyboard.press("Enter")
    wait_for_app(page)


def test_switching_the_dataset_keeps_the_entity_and_year_it_has(page, app_url):
    """Issue 13: the dataset switch keeps the selection where the new dataset has it (Kalteng 2024
    is in the published figures), and says so where it falls back (2025 is not)."""
    open_app(page, f"{app_url}/?ds=demo&entity=62&year=2024")
    choose_dataset(page, "Angka yang dipublikasikan")
    expect(page).to_have_url(re.compile(r"[?&]ds=published(&|$)"))
    expect(page.get_by_role("combobox", name="Instansi", exact=True)).to_have_value("Kalimantan Tengah (Provinsi)")
    expect(page.get_by_role("combobox", name="Tahun", exact=True)).to_have_value("2024")
    expect(page).to_have_url(re.compile(r"[?&]entity=62(&|$)"))
    expect(page.get_by_text("tidak ada di sini")).to_have_count(0)
    # A year the published figures lack: the page falls back to their latest, and says so.
    open_app(page, f"{app_url}/?ds=demo&entity=62&year=2025")
    choose_dataset(page, "Angka yang dipublikasikan")
    expect(page.get_by_role("combobox", name="Tahun", exact=True)).to_have_value("2024")
    expect(page.get_by_text("2025 tidak ada di sini (dataset atau pilihan ini), jadi ditampilkan 2024.")).to_have_count(1)
