"""Streamlit glue for published facts beside the scores (issue 14): recognition badges with their
sources, caveats on figures (medium confidence, an unnamed measure), the coverage of the national
figure, and the newcomer's first screen (which numbers are real)."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from berakhlak.i18n import t
from berakhlak.present import facts, views
from berakhlak.ui import common as ui

PUBLISHED = "published"
WINNER = "★"  # a published rank 1, in tables


def value_names(lang: str) -> dict[str, str]:
    return views.value_names(ui.q("value_list"), lang)


def _link(url, label: str) -> str:
    if not isinstance(url, str) or not url.startswith("http"):
        return ""
    safe = url.replace("<", "%3C").replace(">", "%3E").replace(" ", "%20")
    return f"[{ui.md_escape(label)}](<{safe}>)"


def recognitions(dataset: str, entity: str, year: int | None = None) -> pd.DataFrame:
    return ui.q("entity_recognitions", dataset=dataset, entity=entity, year=None if year is None else int(year))


def badges(dataset: str, entity: str, name: str, lang: str, *, year: int | None = None, container=None,
           title: bool = True, empty_note: bool = False) -> pd.DataFrame:
    """The entity's published ranks and awards as badges, each with its source link."""
    frame = recognitions(dataset, entity, year)
    where = container or st
    if frame.empty:
        if empty_note:
            where.caption(t("rec.none", name=ui.md_escape(name)))
        return frame
    names = value_names(lang)
    if title:
        where.subheader(t("rec.title"), divider="gray")
    lines = []
    for r in frame.itertuples():
        icon = ":material/trophy:" if facts.is_winner(r) else ":material/military_tech:"
        source = _link(r.source_url, r.publisher if isinstance(r.publisher, str) else t("rec.source"))
        by = ui.md_escape(r.awarded_by) if isinstance(r.awarded_by, str) else ""
        medium = f" · _{t('real.medium')}_" if r.confidence == "medium" else ""
        lines.append(f"- {icon} **{ui.md_escape(facts.badge_text(r, names, lang))}** — {ui.md_escape(r.award)}"
                     + (f" · _{ui.md_escape(r.scope)}_" if isinstance(r.scope, str) else "")
                     + (f" · {by}" if by else "") + medium + (f" · {source}" if source else ""))
    where.markdown("\n".join(lines))
    return frame


def caveats(dataset: str, codes: list[str], lang: str, *, year: int | None = None, container=None) -> pd.DataFrame:
    """Every figure shown here that carries a caveat, said plainly next to it."""
    if not codes:
        return pd.DataFrame()
    frame = ui.q("entity_caveats", dataset=dataset, entities=list(codes), year=None if year is None else int(year),
                 min_respondents=ui.min_respondents())
    if frame.empty:
        return frame
    where = container or st
    lines = facts.caveat_lines(frame, value_names(lang), lang)
    where.warning("\n".join(f"- {ui.md_escape(line)}" for line in lines), icon=":material/report:")
    return frame


def coverage(year: int | None, lang: str, container=None) -> None:
    """"Cakupan survei 2022: 592 instansi ikut, …" with the sources, under a national figure."""
    # The coverage of the real national survey: said under a real national figure only, never
    # under the demo's synthetic one.
    if year is None or ui.dataset_kind(ui.current_dataset()) != "published":
        return
    frame = ui.q("national_coverage", year=int(year))
    text = facts.coverage_text(frame, int(year), lang)
    if not text:
        return
    links = []
    for r in frame.drop_duplicates("source_url").itertuples():
        links.append(_link(r.source_url, r.source_url.split("/")[2].removeprefix("www."))
                     if isinstance(r.source_url, str) else t("cov.no_source"))
    notes = [r.note_en if lang == "en" else r.note_id for r in frame.itertuples()
             if isinstance(r.note_en if lang == "en" else r.note_id, str)]
    (container or st).caption(ui.md_escape(text) + " " + t("rec.source") + ": " + " · ".join(links),
                              help="\n\n".join(notes) or None)


# --- the first screen -----------------------------------------------------------------------

def published_codes() -> set[str]:
    frame = ui.q("entities_with_data", dataset=PUBLISHED)
    return set(frame["code"])


def nearest_real(code: str | None) -> str | None:
    """The nearest entity with published figures: itself, its parent, its province, else Kalteng."""
    have = published_codes()
    if not have:
        return None
    if code in have:
        return code
    known = ui.entity_directory()
    if code in known.index:
        for up in (known.loc[code, "parent_code"], known.loc[code, "region_code"]):
            if isinstance(up, str) and up in have:
                return up
    return "62" if "62" in have else sorted(have)[0]


def first_screen(dataset: str, page=None) -> None:
    """Before any number: say whether the numbers are real. On a synthetic dataset, say so plainly
    and offer the nearest real view (this page on the published figures, for the chosen entity or
    the nearest one that has them)."""
    if ui.dataset_kind(dataset) != "synthetic":
        return
    ui.synthetic_notice(dataset)
    entity = st.session_state.get("entity") or st.query_params.get("entity")
    target = nearest_real(entity)
    if not target:
        return
    names = ui.entity_directory()["name"]
    if entity and entity != target and entity in names.index:
        st.caption(t("first.not_published", name=names[entity]))
    st.page_link(page or "pages/overview.py", label=t("first.nearest", name=names.get(target, target)),
                 icon=":material/verified:", query_params={"ds": PUBLISHED, "entity": target, "lang": ui.lang()})


# --- recognitions of a level (Perbandingan, Nilai, Studi banding) -----------------------------

def level_recognitions(dataset: str, levels, year: int | None = None, value: str | None = None) -> pd.DataFrame:
    """The recognitions of entities of these levels; of one survey year and one indicator when
    given (value None or views.INDEX = the whole index; '' = any)."""
    frame = ui.q("recognitions_list", dataset=dataset, value="", levels=list(levels))
    if year is not None:
        frame = frame[frame["year"] == int(year)]
    if value is not None and value != "":
        frame = frame[frame["value_code"].isna()] if value == views.INDEX else frame[frame["value_code"] == value]
    return frame.reset_index(drop=True)


def standing_column(frame: pd.DataFrame, codes, lang: str) -> list[str]:
    """Per entity code, its published standing(s) as short text ("★ peringkat 1" for a winner,
    "5 besar"), or ''. (★ rather than an emoji: office machines often lack an emoji font.)"""
    by = {}
    for r in frame.itertuples():
        text = facts.standing(r, lang) or t("rec.col.award").lower()
        by.setdefault(r.entity_code, []).append((WINNER + " " if facts.is_winner(r) else "") + text)
    return [", ".join(by.get(c, [])) for c in codes]


def recognition_table(frame: pd.DataFrame, lang: str, *, title: str | None = None, with_entity: bool = True,
                      file_name: str | None = None) -> None:
    """The recognitions as a table (winners marked ★), with their sources, and a CSV download."""
    if frame.empty:
        return
    if title:
        st.subheader(title, divider="gray")
    out = facts.recognition_table(frame, value_names(lang), lang, with_entity=with_entity)
    marks = [WINNER if facts.is_winner(r) else "" for r in frame.itertuples()]
    out.insert(0, " ", marks)
    source_col = t("rec.col.source")
    st.dataframe(out, hide_index=True, column_config={source_col: st.column_config.LinkColumn(source_col)},
                 height=min(38 * len(out) + 40, 420))
    if file_name:
        from berakhlak.ui import common as ui
        from berakhlak.ui import pages as pages_ui

        pages_ui.downloads(out, file_name, ui.current_dataset(), entities=sorted(set(frame["entity_code"])),
                           years=sorted(set(frame["year"])), title=title or file_name)


# --- Studi banding on sparse real data --------------------------------------------------------

def with_recognized(ents: pd.DataFrame, dataset: str) -> pd.DataFrame:
    """The entities with scores, plus those known in the dataset only by a recognition (not units:
    the analysis pages compare instansi), in the same columns, after the others."""
    rec = ui.q("recognitions_list", dataset=dataset, value="", levels=[])
    rec = rec[(rec["entity_level"] != "unit") & ~rec["entity_code"].isin(set(ents["code"]))]
    if rec.empty:
        return ents
    known = ui.entity_directory()
    extra = rec.drop_duplicates("entity_code")
    rows = pd.DataFrame({"code": extra["entity_code"].to_numpy(), "name": extra["entity_name"].to_numpy(),
                         "level": extra["entity_level"].to_numpy()})
    rows["parent_code"] = [known["parent_code"].get(c) for c in rows["code"]]
    rows["region_code"] = [known["region_code"].get(c) for c in rows["code"]]
    rows["parent_name"] = None
    return pd.concat([ents, rows[[c for c in ents.columns if c in rows.columns]]], ignore_index=True)


def published_winner(dataset: str, levels, exclude: str | None = None) -> str | None:
    """The entity its source ranks first on the whole index at these levels, in the latest survey
    year with such an award (Jawa Barat, 2024), or None."""
    rec = level_recognitions(dataset, levels, value=views.INDEX)
    rec = rec[(rec["rank"] == 1) & (rec["entity_code"] != exclude)]
    if rec.empty:
        return None
    return rec.sort_values(["year", "entity_name"], ascending=[False, True]).iloc[0]["entity_code"]


def winner_caption(dataset: str, code: str, levels) -> None:
    rec = level_recognitions(dataset, levels, value=views.INDEX)
    r = rec[(rec["entity_code"] == code) & (rec["rank"] == 1)].sort_values("year").iloc[-1]
    link = _link(r["source_url"], r["publisher"] if isinstance(r["publisher"], str) else t("rec.source"))
    st.caption(f":material/trophy: {ui.md_escape(r['entity_name'])}: {ui.md_escape(r['award'])} ({int(r['year'])}) · {link}")


def what_is_real(dataset: str, series: pd.DataFrame, sides: list[tuple[str, str]], lang: str) -> None:
    """Per side: the published scores by year (index, how many of the 7 values), its ranks and
    awards, and what is missing."""
    st.subheader(t("bench.missing_title"), divider="gray")
    from berakhlak.i18n import fmt_num

    for col, (code, name) in zip(st.columns(len(sides)), sides):
        with col:
            st.markdown(f"**{ui.md_escape(name)}**")
            mine = series[(series["entity_code"] == code)]
            have = mine[mine["idx"].notna() | mine[[c for c in ("BP", "AK", "KO", "HA", "LO", "AD", "KL")]].notna().any(axis=1)]
            if have.empty:
                st.markdown(t("bench.side_no_scores"))
            else:
                parts = []
                for r in have.itertuples():
                    n = sum(pd.notna(getattr(r, c)) for c in ("BP", "AK", "KO", "HA", "LO", "AD", "KL"))
                    idx = fmt_num(r.idx, lang) if pd.notna(r.idx) else "–"
                    parts.append(f"{int(r.year)}: {idx} ({n}/7 {t('rec.col.value').lower()}; {r.method})")
                st.markdown(t("bench.side_scores", years="; ".join(parts)))
                for r in have.itertuples():
                    n = sum(pd.notna(getattr(r, c)) for c in ("BP", "AK", "KO", "HA", "LO", "AD", "KL"))
                    if n < 7:
                        st.caption(t("bench.missing_values", name=name, year=int(r.year)) if n == 0 else
                                   t("overview.values_partial", n=n, year=int(r.year)))
            badges(dataset, code, name, lang, container=st, title=False, empty_note=True)
    caveats(dataset, [c for c, _ in sides], lang)


def suggestions(dataset: str, home: str, home_name: str, series: pd.DataFrame, levels, lang: str, most: int = 3) -> None:
    """Suggested benchmarks: the published winners (rank 1, or a top-N) for the home entity's
    weakest values in its latest year with values, at its level first."""
    names = value_names(lang)
    mine = series[series["entity_code"] == home].sort_values("year")
    value_cols = ("BP", "AK", "KO", "HA", "LO", "AD", "KL")
    weakest: list[str] = []
    for r in mine.iloc[::-1].itertuples():
        scores = {c: getattr(r, c) for c in value_cols if pd.notna(getattr(r, c))}
        if len(scores) == len(value_cols):
            weakest = sorted(scores, key=lambda c: (scores[c], value_cols.index(c)))[:most]
            break
    rec = ui.q("recognitions_list", dataset=dataset, value="", levels=list(levels))
    rec = rec[rec["value_code"].notna() & (rec["entity_code"] != home)]
    st.subheader(t("rec.suggest_title"), divider="gray")
    if not weakest:
        if rec.empty:
            st.caption(t("rec.suggest_none", name=ui.md_escape(home_name), values="–"))
            return
        st.caption(t("rec.suggest_no_values", name=ui.md_escape(home_name)))
        recognition_table(rec, lang)
        return
    wanted = ", ".join(names.get(c, c) for c in weakest)
    hits = rec[rec["value_code"].isin(weakest)]
    if hits.empty:
        st.caption(t("rec.suggest_none", name=ui.md_escape(home_name), values=wanted))
        return
    order = {c: i for i, c in enumerate(weakest)}
    hits = hits.assign(_o=hits["value_code"].map(order)).sort_values(["_o", "rank", "top_n"]).drop(columns="_o")
    st.caption(t("rec.suggest_intro", name=ui.md_escape(home_name), values=wanted))
    recognition_table(hits, lang)
