"""Benchmark of the internal evaluation's survey import: 1,000,000 synthetic respondents over the
342 Setda bureaus of the demo, through the same path as a user's file (read, validate, aggregate
in DuckDB, write). Prints one JSON object with the seconds of each step.

    python benchmarks/eval_aggregation.py [--respondents 1000000] [--db PATH] [--keep]

Without --db it builds a fresh database in a temporary folder (not timed). The target of issue 7:
the 1,000,000 respondents aggregate in under 30 s on this machine.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import duckdb

from berakhlak.data import db
from berakhlak.evaluation import internal as evaluation
from berakhlak.data.build import init_database

TARGET_SECONDS = 30.0


CPU = {}


def timed(fn, name=None):
    """(result, wall seconds); the process CPU seconds (all threads) go to CPU[name]."""
    start, cpu = time.perf_counter(), time.process_time()
    out = fn()
    if name:
        CPU[name] = round(time.process_time() - cpu, 3)
    return out, round(time.perf_counter() - start, 3)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--respondents", type=int, default=1_000_000)
    ap.add_argument("--db", help="an existing database to copy (default: build one)")
    ap.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = ap.parse_args(argv)

    work = Path(tempfile.mkdtemp(prefix="eval-bench-"))
    path = work / "bench.duckdb"
    if args.db:
        path.write_bytes(Path(args.db).read_bytes())
    else:
        init_database(str(path))
    con = db.connect(str(path))

    # The file a bureau would upload (generation is not timed).
    csv_path = work / "survei.csv"
    steps = db.query_text("eval_bench_respondents")
    con.execute(steps[0], {"seed": 0.42}).fetchall()
    con.sql(steps[1], params={"n": args.respondents}).write_csv(str(csv_path))
    content = csv_path.read_bytes()

    seconds = {}
    (raw, problems), seconds["read_csv"] = timed(lambda: evaluation.read_survey_table(content, "survei.csv"),
                                                 "read_csv")
    assert not problems, problems
    check, seconds["validate_and_aggregate"] = timed(lambda: evaluation.check_survey(con, raw), "validate_and_aggregate")
    assert not check.problems, [p.message("en") for p in check.problems[:5]]
    # The aggregation query alone, over the registered frame.
    frame, _, _, _ = evaluation._survey_frame(raw)
    con.register("survey_raw", frame)
    agg, seconds["aggregate_query_only"] = timed(lambda: db.query_here(con, "eval_survey_aggregate"), "aggregate_query_only")
    con.unregister("survey_raw")
    report, seconds["import_end_to_end"] = timed(lambda: evaluation.import_survey(
        con, content, "survei.csv", dataset="bench", who="benchmark"), "import_end_to_end")
    assert report.ok and report.added == len(check.units), report.problems[:3]
    again, seconds["reimport_unchanged"] = timed(lambda: evaluation.import_survey(
        con, content, "survei.csv", dataset="bench", who="benchmark"), "reimport_unchanged")
    _, seconds["scores_query_one_province"] = timed(lambda: evaluation.scores(con, "bench", "62", 2026, 5), "scores_query_one_province")
    con.close()

    total = seconds["import_end_to_end"]
    print(json.dumps({
        "benchmark": "internal evaluation survey import",
        "respondents": args.respondents,
        "units": len(check.units),
        "behaviour_rows_aggregated": len(agg),
        "answers": int(agg["answers"].sum()),
        "file_mb": round(len(content) / 1e6, 1),
        "seconds": seconds,
        "cpu_seconds": CPU,
        "load_average_1min_at_end": round(os.getloadavg()[0], 2),
        "target_seconds": TARGET_SECONDS,
        "under_target": total < TARGET_SECONDS,
        "reimport": {"added": again.added, "replaced": again.replaced, "unchanged": again.unchanged},
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "duckdb": duckdb.__version__,
                    "platform": platform.platform()},
    }, indent=2))
    if not args.keep:
        for f in work.iterdir():
            f.unlink()
        work.rmdir()
    return 0 if total < TARGET_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
