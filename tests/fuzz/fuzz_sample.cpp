// The logits file of `mllab-cli sample` (engine/logits_json.h) and the sampling pipeline it feeds
// (engine/sampling.h). The input is the JSON file; its optional "temperature", "top_k", "top_p"
// and "min_p" pick the configuration. Bad files and configurations are refused with InputError;
// otherwise every stage is a distribution (entries in [0, 1], sum 1), the kept ids are exactly
// the non-zero ones, the entropy lies in [0, log2 kept], and TokenSampler draws what
// computeSampling draws.

#include "engine/logits_json.h"
#include "engine/progress.h"
#include "engine/sampling.h"
#include "tests/fuzz/fuzz_check.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <climits>
#include <cmath>
#include <cstdint>
#include <string_view>

using namespace mllab;

namespace {

constexpr int kDraws = 8;

SamplingConfig configOf(std::string_view text)
{
    SamplingConfig config;
    const nlohmann::json doc = nlohmann::json::parse(text.begin(), text.end(), nullptr, false);
    if (!doc.is_object())
        return config;
    auto number = [&](const char* key, double fallback) {
        const auto it = doc.find(key);
        return it != doc.end() && it->is_number() ? it->get<double>() : fallback;
    };
    config.temperature = number("temperature", config.temperature);
    // As mllab-cli's --top-k: out-of-range integers become values the engine refuses or reads as
    // "all".
    config.topK = int(std::clamp(number("top_k", config.topK), double(INT_MIN), double(INT_MAX)));
    config.topP = number("top_p", config.topP);
    config.minP = number("min_p", config.minP);
    return config;
}

void checkDistribution(const std::vector<double>& p, std::size_t size)
{
    FUZZ_CHECK(p.size() == size);
    double sum = 0;
    for (double v : p) {
        FUZZ_CHECK(v >= 0 && v <= 1);
        sum += v;
    }
    FUZZ_CHECK(std::fabs(sum - 1) < 1e-9);
}

void checkResult(const SamplingResult& r, const SamplingParams& params)
{
    const std::size_t n = params.logits.size();
    for (const auto* stage : {&r.softmax, &r.temperature, &r.topK, &r.topP, &r.minP})
        checkDistribution(*stage, n);
    std::vector<int> nonZero;
    for (std::size_t i = 0; i < n; ++i)
        if (r.minP[i] > 0)
            nonZero.push_back(int(i));
    FUZZ_CHECK(r.kept == nonZero);
    FUZZ_CHECK(r.entropyBits >= 0);
    FUZZ_CHECK(r.entropyBits <= std::log2(double(r.kept.size())) + 1e-9);
    FUZZ_CHECK(std::fabs(r.entropyNats - r.entropyBits * std::log(2.0)) < 1e-9);
    FUZZ_CHECK(r.draws.size() == std::size_t(params.draws));

    TokenSampler sampler(params.config, params.seed);
    for (int id : r.draws) {
        FUZZ_CHECK(id >= 0 && std::size_t(id) < n && r.minP[id] > 0);
        const TokenDraw draw = sampler.sample(params.logits);
        FUZZ_CHECK(draw.id == id);
        FUZZ_CHECK(std::fabs(draw.probability - r.minP[id]) <= 1e-9 * r.minP[id] + 1e-15);
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    SamplingParams params;
    params.config = configOf(text);
    params.seed = size;
    params.draws = kDraws;
    try {
        validateSamplingConfig(params.config);
        params.logits = parseLogitsJson(text, "fuzz.json");
    } catch (const InputError&) {
        return 0;
    }
    SamplingResult result;
    try {
        result = computeSampling(params);
    } catch (const InputError&) {
        return 0; // empty, NaN, +inf or all -inf logits
    }
    checkResult(result, params);
    return 0;
}
