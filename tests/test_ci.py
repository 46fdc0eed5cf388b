"""The browser tests are never silently skipped in CI: without Chromium they fail when CI is
set, and skip (with the reason) only on a developer's machine."""
from __future__ import annotations

import os
import subprocess
import sys

from conftest import ROOT


def run_browser_test(ci: bool) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    env["BERAKHLAK_CHROMIUM"] = "/nonexistent/chromium"
    if ci:
        env["CI"] = "true"
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:xdist", "-p", "no:cacheprovider", "-o", "addopts=-q -ra",
         "tests/browser/test_pages.py"], check=False, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)


def test_missing_chromium_fails_in_ci_and_skips_elsewhere():
    ci = run_browser_test(ci=True)
    assert ci.returncode != 0, ci.stdout
    assert "browser tests must run in CI" in ci.stdout
    local = run_browser_test(ci=False)
    assert local.returncode == 0, local.stdout
    assert "skipped" in local.stdout and "/nonexistent/chromium is missing" in local.stdout


def test_ci_script_runs_the_readme_test_command_with_ci_set():
    script = (ROOT / ".ci" / "run").read_text()
    readme = (ROOT / "README.md").read_text()
    command = "python -m pip install -q -r requirements-dev.txt && python -m pytest"
    assert command in readme and script.rstrip().endswith(command)
    assert 'export CI="${CI:-true}"' in script
