"""`python -m berakhlak deck --entity CODE --year YEAR [--benchmark CODE] [--dataset NAME]
[--lang id|en] [--db PATH] OUT.pptx`: the PowerPoint deck of one entity-year (a briefing deck
against the benchmark when one is given), with native, editable charts.

Exit codes as the other commands: 0 written, 1 no data / unreadable database, 2 bad arguments.
"""
from __future__ import annotations

import argparse
from pathlib import Path

from berakhlak.cli.common import EXIT_INVALID, EXIT_OK, Failure, open_db, with_db
from berakhlak.data import db
from berakhlak.i18n import LANGS, set_lang, t


def add_arguments(sp: argparse.ArgumentParser) -> argparse.ArgumentParser:
    sp.add_argument("out", help="the .pptx file to write")
    sp.add_argument("--entity", required=True, help="entity code, e.g. 62")
    sp.add_argument("--year", required=True, type=int)
    sp.add_argument("--benchmark", default=None, help="benchmark entity code, e.g. 32 (a briefing deck)")
    sp.add_argument("--dataset", default="published")
    # Its own dest: a subparser default would otherwise overwrite a --lang given before the command.
    sp.add_argument("--lang", dest="deck_lang", choices=LANGS, default=None,
                    help="language of the slides (default: the global --lang, else id)")
    return with_db(sp)


def register(sub, commands: dict) -> None:
    """Add the `deck` subcommand to the CLI's subparsers and its runner to the command table."""
    add_arguments(sub.add_parser("deck", help="a PowerPoint deck of one entity-year (native charts)"))
    commands["deck"] = run


def run(args) -> int:
    from berakhlak.present import deck, slides

    lang = getattr(args, "deck_lang", None) or getattr(args, "lang", None) or "id"
    set_lang(lang)
    out = Path(args.out)
    if out.suffix.lower() != ".pptx":
        raise Failure("deck.cli.bad_out", EXIT_INVALID, path=out)
    con = open_db(args.db)
    try:
        if args.benchmark and db.query(con, "entity_year_index", dataset=args.dataset, entity=args.benchmark,
                                       year=args.year).empty:
            raise Failure("deck.cli.unknown_benchmark", EXIT_INVALID, entity=args.benchmark)
        model = slides.build(con, args.entity, args.year, args.dataset, args.benchmark, lang)
        data = deck.to_bytes(deck.render(model))
    finally:
        con.close()
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(data)
    print(t("deck.cli.done", path=out, n=len(model.slides)))
    return EXIT_OK
