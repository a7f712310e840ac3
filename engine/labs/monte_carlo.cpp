#include "engine/labs/monte_carlo.h"

#include <nlohmann/json.hpp>

#include <cmath>

namespace mllab::labs {

MonteCarloParams monteCarloParams(const LabState& state)
{
    MonteCarloParams p;
    p.samples = state.integer("samples");
    p.seed = std::uint64_t(state.integer("seed"));
    return p;
}

nlohmann::json monteCarloJson(const MonteCarloResult& r)
{
    return {{"estimate", r.estimate},
            {"standard_error", r.standardError},
            {"error", std::abs(r.estimate - M_PI)},
            {"samples", r.samplesSoFar},
            {"estimates", r.estimates},
            {"standard_errors", r.standardErrors}};
}

} // namespace mllab::labs
