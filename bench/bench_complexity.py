#!/usr/bin/python3
"""Side-by-side timings and cross-checks for the model-complexity labs, in one run.

    cmake -S . -B build-bench -G Ninja -DCMAKE_BUILD_TYPE=Release -DMLLAB_BUILD_BENCH=ON
    cmake --build build-bench -j2
    /usr/bin/python3 bench/bench_complexity.py [--build build-bench]

Compares, on the same machine and in the same run:
- the bias-variance sweep (degrees 1-15 x 200 training sets of 100 points, 200-point grid)
  against the same sweep with numpy.polyfit / numpy.polyval;
- the lasso path (100 alphas, 1000 x 50) against sklearn.linear_model.lasso_path on the very
  same data (written to a CSV the benchmark reads);
- the ridge path (100 alphas, one SVD) against 100 fits of sklearn.linear_model.Ridge.
Engine times come from the Google Benchmark executable (median of repetitions); peer times are
the median of repeated calls; both run single-threaded. Ratios are peer time / engine time. Cross-checks print the largest
differences between the engine's numbers (from mllab-cli) and the peers'.
"""
import os

# Both sides single-threaded: the engine's computations are, and a threaded BLAS only adds
# contention on small problems like these.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time

import numpy as np
import sklearn
from sklearn.linear_model import Ridge, lasso_path

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")


def median_time(fn, repeats):
    fn()  # warm-up
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def engine_time(build, name, env=None):
    """Median real time in seconds of one Google Benchmark."""
    out = subprocess.run(
        [os.path.join(build, "bench", "bench_complexity"), f"--benchmark_filter=^{name}$",
         "--benchmark_repetitions=7", "--benchmark_report_aggregates_only=true",
         "--benchmark_format=json"],
        check=True, capture_output=True, text=True, env={**os.environ, **(env or {})}).stdout
    for b in json.loads(out)["benchmarks"]:
        if b.get("aggregate_name") == "median":
            scale = {"ns": 1e-9, "us": 1e-6, "ms": 1e-3, "s": 1.0}[b["time_unit"]]
            return b["real_time"] * scale
    raise RuntimeError(f"no median for {name}")


def cli(build, *args):
    out = subprocess.run([os.path.join(build, "engine", "cli", "mllab-cli"), *args],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out)


# ---------------------------------------------------------------------------------------------
# Bias-variance sweep with numpy.polyfit, the same design as the engine's.

def numpy_sweep(rng, degrees=range(1, 16), boots=200, n=100, grid_points=200, noise=0.3):
    grid = np.linspace(-1, 1, grid_points)
    truth = np.sin(np.pi * grid)
    preds = np.empty((len(degrees), boots, grid_points))
    for b in range(boots):
        x = rng.uniform(-1, 1, n)
        y = np.sin(np.pi * x) + noise * rng.normal(size=n)
        for i, d in enumerate(degrees):
            preds[i, b] = np.polyval(np.polyfit(x, y, d), grid)
    mean = preds.mean(axis=1)
    bias2 = ((mean - truth) ** 2).mean(axis=1)
    variance = preds.var(axis=1).mean(axis=1)
    return bias2, variance


def bias_variance(build):
    print("## Bias-variance sweep: degrees 1-15 x 200 training sets x 100 points, 200-point grid")
    rng = np.random.default_rng(0)
    peer = median_time(lambda: numpy_sweep(rng), 5)
    ours = engine_time(build, "BM_BiasVarianceSweep")
    print(f"numpy.polyfit sweep  {peer * 1e3:8.2f} ms")
    print(f"engine sweep         {ours * 1e3:8.2f} ms   ratio {peer / ours:5.1f}x")

    # Exact cross-check: the engine's first training set refitted with numpy.polyfit.
    for degree in (3, 10, 15):
        r = cli(build, "bias-variance", "--n-train", "100", "--degrees", "1-15", "--fan-at",
                str(degree), "--fan-curves", "1")
        fan = r["fan"]
        numpy_fit = np.polyval(np.polyfit(fan["sample_x"], fan["sample_y"], degree), fan["x"])
        diff = np.max(np.abs(numpy_fit - np.array(fan["curves"][0])))
        print(f"same training set, degree {degree:2d}: max |engine - polyfit| on the grid = "
              f"{diff:.1e}")
    # Statistical cross-check: independent draws, so agreement is within Monte-Carlo error.
    bias2, variance = numpy_sweep(np.random.default_rng(1))
    r = cli(build, "bias-variance", "--n-train", "100")
    print("degree  bias2(engine)  bias2(numpy)  variance(engine)  variance(numpy)")
    for d in (1, 3, 5, 10, 15):
        print(f"{d:6d}  {r['bias2'][d - 1]:13.5f}  {bias2[d - 1]:12.5f}  "
              f"{r['variance'][d - 1]:16.5f}  {variance[d - 1]:15.5f}")
    print()


# ---------------------------------------------------------------------------------------------

def path_data(directory):
    rng = np.random.default_rng(42)
    x = rng.normal(size=(1000, 50))
    beta = np.zeros(50)
    beta[:10] = [(1 if j % 2 == 0 else -1) * (1 + j) for j in range(10)]
    y = x @ beta + 5 * rng.normal(size=1000)
    x -= x.mean(axis=0)  # lasso_path fits no intercept: give both sides centred data
    y -= y.mean()
    path = os.path.join(directory, "path_1000x50.csv")
    header = ",".join([f"x{j}" for j in range(50)] + ["y"])
    np.savetxt(path, np.column_stack([x, y]), delimiter=",", header=header, comments="",
               fmt="%.17g")
    return path, np.asfortranarray(x), y


def paths(build):
    with tempfile.TemporaryDirectory() as directory:
        csv, x, y = path_data(directory)
        env = {"MLLAB_BENCH_PATH_CSV": csv}
        print("## Lasso path: 100 alphas (eps 1e-3), 1000 x 50")
        peer = median_time(lambda: lasso_path(x, y, n_alphas=100), 30)
        ours = engine_time(build, "BM_LassoPath", env)
        print(f"sklearn lasso_path   {peer * 1e3:8.3f} ms")
        print(f"engine lasso path    {ours * 1e3:8.3f} ms   ratio {peer / ours:5.1f}x")
        alphas, coefs, _ = lasso_path(x, y, n_alphas=100)
        tight_alphas, tight, _ = lasso_path(x, y, n_alphas=100, tol=1e-12, max_iter=100000)
        r = cli(build, "lasso-path", "--input", csv, "--target", "y")
        engine = np.array(r["coefs"]).T
        print(f"alpha grids: max relative difference "
              f"{np.max(np.abs(np.array(r['alphas']) / alphas - 1)):.1e}")
        print(f"coefficients: max |engine - lasso_path(tol=1e-4)|  = "
              f"{np.max(np.abs(engine - coefs)):.1e}")
        print(f"coefficients: max |engine - lasso_path(tol=1e-12)| = "
              f"{np.max(np.abs(engine - tight)):.1e}")
        print()

        print("## Ridge path: 100 alphas, 1000 x 50")
        grid = np.array(cli(build, "ridge-path", "--input", csv, "--target", "y")["alphas"])

        def ridge_fits():
            return [Ridge(alpha=a).fit(x, y).coef_ for a in grid]

        peer = median_time(ridge_fits, 5)
        ours = engine_time(build, "BM_RidgePath", env)
        print(f"sklearn Ridge x 100  {peer * 1e3:8.3f} ms")
        print(f"engine ridge path    {ours * 1e3:8.3f} ms   ratio {peer / ours:5.1f}x")
        engine = np.array(cli(build, "ridge-path", "--input", csv, "--target", "y")["coefs"])
        peer_coefs = np.array(ridge_fits())
        print(f"coefficients: max relative |engine - Ridge| = "
              f"{np.max(np.abs(engine - peer_coefs)) / np.max(np.abs(peer_coefs)):.1e}")
        print()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--build", default=os.path.join(ROOT, "build-bench"),
                        help="build folder configured with -DMLLAB_BUILD_BENCH=ON")
    build = parser.parse_args().build
    if not os.path.exists(os.path.join(build, "bench", "bench_complexity")):
        sys.exit(f"{build}/bench/bench_complexity not found: build with -DMLLAB_BUILD_BENCH=ON")
    print(f"numpy {np.__version__}, scikit-learn {sklearn.__version__}, "
          f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}\n")
    bias_variance(build)
    paths(build)


if __name__ == "__main__":
    main()
