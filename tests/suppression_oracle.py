"""The suppression rule of README (Method, "Minimum respondents"), written out plainly in Python:
the oracle the tests hold the query layer to. No pandas, no SQL, no cleverness."""
from __future__ import annotations

from collections import defaultdict


def family_hidden(ns: dict[str, int | None], minimum: int) -> set[str]:
    """The members of one family (the units of an instansi in a year; code -> respondents, None =
    unknown) that show no score: every one under the minimum and, when there is any, more from the
    smallest (unknown last, ties by code) until at least two are hidden with at least the minimum
    together, or all are."""
    order = sorted(ns, key=lambda c: (ns[c] is None, ns[c] or 0, c))
    if not any(ns[c] is not None and ns[c] < minimum for c in order):
        return set()
    hidden, total = [], 0
    for c in order:
        under = ns[c] is not None and ns[c] < minimum
        if not under and len(hidden) >= 2 and total >= minimum:
            break
        hidden.append(c)
        total += ns[c] or 0
    return set(hidden)


def hidden_entity_years(rows, minimum: int) -> set[tuple]:
    """(dataset, entity_code, year) of every hidden entity-year. rows: (dataset, entity_code, year,
    level, parent_code, respondents) of every entity-year."""
    hidden, families = set(), defaultdict(dict)
    for dataset, code, year, level, parent, n in rows:
        if n is not None and n < minimum:
            hidden.add((dataset, code, year))
        if level == "unit" and parent is not None:
            families[(dataset, parent, year)][code] = n
    for (dataset, _parent, year), ns in families.items():
        hidden |= {(dataset, c, year) for c in family_hidden(ns, minimum)}
    return hidden
