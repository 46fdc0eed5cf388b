"""Which named queries the benchmark runs, with which parameters, and how pages are exercised.

Every file in queries/ is looked up here by its name (the file name without .sql):

* READ: interactive reads, what pages run. Each gets one or more *cases* (a label and its
  parameters), realistic at national scale. Target: p95 <= 30 ms each.
* BULK: reads over a whole dataset (an export). Timed, reported in rows/s; no interactive target.
* WRITE: writes that can run on their own. Timed inside a transaction that is rolled back, so
  the benchmark database is unchanged.
* ELSEWHERE: queries that cannot run on their own (they read frames another step registers);
  the reason says where their time is measured.

A query file found in none of these is reported as "no params registered" — never skipped
silently. When you add a query, add it here.

Parameter values are literals or `Ref("name")`, resolved against the benchmark database at run
time (see `benchmarks.run.Context`), so the same registry works for the full and the quick
dataset: dataset, year (the latest), province, kabupaten, kl, unit (a unit of the kabupaten),
and lists and ids derived from them (see `benchmarks.run.make_context`).
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Ref:
    """A parameter value taken from the benchmark context (e.g. Ref("unit"))."""

    name: str


D = Ref("dataset")
Y = Ref("year")
MIN = 5  # rules.DEFAULT_MIN_RESPONDENTS

TARGET_PAGE_P95_MS = 150.0
TARGET_QUERY_P95_MS = 30.0
TARGET_IMPORT_ROWS_PER_S = 200_000.0
TARGET_RSS_20_SESSIONS_MB = 1536.0
TARGET_FIRST_CHART_S = 2.5
TARGET_PANDAS_RATIO = 3.0

KABKOTA = ["kabupaten", "kota"]
EVAL = {"dataset": D, "instansi": Ref("eval_instansi"), "year": Ref("eval_year")}

READ: dict[str, dict[str, dict]] = {
    "data_version": {"typical": {}},
    "dataset_list": {"typical": {}},
    "entities_with_data": {"typical": {"dataset": D}},
    "entity_list_all": {"typical": {}},
    "method_list": {"typical": {}},
    "value_list": {"typical": {}},
    "province_list": {"typical": {}},
    "reference_pemda": {"typical": {}},
    "value_behaviours": {"typical": {"value": "AD"}},
    "entity_recognitions": {"province, all years": {"dataset": D, "entity": Ref("province"), "year": None}},
    "recognitions_list": {"one value, provinces": {"dataset": D, "value": "HA", "levels": ["provinsi"]},
                          "all": {"dataset": D, "value": "", "levels": []}},
    "entity_caveats": {"province and nation": {"dataset": D, "entities": [Ref("province"), "ID"], "year": Y,
                                               "min_respondents": MIN}},
    "national_coverage": {"typical": {"year": 2022}},
    "entity_years": {
        "province": {"dataset": D, "entity": Ref("province")},
        "unit": {"dataset": D, "entity": Ref("unit")},
    },
    "entity_year_index": {
        "province": {"dataset": D, "entity": Ref("province"), "year": Y},
        "unit": {"dataset": D, "entity": Ref("unit"), "year": Y},
    },
    "entity_value_scores": {
        "province": {"dataset": D, "entity": Ref("province"), "year": Y},
        "unit": {"dataset": D, "entity": Ref("unit"), "year": Y},
    },
    "entity_measures": {"province": {"dataset": D, "entity": Ref("province"), "year": Y}},
    "entity_index_history": {
        "province": {"dataset": D, "entity": Ref("province")},
        "unit": {"dataset": D, "entity": Ref("unit")},
    },
    "entity_rank": {
        "provinsi": {"dataset": D, "entity": Ref("province"), "year": Y, "level": "provinsi",
                     "min_respondents": MIN},
        "kabupaten": {"dataset": D, "entity": Ref("kabupaten"), "year": Y, "level": "kabupaten",
                      "min_respondents": MIN},
        "unit (all units nationally)": {"dataset": D, "entity": Ref("unit"), "year": Y, "level": "unit",
                                        "min_respondents": MIN},
    },
    "national_index_history": {"typical": {"dataset": D}},
    "national_value_scores": {"typical": {"dataset": D, "year": Y}},
    # The analysis pages (berakhlak/pages_ui.py) and the briefing deck (berakhlak/slides.py).
    "entity_series": {
        "trend: 3 instansi and the national row": {"dataset": D, "entities": Ref("trend_entities")},
        "unit and the national row": {"dataset": D, "entities": [Ref("unit"), "ID"]},
    },
    "level_years": {"kabupaten/kota": {"dataset": D, "levels": KABKOTA}},
    "level_scores": {
        "provinsi, index": {"dataset": D, "year": Y, "levels": ["provinsi"], "indicator": "IDX", "batch": "",
                            "province": "", "min_respondents": MIN},
        "kabupaten/kota, a value": {"dataset": D, "year": Y, "levels": KABKOTA, "indicator": "AD", "batch": "",
                                    "province": "", "min_respondents": MIN},
        "kabupaten/kota of one province": {"dataset": D, "year": Y, "levels": KABKOTA, "indicator": "IDX",
                                           "batch": "", "province": Ref("province"), "min_respondents": MIN},
        "national row": {"dataset": D, "year": Y, "levels": ["nasional"], "indicator": "IDX", "batch": "",
                         "province": "", "min_respondents": MIN},
    },
    "level_ranking": {
        "kabupaten (deck)": {"dataset": D, "year": Y, "level": "kabupaten", "min_respondents": MIN},
        "unit (all units nationally)": {"dataset": D, "year": Y, "level": "unit", "min_respondents": MIN},
    },
    "sources_shown": {
        "provinsi and national, one year": {"dataset": D, "entities": Ref("province_codes"),
                                            "years": Ref("province_years"), "all_measures": False},
        "kabupaten/kota and national, two years": {"dataset": D, "entities": Ref("kabkota_codes_2"),
                                                   "years": Ref("kabkota_years_2"), "all_measures": False},
        "trend, every year, every measure": {"dataset": D, "entities": Ref("trend_pairs_codes"),
                                             "years": Ref("trend_pairs_years"), "all_measures": True},
    },
    # What every downloaded file says about itself (berakhlak/present/output.py).
    "output_sources": {
        "provinsi and national, one year (a table download)": {"dataset": D, "entities": Ref("province_codes"),
                                                                "years": [Y]},
        "trend, every year (a chart's data)": {"dataset": D, "entities": Ref("trend_entities"), "years": []},
        "whole dataset (export)": {"dataset": D, "entities": [], "years": []},
    },
    "output_methods": {
        "kabupaten/kota and national, two years": {"dataset": D, "entities": Ref("kabkota_codes"),
                                                   "years": [Y, Ref("previous_year")]},
        "whole dataset (export)": {"dataset": D, "entities": [], "years": []},
    },
    "instansi_with_units": {"typical": {"dataset": D}},
    "unit_family": {
        "province and its units": {"dataset": D, "parent": Ref("province")},
        "kabupaten and its units": {"dataset": D, "parent": Ref("kabupaten")},
    },
    # Kelola Data.
    "import_log_list": {"typical": {}},
    "latest_import_id": {"typical": {}},
    "reference_loaded": {"typical": {}},
    "import_seen": {"a file not imported": {"dataset": D, "checksum": "0" * 64}},
    "import_entry": {"the scale import": {"import_id": Ref("import_id")}},
    "import_file_content": {"a stored original file": {"import_id": Ref("file_import_id")}},
    "export_withheld": {"whole dataset": {"dataset": D, "min_respondents": MIN}},
    # Evaluasi and Rencana Aksi (the synthetic evaluation of the provinces' units, loaded into the
    # scale dataset by berakhlak/scale.py).
    "eval_instansi_list": {"typical": {"dataset": D}},
    "eval_years": {"province": {"dataset": D, "instansi": Ref("eval_instansi")}},
    "eval_scores": {"province and its units": {**EVAL, "min_respondents": MIN, "w_survey": 60.0,
                                               "partial_credit": 0.5, "today": Ref("today")}},
    "eval_sources": {"province and its units": EVAL},
    "eval_checklist_items": {"province and its units": EVAL},
    "eval_demo_units": {"typical": {}},
    "action_items": {"province and its units": {**EVAL, "today": Ref("today")}},
    "action_changes": {"province and its units": EVAL},
    "action_items_of_dataset": {"whole dataset": {"dataset": D}},
    "action_item_get": {"one item": {"item_id": Ref("item_id")}},
}

BULK: dict[str, dict[str, dict]] = {
    "export_long": {"whole dataset": {"dataset": D}},
}

ITEM = {"value_code": "AD", "action": "Forum ide inovasi bulanan (benchmark)", "owner": "Kepala Bagian Program",
        "due_date": Ref("today"), "status": "kuning", "evidence": None, "reviewer_note": None}

WRITE: dict[str, dict[str, dict]] = {
    "refresh_entity_year": {"whole dataset": {"dataset": D}},
    "refresh_eval_unit_year": {"whole dataset (the internal evaluation)": {"dataset": D}},
    "rollback_write": {"a small import (the published figures)": {
        "dataset": "published", "import_id": Ref("published_import_id"), "who": "benchmark", "restored": 0,
        "removed": 0}},
    "import_store_file": {"a 1 MB original file": {"import_id": 999_999, "file_name": "benchmark.csv",
                                                   "checksum": "0" * 64, "size": 1_000_000,
                                                   "content": b"x" * 1_000_000}},
    "action_dataset_ensure": {"new user dataset": {"dataset": "benchmark"}},
    "action_import_log": {"typical": {"dataset": "benchmark", "who": "benchmark", "file_name": "aksi.csv",
                                      "checksum": "0" * 64, "added": 10, "replaced": 0, "unchanged": 0}},
    "action_insert": {"one item": {"dataset": D, "entity_code": Ref("eval_unit"), "year": Ref("eval_year"),
                                   **ITEM}},
    "action_update": {"one item": {"item_id": Ref("item_id"), **ITEM}},
    "action_delete": {"one item": {"item_id": Ref("item_id")}},
    "action_log": {"one change": {"dataset": D, "item_id": Ref("item_id"), "entity_code": Ref("eval_unit"),
                                  "year": Ref("eval_year"), "action": "benchmark", "who": "benchmark",
                                  "change": "ubah", "field": "status", "old_value": "merah", "new_value": "kuning",
                                  "via": "ui"}},
}

_SURVEY = ("reads the frame survey_raw (or incoming_units/incoming_behaviour) that "
           "berakhlak.evaluation.internal registers while importing a survey; timed end to end by "
           "benchmarks/eval_aggregation.py (1,000,000 respondents) and, at a smaller size, by the "
           "evaluation load of the benchmark build (dataset.eval_load_s)")
ELSEWHERE: dict[str, str] = {
    "import_plan": "reads the frame `incoming` the importer registers; timed inside the import (import.stages_s: plan, _write)",
    "import_write": "writes the frames the importer registers; timed inside the import (import.stages_s: plan, _write)",
    "scale_load": "bulk load of the benchmark data itself; timed as dataset.insert_s",
    "recognition_plan": "reads the frame incoming_recognitions of a recognitions import (a few dozen rows)",
    "recognition_write": "writes the frames a recognitions import registers (a few dozen rows)",
    "entity_write": "writes the frame incoming_entities of an import; timed inside the import (import.stages_s: _write)",
    "source_write": "writes the frame incoming_sources of an import; timed inside the import (import.stages_s: _write)",
    "import_log_write": "writes one import's dataset and log line; timed inside the import (import.stages_s: _write)",
    "coverage_load": "reads the frame coverage_frame at init (6 rows of reference data)",
    "action_demo_write": "writes the frames demo_actions/demo_history of berakhlak.evaluation.demo; part of "
                         "dataset.eval_load_s",
    "eval_bench_respondents": "makes the synthetic survey file of benchmarks/eval_aggregation.py (not an app query)",
    "eval_checklist_plan": "reads the frame incoming_checklist of a checklist import; part of dataset.eval_load_s",
    "eval_checklist_write": "writes the frame incoming_checklist of a checklist import; part of dataset.eval_load_s",
    "eval_survey_aggregate": _SURVEY,
    "eval_survey_bad_cells": _SURVEY,
    "eval_survey_plan": _SURVEY,
    "eval_survey_problem_count": _SURVEY,
    "eval_survey_respondents": _SURVEY,
    "eval_survey_units_in_file": _SURVEY,
    "eval_survey_write": _SURVEY,
}

# --- pages ----------------------------------------------------------------------------------
# The typical interaction on a page: the user picks another entity (a cache miss for everything
# about that entity). A page without an `entity` picker gets its `year` picker changed; a page
# with neither is simply rerun. Override per page path here when a page's typical interaction
# is something else: {"pages/x.py": {"key": "<widget key>", "values": "entities"|"years"|[...]}} (a list
# may hold Ref values); "admin": True signs the session in as an admin first.
PAGE_INTERACTIONS: dict[str, dict] = {
    # Tren: another entity in the multiselect.
    "pages/trend.py": {"key": "entities", "values": "entities"},
    # The Unit page: another instansi (its units, heatmap and trends).
    "pages/units.py": {"key": "inst", "values": "entities"},
    # The evaluation pages have their own instansi pickers (berakhlak/evaluation_ui.url_bound).
    "pages/evaluation.py": {"key": "eval_entity", "values": "entities"},
    "pages/action_plan.py": {"key": "ra_entity", "values": "entities"},
    # Kelola Data, signed in as an admin: the export tab's dataset (its counts of rows withheld).
    "pages/data.py": {"key": "export_ds", "values": [D, "demo", "published"], "admin": True},
}
DEFAULT_INTERACTION_KEYS = ("entity", "year")

# Query-string parameters every page starts from.
PAGE_START_PARAMS = {"ds": D, "lang": "id"}

# How the entities a page cycles through are sampled from the dataset: how many per level.
# Mixed on purpose: a province, then a unit, then a kabupaten... as users do.
ENTITY_SAMPLE = {"provinsi": 6, "kabupaten": 6, "kota": 3, "kementerian": 3, "lembaga": 2, "unit": 8,
                 "nasional": 1}

# The entity the first-chart (browser) measurement and the session load open.
BROWSER_ENTITY = Ref("province")

# --- what would remove a miss -------------------------------------------------------------
# Printed beside each target that is not met, with the hot spot measured in the same run, so the
# report says both where the time went and what to do about it (docs/performance.md says more).
REMEDIES = {
    "page": "Python around the queries: build each section's elements from cached frames, put the "
            "sections that do not depend on the changed widget in st.fragment, fewer and wider queries",
    "query": "read a derived table kept at refresh (migration 0004) instead of scanning scores",
    "import": "validate in DuckDB over the Arrow table (staging table, checks as SQL, the same messages "
              "per row and column) and write with one INSERT from it",
    "browser": "fixed Streamlit + Plotly cost in the browser (the small demo dataset takes as long): compress "
               "/static in the reverse proxy (Plotly's 4.7 MB module), a lighter Plotly bundle, a quiet machine",
    "pandas": "DuckDB pays 2-6 ms per call (cursor, planning, DataFrame) where pandas looks up frames already in "
              "memory: one query per page section instead of 7-14 small ones, prepared statements",
}
QUERY_REMEDIES = {
    "eval_scores": "reads the per-unit figures kept at import (eval_unit_year, migration 0009); what remains is "
                   "DuckDB planning its 10 CTEs and windows (~10 ms) and aggregating the checklist and actions "
                   "of the dataset-year: keep those per entity-year at their writes too",
    "export_withheld": "joins the scores' groups to the hidden entity-years only (a small hash table); what "
                       "remains is one scan of entity_year_source: keep the count per minimum at refresh",
    "level_ranking": "through Arrow; what remains is the rank window and the sort by name of 18,141 units: a rank "
                     "per level kept at refresh for the default minimum, and paging (the deck shows 10 + 2)",
}
