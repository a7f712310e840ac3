#pragma once
// A tiny GPT for engine tests: a short text, a small configuration and an untrained model with a
// BPE tokenizer learnt on that text. Builds in milliseconds; nothing here is trained.

#include "engine/lm/model.h"
#include "engine/lm/tokenizer.h"

#include <cstdint>
#include <memory>
#include <string>

namespace enginetest {

inline const std::string kTinyText =
    "Attention lets every token look at the tokens before it. The softmax turns scores into "
    "weights "
    "that sum to one. Temperature divides the logits; top-p keeps the nucleus of likely tokens. ";

/// Two layers, two heads, width 32, a 300-token vocabulary, no dropout.
inline mllab::GptConfig tinyGptConfig(int contextLength)
{
    mllab::GptConfig c;
    c.vocabSize = 300;
    c.contextLength = contextLength;
    c.layers = 2;
    c.heads = 2;
    c.width = 32;
    c.dropout = 0.0;
    return c;
}

/// tinyGptConfig's model with freshly initialised weights (seeded) and a tokenizer of kTinyText.
inline std::shared_ptr<mllab::LanguageModel> untrainedTinyModel(int contextLength,
                                                                std::uint64_t seed)
{
    mllab::BpeTrainParams bpe;
    bpe.corpus = kTinyText;
    bpe.vocabSize = 300;
    return mllab::LanguageModel::create(tinyGptConfig(contextLength),
                                        mllab::BpeTokenizer(mllab::trainBpe(bpe).merges), seed);
}

} // namespace enginetest
