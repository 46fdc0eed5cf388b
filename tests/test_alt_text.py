"""A chart's text alternative (berakhlak/present/alt_text.py): the highest and the lowest number
drawn, with their labels, read from the figure whether it was built validated or from plain dicts."""
import plotly.graph_objects as go

from berakhlak.present import charts
from berakhlak.present.alt_text import describe


def test_a_bar_chart_names_its_highest_and_lowest_bar():
    fig = go.Figure([go.Bar(x=["Aceh", "<b>Bali</b>", "Jambi"], y=[71.25, 80.0, 60.5]),
                     go.Scatter(x=["Aceh"], y=[99.0], mode="text", text=["label only"])],
                    layout={"title": {"text": "Indeks 2024."}})
    assert describe(fig, "id") == "Indeks 2024. Tertinggi: Bali (80,0); terendah: Jambi (60,5)."
    assert describe(fig, "en") == "Indeks 2024. Highest: Bali (80.0); lowest: Jambi (60.5)."


def test_a_heatmap_reads_its_cell_labels_and_row_ticks_and_a_line_its_name():
    heat = charts._figure([{"type": "heatmap", "z": [[1, 2], [3, 4]], "x": ["BP", "AK"], "y": [0, 1],
                            "text": [["59,5 · C", "–"], ["91,2 · A", "70,0 · B"]]}],
                          {"title": "Unit × nilai", "yaxis": {"tickvals": [0, 1], "ticktext": ["Biro <i>A</i>", "Biro B"]}})
    assert describe(heat, "id") == "Unit × nilai. Tertinggi: Biro B · BP (91,2); terendah: Biro A · BP (59,5)."
    lines = charts._figure([{"type": "scatter", "name": "Aceh", "x": [2023, 2024], "y": [70.0, None]},
                            {"type": "scatter", "name": "Bali", "x": [2023, 2024], "y": [65.0, 75.0],
                             "visible": True}, {"type": "scatter", "y": [1.0], "visible": False}],
                           {"annotations": [{"text": "Panel <b>1</b>"}]})
    assert describe(lines, "en") == "Panel 1. Highest: Bali 2024 (75.0); lowest: Bali 2023 (65.0)."
    assert describe(charts._figure([], {}), "en") == "Chart. This chart shows no numbers."
