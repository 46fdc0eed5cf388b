"""`python -m berakhlak deck --entity CODE --year YEAR [--benchmark CODE] [--dataset NAME]
[--lang id|en] [--db PATH] OUT.pptx`: the PowerPoint deck of one entity-year (a briefing deck
against the benchmark when one is given), with native, editable charts.

Wiring into `python -m berakhlak` (cli.py), in `_parser()` after the other subcommands:

    from berakhlak import cli_deck; cli_deck.register(sub, COMMANDS)

Until then, `python -m berakhlak.cli.deck --entity 62 --year 2024 OUT.pptx` runs it alone.
Exit codes as the other commands: 0 written, 1 no data / unreadable database, 2 bad arguments.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from berakhlak.data import db
from berakhlak.i18n import LANGS, set_lang, t

EXIT_OK, EXIT_FAILURE, EXIT_INVALID = 0, 1, 2


def add_arguments(sp: argparse.ArgumentParser) -> argparse.ArgumentParser:
    sp.add_argument("out", help="the .pptx file to write")
    sp.add_argument("--entity", required=True, help="entity code, e.g. 62")
    sp.add_argument("--year", required=True, type=int)
    sp.add_argument("--benchmark", default=None, help="benchmark entity code, e.g. 32 (a briefing deck)")
    sp.add_argument("--dataset", default="published")
    # Its own dest: a subparser default would otherwise overwrite a --lang given before the command.
    sp.add_argument("--lang", dest="deck_lang", choices=LANGS, default=None,
                    help="language of the slides (default: the global --lang, else id)")
    sp.add_argument("--db", help="database file (default $BERAKHLAK_DB, then data/berakhlak.duckdb)")
    return sp


def register(sub, commands: dict) -> None:
    """Add the `deck` subcommand to the CLI's subparsers and its runner to the command table."""
    add_arguments(sub.add_parser("deck", help="a PowerPoint deck of one entity-year (native charts)"))
    commands["deck"] = run


def _connect(path: str | None):
    from berakhlak.data.build import init_database

    target = db.db_path(path)
    if not target.startswith("md:") and not Path(target).exists():
        init_database(path)
    return db.connect(path, read_only=True)


def run(args) -> int:
    from berakhlak.present import deck
    from berakhlak.present import slides
    from berakhlak.domain.summary import NoData

    lang = getattr(args, "deck_lang", None) or getattr(args, "lang", None) or "id"
    set_lang(lang)
    out = Path(args.out)
    if out.suffix.lower() != ".pptx":
        print(t("deck.cli.bad_out", path=out), file=sys.stderr)
        return EXIT_INVALID
    try:
        con = _connect(args.db)
    except db.DatabaseError as exc:
        print(t(exc.key, **exc.params), file=sys.stderr)
        return EXIT_FAILURE
    try:
        if args.benchmark and db.query(con, "entity_year_index", dataset=args.dataset, entity=args.benchmark,
                                       year=args.year).empty:
            print(t("deck.cli.unknown_benchmark", entity=args.benchmark), file=sys.stderr)
            return EXIT_INVALID
        model = slides.build(con, args.entity, args.year, args.dataset, args.benchmark, lang)
        data = deck.to_bytes(deck.render(model))
    except NoData as exc:
        print(t(exc.key, **exc.params), file=sys.stderr)
        return EXIT_FAILURE
    finally:
        con.close()
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(data)
    print(t("deck.cli.done", path=out, n=len(model.slides)))
    return EXIT_OK


def main(argv: list[str] | None = None) -> int:
    """The deck command on its own (same options as `python -m berakhlak deck`)."""
    p = argparse.ArgumentParser(prog="python -m berakhlak.cli.deck", description="BerAKHLAK deck export")
    args = add_arguments(p).parse_args(argv)
    return run(args)


if __name__ == "__main__":
    sys.exit(main())
