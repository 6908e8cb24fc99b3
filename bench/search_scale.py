"""Knowledge service at scale: index build time and memory, search latency split by stage,
and a one-entry update, for synthetic knowledge bases of 100, 1,000 and 10,000 entries.

    .venv/bin/python bench/search_scale.py [--sizes 100 1000 10000] [--queries 200] [--time-limit 1800]
                                           [--cache-dir DIR]

Synthetic entries reuse the real entries' sentences in new combinations, with unique
titles and acronyms, so passages look like real ones to the embedding model and BM25
(the real entries come first). Each size runs in a fresh process so its memory is its own,
and is stopped after --time-limit seconds (reported as such).

Per size it prints: passages; cold build (every passage embedded on every core, the model
loaded before timing); rebuild from the embedding cache (what start-up and "reindex" do); the
one-entry update, median and worst of 5 (one entry's summary edited and `KnowledgeIndex.updated`
called, as publishing in the curation service does: one passage embedded, the rest reused); peak
resident memory of the process (the embedding model's ~0.5 GiB included) and the growth of
resident memory over the build; search latency p50/p95 over --queries dev-set questions, whole
and split into the stages knowledge/search.py times: embed (the question, MiniLM), faiss
(knowledge/dense.py: exact, or IVF past 20,000 passages), spell (typo correction for BM25), bm25 and
fusion (RRF, names, the first hit's paragraph). Then, per size, each dense search (exact, and past 20,000
passages the IVF scanning 5% to 30% of its clusters, the service's share among them): its time for the top
50, its recall@10 against exact search (a passage tied with exact search's tenth counts as found), and how
often the first answer of the hybrid search is the one it gives with exact dense search.
"""

from __future__ import annotations

import argparse
import copy
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

from knowledge.dense import PROBED_SHARE, DenseIndex
from knowledge.index import KnowledgeIndex
from knowledge.loader import load_entries
from knowledge.schema import Entry
from knowledge.search import search
from knowledge.settings import Settings

ROOT = Path(__file__).resolve().parent.parent

STAGES = ("embed", "faiss", "spell", "bm25", "fusion")


def synthetic_entries(real: list[Entry], n: int, seed: int = 7) -> list[Entry]:
    """The real entries first, then generated ones up to n."""
    rng = random.Random(seed)
    sentences = [s.strip() + "." for e in real for p in e.paragraphs() for s in p.split(". ") if len(s) > 40]
    questions = [q for e in real for q in e.alternate_questions]
    entries = list(real[:n])
    for i in range(len(entries), n):
        template = real[i % len(real)]
        body = "\n\n".join(" ".join(rng.sample(sentences, 2)) for _ in range(rng.randint(2, 5)))
        # Alternate questions of their own: copies of the template's would give ~140 passages the very same
        # vector at 10,000 entries, and exact and approximate search would each pick different ones of a tie.
        asked = [f"{q.rstrip('?')} for SYN{i}?"
                 for q in rng.sample(questions, min(len(template.alternate_questions), len(questions)))]
        entries.append(template.model_copy(update={
            "id": f"synthetic-{i}", "title": f"{template.title} (variant {i})",
            "summary": rng.choice(sentences), "body": body, "synonyms": [f"SYN{i}"], "alternate_questions": asked,
        }))
    return entries


def percentiles(values: list[float]) -> dict[str, float]:
    return {"p50": float(np.percentile(values, 50)), "p95": float(np.percentile(values, 95))}


def rss_now_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def torch_threads_now() -> int:
    import torch
    return torch.get_num_threads()


def timed(fn):
    started = time.perf_counter()
    result = fn()
    return result, time.perf_counter() - started


def run_size(n: int, n_queries: int, cache_root: Path | None = None, torch_threads: int | None = None) -> dict:
    settings = Settings()
    real = load_entries(settings.entries_dir, settings.sources_dir)
    entries = synthetic_entries(real, n)
    questions = [d["q"] for d in yaml.safe_load((ROOT / "bench" / "devset.yaml").read_text())][:n_queries]
    from knowledge import embedder
    embedder.set_threads()  # the cold build embeds on every core, as `knowledge build` does
    embedder.embed(["load the model before timing"])
    rss_before = rss_now_mib()
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        if cache_root:  # keep the embeddings for the next run (its "build" is then a cached one)
            folder = cache_root / f"entries-{n}"
            folder.mkdir(parents=True, exist_ok=True)
        index, build_s = timed(lambda: KnowledgeIndex.build(entries, folder, progress=False))
        rss_built = rss_now_mib()
        embedder.set_threads(torch_threads or 1)  # the service's setting from here on
        _, rebuild_s = timed(lambda: KnowledgeIndex.build(entries, folder))
        edited = entries[0].model_copy(update={"summary": entries[0].summary + " Edited by the R&D office."})
        updates = []
        for i in range(5):  # publish: one entry edited, as the curation service does (index.updated)
            edited = entries[0].model_copy(update={"summary": f"{entries[0].summary} Edited by the R&D office ({i})."})
            updated, seconds = timed(lambda: index.updated([edited], cache_dir=folder))
            updates.append(seconds)
    for q in questions[:5]:  # warm up (other words: a timed question's vector must not be cached already)
        search(updated, f"{q} (warm up)")
    stages: dict[str, list[float]] = {}
    totals, index_only = [], []  # index_only: the search without embedding the question
    for q in questions:
        result, seconds = timed(lambda: search(updated, q))
        totals.append(seconds * 1000)
        index_only.append(seconds * 1000 - result.timings_ms["embed"])
        for stage, ms in result.timings_ms.items():
            stages.setdefault(stage, []).append(ms)
    # The dense index is approximate (IVF) past knowledge.dense.IVF_FROM passages: what it costs in quality and time
    # against exact search, at the service's share of clusters scanned and others, on the same vectors.
    exact_index = copy.copy(updated)
    exact_index.dense = DenseIndex.build(updated.vectors, ivf_from=len(updated.vectors) + 1)
    vectors = {q: embedder.embed([q])[0] for q in questions}
    exact_top = {q: search(exact_index, q).hits[0].entry_id for q in questions}
    dense_kinds = {"exact": {"search_ms": percentiles([timed(lambda: exact_index.dense.search(v, 50))[1] * 1000
                                                       for v in vectors.values()])}}
    for share in sorted({PROBED_SHARE, 0.05, 0.1, 0.2, 0.3}) if not updated.dense.exact else ():
        trial, built_s = timed(lambda: DenseIndex.build(updated.vectors, probed_share=share))
        probe = copy.copy(updated)
        probe.dense = trial
        recall = []
        for v in vectors.values():
            scores = updated.vectors @ v
            tenth = np.sort(scores)[-10]  # a passage tied with the tenth is as right as the tenth
            recall.append(sum(scores[i] >= tenth - 1e-6 for i in trial.search(v, 10)) / 10)
        dense_kinds[f"IVF, {trial.ivf.nlist} clusters, {trial.ivf.nprobe} probed ({share:.0%})"] = {
            "build_s": built_s, "recall_at_10": float(np.mean(recall)),
            "same_top_answer": float(np.mean([search(probe, q).hits[0].entry_id == exact_top[q] for q in questions])),
            "search_ms": percentiles([timed(lambda: trial.search(v, 50))[1] * 1000 for v in vectors.values()])}
    return {
        "dense": "exact" if updated.dense.exact
        else f"IVF, {updated.dense.ivf.nlist} clusters, {updated.dense.ivf.nprobe} probed",
        "dense_kinds": dense_kinds,
        "entries": n, "passages": index.stats.passages, "build_s": build_s, "build_embedded": index.stats.embedded,
        "rebuild_cached_s": rebuild_s, "update_one_s": float(np.median(updates)), "update_one_max_s": max(updates),
        "update_embedded": updated.stats.embedded,
        "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "rss_growth_mib": rss_built - rss_before, "search_ms": percentiles(totals),
        "search_without_embed_ms": percentiles(index_only),
        "stages_ms": {k: percentiles(v) for k, v in stages.items()}, "queries": len(questions),
        "torch_threads": torch_threads_now(),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 10000], help="knowledge base sizes "
                        "(default: 100 1000 10000)")
    parser.add_argument("--queries", type=int, default=200, help="dev-set questions to time (default 200)")
    parser.add_argument("--time-limit", type=float, default=1800, metavar="S",
                        help="seconds at most per size; a size that runs over is reported and skipped (default 1800)")
    parser.add_argument("--cache-dir", type=Path, metavar="DIR",
                        help="keep each size's embedding cache here and reuse it: a re-run then skips embedding "
                        "(the build column says how many passages were embedded); default: a fresh folder")
    parser.add_argument("--torch-threads", type=int, metavar="N",
                        help="what-if: answer questions with the embedding model on N threads (the service uses 1)")
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write every result here")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # internal: run one size, print JSON
    args = parser.parse_args(argv)
    if args.one:
        print(json.dumps(run_size(args.one, args.queries, args.cache_dir, args.torch_threads)))
        return 0
    results = []
    head = (f"{'entries':>8} {'passages':>9} {'build s':>8} {'rebuild s':>9} {'update s':>9} {'(max)':>6} "
            f"{'peak MiB':>9} {'+MiB':>6} {'search p50':>11} {'p95':>6} | stage p50/p95 ms: "
            + "  ".join(STAGES))
    print(head + "\n" + "-" * len(head), flush=True)
    for n in args.sizes:
        started = time.perf_counter()
        command = [sys.executable, __file__, "--one", str(n), "--queries", str(args.queries)]
        if args.cache_dir:
            command += ["--cache-dir", str(args.cache_dir.resolve())]
        if args.torch_threads:
            command += ["--torch-threads", str(args.torch_threads)]
        try:
            out = subprocess.run(command, capture_output=True, text=True, timeout=args.time_limit)
        except subprocess.TimeoutExpired:
            print(f"{n:>8} did not finish within {args.time_limit:.0f} s (raise --time-limit)", flush=True)
            continue
        if out.returncode != 0:
            print(f"{n:>8} failed:\n{out.stderr[-2000:]}", flush=True)
            continue
        r = json.loads(out.stdout.strip().splitlines()[-1])
        r["wall_s"] = time.perf_counter() - started
        results.append(r)
        st = r["stages_ms"]
        cached = "" if r["build_embedded"] == r["passages"] else f" (cached build: {r['build_embedded']} embedded)"
        print(f"{r['entries']:>8} {r['passages']:>9} {r['build_s']:>8.1f} {r['rebuild_cached_s']:>9.2f} "
              f"{r['update_one_s']:>9.3f} {r['update_one_max_s']:>6.3f} {r['peak_rss_mib']:>9.0f} "
              f"{r['rss_growth_mib']:>6.0f} {r['search_ms']['p50']:>11.1f} {r['search_ms']['p95']:>6.1f} | "
              + "  ".join(f"{st[s]['p50']:.1f}/{st[s]['p95']:.1f}" for s in STAGES if s in st) + cached, flush=True)
    for r in results:
        print(f"{r['entries']:>8} entries: the service's dense search is {r['dense']}; each on the same vectors:")
        for kind, figures in r["dense_kinds"].items():
            quality = (f"; build {figures['build_s']:.1f} s, recall@10 against exact {figures['recall_at_10']:.3f}, "
                       f"same first answer as exact {figures['same_top_answer']:.3f}" if "recall_at_10" in figures else "")
            print(f"{'':>10}{kind}: top 50 p50/p95 {figures['search_ms']['p50']:.2f}/{figures['search_ms']['p95']:.2f} ms"
                  + quality)
    for r in results:
        if r["entries"] >= 10000:
            reached = "reached" if r["search_ms"]["p95"] < 10 else "NOT reached"
            print(f"target (c) at {r['entries']} entries: search p95 {r['search_ms']['p95']:.1f} ms (< 10: {reached}; "
                  f"without embedding the question, which costs the same at any size: "
                  f"{r['search_without_embed_ms']['p95']:.1f} ms); one-entry update "
                  f"{r['update_one_s']:.2f} s (< 1: {'reached' if r['update_one_s'] < 1 else 'NOT reached'})")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))
    return 0 if results else 1


if __name__ == "__main__":
    sys.exit(main())
