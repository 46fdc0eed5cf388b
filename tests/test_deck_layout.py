"""The PowerPoint deck as a person sees it (issue 13): no text-bearing shape overlaps another on
any slide, every text fits its box (estimated from its font size, its characters and its box
width), the trend chart's legend names series as people do (no "· ACT-2022"), and a method
change is marked between the last year of one method and the first of the next."""
from __future__ import annotations

import io

import pytest
from pptx import Presentation
from pptx.util import Emu, Pt

from berakhlak.data import db
from berakhlak.present import deck

EMU_PER_PT = 12700


@pytest.fixture(scope="module")
def decks(built_db):
    con = db.connect(str(built_db), read_only=True)
    try:
        yield {name: Presentation(io.BytesIO(deck.build_pptx(con, *args)))
               for name, args in {"demo-bench": ("62", 2024, "demo", "32", "id"),
                                  "demo-en": ("62", 2025, "demo", None, "en"),
                                  # three questions to bring, each with an action-plan item
                                  "demo-questions": ("62", 2025, "demo", "73", "id"),
                                  "published": ("62", 2024, "published", None, "id")}.items()}
    finally:
        con.close()


def text_shapes(slide):
    return [s for s in slide.shapes if s.has_text_frame and s.text_frame.text.strip()]


def needed_height(shape) -> int:
    """EMU the shape's text needs: each paragraph wrapped at the box width (a character is about
    half its font size wide), each line 1.2 × the font size, plus the frame's insets."""
    tf = shape.text_frame
    width_pt = (shape.width - (tf.margin_left or Emu(91440)) - (tf.margin_right or Emu(91440))) / EMU_PER_PT
    total = 0.0
    for p in tf.paragraphs:
        size = max([r.font.size.pt for r in p.runs if r.font.size] or [18])
        chars = len(p.text) or 1
        lines = max(1, -(-int(chars * size * 0.5) // max(int(width_pt), 1)))
        total += lines * size * 1.2
    insets = ((tf.margin_top or Emu(45720)) + (tf.margin_bottom or Emu(45720))) / EMU_PER_PT
    return int((total + insets) * EMU_PER_PT)


def test_no_two_text_shapes_overlap_and_every_text_fits(decks):
    for name, prs in decks.items():
        for n, slide in enumerate(prs.slides, 1):
            shapes = text_shapes(slide)
            for i, a in enumerate(shapes):
                for b in shapes[i + 1:]:
                    apart = (a.left + a.width <= b.left or b.left + b.width <= a.left
                             or a.top + a.height <= b.top or b.top + b.height <= a.top)
                    assert apart, f"{name} slide {n}: {a.name!r} overlaps {b.name!r}"
                if a.shape_type is not None and a.name in ("synthetic-banner",):
                    continue
                assert needed_height(a) <= a.height + Pt(2), (
                    f"{name} slide {n}: the text of {a.name!r} ({a.text_frame.text[:40]!r}) needs "
                    f"{needed_height(a) / 914400:.2f} in, its box is {a.height / 914400:.2f} in")


def test_trend_legend_names_and_method_marker(decks):
    for name, prs in decks.items():
        trend = next(s for s in prs.slides if any(sh.name == "chart-trend" for sh in s.shapes))
        frame = next(sh for sh in trend.shapes if sh.name == "chart-trend")
        chart = frame.chart
        names = [s.name for s in chart.plots[0].series]
        assert not any("ACT-2022" in n or "BRIN-2024" in n for n in names), names
        hidden = chart._chartSpace.xpath(".//c:legend/c:legendEntry/c:delete")
        assert len(set(names)) == len(names) - len(hidden)  # each name once in the legend
        years = [int(c) for c in chart.plots[0].categories]
        if not (min(years) <= 2023 and max(years) >= 2024):
            continue
        marks = [sh for sh in trend.shapes if sh.name == "method-break"]
        assert len(marks) == 1, name
        # Between 2023 and 2024: the plot area is fixed, so the categories' centres are known.
        x0, _y, w, _h = deck.PLOT_AREA
        step = frame.width * w / len(years)
        left_edge = frame.left + frame.width * x0
        at = (marks[0].begin_x - left_edge) / step  # in categories from the plot's left edge
        before = years.index(2023)
        assert before + 0.5 < at < before + 1.5, (name, at)
        assert abs(at - (before + 1)) < 0.05  # on the boundary between the two years
