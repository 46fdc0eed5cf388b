"""Screenshots of app pages in Debian's Chromium, for people to look at.

    python scripts/screenshots.py http://localhost:8501 "" "?lang=en" tren ...

Writes screenshots/<name>-<width>.png (git-ignored) at 1366x768 and 1920x1080."""
from __future__ import annotations

import re
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from browser.harness import CHROMIUM, CHROMIUM_ARGS, SCREENSHOTS, wait_for_app

SIZES = [(1366, 768), (1920, 1080)]
OUT = SCREENSHOTS


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
