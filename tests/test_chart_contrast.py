"""Text in charts reads at WCAG AA (issue 13, item 7): every piece of text a figure draws — value
labels, band labels, annotations, heatmap cells, bar labels, titles — contrasts with what it is
drawn on by at least 4.5:1. axe-core cannot see inside Plotly's SVG, so this test walks the
figures themselves: every builder on the representative inputs of the golden cases, and the
demo data's slides and Studi banding trend.

The background of a piece of text is worked out as the browser paints it: the plot's background,
with any filled rectangle (band stripes, tiles, "no data" cells) or heatmap cell under the text
blended over it; text inside a bar sits on the bar's colour. Text with an opacity is blended
into its background first. Where a builder leaves the colour to Plotly, Plotly's own choice is
used (the layout's font colour, default #444; inside a bar or heatmap cell Plotly's contrast
rule: white on a dark fill, #444 on a light one)."""
from __future__ import annotations

import re

import numpy as np
import pytest

from berakhlak.data import db
from berakhlak.domain.rules import NATIONAL_CODE
from berakhlak.present import charts, charts_diff, charts_eval, slides
from berakhlak.present.charts import contrast, ink

MIN_RATIO = 4.5
PLOTLY_TEXT = "#444444"
NAMED = {"white": "#FFFFFF", "black": "#000000"}


def rgba(color) -> tuple[float, float, float, float] | None:
    if color is None:
        return None
    color = NAMED.get(str(color).strip().lower(), str(color).strip())
    if color.startswith("#"):
        h = color[1:]
        if len(h) == 3:
            h = "".join(ch * 2 for ch in h)
        return (int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16), 1.0)
    m = re.fullmatch(r"rgba?\(([^)]*)\)", color.replace(" ", ""))
    assert m, f"a colour this test cannot read: {color!r}"
    parts = [float(p) for p in m.group(1).split(",")]
    return (*parts[:3], parts[3] if len(parts) > 3 else 1.0)


def over(top, bottom) -> tuple[float, float, float, float]:
    """`top` (possibly translucent) painted over an opaque `bottom`."""
    r, g, b, a = top
    return (r * a + bottom[0] * (1 - a), g * a + bottom[1] * (1 - a), b * a + bottom[2] * (1 - a), 1.0)


def hexed(c) -> str:
    return "#" + "".join(f"{max(0, min(255, round(v))):02X}" for v in c[:3])


def plotly_contrast(fill) -> str:
    """Plotly's Color.contrast: white on a dark fill (tinycolor brightness < 128), else #444."""
    r, g, b, _a = fill
    return "#FFFFFF" if (r * 299 + g * 587 + b * 114) / 1000 < 128 else PLOTLY_TEXT


def scale_at(scale, frac: float) -> tuple:
    frac = min(1.0, max(0.0, frac))
    for (f0, c0), (f1, c1) in zip(scale, scale[1:]):
        if frac <= f1:
            k = 0 if f1 == f0 else (frac - f0) / (f1 - f0)
            a, b = rgba(c0), rgba(c1)
            return tuple(a[i] + (b[i] - a[i]) * k for i in range(3)) + (1.0,)
    return rgba(scale[-1][1])


def listed(v, n):
    if v is None:
        return [None] * n
    if isinstance(v, (list, tuple, np.ndarray)):
        return list(v)
    return [v] * n


class Painter:
    """Where each piece of a figure's text is drawn and on what."""

    def __init__(self, fig):
        self.fig = fig.to_plotly_json()
        self.layout = self.fig["layout"]
        tmpl_font = ((self.layout.get("template") or {}).get("layout") or {}).get("font") or {}
        self.font_color = (self.layout.get("font") or {}).get("color") or tmpl_font.get("color") or PLOTLY_TEXT
        self.paper = rgba(self.layout.get("paper_bgcolor") or "white")
        self.plot = over(rgba(self.layout.get("plot_bgcolor") or "white"), self.paper)
        self.heatmaps = [tr for tr in self.fig["data"] if tr.get("type") == "heatmap"]

    def _axis_pos(self, axis: str, v, trace_axis_values=None):
        """A data value as a number on its axis (categories by their index)."""
        if isinstance(v, (int, float, np.integer, np.floating)):
            return float(v)
        lay = self.layout.get({"x": "xaxis", "y": "yaxis"}[axis]) or {}
        cats = lay.get("categoryarray") or trace_axis_values or []
        cats = [str(c) for c in cats]
        return float(cats.index(str(v))) if str(v) in cats else None

    def under(self, x, y, xref="x", yref="y", cats_x=None) -> tuple:
        """The colour under data point (x, y): heatmap cells, then rectangles, over the plot."""
        colour = self.plot
        px = self._axis_pos("x", x, cats_x)
        py = self._axis_pos("y", y)
        for shape in self.layout.get("shapes") or []:
            if shape.get("type") != "rect" or not shape.get("fillcolor"):
                continue
            inside = True
            for ref, pos, lo, hi in ((shape.get("xref", "x"), px, shape.get("x0"), shape.get("x1")),
                                     (shape.get("yref", "y"), py, shape.get("y0"), shape.get("y1"))):
                if ref.endswith("domain") or ref == "paper":
                    continue
                if pos is None or not (min(lo, hi) <= pos <= max(lo, hi)):
                    inside = False
            if inside:
                colour = over(rgba(shape["fillcolor"]), colour)
        for hm in self.heatmaps:
            cell = self.cell(hm, x, y)
            if cell is not None:
                colour = cell
        return colour

    def cell(self, hm, x, y):
        xs, ys, z = list(hm.get("x") or []), list(hm.get("y") or []), hm.get("z")
        if x not in xs or y not in ys or z is None:
            return None
        v = z[ys.index(y)][xs.index(x)]
        if v is None or (isinstance(v, float) and np.isnan(v)):
            return None
        values = [u for row in z for u in row if u is not None and not (isinstance(u, float) and np.isnan(u))]
        lo = hm.get("zmin", min(values))
        hi = hm.get("zmax", max(values))
        scale = hm.get("colorscale")
        return scale_at(scale, 0.5 if hi == lo else (float(v) - lo) / (hi - lo))

    def texts(self):
        """(what, text colour, background colour) for every piece of text drawn."""
        out = []
        lay = self.layout
        title = lay.get("title") or {}
        if title.get("text"):
            out.append(("title", (title.get("font") or {}).get("color") or self.font_color, self.paper))
        sub = title.get("subtitle") or {}
        if sub.get("text"):
            out.append(("subtitle", (sub.get("font") or {}).get("color") or self.font_color, self.paper))
        for k, tr in enumerate(self.fig["data"]):
            kind = tr.get("type")
            if kind == "scatter" and "text" in (tr.get("mode") or "") and tr.get("text") is not None:
                n = len(tr["x"])
                colours = listed((tr.get("textfont") or {}).get("color") or self.font_color, n)
                for x, y, text, col in zip(tr["x"], tr["y"], listed(tr["text"], n), colours):
                    if text in (None, "") or y is None:
                        continue
                    out.append((f"trace {k} label {text!r}", col, self.under(x, y, cats_x=tr["x"])))
            elif kind == "bar" and tr.get("text") is not None:
                n = len(listed(tr["text"], len(tr.get("y") if tr.get("y") is not None else tr["x"])))
                horizontal = tr.get("orientation") == "h"
                fills = listed((tr.get("marker") or {}).get("color"), n)
                positions = listed(tr.get("textposition") or "auto", n)
                for i, text in enumerate(listed(tr["text"], n)):
                    if text in (None, ""):
                        continue
                    pos = positions[i]
                    if pos == "outside" or pos == "none" or fills[i] is None:
                        if pos == "none":
                            continue
                        col = (tr.get("outsidetextfont") or {}).get("color") or \
                            listed((tr.get("textfont") or {}).get("color"), n)[i] or self.font_color
                        out.append((f"trace {k} bar label {text!r}", col, self.plot))
                    else:  # inside (or auto: inside when it fits)
                        fill = over(rgba(fills[i]), self.plot)
                        col = (tr.get("insidetextfont") or {}).get("color") or \
                            listed((tr.get("textfont") or {}).get("color"), n)[i] or plotly_contrast(fill)
                        out.append((f"trace {k} bar label {text!r} ({'h' if horizontal else 'v'})", col, fill))
            elif kind == "heatmap" and tr.get("texttemplate") and tr.get("text") is not None:
                for i, row in enumerate(tr["text"]):
                    for j, text in enumerate(row):
                        fill = self.cell(tr, tr["x"][j], tr["y"][i]) if text else None
                        if text and fill is None:
                            fill = self.plot
                        if text:
                            col = (tr.get("textfont") or {}).get("color") or plotly_contrast(fill)
                            out.append((f"trace {k} cell {text!r}", col, fill))
        for note in lay.get("annotations") or []:
            if not note.get("text"):
                continue
            col = (note.get("font") or {}).get("color") or self.font_color
            if note.get("bgcolor") and rgba(note["bgcolor"])[3] > 0:
                bg = over(rgba(note["bgcolor"]), self.plot)
            elif str(note.get("xref", "x")).startswith("x") and str(note.get("yref", "y")).startswith("y") \
                    and "domain" not in str(note.get("xref", "")) + str(note.get("yref", "")):
                bg = self.under(note.get("x"), note.get("y"))
            else:
                bg = self.paper
            opacity = note.get("opacity", 1)
            fg = over((*rgba(col)[:3], opacity), bg)
            out.append((f"annotation {note['text'][:40]!r}", hexed(fg), bg))
        return out


def low_contrast(fig) -> list[str]:
    bad = []
    for what, colour, bg in Painter(fig).texts():
        ratio = contrast(hexed(rgba(colour)), hexed(bg))
        if ratio < MIN_RATIO:
            bad.append(f"{what}: {hexed(rgba(colour))} on {hexed(bg)} = {ratio:.2f}:1")
    return bad


# --- the figures ------------------------------------------------------------------------------

def golden_figures():
    from test_charts_equivalence import CASES, EVAL_CASES, build

    for case, (name, args, kwargs) in CASES.items():
        yield f"charts.{case}", lambda name=name, args=args, kwargs=kwargs: build(charts, name, args, kwargs)
    for case, (name, args, kwargs) in EVAL_CASES.items():
        yield f"charts_eval.{case}", lambda name=name, args=args, kwargs=kwargs: build(charts_eval, name, args, kwargs)


GOLDEN = dict(golden_figures())


@pytest.mark.parametrize("case", list(GOLDEN))
def test_every_builder_draws_readable_text(case):
    bad = low_contrast(GOLDEN[case]())
    assert not bad, "\n".join(bad[:15])


@pytest.fixture(scope="module")
def demo_figures(built_db):
    con = db.connect(str(built_db), read_only=True)
    try:
        figs = {}
        for lang in ("id", "en"):
            deck = slides.build(con, "62", 2024, "demo", "32", lang)
            for s in deck.slides:
                fig = slides.figure(s, lang)
                if fig is not None:
                    figs[f"slide {s.kind} {lang}"] = fig
        series = db.query(con, "entity_series", dataset="demo", entities=["62", "32", NATIONAL_CODE])
        s = series.rename(columns={"idx": "score"})
        nat = s[s["entity_code"] == NATIONAL_CODE]
        pair = s[s["entity_code"].isin(["62", "32"])]
        names = dict(zip(pair["entity_code"], pair["entity_name"]))
        colors = {names["62"]: charts.PAIR_COLORS[0], names["32"]: charts.PAIR_COLORS[1]}
        figs["studi banding trend"] = charts.trend_chart(pair, "id", national=nat, labels=True,
                                                         colors={c: colors[names[c]] for c in ("62", "32")})
        figs["tren, four series"] = charts.trend_chart(s[s["entity_code"] != NATIONAL_CODE], "id", national=nat,
                                                       labels=True)
        yield figs
    finally:
        con.close()


def test_demo_figures_draw_readable_text(demo_figures):
    assert demo_figures
    bad = [f"{name}: {b}" for name, fig in demo_figures.items() for b in low_contrast(fig)]
    assert not bad, "\n".join(bad[:20])


def test_comparison_figures_draw_readable_text():
    import pandas as pd

    frame = pd.DataFrame({"entity_code": ["a", "b", "c", "d"], "entity_name": ["A", "B", "C", "D"],
                          "idx": [70.0, 82.5, np.nan, 91.0], "BP": [60.0, 95.0, np.nan, 80.0],
                          "respondents": [40, 50, 3, 60], "suppressed": [False, False, True, False],
                          "suppression": [None, None, "primary", None]})
    fig = charts_diff.comparison_heatmap(frame, [("idx", "Indeks"), ("BP", "BP")], "id",
                                         comparator={"idx": 80.0, "BP": 78.0}, comparator_name="Total")
    assert not low_contrast(fig)


def test_the_check_can_fail():
    # The old band label colour (#56B4E9 on white, 2.3:1) and a series colour as a label are caught.
    fig = charts._figure([{"type": "scatter", "x": [1], "y": [1], "mode": "text", "text": ["62,6"],
                           "textfont": {"color": "#CC79A7"}}],
                         {"annotations": [{"x": 1, "y": 1, "text": "B · Cukup", "font": {"color": "#56B4E9"}}]})
    assert len(low_contrast(fig)) == 2


def test_ink_keeps_a_colour_that_reads_and_darkens_one_that_does_not():
    assert ink("#0072B2") == "#0072B2"
    for colour in charts.SERIES_COLORS + list(charts.BAND_COLORS.values()) + list(charts.PAIR_COLORS):
        assert contrast(ink(colour), "#FFFFFF") >= MIN_RATIO
    assert contrast(ink("#56B4E9"), "#FFFFFF") < 5.5  # just enough: still recognisably the hue
