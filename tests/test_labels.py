"""Direct labels that never collide (issue 13): on the demo's trend charts (Tren, Studi banding,
Ringkasan and the Presentasi slide, on a page and on a phone) and the PPTX trend chart, no value
label's box overlaps another label's box or crosses a line of another series; on the bar charts
no value label meets the national marker or line; on the slope chart no two labels overlap and
none leaves the plot. Boxes are estimated as berakhlak.present.labels estimates them (font size ×
characters, the plot's size from the figure's height and margins)."""
from __future__ import annotations

import io

import numpy as np
import pandas as pd
import pytest
from pptx import Presentation
from pptx.enum.chart import XL_LABEL_POSITION

from berakhlak.data import db
from berakhlak.domain.rules import NATIONAL_CODE
from berakhlak.present import charts, deck, slides
from berakhlak.present import labels as L


@pytest.fixture(scope="module")
def demo(built_db):
    con = db.connect(str(built_db), read_only=True)
    try:
        s = db.query(con, "entity_series", dataset="demo", entities=["62", "32", "63", NATIONAL_CODE])
        deck = slides.build(con, "62", 2024, "demo", "32", "id")
        yield s, deck
    finally:
        con.close()


def boxes_and_lines(fig, width: float = 900):
    """Every label's box (x_lo, x_hi, y_lo, y_hi, trace index) and every line segment (trace index,
    x0, y0, x1, y1) in data units."""
    d = fig.to_plotly_json()
    layout = fig.layout
    (x0, x1), (y0, y1) = layout.xaxis.range, layout.yaxis.range
    w_px, h_px = L.plot_size({"height": layout.height, "margin": {k: getattr(layout.margin, k) for k in "tblr"}}, width)
    per_x, per_y = (x1 - x0) / w_px, (y1 - y0) / h_px
    boxes, segments = [], []
    for k, tr in enumerate(fig.data):
        if tr.type != "scatter" or tr.x is None or tr.y is None:
            continue
        xs = [float(v) for v in tr.x]
        ys = [np.nan if v is None else float(v) for v in tr.y]
        if "lines" in (tr.mode or ""):
            segments += [(k, xs[i], ys[i], xs[i + 1], ys[i + 1]) for i in range(len(xs) - 1)
                         if not (np.isnan(ys[i]) or np.isnan(ys[i + 1]))]
        if "text" in (tr.mode or "") and tr.text is not None:
            size = tr.textfont.size or 13
            pos = tr.textposition if isinstance(tr.textposition, (list, tuple)) else [tr.textposition] * len(xs)
            for x, y, text, p in zip(xs, ys, tr.text, pos):
                if np.isnan(y) or not text:
                    continue
                width = len(str(text)) * L.CHAR_EM * size * per_x
                h, off, side = size * L.LINE_EM * per_y, L.OFFSET_PX * per_y, L.OFFSET_PX * per_x
                box = {"top center": (x - width / 2, x + width / 2, y + off, y + off + h),
                       "bottom center": (x - width / 2, x + width / 2, y - off - h, y - off),
                       "middle right": (x + side, x + side + width, y - h / 2, y + h / 2),
                       "middle left": (x - side - width, x - side, y - h / 2, y + h / 2)}[p]
                boxes.append((*box, k, p))
    assert d  # the figure serialises
    return boxes, segments


def crossing(box, seg) -> bool:
    bx0, bx1, by0, by1, _k, _p = box
    _s, x0, y0, x1, y1 = seg
    if x1 < bx0 or x0 > bx1:
        return False
    for x in np.linspace(max(x0, bx0), min(x1, bx1), 5):  # the segment's y over the box's width
        y = y0 + (y1 - y0) * (x - x0) / (x1 - x0) if x1 != x0 else y0
        if by0 < y < by1:
            return True
    return False


def assert_clean(fig, what, width: float = 900):
    boxes, segments = boxes_and_lines(fig, width)
    assert boxes, what
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            overlap = a[0] < b[1] and b[0] < a[1] and a[2] < b[3] and b[2] < a[3]
            assert not overlap, f"{what}: labels overlap {a} {b}"
        for seg in segments:  # a label beside its point must not sit on its own line either
            if seg[0] != a[4] or a[5].startswith("middle"):
                assert not crossing(a, seg), f"{what}: a line crosses the label at {a}"


def test_trend_labels_never_collide(demo):
    series, _deck = demo
    s = series.rename(columns={"idx": "score"})
    national = s[s["entity_code"] == NATIONAL_CODE]
    for pair in (["62", "32"], ["62"], ["62", "63"]):
        picked = s[s["entity_code"].isin(pair)]
        fig = charts.trend_chart(picked, "id", national=national, labels=True)
        assert_clean(fig, f"trend {pair}")


def test_trend_labels_never_collide_on_a_phone(demo):
    # The phone's version (berakhlak/ui/pages.PHONE_KWARGS): placed for a 370 px wide chart.
    series, _deck = demo
    s = series.rename(columns={"idx": "score"})
    national = s[s["entity_code"] == NATIONAL_CODE]
    for pair in (["62", "32"], ["62"]):
        fig = charts.trend_chart(s[s["entity_code"].isin(pair)], "id", national=national, labels=True,
                                 width=370, height=520)
        assert_clean(fig, f"phone trend {pair}", width=370)


def test_slide_trend_labels_never_collide(demo):
    _series, deck = demo
    slide = deck.slide("trend")
    assert_clean(slides.figure(slide, "id", height=430), "slide trend")


def test_placement_moves_a_label_off_a_line():
    # The national line runs just above the home point: the label goes below.
    data = [{"type": "scatter", "mode": "lines+markers+text", "x": [2022, 2023], "y": [62.6, 63.8],
             "text": ["62,6", "63,8"], "textfont": {"size": 13}},
            {"type": "scatter", "mode": "lines+markers", "x": [2022, 2023], "y": [63.4, 64.6]}]
    layout = {"yaxis": {"range": [55, 70]}, "xaxis": {"range": [2021.6, 2023.4]}, "height": 420,
              "margin": {"t": 70, "b": 10, "l": 10, "r": 110}}
    L.apply(data, layout)
    assert data[0]["textposition"] == ["bottom center", "bottom center"]


def test_pptx_trend_labels_never_collide(built_db):
    """The deck's native chart: each label where its data label position says (above, below,
    right, left of its point), on the chart's fixed plot area, in points."""
    con = db.connect(str(built_db), read_only=True)
    try:
        decks = [Presentation(io.BytesIO(deck.build_pptx(con, *args)))
                 for args in (("62", 2024, "demo", "32"), ("62", 2025, "demo", "63"), ("62", 2024, "published", None))]
    finally:
        con.close()
    names = {XL_LABEL_POSITION.ABOVE: "top center", XL_LABEL_POSITION.BELOW: "bottom center",
             XL_LABEL_POSITION.RIGHT: "middle right", XL_LABEL_POSITION.LEFT: "middle left"}
    checked = 0
    for prs in decks:
        frames = [sh for s in prs.slides for sh in s.shapes if sh.name == "chart-trend"]
        if not frames:
            continue
        frame = frames[0]
        chart = frame.chart
        _x0, _y0, w, h = deck.PLOT_AREA
        w_pt, h_pt = frame.width / 12700 * w, frame.height / 12700 * h
        n = len(list(chart.plots[0].categories))
        lo, hi = chart.value_axis.minimum_scale, chart.value_axis.maximum_scale
        per_x, per_y = n / w_pt, (hi - lo) / h_pt
        boxes, segments = [], []
        for k, series in enumerate(chart.plots[0].series):
            values = list(series.values)
            pts = [(i, v) for i, v in enumerate(values) if v is not None]
            segments += [(k, a[0], a[1], b[0], b[1]) for a, b in zip(pts, pts[1:]) if b[0] == a[0] + 1]
            for i, v in pts:
                dl = series.points[i].data_label
                if not dl.has_text_frame or not dl.text_frame.text:
                    continue
                size, text = deck.LABEL_PT, dl.text_frame.text
                width = len(text) * L.CHAR_EM * size * per_x
                hh, off, side = size * L.LINE_EM * per_y, L.OFFSET_PX * per_y, L.OFFSET_PX * per_x
                pos = names[dl.position]
                box = {"top center": (i - width / 2, i + width / 2, v + off, v + off + hh),
                       "bottom center": (i - width / 2, i + width / 2, v - off - hh, v - off),
                       "middle right": (i + side, i + side + width, v - hh / 2, v + hh / 2),
                       "middle left": (i - side - width, i - side, v - hh / 2, v + hh / 2)}[pos]
                boxes.append((*box, k, pos))
        assert boxes
        for i, a in enumerate(boxes):
            for b in boxes[i + 1:]:
                assert not (a[0] < b[1] and b[0] < a[1] and a[2] < b[3] and b[2] < a[3]), f"PPTX labels overlap {a} {b}"
            for seg in segments:
                if seg[0] != a[4] or a[5].startswith("middle"):
                    assert not crossing(a, seg), f"PPTX: a line crosses the label at {a}"
        checked += 1
    assert checked >= 2


def bar_label_boxes(fig, width: float = 900):
    """(bar index, x_lo, x_hi) of each bar's value label, in data units, by its text position."""
    lay = fig.layout
    x0, x1 = lay.xaxis.range
    w_px, _h = L.plot_size({"height": lay.height, "margin": {k: getattr(lay.margin, k) for k in "tblr"}}, width)
    per_x = (x1 - x0) / w_px
    bar = fig.data[0]
    size = bar.textfont.size or 14
    out = []
    for i, (x, text) in enumerate(zip(bar.x, bar.text)):
        if x is None or np.isnan(x):
            continue
        wide = len(str(text)) * L.CHAR_EM * size * per_x + 2 * 3 * per_x  # Plotly's 3 px padding
        if bar.textposition == "outside":
            out.append((i, x, x + wide))
        elif bar.insidetextanchor == "start":
            out.append((i, 0, wide))
        else:
            out.append((i, x - wide, x))
    return out


def test_value_bar_labels_never_meet_the_national_marker():
    names = ["Berorientasi Pelayanan", "Akuntabel", "Kompeten", "Harmonis", "Loyal", "Adaptif", "Kolaboratif"]
    scores = [70.0, 72.5, 68.0, 80.0, 74.1, 66.0, 71.0]
    values = pd.DataFrame({"value_code": list("ABCDEFG"), "ord": range(7), "name_id": names, "name_en": names,
                           "score": scores})
    # National just beyond and just before each bar's end: where an outside or end label would sit.
    for shift in (0.5, 1.5, -0.8):
        national = pd.DataFrame({"value_code": list("ABCDEFG"), "score": [s + shift for s in scores]})
        fig = charts.value_bars(values, "id", national)
        marks = dict(enumerate(fig.data[1].x))
        for width in (900, 370):
            for i, lo, hi in bar_label_boxes(fig, width):
                assert not lo <= marks[i] <= hi, f"the national marker {marks[i]} crosses the label {lo}–{hi}"


def test_ranked_bar_labels_stay_clear_of_the_national_line():
    frame = pd.DataFrame({"entity_code": [f"e{i}" for i in range(12)], "entity_name": [f"E {i}" for i in range(12)],
                          "score": [60.0 + 2.1 * i for i in range(12)]})
    fig = charts.ranked_bars(frame, "id", national=73.7)
    line = fig.layout.shapes[0]
    assert line.layer == "below"  # between the bars only: every label sits on its bar, over the line
    bar = fig.data[0]
    assert bar.textposition == "inside"


@pytest.mark.parametrize("width", [900, 370])
def test_slope_labels_never_overlap_or_leave_the_plot(width):
    rng = np.random.default_rng(7)
    n = 38
    frame = pd.DataFrame({"entity_code": [f"e{i}" for i in range(n)],
                          "entity_name": [f"Provinsi Dengan Nama Panjang {i}" for i in range(n)],
                          "score_a": rng.uniform(55, 75, n).round(1), "score_b": rng.uniform(60, 85, n).round(1)})
    frame.loc[0, "score_b"] = 85.0  # the top one at the very top of the range
    fig = charts.slope_chart(frame, "id", year_a=2024, year_b=2025, comparable=True, highlight="e3",
                             national=(66.0, 72.0), width=width)
    lo, hi = fig.layout.yaxis.range
    _w, h_px = L.plot_size({"height": fig.layout.height, "margin": {k: getattr(fig.layout.margin, k) for k in "tblr"}},
                           width)
    per_y = (hi - lo) / h_px
    notes = [a for a in fig.layout.annotations if a.xref != "paper"]
    assert notes
    boxes = []
    for a in notes:
        lines = a.text.count("<br>") + 1
        half = a.font.size * L.LINE_EM * lines / 2 * per_y
        boxes.append((a.y - half, a.y + half))
        assert lo <= a.y - half * 0.9 and a.y + half * 0.9 <= hi, f"{a.text!r} leaves the plot"
        widest = max(len(p) for p in a.text.replace("<b>", "").replace("</b>", "").split("<br>"))
        assert widest <= (60 if width > 600 else 24), a.text
    boxes.sort()
    for (a0, a1), (b0, b1) in zip(boxes, boxes[1:]):
        assert b0 >= a1 - 0.05 * (a1 - a0), f"slope labels overlap: {a0}–{a1} and {b0}–{b1}"
