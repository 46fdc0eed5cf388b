"""When a rank means something. One rule, read by every page, the deck and `summary`.

A rank is computed among the entities of a level that have a score shown in a dataset-year. With
few of them it says next to nothing ("2 of 2 provinces" in the published figures, where the source
itself ranks the province 9th of 18): shown as a rank it reads as a national standing. So a rank
is shown only when it is computed among

- at least MIN_RANKED (10) entities, and
- at least MIN_SHARE (half) of the level's entities (the provinces are 38, the kabupaten/kota
  514; with a filter, those the filter keeps).

Otherwise it is withheld, and the page says why (`reason_text`). Pure: no database, no Streamlit.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from berakhlak.i18n import fmt_int, t

MIN_RANKED = 10
MIN_SHARE = 0.5


@dataclass(frozen=True)
class Withheld:
    """Why a rank among `of` of the level's `in_level` entities is not shown."""

    of: int
    in_level: int
    reason: str  # "few": fewer than MIN_RANKED; "partial": under MIN_SHARE of the level

    def as_dict(self) -> dict:
        return {"of": self.of, "in_level": self.in_level, "reason": self.reason}

    @classmethod
    def from_dict(cls, d: dict) -> Withheld:
        """From `summary`'s rank_withheld."""
        return cls(int(d["of"]), int(d["in_level"]), d["reason"])


def _int(x) -> int:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return 0
    try:
        return int(x)
    except (TypeError, ValueError):  # pandas' NA
        return 0


def withheld(of, in_level) -> Withheld | None:
    """None when a rank among `of` entities, out of `in_level` of the level, means something;
    else why it does not."""
    of, in_level = _int(of), _int(in_level)
    if of < MIN_RANKED:
        return Withheld(of, in_level, "few")
    if of < MIN_SHARE * in_level:
        return Withheld(of, in_level, "partial")
    return None


def meaningful(of, in_level) -> bool:
    return withheld(of, in_level) is None


def reason_text(w: Withheld, level: str, year: int, lang: str | None = None) -> str:
    """"Peringkat belum bermakna: hanya 2 dari 38 provinsi memiliki skor 2024 dalam dataset ini
    (perlu sedikitnya 10, dan sedikitnya separuh)." `level`: the level's name, plural, as read."""
    return t("rank.withheld", lang, of=fmt_int(w.of, lang), total=fmt_int(w.in_level, lang), level=level,
             year=year, min=MIN_RANKED)


def short_text(w: Withheld, lang: str | None = None) -> str:
    """A few words for a card: "hanya 2 dari 38 dengan skor"."""
    return t("rank.withheld_short", lang, of=fmt_int(w.of, lang), total=fmt_int(w.in_level, lang))
