"""Knowledge service at scale: index build time and memory, search latency split by stage,
and a one-entry update, for synthetic knowledge bases of 100, 1,000 and 10,000 entries.

    .venv/bin/python bench/search_scale.py [--sizes 100 1000 10000] [--queries 200]

Synthetic entries reuse the real entries' sentences in new combinations, with unique
titles and acronyms, so passages look like real ones to the embedding model and BM25.
Each size runs in a fresh process so peak memory is its own.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from knowledge.index import KnowledgeIndex  # noqa: E402
from knowledge.loader import load_entries  # noqa: E402
from knowledge.schema import Entry  # noqa: E402
from knowledge.search import search  # noqa: E402
from knowledge.settings import Settings  # noqa: E402


def synthetic_entries(real: list[Entry], n: int, seed: int = 7) -> list[Entry]:
    """The real entries first, then generated ones up to n."""
    rng = random.Random(seed)
    sentences = [s.strip() + "." for e in real for p in e.paragraphs() for s in p.split(". ") if len(s) > 40]
    entries = list(real[:n])
    for i in range(len(entries), n):
        template = real[i % len(real)]
        body = "\n\n".join(" ".join(rng.sample(sentences, 2)) for _ in range(rng.randint(2, 5)))
        entries.append(template.model_copy(update={
            "id": f"synthetic-{i}", "title": f"{template.title} (variant {i})",
            "summary": rng.choice(sentences), "body": body, "synonyms": [f"SYN{i}"],
            "status": template.status if template.successor is None else template.status,
        }))
    return entries


def percentiles(values: list[float]) -> dict[str, float]:
    return {"p50": float(np.percentile(values, 50)), "p95": float(np.percentile(values, 95))}


def run_size(n: int, n_queries: int) -> dict:
    settings = Settings()
    real = load_entries(settings.entries_dir, settings.sources_dir)
    entries = synthetic_entries(real, n)
    questions = [d["q"] for d in yaml.safe_load((ROOT / "bench" / "devset.yaml").read_text())][:n_queries]
    from knowledge import embedder
    embedder.embed(["load the model before timing"])
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        index = KnowledgeIndex.build(entries, Path(folder), progress=False)
        build_s = time.perf_counter() - started
        rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        edited = entries[0].model_copy(update={"summary": entries[0].summary + " Edited by the R&D office."})
        started = time.perf_counter()
        updated = KnowledgeIndex.build([edited, *entries[1:]], Path(folder))
        update_s = time.perf_counter() - started
    stages: dict[str, list[float]] = {}
    totals = []
    for q in questions:
        started = time.perf_counter()
        result = search(updated, q)
        totals.append((time.perf_counter() - started) * 1000)
        for stage, ms in result.timings_ms.items():
            stages.setdefault(stage, []).append(ms)
    return {
        "entries": n, "passages": index.stats.passages, "build_s": build_s, "update_one_s": update_s,
        "update_embedded": updated.stats.embedded, "peak_rss_mib": rss_after, "rss_before_build_mib": rss_before,
        "search_ms": percentiles(totals), "stages_ms": {k: percentiles(v) for k, v in stages.items()},
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 10000], help="knowledge base sizes")
    parser.add_argument("--queries", type=int, default=200, help="questions from the dev set to time")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # internal: run one size, print JSON
    args = parser.parse_args(argv)
    if args.one:
        print(json.dumps(run_size(args.one, args.queries)))
        return 0
    print(f"{'entries':>8} {'passages':>9} {'build s':>8} {'update s':>9} {'peak MiB':>9} "
          f"{'search p50':>11} {'p95':>6} | stage p95 ms: embed faiss bm25 spell fusion")
    for n in args.sizes:
        out = subprocess.run([sys.executable, __file__, "--one", str(n), "--queries", str(args.queries)],
                             capture_output=True, text=True, check=True)
        r = json.loads(out.stdout.strip().splitlines()[-1])
        st = r["stages_ms"]
        print(f"{r['entries']:>8} {r['passages']:>9} {r['build_s']:>8.1f} {r['update_one_s']:>9.3f} "
              f"{r['peak_rss_mib']:>9.0f} {r['search_ms']['p50']:>11.1f} {r['search_ms']['p95']:>6.1f} | "
              + " ".join(f"{st[s]['p95']:.1f}" for s in ("embed", "faiss", "bm25", "spell", "fusion") if s in st),
              flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
