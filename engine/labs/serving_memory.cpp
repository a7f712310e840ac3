#include "engine/labs/serving_memory.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>

namespace mllab::labs {

namespace {

constexpr double kGiB = 1073741824.0;

/// Contexts from 256 tokens to 4x the chosen one (at least 128k), doubling.
std::vector<double> contextSweep(std::int64_t context)
{
    std::vector<double> out;
    const double top = std::max(131072.0, 4.0 * double(context));
    for (double c = 256; c <= top; c *= 2)
        out.push_back(c);
    return out;
}

} // namespace

ServingParams servingMemoryLabParams(const LabState& state)
{
    ServingParams p;
    const std::string id = state.text("model");
    if (id == "custom") {
        p.model.id = "custom";
        p.model.name = "custom shape";
        p.model.layers = int(state.integer("layers"));
        p.model.heads = int(state.integer("heads"));
        p.model.kvHeads = int(state.integer("kv_heads"));
        p.model.headDim = int(state.integer("head_dim"));
        p.model.parameters = state.number("params_b") * 1e9;
        const double active = state.number("active_b");
        p.model.activeParameters = active > 0 ? active * 1e9 : p.model.parameters;
    } else {
        p.model = modelShape(id);
    }
    p.weightDtype = state.text("weight_dtype");
    p.kvDtype = state.text("kv_dtype");
    p.context = state.integer("context");
    p.batch = state.integer("batch");
    p.meanLength = std::min<std::int64_t>(state.integer("mean_length"), p.context);
    p.gpuMemoryGiB = state.number("gpu_gib");
    p.bandwidthGBs = state.number("bandwidth_gbs");
    p.teraflops = state.number("tflops");
    return p;
}

ServingMemoryLabResult computeServingMemoryLab(const ServingParams& p, const Progress& progress)
{
    progress.checkCancelled();
    ServingMemoryLabResult r;
    r.params = p;
    r.result = computeServing(p);
    r.freeGiB = (r.result.gpuBytes - r.result.weightsBytes) / kGiB;
    const double batch = double(p.batch);
    for (double c : contextSweep(p.context)) {
        r.contexts.push_back(c);
        r.kvMha.push_back(r.result.kvBytesPerTokenMha * c * batch / kGiB);
        r.kvModel.push_back(r.result.kvBytesPerToken * c * batch / kGiB);
        r.kvMqa.push_back(r.result.kvBytesPerTokenMqa * c * batch / kGiB);
    }
    const double activeWeights = p.model.activeParameters * bytesPerValue(p.weightDtype);
    const double perSequence = r.result.kvBytesPerToken * double(p.context);
    const std::int64_t top = std::max<std::int64_t>({2 * r.result.maxBatch, 2 * p.batch, 8});
    for (std::int64_t b = 1; b <= top; b = b < 8 ? b + 1 : b + std::max<std::int64_t>(1, b / 8)) {
        const double total =
            double(b) * p.bandwidthGBs * 1e9 / (activeWeights + perSequence * double(b));
        r.batches.push_back(double(b));
        r.decodeTotal.push_back(total);
        r.decodePerSequence.push_back(total / double(b));
    }
    return r;
}

int servingMeasureTokens(const ServingParams& p)
{
    return int(std::min<std::int64_t>(p.context, std::max(1, p.model.contextLimit - 8)));
}

nlohmann::json servingMemoryLabJson(const ServingMemoryLabResult& r)
{
    const ServingResult& s = r.result;
    return {{"model", r.params.model.id},
            {"weights_bytes", s.weightsBytes},
            {"kv_bytes_per_token", s.kvBytesPerToken},
            {"kv_bytes", s.kvBytes},
            {"total_bytes", s.totalBytes},
            {"gpu_bytes", s.gpuBytes},
            {"fits", s.fits},
            {"max_batch", s.maxBatch},
            {"decode_tokens_per_s_bound", s.decodeTokensPerSecondBound},
            {"prefill_tokens_per_s_bound", s.prefillTokensPerSecondBound},
            {"kv_bytes_per_token_mha", s.kvBytesPerTokenMha},
            {"kv_bytes_per_token_mqa", s.kvBytesPerTokenMqa},
            {"paging",
             {{"block_tokens", r.params.blockTokens},
              {"contiguous_kv_bytes", s.contiguousKvBytes},
              {"paged_kv_bytes", s.pagedKvBytes},
              {"used_kv_bytes", s.usedKvBytes},
              {"max_batch_paged", s.maxBatchPaged}}},
            {"context_sweep",
             {{"contexts", r.contexts},
              {"kv_gib_mha", r.kvMha},
              {"kv_gib", r.kvModel},
              {"kv_gib_mqa", r.kvMqa}}},
            {"batch_sweep",
             {{"batches", r.batches},
              {"decode_tokens_per_s", r.decodeTotal},
              {"decode_tokens_per_s_per_sequence", r.decodePerSequence}}}};
}

} // namespace mllab::labs
