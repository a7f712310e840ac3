// mllab-cli serving: weights, KV cache, what fits and the decode bound of serving a transformer
// (the contract in DESIGN.md; the formulas in engine/serving.h).
#include "engine/cli/args.h"
#include "engine/cli/commands.h"
#include "engine/progress.h"
#include "engine/serving.h"

#include <nlohmann/json.hpp>

#include <ostream>

namespace mllab::cli {
namespace {

ModelShape shapeFrom(const Args& args)
{
    if (args.has("preset")) {
        for (const char* custom : {"layers", "kv-heads", "head-dim", "params", "active-params"})
            if (args.has(custom))
                throw UsageError(std::string("--preset and --") + custom + " do not go together");
        return modelShape(args.text("preset", ""));
    }
    ModelShape s;
    s.id = "custom";
    s.name = "custom";
    const auto count = [&](const char* key) {
        args.required(key);
        const long long v = args.integer(key, 0);
        if (v < 1 || v > 1'000'000)
            throw InputError(std::string("--") + key + " must be from 1 to 1000000, got " +
                             std::to_string(v));
        return int(v);
    };
    s.layers = count("layers");
    s.kvHeads = count("kv-heads");
    s.headDim = count("head-dim");
    args.required("params");
    s.parameters = args.number("params", 0);
    s.activeParameters = args.number("active-params", s.parameters);
    return s;
}

int runServing(const std::vector<std::string>& argv, std::ostream& out)
{
    Args args(argv, 2,
              {"preset", "layers", "kv-heads", "head-dim", "params", "active-params",
               "weight-dtype", "kv-dtype", "context", "batch", "gpu-memory-gib", "bandwidth-gbs"});
    if (!args.has("preset") && !args.has("layers"))
        throw UsageError("give --preset, or the shape: --layers --kv-heads --head-dim --params");
    ServingParams p;
    p.model = shapeFrom(args);
    p.weightDtype = args.text("weight-dtype", "bf16");
    p.kvDtype = args.text("kv-dtype", "bf16");
    p.context = args.integer("context", 4096);
    p.batch = args.integer("batch", 1);
    p.gpuMemoryGiB = args.number("gpu-memory-gib", 80);
    p.bandwidthGBs = args.number("bandwidth-gbs", 3350);
    const ServingResult r = computeServing(p);
    printJson(out, nlohmann::json{{"weights_bytes", r.weightsBytes},
                                  {"kv_bytes_per_token", r.kvBytesPerToken},
                                  {"kv_bytes", r.kvBytes},
                                  {"total_bytes", r.totalBytes},
                                  {"fits", r.fits},
                                  {"max_batch", r.maxBatch},
                                  {"decode_tokens_per_s_bound", r.decodeTokensPerSecondBound}});
    return 0;
}

} // namespace

void addServingCommands(std::vector<Command>& out)
{
    out.push_back({"serving",
                   "serving (--preset tiny-gpt|gpt2|mistral-7b|llama-3-8b|llama-3-70b|"
                   "mixtral-8x7b | --layers L --kv-heads K --head-dim D --params P "
                   "[--active-params A]) [--weight-dtype bf16] [--kv-dtype bf16] [--context 4096] "
                   "[--batch 1] [--gpu-memory-gib 80] [--bandwidth-gbs 3350]",
                   runServing});
    out.back().help = {
        "Memory and decode speed of serving a transformer: weights = params x bytes, KV cache "
        "per token = 2 x layers x KV heads x head dim x bytes, times context and batch; whether "
        "it fits the GPU, the largest batch that does, and the decode bound batch x bandwidth / "
        "(active weight bytes + KV bytes). Bytes per value: fp32 4, bf16 and fp16 2, int8 34/32 "
        "and int4 18/32 (llama.cpp's q8_0 and q4_0 blocks).",
        {{"",
          {{"--preset P", "tiny-gpt, gpt2, mistral-7b, llama-3-8b, llama-3-70b or mixtral-8x7b"},
           {"--layers L", "transformer blocks (custom shape)"},
           {"--kv-heads K", "key/value heads: as many as query heads (MHA), fewer (GQA), 1 (MQA)"},
           {"--head-dim D", "dimension of one head"},
           {"--params P", "parameters, all of them"},
           {"--active-params A", "parameters read per token (a mixture of experts) [P]"},
           {"--weight-dtype T", "fp32, bf16, fp16, int8 or int4 [bf16]"},
           {"--kv-dtype T", "the cache's dtype, as above [bf16]"},
           {"--context N", "tokens per sequence [4096]"},
           {"--batch N", "concurrent sequences [1]"},
           {"--gpu-memory-gib G", "GPU memory, GiB [80]"},
           {"--bandwidth-gbs B", "memory bandwidth, GB/s [3350]"}}}}};
}

} // namespace mllab::cli
