"""Every chart builder draws what it drew when the golden figures were made.

For representative inputs of every public builder (method breaks, hidden and missing values,
NaN, Indonesian and English), each figure

(a) is valid Plotly: go.Figure(fig.to_dict()) validates every property and raises on a wrong one;
(b) equals, as normalised JSON (typed arrays as lists, floats to a relative 1e-9), the golden
    figure in tests/fixtures/golden/<case>.json. A change that is meant to change a chart
    regenerates them, and the diff of the JSON is reviewed with it:

        BERAKHLAK_UPDATE_GOLDEN=1 python -m pytest tests/test_charts_equivalence.py -p no:xdist

The golden files were made from the builders' output (berakhlak/present/charts.py and
charts_eval.py) on the same inputs as the frozen copies of the original builders they replace,
which these builders were checked equal to.
"""
from __future__ import annotations

import copy
import json
import os
import re
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from benchmarks.charts import _diff, figure_json
from berakhlak.domain.rules import VALUE_CODES
from berakhlak.present import charts, charts_eval, tilemap

GOLDEN = Path(__file__).resolve().parent / "fixtures" / "golden"
UPDATE = os.environ.get("BERAKHLAK_UPDATE_GOLDEN") == "1"


@pytest.fixture(autouse=True)
def plotly_default_template():
    """The golden figures carry Plotly's own default template, which a figure takes when it is
    made; importing Streamlit in the same process (another test) makes its theme the default."""
    import plotly.io as pio

    saved, pio.templates.default = pio.templates.default, "plotly"
    yield
    pio.templates.default = saved


def golden(case: str, got) -> None:
    """Compare `got` (JSON-able) with the golden file of `case`; write it instead when updating."""
    path = GOLDEN / (re.sub(r"[^A-Za-z0-9_.-]+", "_", case) + ".json")
    got = json.loads(json.dumps(got, default=str))  # as it round-trips through the file
    if UPDATE:
        GOLDEN.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(got, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        return
    assert path.exists(), f"no golden figure for {case}: regenerate (see the module docstring)"
    diffs: list[str] = []
    _diff(got, json.loads(path.read_text(encoding="utf-8")), "", diffs)
    assert not diffs, "\n".join(diffs[:20])


def assert_golden_figure(case: str, fig: go.Figure) -> None:
    assert type(fig) is go.Figure
    go.Figure(fig.to_dict())  # (a) valid: validates every property, raises on a wrong one
    golden(case, figure_json(fig))  # (b) the same figure


def frame_json(frame: pd.DataFrame):
    return {"columns": [str(c) for c in frame.columns], "dtypes": [str(t) for t in frame.dtypes],
            "index": [str(i) for i in frame.index], "data": json.loads(frame.to_json(orient="values"))}


NAMES_ID = ["Berorientasi Pelayanan", "Akuntabel", "Kompeten", "Harmonis", "Loyal", "Adaptif", "Kolaboratif"]
NAMES_EN = ["Service-oriented", "Accountable", "Competent", "Harmonious", "Loyal", "Adaptive", "Collaborative"]
METHODS = {2021: "ACT-2022", 2022: "ACT-2022", 2023: "ACT-2022", 2024: "BRIN-2024", 2025: "BRIN-2024", 2026: "BRIN-2024"}


def series_of(code, name, years=(2022, 2023, 2024, 2025), base=60.0, nan_at=(), methods=METHODS, dtype="int64"):
    scores = [np.nan if y in nan_at else round(base + 1.7 * i + (12 if methods[y] == "BRIN-2024" else 0), 2)
              for i, y in enumerate(years)]
    return pd.DataFrame({"entity_code": code, "entity_name": name, "year": np.array(years, dtype=dtype),
                         "method": [methods[y] for y in years], "score": scores})


def national(years=(2022, 2023, 2024, 2025), methods=METHODS):
    return series_of("ID", "Nasional", years, 61.0, methods=methods)[["year", "method", "score"]]


def one_method(years=(2022, 2023, 2024, 2025)):
    return {y: "BRIN-2024" for y in years}


def values_long(entities, years=(2022, 2023, 2024, 2025), nan_values=(), hidden_year=None, methods=METHODS):
    rows = []
    for e, (code, name, base) in enumerate(entities):
        for k, vc in enumerate(VALUE_CODES):
            s = series_of(code, name, years, base + 2 * k - 3 * e, methods=methods)
            s["value_code"], s["ord"], s["name_id"], s["name_en"] = vc, k + 1, NAMES_ID[k], NAMES_EN[k]
            if vc in nan_values:
                s["score"] = np.nan
            if hidden_year is not None:
                s.loc[s["year"] == hidden_year, "score"] = np.nan
            rows.append(s)
    return pd.concat(rows, ignore_index=True)


def value_frame(scores=(80.2, 74.95, 61.0, 49.9, 30.0, 88.8, 55.5)):
    return pd.DataFrame({"value_code": list(VALUE_CODES), "ord": range(1, 8), "name_id": NAMES_ID, "name_en": NAMES_EN,
                         "score": list(scores)})


def level_frame(n=12, nan_every=5, hidden_every=7, seed=1):
    rng = np.random.default_rng(seed)
    codes = [f"{11 + i}" for i in range(n)]
    scores = np.round(rng.uniform(20, 95, n), 2)
    status = ["shown"] * n
    for i in range(n):
        if nan_every and i % nan_every == 3:
            scores[i] = np.nan
            status[i] = "missing"
        if hidden_every and i % hidden_every == 5:
            scores[i] = np.nan
            status[i] = "hidden"
    return pd.DataFrame({"entity_code": codes, "entity_name": [f"Provinsi <b>{c}</b>" if i == 2 else f"Provinsi {c}"
                                                                for i, c in enumerate(codes)],
                         "score": scores, "status": status})


def heat_frame(n=6, hidden=(1,), complementary=(4,), missing=((2, "AK"),), n_nan=(3,)):
    rng = np.random.default_rng(7)
    frame = pd.DataFrame({"entity_code": [f"62.U{i:03d}" for i in range(n)],
                          "entity_name": [f"Unit {i}" for i in range(n)],
                          "idx": np.round(rng.uniform(20, 95, n), 2),
                          **{c: np.round(rng.uniform(20, 95, n), 2) for c in VALUE_CODES},
                          "respondents": rng.integers(3, 400, n).astype(float),
                          "suppressed": [i in hidden or i in complementary for i in range(n)],
                          "suppression": ["primary" if i in hidden else "complementary" if i in complementary else None
                                          for i in range(n)]})
    for i, c in missing:
        frame.loc[i, c] = np.nan
    for i in hidden + complementary:
        frame.loc[i, ["idx", *VALUE_CODES]] = np.nan
    for i in n_nan:
        frame.loc[i, "respondents"] = np.nan
    return frame


COLUMNS_ID = [("idx", "Indeks<br>BerAKHLAK")] + [(c, n.replace(" ", "<br>")) for c, n in zip(VALUE_CODES, NAMES_ID)]
COLUMNS_EN = [("idx", "Index")] + [(c, n) for c, n in zip(VALUE_CODES, NAMES_EN)]


def change_frame(n=5):
    rng = np.random.default_rng(3)
    frame = pd.DataFrame({"entity_code": [f"62.U{i:03d}" for i in range(n)], "entity_name": [f"Unit {i}" for i in range(n)],
                          "idx": np.round(rng.uniform(-4, 4, n), 1), **{c: np.round(rng.uniform(-6, 6, n), 1) for c in VALUE_CODES}})
    frame.loc[1, "AK"] = np.nan
    frame.loc[3, ["idx", "BP"]] = np.nan
    return frame


def units(n, years=(2022, 2023, 2024, 2025), methods=METHODS, hidden=()):
    parts = [series_of(f"62.U{i:03d}", f"Unit Contoh {i:03d}", years, 40 + (i * 7) % 45, methods=methods,
                       nan_at=(years[1],) if i in hidden else ()) for i in range(n)]
    return pd.concat(parts, ignore_index=True)


def gap_frame():
    return pd.DataFrame({"label": ["Indeks", *NAMES_ID], "gap": [3.2, 5.0, -1.25, np.nan, 0.0, -7.5, 2.45, 0.04]})


def slope_frame(n):
    rng = np.random.default_rng(11)
    return pd.DataFrame({"entity_code": [f"{11 + i}" for i in range(n)], "entity_name": [f"Provinsi {11 + i}" for i in range(n)],
                         "score_a": np.round(rng.uniform(40, 90, n), 2), "score_b": np.round(rng.uniform(40, 90, n), 2)})


def dist_frame(n=60):
    rng = np.random.default_rng(5)
    s = np.round(rng.uniform(20, 95, n), 2)
    s[::9] = np.nan
    return pd.DataFrame({"score": s})


TWO = pd.concat([series_of("62", "Kalimantan Tengah"), series_of("32", "Jawa Barat", base=64.0, nan_at=(2023,))])
FOUR = pd.concat([series_of(c, n, base=b) for c, n, b in (("62", "Kalimantan Tengah", 60), ("32", "Jawa Barat", 66),
                                                          ("11", "Aceh", 52), ("94", "Papua", 71))])
PUBLISHED = pd.DataFrame({"entity_code": ["62", "62"], "entity_name": ["Kalimantan Tengah"] * 2, "year": [2022, 2024],
                          "method": ["ACT-2022", "BRIN-2024"], "score": [59.5, 76.3]})
INDEX_SERIES = series_of("62", "Kalimantan <i>Tengah</i>").rename(columns={"score": "idx"})
VALUES2 = values_long([("62", "Kalimantan Tengah", 60), ("32", "Jawa Barat", 65)])
NAT_LONG = values_long([("ID", "Nasional", 62)])[["value_code", "year", "method", "score"]]
GROUPED = pd.concat([value_frame().assign(series=s, score=lambda f, d=d: f["score"] + d) for s, d in
                     (("Kalimantan Tengah", 0), ("Rata-rata nasional", 2.5), ("Jawa Barat", -4))], ignore_index=True)
GROUPED.loc[3, "score"] = np.nan


def tiles_frame(missing_every=9):
    frame = tilemap.tiles().rename(columns={"code": "entity_code"})[["entity_code"]]
    frame["entity_name"] = [f"Provinsi {c}" for c in frame["entity_code"]]
    rng = np.random.default_rng(2)
    frame["score"] = np.round(rng.uniform(20, 95, len(frame)), 2)
    frame["status"] = "shown"
    frame.loc[frame.index[::missing_every], ["score", "status"]] = [np.nan, "hidden"]
    frame.loc[frame.index[4::missing_every], "score"] = np.nan
    return frame.iloc[:-2]  # two provinces without a row at all


CASES = {
    # index_trend
    "index_trend/national": ("index_trend", (INDEX_SERIES, "id"), {"national": national().rename(columns={"score": "idx"}),
                                                                    "title": "Tren indeks"}),
    "index_trend/en-no-national": ("index_trend", (INDEX_SERIES, "en"), {"height": 380}),
    "index_trend/nan": ("index_trend", (INDEX_SERIES.assign(idx=[60.0, np.nan, 74.1, 75.0]), "id"), {}),
    "index_trend/two-entities": ("index_trend", (pd.concat([INDEX_SERIES, INDEX_SERIES.assign(
        entity_name="Jawa Barat", idx=lambda f: f["idx"] + 3)]), "en"), {"national": national().rename(columns={"score": "idx"})}),
    "index_trend/empty": ("index_trend", (INDEX_SERIES.iloc[:0], "id"), {}),
    # value_bars
    "value_bars/national": ("value_bars", (value_frame(), "id"), {
        "national": value_frame((70, 71, 72, 73, 74, 75, 76))[["value_code", "score"]], "title": "Nilai"}),
    "value_bars/en": ("value_bars", (value_frame(), "en"), {}),
    # trend_chart
    "trend_chart/one-national": ("trend_chart", (series_of("62", "Kalimantan Tengah"), "id"), {
        "national": national(), "title": "Indeks BerAKHLAK", "subtitle": "Kalimantan Tengah: 59,5 (2022) → 76,3 (2024); "
        "+16,8 poin<br>— melewati pergantian metode, " + "dan kalimat panjang " * 8}),
    "trend_chart/published": ("trend_chart", (PUBLISHED, "id"), {}),
    "trend_chart/two-hidden": ("trend_chart", (TWO, "en"), {"national": national()}),
    "trend_chart/two-labels-colors": ("trend_chart", (TWO, "id"), {"colors": {"62": "#009E73", "32": "#CC79A7"},
                                                                    "labels": True, "title": "Keduanya"}),
    "trend_chart/four": ("trend_chart", (FOUR, "id"), {"national": national(), "y_title": "Kompeten", "height": 420}),
    "trend_chart/change": ("trend_chart", (TWO, "id"), {"national": national(), "mode": "change"}),
    "trend_chart/change-en": ("trend_chart", (FOUR, "en"), {"mode": "change", "title": "Change"}),
    "trend_chart/no-break": ("trend_chart", (series_of("62", "K", (2024, 2025, 2026), methods=METHODS), "id"), {}),
    # value_small_multiples
    "value_small_multiples/national": ("value_small_multiples", (VALUES2, "id"), {"national": NAT_LONG}),
    "value_small_multiples/en-title": ("value_small_multiples", (VALUES2, "en"), {"title": "Values", "height": 560,
                                                                                   "colors": {"62": "#009E73", "32": "#CC79A7"}}),
    "value_small_multiples/hidden": ("value_small_multiples", (values_long(
        [("62", "Kalimantan Tengah", 60)], nan_values=("AK",), hidden_year=2023), "id"), {}),
    "value_small_multiples/no-break": ("value_small_multiples", (values_long(
        [("62", "Kalimantan Tengah", 60)], (2024, 2025, 2026)), "id"), {
        "national": values_long([("ID", "N", 61)], (2024, 2025, 2026))[["value_code", "year", "method", "score"]]}),
    # ranked_bars
    "ranked_bars/national-highlight": ("ranked_bars", (level_frame(12), "id"), {"national": 61.1, "highlight": "12",
                                                                                "title": "Peringkat", "x_title": "Indeks"}),
    "ranked_bars/few": ("ranked_bars", (level_frame(4, 0, 0), "en"), {"national": np.float64(70.0)}),
    "ranked_bars/nan-national": ("ranked_bars", (level_frame(38), "id"), {"national": np.nan, "height": 900}),
    "ranked_bars/boundary": ("ranked_bars", (pd.DataFrame({"entity_code": list("abcd"), "entity_name": list("ABCD"),
                                                           "score": [80.0, 74.95, 74.9, 30.0]}), "id"),
                             {"national": 61.1, "highlight": "c"}),
    # tile_map
    "tile_map/id": ("tile_map", (tiles_frame(), tilemap.tiles(), "id"), {"highlight": "62", "title": "Peta",
                                                                          "value_label": "Indeks"}),
    "tile_map/en-no-status": ("tile_map", (tiles_frame().drop(columns="status"), tilemap.tiles(), "en"), {}),
    # slope_chart
    "slope_chart/comparable": ("slope_chart", (slope_frame(38), "id"), {
        "year_a": 2024, "year_b": 2025, "comparable": True, "highlight": "13", "national": (np.float64(66.2), 67.0),
        "title": "Indeks: 2024 → 2025"}),
    "slope_chart/not-comparable-few": ("slope_chart", (slope_frame(5), "en"), {
        "year_a": 2023, "year_b": 2024, "comparable": False, "method_a": "ACT-2022", "method_b": "BRIN-2024"}),
    "slope_chart/national-none": ("slope_chart", (slope_frame(14).assign(score_a=lambda f: f["score_a"].where(
        f.index != 3)), "id"), {"year_a": 2024, "year_b": 2025, "comparable": True, "national": (None, 70.0), "label_top": 2}),
    # value_distribution
    "value_distribution/all": ("value_distribution", (dist_frame(), "id"), {
        "highlight": ("Kalimantan Tengah", np.float64(61.65)), "national": 58.3, "title": "Sebaran", "x_title": "Skor"}),
    "value_distribution/right-half-en": ("value_distribution", (dist_frame(), "en"), {"highlight": ("X", 90.0)}),
    "value_distribution/none": ("value_distribution", (dist_frame(), "id"), {"highlight": ("X", None), "national": np.nan}),
    # score_heatmap
    "score_heatmap/id": ("score_heatmap", (heat_frame(), COLUMNS_ID, "id"), {"highlight": "62.U002", "title": "Unit"}),
    "score_heatmap/en-plain": ("score_heatmap", (heat_frame(4, (), (), ()), COLUMNS_EN, "en"), {"n_col": None,
                                                                                                 "height": 500}),
    "score_heatmap/no-reason": ("score_heatmap", (heat_frame(), COLUMNS_ID, "id"), {"reason_col": None}),
    "score_heatmap/no-hidden-col": ("score_heatmap", (heat_frame(5, (), (), ()).drop(columns="suppressed"), COLUMNS_EN,
                                                      "en"), {}),
    # change_heatmap
    "change_heatmap/flagged": ("change_heatmap", (change_frame(), COLUMNS_ID, "id"), {
        "flagged": {(0, "BP"), (2, "LO")}, "title": "Perubahan"}),
    "change_heatmap/not-comparable": ("change_heatmap", (change_frame(), COLUMNS_EN, "en"), {"comparable": False,
                                                                                              "height": 300}),
    # grouped_value_bars
    "grouped_value_bars/colors": ("grouped_value_bars", (GROUPED, "id"), {
        "colors": {"Kalimantan Tengah": "#009E73", "Rata-rata nasional": "#555555"}, "title": "Nilai"}),
    "grouped_value_bars/en": ("grouped_value_bars", (GROUPED, "en"), {"height": 500}),
    # gap_bars
    "gap_bars/id": ("gap_bars", (gap_frame(), "id"), {"home": "Kalimantan Tengah", "bench": "Jawa Barat",
                                                      "title": "Selisih"}),
    "gap_bars/en-colors": ("gap_bars", (gap_frame(), "en"), {"home": "A", "bench": "B", "colors": ("#111111", "#222222")}),
    # unit_small_multiples
    "unit_small_multiples/parent": ("unit_small_multiples", (units(7, hidden=(2,)), "id"), {
        "parent": national(), "parent_name": "Kalimantan Tengah"}),
    "unit_small_multiples/en-title-no-break": ("unit_small_multiples", (units(4, (2024, 2025, 2026)), "en"), {
        "parent": national((2024, 2025, 2026)), "title": "Units", "cols": 2}),
    "unit_small_multiples/no-parent": ("unit_small_multiples", (units(3), "id"), {}),
    "unit_small_multiples/one": ("unit_small_multiples", (units(1), "id"), {"parent": national(), "cols": 3}),
    "unit_small_multiples/thirty": ("unit_small_multiples", (units(30, (2022, 2023, 2024, 2025, 2026), hidden=(3, 17)), "id"),
                                    {"parent": national((2022, 2023, 2024, 2025, 2026)), "parent_name": "Kalimantan Tengah"}),
    "unit_small_multiples/empty-name": ("unit_small_multiples", (units(4).assign(
        entity_name=lambda f: f["entity_name"].where(f["entity_code"] != "62.U001", "")), "id"), {"parent": national()}),
}


def build(module, name, args, kwargs):
    fn = getattr(module, name)
    if module.__name__.endswith("_reference") and name != "index_trend":  # the original, given text from data
        # escaped as the builders now escape it (index_trend escaped its names itself)
        fn = charts.escapes_data()(fn)
    return fn(*copy.deepcopy(args), **copy.deepcopy(kwargs))


@pytest.mark.parametrize("case", list(CASES))
def test_builder_draws_its_golden_figure(case):
    name, args, kwargs = CASES[case]
    assert_golden_figure(f"charts.{case}", build(charts, name, args, kwargs))


def test_inputs_are_not_modified():
    for name, args, kwargs in CASES.values():
        before = copy.deepcopy((args, kwargs))
        getattr(charts, name)(*args, **kwargs)
        for a, b in zip(args, before[0]):
            if isinstance(a, pd.DataFrame):
                pd.testing.assert_frame_equal(a, b)


# --- the helpers other modules use (slides, deck, charts_eval) -------------------------------

HELPERS = {
    "base_layout/title": lambda m: m.base_layout(go.Figure(), "Judul", 300),
    "base_layout/none": lambda m: m.base_layout(go.Figure(go.Bar(x=[1], y=[2]))),
    "year_axis": lambda m: m.year_axis(go.Figure(), [2024, 2022.0, 2023]),
    "add_band_background": lambda m: m.add_band_background(go.Figure(), "id", (40.0, 90.0)),
    "add_band_background/en-full": lambda m: m.add_band_background(go.Figure(), "en", (0, 100)),
    "add_method_breaks": lambda m: m.add_method_breaks(go.Figure(), [(2023.5, "ACT-2022", "BRIN-2024")], "en"),
    "legend_below": lambda m: m.legend_below(m.base_layout(go.Figure(), "T")),
    "legend_below/bare": lambda m: m.legend_below(go.Figure(), room=60),
    "stacked": lambda m: m.legend_below(m.add_method_breaks(m.add_band_background(m.base_layout(go.Figure(
        go.Scatter(x=[2022, 2023], y=[50, 60])), "T"), "id", (45, 80)), [(2022.5, "A", "B")], "id")),
}


@pytest.mark.parametrize("case", list(HELPERS))
def test_layout_helpers_do_what_they_did(case):
    assert_golden_figure(f"helpers.{case}", HELPERS[case](charts))


SEGMENT_FRAMES = {
    "breaks": series_of("62", "K", (2025, 2022, 2024, 2023)),
    "none": series_of("62", "K", (2024, 2025)),
    "nan-method": series_of("62", "K").assign(method=["ACT-2022", None, None, "BRIN-2024"]),
    "back-and-forth": series_of("62", "K").assign(method=["A", "B", "A", "A"]),
    "empty": series_of("62", "K").iloc[:0],
    "one": series_of("62", "K").iloc[:1],
    "int32": series_of("62", "K", dtype="int32"),
    "float-years-nan": series_of("62", "K", dtype="float64").assign(year=[2025.0, np.nan, 2022.0, 2024.0]),
    "unsorted-duplicate-years": pd.concat([series_of("62", "K", (2025, 2022)), series_of("62", "K", (2024, 2022, 2023))]),
}


@pytest.mark.parametrize("case", list(SEGMENT_FRAMES))
def test_method_segments_and_breaks_as_before(case):
    frame = SEGMENT_FRAMES[case]
    golden(f"segments.{case}", {
        "segments": [frame_json(f) for f in charts.method_segments(frame.copy())],
        "breaks": charts.method_breaks(frame.copy()),
        "breaks_of": charts._breaks_of(frame, None, frame.iloc[:0])})


def test_change_from_start_as_before():
    frame = pd.concat([TWO, FOUR.assign(entity_code=lambda f: f["entity_code"] + "x"),
                       series_of("11", "Aceh", nan_at=(2022, 2023))],  # a method with no value at all
                      ignore_index=True)
    golden("change_from_start", frame_json(charts.change_from_start(frame)))


# --- the grid of small multiples (what make_subplots made) ------------------------------------

@pytest.mark.parametrize("rows,cols", [(1, 1), (1, 3), (2, 4), (3, 2), (4, 3), (10, 3), (58, 3), (5, 1)])
@pytest.mark.parametrize("shared", [(False, False), (False, True), (True, True), (True, False)])
def test_grid_is_the_layout_make_subplots_makes(rows, cols, shared):
    from plotly.subplots import make_subplots

    n = rows * cols
    titles = [f"Panel {i}" if i % 5 != 2 else "" for i in range(n - (1 if n > 2 else 0))]
    vertical = 0.5 / rows if rows > 1 else 0.1
    expected = make_subplots(rows=rows, cols=cols, subplot_titles=titles, shared_xaxes=shared[0], shared_yaxes=shared[1],
                             horizontal_spacing=0.04, vertical_spacing=vertical)
    layout, refs = charts._grid(rows, cols, titles, shared_x=shared[0], shared_y=shared[1], horizontal_spacing=0.04,
                                vertical_spacing=vertical)
    diffs: list[str] = []
    _diff(figure_json(go.Figure({"data": [], "layout": layout}, _validate=False)), figure_json(expected), "", diffs)
    assert not diffs, "\n".join(diffs[:20])
    assert refs == [(f"x{k or ''}", f"y{k or ''}") for k in [0] + list(range(2, n + 1))]
    for row in range(1, rows + 1):
        for col in range(1, cols + 1):
            panel = expected.get_subplot(row, col)
            assert refs[(row - 1) * cols + col - 1] == (panel.xaxis.plotly_name.replace("axis", ""),
                                                        panel.yaxis.plotly_name.replace("axis", ""))


# --- random inputs ------------------------------------------------------------------------------

@st.composite
def unit_series(draw):
    years = sorted(draw(st.sets(st.sampled_from(sorted(METHODS)), min_size=1, max_size=6)))
    n = draw(st.integers(1, 8))
    parts = []
    for i in range(n):
        present = draw(st.lists(st.sampled_from(years), min_size=1, max_size=len(years), unique=True))
        scores = [draw(st.one_of(st.none(), st.floats(0, 100, allow_nan=False).map(lambda v: round(v, 2))))
                  for _ in present]
        parts.append(pd.DataFrame({"entity_code": f"U{i}", "entity_name": f"Unit {i}", "year": present,
                                   "method": [METHODS[y] for y in present],
                                   "score": [np.nan if s is None else s for s in scores]}))
    return pd.concat(parts, ignore_index=True)


@pytest.mark.slow
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(unit_series(), st.booleans(), st.sampled_from(["id", "en"]), st.integers(1, 4))
def test_random_series_draw_valid_figures_without_a_line_across_a_break(series, with_parent, lang, cols):
    """Any series: a valid figure (Plotly validates every property), and no trace of the trend
    joins two years of different methods."""
    parent = national(tuple(sorted(set(series["year"])))) if with_parent else None
    for name, kwargs in (("unit_small_multiples", {"parent": parent, "cols": cols}),
                         ("trend_chart", {"national": parent}),
                         ("trend_chart", {"national": parent, "mode": "change"})):
        fig = build(charts, name, (series, lang), kwargs)
        go.Figure(fig.to_dict())
    fig = build(charts, "trend_chart", (series, lang), {})
    method_of = {int(y): m for y, m in zip(series["year"], series["method"])}
    for trace in figure_json(fig)["data"]:
        if trace.get("mode", "").startswith("lines") and isinstance(trace.get("x"), list):
            xs = [int(x) for x in trace["x"] if isinstance(x, int | float) and x == x and int(x) in method_of]
            assert len({method_of[x] for x in xs}) <= 1, (trace.get("name"), xs)


# --- the internal evaluation's builders (berakhlak/charts_eval.py) -------------------------------

VALUE_LIST = pd.DataFrame({"code": list(VALUE_CODES), "ord": range(1, 8), "name_id": NAMES_ID, "name_en": NAMES_EN})


def eval_scores(n=6):
    rng = np.random.default_rng(9)
    frame = pd.DataFrame({"entity_code": [f"62.B{i}" for i in range(n)], "entity_name": [f"Biro {i}" for i in range(n)],
                          "survey_status": ["ok", "suppressed", "ok", "complementary", "ok", "ok"][:n],
                          **{c: np.round(rng.uniform(20, 100, n), 2) for c in VALUE_CODES},
                          "survey_idx": np.round(rng.uniform(20, 100, n), 2), "inst_score": np.round(rng.uniform(20, 100, n), 2),
                          "combined": np.round(rng.uniform(20, 100, n), 2)})
    frame.loc[[i for i in (1, 3) if i < n], [*VALUE_CODES, "survey_idx", "combined"]] = np.nan
    frame.loc[[i for i in (4,) if i < n], "AK"] = np.nan
    return frame


def action_items():
    return pd.DataFrame({
        "entity_name": ["Biro 1", "Biro 2", "Biro 3", "Biro 1", "Biro 4", "Biro 2"],
        "action": ["Pelatihan kompetensi teknis bagi staf pelaksana di seluruh bagian", "B", "C", "D", "E", "F"],
        "due_date": pd.to_datetime(["2025-01-31", "2025-03-31", None, "2025-06-30", "2025-01-31", "2024-12-01"]).astype(
            "datetime64[us]"),
        "status": ["kuning", "merah", "hijau", "hijau", "merah", "kuning"],
        "value_code": ["AD", "KO", None, "KO", "BP", None],
        "overdue": [True, False, False, False, True, True]})


EVAL_CASES = {
    "unit_value_heatmap/id": ("unit_value_heatmap", (eval_scores(), VALUE_LIST, "id"), {
        "title": "Skor", "suppressed_text": "tersembunyi"}),
    "unit_value_heatmap/en": ("unit_value_heatmap", (eval_scores(3), VALUE_LIST, "en"), {}),
    "score_bars/id": ("score_bars", (eval_scores(), "id"), {"title": "Survei"}),
    "score_bars/en": ("score_bars", (eval_scores(2), "en"), {}),
    "action_timeline/id": ("action_timeline", (action_items(), "id", date(2025, 2, 15)), {"title": "Tenggat"}),
    "action_timeline/en-text-dates": ("action_timeline", (action_items().assign(
        due_date=lambda f: f["due_date"].dt.strftime("%Y-%m-%d")), "en", date(2025, 2, 15)), {}),
    "status_by_value/id": ("status_by_value", (action_items(), VALUE_LIST, "id"), {"title": "Butir"}),
    "status_by_value/en-no-general": ("status_by_value", (action_items().dropna(subset=["value_code"]), VALUE_LIST, "en"), {}),
}


@pytest.mark.parametrize("case", list(EVAL_CASES))
def test_evaluation_builder_draws_its_golden_figure(case):
    name, args, kwargs = EVAL_CASES[case]
    assert_golden_figure(f"charts_eval.{case}", build(charts_eval, name, args, kwargs))
