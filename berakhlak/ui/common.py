"""What every page shares: the cached read-only connection, cached named queries, the language
and dataset chosen in the sidebar, the entity/year pickers and the sources block.

Pages stay thin: they read the selection from here, call `q`, hand the frame to a chart builder
and render."""
from __future__ import annotations

import functools
import json
import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import streamlit as st

from berakhlak.present import text as text_rules

from berakhlak.data import db
from berakhlak.data.demo import DEMO_NOTE
from berakhlak.i18n import current_lang, fmt_int, t
from berakhlak.domain.rules import DEFAULT_MIN_RESPONDENTS

DEMO_DATASET = "demo"


# --- connection and queries ---------------------------------------------------------------

def ensure_database() -> str:
    """Build the database on first start, with progress shown, when it is missing; bring an older
    one to the current schema (through the writer, so other viewers keep reading)."""
    path = db.db_path()
    if path.startswith("md:") or Path(path).exists():
        _upgraded(path, db.file_identity(path))
        _published_current(path, db.file_identity(path))
        return path
    from berakhlak.data.build import init_database

    with st.status(t("app.building_db"), expanded=True) as status:
        init_database(path, progress=lambda step: status.write(t(f"init.step.{step}")))
        status.update(label=t("app.db_ready"), state="complete", expanded=False)
    return path


@st.cache_resource(show_spinner=False, max_entries=16)
def _upgraded(path: str, identity: tuple) -> bool:
    """Upgrade an older schema once per version of the file, not on every rerun."""
    return db.upgrade(path)


@st.cache_resource(show_spinner=False, max_entries=16)
def _published_current(path: str, identity: tuple) -> bool:
    """An older release's published figures brought up to date, once per version of the file."""
    from berakhlak.data.build import bring_published_up_to_date

    return bring_published_up_to_date(path)


@st.cache_resource(show_spinner=False, max_entries=4)
def connection(path: str, identity: tuple = ()):
    """One read-only connection per database file, and per version of that file, for the whole
    app; queries take a cursor each. The writer (db.writer) replaces the file on every import;
    `identity` changes then, and the next call opens the new file. A connection still in use by
    another session's query stays valid until it is dropped: it reads the old file."""
    return db.connect(path, read_only=True)


def con():
    """The app's read-only connection to the configured database, as it is now."""
    path = db.db_path()
    return connection(path, db.file_identity(path))


def data_version() -> int:
    """Changes whenever an import lands, so cached query results made before it are not reused."""
    path = db.db_path()
    if not db.is_local(path):  # a remote database has no file identity to key on
        return int(db.query(con(), "data_version").iloc[0, 0])
    identity = db.file_identity(path)
    version = _VERSIONS.get(identity)
    if version is None:
        # A local file only changes by the writer swapping in a new one (a new identity), and the
        # reader connection of an identity sees that file only: one read per file, not per query.
        version = _VERSIONS[identity] = int(db.query(con(), "data_version").iloc[0, 0])
    return version


_VERSIONS: dict[tuple, int] = {}


def version_key() -> tuple:
    """What cached results depend on: the database file as it is now and its data version."""
    path = db.db_path()
    return (path, db.file_identity(path), data_version())


class QueryCache:
    """Results of named queries, shared by every session, least recently used dropped first.

    A plain dictionary rather than st.cache_data: a page reruns some twenty queries, and
    st.cache_data's hashing of each call's arguments costs more than the lookup of results that
    are already keyed by plain values (0.8 ms against 0.05 ms a call, measured)."""

    def __init__(self, max_entries: int = 2000):
        self.max_entries = max_entries
        self._results: OrderedDict[tuple, pd.DataFrame] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple, compute) -> pd.DataFrame:
        with self._lock:
            hit = self._results.get(key)
            if hit is not None:
                self._results.move_to_end(key)
        if hit is None:
            hit = compute()
            with self._lock:
                self._results[key] = hit
                while len(self._results) > self.max_entries:
                    self._results.popitem(last=False)
        return hit.copy()  # the caller may change its frame; the cached one stays as it was

    def clear(self) -> None:
        with self._lock:
            self._results.clear()
        _VERSIONS.clear()


QUERY_CACHE = QueryCache()


def q(name: str, **params) -> pd.DataFrame:
    """Run a named query through the cache, keyed on the query, its parameters and the data
    version (the file's identity and the latest import)."""
    # The defaults written out, so a call that gives them and one that relies on them share a
    # cache entry (the summary passes min_respondents, the page may not).
    wanted = db.parameters(name)
    params = {k: v for k, v in {**db.default_params(), **params}.items() if k in wanted}
    key = (*version_key(), name, tuple(sorted((k, tuple(v) if isinstance(v, list) else v)
                                              for k, v in params.items())))
    return QUERY_CACHE.get(key, lambda: db.query(con(), name, **params))


def clear_caches() -> None:
    """Forget every cached result but the connections (the benchmark's cold runs)."""
    QUERY_CACHE.clear()
    _picker_options.clear()
    _directory.clear()


# --- the sidebar selection ----------------------------------------------------------------

def datasets() -> pd.DataFrame:
    return q("dataset_list")


PUBLISHED_DATASET = "published"


def default_dataset(frame: pd.DataFrame, prefer_published: bool = True) -> str:
    """The user's own data once they have imported some (the latest import); else the published
    figures when they hold the chosen entity (the link's, else Kalteng), so that a newcomer opens
    on real numbers; else the demo (issue 14). The internal evaluation's pages pass
    prefer_published=False: the published figures hold no internal evaluation."""
    own = frame[frame["kind"] == "user"]
    if not own.empty:
        return own.iloc[0]["name"]
    names = set(frame["name"])
    if prefer_published and PUBLISHED_DATASET in names:
        wanted = st.query_params.get("entity") or st.session_state.get("entity") or "62"
        published = q("entities_with_data", dataset=PUBLISHED_DATASET)
        if wanted in set(published["code"]):
            return PUBLISHED_DATASET
    return DEMO_DATASET if DEMO_DATASET in names else frame.iloc[0]["name"]


def dataset_label(name: str, kind: str) -> str:
    if kind == "synthetic":
        # A second synthetic dataset (the benchmarks' `skala`) needs its name in the label: two
        # options with one label cannot be told apart, and the picker snaps back to the first.
        label = t("dataset.synthetic", name=name)
        return label if name == DEMO_DATASET else f"{label}: {name}"
    if kind == "published":
        return t("dataset.published")
    return t("dataset.user", name=name)


def current_dataset() -> str:
    return st.session_state.get("ds") or default_dataset(datasets(), st.session_state.get(_PREFER_PUBLISHED, True))


_PREFER_PUBLISHED = "_prefer_published"


def set_page_kind(internal: bool) -> None:
    """The page shown is one of the internal evaluation (no published figures there)."""
    st.session_state[_PREFER_PUBLISHED] = not internal


def dataset_kind(name: str) -> str:
    frame = datasets()
    hit = frame.loc[frame["name"] == name, "kind"]
    return hit.iloc[0] if len(hit) else "user"


def min_respondents() -> int:
    return DEFAULT_MIN_RESPONDENTS


# --- widgets bound to the URL ---------------------------------------------------------------

def bound(widget, label: str, options, *, key: str, default, format_func=str, url_key: str | None = None,
          carry: tuple[str, ...] = (), persist: bool = True, fallback_note: bool = False, **kwargs):
    """A selection widget whose value lives in the URL as ?key=<option> (the option itself, e.g.
    ?entity=62, not its translated label), so a copied link reopens the same view in any language.
    The one binding of widgets to the URL: every page's state goes through here (or `bound_multi`).

    Streamlit's own bind="query-params" writes the *formatted* label into the URL, which would
    tie links to the language; hence this small binding over st.query_params. The value is always
    written, so a link keeps its meaning even when a default (the latest year) moves on.

    `url_key` (default: `key`) lets widgets of different pages with different options share one
    URL parameter under their own widget keys (Streamlit resets a widget to its first option when
    its key shows up with other options); `carry` names session keys whose value, when it is an
    option, replaces `default` (what another page selected); `persist=False` lets the widget's
    own state go when its page is left, so that the next visit starts from the URL or `carry`.

    The selection survives a change of dataset (or of another picker) wherever it is still an
    option; where it is not, the widget falls back to its default, and with `fallback_note` a
    short caption under it says so ("2025 tidak ada di sini, jadi ditampilkan 2024")."""
    options = list(options)
    by_text = {str(o): o for o in options}
    url_key = url_key or key
    in_url = st.query_params.get(url_key)
    fell_back = bool(in_url) and in_url not in by_text
    if st.session_state.get(key) not in options or _url_changed(url_key, in_url, by_text):
        carried = (st.session_state.get(c) for c in carry)
        fallback = next((by_text[str(c)] for c in carried if c is not None and str(c) in by_text), default)
        st.session_state[key] = by_text.get(in_url, fallback)
    else:
        # Re-assigned so that a widget of another page with the same key (the shared entity and
        # year) starts from this value rather than from its own default.
        st.session_state[key] = st.session_state[key]
    if getattr(widget, "__name__", "") == "selectbox":  # not Streamlit's English "Choose an option"
        kwargs.setdefault("placeholder", t("st.choose_option"))
    if persist:
        kwargs["persist_state"] = "session"
    value = widget(label, options, key=key, format_func=format_func, **kwargs)
    if fell_back and fallback_note and value is not None:
        where = getattr(widget, "__self__", None) or st
        where.caption(md_t("picker.fallback", wanted=_option_name(in_url), shown=str(format_func(value))))
    if value is not None and st.query_params.get(url_key) != str(value):
        st.query_params[url_key] = str(value)
    st.session_state[_WRITTEN + url_key] = None if value is None else str(value)
    return value


def _option_name(code: str) -> str:
    """What a user calls an option that is not offered here: an entity's name when the code is
    one (the directory knows every entity), else the option as written (a year)."""
    known = entity_directory()
    return str(known.loc[code, "name"]) if code in known.index else code


def from_url(key: str, options, default):
    """The option named by ?key= in the URL, else `default`: for a value that a page needs where
    its widget is not shown (the evaluation weights on the Unit page, the slide before its buttons)."""
    return {str(o): o for o in options}.get(st.query_params.get(key), default)


_WRITTEN = "_url_written_"


def _url_changed(key: str, in_url: str | None, valid) -> bool:
    """True when the URL carries a valid value for `key` that this session did not write itself:
    the user followed a link (st.page_link with query_params, back/forward) to another view, so
    the URL wins over the value kept from before. A value this session wrote is stale when the
    user has just changed the widget, so the widget wins then."""
    return in_url is not None and in_url in valid and in_url != st.session_state.get(_WRITTEN + key)


def bound_multi(widget, label: str, options, *, key: str, default: list, format_func=str, **kwargs) -> list:
    """Like `bound`, for a multi-selection: the URL holds the chosen options comma-separated in
    the order chosen (?entities=62,32). Unknown options in a link are dropped."""
    options = list(options)
    by_text = {str(o): o for o in options}
    in_url = st.query_params.get(key)
    from_url = None
    if in_url is not None:
        from_url = [by_text[p] for p in dict.fromkeys(in_url.split(",")) if p in by_text]
    current = st.session_state.get(key)
    stale = not isinstance(current, list) or any(c not in options for c in current)
    changed = in_url is not None and in_url != st.session_state.get(_WRITTEN + key)
    if stale or changed:
        st.session_state[key] = from_url if from_url else [d for d in default if d in by_text.values()]
    else:
        st.session_state[key] = list(current)
    if getattr(widget, "__name__", "") == "multiselect":
        kwargs.setdefault("placeholder", t("st.choose_options"))
    value = widget(label, options, key=key, format_func=format_func, persist_state="session", **kwargs)
    text = ",".join(str(v) for v in value)
    if st.query_params.get(key) != text:
        st.query_params[key] = text
    st.session_state[_WRITTEN + key] = text
    return value


# --- pickers --------------------------------------------------------------------------------

def entity_label(row, lang: str | None = None) -> str:
    """'Kalimantan Tengah (Provinsi)'; a unit with its parent: 'Biro Hukum — Kalimantan Tengah'."""
    if row.level == "nasional":
        return row.name
    if row.level == "unit" and isinstance(getattr(row, "parent_name", None), str):
        return f"{row.name} — {row.parent_name} ({t('level.unit', lang)})"
    return f"{row.name} ({t(f'level.{row.level}', lang)})"


@dataclass(frozen=True)
class PickerOptions:
    """The entities with data in a dataset, as the pickers offer them: the instansi (and the
    national row) in picker order with their labels, and each instansi's units."""

    codes: tuple[str, ...]                     # instansi, national first
    labels: dict[str, str]                     # instansi and units
    units: dict[str, tuple[str, ...]]          # instansi code -> its units with data
    parent: dict[str, str]                     # unit code -> instansi code


def entities_with_data(dataset: str, levels: tuple[str, ...] | None = None) -> PickerOptions:
    """What the entity pickers offer for `dataset` (optionally some levels only), built once per
    dataset, levels, language and data version: at national scale there are 20,000 units, too many
    to label on every rerun or to send to the browser as one list."""
    return _picker_options(version_key(), dataset, tuple(levels) if levels else None, lang())


@st.cache_resource(show_spinner=False, max_entries=64)
def _picker_options(version: tuple, dataset: str, levels, lang: str) -> PickerOptions:
    frame = q("entities_with_data", dataset=dataset)
    if levels:
        frame = frame[frame["level"].isin(levels)]
    is_unit = (frame["level"] == "unit").to_numpy()
    top, units = frame[~is_unit], frame[is_unit]
    labels = dict(zip(top["code"], (entity_label(r, lang) for r in top.itertuples())))
    labels.update(zip(units["code"], units["name"]))  # beside its instansi's picker: the name says it
    by_parent: dict[str, tuple[str, ...]] = {
        p: tuple(g) for p, g in units.groupby("parent_code", sort=False)["code"]}
    return PickerOptions(tuple(top["code"]), labels, by_parent, dict(zip(units["code"], units["parent_code"])))


def entity_directory() -> pd.DataFrame:
    """Every known entity (entity_list_all) indexed by code: name, level, parent_code,
    region_code. Shared by all sessions, so read it, never change it."""
    return _directory(version_key())


@st.cache_resource(show_spinner=False, max_entries=4)
def _directory(version: tuple) -> pd.DataFrame:
    return q("entity_list_all").set_index("code")


def entity_picker(dataset: str, key: str = "entity", label: str | None = None,
                  default_code: str = "62", levels: tuple[str, ...] | None = None,
                  container=None, unit_container=None) -> str | None:
    """A searchable instansi selectbox bound to the URL (?entity=62), and, when the instansi has
    units with data (and `levels` allows units), a second one for a unit (?unit=62.U01). Returns
    the unit when one is chosen, else the instansi. Lists only entities with data in the dataset.

    Two steps rather than one list: a national database has 20,000 units, and one list of them
    all costs the server a second per rerun and the browser a 1 MB message."""
    options = entities_with_data(dataset, levels)
    if not options.codes:
        return None
    # A link that names a unit as the entity (older links, the Unit page) opens that unit.
    linked = st.query_params.get(key)
    if linked in options.parent:
        st.query_params[key] = options.parent[linked]
        st.query_params[UNIT_KEY] = linked
    default = default_code if default_code in options.labels else options.codes[0]
    default = options.parent.get(default, default)
    where = container or st
    labels = options.labels
    instansi = bound(where.selectbox, label or t("picker.entity"), options.codes, key=key, default=default,
                     format_func=lambda c: labels.get(c, c), fallback_note=True)
    units = options.units.get(instansi, ())
    if not units:
        gone = st.query_params.pop(UNIT_KEY, None)
        if gone:  # a unit chosen before (another dataset, a link) that is not here: say so
            where.caption(md_t("picker.fallback", wanted=_option_name(gone), shown=labels.get(instansi, instansi)))
        return instansi
    where = unit_container or where
    unit = bound(where.selectbox, t("picker.unit"), ("", *units), key=UNIT_KEY, default="",
                 format_func=lambda c: labels.get(c, c) if c else t("picker.whole_instansi"),
                 help=t("picker.unit_help"), fallback_note=True)
    if not unit:
        st.query_params.pop(UNIT_KEY, None)  # no empty ?unit= in a link
        st.session_state[_WRITTEN + UNIT_KEY] = None
    return unit or instansi


UNIT_KEY = "unit"


def year_picker(years: list[int], key: str = "year", label: str | None = None, container=None) -> int | None:
    """A year selector bound to the URL, defaulting to the latest year."""
    if not years:
        return None
    years = sorted(int(y) for y in years)
    where = container or st
    return bound(where.selectbox, label or t("picker.year"), years, key=key, default=years[-1], fallback_note=True)


# --- the browser ---------------------------------------------------------------------------

# Streamlit fetches Plotly's code (one module of about 4.7 MB) only once the first chart element
# has arrived, i.e. after the page's script got that far; importing it as soon as the app starts
# overlaps that download and its compilation with the script run. The same URL the frontend
# imports (next to its own index module), so the browser keeps one copy.
_PRELOAD = """<script>(() => {{
  const main = document.querySelector('script[type="module"][src*="static/js/index."]');
  if (main) import(new URL({name}, main.src).href).catch(() => {{}});
}})();</script>"""


@functools.cache
def _plotly_module() -> str | None:
    found = sorted((Path(st.__file__).parent / "static" / "static" / "js").glob("PlotlyChart.*.js"))
    return found[0].name if found else None


def preload_chart_code() -> None:
    """Start loading the browser's chart code while the page is computed (see _PRELOAD)."""
    name = _plotly_module()
    if name:
        st.html(_PRELOAD.format(name=json.dumps(name)), unsafe_allow_javascript=True)


# --- shared blocks --------------------------------------------------------------------------

def synthetic_notice(dataset: str) -> None:
    if dataset_kind(dataset) == "synthetic":
        st.warning(t("dataset.synthetic_notice"), icon=":material/science:")


def no_data(message_key: str, **params) -> None:
    """An empty state that says what to do next."""
    st.info(t(message_key, **params) + " " + t("empty.what_next"), icon=":material/info:")


def md_t(key: str, **params) -> str:
    """t() for Markdown (st.markdown, captions, alerts): every text parameter (a name, an action,
    a note from data) through the one Markdown rule first."""
    return t(key, **{k: md_escape(v) if isinstance(v, str) else v for k, v in params.items()})


def md_escape(text) -> str:
    """Text from the data (a name, a note), made safe to put in Markdown: the one rule of
    berakhlak.present.text.markdown (no link, image, formula, tag or autolink from data)."""
    return text_rules.markdown(text)


def sources(dataset: str, shown, *, measures_of=()) -> None:
    """The sources block of a page: the sources of every entity-year whose number the page shows,
    each with what it backs. The one block every page uses.

    shown: the (entity_code, year) pairs whose index or values the page shows (a frame with
    entity_code and year columns will do); measures_of: pairs whose other measures (the health
    sub-indices) it shows too."""
    frames = []
    for pairs, every_measure in ((shown, False), (measures_of, True)):
        codes, years = _pairs(pairs)
        if codes:
            frames.append(q("sources_shown", dataset=dataset, entities=codes, years=years, all_measures=every_measure))
    found = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
    sources_block(found)


def _pairs(pairs) -> tuple[list[str], list[int]]:
    """(codes, years) of distinct (entity_code, year) pairs, in their first order, years known."""
    if isinstance(pairs, pd.DataFrame):
        pairs = zip(pairs["entity_code"], pairs["year"]) if len(pairs) else ()
    seen = dict.fromkeys((str(c), int(y)) for c, y in pairs if isinstance(c, str) and pd.notna(y))
    return [c for c, _y in seen], [y for _c, y in seen]


def _years_text(years) -> str:
    """2022, 2024 · 2022–2025 (three or more in a row)."""
    years = sorted({int(y) for y in years})
    if len(years) >= 3 and years[-1] - years[0] == len(years) - 1:
        return f"{years[0]}–{years[-1]}"
    return ", ".join(str(y) for y in years)


MAX_NAMED = 4  # beyond this many entities, a source line counts them instead of naming them


def source_lines(sources: pd.DataFrame, lang: str | None = None) -> list[str]:
    """One Markdown line per source: its link (or name), its kind (synthetic data marked) and
    what it backs ("Kalimantan Tengah 2022, 2024; Nasional 2022"), with its notes. `sources`:
    sources_shown rows (url, title, publisher, kind, note, entity_code, entity_name, year)."""
    lines = []
    if sources is None or sources.empty:
        return lines
    for url, rows in sources.groupby("url", sort=False):
        r = rows.iloc[0]
        kind = t(f"source_kind.{r['kind']}", lang)
        if str(url).startswith("http"):
            name = md_escape(r["publisher"] if isinstance(r["publisher"], str) and r["publisher"] else url)
            link = f"[{name}](<{str(url).replace('<', '%3C').replace('>', '%3E').replace(' ', '%20')}>)"
        else:
            link = md_escape(r["title"]) if isinstance(r["title"], str) and r["title"] else t(f"source_urn.{r['kind']}", lang)
        backs = ""
        if "entity_code" in rows:
            per_entity = rows.dropna(subset=["entity_code"]).groupby("entity_code", sort=False)
            if 0 < per_entity.ngroups <= MAX_NAMED:
                backs = "; ".join(f"{md_escape(g['entity_name'].iloc[0] or code)} {_years_text(g['year'])}"
                                  for code, g in per_entity)
            elif per_entity.ngroups:
                backs = t("sources.backs_many", lang, n=fmt_int(per_entity.ngroups, lang), years=_years_text(rows["year"]))
        # The demo generator's note is the app's own words: in the UI language, not as stored.
        notes = [t("sources.demo_note", lang) if n == DEMO_NOTE else md_escape(n)
                 for n in dict.fromkeys(rows["note"].dropna()) if str(n).strip()] if "note" in rows else []
        text = f"- {link} · _{kind}_"
        if backs:
            text += f" — {t('sources.backs', lang, what=backs)}"
        if notes:
            text += f" — {'; '.join(notes)}"
        lines.append(text)
    return lines


def sources_block(sources: pd.DataFrame) -> None:
    """Render the sources of what the page shows (see `sources`)."""
    st.subheader(t("sources.title"), divider="gray")
    lines = source_lines(sources)
    if not lines:
        st.caption(t("sources.none"))
        return
    st.markdown("\n".join(lines))


def respondents_text(n) -> str:
    return "–" if n is None or pd.isna(n) else fmt_int(int(n))


def lang() -> str:
    return current_lang()

