"""Nilai: one value in depth — its 3 behaviour guidelines, its distribution across the entities
of a level with the user's entity marked, the top and bottom 10, its trend; a heatmap of entities
× the 7 values; and the 7 values of one entity against the national figure and a peer."""
import pandas as pd
import streamlit as st

from berakhlak.present import hidden
from berakhlak.present import charts
from berakhlak.ui import pages as pages_ui
from berakhlak.ui import common as ui
from berakhlak.ui import facts as facts_ui
from berakhlak.present import views
from berakhlak.i18n import fmt_num, t
from berakhlak.domain import ranks
from berakhlak.domain.rules import NATIONAL_CODE, VALUE_CODES, band_for

lang = ui.lang()
dataset = ui.current_dataset()
values = ui.q("value_list")
names = views.value_names(values, lang)
MAX_ROWS = 40

title = st.empty()  # the title goes first, once the value is known
c_value, c_level, c_year = st.columns([1.6, 2.2, 1], vertical_alignment="bottom")
value = pages_ui.indicator_picker(lang, key="value", with_index=False, default="BP", label=t("values.value"),
                                  container=c_value)
group, _, year = pages_ui.level_and_year(dataset, c_level, c_year)
name = names[value]
level_name = t(f"pages.level_group.{group}").lower()

title.title(t("values.heading", value=name))
behaviours = ui.q("value_behaviours", value=value)
with st.container(border=True):
    st.markdown(f"**{t('values.behaviours', value=name)}**\n\n" + "\n".join(
        f"{r.ord}. {r.text_en if lang == 'en' else r.text_id}" for r in behaviours.itertuples()))
# Who won this value: the published awards for it, at every level and in every year.
winners = facts_ui.level_recognitions(dataset, [], value=value)
if winners.empty:
    st.caption(t("rec.winners_none", value=name))
else:
    facts_ui.recognition_table(winners, lang, title=t("rec.winners_title", value=name),
                               file_name=f"penghargaan-{value}-{dataset}")

level_entities = pages_ui.entities(dataset)
pages_ui.report_unavailable(("entity",), level_entities.loc[level_entities["level"].isin(views.LEVEL_GROUPS[group]), "code"])
c_entity, c_prov = st.columns([3, 2], vertical_alignment="bottom")
entity = ui.entity_picker(dataset, levels=views.LEVEL_GROUPS[group], container=c_entity,
                          default_code=pages_ui.default_entity(pages_ui.entities(dataset)) or "62",
                          label=t("values.entity"))
province = ""
if group == "kabkota":
    known = ui.entity_directory()
    home_prov = known.loc[entity, "region_code"] if entity in known.index else None
    province = pages_ui.province_picker(default=home_prov or "all", container=c_prov,
                                        label=t("values.province_filter"))

frame = pages_ui.level_scores(dataset, year, group, value, "", "")
nat = pages_ui.national_scores(dataset, year, value)
national = None if nat is None else nat["score"]
shown = frame.dropna(subset=["score"])
withheld = pages_ui.rank_withheld(frame)  # ranks among too few of the level are not shown
me = frame.set_index("entity_code").loc[entity] if entity in set(frame["entity_code"]) else None
my_name = me["entity_name"] if me is not None else None

with st.container(horizontal=True):
    if me is not None and pd.notna(me["score"]):
        st.metric(ui.md_t("values.score_of", name=my_name, year=year), fmt_num(me["score"]),
                  t("overview.category", code=band_for(me["score"]).code, label=band_for(me["score"]).label(lang)), delta_color="off", delta_arrow="off", border=True)
        if withheld is None:
            st.metric(t("values.rank", level=level_name),
                      t("compare.rank_value", rank=int(me["rank"]), of=int(me["of"])), border=True)
        else:
            st.metric(t("values.rank", level=level_name), "–", ranks.short_text(withheld), delta_color="off",
                      delta_arrow="off", border=True, help=ranks.reason_text(withheld, level_name, year))
    elif me is not None and me["suppressed"]:
        st.metric(ui.md_t("values.score_of", name=my_name, year=year), "–",
                  hidden.short(me["suppression"], minimum=ui.min_respondents()), delta_color="off",
                  delta_arrow="off", border=True)
    if national is not None and pd.notna(national):
        st.metric(t("compare.national", what=name, year=year), fmt_num(national), border=True)
if shown.empty:
    st.info(t("values.no_scores", value=name, level=level_name, year=year) + " " + t("empty.what_next"),
            icon=":material/info:")
else:
    if me is None or pd.isna(me["score"]):
        label = pages_ui.entity_labels(pages_ui.entities(dataset)).get(entity, entity)
        st.caption(ui.md_t("values.entity_missing", name=label, value=name, year=year))
    left, right = st.columns(2)
    with left:
        hl = (my_name, me["score"]) if me is not None and pd.notna(me["score"]) else None
        pages_ui.plot("value_distribution", shown, lang, highlight=hl, national=national,
                      title=t("values.dist_title", value=name, level=level_name, year=year, n=len(shown)),
                      filename=f"sebaran-{value}-{group}-{year}-{dataset}")
    with right:
        series = pages_ui.series(dataset, [entity, NATIONAL_CODE])
        mine = series[series["entity_code"] == entity].assign(score=lambda f: f[value])
        nat_series = series[series["entity_code"] == NATIONAL_CODE].assign(score=lambda f: f[value])
        if mine["score"].notna().any():
            pages_ui.plot("trend_chart", mine, lang, national=nat_series if nat_series["score"].notna().any() else None,
                          title=t("values.trend_title", name=mine["entity_name"].iloc[0]), y_title=name, height=420,
                          filename=f"tren-{value}-{entity}-{dataset}")
        else:
            st.info(t("values.no_trend", value=name), icon=":material/info:")

    if withheld is not None:
        pages_ui.rank_note(withheld, level_name, year)
    top, bottom = views.top_bottom(shown, 10)
    c_top, c_bottom = st.columns(2)
    for col, part, key in ((c_top, top, "values.top"), (c_bottom, bottom, "values.bottom")):
        with col:
            labelled = part if withheld is not None else part.assign(
                entity_name=[f"{int(r)}. {n}" for r, n in zip(part["rank"], part["entity_name"])])
            pages_ui.plot("ranked_bars", labelled, lang, national=national, highlight=entity,
                          title=t(key, n=len(part), value=name, year=year),
                          filename=f"{key.split('.')[1]}-{value}-{group}-{year}-{dataset}")

# The heatmap: entities × the 7 values (and the index), sortable, with n.
st.subheader(t("values.heatmap_title", level=level_name, year=year), divider="gray")
grid = pages_ui.level_scores(dataset, year, group, views.INDEX, "", province)
sort_options = ["IDX", *VALUE_CODES, "name"]
c_sort, c_dir = st.columns([2, 3], vertical_alignment="bottom")
sort = ui.bound(c_sort.selectbox, t("values.sort"), sort_options, key="sort", default=value,
                format_func=lambda c: t("values.sort_name") if c == "name" else views.indicator_label(c, names, lang))
if grid.empty:
    st.info(t("values.no_grid", level=level_name, year=year), icon=":material/info:")
else:
    col = "idx" if sort == "IDX" else ("entity_name" if sort == "name" else sort)
    grid = grid.sort_values([col, "entity_name"], ascending=[sort == "name", True], na_position="last")
    if len(grid) > MAX_ROWS:
        keep = list(grid.head(MAX_ROWS)["entity_code"])
        if entity in set(grid["entity_code"]) and entity not in keep:
            keep[-1] = entity
        grid = grid[grid["entity_code"].isin(keep)]
        st.caption(t("values.grid_cut", n=MAX_ROWS, total=len(frame), level=level_name))
    columns = [("idx", t("pages.index").replace(" ", "<br>"))] + [(c, names[c].replace(" ", "<br>")) for c in VALUE_CODES]
    # Each cell coloured by its difference from a comparator (issue 13), the band as text: the
    # national figure, or the chosen entity (how the others stand against it).
    nat_now = pages_ui.national_scores(dataset, year)
    mine_now = grid[grid["entity_code"] == entity]
    options = [k for k, ok in (("national", nat_now is not None), ("entity", not mine_now.empty)) if ok]
    me_name = mine_now["entity_name"].iloc[0] if not mine_now.empty else ""
    if options:
        cmp = ui.bound(c_dir.segmented_control, t("cmp.label"), options, key="cmp", default=options[0], required=True,
                       format_func=lambda k: t("cmp.national") if k == "national" else ui.md_escape(me_name),
                       help=t("cmp.help"))  # a segmented control's labels are Markdown: a name from data is escaped
        reference = nat_now if cmp == "national" else mine_now.iloc[0]
        cmp_name = t("cmp.national") if cmp == "national" else me_name
        pages_ui.comparison_heatmap(grid, columns, lang, reference, cmp_name, highlight=entity,
                                    filename=f"peta-panas-{group}-{year}-{dataset}")
    st.caption(t("values.heatmap_note", min=ui.min_respondents()))

# The 7 values of one entity against the national figure and a peer.
st.subheader(t("values.peer_title", year=year), divider="gray")
peers = frame[frame["entity_code"] != entity]
if me is None or peers.empty:
    st.info(t("values.no_peer", level=level_name, year=year), icon=":material/info:")
else:
    full = pages_ui.level_scores(dataset, year, group, views.INDEX, "", "")
    leader = views.leader(full, exclude=entity)
    peer_labels = dict(zip(full["entity_code"], full["entity_name"]))
    peer_codes = [c for c in full["entity_code"] if c != entity]
    peer = ui.bound(st.selectbox, t("values.peer"), peer_codes, key="peer", default=leader or peer_codes[0],
                    format_func=lambda c: peer_labels.get(c, c), help=t("values.peer_help"))
    rows = []
    mine_row = full.set_index("entity_code").loc[entity]
    peer_row = full.set_index("entity_code").loc[peer]
    nat_row = pages_ui.national_scores(dataset, year)
    for label, row in ((mine_row["entity_name"], mine_row), (peer_row["entity_name"], peer_row),
                       (t("chart.national", lang), nat_row)):
        for r in values.itertuples():
            score = None if row is None else row[r.code]
            rows.append({"series": label, "value_code": r.code, "ord": r.ord, "name_id": r.name_id,
                         "name_en": r.name_en, "score": score})
    long = pd.DataFrame(rows)
    colors = {mine_row["entity_name"]: charts.PAIR_COLORS[0], peer_row["entity_name"]: charts.PAIR_COLORS[1],
              t("chart.national", lang): charts.NATIONAL_COLOR}
    pages_ui.plot("grouped_value_bars", long, lang, colors=colors,
                                    title=t("values.peer_chart", name=mine_row["entity_name"], year=year), filename=f"nilai-{entity}-{peer}-{year}-{dataset}")
    if long["score"].isna().any():
        st.caption(t("values.peer_partial"))

if national is not None and pd.notna(national):
    facts_ui.coverage(year, lang)
# Sources of the level's year (bars, heatmap, peer) and of the entity's and the nation's trend.
nat_rows = pd.DataFrame([r for r in (nat, pages_ui.national_scores(dataset, year)) if r is not None])
ui.sources(dataset, pages_ui.shown_pairs(frame, grid if not grid.empty else None, nat_rows,
                                         series if not shown.empty else None))
