#pragma once
// The optimizers lab: SGD, momentum, Nesterov, RMSprop, Adam and AdamW racing from one start on
// a 2-D surface (engine/optimize.h, torch.optim's rules in float64), the loss per step, and on the
// ill-conditioned quadratic the stability limit and the predicted against the measured rates.

#include "engine/labs/params.h"
#include "engine/optimize.h"
#include "engine/progress.h"

#include <nlohmann/json_fwd.hpp>

#include <string>
#include <vector>

namespace mllab::labs {

/// sgd, momentum, nesterov, rmsprop, adam, adamw: the racers, in this order.
const std::vector<std::string>& racerIds();

struct OptimizersLabParams {
    Surface surface = Surface::Quadratic;
    std::string surfaceName = "quadratic";
    double condition = 10;
    Point2 start{-1.5, 1.5};
    std::vector<std::string> racers = racerIds();
    double lr = 0.05;         ///< SGD, momentum and Nesterov
    double adaptiveLr = 0.05; ///< RMSprop, Adam and AdamW
    double momentum = 0.9;
    double beta1 = 0.9, beta2 = 0.999, eps = 1e-8;
    double weightDecay = 0;
    bool biasCorrection = true;
    double noise = 0;
    unsigned long long seed = 0;
    int steps = 300;
    int netEpochs = 150;            ///< the network race (optimizer_network.h)
    std::string landscape = "adam"; ///< whose loss plane the view draws
};

struct Racer {
    std::string id;
    Trajectory trajectory;
    double finalLoss = 0;
    double bestLoss = 0;
    double rate = 0;           ///< measuredRate towards the surface's minimum
    int stepsToTolerance = -1; ///< first step with loss - min below 1e-6 (never: -1)
};

struct OptimizersLabResult {
    OptimizersLabParams params;
    std::vector<Racer> racers; ///< in the order asked for
    bool hasRates = false;     ///< the quadratic's closed forms below
    QuadraticRates rates;
};

/// The settings of one racer from the lab's parameters (torch.optim's class and options).
OptimizerSettings racerSettings(const std::string& id, const OptimizersLabParams& params);

const LabSpec& optimizersLabSpec();
OptimizersLabParams optimizersLabParams(const LabState& state);
/// InputError for an unknown or empty list of optimizers.
OptimizersLabResult computeOptimizersLab(const OptimizersLabParams& params,
                                         const Progress& progress = {});
/// Per racer its final and best loss, final point, rate, steps to 1e-6 and whether it
/// diverged; the quadratic's rates.
nlohmann::json optimizersLabJson(const OptimizersLabResult& result);

} // namespace mllab::labs
