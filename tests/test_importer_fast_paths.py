"""The importer's fast paths give what the straightforward versions give: the vectorised entity
checks the same problems (key, row, column, parameters, order), the same bad rows and the same
entities as the per-code loop they replaced (tests/importer_reference.py)."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from importer_reference import reference_validate_entities

from berakhlak import db, importer

CODES = ["62", "62.03", "32.16", "99", "62.99", "11", "ID", "KL.01", "KL.02", "11.B1", "11.B2", "KL.99",
         "U.1", "U.2", "", "LB.7"]
NAMES = ["", "Kalimantan Tengah", "kalimantan  tengah", "Jawa Barat", "Kota Bekasi", "Kab. Kapuas", "Biro Baru",
         "Kementerian Baru", "Nasional", "Biro Hukum", "<b>x</b>\x07"]
LEVELS = ["", "provinsi", "Kabupaten", "kota", "unit", "kementerian", "LEMBAGA", "nasional", "desa", "Pemprov",
          "k/l", "XX"]
PARENTS = ["", "62", "11", "KL.01", "KL.99", "ZZ.9", "U.1", "11.B1", "LB.7", "99"]



@st.composite
def tables(draw):
    """Rows over a few codes, names, levels and parents each, so that codes repeat with variations."""
    pools = [draw(st.lists(st.sampled_from(pool), min_size=1, max_size=3, unique=True))
             for pool in (CODES, NAMES, LEVELS, PARENTS)]
    row = st.tuples(*(st.sampled_from(p) for p in pools), st.booleans())
    return draw(st.lists(row, max_size=30))


@pytest.fixture(scope="module")
def reference(built_db):
    con = db.connect(str(built_db), read_only=True)
    try:
        return importer.Reference.load(con)
    finally:
        con.close()


def frame(rows) -> tuple[pd.DataFrame, pd.Series]:
    df = pd.DataFrame([r[:4] for r in rows], columns=["entity_code", "entity_name", "entity_level", "parent_code"],
                      dtype="str")
    df["_row"] = np.arange(len(df), dtype="int64") + 2
    return df, pd.Series([r[4] for r in rows], index=df.index)


def outcome(entities, problems, bad, n):
    marked = bad.to_numpy(dtype=bool, copy=True)
    for where, _ in problems:
        where = np.asarray(where)
        if where.dtype == bool:
            marked |= where
        else:
            marked[where] = True
    said = [(p.key, p.row, p.column, p.params) for _, p in problems]
    return entities.reset_index(drop=True), said, marked


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(rows=tables())
# a problem names only some of the code's rows: the first of those, and how many more
@example(rows=[("62", "", "", "", False), ("62", "", "nasional", "", False), ("62", "", "nasional", "", False)])
@example(rows=[("62", "", "", "", False), ("62", "Jawa Barat", "", "", False), ("62", "", "", "", True)])
@example(rows=[("62", "", "", "", False), ("62", "", "kabupaten", "", False), ("62", "", "desa", "", False)])
@example(rows=[("KL.99", "", "desa", "", False), ("KL.99", "Baru", "Kementerian", "", False)])
def test_entity_checks_agree_with_the_per_code_loop(reference, rows):
    df, bad = frame(rows)
    new_entities, new_problems = importer._validate_entities(df.copy(), reference, bad.copy())
    old_entities, old_problems = reference_validate_entities(df.copy(), reference, bad.copy())
    new = outcome(new_entities, new_problems, bad, len(df))
    old = outcome(old_entities, old_problems, bad, len(df))
    assert new[1] == old[1]
    assert (new[2] == old[2]).all()
    pd.testing.assert_frame_equal(new[0], old[0], check_dtype=False)


def test_the_differential_test_can_fail(reference, monkeypatch):
    """A unit whose parent is unknown must be named by both; break the new one and they differ."""
    df, bad = frame([("U.1", "Biro Baru", "unit", "ZZ.9", False), ("U.1", "Biro Baru", "unit", "ZZ.9", False)])
    _, old = reference_validate_entities(df.copy(), reference, bad.copy())
    assert [(p.key, p.row, p.params["more_rows"]) for _, p in old] == [("import.unknown_parent", 2, 1)]
    monkeypatch.setattr(importer, "PEMDA_CODE", importer.re.compile(r".*"))  # every code a pemda code
    _, new = importer._validate_entities(df.copy(), reference, bad.copy())
    assert [(p.key, p.row) for _, p in new] != [(p.key, p.row) for _, p in old]
