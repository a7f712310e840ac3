#!/usr/bin/python3
"""PyTorch-Python's cost of the optimizer race: 1,000 Adam steps on the Rosenbrock surface with a
two-element float64 tensor, as torch.optim does them (autograd for the gradient), against
mllab's bench_optimize (hand-written, same semantics). Prints milliseconds per 1,000 steps.

    /usr/bin/python3 bench/optimize_vs_torch.py
"""
import time

import torch

torch.set_num_threads(1)
torch.set_default_dtype(torch.float64)


def adam_1000():
    p = torch.tensor([-1.5, 1.5], requires_grad=True)
    adam = torch.optim.Adam([p], lr=0.01)
    for _ in range(1000):
        adam.zero_grad()
        ((1 - p[0]) ** 2 + 100 * (p[1] - p[0] ** 2) ** 2).backward()
        adam.step()
    return p


def best_of(runs, fn):
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


print(f"torch {torch.__version__}: 1,000 Adam steps {best_of(5, adam_1000) * 1e3:.1f} ms "
      f"(six racers: about {6 * best_of(3, adam_1000) * 1e3:.0f} ms)")
