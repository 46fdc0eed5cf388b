"""The benchmark harness keeps working: its quick mode runs end to end and its JSON has every
section, each with numbers. No timing is asserted here (timings belong to the harness's report,
not to a pass/fail test on a shared CI machine). Only the test marked `browser` starts Chromium
(the first-chart section); the rest runs the harness with `--skip browser`."""
from __future__ import annotations

import fcntl
import json
import os
import subprocess
import sys
from numbers import Number
from pathlib import Path

import pytest

from conftest import ROOT



def number(x) -> bool:
    return isinstance(x, Number) and not isinstance(x, bool) and x == x  # not NaN


@pytest.fixture(scope="session")
def quick(tmp_path_factory) -> tuple[dict, Path]:
    """The quick run, made once per test session even with several xdist workers (they share the
    parent of their temporary folders, and take turns with a lock): the first builds it, the
    others read its JSON."""
    base = tmp_path_factory.getbasetemp()
    shared = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base  # this session's, not the next
    work = shared / "bench-quick"
    work.mkdir(exist_ok=True)
    with open(shared / "bench-quick.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        done = work / "result.json"
        if not done.exists():
            done.write_text(json.dumps(harness(work, "quick.json", "--skip", "browser")))
        return json.loads(done.read_text()), work


def harness(work: Path, out_name: str, *args: str) -> dict:
    out = work / out_name
    proc = subprocess.run(
        [sys.executable, "-m", "benchmarks.run", "--quick", "--out", str(out), "--workdir", str(work), *args],
        cwd=ROOT, capture_output=True, text=True, timeout=900, env=dict(os.environ),
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    printed = json.loads(proc.stdout)  # the JSON goes to stdout, and only the JSON
    assert printed == json.loads(out.read_text())
    return printed


def test_machine_and_dataset(quick):
    r, _ = quick
    assert r["mode"] == "quick"
    m = r["machine"]
    assert number(m["cpu_count"]) and number(m["ram_gb"]) and m["cpu_model"]
    for lib in ("python", "duckdb", "streamlit", "pandas"):
        assert m[lib]
    assert r["date"][:2] == "20"
    d = r["dataset"]["dataset"]
    assert d["kind"] == "synthetic" and d["source_url"] == "urn:berakhlak:scale"
    assert number(d["scores"]) and d["scores"] > 0 and d["instansi"] == 630


def test_every_named_query_is_measured_or_says_why_not(quick):
    r, _ = quick
    files = sorted(p.stem for p in (ROOT / "queries").glob("*.sql"))
    assert sorted(r["queries"]) == files
    for name, q in r["queries"].items():
        if "cases" in q:
            assert q["cases"], name
            for case in q["cases"].values():
                assert number(case["median_ms"]) and number(case["p95_ms"]), (name, case)
        else:
            assert q["status"] and q["status"] != "no params registered", name
    reads = [q for q in r["queries"].values() if q.get("kind") == "read"]
    assert len(reads) >= 10


def test_every_page_of_the_navigation_has_rerun_figures(quick):
    r, _ = quick
    from benchmarks.run import discover_pages

    pages = [p["path"] for p in discover_pages()]
    assert pages and sorted(r["pages"]) == sorted(pages)
    for path, p in r["pages"].items():
        assert "error" not in p, (path, p.get("error"))
        assert number(p["median_ms"]) and number(p["p95_ms"]) and p["runs"] >= 3, path
        assert p["hot_spots"]["samples"] >= 0


def test_pandas_baseline_import_and_server(quick):
    r, _ = quick
    base = r["pandas_baseline"]
    assert number(base["load_s"])
    for path, b in base["pages"].items():
        assert number(b["ratio"]) and number(b["duckdb_ms"]) and number(b["pandas_ms"]), path
        # Every query the page ran has a pandas version, and it computed the same answer (in
        # another order only where the query's ORDER BY leaves ties).
        assert not b["without_baseline"], (path, b["without_baseline"])
        assert all(q["same_result"] in (True, "same rows; order differs among ties of the ORDER BY")
                   for q in b["queries"]), (path, [q["query"] for q in b["queries"] if q["same_result"] is not True])
    imp = r["import"]
    assert imp["ok"] and number(imp["rows_per_s"]) and imp["rows"] == 20_000
    srv = r["server"]
    for key in ("one_session", "n_sessions"):
        assert number(srv[key]["peak_rss_mb"]) and srv[key]["completed"] == srv[key]["sessions"], key
        assert not srv[key]["errors"], srv[key]["errors"]
    assert "browser" not in r  # skipped: no Chromium outside the browser marker
    assert r["summary"]["targets"] and "all_met" in r["summary"]


@pytest.mark.browser
def test_first_chart_in_chromium(quick, chromium):
    """The browser section, on the quick run's database (--reuse): Chromium's first chart."""
    _, work = quick
    r = harness(work, "browser.json", "--reuse", "--skip", "queries", "--skip", "pages", "--skip", "baseline", "--skip", "import")
    assert number(r["browser"]["median_s"]) and r["browser"]["loads"][0]["exceptions"] == 0
    assert any("Chromium" in t["target"] for t in r["summary"]["targets"])


@pytest.mark.browser
def test_the_deployment_is_measured_through_the_proxy_and_directly(quick, chromium):
    """The deploy section (deploy/serve: nginx + 2 replicas), on the quick run's database."""
    _, work = quick
    r = harness(work, "deploy.json", "--reuse", "--skip", "queries", "--skip", "pages", "--skip", "baseline",
                "--skip", "import", "--skip", "server")
    dep = r["deploy"]
    if "skipped" in dep:  # no nginx on this machine (CI installs it)
        assert not os.environ.get("CI"), dep["skipped"]
        return
    for name in ("proxy_loopback", "direct_loopback", "proxy_throttled", "direct_throttled"):
        c = dep["first_load"]["conditions"][name]
        assert number(c["first_chart_s_median"]) and number(c["bytes_total_median"]), name
        assert all(x["exceptions"] == 0 for x in c["loads"]), name
    # Compression is what the proxy is for: the same first load in fewer bytes.
    assert dep["first_load"]["ratios"]["bytes_proxy_over_direct"] < 0.6
    lt = dep["load_test"]
    assert lt["reruns"] >= lt["sessions"] and lt["errors"] == 0 and number(lt["rerun_ms"]["p95"])
    # nginx's log names the replica of every session's WebSocket (the sticky cookie's choice)
    assert set(lt["sessions_per_replica"]) <= {"1", "2"}
    assert sum(lt["sessions_per_replica"].values()) == lt["sessions"]


def test_a_query_without_params_is_reported_not_skipped(quick, monkeypatch):
    _, work = quick
    from benchmarks import run
    from berakhlak.data import db

    names = db.query_names() + ["zz_new_query"]
    monkeypatch.setattr(db, "query_names", lambda: names)
    path = str(work / "bench-quick.duckdb")
    con = db.connect(path, read_only=True)
    ctx = run.make_context(con, "skala")
    con.close()
    only_cheap = run.Mode("t", units=0, csv_rows=0, query_runs=1, write_runs=1, bulk_runs=1, page_runs=1,
                          baseline_runs=1, sessions=1, chart_loads=1, compare_loads=0, agent_sessions=0)
    out = run.bench_queries(path, ctx, only_cheap)
    assert out["zz_new_query"] == {"status": "no params registered"}
    summary = run.summarize({"queries": out})
    assert "query zz_new_query: p95" in summary["not_met"]


def test_pages_are_found_in_the_navigation(tmp_path):
    from benchmarks.run import discover_pages

    app = tmp_path / "app.py"
    app.write_text('import streamlit as st\n'
                   'pages = {"A": [st.Page("pages/one.py", title="1", url_path="satu", default=True)],\n'
                   '         "B": [st.Page("pages/two.py", title="2")]}\n')
    found = discover_pages(app)
    assert [(p["path"], p["url_path"], p["default"]) for p in found] == [
        ("pages/one.py", "", True), ("pages/two.py", "two", False)]  # the default is served at the root


def test_every_missed_target_says_what_would_remove_it():
    # A report that says "not met" must also say where the time went and what to do about it.
    from benchmarks import run

    result = {
        "pages": {"pages/x.py": {"p95_ms": 400.0, "met": False,
                                 "hot_spots": {"project": [{"where": "pages/x.py:3", "share": 0.5}]}}},
        "queries": {"eval_scores": {"kind": "read", "cases": {"a": {"p95_ms": 60.0, "met": False}}}},
        "import": {"rows_per_s": 1000, "met": False},
        "browser": {"median_s": 9.0, "met": False, "loads": [{"app_s": 1.0, "first_chart_s": 9.0}]},
        "pandas_baseline": {"pages": {"pages/x.py": {"ratio": 1.0, "met": False}}},
    }
    missed = [t for t in run.summarize(result)["targets"] if t["met"] is False]
    assert len(missed) == 5
    assert all(t.get("what_would_remove_it") for t in missed), missed
    assert "eval_unit_year" in next(t for t in missed if "eval_scores" in t["target"])["what_would_remove_it"]
    assert next(t for t in missed if "Chromium" in t["target"])["top_hot_spot"][0]["where"] == "app_s"
