"""Screenshots of app pages in Debian's Chromium, for people to look at.

    python scripts/screenshots.py http://localhost:8501 ringkasan "ringkasan?lang=en" ...

Writes screenshots/<name>-<width>.png (git-ignored) at 1366x768 and 1920x1080."""
from __future__ import annotations

import re
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
SIZES = [(1366, 768), (1920, 1080)]
OUT = Path(__file__).resolve().parents[1] / "screenshots"


def wait_for_app(page, timeout_ms: int = 30000) -> None:
    """Until Streamlit has finished running the script and charts are drawn."""
    page.wait_for_selector('[data-testid="stApp"]', timeout=timeout_ms)
    # Streamlit shows skeletons while the script runs and a status widget ("Running…") until done.
    page.wait_for_function(
        """() => document.querySelector('[data-testid="stMain"]')
                 && !document.querySelector('[data-testid="stSkeleton"]')
                 && !document.querySelector('[data-testid="stStatusWidget"] [data-testid="stStatusWidgetRunningIcon"]')""",
        timeout=timeout_ms)
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(1500)


def shoot(base: str, paths: list[str], sizes=SIZES, full_page: bool = True) -> list[Path]:
    OUT.mkdir(exist_ok=True)
    written = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for w, h in sizes:
            page = browser.new_page(viewport={"width": w, "height": h})
            for path in paths:
                page.goto(f"{base.rstrip('/')}/{path}")
                wait_for_app(page)
                name = re.sub(r"[^a-zA-Z0-9_-]+", "_", path) or "home"
                file = OUT / f"{name}-{w}.png"
                page.screenshot(path=str(file), full_page=full_page)
                errors = page.locator('[data-testid="stException"]').count()
                print(f"{file} exceptions={errors}")
                written.append(file)
            page.close()
        browser.close()
    return written


if __name__ == "__main__":
    shoot(sys.argv[1], sys.argv[2:] or [""])
