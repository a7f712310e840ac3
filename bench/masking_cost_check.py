#!/usr/bin/env python3
"""Cross-checks the masking lab's padding cost against an independent Python version.

Runs `mllab-cli lab masking` on synthetic length distributions, recomputes pad-to-longest,
k equal-count buckets and first-fit-decreasing packing from the printed lengths with plain
integers, and compares every count. Usage: bench/masking_cost_check.py [path/to/mllab-cli]
"""
import json
import subprocess
import sys


def bucket_cost(lengths, k):
    s = sorted(lengths)
    n = len(s)
    k = min(k, n)
    tokens = cells = 0
    first = 0
    for b in range(k):
        count = n // k + (1 if b < n % k else 0)
        width = s[first + count - 1]
        tokens += width * count
        cells += width * width * count
        first += count
    useful = sum(l * l for l in s)
    return {"tokens": tokens, "attention_cells": cells, "attention_padding_cells": cells - useful}


def packing_cost(lengths, row):
    rows = []  # [fill, sum of squares]
    for l in sorted(lengths, reverse=True):
        for r in rows:
            if r[0] + l <= row:
                r[0] += l
                r[1] += l * l
                break
        else:
            rows.append([l, l * l])
    return {
        "rows": len(rows),
        "tokens": row * len(rows),
        "attention_cells": row * row * len(rows),
        "attention_padding_cells": sum(row * row - f * f for f, _ in rows),
        "attention_cross_document_cells": sum(f * f - q for f, q in rows),
    }


def main():
    cli = sys.argv[1] if len(sys.argv) > 1 else "build/engine/cli/mllab-cli"
    cases = [(64, 200, 0.8, 4, 0), (500, 50, 1.5, 7, 2048), (3, 10, 0.0, 2, 0), (1024, 4096, 2.0, 16, 0)]
    for sequences, median, spread, k, row in cases:
        out = subprocess.run(
            [cli, "lab", "masking", "--set", "lengths=synthetic", "--set", f"sequences={sequences}",
             "--set", f"median_length={median}", "--set", f"spread={spread}", "--set",
             f"buckets={k}", "--set", f"row_length={row}"],
            check=True, capture_output=True, text=True).stdout
        cost = json.loads(out)["result"]["cost"]
        lengths = cost["lengths"]
        width = max(row, max(lengths))
        expected = {"pad_to_max": bucket_cost(lengths, 1), "buckets": bucket_cost(lengths, k),
                    "packing": packing_cost(lengths, width)}
        for way, numbers in expected.items():
            for key, value in numbers.items():
                got = cost[way][key]
                assert got == value, f"{way}.{key}: mllab {got}, python {value}"
        print(f"n={sequences} median={median} sigma={spread} k={k} row={cost['row_length']}: "
              f"pad {cost['pad_to_max']['token_padding_share']:.4f}, "
              f"buckets {cost['buckets']['token_padding_share']:.4f}, "
              f"packing {cost['packing']['token_padding_share']:.4f} tokens on padding; all counts equal")


if __name__ == "__main__":
    main()
