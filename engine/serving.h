#pragma once
// Serving memory and speed bounds of a decoder-only transformer (the DESIGN.md `serving`
// contract): weights = parameters x bytes per weight; the KV cache keeps a key and a value per
// layer, KV head and head dimension for every token, 2·L·K·D·bytes; decode is bound by memory
// bandwidth (every step reads the active weights and every sequence's cache), prefill by FLOPs
// (2 x active parameters per token). Bytes per value: fp32 4, bf16/fp16 2, and int8 / int4 as
// llama.cpp's q8_0 / q4_0 blocks (34 and 18 bytes per 32 values, the scale included).

#include <cstdint>
#include <string>
#include <vector>

namespace mllab {

struct ModelShape {
    std::string id;   ///< "gpt2", ... or "custom"
    std::string name; ///< shown in the app
    int layers = 0;
    int heads = 0;         ///< query heads
    int kvHeads = 0;       ///< K: heads of keys and values (= heads: MHA; 1: MQA; between: GQA)
    int headDim = 0;       ///< D
    double parameters = 0; ///< all weights
    double activeParameters = 0; ///< read per token (a mixture of experts reads only its chosen)
    int contextLimit = 0;        ///< the model's own maximum context (0: not stated)
};

/// tiny-gpt (the shipped model), gpt2, mistral-7b, llama-3-8b, llama-3-70b, mixtral-8x7b.
const std::vector<ModelShape>& modelShapes();
/// The preset with this id; InputError naming the known ids otherwise.
const ModelShape& modelShape(const std::string& id);

/// Bytes per stored value of "fp32", "bf16", "fp16", "int8" (34/32) or "int4" (18/32);
/// InputError naming the known dtypes otherwise.
double bytesPerValue(const std::string& dtype);

struct ServingParams {
    ModelShape model;
    std::string weightDtype = "bf16";
    std::string kvDtype = "bf16";
    std::int64_t context = 4096; ///< tokens per sequence the cache is sized for
    std::int64_t batch = 1;      ///< concurrent sequences
    double gpuMemoryGiB = 80;    ///< 2^30 bytes
    double bandwidthGBs = 3350;  ///< 10^9 bytes per second
    double teraflops = 989;      ///< dense bf16 peak, for the prefill bound
    std::int64_t meanLength = 0; ///< tokens a sequence really holds on average (0: context)
    int blockTokens = 16;        ///< paged-attention block size
};

struct ServingResult {
    double weightsBytes = 0;
    double kvBytesPerToken = 0; ///< 2·L·K·D·bytes(kv dtype)
    double kvBytes = 0;         ///< per token x context x batch (contiguous, sized to the context)
    double totalBytes = 0;      ///< weights + kv
    double gpuBytes = 0;
    bool fits = false;
    std::int64_t maxBatch = 0; ///< sequences of `context` tokens that fit beside the weights
    /// Tokens per second over the whole batch: batch x bandwidth / (active weight bytes + kv
    /// bytes).
    double decodeTokensPerSecondBound = 0;
    /// Prompt tokens per second: FLOPs / (2 x active parameters).
    double prefillTokensPerSecondBound = 0;
    double kvBytesPerTokenMha = 0; ///< the same model with as many KV heads as query heads
    double kvBytesPerTokenMqa = 0; ///< ... with one KV head
    // Paged against contiguous caches for sequences of meanLength tokens.
    double contiguousKvBytes = 0;   ///< every sequence reserves `context` tokens
    double pagedKvBytes = 0;        ///< every sequence holds ceil(length / block) blocks
    double usedKvBytes = 0;         ///< what the tokens themselves need
    std::int64_t maxBatchPaged = 0; ///< sequences of meanLength that fit when paged
};

/// InputError for a shape or setting outside sense (no layers, a context below 1, ...).
ServingResult computeServing(const ServingParams& params);

} // namespace mllab
