#!/usr/bin/python3
"""Sampling over 50,257 logits, PyTorch against mllab, in one run on one machine.

Runs bench_sampling (Google Benchmark) and the same work written the usual PyTorch way, then
prints the medians and their ratios:
  - one top-p draw: softmax(logits / T), full descending sort, cumulative sum, mask, multinomial;
  - the full stage pipeline of the sampling lab: softmax, temperature, top-k, top-p and min-p
    distributions, the kept set, the entropy and one draw.
Both sides use the same logits (see bench/bench_sampling.cpp) as float32, T 0.8, top-p 0.9, and for
the pipeline top-k 50 and min-p 0.05.

usage: /usr/bin/python3 bench/bench_sampling.py [BENCH_BINARY] [--threads N]
       (BENCH_BINARY defaults to build-bench/bench/bench_sampling; N, PyTorch's intra-op threads,
        defaults to 1 because the engine samples on one thread)
"""

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import torch

VOCAB = 50257
TEMPERATURE = 0.8
TOP_P = 0.9
TOP_K = 50
MIN_P = 0.05


def bench_logits(scale):
    i = np.arange(VOCAB, dtype=np.float64)
    u = np.fmod((i + 1) * 0.6180339887498949, 1.0)
    return torch.from_numpy((scale * np.log(u / (1 - u))).astype(np.float32))


def top_p_draw(logits, generator):
    probs = torch.softmax(logits / TEMPERATURE, dim=-1)
    sorted_probs, order = torch.sort(probs, descending=True)
    cumulative = torch.cumsum(sorted_probs, dim=-1)
    sorted_probs[(cumulative - sorted_probs) >= TOP_P] = 0  # keep the prefix that reaches p
    return order[torch.multinomial(sorted_probs, 1, generator=generator)]


def renormalised(p):
    return p / p.sum()


def full_pipeline(logits, generator):
    softmax = torch.softmax(logits, dim=-1)
    temperature = torch.softmax(logits / TEMPERATURE, dim=-1)
    values, ids = torch.topk(temperature, TOP_K)
    top_k = renormalised(torch.zeros_like(temperature).scatter_(0, ids, values))
    sorted_probs, order = torch.sort(top_k, descending=True)
    cumulative = torch.cumsum(sorted_probs, dim=-1)
    sorted_probs[(cumulative - sorted_probs) >= TOP_P] = 0
    top_p = renormalised(torch.zeros_like(temperature).scatter_(0, order, sorted_probs))
    min_p = renormalised(torch.where(top_p >= MIN_P * top_p.max(), top_p, torch.zeros_like(top_p)))
    kept = torch.nonzero(min_p).squeeze(1)
    nonzero = min_p[kept]
    entropy = -(nonzero * torch.log2(nonzero)).sum().item()
    draw = torch.multinomial(min_p, 1, generator=generator).item()
    return softmax, temperature, top_k, top_p, min_p, kept, entropy, draw


def medians_ms(fn, logits, repeats):
    """Median wall time and median CPU time of this thread per call, in ms."""
    generator = torch.Generator().manual_seed(0)
    for _ in range(10):
        fn(logits, generator)
    wall, cpu = [], []
    for _ in range(repeats):
        start_wall, start_cpu = time.perf_counter(), time.thread_time()
        fn(logits, generator)
        wall.append(time.perf_counter() - start_wall)
        cpu.append(time.thread_time() - start_cpu)
    return statistics.median(wall) * 1e3, statistics.median(cpu) * 1e3


def engine_medians(binary):
    """Median wall (real) and CPU time per benchmark, in ms."""
    out = subprocess.run(
        [binary, "--benchmark_format=json", "--benchmark_repetitions=15",
         "--benchmark_report_aggregates_only=true"],
        check=True, capture_output=True, text=True).stdout
    medians = {}
    for b in json.loads(out)["benchmarks"]:
        if b.get("aggregate_name") == "median":
            scale = {"ns": 1e-6, "us": 1e-3, "ms": 1.0}[b["time_unit"]]
            medians[b["run_name"]] = (b["real_time"] * scale, b["cpu_time"] * scale)
    return medians


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("binary", nargs="?", default="build-bench/bench/bench_sampling")
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args()
    if not Path(args.binary).exists():
        sys.exit(f"{args.binary} not found; build with -DMLLAB_BUILD_BENCH=ON (docs/performance.md)")
    torch.set_num_threads(args.threads)

    engine = engine_medians(args.binary)
    rows = [
        ("one top-p draw, LM-like logits", top_p_draw, 1.0, "BM_TopPDraw/lm_like", 300),
        ("one top-p draw, flat logits", top_p_draw, 0.5, "BM_TopPDraw/flat", 300),
        ("full stage pipeline, LM-like logits", full_pipeline, 1.0, "BM_FullPipeline/lm_like", 150),
        ("full stage pipeline, flat logits", full_pipeline, 0.5, "BM_FullPipeline/flat", 150),
    ]
    print(f"PyTorch {torch.__version__}, {torch.get_num_threads()} thread(s); medians in ms, "
          "wall clock then CPU time")
    print(f"{'what':38s} {'PyTorch':>8s} {'mllab':>8s} {'ratio':>7s}   "
          f"{'PyTorch':>8s} {'mllab':>8s} {'ratio':>7s}")
    for label, fn, scale, name, repeats in rows:
        peer_wall, peer_cpu = medians_ms(fn, bench_logits(scale), repeats)
        ours_wall, ours_cpu = engine[name]
        print(f"{label:38s} {peer_wall:8.3f} {ours_wall:8.3f} {peer_wall / ours_wall:6.1f}x   "
              f"{peer_cpu:8.3f} {ours_cpu:8.3f} {peer_cpu / ours_cpu:6.1f}x")
    for name in ("BM_TemperatureDraw/lm_like", "BM_AllFiltersDraw/lm_like", "BM_StdExpLoop/lm_like"):
        wall, cpu = engine[name]
        print(f"{'mllab ' + name:38s} {'':8s} {wall:8.3f} {'':7s}   {'':8s} {cpu:8.3f}")

if __name__ == "__main__":
    main()
