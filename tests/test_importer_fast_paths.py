"""The importer's fast paths give what the straightforward versions give (tests/importer_reference.py
keeps those): validation the same problems (key, row, column, parameters, order), warnings, clean
rows and entities; the entity checks the same bad rows; the C readers the same table as the csv
module; the plan the same rows."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from importer_reference import reference_index_mean_warnings, reference_validate, reference_validate_entities

from berakhlak.data import db
from berakhlak.ingest import importer

pytestmark = pytest.mark.slow

CODES = ["62", "62.03", "32.16", "99", "62.99", "11", "ID", "KL.01", "KL.02", "11.B1", "11.B2", "KL.99",
         "U.1", "U.2", "", "LB.7"]
NAMES = ["", "Kalimantan Tengah", "kalimantan  tengah", "Jawa Barat", "Kota Bekasi", "Kab. Kapuas", "Biro Baru",
         "Kementerian Baru", "Nasional", "Biro Hukum", "<b>x</b>\x07"]
LEVELS = ["", "provinsi", "Kabupaten", "kota", "unit", "kementerian", "LEMBAGA", "nasional", "desa", "Pemprov",
          "k/l", "XX"]
PARENTS = ["", "62", "11", "KL.01", "KL.99", "ZZ.9", "U.1", "11.B1", "LB.7", "99"]



@st.composite
def tables(draw):
    """Rows over a few codes, names, levels and parents each, so that codes repeat with variations."""
    pools = [draw(st.lists(st.sampled_from(pool), min_size=1, max_size=3, unique=True))
             for pool in (CODES, NAMES, LEVELS, PARENTS)]
    row = st.tuples(*(st.sampled_from(p) for p in pools), st.booleans())
    return draw(st.lists(row, max_size=30))


@pytest.fixture(scope="module")
def reference(built_db):
    con = db.connect(str(built_db), read_only=True)
    try:
        return importer.Reference.load(con)
    finally:
        con.close()


def frame(rows) -> tuple[pd.DataFrame, pd.Series]:
    df = pd.DataFrame([r[:4] for r in rows], columns=["entity_code", "entity_name", "entity_level", "parent_code"],
                      dtype="str")
    df["_row"] = np.arange(len(df), dtype="int64") + 2
    return df, pd.Series([r[4] for r in rows], index=df.index)


def outcome(entities, problems, bad, n):
    marked = bad.to_numpy(dtype=bool, copy=True)
    for where, _ in problems:
        where = np.asarray(where)
        if where.dtype == bool:
            marked |= where
        else:
            marked[where] = True
    said = [(p.key, p.row, p.column, p.params) for _, p in problems]
    return entities.reset_index(drop=True), said, marked


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(rows=tables())
# a problem names only some of the code's rows: the first of those, and how many more
@example(rows=[("62", "", "", "", False), ("62", "", "nasional", "", False), ("62", "", "nasional", "", False)])
@example(rows=[("62", "", "", "", False), ("62", "Jawa Barat", "", "", False), ("62", "", "", "", True)])
@example(rows=[("62", "", "", "", False), ("62", "", "kabupaten", "", False), ("62", "", "desa", "", False)])
@example(rows=[("KL.99", "", "desa", "", False), ("KL.99", "Baru", "Kementerian", "", False)])
def test_entity_checks_agree_with_the_per_code_loop(reference, rows):
    df, bad = frame(rows)
    new_entities, new_problems = importer._validate_entities(df.copy(), reference, bad.copy())
    old_entities, old_problems = reference_validate_entities(df.copy(), reference, bad.copy())
    new = outcome(new_entities, new_problems, bad, len(df))
    old = outcome(old_entities, old_problems, bad, len(df))
    assert new[1] == old[1]
    assert (new[2] == old[2]).all()
    pd.testing.assert_frame_equal(new[0], old[0], check_dtype=False)


def test_the_differential_test_can_fail(reference, monkeypatch):
    """A unit whose parent is unknown must be named by both; break the new one and they differ."""
    df, bad = frame([("U.1", "Biro Baru", "unit", "ZZ.9", False), ("U.1", "Biro Baru", "unit", "ZZ.9", False)])
    _, old = reference_validate_entities(df.copy(), reference, bad.copy())
    assert [(p.key, p.row, p.params["more_rows"]) for _, p in old] == [("import.unknown_parent", 2, 1)]
    monkeypatch.setattr(importer, "PEMDA_CODE", importer.re.compile(r".*"))  # every code a pemda code
    _, new = importer._validate_entities(df.copy(), reference, bad.copy())
    assert [(p.key, p.row) for _, p in new] != [(p.key, p.row) for _, p in old]


# --- reading CSV: the C readers against the csv module ------------------------------------------

def same_read(fast, slow) -> None:
    (f, f_problems), (s, s_problems) = fast, slow
    assert [(p.key, p.row, p.params) for p in f_problems] == [(p.key, p.row, p.params) for p in s_problems]
    assert list(f.columns) == list(s.columns)
    assert list(f.index) == list(s.index)
    assert f.astype(object).values.tolist() == s.astype(object).values.tolist()


def separator(text: str) -> str:
    text = text.lstrip("\r\n")
    header = text.splitlines()[0] if text else ""
    return ";" if header.count(";") > header.count(",") else ","


PIECES = ["a", "62.03", " ", ",", ";", '"', '""', "\n", "\r\n", "\t", "\r", "\ufeff", "é", "\x0b", "\x85",
          "\u2028", "NaN", "null", "#", "\\", "'", "=1+1", "58,5"]


@settings(max_examples=400, deadline=None)
@given(text=st.lists(st.sampled_from(PIECES), max_size=30).map("".join), arrow=st.booleans())
def test_any_text_reads_as_the_csv_module_reads_it(text, arrow):
    text = text.lstrip("\r\n")
    if not text.strip():
        return  # read_table refuses it before
    sep = separator(text)
    fast = importer._read_csv_fast(text, sep, arrow=arrow)
    if fast is not None:
        same_read(fast, importer._read_csv_slow(text, sep))


CELL = st.one_of(st.sampled_from(["", " ", "62", " 62.03", "Kab. Kapuas", "58,5", "a, b", 'say "hi"', "x\ny",
                                  "x\r\ny", "  ", "é", "ID"]),
                 st.text(alphabet=' ab,;"\n\t', max_size=6))


def quote(cell: str, sep: str) -> str:
    if any(c in cell for c in (sep, '"', "\n", "\r")) or cell.startswith(" "):
        return '"' + cell.replace('"', '""') + '"'
    return cell


@settings(max_examples=300, deadline=None)
@given(header=st.lists(st.sampled_from(["entity_code", "year", "score", " note ", "score", ""]), min_size=1,
                       max_size=4),
       rows=st.lists(st.lists(CELL, max_size=5), max_size=8), sep=st.sampled_from([",", ";"]),
       eol=st.sampled_from(["\n", "\r\n"]), spaced=st.booleans(), arrow=st.booleans())
def test_written_tables_read_as_the_csv_module_reads_them(header, rows, sep, eol, spaced, arrow):
    """Files as spreadsheets and scripts write them: quoted cells, short rows, blank lines, spaces
    after the separator."""
    joiner = sep + " " if spaced else sep
    lines = [joiner.join(quote(c, sep) for c in header)] + [joiner.join(quote(c, sep) for c in r) for r in rows]
    text = (eol.join(lines) + eol).lstrip("\r\n")  # as _read_csv passes it
    if not text.strip() or separator(text) != sep:
        return
    fast = importer._read_csv_fast(text, sep, arrow=arrow)
    if fast is not None:
        same_read(fast, importer._read_csv_slow(text, sep))


USUAL = {  # files the fast path must take (and read as the csv module does)
    "quoted line breaks": 'entity_code,note,score\n62,"baris satu\nbaris dua",50\n62.03,"a\r\nb",51\n',
    "semicolons and decimal commas": "entity_code;year;score\n62;2022;58,5\n62.03;2022;\"74,1%\"\n",
    "short rows": "entity_code,year,score,note\n62,2022,50\n62.03,2022\n",
    "all-blank rows and blank lines": "entity_code,year,score\n62,2022,50\n,,\n\n  ,  ,\n62.03,2023,51\n\n",
    "spaces after the separator": 'entity_code, year, score\n62, 2022, "50"\n',
    "CRLF": "entity_code,year,score\r\n62,2022,50\r\n\r\n62.03,2023,51\r\n",
    "one column": "entity_code\n62\n\n62.03\n",
    "blank extra cells": "entity_code,year,score\n62,2022,50\n",
}


@pytest.mark.parametrize("name", sorted(USUAL))
@pytest.mark.parametrize("arrow", [True, False])
def test_usual_files_take_the_fast_path_and_read_the_same(name, arrow):
    text = USUAL[name]
    fast = importer._read_csv_fast(text, separator(text), arrow=arrow)
    assert fast is not None
    same_read(fast, importer._read_csv_slow(text, separator(text)))


def test_blank_rows_are_skipped_and_later_rows_keep_their_numbers(con):
    text = "entity_code,year,score\n62,2022,50\n,,\n\n62.03,2022,abc\n"
    assert importer._read_csv_fast(text, ",") is not None
    report = importer.import_file(con, content=text.encode(), file_name="f.csv", dataset="cepat")
    assert [(p.key, p.row, p.column) for p in report.problems] == [("import.bad_number", 5, "score")]


def test_a_bom_is_read_as_without_it():
    with_bom, problems = importer.read_table("\ufeffentity_code;year;score\n62;2022;58,5\n".encode(), "f.csv")
    assert not problems and list(with_bom.columns) == ["entity_code", "year", "score"]
    assert with_bom.astype(object).values.tolist() == [["62", "2022", "58,5"]]


@pytest.mark.parametrize("text, row", [
    ('entity_code,note,score\n62,"a\nb",50\n62.03,x,51,99\n', 3),   # too many cells after a quoted break
    ("entity_code,year,score\n62,2022,50\n\n62.03,2022,51,7,8\n", 4),  # after a blank line
])
def test_a_file_the_fast_path_refuses_still_names_the_row(text, row):
    assert importer._read_csv_fast(text, ",") is None
    assert importer._read_csv_fast(text, ",", arrow=False) is None
    _, problems = importer._read_csv(text)
    assert [(p.key, p.row) for p in problems] == [("import.too_many_cells", row)]


def test_a_large_file_reads_fast_and_the_same(tmp_path):
    from big_file import write_big_csv

    text = write_big_csv(tmp_path / "b.csv", rows=20_000, bad_row=1234).read_text()
    fast = importer._read_csv_fast(text, ",")
    assert fast is not None and len(fast[0]) == 20_000
    same_read(fast, importer._read_csv_slow(text, ","))


# --- per distinct cell: the same as over every cell ----------------------------------------------

PER_CELL = {
    "score": importer.parse_score,
    "respondents": importer.parse_count,
    "year": lambda c: importer.pd.to_numeric(c.where(c.str.fullmatch(r"\d{4}")), errors="coerce"),
    "source_url": lambda c: c.str.match(r"^(https?://\S+|urn:\S+)$"),
}
SCORES = st.sampled_from(["58,5", "58.5", "58,5%", " 7.819 ", "7,819", "1.200", "", "abc", "2024", "٢٠٢٤", "1e3",
                          "urn:x", "https://a.go.id/x", "https://a b", "=1+1", "-1", "100.5", "\x0b1"])


@settings(max_examples=200, deadline=None)
@given(cells=st.lists(st.one_of(SCORES, st.text(max_size=6)), min_size=1, max_size=30), column=st.sampled_from(sorted(PER_CELL)))
def test_per_distinct_cell_equals_per_cell(cells, column):
    series = pd.Series(cells * 3, dtype="str", name=column)  # repeats: the per-distinct path is taken
    pd.testing.assert_series_equal(importer._per_value(series, PER_CELL[column]), PER_CELL[column](series))


# --- the plan: DuckDB returns only the new columns, the rows come from the validated frame -------

PLAN_HEADER = "entity_code,year,measure,value_code,score,respondents,method,source_url,note\n"


def test_the_plan_has_every_incoming_column_and_the_old_values_in_row_order(con):
    first = PLAN_HEADER + ("62,2024,implementasi,BP,50,100,,https://a.go.id/x,\n"
                           "62,2024,implementasi,AK,60,,,https://a.go.id/x,catatan\n")
    assert importer.import_file(con, content=first.encode(), file_name="a.csv", dataset="uji").ok
    second = PLAN_HEADER + ("62,2024,implementasi,AK,60,,,https://a.go.id/x,catatan\n"
                            "62,2024,implementasi,BP,51,100,,https://a.go.id/x,\n"
                            "62.03,2024,implementasi,,70,5,,,\n")
    plan = importer.import_file(con, content=second.encode(), file_name="b.csv", dataset="uji", dry_run=True).plan
    assert list(plan.columns) == ["entity_code", "year", "measure", "value_code", "score", "respondents", "method",
                                  "source_url", "note", "confidence", "_row", "old_score", "old_respondents",
                                  "old_hidden", "status"]
    assert plan["status"].tolist() == ["unchanged", "replaced", "added"]
    assert plan["_row"].tolist() == [2, 3, 4] and list(plan.index) == [0, 1, 2]
    assert plan["score"].tolist() == [60.0, 51.0, 70.0]
    assert plan["old_score"].tolist()[:2] == [60.0, 50.0] and pd.isna(plan["old_score"].iloc[2])
    assert plan["old_respondents"].tolist() == [pd.NA, 100, pd.NA]
    assert plan["respondents"].tolist() == [pd.NA, 100, 5]
    assert plan["value_code"].iloc[:2].tolist() == ["AK", "BP"] and pd.isna(plan["value_code"].iloc[2])
    assert plan["note"].tolist() == ["catatan", "", ""]


def test_the_plan_of_a_wide_file_keeps_the_file_order_within_a_row(con):
    wide = "kode,tahun,BP,AK,indeks\n62,2024,50,61,55\n62.03,2023,1,2,3\n"
    plan = importer.import_file(con, content=wide.encode(), file_name="c.csv", dataset="uji", dry_run=True).plan
    assert plan["_row"].tolist() == [2, 2, 2, 3, 3, 3]
    assert plan["value_code"].fillna("-").tolist() == ["BP", "AK", "-", "BP", "AK", "-"]
    assert plan["score"].tolist() == [50.0, 61.0, 55.0, 1.0, 2.0, 3.0]


# --- index and mean of the values: grouped by numbers, the same warnings -------------------------

VALUES7 = ["BP", "AK", "KO", "HA", "LO", "AD", "KL"]


@st.composite
def clean_frames(draw):
    """Validated rows: per entity and year an index and some or all of the 7 values, near or far
    from their mean, in any order."""
    rows = []
    for code in draw(st.lists(st.sampled_from(["62", "62.03", "KL.01", "ID"]), min_size=1, max_size=3, unique=True)):
        for year in draw(st.lists(st.integers(2022, 2026), min_size=1, max_size=2, unique=True)):
            values = draw(st.lists(st.floats(0, 100, allow_nan=False), min_size=6, max_size=7))
            for v, s in zip(VALUES7, values):
                rows.append((code, year, "implementasi", v, s))
            mean = sum(values) / len(values)
            index = draw(st.sampled_from([mean, round(mean, 2), mean + 0.06, mean - 1, 0.0]))
            if draw(st.booleans()):
                rows.append((code, year, "implementasi", None, index))
            if draw(st.booleans()):
                rows.append((code, year, "keseimbangan", None, index + 3))
    order = draw(st.permutations(range(len(rows))))
    frame = pd.DataFrame([rows[i] for i in order], columns=["entity_code", "year", "measure", "value_code", "score"])
    frame = frame.astype({"entity_code": "str", "measure": "str", "value_code": "str", "year": "int64"})
    frame["_row"] = np.arange(len(frame), dtype="int64") + 2
    return frame


@settings(max_examples=200, deadline=None)
@given(clean=clean_frames())
def test_index_mean_warnings_agree_with_the_grouping_by_strings(clean):
    new = importer._index_mean_warnings(clean)
    old = reference_index_mean_warnings(clean)
    assert [(p.key, p.row, p.params) for p in new] == [(p.key, p.row, p.params) for p in old]


# --- keys of several columns, from their codes --------------------------------------------------

@settings(max_examples=200, deadline=None)
@given(rows=st.lists(st.tuples(st.integers(0, 3), st.integers(0, 2), st.integers(0, 4)), max_size=40),
       huge=st.booleans())
def test_combined_codes_tell_rows_apart_exactly_when_their_cells_differ(rows, huge):
    columns = [np.array([r[i] for r in rows], dtype=np.int64) for i in range(3)]
    if huge and rows:  # codes this wide must be renumbered on the way, or the key would overflow
        columns[1] = columns[1] * (1 << 60)
    key = importer._combined(columns)
    assert (key >= 0).all()  # no overflow
    for a in range(len(rows)):
        for b in range(len(rows)):
            assert (key[a] == key[b]) == (rows[a] == rows[b])


def test_the_header_is_the_first_line_as_splitlines_sees_it():
    for text in ["a,b\nc", "a;b\r\nc", "a\x0bb\nc", "a\u2028b", "ab", "a\x1cb", "a\x85b", "a\x1fb"]:
        end = importer.LINE_END.search(text)
        assert (text[:end.start()] if end else text) == text.splitlines()[0]


WHITESPACE = "".join(c for c in map(chr, range(0x3001)) if c.isspace())


@settings(max_examples=300, deadline=None)
@given(cells=st.lists(st.text(alphabet=st.sampled_from(list(WHITESPACE) + list("ab,é€\x00")), max_size=5),
                      max_size=12),
       start=st.integers(0, 3))
def test_trimming_skips_only_columns_with_nothing_to_trim(cells, start):
    column = pd.Series(cells, dtype="str").iloc[start:]  # a slice: Arrow buffers with an offset
    assert list(importer._trimmed(column)) == [c.strip() for c in cells[start:]]
    if any(c != c.strip() for c in cells[start:]):
        assert importer._maybe_padded(column)


# --- validation as a whole: the same as before, problem for problem -----------------------------

LONG_POOLS = {
    "entity_code": ["62", "62.03", "ID", "KL.01", "11.B1", "KL.99", "U.1", "", "99", "62"],
    "entity_name": ["", "Kalimantan Tengah", "Biro Baru", "Jawa Barat", "x\x07", "a" * 201],
    "entity_level": ["", "provinsi", "unit", "kementerian", "desa", "Kabupaten"],
    "parent_code": ["", "KL.01", "62", "ZZ"],
    "year": ["2022", "2024", "2024", "", "dua", "1999", "2024.0", "2023", "2025"],
    "respondents": ["", "100", "7.819", "banyak", "-1", "100"],
    "method": ["", "", "ACT-2022", "BRIN-2024", "XYZ", "MANDIRI-2025", "INTERNAL"],
    "source_url": ["", "https://a.go.id/x", "ftp://x", "urn:x"],
    "note": ["", "catatan", "a\nb", "a\x01", "n" * 1001],
    "measure": ["", "implementasi", "Implementasi", "keseimbangan", "kebahagiaan"],
    "value_code": ["", "BP", "bp", "Berorientasi Pelayanan", "XX", "AK", "KL", "LO", "HA", "AD", "KO"],
    "score": ["50", "50,5", "58,5%", "", "abc", "=1+1", "101", "70", "50"],
    "confidence": ["", "high", "medium", "Sedang", "x"],
}


@st.composite
def long_frames(draw):
    """Rows as to_long gives them, over a few values per column, so that keys repeat (duplicates,
    conflicts) and every check finds something now and then."""
    pools = {c: draw(st.lists(st.sampled_from(v), min_size=1, max_size=3, unique=True)) for c, v in LONG_POOLS.items()}
    rows = draw(st.lists(st.fixed_dictionaries({c: st.sampled_from(v) for c, v in pools.items()}), max_size=25))
    frame = pd.DataFrame(rows, columns=list(LONG_POOLS), dtype="str")
    frame.insert(0, "_row", np.arange(len(frame), dtype="int64") + 2)
    frame["_score_col"] = pd.Series(["skor"] * len(frame), dtype="str")
    return frame


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(long=long_frames())
def test_validation_agrees_with_the_row_by_row_version(reference, long):
    clean, entities, problems, warnings = importer.validate(long, reference)
    old_clean, old_entities, old_problems, old_warnings = reference_validate(long.copy(), reference)
    said = lambda ps: [(p.key, p.row, p.column, p.params) for p in ps]  # noqa: E731
    assert said(problems) == said(old_problems)
    assert said(warnings) == said(old_warnings)
    pd.testing.assert_frame_equal(clean, old_clean)
    pd.testing.assert_frame_equal(entities, old_entities)
