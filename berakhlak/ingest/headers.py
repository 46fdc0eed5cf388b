"""Header names of every import (scores, recognitions, survey, checklist, action plan): a header
is folded (`fold`) and mapped to its canonical column name through the one alias table,
berakhlak/ingest/headers.toml (one table per kind of file); the metadata columns the output
writer adds to its CSV files (berakhlak/present/output.py) are known here and ignored
(`is_metadata`), so that our own files import back."""
from __future__ import annotations

import re
import tomllib
import unicodedata
from functools import cache
from pathlib import Path

from berakhlak.i18n import LANGS, t

ALIASES_FILE = Path(__file__).with_name("headers.toml")


def fold(text: str, keep: str = "/") -> str:
    """Lower-case, accents and punctuation (but `keep`) gone, runs of spaces and underscores as
    one '_'."""
    text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    return re.sub(f"[^a-z0-9{keep}]+", "_", text.lower()).strip("_")


@cache
def aliases(kind: str) -> dict[str, str]:
    """The accepted headers of one kind of file (a table of headers.toml): folded alias ->
    canonical name."""
    with ALIASES_FILE.open("rb") as f:
        return tomllib.load(f)[kind]


def canonical(header: str, kind: str) -> str:
    """A file's header as its canonical column name ('Kode Instansi' -> 'entity_code'); a header
    without an alias comes back folded."""
    folded = fold(header)
    return aliases(kind).get(folded, folded)


@cache
def metadata_headers() -> frozenset[str]:
    """The metadata columns of the output writer's CSV files, in either language, folded."""
    keys = ("dataset", "sources", "methods", "made", "notice")
    return frozenset(fold(t(f"output.col.{k}", lang), keep="") for k in keys for lang in LANGS)


def is_metadata(header) -> bool:
    """True for a metadata column the output writer adds (in either language): readers ignore it."""
    return fold(header, keep="") in metadata_headers()
