#pragma once
// The quantization lab: round-to-nearest weight quantization of the GPT's block matrices
// (engine/lm/quantize.h, the DESIGN.md `lm quantize` rules) at 2-8 bits, per tensor, per output
// row or in groups of 32/64/128 inputs, symmetric or asymmetric, optionally keeping the largest
// 1% of each tensor in fp16; llama.cpp's q8_0, q4_0 and q4_1 as presets. Measured against the
// float32 model on held-out question-bank text: bits per byte, mean KL(float32 || quantized) of
// the next-token distributions, top-token agreement and stored size; the relative error of every
// block × matrix; a histogram of one tensor with the grid of its widest group; and a sweep of
// every configuration (bits × granularity × scheme) on a shorter slice, with its Pareto front.
//
// Declaration, presets, Pareto front and JSON are torch-free (quantization_spec.cpp, in
// mllab_engine_core); computing needs libtorch (quantization.cpp, in mllab_engine).

#include "engine/labs/params.h"
#include "engine/lm/quantize.h"
#include "engine/progress.h"

#include <nlohmann/json_fwd.hpp>

#include <memory>
#include <string>
#include <vector>

namespace mllab {
class LanguageModel;
}

namespace mllab::labs {

/// The matrices of a block, the heatmap's columns.
extern const std::vector<std::string> kQuantizedMatrices; // qkv, proj, fc, out

struct QuantizationLabParams {
    std::string modelPath;       ///< a checkpoint (the state's "" is the shipped model's path)
    std::string preset = "q4_0"; ///< custom | q8_0 | q4_0 | q4_1
    QuantizeSpec spec;           ///< after the preset
    int layer = 1;               ///< 1-based block of the histogram's tensor
    std::string matrix = "qkv";  ///< qkv | proj | fc | out
    int textBytes = 4000;        ///< held-out text the configuration is measured on
    int sweepBytes = 1000;       ///< the sweep's shorter slice (its first bytes)
    int bins = 60;               ///< histogram bins
    /// The model already loaded (the app's model library keeps one); null: modelPath is loaded.
    std::shared_ptr<const LanguageModel> model;
};

/// The spec a preset stands for (custom: the given one).
QuantizeSpec presetSpec(const std::string& preset, const QuantizeSpec& custom);
/// "q4_0", or "4-bit sym, group 64 (+1% fp16)": the configuration's short name.
std::string configurationName(const QuantizeSpec& spec);

struct QuantizeHistogram {
    std::string tensor;
    double low = 0, high = 0; ///< the bins span [low, high]
    std::vector<std::int64_t> counts;
    QuantizeGrid grid; ///< of the group with the largest scale
    double relRmse = 0;
};

struct QuantizationLabResult {
    QuantizeResult current;
    std::string name; ///< configurationName(current.spec)
    std::int64_t textBytes = 0;
    std::int64_t weights = 0;      ///< values in the quantized matrices
    std::int64_t outliersKept = 0; ///< over all matrices
    double bytesPerWeight = 0;     ///< quantized matrices only
    int layers = 0;
    std::vector<std::vector<double>> relRmse; ///< [block][qkv, proj, fc, out]
    QuantizeHistogram histogram;
};

struct SweepPoint {
    QuantizeSpec spec;
    std::string name;
    double sizeBytes = 0, bitsPerByte = 0, klMean = 0, top1Agreement = 0;
    bool pareto = false;
    bool current = false;
};

struct QuantizationSweep {
    std::int64_t textBytes = 0;
    std::int64_t positions = 0;
    double bitsPerByteFp32 = 0;
    double sizeBytesFp32 = 0;
    std::vector<SweepPoint> points; ///< bits 8..2 × tensor, row, 32, 64, 128 × sym, asym
};

const LabSpec& quantizationLabSpec();
QuantizationLabParams quantizationLabParams(const LabState& state);
/// Marks the points no other point beats in both size and bits per byte (ties: both kept).
void markParetoFront(std::vector<SweepPoint>& points);
/// The sweep's configurations: every bits × granularity × scheme with the current outlier
/// option, and the current configuration when it is not among them.
std::vector<QuantizeSpec> sweepSpecs(const QuantizeSpec& current);

// libtorch (mllab_engine):
QuantizationLabResult computeQuantizationLab(const QuantizationLabParams& params,
                                             const Progress& progress = {});
QuantizationSweep computeQuantizationSweep(const QuantizationLabParams& params,
                                           const Progress& progress = {});

nlohmann::json quantizationLabJson(const QuantizationLabResult& result);
nlohmann::json quantizationSweepJson(const QuantizationSweep& sweep);

} // namespace mllab::labs
