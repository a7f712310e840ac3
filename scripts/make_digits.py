#!/usr/bin/python3
"""Writes resources/datasets/digits.csv: the UCI optical-recognition digits test set
(optdigits.tes, 1,797 rows of 8x8 counts 0-16 and the digit) with a header row, from the copy
that Debian's python3-sklearn ships (sklearn/datasets/data/digits.csv.gz, the same rows as
optdigits.tes, byte for byte once unpacked). Checks the counts the README states.
Run with Debian's /usr/bin/python3, or pass the path of digits.csv.gz or optdigits.tes."""

import collections
import gzip
import os
import sys

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "datasets",
                   "digits.csv")


def source_path():
    if len(sys.argv) > 1:
        return sys.argv[1]
    from sklearn import datasets
    return os.path.join(os.path.dirname(datasets.__file__), "data", "digits.csv.gz")


def main():
    path = source_path()
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt") as f:
        rows = [line.strip().split(",") for line in f if line.strip()]
    assert len(rows) == 1797, len(rows)
    assert all(len(r) == 65 for r in rows)
    values = [int(float(v)) for r in rows for v in r[:64]]
    assert min(values) == 0 and max(values) == 16
    counts = collections.Counter(int(float(r[64])) for r in rows)
    assert [counts[d] for d in range(10)] == [178, 182, 177, 183, 181, 182, 181, 179, 174, 180]
    with open(OUT, "w") as f:
        f.write(",".join([f"pixel_{i}" for i in range(64)] + ["digit"]) + "\n")
        for r in rows:
            f.write(",".join(str(int(float(v))) for v in r) + "\n")


main()
