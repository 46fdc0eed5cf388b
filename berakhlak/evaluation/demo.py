"""Deterministic **synthetic** data for the internal evaluation, in the `demo` dataset (always
labelled "data sintetis (ilustrasi)" in the app):

* an individual survey of the 9 Setda bureaus of every province, 2024–2026: respondents per
  bureau-year drawn log-uniform in 8–60, with about 1 in 12 bureau-years at 3–4 respondents (so that
  suppression shows), ratings 1–5 around a bureau level and a value profile (Adaptif lowest), about
  2% of the answers missing. It goes through the same import and aggregation as a real file;
* an evidence checklist for each province and each bureau: 8 illustrative criteria (ours, not an
  official list) with weights summing to 100; evidence names start with "sintetis/";
* a Rencana Aksi per bureau-year aimed at its weaker values, with a status history up to
  DEMO_AS_OF that ends in the item's current status (who = "demo (sintetis)").

Everything comes from one numpy Generator seeded with DEMO_EVAL_SEED, in a fixed order.
"""
from __future__ import annotations

from datetime import date, datetime, timedelta
from itertools import pairwise

import duckdb
import numpy as np
import pandas as pd

from berakhlak.data import db
from berakhlak.ingest import importer
from berakhlak.evaluation.internal import (
    BEHAVIOUR_ITEMS,
    import_checklist_table,
    import_survey_table,
)
from berakhlak.domain.rules import VALUE_CODES

DEMO_EVAL_SEED = 20240715  # the evaluation week of July 2024
DEMO_DATASET = "demo"
EVAL_YEARS = (2024, 2025, 2026)
DEMO_WHO = "demo (sintetis)"
# The synthetic history stops here (no change is dated later), so the demo never shows a change
# from the future; each item's status is its last status on this date.
DEMO_AS_OF = datetime(2026, 11, 1)
EVIDENCE_PREFIX = "sintetis/"
# Value offsets of the mean rating (Adaptif lowest, Akuntabel highest, as in the national demo).
_VALUE_OFFSET = np.array([0.00, 0.20, -0.12, 0.05, 0.15, -0.25, 0.00])
_BASE_RATING, _UNIT_SD, _UNIT_VALUE_SD, _ANSWER_SD = 3.75, 0.22, 0.2, 0.85
_YEAR_STEP = 0.07
_MISSING_P = 0.02
_LOW_RESPONSE_P = 1 / 12

# Illustrative criteria of the institutional assessment (bukti dukung) with their weights.
CRITERIA = (
    ("Tim budaya kerja / agen perubahan ditetapkan dengan SK", 15, "SK_Tim_Budaya_Kerja"),
    ("Rencana aksi penguatan budaya kerja disusun dan disahkan", 15, "Rencana_Aksi"),
    ("Internalisasi nilai BerAKHLAK (sosialisasi, apel, media internal)", 10, "Dokumentasi_Internalisasi"),
    ("Pimpinan menjadi teladan (role model) dan memantau pelaksanaan", 10, "Notulen_Pemantauan_Pimpinan"),
    ("Laporan pemantauan rencana aksi per triwulan", 15, "Laporan_Triwulan"),
    ("Inovasi budaya kerja diterapkan di unit", 10, "Laporan_Inovasi"),
    ("Penghargaan bagi pegawai yang menerapkan nilai BerAKHLAK", 10, "SK_Penghargaan"),
    ("Survei internal dilaksanakan dan hasilnya ditindaklanjuti", 15, "Laporan_Survei_Internal"),
)
_REVIEWER_NOTES = (
    "Bukti belum lengkap: lampiran kegiatan belum ada.",
    "Dokumen belum ditandatangani pimpinan.",
    "Perlu bukti pelaksanaan, bukan hanya rencana.",
)
# Action bank per value: actions a bureau might plan against a weak value.
ACTIONS = {
    "BP": ("Survei kepuasan layanan internal setiap triwulan", "Standar waktu layanan naskah dinas masuk dan keluar"),
    "AK": ("Pemantauan capaian kinerja harian melalui aplikasi kinerja", "Pakta integritas dan sosialisasi pelaporan gratifikasi"),
    "KO": ("Program berbagi pengetahuan (coaching) bulanan", "Pelatihan kompetensi teknis bagi staf pelaksana"),
    "HA": ("Forum apresiasi dan kebersamaan pegawai bulanan", "Kanal penyelesaian keluhan dan konflik kerja"),
    "LO": ("Internalisasi nilai kebangsaan dalam apel pagi", "Pedoman pengamanan dokumen rahasia jabatan"),
    "AD": ("Forum ide inovasi bulanan", "Uji coba digitalisasi tata naskah dinas"),
    "KL": ("Rapat koordinasi lintas biro setiap bulan", "Tim kerja lintas unit untuk program prioritas"),
}
_OWNERS = ("Kepala Bagian Tata Usaha", "Kepala Bagian Perencanaan", "Kepala Subbagian Umum",
           "Analis SDM Aparatur", "Kepala Bagian Program")


def generate(units: pd.DataFrame, seed: int = DEMO_EVAL_SEED) -> dict[str, pd.DataFrame]:
    """The three synthetic tables for `units` (code, name, parent_code of the Setda bureaus):
    survey (one row per respondent, strings as in a file), checklist, actions and history."""
    rng = np.random.default_rng(seed)
    n_units, n_years, n_values = len(units), len(EVAL_YEARS), len(VALUE_CODES)
    unit_level = rng.normal(0, _UNIT_SD, n_units)
    unit_value = rng.normal(0, _UNIT_VALUE_SD, (n_units, n_values))
    mu = (_BASE_RATING + unit_level[:, None, None] + unit_value[:, None, :] + _VALUE_OFFSET[None, None, :]
          + _YEAR_STEP * np.arange(n_years)[None, :, None])  # (unit, year, value)
    size = np.exp(rng.uniform(np.log(8), np.log(60), (n_units, n_years)))
    low = rng.random((n_units, n_years)) < _LOW_RESPONSE_P
    n_resp = np.where(low, rng.integers(3, 5, (n_units, n_years)), np.rint(size)).astype(int)

    # --- survey: one row per respondent ---------------------------------------------------
    unit_idx = np.repeat(np.repeat(np.arange(n_units), n_years), n_resp.ravel())
    year_idx = np.repeat(np.tile(np.arange(n_years), n_units), n_resp.ravel())
    n = len(unit_idx)
    person = rng.normal(0, 0.35, n)  # respondents differ in overall leniency
    item_mu = np.repeat(mu[unit_idx, year_idx, :], 3, axis=1) + person[:, None]
    ratings = np.clip(np.rint(item_mu + rng.normal(0, _ANSWER_SD, (n, len(BEHAVIOUR_ITEMS)))), 1, 5).astype(int)
    cells = ratings.astype(str).astype(object)
    cells[rng.random(cells.shape) < _MISSING_P] = ""
    survey = pd.DataFrame(cells, columns=list(BEHAVIOUR_ITEMS))
    survey.insert(0, "year", np.array(EVAL_YEARS)[year_idx].astype(str))
    survey.insert(0, "unit_code", units["code"].to_numpy()[unit_idx])
    survey.insert(0, "respondent_id", [f"D{i:06d}" for i in range(1, n + 1)])

    # --- checklist: each province and each bureau, every year ------------------------------
    instansi = units["parent_code"].drop_duplicates().tolist()
    entities = instansi + units["code"].tolist()
    propensity = rng.uniform(0.3, 0.8, len(entities))
    rows = []
    for e, code in enumerate(entities):
        for y, year in enumerate(EVAL_YEARS):
            p_ada = min(0.9, propensity[e] + 0.05 * y)
            draw = rng.random(len(CRITERIA))
            for k, (criterion, weight, stem) in enumerate(CRITERIA):
                status = "ada" if draw[k] < p_ada else ("sebagian" if draw[k] < p_ada + (1 - p_ada) / 2 else "tidak_ada")
                evidence = f"{EVIDENCE_PREFIX}{stem}_{code}_{year}.pdf" if status != "tidak_ada" else ""
                note = _REVIEWER_NOTES[(e + k + y) % len(_REVIEWER_NOTES)] if status == "sebagian" else ""
                rows.append((code, str(year), str(k + 1), criterion, str(weight),
                             status.replace("_", " "), evidence, note))
    checklist = pd.DataFrame(rows, columns=["entity_code", "year", "item_no", "criterion", "weight",
                                            "status", "evidence", "reviewer_note"])

    # --- action plan with history: per bureau-year, 2 actions on its 2 weakest values ---------
    items, history = [], []
    for u in range(n_units):
        code = units["code"].iloc[u]
        for y, year in enumerate(EVAL_YEARS):
            weakest = np.argsort(mu[u, y, :], kind="stable")[:2]
            for j, v in enumerate(weakest):
                value = VALUE_CODES[v]
                action = ACTIONS[value][(u + y + j) % 2]
                created = datetime(year, 7, 22 + j, 9, 0)
                # Due at the end of a quarter within the year after the evaluation.
                quarter_end = ((year, 9, 30), (year, 12, 31), (year + 1, 3, 31), (year + 1, 6, 30))
                due = date(*quarter_end[int(rng.integers(0, 2)) + 2 * j])
                # Older plans are mostly done; the latest has a mix.
                p_done = (0.85, 0.6, 0.2)[y]
                r = rng.random()
                final = "hijau" if r < p_done else ("kuning" if r < p_done + (1 - p_done) * 0.6 else "merah")
                first = "merah" if rng.random() < 0.5 else "kuning"
                path = [first] + (["kuning"] if first == "merah" and final != "merah" else [])
                if final == "hijau":
                    path.append("hijau")
                if final == "kuning" and path[-1] != "kuning":
                    path.append("kuning")
                steps, when = [], created
                for old, new in pairwise(path):
                    when = when + timedelta(days=int(rng.integers(45, 120)))
                    if when <= DEMO_AS_OF:
                        steps.append((when, old, new))
                status = steps[-1][2] if steps else first
                items.append({"entity_code": code, "year": year, "value_code": value, "action": action,
                              "owner": _OWNERS[(u + j) % len(_OWNERS)], "due_date": due, "status": status,
                              "evidence": f"{EVIDENCE_PREFIX}Bukti_{value}_{code}_{year}.pdf" if status == "hijau" else None,
                              "reviewer_note": None, "created_at": created,
                              "updated_at": steps[-1][0] if steps else created})
                history.append({"entity_code": code, "year": year, "action": action, "changed_at": created,
                                "change": "tambah", "field": "*", "old_value": None,
                                "new_value": f'{{"value_code": "{value}", "status": "{first}"}}'})
                for when, old, new in steps:
                    history.append({"entity_code": code, "year": year, "action": action, "changed_at": when,
                                    "change": "ubah", "field": "status", "old_value": old, "new_value": new})
    return {"survey": survey, "checklist": checklist, "actions": pd.DataFrame(items),
            "history": pd.DataFrame(history)}


def load_demo_eval(con: duckdb.DuckDBPyConnection, seed: int = DEMO_EVAL_SEED, *, dataset: str = DEMO_DATASET,
                   units: pd.DataFrame | None = None, label: str = "demo") -> bool:
    """Load the synthetic evaluation into `dataset` once (idempotent). Returns whether it loaded
    anything. By default the demo dataset and the Setda bureaus of every province
    (queries/eval_demo_units.sql); the benchmarks pass the units of another synthetic dataset
    (berakhlak/scale.py). `label` starts the file names in the import log."""
    if units is None:
        units = db.query(con, "eval_demo_units")
    if units.empty:
        return False
    digest = importer.checksum(f"demo-eval:{seed}:{len(units)}".encode())
    # The action plan is written last: its log row marks a complete load.
    if db.import_seen(con, dataset, digest + ":actions"):
        return False
    data = generate(units, seed)
    report = import_survey_table(con, data["survey"], file_name=f"{label} evaluasi internal (seed {seed})",
                                 content_checksum=digest, dataset=dataset, who="init",
                                 allow_reserved=True)
    if not report.ok:
        raise RuntimeError("demo survey does not validate: " + "; ".join(p.message("en") for p in report.problems[:5]))
    report = import_checklist_table(con, data["checklist"], file_name=f"{label} bukti dukung (seed {seed})",
                                    content_checksum=digest + ":checklist", dataset=dataset, who="init",
                                    allow_reserved=True)
    if not report.ok:
        raise RuntimeError("demo checklist does not validate: " + "; ".join(p.message("en") for p in report.problems[:5]))
    with db.transaction(con, demo_actions=data["actions"], demo_history=data["history"]):
        db.execute(con, "action_demo_write", dataset=dataset, who=DEMO_WHO,
                   file_name=f"{label} rencana aksi (seed {seed})", checksum=digest + ":actions",
                   added=len(data["actions"]))
    return True
