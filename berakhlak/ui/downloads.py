"""Download buttons, all writing through the one writer (berakhlak/present/output.py):

    about = downloads.about(dataset, entities=["62", "ID"], years=[2024], title="Tren indeks")
    downloads.chart(fig, data, "tren-62-demo", about)     # a chart, its PNG, its data as CSV/XLSX
    downloads.table(frame, "perbandingan-…", about)       # a table as CSV (and XLSX)
    downloads.deck_button(entity, year, dataset, benchmark)

`about` says where the numbers come from (dataset, sources, methods, the suppression rule;
synthetic data marked): every file carries it. Files are made only when the user clicks
(Streamlit's deferred download, on another thread: no Streamlit call and no thread-local
language in there), and so is `about` (its queries run then, `OnClick`), so a page rerun costs
nothing; the date in the file is the click's.

`data` is the chart's data as a user reads it: headers in the language, numbers rounded as shown
(see `slides.trend_table`, `slides.values_table`).
"""
from __future__ import annotations

from functools import partial

import pandas as pd
import streamlit as st

from berakhlak.data import db
from berakhlak.i18n import current_lang, t
from berakhlak.present import output
from berakhlak.ui import common as ui

PPTX_MIME = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class OnClick:
    """An About made when its file is made (the click, on Streamlit's download thread), not on
    every rerun: its queries (the sources and methods of the entities shown) would otherwise run
    for every new selection, for files nobody asked for. Answers as the About it makes."""

    def __init__(self, make):
        self._make, self._made = make, None

    def made(self) -> output.About:
        if self._made is None:
            self._made = self._make()
        return self._made

    def stamped(self) -> output.About:
        return self.made().stamped()

    def __getattr__(self, name):
        return getattr(self.made(), name)


def about(dataset: str, entities=(), years=(), title: str = "", notes=()) -> OnClick:
    """What a file of these entities and years of `dataset` says about itself, read when the file
    is made. Everything that depends on the session (language, minimum, the connection of this
    version of the file) is taken now: the download thread has no session."""
    query = partial(db.query, ui.con())
    lang, minimum = ui.lang(), ui.min_respondents()
    entities, years, notes = list(entities), [int(y) for y in years], tuple(notes)
    return OnClick(lambda: output.about(query, dataset, lang, title=title, entities=entities, years=years,
                                        min_respondents=minimum, notes=notes))


def _csv(frame: pd.DataFrame, about_: output.About):
    return lambda: output.csv(frame, about_.stamped())


def _xlsx(frame, about_: output.About, sheet: str):
    return lambda: output.xlsx(frame, about_.stamped(), sheet=sheet)


def chart(fig, data: pd.DataFrame | None, name: str, about_: output.About, *, key: str | None = None,
          **plotly_kwargs) -> None:
    """The figure, with a PNG download named `name` (Plotly's camera icon), and its data.
    Further keyword arguments go to st.plotly_chart (e.g. theme=None)."""
    from berakhlak.ui import pages

    pages.render(fig, name, key=key, **plotly_kwargs)
    data_buttons(data, name, about_)


def data_buttons(data: pd.DataFrame | None, name: str, about_: output.About) -> None:
    """CSV and XLSX of a chart's data, as two small buttons under it."""
    if data is None or data.empty:
        return
    frame = data.copy()
    with st.container(horizontal=True, gap="small", vertical_alignment="center"):
        st.caption(t("download.data"), help=t("download.png_hint"), width="content")
        st.download_button(t("download.csv"), data=_csv(frame, about_), file_name=f"{name}.csv",
                           mime="text/csv", on_click="ignore", icon=":material/download:", type="tertiary",
                           key=f"dl-csv-{name}")
        st.download_button(t("download.xlsx"), data=_xlsx(frame, about_, "data"), file_name=f"{name}.xlsx",
                           mime=XLSX_MIME, on_click="ignore", icon=":material/download:", type="tertiary",
                           key=f"dl-xlsx-{name}")


def table(frame: pd.DataFrame | dict[str, pd.DataFrame], name: str, about_: output.About, *, xlsx: bool = True,
          container=None, sheet: str | None = None, key: str | None = None,
          labels: tuple[str, str] | None = None) -> None:
    """CSV (and XLSX) of exactly the table shown; hidden scores are empty cells. Several tables
    ({sheet: frame}) go into the XLSX as sheets; the CSV holds the first."""
    where = container or st
    sheets = {k: v.copy() for k, v in frame.items()} if isinstance(frame, dict) else {sheet or "data": frame.copy()}
    first = next(iter(sheets.values()))
    with where.container(horizontal=True):
        csv_label, xlsx_label = labels or (t("pages.download_csv"), t("pages.download_xlsx"))
        st.download_button(csv_label, _csv(first, about_), file_name=f"{name}.csv",
                           mime="text/csv", icon=":material/download:", on_click="ignore",
                           key=None if key is None else f"{key}-csv")
        if xlsx:
            st.download_button(xlsx_label, _xlsx(sheets, about_, "data"),
                               file_name=f"{name}.xlsx", mime=XLSX_MIME, icon=":material/table:", on_click="ignore",
                               key=None if key is None else f"{key}-xlsx")


def deck_button(entity: str, year: int, dataset: str, benchmark: str | None = None, *,
                key: str = "dl-pptx", type: str = "secondary", container=None) -> None:
    """The PowerPoint deck of this selection (a briefing deck when a benchmark is given)."""
    from berakhlak.present import deck
    from berakhlak.present import slides

    lang, con, min_resp = current_lang(), ui.con(), ui.min_respondents()

    def make() -> bytes:  # runs on its own thread when clicked: no Streamlit calls, lang passed
        return deck.build_pptx(con, entity, int(year), dataset, benchmark or None, lang, min_resp)

    where = container or st
    where.download_button(t("download.pptx"), data=make,
                          file_name=slides.file_stem(entity, year, dataset, benchmark or None, lang) + ".pptx",
                          mime=PPTX_MIME, on_click="ignore", icon=":material/slideshow:", type=type,
                          help=t("download.pptx_help"), key=key)
