"""Entry point: page config, the language and dataset pickers, and the navigation over pages/."""
import streamlit as st

from berakhlak.data import db
from berakhlak.ui import chrome, common as ui
from berakhlak.ui import facts as facts_ui
from berakhlak.i18n import LANGS, set_lang, t

st.set_page_config(page_title="Indeks BerAKHLAK", page_icon=chrome.app_icon(), layout="wide")
with st.sidebar:
    ui.preload_chart_code()

# The language comes first: every later string depends on it.
lang = ui.bound(st.sidebar.segmented_control, "Bahasa / Language", LANGS, key="lang", default="id",
               format_func=lambda code: {"id": "Indonesia", "en": "English"}[code], required=True)
set_lang(lang or "id")
with st.sidebar:
    chrome.apply(lang or "id")  # <html lang>, Streamlit's own strings in the UI language, contrast

# Navigation before anything slow, so the first build never shows Streamlit's default page list.
# The Overview is the default page, which Streamlit serves at the root ("/") only; its reserved
# path is one nobody types, so that /ringkasan (a link written by hand or by an older version)
# can be a hidden page that opens it rather than Streamlit's "Page not found".
overview = st.Page("pages/overview.py", title=t("nav.overview"), icon=":material/dashboard:",
                   url_path="beranda", default=True)


def open_overview() -> None:
    st.switch_page(overview, query_params=st.query_params.to_dict())


pages = {
    t("nav.section.analysis"): [
        overview,
        st.Page(open_overview, title=t("nav.overview"), url_path="ringkasan", visibility="hidden"),
        st.Page("pages/trend.py", title=t("nav.trend"), icon=":material/show_chart:", url_path="tren"),
        st.Page("pages/compare.py", title=t("nav.compare"), icon=":material/leaderboard:", url_path="perbandingan"),
        st.Page("pages/values.py", title=t("nav.values"), icon=":material/grid_view:", url_path="nilai"),
        st.Page("pages/benchmark.py", title=t("nav.benchmark"), icon=":material/compare_arrows:",
                url_path="studi-banding"),
        st.Page("pages/units.py", title=t("nav.units"), icon=":material/account_tree:", url_path="unit"),
    ],
    t("nav.section.admin"): [
        st.Page("pages/data.py", title=t("nav.data"), icon=":material/database:", url_path="kelola-data"),
    ],
    t("nav.section.evaluation"): [
        st.Page("pages/evaluation.py", title=t("nav.evaluation"), icon=":material/fact_check:", url_path="evaluasi"),
        st.Page("pages/action_plan.py", title=t("nav.action_plan"), icon=":material/traffic:",
                url_path="rencana-aksi"),
    ],
    t("nav.section.share"): [
        st.Page("pages/presentation.py", title=t("nav.presentation"), icon=":material/slideshow:",
                url_path="presentasi"),
    ],
}
page = st.navigation(pages)

try:
    ui.ensure_database()
    frame = ui.datasets()
except db.DatabaseError as exc:
    st.error(t("app.db_error") + " " + t(exc.key, **exc.params))
    st.stop()

names = frame["name"].tolist()
kinds = dict(zip(frame["name"], frame["kind"]))
# A newcomer opens on real figures when they hold the chosen entity; the internal evaluation's
# pages on the demo (the published figures hold no internal evaluation).
internal = page.url_path in ("evaluasi", "rencana-aksi", "kelola-data")
ui.set_page_kind(internal)
default = ui.default_dataset(frame, prefer_published=not internal)
ui.bound(st.sidebar.selectbox, t("app.dataset"), names, key="ds", default=default,
         format_func=lambda n: ui.dataset_label(n, kinds[n]), help=t("app.dataset_help"))

st.sidebar.caption(t("app.footer"))
st.sidebar.caption(t("app.attribution"))  # the ODbL notice of the area codes (data/reference/ATTRIBUTION.md)
# Before any number: whether the numbers are real, and the nearest real view when they are not.
facts_ui.first_screen(ui.current_dataset(), page)
page.run()
