"""The check of an uploaded file (read, validate, plan: a dry run) in a worker process of its own,
with a memory limit (RLIMIT_AS) and a time limit, so that no file can make a page wait without
end or take the server's memory: the server's process only waits on a pipe (the other sessions
keep running), and a worker past its limits is stopped and its file refused with a message.

Workers are forked from a forkserver that has the importers loaded (a check starts in tens of
milliseconds, not seconds), at most `max_workers()` at a time for the whole server.
"""
from __future__ import annotations

import multiprocessing
import os
import threading
import time

import duckdb
from berakhlak.data import db
from berakhlak.evaluation import action_plan
from berakhlak.evaluation import internal as evaluation
from berakhlak.ingest import importer, reader
from berakhlak.ingest.importer import ImportReport
from berakhlak.ingest.problems import Problem

DEFAULT_MEMORY_MB = 3072
DEFAULT_SECONDS = 120
DEFAULT_WORKERS = 2
QUEUE_SECONDS = 30  # how long a check waits for a free worker before it is refused as busy


# Checks that a visitor not signed in as an admin may ask for within the window (checking needs no
# sign-in, so one visitor cannot keep the workers busy).
CHECKS_PER_WINDOW = 10
CHECK_WINDOW_SECONDS = 10 * 60


def rate_wait(times: list[float], now: float, per_window: int = CHECKS_PER_WINDOW,
              window: float = CHECK_WINDOW_SECONDS) -> tuple[int, list[float]]:
    """(seconds before one more check, 0 = now; the check times to keep, this one included when
    it may run)."""
    recent = [x for x in times if now - x < window]
    if len(recent) < per_window:
        return 0, [*recent, now]
    return int(recent[0] + window - now) + 1, recent


def memory_limit() -> int:
    return int(float(os.environ.get("BERAKHLAK_CHECK_MEMORY_MB", DEFAULT_MEMORY_MB)) * 1024 * 1024)


def time_limit() -> float:
    return float(os.environ.get("BERAKHLAK_CHECK_SECONDS", DEFAULT_SECONDS))


def max_workers() -> int:
    return int(os.environ.get("BERAKHLAK_CHECK_WORKERS", DEFAULT_WORKERS))


def _importer(kind: str):
    return {"national": _national, "survey": evaluation.import_survey, "checklist": evaluation.import_checklist,
            "actions": action_plan.import_actions}[kind]


def _national(con, content, file_name, *, dataset, dry_run, who=None, max_bytes=None):
    return importer.import_file(con, content=content, file_name=file_name, dataset=dataset, dry_run=dry_run,
                                who=who, max_bytes=max_bytes)


def _refused(file_name: str, dataset: str, key: str, **params) -> ImportReport:
    return ImportReport(dataset=dataset, file_name=file_name, checksum="", dry_run=True,
                        problems=[Problem(key, params=params)])


def _child(pipe, kind: str, content: bytes, file_name: str, dataset: str, path: str, who, memory: int,
           max_bytes: int) -> None:
    """In the worker: limit its memory, open the database read-only, check the file, send the
    report. Never raises: whatever happens is a report with a message."""
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
        con = db.connect(path, read_only=True)
        con.execute(f"SET memory_limit = '{max(64, memory // 4 // 2**20)}MB'")
        con.execute("SET threads = 1")
        report = _importer(kind)(con, content, file_name, dataset=dataset, dry_run=True, who=who,
                                 **({"max_bytes": max_bytes} if kind == "national" else {}))
    except (MemoryError, duckdb.OutOfMemoryException):
        report = _refused(file_name, dataset, "read.out_of_memory")
    except db.DatabaseError as exc:
        report = _refused(file_name, dataset, exc.key, **exc.params)
    except Exception as exc:  # noqa: BLE001 - a message for the user, never a traceback
        report = _refused(file_name, dataset, "read.failed", kind=type(exc).__name__)
    try:
        pipe.send(report)
    except MemoryError:
        pipe.send(_refused(file_name, dataset, "read.out_of_memory"))
    finally:
        pipe.close()


_SLOTS: threading.BoundedSemaphore | None = None
_SLOTS_LOCK = threading.Lock()
_CONTEXT = None


def _slots() -> threading.BoundedSemaphore:
    global _SLOTS
    with _SLOTS_LOCK:
        if _SLOTS is None:
            _SLOTS = threading.BoundedSemaphore(max_workers())
        return _SLOTS


def _context():
    global _CONTEXT
    with _SLOTS_LOCK:
        if _CONTEXT is None:
            _CONTEXT = multiprocessing.get_context("forkserver")
            _CONTEXT.set_forkserver_preload(["berakhlak.ingest.worker"])
        return _CONTEXT


def check(kind: str, content: bytes, file_name: str, dataset: str, *, path: str | None = None,
          who: str | None = None, limits: reader.Limits | None = None, memory: int | None = None,
          seconds: float | None = None) -> ImportReport:
    """The dry run of `kind` ('national', 'survey', 'checklist', 'actions') over the file, in a
    worker process within `memory` bytes and `seconds`. A file over the byte limit is refused
    here, before any worker starts."""
    limits = limits or reader.Limits.default()
    too_big = reader.check_bytes(content, limits)
    if too_big:
        return ImportReport(dataset=dataset, file_name=file_name, checksum="", dry_run=True, problems=too_big)
    memory = memory or memory_limit()
    seconds = seconds or time_limit()
    slots = _slots()
    if not slots.acquire(timeout=QUEUE_SECONDS):
        return _refused(file_name, dataset, "read.busy")
    try:
        ctx = _context()
        receive, send = ctx.Pipe(duplex=False)
        proc = ctx.Process(target=_child, args=(send, kind, content, file_name, dataset, db.db_path(path), who,
                                                memory, limits.bytes), daemon=True)
        proc.start()
        send.close()
        deadline = time.monotonic() + seconds
        try:
            if receive.poll(max(0.0, deadline - time.monotonic())):
                return receive.recv()
            return _refused(file_name, dataset, "read.timeout", seconds=int(seconds))
        except (EOFError, OSError):  # the worker died: killed by a signal at its memory limit, or failed
            proc.join(5)
            if proc.exitcode is not None and (proc.exitcode < 0 or proc.exitcode == 127):  # 127: glibc abort
                return _refused(file_name, dataset, "read.out_of_memory")
            return _refused(file_name, dataset, "read.failed", kind=f"exit {proc.exitcode}")
        finally:
            receive.close()
            if proc.is_alive():
                proc.kill()
            proc.join(5)
    finally:
        slots.release()
