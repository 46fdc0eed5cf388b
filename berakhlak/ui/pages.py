"""Streamlit glue shared by the analysis pages (Tren, Perbandingan, Nilai, Studi banding, Unit):
pickers bound to the URL, the queries every page reads, sources and downloads.

Every frame with scores that a page gets from here comes as shown from the query layer
(entity_year_shown, migrations/0005): the scores of a hidden group are NULL (NaN), and
`suppressed`/`suppression` say why. Nothing here masks a score."""
from __future__ import annotations

import re
import zlib

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from berakhlak.domain import ranks
from berakhlak.ui import common as ui
from berakhlak.present import views
from berakhlak.i18n import current_lang, t
from berakhlak.domain.rules import NATIONAL_CODE, VALUE_CODES, method_for_year

SCORE_COLS = ["idx", *VALUE_CODES, "score"]


# --- the shared selection -------------------------------------------------------------------

def shared_entity() -> str | None:
    """The entity chosen on any page of this session (or given in the link)."""
    return st.session_state.get("entity") or st.query_params.get("entity")


def share_entity(code: str | None) -> None:
    """Make `code` the shared entity, so that the other pages open on it."""
    if code and code != NATIONAL_CODE:
        st.session_state["entity"] = code


def entities(dataset: str) -> pd.DataFrame:
    """The entities with data that the analysis pages compare (not units: the Unit page shows
    those, with complementary suppression)."""
    frame = ui.q("entities_with_data", dataset=dataset)
    return frame[frame["level"] != "unit"].reset_index(drop=True)


def entity_labels(frame: pd.DataFrame) -> dict[str, str]:
    return dict(zip(frame["code"], (ui.entity_label(r) for r in frame.itertuples())))


def default_entity(frame: pd.DataFrame, fallback: str = "62") -> str | None:
    """The shared entity when it is in `frame`; else its parent or province; else Kalteng; else
    the first."""
    codes = list(frame["code"])
    if not codes:
        return None
    wanted = shared_entity()
    if wanted in codes:
        return wanted
    if wanted:
        known = ui.entity_directory()
        if wanted in known.index:
            for up in (known.loc[wanted, "parent_code"], known.loc[wanted, "region_code"]):
                if isinstance(up, str) and up in codes:
                    return up
    return fallback if fallback in codes else codes[0]


def report_unavailable(keys: tuple[str, ...], options) -> None:
    """A link may name an entity that has no data in this dataset (or not at this level): say so,
    since the page then opens on another one. Call before the picker rewrites the URL."""
    options = set(options)
    known = ui.entity_directory()["name"]
    for key in keys:
        raw = st.query_params.get(key)
        if not raw:
            continue
        for code in raw.split(","):
            if code not in options and code in known.index:
                st.info(ui.md_t("pages.entity_unavailable", name=known[code]), icon=":material/info:")
        return


# --- pickers --------------------------------------------------------------------------------

def level_picker(default: str | None = None, container=None) -> str:
    where = container or st
    return ui.bound(where.segmented_control, t("pages.level"), list(views.LEVEL_GROUPS), key="level",
                    default=default or "provinsi", format_func=lambda g: t(f"pages.level_group.{g}"),
                    required=True)


def level_and_year(dataset: str, level_container=None, year_container=None) -> tuple[str, list[int], int]:
    """The level and year pickers of a page that compares one level in one year (the latest year
    of the level by default): the level, its years with data, the year chosen. The page stops
    with a message when the level has no data."""
    group = level_picker(default_level(), container=level_container)
    years = level_years(dataset, group)
    if not years:
        ui.no_data("compare.no_level_data", level=t(f"pages.level_group.{group}").lower())
        st.stop()
    return group, years, ui.year_picker(years, container=year_container)


def default_level() -> str:
    """The level of the shared entity, so a page opens where the user already is."""
    code = shared_entity()
    if code:
        known = ui.entity_directory()
        if code in known.index:
            return views.level_group_of(known.loc[code, "level"]) or "provinsi"
    return "provinsi"


def indicator_picker(lang: str, *, key: str = "ind", with_index: bool = True, default: str = views.INDEX,
                     label: str | None = None, container=None) -> str:
    names = views.value_names(ui.q("value_list"), lang)
    options = ([views.INDEX] if with_index else []) + list(VALUE_CODES)
    where = container or st
    return ui.bound(where.selectbox, label or t("pages.indicator"), options, key=key,
                    default=default if default in options else options[0],
                    format_func=lambda c: views.indicator_label(c, names, lang))


def batch_picker(container=None) -> str:
    where = container or st
    choice = ui.bound(where.segmented_control, t("pages.batch"), ["all", *views.BATCHES], key="batch",
                      default="all", format_func=lambda b: t(f"pages.batch.{b}"), required=True,
                      help=t("pages.batch_help"))
    return "" if choice == "all" else choice


def province_picker(default: str = "all", container=None, label: str | None = None) -> str:
    provinces = ui.q("province_list")
    names = dict(zip(provinces["code"], provinces["name"]))
    options = ["all", *provinces["code"]]
    where = container or st
    choice = ui.bound(where.selectbox, label or t("pages.province_filter"), options, key="prov",
                      default=default if default in options else "all",
                      format_func=lambda c: t("pages.all_provinces") if c == "all" else names.get(c, c))
    return "" if choice == "all" else choice


def view_picker(container=None) -> str:
    where = container or st
    return ui.bound(where.segmented_control, t("pages.view"), ["chart", "table"], key="view", default="chart",
                    format_func=lambda v: t(f"pages.view.{v}"), required=True, label_visibility="collapsed")


# --- queries as shown ------------------------------------------------------------------------

def level_scores(dataset: str, year: int, group: str, indicator: str = views.INDEX, batch: str = "",
                 province: str = "", levels: tuple[str, ...] | None = None) -> pd.DataFrame:
    levels = tuple(levels or views.LEVEL_GROUPS[group])
    return ui.q("level_scores", dataset=dataset, year=int(year), levels=list(levels), indicator=indicator,
                batch=batch, province=province, min_respondents=ui.min_respondents())


def rank_withheld(frame: pd.DataFrame) -> ranks.Withheld | None:
    """Why the ranks of a level_scores frame mean nothing (too few with a score, or under half of
    the entities the filters keep), or None when they can be shown (berakhlak.domain.ranks)."""
    if frame.empty:
        return None
    return ranks.withheld(frame["of"].iloc[0], frame["in_scope"].iloc[0])


def rank_note(w: ranks.Withheld, level_name: str, year: int, container=None) -> None:
    """Say, where a rank would stand, why there is none."""
    (container or st).caption(":material/info: " + ranks.reason_text(w, level_name, year))


def national_scores(dataset: str, year: int, indicator: str = views.INDEX) -> pd.Series | None:
    """The national row of one year (index and 7 values, `score` = the indicator), or None."""
    frame = level_scores(dataset, year, "", indicator, levels=("nasional",))
    return None if frame.empty else frame.iloc[0]


def series(dataset: str, codes: list[str]) -> pd.DataFrame:
    """Every year of these entities (index and 7 values, as shown)."""
    if not codes:
        return pd.DataFrame(columns=["entity_code", "entity_name", "year", "method", *SCORE_COLS])
    return ui.q("entity_series", dataset=dataset, entities=list(codes), min_respondents=ui.min_respondents())


def level_years(dataset: str, group: str) -> list[int]:
    return [int(y) for y in ui.q("level_years", dataset=dataset, levels=list(views.LEVEL_GROUPS[group]))["year"]]


def methods_of(years) -> dict[int, str | None]:
    """The method (instrument) of each year, from one read of the method list."""
    methods = ui.q("method_list")
    rows = [(r.code, int(r.first_year), None if pd.isna(r.last_year) else int(r.last_year))
            for r in methods.itertuples() if r.year_default is not False]
    return {int(y): method_for_year(int(y), rows) for y in years}


def method_of(year: int) -> str | None:
    return methods_of([year])[int(year)]


def method_name(code: str | None, lang: str) -> str:
    methods = ui.q("method_list").set_index("code")
    if code in methods.index:
        return methods.loc[code, "name_en" if lang == "en" else "name_id"]
    return code or "–"


# --- blocks ---------------------------------------------------------------------------------

def shown_pairs(*frames: pd.DataFrame | None) -> list[tuple[str, int]]:
    """The (entity_code, year) pairs of these frames that show a number (the index, a value or
    the chosen indicator): whose sources the page lists (ui.sources)."""
    pairs = []
    for frame in frames:
        if frame is None or frame.empty:
            continue
        cols = [c for c in SCORE_COLS if c in frame.columns]
        any_score = frame[cols].notna().any(axis=1) if cols else pd.Series(False, index=frame.index)
        pairs += list(zip(frame.loc[any_score, "entity_code"], frame.loc[any_score, "year"].astype(int)))
    return pairs


def downloads(frame: pd.DataFrame, name: str, dataset: str, *, entities, years=(), title: str = "",
              xlsx: bool = False, container=None) -> None:
    """CSV (and XLSX) of exactly the table shown (hidden scores are empty cells), saying where its
    numbers come from: the sources of `entities` in `years` (empty: every year)."""
    from berakhlak.ui import downloads as dl

    about = dl.about(dataset, entities, years, title=title or name)
    dl.table(views.one_type_per_column(frame, ui.lang()), name, about, xlsx=xlsx, container=container)


def method_note(years, lang: str) -> str | None:
    """"2022–2023: ACT … · 2024–: BRIN …" when the years shown span more than one method."""
    used = sorted({m for m in methods_of(years).values() if m})
    if len(used) < 2:
        return None
    return t("pages.method_note", lang, methods=" · ".join(method_name(m, lang) for m in used))


def band_styles(frame: pd.DataFrame, cols: list[str]) -> pd.DataFrame:
    """CSS per cell: the category colour behind a score (tables use the charts' palette)."""
    from berakhlak.present.charts import BAND_COLORS, band_code, text_color

    css_of = {code: f"background-color: {bg}; color: {text_color(bg)}" for code, bg in BAND_COLORS.items()}
    # Whole columns at once: a cell-by-cell .loc assignment cost a quarter of a Unit page rerun.
    css = {c: [css_of.get(band_code(v), "") if pd.notna(v) else "" for v in frame[c]] if c in cols
           else [""] * len(frame) for c in frame.columns}
    return pd.DataFrame(css, index=frame.index, columns=frame.columns)


def formatted(frame: pd.DataFrame, lang: str, *, scores=(), changes=(), counts=(), years=(), category=None):
    """A table for st.dataframe with numbers as the language writes them (59,5 / 59.5) and the
    scores and category on their category colour, while the data underneath stays numeric, so
    the columns sort as numbers. Change columns may hold "not comparable": they are shown as
    text."""
    from berakhlak.present.charts import BAND_COLORS, text_color
    from berakhlak.i18n import fmt_int, fmt_num

    data = frame.copy()
    fmt = {}
    for c in changes:
        if c not in data.columns:
            continue
        if data[c].map(lambda v: isinstance(v, str)).any():  # "not comparable" among the numbers: text
            data[c] = [v if isinstance(v, str) else ("–" if v is None or pd.isna(v) else fmt_num(v, lang, sign=True))
                       for v in data[c]]
        else:  # numbers only: they stay numbers, so the column sorts
            data[c] = pd.to_numeric(data[c], errors="coerce")
            fmt[c] = lambda v: "–" if v is None or pd.isna(v) else fmt_num(v, lang, sign=True)
    for c in scores:
        if c in data.columns:
            fmt[c] = lambda v: "–" if v is None or pd.isna(v) else fmt_num(v, lang)
    for c in counts:
        if c in data.columns:
            fmt[c] = lambda v: "–" if v is None or pd.isna(v) else fmt_int(int(v), lang)
    for c in years:
        if c in data.columns:
            fmt[c] = lambda v: "" if v is None or pd.isna(v) else str(int(v))
    styler = data.style.format(fmt)
    present = [c for c in scores if c in data.columns]
    if present:
        styler = styler.apply(lambda f: band_styles(f, present), axis=None)
    if category and category in data.columns:
        def cat_css(col):
            return [f"background-color: {BAND_COLORS[v]}; color: {text_color(BAND_COLORS[v])}"
                    if v in BAND_COLORS else "" for v in col]
        styler = styler.apply(cat_css, subset=[category])
    return styler


def compared(frame: pd.DataFrame, lang: str, *, scores, reference, gaps=(), changes=(), plain=()):
    """A table like `formatted`, each score written with its category ("76,5 · A") on the colour
    of its difference from `reference` (one value per row: the national figure, the benchmark),
    on the diverging scale of the charts; a gap column writes a gap under a point as "setara"
    (rules.SETARA_POINTS); `plain` scores are written as numbers without colour. Numbers stay
    numbers underneath, so columns sort."""
    from berakhlak.domain.rules import is_setara
    from berakhlak.i18n import fmt_num
    from berakhlak.present import charts_diff
    from berakhlak.present.charts import band_code, text_color

    styler = formatted(frame, lang, changes=[*changes, *gaps])
    ref = list(reference)
    cols = [c for c in scores if c in frame.columns]
    diffs = {c: [None if pd.isna(v) or r is None or pd.isna(r) else float(v) - float(r) for v, r in zip(frame[c], ref)]
             for c in cols}
    span = charts_diff.span_of([d for ds in diffs.values() for d in ds])

    def css(f: pd.DataFrame) -> pd.DataFrame:
        out = {}
        for col in f.columns:
            fills = [charts_diff.diff_color(d, span) for d in diffs[col]] if col in diffs else [None] * len(f)
            out[col] = [f"background-color: {bg}; color: {text_color(bg)}" if bg else "" for bg in fills]
        return pd.DataFrame(out, index=f.index, columns=f.columns)

    def score_text(v) -> str:
        return "–" if v is None or pd.isna(v) else f"{fmt_num(v, lang)} · {band_code(v)}"

    def gap_text(v) -> str:
        if v is None or pd.isna(v):
            return "–"
        return (f"{t('gap.setara_short', lang)} ({fmt_num(v, lang, sign=True)})" if is_setara(v)
                else fmt_num(v, lang, sign=True))

    fmt = {c: score_text for c in cols}
    fmt.update({c: (lambda v: "–" if v is None or pd.isna(v) else fmt_num(v, lang)) for c in plain if c in frame.columns})
    fmt.update({c: gap_text for c in gaps if c in frame.columns})
    return styler.apply(css, axis=None).format(fmt)


# --- charts ---------------------------------------------------------------------------------

class RenderedFigure(go.Figure):
    """A figure whose dictionary is made once. st.plotly_chart asks for `to_dict()` on every rerun,
    and Plotly then deep-copies the figure and base64-encodes each array again: a quarter of a
    Unit page rerun with every result cached. Only for figures that are not changed afterwards."""

    def to_dict(self):
        rendered = self.__dict__.get("_rendered")
        if rendered is None:
            rendered = self._rendered = super().to_dict()
        return rendered

    @classmethod
    def of(cls, fig: go.Figure) -> RenderedFigure:
        fig.__class__ = cls  # the same object (no copy), now answering to_dict() from its memo
        return fig


@st.cache_resource(show_spinner=False, max_entries=400)
def figure(builder: str, *args, **kwargs) -> RenderedFigure:
    """charts.<builder>(*args, **kwargs), built once per input (frames are hashed by content) and
    shared: a rerun that does not change a chart's data does not rebuild it. The figure object is
    kept rather than a dict, because st.plotly_chart re-validates a dict (slow) but only copies a
    figure. Shared by all sessions: render it, never change it."""
    from berakhlak.present import charts

    from berakhlak.present.alt_text import with_alt

    return RenderedFigure.of(with_alt(getattr(charts, builder)(*args, **kwargs), current_lang()))


# What a builder is asked for a phone's version of its chart (issue 13, item 6): small multiples
# in two columns, trends laid out (subtitle lines, direct labels) for a phone's width.
PHONE_KWARGS = {
    "trend_chart": {"width": 370, "height": 520},
    "slope_chart": {"width": 370},
    "value_small_multiples": {"cols": 2},
    "unit_small_multiples": {"cols": 2},
    "comparison_heatmap": {"width": 370},
}


def comparison_heatmap(grid: pd.DataFrame, columns: list, lang: str, reference, comparator_name: str, *,
                       weakest_of: pd.DataFrame | None = None, **plot_kwargs) -> None:
    """A heatmap coloured by the difference from `reference` (a row of scores, or None), with the
    sentence naming its weakest cell under it: the Unit and Nilai pages' one rule."""
    from berakhlak.i18n import fmt_num
    from berakhlak.present import charts_diff

    comparator = {col: (None if reference is None or pd.isna(reference.get(col)) else float(reference[col]))
                  for col, _h in columns}
    plot("comparison_heatmap", grid, columns, lang, comparator=comparator, comparator_name=comparator_name,
         **plot_kwargs)
    weakest = charts_diff.weakest_cell(grid if weakest_of is None else weakest_of, columns, comparator)
    if weakest:
        st.markdown(ui.md_t("cmp.weakest", row=weakest["row"], column=weakest["column"], score=fmt_num(weakest["score"]),
                            gap=fmt_num(weakest["diff"], sign=True), name=comparator_name))
    else:
        st.markdown(ui.md_t("cmp.none_below", name=comparator_name))


def plot(builder: str, *args, filename: str, container=None, phone: dict | None = None, **kwargs) -> None:
    """Render charts.<builder>(*args, **kwargs) with the PNG download named `filename`, and, when
    it does not fit a phone as it is, a phone's version beside it (PHONE_KWARGS for the builder,
    updated by `phone`; titles and notes broken to the width): the page CSS (ui/chrome.py) shows
    one of the two by the screen's width."""
    wide = figure(builder, *args, **kwargs)
    small = phone_figure(builder, args, kwargs, {**PHONE_KWARGS.get(builder, {}), **(phone or {})})
    render(wide, filename, container=container, phone=small)


@st.cache_resource(show_spinner=False, max_entries=400)
def phone_figure(builder: str, args: tuple, kwargs: dict, phone: dict) -> RenderedFigure:
    """The phone's version of charts.<builder>(*args, **kwargs), built with the `phone` keyword
    arguments and with titles and notes broken to a phone's width (berakhlak.present.phone.narrow),
    or the very figure `figure` returns when it fits a phone as it is (then it is drawn once)."""
    from berakhlak.present import phone as phone_fit

    fig = figure(builder, *args, **{**kwargs, **phone})
    small = phone_fit.narrow(fig, always=bool(phone))
    return fig if small is None else RenderedFigure.of(small)


def render(fig: go.Figure, filename: str, *, container=None, phone: go.Figure | None = None,
           **plotly_kwargs) -> None:
    """Show a figure: its PNG download named `filename`, its toolbar in the UI language, and its
    text alternative (layout.meta.alt, added here when the builder's caller did not). When it
    does not fit a phone (`phone`, or else berakhlak.present.phone.narrow of it), the phone's
    version is drawn beside it, and the page CSS (ui/chrome.py) shows one of the two by the
    screen's width."""
    from berakhlak.present import phone as phone_fit

    if phone is None:
        phone = phone_fit.narrow(fig) or fig
    where = container or st
    if phone is fig:
        _draw(fig, filename, where, **plotly_kwargs)
        return
    title = fig.layout.title.text or ""
    slug = re.sub(r"[^A-Za-z0-9_-]+", "-", f"{filename}-{plotly_kwargs.get('key') or ''}-{zlib.crc32(title.encode())}")
    # Both drawings get a key: without one, Streamlit derives the id from the figure, and a phone
    # version equal to the wide one (a year with few bars) raises "multiple plotly_chart
    # elements with the same auto-generated ID".
    key = plotly_kwargs.pop("key", None) or f"bk-chart-{slug}"
    _draw(fig, filename, where.container(key=f"bk-wide-{slug}"), key=key, **plotly_kwargs)
    _draw(phone, filename, where.container(key=f"bk-phone-{slug}"), key=f"{key}-phone", **plotly_kwargs)


def _draw(fig: go.Figure, filename: str, where, **plotly_kwargs) -> None:
    from berakhlak.present import charts
    from berakhlak.present.alt_text import with_alt

    if not (isinstance(fig.layout.meta, dict) and fig.layout.meta.get("alt")):
        fig = with_alt(fig, current_lang())
    where.plotly_chart(fig, config=charts.chart_config(filename), alt=fig.layout.meta["alt"], **plotly_kwargs)
