#!/usr/bin/python3
"""Writes tests/engine/data/optimize_reference.json: trajectories of torch.optim optimizers on the
2-D surfaces of engine/optimize.h, in float64, from PyTorch itself. tst_optimize holds mllab's
hand-written updates to these within 1e-9 relative. Run with Debian's python3-torch:

    /usr/bin/python3 bench/optimize_reference.py

The cases stay out of chaotic regimes (adaptive steps bouncing across Rosenbrock's valley, a
coordinate crossing zero near eps): there a difference in the last bit between two correct
implementations grows past 1e-9 within a few hundred steps, which says nothing about the rules.
"""
import json
import math
import os

import torch

torch.set_default_dtype(torch.float64)

SURFACES = {
    "quadratic": lambda p, k: (p[0] ** 2 + k * p[1] ** 2) / 2,
    "rosenbrock": lambda p, k: (1 - p[0]) ** 2 + 100 * (p[1] - p[0] ** 2) ** 2,
    "saddle": lambda p, k: (p[0] ** 2 - p[1] ** 2) / 2,
    "bumpy": lambda p, k: (p[0] ** 2 + p[1] ** 2) / 10 + torch.sin(3 * p[0]) * torch.sin(3 * p[1]) / 2,
}

CASES = [
    ("quadratic", 10, "sgd", dict(lr=0.1), (-1.5, 1.0)),
    ("quadratic", 50, "sgd", dict(lr=0.03, momentum=0.9), (-1.5, 1.0)),
    ("quadratic", 50, "sgd", dict(lr=0.03, momentum=0.9, nesterov=True), (-1.5, 1.0)),
    ("quadratic", 10, "sgd", dict(lr=0.05, momentum=0.5, dampening=0.3, weight_decay=0.1), (2.0, -1.0)),
    ("rosenbrock", 10, "sgd", dict(lr=0.0005, momentum=0.9), (-1.5, 2.0)),
    ("rosenbrock", 10, "rmsprop", dict(lr=0.003), (-1.5, 2.0)),
    ("quadratic", 20, "rmsprop", dict(lr=0.0005, momentum=0.5, weight_decay=0.01, alpha=0.9), (-1.5, 2.0)),
    ("rosenbrock", 10, "adam", dict(lr=0.02), (-1.5, 2.0)),
    ("rosenbrock", 10, "adam", dict(lr=0.004, betas=(0.8, 0.99), eps=1e-6, weight_decay=0.05), (-1.5, 2.0)),
    ("rosenbrock", 10, "adamw", dict(lr=0.02), (-1.5, 2.0)),
    ("saddle", 10, "adam", dict(lr=0.01), (1.0, 1e-3)),
    ("bumpy", 10, "adamw", dict(lr=0.05, weight_decay=0.1), (2.5, 2.0)),
    ("bumpy", 10, "sgd", dict(lr=0.02, momentum=0.9), (2.5, 2.0)),
]

STEPS = 1000
KEEP_EVERY = 50


def run(surface, condition, name, options, start):
    p = torch.tensor(start, requires_grad=True)
    optimizer = {"sgd": torch.optim.SGD, "rmsprop": torch.optim.RMSprop,
                 "adam": torch.optim.Adam, "adamw": torch.optim.AdamW}[name]([p], **options)
    kept = [[float(p[0]), float(p[1])]]
    for step in range(1, STEPS + 1):
        optimizer.zero_grad()
        SURFACES[surface](p, condition).backward()
        optimizer.step()
        if step % KEEP_EVERY == 0:
            kept.append([float(p[0]), float(p[1])])
    return kept


def main():
    cases = []
    for surface, condition, name, options, start in CASES:
        settings = dict(options)
        if "betas" in settings:
            settings["beta1"], settings["beta2"] = settings.pop("betas")
        cases.append({"surface": surface, "condition": condition, "optimizer": name,
                      "settings": settings, "start": list(start), "steps": STEPS,
                      "every": KEEP_EVERY, "points": run(surface, condition, name, options, start)})
    out = os.path.join(os.path.dirname(__file__), "..", "tests", "engine", "data",
                       "optimize_reference.json")
    with open(out, "w") as f:
        json.dump({"torch": torch.__version__, "cases": cases}, f, indent=1)
        f.write("\n")
    print("wrote", os.path.normpath(out), len(cases), "cases")


if __name__ == "__main__":
    main()
