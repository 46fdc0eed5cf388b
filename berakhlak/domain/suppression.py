"""Minimum-respondent suppression, with complementary suppression. Pure pandas; no database, no
Streamlit. Every output that shows the score of a group (a unit, an instansi) goes through here.

The rule (docs/method.md, "Suppression"):

1. **Primary.** A group with fewer respondents than the minimum (default 5) is hidden.
2. **Complementary.** When the parent's total is shown (the instansi's score beside its units),
   a single hidden group could be worked out from that total and its shown siblings, and so could
   a few hidden groups that together are still small. So within a family (the groups of one
   parent, per `by`, e.g. per year) that has any hidden group, more groups are hidden — the
   smallest first — until
   - at least two groups are hidden, and
   - the hidden groups together have at least the minimum of respondents,
   or every group of the family is hidden. What can be derived is then only the combined score
   of at least two groups of, together, at least the minimum: no single group, and no small one.

   This is conservative: it does not try to know whether the units partition the parent exactly
   (if they don't, the residual mixes in other respondents, which only makes it safer).
   A family whose parent total is not shown (missing `parent_n`) gets primary suppression only.

A group whose n is unknown (missing) is shown: published figures carry no respondent counts, and
the rule can only act on a count. As a complement it is chosen last and counts as 0 towards the
hidden total (conservative).
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

from berakhlak.domain.rules import DEFAULT_MIN_RESPONDENTS

PRIMARY = "primary"
COMPLEMENTARY = "complementary"


def suppress(
    groups: pd.DataFrame,
    minimum: int = DEFAULT_MIN_RESPONDENTS,
    *,
    n: str = "respondents",
    parent: str | None = "parent_code",
    parent_n: str | None = "parent_respondents",
    key: str = "entity_code",
    by: Sequence[str] = (),
) -> pd.DataFrame:
    """Mark which groups must not show a score.

    groups: one row per group (and per `by`, e.g. year), with its respondent count `n`, its parent
    `parent` and the parent's respondent count `parent_n` (missing = the parent's total is not
    shown, so only primary suppression applies). `key` orders ties deterministically.

    Returns a copy, same index and row order, with two more columns:
    `suppressed` (bool) and `suppression` ("primary", "complementary" or None).
    The input is not modified.
    """
    if minimum < 1:
        raise ValueError("the minimum of respondents must be at least 1")
    out = groups.copy()
    if out.empty:
        out["suppressed"] = pd.Series(dtype=bool)
        out["suppression"] = pd.Series(dtype=object)
        return out
    count = pd.to_numeric(out[n], errors="coerce").astype(float)
    primary = (count < minimum).to_numpy()

    has_family = parent is not None and parent in out.columns and parent_n is not None and parent_n in out.columns
    if has_family:
        total_shown = pd.to_numeric(out[parent_n], errors="coerce").notna().to_numpy()
        family_cols = [*by, parent]
        work = pd.DataFrame({
            "_row": np.arange(len(out)),
            "_n_sort": count.fillna(np.inf).to_numpy(),
            "_n_sum": count.fillna(0.0).to_numpy(),
            "_key": out[key].astype(str).to_numpy() if key in out.columns else np.arange(len(out)),
            "_primary": primary,
            "_total_shown": total_shown,
        })
        for c in family_cols:
            work[c] = out[c].to_numpy()
        # Smallest first, ties by key: the primary groups (n < minimum) come first in every family.
        work = work.sort_values([*family_cols, "_n_sort", "_key"], kind="stable")
        fam = work.groupby(family_cols, sort=False, dropna=False)
        work["_pos"] = fam.cumcount() + 1
        work["_cum"] = fam["_n_sum"].cumsum()
        work["_k"] = fam["_primary"].transform("sum")
        work["_size"] = fam["_pos"].transform("max")
        # The first position at which enough is hidden: at least max(k, 2) groups and at least
        # `minimum` respondents together.
        enough = (work["_pos"] >= np.maximum(work["_k"], 2)) & (work["_cum"] >= minimum)
        work["_m"] = np.where(enough, work["_pos"], np.inf)
        m = work.groupby(family_cols, sort=False, dropna=False)["_m"].transform("min")
        m = np.where(np.isinf(m), work["_size"], m)
        m = np.where(work["_k"] > 0, m, 0)
        shown_total = work.groupby(family_cols, sort=False, dropna=False)["_total_shown"].transform("max")
        m = np.where(shown_total, m, work["_k"])
        hide = (work["_pos"].to_numpy() <= m)
        hidden = np.zeros(len(out), dtype=bool)
        hidden[work["_row"].to_numpy()] = hide
    else:
        hidden = primary.copy()

    reason = np.where(primary, PRIMARY, np.where(hidden, COMPLEMENTARY, None))
    out["suppressed"] = hidden
    out["suppression"] = pd.Series(reason, index=out.index, dtype=object).where(hidden, None)
    return out


def mask(frame: pd.DataFrame, columns: Iterable[str], flag: str = "suppressed") -> pd.DataFrame:
    """A copy with the given score columns emptied (NaN) where `flag` is true, so no number of a
    hidden group can reach a chart, a table or a download."""
    out = frame.copy()
    hidden = out[flag].fillna(False).astype(bool).to_numpy() if flag in out.columns else np.zeros(len(out), bool)
    for c in columns:
        if c in out.columns:
            out[c] = pd.to_numeric(out[c], errors="coerce").astype(float).where(~hidden)
    return out


def primary_only(frame: pd.DataFrame, minimum: int = DEFAULT_MIN_RESPONDENTS,
                 n: str = "respondents", key: str = "entity_code") -> pd.DataFrame:
    """Primary suppression alone: for entities whose parent total is not shown beside them
    (instansi compared with one another)."""
    return suppress(frame, minimum, n=n, parent=None, parent_n=None, key=key)
