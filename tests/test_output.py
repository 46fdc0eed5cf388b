"""The one writer of every file that leaves the app (berakhlak/present/output.py), checked as a
user's spreadsheet opens the files: one CSV dialect per language with numbers that stay numbers,
where the numbers come from inside every file (synthetic data saying so on every row), and no
cell that a spreadsheet could run as a formula, whatever the names in the data. Then every
download of every page, made as a click makes it, for the demo and for a dataset of hostile
names."""
from __future__ import annotations

import inspect
import io
import re
from contextlib import contextmanager

import pandas as pd
import pytest
from filecheck import csv_rows, embedded_workbooks, live_cells, mixed_columns, text_of, typed_fields
from hypothesis import given, settings
from hypothesis import strategies as st_
from openpyxl import load_workbook
from pptx import Presentation

from berakhlak.data import db
from berakhlak.i18n import set_lang
from berakhlak.ingest import importer
from berakhlak.ingest.headers import is_metadata
from berakhlak.ingest.reader import title_rows
from berakhlak.present import deck, export, output, views

@pytest.fixture(autouse=True)
def _restore_language():
    """AppTest formats labels in the test's own thread: give the next test its default back."""
    yield
    set_lang("id")


HOSTILE = ['=HYPERLINK("http://x","y")', "@SUM(A1:A9)", "+1+cmd|' /C calc'!A0", "-2+3+cmd",
           "Biro;=1+1", "Biro,=1+1", "\tTab", "\r=CR", "\n=LF", " =spasi", "＝全角"]


def demo_about(lang="id", synthetic=True) -> output.About:
    return output.About(dataset="demo", lang=lang, title="Uji", synthetic=synthetic, label="Data sintetis",
                        sources=(output.Source("urn:berakhlak:demo", "", "synthetic"),
                                 output.Source("https://example.go.id/laporan", "Laporan", "official")),
                        methods=("BRIN-2024 — Instrumen KemenPANRB–BRIN (2024–)",))


def table() -> pd.DataFrame:
    return pd.DataFrame({
        "Instansi": [*HOSTILE, "Kalimantan Tengah"],
        "Skor": [59.5, -1.5, 100.0, None, 0.05, 74.95, 1e-3, 60.0, 50.0, 51.0, 52.0, 76.3],
        "Responden": pd.array([7819, None, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14], dtype="Int64"),
        "Selisih": [-1.5, "tidak sebanding", 2.0, None, -0.1, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0],
    })


# --- the dialect -------------------------------------------------------------------------------

def test_indonesian_csv_is_semicolons_and_decimal_commas_and_reads_back_as_numbers():
    raw = output.csv(table(), demo_about("id"))
    assert raw.startswith(b"\xef\xbb\xbf")
    head = raw.decode("utf-8-sig").splitlines()[0]
    assert head.startswith('"Instansi";"Skor";"Responden"')
    back = pd.read_csv(io.BytesIO(raw), sep=";", decimal=",", encoding="utf-8-sig")
    assert back["Skor"].dtype == float and back["Skor"].tolist()[:3] == [59.5, -1.5, 100.0]
    assert back["Responden"].iloc[0] == 7819  # no thousands separator, no decimal
    assert "59,5" in raw.decode("utf-8-sig") and "59.5" not in raw.decode("utf-8-sig")
    # a mixed column keeps its numbers as numbers and its text as text
    assert back["Selisih"].iloc[0] == "-1,5" or back["Selisih"].iloc[0] == -1.5
    assert list(csv_rows(raw, ";")[2][:4]) == ['\'@SUM(A1:A9)', "-1,5", "", "tidak sebanding"]


def test_english_csv_is_commas_and_decimal_points():
    raw = output.csv(table(), demo_about("en"))
    back = pd.read_csv(io.BytesIO(raw), encoding="utf-8-sig")
    assert back["Skor"].tolist()[:3] == [59.5, -1.5, 100.0]
    assert "data_source" in back.columns and set(back["data_notice"]) == {"SYNTHETIC DATA — not survey results"}


def test_every_csv_row_says_dataset_sources_method_date_and_synthetic():
    back = pd.read_csv(io.BytesIO(output.csv(table(), demo_about("id"))), sep=";", decimal=",", encoding="utf-8-sig")
    meta = back[["dataset", "sumber_data", "metode_data", "tanggal_dibuat", "keterangan_data"]]
    assert len(meta.drop_duplicates()) == 1 and len(meta) == len(table())  # the same on every row
    row = meta.iloc[0]
    assert row["keterangan_data"] == "DATA SINTETIS — bukan hasil survei"
    assert "https://example.go.id/laporan" in row["sumber_data"] and "urn:berakhlak:demo" in row["sumber_data"]
    assert row["metode_data"].startswith("BRIN-2024") and re.match(r"\d{4}-\d\d-\d\d \d\d:\d\d", row["tanggal_dibuat"])
    real = pd.read_csv(io.BytesIO(output.csv(table(), demo_about("id", synthetic=False))), sep=";", encoding="utf-8-sig")
    assert set(real["keterangan_data"]) == {"Data sintetis"}  # the dataset's label, no synthetic notice


# --- formulas ------------------------------------------------------------------------------------

def test_no_field_of_a_csv_can_run_whichever_separator_a_reader_uses():
    for lang in ("id", "en"):
        frame = table()
        frame.columns = ["=HEADER()", "@kolom", "+n", "Selisih;=1"]  # headers are cells too
        raw = output.csv(frame, demo_about(lang))
        assert live_cells(raw, "x.csv") == []
        for sep in (";", ","):
            for row in csv_rows(raw, sep):
                assert all(not output.is_live(f) for f in row)
        # and pandas reads the names back as written, behind the apostrophe
        sep, decimal = output.dialect(lang)
        back = pd.read_csv(io.BytesIO(raw), sep=sep, decimal=decimal, encoding="utf-8-sig", keep_default_na=False)
        assert back.iloc[0, 0] == "'" + HOSTILE[0] and back.columns[0] == "'=HEADER()"
        assert back.iloc[4, 0] == "Biro;'=1+1"


def test_negative_numbers_stay_numbers_and_plain_number_text_is_left_alone():
    assert output.safe("-1,5") == "-1,5" and output.safe("+3") == "+3" and output.safe("-") == "-"
    assert output.safe("-2+3") == "'-2+3" and output.safe("- catatan") == "'- catatan"
    raw = output.csv(pd.DataFrame({"d": [-1.5, -20.0]}), lang="id").decode("utf-8-sig")
    assert raw.splitlines()[1:] == ["-1,5", "-20"]


@settings(max_examples=300, deadline=None)
@given(st_.text(alphabet=st_.sampled_from(list("=+-@;,\t\r\n '\"aZ1.＝")), max_size=12))
def test_safe_text_is_never_live(text):
    assert not output.is_live(output.safe(text))
    assert output.safe(output.safe(text)) == output.safe(text)  # neutralising twice changes nothing more


def test_xlsx_numbers_are_numbers_text_is_text_and_nothing_is_a_formula():
    frame = table()
    frame["#N/A"] = ["#N/A", "=1+1", "x\x01y", "a" * 40000, *["ok"] * 8]  # an error code, a formula, a control char, too long
    data = output.xlsx(frame, demo_about("id"))
    assert live_cells(data, "x.xlsx") == []
    wb = load_workbook(io.BytesIO(data))
    assert wb.sheetnames == ["data", "Sumber"]
    ws = wb["data"]
    assert ws["A1"].value.startswith("DATA SINTETIS — bukan hasil survei") and "urn:berakhlak:demo" in ws["A1"].value
    assert [c.value for c in ws[2]][:3] == ["Instansi", "Skor", "Responden"]
    assert ws.freeze_panes == "A3" and ws.auto_filter.ref.startswith("A2:")
    assert ws["B3"].value == 59.5 and ws["B3"].data_type == "n" and ws["C3"].value == 7819
    assert ws["D4"].value == "tidak sebanding" and ws["D3"].value == -1.5
    assert ws["E3"].value == "#N/A" and ws["E3"].data_type == "s"
    assert ws["E4"].value == "'=1+1" and ws["E5"].value == "x\ufffdy" and len(ws["E6"].value) == output.XLSX_CELL_MAX
    sources = "\n".join(" ".join(str(v) for v in r if v is not None) for r in wb["Sumber"].iter_rows(values_only=True))
    for needed in ("DATA SINTETIS — bukan hasil survei", "https://example.go.id/laporan", "urn:berakhlak:demo",
                   "BRIN-2024", "Dataset demo", "Dibuat"):
        assert needed in sources, needed


def test_english_xlsx_has_a_sources_sheet_in_english():
    wb = load_workbook(io.BytesIO(output.xlsx({"a": table(), "b": table()}, demo_about("en"))))
    assert wb.sheetnames == ["a", "b", "Sources"]
    assert wb["b"]["A1"].value.startswith("SYNTHETIC DATA — not survey results")


def test_a_template_has_no_about_but_is_neutralised_all_the_same():
    data = output.xlsx(pd.DataFrame({"nama": HOSTILE}), lang="id")
    wb = load_workbook(io.BytesIO(data))
    assert wb.sheetnames == ["data"] and wb["data"]["A1"].value == "nama"
    assert live_cells(data, "t.xlsx") == []
    assert live_cells(output.csv(pd.DataFrame({"nama": HOSTILE}), lang="en"), "t.csv") == []


def test_an_embedded_chart_workbook_holds_no_live_formula_and_says_its_source():
    from pptx.enum.chart import XL_CHART_TYPE
    from pptx.util import Inches

    cd = output.chart_data(demo_about("id"), "0.0")
    cd.categories = HOSTILE
    cd.add_series('=HYPERLINK("http://x","series")', list(range(len(HOSTILE))))
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    chart = slide.shapes.add_chart(XL_CHART_TYPE.BAR_CLUSTERED, 0, 0, Inches(6), Inches(4), cd).chart
    # the slide shows the names as they are (XML keeps a CR as a line feed)
    assert [str(c) for c in chart.plots[0].categories] == [h.replace("\r", "\n") for h in HOSTILE]
    output.describe(prs, demo_about("id"))
    buf = io.BytesIO()
    prs.save(buf)
    assert live_cells(buf.getvalue(), "x.pptx") == []
    (_, blob), = embedded_workbooks(buf.getvalue())
    wb = load_workbook(io.BytesIO(blob))
    assert wb.sheetnames == ["Sheet1", "Sumber"] and wb["Sheet1"]["B1"].value == "'=HYPERLINK(\"http://x\",\"series\")"
    assert "DATA SINTETIS" in text_of(buf.getvalue(), "x.pptx")
    assert Presentation(io.BytesIO(buf.getvalue())).core_properties.keywords.startswith("DATA SINTETIS")


def test_readers_ignore_the_metadata_columns_and_skip_the_banner():
    assert is_metadata("sumber_data") and is_metadata("Data Source") and not is_metadata("sumber")
    assert title_rows([["DATA SINTETIS …", None], ["kode", "tahun"]]) == 1
    assert title_rows([["kode", "tahun"], ["62", "2024"]]) == 0


# --- the database's files: export, deck, templates -------------------------------------------------

@pytest.fixture(scope="module")
def ro(built_db):
    c = db.connect(str(built_db), read_only=True)
    yield c
    c.close()


def test_about_reads_the_sources_and_methods_of_what_is_shown(ro):
    about = output.about(ro, "published", "en", entities=["62"], years=[2022], min_respondents=5)
    assert not about.synthetic and about.label == "Published figures"
    assert about.sources and all(s.url.startswith("http") for s in about.sources)
    assert [m.split(" — ")[0] for m in about.methods] == ["ACT-2022"]
    assert "fewer than 5 respondents" in about.notes[0]
    demo = output.about(ro, "demo", "id")
    assert demo.synthetic and [s.url for s in demo.sources] == ["urn:berakhlak:demo"]
    assert [m.split(" — ")[0] for m in demo.methods] == ["ACT-2022", "BRIN-2024", "MANDIRI-2025"]


def test_the_deck_says_synthetic_and_its_source_inside_every_embedded_workbook(ro):
    data = deck.build_pptx(ro, "62", 2024, "demo", "32", "id")
    books = embedded_workbooks(data)
    assert len(books) == 4
    for _, blob in books:
        text = text_of(blob, ".xlsx")
        assert "DATA SINTETIS — bukan hasil survei" in text and "urn:berakhlak:demo" in text
    assert live_cells(data, "deck.pptx") == []
    props = Presentation(io.BytesIO(data)).core_properties
    assert "DATA SINTETIS" in props.comments and "urn:berakhlak:demo" in props.comments


# --- a dataset of hostile names, through every writer -------------------------------------------------

VALUE_CODES = ["BP", "AK", "KO", "HA", "LO", "AD", "KL"]


def hostile_csv() -> bytes:
    """K/L and units of Kalteng whose names are formulas; notes that start with a tab."""
    rows = ["entity_code,entity_name,entity_level,parent_code,year,measure,value_code,score,respondents,note"]
    names = ['=HYPERLINK(""http://x"",""y"")', "@SUM(A1:A9)", "+1+2", "-2+3+cmd", "Biro;=1+1"]
    entities = [(f"KL.9{i}", n, "kementerian", "") for i, n in enumerate(names)]
    entities += [(f"62.H{i}", n, "unit", "62") for i, n in enumerate(names)]
    entities += [("62", "Kalimantan Tengah", "provinsi", "")]
    for code, name, level, parent in entities:
        for year in (2023, 2024):
            for j, v in enumerate(VALUE_CODES):
                rows.append(f'{code},"{name}",{level},{parent},{year},implementasi,{v},{60 + j + (year - 2023)},40,"\t=catatan"')
    return "\n".join(rows).encode()


@pytest.fixture(scope="module")
def hostile_db(built_db, tmp_path_factory):
    import shutil

    path = tmp_path_factory.mktemp("hostile") / "berakhlak.duckdb"
    shutil.copy(built_db, path)
    con = db.connect(str(path))
    report = importer.import_file(con, content=hostile_csv(), file_name="hostile.csv", dataset="hostile")
    assert report.ok, report.problems[:3]
    con.close()
    return path


def test_hostile_names_make_no_live_formula_in_the_export_deck_templates_or_studi_banding(hostile_db):
    from berakhlak.evaluation import templates

    con = db.connect(str(hostile_db), read_only=True)
    files = {}
    for lang in ("id", "en"):
        for fmt in ("csv", "xlsx"):
            files[f"export-{lang}.{fmt}"] = export.dataset_bytes(con, "hostile", fmt, lang)
    files["deck.pptx"] = deck.build_pptx(con, "KL.90", 2024, "hostile", "KL.91", "id")
    files["deck-unit.pptx"] = deck.build_pptx(con, "62.H0", 2024, "hostile", "62.H1", "en")
    units = db.query(con, "entity_list_all").query("parent_code == '62' and level == 'unit' and code.str.startswith('62.H')")
    units = units[["code", "name"]]
    for kind in ("survey", "checklist", "actions"):
        files[f"tpl-{kind}.xlsx"] = templates.template_xlsx(kind, "62", "Kalimantan Tengah", units, 2025, "id")
        files[f"tpl-{kind}.csv"] = templates.template_csv(kind, "62", units, 2025, lang="id")
        files[f"sample-{kind}.csv"] = templates.sample_csv(kind, "62", units, 2025, "en")
    # Studi banding between two K/L whose names are formulas: the names are cells, never headers.
    frame = db.query(con, "level_scores", dataset="hostile", year=2024, levels=["kementerian"], indicator="IDX",
                     batch="", province="", min_respondents=5).set_index("entity_code")
    h, b = frame.loc["KL.90"], frame.loc["KL.91"]
    tbl = pd.DataFrame({"code": ["IDX"], "label": ["Indeks"], "home": [h["idx"]], "bench": [b["idx"]],
                        "national": [None], "gap": [1.0]})
    bench = views.benchmark_file(tbl, h, b, 2024, "id")
    assert '=HYPERLINK("http://x","y")' not in bench.columns
    about = output.about(con, "hostile", "id", entities=["KL.90", "KL.91"], years=[2024])
    files["studi-banding.csv"] = output.csv(bench, about)
    files["studi-banding.xlsx"] = output.xlsx(bench, about)
    con.close()
    for name, data in files.items():
        assert live_cells(data, name) == [], name
    # the names are there, as text behind the apostrophe
    assert "'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")" in files["export-id.csv"].decode("utf-8-sig")
    assert "'=HYPERLINK" in text_of(files["tpl-checklist.xlsx"], ".xlsx")


def test_a_hostile_export_imports_back_to_the_same_scores(hostile_db, tmp_path):
    import shutil

    path = tmp_path / "copy.duckdb"
    shutil.copy(hostile_db, path)
    con = db.connect(str(path))
    for fmt in ("csv", "xlsx"):
        data = export.dataset_bytes(con, "hostile", fmt, "id")
        report = importer.import_file(con, content=data, file_name=f"x.{fmt}", dataset=f"back{fmt}")
        assert report.ok and not report.warnings, (report.problems[:3], report.warnings[:3])
        a = con.execute("SELECT entity_code, year, value_code, score FROM score WHERE dataset='hostile' ORDER BY ALL").fetchall()
        b = con.execute(f"SELECT entity_code, year, value_code, score FROM score WHERE dataset='back{fmt}' ORDER BY ALL").fetchall()
        assert a == b
    con.close()


# --- every page's downloads, made as a click makes them --------------------------------------------

@contextmanager
def capture_downloads(monkeypatch):
    """Every st.download_button a page renders: (label, data, file_name). AppTest has no runtime to
    serve deferred downloads, so the test calls `data` itself, as Streamlit does on a click."""
    import streamlit
    from streamlit.delta_generator import DeltaGenerator
    from streamlit.elements.widgets.button import ButtonMixin

    got = []
    original = ButtonMixin.download_button  # (DeltaGenerator's own may be a spy already)
    signature = inspect.signature(inspect.unwrap(original))

    def spy(self, *args, **kwargs):
        bound = signature.bind(self, *args, **kwargs).arguments
        got.append((bound["label"], bound["data"], bound.get("file_name")))
        return original(self, *args, **kwargs)

    monkeypatch.setattr(DeltaGenerator, "download_button", spy)
    monkeypatch.setattr(streamlit, "download_button", lambda *a, **k: spy(streamlit._main, *a, **k))
    yield got


def run_page(page: str, params: dict, lang: str = "id", session: dict | None = None, got: list | None = None):
    """The page as a link opens it (the entry point first). `got`: the downloads captured, of
    this page only."""
    from conftest import ROOT
    from streamlit.testing.v1 import AppTest

    set_lang(lang)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
    for k, v in {"lang": lang, **params}.items():
        at.query_params[k] = v
    for k, v in (session or {}).items():
        at.session_state[k] = v
    at.run()
    for k, v in {"lang": lang, **params}.items():
        at.query_params[k] = v
    at.switch_page(f"pages/{page}.py")
    if got is not None:
        got.clear()  # the default page's own downloads
    at.run()
    assert not at.exception, at.exception
    return at


def made(data) -> bytes:
    data = data() if callable(data) else data
    return data.encode() if isinstance(data, str) else data


def check_file(name: str, data: bytes, lang: str, *, synthetic: bool, source: str) -> None:
    """What a user finds opening the file: no live formula; the notice and a source inside (but in
    a template, which holds no numbers); a CSV in the language's dialect whose numbers read as numbers."""
    assert live_cells(data, name) == [], name
    if name.startswith("templat-"):
        return
    text = text_of(data, name)
    marker = "DATA SINTETIS — bukan hasil survei" if lang == "id" else "SYNTHETIC DATA — not survey results"
    assert (marker in text) == synthetic, name
    assert source in text, name
    if name.endswith(".csv"):
        sep, decimal = output.dialect(lang)
        assert mixed_columns(data, sep, decimal) == [], name  # one column, one type
        frame = pd.read_csv(io.BytesIO(data), sep=sep, decimal=decimal, encoding="utf-8-sig")
        assert frame.shape[1] > 5, name  # not one column: the separator is the one the file uses
        # every column of numbers reads back as numbers (not as text, not split at the decimal mark)
        rows = typed_fields(data, sep)
        for j, col in enumerate(frame.columns):
            written = [r[j] for r in rows[1:] if j < len(r) and r[j][0]]
            if written and not any(quoted for _, quoted in written):
                assert pd.api.types.is_numeric_dtype(frame[col]), (name, col)


PAGES = [  # page, link, files expected (by name)
    ("overview", {"entity": "62", "year": "2024"}, ["tren-62-demo.csv", "nilai-62-2024-demo.xlsx"]),
    ("trend", {"entities": "62,32", "view": "table"}, ["tren-62-32-IDX-demo.csv"]),
    ("compare", {"level": "provinsi", "year": "2024"}, ["perbandingan-provinsi-IDX-2024-demo.csv"]),
    ("benchmark", {"entity": "62", "bench": "32", "year": "2024"},
     ["studi-banding-62-32-2024-demo.csv", "studi-banding-62-32-2024-demo.xlsx", "studi-banding-62-32-2024-demo.pptx"]),
    ("units", {"inst": "62", "year": "2024"}, ["unit-62-2024-demo.csv"]),
    ("presentation", {"entity": "62", "year": "2024"}, ["presentasi-62-2024-demo.pptx"]),
    ("presentation", {"entity": "62", "year": "2024", "bench": "32", "slide": "trend"},
     ["studi-banding-62-32-2024-demo-tren.csv", "studi-banding-62-32-2024-demo-tren.xlsx"]),
    ("action_plan", {"entity": "62"}, ["rencana-aksi-62-2025-demo.csv", "rencana-aksi-62-2025-demo.xlsx",
                                       "riwayat-rencana-aksi-62-2025-demo.csv"]),
    ("evaluation", {"entity": "62"}, []),
]


@pytest.mark.parametrize("page,params,expected", PAGES, ids=[p[0] + "-" + p[1].get("slide", "") for p in PAGES])
def test_every_download_of_every_page_says_synthetic_and_its_source(app_env, monkeypatch, page, params, expected):
    with capture_downloads(monkeypatch) as got:
        run_page(page, {"ds": "demo", **params}, got=got)
    names = [n for _, _, n in got]
    for e in expected:
        assert e in names, (e, names)
    assert got, page
    for _label, data, name in got:
        check_file(name, made(data), "id", synthetic=not name.startswith("templat-"), source="urn:berakhlak:")


def test_kelola_data_export_and_templates(app_rw, monkeypatch):
    from berakhlak.ui import auth

    with capture_downloads(monkeypatch) as got:
        run_page("data", {"ds": "demo"}, session={auth.ADMIN_KEY: "admin (uji)"}, got=got)
    names = [n for _, _, n in got]
    assert {"templat-berakhlak-long.csv", "templat-berakhlak-wide.xlsx"} <= set(names), names
    for _label, data, name in got:
        if name.startswith("berakhlak-"):  # the export of the chosen dataset (the user's latest, else the demo)
            content = made(data)
            assert live_cells(content, name) == []
            assert "sumber_data" in content.decode("utf-8-sig").splitlines()[0]
        elif name.startswith("templat-"):
            check_file(name, made(data), "id", synthetic=False, source="")


def test_english_studi_banding_files_are_english_and_tidy(app_env, monkeypatch):
    with capture_downloads(monkeypatch) as got:
        run_page("benchmark", {"ds": "published", "entity": "62", "bench": "35", "year": "2022"}, lang="en", got=got)
    files = {n: made(d) for _, d, n in got}
    csv_name = next(n for n in files if n.endswith(".csv"))
    check_file(csv_name, files[csv_name], "en", synthetic=False, source="https://")
    frame = pd.read_csv(io.BytesIO(files[csv_name]), encoding="utf-8-sig")
    assert list(frame.columns[:6]) == ["Measure", "Code", "Home score", "Benchmark score", "Gap (benchmark − home)",
                                       "National average"]
    assert set(frame["Year"]) == {2022} and frame["Home organisation"].nunique() == 1  # names are values
    assert frame["Home score"].dtype == float
    xlsx_name = next(n for n in files if n.endswith(".xlsx"))
    wb = load_workbook(io.BytesIO(files[xlsx_name]))
    assert wb.sheetnames[-1] == "Sources"
    ws = wb.worksheets[0]
    assert isinstance(ws["C3"].value, float) and ws["I3"].value == 2022


def test_hostile_dataset_downloads_on_the_pages_hold_no_live_formula(hostile_db, monkeypatch):
    from conftest import ROOT

    monkeypatch.setenv("BERAKHLAK_DB", str(hostile_db))
    monkeypatch.chdir(ROOT)
    for page, params in (("benchmark", {"entity": "KL.90", "bench": "KL.91", "year": "2024"}),
                         ("units", {"inst": "62", "year": "2024"}),
                         ("trend", {"entities": "KL.90,KL.94", "view": "table"}),
                         ("compare", {"level": "kl", "year": "2024"})):
        with capture_downloads(monkeypatch) as got:
            run_page(page, {"ds": "hostile", **params}, got=got)
        assert got, page
        for _label, data, name in got:
            content = made(data)
            assert live_cells(content, name) == [], (page, name)
            assert "urn:berakhlak:import" in text_of(content, name), (page, name)


def test_a_deck_of_two_long_names_keeps_its_title_within_powerpoints_limit():
    from pptx import Presentation

    prs = Presentation()
    output.describe(prs, demo_about("id"), title="Studi banding: " + "Nama panjang " * 40)
    assert len(prs.core_properties.title) == 255 and prs.core_properties.title.endswith("…")
