#!/usr/bin/env python3
"""Speculative decoding on this CPU: acceptance rate, tokens per target pass and speed-up over
plain decoding for gamma = 1..8, at temperature 0 and 1, over a few prompts, from
`mllab-cli lm speculative` (which times plain decoding right after the speculative run in the
same process). Each setting runs `--repeats` times; the median speed-up is printed.

    python3 bench/speculative_gamma.py [--cli build/engine/cli/mllab-cli] [--repeats 1]
"""
import argparse
import json
import statistics
import subprocess

PROMPTS = ["The attention mechanism", "The learning rate", "Precision is", "Dropout"]


def run(cli, prompt, gamma, temperature, seed):
    out = subprocess.run(
        [cli, "lm", "speculative", "--prompt", prompt, "--gamma", str(gamma),
         "--max-tokens", "48", "--temperature", str(temperature), "--seed", str(seed)],
        check=True, capture_output=True).stdout
    return json.loads(out.decode("utf-8", "replace"))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--cli", default="build/engine/cli/mllab-cli")
    parser.add_argument("--repeats", type=int, default=1)
    args = parser.parse_args()
    print("| T | γ | α | tokens per target pass | expected | speed-up (median) |")
    print("|---|---:|---:|---:|---:|---:|")
    for temperature in (0, 1):
        for gamma in range(1, 9):
            alphas, per_pass, expected, speedups = [], [], [], []
            for prompt in PROMPTS:
                for seed in range(args.repeats):
                    r = run(args.cli, prompt, gamma, temperature, seed)
                    alphas.append(r["acceptance_rate"])
                    per_pass.append(len(r["ids"]) / max(1, r["target_passes"]))
                    expected.append(r["expected_tokens_per_pass"])
                    speedups.append(r["speedup"])
            print(f"| {temperature} | {gamma} | {statistics.mean(alphas):.2f} "
                  f"| {statistics.mean(per_pass):.2f} | {statistics.mean(expected):.2f} "
                  f"| {statistics.median(speedups):.2f}× |", flush=True)


if __name__ == "__main__":
    main()
