#pragma once
// Regularization: lasso and ridge coefficient paths on a dataset, and the geometry of
// norm-constrained least squares with two weights.
//
// Conventions (scikit-learn's, with fit_intercept=True): X and y are centred on the fitting rows
// and the intercept b = ȳ - x̄ᵀw is not penalised.
// - Lasso (sklearn.linear_model.Lasso / lasso_path): minimise 1/(2n)·||y - Xw - b||² + α·||w||₁.
// - Ridge (sklearn.linear_model.Ridge): minimise ||y - Xw - b||² + α·||w||² (no 1/n).
// With standardize, every feature is first scaled to unit population standard deviation (ddof 0,
// like StandardScaler) and the coefficients are reported on that scale.

#include "engine/progress.h"

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace mllab {

/// A regression dataset by columns (as read from CSV).
struct RegressionData {
    std::vector<std::string> featureNames;      ///< one per feature column
    std::vector<std::vector<double>> features;  ///< features[j][row]
    std::vector<double> target;
};

struct LassoPathParams {
    RegressionData data;
    std::vector<double> alphas;      ///< empty: nAlphas from alpha_max down to eps·alpha_max
    int nAlphas = 100;               ///< scikit-learn's default grid, geometric
    double eps = 1e-3;               ///< smallest alpha / alpha_max
    bool standardize = false;
    double validationFraction = 0;   ///< rows held out (shuffled with seed) for validationMse
    std::uint64_t seed = 0;
    int maxSweeps = 100000;          ///< coordinate-descent sweeps per alpha before giving up
};

struct RidgePathParams {
    RegressionData data;
    std::vector<double> alphas;      ///< empty: nAlphas from 1e3·s_max² down to 1e-3·s_min²
    int nAlphas = 100;
    bool standardize = false;
    double validationFraction = 0;
    std::uint64_t seed = 0;
};

/// Coefficients along a path of penalties, largest alpha first.
struct RegularizationPathResult {
    std::vector<std::string> featureNames;
    std::vector<double> alphas;                ///< descending
    std::vector<std::vector<double>> coefs;    ///< coefs[alpha][feature]
    std::vector<double> intercepts;
    std::vector<int> nonzero;                  ///< coefficients != 0 per alpha
    std::vector<double> trainMse;              ///< on the fitting rows
    std::vector<double> validationMse;         ///< on the held-out rows; empty without them
    int bestIndex = -1;                        ///< smallest validation MSE (-1: no validation)
    int fitRows = 0, validationRows = 0;
    std::vector<double> featureMeans;          ///< of the fitting rows
    std::vector<double> featureScales;         ///< 1, or the standard deviations if standardized
    std::vector<int> sweeps;                   ///< coordinate-descent sweeps per alpha (lasso)
};
using LassoPathResult = RegularizationPathResult;
using RidgePathResult = RegularizationPathResult;

/// Lasso path by cyclic coordinate descent with warm starts from the previous alpha, on the
/// Gram matrix XᵀX (what lasso_path does when n > p). Once a sweep leaves the support unchanged,
/// the coefficients on that support are solved exactly from its stationarity equations and kept
/// only when every KKT condition holds, so the path is exact to rounding rather than to a
/// tolerance. Between knots the previous support stays optimal and that exact solve alone
/// answers (sweeps = 0 for that alpha). Agrees with a tightly converged scikit-learn Lasso to
/// about 1e-12 on the diabetes data.
LassoPathResult computeLassoPath(const LassoPathParams& params, const Progress& progress = {});

/// Ridge path from one thin SVD X = U·S·Vᵀ of the centred data (through a QR of X when it is
/// tall) for every alpha: w(α) = V·diag(s / (s² + α))·Uᵀy.
RidgePathResult computeRidgePath(const RidgePathParams& params, const Progress& progress = {});

/// Columns `features` and `target` of a numeric CSV text (all columns but the target when
/// `features` is empty).
RegressionData regressionDataFromCsv(const std::string& csvText, const std::string& source,
                                     const std::string& target,
                                     const std::vector<std::string>& features = {});
RegressionData regressionDataFromCsvFile(const std::string& path, const std::string& target,
                                         const std::vector<std::string>& features = {});

// ---------------------------------------------------------------------------------------------
// Constraint geometry with two weights.
//
// Loss L(w) = (w - ŵ)ᵀ·H·(w - ŵ): the excess squared error over the unconstrained optimum ŵ.
// Either ŵ and H = [[1, ρ], [ρ, 1]] are given directly, or they come from a two-feature dataset
// with features and target standardized (ddof 0): H = XᵀX/n, the features' correlation matrix,
// and ŵ the standardized least-squares coefficients, so L(w) = MSE(w) - MSE(ŵ) in units of the
// target's variance.
// Regions of budget t:
//   L1 diamond  |w1| + |w2| <= t,   L2 circle  ||w||₂ <= t,
//   elastic net r·||w||₁ + (1 - r)·||w||₂²/t <= t, which meets the axes at ±t like the other two
//   and lies between the diamond (r = 1) and the circle (r = 0).

struct ConstrainedOptimumParams {
    double budget = 1.0;                      ///< t > 0
    std::array<double, 2> centre = {1.5, 0.6};  ///< ŵ, when no dataset is given
    double correlation = 0.5;                 ///< ρ in (-1, 1), when no dataset is given
    double l1Ratio = 0.5;                     ///< r of the elastic-net region, in [0, 1]
    RegressionData data;                      ///< exactly two features, or none
    int contourLevels = 6;                    ///< evenly spaced loss contours (besides the optima's)
    int contourPoints = 120;                  ///< points per contour ellipse
};

/// The minimiser of L over one region, with its Karush-Kuhn-Tucker certificate.
struct ConstrainedSolution {
    std::array<double, 2> weights{};
    double loss = 0;                 ///< L(w)
    double multiplier = 0;           ///< ν >= 0 in 0 ∈ ∇L(w) + ν·∂h(w), h the region's norm
    bool constraintActive = false;   ///< false when ŵ itself is inside the region (ν = 0)
    double kktResidual = 0;          ///< distance of -∇L from ν·∂h, relative to ||∇L|| (or 1)
    int zeroWeights = 0;             ///< weights exactly 0 (on an axis)
    std::vector<std::array<double, 2>> contour;  ///< the loss ellipse through the optimum
};

struct ConstrainedOptimumResult {
    std::array<double, 2> centre{};         ///< ŵ
    std::array<double, 4> hessian{};        ///< H row-major [h11, h12, h21, h22]
    double budget = 0, l1Ratio = 0;
    ConstrainedSolution l1, l2, elasticNet;
    std::vector<double> contourLevels;      ///< loss values of the contours below
    std::vector<std::vector<std::array<double, 2>>> contours;  ///< closed ellipses
    std::vector<std::array<double, 2>> elasticNetBoundary;     ///< closed polygon
};

/// Exact constrained minimisers: the L1 optimum is the best of the diamond's four edges (a 1-D
/// quadratic each, clamped to the edge, so a vertex gives an exact zero); the L2 optimum solves
/// ||(H + μI)⁻¹Hŵ|| = t for μ; the elastic-net region is, per quadrant, a disc, solved the same
/// way, with the four axis vertices as the remaining candidates.
ConstrainedOptimumResult computeConstrainedOptimum(const ConstrainedOptimumParams& params,
                                                   const Progress& progress = {});

} // namespace mllab
