"""Every validation rule of the importer, both formats, and the write guarantees: all or
nothing, and a re-import changes nothing. Messages name the row (as a spreadsheet numbers it)
and the column."""
import io

import pandas as pd
import pytest

from berakhlak.data import db
from berakhlak.ingest.importer import import_file

HEADER = "entity_code,entity_name,entity_level,parent_code,year,measure,value_code,score,respondents,method,source_url,note\n"


def run(con, text: str | bytes, dataset="main", dry_run=False, name="f.csv"):
    content = text.encode("utf-8") if isinstance(text, str) else text
    return import_file(con, name, dataset=dataset, content=content, file_name=name, dry_run=dry_run)


def messages(report, lang="id"):
    return [p.message(lang) for p in report.problems]


def score_count(con, dataset="main"):
    return con.execute("SELECT count(*) FROM score WHERE dataset = ?", [dataset]).fetchall()[0][0]


def snapshot(con):
    return con.execute("SELECT * FROM score ORDER BY ALL").fetchall(), \
        con.execute("SELECT * FROM entity ORDER BY ALL").fetchall()


# --- formats ---------------------------------------------------------------------------------

def test_long_format_imports_and_derives_the_index(con):
    text = HEADER + "".join(
        f"62,Kalimantan Tengah,provinsi,,2024,implementasi,{v},{s},1200,,https://example.go.id/x,\n"
        for v, s in zip(["BP", "AK", "KO", "HA", "LO", "AD", "KL"], [70, 80, 75, 72, 78, 60, 74]))
    r = run(con, text)
    assert r.ok, messages(r)
    assert (r.added, r.replaced, r.unchanged) == (7, 0, 0)
    idx, basis, method = con.execute(
        "SELECT idx, index_basis, method FROM entity_year WHERE dataset='main' AND entity_code='62' AND year=2024"
    ).fetchall()[0]
    assert round(idx, 4) == round(509 / 7, 4) and basis == "mean_of_values" and method == "BRIN-2024"


def test_semicolon_bom_and_comma_decimals(con):
    text = "\ufeffentity_code;year;value_code;score\n62;2022;BP;58,5\n62;2022;AK;\"74,1%\"\n62;2022;KO;56.7\n"
    r = run(con, text)
    assert r.ok, messages(r)
    got = dict(con.execute("SELECT value_code, score FROM score WHERE dataset='main'").fetchall())
    assert got == {"BP": 58.5, "AK": 74.1, "KO": 56.7}


def test_wide_format_with_indonesian_value_names_in_any_case(con):
    text = ("kode,nama,tahun,BERORIENTASI PELAYANAN,akuntabel,Kompeten,Harmonis,Loyal,Adaptif,Kolaboratif,indeks,responden\n"
            "62.03,Kab. Kapuas,2023,60,70,61,65,66,45,68,62.1,800\n")
    r = run(con, text)
    assert r.ok, messages(r)
    assert r.added == 8
    rows = con.execute("SELECT value_code, score, respondents FROM score WHERE dataset='main' ORDER BY value_code NULLS FIRST").fetchall()
    assert rows[0] == (None, 62.1, 800)
    assert {v for v, _, _ in rows[1:]} == {"BP", "AK", "KO", "HA", "LO", "AD", "KL"}


def test_xlsx_takes_the_first_sheet_with_data_columns(con, tmp_path):
    path = tmp_path / "hasil.xlsx"
    with pd.ExcelWriter(path) as xw:
        pd.DataFrame({"Catatan": ["lembar petunjuk"]}).to_excel(xw, sheet_name="Petunjuk", index=False)
        pd.DataFrame({"entity_code": ["62", "62"], "year": [2022, 2022], "value_code": ["BP", "AD"],
                      "score": [58.5, 40.25]}).to_excel(xw, sheet_name="Data", index=False)
    r = import_file(con, path, dataset="main")
    assert r.ok, messages(r)
    assert score_count(con) == 2


def test_xlsx_without_a_data_sheet_names_the_sheets(con, tmp_path):
    path = tmp_path / "salah.xlsx"
    pd.DataFrame({"a": [1]}).to_excel(path, sheet_name="Ringkasan", index=False)
    r = import_file(con, path, dataset="main")
    assert not r.ok
    assert "Ringkasan" in messages(r)[0]


# --- validation rules --------------------------------------------------------------------------

@pytest.mark.parametrize("row, column, fragment", [
    ("62,,,,2022,implementasi,BP,abc,,,,", "score", "'abc' bukan angka"),
    ("62,,,,2022,implementasi,BP,100.5,,,,", "score", "di luar rentang 0–100"),
    ("62,,,,2022,implementasi,BP,-1,,,,", "score", "di luar rentang 0–100"),
    ("62,,,,2022,implementasi,BP,,,,,", "score", "wajib diisi"),
    ("62,,,,1999,implementasi,BP,50,,,,", "year", "di luar rentang 2020–2100"),
    ("62,,,,2101,implementasi,BP,50,,,,", "year", "di luar rentang 2020–2100"),
    ("62,,,,dua ribu,implementasi,BP,50,,,,", "year", "bukan tahun"),
    ("62,,,,2022,kebahagiaan,,50,,,,", "measure", "ukuran 'kebahagiaan' tidak dikenal"),
    ("62,,,,2022,implementasi,XX,50,,,,", "value_code", "nilai 'XX' tidak dikenal"),
    ("62,,,,2022,energi_positif,BP,50,,,,", "value_code", "hanya ada untuk ukuran 'implementasi'"),
    ("62,,,,2022,implementasi,BP,50,banyak,,,", "respondents", "bukan jumlah responden"),
    ("62,,,,2022,implementasi,BP,50,٢٠٢٤,,,", "respondents", "bukan jumlah responden"),  # not 2024 to us
    ("62,,,,2022,implementasi,BP,50,,XYZ-1,,", "method", "metode 'XYZ-1' tidak dikenal"),
    ("62,,,,2022,implementasi,BP,50,,BRIN-2024,,", "method", "tidak berlaku untuk tahun 2022"),
    ("62,,,,2022,implementasi,BP,50,,,ftp://x,", "source_url", "bukan URL sumber"),
    ("99,,,,2022,implementasi,BP,50,,,,", "entity_code", "tidak ada dalam daftar kode wilayah Kemendagri"),
    ("62.99,,kabupaten,,2022,implementasi,BP,50,,,,", "entity_code", "tidak ada dalam daftar kode wilayah Kemendagri"),
    ("62,Jawa Barat,,,2022,implementasi,BP,50,,,,", "entity_name", "tidak cocok dengan kode 62"),
    ("32.16,Kota Bekasi,,,2022,implementasi,BP,50,,,,", "entity_name", "tidak cocok dengan kode 32.16"),
    ("62,,kabupaten,,2022,implementasi,BP,50,,,,", "entity_level", "kode 62 adalah provinsi"),
    ("62,,desa,,2022,implementasi,BP,50,,,,", "entity_level", "tingkat 'desa' tidak dikenal"),
    ("KL.99,,kementerian,,2022,implementasi,BP,50,,,,", "entity_name", "kode baru KL.99 harus diberi nama"),
    ("KL.99,Kementerian Baru,,,2022,implementasi,BP,50,,,,", "entity_level", "harus diberi tingkat"),
    ("U.1,Biro Baru,unit,,2022,implementasi,BP,50,,,,", "parent_code", "harus diberi kode induk"),
    ("U.1,Biro Baru,unit,ZZ.9,2022,implementasi,BP,50,,,,", "parent_code", "induk 'ZZ.9' dari unit U.1 tidak dikenal"),
    ("ID,Nasional,provinsi,,2022,implementasi,BP,50,,,,", "entity_code", "tingkat nasional memakai kode ID"),
    (",,,,2022,implementasi,BP,50,,,,", "entity_code", "wajib diisi"),
])
def test_each_rule_reports_row_and_column_and_writes_nothing(con, row, column, fragment):
    before = snapshot(con)
    r = run(con, HEADER + "62,,,,2022,implementasi,AK,70,,,,\n" + row + "\n")
    assert not r.ok
    msgs = messages(r)
    assert any(m.startswith(f"Baris 3, kolom '{column}': ") and fragment in m for m in msgs), msgs
    assert snapshot(con) == before


def test_spelling_details_in_a_kemendagri_name_are_accepted(con):
    text = HEADER + ("62,PEMPROV KALIMANTAN-TENGAH,provinsi,,2022,implementasi,BP,50,,,,\n"
                     "62.03,Pemerintah Kab. Kapuas,kabupaten,,2022,implementasi,BP,50,,,,\n"
                     "13.07,Kabupaten Limapuluh Kota,,,2022,implementasi,BP,50,,,,\n")
    r = run(con, text)
    assert r.ok, messages(r)


def test_new_ministry_and_unit_described_in_the_file_are_created(con):
    text = HEADER + ("KL.77,Kementerian Contoh Baru,kementerian,,2024,implementasi,BP,70,,,,\n"
                     "KL.77.B1,Biro Umum,unit,KL.77,2024,implementasi,BP,65,12,,,\n")
    r = run(con, text)
    assert r.ok, messages(r)
    ents = dict(con.execute("SELECT code, parent_code FROM entity WHERE code LIKE 'KL.77%'").fetchall())
    assert ents == {"KL.77": None, "KL.77.B1": "KL.77"}


def test_conflicting_duplicates_name_both_rows(con):
    r = run(con, HEADER + "62,,,,2022,implementasi,BP,50,,,,\n62,,,,2022,implementasi,BP,51,,,,\n")
    assert not r.ok
    assert messages(r) == ["Baris 3, kolom 'score': bertentangan dengan baris 2: entitas, tahun, ukuran, dan nilai sama, tetapi skor atau responden berbeda."]


def test_identical_duplicates_are_counted_once_with_a_warning(con):
    r = run(con, HEADER + "62,,,,2022,implementasi,BP,50,,,,\n62,,,,2022,implementasi,BP,50,,,,\n")
    assert r.ok and r.added == 1
    assert "sama persis dengan baris 2" in r.warnings[0].message("id")


def test_missing_required_column(con):
    r = run(con, "entity_code,year\n62,2022\n")
    assert not r.ok
    assert "Kolom 'score': kolom wajib tidak ada" in messages(r)[0]


def test_every_problem_is_reported_not_just_the_first(con):
    r = run(con, HEADER + "62,,,,2022,implementasi,BP,abc,,,,\n62,,,,1990,implementasi,AK,50,,,,\n99,,,,2022,implementasi,KO,50,,,,\n")
    rows = sorted(p.row for p in r.problems)
    assert rows == [2, 3, 4]


def test_messages_follow_the_language(con):
    r = run(con, HEADER + "62,,,,2022,implementasi,BP,abc,,,,\n")
    assert messages(r, "en") == ["Row 2, column 'score': 'abc' is not a number (e.g. 58.5, 58,5 or 58,5%)."]


def test_index_and_mean_of_values_disagreeing_warns(con):
    vals = "".join(f"62,,,,2022,implementasi,{v},60,,,,\n" for v in ["BP", "AK", "KO", "HA", "LO", "AD", "KL"])
    r = run(con, HEADER + vals + "62,,,,2022,implementasi,,61,,,,\n")
    assert r.ok
    assert any(w.key == "import.index_mean_mismatch" for w in r.warnings)
    ok = run(con, HEADER + vals.replace("2022", "2023") + "62,,,,2023,implementasi,,60.1,,,,\n")
    assert not any(w.key == "import.index_mean_mismatch" for w in ok.warnings)


def test_empty_and_garbage_files(con):
    assert messages(run(con, ""))[0] == "Berkas kosong: tidak ada baris data."
    assert messages(run(con, HEADER))[0] == "Berkas kosong: tidak ada baris data."
    assert "bukan CSV" in messages(run(con, b"\x00\x01\xff\xfe garbage", name="x.csv"))[0]


def test_reserved_datasets_cannot_be_imported_into(con):
    r = run(con, HEADER + "62,,,,2022,implementasi,BP,50,,,,\n", dataset="published")
    assert not r.ok and "published" in messages(r)[0]


# --- write guarantees --------------------------------------------------------------------------

def test_reimport_of_the_same_rows_changes_nothing(con):
    text = HEADER + "62,,,,2022,implementasi,BP,50,,,https://example.go.id/a,\n"
    first = run(con, text)
    before = snapshot(con)
    second = run(con, text)
    assert (first.added, second.added, second.replaced, second.unchanged) == (1, 0, 0, 1)
    assert snapshot(con) == before


def test_changed_score_replaces_and_is_counted(con):
    run(con, HEADER + "62,,,,2022,implementasi,BP,50,,,,\n")
    r = run(con, HEADER + "62,,,,2022,implementasi,BP,52.5,,,,\n")
    assert (r.added, r.replaced) == (0, 1)
    assert con.execute("SELECT score FROM score WHERE dataset='main'").fetchall() == [(52.5,)]


def test_one_bad_row_means_nothing_is_written(con):
    good = "".join(f"62,,,,2022,implementasi,{v},60,,,,\n" for v in ["BP", "AK", "KO"])
    before = snapshot(con)
    r = run(con, HEADER + good + "62,,,,2022,implementasi,HA,999,,,,\n")
    assert not r.ok
    assert snapshot(con) == before
    assert con.execute("SELECT count(*) FROM import_log WHERE dataset='main'").fetchall()[0][0] == 0


def test_dry_run_reports_but_writes_nothing(con):
    before = snapshot(con)
    r = run(con, HEADER + "62,,,,2022,implementasi,BP,50,,,,\n", dry_run=True)
    assert r.ok and r.added == 1
    assert snapshot(con) == before


def test_failure_inside_the_write_rolls_everything_back(con, monkeypatch):
    before = snapshot(con)
    real = db.execute

    def failing(c, name, **params):
        if name == "refresh_entity_year":
            raise RuntimeError("disk full")
        return real(c, name, **params)

    monkeypatch.setattr(db, "execute", failing)
    with pytest.raises(RuntimeError):
        run(con, HEADER + "KL.55,Kementerian Contoh 55,kementerian,,2022,implementasi,BP,50,,,,\n")
    assert snapshot(con) == before
    assert con.execute("SELECT count(*) FROM import_log WHERE dataset='main'").fetchall()[0][0] == 0


def test_import_log_records_checksum_and_counts(con):
    text = HEADER + "62,,,,2022,implementasi,BP,50,,,,\n"
    r = run(con, text)
    import hashlib
    log = con.execute("SELECT file_name, checksum, rows_added FROM import_log WHERE import_id = ?", [r.import_id]).fetchall()
    assert log == [("f.csv", hashlib.sha256(text.encode()).hexdigest(), 1)]


def test_rows_without_a_source_get_the_import_as_source(con):
    run(con, HEADER + "62,,,,2022,implementasi,BP,50,,,,\n")
    kind, title = con.execute(
        "SELECT src.kind, src.title FROM score s JOIN source src USING (source_id) WHERE s.dataset='main'").fetchall()[0]
    assert (kind, title) == ("internal", "f.csv")


def test_published_dataset_keeps_every_source_url_and_note(built_db):
    con = db.connect(str(built_db), read_only=True)
    csv = pd.concat([pd.read_csv(db.DATA_DIR / name, dtype=str, keep_default_na=False)
                     for name in ("published_figures.csv", "published_figures_more.csv")])
    got = con.execute("""SELECT count(*) FROM score s JOIN source src USING (source_id)
                         WHERE s.dataset='published' AND src.url LIKE 'http%'""").fetchall()[0][0]
    notes = {n for (n,) in con.execute("SELECT note FROM score WHERE dataset='published' AND note IS NOT NULL").fetchall()}
    con.close()
    assert got == len(csv)
    assert notes == {n for n in csv["note"] if n}


def test_demo_rows_are_all_marked_synthetic(built_db):
    con = db.connect(str(built_db), read_only=True)
    kinds = con.execute("SELECT DISTINCT src.kind FROM score s JOIN source src USING (source_id) WHERE s.dataset='demo'").fetchall()
    con.close()
    assert kinds == [("synthetic",)]


def test_csv_read_through_pandas_buffer_has_no_index_column():
    # guard: the importer reads every cell as text (leading zeros and codes like 62.10 survive)
    from berakhlak.ingest.importer import read_table
    df, problems = read_table(b"entity_code,year,score\n62.10,2022,50\n", "x.csv")
    assert not problems and df.loc[0, "entity_code"] == "62.10"
    assert isinstance(io.StringIO, type)
