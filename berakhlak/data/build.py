"""`init`: build the database from data/ — the reference lists, the published figures and the
synthetic demo. A new database is built in a side file and moved into place only when complete,
so a crash never leaves a half-built database behind."""
from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import duckdb
import pandas as pd

from berakhlak.data import db
from berakhlak.ingest import importer

PUBLISHED_FILE = db.DATA_DIR / "published_figures.csv"
# More published figures (with a confidence column), the published ranks and awards, and the
# coverage of the national figures (issue 14).
PUBLISHED_MORE_FILE = db.DATA_DIR / "published_figures_more.csv"
RECOGNITIONS_FILE = db.DATA_DIR / "recognitions.csv"
COVERAGE_FILE = db.DATA_DIR / "national_coverage.csv"
REFERENCE_DIR = db.DATA_DIR / "reference"
SHIPPED_PUBLISHED = (PUBLISHED_FILE, PUBLISHED_MORE_FILE, RECOGNITIONS_FILE)

Progress = Callable[[str], None]


def _csv(name: str | Path) -> pd.DataFrame:
    return pd.read_csv(name, dtype=str, keep_default_na=False)


def load_reference(con: duckdb.DuckDBPyConnection) -> None:
    """Fill the reference tables once (they never change at run time)."""
    if bool(db.query_here(con, "reference_loaded").iloc[0, 0]):
        return
    d = db.DATA_DIR
    provinces = _csv(REFERENCE_DIR / "provinces.csv").merge(
        _csv(d / "survey_batches.csv")[["province_code", "batch"]],
        left_on="code", right_on="province_code", how="left")
    regencies = _csv(REFERENCE_DIR / "regencies.csv")
    frames = {
        "value": _csv(d / "values.csv"),
        "behaviour": _csv(d / "behaviours.csv"),
        "category_band": _csv(d / "category_bands.csv"),
        "method": _csv(d / "methods.csv").replace({"last_year": {"": None}}),
        "province": provinces[["code", "name", "batch"]],
        "regency": regencies[["code", "province_code", "name"]],
    }
    entities = pd.concat([
        pd.DataFrame([{"code": "ID", "name": "Nasional", "level": "nasional", "parent_code": None,
                       "region_code": None}]),
        pd.DataFrame({"code": provinces["code"], "name": provinces["name"], "level": "provinsi",
                      "parent_code": None, "region_code": provinces["code"]}),
        pd.DataFrame({"code": regencies["code"], "name": regencies["name"],
                      "level": regencies["name"].map(lambda n: "kota" if n.startswith("Kota ") else "kabupaten"),
                      "parent_code": None, "region_code": regencies["province_code"]}),
    ])
    frames["entity"] = entities
    with db.transaction(con):
        for table, frame in frames.items():
            con.register("frame", frame)
            cols = ", ".join(frame.columns)
            con.execute(f"INSERT INTO {table} ({cols}) SELECT {cols} FROM frame")  # noqa: S608 (table names are ours)
            con.unregister("frame")


def load_published(con: duckdb.DuckDBPyConnection, file: Path = PUBLISHED_FILE) -> importer.ImportReport | None:
    """One shipped file of the published dataset (figures or recognitions), imported once."""
    content = file.read_bytes()
    if db.import_seen(con, "published", importer.checksum(content)):
        return None
    report = importer.import_file(con, file, dataset="published", content=content,
                                  who="init", allow_reserved=True)
    if not report.ok:
        raise RuntimeError(f"{file.name} does not validate: "
                           + "; ".join(p.message("en") for p in report.problems[:5]))
    return report


def load_all_published(con: duckdb.DuckDBPyConnection) -> None:
    """Every shipped file of the published dataset, and the coverage facts beside them."""
    for file in SHIPPED_PUBLISHED:
        load_published(con, file)
    load_coverage(con)


def published_outdated(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the database holds an earlier release's published figures: the dataset is there,
    but a file this release ships is not among its imports."""
    if "published" not in set(db.query_here(con, "dataset_list")["name"]):
        return False
    return any(not db.import_seen(con, "published", importer.checksum(f.read_bytes())) for f in SHIPPED_PUBLISHED)


def bring_published_up_to_date(path: str) -> bool:
    """At start: an existing database gets the published figures of this release (through the
    writer, so viewers keep reading), not only with `init`. True when it wrote something."""
    if not db.is_local(path):
        return False
    con = db.connect(path, read_only=True)
    try:
        outdated = published_outdated(con)
    finally:
        con.close()
    if not outdated:
        return False
    with db.writer(path) as con:
        load_all_published(con)
    return True


def load_coverage(con: duckdb.DuckDBPyConnection) -> None:
    """The coverage facts of the national figures, from data/national_coverage.csv (replaced as a
    whole: they are reference data, not imports)."""
    frame = _csv(COVERAGE_FILE)
    frame["value"] = frame["value"].astype("int64")
    frame["source_url"] = frame["source_url"].replace("", None)
    con.register("coverage_frame", frame)
    try:
        db.execute(con, "coverage_load")
    finally:
        con.unregister("coverage_frame")


def load_demo(con: duckdb.DuckDBPyConnection) -> importer.ImportReport | None:
    from berakhlak.data.demo import DEMO_SEED, generate_demo

    provinces = _csv(REFERENCE_DIR / "provinces.csv")
    regencies = _csv(REFERENCE_DIR / "regencies.csv")
    frame = generate_demo(provinces, regencies, seed=DEMO_SEED)
    text = frame.astype(object).where(frame.notna(), "").astype(str)
    digest = importer.checksum(f"demo:{DEMO_SEED}:{len(frame)}".encode())
    if db.import_seen(con, "demo", digest):
        return None
    report = importer.import_table(con, text, dataset="demo", file_name=f"demo (seed {DEMO_SEED})",
                                   content_checksum=digest, who="init", allow_reserved=True)
    if not report.ok:
        raise RuntimeError("demo data do not validate: "
                           + "; ".join(p.message("en") for p in report.problems[:5]))
    return report


def init_database(path: str | None = None, force: bool = False, progress: Progress | None = None) -> str:
    """Build (or complete) the database at `path`. Idempotent: running it twice changes nothing."""
    say = progress or (lambda _msg: None)
    path = db.db_path(path)
    target = Path(path)
    if path.startswith("md:"):
        con = db.connect(path)
        _fill(con, say)
        con.close()
        return path
    if force and target.exists():
        target.unlink()
        Path(path + ".wal").unlink(missing_ok=True)
    if target.exists():
        con = db.connect(path)
        try:
            _fill(con, say)
        finally:
            con.close()
        return path
    target.parent.mkdir(parents=True, exist_ok=True)
    side = target.with_name(target.name + f".building-{os.getpid()}")
    side.unlink(missing_ok=True)
    con = db.connect(str(side))
    try:
        _fill(con, say)
        con.execute("CHECKPOINT")
    finally:
        con.close()
    os.replace(side, target)
    return path


def _fill(con: duckdb.DuckDBPyConnection, say: Progress) -> None:
    say("reference")
    load_reference(con)
    say("published")
    load_all_published(con)
    say("demo")
    load_demo(con)
    say("demo_eval")  # the internal evaluation's synthetic demo
    from berakhlak.evaluation.demo import load_demo_eval

    load_demo_eval(con)
