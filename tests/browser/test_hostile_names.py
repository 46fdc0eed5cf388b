"""A hostile-names dataset (issue 16) rendered on every page in Chromium: entity and unit names,
notes, criteria, evidence, action texts and owners made of Markdown links and images pointing at
another host (http://127.0.0.1:9, where nothing answers), KaTeX, <a href>, <span style>, <b>,
<img>, formulas, autolinks and long text within the import limits. On every page: no element
from data becomes a link, an image or styled text, no KaTeX is drawn, and no request leaves for
another host than the app's own."""
from __future__ import annotations

import shutil
from urllib.parse import urlsplit

import pytest

from browser.harness import AppServer, screenshot, wait_for_app

OUTSIDE = "http://127.0.0.1:9"
NAME_1 = (f"[Klik-H]({OUTSIDE}/link) ![p]({OUTSIDE}/pixel-name.png) <a href='{OUTSIDE}/a'>Tautan-H</a> "
          f"<span style='font-size:60px'>Besar-H</span> $x^2$ www.contoh.id a@contoh.id")
NAME_2 = f"=HYPERLINK(\"{OUTSIDE}\",\"klik\") <b>Tebal-H</b> <img src={OUTSIDE}/pixel-img.png> :red[Merah-H]"
UNIT = f"Biro <a href='{OUTSIDE}/u'>Unit-H</a> ![u]({OUTSIDE}/pixel-unit.png) <b>Tebal-U</b>"
TEXT = (f"Aksi [tautan]({OUTSIDE}/x) ![gambar]({OUTSIDE}/pixel-action.png) <span style='font-size:60px'>Besar</span> "
        f"$\\frac{{1}}{{2}}$ {OUTSIDE}/bare =1+1 ") + "panjang " * 40
EVIDENCE = f"![bukti]({OUTSIDE}/pixel-evidence.png) <a href='{OUTSIDE}/e'>bukti</a> {OUTSIDE}/bukti.pdf"
NOTE = f"![catatan]({OUTSIDE}/pixel-note.png) [catatan]({OUTSIDE}/n) <b>tebal</b> $y$"
VALUES = ("BP", "AK", "KO", "HA", "LO", "AD", "KL")


def _national_csv() -> str:
    rows = ["entity_code,entity_name,entity_level,parent_code,year,respondents,note,indeks," + ",".join(VALUES)]
    for code, name, level, parent, base in (("KL-H1", NAME_1, "kementerian", "", 70.0),
                                            ("KL-H2", NAME_2, "kementerian", "", 60.0),
                                            ("KL-H1.U1", UNIT, "unit", "KL-H1", 65.0),
                                            ("KL-H1.U2", NAME_2[:150], "unit", "KL-H1", 55.0)):
        for year, step in ((2022, 0.0), (2023, 2.0), (2024, 4.0)):
            scores = [f"{base + step + i:.1f}" for i in range(7)]
            cells = [code, name, level, parent, str(year), "120", NOTE, "", *scores]
            rows.append(",".join('"' + c.replace('"', '""') + '"' for c in cells))
    return "\n".join(rows) + "\n"


def _quoted(cells) -> str:
    return ",".join('"' + str(c).replace('"', '""') + '"' for c in cells)


def _survey_csv() -> str:
    from berakhlak.evaluation.internal import BEHAVIOUR_ITEMS

    rows = [_quoted(["respondent_id", "unit_code", "unit_name", "parent_code", "year", *BEHAVIOUR_ITEMS])]
    for unit, name in (("62.H1", UNIT), ("62.H2", NAME_2[:150])):
        for r in range(6):
            rows.append(_quoted([f"{unit}-{r}", unit, name, "62", 2025, *[(r + i) % 4 + 1 for i in range(21)]]))
    return "\n".join(rows) + "\n"


def _checklist_csv() -> str:
    rows = [_quoted(["entity_code", "year", "criterion", "weight", "status", "evidence", "reviewer_note"])]
    rows.append(_quoted(["62.H1", 2025, TEXT[:290], 10, "ada", EVIDENCE, NOTE]))
    rows.append(_quoted(["62.H1", 2025, "Kriteria <b>dua</b>", 10, "sebagian", EVIDENCE, NOTE]))
    return "\n".join(rows) + "\n"


def _actions_csv() -> str:
    rows = [_quoted(["entity_code", "year", "action", "status", "owner", "due_date", "evidence", "reviewer_note"])]
    rows.append(_quoted(["62.H1", 2025, TEXT, "merah", UNIT[:190], "2025-01-31", EVIDENCE, NOTE]))
    rows.append(_quoted(["62.H2", 2025, NAME_1, "kuning", NAME_2[:190], "2099-12-31", EVIDENCE, NOTE]))
    return "\n".join(rows) + "\n"


@pytest.fixture(scope="module")
def hostile_db(browser, built_db, tmp_path_factory):
    from berakhlak.data import db
    from berakhlak.evaluation import action_plan
    from berakhlak.evaluation import internal as evaluation
    from berakhlak.ingest import importer

    where = tmp_path_factory.mktemp("hostile")
    path = where / "app.duckdb"
    shutil.copy(built_db, path)
    with db.writer(str(path)) as con:
        for report in (
            importer.import_file(con, content=_national_csv().encode(), file_name="hostil.csv", dataset="main"),
            evaluation.import_survey(con, _survey_csv().encode(), "survei.csv", dataset="main", who="uji"),
            evaluation.import_checklist(con, _checklist_csv().encode(), "bukti.csv", dataset="main", who="uji"),
            action_plan.import_actions(con, _actions_csv().encode(), "aksi.csv", dataset="main", who="uji"),
        ):
            assert report.ok, [p.message("en") for p in report.problems]
    return path


@pytest.fixture(scope="module")
def hostile_url(hostile_db):
    server = AppServer(hostile_db, hostile_db.parent / "streamlit.log").start()
    try:
        yield server.url
    finally:
        server.stop()


PAGES = [
    "?ds=main&entity=KL-H1&year=2024",
    "tren?ds=main&entities=KL-H1,KL-H2",
    "perbandingan?ds=main&level=kl&year=2024",
    "nilai?ds=main&level=kl&entity=KL-H1&year=2024&peer=KL-H2",
    "studi-banding?ds=main&entity=KL-H1&bench=KL-H2&year=2024",
    "unit?ds=main&inst=KL-H1&year=2024",
    *[f"presentasi?ds=main&entity=KL-H1&bench=KL-H2&year=2024&slide={k}"
      for k in ("cover", "headline", "trend", "values", "rank", "gap", "questions", "sources")],
    "evaluasi?ds=main&entity=62&year=2025",
    "rencana-aksi?ds=main&entity=62&year=2025",
]

# What would show that text from data became markup (the data's own words are marked "-H", "-U").
MARKUP = """() => {
  const found = [];
  const where = el => {
    const chain = [];
    for (let t = el.closest('[data-testid]'); t && chain.length < 4; t = t.parentElement && t.parentElement.closest('[data-testid]'))
      chain.push(t.getAttribute('data-testid'));
    return chain.join('<');
  };
  const data = /(Klik-H|Tautan-H|Besar-H|Tebal-H|Merah-H|Unit-H|Tebal-U|127\\.0\\.0\\.1:9|contoh\\.id|tautan|bukti|catatan|gambar)/;
  for (const a of document.querySelectorAll('a')) {
    if ((a.getAttribute('href') || '').startsWith('#')) continue;  // Streamlit's anchor of a heading
    if (data.test(a.textContent) || data.test(a.getAttribute('href') || '') || data.test(a.getAttribute('xlink:href') || ''))
      found.push('link in ' + where(a) + ': ' + (a.getAttribute('href') || a.getAttribute('xlink:href')) + ' ' + a.textContent.slice(0, 60));
  }
  for (const img of document.querySelectorAll('img, image')) {
    const src = img.getAttribute('src') || img.getAttribute('href') || img.getAttribute('xlink:href') || '';
    if (data.test(src)) found.push('image in ' + where(img) + ': ' + src);
  }
  for (const el of document.querySelectorAll('[style]')) {
    if (/font-size:\\s*60px/.test(el.getAttribute('style'))) found.push('styled: ' + el.textContent.slice(0, 60));
  }
  for (const el of document.querySelectorAll('b, strong, tspan[style*="bold"]')) {
    if (/(Tebal-H|Tebal-U)/.test(el.textContent) && !/[<>]/.test(el.textContent))
      found.push('bold: ' + el.textContent.slice(0, 60));
  }
  if (document.querySelector('.katex')) found.push('katex: ' + document.querySelector('.katex').textContent.slice(0, 60));
  return found;
}"""


@pytest.mark.parametrize("path", PAGES)
def test_hostile_names_render_as_text_with_no_outside_request(browser, hostile_url, path):
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="id-ID")
    page = context.new_page()
    page.set_default_timeout(60000)
    own = urlsplit(hostile_url).netloc
    outside = []
    page.on("request", lambda r: outside.append(r.url)
            if urlsplit(r.url).scheme not in ("data", "blob") and urlsplit(r.url).netloc != own else None)
    try:
        page.goto(f"{hostile_url}/{path}")
        wait_for_app(page)
        # Hover labels and the Evaluasi page's expanders show more text from data: open them.
        for exp in page.locator('[data-testid="stExpander"] summary').all()[:6]:
            exp.click()
        page.wait_for_timeout(500)
        assert not page.locator('[data-testid="stException"]').count(), page.locator(
            '[data-testid="stException"]').first.inner_text()
        text = page.locator('[data-testid="stMain"]').inner_text()
        # (The rank slide names no entity here: a rank among 2 ministries is not shown, issue 11.)
        assert "slide=values" in path or "slide=sources" in path or "slide=rank" in path or "Klik-H" in text or "Tautan-H" in text or "Unit-H" in text or "Tebal" in text or "Aksi" in text, \
            f"the hostile dataset is not on {path}"
        found = page.evaluate(MARKUP)
        assert not found, f"{path}: markup from data: {found[:5]}"
        assert not outside, f"{path}: requests to another host: {outside[:5]}"
        screenshot(page, "hostile-" + (path.split("?")[0] or "ringkasan") + ("-" + path.split("slide=")[1]
                                                                            if "slide=" in path else ""))
    finally:
        context.close()


# Every download a visitor can take of the hostile dataset, page by page (tabs opened in turn).
DOWNLOAD_PAGES = [
    "?ds=main&entity=KL-H1&year=2024",
    "tren?ds=main&entities=KL-H1,KL-H2&view=table",
    "perbandingan?ds=main&level=kl&year=2024",
    "studi-banding?ds=main&entity=KL-H1&bench=KL-H2&year=2024",
    "unit?ds=main&inst=KL-H1&year=2024",
    "presentasi?ds=main&entity=KL-H1&bench=KL-H2&year=2024&slide=cover",
    "evaluasi?ds=main&entity=62&year=2025",
    "rencana-aksi?ds=main&entity=62&year=2025",
]


def _downloads_of(page) -> list[tuple[str, bytes]]:
    got = []
    # The buttons come with the page's last elements (tabs hold theirs in the DOM too).
    page.locator('[data-testid="stDownloadButton"]').first.wait_for(state="attached")
    tabs = page.get_by_role("tab").all() or [None]
    for tab in tabs:
        if tab is not None:
            tab.click()
            page.wait_for_timeout(300)
        for button in [d.locator("button").first for d in page.locator('[data-testid="stDownloadButton"]').all()]:
            if not button.is_visible() or not button.is_enabled():
                continue
            with page.expect_download(timeout=120_000) as info:
                button.click()
            download = info.value
            got.append((download.suggested_filename, open(download.path(), "rb").read()))
    return got


@pytest.mark.parametrize("path", DOWNLOAD_PAGES)
def test_no_download_of_the_hostile_dataset_holds_a_live_formula(browser, hostile_url, path):
    from filecheck import live_cells

    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="id-ID", accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(60000)
    try:
        page.goto(f"{hostile_url}/{path}")
        wait_for_app(page)
        files = _downloads_of(page)
        assert files, f"{path}: no download found"
        for name, data in files:
            if name.endswith((".csv", ".xlsx", ".pptx")):
                assert not live_cells(data, name), f"{path}: {name}: {live_cells(data, name)[:3]}"
    finally:
        context.close()


def test_the_export_and_the_deck_of_the_hostile_dataset_hold_no_live_formula(hostile_db):
    """What an admin exports (Kelola Data and `python -m berakhlak export`) and the deck."""
    from filecheck import live_cells

    from berakhlak.data import db
    from berakhlak.present import deck, export

    con = db.connect(str(hostile_db), read_only=True)
    try:
        for fmt in ("csv", "xlsx"):
            for lang in ("id", "en"):
                data = export.dataset_bytes(con, "main", fmt, lang)
                assert data and not live_cells(data, f"x.{fmt}"), live_cells(data, f"x.{fmt}")[:3]
        data = deck.build_pptx(con, "KL-H1", 2024, "main", benchmark="KL-H2")
        assert not live_cells(data, "x.pptx"), live_cells(data, "x.pptx")[:3]
    finally:
        con.close()
