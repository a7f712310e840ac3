#pragma once
// The serving-memory lab: what serving a transformer costs in GPU memory and what bounds its
// speed (engine/serving.h's formulas, the `mllab-cli serving` contract), for a preset or a custom
// shape; beside it the KV cache against the context for MHA, this model's KV heads and MQA, and
// the decode bound against the batch, where memory bandwidth stops being shared by few sequences.

#include "engine/labs/params.h"
#include "engine/progress.h"
#include "engine/serving.h"

#include <nlohmann/json_fwd.hpp>

#include <vector>

namespace mllab::labs {

struct ServingMemoryLabResult {
    ServingParams params;
    ServingResult result;
    /// KV-cache GiB of the whole batch at each context of `contexts`, for MHA, this model, MQA.
    std::vector<double> contexts;
    std::vector<double> kvMha, kvModel, kvMqa;
    double freeGiB = 0; ///< GPU memory left beside the weights
    /// The decode bound (tokens/s over the batch, and per sequence) at each batch of `batches`.
    std::vector<double> batches;
    std::vector<double> decodeTotal, decodePerSequence;
};

const LabSpec& servingMemoryLabSpec();
/// InputError for a custom shape without sense (checked by computeServing).
ServingParams servingMemoryLabParams(const LabState& state);
ServingMemoryLabResult computeServingMemoryLab(const ServingParams& params,
                                               const Progress& progress = {});
/// Tokens the tiny GPT's KV cache is measured with: the lab's context, at most what its own
/// context leaves after the prompt.
int servingMeasureTokens(const ServingParams& params);

/// The `mllab-cli serving` numbers, the MHA/MQA comparison, paging, the prefill bound, and the
/// two sweeps.
nlohmann::json servingMemoryLabJson(const ServingMemoryLabResult& result);

} // namespace mllab::labs
