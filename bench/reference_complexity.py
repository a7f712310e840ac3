#!/usr/bin/python3
"""Reference values for tests/engine/tst_regularization.cpp, computed with scikit-learn.

Run with Debian's interpreter from the repository root:

    /usr/bin/python3 bench/reference_complexity.py

It prints C++ initialisers that are pasted into the test (the tests never call Python). The
lasso references are converged far beyond scikit-learn's default tolerance (tol=1e-14,
max_iter=10**6) and cross-checked against the exact LARS-lasso path, so they are the exact
minimisers to about 1e-10; the script prints that cross-check.
"""
import os
import warnings

import numpy as np
import sklearn
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import Lasso, Ridge, lars_path
from sklearn.preprocessing import StandardScaler

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
DATA = os.path.join(ROOT, "resources", "datasets", "diabetes.csv")

LASSO_STANDARDIZED_ALPHAS = [20.0, 5.0, 1.0, 0.1]
LASSO_RAW_ALPHAS = [1.0, 0.1]
RIDGE_ALPHAS = [1000.0, 10.0, 0.1]


def load():
    table = np.loadtxt(DATA, delimiter=",", skiprows=1)
    return table[:, :10], table[:, 10]


def cpp(values, indent=4):
    """A C++ braced list of the values, wrapped to stay within 100 columns."""
    lines, line = [], "{"
    for i, v in enumerate(values):
        item = repr(float(v)) + ("," if i + 1 < len(values) else "}")
        if len(line) + len(item) + 1 > 96 - indent:
            lines.append(line.rstrip())
            line = " " * (indent + 1)
        line += item + " "
    lines.append(line.rstrip())
    return "\n".join(lines)


def exact_lasso(x, y, alpha):
    """The lasso solution from the exact LARS-lasso path, interpolated at alpha."""
    xc, yc = x - x.mean(axis=0), y - y.mean()
    alphas, _, coefs = lars_path(xc, yc, method="lasso", alpha_min=0.0)
    # lars_path returns alphas in decreasing order; coefficients are linear between knots.
    return np.array([np.interp(alpha, alphas[::-1], coefs[j, ::-1]) for j in range(x.shape[1])])


def lasso(x, y, alpha):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        model = Lasso(alpha=alpha, tol=1e-14, max_iter=10**6).fit(x, y)
    return model.coef_, model.intercept_


def main():
    print(f"// scikit-learn {sklearn.__version__}, numpy {np.__version__}")
    x, y = load()
    xs = StandardScaler().fit_transform(x)
    centred = xs - xs.mean(axis=0)
    alpha_max = np.max(np.abs(centred.T @ (y - y.mean()))) / len(y)
    print(f"// lasso_path's alpha_max on the standardized data\nconst double kAlphaMax = {alpha_max!r};")

    for name, data, alphas in (("Standardized", xs, LASSO_STANDARDIZED_ALPHAS),
                               ("Raw", x, LASSO_RAW_ALPHAS)):
        print(f"// Lasso(alpha, tol=1e-14) on the {name.lower()} diabetes data")
        print(f"const std::vector<double> kLasso{name}Alphas = {cpp(alphas)};")
        print(f"const std::vector<std::vector<double>> kLasso{name}Coefs = {{")
        intercepts = []
        for alpha in alphas:
            coef, intercept = lasso(data, y, alpha)
            gap = np.max(np.abs(coef - exact_lasso(data, y, alpha)))
            print(f"    // alpha = {alpha}: |Lasso - LARS| = {gap:.1e}")
            print(f"    {cpp(coef, 4)},")
            intercepts.append(intercept)
        print("};")
        print(f"const std::vector<double> kLasso{name}Intercepts =\n    {cpp(intercepts, 4)};")

    for name, data in (("Standardized", xs), ("Raw", x)):
        print(f"// Ridge(alpha) on the {name.lower()} diabetes data")
        print(f"const std::vector<double> kRidge{name}Alphas = {cpp(RIDGE_ALPHAS)};")
        print(f"const std::vector<std::vector<double>> kRidge{name}Coefs = {{")
        intercepts = []
        for alpha in RIDGE_ALPHAS:
            model = Ridge(alpha=alpha, solver="svd").fit(data, y)
            print(f"    {cpp(model.coef_, 4)},")
            intercepts.append(model.intercept_)
        print("};")
        print(f"const std::vector<double> kRidge{name}Intercepts =\n    {cpp(intercepts, 4)};")


if __name__ == "__main__":
    main()
