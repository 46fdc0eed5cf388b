"""One escaping rule per renderer for text that comes from data (entity and unit names, action
texts, notes, evidence, file names): whatever it holds is shown as the text it is, never as
markup, a link, an image, a formula, a style or a terminal command.

- `markdown`: for st.markdown, captions, labels, alerts (Streamlit renders Markdown, HTML-like
  tags, KaTeX between `$` and :directives:, and autolinks bare URLs and e-mail addresses even
  in escaped text, so their shape is broken with an invisible word joiner);
- `plotly`: for titles, labels, legends and hovers of a Plotly figure (Plotly renders <a href>,
  <span style>, <b>, <br>: `<`, `>` and `&` are escaped and shown as text);
- `html`: for HTML written by the app;
- `terminal`: for CLI output (control characters and escape sequences written out).
"""
from __future__ import annotations

import html as _html
import math
import re

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:&=\"'])")
# What a Markdown renderer with GFM autolinks (Streamlit's) would turn into a link: a scheme, a
# www. host, an e-mail's @. A word joiner (U+2060, invisible, not a space) breaks each one.
_AUTOLINK = re.compile(r"(?i)(https?|ftp|mailto|xmpp|www)(?=\\?[:.])|(?<=\S)(@)(?=\S)")
WORD_JOINER = "\u2060"
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _text(value) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    try:  # pandas' NA and NaT
        import pandas as pd

        if pd.isna(value) is True:
            return ""
    except (TypeError, ValueError, ImportError):
        pass
    return str(value)


def markdown(value) -> str:
    """Text from data made safe for Markdown: every character Markdown, HTML, KaTeX ($) or
    Streamlit's :directives: would interpret is backslash-escaped, line breaks become spaces, and
    autolinks are broken, so it is always shown as the text it is."""
    text = _CONTROL.sub("", " ".join(_text(value).split()))
    text = _AUTOLINK.sub(lambda m: (m.group(1) or "") + WORD_JOINER + (m.group(2) or ""), text)
    return _MD_SPECIAL.sub(r"\\\1", text)


def plotly(value) -> str:
    """Text from data as Plotly shows it: tags escaped (shown as text, never rendered)."""
    return _html.escape(_text(value), quote=False)


def html(value) -> str:
    return _html.escape(_text(value), quote=True)


def terminal(value) -> str:
    """Text from data for a terminal: control characters (escape sequences, carriage returns,
    bells) written out as \\xNN, so none reaches the terminal raw. Line breaks become spaces."""
    text = _text(value).replace("\n", " ").replace("\t", " ")
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


_CONTROL_IN_STREAM = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_C1 = re.compile(r"[\x7f-\x9f]")


def terminal_stream(text: str) -> str:
    """What a CLI writes, made safe for a terminal as a whole: line breaks and tabs stay, every
    other control character (an ESC starting a sequence, a carriage return, a bell) is written
    out as \\xNN."""
    return _CONTROL_IN_STREAM.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def json_text(obj) -> str:
    """JSON for a terminal: non-ASCII letters as they are, control characters as \\u escapes
    (json escapes C0 itself; C1, such as the CSI \\x9b, too here)."""
    import json

    return _C1.sub(lambda m: f"\\u{ord(m.group()):04x}", json.dumps(obj, ensure_ascii=False))
