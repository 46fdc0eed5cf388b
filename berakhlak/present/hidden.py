"""One wording for a hidden group, on every page, slide, file and CLI line (issue 13): WHY it is
hidden and WHAT would show it.

The reason is decided in the query layer, never here: `entity_year_shown` (migrations/0005)
gives `suppressed` and `suppression`, which is

- 'respondents': the group itself has fewer respondents than the minimum (n under the minimum);
  it shows once it reaches the minimum;
- 'complementary': the group has enough respondents, but is hidden as a complement, so that a
  small unit beside it (under the minimum) cannot be worked out from the instansi's total; it
  shows once that small unit reaches the minimum; more data for this unit does not help.

This module only words those two reasons."""
from __future__ import annotations

from berakhlak.i18n import fmt_int, t

REASONS = ("respondents", "complementary")


def reason_of(suppression) -> str:
    """The reason of a hidden group as the query layer gives it ('respondents' when unknown:
    the primary rule is the one every hidden group falls under or protects)."""
    return "complementary" if suppression == "complementary" else "respondents"


def _n(n, lang) -> str:
    try:
        return fmt_int(int(n), lang)
    except (TypeError, ValueError):
        return "–"


def why(suppression, lang: str | None = None, *, n, minimum: int) -> str:
    """"Disembunyikan: kurang responden (n = 4, minimum 5)." or, for a complement, that it has
    n respondents but protects a small unit beside it."""
    return t(f"hidden.why.{reason_of(suppression)}", lang, n=_n(n, lang), min=minimum)


def show(suppression, lang: str | None = None, *, minimum: int) -> str:
    """What would show it: its own respondents reaching the minimum, or the small unit's."""
    return t(f"hidden.show.{reason_of(suppression)}", lang, min=minimum)


def sentence(suppression, lang: str | None = None, *, n, minimum: int) -> str:
    """Why, then what would show it: the one message of a hidden group."""
    return f"{why(suppression, lang, n=n, minimum=minimum)} {show(suppression, lang, minimum=minimum)}"


def short(suppression, lang: str | None = None, *, minimum: int) -> str:
    """For a table cell or a metric: "kurang responden (n < 5)" / "pelengkap (melindungi unit kecil)"."""
    return t(f"hidden.short.{reason_of(suppression)}", lang, min=minimum)


def generic(suppression, lang: str | None = None) -> str:
    """Where neither n nor the minimum is at hand (a chart's hover): the same reasons, unnumbered."""
    return t(f"hidden.generic.{reason_of(suppression)}", lang)


def of_summary(s: dict, lang: str | None = None, *, minimum: int) -> str:
    """The sentence for a `summary.summarize` result that is suppressed."""
    return sentence(s.get("suppression"), lang, n=s.get("respondents"), minimum=minimum)
