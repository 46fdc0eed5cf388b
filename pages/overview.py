"""Ringkasan: one entity-year at a glance — index and category, change since the previous
comparable year, the national average, the rank, the values and the sources."""
import streamlit as st

from berakhlak.ui import downloads
from berakhlak.ui import pages as pages_ui
from berakhlak.present import hidden, slides
from berakhlak.ui import common as ui
from berakhlak.ui import facts as facts_ui
from berakhlak.present import views
from berakhlak.i18n import fmt_num, t
from berakhlak.domain import ranks
from berakhlak.domain.rules import NATIONAL_CODE, delta
from berakhlak.domain.summary import summarize

lang = ui.lang()
dataset = ui.current_dataset()

left, middle, right = st.columns([3, 3, 1])
entity = ui.entity_picker(dataset, container=left, unit_container=middle)
if entity is None:
    ui.no_data("empty.no_entities")
    st.stop()
year = ui.year_picker(ui.q("entity_years", dataset=dataset, entity=entity)["year"].tolist(), container=right)

s = summarize(ui.con(), entity, year, dataset, ui.min_respondents(), lang, query=ui.q)
st.title(t("overview.title", name=ui.md_escape(s["entity_name"]), year=year))


def page_links() -> None:
    """Links into the analysis pages, carrying the current selection (and language and dataset)."""
    carry = {"entity": entity, "year": str(year), "ds": dataset, "lang": lang}
    group = views.level_group_of(s["level"])
    links = []
    if s["level"] != "unit":
        links.append(("pages/trend.py", t("links.trend"), ":material/show_chart:", {"entities": entity}))
    if group:
        level_name = t(f"pages.level_group.{group}").lower()
        links += [("pages/compare.py", t("links.compare", level=level_name), ":material/leaderboard:", {"level": group}),
                  ("pages/values.py", t("links.values"), ":material/grid_view:", {"level": group}),
                  ("pages/benchmark.py", t("links.benchmark"), ":material/compare_arrows:", {})]
    parent = ui.entity_directory()["parent_code"].get(entity)
    if ui.entities_with_data(dataset).units.get(entity):
        links.append(("pages/units.py", t("links.units"), ":material/account_tree:", {"inst": entity}))
    elif s["level"] == "unit" and isinstance(parent, str):
        links.append(("pages/units.py", t("links.units"), ":material/account_tree:", {"inst": parent}))
    with st.container(horizontal=True):
        for path, label, icon, extra in links:
            st.page_link(path, label=label, icon=icon, query_params={**carry, **extra})


page_links()
if s["method"]:
    method_row = ui.q("method_list").set_index("code")
    name_col = "name_en" if lang == "en" else "name_id"
    method_name = method_row.loc[s["method"], name_col] if s["method"] in method_row.index else s["method"]
    st.caption(t("overview.method", year=year, method=method_name) + " · "
               + t("overview.respondents", n=ui.respondents_text(s["respondents"])))

kpi = iter(st.columns(4))
with next(kpi):
    if s["suppressed"]:
        st.metric(t("overview.index", year=year), "–", hidden.short(s["suppression"], minimum=ui.min_respondents()),
                  delta_color="off",
                  delta_arrow="off", border=True)
    elif s["index"] is None:
        st.metric(t("overview.index", year=year), "–", border=True)
    else:
        st.metric(t("overview.index", year=year), fmt_num(s["index"]),
                  t("overview.category", code=s["category"], label=s["category_label"]),
                  delta_color="off", delta_arrow="off", border=True,
                  help=t("overview.basis_published" if s["index_basis"] == "published" else "overview.basis_mean"))
p = s["previous"]
with next(kpi):
    if p is None or s["index"] is None:
        st.metric(t("overview.change_none"), "–", t("overview.no_previous") if p is None else None,
                  delta_color="off", delta_arrow="off", border=True)
    elif not p["comparable"]:
        prev_method = ui.q("entity_index_history", dataset=dataset, entity=entity).set_index("year").loc[p["year"], "method"]
        st.metric(t("overview.previous", year=p["year"]), fmt_num(p["index"]),
                  t("overview.not_comparable"), delta_color="off", delta_arrow="off",
                  border=True,
                  help=t("overview.not_comparable_help", prev_year=p["year"], prev_method=prev_method,
                         year=year, method=s["method"], prev=fmt_num(p["index"]), now=fmt_num(s["index"])))
    else:
        d = delta(s["index"], p["index"])
        st.metric(t("overview.change", year=p["year"]), t("overview.points", delta=fmt_num(d, sign=True)),
                  f"{fmt_num(p['index'])} → {fmt_num(s['index'])}", border=True,
                  delta_color="normal" if d else "off", delta_arrow="up" if d > 0 else ("down" if d < 0 else "off"))
nat = s["national"]
with next(kpi):
    if nat:
        st.metric(t("overview.national", year=year), fmt_num(nat["index"]),
                  t("overview.vs_national", delta=fmt_num(s["delta_vs_national"], sign=True))
                  if s["delta_vs_national"] is not None else None, border=True)
    else:
        st.metric(t("overview.national", year=year), "–", t("overview.no_national"), delta_color="off",
                  delta_arrow="off", border=True)
with next(kpi):
    # A rank only where it means something (berakhlak.domain.ranks): else why not.
    r, w = s["rank"], s["rank_withheld"]
    label = t("overview.rank", level=t(f"level.{s['level']}").lower())
    if r:
        st.metric(label, t("overview.rank_value", position=r["position"], of=r["of"]), border=True,
                  help=t("overview.rank_help", year=year))
    elif w:
        why = ranks.Withheld.from_dict(w)
        st.metric(label, "–", ranks.short_text(why), delta_color="off", delta_arrow="off", border=True,
                  help=ranks.reason_text(why, t(f"deck.level_plural.{s['level']}"), year))
    else:
        st.metric(label, "–", t("overview.rank_none"), delta_color="off", delta_arrow="off", border=True,
                  help=t("overview.rank_help", year=year))

facts_ui.coverage(year if nat else None, lang)
# Published ranks and awards (often without a score), and the caveats of the figures shown.
facts_ui.badges(dataset, entity, s["entity_name"], lang)
facts_ui.caveats(dataset, [entity, "ID"], lang, year=year)

if s["suppressed"]:
    st.warning(hidden.of_summary(s, minimum=ui.min_respondents()), icon=":material/visibility_off:")
elif s["index"] is None:
    st.info(t("real.no_impl_index" if any(c["measure"] == "tidak_disebut" for c in s["caveats"]) else "overview.no_index",
              year=year))

# As shown: hidden years are not in the history (entity_index_history reads entity_year_shown).
history = ui.q("entity_index_history", dataset=dataset, entity=entity)
national = ui.q("national_index_history", dataset=dataset) if entity != NATIONAL_CODE else None
col_trend, col_values = st.columns(2)
with col_trend:
    if not history.empty:
        series = history.assign(entity_name=s["entity_name"])
        fig = pages_ui.figure("index_trend", series, lang, national,
                                 title=t("overview.trend_title", name=s["entity_name"]))
        data = slides.trend_table(slides.trend_frame([(s["entity_name"], "home", history)], national, lang), lang)
        downloads.chart(fig, data, f"tren-{entity}-{dataset}", downloads.about(
            dataset, [entity, "ID"], title=t("overview.trend_title", name=s["entity_name"])))
with col_values:
    values = ui.q("entity_value_scores", dataset=dataset, entity=entity, year=year)
    if s["suppressed"]:
        pass
    elif values.empty:
        st.caption(t("overview.no_values", year=year))
    else:
        national_values = ui.q("national_value_scores", dataset=dataset, year=year) if entity != NATIONAL_CODE else None
        fig = pages_ui.figure("value_bars", values, lang, national_values, title=t("overview.values_title", year=year))
        data = slides.values_table(slides.values_frame(values, national_values), lang)
        downloads.chart(fig, data, f"nilai-{entity}-{year}-{dataset}", downloads.about(
            dataset, [entity, "ID"], [year], title=f"{t('overview.values_title', year=year)}: {s['entity_name']}"))
        if len(values) < 7:
            st.caption(t("overview.values_partial", n=len(values), year=year))
        elif s["weakest_value"]:
            names = values.set_index("value_code")["name_en" if lang == "en" else "name_id"]
            st.markdown(t("overview.weakest_strongest",
                          strong=names[s["strongest_value"]], strong_score=fmt_num(s["values"][s["strongest_value"]]["score"]),
                          weak=names[s["weakest_value"]], weak_score=fmt_num(s["values"][s["weakest_value"]]["score"])))

measures = ui.q("entity_measures", dataset=dataset, entity=entity, year=year)
unnamed = measures[measures["measure"] == "tidak_disebut"]
measures = measures[measures["measure"] != "tidak_disebut"]
if not unnamed.empty and not s["suppressed"]:
    # A figure whose index the source does not name: shown on its own, with its caveat, never as
    # the index (facts_ui.caveats above says why).
    st.metric(t("measure.tidak_disebut") + f" {year}", fmt_num(unnamed.iloc[0]["score"]), t("real.medium"),
              delta_color="off", delta_arrow="off", border=True, help=t("real.unnamed_caveat"))
if not measures.empty and not s["suppressed"]:
    st.subheader(t("overview.measures_title"), divider="gray")
    with st.container(horizontal=True):
        for m in measures.itertuples():
            st.metric(t(f"measure.{m.measure}"), fmt_num(m.score), border=True)

# The sources of every number above: the entity in the year and in every year of its trend (the
# previous year among them), the national figure in the year and along its line, the sub-indices.
shown = [(entity, year), *((entity, y) for y in history["year"])]
if entity != NATIONAL_CODE:
    shown += [(NATIONAL_CODE, year), *((NATIONAL_CODE, y) for y in (national["year"] if not history.empty else ()))]
ui.sources(dataset, shown, measures_of=[(entity, year)] if not measures.empty and not s["suppressed"] else ())
