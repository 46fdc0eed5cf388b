"""The 2025 self-run index (method MANDIRI-2025): an instansi measures the BerAKHLAK index itself,
per unit (OPD), as Survei Budaya Kerja 80 % + Evaluasi Implementasi BerAKHLAK 20 % on evidence
(Pemkab Barito Utara 2025; docs/method.md). That is the internal evaluation's combined score with the
weights 80/20.

A bureau head publishes an evaluated year's unit results into the dataset that holds the
evaluation, as index figures of method MANDIRI-2025: through the importer (the same validation,
the import log with the file kept, rollback from Kelola Data), inside the caller's writer
transaction (`db.writer`). Units whose survey is hidden (too few respondents) have no combined
score and are not published; the respondents are published, so suppression applies as anywhere.
"""
from __future__ import annotations

import io

import duckdb
import pandas as pd

from berakhlak.evaluation import internal
from berakhlak.i18n import t
from berakhlak.ingest import importer

METHOD = internal.MANDIRI_METHOD
SURVEY_WEIGHT = internal.DEFAULT_SURVEY_WEIGHT  # 80


def can_publish(weights: internal.Weights) -> bool:
    """Only the method's own weights make MANDIRI-2025 figures."""
    return float(weights.survey) == float(SURVEY_WEIGHT)


def publish_frame(con: duckdb.DuckDBPyConnection, dataset: str, instansi: str, year: int, min_respondents: int,
                  weights: internal.Weights | None = None, lang: str | None = None) -> pd.DataFrame:
    """The figures to publish, in the canonical long format: one index row per unit (and the
    instansi) that has a combined score."""
    weights = weights or internal.Weights()
    frame = internal.scores(con, dataset, instansi, year, min_respondents, weights)
    frame = frame[frame["combined"].notna()]
    note = t("mandiri.note", lang, year=int(year), survey=int(weights.survey), institution=int(weights.institution))
    rows = []
    for r in frame.itertuples():
        is_unit = r.row_kind == "unit"
        rows.append({
            "entity_code": r.entity_code, "entity_name": r.entity_name,
            "entity_level": "unit" if is_unit else "", "parent_code": instansi if is_unit else "",
            "year": str(int(year)), "measure": "implementasi", "value_code": "",
            "score": f"{float(r.combined):.2f}",
            "respondents": "" if pd.isna(r.respondents) else str(int(r.respondents)),
            "method": METHOD, "source_url": "", "note": note, "confidence": "",
        })
    return pd.DataFrame(rows, columns=list(importer.LONG_COLUMNS))


def publish(con: duckdb.DuckDBPyConnection, frame: pd.DataFrame, *, dataset: str, instansi: str, year: int,
            who: str | None, dry_run: bool = False) -> importer.ImportReport:
    """Write the figures through the importer (validated, logged with the file, reversible)."""
    content = frame.to_csv(index=False).encode("utf-8")
    name = f"mandiri-2025-{instansi}-{int(year)}.csv"
    raw = pd.read_csv(io.BytesIO(content), dtype=str, keep_default_na=False)
    return importer.import_table(con, raw, dataset=dataset, file_name=name, content_checksum=importer.checksum(content),
                                 dry_run=dry_run, who=who, content=content)
