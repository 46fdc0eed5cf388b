"""One translation function; every message in both languages with the same placeholders; numbers
formatted per language."""
import string

import pytest

from berakhlak.i18n import catalog, fmt_int, fmt_num, t


def placeholders(text):
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_message_has_both_languages_with_the_same_placeholders():
    for key, (ind, eng) in catalog().items():
        assert ind.strip() and eng.strip(), key
        assert placeholders(ind) == placeholders(eng), key


def test_missing_key_fails_loudly_in_tests():
    with pytest.raises(KeyError):
        t("no.such.key")


@pytest.mark.parametrize("x, lang, kw, out", [
    (59.5, "id", {}, "59,5"), (59.5, "en", {}, "59.5"), (16.8, "id", {"sign": True}, "+16,8"),
    (-1.4, "id", {"sign": True}, "-1,4"), (74.95, "id", {}, "75,0"), (None, "id", {}, "–"),
    (936476, "id", {"decimals": 0}, "936.476"), (936476, "en", {"decimals": 0}, "936,476"),
])
def test_number_formats_follow_the_language(x, lang, kw, out):
    assert fmt_num(x, lang, **kw) == out


def test_counts():
    assert fmt_int(7819, "id") == "7.819" and fmt_int(7819, "en") == "7,819"


def test_a_message_file_that_repeats_a_key_or_lacks_a_language_is_refused(tmp_path, monkeypatch):
    import berakhlak.i18n as i18n

    (tmp_path / "a.toml").write_text('["x.one"]\nid = "Satu"\nen = "One"\n', encoding="utf-8")
    (tmp_path / "b.toml").write_text('["x.one"]\nid = "Satu lagi"\nen = "One again"\n', encoding="utf-8")
    monkeypatch.setattr(i18n, "MESSAGES_DIR", tmp_path)
    i18n.catalog.cache_clear()
    try:
        with pytest.raises(ValueError, match="defined twice"):
            i18n.catalog()
        (tmp_path / "b.toml").write_text('["x.two"]\nid = "Dua"\n', encoding="utf-8")
        with pytest.raises(ValueError, match="exactly `id` and `en`"):
            i18n.catalog()
        (tmp_path / "b.toml").write_text('["x.two"]\nid = "Dua"\nen = "Two"\n', encoding="utf-8")
        assert i18n.catalog()["x.two"] == ("Dua", "Two")
    finally:
        i18n.catalog.cache_clear()
