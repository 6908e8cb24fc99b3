"""The right paragraph: how often the answer quotes a paragraph that answers what was asked, with the aspect
chosen by knowledge/aspects.py and without it (the paragraph the rankings put first, as before issue 12).

    .venv/bin/python bench/aspects.py [--set bench/aspects.yaml]

Each question names its entry, so this measures the paragraph alone, not retrieval.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from unittest import mock

import yaml

from knowledge import aspects
from knowledge.index import KnowledgeIndex
from knowledge.loader import load_entries
from knowledge.search import search
from knowledge.settings import Settings

ROOT = Path(__file__).resolve().parent.parent


def chosen(index: KnowledgeIndex, item: dict) -> int | None:
    hit = next((h for h in search(index, item["q"], k=10).hits if h.entry_id == item["entry"]), None)
    return hit.passage_number if hit else None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--set", type=Path, default=ROOT / "bench" / "aspects.yaml", help="labelled questions")
    args = parser.parse_args(argv)
    settings = Settings()
    items = yaml.safe_load(args.set.read_text(encoding="utf-8"))
    index = KnowledgeIndex.build(load_entries(settings.entries_dir, settings.sources_dir), settings.index_dir)
    with mock.patch.object(aspects, "asked", lambda question: None):
        before = [chosen(index, item) for item in items]
    after = [chosen(index, item) for item in items]
    for item, b, a in zip(items, before, after):
        flag = "ok " if a in item["expect"] else "BAD"
        print(f"{flag} {item['q']!r}: paragraph {a} (without aspects {b}; right: {item['expect']})")
    right = lambda found: sum(f in item["expect"] for f, item in zip(found, items)) / len(items)  # noqa: E731
    print(f"\n{len(items)} questions. Right paragraph: {right(after):.3f} with aspects, {right(before):.3f} without.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
