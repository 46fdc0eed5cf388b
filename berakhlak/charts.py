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
from plotly.subplots import make_subplots

from berakhlak.i18n import fmt_int, fmt_num, t
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
    # The legend under the axis title rather than on it.
    return legend_below(base_layout(fig, title, height))


def chart_config(filename: str) -> dict:
    """Plotly's own PNG download, with a meaningful file name at print quality."""
    return {"displaylogo": False, "toImageButtonOptions": {"format": "png", "filename": filename, "scale": 3}}



# --- builders of the analysis pages (Tren, Perbandingan, Nilai, Studi banding, Unit) ----------
# Conventions, as above. Input frames carry scores already masked by berakhlak.suppression: a
# hidden score is NaN here, so no builder can show it; builders mark it instead ("—").

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


def text_color(background: str) -> str:
    """Black or white, whichever contrasts more with the background (WCAG contrast ratio)."""
    lum = _luminance(background)
    on_white = (1.05) / (lum + 0.05)
    on_black = (lum + 0.05) / 0.05
    return "#FFFFFF" if on_white > on_black else "#000000"


def _panel_refs(fig: go.Figure, row: int, col: int) -> tuple[str, str]:
    """The axis references ("x3", "y3") of one panel of a make_subplots figure."""
    panel = fig.get_subplot(row, col)
    return panel.xaxis.plotly_name.replace("axis", ""), panel.yaxis.plotly_name.replace("axis", "")


def _panel_breaks_and_bands(xref: str, yref: str, breaks, lo: float, hi: float, bands_too: bool) -> list[dict]:
    """Shapes of one panel: the category bands behind (optional) and a dotted line at each
    method break. Built as plain dicts and set once, because add_vline/add_hrect per panel are
    slow."""
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
    return ["" if v is None or pd.isna(v) else fmt_num(v, lang, sign=sign) for v in values]


def _breaks_of(*frames: pd.DataFrame | None) -> list[tuple[float, str, str]]:
    """The method breaks of the years shown, across every series (one per change of method)."""
    parts = [f[["year", "method"]] for f in frames if f is not None and not f.empty]
    if not parts:
        return []
    years = pd.concat(parts).dropna().drop_duplicates("year").sort_values("year")
    return method_breaks(years)


def change_from_start(series: pd.DataFrame, by: str = "entity_code", col: str = "score") -> pd.DataFrame:
    """`col` as the change in points since the first shown year of the same entity and the same
    method: after a method break the baseline starts again, so no change crosses the break.
    Changes are taken from the rounded figures (rules.delta), as a reader would check them."""
    from berakhlak.rules import delta

    out = series.sort_values([by, "year"]).copy()
    seg = (out["method"] != out.groupby(by)["method"].shift()).cumsum()
    base = out.groupby([out[by], seg])[col].transform(lambda s: s.dropna().iloc[0] if s.notna().any() else None)
    out[col] = [delta(v, b) if pd.notna(v) and pd.notna(b) else None for v, b in zip(out[col], base)]
    out[col] = pd.to_numeric(out[col], errors="coerce")
    return out


def trend_chart(series: pd.DataFrame, lang: str, *, national: pd.DataFrame | None = None,
                mode: str = "absolute", title: str | None = None, subtitle: str | None = None,
                y_title: str | None = None, colors: dict | None = None, labels: bool | None = None,
                height: int = 440) -> go.Figure:
    """One line per entity over the years, the national average as a dashed reference, the
    category bands behind (absolute mode), and a gap with a note at each method break.

    series: entity_code, entity_name, year, method, score (NaN = hidden or missing: a gap).
    national: year, method, score. mode: "absolute" or "change" (points since the first year of
    the same method)."""
    fig = go.Figure()
    change = mode == "change"
    codes = list(dict.fromkeys(series["entity_code"]))  # the order chosen: it fixes each one's colour
    if change:
        series = change_from_start(series)
        national = change_from_start(national.assign(entity_code="ID")) if national is not None and not national.empty else national
    colors = colors or {c: SERIES_COLORS[i % len(SERIES_COLORS)] for i, c in enumerate(codes)}
    labels = len(codes) <= 2 if labels is None else labels
    shown_values = list(series["score"].dropna())
    nat_name = t("chart.national", lang)
    if national is not None and not national.empty:
        shown_values += list(national["score"].dropna())
        for i, part in enumerate(method_segments(national)):
            fig.add_trace(go.Scatter(
                x=part["year"], y=part["score"], mode="lines+markers", name=nat_name,
                line={"color": NATIONAL_COLOR, "dash": "dash", "width": 2}, marker={"size": 6},
                legendgroup="national", showlegend=i == 0, connectgaps=False,
                customdata=_num_labels(part["score"], lang, sign=change),
                hovertemplate="%{x}: %{customdata}<extra>" + nat_name + "</extra>",
            ))
    for _n, code in enumerate(codes):
        g = series[series["entity_code"] == code]
        name = g["entity_name"].iloc[0]
        color = colors.get(code, SERIES_COLORS[0])
        # With two entities, the lower one's labels go below its points, so close values don't collide.
        position = "top center"
        if len(codes) == 2:
            other = series.loc[series["entity_code"] != code, "score"].mean()
            position = "top center" if g["score"].mean() >= other else "bottom center"
        for i, part in enumerate(method_segments(g)):
            text = _num_labels(part["score"], lang, sign=change)
            fig.add_trace(go.Scatter(
                x=part["year"], y=part["score"], name=name, connectgaps=False,
                mode="lines+markers+text" if labels else "lines+markers",
                text=text, textposition=position, textfont={"size": 13, "color": color},
                line={"color": color, "width": 3}, marker={"size": 9},
                legendgroup=code, showlegend=i == 0,
                hovertemplate="%{x}: %{text}<extra>" + name + "</extra>",
            ))
    if change:
        span = max([abs(v) for v in shown_values] + [2.0]) + 2
        fig.update_yaxes(range=[-span, span], zeroline=True, zerolinecolor="#888888", zerolinewidth=1.5,
                         title=y_title or t("chart.change_axis", lang), gridcolor="#EEEEEE")
    else:
        lo = max(0.0, min(shown_values, default=50) - 8)
        hi = min(100.0, max(shown_values, default=80) + 8)
        add_band_background(fig, lang, (lo, hi))
        fig.update_yaxes(range=[lo, hi], title=y_title or t("chart.index_axis", lang), gridcolor="#EEEEEE")
    for x, _before, after in _breaks_of(series, national):
        # Labelled inside the plot, so that a subtitle above it never collides with the label.
        fig.add_vline(x=x, line_dash="dot", line_color="#444444", line_width=1.5)
        fig.add_annotation(x=x, y=1, yref="paper", yanchor="top", text=t("chart.method_break", lang, method=after),
                           showarrow=False, font={"size": 12, "color": "#444444"}, bgcolor="rgba(255,255,255,0.85)")
    years = set(series["year"]) | (set(national["year"]) if national is not None and not national.empty else set())
    if years:
        year_axis(fig, years)
    base_layout(fig, title, height)
    if subtitle:
        lines = "<br>".join(wrap(part, 100) for part in subtitle.split("<br>"))
        fig.update_layout(title_subtitle_text=lines, title_subtitle_font={"size": 14, "color": "#333333"},
                          margin_t=88 + 18 * lines.count("<br>"))
    fig.update_layout(margin_r=110)
    return fig


def value_small_multiples(series: pd.DataFrame, lang: str, *, national: pd.DataFrame | None = None,
                          colors: dict | None = None, title: str | None = None, height: int = 520) -> go.Figure:
    """The 7 values over the years, one small chart per value (official order), one line per
    entity, the national average dashed; same y scale everywhere; method breaks in every panel.

    series: entity_code, entity_name, value_code, ord, name_id, name_en, year, method, score.
    national: value_code, year, method, score."""
    name_col = "name_en" if lang == "en" else "name_id"
    order = series.drop_duplicates("value_code").sort_values("ord")
    fig = make_subplots(rows=2, cols=4, subplot_titles=list(order[name_col]), shared_yaxes=True,
                        horizontal_spacing=0.03, vertical_spacing=0.16)
    codes = list(dict.fromkeys(series["entity_code"]))
    colors = colors or {c: SERIES_COLORS[i % len(SERIES_COLORS)] for i, c in enumerate(codes)}
    values = list(series["score"].dropna()) + (list(national["score"].dropna()) if national is not None else [])
    lo = max(0.0, min(values, default=50) - 5)
    hi = min(100.0, max(values, default=80) + 5)
    breaks = _breaks_of(series, national)
    years = sorted(set(series["year"]))
    nat_name = t("chart.national", lang)
    traces, rows, cols, shapes = [], [], [], []

    def add(trace, row, col):
        traces.append(trace)
        rows.append(row)
        cols.append(col)

    for k, vc in enumerate(order["value_code"]):
        row, col = k // 4 + 1, k % 4 + 1
        shapes += _panel_breaks_and_bands(*_panel_refs(fig, row, col), breaks, lo, hi, bands_too=True)
        if national is not None and not national.empty:
            nv = national[national["value_code"] == vc]
            for i, part in enumerate(method_segments(nv)):
                add(go.Scatter(
                    x=part["year"], y=part["score"], mode="lines+markers", name=nat_name,
                    line={"color": NATIONAL_COLOR, "dash": "dash", "width": 1.5}, marker={"size": 4},
                    legendgroup="national", showlegend=k == 0 and i == 0, connectgaps=False,
                    customdata=_num_labels(part["score"], lang),
                    hovertemplate="%{x}: %{customdata}<extra>" + nat_name + "</extra>"), row, col)
        for code in codes:
            g = series[(series["entity_code"] == code) & (series["value_code"] == vc)]
            if g.empty:
                continue
            name = g["entity_name"].iloc[0]
            for i, part in enumerate(method_segments(g)):
                add(go.Scatter(
                    x=part["year"], y=part["score"], mode="lines+markers", name=name,
                    line={"color": colors[code], "width": 2.5}, marker={"size": 6}, connectgaps=False,
                    legendgroup=code, showlegend=k == 0 and i == 0,
                    text=_num_labels(part["score"], lang),
                    hovertemplate="%{x}: %{text}<extra>" + name + "</extra>"), row, col)
    if traces:
        fig.add_traces(traces, rows=rows, cols=cols)
    fig.update_layout(shapes=shapes)
    if years:
        fig.update_xaxes(tickmode="array", tickvals=years, ticktext=[str(y) for y in years], tickformat="d",
                         showgrid=False, range=[years[0] - 0.4, years[-1] + 0.4])
    fig.update_yaxes(range=[lo, hi], gridcolor="#EEEEEE")
    base_layout(fig, title, height)
    if breaks:
        after = ", ".join(a for _x, _b, a in breaks)
        fig.add_annotation(x=1, y=0.05, xref="paper", yref="paper", xanchor="right", yanchor="bottom",
                           text=wrap(t("chart.method_break_note", lang, method=after), 34), showarrow=False,
                           align="left", font={"size": 12, "color": "#444444"})
    fig.update_layout(legend={"orientation": "v", "x": 1, "xanchor": "right", "y": 0.42, "yanchor": "top"})
    return fig


def ranked_bars(frame: pd.DataFrame, lang: str, *, national: float | None = None,
                highlight: str | None = None, title: str | None = None, x_title: str | None = None,
                height: int | None = None) -> go.Figure:
    """Entities ranked by a score, highest on top, each bar in its category colour; the national
    average as a vertical line; the highlighted entity outlined and in bold.

    frame: entity_code, entity_name, score (rows with NaN are left out: they have no rank)."""
    frame = frame.dropna(subset=["score"]).sort_values(["score", "entity_name"], ascending=[True, False])
    names = [f"<b>{n}</b>" if c == highlight else n for c, n in zip(frame["entity_code"], frame["entity_name"])]
    colors = [band_color(s) for s in frame["score"]]
    fig = go.Figure(go.Bar(
        x=frame["score"], y=list(range(len(frame))), orientation="h",
        marker={"color": colors,
                "line": {"color": ["#000000" if c == highlight else "rgba(0,0,0,0)" for c in frame["entity_code"]],
                         "width": [3 if c == highlight else 0 for c in frame["entity_code"]]}},
        # The score inside the bar's end, so the national line never crosses a label.
        text=_num_labels(frame["score"], lang), textposition="inside", insidetextanchor="end",
        textfont={"color": [text_color(c) for c in colors], "size": 13}, cliponaxis=False,
        customdata=list(frame["entity_name"]),
        hovertemplate="%{customdata}: %{text}<extra></extra>", showlegend=False,
    ))
    fig.update_yaxes(tickmode="array", tickvals=list(range(len(frame))), ticktext=names, automargin=True)
    if national is not None and not pd.isna(national):
        # Beneath the bars: it shows between them and never crosses a score label.
        fig.add_vline(x=national, line_dash="dash", line_color=NATIONAL_COLOR, line_width=2, layer="below")
        fig.add_annotation(x=national, y=1, yref="paper", yanchor="bottom", showarrow=False,
                           text=t("chart.national_value", lang, value=fmt_num(national, lang)),
                           font={"size": 12, "color": NATIONAL_COLOR}, bgcolor="white")
    _band_legend(fig, lang, frame["score"])
    fig.update_xaxes(range=[0, 100], title=x_title, gridcolor="#EEEEEE")
    n = len(frame)
    # A few bars keep the thickness of many: the axis always spans at least 6 rows, from the top.
    fig.update_yaxes(range=[n - 0.5 - max(n, 6), n - 0.5])
    base_layout(fig, title, height or max(300, 26 * max(n, 6) + 150))
    return legend_below(fig)


def _band_legend(fig: go.Figure, lang: str, scores=None, extra: list[tuple[str, str]] = ()) -> None:
    """Legend entries for the category colours (only those present, when scores are given)."""
    present = {band_code(s) for s in scores} if scores is not None else set(BAND_ORDER)
    for band in bands():
        if band.code in present:
            fig.add_trace(go.Scatter(x=[None], y=[None], mode="markers", name=f"{band.code} · {band.label(lang)}",
                                     marker={"symbol": "square", "size": 14, "color": BAND_COLORS[band.code]},
                                     hoverinfo="skip"))
    for name, color in extra:
        fig.add_trace(go.Scatter(x=[None], y=[None], mode="markers", name=name, hoverinfo="skip",
                                 marker={"symbol": "square", "size": 14, "color": color, "line": {"color": "#999999", "width": 1}}))


def tile_map(frame: pd.DataFrame, tiles: pd.DataFrame, lang: str, *, highlight: str | None = None,
             title: str | None = None, value_label: str | None = None, height: int = 560) -> go.Figure:
    """The 38 provinces as same-size tiles placed roughly geographically, each in the category
    colour of its score and labelled with its short name and score.

    frame: entity_code (province code), entity_name, score (NaN = none shown), status
    ("hidden" = suppressed, anything else with NaN = no data). tiles: code, abbr, col, row."""
    data = tiles.merge(frame, left_on="code", right_on="entity_code", how="left")
    fig = go.Figure()
    value_label = value_label or t("chart.score", lang)
    hover_x, hover_y, hover_text = [], [], []
    for r in data.itertuples():
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
            hover = f"{name}<br>{t('chart.hidden' if hidden else 'chart.no_data', lang)}"
        x0, y0 = r.col, r.row
        is_hl = highlight is not None and r.code == highlight
        fig.add_shape(type="rect", x0=x0 - 0.46, x1=x0 + 0.46, y0=y0 - 0.46, y1=y0 + 0.46, fillcolor=fill,
                      line={"color": "#000000" if is_hl else "#FFFFFF", "width": 3 if is_hl else 1}, layer="below")
        color = text_color(fill)
        fig.add_annotation(x=x0, y=y0, text=f"<b>{r.abbr}</b><br>{label}" if label else f"<b>{r.abbr}</b>",
                           showarrow=False, font={"size": 12 if len(r.abbr) <= 7 else 10.5, "color": color},
                           align="center")
        hover_x.append(x0)
        hover_y.append(y0)
        hover_text.append(hover)
    fig.add_trace(go.Scatter(x=hover_x, y=hover_y, mode="markers", marker={"size": 40, "opacity": 0},
                             hovertext=hover_text, hoverinfo="text", showlegend=False))
    extra = [(t("chart.hidden_short", lang), HIDDEN_COLOR), (t("chart.no_data", lang), MISSING_COLOR)]
    _band_legend(fig, lang, frame.get("score", None), extra)
    cols, rows = int(tiles["col"].max()), int(tiles["row"].max())
    fig.update_xaxes(visible=False, range=[-0.6, cols + 0.6])
    fig.update_yaxes(visible=False, range=[rows + 0.6, -0.6], scaleanchor="x", scaleratio=1)
    base_layout(fig, title, height)
    return legend_below(fig)


def _spread(ys: list[float], gap: float) -> list[float]:
    """Label positions near `ys` (sorted ascending) at least `gap` apart, so labels don't overlap."""
    out = list(ys)
    for k in range(1, len(out)):
        out[k] = max(out[k], out[k - 1] + gap)
    shift = (sum(ys) - sum(out)) / len(out) if out else 0  # keep them centred on the points
    out = [y + shift for y in out]
    for k in range(len(out) - 2, -1, -1):
        out[k] = min(out[k], out[k + 1] - gap)
    return out


def slope_chart(frame: pd.DataFrame, lang: str, *, year_a: int, year_b: int, comparable: bool,
                method_a: str | None = None, method_b: str | None = None, highlight: str | None = None,
                national: tuple[float | None, float | None] | None = None, title: str | None = None,
                label_top: int = 3, height: int = 560) -> go.Figure:
    """Each entity's score in two years joined by a line, coloured by the category of its later
    score; the highlighted entity thick and labelled, the national average dotted; the top and
    bottom few labelled. When the two years were measured with different methods, every line is
    grey and dashed and the chart says so above the plot.

    frame: entity_code, entity_name, score_a, score_b (entities with either missing are left out)."""
    frame = frame.dropna(subset=["score_a", "score_b"])
    xa, xb = str(year_a), str(year_b)
    fig = go.Figure()
    n = len(frame)
    labelled = set(frame.nlargest(label_top, "score_b")["entity_code"]) | set(frame.nsmallest(label_top, "score_b")["entity_code"])
    if n <= 12:
        labelled = set(frame["entity_code"])
    labels = []  # (y, text, bold)
    for r in frame.sort_values("score_b").itertuples():
        is_hl = r.entity_code == highlight
        color = band_color(r.score_b) if comparable else "#9E9E9E"
        fig.add_trace(go.Scatter(
            x=[xa, xb], y=[r.score_a, r.score_b], mode="lines+markers",
            line={"color": "#000000" if is_hl else color, "width": 4 if is_hl else 1.6,
                  "dash": "solid" if comparable else "dash"},
            marker={"size": 9 if is_hl else 5, "color": color, "line": {"color": "#000000", "width": 1 if is_hl else 0}},
            opacity=1 if (is_hl or n <= 12) else 0.7, showlegend=False,
            customdata=[fmt_num(r.score_a, lang), fmt_num(r.score_b, lang)],
            hovertemplate=f"{r.entity_name}<br>%{{x}}: %{{customdata}}<extra></extra>",
        ))
        if is_hl or r.entity_code in labelled:
            labels.append((float(r.score_b), f"{r.entity_name} {fmt_num(r.score_b, lang)}", is_hl))
    if national and all(v is not None and not pd.isna(v) for v in national):
        fig.add_trace(go.Scatter(x=[xa, xb], y=list(national), mode="lines+markers", name=t("chart.national", lang),
                                 line={"color": NATIONAL_COLOR, "dash": "dot", "width": 3}, showlegend=False,
                                 customdata=[fmt_num(v, lang) for v in national],
                                 hovertemplate=t("chart.national", lang) + " %{x}: %{customdata}<extra></extra>"))
        labels.append((float(national[1]), t("chart.national_value", lang, value=fmt_num(national[1], lang)), None))
    values = list(frame["score_a"]) + list(frame["score_b"]) + ([v for v in national if v is not None] if national else [])
    lo, hi = (min(values, default=0), max(values, default=100))
    pad = max((hi - lo) * 0.06, 1)
    labels.sort()
    ys = _spread([y for y, _t, _b in labels], (hi - lo + 2 * pad) * 0.045)
    for (_y, text, bold), ly in zip(labels, ys):
        # a category axis places annotations by the index of the category
        fig.add_annotation(x=1, y=ly, xshift=10, xanchor="left", showarrow=False, text=f"<b>{text}</b>" if bold else text,
                           font={"size": 13 if bold else 12, "color": NATIONAL_COLOR if bold is None else "#222222"})
    fig.update_xaxes(type="category", categoryorder="array", categoryarray=[xa, xb], range=[-0.15, 2.2],
                     showgrid=False)
    fig.update_yaxes(title=t("chart.score", lang), gridcolor="#EEEEEE", range=[lo - pad, hi + pad])
    base_layout(fig, title, height)
    if not comparable:
        fig.add_annotation(x=0, y=1.02, xref="paper", yref="paper", xanchor="left", yanchor="bottom",
                           text="⚠ " + t("chart.not_comparable_note", lang, a=method_a or "?", b=method_b or "?"),
                           showarrow=False, font={"size": 13, "color": "#8A3B00"}, bgcolor="#FFF3E0")
        fig.update_layout(margin_t=max(fig.layout.margin.t or 30, 100))
    return fig


def value_distribution(frame: pd.DataFrame, lang: str, *, highlight: tuple[str, float] | None = None,
                       national: float | None = None, title: str | None = None, x_title: str | None = None,
                       height: int = 380) -> go.Figure:
    """How a score is spread across the entities of a level: a histogram in bins of 2.5 points
    (the band limits 25, 50 and 75 are bin edges), each bin in its category colour; the user's
    entity and the national figure as labelled vertical lines. frame: score (NaN left out)."""
    from berakhlak.rules import round_half_up

    scores = [round_half_up(s) for s in frame["score"].dropna()]
    fig = go.Figure()
    for band in bands():
        part = [s for s in scores if band_code(s) == band.code]
        if part:
            fig.add_trace(go.Histogram(x=part, xbins={"start": 0, "end": 100.001, "size": 2.5}, name=f"{band.code} · {band.label(lang)}",
                                       marker={"color": BAND_COLORS[band.code], "line": {"color": "white", "width": 1}},
                                       hovertemplate=t("chart.hist_hover", lang) + "<extra></extra>"))
    fig.update_layout(barmode="stack")
    if national is not None and not pd.isna(national):
        fig.add_vline(x=national, line_dash="dash", line_color=NATIONAL_COLOR, line_width=2)
        fig.add_annotation(x=national, y=1, yref="paper", yanchor="bottom", xanchor="right", showarrow=False,
                           text=t("chart.national_value", lang, value=fmt_num(national, lang)),
                           font={"size": 12, "color": NATIONAL_COLOR})
    if highlight and highlight[1] is not None and not pd.isna(highlight[1]):
        name, score = highlight
        fig.add_vline(x=score, line_color="#000000", line_width=3)
        right_half = score > (min(scores, default=score) + max(scores, default=score)) / 2
        fig.add_annotation(x=score, y=0.92, yref="paper", xanchor="right" if right_half else "left",
                           xshift=-4 if right_half else 4, showarrow=False, bgcolor="white",
                           text=f"<b>{name}</b> {fmt_num(score, lang)}", font={"size": 13})
    lo = max(0, min(scores + [national or 100, highlight[1] if highlight and highlight[1] is not None else 100]) - 5)
    hi = min(100, max(scores + [national or 0, highlight[1] if highlight and highlight[1] is not None else 0]) + 5)
    fig.update_xaxes(range=[lo, hi], title=x_title, dtick=5)
    fig.update_yaxes(title=t("chart.count_axis", lang), gridcolor="#EEEEEE", tickformat="d", rangemode="tozero")
    return legend_below(base_layout(fig, title, height))


def score_heatmap(frame: pd.DataFrame, columns: list[tuple[str, str]], lang: str, *,
                  row_label: str = "entity_name", n_col: str | None = "respondents",
                  hidden_col: str = "suppressed", reason_col: str | None = "suppression",
                  highlight: str | None = None, title: str | None = None, height: int | None = None) -> go.Figure:
    """Rows × score columns (the index and the 7 values) in the category colours, each cell
    labelled with its score; n beside each row; a hidden (suppressed) cell shows "—" and its
    reason, never a number. Rows are drawn in the frame's order, first on top.

    columns: (column name, header label) pairs. frame: row_label, the score columns (NaN where
    hidden or missing), n_col, hidden_col (bool), reason_col ("primary"/"complementary"),
    entity_code (for `highlight`)."""
    rows = frame.reset_index(drop=True)
    z, text, hover = [], [], []
    hidden = rows[hidden_col].fillna(False).astype(bool) if hidden_col in rows else pd.Series(False, index=rows.index)
    for i, r in rows.iterrows():
        zr, tr, hr = [], [], []
        for col, header in columns:
            v = r.get(col)
            if hidden.iloc[i]:
                reason = r.get(reason_col) if reason_col else None
                why = t("chart.hidden_complementary" if reason == "complementary" else "chart.hidden", lang)
                zr.append(4)
                tr.append(HIDDEN_MARK)
                hr.append(f"{r[row_label]} · {header}<br>{why}")
            elif v is None or pd.isna(v):
                zr.append(5)
                tr.append("")
                hr.append(f"{r[row_label]} · {header}<br>{t('chart.no_data', lang)}")
            else:
                code = band_code(v)
                zr.append(BAND_ORDER.index(code))
                tr.append(fmt_num(v, lang))
                hr.append(f"{r[row_label]} · {header}: {fmt_num(v, lang)} ({code})")
        z.append(zr)
        text.append(tr)
        hover.append(hr)
    palette = [BAND_COLORS[c] for c in BAND_ORDER] + [HIDDEN_COLOR, MISSING_COLOR]
    scale = []
    for k, c in enumerate(palette):
        scale += [(k / len(palette), c), ((k + 1) / len(palette), c)]
    ylabels = []
    for _, r in rows.iterrows():
        label = str(r[row_label])
        if n_col and n_col in rows:
            label += f"  ·  n={fmt_int(r[n_col], lang)}" if pd.notna(r[n_col]) else "  ·  n=–"
        if highlight is not None and r.get("entity_code") == highlight:
            label = f"<b>{label}</b>"
        ylabels.append(label)
    headers = [h for _c, h in columns]
    fig = go.Figure(go.Heatmap(
        z=z, x=headers, y=list(range(len(rows))), text=text, hovertext=hover, hoverinfo="text",
        colorscale=scale, zmin=-0.5, zmax=len(palette) - 0.5, showscale=False, xgap=2, ygap=2,
    ))
    # The labels as a text layer, each in black or white, whichever reads better on its cell
    # (Plotly's own heatmap text has one colour for all cells).
    cell_colors = [palette[int(v)] for zr in z for v in zr]
    fig.add_trace(go.Scatter(
        x=[h for _r in rows.index for h in headers], y=[i for i in rows.index for _h in headers],
        text=[v for tr in text for v in tr], mode="text", hoverinfo="skip", showlegend=False,
        textfont={"size": 13, "color": [text_color(c) for c in cell_colors]},
    ))
    fig.update_yaxes(tickmode="array", tickvals=list(range(len(rows))), ticktext=ylabels, autorange="reversed",
                     automargin=True, showgrid=False)
    fig.update_xaxes(side="top", showgrid=False, tickangle=0, automargin=True)
    extra = [(t("chart.hidden_short", lang), HIDDEN_COLOR)] if hidden.any() else []
    _band_legend(fig, lang, None, extra)
    base_layout(fig, title, height or max(240, 30 * len(rows) + 170))
    fig.update_layout(margin_t=110 if title else 70)
    return legend_below(fig)


def change_heatmap(frame: pd.DataFrame, columns: list[tuple[str, str]], lang: str, *,
                   row_label: str = "entity_name", comparable: bool = True, flagged: set | None = None,
                   title: str | None = None, height: int | None = None) -> go.Figure:
    """The change since the previous year per row and column, on a diverging scale (green up,
    purple down), labelled "+1,2"; "—" where either year is hidden or missing; the biggest
    falls (`flagged`, a set of (row index, column)) marked ▼. When the two years are not
    comparable (different methods) no number is shown at all."""
    rows = frame.reset_index(drop=True)
    flagged = flagged or set()
    z, text, hover = [], [], []
    for i, r in rows.iterrows():
        zr, tr, hr = [], [], []
        for col, header in columns:
            v = r.get(col)
            if not comparable:
                zr.append(None)
                tr.append("≠")
                hr.append(f"{r[row_label]} · {header}: {t('chart.not_comparable', lang)}")
            elif v is None or pd.isna(v):
                zr.append(None)
                tr.append(HIDDEN_MARK)
                hr.append(f"{r[row_label]} · {header}: {t('chart.no_change', lang)}")
            else:
                zr.append(float(v))
                mark = "▼ " if (i, col) in flagged else ""
                tr.append(f"<b>{mark}{fmt_num(v, lang, sign=True)}</b>" if mark else fmt_num(v, lang, sign=True))
                hr.append(f"{r[row_label]} · {header}: {fmt_num(v, lang, sign=True)} {t('chart.points', lang)}")
        z.append(zr)
        text.append(tr)
        hover.append(hr)
    span = max([abs(v) for zr in z for v in zr if v is not None] + [1.0])
    fig = go.Figure(go.Heatmap(
        z=z, x=[h for _c, h in columns], y=list(range(len(rows))), text=text, texttemplate="%{text}",
        textfont={"size": 13}, hovertext=hover, hoverinfo="text", zmin=-span, zmax=span, zmid=0,
        colorscale=[(0, FALL_COLOR), (0.5, "#F7F7F7"), (1, RISE_COLOR)], xgap=2, ygap=2,
        colorbar={"title": {"text": t("chart.points", lang)}, "thickness": 12, "len": 0.8},
    ))
    fig.update_yaxes(tickmode="array", tickvals=list(range(len(rows))), ticktext=list(rows[row_label]),
                     autorange="reversed", automargin=True, showgrid=False)
    fig.update_xaxes(side="top", showgrid=False, tickangle=0, automargin=True)
    base_layout(fig, title, height or max(240, 30 * len(rows) + 150))
    fig.update_layout(margin_t=110 if title else 70, plot_bgcolor=MISSING_COLOR)
    return fig


def grouped_value_bars(frame: pd.DataFrame, lang: str, *, colors: dict | None = None,
                       title: str | None = None, height: int = 460) -> go.Figure:
    """The 7 values of a few series (an entity, the national figure, a peer) as grouped
    horizontal bars, official order from the top. frame: series, value_code, ord, name_id,
    name_en, score (NaN = hidden or missing: no bar, marked "—")."""
    name_col = "name_en" if lang == "en" else "name_id"
    fig = go.Figure()
    names = list(dict.fromkeys(frame["series"]))
    colors = colors or {}
    for i, s in enumerate(reversed(names)):
        g = frame[frame["series"] == s].sort_values("ord", ascending=False)
        fig.add_trace(go.Bar(
            x=g["score"], y=g[name_col], orientation="h", name=s,
            marker_color=colors.get(s, SERIES_COLORS[(len(names) - 1 - i) % len(SERIES_COLORS)]),
            text=[HIDDEN_MARK if pd.isna(v) else fmt_num(v, lang) for v in g["score"]], textposition="outside",
            cliponaxis=False, hovertemplate="%{y}: %{text}<extra>" + s + "</extra>",
        ))
    fig.update_xaxes(range=[0, 105], title=t("chart.score", lang), gridcolor="#EEEEEE")
    fig.update_yaxes(automargin=True)
    legend_below(base_layout(fig, title, height))
    fig.update_layout(barmode="group", legend_traceorder="reversed")
    return fig


def gap_bars(frame: pd.DataFrame, lang: str, *, home: str, bench: str, colors: tuple[str, str] = PAIR_COLORS,
             title: str | None = None, height: int = 420) -> go.Figure:
    """The per-value gap between a benchmark and the home entity (benchmark − home, in points),
    as diverging bars: the benchmark's largest lead on top. frame: label, gap (NaN = not
    comparable: left out), in the order to draw (largest lead first)."""
    frame = frame.dropna(subset=["gap"])
    home_color, bench_color = colors
    fig = go.Figure(go.Bar(
        x=frame["gap"], y=list(range(len(frame))), orientation="h",
        marker_color=[bench_color if g > 0 else home_color for g in frame["gap"]],
        text=[fmt_num(g, lang, sign=True) for g in frame["gap"]], textposition="outside", cliponaxis=False,
        customdata=list(frame["label"]), hovertemplate="%{customdata}: %{text}<extra></extra>", showlegend=False,
    ))
    fig.update_yaxes(tickmode="array", tickvals=list(range(len(frame))), ticktext=list(frame["label"]),
                     autorange="reversed", automargin=True)
    span = max([abs(g) for g in frame["gap"]] + [1.0]) * 1.25 + 1
    fig.update_xaxes(range=[-span, span], zeroline=True, zerolinecolor="#444444", zerolinewidth=2,
                     gridcolor="#EEEEEE", title=t("chart.gap_axis_short", lang))
    # Who leads on which side: a legend under the plot (above it, two names would collide when
    # the plot is narrow).
    for name, color in ((t("chart.leads", lang, name=bench), bench_color), (t("chart.leads", lang, name=home), home_color)):
        fig.add_trace(go.Scatter(x=[None], y=[None], mode="markers", name=name, hoverinfo="skip",
                                 marker={"symbol": "square", "size": 14, "color": color}))
    base_layout(fig, title, height)
    return legend_below(fig)


def unit_small_multiples(series: pd.DataFrame, lang: str, *, parent: pd.DataFrame | None = None,
                         parent_name: str | None = None, cols: int = 3, title: str | None = None) -> go.Figure:
    """Each unit's index over the years, one small chart per unit, with the instansi's index as
    a dashed reference; hidden years are gaps; method breaks in every panel.

    series: entity_code, entity_name, year, method, score. parent: year, method, score."""
    codes = list(dict.fromkeys(series["entity_code"]))
    names = [series.loc[series["entity_code"] == c, "entity_name"].iloc[0] for c in codes]
    n_rows = max(1, -(-len(codes) // cols))
    fig = make_subplots(rows=n_rows, cols=cols, subplot_titles=names, shared_yaxes=True, shared_xaxes=True,
                        horizontal_spacing=0.04, vertical_spacing=0.5 / max(n_rows, 1) if n_rows > 1 else 0.1)
    values = list(series["score"].dropna()) + (list(parent["score"].dropna()) if parent is not None else [])
    lo = max(0.0, min(values, default=50) - 5)
    hi = min(100.0, max(values, default=80) + 5)
    breaks = _breaks_of(series, parent)
    years = sorted(set(series["year"]))
    traces, rows, col_ids, shapes = [], [], [], []
    for k, code in enumerate(codes):
        row, col = k // cols + 1, k % cols + 1
        shapes += _panel_breaks_and_bands(*_panel_refs(fig, row, col), breaks, lo, hi, bands_too=False)
        if parent is not None and not parent.empty:
            for i, part in enumerate(method_segments(parent)):
                traces.append(go.Scatter(
                    x=part["year"], y=part["score"], mode="lines", name=parent_name or t("chart.parent", lang),
                    line={"color": NATIONAL_COLOR, "dash": "dash", "width": 1.5}, legendgroup="parent",
                    showlegend=k == 0 and i == 0, customdata=_num_labels(part["score"], lang),
                    hovertemplate="%{x}: %{customdata}<extra>" + (parent_name or "") + "</extra>"))
                rows.append(row)
                col_ids.append(col)
        g = series[series["entity_code"] == code]
        for part in method_segments(g):
            traces.append(go.Scatter(
                x=part["year"], y=part["score"], mode="lines+markers", line={"color": SERIES_COLORS[0], "width": 2.5},
                marker={"size": 6, "color": [band_color(s) for s in part["score"]],
                        "line": {"color": SERIES_COLORS[0], "width": 1}},
                connectgaps=False, showlegend=False, text=_num_labels(part["score"], lang),
                hovertemplate="%{x}: %{text}<extra>" + names[k] + "</extra>"))
            rows.append(row)
            col_ids.append(col)
    if traces:
        fig.add_traces(traces, rows=rows, cols=col_ids)
    fig.update_layout(shapes=shapes)
    if years:
        fig.update_xaxes(tickmode="array", tickvals=years, ticktext=[str(y) for y in years], tickformat="d",
                         showgrid=False, range=[years[0] - 0.4, years[-1] + 0.4], showticklabels=True)
    fig.update_yaxes(range=[lo, hi], gridcolor="#EEEEEE")
    fig.update_annotations(font_size=13)
    base_layout(fig, title, 190 * n_rows + 120)
    if breaks:
        plot_height = 190 * n_rows + 120 - 110 - 10  # figure height minus the top and bottom margins
        fig.add_annotation(x=1, y=1 + 100 / plot_height, xref="paper", yref="paper", xanchor="right", yanchor="top",
                           text=t("chart.method_break_note", lang, method=", ".join(a for _x, _b, a in breaks)),
                           showarrow=False, font={"size": 12, "color": "#444444"})
    fig.update_layout(legend={"orientation": "h", "y": 0.995, "yanchor": "top", "x": 0, "yref": "container",
                              "xanchor": "left"}, margin_t=110)
    return fig
