#!/usr/bin/python3
"""HNSW through faiss (mllab-cli vector-index) against hnswlib on the same vectors.

Draws a seeded Gaussian mixture with numpy (the lab's recipe: centres N(0, 1), noise N(0, 1)),
writes the database and the queries to two CSV files, and reads both into:
- `mllab-cli vector-index --source csv --input base.csv --query-input queries.csv --index hnsw`
  (faiss 1.7.3's IndexHNSWFlat, one thread, one query per search call) at each efSearch;
- hnswlib (Debian's python3-hnswlib 0.6.2), space 'l2', the same M and efConstruction, one
  thread (num_threads=1 for add_items and knn_query; the queries go in as one batch so that no
  per-call Python overhead is timed), at each ef; faiss is reported both one query per search
  call (as the lab measures) and with every query in one call (batch_queries_per_second), the
  like-for-like comparison with hnswlib's batch.
Both are scored against the same exact neighbours (numpy brute force in float64). Prints the
recall@10 / queries-per-second curve of each, the QPS of each interpolated (log-linearly in QPS)
at equal recall@10 0.90, 0.95 and 0.99, and the build times; the ratios go in
docs/performance.md. Timings are best of three (each side's own repeats).

Usage: /usr/bin/python3 bench/vector_index_vs_hnswlib.py [--build build] [--n 20000] [--dim 64]
"""

import argparse
import json
import math
import os
import subprocess
import sys
import tempfile
import time

import hnswlib
import numpy as np

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
EFS = [10, 16, 24, 32, 48, 64, 96, 128, 256]
K = 10


def recall(found, truth):
    return float(np.mean([len(set(f[:K]) & set(t[:K])) / K for f, t in zip(found, truth)]))


def at_recall(curve, target):
    """QPS at `target` recall, interpolated between the two sweep points around it."""
    curve = sorted(curve)  # by recall
    for (r0, q0), (r1, q1) in zip(curve, curve[1:]):
        if r0 <= target <= r1 and r1 > r0:
            t = (target - r0) / (r1 - r0)
            return math.exp(math.log(q0) + t * (math.log(q1) - math.log(q0)))
    return float("nan")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--build", default=os.path.join(ROOT, "build"))
    parser.add_argument("--n", type=int, default=20000)
    parser.add_argument("--dim", type=int, default=64)
    parser.add_argument("--queries", type=int, default=500)
    parser.add_argument("--m", type=int, default=16)
    parser.add_argument("--ef-construction", type=int, default=40)
    args = parser.parse_args()
    cli = os.path.join(args.build, "engine", "cli", "mllab-cli")

    rng = np.random.default_rng(0)
    centres = rng.standard_normal((50, args.dim))
    def draw(count):
        return (centres[rng.integers(0, 50, count)] + rng.standard_normal((count, args.dim))).astype(np.float32)
    base, queries = draw(args.n), draw(args.queries)

    with tempfile.TemporaryDirectory() as tmp:
        base_csv, query_csv = os.path.join(tmp, "base.csv"), os.path.join(tmp, "queries.csv")
        header = ",".join(f"x{i}" for i in range(args.dim))
        np.savetxt(base_csv, base, delimiter=",", header=header, comments="", fmt="%.9g")
        np.savetxt(query_csv, queries, delimiter=",", header=header, comments="", fmt="%.9g")
        # mllab-cli appends its one held-out row to the database again: same set of vectors.
        faiss_curve, faiss_build = [], []
        out = subprocess.run([cli, "vector-index", "--source", "csv", "--input", base_csv,
                              "--query-input", query_csv, "--index", "hnsw", "--m", str(args.m),
                              "--ef-construction", str(args.ef_construction), "--ef-search", "16"],
                             check=True, capture_output=True, text=True).stdout
        j = json.loads(out)
        faiss_build.append(j["build_seconds"])
        faiss_by_ef = {p["parameter"]: (p["recall_at_10"], p["queries_per_second"]) for p in j["sweep"]}
        faiss_batch = {}  # ef -> (recall, QPS with every query in one search call)
        for ef in EFS:
            j2 = json.loads(subprocess.run(
                [cli, "vector-index", "--source", "csv", "--input", base_csv, "--query-input",
                 query_csv, "--index", "hnsw", "--m", str(args.m), "--ef-construction",
                 str(args.ef_construction), "--ef-search", str(ef)],
                check=True, capture_output=True, text=True).stdout)
            faiss_build.append(j2["build_seconds"])
            faiss_by_ef[ef] = (j2["recall_at_10"], j2["queries_per_second"])
            faiss_batch[ef] = (j2["recall_at_10"], j2["batch_queries_per_second"])
        faiss_curve = [faiss_by_ef[ef] for ef in sorted(faiss_by_ef)]

    d2 = (queries.astype(np.float64) ** 2).sum(1)[:, None] - 2 * queries.astype(np.float64) @ base.astype(np.float64).T + (base.astype(np.float64) ** 2).sum(1)[None, :]
    truth = np.argsort(d2, axis=1)[:, :K]

    builds = []
    for _ in range(3):
        index = hnswlib.Index(space="l2", dim=args.dim)
        index.init_index(max_elements=args.n, M=args.m, ef_construction=args.ef_construction, random_seed=100)
        start = time.perf_counter()
        index.add_items(base, np.arange(args.n), num_threads=1)
        builds.append(time.perf_counter() - start)
    hnsw_curve = []
    for ef in EFS:
        index.set_ef(ef)
        best, labels = float("inf"), None
        for _ in range(3):
            start = time.perf_counter()
            labels, _ = index.knn_query(queries, k=K, num_threads=1)
            best = min(best, time.perf_counter() - start)
        hnsw_curve.append((recall(labels, truth), args.queries / best))

    print(f"n={args.n} dim={args.dim} queries={args.queries} M={args.m} efConstruction={args.ef_construction}")
    print("ef   faiss recall  faiss QPS   hnswlib recall  hnswlib QPS")
    faiss_efs = sorted(faiss_by_ef)
    for ef, (hr, hq) in zip(EFS, hnsw_curve):
        fr, fq = faiss_by_ef.get(ef, (float("nan"), float("nan")))
        print(f"{ef:4d} {fr:12.4f} {fq:10.0f} {hr:15.4f} {hq:12.0f}")
    batch_curve = [faiss_batch[ef] for ef in sorted(faiss_batch)]
    for target in (0.90, 0.95, 0.99):
        fq, hq = at_recall(faiss_curve, target), at_recall(hnsw_curve, target)
        bq = at_recall(batch_curve, target)
        print(f"recall@10 {target:.2f}: hnswlib {hq:,.0f} QPS (one batched call); faiss one query "
              f"per call {fq:,.0f} ({fq / hq:.2f}x), one batched call {bq:,.0f} ({bq / hq:.2f}x)")
    fb, hb = min(faiss_build), min(builds)
    print(f"build (one thread, best): faiss {fb:.3f} s, hnswlib {hb:.3f} s, faiss/hnswlib {fb / hb:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
