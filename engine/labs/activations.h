#pragma once
// The activations lab: activation functions and their derivatives on an interval, with the
// regions where the derivative is so small that gradients vanish (saturation). The formulas are
// PyTorch's (torch.nn.functional): GELU exact (erf), SiLU x·σ(x), softplus with β = 1, the
// derivative of ReLU at 0 taken as 0, of leaky ReLU as the slope.

#include "engine/labs/params.h"
#include "engine/progress.h"

#include <nlohmann/json_fwd.hpp>

#include <string>
#include <utility>
#include <vector>

namespace mllab::labs {

/// relu, leaky-relu, elu, gelu, silu, sigmoid, tanh, softplus.
const std::vector<std::string>& activationIds();

struct ActivationsLabParams {
    std::vector<std::string> functions = {"relu", "gelu", "sigmoid", "tanh"};
    double xMin = -5, xMax = 5;
    double leakySlope = 0.01;  ///< leaky ReLU's slope for x < 0
    double eluAlpha = 1.0;     ///< ELU's α
    double saturation = 0.05;  ///< |f'(x)| below this counts as saturated
    int points = 401;
};

struct ActivationCurve {
    std::string id;
    std::vector<double> value, derivative;               ///< on the grid
    std::vector<std::pair<double, double>> saturated;    ///< x intervals with |f'| < threshold
    double saturatedFraction = 0;  ///< share of the interval that is saturated
    double maxDerivative = 0;      ///< largest f' on the grid, and where
    double maxDerivativeAt = 0;
    double derivativeAtZero = 0;
};

struct ActivationsLabResult {
    std::vector<double> x;
    std::vector<ActivationCurve> curves;  ///< in the order asked for
    double saturation = 0;
};

const LabSpec& activationsLabSpec();
ActivationsLabParams activationsLabParams(const LabState& state);
/// InputError for an unknown function, an empty choice or an empty interval.
ActivationsLabResult computeActivationsLab(const ActivationsLabParams& params,
                                           const Progress& progress = {});
/// Per function: the saturated share and intervals, the largest derivative and where, f'(0),
/// and f and f' at the whole numbers of the interval.
nlohmann::json activationsLabJson(const ActivationsLabResult& result);

} // namespace mllab::labs
