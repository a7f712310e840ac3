// The quantization lab's pipelines (libtorch through engine/lm/quantize).
#include "engine/labs/quantization.h"

#include "engine/lm/model.h"

#include <algorithm>
#include <cmath>

namespace mllab::labs {

namespace {

/// "block3.attn.qkv.weight" -> block 3, column 0 (qkv); -1 when the name is not a block's.
std::pair<int, int> cellOf(const std::string& name)
{
    if (name.rfind("block", 0) != 0)
        return {-1, -1};
    const std::size_t dot = name.find('.');
    int block = -1;
    try {
        block = std::stoi(name.substr(5, dot - 5));
    } catch (const std::exception&) {
        return {-1, -1};
    }
    const std::string rest = name.substr(dot + 1);
    const std::vector<std::string> suffixes{"attn.qkv.weight", "attn.proj.weight", "fc.weight",
                                            "out.weight"};
    for (std::size_t c = 0; c < suffixes.size(); ++c)
        if (rest == suffixes[c])
            return {block, int(c)};
    return {-1, -1};
}

void checkText(const std::string& text, int requested)
{
    if (text.size() < 64)
        throw InputError("the held-out question-bank text has only " + std::to_string(text.size()) +
                         " bytes (asked for " + std::to_string(requested) +
                         "): the comparison needs at least 64");
}

} // namespace

QuantizationLabResult computeQuantizationLab(const QuantizationLabParams& params,
                                             const Progress& progress)
{
    validateQuantizeSpec(params.spec);
    if (params.textBytes < 64)
        throw InputError("the held-out text must be at least 64 bytes, got " +
                         std::to_string(params.textBytes));
    const std::string text = heldOutBankText(std::size_t(params.textBytes));
    checkText(text, params.textBytes);
    QuantizeComparer comparer(params.modelPath, text, params.model, progress);
    QuantizationLabResult r;
    r.current = comparer.compare(params.spec, progress);
    r.name = configurationName(params.spec);
    r.textBytes = std::int64_t(text.size());
    r.layers = comparer.quantizedModel().config().layers;
    r.relRmse.assign(std::size_t(std::max(0, r.layers)),
                     std::vector<double>(kQuantizedMatrices.size(), std::nan("")));
    double quantizedBytesSum = 0;
    for (const BlockMatrix& m : comparer.matrices()) {
        r.weights += m.rows * m.cols;
        r.outliersKept += keptOutliers(m.rows * m.cols, params.spec);
        quantizedBytesSum += quantizedBytes(m.rows, m.cols, params.spec);
    }
    r.bytesPerWeight = r.weights > 0 ? quantizedBytesSum / double(r.weights) : 0;
    for (const QuantizedTensor& t : r.current.tensors) {
        const auto [block, column] = cellOf(t.name);
        if (block >= 0 && block < r.layers)
            r.relRmse[std::size_t(block)][std::size_t(column)] = t.relRmse;
    }

    // The histogram's tensor: a layer beyond the model's shows its last block.
    const int layer = std::clamp(params.layer, 1, std::max(1, r.layers));
    const auto column =
        std::size_t(std::find(kQuantizedMatrices.begin(), kQuantizedMatrices.end(), params.matrix) -
                    kQuantizedMatrices.begin());
    if (column >= kQuantizedMatrices.size())
        throw InputError("unknown matrix '" + params.matrix + "' (qkv, proj, fc, out)");
    for (std::size_t i = 0; i < comparer.matrices().size(); ++i) {
        const BlockMatrix& m = comparer.matrices()[i];
        const auto [block, c] = cellOf(m.name);
        if (block != layer - 1 || c != int(column))
            continue;
        QuantizeHistogram& h = r.histogram;
        h.tensor = m.name;
        h.relRmse = r.current.tensors[i].relRmse;
        h.grid = largestScaleGrid(m.weights, m.rows, m.cols, params.spec);
        const auto [lo, hi] = std::minmax_element(m.weights.begin(), m.weights.end());
        h.low = std::min(double(*lo), h.grid.levels.front());
        h.high = std::max(double(*hi), h.grid.levels.back());
        const int bins = std::max(1, params.bins);
        h.counts.assign(std::size_t(bins), 0);
        const double width = h.high > h.low ? (h.high - h.low) / bins : 1.0;
        for (float w : m.weights) {
            const int b = std::clamp(int((double(w) - h.low) / width), 0, bins - 1);
            ++h.counts[std::size_t(b)];
        }
    }
    return r;
}

QuantizationSweep computeQuantizationSweep(const QuantizationLabParams& params,
                                           const Progress& progress)
{
    validateQuantizeSpec(params.spec);
    const int bytes = std::min(params.sweepBytes, params.textBytes);
    const std::string text = heldOutBankText(std::size_t(std::max(0, bytes)));
    checkText(text, bytes);
    QuantizeComparer comparer(params.modelPath, text, params.model, progress);
    QuantizationSweep sweep;
    sweep.textBytes = std::int64_t(text.size());
    sweep.positions = comparer.positions();
    sweep.bitsPerByteFp32 = comparer.bitsPerByteFp32();
    const std::vector<QuantizeSpec> specs = sweepSpecs(params.spec);
    for (std::size_t i = 0; i < specs.size(); ++i) {
        progress.update(double(i) / double(specs.size()), "sweeping configurations");
        const QuantizeSpec& s = specs[i];
        bool fits = true;
        for (const BlockMatrix& m : comparer.matrices())
            fits = fits && (s.group <= 0 || m.cols % s.group == 0);
        if (!fits)
            continue; // a group that does not divide this model's rows
        // Each configuration reports within its share of the bar and checks cancel per window.
        mllab::Progress part;
        part.cancel = progress.cancel;
        if (progress.report)
            part.report = [&progress, i, n = specs.size()](double f, const std::string& message) {
                progress.report((double(i) + f) / double(n), message);
            };
        const QuantizeResult r = comparer.compare(s, part);
        SweepPoint p;
        p.spec = s;
        p.name = configurationName(s);
        p.sizeBytes = r.sizeBytes;
        p.bitsPerByte = r.bitsPerByte;
        p.klMean = r.klMean;
        p.top1Agreement = r.top1Agreement;
        p.current = s.bits == params.spec.bits && s.group == params.spec.group &&
                    s.scheme == params.spec.scheme;
        sweep.sizeBytesFp32 = r.sizeBytesFp32;
        sweep.points.push_back(p);
    }
    markParetoFront(sweep.points);
    return sweep;
}

} // namespace mllab::labs
