"""The bad-input corpus (tests/corpus/, and a 100,000-row file made here): every bad file gets a
clear message naming its row and column in the user's language, exit 2 from the CLI, and changes
nothing. Formula-like cells are stored as text and neutralised on export; HTML or script in names
is always shown as text."""
from __future__ import annotations

import io
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest
from big_file import write_big_csv
from conftest import ROOT, app_on
from test_reliability import snapshot

from berakhlak.cli import main as cli
from berakhlak.data import db
from berakhlak.present import export
from berakhlak.ingest import importer
from berakhlak.i18n import set_lang

CORPUS = ROOT / "tests" / "corpus"

# file -> what the Indonesian report must say (each fragment somewhere in stderr)
REJECTED = {
    "wrong_types.csv": ["Baris 2, kolom 'year': 'dua ribu' bukan tahun",
                        "Baris 3, kolom 'score': 'tinggi' bukan angka",
                        "Baris 4, kolom 'respondents': 'banyak' bukan jumlah responden"],
    "score_out_of_range.csv": ["Baris 2, kolom 'score': skor 101 di luar rentang 0–100",
                               "Baris 3, kolom 'score': skor -5 di luar rentang",
                               "Baris 4, kolom 'score': skor 100.5 di luar rentang"],
    "unknown_codes.csv": ["Baris 2, kolom 'entity_code': kode '99.99' tidak ada dalam daftar kode wilayah Kemendagri",
                          "Baris 3, kolom 'entity_name': kode baru KL-BARU harus diberi nama",
                          "Baris 4, kolom 'entity_code': kode '63.99'"],
    "unknown_value.csv": ["Baris 2, kolom 'value_code': nilai 'XX' tidak dikenal",
                          "Baris 4, kolom 'value_code': nilai 'Jujur' tidak dikenal"],
    "unknown_measure.csv": ["Baris 2, kolom 'measure': ukuran 'kebahagiaan' tidak dikenal"],
    "year_out_of_range.csv": ["Baris 2, kolom 'year': tahun 1999 di luar rentang 2020–2100",
                              "Baris 3, kolom 'year': tahun 2101 di luar rentang"],
    "conflicting_duplicates.csv": ["Baris 3, kolom 'score': bertentangan dengan baris 2"],
    "missing_columns.csv": ["Kolom 'score': kolom wajib tidak ada"],
    "empty.csv": ["Berkas kosong"],
    "header_only.csv": ["Berkas kosong"],
    "binary_garbage.bin": ["bukan CSV (teks UTF-8) dan bukan XLSX"],
    "utf16.csv": ["bukan CSV (teks UTF-8) dan bukan XLSX"],
    "wrong_sheet.xlsx": ["Tidak ada sheet yang memuat kolom entity_code dan year. Sheet yang ada: Catatan, Rekap"],
    "not_a_workbook.xlsx": ["Berkas XLSX tidak dapat dibuka"],
    "xlsx_bad_values.xlsx": ["Baris 2, kolom 'score': sel berisi rumus '=1+99' tanpa hasil tersimpan",
                             "Baris 3, kolom 'score': skor 150 di luar rentang"],
    "formula_in_score.csv": ["Baris 2, kolom 'score': sel berisi rumus '=1+99'",
                             "Baris 4, kolom 'score': '@SUM(A1)' bukan angka"],
    "very_long_string.csv": ["Baris 2, kolom 'entity_name': isi sel terlalu panjang (6.011 karakter; paling banyak 200)",
                             "Baris 3, kolom 'note': isi sel terlalu panjang (5.000 karakter; paling banyak 1.000)"],
    "control_chars.csv": ["Baris 2, kolom 'entity_name': sel berisi karakter kendali"],
    "unbalanced_quotes.csv": ["Baris 3, kolom 'entity_code': sel berisi karakter kendali", "tanda kutip"],
    "too_many_cells.csv": ["Baris 2: baris ini punya 5 sel, padahal tajuk punya 3 kolom"],
}


@pytest.fixture(autouse=True)
def back_to_indonesian():
    """cli.main(["--lang", "en", ...]) sets this thread's language; AppTest formats widget labels
    in this thread too, so later tests must find the default again."""
    yield
    set_lang("id")


@pytest.fixture(scope="module")
def corpus_db(built_db, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("corpus") / "berakhlak.duckdb"
    shutil.copy(built_db, path)
    return path


def import_cli(capsys, path: Path, file: Path, lang: str = "id", dataset: str = "corpus", *more) -> tuple[int, str, str]:
    code = cli.main(["--lang", lang, "import", str(file), "--db", str(path), "--dataset", dataset, *more])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_the_corpus_is_complete():
    names = {p.name for p in CORPUS.iterdir() if p.suffix != ".py"}
    assert set(REJECTED) <= names
    assert {"formula_in_text.csv", "html_names.csv", "formula_with_result.xlsx"} <= names


@pytest.mark.parametrize("name", sorted(REJECTED))
def test_bad_file_is_refused_clearly_and_changes_nothing(corpus_db, capsys, name):
    before = snapshot(corpus_db)
    code, out, err = import_cli(capsys, corpus_db, CORPUS / name)
    assert code == cli.EXIT_INVALID
    for fragment in REJECTED[name]:
        assert fragment in err, f"{fragment!r} not in:\n{err}"
    assert "Tidak ada data yang diubah" in err and "Traceback" not in err
    assert out == ""
    assert snapshot(corpus_db) == before


@pytest.mark.parametrize("name", ["wrong_types.csv", "unknown_codes.csv", "empty.csv", "wrong_sheet.xlsx",
                                  "very_long_string.csv"])
def test_the_report_is_in_english_when_asked(corpus_db, capsys, name):
    code, _, err = import_cli(capsys, corpus_db, CORPUS / name, lang="en")
    assert code == cli.EXIT_INVALID
    assert "No data was changed" in err
    assert "Baris" not in err and "kolom" not in err and "Berkas" not in err


def test_exit_code_2_from_a_real_process(corpus_db):
    out = subprocess.run([sys.executable, "-m", "berakhlak", "import", str(CORPUS / "wrong_types.csv"),
                          "--db", str(corpus_db)], capture_output=True, text=True, cwd=ROOT, check=False)
    assert out.returncode == 2
    assert "Baris 2, kolom 'year'" in out.stderr


def test_the_importer_never_raises_on_the_corpus(corpus_db):
    con = db.connect(str(corpus_db), read_only=True)
    try:
        for file in sorted(f for f in CORPUS.iterdir() if f.suffix != ".py"):
            report = importer.import_file(db.cursor(con), file, dataset="corpus", dry_run=True)
            assert report.ok == (file.name not in REJECTED), (file.name, report.problems[:3])
    finally:
        con.close()


# --- formula-like cells -------------------------------------------------------------------

def test_formula_like_text_is_stored_as_written_and_neutralised_on_export(fresh_db, capsys, tmp_path):
    code, _, err = import_cli(capsys, fresh_db, CORPUS / "formula_in_text.csv", "id", "rumus")
    assert code == 0, err
    con = db.connect(str(fresh_db), read_only=True)
    names = dict(con.execute("SELECT code, name FROM entity WHERE code IN ('KL-RUMUS', 'KL-AT')").fetchall())
    notes = {r[0] for r in con.execute("SELECT note FROM score WHERE dataset = 'rumus'").fetchall()}
    con.close()
    assert names == {"KL-RUMUS": '=HYPERLINK("http://evil.example","klik")', "KL-AT": "@SUM(1+1)"}
    assert {"+62 812 0000", "-catatan dengan minus", "=cmd|' /C calc'!A0"} == notes

    for fmt in ("csv", "xlsx"):
        out = tmp_path / f"rumus.{fmt}"
        assert cli.main(["export", str(out), "--db", str(fresh_db), "--dataset", "rumus"]) == 0
        frame = (pd.read_csv(out, sep=";", dtype=str, keep_default_na=False, encoding="utf-8-sig") if fmt == "csv"
                 else pd.read_excel(out, dtype=str, header=1).fillna(""))  # (row 1: the banner)
        cells = set(frame["entity_name"]) | set(frame["note"])
        assert "'=HYPERLINK(\"http://evil.example\",\"klik\")" in cells
        assert {"'@SUM(1+1)", "'+62 812 0000", "'-catatan dengan minus", "'=cmd|' /C calc'!A0"} <= cells
        assert not any(c.startswith(("=", "+", "-", "@")) for c in cells)
        assert pd.to_numeric(frame["score"].str.replace(",", ".")).min() > 0  # numbers stay numbers
    capsys.readouterr()


def test_a_formula_with_a_saved_result_counts_with_that_result(fresh_db, capsys):
    code, _, err = import_cli(capsys, fresh_db, CORPUS / "formula_with_result.xlsx", "id", "xl")
    assert code == 0, err
    con = db.connect(str(fresh_db), read_only=True)
    assert con.execute("SELECT score FROM score WHERE dataset = 'xl'").fetchall() == [(70.5,)]
    con.close()


# --- the 100,000-row file -----------------------------------------------------------------
# (a valid one is imported whole in test_reliability, after a killed attempt)

def test_a_100000_row_file_with_one_bad_row_is_refused_naming_it(corpus_db, capsys, tmp_path):
    file = write_big_csv(tmp_path / "besar.csv", rows=100_000, bad_row=99_999)
    before = snapshot(corpus_db)
    code, _, err = import_cli(capsys, corpus_db, file)
    assert code == cli.EXIT_INVALID
    assert "Baris 99999, kolom 'score': 'n/a' bukan angka" in err
    assert "1 masalah ditemukan" in err
    assert snapshot(corpus_db) == before


# --- HTML and script in names -------------------------------------------------------------

@pytest.fixture(scope="module")
def html_db(built_db, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("html") / "berakhlak.duckdb"
    shutil.copy(built_db, path)
    with db.writer(str(path)) as con:
        report = importer.import_file(con, CORPUS / "html_names.csv", dataset="xss")
        assert report.ok, report.problems
    return path


def test_markdown_escaping_shows_every_character():
    from berakhlak.ui.common import md_escape

    raw = "<img src=x onerror=alert(1)> [klik](javascript:alert(1)) **Biro** $x$ :red[Unit] a_b"
    escaped = md_escape(raw)
    for ch in "<>[]()*$:_":
        assert f"\\{ch}" in escaped
    assert escaped.replace("\\", "") == raw


def test_names_with_html_are_text_on_the_overview(html_db, monkeypatch):
    at = app_on(html_db, monkeypatch, {"ds": "xss", "entity": "KL-XSS", "year": "2024"})
    assert not at.exception, at.exception
    title = at.title[0].value
    assert "\\<script\\>alert\\(\\'xss\\'\\)\\</script\\>" in title
    sources = "\n".join(m.value for m in at.markdown)
    assert "\\<b\\>tebal\\</b\\>" in sources and "<b>tebal" not in sources.replace("\\<", "")


@pytest.fixture(scope="module")
def server(html_db):
    """The app on a port of our own (8621-8629), over the database with the HTML names."""
    port = next(p for p in range(8621, 8630) if socket.socket().connect_ex(("127.0.0.1", p)) != 0)
    env = {**os.environ, "BERAKHLAK_DB": str(html_db)}
    proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
                             "--server.headless", "true", "--browser.gatherUsageStats", "false"],
                            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while socket.socket().connect_ex(("127.0.0.1", port)) != 0:
        if time.monotonic() > deadline or proc.poll() is not None:
            proc.kill()
            pytest.fail("the app did not start")
        time.sleep(0.3)
    yield f"http://127.0.0.1:{port}"
    proc.terminate()
    proc.wait(timeout=20)


@pytest.mark.browser
def test_names_with_html_are_never_rendered_in_the_browser(server, browser):
    from browser.harness import wait_for_app

    dialogs = []
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    for entity in ("KL-XSS", "KL-XSS.U1"):
        page.goto(f"{server}/ringkasan?ds=xss&entity={entity}&year=2024")
        wait_for_app(page)
        page.wait_for_selector(".js-plotly-plot .gtitle", timeout=30000)
        page.wait_for_function("() => document.querySelector('[data-testid=\"stMain\"]').innerText.includes('Sumber\\n')"
                               " || document.querySelector('[data-testid=\"stMain\"]').innerText.includes('Berkas impor')",
                               timeout=30000)
        page.wait_for_timeout(500)
        text = page.inner_text('[data-testid="stMain"]')
        assert page.locator('[data-testid="stException"]').count() == 0
        if entity == "KL-XSS":
            assert "<script>alert('xss')</script> Kementerian Uji" in text
            assert "<b>tebal</b>" in text
            titles = page.eval_on_selector_all(".js-plotly-plot .gtitle", "els => els.map(e => e.textContent)")
            assert any("<script>alert('xss')</script>" in s for s in titles), titles
        else:
            assert "<img src=x onerror=alert(1)> [klik](javascript:alert(1)) **Biro** $x$ :red[Unit]" in text
        assert page.locator('[data-testid="stMain"] img[src="x"]').count() == 0
        assert page.locator('[data-testid="stMain"] a[href^="javascript"]').count() == 0
        assert page.locator('[data-testid="stMain"] script').count() == 0
        assert page.locator('[data-testid="stMain"] b:text("tebal")').count() == 0
    page.close()
    assert dialogs == []


# --- templates ----------------------------------------------------------------------------

def test_templates_use_the_indonesian_value_names_and_import_once_filled(con):
    values = db.query(con, "value_list")
    for kind in ("long", "wide"):
        for fmt in ("csv", "xlsx"):
            content = export.template_bytes(kind, fmt, values, pd.DataFrame({"a": ["b"]}), lang="id")
            unfilled = importer.import_file(con, content=content, file_name=f"t.{fmt}", dataset="tpl", dry_run=True)
            assert not unfilled.ok  # a template uploaded unfilled is refused
            frame = (pd.read_csv(io.BytesIO(content), sep=";", dtype=str, keep_default_na=False, encoding="utf-8-sig")
                     if fmt == "csv"
                     else pd.read_excel(io.BytesIO(content), sheet_name="data", dtype=str).fillna(""))
            if kind == "wide":
                assert "Berorientasi Pelayanan" in frame.columns and "Kolaboratif" in frame.columns
                for name in values["name_id"]:
                    frame[name] = "70,5"
            else:
                assert "Berorientasi Pelayanan" in set(frame["value_code"])
                frame["score"] = "70,5"
            filled = importer.import_file(con, content=frame.to_csv(index=False).encode(), file_name="t.csv",
                                          dataset="tpl", dry_run=True)
            assert filled.ok, filled.problems[:3]
            assert filled.added == (7 if kind == "wide" else 8)
