"""Kelola Data (admins only): import a CSV or XLSX file into a named dataset after seeing its
validation report and a preview; roll back a past import; download templates; export a dataset.

Every write goes through `db.writer` (one writer, all or nothing, viewers keep reading the old file
until the new one is in place), so an import made here shows on every page at the next rerun."""
from __future__ import annotations

import datetime as dt

import pandas as pd
from functools import partial

import streamlit as st

from berakhlak.ui import auth
from berakhlak.data import db
from berakhlak.present import export, output, facts
from berakhlak.ingest import recognitions
from berakhlak.ingest import importer, reader, worker
from berakhlak.ui import common as ui
from berakhlak.i18n import fmt_int, fmt_num, t

MB = 1024 * 1024
PREVIEW_ROWS = 500
PROBLEM_ROWS = 1000

lang = ui.lang()
st.title(t("data.title"))
st.caption(t("data.intro"))

who = auth.admin_gate()
if who is None:
    st.stop()

state = st.session_state
for kind, text in state.pop("_data_flash", []):
    getattr(st, kind)(text)


def user_datasets() -> list[str]:
    frame = ui.datasets()
    return frame.loc[frame["kind"] == "user", "name"].tolist()


def problems_frame(problems: list[importer.Problem]) -> pd.DataFrame:
    """Every problem with its row and column, the message in the UI language."""
    return pd.DataFrame({
        t("data.col_row"): [p.row for p in problems],
        t("data.col_column"): [p.column or "" for p in problems],
        t("data.col_problem"): [t(p.key, **_params(p)) for p in problems],
    }).astype({t("data.col_row"): "Int64"})


def _params(p: importer.Problem) -> dict:
    """The problem's own text without the 'Row n, column c:' prefix (those have columns here)."""
    params = dict(p.params)
    if "more_rows" in params:
        n = params.pop("more_rows")
        params["more"] = t("import.and_more_rows", count=n) if n else ""
    return params


def do_import(content: bytes, file_name: str, dataset: str) -> None:
    """The button's callback: runs before the next script run, so the sidebar's dataset can be
    switched to the one just imported."""
    path = db.db_path()
    try:
        with st.spinner(t("data.importing")), db.writer(path) as con:
            report = importer.import_file(con, content=content, file_name=file_name, dataset=dataset,
                                          who=who)
            if not report.ok:
                raise db.Discard
    except db.DatabaseError as exc:
        state["_data_flash"] = [("error", t("data.import_failed") + " " + t(exc.key, **exc.params))]
        return
    if not report.ok:  # the data changed between the preview and the import
        state["_data_flash"] = [("error", t("data.report_problems", count=fmt_int(len(report.problems))))]
        return
    state["_data_flash"] = [("success", t("data.imported", import_id=report.import_id, dataset=ui.md_escape(dataset),
                                          added=fmt_int(report.added), replaced=fmt_int(report.replaced),
                                          unchanged=fmt_int(report.unchanged)))]
    state["_upload_gen"] = state.get("_upload_gen", 0) + 1  # a fresh, empty uploader
    state.pop("_preview", None)
    state["ds"] = dataset
    st.query_params["ds"] = dataset


def do_rollback(import_id: int) -> None:
    try:
        with db.writer(db.db_path()) as con:
            done = importer.rollback(con, import_id, who=who)
    except importer.RollbackRefused as exc:
        state["_data_flash"] = [("error", t(exc.key, **{k: ui.md_escape(v) for k, v in exc.params.items()}))]
        return
    except db.DatabaseError as exc:
        state["_data_flash"] = [("error", t(exc.key, **exc.params))]
        return
    state["_data_flash"] = [("success", t("rollback.done", import_id=done.import_id, dataset=ui.md_escape(done.dataset),
                                          removed=fmt_int(done.removed), restored=fmt_int(done.restored)))]
    if done.dataset not in user_datasets() and state.get("ds") == done.dataset:
        state.pop("ds", None)
        st.query_params.pop("ds", None)


tab_import, tab_log, tab_templates, tab_export = st.tabs(
    [t("data.tab_import"), t("data.tab_log"), t("data.tab_templates"), t("data.tab_export")])

# --- import ------------------------------------------------------------------------------------
with tab_import:
    limit = importer.max_upload_bytes()
    left, right = st.columns([2, 1])
    with left:
        upload = st.file_uploader(
            t("data.upload"), type=["csv", "xlsx"], key=f"upload_{state.get('_upload_gen', 0)}",
            help=t("data.upload_help"), max_upload_size=max(1, 2 * limit // MB))
        st.caption(t("data.upload_limit", limit=fmt_num(limit / MB, decimals=0)))
    existing = user_datasets()
    with right:
        dataset = st.text_input(t("data.dataset"), value=existing[0] if existing else "main", max_chars=40,
                                help=t("data.dataset_help", existing=", ".join(existing) or t("data.none_yet")))
        dataset = dataset.strip()

    if upload is None:
        st.info(t("data.no_file"), icon=":material/upload_file:")
    else:
        content = upload.getvalue()
        key = (importer.checksum(content), dataset, db.file_identity(), ui.data_version())
        cached = state.get("_preview")
        if cached and cached[0] == key:
            report = cached[1]
        else:
            with st.spinner(t("data.checking")):  # in a worker process, within memory and time limits
                report = worker.check("national", content, upload.name, dataset, path=db.db_path(), who=who,
                                      limits=reader.Limits.default().but(bytes=limit))
            state["_preview"] = (key, report)

        st.subheader(t("data.report_title", file=ui.md_escape(upload.name)), divider="gray")
        if report.problems:
            st.error(t("data.report_problems", count=fmt_int(len(report.problems))), icon=":material/error:")
            shown = report.problems[:PROBLEM_ROWS]
            st.dataframe(problems_frame(shown), hide_index=True, width="stretch")
            if len(report.problems) > len(shown):
                st.caption(t("data.report_truncated", shown=fmt_int(len(shown)), total=fmt_int(len(report.problems))))
        else:
            st.success(t("data.report_ok", rows=fmt_int(report.rows), dataset=ui.md_escape(dataset)),
                       icon=":material/check_circle:")
        if report.warnings:
            with st.expander(t("data.warnings", count=fmt_int(len(report.warnings)))):
                st.dataframe(problems_frame(report.warnings[:PROBLEM_ROWS]), hide_index=True, width="stretch")

        if report.ok and report.plan is not None:
            with st.container(horizontal=True):
                st.metric(t("data.added"), fmt_int(report.added), border=True)
                st.metric(t("data.replaced"), fmt_int(report.replaced), border=True)
                st.metric(t("data.unchanged"), fmt_int(report.unchanged), border=True)
            st.markdown("**" + t("data.preview") + "**")
            plan = report.plan.copy()
            if "award" in plan.columns:  # a file of recognitions (ranks and awards)
                columns = ["_row", "entity_code", "survey_year", "award", "value_code", "scope", "rank", "top_n",
                           "of_total", "confidence"]
            else:
                # An old score hidden by suppression comes empty from the query layer (import_plan):
                # marked here as hidden rather than left blank.
                plan["old_score"] = plan["old_score"].astype(object).where(~plan["old_hidden"].astype(bool), "–")
                columns = ["_row", "entity_code", "year", "measure", "value_code", "score", "respondents",
                           "method", "old_score", "old_respondents"]
            labels = {"_row": t("data.col_row"), "old_score": t("data.old_score"),
                      "old_respondents": t("data.old_respondents")}
            for status, tab in zip(("added", "replaced", "unchanged"),
                                   st.tabs([t("data.added"), t("data.replaced"), t("data.unchanged")])):
                with tab:
                    rows = plan[plan["status"] == status]
                    if rows.empty:
                        st.caption(t("data.preview_empty"))
                        continue
                    cols = columns if status == "replaced" or "award" in plan.columns else columns[:-2]
                    st.dataframe(rows[cols].head(PREVIEW_ROWS).rename(columns=labels), hide_index=True,
                                 width="stretch")
                    if len(rows) > PREVIEW_ROWS:
                        st.caption(t("data.preview_rows", shown=fmt_int(PREVIEW_ROWS), total=fmt_int(len(rows))))
            if not report.added + report.replaced:
                st.info(t("data.nothing_to_change"))
            st.button(t("data.confirm", dataset=ui.md_escape(dataset)), type="primary", icon=":material/database_upload:",
                      on_click=do_import, args=(content, upload.name, dataset), key="confirm_import")

# --- the import log ----------------------------------------------------------------------------
with tab_log:
    log = ui.q("import_log_list")
    if log.empty:
        st.info(t("data.log_empty"))
    else:
        def status(r) -> str:
            if r.kind == "rollback":
                return t("data.status_rolls_back", id=int(r.rolls_back))
            if pd.notna(r.rolled_back_by):
                return t("data.status_rolled_back", by=int(r.rolled_back_by))
            return t("data.status_active")

        table = pd.DataFrame({
            t("data.col_id"): log["import_id"],
            t("data.col_kind"): log["kind"].map(lambda k: t(f"data.kind_{k}")),
            t("data.col_dataset"): log["dataset"],
            t("data.col_who"): log["who"],
            t("data.col_when"): log["imported_at"],
            t("data.col_file"): log["file_name"],
            t("data.col_checksum"): log["checksum"],
            t("data.col_size"): log["file_size"].astype("Int64"),
            t("data.added"): log["rows_added"],
            t("data.replaced"): log["rows_replaced"],
            t("data.unchanged"): log["rows_unchanged"],
            t("data.col_removed"): log["rows_removed"],
            t("data.col_status"): [status(r) for r in log.itertuples()],
        })
        st.dataframe(table, hide_index=True, width="stretch")

        labels = {int(r.import_id): t("data.entry_label", id=int(r.import_id), kind=t(f"data.kind_{r.kind}"),
                                      dataset=r.dataset, file=r.file_name or "–")
                  for r in log.itertuples()}
        chosen = st.selectbox(t("data.pick_entry"), list(labels), format_func=labels.get, key="log_entry")
        entry = log.set_index("import_id").loc[chosen]
        if bool(entry["has_file"]):
            def original(import_id=int(chosen)) -> bytes:
                frame = db.query(ui.con(), "import_file_content", import_id=import_id)
                return bytes(frame.iloc[0]["content"])

            st.download_button(t("data.download_original"), data=original, file_name=entry["file_name"] or "import",
                               icon=":material/download:", on_click="ignore", key=f"original_{chosen}")
        else:
            st.caption(t("data.no_original"))

        can_roll_back = (entry["kind"] == "import" and pd.isna(entry["rolled_back_by"])
                         and entry["dataset_kind"] == "user")
        if can_roll_back:
            st.subheader(t("data.rollback_title"), divider="gray")
            info = db.query(ui.con(), "import_entry", import_id=int(chosen)).iloc[0]
            st.caption(t("data.rollback_explain", id=int(chosen), removed=fmt_int(int(info["rows_in_place"])),
                         restored=fmt_int(int(info["rows_to_restore"]))))
            sure = st.checkbox(t("data.rollback_confirm", id=int(chosen)), key=f"rollback_sure_{chosen}")
            st.button(t("data.rollback_button", id=int(chosen)), disabled=not sure, on_click=do_rollback,
                      args=(int(chosen),), icon=":material/undo:", key=f"rollback_{chosen}")

# --- templates ---------------------------------------------------------------------------------
with tab_templates:
    st.markdown(t("data.templates_intro"))
    values = ui.q("value_list")
    guide = pd.DataFrame({
        t("data.guide_column"): list(export.TEMPLATE_LONG_COLUMNS) + [", ".join(values["name_id"]) + ", indeks"],
        t("data.guide_meaning"): [t(f"data.guide.{c}") for c in export.TEMPLATE_LONG_COLUMNS] + [t("data.guide.values")],
    })
    for kind in ("long", "wide"):
        st.markdown("**" + t(f"data.template_{kind}") + "**")
        with st.container(horizontal=True):
            for fmt in ("csv", "xlsx"):
                st.download_button(f"templat-{kind}.{fmt}",
                                   data=partial(export.template_bytes, kind, fmt, values,  # made on click
                                                guide if fmt == "xlsx" else None, lang=ui.lang()),
                                   file_name=f"templat-berakhlak-{kind}.{fmt}", icon=":material/download:",
                                   on_click="ignore", key=f"template_{kind}_{fmt}")
    st.dataframe(guide, hide_index=True, width="stretch")
    # Published ranks and awards are imported the same way (a file with an `award` column).
    st.markdown("**" + t("rec.template_name") + "**")
    st.caption(t("data.template_recognitions_help"))
    with st.container(horizontal=True):
        for fmt in ("csv", "xlsx"):
            st.download_button(f"templat-penghargaan.{fmt}",
                               data=partial(lambda f, lang=ui.lang(): output.write(recognitions.template_frame(), f, lang=lang), fmt),
                               file_name=f"templat-berakhlak-penghargaan.{fmt}", icon=":material/download:",
                               on_click="ignore", key=f"template_recognitions_{fmt}")

# --- export ------------------------------------------------------------------------------------
with tab_export:
    st.markdown(t("data.export_intro"))
    frame = ui.datasets()
    kinds = dict(zip(frame["name"], frame["kind"]))
    left, right = st.columns([2, 1])
    chosen_ds = left.selectbox(t("data.export_dataset"), frame["name"].tolist(), key="export_ds",
                               format_func=lambda n: ui.dataset_label(n, kinds[n]))
    fmt = right.segmented_control(t("data.export_format"), ["csv", "xlsx"], default="csv", key="export_fmt",
                                  required=True)
    shown = ui.q("export_withheld", dataset=chosen_ds)
    n_rows = int(frame.loc[frame["name"] == chosen_ds, "n_scores"].iloc[0]) - int(shown.iloc[0, 0])
    st.caption(t("data.export_counts", rows=fmt_int(n_rows), withheld=fmt_int(int(shown.iloc[0, 0]))))

    def exported(dataset=chosen_ds, fmt=fmt, con=ui.con(), lang=ui.lang()) -> bytes:
        # Made when clicked, on another thread: the connection and the language are passed.
        return export.dataset_bytes(con, dataset, fmt, lang)

    stamp = dt.date.today().isoformat()
    st.download_button(t("data.export_button", dataset=ui.md_escape(chosen_ds), fmt=fmt), data=exported,
                       file_name=f"berakhlak-{chosen_ds}-{stamp}.{fmt}", icon=":material/download:",
                       on_click="ignore", type="primary", key="export_download")
    n_rec = len(ui.q("recognitions_list", dataset=chosen_ds, value="", levels=[]))
    if n_rec:
        def exported_recognitions(dataset=chosen_ds, fmt=fmt, con=ui.con(), lang=ui.lang()) -> bytes:
            rec = db.query(con, "recognitions_list", dataset=dataset, value="", levels=[])
            about = output.about(con, dataset, lang, title=t("rec.title", lang))
            return output.write(facts.export_frame(rec), fmt, about)

        st.download_button(t("data.export_recognitions", n=fmt_int(n_rec), dataset=ui.md_escape(chosen_ds), fmt=fmt),
                           data=exported_recognitions, file_name=f"berakhlak-{chosen_ds}-penghargaan-{stamp}.{fmt}",
                           icon=":material/download:", on_click="ignore", key="export_recognitions")
