"""What every command shares: the exit codes, the one way a command fails, and opening the database.

A command returns EXIT_OK, or raises `Failure` (a message key and its parameters, and the exit
code: EXIT_INVALID for bad input, EXIT_FAILURE for anything else). `berakhlak.cli.main.main` is
the one place that turns a failure into a message in the chosen language and an exit code."""
from __future__ import annotations

import getpass
import sys
from pathlib import Path

from berakhlak.data import db
from berakhlak.present import text as text_rules
from berakhlak.i18n import fmt_int, t

EXIT_OK, EXIT_FAILURE, EXIT_INVALID = 0, 1, 2
DB_HELP = "database file (default $BERAKHLAK_DB, then data/berakhlak.duckdb)"


class Failure(Exception):
    """An expected failure of a command, worded for the user: message key, exit code, parameters."""

    def __init__(self, key: str, code: int = EXIT_FAILURE, **params):
        super().__init__(key)
        self.key, self.code, self.params = key, code, params


def emit(result: dict, fmt: str, as_text) -> int:
    """Print a command's result as JSON or as text (`as_text(result)`); the command is done."""
    print(text_rules.json_text(result) if fmt == "json" else as_text(result))
    return EXIT_OK


def with_db(sp):
    sp.add_argument("--db", help=DB_HELP)
    return sp


def who() -> str:
    """Who the logs record for a command run from a shell."""
    try:
        return f"cli ({getpass.getuser()})"
    except (KeyError, OSError):
        return "cli"


def ready(path) -> str:
    """The database path, built when missing and upgraded when its schema is older."""
    from berakhlak.data.build import init_database

    path = db.db_path(path)
    if db.is_local(path) and not Path(path).exists():
        init_database(path)
    db.upgrade(path)
    return path


def open_db(path):
    """A read-only connection: reading works while the app (or an import) is running."""
    return db.connect(ready(path), read_only=True)


def run_import(args, importer) -> int:
    """Import args.file with `importer(con, file, dry_run)`: a dry run reads only; a real one goes
    through the one writer, all or nothing, even if this process is killed half-way. Prints the
    report; exit 2 when the file has problems (nothing is then changed)."""
    file = Path(args.file)
    if not file.exists():
        raise FileNotFoundError(None, None, str(file))
    from berakhlak.ingest import reader

    too_big = reader.check_path(file)  # refused unread: no file of any size is loaded whole
    if too_big:
        for p in too_big:
            print(p.message(), file=sys.stderr)
        raise Failure("import.rejected", EXIT_INVALID, count=fmt_int(len(too_big)))
    path = ready(args.db)
    if args.dry_run:
        con = db.connect(path, read_only=True)
        try:
            report = importer(db.cursor(con), file, True)
        finally:
            con.close()
    else:
        with db.writer(path) as con:
            report = importer(con, file, False)
            if not report.ok:
                raise db.Discard
    for w in report.warnings:
        print(t("cli.warning") + w.message(), file=sys.stderr)
    if not report.ok:
        for p in report.problems:
            print(p.message(), file=sys.stderr)
        raise Failure("import.rejected", EXIT_INVALID, count=fmt_int(len(report.problems)))
    key = "import.dry_run_done" if args.dry_run else "import.done"
    print(t(key, dataset=args.dataset, added=fmt_int(report.added), replaced=fmt_int(report.replaced),
            unchanged=fmt_int(report.unchanged)))
    return EXIT_OK
