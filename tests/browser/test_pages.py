"""Every page in a real browser, as a user in a government office sees it (1366×768,
Indonesian): it loads without an error box, its Plotly charts are drawn, and a screenshot is
kept in screenshots/browser/ for people to look at."""
from __future__ import annotations

import re

from playwright.sync_api import expect

from browser.harness import open_app, screenshot


def test_page_loads_clean_with_its_charts(page, app_url, page_path):
    sep = "&" if "?" in page_path else "?"
    open_app(page, f"{app_url}/{page_path}{sep}ds=demo&entity=62&year=2024")
    screenshot(page, (page_path.split("?")[0] or "ringkasan") + "-id-1366")
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)
    expect(page.get_by_text("Page not found")).to_have_count(0)
    charts = page.locator(".js-plotly-plot")
    assert charts.count() >= 1
    shown = [charts.nth(i) for i in range(charts.count()) if charts.nth(i).is_visible()]
    # (charts in a closed tab are drawn when the tab opens; Rencana Aksi opens on its board)
    for chart in shown:  # drawn, with visible marks (lines, bars, points, heatmap cells), not an empty frame
        expect(chart.locator(".main-svg").first).to_be_visible()
        assert chart.locator("g.trace, g.bars, path.point, g.hm, image, g.shapelayer path").count() > 0
    # Indonesian by default: the navigation and the synthetic-data label are in Indonesian.
    nav = page.locator('[data-testid="stSidebarNavLink"]')
    expect(nav.filter(has_text="Ringkasan")).to_have_count(1)
    expect(nav.filter(has_text="Presentasi")).to_have_count(1)
    expect(page.get_by_text(re.compile("data sintetis", re.IGNORECASE)).first).to_be_visible()
