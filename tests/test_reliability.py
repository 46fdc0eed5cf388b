"""Reliability of writes: an import is all or nothing even when the process is killed half-way;
viewers keep reading while an import runs; a locked database is retried, then reported clearly;
the original file is kept with its checksum; an import made in the browser shows on the other
pages at once, without restarting the app."""
from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pandas as pd
import pytest
from big_file import write_big_csv
from conftest import ROOT
from streamlit.testing.v1 import AppTest

from berakhlak.ui import auth
from berakhlak.cli import main as cli
from berakhlak.data import db
from berakhlak.ingest import importer

PASSWORD = "uji-keandalan"


def snapshot(path: Path) -> dict:
    """What a user could notice of the database: every table's content, summarised."""
    con = db.connect(str(path), read_only=True)
    try:
        out = {}
        for table in ("score", "entity_year", "import_log", "entity", "source", "dataset", "import_file",
                      "score_replaced"):
            rows = con.execute(f"SELECT count(*), coalesce(sum(hash(t)::HUGEINT), 0) FROM {table} t").fetchall()[0]
            out[table] = rows
        return out
    finally:
        con.close()


def run_cli(*args, env=None, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "berakhlak", *args], capture_output=True, text=True, check=False,
                          cwd=ROOT, env={**os.environ, **(env or {})}, **kw)


def start_held_import(db_path: Path, file: Path, stage: str, marker: Path, sleep: float = 600,
                      dataset: str = "big") -> subprocess.Popen:
    """An import that stops at `stage` (see db.fault), writing `marker` when it gets there."""
    env = {**os.environ, "BERAKHLAK_FAULT_STAGE": stage, "BERAKHLAK_FAULT_MARKER": str(marker),
           "BERAKHLAK_FAULT_SLEEP": str(sleep)}
    return subprocess.Popen([sys.executable, "-m", "berakhlak", "import", str(file), "--db", str(db_path),
                             "--dataset", dataset], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def wait_for(marker: Path, proc: subprocess.Popen, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while not marker.exists():
        if proc.poll() is not None:
            raise AssertionError(f"import ended early: {proc.stderr.read()}")
        if time.monotonic() > deadline:
            proc.kill()
            raise AssertionError("the import never reached its stage")
        time.sleep(0.05)


@pytest.fixture(scope="module")
def big_csv(tmp_path_factory) -> Path:
    return write_big_csv(tmp_path_factory.mktemp("big") / "besar.csv", rows=100_000)


@pytest.fixture(scope="module")
def medium_csv(tmp_path_factory) -> Path:
    return write_big_csv(tmp_path_factory.mktemp("medium") / "sedang.csv", rows=20_000)


def kill_at(stage: str, db_path: Path, file: Path, tmp_path: Path) -> None:
    marker = tmp_path / f"marker-{stage}"
    proc = start_held_import(db_path, file, stage, marker)
    wait_for(marker, proc)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)


# --- killed in the middle -------------------------------------------------------------------

def test_a_large_import_killed_inside_its_transaction_changes_nothing(fresh_db, big_csv, tmp_path, capsys):
    """100,000 rows, killed just before COMMIT: the database is as before, usable, and the same
    import then goes through whole."""
    before = snapshot(fresh_db)
    kill_at("before_commit", fresh_db, big_csv, tmp_path)
    assert snapshot(fresh_db) == before
    assert cli.main(["import", str(big_csv), "--db", str(fresh_db), "--dataset", "big"]) == 0
    assert "100.000 ditambah" in capsys.readouterr().out
    assert not list(fresh_db.parent.glob(fresh_db.name + ".next-*"))  # the dead copy was swept
    assert snapshot(fresh_db)["score"][0] == before["score"][0] + 100_000


@pytest.mark.parametrize("stage", ["copied", "written", "before_swap"])
def test_a_killed_import_changes_nothing_and_the_database_stays_usable(fresh_db, medium_csv, tmp_path, stage,
                                                                        capsys):
    before = snapshot(fresh_db)
    kill_at(stage, fresh_db, medium_csv, tmp_path)
    assert snapshot(fresh_db) == before  # the data are unchanged
    # and the database is usable: it can be read, and the next import works
    ok = tmp_path / "ok.csv"
    ok.write_text("entity_code,year,score,respondents\n62,2025,80.1,900\n", encoding="utf-8")
    assert cli.main(["import", str(ok), "--db", str(fresh_db), "--dataset", "main"]) == 0
    assert not list(fresh_db.parent.glob(fresh_db.name + ".next-*"))
    assert cli.main(["summary", "--db", str(fresh_db), "--entity", "62", "--year", "2025", "--dataset", "main"]) == 0
    assert '"index": 80.1' in capsys.readouterr().out


def test_a_kill_at_a_random_moment_leaves_old_or_new_never_half(fresh_db, big_csv):
    """Without a hook: killed after a random delay, the import has either fully happened or not
    at all."""
    before = snapshot(fresh_db)
    for delay in (1.0, 4.0):
        name = f"k{int(delay * 10)}"
        proc = subprocess.Popen([sys.executable, "-m", "berakhlak", "import", str(big_csv), "--db", str(fresh_db),
                                 "--dataset", name], cwd=ROOT)
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        after = snapshot(fresh_db)
        if after != before:  # it finished in time: then all of it is there
            con = db.connect(str(fresh_db), read_only=True)
            n = con.execute("SELECT count(*) FROM score WHERE dataset = ?", [name]).fetchall()[0][0]
            con.close()
            assert n == 100_000
            before = after


# --- viewers keep working -------------------------------------------------------------------

def test_readers_keep_reading_during_an_import_and_see_it_after(fresh_db, medium_csv, tmp_path):
    marker = tmp_path / "marker"
    reader = db.connect(str(fresh_db), read_only=True)
    identity = db.file_identity(fresh_db)
    proc = start_held_import(fresh_db, medium_csv, "written", marker, sleep=3)
    wait_for(marker, proc)
    # The writer holds its transaction open: readers are not blocked, and see the old data.
    # (Not blocked: reads finish while the writer still holds its transaction; how fast they are
    # is the benchmark's business, not a test's.)
    reads_during_write = 0
    while proc.poll() is None:
        n = db.query(reader, "dataset_list")
        assert "big" not in set(n["name"])
        fresh = db.connect(str(fresh_db), read_only=True)  # a new viewer can open the file too
        fresh.close()
        reads_during_write += proc.poll() is None
        time.sleep(0.05)
    assert proc.returncode == 0, proc.stderr.read()
    assert reads_during_write >= 1
    # The old connection still reads the old file; one opened after the swap sees the import.
    assert "big" not in set(db.query(reader, "dataset_list")["name"])
    assert db.file_identity(fresh_db) != identity
    reader.close()
    after = db.connect(str(fresh_db), read_only=True)
    assert "big" in set(db.query(after, "dataset_list")["name"])
    after.close()


def test_a_second_writer_waits_then_says_so_clearly(fresh_db, medium_csv, tmp_path, capsys, monkeypatch):
    marker = tmp_path / "marker"
    proc = start_held_import(fresh_db, medium_csv, "copied", marker)
    try:
        wait_for(marker, proc)
        t0 = time.monotonic()
        with pytest.raises(db.DatabaseError) as err, db.writer(str(fresh_db), wait=1.0):
            pass
        assert err.value.key == "db.busy" and time.monotonic() - t0 >= 1.0
        ok = tmp_path / "ok.csv"
        ok.write_text("entity_code,year,score\n62,2025,80.1\n", encoding="utf-8")
        monkeypatch.setenv("BERAKHLAK_WRITER_WAIT", "0.5")
        assert cli.main(["import", str(ok), "--db", str(fresh_db)]) == 1
        err = capsys.readouterr().err
        assert "Impor lain sedang berjalan" in err and "Tidak ada data yang diubah" in err
        # Reading is not held up by the writer.
        assert cli.main(["summary", "--db", str(fresh_db), "--entity", "62", "--year", "2024"]) == 0
    finally:
        proc.kill()
        proc.wait()


def test_a_process_holding_the_file_for_writing_is_retried_then_reported(fresh_db, tmp_path):
    code = (f"import duckdb, time; c = duckdb.connect({str(fresh_db)!r}); print('held', flush=True); "
            "time.sleep(30)")
    holder = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        t0 = time.monotonic()
        with pytest.raises(db.DatabaseError) as err, db.writer(str(fresh_db), wait=1.0):
            pass
        assert err.value.key == "db.locked" and time.monotonic() - t0 >= 1.0
    finally:
        holder.kill()
        holder.wait()
    with db.writer(str(fresh_db), wait=1.0):  # free again
        pass


def test_threads_of_one_process_take_turns(fresh_db):
    order = []

    def write(name):
        with db.writer(str(fresh_db)) as con:
            order.append(f"{name}+")
            con.execute("INSERT INTO dataset (name, kind) VALUES (?, 'user')", [name])
            time.sleep(0.3)
            order.append(f"{name}-")

    threads = [threading.Thread(target=write, args=(n,)) for n in ("a", "b")]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert order in (["a+", "a-", "b+", "b-"], ["b+", "b-", "a+", "a-"])
    con = db.connect(str(fresh_db), read_only=True)
    assert {"a", "b"} <= {r[0] for r in con.execute("SELECT name FROM dataset").fetchall()}
    con.close()


# --- the import log keeps the file ----------------------------------------------------------

def test_the_original_file_is_kept_with_its_checksum(fresh_db, tmp_path):
    content = "kode;tahun;skor;responden\n62;2025;81,5;1.200\n".encode("utf-8-sig")
    file = tmp_path / "hasil biro.csv"
    file.write_bytes(content)
    assert run_cli("import", str(file), "--db", str(fresh_db), "--dataset", "biro").returncode == 0
    con = db.connect(str(fresh_db), read_only=True)
    log = db.query(con, "import_log_list")
    entry = log[log["dataset"] == "biro"].iloc[0]
    kept = db.query(con, "import_file_content", import_id=int(entry["import_id"])).iloc[0]
    con.close()
    assert bytes(kept["content"]) == content
    assert entry["checksum"] == kept["checksum"] == hashlib.sha256(content).hexdigest()
    assert entry["file_name"] == "hasil biro.csv" and entry["file_size"] == len(content)


def test_rollback_restores_what_an_import_replaced(con):
    first = importer.import_file(con, content=b"entity_code,year,score\n62,2025,70\n", file_name="a.csv", dataset="m")
    second = importer.import_file(con, content=b"entity_code,year,score\n62,2025,75\n62.03,2025,60\n",
                                  file_name="b.csv", dataset="m")
    assert (second.added, second.replaced) == (1, 1)
    with pytest.raises(importer.RollbackRefused) as err:
        importer.rollback(con, first.import_id)
    assert err.value.key == "rollback.blocked"  # the second import replaced its row
    done = importer.rollback(con, second.import_id, who="tester")
    assert (done.removed, done.restored) == (2, 1)
    rows = con.execute("SELECT entity_code, score FROM score WHERE dataset = 'm'").fetchall()
    assert rows == [("62", 70.0)]
    idx = con.execute("SELECT idx FROM entity_year WHERE dataset = 'm' AND entity_code = '62'").fetchall()
    assert idx == [(70.0,)]
    with pytest.raises(importer.RollbackRefused) as err:
        importer.rollback(con, second.import_id)
    assert err.value.key == "rollback.already"
    importer.rollback(con, first.import_id)
    assert con.execute("SELECT count(*) FROM dataset WHERE name = 'm'").fetchall() == [(0,)]
    with pytest.raises(importer.RollbackRefused) as err:
        importer.rollback(con, 1)  # the published figures, loaded by init
    assert err.value.key == "rollback.reserved"


# --- in the browser -------------------------------------------------------------------------

@pytest.fixture
def admin_app(fresh_db, monkeypatch):
    monkeypatch.setenv("BERAKHLAK_DB", str(fresh_db))
    monkeypatch.setenv(auth.ENV_HASH, auth.hash_password(PASSWORD))
    monkeypatch.chdir(ROOT)
    monkeypatch.setattr(auth, "_sleep", lambda s: None)
    auth.LIMITER.reset()
    return fresh_db


def admin_session(query: dict | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    for k, v in (query or {}).items():
        at.query_params[k] = v
    at.run()
    at.switch_page("pages/data.py")
    at.run()
    at.text_input[1].input(PASSWORD)
    at.button[0].click()
    return at.run()


def upload(at: AppTest, name: str, content: bytes, dataset: str | None = None) -> AppTest:
    if dataset is not None:
        field = next(w for w in at.text_input if w.label.startswith("Dataset tujuan"))
        field.input(dataset)
    at.get("file_uploader")[0].set_value((name, content, "text/csv"))
    return at.run()


def test_an_import_in_the_browser_shows_on_the_other_pages_at_once(admin_app):
    at = admin_session({"ds": "published", "entity": "62"})
    assert not at.exception, at.exception
    at = upload(at, "kalteng-2025.csv",
                b"kode,tahun,skor,responden,sumber\n62,2025,81.7,1500,https://kalteng.go.id/laporan\n", "biro")
    assert not at.exception, at.exception
    assert any("Berkas valid" in s.value for s in at.success)
    assert {m.label: m.value for m in at.metric}["Ditambah"] == "1"
    confirm = next(b for b in at.button if b.label.startswith("Impor ke dataset"))
    confirm.click()
    at.run()
    assert not at.exception, at.exception
    assert any("Impor #" in s.value and "selesai" in s.value for s in at.success)
    at.switch_page("pages/overview.py")
    at.run()
    assert not at.exception, at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Indeks BerAKHLAK 2025"] == "81,7"  # no restart, the new dataset is selected
    assert at.session_state["ds"] == "biro"


def test_a_bad_file_in_the_browser_gets_its_report_and_no_import_button(admin_app):
    before = snapshot(admin_app)
    at = admin_session()
    at = upload(at, "salah.csv", b"entity_code,year,score\n62,2025,101\n99,2025,50\nabc,20x5,\n")
    assert any("masalah ditemukan" in e.value for e in at.error)
    problems = at.dataframe[0].value
    assert list(problems.columns) == ["Baris", "Kolom", "Masalah"]
    found = set(zip(problems["Baris"], problems["Kolom"]))
    assert {(2, "score"), (3, "entity_code"), (4, "year"), (4, "score")} <= found
    assert "di luar rentang 0–100" in " ".join(problems["Masalah"])
    assert not [b for b in at.button if b.label.startswith("Impor ke dataset")]
    assert snapshot(admin_app) == before


def test_a_file_over_the_size_limit_gets_a_clear_message(admin_app, monkeypatch):
    monkeypatch.setenv("BERAKHLAK_MAX_UPLOAD_MB", "1")
    before = snapshot(admin_app)
    at = admin_session()
    assert any(c.value == "Ukuran berkas paling besar 1 MB." for c in at.caption)
    at = upload(at, "besar.csv", b"entity_code,year,score\n" + b"62,2025,80\n" * 150_000)
    problems = " ".join(at.dataframe[0].value["Masalah"])
    assert "Berkas terlalu besar: 1,6 MB, batasnya 1,0 MB" in problems
    assert not [b for b in at.button if b.label.startswith("Impor ke dataset")]
    assert snapshot(admin_app) == before


def test_rollback_in_the_browser(admin_app):
    with db.writer(str(admin_app)) as con:
        report = importer.import_file(con, content=b"entity_code,year,score\n62,2025,70\n", file_name="a.csv",
                                      dataset="biro", who="uji")
    at = admin_session({"ds": "biro"})
    at.selectbox(key="log_entry").select(report.import_id).run()
    at.checkbox(key=f"rollback_sure_{report.import_id}").check().run()
    at.button(key=f"rollback_{report.import_id}").click().run()
    assert not at.exception, at.exception
    assert any(f"Impor #{report.import_id} dibatalkan" in s.value for s in at.success)
    con = db.connect(str(admin_app), read_only=True)
    assert con.execute("SELECT count(*) FROM score WHERE dataset = 'biro'").fetchall() == [(0,)]
    log = db.query(con, "import_log_list")
    con.close()
    assert log.iloc[0]["kind"] == "rollback" and log.iloc[0]["rolls_back"] == report.import_id
    assert isinstance(log, pd.DataFrame)


# --- an older database ----------------------------------------------------------------------

def test_a_version_1_database_is_upgraded_through_the_writer(tmp_path):
    import duckdb

    path = tmp_path / "lama.duckdb"
    con = duckdb.connect(str(path))
    for stmt in db.split_statements((db.MIGRATIONS_DIR / "0001_initial.sql").read_text(encoding="utf-8")):
        con.execute(stmt)
    con.execute("CREATE TABLE schema_version (version INTEGER PRIMARY KEY, applied_at TIMESTAMP)")
    con.execute("INSERT INTO schema_version VALUES (1, now())")
    con.execute("INSERT INTO import_log (dataset, who, file_name, checksum) VALUES ('main', 'x', 'a.csv', 'abc')")
    con.close()
    with pytest.raises(db.DatabaseError) as err:
        db.connect(str(path), read_only=True)
    assert err.value.key == "db.too_old"
    assert db.upgrade(str(path)) is True
    ro = db.connect(str(path), read_only=True)
    assert ro.execute("SELECT kind, rolled_back_by FROM import_log").fetchall() == [("import", None)]
    assert db.schema_version(ro) == db.SCHEMA_VERSION
    ro.close()
    assert db.upgrade(str(path)) is False
