#pragma once
// The GPT's configuration and the plain results of next-token inference, shared by the libtorch
// model (model.h) and the torch-free CPU inference (cpu_gpt.h).

#include "engine/lm/tokenizer.h"

#include <string>
#include <vector>

namespace mllab {

struct GptConfig {
    int vocabSize = 1024;    ///< tokens (256 bytes + BPE merges)
    int contextLength = 128; ///< positions
    int layers = 4;
    int heads = 4;
    int width = 128;      ///< embedding width d_model; head size is width / heads
    double dropout = 0.1; ///< training only
};

/// A prompt after tokenisation, cut to the context from the left when too long.
struct PromptTokens {
    std::vector<TokenId> ids;
    std::vector<std::string> pieces; ///< readable text of each token
    int droppedTokens = 0;           ///< tokens cut from the front to fit the context
};

struct NextTokenResult {
    PromptTokens prompt;
    std::vector<float> logits; ///< next-token logits, one per vocabulary entry
};

} // namespace mllab
