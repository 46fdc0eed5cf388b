"""One language at a time (issue 13, item 8): every page in English (?lang=en) shows no
Indonesian UI word, and in Indonesian no English UI word — in its text, its charts (SVG text) and
its labels for screen readers (aria-label, title, placeholder), Streamlit's own included.

The words are UI vocabulary that the data does not contain (names of entities, units and the
demo's action-plan texts are Indonesian in both languages: they are data, not interface). What
the data holds and looks like a UI word is allowed by exact pattern below, with its reason."""
from __future__ import annotations

import re

import pytest

from browser.harness import open_app

# Checked in the English UI.
INDONESIAN = ["sintetis", "ilustrasi", "Unduh", "Tampilkan", "Pilih", "poin", "disembunyikan", "Disembunyikan",
              "Sumber", "rata-rata", "tahun", "tidak", "Tidak", "Ringkasan", "Perbandingan", "pembanding",
              "Metode berubah", "Lewati", "Halaman aplikasi", "Bilah samping", "Bantuan untuk"]
# Checked in the Indonesian UI.
ENGLISH = ["the", "and", "Download", "Source", "Sources", "points", "hidden", "Hidden", "Choose", "average",
           "year", "with", "Show", "Deploy", "Search", "Fullscreen", "App pages", "Sidebar", "No data", "Trend",
           "Values", "Compare", "Skip to main content", "Help for", "Collapse sidebar", "Running"]
# Data that contains such a word, by exact pattern: the demo's evidence file names
# ("sintetis/Bukti_…", berakhlak/evaluation/demo.py EVIDENCE_PREFIX) and its change-log author
# ("demo (sintetis)", DEMO_WHO).
DATA = [r"sintetis/\S+", r"demo \(sintetis\)"]

PAGE_TEXT = """() => [document.body.innerText,
    ...[...document.querySelectorAll('svg text')].map(t => t.textContent),
    ...[...document.querySelectorAll('[aria-label],[title],[placeholder]')].flatMap(
        e => ['aria-label', 'title', 'placeholder'].map(a => e.getAttribute(a) || ''))].join('\\n')"""


def foreign_words(text: str, words: list[str]) -> list[str]:
    for pattern in DATA:
        text = re.sub(pattern, " ", text)
    found = []
    for word in words:
        for m in re.finditer(r"(?<![\w-])" + re.escape(word) + r"(?![\w-])", text):
            found.append(f"{word!r} in …{text[max(0, m.start() - 60):m.end() + 40]!r}…")
    return found


def _open(page, app_url, path, lang):
    sep = "&" if "?" in path else "?"
    open_app(page, f"{app_url}/{path}{sep}ds=demo&entity=62&year=2024&lang={lang}")


def test_no_indonesian_in_the_english_ui(page, app_url, any_page_path):
    _open(page, app_url, any_page_path, "en")
    assert page.locator("html").get_attribute("lang") == "en"
    found = foreign_words(page.evaluate(PAGE_TEXT), INDONESIAN)
    assert not found, "\n".join(found[:10])


def test_no_english_in_the_indonesian_ui(page, app_url, any_page_path):
    _open(page, app_url, any_page_path, "id")
    found = foreign_words(page.evaluate(PAGE_TEXT), ENGLISH)
    assert not found, "\n".join(found[:10])


@pytest.mark.parametrize(("text", "words", "hits"), [
    ("Sources — data sintetis (ilustrasi)", INDONESIAN, 2),
    ("Bukti: sintetis/Bukti_AD_62.pdf, oleh demo (sintetis)", INDONESIAN, 0),
    ("Unduh data · Download", ENGLISH, 1),
])
def test_the_check_finds_foreign_words_and_not_data(text, words, hits):
    assert len(foreign_words(text, words)) == hits
