"""Templates of the three import files of the internal evaluation (survey, evidence checklist,
action plan), as XLSX (with instructions, the unit list and the behaviours) or CSV, and small
**synthetic** sample files to try an import with. Pure: frames in, bytes out.

Written by the one writer (berakhlak/present/output.py): the CSV dialect of the language, every
text cell neutralised (a unit named "=HYPERLINK(…)" stays text). A template is a form, without
numbers, so it carries no About; a sample is synthetic and says so on every row (columns that
the evaluation's importers ignore)."""
from __future__ import annotations

import zlib

import pandas as pd

from berakhlak.evaluation.demo import CRITERIA, generate
from berakhlak.evaluation.internal import BEHAVIOUR_ITEMS
from berakhlak.i18n import current_lang, t
from berakhlak.present import output

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


def template_csv(kind: str, code: str, units: pd.DataFrame, year: int, name: str = "", lang: str | None = None) -> bytes:
    return output.csv(template_frame(kind, code, name or code, units, year), lang=lang or current_lang())


def template_xlsx(kind: str, code: str, name: str, units: pd.DataFrame, year: int, lang: str) -> bytes:
    """A workbook: instructions first, then the data sheet, the unit list and (for the survey)
    the 21 behaviours."""
    steps = [t(f"eval.tpl.{kind}.{i}", lang) for i in range(1, 5)]
    notes = pd.DataFrame({t("eval.tpl.instructions", lang): [t(f"eval.templates.{kind}", lang), *steps,
                                                             t("eval.tpl.common", lang)]})
    sheets = {"Petunjuk": notes, SHEETS[kind]: template_frame(kind, code, name, units, year),
              "Daftar unit": _entities(code, name, units).rename(columns={"code": "kode", "name": "nama"})}
    if kind in ("survey", "actions"):
        from berakhlak.paths import DATA_DIR

        behaviours = pd.read_csv(DATA_DIR / "behaviours.csv", dtype=str)
        text = "text_en" if lang == "en" else "text_id"
        sheets["Perilaku"] = pd.DataFrame({"kolom": behaviours["value_code"] + behaviours["ord"],
                                           "perilaku": behaviours[text]})
    return output.xlsx(sheets, lang=lang)


def sample_about(code: str, year: int, lang: str) -> output.About:
    """A sample is synthetic: every row says so."""
    return output.About(dataset=t("eval.templates.sample", lang), lang=lang, synthetic=True,
                        title=f"{t('eval.templates.sample', lang)}: {code}, {year}",
                        label=t("dataset.synthetic", lang),
                        sources=(output.Source(f"urn:berakhlak:demo:evaluasi:{code}:{year}",
                                               t("output.source.eval_sample", lang), "synthetic"),),
                        methods=(t("output.method.eval_sample", lang),))


def sample_csv(kind: str, code: str, units: pd.DataFrame, year: int, lang: str | None = None) -> bytes:
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
    return output.csv(out, sample_about(code, year, lang or current_lang()))
