"""No output shows a hidden group's score, and none can be worked out (README, Method, "Minimum
respondents"): random instansi with a few units, respondents around a random minimum, built into
a database through the importer, then every output read as a user would get it.

- the named queries the pages use, `summary`, `export` and the deck (its native chart data, read
  back with python-pptx), for random minimums;
- every page that shows units (Unit, Ringkasan, Perbandingan, Presentasi) in AppTest, for a couple
  of random datasets at the app's minimum (slow, so few);
- the internal evaluation's units (eval_scores), for random minimums;
- and the attack: from the instansi's total shown beside its units (respondent-weighted mean), take
  away the units shown; what is left must never be one unit's score, nor a group under the
  minimum.
"""
from __future__ import annotations

import base64
import io
import itertools
import json
import re
import shutil

import numpy as np
import pandas as pd
import pytest
from conftest import ROOT
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from berakhlak.data import db
from berakhlak.domain.rules import DEFAULT_MIN_RESPONDENTS, VALUE_CODES, round_half_up
from berakhlak.domain.summary import summarize
from berakhlak.ingest import importer
from berakhlak.present import deck, export
from suppression_oracle import family_hidden

PARENT = "62"
_counter = itertools.count(1)


# --- the data -----------------------------------------------------------------------------------

@st.composite
def families(draw, minimum=None):
    """A minimum, and an instansi's units over one or two years: respondents around the minimum,
    value scores in 60-90 with two decimals, all different at one decimal (so a number on a page
    can be told apart from every other; differences between scores stay under 30, never one)."""
    m = draw(st.integers(2, 12)) if minimum is None else minimum
    n_units = draw(st.integers(1, 6))
    years = draw(st.sampled_from([(2024,), (2022, 2023), (2024, 2025)]))
    cells = n_units * len(years) * len(VALUE_CODES)
    tenths = draw(st.lists(st.integers(600, 899), min_size=cells, max_size=cells, unique=True))
    hundredths = draw(st.lists(st.integers(0, 9), min_size=cells, max_size=cells))
    scores = iter(t / 10 + h / 100 for t, h in zip(tenths, hundredths))
    units = []
    for year in years:
        for i in range(n_units):
            n = draw(st.integers(1, 3 * m))
            units.append({"unit": i, "year": year, "n": n, "values": {c: round(next(scores), 2) for c in VALUE_CODES}})
    return m, n_units, units


def build(con, m, n_units, units) -> dict:
    """Import the family into a dataset of its own: units with new codes under the province, and
    the province itself as their total (respondents summed, scores the respondent-weighted means)."""
    k = next(_counter)
    dataset = f"uji{k}"
    code = {i: f"{PARENT}.X{k}U{i}" for i in range(n_units)}
    name = {i: f"Biro Uji {k}-{i}" for i in range(n_units)}
    rows = []
    for u in units:
        for c, v in u["values"].items():
            rows.append((code[u["unit"]], name[u["unit"]], "unit", PARENT, u["year"], c, v, u["n"]))
    for year in sorted({u["year"] for u in units}):
        these = [u for u in units if u["year"] == year]
        total = sum(u["n"] for u in these)
        for c in VALUE_CODES:
            mean = sum(u["n"] * u["values"][c] for u in these) / total
            rows.append((PARENT, "", "provinsi", "", year, c, round(mean, 6), total))
    frame = pd.DataFrame(rows, columns=["entity_code", "entity_name", "entity_level", "parent_code", "year",
                                        "value_code", "score", "respondents"])
    report = importer.import_file(con, content=frame.to_csv(index=False).encode(), file_name=f"{dataset}.csv",
                                  dataset=dataset)
    assert report.ok, report.problems[:3]
    truth = pd.DataFrame([{"entity_code": code[u["unit"]], "entity_name": name[u["unit"]], "year": u["year"],
                           "n": u["n"], **u["values"]} for u in units])
    truth["idx"] = truth[list(VALUE_CODES)].mean(axis=1)
    return {"dataset": dataset, "m": m, "codes": list(code.values()), "truth": truth}


@pytest.fixture(scope="module")
def prop_db(built_db, tmp_path_factory):
    path = tmp_path_factory.mktemp("prop") / "berakhlak.duckdb"
    shutil.copy(built_db, path)
    return path


@pytest.fixture(scope="module")
def pages_db(built_db, tmp_path_factory):
    path = tmp_path_factory.mktemp("prop_pages") / "berakhlak.duckdb"
    shutil.copy(built_db, path)
    return path


@pytest.fixture(scope="module")
def prop_con(prop_db):
    con = db.connect(str(prop_db))
    yield con
    con.close()


# --- what a reader can see ------------------------------------------------------------------------

def hidden_scores(case, hidden: dict[int, set[str]]) -> pd.DataFrame:
    """The true scores of the hidden unit-years (index and values), raw and as they would be shown."""
    t = case["truth"]
    rows = t[[c in hidden.get(int(y), set()) for c, y in zip(t["entity_code"], t["year"])]]
    return rows


def shown_numbers(case, hidden) -> set[float]:
    """Every score a page may legitimately show, rounded: the shown units' and the instansi's."""
    key = ("legit", frozenset((y, frozenset(c)) for y, c in hidden.items()))
    if key not in case:
        case[key] = _shown_numbers(case, hidden)
    return case[key]


def _shown_numbers(case, hidden) -> set[float]:
    t = case["truth"]
    shown = t[[c not in hidden.get(int(y), set()) for c, y in zip(t["entity_code"], t["year"])]]
    out = {round_half_up(v) for col in ("idx", *VALUE_CODES) for v in shown[col]}
    for _year, g in t.groupby("year"):
        n = g["n"].sum()
        out |= {round_half_up(float((g["n"] * g[col]).sum() / n)) for col in ("idx", *VALUE_CODES)}
    return out


def leaked_in_text(text: str, case, hidden) -> list[str]:
    """Hidden scores (one decimal, in either language's form, or raw) found in a text."""
    legit = shown_numbers(case, hidden)
    dotted = text.replace(",", ".")
    found = []
    for _i, r in hidden_scores(case, hidden).iterrows():
        for col in ("idx", *VALUE_CODES):
            v = round_half_up(r[col])
            # as shown (one decimal), unless the same number is also another group's, shown by right
            if v not in legit and re.search(rf"(?<![\d.]){re.escape(f'{v:.1f}')}(?![\d])", dotted):
                found.append(f"{r['entity_code']} {r['year']} {col} {v}")
            # as stored (two decimals: no page shows those, a download might)
            raw = f"{r[col]:.2f}"
            if col != "idx" and not raw.endswith("0") and re.search(rf"(?<![\d.]){re.escape(raw)}(?![\d])", dotted):
                found.append(f"{r['entity_code']} {r['year']} {col} raw {raw}")
    return found


def leaked_in_numbers(values, case, hidden) -> list[str]:
    legit = shown_numbers(case, hidden)
    found = []
    arr = np.array([v for v in values if isinstance(v, int | float) and not isinstance(v, bool)], dtype=float)
    arr = arr[~np.isnan(arr)]
    for _i, r in hidden_scores(case, hidden).iterrows():
        for col in ("idx", *VALUE_CODES):
            v = round_half_up(r[col])
            if v in legit:
                continue
            if np.any(np.isclose(arr, v, atol=1e-9)) or np.any(np.isclose(arr, r[col], atol=1e-6)):
                found.append(f"{r['entity_code']} {r['year']} {col} {v}")
    return found


def pptx_numbers_and_text(data: bytes) -> tuple[list[float], str, list[str]]:
    from pptx import Presentation

    prs = Presentation(io.BytesIO(data))
    values, texts, categories = [], [], []
    for slide in prs.slides:
        for shape in slide.shapes:
            if shape.has_chart:
                chart = shape.chart
                for plot in chart.plots:
                    categories += [str(c) for c in plot.categories]
                    for series in plot.series:
                        values += [v for v in series.values if v is not None]
            if shape.has_text_frame:
                texts.append(shape.text_frame.text)
        if slide.has_notes_slide:
            texts.append(slide.notes_slide.notes_text_frame.text)
    return values, "\n".join(texts), categories


# --- the queries, summary, export and deck, for random minimums -------------------------------------

def check_case(con, case) -> None:
    ds, m, codes = case["dataset"], case["m"], case["codes"]
    truth = case["truth"]
    years = sorted(truth["year"].unique())
    fam = db.query(con, "unit_family", dataset=ds, parent=PARENT, min_respondents=m)
    hidden: dict[int, set[str]] = {}
    for year in years:
        rows = fam[fam["year"] == year]
        units = rows[~rows["is_parent"]]
        parent = rows[rows["is_parent"]].iloc[0]
        ns = dict(zip(truth.loc[truth["year"] == year, "entity_code"], truth.loc[truth["year"] == year, "n"]))
        seen_hidden = set(units.loc[units["idx"].isna(), "entity_code"])
        # the outputs agree with the rule as written out, and hide every score of a hidden unit
        assert seen_hidden == family_hidden(ns, m), (year, ns, m)
        hidden[int(year)] = seen_hidden
        assert units.loc[units["entity_code"].isin(seen_hidden), list(VALUE_CODES)].isna().all().all()
        assert set(units.loc[units["suppressed"], "entity_code"]) == seen_hidden
        # the attack: the shown total minus the shown units
        if seen_hidden and pd.notna(parent["idx"]):
            shown_units = units[~units["entity_code"].isin(seen_hidden)]
            for col in ("idx", *VALUE_CODES):
                n_total = float(parent["respondents"])
                rest_n = n_total - float(shown_units["respondents"].sum())
                rest = (n_total * parent[col] - float((shown_units["respondents"] * shown_units[col]).sum())) / rest_n
                assert len(seen_hidden) >= 2 and rest_n >= m, (year, ns, m, col)
                for c in seen_hidden:  # a mix of several units, not one of them
                    assert abs(rest - truth.loc[(truth["entity_code"] == c) & (truth["year"] == year), col].iloc[0]) > 1e-7
        elif seen_hidden:
            assert parent["respondents"] < m  # the total is hidden itself, for being too small
    all_hidden = {(c, y) for y, cs in hidden.items() for c in cs}

    series = db.query(con, "entity_series", dataset=ds, entities=[*codes, PARENT], min_respondents=m)
    for r in series.itertuples():
        if (r.entity_code, r.year) in all_hidden:
            assert pd.isna(r.idx) and all(pd.isna(getattr(r, c)) for c in VALUE_CODES), r
    for year in years:
        ranking = db.query(con, "level_ranking", dataset=ds, year=int(year), level="unit", min_respondents=m)
        assert not set(ranking["entity_code"]) & hidden[int(year)]
        level = db.query(con, "level_scores", dataset=ds, year=int(year), levels=["unit"], indicator="IDX", batch="",
                         province="", min_respondents=m)
        gone = level[level["entity_code"].isin(hidden[int(year)])]
        assert gone[["idx", "score", *VALUE_CODES]].isna().all().all() and gone["rank"].isna().all()
    for code, year in all_hidden:
        assert db.query(con, "entity_rank", dataset=ds, entity=code, year=int(year), level="unit",
                        min_respondents=m).empty
        assert db.query(con, "entity_value_scores", dataset=ds, entity=code, year=int(year), min_respondents=m).empty
        head = db.query(con, "entity_year_index", dataset=ds, entity=code, year=int(year), min_respondents=m)
        assert head.iloc[0]["suppressed"] and pd.isna(head.iloc[0]["idx"])
        assert int(year) not in set(db.query(con, "entity_index_history", dataset=ds, entity=code,
                                             min_respondents=m)["year"])
        s = summarize(con, code, int(year), ds, m)
        assert s["suppressed"] and s["index"] is None and s["values"] == {} and s["rank"] is None
    for code in codes[:2]:  # the shown ones say nothing of the hidden ones either
        s = summarize(con, code, int(years[-1]), ds, m)
        assert not leaked_in_text(json.dumps(s), case, hidden), s
    exported = export.dataset_frame(con, ds, m)
    assert not set(zip(exported["entity_code"], exported["year"])) & all_hidden
    assert not leaked_in_numbers(exported["score"].tolist(), case, hidden)

    # The deck of a shown unit against a hidden one (or of the instansi), its charts read back.
    year = int(years[-1])
    shown_codes = [c for c in codes if c not in hidden[year]]
    home = shown_codes[0] if shown_codes else PARENT
    bench = next(iter(sorted(hidden[year])), None)
    data = deck.build_pptx(con, home, year, ds, bench, "id", m)
    values, text, categories = pptx_numbers_and_text(data)
    names = set(truth.loc[truth["entity_code"].isin(hidden[year]), "entity_name"])
    assert not leaked_in_numbers(values, case, hidden), (home, bench, year)
    assert not leaked_in_text(text, case, hidden), (home, bench, year)
    # a hidden unit is never a bar of the rank chart (its name may head the gap slide, with no number)
    assert not [c for c in categories if any(re.search(rf"\d+\. {re.escape(n)}( —|$)", c) for n in names)], categories


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(families())
def test_no_output_shows_or_gives_away_a_hidden_score(prop_con, family):
    case = build(prop_con, *family)
    check_case(prop_con, case)


def test_the_cli_says_nothing_of_a_hidden_unit(fresh_db, tmp_path, capsys):
    """`summary` and `export` as a user runs them (the default minimum), on a family whose smallest
    unit is under it and whose next one goes with it."""
    from berakhlak.cli import main as cli

    units = [{"unit": i, "year": 2024, "n": n, "values": {c: 61.11 + 3.37 * i + 0.71 * j for j, c in enumerate(VALUE_CODES)}}
             for i, n in enumerate([2, 2, 40, 50])]
    with db.writer(str(fresh_db)) as con:
        case = build(con, DEFAULT_MIN_RESPONDENTS, 4, units)
    hidden = {2024: {case["codes"][0], case["codes"][1], case["codes"][2]}}  # 2 + 2 < 5: the third goes too
    for code in case["codes"]:
        assert cli.main(["summary", "--db", str(fresh_db), "--entity", code, "--year", "2024",
                         "--dataset", case["dataset"]]) == 0
        out = json.loads(capsys.readouterr().out)
        assert out["suppressed"] == (code in hidden[2024])
        assert not leaked_in_text(json.dumps(out), case, hidden)
    target = tmp_path / "export.csv"
    assert cli.main(["export", str(target), "--db", str(fresh_db), "--dataset", case["dataset"]]) == 0
    capsys.readouterr()
    text = target.read_text(encoding="utf-8-sig")
    assert case["codes"][3] in text and not any(c in text for c in hidden[2024])
    assert not leaked_in_text(text, case, hidden)


# --- the pages, in AppTest --------------------------------------------------------------------------

def page_text(at) -> tuple[str, list[float]]:
    """Everything a page shows as text, and the numbers inside its charts' data."""
    parts = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "info", "warning", "error", "success",
                 "text", "code", "latex"):
        parts += [str(e.value) for e in getattr(at, kind, [])]
    parts += [f"{m.label} {m.value} {m.delta}" for m in at.metric]
    for frame in [*at.dataframe, *at.table]:
        value = frame.value
        value = value.data if hasattr(value, "data") else value  # a Styler
        parts.append(value.to_csv())
    numbers = []
    for chart in at.get("plotly_chart"):
        spec = json.loads(chart.proto.spec)
        for trace in spec.get("data", []):
            for key in ("x", "y", "z", "text", "customdata", "hovertext"):
                numbers += _plotly_values(trace.get(key))
                parts += [str(v) for v in _flat(trace.get(key)) if isinstance(v, str)]
    return "\n".join(parts), numbers


def _flat(value):
    if isinstance(value, list):
        for v in value:
            yield from _flat(v)
    elif value is not None:
        yield value


def _plotly_values(value) -> list[float]:
    """Numbers of a Plotly array: plain lists, or typed arrays ({"dtype", "bdata"})."""
    if isinstance(value, dict) and "bdata" in value:
        arr = np.frombuffer(base64.b64decode(value["bdata"]), dtype=np.dtype(value["dtype"]))
        return [float(v) for v in arr.ravel()]
    return [float(v) for v in _flat(value) if isinstance(v, int | float) and not isinstance(v, bool)]


def run_page(page: str, params: dict):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params.update(params)
    at.run()
    at.switch_page(page)
    at.query_params.update(params)
    at.run()
    assert not at.exception, (page, params, [e.value for e in at.exception])
    return at


@settings(max_examples=2, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                 HealthCheck.function_scoped_fixture])
@given(families(minimum=DEFAULT_MIN_RESPONDENTS).filter(
    lambda f: any(u["n"] < DEFAULT_MIN_RESPONDENTS for u in f[2]) and f[1] >= 2))
def test_no_page_shows_a_hidden_score(pages_db, monkeypatch, family):
    with db.writer(str(pages_db)) as con:  # closed before the app opens the file
        case = build(con, *family)
        check_case(con, case)  # the hidden units, as the queries decide them
        fam = db.query(con, "unit_family", dataset=case["dataset"], parent=PARENT,
                       min_respondents=DEFAULT_MIN_RESPONDENTS)
    monkeypatch.setenv("BERAKHLAK_DB", str(pages_db))
    monkeypatch.chdir(ROOT)
    ds, truth = case["dataset"], case["truth"]
    hidden = {int(y): set(g.loc[g["idx"].isna() & ~g["is_parent"], "entity_code"]) for y, g in fam.groupby("year")}
    year = max(hidden)  # the Unit page draws every year's trend; the rest is of one year
    some_hidden = sorted(hidden[year])
    some_shown = [c for c in case["codes"] if c not in hidden[year]]
    home = (some_shown or [PARENT])[0]
    visits = [("pages/units.py", {"inst": PARENT, "year": str(year)}),
              ("pages/overview.py", {"entity": PARENT, "year": str(year)}),
              ("pages/compare.py", {"year": str(year), "level": "provinsi"})]
    visits += [("pages/overview.py", {"entity": c, "year": str(year)}) for c in some_hidden[:1] + some_shown[:1]]
    visits += [("pages/presentation.py", {"entity": home, "year": str(year), "slide": slide,
                                          **({"bench": some_hidden[0]} if some_hidden else {})})
               for slide in ("headline", "rank", "gap")]
    for page, params in visits:
        at = run_page(page, {"ds": ds, **params})
        text, numbers = page_text(at)
        assert not leaked_in_text(text, case, hidden), (page, params, leaked_in_text(text, case, hidden))
        assert not leaked_in_numbers(numbers, case, hidden), (page, params)
    assert truth["n"].min() < DEFAULT_MIN_RESPONDENTS  # a case that hides something


# --- the internal evaluation: the same rule over its units ------------------------------------------

@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(2, 12).flatmap(lambda m: st.tuples(st.just(m), st.lists(st.integers(1, 3 * m), min_size=1,
                                                                           max_size=7))),
       st.integers(0, 10_000))
def test_the_evaluation_hides_as_the_national_pages_do(prop_con, m_ns, seed):
    import datetime as dt

    m, ns = m_ns
    k = next(_counter)
    dataset = f"evaluji{k}"
    codes = [f"{PARENT}.E{k}U{i}" for i in range(len(ns))]
    rng = np.random.default_rng(seed)
    prop_con.execute("BEGIN TRANSACTION")
    for code, n in zip(codes, ns):
        prop_con.execute("INSERT INTO entity (code, name, level, parent_code, region_code) VALUES (?, ?, 'unit', ?, ?)",
                         [code, f"Unit {code}", PARENT, PARENT])
        prop_con.execute("INSERT INTO eval_survey_unit (dataset, entity_code, year, respondents, method) "
                         "VALUES (?, ?, 2026, ?, 'INTERNAL')", [dataset, code, n])
        for v in VALUE_CODES:
            for o in (1, 2, 3):
                prop_con.execute("INSERT INTO eval_survey_behaviour (dataset, entity_code, year, value_code, ord, "
                                 "answers, rating_sum) VALUES (?, ?, 2026, ?, ?, ?, ?)",
                                 [dataset, code, v, o, n, int(rng.integers(n, 5 * n + 1))])
    db.execute(prop_con, "refresh_eval_unit_year", dataset=dataset)  # as every survey write does
    prop_con.execute("COMMIT")
    out = db.query(prop_con, "eval_scores", dataset=dataset, instansi=PARENT, year=2026, min_respondents=m,
                   w_survey=50.0, partial_credit=0.5, today=dt.date(2026, 11, 1))
    units = out[out["row_kind"] == "unit"].set_index("entity_code")
    inst = out[out["row_kind"] == "instansi"].iloc[0]
    hidden = set(units.index[units["survey_status"].isin(["suppressed", "complementary"])])
    assert hidden == family_hidden(dict(zip(codes, ns)), m), (ns, m)
    assert units.loc[sorted(hidden), ["survey_idx", *VALUE_CODES]].isna().all().all()
    if hidden and pd.notna(inst["survey_idx"]):
        rest_n = sum(ns) - sum(n for c, n in zip(codes, ns) if c not in hidden)
        assert len(hidden) >= 2 and rest_n >= m
