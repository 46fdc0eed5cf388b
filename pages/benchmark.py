"""Studi banding: a home entity against a benchmark (by default the leader of its level in the
latest year) — the per-value gaps, largest lead first; both trends; both ranks; a short summary
written from the numbers shown; the comparison table as CSV and XLSX; the sources of both."""
from datetime import date

import pandas as pd
import streamlit as st

from berakhlak.present import hidden
from berakhlak.present import charts
from berakhlak.ui import downloads
from berakhlak.ui import pages as pages_ui
from berakhlak.ui import common as ui
from berakhlak.ui import facts as facts_ui
from berakhlak.present import views
from berakhlak.i18n import fmt_num, t
from berakhlak.domain import ranks
from berakhlak.domain.rules import NATIONAL_CODE, VALUE_CODES, delta, is_setara

lang = ui.lang()
dataset = ui.current_dataset()


def briefing(year: int, level: pd.DataFrame, home: str, bench: str, home_name: str, bench_name: str,
             lead_values: list[str]) -> pd.DataFrame:
    """A delegation's briefing beyond the leader: peers of the same survey batch and of a similar
    size (views.briefing_peers), and the benchmark's own Rencana Aksi items of the year when the
    dataset has them, the values where it leads most first. Returns the peers shown (their
    sources join the page's)."""
    st.subheader(t("bench.brief_title", year=year), divider="gray")
    peers_of = views.briefing_peers(level, home, exclude=[bench])
    me = level[level["entity_code"] == home]
    batch = views.peer_batch(me.iloc[0]) if not me.empty else None
    n = me.iloc[0]["respondents"] if not me.empty else None
    heads = {"batch": t("bench.peers.batch", batch=t(f"pages.batch.{batch}") if batch else "–", name=home_name),
             "size": t("bench.peers.size", name=home_name, n=ui.respondents_text(n)) if pd.notna(n)
             else t("bench.peers.size_unknown_n", name=home_name)}
    index_col, gap_col = t("bench.peers.col.index", year=year), t("bench.peers.col.gap")
    for col, kind in zip(st.columns(2), ("batch", "size")):
        rows = peers_of[kind]
        col.markdown(f"**{ui.md_escape(heads[kind])}**")
        if rows.empty:
            col.caption(t(f"bench.peers.{kind}_none", name=ui.md_escape(home_name)))
            continue
        table = pd.DataFrame({t("pages.col.entity"): rows["entity_name"], index_col: rows["idx"],
                              gap_col: pd.to_numeric(rows["gap"], errors="coerce"),
                              t("pages.col.respondents"): pd.to_numeric(rows["respondents"], errors="coerce")})
        # Coloured by the difference from the home entity's index, like the comparison table.
        home_idx = rows["idx"] - rows["gap"]
        col.dataframe(pages_ui.compared(table, lang, scores=[index_col], reference=home_idx, gaps=[gap_col])
                      .format(ui.respondents_text, subset=[t("pages.col.respondents")]), hide_index=True,
                      placeholder="–")
    st.caption(t("bench.peers.note"))
    items = ui.q("action_items", dataset=dataset, instansi=bench, year=int(year), today=str(date.today()))
    st.markdown(f"**{ui.md_t('bench.actions_title', bench=bench_name, year=year)}**")
    if items.empty:
        st.caption(ui.md_t("bench.actions_none", bench=bench_name, year=year))
    else:
        st.dataframe(views.bench_actions(items, lead_values, lang), hide_index=True)
        st.caption(ui.md_t("bench.actions_note", bench=bench_name))
    return pd.concat([peers_of["batch"], peers_of["size"]], ignore_index=True).assign(year=int(year))

values = ui.q("value_list")
names = views.value_names(values, lang)

ents = pages_ui.entities(dataset)
ents = ents[ents["level"] != "nasional"]
# Entities known here only by a published rank or award (Jawa Barat, "peringkat pertama 2024"):
# a delegation chooses by those too, so they can be picked; the page then says what is missing.
ents = facts_ui.with_recognized(ents, dataset)
if ents.empty:
    ui.no_data("empty.no_entities")
    st.stop()

st.title(t("bench.heading"))
pages_ui.report_unavailable(("entity",), ents["code"])
c_home, c_bench, c_year = st.columns([2, 2, 1], vertical_alignment="bottom")
all_labels = pages_ui.entity_labels(ents)
home = ui.bound(c_home.selectbox, t("bench.home"), list(ents["code"]), key="entity",
                default=pages_ui.default_entity(ents) or "62", format_func=lambda c: all_labels.get(c, c))
home_row = ents.set_index("code").loc[home]
group = views.level_group_of(home_row["level"]) or "provinsi"
level_name = t(f"pages.level_group.{group}").lower()
years = pages_ui.level_years(dataset, group)

# The default benchmark: the published winner of the home entity's level in its latest year of
# awards, else the leader of the level in the latest year (the runner-up when the home entity
# leads).
latest = pages_ui.level_scores(dataset, years[-1], group) if years else pd.DataFrame()
leader = views.leader(latest, exclude=home) if not latest.empty else None
winner = facts_ui.published_winner(dataset, views.LEVEL_GROUPS[group], exclude=home)
peers = ents[ents["level"].isin(views.LEVEL_GROUPS[group]) & (ents["code"] != home)]
if peers.empty:
    ui.no_data("bench.no_peers", level=level_name)
    st.stop()
peer_labels = pages_ui.entity_labels(peers)
peer_codes = list(peers["code"])
default_bench = winner if winner in peer_codes else (leader if leader in peer_codes else peer_codes[0])
bench = ui.bound(c_bench.selectbox, t("bench.bench"), peer_codes, key="bench", default=default_bench,
                 format_func=lambda c: peer_labels.get(c, c), help=t("bench.bench_help", level=level_name),
                 fallback_note=True)
if winner is not None and bench == winner:
    facts_ui.winner_caption(dataset, winner, views.LEVEL_GROUPS[group])
elif leader is None:
    st.caption(t("bench.no_leader", level=level_name, year=years[-1] if years else "–"))
elif bench == leader:
    # "ranked first" only where a rank means something (berakhlak.domain.ranks); else "the highest
    # of the few with a score".
    latest_withheld = pages_ui.rank_withheld(latest)
    leader_name = latest.set_index("entity_code").loc[leader, "entity_name"]
    if latest_withheld is None:
        st.caption(ui.md_t("bench.is_leader", name=leader_name, year=years[-1]))
    else:
        st.caption(ui.md_t("bench.is_highest", name=leader_name, year=years[-1], of=latest_withheld.of,
                           level=level_name))

series = pages_ui.series(dataset, [home, bench, NATIONAL_CODE])
both = sorted(set(series.loc[series["entity_code"] == home, "year"]) & set(series.loc[series["entity_code"] == bench, "year"]))
if not both:
    # No year with both: show what is real for each side (figures, ranks and awards, sources) and
    # say what is missing, without changing the pair.
    home_name, bench_name = home_row["name"], peer_labels[bench].rsplit(" (", 1)[0]
    st.warning(t("bench.no_common_year_real", home=home_name, bench=bench_name), icon=":material/info:")
    facts_ui.what_is_real(dataset, series, [(home, home_name), (bench, bench_name)], lang)
    idx_series = series.assign(score=series["idx"])
    pair = idx_series[idx_series["entity_code"].isin([home, bench])]
    if pair["score"].notna().any():
        national = idx_series[idx_series["entity_code"] == NATIONAL_CODE]
        pages_ui.plot("trend_chart", pair, lang, national=national if national["score"].notna().any() else None,
                      colors={home: charts.PAIR_COLORS[0], bench: charts.PAIR_COLORS[1]}, labels=True,
                      title=t("bench.trend_title"), filename=f"tren-{home}-{bench}-{dataset}")
        note = pages_ui.method_note(sorted(set(pair.dropna(subset=["score"])["year"])), lang)
        if note:
            st.caption(note)
    facts_ui.suggestions(dataset, home, home_name, series, views.LEVEL_GROUPS[group], lang)
    home_years = series.loc[(series["entity_code"] == home) & series["idx"].notna(), "year"]
    peers_shown = None
    if not home_years.empty:
        home_year = int(home_years.max())
        peers_shown = briefing(home_year, pages_ui.level_scores(dataset, home_year, group), home, bench, home_name,
                               bench_name, [])
        downloads.deck_button(home, home_year, dataset, bench, type="primary")
    ui.sources(dataset, pages_ui.shown_pairs(series, peers_shown))
    st.stop()
year = ui.year_picker(both, container=c_year)

level = pages_ui.level_scores(dataset, year, group)
withheld = pages_ui.rank_withheld(level)  # ranks among too few of the level are not shown
frame = level.set_index("entity_code")
h, b = frame.loc[home], frame.loc[bench]
home_name, bench_name = h["entity_name"], b["entity_name"]
nat = pages_ui.national_scores(dataset, year)

# Ranks and index, side by side.
with st.container(horizontal=True):
    for row, _color in ((h, charts.PAIR_COLORS[0]), (b, charts.PAIR_COLORS[1])):
        if withheld is not None:
            rank_line = t("bench.rank_line_withheld", level=level_name, why=ranks.short_text(withheld))
        else:
            rank = t("compare.rank_value", rank=int(row["rank"]), of=int(row["of"])) if pd.notna(row["rank"]) else "–"
            rank_line = t("bench.rank_line", rank=rank, level=level_name)
        st.metric(ui.md_t("bench.index_of", name=row["entity_name"], year=year),
                  fmt_num(row["idx"]) if pd.notna(row["idx"]) else "–", rank_line, delta_color="off",
                  delta_arrow="off", border=True,
                  help=ranks.reason_text(withheld, level_name, year) if withheld is not None else None)
    index_gap = delta(b["idx"], h["idx"]) if pd.notna(b["idx"]) and pd.notna(h["idx"]) else None
    st.metric(t("bench.index_gap"), fmt_num(index_gap, sign=True) if index_gap is not None else "–",
              ui.md_t("bench.gap_direction", bench=bench_name, home=home_name), delta_color="off", delta_arrow="off",
              border=True)
if h["suppressed"] or b["suppressed"]:
    for row in (r for r in (h, b) if r["suppressed"]):  # which side is hidden, and why (query layer)
        st.warning(f"{ui.md_escape(row['entity_name'])}: " + hidden.sentence(
            row["suppression"], n=row["respondents"], minimum=ui.min_respondents()), icon=":material/visibility_off:")

gaps = views.benchmark_gaps(h, b, names)
summary = views.benchmark_summary(gaps, home=ui.md_escape(home_name), bench=ui.md_escape(bench_name), year=year, lang=lang, index_gap=index_gap)
st.info(summary, icon=":material/lightbulb:")

left, right = st.columns(2)
with left:
    if gaps["gap"].notna().any():
        pages_ui.plot("gap_bars", gaps, lang, home=home_name, bench=bench_name,
                      title=t("bench.gap_title", bench=bench_name, home=home_name, year=year),
                      filename=f"selisih-{home}-{bench}-{year}-{dataset}")
    else:
        st.info(t("bench.no_gaps", year=year), icon=":material/info:")
with right:
    idx_series = series.assign(score=series["idx"])
    pair = idx_series[idx_series["entity_code"].isin([home, bench])]
    national = idx_series[idx_series["entity_code"] == NATIONAL_CODE]
    pages_ui.plot("trend_chart", pair, lang, national=national if national["score"].notna().any() else None,
                  colors={home: charts.PAIR_COLORS[0], bench: charts.PAIR_COLORS[1]}, labels=True,
                  title=t("bench.trend_title"), filename=f"tren-{home}-{bench}-{dataset}")

long = views.long_values(series[series["entity_code"].isin([home, bench])],
                         ["entity_code", "entity_name", "year", "method"], values)
if long["score"].notna().any():
    st.subheader(t("bench.values_trend_title"), divider="gray")
    nat_long = views.long_values(series[series["entity_code"] == NATIONAL_CODE], ["year", "method"])
    pages_ui.plot("value_small_multiples", long, lang, national=nat_long,
                  colors={home: charts.PAIR_COLORS[0], bench: charts.PAIR_COLORS[1]},
                  filename=f"tren-nilai-{home}-{bench}-{dataset}")
note = pages_ui.method_note(sorted(set(series["year"])), lang)
if note:
    st.caption(note)

# The comparison table, as shown and as downloads.
st.subheader(t("bench.table_title", year=year), divider="gray")
rows = [{"code": views.INDEX, "label": t("pages.index"), "home": h["idx"], "bench": b["idx"],
         "national": None if nat is None else nat["idx"]}]
rows += [{"code": c, "label": names[c], "home": h[c], "bench": b[c], "national": None if nat is None else nat[c]}
         for c in VALUE_CODES]
table = views.rounded(pd.DataFrame(rows), ["home", "bench", "national"])
table["gap"] = [delta(x, y) if pd.notna(x) and pd.notna(y) else None for x, y in zip(table["bench"], table["home"])]
out = pd.DataFrame({
    t("bench.col.measure"): table["label"],
    home_name: table["home"],
    bench_name: table["bench"],
    t("bench.col.gap", bench=bench_name, home=home_name): pd.to_numeric(table["gap"], errors="coerce"),
    t("chart.national", lang): table["national"],
})
# Coloured by the difference from the comparator the user chooses (the national figure, the
# benchmark or the home organisation; blue above, orange below, white when "setara"), the
# category as text; the gap column says "setara" under a point.
gap_col = t("bench.col.gap", bench=bench_name, home=home_name)
national_col = t("chart.national", lang)
columns = {"national": national_col, "bench": bench_name, "home": home_name}
ref_of = {"national": table["national"], "bench": table["bench"], "home": table["home"]}
comparators = [c for c in ("national", "bench", "home") if pd.Series(ref_of[c]).notna().any()] or ["national"]
comparator = ui.bound(st.segmented_control, t("bench.comparator"), comparators, key="cmp",
                      default=comparators[0], required=True,
                      # a segmented control's labels are Markdown: names from data through its one rule
                      format_func=lambda c: ui.md_t(f"bench.comparator.{c}", bench=bench_name, home=home_name))
scored = [c for c in (home_name, bench_name, national_col) if c != columns[comparator]]
st.dataframe(pages_ui.compared(out, lang, scores=scored, reference=ref_of[comparator], gaps=[gap_col],
                               plain=[columns[comparator]]),
             hide_index=True, placeholder="–")
st.caption(ui.md_t("bench.table_colours_of", what=t(f"bench.comparator.{comparator}", bench=bench_name,
                                                   home=home_name)))
# The file: fixed headers, names, year, methods and respondents in columns of their own.
pages_ui.downloads(views.benchmark_file(table, h, b, year, lang), f"studi-banding-{home}-{bench}-{year}-{dataset}",
                   dataset, entities=[home, bench, NATIONAL_CODE], years=[year], xlsx=True,
                   title=f"{t('bench.table_title', year=year)}: {home_name} – {bench_name}")
# The briefing deck to take home: the home organisation against the benchmark.
downloads.deck_button(home, year, dataset, bench, type="primary")
lead_values = [c for c, g in zip(gaps["value_code"], gaps["gap"]) if pd.notna(g) and g > 0 and not is_setara(g)]
peers_shown = briefing(year, level, home, bench, home_name, bench_name, lead_values)
if nat is not None:
    facts_ui.coverage(year, lang)
facts_ui.badges(dataset, home, home_name, lang, empty_note=True)
facts_ui.badges(dataset, bench, bench_name, lang, title=False, empty_note=True)
facts_ui.caveats(dataset, [home, bench], lang)
facts_ui.suggestions(dataset, home, home_name, series, views.LEVEL_GROUPS[group], lang)
ui.sources(dataset, pages_ui.shown_pairs(series, frame.loc[[home, bench]].reset_index(), peers_shown))
