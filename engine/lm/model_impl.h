#pragma once
// Engine-internal state behind LanguageModel (shared by model.cpp, checkpoint.cpp, trainer.cpp).

#include "engine/lm/gpt.h"
#include "engine/lm/model.h"

namespace mllab {

struct LanguageModel::Impl {
    GptConfig config;
    BpeTokenizer tokenizer;
    std::string deviceId;
    c10::Device device{c10::kCPU};
    lm::Gpt net{nullptr};
    std::map<std::string, std::string> metadata;
};

namespace lm {
/// Wraps a built Impl into the public handle (the constructor is private to the class).
std::shared_ptr<LanguageModel> wrap(std::unique_ptr<LanguageModel::Impl> impl);
} // namespace lm

} // namespace mllab
