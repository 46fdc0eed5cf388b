"""Property: any input to the importer ends either in a valid import or in a validation report —
never in a crash, and never in a half-import."""
from __future__ import annotations

import csv
import io
import shutil
import string

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from berakhlak.data import db
from berakhlak.ingest import importer

HEADERS = ["entity_code", "entity_name", "entity_level", "parent_code", "year", "measure", "value_code",
           "score", "respondents", "method", "source_url", "note", "kode", "tahun", "skor", "responden",
           "BP", "Akuntabel", "kolaboratif", "indeks", "", "score", "unknown", "Tahun ", "nilai"]
CELLS = st.one_of(
    st.sampled_from(["62", "62.03", "11", "ID", "99.99", "KL-01", "KL-01.U1", "2022", "2024", "2101", "1999",
                     "58,5", "58.5", "58,5%", "101", "-1", "", " ", "BP", "Berorientasi Pelayanan", "XX",
                     "implementasi", "keseimbangan", "kementerian", "unit", "provinsi", "ACT-2022", "BRIN-2024",
                     "https://kalteng.go.id/x", "urn:x", "=1+1", "+62", "@SUM(A1)", "-5", "1.200", "7,819",
                     "<script>alert(1)</script>", "NaN", "inf", "1e3", "0x10", "nan%", "Kalimantan Tengah"]),
    st.text(max_size=30),
    st.text(alphabet=string.digits + ".,%-+ e", max_size=8),
    st.integers(-10**6, 10**6).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
)


@pytest.fixture(scope="module")
def prop_con(built_db, tmp_path_factory):
    path = tmp_path_factory.mktemp("prop") / "berakhlak.duckdb"
    shutil.copy(built_db, path)
    con = db.connect(str(path))
    yield con
    con.close()


def count(con, table: str) -> int:
    return con.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0]


def check(con, content: bytes, file_name: str) -> None:
    scores, logs = count(con, "score"), count(con, "import_log")
    report = importer.import_file(con, content=content, file_name=file_name, dataset="prop")
    event("imported" if report.ok else "refused")
    if report.ok:
        assert report.added + report.replaced + report.unchanged == report.rows
        assert count(con, "import_log") == logs + 1
        assert count(con, "score") == scores + report.added
    else:
        for p in report.problems:  # every problem can be told, in both languages
            assert p.message("id") and p.message("en")
            assert p.row is None or p.row >= 1
        assert count(con, "score") == scores and count(con, "import_log") == logs


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(content=st.binary(max_size=600), name=st.sampled_from(["a.csv", "a.xlsx", "a.txt", "data"]))
def test_any_bytes(prop_con, content, name):
    check(prop_con, content, name)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(header=st.lists(st.sampled_from(HEADERS), min_size=1, max_size=8),
       rows=st.lists(st.lists(CELLS, max_size=9), max_size=12),
       sep=st.sampled_from([",", ";"]), bom=st.booleans())
def test_any_table(prop_con, header, rows, sep, bom):
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=sep)
    writer.writerow(header)
    writer.writerows(rows)
    content = buf.getvalue().encode("utf-8")
    check(prop_con, (b"\xef\xbb\xbf" if bom else b"") + content, "t.csv")


VALID = {
    "entity_code": st.sampled_from(["62", "62.03", "11", "ID", "31.71"]),
    "year": st.integers(2022, 2030).map(str),
    "value_code": st.sampled_from(["", "BP", "AK", "Kompeten", "harmonis", "LO", "AD", "KL"]),
    "score": st.floats(0, 100, allow_nan=False).map(lambda x: f"{x:.2f}".replace(".", ",")),
    "respondents": st.one_of(st.just(""), st.integers(0, 10**6).map(str)),
}


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=st.lists(st.fixed_dictionaries(VALID), min_size=1, max_size=10))
def test_mostly_valid_tables(prop_con, rows):
    """Near the valid: well-formed files with duplicates and conflicts mixed in."""
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(VALID), delimiter=";")
    writer.writeheader()
    writer.writerows(rows)
    check(prop_con, buf.getvalue().encode("utf-8"), "v.csv")


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=st.lists(st.lists(CELLS, min_size=3, max_size=3), min_size=1, max_size=6))
def test_any_workbook(prop_con, rows):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["entity_code", "year", "score"])
    buf = io.BytesIO()
    try:
        for r in rows:
            ws.append(r)
        wb.save(buf)
    except Exception:  # noqa: BLE001 (openpyxl refuses some characters: nothing to test then)
        return
    check(prop_con, buf.getvalue(), "t.xlsx")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cut=st.integers(0, 5000), flip=st.integers(0, 255))
def test_damaged_workbook(prop_con, cut, flip):
    """A real workbook, truncated or with one byte changed."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["entity_code", "year", "score"])
    ws.append(["62", 2024, 70.5])
    buf = io.BytesIO()
    wb.save(buf)
    data = bytearray(buf.getvalue())
    pos = cut % len(data)
    data[pos] = flip
    check(prop_con, bytes(data[: max(pos, len(data) - cut)]), "t.xlsx")
