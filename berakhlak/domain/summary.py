"""The numbers a page shows for one entity-year (docs/cli.md, `summary`). The Overview page
and the CLI both read this, so they cannot disagree."""
from __future__ import annotations

from functools import partial

import duckdb
import pandas as pd

from berakhlak.data import db
from berakhlak.domain import ranks
from berakhlak.domain.rules import (
    DEFAULT_MIN_RESPONDENTS,
    NATIONAL_CODE,
    VALUE_CODES,
    band_for,
    delta,
    round_half_up,
)


class NoData(Exception):
    """The entity is unknown, or has nothing for that year in that dataset."""

    def __init__(self, key: str, **params):
        super().__init__(key)
        self.key = key
        self.params = params


def _num(x) -> float | None:
    return None if x is None or pd.isna(x) else float(x)


def _int(x) -> int | None:
    return None if x is None or pd.isna(x) else int(x)


def summarize(
    con: duckdb.DuckDBPyConnection,
    entity: str,
    year: int,
    dataset: str = "published",
    min_respondents: int = DEFAULT_MIN_RESPONDENTS,
    lang: str = "id",
    query=None,
) -> dict:
    """`query(name, **params)` runs a named query; the app passes its cached one (ui.q), so the
    page and its summary share results."""
    query = query or partial(db.query, con)
    # Suppression is decided in SQL (migrations/0002): suppressed scores never leave the query.
    head = query("entity_year_index", dataset=dataset, entity=entity, year=year,
                    min_respondents=min_respondents)
    if head.empty:
        raise NoData("summary.unknown_entity", entity=entity)
    h = head.iloc[0]
    values = query("entity_value_scores", dataset=dataset, entity=entity, year=year,
                      min_respondents=min_respondents)
    measures = None
    if pd.isna(h["year"]) and values.empty:
        # A figure of another measure only (an unnamed index, a sub-index) is still a figure.
        measures = query("entity_measures", dataset=dataset, entity=entity, year=year,
                         min_respondents=min_respondents)
    recognitions = recognitions_of(query, dataset, entity, year)
    # A published rank or award without a score (Jawa Barat 2024: rank 1) is still something to say.
    if pd.isna(h["year"]) and values.empty and measures.empty and not recognitions:
        raise NoData("summary.no_data", entity=entity, name=h["entity_name"], year=year, dataset=dataset)

    respondents = _int(h["respondents"])
    suppressed = bool(h["suppressed"])
    index = None if suppressed else round_half_up(_num(h["idx"]))
    band = band_for(index)

    value_out = {}
    if not suppressed:
        for r in values.itertuples():
            shown = round_half_up(r.score)
            value_out[r.value_code] = {"score": shown, "category": band_for(shown).code}
    weakest = strongest = None
    if len(value_out) == len(VALUE_CODES):
        order = {c: i for i, c in enumerate(VALUE_CODES)}
        ranked = sorted(value_out, key=lambda c: (value_out[c]["score"], order[c]))
        weakest = ranked[0]
        strongest = sorted(value_out, key=lambda c: (-value_out[c]["score"], order[c]))[0]

    national = None
    if entity != NATIONAL_CODE:
        nat = query("entity_year_index", dataset=dataset, entity=NATIONAL_CODE, year=year,
                       min_respondents=min_respondents)
        if not nat.empty and pd.notna(nat.iloc[0]["idx"]):
            national = {"year": int(year), "index": round_half_up(float(nat.iloc[0]["idx"]))}

    previous = None
    history = query("entity_index_history", dataset=dataset, entity=entity,
                       min_respondents=min_respondents)
    earlier = history[history["year"] < year]  # suppressed years are not in the history
    if not earlier.empty:
        p = earlier.iloc[-1]
        previous = {
            "year": int(p["year"]),
            "index": round_half_up(float(p["idx"])),
            "comparable": p["method"] == h["method"],
        }

    # A rank is given only where it means something (berakhlak.domain.ranks): among too few of
    # the level it is null, and rank_withheld says among how many of how many.
    rank = rank_withheld = None
    if index is not None and h["level"] != "nasional":
        r = query("entity_rank", dataset=dataset, entity=entity, year=year,
                     level=h["level"], min_respondents=min_respondents)
        if not r.empty:
            why = ranks.withheld(r.iloc[0]["of"], r.iloc[0]["in_level"])
            if why is None:
                rank = {"position": int(r.iloc[0]["position"]), "of": int(r.iloc[0]["of"]), "level": h["level"]}
            else:
                rank_withheld = why.as_dict() | {"level": h["level"]}

    # Every number carries its source: those of the entity-year, the national figure and the
    # previous year compared with.
    pairs = [(entity, int(year))] + ([(NATIONAL_CODE, int(year))] if national else []) \
        + ([(entity, previous["year"])] if previous else [])
    sources = query("sources_shown", dataset=dataset, entities=[e for e, _ in pairs], years=[y for _, y in pairs],
                    all_measures=True)

    return {
        "entity_code": entity,
        "entity_name": h["entity_name"],
        "level": h["level"],
        "year": int(year),
        "dataset": dataset,
        "method": h["method"] if pd.notna(h["method"]) else None,
        "index": index,
        "index_basis": None if index is None else h["index_basis"],
        "category": band.code if band else None,
        "category_label": band.label(lang) if band else None,
        "values": value_out,
        "weakest_value": weakest,
        "strongest_value": strongest,
        "national": national,
        "delta_vs_national": delta(index, national["index"]) if national and index is not None else None,
        "previous": previous,
        "rank": rank,
        "rank_withheld": rank_withheld,
        "respondents": respondents,
        "suppressed": suppressed,
        "suppression": h["suppression"] if suppressed else None,
        "recognitions": recognitions,
        "published_rank": published_rank(recognitions),
        "caveats": caveats_of(query, dataset, entity, year, min_respondents),
        "sources": [{"entity_code": r.entity_code, "year": int(r.year), "url": r.url,
                     "title": r.title if isinstance(r.title, str) else None,
                     "note": r.note if isinstance(r.note, str) else None} for r in sources.itertuples()],
    }


def _opt_int(x) -> int | None:
    return None if x is None or pd.isna(x) else int(x)


def recognitions_of(query, dataset: str, entity: str, year: int) -> list[dict]:
    """The published ranks and awards of one entity for one survey year (migrations/0006)."""
    frame = query("entity_recognitions", dataset=dataset, entity=entity, year=int(year))
    return [{"year": int(r.year), "award": r.award, "value_code": r.value_code if isinstance(r.value_code, str) else None,
             "scope": r.scope if isinstance(r.scope, str) else None, "rank": _opt_int(r.rank),
             "top_n": _opt_int(r.top_n), "of": _opt_int(r.of_total),
             "source_url": r.source_url if isinstance(r.source_url, str) else None,
             "awarded_by": r.awarded_by if isinstance(r.awarded_by, str) else None,
             "confidence": r.confidence if isinstance(r.confidence, str) else None}
            for r in frame.itertuples()]


def published_rank(recognitions: list[dict]) -> dict | None:
    """The rank the source gives for the index of that year (not for one value), if any: a
    position with its scope; one that says out of how many first."""
    given = [r for r in recognitions if r["value_code"] is None and r["rank"] is not None]
    if not given:
        return None
    best = sorted(given, key=lambda r: (r["of"] is None, r["rank"]))[0]
    return {"position": best["rank"], "of": best["of"], "scope": best["scope"], "source_url": best["source_url"]}


def caveats_of(query, dataset: str, entity: str, year: int, min_respondents: int) -> list[dict]:
    """The figures of the entity-year that carry a caveat (medium confidence, an unnamed measure)."""
    frame = query("entity_caveats", dataset=dataset, entities=[entity], year=int(year),
                  min_respondents=min_respondents)
    return [{"measure": r.measure, "value_code": r.value_code if isinstance(r.value_code, str) else None,
             "score": round_half_up(r.score), "confidence": r.confidence if isinstance(r.confidence, str) else None,
             "note": r.note if isinstance(r.note, str) else None}
            for r in frame.itertuples()]
