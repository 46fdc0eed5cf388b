"""The chart benchmark (python -m benchmarks.charts) keeps working: it times a captured call against
a git revision's builders and says whether both drew the same figure. (Its capture step needs the
national benchmark database and is not run here.)"""
from __future__ import annotations

import pickle
import subprocess

import pandas as pd
import pytest

from benchmarks import charts as bench

SERIES = pd.DataFrame({"entity_code": "62", "entity_name": "Kalimantan Tengah", "year": [2022, 2023, 2024],
                       "method": ["ACT-2022", "ACT-2022", "BRIN-2024"], "score": [59.5, 61.0, 76.3]})


def test_timing_against_a_revision_reports_the_same_figure():
    try:
        reference = bench.load_revision("HEAD")
    except subprocess.CalledProcessError:
        pytest.skip("not a git checkout")
    calls = [("berakhlak.present.charts", "trend_chart", "test", pickle.dumps(((SERIES, "id"), {"title": "T"}))),
             ("berakhlak.present.charts", "unit_small_multiples", "test", pickle.dumps(((SERIES, "en"), {})))]
    results = bench.time_calls(calls, {"current": bench.load_current(), "reference": reference}, repeat=1)
    assert [r["same_as_reference"] for r in results] == [True, True]
    summary = bench.summary(results, ["current", "reference"])
    assert summary["trend_chart"]["calls"] == 1 and summary["trend_chart"]["max_build_ms"] > 0
    assert "speedup" in summary["unit_small_multiples"]


def test_a_different_figure_is_reported():
    from berakhlak.present import charts

    a = charts.trend_chart(SERIES, "id")
    b = charts.trend_chart(SERIES.assign(score=[59.5, 61.0, 76.4]), "id")
    assert any("76.4" in d or "76,4" in d for d in bench.figure_differences(b, a))
    assert bench.figure_differences(a, charts.trend_chart(SERIES, "id")) == []
