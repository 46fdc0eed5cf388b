"""A chart's text alternative: its title and one sentence on what it shows (the highest and the
lowest value drawn), for screen readers (issue 13). Pure: reads a finished figure, touches no
database and no Streamlit. Kept in the figure's `layout.meta.alt` (cached with it) and handed to
st.plotly_chart(alt=...), which labels the chart for assistive technology."""
from __future__ import annotations

import math
import re

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


def _ticks(axis) -> dict:
    """Tick value -> tick text of an axis drawn with tickvals/ticktext (rows of a heatmap)."""
    if axis is None or axis.tickvals is None or axis.ticktext is None:
        return {}
    return dict(zip(axis.tickvals, (_plain(x) for x in axis.ticktext)))


def _points(trace, layout) -> list[tuple[str, float]]:
    """(label, value) of every number a trace draws: a heatmap's cell labels (its colour may code
    something else), a bar's or a line's values; text-only layers are labels, not data."""
    kind = trace.type or "scatter"
    out: list[tuple[str, float]] = []
    if kind == "heatmap":
        rows = _ticks(layout.yaxis)
        z, xs, ys, texts = trace.z, trace.x, trace.y, trace.text
        if z is None:
            return out
        for i, row in enumerate(z):
            for j, v in enumerate(row):
                if texts is not None:
                    v = _number(texts[i][j]) if i < len(texts) and j < len(texts[i]) else None
                if v is None or not isinstance(v, (int, float)) or math.isnan(v):
                    continue
                y = ys[i] if ys is not None and i < len(ys) else ""
                y = rows.get(y, _plain(y))
                x = _plain(xs[j]) if xs is not None and j < len(xs) else ""
                out.append((" · ".join(p for p in (y, x) if p), float(v)))
        return out
    if kind not in ("scatter", "bar") or (kind == "scatter" and (trace.mode or "") == "text"):
        return out
    horizontal = getattr(trace, "orientation", None) == "h"
    values, labels = (trace.x, trace.y) if horizontal else (trace.y, trace.x)
    if values is None:
        return out
    name = _plain(trace.name) if trace.name else ""
    for i, v in enumerate(values):
        if v is None or not isinstance(v, (int, float)) or isinstance(v, bool) or math.isnan(v):
            continue
        label = _plain(labels[i]) if labels is not None and i < len(labels) else ""
        if name and not horizontal and kind == "scatter":
            label = f"{name} {label}".strip()
        out.append((label, float(v)))
    return out


def describe(fig: go.Figure, lang: str, title: str | None = None) -> str:
    """'Unit × nilai, 2024. Tertinggi: Biro Hukum · Akuntabel (91,2); terendah: … (60,1).'"""
    title = _plain(title or (fig.layout.title.text if fig.layout.title else "")).rstrip(".")
    if not title:  # small multiples: their panel titles
        panels = [_plain(a.text) for a in (fig.layout.annotations or ()) if a.text][:8]
        title = ", ".join(panels).rstrip(".") or t("alt.chart", lang)
    points = [p for tr in fig.data if getattr(tr, "visible", True) is not False for p in _points(tr, fig.layout)]
    if not points:
        return t("alt.empty", lang, title=title)
    hi, lo = max(points, key=lambda p: p[1]), min(points, key=lambda p: p[1])
    return t("alt.summary", lang, title=title, hi=hi[0], hv=fmt_num(hi[1], lang), lo=lo[0], lv=fmt_num(lo[1], lang))


def with_alt(fig: go.Figure, lang: str, title: str | None = None) -> go.Figure:
    """The figure with its text alternative in layout.meta.alt (kept with any other meta)."""
    meta = fig.layout.meta if isinstance(fig.layout.meta, dict) else {}
    fig.layout.meta = {**meta, "alt": describe(fig, lang, title)}
    return fig
