"""The browser-test harness: one `streamlit run app.py` per test session on a free port, over a
private copy of the session's database, and one Chromium (Debian's) driven by Playwright.

Add a page to every page-level check by adding its URL path to PAGES.
Outside CI a missing Chromium skips these tests; in CI (CI=true) it fails them: they are never
silently skipped there."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from browser.harness import AppServer, wait_for_app

# Every page, by URL path (with the query that shows its charts). One line per page. The
# default page (Ringkasan) lives at "" — Streamlit answers "/ringkasan" with "Page not found".
PAGES = [
    "",
    "tren?entities=62,32",
    "perbandingan",
    "nilai",
    "studi-banding?entity=62&bench=32",
    "unit?inst=62",
    "presentasi?slide=trend",
    "evaluasi",
    "rencana-aksi",
]
# Every page, also those without a chart (the accessibility and phone checks).
ALL_PAGES = [*PAGES, "kelola-data"]
PHONE = {"width": 390, "height": 844}
VIEWPORT = {"width": 1366, "height": 768}


def pytest_generate_tests(metafunc):
    if "page_path" in metafunc.fixturenames:
        metafunc.parametrize("page_path", PAGES)
    if "any_page_path" in metafunc.fixturenames:
        metafunc.parametrize("any_page_path", ALL_PAGES)


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.xdist_group("browser"))  # one server and browser per run


@pytest.fixture(scope="session", autouse=True)
def _patient_expectations():
    """Assertions wait up to 30 s: a busy 2-core CI machine reruns a page in seconds, not ms."""
    from playwright.sync_api import expect

    expect.set_options(timeout=30_000)


@pytest.fixture(scope="session")
def app_url(browser, built_db, tmp_path_factory):  # the browser first: no Chromium, no build
    """The app's base URL. The server reads a private copy of the session database and is
    stopped at the end (its log is printed if it failed to start)."""
    where = tmp_path_factory.mktemp("browser")
    db_copy = where / "app.duckdb"
    shutil.copy(built_db, db_copy)
    server = AppServer(db_copy, where / "streamlit.log").start()
    try:
        # The first session after a start can race Streamlit's page registry ("Page not
        # found" on a deep link): open the main page once before any test.
        page = browser.new_page(viewport=VIEWPORT)
        page.goto(server.url + "/")
        wait_for_app(page)
        page.close()
        yield server.url
    finally:
        server.stop()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport=VIEWPORT, accept_downloads=True, locale="id-ID")
    p = context.new_page()
    p.set_default_timeout(30000)
    yield p
    context.close()


@pytest.fixture(scope="module")
def phone(browser):
    """One phone-sized context (390×844, touch) for a module's tests: pages are opened in turn."""
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=2,
                                  locale="id-ID")
    p = context.new_page()
    p.set_default_timeout(30000)
    yield p
    context.close()
