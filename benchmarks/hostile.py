"""Hostile files of issue 16 at their full size: time to refusal and peak memory on the CLI (one
process per file, /usr/bin/time's maximum resident size) and in the browser's worker (the time
`worker.check` takes, the worker's memory capped by RLIMIT_AS); and, with --browser, the page
reruns of a second browser session while a first one uploads a zip bomb on the Evaluasi page.

    python benchmarks/hostile.py [--browser] [--port 8630]

Prints one JSON object. Needs a built database ($BERAKHLAK_DB or data/berakhlak.duckdb)."""
from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from hostile_files import long_line_file, many_sheets, wide_header, zip_bomb  # noqa: E402


def files(where: Path) -> dict[str, tuple[str, Path]]:
    """name -> (import kind, path)."""
    out = {}
    for name, kind, make in (("zip_bomb_480MB.xlsx", "import", lambda: zip_bomb(480)),
                             ("many_sheets_3000.xlsx", "import", lambda: many_sheets(3000)),
                             ("header_2M_columns.csv", "import", lambda: wide_header(2_000_000, "entity_code,year")),
                             ("survey_2M_columns.csv", "survey", lambda: wide_header(2_000_000)),
                             ("checklist_zip_bomb.xlsx", "checklist", lambda: zip_bomb(480, ("entity_code", "year",
                                                                                                "criterion")))):
        path = where / name
        path.write_bytes(make())
        out[name] = (kind, path)
    out["survey_1GB_line.csv"] = ("survey", long_line_file(where / "survey_1GB_line.csv"))
    return out


def cli(kind: str, path: Path, db: str) -> dict:
    cmd = [sys.executable, "-m", "berakhlak", "--lang", "en"]
    cmd += ["import", str(path)] if kind == "import" else ["eval-import", kind, str(path)]
    cmd += ["--dry-run", "--db", db]
    start = time.perf_counter()
    done = subprocess.run(["/usr/bin/time", "-f", "MAXRSS %M", *cmd], cwd=ROOT, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    rss = int(re.search(r"MAXRSS (\d+)", done.stderr).group(1)) / 1024
    message = [line for line in done.stderr.splitlines() if line and not line.startswith("MAXRSS")][:1]
    return {"exit": done.returncode, "seconds": round(seconds, 2), "peak_rss_mb": round(rss), "message": message,
            "traceback": "Traceback" in done.stderr}


def in_worker(kind: str, path: Path, db: str) -> dict:
    from berakhlak.ingest import worker

    kind = "national" if kind == "import" else kind
    if path.stat().st_size > 100 * 2**20:
        return {"skipped": "larger than Streamlit's upload cap (server.maxUploadSize): never reaches the worker"}
    content = path.read_bytes()
    start = time.perf_counter()
    report = worker.check(kind, content, path.name, "main", path=db)
    return {"seconds": round(time.perf_counter() - start, 2),
            "message": [p.message("en") for p in report.problems][:1]}


def browser_reruns(db: str, port: int, bomb: Path) -> dict:
    """Session B reruns the Ringkasan page (the language switch) 5 times before and 5 times while
    session A's upload of `bomb` on the Evaluasi page is being checked."""
    from playwright.sync_api import sync_playwright

    from browser.harness import CHROMIUM, CHROMIUM_ARGS, AppServer, wait_for_app

    server = AppServer(db, Path(tempfile.gettempdir()) / "hostile-bench.log", port=port).start()
    out = {}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            a, b = browser.new_page(), browser.new_page()
            for pg, url in ((b, "/"), (a, "/evaluasi?ds=demo")):  # the main page first: Streamlit's
                pg.goto(server.url + url)                          # first session races its page list
                wait_for_app(pg, 120000)
            a.get_by_role("tab", name="Impor data").click()

            def reruns(n=5):
                times = []
                for i in range(n):
                    start = time.perf_counter()
                    b.get_by_text("English" if i % 2 == 0 else "Indonesia", exact=True).first.click()
                    wait_for_app(b, 120000)
                    times.append(round(time.perf_counter() - start, 2))
                return times

            out["reruns_before_s"] = reruns()
            start = time.perf_counter()
            a.locator('[data-testid="stFileUploaderDropzoneInput"]').first.set_input_files(str(bomb))
            out["reruns_during_s"] = reruns()
            try:
                a.get_by_text("membengkak menjadi").first.wait_for(timeout=120000)
                out["upload_refused_after_s"] = round(time.perf_counter() - start, 2)
            except Exception as exc:  # noqa: BLE001 - the figure is then missing, the reruns stay
                out["upload_refused_after_s"] = f"not seen: {type(exc).__name__}"
            browser.close()
    finally:
        server.stop()
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--browser", action="store_true")
    parser.add_argument("--port", type=int, default=8630)
    args = parser.parse_args()
    from berakhlak.data import db as dbm

    db = dbm.db_path(None)
    result = {"machine": f"{os.cpu_count()} cores", "files": {}}
    with tempfile.TemporaryDirectory() as tmp:
        made = files(Path(tmp))
        for name, (kind, path) in made.items():
            result["files"][name] = {"bytes": path.stat().st_size, "cli": cli(kind, path, db),
                                     "worker": in_worker(kind, path, db)}
        if args.browser:
            try:
                result["browser"] = browser_reruns(db, args.port, made["zip_bomb_480MB.xlsx"][1])
            except Exception as exc:  # noqa: BLE001 - the file figures stay
                result["browser"] = f"failed: {type(exc).__name__}: {str(exc)[:300]}"
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
