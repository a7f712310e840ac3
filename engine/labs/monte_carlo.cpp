#include "engine/labs/monte_carlo.h"

#include <nlohmann/json.hpp>

#include <cmath>

namespace mllab::labs {

const LabSpec& monteCarloSpec()
{
    static const LabSpec spec = [] {
        LabSpec s{"monte-carlo", "Monte Carlo convergence",
                  "Estimate π from random points and watch the error shrink as 1/√n."};
        s.needsTorch = true;
        ParamSpec samples{"samples", "Points", ParamType::Integer, 1'000'000LL, 1, 1e9};
        samples.widget = ParamWidget::ComboBox;
        samples.stops = {1e3, 1e4, 1e5, 1e6, 1e7, 1e8};
        samples.help = "Points drawn uniformly in the unit square";
        ParamSpec seed = seedParam("The same seed draws the same points");
        s.params = {samples, seed};
        return s;
    }();
    return spec;
}

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
