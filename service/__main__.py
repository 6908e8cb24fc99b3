"""`python -m service`: run the knowledge service (answer API, web chat, curation) in the foreground."""

from __future__ import annotations

import argparse
import sys

from aiohttp import web

from knowledge import embedder, logs, taxonomy
from knowledge.settings import get_settings
from service.app import create_app


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m service", description=__doc__)
    parser.add_argument("--port", type=int, default=None, help="port (default: NHSBOT_KNOWLEDGE_PORT or 8000)")
    args = parser.parse_args(argv)
    settings = get_settings()
    logs.configure(settings.log_level)
    app = create_app(settings)
    # Load the model and run it once before /health answers: the first person's question
    # should not pay for it (it took over 10 s, the actions' timeout, on a busy machine). Both sessions: the
    # one-thread one (bulk work, questions beside others) and a lone question's.
    embedder.embed(["warm up"])
    embedder.embed_query("warm up")
    taxonomy.towns()  # and the UK's towns (0.3-0.5 s to read), which the first message naming a place reads
    web.run_app(app, host=settings.host, port=args.port or settings.knowledge_port, print=None, access_log=None)
    return 0


if __name__ == "__main__":
    sys.exit(main())
