"""The chart builders of the analysis pages (berakhlak/charts.py), checked for what a user sees:
whole-year ticks, the category colours, the method gap, labels in the chosen language, and no
number on a suppressed cell."""
from __future__ import annotations

import json
import re

import pandas as pd
import pytest

from berakhlak.present import charts
from berakhlak.present import tilemap
from berakhlak.present.charts import BAND_COLORS
from berakhlak.domain.rules import VALUE_CODES

VALUES = pd.DataFrame({
    "code": list(VALUE_CODES), "ord": range(1, 8),
    "name_id": ["Berorientasi Pelayanan", "Akuntabel", "Kompeten", "Harmonis", "Loyal", "Adaptif", "Kolaboratif"],
    "name_en": ["Service-oriented", "Accountable", "Competent", "Harmonious", "Loyal", "Adaptive", "Collaborative"],
})


def kalteng_published() -> pd.DataFrame:
    """The published figures: 59.5 in 2022 (ACT-2022), 76.3 in 2024 (BRIN-2024)."""
    return pd.DataFrame({"entity_code": ["62", "62"], "entity_name": ["Kalimantan Tengah"] * 2,
                         "year": [2022, 2024], "method": ["ACT-2022", "BRIN-2024"], "score": [59.5, 76.3]})


def four_years(code="62", name="Kalimantan Tengah", base=60.0) -> pd.DataFrame:
    return pd.DataFrame({"entity_code": code, "entity_name": name, "year": [2022, 2023, 2024, 2025],
                         "method": ["ACT-2022", "ACT-2022", "BRIN-2024", "BRIN-2024"],
                         "score": [base, base + 1.2, base + 14.0, base + 15.5]})


def national() -> pd.DataFrame:
    return pd.DataFrame({"year": [2022, 2023, 2024, 2025], "method": ["ACT-2022", "ACT-2022", "BRIN-2024", "BRIN-2024"],
                         "score": [60.9, 61.1, 74.0, 75.8]})


def lines(fig):
    return [tr for tr in fig.data if tr.type == "scatter" and tr.x is not None and len([x for x in tr.x if x is not None]) > 0]


def texts(fig) -> str:
    """Every piece of text a user can read on the figure (titles, labels, annotations, ticks,
    legend entries, hover texts)."""
    return json.dumps(fig.to_plotly_json(), ensure_ascii=False)


def cells(matrix) -> list[list]:
    return [list(row) for row in matrix]


def x_axes(fig):
    return [getattr(fig.layout, k) for k in fig.layout.to_plotly_json() if k.startswith("xaxis")]


# --- whole years ------------------------------------------------------------------------------

@pytest.mark.parametrize("build", [
    lambda: charts.trend_chart(four_years(), "id", national=national()),
    lambda: charts.trend_chart(four_years(), "id", mode="change"),
    lambda: charts.value_small_multiples(
        pd.concat([four_years().assign(value_code=c) for c in VALUE_CODES]).merge(
            VALUES.rename(columns={"code": "value_code"})), "id"),
    lambda: charts.unit_small_multiples(pd.concat([four_years("62.B1", "Biro Hukum"), four_years("62.B2", "Biro Umum")]),
                                        "id", parent=national()),
])
def test_year_axes_show_whole_years_only(build):
    fig = build()
    for axis in x_axes(fig):
        assert list(axis.tickvals) == [2022, 2023, 2024, 2025]
        assert list(axis.ticktext) == ["2022", "2023", "2024", "2025"]
        assert axis.tickmode == "array"


def test_a_trend_with_a_missing_year_still_has_only_the_years_present():
    fig = charts.trend_chart(kalteng_published(), "id")
    assert list(fig.layout.xaxis.tickvals) == [2022, 2024]


# --- the method gap ---------------------------------------------------------------------------

def test_no_line_crosses_the_method_break_and_the_break_is_labelled():
    fig = charts.trend_chart(four_years(), "id", national=national())
    for tr in lines(fig):
        years = [x for x, y in zip(tr.x, tr.y) if y is not None]
        assert not (min(years) <= 2023 and max(years) >= 2024), f"{tr.name} is drawn across the break"
    vlines = [s for s in fig.layout.shapes if s.type == "line" and s.x0 == s.x1]
    assert [s.x0 for s in vlines] == [2023.5]
    assert any(a.text == "Metode berubah: BRIN-2024" for a in fig.layout.annotations)


def test_published_kalteng_is_two_points_with_a_gap_and_its_first_to_last_subtitle():
    fig = charts.trend_chart(kalteng_published(), "id",
                             subtitle="Kalimantan Tengah: 59,5 (2022) → 76,3 (2024); +16,8 poin<br>— melewati pergantian metode")
    entity = [tr for tr in lines(fig) if tr.name == "Kalimantan Tengah"]
    assert [list(tr.x) for tr in entity] == [[2022], [2024]]
    assert [list(tr.text) for tr in entity] == [["59,5"], ["76,3"]]
    # Between 2023 and 2024 (the new method's first year), not on 2023, the missing year.
    assert [s.x0 for s in fig.layout.shapes if s.type == "line"] == [2023.5]
    assert "59,5 (2022) → 76,3 (2024); +16,8 poin" in fig.layout.title.subtitle.text


def test_change_mode_measures_each_method_on_its_own_labelled():
    fig = charts.trend_chart(four_years(), "en", mode="change")
    (before, after) = [tr for tr in lines(fig) if tr.legendgroup == "62"]
    assert list(before.y) == [0.0, 1.2] and list(after.y) == [0.0, 1.5]
    # The first year of each method is the reference ("start", an open circle), not a 0.0 change.
    assert list(before.text) == ["start", "+1.2"] and list(after.text) == ["start", "+1.5"]
    assert list(after.marker.symbol) == ["circle-open", "circle"]
    assert set(after.customdata) == {"since 2024 (BRIN-2024)"}
    notes = [a.text for a in fig.layout.annotations]
    assert "ACT-2022: change since 2022" in notes and "BRIN-2024: change since 2024" in notes
    assert fig.layout.yaxis.title.text == "Change (points)"


def test_change_mode_never_draws_a_method_of_one_year_as_no_change():
    """The published Kalteng: 59.5 in 2022 (ACT-2022), 76.3 in 2024 (BRIN-2024): no method has two
    years, so there is no change to draw, and the chart says so for each, rather than two points
    at 0 that read as "no change"."""
    fig = charts.trend_chart(kalteng_published(), "id", mode="change")
    assert not [tr for tr in lines(fig) if tr.legendgroup == "62"]
    notes = [a.text for a in fig.layout.annotations]
    assert "ACT-2022: hanya 2022 — belum ada perubahan dalam metode ini" in notes
    assert "BRIN-2024: hanya 2024 — belum ada perubahan dalam metode ini" in notes
    assert "Metode berubah: BRIN-2024" in notes
    # The national line, two years of one method, is drawn from its own start.
    nat = charts.trend_chart(kalteng_published(), "id", mode="change",
                             national=national()[lambda f: f["year"] <= 2023])
    (line,) = [tr for tr in lines(nat) if tr.legendgroup == "national"]
    assert list(line.y) == [0.0, 0.2] and list(line.customdata) == ["awal · sejak 2022 (ACT-2022)",
                                                                     "+0,2 · sejak 2022 (ACT-2022)"]


def test_each_entity_keeps_its_colour_in_both_modes():
    series = pd.concat([four_years("62", "Kalimantan Tengah"), four_years("32", "Jawa Barat", 65.0)])
    for mode in ("absolute", "change"):
        fig = charts.trend_chart(series, "id", mode=mode)
        colour = {tr.name: tr.line.color for tr in lines(fig)}
        assert colour == {"Kalimantan Tengah": charts.SERIES_COLORS[0], "Jawa Barat": charts.SERIES_COLORS[1]}, mode


def test_small_multiples_keep_the_gap_in_every_panel():
    long = pd.concat([four_years().assign(value_code=c) for c in VALUE_CODES]).merge(
        VALUES.rename(columns={"code": "value_code"}))
    fig = charts.value_small_multiples(long, "id", national=long.assign(entity_code="ID")[["value_code", "year", "method", "score"]])
    for tr in lines(fig):
        years = [x for x, y in zip(tr.x, tr.y) if y is not None]
        assert not (min(years) <= 2023 and max(years) >= 2024)
    assert len([s for s in fig.layout.shapes if s.type == "line"]) == 7
    assert [a.text for a in fig.layout.annotations][:7] == list(VALUES["name_id"])


def test_slope_between_methods_is_marked_not_comparable():
    frame = pd.DataFrame({"entity_code": ["62", "32"], "entity_name": ["Kalimantan Tengah", "Jawa Barat"],
                          "score_a": [63.8, 66.1], "score_b": [79.4, 77.9]})
    fig = charts.slope_chart(frame, "id", year_a=2023, year_b=2024, comparable=False,
                             method_a="ACT-2022", method_b="BRIN-2024", highlight="62")
    assert any("Tidak sebanding: ACT-2022 → BRIN-2024" in a.text for a in fig.layout.annotations)
    assert all(tr.line.dash == "dash" for tr in lines(fig))
    comparable = charts.slope_chart(frame, "id", year_a=2023, year_b=2024, comparable=True)
    assert not any("sebanding" in (a.text or "") for a in comparable.layout.annotations)
    assert all(tr.line.dash == "solid" for tr in lines(comparable))


# --- the category colours ---------------------------------------------------------------------

def test_ranked_bars_use_the_category_colours_and_mark_the_national_average():
    frame = pd.DataFrame({"entity_code": list("abcd"), "entity_name": list("ABCD"), "score": [80.0, 74.95, 74.9, 30.0]})
    fig = charts.ranked_bars(frame, "id", national=61.1, highlight="c")
    bar = fig.data[0]
    by_name = dict(zip([n.replace("<b>", "").replace("</b>", "") for n in fig.layout.yaxis.ticktext], bar.marker.color))
    # 74.95 shows as 75.0, which is A; 74.9 is B.
    assert by_name == {"A": BAND_COLORS["A"], "B": BAND_COLORS["A"], "C": BAND_COLORS["B"], "D": BAND_COLORS["C"]}
    assert "<b>C</b>" in fig.layout.yaxis.ticktext  # the highlighted entity in bold
    assert any(a.text == "Nasional 61,1" for a in fig.layout.annotations)
    assert list(fig.layout.yaxis.ticktext)[-1] == "A"  # highest on top


def test_the_same_palette_on_every_chart():
    palette = set(BAND_COLORS.values())
    hist = charts.value_distribution(pd.DataFrame({"score": [30, 55, 60, 80, 90.0]}), "id")
    assert {tr.marker.color for tr in hist.data} <= palette and len(hist.data) == 3
    grid = charts.score_heatmap(pd.DataFrame({"entity_code": ["a"], "entity_name": ["A"], "idx": [80.0], "BP": [40.0],
                                              "respondents": [10], "suppressed": [False]}),
                                [("idx", "Indeks"), ("BP", "BP")], "id")
    scale_colors = {c for _v, c in grid.data[0].colorscale}
    assert set(BAND_COLORS.values()) <= scale_colors
    tiles = charts.tile_map(pd.DataFrame({"entity_code": ["62"], "entity_name": ["Kalimantan Tengah"], "score": [76.3],
                                          "status": ["ok"]}), tilemap.tiles(), "id", highlight="62")
    kalteng = [s for s in tiles.layout.shapes if s.line.width == 3]
    assert len(kalteng) == 1 and kalteng[0].fillcolor == BAND_COLORS["A"]


def test_heatmap_cells_are_coloured_by_their_category():
    frame = pd.DataFrame({"entity_code": ["a", "b"], "entity_name": ["A", "B"], "idx": [80.0, 45.0], "BP": [60.0, 10.0],
                          "respondents": [12, 40], "suppressed": [False, False]})
    fig = charts.score_heatmap(frame, [("idx", "Indeks"), ("BP", "BP")], "id")
    assert cells(fig.data[0].z) == [[0, 1], [2, 3]]  # A B / C D
    assert cells(fig.data[0].text) == [["80,0", "60,0"], ["45,0", "10,0"]]
    assert list(fig.layout.yaxis.ticktext) == ["A  ·  n=12", "B  ·  n=40"]
    labels = fig.data[1]  # the visible labels: dark text on the light cells, white on the dark one
    assert list(labels.text) == ["80,0", "60,0", "45,0", "10,0"]
    assert list(labels.textfont.color) == ["#FFFFFF", "#000000", "#000000", "#000000"]


def test_text_on_a_coloured_tile_has_the_better_contrast():
    assert charts.text_color(BAND_COLORS["A"]) == "#FFFFFF"
    assert charts.text_color(BAND_COLORS["B"]) == "#000000"
    assert charts.text_color(BAND_COLORS["C"]) == "#000000"


# --- labels in the chosen language -------------------------------------------------------------

@pytest.mark.parametrize("lang, national_name, number, method", [
    ("id", "Rata-rata nasional", "59,5", "Metode berubah: BRIN-2024"),
    ("en", "National average", "59.5", "Method changed: BRIN-2024"),
])
def test_labels_and_numbers_follow_the_language(lang, national_name, number, method):
    fig = charts.trend_chart(kalteng_published(), lang, national=national())
    shown = texts(fig)
    assert national_name in shown and number in shown and method in shown
    other = {"id": ["National average", "59.5", "Method changed"], "en": ["Rata-rata nasional", "59,5", "Metode berubah"]}
    assert not any(word in shown for word in other[lang])


def test_gap_chart_in_english_reads_largest_lead_first():
    frame = pd.DataFrame({"label": ["Adaptive", "Competent", "Loyal"], "gap": [6.2, 1.0, -2.5]})
    fig = charts.gap_bars(frame, "en", home="Kalimantan Tengah", bench="Jawa Barat")
    assert list(fig.layout.yaxis.ticktext) == ["Adaptive", "Competent", "Loyal"]
    assert fig.layout.yaxis.autorange == "reversed"  # the first row on top
    assert list(fig.data[0].text) == ["+6.2", "+1.0", "-2.5"]
    assert [tr.name for tr in fig.data[1:]] == ["Jawa Barat leads", "Kalimantan Tengah leads"]
    assert fig.data[0].marker.color[0] != fig.data[0].marker.color[2]


# --- no number on a suppressed cell -----------------------------------------------------------

def test_a_suppressed_row_shows_no_number_even_if_its_scores_were_passed():
    frame = pd.DataFrame({
        "entity_code": ["u1", "u2", "u3"], "entity_name": ["Biro Hukum", "Biro Umum", "Biro Organisasi"],
        "idx": [81.3, 87.65, 66.45], "BP": [80.0, 88.85, 64.25], "respondents": [34, 4, 7],
        "suppressed": [False, True, True], "suppression": [None, "primary", "complementary"],
    })
    fig = charts.score_heatmap(frame, [("idx", "Indeks"), ("BP", "Berorientasi<br>Pelayanan")], "id")
    heat = fig.data[0]
    assert cells(heat.text)[1:] == [["—", "—"], ["—", "—"]]
    assert list(heat.z[1]) == [4, 4]
    shown = texts(fig)
    for hidden in ("87,7", "87,6", "88,9", "88,8", "66,5", "66,4", "64,3", "64,2", "87.65", "88.85", "66.45", "64.25"):
        assert hidden not in shown
    hover = heat.hovertext
    assert "Disembunyikan: kurang responden" in hover[1][0]
    assert "pelengkap" in hover[2][0]
    assert not re.search(r"\d", hover[1][0] + hover[2][0])  # no digit at all in their hover
    assert fig.layout.yaxis.ticktext[1] == "Biro Umum  ·  n=4"  # n is still shown


def test_hidden_tiles_and_changes_show_a_mark_not_a_number():
    tiles = charts.tile_map(pd.DataFrame({"entity_code": ["62", "32"], "entity_name": ["Kalimantan Tengah", "Jawa Barat"],
                                          "score": [None, 77.9], "status": ["hidden", "ok"]}), tilemap.tiles(), "id")
    labels = {a.text.split("<br>")[0].replace("<b>", "").replace("</b>", ""): a.text for a in tiles.layout.annotations}
    assert labels["Kalteng"] == "<b>Kalteng</b><br>—"
    assert labels["Jabar"] == "<b>Jabar</b><br>77,9"
    change = charts.change_heatmap(pd.DataFrame({"entity_name": ["A", "B"], "idx": [None, -6.2]}), [("idx", "Indeks")],
                                   "id", flagged={(1, "idx")})
    assert cells(change.data[0].text) == [["—"], ["<b>▼ -6,2</b>"]]
    across = charts.change_heatmap(pd.DataFrame({"entity_name": ["A"], "idx": [3.0]}), [("idx", "Indeks")], "id",
                                   comparable=False)
    assert cells(across.data[0].text) == [["≠"]] and "3,0" not in texts(across)


def test_unit_trends_leave_hidden_years_as_gaps():
    series = four_years("62.B1", "Biro Hukum")
    series.loc[series["year"] == 2023, "score"] = None
    fig = charts.unit_small_multiples(series, "id")
    first = next(tr for tr in lines(fig) if tr.x is not None)
    assert list(first.x) == [2022, 2023] and pd.isna(first.y[1]) and first.connectgaps is False


# --- the tile grid ----------------------------------------------------------------------------

def test_the_tile_grid_places_the_38_provinces_once_each(built_db):
    from berakhlak.data import db

    grid = tilemap.tiles()
    con = db.connect(str(built_db), read_only=True)
    provinces = set(db.query(con, "province_list")["code"])
    con.close()
    assert len(grid) == 38 and set(grid["code"]) == provinces
    assert not grid.duplicated(["col", "row"]).any()
    assert grid["abbr"].str.len().max() <= 9  # short enough to fit a tile


def test_the_tile_grid_is_roughly_geographic():
    pos = tilemap.tiles().set_index("abbr")
    assert pos.loc["Aceh", "col"] < pos.loc["Jabar", "col"] < pos.loc["Papua", "col"]  # west to east
    assert pos.loc["Kaltara", "row"] < pos.loc["Kalteng", "row"] < pos.loc["Jatim", "row"]  # north to south
    assert pos.loc["Sumut", "row"] < pos.loc["Lampung", "row"]
