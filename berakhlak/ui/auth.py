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

import contextlib
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
    """The parts of a hash whose parameters scrypt can run with (N a power of 2 above 1, r and p
    at least 1, within the memory allowed, a salt and a 32-byte digest), else None."""
    parts = stored.split("$")
    if len(parts) != 6 or parts[0] != "scrypt":
        return None
    try:
        n, r, p = int(parts[1]), int(parts[2]), int(parts[3])
        salt, digest = bytes.fromhex(parts[4]), bytes.fromhex(parts[5])
    except ValueError:
        return None
    if n < 2 or n & (n - 1) or r < 1 or p < 1 or r * p >= 2**30 or 128 * r * (n + p + 2) > 64 * 1024 * 1024:
        return None
    if not salt or len(digest) != 32:
        return None
    return n, r, p, salt, digest


def is_hash(stored: str) -> bool:
    return _parse(stored) is not None


def looks_like_hash(stored: str) -> bool:
    """Meant as a hash (a malformed one is never taken for a plain password)."""
    return stored.startswith("scrypt$")


@lru_cache(maxsize=8)
def _hash_of_plain(plain: str) -> str:
    """A configured plain password, kept only as a salted hash (made once per process)."""
    return hash_password(plain)


def verify_password(password: str, stored: str) -> bool:
    """True when `password` matches `stored` (a hash, or a plain password hashed here first).
    The comparison is between hashes, in constant time. A malformed hash matches nothing."""
    if not stored:
        return False
    parsed = _parse(stored) if looks_like_hash(stored) else _parse(_hash_of_plain(stored))
    if parsed is None:
        return False
    n, r, p, salt, expected = parsed
    try:
        return hmac.compare_digest(_scrypt(password, salt, n, r, p), expected)
    except (ValueError, MemoryError):  # parameters OpenSSL still refuses
        return False


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

    def _wait(self, session: dict, now: float) -> int:
        while self._global and now - self._global[0] >= self.window:
            self._global.popleft()
        waits = []
        if len(self._global) >= self.global_max:
            waits.append(self._global[-1] + self.lockout - now)
        mine = self._recent(session.get("_admin_failures", []), now)
        if len(mine) >= self.session_max:
            waits.append(mine[-1] + self.lockout - now)
        return max([0] + [int(w) + 1 for w in waits if w > 0])

    def wait_seconds(self, session: dict) -> int:
        """Seconds before this session may try again (0 = now)."""
        with self._lock:
            return self._wait(session, _now())

    def begin(self, session: dict) -> int:
        """Check and count in one step, under the lock: the seconds to wait (0 = this attempt may
        be evaluated, and it already counts against the global limit, as a failure until
        `succeeded` gives it back). So many attempts at once evaluate at most `global_max`."""
        now = _now()
        with self._lock:
            wait = self._wait(session, now)
            if not wait:
                self._global.append(now)
                session["_admin_pending"] = now
        return wait

    def failed(self, session: dict) -> int:
        """Record a failure; the attempts this session has left before its lockout."""
        now = _now()
        with self._lock:
            if session.pop("_admin_pending", None) is None:  # not counted by begin()
                self._global.append(now)
            mine = self._recent(session.get("_admin_failures", []), now) + [now]
            session["_admin_failures"] = mine
        _sleep(self.delay)
        return max(0, self.session_max - len(mine))

    def succeeded(self, session: dict) -> None:
        with self._lock:
            pending = session.pop("_admin_pending", None)
            if pending is not None:
                with contextlib.suppress(ValueError):
                    self._global.remove(pending)
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


def _configured() -> tuple[str, str]:
    """(the setting it comes from, the configured hash or plain password): secrets first, then
    the environment."""
    section = _section()
    for setting, value in ((f"[{SECRETS_SECTION}] admin_password_hash", section.get("admin_password_hash")),
                           (f"[{SECRETS_SECTION}] admin_password", section.get("admin_password")),
                           (ENV_HASH, os.environ.get(ENV_HASH)), (ENV_PLAIN, os.environ.get(ENV_PLAIN))):
        if isinstance(value, str) and value.strip():
            return setting, value.strip()
    return "", ""


def configured_password() -> str:
    """The configured hash (or plain password): secrets first, then the environment."""
    return _configured()[1]


def bad_setting() -> str | None:
    """The setting that holds a hash scrypt cannot use (malformed, or impossible parameters),
    else None. The password login does not start while there is one."""
    setting, value = _configured()
    is_hash_setting = setting.endswith(("admin_password_hash", ENV_HASH))
    if value and (is_hash_setting or looks_like_hash(value)) and not _usable(value):
        return setting
    return None


@lru_cache(maxsize=8)
def _usable(stored: str) -> bool:
    parsed = _parse(stored)
    if parsed is None:
        return False
    n, r, p, salt, _ = parsed
    try:
        _scrypt("", salt, n, r, p)
    except (ValueError, MemoryError):
        return False
    return True


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


def current_admin() -> str | None:
    """Who the signed-in admin of this session is (the OIDC e-mail, or the local admin's name as
    entered), else None. The one answer to "may this session write?" for every page."""
    import streamlit as st

    how = mode()
    if how == "oidc":
        user = st.user.to_dict()
        return str(user.get("email")) if oidc_admin(user) else None
    if how == "password" and not bad_setting():
        return st.session_state.get(ADMIN_KEY)
    return None


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
    bad = bad_setting()
    if bad:
        st.error(t("auth.bad_hash", setting=bad), icon=":material/error:")
        return None
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
    wait = LIMITER.begin(session)
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
