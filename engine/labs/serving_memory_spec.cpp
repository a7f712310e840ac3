// The parameter declaration of the serving-memory lab, apart from its computation: the registry,
// links, state files and lessons read it without linking what the lab computes.

#include "engine/labs/serving_memory.h"

namespace mllab::labs {

namespace {

std::vector<ParamSpec> modelParams()
{
    ParamSpec preset{"model", "Model", ParamType::Choice, std::string("llama-3-8b")};
    for (const ModelShape& s : modelShapes()) {
        preset.choices.push_back(s.id);
        preset.choiceLabels.push_back(s.name);
    }
    preset.choices.push_back("custom");
    preset.choiceLabels.push_back("Custom shape");
    preset.help = "A published model's shape, or your own";
    const auto count = [](const char* key, const char* label, long long value, double max,
                          const char* help) {
        ParamSpec p{key, label, ParamType::Integer, value, 1, max, 1};
        p.help = help;
        p.visibleWhen = "model=custom";
        return p;
    };
    ParamSpec params{"params_b", "Parameters", ParamType::Number, 8.0, 0.001, 2000, 0.1};
    params.unit = "B";
    params.decimals = -1;
    params.help = "All weights, in billions";
    params.visibleWhen = "model=custom";
    ParamSpec active{"active_b", "Active per token", ParamType::Number, 0.0, 0, 2000, 0.1};
    active.unit = "B";
    active.decimals = -1;
    active.specialValueText = "all";
    active.help = "Weights read per token, in billions (a mixture of experts reads its chosen "
                  "experts only); 0 means all of them";
    active.visibleWhen = "model=custom";
    return {preset,
            count("layers", "Layers", 32, 512, "Transformer blocks"),
            count("heads", "Query heads", 32, 1024, "Attention heads of the queries"),
            count("kv_heads", "KV heads", 8, 1024,
                  "Heads of keys and values: as many as the query heads is MHA, fewer GQA, 1 MQA"),
            count("head_dim", "Head dimension", 128, 1024, "Dimension of one head"),
            params,
            active};
}

ParamSpec dtypeParam(const char* key, const char* label, const char* help)
{
    ParamSpec p{key, label, ParamType::Choice, std::string("bf16")};
    p.choices = {"fp32", "bf16", "fp16", "int8", "int4"};
    p.choiceLabels = {"fp32 (4 B)", "bf16 (2 B)", "fp16 (2 B)", "int8 (q8_0)", "int4 (q4_0)"};
    p.help = help;
    return p;
}

std::vector<ParamSpec> servingParams()
{
    ParamSpec context{"context", "Context", ParamType::Integer, 8192LL, 1, 1048576, 1024};
    context.unit = "tokens";
    context.help = "Tokens per sequence the cache is reserved for";
    context.stops = {512, 1024, 2048, 4096, 8192, 16384, 32768, 65536, 131072, 262144, 1048576};
    context.widget = ParamWidget::Slider;
    ParamSpec batch{"batch", "Sequences", ParamType::Integer, 8LL, 1, 4096, 1};
    batch.help = "Concurrent sequences, decoded together, each with its own cache";
    ParamSpec mean{"mean_length", "Mean length", ParamType::Integer, 2048LL, 0, 1048576, 256};
    mean.specialValueText = "the context";
    mean.help = "Tokens a sequence really holds on average (0: the whole context): paged blocks "
                "of 16 reserve about that much, a contiguous cache the whole context";
    ParamSpec gpu{"gpu_gib", "GPU memory", ParamType::Number, 80.0, 1, 2048, 1};
    gpu.unit = "GiB";
    gpu.decimals = 0;
    gpu.help = "Memory of the GPU (80 GiB: an H100 or A100 80GB)";
    ParamSpec bandwidth{"bandwidth_gbs", "Bandwidth", ParamType::Number, 3350.0, 10, 20000, 10};
    bandwidth.unit = "GB/s";
    bandwidth.decimals = 0;
    bandwidth.help = "Memory bandwidth (3,350 GB/s: an H100 SXM)";
    ParamSpec flops{"tflops", "Compute", ParamType::Number, 989.0, 1, 10000, 1};
    flops.unit = "TFLOPs";
    flops.decimals = 0;
    flops.help = "Dense 16-bit peak in TFLOP/s (989: an H100 SXM), for the prefill bound";
    return {dtypeParam("weight_dtype", "Weights", "How the weights are stored"),
            dtypeParam("kv_dtype", "KV cache", "How the cached keys and values are stored"),
            context,
            batch,
            mean,
            gpu,
            bandwidth,
            flops,
            tabsParam("tab", {"memory", "context", "batch"}, "The chart shown")};
}

} // namespace

const LabSpec& servingMemoryLabSpec()
{
    static const LabSpec spec = [] {
        LabSpec s{"serving-memory", "Serving memory and the KV cache",
                  "What serving a transformer takes in GPU memory (weights and the KV cache) and "
                  "what bounds its speed, for published models or your own shape."};
        s.needsTorch = true; // the tiny GPT's cache is measured (kv_cache_measure.h)
        for (auto* group : {&modelParams, &servingParams})
            for (ParamSpec& p : (*group)())
                s.params.push_back(std::move(p));
        return s;
    }();
    return spec;
}

} // namespace mllab::labs
