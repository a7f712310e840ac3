#!/usr/bin/python3
"""The convolution lab against PyTorch 1.13: outputs, output sizes and parameter counts.

Runs `mllab-cli lab convolution` (CNN off) over both inputs, every kernel preset, both kernel
sizes and a spread of stride/padding/dilation/groups settings, reads the same input here (the
PGM test image or the digits CSV), and compares:
- the output with torch.nn.functional.conv2d in float32 on the kernel the lab reports;
- the output size with the shape PyTorch gives (and an empty output with PyTorch's refusal);
- the layer's parameter count with torch.nn.Conv2d(C_in, C_out, k, groups=g), and the 1x1
  bottleneck's and direct 3x3's counts with their nn.Conv2d modules.
Prints one line per setting and the largest output difference; exits 1 if any output differs
by more than 1e-5 or any size or count differs.

Usage: /usr/bin/python3 bench/convolution_vs_torch.py [--build build]
"""

import argparse
import csv
import json
import os
import subprocess
import sys

import torch
import torch.nn.functional as F

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
PRESETS = ["identity", "box", "gaussian", "sharpen", "sobel_x", "sobel_y", "laplacian", "edge"]


def read_pgm(path):
    with open(path) as f:
        tokens = [t for line in f if not line.startswith("#") for t in line.split()]
    assert tokens[0] == "P2"
    w, h, top = int(tokens[1]), int(tokens[2]), int(tokens[3])
    values = [int(v) / top for v in tokens[4:4 + w * h]]
    return torch.tensor(values, dtype=torch.float32).reshape(1, 1, h, w)


def first_digit(digit):
    with open(os.path.join(ROOT, "resources", "datasets", "digits.csv")) as f:
        for row in csv.DictReader(f):
            if int(row["digit"]) == digit:
                values = [int(row[f"pixel_{i}"]) / 16 for i in range(64)]
                return torch.tensor(values, dtype=torch.float32).reshape(1, 1, 8, 8)
    raise ValueError(digit)


def params(module):
    return sum(p.numel() for p in module.parameters())


def run_lab(build, settings):
    args = [f"{build}/engine/cli/mllab-cli", "lab", "convolution", "--set", "train_cnn=false"]
    for key, value in settings.items():
        args += ["--set", f"{key}={value}"]
    done = subprocess.run(args, capture_output=True, text=True)
    if done.returncode == 1:
        return None, done.stderr.strip()
    done.check_returncode()
    return json.loads(done.stdout)["result"], ""


def cases():
    spread = [(1, 1, 1, 1), (2, 0, 1, 2), (3, 2, 2, 4), (1, 4, 4, 1), (4, 0, 3, 2)]
    i = 0
    for source in ["image", "digit"]:
        for kernel in PRESETS:
            for size in [3, 5]:
                s, p, d, g = spread[i % len(spread)]
                i += 1
                yield {"input": source, "digit": i % 10, "kernel": kernel, "kernel_size": size,
                       "stride": s, "padding": p, "dilation": d, "groups": g,
                       "in_channels": 4, "out_channels": 8}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--build", default="build")
    build = parser.parse_args().build
    image = read_pgm(os.path.join(ROOT, "resources", "datasets", "test_image.pgm"))
    worst, failures = 0.0, 0
    for case in cases():
        x = image if case["input"] == "image" else first_digit(case["digit"])
        k, s, p, d = case["kernel_size"], case["stride"], case["padding"], case["dilation"]
        result, refusal = run_lab(build, case)
        label = (f"{case['input']:5} {case['kernel']:9} {k}x{k} s={s} p={p} d={d} "
                 f"g={case['groups']}")
        try:
            torch_size = F.conv2d(x, torch.zeros(1, 1, k, k), stride=s, padding=p,
                                  dilation=d).shape[-1]
        except RuntimeError:
            torch_size = 0
        if result is None:
            ok = torch_size == 0 and "empty" in refusal
            failures += not ok
            print(f"{label}: refused ({refusal[:60]}...), PyTorch "
                  f"{'refuses too' if torch_size == 0 else 'gives ' + str(torch_size)}")
            continue
        weights = torch.tensor(result["kernel"]["weights"], dtype=torch.float32)
        ours = torch.tensor(result["output"]["values"], dtype=torch.float32)
        theirs = F.conv2d(x, weights.reshape(1, 1, k, k), stride=s, padding=p,
                          dilation=d).flatten()
        difference = (ours - theirs).abs().max().item()
        worst = max(worst, difference)
        conv = torch.nn.Conv2d(4, 8, k, stride=s, padding=p, dilation=d, groups=case["groups"])
        counts = result["layer_counts"]
        b = result["bottleneck"]
        direct = params(torch.nn.Conv2d(b["in"], b["out"], 3, padding=1))
        block = params(torch.nn.Conv2d(b["in"], b["mid"], 1)) + params(
            torch.nn.Conv2d(b["mid"], b["out"], 3, padding=1))
        ok = (difference <= 1e-5 and result["output_size"]["height"] == torch_size
              and counts["conv"]["params"] == params(conv)
              and b["direct_3x3"]["params"] == direct and b["bottleneck_params"] == block)
        failures += not ok
        print(f"{label}: size {result['output_size']['height']} (PyTorch {torch_size}), max |diff| {difference:.2e}, "
              f"params {counts['conv']['params']} (PyTorch {params(conv)})"
              f"{'' if ok else '  <-- MISMATCH'}")
    print(f"largest output difference {worst:.2e}; {failures} mismatches")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
