"""The production stack measured (issue 15): deploy/serve (nginx in front of Streamlit replicas)
against the same replica addressed directly, on the loopback and with Chromium throttled to a
venue's Wi-Fi (10 Mbit/s, 40 ms round trip), then a bounded load test through the proxy.

Run by `python -m benchmarks.run` (the `deploy` phase) or alone:

    python -m benchmarks.deploy --db /tmp/berakhlak-bench/bench-full.duckdb

Every figure carries the 1-minute load average when it was taken: on a shared machine the ratios
(proxy / direct, throttled / loopback, measured in one run, interleaved) are what to read.
"""
from __future__ import annotations

import json
import os
import random
import signal
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
THROTTLE = {"offline": False, "latency": 40, "downloadThroughput": 10e6 / 8, "uploadThroughput": 10e6 / 8}
TARGET_THROTTLED_S = 4.0
TARGET_LOOPBACK_S = 2.5
TARGET_BYTES = 2.5e6
COOKIE = "berakhlak_replica"


def load() -> float:
    return round(os.getloadavg()[0], 2)


def log(msg: str) -> None:
    print(f"[deploy] {msg}", file=sys.stderr, flush=True)


class Stack:
    """deploy/serve in its own process group, over the benchmark's database."""

    def __init__(self, db_path: str, run_dir: Path, replicas: int = 2, port: int | None = None):
        """On `port` and the ones after it for the replicas; by default on free ports."""
        from deploy.serve import free_port

        self.run_dir = run_dir
        if run_dir.exists():
            for f in run_dir.glob("*.log"):
                f.unlink()
        self.port = port or free_port()
        ports = [self.port + 1 + i for i in range(replicas)] if port else [free_port() for _ in range(replicas)]
        self.proc = subprocess.Popen(
            [sys.executable, str(ROOT / "deploy" / "serve.py"), "--port", str(self.port), "--replicas",
             str(replicas), "--replica-ports", ",".join(map(str, ports)), "--db", db_path, "--run-dir", str(run_dir)],
            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=open(run_dir.parent / "serve.log", "w"),  # noqa: SIM115
            start_new_session=True)
        deadline = time.monotonic() + 600
        while not (run_dir / "stack.json").exists():
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError("deploy/serve did not start: " + (run_dir.parent / "serve.log").read_text()[-2000:])
            time.sleep(0.3)
        self.info = json.loads((run_dir / "stack.json").read_text())
        self.url = self.info["url"]
        self.replicas = self.info["replicas"]

    def direct_url(self, i: int = 0) -> str:
        return f"http://127.0.0.1:{self.replicas[i]['port']}"

    def replica_rss_mb(self) -> list[float]:
        out = []
        for r in self.replicas:
            try:
                out.append(round(psutil.Process(r["pid"]).memory_info().rss / 2**20, 1))
            except psutil.Error:
                out.append(None)
        return out

    def replica_cpu_s(self) -> list[float]:
        out = []
        for r in self.replicas:
            try:
                t = psutil.Process(r["pid"]).cpu_times()
                out.append(t.user + t.system)
            except psutil.Error:
                out.append(0.0)
        return out

    def nginx_rss_mb(self) -> float:
        try:
            p = psutil.Process(self.info["nginx_pid"])
            return round((p.memory_info().rss + sum(c.memory_info().rss for c in p.children())) / 2**20, 1)
        except psutil.Error:
            return 0.0

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(10)


# --- first loads in Chromium ------------------------------------------------------------------

def browser_cpu_s() -> float:
    """CPU seconds used so far by the Chromium processes this benchmark started (renderer, GPU,
    network service): unlike wall time, hardly changed by other work on a shared machine."""
    total = 0.0
    for p in psutil.Process().children(recursive=True):
        try:
            if "chrom" in p.name().lower():
                t = p.cpu_times()
                total += t.user + t.system
        except psutil.Error:
            pass
    return total


def first_load(browser, base: str, path: str, throttled: bool, replica_pids: list[int] | None = None) -> dict:
    """One first visit: a fresh context (no HTTP cache, a new session), the time from navigation
    to the first chart drawn, and every byte it took until the page had finished (HTTP bodies and
    headers as received, plus the WebSocket's frames both ways)."""
    from benchmarks.run import FIRST_CHART_JS

    context = browser.new_context(viewport={"width": 1366, "height": 768})
    try:
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        if throttled:
            cdp.send("Network.emulateNetworkConditions", THROTTLE)
        http, ws, urls, encodings = {}, [0, 0], {}, {}
        cdp.on("Network.responseReceived", lambda e: (urls.__setitem__(e["requestId"], e["response"]["url"]),
                                                      encodings.__setitem__(e["requestId"], {
                                                          k.lower(): v for k, v in e["response"]["headers"].items()
                                                      }.get("content-encoding"))))
        cdp.on("Network.loadingFinished", lambda e: http.__setitem__(e["requestId"], e["encodedDataLength"]))

        def frame(e, i):
            r = e["response"]
            n = len(r["payloadData"])
            ws[i] += n * 3 // 4 if r.get("opcode") == 2 else n  # binary frames come base64-encoded

        cdp.on("Network.webSocketFrameReceived", lambda e: frame(e, 0))
        cdp.on("Network.webSocketFrameSent", lambda e: frame(e, 1))
        page.add_init_script(FIRST_CHART_JS)
        cpu0, server0 = browser_cpu_s(), _cpu(replica_pids)
        started = time.perf_counter()
        page.goto(f"{base}/{path}", wait_until="commit")
        page.wait_for_function("() => window.__marks.first_chart !== undefined", timeout=180_000, polling=50)
        marks = page.evaluate("window.__marks")
        cpu1, server1 = browser_cpu_s(), _cpu(replica_pids)
        # When Plotly's code was asked for and when its last byte arrived: the network's share.
        chunk = page.evaluate("() => { const r = performance.getEntriesByType('resource')"
                              ".find(e => e.name.includes('PlotlyChart')); "
                              "return r ? [r.startTime, r.responseEnd] : null; }")
        page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=180_000)
        page.wait_for_timeout(1500)  # what the page still fetches once drawn (fonts, late chunks)
        exceptions = page.locator('[data-testid="stException"]').count()
        plotly = [k for k, u in urls.items() if "PlotlyChart" in u]
    finally:
        context.close()
    total_http = sum(http.values())
    return {"path": path, "first_chart_s": round(marks["first_chart"] / 1000, 3),
            "app_shell_s": round(marks["app"] / 1000, 3) if "app" in marks else None,
            "plotly_code_requested_s": round(chunk[0] / 1000, 3) if chunk else None,
            "plotly_code_loaded_s": round(chunk[1] / 1000, 3) if chunk else None,
            "bytes_http": total_http, "bytes_websocket_in": ws[0], "bytes_websocket_out": ws[1],
            "bytes_total": total_http + ws[0] + ws[1],
            "plotly_code_bytes": http.get(plotly[0]) if plotly else None,
            "plotly_code_encoding": encodings.get(plotly[0]) if plotly else None,
            "browser_cpu_s_to_first_chart": round(cpu1 - cpu0, 2),
            "server_cpu_s_to_first_chart": round(server1 - server0, 2),
            "requests": len(http), "exceptions": exceptions, "load_avg_1min": load(),
            "wall_s": round(time.perf_counter() - started, 2)}


def _cpu(pids: list[int] | None) -> float:
    total = 0.0
    for pid in pids or []:
        try:
            t = psutil.Process(pid).cpu_times()
            total += t.user + t.system
        except psutil.Error:
            pass
    return total


def first_loads(stack: Stack, paths: list[str], rounds: int) -> dict:
    """Each round visits the four conditions in turn (interleaved, so the machine's load falls
    on all of them alike), each on an entity not opened before by any condition."""
    from playwright.sync_api import sync_playwright

    conditions = [("proxy", False), ("direct", False), ("proxy", True), ("direct", True)]
    runs: dict[str, list] = {f"{w}_{'throttled' if t else 'loopback'}": [] for w, t in conditions}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            # Warm both paths once (server start-up, Python imports), not measured.
            for base in (stack.url, stack.direct_url()):
                first_load(browser, base, paths[-1], False)
            k = 0
            for _ in range(rounds):
                for where, throttled in conditions:
                    path = paths[k % (len(paths) - 1)]
                    k += 1
                    base = stack.url if where == "proxy" else stack.direct_url()
                    r = first_load(browser, base, path, throttled, [x["pid"] for x in stack.replicas])
                    runs[f"{where}_{'throttled' if throttled else 'loopback'}"].append(r)
                    log(f"{where} {'10 Mbit/s' if throttled else 'loopback'}: first chart {r['first_chart_s']} s, "
                        f"{r['bytes_total'] / 1e6:.2f} MB (load {r['load_avg_1min']})")
        finally:
            browser.close()
    out = {}
    for name, rs in runs.items():
        out[name] = {
            "first_chart_s_median": round(statistics.median(r["first_chart_s"] for r in rs), 3),
            "first_chart_s_all": [r["first_chart_s"] for r in rs],
            "timeline_median_s": {k: round(statistics.median(r[k] for r in rs), 3)
                                  for k in ("app_shell_s", "plotly_code_requested_s", "plotly_code_loaded_s",
                                            "browser_cpu_s_to_first_chart", "server_cpu_s_to_first_chart")
                                  if all(r.get(k) is not None for r in rs)},
            "bytes_total_median": int(statistics.median(r["bytes_total"] for r in rs)),
            "bytes_http_median": int(statistics.median(r["bytes_http"] for r in rs)),
            "bytes_websocket_median": int(statistics.median(r["bytes_websocket_in"] + r["bytes_websocket_out"]
                                                            for r in rs)),
            "load_avg_1min": [r["load_avg_1min"] for r in rs],
            "loads": rs,
        }
    ratios = {
        "first_chart_proxy_over_direct_loopback": _ratio(out, "proxy_loopback", "direct_loopback", "first_chart_s_median"),
        "first_chart_proxy_over_direct_throttled": _ratio(out, "proxy_throttled", "direct_throttled",
                                                          "first_chart_s_median"),
        "first_chart_throttled_over_loopback_proxy": _ratio(out, "proxy_throttled", "proxy_loopback",
                                                            "first_chart_s_median"),
        "bytes_proxy_over_direct": _ratio(out, "proxy_loopback", "direct_loopback", "bytes_total_median"),
    }
    return {"conditions": out, "ratios": ratios,
            "targets": {
                "first_chart_proxy_throttled": {"goal_s": TARGET_THROTTLED_S,
                                                "measured_s": out["proxy_throttled"]["first_chart_s_median"],
                                                "met": out["proxy_throttled"]["first_chart_s_median"] <= TARGET_THROTTLED_S},
                "first_chart_proxy_loopback": {"goal_s": TARGET_LOOPBACK_S,
                                               "measured_s": out["proxy_loopback"]["first_chart_s_median"],
                                               "met": out["proxy_loopback"]["first_chart_s_median"] <= TARGET_LOOPBACK_S,
                                               "note": "the goal is for a quiet machine; see load_avg_1min"},
                "bytes_per_first_load_proxy": {"goal_bytes": TARGET_BYTES,
                                               "measured_bytes": out["proxy_loopback"]["bytes_total_median"],
                                               "met": out["proxy_loopback"]["bytes_total_median"] <= TARGET_BYTES}},
            "how": "Chromium (Debian's), a fresh context per load; first chart = performance.timeOrigin to the "
                   "first .js-plotly-plot drawn (rAF polling); bytes = CDP Network.loadingFinished "
                   "encodedDataLength (bodies as sent, with headers) + WebSocket frame payloads both ways, until "
                   "the script finished and 1.5 s more; throttled = CDP Network.emulateNetworkConditions "
                   "10 Mbit/s down and up, 40 ms latency; direct = replica 1's own port, proxy = nginx"}


def _ratio(out, a, b, key):
    return round(out[a][key] / out[b][key], 2) if out[b][key] else None


# --- the load test ------------------------------------------------------------------------------

def viewer(port: int, key: str, queries: list[str], until: float, think: tuple[float, float],
           result: dict, seed: int) -> None:
    """One viewer over Streamlit's own WebSocket protocol, through nginx with its sticky cookie:
    open the page, then every few seconds (think time) change the entity (a rerun with another
    query string), timing each run from the request to `script_finished`."""
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
    from websockets.sync.client import connect

    rng = random.Random(seed)
    result.update(runs=[], errors=[], exceptions=0, bytes=0)
    try:
        with connect(f"ws://127.0.0.1:{port}/_stcore/stream", subprotocols=["streamlit"], max_size=None,
                     open_timeout=60, additional_headers={"Cookie": f"{COOKIE}={key}"}) as ws:
            i = 0
            while True:
                msg = BackMsg()
                msg.rerun_script.query_string = queries[(seed + i) % len(queries)]
                i += 1
                start = time.perf_counter()
                ws.send(msg.SerializeToString())
                while True:
                    raw = ws.recv(timeout=120)
                    result["bytes"] += len(raw)
                    fwd = ForwardMsg()
                    fwd.ParseFromString(raw)
                    kind = fwd.WhichOneof("type")
                    if kind == "delta" and fwd.delta.WhichOneof("type") == "new_element" \
                            and fwd.delta.new_element.WhichOneof("type") == "exception":
                        result["exceptions"] += 1
                    if kind == "script_finished":
                        break
                result["runs"].append(time.perf_counter() - start)
                pause = rng.uniform(*think)
                if time.time() + pause > until:
                    break
                time.sleep(pause)
    except Exception as exc:
        result["errors"].append(f"{type(exc).__name__}: {exc}"[:200])


def load_test(stack: Stack, queries: list[str], sessions: int, seconds: float,
              think: tuple[float, float] = (2.0, 6.0)) -> dict:
    results = [{} for _ in range(sessions)]
    until = time.time() + seconds
    cpu0, load0 = stack.replica_cpu_s(), load()
    rss_idle = stack.replica_rss_mb()
    peak = list(rss_idle)
    threads = []
    for i in range(sessions):
        t = threading.Thread(target=viewer, args=(stack.port, f"viewer-{i}", queries, until, think, results[i], i),
                             daemon=True)
        threads.append(t)
        t.start()
        time.sleep(seconds * 0.1 / sessions)  # arrivals spread over the first tenth
    while any(t.is_alive() for t in threads):
        peak = [max(a or 0, b or 0) for a, b in zip(peak, stack.replica_rss_mb())]
        time.sleep(0.5)
        if time.time() > until + 180:
            break
    cpu1 = stack.replica_cpu_s()
    steady = stack.replica_rss_mb()  # sessions gone: what stays
    runs = sorted(x for r in results for x in r.get("runs", []))
    errors = [e for r in results for e in r.get("errors", [])]
    per_replica = _sessions_per_replica(stack)
    cpu = [round(b - a, 1) for a, b in zip(cpu0, cpu1)]
    cpu_per_run = round(sum(cpu) / len(runs), 4) if runs else None
    out = {
        "sessions": sessions, "seconds": seconds, "think_time_s": list(think),
        "reruns": len(runs), "reruns_per_s": round(len(runs) / seconds, 1),
        "errors": len(errors), "error_samples": errors[:5],
        "exceptions_in_page": sum(r.get("exceptions", 0) for r in results),
        "rerun_ms": {"median": round(1000 * statistics.median(runs), 1),
                     "p95": round(1000 * runs[int(0.95 * (len(runs) - 1))], 1),
                     "max": round(1000 * runs[-1], 1)} if runs else None,
        "replica_rss_mb": {"idle": rss_idle, "peak": peak, "after": steady},
        "nginx_rss_mb": stack.nginx_rss_mb(),
        "replica_cpu_s": cpu, "cpu_s_per_rerun": cpu_per_run,
        "sessions_per_replica": per_replica,
        "load_avg_1min": [load0, load()],
        "how": "each session: a WebSocket through nginx with its own sticky cookie, the Overview for an entity, "
               "then another entity every 2-6 s (uniform) until the time is up; rerun = request to "
               "script_finished as the client sees it; RSS of each replica process sampled every 0.5 s",
    }
    out["capacity"] = capacity(out)
    return out


def _sessions_per_replica(stack: Stack) -> dict:
    """From nginx's access log: which replica each WebSocket reached (logged when it closes)."""
    ports = {f"127.0.0.1:{r['port']}": str(r["id"]) for r in stack.replicas}
    counts: dict[str, int] = {}
    path = stack.run_dir / "access.log"
    for line in path.read_text().splitlines() if path.exists() else []:
        if "/_stcore/stream" in line and "sticky=viewer-" in line:
            up = line.split(" up=")[1].split()[0]
            counts[ports.get(up, up)] = counts.get(ports.get(up, up), 0) + 1
    return counts


def capacity(r: dict, viewers: int = 1000, rerun_every_s: float = 20.0) -> dict:
    """How many replicas a national event needs, from what one replica did here: CPU per rerun
    (a replica runs Python scripts on about one core) and memory per connected session."""
    if not r.get("cpu_s_per_rerun"):
        return {}
    rate = viewers / rerun_every_s
    cores = rate * r["cpu_s_per_rerun"]
    replicas_cpu = max(1, int(-(-cores / 0.6 // 1)))  # each replica kept under 60 % of a core
    n = len(r["replica_rss_mb"]["peak"])
    idle = sum(r["replica_rss_mb"]["idle"]) / n
    per_session = max(0.0, (sum(r["replica_rss_mb"]["peak"]) - sum(r["replica_rss_mb"]["idle"])) / r["sessions"])
    return {
        "viewers": viewers, "assumed_rerun_every_s": rerun_every_s, "reruns_per_s": round(rate, 1),
        "cpu_s_per_rerun": r["cpu_s_per_rerun"], "cores_busy": round(cores, 2),
        "replicas_for_cpu_at_60pct": replicas_cpu,
        "rss_mb_idle_per_replica": round(idle, 1), "rss_mb_per_session": round(per_session, 2),
        "rss_gb_total": round((replicas_cpu * idle + viewers * per_session) / 1024, 2),
        "how": "replicas = viewers / rerun interval x CPU s per rerun / 0.6 (a replica is one Python process: "
               "about one core); memory = replicas x idle RSS + viewers x RSS per session (peak - idle over "
               "the test's sessions)",
    }


# --- the phase ----------------------------------------------------------------------------------

def bench_deploy(db_path: str, dataset: str, year: int, entities: list[str], workdir: Path, *,
                 rounds: int, sessions: int, seconds: float, port: int | None = None) -> dict:
    import shutil

    if not (shutil.which("nginx") or Path("/usr/sbin/nginx").exists()):
        return {"skipped": "nginx is not installed (apt-get install -y nginx)"}
    paths = [f"?ds={dataset}&entity={e}&year={year}" for e in entities]
    run_dir = workdir / "deploy-run"
    run_dir.mkdir(parents=True, exist_ok=True)
    stack = Stack(db_path, run_dir, port=port)
    try:
        static = Path(stack.info["static_dir"])
        done = (static / ".complete").read_text().split()
        from deploy.serve import find_nginx

        out = {"stack": {"replicas": len(stack.replicas), "nginx": subprocess.run(
                   [find_nginx(), "-v"], capture_output=True, text=True).stderr.strip(),
                   "static_encodings": stack.info.get("static_encodings"),
                   "static_precompressed_mb": [round(int(done[0]) / 2**20, 1), round(int(done[1]) / 2**20, 1)]},
               "first_load": first_loads(stack, paths, rounds)}
        queries = [p.lstrip("?") for p in paths]
        out["load_test"] = load_test(stack, queries, sessions, seconds)
        log(f"load test: {out['load_test']['reruns']} reruns, p95 {out['load_test']['rerun_ms']}, "
            f"errors {out['load_test']['errors']}")
    finally:
        stack.stop()
    return out


def main(argv: list[str] | None = None) -> int:
    import argparse

    from berakhlak.data import db

    ap = argparse.ArgumentParser(prog="python -m benchmarks.deploy", description=__doc__.split("\n\n")[0])
    ap.add_argument("--db", required=True)
    ap.add_argument("--dataset", default="skala")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--sessions", type=int, default=50)
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--workdir", default="/tmp/berakhlak-bench")
    ap.add_argument("--port", type=int, help="nginx's port, the replicas on the next ones (default: free ports)")
    ap.add_argument("--out")
    args = ap.parse_args(argv)
    from benchmarks.run import make_context

    con = db.connect(args.db, read_only=True)
    ctx = make_context(con, args.dataset)
    con.close()
    result = bench_deploy(args.db, ctx.dataset, ctx.year, ctx.entities, Path(args.workdir), rounds=args.rounds,
                          sessions=args.sessions, seconds=args.seconds, port=args.port)
    text = json.dumps(result, indent=2, default=str)
    print(text)
    if args.out:
        Path(args.out).write_text(text + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())

