"""Real figures first (issue 14) in a real browser at 1366×768: Ringkasan, Perbandingan and Studi
banding on the published figures show the published ranks and awards with their sources, and
Studi banding keeps a pair without common figures and says what is missing."""
from __future__ import annotations

from playwright.sync_api import expect

from browser.harness import open_app, screenshot


def test_ringkasan_on_published_shows_badges_and_coverage(page, app_url):
    open_app(page, f"{app_url}/?ds=published&entity=62&year=2022")
    screenshot(page, "real-ringkasan-62-2022-id-1366")
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)
    expect(page.get_by_text("2022 · indeks · peringkat 9 dari 18").first).to_be_visible()
    expect(page.get_by_role("link", name="kpfmpalangkaraya.com").first).to_be_attached()
    expect(page.get_by_text("592 instansi ikut", exact=False).first).to_be_attached()
    expect(page.get_by_text("data sintetis", exact=False)).to_have_count(0)


def test_perbandingan_on_published_puts_published_ranks_beside_computed(page, app_url):
    open_app(page, f"{app_url}/perbandingan?ds=published&level=provinsi&year=2022&entity=62")
    screenshot(page, "real-perbandingan-2022-id-1366")
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)
    expect(page.get_by_text("Peringkat dipublikasikan", exact=False).first).to_be_visible()
    expect(page.get_by_text("Penghargaan dan peringkat yang dipublikasikan", exact=False).first).to_be_attached()


def test_studi_banding_32_against_62_keeps_the_pair_and_says_what_is_missing(page, app_url):
    open_app(page, f"{app_url}/studi-banding?ds=published&entity=32&bench=62")
    screenshot(page, "real-studi-banding-32-62-id-1366")
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)
    expect(page.get_by_text("pasangan tidak diganti", exact=False)).to_be_visible()
    expect(page.get_by_text("2024 · indeks · peringkat 1").first).to_be_attached()
    expect(page.get_by_text("Belum ada skor yang dipublikasikan", exact=False).first).to_be_attached()
    assert "entity=32" in page.url and "bench=62" in page.url
