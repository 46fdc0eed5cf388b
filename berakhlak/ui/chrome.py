"""What the app puts around every page in the browser, beyond Streamlit's widgets: the page's
`<html lang>` in the UI language, Streamlit's own interface strings in that language, and a few
style fixes for contrast (WCAG AA, 4.5:1) that Streamlit's default theme misses.

Streamlit 1.67 has no setting for the document language or its own strings, so a small script
(st.html with JavaScript, which runs in the app's document) sets `lang` and translates the known
English labels (texts, aria-labels, titles, placeholders) as they appear. What it cannot reach is
listed in the README (Accessibility)."""
from __future__ import annotations

import json
from functools import lru_cache

import streamlit as st

from berakhlak.i18n import t


@lru_cache(maxsize=1)
def app_icon():
    """The app's favicon (three rising bars on the primary colour), drawn here and served by the
    app itself: a Material icon name as `page_icon` would make every browser fetch it from
    Google's font host (a request to another host on every page load)."""
    from PIL import Image, ImageDraw

    scale, size = 4, 64
    icon = Image.new("RGBA", (size * scale, size * scale), (0, 0, 0, 0))
    draw = ImageDraw.Draw(icon)
    draw.rounded_rectangle([0, 0, size * scale - 1, size * scale - 1], radius=12 * scale, fill=(11, 83, 148, 255))
    for i, height in enumerate((22, 34, 46)):
        left = (12 + i * 15) * scale
        draw.rounded_rectangle([left, (54 - height) * scale, left + 10 * scale, 54 * scale], radius=2 * scale,
                               fill=(255, 255, 255, 255))
    return icon.resize((size, size), Image.LANCZOS)


# English text in Streamlit's bundle -> message key (berakhlak/messages/chrome.toml).
STREAMLIT_STRINGS = {
    "Skip to main content": "st.skip", "Fullscreen": "st.fullscreen", "Exit fullscreen": "st.exit_fullscreen",
    "Close fullscreen": "st.close_fullscreen", "Download as CSV": "st.download_csv", "Search": "st.search",
    "Close Search": "st.close_search", "Show/hide columns": "st.columns", "No results": "st.no_results",
    "Clear all": "st.clear_all", "Clear value": "st.clear_value", "Main menu": "st.main_menu",
    "Collapse sidebar": "st.collapse_sidebar", "Expand sidebar": "st.expand_sidebar", "Running...": "st.running",
    "Stop": "st.stop", "Choose an option": "st.choose_option", "Choose options": "st.choose_options",
    "Select all": "st.select_all", "Copy to clipboard": "st.copy", "Press Enter to apply": "st.press_enter",
    "No options to select.": "st.no_options", "Page not found": "st.page_not_found",
    "App pages": "st.app_pages", "Sidebar": "st.sidebar",
    "Error:": "st.error_prefix", "Add files": "st.add_files", "file upload": "st.file_upload", "add icon": "st.add_icon",
    "The page that you have requested does not seem to exist. Running the app's main page.": "st.page_not_found_body",
}
# Streamlit's strings with a part that varies ({label}): an anchored pattern -> message key.
STREAMLIT_PATTERNS = {
    r"^Help for (.+)$": "st.help_for",
    r"^Remove (.+)$": "st.remove_file",
    r"^File must be (.+) or smaller\.$": "st.file_too_big",  # after "Error: ", its own text node
}

CSS = """<style>
/* Captions: Streamlit fades them (opacity .6 over grey text: 3.9:1 on white); here 6.4:1. */
[data-testid="stCaptionContainer"] {opacity:1 !important; color:#5A5A5A}
[data-testid="stCaptionContainer"] p {color:#5A5A5A}
/* Code highlighting: Streamlit's token colours are 2.8–3.8:1 on the code background; darker
   shades of the same hues (≥ 5:1). */
[data-testid="stCode"] .token.comment {color:#55595F}
[data-testid="stCode"] .token.table, [data-testid="stCode"] .token.class-name, [data-testid="stCode"] .token.keyword {color:#0B5394}
[data-testid="stCode"] .token.key, [data-testid="stCode"] .token.property, [data-testid="stCode"] .token.builtin {color:#00627F}
[data-testid="stCode"] .token.string, [data-testid="stCode"] .token.number, [data-testid="stCode"] .token.boolean {color:#1B6B35}
[data-testid="stCode"] .token.operator, [data-testid="stCode"] .token.punctuation {color:#3A3A3A}
/* Screen-reader-only text (chart summaries). */
.sr-only {position:absolute; width:1px; height:1px; padding:0; margin:-1px; overflow:hidden;
  clip:rect(0,0,0,0); white-space:nowrap; border:0}
/* A chart drawn in two versions (berakhlak/ui/pages.plot, phone=...): the page's on wide
   screens, the phone's (narrow columns, shorter lines) below 640 px. */
[class*="st-key-bk-phone-"] {display:none !important}
@media (max-width: 640px) {
  [class*="st-key-bk-wide-"] {display:none !important}
  [class*="st-key-bk-phone-"] {display:flex !important}
}
/* Phones: no element wider than the screen, charts' toolbar not over their titles. */
@media (max-width: 640px) {
  [data-testid="stMainBlockContainer"] {padding-left:.8rem; padding-right:.8rem}
  .js-plotly-plot .modebar-container {top:auto !important; bottom:0}
  [data-testid="stHorizontalBlock"] {flex-wrap:wrap}
}
</style>"""

_SCRIPT = """<script>(() => {
  const cfg = %s;
  const doc = window.parent === window ? document : window.parent.document;
  doc.documentElement.lang = cfg.lang;
  window.__bkChrome = cfg;
  if (window.__bkObserver) { window.__bkTranslate(doc.body); return; }
  const ATTRS = ["aria-label", "title", "placeholder"];
  const put = (s) => {
    const c = window.__bkChrome;
    if (!s || c.lang === "en") return null;
    const v = s.trim();
    // The white space around a text node separates it from its neighbours ("Error: " + "File…").
    const keep = (text) => s.replace(v, () => text);
    if (c.strings[v]) return keep(c.strings[v]);
    for (const [pattern, text] of c.patterns) {
      const m = v.match(new RegExp(pattern));
      if (m) return keep(text.replace("{label}", m[1]));
    }
    return null;
  };
  window.__bkTranslate = (root) => {
    if (!root || window.__bkChrome.lang === "en") return;
    const walker = doc.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const v = put(n.nodeValue);
      if (v) n.nodeValue = v;
    }
    const els = root.querySelectorAll ? [root, ...root.querySelectorAll("[aria-label],[title],[placeholder],pre")] : [];
    for (const el of els) {
      if (!el.getAttribute) continue;
      for (const a of ATTRS) { const v = put(el.getAttribute(a)); if (v) el.setAttribute(a, v); }
      // A scrollable code block must be reachable by keyboard (axe: scrollable-region-focusable).
      if (el.tagName === "PRE" && !el.hasAttribute("tabindex")) el.setAttribute("tabindex", "0");
    }
  };
  window.__bkObserver = new MutationObserver((list) => {
    for (const m of list) {
      if (m.type === "characterData") { const v = put(m.target.nodeValue); if (v) m.target.nodeValue = v; }
      else if (m.type === "attributes") { const v = put(m.target.getAttribute(m.attributeName)); if (v) m.target.setAttribute(m.attributeName, v); }
      else for (const n of m.addedNodes) window.__bkTranslate(n.nodeType === 3 ? n.parentNode : n);
    }
  });
  window.__bkObserver.observe(doc.body, {subtree: true, childList: true, characterData: true,
                                        attributes: true, attributeFilter: ATTRS});
  window.__bkTranslate(doc.body);
})();</script>"""


def config(lang: str) -> dict:
    """What the browser script needs: the language and Streamlit's strings in it."""
    return {"lang": lang, "strings": {en: t(key, lang) for en, key in STREAMLIT_STRINGS.items()},
            "patterns": [[pattern, t(key, lang, label="{label}")] for pattern, key in STREAMLIT_PATTERNS.items()]}


def apply(lang: str) -> None:
    """Set the document language and Streamlit's strings for `lang`, and the contrast fixes."""
    st.html(CSS + _SCRIPT % json.dumps(config(lang), ensure_ascii=False), unsafe_allow_javascript=True)
