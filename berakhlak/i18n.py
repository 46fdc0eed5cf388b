"""The one translation function, `t`, and number formatting that follows the language.

Messages live in berakhlak/messages/*.toml, one file per area, each message a table
["area.key"] with `id` (Indonesian, the default language) and `en` (English).
"""
from __future__ import annotations

import logging
import math
import os
import threading
import tomllib
from functools import lru_cache
from pathlib import Path

LANGS = ("id", "en")
DEFAULT_LANG = "id"
_local = threading.local()
MESSAGES_DIR = Path(__file__).parent / "messages"
log = logging.getLogger(__name__)


@lru_cache(maxsize=1)
def catalog() -> dict[str, tuple[str, str]]:
    merged: dict[str, tuple[str, str]] = {}
    for path in sorted(MESSAGES_DIR.glob("*.toml")):
        part = tomllib.loads(path.read_text(encoding="utf-8"))
        clash = merged.keys() & part.keys()
        if clash:
            raise ValueError(f"message keys defined twice ({path.name}): {sorted(clash)}")
        for key, entry in part.items():
            if set(entry) != {"id", "en"}:
                raise ValueError(f"{path.name}: message {key!r} needs exactly `id` and `en`, has {sorted(entry)}")
            merged[key] = (entry["id"], entry["en"])
    return merged


def set_lang(lang: str) -> None:
    """Set the language of this thread (Streamlit runs each session's script in its own)."""
    _local.lang = lang if lang in LANGS else DEFAULT_LANG


def current_lang() -> str:
    return getattr(_local, "lang", DEFAULT_LANG)


def t(key: str, lang: str | None = None, **params) -> str:
    """The text of `key` in `lang` (default: the current language), with {params} filled in.
    Numbers in params should be formatted with fmt_num first."""
    lang = lang or current_lang()
    entry = catalog().get(key)
    if entry is None:
        if os.environ.get("BERAKHLAK_STRICT_I18N"):
            raise KeyError(f"no message {key!r}")
        log.warning("missing message %s", key)
        return key
    text = entry[1] if lang == "en" else entry[0]
    return text.format(**params) if params else text


def fmt_num(x: float | None, lang: str | None = None, decimals: int = 1, sign: bool = False) -> str:
    """59.5 -> '59,5' (id) or '59.5' (en); thousands grouped with '.' (id) or ',' (en).
    Rounds half-up for one decimal, like every score shown."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "–"
    lang = lang or current_lang()
    if decimals == 1:
        from berakhlak.domain.rules import round_half_up

        x = round_half_up(x)
    text = f"{abs(x):,.{decimals}f}"
    if lang != "en":
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    if x < 0 and float(f"{abs(x):.{decimals}f}") != 0:
        text = "-" + text
    elif sign and x > 0 and float(f"{x:.{decimals}f}") != 0:
        text = "+" + text
    return text


def fmt_int(n: int | None, lang: str | None = None) -> str:
    if n is None or (isinstance(n, float) and math.isnan(n)):
        return "–"
    return fmt_num(float(n), lang, decimals=0)
