"""Chart builders: pure functions from DataFrames to Plotly figures. No database, no Streamlit.

Conventions kept here, for every page:
- year axes show whole years (never 2,022.5);
- the category bands use one colour-blind-safe palette (blue for healthy through vermilion);
- a change of survey method is drawn as a break: no line crosses it, and it is labelled;
- every label comes from `t` in the language asked for, numbers from `fmt_num`.
"""
from __future__ import annotations

import html

import pandas as pd
import plotly.graph_objects as go

from berakhlak.i18n import fmt_num, t
from berakhlak.rules import band_for, bands

# Okabe–Ito based, ordered A (healthy) to D: distinguishable with the common colour-vision
# deficiencies and in greyscale (dark to light to dark-warm).
BAND_COLORS = {"A": "#0072B2", "B": "#56B4E9", "C": "#E69F00", "D": "#D55E00"}
BAND_FILL = {"A": "rgba(0,114,178,0.08)", "B": "rgba(86,180,233,0.10)",
             "C": "rgba(230,159,0,0.10)", "D": "rgba(213,94,0,0.10)"}
NATIONAL_COLOR = "#555555"
SERIES_COLORS = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000"]
FONT = dict(family="Source Sans Pro, Segoe UI, Arial, sans-serif", size=14)


def plain(text) -> str:
    """Text from the data (a name) as Plotly shows it: Plotly renders a subset of HTML in titles,
    legends and hover labels (<b>, <a href>, <br>), so every tag is escaped and shown as text."""
    return html.escape("" if text is None else str(text), quote=False)


def band_color(score: float | None) -> str:
    band = band_for(score)
    return BAND_COLORS[band.code] if band else "#BBBBBB"


def base_layout(fig: go.Figure, title: str | None = None, height: int = 420) -> go.Figure:
    fig.update_layout(
        title=dict(text=title, x=0, xanchor="left") if title else None,
        font=FONT, height=height, margin=dict(l=10, r=10, t=70 if title else 30, b=10),
        plot_bgcolor="white", paper_bgcolor="white",
        legend=dict(orientation="h", yanchor="top", y=-0.12, xanchor="left", x=0),
        hoverlabel=dict(font_size=14),
    )
    return fig


def year_axis(fig: go.Figure, years) -> go.Figure:
    """Whole-year ticks, only for the years present."""
    years = sorted({int(y) for y in years})
    fig.update_xaxes(tickmode="array", tickvals=years, ticktext=[str(y) for y in years],
                     tickformat="d", showgrid=False,
                     range=[years[0] - 0.4, years[-1] + 0.4] if years else None)
    return fig


def add_band_background(fig: go.Figure, lang: str, y_range: tuple[float, float]) -> go.Figure:
    """The category bands as faint horizontal stripes, labelled on the right."""
    lo, hi = y_range
    for band in bands():
        top = band.upper + (0.1 if band.upper < 100 else 0)
        if top <= lo or band.lower >= hi:
            continue
        fig.add_hrect(y0=max(band.lower, lo), y1=min(top, hi), fillcolor=BAND_FILL[band.code],
                      line_width=0, layer="below")
        fig.add_annotation(x=1.01, xref="paper", xanchor="left", y=(max(band.lower, lo) + min(top, hi)) / 2,
                           text=f"{band.code} · {band.label(lang)}", showarrow=False,
                           font=dict(size=11, color=BAND_COLORS[band.code]), opacity=0.9)
    return fig


def method_segments(frame: pd.DataFrame) -> list[pd.DataFrame]:
    """Split a series (sorted by year) where the method changes: each part is drawn as its own
    line, so no line crosses a break."""
    frame = frame.sort_values("year")
    change = (frame["method"] != frame["method"].shift()).cumsum()
    return [part for _, part in frame.groupby(change, sort=True)]


def method_breaks(frame: pd.DataFrame) -> list[tuple[float, str, str]]:
    """(x position between the two years, method before, method after) for each change."""
    frame = frame.dropna(subset=["method"]).sort_values("year")
    out = []
    prev = None
    for r in frame.itertuples():
        if prev is not None and r.method != prev.method:
            out.append(((prev.year + r.year) / 2, prev.method, r.method))
        prev = r
    return out


def add_method_breaks(fig: go.Figure, breaks, lang: str) -> go.Figure:
    for x, _before, after in breaks:
        fig.add_vline(x=x, line_dash="dot", line_color="#444444", line_width=1.5)
        fig.add_annotation(x=x, y=1, yref="paper", yanchor="bottom", text=t("chart.method_break", lang, method=after),
                           showarrow=False, font=dict(size=12, color="#444444"), bgcolor="white")
    return fig


def index_trend(series: pd.DataFrame, lang: str, national: pd.DataFrame | None = None,
                title: str | None = None, height: int = 420) -> go.Figure:
    """The index of one or more entities over the years.

    series: entity_name, year, idx, method. national: year, idx, method (optional).
    """
    fig = go.Figure()
    all_years = set(series["year"])
    values = list(series["idx"].dropna())
    if national is not None and not national.empty:
        all_years |= set(national["year"])
        values += list(national["idx"])
        for i, part in enumerate(method_segments(national)):
            fig.add_trace(go.Scatter(
                x=part["year"], y=part["idx"], mode="lines+markers", name=t("chart.national", lang),
                line=dict(color=NATIONAL_COLOR, dash="dash", width=2), marker=dict(size=6),
                legendgroup="national", showlegend=i == 0,
                hovertemplate="%{x}: %{customdata}<extra>" + t("chart.national", lang) + "</extra>",
                customdata=[fmt_num(v, lang) for v in part["idx"]],
            ))
    for n, (raw_name, g) in enumerate(series.groupby("entity_name", sort=False)):
        name = plain(raw_name)
        color = SERIES_COLORS[n % len(SERIES_COLORS)]
        for i, part in enumerate(method_segments(g.dropna(subset=["idx"]))):
            labels = [fmt_num(v, lang) for v in part["idx"]]
            fig.add_trace(go.Scatter(
                x=part["year"], y=part["idx"], mode="lines+markers+text", name=name,
                text=labels, textposition="top center", textfont=dict(size=13, color=color),
                line=dict(color=color, width=3), marker=dict(size=9),
                legendgroup=name, showlegend=i == 0,
                hovertemplate="%{x}: %{text}<extra>" + name + "</extra>",
            ))
    lo = max(0.0, min(values, default=50) - 8)
    hi = min(100.0, max(values, default=80) + 8)
    add_band_background(fig, lang, (lo, hi))
    fig.update_yaxes(range=[lo, hi], title=t("chart.index_axis", lang), gridcolor="#EEEEEE")
    breaks = method_breaks(series)
    add_method_breaks(fig, breaks, lang)
    year_axis(fig, all_years)
    base_layout(fig, title, height)
    fig.update_layout(margin_r=110)  # room for the band labels
    return fig


def value_bars(values: pd.DataFrame, lang: str, national: pd.DataFrame | None = None,
               title: str | None = None, height: int = 400) -> go.Figure:
    """The 7 values of one entity-year as horizontal bars in the category colours, with the
    national figure as a marker. values: value_code, name_id, name_en, score (official order)."""
    name_col = "name_en" if lang == "en" else "name_id"
    frame = values.sort_values("ord", ascending=False)
    fig = go.Figure(go.Bar(
        x=frame["score"], y=frame[name_col], orientation="h",
        marker_color=[band_color(s) for s in frame["score"]],
        text=[fmt_num(s, lang) for s in frame["score"]], textposition="outside",
        textfont=dict(size=14), name=t("chart.score", lang), cliponaxis=False,
        hovertemplate="%{y}: %{text}<extra></extra>",
    ))
    if national is not None and not national.empty:
        nat = national.set_index("value_code").reindex(frame["value_code"])
        fig.add_trace(go.Scatter(
            x=nat["score"], y=frame[name_col], mode="markers", name=t("chart.national", lang),
            marker=dict(symbol="line-ns", size=22, line=dict(width=3, color=NATIONAL_COLOR)),
            customdata=[fmt_num(s, lang) for s in nat["score"]],
            hovertemplate="%{y}: %{customdata}<extra>" + t("chart.national", lang) + "</extra>",
        ))
    fig.update_xaxes(range=[0, 105], title=t("chart.score", lang), gridcolor="#EEEEEE")
    fig.update_yaxes(automargin=True)
    return base_layout(fig, title, height)


def chart_config(filename: str) -> dict:
    """Plotly's own PNG download, with a meaningful file name at print quality."""
    return {"displaylogo": False, "toImageButtonOptions": {"format": "png", "filename": filename, "scale": 3}}
