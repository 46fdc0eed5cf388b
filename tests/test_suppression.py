"""Minimum-respondent suppression with complementary suppression (berakhlak/suppression.py).

What a reader of the Unit page must never be able to do: see the score of a group with fewer than
the minimum of respondents, or work it out from the instansi's total and the shown units."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from berakhlak.domain.suppression import COMPLEMENTARY, PRIMARY, mask, primary_only, suppress


def family(ns, parent_n=1000, parent="P", year=2024):
    return pd.DataFrame({
        "entity_code": [f"{parent}.U{i}" for i in range(len(ns))],
        "respondents": pd.array(ns, dtype="Int64"),
        "parent_code": parent,
        "parent_respondents": parent_n,
        "year": year,
    })


def hidden_codes(frame):
    return set(frame.loc[frame["suppressed"], "entity_code"])


def test_a_group_under_the_minimum_is_hidden_and_a_second_one_with_it():
    out = suppress(family([3, 40, 12, 25]))
    assert out.set_index("entity_code")["suppression"].to_dict() == {
        "P.U0": PRIMARY, "P.U1": None, "P.U2": COMPLEMENTARY, "P.U3": None}


def test_the_smallest_sibling_is_the_complement_ties_broken_by_code():
    out = suppress(family([4, 9, 9, 30]))
    assert hidden_codes(out) == {"P.U0", "P.U1"}


def test_two_small_groups_that_are_still_small_together_take_a_third():
    # 1 + 2 = 3 respondents: their combined score would be a group of 3. Hide the next one too.
    out = suppress(family([1, 2, 50, 60]))
    assert hidden_codes(out) == {"P.U0", "P.U1", "P.U2"}
    assert out.loc[out["entity_code"] == "P.U2", "suppression"].item() == COMPLEMENTARY


def test_two_small_groups_that_reach_the_minimum_together_need_no_complement():
    out = suppress(family([3, 4, 50]))
    assert hidden_codes(out) == {"P.U0", "P.U1"}
    assert set(out.loc[out["suppressed"], "suppression"]) == {PRIMARY}


def test_nothing_is_hidden_when_every_group_is_large_enough():
    out = suppress(family([5, 6, 100]))
    assert not out["suppressed"].any()
    assert out["suppression"].isna().all()


def test_a_family_of_one_small_group_hides_only_it():
    out = suppress(family([3]))
    assert hidden_codes(out) == {"P.U0"}


def test_when_the_parent_total_is_not_shown_only_primary_suppression_applies():
    out = suppress(family([3, 40, 12], parent_n=None))
    assert hidden_codes(out) == {"P.U0"}
    assert primary_only(family([3, 40, 12]))["suppressed"].tolist() == [True, False, False]


def test_the_minimum_is_configurable():
    out = suppress(family([6, 8, 30, 40]), minimum=10)
    assert hidden_codes(out) == {"P.U0", "P.U1"}
    assert not suppress(family([6, 8, 30, 40]), minimum=5)["suppressed"].any()
    with pytest.raises(ValueError):
        suppress(family([6]), minimum=0)


def test_families_are_separate_per_parent_and_per_year():
    frame = pd.concat([
        family([3, 40, 12], parent="P", year=2023),
        family([30, 40, 12], parent="P", year=2024),
        family([30, 40, 12], parent="Q", year=2023),
    ], ignore_index=True)
    out = suppress(frame, by=["year"])
    hidden = out.loc[out["suppressed"], ["year", "entity_code"]].apply(tuple, axis=1).tolist()
    assert sorted(hidden) == [(2023, "P.U0"), (2023, "P.U2")]


def test_unknown_counts_are_shown_and_chosen_last_as_complements():
    out = suppress(family([3, None, 12]))
    assert hidden_codes(out) == {"P.U0", "P.U2"}
    out = suppress(family([3, None]))
    # The only sibling has an unknown count: it is hidden too, rather than leave P.U0 derivable.
    assert hidden_codes(out) == {"P.U0", "P.U1"}


def test_input_is_not_modified_and_order_and_index_are_kept():
    frame = family([40, 3, 12, 25]).set_index(pd.Index([10, 11, 12, 13]))
    before = frame.copy()
    out = suppress(frame)
    pd.testing.assert_frame_equal(frame, before)
    assert list(out.index) == [10, 11, 12, 13]
    assert out["entity_code"].tolist() == frame["entity_code"].tolist()


def test_empty_frame():
    out = suppress(family([]))
    assert out.empty and "suppressed" in out.columns


def test_mask_empties_every_score_of_a_hidden_group():
    out = mask(suppress(family([3, 40, 12]).assign(idx=[70.1, 80.2, 60.3], BP=[1.0, 2.0, 3.0])),
               ["idx", "BP"])
    assert out["idx"].isna().tolist() == [True, False, True]
    assert out["BP"].isna().tolist() == [True, False, True]
    assert out["respondents"].tolist() == [3, 40, 12]  # n stays visible


# --- properties -------------------------------------------------------------------------------

families = st.lists(st.one_of(st.none(), st.integers(0, 60)), min_size=0, max_size=12)


@settings(max_examples=300, deadline=None)
@given(ns=families, minimum=st.integers(1, 12), total_shown=st.booleans())
def test_properties_of_every_family(ns, minimum, total_shown):
    out = suppress(family(ns, parent_n=1000 if total_shown else None), minimum)
    n = out["respondents"].astype("float")
    hid = out["suppressed"].to_numpy()
    # 1. every group under the minimum is hidden
    assert hid[(n < minimum).to_numpy()].all()
    if not total_shown:
        assert (hid == (n < minimum).to_numpy()).all()
        return
    if hid.any() and not hid.all():
        # 2. with the total shown, nothing hidden stands alone or is small in sum
        assert hid.sum() >= 2
        assert n[hid].fillna(0).sum() >= minimum
        # 3. complements are the smallest groups: every shown group is at least as large
        known_shown = n[~hid].dropna()
        comp = out["suppression"].eq(COMPLEMENTARY).to_numpy()
        if comp.any() and len(known_shown):
            assert known_shown.min() >= n[comp].fillna(0).max()


@settings(max_examples=200, deadline=None)
@given(ns=st.lists(st.integers(1, 40), min_size=2, max_size=10), minimum=st.integers(2, 10),
       seed=st.integers(0, 10_000))
def test_a_hidden_unit_cannot_be_derived_from_the_total_and_the_shown_units(ns, minimum, seed):
    """The attack: units partition the instansi; the instansi's score is the respondent-weighted
    mean of its units. From the shown units and the total, the residual is the weighted mean of the
    hidden units. It must never be one unit's score, nor a group smaller than the minimum."""
    rng = np.random.default_rng(seed)
    scores = rng.uniform(40, 90, len(ns))
    total_n = sum(ns)
    total_score = float(np.dot(ns, scores) / total_n)
    out = suppress(family(ns, parent_n=total_n), minimum)
    hid = out["suppressed"].to_numpy()
    if not hid.any():
        assert min(ns) >= minimum
        return
    shown = ~hid
    residual_n = total_n - int(np.dot(ns, shown))
    residual_score = (total_score * total_n - float(np.dot(np.array(ns) * shown, scores))) / residual_n
    assert residual_n >= minimum or hid.all()
    assert hid.sum() >= 2 or hid.all()
    if hid.sum() >= 2:
        # the residual is a mix of several hidden units, not any one of them (unless they happen
        # to be equal, which random scores are not)
        assert all(abs(residual_score - s) > 1e-9 for s in scores[hid])
