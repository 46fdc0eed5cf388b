"""Presentasi: full-width slides of one entity-year, in large type, for socialisation events and
delegations — cover, headline index, trend, the 7 values, rank among peers, the gap to a
benchmark when one is chosen, sources. The same slides download as a PowerPoint deck with
native charts. Every choice, the slide shown and the clean mode live in the URL."""
from html import escape

import streamlit as st

from berakhlak.present import charts
from berakhlak.ui import downloads
from berakhlak.present import slides
from berakhlak.ui import common as ui
from berakhlak.ui import pages as pages_ui
from berakhlak.i18n import t
from berakhlak.domain.summary import NoData

STYLE = """<style>
.slide-head {display:flex; flex-wrap:wrap-reverse; justify-content:space-between; align-items:flex-start; gap:.2rem 1.5rem}
.slide-banner {background:#B33C00; color:#fff; font-weight:700; font-size:1.1rem; padding:.3rem .9rem;
  border-radius:.3rem; letter-spacing:.02em; margin-top:.5rem}
.slide-title {font-size:2.6rem; font-weight:700; line-height:1.15; margin:0 0 .3rem 0; color:#1a1a1a}
.slide-message {font-size:1.65rem; line-height:1.3; color:#1a1a1a; margin:0 0 .2rem 0}
.slide-foot {font-size:1.05rem; line-height:1.35; color:#4a4a4a}
.slide-cover {padding:4vh 0 2vh 0}
.slide-cover .slide-title {font-size:4.2rem}
.slide-cover .slide-message {font-size:2.2rem}
.slide-cover .slide-dataset {font-size:1.6rem; margin-top:1.2rem; color:#4a4a4a}
.slide-cover .slide-dataset.synthetic {color:#B33C00; font-weight:700}
.slide-name {font-size:1.9rem; font-weight:700; color:#1a1a1a}
.slide-big {font-size:8.5rem; font-weight:800; line-height:1.05; color:#1a1a1a; font-variant-numeric:tabular-nums}
.slide-chip {display:inline-block; font-size:1.8rem; font-weight:700; padding:.25rem 1.1rem; border-radius:.5rem}
.slide-lines {font-size:1.55rem; line-height:1.5; color:#1a1a1a; margin-top:.6rem}
.slide-na {font-size:1.7rem; background:#F2F2F2; border:1px solid #BBB; border-radius:.8rem; padding:2.5rem;
  text-align:center; color:#1a1a1a; margin:2rem 8%}
.slide-na b {font-size:2.1rem; display:block; margin-bottom:.5rem}
.slide-sources {font-size:1.35rem; line-height:1.6}
.slide-questions {font-size:1.5rem; line-height:1.5}
.slide-questions.dense {font-size:1.2rem; line-height:1.4}
.slide-count {font-size:1.2rem; color:#4a4a4a}
.bk-fullscreen {font:inherit; font-size:.9rem; background:#fff; color:#1a1a1a; border:1px solid #BBB;
  border-radius:.5rem; padding:.35rem .8rem; cursor:pointer; white-space:nowrap}
.bk-fullscreen:hover {border-color:#0B5394; color:#0B5394}
@media (max-width: 640px) {
  .slide-title {font-size:1.7rem} .slide-message {font-size:1.15rem} .slide-big {font-size:5rem}
  .slide-cover .slide-title {font-size:2.4rem} .slide-cover .slide-message {font-size:1.4rem}
  .slide-name {font-size:1.3rem} .slide-chip {font-size:1.2rem} .slide-lines, .slide-sources, .slide-questions, .slide-questions.dense {font-size:1.1rem}
}
</style>"""
# Clean mode: the slide is the whole viewport (16:9 or any other), its type sized to the screen
# height (vh), nothing but the slide visible; the navigation floats at the bottom, shown while
# the mouse moves or a key of it has focus.
CLEAN_STYLE = """<style>
[data-testid="stSidebar"], [data-testid="stExpandSidebarButton"], [data-testid="stHeader"],
[data-testid="stToolbar"], [data-testid="stDecoration"], [data-testid="stStatusWidget"],
.st-key-present-controls, [data-testid="stMainBlockContainer"] > div > div > [data-testid="stAlert"]
  {display:none !important}
[data-testid="stMain"] {overflow:hidden}
[data-testid="stMainBlockContainer"] {padding:0 !important; max-width:100% !important}
.st-key-slide-frame {position:fixed; inset:0; z-index:50; background:#fff; box-sizing:border-box;
  padding:3.5vh 4vw 2.5vh 4vw; gap:1.2vh; overflow:hidden; flex-wrap:nowrap}
.st-key-slide-frame > [data-testid="stLayoutWrapper"]:has(.st-key-slide-body), .st-key-slide-body {flex:1 1 0; min-height:0; overflow:hidden}
.st-key-slide-body > div {flex:1 1 0; min-height:0}
.st-key-slide-frame > div {flex-shrink:0}
.st-key-slide-body [data-testid="stPlotlyChart"], .st-key-slide-body .stPlotlyChart {height:100% !important}
.st-key-slide-frame *:focus, .st-key-slide-frame *:focus-visible {outline:none !important}
.slide-head {gap:1vh 2vw}
.slide-banner {font-size:2.2vh; padding:.6vh 1.2vw; margin-top:1vh}
.slide-title {font-size:6.2vh; margin:0 0 .6vh 0}
.slide-message {font-size:3.4vh; margin:0}
.slide-foot {font-size:2vh}
.slide-cover {padding:14vh 0 0 0}
.slide-cover .slide-title {font-size:9vh}
.slide-cover .slide-message {font-size:4.6vh}
.slide-cover .slide-dataset {font-size:3.2vh; margin-top:3vh}
.slide-name {font-size:3.8vh}
.slide-big {font-size:22vh; line-height:1.12}
.st-key-slide-frame > div:last-child {margin-top:auto}
.slide-chip {font-size:3.6vh; padding:.5vh 1.4vw; border-radius:1vh}
.slide-lines {font-size:3vh; margin-top:1.2vh}
.slide-sources {font-size:2.8vh; line-height:1.5}
.slide-questions {font-size:3.2vh; line-height:1.45}
.slide-questions.dense {font-size:2.5vh; line-height:1.35}
.slide-na {font-size:3.2vh; padding:5vh; margin:4vh 8%}
.slide-na b {font-size:4vh}
.st-key-present-nav {position:fixed; left:50%; bottom:1.5vh; transform:translateX(-50%); z-index:100; width:auto;
  background:rgba(255,255,255,.97); padding:.5rem .9rem; border-radius:.8rem; box-shadow:0 2px 14px rgba(0,0,0,.25);
  opacity:0; pointer-events:none; transition:opacity .25s; width:max-content !important; max-width:96vw; flex-wrap:nowrap}
.st-key-slide-frame [data-testid="stMarkdownContainer"], .st-key-slide-frame .stMarkdown {overflow:visible}
.slide-message {padding-bottom:.3vh}
body.bk-nav-on .st-key-present-nav, .st-key-present-nav:focus-within {opacity:1; pointer-events:auto}
</style>"""
# The presenter's keys and the full-screen button (a real click: browsers allow full screen only
# from one). ← → are the buttons' own shortcuts; a clicker's Page Down / Page Up and the space bar
# do the same here; F toggles full screen; a moving mouse shows the navigation for 2.5 s.
PRESENTER_JS = """<script>(() => {
  const doc = window.parent === window ? document : window.parent.document;
  const full = () => doc.fullscreenElement ? doc.exitFullscreen() : doc.documentElement.requestFullscreen();
  for (const b of doc.querySelectorAll(".bk-fullscreen")) b.onclick = full;
  if (window.__bkPresenter) return;
  window.__bkPresenter = true;
  let timer = null;
  doc.addEventListener("mousemove", () => {
    doc.body.classList.add("bk-nav-on");
    clearTimeout(timer);
    timer = setTimeout(() => doc.body.classList.remove("bk-nav-on"), 2500);
  });
  const press = (key) => { const b = doc.querySelector(`.st-key-present-${key} button`); if (b && !b.disabled) b.click(); };
  doc.addEventListener("keydown", (e) => {
    const t = e.target;
    if (!doc.querySelector(".st-key-slide-frame") || e.altKey || e.ctrlKey || e.metaKey) return;
    if (t && (t.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(t.tagName))) return;
    if (e.key === "PageDown" || (e.key === " " && t.tagName !== "BUTTON")) { e.preventDefault(); press("next"); }
    else if (e.key === "PageUp") { e.preventDefault(); press("prev"); }
    else if (e.key === "f" || e.key === "F") { e.preventDefault(); full(); }
  });
})();</script>"""

lang = ui.lang()
dataset = ui.current_dataset()
clean = st.query_params.get("clean") == "1"
st.html(STYLE + (CLEAN_STYLE if clean else "") + PRESENTER_JS, unsafe_allow_javascript=True)


def set_clean(on: bool) -> None:
    if on:
        st.query_params["clean"] = "1"
    elif "clean" in st.query_params:
        del st.query_params["clean"]


# --- the selection (hidden, not removed, in clean mode: the widgets keep the URL state) ---------
with st.container(key="present-controls"):
    c_entity, c_year, c_bench, c_actions = st.columns([3, 1.2, 3, 2.4], vertical_alignment="bottom")
    entity = ui.entity_picker(dataset, container=c_entity)
    if entity is None:
        ui.no_data("empty.no_entities")
        st.stop()
    year = ui.year_picker(ui.q("entity_years", dataset=dataset, entity=entity)["year"].tolist(), container=c_year)
    # Every entity of the same level, with data or not: a benchmark without data gets a slide
    # that says so, rather than silently missing from the list.
    listed = ui.entity_directory()
    level, parent = listed.at[entity, "level"], listed.at[entity, "parent_code"]
    same = (listed["level"] == level) & (listed.index != entity)
    if level == "unit":  # a unit is set beside the other units of its instansi, not all 20,000
        same &= listed["parent_code"] == parent
    peers = listed[same].sort_values("name")
    names = listed["name"]  # a Series: .get(code) without copying 20,000 names per rerun
    bench = ui.bound(c_bench.selectbox, t("present.benchmark"), [""] + list(peers.index), key="bench", default="",
                     format_func=lambda c: names.get(c, c) if c else t("present.no_benchmark"),
                     help=t("present.benchmark_help")) or None

try:
    model = slides.build(ui.con(), entity, year, dataset, bench, lang, ui.min_respondents(), query=ui.q)
except NoData:
    ui.no_data("present.no_data", name=names.get(entity, entity), year=year)
    st.stop()

with c_actions, st.container(horizontal=True, gap="small"):
    downloads.deck_button(entity, year, dataset, bench)
    st.button(t("present.clean"), icon=":material/fit_screen:", help=t("present.clean_help"),
              on_click=set_clean, args=(True,), key="present-clean")

# --- the slide, then the navigator under it ----------------------------------------------------
area = st.container(key="slide-frame")
kinds = model.kinds
number = {k: i + 1 for i, k in enumerate(kinds)}


def go(step: int) -> None:
    current = st.session_state.get("slide")
    i = kinds.index(current) if current in kinds else 0
    st.session_state["slide"] = kinds[max(0, min(len(kinds) - 1, i + step))]


# The slide from the URL on a first visit (as ui.bound would), so the buttons know where they are.
if st.session_state.get("slide") not in kinds:
    st.session_state["slide"] = ui.from_url("slide", kinds, "cover")
at = kinds.index(st.session_state["slide"])

with st.container(horizontal=True, gap="small", vertical_alignment="center", key="present-nav"):
    st.button(t("present.previous"), icon=":material/arrow_back:", on_click=go, args=(-1,), shortcut="Left",
              disabled=at == 0, key="present-prev")
    kind = ui.bound(st.segmented_control, t("present.slide"), kinds, key="slide", default="cover", required=True,
                    format_func=lambda k: f"{number[k]} · {t(f'deck.kind.{k}')}", label_visibility="collapsed")
    st.button(t("present.next"), icon=":material/arrow_forward:", icon_position="right", on_click=go, args=(1,),
              shortcut="Right", disabled=at == len(kinds) - 1, key="present-next")
    st.html(f'<button type="button" class="bk-fullscreen" title="{escape(t("present.fullscreen_help"))}">'
            f'⛶ {escape(t("present.fullscreen"))}</button>', width="content")
    if clean:
        st.button(t("present.exit_clean"), icon=":material/close_fullscreen:", on_click=set_clean, args=(False,),
                  type="tertiary", key="present-exit-clean")

slide = model.slide(kind) or model.slides[0]


def md(html: str) -> None:
    st.markdown(html, unsafe_allow_html=True)


def chip(info: dict) -> str:
    band = info["category"]
    return (f'<span class="slide-chip" style="background:{charts.BAND_COLORS[band]};color:{slides.CHIP_TEXT[band]}">'
            f'{escape(t("overview.category", code=band, label=info["category_label"]))}</span>')


def headline_block(info: dict, show_name: bool) -> None:
    parts = [f'<div class="slide-name">{escape(info.get("name") or "")}</div>'] if show_name else []
    if info.get("available"):
        parts.append(f'<div class="slide-big">{escape(info["index_text"])}</div>{chip(info)}')
        lines = slides.headline_lines(info, lang, model.year, ui.min_respondents())
    elif info.get("suppressed") is not None:
        parts.append('<div class="slide-big">–</div>')
        lines = slides.headline_lines(info, lang, model.year, ui.min_respondents())
    else:
        parts.append('<div class="slide-big">–</div>')
        lines = [t("deck.not_available")]
    parts.append('<div class="slide-lines">' + "<br>".join(escape(x) for x in lines) + "</div>")
    md("".join(parts))


def head(title: str) -> str:
    """The slide's title, with the synthetic-data banner on its right (above it when narrow)."""
    banner = f'<span class="slide-banner">{escape(t("deck.synthetic_banner"))}</span>' if model.synthetic else ""
    return f'<div class="slide-head"><div class="slide-title">{escape(title)}</div>{banner}</div>'


with area:
    if slide.kind == "cover":
        css = "slide-dataset synthetic" if model.synthetic else "slide-dataset"
        md(f'<div class="slide-cover">{head(slide.title)}'
           f'<div class="slide-message">{escape(slide.message)}</div>'
           f'<div class="{css}">{escape(model.dataset_label)}</div></div>')
    else:
        md(head(slide.title) + f'<div class="slide-message">{escape(slide.message)}</div>')
        if not slide.available:
            md(f'<div class="slide-na"><b>{escape(t("deck.not_available"))}</b>{escape(slides.not_available_hint(slide, lang))}</div>')
        elif slide.kind == "headline":
            infos = [slide.info["home"]] + ([slide.info["benchmark"]] if "benchmark" in slide.info else [])
            for col, info in zip(st.columns(len(infos)), infos):
                with col:
                    headline_block(info, len(infos) > 1)
        elif slide.kind == "questions":
            items = "".join(
                f"<li><b>{escape(q)}</b>" + ("<ul>" + "".join(f"<li>{escape(x)}</li>" for x in prompts) + "</ul>"
                                             if prompts else "") + "</li>"
                for q, prompts in slides.question_lines(slide.data, model.entity_name, model.benchmark_name, lang))
            dense = " dense" if items.count("<li>") > 6 else ""  # many lines: smaller type, nothing cut
            md(f'<div class="slide-questions{dense}"><ol>{items}</ol></div>')
        elif slide.kind == "sources":
            # The same lines as every page's sources block, in the slide's large type.
            lines = ui.source_lines(slide.data)
            md('<div class="slide-sources">\n\n' + "\n".join(lines or ["- " + t("deck.no_sources")]) + "\n\n</div>")
        else:
            fig = slides.figure(slide, lang, height=430)
            about = downloads.about(dataset, [c for c in (entity, bench, "ID") if c],
                                    () if slide.kind == "trend" else [year], title=slide.title)
            if clean:  # the chart fills the slide's body; no download buttons before an audience
                fig.update_layout(height=None, autosize=True)
                with st.container(key="slide-body"):
                    pages_ui.render(fig, model.file_stem(slide.kind), key=f"fig-{slide.kind}", theme=None,
                                    height="stretch")
            else:
                downloads.chart(fig, slides.table(slide, lang, model), model.file_stem(slide.kind), about,
                                key=f"fig-{slide.kind}", theme=None)
    md(f'<div class="slide-foot">{escape(slide.footnote)} · '
       f'{escape(t("deck.slide_of", n=number[slide.kind], of=len(kinds)))}</div>')

if not clean:
    st.caption(t("present.clean_help"))
