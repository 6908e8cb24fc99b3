"""`python -m knowledge`: validate entries, build the index, search, and serve."""

from __future__ import annotations

import argparse
import json
import sys

from knowledge.settings import get_settings


def _validate(args: argparse.Namespace) -> int:
    from knowledge.loader import EntryError, load_entries

    settings = get_settings()
    try:
        entries = load_entries(settings.entries_dir, settings.sources_dir)
    except EntryError as exc:
        print(exc, file=sys.stderr)
        return 1
    print(f"{len(entries)} entries valid in {settings.entries_dir}")
    return 0


def _build(args: argparse.Namespace) -> int:
    from knowledge.loader import EntryError
    from knowledge.service import build_index

    try:
        index = build_index(get_settings(), progress=not args.quiet)
    except EntryError as exc:
        print(exc, file=sys.stderr)
        return 1
    s = index.stats
    print(f"index: {s.entries} entries, {s.passages} passages, {s.embedded} embedded now "
          f"({s.passages - s.embedded} from cache), {s.seconds:.1f}s")
    return 0


def _search(args: argparse.Namespace) -> int:
    from knowledge.search import Mode, search
    from knowledge.service import build_index

    settings = get_settings()
    result = search(build_index(settings), args.query, k=args.k, rrf_k=settings.rrf_k, mode=Mode(args.mode))
    print(json.dumps({"confidence": result.confidence,
                      "answerable": result.confidence >= settings.min_confidence,
                      "hits": [h.__dict__ for h in result.hits]}, indent=2, ensure_ascii=False))
    return 0


def _serve(args: argparse.Namespace) -> int:
    from aiohttp import web

    from knowledge import logs
    from knowledge.service import create_app

    settings = get_settings()
    logs.configure(settings.log_level)
    web.run_app(create_app(settings), host=settings.host, port=args.port or settings.knowledge_port,
                print=None, access_log=None)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m knowledge",
        description="Knowledge base of research schemes for NHS staff: validate, index, search, serve. "
        "Settings come from NHSBOT_* environment variables (see knowledge/settings.py).",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("validate", help="check every entry file; print each problem with its file and field").set_defaults(func=_validate)
    build = sub.add_parser("build", help="build the search index (only changed passages are re-embedded)")
    build.add_argument("--quiet", action="store_true", help="no progress bar")
    build.set_defaults(func=_build)
    find = sub.add_parser("search", help="search the knowledge base from the command line")
    find.add_argument("query", help="the question, in quotes")
    find.add_argument("-k", type=int, default=5, help="how many entries to return (default 5)")
    find.add_argument("--mode", choices=["hybrid", "dense", "bm25"], default="hybrid", help="retrieval method")
    find.set_defaults(func=_search)
    serve = sub.add_parser("serve", help="run the knowledge service (HTTP API) in the foreground")
    serve.add_argument("--port", type=int, default=None, help="port (default: NHSBOT_KNOWLEDGE_PORT or 8000)")
    serve.set_defaults(func=_serve)
    args = parser.parse_args(argv)
    return args.func(args)
