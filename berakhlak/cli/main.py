"""`python -m berakhlak COMMAND ...`, the one command line (docs/cli.md): init, import, export,
summary, rollback, hash-password here; `deck` (berakhlak.cli.deck) and `eval-*`
(berakhlak.cli.evaluation) register themselves.

Exit codes: 0 success, 2 validation errors, 1 any other failure. An expected failure prints a
message in the chosen language (--lang, default Indonesian), never a traceback: `main` is the one
place that does so (berakhlak.cli.common.Failure)."""
from __future__ import annotations

import argparse
import contextlib
import io
import sys

from berakhlak.cli import deck as cli_deck
from berakhlak.cli import evaluation as cli_eval
from berakhlak.cli.common import (EXIT_FAILURE, EXIT_INVALID, EXIT_OK, Failure, emit, open_db, ready, run_import, who,
                                  with_db)
from berakhlak.data import db
from berakhlak.i18n import LANGS, fmt_int, fmt_num, set_lang, t
from berakhlak.domain.rules import DEFAULT_MIN_RESPONDENTS
from berakhlak.present import hidden
from berakhlak.present import text as text_rules


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m berakhlak", description="BerAKHLAK index dashboard data tools")
    p.add_argument("--lang", choices=LANGS, default="id", help="language of messages (default id)")
    sub = p.add_subparsers(dest="command", required=True)

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
    cli_deck.register(sub, COMMANDS)
    cli_eval.register(sub, COMMANDS)
    return p


class _Terminal(io.TextIOBase):
    """A stream that writes through `text.terminal_stream`: no control character or escape
    sequence from data (a name, a note, a file's header) reaches the terminal raw."""

    def __init__(self, stream):
        self.stream = stream

    def write(self, s: str) -> int:
        self.stream.write(text_rules.terminal_stream(s))
        return len(s)

    def flush(self) -> None:
        self.stream.flush()


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    set_lang(args.lang)
    with contextlib.redirect_stdout(_Terminal(sys.stdout)), contextlib.redirect_stderr(_Terminal(sys.stderr)):
        return _run(args)


def _run(args) -> int:
    from berakhlak.domain.summary import NoData
    from berakhlak.ingest.importer import RollbackRefused

    try:
        return COMMANDS[args.command](args)
    except Failure as exc:
        return _fail(exc.code, exc.key, exc.params)
    except RollbackRefused as exc:
        return _fail(EXIT_INVALID, exc.key, exc.params)
    except (db.DatabaseError, NoData) as exc:
        return _fail(EXIT_FAILURE, exc.key, exc.params)
    except FileNotFoundError as exc:
        return _fail(EXIT_FAILURE, "cli.file_missing", {"path": exc.filename or str(exc)})
    except MemoryError:
        return _fail(EXIT_FAILURE, "read.out_of_memory", {})
    except Exception as exc:  # noqa: BLE001 - no input may put a traceback on the terminal
        return _fail(EXIT_FAILURE, "cli.unexpected", {"kind": type(exc).__name__})


def _fail(code: int, key: str, params: dict) -> int:
    print(t(key, **params), file=sys.stderr)
    return code


def cmd_init(args) -> int:
    from berakhlak.data.build import init_database

    path = init_database(args.db, force=args.force,
                         progress=lambda step: print(t(f"init.step.{step}"), file=sys.stderr))
    print(t("init.done", path=path))
    return EXIT_OK


def cmd_import(args) -> int:
    from berakhlak.ingest.importer import import_file

    return run_import(args, lambda con, file, dry_run: import_file(
        con, file, dataset=args.dataset, dry_run=dry_run, who=who()))


def cmd_rollback(args) -> int:
    from berakhlak.ingest.importer import rollback

    with db.writer(ready(args.db)) as con:
        done = rollback(con, args.import_id, who=who())
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
        raise Failure("auth.cli_empty", EXIT_INVALID)
    print(hash_password(password))
    return EXIT_OK


def cmd_export(args) -> int:
    from berakhlak.present.export import export_dataset

    fmt = args.format or ("xlsx" if args.out.lower().endswith(".xlsx") else "csv")
    con = open_db(args.db)
    try:
        result = export_dataset(con, args.dataset, args.out, fmt)
    finally:
        con.close()
    if result is None:
        raise Failure("export.unknown_dataset", dataset=args.dataset)
    print(t("export.done", rows=fmt_int(result.rows), path=args.out))
    if result.withheld:
        print(t("export.withheld", rows=fmt_int(result.withheld)), file=sys.stderr)
    return EXIT_OK


def cmd_summary(args) -> int:
    from berakhlak.domain.summary import summarize

    con = open_db(args.db)
    try:
        result = summarize(con, args.entity, args.year, args.dataset, lang=args.lang)
    finally:
        con.close()
    return emit(result, args.format, summary_text)


def summary_text(s: dict) -> str:
    lines = [f"{s['entity_name']} ({s['entity_code']}) — {s['year']} — {s['dataset']} — {s['method'] or '–'}"]
    if s["suppressed"]:
        lines.append(hidden.of_summary(s, minimum=DEFAULT_MIN_RESPONDENTS))
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
    for r in s["recognitions"]:
        lines.append(t("summary.recognition_line", award=r["award"], by=r["awarded_by"] or "–",
                       source=r["source_url"] or t("summary.no_source")))
    if s["sources"]:
        lines.append(t("summary.sources"))
        lines += [f"  {r['entity_code']} {r['year']}: {r['url']}" + (f" ({r['note']})" if r["note"] else "")
                  for r in s["sources"]]
    return "\n".join(lines)


COMMANDS = {"init": cmd_init, "import": cmd_import, "export": cmd_export, "summary": cmd_summary,
            "rollback": cmd_rollback, "hash-password": cmd_hash_password}


if __name__ == "__main__":
    sys.exit(main())
