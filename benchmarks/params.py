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
and their levels.
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

READ: dict[str, dict[str, dict]] = {
    "data_version": {"typical": {}},
    "dataset_list": {"typical": {}},
    "entities_with_data": {"typical": {"dataset": D}},
    "entity_list_all": {"typical": {}},
    "method_list": {"typical": {}},
    "value_list": {"typical": {}},
    "reference_pemda": {"typical": {}},
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
    "entity_sources": {"province": {"dataset": D, "entity": Ref("province"), "year": Y}},
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
}

BULK: dict[str, dict[str, dict]] = {
    "export_long": {"whole dataset": {"dataset": D}},
}

WRITE: dict[str, dict[str, dict]] = {
    "refresh_entity_year": {"whole dataset": {"dataset": D}},
}

ELSEWHERE: dict[str, str] = {
    "import_plan": "reads the frame `incoming` the importer registers; timed inside the import (import.stages_s: plan, _write)",
    "import_write": "writes the frames the importer registers; timed inside the import (import.stages_s: plan, _write)",
    "scale_load": "bulk load of the benchmark data itself; timed as dataset.insert_s",
}

# --- pages ----------------------------------------------------------------------------------
# The typical interaction on a page: the user picks another entity (a cache miss for everything
# about that entity). A page without an `entity` picker gets its `year` picker changed; a page
# with neither is simply rerun. Override per page path here when a page's typical interaction
# is something else: {"pages/x.py": {"key": "<widget key>", "values": "entities"|"years"|[...]}}.
PAGE_INTERACTIONS: dict[str, dict] = {}
DEFAULT_INTERACTION_KEYS = ("entity", "year")

# Query-string parameters every page starts from.
PAGE_START_PARAMS = {"ds": D, "lang": "id"}

# How the entities a page cycles through are sampled from the dataset: how many per level.
# Mixed on purpose: a province, then a unit, then a kabupaten... as users do.
ENTITY_SAMPLE = {"provinsi": 6, "kabupaten": 6, "kota": 3, "kementerian": 3, "lembaga": 2, "unit": 8,
                 "nasional": 1}

# The entity the first-chart (browser) measurement and the session load open.
BROWSER_ENTITY = Ref("province")
