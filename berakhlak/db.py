"""The data layer: connect, migrate, and run named queries from queries/.

Everything that touches DuckDB goes through `connect` and `run`, so that moving the data to
MotherDuck (`md:...`) or another file is configuration, not code.
"""
from __future__ import annotations

import os
import re
import time
from functools import cache
from pathlib import Path

import duckdb
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
DATA_DIR = ROOT / "data"
QUERIES_DIR = ROOT / "queries"
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
DEFAULT_DB = DATA_DIR / "berakhlak.duckdb"


class DatabaseError(Exception):
    """An expected problem with the database file, worded for the user (message key + params)."""

    def __init__(self, key: str, **params):
        super().__init__(key)
        self.key = key
        self.params = params


def db_path(path: str | os.PathLike | None = None) -> str:
    """--db, then $BERAKHLAK_DB, then data/berakhlak.duckdb."""
    return str(path or os.environ.get("BERAKHLAK_DB") or DEFAULT_DB)


def migrations() -> list[tuple[int, Path]]:
    found = []
    for p in sorted(MIGRATIONS_DIR.glob("*.sql")):
        found.append((int(p.name.split("_", 1)[0]), p))
    return found


SCHEMA_VERSION = max(v for v, _ in migrations())


def schema_version(con: duckdb.DuckDBPyConnection) -> int:
    has_table = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_version'"
    ).fetchall()[0][0]
    if not has_table:
        return 0
    return con.execute("SELECT coalesce(max(version), 0) FROM schema_version").fetchall()[0][0]


def _check_not_newer(con: duckdb.DuckDBPyConnection, path: str) -> int:
    found = schema_version(con)
    if found > SCHEMA_VERSION:
        raise DatabaseError("db.too_new", path=path, found=found, supported=SCHEMA_VERSION)
    return found


def migrate(con: duckdb.DuckDBPyConnection, path: str = "") -> list[int]:
    """Apply the migrations this database lacks, each in its own transaction."""
    con.execute(
        "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, "
        "applied_at TIMESTAMP DEFAULT current_timestamp)"
    )
    current = _check_not_newer(con, path)
    applied = []
    for version, file in migrations():
        if version <= current:
            continue
        con.execute("BEGIN TRANSACTION")
        try:
            for stmt in split_statements(file.read_text(encoding="utf-8")):
                con.execute(stmt)
            con.execute("INSERT INTO schema_version (version) VALUES (?)", [version])
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
        applied.append(version)
    return applied


def _open(path: str, read_only: bool) -> duckdb.DuckDBPyConnection:
    """Open the file; a writer that finds it locked by another writer retries for a while."""
    attempts = 1 if read_only else 20
    for attempt in range(attempts):
        try:
            return duckdb.connect(path, read_only=read_only)
        except duckdb.IOException as exc:
            locked = "lock" in str(exc).lower()
            if not locked:
                raise DatabaseError("db.unreadable", path=path, detail=str(exc).splitlines()[0]) from exc
            if attempt == attempts - 1:
                raise DatabaseError("db.locked", path=path) from exc
            time.sleep(0.25)
    raise AssertionError("unreachable")


def connect(path: str | os.PathLike | None = None, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open the database. A writable connection upgrades an older schema; any connection refuses a
    database made by newer code than this."""
    path = db_path(path)
    if read_only and not path.startswith("md:") and not Path(path).exists():
        raise DatabaseError("db.missing", path=path)
    con = _open(path, read_only)
    try:
        if read_only:
            found = _check_not_newer(con, path)
            if found < SCHEMA_VERSION:
                raise DatabaseError("db.too_old", path=path, found=found, supported=SCHEMA_VERSION)
        else:
            migrate(con, path)
    except Exception:
        con.close()
        raise
    return con


# --- named queries -------------------------------------------------------------------------

_PARAM = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")


def split_statements(sql: str) -> list[str]:
    """Split a .sql file on semicolons that end a line (our files never put one inside a string
    at a line end)."""
    parts = re.split(r";\s*(?:--[^\n]*)?\n", sql + "\n")
    out = []
    for part in parts:
        body = "\n".join(line for line in part.splitlines() if not line.strip().startswith("--"))
        if body.strip():
            out.append(part.strip())
    return out


@cache
def query_text(name: str) -> tuple[str, ...]:
    file = QUERIES_DIR / f"{name}.sql"
    if not file.exists():
        raise KeyError(f"no named query {name!r} in {QUERIES_DIR}")
    return tuple(split_statements(file.read_text(encoding="utf-8")))


def query_names() -> list[str]:
    return sorted(p.stem for p in QUERIES_DIR.glob("*.sql"))


def _bind(stmt: str, params: dict) -> dict:
    wanted = set(_PARAM.findall(stmt))
    missing = wanted - params.keys()
    if missing:
        raise KeyError(f"query needs parameters {sorted(missing)}")
    return {k: params[k] for k in wanted}


def _run(target, name: str, params: dict):
    result = None
    for stmt in query_text(name):
        result = target.execute(stmt, _bind(stmt, params))
    return result


def query(con: duckdb.DuckDBPyConnection, name: str, **params) -> pd.DataFrame:
    """Read: run queries/<name>.sql with bound $parameters on a cursor of its own (a DuckDB
    connection is not thread-safe; its cursors are), and return the result as a DataFrame."""
    cur = con.cursor()
    try:
        return _run(cur, name, params).df()
    finally:
        cur.close()


def query_here(con: duckdb.DuckDBPyConnection, name: str, **params) -> pd.DataFrame:
    """Read on this very connection: for queries over frames registered on it, or inside the
    caller's transaction."""
    return _run(con, name, params).df()


def execute(con: duckdb.DuckDBPyConnection, name: str, **params) -> None:
    """Write: run queries/<name>.sql on this very connection, so that it joins the caller's
    transaction."""
    _run(con, name, params)
