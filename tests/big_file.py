"""A large, valid import file made at test time (never committed): every province and
kabupaten/kota, the 7 values, over consecutive years from 2024 (BRIN-2024)."""
from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pandas as pd

from berakhlak.paths import DATA_DIR

VALUES = ("BP", "AK", "KO", "HA", "LO", "AD", "KL")  # the index is derived: their mean


def big_frame(rows: int = 100_000, seed: int = 7) -> pd.DataFrame:
    ref = DATA_DIR / "reference"
    codes = (pd.read_csv(ref / "provinces.csv", dtype=str)["code"].tolist()
             + pd.read_csv(ref / "regencies.csv", dtype=str)["code"].tolist())
    per_year = len(codes) * len(VALUES)
    years = -(-rows // per_year)
    grid = pd.MultiIndex.from_product([range(2024, 2024 + years), codes, VALUES],
                                      names=["year", "entity_code", "value_code"]).to_frame(index=False)
    grid = grid.iloc[:rows].copy()
    rng = np.random.default_rng(seed)
    grid["score"] = np.round(rng.uniform(40, 95, len(grid)), 2)
    grid["respondents"] = rng.integers(50, 5000, len(grid))
    grid["measure"] = "implementasi"
    grid["source_url"] = "https://example.go.id/laporan-uji"
    return grid[["entity_code", "year", "measure", "value_code", "score", "respondents", "source_url"]]


def write_big_csv(path: Path, rows: int = 100_000, bad_row: int | None = None, seed: int = 7) -> Path:
    """The file; with bad_row (a spreadsheet row number, header = 1), that row's score is 'n/a'."""
    frame = big_frame(rows, seed)
    if bad_row is not None:
        frame["score"] = frame["score"].astype(object)
        frame.iloc[bad_row - 2, frame.columns.get_loc("score")] = "n/a"
    frame.to_csv(path, index=False, quoting=csv.QUOTE_MINIMAL)
    return path
