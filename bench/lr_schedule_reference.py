#!/usr/bin/python3
"""Reference learning rates from PyTorch's torch.optim.lr_scheduler for the lr-schedule lab.

The lab implements StepLR, CosineAnnealingLR, LinearLR warm-up followed by CosineAnnealingLR
(SequentialLR), OneCycleLR (with its momentum cycle) and ReduceLROnPlateau as pure functions in
engine/lrschedule.cpp. This script steps the real schedulers once per epoch on an SGD optimizer
and records the learning rate (and momentum) each epoch trains with, i.e. the optimizer's value
before the epoch's scheduler.step(). tests/engine/tst_lrschedule.cpp compares within 1e-12.

    /usr/bin/python3 bench/lr_schedule_reference.py > tests/engine/data/lr_schedule_reference.json
"""

import json
import math

import torch
from torch.optim import SGD
from torch.optim import lr_scheduler as S


def optimizer(lr, momentum=0.9):
    return SGD([torch.nn.Parameter(torch.zeros(1))], lr=lr, momentum=momentum)


def record(opt, scheduler, epochs, metrics=None):
    lrs, momenta = [], []
    for epoch in range(epochs):
        lrs.append(opt.param_groups[0]["lr"])
        momenta.append(opt.param_groups[0]["momentum"])
        opt.step()
        if metrics is None:
            scheduler.step()
        else:
            scheduler.step(metrics[epoch])
    return lrs, momenta


def step_cases():
    out = []
    for base, step_size, gamma, epochs in [(0.1, 3, 0.5, 12), (0.05, 10, 0.1, 30), (1.0, 1, 0.9, 15)]:
        opt = optimizer(base)
        lrs, _ = record(opt, S.StepLR(opt, step_size=step_size, gamma=gamma), epochs)
        out.append({"base_lr": base, "step_size": step_size, "gamma": gamma, "epochs": epochs,
                    "lr": lrs})
    return out


def cosine_cases():
    out = []
    for base, t_max, eta_min, epochs in [(0.1, 10, 0.0, 25), (0.3, 7, 0.01, 20), (0.02, 30, 0.0, 30)]:
        opt = optimizer(base)
        lrs, _ = record(opt, S.CosineAnnealingLR(opt, T_max=t_max, eta_min=eta_min), epochs)
        out.append({"base_lr": base, "t_max": t_max, "eta_min": eta_min, "epochs": epochs,
                    "lr": lrs})
    return out


def warmup_cosine_cases():
    out = []
    for base, warmup, start_factor, epochs in [(0.1, 3, 0.1, 20), (0.5, 5, 0.1, 30), (0.05, 1, 0.1, 8)]:
        opt = optimizer(base)
        warm = S.LinearLR(opt, start_factor=start_factor, end_factor=1.0, total_iters=warmup)
        cosine = S.CosineAnnealingLR(opt, T_max=epochs - warmup)
        scheduler = S.SequentialLR(opt, [warm, cosine], milestones=[warmup])
        lrs, _ = record(opt, scheduler, epochs)
        out.append({"base_lr": base, "warmup": warmup, "start_factor": start_factor,
                    "epochs": epochs, "lr": lrs})
    return out


def one_cycle_cases():
    out = []
    for max_lr, total in [(0.1, 20), (1.0, 7), (0.3, 100), (0.01, 3)]:
        opt = optimizer(max_lr)
        scheduler = S.OneCycleLR(opt, max_lr=max_lr, total_steps=total)
        lrs, momenta = record(opt, scheduler, total)
        out.append({"max_lr": max_lr, "total_steps": total, "pct_start": 0.3,
                    "div_factor": 25.0, "final_div_factor": 1e4, "lr": lrs, "momentum": momenta})
    return out


def plateau_cases():
    # Validation losses that improve, stall, creep by less than the relative threshold and fall.
    falling = [1.0, 0.8, 0.7, 0.7, 0.69995, 0.7, 0.71, 0.6, 0.6, 0.6, 0.6, 0.6, 0.59999, 0.5,
               0.5, 0.5, 0.5, 0.5, 0.5, 0.5]
    noisy = [0.5 + 0.3 * math.exp(-k / 6) + 0.02 * math.sin(2.3 * k) for k in range(40)]
    out = []
    for base, factor, patience, threshold, metrics in [(0.1, 0.5, 2, 1e-4, falling),
                                                       (0.1, 0.1, 0, 1e-4, falling),
                                                       (0.3, 0.5, 3, 1e-2, noisy),
                                                       (1e-7, 0.5, 0, 1e-4, falling)]:
        opt = optimizer(base)
        scheduler = S.ReduceLROnPlateau(opt, mode="min", factor=factor, patience=patience,
                                        threshold=threshold, threshold_mode="rel")
        lrs, _ = record(opt, scheduler, len(metrics), metrics)
        lrs.append(opt.param_groups[0]["lr"])  # after the last epoch's step
        out.append({"base_lr": base, "factor": factor, "patience": patience,
                    "threshold": threshold, "metrics": metrics, "lr": lrs})
    return out


def main():
    reference = {
        "torch": torch.__version__,
        "note": "lr (and momentum) each epoch trains with; one scheduler.step() per epoch",
        "step": step_cases(),
        "cosine": cosine_cases(),
        "warmup_cosine": warmup_cosine_cases(),
        "one_cycle": one_cycle_cases(),
        "plateau": plateau_cases(),
    }
    print(json.dumps(reference, indent=1))


if __name__ == "__main__":
    main()
