#!/usr/bin/python3
"""The activations lab against PyTorch 1.13: every function and its derivative.

Runs `mllab-cli lab activations` with all eight functions on [-5, 5] (and again with another
leaky slope and ELU alpha) and compares f and f' at the whole numbers with torch.nn.functional
and autograd in float64: relu, leaky_relu, elu, gelu (exact, erf), silu, sigmoid, tanh,
softplus (beta = 1). Prints the largest absolute difference per function and exits 1 if one
exceeds 1e-12. The saturated share is recomputed from autograd's f' on the lab's grid.

Usage: /usr/bin/python3 bench/activations_vs_torch.py [--build build]
"""

import argparse
import json
import subprocess
import sys

import torch
import torch.nn.functional as F

FUNCTIONS = ["relu", "leaky-relu", "elu", "gelu", "silu", "sigmoid", "tanh", "softplus"]


def torch_function(name, slope, alpha):
    return {
        "relu": F.relu,
        "leaky-relu": lambda x: F.leaky_relu(x, slope),
        "elu": lambda x: F.elu(x, alpha),
        "gelu": F.gelu,
        "silu": F.silu,
        "sigmoid": torch.sigmoid,
        "tanh": torch.tanh,
        "softplus": F.softplus,
    }[name]


def value_and_grad(fn, xs):
    x = torch.tensor(xs, dtype=torch.float64, requires_grad=True)
    y = fn(x)
    y.sum().backward()
    return y.detach().tolist(), x.grad.tolist()


def run_lab(build, slope, alpha):
    out = subprocess.run(
        [f"{build}/engine/cli/mllab-cli", "lab", "activations",
         "--set", "functions=" + ",".join(FUNCTIONS),
         "--set", f"leaky_slope={slope}", "--set", f"elu_alpha={alpha}"],
        check=True, capture_output=True, text=True).stdout
    return json.loads(out)


def compare(result, slope, alpha):
    worst = 0.0
    grid = [-5 + 10 * i / 400 for i in range(401)]
    threshold = result["result"]["saturation"]
    for entry in result["result"]["functions"]:
        fn = torch_function(entry["id"], slope, alpha)
        xs = [p["x"] for p in entry["at_whole_numbers"]]
        f, df = value_and_grad(fn, xs)
        diff = max(max(abs(a - p["f"]), abs(b - p["df"]))
                   for a, b, p in zip(f, df, entry["at_whole_numbers"]))
        _, grid_df = value_and_grad(fn, grid)
        share = sum(abs(d) < threshold for d in grid_df) / len(grid)
        print(f"{entry['id']:<11} slope={slope:<5} alpha={alpha:<4} max |diff| {diff:.2e}   "
              f"saturated {entry['saturated_fraction']:.4f} (torch grid {share:.4f})")
        worst = max(worst, diff, abs(share - entry["saturated_fraction"]))
    return worst


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--build", default="build")
    args = parser.parse_args()
    print(f"torch {torch.__version__}")
    worst = 0.0
    for slope, alpha in [(0.01, 1.0), (0.2, 2.5)]:
        worst = max(worst, compare(run_lab(args.build, slope, alpha), slope, alpha))
    print(f"largest difference: {worst:.2e}")
    sys.exit(0 if worst <= 1e-12 else 1)


if __name__ == "__main__":
    main()
