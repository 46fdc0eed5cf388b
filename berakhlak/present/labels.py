"""Direct labels that never collide (issue 13): each value label of a line chart goes above or
below its point, on the side where it crosses no other line and no other label. Pure geometry
on the figure's own numbers: the label's box is estimated from its font size and its number of
characters (a digit or comma is about 0.55 em wide), the plot's size from the figure's height and
margins. Used by the trend builders (berakhlak.present.charts) and the slides; the tests check
the same estimate (tests/test_labels.py)."""
from __future__ import annotations

import numpy as np

CHAR_EM = 0.55      # width of a digit, comma or sign, in em
LINE_EM = 1.25      # height of a line of text, in em
OFFSET_PX = 7       # Plotly puts a "top center" label this far from the point (marker radius + gap)


def _at(xs, ys, x) -> float | None:
    """A polyline's y at x (linear between its points), None outside it."""
    if len(xs) == 0 or x < xs[0] or x > xs[-1]:
        return None
    return float(np.interp(x, xs, ys))


def positions(labelled: list[tuple[str, list, list, list[str]]], lines: list[tuple[list, list]], *,
              y_range: tuple[float, float], plot_px: tuple[float, float], x_range: tuple[float, float],
              font_px: float = 13) -> dict[str, list[str]]:
    """For each labelled series (key, xs, ys, texts): a textposition per point ("top center",
    "bottom center", "middle right" or "middle left", in that order of preference), chosen so
    that the label's box meets as few other lines (every polyline in `lines` and the other
    labelled series; its own line too for a label beside the point) and already placed labels as
    possible. plot_px: (width, height) of the plotting area in pixels."""
    (x0, x1), (y0, y1) = x_range, y_range
    w_px, h_px = plot_px
    per_px_y = (y1 - y0) / max(h_px, 1.0)
    per_px_x = (x1 - x0) / max(w_px, 1.0)
    height = font_px * LINE_EM * per_px_y
    offset = OFFSET_PX * per_px_y
    others = {key: [(np.asarray(xs, float), np.asarray(ys, float))] for key, xs, ys, _t in labelled}
    all_lines = [(np.asarray(xs, float), np.asarray(ys, float)) for xs, ys in lines]
    boxes: list[tuple[float, float, float, float]] = []   # placed labels: x_lo, x_hi, y_lo, y_hi
    out = {key: ["top center"] * len(xs) for key, xs, _ys, _t in labelled}
    points = [(float(y), float(x), key, i, len(str(texts[i])))
              for key, xs, ys, texts in labelled for i, (x, y) in enumerate(zip(xs, ys))
              if y is not None and not np.isnan(y)]
    for y, x, key, i, chars in sorted(points, key=lambda p: (-p[0], p[1])):   # the highest first
        width = chars * CHAR_EM * font_px * per_px_x
        side = OFFSET_PX * per_px_x
        half = width / 2
        own = others[key]
        strangers = all_lines + [line for k, lines_ in others.items() if k != key for line in lines_]

        def cost(bx0: float, bx1: float, lo: float, hi: float, with_own: bool, strangers=strangers, own=own) -> float:
            hits = 0
            for lx, ly in strangers + (own if with_own else []):
                for sx in np.linspace(bx0, bx1, 5):
                    v = _at(lx, ly, sx)
                    if v is not None and lo - offset / 3 <= v <= hi + offset / 3:
                        hits += 1
                        break
            hits += sum(1 for b in boxes if b[0] < bx1 and bx0 < b[1] and b[2] < hi and lo < b[3])
            outside = (hi > y1) + (lo < y0) + (bx0 < x0) + (bx1 > x1)
            return hits + 2 * outside

        candidates = [
            ("top center", (x - half, x + half, y + offset, y + offset + height), False),
            ("bottom center", (x - half, x + half, y - offset - height, y - offset), False),
            ("middle right", (x + side, x + side + width, y - height / 2, y + height / 2), True),
            ("middle left", (x - side - width, x - side, y - height / 2, y + height / 2), True),
        ]
        name, box, _own = min(candidates, key=lambda c: cost(*c[1], c[2]))  # the first of the cheapest
        boxes.append(box)
        out[key][i] = name
    return out


def plot_size(layout: dict, width: float = 900) -> tuple[float, float]:
    """The plotting area's (width, height) in pixels, estimated from a figure's layout and the
    width it is drawn at (900: a desktop page; a phone's is about 370): its height less the
    margins, the x tick labels and a legend below."""
    margin = layout.get("margin") or {}
    height = (layout.get("height") or 450) - (margin.get("t") or 80) - (margin.get("b") or 80) - 30
    inner = width - (margin.get("l") or 80) - (margin.get("r") or 80) - 60
    return max(inner, 100.0), max(height, 80.0)


def _numbers(values) -> list[float] | None:
    """The values as floats (None as NaN); None when they are not numbers (categories, dates)."""
    try:
        return [np.nan if v is None else float(v) for v in values]
    except (TypeError, ValueError):
        return None


def apply(data: list[dict], layout: dict, font_px: float | None = None, width: float = 900) -> list[dict]:
    """Set textposition on every scatter trace of `data` that shows text (labels), by
    `positions`, against every other line trace; the y range and x range from `layout`, the
    plot's size from `layout` and the `width` the figure is drawn at."""
    yr = (layout.get("yaxis") or {}).get("range")
    xr = (layout.get("xaxis") or {}).get("range")
    labelled, lines = [], []
    for k, tr in enumerate(data):
        if tr.get("type") != "scatter" or tr.get("x") is None or tr.get("y") is None:
            continue
        xs, ys = _numbers(tr["x"]), _numbers(tr["y"])
        if xs is None or ys is None:
            if "text" in (tr.get("mode") or ""):
                return data  # labels on a category or date axis: left where the builder put them
            continue
        if "text" in (tr.get("mode") or "") and "lines" in (tr.get("mode") or ""):
            labelled.append((k, xs, ys, list(tr.get("text") or [])))
        elif "lines" in (tr.get("mode") or ""):
            lines.append((xs, ys))
    if not labelled:
        return data
    all_x = [x for _k, xs, _y, _t in labelled for x in xs] + [x for xs, _y in lines for x in xs]
    all_y = [y for _k, _x, ys, _t in labelled for y in ys if not np.isnan(y)]
    y_range = tuple(yr) if yr else (min(all_y) - 5, max(all_y) + 5)
    x_range = tuple(xr) if xr else (min(all_x) - 0.5, max(all_x) + 0.5)
    font = font_px or max(((data[k].get("textfont") or {}).get("size") or 13) for k, *_r in labelled)
    placed = positions(labelled, lines, y_range=y_range, x_range=x_range, plot_px=plot_size(layout, width), font_px=font)
    for k, pos in placed.items():
        data[k]["textposition"] = pos
    return data


def relabel(fig, width: float = 900):
    """`apply` on a finished go.Figure (after its fonts or height changed, e.g. on a slide)."""
    def arr(v):
        return None if v is None else list(v)

    data = [{"type": tr.type, "mode": getattr(tr, "mode", None), "x": arr(getattr(tr, "x", None)),
             "y": arr(getattr(tr, "y", None)), "text": arr(getattr(tr, "text", None)) if tr.type == "scatter" else None,
             "textfont": {"size": tr.textfont.size} if tr.type == "scatter" else {}} for tr in fig.data]
    lay = fig.layout
    layout = {"yaxis": {"range": arr(lay.yaxis.range)}, "xaxis": {"range": arr(lay.xaxis.range)},
              "height": lay.height, "margin": {k: getattr(lay.margin, k) for k in ("t", "b", "l", "r")}}
    apply(data, layout, width=width)
    for tr, d in zip(fig.data, data):
        if "textposition" in d:
            tr.textposition = d["textposition"]
    return fig
