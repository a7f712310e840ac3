#!/usr/bin/python3
"""The gradient-flow lab beside PyTorch-Python: the same MLP (Linear -> norm -> activation, the
lab's initialisations, residual from the second layer) on Breast Cancer Wisconsin, standardised,
minibatches of 64. Prints, for the lab's signature settings, the first hidden layer's gradient
norm over the last hidden layer's at step 1 in both (different random draws, so orders of
magnitude should agree, not digits), and the time of 200 SGD steps with the lab's per-step records
against plain training in PyTorch, one intra-op thread each. Times are CPU seconds (this machine
is shared; wall time there depends on the other builds): the Python loop's process time, and the
whole mllab-cli process, whose start (loading libtorch, the dataset) is measured alone with 1 step.

    /usr/bin/python3 bench/gradient_flow_vs_torch.py --cli build/engine/cli/mllab-cli
"""
import argparse
import csv
import json
import math
import os
import resource
import subprocess
import time

import torch

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def load():
    with open(os.path.join(ROOT, "resources", "datasets", "breast_cancer.csv")) as f:
        rows = list(csv.DictReader(f))
    features = [k for k in rows[0] if k != "diagnosis"]
    x = torch.tensor([[float(r[k]) for k in features] for r in rows])
    classes = sorted({r["diagnosis"] for r in rows})
    y = torch.tensor([classes.index(r["diagnosis"]) for r in rows])
    x = (x - x.mean(0)) / x.std(0, unbiased=False)
    return x, y


class Net(torch.nn.Module):
    def __init__(self, inputs, depth, width, activation, norm, residual):
        super().__init__()
        self.hidden = torch.nn.ModuleList(
            [torch.nn.Linear(inputs if l == 0 else width, width) for l in range(depth)])
        self.norms = torch.nn.ModuleList(
            [torch.nn.BatchNorm1d(width) if norm == "batchnorm" else
             torch.nn.LayerNorm(width) if norm == "layernorm" else torch.nn.Identity()
             for _ in range(depth)])
        self.out = torch.nn.Linear(width, 2)
        self.act = {"sigmoid": torch.sigmoid, "tanh": torch.tanh, "relu": torch.relu,
                    "leaky-relu": lambda z: torch.nn.functional.leaky_relu(z, 0.01),
                    "gelu": torch.nn.functional.gelu}[activation]
        self.residual = residual

    def forward(self, x):
        for l, (fc, norm) in enumerate(zip(self.hidden, self.norms)):
            a = self.act(norm(fc(x)))
            x = x + a if self.residual and l > 0 else a
        return self.out(x)


def initialise(net, scheme):
    with torch.no_grad():
        for m in list(net.hidden) + [net.out]:
            m.bias.zero_()
            fan_out, fan_in = m.weight.shape
            std = {"zero": 0.0, "small": 0.01, "xavier": math.sqrt(2 / (fan_in + fan_out)),
                   "he": math.sqrt(2 / fan_in), "large": 1.0}[scheme]
            m.weight.normal_(0, std) if std > 0 else m.weight.zero_()


def torch_ratio(x, y, depth, activation, init, norm="none", residual=False, seed=0):
    torch.manual_seed(seed)
    net = Net(x.shape[1], depth, 32, activation, norm, residual)
    initialise(net, init)
    rows = torch.randperm(len(x))[:64]
    torch.nn.functional.cross_entropy(net(x[rows]), y[rows]).backward()
    return (net.hidden[0].weight.grad.norm() / net.hidden[-1].weight.grad.norm()).item()


def torch_time(x, y, depth, width, steps=200):
    torch.manual_seed(0)
    net = Net(x.shape[1], depth, width, "tanh", "none", False)
    initialise(net, "xavier")
    opt = torch.optim.SGD(net.parameters(), lr=0.05)
    start = time.process_time()
    for _ in range(steps):
        rows = torch.randint(0, len(x), (64,))
        opt.zero_grad()
        torch.nn.functional.cross_entropy(net(x[rows]), y[rows]).backward()
        opt.step()
    return time.process_time() - start


def lab(cli, **settings):
    args = [cli, "lab", "gradient-flow"]
    for k, v in settings.items():
        args += ["--set", f"{k}={str(v).lower()}"]
    env = dict(os.environ, OMP_NUM_THREADS="1")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    out = subprocess.run(args, check=True, capture_output=True, text=True, env=env).stdout
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return json.loads(out)["result"], cpu


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--cli", default=os.path.join(ROOT, "build", "engine", "cli", "mllab-cli"))
    args = parser.parse_args()
    torch.set_num_threads(1)
    x, y = load()
    cases = [("sigmoid, 20 layers, too small", dict(activation="sigmoid", depth=20, init="small")),
             ("ReLU + He, 20 layers", dict(activation="relu", depth=20, init="he")),
             ("sigmoid + Xavier, 30 layers", dict(activation="sigmoid", depth=30, init="xavier")),
             ("  + BatchNorm", dict(activation="sigmoid", depth=30, init="xavier",
                                    norm="batchnorm")),
             ("  + residual", dict(activation="sigmoid", depth=30, init="xavier",
                                   residual=True))]
    print("| setting | PyTorch first/last at step 1 | mllab first/last at step 1 |")
    print("|---|---:|---:|")
    for name, s in cases:
        ours, _ = lab(args.cli, steps=10, **s)
        theirs = torch_ratio(x, y, s["depth"], s["activation"], s["init"], s.get("norm", "none"),
                             s.get("residual", False))
        mine = ours["grad_ratio_first_to_last_start"]
        print(f"| {name} | {theirs:.3g} | {mine if mine is None else format(mine, '.3g')} |")
    print()
    print("| 200 SGD steps, batch 64, tanh | PyTorch-Python, training only | mllab-cli process, "
          "with the records | of which the process start |")
    print("|---|---:|---:|---:|")
    for depth, width in [(10, 32), (50, 64)]:
        theirs = torch_time(x, y, depth, width)
        _, mine = lab(args.cli, depth=depth, width=width)
        _, start = lab(args.cli, depth=depth, width=width, steps=10)
        print(f"| depth {depth}, width {width} | {theirs:.2f} s | {mine:.2f} s | "
              f"{start:.2f} s (10 steps) |")


if __name__ == "__main__":
    main()
