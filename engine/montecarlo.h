#pragma once
// Monte Carlo estimate of pi: the demonstration lab's computation. Small, real and seeded; its
// standard error shrinks as 1/sqrt(n), which is the point the lab makes.

#include "engine/progress.h"

#include <cstdint>
#include <string>
#include <vector>

namespace mllab {

struct MonteCarloParams {
    std::int64_t samples = 1'000'000;  ///< points drawn uniformly in the unit square
    std::uint64_t seed = 0;            ///< same seed, same device -> same estimates
    int checkpoints = 100;             ///< estimates recorded along the way (>= 1)
    std::string device = "cpu";        ///< "cpu" or "cuda:N"
};

struct MonteCarloResult {
    std::vector<std::int64_t> samplesSoFar;  ///< n at each checkpoint
    std::vector<double> estimates;           ///< 4 * (points inside the quarter circle) / n
    std::vector<double> standardErrors;      ///< 4 * sqrt(p (1-p) / n), p the inside fraction
    double estimate = 0;                     ///< final estimate
    double standardError = 0;
};

/// Draws `samples` points in chunks (each ~1 M points, checking cancel between chunks) and
/// records the running estimate of pi = 4 * P(x² + y² <= 1).
MonteCarloResult computeMonteCarloPi(const MonteCarloParams& params, const Progress& progress = {});

} // namespace mllab
