"""Access control: viewing is open, the Kelola Data page needs an admin — by OIDC (st.login) when
[auth] is configured, else by a local admin password (a scrypt hash, rate-limited), else the page
is disabled and says how to enable it."""
from __future__ import annotations

import subprocess
import sys

import pytest
from conftest import ROOT
from streamlit.testing.v1 import AppTest

from berakhlak.ui import auth

PASSWORD = "rahasia-biro-2025"
HASH = auth.hash_password(PASSWORD)
OIDC = {"redirect_uri": "http://localhost:8621/oauth2callback", "cookie_secret": "x" * 32,
        "client_id": "id", "client_secret": "secret",
        "server_metadata_url": "https://login.example.go.id/.well-known/openid-configuration"}


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


@pytest.fixture(autouse=True)
def no_admin_config(monkeypatch):
    """Every test starts with nothing configured, no lockouts, and no real waiting."""
    for var in (auth.ENV_HASH, auth.ENV_PLAIN):
        monkeypatch.delenv(var, raising=False)
    clock = Clock()
    monkeypatch.setattr(auth, "_now", clock)
    monkeypatch.setattr(auth, "_sleep", lambda s: None)
    auth.LIMITER.reset()
    yield clock
    auth.LIMITER.reset()


def data_page(secrets: dict | None = None, user: dict | None = None, lang: str = "id") -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["lang"] = lang
    if secrets:
        at.secrets.update(secrets)
    if user is not None:
        at.user = user
    at.run()
    at.switch_page("pages/data.py")
    return at.run()


def can_manage(at: AppTest) -> bool:
    """What an admin sees: the uploader of the Import tab."""
    return len(at.get("file_uploader")) > 0


def log_in(at: AppTest, password: str, name: str = "Sari") -> AppTest:
    at.text_input[0].input(name)
    at.text_input[1].input(password)
    at.button[0].click()
    return at.run()


def alerts(at: AppTest) -> str:
    return "\n".join(e.value for e in [*at.error, *at.warning, *at.info, *at.success])


# --- the password hash -----------------------------------------------------------------------

def test_hash_is_salted_and_verifies():
    a, b = auth.hash_password(PASSWORD), auth.hash_password(PASSWORD)
    assert a != b and a.startswith("scrypt$16384$8$1$")
    assert auth.verify_password(PASSWORD, a) and auth.verify_password(PASSWORD, b)
    assert not auth.verify_password(PASSWORD + "x", a)
    assert not auth.verify_password("", a)
    assert not auth.verify_password(PASSWORD, "")


def test_a_plain_configured_password_is_compared_as_a_hash(monkeypatch):
    seen = []
    real = auth._scrypt
    monkeypatch.setattr(auth, "_scrypt", lambda *a: seen.append(a[0]) or real(*a))
    assert auth.verify_password("plain-secret", "plain-secret")
    assert not auth.verify_password("plain-secreT", "plain-secret")
    assert "plain-secreT" in seen  # the entered password was hashed, not compared as text


def test_cli_makes_a_hash_that_verifies():
    out = subprocess.run([sys.executable, "-m", "berakhlak", "hash-password"], input=PASSWORD + "\n",
                         capture_output=True, text=True, cwd=ROOT, check=True)
    stored = out.stdout.strip()
    assert auth.is_hash(stored) and auth.verify_password(PASSWORD, stored)
    assert PASSWORD not in out.stdout


# --- nothing configured ----------------------------------------------------------------------

def test_without_configuration_the_page_is_disabled_and_says_how_to_enable_it(app_env):
    at = data_page()
    assert not at.exception
    assert not can_manage(at)
    assert "dinonaktifkan" in alerts(at)
    howto = at.code[0].value
    assert "python -m berakhlak hash-password" in howto and "admin_password_hash" in howto
    assert "[auth]" in howto and "admin_emails" in howto


def test_viewing_stays_open_without_login(app_env):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["ds"] = "published"
    at.run()
    assert not at.exception
    assert any(m.label.startswith("Indeks BerAKHLAK") for m in at.metric)


# --- local password --------------------------------------------------------------------------

def test_password_from_environment_hash(app_env, monkeypatch):
    monkeypatch.setenv(auth.ENV_HASH, HASH)
    at = data_page()
    assert not can_manage(at)
    assert "kata sandi admin" in alerts(at).lower()
    at = log_in(at, "salah")
    assert not can_manage(at)
    assert "Kata sandi salah" in alerts(at)
    at = log_in(at, PASSWORD, name="Sari <b>Biro</b>")
    assert not at.exception, at.exception
    assert can_manage(at)
    # the name goes to the import log as given, and is shown as text
    assert at.session_state[auth.ADMIN_KEY] == "admin (Sari <b>Biro</b>)"
    assert any("admin \\(Sari \\<b\\>Biro\\</b\\>\\)" in c.value for c in at.sidebar.caption)


def test_password_from_secrets(app_env):
    at = data_page(secrets={"berakhlak": {"admin_password_hash": HASH}})
    assert not can_manage(at)
    at = log_in(at, PASSWORD)
    assert can_manage(at)


def test_plain_password_from_environment(app_env, monkeypatch):
    monkeypatch.setenv(auth.ENV_PLAIN, "sandi-polos")
    at = log_in(data_page(), "sandi-polos")
    assert can_manage(at)


def test_session_lockout_after_repeated_failures(app_env, monkeypatch, no_admin_config):
    slept = []
    monkeypatch.setattr(auth, "_sleep", slept.append)
    monkeypatch.setenv(auth.ENV_HASH, HASH)
    at = data_page()
    for _ in range(auth.LIMITER.session_max):
        at = log_in(at, "tebakan")
    assert len(slept) == auth.LIMITER.session_max and all(s >= 1 for s in slept)  # each failure costs a delay
    at = log_in(at, PASSWORD)  # even the right password is refused while locked out
    assert not can_manage(at)
    assert "Terlalu banyak percobaan" in alerts(at)
    no_admin_config.now += auth.LIMITER.lockout + 1
    at = log_in(at, PASSWORD)
    assert can_manage(at)


def test_global_lockout_across_sessions(app_env, monkeypatch):
    monkeypatch.setenv(auth.ENV_HASH, HASH)
    monkeypatch.setattr(auth.LIMITER, "global_max", 8)  # the same rule, fewer sessions to open
    failures = 0
    while failures < auth.LIMITER.global_max:
        at = data_page()  # a new session each time: the per-session limit alone would not stop this
        for _ in range(min(auth.LIMITER.session_max - 1, auth.LIMITER.global_max - failures)):
            at = log_in(at, "tebakan")
            failures += 1
    fresh = log_in(data_page(), PASSWORD)
    assert not can_manage(fresh)
    assert "Terlalu banyak percobaan" in alerts(fresh)


def test_limiter_counts_only_recent_failures(no_admin_config):
    lim = auth.Limiter(session_max=2, global_max=100, window=60, lockout=30, delay=0)
    session: dict = {}
    lim.failed(session)
    no_admin_config.now += 61  # the first failure has left the window
    lim.failed(session)
    assert lim.wait_seconds(session) == 0
    lim.failed(session)
    assert 0 < lim.wait_seconds(session) <= 31


# --- OIDC ----------------------------------------------------------------------------------

def test_oidc_logged_out_sees_a_sign_in_button(app_env):
    at = data_page(secrets={"auth": OIDC, "berakhlak": {"admin_emails": ["kabiro@kalteng.go.id"]}},
                   user={"is_logged_in": False})
    assert not at.exception
    assert not can_manage(at)
    assert any(b.label == "Masuk" for b in at.button)
    assert not at.text_input  # no password form when OIDC is configured


def test_oidc_admin_can_manage(app_env):
    at = data_page(secrets={"auth": OIDC, "berakhlak": {"admin_emails": ["Kabiro@Kalteng.go.id"]}},
                   user={"is_logged_in": True, "email": "kabiro@kalteng.go.id", "name": "Kabiro"})
    assert not at.exception, at.exception
    assert can_manage(at)


def test_oidc_user_not_on_the_list_cannot_manage(app_env):
    at = data_page(secrets={"auth": OIDC, "berakhlak": {"admin_emails": ["kabiro@kalteng.go.id"]}},
                   user={"is_logged_in": True, "email": "staf@kalteng.go.id"})
    assert not can_manage(at)
    assert "staf\u2060@kalteng\\.go\\.id" in alerts(at) and "bukan admin" in alerts(at)  # escaped Markdown, the autolink broken


def test_oidc_unverified_email_cannot_manage(app_env):
    at = data_page(secrets={"auth": OIDC, "berakhlak": {"admin_emails": ["kabiro@kalteng.go.id"]}},
                   user={"is_logged_in": True, "email": "kabiro@kalteng.go.id", "email_verified": False})
    assert not can_manage(at)


def test_oidc_takes_precedence_over_a_password(app_env, monkeypatch):
    monkeypatch.setenv(auth.ENV_HASH, HASH)
    at = data_page(secrets={"auth": OIDC}, user={"is_logged_in": False})
    assert not at.text_input and any(b.label == "Masuk" for b in at.button)
