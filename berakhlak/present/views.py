"""What the analysis pages show, shaped from query results: pure functions (no database, no
Streamlit), so that the pages stay thin and these rules have their own tests.

- changes between years respect the method break: a change across two methods is "not
  comparable" (None with comparable=False), never a number presented as a trend;
- every difference is taken from the rounded figures (rules.delta), as a reader checks it;
- texts (the first→last line, the benchmark summary) are written from the numbers shown, in the
  language asked for, and from nothing else.
"""
from __future__ import annotations

import pandas as pd

from berakhlak.i18n import fmt_num, t
from berakhlak.present.action_tables import fmt_date
from berakhlak.domain.rules import VALUE_CODES, delta, is_setara, round_half_up

# The levels compared with one another: provinces, districts and cities, ministries and agencies.
LEVEL_GROUPS: dict[str, tuple[str, ...]] = {
    "provinsi": ("provinsi",),
    "kabkota": ("kabupaten", "kota"),
    "kl": ("kementerian", "lembaga"),
}
INDEX = "IDX"  # the indicator code of the index itself, beside the 7 value codes
BATCHES = ("barat", "tengah", "timur")


def level_group_of(level: str | None) -> str | None:
    for group, levels in LEVEL_GROUPS.items():
        if level in levels:
            return group
    return None


def value_names(values: pd.DataFrame, lang: str) -> dict[str, str]:
    """value code -> its name in the language, from the value_list query."""
    return dict(zip(values["code"], values["name_en" if lang == "en" else "name_id"]))


def indicator_label(code: str, names: dict[str, str], lang: str) -> str:
    return t("pages.index", lang) if code == INDEX else names.get(code, code)


# --- series over the years ------------------------------------------------------------------

def long_values(wide: pd.DataFrame, keep: list[str], values: pd.DataFrame | None = None) -> pd.DataFrame:
    """The 7 value columns of a wide frame as rows: keep + value_code, score (+ ord and names
    when `values`, the value_list frame, is given)."""
    present = [c for c in VALUE_CODES if c in wide.columns]
    wide = wide.drop(columns=["score"], errors="ignore")
    out = wide.melt(id_vars=keep, value_vars=present, var_name="value_code", value_name="score")
    if values is not None:
        out = out.merge(values.rename(columns={"code": "value_code"}), on="value_code", how="left")
    return out


def changes(series: pd.DataFrame, cols: list[str], by: str = "entity_code") -> pd.DataFrame:
    """For each entity-year, the change of each column since the entity's previous year in the
    frame and since its first year, and whether each is comparable (same method). Adds, per
    column c: `d_c` (since the previous year) and `s_c` (since the first year), in points, None
    when not comparable or missing; and the flags `comparable` and `comparable_first` (False
    when the other year used another method; None on the first year itself)."""
    out = series.sort_values([by, "year"]).copy()
    prev_method = out.groupby(by)["method"].shift()
    out["prev_year"] = out.groupby(by)["year"].shift()
    out["comparable"] = [None if pd.isna(p) else (p == m) for p, m in zip(prev_method, out["method"])]
    first_method = out.groupby(by)["method"].transform("first")
    out["first_year"] = out.groupby(by)["year"].transform("first")
    out["comparable_first"] = [None if y == f else (m == fm) for y, f, m, fm in
                               zip(out["year"], out["first_year"], out["method"], first_method)]
    for c in cols:
        prev = out.groupby(by)[c].shift()
        first = out.groupby(by)[c].transform(lambda x: x.iloc[0])
        out[f"d_{c}"] = [delta(v, p) if ok else None for v, p, ok in zip(out[c], prev, out["comparable"])]
        out[f"d_{c}"] = pd.to_numeric(out[f"d_{c}"], errors="coerce")
        out[f"s_{c}"] = [delta(v, f) if ok else None for v, f, ok in zip(out[c], first, out["comparable_first"])]
        out[f"s_{c}"] = pd.to_numeric(out[f"s_{c}"], errors="coerce")
    return out


def first_last(series: pd.DataFrame, col: str = "score") -> dict | None:
    """The first and the last shown year of one entity's series, their difference, and whether
    a change of method lies between them. series: year, method, col (NaN = not shown)."""
    shown = series.dropna(subset=[col]).sort_values("year")
    if len(shown) < 2:
        return None
    a, b = shown.iloc[0], shown.iloc[-1]
    methods = list(dict.fromkeys(shown["method"].dropna()))
    return {
        "first_year": int(a["year"]), "first": round_half_up(a[col]),
        "last_year": int(b["year"]), "last": round_half_up(b[col]),
        "delta": delta(b[col], a[col]),
        "crosses_break": len(methods) > 1, "methods": methods,
    }


def first_last_text(name: str, fl: dict, lang: str, sep: str = " ") -> str:
    """"Kalimantan Tengah: 59,5 (2022) → 76,3 (2024); +16,8 poin", with the break noted (after
    `sep`: "<br>" puts the note on its own line in a chart)."""
    text = t("pages.first_last", lang, name=name, first=fmt_num(fl["first"], lang), first_year=fl["first_year"],
             last=fmt_num(fl["last"], lang), last_year=fl["last_year"], delta=fmt_num(fl["delta"], lang, sign=True))
    if fl["crosses_break"]:
        text += sep + t("pages.first_last_break", lang, methods=" → ".join(fl["methods"]))
    return text


def method_segments(series: pd.DataFrame, col: str = "score") -> list[dict]:
    """The change of one entity within each method's own segment (years in order; a new segment
    wherever the method changes): method, first_year, first, last_year, last (rounded as shown) and
    delta (None when the segment has one shown year: no change to tell). Only segments with a
    shown value. series: year, method, col (NaN = not shown)."""
    shown = series.dropna(subset=[col]).sort_values("year")
    out: list[dict] = []
    for method, year, value in zip(shown["method"], shown["year"], shown[col]):
        if out and out[-1]["method"] == method:
            seg = out[-1]
            seg.update(last_year=int(year), last=round_half_up(value), delta=delta(value, seg["_first_raw"]))
        else:
            out.append({"method": method, "first_year": int(year), "first": round_half_up(value),
                        "last_year": int(year), "last": round_half_up(value), "delta": None, "_first_raw": value})
    for seg in out:
        seg.pop("_first_raw")
    return out


def method_segments_text(name: str, segments: list[dict], lang: str) -> str:
    """"Kalimantan Tengah — ACT-2022: 61,0 (2022) → 62,3 (2023), +1,3 poin · BRIN-2024: hanya
    2024 (76,3), belum ada perubahan": the change mode's message, one method at a time."""
    parts = []
    for seg in segments:
        if seg["delta"] is None:
            parts.append(t("pages.segment_single", lang, method=seg["method"], year=seg["first_year"],
                           value=fmt_num(seg["first"], lang)))
        else:
            parts.append(t("pages.segment_change", lang, method=seg["method"], first=fmt_num(seg["first"], lang),
                           first_year=seg["first_year"], last=fmt_num(seg["last"], lang), last_year=seg["last_year"],
                           delta=fmt_num(seg["delta"], lang, sign=True)))
    return f"{name} — " + " · ".join(parts)


def change_title(segments: dict[str, list[dict]], what: str, lang: str) -> str:
    """The change chart's title: "sejak 2022" when every series is measured from that year in one
    method; "dalam tiap metode" when the years shown cross a change of method."""
    methods = {seg["method"] for segs in segments.values() for seg in segs}
    if len(methods) > 1:
        return t("trend.chart_title_change_methods", lang, what=what)
    firsts = {segs[0]["first_year"] for segs in segments.values() if segs}
    if len(firsts) == 1:
        return t("trend.chart_title_change_since", lang, what=what, year=firsts.pop())
    return t("trend.chart_title_change", lang, what=what)


def break_note(segments: dict[str, list[dict]], lang: str) -> str | None:
    """"Metode berganti pada 2024 (ACT-2022 → BRIN-2024): …" when the years shown cross a change
    of method, else None."""
    changes = {}
    for segs in segments.values():
        for a, b in zip(segs, segs[1:]):
            changes.setdefault((a["method"], b["method"]), b["first_year"])
    if not changes:
        return None
    return " ".join(t("pages.change_break", lang, year=year, before=a, after=b) for (a, b), year in changes.items())


# --- comparison of a level ------------------------------------------------------------------

def with_change(now: pd.DataFrame, before: pd.DataFrame | None, comparable: bool) -> pd.DataFrame:
    """`now` (level_scores of one year, as shown) with `before_score` and `change` (points since the
    other year, None for every entity when the two years are not comparable)."""
    out = now.copy()
    if before is None or before.empty:
        out["before_score"] = float("nan")
        out["change"] = float("nan")
        return out
    prev = before.set_index("entity_code")["score"]
    out["before_score"] = out["entity_code"].map(prev)
    out["change"] = [delta(a, b) if comparable else None for a, b in zip(out["score"], out["before_score"])]
    out["change"] = pd.to_numeric(out["change"], errors="coerce")
    return out


def leader(frame: pd.DataFrame, exclude: str | None = None) -> str | None:
    """The entity ranked first (ties: by name), optionally not `exclude`."""
    ranked = frame.dropna(subset=["rank"])
    if exclude is not None:
        ranked = ranked[ranked["entity_code"] != exclude]
    if ranked.empty:
        return None
    return ranked.sort_values(["rank", "entity_name"]).iloc[0]["entity_code"]


def top_bottom(frame: pd.DataFrame, n: int = 10) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The n highest and n lowest shown scores (ties by name)."""
    shown = frame.dropna(subset=["score"])
    top = shown.sort_values(["score", "entity_name"], ascending=[False, True]).head(n)
    bottom = shown.sort_values(["score", "entity_name"], ascending=[True, True]).head(n)
    return top, bottom


# --- benchmark ----------------------------------------------------------------------------

def benchmark_gaps(home: pd.Series, bench: pd.Series, names: dict[str, str]) -> pd.DataFrame:
    """Per value: home score, benchmark score, gap = benchmark − home (from the rounded
    figures), largest benchmark lead first; values missing on either side keep gap None and go
    last. home/bench: a row with the 7 value columns (as shown)."""
    rows = []
    for code in VALUE_CODES:
        h, b = home.get(code), bench.get(code)
        rows.append({"value_code": code, "label": names.get(code, code),
                     "home": round_half_up(h) if pd.notna(h) else None,
                     "bench": round_half_up(b) if pd.notna(b) else None,
                     "gap": delta(b, h) if pd.notna(h) and pd.notna(b) else None})
    out = pd.DataFrame(rows)
    out["gap"] = pd.to_numeric(out["gap"], errors="coerce")
    order = {c: i for i, c in enumerate(VALUE_CODES)}
    out["_ord"] = out["value_code"].map(order)
    out = out.sort_values(["gap", "_ord"], ascending=[False, True], na_position="last").drop(columns="_ord")
    return out.reset_index(drop=True)


PEERS = 3  # how many peers of each kind a delegation's briefing lists


def briefing_peers(level: pd.DataFrame, home: str, exclude=(), most: int = PEERS) -> dict[str, pd.DataFrame]:
    """Peers beyond "the leader" for a delegation (issue 13): of one level_scores frame (one
    level, one year, as shown), the entities with an index

    - 'batch': in the home entity's survey batch (Barat/Tengah/Timur from its province;
      ministries and agencies were surveyed together, "pusat"), highest index first;
    - 'size': with the number of respondents nearest the home entity's (as a ratio), nearest first,
      other than those of the batch list.

    Each frame: entity_code, entity_name, batch, idx, respondents, gap (idx − home's idx, from
    the rounded figures; None when the home has no index). `exclude` (the benchmark chosen) and
    the home entity are left out. Empty frames when the home is not in `level` or lacks what the
    kind needs (a batch, a count of respondents)."""
    cols = ["entity_code", "entity_name", "batch", "idx", "respondents", "gap"]
    empty = {"batch": pd.DataFrame(columns=cols), "size": pd.DataFrame(columns=cols)}
    if level.empty or home not in set(level["entity_code"]):
        return empty
    frame = level.assign(batch=[peer_batch(r) for _i, r in level.iterrows()])
    me = frame[frame["entity_code"] == home].iloc[0]
    others = frame[(frame["entity_code"] != home) & ~frame["entity_code"].isin(list(exclude)) & frame["idx"].notna()]
    home_idx = round_half_up(me["idx"]) if pd.notna(me["idx"]) else None

    def shaped(rows: pd.DataFrame) -> pd.DataFrame:
        out = rows.assign(idx=rows["idx"].map(round_half_up))
        out["gap"] = [delta(v, home_idx) if home_idx is not None else None for v in out["idx"]]
        return out[cols].reset_index(drop=True)

    result = dict(empty)
    if isinstance(me["batch"], str):
        same = others[others["batch"] == me["batch"]]
        result["batch"] = shaped(same.sort_values(["idx", "entity_name"], ascending=[False, True]).head(most))
    n = me["respondents"]
    if pd.notna(n) and n > 0:
        # Not those already listed by batch: each list adds peers of its own.
        listed = set(result["batch"]["entity_code"])
        sized = others[others["respondents"].notna() & (others["respondents"] > 0) & ~others["entity_code"].isin(listed)]
        ratio = (sized["respondents"].astype(float) / float(n)).map(lambda r: max(r, 1 / r))
        sized = sized.assign(_r=ratio).sort_values(["_r", "entity_name"]).head(most).drop(columns="_r")
        result["size"] = shaped(sized)
    return result


def peer_batch(row) -> str | None:
    """The survey batch of a level_scores row: its province's (Barat/Tengah/Timur, inferred from
    the time zone); ministries and agencies were surveyed together as the central batch ("pusat")."""
    if isinstance(row.get("batch"), str):
        return row["batch"]
    return "pusat" if row.get("level") in LEVEL_GROUPS["kl"] else None


def bench_actions(items: pd.DataFrame, lead_values: list[str], lang: str) -> pd.DataFrame:
    """The benchmark's Rencana Aksi items as a delegation reads them: the values where the
    benchmark leads most first (in `lead_values` order), then the rest; unit, value, action,
    owner, due date and status in words. items: action_items rows."""
    if items.empty:
        return pd.DataFrame()
    order = {c: i for i, c in enumerate(lead_values)}
    rows = items.assign(_o=items["value_code"].map(lambda c: order.get(c, len(order))))
    rows = rows.sort_values(["_o", "value_ord", "entity_code", "item_id"], na_position="last")
    name_col = "value_name_en" if lang == "en" else "value_name_id"
    return pd.DataFrame({
        t("action.col.unit", lang): rows["entity_name"].to_numpy(),
        t("action.col.value", lang): [v if isinstance(v, str) else t("action.value_general", lang) for v in rows[name_col]],
        t("action.col.action", lang): rows["action"].to_numpy(),
        t("action.col.owner", lang): rows["owner"].to_numpy(),
        t("action.col.due", lang): [fmt_date(d, lang) for d in rows["due_date"]],
        t("action.col.status", lang): [t(f"action.status.{x}", lang) if isinstance(x, str) else "–" for x in rows["status"]],
    })


def _join(items: list[str], lang: str) -> str:
    word = " and " if lang == "en" else " dan "
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + word + items[-1]


def benchmark_summary(gaps: pd.DataFrame, *, home: str, bench: str, year: int, lang: str,
                      index_gap: float | None = None, most: int = 3) -> str:
    """A few sentences in the UI language, written only from `gaps` (the table shown) and the
    index gap shown: where the benchmark leads most, where the home entity leads, where they are
    level. "Jawa Barat unggul paling besar pada Adaptif (+6,2 poin), lalu …"."""
    known = gaps.dropna(subset=["gap"])
    index_part = []
    if index_gap is not None and not pd.isna(index_gap):
        key = "bench.summary_index_level" if is_setara(index_gap) else (
            "bench.summary_index_ahead" if index_gap > 0 else "bench.summary_index_behind")
        index_part.append(t(key, lang, bench=bench, home=home, gap=fmt_num(abs(index_gap), lang)))
    if known.empty:
        return " ".join([t("bench.summary_none", lang, home=home, bench=bench, year=year), *index_part])
    def item(r) -> str:
        return t("bench.summary_item", lang, value=r["label"], gap=fmt_num(abs(r["gap"]), lang, sign=True))
    # A gap under a point is "setara" (rules.SETARA_POINTS): neither side leads there.
    setara = known["gap"].map(is_setara)
    leads = known[(known["gap"] > 0) & ~setara]
    behind = known[(known["gap"] < 0) & ~setara].sort_values("gap")
    level = known[setara]
    parts = []
    if not leads.empty:
        first, rest = leads.iloc[0], [item(r) for _, r in leads.iloc[1:most].iterrows()]
        sentence = t("bench.summary_leads_most", lang, bench=bench, year=year, item=item(first))
        if rest:
            sentence += t("bench.summary_then", lang, items=_join(rest, lang))
        parts.append(sentence + ".")
    else:
        parts.append(t("bench.summary_no_lead", lang, bench=bench, year=year))
    if not behind.empty:
        parts.append(t("bench.summary_home_leads", lang, home=home,
                       items=_join([item(r) for _, r in behind.head(most).iterrows()], lang)))
    if not level.empty:
        parts.append(t("bench.summary_level", lang, items=_join(list(level["label"]), lang)))
    parts += index_part
    missing = gaps[gaps["gap"].isna()]
    if not missing.empty:
        parts.append(t("bench.summary_missing", lang, items=_join(list(missing["label"]), lang)))
    return " ".join(parts)


# --- downloads ------------------------------------------------------------------------------

def one_type_per_column(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """A table as a file holds one type per column: where a column mixes numbers with words
    ("tidak sebanding" among the changes), the numbers stay in it and the words move to a column
    of their own beside it ("… (keterangan)"), so that a spreadsheet reads the numbers as numbers."""
    out = {}
    for col in frame.columns:
        values = frame[col]
        if values.dtype == object:
            is_text = values.map(lambda v: isinstance(v, str) and v != "").astype(bool)
            if is_text.any() and values.map(_numeric_text).any():
                out[col] = pd.to_numeric(values.where(~is_text), errors="coerce")
                out[t("pages.col.about", lang, col=col)] = values.where(is_text)
                continue
        out[col] = values
    return pd.DataFrame(out, index=frame.index)


def _numeric_text(v) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool) and not pd.isna(v)


def benchmark_file(table: pd.DataFrame, home: pd.Series, bench: pd.Series, year: int, lang: str) -> pd.DataFrame:
    """The Studi banding comparison table as a file: one row per measure (the index, then the 7
    values), fixed headers, one type per column: scores and the gap as numbers, the two names,
    the year, the methods and the respondents in columns of their own (never rows mixed into the
    score columns, never names as headers). `table`: code, label, home, bench, national, gap (as
    shown); `home`/`bench`: the two entities' rows (entity_name, respondents, method)."""
    n = len(table)

    def count(v):
        return None if v is None or pd.isna(v) else int(v)

    return pd.DataFrame({
        t("bench.col.measure", lang): table["label"].to_numpy(),
        t("bench.file.code", lang): table["code"].to_numpy(),
        t("bench.file.home_score", lang): pd.to_numeric(table["home"], errors="coerce").to_numpy(),
        t("bench.file.bench_score", lang): pd.to_numeric(table["bench"], errors="coerce").to_numpy(),
        t("bench.file.gap", lang): pd.to_numeric(table["gap"], errors="coerce").to_numpy(),
        t("chart.national", lang): pd.to_numeric(table["national"], errors="coerce").to_numpy(),
        t("bench.home", lang): [home["entity_name"]] * n,
        t("bench.bench", lang): [bench["entity_name"]] * n,
        t("pages.col.year", lang): pd.array([int(year)] * n, dtype="Int64"),
        t("bench.file.home_method", lang): [home.get("method")] * n,
        t("bench.file.bench_method", lang): [bench.get("method")] * n,
        t("bench.file.home_respondents", lang): pd.array([count(home.get("respondents"))] * n, dtype="Int64"),
        t("bench.file.bench_respondents", lang): pd.array([count(bench.get("respondents"))] * n, dtype="Int64"),
    })


def rounded(frame: pd.DataFrame, cols: list[str]) -> pd.DataFrame:
    """Scores as shown (half-up, one decimal), for tables and downloads."""
    out = frame.copy()
    for c in cols:
        if c in out.columns:
            out[c] = pd.to_numeric(out[c], errors="coerce").map(round_half_up)
            out[c] = pd.to_numeric(out[c], errors="coerce")
    return out
