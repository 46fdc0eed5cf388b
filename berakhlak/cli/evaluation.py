"""CLI of the internal evaluation: `eval-import`, `eval-summary`, `eval-template`.

Hooked into `python -m berakhlak` by one call in berakhlak.cli.main._parser():
    cli_eval.register(sub, COMMANDS)
and usable on its own meanwhile: `python -m berakhlak.cli.evaluation [--lang en] COMMAND ...`.

Exit codes as the main CLI: 0 success, 2 validation errors (every problem on stderr, nothing
written), 1 any other failure. The CLI is trusted like the main CLI's import: it needs no admin
password, and records who as "cli:<user>".
"""
from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from berakhlak.data import db
from berakhlak.cli.main import _open_db, run_import
from berakhlak.present import text as text_rules
from berakhlak.i18n import LANGS, fmt_int, fmt_num, set_lang, t
from berakhlak.domain.rules import DEFAULT_MIN_RESPONDENTS

EXIT_OK, EXIT_FAILURE, EXIT_INVALID = 0, 1, 2
KINDS = ("survey", "checklist", "actions")


def register(sub, commands: dict) -> None:
    """Add the evaluation commands to the main CLI's subparsers and command table."""

    def with_db(sp):
        sp.add_argument("--db", help="database file (default $BERAKHLAK_DB, then data/berakhlak.duckdb)")
        return sp

    s = with_db(sub.add_parser("eval-import", help="validate and import an internal-evaluation file"))
    s.add_argument("kind", choices=KINDS, help="survey (one row per respondent), checklist (evidence) or actions")
    s.add_argument("file")
    s.add_argument("--dataset", default="main")
    s.add_argument("--dry-run", action="store_true", help="validate and report, write nothing")

    s = with_db(sub.add_parser("eval-summary", help="the internal evaluation of an instansi-year"))
    s.add_argument("--entity", required=True, help="the instansi code, e.g. 62")
    s.add_argument("--year", required=True, type=int)
    s.add_argument("--dataset", default="main")
    s.add_argument("--min-respondents", type=int, default=DEFAULT_MIN_RESPONDENTS)
    s.add_argument("--survey-weight", type=float, default=None, help="percent of the combined score (default 50)")
    s.add_argument("--partial-credit", type=float, default=None, help="credit of a 'sebagian' criterion (default 0.5)")
    s.add_argument("--format", choices=("json", "text"), default="text")

    s = with_db(sub.add_parser("eval-template", help="write an import template (xlsx or csv)"))
    s.add_argument("kind", choices=KINDS)
    s.add_argument("out")
    s.add_argument("--entity", default="62", help="the instansi whose units fill the template")
    s.add_argument("--year", type=int, default=None)

    commands.update({"eval-import": cmd_import, "eval-summary": cmd_summary, "eval-template": cmd_template})


def cmd_import(args) -> int:
    from berakhlak.evaluation import action_plan
    from berakhlak.evaluation import internal as evaluation

    importer = {"survey": evaluation.import_survey, "checklist": evaluation.import_checklist,
                "actions": action_plan.import_actions}[args.kind]
    return run_import(args, lambda con, file, dry_run: importer(
        con, file.read_bytes(), file.name, dataset=args.dataset, dry_run=dry_run, who=f"cli:{getpass.getuser()}"))


def cmd_summary(args) -> int:
    from berakhlak.evaluation import internal as evaluation

    w = evaluation.Weights(
        survey=evaluation.DEFAULT_SURVEY_WEIGHT if args.survey_weight is None else args.survey_weight,
        partial_credit=evaluation.DEFAULT_PARTIAL_CREDIT if args.partial_credit is None else args.partial_credit)
    if not (0 <= w.survey <= 100 and 0 <= w.partial_credit <= 1):
        print(t("cli_eval.bad_weights"), file=sys.stderr)
        return EXIT_FAILURE
    con = _open_db(args.db)  # reading only: works beside the running app
    try:
        result = evaluation.summary(con, args.dataset, args.entity, args.year, args.min_respondents, w)
    finally:
        con.close()
    if result["instansi"] is None:
        print(t("summary.unknown_entity", entity=args.entity), file=sys.stderr)
        return EXIT_FAILURE
    if args.format == "json":
        print(text_rules.json_text(result))
    else:
        print(summary_text(result))
    return EXIT_OK


def _status_text(row: dict) -> str:
    if row["survey_status"] == "ok":
        return fmt_num(row["survey"])
    return t(f"eval.status.{row['survey_status']}")


def summary_text(s: dict) -> str:
    inst = s["instansi"]
    lines = [t("cli_eval.head", name=inst["entity_name"], code=inst["entity_code"], year=s["year"],
               dataset=s["dataset"]),
             t("cli_eval.weights", survey=fmt_int(s["weights"]["survey"]), institution=fmt_int(s["weights"]["institution"]),
               partial=fmt_num(s["weights"]["partial_credit"], decimals=2), min=s["min_respondents"])]
    for row in [inst, *s["units"]]:
        lines.append(t("cli_eval.row", name=row["entity_name"], n=fmt_int(row["respondents"]),
                       survey=_status_text(row), institution=fmt_num(row["institution"]),
                       combined=fmt_num(row["combined"]), weakest=", ".join(row["weakest_values"]) or "–",
                       merah=row["actions"]["merah"], kuning=row["actions"]["kuning"],
                       hijau=row["actions"]["hijau"], overdue=row["actions"]["overdue"]))
    return "\n".join(lines)


def cmd_template(args) -> int:
    from datetime import date

    from berakhlak.evaluation import templates as eval_templates
    from berakhlak.i18n import current_lang

    con = _open_db(args.db)  # reading only: works beside the running app
    try:
        every = db.query(con, "entity_list_all")
    finally:
        con.close()
    hit = every[every["code"] == args.entity]
    if hit.empty or hit.iloc[0]["level"] in ("unit", "nasional"):
        print(t("summary.unknown_entity", entity=args.entity), file=sys.stderr)
        return EXIT_FAILURE
    units = every[(every["parent_code"] == args.entity) & (every["level"] == "unit")]
    units = units.assign(_n=units["code"].str.len()).sort_values(["_n", "code"])[["code", "name"]]
    year = args.year or date.today().year
    name = hit.iloc[0]["name"]
    if args.out.lower().endswith(".xlsx"):
        data = eval_templates.template_xlsx(args.kind, args.entity, name, units, year, current_lang())
    else:
        data = eval_templates.template_csv(args.kind, args.entity, units, year, name)
    Path(args.out).write_bytes(data)
    print(t("cli_eval.template_done", path=args.out, units=len(units)))
    return EXIT_OK


def main(argv: list[str] | None = None) -> int:
    """Standalone entry point (until the main CLI registers these commands)."""
    p = argparse.ArgumentParser(prog="python -m berakhlak.cli.evaluation", description="internal evaluation tools")
    p.add_argument("--lang", choices=LANGS, default="id", help="language of messages (default id)")
    sub = p.add_subparsers(dest="command", required=True)
    commands: dict = {}
    register(sub, commands)
    args = p.parse_args(argv)
    set_lang(args.lang)
    try:
        return commands[args.command](args)
    except db.DatabaseError as exc:
        print(t(exc.key, **exc.params), file=sys.stderr)
        return EXIT_FAILURE
    except FileNotFoundError as exc:
        print(t("cli.file_missing", path=exc.filename or str(exc)), file=sys.stderr)
        return EXIT_FAILURE


if __name__ == "__main__":
    sys.exit(main())
