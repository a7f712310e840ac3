#pragma once
// The monte-carlo lab: estimate π from random points and watch the error shrink as 1/√n
// (engine/montecarlo.h computes it).

#include "engine/labs/params.h"
#include "engine/montecarlo.h"

#include <nlohmann/json_fwd.hpp>

namespace mllab::labs {

const LabSpec& monteCarloSpec();
MonteCarloParams monteCarloParams(const LabState& state);
/// estimate, standard_error, error (|estimate - π|) and the running series.
nlohmann::json monteCarloJson(const MonteCarloResult& result);

} // namespace mllab::labs
