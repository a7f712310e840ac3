#include "engine/lm/kv_cache_measure.h"

#include "engine/lm/model_impl.h"
#include "engine/runtime.h"

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include <chrono>

namespace mllab {

namespace {

torch::Tensor ids(const std::vector<TokenId>& tokens)
{
    return torch::tensor(std::vector<std::int64_t>(tokens.begin(), tokens.end()), torch::kLong)
        .unsqueeze(0);
}

TokenId argmaxLast(const torch::Tensor& logits)
{
    return TokenId(logits[0][logits.size(1) - 1].argmax().item<std::int64_t>());
}

double secondsSince(std::chrono::steady_clock::time_point start)
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

} // namespace

KvCacheMeasurement measureKvCache(const std::string& modelPath, int tokens,
                                  const Progress& progress)
{
    const SingleComputeThread oneThread;
    c10::InferenceMode guard;
    const auto model = LanguageModel::load(modelPath, "cpu");
    const GptConfig& c = model->config();
    std::vector<TokenId> prompt = model->tokenize("The").ids;
    const int total = int(prompt.size()) + tokens;
    if (tokens < 1 || total > c.contextLength)
        throw InputError("measure 1 to " + std::to_string(c.contextLength - int(prompt.size())) +
                         " tokens: the model's context is " + std::to_string(c.contextLength));
    auto& net = model->impl().net;

    std::vector<lm::LayerCache> cache;
    lm::ForwardOptions options;
    options.cache = &cache;
    std::vector<TokenId> cached = prompt;
    auto start = std::chrono::steady_clock::now();
    TokenId next = argmaxLast(net->forward(ids(cached), options).logits);
    for (int step = 1; step < tokens; ++step) {
        progress.update(0.5 * step / tokens, "decoding with the cache");
        cached.push_back(next);
        next = argmaxLast(net->forward(ids({next}), options).logits);
    }
    cached.push_back(next);
    const double withCache = secondsSince(start);

    KvCacheMeasurement m;
    m.tokens = int(cached.size()) - 1; // the last token is chosen but not yet fed through
    for (const auto& layer : cache)
        m.cacheBytes += double(layer.keys.nbytes() + layer.values.nbytes());
    m.bytesPerToken = 2.0 * c.layers * c.width * double(sizeof(float)); // heads x head_dim = width
    m.formulaBytes = m.bytesPerToken * m.tokens;

    std::vector<TokenId> recomputed = prompt;
    start = std::chrono::steady_clock::now();
    for (int step = 0; step < tokens; ++step) {
        progress.update(0.5 + 0.5 * step / tokens, "decoding without the cache");
        recomputed.push_back(argmaxLast(net->forward(ids(recomputed)).logits));
    }
    const double withoutCache = secondsSince(start);
    m.sameTokens = recomputed == cached;
    m.cachedTokensPerSecond = tokens / withCache;
    m.recomputedTokensPerSecond = tokens / withoutCache;
    return m;
}

nlohmann::json kvCacheMeasurementJson(const KvCacheMeasurement& m)
{
    return {{"tokens", m.tokens},
            {"cache_bytes", m.cacheBytes},
            {"formula_bytes", m.formulaBytes},
            {"bytes_per_token", m.bytesPerToken},
            {"cached_tokens_per_s", m.cachedTokensPerSecond},
            {"recomputed_tokens_per_s", m.recomputedTokensPerSecond},
            {"same_tokens", m.sameTokens}};
}

} // namespace mllab
