"""The CLI contract (docs/cli.md): init, import, export, summary, exit codes, and the
schema-version rules. Run as a user would: `python -m berakhlak ...` in a subprocess."""
import json
import os
import subprocess
import sys

import duckdb
import pandas as pd
import pytest

from berakhlak.data import db
from berakhlak.present import export
from conftest import ROOT


def cli(*args, db_path=None, check=None):
    env = dict(os.environ)
    if db_path:
        env["BERAKHLAK_DB"] = str(db_path)
    p = subprocess.run([sys.executable, "-m", "berakhlak", *map(str, args)], cwd=ROOT, env=env,
                       capture_output=True, text=True, timeout=300)
    if check is not None:
        assert p.returncode == check, p.stderr
    return p


def summary(db_path, entity, year, dataset="published"):
    p = cli("summary", "--entity", entity, "--year", year, "--dataset", dataset, db_path=db_path, check=0)
    return json.loads(p.stdout)


def test_summary_kalteng_2024_published(built_db):
    s = summary(built_db, "62", 2024)
    assert (s["index"], s["category"], s["category_label"], s["method"]) == (76.3, "A", "Sehat", "BRIN-2024")
    assert s["previous"] == {"year": 2022, "index": 59.5, "comparable": False}
    assert s["index_basis"] == "published"


def test_summary_kalteng_2022_published(built_db):
    s = summary(built_db, "62", 2022)
    assert (s["index"], s["category"]) == (59.5, "B")
    assert s["values"] == {"HA": {"score": 72.5, "category": "B"}}
    # only one value present: no weakest/strongest
    assert s["weakest_value"] is None and s["strongest_value"] is None
    assert s["national"] == {"year": 2022, "index": 60.9}
    assert s["delta_vs_national"] == -1.4
    assert s["previous"] is None


def test_summary_national_2022_values_average_to_the_published_index(built_db):
    s = summary(built_db, "ID", 2022)
    assert s["index"] == 60.9
    mean = sum(v["score"] for v in s["values"].values()) / 7
    assert round(mean, 2) == 60.94
    assert (s["weakest_value"], s["strongest_value"]) == ("AD", "AK")
    assert s["rank"] is None  # the nation is not ranked against itself


def test_summary_has_exactly_the_contract_keys(built_db):
    s = summary(built_db, "62", 2024, "demo")
    assert list(s) == ["entity_code", "entity_name", "level", "year", "dataset", "method", "index",
                       "index_basis", "category", "category_label", "values", "weakest_value",
                       "strongest_value", "national", "delta_vs_national", "previous", "rank",
                       "rank_withheld", "respondents", "suppressed", "suppression", "recognitions",
                       "published_rank", "caveats", "sources"]
    assert s["recognitions"] == [] and s["published_rank"] is None  # the demo holds no awards
    assert s["rank"]["of"] == 38 and s["rank"]["level"] == "provinsi"
    assert s["rank_withheld"] is None and s["suppression"] is None
    assert len(s["values"]) == 7 and s["weakest_value"] == min(s["values"], key=lambda c: s["values"][c]["score"])


def test_summary_of_a_unit_under_the_minimum_is_suppressed(built_db):
    con = duckdb.connect(str(built_db), read_only=True)
    code, year = con.execute("""SELECT entity_code, year FROM entity_year
        WHERE dataset='demo' AND respondents < 5 ORDER BY ALL LIMIT 1""").fetchall()[0]
    con.close()
    s = summary(built_db, code, year, "demo")
    assert s["suppressed"] is True and s["index"] is None and s["values"] == {} and s["category"] is None


def test_summary_text_format_in_english(built_db):
    p = cli("--lang", "en", "summary", "--entity", "62", "--year", "2022", "--dataset", "published",
            "--format", "text", db_path=built_db, check=0)
    assert "Index 59.5 — category B (Fairly healthy)" in p.stdout
    assert "National average 60.9 (difference -1.4 points)" in p.stdout


def test_summary_unknown_entity_is_a_message_not_a_traceback(built_db):
    p = cli("summary", "--entity", "00", "--year", "2022", db_path=built_db, check=1)
    assert "Kode entitas '00' tidak dikenal" in p.stderr and "Traceback" not in p.stderr


def test_init_is_idempotent(fresh_db):
    def state():
        con = duckdb.connect(str(fresh_db), read_only=True)
        out = con.execute("SELECT dataset, count(*), sum(score) FROM score GROUP BY 1 ORDER BY 1").fetchall(), \
            con.execute("SELECT count(*) FROM import_log").fetchall()
        con.close()
        return out
    before = state()
    cli("init", "--db", fresh_db, check=0)
    assert state() == before


def test_import_cli_exit_codes_and_messages(fresh_db, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("entity_code;year;value_code;score\n62;2022;BP;58,5\n62;2022;AK;abc\n", encoding="utf-8")
    p = cli("import", bad, "--db", fresh_db, check=2)
    assert "Baris 3, kolom 'score': 'abc' bukan angka" in p.stderr
    assert "Tidak ada data yang diubah" in p.stderr
    good = tmp_path / "good.csv"
    good.write_text("entity_code;year;value_code;score\n62;2022;BP;58,5\n", encoding="utf-8")
    p = cli("import", good, "--db", fresh_db, "--dry-run", check=0)
    assert "Uji coba" in p.stdout
    p = cli("import", good, "--db", fresh_db, check=0)
    assert "1 ditambah" in p.stdout
    p = cli("import", good, "--db", fresh_db, check=0)
    assert "0 ditambah, 0 diganti, 1 tidak berubah" in p.stdout
    p = cli("import", tmp_path / "missing.csv", "--db", fresh_db, check=1)
    assert "Berkas tidak ditemukan" in p.stderr


CANONICAL = ["entity_code", "entity_name", "entity_level", "parent_code", "year", "measure",
             "value_code", "score", "respondents", "method", "source_url", "note"]


def test_export_round_trips_and_neutralises_formulas(fresh_db, tmp_path):
    src = tmp_path / "in.csv"
    src.write_text("entity_code,entity_name,entity_level,year,value_code,score,note\n"
                   "KL.90,=HYPERLINK(\"http://x\"),kementerian,2024,BP,70.5,+catatan\n", encoding="utf-8")
    cli("import", src, "--db", fresh_db, "--dataset", "uji", check=0)
    out = tmp_path / "out.csv"
    cli("export", "--db", fresh_db, "--dataset", "uji", out, check=0)
    # Indonesian (the default): ';' between fields, a decimal comma; the import format's columns
    # first, then the writer's metadata columns, on every row.
    frame = pd.read_csv(out, sep=";", decimal=",", encoding="utf-8-sig", keep_default_na=False)
    assert list(frame.columns) == CANONICAL + ["confidence", "dataset", "sumber_data", "metode_data", "tanggal_dibuat",
                                               "keterangan_data"]
    assert frame.loc[0, "entity_name"] == "'=HYPERLINK(\"http://x\")"
    assert frame.loc[0, "note"] == "'+catatan"
    assert frame.loc[0, "score"] == 70.5  # a number, read with the decimal comma
    assert frame.loc[0, "dataset"] == "uji" and frame.loc[0, "sumber_data"].startswith("urn:berakhlak:import")
    en = tmp_path / "out-en.csv"
    cli("--lang", "en", "export", "--db", fresh_db, "--dataset", "uji", en, check=0)
    frame = pd.read_csv(en, encoding="utf-8-sig", keep_default_na=False)
    assert frame.loc[0, "score"] == 70.5 and "data_source" in frame.columns
    xlsx = tmp_path / "out.xlsx"
    cli("export", "--db", fresh_db, "--dataset", "published", "--format", "xlsx", xlsx, check=0)
    # The banner is row 1, the header row 2; a sheet "Sumber" lists the sources.
    book = pd.read_excel(xlsx, sheet_name=None, header=1)
    assert len(book["data"]) == sum(len(pd.read_csv(db.DATA_DIR / name))
                                    for name in ("published_figures.csv", "published_figures_more.csv"))
    assert "Sumber" in book and book["data"]["score"].dtype == float


@pytest.mark.parametrize("dataset", ["published", "demo"])
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_reimports_unchanged(fresh_db, tmp_path, dataset, fmt):
    """Our own export, metadata columns and banner included, imports back to the same scores."""
    out = tmp_path / f"{dataset}.{fmt}"
    cli("export", "--db", fresh_db, "--dataset", dataset, out, check=0)
    p = cli("import", out, "--db", fresh_db, "--dataset", "salinan", check=0)
    assert "ditambah" in p.stdout and "diabaikan" not in p.stdout  # no column ignored with a warning
    con = duckdb.connect(str(fresh_db), read_only=True)
    a = con.execute(f"SELECT entity_code, year, measure, value_code, score, respondents FROM score "
                    f"WHERE dataset='{dataset}' ORDER BY ALL").fetchall()
    b = con.execute("SELECT entity_code, year, measure, value_code, score, respondents FROM score "
                    "WHERE dataset='salinan' ORDER BY ALL").fetchall()
    con.close()
    con = db.connect(str(fresh_db), read_only=True)
    withheld = export.withheld_count(con, dataset)  # hidden by suppression: not in the export
    con.close()
    assert b and set(b) <= set(a) and len(b) == len(a) - withheld


# --- schema versions ---------------------------------------------------------------------------

def test_older_database_is_upgraded_on_open(tmp_path):
    path = tmp_path / "old.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE schema_version (version INTEGER PRIMARY KEY, applied_at TIMESTAMP)")
    con.close()  # version 0: nothing applied yet
    con = db.connect(str(path))
    assert db.schema_version(con) == db.SCHEMA_VERSION
    assert con.execute("SELECT count(*) FROM information_schema.tables WHERE table_name='score'").fetchall()[0][0] == 1
    con.close()


def test_newer_database_is_refused_with_a_message(fresh_db):
    con = duckdb.connect(str(fresh_db))
    con.execute("INSERT INTO schema_version (version) VALUES (?)", [db.SCHEMA_VERSION + 1])
    con.close()
    with pytest.raises(db.DatabaseError) as err:
        db.connect(str(fresh_db), read_only=True)
    assert err.value.key == "db.too_new"
    p = cli("summary", "--entity", "62", "--year", "2022", db_path=fresh_db, check=1)
    assert "versi aplikasi yang lebih baru" in p.stderr and "Traceback" not in p.stderr


def test_every_command_fails_through_one_path_with_its_exit_code(tmp_path, capsys):
    """Bad input exits 2, anything else 1, with the message in the chosen language (berakhlak.cli.common)."""
    from berakhlak.cli import main as cli

    db_file = tmp_path / "none.duckdb"
    assert cli.main(["--lang", "en", "eval-summary", "--entity", "62", "--year", "2024", "--survey-weight", "200",
                     "--db", str(db_file)]) == 2
    assert "The survey weight must be 0–100" in capsys.readouterr().err
    assert cli.main(["import", str(tmp_path / "nope.csv"), "--db", str(db_file)]) == 1
    assert "nope.csv" in capsys.readouterr().err
