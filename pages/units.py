"""Unit: one instansi and all its units (bureaus, OPD) — a heatmap of units × values for a year
with n, each unit's trend, the change since the previous year with the biggest falls flagged.
Groups under the minimum of respondents are hidden, and so are more groups wherever the
instansi's total would otherwise reveal a hidden one (complementary suppression): decided in the
query layer (queries/unit_family.sql, migrations/0005), never here."""
import pandas as pd
import streamlit as st

from berakhlak.present import hidden
from berakhlak.ui.evaluation import render_unit_evaluation
from berakhlak.ui import pages as pages_ui
from berakhlak.ui import common as ui
from berakhlak.present import charts, views
from berakhlak.i18n import fmt_int, fmt_num, t
from berakhlak.domain import ranks
from berakhlak.domain.rules import DEFAULT_MIN_RESPONDENTS, VALUE_CODES, delta

lang = ui.lang()
dataset = ui.current_dataset()
names = views.value_names(ui.q("value_list"), lang)
SCORES = ["idx", *VALUE_CODES]
FALL_FLAG = -1.0  # a fall of at least 1 point can be flagged
MAX_FLAGS = 5
# Beyond this many small charts a page is neither readable nor quick (a province can have 170
# units): the rest are in the table and its download.
MAX_TREND_PANELS = 24

title = st.empty()  # the title goes first, once the instansi and year are known
parents = ui.q("instansi_with_units", dataset=dataset)
if parents.empty:
    title.title(t("nav.units"))
    ui.no_data("units.no_units")
    st.stop()
pages_ui.report_unavailable(("inst",), parents["code"])

c_inst, c_year, c_min = st.columns([3, 1, 1.3], vertical_alignment="bottom")
codes = list(parents["code"])
labels = dict(zip(parents["code"], [t("units.option", name=r.name, level=t(f"level.{r.level}"), n=r.n_units)
                                    for r in parents.itertuples()]))
inst = ui.bound(c_inst.selectbox, t("units.instansi"), codes, key="inst",
                default=pages_ui.default_entity(parents, fallback="62"),
                format_func=lambda c: labels.get(c, c))
# The minimum can be raised, never lowered below the default: a lower one would show what every
# other page and download hides.
minimum = ui.bound(c_min.selectbox, t("units.minimum"), list(range(DEFAULT_MIN_RESPONDENTS, 31)), key="min",
                   default=DEFAULT_MIN_RESPONDENTS, help=t("units.minimum_help"))
# As shown: the scores of hidden units (and of the instansi, when it is under the minimum) are
# empty, and `suppression` says why ('respondents' or 'complementary').
family = ui.q("unit_family", dataset=dataset, parent=inst, min_respondents=int(minimum))
years = sorted(int(y) for y in family["year"].unique())
year = ui.year_picker(years, container=c_year)
inst_name = parents.set_index("code").loc[inst, "name"]

title.title(ui.md_t("units.heading", name=inst_name, year=year))
now = family[family["year"] == year]
units_now = now[~now["is_parent"]]
parent_now = now[now["is_parent"]]
hidden_primary = int((units_now["suppression"] == "respondents").sum())
hidden_comp = int((units_now["suppression"] == "complementary").sum())
with st.container(horizontal=True):
    if not parent_now.empty:
        p = parent_now.iloc[0]
        st.metric(t("units.parent_index", year=year), fmt_num(p["idx"]) if pd.notna(p["idx"]) else "–",
                  t("units.respondents", n=fmt_int(p["respondents"])) if pd.notna(p["respondents"]) else None,
                  delta_color="off", delta_arrow="off", border=True)
    nat = pages_ui.national_scores(dataset, year)
    if nat is not None and pd.notna(nat["idx"]):
        st.metric(t("compare.national", what=t("pages.index"), year=year), fmt_num(nat["idx"]), border=True)
    st.metric(t("units.count", year=year), fmt_int(len(units_now)), border=True)
    st.metric(t("units.hidden_count"), fmt_int(hidden_primary + hidden_comp),
              t("units.hidden_split", primary=hidden_primary, comp=hidden_comp), delta_color="off",
              delta_arrow="off", border=True, help=t("units.hidden_help", min=minimum))
if units_now.empty:
    st.info(t("units.no_units_year", year=year) + " " + t("empty.what_next"), icon=":material/info:")
    st.stop()
# The count of units per category ("10 OPD predikat A") and the internal ranking, as an instansi
# announces them (Pemkab Barito Utara 2025).
ranked_units = units_now.dropna(subset=["idx"])
if not ranked_units.empty:
    cats = pd.Series([charts.band_code(v) for v in ranked_units["idx"]]).value_counts()
    st.markdown(t("units.category_counts", parts=" · ".join(
        t("units.category_count", n=int(cats[c]), code=c) for c in sorted(cats.index))))

# The heatmap of the year: the instansi on top, then its units.
c_sort, c_cmp = st.columns([2, 3])
# The colour of each cell: its difference from a comparator (issue 13), the band as text.
cmp_options = ["parent", "national"]
cmp = ui.bound(c_cmp.segmented_control, t("cmp.label"), cmp_options, key="cmp", default="parent", required=True,
               format_func=lambda k: t(f"cmp.{k}"), help=t("cmp.help"))
sort = ui.bound(c_sort.selectbox, t("values.sort"), ["name", "IDX", *VALUE_CODES], key="sort", default="name",
                format_func=lambda c: t("values.sort_name") if c == "name" else views.indicator_label(c, names, lang))
col = "entity_name" if sort == "name" else ("idx" if sort == "IDX" else sort)
ordered = units_now.sort_values([col, "entity_name"], ascending=[sort == "name", True], na_position="last")
grid = pd.concat([parent_now.assign(entity_name=t("units.total_row", name=inst_name)), ordered], ignore_index=True)
columns = [("idx", t("pages.index").replace(" ", "<br>"))] + [(c, names[c].replace(" ", "<br>")) for c in VALUE_CODES]
reference = parent_now.iloc[0] if cmp == "parent" and not parent_now.empty else pages_ui.national_scores(dataset, year)
cmp_name = t("units.total_row", name=inst_name) if cmp == "parent" else t("cmp.national")
pages_ui.comparison_heatmap(grid, columns, lang, reference, cmp_name, weakest_of=ordered,
                            title=t("units.heatmap_title", year=year), filename=f"unit-{inst}-{year}-{dataset}")
st.caption(t("units.heatmap_note", min=minimum))

# The change since the previous year, biggest falls flagged.
st.subheader(t("units.change_title"), divider="gray")
prev_years = [y for y in years if y < year]
if not prev_years:
    st.info(t("units.no_previous", year=year), icon=":material/info:")
else:
    prev = prev_years[-1]
    # The methods the units were measured by (from their rows: a 2025 MANDIRI-2025 figure is not
    # the year's default), else the years' defaults.
    def unit_method(y):
        used = family.loc[(family["year"] == y) & ~family["is_parent"], "method"].dropna()
        return used.mode().iloc[0] if len(used) else pages_ui.method_of(y)

    method_prev, method_now = unit_method(prev), unit_method(year)
    comparable = method_prev == method_now
    before = family[(family["year"] == prev) & ~family["is_parent"]].set_index("entity_code")
    change = ordered[["entity_code", "entity_name", *SCORES]].copy()
    for c in SCORES:
        change[c] = [delta(v, before[c].get(code)) if comparable and code in before.index else None
                     for code, v in zip(change["entity_code"], change[c])]
        change[c] = pd.to_numeric(change[c], errors="coerce")
    change = change.reset_index(drop=True)
    cells = change.melt(id_vars=["entity_name"], value_vars=SCORES, ignore_index=False).dropna(subset=["value"])
    falls = cells[cells["value"] <= FALL_FLAG].sort_values("value").head(MAX_FLAGS)
    flagged = {(int(i), c) for i, c in zip(falls.index, falls["variable"])}
    # Across a method change there is no change to draw: say so instead of an empty chart.
    if comparable:
        pages_ui.plot("change_heatmap", change, columns, lang, comparable=comparable, flagged=flagged,
                      title=t("units.change_chart", prev=prev, year=year),
                      filename=f"unit-perubahan-{inst}-{prev}-{year}-{dataset}")
    if not comparable:
        st.warning(t("units.not_comparable", prev=prev, year=year, a=method_prev, b=method_now))
    elif falls.empty:
        st.caption(t("units.no_falls", prev=prev, year=year))
    else:
        label = {"idx": t("pages.index"), **names}
        st.markdown(f"**{t('units.falls', n=len(falls), prev=prev, year=year)}**\n" + "\n".join(
            f"- {ui.md_escape(r.entity_name)} · {label[r.variable]}: {fmt_num(r.value, sign=True)} {t('chart.points', lang)}"
            for r in falls.itertuples()))
    st.caption(t("units.change_note"))

# Each unit's trend.
st.subheader(t("units.trends_title"), divider="gray")
trend = family[~family["is_parent"]].assign(score=lambda f: f["idx"])
parent_trend = family[family["is_parent"]].assign(score=lambda f: f["idx"])
order = list(ordered["entity_code"]) + [c for c in trend["entity_code"].unique() if c not in set(ordered["entity_code"])]
if len(order) > MAX_TREND_PANELS:
    st.caption(t("units.trends_limited", shown=MAX_TREND_PANELS, n=len(order)))
    order = order[:MAX_TREND_PANELS]
trend = trend.set_index("entity_code").loc[order].reset_index()
pages_ui.plot("unit_small_multiples", trend, lang, parent=parent_trend, parent_name=inst_name,
              filename=f"unit-tren-{inst}-{dataset}")
note = pages_ui.method_note(years, lang)
if note:
    st.caption(note)

# The table of the year, as shown and as CSV (hidden scores are empty cells).
st.subheader(t("units.table_title", year=year), divider="gray")
table = views.rounded(grid, SCORES)
unit_rank = views.rounded(grid, ["idx"])["idx"].where(~grid["entity_code"].isin(parent_now["entity_code"]))
# The internal ranking only where it means something (berakhlak.domain.ranks): among 9 bureaus it
# does not, and the page says so.
rank_withheld = ranks.withheld(unit_rank.notna().sum(), len(units_now))
out = pd.DataFrame({
    t("pages.col.unit"): table["entity_name"],
    t("pages.col.respondents"): table["respondents"],
    t("pages.col.status"): [hidden.short(s, minimum=minimum) if isinstance(s, str) else ""
                               for s in table["suppression"]],
    t("pages.index"): table["idx"],
    **{names[c]: table[c] for c in VALUE_CODES},
})
if rank_withheld is None:  # the internal ranking of the units by index (the instansi's row has none)
    out[t("pages.col.rank")] = unit_rank.rank(method="min", ascending=False).astype("Int64")
st.dataframe(pages_ui.formatted(out, lang, scores=[t("pages.index"), *(names[c] for c in VALUE_CODES)],
                                counts=[t("pages.col.respondents"), t("pages.col.rank")]), hide_index=True,
             placeholder="–",
             column_config={t("pages.col.status"): st.column_config.TextColumn(width="medium")})
if rank_withheld is not None:
    pages_ui.rank_note(rank_withheld, t("deck.level_plural.unit"), year)
pages_ui.downloads(out, f"unit-{inst}-{year}-{dataset}", dataset, entities=[inst, *units_now["entity_code"]],
                   years=[year], title=f"{t('units.table_title', year=year)}: {inst_name}")
# The organisation's own evaluation (survey, evidence, combined) and its action plan, per unit.
render_unit_evaluation(inst, year, dataset)
nat_row = pd.DataFrame([nat]) if nat is not None else None
ui.sources(dataset, pages_ui.shown_pairs(family, nat_row))
