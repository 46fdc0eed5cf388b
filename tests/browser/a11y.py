"""axe-core (the axe-playwright-python package, which ships axe.min.js: nothing is fetched) over
a page of the app, with what Streamlit itself causes excluded by precise selectors only. Each
exclusion is listed in the README (Accessibility) with its reason."""
from __future__ import annotations

from axe_playwright_python.sync_playwright import Axe

# Streamlit's own markup, not the app's content (README, "Accessibility"):
STREAMLIT_EXCLUDED = [
    # The sidebar navigation is a <ul> whose <li> sit inside extra <div>s (rules list/listitem).
    ['[data-testid="stSidebarNavItems"]'],
]
BLOCKING = ("serious", "critical")
_AXE = Axe()


def violations(page) -> list[dict]:
    """The serious and critical violations on the page as it is now, outside Streamlit's own markup.
    Waits until no element is faded (Streamlit dims stale elements during a rerun and fades new
    ones in: a half-transparent caption would be judged on its blended colour)."""
    page.wait_for_function("""() => !document.querySelector('[data-stale="true"]')
        && document.getAnimations().every(a => a.playState !== 'running')""", timeout=30000)
    page.wait_for_timeout(300)
    result = _AXE.run(page, context={"exclude": STREAMLIT_EXCLUDED},
                      options={"resultTypes": ["violations"]})
    return [v for v in result.response["violations"] if v["impact"] in BLOCKING]


def report(found: list[dict]) -> str:
    lines = []
    for v in found:
        lines.append(f"{v['id']} ({v['impact']}): {v['help']}")
        for node in v["nodes"][:5]:
            why = "; ".join(c["message"] for c in node.get("any", []) + node.get("all", []))[:200]
            lines.append(f"    {node['target']} {node['html'][:120]} — {why}")
    return "\n".join(lines)
