"""Rencana Aksi: the action plan of an instansi and its units as a traffic-light board and a
timeline, counts by status and by value, overdue items flagged, the history of status changes
and the full edit log; admins add, change and delete items (every change logged)."""
import pandas as pd
import streamlit as st

from berakhlak.evaluation import action_plan
from berakhlak.present import action_tables
from berakhlak.present import charts_eval
from berakhlak.ui import downloads
from berakhlak.ui import common as ui
from berakhlak.ui import pages
from berakhlak.ui import evaluation as eui
from berakhlak.i18n import fmt_int, t
from berakhlak.domain.rules import VALUE_CODES

lang = ui.lang()
dataset = ui.current_dataset()
today = eui.today()

st.title(t("action.title"))
eui.flash()
st.caption(t("action.legend"))


def fmt_date(d) -> str:
    return action_tables.fmt_date(d)


def card(it) -> None:
    """One item on the board."""
    with st.container(border=True):
        late = f" :red-badge[{t('action.overdue')}]" if it.overdue else ""
        st.markdown(f"**{ui.md_escape(it.action)}**{late}")
        st.caption(ui.md_t("action.card_line", unit=it.entity_name, value=eui.value_label(it.value_code, lang),
                     owner=it.owner or "–", due=fmt_date(it.due_date), id=it.item_id))
        if isinstance(it.reviewer_note, str) and it.reviewer_note:
            st.caption(ui.md_t("action.card_note", note=it.reviewer_note))
        if isinstance(it.evidence, str) and it.evidence:
            st.caption(ui.md_t("action.card_evidence", evidence=it.evidence))


def show_refused(exc: action_plan.EditRefused) -> None:
    st.error("\n".join(f"- {ui.md_escape(p.message())}" for p in exc.problems))


def item_fields(prefix: str, current: dict | None = None) -> dict:
    """The editable fields of an item as form widgets (inside a form)."""
    cur = current or {}
    values = eui.value_options()
    c1, c2 = st.columns(2)
    value = c1.selectbox(t("action.col.value"), values, index=values.index(cur.get("value_code")) if cur.get("value_code") in values else 0,
                         format_func=lambda v: eui.value_label(v, lang), key=f"{prefix}_value")
    status = c2.selectbox(t("action.col.status"), action_plan.STATUSES,
                          index=action_plan.STATUSES.index(cur.get("status", "merah")),
                          format_func=lambda s: t(f"action.status.{s}"), key=f"{prefix}_status")
    action = st.text_area(t("action.col.action"), value=cur.get("action") or "", key=f"{prefix}_action", height=80)
    c3, c4 = st.columns(2)
    owner = c3.text_input(t("action.col.owner"), value=cur.get("owner") or "", key=f"{prefix}_owner")
    due = cur.get("due_date")
    due = c4.date_input(t("action.col.due"), value=None if due is None or pd.isna(due) else pd.Timestamp(due).date(),
                        format="DD/MM/YYYY", key=f"{prefix}_due")
    evidence = st.text_input(t("action.col.evidence"), value=cur.get("evidence") or "", key=f"{prefix}_evidence",
                             help=t("action.evidence_help"))
    note = st.text_input(t("action.col.note"), value=cur.get("reviewer_note") or "", key=f"{prefix}_note")
    return {"value_code": value, "status": status, "action": action, "owner": owner, "due_date": due,
            "evidence": evidence, "reviewer_note": note}


def clean(v):
    return None if v is None or (not isinstance(v, str) and pd.isna(v)) else v


def admin_section(instansi: str | None, year: int | None, items: pd.DataFrame) -> None:
    with st.expander(t("action.admin.title"), icon=":material/edit_note:", expanded=eui.can_edit()):
        eui.admin_box("action_admin")
        if dataset in action_plan.READ_ONLY_DATASETS:
            st.info(t("action.read_only_dataset", name=dataset), icon=":material/lock:")
        elif eui.can_edit() and instansi is not None:
            add, edit = st.tabs([t("action.admin.add"), t("action.admin.edit")])
            with add, st.form("action_add", clear_on_submit=True):
                every = ui.q("entity_list_all")
                members = every[(every["code"] == instansi) | ((every["parent_code"] == instansi) & (every["level"] == "unit"))]
                members = members.assign(_o=(members["level"] == "unit").astype(int) * 1000 + members["code"].str.len())
                members = members.sort_values(["_o", "code"])
                names = dict(zip(members["code"], members["name"]))
                unit = st.selectbox(t("action.col.unit"), list(members["code"]), format_func=lambda c: names[c],
                                    key="add_unit")
                fields = item_fields("add")
                if st.form_submit_button(t("action.admin.add_submit"), type="primary"):
                    try:
                        with eui.writable() as wcon:
                            new_id = action_plan.add_item(wcon, dataset, unit, int(year), fields, who=eui.editor_name())
                        st.session_state["eval_flash"] = t("action.admin.added", id=new_id)
                        st.rerun()
                    except action_plan.EditRefused as exc:
                        show_refused(exc)
            with edit:
                if items.empty:
                    st.caption(t("action.none"))
                else:
                    ids = items["item_id"].tolist()
                    labels = {r.item_id: f"#{r.item_id} · {r.entity_name} · {r.action}" for r in items.itertuples()}
                    chosen = st.selectbox(t("action.admin.pick"), ids, format_func=lambda i: labels[i], key="edit_item")
                    current = {k: clean(v) for k, v in items.set_index("item_id").loc[chosen].items()}
                    with st.form(f"action_edit_{chosen}"):
                        fields = item_fields(f"edit_{chosen}", current)
                        if st.form_submit_button(t("action.admin.save"), type="primary"):
                            try:
                                with eui.writable() as wcon:
                                    changed = action_plan.update_item(wcon, int(chosen), fields, who=eui.editor_name())
                                st.session_state["eval_flash"] = (
                                    t("action.admin.saved", id=chosen, fields=", ".join(t(f"action.field.{f}") for f in changed))
                                    if changed else t("action.admin.nothing"))
                                st.rerun()
                            except action_plan.EditRefused as exc:
                                show_refused(exc)
                    sure = st.checkbox(t("action.admin.delete_confirm", id=chosen), key=f"del_sure_{chosen}")
                    if st.button(t("action.admin.delete"), disabled=not sure, key=f"del_{chosen}"):
                        with eui.writable() as wcon:
                            action_plan.delete_item(wcon, int(chosen), who=eui.editor_name())
                        st.session_state["eval_flash"] = t("action.admin.deleted", id=chosen)
                        st.rerun()
        st.divider()
        target = eui.target_dataset("action_target")
        eui.import_section("actions", target)
        eui.templates_section("action_tpl", kinds=("actions",))


left, right = st.columns([3, 1])
instansi = eui.instansi_picker(dataset, "ra", container=left)
if instansi is None:
    st.info(t("action.empty", dataset=ui.dataset_label(dataset, ui.dataset_kind(dataset))), icon=":material/info:")
    admin_section(None, None, pd.DataFrame())
else:
    year = eui.year_picker(dataset, instansi, "ra", container=right)
    items = ui.q("action_items", dataset=dataset, instansi=instansi, year=int(year), today=today)
    scope_codes = ["*"] + sorted(items["entity_code"].unique(), key=lambda c: (len(c), c))
    scope_names = {"*": t("action.all_units"), **dict(zip(items["entity_code"], items["entity_name"]))}
    scope = eui.url_bound(st.selectbox, t("action.scope"), scope_codes, key="action_scope", url_key="unit",
                          default="*", format_func=lambda c: scope_names.get(c, c))
    shown = items if scope == "*" else items[items["entity_code"] == scope]

    with st.container(horizontal=True):
        for status in ("merah", "kuning", "hijau"):
            st.metric(t(f"action.status.{status}"), fmt_int(int((shown["status"] == status).sum())),
                      t(f"action.status_meaning.{status}"), delta_color="off", delta_arrow="off", border=True)
        st.metric(t("action.overdue_metric"), fmt_int(int(shown["overdue"].sum())),
                  t("action.overdue_help", date=today.strftime("%d-%m-%Y")), delta_color="off",
                  delta_arrow="off", border=True)

    if shown.empty:
        st.info(t("action.none_for", year=year), icon=":material/info:")
    else:
        log = ui.q("action_changes", dataset=dataset, instansi=instansi, year=int(year))
        if scope != "*":
            log = log[log["entity_code"] == scope]
        value_names = {c: eui.value_label(c, lang) for c in VALUE_CODES}
        # The items shown (importable again: the template's columns) and, in the XLSX, the change log.
        where = scope_names.get(scope, scope) if scope != "*" else ui.entity_directory()["name"].get(instansi, instansi)
        about = action_tables.about(dataset, ui.dataset_kind(dataset), instansi, where, int(year), lang)
        stem = f"rencana-aksi-{scope if scope != '*' else instansi}-{year}-{dataset}"
        log_file = action_tables.edit_log(log, lang, value_names, for_file=True)
        downloads.table({t("action.title"): action_tables.items_file(shown, int(year), lang, value_names),
                         t("output.sheet.history"): log_file}, stem, about,
                        key="action-export", labels=(t("action.download_csv"), t("action.download_xlsx")))
        board, timeline, per_value, history = st.tabs(
            [t("action.tab.board"), t("action.tab.timeline"), t("action.tab.values"), t("action.tab.history")])
        with board:
            cols = st.columns(3)
            for col, status in zip(cols, ("merah", "kuning", "hijau")):
                part = shown[shown["status"] == status]
                col.markdown(f"#### {t(f'action.status_icon.{status}')} {t(f'action.status.{status}')} ({len(part)})")
                col.caption(t(f"action.status_meaning.{status}"))
                with col:
                    for it in part.itertuples():
                        card(it)
        with timeline:
            fig = charts_eval.action_timeline(shown, lang, today, title=t("action.timeline_title", year=year))
            pages.render(fig, f"rencana-aksi-{instansi}-{year}")
            if shown["due_date"].isna().any():
                st.caption(t("action.no_due", count=int(shown["due_date"].isna().sum())))
        with per_value:
            fig = charts_eval.status_by_value(shown, ui.q("value_list"), lang, title=t("action.values_title", year=year))
            pages.render(fig, f"rencana-aksi-nilai-{instansi}-{year}")
        with history:
            st.markdown(f"**{t('action.history_title')}**")
            st.dataframe(action_tables.status_history(log, lang), hide_index=True, width="stretch")
            st.markdown(f"**{t('action.log_title')}**")
            st.caption(t("action.log_help"))
            st.dataframe(action_tables.edit_log(log, lang, value_names), hide_index=True, width="stretch")
            downloads.table(log_file, f"riwayat-{stem}", about, xlsx=False, key="action-log",
                            labels=(t("action.download_log_csv"), ""))
    admin_section(instansi, year, items)
