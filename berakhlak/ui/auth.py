"""Who may change data. Viewing is open to everyone; the Kelola Data page needs an admin.

Three ways, chosen by configuration:

1. OIDC (`st.login`) when an `[auth]` section is in `.streamlit/secrets.toml`. An admin is a
   logged-in user whose e-mail is listed in `[berakhlak] admin_emails = ["a@instansi.go.id"]`
   (case does not matter). A logged-in user not on the list may view, not change.
2. Otherwise a local admin password: `[berakhlak] admin_password_hash = "scrypt$..."` in the
   secrets, or the environment variable BERAKHLAK_ADMIN_PASSWORD_HASH. Make the hash with
   `python -m berakhlak hash-password`. A plain password (`admin_password`,
   BERAKHLAK_ADMIN_PASSWORD) is accepted too, but is then held in memory only as a salted hash.
   The entered password is always compared as a scrypt hash, in constant time. Failed attempts
   are rate-limited per session and for the whole app (see `Limiter`).
3. With neither, the page is disabled and says how to enable it.
"""
from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import threading
import time
from collections import deque
from dataclasses import dataclass
from functools import lru_cache

SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
SECRETS_SECTION = "berakhlak"
ENV_HASH = "BERAKHLAK_ADMIN_PASSWORD_HASH"
ENV_PLAIN = "BERAKHLAK_ADMIN_PASSWORD"


# --- password hashing ---------------------------------------------------------------------------

def _scrypt(password: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=64 * 1024 * 1024,
                          dklen=32)


def hash_password(password: str, salt: bytes | None = None) -> str:
    """'scrypt$N$r$p$<salt hex>$<hash hex>', for the secrets or the environment."""
    salt = salt or secrets.token_bytes(16)
    digest = _scrypt(password, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${salt.hex()}${digest.hex()}"


def _parse(stored: str) -> tuple[int, int, int, bytes, bytes] | None:
    parts = stored.split("$")
    if len(parts) != 6 or parts[0] != "scrypt":
        return None
    try:
        n, r, p = int(parts[1]), int(parts[2]), int(parts[3])
        return n, r, p, bytes.fromhex(parts[4]), bytes.fromhex(parts[5])
    except ValueError:
        return None


def is_hash(stored: str) -> bool:
    return _parse(stored) is not None


@lru_cache(maxsize=8)
def _hash_of_plain(plain: str) -> str:
    """A configured plain password, kept only as a salted hash (made once per process)."""
    return hash_password(plain)


def verify_password(password: str, stored: str) -> bool:
    """True when `password` matches `stored` (a hash, or a plain password hashed here first).
    The comparison is between hashes, in constant time."""
    if not stored:
        return False
    parsed = _parse(stored) or _parse(_hash_of_plain(stored))
    n, r, p, salt, expected = parsed
    return hmac.compare_digest(_scrypt(password, salt, n, r, p), expected)


# --- rate limiting ------------------------------------------------------------------------------

def _now() -> float:
    return time.monotonic()


def _sleep(seconds: float) -> None:
    time.sleep(seconds)


@dataclass
class Limiter:
    """Failed password attempts, limited twice:
    - per session: after `session_max` failures within `window` seconds, that session is locked
      out for `lockout` seconds;
    - for the whole app (every session, against guessing from many sessions): after `global_max`
      failures within `window`, every password login waits `lockout` seconds.
    Every failure also costs `delay` seconds before the answer."""

    session_max: int = 5
    global_max: int = 20
    window: float = 15 * 60
    lockout: float = 5 * 60
    delay: float = 1.0

    def __post_init__(self):
        self._lock = threading.Lock()
        self._global: deque[float] = deque()

    def reset(self) -> None:
        with self._lock:
            self._global.clear()

    def _recent(self, times, now: float) -> list[float]:
        return [x for x in times if now - x < self.window]

    def wait_seconds(self, session: dict) -> int:
        """Seconds before this session may try again (0 = now)."""
        now = _now()
        with self._lock:
            while self._global and now - self._global[0] >= self.window:
                self._global.popleft()
            waits = []
            if len(self._global) >= self.global_max:
                waits.append(self._global[-1] + self.lockout - now)
        mine = self._recent(session.get("_admin_failures", []), now)
        if len(mine) >= self.session_max:
            waits.append(mine[-1] + self.lockout - now)
        return max([0] + [int(w) + 1 for w in waits if w > 0])

    def failed(self, session: dict) -> int:
        """Record a failure; the attempts this session has left before its lockout."""
        now = _now()
        with self._lock:
            self._global.append(now)
        mine = self._recent(session.get("_admin_failures", []), now) + [now]
        session["_admin_failures"] = mine
        _sleep(self.delay)
        return max(0, self.session_max - len(mine))

    def succeeded(self, session: dict) -> None:
        session["_admin_failures"] = []


LIMITER = Limiter()


# --- configuration ------------------------------------------------------------------------------

def _secrets() -> dict:
    """The app's secrets as a plain dict ({} when there is no secrets file)."""
    import streamlit as st

    try:
        return st.secrets.to_dict()
    except Exception:  # noqa: BLE001 (no secrets.toml, or an unreadable one: nothing configured)
        return {}


def _section() -> dict:
    section = _secrets().get(SECRETS_SECTION, {})
    return section if isinstance(section, dict) else {}


def mode() -> str:
    """'oidc', 'password' or 'disabled'."""
    if isinstance(_secrets().get("auth"), dict):
        return "oidc"
    if configured_password():
        return "password"
    return "disabled"


def configured_password() -> str:
    """The configured hash (or plain password): secrets first, then the environment."""
    section = _section()
    for value in (section.get("admin_password_hash"), section.get("admin_password"),
                  os.environ.get(ENV_HASH), os.environ.get(ENV_PLAIN)):
        if isinstance(value, str) and value.strip():
            return value.strip()
    return ""


def admin_emails() -> set[str]:
    emails = _section().get("admin_emails", [])
    if isinstance(emails, str):
        emails = [emails]
    return {str(e).strip().lower() for e in emails if str(e).strip()}


def oidc_admin(user: dict) -> bool:
    """A logged-in OIDC user whose (verified, when the provider says) e-mail is on the list."""
    if not user.get("is_logged_in"):
        return False
    if user.get("email_verified") is False:
        return False
    email = str(user.get("email") or "").strip().lower()
    return bool(email) and email in admin_emails()


# --- the gate on the page -----------------------------------------------------------------------

ADMIN_KEY = "_admin_who"


def admin_gate() -> str | None:
    """Show what this visitor needs to become an admin; return who they are once they are one
    (for the import log), else None (the page then stops)."""
    import streamlit as st

    from berakhlak.i18n import t
    from berakhlak.ui.common import md_escape

    how = mode()
    if how == "disabled":
        st.warning(t("auth.disabled"), icon=":material/lock:")
        st.code(t("auth.disabled_howto"), language="toml")
        return None

    if how == "oidc":
        user = st.user.to_dict()
        if not user.get("is_logged_in"):
            st.info(t("auth.oidc_login_needed"), icon=":material/lock:")
            if st.button(t("auth.oidc_login"), type="primary", icon=":material/login:"):
                st.login()
            return None
        if not oidc_admin(user):
            st.error(t("auth.oidc_not_admin", email=md_escape(user.get("email") or "–")), icon=":material/block:")
            if st.button(t("auth.logout"), icon=":material/logout:"):
                st.logout()
            return None
        who = str(user.get("email"))
        with st.sidebar:
            st.caption(t("auth.signed_in_as", who=md_escape(who)))
            if st.button(t("auth.logout"), icon=":material/logout:", key="admin_logout"):
                st.logout()
        return who

    # local password
    state = st.session_state
    if state.get(ADMIN_KEY):
        with st.sidebar:
            st.caption(t("auth.signed_in_as", who=md_escape(state[ADMIN_KEY])))
            if st.button(t("auth.logout"), icon=":material/logout:", key="admin_logout"):
                del state[ADMIN_KEY]
                st.rerun()
        return state[ADMIN_KEY]
    st.info(t("auth.password_needed"), icon=":material/lock:")
    with st.form("admin_login"):
        name = st.text_input(t("auth.your_name"), max_chars=60, help=t("auth.your_name_help"), key="admin_name")
        password = st.text_input(t("auth.password"), type="password", max_chars=200, key="admin_password")
        submitted = st.form_submit_button(t("auth.login"), type="primary")
    if not submitted:
        return None
    session = state.setdefault("_admin_limits", {})
    wait = LIMITER.wait_seconds(session)
    if wait:
        st.error(t("auth.locked_out", seconds=wait), icon=":material/timer:")
        return None
    if not verify_password(password, configured_password()):
        left = LIMITER.failed(session)
        st.error(t("auth.wrong_password", left=left), icon=":material/block:")
        return None
    LIMITER.succeeded(session)
    label = " ".join(name.split())[:60]
    state[ADMIN_KEY] = f"admin ({label})" if label else "admin"
    st.rerun()
    return None
