"""Chart builders: pure functions from DataFrames to Plotly figures. No database, no Streamlit.

Conventions kept here, for every page:
- year axes show whole years (never 2,022.5);
- the category bands use one colour-blind-safe palette (blue for healthy through vermilion);
- a change of survey method is drawn as a break: no line crosses it, and it is labelled;
- every label comes from `t` in the language asked for, numbers from `fmt_num`.

How the figures are built (for speed): every builder makes its traces and its layout as plain
dicts and lists, and creates the go.Figure once, at the end, without Plotly's validation
(`_figure`). Validation costs ~10x the build (a page of small multiples took most of a second);
it happens in the tests instead (tests/test_charts_equivalence.py validates every builder's
output and checks it against the original, validated implementation). No go.Scatter(...),
fig.add_shape/add_annotation/add_vline in loops, update_xaxes or make_subplots in a builder:
`_grid` computes what make_subplots did. The figures returned are ordinary go.Figure objects;
what a caller changes on them afterwards (update_layout, a trace's property) is not validated
either, so check it in a test.
"""
from __future__ import annotations

import functools
import inspect
import math

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from berakhlak.i18n import current_lang, fmt_int, fmt_num, t
from berakhlak.present import text as text_rules
from berakhlak.domain.rules import band_for, bands
from berakhlak.present import labels as label_layout
from berakhlak.present import hidden as hidden_words

# Okabe–Ito based, ordered A (healthy) to D: distinguishable with the common colour-vision
# deficiencies and in greyscale (dark to light to dark-warm).
BAND_COLORS = {"A": "#0072B2", "B": "#56B4E9", "C": "#E69F00", "D": "#D55E00"}
BAND_FILL = {"A": "rgba(0,114,178,0.08)", "B": "rgba(86,180,233,0.10)",
             "C": "rgba(230,159,0,0.10)", "D": "rgba(213,94,0,0.10)"}
NATIONAL_COLOR = "#555555"
SERIES_COLORS = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000"]
FONT = dict(family="Source Sans Pro, Segoe UI, Arial, sans-serif", size=14)


# --- building figures from plain dicts -----------------------------------------------------------

def _figure(data: list[dict], layout: dict) -> go.Figure:
    """The figure, made once from plain dicts, without Plotly's validation (see the module's
    docstring: the tests validate)."""
    return go.Figure({"data": data, "layout": layout}, _validate=False)


def _merge(dst: dict, src: dict) -> dict:
    """`src` into `dst` as fig.update_layout(src) would: nested dicts are merged, anything else
    (lists included) replaces, None removes. Nothing of `src` is shared."""
    for key, value in src.items():
        if isinstance(value, dict):
            into = dst.get(key)
            dst[key] = _merge(into if isinstance(into, dict) else {}, value)
        elif value is None:
            dst.pop(key, None)
        else:
            dst[key] = value
    return dst


def _base_props(title: str | None, height: int) -> dict:
    """The properties base_layout sets (title None: no title)."""
    return {
        "title": {"text": title, "x": 0, "xanchor": "left"} if title else None,
        "font": FONT, "height": height, "margin": {"l": 10, "r": 10, "t": 70 if title else 30, "b": 10},
        "plot_bgcolor": "white", "paper_bgcolor": "white",
        "legend": {"orientation": "h", "yanchor": "top", "y": -0.12, "xanchor": "left", "x": 0},
        "hoverlabel": {"font": {"size": 14}},
    }


def _base_layout(layout: dict, title: str | None = None, height: int = 420) -> dict:
    """What base_layout sets, merged into a layout dict (update_layout(title=None) leaves an empty
    title object, as here)."""
    props = _base_props(title, height)
    new_title = props.pop("title")
    layout["title"] = _merge(layout.get("title") or {}, new_title) if new_title else {}
    return _merge(layout, props)


def _legend_below(layout: dict, room: int = 44) -> dict:
    """What legend_below sets, merged into a layout dict."""
    return _merge(layout, {"legend": {"orientation": "h", "yref": "container", "y": 0, "yanchor": "bottom", "x": 0,
                                      "xanchor": "left"},
                           "margin": {"b": (layout.get("margin", {}).get("b") or 10) + room}})


def _year_ticks(years, most: int) -> dict:
    """Tick properties for a year axis: whole years, horizontal (never turned vertical by a
    narrow panel), at most about `most` of them: every k-th year from the first, and the last."""
    years = sorted({int(y) for y in years})
    step = max(1, math.ceil(len(years) / most))
    ticks = years[::step]
    if years and ticks[-1] != years[-1]:
        ticks = (ticks[:-1] if years[-1] - ticks[-1] < step else ticks) + [years[-1]]
    return {"tickmode": "array", "tickvals": ticks, "ticktext": [str(y) for y in ticks], "tickformat": "d",
            "tickangle": 0}


def _year_axis(years) -> dict:
    """The x axis properties of year_axis."""
    years = sorted({int(y) for y in years})
    axis = {**_year_ticks(years, 8), "showgrid": False}
    if years:
        axis["range"] = [years[0] - 0.4, years[-1] + 0.4]
    return axis


def _band_background(lang: str, y_range: tuple[float, float], xref: str = "x", yref: str = "y") -> tuple[list, list]:
    """(shapes, annotations) of add_band_background."""
    lo, hi = y_range
    shapes, notes = [], []
    for band in bands():
        top = band.upper + (0.1 if band.upper < 100 else 0)
        if top <= lo or band.lower >= hi:
            continue
        shapes.append({"type": "rect", "xref": f"{xref} domain", "yref": yref, "x0": 0, "x1": 1,
                       "y0": max(band.lower, lo), "y1": min(top, hi), "fillcolor": BAND_FILL[band.code],
                       "line": {"width": 0}, "layer": "below"})
        notes.append({"x": 1.01, "xref": "paper", "xanchor": "left", "y": (max(band.lower, lo) + min(top, hi)) / 2,
                      "text": f"{band.code} · {band.label(lang)}", "showarrow": False,
                      "font": {"size": 11, "color": ink(BAND_COLORS[band.code])}})
    return shapes, notes


def _vline(x, **line) -> dict:
    """The shape fig.add_vline(x, line_...) adds to a figure without subplots."""
    return {"type": "line", "x0": x, "x1": x, "xref": "x", "y0": 0, "y1": 1, "yref": "y domain", "line": line}


def _method_breaks_marks(breaks, lang: str) -> tuple[list, list]:
    """(shapes, annotations) of add_method_breaks."""
    shapes, notes = [], []
    for x, _before, after in breaks:
        shapes.append(_vline(x, dash="dot", color="#444444", width=1.5))
        notes.append({"x": x, "y": 1, "yref": "paper", "yanchor": "bottom",
                      "text": t("chart.method_break", lang, method=after), "showarrow": False,
                      "font": {"size": 12, "color": "#444444"}, "bgcolor": "white"})
    return shapes, notes


def _add_layout_items(fig: go.Figure, shapes: list, notes: list) -> None:
    """Append shapes and annotations to a figure in one update (add_shape per item re-validates
    the whole list each time)."""
    update = {}
    if shapes:
        update["shapes"] = [*fig.layout.shapes, *shapes]
    if notes:
        update["annotations"] = [*fig.layout.annotations, *notes]
    if update:
        fig.update_layout(update)


# --- public helpers (also used by slides, deck, charts_eval) -------------------------------------

def plain(text) -> str:
    """Text from the data (a name) as Plotly shows it: Plotly renders a subset of HTML in titles,
    legends and hover labels (<b>, <a href>, <br>), so every tag is escaped and shown as text
    (the one rule: berakhlak.present.text.plotly)."""
    return text_rules.plotly(text)


# Arguments of a chart builder that carry text from data, or a title made with it.
# (A subtitle is not among them: it may hold <br> between its lines; who writes one escapes the
# names in it with `plain`, as the Tren page does.)
DATA_TEXT_ARGS = ("title", "x_title", "y_title", "value_label", "home", "bench", "home_name",
                  "bench_name", "parent_name")
DATA_TEXT_COLUMNS = ("entity_name", "name", "unit_name", "series", "label", "action", "owner", "evidence",
                     "reviewer_note", "criterion", "parent_name")


def _plain_frame(frame: pd.DataFrame, columns) -> pd.DataFrame:
    present = [c for c in columns if c in frame.columns]
    if not present:
        return frame
    return frame.assign(**{c: frame[c].map(lambda v: plain(v) if isinstance(v, str) else v) for c in present})


def escapes_data(*columns: str, args: tuple[str, ...] = DATA_TEXT_ARGS):
    """A chart builder whose text from data is shown as text: before it runs, the text columns of
    every frame it is given (`columns`, default DATA_TEXT_COLUMNS), its title-like arguments and
    the keys of its `colors` go through `plain`. The one place the builders escape."""
    columns = columns or DATA_TEXT_COLUMNS

    def wrap(fn):
        sig = inspect.signature(fn)

        @functools.wraps(fn)
        def builder(*a, **kw):
            bound = sig.bind_partial(*a, **kw)
            for key, value in list(bound.arguments.items()):
                if isinstance(value, pd.DataFrame):
                    bound.arguments[key] = _plain_frame(value, columns)
                elif key in args and isinstance(value, str):
                    bound.arguments[key] = plain(value)
                elif key == "colors" and isinstance(value, dict):
                    bound.arguments[key] = {plain(k) if isinstance(k, str) else k: v for k, v in value.items()}
                elif key == "highlight" and isinstance(value, tuple) and value and isinstance(value[0], str):
                    bound.arguments[key] = (plain(value[0]), *value[1:])
            return fn(*bound.args, **bound.kwargs)

        return builder

    return wrap


def band_color(score: float | None) -> str:
    band = band_for(score)
    return BAND_COLORS[band.code] if band else "#BBBBBB"


def base_layout(fig: go.Figure, title: str | None = None, height: int = 420) -> go.Figure:
    fig.update_layout(_base_props(title, height))
    return fig


def year_axis(fig: go.Figure, years) -> go.Figure:
    """Whole-year ticks, only for the years present."""
    fig.update_xaxes({"range": None, **_year_axis(years)})
    return fig


def add_band_background(fig: go.Figure, lang: str, y_range: tuple[float, float]) -> go.Figure:
    """The category bands as faint horizontal stripes, labelled on the right."""
    _add_layout_items(fig, *_band_background(lang, y_range))
    return fig


def _year_order(frame: pd.DataFrame) -> np.ndarray:
    """The positions of `frame` sorted by year, exactly as frame.sort_values("year") orders them."""
    years = frame["year"].to_numpy()
    if years.dtype.kind in "iu":
        return np.argsort(years, kind="quicksort")  # what pandas' nargsort does without missing years
    return frame.reset_index(drop=True).sort_values("year").index.to_numpy()


def _method_bounds(methods: np.ndarray) -> list[tuple[int, int]]:
    """(start, end) of each run of one method, as method_segments splits: a new part wherever the
    method differs from the one before, or either is missing."""
    n = len(methods)
    if n == 0:
        return []
    start = np.ones(n, dtype=bool)
    if n > 1:
        missing = pd.isna(methods)
        start[1:] = (methods[1:] != methods[:-1]) | missing[1:] | missing[:-1]
    edges = [*np.flatnonzero(start).tolist(), n]
    return list(zip(edges[:-1], edges[1:]))


def method_segments(frame: pd.DataFrame) -> list[pd.DataFrame]:
    """Split a series (sorted by year) where the method changes: each part is drawn as its own
    line, so no line crosses a break."""
    frame = frame.sort_values("year")
    return [frame.iloc[a:b] for a, b in _method_bounds(frame["method"].to_numpy())]


def _segments(frame: pd.DataFrame, *cols: str) -> list[dict[str, np.ndarray]]:
    """method_segments as arrays: per part, {column: values sorted by year}."""
    order = _year_order(frame)
    arrays = {c: frame[c].to_numpy()[order] for c in cols}
    return [{c: a[s:e] for c, a in arrays.items()} for s, e in _method_bounds(frame["method"].to_numpy()[order])]


def method_breaks(frame: pd.DataFrame) -> list[tuple[float, str, str]]:
    """(x position of the break, method before, method after) for each change: half a year
    before the first year of the new method (2023.5 for BRIN-2024), not midway between the years
    that have data (a series with 2022 and 2024 only would put it on 2023)."""
    methods = frame["method"].to_numpy()
    known = ~pd.isna(methods)
    if not known.all():
        frame, methods = frame[known], methods[known]
    order = _year_order(frame)
    return _changes(frame["year"].to_numpy()[order].tolist(), methods[order].tolist())


def _changes(years: list, methods: list) -> list[tuple[float, str, str]]:
    """method_breaks of years in order and their methods."""
    return [(years[i] - 0.5, methods[i - 1], methods[i])
            for i in range(1, len(years)) if methods[i] != methods[i - 1]]


def add_method_breaks(fig: go.Figure, breaks, lang: str) -> go.Figure:
    _add_layout_items(fig, *_method_breaks_marks(breaks, lang))
    return fig


@escapes_data()
def index_trend(series: pd.DataFrame, lang: str, national: pd.DataFrame | None = None,
                title: str | None = None, height: int = 420) -> go.Figure:
    """The index of one or more entities over the years.

    series: entity_name, year, idx, method. national: year, idx, method (optional).
    """
    data = []
    all_years = set(series["year"])
    values = list(series["idx"].dropna())
    if national is not None and not national.empty:
        all_years |= set(national["year"])
        values += list(national["idx"])
        nat_name = t("chart.national", lang)
        for i, part in enumerate(_segments(national, "year", "idx")):
            data.append({
                "type": "scatter", "x": part["year"], "y": part["idx"], "mode": "lines+markers", "name": nat_name,
                "line": {"color": NATIONAL_COLOR, "dash": "dash", "width": 2}, "marker": {"size": 6},
                "legendgroup": "national", "showlegend": i == 0,
                "hovertemplate": "%{x}: %{customdata}<extra>" + nat_name + "</extra>",
                "customdata": [fmt_num(v, lang) for v in part["idx"].tolist()],
            })
    for n, (raw_name, g) in enumerate(series.groupby("entity_name", sort=False)):
        name = raw_name
        color = SERIES_COLORS[n % len(SERIES_COLORS)]
        for i, part in enumerate(_segments(g.dropna(subset=["idx"]), "year", "idx")):
            data.append({
                "type": "scatter", "x": part["year"], "y": part["idx"], "mode": "lines+markers+text", "name": name,
                "text": [fmt_num(v, lang) for v in part["idx"].tolist()], "textposition": "top center",
                "textfont": {"size": 13, "color": ink(color)}, "line": {"color": color, "width": 3}, "marker": {"size": 9},
                "legendgroup": name, "showlegend": i == 0,
                "hovertemplate": "%{x}: %{text}<extra>" + name + "</extra>",
            })
    lo = max(0.0, min(values, default=50) - 8)
    hi = min(100.0, max(values, default=80) + 8)
    shapes, notes = _band_background(lang, (lo, hi))
    more_shapes, more_notes = _method_breaks_marks(method_breaks(series), lang)
    layout = {"yaxis": {"range": [lo, hi], "title": {"text": t("chart.index_axis", lang)}, "gridcolor": "#EEEEEE"},
              "xaxis": _year_axis(all_years)}
    if shapes or more_shapes:
        layout["shapes"] = shapes + more_shapes
    if notes or more_notes:
        layout["annotations"] = notes + more_notes
    _base_layout(layout, title, height)
    layout["margin"]["r"] = 110  # room for the band labels
    return _figure(label_layout.apply(data, layout), layout)


@escapes_data()
def value_bars(values: pd.DataFrame, lang: str, national: pd.DataFrame | None = None,
               title: str | None = None, height: int = 400) -> go.Figure:
    """The 7 values of one entity-year as horizontal bars in the category colours, with the
    national figure as a marker. values: value_code, name_id, name_en, score (official order)."""
    name_col = "name_en" if lang == "en" else "name_id"
    frame = values.sort_values("ord", ascending=False)
    scores = frame["score"].tolist()
    names = frame[name_col].to_numpy()
    data = [{
        "type": "bar", "x": frame["score"].to_numpy(), "y": names, "orientation": "h",
        "marker": {"color": [band_color(s) for s in scores]},
        # The score inside the bar, at its start: the national marker (near the bar's end) never
        # crosses it.
        "text": [fmt_num(s, lang) for s in scores], "textposition": "inside", "insidetextanchor": "start",
        "textfont": {"size": 14, "color": [text_color(band_color(s)) for s in scores]}, "name": t("chart.score", lang),
        "cliponaxis": False,
        "hovertemplate": "%{y}: %{text}<extra></extra>",
    }]
    if national is not None and not national.empty:
        nat = national.set_index("value_code").reindex(frame["value_code"])
        nat_name = t("chart.national", lang)
        data.append({
            "type": "scatter", "x": nat["score"].to_numpy(), "y": names, "mode": "markers", "name": nat_name,
            "marker": {"symbol": "line-ns", "size": 22, "line": {"width": 3, "color": NATIONAL_COLOR}},
            "customdata": [fmt_num(s, lang) for s in nat["score"].tolist()],
            "hovertemplate": "%{y}: %{customdata}<extra>" + nat_name + "</extra>",
        })
    layout = {"xaxis": {"range": [0, 105], "title": {"text": t("chart.score", lang)}, "gridcolor": "#EEEEEE"},
              "yaxis": {"automargin": True}}
    # The legend under the axis title rather than on it.
    return _figure(data, _legend_below(_base_layout(layout, title, height)))


PLOTLY_STRINGS = {  # Plotly's English toolbar strings -> message key (berakhlak/messages/chrome.toml)
    "Download plot as a PNG": "plotly.png", "Download plot": "plotly.download", "Zoom": "plotly.zoom",
    "Pan": "plotly.pan", "Zoom in": "plotly.zoom_in", "Zoom out": "plotly.zoom_out",
    "Autoscale": "plotly.autoscale", "Reset axes": "plotly.reset_axes",
    "Double-click to zoom back out": "plotly.double_click",
}


def chart_config(filename: str, lang: str | None = None) -> dict:
    """Plotly's own PNG download, with a meaningful file name at print quality; the toolbar holds
    that button only (no zoom tools over a chart's title on a phone), its tooltip and the number
    separators in the UI language (Plotly's `locales`: Streamlit bundles no locale file)."""
    lang = lang or current_lang()
    locale = {"dictionary": {en: t(key, lang) for en, key in PLOTLY_STRINGS.items()},
              "format": {"decimal": "," if lang == "id" else ".", "thousands": "." if lang == "id" else ","}}
    return {"displaylogo": False, "modeBarButtons": [["toImage"]], "locale": lang, "locales": {lang: locale},
            "toImageButtonOptions": {"format": "png", "filename": filename, "scale": 3}}



# --- builders of the analysis pages (Tren, Perbandingan, Nilai, Studi banding, Unit) ----------
# Conventions, as above. Input frames carry scores as the query layer shows them (suppression,
# migrations/0005): a hidden score is NaN here, so no builder can show it; builders mark it
# instead ("—").

BAND_ORDER = ("A", "B", "C", "D")
HIDDEN_COLOR = "#E0E0E0"
MISSING_COLOR = "#F5F5F5"
HIDDEN_MARK = "—"
# Two colours for "home" and "benchmark" that are not category colours, so that a gap is never
# read as a category.
PAIR_COLORS = ("#009E73", "#CC79A7")
# Changes (up/down) on a purple–green scale (ColorBrewer PRGn, colour-blind safe), so that a
# change is never read as a category.
RISE_COLOR, FALL_COLOR = "#1B7837", "#762A83"


def _luminance(hex_color: str) -> float:
    rgb = [int(hex_color.lstrip("#")[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a: str, b: str) -> float:
    """The WCAG 2 contrast ratio of two "#RRGGBB" colours (1 to 21)."""
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def ink(color: str, background: str = "#FFFFFF", ratio: float = 4.5) -> str:
    """The colour for TEXT drawn in `color` on `background`: the colour itself when it contrasts
    by `ratio` (WCAG AA, 4.5:1), otherwise the same hue darkened (or, on a dark background,
    lightened) just enough. The fills keep the colour-blind-safe palette; only text changes."""
    if contrast(color, background) >= ratio:
        return color
    rgb = [int(color.lstrip("#")[i:i + 2], 16) for i in (0, 2, 4)]
    toward = 0 if _luminance(background) > 0.18 else 255
    for step in range(1, 101):
        k = step / 100
        mixed = "#" + "".join(f"{round(v + (toward - v) * k):02X}" for v in rgb)
        if contrast(mixed, background) >= ratio:
            return mixed
    return "#000000" if toward == 0 else "#FFFFFF"


def _hex(rgb) -> str:
    return "#" + "".join(f"{max(0, min(255, round(v))):02X}" for v in rgb)


def _rgb(color: str) -> tuple[int, int, int]:
    color = color.lstrip("#")
    return tuple(int(color[i:i + 2], 16) for i in (0, 2, 4))


def scale_color(frac: float, scale) -> str:
    """The colour at `frac` (0–1) of a piecewise-linear colour scale [(f, "#RRGGBB"), ...]."""
    frac = min(1.0, max(0.0, frac))
    for (f0, c0), (f1, c1) in zip(scale, scale[1:]):
        if frac <= f1:
            k = 0 if f1 == f0 else (frac - f0) / (f1 - f0)
            a, b = _rgb(c0), _rgb(c1)
            return _hex([a[i] + (b[i] - a[i]) * k for i in range(3)])
    return scale[-1][1]


def cell_labels(x: list, y: list, text: list, fills: list, size: int = 13) -> dict:
    """The labels of heatmap cells as a text layer (one trace, flat lists), each label in black
    or white, whichever reads better on its own cell's fill (Plotly's heatmap text has one colour
    for all cells, and its automatic one misses 4.5:1 on mid-tone fills)."""
    return {"type": "scatter", "x": x, "y": y, "text": text, "mode": "text", "hoverinfo": "skip", "showlegend": False,
            "textfont": {"size": size, "color": [text_color(f) for f in fills]}}


def text_color(background: str) -> str:
    """Black or white, whichever contrasts more with the background (WCAG contrast ratio)."""
    lum = _luminance(background)
    on_white = (1.05) / (lum + 0.05)
    on_black = (lum + 0.05) / 0.05
    return "#FFFFFF" if on_white > on_black else "#000000"


def _grid(rows: int, cols: int, titles: list, *, shared_x: bool = False, shared_y: bool = False,
          horizontal_spacing: float, vertical_spacing: float) -> tuple[dict, list[tuple[str, str]]]:
    """The layout make_subplots(rows, cols, subplot_titles=titles, shared_xaxes=shared_x,
    shared_yaxes=shared_y, horizontal_spacing, vertical_spacing) makes (axes with their domains,
    anchors and matches; the titles as annotations), computed as plotly/_subplots.py does, and
    the (x, y) axis references of each panel, row by row from the top left."""
    for spacing, n, what in ((horizontal_spacing, cols, "Horizontal"), (vertical_spacing, rows, "Vertical")):
        if spacing < 0 or spacing > 1 or (n > 1 and spacing > 1.0 / float(n - 1)):
            raise ValueError(f"{what} spacing {spacing} does not fit {n} panels")
    widths = [(1.0 - horizontal_spacing * (cols - 1)) / cols] * cols
    heights = [(1.0 - vertical_spacing * (rows - 1)) / rows] * rows
    # Rows from the top ("top-left" start cell): the first row of `grid` is the top one.
    grid = [[(sum(widths[:c]) + c * horizontal_spacing, sum(heights[:r]) + r * vertical_spacing) for c in range(cols)]
            for r in range(rows)[::-1]]
    layout: dict = {}
    refs, domains = [], []
    for r in range(rows):
        for c in range(cols):
            x_s, x_e = grid[r][c][0] + 0.0, grid[r][c][0] + widths[c] - 0.0
            y_s, y_e = grid[r][c][1] + 0.0, grid[r][c][1] + heights[-1 - r] - 0.0
            y_s = 0.0 if -0.01 < y_s < 0.0 else 1.0 if 1.0 < y_s < 1.01 else y_s
            y_e = 0.0 if -0.01 < y_e < 0.0 else 1.0 if 1.0 < y_e < 1.01 else y_e
            n = len(refs) + 1
            x, y = f"x{n if n > 1 else ''}", f"y{n if n > 1 else ''}"
            layout[f"xaxis{n if n > 1 else ''}"] = {"domain": [x_s, x_e], "anchor": y}
            layout[f"yaxis{n if n > 1 else ''}"] = {"domain": [y_s, y_e], "anchor": x}
            refs.append((x, y))
            domains.append(((x_s, x_e), (y_s, y_e)))

    def axis(ref: str) -> dict:
        return layout[ref[0] + "axis" + ref[1:]]

    if shared_x:  # per column, every axis matches the bottom one and shows no tick labels
        for c in range(cols):
            first = refs[(rows - 1) * cols + c][0]
            for r in range(rows - 2, -1, -1):
                axis(refs[r * cols + c][0]).update(matches=first, showticklabels=False)
    if shared_y:  # per row, every axis matches the first one and shows no tick labels
        for r in range(rows):
            first = refs[r * cols][1]
            for c in range(1, cols):
                axis(refs[r * cols + c][1]).update(matches=first, showticklabels=False)
    layout["annotations"] = [
        {"y": domains[i][1][1], "xref": "paper", "x": sum(domains[i][0]) / 2.0, "yref": "paper", "text": text,
         "showarrow": False, "font": {"size": 16}, "xanchor": "center", "yanchor": "bottom"}
        for i, text in enumerate(titles) if text and i < len(domains)]
    return layout, refs


def _axes_update(layout: dict, letter: str, props: dict) -> None:
    """fig.update_xaxes(props) (letter "x") or update_yaxes on a layout dict: every axis of the
    layout, and the first one even when the layout has none yet (as Plotly does)."""
    keys = dict.fromkeys([letter + "axis", *(k for k in layout if k.startswith(letter + "axis"))])
    for k in keys:
        layout[k] = _merge(layout.get(k, {}), props)


def _panel_breaks_and_bands(xref: str, yref: str, breaks, lo: float, hi: float, bands_too: bool) -> list[dict]:
    """Shapes of one panel: the category bands behind (optional) and a dotted line at each
    method break."""
    shapes = []
    if bands_too:
        for band in bands():
            top = band.upper + (0.1 if band.upper < 100 else 0)
            if top > lo and band.lower < hi:
                shapes.append({"type": "rect", "xref": f"{xref} domain", "yref": yref, "x0": 0, "x1": 1,
                               "y0": max(band.lower, lo), "y1": min(top, hi), "fillcolor": BAND_FILL[band.code],
                               "line": {"width": 0}, "layer": "below"})
    for x, _b, _a in breaks:
        shapes.append({"type": "line", "xref": xref, "yref": f"{yref} domain", "x0": x, "x1": x, "y0": 0, "y1": 1,
                       "line": {"dash": "dot", "color": "#444444", "width": 1.2}})
    return shapes


def legend_below(fig: go.Figure, room: int = 44) -> go.Figure:
    """The legend in its own strip under the plot (anchored to the figure, not the plot), so it
    never covers tick labels or an axis title, whatever the figure's height."""
    fig.update_layout(legend={"orientation": "h", "yref": "container", "y": 0, "yanchor": "bottom", "x": 0,
                              "xanchor": "left"},
                      margin_b=(fig.layout.margin.b or 10) + room)
    return fig


def wrap(text: str, width: int = 60) -> str:
    """Plotly does not wrap text: break it into lines of about `width` characters with <br>."""
    import textwrap

    return "<br>".join(textwrap.wrap(text, width=width, break_long_words=False)) or text


def band_code(score) -> str | None:
    band = band_for(None if score is None or pd.isna(score) else float(score))
    return band.code if band else None


def _num_labels(values, lang: str, sign: bool = False) -> list[str]:
    if isinstance(values, np.ndarray | pd.Series):
        values = values.tolist()
    return ["" if v is None or pd.isna(v) else fmt_num(v, lang, sign=sign) for v in values]


def _breaks_of(*frames: pd.DataFrame | None) -> list[tuple[float, str, str]]:
    """The method breaks of the years shown, across every series (one per change of method):
    each year with the method of its first row that has both."""
    parts = [f for f in frames if f is not None and not f.empty]
    if not parts:
        return []
    years = pd.concat([f["year"] for f in parts], ignore_index=True).to_numpy()
    methods = np.concatenate([f["method"].to_numpy(dtype=object) for f in parts])
    known = ~(pd.isna(years) | pd.isna(methods))
    years, methods = years[known], methods[known]
    _unique, first = np.unique(years, return_index=True)  # sorted years, first row of each
    return _changes(years[first].tolist(), methods[first].tolist())


def change_from_start(series: pd.DataFrame, by: str = "entity_code", col: str = "score") -> pd.DataFrame:
    """`col` as the change in points since the first shown year of the same entity and the same
    method: after a method break the baseline starts again, so no change crosses the break.
    Changes are taken from the rounded figures (rules.delta), as a reader would check them."""
    from berakhlak.domain.rules import delta

    out = series.sort_values([by, "year"]).copy()
    seg = (out["method"] != out.groupby(by)["method"].shift()).cumsum()
    base = out.groupby([out[by], seg])[col].transform("first")  # the first non-missing value, else NaN
    out[col] = [delta(v, b) if pd.notna(v) and pd.notna(b) else None for v, b in zip(out[col], base)]
    out[col] = pd.to_numeric(out[col], errors="coerce")
    return out


def _grouped_segments(frame: pd.DataFrame, by, *cols: str) -> dict:
    """{key: (first row position, method segments as arrays)} for every value of `by` (a column or
    a list of columns): what method_segments(frame[frame[by] == key]) gives, without a scan and a
    DataFrame per key."""
    if frame.empty:
        return {}
    arrays = {c: frame[c].to_numpy() for c in dict.fromkeys([*cols, "year", "method"])}
    whole_years = arrays["year"].dtype.kind in "iu"
    out = {}
    for key, idx in frame.groupby(by, sort=False).indices.items():
        if whole_years:
            order = idx[np.argsort(arrays["year"][idx], kind="quicksort")]  # as sort_values("year") orders
        else:
            order = idx[_year_order(frame.iloc[idx])]
        sub = {c: arrays[c][order] for c in cols}
        out[key] = (int(idx[0]), [{c: a[s:e] for c, a in sub.items()}
                                  for s, e in _method_bounds(arrays["method"][order])])
    return out


def _title(text) -> dict:
    """An axis title as Plotly stores `title=text`: None clears it."""
    return {} if text is None else {"text": text}


def _change_parts(parts: list[dict], lang: str) -> list[dict]:
    """The method segments of one series in change mode that have a change to show: at least two
    shown years of the same method. The first shown year of each is the baseline ("awal" / "start",
    an open marker), never a value of its own: a segment with one year alone is left out rather
    than drawn as a 0 that would read as "no change" (the chart says so instead)."""
    out = []
    for part in parts:
        shown = ~pd.isna(part["score"])
        if shown.sum() < 2:
            continue
        first = int(np.flatnonzero(shown)[0])
        since = t("chart.change_since", lang, year=int(part["year"][first]), method=part["method"][first])
        labels = _num_labels(part["score"], lang, sign=True)
        labels[first] = t("chart.change_start", lang)
        symbols = ["circle-open" if i == first else "circle" for i in range(len(part["score"]))]
        out.append({**part, "text": labels, "symbols": symbols, "since": [since] * len(labels)})
    return out


def _change_regions(series: pd.DataFrame, national: pd.DataFrame | None, lang: str) -> list[dict]:
    """Change mode: a label under each method's years saying what its changes are measured from
    ("ACT-2022: perubahan sejak 2022"), or that it has none to show (no series has two of its
    years). series and national as change_from_start returns them (entity_code, year, method,
    score)."""
    cols = ["entity_code", "year", "method", "score"]
    frame = pd.concat([f[cols] for f in (series, national) if f is not None and not f.empty], ignore_index=True)
    frame = frame.dropna(subset=["method", "year"])
    notes = []
    first_year, last_year = (int(frame["year"].min()), int(frame["year"].max())) if len(frame) else (0, 0)
    for method, g in frame.groupby("method", sort=False):
        years = sorted(set(g["year"].astype(int)))
        shown = g.dropna(subset=["score"])
        counts = shown.groupby("entity_code")["year"].nunique()
        with_change = counts[counts >= 2].index
        x = (years[0] + years[-1]) / 2
        if len(with_change):
            since = sorted(set(shown[shown["entity_code"].isin(with_change)].groupby("entity_code")["year"].min()
                               .astype(int)))
            key = "chart.change_region" if len(since) == 1 else "chart.change_region_each"
            text = t(key, lang, method=method, year=since[0])
            y, anchor = 0.01, "bottom"
        else:
            shown_years = sorted(set(shown["year"].astype(int))) or years
            text = t("chart.change_region_none", lang, method=method, years=", ".join(str(v) for v in shown_years))
            y, anchor = 0.85, "middle"
        # At either end of the axis the label runs inwards, so it never leaves the plot.
        xanchor = "center" if first_year == last_year else (
            "right" if x >= last_year else "left" if x <= first_year else "center")
        notes.append({"x": x, "y": y, "yref": "paper", "yanchor": anchor, "xanchor": xanchor, "text": text,
                      "showarrow": False, "font": {"size": 12, "color": "#333333"},
                      "bgcolor": "rgba(255,255,255,0.9)"})
    return notes


@escapes_data()
def trend_chart(series: pd.DataFrame, lang: str, *, national: pd.DataFrame | None = None,
                mode: str = "absolute", title: str | None = None, subtitle: str | None = None,
                y_title: str | None = None, colors: dict | None = None, labels: bool | None = None,
                height: int = 440, width: int = 900) -> go.Figure:
    """One line per entity over the years, the national average as a dashed reference, the
    category bands behind (absolute mode), and a gap with a note at each method break.
    `width`: about how wide it is drawn (a phone: 370), for the subtitle's line breaks and the
    direct labels' placement.

    series: entity_code, entity_name, year, method, score (NaN = hidden or missing: a gap).
    national: year, method, score. mode: "absolute" or "change": points since the first shown
    year of the same method, within each method's own segment, each segment labelled with what it
    is measured from; a segment of one year has no change and is not drawn (a label says so), so
    no restart at 0 after a break can read as "no change"."""
    data = []
    change = mode == "change"
    codes = list(dict.fromkeys(series["entity_code"]))  # the order chosen: it fixes each one's colour
    regions = []
    if change:
        series = change_from_start(series)
        national = change_from_start(national.assign(entity_code="ID")) if national is not None and not national.empty else national
        regions = _change_regions(series, national, lang)
    colors = colors or {c: SERIES_COLORS[i % len(SERIES_COLORS)] for i, c in enumerate(codes)}
    labels = len(codes) <= 2 if labels is None else labels
    shown_values = list(series["score"].dropna())
    nat_name = t("chart.national", lang)
    if national is not None and not national.empty:
        shown_values += list(national["score"].dropna())
        nat_parts = _segments(national, "year", "score", "method")
        if change:
            nat_parts = _change_parts(nat_parts, lang)
        for i, part in enumerate(nat_parts):
            trace = {
                "type": "scatter", "x": part["year"], "y": part["score"], "mode": "lines+markers", "name": nat_name,
                "line": {"color": NATIONAL_COLOR, "dash": "dash", "width": 2}, "marker": {"size": 6},
                "legendgroup": "national", "showlegend": i == 0, "connectgaps": False,
                "customdata": _num_labels(part["score"], lang, sign=change),
                "hovertemplate": "%{x}: %{customdata}<extra>" + nat_name + "</extra>",
            }
            if change:
                trace["customdata"] = [f"{a} · {b}" for a, b in zip(part["text"], part["since"])]
                trace["marker"] = {"size": 7, "symbol": part["symbols"]}
            data.append(trace)
    groups = _grouped_segments(series, "entity_code", "year", "score", "method")
    names = series["entity_name"].to_numpy()
    for code in codes:
        first, parts = groups[code]
        name = names[first]
        color = colors.get(code, SERIES_COLORS[0])
        # With two entities, the lower one's labels go below its points, so close values don't collide.
        position = "top center"
        if len(codes) == 2:
            other = series.loc[series["entity_code"] != code, "score"].mean()
            position = "top center" if series.loc[series["entity_code"] == code, "score"].mean() >= other \
                else "bottom center"
        if change:
            parts = _change_parts(parts, lang)
        for i, part in enumerate(parts):
            trace = {
                "type": "scatter", "x": part["year"], "y": part["score"], "name": name, "connectgaps": False,
                "mode": "lines+markers+text" if labels else "lines+markers",
                "text": _num_labels(part["score"], lang, sign=change), "textposition": position,
                "textfont": {"size": 13, "color": ink(color)}, "line": {"color": color, "width": 3}, "marker": {"size": 9},
                "legendgroup": code, "showlegend": i == 0,
                "hovertemplate": "%{x}: %{text}<extra>" + name + "</extra>",
            }
            if change:
                trace["text"] = part["text"]
                trace["customdata"] = part["since"]
                trace["marker"] = {"size": 10, "symbol": part["symbols"], "line": {"width": 2, "color": color}}
                trace["hovertemplate"] = "%{x}: %{text} · %{customdata}<extra>" + name + "</extra>"
            data.append(trace)
    shapes, notes = [], []
    if change:
        span = max([abs(v) for v in shown_values] + [2.0]) + 2
        layout = {"yaxis": {"range": [-span, span], "zeroline": True, "zerolinecolor": "#888888", "zerolinewidth": 1.5,
                            "title": {"text": y_title or t("chart.change_axis", lang)}, "gridcolor": "#EEEEEE"}}
        notes += regions
    else:
        lo = max(0.0, min(shown_values, default=50) - 8)
        hi = min(100.0, max(shown_values, default=80) + 8)
        shapes, notes = _band_background(lang, (lo, hi))
        layout = {"yaxis": {"range": [lo, hi], "title": {"text": y_title or t("chart.index_axis", lang)},
                            "gridcolor": "#EEEEEE"}}
    for x, _before, after in _breaks_of(series, national):
        # Labelled inside the plot, so that a subtitle above it never collides with the label.
        shapes.append(_vline(x, dash="dot", color="#444444", width=1.5))
        notes.append({"x": x, "y": 1, "yref": "paper", "yanchor": "top", "text": t("chart.method_break", lang, method=after),
                      "showarrow": False, "font": {"size": 12, "color": "#444444"}, "bgcolor": "rgba(255,255,255,0.85)"})
    if shapes:
        layout["shapes"] = shapes
    if notes:
        layout["annotations"] = notes
    years = set(series["year"]) | (set(national["year"]) if national is not None and not national.empty else set())
    if years:
        layout["xaxis"] = _year_axis(years)
    _base_layout(layout, title, height)
    if subtitle:
        lines = "<br>".join(wrap(part, max(38, min(100, width // 9))) for part in subtitle.split("<br>"))
        # The title block from the top of the figure down (Plotly centres it in the margin by
        # default, and a subtitle of several lines then runs into the plot).
        _merge(layout, {"title": {"subtitle": {"text": lines, "font": {"size": 14, "color": "#333333"}},
                                  "y": 1, "yref": "container", "yanchor": "top", "pad": {"t": 12}},
                        "margin": {"t": 88 + 18 * lines.count("<br>")}})
        if change:  # its subtitle runs to three or four lines: room for the break label under it
            layout["margin"]["t"] += 6 * lines.count("<br>") + 8
    layout["margin"]["r"] = 110
    return _figure(label_layout.apply(data, layout, width=width), layout)


@escapes_data()
def value_small_multiples(series: pd.DataFrame, lang: str, *, national: pd.DataFrame | None = None,
                          colors: dict | None = None, title: str | None = None, height: int | None = None,
                          cols: int = 4) -> go.Figure:
    """The 7 values over the years, one small chart per value (official order), one line per
    entity, the national average dashed; same y scale everywhere; method breaks in every panel.
    `cols` panels a row (4 on a page; 2 on a phone, with the long value names on two lines), the
    legend in the slot after the last panel; year labels always horizontal, fewer when narrow.

    series: entity_code, entity_name, value_code, ord, name_id, name_en, year, method, score.
    national: value_code, year, method, score."""
    name_col = "name_en" if lang == "en" else "name_id"
    order = series.drop_duplicates("value_code").sort_values("ord")
    narrow = cols <= 2
    n_panels = len(order)
    rows = max(1, math.ceil((n_panels + 1) / cols))
    titles = [wrap(n, 14) if narrow else n for n in order[name_col]]
    layout, refs = _grid(rows, cols, titles, shared_y=True, horizontal_spacing=0.03 if not narrow else 0.06,
                         vertical_spacing=min(0.16 if not narrow else 0.09, 0.9 / max(rows - 1, 1)))
    height = height or (520 if rows <= 2 else 150 + 200 * rows)
    for note in layout["annotations"]:  # the panel titles
        note["font"]["size"] = 14 if narrow else 16
    for x_ref, y_ref in refs[n_panels:]:  # the slot(s) after the last panel hold the legend
        layout["xaxis" + x_ref[1:]]["visible"] = False
        layout["yaxis" + y_ref[1:]]["visible"] = False
    spare = layout["xaxis" + refs[-1][0][1:]]["domain"], layout["yaxis" + refs[-1][1][1:]]["domain"]
    codes = list(dict.fromkeys(series["entity_code"]))
    colors = colors or {c: SERIES_COLORS[i % len(SERIES_COLORS)] for i, c in enumerate(codes)}
    values = list(series["score"].dropna()) + (list(national["score"].dropna()) if national is not None else [])
    lo = max(0.0, min(values, default=50) - 5)
    hi = min(100.0, max(values, default=80) + 5)
    breaks = _breaks_of(series, national)
    years = sorted(set(series["year"]))
    nat_name = t("chart.national", lang)
    with_national = national is not None and not national.empty
    nat_groups = _grouped_segments(national, "value_code", "year", "score") if with_national else {}
    groups = _grouped_segments(series, ["value_code", "entity_code"], "year", "score")
    names = series["entity_name"].to_numpy()
    data, shapes = [], []
    for k, vc in enumerate(order["value_code"]):
        xref, yref = refs[k]
        shapes += _panel_breaks_and_bands(xref, yref, breaks, lo, hi, bands_too=True)
        if with_national:
            for i, part in enumerate(nat_groups.get(vc, (0, []))[1]):
                data.append({
                    "type": "scatter", "x": part["year"], "y": part["score"], "mode": "lines+markers", "name": nat_name,
                    "line": {"color": NATIONAL_COLOR, "dash": "dash", "width": 1.5}, "marker": {"size": 4},
                    "legendgroup": "national", "showlegend": k == 0 and i == 0, "connectgaps": False,
                    "customdata": _num_labels(part["score"], lang),
                    "hovertemplate": "%{x}: %{customdata}<extra>" + nat_name + "</extra>", "xaxis": xref, "yaxis": yref})
        for code in codes:
            if (vc, code) not in groups:
                continue
            first, parts = groups[(vc, code)]
            name = names[first]
            for i, part in enumerate(parts):
                data.append({
                    "type": "scatter", "x": part["year"], "y": part["score"], "mode": "lines+markers", "name": name,
                    "line": {"color": colors[code], "width": 2.5}, "marker": {"size": 6}, "connectgaps": False,
                    "legendgroup": code, "showlegend": k == 0 and i == 0,
                    "text": _num_labels(part["score"], lang),
                    "hovertemplate": "%{x}: %{text}<extra>" + name + "</extra>", "xaxis": xref, "yaxis": yref})
    if shapes:
        layout["shapes"] = shapes
    if years:
        _axes_update(layout, "x", {**_year_ticks(years, 4 if narrow else 6), "showgrid": False,
                                   "range": [years[0] - 0.4, years[-1] + 0.4]})
    _axes_update(layout, "y", {"range": [lo, hi], "gridcolor": "#EEEEEE"})
    _base_layout(layout, title, height)
    (sx0, sx1), (sy0, sy1) = spare
    if narrow:  # room for a two-line panel title on top, and for the note under the legend
        layout["margin"]["t"] += 24
        layout["margin"]["b"] += 95
    if breaks:
        after = ", ".join(a for _x, _b, a in breaks)
        layout["annotations"].append({
            "x": sx1, "y": sy0, "yshift": -8 if narrow else 0, "xref": "paper", "yref": "paper", "xanchor": "right",
            "yanchor": "top" if narrow else "bottom",
            "text": wrap(t("chart.method_break_note", lang, method=after), 26 if narrow else 34), "showarrow": False,
            "align": "left", "font": {"size": 12, "color": "#444444"}})
    _merge(layout, {"legend": {"orientation": "v", "x": sx0 if narrow else sx1, "xanchor": "left" if narrow else "right",
                               "y": sy1, "yanchor": "top"}})
    return _figure(data, layout)


@escapes_data()
def ranked_bars(frame: pd.DataFrame, lang: str, *, national: float | None = None,
                highlight: str | None = None, title: str | None = None, x_title: str | None = None,
                height: int | None = None) -> go.Figure:
    """Entities ranked by a score, highest on top, each bar in its category colour; the national
    average as a vertical line; the highlighted entity outlined and in bold.

    frame: entity_code, entity_name, score (rows with NaN are left out: they have no rank)."""
    frame = frame.dropna(subset=["score"]).sort_values(["score", "entity_name"], ascending=[True, False])
    codes, entity_names, scores = frame["entity_code"].tolist(), frame["entity_name"].tolist(), frame["score"].tolist()
    names = [f"<b>{n}</b>" if c == highlight else n for c, n in zip(codes, entity_names)]
    colors = [band_color(s) for s in scores]
    n = len(frame)
    data = [{
        "type": "bar", "x": frame["score"].to_numpy(), "y": list(range(n)), "orientation": "h",
        "marker": {"color": colors,
                   "line": {"color": ["#000000" if c == highlight else "rgba(0,0,0,0)" for c in codes],
                            "width": [3 if c == highlight else 0 for c in codes]}},
        # The score inside the bar's end, so the national line never crosses a label.
        "text": _num_labels(scores, lang), "textposition": "inside", "insidetextanchor": "end",
        "textfont": {"color": [text_color(c) for c in colors], "size": 13}, "cliponaxis": False,
        "customdata": entity_names,
        "hovertemplate": "%{customdata}: %{text}<extra></extra>", "showlegend": False,
    }]
    layout = {"yaxis": {"tickmode": "array", "tickvals": list(range(n)), "ticktext": names, "automargin": True}}
    if national is not None and not pd.isna(national):
        # Beneath the bars: it shows between them and never crosses a score label.
        layout["shapes"] = [{**_vline(national, dash="dash", color=NATIONAL_COLOR, width=2), "layer": "below"}]
        layout["annotations"] = [{"x": national, "y": 1, "yref": "paper", "yanchor": "bottom", "showarrow": False,
                                  "text": t("chart.national_value", lang, value=fmt_num(national, lang)),
                                  "font": {"size": 12, "color": NATIONAL_COLOR}, "bgcolor": "white"}]
    data += _band_legend(lang, scores)
    layout["xaxis"] = {"range": [0, 100], "title": _title(x_title), "gridcolor": "#EEEEEE"}
    # A few bars keep the thickness of many: the axis always spans at least 6 rows, from the top.
    layout["yaxis"]["range"] = [n - 0.5 - max(n, 6), n - 0.5]
    _base_layout(layout, title, height or max(300, 26 * max(n, 6) + 150))
    return _figure(data, _legend_below(layout))


def _band_legend(lang: str, scores=None, extra: list[tuple[str, str]] = ()) -> list[dict]:
    """Legend entries (traces) for the category colours (only those present, when scores are given)."""
    present = {band_code(s) for s in scores} if scores is not None else set(BAND_ORDER)
    out = []
    for band in bands():
        if band.code in present:
            out.append({"type": "scatter", "x": [None], "y": [None], "mode": "markers",
                        "name": f"{band.code} · {band.label(lang)}",
                        "marker": {"symbol": "square", "size": 14, "color": BAND_COLORS[band.code]}, "hoverinfo": "skip"})
    for name, color in extra:
        out.append({"type": "scatter", "x": [None], "y": [None], "mode": "markers", "name": name, "hoverinfo": "skip",
                    "marker": {"symbol": "square", "size": 14, "color": color, "line": {"color": "#999999", "width": 1}}})
    return out


@escapes_data()
def tile_map(frame: pd.DataFrame, tiles: pd.DataFrame, lang: str, *, highlight: str | None = None,
             title: str | None = None, value_label: str | None = None, height: int = 560) -> go.Figure:
    """The 38 provinces as same-size tiles placed roughly geographically, each in the category
    colour of its score and labelled with its short name and score.

    frame: entity_code (province code), entity_name, score (NaN = none shown), status
    ("hidden" = suppressed, anything else with NaN = no data). tiles: code, abbr, col, row."""
    merged = tiles.merge(frame, left_on="code", right_on="entity_code", how="left")
    value_label = value_label or t("chart.score", lang)
    shapes, notes = [], []
    hover_x, hover_y, hover_text = [], [], []
    for r in merged.itertuples():
        score = r.score if hasattr(r, "score") else None
        hidden = getattr(r, "status", None) == "hidden"
        if score is not None and not pd.isna(score):
            fill = BAND_COLORS[band_code(score)]
            label = fmt_num(score, lang)
            hover = f"{r.entity_name}<br>{value_label}: {label} ({band_code(score)})"
        else:
            fill = HIDDEN_COLOR if hidden else MISSING_COLOR
            label = HIDDEN_MARK if hidden else ""
            name = r.entity_name if isinstance(r.entity_name, str) else r.abbr
            hover = f"{name}<br>{hidden_words.generic('respondents', lang) if hidden else t('chart.no_data', lang)}"
        x0, y0 = r.col, r.row
        is_hl = highlight is not None and r.code == highlight
        shapes.append({"type": "rect", "x0": x0 - 0.46, "x1": x0 + 0.46, "y0": y0 - 0.46, "y1": y0 + 0.46,
                       "fillcolor": fill, "line": {"color": "#000000" if is_hl else "#FFFFFF", "width": 3 if is_hl else 1},
                       "layer": "below"})
        notes.append({"x": x0, "y": y0, "text": f"<b>{r.abbr}</b><br>{label}" if label else f"<b>{r.abbr}</b>",
                      "showarrow": False, "font": {"size": 12 if len(r.abbr) <= 7 else 10.5, "color": text_color(fill)},
                      "align": "center"})
        hover_x.append(x0)
        hover_y.append(y0)
        hover_text.append(hover)
    data = [{"type": "scatter", "x": hover_x, "y": hover_y, "mode": "markers", "marker": {"size": 40, "opacity": 0},
             "hovertext": hover_text, "hoverinfo": "text", "showlegend": False}]
    extra = [(t("chart.hidden_short", lang), HIDDEN_COLOR), (t("chart.no_data", lang), MISSING_COLOR)]
    data += _band_legend(lang, frame.get("score", None), extra)
    cols, rows = int(tiles["col"].max()), int(tiles["row"].max())
    layout = {"shapes": shapes, "annotations": notes,
              "xaxis": {"visible": False, "range": [-0.6, cols + 0.6]},
              "yaxis": {"visible": False, "range": [rows + 0.6, -0.6], "scaleanchor": "x", "scaleratio": 1}}
    return _figure(data, _legend_below(_base_layout(layout, title, height)))


def _spread(ys: list[float], gap: float, lo: float | None = None, hi: float | None = None) -> list[float]:
    """Label positions near `ys` (sorted ascending) at least `gap` apart, so labels don't overlap,
    and (when given) within lo..hi, so that none is cut by the plot's edge."""
    out = list(ys)
    for k in range(1, len(out)):
        out[k] = max(out[k], out[k - 1] + gap)
    shift = (sum(ys) - sum(out)) / len(out) if out else 0  # keep them centred on the points
    out = [y + shift for y in out]
    for k in range(len(out) - 2, -1, -1):
        out[k] = min(out[k], out[k + 1] - gap)
    if out and hi is not None and out[-1] > hi:
        out = [y - (out[-1] - hi) for y in out]
    if out and lo is not None and out[0] < lo:
        out = [y + (lo - out[0]) for y in out]
    return out


@escapes_data()
def slope_chart(frame: pd.DataFrame, lang: str, *, year_a: int, year_b: int, comparable: bool,
                method_a: str | None = None, method_b: str | None = None, highlight: str | None = None,
                national: tuple[float | None, float | None] | None = None, title: str | None = None,
                label_top: int = 3, height: int = 560, width: int = 900) -> go.Figure:
    """Each entity's score in two years joined by a line, coloured by the category of its later
    score; the highlighted entity thick and labelled, the national average dotted; the top and
    bottom few labelled. When the two years were measured with different methods, every line is
    grey and dashed and the chart says so above the plot.

    frame: entity_code, entity_name, score_a, score_b (entities with either missing are left out).
    `width`: about how wide it is drawn; narrow (a phone), each label's name goes on lines of its
    own so that it stays within the figure."""
    frame = frame.dropna(subset=["score_a", "score_b"])
    name_chars = 15 if width < 600 else 60
    xa, xb = str(year_a), str(year_b)
    data = []
    n = len(frame)
    labelled = set(frame.nlargest(label_top, "score_b")["entity_code"]) | set(frame.nsmallest(label_top, "score_b")["entity_code"])
    if n <= 12:
        labelled = set(frame["entity_code"])
    labels = []  # (y, text, bold)
    for r in frame.sort_values("score_b").itertuples():
        is_hl = r.entity_code == highlight
        color = band_color(r.score_b) if comparable else "#9E9E9E"
        data.append({
            "type": "scatter", "x": [xa, xb], "y": [r.score_a, r.score_b], "mode": "lines+markers",
            "line": {"color": "#000000" if is_hl else color, "width": 4 if is_hl else 1.6,
                     "dash": "solid" if comparable else "dash"},
            "marker": {"size": 9 if is_hl else 5, "color": color, "line": {"color": "#000000", "width": 1 if is_hl else 0}},
            "opacity": 1 if (is_hl or n <= 12) else 0.7, "showlegend": False,
            "customdata": [fmt_num(r.score_a, lang), fmt_num(r.score_b, lang)],
            "hovertemplate": f"{r.entity_name}<br>%{{x}}: %{{customdata}}<extra></extra>",
        })
        if is_hl or r.entity_code in labelled:
            labels.append((float(r.score_b), f"{wrap(r.entity_name, name_chars)} {fmt_num(r.score_b, lang)}", is_hl))
    if national and all(v is not None and not pd.isna(v) for v in national):
        data.append({"type": "scatter", "x": [xa, xb], "y": list(national), "mode": "lines+markers",
                     "name": t("chart.national", lang), "line": {"color": NATIONAL_COLOR, "dash": "dot", "width": 3},
                     "showlegend": False, "customdata": [fmt_num(v, lang) for v in national],
                     "hovertemplate": t("chart.national", lang) + " %{x}: %{customdata}<extra></extra>"})
        labels.append((float(national[1]), wrap(t("chart.national_value", lang, value=fmt_num(national[1], lang)),
                                               name_chars + 5), None))
    values = list(frame["score_a"]) + list(frame["score_b"]) + ([v for v in national if v is not None] if national else [])
    lo, hi = (min(values, default=0), max(values, default=100))
    pad = max((hi - lo) * 0.06, 1)
    labels.sort()
    lines = max([1] + [text.count("<br>") + 1 for _y, text, _b in labels])
    gap = (hi - lo + 2 * pad) * 0.045 * (1 + 0.8 * (lines - 1)) * 560 / height
    ys = _spread([y for y, _t, _b in labels], gap, lo - pad + gap / 2, hi + pad - gap / 2)
    # a category axis places annotations by the index of the category
    notes = [{"x": 1, "y": ly, "xshift": 10, "xanchor": "left", "showarrow": False,
              "text": f"<b>{text}</b>" if bold else text,
              "font": {"size": 13 if bold else 12, "color": NATIONAL_COLOR if bold is None else "#222222"}}
             for (_y, text, bold), ly in zip(labels, ys)]
    layout = {"xaxis": {"type": "category", "categoryorder": "array", "categoryarray": [xa, xb], "range": [-0.15, 2.2],
                        "showgrid": False},
              "yaxis": {"title": {"text": t("chart.score", lang)}, "gridcolor": "#EEEEEE", "range": [lo - pad, hi + pad]}}
    if notes:
        layout["annotations"] = notes
    _base_layout(layout, title, height)
    if not comparable:
        layout.setdefault("annotations", []).append({
            "x": 0, "y": 1.02, "xref": "paper", "yref": "paper", "xanchor": "left", "yanchor": "bottom",
            "text": "⚠ " + t("chart.not_comparable_note", lang, a=method_a or "?", b=method_b or "?"),
            "showarrow": False, "font": {"size": 13, "color": "#8A3B00"}, "bgcolor": "#FFF3E0"})
        layout["margin"]["t"] = max(layout["margin"]["t"] or 30, 100)
    return _figure(data, layout)


@escapes_data()
def value_distribution(frame: pd.DataFrame, lang: str, *, highlight: tuple[str, float] | None = None,
                       national: float | None = None, title: str | None = None, x_title: str | None = None,
                       height: int = 380) -> go.Figure:
    """How a score is spread across the entities of a level: a histogram in bins of 2.5 points
    (the band limits 25, 50 and 75 are bin edges), each bin in its category colour; the user's
    entity and the national figure as labelled vertical lines. frame: score (NaN left out)."""
    from berakhlak.domain.rules import round_half_up

    scores = [round_half_up(s) for s in frame["score"].dropna()]
    data = []
    for band in bands():
        part = [s for s in scores if band_code(s) == band.code]
        if part:
            data.append({"type": "histogram", "x": part, "xbins": {"start": 0, "end": 100.001, "size": 2.5},
                         "name": f"{band.code} · {band.label(lang)}",
                         "marker": {"color": BAND_COLORS[band.code], "line": {"color": "white", "width": 1}},
                         "hovertemplate": t("chart.hist_hover", lang) + "<extra></extra>"})
    layout = {"barmode": "stack"}
    shapes, notes = [], []
    if national is not None and not pd.isna(national):
        shapes.append(_vline(national, dash="dash", color=NATIONAL_COLOR, width=2))
        notes.append({"x": national, "y": 1, "yref": "paper", "yanchor": "bottom", "xanchor": "right", "showarrow": False,
                      "text": t("chart.national_value", lang, value=fmt_num(national, lang)),
                      "font": {"size": 12, "color": NATIONAL_COLOR}})
    if highlight and highlight[1] is not None and not pd.isna(highlight[1]):
        name, score = highlight
        shapes.append(_vline(score, color="#000000", width=3))
        right_half = score > (min(scores, default=score) + max(scores, default=score)) / 2
        notes.append({"x": score, "y": 0.92, "yref": "paper", "xanchor": "right" if right_half else "left",
                      "xshift": -4 if right_half else 4, "showarrow": False, "bgcolor": "white",
                      "text": f"<b>{name}</b> {fmt_num(score, lang)}", "font": {"size": 13}})
    if shapes:
        layout["shapes"] = shapes
        layout["annotations"] = notes
    lo = max(0, min(scores + [national or 100, highlight[1] if highlight and highlight[1] is not None else 100]) - 5)
    hi = min(100, max(scores + [national or 0, highlight[1] if highlight and highlight[1] is not None else 0]) + 5)
    layout["xaxis"] = {"range": [lo, hi], "title": _title(x_title), "dtick": 5}
    layout["yaxis"] = {"title": {"text": t("chart.count_axis", lang)}, "gridcolor": "#EEEEEE", "tickformat": "d",
                       "rangemode": "tozero"}
    return _figure(data, _legend_below(_base_layout(layout, title, height)))


def heatmap_rows(frame: pd.DataFrame, hidden_col: str):
    """The rows of a heatmap (score_heatmap, charts_diff.comparison_heatmap) in the frame's order:
    `col_values(col)`, a column as a list (all None when the column is None or absent), and
    whether each row is hidden."""
    rows = frame.reset_index(drop=True)
    n = len(rows)

    def col_values(col) -> list:
        return rows[col].tolist() if col is not None and col in rows else [None] * n

    hidden = rows[hidden_col].fillna(False).astype(bool).tolist() if hidden_col in rows else [False] * n
    return col_values, hidden


@escapes_data()
def score_heatmap(frame: pd.DataFrame, columns: list[tuple[str, str]], lang: str, *,
                  row_label: str = "entity_name", n_col: str | None = "respondents",
                  hidden_col: str = "suppressed", reason_col: str | None = "suppression",
                  highlight: str | None = None, title: str | None = None, height: int | None = None) -> go.Figure:
    """Rows × score columns (the index and the 7 values) in the category colours, each cell
    labelled with its score; n beside each row; a hidden (suppressed) cell shows "—" and its
    reason, never a number. Rows are drawn in the frame's order, first on top.

    columns: (column name, header label) pairs. frame: row_label, the score columns (NaN where
    hidden or missing), n_col, hidden_col (bool), reason_col ("respondents"/"complementary"),
    entity_code (for `highlight`)."""
    col_values, hidden = heatmap_rows(frame, hidden_col)
    n = len(hidden)
    row_names, reasons, codes = col_values(row_label), col_values(reason_col), col_values("entity_code")
    cells = [(header, col_values(col)) for col, header in columns]
    hidden_text = {reason: hidden_words.generic(reason, lang)
                   for reason in set(reasons)} if any(hidden) else {}
    no_data = t("chart.no_data", lang)
    z, text, hover = [], [], []
    for i in range(n):
        zr, tr, hr = [], [], []
        for header, vals in cells:
            v = vals[i]
            if hidden[i]:
                zr.append(4)
                tr.append(HIDDEN_MARK)
                hr.append(f"{row_names[i]} · {header}<br>{hidden_text[reasons[i]]}")
            elif v is None or pd.isna(v):
                zr.append(5)
                tr.append("")
                hr.append(f"{row_names[i]} · {header}<br>{no_data}")
            else:
                code = band_code(v)
                label = fmt_num(v, lang)
                zr.append(BAND_ORDER.index(code))
                tr.append(label)
                hr.append(f"{row_names[i]} · {header}: {label} ({code})")
        z.append(zr)
        text.append(tr)
        hover.append(hr)
    palette = [BAND_COLORS[c] for c in BAND_ORDER] + [HIDDEN_COLOR, MISSING_COLOR]
    scale = []
    for k, c in enumerate(palette):
        scale += [(k / len(palette), c), ((k + 1) / len(palette), c)]
    counts = col_values(n_col) if n_col and n_col in frame else None
    ylabels = []
    for i in range(n):
        label = str(row_names[i])
        if counts is not None:
            label += f"  ·  n={fmt_int(counts[i], lang)}" if pd.notna(counts[i]) else "  ·  n=–"
        if highlight is not None and codes[i] == highlight:
            label = f"<b>{label}</b>"
        ylabels.append(label)
    headers = [h for _c, h in columns]
    data = [{
        "type": "heatmap", "z": z, "x": headers, "y": list(range(n)), "text": text, "hovertext": hover,
        "hoverinfo": "text", "colorscale": scale, "zmin": -0.5, "zmax": len(palette) - 0.5, "showscale": False,
        "xgap": 2, "ygap": 2,
    }, cell_labels(headers * n, [i for i in range(n) for _h in headers], [v for tr in text for v in tr],
                   [palette[v] for zr in z for v in zr])]
    layout = {"yaxis": {"tickmode": "array", "tickvals": list(range(n)), "ticktext": ylabels, "autorange": "reversed",
                        "automargin": True, "showgrid": False},
              "xaxis": {"side": "top", "showgrid": False, "tickangle": 0, "automargin": True}}
    extra = [(t("chart.hidden_short", lang), HIDDEN_COLOR)] if any(hidden) else []
    data += _band_legend(lang, None, extra)
    _base_layout(layout, title, height or max(240, 30 * n + 170))
    layout["margin"]["t"] = 110 if title else 70
    return _figure(data, _legend_below(layout))


@escapes_data()
def change_heatmap(frame: pd.DataFrame, columns: list[tuple[str, str]], lang: str, *,
                   row_label: str = "entity_name", comparable: bool = True, flagged: set | None = None,
                   title: str | None = None, height: int | None = None) -> go.Figure:
    """The change since the previous year per row and column, on a diverging scale (green up,
    purple down), labelled "+1,2"; "—" where either year is hidden or missing; the biggest
    falls (`flagged`, a set of (row index, column)) marked ▼. When the two years are not
    comparable (different methods) no number is shown at all."""
    rows = frame.reset_index(drop=True)
    flagged = flagged or set()
    n = len(rows)
    row_names = rows[row_label].tolist()
    cells = [(col, header, rows[col].tolist() if col in rows else [None] * n) for col, header in columns]
    not_comparable, no_change, points = t("chart.not_comparable", lang), t("chart.no_change", lang), t("chart.points", lang)
    z, text, hover = [], [], []
    for i in range(n):
        zr, tr, hr = [], [], []
        for col, header, vals in cells:
            v = vals[i]
            if not comparable:
                zr.append(None)
                tr.append("≠")
                hr.append(f"{row_names[i]} · {header}: {not_comparable}")
            elif v is None or pd.isna(v):
                zr.append(None)
                tr.append(HIDDEN_MARK)
                hr.append(f"{row_names[i]} · {header}: {no_change}")
            else:
                zr.append(float(v))
                label = fmt_num(v, lang, sign=True)
                mark = "▼ " if (i, col) in flagged else ""
                tr.append(f"<b>{mark}{label}</b>" if mark else label)
                hr.append(f"{row_names[i]} · {header}: {label} {points}")
        z.append(zr)
        text.append(tr)
        hover.append(hr)
    span = max([abs(v) for zr in z for v in zr if v is not None] + [1.0])
    scale = [(0, FALL_COLOR), (0.5, "#F7F7F7"), (1, RISE_COLOR)]
    headers = [h for _c, h in columns]
    data = [{
        "type": "heatmap", "z": z, "x": headers, "y": list(range(n)), "text": text, "hovertext": hover,
        "hoverinfo": "text", "zmin": -span, "zmax": span, "zmid": 0, "colorscale": scale,
        "xgap": 2, "ygap": 2, "colorbar": {"title": {"text": points}, "thickness": 12, "len": 0.8},
    }, cell_labels(headers * n, [i for i in range(n) for _h in headers], [v for tr in text for v in tr],
                   [MISSING_COLOR if v is None else scale_color(0.5 + v / (2 * span), scale) for zr in z for v in zr])]
    layout = {"yaxis": {"tickmode": "array", "tickvals": list(range(n)), "ticktext": list(rows[row_label]),
                        "autorange": "reversed", "automargin": True, "showgrid": False},
              "xaxis": {"side": "top", "showgrid": False, "tickangle": 0, "automargin": True}}
    _base_layout(layout, title, height or max(240, 30 * n + 150))
    layout["margin"]["t"] = 110 if title else 70
    layout["plot_bgcolor"] = MISSING_COLOR
    return _figure(data, layout)


@escapes_data()
def grouped_value_bars(frame: pd.DataFrame, lang: str, *, colors: dict | None = None,
                       title: str | None = None, height: int = 460) -> go.Figure:
    """The 7 values of a few series (an entity, the national figure, a peer) as grouped
    horizontal bars, official order from the top. frame: series, value_code, ord, name_id,
    name_en, score (NaN = hidden or missing: no bar, marked "—")."""
    name_col = "name_en" if lang == "en" else "name_id"
    data = []
    names = list(dict.fromkeys(frame["series"]))
    colors = colors or {}
    for i, s in enumerate(reversed(names)):
        g = frame[frame["series"] == s].sort_values("ord", ascending=False)
        data.append({
            "type": "bar", "x": g["score"].to_numpy(), "y": g[name_col].to_numpy(), "orientation": "h", "name": s,
            "marker": {"color": colors.get(s, SERIES_COLORS[(len(names) - 1 - i) % len(SERIES_COLORS)])},
            "text": [HIDDEN_MARK if pd.isna(v) else fmt_num(v, lang) for v in g["score"].tolist()],
            "textposition": "outside", "cliponaxis": False, "hovertemplate": "%{y}: %{text}<extra>" + s + "</extra>",
        })
    layout = {"xaxis": {"range": [0, 105], "title": {"text": t("chart.score", lang)}, "gridcolor": "#EEEEEE"},
              "yaxis": {"automargin": True}}
    _legend_below(_base_layout(layout, title, height))
    _merge(layout, {"barmode": "group", "legend": {"traceorder": "reversed"}})
    return _figure(data, layout)


@escapes_data()
def gap_bars(frame: pd.DataFrame, lang: str, *, home: str, bench: str, colors: tuple[str, str] = PAIR_COLORS,
             title: str | None = None, height: int = 420) -> go.Figure:
    """The per-value gap between a benchmark and the home entity (benchmark − home, in points),
    as diverging bars: the benchmark's largest lead on top. frame: label, gap (NaN = not
    comparable: left out), in the order to draw (largest lead first)."""
    frame = frame.dropna(subset=["gap"])
    home_color, bench_color = colors
    gaps, labels = frame["gap"].tolist(), list(frame["label"])
    data = [{
        "type": "bar", "x": frame["gap"].to_numpy(), "y": list(range(len(frame))), "orientation": "h",
        "marker": {"color": [bench_color if g > 0 else home_color for g in gaps]},
        "text": [fmt_num(g, lang, sign=True) for g in gaps], "textposition": "outside", "cliponaxis": False,
        "customdata": labels, "hovertemplate": "%{customdata}: %{text}<extra></extra>", "showlegend": False,
    }]
    span = max([abs(g) for g in gaps] + [1.0]) * 1.25 + 1
    layout = {"yaxis": {"tickmode": "array", "tickvals": list(range(len(frame))), "ticktext": labels,
                        "autorange": "reversed", "automargin": True},
              "xaxis": {"range": [-span, span], "zeroline": True, "zerolinecolor": "#444444", "zerolinewidth": 2,
                        "gridcolor": "#EEEEEE", "title": {"text": t("chart.gap_axis_short", lang)}}}
    # Who leads on which side: a legend under the plot (above it, two names would collide when
    # the plot is narrow).
    for name, color in ((t("chart.leads", lang, name=bench), bench_color), (t("chart.leads", lang, name=home), home_color)):
        data.append({"type": "scatter", "x": [None], "y": [None], "mode": "markers", "name": name, "hoverinfo": "skip",
                     "marker": {"symbol": "square", "size": 14, "color": color}})
    return _figure(data, _legend_below(_base_layout(layout, title, height)))


@escapes_data()
def unit_small_multiples(series: pd.DataFrame, lang: str, *, parent: pd.DataFrame | None = None,
                         parent_name: str | None = None, cols: int = 3, title: str | None = None) -> go.Figure:
    """Each unit's index over the years, one small chart per unit, with the instansi's index as
    a dashed reference; hidden years are gaps; method breaks in every panel.

    series: entity_code, entity_name, year, method, score. parent: year, method, score."""
    codes = list(dict.fromkeys(series["entity_code"]))
    groups = _grouped_segments(series, "entity_code", "year", "score")
    all_names = series["entity_name"].to_numpy()
    names = [all_names[groups[c][0]] for c in codes]
    n_rows = max(1, -(-len(codes) // cols))
    layout, refs = _grid(n_rows, cols, names, shared_x=True, shared_y=True, horizontal_spacing=0.04,
                         vertical_spacing=0.5 / max(n_rows, 1) if n_rows > 1 else 0.1)
    values = list(series["score"].dropna()) + (list(parent["score"].dropna()) if parent is not None else [])
    lo = max(0.0, min(values, default=50) - 5)
    hi = min(100.0, max(values, default=80) + 5)
    breaks = _breaks_of(series, parent)
    years = sorted(set(series["year"]))
    # The parent's line is the same in every panel: its parts and labels, once.
    parent_parts = [(part, _num_labels(part["score"], lang)) for part in _segments(parent, "year", "score")] \
        if parent is not None and not parent.empty else []
    parent_label = parent_name or t("chart.parent", lang)
    parent_hover = "%{x}: %{customdata}<extra>" + (parent_name or "") + "</extra>"
    data, shapes = [], []
    for k, code in enumerate(codes):
        xref, yref = refs[k]
        shapes += _panel_breaks_and_bands(xref, yref, breaks, lo, hi, bands_too=False)
        for i, (part, labels) in enumerate(parent_parts):
            data.append({
                "type": "scatter", "x": part["year"], "y": part["score"], "mode": "lines", "name": parent_label,
                "line": {"color": NATIONAL_COLOR, "dash": "dash", "width": 1.5}, "legendgroup": "parent",
                "showlegend": k == 0 and i == 0, "customdata": labels, "hovertemplate": parent_hover,
                "xaxis": xref, "yaxis": yref})
        for part in groups[code][1]:
            scores = part["score"].tolist()
            data.append({
                "type": "scatter", "x": part["year"], "y": part["score"], "mode": "lines+markers",
                "line": {"color": SERIES_COLORS[0], "width": 2.5},
                "marker": {"size": 6, "color": [band_color(s) for s in scores],
                           "line": {"color": SERIES_COLORS[0], "width": 1}},
                "connectgaps": False, "showlegend": False, "text": _num_labels(scores, lang),
                "hovertemplate": "%{x}: %{text}<extra>" + names[k] + "</extra>", "xaxis": xref, "yaxis": yref})
    if shapes:
        layout["shapes"] = shapes
    if years:
        _axes_update(layout, "x", {**_year_ticks(years, 4 if cols <= 2 else 6), "showgrid": False,
                                   "range": [years[0] - 0.4, years[-1] + 0.4], "showticklabels": True})
    _axes_update(layout, "y", {"range": [lo, hi], "gridcolor": "#EEEEEE"})
    for note in layout["annotations"]:
        note["font"]["size"] = 13
    _base_layout(layout, title, 190 * n_rows + 120)
    if breaks:
        plot_height = 190 * n_rows + 120 - 110 - 10  # figure height minus the top and bottom margins
        layout["annotations"].append({
            "x": 1, "y": 1 + 100 / plot_height, "xref": "paper", "yref": "paper", "xanchor": "right", "yanchor": "top",
            "text": t("chart.method_break_note", lang, method=", ".join(a for _x, _b, a in breaks)),
            "showarrow": False, "font": {"size": 12, "color": "#444444"}})
    _merge(layout, {"legend": {"orientation": "h", "y": 0.995, "yanchor": "top", "x": 0, "yref": "container",
                               "xanchor": "left"}, "margin": {"t": 110}})
    return _figure(data, layout)


# Builders that colour by the difference from a comparator (issue 13), reachable as charts.<name>
# like the others (the pages' cached `figure` looks builders up here).
from berakhlak.present.charts_diff import comparison_heatmap, comparison_tile_map  # noqa: E402,F401
