#pragma once
// Principal component analysis of a table of numeric features.
//
/// Follows scikit-learn 1.2's PCA(svd_solver="full"): the data are centred (and, with
/// `standardize`, divided by each feature's population standard deviation, as StandardScaler;
/// a constant feature, by StandardScaler's rule a variance within rounding of zero, keeps
/// scale 1); explained_variance = s² / (n - 1) for the singular values s of the centred data;
/// explained_variance_ratio divides by the sum over all min(n, d) components; component signs
/// follow svd_flip: in each component's scores the entry of largest magnitude is positive (the
/// first such row decides a tie, as numpy's argmax).
///
/// Solver: when n >= 10 d the d x d scatter matrix X^T X is formed in one pass over the rows
/// (BLAS syrk on row blocks shifted by a value near each feature's mean, then corrected exactly
/// to the mean, so large offsets cancel without loss) and decomposed with Eigen's
/// SelfAdjointEigenSolver, O(n d²) with a small constant; otherwise the thin SVD of X (Eigen's
/// BDCSVD) avoids squaring the condition number where it is cheap enough. Either way the
/// eigenvalues carry an absolute error of about 1e-16 x the largest one. A second pass finds
/// svd_flip's rows: scores screened in single precision with a rigorous error bound, the rows
/// that can still hold a component's largest score rescored exactly in double. Both passes run
/// on row ranges in OpenMP threads (the logical CPUs, at most 4, unless OMP_NUM_THREADS is set;
/// the result does not depend on the count beyond rounding).

#include "engine/progress.h"

#include <cstddef>
#include <string>
#include <vector>

namespace mllab {

enum class PcaSolver { Auto, Covariance, Svd };

struct PcaParams {
    std::vector<std::vector<double>> columns; ///< one vector per feature, all the same length
    std::vector<std::string> names;           ///< feature names (messages, loadings)
    bool standardize = false;                 ///< divide each centred feature by its std
    std::size_t components = 0;               ///< components kept; 0 keeps min(n, d)
    std::size_t projectionComponents = 2;     ///< scores kept per row for scatter plots
    PcaSolver solver = PcaSolver::Auto;
};

struct PcaResult {
    std::size_t samples = 0, features = 0;
    std::vector<std::string> names;
    std::vector<double> mean;                    ///< per feature
    std::vector<double> scale;                   ///< per feature (1 without standardize)
    std::vector<double> explainedVariance;       ///< per component, n - 1 in the denominator
    std::vector<double> explainedVarianceRatio;  ///< per component
    std::vector<double> cumulativeRatio;         ///< running sum of the ratios
    std::vector<double> singularValues;          ///< of the centred (scaled) data
    std::vector<std::vector<double>> components; ///< components[k][feature], unit length
    std::vector<std::vector<double>> projection; ///< projection[k][row]: scores of component k
    std::size_t componentsFor95 = 0;    ///< fewest components whose cumulative ratio exceeds 0.95
    std::size_t elbow = 0;              ///< 0-based component at the scree plot's elbow
    PcaSolver solver = PcaSolver::Auto; ///< the solver used
};

PcaResult computePca(const PcaParams& params, const Progress& progress = {});

/// The elbow of a decreasing curve: the point farthest below the chord from the first to the
/// last point, after scaling both axes to [0, 1] (the "kneedle" rule). 0 for fewer than 3 points.
std::size_t elbowIndex(const std::vector<double>& values);

} // namespace mllab
