"""The slides of a presentation of one entity-year, optionally against a benchmark: for each
slide its title, its one-line message, its source footnote and the data behind its chart.

One model, two renderings, so they cannot disagree:
- the Presentasi page draws it with Plotly (`figure`, built on the shared chart builders);
- the PPTX export (`berakhlak.present.deck`) draws it with native, editable PowerPoint charts.

The numbers come from `summary.summarize` (the Overview's numbers) and the same named queries the
pages use, rounded half-up to one decimal as shown. Pure: no Streamlit. `query` is any callable
`query(name, **params) -> DataFrame` (the pages pass their cached `ui.q`), by default
`db.query` on `con`. Every text takes `lang` explicitly (a download runs on its own thread).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial

import pandas as pd
import plotly.graph_objects as go

from berakhlak.present import charts, hidden
from berakhlak.present import labels as label_layout
from berakhlak.data import db
from berakhlak.domain import ranks
from berakhlak.i18n import fmt_int, fmt_num, t
from berakhlak.domain.rules import (
    DEFAULT_MIN_RESPONDENTS,
    NATIONAL_CODE,
    band_for,
    delta,
    is_setara,
    round_half_up,
)
from berakhlak.domain.summary import NoData, summarize

KINDS = ("cover", "headline", "trend", "values", "rank", "gap", "questions", "sources")
CHART_KINDS = ("trend", "values", "rank", "gap")
TOP_PEERS = 10  # the rank slide shows the top 10, plus the home entity and the benchmark
INDEX_ROW = "INDEX"  # the gap slide's first row: the whole index, before the 7 values
QUESTIONS = 3  # the "questions to bring" slide asks about the values with the largest gaps
HOME_COLOR, BENCH_COLOR, PEER_COLOR = charts.SERIES_COLORS[0], charts.SERIES_COLORS[1], "#9A9A9A"
# Text on a category-coloured chip: dark on the light bands, white on the dark ones (contrast).
CHIP_TEXT = {"A": "#FFFFFF", "B": "#102A43", "C": "#1A1A1A", "D": "#FFFFFF"}


@dataclass
class Slide:
    kind: str
    title: str
    message: str
    footnote: str
    available: bool = True
    data: pd.DataFrame | None = None  # the chart's data, rounded as shown (internal columns)
    info: dict = field(default_factory=dict)


@dataclass
class Deck:
    entity: str
    entity_name: str
    year: int
    dataset: str
    dataset_label: str
    synthetic: bool
    lang: str
    benchmark: str | None
    benchmark_name: str | None
    summary: dict
    benchmark_summary: dict | None
    slides: list[Slide]
    sources: pd.DataFrame

    def slide(self, kind: str) -> Slide | None:
        return next((s for s in self.slides if s.kind == kind), None)

    @property
    def kinds(self) -> list[str]:
        return [s.kind for s in self.slides]

    def file_stem(self, kind: str | None = None) -> str:
        return file_stem(self.entity, self.year, self.dataset, self.benchmark, self.lang, kind)


def file_stem(entity: str, year: int, dataset: str, benchmark: str | None, lang: str, kind: str | None = None) -> str:
    """A meaningful file name: presentasi-62-2024-demo, studi-banding-62-32-2024-demo,
    presentasi-62-2024-demo-tren."""
    if benchmark:
        stem = f"{t('deck.file_benchmark', lang)}-{entity}-{benchmark}-{year}-{dataset}"
    else:
        stem = f"{t('deck.file_presentation', lang)}-{entity}-{year}-{dataset}"
    if kind:
        stem += "-" + t(f"deck.file_kind.{kind}", lang)
    return stem


# --- building the model ---------------------------------------------------------------------

def build(con, entity: str, year: int, dataset: str, benchmark: str | None = None, lang: str = "id",
          min_respondents: int = DEFAULT_MIN_RESPONDENTS, query=None) -> Deck:
    """The slides for `entity` in `year`. Raises summary.NoData when the entity has nothing
    for that year; a benchmark without data gives a gap slide that says so."""
    query = query or partial(db.query, con)
    year = int(year)
    s = summarize(con, entity, year, dataset, min_respondents, lang, query=query)
    b, bench_name = None, None
    if benchmark == entity:
        benchmark = None
    if benchmark:
        try:
            b = summarize(con, benchmark, year, dataset, min_respondents, lang, query=query)
            bench_name = b["entity_name"]
        except NoData as exc:
            bench_name = exc.params.get("name") or benchmark
    listed = query("dataset_list")
    kind = dict(zip(listed["name"], listed["kind"])).get(dataset, "user")
    ctx = _Ctx(query, con, entity, year, dataset, benchmark, lang, min_respondents, s, b, bench_name)

    slides = [_cover(ctx, kind), _headline(ctx), _trend(ctx), _values(ctx)]
    if s["level"] != "nasional":
        slides.append(_rank(ctx))
    if benchmark:
        gap = _gap(ctx)
        slides += [gap, _questions(ctx, gap)]
    sources = ctx.sources(ctx.all_codes(), ctx.first_year, year)
    slides.append(_sources(ctx, sources, kind))
    return Deck(entity, s["entity_name"], year, dataset, dataset_label(dataset, kind, lang),
                kind == "synthetic", lang, benchmark, bench_name, s, b, slides, sources)


def dataset_label(name: str, kind: str, lang: str) -> str:
    if kind == "synthetic":
        return t("dataset.synthetic", lang, name=name)
    if kind == "published":
        return t("dataset.published", lang)
    return t("dataset.user", lang, name=name)


@dataclass
class _Ctx:
    query: object
    con: object
    entity: str
    year: int
    dataset: str
    benchmark: str | None
    lang: str
    min_respondents: int
    s: dict
    b: dict | None
    bench_name: str | None
    shown_codes: set = field(default_factory=set)
    first_year: int = 0

    def __post_init__(self):
        self.first_year = self.year
        self.shown_codes = {self.entity, NATIONAL_CODE} | ({self.benchmark} if self.benchmark else set())

    def all_codes(self) -> list[str]:
        return sorted(self.shown_codes)

    def sources(self, codes, first_year: int, last_year: int) -> pd.DataFrame:
        """The sources of the index and values of `codes` in the years first_year..last_year, one
        row per source (official first, then news, …)."""
        pairs = [(c, y) for c in sorted(codes) for y in range(int(first_year), int(last_year) + 1)]
        found = self.query("sources_shown", dataset=self.dataset, entities=[c for c, _ in pairs],
                           years=[y for _, y in pairs], all_measures=False)
        found = found.drop_duplicates("url")[["url", "title", "publisher", "kind"]]
        return found.sort_values(["kind", "url"]).reset_index(drop=True)

    def footnote(self, codes, first_year: int | None = None, note: str | None = None) -> str:
        src = self.sources(codes, first_year or self.year, self.year)
        text = t("deck.footnote", self.lang, sources=sources_line(src, self.lang))
        return text + (" " + note if note else "")

    def hidden_info(self) -> dict:
        """For a slide that shows nothing because the entity-year is hidden: what would show it
        (berakhlak.present.hidden), said in place of "import data", which cannot help."""
        if not self.s["suppressed"]:
            return {}
        return {"hint": hidden.show(self.s.get("suppression"), self.lang, minimum=self.min_respondents)}

    def history(self, code: str) -> pd.DataFrame:
        """The index over the years up to the chosen one, as the Overview shows it (hidden years
        are not in it: entity_index_history reads entity_year_shown), rounded as shown."""
        h = self.query("entity_index_history", dataset=self.dataset, entity=code,
                       min_respondents=self.min_respondents)
        h = h[h["year"] <= self.year]
        return h.assign(idx=h["idx"].map(round_half_up), year=h["year"].astype(int))


def sources_line(src: pd.DataFrame, lang: str) -> str:
    """'kpfmpalangkaraya.com, beritasampit.com' — publishers, or the name of a non-web source."""
    if src is None or src.empty:
        return t("deck.no_sources", lang)
    names = []
    for r in src.itertuples():
        if str(r.url).startswith("http"):
            name = r.publisher if isinstance(r.publisher, str) and r.publisher else r.url
        else:
            name = t(f"source_urn.{r.kind}", lang) if r.kind in ("synthetic", "internal") else str(r.url)
        if name not in names:
            names.append(name)
    return ", ".join(names)


def _cover(ctx: _Ctx, kind: str) -> Slide:
    lang = ctx.lang
    if ctx.benchmark:
        message = t("deck.cover.benchmark", lang, home=ctx.s["entity_name"], bench=ctx.bench_name, year=ctx.year)
    else:
        message = t("deck.cover.subtitle", lang, name=ctx.s["entity_name"], year=ctx.year)
    return Slide("cover", t("deck.cover.title", lang, year=ctx.year), message,
                 t("deck.footnote_dataset", lang, dataset=dataset_label(ctx.dataset, kind, lang)),
                 info={"level": ctx.s["level"]})


def _headline_info(s: dict | None, lang: str) -> dict:
    if s is None:
        return {"available": False}
    return {
        "available": s["index"] is not None,
        "name": s["entity_name"], "index": s["index"], "index_text": fmt_num(s["index"], lang),
        "category": s["category"], "category_label": s["category_label"],
        "national": s["national"]["index"] if s["national"] else None,
        "delta_vs_national": s["delta_vs_national"], "rank": s["rank"], "rank_withheld": s["rank_withheld"],
        "respondents": s["respondents"], "suppressed": s["suppressed"], "suppression": s.get("suppression"),
        "method": s["method"],
        "basis": s["index_basis"],
        # Published ranks and awards of that year (issue 14), said under the number with their source.
        "published_rank": s.get("published_rank"), "recognitions": s.get("recognitions") or [],
    }


def headline_lines(info: dict, lang: str, year: int, min_respondents: int) -> list[str]:
    """The lines under a headline number: national average, rank, respondents, method."""
    if info.get("suppressed"):
        return [hidden.of_summary(info, lang, minimum=min_respondents)]
    if not info.get("available"):
        return [t("deck.headline.no_index", lang, year=year)]
    lines = []
    if info["national"] is not None:
        d = info["delta_vs_national"]
        key = "deck.headline.equal" if is_setara(d) else ("deck.headline.above" if d > 0 else "deck.headline.below")
        lines.append(t(key, lang, delta=fmt_num(abs(d), lang), national=fmt_num(info["national"], lang)))
    if info["rank"]:  # given only where it means something (berakhlak.domain.ranks)
        r = info["rank"]
        lines.append(t("deck.rank.message", lang, position=r["position"], of=r["of"],
                       level=t(f"deck.level_plural.{r['level']}", lang), year=year))
    elif info.get("rank_withheld"):  # and where it does not, why not
        w = info["rank_withheld"]
        lines.append(t("summary.rank_withheld_line", lang, of=fmt_int(w["of"], lang), total=fmt_int(w["in_level"], lang),
                       level=t(f"deck.level_plural.{w['level']}", lang)))
    if info["respondents"]:
        lines.append(t("deck.headline.respondents", lang, n=fmt_int(info["respondents"], lang)))
    if info["basis"] == "mean_of_values":
        lines.append(t("deck.headline.basis_mean", lang))
    return lines + recognition_lines(info, lang)


def recognition_lines(info: dict, lang: str, most: int = 3) -> list[str]:
    """"Peringkat dipublikasikan: 9 dari 18 (18 provinsi wilayah Indonesia Barat) — kpfmpalangkaraya.com"
    and the awards of the year (winners first), each with its source's site."""
    def site(url) -> str:
        return url.split("/")[2].removeprefix("www.") if isinstance(url, str) and url.startswith("http") else ""

    lines = []
    pr = info.get("published_rank")
    if pr:
        where = f" ({pr['scope']})" if pr.get("scope") else ""
        rank = (t("rec.published_rank_value", lang, position=pr["position"], of=pr["of"]) if pr.get("of")
                else str(pr["position"]))
        lines.append(f"{t('rec.published_rank', lang)}: {rank}{where} — {site(pr.get('source_url'))}")
    awards = [r for r in info.get("recognitions") or [] if r.get("value_code") or r.get("rank") is None]
    awards.sort(key=lambda r: (r.get("rank") != 1, r.get("rank") or 99))
    for r in awards[:most]:
        lines.append(f"{'★ ' if r.get('rank') == 1 else ''}{r['award']} ({r['year']}) — {site(r.get('source_url'))}")
    return lines


def _headline(ctx: _Ctx) -> Slide:
    lang, s = ctx.lang, ctx.s
    home = _headline_info(s, lang)
    if s["suppressed"]:
        message = hidden.of_summary(s, lang, minimum=ctx.min_respondents)
    elif s["index"] is None:
        message = t("deck.headline.no_index", lang, year=ctx.year)
    else:
        message = t("deck.headline.message", lang, name=s["entity_name"], index=home["index_text"],
                    code=s["category"], label=s["category_label"], year=ctx.year)
    info = {"home": home}
    if ctx.benchmark:
        info["benchmark"] = _headline_info(ctx.b, lang) | {"name": ctx.bench_name}
    codes = {ctx.entity, NATIONAL_CODE} | ({ctx.benchmark} if ctx.benchmark else set())
    method_note = t("deck.method_note", lang, year=ctx.year, method=s["method"]) if s["method"] else None
    return Slide("headline", t("deck.headline.title", lang, name=s["entity_name"], year=ctx.year), message,
                 ctx.footnote(codes, note=method_note), available=home["available"], info=info | ctx.hidden_info())


def trend_frame(series: list[tuple[str, str, pd.DataFrame]], national: pd.DataFrame | None,
                lang: str) -> pd.DataFrame:
    """The data of an index trend: one row per series-year (series, role, year, method, idx),
    idx rounded as shown. series: (name, role, history frame with year, idx, method)."""
    parts = []
    for name, role, h in series:
        if h is not None and not h.empty:
            parts.append(h[["year", "method", "idx"]].assign(series=name, role=role))
    if national is not None and not national.empty:
        parts.append(national[["year", "method", "idx"]].assign(series=t("chart.national", lang), role="national"))
    if not parts:
        return pd.DataFrame(columns=["series", "role", "year", "method", "idx"])
    out = pd.concat(parts, ignore_index=True)
    out["idx"] = out["idx"].map(round_half_up)
    out["year"] = out["year"].astype(int)
    return out[["series", "role", "year", "method", "idx"]]


def _trend(ctx: _Ctx) -> Slide:
    lang, s = ctx.lang, ctx.s
    home = ctx.history(ctx.entity)
    series = [(s["entity_name"], "home", home)]
    bench = None
    if ctx.benchmark:
        bench = ctx.history(ctx.benchmark)
        series.append((ctx.bench_name, "benchmark", bench))
    national = None
    if ctx.entity != NATIONAL_CODE:
        national = ctx.query("national_index_history", dataset=ctx.dataset, min_respondents=ctx.min_respondents)
        national = national[national["year"] <= ctx.year]
    data = trend_frame(series, national, lang)
    title = t("overview.trend_title", lang, name=s["entity_name"])
    if home.empty:
        return Slide("trend", title, t("deck.trend.none", lang, year=ctx.year),
                     ctx.footnote({ctx.entity}), available=False)
    ctx.first_year = min(ctx.first_year, int(data["year"].min()))
    message = trend_message(s, lang, ctx.min_respondents)
    breaks = charts.method_breaks(home)
    note = None
    if breaks:
        _x, _before, after = breaks[-1]
        first_after = int(home.loc[home["method"] == after, "year"].min())
        note = t("deck.trend.break_note", lang, year=first_after, method=after)
    codes = {ctx.entity, NATIONAL_CODE} | ({ctx.benchmark} if ctx.benchmark else set())
    return Slide("trend", title, message, ctx.footnote(codes, int(data["year"].min()), note), data=data,
                 info={"breaks": breaks})


def label_positions(data: pd.DataFrame, y_range: tuple[float, float], plot_size: tuple[float, float],
                    font_size: float, lang: str = "id") -> dict[tuple[str, int], str]:
    """Where each value label of the home and benchmark series goes on the PPTX trend chart —
    "top center", "bottom center", "middle right" or "middle left" — by the one placement rule
    of the charts (berakhlak.present.labels.positions): off every line (the national one too)
    and every other label. The years are the chart's categories (index 0, 1, …, each centred in
    its slot); y_range: the value axis; plot_size: the plot area (width, height) in the unit of
    font_size (points)."""
    years = sorted(int(y) for y in data["year"].unique())
    index = {y: i for i, y in enumerate(years)}
    labelled, lines = [], []
    for role, g in data.groupby("role", sort=False):
        for k, part in enumerate(charts.method_segments(g)):
            part = part.dropna(subset=["idx"])
            xs, ys = [index[int(y)] for y in part["year"]], [float(v) for v in part["idx"]]
            if role == "national":
                lines.append((xs, ys))
            elif xs:
                labelled.append(((role, k), xs, ys, [fmt_num(v, lang) for v in ys]))
    placed = label_layout.positions(labelled, lines, y_range=y_range, x_range=(-0.5, len(years) - 0.5),
                                    plot_px=plot_size, font_px=font_size)
    return {(key[0], years[x]): pos for key, xs, _ys, _t in labelled for x, pos in zip(xs, placed[key])}


def trend_message(s: dict, lang: str, min_respondents: int = DEFAULT_MIN_RESPONDENTS) -> str:
    """The one-line message of a trend: 'Naik dari 59,5 (2022) menjadi 61,1 (2023)', or why the
    two years cannot be compared."""
    year, now, p = s["year"], s["index"], s["previous"]
    if s["suppressed"]:
        return hidden.why(s.get("suppression"), lang, n=s.get("respondents"), minimum=min_respondents)
    if now is None:
        return t("deck.headline.no_index", lang, year=year)
    if p is None:
        return t("deck.trend.first", lang, now=fmt_num(now, lang), year=year)
    params = {"now": fmt_num(now, lang), "year": year, "prev": fmt_num(p["index"], lang), "prev_year": p["year"]}
    if not p["comparable"]:
        return t("deck.trend.not_comparable", lang, method=s["method"], **params)
    d = delta(now, p["index"])
    if d > 0:
        return t("deck.trend.up", lang, delta=fmt_num(d, lang), **params)
    if d < 0:
        return t("deck.trend.down", lang, delta=fmt_num(-d, lang), **params)
    return t("deck.trend.same", lang, **params)


def values_frame(values: pd.DataFrame, national: pd.DataFrame | None) -> pd.DataFrame:
    """The data of the value bars: value_code, ord, name_id, name_en, score, category, national
    (scores rounded as shown; national may be missing)."""
    out = values[["value_code", "ord", "name_id", "name_en", "score"]].copy()
    out["score"] = out["score"].map(round_half_up)
    out["category"] = [band_for(x).code if band_for(x) else None for x in out["score"]]
    nat = {} if national is None or national.empty else dict(zip(national["value_code"], national["score"]))
    out["national"] = [round_half_up(nat.get(c)) for c in out["value_code"]]
    return out.sort_values("ord").reset_index(drop=True)


def _value_names(ctx: _Ctx) -> pd.DataFrame:
    return ctx.query("value_list").rename(columns={"code": "value_code"})


def _values(ctx: _Ctx) -> Slide:
    lang, s = ctx.lang, ctx.s
    title = t("overview.values_title", lang, year=ctx.year)
    codes = {ctx.entity, NATIONAL_CODE}
    if s["suppressed"]:
        return Slide("values", title, hidden.of_summary(s, lang, minimum=ctx.min_respondents),
                     ctx.footnote({ctx.entity}), available=False, info=ctx.hidden_info())
    if not s["values"]:
        return Slide("values", title, t("deck.values.none", lang, name=s["entity_name"], year=ctx.year),
                     ctx.footnote({ctx.entity}), available=False)
    names = _value_names(ctx)
    mine = names[names["value_code"].isin(s["values"])].assign(
        score=lambda f: f["value_code"].map(lambda c: s["values"][c]["score"]))
    national = None
    if ctx.entity != NATIONAL_CODE:
        national = ctx.query("national_value_scores", dataset=ctx.dataset, year=ctx.year,
                             min_respondents=ctx.min_respondents)
    data = values_frame(mine, national)
    name_col = "name_en" if lang == "en" else "name_id"
    by_code = data.set_index("value_code")
    if s["strongest_value"]:
        message = t("deck.values.message", lang,
                    strong=by_code.loc[s["strongest_value"], name_col],
                    strong_score=fmt_num(s["values"][s["strongest_value"]]["score"], lang),
                    weak=by_code.loc[s["weakest_value"], name_col],
                    weak_score=fmt_num(s["values"][s["weakest_value"]]["score"], lang))
    else:
        message = t("overview.values_partial", lang, n=len(data), year=ctx.year)
    return Slide("values", title, message, ctx.footnote(codes), data=data)


def _rank(ctx: _Ctx) -> Slide:
    lang, s = ctx.lang, ctx.s
    level = s["level"]
    level_text = t(f"deck.level_plural.{level}", lang)
    title = t("deck.rank.title", lang, level=level_text, year=ctx.year)
    r = s["rank"]
    if s["suppressed"]:
        return Slide("rank", title, hidden.of_summary(s, lang, minimum=ctx.min_respondents),
                     ctx.footnote({ctx.entity}), available=False, info=ctx.hidden_info())
    w = s["rank_withheld"]
    if w is not None:  # among too few of the level a rank means nothing (berakhlak.domain.ranks)
        return Slide("rank", title, t("deck.rank.withheld", lang, of=fmt_int(w["of"], lang),
                                      total=fmt_int(w["in_level"], lang), level=level_text, year=ctx.year),
                     ctx.footnote({ctx.entity}, note=t("deck.rank.withheld_rule", lang, min=ranks.MIN_RANKED)),
                     available=False, info={"withheld": w})
    if r is None:
        return Slide("rank", title, t("deck.rank.none", lang, name=s["entity_name"], year=ctx.year),
                     ctx.footnote({ctx.entity}), available=False)
    peers = ctx.query("level_ranking", dataset=ctx.dataset, year=ctx.year, level=level,
                      min_respondents=ctx.min_respondents)
    keep = peers.head(TOP_PEERS)
    extra = peers[peers["entity_code"].isin([ctx.entity, ctx.benchmark]) & ~peers["entity_code"].isin(keep["entity_code"])]
    data = pd.concat([keep, extra], ignore_index=True)
    data = data.assign(
        role=["home" if c == ctx.entity else ("benchmark" if c == ctx.benchmark else "peer") for c in data["entity_code"]],
        idx=data["idx"].map(round_half_up), position=data["position"].astype(int))
    ctx.shown_codes |= set(data["entity_code"])
    message = t("deck.rank.message", lang, position=r["position"], of=r["of"], level=level_text, year=ctx.year)
    if ctx.b and ctx.b.get("rank") and ctx.b["level"] == level:
        message += " " + t("deck.rank.benchmark", lang, name=ctx.bench_name, position=ctx.b["rank"]["position"])
    note = t("deck.rank.note", lang, top=TOP_PEERS, level=level_text)
    return Slide("rank", title, message, ctx.footnote(set(data["entity_code"]), note=note),
                 data=data[["position", "entity_code", "entity_name", "idx", "role"]],
                 info={"of": r["of"], "level": level})


def _gap(ctx: _Ctx) -> Slide:
    lang, s, b = ctx.lang, ctx.s, ctx.b
    title = t("deck.gap.title", lang, home=s["entity_name"], bench=ctx.bench_name, year=ctx.year)
    codes = {ctx.entity, ctx.benchmark}
    rows = []
    if b is not None and s["index"] is not None and b["index"] is not None:
        rows.append((INDEX_ROW, 0, t("deck.gap.index_row", "id"), t("deck.gap.index_row", "en"), s["index"], b["index"]))
    if b is not None:
        names = _value_names(ctx).set_index("value_code")
        for code in names.index:
            if code in s["values"] and code in b["values"]:
                n = names.loc[code]
                rows.append((code, int(n["ord"]), n["name_id"], n["name_en"], s["values"][code]["score"],
                             b["values"][code]["score"]))
    if not rows:
        hidden_side = s if s["suppressed"] else (b if b and b["suppressed"] else None)
        if hidden_side is not None:  # which side is hidden, and why (berakhlak.present.hidden)
            name = s["entity_name"] if hidden_side is s else ctx.bench_name
            message = t("deck.gap.hidden", lang, name=name, why=hidden.why(
                hidden_side.get("suppression"), lang, n=hidden_side.get("respondents"), minimum=ctx.min_respondents))
            hint = hidden.show(hidden_side.get("suppression"), lang, minimum=ctx.min_respondents)
            return Slide("gap", title, message, ctx.footnote(codes), available=False, info={"hint": hint})
        return Slide("gap", title, t("deck.gap.none", lang, home=s["entity_name"], bench=ctx.bench_name, year=ctx.year),
                     ctx.footnote(codes), available=False)
    data = pd.DataFrame(rows, columns=["key", "ord", "name_id", "name_en", "home", "benchmark"])
    data["gap"] = [delta(bv, hv) for hv, bv in zip(data["home"], data["benchmark"])]
    name_col = "name_en" if lang == "en" else "name_id"
    parts = []
    values = data[data["key"] != INDEX_ROW]
    if not values.empty:
        top = values.sort_values(["gap", "ord"], ascending=[False, True]).iloc[0]
        if top["gap"] > 0 and not is_setara(top["gap"]):
            parts.append(t("deck.gap.leads", lang, bench=ctx.bench_name, value=top[name_col],
                           gap=fmt_num(top["gap"], lang, sign=True)))
        else:
            parts.append(t("deck.gap.home_leads", lang, home=s["entity_name"]))
    idx = data[data["key"] == INDEX_ROW]
    if not idx.empty:
        g = idx.iloc[0]["gap"]
        key = "deck.gap.index_equal" if is_setara(g) else ("deck.gap.index_above" if g > 0 else "deck.gap.index_below")
        parts.append(t(key, lang, bench=ctx.bench_name, home=s["entity_name"], gap=fmt_num(abs(g), lang)))
    note = None
    if b and b["method"] != s["method"]:
        note = t("deck.gap.methods_differ", lang, home_method=s["method"], bench_method=b["method"])
    if len(values) < 7:
        note = ((note + " ") if note else "") + t("deck.gap.partial", lang, n=len(values))
    return Slide("gap", title, " ".join(parts), ctx.footnote(codes, note=note), data=data,
                 info={"home": s["entity_name"], "benchmark": ctx.bench_name})


def questions_frame(gaps: pd.DataFrame, behaviours: pd.DataFrame, actions: pd.DataFrame | None,
                    most: int = QUESTIONS) -> pd.DataFrame:
    """The values to ask the benchmark about: where it leads most (a gap of at least a point,
    not "setara"), largest first, at most `most`, each with the value's 3 behaviour guidelines
    (SE MenPANRB 20/2021) and the benchmark's Rencana Aksi items for that value when the dataset
    has any. Pure. gaps: the gap slide's data (key, ord, name_id, name_en, home, benchmark, gap);
    behaviours: value_code, ord, text_id, text_en; actions: action_items rows (value_code,
    entity_name, action, status) or None."""
    values = gaps[(gaps["key"] != INDEX_ROW) & gaps["gap"].notna()]
    values = values[(values["gap"] > 0) & ~values["gap"].map(is_setara)]
    values = values.sort_values(["gap", "ord"], ascending=[False, True]).head(most)
    rows = []
    for r in values.itertuples():
        b = behaviours[behaviours["value_code"] == r.key].sort_values("ord")
        a = actions[actions["value_code"] == r.key] if actions is not None and not actions.empty else None
        rows.append({"value_code": r.key, "name_id": r.name_id, "name_en": r.name_en, "home": r.home,
                     "benchmark": r.benchmark, "gap": r.gap,
                     "behaviours_id": list(b["text_id"]), "behaviours_en": list(b["text_en"]),
                     "actions": [] if a is None else [
                         {"unit": x.entity_name, "action": x.action, "status": x.status} for x in a.itertuples()]})
    return pd.DataFrame(rows, columns=["value_code", "name_id", "name_en", "home", "benchmark", "gap",
                                       "behaviours_id", "behaviours_en", "actions"])


def question_lines(data: pd.DataFrame, home: str, bench: str, lang: str) -> list[tuple[str, list[str]]]:
    """Each question with its prompts, as the slide says them: "Adaptif — Jawa Barat 85,3 · Kalimantan
    Tengah 78,1 (+7,2 poin): apa yang dilakukan Jawa Barat?", then the behaviours to ask for
    examples of and the benchmark's Rencana Aksi items for that value."""
    name_col, beh_col = ("name_en", "behaviours_en") if lang == "en" else ("name_id", "behaviours_id")
    out = []
    for r in data.itertuples():
        question = t("deck.questions.ask", lang, value=getattr(r, name_col), bench=bench, home=home,
                     b=fmt_num(r.benchmark, lang), h=fmt_num(r.home, lang), gap=fmt_num(r.gap, lang, sign=True))
        prompts = [t("deck.questions.behaviours", lang, items="; ".join(getattr(r, beh_col)))] if getattr(r, beh_col) else []
        for a in r.actions[:2 if len(data) < QUESTIONS else 1]:  # three questions: one item each, to fit
            prompts.append(t("deck.questions.action", lang, bench=bench, unit=a["unit"], action=a["action"],
                             status=t(f"action.status.{a['status']}", lang) if a["status"] else "–"))
        out.append((question, prompts))
    return out


def questions_table(data: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The questions slide's data with headers in the language (notes, downloads)."""
    name_col = "name_en" if lang == "en" else "name_id"
    return pd.DataFrame({
        t("deck.col.value", lang): data[name_col], t("deck.col.home", lang): data["home"],
        t("deck.col.benchmark", lang): data["benchmark"], t("deck.col.gap", lang): data["gap"]})


def _questions(ctx: _Ctx, gap: Slide) -> Slide:
    """Pertanyaan untuk dibawa: the questions a delegation takes to the benchmark, written from
    the largest gaps of the gap slide (the same numbers), with their sources."""
    lang = ctx.lang
    title = t("deck.questions.title", lang, bench=ctx.bench_name)
    codes = {ctx.entity, ctx.benchmark}
    if not gap.available or gap.data is None:
        return Slide("questions", title, gap.message, gap.footnote, available=False, info=dict(gap.info))
    behaviours = pd.concat([ctx.query("value_behaviours", value=c).assign(value_code=c)
                            for c in gap.data.loc[gap.data["key"] != INDEX_ROW, "key"]], ignore_index=True) \
        if (gap.data["key"] != INDEX_ROW).any() else pd.DataFrame(columns=["value_code", "ord", "text_id", "text_en"])
    actions = ctx.query("action_items", dataset=ctx.dataset, instansi=ctx.benchmark, year=ctx.year,
                        today=f"{ctx.year}-12-31")
    data = questions_frame(gap.data, behaviours, actions)
    notes = [t("deck.questions.behaviour_source", lang)]
    if not actions.empty and data["actions"].map(len).any():
        notes.append(t("deck.questions.action_source", lang, bench=ctx.bench_name, year=ctx.year))
    footnote = ctx.footnote(codes, note=" ".join(notes))
    if data.empty:
        return Slide("questions", title, t("deck.questions.none", lang, bench=ctx.bench_name, home=ctx.s["entity_name"]),
                     footnote, available=False, info={"hint": t("deck.questions.none_hint", lang)})
    return Slide("questions", title, t("deck.questions.message", lang, n=len(data), bench=ctx.bench_name),
                 footnote, data=data, info={"home": ctx.s["entity_name"], "benchmark": ctx.bench_name})


def _sources(ctx: _Ctx, sources: pd.DataFrame, kind: str) -> Slide:
    lang = ctx.lang
    key = "deck.sources.synthetic" if kind == "synthetic" else "deck.sources.message"
    return Slide("sources", t("sources.title", lang), t(key, lang),
                 t("deck.footnote_dataset", lang, dataset=dataset_label(ctx.dataset, kind, lang)),
                 data=sources)


# --- the chart's data with headers in the language (downloads, speaker notes) ---------------

def table(slide: Slide, lang: str, deck: Deck | None = None) -> pd.DataFrame:
    """The data of a chart slide as a user reads it: headers in the language, scores rounded
    as shown (numbers stay numbers, for spreadsheets)."""
    d = slide.data
    if d is None:
        return pd.DataFrame()
    name_col = "name_en" if lang == "en" else "name_id"
    if slide.kind == "trend":
        return trend_table(d, lang)
    if slide.kind == "values":
        return values_table(d, lang)
    if slide.kind == "rank":
        return pd.DataFrame({
            t("deck.col.position", lang): d["position"], t("deck.col.code", lang): d["entity_code"],
            t("deck.col.entity", lang): d["entity_name"], t("deck.col.index", lang): d["idx"]})
    if slide.kind == "gap":
        home = deck.entity_name if deck else t("deck.col.home", lang)
        bench = deck.benchmark_name if deck else t("deck.col.benchmark", lang)
        return pd.DataFrame({
            t("deck.col.item", lang): d[name_col], home: d["home"], bench: d["benchmark"],
            t("deck.col.gap", lang): d["gap"]})
    if slide.kind == "questions":
        return questions_table(d, lang)
    if slide.kind == "sources":
        return pd.DataFrame({"url": d["url"], t("deck.col.publisher", lang): d["publisher"],
                             t("deck.col.kind", lang): [t(f"source_kind.{k}", lang) for k in d["kind"]]})
    return pd.DataFrame()


def trend_table(data: pd.DataFrame, lang: str) -> pd.DataFrame:
    return pd.DataFrame({
        t("deck.col.series", lang): data["series"], t("deck.col.year", lang): data["year"],
        t("deck.col.method", lang): data["method"], t("deck.col.index", lang): data["idx"]})


def values_table(data: pd.DataFrame, lang: str) -> pd.DataFrame:
    name_col = "name_en" if lang == "en" else "name_id"
    out = pd.DataFrame({
        t("deck.col.code", lang): data["value_code"], t("deck.col.value", lang): data[name_col],
        t("deck.col.score", lang): data["score"], t("deck.col.category", lang): data["category"]})
    if data["national"].notna().any():
        out[t("chart.national", lang)] = data["national"]
    return out


# --- Plotly figures for the Presentasi page ---------------------------------------------------

SLIDE_FONT = 20


def _big(fig: go.Figure, height: int) -> go.Figure:
    """Type readable from the back of a hall; the title is the slide's own, so none here."""
    fig.update_layout(title=None, height=height, font={"size": SLIDE_FONT, "color": "#1A1A1A"}, margin_t=40,
                      legend={"font": {"size": 18}, "y": -0.14}, hoverlabel={"font_size": 18})
    fig.update_traces(textfont_size=SLIDE_FONT, constraintext="none", selector={"type": "bar"})
    fig.update_traces(textfont_size=SLIDE_FONT - 1, selector={"type": "scatter"})
    fig.update_xaxes(tickfont_size=18, title_font_size=18, automargin=True)
    fig.update_yaxes(tickfont_size=18, title_font_size=18, automargin=True)
    for a in fig.layout.annotations or ():
        a.font.size = max(a.font.size or 12, 15)
    return fig


def figure(slide: Slide, lang: str, height: int = 480) -> go.Figure | None:
    """The slide's chart as a Plotly figure, or None for a slide without one."""
    d = slide.data
    if not slide.available or d is None or slide.kind not in CHART_KINDS:
        return None
    if slide.kind == "trend":
        series = d[d["role"] != "national"].rename(columns={"series": "entity_name"})
        national = d[d["role"] == "national"]
        fig = charts.index_trend(series, lang, national if not national.empty else None)
        fig.update_layout(margin_r=150)
    elif slide.kind == "values":
        national = d.loc[d["national"].notna(), ["value_code", "national"]].rename(columns={"national": "score"})
        fig = charts.value_bars(d, lang, national if not national.empty else None)
        fig.update_xaxes(range=[0, 108])
    elif slide.kind == "rank":
        fig = rank_figure(d, lang)
    else:
        fig = gap_figure(d, lang, slide.info.get("home"), slide.info.get("benchmark"))
    fig = _big(fig, height)
    if slide.kind == "trend":  # labels placed again for the slide's larger type
        label_layout.relabel(fig)
    return fig


def rank_label(row) -> str:
    return f"{int(row.position)}. {row.entity_name}"


@charts.escapes_data()
def rank_figure(data: pd.DataFrame, lang: str) -> go.Figure:
    """Peers ranked by index, top first; the home entity and the benchmark in their series colours."""
    d = data.iloc[::-1]
    color = {"home": HOME_COLOR, "benchmark": BENCH_COLOR, "peer": PEER_COLOR}
    fig = go.Figure(go.Bar(
        x=d["idx"], y=[rank_label(r) for r in d.itertuples()], orientation="h",
        marker_color=[color[r] for r in d["role"]], text=[fmt_num(v, lang) for v in d["idx"]],
        textposition="outside", cliponaxis=False, hovertemplate="%{y}: %{text}<extra></extra>",
        name=t("chart.index_axis", lang)))
    # From 0, as in the deck: bar lengths stay proportional to the index.
    fig.update_xaxes(range=[0, 105], title=t("chart.index_axis", lang), gridcolor="#EEEEEE")
    fig.update_yaxes(automargin=True)
    return charts.base_layout(fig, None)


@charts.escapes_data()
def gap_figure(data: pd.DataFrame, lang: str, home_name: str | None = None,
               bench_name: str | None = None) -> go.Figure:
    """The home entity and the benchmark side by side, per item (the index first, then the values)."""
    name_col = "name_en" if lang == "en" else "name_id"
    d = data.iloc[::-1]
    fig = go.Figure()
    for col, color, name in (("benchmark", BENCH_COLOR, bench_name or t("deck.col.benchmark", lang)),
                             ("home", HOME_COLOR, home_name or t("deck.col.home", lang))):
        fig.add_trace(go.Bar(
            x=d[col], y=d[name_col], orientation="h", name=name, marker_color=color,
            text=[fmt_num(v, lang) for v in d[col]], textposition="outside", cliponaxis=False,
            hovertemplate="%{y}: %{text}<extra>" + name + "</extra>"))
    fig.update_layout(barmode="group", legend_traceorder="reversed")
    fig.update_xaxes(range=[0, 108], title=t("chart.score", lang), gridcolor="#EEEEEE")
    fig.update_yaxes(automargin=True)
    return charts.base_layout(fig, None)


def not_available_hint(slide: Slide, lang: str) -> str:
    """What would fill a slide that shows nothing: for a hidden entity-year what would show it,
    else "import the data or choose another dataset"."""
    return slide.info.get("hint") or t("deck.not_available_hint", lang)
