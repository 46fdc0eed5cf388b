"""Every page in a real browser, as a user in a government office sees it (1366×768,
Indonesian) and on a phone (390×844): it loads without an error box, its Plotly charts are drawn,
axe-core finds no serious or critical accessibility problem in the app's own content, the page
never scrolls sideways on a phone, and a screenshot is kept in screenshots/browser/ for people to
look at."""
from __future__ import annotations

import re

from playwright.sync_api import expect

from browser.a11y import report, violations
from browser.fit import chart_problems
from browser.harness import open_app, screenshot


def _open(page, app_url, path):
    sep = "&" if "?" in path else "?"
    open_app(page, f"{app_url}/{path}{sep}ds=demo&entity=62&year=2024")


def test_page_loads_clean_with_its_charts(page, app_url, page_path):
    _open(page, app_url, page_path)
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
    # Indonesian by default: the navigation and the synthetic-data label are in Indonesian, and
    # the document says so (screen readers pick their voice from it).
    nav = page.locator('[data-testid="stSidebarNavLink"]')
    expect(nav.filter(has_text="Ringkasan")).to_have_count(1)
    expect(nav.filter(has_text="Presentasi")).to_have_count(1)
    # A screen reader reads a link's name, not its icon's ("Tren", never "show_chart Tren").
    expect(page.get_by_role("link", name="Tren", exact=True)).to_have_count(1)
    expect(page.get_by_role("link", name=re.compile(r"^[a-z_]+ Tren$"))).to_have_count(0)
    expect(page.get_by_text(re.compile("data sintetis", re.IGNORECASE)).first).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "id")
    # Every chart carries a text alternative: its title and a one-sentence summary.
    for chart in shown:
        figure = chart.locator("xpath=ancestor::*[@role='figure'][1]")
        expect(figure).to_have_attribute("aria-label", re.compile(r"\S.{20,}"))
    # Every chart fits: no vertical year, no cut title or label (browser/fit.py).
    problems = chart_problems(page)
    assert not problems, "\n".join(problems)


def test_no_serious_accessibility_problem_and_no_english(page, app_url, any_page_path):
    _open(page, app_url, any_page_path)
    found = violations(page)
    assert not found, report(found)
    # Streamlit's own interface in Indonesian too: no "Deploy" button, no English placeholders.
    expect(page.get_by_text("Deploy", exact=True)).to_have_count(0)
    expect(page.get_by_text("Choose an option", exact=True)).to_have_count(0)
    assert page.locator('a:text-is("Skip to main content"), [aria-label^="Help for"]').count() == 0


def test_every_page_fits_a_phone(phone, app_url, any_page_path):
    _open(phone, app_url, any_page_path)
    screenshot(phone, (any_page_path.split("?")[0] or "ringkasan") + "-id-390")
    expect(phone.locator('[data-testid="stException"]')).to_have_count(0)
    widths = phone.evaluate("""() => {
        const main = document.querySelector('[data-testid="stMain"]');
        return {page: document.documentElement.scrollWidth, inner: innerWidth,
                main: main ? main.scrollWidth : 0, mainVisible: main ? main.clientWidth : 0};
    }""")
    assert widths["page"] <= widths["inner"], widths  # no sideways scrolling of the page
    assert widths["main"] <= widths["mainVisible"] + 1, widths
    # Every chart drawn for the phone fits it: titles and notes broken into lines, small multiples
    # in two columns, year labels horizontal, nothing cut by a chart's edge (browser/fit.py).
    problems = chart_problems(phone)
    assert not problems, "\n".join(problems)
    found = violations(phone)
    assert not found, report(found)
