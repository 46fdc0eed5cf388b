"""PowerPoint export of the slides (`berakhlak.present.slides`): one slide per chart, each with its title,
its one-line message, a source footnote and a native, editable PowerPoint chart whose embedded
data are the numbers the dashboard shows (rounded half-up to one decimal). Data labels are
written as text in the deck's language (59,5 or 59.5), so they read the same as the dashboard
whatever the viewer's locale. Synthetic data carry a banner on every slide.

Pure: no Streamlit. `build_pptx(con, ...)` returns the file's bytes.
"""
from __future__ import annotations

import io

import pandas as pd
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.chart import (
    XL_CHART_TYPE,
    XL_LABEL_POSITION,
    XL_LEGEND_POSITION,
    XL_MARKER_STYLE,
)
from pptx.enum.dml import MSO_LINE_DASH_STYLE
from pptx.enum.shapes import MSO_CONNECTOR, MSO_SHAPE
from pptx.oxml.ns import qn
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
from pptx.util import Inches, Pt

from berakhlak.present import charts, output
from berakhlak.present import slides
from berakhlak.i18n import fmt_num, t
from berakhlak.domain.rules import DEFAULT_MIN_RESPONDENTS

WIDTH, HEIGHT = Inches(13.333), Inches(7.5)
MARGIN = Inches(0.5)
INNER = WIDTH - 2 * MARGIN
BANNER_H = Inches(0.42)
DARK, GREY, LIGHT_GRID = RGBColor(0x1A, 0x1A, 0x1A), RGBColor(0x55, 0x55, 0x55), RGBColor(0xE6, 0xE6, 0xE6)
SYNTHETIC_RED = RGBColor(0xB3, 0x3C, 0x00)  # darker than the band vermilion: white text stays legible
LABEL_PT, AXIS_PT, LEGEND_PT = 16, 16, 14


# The trend chart's plot area, as fractions of the chart frame (x, y, width, height): fixed, so
# that the method-change marker can be drawn between two years.
PLOT_AREA = (0.07, 0.05, 0.9, 0.72)
# The placement of berakhlak.present.labels as PowerPoint's data label positions.
LABEL_POSITION = {"top center": XL_LABEL_POSITION.ABOVE, "bottom center": XL_LABEL_POSITION.BELOW,
                  "middle right": XL_LABEL_POSITION.RIGHT, "middle left": XL_LABEL_POSITION.LEFT}


def _plot_area(chart, box: tuple[float, float, float, float]) -> None:
    """Fix the inner plot area of a chart (c:manualLayout) at `box`."""
    from lxml import etree

    plot = chart._chartSpace.find(qn("c:chart")).find(qn("c:plotArea"))
    old = plot.find(qn("c:layout"))
    if old is not None:
        plot.remove(old)
    layout = etree.SubElement(plot, qn("c:layout"))
    plot.remove(layout)
    plot.insert(0, layout)
    manual = etree.SubElement(layout, qn("c:manualLayout"))
    for tag, val in (("layoutTarget", "inner"), ("xMode", "edge"), ("yMode", "edge"),
                     ("x", box[0]), ("y", box[1]), ("w", box[2]), ("h", box[3])):
        etree.SubElement(manual, qn(f"c:{tag}")).set("val", str(val))


def _hide_legend_entries(chart, indices: list[int]) -> None:
    """Leave the given series out of the legend (c:legendEntry with c:delete)."""
    from lxml import etree

    if not indices or not chart.has_legend:
        return
    legend = chart._chartSpace.find(qn("c:chart")).find(qn("c:legend"))
    pos = legend.find(qn("c:legendPos"))
    for k, i in enumerate(indices):
        entry = etree.Element(qn("c:legendEntry"))
        etree.SubElement(entry, qn("c:idx")).set("val", str(i))
        etree.SubElement(entry, qn("c:delete")).set("val", "1")
        pos.addnext(entry) if k == 0 else legend.find(qn("c:legendEntry")).addnext(entry)


def rgb(hex_color: str) -> RGBColor:
    return RGBColor.from_string(hex_color.lstrip("#").upper())


def build_pptx(con, entity: str, year: int, dataset: str, benchmark: str | None = None, lang: str = "id",
               min_respondents: int = DEFAULT_MIN_RESPONDENTS, query=None) -> bytes:
    """The deck of `entity` in `year` (a briefing deck against `benchmark` when given), as bytes."""
    model = slides.build(con, entity, year, dataset, benchmark, lang, min_respondents, query)
    return to_bytes(render(model, min_respondents))


def to_bytes(prs) -> bytes:
    buf = io.BytesIO()
    prs.save(buf)
    return buf.getvalue()


def render(model: slides.Deck, min_respondents: int = DEFAULT_MIN_RESPONDENTS):
    """A python-pptx Presentation of the model, 16:9."""
    prs = Presentation()
    prs.slide_width, prs.slide_height = WIDTH, HEIGHT
    about = about_of(model, min_respondents)
    # Title, dataset, sources, methods, date and synthetic notice in the file's properties.
    output.describe(prs, about, title=model.slides[0].message)
    prs.core_properties.language = "id-ID" if model.lang == "id" else "en-GB"
    n = len(model.slides)
    for i, s in enumerate(model.slides, start=1):
        _Slide(prs, model, s, i, n, min_respondents, about).draw()
    return prs


def about_of(model: slides.Deck, min_respondents: int = DEFAULT_MIN_RESPONDENTS) -> output.About:
    """What the deck and every chart's embedded workbook say about where the numbers come from."""
    methods = []
    trend = model.slide("trend")
    if trend is not None and trend.data is not None and "method" in getattr(trend.data, "columns", ()):
        methods += [m for m in trend.data["method"].dropna()]
    if model.summary.get("method"):
        methods.append(model.summary["method"])
    return output.About(
        dataset=model.dataset, lang=model.lang, title=model.slides[0].message, synthetic=model.synthetic,
        label=model.dataset_label, methods=tuple(dict.fromkeys(methods)),
        sources=tuple(output.Source(r.url, r.title or r.publisher or "", r.kind) for r in model.sources.itertuples()),
        notes=(t("output.suppression", model.lang, min=min_respondents),))


class _Slide:
    def __init__(self, prs, model: slides.Deck, s: slides.Slide, number: int, count: int, min_respondents: int,
                 about: output.About):
        self.prs, self.model, self.s, self.lang, self.about = prs, model, s, model.lang, about
        self.number, self.count, self.min_respondents = number, count, min_respondents
        self.slide = prs.slides.add_slide(prs.slide_layouts[5])  # "Title Only": a real title, for outlines
        self.top = BANNER_H + Inches(0.12) if model.synthetic else Inches(0.3)

    # --- frame: banner, title, message, footnote, notes ---------------------------------------
    def draw(self) -> None:
        if self.model.synthetic:
            self.banner()
        if self.s.kind == "cover":
            self.cover()
        else:
            self.title(self.s.title)
            self.text(self.s.message, MARGIN, self.top + Inches(0.95), INNER, Inches(0.85), 22, color=DARK)
            getattr(self, self.s.kind)() if self.s.available else self.not_available()
        self.footnote()
        self.notes()

    def banner(self) -> None:
        box = self.slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, 0, 0, WIDTH, BANNER_H)
        box.fill.solid()
        box.fill.fore_color.rgb = SYNTHETIC_RED
        box.line.fill.background()
        box.name = "synthetic-banner"
        tf = box.text_frame
        tf.margin_left = MARGIN
        tf.vertical_anchor = MSO_ANCHOR.MIDDLE
        p = tf.paragraphs[0]
        p.alignment = PP_ALIGN.LEFT
        run = p.add_run()
        run.text = t("deck.synthetic_banner", self.lang)
        run.font.size, run.font.bold, run.font.color.rgb = Pt(16), True, RGBColor(0xFF, 0xFF, 0xFF)

    def title(self, text: str, size: int = 32) -> None:
        ph = self.slide.shapes.title
        ph.left, ph.top, ph.width, ph.height = MARGIN, self.top, INNER, Inches(0.9)
        tf = ph.text_frame
        tf.word_wrap = True
        tf.vertical_anchor = MSO_ANCHOR.TOP
        tf.text = text
        p = tf.paragraphs[0]
        p.alignment = PP_ALIGN.LEFT
        for run in p.runs:
            run.font.size, run.font.bold, run.font.color.rgb = Pt(size), True, DARK

    def text(self, text: str, left, top, width, height, size: int, *, bold=False, color=GREY,
             align=PP_ALIGN.LEFT, name: str | None = None, anchor=MSO_ANCHOR.TOP):
        box = self.slide.shapes.add_textbox(left, top, width, height)
        if name:
            box.name = name
        tf = box.text_frame
        tf.word_wrap = True
        tf.vertical_anchor = anchor
        lines = text if isinstance(text, list) else [text]
        for i, line in enumerate(lines):
            p = tf.paragraphs[0] if i == 0 else tf.add_paragraph()
            p.alignment = align
            run = p.add_run()
            run.text = line
            run.font.size, run.font.bold, run.font.color.rgb = Pt(size), bold, color
        return box

    def footnote(self) -> None:
        text = self.s.footnote
        if self.model.synthetic and "sintetis" not in text.lower() and "synthetic" not in text.lower():
            text = t("dataset.synthetic", self.lang) + " · " + text
        self.text(text, MARGIN, HEIGHT - Inches(0.75), INNER - Inches(1.2), Inches(0.6), 12, name="footnote")
        self.text(f"{self.number}/{self.count}", WIDTH - MARGIN - Inches(1.0), HEIGHT - Inches(0.75),
                  Inches(1.0), Inches(0.4), 12, align=PP_ALIGN.RIGHT)

    def notes(self) -> None:
        """Speaker notes: the message, the chart's data as text, the full sources."""
        lines = [self.s.message]
        table = slides.table(self.s, self.lang, self.model)
        if self.s.kind in slides.CHART_KINDS and not table.empty:
            lines += ["", t("deck.notes_data", self.lang)]
            lines.append(" | ".join(str(c) for c in table.columns))
            for row in table.itertuples(index=False):
                lines.append(" | ".join(fmt_num(v, self.lang) if isinstance(v, float) else str(v) for v in row))
        lines += ["", self.s.footnote]
        self.slide.notes_slide.notes_text_frame.text = "\n".join(lines)

    # --- bodies ------------------------------------------------------------------------------
    @property
    def body_top(self):
        return self.top + Inches(1.8)

    @property
    def body_height(self):
        return HEIGHT - Inches(0.85) - self.body_top

    def cover(self) -> None:
        top = self.top + Inches(1.4)
        self.title(self.s.title, 48)
        ph = self.slide.shapes.title
        ph.top, ph.height = top, Inches(1.2)
        self.text(self.s.message, MARGIN, top + Inches(1.3), INNER, Inches(1.1), 30, color=DARK)  # two lines of 30 pt
        self.text(self.model.dataset_label, MARGIN, top + Inches(2.4), INNER, Inches(0.6), 22,
                  bold=self.model.synthetic, color=SYNTHETIC_RED if self.model.synthetic else GREY)
        self.text(t("deck.made_with", self.lang), MARGIN, top + Inches(3.1), INNER, Inches(0.5), 16)

    def not_available(self) -> None:
        box = self.slide.shapes.add_shape(MSO_SHAPE.ROUNDED_RECTANGLE, MARGIN + Inches(1.5), self.body_top + Inches(0.6),
                                          INNER - Inches(3.0), Inches(2.2))
        box.name = "not-available"
        box.fill.solid()
        box.fill.fore_color.rgb = RGBColor(0xF2, 0xF2, 0xF2)
        box.line.color.rgb = RGBColor(0xBB, 0xBB, 0xBB)
        tf = box.text_frame
        tf.word_wrap = True
        tf.vertical_anchor = MSO_ANCHOR.MIDDLE
        for i, (line, size, bold) in enumerate(((t("deck.not_available", self.lang), 28, True),
                                                (slides.not_available_hint(self.s, self.lang), 18, False))):
            p = tf.paragraphs[0] if i == 0 else tf.add_paragraph()
            p.alignment = PP_ALIGN.CENTER
            run = p.add_run()
            run.text = line
            run.font.size, run.font.bold, run.font.color.rgb = Pt(size), bold, DARK

    def headline(self) -> None:
        infos = [self.s.info["home"]] + ([self.s.info["benchmark"]] if "benchmark" in self.s.info else [])
        col_w = INNER // len(infos)
        for i, info in enumerate(infos):
            self.headline_block(info, MARGIN + col_w * i, col_w - Inches(0.3), show_name=len(infos) > 1)

    def headline_block(self, info: dict, left, width, show_name: bool) -> None:
        top = self.body_top
        if show_name:
            self.text(info.get("name") or "", left, top, width, Inches(0.5), 24, bold=True, color=DARK)
            top += Inches(0.6)
        if not info.get("available"):
            lines = slides.headline_lines(info, self.lang, self.model.year, self.min_respondents) if info.get(
                "suppressed") is not None else [t("deck.not_available", self.lang)]
            self.text(["–"] + lines, left, top, width, Inches(2.5), 24, color=DARK)
            return
        # 88 pt on a 1.2 line height is 1.47 in: the box is that tall, and the chip starts below it.
        self.text(info["index_text"], left, top, width, Inches(1.6), 88, bold=True, color=DARK,
                  name="headline-index")
        band = info["category"]
        chip = self.slide.shapes.add_shape(MSO_SHAPE.ROUNDED_RECTANGLE, left, top + Inches(1.65),
                                           min(width, Inches(4.6)), Inches(0.6))
        chip.name = "headline-category"
        chip.fill.solid()
        chip.fill.fore_color.rgb = rgb(charts.BAND_COLORS[band])
        chip.line.fill.background()
        p = chip.text_frame.paragraphs[0]
        p.alignment = PP_ALIGN.CENTER
        run = p.add_run()
        run.text = t("overview.category", self.lang, code=band, label=info["category_label"])
        run.font.size, run.font.bold = Pt(24), True
        run.font.color.rgb = rgb(slides.CHIP_TEXT[band])
        lines = slides.headline_lines(info, self.lang, self.model.year, self.min_respondents)
        self.text(lines, left, top + Inches(2.33), width, HEIGHT - Inches(0.8) - (top + Inches(2.33)), 18, color=DARK)

    def add_chart(self, kind, data, name: str):
        frame = self.slide.shapes.add_chart(kind, MARGIN, self.body_top, INNER, self.body_height, data)
        frame.name = name
        chart = frame.chart
        chart.has_title = False  # the slide's title is the chart's title
        chart.font.size = Pt(AXIS_PT)
        chart.font.color.rgb = DARK
        return chart

    def legend(self, chart, show: bool = True) -> None:
        chart.has_legend = show
        if show:
            chart.legend.position = XL_LEGEND_POSITION.BOTTOM
            chart.legend.include_in_layout = False
            chart.legend.font.size = Pt(LEGEND_PT)

    def labels(self, series, values, position=XL_LABEL_POSITION.OUTSIDE_END, size: int = LABEL_PT) -> None:
        """Data labels as text in the deck's language ('59,5'), only where there is a value."""
        for i, v in enumerate(values):
            if v is None or pd.isna(v):
                continue
            dl = series.points[i].data_label
            dl.has_text_frame = True
            dl.text_frame.text = fmt_num(v, self.lang)
            dl.position = position[i] if isinstance(position, list) else position
            for p in dl.text_frame.paragraphs:
                for r in p.runs:
                    r.font.size, r.font.bold, r.font.color.rgb = Pt(size), True, DARK

    def trend(self) -> None:
        d = self.s.data
        years = sorted(d["year"].unique())
        cd = output.chart_data(self.about, "0.0")  # its workbook neutralised, with "Sumber"
        cd.categories = [str(y) for y in years]
        styles, repeats = [], []
        for (name, role), g in d.groupby(["series", "role"], sort=False):
            parts = charts.method_segments(g)
            for k, part in enumerate(parts):
                by_year = dict(zip(part["year"], part["idx"]))
                values = [by_year.get(y) for y in years]
                # One legend entry per series, by its name: the part after a method break is the
                # same series (the marker on the chart says where the method changed).
                cd.add_series(name, values, number_format="0.0")
                if k:
                    repeats.append(len(styles))
                styles.append((role, values, years))
        chart = self.add_chart(XL_CHART_TYPE.LINE_MARKERS, cd, "chart-trend")
        _plot_area(chart, PLOT_AREA)
        colors = {"home": slides.HOME_COLOR, "benchmark": slides.BENCH_COLOR, "national": charts.NATIONAL_COLOR}
        shown = [v for v in d["idx"] if v is not None and not pd.isna(v)]
        vmin, vmax = max(0, (min(shown) - 8) // 5 * 5), min(100, -(-(max(shown) + 6) // 5) * 5)
        # Each label off every line and every other label: the charts' one placement rule, on this
        # chart's fixed plot area (in points).
        _x0, _y0, w, h = PLOT_AREA
        place = slides.label_positions(d, (vmin, vmax), (INNER / 12700 * w, self.body_height / 12700 * h), LABEL_PT,
                                       self.lang)
        for series, (role, values, years_) in zip(chart.plots[0].series, styles):
            series.smooth = False
            series.format.line.color.rgb = rgb(colors[role])
            series.format.line.width = Pt(2.25 if role == "national" else 3.5)
            if role == "national":
                series.format.line.dash_style = MSO_LINE_DASH_STYLE.DASH
            series.marker.style = XL_MARKER_STYLE.CIRCLE
            series.marker.size = 7 if role == "national" else 10
            series.marker.format.fill.solid()
            series.marker.format.fill.fore_color.rgb = rgb(colors[role])
            series.marker.format.line.color.rgb = rgb(colors[role])
            if role != "national":
                self.labels(series, values, [LABEL_POSITION[place.get((role, int(y)), "top center")] for y in years_])
        va = chart.value_axis
        va.minimum_scale, va.maximum_scale = vmin, vmax
        va.major_unit = 5 if va.maximum_scale - va.minimum_scale <= 30 else 10
        va.has_major_gridlines = True
        va.major_gridlines.format.line.color.rgb = LIGHT_GRID
        va.tick_labels.number_format, va.tick_labels.number_format_is_linked = "0", False
        va.tick_labels.font.size = Pt(AXIS_PT)
        va.format.line.fill.background()
        chart.category_axis.tick_labels.font.size = Pt(AXIS_PT + 2)
        self.legend(chart)
        _hide_legend_entries(chart, repeats)
        self.method_marks(years, d)

    def method_marks(self, years: list[int], d: pd.DataFrame) -> None:
        """A dashed vertical line between the last year of one method and the first of the next,
        labelled with the new method, as on screen (the plot area's layout is fixed, so the
        position between two categories is known)."""
        left, top, width, height = MARGIN, self.body_top, INNER, self.body_height
        x0, y0, w, h = PLOT_AREA
        n = len(years)
        for x, _before, after in charts.method_breaks(d[d["role"] != "national"]):
            i = sum(1 for y in years if y < x)  # categories before the break
            if not 0 < i < n:
                continue
            at = int(left + width * (x0 + w * i / n))
            line = self.slide.shapes.add_connector(MSO_CONNECTOR.STRAIGHT, at, int(top + height * y0), at,
                                                   int(top + height * (y0 + h)))
            line.name = "method-break"
            line.line.color.rgb = DARK
            line.line.width = Pt(1.5)
            line.line.dash_style = MSO_LINE_DASH_STYLE.DASH
            self.text(t("chart.method_break", self.lang, method=after), at + Inches(0.08),
                      int(top + height * y0), Inches(2.6), Inches(0.4), 13, color=DARK, name="method-break-label")

    def bars(self, categories, series_list, name: str, maximum: float = 100):
        """A horizontal bar chart, first category on top, value axis hidden (the labels carry the
        numbers), scale from 0 so bar lengths stay honest."""
        cd = output.chart_data(self.about, "0.0")  # its workbook neutralised, with "Sumber"
        cd.categories = categories
        for label, values, _colors in series_list:
            cd.add_series(label, values, number_format="0.0")
        chart = self.add_chart(XL_CHART_TYPE.BAR_CLUSTERED, cd, name)
        plot = chart.plots[0]
        plot.gap_width = 50
        plot.overlap = -5 if len(series_list) > 1 else 0
        for series, (_label, values, colors) in zip(plot.series, series_list):
            if isinstance(colors, str):
                series.format.fill.solid()
                series.format.fill.fore_color.rgb = rgb(colors)
            else:
                series.format.fill.solid()
                series.format.fill.fore_color.rgb = rgb(colors[0])
                for i, c in enumerate(colors):
                    point = series.points[i]
                    point.format.fill.solid()
                    point.format.fill.fore_color.rgb = rgb(c)
            self.labels(series, values)
        ca = chart.category_axis
        ca.reverse_order = True
        ca.tick_labels.font.size = Pt(AXIS_PT + 2)
        ca.format.line.color.rgb = RGBColor(0xAA, 0xAA, 0xAA)
        va = chart.value_axis
        va.minimum_scale, va.maximum_scale = 0, maximum
        va.has_major_gridlines = False
        va.visible = False
        return chart

    def values(self) -> None:
        d = self.s.data
        name_col = "name_en" if self.lang == "en" else "name_id"
        series = [(self.model.entity_name, list(d["score"]), [charts.band_color(v) for v in d["score"]])]
        if d["national"].notna().any():
            series.append((t("chart.national", self.lang), [None if pd.isna(v) else v for v in d["national"]],
                           "#8C8C8C"))
        chart = self.bars(list(d[name_col]), series, "chart-values", maximum=108)
        self.legend(chart, len(series) > 1)

    def rank(self) -> None:
        d = self.s.data
        color = {"home": slides.HOME_COLOR, "benchmark": slides.BENCH_COLOR, "peer": slides.PEER_COLOR}
        chart = self.bars([slides.rank_label(r) for r in d.itertuples()],
                          [(t("chart.index_axis", self.lang), list(d["idx"]), [color[r] for r in d["role"]])],
                          "chart-rank", maximum=105)
        self.legend(chart, False)

    def gap(self) -> None:
        d = self.s.data
        name_col = "name_en" if self.lang == "en" else "name_id"
        chart = self.bars(list(d[name_col]),
                          [(self.model.entity_name, list(d["home"]), slides.HOME_COLOR),
                           (self.model.benchmark_name, list(d["benchmark"]), slides.BENCH_COLOR)],
                          "chart-gap", maximum=108)
        self.legend(chart)

    def questions(self) -> None:
        """Each question in bold, its prompts (behaviours to ask about, the benchmark's action-plan
        items) under it, at the largest of a few type sizes whose text fits the body (estimated:
        a character about 0.6 of its size wide — bold text in a substitute font such as LibreOffice's
        DejaVu Sans is that wide; half its size overflowed there — a line 1.2 times its size).
        The box also asks to shrink its text to fit (normAutofit), for renderers that apply it."""
        items = slides.question_lines(self.s.data, self.model.entity_name, self.model.benchmark_name, self.lang)
        width_pt, height_pt = (INNER - Inches(0.2)) / 12700, self.body_height / 12700 - 10

        def needed(q_size, p_size) -> float:
            total = 0.0
            for question, prompts in items:
                for text, size in [(question, q_size), *((f"– {x}", p_size) for x in prompts)]:
                    total += max(1, -(-int(len(text) * size * 0.6) // int(width_pt))) * size * 1.2
                    total += 8 if size == q_size else 2  # the space before it
            return total

        q_size, p_size = next(((q, p) for q, p in ((22, 16), (20, 15), (18, 14), (16, 13), (14, 12))
                               if needed(q, p) <= height_pt), (12, 11))
        box = self.slide.shapes.add_textbox(MARGIN, self.body_top, INNER, self.body_height)
        box.name = "question-list"
        tf = box.text_frame
        tf.word_wrap = True
        tf.auto_size = MSO_AUTO_SIZE.TEXT_TO_FIT_SHAPE
        first = True
        for question, prompts in items:
            for text, size, bold, color in [(question, q_size, True, DARK),
                                            *((f"– {x}", p_size, False, GREY) for x in prompts)]:
                p = tf.paragraphs[0] if first else tf.add_paragraph()
                first = False
                p.space_before = Pt(8 if bold else 2)
                run = p.add_run()
                run.text = text
                run.font.size, run.font.bold, run.font.color.rgb = Pt(size), bold, color

    def sources(self) -> None:
        d = self.s.data
        lines = []
        for r in d.itertuples():
            kind = t(f"source_kind.{r.kind}", self.lang)
            if str(r.url).startswith("http"):
                lines.append(f"• {r.publisher or ''} — {r.url} ({kind})")
            else:
                lines.append(f"• {t(f'source_urn.{r.kind}', self.lang)} ({kind})")
        if not lines:
            lines = [t("deck.no_sources", self.lang)]
        self.text(lines, MARGIN, self.body_top, INNER, self.body_height, 16, color=DARK, name="source-list")


def chart_values(prs) -> dict[str, dict[str, list]]:
    """{chart shape name: {series name: [values]}} of every native chart in a Presentation, with
    the categories under the key '_categories' (for tests and checks)."""
    out = {}
    for slide in prs.slides:
        for shape in slide.shapes:
            if shape.has_chart:
                plot = shape.chart.plots[0]
                entry = {"_categories": [str(c) for c in plot.categories]}
                for series in plot.series:  # a series split at a method break: one list
                    values = list(series.values)
                    before = entry.get(series.name)
                    entry[series.name] = values if before is None else [
                        a if a is not None else b for a, b in zip(before, values)]
                out[shape.name] = entry
    return out
