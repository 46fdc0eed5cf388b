"""Shared fixtures: a database built once per test session from data/ (reference lists, the
published figures, the demo), and a writable copy of it for tests that import."""
from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
# A missing translation is a test failure, not a silently shown key.
os.environ["BERAKHLAK_STRICT_I18N"] = "1"


@pytest.fixture(scope="session")
def built_db(tmp_path_factory) -> Path:
    """A complete database, built once. Treat as read-only: use `fresh_db` to write."""
    from berakhlak.data.build import init_database

    path = tmp_path_factory.mktemp("db") / "berakhlak.duckdb"
    init_database(str(path))
    return path


@pytest.fixture
def fresh_db(built_db, tmp_path) -> Path:
    """A private writable copy of the built database."""
    path = tmp_path / "berakhlak.duckdb"
    shutil.copy(built_db, path)
    return path


@pytest.fixture
def con(fresh_db):
    """A writable connection to a private copy."""
    from berakhlak.data import db

    c = db.connect(str(fresh_db))
    yield c
    c.close()


@pytest.fixture
def app_env(built_db, monkeypatch):
    """Point the app at the built database (read-only use) for AppTest."""
    monkeypatch.setenv("BERAKHLAK_DB", str(built_db))
    monkeypatch.chdir(ROOT)
    return built_db


def copy_with_import(built_db: Path, folder: Path, frame, dataset: str, file_name: str) -> Path:
    """A copy of the built database in `folder` with `frame` imported (as a CSV file) into
    `dataset`; the import must be clean."""
    from berakhlak.data import db
    from berakhlak.ingest import importer

    path = folder / "berakhlak.duckdb"
    shutil.copy(built_db, path)
    with db.writer(str(path)) as con:
        report = importer.import_file(con, content=frame.to_csv(index=False).encode(), file_name=file_name,
                                      dataset=dataset)
        assert report.ok, [p.message("en") for p in report.problems[:3]]
    return path


def read_only(path: Path):
    """A read-only connection for a fixture to yield, closed afterwards."""
    from berakhlak.data import db

    con = db.connect(str(path), read_only=True)
    yield con
    con.close()


def app_on(path: Path, monkeypatch, params: dict, timeout: int = 60):
    """The app's first page (Overview) over the database at `path`, opened with ?params and run."""
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("BERAKHLAK_DB", str(path))
    monkeypatch.chdir(ROOT)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=timeout)
    at.query_params.update(params)
    at.run()
    return at


ADMIN_PASSWORD = "rahasia-uji"


@pytest.fixture
def app_rw(fresh_db, monkeypatch):
    """The app on a private writable database, with an admin password configured."""
    monkeypatch.setenv("BERAKHLAK_DB", str(fresh_db))
    monkeypatch.setenv("BERAKHLAK_ADMIN_PASSWORD", ADMIN_PASSWORD)
    monkeypatch.chdir(ROOT)
    return fresh_db


# --- the one Chromium of a test session (Playwright's sync API allows one per process) ------

@pytest.fixture(scope="session")
def chromium() -> str:
    from browser.harness import CHROMIUM

    if not Path(CHROMIUM).exists():
        message = f"{CHROMIUM} is missing (apt-get install -y chromium)"
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(message + ": browser tests must run in CI", pytrace=False)
        pytest.skip(message)
    return CHROMIUM


@pytest.fixture(scope="session")
def browser(chromium):
    from playwright.sync_api import sync_playwright

    from browser.harness import CHROMIUM_ARGS

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        yield b
        b.close()
