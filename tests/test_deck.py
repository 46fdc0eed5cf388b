"""The slides and the PowerPoint export: native charts whose data are the numbers the dashboard
shows (summary.summarize, rounded half-up, formatted per language), a source on every slide,
synthetic data labelled, and missing data said plainly instead of drawn."""
from __future__ import annotations

import io

import pytest
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE

from berakhlak.cli import deck as cli_deck
from berakhlak.cli import main as cli
from berakhlak.data import db
from berakhlak.present import deck
from berakhlak.present import slides
from berakhlak.i18n import fmt_num, set_lang
from berakhlak.domain.rules import VALUE_CODES, round_half_up
from berakhlak.domain.summary import summarize


@pytest.fixture(autouse=True)
def _restore_language():
    """The deck command sets the thread's language, as the CLI does: put it back."""
    yield
    set_lang("id")


@pytest.fixture(scope="module")
def ro(built_db):
    c = db.connect(str(built_db), read_only=True)
    yield c
    c.close()


@pytest.fixture(scope="module")
def kalteng_deck(ro):
    """The done-when deck: Kalteng 2024 in the demo, Jawa Barat as the benchmark."""
    data = deck.build_pptx(ro, "62", 2024, "demo", "32", "id")
    return Presentation(io.BytesIO(data))


def texts(slide) -> str:
    return "\n".join(s.text_frame.text for s in slide.shapes if s.has_text_frame)


def chart_of(slide):
    charts = [s for s in slide.shapes if s.has_chart]
    assert len(charts) <= 1
    return charts[0].chart if charts else None


def series(chart) -> dict[str, list]:
    return {s.name: list(s.values) for s in chart.plots[0].series}


def labels(chart, name: str) -> list[str | None]:
    s = next(x for x in chart.plots[0].series if x.name == name)
    out = []
    for i in range(len(list(s.values))):
        dl = s.points[i].data_label
        out.append(dl.text_frame.text if dl.has_text_frame else None)
    return out


def test_kalteng_2024_deck_has_native_charts_holding_the_dashboards_numbers(ro, kalteng_deck):
    home = summarize(ro, "62", 2024, "demo")
    bench = summarize(ro, "32", 2024, "demo")
    by_title = {s.shapes.title.text_frame.text: s for s in kalteng_deck.slides}
    assert len(kalteng_deck.slides) == 8
    # Native, editable charts only: no picture anywhere.
    for s in kalteng_deck.slides:
        assert not [sh for sh in s.shapes if sh.shape_type == MSO_SHAPE_TYPE.PICTURE]
    values = chart_of(by_title["Ketujuh nilai BerAKHLAK, 2024"])
    assert values is not None
    assert series(values)["Kalimantan Tengah"] == [home["values"][c]["score"] for c in VALUE_CODES]
    # The labels read as the Indonesian dashboard does.
    assert labels(values, "Kalimantan Tengah") == [fmt_num(home["values"][c]["score"], "id") for c in VALUE_CODES]
    gap = chart_of(by_title["Kalimantan Tengah dan Jawa Barat, 2024"])
    got = series(gap)
    assert got["Kalimantan Tengah"] == [home["index"]] + [home["values"][c]["score"] for c in VALUE_CODES]
    assert got["Jawa Barat"] == [bench["index"]] + [bench["values"][c]["score"] for c in VALUE_CODES]
    headline = texts(by_title["Kalimantan Tengah: Indeks BerAKHLAK 2024"])
    assert fmt_num(home["index"], "id") in headline and fmt_num(bench["index"], "id") in headline
    assert f"Kategori {home['category']} · {home['category_label']}" in headline
    rank = chart_of(by_title["Peringkat di antara provinsi, 2024"])
    cats = [str(c) for c in rank.plots[0].categories]
    assert f"{home['rank']['position']}. Kalimantan Tengah" in cats
    assert f"{bench['rank']['position']}. Jawa Barat" in cats
    assert f"Peringkat {home['rank']['position']} dari {home['rank']['of']} provinsi" in texts(
        by_title["Peringkat di antara provinsi, 2024"])


def test_trend_series_never_cross_a_method_break(ro, kalteng_deck):
    history = db.query(ro, "entity_index_history", dataset="demo", entity="62")
    history = history[history["year"] <= 2024]
    trend = chart_of(kalteng_deck.slides[2])
    years = [int(str(c)) for c in trend.plots[0].categories]
    assert years == sorted(history["year"])  # whole years, up to the year chosen
    method = dict(zip(history["year"], history["method"]))
    # One series per method, both named as people name the entity (the legend shows it once).
    home = [list(s.values) for s in trend.plots[0].series if s.name == "Kalimantan Tengah"]
    assert len(home) == 2
    assert not any("·" in s.name for s in trend.plots[0].series)
    for vals in home:
        shown = {y for y, v in zip(years, vals) if v is not None}
        assert len({method[y] for y in shown}) == 1
        for y in shown:
            assert vals[years.index(y)] == round_half_up(history.set_index("year").loc[y, "idx"])
    assert "tidak sebanding" in texts(kalteng_deck.slides[2])


def test_every_slide_is_labelled_synthetic_and_carries_a_source(kalteng_deck):
    for s in kalteng_deck.slides:
        names = {sh.name for sh in s.shapes}
        assert "synthetic-banner" in names
        body = texts(s)
        assert "DATA SINTETIS (ILUSTRASI)" in body
        foot = next(sh for sh in s.shapes if sh.name == "footnote").text_frame.text
        assert foot.startswith(("Sumber:", "Dataset:", "Data sintetis")), foot
        assert s.has_notes_slide and s.notes_slide.notes_text_frame.text.strip()


def test_published_deck_says_what_is_missing_and_invents_nothing(ro):
    prs = Presentation(io.BytesIO(deck.build_pptx(ro, "62", 2024, "published", "32", "id")))
    kinds = {s.shapes.title.text_frame.text: s for s in prs.slides}
    head = texts(kinds["Kalimantan Tengah: Indeks BerAKHLAK 2024"])
    assert "76,3" in head and "Kategori A · Sehat" in head
    for title in ("Ketujuh nilai BerAKHLAK, 2024", "Peringkat di antara provinsi, 2024",
                  "Kalimantan Tengah dan Jawa Barat, 2024"):
        s = kinds[title]
        assert chart_of(s) is None, title
        assert "not-available" in {sh.name for sh in s.shapes}
        assert "Data tidak tersedia" in texts(s)
    assert "Data Jawa Barat untuk 2024 tidak tersedia" in texts(kinds["Kalimantan Tengah dan Jawa Barat, 2024"])
    # Real figures: no synthetic banner, and their sources cited with their addresses.
    assert all("synthetic-banner" not in {sh.name for sh in s.shapes} for s in prs.slides)
    assert "https://beritasampit.com/" in texts(prs.slides[-1])
    trend = chart_of(prs.slides[2])
    first = next(s for s in trend.plots[0].series if s.name == "Kalimantan Tengah")
    assert list(first.values)[0] == 59.5
    assert "59,5 (2022) lalu 76,3 (2024)" in texts(prs.slides[2])


def test_english_deck_uses_english_words_and_numbers(ro):
    prs = Presentation(io.BytesIO(deck.build_pptx(ro, "62", 2024, "demo", None, "en")))
    home = summarize(ro, "62", 2024, "demo")
    assert [s.shapes.title.text_frame.text for s in prs.slides][:4] == [
        "BerAKHLAK Index 2024", "Kalimantan Tengah: BerAKHLAK Index 2024", "Index trend of Kalimantan Tengah",
        "The 7 BerAKHLAK values, 2024"]
    assert fmt_num(home["index"], "en") in texts(prs.slides[1]) and "." in fmt_num(home["index"], "en")
    assert "SYNTHETIC DATA (ILLUSTRATION)" in texts(prs.slides[0])
    values = chart_of(prs.slides[3])
    assert labels(values, "Kalimantan Tengah")[0] == fmt_num(home["values"]["BP"]["score"], "en")
    assert len(prs.slides) == 6  # no benchmark, no gap slide


def test_trend_messages_follow_the_method_rule():
    base = {"year": 2023, "index": 61.1, "suppressed": False, "method": "ACT-2022"}
    up = slides.trend_message(base | {"previous": {"year": 2022, "index": 60.9, "comparable": True}}, "id")
    assert up == "Naik 0,2 poin, dari 60,9 (2022) menjadi 61,1 (2023)."
    down = slides.trend_message(base | {"previous": {"year": 2022, "index": 62.0, "comparable": True}}, "en")
    assert down == "Down 0.9 points, from 62.0 (2022) to 61.1 (2023)."
    broken = slides.trend_message(base | {"year": 2024, "index": 76.3, "method": "BRIN-2024",
                                          "previous": {"year": 2022, "index": 59.5, "comparable": False}}, "id")
    assert "tidak sebanding" in broken and "Naik" not in broken
    assert "pertama" in slides.trend_message(base | {"previous": None}, "id")


def test_level_ranking_agrees_with_entity_rank(ro):
    ranking = db.query(ro, "level_ranking", dataset="demo", year=2024, level="provinsi", min_respondents=5)
    assert len(ranking) == 38
    for r in ranking.itertuples():
        one = db.query(ro, "entity_rank", dataset="demo", entity=r.entity_code, year=2024, level="provinsi",
                       min_respondents=5)
        assert (one.iloc[0]["position"], one.iloc[0]["of"]) == (r.position, r.of)


def test_labels_of_two_close_series_go_opposite_ways():
    import pandas as pd

    d = pd.DataFrame({"series": ["A", "B", "A", "B"], "role": ["home", "benchmark"] * 2, "year": [2022, 2022, 2023, 2023],
                      "method": ["X"] * 4, "idx": [62.6, 63.4, 70.0, 69.3]})
    # 0,8 points apart: a label's height on this chart. The higher one above, the lower one not.
    place = slides.label_positions(d, (55, 75), (800, 300), 16)
    assert place[("benchmark", 2022)] == "top center" and place[("home", 2022)] != "top center"
    assert place[("home", 2023)] == "top center" and place[("benchmark", 2023)] != "top center"


def test_deck_command_writes_a_deck_and_fails_clearly(built_db, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("BERAKHLAK_DB", str(built_db))
    out = tmp_path / "kalteng.pptx"
    assert cli.main(["deck", "--entity", "62", "--year", "2024", "--benchmark", "32", "--dataset", "demo", str(out)]) == 0
    assert "8 slide" in capsys.readouterr().out
    assert len(Presentation(str(out)).slides) == 8
    assert cli.main(["deck", "--entity", "62", "--year", "2024", "--benchmark", "99", str(out), "--lang", "en"]) == 2
    assert "Unknown benchmark code '99'" in capsys.readouterr().err
    assert cli.main(["deck", "--entity", "62", "--year", "2031", str(out)]) == 1
    assert "tahun 2031" in capsys.readouterr().err
    assert cli.main(["deck", "--entity", "62", "--year", "2024", str(tmp_path / "x.pdf")]) == 2


def test_deck_command_hooks_into_the_main_parser_with_either_lang_position(built_db, tmp_path, monkeypatch):
    import argparse

    monkeypatch.setenv("BERAKHLAK_DB", str(built_db))
    p = argparse.ArgumentParser()
    p.add_argument("--lang", default="id")
    sub = p.add_subparsers(dest="command", required=True)
    commands = {}
    cli_deck.register(sub, commands)
    out = tmp_path / "d.pptx"
    for argv in (["--lang", "en", "deck", "--entity", "62", "--year", "2024", "--dataset", "demo", str(out)],
                 ["deck", "--entity", "62", "--year", "2024", "--dataset", "demo", "--lang", "en", str(out)]):
        args = p.parse_args(argv)
        assert commands[args.command](args) == 0
        assert Presentation(str(out)).slides[0].shapes.title.text_frame.text == "BerAKHLAK Index 2024"


def test_a_group_under_the_minimum_shows_no_score_anywhere(ro):
    rows = ro.execute("SELECT entity_code, year, respondents FROM entity_year "
                      "WHERE dataset = 'demo' AND respondents < 5 ORDER BY entity_code, year LIMIT 1").fetchall()
    code, year, n = rows[0]
    model = slides.build(ro, code, int(year), "demo", None, "id")
    assert model.summary["suppressed"]
    for s in model.slides:
        if s.kind in ("headline", "values", "rank"):
            assert not s.available and f"n = {n}" in s.message, (s.kind, s.message)
        assert s.kind == "sources" or s.data is None or s.data.empty or "idx" not in s.data or \
            not (s.data.get("role") == "home").any()
    prs = Presentation(io.BytesIO(deck.to_bytes(deck.render(model))))
    assert not any(sh.has_chart for sl in prs.slides for sh in sl.shapes)


def test_questions_to_bring_are_written_from_the_largest_gaps_with_their_sources(ro):
    """The delegation's slide of questions: the values where the benchmark leads by a point or
    more, largest first, with the gap slide's numbers, the behaviours to ask about, the
    benchmark's Rencana Aksi items for that value, and where all of it comes from."""
    model = slides.build(ro, "62", 2025, "demo", "12", "id")
    by_kind = {s.kind: s for s in model.slides}
    gap, questions = by_kind["gap"].data, by_kind["questions"]
    leads = gap[(gap["key"] != slides.INDEX_ROW) & (gap["gap"] >= 1)].sort_values("gap", ascending=False)
    assert list(questions.data["value_code"]) == list(leads["key"].head(slides.QUESTIONS))
    lines = slides.question_lines(questions.data, model.entity_name, model.benchmark_name, "id")
    first = leads.iloc[0]
    assert lines[0][0].startswith(f"{first['name_id']} — Sumatera Utara {fmt_num(first['benchmark'])} · "
                                  f"Kalimantan Tengah {fmt_num(first['home'])} ({fmt_num(first['gap'], sign=True)} poin)")
    prompts = [p for _q, ps in lines for p in ps]
    assert any(p.startswith("Minta contoh untuk perilakunya: ") for p in prompts)
    items = ro.execute("SELECT a.value_code, a.action FROM action_item a JOIN entity e ON e.code = a.entity_code "
                       "WHERE a.dataset = 'demo' AND a.year = 2025 AND (e.parent_code = '12' OR e.code = '12')").fetchall()
    asked = {v for v in questions.data["value_code"]}
    assert any(f"“{action}”" in p for v, action in items if v in asked for p in prompts)
    assert "SE MenPANRB 20/2021" in questions.footnote and "Rencana Aksi" in questions.footnote
    assert "sintetis" in questions.footnote.lower()
    # A benchmark that leads nowhere by a point: no invented question, and why.
    behind = slides.build(ro, "32", 2025, "demo", "62", "id")
    q = {s.kind: s for s in behind.slides}["questions"]
    g = {s.kind: s for s in behind.slides}["gap"].data
    if not ((g["key"] != slides.INDEX_ROW) & (g["gap"] >= 1)).any():
        assert not q.available and "unggul 1 poin atau lebih" in q.message
