"""Colour that shows differences (issue 13): heatmaps, tables and the tile map coloured by the
difference from a chosen comparator (the instansi total, the national figure, the benchmark) on a
diverging blue–orange scale that colour-blind readers can tell apart, with the category band as
text in each cell. A difference under SETARA_POINTS is "setara" (equal) and drawn neutral.

Pure builders, like berakhlak.present.charts (whose conventions they follow: input frames are
already masked for suppression; a hidden cell is NaN and shows "—", never a number)."""
from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go

from berakhlak.domain.rules import SETARA_POINTS
from berakhlak.i18n import fmt_int, fmt_num, t
from berakhlak.present import charts as c
from berakhlak.present import hidden as hidden_words

# Orange (below the comparator) – near white – blue (above): ColorBrewer PuOr/RdBu-like ends,
# safe for deuteranopia and protanopia, and never a category colour's hue order.
DIFF_SCALE = [(0.0, "#B35806"), (0.25, "#F1A340"), (0.5, "#F7F7F7"), (0.75, "#92C5DE"), (1.0, "#2166AC")]
MIN_SPAN = 5.0  # points: a spread of ±1 is not painted as dark as a spread of ±15
HIDDEN_COLOR = "#BDBDBD"   # mid grey with "—": hidden (suppressed)
MISSING_COLOR = "#FFFFFF"  # white with a dotted outline: no data at all


def span_of(diffs) -> float:
    """The half-width of the colour scale: the largest difference shown, at least MIN_SPAN."""
    found = [abs(float(d)) for d in diffs if d is not None and not pd.isna(d)]
    return max([MIN_SPAN] + [math.ceil(x) for x in found])


def diff_color(diff: float | None, span: float) -> str | None:
    """The fill of a difference; "setara" (|diff| < SETARA_POINTS) is the neutral middle."""
    if diff is None or pd.isna(diff):
        return None
    if abs(diff) < SETARA_POINTS:
        return DIFF_SCALE[2][1]
    return c.scale_color(0.5 + float(diff) / (2 * span), DIFF_SCALE)


def comparison_heatmap(frame: pd.DataFrame, columns: list[tuple[str, str]], lang: str, *,
                       comparator: dict[str, float | None], comparator_name: str,
                       row_label: str = "entity_name", n_col: str | None = "respondents",
                       hidden_col: str = "suppressed", reason_col: str | None = "suppression",
                       highlight: str | None = None, title: str | None = None,
                       height: int | None = None, width: int = 900) -> go.Figure:
    """Rows × score columns, each cell coloured by its difference from `comparator` (one value
    per column) and labelled "76,0 · A" (score and band); the lowest cell below the comparator in
    bold with ▼; hidden cells grey with "—", cells without data white with a dotted outline.
    Rows in the frame's order, first on top; n beside each row. `width`: about how wide it is
    drawn; narrow (a phone), score and band on two lines, row names broken, headers turned 45°,
    the colour bar under the plot."""
    narrow = width < 600
    col_values, hidden = c.heatmap_rows(frame, hidden_col)
    n = len(hidden)
    names, reasons, codes = col_values(row_label), col_values(reason_col), col_values("entity_code")
    headers = [h for _c, h in columns]
    values = [col_values(col) for col, _h in columns]
    comps = [comparator.get(col) for col, _h in columns]
    diffs = [[None if hidden[i] or v[i] is None or pd.isna(v[i]) or comps[j] is None or pd.isna(comps[j])
              else float(v[i]) - float(comps[j]) for j, v in enumerate(values)] for i in range(n)]
    span = span_of([d for r in diffs for d in r])
    # The weakest cell: the lowest difference (below the comparator by SETARA_POINTS or more).
    lows = [(d, i, j) for i, r in enumerate(diffs) for j, d in enumerate(r) if d is not None and d <= -SETARA_POINTS]
    weakest = min(lows)[1:] if lows else None
    hidden_text = {reason: hidden_words.generic(reason, lang)
                   for reason in set(reasons)}
    z, text, hover, fills = [], [], [], []
    hidden_z, missing_z = [], []
    points = t("chart.points", lang)
    for i in range(n):
        zr, tr, hr, fr, hz, mz = [], [], [], [], [], []
        row_name = c.plain(names[i])
        for j, header in enumerate(headers):
            v, d = values[j][i], diffs[i][j]
            head = header.replace("<br>", " ")
            if hidden[i]:
                zr.append(None), tr.append(c.HIDDEN_MARK), fr.append(HIDDEN_COLOR), hz.append(1), mz.append(None)
                hr.append(f"{row_name} · {head}<br>{hidden_text[reasons[i]]}")
            elif v is None or pd.isna(v):
                zr.append(None), tr.append(""), fr.append(MISSING_COLOR), hz.append(None), mz.append(1)
                hr.append(f"{row_name} · {head}<br>{t('chart.no_data', lang)}")
            else:
                code = c.band_code(v)
                label = f"{fmt_num(v, lang)}<br>{code}" if narrow else f"{fmt_num(v, lang)} · {code}"
                if weakest == (i, j):
                    label = f"<b>▼ {label}</b>"
                tr.append(label)
                zr.append(d)
                fr.append(diff_color(d, span) or MISSING_COLOR)
                hz.append(None), mz.append(None)
                gap = (t("gap.setara", lang) if abs(d) < SETARA_POINTS else f"{fmt_num(d, lang, sign=True)} {points}"
                       ) if d is not None else "–"
                hr.append(f"{row_name} · {head}: {fmt_num(v, lang)} ({code})<br>"
                          f"{t('chart.diff_from', lang, name=c.plain(comparator_name))}: {gap}")
        z.append(zr), text.append(tr), hover.append(hr), fills.append(fr)
        hidden_z.append(hz), missing_z.append(mz)
    ylabels = []
    counts = col_values(n_col) if n_col and n_col in frame else None
    for i in range(n):
        label = c.wrap(c.plain(names[i]), 20) if narrow else c.plain(names[i])
        if counts is not None:
            n_text = f"n={fmt_int(counts[i], lang)}" if pd.notna(counts[i]) else "n=–"
            label += f"<br>{n_text}" if narrow else f"  ·  {n_text}"
        if highlight is not None and codes[i] == highlight:
            label = f"<b>{label}</b>"
        ylabels.append(label)
    ys = list(range(n))
    # The colour scale goes under a short heatmap as it does on a phone: beside a few rows its
    # title, written along the bar, was cut at both ends.
    bar_below = narrow or n < 6
    common = {"x": headers, "y": ys, "xgap": 2, "ygap": 2, "showscale": False, "hoverinfo": "skip"}
    data = [
        {"type": "heatmap", "z": hidden_z, "colorscale": [(0, HIDDEN_COLOR), (1, HIDDEN_COLOR)], **common},
        {"type": "heatmap", "z": z, "text": text, "hovertext": hover, "hoverinfo": "text", "xgap": 2, "ygap": 2,
         "x": headers, "y": ys, "zmin": -span, "zmax": span, "zmid": 0, "colorscale": DIFF_SCALE,
         "colorbar": {"title": {"text": t("chart.diff_axis", lang, name=c.plain(comparator_name)), "side": "right"},
                      "thickness": 12, "len": 0.75, "tickformat": "+d"} if not bar_below else {
             "title": {"text": c.wrap(t("chart.diff_axis", lang, name=c.plain(comparator_name)), 40), "side": "bottom"},
             "orientation": "h", "x": 0, "xanchor": "left", "y": 0, "yref": "container", "yanchor": "bottom",
             "thickness": 10, "len": 1 if narrow else 0.5, "tickformat": "+d"}},
        c.cell_labels(headers * n, [i for i in range(n) for _h in headers], [v for tr in text for v in tr],
                      [f for fr in fills for f in fr], size=10 if narrow else 13),
    ]
    # "No data": white cells with a dotted outline, so they never look like hidden ones.
    shapes = [{"type": "rect", "xref": "x", "yref": "y", "x0": j - 0.47, "x1": j + 0.47, "y0": i - 0.45, "y1": i + 0.45,
               "line": {"color": "#767676", "width": 1, "dash": "dot"}, "fillcolor": MISSING_COLOR, "layer": "below"}
              for i in range(n) for j in range(len(headers)) if missing_z[i][j]]
    legend = []
    if any(hidden):
        legend.append((t("chart.hidden_short", lang) + " (—)", HIDDEN_COLOR))
    if shapes:
        legend.append((t("chart.no_data", lang), MISSING_COLOR))
    for name, color in legend:
        data.append({"type": "scatter", "x": [None], "y": [None], "mode": "markers", "name": name, "hoverinfo": "skip",
                     "marker": {"symbol": "square", "size": 14, "color": color, "line": {"color": "#767676", "width": 1}}})
    layout = {"shapes": shapes,
              "yaxis": {"tickmode": "array", "tickvals": ys, "ticktext": ylabels, "autorange": "reversed",
                        "automargin": True, "showgrid": False, "zeroline": False},
              "xaxis": {"side": "top", "showgrid": False, "tickangle": 0, "automargin": True, "zeroline": False,
                        "type": "category"}}
    if narrow:  # the headers on one line each, turned 45°
        layout["xaxis"].update({"tickangle": -45, "tickmode": "array", "tickvals": headers, "tickfont": {"size": 12},
                                "ticktext": [h.replace("<br>", " ") for h in headers]})
        layout["yaxis"]["tickfont"] = {"size": 11}
    c._base_layout(layout, title, height or max(240, (46 if narrow else 30) * n + (260 if narrow else 170))
                   + (70 if bar_below and not narrow else 0))
    layout["margin"]["t"] = 110 if title else 70
    c._legend_below(layout, room=110 if bar_below else 44)
    if bar_below:  # the legend above the colour bar
        layout["legend"].update({"y": 80 / layout["height"], "yanchor": "bottom"})
    return c._figure(data, layout)


def weakest_cell(frame: pd.DataFrame, columns: list[tuple[str, str]], comparator: dict[str, float | None],
                 row_label: str = "entity_name", hidden_col: str = "suppressed") -> dict | None:
    """The row and column furthest below the comparator (None when nothing is below it by
    SETARA_POINTS or more): what the caption under the heatmap names."""
    best = None
    for r in frame.itertuples(index=False):
        row = r._asdict()
        if row.get(hidden_col):
            continue
        for col, header in columns:
            v, comp = row.get(col), comparator.get(col)
            if v is None or pd.isna(v) or comp is None or pd.isna(comp):
                continue
            d = float(v) - float(comp)
            if d <= -SETARA_POINTS and (best is None or d < best["diff"]):
                best = {"row": row[row_label], "column": header.replace("<br>", " "), "score": float(v), "diff": d}
    return best


def comparison_tile_map(frame: pd.DataFrame, tiles: pd.DataFrame, lang: str, *, comparator: float | None,
                        comparator_name: str, highlight: str | None = None, title: str | None = None,
                        value_label: str | None = None, height: int = 560) -> go.Figure:
    """The 38 provinces as tiles, each on the continuous colour of its difference from the
    comparator (the national figure), labelled with its short name, score and band; hidden
    provinces grey with "—", provinces without data white with a dotted outline and "∅"."""
    merged = tiles.merge(frame, left_on="code", right_on="entity_code", how="left")
    value_label = value_label or t("chart.score", lang)
    scores = merged["score"] if "score" in merged else pd.Series([None] * len(merged))
    diffs = [None if comparator is None or pd.isna(comparator) or pd.isna(s) else float(s) - float(comparator)
             for s in scores]
    span = span_of(diffs)
    shapes, notes, hx, hy, ht = [], [], [], [], []
    points = t("chart.points", lang)
    for r, d in zip(merged.itertuples(), diffs):
        score = getattr(r, "score", None)
        hidden = getattr(r, "status", None) == "hidden"
        name = c.plain(r.entity_name if isinstance(getattr(r, "entity_name", None), str) else r.abbr)
        dash = "solid"
        if score is not None and not pd.isna(score):
            fill = diff_color(d, span) if d is not None else c.band_color(score)
            label = f"{fmt_num(score, lang)} · {c.band_code(score)}"
            gap = "" if d is None else ("<br>" + t("chart.diff_from", lang, name=c.plain(comparator_name)) + ": " + (
                t("gap.setara", lang) if abs(d) < SETARA_POINTS else f"{fmt_num(d, lang, sign=True)} {points}"))
            hover = f"{name}<br>{value_label}: {fmt_num(score, lang)} ({c.band_code(score)}){gap}"
        elif hidden:
            fill, label = HIDDEN_COLOR, c.HIDDEN_MARK
            hover = f"{name}<br>{hidden_words.generic('respondents', lang)}"
        else:
            fill, label, dash = MISSING_COLOR, "∅", "dot"
            hover = f"{name}<br>{t('chart.no_data', lang)}"
        is_hl = highlight is not None and r.code == highlight
        line = {"color": "#000000", "width": 3} if is_hl else (
            {"color": "#767676", "width": 1, "dash": "dot"} if dash == "dot" else {"color": "#FFFFFF", "width": 1})
        shapes.append({"type": "rect", "x0": r.col - 0.46, "x1": r.col + 0.46, "y0": r.row - 0.46, "y1": r.row + 0.46,
                       "fillcolor": fill, "line": line, "layer": "below"})
        notes.append({"x": r.col, "y": r.row, "text": f"<b>{c.plain(r.abbr)}</b><br>{label}", "showarrow": False,
                      "font": {"size": 11 if len(r.abbr) <= 7 else 10, "color": c.text_color(fill)}, "align": "center"})
        hx.append(r.col), hy.append(r.row), ht.append(hover)
    data = [{"type": "scatter", "x": hx, "y": hy, "mode": "markers", "marker": {"size": 40, "opacity": 0},
             "hovertext": ht, "hoverinfo": "text", "showlegend": False},
            # The colour scale, as a colour bar of an invisible trace.
            {"type": "scatter", "x": [None], "y": [None], "mode": "markers", "showlegend": False, "hoverinfo": "skip",
             "marker": {"color": [0], "cmin": -span, "cmax": span, "colorscale": DIFF_SCALE, "showscale": True,
                        "colorbar": {"title": {"text": t("chart.diff_axis", lang, name=c.plain(comparator_name)),
                                               "side": "right"}, "thickness": 12, "len": 0.6, "tickformat": "+d"}}}]
    for name, color in ((t("chart.hidden_short", lang) + " (—)", HIDDEN_COLOR), (t("chart.no_data", lang) + " (∅)",
                                                                               MISSING_COLOR)):
        data.append({"type": "scatter", "x": [None], "y": [None], "mode": "markers", "name": name, "hoverinfo": "skip",
                     "marker": {"symbol": "square", "size": 14, "color": color, "line": {"color": "#767676", "width": 1}}})
    cols, rows_n = int(tiles["col"].max()), int(tiles["row"].max())
    layout = {"shapes": shapes, "annotations": notes,
              "xaxis": {"visible": False, "range": [-0.6, cols + 0.6]},
              "yaxis": {"visible": False, "range": [rows_n + 0.6, -0.6], "scaleanchor": "x", "scaleratio": 1}}
    return c._figure(data, c._legend_below(c._base_layout(layout, title, height)))
