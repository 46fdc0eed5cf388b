"""The chart builders (berakhlak/charts.py, berakhlak/charts_eval.py) at national scale, timed.

    python -m benchmarks.charts [--db PATH] [--against REV] [--repeat N] [--recapture] [--out FILE]

1. Capture: every page of the app is run once in AppTest (Streamlit's test runner, no browser) on
   the national benchmark database, with the public builders wrapped so that each top-level call
   records its arguments. So the builders are timed on exactly what the pages give them (a few
   extra runs cover the heavy cases: the Unit page of the 62 family, 30 units, and of Jawa Barat,
   172 units). The inputs are pickled next to the database and reused (--recapture to redo).
2. Time: each captured call is built `--repeat` times; the median per call, in ms, is reported,
   with the time of `fig.to_plotly_json()` (what berakhlak.ui.pages caches) separately. The
   helpers the pages used to pay per chart (base_layout, add_band_background, legend_below,
   method_segments, method_breaks) are timed on their own.
3. With --against REV, the builders of git revision REV (e.g. the commit before a change) are
   loaded from `git show` and timed in the same run, interleaved call by call with the current
   ones, so both see the same load on a shared machine.

Build the database first (about a minute):
    python -m benchmarks.run --workdir /tmp/bench-charts --skip queries --skip pages --skip baseline \
        --skip import --skip server --skip browser

Prints one JSON object: per builder, the median ms of its slowest captured call (and of every
call), the reference's when --against is given, and the machine's load average around the run
(above the CPU count means others were running and the figures are noisy).
"""
from __future__ import annotations

import argparse
import contextlib
import json
import os
import pickle
import statistics
import subprocess
import sys
import time
import types
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

DEFAULT_DB = "/tmp/bench-charts/bench-full.duckdb"
DATASET = "skala"

CHART_BUILDERS = ("index_trend", "value_bars", "trend_chart", "value_small_multiples", "ranked_bars", "tile_map",
                  "slope_chart", "value_distribution", "score_heatmap", "change_heatmap", "grouped_value_bars",
                  "gap_bars", "unit_small_multiples")
EVAL_BUILDERS = ("unit_value_heatmap", "score_bars", "action_timeline", "status_by_value")

# (label, page, extra query parameters, database): every page once on the national database, the
# heavy Unit cases, and the internal evaluation's pages on the demo database (the national one has
# no evaluation data).
RUNS = [
    ("overview", "pages/overview.py", {}, "national"),
    ("trend", "pages/trend.py", {}, "national"),
    ("trend 4 entities", "pages/trend.py", {"entities": "62,32,11,94"}, "national"),
    ("compare", "pages/compare.py", {}, "national"),
    ("values", "pages/values.py", {}, "national"),
    ("benchmark", "pages/benchmark.py", {}, "national"),
    ("units 62 (30 units)", "pages/units.py", {"inst": "62"}, "national"),
    ("units 32 (172 units)", "pages/units.py", {"inst": "32"}, "national"),
    ("presentation", "pages/presentation.py", {"slide": "trend"}, "national"),
    ("evaluation (demo)", "pages/evaluation.py", {}, "demo"),
    ("action plan (demo)", "pages/action_plan.py", {}, "demo"),
]


def log(msg: str) -> None:
    print(f"[charts {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


# --- capture -----------------------------------------------------------------------------------

@contextlib.contextmanager
def recording(calls: list, label: list):
    """Wrap the public builders of berakhlak.present.charts / charts_eval: each top-level call (not a
    builder calling a helper) appends (builder, run label, args, kwargs) while label[0] is set."""
    from berakhlak.present import charts
    from berakhlak.present import charts_eval

    depth = [0]
    saved = []
    for module, names in ((charts, CHART_BUILDERS), (charts_eval, EVAL_BUILDERS)):
        for name in names:
            orig = getattr(module, name)

            def wrapped(*args, _orig=orig, _name=name, _module=module.__name__, **kwargs):
                if depth[0] == 0 and label[0]:
                    calls.append((_module, _name, label[0], pickle.dumps((args, kwargs))))
                depth[0] += 1
                try:
                    return _orig(*args, **kwargs)
                finally:
                    depth[0] -= 1

            saved.append((module, name, orig))
            setattr(module, name, wrapped)
    try:
        yield
    finally:
        for module, name, orig in saved:
            setattr(module, name, orig)


def demo_database(next_to: str) -> str:
    """The app's own database (reference lists, published figures, the demos), built once."""
    path = Path(next_to).with_name("demo.duckdb")
    if not path.exists():
        from berakhlak.data.build import init_database

        log(f"building {path}")
        init_database(str(path))
    return str(path)


def capture(db_path: str) -> list:
    from streamlit.testing.v1 import AppTest
    from benchmarks.run import clear_app_caches

    dbs = {"national": db_path, "demo": demo_database(db_path)}
    calls: list = []
    label = [""]
    with recording(calls, label):
        for name, page, extra, which in RUNS:
            os.environ["BERAKHLAK_DB"] = dbs[which]
            label[0] = ""  # the default page's charts, on the first run, are not recorded
            clear_app_caches()
            at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600)
            if which == "national":
                at.query_params["ds"] = DATASET
                at.query_params["entity"] = "62"
            at.query_params["lang"] = "id"
            for k, v in extra.items():
                at.query_params[k] = v
            before = len(calls)
            if page == "pages/overview.py":
                label[0] = name
            at.run()
            if page != "pages/overview.py":
                label[0] = name
                clear_app_caches()
                at.switch_page(page)
                at.run()
            errors = [str(e.message)[:200] for e in at.exception]
            log(f"{name}: {len(calls) - before} chart calls" + (f", errors: {errors}" if errors else ""))
    return calls


# --- the reference builders of another revision ------------------------------------------------

def load_revision(rev: str) -> dict[str, types.ModuleType]:
    """berakhlak/charts.py and charts_eval.py as they were at `rev`, as fresh modules (the
    reference charts_eval imports the reference charts)."""
    out = {}
    for mod, alias in (("charts", "_bench_ref_charts"), ("charts_eval", "_bench_ref_charts_eval")):
        # berakhlak/present/ since the package was split; berakhlak/ before
        for path in (f"berakhlak/present/{mod}.py", f"berakhlak/{mod}.py"):
            shown = subprocess.run(["git", "show", f"{rev}:{path}"], cwd=ROOT, capture_output=True, text=True)
            if shown.returncode == 0:
                break
        shown.check_returncode()
        src = shown.stdout
        for old in ("from berakhlak.charts import", "from berakhlak.present.charts import"):
            src = src.replace(old, "from _bench_ref_charts import")
        src = src.replace("from berakhlak.rules import", "from berakhlak.domain.rules import")  # before the split
        module = types.ModuleType(alias)
        module.__file__ = f"<{rev}:berakhlak/{mod}.py>"
        sys.modules[alias] = module
        exec(compile(src, module.__file__, "exec"), module.__dict__)  # noqa: S102 - our own source, from git
        out[f"berakhlak.present.{mod}"] = module
    return out


def load_current() -> dict[str, types.ModuleType]:
    from berakhlak.present import charts
    from berakhlak.present import charts_eval

    return {"berakhlak.present.charts": charts, "berakhlak.present.charts_eval": charts_eval}


# --- the same figure? ---------------------------------------------------------------------------

def _plain(obj):
    """JSON as Plotly sends it, made comparable: a typed array ({"dtype", "bdata"}) becomes the
    list of its numbers, tuples become lists."""
    if isinstance(obj, dict):
        if "bdata" in obj and "dtype" in obj:
            import base64

            import numpy as np

            arr = np.frombuffer(base64.b64decode(obj["bdata"]), dtype=np.dtype(obj["dtype"]))
            if "shape" in obj:
                arr = arr.reshape([int(x) for x in str(obj["shape"]).split(",")])
            return arr.tolist()
        return {k: _plain(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [_plain(v) for v in obj]
    return obj


def figure_json(fig) -> dict:
    """The figure as the browser gets it (plotly.io.to_json), normalised by _plain."""
    import plotly.io as pio

    return _plain(json.loads(pio.to_json(fig)))


def _diff(a, b, path: str, out: list, rel: float = 1e-9) -> None:
    import math

    if isinstance(a, dict) and isinstance(b, dict):
        for k in sorted(set(a) | set(b), key=str):
            if k not in a:
                out.append(f"{path}.{k}: missing (reference: {str(b[k])[:120]})")
            elif k not in b:
                out.append(f"{path}.{k}: extra ({str(a[k])[:120]})")
            else:
                _diff(a[k], b[k], f"{path}.{k}", out, rel)
    elif isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            out.append(f"{path}: {len(a)} items, reference {len(b)}")
        for i, (x, y) in enumerate(zip(a, b)):
            _diff(x, y, f"{path}[{i}]", out, rel)
    elif (isinstance(a, int | float) and isinstance(b, int | float) and not isinstance(a, bool)
          and not isinstance(b, bool)):
        if not (a == b or (math.isnan(a) and math.isnan(b)) or math.isclose(a, b, rel_tol=rel, abs_tol=1e-12)):
            out.append(f"{path}: {a!r}, reference {b!r}")
    elif a != b or type(a) is not type(b):
        out.append(f"{path}: {str(a)[:120]!r}, reference {str(b)[:120]!r}")


def figure_differences(fig, reference) -> list[str]:
    """Where two figures differ as drawn (normalised JSON; floats to a relative 1e-9), one line per
    difference; empty when they are the same."""
    out: list[str] = []
    _diff(figure_json(fig), figure_json(reference), "", out)
    return out


# --- timing ------------------------------------------------------------------------------------

def ms(seconds: float) -> float:
    return round(seconds * 1000, 2)


def streamlit_costs(fig, repeat: int) -> dict:
    """What st.plotly_chart does after the builder (not the builders' cost; for reading a page's
    time): given the figure object, it serialises it without validating (figure_json_ms); given a
    dict (what berakhlak.ui.pages caches and passes), it first validates it into a new go.Figure
    (dict_validate_ms)."""
    import plotly.graph_objects as go
    import plotly.io as pio

    as_dict = fig.to_plotly_json()
    serialise, validate = [], []
    for _ in range(max(3, repeat // 3)):
        start = time.perf_counter()
        pio.to_json(fig, validate=False)
        mid = time.perf_counter()
        go.Figure(as_dict)
        validate.append(time.perf_counter() - mid)
        serialise.append(mid - start)
    return {"st_figure_json_ms": ms(statistics.median(serialise)), "st_dict_validate_ms": ms(statistics.median(validate))}


def time_calls(calls: list, impls: dict[str, dict], repeat: int) -> dict:
    """Per captured call: median build time and median to_plotly_json time, per implementation,
    interleaved (impl A, impl B, A, B...) so that both see the same machine."""
    results = []
    for module, name, label, blob in calls:
        entry = {"builder": name, "run": label}
        samples = {k: ([], []) for k in impls}
        for _ in range(repeat):
            for key, mods in impls.items():
                args, kwargs = pickle.loads(blob)  # fresh inputs: a builder must not see another's edits
                fn = getattr(mods[module], name)
                start = time.perf_counter()
                fig = fn(*args, **kwargs)
                mid = time.perf_counter()
                fig.to_plotly_json()
                end = time.perf_counter()
                samples[key][0].append(mid - start)
                samples[key][1].append(end - mid)
        if "reference" in impls:
            # The same figure at national scale? (What tests/test_charts_equivalence.py checks on
            # small inputs, here on the pages' own.)
            figs = [getattr(impls[k][module], name)(*pickle.loads(blob)[0], **pickle.loads(blob)[1])
                    for k in ("current", "reference")]
            diffs = figure_differences(*figs)
            entry["same_as_reference"] = not diffs
            if diffs:
                entry["differences"] = diffs[:5]
        for key, (build, js) in samples.items():
            prefix = "" if key == "current" else f"{key}_"
            entry[f"{prefix}build_ms"] = ms(statistics.median(build))
            entry[f"{prefix}to_json_ms"] = ms(statistics.median(js))
        entry.update(streamlit_costs(getattr(impls["current"][module], name)(*pickle.loads(blob)[0],
                                                                            **pickle.loads(blob)[1]), repeat))
        results.append(entry)
        log(f"{name} [{label}]: " + ", ".join(f"{k}={v}" for k, v in entry.items() if k.endswith("_ms") or k == "same_as_reference"))
    return results


def time_helpers(calls: list, impls: dict[str, dict], repeat: int) -> dict:
    """The small helpers, each on its own: on a fresh figure, and method_segments/method_breaks
    on every unit series of the heaviest captured unit_small_multiples input."""
    import plotly.graph_objects as go

    series = None
    for _module, name, _label, blob in calls:
        if name == "unit_small_multiples":
            args, _kw = pickle.loads(blob)
            if series is None or len(args[0]) > len(series):
                series = args[0]
    groups = [g for _c, g in series.groupby("entity_code", sort=False)] if series is not None else []
    cases = {
        "base_layout": lambda m: m.base_layout(go.Figure(), "Judul", 420),
        "add_band_background": lambda m: m.add_band_background(go.Figure(), "id", (40.0, 90.0)),
        "legend_below": lambda m: m.legend_below(go.Figure()),
        f"method_segments x{len(groups)}": lambda m: [m.method_segments(g) for g in groups],
        f"method_breaks x{len(groups)}": lambda m: [m.method_breaks(g) for g in groups],
    }
    out = {}
    for case, fn in cases.items():
        samples = {k: [] for k in impls}
        for _ in range(repeat):
            for key, mods in impls.items():
                start = time.perf_counter()
                fn(mods["berakhlak.present.charts"])
                samples[key].append(time.perf_counter() - start)
        out[case] = {("median_ms" if k == "current" else f"{k}_median_ms"): ms(statistics.median(v))
                     for k, v in samples.items()}
        log(f"{case}: {out[case]}")
    if not groups:
        out["note"] = "no unit_small_multiples call captured: method_* timed on nothing"
    return out


def summary(results: list, keys: list[str]) -> dict:
    """Per builder: the median of its slowest captured call (the worst page), per implementation,
    and whether every call drew the same figure as the reference."""
    out: dict = {}
    for r in results:
        s = out.setdefault(r["builder"], {"calls": 0})
        s["calls"] += 1
        for key in keys:
            prefix = "" if key == "current" else f"{key}_"
            for what in ("build_ms", "to_json_ms"):
                k = f"{prefix}{what}"
                s[f"max_{k}"] = max(s.get(f"max_{k}", 0.0), r[k])
    for r in results:
        s = out[r["builder"]]
        for k in ("st_figure_json_ms", "st_dict_validate_ms"):
            if k in r:
                s[f"max_{k}"] = max(s.get(f"max_{k}", 0.0), r[k])
        if "same_as_reference" in r:
            s = out[r["builder"]]
            s["same_as_reference"] = s.get("same_as_reference", True) and r["same_as_reference"]
    for s in out.values():
        if "max_reference_build_ms" in s:
            cur, ref = s["max_build_ms"], s["max_reference_build_ms"]
            s["speedup"] = round(ref / cur, 1) if cur else None
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.charts", description=__doc__.split("\n\n")[0])
    ap.add_argument("--db", default=os.environ.get("BENCH_DB", DEFAULT_DB), help=f"benchmark database (default {DEFAULT_DB})")
    ap.add_argument("--against", metavar="REV", help="also time the builders of this git revision, interleaved")
    ap.add_argument("--repeat", type=int, default=15, help="builds per captured call (default 15)")
    ap.add_argument("--recapture", action="store_true", help="run the pages again to capture the inputs")
    ap.add_argument("--only", action="append", default=[], help="time only this builder (repeatable)")
    ap.add_argument("--out", help="also write the JSON to this file")
    args = ap.parse_args(argv)
    if not Path(args.db).exists():
        print(f"no database at {args.db}: build it first (see python -m benchmarks.charts --help)", file=sys.stderr)
        return 2
    inputs = Path(args.db).with_suffix(".chart-inputs.pkl")
    if args.recapture or not inputs.exists() or inputs.stat().st_mtime < Path(args.db).stat().st_mtime:
        log(f"capturing the builders' inputs from every page on {args.db}")
        calls = capture(args.db)
        inputs.write_bytes(pickle.dumps(calls))
    else:
        calls = pickle.loads(inputs.read_bytes())
        log(f"reusing {len(calls)} captured calls from {inputs}")
    # The same input twice (a page drawing the same chart in two places) is timed once.
    seen, unique = set(), []
    for c in calls:
        if (c[1], c[3]) not in seen and (not args.only or c[1] in args.only):
            seen.add((c[1], c[3]))
            unique.append(c)
    impls = {"current": load_current()}
    if args.against:
        impls["reference"] = load_revision(args.against)
    import plotly.graph_objects as go

    go.Figure(go.Scatter(x=[1], y=[1])).to_plotly_json()  # warm Plotly's validator caches before timing
    load = [round(os.getloadavg()[0], 2)]
    started = time.perf_counter()
    results = time_calls(unique, impls, args.repeat)
    helpers = time_helpers(calls, impls, args.repeat) if not args.only else {}
    load.append(round(os.getloadavg()[0], 2))
    rev = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    out = {
        "benchmark": "chart builders on the pages' own inputs at national scale",
        "command": "python -m benchmarks.charts " + " ".join(argv if argv is not None else sys.argv[1:]),
        "database": args.db,
        "current": rev + (" (+ uncommitted changes)" if subprocess.run(
            ["git", "status", "--porcelain", "berakhlak/charts.py", "berakhlak/charts_eval.py"], cwd=ROOT,
            capture_output=True, text=True).stdout.strip() else ""),
        "reference": args.against,
        "repeat": args.repeat,
        "cpu_count": os.cpu_count(),
        "load_avg_1min": load,
        "seconds": round(time.perf_counter() - started, 1),
        "builders": summary(results, list(impls)),
        "helpers": helpers,
        "calls": results,
        "note": "build_ms: the builder call; to_json_ms: fig.to_plotly_json() after it (what pages_ui caches). "
                "max_*: the slowest captured call of that builder (its heaviest page). st_figure_json_ms / "
                "st_dict_validate_ms (per call, current builders only): what st.plotly_chart then costs when given "
                "the figure (serialised, not validated) or a dict (validated into a new go.Figure first).",
    }
    text = json.dumps(out, indent=2, ensure_ascii=False)
    print(text)
    if args.out:
        Path(args.out).write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
