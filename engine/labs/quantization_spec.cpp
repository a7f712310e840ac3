// The quantization lab's declaration, presets, Pareto front and JSON (libtorch-free).
#include "engine/labs/quantization.h"

#include "engine/datapaths.h"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace mllab::labs {

const std::vector<std::string> kQuantizedMatrices{"qkv", "proj", "fc", "out"};

namespace {

const std::vector<std::string> kGranularities{"tensor", "row", "g32", "g64", "g128"};

int groupOf(const std::string& granularity)
{
    if (granularity == "tensor")
        return -1;
    if (granularity == "row")
        return 0;
    return std::stoi(granularity.substr(1));
}

} // namespace

const LabSpec& quantizationLabSpec()
{
    static const LabSpec spec = [] {
        LabSpec s{"quantization", "Quantization: bits, groups and outliers",
                  "Round the small GPT's weights to 2-8 bits and measure what the held-out text "
                  "says about it: bits per byte, KL, top-token agreement and size."};
        s.needsTorch = true;
        ParamSpec model{"model", "Model", ParamType::Text, std::string()};
        model.allowEmpty = true;
        model.help = "The language model: a checkpoint; empty: the shipped model";
        ParamSpec preset{"preset", "Preset", ParamType::Choice, std::string("q4_0")};
        preset.choices = {"custom", "q8_0", "q4_0", "q4_1"};
        preset.help = "llama.cpp's block formats: q8_0 (8-bit sym, groups of 32), q4_0 (4-bit sym, "
                      "groups of 32), q4_1 (4-bit asym, groups of 32); or custom bits, "
                      "granularity and scheme";
        ParamSpec bits{"bits", "Bits", ParamType::Integer, 4LL, 2, 8, 1};
        bits.widget = ParamWidget::Slider;
        bits.stops = {2, 3, 4, 5, 6, 8};
        bits.enabledWhen = "preset=custom";
        bits.help = "Bits per stored weight: 2^B levels (2^(B-1) - 1 each side for sym)";
        ParamSpec granularity{"granularity", "Scale per", ParamType::Choice, std::string("g32")};
        granularity.choices = kGranularities;
        granularity.choiceLabels = {"tensor", "output row", "32 inputs", "64 inputs", "128 inputs"};
        granularity.enabledWhen = "preset=custom";
        granularity.help = "One fp16 scale per tensor, per output row, or per group of "
                           "consecutive inputs within a row";
        ParamSpec scheme{"scheme", "Scheme", ParamType::Choice, std::string("sym")};
        scheme.choices = {"sym", "asym"};
        scheme.choiceLabels = {"symmetric", "asymmetric"};
        scheme.enabledWhen = "preset=custom";
        scheme.help = "sym: s = max|w| / (2^(B-1) - 1); asym: s = (max - min) / (2^B - 1) with a "
                      "zero point (an fp16 minimum more per group)";
        ParamSpec outliers{"outliers", "Keep 1% outliers", ParamType::Bool, false};
        outliers.help = "Keep the largest 1% of each tensor (by |w|) in fp16, out of the scales "
                        "(LLM.int8 / AWQ); 6 bytes each: int32 index + fp16 value";
        ParamSpec layer{"layer", "Histogram block", ParamType::Integer, 1LL, 1, 64, 1};
        layer.help = "The block whose matrix the histogram shows";
        ParamSpec matrix{"matrix", "Histogram matrix", ParamType::Choice, std::string("qkv")};
        matrix.choices = kQuantizedMatrices;
        matrix.choiceLabels = {"attn.qkv", "attn.proj", "fc", "out"};
        matrix.help = "The matrix whose weights the histogram shows";
        ParamSpec text{"text_bytes", "Held-out text", ParamType::Integer, 4000LL, 500, 16000, 500};
        text.unit = "bytes";
        text.help = "Bytes of held-out question-bank text the configuration is measured on (the "
                    "sweep uses its first 1000)";
        ParamSpec view = tabsParam("view", {"heatmap", "histogram", "sweep"},
                                   "The tab shown: error per matrix, a weight histogram with its "
                                   "grid, or the sweep of every configuration");
        s.params = {model, preset, bits, granularity, scheme, outliers, layer, matrix, text, view};
        return s;
    }();
    return spec;
}

QuantizeSpec presetSpec(const std::string& preset, const QuantizeSpec& custom)
{
    QuantizeSpec s = custom;
    if (preset == "custom")
        return s;
    s.group = 32;
    s.bits = preset == "q8_0" ? 8 : 4;
    s.scheme = preset == "q4_1" ? "asym" : "sym";
    return s;
}

std::string configurationName(const QuantizeSpec& spec)
{
    std::string name;
    if (spec.group == 32 && spec.bits == 8 && spec.scheme == "sym")
        name = "q8_0";
    else if (spec.group == 32 && spec.bits == 4)
        name = spec.scheme == "sym" ? "q4_0" : "q4_1";
    else
        name = std::to_string(spec.bits) + "-bit " + spec.scheme + ", " +
               (spec.group == -1  ? std::string("per tensor")
                : spec.group == 0 ? std::string("per row")
                                  : "group " + std::to_string(spec.group));
    if (spec.outlierFraction > 0)
        name += " +1% fp16";
    return name;
}

QuantizationLabParams quantizationLabParams(const LabState& state)
{
    QuantizationLabParams p;
    p.modelPath = state.text("model").empty() ? shippedModelPath() : state.text("model");
    p.preset = state.text("preset");
    QuantizeSpec custom;
    custom.bits = int(state.integer("bits"));
    custom.group = groupOf(state.text("granularity"));
    custom.scheme = state.text("scheme");
    custom.outlierFraction = state.flag("outliers") ? 0.01 : 0.0;
    p.spec = presetSpec(p.preset, custom);
    p.layer = int(state.integer("layer"));
    p.matrix = state.text("matrix");
    p.textBytes = int(state.integer("text_bytes"));
    return p;
}

void markParetoFront(std::vector<SweepPoint>& points)
{
    for (SweepPoint& p : points) {
        p.pareto = true;
        for (const SweepPoint& o : points)
            if (o.sizeBytes <= p.sizeBytes && o.bitsPerByte <= p.bitsPerByte &&
                (o.sizeBytes < p.sizeBytes || o.bitsPerByte < p.bitsPerByte)) {
                p.pareto = false;
                break;
            }
    }
}

std::vector<QuantizeSpec> sweepSpecs(const QuantizeSpec& current)
{
    std::vector<QuantizeSpec> specs;
    bool found = false;
    for (int bits : {8, 6, 5, 4, 3, 2})
        for (const std::string& granularity : kGranularities)
            for (const char* scheme : {"sym", "asym"}) {
                QuantizeSpec s;
                s.bits = bits;
                s.group = groupOf(granularity);
                s.scheme = scheme;
                s.outlierFraction = current.outlierFraction;
                found = found || (s.bits == current.bits && s.group == current.group &&
                                  s.scheme == current.scheme);
                specs.push_back(s);
            }
    if (!found)
        specs.push_back(current);
    return specs;
}

namespace {

nlohmann::json specJson(const QuantizeSpec& s)
{
    return {{"bits", s.bits},
            {"group", s.group},
            {"scheme", s.scheme},
            {"outlier_fraction", s.outlierFraction}};
}

} // namespace

nlohmann::json quantizationLabJson(const QuantizationLabResult& r)
{
    const QuantizeResult& c = r.current;
    nlohmann::json tensors = nlohmann::json::array();
    for (const QuantizedTensor& t : c.tensors)
        tensors.push_back({{"name", t.name}, {"shape", t.shape}, {"rel_rmse", t.relRmse}});
    const QuantizeHistogram& h = r.histogram;
    return {
        {"configuration", r.name},
        {"spec", specJson(c.spec)},
        {"text_bytes", r.textBytes},
        {"positions", c.positions},
        {"size_bytes", c.sizeBytes},
        {"size_bytes_fp32", c.sizeBytesFp32},
        {"quantized_weights", r.weights},
        {"bytes_per_weight", r.bytesPerWeight},
        {"outliers_kept", r.outliersKept},
        {"bits_per_byte", c.bitsPerByte},
        {"bits_per_byte_fp32", c.bitsPerByteFp32},
        {"bits_per_byte_change", c.bitsPerByte - c.bitsPerByteFp32},
        {"kl_mean", c.klMean},
        {"top1_agreement", c.top1Agreement},
        {"heatmap", {{"rows", r.layers}, {"columns", kQuantizedMatrices}, {"rel_rmse", r.relRmse}}},
        {"histogram",
         {{"tensor", h.tensor},
          {"low", h.low},
          {"high", h.high},
          {"counts", h.counts},
          {"rel_rmse", h.relRmse},
          {"grid",
           {{"group", h.grid.group},
            {"groups", h.grid.groups},
            {"group_size", h.grid.size},
            {"scale", h.grid.scale},
            {"levels", h.grid.levels}}}}},
        {"tensors", tensors}};
}

nlohmann::json quantizationSweepJson(const QuantizationSweep& sweep)
{
    nlohmann::json points = nlohmann::json::array();
    for (const SweepPoint& p : sweep.points)
        points.push_back({{"name", p.name},
                          {"spec", specJson(p.spec)},
                          {"size_bytes", p.sizeBytes},
                          {"bits_per_byte", p.bitsPerByte},
                          {"kl_mean", p.klMean},
                          {"top1_agreement", p.top1Agreement},
                          {"pareto", p.pareto},
                          {"current", p.current}});
    return {{"text_bytes", sweep.textBytes},
            {"positions", sweep.positions},
            {"bits_per_byte_fp32", sweep.bitsPerByteFp32},
            {"size_bytes_fp32", sweep.sizeBytesFp32},
            {"points", points}};
}

} // namespace mllab::labs
