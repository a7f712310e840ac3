#pragma once
// A small GPT checkpoint for the language-model lab tests: 3 layers x 3 heads, width 48 (d_k =
// 16), a 32-token context and a BPE tokenizer of a short text. Untrained: the tests check shapes
// and bookkeeping, not what the model learnt.

#include "engine/lm/model.h"
#include "engine/lm/tokenizer.h"

#include <string>

namespace lmtest {

inline const char kText[] =
    "Attention lets every token look at the tokens before it. The softmax turns scores into "
    "weights that sum to one. Temperature divides the logits; top-p keeps the nucleus. ";

constexpr int kLayers = 3;
constexpr int kHeads = 3;
constexpr int kContext = 32;

/// Writes the model to `path` (a .safetensors file) and returns the path.
inline std::string writeTestModel(const std::string& path)
{
    mllab::BpeTrainParams bpe;
    bpe.corpus = kText;
    bpe.vocabSize = 300;
    mllab::GptConfig config;
    config.vocabSize = 300;
    config.contextLength = kContext;
    config.layers = kLayers;
    config.heads = kHeads;
    config.width = 48;
    config.dropout = 0.0;
    const auto model =
        mllab::LanguageModel::create(config, mllab::BpeTokenizer(mllab::trainBpe(bpe).merges), 5);
    model->save(path);
    return path;
}

} // namespace lmtest
