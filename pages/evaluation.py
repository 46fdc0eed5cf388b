"""Evaluasi Internal: an organisation's own work-culture evaluation (method INTERNAL, never
compared with the national index) — per unit the individual survey, the evidence checklist and
their combined score, the weakest values and the open action items; imports and templates."""
import streamlit as st

from berakhlak.present import charts_eval
from berakhlak.ui import common as ui
from berakhlak.ui import pages
from berakhlak.ui import evaluation as eui
from berakhlak.evaluation.internal import weakest_values
from berakhlak.i18n import fmt_int, fmt_num, t

lang = ui.lang()
dataset = ui.current_dataset()

st.title(t("eval.title"))
eui.flash()
st.info(t("eval.method_note"), icon=":material/rule:")

# After a save the tabs start afresh on the results (their key changes with each save).
tab_results, tab_import, tab_templates = st.tabs(
    [t("eval.tab.results"), t("eval.tab.import"), t("eval.tab.templates")],
    default=t("eval.tab.results"), key=f"eval_tabs_{eui.import_round()}")

with tab_results:
    left, right = st.columns([3, 1])
    instansi = eui.instansi_picker(dataset, "eval", container=left)
    if instansi is None:
        st.info(t("eval.empty", dataset=ui.dataset_label(dataset, ui.dataset_kind(dataset))),
                icon=":material/info:")
    else:
        year = eui.year_picker(dataset, instansi, "eval", container=right)
        w = eui.weights_control()
        frame = eui.scores_frame(instansi, year, dataset, w)
        inst, units = frame.iloc[0], frame.iloc[1:]
        names = eui._value_names(lang)
        items = ui.q("action_items", dataset=dataset, instansi=instansi, year=int(year), today=eui.today())
        open_items = items[items["status"] != "hijau"]

        c1, c2, c3, c4, c5 = st.columns([1.3, 1.2, 1.1, 0.8, 1.1])
        if inst["survey_status"] == "ok":
            c1.metric(t("eval.metric.survey", year=year), fmt_num(inst["survey_idx"]),
                      t("eval.metric.survey_basis", units=fmt_int(inst["n_units"])), delta_color="off",
                      delta_arrow="off", border=True, help=t("eval.metric.survey_help"))
        else:
            c1.metric(t("eval.metric.survey", year=year), "–", eui.status_text(inst["survey_status"]),
                      delta_color="off", delta_arrow="off", border=True)
        c2.metric(t("eval.metric.institution"), fmt_num(inst["inst_score"]),
                  t("eval.metric.institution_items", met=int(inst["inst_met"]), partial=int(inst["inst_partial"]),
                    items=int(inst["inst_items"])) if inst["inst_items"] else t("eval.metric.no_checklist"),
                  delta_color="off", delta_arrow="off", border=True, help=t("eval.metric.institution_help"))
        c3.metric(t("eval.metric.combined"), fmt_num(inst["combined"]),
                  t("eval.weights.short", survey=fmt_int(w.survey), institution=fmt_int(w.institution)),
                  delta_color="off", delta_arrow="off", border=True, help=eui.weights_text(w))
        c4.metric(t("eval.col.respondents"), ui.respondents_text(inst["respondents"]), border=True)
        c5.metric(t("eval.metric.actions"),
                  f"{int((items['status'] == 'merah').sum())} / {int((items['status'] == 'kuning').sum())}",
                  t("eval.metric.overdue", count=int(items["overdue"].sum())), delta_color="off",
                  delta_arrow="off", border=True)

        weak = weakest_values(inst)
        if weak:
            st.markdown(ui.md_t("eval.weakest_instansi", name=inst["entity_name"],
                          first=names[weak[0][0]], first_score=fmt_num(weak[0][1]),
                          second=names[weak[1][0]], second_score=fmt_num(weak[1][1])))
        shown_units = units[units["survey_status"] == "ok"]
        if len(shown_units):
            top = shown_units["weakest_value"].value_counts()
            st.markdown(t("eval.weakest_units", value=names[top.index[0]], count=int(top.iloc[0]),
                          of=len(shown_units)))

        fig = charts_eval.unit_value_heatmap(frame, ui.q("value_list"), lang,
                                             title=t("eval.heatmap_title", year=year),
                                             suppressed_text=t("eval.status.hidden_short"))
        pages.render(fig, f"evaluasi-nilai-{instansi}-{year}")
        fig = charts_eval.score_bars(frame, lang, title=t("eval.bars_title", year=year))
        pages.render(fig, f"evaluasi-skor-{instansi}-{year}")

        eui.render_unit_evaluation(instansi, year, dataset)
        # The bureau head publishes the year's unit results as the self-run index (MANDIRI-2025).
        eui.publish_block(instansi, year, dataset, w)

        st.subheader(t("eval.open_actions_title", year=year), divider="gray")
        if open_items.empty:
            st.caption(t("eval.no_open_actions") if len(items) else t("eval.no_actions"))
        else:
            open_items = open_items.assign(_red=open_items["status"] == "merah").sort_values(
                ["overdue", "_red"], ascending=False, kind="stable")
            for it in open_items.head(10).itertuples():
                late = f" · **{t('action.overdue')}**" if it.overdue else ""
                due = it.due_date.strftime("%d-%m-%Y") if hasattr(it.due_date, "strftime") else "–"
                st.markdown(ui.md_t("eval.open_action_line", status=t(f"action.status.{it.status}"),
                              unit=it.entity_name, action=it.action, value=eui.value_label(it.value_code, lang),
                              due=due) + late)
            if len(open_items) > 10:
                st.caption(t("eval.more_actions", count=len(open_items) - 10))
        st.page_link("pages/action_plan.py", label=t("eval.block.to_actions"), icon=":material/traffic:",
                     query_params={"entity": instansi, "year": str(year)})

        with st.expander(t("eval.checklist_detail"), icon=":material/fact_check:"):
            detail = ui.q("eval_checklist_items", dataset=dataset, instansi=instansi, year=int(year))
            if detail.empty:
                st.caption(t("eval.no_checklist_rows"))
            else:
                st.dataframe(eui.checklist_display(detail), hide_index=True, width="stretch")

        eui.sources_block(instansi, year, dataset)

with tab_import:
    st.markdown(t("eval.import.intro"))
    eui.admin_box("eval_admin")
    target = eui.target_dataset("eval_target")
    for kind in ("survey", "checklist", "actions"):
        with st.container(border=True):
            eui.import_section(kind, target)

with tab_templates:
    st.markdown(t("eval.templates.intro"))
    eui.templates_section("eval_tpl")
    st.markdown(t("eval.method_full", survey=fmt_int(eui.DEFAULT_SURVEY_WEIGHT),
                  partial=fmt_num(eui.DEFAULT_PARTIAL_CREDIT, decimals=2), min=ui.min_respondents()))
