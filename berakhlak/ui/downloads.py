"""Downloads for every chart, in one line from a page:

    downloads.chart(fig, data, "tren-62-demo")

renders the figure with Plotly's own PNG download (a meaningful file name, print scale, via
`charts.chart_config`) and, under it, the chart's data as CSV and XLSX. And

    downloads.deck_button(entity, year, dataset, benchmark)

offers the PowerPoint deck of a selection (`berakhlak.present.deck`). Files are generated only when the
user clicks (Streamlit's deferred download), so a page rerun costs nothing.

`data` is the chart's data as a user reads it: headers in the language, numbers rounded as shown
(see `slides.trend_table`, `slides.values_table`). Text cells that a spreadsheet would run as a
formula are neutralised, as in the export.
"""
from __future__ import annotations

import io

import pandas as pd
import streamlit as st

from berakhlak.present.export import neutralise
from berakhlak.i18n import current_lang, t

PPTX_MIME = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """UTF-8 with a BOM, so spreadsheet programs read the accents and dashes right."""
    return neutralise(frame).to_csv(index=False).encode("utf-8-sig")


def xlsx_bytes(frame: pd.DataFrame, sheet: str = "data") -> bytes:
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl") as writer:
        neutralise(frame).to_excel(writer, index=False, sheet_name=sheet[:31])
        ws = writer.sheets[sheet[:31]]
        for col in ws.columns:  # readable column widths
            width = max(len(str(c.value or "")) for c in col)
            ws.column_dimensions[col[0].column_letter].width = min(60, max(10, width + 2))
    return buf.getvalue()


def chart(fig, data: pd.DataFrame | None, name: str, *, key: str | None = None, **plotly_kwargs) -> None:
    """The figure, with a PNG download named `name` (Plotly's camera icon), and its data.
    Further keyword arguments go to st.plotly_chart (e.g. theme=None)."""
    from berakhlak.ui import pages

    pages.render(fig, name, key=key, **plotly_kwargs)
    data_buttons(data, name)


def data_buttons(data: pd.DataFrame | None, name: str) -> None:
    """CSV and XLSX of a chart's data, as two small buttons under it."""
    if data is None or data.empty:
        return
    frame = data.copy()
    with st.container(horizontal=True, gap="small", vertical_alignment="center"):
        st.caption(t("download.data"), help=t("download.png_hint"), width="content")
        st.download_button(t("download.csv"), data=lambda: csv_bytes(frame), file_name=f"{name}.csv",
                           mime="text/csv", on_click="ignore", icon=":material/download:", type="tertiary",
                           key=f"dl-csv-{name}")
        st.download_button(t("download.xlsx"), data=lambda: xlsx_bytes(frame), file_name=f"{name}.xlsx",
                           mime=XLSX_MIME, on_click="ignore", icon=":material/download:", type="tertiary",
                           key=f"dl-xlsx-{name}")


def deck_button(entity: str, year: int, dataset: str, benchmark: str | None = None, *,
                key: str = "dl-pptx", type: str = "secondary", container=None) -> None:
    """The PowerPoint deck of this selection (a briefing deck when a benchmark is given)."""
    from berakhlak.present import deck
    from berakhlak.present import slides
    from berakhlak.ui import common as ui

    lang, con, min_resp = current_lang(), ui.con(), ui.min_respondents()

    def make() -> bytes:  # runs on its own thread when clicked: no Streamlit calls, lang passed
        return deck.build_pptx(con, entity, int(year), dataset, benchmark or None, lang, min_resp)

    where = container or st
    where.download_button(t("download.pptx"), data=make,
                          file_name=slides.file_stem(entity, year, dataset, benchmark or None, lang) + ".pptx",
                          mime=PPTX_MIME, on_click="ignore", icon=":material/slideshow:", type=type,
                          help=t("download.pptx_help"), key=key)
