"""Direct labels that never collide (issue 13): on the demo's trend charts (Tren, Studi banding,
Ringkasan and the Presentasi slide), no value label's box overlaps another label's box or
crosses a line of another series. Boxes are estimated as berakhlak.present.labels estimates them
(font size × characters, the plot's size from the figure's height and margins)."""
from __future__ import annotations

import numpy as np
import pytest

from berakhlak.data import db
from berakhlak.domain.rules import NATIONAL_CODE
from berakhlak.present import charts, slides
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
