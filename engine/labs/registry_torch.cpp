// The lab pipelines that compute with libtorch; the others come from mllab_engine_core.
#include "engine/labs/attention.h"
#include "engine/labs/monte_carlo.h"
#include "engine/labs/registry.h"

#include <nlohmann/json.hpp>

namespace mllab::labs {

LabRunner labRunner(std::string_view id)
{
    if (id == "monte-carlo")
        return [](const LabState& state, const Progress& progress) {
            return monteCarloJson(computeMonteCarloPi(monteCarloParams(state), progress));
        };
    if (id == "attention")
        return [](const LabState& state, const Progress& progress) {
            return attentionLabJson(computeAttentionLab(attentionLabParams(state), progress));
        };
    return torchFreeLabRunner(id);
}

} // namespace mllab::labs
