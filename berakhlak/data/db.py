"""The data layer: connect, migrate, write through the one writer, and run named queries from
queries/.

Everything that touches DuckDB goes through `connect` (and `writer`, which is built on it), so
that moving the data to MotherDuck (`md:...`) or another file is configuration, not code.

Concurrency (a DuckDB file allows one read-write process or many read-only ones, and within one
process a read-only and a read-write connection to the same file cannot coexist):

- Readers (the app's pages, `summary`, `export`) open the file read-only. Any number of processes
  can do so at once.
- Every write goes through `writer()`: one writer at a time (an exclusive lock on `<db>.lock`,
  waited for, then a clear "busy" message), and it never opens the live file for writing. It
  copies the file, writes the copy in one transaction, checkpoints and fsyncs it, then renames it
  over the live file (an atomic rename). A reader keeps reading the old file (its open handle)
  until it notices the new one (`file_identity`) and reopens. So viewers keep working during an
  import, and a writer killed at any moment leaves the live file exactly as it was: the copy is
  abandoned, and swept away by the next writer.
- A read-only connection is an in-memory DuckDB with the file ATTACHed read-only: DuckDB caches
  database instances by path within a process, so a plain `duckdb.connect(path)` after a swap
  would hand back the old file's instance. Its cursors need `USE` (see `cursor`).
- MotherDuck (`md:`) has no file to swap: there the writer is a plain transaction.
"""
from __future__ import annotations

import contextlib
import fcntl
import os
import re
import shutil
import threading
import time
import weakref
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa

from berakhlak.paths import DATA_DIR, DEFAULT_DB, MIGRATIONS_DIR, QUERIES_DIR, ROOT  # noqa: F401 (re-exported)


class DatabaseError(Exception):
    """An expected problem with the database file, worded for the user (message key + params)."""

    def __init__(self, key: str, **params):
        super().__init__(key)
        self.key = key
        self.params = params


def db_path(path: str | os.PathLike | None = None) -> str:
    """--db, then $BERAKHLAK_DB, then data/berakhlak.duckdb."""
    return str(path or os.environ.get("BERAKHLAK_DB") or DEFAULT_DB)


def is_local(path: str) -> bool:
    """A file on this machine (not MotherDuck)."""
    return not str(path).startswith("md:")


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


def applied_versions(con: duckdb.DuckDBPyConnection) -> set[int]:
    """The migrations recorded in this database (a set: numbers are handed out ahead, so a later
    one may land before an earlier one, and each is applied when it arrives)."""
    if not schema_version(con):
        return set()
    return {int(v) for (v,) in con.execute("SELECT version FROM schema_version").fetchall()}


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
    _check_not_newer(con, path)
    done = applied_versions(con)
    applied = []
    for version, file in migrations():
        if version in done:
            continue
        with transaction(con):
            for stmt in split_statements(file.read_text(encoding="utf-8")):
                con.execute(stmt)
            con.execute("INSERT INTO schema_version (version) VALUES (?)", [version])
        applied.append(version)
    return applied


@contextlib.contextmanager
def registered(con: duckdb.DuckDBPyConnection, **frames: pd.DataFrame) -> Iterator[duckdb.DuckDBPyConnection]:
    """DataFrames registered by name on this connection for the block's SQL to read (a plan over
    an incoming file), unregistered afterwards."""
    try:
        for name, frame in frames.items():
            con.register(name, frame)
        yield con
    finally:
        for name in frames:
            with contextlib.suppress(duckdb.Error):
                con.unregister(name)


@contextlib.contextmanager
def transaction(con: duckdb.DuckDBPyConnection, **frames: pd.DataFrame) -> Iterator[duckdb.DuckDBPyConnection]:
    """One transaction, all or nothing: committed when the block ends, rolled back when it raises
    (and the error raised on). DataFrames given by name are registered for the block's SQL to read
    and unregistered afterwards. Every write block of the package uses it (inside `writer`)."""
    con.execute("BEGIN TRANSACTION")
    try:
        with registered(con, **frames):
            yield con
            con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise


READ_ALIAS = "berakhlak"
# Read-only connections made by ATTACH: their cursors must `USE` the attached catalog.
_ATTACHED: weakref.WeakSet = weakref.WeakSet()
LOCK_RETRY_SECONDS = 0.25


def _locked(exc: Exception) -> bool:
    return "lock" in str(exc).lower()


def _attach_read_only(path: str) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(":memory:")
    try:
        # ATTACH takes no bound parameter; the path is configuration, never user input.
        con.execute(f"ATTACH '{path.replace(chr(39), chr(39) * 2)}' AS {READ_ALIAS} (READ_ONLY)")
        con.execute(f"USE {READ_ALIAS}")
    except Exception:
        con.close()
        raise
    _ATTACHED.add(con)
    return con


def _open(path: str, read_only: bool, wait: float | None = None) -> duckdb.DuckDBPyConnection:
    """Open the file. A file locked by a writing process is retried for `wait` seconds (default:
    a reader tries once, a writer waits $BERAKHLAK_WRITER_WAIT, default 10 s), then refused with a
    message that says so."""
    if wait is None:
        wait = 0.0 if read_only else writer_wait()
    deadline = time.monotonic() + wait
    while True:
        try:
            if read_only and is_local(path):
                return _attach_read_only(path)
            return duckdb.connect(path, read_only=read_only)
        except (duckdb.IOException, duckdb.ConnectionException) as exc:
            if not _locked(exc):
                raise DatabaseError("db.unreadable", path=path, detail=str(exc).splitlines()[0]) from exc
            if time.monotonic() >= deadline:
                raise DatabaseError("db.locked", path=path) from exc
            time.sleep(LOCK_RETRY_SECONDS)


def connect(path: str | os.PathLike | None = None, read_only: bool = False,
            wait: float | None = None) -> duckdb.DuckDBPyConnection:
    """Open the database. A writable connection upgrades an older schema; any connection refuses a
    database made by newer code than this. Pages and reports use read_only=True; writes to a live
    database go through `writer()`."""
    path = db_path(path)
    if read_only and is_local(path) and not Path(path).exists():
        raise DatabaseError("db.missing", path=path)
    con = _open(path, read_only, wait)
    try:
        if read_only:
            found = _check_not_newer(con, path)
            if found < SCHEMA_VERSION or not {v for v, _ in migrations()} <= applied_versions(con):
                raise DatabaseError("db.too_old", path=path, found=found, supported=SCHEMA_VERSION)
        else:
            migrate(con, path)
    except Exception:
        con.close()
        raise
    return con


def cursor(con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    """A cursor of `con` (thread-safe where the connection is not), reading the same database."""
    cur = con.cursor()
    if con in _ATTACHED:
        cur.execute(f"USE {READ_ALIAS}")
        _ATTACHED.add(cur)
    return cur


def file_identity(path: str | os.PathLike | None = None) -> tuple:
    """Changes whenever the writer swaps in a new file: readers reopen when it does."""
    path = db_path(path)
    if not is_local(path):
        return (path,)
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return (path, None)
    return (path, st.st_ino, st.st_mtime_ns, st.st_size)


def schema_is_current(path: str | os.PathLike | None = None) -> bool:
    """The file exists with the current schema (a newer one is refused with a message)."""
    path = db_path(path)
    con = _open(path, True)
    try:
        _check_not_newer(con, path)
        return {v for v, _ in migrations()} <= applied_versions(con)
    finally:
        con.close()


def upgrade(path: str | os.PathLike | None = None) -> bool:
    """Bring an existing database to the current schema, through the writer (so readers keep
    working). True when it did something."""
    path = db_path(path)
    if not is_local(path) or schema_is_current(path):
        return False
    with writer(path):
        pass
    return True


# --- the one writer -------------------------------------------------------------------------

class Discard(Exception):
    """Raise inside `with writer(...)` to leave the database as it was, without an error."""


def writer_wait() -> float:
    return float(os.environ.get("BERAKHLAK_WRITER_WAIT", "10"))


def fault(stage: str) -> None:
    """A test hook for the kill tests: when $BERAKHLAK_FAULT_STAGE names this stage, write the
    marker file $BERAKHLAK_FAULT_MARKER and wait to be killed. Does nothing otherwise."""
    if os.environ.get("BERAKHLAK_FAULT_STAGE") != stage:
        return
    marker = os.environ.get("BERAKHLAK_FAULT_MARKER")
    if marker:
        Path(marker).write_text(stage, encoding="utf-8")
    time.sleep(float(os.environ.get("BERAKHLAK_FAULT_SLEEP", "600")))


@contextlib.contextmanager
def _writer_lock(path: str, wait: float) -> Iterator[None]:
    """One writer per database file, across threads and processes (flock: released by the kernel
    when the holder dies, so a killed import never leaves the database locked)."""
    fd = os.open(path + ".lock", os.O_RDWR | os.O_CREAT, 0o644)
    deadline = time.monotonic() + wait
    try:
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise DatabaseError("db.busy", path=path, seconds=round(wait)) from None
                time.sleep(0.1)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock


def _side_files(path: str) -> list[Path]:
    target = Path(path)
    return list(target.parent.glob(target.name + ".next-*"))


def _fsync(path: str | Path, directory: bool = False) -> None:
    fd = os.open(str(path), os.O_RDONLY | (os.O_DIRECTORY if directory else 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _settle_wal(path: str, wait: float) -> None:
    """A write-ahead log next to the live file (left by a process that wrote it directly and
    died) is folded into it first, so that the copy misses nothing."""
    if Path(path + ".wal").exists():
        con = _open(path, read_only=False, wait=wait)
        try:
            con.execute("CHECKPOINT")
        finally:
            con.close()


@contextlib.contextmanager
def writer(path: str | os.PathLike | None = None, wait: float | None = None) -> Iterator[duckdb.DuckDBPyConnection]:
    """The one way to change a live database: `with db.writer(path) as con: ...`.

    All or nothing: the changes land together when the block ends normally, and not at all when it
    raises (`Discard` leaves quietly) or the process dies. See the module docstring for how."""
    path = db_path(path)
    wait = writer_wait() if wait is None else wait
    if not is_local(path):
        con = connect(path)
        try:
            yield con
        except Discard:
            pass
        finally:
            con.close()
        return
    if not Path(path).exists():
        raise DatabaseError("db.missing", path=path)
    with _writer_lock(path, wait):
        for stale in _side_files(path):  # copies left by a writer that died
            stale.unlink(missing_ok=True)
        _settle_wal(path, wait)
        side = f"{path}.next-{os.getpid()}-{threading.get_ident()}"
        # Hold a read-only handle while copying: a process that has the file open for writing
        # (outside this writer) makes it fail, rather than letting us copy a half-written file.
        guard = _open(path, read_only=True, wait=wait)
        try:
            shutil.copyfile(path, side)
        finally:
            guard.close()
        fault("copied")
        done = False
        try:
            con = connect(side)
            try:
                yield con
                fault("written")
                con.execute("CHECKPOINT")
                done = True
            except Discard:
                pass
            finally:
                con.close()
            if done:
                if Path(side + ".wal").exists():
                    raise RuntimeError(f"checkpoint left a write-ahead log next to {side}")
                _fsync(side)
                fault("before_swap")
                os.replace(side, path)
                _fsync(Path(path).parent, directory=True)
        finally:
            if not done:
                Path(side).unlink(missing_ok=True)
                Path(side + ".wal").unlink(missing_ok=True)


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


@cache
def parameters(name: str) -> frozenset[str]:
    """The $parameters a named query reads."""
    return frozenset(p for stmt in query_text(name) for p in _PARAM.findall(stmt))


def query_names() -> list[str]:
    return sorted(p.stem for p in QUERIES_DIR.glob("*.sql"))


def default_params() -> dict:
    """Parameters a query gets when the caller does not give them: the minimum number of
    respondents, so that no query can forget suppression (see migrations/0002)."""
    from berakhlak.domain.rules import DEFAULT_MIN_RESPONDENTS

    return {"min_respondents": DEFAULT_MIN_RESPONDENTS}


def _bind(stmt: str, params: dict) -> dict:
    wanted = set(_PARAM.findall(stmt))
    params = {**default_params(), **params}
    missing = wanted - params.keys()
    if missing:
        raise KeyError(f"query needs parameters {sorted(missing)}")
    return {k: params[k] for k in wanted}


def _run(target, name: str, params: dict):
    result = None
    for stmt in query_text(name):
        result = target.execute(stmt, _bind(stmt, params))
    return result


# A query whose file has a line "-- @arrow" returns many rows of text (every entity, every unit):
# its result comes through Arrow, which hands text to pandas without a Python string per value
# (2-3x faster at 20,000 rows), converted to exactly the DataFrame .df() gives (same dtypes and
# values; tests/test_db_frames.py). For a few rows the plain .df() is faster, hence the mark.
ARROW_MARK = "-- @arrow"

_NULLABLE_INT = {pa.int8(): pd.Int8Dtype(), pa.int16(): pd.Int16Dtype(), pa.int32(): pd.Int32Dtype(),
                 pa.int64(): pd.Int64Dtype(), pa.uint8(): pd.UInt8Dtype(), pa.uint16(): pd.UInt16Dtype(),
                 pa.uint32(): pd.UInt32Dtype(), pa.uint64(): pd.UInt64Dtype()}


@cache
def via_arrow(name: str) -> bool:
    text = (QUERIES_DIR / f"{name}.sql").read_text(encoding="utf-8")
    return any(line.strip().startswith(ARROW_MARK) for line in text.splitlines())


def _column(col: pa.ChunkedArray) -> pd.Series | None:
    """One Arrow column as .df() would give it, or None for a type not handled here."""
    t = col.type
    if pa.types.is_string(t) or pa.types.is_large_string(t):
        # .df() makes Python strings and pandas infers str from them: a column with none (empty,
        # or all NULL) stays object, of None.
        if col.null_count == len(col):
            return pd.Series([None] * len(col), dtype=object)
        return col.to_pandas()
    if pa.types.is_floating(t):
        return col.to_pandas()
    if pa.types.is_integer(t):
        return col.to_pandas() if col.null_count == 0 else col.to_pandas(types_mapper={t: _NULLABLE_INT[t]}.get)
    if pa.types.is_boolean(t):
        return col.to_pandas() if col.null_count == 0 else col.to_pandas(types_mapper={t: pd.BooleanDtype()}.get)
    if pa.types.is_timestamp(t) and t.tz is None and t.unit == "us":
        return col.to_pandas()
    if pa.types.is_date32(t):
        return col.cast(pa.timestamp("us")).to_pandas()
    if pa.types.is_decimal(t):
        return col.cast(pa.float64()).to_pandas()
    return None


def frame_from_arrow(table: pa.Table) -> pd.DataFrame | None:
    """The DataFrame .df() gives for this result, or None when a column's type is not handled
    here (the caller then uses .df())."""
    names = table.column_names
    if len(set(names)) != len(names):
        return None
    columns = {}
    for name, col in zip(names, table.columns):
        series = _column(col)
        if series is None:
            return None
        columns[name] = series
    return pd.DataFrame(columns, columns=names, index=pd.RangeIndex(table.num_rows))


def _read(target, name: str, params: dict) -> pd.DataFrame:
    if not via_arrow(name):
        return _run(target, name, params).df()
    *first, last = query_text(name)
    for stmt in first:
        target.execute(stmt, _bind(stmt, params))
    bound = _bind(last, params)
    out = frame_from_arrow(target.sql(last, params=bound).to_arrow_table())
    return out if out is not None else target.execute(last, bound).df()


def query(con: duckdb.DuckDBPyConnection, name: str, **params) -> pd.DataFrame:
    """Read: run queries/<name>.sql with bound $parameters on a cursor of its own (a DuckDB
    connection is not thread-safe; its cursors are), and return the result as a DataFrame."""
    cur = cursor(con)
    try:
        return _read(cur, name, params)
    finally:
        cur.close()


def query_here(con: duckdb.DuckDBPyConnection, name: str, **params) -> pd.DataFrame:
    """Read on this very connection: for queries over frames registered on it, or inside the
    caller's transaction."""
    return _read(con, name, params)


def import_seen(con: duckdb.DuckDBPyConnection, dataset: str, checksum: str) -> bool:
    """Whether this very file (by checksum) was already imported into the dataset."""
    return bool(query_here(con, "import_seen", dataset=dataset, checksum=checksum).iloc[0, 0])


def latest_import_id(con: duckdb.DuckDBPyConnection) -> int:
    """The id of the import just written on this connection (inside its transaction)."""
    return int(query_here(con, "latest_import_id").iloc[0, 0])


def execute(con: duckdb.DuckDBPyConnection, name: str, **params) -> None:
    """Write: run queries/<name>.sql on this very connection, so that it joins the caller's
    transaction."""
    _run(con, name, params)
