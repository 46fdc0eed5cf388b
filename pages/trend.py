"""Tren: the index and each value of one or more entities over the years, against the national
average, with the method break drawn as a gap; absolute or change since the first year; a table
with change columns and a CSV download."""
import pandas as pd
import streamlit as st

from berakhlak.present import hidden
from berakhlak.present import charts
from berakhlak.ui import pages as pages_ui
from berakhlak.ui import common as ui
from berakhlak.ui import facts as facts_ui
from berakhlak.present import views
from berakhlak.i18n import fmt_num, t
from berakhlak.domain.rules import NATIONAL_CODE, VALUE_CODES

lang = ui.lang()
dataset = ui.current_dataset()
values = ui.q("value_list")
names = views.value_names(values, lang)

ents = pages_ui.entities(dataset)
if ents.empty:
    ui.no_data("empty.no_entities")
    st.stop()
labels = pages_ui.entity_labels(ents)

st.title(t("trend.heading"))
pages_ui.report_unavailable(("entities", "entity"), ents["code"])
pick, ind_col, mode_col = st.columns([3, 1.4, 1.3], vertical_alignment="bottom")
chosen = ui.bound_multi(pick.multiselect, t("trend.entities"), list(ents["code"]), key="entities",
                        default=[pages_ui.default_entity(ents)], format_func=lambda c: labels.get(c, c),
                        max_selections=6, placeholder=t("trend.add_entity"), help=t("trend.entities_help"))
indicator = pages_ui.indicator_picker(lang, container=ind_col)
mode = ui.bound(mode_col.segmented_control, t("trend.mode"), ["abs", "change"], key="mode", default="abs",
                format_func=lambda m: t(f"trend.mode.{m}"), required=True, help=t("trend.mode_help"))
if not chosen:
    ui.no_data("trend.none_chosen")
    st.stop()
pages_ui.share_entity(chosen[0])

col = "idx" if indicator == views.INDEX else indicator
what = views.indicator_label(indicator, names, lang)
frame = pages_ui.series(dataset, [*chosen, NATIONAL_CODE])
sel = frame[frame["entity_code"].isin(chosen)].assign(score=lambda f: f[col])
national = None
if NATIONAL_CODE not in chosen:
    national = frame[frame["entity_code"] == NATIONAL_CODE].assign(score=lambda f: f[col])
    national = national if national["score"].notna().any() else None

# Who has nothing to draw, and why.
drawn = []
for code in chosen:
    rows = sel[sel["entity_code"] == code]
    if rows.empty:
        st.info(ui.md_t("trend.no_data_entity", name=labels[code]) + " " + t("empty.what_next"), icon=":material/info:")
    elif rows["score"].isna().all():
        key = "trend.all_hidden" if rows["suppressed"].all() else "trend.no_indicator"
        st.info(ui.md_t(key, name=labels[code], what=what, min=ui.min_respondents()), icon=":material/info:")
    else:
        drawn.append(code)
        if rows["suppressed"].any():
            years = ", ".join(str(y) for y in rows.loc[rows["suppressed"], "year"])
            st.caption(ui.md_t("trend.some_hidden", name=labels[code], years=years, min=ui.min_respondents()))
if not drawn:
    st.stop()
sel = sel[sel["entity_code"].isin(drawn)]
sel = sel.assign(entity_name=sel["entity_code"].map(lambda c: ents.set_index("code").loc[c, "name"]))

# The message of each entity: in scores, first→last ("59,5 (2022) → 76,3 (2024); +16,8 poin", the
# break noted); in change mode, the change within each method's own segment, never across a break.
segments = {code: views.method_segments(sel[sel["entity_code"] == code]) for code in drawn}
names_of = dict(zip(sel["entity_code"], sel["entity_name"]))
lines = []
for code in drawn:
    name = names_of[code]
    fl = views.first_last(sel[sel["entity_code"] == code])
    if mode == "change":
        lines.append("- " + views.method_segments_text(ui.md_escape(name), segments[code], lang))
    elif fl:
        lines.append("- " + views.first_last_text(ui.md_escape(name), fl, lang))
    else:
        only = sel[(sel["entity_code"] == code) & sel["score"].notna()].iloc[0]
        lines.append("- " + ui.md_t("trend.single_year", name=name, score=fmt_num(only["score"]), year=int(only["year"])))
view = pages_ui.view_picker()
if len(drawn) > 1 or view == "table":
    st.markdown(f"**{what}**\n" + "\n".join(lines))
years_shown = sorted(set(sel["year"]))
if view == "chart":
    subtitle = None
    if mode == "change":
        # Each method's change on its own, and why: the break in the subtitle.
        one = drawn[0]
        parts = [views.method_segments_text(charts.plain(names_of[one]), segments[one], lang)] if len(drawn) == 1 else []
        note = views.break_note(segments, lang)
        subtitle = "<br>".join(parts + ([note] if note else [])) or None
        title = views.change_title(segments, what, lang)
    else:
        if len(drawn) == 1:
            fl = views.first_last(sel)
            subtitle = views.first_last_text(charts.plain(sel["entity_name"].iloc[0]), fl, lang, sep="<br>") if fl else None
        title = t("trend.chart_title", what=what)
    y_title = t("trend.axis_value", what=what) if mode == "abs" and indicator != views.INDEX else None
    pages_ui.plot("trend_chart", sel, lang, national=national, mode="change" if mode == "change" else "absolute",
                  title=title, subtitle=subtitle, y_title=y_title,
                  filename=f"tren-{'-'.join(drawn)}-{indicator}-{dataset}")
    if mode == "change":
        st.caption(t("trend.change_note"))
        flat = [names_of[c] for c in drawn if not any(seg["delta"] is not None for seg in segments[c])]
        if flat:
            st.info(ui.md_t("trend.change_none", names=", ".join(flat)), icon=":material/info:")

    # Each value over the years, side by side (the index is above).
    long = views.long_values(sel, ["entity_code", "entity_name", "year", "method"], values)
    if long["score"].notna().any():
        nat_long = views.long_values(national, ["year", "method"]) if national is not None else None
        st.subheader(t("trend.values_heading"), divider="gray")
        pages_ui.plot("value_small_multiples", long, lang, national=nat_long,
                      filename=f"tren-nilai-{'-'.join(drawn)}-{dataset}")
        partial = long.groupby("entity_code")["score"].apply(lambda s: s.notna().sum())
        for code in drawn:
            if partial.get(code, 0) < len(VALUE_CODES) * sel[sel["entity_code"] == code]["year"].nunique():
                st.caption(ui.md_t("trend.values_partial", name=labels[code]))
    else:
        st.caption(t("trend.no_values"))
else:
    table = views.rounded(views.changes(sel, ["score"]), ["score", "d_score", "s_score", "idx", *VALUE_CODES])
    not_comparable = t("pages.not_comparable")

    def change(values, flags):
        return [not_comparable if ok is False else v for v, ok in zip(values, flags)]

    out = pd.DataFrame({
        t("pages.col.entity"): table["entity_name"],
        t("pages.col.year"): table["year"].astype(int),
        t("pages.col.method"): table["method"],
        t("pages.col.respondents"): table["respondents"],
        what: table["score"],
        t("pages.col.category"): [charts.band_code(v) or "" for v in table["score"]],
        t("trend.col.change_prev"): change(table["d_score"], table["comparable"]),
        t("trend.col.change_first"): change(table["s_score"], table["comparable_first"]),
    })
    if indicator == views.INDEX:
        for c in VALUE_CODES:
            out[names[c]] = table[c]
    out[t("pages.col.status")] = [hidden.short(r, minimum=ui.min_respondents()) if h else ""
                                  for h, r in zip(table["suppressed"], table["suppression"])]
    st.dataframe(pages_ui.formatted(out, lang, scores=[what, *(names[c] for c in VALUE_CODES)],
                                    changes=[t("trend.col.change_prev"), t("trend.col.change_first")],
                                    counts=[t("pages.col.respondents")], years=[t("pages.col.year")],
                                    category=t("pages.col.category")),
                 hide_index=True, placeholder="–")
    st.caption(t("trend.table_note", min=ui.min_respondents()))
    pages_ui.downloads(out, f"tren-{'-'.join(drawn)}-{indicator}-{dataset}", dataset, entities=[*drawn, NATIONAL_CODE],
                       title=f"{t('trend.heading')}: {what}")

note = pages_ui.method_note(years_shown, lang)
if note:
    st.caption(note)
facts_ui.caveats(dataset, list(drawn), lang)  # medium-confidence figures drawn, with their notes
if national is not None:  # what the national line rests on, year by year (where published)
    for y in sorted(set(national.dropna(subset=["score"])["year"])):
        facts_ui.coverage(int(y), lang)
ui.sources(dataset, pages_ui.shown_pairs(sel, national))
