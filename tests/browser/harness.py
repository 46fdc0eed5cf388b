"""Driving the app in Debian's Chromium: the launch flags, a Streamlit server on a free port,
and waiting until a page has finished running and drawn its charts. Shared by the browser tests
(tests/browser) and scripts/screenshots.py; no pytest here."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("BERAKHLAK_CHROMIUM", "/usr/bin/chromium")  # Debian's
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
SCREENSHOTS = ROOT / "screenshots"  # git-ignored


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class AppServer:
    """`streamlit run app.py` on a free port against a given database, stopped with its whole
    process group."""

    def __init__(self, db_path: str | os.PathLike, log_path: str | os.PathLike, port: int | None = None):
        self.db_path, self.log_path = str(db_path), Path(log_path)
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen | None = None

    def start(self, timeout: float = 90) -> AppServer:
        # Usage statistics stay off by .streamlit/config.toml, as for `streamlit run app.py`: the
        # hostile-names test's check for requests to other hosts covers it.
        env = dict(os.environ, BERAKHLAK_DB=self.db_path, BERAKHLAK_STRICT_I18N="1")
        self._log = open(self.log_path, "w")  # noqa: SIM115 (open as long as the server runs)
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(self.port),
             "--server.address", "127.0.0.1", "--server.headless", "true",
             "--server.fileWatcherType", "none"],
            cwd=ROOT, env=env, stdout=self._log, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"streamlit exited with {self.proc.returncode}:\n{self.log()}")
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as r:
                    if r.read().strip() == b"ok":
                        return self
            except OSError:
                time.sleep(0.3)
        self.stop()
        raise RuntimeError(f"streamlit did not answer on {self.url} within {timeout}s:\n{self.log()}")

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGTERM)
                self.proc.wait(timeout=10)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                try:
                    os.killpg(self.proc.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                self.proc.wait(timeout=5)
        if getattr(self, "_log", None):
            self._log.close()

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""


def wait_for_app(page, timeout_ms: int = 60000) -> None:
    """Until Streamlit has finished running the script and every Plotly chart is drawn."""
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=timeout_ms)
    page.wait_for_function(
        """() => !document.querySelector('[data-testid="stStatusWidget"]')
              && [...document.querySelectorAll('.js-plotly-plot')].every(p => p.querySelector('.main-svg'))""",
        timeout=timeout_ms)
    page.wait_for_timeout(300)  # let the last layout settle before a screenshot


def open_app(page, url: str) -> None:
    page.goto(url)
    wait_for_app(page)


def screenshot(page, name: str) -> list[Path]:
    """screenshots/browser/<name>.png (the viewport, as a user first sees it) and
    <name>-full.png (the whole page: Streamlit scrolls inside its main area, so the viewport is
    stretched to its height for that shot), for people to look at."""
    out = SCREENSHOTS / "browser"
    out.mkdir(parents=True, exist_ok=True)
    first, full = out / f"{name}.png", out / f"{name}-full.png"
    page.screenshot(path=str(first))
    size = page.viewport_size
    height = page.evaluate(
        """() => { const m = document.querySelector('[data-testid="stMain"]');
                   return m ? m.scrollHeight : document.body.scrollHeight; }""")
    if height > size["height"]:
        page.set_viewport_size({"width": size["width"], "height": int(height)})
        page.wait_for_timeout(400)
        page.screenshot(path=str(full))
        page.set_viewport_size(size)
        page.wait_for_timeout(200)
    else:
        page.screenshot(path=str(full))
    return [first, full]
