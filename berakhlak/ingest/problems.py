"""A problem found in a file given to the app: a message key with its parameters, and where it was
found (row as a spreadsheet numbers it, column as the file writes it). Shown in the user's
language by `Problem.message`; never a traceback."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from berakhlak.i18n import fmt_int, fmt_num, t

# Control characters (line breaks, escapes, NUL) are refused in every column but notes, where a
# line break or a tab may be written.
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
CONTROL_IN_NOTE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# The longest text accepted in the evaluation imports' text columns (the national import has its
# own, importer.MAX_LENGTHS), and the columns where a line break or a tab may be written.
TEXT_LIMITS = {"entity_name": 200, "unit_name": 200, "criterion": 300, "action": 500, "owner": 200,
               "evidence": 2000, "reviewer_note": 1000}
MULTILINE = ("evidence", "reviewer_note")


def text_masks(cells, column: str):
    """(too long, holds a control character) per cell of a pandas Series of text, by the rule of
    `column` (TEXT_LIMITS, MULTILINE): the same rule as the national import's."""
    text = cells.fillna("").astype(str)
    pattern = CONTROL_IN_NOTE if column in MULTILINE else CONTROL
    return text.str.len() > TEXT_LIMITS[column], text.str.contains(pattern.pattern, regex=True)


def text_problems(value: str | None, column: str) -> list[Problem]:
    """The same rule for one text (a form's field, a row's cell): too long, control characters."""
    if not value:
        return []
    out = []
    if len(value) > TEXT_LIMITS[column]:
        out.append(Problem("eval.text_too_long", None, column, {"limit": TEXT_LIMITS[column]}))
    if (CONTROL_IN_NOTE if column in MULTILINE else CONTROL).search(value):
        out.append(Problem("import.control_chars", None, column))
    return out


class Count(int):
    """A number in a message shown with the thousands separator of the language it is shown in
    (a Problem is made once and may be shown in either)."""


@dataclass
class Problem:
    """One problem of a file: a message key with its parameters, and where it was found.
    row is the row number as a spreadsheet shows it (the header is row 1)."""

    key: str
    row: int | None = None
    column: str | None = None
    params: dict = field(default_factory=dict)

    def message(self, lang: str | None = None) -> str:
        params = dict(self.params)
        if "more_rows" in params:
            n = params.pop("more_rows")
            params["more"] = t("import.and_more_rows", lang, count=n) if n else ""
        # Numbers are formatted when the message is shown, in the language it is shown in.
        params = {k: fmt_num(v, lang) if isinstance(v, float) else fmt_int(v, lang) if isinstance(v, Count) else v
                  for k, v in params.items()}
        text = t(self.key, lang, **params)
        if self.row is not None and self.column:
            return t("import.where_row_col", lang, row=self.row, column=self.column) + text
        if self.row is not None:
            return t("import.where_row", lang, row=self.row) + text
        if self.column:
            return t("import.where_col", lang, column=self.column) + text
        return text


class ImportRejected(Exception):
    """The file cannot be imported; `problems` says why, every one of them."""

    def __init__(self, problems: list[Problem]):
        super().__init__(f"{len(problems)} problem(s)")
        self.problems = problems


def show(value) -> str:
    """A cell as quoted in a message: short, so a huge cell does not drown the report, and with
    control characters written out, so that none reaches a terminal or a page raw."""
    text = str(value)
    text = text if len(text) <= 60 else text[:57] + "…"
    return CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)
