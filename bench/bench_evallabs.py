#!/usr/bin/python3
"""Evaluation labs side by side with scikit-learn / scipy, in one run on one machine.

1. Speed in-process: runs build-bench/bench/bench_evallabs (Google Benchmark, JSON) and times
   the same computations at the same sizes with scikit-learn 1.2 / scipy: ROC + PR + AP on 10M
   scores, PCA(svd_solver="full") on 100,000 x 50, calibration_curve on 1M probabilities, and a
   temperature-scaling fit on 100,000 x 10 logits (scipy.optimize.minimize_scalar on the NLL).
2. Numbers: writes data files, runs mllab-cli roc / calibration / temperature-scale / pca on them
   and compares every number with scikit-learn's on the same data (max abs / rel difference).
3. Whole process: `mllab-cli roc` on a 10M-row CSV against a python3 process doing
   pandas.read_csv + roc_curve + precision_recall_curve + average_precision_score.

Run with Debian's interpreter:  /usr/bin/python3 bench/bench_evallabs.py [--build build-bench]
Wall-clock and CPU seconds are both printed: on a shared machine CPU time is the steadier one.
"""

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time

import numpy as np
from scipy.optimize import minimize_scalar
from scipy.special import log_softmax
from sklearn.calibration import calibration_curve
from sklearn.decomposition import PCA
from sklearn.metrics import (auc, average_precision_score, brier_score_loss, log_loss,
                             precision_recall_curve, roc_curve)

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def timed(fn, repeat=1):
    """Best wall and CPU seconds over `repeat` runs, and the last result."""
    best_wall = best_cpu = float("inf")
    result = None
    for _ in range(repeat):
        w0, c0 = time.perf_counter(), time.process_time()
        result = fn()
        best_wall = min(best_wall, time.perf_counter() - w0)
        best_cpu = min(best_cpu, time.process_time() - c0)
    return best_wall, best_cpu, result


def child_cpu():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def run_process(args, stdout=subprocess.PIPE):
    """Runs a process; returns wall seconds, CPU seconds (user + sys), stdout."""
    c0, w0 = child_cpu(), time.perf_counter()
    proc = subprocess.run(args, stdout=stdout, stderr=subprocess.PIPE, check=False)
    wall, cpu = time.perf_counter() - w0, child_cpu() - c0
    if proc.returncode != 0:
        sys.exit(f"{' '.join(args)} failed ({proc.returncode}): {proc.stderr.decode()[-2000:]}")
    return wall, cpu, proc.stdout


def diff(ours, theirs):
    """Max absolute and max relative difference of two equal-length arrays."""
    a, b = np.asarray(ours, dtype=float), np.asarray(theirs, dtype=float)
    if a.shape != b.shape:
        return f"SHAPE MISMATCH {a.shape} vs {b.shape}"
    if a.size == 0:
        return "max abs 0, max rel 0 (empty)"
    d = np.abs(a - b)
    rel = d / np.maximum(np.abs(b), 1e-300)
    rel[d == 0] = 0
    return f"max abs {d.max():.2e}, max rel {rel.max():.2e} ({a.size} values)"


def write_csv(path, header, columns, fmts):
    with open(path, "w") as f:
        f.write(",".join(header) + "\n")
        np.savetxt(f, np.column_stack(columns), fmt=fmts, delimiter=",")


# ---- data, generated like bench_evallabs.cpp's (same distributions, numpy's generator) ------

def roc_data(n, rng):
    y = (rng.random(n) < 0.3).astype(np.int64)
    s = 1.0 / (1.0 + np.exp(-(rng.standard_normal(n) + 1.5 * y - 0.5)))
    return s, y


def pca_data(n, d, rng, factors=8):
    loadings = rng.standard_normal((d, factors))
    z = rng.standard_normal((n, factors)) / np.arange(1, factors + 1)
    return z @ loadings.T + 0.1 * rng.standard_normal((n, d))


def calibration_data(n, rng):
    p = rng.random(n)
    y = (rng.random(n) < p ** 1.3).astype(np.int64)
    return p, y


def temperature_data(n, k, rng):
    z = 1.5 * rng.standard_normal((n, k))
    prob = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)
    u = rng.random((n, 1))
    y = np.minimum((prob.cumsum(axis=1) < u).sum(axis=1), k - 1)
    return 2.5 * z, y


# ---- the scikit-learn / scipy side ----------------------------------------------------------

def sk_roc_all(s, y):
    fpr, tpr, thr = roc_curve(y, s, drop_intermediate=False)
    precision, recall, pr_thr = precision_recall_curve(y, s)
    ap = average_precision_score(y, s)
    return fpr, tpr, thr, precision, recall, pr_thr, auc(fpr, tpr), ap


def scipy_temperature(z, y):
    def nll(t):
        return -log_softmax(z / t, axis=1)[np.arange(len(y)), y].mean()
    res = minimize_scalar(nll, bounds=(1e-3, 1e3), method="bounded", options={"xatol": 1e-6})
    return res.x, nll


def ece_of(prob_true, prob_pred, counts, n):
    return float(np.sum(counts / n * np.abs(prob_pred - prob_true)))


# ---- sections -------------------------------------------------------------------------------

def cpp_benchmarks(build, repetitions=5):
    """Best of `repetitions` runs of each benchmark (each run is the mean of its iterations), the
    same statistic as the peer side's best of its calls."""
    exe = os.path.join(build, "bench", "bench_evallabs")
    _, _, out = run_process([exe, "--benchmark_format=json",
                             f"--benchmark_repetitions={repetitions}"])
    times = {}
    for b in json.loads(out)["benchmarks"]:
        if b.get("run_type") == "aggregate":
            continue
        # Drop the run settings Google Benchmark appends ("/iterations:3", "/real_time", ...).
        name = "/".join(part for part in b["name"].split("/")
                        if ":" not in part and part != "real_time")
        scale = {"ms": 1e-3, "us": 1e-6, "ns": 1e-9, "s": 1.0}[b["time_unit"]]
        wall, cpu = b["real_time"] * scale, b["cpu_time"] * scale
        best = times.get(name)
        times[name] = (wall, cpu) if best is None else (min(best[0], wall), min(best[1], cpu))
    return times


def in_process(args, rng, cpp):
    rows = []
    n = args.roc_rows
    s, y = roc_data(n, rng)
    w, c, _ = timed(lambda: sk_roc_all(s, y))
    rows.append(("ROC + PR + AP, %s scores" % f"{n:,}", "BM_RocPrAp10M", w, c))

    x = pca_data(100_000, 50, rng)
    w, c, _ = timed(lambda: PCA(svd_solver="full").fit(x), repeat=3)
    rows.append(("PCA full SVD, 100,000 x 50", "BM_Pca100kx50", w, c))

    p, yc = calibration_data(1_000_000, rng)

    def calib(strategy):
        prob_true, prob_pred = calibration_curve(yc, p, n_bins=10, strategy=strategy)
        return prob_true, prob_pred
    # The target compares bins + ECE (MLLab: losses off) with calibration_curve; the
    # full call (Brier and NLL too) is compared with calibration_curve + brier + log_loss.
    w, c, _ = timed(lambda: calib("uniform"), repeat=5)
    rows.append(("calibration_curve 1M, uniform bins (MLLab: bins + ECE + MCE)",
                 "BM_CalibrationBins1M/0", w, c))
    w, c, _ = timed(lambda: calib("quantile"), repeat=5)
    rows.append(("calibration_curve 1M, quantile bins (MLLab: bins + ECE + MCE)",
                 "BM_CalibrationBins1M/1", w, c))
    w, c, _ = timed(lambda: (calib("uniform"), brier_score_loss(yc, p), log_loss(yc, p)),
                    repeat=5)
    rows.append(("calibration_curve + brier_score_loss + log_loss 1M, uniform bins "
                 "(MLLab: the full call)", "BM_Calibration1M/0", w, c))

    z, yt = temperature_data(100_000, 10, rng)
    w, c, _ = timed(lambda: scipy_temperature(z, yt), repeat=3)
    rows.append(("temperature fit 100,000 x 10 (scipy fit; MLLab: the fit alone)",
                 "BM_TemperatureFitOnly100kx10", w, c))
    rows.append(("temperature fit 100,000 x 10 (scipy fit; MLLab: the full call, with NLL "
                 "before and bins before and after)", "BM_TemperatureFit100kx10", w, c))

    print("\n## In-process speed (best of runs; seconds)\n")
    print("| computation | scikit-learn/scipy wall | MLLab wall | ratio | sklearn CPU | MLLab CPU | CPU ratio |")
    print("|---|---|---|---|---|---|---|")
    for label, bench, w, c in rows:
        ow, oc = cpp[bench]
        print(f"| {label} | {w:.3f} | {ow:.4f} | {w / ow:.1f}x | {c:.3f} | {oc:.4f} | {c / oc:.1f}x |")


def cross_check(cli, tmp, rng):
    print("\n## Cross-check: mllab-cli against scikit-learn on the same files\n")
    # ROC on 1M full-precision scores (every threshold distinct) plus ties from rounding.
    s, y = roc_data(1_000_000, rng)
    s[: 200_000] = np.round(s[: 200_000], 3)
    path = os.path.join(tmp, "roc.csv")
    write_csv(path, ["score", "label"], [s, y], ["%.17g", "%d"])
    _, _, out = run_process([cli, "roc", "--input", path])
    j = json.loads(out)
    fpr, tpr, thr, precision, recall, pr_thr, a, ap = sk_roc_all(s, y)
    ours_thr = [np.inf if v is None else v for v in j["roc"]["thresholds"]]
    print(f"- roc: {j['n']:,} rows, {len(fpr):,} points")
    print(f"  - auc_roc {j['auc_roc']!r} vs {a!r}: {diff([j['auc_roc']], [a])}")
    print(f"  - average_precision {j['average_precision']!r} vs {ap!r}: "
          f"{diff([j['average_precision']], [ap])}")
    print(f"  - fpr {diff(j['roc']['fpr'], fpr)}; tpr {diff(j['roc']['tpr'], tpr)}")
    # scikit-learn 1.2 writes thresholds[0] = max score + 1 where the contract has +inf (null).
    print(f"  - thresholds[1:] {diff(ours_thr[1:], thr[1:])}; first: null vs {thr[0]!r}")
    print(f"  - pr precision {diff(j['pr']['precision'], precision)}; "
          f"recall {diff(j['pr']['recall'], recall)}; thresholds {diff(j['pr']['thresholds'], pr_thr)}")

    # Calibration on 1M probabilities, both strategies.
    p, yc = calibration_data(1_000_000, rng)
    path = os.path.join(tmp, "cal.csv")
    write_csv(path, ["prob", "label"], [p, yc], ["%.17g", "%d"])
    for strategy in ("uniform", "quantile"):
        _, _, out = run_process([cli, "calibration", "--input", path, "--strategy", strategy])
        j = json.loads(out)
        bins = [b for b in j["bins"] if b["count"] > 0]
        prob_true, prob_pred = calibration_curve(yc, p, n_bins=10, strategy=strategy)
        counts = np.array([b["count"] for b in bins])
        print(f"- calibration {strategy}: {len(bins)} non-empty bins")
        print(f"  - fraction_positive {diff([b['fraction_positive'] for b in bins], prob_true)}; "
              f"mean_predicted {diff([b['mean_predicted'] for b in bins], prob_pred)}")
        print(f"  - ece {diff([j['ece']], [ece_of(prob_true, prob_pred, counts, len(p))])}; "
              f"brier {diff([j['brier']], [brier_score_loss(yc, p)])}; "
              f"nll {diff([j['nll']], [log_loss(yc, p)])}")

    # Temperature scaling on 100,000 x 10 logits.
    z, yt = temperature_data(100_000, 10, rng)
    path = os.path.join(tmp, "logits.csv")
    names = [f"z{i}" for i in range(10)]
    write_csv(path, names + ["label"], [z[:, i] for i in range(10)] + [yt],
              ["%.17g"] * 10 + ["%d"])
    _, _, out = run_process([cli, "temperature-scale", "--input", path,
                             "--logits", ",".join(names), "--label", "label"])
    j = json.loads(out)
    t, nll = scipy_temperature(z, yt)
    print(f"- temperature-scale: T {j['temperature']!r} vs scipy {t!r} (scipy xatol 1e-6): "
          f"{diff([j['temperature']], [t])}")
    print(f"  - nll_after vs scipy's NLL at our T: {diff([j['nll_after']], [nll(j['temperature'])])}; "
          f"NLL at our T minus NLL at scipy's T: {nll(j['temperature']) - nll(t):.1e}; "
          f"nll_before {diff([j['nll_before']], [nll(1.0)])}")

    # PCA on 20,000 x 50, raw and standardised.
    x = pca_data(20_000, 50, rng)
    path = os.path.join(tmp, "pca.csv")
    names = [f"f{i}" for i in range(50)]
    write_csv(path, names, [x[:, i] for i in range(50)], ["%.17g"] * 50)
    for standardize in (False, True):
        args = [cli, "pca", "--input", path] + (["--standardize"] if standardize else [])
        _, _, out = run_process(args)
        j = json.loads(out)
        xs = (x - x.mean(0)) / x.std(0) if standardize else x
        pca = PCA(svd_solver="full").fit(xs)
        print(f"- pca{' --standardize' if standardize else ''}: 20,000 x 50")
        print(f"  - explained_variance {diff(j['explained_variance'], pca.explained_variance_)}")
        print(f"  - explained_variance_ratio {diff(j['explained_variance_ratio'], pca.explained_variance_ratio_)}")
        print(f"  - singular_values {diff(j['singular_values'], pca.singular_values_)}")
        print(f"  - components (svd_flip signs) {diff(j['components'], pca.components_)}")
        print(f"  - mean {diff(j['mean'], pca.mean_ if not standardize else x.mean(0))}")


WHOLE_PROCESS_PY = """
import sys
import pandas as pd
from sklearn.metrics import roc_curve, precision_recall_curve, average_precision_score, auc
df = pd.read_csv(sys.argv[1])
y, s = df["label"].to_numpy(), df["score"].to_numpy()
fpr, tpr, thr = roc_curve(y, s, drop_intermediate=False)
precision, recall, pr_thr = precision_recall_curve(y, s)
ap = average_precision_score(y, s)
print(repr(auc(fpr, tpr)), repr(ap), len(fpr))
"""


def whole_process(cli, tmp, rng, n):
    path = os.path.join(tmp, f"roc_{n}.csv")
    if not os.path.exists(path):
        s, y = roc_data(n, rng)
        write_csv(path, ["score", "label"], [s, y], ["%.6f", "%d"])  # scores as 6-decimal text
    size = os.path.getsize(path) / 1e6
    out_path = os.path.join(tmp, "roc_out.json")
    with open(out_path, "wb") as out:
        w_ours, c_ours, _ = run_process([cli, "roc", "--input", path], stdout=out)
    w_py, c_py, py_out = run_process([sys.executable, "-c", WHOLE_PROCESS_PY, path])
    with open(out_path) as f:
        j = json.load(f)
    a, ap, points = py_out.split()
    print(f"\n## Whole process: {n:,}-row CSV ({size:.0f} MB, scores with 6 decimals)\n")
    print("| process | wall s | CPU s |")
    print("|---|---|---|")
    print(f"| python3: pandas.read_csv + roc_curve + precision_recall_curve + average_precision_score | {w_py:.2f} | {c_py:.2f} |")
    print(f"| mllab-cli roc (JSON of {len(j['roc']['fpr']):,} points, "
          f"{os.path.getsize(out_path) / 1e6:.0f} MB) | {w_ours:.2f} | {c_ours:.2f} |")
    print(f"| ratio | {w_py / w_ours:.1f}x | {c_py / c_ours:.1f}x |")
    print(f"\nauc_roc {diff([j['auc_roc']], [float(a)])}; average_precision "
          f"{diff([j['average_precision']], [float(ap)])}; points {len(j['roc']['fpr'])} vs {points}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--build", default=os.path.join(ROOT, "build-bench"))
    parser.add_argument("--cli", help="mllab-cli to run (default: BUILD/engine/cli/mllab-cli)")
    parser.add_argument("--roc-rows", type=int, default=10_000_000)
    parser.add_argument("--tmp", help="folder for the data files (kept between runs)")
    parser.add_argument("--skip", default="", help="comma list of: speed, check, process")
    args = parser.parse_args()
    cli = args.cli or os.path.join(args.build, "engine", "cli", "mllab-cli")
    skip = set(filter(None, args.skip.split(",")))
    tmp = args.tmp or tempfile.mkdtemp(prefix="mllab-bench-")
    os.makedirs(tmp, exist_ok=True)
    rng = np.random.default_rng(0)
    print(f"# Evaluation labs vs scikit-learn {__import__('sklearn').__version__}, "
          f"numpy {np.__version__}, {os.cpu_count()} CPUs, load average "
          f"{os.getloadavg()[0]:.1f} at start")
    if "speed" not in skip:
        in_process(args, rng, cpp_benchmarks(args.build))
    if "check" not in skip:
        cross_check(cli, tmp, rng)
    if "process" not in skip:
        whole_process(cli, tmp, rng, args.roc_rows)
    print(f"\nload average {os.getloadavg()[0]:.1f} at the end")


if __name__ == "__main__":
    main()
