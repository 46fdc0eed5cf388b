"""Chart builders of the internal evaluation and the Rencana Aksi: pure functions from DataFrames
to Plotly figures (no database, no Streamlit), following berakhlak.charts' conventions: labels
from `t`, numbers from `fmt_num`, the band palette for scores, whole-unit axes.

Traffic-light colours are Okabe–Ito (vermilion, yellow, bluish green), always with the status
written next to them, so they read without colour too.
"""
from __future__ import annotations

from datetime import date

import pandas as pd
import plotly.graph_objects as go

from berakhlak.charts import BAND_COLORS, band_color, base_layout
from berakhlak.i18n import fmt_num, t
from berakhlak.rules import VALUE_CODES, bands

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


def unit_value_heatmap(frame: pd.DataFrame, values: pd.DataFrame, lang: str, title: str | None = None,
                       suppressed_text: str | None = None) -> go.Figure:
    """Units × the 7 values of the internal survey. frame: rows of evaluation.scores (entity_name,
    survey_status, BP..KL); a hidden row shows its reason instead of numbers."""
    names = _value_names(lang, values)
    rows = frame.iloc[::-1]  # first row on top
    z, text = [], []
    for _, r in rows.iterrows():
        z.append([r[c] if pd.notna(r[c]) else None for c in VALUE_CODES])
        if r["survey_status"] in ("suppressed", "complementary"):
            text.append([suppressed_text or "–"] * len(VALUE_CODES))
        else:
            text.append([fmt_num(r[c], lang) if pd.notna(r[c]) else "–" for c in VALUE_CODES])
    fig = go.Figure(go.Heatmap(
        z=z, x=[names[c].replace(" ", "<br>") for c in VALUE_CODES], y=list(rows["entity_name"]), text=text,
        texttemplate="%{text}", textfont={"size": 13}, zmin=0, zmax=100, colorscale=_band_colorscale(),
        showscale=False, xgap=2, ygap=2, hoverongaps=False,
        hovertemplate="%{y}<br>%{x}: %{text}<extra></extra>",
    ))
    fig.update_xaxes(side="top", tickangle=0)
    fig.update_yaxes(automargin=True)
    height = 130 + 36 * len(rows)
    fig = base_layout(fig, title, max(280, height))
    fig.update_layout(plot_bgcolor="#F3F3F3", margin={"t": 120 if title else 70})
    return fig


def score_bars(frame: pd.DataFrame, lang: str, title: str | None = None) -> go.Figure:
    """Per unit: survey, institution (evidence) and combined score side by side."""
    rows = frame.iloc[::-1]
    fig = go.Figure()
    series = (("survey_idx", t("eval.col.survey", lang), None),
              ("inst_score", t("eval.col.institution", lang), "/"),
              ("combined", t("eval.col.combined", lang), "."))
    for col, label, pattern in series:
        vals = rows[col]
        fig.add_trace(go.Bar(
            y=rows["entity_name"], x=vals, orientation="h", name=label,
            marker={"color": [band_color(v) for v in vals], "pattern_shape": pattern,
                        "line": {"color": "#333333", "width": 0.5}},
            text=[fmt_num(v, lang) if pd.notna(v) else "" for v in vals], textposition="outside",
            cliponaxis=False, hovertemplate="%{y} · " + label + ": %{text}<extra></extra>",
        ))
    fig.update_layout(barmode="group", bargap=0.25)
    fig.update_xaxes(range=[0, 108], title=t("chart.score", lang), gridcolor="#EEEEEE")
    fig.update_yaxes(automargin=True)
    fig = base_layout(fig, title, max(320, 110 + 60 * len(rows)))
    fig.update_layout(legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "xanchor": "left", "x": 0},
                      margin={"t": 100 if title else 50})
    return fig


def action_timeline(items: pd.DataFrame, lang: str, today: date, title: str | None = None) -> go.Figure:
    """The action items on their due dates, one row per item, coloured and shaped by status,
    with today as a line; overdue items are ringed and labelled."""
    frame = items.dropna(subset=["due_date"]).copy()
    frame["due_date"] = pd.to_datetime(frame["due_date"])
    frame = frame.sort_values(["due_date", "entity_name"], ascending=[False, True])
    frame["label"] = [_short(f"{u} · {a}", 60) for u, a in zip(frame["entity_name"], frame["action"])]
    fig = go.Figure()
    for status in STATUS_ORDER:
        part = frame[frame["status"] == status]
        if part.empty:
            continue
        fig.add_trace(go.Scatter(
            x=part["due_date"], y=part["label"], mode="markers", name=t(f"action.status.{status}", lang),
            marker={"size": 16, "color": STATUS_COLORS[status], "symbol": STATUS_SYMBOLS[status],
                        "line": {"color": ["#000000" if o else "#555555" for o in part["overdue"]],
                                  "width": [3 if o else 1 for o in part["overdue"]]}},
            customdata=[[t(f"action.status.{status}", lang),
                         t("action.overdue", lang) if o else ""] for o in part["overdue"]],
            hovertemplate="%{y}<br>%{x|%d-%m-%Y} · %{customdata[0]} %{customdata[1]}<extra></extra>",
        ))
    for r in frame[frame["overdue"]].itertuples():
        # A label right of the marker, a fixed number of pixels away whatever the time span.
        fig.add_annotation(x=r.due_date, y=r.label, text=t("action.overdue", lang), showarrow=False,
                           xanchor="left", xshift=12, font={"color": "#B00020", "size": 12})
    fig.add_vline(x=pd.Timestamp(today).value / 1e6, line_dash="dash", line_color="#333333")
    fig.add_annotation(x=pd.Timestamp(today), y=1, yref="paper", yanchor="bottom",
                       text=t("action.today", lang), showarrow=False, font={"size": 12})
    fig.update_xaxes(tickformat="%b %Y", gridcolor="#EEEEEE", title=t("action.col.due", lang))
    fig.update_yaxes(automargin=True, categoryorder="array", categoryarray=list(frame["label"]))
    return base_layout(fig, title, max(320, 120 + 30 * len(frame)))


def _short(text: str, n: int = 70) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def status_by_value(items: pd.DataFrame, values: pd.DataFrame, lang: str, title: str | None = None) -> go.Figure:
    """Counts of action items per value (official order) and status, stacked."""
    names = _value_names(lang, values)
    codes = list(VALUE_CODES) + ([None] if items["value_code"].isna().any() else [])
    labels = [names[c] if c else t("action.value_general", lang) for c in codes][::-1]
    fig = go.Figure()
    for status in STATUS_ORDER:
        counts = [int(((items["value_code"] == c) if c else items["value_code"].isna())
                      [items["status"] == status].sum()) for c in codes][::-1]
        fig.add_trace(go.Bar(
            y=labels, x=counts, orientation="h", name=t(f"action.status.{status}", lang),
            marker={"color": STATUS_COLORS[status], "line": {"color": "#333333", "width": 0.5}},
            text=[str(c) if c else "" for c in counts], textposition="inside",
            insidetextfont={"color": "#000000" if status == "kuning" else "#FFFFFF"},
            hovertemplate="%{y}: %{x}<extra>" + t(f"action.status.{status}", lang) + "</extra>",
        ))
    fig.update_layout(barmode="stack", legend_traceorder="normal")
    fig.update_xaxes(dtick=1, tickformat="d", title=t("action.count_axis", lang), gridcolor="#EEEEEE")
    fig.update_yaxes(automargin=True)
    return base_layout(fig, title, 380)
