"""What the analysis pages compute from query results (berakhlak/views.py): changes that respect
the method break, the first→last line, the benchmark gaps and summary, and the downloads."""
from __future__ import annotations

import re

import pandas as pd

from berakhlak.present import views
from berakhlak.domain.rules import VALUE_CODES

NAMES_ID = dict(zip(VALUE_CODES, ["Berorientasi Pelayanan", "Akuntabel", "Kompeten", "Harmonis", "Loyal", "Adaptif",
                                  "Kolaboratif"]))
NAMES_EN = dict(zip(VALUE_CODES, ["Service-oriented", "Accountable", "Competent", "Harmonious", "Loyal", "Adaptive",
                                  "Collaborative"]))


def kalteng():
    return pd.DataFrame({"entity_code": ["62", "62"], "year": [2022, 2024], "method": ["ACT-2022", "BRIN-2024"],
                         "score": [59.5, 76.3]})


def test_first_last_of_published_kalteng_notes_the_break():
    fl = views.first_last(kalteng())
    assert fl == {"first_year": 2022, "first": 59.5, "last_year": 2024, "last": 76.3, "delta": 16.8,
                  "crosses_break": True, "methods": ["ACT-2022", "BRIN-2024"]}
    text = views.first_last_text("Kalimantan Tengah", fl, "id")
    assert text.startswith("Kalimantan Tengah: 59,5 (2022) → 76,3 (2024); +16,8 poin")
    assert "pergantian metode (ACT-2022 → BRIN-2024)" in text and "tidak sebanding" in text
    en = views.first_last_text("Kalimantan Tengah", fl, "en")
    assert en.startswith("Kalimantan Tengah: 59.5 (2022) → 76.3 (2024); +16.8 points") and "not directly comparable" in en


def test_first_last_within_one_method_has_no_break_note_and_skips_hidden_years():
    series = pd.DataFrame({"year": [2022, 2023, 2024], "method": ["BRIN-2024"] * 3, "score": [None, 70.04, 71.95]})
    fl = views.first_last(series)
    assert (fl["first_year"], fl["delta"], fl["crosses_break"]) == (2023, 2.0, False)  # 72,0 − 70,0, not 1,91
    assert "metode" not in views.first_last_text("X", fl, "id")
    assert views.first_last(series.iloc[:2]) is None  # one shown year: no change to tell


def test_changes_across_the_method_break_are_not_comparable():
    series = pd.DataFrame({"entity_code": "62", "year": [2022, 2023, 2024, 2025],
                           "method": ["ACT-2022", "ACT-2022", "BRIN-2024", "BRIN-2024"],
                           "score": [62.6, 63.8, 79.4, 81.3]})
    out = views.changes(series, ["score"]).set_index("year")
    assert out["comparable"].tolist() == [None, True, False, True]
    assert out["d_score"].tolist()[1:] == [1.2, None, 1.9] or (
        out.loc[2023, "d_score"] == 1.2 and pd.isna(out.loc[2024, "d_score"]) and out.loc[2025, "d_score"] == 1.9)
    assert out.loc[2023, "s_score"] == 1.2
    assert pd.isna(out.loc[2024, "s_score"]) and pd.isna(out.loc[2025, "s_score"])  # since 2022: other method
    assert out["comparable_first"].tolist() == [None, True, False, False]


def test_with_change_is_empty_for_every_entity_when_the_years_are_not_comparable():
    now = pd.DataFrame({"entity_code": ["62", "32"], "score": [79.4, 77.9]})
    before = pd.DataFrame({"entity_code": ["62", "32"], "score": [63.8, 66.1]})
    assert views.with_change(now, before, True)["change"].tolist() == [15.6, 11.8]
    assert views.with_change(now, before, False)["change"].isna().all()


def test_leader_is_the_first_ranked_other_than_the_home_entity():
    frame = pd.DataFrame({"entity_code": ["32", "62", "35"], "entity_name": ["Jawa Barat", "Kalimantan Tengah", "Jawa Timur"],
                          "rank": [1, 2, None]})
    assert views.leader(frame) == "32"
    assert views.leader(frame, exclude="32") == "62"
    assert views.leader(frame.iloc[2:]) is None


def gaps_of(home: dict, bench: dict, names=NAMES_ID):
    return views.benchmark_gaps(pd.Series(home), pd.Series(bench), names)


def test_gaps_are_benchmark_minus_home_from_the_rounded_figures_largest_lead_first():
    home = {"BP": 70.04, "AK": 80.0, "KO": 65.0, "HA": 72.5, "LO": 75.0, "AD": 60.0, "KL": None}
    bench = {"BP": 71.95, "AK": 78.0, "KO": 71.2, "HA": 72.5, "LO": 75.0, "AD": 66.24, "KL": 80.0}
    gaps = gaps_of(home, bench)
    assert gaps["value_code"].tolist() == ["KO", "AD", "BP", "HA", "LO", "AK", "KL"]  # ties in official order
    gap = gaps.set_index("value_code")["gap"]
    # BP: 72,0 − 70,0 as shown (not 71,95 − 70,04 = 1,91)
    assert gap.drop("KL").to_dict() == {"KO": 6.2, "AD": 6.2, "BP": 2.0, "HA": 0.0, "LO": 0.0, "AK": -2.0}
    assert pd.isna(gap["KL"])


def test_the_summary_uses_only_the_numbers_shown_in_the_ui_language():
    home = {"BP": 70.0, "AK": 80.0, "KO": 65.0, "HA": 72.5, "LO": 75.0, "AD": 60.0, "KL": 79.95}
    bench = {"BP": 71.9, "AK": 78.0, "KO": 71.2, "HA": 72.5, "LO": 76.0, "AD": 66.2, "KL": 80.0}
    gaps = gaps_of(home, bench)
    text = views.benchmark_summary(gaps, home="Kalimantan Tengah", bench="Jawa Barat", year=2024, lang="id",
                                   index_gap=1.4)
    assert text.startswith("Pada 2024, Jawa Barat unggul paling besar pada Kompeten (+6,2 poin), lalu Adaptif "
                           "(+6,2 poin) dan Berorientasi Pelayanan (+1,9 poin).")
    assert "Kalimantan Tengah unggul pada Akuntabel (+2,0 poin)." in text
    # 79,95 shows as 80,0: level; Loyal's gap of exactly 1 point is not "setara" (< 1 is).
    assert "Setara (selisih kurang dari 1 poin) pada Harmonis dan Kolaboratif." in text
    assert "Loyal" not in text.split("Setara")[1]
    assert text.endswith("Indeks Jawa Barat lebih tinggi 1,4 poin.")
    shown = {f"{abs(g):.1f}".replace(".", ",") for g in gaps["gap"].dropna()} | {"1,4"}
    numbers = set(re.findall(r"\d+,\d", text))
    assert numbers <= shown, numbers - shown
    en = views.benchmark_summary(gaps_of(home, bench, NAMES_EN), home="Kalimantan Tengah", bench="Jawa Barat",
                                 year=2024, lang="en", index_gap=-0.5)
    assert en.startswith("In 2024, Jawa Barat leads most on Competent (+6.2 points), then Adaptive (+6.2 points)")
    # An index gap of 0,5 is "setara" (rules.SETARA_POINTS), not a lead.
    assert en.endswith("Both indices are level (a gap of 0.5 points, under 1).")
    assert not re.search(r"\bpoin\b|unggul", en)


def test_the_summary_says_what_is_missing():
    gaps = gaps_of({"HA": 72.5}, {"BP": 60.0})
    text = views.benchmark_summary(gaps, home="Kalimantan Tengah", bench="Jawa Timur", year=2022, lang="id",
                                   index_gap=1.7)
    assert text == ("Pada 2022 tidak ada nilai yang tersedia untuk Kalimantan Tengah dan Jawa Timur sekaligus. "
                    "Indeks Jawa Timur lebih tinggi 1,7 poin.")
    partial = views.benchmark_summary(gaps_of({"HA": 72.5, "AD": 50.0}, {"HA": 70.0, "AD": 55.0}), home="A", bench="B",
                                      year=2022, lang="id")
    assert "Tanpa data untuk keduanya: Berorientasi Pelayanan, Akuntabel, Kompeten, Loyal dan Kolaboratif." in partial


def test_a_studi_banding_file_has_fixed_headers_and_one_type_per_column():
    table = pd.DataFrame({"code": ["IDX", "BP"], "label": ["Indeks BerAKHLAK", "Berorientasi Pelayanan"],
                          "home": [76.3, None], "bench": [74.1, 70.0], "national": [None, 68.2], "gap": [-2.2, None]})
    home = pd.Series({"entity_name": '=HYPERLINK("http://x","y")', "respondents": 7819.0, "method": "BRIN-2024"})
    bench = pd.Series({"entity_name": "Jawa Barat", "respondents": float("nan"), "method": "BRIN-2024"})
    frame = views.benchmark_file(table, home, bench, 2024, "id")
    assert list(frame.columns) == ["Ukuran", "Kode", "Skor instansi asal", "Skor pembanding",
                                   "Selisih (pembanding − asal)", "Rata-rata nasional", "Instansi asal",
                                   "Instansi tujuan (pembanding)", "Tahun", "Metode instansi asal",
                                   "Metode pembanding", "Responden instansi asal", "Responden pembanding"]
    assert frame["Skor instansi asal"].dtype == float and frame["Tahun"].tolist() == [2024, 2024]
    assert frame["Responden instansi asal"].tolist() == [7819, 7819] and frame["Responden pembanding"].isna().all()
    assert set(frame["Instansi asal"]) == {'=HYPERLINK("http://x","y")'}  # a value (neutralised by the writer)


def test_a_column_of_numbers_and_words_becomes_two_columns_in_a_file():
    frame = pd.DataFrame({"Tahun": [2023, 2024], "Perubahan": [1.5, "tidak sebanding"], "Catatan": ["a", ""]})
    out = views.one_type_per_column(frame, "id")
    assert list(out.columns) == ["Tahun", "Perubahan", "Perubahan (keterangan)", "Catatan"]
    assert out["Perubahan"].tolist()[0] == 1.5 and pd.isna(out["Perubahan"].tolist()[1])
    assert out["Perubahan (keterangan)"].tolist()[1] == "tidak sebanding"



def test_a_gap_under_one_point_is_setara_never_a_lead():
    home = {"BP": 70.0, "AK": 80.0, "KO": 65.0, "HA": 72.5, "LO": 75.0, "AD": 60.0, "KL": 79.0}
    bench = {"BP": 70.5, "AK": 79.6, "KO": 65.9, "HA": 72.0, "LO": 75.4, "AD": 60.9, "KL": 79.1}
    text = views.benchmark_summary(gaps_of(home, bench), home="A", bench="B", year=2024, lang="id", index_gap=0.9)
    assert "unggul paling" not in text and "A unggul" not in text
    assert text.startswith("Pada 2024, B tidak unggul pada nilai mana pun.")
    assert "Indeks keduanya setara (selisih 0,9 poin, kurang dari 1)." in text


def _level(rows):
    return pd.DataFrame(rows, columns=["entity_code", "entity_name", "level", "batch", "idx", "respondents"])


def test_briefing_peers_are_of_the_same_batch_and_of_a_similar_size():
    level = _level([
        ("62", "Kalteng", "provinsi", "tengah", 76.34, 6000),
        ("32", "Jabar", "provinsi", "barat", 80.0, 9000),      # the benchmark: left out
        ("63", "Kalsel", "provinsi", "tengah", 78.06, 12000),
        ("64", "Kaltim", "provinsi", "tengah", 74.0, 5900),
        ("65", "Kaltara", "provinsi", "tengah", None, 6000),   # hidden or no index: never a peer
        ("11", "Aceh", "provinsi", "barat", 70.0, 6100),
        ("12", "Sumut", "provinsi", "barat", 71.0, 3000),
    ])
    peers = views.briefing_peers(level, "62", exclude=["32"], most=2)
    assert list(peers["batch"]["entity_code"]) == ["63", "64"]           # Tengah, highest index first
    assert list(peers["batch"]["gap"]) == [1.8, -2.3]                     # from the rounded figures
    assert list(peers["size"]["entity_code"]) == ["11", "12"]            # nearest n, not the batch's again
    assert "32" not in set(peers["batch"]["entity_code"]) | set(peers["size"]["entity_code"])


def test_ministries_share_the_central_batch_and_an_unknown_count_gives_no_size_peers():
    level = _level([("KL1", "A", "kementerian", None, 70.0, None), ("KL2", "B", "lembaga", None, 72.0, 400),
                    ("62", "Kalteng", "provinsi", "tengah", 76.0, 6000)])
    peers = views.briefing_peers(level, "KL1")
    assert list(peers["batch"]["entity_code"]) == ["KL2"]
    assert peers["size"].empty
    assert views.briefing_peers(level, "XX")["batch"].empty  # the home not in the frame


def test_the_benchmarks_action_items_put_the_values_it_leads_on_first():
    items = pd.DataFrame({
        "item_id": [1, 2, 3], "entity_code": ["32.B1", "32.B2", "32.B1"],
        "entity_name": ["Biro Hukum", "Biro Umum", "Biro Hukum"], "value_code": ["KO", "LO", None],
        "value_name_id": ["Kompeten", "Loyal", None], "value_name_en": ["Competent", "Loyal", None],
        "value_ord": [3, 5, None], "action": ["Pelatihan", "Apel", "Umum"], "owner": ["Kabag", "Kabag", "Kabag"],
        "due_date": ["2024-12-31", None, "2025-03-31"], "status": ["hijau", "merah", "kuning"]})
    out = views.bench_actions(items, ["LO"], "id")
    assert list(out["Aksi"]) == ["Apel", "Pelatihan", "Umum"]
    assert list(out["Status"]) == ["Merah", "Hijau", "Kuning"]
    assert list(out["Tenggat"]) == ["–", "31-12-2024", "31-03-2025"]
