"""The hostile files of issue 16 uploaded in the browser, where anyone may have a file checked
without signing in (Evaluasi → Impor data): each is refused with a message in the user's language
naming what is wrong, no traceback, while a second browser session keeps getting page reruns.

The files are the issue's own sizes where they fit the upload cap (a zip bomb that unpacks to
480 MB, a workbook of 3,000 sheets, a survey header of 2 million columns); a file over the cap is
refused before it is sent. How fast each is refused is measured, not asserted:
`python benchmarks/hostile.py --browser` prints the figures (docs/performance.md)."""
from __future__ import annotations

import shutil

import pytest

from browser.harness import AppServer, wait_for_app
from hostile_files import many_sheets, wide_header, zip_bomb

FILES = [  # name, maker, what the refusal says (Indonesian, the default UI language)
    ("bom-zip-480MB.xlsx", lambda: zip_bomb(480), "membengkak menjadi 480 MB saat dibuka"),
    ("3000-sheet.xlsx", lambda: many_sheets(3000), "3.000 sheet; batasnya 50"),
    # A header of 2 million columns is one line of 17 MB: refused at the line-length limit.
    ("2-juta-kolom.csv", lambda: wide_header(2_000_000), "Baris 1: baris terlalu panjang"),
]


@pytest.fixture(scope="module")
def upload_url(browser, built_db, tmp_path_factory):
    """A server of its own: the checks use this module's sessions' rate limits and worker."""
    where = tmp_path_factory.mktemp("upload")
    shutil.copy(built_db, where / "app.duckdb")
    server = AppServer(where / "app.duckdb", where / "streamlit.log").start()
    try:
        warm = browser.new_page()
        warm.goto(server.url + "/")  # the first session after a start races the page registry
        wait_for_app(warm)
        warm.close()
        yield server.url
    finally:
        server.stop()


def _open_import_tab(page, url):
    page.goto(url + "/evaluasi?ds=demo")
    wait_for_app(page)
    page.get_by_role("tab", name="Impor data").click()


def _rerun_other_session(page, lang):
    """The other session switches the language: a full page rerun that must come back."""
    page.get_by_text("English" if lang == "en" else "Indonesia", exact=True).first.click()
    wait_for_app(page)
    title = "Overview" if lang == "en" else "Ringkasan"
    page.get_by_role("heading", name=title).or_(page.get_by_text(title)).first.wait_for()


@pytest.mark.parametrize("name, make, says", FILES, ids=[f[0] for f in FILES])
def test_a_hostile_upload_is_refused_with_a_message_while_others_rerun(browser, upload_url, tmp_path,
                                                                        name, make, says):
    path = tmp_path / name
    path.write_bytes(make())
    a = browser.new_context(viewport={"width": 1366, "height": 768}, locale="id-ID").new_page()
    b = browser.new_context(viewport={"width": 1366, "height": 768}, locale="id-ID").new_page()
    for p in (a, b):
        p.set_default_timeout(120_000)
    try:
        _open_import_tab(a, upload_url)
        b.goto(upload_url + "/?ds=demo")
        wait_for_app(b)
        a.locator('[data-testid="stFileUploaderDropzoneInput"]').first.set_input_files(str(path))
        # While the worker checks the file, the other session's reruns keep coming back.
        for lang in ("en", "id"):
            _rerun_other_session(b, lang)
        refusal = a.locator('[data-testid="stAlert"]').filter(has_text="Impor dibatalkan")
        refusal.first.wait_for()
        main = a.locator('[data-testid="stMain"]')
        main.get_by_text(says).first.wait_for()
        assert not a.locator('[data-testid="stException"]').count()
        assert "Traceback" not in main.inner_text()
    finally:
        a.context.close()
        b.context.close()


def test_a_file_over_the_upload_cap_is_refused_before_it_is_sent_in_the_ui_language(browser, upload_url,
                                                                                   tmp_path):
    """A survey CSV with a line of a gigabyte (sparse: no disk used) is over the 50 MB cap."""
    from hostile_files import long_line_file

    path = long_line_file(tmp_path / "baris-1GB.csv", size=60 * 2**20)
    a = browser.new_context(viewport={"width": 1366, "height": 768}, locale="id-ID").new_page()
    a.set_default_timeout(120_000)
    try:
        _open_import_tab(a, upload_url)
        a.locator('[data-testid="stFileUploaderDropzoneInput"]').first.set_input_files(str(path))
        uploader = a.locator('[data-testid="stFileUploader"]').first
        uploader.get_by_role("alert").get_by_text("Galat: Berkas paling besar 50.0MB.").wait_for()
        text = uploader.inner_text()
        assert "must be" not in text and "smaller" not in text and "add icon" not in text, \
            f"English in the Indonesian UI: {text}"
        assert uploader.get_by_role("button", name="Hapus baris-1GB.csv").count()
        assert not a.locator('[data-testid="stAlert"]').filter(has_text="Impor dibatalkan").count()
    finally:
        a.context.close()
