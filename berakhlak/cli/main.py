"""`python -m berakhlak init|import|export|summary` (architecture.md, "CLI").

Exit codes: 0 success, 2 validation errors, 1 any other failure. An expected failure prints a
message in the chosen language (--lang, default Indonesian), never a traceback."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from berakhlak.data import db
from berakhlak.i18n import LANGS, fmt_int, fmt_num, set_lang, t

EXIT_OK, EXIT_FAILURE, EXIT_INVALID = 0, 1, 2


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m berakhlak", description="BerAKHLAK index dashboard data tools")
    p.add_argument("--lang", choices=LANGS, default="id", help="language of messages (default id)")
    sub = p.add_subparsers(dest="command", required=True)

    def with_db(sp):
        sp.add_argument("--db", help="database file (default $BERAKHLAK_DB, then data/berakhlak.duckdb)")
        return sp

    s = with_db(sub.add_parser("init", help="build the database from data/ (idempotent)"))
    s.add_argument("--force", action="store_true", help="delete and rebuild")

    s = with_db(sub.add_parser("import", help="validate and import a CSV or XLSX file"))
    s.add_argument("file")
    s.add_argument("--dataset", default="main")
    s.add_argument("--dry-run", action="store_true", help="validate and report, write nothing")

    s = with_db(sub.add_parser("export", help="write a dataset in the canonical long format"))
    s.add_argument("out")
    s.add_argument("--dataset", default="main")
    s.add_argument("--format", choices=("csv", "xlsx"), default=None,
                   help="default: from the file name, else csv")

    s = with_db(sub.add_parser("rollback", help="undo one import, by its number in the import log"))
    s.add_argument("import_id", type=int)

    s = sub.add_parser("hash-password", help="print the hash of an admin password, for the secrets "
                                             "or $BERAKHLAK_ADMIN_PASSWORD_HASH (reads the password "
                                             "from standard input)")

    s = with_db(sub.add_parser("summary", help="the numbers a page shows for one entity-year"))
    s.add_argument("--entity", required=True)
    s.add_argument("--year", required=True, type=int)
    s.add_argument("--dataset", default="published")
    s.add_argument("--format", choices=("json", "text"), default="json")

    # Commands of other areas register themselves: the deck, the internal evaluation.
    from berakhlak.cli import deck as cli_deck
    from berakhlak.cli import evaluation as cli_eval

    cli_deck.register(sub, COMMANDS)
    cli_eval.register(sub, COMMANDS)
    return p


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    set_lang(args.lang)
    try:
        return COMMANDS[args.command](args)
    except db.DatabaseError as exc:
        print(t(exc.key, **exc.params), file=sys.stderr)
        return EXIT_FAILURE
    except FileNotFoundError as exc:
        print(t("cli.file_missing", path=exc.filename or str(exc)), file=sys.stderr)
        return EXIT_FAILURE


def cmd_init(args) -> int:
    from berakhlak.data.build import init_database

    path = init_database(args.db, force=args.force,
                         progress=lambda step: print(t(f"init.step.{step}"), file=sys.stderr))
    print(t("init.done", path=path))
    return EXIT_OK


def _who() -> str:
    """Who the import log records for a command run from a shell."""
    import getpass

    try:
        return f"cli ({getpass.getuser()})"
    except (KeyError, OSError):
        return "cli"


def _ready(path) -> str:
    """The database path, built when missing and upgraded when its schema is older."""
    from berakhlak.data.build import init_database

    path = db.db_path(path)
    if db.is_local(path) and not Path(path).exists():
        init_database(path)
    db.upgrade(path)
    return path


def _open_db(path):
    """A read-only connection: reading works while the app (or an import) is running."""
    return db.connect(_ready(path), read_only=True)


def cmd_import(args) -> int:
    from berakhlak.ingest.importer import import_file

    return run_import(args, lambda con, file, dry_run: import_file(
        con, file, dataset=args.dataset, dry_run=dry_run, who=_who()))


def run_import(args, importer) -> int:
    """Import args.file with `importer(con, file, dry_run)`: a dry run reads only; a real one goes
    through the one writer, all or nothing, even if this process is killed half-way. Prints the
    report; exit 2 when the file has problems (nothing is then changed)."""
    file = Path(args.file)
    if not file.exists():
        raise FileNotFoundError(None, None, str(file))
    path = _ready(args.db)
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
        print(t("import.rejected", count=fmt_int(len(report.problems))), file=sys.stderr)
        return EXIT_INVALID
    key = "import.dry_run_done" if args.dry_run else "import.done"
    print(t(key, dataset=args.dataset, added=fmt_int(report.added), replaced=fmt_int(report.replaced),
            unchanged=fmt_int(report.unchanged)))
    return EXIT_OK


def cmd_rollback(args) -> int:
    from berakhlak.ingest.importer import RollbackRefused, rollback

    path = _ready(args.db)
    try:
        with db.writer(path) as con:
            done = rollback(con, args.import_id, who=_who())
    except RollbackRefused as exc:
        print(t(exc.key, **exc.params), file=sys.stderr)
        return EXIT_INVALID
    print(t("rollback.done", import_id=done.import_id, dataset=done.dataset,
            removed=fmt_int(done.removed), restored=fmt_int(done.restored)))
    return EXIT_OK


def cmd_hash_password(args) -> int:
    import getpass

    from berakhlak.ui.auth import hash_password

    if sys.stdin.isatty():
        password = getpass.getpass(t("auth.cli_prompt"))
    else:
        password = sys.stdin.readline().rstrip("\r\n")
    if not password:
        print(t("auth.cli_empty"), file=sys.stderr)
        return EXIT_INVALID
    print(hash_password(password))
    return EXIT_OK


def cmd_export(args) -> int:
    from berakhlak.present.export import export_dataset

    fmt = args.format or ("xlsx" if args.out.lower().endswith(".xlsx") else "csv")
    con = _open_db(args.db)
    try:
        result = export_dataset(con, args.dataset, args.out, fmt)
    finally:
        con.close()
    if result is None:
        print(t("export.unknown_dataset", dataset=args.dataset), file=sys.stderr)
        return EXIT_FAILURE
    print(t("export.done", rows=fmt_int(result.rows), path=args.out))
    if result.withheld:
        print(t("export.withheld", rows=fmt_int(result.withheld)), file=sys.stderr)
    return EXIT_OK


def cmd_summary(args) -> int:
    from berakhlak.domain.summary import NoData, summarize

    con = _open_db(args.db)
    try:
        result = summarize(con, args.entity, args.year, args.dataset, lang=args.lang)
    except NoData as exc:
        print(t(exc.key, **exc.params), file=sys.stderr)
        return EXIT_FAILURE
    finally:
        con.close()
    if args.format == "json":
        print(json.dumps(result, ensure_ascii=False))
    else:
        print(summary_text(result))
    return EXIT_OK


def summary_text(s: dict) -> str:
    lines = [f"{s['entity_name']} ({s['entity_code']}) — {s['year']} — {s['dataset']} — {s['method'] or '–'}"]
    if s["suppressed"]:
        key = "summary.suppressed_complementary" if s["suppression"] == "complementary" else "summary.suppressed"
        lines.append(t(key, n=fmt_int(s["respondents"])))
    elif s["index"] is None:
        lines.append(t("summary.no_index"))
    else:
        lines.append(t("summary.index_line", index=fmt_num(s["index"]), category=s["category"],
                       label=s["category_label"], basis=t(f"basis.{s['index_basis']}")))
    for code, v in s["values"].items():
        lines.append(f"  {code}: {fmt_num(v['score'])} ({v['category']})")
    if s["national"]:
        lines.append(t("summary.national_line", index=fmt_num(s["national"]["index"]),
                       delta=fmt_num(s["delta_vs_national"], sign=True)))
    if s["previous"]:
        p = s["previous"]
        lines.append(t("summary.previous_line", year=p["year"], index=fmt_num(p["index"]))
                     + ("" if p["comparable"] else " " + t("summary.not_comparable")))
    if s["rank"]:
        lines.append(t("summary.rank_line", position=s["rank"]["position"], of=s["rank"]["of"],
                       level=t(f"level.{s['rank']['level']}")))
    elif s["rank_withheld"]:
        w = s["rank_withheld"]
        lines.append(t("summary.rank_withheld_line", of=w["of"], total=w["in_level"],
                       level=t(f"deck.level_plural.{w['level']}")))
    return "\n".join(lines)


COMMANDS = {"init": cmd_init, "import": cmd_import, "export": cmd_export, "summary": cmd_summary,
            "rollback": cmd_rollback, "hash-password": cmd_hash_password}


if __name__ == "__main__":
    sys.exit(main())
