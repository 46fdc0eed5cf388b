"""A chart's text alternative: its title and one sentence on what it shows (the highest and the
lowest value drawn), for screen readers (issue 13). Pure: reads a finished figure, touches no
database and no Streamlit. Kept in the figure's `layout.meta.alt` (cached with it) and handed to
st.plotly_chart(alt=...), which labels the chart for assistive technology."""
from __future__ import annotations

import math
import re
from collections.abc import Callable
from functools import partial

import plotly.graph_objects as go

from berakhlak.i18n import fmt_num, t

_TAGS = re.compile(r"<[^>]+>")


def _plain(text) -> str:
    return " ".join(_TAGS.sub(" ", str(text or "")).split())


def _number(text) -> float | None:
    """59.5 from '59,5', '+1,2', '<b>▼ -3,0</b>' (either language's decimal mark)."""
    m = _NUM.search(_plain(text).replace("−", "-"))
    if not m:
        return None
    raw = m.group(0)
    return float(raw.replace(",", ".") if raw.count(",") == 1 and "." not in raw else raw.replace(",", ""))


_NUM = re.compile(r"[-+]?\d+(?:[.,]\d+)?")


def _ticks(axis: dict | None) -> dict:
    """Tick value -> tick text of an axis drawn with tickvals/ticktext (rows of a heatmap)."""
    if not axis or axis.get("tickvals") is None or axis.get("ticktext") is None:
        return {}
    return dict(zip(axis["tickvals"], (_plain(x) for x in axis["ticktext"])))


def _text(value) -> str | None:
    """A title's text: Plotly takes {"text": ...} or the bare string."""
    return value.get("text") if isinstance(value, dict) else value


def _points(trace: dict, layout: dict) -> list[tuple[Callable[[], str], float]]:
    """(label, value) of every number a trace draws: a heatmap's cell labels (its colour may code
    something else), a bar's or a line's values; text-only layers are labels, not data. The label
    is a function: only the highest and the lowest point's are ever written (a heatmap of 170
    units has 1,360 cells)."""
    kind = trace.get("type") or "scatter"
    out: list[tuple[Callable[[], str], float]] = []
    if kind == "heatmap":
        z, xs, ys, texts = trace.get("z"), trace.get("x"), trace.get("y"), trace.get("text")
        if z is None:
            return out
        rows: list[dict] = []  # the row labels, made at the first label asked for

        def cell(i: int, j: int) -> str:
            if not rows:
                rows.append(_ticks(layout.get("yaxis")))
            y = ys[i] if ys is not None and i < len(ys) else ""
            y = rows[0].get(y, _plain(y))
            x = _plain(xs[j]) if xs is not None and j < len(xs) else ""
            return " · ".join(p for p in (y, x) if p)

        for i, row in enumerate(z):
            for j, v in enumerate(row):
                if texts is not None:
                    v = _number(texts[i][j]) if i < len(texts) and j < len(texts[i]) else None
                if v is None or not isinstance(v, (int, float)) or math.isnan(v):
                    continue
                out.append((partial(cell, i, j), float(v)))
        return out
    if kind not in ("scatter", "bar") or (kind == "scatter" and (trace.get("mode") or "") == "text"):
        return out
    horizontal = trace.get("orientation") == "h"
    values, labels = (trace.get("x"), trace.get("y")) if horizontal else (trace.get("y"), trace.get("x"))
    if values is None:
        return out
    name = _plain(trace["name"]) if trace.get("name") else ""
    named = bool(name) and not horizontal and kind == "scatter"

    def point(i: int) -> str:
        label = _plain(labels[i]) if labels is not None and i < len(labels) else ""
        return f"{name} {label}".strip() if named else label

    for i, v in enumerate(values):
        if v is None or not isinstance(v, (int, float)) or isinstance(v, bool) or math.isnan(v):
            continue
        out.append((partial(point, i), float(v)))
    return out


def describe(fig: go.Figure, lang: str, title: str | None = None) -> str:
    """'Unit × nilai, 2024. Tertinggi: Biro Hukum · Akuntabel (91,2); terendah: … (60,1).'"""
    # Read as the plain dicts the figure holds (Plotly's property objects cost a third of a
    # millisecond per attribute read: most of a page's text alternatives).
    data, layout = fig._data, fig._layout
    title = _plain(title or _text(layout.get("title")) or "").rstrip(".")
    if not title:  # small multiples: their panel titles
        panels = [_plain(_text(a)) for a in (layout.get("annotations") or ()) if _text(a)][:8]
        title = ", ".join(panels).rstrip(".") or t("alt.chart", lang)
    points = [p for tr in data if tr.get("visible", True) is not False for p in _points(tr, layout)]
    if not points:
        return t("alt.empty", lang, title=title)
    hi, lo = max(points, key=lambda p: p[1]), min(points, key=lambda p: p[1])
    return t("alt.summary", lang, title=title, hi=hi[0](), hv=fmt_num(hi[1], lang), lo=lo[0](), lv=fmt_num(lo[1], lang))


def with_alt(fig: go.Figure, lang: str, title: str | None = None) -> go.Figure:
    """The figure with its text alternative in layout.meta.alt (kept with any other meta)."""
    meta = fig.layout.meta if isinstance(fig.layout.meta, dict) else {}
    fig.layout.meta = {**meta, "alt": describe(fig, lang, title)}
    return fig
