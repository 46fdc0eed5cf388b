"""The derived facts of migrations/0004 (kept by queries/refresh_entity_year.sql at every import):
what is stored equals what it is derived from, suppression read from them is the rule of
migration 0005 (tests/suppression_oracle.py) for any minimum, an older database is upgraded to the
same facts, and every read query the pages run gives what its pandas version
(benchmarks/baseline.py) computes."""
from __future__ import annotations

import inspect
import shutil

import duckdb
import pandas as pd
import pytest

from conftest import copy_with_import, read_only

from berakhlak.data import db
from berakhlak.ingest import importer
from suppression_oracle import hidden_entity_years

MINIMA = (1, 2, 3, 4, 5, 6, 8, 10, 20, 30, 1000)

# A family of units made to exercise complementary suppression: ties in respondents (broken by
# code), a unit with no respondent count, a unit with no parent, and years with 0, 1, 2 and 3 units
# under the usual minimum.
FAMILY = {
    2024: {"62.U1": 3, "62.U2": 8, "62.U3": 8, "62.U4": 50, "62.U5": None},
    2025: {"62.U1": 4, "62.U2": 4, "62.U3": 9, "62.U4": 9, "62.U5": 60},
    2026: {"62.U1": 12, "62.U2": 7, "62.U3": 7, "62.U4": 2, "62.U5": None},
    2027: {"62.U1": None, "62.U2": None, "62.U3": 1, "62.U4": 2, "62.U5": 3},
    # two under the minimum that are still under it together: a third goes with them
    2028: {"62.U1": 1, "62.U2": 2, "62.U3": 40, "62.U4": 50, "62.U5": 60},
}


def family_rows() -> list[tuple]:
    rows = [("62", "", "provinsi", "", y, "", 70.0 + y % 10, 90) for y in FAMILY]
    for year, sizes in FAMILY.items():
        for i, (code, n) in enumerate(sizes.items()):
            rows.append((code, f"Biro {code[-1]}", "unit", "62", year, "", 60.0 + i + year % 10 / 10,
                         "" if n is None else n))
            rows.append((code, f"Biro {code[-1]}", "unit", "62", year, "AD", 55.0 + i, "" if n is None else n))
            rows.append((code, f"Biro {code[-1]}", "unit", "62", year, "BP", 65.0 - i, "" if n is None else n))
    # A unit of another parent, with only a sub-index score in one year (no entity_year row there).
    rows.append(("32.U9", "Biro Sembilan", "unit", "32", 2026, "", 61.5, 4))
    return rows


@pytest.fixture(scope="module")
def fam_db(built_db, tmp_path_factory):
    frame = pd.DataFrame(family_rows(), columns=["entity_code", "entity_name", "entity_level", "parent_code", "year",
                                                 "value_code", "score", "respondents"])
    sub = pd.DataFrame([{"entity_code": "32.U9", "entity_name": "Biro Sembilan", "entity_level": "unit",
                         "parent_code": "32", "year": 2025, "measure": "energi_positif", "value_code": "",
                         "score": 71.0, "respondents": ""}])
    frame = pd.concat([frame.assign(measure="implementasi"), sub], ignore_index=True)
    return copy_with_import(built_db, tmp_path_factory.mktemp("fam"), frame, "fam", "biro.csv")


@pytest.fixture
def ro(fam_db):
    yield from read_only(fam_db)


def oracle_hidden(con, dataset: str, minimum: int) -> set[tuple]:
    """The hidden entity-years of a dataset by the rule written out in Python, from the
    respondents as the scores give them (the smallest count of an entity-year's index and values)."""
    rows = con.execute("""
        SELECT s.dataset, s.entity_code, s.year, e.level, e.parent_code, min(s.respondents)
        FROM score s JOIN entity e ON e.code = s.entity_code
        WHERE s.dataset = ? AND s.measure = 'implementasi'
        GROUP BY ALL""", [dataset]).fetchall()
    return hidden_entity_years(rows, minimum)


@pytest.mark.parametrize("dataset", ["fam", "demo", "published"])
def test_suppression_from_stored_facts_is_the_rule_for_any_minimum(ro, dataset):
    total = {"respondents": 0, "complementary": 0}
    for m in MINIMA:
        rows = ro.execute("SELECT entity_code, year, suppressed, suppression FROM entity_year_suppression(?) "
                          "WHERE dataset = ?", [m, dataset]).fetchall()
        stored = {(dataset, c, y) for c, y, hidden, _ in rows if hidden}
        assert stored == oracle_hidden(ro, dataset, m), (dataset, m)
        for row in rows:
            if row[3]:
                total[row[3]] += 1
    if dataset != "published":
        assert total["respondents"] and total["complementary"]  # both kinds were exercised


def test_the_family_is_suppressed_as_the_rule_says(ro):
    rows = ro.execute("SELECT entity_code, year, suppression FROM entity_year_suppression(5) "
                      "WHERE dataset = 'fam' AND entity_code LIKE '62.U%'").fetchall()
    s = {(c, y): k for c, y, k in rows}
    # 2024: U1 (3) under 5; the smallest of the others is U2 (8, ties with U3 broken by code).
    assert s[("62.U1", 2024)] == "respondents" and s[("62.U2", 2024)] == "complementary"
    assert s[("62.U3", 2024)] is None and s[("62.U5", 2024)] is None
    # 2025: two under 5, nothing more hidden.
    assert [s[(c, 2025)] for c in ("62.U1", "62.U2", "62.U3")] == ["respondents", "respondents", None]
    # 2026: U4 (2) under 5; U2 and U3 tie at 7: U2 goes.
    assert s[("62.U4", 2026)] == "respondents" and s[("62.U2", 2026)] == "complementary"
    assert s[("62.U3", 2026)] is None
    # 2027: three under 5, the two without a count stay shown.
    assert [s[(c, 2027)] for c in ("62.U1", "62.U2")] == [None, None]
    # 2028: U1 (1) and U2 (2) under 5 and 3 together: U3, the next smallest, goes with them.
    assert [s[(c, 2028)] for c in ("62.U1", "62.U2", "62.U3", "62.U4")] == [
        "respondents", "respondents", "complementary", None]


def test_stored_facts_equal_what_they_are_derived_from(ro):
    ey = ro.execute("SELECT * FROM entity_year").df()
    ent = ro.execute("SELECT code, level, parent_code FROM entity").df()
    merged = ey.merge(ent, left_on="entity_code", right_on="code", how="left", suffixes=("", "_e"))
    assert (merged["level"].fillna("") == merged["level_e"].fillna("")).all()
    assert (merged["parent_code"].fillna("") == merged["parent_code_e"].fillna("")).all()
    # idx_shown is the SQL rounding rule (the half_up macro of 0001) applied once, at refresh.
    assert ro.execute("SELECT count(*) FROM entity_year WHERE idx_shown IS DISTINCT FROM half_up(idx)"
                      ).fetchall()[0][0] == 0
    assert ey["idx_shown"].notna().sum() == ey["idx"].notna().sum() > 1000
    values = ro.execute("""
        SELECT dataset, entity_code, year, value_code, score FROM score
        WHERE measure = 'implementasi' AND value_code IS NOT NULL""").df()
    wide = values.pivot_table(index=["dataset", "entity_code", "year"], columns="value_code", values="score")
    stored = ey.set_index(["dataset", "entity_code", "year"])[list(wide.columns)]
    pd.testing.assert_frame_equal(stored.loc[wide.index].sort_index(), wide.sort_index(), check_names=False)
    others = stored.drop(index=wide.index)
    assert others.isna().all().all()


def test_entity_year_source_and_dataset_entity_count_every_score(ro):
    by_group = ro.execute("""
        SELECT dataset, entity_code, year, measure = 'implementasi' AS implementasi, source_id, note,
               import_id, respondents, count(*) AS n
        FROM score GROUP BY ALL ORDER BY ALL""").fetchall()
    stored = ro.execute("""
        SELECT dataset, entity_code, year, implementasi, source_id, note, import_id, respondents, n_scores
        FROM entity_year_source ORDER BY ALL""").fetchall()
    assert stored == by_group
    per_entity = ro.execute("""
        SELECT s.dataset, s.entity_code, count(*) FROM score s JOIN entity e ON e.code = s.entity_code
        GROUP BY ALL ORDER BY ALL""").fetchall()
    assert ro.execute("SELECT dataset, entity_code, n_scores FROM dataset_entity ORDER BY ALL").fetchall() == per_entity
    # The sub-index-only entity-year has no entity_year row, but its entity and year are listed.
    assert "32.U9" in set(db.query(ro, "entities_with_data", dataset="fam")["code"])
    assert list(db.query(ro, "entity_years", dataset="fam", entity="32.U9")["year"]) == [2025, 2026]


def test_the_picker_order_is_level_then_parent_then_name(ro):
    frame = db.query(ro, "entities_with_data", dataset="demo")
    order = {"nasional": 0, "provinsi": 1, "kabupaten": 2, "kota": 2, "kementerian": 3, "lembaga": 3}
    key = list(zip(frame["level"].map(order).fillna(4), frame["parent_name"].fillna(""), frame["name"]))
    assert key == sorted(key)
    assert frame["code"].iloc[0] == "ID" and frame["code"].is_unique


def test_rank_from_stored_index_equals_the_rank_computed_from_the_scores(ro):
    """entity_rank (1 + peers shown higher, on the stored half-up index) against a rank computed
    here from the raw index and the suppression rule (the oracle), for entities of two levels."""
    hidden_codes = {c for _d, c, y in oracle_hidden(ro, "demo", 5) if y == 2024}
    raw = ro.execute("""
        SELECT ey.entity_code, e.level, half_up(ey.idx) AS shown FROM entity_year ey
        JOIN entity e ON e.code = ey.entity_code
        WHERE ey.dataset = 'demo' AND ey.year = 2024 AND ey.idx IS NOT NULL""").df()
    raw = raw[~raw["entity_code"].isin(hidden_codes)]
    checked = 0
    for level in ("provinsi", "unit"):
        peers = raw[raw["level"] == level]
        expected = peers["shown"].rank(method="min", ascending=False).astype(int)
        for code, pos in list(zip(peers["entity_code"], expected))[::7]:
            r = db.query(ro, "entity_rank", dataset="demo", entity=code, year=2024, level=level, min_respondents=5)
            assert (int(r.iloc[0]["position"]), int(r.iloc[0]["of"])) == (pos, len(peers)), code
            checked += 1
    assert checked > 20
    hidden = sorted(hidden_codes)[0]
    assert db.query(ro, "entity_rank", dataset="demo", entity=hidden, year=2024, level="unit").empty


def test_rollback_refreshes_the_derived_facts(fam_db, tmp_path):
    path = tmp_path / "rb.duckdb"
    shutil.copy(fam_db, path)
    with db.writer(str(path)) as con:
        import_id = int(db.query_here(con, "import_log_list").query("dataset == 'fam'")["import_id"].iloc[0])
        importer.rollback(con, import_id, who="test")
    con = db.connect(str(path), read_only=True)
    for table in ("entity_year", "entity_year_source", "dataset_entity"):
        assert con.execute(f"SELECT count(*) FROM {table} WHERE dataset = 'fam'").fetchall()[0][0] == 0, table
    assert "fam" not in set(db.query(con, "dataset_list")["name"])
    con.close()


# --- an older database ----------------------------------------------------------------------

def test_a_version_3_database_is_upgraded_to_the_same_derived_facts(fam_db, tmp_path):
    """A database of schema 3 (entity_year without the columns of 0004) holding the same scores:
    the upgrade fills the derived facts exactly as the refresh after an import does."""
    path = tmp_path / "v3.duckdb"
    con = duckdb.connect(str(path))
    for version, file in db.migrations():
        if version <= 3:
            for stmt in db.split_statements(file.read_text(encoding="utf-8")):
                con.execute(stmt)
    con.execute("CREATE TABLE schema_version (version INTEGER PRIMARY KEY, applied_at TIMESTAMP)")
    con.execute("INSERT INTO schema_version VALUES (1, now()), (2, now()), (3, now())")
    con.execute(f"ATTACH '{fam_db}' AS src (READ_ONLY)")
    con.execute("INSERT INTO entity SELECT * FROM src.entity")
    con.execute("INSERT INTO score SELECT * EXCLUDE (confidence) FROM src.score")  # (0006 adds it)
    con.execute("""INSERT INTO entity_year SELECT dataset, entity_code, year, idx, index_basis, n_values,
                   respondents, method, source_id FROM src.entity_year""")
    con.execute("DETACH src")
    con.close()
    with pytest.raises(db.DatabaseError):
        db.connect(str(path), read_only=True)  # too old to read
    assert db.upgrade(str(path)) is True
    new = db.connect(str(path), read_only=True)
    ref = db.connect(str(fam_db), read_only=True)
    try:
        assert db.schema_version(new) == db.SCHEMA_VERSION
        for table in ("entity_year", "entity_year_source", "dataset_entity"):
            a = new.execute(f"SELECT * FROM {table} ORDER BY ALL").fetchall()
            b = ref.execute(f"SELECT * FROM {table} ORDER BY ALL").fetchall()
            assert a and a == b, table
        for m in (3, 5, 10):
            sql = "SELECT * FROM entity_year_suppression(?) ORDER BY ALL"
            assert new.execute(sql, [m]).fetchall() == ref.execute(sql, [m]).fetchall()
    finally:
        new.close()
        ref.close()


# --- every read query against its pandas version ---------------------------------------------

@pytest.mark.parametrize("dataset", ["demo", "fam"])
def test_every_read_query_equals_its_pandas_version(ro, dataset):
    """benchmarks/baseline.py recomputes each read query in pandas; on the demo data (and the
    family above) they agree, case by case, for the cases the benchmark registers and for a
    sample of entities of every level."""
    from benchmarks import baseline, params, run

    ctx = run.make_context(ro, dataset) if dataset == "demo" else None
    frames = baseline.load_frames(ro)
    cases = []
    if ctx is not None:
        for name, registered in params.READ.items():
            cases += [(name, ctx.resolve(raw)) for raw in registered.values()]
    ent = db.query(ro, "entities_with_data", dataset=dataset)
    sample = ent.groupby("level").head(3)
    years = sorted(int(y) for y in db.query(ro, "level_years", dataset=dataset,
                                            levels=list(ent["level"].unique()))["year"])
    for code, level in zip(sample["code"], sample["level"]):
        for year in years[-2:]:
            for m in (3, 5, 10):
                p = {"dataset": dataset, "entity": code, "year": year, "min_respondents": m}
                cases += [(q, p) for q in ("entity_year_index", "entity_value_scores", "entity_measures")]
                cases.append(("entity_rank", {**p, "level": level}))
                cases.append(("entity_index_history", {k: p[k] for k in ("dataset", "entity", "min_respondents")}))
                cases.append(("level_ranking", {"dataset": dataset, "year": year, "level": level, "min_respondents": m}))
                cases.append(("export_withheld", {"dataset": dataset, "min_respondents": m}))
        cases.append(("unit_family", {"dataset": dataset, "parent": code}))
        cases.append(("unit_family", {"dataset": dataset, "parent": code, "min_respondents": 10}))
    cases.append(("entity_series", {"dataset": dataset, "entities": list(sample["code"])}))
    pairs = [(c, y) for c in sample["code"] for y in years] * 2
    for every in (False, True):
        cases.append(("sources_shown", {"dataset": dataset, "entities": [c for c, _ in pairs],
                                        "years": [y for _, y in pairs], "all_measures": every}))
    checked = 0
    for name, p in cases:
        impl = baseline.IMPLEMENTATIONS[name]
        a = db.query(ro, name, **p)
        b = impl(frames, **{k: v for k, v in {**db.default_params(), **p}.items()
                            if k in inspect.signature(impl).parameters})
        same = baseline.same_result(a, b) or (name == "level_ranking" and baseline.same_rows(a, b))
        assert same, (name, p, a.head(), b.head())
        checked += 1
    assert checked > 100
    assert all(n in baseline.IMPLEMENTATIONS for n in params.READ)
