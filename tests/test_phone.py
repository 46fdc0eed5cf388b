"""Charts on a phone (issue 13, item 6): berakhlak.present.phone.narrow breaks what does not fit a
phone's width and leaves a figure that fits alone; the builders' phone layouts (two columns of
small multiples, horizontal whole-year ticks, two-line heatmap cells) as the page asks for them.
What the browser draws is checked in tests/browser (fit.py) on every page at 390×844."""
from __future__ import annotations

import re

import pandas as pd

from berakhlak.present import charts, charts_diff, phone

LONG = "Sebaran Berorientasi Pelayanan di 38 provinsi, 2024 — data sintetis, dibuat acak untuk ilustrasi"


def widest(text: str, size: float) -> float:
    return phone.width_px(text, size)


def test_a_long_title_and_note_are_broken_to_the_phone_width():
    fig = charts._figure([{"type": "bar", "x": [1], "y": ["a"], "orientation": "h"}],
                         charts._base_layout({"annotations": [{"x": 0, "xref": "paper", "y": 1.02, "yref": "paper",
                                                               "xanchor": "left", "text": LONG, "showarrow": False}]},
                                             LONG, 400))
    small = phone.narrow(fig)
    assert small is not None
    assert small.layout.title.text.count("<br>") >= 1
    assert widest(small.layout.title.text, 16.8) <= phone.WIDTH - 16
    assert widest(small.layout.annotations[0].text, 14) <= phone.WIDTH
    assert small.layout.margin.t > fig.layout.margin.t  # room for the extra lines
    assert fig.layout.title.text == LONG  # the page's figure is left as it was


def test_a_figure_that_fits_is_left_alone():
    fig = charts._figure([{"type": "bar", "x": [1], "y": ["a"], "orientation": "h"}],
                         charts._base_layout({}, "Indeks 2024", 300))
    assert phone.narrow(fig) is None


def test_year_ticks_are_whole_horizontal_and_few_enough():
    years = list(range(2021, 2027))
    for most in (3, 4, 6, 8):
        ticks = charts._year_ticks(years, most)
        assert ticks["tickangle"] == 0
        assert all(isinstance(v, int) for v in ticks["tickvals"])
        assert len(ticks["tickvals"]) <= most + 1
        assert ticks["tickvals"][0] == 2021 and ticks["tickvals"][-1] == 2026


def small_multiples_frame():
    rows = []
    names = ["Berorientasi Pelayanan", "Akuntabel", "Kompeten", "Harmonis", "Loyal", "Adaptif", "Kolaboratif"]
    for k, (code, name) in enumerate(zip(["BP", "AK", "KO", "HA", "LO", "AD", "KL"], names)):
        for year in (2022, 2023, 2024, 2025):
            rows.append({"entity_code": "62", "entity_name": "Kalimantan Tengah", "value_code": code, "ord": k + 1,
                         "name_id": name, "name_en": name, "year": year,
                         "method": "ACT-2022" if year < 2024 else "BRIN-2024", "score": 60.0 + k + year % 10})
    return pd.DataFrame(rows)


def test_small_multiples_on_a_phone_are_two_columns_with_the_legend_in_the_spare_slot():
    fig = charts.value_small_multiples(small_multiples_frame(), "id", cols=2)
    lay = fig.layout.to_plotly_json()
    domains = {tuple(lay[k]["domain"]) for k in lay if k.startswith("xaxis") and lay[k].get("visible") is not False}
    assert len(domains) == 2  # two columns
    assert fig.layout.legend.x < 0.6  # the legend in the empty slot, bottom right
    titles = [a.text for a in fig.layout.annotations if a.yanchor == "bottom" and a.xanchor == "center"]
    assert "Berorientasi<br>Pelayanan" in titles
    for k in lay:
        if k.startswith("xaxis"):
            assert lay[k].get("tickangle") == 0


def test_the_comparison_heatmap_on_a_phone_stacks_score_and_band():
    frame = pd.DataFrame({"entity_code": ["a", "b"], "entity_name": ["Biro Pemerintahan dan Otonomi Daerah", "B"],
                          "idx": [70.0, 82.5], "respondents": [40, 50], "suppressed": [False, False],
                          "suppression": [None, None]})
    fig = charts_diff.comparison_heatmap(frame, [("idx", "Indeks<br>BerAKHLAK")], "id", comparator={"idx": 80.0},
                                         comparator_name="Total", width=370)
    labels = [t for t in fig.data[2].text if t]
    assert any(re.fullmatch(r"(<b>▼ )?\d+,\d<br>[A-D](</b>)?", t) for t in labels)
    assert "<br>" in fig.layout.yaxis.ticktext[0]
    assert fig.data[1].colorbar.orientation == "h"


def test_notes_beside_the_plot_stay_and_notes_over_it_are_broken():
    long = "Garis titik-titik = pergantian metode (BRIN-2024); garis tidak disambung melewatinya."
    fig = charts._figure([{"type": "scatter", "x": [1], "y": [1]}], charts._base_layout({"annotations": [
        {"x": 1.01, "xref": "paper", "y": 0.5, "yref": "paper", "xanchor": "left", "text": "B · Cukup Sehat", "showarrow": False},
        {"x": 1, "xref": "paper", "y": 1.1, "yref": "paper", "xanchor": "right", "text": long, "showarrow": False}]},
        None, 400))
    small = phone.narrow(fig)
    assert small.layout.annotations[0].text == "B · Cukup Sehat"  # a band's name in the right margin
    assert "<br>" in small.layout.annotations[1].text
