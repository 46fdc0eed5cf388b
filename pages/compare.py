"""Perbandingan: every entity of a level in one year — ranked bars with the national line, the
tile-grid map of the 38 provinces, a slope chart between two years (comparable years only, or
clearly marked), and a sortable table of rank, score, category, change and respondents."""
import pandas as pd
import streamlit as st

from berakhlak.present import hidden
from berakhlak.present import charts
from berakhlak.ui import pages as pages_ui
from berakhlak.present import tilemap
from berakhlak.ui import common as ui
from berakhlak.ui import facts as facts_ui
from berakhlak.present import views
from berakhlak.i18n import fmt_num, t
from berakhlak.domain import ranks

lang = ui.lang()
dataset = ui.current_dataset()
names = views.value_names(ui.q("value_list"), lang)
MAX_BARS = 40

st.title(t("compare.heading"))
c_level, c_year, c_ind = st.columns([2.2, 1, 1.6], vertical_alignment="bottom")
group, years, year = pages_ui.level_and_year(dataset, c_level, c_year)
indicator = pages_ui.indicator_picker(lang, container=c_ind)
what = views.indicator_label(indicator, names, lang)

batch, province = "", ""
if group in ("provinsi", "kabkota"):
    f_batch, f_prov = st.columns([2.2, 2.6], vertical_alignment="bottom")
    batch = pages_ui.batch_picker(container=f_batch)
    if group == "kabkota":
        province = pages_ui.province_picker(container=f_prov)

frame = pages_ui.level_scores(dataset, year, group, indicator, batch, province)
if frame.empty:
    ui.no_data("compare.no_rows", level=t(f"pages.level_group.{group}").lower(), year=year)
    st.stop()
national_row = pages_ui.national_scores(dataset, year, indicator)
national = None if national_row is None else national_row["score"]
highlight = next((c for c in (pages_ui.shared_entity(), "62") if c in set(frame["entity_code"])), None)
shown = frame.dropna(subset=["score"])
# Ranks among too few of the level mean nothing: then none is shown, and the page says why.
withheld = pages_ui.rank_withheld(frame)

# Where the user's entity stands.
level_name = t(f"pages.level_group.{group}").lower()
with st.container(horizontal=True):
    st.metric(t("compare.count", level=level_name), f"{len(shown)}", border=True,
              help=t("compare.count_help", total=len(frame), min=ui.min_respondents()))
    if national is not None and pd.notna(national):
        st.metric(t("compare.national", what=what, year=year), fmt_num(national), border=True)
    if highlight:
        row = frame.set_index("entity_code").loc[highlight]
        if pd.notna(row["rank"]) and withheld is None:
            st.metric(ui.md_t("compare.rank_of", name=row["entity_name"]),
                      t("compare.rank_value", rank=int(row["rank"]), of=int(row["of"])),
                      f"{what} {fmt_num(row['score'])}", delta_color="off", delta_arrow="off", border=True)
        elif pd.notna(row["rank"]):
            st.metric(ui.md_t("compare.rank_of", name=row["entity_name"]), "–", ranks.short_text(withheld),
                      delta_color="off", delta_arrow="off", border=True,
                      help=ranks.reason_text(withheld, level_name, year))
    # The rank its source gives, beside the computed one (often among another group than ours).
    published = facts_ui.level_recognitions(dataset, views.LEVEL_GROUPS[group], year, indicator)
    mine = published[(published["entity_code"] == highlight) & published["rank"].notna()] if highlight else published.iloc[0:0]
    if not mine.empty:
        r = mine.iloc[0]
        st.metric(t("rec.published_rank") + " · " + frame.set_index("entity_code").loc[highlight, "entity_name"],
                  t("rec.published_rank_value", position=int(r["rank"]), of=int(r["of_total"])) if pd.notna(r["of_total"])
                  else f"{int(r['rank'])}", r["scope"] if isinstance(r["scope"], str) else None,
                  delta_color="off", delta_arrow="off", border=True,
                  help=t("rec.published_rank_help", scope=r["scope"] if isinstance(r["scope"], str) else "–"))
if withheld is not None and not shown.empty:
    pages_ui.rank_note(withheld, level_name, year)
if shown.empty:
    st.info(t("compare.nothing_shown", what=what, year=year) + " " + t("empty.what_next"), icon=":material/info:")
    st.stop()

# The tile-grid map (provinces).
if group == "provinsi":
    st.subheader(t("compare.map_title", what=what, year=year), divider="gray")
    tiles = frame[["entity_code", "entity_name", "score", "status"]]
    # On the continuous colour of the difference from the national figure (issue 13), the band
    # as text; hidden and no-data tiles drawn apart ("—" grey, "∅" white, dotted).
    pages_ui.plot("comparison_tile_map", tiles, tilemap.tiles(), lang, comparator=national,
                  comparator_name=t("cmp.national"), highlight=highlight, value_label=what,
                  filename=f"peta-{indicator}-{year}-{dataset}")
    if batch:
        st.caption(t("compare.map_filtered", batch=t(f"pages.batch.{batch}")))

# The earlier year, for the slope chart and the change column: by default the latest earlier year
# measured with the same method, else the latest earlier year (then marked not comparable).
methods = pages_ui.methods_of(years)
method_now = methods[year]
earlier = [y for y in years if y < year]
same = [y for y in earlier if methods[y] == method_now]
# One above the other, each the page's full width: side by side, 38 bars and their names were
# squeezed into half the page and the slope's labels into a quarter (issue 13).
bars_col, slope_col = st.container(), st.container()
vs = None
if earlier:
    vs = ui.bound(slope_col.selectbox, t("compare.vs_year"), earlier, key="vs", default=(same or earlier)[-1],
                  format_func=lambda y: f"{y}" + ("" if methods[y] == method_now else " · " + t("pages.other_method")),
                  help=t("compare.vs_help"))
comparable = vs is not None and methods[vs] == method_now
before = pages_ui.level_scores(dataset, vs, group, indicator, batch, province) if vs is not None else None
table = views.with_change(frame, before, comparable)

with bars_col:
    bars = shown if withheld is not None else shown.assign(
        entity_name=[f"{int(r)}. {n}" for r, n in zip(shown["rank"], shown["entity_name"])])
    if len(bars) > MAX_BARS:
        keep = set(bars.head(15)["entity_code"]) | set(bars.tail(15)["entity_code"]) | {highlight}
        bars = bars[bars["entity_code"].isin(keep)]
    pages_ui.plot("ranked_bars", bars, lang, national=national, highlight=highlight,
                  title=t("compare.bars_title" if withheld is None else "compare.bars_title_unranked",
                          what=what, year=year),
                  filename=f"peringkat-{group}-{indicator}-{year}-{dataset}")
    if len(shown) > MAX_BARS:
        st.caption(t("compare.bars_cut", n=len(bars), total=len(shown)))

with slope_col:
    if vs is None:
        st.info(t("compare.one_year", year=year), icon=":material/info:")
    else:
        pair = table[["entity_code", "entity_name", "before_score", "score"]].rename(
            columns={"before_score": "score_a", "score": "score_b"})
        nat_before = pages_ui.national_scores(dataset, vs, indicator)
        nat_pair = (None if nat_before is None else nat_before["score"], national)
        if pair.dropna(subset=["score_a", "score_b"]).empty:
            st.info(t("compare.slope_empty", a=vs, b=year), icon=":material/info:")
        else:
            pages_ui.plot("slope_chart", pair, lang, year_a=vs, year_b=year, comparable=comparable,
                          method_a=methods[vs], method_b=method_now, highlight=highlight,
                          national=nat_pair, title=t("compare.slope_title", what=what, a=vs, b=year),
                          filename=f"kemiringan-{group}-{indicator}-{vs}-{year}-{dataset}")

# The sortable table.
st.subheader(t("compare.table_title", level=level_name, year=year), divider="gray")
change_col = t("compare.col.change", year=vs) if vs is not None else t("compare.col.change_none")
out = pd.DataFrame({t("pages.col.rank"): table["rank"]} if withheld is None else {})
out[t("pages.col.entity")] = table["entity_name"]
if group == "kabkota":
    out[t("pages.col.province")] = table["province_name"]
if group in ("provinsi", "kabkota"):
    out[t("pages.col.batch")] = table["batch"].map(lambda b: t(f"pages.batch.{b}") if isinstance(b, str) else "")
out[what] = views.rounded(table, ["score"])["score"]
out[t("pages.col.category")] = [charts.band_code(v) or "" for v in table["score"]]
out[change_col] = table["change"] if comparable else (t("pages.not_comparable") if vs is not None else None)
if not published.empty:  # the published standing beside the computed rank, where there is one
    out[t("rec.col.published")] = facts_ui.standing_column(published, table["entity_code"], lang)
out[t("pages.col.respondents")] = table["respondents"]
out[t("pages.col.status")] = [hidden.short(r, minimum=ui.min_respondents()) if h else ""
                                  for h, r in zip(table["suppressed"], table["suppression"])]
st.dataframe(pages_ui.formatted(out, lang, scores=[what], changes=[change_col] if comparable else [],
                                counts=[t("pages.col.respondents"), t("pages.col.rank")], category=t("pages.col.category")),
             hide_index=True, placeholder="–", height=min(38 * len(out) + 40, 600))
st.caption(t("compare.table_note", min=ui.min_respondents()) + (
    "" if comparable or vs is None else " " + t("compare.not_comparable_note", a=vs, b=year)))
pages_ui.downloads(out, f"perbandingan-{group}-{indicator}-{year}-{dataset}", dataset,
                   entities=[*frame["entity_code"], "ID"], years=[year] + ([vs] if vs else []),
                   title=f"{t('compare.table_title', level=level_name, year=year)}: {what}")
# Every published rank and award of this level, year and indicator, with or without a score here.
facts_ui.recognition_table(published, lang, title=t("rec.title") + f" · {what} {year}",
                           file_name=f"penghargaan-{group}-{indicator}-{year}-{dataset}")
facts_ui.caveats(dataset, [*frame["entity_code"]], lang, year=year)
if "ID" in set(frame["entity_code"]) or national is not None:
    facts_ui.coverage(year, lang)
# The sources of what is shown: the year's entities, the same entities in the earlier year (the
# slope and the change column), and the national figure of both years.
nat_rows = [pages_ui.national_scores(dataset, y, indicator) for y in [year, vs] if y is not None]
earlier_shown = before[before["entity_code"].isin(frame["entity_code"])] if before is not None else None
ui.sources(dataset, pages_ui.shown_pairs(frame, earlier_shown, pd.DataFrame([r for r in nat_rows if r is not None])))
