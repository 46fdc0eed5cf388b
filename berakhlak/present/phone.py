"""Charts on a phone (issue 13, item 6): Plotly does not wrap text, so a title, subtitle or note
written for a page runs off a 390 px screen. `narrow` returns a copy of a figure fitted to a
phone's width — long titles, subtitles, panel titles and notes broken into lines, the top margin
grown to hold them — or None when the figure already fits. The pages draw both and the page CSS
shows one by the screen's width (berakhlak/ui/pages.plot); what only a builder can change (two
columns of small multiples, the direct labels' placement) the page asks of the builder.

Pure: text widths are estimated from the font size and the number of characters, as
berakhlak.present.labels estimates label boxes."""
from __future__ import annotations

import copy
import re
import textwrap

import plotly.graph_objects as go

WIDTH = 370          # px: a chart's width on a 390 px phone, less the page's padding
CHAR_EM = 0.6        # width of a character of the chart font, in em (generous: digits and capitals)
LINE_EM = 1.3        # line height, in em
DEFAULT_SIZE = 14    # the charts' font size (charts.FONT)


def _visible(text: str) -> str:
    return re.sub(r"<[^>]+>", "", text)


def _lines(text: str) -> list[str]:
    return re.split(r"<br\s*/?>", text)


def width_px(text: str, size: float) -> float:
    """The estimated width of the widest line of `text` at font size `size`."""
    return max((len(_visible(line)) for line in _lines(text)), default=0) * CHAR_EM * size


def fit(text: str, size: float, room: float) -> str:
    """`text` with its lines broken (at spaces, keeping <br>) so that none is wider than `room` px."""
    chars = max(8, int(room / (CHAR_EM * size)))
    out = []
    for line in _lines(text):
        if len(_visible(line)) <= chars or "<" in line:  # a line with markup is left whole
            out.append(line)
        else:
            out += textwrap.wrap(line, width=chars, break_long_words=False) or [line]
    return "<br>".join(out)


def _panel_room(layout: dict, x: float, plot_px: float, full: float) -> float:
    """The width available to an annotation centred at paper x: its panel's width when it sits
    over one of several panels, else the whole figure."""
    for key, axis in layout.items():
        if key.startswith("xaxis") and isinstance(axis, dict) and axis.get("domain"):
            d0, d1 = axis["domain"]
            if d1 - d0 < 0.9 and d0 <= x <= d1:
                return (d1 - d0) * plot_px
    return full


def narrow(fig: go.Figure, width: float = WIDTH, always: bool = False) -> go.Figure | None:
    """A copy of `fig` whose titles and notes fit `width` px, or None when nothing had to change
    (unless `always`: the copy then, for a figure its builder already laid out for a phone). The
    copy says so in its layout.meta ("phone": true)."""
    layout = copy.deepcopy(fig.layout.to_plotly_json())
    base = ((layout.get("font") or {}).get("size")) or DEFAULT_SIZE
    margin = layout.get("margin") or {}
    full = width - 16
    plot_px = width - (margin.get("l") or 10) - (margin.get("r") or 10) - 70  # less the y axis' labels
    changed, extra_top = False, 0.0
    title = layout.get("title") or {}
    for part, size in ((title, (title.get("font") or {}).get("size") or base * 1.2),
                       (title.get("subtitle") or {}, ((title.get("subtitle") or {}).get("font") or {}).get("size") or base)):
        text = part.get("text")
        if text and width_px(text, size) > full:
            fitted = fit(text, size, full)
            extra_top += (fitted.count("<br>") - text.count("<br>")) * size * LINE_EM
            part["text"] = fitted
            changed = True
    if extra_top:
        lines = title.get("text", "").count("<br>")  # Plotly sets a title of n lines n-1 half-lines too high
        title.update({"y": 1, "yref": "container", "yanchor": "top", "pad": {"t": 12 + lines * 12}})
        layout["margin"] = {**margin, "t": (margin.get("t") or 70) + extra_top}
    for note in layout.get("annotations") or []:
        text = note.get("text")
        if not text or not str(note.get("xref", "x")).startswith("paper"):
            continue  # a label on the data stays where its builder put it
        size = (note.get("font") or {}).get("size") or base
        x = note.get("x", 0.5)
        if (x >= 1 and note.get("xanchor") == "left") or (x <= 0 and note.get("xanchor") == "right"):
            continue  # in a side margin (a band's name beside the plot): placed there by its builder
        room = (_panel_room(layout, x, plot_px, full) if note.get("xanchor") == "center"
                else (1 - x) * plot_px if note.get("xanchor") == "left" else full)
        if width_px(text, size) > room:
            note["text"] = fit(text, size, room)
            changed = True
    for trace in (data := fig.to_dict()["data"]):
        # Column headers of a heatmap too wide for a phone's columns: on one line, turned 45°.
        if trace.get("type") != "heatmap" or not trace.get("x") or any(isinstance(v, (int, float)) for v in trace["x"]):
            continue
        key = "xaxis" + str(trace.get("xaxis", "x"))[1:]
        headers = list(dict.fromkeys(trace["x"]))
        if max(width_px(h, base) for h in headers) * len(headers) > plot_px * 0.9:
            axis = layout.setdefault(key, {})
            axis.update({"tickangle": -45, "tickmode": "array", "tickvals": headers,
                         "ticktext": [re.sub(r"<br\s*/?>", " ", h) for h in headers]})
            changed = True
    if not (changed or always):
        return None
    meta = layout.get("meta")
    layout["meta"] = {**(meta if isinstance(meta, dict) else {}), "phone": True}
    return go.Figure({"data": data, "layout": layout}, _validate=False)
