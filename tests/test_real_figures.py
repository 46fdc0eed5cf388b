"""Real figures first (issue 14): the more published figures with their caveats, a figure whose
index is not named, a figure of another method than its year's default, recognitions (ranks and
awards) as data, national coverage, and the newcomer's first screen. As a user meets them: the
CLI in a subprocess, the pages through AppTest."""
from __future__ import annotations

import json
import subprocess
import sys

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from berakhlak.data import db
from berakhlak.i18n import set_lang
from berakhlak.ingest import importer

ROOT = db.ROOT


def cli(*args, db_path, check: int | None = 0) -> subprocess.CompletedProcess:
    done = subprocess.run([sys.executable, "-m", "berakhlak", *map(str, args), "--db", str(db_path)],
                          capture_output=True, text=True, cwd=ROOT, timeout=300)
    if check is not None:
        assert done.returncode == check, done.stderr
    return done


def summary(db_path, entity, year, dataset="published") -> dict:
    out = cli("summary", "--entity", entity, "--year", year, "--dataset", dataset, "--format", "json", db_path=db_path)
    return json.loads(out.stdout)


# --- the summary contract -------------------------------------------------------------------

def test_kalteng_2022_has_its_published_rank_and_the_harmonis_award(built_db):
    s = summary(built_db, "62", 2022)
    assert s["published_rank"]["position"] == 9 and s["published_rank"]["of"] == 18
    assert "Indonesia Barat" in s["published_rank"]["scope"]
    assert s["published_rank"]["source_url"].startswith("https://kpfmpalangkaraya.com/")
    harmonis = [r for r in s["recognitions"] if r["value_code"] == "HA"]
    assert len(harmonis) == 1 and harmonis[0]["rank"] == 1 and harmonis[0]["year"] == 2022
    assert set(harmonis[0]) >= {"year", "award", "value_code", "scope", "rank", "top_n", "of", "source_url"}
    # The computed rank among the few provinces with a published figure means nothing: summary
    # gives none and says why (issue 11); 2024 has no published rank for Kalteng.
    assert s["rank"] is None and s["rank_withheld"]["level"] == "provinsi" and s["rank_withheld"]["of"] < 10
    assert summary(built_db, "62", 2024)["published_rank"] is None


def test_jawa_barat_2024_rank_one_without_a_score(built_db):
    """A rank published without a score is a fact of its own: no index, but the rank, with its
    source; a year with neither is still "no data"."""
    s = summary(built_db, "32", 2024)
    assert s["index"] is None and s["values"] == {} and s["rank"] is None
    assert s["published_rank"]["position"] == 1 and s["published_rank"]["source_url"].startswith("https://")
    text = cli("summary", "--entity", "32", "--year", "2024", "--dataset", "published", "--format", "text",
               db_path=built_db).stdout
    assert "Indeks tidak tersedia" in text and "sumber: https://" in text
    out = cli("summary", "--entity", "32", "--year", "2021", "--dataset", "published", "--format", "json",
              db_path=built_db, check=None)
    assert out.returncode != 0 and "index" not in out.stdout


def test_every_number_of_the_summary_carries_its_source(built_db):
    s = summary(built_db, "62", 2022)
    backed = {(r["entity_code"], r["year"]) for r in s["sources"] if r["url"].startswith("https://")}
    assert ("62", 2022) in backed and ("ID", 2022) in backed  # the index and the national figure
    text = cli("summary", "--entity", "62", "--year", "2024", "--dataset", "published", "--format", "text",
               db_path=built_db).stdout
    assert "Sumber angka:" in text and "62 2024: https://beritasampit.com/" in text
    assert "62 2022: https://" in text  # the previous year compared with


def test_a_figure_of_another_method_keeps_it_and_its_trend_is_continuous(built_db):
    s = summary(built_db, "31", 2024)
    assert s["method"] == "ACT-2022" and s["index"] == 64.9
    assert s["previous"] == {"year": 2023, "index": 61.2, "comparable": True}  # both ACT: no break
    assert s["caveats"][0]["confidence"] == "medium" and "ACT" in s["caveats"][0]["note"]
    # Kalteng 2022 → 2024 crosses ACT → BRIN: a break.
    assert summary(built_db, "62", 2024)["previous"]["comparable"] is False


def test_an_unnamed_index_is_kept_with_its_caveat_and_never_ranked(built_db):
    s = summary(built_db, "13.71", 2022)  # Kota Padang, "indeks budaya kerja 81,1"
    assert s["index"] is None and s["rank"] is None and s["category"] is None
    assert s["caveats"] == [{"measure": "tidak_disebut", "value_code": None, "score": 81.1, "confidence": "medium",
                             "note": "kategori A Sehat, tertinggi di Sumatera Barat; measure not stated"}]
    con = db.connect(str(built_db), read_only=True)
    try:
        # Never an index, so never in a rank, a mean or a comparison with implementation indices.
        ey = con.execute("SELECT count(*) FROM entity_year WHERE entity_code LIKE '13%' AND dataset='published'").fetchall()
        assert ey[0][0] == 0
        ranked = db.query(con, "level_scores", dataset="published", year=2022, levels=["kota"], indicator="IDX",
                          batch="", province="")
        assert "13.71" not in set(ranked["entity_code"])
    finally:
        con.close()


def test_national_coverage_facts_have_sources(built_db):
    con = db.connect(str(built_db), read_only=True)
    try:
        c22 = db.query(con, "national_coverage", year=2022).set_index("fact")["value"].to_dict()
        c23 = db.query(con, "national_coverage", year=2023)
    finally:
        con.close()
    assert c22 == {"instansi_participating": 592, "respondents": 923413, "instansi_counted": 442}
    assert c23.set_index("fact")["value"].to_dict() == {"instansi_participating": 539, "respondents": 936476,
                                                       "instansi_below_minimum": 135}
    assert c23["source_url"].str.startswith("https://").all()


# --- methods --------------------------------------------------------------------------------

def _import(con, text: str, dataset: str = "uji", **kw):
    return importer.import_file(con, content=text.encode(), file_name="x.csv", dataset=dataset, **kw)


def test_a_row_may_name_another_method_that_was_in_use(con):
    head = "entity_code,year,score,method\n"
    report = _import(con, head + "62,2024,70,ACT-2022\n62,2025,81,MANDIRI-2025\n")
    assert report.ok, [p.message("en") for p in report.problems]
    assert [(w.key, w.row) for w in report.warnings if w.key == "import.method_not_default"] == [
        ("import.method_not_default", 2), ("import.method_not_default", 3)]
    bad = _import(con, head + "62,2022,70,BRIN-2024\n62,2024,70,MANDIRI-2025\n62,2024,70,INTERNAL\n", dataset="uji2")
    assert [(p.key, p.row, p.column) for p in bad.problems] == [
        ("import.method_year", 2, "method"), ("import.method_year", 3, "method"), ("import.method_year", 4, "method")]
    # The year's default never becomes MANDIRI-2025: a 2025 row without a method is BRIN-2024.
    assert _import(con, "entity_code,year,score\n62,2025,80\n", dataset="uji3", dry_run=True).plan["method"].tolist() == [
        "BRIN-2024"]


def test_confidence_is_validated_and_kept(con):
    bad = _import(con, "entity_code,year,score,confidence\n62,2024,70,pasti\n")
    assert [(p.key, p.row, p.column) for p in bad.problems] == [("import.bad_confidence", 2, "confidence")]
    ok = _import(con, "entity_code,year,score,confidence,note\n62,2024,70,sedang,angka dari berita\n")
    assert ok.ok
    assert con.execute("SELECT confidence FROM score WHERE dataset='uji'").fetchall() == [("medium",)]


def test_a_missing_migration_below_the_newest_is_found(fresh_db):
    con = duckdb.connect(str(fresh_db))
    con.execute("DELETE FROM schema_version WHERE version = 2")
    con.close()
    con = duckdb.connect(str(fresh_db), read_only=True)
    assert {v for v, _ in db.migrations()} - db.applied_versions(con) == {2}
    con.close()
    with pytest.raises(db.DatabaseError):
        db.connect(str(fresh_db), read_only=True)  # not current: refused, not read half-upgraded


# --- recognitions: import, re-import, rollback, export ---------------------------------------

REC_HEAD = "entity_code,survey_year,awarded_by,award,value_code,scope,rank,top_n,of,source_url,confidence\n"


def test_recognitions_are_validated_row_by_row_and_column_by_column(fresh_db, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text(REC_HEAD
                   + "99.99,2024,X,Juara,,,1,,,https://a.go.id/x,high\n"      # unknown code
                   + "62,20x4,X,Juara,,,1,,,https://a.go.id/x,high\n"        # bad year
                   + "62,2024,X,Juara,ZZ,,1,,,https://a.go.id/x,high\n"      # unknown value
                   + "62,2024,X,Top,,,1,5,,https://a.go.id/x,high\n"         # rank and top_n
                   + "62,2024,X,Pos,,,19,,18,https://a.go.id/x,high\n"       # rank above of
                   + "62,2024,X,,,,,,,ftp://x,pasti\n", encoding="utf-8")    # no award, bad url, bad confidence
    done = cli("import", bad, "--dataset", "uji", db_path=fresh_db, check=2)
    lines = done.stderr
    for row, column in ((2, "entity_code"), (3, "survey_year"), (4, "value_code"), (5, "top_n"), (6, "rank"),
                        (7, "award"), (7, "source_url"), (7, "confidence")):
        assert f"Baris {row}, kolom '{column}'" in lines, (row, column, lines)
    con = db.connect(str(fresh_db), read_only=True)
    assert con.execute("SELECT count(*) FROM recognition WHERE dataset='uji'").fetchall() == [(0,)]
    con.close()


def test_recognitions_import_reimport_rollback_and_export(fresh_db, tmp_path):
    good = tmp_path / "penghargaan.csv"
    good.write_text(REC_HEAD + "62.03,2024,Pemprov Kalteng,Juara 1 nilai Adaptif,Adaptif,kabupaten di Kalteng,1,,13,"
                    "https://a.go.id/x,high\n", encoding="utf-8")
    cli("import", good, "--dataset", "uji", db_path=fresh_db)
    cli("import", good, "--dataset", "uji", db_path=fresh_db)  # the same rows again: nothing changes
    con = db.connect(str(fresh_db), read_only=True)
    rows = con.execute("SELECT entity_code, survey_year, value_code, rank, of_total FROM recognition "
                       "WHERE dataset='uji'").fetchall()
    log = db.query(con, "import_log_list")
    con.close()
    assert rows == [("62.03", 2024, "AD", 1, 13)]
    first = int(log[log["dataset"] == "uji"]["import_id"].min())
    assert log[log["dataset"] == "uji"]["rows_unchanged"].tolist()[0] == 1  # the newest: unchanged
    # Changed once more (another rank), then rolled back: the first version comes back.
    good.write_text(good.read_text(encoding="utf-8").replace(",1,,13,", ",2,,13,"), encoding="utf-8")
    cli("import", good, "--dataset", "uji", db_path=fresh_db)
    con = db.connect(str(fresh_db), read_only=True)
    last = int(db.query(con, "import_log_list")["import_id"].max())
    assert con.execute("SELECT rank FROM recognition WHERE dataset='uji'").fetchall() == [(2,)]
    con.close()
    cli("rollback", last, db_path=fresh_db)
    con = db.connect(str(fresh_db), read_only=True)
    assert con.execute("SELECT rank FROM recognition WHERE dataset='uji'").fetchall() == [(1,)]
    con.close()
    cli("rollback", first, db_path=fresh_db)  # and the first import too: nothing left, the dataset goes
    con = db.connect(str(fresh_db), read_only=True)
    assert con.execute("SELECT count(*) FROM recognition WHERE dataset='uji'").fetchall() == [(0,)]
    assert "uji" not in set(db.query(con, "dataset_list")["name"])
    con.close()
    # The export in the import format re-imports unchanged.
    from berakhlak.present import facts, output
    con = db.connect(str(fresh_db), read_only=True)
    frame = facts.export_frame(db.query(con, "recognitions_list", dataset="published", value="", levels=[]))
    about = output.about(con, "published", "id", title="penghargaan")
    con.close()
    out = tmp_path / "export.csv"
    out.write_bytes(output.csv(frame, about))
    again = cli("import", out, "--dataset", "kopi", "--dry-run", db_path=fresh_db)
    assert "24" in again.stdout


def test_the_recognitions_template_imports(fresh_db, tmp_path):
    from berakhlak.ingest.recognitions import template_frame
    from berakhlak.present import output

    for fmt in ("csv", "xlsx"):
        path = tmp_path / f"templat.{fmt}"
        path.write_bytes(output.write(template_frame(), fmt, lang="id"))
        cli("import", path, "--dataset", "uji", "--dry-run", db_path=fresh_db)


# --- pages ----------------------------------------------------------------------------------

def open_page(page: str | None, params: dict) -> AppTest:
    set_lang(params.get("lang", "id"))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    for k, v in params.items():
        at.query_params[k] = v
    at.run()
    if page:
        for k, v in params.items():
            at.query_params[k] = v
        at.switch_page(f"pages/{page}.py")
        at.run()
    assert not at.exception, at.exception
    return at


def text_of(at: AppTest) -> str:
    parts = [m.label + " " + str(m.value) + " " + str(m.delta or "") for m in at.metric]
    for kind in (at.markdown, at.title, at.caption, at.warning, at.info, at.subheader):
        parts += [e.value for e in kind]
    for frame in at.dataframe:
        value = frame.value
        data = value.data if hasattr(value, "data") else value
        parts.append(data.to_csv(index=False))
    return "\n".join(parts)


def test_newcomer_opens_on_real_figures_when_they_hold_the_entity(app_env):
    at = open_page(None, {})
    assert at.session_state["ds"] == "published"
    shown = text_of(at)
    assert "Kalimantan Tengah" in shown and "59,5" not in shown or "76,3" in shown
    assert "data sintetis" not in shown.lower()


def test_newcomer_on_a_synthetic_view_is_told_first_and_offered_the_real_one(app_env):
    at = open_page(None, {"entity": "11"})  # Aceh: no published figure
    assert at.session_state["ds"] == "demo"
    # Said before any number: the notice is the first element of the page body.
    assert "data sintetis (ilustrasi)" in at.warning[0].value.lower()
    links = [e for e in at.main if getattr(e, "proto", None) is not None and e.proto.__class__.__name__ == "PageLink"]
    link = [e.proto for e in links][0]
    assert "Kalimantan Tengah" in link.label or "Aceh" not in link.label
    assert "ds=published" in link.query_string and "entity=62" in link.query_string


def test_ringkasan_shows_badges_with_sources_and_coverage(app_env):
    shown = text_of(open_page(None, {"ds": "published", "entity": "62", "year": "2022"}))
    assert "peringkat 9 dari 18" in shown and "kpfmpalangkaraya.com" in shown
    assert "Harmonis · peringkat 1" in shown
    assert "592 instansi" in shown and "923\\.413 responden" in shown


def test_ringkasan_of_an_unnamed_index_says_so(app_env):
    at = open_page(None, {"ds": "published", "entity": "13.71", "year": "2022"})
    shown = text_of(at)
    assert "tidak menyebut indeks apa ini" in shown
    assert "81,1" in shown


def test_perbandingan_puts_published_ranks_beside_computed_ones(app_env):
    shown = text_of(open_page("compare", {"ds": "published", "level": "provinsi", "year": "2022", "entity": "62"}))
    assert "Peringkat dipublikasikan" in shown
    assert "peringkat 9 dari 18" in shown  # in the table, beside the computed rank
    assert "Jawa Timur" in shown and "5 besar" in shown


def test_nilai_says_who_won_the_value(app_env):
    shown = text_of(open_page("values", {"ds": "published", "value": "HA", "level": "provinsi"}))
    assert "Peraih penghargaan nilai Harmonis" in shown
    assert "Kalimantan Tengah" in shown and "Dumai" in shown


def test_studi_banding_32_against_62_shows_what_is_real_and_keeps_the_pair(app_env):
    at = open_page("benchmark", {"ds": "published", "entity": "32", "bench": "62"})
    assert at.query_params["entity"] == "32" and at.query_params["bench"] == "62"
    shown = text_of(at)
    assert "pasangan tidak diganti" in shown
    assert "Belum ada skor yang dipublikasikan" in shown  # Jawa Barat: what is missing
    assert "2024 · indeks · peringkat 1" in shown  # Jawa Barat's rank 1
    assert "59,5" in shown and "76,3" in shown  # Kalteng's figures
    assert "Harmonis · peringkat 1" in shown  # and awards
    assert "Jawa Timur" not in shown.split("Yang nyata")[0]  # never swapped for another pair


def test_studi_banding_suggests_winners_for_the_weakest_values(app_env):
    shown = text_of(open_page("benchmark", {"ds": "published", "entity": "35", "bench": "62"}))
    assert "Saran tujuan studi banding" in shown


def test_a_database_of_an_earlier_release_gets_this_releases_published_figures_at_start(fresh_db):
    """Without `init`: the app's start brings them (berakhlak.data.build.bring_published_up_to_date)."""
    from berakhlak.data import build

    path = str(fresh_db)
    with db.writer(path) as con:  # an earlier release: another recognitions file, and no recognitions
        con.execute("UPDATE import_log SET checksum = 'an-earlier-file' WHERE dataset = 'published' "
                    "AND file_name = 'recognitions.csv'")
        con.execute("DELETE FROM recognition")
    con = db.connect(path, read_only=True)
    try:
        assert build.published_outdated(con)
    finally:
        con.close()
    assert build.bring_published_up_to_date(path)
    assert not build.bring_published_up_to_date(path)  # once
    con = db.connect(path, read_only=True)
    try:
        assert not build.published_outdated(con)
        assert con.execute("SELECT count(*) FROM recognition").fetchone()[0] > 0
        assert con.execute("SELECT count(*) FROM dataset WHERE name = 'demo'").fetchone()[0] == 1
    finally:
        con.close()


def test_a_database_without_published_figures_is_left_as_it_is(tmp_path):
    from berakhlak.data import build

    path = str(tmp_path / "own.duckdb")
    db.connect(path).close()  # the schema, no dataset
    assert not build.bring_published_up_to_date(path)
