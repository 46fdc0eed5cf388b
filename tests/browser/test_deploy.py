"""The production stack (deploy/serve: nginx in front of two Streamlit replicas), driven the way a
user meets it: Chromium through the proxy. The stack runs on free ports over a private copy of the
session's database and is stopped with SIGTERM at the end, which must take every process down."""
from __future__ import annotations

import gzip
import http.client
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
import json
from pathlib import Path

import pytest

from browser.harness import ROOT, free_port, wait_for_app

ADMIN_PASSWORD = "rahasia-deploy"
VIEWPORT = {"width": 1366, "height": 768}
COOKIE = "berakhlak_replica"
# Collects Content-Security-Policy violations: the proxy's headers must not break the app.
CSP_LISTENER = """
window.__csp = [];
document.addEventListener('securitypolicyviolation',
  e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));
"""


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a zombie is gone for our purposes
        return Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z"
    except OSError:
        return False


@pytest.fixture(scope="module")
def stack(browser, built_db, tmp_path_factory):
    if not (shutil.which("nginx") or Path("/usr/sbin/nginx").exists()):
        message = "nginx is missing (apt-get install -y nginx)"
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(message + ": the deployment's tests must run in CI", pytrace=False)
        pytest.skip(message)
    where = tmp_path_factory.mktemp("deploy")
    db_copy = where / "app.duckdb"
    shutil.copy(built_db, db_copy)
    run_dir = where / "run"
    port = free_port()
    # The precompressed static files go to the user's cache (made once per Streamlit build).
    env = dict(os.environ, BERAKHLAK_ADMIN_PASSWORD=ADMIN_PASSWORD, BERAKHLAK_STRICT_I18N="1")
    log = open(where / "serve.log", "w")  # noqa: SIM115
    proc = subprocess.Popen([str(ROOT / "deploy" / "serve"), "--port", str(port), "--replicas", "2",
                             "--db", str(db_copy), "--run-dir", str(run_dir)],
                            cwd=ROOT, env=dict(env, PYTHON=sys.executable), stdout=log, stderr=subprocess.STDOUT)
    info_file = run_dir / "stack.json"
    deadline = time.monotonic() + 600  # the first start on a machine precompresses (brotli -q 11: minutes when busy)
    while not info_file.exists():
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            pytest.fail("deploy/serve did not start:\n" + (where / "serve.log").read_text(), pytrace=False)
        time.sleep(0.3)
    info = json.loads(info_file.read_text())
    info["proc"] = proc
    # The first session after a start can race Streamlit's page registry: open each replica once.
    for key in pinned_keys(info["url"]).values():
        context = browser.new_context(viewport=VIEWPORT)
        context.add_cookies([{"name": COOKIE, "value": key, "url": info["url"]}])
        page = context.new_page()
        page.goto(info["url"] + "/")
        wait_for_app(page)
        context.close()
    yield info
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        proc.wait(30)
    log.close()


def get(url: str, headers: dict | None = None):
    req = urllib.request.Request(url, headers=headers or {})
    with urllib.request.urlopen(req, timeout=30) as r:
        return r.status, {k.lower(): v for k, v in r.headers.items()}, r.read()


def pinned_keys(url: str) -> dict[str, str]:
    """A sticky-cookie value for each replica ("1", "2"): nginx hashes the cookie to a replica
    and names the one that answered."""
    found: dict[str, str] = {}
    for i in range(200):
        key = f"test-key-{i}"
        _, headers, _ = get(url + "/_stcore/health", {"Cookie": f"{COOKIE}={key}"})
        found.setdefault(headers["x-berakhlak-replica"], key)
        if len(found) == 2:
            return found
    raise AssertionError(f"200 keys all reached the same replica: {found}")


def open_pinned(browser, url: str, key: str, path: str = ""):
    context = browser.new_context(viewport=VIEWPORT, locale="id-ID")
    context.add_cookies([{"name": COOKIE, "value": key, "url": url}])
    page = context.new_page()
    page.set_default_timeout(60_000)
    page.add_init_script(CSP_LISTENER)
    return context, page


def dataset_options(page) -> list[str]:
    """The labels in the sidebar's dataset picker (opened, read, closed)."""
    picker = page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').first
    listbox = page.get_by_role("listbox")
    for _ in range(3):  # a click on a focused picker may close it instead
        picker.click()
        try:
            listbox.wait_for(timeout=5_000)
            break
        except Exception:
            page.keyboard.press("Escape")
    labels = [o.inner_text() for o in page.get_by_role("option").all()]
    page.keyboard.press("Escape")
    page.mouse.click(900, 10)  # away from the picker: focus leaves it
    return labels


@pytest.mark.parametrize("path", ["", "tren?entities=62,32", "unit?inst=62"])
def test_pages_load_through_the_proxy_over_its_websocket(browser, stack, path):
    context = browser.new_context(viewport=VIEWPORT, locale="id-ID")
    page = context.new_page()
    page.set_default_timeout(60_000)
    page.add_init_script(CSP_LISTENER)
    sockets, frames, responses = [], [], []
    page.on("websocket", lambda ws: (sockets.append(ws.url), ws.on("framereceived", lambda f: frames.append(1))))
    page.on("response", lambda r: responses.append(r))
    try:
        page.goto(f"{stack['url']}/{path}")
        page.locator(".js-plotly-plot .main-svg").first.wait_for()  # a chart drawn
        wait_for_app(page)
        assert page.locator('[data-testid="stException"]').count() == 0
        # The page was drawn from messages on the proxy's WebSocket, not a replica's own port.
        assert sockets and all(s.startswith(stack["url"].replace("http", "ws") + "/_stcore/stream") for s in sockets)
        assert len(frames) > 5
        assert page.evaluate("window.__csp") == []
        html = next(r for r in responses if r.url.rstrip("/") == f"{stack['url']}/{path}".rstrip("/"))
        headers = html.all_headers()
        assert "frame-ancestors 'self'" in headers["content-security-policy"]
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["referrer-policy"] == "strict-origin-when-cross-origin"
        assert headers["x-berakhlak-replica"] in ("1", "2")
        assert COOKIE in {c["name"] for c in context.cookies()}  # the sticky cookie was set
    finally:
        context.close()


def test_static_assets_arrive_precompressed_and_cacheable(browser, stack):
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    page.set_default_timeout(60_000)
    seen = {}
    page.on("response", lambda r: seen.setdefault(r.url, r) if "/static/" in r.url else None)
    try:
        page.goto(stack["url"] + "/")
        wait_for_app(page)
        plotly = next(r for u, r in seen.items() if "/static/js/PlotlyChart." in u)
        headers = plotly.all_headers()
        # Chromium accepts br and gzip: br where Debian's brotli module is installed.
        assert headers.get("content-encoding") == stack["static_encodings"][0]
        assert "immutable" in headers["cache-control"] and "max-age=31536000" in headers["cache-control"]
        assert "set-cookie" not in headers  # a shared cache may keep this answer
        sizes = page.evaluate("""() => performance.getEntriesByType('resource')
            .filter(e => e.name.includes('/static/js/PlotlyChart.'))
            .map(e => [e.encodedBodySize, e.decodedBodySize])""")
        encoded, decoded = sizes[0]
        assert decoded > 3_000_000 and encoded < decoded / 2.5  # 4.7 MB arrive as about 1.4 MB
        scripts = [r for u, r in seen.items() if u.endswith(".js")]
        assert all(r.all_headers().get("content-encoding") in ("br", "gzip") for r in scripts
                   if int(r.all_headers().get("content-length", "0") or 0) > 2048)
    finally:
        context.close()
    # The same file gzipped for a client that takes only gzip, and as it is for one that takes none.
    name = re.search(r"/static/js/PlotlyChart\.[^/]+\.js", plotly.url).group(0)
    status, headers, body = get(stack["url"] + name, {"Accept-Encoding": "gzip"})
    assert status == 200 and headers["content-encoding"] == "gzip" and len(body) < decoded / 2.5
    assert gzip.decompress(body)[:2000] == get(stack["url"] + name)[2][:2000]
    status, headers, body = get(stack["url"] + name)
    assert status == 200 and "content-encoding" not in headers and len(body) == decoded


def test_a_request_over_the_upload_limit_is_refused_by_the_proxy(stack):
    conn = http.client.HTTPConnection("127.0.0.1", stack["port"], timeout=30)
    conn.putrequest("PUT", "/_stcore/upload_file/x/y")
    conn.putheader("Content-Length", str(200 * 2**20))  # above server.maxUploadSize (100 MB)
    conn.endheaders()
    assert conn.getresponse().status == 413
    conn.close()


def test_an_import_through_replica_1_shows_on_replica_2_at_its_next_rerun(browser, stack):
    keys = pinned_keys(stack["url"])
    url = stack["url"]
    viewer_ctx, viewer = open_pinned(browser, url, keys["2"])
    admin_ctx, admin = open_pinned(browser, url, keys["1"])
    try:
        # A viewer on replica 2, connected before the import.
        viewer.goto(url + "/")
        wait_for_app(viewer)
        assert "Data saya: acara-replika" not in dataset_options(viewer)

        # An admin on replica 1 imports a file into a new dataset.
        admin.goto(url + "/kelola-data")
        wait_for_app(admin)
        admin.get_by_role("textbox", name="Kata sandi admin").fill(ADMIN_PASSWORD)
        admin.get_by_role("button", name="Masuk").click()
        wait_for_app(admin)
        target = admin.get_by_role("textbox", name="Dataset tujuan")
        target.fill("acara-replika")
        target.press("Enter")
        wait_for_app(admin)
        text = "entity_code,year,value_code,score,respondents\n" + "".join(
            f"62,2025,{v},{s},900\n" for v, s in zip(["BP", "AK", "KO", "HA", "LO", "AD", "KL"],
                                                     [71, 82, 75, 73, 79, 61, 74]))
        admin.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(
            files=[{"name": "acara.csv", "mimeType": "text/csv", "buffer": text.encode()}])
        admin.get_by_role("button", name="Impor ke dataset 'acara-replika'").click()
        admin.get_by_text(re.compile(r"^Impor #\d+ ke dataset")).wait_for()
        assert admin.locator('[data-testid="stException"]').count() == 0

        # The viewer's next rerun (another page, same session and WebSocket) lists it.
        viewer.locator('[data-testid="stSidebarNavLink"]').nth(1).click()
        wait_for_app(viewer)
        assert "Data saya: acara-replika" in dataset_options(viewer)
        assert viewer.evaluate("window.__csp") == [] and admin.evaluate("window.__csp") == []
    finally:
        viewer_ctx.close()
        admin_ctx.close()
    # Each session's WebSocket reached its own replica (nginx logs a WebSocket when it closes).
    ports = {str(r["id"]): r["port"] for r in stack["replicas"]}
    log = Path(stack["run_dir"], "access.log")
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        lines = [x for x in log.read_text().splitlines() if "/_stcore/stream" in x]
        upstream = {k: {re.search(r" up=(\S+)", x).group(1) for x in lines if f"sticky={key}" in x}
                    for k, key in keys.items()}
        if all(upstream.values()):
            break
        time.sleep(0.5)
    assert upstream == {k: {f"127.0.0.1:{ports[k]}"} for k in keys}


def test_sigterm_stops_nginx_and_every_replica(stack):
    proc = stack["proc"]
    pids = [stack["nginx_pid"]] + [r["pid"] for r in stack["replicas"]]
    assert all(_alive(p) for p in pids)
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(30) == 0
    deadline = time.monotonic() + 10
    while any(_alive(p) for p in pids) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not any(_alive(p) for p in pids)
    assert not Path(stack["run_dir"], "nginx.pid").exists()
    with pytest.raises(OSError):
        get(stack["url"] + "/_stcore/health")
