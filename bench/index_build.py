"""Index build times and memory: cold build, rebuild with nothing changed, one entry changed
(rebuilt whole from the cache, and updated in place as publishing does).

    .venv/bin/python bench/index_build.py
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

from knowledge import embedder
from knowledge.index import KnowledgeIndex
from knowledge.loader import load_entries
from knowledge.settings import Settings

ROOT = Path(__file__).resolve().parent.parent


def timed(fn):
    started = time.perf_counter()
    result = fn()
    return result, time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter).parse_args(argv)
    settings = Settings()
    entries = load_entries(settings.entries_dir, settings.sources_dir)
    embedder.set_threads()  # every core, as `python -m knowledge build` does
    embedder.embed(["load the model first"])  # model loading is start-up cost, not build cost
    with tempfile.TemporaryDirectory() as folder:
        cache = Path(folder)
        cold, t_cold = timed(lambda: KnowledgeIndex.build(entries, cache))
        _, t_same = timed(lambda: KnowledgeIndex.build(entries, cache))
        changed = entries[0].model_copy(update={"summary": entries[0].summary + " Changed."})
        one, t_one = timed(lambda: KnowledgeIndex.build([changed, *entries[1:]], cache))
        again = entries[0].model_copy(update={"summary": entries[0].summary + " Changed again."})
        upd, t_upd = timed(lambda: one.updated([again], cache_dir=cache))
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{cold.stats.entries} entries, {cold.stats.passages} passages")
    print(f"cold build:              {t_cold:7.3f} s ({cold.stats.embedded} passages embedded)")
    print(f"rebuild, nothing changed:{t_same:7.3f} s (0 embedded)")
    print(f"rebuild, one entry edited:{t_one:6.3f} s ({one.stats.embedded} embedded)")
    print(f"update, one entry edited: {t_upd:6.3f} s ({upd.stats.embedded} embedded; what publishing does)")
    print(f"peak resident memory:    {rss:7.0f} MiB (model included)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
