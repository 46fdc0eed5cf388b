"""Proof that an edit of migrations already applied somewhere changes no schema.

    python scripts/migration_schema.py REV        # e.g. main, or the commit before the edit

Builds in memory a database from the migrations of REV (the reference), one from the working
tree's, and, for every version V of REV, one from REV's migrations up to V followed by the working
tree's after V (a database that was at V when the edit landed, then upgraded). Compares what
DuckDB's catalog says of each: duckdb_tables() (its normalised CREATE statement), duckdb_views(),
duckdb_functions() (the macros' definitions), duckdb_constraints(), duckdb_indexes(),
duckdb_sequences(). Prints SAME or what differs per case; exits 1 when anything differs.
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from berakhlak.data.db import MIGRATIONS_DIR, split_statements  # noqa: E402

CATALOG = {
    "tables": "SELECT table_name, sql FROM duckdb_tables() WHERE NOT internal ORDER BY 1",
    "views": "SELECT view_name, sql FROM duckdb_views() WHERE NOT internal ORDER BY 1",
    "functions": "SELECT function_name, function_type, parameters::VARCHAR, macro_definition "
                 "FROM duckdb_functions() WHERE NOT internal AND schema_name = 'main' ORDER BY ALL",
    "constraints": "SELECT table_name, constraint_type, constraint_text FROM duckdb_constraints() ORDER BY ALL",
    "indexes": "SELECT index_name, sql FROM duckdb_indexes() ORDER BY 1",
    "sequences": "SELECT sequence_name, start_value FROM duckdb_sequences() ORDER BY 1",
}


def at_revision(rev: str) -> dict[int, str]:
    """The migration files of a git revision: {version: text}."""
    rel = MIGRATIONS_DIR.relative_to(ROOT).as_posix()
    names = subprocess.run(["git", "ls-tree", "--name-only", rev, f"{rel}/"], cwd=ROOT, check=True,
                           capture_output=True, text=True).stdout.split()
    return {int(Path(n).name.split("_", 1)[0]): subprocess.run(
        ["git", "show", f"{rev}:{n}"], cwd=ROOT, check=True, capture_output=True, text=True).stdout
        for n in names if n.endswith(".sql")}


def in_tree() -> dict[int, str]:
    return {int(p.name.split("_", 1)[0]): p.read_text(encoding="utf-8") for p in MIGRATIONS_DIR.glob("*.sql")}


def catalog(migrations: list[str]) -> dict[str, list]:
    con = duckdb.connect(":memory:")
    for text in migrations:
        con.execute("BEGIN TRANSACTION")
        for stmt in split_statements(text):
            con.execute(stmt)
        con.execute("COMMIT")
    return {k: con.execute(q).fetchall() for k, q in CATALOG.items()}


def main(rev: str) -> int:
    old, new = at_revision(rev), in_tree()
    ref = catalog([old[v] for v in sorted(old)])
    print(f"reference ({rev}):", ", ".join(f"{len(v)} {k}" for k, v in ref.items()))
    cases = {"fresh, working tree": [new[v] for v in sorted(new)]}
    for upto in sorted(old):
        cases[f"{rev} up to {upto:04d}, then working tree"] = (
            [old[v] for v in sorted(old) if v <= upto] + [new[v] for v in sorted(new) if v > upto])
    differs = False
    for label, migrations in cases.items():
        got = catalog(migrations)
        diff = {k: {"only here": [x for x in got[k] if x not in ref[k]],
                    f"only in {rev}": [x for x in ref[k] if x not in got[k]]}
                for k in ref if got[k] != ref[k]}
        differs |= bool(diff)
        print(f"{label:45s} {'DIFFERENT ' + repr(diff)[:1000] if diff else 'SAME'}")
    return 1 if differs else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "main"))
