// The parameter declaration of the monte-carlo lab, apart from its computation: the registry,
// links, state files and lessons read it without linking what the lab computes.

#include "engine/labs/monte_carlo.h"

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

} // namespace mllab::labs
