#pragma once
// The KV cache of the engine's own GPT, measured: greedy decoding from a short prompt keeps every
// layer's keys and values ([batch, heads, time, head_dim] float32 tensors); their bytes after n
// tokens against the formula 2·layers·heads·head_dim·4 bytes per token, and decoding speed with
// the cache (one new token through the network per step) and without it (the whole sequence
// again every step), on the CPU, one thread.

#include "engine/progress.h"

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <string>

namespace mllab {

struct KvCacheMeasurement {
    int tokens = 0;                ///< positions held in the cache at the end
    double cacheBytes = 0;         ///< bytes of the cache tensors the engine allocated
    double formulaBytes = 0;       ///< 2·L·H·D·4 bytes x tokens
    double bytesPerToken = 0;      ///< the formula's per token
    double cachedTokensPerSecond = 0;
    double recomputedTokensPerSecond = 0;
    bool sameTokens = true; ///< both ways chose the same tokens (float rounding could differ)
};

/// Decodes `tokens` tokens greedily twice (with and without the cache); InputError when they do
/// not fit the model's context.
KvCacheMeasurement measureKvCache(const std::string& modelPath, int tokens,
                                  const Progress& progress = {});
nlohmann::json kvCacheMeasurementJson(const KvCacheMeasurement& m);

} // namespace mllab
