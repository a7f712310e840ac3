#pragma once
// Named model sizes for training a GPT in the app and with `mllab-cli lm train --preset`.

#include "engine/lm/gpt_config.h"

#include <string>
#include <vector>

namespace mllab {

struct TrainPreset {
    std::string id;          ///< "tiny", "small" or "larger"
    std::string description; ///< one line: the shape and where it trains well
    GptConfig config;
    int suggestedSteps = 0; ///< enough for the validation loss to flatten on the question bank
    bool wantsGpu = false;  ///< slow on a CPU
};

/// tiny (2 layers x 2 heads, width 64, context 64, 512 tokens), small (the shipped shape: 4 x 4,
/// width 128, context 128, 1024 tokens), larger (6 x 8, width 256, context 256, 2048 tokens).
const std::vector<TrainPreset>& trainPresets();

/// The preset with this id; InputError naming the known ids otherwise.
const TrainPreset& trainPreset(const std::string& id);

} // namespace mllab
