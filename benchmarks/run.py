"""The benchmark harness: the app at national scale, measured.

    python -m benchmarks.run [--quick] [--out FILE] [--workdir DIR]

Builds a database with the synthetic national-scale dataset (berakhlak/scale.py) and prints one
JSON object with:

* machine: CPU, RAM, versions, date;
* dataset: what was generated and how long building it took;
* queries: every queries/*.sql, with the parameters of benchmarks/params.py: median and p95 latency
  (a query without registered parameters is listed as "no params registered");
* pages: every page of the app's navigation (found in app.py's st.Page calls): the server-side time
  of a full rerun (AppTest) after a typical interaction, median and p95, with the named queries it
  ran and where its time went (sampled stacks);
* pandas_baseline: each page's queries done in pandas on frames loaded once, against DuckDB, as a
  ratio;
* import: the real importer on the long-format file (1,000,000 rows), rows/s and its hot spots;
* server: peak RSS of one app process with 1 and with 20 concurrent sessions;
* browser: the Overview's first chart in Chromium, navigation start to chart visible;
* summary: every target, met or not, with the measured figure and the top hot spot.

--quick runs the same phases on a small dataset with few repetitions (well under a minute); CI runs
it (tests/test_benchmarks_quick.py) so the harness cannot rot. Its figures are not the national
figures. No target is asserted anywhere: the harness reports.
"""
from __future__ import annotations

import argparse
import ast
import contextlib
import datetime as dt
import functools
import gc
import inspect
import json
import os
import platform
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import traceback
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import psutil

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks import baseline, params  # noqa: E402
from berakhlak.data import db  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
PORTS = range(8651, 8660)


@dataclass(frozen=True)
class Mode:
    name: str
    units: int
    csv_rows: int
    query_runs: int
    write_runs: int
    bulk_runs: int
    page_runs: int
    baseline_runs: int
    sessions: int
    chart_loads: int
    compare_loads: int
    agent_sessions: int
    deploy_rounds: int = 3  # first loads per condition (proxy/direct x loopback/10 Mbit/s)
    deploy_sessions: int = 50  # the load test through the proxy
    deploy_seconds: float = 60


FULL = Mode("full", units=20_000, csv_rows=1_000_000, query_runs=50, write_runs=5, bulk_runs=3,
            page_runs=25, baseline_runs=15, sessions=20, chart_loads=5, compare_loads=3,
            agent_sessions=20)
QUICK = Mode("quick", units=600, csv_rows=20_000, query_runs=5, write_runs=1, bulk_runs=1,
             page_runs=3, baseline_runs=2, sessions=3, chart_loads=1, compare_loads=0,
             agent_sessions=0, deploy_rounds=1, deploy_sessions=4, deploy_seconds=8)


def log(msg: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def stats_ms(seconds: list[float], cpu: list[float] | None = None) -> dict:
    """Wall-clock figures (what the targets are about), and, when given, the CPU time this process
    spent in the same runs: on a machine shared with other work the wall time includes waiting for
    a core, the CPU time does not."""
    ms = np.array(seconds) * 1000.0
    out = {"runs": len(ms), "median_ms": round(float(np.median(ms)), 2),
           "p95_ms": round(float(np.percentile(ms, 95)), 2), "min_ms": round(float(ms.min()), 2),
           "max_ms": round(float(ms.max()), 2)}
    if cpu:
        c = np.array(cpu) * 1000.0
        out.update({"cpu_median_ms": round(float(np.median(c)), 2),
                    "cpu_p95_ms": round(float(np.percentile(c, 95)), 2)})
    return out


class Clock:
    """Wall and process-CPU time of one block."""

    def __enter__(self):
        self._wall, self._cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc):
        self.wall = time.perf_counter() - self._wall
        self.cpu = time.process_time() - self._cpu


# --- machine ---------------------------------------------------------------------------------

def machine_info() -> dict:
    import duckdb
    import pandas
    import plotly
    import streamlit

    model = platform.processor() or ""
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    return {
        "cpu_count": os.cpu_count(), "cpu_model": model,
        "ram_gb": round(psutil.virtual_memory().total / 2**30, 1),
        "os": platform.platform(), "python": platform.python_version(),
        "duckdb": duckdb.__version__, "streamlit": streamlit.__version__,
        "pandas": pandas.__version__, "plotly": plotly.__version__,
    }


# --- a small sampling profiler ----------------------------------------------------------------

class Sampler:
    """Samples every thread's stack (and this process's RSS) every `interval` seconds while
    active. Hot spots are attributed to the deepest frame in this repository (excluding
    benchmarks/) and to the innermost frame of any code. Cheap enough to leave on while timing."""

    def __init__(self, interval: float = 0.005):
        self.interval = interval
        self.project = Counter()
        self.leaf = Counter()
        self.script = Counter()  # the line of app.py or pages/*.py being run (inclusive)
        self.samples = 0
        self.peak_rss = 0
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def __enter__(self):
        self._thread = threading.Thread(target=self._loop, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()

    def _loop(self):
        me, proc = threading.get_ident(), psutil.Process()
        root, bench = str(ROOT), str(ROOT / "benchmarks")
        scripts = (str(ROOT / "app.py"), str(ROOT / "pages") + os.sep)
        while not self._stop.wait(self.interval):
            with contextlib.suppress(psutil.Error):
                self.peak_rss = max(self.peak_rss, proc.memory_info().rss)
            for ident, frame in sys._current_frames().items():
                if ident == me:
                    continue
                leaf, project, script, f = frame, None, None, frame
                while f is not None:
                    name = f.f_code.co_filename
                    if project is None and name.startswith(root) and not name.startswith(bench):
                        project = f
                    if script is None and name.startswith(scripts):
                        script = f
                    f = f.f_back
                if project is None:
                    continue  # an idle thread or the harness itself
                self.samples += 1
                self.project[_where(project)] += 1
                self.leaf[_where(leaf, short=True)] += 1
                if script is not None:
                    self.script[_script_line(script)] += 1

    def hot_spots(self, n: int = 8) -> dict:
        def top(counter):
            return [{"where": k, "share": round(v / self.samples, 3)} for k, v in counter.most_common(n)]

        out = {"samples": self.samples, "project": top(self.project), "innermost": top(self.leaf)}
        if self.script:
            out["script_lines"] = top(self.script)
        return out


@functools.cache
def _source_line(file: str, line: int) -> str:
    with contextlib.suppress(OSError, IndexError):
        return Path(file).read_text(encoding="utf-8").splitlines()[line - 1].strip()[:80]
    return ""


def _script_line(frame) -> str:
    """'pages/overview.py:19 s = summarize(...)': the line of the app's own script being run, so
    the time of a rerun reads line by line (inclusive of everything that line calls)."""
    name = str(Path(frame.f_code.co_filename).relative_to(ROOT))
    return f"{name}:{frame.f_lineno} {_source_line(frame.f_code.co_filename, frame.f_lineno)}"


def _where(frame, short: bool = False) -> str:
    name = frame.f_code.co_filename
    with contextlib.suppress(ValueError):
        name = str(Path(name).relative_to(ROOT))
    if short and "site-packages/" in name:
        name = name.split("site-packages/", 1)[1]
    return f"{name}:{frame.f_lineno} {frame.f_code.co_name}"


# --- the benchmark context --------------------------------------------------------------------

@dataclass
class Context:
    dataset: str
    year: int
    province: str
    kabupaten: str
    kl: str
    unit: str
    entities: list[str] = field(default_factory=list)  # the mixed sample pages cycle through
    years: list[int] = field(default_factory=list)
    # Lists and ids that the registered cases of benchmarks/params.py refer to (Ref("name")).
    previous_year: int | None = None
    first_year: int | None = None
    province_codes: list[str] = field(default_factory=list)  # every province with data, and "ID"
    kabkota_codes: list[str] = field(default_factory=list)  # every kabupaten/kota with data, and "ID"
    trend_entities: list[str] = field(default_factory=list)  # a province, a kabupaten, a K/L, "ID"
    # (entity, year) pairs as the sources block asks for them (queries/sources_shown.sql)
    province_years: list[int] = field(default_factory=list)  # the latest year, for each of province_codes
    kabkota_codes_2: list[str] = field(default_factory=list)  # kabkota_codes, twice
    kabkota_years_2: list[int] = field(default_factory=list)  # the latest and the previous year
    trend_pairs_codes: list[str] = field(default_factory=list)  # trend_entities × every year
    trend_pairs_years: list[int] = field(default_factory=list)
    import_id: int | None = None  # the import of the scale dataset
    published_import_id: int | None = None
    file_import_id: int | None = None  # an import whose original file is stored
    eval_instansi: str | None = None  # an instansi with internal-evaluation data in the dataset
    eval_year: int | None = None
    eval_unit: str | None = None
    item_id: int | None = None  # an action item of eval_instansi
    today: dt.date = field(default_factory=dt.date.today)

    def resolve(self, value):
        if isinstance(value, params.Ref):
            return getattr(self, value.name)
        if isinstance(value, dict):
            return {k: self.resolve(v) for k, v in value.items()}
        if isinstance(value, list):
            return [self.resolve(v) for v in value]
        return value


def make_context(con, dataset: str) -> Context:
    ent = db.query(con, "entities_with_data", dataset=dataset)
    by_level = {lv: g["code"].tolist() for lv, g in ent.groupby("level", sort=False)}
    province = "62" if "62" in by_level.get("provinsi", []) else by_level["provinsi"][0]
    kab = [c for c in by_level.get("kabupaten", []) if c.startswith(province + ".")] or by_level["kabupaten"]
    units = by_level.get("unit", [])
    unit = next((u for u in units if u.startswith(kab[0] + ".")), None) or \
        next((u for u in units if u.startswith(province)), None) or units[0]
    kl = (by_level.get("kementerian") or by_level.get("lembaga"))[0]
    years = sorted(int(y) for y in db.query(con, "entity_years", dataset=dataset, entity=province)["year"])
    # A mixed sample, round-robin over levels, spread over each level's list.
    picks = []
    for level, n in params.ENTITY_SAMPLE.items():
        codes = by_level.get(level, [])
        if codes:
            idx = np.unique(np.linspace(0, len(codes) - 1, min(n, len(codes))).round().astype(int))
            picks.append([codes[i] for i in idx])
    mixed = [c for group in zip(*[p + [None] * (max(map(len, picks)) - len(p)) for p in picks])
             for c in group if c]
    ctx = Context(dataset, years[-1], province, kab[0], kl, unit, mixed, years)
    ctx.previous_year = years[-2] if len(years) > 1 else years[-1]
    ctx.first_year = years[0]
    ctx.province_codes = by_level.get("provinsi", []) + ["ID"]
    ctx.kabkota_codes = by_level.get("kabupaten", []) + by_level.get("kota", []) + ["ID"]
    ctx.trend_entities = [province, kab[0], kl, "ID"]
    ctx.province_years = [ctx.year] * len(ctx.province_codes)
    ctx.kabkota_codes_2 = ctx.kabkota_codes * 2
    ctx.kabkota_years_2 = [ctx.year] * len(ctx.kabkota_codes) + [ctx.previous_year] * len(ctx.kabkota_codes)
    ctx.trend_pairs_codes = [c for c in ctx.trend_entities for _y in years]
    ctx.trend_pairs_years = [y for _c in ctx.trend_entities for y in years]
    log_list = db.query(con, "import_log_list")
    ctx.import_id = int(log_list.loc[log_list["dataset"] == dataset, "import_id"].min())
    published = log_list.loc[log_list["dataset"] == "published", "import_id"]
    ctx.published_import_id = int(published.min()) if len(published) else ctx.import_id
    with_file = log_list.loc[log_list["has_file"], "import_id"]
    ctx.file_import_id = int(with_file.max()) if len(with_file) else ctx.import_id
    inst = db.query(con, "eval_instansi_list", dataset=dataset)["code"].tolist()
    if inst:
        ctx.eval_instansi = province if province in inst else inst[0]
        ctx.eval_year = int(db.query(con, "eval_years", dataset=dataset, instansi=ctx.eval_instansi)["year"].max())
        items = db.query(con, "action_items", dataset=dataset, instansi=ctx.eval_instansi, year=ctx.eval_year,
                         today=ctx.today)
        if len(items):
            ctx.item_id = int(items["item_id"].iloc[0])
            ctx.eval_unit = str(items["entity_code"].iloc[0])
    return ctx


# --- queries ---------------------------------------------------------------------------------

def shown_params(p: dict) -> dict:
    """Parameters as the report shows them: bytes by their size, long lists by their length."""
    out = {}
    for k, v in p.items():
        if isinstance(v, bytes | bytearray):
            v = f"<{len(v):,} bytes>"
        elif isinstance(v, list) and len(v) > 8:
            v = [*v[:3], f"... {len(v)} items"]
        out[k] = v
    return out


def bench_queries(path: str, ctx: Context, mode: Mode) -> dict:
    out: dict = {}
    names = db.query_names()
    # Writes first, on a writable connection, each rolled back.
    con = db.connect(path)
    try:
        for name in names:
            if name in params.WRITE:
                out[name] = {"kind": "write", "note": "run inside a transaction that is rolled back",
                             "cases": {}}
                for label, raw in params.WRITE[name].items():
                    p = ctx.resolve(raw)
                    times, cpu = [], []
                    try:
                        for _ in range(mode.write_runs):
                            con.begin()
                            try:
                                with Clock() as c:
                                    db.query_here(con, name, **p)  # fetched: a RETURNING left unfetched blocks
                            finally:
                                con.rollback()
                            times.append(c.wall)
                            cpu.append(c.cpu)
                    except Exception as exc:  # a finding, not a crash of the harness
                        out[name]["cases"][label] = {"params": shown_params(p), "error": f"{type(exc).__name__}: {exc}"}
                        continue
                    out[name]["cases"][label] = {"params": shown_params(p), **stats_ms(times, cpu)}
    finally:
        con.close()
    con = db.connect(path, read_only=True)
    try:
        for name in names:
            if name in params.WRITE:
                continue
            if name in params.ELSEWHERE:
                out[name] = {"kind": "elsewhere", "status": params.ELSEWHERE[name]}
                continue
            kind = "read" if name in params.READ else "bulk" if name in params.BULK else None
            if kind is None:
                out[name] = {"status": "no params registered"}
                continue
            registry = params.READ if kind == "read" else params.BULK
            runs = mode.query_runs if kind == "read" else mode.bulk_runs
            entry = {"kind": kind, "cases": {}}
            for label, raw in registry[name].items():
                p = ctx.resolve(raw)
                try:
                    start = time.perf_counter()
                    frame = db.query(con, name, **p)
                    first = time.perf_counter() - start
                    times, cpu = [], []
                    for _ in range(runs):
                        with Clock() as c:
                            db.query(con, name, **p)
                        times.append(c.wall)
                        cpu.append(c.cpu)
                except Exception as exc:  # a broken query is a finding, not a crash of the harness
                    entry["cases"][label] = {"params": shown_params(p), "error": f"{type(exc).__name__}: {exc}"}
                    continue
                case = {"params": shown_params(p), "rows": len(frame), "first_ms": round(first * 1000, 2), **stats_ms(times, cpu)}
                if kind == "read":
                    case["met"] = case["p95_ms"] <= params.TARGET_QUERY_P95_MS
                else:
                    case["rows_per_s"] = round(len(frame) / (case["median_ms"] / 1000.0))
                entry["cases"][label] = case
            out[name] = entry
    finally:
        con.close()
    return out


# --- pages -----------------------------------------------------------------------------------

def discover_pages(app_file: Path = ROOT / "app.py") -> list[dict]:
    """Every st.Page("pages/x.py", ...) in app.py, in order, with its url_path and default flag."""
    tree = ast.parse(app_file.read_text(encoding="utf-8"))
    pages = []
    for node in ast.walk(tree):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "Page"
                and node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
            kw = {k.arg: k.value for k in node.keywords}
            url = kw.get("url_path")
            default = kw.get("default")
            default_flag = bool(isinstance(default, ast.Constant) and default.value)
            pages.append({
                "path": node.args[0].value,
                # Streamlit serves the default page at the root, whatever its url_path.
                "url_path": "" if default_flag else url.value if isinstance(url, ast.Constant)
                else Path(node.args[0].value).stem,
                "default": default_flag,
                "line": node.lineno,
            })
    pages.sort(key=lambda p: p["line"])
    return pages


class QueryRecorder:
    """Wraps db.query / db.query_here to record each named query a page runs, with its time."""

    def __init__(self):
        self.calls: list[tuple[str, dict, float]] = []
        self.active = False
        self._orig = {}

    def __enter__(self):
        for fn in ("query", "query_here"):
            orig = getattr(db, fn)
            self._orig[fn] = orig

            def wrapped(con, name, _orig=orig, **kw):
                start = time.perf_counter()
                try:
                    return _orig(con, name, **kw)
                finally:
                    if self.active:
                        self.calls.append((name, dict(kw), time.perf_counter() - start))

            setattr(db, fn, wrapped)
        return self

    def __exit__(self, *exc):
        for fn, orig in self._orig.items():
            setattr(db, fn, orig)


def _exceptions(at) -> list[str]:
    return [str(e.message)[:300] for e in at.exception]


def _widget(at, key):
    """The selectbox (or multiselect) with this key, or None."""
    for kind in (at.selectbox, at.multiselect):
        with contextlib.suppress(KeyError, IndexError):
            return kind(key=key)
    return None


def _label(at, key, value) -> str | None:
    """The label a picker shows for `value` (its format_func), or None."""
    with contextlib.suppress(Exception):
        return str(_widget(at, key).format_func(value))
    return None


def _options(at, key):
    """The options of the picker with this key, as the test widget lists them (their labels)."""
    box = _widget(at, key)
    return (None, None) if box is None else (list(box.options), box)


def _selected(at, key):
    """The value a picker holds (a multiselect's first value)."""
    box = _widget(at, key)
    value = box.value
    return value[0] if isinstance(value, list) and value else value


_ADMIN_ENV: list = []


def sign_in_as_admin(at) -> None:
    """An admin session, as after the password sign-in of berakhlak.ui.auth (local password mode),
    for one page; sign_out_admin() puts the environment back."""
    from berakhlak.ui import auth

    _ADMIN_ENV.append(os.environ.get(auth.ENV_PLAIN))
    os.environ[auth.ENV_PLAIN] = "benchmark-only"
    at.session_state[auth.ADMIN_KEY] = "benchmark"


def sign_out_admin() -> None:
    from berakhlak.ui import auth

    while _ADMIN_ENV:
        before = _ADMIN_ENV.pop()
        if before is None:
            os.environ.pop(auth.ENV_PLAIN, None)
        else:
            os.environ[auth.ENV_PLAIN] = before


@contextlib.contextmanager
def compiled_once():
    """AppTest makes a new ScriptCache on every run, so it compiles app.py and the page anew
    (with Streamlit's "magic" AST pass) each time: about 40 % of a cached Overview rerun, a cost
    the server pays once per script file. Sharing one cache measures what the server does."""
    from streamlit.runtime.scriptrunner.script_cache import ScriptCache
    from streamlit.testing.v1 import app_test, local_script_runner

    shared = ScriptCache()
    saved = app_test.ScriptCache, local_script_runner.ScriptCache
    app_test.ScriptCache = local_script_runner.ScriptCache = lambda: shared
    try:
        yield
    finally:
        app_test.ScriptCache, local_script_runner.ScriptCache = saved


def clear_app_caches() -> None:
    """Every cached result of the app (queries, pickers, figures), so the next run is cold."""
    from berakhlak.ui import pages as pages_ui
    from berakhlak.ui import common as ui

    ui.clear_caches()
    pages_ui.figure.clear()


def bench_pages(ctx: Context, mode: Mode, only: list[str] | None = None) -> tuple[dict, dict]:
    """Rerun time of every page (or of the pages in `only`) after its typical interaction. Returns
    (pages, query calls of one cold-cache interaction per page, for the pandas baseline)."""

    with compiled_once():
        return _bench_pages(ctx, mode, only)


def _bench_pages(ctx: Context, mode: Mode, only: list[str] | None = None) -> tuple[dict, dict]:
    from streamlit.testing.v1 import AppTest

    out, calls_per_page = {}, {}
    start_params = ctx.resolve(params.PAGE_START_PARAMS)
    for page in discover_pages():
        path = page["path"]
        if only is not None and path not in only:
            continue
        entry = {"url_path": page["url_path"], "default": page["default"]}
        out[path] = entry
        if not (ROOT / path).exists():
            entry["error"] = "page file missing"
            continue
        override = params.PAGE_INTERACTIONS.get(path, {})
        try:
            at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)
            for k, v in start_params.items():
                at.query_params[k] = str(v)
            at.query_params["entity"] = ctx.province
            if override.get("admin"):
                sign_in_as_admin(at)
            start = time.perf_counter()
            at.run()
            if not page["default"]:
                at.switch_page(path)
                at.run()
            entry["first_run_ms"] = round((time.perf_counter() - start) * 1000, 1)
            if at.exception:
                entry["error"] = "exception on first run: " + "; ".join(_exceptions(at))
                continue
            keys = [override["key"]] if "key" in override else list(params.DEFAULT_INTERACTION_KEYS)
            key, options = None, None
            for k in keys:
                options, _ = _options(at, k)
                if options is not None:
                    key = k
                    break
            if key is None:
                values, interaction = [None] * (mode.page_runs + 1), "rerun (no entity or year picker found)"
            else:
                wanted = override.get("values") or ("years" if key == "year" else "entities")
                if wanted == "entities":
                    # Only entities this page's picker offers (a page may list one level only). The
                    # test widget lists its options as shown (labels): compare the label of each.
                    offered = set(options)
                    values = [e for e in ctx.entities if _label(at, key, e) in offered]
                    if not values:  # none of the sample: the first options (as labels)
                        values = list(options)[:25]
                elif wanted == "years":
                    values = list(ctx.years)
                else:
                    values = ctx.resolve(list(wanted))
                interaction = f"select another value of '{key}' ({wanted if isinstance(wanted, str) else 'listed'})"
            entry["interaction"] = interaction

            def interact(i, key=key, values=values, at=at):
                if key is None:
                    return at.run()
                box = _widget(at, key)
                current = _selected(at, key)
                choice = values[i % len(values)]
                if str(choice) == str(current):
                    choice = values[(i + 1) % len(values)]
                if box.type == "multiselect":  # the page's list becomes this one entity
                    box.set_value([choice])
                else:
                    box.set_value(type(current)(choice) if current is not None else choice)
                return choice

            # One cold-cache interaction, recorded for the pandas baseline (not timed).
            clear_app_caches()
            with QueryRecorder() as rec:
                rec.active = True
                interact(0)
                at.run()
            calls_per_page[path] = rec.calls
            # The measured runs: each a new value (a cache miss for what depends on it).
            times, cpu, db_times, executions, mismatched = [], [], [], [], []
            with QueryRecorder() as rec, Sampler(interval=0.01) as sampler:
                for i in range(1, mode.page_runs + 1):
                    asked = interact(i)
                    rec.calls.clear()
                    rec.active = True
                    with Clock() as c:
                        at.run()
                    times.append(c.wall)
                    cpu.append(c.cpu)
                    rec.active = False
                    db_times.append(sum(c[2] for c in rec.calls))
                    executions.append(len(rec.calls))
                    if at.exception:
                        entry.setdefault("exceptions", []).extend(_exceptions(at))
                    if key is not None and str(_selected(at, key)) != str(asked):
                        mismatched.append(f"asked {asked}, got {_selected(at, key)}")
            if mismatched:
                # A picker whose options share a label answers with the first option of that label
                # (Streamlit sends the label): the rerun was timed, but for another value.
                entry["picker_mismatches"] = {"count": len(mismatched), "examples": mismatched[:5]}
            entry.update(stats_ms(times, cpu))
            entry["cpu_note"] = "CPU time of the whole harness process, the stack sampler (every 10 ms) included"
            entry["met"] = entry["p95_ms"] <= params.TARGET_PAGE_P95_MS and not entry.get("exceptions")
            entry["named_queries_per_rerun"] = {
                "executions_median": float(np.median(executions)),
                "time_median_ms": round(float(np.median(db_times)) * 1000, 2),
                "share_of_rerun": round(float(np.median(np.array(db_times) / np.array(times))), 3),
                "distinct_in_cold_run": sorted({c[0] for c in calls_per_page[path]}),
            }
            entry["hot_spots"] = sampler.hot_spots()
            # For comparison: a rerun that changes nothing (every cached query a hit).
            still, still_cpu = [], []
            for _ in range(max(2, mode.page_runs // 5)):
                with Clock() as c:
                    at.run()
                still.append(c.wall)
                still_cpu.append(c.cpu)
            entry["unchanged_rerun"] = stats_ms(still, still_cpu)
            entry["note"] = ("AppTest: server-side script run only, no browser rendering or network; scripts "
                             "compiled once, as the server does (compiled_once)")
        except Exception as exc:
            entry["error"] = f"{type(exc).__name__}: {exc}"
            entry["traceback"] = traceback.format_exc(limit=5)
        finally:
            sign_out_admin()
    return out, calls_per_page


# --- pandas baseline ---------------------------------------------------------------------------

def bench_baseline(path: str, calls_per_page: dict, mode: Mode) -> dict:
    con = db.connect(path, read_only=True)
    try:
        start = time.perf_counter()
        frames = baseline.load_frames(con)
        load_s = time.perf_counter() - start
        out = {
            "what": "each page's named queries (one cold-cache interaction), run in DuckDB and in pandas on "
                    "frames loaded once; ratio = pandas time / DuckDB time (target >= 3)",
            "load_s": round(load_s, 2),
            "load_rows": {k: len(v) for k, v in frames.items()},
            "frames_mb": round(sum(v.memory_usage(deep=True).sum() for v in frames.values()) / 2**20, 1),
            "pages": {},
        }
        for page, calls in calls_per_page.items():
            seen, rows = set(), []
            for name, p, _ in calls:
                ident = (name, json.dumps(p, sort_keys=True, default=str))
                if ident in seen:
                    continue
                seen.add(ident)
                row = {"query": name, "params": shown_params(p)}
                impl = baseline.IMPLEMENTATIONS.get(name)
                if impl is None:
                    row["status"] = "no pandas baseline registered"
                    rows.append(row)
                    continue
                duck, pand = [], []
                a = b = None
                # A parameter the pandas version does not take is only the default db.query adds.
                args = {k: v for k, v in {**db.default_params(), **p}.items()
                        if k in inspect.signature(impl).parameters}
                try:
                    for _ in range(mode.baseline_runs):
                        s = time.perf_counter()
                        a = db.query(con, name, **p)
                        duck.append(time.perf_counter() - s)
                        s = time.perf_counter()
                        b = impl(frames, **args)
                        pand.append(time.perf_counter() - s)
                except Exception as exc:  # a broken pandas version is a finding, not a crash
                    row["status"] = f"error: {type(exc).__name__}: {exc}"
                    rows.append(row)
                    continue
                row["duckdb_ms"] = round(statistics.median(duck) * 1000, 3)
                row["pandas_ms"] = round(statistics.median(pand) * 1000, 3)
                row["same_result"] = baseline.same_result(a, b)
                if not row["same_result"] and baseline.same_rows(a, b):
                    row["same_result"] = "same rows; order differs among ties of the ORDER BY"
                rows.append(row)
            timed = [r for r in rows if "duckdb_ms" in r]
            d = sum(r["duckdb_ms"] for r in timed)
            pnd = sum(r["pandas_ms"] for r in timed)
            out["pages"][page] = {
                "queries": rows,
                "duckdb_ms": round(d, 2), "pandas_ms": round(pnd, 2),
                "ratio": round(pnd / d, 2) if d else None,
                "met": bool(d) and pnd / d >= params.TARGET_PANDAS_RATIO,
                "without_baseline": [r["query"] for r in rows if "status" in r],
            }
        del frames
        gc.collect()
        return out
    finally:
        con.close()


# --- import ------------------------------------------------------------------------------------

def bench_import(csv: Path, workdir: Path, mode: Mode) -> dict:
    from berakhlak.ingest import importer
    from berakhlak.data.build import init_database

    target = workdir / f"import-{mode.name}.duckdb"
    init_database(str(target), force=True)
    con = db.connect(str(target))
    # Time each stage of the pipeline (read_table -> to_long -> validate -> plan -> write) by
    # wrapping the module's functions; import_file looks them up at call time.
    stages: dict[str, float] = {}
    originals = {}
    for fn in ("read_table", "to_long", "validate", "_validate_entities", "_index_mean_warnings", "plan",
               "_write"):
        orig = originals[fn] = getattr(importer, fn)

        def timed(*a, _orig=orig, _fn=fn, **kw):
            start = time.perf_counter()
            try:
                return _orig(*a, **kw)
            finally:
                stages[_fn] = stages.get(_fn, 0.0) + time.perf_counter() - start

        setattr(importer, fn, timed)
    try:
        gc.collect()
        with Sampler(interval=0.01) as sampler, Clock() as clock:
            # The national file is larger than the upload limit of the app; the limit is not measured.
            report = importer.import_file(con, csv, dataset="skala", max_bytes=csv.stat().st_size)
        seconds = clock.wall
        rows = report.rows
        out = {
            "file": str(csv), "file_mb": round(csv.stat().st_size / 2**20, 1),
            "target_db": "a fresh database built by `init` (reference lists, published, demo)",
            "dataset": "skala", "rows": rows, "ok": report.ok, "problems": len(report.problems),
            "first_problem": report.problems[0].message("en") if report.problems else None,
            "added": report.added, "seconds": round(seconds, 2),
            "rows_per_s": round(rows / seconds) if seconds else None,
            "cpu_s": round(clock.cpu, 2),
            "rows_per_cpu_s": round(rows / clock.cpu) if clock.cpu else None,
            "peak_rss_mb": round(sampler.peak_rss / 2**20),
            "stages_s": {k: round(v, 2) for k, v in stages.items()},
            "stages_note": "validate includes _validate_entities and _index_mean_warnings; _write includes "
                           "the entity_year refresh",
            "hot_spots": sampler.hot_spots(10),
        }
        out["met"] = bool(report.ok and out["rows_per_s"] and out["rows_per_s"] >= params.TARGET_IMPORT_ROWS_PER_S)
        return out
    finally:
        for fn, orig in originals.items():
            setattr(importer, fn, orig)
        con.close()
        for p in (target, Path(str(target) + ".wal")):
            p.unlink(missing_ok=True)


# --- server: RSS with sessions, and the first chart in Chromium ----------------------------------

def free_port() -> int:
    for port in PORTS:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) != 0:
                return port
    raise RuntimeError(f"no free port in {PORTS.start}-{PORTS.stop - 1}")


class Server:
    """`streamlit run app.py` on a free port, with RSS sampling of it and its children."""

    def __init__(self, db_path: str, extra: list[str] | None = None):
        self.port = free_port()
        env = dict(os.environ, BERAKHLAK_DB=db_path)
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(self.port),
             "--server.headless", "true", "--browser.gatherUsageStats", "false", *(extra or [])],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
        self.base = f"http://127.0.0.1:{self.port}"
        self.peak = 0
        self._stop = threading.Event()
        self._sampler = None

    def rss(self) -> int:
        try:
            p = psutil.Process(self.proc.pid)
            return p.memory_info().rss + sum(c.memory_info().rss for c in p.children(recursive=True))
        except psutil.Error:
            return 0

    def wait_ready(self, timeout: float = 60) -> None:
        import urllib.request

        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError("streamlit exited: " + self.proc.stderr.read().decode()[-2000:])
            with contextlib.suppress(OSError):
                with urllib.request.urlopen(self.base + "/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        return
            time.sleep(0.2)
        raise RuntimeError("streamlit did not start")

    @contextlib.contextmanager
    def peak_rss(self):
        """Track the peak RSS while the block runs (sampled every 20 ms)."""
        self.peak = self.rss()
        stop = threading.Event()

        def loop():
            while not stop.wait(0.02):
                self.peak = max(self.peak, self.rss())

        t = threading.Thread(target=loop, daemon=True)
        t.start()
        try:
            yield
        finally:
            stop.set()
            t.join()
            self.peak = max(self.peak, self.rss())

    def stop(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)  # our own process group (start_new_session)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(10)


def ws_session(port: int, query_string: str, hold: threading.Event, result: dict) -> None:
    """One browser-like session over Streamlit's own WebSocket protocol: ask for a run with this
    query string, read every message until the run finishes, then hold the connection open (the
    session stays alive on the server) until `hold` is set."""
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
    from websockets.sync.client import connect

    start = time.perf_counter()
    try:
        with connect(f"ws://127.0.0.1:{port}/_stcore/stream", subprotocols=["streamlit"],
                     max_size=None, open_timeout=60) as ws:
            msg = BackMsg()
            msg.rerun_script.query_string = query_string
            ws.send(msg.SerializeToString())
            result["bytes"] = 0
            while True:
                fwd = ForwardMsg()
                raw = ws.recv(timeout=300)
                result["bytes"] += len(raw)
                fwd.ParseFromString(raw)
                kind = fwd.WhichOneof("type")
                if kind == "delta" and fwd.delta.WhichOneof("type") == "new_element" \
                        and fwd.delta.new_element.WhichOneof("type") == "exception":
                    result["exception"] = fwd.delta.new_element.exception.message[:300]
                if kind == "script_finished":
                    result["seconds"] = time.perf_counter() - start
                    break
            hold.wait(600)
    except Exception as exc:
        result["error"] = f"{type(exc).__name__}: {exc}"


def run_sessions(server: Server, queries: list[str]) -> dict:
    hold = threading.Event()
    results = [{} for _ in queries]
    threads = [threading.Thread(target=ws_session, args=(server.port, q, hold, r), daemon=True)
               for q, r in zip(queries, results)]
    with server.peak_rss():
        for t in threads:
            t.start()
        deadline = time.time() + 600
        while time.time() < deadline and not all("seconds" in r or "error" in r for r in results):
            time.sleep(0.05)
        time.sleep(1.0)  # sessions alive and idle: the steady state
        steady = server.rss()
    hold.set()
    for t in threads:
        t.join(30)
    done = [r["seconds"] for r in results if "seconds" in r]
    return {
        "sessions": len(queries), "completed": len(done),
        "peak_rss_mb": round(server.peak / 2**20, 1), "steady_rss_mb": round(steady / 2**20, 1),
        "first_run_s": {"median": round(statistics.median(done), 2), "max": round(max(done), 2)} if done else None,
        "page_bytes_median": int(statistics.median([r["bytes"] for r in results if "seconds" in r])) if done else None,
        "errors": [r.get("error") or r.get("exception") for r in results if "error" in r or "exception" in r],
    }


def agent_sessions(server: Server, n: int, page: str, query_params: list[dict]) -> dict:
    """n sessions through the agent API (POST /_stcore/agent/interact), concurrently."""
    import urllib.request

    results = [None] * n

    def one(i):
        request = {"query_params": {k: [v] for k, v in query_params[i % len(query_params)].items()}}
        if page:
            request["page"] = page  # the default page's url_path is "" in the agent API
        body = json.dumps(request).encode()
        req = urllib.request.Request(server.base + "/_stcore/agent/interact", data=body,
                                     headers={"Content-Type": "application/json"})
        start = time.perf_counter()
        try:
            with urllib.request.urlopen(req, timeout=600) as r:
                r.read()
                results[i] = {"status": r.status, "seconds": time.perf_counter() - start}
        except Exception as exc:
            results[i] = {"error": f"{type(exc).__name__}: {exc}"}

    threads = [threading.Thread(target=one, args=(i,), daemon=True) for i in range(n)]
    with server.peak_rss():
        for t in threads:
            t.start()
        for t in threads:
            t.join(600)
        time.sleep(1.0)
        steady = server.rss()
    done = [r["seconds"] for r in results if r and "seconds" in r]
    return {"sessions": n, "completed": len(done), "peak_rss_mb": round(server.peak / 2**20, 1),
            "steady_rss_mb": round(steady / 2**20, 1),
            "first_run_s": {"median": round(statistics.median(done), 2), "max": round(max(done), 2)} if done else None,
            "errors": [r["error"] for r in results if r and "error" in r][:5]}


FIRST_CHART_JS = """
(() => {
  window.__marks = {};
  const main = '[data-testid="stMain"] [data-testid="stElementContainer"]';
  const check = () => {
    const m = window.__marks, now = performance.now();
    if (m.app === undefined && document.querySelector('[data-testid="stApp"]')) m.app = now;
    if (m.first_element === undefined && document.querySelector(main)) m.first_element = now;
    for (const el of document.querySelectorAll('.js-plotly-plot')) {
      const r = el.getBoundingClientRect();
      if (r.width > 0 && r.height > 0 && el.querySelector('.main-svg')) {
        m.first_chart = now;
        return;
      }
    }
    requestAnimationFrame(check);
  };
  requestAnimationFrame(check);
})();
"""


def first_chart(server: Server, url_path: str, query_strings: list[str], compare: list[str]) -> dict:
    """Navigation start (performance.timeOrigin) to the first .js-plotly-plot drawn, in a fresh
    Chromium context per load (no HTTP cache, a new session on a warm server). `compare` loads the
    same page on the small shipped demo dataset, to separate Streamlit's fixed cost from the
    cost of scale."""
    from playwright.sync_api import sync_playwright

    def load(browser, qs):
        context = browser.new_context(viewport={"width": 1366, "height": 768})
        try:
            page = context.new_page()
            page.add_init_script(FIRST_CHART_JS)
            page.goto(f"{server.base}/{url_path}?{qs}", wait_until="commit")
            page.wait_for_function("window.__marks.first_chart !== undefined", timeout=120_000, polling=50)
            marks = page.evaluate("window.__marks")
            nav = page.evaluate("(() => { const n = performance.getEntriesByType('navigation')[0]; "
                                "return n ? n.domContentLoadedEventEnd : null; })()")
            # Streamlit loads Plotly's code (a chunk of several MB) only when the first chart
            # element arrives from the server: its request time is when the script got there.
            chunk = page.evaluate("(() => { const r = performance.getEntriesByType('resource')"
                                  ".find(e => e.name.includes('PlotlyChart')); "
                                  "return r ? [r.startTime, r.responseEnd, r.transferSize] : null; })()")
            errors = page.locator('[data-testid="stException"]').count()
        finally:
            context.close()
        out = {"query": qs, "first_chart_s": round(marks["first_chart"] / 1000, 3), "exceptions": errors,
               "dom_content_loaded_s": round(nav / 1000, 3) if nav else None}
        for k in ("app", "first_element"):
            if k in marks:
                out[f"{k}_s"] = round(marks[k] / 1000, 3)
        if chunk:
            out["plotly_code_requested_s"] = round(chunk[0] / 1000, 3)
            out["plotly_code_loaded_s"] = round(chunk[1] / 1000, 3)
            out["plotly_code_bytes"] = chunk[2]
        return out

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            loads = [load(browser, qs) for qs in query_strings]
            small = [load(browser, qs) for qs in compare]
        finally:
            browser.close()
    values = [x["first_chart_s"] for x in loads]
    out = {"loads": loads, "median_s": round(statistics.median(values), 3), "max_s": round(max(values), 3),
           "met": statistics.median(values) <= params.TARGET_FIRST_CHART_S,
           "what": "Chromium: performance.timeOrigin to the first .js-plotly-plot drawn (rAF polling), "
                   "fresh context each load, an entity not opened before on a warm server"}
    if small:
        out["same_page_small_demo_dataset"] = {
            "loads": small, "median_s": round(statistics.median(x["first_chart_s"] for x in small), 3),
            "what": "the same page and measurement on the shipped `demo` dataset (about 900 entities), "
                    "for comparison: what the page costs without national scale"}
    return out


def bench_server(db_path: str, ctx: Context, mode: Mode, pages: list[dict], browser: bool) -> tuple[dict, dict | None]:
    default = next((p for p in pages if p["default"]), pages[0])
    qs = [f"ds={ctx.dataset}&entity={e}&year={ctx.year}" for e in ctx.entities]
    out: dict = {"page": default["url_path"], "how": "sessions over Streamlit's WebSocket protocol "
                 "(what a browser tab costs the server), each opening the default page for another "
                 "entity and staying connected; RSS of the server process and its children, "
                 "sampled every 20 ms"}
    server = Server(db_path)
    chart = None
    try:
        server.wait_ready()
        time.sleep(0.5)
        out["idle_rss_mb"] = round(server.rss() / 2**20, 1)
        out["one_session"] = run_sessions(server, qs[:1])
        n = mode.sessions
        out["n_sessions"] = run_sessions(server, [qs[(1 + i) % len(qs)] for i in range(n)])
        out["n_sessions"]["met"] = (n >= 20 and out["n_sessions"]["completed"] == n
                                    and out["n_sessions"]["peak_rss_mb"] <= params.TARGET_RSS_20_SESSIONS_MB)
        if browser:
            # Entities not opened by the sessions above: a cache miss for what depends on them.
            fresh = [e for e in reversed(ctx.entities)][: mode.chart_loads]
            chart = first_chart(server, default["url_path"],
                                [f"ds={ctx.dataset}&entity={e}&year={ctx.year}" for e in fresh],
                                [f"ds=demo&entity={e}" for e in ("62", "32", "11", "35", "51")[: mode.compare_loads]])
        out["rss_after_mb"] = round(server.rss() / 2**20, 1)
    finally:
        server.stop()
    if mode.agent_sessions:
        server = Server(db_path, ["--server.enableAgentApi", "true"])
        try:
            server.wait_ready()
            time.sleep(0.5)
            qp = [{"ds": ctx.dataset, "entity": e, "year": str(ctx.year)} for e in ctx.entities]
            out["agent_api"] = {
                "how": "server.enableAgentApi=true (off by default); each POST /_stcore/agent/interact "
                       "creates a real AppSession whose client buffers the rendered page on the server",
                "idle_rss_mb": round(server.rss() / 2**20, 1),
                **agent_sessions(server, mode.agent_sessions, None, qp),
            }
        except Exception as exc:
            out["agent_api"] = {"error": f"{type(exc).__name__}: {exc}"}
        finally:
            server.stop()
    return out, chart


# --- summary -----------------------------------------------------------------------------------

def summarize(result: dict) -> dict:
    targets, not_met = [], []

    def add(name, target, measured, met, hot=None, kind=None, remedy=None):
        row = {"target": name, "goal": target, "measured": measured,
               "met": None if met is None and measured is not None else bool(met)}
        if row["met"] is None:
            row["note"] = "not comparable with the target in this mode"
        if row["met"] is False and hot:
            row["top_hot_spot"] = hot
        if row["met"] is False and (remedy or kind in params.REMEDIES):
            row["what_would_remove_it"] = remedy or params.REMEDIES[kind]
        targets.append(row)
        if row["met"] is False:
            not_met.append(name)

    for path, p in result.get("pages", {}).items():
        if "p95_ms" in p:
            hot = (p.get("hot_spots") or {}).get("project", [])[:3]
            add(f"page {path}: rerun p95", f"<= {params.TARGET_PAGE_P95_MS:g} ms", p["p95_ms"], p["met"], hot,
                "page")
        else:
            add(f"page {path}: rerun p95", f"<= {params.TARGET_PAGE_P95_MS:g} ms", p.get("error"), False)
    for name, q in result.get("queries", {}).items():
        if q.get("status") == "no params registered":
            add(f"query {name}: p95", f"<= {params.TARGET_QUERY_P95_MS:g} ms", "no params registered", False)
        for label, c in q.get("cases", {}).items():
            if q.get("kind") == "read":
                add(f"query {name} [{label}]: p95", f"<= {params.TARGET_QUERY_P95_MS:g} ms",
                    c.get("p95_ms", c.get("error")), c.get("met"), kind="query",
                    remedy=params.QUERY_REMEDIES.get(name))
    imp = result.get("import")
    if imp:
        add("import rows/s", f">= {params.TARGET_IMPORT_ROWS_PER_S:,.0f}", imp.get("rows_per_s"), imp.get("met"),
            (imp.get("hot_spots") or {}).get("project", [])[:3], "import")
    srv = result.get("server")
    if srv and "n_sessions" in srv:
        n = srv["n_sessions"]
        add(f"RSS with {n['sessions']} sessions", f"<= {params.TARGET_RSS_20_SESSIONS_MB:g} MB with 20",
            n["peak_rss_mb"], n.get("met") if n["sessions"] >= 20 else None)
    br = result.get("browser")
    if br:
        loads = br.get("loads") or []
        where = {k: statistics.median(x[k] for x in loads if k in x) for k in
                 ("app_s", "plotly_code_requested_s", "plotly_code_loaded_s", "first_chart_s")
                 if any(k in x for x in loads)}
        if "same_page_small_demo_dataset" in br:
            where["first_chart_s_on_small_demo_dataset"] = br["same_page_small_demo_dataset"]["median_s"]
        add("first chart in Chromium", f"<= {params.TARGET_FIRST_CHART_S:g} s", br.get("median_s"), br.get("met"),
            [{"where": k, "median_s": round(v, 3)} for k, v in where.items()], "browser")
    dep = result.get("deploy")
    if dep and "skipped" not in dep:
        fl, lt = dep["first_load"], dep["load_test"]
        loads = {k: v["load_avg_1min"] for k, v in fl["conditions"].items()}
        for name, t in fl["targets"].items():
            goal = f"<= {t['goal_s']:g} s" if "goal_s" in t else f"<= {t['goal_bytes'] / 1e6:g} MB"
            add(f"deployment: {name}", goal, t.get("measured_s", t.get("measured_bytes")), t["met"],
                [{"ratios": fl["ratios"], "load_avg_1min": loads}],
                remedy="see docs/deployment.md (what holds it back, measured)")
        add("deployment: load test errors (50 sessions, 60 s)", "0", lt["errors"], lt["errors"] == 0)
    for path, b in (result.get("pandas_baseline") or {}).get("pages", {}).items():
        add(f"page {path}: DuckDB vs pandas", f">= {params.TARGET_PANDAS_RATIO:g}x", b["ratio"], b["met"],
            kind="pandas")
    return {"all_met": not not_met, "not_met": not_met, "targets": targets}


# --- main --------------------------------------------------------------------------------------

PHASES = ["queries", "pages", "baseline", "import", "server", "browser", "deploy"]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="small dataset, few runs (CI); not the national figures")
    ap.add_argument("--out", help="also write the JSON to this file")
    ap.add_argument("--workdir", default=os.environ.get("BENCH_WORKDIR", "/tmp/berakhlak-bench"),
                    help="where the databases and the long CSV go (default $BENCH_WORKDIR or /tmp/berakhlak-bench)")
    ap.add_argument("--reuse", action="store_true", help="reuse the database and CSV of an earlier run of this mode")
    ap.add_argument("--skip", action="append", default=[],
                    choices=PHASES,
                    help="leave out a phase (repeatable); for working on the harness")
    ap.add_argument("--only", type=lambda s: [x.strip() for x in s.split(",") if x.strip()], default=None,
                    metavar="PHASE,...",
                    help="run only these phases (comma-separated, e.g. pages,queries); the others are skipped")
    ap.add_argument("--pages", type=lambda s: [x.strip() for x in s.split(",") if x.strip()], default=None,
                    metavar="FILE,...", help="measure only these pages (e.g. pages/unit.py,pages/trend.py)")
    args = ap.parse_args(argv)
    if args.only is not None:
        unknown = set(args.only) - set(PHASES)
        if unknown:
            ap.error(f"--only: unknown phase(s) {', '.join(sorted(unknown))}; choose from {', '.join(PHASES)}")
        args.skip = sorted(set(args.skip) | (set(PHASES) - set(args.only)))
    mode = QUICK if args.quick else FULL
    workdir = Path(args.workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    db_path = str(workdir / f"bench-{mode.name}.duckdb")
    csv = workdir / f"long-{mode.name}.csv"
    info_file = workdir / f"bench-{mode.name}.json"
    started = time.perf_counter()

    from benchmarks.scale import SCALE_DATASET, build_scale_database

    result: dict = {
        "benchmark": "BerAKHLAK dashboard at national scale",
        "mode": mode.name,
        "date": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
        "command": " ".join(["python -m benchmarks.run", *(sys.argv[1:] if argv is None else argv)]),
        "machine": machine_info(),
        "targets": {"page_rerun_p95_ms": params.TARGET_PAGE_P95_MS, "query_p95_ms": params.TARGET_QUERY_P95_MS,
                    "import_rows_per_s": params.TARGET_IMPORT_ROWS_PER_S,
                    "rss_20_sessions_mb": params.TARGET_RSS_20_SESSIONS_MB,
                    "first_chart_s": params.TARGET_FIRST_CHART_S, "pandas_ratio": params.TARGET_PANDAS_RATIO},
    }
    if args.reuse and Path(db_path).exists() and csv.exists() and info_file.exists():
        log(f"reusing {db_path}")
        result["dataset"] = {**json.loads(info_file.read_text()), "reused": True}
    else:
        log(f"building {db_path} ({mode.units} units)")
        info = build_scale_database(db_path, n_units=mode.units, csv=str(csv), csv_rows=mode.csv_rows)
        info_file.write_text(json.dumps(info, default=str))
        result["dataset"] = info
    os.environ["BERAKHLAK_DB"] = db_path

    con = db.connect(db_path, read_only=True)
    ctx = make_context(con, SCALE_DATASET)
    con.close()
    result["context"] = {"dataset": ctx.dataset, "year": ctx.year, "province": ctx.province,
                         "kabupaten": ctx.kabupaten, "kl": ctx.kl, "unit": ctx.unit,
                         "page_entities": ctx.entities}

    phases = result["phases"] = {}

    @contextlib.contextmanager
    def phase(name):
        """Time a phase and record the machine's load average around it: the figures are only as
        good as the machine was quiet (load above the CPU count means others were running)."""
        log(name)
        before, start = os.getloadavg()[0], time.perf_counter()
        yield
        phases[name] = {"seconds": round(time.perf_counter() - start, 1),
                        "load_avg_1min": [round(before, 2), round(os.getloadavg()[0], 2)]}

    if "queries" not in args.skip:
        with phase("queries"):
            result["queries"] = bench_queries(db_path, ctx, mode)
    calls = {}
    if "pages" not in args.skip:
        with phase("pages"):
            result["pages"], calls = bench_pages(ctx, mode, only=args.pages)
    if "baseline" not in args.skip and calls:
        with phase("pandas_baseline"):
            result["pandas_baseline"] = bench_baseline(db_path, calls, mode)
    if "import" not in args.skip:
        with phase("import"):
            result["import"] = bench_import(csv, workdir, mode)
    if "server" not in args.skip:
        with phase("server"):
            result["server"], chart = bench_server(db_path, ctx, mode, discover_pages(),
                                                   "browser" not in args.skip)
            if chart:
                result["browser"] = chart
    if "deploy" not in args.skip and "browser" not in args.skip:
        from benchmarks.deploy import bench_deploy

        with phase("deploy"):
            result["deploy"] = bench_deploy(db_path, ctx.dataset, ctx.year, ctx.entities, workdir,
                                            rounds=mode.deploy_rounds, sessions=mode.deploy_sessions,
                                            seconds=mode.deploy_seconds)
    result["summary"] = summarize(result)
    if mode is QUICK:
        result["summary"]["note"] = "quick mode: a small dataset and few runs, to keep the harness working; " \
                                    "these are not the national-scale figures"
    result["harness_seconds"] = round(time.perf_counter() - started, 1)
    for row in result["summary"]["targets"]:  # a readable digest on stderr; the JSON is on stdout
        flag = {True: "met    ", False: "NOT MET", None: "n/a    "}[row["met"]]
        log(f"{flag} {row['target']}: {row['measured']} (goal {row['goal']})")
    text = json.dumps(result, indent=2, ensure_ascii=False, default=str)
    print(text)
    if args.out:
        Path(args.out).write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
