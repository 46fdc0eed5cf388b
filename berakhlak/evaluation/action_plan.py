"""The Rencana Aksi (action plan) of the internal evaluation: items per instansi or unit and
year, each with a value, an action, an owner, a due date, a status (merah = a shortfall,
kuning = not yet optimal, hijau = done), evidence and a reviewer note.

Every change goes through `add_item`, `update_item`, `delete_item` or `import_actions`, each in
one transaction with its log rows in action_change (who, when, what, old, new). Who may call them
is decided by the caller (the UI's admin check; the CLI is trusted like the importer's CLI).
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date, datetime

import duckdb
import pandas as pd

from berakhlak.data import db
from berakhlak.ingest import importer
from berakhlak.evaluation.internal import _headers, read_eval_table
from berakhlak.ingest.headers import canonical, is_metadata
from berakhlak.ingest.headers import fold as _fold
from berakhlak.ingest.importer import ImportReport, Problem
from berakhlak.ingest.problems import text_problems
from berakhlak.domain.rules import NATIONAL_CODE, VALUE_CODES, YEAR_RANGE

STATUSES = ("merah", "kuning", "hijau")
STATUS_ALIASES = {"merah": "merah", "red": "merah", "kuning": "kuning", "yellow": "kuning",
                  "hijau": "hijau", "green": "hijau", "selesai": "hijau"}
EDITABLE = ("value_code", "action", "owner", "due_date", "status", "evidence", "reviewer_note")
ACTION_REQUIRED = ("entity_code", "year", "action", "status")
ACTION_OPTIONAL = ("item_id", "value_code", "owner", "due_date", "evidence", "reviewer_note")
# Reserved datasets hold the published figures and the synthetic demo: not edited by hand.
READ_ONLY_DATASETS = importer.RESERVED_DATASETS


class EditRefused(Exception):
    """An edit that cannot be made; `problems` say why (message keys with parameters)."""

    def __init__(self, problems: list[Problem]):
        super().__init__("; ".join(p.key for p in problems))
        self.problems = problems


def action_header(header: str) -> str:
    return canonical(header, "actions")


def parse_date(text) -> date | None:
    """'2025-03-31', '2025-03-31 00:00:00' (Excel), '31/03/2025', '31-03-2025' -> a date;
    empty -> None; anything else raises ValueError."""
    if text is None or isinstance(text, date):
        return text if not isinstance(text, datetime) else text.date()
    s = str(text).strip()
    if not s:
        return None
    for pattern, order in ((r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00)?)?", "ymd"),
                           (r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", "dmy")):
        m = re.fullmatch(pattern, s)
        if m:
            a, b, c = (int(g) for g in m.groups())
            return date(a, b, c) if order == "ymd" else date(c, b, a)
    raise ValueError(s)


@dataclass
class Item:
    """The editable fields of an action item, normalised."""

    value_code: str | None
    action: str
    owner: str | None
    due_date: date | None
    status: str
    evidence: str | None
    reviewer_note: str | None

    def as_text(self) -> dict[str, str | None]:
        return {k: _text(getattr(self, k)) for k in EDITABLE}


def _text(v) -> str | None:
    if v is None or (isinstance(v, float) and pd.isna(v)) or v is pd.NaT:
        return None
    if isinstance(v, (datetime, pd.Timestamp)):
        return v.date().isoformat()
    if isinstance(v, date):
        return v.isoformat()
    s = str(v).strip()
    return s or None


def normalise(fields: dict) -> tuple[Item | None, list[Problem]]:
    """Check and normalise the editable fields (from a form or a file row)."""
    problems = []
    aliases = importer.value_aliases()
    raw_value = _text(fields.get("value_code"))
    value = aliases.get(_fold(raw_value)) if raw_value else None
    if raw_value and value is None:
        problems.append(Problem("import.unknown_value", None, "value_code",
                                {"value": raw_value, "allowed": ", ".join(VALUE_CODES)}))
    action = _text(fields.get("action"))
    if not action:
        problems.append(Problem("import.required", None, "action"))
    raw_status = _text(fields.get("status")) or ""
    status = STATUS_ALIASES.get(_fold(raw_status))
    if status is None:
        problems.append(Problem("action.bad_status", None, "status", {"value": raw_status}))
    try:
        due = parse_date(fields.get("due_date"))
    except ValueError:
        due = None
        problems.append(Problem("action.bad_date", None, "due_date",
                                {"value": importer._show(fields.get("due_date"))}))
    for column in ("action", "owner", "evidence", "reviewer_note"):
        problems += text_problems(_text(fields.get(column)), column)
    if problems:
        return None, problems
    return Item(value, action, _text(fields.get("owner")), due, status,
                _text(fields.get("evidence")), _text(fields.get("reviewer_note"))), []


def _check_target(con, dataset: str, entity_code: str, year) -> list[Problem]:
    problems = []
    if dataset in READ_ONLY_DATASETS or not importer.dataset_writable(dataset):
        problems.append(Problem("action.read_only_dataset", params={"name": dataset or ""}))
    known = db.query(con, "entity_list_all").set_index("code")
    if entity_code not in known.index or entity_code == NATIONAL_CODE:
        problems.append(Problem("eval.unknown_entity", None, "entity_code", {"value": entity_code}))
    if not (isinstance(year, int) and YEAR_RANGE[0] <= year <= YEAR_RANGE[1]):
        problems.append(Problem("import.year_range", None, "year",
                                {"value": year, "low": YEAR_RANGE[0], "high": YEAR_RANGE[1]}))
    return problems


def _log(con, *, dataset, item_id, entity_code, year, action, who, change, field, old, new, via) -> None:
    db.execute(con, "action_log", dataset=dataset, item_id=int(item_id), entity_code=entity_code,
               year=int(year), action=action, who=who, change=change, field=field,
               old_value=old, new_value=new, via=via)


def _insert(con, dataset, entity_code, year, item: Item, who, via) -> int:
    db.execute(con, "action_dataset_ensure", dataset=dataset)
    new = db.query_here(con, "action_insert", dataset=dataset, entity_code=entity_code, year=int(year),
                        **{k: getattr(item, k) for k in EDITABLE})
    item_id = int(new.iloc[0, 0])
    _log(con, dataset=dataset, item_id=item_id, entity_code=entity_code, year=year, action=item.action,
         who=who, change="tambah", field="*", old=None,
         new=json.dumps(item.as_text(), ensure_ascii=False), via=via)
    return item_id


def _update(con, current: pd.Series, item: Item, who, via) -> list[str]:
    old = {k: _text(current[k]) for k in EDITABLE}
    new = item.as_text()
    changed = [k for k in EDITABLE if old[k] != new[k]]
    if not changed:
        return []
    db.execute(con, "action_update", item_id=int(current["item_id"]), **{k: getattr(item, k) for k in EDITABLE})
    for k in changed:
        _log(con, dataset=current["dataset"], item_id=current["item_id"], entity_code=current["entity_code"],
             year=current["year"], action=item.action, who=who, change="ubah", field=k,
             old=old[k], new=new[k], via=via)
    return changed


def get_item(con: duckdb.DuckDBPyConnection, item_id: int) -> pd.Series | None:
    found = db.query_here(con, "action_item_get", item_id=int(item_id))
    return None if found.empty else found.iloc[0]


def add_item(con: duckdb.DuckDBPyConnection, dataset: str, entity_code: str, year: int, fields: dict,
             *, who: str, via: str = "ui") -> int:
    """A new item; returns its id. Raises EditRefused with every problem."""
    item, problems = normalise(fields)
    problems = _check_target(con, dataset, entity_code, year) + problems
    if problems:
        raise EditRefused(problems)
    with db.transaction(con):
        return _insert(con, dataset, entity_code, year, item, who, via)


def update_item(con: duckdb.DuckDBPyConnection, item_id: int, fields: dict, *, who: str,
                via: str = "ui") -> list[str]:
    """Change an item: `fields` are the editable fields (those not given keep their value).
    Returns the fields that changed (nothing is logged when none did)."""
    current = get_item(con, item_id)
    if current is None:
        raise EditRefused([Problem("action.unknown_item", params={"id": item_id})])
    if current["dataset"] in READ_ONLY_DATASETS:
        raise EditRefused([Problem("action.read_only_dataset", params={"name": current["dataset"]})])
    merged = {k: current[k] for k in EDITABLE} | fields
    item, problems = normalise(merged)
    if problems:
        raise EditRefused(problems)
    with db.transaction(con):
        return _update(con, current, item, who, via)


def delete_item(con: duckdb.DuckDBPyConnection, item_id: int, *, who: str, via: str = "ui") -> None:
    """Remove an item; the log keeps what it was."""
    current = get_item(con, item_id)
    if current is None:
        raise EditRefused([Problem("action.unknown_item", params={"id": item_id})])
    if current["dataset"] in READ_ONLY_DATASETS:
        raise EditRefused([Problem("action.read_only_dataset", params={"name": current["dataset"]})])
    old = json.dumps({k: _text(current[k]) for k in EDITABLE}, ensure_ascii=False)

    def run():
        db.execute(con, "action_delete", item_id=int(item_id))
        _log(con, dataset=current["dataset"], item_id=item_id, entity_code=current["entity_code"],
             year=current["year"], action=current["action"], who=who, change="hapus", field="*",
             old=old, new=None, via=via)

    with db.transaction(con):
        run()


# --- import from a file ----------------------------------------------------------------------

def import_actions(con: duckdb.DuckDBPyConnection, content: bytes, file_name: str, *,
                   dataset: str = "main", dry_run: bool = False, who: str | None = None,
                   via: str = "impor", allow_reserved: bool = False) -> ImportReport:
    """Validate an action-plan file and, when it has no problem, add or update its items.
    A row updates the item with its `item_id` or, without one, the item of the same unit, year
    and action text; otherwise it adds one. A re-import of the same file changes nothing."""
    report = importer.new_report(dataset, file_name, importer.checksum(content), dry_run=dry_run,
                                 allow_reserved=allow_reserved)
    if report.problems:
        return report
    raw, problems = read_eval_table(content, file_name, action_header, ("entity_code", "year"))
    if report.stops(problems):
        return report
    headers, problems = _headers(raw, action_header)
    missing = [c for c in ACTION_REQUIRED if c not in headers]
    if missing:
        problems.append(Problem("eval.missing_columns", params={"columns": ", ".join(missing)}))
    if report.stops(problems):
        return report
    known_cols = set(ACTION_REQUIRED) | set(ACTION_OPTIONAL) | {"entity_name", "overdue"}
    ignored = [str(headers[h]) for h in headers if h not in known_cols and not is_metadata(headers[h])]
    if ignored:
        report.warnings.append(Problem("import.ignored_columns", params={"columns": ", ".join(ignored)}))
    report.rows = len(raw)
    entities = db.query(con, "entity_list_all").set_index("code")
    existing = db.query(con, "action_items_of_dataset", dataset=dataset)
    by_id = existing.set_index("item_id")
    by_key = {(r.entity_code, int(r.year), r.action.strip().casefold()): r.item_id for r in existing.itertuples()}
    planned, seen = [], {}
    for i, row in raw.iterrows():
        n = int(i) + 2
        cell = {c: str(row[headers[c]]).strip() if c in headers else "" for c in ACTION_REQUIRED + ACTION_OPTIONAL}
        where = {c: str(headers.get(c, c)) for c in cell}
        row_problems = []
        code = cell["entity_code"]
        if not code:
            row_problems.append(Problem("import.required", n, where["entity_code"]))
        elif code not in entities.index or code == NATIONAL_CODE:
            row_problems.append(Problem("eval.unknown_entity", n, where["entity_code"], {"value": code}))
        year = None
        if not cell["year"]:
            row_problems.append(Problem("import.required", n, where["year"]))
        elif not re.fullmatch(r"\d{4}", cell["year"]):
            row_problems.append(Problem("import.bad_year", n, where["year"], {"value": importer._show(cell["year"])}))
        elif not YEAR_RANGE[0] <= int(cell["year"]) <= YEAR_RANGE[1]:
            row_problems.append(Problem("import.year_range", n, where["year"],
                                        {"value": cell["year"], "low": YEAR_RANGE[0], "high": YEAR_RANGE[1]}))
        else:
            year = int(cell["year"])
        # Columns the file lacks keep the item's current value when it updates one.
        given = {c: cell[c] for c in EDITABLE if c in headers}
        item, field_problems = normalise(given)
        for p in field_problems:
            row_problems.append(Problem(p.key, n, where.get(p.column, p.column), p.params))
        item_id = None
        if cell["item_id"]:
            if not re.fullmatch(r"\d+", cell["item_id"]) or int(cell["item_id"]) not in by_id.index:
                row_problems.append(Problem("action.unknown_item_in_file", n, where["item_id"],
                                            {"value": importer._show(cell["item_id"]), "dataset": dataset}))
            else:
                item_id = int(cell["item_id"])
                known_item = by_id.loc[item_id]
                if code and (known_item["entity_code"] != code or (year and int(known_item["year"]) != year)):
                    row_problems.append(Problem("action.item_moved", n, where["item_id"], {"value": item_id}))
        if not row_problems and item_id is None:
            item_id = by_key.get((code, year, item.action.casefold()))
        if not row_problems and item_id is not None and len(given) < len(EDITABLE):
            item, _ = normalise({k: by_id.loc[item_id, k] for k in EDITABLE} | given)
        if not row_problems:
            key = item_id if item_id is not None else (code, year, item.action.casefold())
            if key in seen:
                row_problems.append(Problem("action.duplicate_row", n, where["action"], {"other": seen[key]}))
            seen[key] = n
        if row_problems:
            order = {str(c): i for i, c in enumerate(raw.columns)}
            report.problems += sorted(row_problems, key=lambda p: order.get(p.column or "", -1))
            continue
        if item_id is None:
            status = "added"
        else:
            old = {k: _text(by_id.loc[item_id, k]) for k in EDITABLE}
            status = "unchanged" if old == item.as_text() else "replaced"
        planned.append({"row": n, "entity_code": code, "entity_name": entities.loc[code, "name"], "year": year,
                        "item_id": item_id, "action": item.action, "status_item": item.status,
                        "status": status, "_item": item})
    plan = pd.DataFrame(planned, columns=["row", "entity_code", "entity_name", "year", "item_id", "action",
                                          "status_item", "status", "_item"])
    if report.problems:
        return report
    report.plan = plan.drop(columns="_item")
    counts = plan["status"].value_counts()
    report.added = int(counts.get("added", 0))
    report.replaced = int(counts.get("replaced", 0))
    report.unchanged = int(counts.get("unchanged", 0))
    if dry_run or plan.empty:
        return report
    who = who or "impor"

    def run():
        db.execute(con, "action_import_log", dataset=dataset, who=who, file_name=file_name,
                   checksum=report.checksum, added=report.added, replaced=report.replaced,
                   unchanged=report.unchanged)
        for r in planned:
            if r["status"] == "added":
                _insert(con, dataset, r["entity_code"], r["year"], r["_item"], who, via)
            elif r["status"] == "replaced":
                _update(con, get_item(con, r["item_id"]), r["_item"], who, via)
        return db.latest_import_id(con)

    with db.transaction(con):
        report.import_id = run()
    return report


def items(con: duckdb.DuckDBPyConnection, dataset: str, instansi: str, year: int, today: date) -> pd.DataFrame:
    """The items of an instansi and its units for a year, with their unit and an overdue flag."""
    return db.query(con, "action_items", dataset=dataset, instansi=instansi, year=int(year), today=today)


def changes(con: duckdb.DuckDBPyConnection, dataset: str, instansi: str, year: int) -> pd.DataFrame:
    """The edit log of an instansi's plan for a year, newest first."""
    return db.query(con, "action_changes", dataset=dataset, instansi=instansi, year=int(year))
