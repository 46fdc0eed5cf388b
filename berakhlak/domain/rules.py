"""The domain rules, in one place (docs/method.md).

The same rules run in SQL: `half_up` is a macro of the schema (migrations/0001), the index is
derived by queries/refresh_entity_year.sql, and the bands are the category_band table. Tests keep
the two sides in agreement.
"""
from __future__ import annotations

import csv
import math
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

from berakhlak.paths import DATA_DIR

VALUE_CODES = ("BP", "AK", "KO", "HA", "LO", "AD", "KL")
# What the survey measures: the implementation index, then the 5 culture-health sub-indices.
SURVEY_MEASURES = (
    "implementasi",
    "keseimbangan",
    "energi_positif",
    "keselarasan_nilai",
    "keselarasan_budaya",
    "kesehatan_total",
)
# A figure whose source does not say which index it is (Kota Padang 2022, "indeks budaya kerja
# 81,1"): kept and shown with that caveat, never ranked, averaged or compared with an
# implementation index (entity_year reads measure 'implementasi' only).
UNNAMED_MEASURE = "tidak_disebut"
# What an import accepts.
MEASURES = SURVEY_MEASURES + (UNNAMED_MEASURE,)
LEVELS = ("nasional", "kementerian", "lembaga", "provinsi", "kabupaten", "kota", "unit")
PEMDA_LEVELS = ("provinsi", "kabupaten", "kota")
NATIONAL_CODE = "ID"
# An imported overall index and the mean of its 7 values may differ by rounding only.
INDEX_MEAN_TOLERANCE = 0.15
DEFAULT_MIN_RESPONDENTS = 5
# A gap under one point (as shown, rounded half-up to one decimal) is "setara" (equal): the index
# and its values are published to one decimal from samples of a few hundred to a few thousand
# respondents, and a difference below a point is within what another sample of the same
# organisation would give. Every worded gap and every difference colour uses this one rule.
SETARA_POINTS = 1.0
YEAR_RANGE = (2020, 2100)


def round_half_up(x: float | None) -> float | None:
    """Half-up to one decimal: 74.95 -> 75.0, 24.949 -> 24.9. First to 6 decimals, as the SQL
    macro half_up does (a cast to DECIMAL(18, 6)), so that a mean computed in floating point as
    74.64999999999999 rounds as the 74.65 it is (74.7) and both sides always agree."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return None
    six = Decimal(repr(float(x))).quantize(Decimal("0.000001"), rounding=ROUND_HALF_UP)
    return float(six.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


@dataclass(frozen=True)
class Band:
    code: str
    label_id: str
    label_en: str
    lower: float
    upper: float
    inferred: bool
    note_id: str
    note_en: str

    def label(self, lang: str) -> str:
        return self.label_en if lang == "en" else self.label_id


@lru_cache(maxsize=1)
def bands() -> tuple[Band, ...]:
    """The category bands, from data/category_bands.csv (A first)."""
    with open(DATA_DIR / "category_bands.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    return tuple(
        Band(
            r["code"], r["label_id"], r["label_en"], float(r["lower"]), float(r["upper"]),
            r["inferred"].strip().lower() == "true", r["note_id"], r["note_en"],
        )
        for r in rows
    )


def band_for(score: float | None) -> Band | None:
    """The band of a score, classified on the score as shown (rounded half-up)."""
    shown = round_half_up(score)
    if shown is None:
        return None
    for band in bands():
        if band.lower <= shown <= band.upper:
            return band
    return None


def index_of(published: float | None, values: dict[str, float]) -> tuple[float | None, str | None]:
    """The index of an entity-year and its basis: the published overall score when there is one,
    else the mean of the 7 values when all 7 are present, else missing (never a partial mean)."""
    if published is not None:
        return published, "published"
    present = [values[c] for c in VALUE_CODES if values.get(c) is not None]
    if len(present) == len(VALUE_CODES):
        return sum(present) / len(present), "mean_of_values"
    return None, None


def method_for_year(year: int, methods: list[tuple[str, int, int | None]]) -> str | None:
    """The method (instrument) covering a year, from (code, first_year, last_year) rows."""
    for code, first, last in methods:
        if year >= first and (last is None or year <= last):
            return code
    return None


def delta(a: float | None, b: float | None) -> float | None:
    """A difference between two scores as shown: computed from the rounded figures, so a reader
    can check it by hand (61,0 − 60,9 = 0,1)."""
    ra, rb = round_half_up(a), round_half_up(b)
    if ra is None or rb is None:
        return None
    return round_half_up(ra - rb)


def is_setara(gap: float | None) -> bool:
    """True when a gap, as shown (rounded half-up to one decimal), is under SETARA_POINTS."""
    g = round_half_up(gap) if gap is not None else None
    return g is not None and abs(g) < SETARA_POINTS
