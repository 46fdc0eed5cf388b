"""Published facts beside the scores (issue 14), as text and tables: recognitions (ranks and
awards), caveats on figures, national coverage. Pure functions over query results; the
Streamlit glue is berakhlak/ui/facts.py, the slides use them too."""
from __future__ import annotations

import pandas as pd

from berakhlak.i18n import fmt_int, fmt_num, t


def _int(x) -> int | None:
    return None if x is None or (isinstance(x, float) and pd.isna(x)) or x is pd.NA else int(x)


def _text(x) -> str | None:
    return x if isinstance(x, str) and x else None


def standing(row, lang: str | None = None) -> str:
    """"peringkat 9 dari 18", "peringkat 1", "5 besar", or '' when the award gives neither."""
    rank, top, of = _int(getattr(row, "rank", None)), _int(getattr(row, "top_n", None)), _int(getattr(row, "of_total", None))
    if rank is not None and of is not None:
        return t("rec.rank_of", lang, rank=rank, of=of)
    if rank is not None:
        return t("rec.rank", lang, rank=rank)
    if top is not None:
        return t("rec.top", lang, top=top)
    return ""


def value_label(code, names: dict[str, str], lang: str | None = None) -> str:
    return names.get(code, code) if _text(code) else t("rec.whole_index", lang)


def badge_text(row, names: dict[str, str], lang: str | None = None) -> str:
    """One recognition as a short badge: "2022 · Harmonis · peringkat 1"."""
    parts = [str(int(row.year)), value_label(row.value_code, names, lang)]
    s = standing(row, lang)
    if s:
        parts.append(s)
    return " · ".join(parts)


def is_winner(row) -> bool:
    """Rank 1 (a "juara"/"peringkat pertama"), as opposed to a place in a top-N or a position."""
    return _int(getattr(row, "rank", None)) == 1


def recognition_table(frame: pd.DataFrame, names: dict[str, str], lang: str | None = None,
                      with_entity: bool = True) -> pd.DataFrame:
    """The recognitions as a table with translated headers (what a page shows and downloads)."""
    cols = {}
    if with_entity:
        cols[t("rec.col.entity", lang)] = frame["entity_name"].tolist() if "entity_name" in frame else []
    cols[t("rec.col.year", lang)] = [int(y) for y in frame["year"]]
    cols[t("rec.col.award", lang)] = frame["award"].tolist()
    cols[t("rec.col.value", lang)] = [value_label(v, names, lang) for v in frame["value_code"]]
    cols[t("rec.col.rank", lang)] = [standing(r, lang) for r in frame.itertuples()]
    cols[t("rec.col.scope", lang)] = [(_text(s) or "") for s in frame["scope"]]
    cols[t("rec.col.by", lang)] = [(_text(s) or "") for s in frame["awarded_by"]]
    cols[t("rec.col.confidence", lang)] = [t(f"rec.confidence.{c}", lang) if _text(c) else "" for c in frame["confidence"]]
    cols[t("rec.col.source", lang)] = [(_text(s) or "") for s in frame["source_url"]]
    return pd.DataFrame(cols)


def export_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """The recognitions of a dataset in the import format (a re-import changes nothing)."""
    out = pd.DataFrame({
        "entity_code": frame["entity_code"], "entity_name": frame["entity_name"],
        "entity_level": frame["entity_level"], "survey_year": frame["year"].astype("Int64"),
        "awarded_by": frame["awarded_by"], "award": frame["award"], "value_code": frame["value_code"],
        "scope": frame["scope"], "rank": frame["rank"].astype("Int64"), "top_n": frame["top_n"].astype("Int64"),
        "of": frame["of_total"].astype("Int64"), "source_url": frame["source_url"], "confidence": frame["confidence"],
    })
    return out


def caveat_lines(frame: pd.DataFrame, names: dict[str, str], lang: str | None = None) -> list[str]:
    """One plain line per figure with a caveat: "Sumatera Barat 2022, indeks yang tidak disebut
    sumbernya 64,7 — keyakinan sedang: <note>"."""
    lines = []
    for r in frame.itertuples():
        what = t(f"measure.{r.measure}", lang) if not _text(r.value_code) else names.get(r.value_code, r.value_code)
        head = f"{r.entity_name} {int(r.year)}, {what.lower()} {fmt_num(r.score, lang)}"
        parts = []
        if r.measure == "tidak_disebut":
            parts.append(t("real.unnamed_caveat", lang))
        if _text(r.confidence) == "medium":
            parts.append(t("real.medium", lang) + (f": {r.note}" if _text(r.note) else ""))
        elif _text(r.note) and r.measure == "tidak_disebut":
            parts.append(r.note)
        lines.append(head + " — " + " ".join(parts))
    return lines


def coverage_text(frame: pd.DataFrame, year: int, lang: str | None = None) -> str | None:
    """"Cakupan survei 2022: 592 instansi ikut, 923.413 responden, 442 instansi … dihitung." or None."""
    if frame.empty:
        return None
    parts = [t(f"cov.fact.{r.fact}", lang, n=fmt_int(int(r.value), lang)) for r in frame.itertuples()]
    return t("cov.line", lang, year=year, parts=", ".join(parts))
