"""Streamlit glue of the internal evaluation and the Rencana Aksi: the weights
control, the edit gate, imports from the browser, templates, and the per-unit block that the
Unit page shows (`render_unit_evaluation`).

Edit gate: every write from the UI goes through `can_edit()`.
Edits need an admin, the same as on the Kelola Data page (berakhlak.ui.auth).
"""
from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from functools import partial

import duckdb
import pandas as pd
import streamlit as st

from berakhlak.present import hidden
from berakhlak.ui import auth
from berakhlak.evaluation import action_plan
from berakhlak.data import db
from berakhlak.evaluation import templates as eval_templates
from berakhlak.evaluation import internal as evaluation
from berakhlak.ui import common as ui
from berakhlak.domain import ranks
from berakhlak.evaluation.internal import (
    DEFAULT_PARTIAL_CREDIT,
    DEFAULT_SURVEY_WEIGHT,
    EQUAL_SURVEY_WEIGHT,
    MANDIRI_SOURCE_URL,
    Weights,
)
from berakhlak.i18n import fmt_int, fmt_num, t
from berakhlak.ingest import reader, worker
from berakhlak.ingest.importer import DATASET_NAME, RESERVED_DATASETS, ImportReport
from berakhlak.ingest.problems import Problem
from berakhlak.domain.rules import VALUE_CODES

SURVEY_WEIGHTS = tuple(range(0, 101, 10))
PARTIAL_CREDITS = (0.0, 0.25, 0.5, 0.75, 1.0)
MAX_LISTED = 300  # problems shown on the page; all of them are in the download


# --- the edit gate: the same admins as the Kelola Data page (berakhlak.ui.auth) ------------------

def _admin_who() -> str | None:
    """Who the signed-in admin is (OIDC e-mail or the local admin's name), else None."""
    return auth.current_admin()


def can_edit() -> bool:
    """Whether this session may write: an admin, signed in as on the Kelola Data page."""
    return _admin_who() is not None


def editor_name() -> str:
    """Who is editing, for the log."""
    return _admin_who() or "admin"


def admin_box(key: str) -> None:
    """Who is signed in, or the admin sign-in (the one of berakhlak.ui.auth, shared with Kelola Data)."""
    who = _admin_who()
    if who:
        st.success(t("eval.admin.signed_in", name=ui.md_escape(who)), icon=":material/lock_open:")
        return
    st.caption(t("eval.admin.why"))
    auth.admin_gate()


# --- data access ------------------------------------------------------------------------------

@contextmanager
def writable() -> Iterator[duckdb.DuckDBPyConnection]:
    """A writable connection for one write from the UI: the one writer of db.writer (all or
    nothing; readers keep the old file until the new one is swapped in, and the app's read-only
    connection reopens on the next query)."""
    with db.writer(db.db_path()) as con:
        yield con


def today() -> date:
    return date.today()


# --- weights ----------------------------------------------------------------------------------

def weights_from_url() -> Weights:
    """The weights in the URL (?bobot_survei=60&kredit_sebagian=0.5), else the defaults."""
    return Weights(survey=ui.from_url("bobot_survei", SURVEY_WEIGHTS, DEFAULT_SURVEY_WEIGHT),
                   partial_credit=ui.from_url("kredit_sebagian", PARTIAL_CREDITS, DEFAULT_PARTIAL_CREDIT))


def weights_text(w: Weights) -> str:
    return t("eval.weights.formula", survey=fmt_int(w.survey), institution=fmt_int(w.institution),
             partial=fmt_num(w.partial_credit, decimals=2))


def _set_survey_weight(weight: int) -> None:
    """A named weighting chosen: set the slider (before it is drawn) and the link."""
    st.session_state["bobot_survei"] = weight
    st.query_params["bobot_survei"] = str(weight)
    st.session_state[ui._WRITTEN + "bobot_survei"] = str(weight)


def weights_control() -> Weights:
    """The controls of the combined score's weights (bound to the URL), defaults shown."""
    st.caption(t("mandiri.weights_source", url=MANDIRI_SOURCE_URL))
    with st.expander(t("eval.weights.title"), icon=":material/tune:"):
        st.markdown(t("eval.weights.explain", survey=fmt_int(DEFAULT_SURVEY_WEIGHT),
                      partial=fmt_num(DEFAULT_PARTIAL_CREDIT, decimals=2)))
        # The named weightings: the 2025 self-run index (80/20) and equal weights (50/50).
        with st.container(horizontal=True):
            for name, weight in (("mandiri", DEFAULT_SURVEY_WEIGHT), ("equal", EQUAL_SURVEY_WEIGHT)):
                st.button(t(f"mandiri.preset.{name}"), key=f"bobot_preset_{name}", on_click=_set_survey_weight,
                          args=(weight,), type="secondary")
        cols = st.columns(2)
        survey = ui.bound(cols[0].select_slider, t("eval.weights.survey"), SURVEY_WEIGHTS, key="bobot_survei",
                          default=DEFAULT_SURVEY_WEIGHT, format_func=lambda v: f"{v}% / {100 - v}%")
        partial = ui.bound(cols[1].select_slider, t("eval.weights.partial"), PARTIAL_CREDITS, key="kredit_sebagian",
                           default=DEFAULT_PARTIAL_CREDIT, format_func=lambda v: fmt_num(v, decimals=2))
    w = Weights(survey=survey, partial_credit=partial)
    if w != Weights():
        st.caption(t("eval.weights.changed", formula=weights_text(w)))
    return w


# --- pickers ----------------------------------------------------------------------------------

def url_bound(widget, label: str, options, *, key: str, url_key: str, default, format_func=str,
              carry: tuple[str, ...] = (), **kwargs):
    """ui.bound for selections shared by the two evaluation pages, which list other options than
    the Overview under the same ?entity= and ?year=: each page has its own widget key (`key`), and
    the selection is carried between them in `eval_sel_<url_key>`, else from what another page
    selected (`carry`)."""
    shared = f"eval_sel_{url_key}"
    value = ui.bound(widget, label, options, key=key, url_key=url_key, default=default, format_func=format_func,
                     carry=(shared, *carry), persist=False, **kwargs)
    if value is not None:
        st.session_state[shared] = value
    return value


def instansi_picker(dataset: str, page: str, container=None) -> str | None:
    frame = ui.q("eval_instansi_list", dataset=dataset)
    if frame.empty:
        return None
    codes = frame["code"].tolist()
    labels = {r.code: ui.entity_label(r) for r in frame.itertuples()}
    default = "62" if "62" in codes else codes[0]
    return url_bound((container or st).selectbox, t("picker.entity"), codes, key=f"{page}_entity", url_key="entity",
                     default=default, format_func=lambda c: labels.get(c, c), carry=("entity",))


def year_picker(dataset: str, instansi: str, page: str, container=None) -> int | None:
    years = sorted(int(y) for y in ui.q("eval_years", dataset=dataset, instansi=instansi)["year"])
    if not years:
        return None
    return url_bound((container or st).selectbox, t("picker.year"), years, key=f"{page}_year", url_key="year",
                     default=years[-1], carry=("year",))


# --- the per-unit block (also for the Unit page) ----------------------------------------------

STATUS_KEYS = {"ok": None, "incomplete": "eval.status.incomplete", "no_data": "eval.status.no_data"}


def status_text(status: str) -> str:
    """A unit's survey status in words; a hidden one in the one wording of berakhlak.present.hidden
    (too few respondents, or a complement protecting a small unit)."""
    if status in ("suppressed", "complementary"):
        return hidden.short("complementary" if status == "complementary" else "respondents",
                            minimum=ui.min_respondents())
    return t(STATUS_KEYS[status]) if STATUS_KEYS.get(status) else ""


def scores_frame(instansi: str, year: int, dataset: str | None = None, weights: Weights | None = None) -> pd.DataFrame:
    """The rows of queries/eval_scores.sql for an instansi-year (instansi first, then units)."""
    dataset = dataset or ui.current_dataset()
    w = weights or weights_from_url()
    return ui.q("eval_scores", dataset=dataset, instansi=instansi, year=int(year),
              min_respondents=int(ui.min_respondents()), w_survey=float(w.survey),
              partial_credit=float(w.partial_credit), today=today())


_VALUE_NAMES: dict[tuple, dict[str, str]] = {}


def _names(lang: str) -> dict[str, str]:
    """Value code -> name in `lang`, made once per version of the data (Rencana Aksi asks once per
    card: a cached query, copied, and a dict each time were a sixth of its rerun). Shared: read only."""
    key = (*ui.version_key(), lang)
    names = _VALUE_NAMES.get(key)
    if names is None:
        values = ui.q("value_list")
        if len(_VALUE_NAMES) > 16:
            _VALUE_NAMES.clear()
        names = _VALUE_NAMES[key] = dict(zip(values["code"], values["name_en" if lang == "en" else "name_id"]))
    return names


def _value_names(lang: str) -> dict[str, str]:
    return dict(_names(lang))  # the caller may change its copy


def unit_evaluation_frame(instansi: str, year: int, dataset: str | None = None,
                          weights: Weights | None = None) -> pd.DataFrame:
    """The per-unit evaluation as shown (strings in the UI language): the instansi row first."""
    lang = ui.lang()
    frame = scores_frame(instansi, year, dataset, weights)
    names = _value_names(lang)
    rows = []
    for _, r in frame.iterrows():
        survey = fmt_num(r["survey_idx"]) if r["survey_status"] == "ok" else status_text(r["survey_status"])
        weakest = (f"{names[r['weakest_value']]} ({fmt_num(r[r['weakest_value']])})"
                   if isinstance(r["weakest_value"], str) else "–")
        label = (t("eval.row.instansi", name=r["entity_name"]) if r["row_kind"] == "instansi" else r["entity_name"])
        rows.append({
            t("eval.col.unit"): label,
            t("eval.col.respondents"): ui.respondents_text(r["respondents"]),
            t("eval.col.survey"): survey,
            t("eval.col.institution"): fmt_num(r["inst_score"]) if pd.notna(r["inst_score"]) else "–",
            t("eval.col.combined"): fmt_num(r["combined"]) if pd.notna(r["combined"]) else "–",
            t("eval.col.weakest"): weakest,
            t("action.status.merah"): int(r["n_merah"]),
            t("action.status.kuning"): int(r["n_kuning"]),
            t("eval.col.overdue"): int(r["n_overdue"]),
            t("action.status.hijau"): int(r["n_hijau"]),
        })
    return pd.DataFrame(rows)


def has_evaluation(frame: pd.DataFrame) -> bool:
    return bool((frame["survey_status"] != "no_data").any() or frame["inst_items"].sum()
                or frame[["n_merah", "n_kuning", "n_hijau"]].to_numpy().sum())


def render_unit_evaluation(instansi: str, year: int, dataset: str | None = None) -> None:
    """The internal evaluation of every unit of an instansi-year (survey, institution, combined)
    and the action-plan status, as a block for the Unit page and the Evaluasi page."""
    dataset = dataset or ui.current_dataset()
    frame = scores_frame(instansi, year, dataset)
    st.subheader(t("eval.block.title", year=year), divider="gray")
    if not has_evaluation(frame):
        st.caption(t("eval.block.empty", year=year))
        return
    w = weights_from_url()
    st.caption(t("eval.block.method") + " " + weights_text(w) + " " + t("eval.block.instansi_row"))
    shown = unit_evaluation_frame(instansi, year, dataset, w)
    # Widths that fit the table on a 1366-wide laptop as far as the overdue count; the green
    # count, least urgent, comes last.
    widths = {"eval.col.unit": 175, "eval.col.respondents": 82, "eval.col.survey": 142, "eval.col.institution": 95,
              "eval.col.combined": 80, "eval.col.weakest": 128}
    counts = {t(k): st.column_config.TextColumn(width=w) for k, w in widths.items()}
    for k, w in (("action.status.merah", 56), ("action.status.kuning", 58), ("eval.col.overdue", 76),
                 ("action.status.hijau", 52)):
        counts[t(k)] = st.column_config.NumberColumn(format="%d", width=w, help=t("eval.col.actions_help"))
    st.dataframe(shown, hide_index=True, width="stretch", column_config=counts)
    hidden = frame[frame["survey_status"].isin(["suppressed", "complementary"])]
    if len(hidden):
        st.caption(t("eval.block.suppression_note", min=ui.min_respondents()))
    st.page_link("pages/action_plan.py", label=t("eval.block.to_actions"), icon=":material/traffic:",
                 query_params={"entity": instansi, "year": str(year)})


def sources_block(instansi: str, year: int, dataset: str) -> None:
    """The sources of what the page shows: the imported files (who, when) and the action-plan log;
    the synthetic demo marked as such."""
    st.subheader(t("sources.title"), divider="gray")
    imports = ui.q("eval_sources", dataset=dataset, instansi=instansi, year=int(year))
    log = ui.q("action_changes", dataset=dataset, instansi=instansi, year=int(year))
    lines = []
    for r in imports.itertuples():
        kind = t("source_kind.synthetic" if r.dataset_kind == "synthetic" else "source_kind.internal")
        lines.append(ui.md_t("eval.source.import", part=t(f"eval.source.part.{r.part}"), file=r.file_name,
                       who=r.who or "–", when=pd.Timestamp(r.imported_at).strftime("%d-%m-%Y %H:%M"), kind=kind))
    if len(log):
        last = log.iloc[0]
        lines.append(ui.md_t("eval.source.actions", count=fmt_int(len(log)), who=last["who"],
                       when=pd.Timestamp(last["changed_at"]).strftime("%d-%m-%Y %H:%M")))
    if lines:
        st.markdown("\n".join(f"- {line}" for line in lines))
    else:
        st.caption(t("sources.none"))


# --- imports from the browser ---------------------------------------------------------------

IMPORTERS = {
    "survey": evaluation.import_survey,
    "checklist": evaluation.import_checklist,
    "actions": action_plan.import_actions,
}


def target_dataset(key: str) -> str:
    """The dataset an import writes to: the current one when it is the user's own, else 'main'."""
    current = ui.current_dataset()
    default = current if current not in RESERVED_DATASETS else "main"
    name = st.text_input(t("eval.import.dataset"), value=default, key=key, max_chars=40,
                         help=t("eval.import.dataset_help")).strip()
    return name


def _check_wait() -> int:
    """Seconds before this session may have another file checked (0 = now; admins never wait)."""
    if can_edit():
        return 0
    wait, st.session_state["_eval_check_times"] = worker.rate_wait(
        st.session_state.get("_eval_check_times", []), time.monotonic())
    return wait


def _checked(kind: str, content: bytes, file_name: str, dataset: str) -> ImportReport:
    """The dry run of a file, once per file, dataset and data version (a big file is checked
    once, not at every rerun), in a worker process with memory and time limits
    (berakhlak.ingest.worker); rate-limited per session for visitors not signed in."""
    path = db.db_path()
    key = (kind, evaluation.importer.checksum(content), dataset, ui.version_key())
    cache = st.session_state.setdefault("eval_checks", {})
    if key not in cache:
        wait = _check_wait()
        if wait:
            return ImportReport(dataset=dataset, file_name=file_name, checksum="", dry_run=True, problems=[
                Problem("read.rate_limited", params={"count": worker.CHECKS_PER_WINDOW, "seconds": wait,
                                                     "minutes": worker.CHECK_WINDOW_SECONDS // 60})])
        cache.clear()
        cache[key] = worker.check(kind, content, file_name, dataset, path=path)
    return cache[key]


def show_problems(report: ImportReport) -> None:
    st.error(t("import.rejected", count=fmt_int(len(report.problems))), icon=":material/error:")
    lines = [f"- {ui.md_escape(p.message())}" for p in report.problems[:MAX_LISTED]]
    if len(report.problems) > MAX_LISTED:
        lines.append(f"- {t('eval.import.more_listed', count=fmt_int(len(report.problems) - MAX_LISTED))}")
    st.markdown("\n".join(lines))
    text = "\n".join(p.message() for p in report.problems)
    st.download_button(t("eval.import.download_problems"), text.encode("utf-8"),
                       file_name=f"masalah-{report.file_name}.txt", mime="text/plain",
                       key=f"dl_problems_{report.checksum[:12]}", on_click="ignore")


def show_warnings(report: ImportReport) -> None:
    if report.warnings:
        st.warning("\n".join(f"- {ui.md_escape(w.message())}" for w in report.warnings[:MAX_LISTED]), icon=":material/warning:")


def plan_table(kind: str, report: ImportReport) -> pd.DataFrame:
    plan = report.plan if report.plan is not None else pd.DataFrame()
    status = {s: t(f"eval.plan.{s}") for s in ("added", "replaced", "unchanged")}
    if kind == "survey":
        return pd.DataFrame({
            t("eval.col.unit"): plan["unit_name"].fillna(plan["unit_code"]) + " (" + plan["unit_code"] + ")",
            t("picker.year"): plan["year"].astype(str),
            t("eval.col.respondents"): plan["respondents"].map(lambda n: fmt_int(int(n))),
            t("eval.col.status"): plan["status"].map(status),
        })
    if kind == "checklist":
        return pd.DataFrame({
            t("eval.col.unit"): plan["entity_name"].fillna(plan["entity_code"]) + " (" + plan["entity_code"] + ")",
            t("picker.year"): plan["year"].astype(str),
            t("eval.col.criteria"): plan["items"].astype(int),
            t("eval.col.status"): plan["status"].map(status),
        })
    return pd.DataFrame({
        t("eval.col.unit"): plan["entity_name"],
        t("picker.year"): plan["year"].astype(str),
        t("action.col.action"): plan["action"],
        t("action.col.status"): plan["status_item"].map(lambda s: t(f"action.status.{s}")),
        t("eval.col.status"): plan["status"].map(status),
    })


def import_section(kind: str, dataset: str) -> None:
    """Upload, check (always allowed), then save (admins only) one kind of file."""
    st.markdown(f"**{t(f'eval.import.{kind}.title')}**")
    st.caption(t(f"eval.import.{kind}.help"))
    # A new key after each save empties the uploader (the file is in, a fresh one may follow).
    limit = reader.max_upload_bytes()
    up = st.file_uploader(t("eval.import.file"), type=["csv", "xlsx"], key=f"up_{kind}_{import_round()}",
                          max_upload_size=max(1, limit // 2**20))
    if up is None:
        return
    if not DATASET_NAME.match(dataset) or dataset in RESERVED_DATASETS:
        st.error(t("import.bad_dataset", name=dataset))
        return
    content = up.getvalue()
    with st.spinner(t("eval.import.checking")):
        report = _checked(kind, content, up.name, dataset)
    show_warnings(report)
    if not report.ok:
        show_problems(report)
        return
    st.success(t("eval.import.valid", added=fmt_int(report.added), replaced=fmt_int(report.replaced),
                 unchanged=fmt_int(report.unchanged), dataset=dataset), icon=":material/check_circle:")
    if report.plan is not None and len(report.plan):
        st.dataframe(plan_table(kind, report), hide_index=True, width="stretch", height=min(400, 40 + 35 * len(report.plan)))
    allowed = can_edit()
    if st.button(t("eval.import.save", dataset=dataset), key=f"save_{kind}", type="primary", disabled=not allowed,
                 help=None if allowed else t("eval.import.need_admin")):
        with writable() as wcon:
            done = IMPORTERS[kind](wcon, content, up.name, dataset=dataset, who=editor_name())
        if not done.ok:  # the data changed between the check and the save
            show_problems(done)
            return
        st.session_state["eval_flash"] = t("eval.import.saved", added=fmt_int(done.added),
                                           replaced=fmt_int(done.replaced), unchanged=fmt_int(done.unchanged),
                                           dataset=dataset)
        show_in(dataset, _instansi_of(done, kind), _year_of(done))
    if not allowed:
        st.caption(t("eval.import.need_admin"))


def _instansi_of(report: ImportReport, kind: str) -> str | None:
    plan = report.plan
    if plan is None or plan.empty:
        return None
    code = plan["unit_code" if kind == "survey" else "entity_code"].iloc[0]
    entities = ui.entity_directory()
    if code in entities.index and entities.loc[code, "level"] == "unit":
        return entities.loc[code, "parent_code"]
    return code


def _year_of(report: ImportReport) -> int | None:
    plan = report.plan
    return None if plan is None or plan.empty else int(plan["year"].max())


def import_round() -> int:
    """Counts the saves of this session: widgets keyed on it start afresh after a save."""
    return int(st.session_state.get("eval_import_round", 0))


def show_in(dataset: str, instansi: str | None, year: int | None) -> None:
    """After a save: select the dataset, instansi and year written to (in the URL and the
    pickers) and rerun, so the results show at once."""
    st.session_state["eval_import_round"] = import_round() + 1
    st.query_params["ds"] = dataset
    if instansi:
        st.query_params["entity"] = instansi
    if year:
        st.query_params["year"] = str(year)
    for key in ("ds", "eval_entity", "eval_year", "ra_entity", "ra_year", "eval_sel_entity", "eval_sel_year"):
        st.session_state.pop(key, None)
    st.rerun()


def flash() -> None:
    message = st.session_state.pop("eval_flash", None)
    if message:
        st.success(message, icon=":material/check_circle:")


# --- templates ------------------------------------------------------------------------------

_NO_UNITS = pd.DataFrame({"code": pd.Series(dtype=object), "name": pd.Series(dtype=object)})


@st.cache_resource(show_spinner=False, max_entries=8)
def _template_choices(version: tuple, lang: str) -> tuple[list[str], dict[str, str], dict[str, pd.DataFrame]]:
    """Every instansi (codes and labels) and each one's units (code, name; shortest code first),
    made once per data version and language: the lists of 630 instansi and 20,000 units were
    filtered and labelled again on every rerun of both evaluation pages. Shared: read only."""
    every = ui.entity_directory().reset_index()
    instansi = every[~every["level"].isin(["unit", "nasional"])]
    labels = {r.code: ui.entity_label(r, lang) for r in instansi.itertuples()}
    units = every[every["level"] == "unit"]
    units = units.assign(_len=units["code"].str.len()).sort_values(["_len", "code"])
    units_of = {p: g[["code", "name"]] for p, g in units.groupby("parent_code", sort=False)}
    return instansi["code"].tolist(), labels, units_of


def templates_section(key: str, kinds=("survey", "checklist", "actions")) -> None:
    """Downloads of the templates (and synthetic sample files) for any instansi."""
    lang = ui.lang()
    codes, labels, units_of = _template_choices(ui.version_key(), lang)
    current = st.session_state.get("entity")
    cols = st.columns([3, 1])
    code = cols[0].selectbox(t("eval.templates.for"), codes,
                             index=codes.index(current) if current in codes else codes.index("62"),
                             format_func=lambda c: labels.get(c, c), key=f"{key}_inst")
    year = cols[1].number_input(t("picker.year"), min_value=2024, max_value=2100, value=date.today().year,
                                step=1, key=f"{key}_year")
    units = units_of.get(code, _NO_UNITS)
    if units.empty:
        st.caption(t("eval.templates.no_units"))
    else:
        st.caption(t("eval.templates.units", count=len(units), names=", ".join(units["name"].head(9))))
    for kind in kinds:
        st.markdown(f"**{t(f'eval.templates.{kind}')}**")
        st.caption(t(f"eval.templates.{kind}.help"))
        c1, c2, c3 = st.columns(3)
        # The files are made when clicked (on a thread of their own: arguments bound here), not
        # on every rerun: the workbooks cost most of this page's rerun. A click does not rerun the
        # page (on_click="ignore"): a rerun would replace the other buttons' files under the user.
        xlsx = partial(eval_templates.template_xlsx, kind, code, labels[code], units, int(year), lang)
        c1.download_button(t("eval.templates.xlsx"), xlsx, file_name=f"templat-{kind}-{code}-{year}.xlsx",
                           mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                           key=f"{key}_{kind}_xlsx", icon=":material/download:", on_click="ignore")
        c2.download_button(t("eval.templates.csv"), partial(eval_templates.template_csv, kind, code, units, int(year), lang=lang),
                           file_name=f"templat-{kind}-{code}-{year}.csv", mime="text/csv",
                           key=f"{key}_{kind}_csv", icon=":material/download:", on_click="ignore")
        if not units.empty:
            c3.download_button(t("eval.templates.sample"), partial(eval_templates.sample_csv, kind, code, units, int(year), lang),
                               file_name=f"contoh-sintetis-{kind}-{code}-{year}.csv", mime="text/csv",
                               key=f"{key}_{kind}_sample", icon=":material/science:",
                               help=t("eval.templates.sample_help"), on_click="ignore")


def checklist_display(detail: pd.DataFrame) -> pd.DataFrame:
    """The checklist rows as shown: unit, criterion, weight, status, evidence, reviewer note."""
    return pd.DataFrame({
        t("eval.col.unit"): detail["entity_name"],
        t("eval.col.no"): detail["item_no"].astype(int),
        t("eval.col.criterion"): detail["criterion"],
        t("eval.col.weight"): detail["weight"].map(lambda w: fmt_num(w, decimals=0 if float(w).is_integer() else 1)),
        t("eval.col.check_status"): detail["status"].map(lambda s: t(f"eval.check.{s}")),
        t("eval.col.evidence"): detail["evidence"].fillna("–"),
        t("eval.col.note"): detail["reviewer_note"].fillna(""),
    })


# --- small helpers for the pages ------------------------------------------------------------

def value_label(code, lang: str) -> str:
    if not isinstance(code, str):
        return t("action.value_general")
    return _names(lang).get(code, code)


def value_options() -> list[str | None]:
    return [None, *VALUE_CODES]


# --- publishing the 2025 self-run index (MANDIRI-2025) ------------------------------------------

def publish_block(instansi: str, year: int, dataset: str, weights: Weights) -> None:
    """A bureau head turns the evaluated year's unit results into index figures of method
    MANDIRI-2025 in this dataset: a preview, then (admin only) the write through the one writer,
    reversible from the import log."""
    from berakhlak.evaluation import mandiri
    from berakhlak.present.charts import band_code

    if ui.dataset_kind(dataset) != "user":  # the demo's evaluation is synthetic; published holds none
        return
    with st.expander(t("mandiri.publish_title", year=year), icon=":material/publish:"):
        st.markdown(t("mandiri.publish_intro", survey=fmt_int(weights.survey), institution=fmt_int(weights.institution),
                      dataset=ui.md_escape(dataset)))
        if not mandiri.can_publish(weights):
            st.info(t("mandiri.publish_weights_only", survey=fmt_int(weights.survey),
                      institution=fmt_int(weights.institution)), icon=":material/info:")
            return
        frame = mandiri.publish_frame(ui.con(), dataset, instansi, year, ui.min_respondents(), weights, ui.lang())
        if frame.empty:
            st.caption(t("mandiri.publish_none", year=year))
            return
        scores = pd.to_numeric(frame["score"])
        unit_scores = scores.where(frame["entity_level"] == "unit").round(1)
        preview = pd.DataFrame({
            t("pages.col.rank"): unit_scores.rank(method="min", ascending=False).astype("Int64"),
            t("pages.col.unit"): frame["entity_name"],
            t("pages.index"): [fmt_num(v) for v in scores],
            t("pages.col.category"): [band_code(v) or "" for v in scores],
            t("eval.col.respondents"): frame["respondents"],
            t("pages.col.method"): frame["method"],
        }).sort_values(t("pages.col.rank"), na_position="first")
        # A rank among the units only where it means something (berakhlak.domain.ranks); the order stays.
        if not ranks.meaningful(unit_scores.notna().sum(), int((frame["entity_level"] == "unit").sum())):
            preview = preview.drop(columns=t("pages.col.rank"))
        st.markdown("**" + t("mandiri.preview") + "**")
        st.dataframe(preview, hide_index=True, width="stretch")
        allowed = can_edit()
        if st.button(t("mandiri.publish_button", n=len(frame), dataset=dataset), key="mandiri_publish",
                     type="primary", disabled=not allowed, icon=":material/publish:"):
            with writable() as wcon:
                done = mandiri.publish(wcon, frame, dataset=dataset, instansi=instansi, year=year, who=editor_name())
            if not done.ok:
                show_problems(done)
                return
            ui.clear_caches()
            st.session_state["eval_flash"] = t("mandiri.published", added=fmt_int(done.added),
                                               replaced=fmt_int(done.replaced), unchanged=fmt_int(done.unchanged),
                                               import_id=done.import_id)
            st.rerun()
        if not allowed:
            st.caption(t("mandiri.publish_admin"))
