"""Queries marked `-- @arrow` come through Arrow (berakhlak/db.py): the DataFrame must be exactly
the one DuckDB's .df() gives (columns, dtypes, values, NULLs), or pages could behave differently
depending on how a query is fetched."""
from __future__ import annotations

import duckdb
import pandas as pd
import pytest

from berakhlak.data import db

TYPES = """
SELECT 1::INTEGER AS i, NULL::INTEGER AS i_null, 2::BIGINT AS b, NULL::BIGINT AS b_null, 3::SMALLINT AS si,
       4::TINYINT AS ti, 1.5::DOUBLE AS d, 2.5::FLOAT AS f, DATE '2024-01-02' AS dt, NULL::DATE AS dt_null,
       TIMESTAMP '2024-01-02 03:04:05' AS ts, true AS bo, NULL::BOOLEAN AS bo_null, 1.25::DECIMAL(18, 2) AS dec,
       1::HUGEINT AS h, 'a' AS s, NULL::VARCHAR AS s_null, 'x' AS s_some_null, NULL::VARCHAR AS s_all_null
UNION ALL
SELECT 2, 5, 3, NULL, NULL, 5, NULL, NULL, DATE '2024-01-03', DATE '2024-01-04', NULL, false, true, NULL, NULL,
       'b', 'c', NULL, NULL
"""


@pytest.mark.parametrize("where", ["", "WHERE i = 1", "WHERE false"])
def test_arrow_frames_equal_df_for_every_type_a_query_returns(where):
    con = duckdb.connect()
    sql = f"SELECT * FROM ({TYPES}) {where}"
    expected = con.execute(sql).df()
    got = db.frame_from_arrow(con.sql(sql).to_arrow_table())
    pd.testing.assert_frame_equal(got, expected)


def test_a_type_not_handled_is_left_to_df():
    con = duckdb.connect()
    assert db.frame_from_arrow(con.sql("SELECT 'x'::BLOB AS b").to_arrow_table()) is None
    assert db.frame_from_arrow(con.sql("SELECT [1, 2] AS l").to_arrow_table()) is None


def marked() -> list[str]:
    return [n for n in db.query_names() if db.via_arrow(n)]


def test_the_many_row_queries_are_marked():
    assert {"entity_list_all", "entities_with_data", "export_long"} <= set(marked())


@pytest.mark.parametrize("name", marked())
def test_every_marked_query_gives_the_frame_df_gives(built_db, name):
    params = {"entity_list_all": {}, "entities_with_data": {"dataset": "demo"},
              "export_long": {"dataset": "demo"},
              "level_ranking": {"dataset": "demo", "year": 2024, "level": "kabupaten"}}[name]
    con = db.connect(str(built_db), read_only=True)
    try:
        got = db.query(con, name, **params)
        cur = db.cursor(con)
        expected = db._run(cur, name, params).df()
        cur.close()
    finally:
        con.close()
    assert len(got) > 400
    pd.testing.assert_frame_equal(got, expected)
