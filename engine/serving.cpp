#include "engine/serving.h"

#include "engine/progress.h"

#include <algorithm>
#include <cmath>

namespace mllab {

const std::vector<ModelShape>& modelShapes()
{
    // Shapes from each model's published configuration; parameter counts as their model cards
    // and config arithmetic give them (embeddings included; GPT-2's tied output counted once).
    static const std::vector<ModelShape> shapes{
        {"tiny-gpt", "tiny GPT (shipped)", 4, 4, 4, 32, 940800, 940800, 128},
        {"gpt2", "GPT-2 124M", 12, 12, 12, 64, 124439808, 124439808, 1024},
        {"mistral-7b", "Mistral-7B", 32, 32, 8, 128, 7241732096, 7241732096, 32768},
        {"llama-3-8b", "Llama-3-8B", 32, 32, 8, 128, 8030261248, 8030261248, 8192},
        {"llama-3-70b", "Llama-3-70B", 80, 64, 8, 128, 70553706496, 70553706496, 8192},
        {"mixtral-8x7b", "Mixtral-8x7B (2 of 8 experts per token)", 32, 32, 8, 128, 46702792704,
         12879925248, 32768},
    };
    return shapes;
}

const ModelShape& modelShape(const std::string& id)
{
    std::string known;
    for (const ModelShape& s : modelShapes()) {
        if (s.id == id)
            return s;
        known += (known.empty() ? "" : ", ") + s.id;
    }
    throw InputError("unknown model preset '" + id + "' (" + known + ")");
}

double bytesPerValue(const std::string& dtype)
{
    if (dtype == "fp32")
        return 4;
    if (dtype == "bf16" || dtype == "fp16")
        return 2;
    if (dtype == "int8")
        return 34.0 / 32; // q8_0: 32 int8 values and one fp16 scale
    if (dtype == "int4")
        return 18.0 / 32; // q4_0: 32 4-bit values and one fp16 scale
    throw InputError("unknown dtype '" + dtype + "' (fp32, bf16, fp16, int8, int4)");
}

namespace {

void validate(const ServingParams& p)
{
    const ModelShape& m = p.model;
    if (m.layers < 1 || m.kvHeads < 1 || m.headDim < 1)
        throw InputError("the model needs at least one layer, one KV head and a head dimension");
    if (m.heads > 0 && m.kvHeads > m.heads)
        throw InputError("KV heads (" + std::to_string(m.kvHeads) +
                         ") cannot exceed query heads (" + std::to_string(m.heads) + ")");
    if (!(m.parameters > 0) || !std::isfinite(m.parameters))
        throw InputError("the model needs a parameter count above 0");
    if (!(m.activeParameters > 0) || m.activeParameters > m.parameters)
        throw InputError("active parameters must be above 0 and at most the parameter count");
    if (p.context < 1 || p.batch < 1)
        throw InputError("context and batch must be at least 1");
    if (!(p.gpuMemoryGiB > 0) || !(p.bandwidthGBs > 0) || !(p.teraflops > 0))
        throw InputError("GPU memory, bandwidth and FLOPs must be above 0");
    if (p.meanLength < 0 || p.meanLength > p.context)
        throw InputError("the mean sequence length must be from 0 to the context (" +
                         std::to_string(p.context) + ")");
    if (p.blockTokens < 1)
        throw InputError("the page block must hold at least one token");
}

} // namespace

ServingResult computeServing(const ServingParams& p)
{
    validate(p);
    const ModelShape& m = p.model;
    const double weightBytes = bytesPerValue(p.weightDtype);
    const double kvBytes = bytesPerValue(p.kvDtype);
    ServingResult r;
    r.weightsBytes = m.parameters * weightBytes;
    r.kvBytesPerToken = 2.0 * m.layers * m.kvHeads * m.headDim * kvBytes;
    r.kvBytesPerTokenMha = 2.0 * m.layers * std::max(m.heads, m.kvHeads) * m.headDim * kvBytes;
    r.kvBytesPerTokenMqa = 2.0 * m.layers * 1 * m.headDim * kvBytes;
    const double perSequence = r.kvBytesPerToken * double(p.context);
    r.kvBytes = perSequence * double(p.batch);
    r.totalBytes = r.weightsBytes + r.kvBytes;
    r.gpuBytes = p.gpuMemoryGiB * 1073741824.0;
    r.fits = r.totalBytes <= r.gpuBytes;
    const double free = r.gpuBytes - r.weightsBytes;
    r.maxBatch = free > 0 ? std::int64_t(std::floor(free / perSequence)) : 0;
    const double activeWeightBytes = m.activeParameters * weightBytes;
    r.decodeTokensPerSecondBound =
        double(p.batch) * p.bandwidthGBs * 1e9 / (activeWeightBytes + r.kvBytes);
    r.prefillTokensPerSecondBound = p.teraflops * 1e12 / (2.0 * m.activeParameters);

    const std::int64_t length = p.meanLength > 0 ? p.meanLength : p.context;
    const std::int64_t blocks = (length + p.blockTokens - 1) / p.blockTokens;
    r.contiguousKvBytes = r.kvBytes;
    r.pagedKvBytes = r.kvBytesPerToken * double(blocks * p.blockTokens) * double(p.batch);
    r.usedKvBytes = r.kvBytesPerToken * double(length) * double(p.batch);
    const double pagedPerSequence = r.kvBytesPerToken * double(blocks * p.blockTokens);
    r.maxBatchPaged = free > 0 ? std::int64_t(std::floor(free / pagedPerSequence)) : 0;
    return r;
}

} // namespace mllab
