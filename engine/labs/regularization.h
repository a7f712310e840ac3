#pragma once
// The regularization lab's pipeline: the L1 / L2 / elastic-net constraint geometry of two weights
// (a manual loss or one from two columns of the diabetes data), and the lasso or ridge path on
// the diabetes data with a validation split (engine/regularization.h computes both).

#include "engine/labs/params.h"
#include "engine/progress.h"
#include "engine/regularization.h"

#include <nlohmann/json_fwd.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace mllab::labs {

struct RegularizationLabParams {
    double budget = 1.0;         ///< t
    double l1Ratio = 0.5;        ///< r of the elastic-net region
    std::string loss = "manual"; ///< "manual", or two diabetes columns "a,b"
    double correlation = 0.5;    ///< ρ of the manual loss
    std::string centre = "1.5,0.6";  ///< ŵ of the manual loss, "w1,w2" (checked when computed)
    bool lasso = true;           ///< the path's penalty: lasso, or ridge
    double validation = 0.25;    ///< held-out fraction of the diabetes rows
    double alpha = 1.0;          ///< the alpha the path is read at
    std::uint64_t seed = 0;      ///< of the validation split
};

struct RegularizationLabResult {
    ConstrainedOptimumResult geometry;
    RegularizationPathResult path;
    std::size_t alphaIndex = 0;  ///< the path's alpha nearest to the one asked for
};

const LabSpec& regularizationLabSpec();
RegularizationLabParams regularizationLabParams(const LabState& state);

/// The shipped diabetes data (442 patients, target "progression"): these feature columns, or
/// all ten.
RegressionData diabetesData(const std::vector<std::string>& features = {});
/// The geometry's parameters: the manual loss, or the data of the loss's two columns. Throws
/// InputError for a centre that is not two numbers from -3 to 3.
ConstrainedOptimumParams geometryParams(const RegularizationLabParams& params);

/// The index of the alpha nearest to `alpha` on a log scale among a path's alphas (largest
/// first); 0 reads the weakest penalty.
std::size_t nearestAlphaIndex(const std::vector<double>& alphas, double alpha);
/// The largest non-zero coefficients at one alpha, largest |value| first, at most `count`.
std::vector<std::size_t> largestCoefficients(const RegularizationPathResult& path,
                                             std::size_t alphaIndex, std::size_t count = 4);

RegularizationLabResult computeRegularizationLab(const RegularizationLabParams& params,
                                                 const Progress& progress = {});
/// The three constrained optima with their certificates, and the path: its alphas, sparsity and
/// errors, the best alpha, and the coefficients at the alpha read.
nlohmann::json regularizationLabJson(const RegularizationLabResult& result);

} // namespace mllab::labs
