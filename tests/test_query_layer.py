"""One suppression rule, in the query layer (README, Method, "Minimum respondents").

Every named query that returns a score reads it through the shown-views (entity_year_shown,
score_shown, entity_year_suppression; migrations/0005), never from the raw tables `score` and
`entity_year`; and nothing outside the query layer masks a score. A new query that reads a raw
table fails here until it goes through the views, or is a write named below."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from berakhlak.data import db

ROOT = Path(__file__).resolve().parents[1]

# The queries that may touch the raw tables, each for a reason that is not showing a score.
RAW_ALLOWED = {
    "refresh_entity_year": "derives entity_year from score at every write (the rule's own input)",
    "import_write": "writes an import's rows",
    "import_plan": "finds the rows an import replaces; the old score it returns comes through score_shown",
    "rollback_write": "undoes an import",
    "scale_load": "the benchmark's bulk load of a synthetic dataset",
}

RAW_READ = re.compile(r"\b(?:FROM|JOIN|USING|UPDATE|INTO)\s+(score|entity_year)\b(?!\s*\()", re.IGNORECASE)


def raw_reads(sql: str) -> list[str]:
    """The raw score tables a query's SQL names after FROM/JOIN (comments ignored)."""
    body = "\n".join(line.split("--", 1)[0] for line in sql.splitlines())
    return RAW_READ.findall(body)


def test_the_detector_sees_a_raw_read_and_not_the_views():
    assert raw_reads("SELECT idx FROM entity_year WHERE dataset = $dataset") == ["entity_year"]
    assert raw_reads("SELECT s.score FROM x JOIN score s ON s.dataset = x.dataset") == ["score"]
    assert raw_reads("select * from\n  score\nwhere 1") == ["score"]
    assert raw_reads("SELECT idx FROM entity_year_shown($min_respondents)") == []
    assert raw_reads("SELECT * FROM score_shown($min_respondents) s JOIN entity_year_source x USING (year)") == []
    assert raw_reads("-- not FROM score: a comment\nSELECT 1") == []


@pytest.mark.parametrize("name", db.query_names())
def test_no_query_reads_a_raw_score_table(name):
    if name in RAW_ALLOWED:
        return
    sql = (db.QUERIES_DIR / f"{name}.sql").read_text(encoding="utf-8")
    assert not raw_reads(sql), (
        f"queries/{name}.sql reads {raw_reads(sql)} directly: read entity_year_shown($min_respondents) or "
        "score_shown($min_respondents) instead, so that suppression applies (or, for a write, list it in "
        "RAW_ALLOWED with its reason)")


def test_the_allowed_raw_queries_exist_and_still_need_it():
    for name in RAW_ALLOWED:
        sql = (db.QUERIES_DIR / f"{name}.sql").read_text(encoding="utf-8")
        assert raw_reads(sql), f"{name} no longer reads a raw table: take it off RAW_ALLOWED"


def test_every_score_query_takes_the_minimum():
    """A query that reads the shown-views passes the minimum on: the Unit page's raised minimum
    reaches it, and db binds the default when a caller gives none."""
    for name in db.query_names():
        sql = (db.QUERIES_DIR / f"{name}.sql").read_text(encoding="utf-8")
        if re.search(r"\b(entity_year_shown|score_shown|entity_year_suppression)\s*\(", sql):
            assert "min_respondents" in db.parameters(name), name


# Python that decides on its own whether a score is shown: a comparison of respondents with a
# minimum, or the old pandas suppression module.
PY_MASKING = re.compile(r"respondents[\"'\]]*\s*\)?\s*(<|>=)\s*[\w.()]*min|domain\.suppression|import suppression")


def test_no_module_outside_the_query_layer_masks_scores():
    offenders = []
    for path in [*ROOT.glob("berakhlak/**/*.py"), *ROOT.glob("pages/*.py"), ROOT / "app.py"]:
        for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if PY_MASKING.search(line):
                offenders.append(f"{path.relative_to(ROOT)}:{i}: {line.strip()}")
    assert not offenders, "suppression decided outside the query layer:\n" + "\n".join(offenders)
    assert not (ROOT / "berakhlak" / "domain" / "suppression.py").exists()
    assert PY_MASKING.search('history = history[history["respondents"] >= ui.min_respondents()]')
