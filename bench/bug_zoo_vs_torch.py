#!/usr/bin/python3
"""The bug-zoo lab's experiment written the usual PyTorch way, beside `mllab-cli lab bug-zoo`.

Same recipe as engine/labs/bug_zoo.cpp: wine, 30% of each class held out, StandardScaler on the
training rows, Linear(13, 32) -> BatchNorm1d -> ReLU -> Dropout(0.3) -> Linear(32, 32) -> ReLU ->
Dropout(0.3) -> Linear(32, 3), SGD(lr 0.01, momentum 0.9), CrossEntropyLoss, batches of 16,
60 epochs, a last single-row batch dropped. The split and the random draws are this script's
own (numpy / torch generators), so the curves differ in detail; what must agree is each bug's
signature and its order of magnitude. Prints both sides and the time of one healthy + buggy
pair on each.

    /usr/bin/python3 bench/bug_zoo_vs_torch.py [--cli build/engine/cli/mllab-cli]
"""

import argparse
import csv
import json
import math
import pathlib
import subprocess
import time

import numpy as np
import torch
from torch import nn

ROOT = pathlib.Path(__file__).resolve().parent.parent
BUGS = ["none", "no_zero_grad", "lr_high", "lr_low", "shuffled_labels", "softmax_before_ce",
        "eval_forgotten", "unshuffled", "frozen_layer", "imbalance", "label_noise"]


def load_wine():
    with open(ROOT / "resources/datasets/wine.csv") as f:
        rows = list(csv.DictReader(f))
    names = sorted({r["cultivar"] for r in rows})
    x = np.array([[float(v) for k, v in r.items() if k != "cultivar"] for r in rows])
    y = np.array([names.index(r["cultivar"]) for r in rows])
    return x, y


def split(x, y, seed):
    rng = np.random.default_rng(seed)
    train, val = [], []
    for c in np.unique(y):
        rows = rng.permutation(np.flatnonzero(y == c))
        n_val = round(len(rows) * 0.3)
        val += list(rows[:n_val])
        train += list(rows[n_val:])
    train, val = rng.permutation(train), rng.permutation(val)
    mean, std = x[train].mean(0), x[train].std(0)
    f = lambda i: torch.tensor((x[i] - mean) / std, dtype=torch.float32)
    return f(train), torch.tensor(y[train]), f(val), torch.tensor(y[val])


def run(bug, xt, yt, xv, yv, seed=0, epochs=60, batch=16, lr=0.01):
    torch.manual_seed(seed)
    g = torch.Generator().manual_seed(seed + 7)
    n_classes = 3
    if bug == "shuffled_labels":
        yt = yt[torch.randperm(len(yt), generator=g)]
    elif bug == "label_noise":
        yt = yt.clone()
        rows = torch.randperm(len(yt), generator=g)[: round(0.3 * len(yt))]
        yt[rows] = (yt[rows] + torch.randint(1, n_classes, (len(rows),), generator=g)) % n_classes
    elif bug == "unshuffled":
        order = torch.argsort(yt, stable=True)
        xt, yt = xt[order], yt[order]
    elif bug == "imbalance":
        minority = 2
        rows = torch.nonzero(yt == minority).flatten()
        keep = max(1, round(0.05 * len(rows)))
        mask = torch.ones(len(yt), dtype=torch.bool)
        mask[rows[keep:]] = False
        xt, yt = xt[mask], yt[mask]
    net = nn.Sequential(nn.Linear(xt.shape[1], 32), nn.BatchNorm1d(32), nn.ReLU(), nn.Dropout(0.3),
                        nn.Linear(32, 32), nn.ReLU(), nn.Dropout(0.3), nn.Linear(32, n_classes))
    if bug == "frozen_layer":
        for p in net[0].parameters():
            p.requires_grad_(False)
    rate = lr * 10 if bug == "lr_high" else lr / 10 if bug == "lr_low" else lr
    opt = torch.optim.SGD(net.parameters(), lr=rate, momentum=0.9)
    ce = nn.CrossEntropyLoss()
    crit = (lambda z, y: ce(torch.softmax(z, 1), y)) if bug == "softmax_before_ce" else ce
    losses, val_losses, val_accs, steps = [], [], [], []
    for epoch in range(epochs):
        net.train()
        order = torch.arange(len(yt)) if bug == "unshuffled" else torch.randperm(len(yt))
        total, seen, step_sum, n_steps = 0.0, 0, 0.0, 0
        for start in range(0, len(yt), batch):
            rows = order[start:start + batch]
            if len(rows) < 2:
                break
            if bug != "no_zero_grad":
                opt.zero_grad()
            loss = crit(net(xt[rows]), yt[rows])
            if not math.isfinite(loss.item()):
                return dict(losses=losses, val_losses=val_losses, val_accs=val_accs, steps=steps,
                            diverged=epoch + 1)
            loss.backward()
            before = torch.cat([p.detach().flatten() for p in net.parameters()])
            opt.step()
            after = torch.cat([p.detach().flatten() for p in net.parameters()])
            step_sum += (after - before).norm().item()
            n_steps += 1
            total += loss.item() * len(rows)
            seen += len(rows)
        losses.append(total / seen)
        steps.append(step_sum / max(1, n_steps))
        with torch.no_grad():
            net.train(bug == "eval_forgotten")
            z = net(xv)
            val_losses.append(crit(z, yv).item())
            val_accs.append((z.argmax(1) == yv).float().mean().item())
    return dict(losses=losses, val_losses=val_losses, val_accs=val_accs, steps=steps, diverged=-1)


def summary(losses, val_losses, val_accs, steps, diverged):
    finite = [v for v in val_losses if math.isfinite(v)]
    return dict(early=float(np.mean(losses[:3])) if losses else float("nan"),
                final=losses[-1] if diverged < 0 else float("nan"),
                min_val=min(finite) if finite else float("nan"),
                val_acc=val_accs[-1] if diverged < 0 else float("nan"),
                early_step=float(np.mean(steps[:3])) if steps else float("nan"),
                late_step=float(np.mean(steps[-3:])) if steps else float("nan"),
                diverged=diverged)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cli", default=str(ROOT / "build/engine/cli/mllab-cli"))
    args = ap.parse_args()
    torch.set_num_threads(1)
    x, y = load_wine()
    data = split(x, y, 0)
    print(f"ln 3 = {math.log(3):.4f}, softmax floor ln(1 + 2/e) = {math.log(1 + 2 / math.e):.4f}")
    # The floor by PyTorch itself: CrossEntropyLoss of an already one-hot softmax output.
    onehot = torch.tensor([[1.0, 0.0, 0.0]])
    print(f"CrossEntropyLoss(one-hot probabilities) = {nn.CrossEntropyLoss()(onehot, torch.tensor([0])).item():.4f}")
    header = f"{'bug':18} {'side':7} {'early':>7} {'final':>7} {'min val':>7} {'val acc':>7} " \
             f"{'step 1-3':>9} {'step last':>9} {'NaN at':>6}"
    print(header)
    py_time = cli_time = 0.0
    for bug in BUGS:
        t = time.perf_counter()
        healthy = run("none", *data)
        buggy = run(bug, *data) if bug != "none" else healthy
        py_time += time.perf_counter() - t
        t = time.perf_counter()
        out = subprocess.run([args.cli, "lab", "bug-zoo", "--set", f"bug={bug}"],
                             capture_output=True, text=True, check=True)
        cli_time += time.perf_counter() - t
        res = json.loads(out.stdout)["result"]["buggy"]
        mine = dict(losses=[v if v is not None else math.nan for v in res["train_loss"][1:]],
                    val_losses=[v if v is not None else math.nan for v in res["validation_loss"][1:]],
                    val_accs=[v if v is not None else math.nan for v in res["validation_accuracy"][1:]],
                    steps=[v if v is not None else math.nan for v in res["step_norm"][1:]],
                    diverged=res["diverged_epoch"])
        if mine["diverged"] > 0:
            for k in ("losses", "val_losses", "val_accs", "steps"):
                mine[k] = mine[k][: mine["diverged"] - 1]
        for side, r in (("torch", buggy), ("mllab", mine)):
            s = summary(**r)
            print(f"{bug:18} {side:7} {s['early']:7.3f} {s['final']:7.3f} {s['min_val']:7.3f} "
                  f"{s['val_acc']:7.3f} {s['early_step']:9.3g} {s['late_step']:9.3g} {s['diverged']:6d}")
    # What a process costs before any training: loading libtorch, the data, one tiny run.
    t = time.perf_counter()
    for _ in range(3):
        subprocess.run([args.cli, "lab", "bug-zoo", "--set", "bug=none", "--set", "epochs=4"],
                       capture_output=True, check=True)
    startup = (time.perf_counter() - t) / 3
    print(f"{len(BUGS)} healthy + buggy pairs: PyTorch-Python {py_time:.2f} s (1 thread); "
          f"mllab-cli {cli_time:.2f} s in {len(BUGS)} processes, {startup:.2f} s of each "
          f"spent starting (a 4-epoch run): about {cli_time - len(BUGS) * startup:.2f} s training")


if __name__ == "__main__":
    main()
