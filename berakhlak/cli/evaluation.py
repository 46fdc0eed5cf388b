"""The internal evaluation's commands of `python -m berakhlak`: `eval-import`, `eval-summary`,
`eval-template` (registered by berakhlak.cli.main).

Exit codes as the main CLI: 0 success, 2 validation errors (every problem on stderr, nothing
written), 1 any other failure. The CLI is trusted like the main CLI's import: it needs no admin
password, and records who as "cli:<user>".
"""
from __future__ import annotations

import getpass
from pathlib import Path

from berakhlak.cli.common import EXIT_INVALID, EXIT_OK, Failure, emit, open_db, run_import, with_db
from berakhlak.data import db
from berakhlak.domain.rules import DEFAULT_MIN_RESPONDENTS
from berakhlak.i18n import fmt_int, fmt_num, t
KINDS = ("survey", "checklist", "actions")


def register(sub, commands: dict) -> None:
    """Add the evaluation commands to the main CLI's subparsers and command table."""

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
        raise Failure("cli_eval.bad_weights", EXIT_INVALID)
    con = open_db(args.db)  # reading only: works beside the running app
    try:
        result = evaluation.summary(con, args.dataset, args.entity, args.year, args.min_respondents, w)
    finally:
        con.close()
    if result["instansi"] is None:
        raise Failure("summary.unknown_entity", entity=args.entity)
    return emit(result, args.format, summary_text)


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

    con = open_db(args.db)  # reading only: works beside the running app
    try:
        every = db.query(con, "entity_list_all")
    finally:
        con.close()
    hit = every[every["code"] == args.entity]
    if hit.empty or hit.iloc[0]["level"] in ("unit", "nasional"):
        raise Failure("summary.unknown_entity", entity=args.entity)
    units = every[(every["parent_code"] == args.entity) & (every["level"] == "unit")]
    units = units.assign(_n=units["code"].str.len()).sort_values(["_n", "code"])[["code", "name"]]
    year = args.year or date.today().year
    name = hit.iloc[0]["name"]
    if args.out.lower().endswith(".xlsx"):
        data = eval_templates.template_xlsx(args.kind, args.entity, name, units, year, current_lang())
    else:
        data = eval_templates.template_csv(args.kind, args.entity, units, year, name, current_lang())
    Path(args.out).write_bytes(data)
    print(t("cli_eval.template_done", path=args.out, units=len(units)))
    return EXIT_OK
