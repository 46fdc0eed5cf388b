"""The production stack on one host: nginx (Debian's) in front of N Streamlit replicas.

    deploy/serve --port 8080 --replicas 2

- nginx runs as the current user (no root needed) with a configuration generated into a run
  directory (default: a new temporary one) that also holds its pid file, logs and temp files.
- Streamlit's static files (4.7 MB of Plotly's code among them) are copied once per Streamlit
  version into a cache directory this script owns, each compressible file beside its `.gz`
  (gzip -9), and nginx serves them with `gzip_static` and a one-year `immutable` cache header
  (the names carry a content hash). Everything else (the HTML shell, the WebSocket's HTTP answers)
  is compressed on the fly.
- WebSocket proxying for /_stcore/stream; sticky sessions by a cookie that nginx sets on the first
  answer (`hash ... consistent`: a session's page, WebSocket and uploads reach the same replica,
  and a replica that is down moves only its own sessions).
- Request size limited to the app's `server.maxUploadSize` (.streamlit/config.toml).
- Security headers: a Content-Security-Policy that Streamlit works under, X-Content-Type-Options,
  Referrer-Policy, frame-ancestors / X-Frame-Options, Permissions-Policy.
- The replicas share one database file (BERAKHLAK_DB, or --db): every write goes through the one
  writer (berakhlak.data.db.writer), which swaps in a new file; each replica sees it at its next
  rerun.

Ctrl-C or SIGTERM stops nginx first (no new requests), then the replicas, and waits for all of
them. The run directory holds `stack.json` (ports and pids) while the stack runs.
"""
from __future__ import annotations

import argparse
import ctypes
import gzip
import hashlib
import json
import os
import pwd
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import tomllib
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HERE = Path(__file__).resolve().parent
TEMPLATE = HERE / "nginx.conf.template"
COMPRESSIBLE = (".js", ".mjs", ".css", ".html", ".json", ".svg", ".map", ".txt", ".ttf", ".otf",
                ".wasm", ".xml", ".ico")
COOKIE = "berakhlak_replica"
# Brotli, when Debian's module and compressor are installed (apt-get install
# libnginx-mod-http-brotli-static brotli): Plotly's bundle is 1.06 MB as .br against 1.42 MB as .gz.
BROTLI_MODULE = Path("/usr/lib/nginx/modules/ngx_http_brotli_static_module.so")


def brotli_available() -> bool:
    return BROTLI_MODULE.exists() and shutil.which("brotli") is not None


def log(msg: str) -> None:
    print(f"serve: {msg}", file=sys.stderr, flush=True)


# --- the static files, compressed once ---------------------------------------------------------

def streamlit_static_dir() -> Path:
    import streamlit

    return Path(streamlit.__file__).resolve().parent / "static"


def cache_root() -> Path:
    base = os.environ.get("BERAKHLAK_CACHE") or os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "berakhlak"


def precompressed_static(source: Path | None = None, root: Path | None = None, brotli: bool | None = None) -> Path:
    """A copy of Streamlit's static directory with a `.gz` (and, with brotli, a `.br`) beside each
    compressible file, made once per Streamlit build (keyed by the version and the hashed
    index.html) and reused after."""
    import streamlit

    source = source or streamlit_static_dir()
    brotli = brotli_available() if brotli is None else brotli
    key = hashlib.sha256((source / "index.html").read_bytes()).hexdigest()[:12]
    target = (root or cache_root()) / f"static-{streamlit.__version__}-{key}{'-br' if brotli else ''}"
    if (target / ".complete").exists():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=target.name + ".building-", dir=target.parent))
    started, raw, packed = time.monotonic(), 0, 0
    to_brotli = []
    try:
        for path in sorted(source.rglob("*")):
            rel = path.relative_to(source)
            out = work / rel
            if path.is_dir():
                out.mkdir(parents=True, exist_ok=True)
                continue
            out.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, out)
            if path.suffix.lower() in COMPRESSIBLE:
                data = path.read_bytes()
                small = gzip.compress(data, compresslevel=9, mtime=0)
                if len(small) < len(data) * 0.9:
                    gz = out.with_name(out.name + ".gz")
                    gz.write_bytes(small)
                    shutil.copystat(path, gz)  # gzip_static wants the same mtime for the ETag
                    raw, packed = raw + len(data), packed + len(small)
                    to_brotli.append(out)
        if brotli:  # the slow part (quality 11): in parallel, once per Streamlit build
            from concurrent.futures import ThreadPoolExecutor

            def br(path: Path) -> None:
                subprocess.run(["brotli", "-q", "11", "-f", "-o", str(path) + ".br", str(path)], check=True)
                shutil.copystat(path, str(path) + ".br")

            with ThreadPoolExecutor(os.cpu_count() or 2) as pool:
                list(pool.map(br, to_brotli))
            small_br = sum(Path(str(p) + ".br").stat().st_size for p in to_brotli)
            log(f"brotli: {raw / 2**20:.1f} MB -> {small_br / 2**20:.1f} MB")
        (work / ".complete").write_text(f"{raw} {packed}\n")
        work.chmod(0o755)
        try:
            work.rename(target)
        except OSError:  # made meanwhile by another start
            shutil.rmtree(work, ignore_errors=True)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    log(f"precompressed Streamlit's static files into {target} "
        f"({raw / 2**20:.1f} MB -> {packed / 2**20:.1f} MB, {time.monotonic() - started:.1f} s)")
    return target


# --- configuration -----------------------------------------------------------------------------

def max_upload_mb(app_dir: Path = ROOT) -> int:
    """The app's `server.maxUploadSize` (MB), Streamlit's default 200 when it sets none."""
    try:
        conf = tomllib.loads((app_dir / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    except FileNotFoundError:
        return 200
    return int(conf.get("server", {}).get("maxUploadSize", 200))


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def port_in_use(port: int, host: str = "127.0.0.1") -> bool:
    with socket.socket() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((host, port))
        except OSError:
            return True
    return False


def nginx_config(*, port: int, listen: str, replicas: list[int], static_dir: Path, run_dir: Path,
                 upload_mb: int, brotli: bool = True, for_system: bool = False) -> str:
    servers = "\n".join(f"        server 127.0.0.1:{p} max_fails=1 fail_timeout=5s;" for p in replicas)
    replica_ids = "\n".join(f'        "127.0.0.1:{p}" "{i + 1}";' for i, p in enumerate(replicas))
    user = ""
    if os.geteuid() == 0 and not for_system:  # nginx would otherwise hand its workers to "nobody"
        user = f"user {pwd.getpwuid(os.geteuid()).pw_name};"
    brotli = brotli and (static_dir.name.endswith("-br"))
    return (TEMPLATE.read_text(encoding="utf-8")
            .replace("@USER@", user)
            .replace("@LOAD_MODULES@", f"load_module {BROTLI_MODULE};" if brotli else "")
            .replace("@BROTLI_STATIC@", "brotli_static on;" if brotli else "")
            .replace("@RUN_DIR@", str(run_dir))
            .replace("@MIME_TYPES@", str(mime_types()))
            .replace("@LISTEN@", f"{listen}:{port}")
            .replace("@SERVERS@", servers)
            .replace("@REPLICA_IDS@", replica_ids)
            .replace("@STATIC@", str(static_dir))
            .replace("@UPLOAD_MB@", str(upload_mb + 1))  # a multipart body carries a few headers more
            .replace("@COOKIE@", COOKIE))


def mime_types() -> Path:
    for p in (Path("/etc/nginx/mime.types"), Path("/usr/local/nginx/conf/mime.types")):
        if p.exists():
            return p
    raise SystemExit("serve: nginx's mime.types not found (apt-get install -y nginx)")


def find_nginx() -> str:
    found = os.environ.get("BERAKHLAK_NGINX") or shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(found).exists():
        raise SystemExit("serve: nginx not found (apt-get install -y nginx)")
    return found


# --- processes ---------------------------------------------------------------------------------

def _die_with_parent() -> None:
    """In the child: get SIGTERM if serve itself dies (even by SIGKILL), so nothing is orphaned."""
    try:
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except OSError:
        pass
    os.setsid()


def wait_http(url: str, proc: subprocess.Popen, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{what} exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{what} did not answer {url} within {timeout:.0f} s")


class Stack:
    def __init__(self, args):
        self.args = args
        self.children: list[tuple[str, subprocess.Popen]] = []
        self.stopping = False

    def start_replica(self, i: int, port: int, env: dict) -> subprocess.Popen:
        log_file = open(self.run_dir / f"replica-{i}.log", "ab")  # noqa: SIM115 (the child's stdout)
        cmd = [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"),
               "--server.port", str(port), "--server.address", "127.0.0.1",
               "--server.headless", "true", "--server.fileWatcherType", "none",
               "--browser.gatherUsageStats", "false", "--server.runOnSave", "false"]
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log_file, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL, preexec_fn=_die_with_parent)
        log_file.close()
        self.children.append((f"replica {i}", proc))
        return proc

    def run(self) -> int:
        a = self.args
        self.run_dir = Path(a.run_dir) if a.run_dir else Path(tempfile.mkdtemp(prefix="berakhlak-serve-"))
        self.run_dir.mkdir(parents=True, exist_ok=True)
        (self.run_dir / "tmp").mkdir(exist_ok=True)
        nginx = find_nginx()
        static_dir = precompressed_static()
        replicas = a.replica_ports or [free_port() for _ in range(a.replicas)]
        if len(replicas) != a.replicas:
            raise SystemExit("serve: --replica-ports must name one port per replica")
        busy = [p for p in [a.port, *replicas] if port_in_use(p, "127.0.0.1" if p in replicas else a.listen)]
        if busy:
            raise SystemExit(f"serve: port {', '.join(map(str, busy))} already in use")
        env = dict(os.environ, STREAMLIT_BROWSER_GATHER_USAGE_STATS="false")
        if a.db:
            env["BERAKHLAK_DB"] = str(Path(a.db).resolve()) if not a.db.startswith("md:") else a.db
        # One cookie secret for all replicas: a session that moves to another replica (its own
        # went down) keeps a valid XSRF cookie. Passed by environment, never on a command line.
        env.setdefault("STREAMLIT_SERVER_COOKIE_SECRET", secrets.token_urlsafe(32))
        conf = self.run_dir / "nginx.conf"
        conf.write_text(nginx_config(port=a.port, listen=a.listen, replicas=replicas, static_dir=static_dir,
                                     run_dir=self.run_dir, upload_mb=max_upload_mb()), encoding="utf-8")
        check = subprocess.run([nginx, "-t", "-q", "-p", str(self.run_dir), "-c", str(conf), "-e",
                                str(self.run_dir / "error.log")], capture_output=True, text=True)
        if check.returncode:
            log(check.stderr.strip())
            return 1
        self.build_database(env)
        for i, port in enumerate(replicas, 1):
            self.start_replica(i, port, env)
        for i, port in enumerate(replicas, 1):
            wait_http(f"http://127.0.0.1:{port}/_stcore/health", self.children[i - 1][1], a.timeout,
                      f"replica {i} (log: {self.run_dir / f'replica-{i}.log'})")
        proc = subprocess.Popen([nginx, "-p", str(self.run_dir), "-c", str(conf), "-e",
                                 str(self.run_dir / "error.log")],
                                stdin=subprocess.DEVNULL, preexec_fn=_die_with_parent)
        self.children.append(("nginx", proc))
        host = "127.0.0.1" if a.listen in ("0.0.0.0", "127.0.0.1", "*") else a.listen
        url = f"http://{host}:{a.port}"
        wait_http(url + "/_stcore/health", proc, 30, f"nginx (log: {self.run_dir / 'error.log'})")
        info = {"url": url, "port": a.port, "run_dir": str(self.run_dir), "serve_pid": os.getpid(),
                "nginx_pid": proc.pid, "static_dir": str(static_dir),
                "static_encodings": ["br", "gzip"] if static_dir.name.endswith("-br") else ["gzip"], "database": env.get("BERAKHLAK_DB"),
                "replicas": [{"id": i + 1, "port": p, "pid": c.pid}
                             for i, (p, (_, c)) in enumerate(zip(replicas, self.children))]}
        (self.run_dir / "stack.json").write_text(json.dumps(info, indent=2))
        print(f"serving {url} (nginx -> {len(replicas)} replicas on ports "
              f"{', '.join(map(str, replicas))}; run dir {self.run_dir})", flush=True)
        while not self.stopping:
            for name, child in self.children:
                if child.poll() is not None and not self.stopping:
                    log(f"{name} exited with {child.returncode}; stopping the stack")
                    self.stop()
                    return 1
            time.sleep(0.5)
        return 0

    def build_database(self, env: dict) -> None:
        """Build the database once, before the replicas start (they would otherwise race to)."""
        path = env.get("BERAKHLAK_DB") or str(ROOT / "data" / "berakhlak.duckdb")
        if path.startswith("md:") or Path(path).exists():
            return
        log(f"building the database {path} (first start)")
        subprocess.run([sys.executable, "-m", "berakhlak", "init", "--db", path], cwd=ROOT, env=env,
                       check=True, preexec_fn=_die_with_parent)

    def stop(self, *_) -> None:
        """nginx first (a graceful QUIT: no new connections), then the replicas; wait for all."""
        if self.stopping:
            return
        self.stopping = True
        for name, child in reversed(self.children):
            if child.poll() is None:
                child.send_signal(signal.SIGQUIT if name == "nginx" else signal.SIGTERM)
        deadline = time.monotonic() + 10
        for name, child in reversed(self.children):
            try:
                child.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                log(f"{name} did not stop in time; killing it")
                child.kill()
                child.wait()
        with_json = getattr(self, "run_dir", None)
        if with_json:
            (self.run_dir / "stack.json").unlink(missing_ok=True)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="deploy/serve", description=__doc__.split("\n\n")[0])
    ap.add_argument("--port", type=int, default=8080, help="nginx's port (default 8080)")
    ap.add_argument("--replicas", type=int, default=2, help="Streamlit processes (default 2)")
    ap.add_argument("--listen", default="127.0.0.1",
                    help="nginx's address (default 127.0.0.1; 0.0.0.0 for every interface)")
    ap.add_argument("--replica-ports", type=lambda s: [int(x) for x in s.split(",")],
                    help="comma-separated ports for the replicas (default: free ports)")
    ap.add_argument("--db", help="the database (default $BERAKHLAK_DB, then data/berakhlak.duckdb)")
    ap.add_argument("--run-dir", help="where nginx's config, pid, logs and temp files go (default: a new temp dir)")
    ap.add_argument("--timeout", type=float, default=120, help="seconds to wait for each replica to start")
    ap.add_argument("--print-config", action="store_true",
                    help="print the nginx configuration for these options and exit (for a system nginx)")
    args = ap.parse_args(argv)
    if args.replicas < 1:
        ap.error("--replicas must be at least 1")
    if args.print_config:
        ports = args.replica_ports or [args.port + i for i in range(1, args.replicas + 1)]
        run_dir = Path(args.run_dir or "/run/berakhlak")
        print(nginx_config(port=args.port, listen=args.listen, replicas=ports, static_dir=precompressed_static(),
                           run_dir=run_dir, upload_mb=max_upload_mb(), for_system=True))
        return 0
    stack = Stack(args)
    signal.signal(signal.SIGTERM, stack.stop)
    signal.signal(signal.SIGINT, stack.stop)
    signal.signal(signal.SIGHUP, stack.stop)
    try:
        return stack.run()
    except (RuntimeError, subprocess.CalledProcessError) as exc:
        if stack.stopping:  # asked to stop while starting: not a failure
            return 0
        log(str(exc))
        return 1
    finally:
        stack.stop()


if __name__ == "__main__":
    sys.exit(main())
