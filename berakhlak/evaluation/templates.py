"""Templates of the three import files of the internal evaluation (survey, evidence checklist,
action plan), as XLSX (with instructions, the unit list and the behaviours) or CSV, and small
**synthetic** sample files to try an import with. Pure: frames in, bytes out."""
from __future__ import annotations

import io
import zlib

import pandas as pd

from berakhlak.evaluation.demo import CRITERIA, generate
from berakhlak.evaluation.internal import BEHAVIOUR_ITEMS
from berakhlak.i18n import t
from berakhlak.ingest.problems import CONTROL

COLUMNS = {
    "survey": ["id_responden", "kode_unit", "nama_unit", "tahun", *BEHAVIOUR_ITEMS],
    "checklist": ["kode", "nama", "tahun", "no", "kriteria", "bobot", "status", "bukti_dukung",
                  "catatan_reviewer"],
    "actions": ["id_butir", "kode", "nama", "tahun", "nilai", "aksi", "penanggung_jawab", "tenggat",
                "status", "bukti_dukung", "catatan_reviewer"],
}
SHEETS = {"survey": "Survei", "checklist": "Bukti dukung", "actions": "Rencana aksi"}


def _entities(code: str, name: str, units: pd.DataFrame) -> pd.DataFrame:
    """The instansi and its units. A control character in a name (a unit registered before
    imports refused them) becomes a space: a workbook cannot hold one."""
    out = pd.concat([pd.DataFrame({"code": [code], "name": [name]}), units[["code", "name"]]], ignore_index=True)
    return out.assign(name=out["name"].astype(str).str.replace(CONTROL, " ", regex=True))


def template_frame(kind: str, code: str, name: str, units: pd.DataFrame, year: int) -> pd.DataFrame:
    """The data sheet: headers only, except the checklist, prefilled with the example criteria
    and weights for the instansi and each unit (status and evidence left to fill in)."""
    if kind != "checklist":
        return pd.DataFrame(columns=COLUMNS[kind])
    rows = [
        {"kode": e.code, "nama": e.name, "tahun": year, "no": i, "kriteria": criterion, "bobot": weight,
         "status": "", "bukti_dukung": "", "catatan_reviewer": ""}
        for e in _entities(code, name, units).itertuples()
        for i, (criterion, weight, _stem) in enumerate(CRITERIA, start=1)
    ]
    return pd.DataFrame(rows, columns=COLUMNS[kind])


def template_csv(kind: str, code: str, units: pd.DataFrame, year: int, name: str = "") -> bytes:
    return template_frame(kind, code, name or code, units, year).to_csv(index=False).encode("utf-8")


def template_xlsx(kind: str, code: str, name: str, units: pd.DataFrame, year: int, lang: str) -> bytes:
    """A workbook: instructions first, then the data sheet, the unit list and (for the survey)
    the 21 behaviours."""
    buf = io.BytesIO()
    steps = [t(f"eval.tpl.{kind}.{i}", lang) for i in range(1, 5)]
    notes = pd.DataFrame({t("eval.tpl.instructions", lang): [t(f"eval.templates.{kind}", lang), *steps,
                                                             t("eval.tpl.common", lang)]})
    with pd.ExcelWriter(buf, engine="openpyxl") as xl:
        notes.to_excel(xl, sheet_name="Petunjuk", index=False)
        template_frame(kind, code, name, units, year).to_excel(xl, sheet_name=SHEETS[kind], index=False)
        _entities(code, name, units).rename(columns={"code": "kode", "name": "nama"}).to_excel(
            xl, sheet_name="Daftar unit", index=False)
        if kind in ("survey", "actions"):
            from berakhlak.paths import DATA_DIR

            behaviours = pd.read_csv(DATA_DIR / "behaviours.csv", dtype=str)
            text = "text_en" if lang == "en" else "text_id"
            pd.DataFrame({"kolom": behaviours["value_code"] + behaviours["ord"], "perilaku": behaviours[text]}).to_excel(
                xl, sheet_name="Perilaku", index=False)
        for sheet in xl.sheets.values():
            for column in sheet.columns:
                width = max(len(str(c.value or "")) for c in column)
                sheet.column_dimensions[column[0].column_letter].width = min(80, max(8, width + 2))
    return buf.getvalue()


def sample_csv(kind: str, code: str, units: pd.DataFrame, year: int) -> bytes:
    """A filled-in **synthetic** example for the instansi's units (to try the import); never real
    answers. Deterministic per instansi and year."""
    seed = zlib.crc32(f"{code}:{year}".encode())
    units = units.assign(parent_code=code)
    data = generate(units[["code", "name", "parent_code"]], seed=seed)
    if kind == "survey":
        frame = data["survey"]
        frame = frame[frame["year"] == frame["year"].iloc[0]].copy()
        frame["year"] = str(year)
        frame["respondent_id"] = "CONTOH-" + frame["respondent_id"]
        names = dict(zip(units["code"], units["name"]))
        out = pd.DataFrame({"id_responden": frame["respondent_id"], "kode_unit": frame["unit_code"],
                            "nama_unit": frame["unit_code"].map(names), "tahun": frame["year"]})
        out = pd.concat([out, frame[list(BEHAVIOUR_ITEMS)]], axis=1)
    elif kind == "checklist":
        frame = data["checklist"]
        frame = frame[frame["year"] == frame["year"].iloc[0]].copy()
        out = pd.DataFrame({"kode": frame["entity_code"], "tahun": str(year), "no": frame["item_no"],
                            "kriteria": frame["criterion"], "bobot": frame["weight"], "status": frame["status"],
                            "bukti_dukung": frame["evidence"], "catatan_reviewer": frame["reviewer_note"]})
    else:
        frame = data["actions"]
        # The latest demo year: a plan still under way, with red and yellow items.
        frame = frame[frame["year"] == frame["year"].max()].copy()
        shift = year - int(frame["year"].iloc[0])
        due = pd.to_datetime(frame["due_date"]) + pd.DateOffset(years=shift)
        out = pd.DataFrame({"kode": frame["entity_code"], "tahun": str(year), "nilai": frame["value_code"],
                            "aksi": frame["action"], "penanggung_jawab": frame["owner"],
                            "tenggat": due.dt.strftime("%Y-%m-%d"), "status": frame["status"],
                            "bukti_dukung": frame["evidence"].fillna("")})
    return out.to_csv(index=False).encode("utf-8")

