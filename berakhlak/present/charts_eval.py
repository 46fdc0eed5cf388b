"""Chart builders of the internal evaluation and the Rencana Aksi: pure functions from DataFrames
to Plotly figures (no database, no Streamlit), following berakhlak.present.charts' conventions: labels
from `t`, numbers from `fmt_num`, the band palette for scores, whole-unit axes.

Traffic-light colours are Okabe–Ito (vermilion, yellow, bluish green), always with the status
written next to them, so they read without colour too.

Built as berakhlak.present.charts builds: plain dicts, one unvalidated go.Figure (see its docstring);
tests/test_charts_equivalence.py validates them.
"""
from __future__ import annotations

from collections import Counter
from datetime import date

import pandas as pd
import plotly.graph_objects as go

from berakhlak.present.charts import (BAND_COLORS, _base_layout, _figure, _merge, band_code, band_color, cell_labels,
                                      escapes_data, text_color)
from berakhlak.i18n import fmt_num, t
from berakhlak.domain.rules import VALUE_CODES, bands

STATUS_COLORS = {"merah": "#D55E00", "kuning": "#F0E442", "hijau": "#009E73"}
STATUS_SYMBOLS = {"merah": "x", "kuning": "diamond", "hijau": "circle"}
STATUS_ORDER = ("merah", "kuning", "hijau")


def _value_names(lang: str, values: pd.DataFrame) -> dict[str, str]:
    col = "name_en" if lang == "en" else "name_id"
    return dict(zip(values["code"], values[col]))


def _band_colorscale() -> list:
    """A stepped colour scale over 0..100 in the band colours (D lowest to A highest)."""
    scale = []
    for band in sorted(bands(), key=lambda b: b.lower):
        lo, hi = band.lower / 100, min(1.0, (band.upper + 0.1) / 100)
        scale += [[lo, BAND_COLORS[band.code]], [hi, BAND_COLORS[band.code]]]
    return scale


@escapes_data()
def unit_value_heatmap(frame: pd.DataFrame, values: pd.DataFrame, lang: str, title: str | None = None,
                       suppressed_text: str | None = None) -> go.Figure:
    """Units × the 7 values of the internal survey. frame: rows of evaluation.scores (entity_name,
    survey_status, BP..KL); a hidden row shows its reason instead of numbers."""
    names = _value_names(lang, values)
    rows = frame.iloc[::-1]  # first row on top
    scores = [rows[c].tolist() for c in VALUE_CODES]
    z, text = [], []
    for i, status in enumerate(rows["survey_status"].tolist()):
        row = [col[i] for col in scores]
        z.append([v if pd.notna(v) else None for v in row])
        if status in ("suppressed", "complementary"):
            text.append([suppressed_text or "–"] * len(VALUE_CODES))
        else:
            text.append([fmt_num(v, lang) if pd.notna(v) else "–" for v in row])
    data = [{
        "type": "heatmap", "z": z, "x": [names[c].replace(" ", "<br>") for c in VALUE_CODES],
        "y": list(rows["entity_name"]), "text": text,
        "zmin": 0, "zmax": 100, "colorscale": _band_colorscale(), "showscale": False, "xgap": 2, "ygap": 2,
        "hoverongaps": False, "hovertemplate": "%{y}<br>%{x}: %{text}<extra></extra>",
    }]
    xs = data[0]["x"]
    data.append(cell_labels(xs * len(rows), [y for y in data[0]["y"] for _x in xs], [v for tr in text for v in tr],
                            [BAND_COLORS[band_code(v)] if v is not None else "#F3F3F3" for zr in z for v in zr]))
    layout = {"xaxis": {"side": "top", "tickangle": 0}, "yaxis": {"automargin": True}}
    _base_layout(layout, title, max(280, 130 + 36 * len(rows)))
    _merge(layout, {"plot_bgcolor": "#F3F3F3", "margin": {"t": 120 if title else 70}})
    return _figure(data, layout)


@escapes_data()
def score_bars(frame: pd.DataFrame, lang: str, title: str | None = None) -> go.Figure:
    """Per unit: survey, institution (evidence) and combined score side by side."""
    rows = frame.iloc[::-1]
    names = rows["entity_name"].to_numpy()
    data = []
    series = (("survey_idx", t("eval.col.survey", lang), None),
              ("inst_score", t("eval.col.institution", lang), "/"),
              ("combined", t("eval.col.combined", lang), "."))
    for col, label, pattern in series:
        vals = rows[col].tolist()
        marker = {"color": [band_color(v) for v in vals], "line": {"color": "#333333", "width": 0.5}}
        if pattern is not None:
            marker["pattern"] = {"shape": pattern}
        data.append({
            "type": "bar", "y": names, "x": rows[col].to_numpy(), "orientation": "h", "name": label, "marker": marker,
            "text": [fmt_num(v, lang) if pd.notna(v) else "" for v in vals], "textposition": "outside",
            "cliponaxis": False, "hovertemplate": "%{y} · " + label + ": %{text}<extra></extra>",
        })
    layout = {"barmode": "group", "bargap": 0.25,
              "xaxis": {"range": [0, 108], "title": {"text": t("chart.score", lang)}, "gridcolor": "#EEEEEE"},
              "yaxis": {"automargin": True}}
    _base_layout(layout, title, max(320, 110 + 60 * len(rows)))
    _merge(layout, {"legend": {"orientation": "h", "yanchor": "bottom", "y": 1.0, "xanchor": "left", "x": 0},
                    "margin": {"t": 100 if title else 50}})
    return _figure(data, layout)


@escapes_data()
def action_timeline(items: pd.DataFrame, lang: str, today: date, title: str | None = None) -> go.Figure:
    """The action items on their due dates, one row per item, coloured and shaped by status,
    with today as a line; overdue items are ringed and labelled."""
    frame = items.dropna(subset=["due_date"]).copy()
    frame["due_date"] = pd.to_datetime(frame["due_date"])
    frame = frame.sort_values(["due_date", "entity_name"], ascending=[False, True])
    frame["label"] = [_short(f"{u} · {a}", 60) for u, a in zip(frame["entity_name"], frame["action"])]
    data = []
    for status in STATUS_ORDER:
        part = frame[frame["status"] == status]
        if part.empty:
            continue
        name = t(f"action.status.{status}", lang)
        overdue = part["overdue"].tolist()
        data.append({
            "type": "scatter", "x": part["due_date"].to_numpy(), "y": part["label"].to_numpy(), "mode": "markers",
            "name": name,
            "marker": {"size": 16, "color": STATUS_COLORS[status], "symbol": STATUS_SYMBOLS[status],
                       "line": {"color": ["#000000" if o else "#555555" for o in overdue],
                                "width": [3 if o else 1 for o in overdue]}},
            "customdata": [[name, t("action.overdue", lang) if o else ""] for o in overdue],
            "hovertemplate": "%{y}<br>%{x|%d-%m-%Y} · %{customdata[0]} %{customdata[1]}<extra></extra>",
        })
    # A label right of each overdue marker, a fixed number of pixels away whatever the time span.
    late = frame[frame["overdue"]]
    notes = [{"x": when, "y": label, "text": t("action.overdue", lang), "showarrow": False, "xanchor": "left",
              "xshift": 12, "font": {"color": "#B00020", "size": 12}}
             for when, label in zip(late["due_date"], late["label"])]
    notes.append({"x": pd.Timestamp(today), "y": 1, "yref": "paper", "yanchor": "bottom", "text": t("action.today", lang),
                  "showarrow": False, "font": {"size": 12}})
    layout = {"annotations": notes,
              "shapes": [{"type": "line", "x0": pd.Timestamp(today).value / 1e6, "x1": pd.Timestamp(today).value / 1e6,
                          "xref": "x", "y0": 0, "y1": 1, "yref": "y domain", "line": {"dash": "dash", "color": "#333333"}}],
              "xaxis": {"tickformat": "%b %Y", "gridcolor": "#EEEEEE", "title": {"text": t("action.col.due", lang)}},
              "yaxis": {"automargin": True, "categoryorder": "array", "categoryarray": list(frame["label"])}}
    return _figure(data, _base_layout(layout, title, max(320, 120 + 30 * len(frame))))


def _short(text: str, n: int = 70) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


@escapes_data()
def status_by_value(items: pd.DataFrame, values: pd.DataFrame, lang: str, title: str | None = None) -> go.Figure:
    """Counts of action items per value (official order) and status, stacked."""
    names = _value_names(lang, values)
    value_codes = items["value_code"].to_numpy(dtype=object)
    general = pd.isna(value_codes)
    codes = list(VALUE_CODES) + ([None] if general.any() else [])
    labels = [names[c] if c else t("action.value_general", lang) for c in codes][::-1]
    # Items per (value, status); None: no value (general).
    per_cell = Counter(zip([None if g else v for v, g in zip(value_codes, general)], items["status"].tolist()))
    data = []
    for status in STATUS_ORDER:
        counts = [per_cell[(c, status)] for c in codes][::-1]
        name = t(f"action.status.{status}", lang)
        data.append({
            "type": "bar", "y": labels, "x": counts, "orientation": "h", "name": name,
            "marker": {"color": STATUS_COLORS[status], "line": {"color": "#333333", "width": 0.5}},
            "text": [str(c) if c else "" for c in counts], "textposition": "inside",
            "insidetextfont": {"color": text_color(STATUS_COLORS[status])},
            "hovertemplate": "%{y}: %{x}<extra>" + name + "</extra>",
        })
    layout = {"barmode": "stack", "legend": {"traceorder": "normal"},
              "xaxis": {"dtick": 1, "tickformat": "d", "title": {"text": t("action.count_axis", lang)},
                        "gridcolor": "#EEEEEE"},
              "yaxis": {"automargin": True}}
    return _figure(data, _base_layout(layout, title, 380))
