"""The tile-grid map of the 38 provinces: same-size tiles placed roughly where the provinces are
(Sumatra to the west, Java along the south, Papua to the east), from data/province_tiles.csv.

The positions are hand-placed, not projected: col 0 is the west, row 0 the north. Each tile has a
short label that fits it (the usual abbreviation: Kalteng, Jabar, DIY…); the full name is in the
hover and the table."""
from __future__ import annotations

import csv
from functools import lru_cache

import pandas as pd

from berakhlak.paths import DATA_DIR

TILES_FILE = DATA_DIR / "province_tiles.csv"


@lru_cache(maxsize=1)
def _rows() -> tuple[tuple[str, str, int, int], ...]:
    with open(TILES_FILE, encoding="utf-8") as f:
        return tuple((r["code"], r["abbr"], int(r["col"]), int(r["row"])) for r in csv.DictReader(f))


def tiles() -> pd.DataFrame:
    """code, abbr, col, row: one row per province."""
    return pd.DataFrame(list(_rows()), columns=["code", "abbr", "col", "row"])


def abbreviation(code: str) -> str | None:
    for c, abbr, _col, _row in _rows():
        if c == code:
            return abbr
    return None
