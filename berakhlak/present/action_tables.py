"""The Rencana Aksi (action plan) as people read it: the change log in words (field names,
statuses, values and dates as the page shows them, never the JSON the log stores), the history
of status changes, and the items and the log as files (written by present/output.py).

Pure: frames from the queries action_items / action_changes in, frames out.

The items file uses the action-plan template's column names (id_butir, kode, nama, tahun, nilai,
aksi, penanggung_jawab, tenggat, status, bukti_dukung, catatan_reviewer; in English the
importer's own names: item_id, entity_code, …), so that a plan exported, edited in a spreadsheet
and imported again updates its items by id (the importer reads the status and the value in either
language, and ignores the writer's metadata columns and the derived `terlambat` / `overdue`)."""
from __future__ import annotations

import json

import pandas as pd

from berakhlak.i18n import t

STATUS_WORD = {"en": {"merah": "red", "kuning": "yellow", "hijau": "green"}}


def fmt_date(d, lang: str | None = None) -> str:
    """31-03-2025 (the page's date format in both languages), '–' when missing."""
    if d is None or (not isinstance(d, str) and pd.isna(d)):
        return "–"
    try:
        return pd.Timestamp(d).strftime("%d-%m-%Y")
    except (ValueError, TypeError):
        return str(d)


def value_text(field: str, raw, lang: str, value_names: dict[str, str]) -> str:
    """One logged value as the page shows it: a status by its name, a value by its name, a date
    as 31-03-2025, an empty value as '–'."""
    if raw is None or (not isinstance(raw, str) and pd.isna(raw)) or raw == "":
        return t("action.value_general", lang) if field == "value_code" else "–"
    if field == "status":
        return t(f"action.status.{raw}", lang) if raw in ("merah", "kuning", "hijau") else str(raw)
    if field == "value_code":
        return value_names.get(raw, str(raw))
    if field == "due_date":
        return fmt_date(raw, lang)
    return str(raw)


def change_text(field: str, raw, lang: str, value_names: dict[str, str]) -> str:
    """The old or new side of a log row in words. A whole item (added or deleted: the log keeps
    its fields as JSON) becomes 'Status: Merah · Nilai BerAKHLAK: Adaptif · Aksi: … · …',
    with only the fields that have a value."""
    if field != "*":
        return value_text(field, raw, lang, value_names)
    if raw is None or (not isinstance(raw, str) and pd.isna(raw)) or raw == "":
        return "–"
    try:
        item = json.loads(raw)
    except (TypeError, ValueError):
        return str(raw)
    if not isinstance(item, dict):
        return str(raw)
    order = ["status", "value_code", "action", "owner", "due_date", "evidence", "reviewer_note"]
    parts = []
    for k in order + [k for k in item if k not in order]:
        v = item.get(k)
        if v in (None, "") and k != "value_code":
            continue
        label = t(f"action.col.{_COL.get(k, k)}", lang) if k in _COL else k
        parts.append(f"{label}: {value_text(k, v, lang, value_names)}")
    return " · ".join(parts) or "–"


_COL = {"status": "status", "value_code": "value", "action": "action", "owner": "owner", "due_date": "due",
        "evidence": "evidence", "reviewer_note": "note"}


def edit_log(log: pd.DataFrame, lang: str, value_names: dict[str, str], *, for_file: bool = False) -> pd.DataFrame:
    """The full change log: when, who, what kind of change, the item, the field, old and new in
    words, through what. On screen the time is text (31-03-2025 14:05); in a file it is a time."""
    when = pd.to_datetime(log["changed_at"])
    return pd.DataFrame({
        t("action.col.when", lang): when if for_file else when.dt.strftime("%d-%m-%Y %H:%M"),
        t("action.col.who", lang): log["who"],
        t("action.col.change", lang): log["change"].map(lambda c: t(f"action.change.{c}", lang)),
        t("action.col.item", lang): "#" + log["item_id"].astype(str) + " · " + log["action"].fillna(""),
        t("action.col.field", lang): log["field"].map(lambda f: t(f"action.field.{f}", lang)),
        t("action.col.old", lang): [change_text(f, v, lang, value_names) for f, v in zip(log["field"], log["old_value"])],
        t("action.col.new", lang): [change_text(f, v, lang, value_names) for f, v in zip(log["field"], log["new_value"])],
        t("action.col.via", lang): log["via"],
    })


def status_history(log: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The status changes (and the status an item was added with), newest first."""
    rows = []
    for r in log.itertuples():
        if r.change == "tambah":
            try:
                before, after = None, json.loads(r.new_value).get("status")
            except (TypeError, ValueError, AttributeError):
                continue
        elif r.field == "status":
            before, after = r.old_value, r.new_value
        else:
            continue
        rows.append({t("action.col.when", lang): pd.Timestamp(r.changed_at).strftime("%d-%m-%Y %H:%M"),
                     t("action.col.unit", lang): r.entity_name, t("action.col.action", lang): r.action,
                     t("action.col.from", lang): value_text("status", before, lang, {}),
                     t("action.col.to", lang): value_text("status", after, lang, {}),
                     t("action.col.who", lang): r.who})
    return pd.DataFrame(rows)


def items_file(items: pd.DataFrame, year: int, lang: str, value_names: dict[str, str]) -> pd.DataFrame:
    """The items as a file: the template's columns (importable again), the due date as a date,
    and whether each item is overdue."""
    status = items["status"].map(lambda s: STATUS_WORD.get(lang, {}).get(s, s))
    due = pd.to_datetime(items["due_date"], errors="coerce")
    frame = pd.DataFrame({
        "id_butir": pd.array(items["item_id"], dtype="Int64"),
        "kode": items["entity_code"],
        "nama": items["entity_name"],
        "tahun": pd.array([int(year)] * len(items), dtype="Int64"),
        "nilai": [value_names.get(v, v) if isinstance(v, str) else None for v in items["value_code"]],
        "aksi": items["action"],
        "penanggung_jawab": items["owner"],
        "tenggat": [d.date() if pd.notna(d) else None for d in due],
        "status": status,
        "bukti_dukung": items["evidence"],
        "catatan_reviewer": items["reviewer_note"],
        "terlambat": [t("output.yes" if o else "output.no", lang) for o in items["overdue"]],
    })
    return frame.rename(columns=ENGLISH_HEADERS) if lang == "en" else frame


# The importer's own (English) names of the template's columns: an English file imports too.
ENGLISH_HEADERS = {"id_butir": "item_id", "kode": "entity_code", "nama": "entity_name", "tahun": "year",
                   "nilai": "value", "aksi": "action", "penanggung_jawab": "owner", "tenggat": "due_date",
                   "status": "status", "bukti_dukung": "evidence", "catatan_reviewer": "reviewer_note",
                   "terlambat": "overdue"}


def about(dataset: str, kind: str, instansi: str, instansi_name: str, year: int, lang: str):
    """What an action-plan file says about itself: the plan recorded in this app (synthetic in
    the demo), the evaluation method, the date."""
    from berakhlak.present import output

    return output.About(
        dataset=dataset, lang=lang, title=f"{t('action.title', lang)}: {instansi_name}, {year}",
        synthetic=kind == "synthetic", label=output.dataset_label(dataset, kind, lang),
        sources=(output.Source(f"urn:berakhlak:rencana-aksi:{dataset}:{instansi}:{year}",
                               t("output.source.action_plan", lang), "internal"),),
        methods=(t("output.method.action_plan", lang),))
