"""The question embedding on torch and on ONNX Runtime: latency, CPU and whether the vectors agree.

    .venv/bin/python -m bench.embedding [--questions 200] [--threads 1]

Embeds the dev set's questions one at a time (as the service does: one question per call, one
thread each) with each backend of knowledge/embedder.py, alternating backends question by question
so a busy machine slows both alike, and prints p50/p95 wall time, CPU milliseconds per question,
the ratio between the two, and the lowest cosine between the two vectors of the same question
(the calibrated thresholds and the cached passage vectors need >= 0.9999). Also the time to load
each backend (the ONNX export, once, is timed separately when no export exists yet).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np
import yaml

from bench.proc import load_average, machine
from knowledge import embedder

ROOT = Path(__file__).resolve().parent.parent
BACKENDS = ("torch", "onnx")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--questions", type=int, default=200, help="dev-set questions to embed (default 200)")
    parser.add_argument("--threads", type=int, default=1, help="threads per backend (the service uses 1)")
    args = parser.parse_args(argv)
    devset = yaml.safe_load((ROOT / "bench" / "devset.yaml").read_text())
    questions = [d["q"] for d in devset][: args.questions]
    print(f"machine: {machine()}; load average before: {load_average()}", flush=True)
    embedder.set_threads(args.threads)
    exported = (embedder.onnx_model_dir() / embedder.ONNX_FILE).is_file()
    if not exported:
        started = time.perf_counter()
        embedder.export_onnx(embedder.onnx_model_dir())
        print(f"ONNX export (once, at the first build): {time.perf_counter() - started:.1f} s", flush=True)
    for backend in BACKENDS:
        started = time.perf_counter()
        embedder.embed(["load the model"], backend=backend)
        print(f"{backend:5} load + first question: {time.perf_counter() - started:.2f} s", flush=True)

    wall = {b: [] for b in BACKENDS}
    cpu = {b: [] for b in BACKENDS}
    vectors = {b: [] for b in BACKENDS}
    for question in questions:
        for backend in BACKENDS:
            w, c = time.perf_counter(), time.process_time()
            vectors[backend].append(embedder.embed([question], backend=backend)[0])
            cpu[backend].append((time.process_time() - c) * 1000)
            wall[backend].append((time.perf_counter() - w) * 1000)
    for backend in BACKENDS:
        p50, p95 = np.percentile(wall[backend], [50, 95])
        print(f"{backend:5} {len(questions)} questions: p50 {p50:5.1f} ms  p95 {p95:5.1f} ms  "
              f"CPU {np.mean(cpu[backend]):5.1f} ms per question", flush=True)
    cosine = (np.array(vectors["onnx"]) * np.array(vectors["torch"])).sum(axis=1)
    print(f"torch / onnx: p50 {np.median(wall['torch']) / np.median(wall['onnx']):.2f}x, "
          f"CPU {np.mean(cpu['torch']) / np.mean(cpu['onnx']):.2f}x; cosine min {cosine.min():.7f} "
          f"max {cosine.max():.7f}; load average after: {load_average()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
