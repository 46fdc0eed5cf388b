"""The Rencana Aksi: every change logged (who, when, what, old, new), imports that re-run
cleanly, the read-only demo, overdue items, and the synthetic history."""
from __future__ import annotations

import json
from datetime import date, datetime

import pandas as pd
import pytest
from conftest import ADMIN_PASSWORD as PASSWORD
from test_evaluation import open_page, page_text

from berakhlak.evaluation import action_plan as ap
from berakhlak.data import db

ITEM = {"value_code": "Adaptif", "action": "Forum ide inovasi bulanan", "owner": "Kabag TU",
        "due_date": "31/03/2025", "status": "merah"}


def log(con, year: int = 2024) -> pd.DataFrame:
    return ap.changes(con, "main", "62", year).sort_values("change_id").reset_index(drop=True)


def test_adding_an_item_logs_who_when_and_the_item(con):
    before = datetime.now()
    item_id = ap.add_item(con, "main", "62.B7", 2024, ITEM, who="Rina (admin)")
    entries = log(con)
    assert len(entries) == 1
    e = entries.iloc[0]
    assert (e["who"], e["change"], e["field"], e["item_id"], e["via"]) == ("Rina (admin)", "tambah", "*", item_id, "ui")
    assert pd.Timestamp(e["changed_at"]) >= pd.Timestamp(before).floor("s")
    assert pd.isna(e["old_value"])
    assert json.loads(e["new_value"]) == {"value_code": "AD", "action": "Forum ide inovasi bulanan",
                                          "owner": "Kabag TU", "due_date": "2025-03-31", "status": "merah",
                                          "evidence": None, "reviewer_note": None}
    # The new item is in the user's dataset, which now exists.
    assert "main" in set(db.query(con, "dataset_list")["name"])


def test_an_update_logs_one_row_per_changed_field_with_old_and_new(con):
    item_id = ap.add_item(con, "main", "62.B7", 2024, ITEM, who="Rina")
    changed = ap.update_item(con, item_id, {"status": "kuning", "reviewer_note": "Sudah berjalan 2 kali",
                                            "owner": "Kabag TU"}, who="Budi")
    assert changed == ["status", "reviewer_note"]  # the owner did not change: not logged
    entries = log(con).iloc[1:].astype(object)
    entries = entries.where(entries.notna(), None)
    assert entries[["who", "change", "field", "old_value", "new_value"]].to_dict("records") == [
        {"who": "Budi", "change": "ubah", "field": "status", "old_value": "merah", "new_value": "kuning"},
        {"who": "Budi", "change": "ubah", "field": "reviewer_note", "old_value": None,
         "new_value": "Sudah berjalan 2 kali"},
    ]
    item = ap.get_item(con, item_id)
    assert item["status"] == "kuning"


def test_an_update_that_changes_nothing_logs_nothing(con):
    item_id = ap.add_item(con, "main", "62.B7", 2024, ITEM, who="Rina")
    assert ap.update_item(con, item_id, {"status": "merah", "due_date": "2025-03-31"}, who="Budi") == []
    assert len(log(con)) == 1


def test_a_delete_is_logged_with_what_the_item_was(con):
    item_id = ap.add_item(con, "main", "62.B7", 2024, ITEM, who="Rina")
    ap.delete_item(con, item_id, who="Budi")
    assert ap.get_item(con, item_id) is None
    last = log(con).iloc[-1]
    assert (last["who"], last["change"], last["action"]) == ("Budi", "hapus", "Forum ide inovasi bulanan")
    assert json.loads(last["old_value"])["status"] == "merah"
    with pytest.raises(ap.EditRefused):
        ap.update_item(con, item_id, {"status": "hijau"}, who="Budi")


def test_a_refused_edit_reports_every_problem_and_changes_nothing(con):
    with pytest.raises(ap.EditRefused) as refused:
        ap.add_item(con, "main", "62.B7", 2024, {"action": " ", "status": "biru", "due_date": "besok",
                                                 "value_code": "XX"}, who="Rina")
    keys = [p.key for p in refused.value.problems]
    assert keys == ["import.unknown_value", "import.required", "action.bad_status", "action.bad_date"]
    assert log(con).empty


def test_the_demo_and_published_datasets_cannot_be_edited(con):
    demo_item = int(con.execute("SELECT min(item_id) FROM action_item WHERE dataset = 'demo'").fetchall()[0][0])
    with pytest.raises(ap.EditRefused) as refused:
        ap.update_item(con, demo_item, {"status": "hijau"}, who="x")
    assert refused.value.problems[0].key == "action.read_only_dataset"
    with pytest.raises(ap.EditRefused):
        ap.add_item(con, "published", "62", 2024, ITEM, who="x")


def test_overdue_means_past_due_and_not_green(con):
    ap.add_item(con, "main", "62.B1", 2024, {**ITEM, "action": "A", "due_date": "2025-01-31", "status": "kuning"}, who="t")
    ap.add_item(con, "main", "62.B1", 2024, {**ITEM, "action": "B", "due_date": "2025-01-31", "status": "hijau"}, who="t")
    ap.add_item(con, "main", "62.B1", 2024, {**ITEM, "action": "C", "due_date": "2025-03-01", "status": "merah"}, who="t")
    ap.add_item(con, "main", "62.B1", 2024, {**ITEM, "action": "D", "due_date": "", "status": "merah"}, who="t")
    items = ap.items(con, "main", "62", 2024, today=date(2025, 2, 1)).set_index("action")
    assert items["overdue"].to_dict() == {"A": True, "B": False, "C": False, "D": False}
    # Red first on the board.
    assert items.index[0] in ("C", "D")


ACTIONS_CSV = """kode,tahun,nilai,aksi,penanggung_jawab,tenggat,status,bukti_dukung
62.B2,2024,KO,Program coaching bulanan,Kabag Umum,2025-06-30,kuning,
62.B3,2024,Adaptif,Uji coba tata naskah digital,Kabag TU,31/12/2024,merah,
"""


def test_import_adds_then_a_reimport_changes_nothing(con):
    report = ap.import_actions(con, ACTIONS_CSV.encode(), "ra.csv", dataset="main", who="Rina")
    assert report.ok and (report.added, report.replaced, report.unchanged) == (2, 0, 0)
    again = ap.import_actions(con, ACTIONS_CSV.encode(), "ra.csv", dataset="main", who="Rina")
    assert (again.added, again.replaced, again.unchanged) == (0, 0, 2)
    assert len(log(con)) == 2  # only the two additions
    assert set(log(con)["via"]) == {"impor"}


def test_an_import_updates_the_matching_item_and_logs_the_change(con):
    ap.import_actions(con, ACTIONS_CSV.encode(), "ra.csv", dataset="main", who="Rina")
    # A later file with only the columns to change: the others keep their value.
    update = "kode,tahun,aksi,status,bukti_dukung\n62.B2,2024,program coaching bulanan,hijau,laporan.pdf\n"
    report = ap.import_actions(con, update.encode(), "ra2.csv", dataset="main", who="Budi")
    assert report.ok and report.replaced == 1
    item = ap.items(con, "main", "62", 2024, date(2025, 1, 1)).set_index("entity_code").loc["62.B2"]
    assert (item["status"], item["owner"], item["evidence"]) == ("hijau", "Kabag Umum", "laporan.pdf")
    status_rows = log(con).query("field == 'status'")
    assert status_rows[["who", "old_value", "new_value"]].values.tolist() == [["Budi", "kuning", "hijau"]]


def test_import_problems_name_row_and_column(con):
    bad = ("kode,tahun,nilai,aksi,tenggat,status\n"
           "62.B2,2024,XX,Aksi,2025-13-45,ungu\n"
           "ZZ,20x4,KO,,2025-01-01,merah\n")
    report = ap.import_actions(con, bad.encode(), "ra.csv", dataset="main", who="x")
    msgs = [p.message("id") for p in report.problems]
    assert msgs[:3] == [
        "Baris 2, kolom 'nilai': nilai 'XX' tidak dikenal. Pilihan: BP, AK, KO, HA, LO, AD, KL (atau nama nilainya, mis. Berorientasi Pelayanan).",
        "Baris 2, kolom 'tenggat': '2025-13-45' bukan tanggal (contoh: 2025-03-31 atau 31/03/2025).",
        "Baris 2, kolom 'status': status 'ungu' tidak dikenal. Pilihan: merah, kuning, hijau.",
    ]
    assert [p.column for p in report.problems if p.row == 3] == ["kode", "tahun", "aksi"]
    assert log(con).empty


def test_demo_history_ends_in_each_items_current_status(built_db):
    con = db.connect(str(built_db), read_only=True)
    try:
        items = ap.items(con, "demo", "62", 2025, date(2026, 11, 23))
        history = ap.changes(con, "demo", "62", 2025)
        assert len(items) == 18 and set(history["who"]) == {"demo (sintetis)"}
        for item in items.itertuples():
            steps = history[(history["item_id"] == item.item_id)].sort_values("change_id")
            status_steps = steps[steps["field"] == "status"]
            last = status_steps["new_value"].iloc[-1] if len(status_steps) else json.loads(
                steps["new_value"].iloc[0])["status"]
            assert last == item.status
        # 2025 plans are due by mid-2026: the ones not green are overdue on 23 Nov 2026.
        assert (items["overdue"] == (items["status"] != "hijau")).all()
    finally:
        con.close()


# --- the Rencana Aksi page (AppTest) -------------------------------------------------------------

def test_page_counts_the_plan_and_flags_overdue_items(app_env):
    at = open_page("pages/action_plan.py", {"entity": "62", "year": "2025"})
    con = db.connect(str(app_env), read_only=True)
    try:
        items = ap.items(con, "demo", "62", 2025, date.today())
    finally:
        con.close()
    metrics = {m.label: m.value for m in at.metric}
    for status, label in (("merah", "Merah"), ("kuning", "Kuning"), ("hijau", "Hijau")):
        assert metrics[label] == str(int((items["status"] == status).sum()))
    assert metrics["Lewat tenggat"] == str(int(items["overdue"].sum()))
    text = page_text(at)
    assert f"Merah ({int((items['status'] == 'merah').sum())})" in text
    assert "Lewat tenggat" in text
    history = next(d.value for d in at.dataframe if "Menjadi" in d.value.columns)
    assert len(history) >= len(items)  # every item has at least its creation
    # The demo cannot be edited.
    assert "Dataset 'demo' tidak dapat diubah" in text


def test_an_admin_changes_a_status_on_the_page_and_it_is_logged(app_rw):
    con = db.connect(str(app_rw))
    assert ap.import_actions(con, ACTIONS_CSV.encode(), "ra.csv", dataset="main", who="Rina").ok
    item_id = int(ap.items(con, "main", "62", 2024, date.today()).query("entity_code == '62.B2'")["item_id"].iloc[0])
    con.close()
    at = open_page("pages/action_plan.py", {"ds": "main", "entity": "62", "year": "2024"})
    labels = [b.label for b in at.button]
    assert "Masuk" in labels and "Simpan perubahan" not in labels  # not signed in: no edit form
    at.text_input(key="admin_name").set_value("Budi")
    at.text_input(key="admin_password").set_value(PASSWORD)
    next(b for b in at.button if b.label == "Masuk").click().run()
    at.selectbox(key="edit_item").set_value(item_id).run()
    at.selectbox(key=f"edit_{item_id}_status").set_value("hijau")
    at.text_input(key=f"edit_{item_id}_evidence").set_value("laporan-coaching.pdf")
    next(b for b in at.button if b.label == "Simpan perubahan").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert f"Butir #{item_id} diubah (status, bukti dukung)" in page_text(at)
    con = db.connect(str(app_rw), read_only=True)
    try:
        entries = ap.changes(con, "main", "62", 2024)
    finally:
        con.close()
    last = entries[entries["who"] == "admin (Budi)"].sort_values("change_id").astype(object)
    last = last.where(last.notna(), None)
    assert last[["field", "old_value", "new_value"]].values.tolist() == [
        ["status", "kuning", "hijau"], ["evidence", None, "laporan-coaching.pdf"]]


def test_timeline_and_value_chart_count_what_the_board_shows(con):
    from berakhlak.present import charts_eval

    ap.add_item(con, "main", "62.B1", 2024, {**ITEM, "action": "A", "due_date": "2025-01-31", "status": "kuning"}, who="t")
    ap.add_item(con, "main", "62.B2", 2024, {**ITEM, "action": "B", "due_date": "2025-03-31", "status": "merah",
                                             "value_code": "KO"}, who="t")
    ap.add_item(con, "main", "62.B3", 2024, {**ITEM, "action": "C", "due_date": "", "status": "hijau",
                                             "value_code": ""}, who="t")
    items = ap.items(con, "main", "62", 2024, today=date(2025, 2, 15))
    fig = charts_eval.action_timeline(items, "id", date(2025, 2, 15))
    assert sorted(tr.name for tr in fig.data) == ["Kuning", "Merah"]  # C has no due date
    assert [a.text for a in fig.layout.annotations if a.text == "Lewat tenggat"] == ["Lewat tenggat"]  # A only
    values = charts_eval.status_by_value(items, db.query(con, "value_list"), "id")
    counts = {tr.name: dict(zip(tr.y, tr.x)) for tr in values.data}
    assert counts["Merah"]["Kompeten"] == 1 and counts["Kuning"]["Adaptif"] == 1
    assert counts["Hijau"]["Umum (semua nilai)"] == 1


# --- the change log in words, and the plan as a file ------------------------------------------

VALUE_NAMES = {"AD": "Adaptif", "KO": "Kompeten"}


def test_the_change_log_reads_as_words_not_json(con):
    from berakhlak.present import action_tables

    item_id = ap.add_item(con, "main", "62.B7", 2024, ITEM, who="Rina")
    ap.update_item(con, item_id, {"status": "kuning", "due_date": "30/06/2025", "value_code": "KO"}, who="Budi")
    ap.delete_item(con, item_id, who="Sari")
    frame = action_tables.edit_log(log(con), "id", VALUE_NAMES)
    rows = frame.to_dict("records")
    assert not any("{" in str(v) or '"' in str(v) for r in rows for v in r.values())  # no JSON anywhere
    added, *changes, deleted = rows
    assert added["Baru"] == ("Status: Merah · Nilai BerAKHLAK: Adaptif · Aksi: Forum ide inovasi bulanan · "
                             "Penanggung jawab: Kabag TU · Tenggat: 31-03-2025")
    assert added["Lama"] == "–" and added["Perubahan"] == "tambah" and added["Kolom"] == "seluruh butir"
    assert {(r["Kolom"], r["Lama"], r["Baru"]) for r in changes} == {
        ("nilai", "Adaptif", "Kompeten"), ("tenggat", "31-03-2025", "30-06-2025"), ("status", "Merah", "Kuning")}
    assert deleted["Lama"].startswith("Status: Kuning · Nilai BerAKHLAK: Kompeten") and deleted["Baru"] == "–"
    en = action_tables.edit_log(log(con), "en", {"AD": "Adaptive", "KO": "Competent"})
    assert en.iloc[0]["New"].startswith("Status: Red · BerAKHLAK value: Adaptive") and "Field" in en.columns
    history = action_tables.status_history(log(con), "id")
    assert list(history["Menjadi"]) == ["Merah", "Kuning"] and list(history["Dari"]) == ["–", "Merah"]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("lang", ["id", "en"])
def test_the_exported_plan_says_where_it_comes_from_and_imports_back_unchanged(con, fmt, lang):
    from filecheck import live_cells, text_of

    from berakhlak.present import action_tables, output

    assert ap.import_actions(con, ACTIONS_CSV.encode(), "ra.csv", dataset="main", who="Rina").ok
    items = ap.items(con, "main", "62", 2024, date.today())
    about = action_tables.about("main", "user", "62", "Kalimantan Tengah", 2024, lang)
    frame = action_tables.items_file(items, 2024, lang, VALUE_NAMES)
    data = output.write({"Rencana aksi": frame, "Riwayat": action_tables.edit_log(log(con), lang, VALUE_NAMES,
                                                                                  for_file=True)}, fmt, about)
    name = f"x.{fmt}"
    assert live_cells(data, name) == []
    assert "urn:berakhlak:rencana-aksi:main:62:2024" in text_of(data, name) and "SINTETIS" not in text_of(data, name)
    again = ap.import_actions(con, data, name, dataset="main", who="Rina", dry_run=True)
    assert again.ok, again.problems[:3]
    assert (again.added, again.replaced, again.unchanged) == (0, 0, len(items)) and not again.warnings


def test_the_page_offers_the_plan_as_files_and_shows_the_log_in_words(app_env):
    at = open_page("pages/action_plan.py", {"entity": "62", "year": "2025"})
    labels = [b.proto.label for b in at.get("download_button")]
    assert "Unduh rencana aksi (CSV)" in labels and "Unduh rencana aksi dan riwayatnya (XLSX)" in labels
    full_log = next(d.value for d in at.dataframe if "Baru" in d.value.columns)
    assert len(full_log) and not full_log["Baru"].str.contains("{", regex=False).any()
    assert full_log["Baru"].str.contains("Status: ").any()
