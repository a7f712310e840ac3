#include "engine/lm/quantize.h"
#include "engine/runtime.h"

#include "engine/datapaths.h"
#include "engine/lm/model_impl.h"
#include "engine/lm/trainer.h"

#include <torch/torch.h>

#include <algorithm>
#include <cmath>

namespace mllab {

void validateQuantizeSpec(const QuantizeSpec& spec)
{
    if (spec.bits < 2 || spec.bits > 8)
        throw InputError("bits must be from 2 to 8, got " + std::to_string(spec.bits));
    if (spec.group < -1)
        throw InputError("group must be -1 (per tensor), 0 (per row) or a size above 0, got " +
                         std::to_string(spec.group));
    if (spec.scheme != "sym" && spec.scheme != "asym")
        throw InputError("unknown scheme '" + spec.scheme + "' (sym, asym)");
}

namespace {

/// One group's values [begin, end) quantized and dequantized in place.
void quantizeGroup(float* begin, float* end, const QuantizeSpec& spec)
{
    const auto [lo, hi] = std::minmax_element(begin, end);
    if (spec.scheme == "sym") {
        const float top = float((1 << (spec.bits - 1)) - 1);
        const float scale = std::max(std::abs(*lo), std::abs(*hi)) / top;
        if (scale == 0.0f)
            return;
        for (float* w = begin; w != end; ++w)
            *w = std::clamp(std::nearbyint(*w / scale), -top, top) * scale;
        return;
    }
    const float levels = float((1 << spec.bits) - 1);
    const float low = *lo;
    const float scale = (*hi - low) / levels;
    if (scale == 0.0f)
        return;
    const float zero = std::nearbyint(-low / scale);
    for (float* w = begin; w != end; ++w)
        *w = (std::clamp(std::nearbyint(*w / scale) + zero, 0.0f, levels) - zero) * scale;
}

std::int64_t groupSize(std::int64_t rows, std::int64_t cols, const QuantizeSpec& spec)
{
    if (spec.group == -1)
        return rows * cols;
    if (spec.group == 0)
        return cols;
    if (cols % spec.group != 0)
        throw InputError("group " + std::to_string(spec.group) + " does not divide a row of " +
                         std::to_string(cols) + " inputs");
    return spec.group;
}

} // namespace

std::vector<float> quantizeDequantize(const std::vector<float>& weights, std::int64_t rows,
                                      std::int64_t cols, const QuantizeSpec& spec)
{
    validateQuantizeSpec(spec);
    if (std::int64_t(weights.size()) != rows * cols)
        throw InputError("a " + std::to_string(rows) + " x " + std::to_string(cols) +
                         " matrix needs " + std::to_string(rows * cols) + " values");
    std::vector<float> out = weights;
    const std::int64_t size = groupSize(rows, cols, spec);
    for (std::int64_t start = 0; start < rows * cols; start += size)
        quantizeGroup(out.data() + start, out.data() + start + size, spec);
    return out;
}

double quantizedBytes(std::int64_t rows, std::int64_t cols, const QuantizeSpec& spec)
{
    const std::int64_t values = rows * cols;
    const std::int64_t groups = values / groupSize(rows, cols, spec);
    const double perGroup = spec.scheme == "asym" ? 4.0 : 2.0; // fp16 scale (and minimum)
    return std::ceil(double(values) * spec.bits / 8.0) + double(groups) * perGroup;
}

bool isQuantizedWeight(const std::string& name)
{
    const auto endsWith = [&](const std::string& tail) {
        return name.size() >= tail.size() &&
               name.compare(name.size() - tail.size(), tail.size(), tail) == 0;
    };
    return endsWith(".attn.qkv.weight") || endsWith(".attn.proj.weight") ||
           endsWith(".fc.weight") || endsWith(".out.weight");
}

namespace {

/// Quantizes the block matrices of `model` in place; their errors, and the stored size.
std::vector<QuantizedTensor> quantizeWeights(LanguageModel& model, const QuantizeSpec& spec,
                                             double& sizeBytes, double& sizeFp32)
{
    torch::NoGradGuard noGrad;
    std::vector<QuantizedTensor> tensors;
    sizeBytes = sizeFp32 = 0;
    for (auto& [name, tensor] : model.impl().net->namedWeights()) {
        const double values = double(tensor.numel());
        sizeFp32 += 4 * values;
        if (!isQuantizedWeight(name) || tensor.dim() != 2) {
            sizeBytes += 4 * values;
            continue;
        }
        const std::int64_t rows = tensor.size(0), cols = tensor.size(1);
        const torch::Tensor cpu = tensor.to(torch::kCPU, torch::kFloat32).contiguous();
        const std::vector<float> before(cpu.data_ptr<float>(), cpu.data_ptr<float>() + cpu.numel());
        std::vector<float> after = quantizeDequantize(before, rows, cols, spec);
        double diff = 0, norm = 0;
        for (std::size_t i = 0; i < before.size(); ++i) {
            diff += (double(before[i]) - after[i]) * (double(before[i]) - after[i]);
            norm += double(before[i]) * before[i];
        }
        tensor.copy_(torch::from_blob(after.data(), {rows, cols}, torch::kFloat32));
        tensors.push_back({name, {rows, cols}, norm > 0 ? std::sqrt(diff / norm) : 0.0});
        sizeBytes += quantizedBytes(rows, cols, spec);
    }
    return tensors;
}

torch::Tensor windowLogProbs(LanguageModel& model, const std::vector<TokenId>& window)
{
    const auto ids =
        torch::tensor(std::vector<std::int64_t>(window.begin(), window.end() - 1), torch::kLong)
            .unsqueeze(0);
    return torch::log_softmax(model.impl().net->forward(ids).logits[0].to(torch::kFloat64), -1);
}

} // namespace

QuantizeResult quantizeLanguageModel(const std::string& modelPath, const QuantizeSpec& spec,
                                     const std::string& text, const std::string& outPath,
                                     const Progress& progress)
{
    validateQuantizeSpec(spec);
    const SingleComputeThread oneThread;
    const auto reference = LanguageModel::load(modelPath, "cpu");
    const auto quantized = LanguageModel::load(modelPath, "cpu");
    QuantizeResult r;
    r.spec = spec;
    r.tensors = quantizeWeights(*quantized, spec, r.sizeBytes, r.sizeBytesFp32);

    // The windows of evaluate(): each target scored once, with context/2 tokens of history; one
    // pass gives both models' bits per byte, the KL and the top-token agreement.
    c10::InferenceMode guard;
    const auto ids = reference->tokenizer().encode(text);
    if (ids.size() < 2)
        throw InputError("the text is too short to compare the models: it needs two tokens");
    const std::int64_t context = reference->config().contextLength;
    const std::int64_t stride = std::max<std::int64_t>(1, context / 2);
    const std::int64_t n = std::int64_t(ids.size());
    double kl = 0, natsP = 0, natsQ = 0;
    std::int64_t agree = 0;
    for (std::int64_t start = 0, done = 1; done < n; start += stride) {
        progress.update(double(done) / double(n), "comparing distributions");
        const std::int64_t end = std::min(start + context + 1, n);
        const std::vector<TokenId> window(ids.begin() + start, ids.begin() + end);
        const std::int64_t first = done - (start + 1);
        const auto p = windowLogProbs(*reference, window).slice(0, first);
        const auto q = windowLogProbs(*quantized, window).slice(0, first);
        const auto targets =
            torch::tensor(std::vector<std::int64_t>(window.begin() + 1 + first, window.end()),
                          torch::kLong)
                .unsqueeze(1);
        natsP -= p.gather(1, targets).sum().item<double>();
        natsQ -= q.gather(1, targets).sum().item<double>();
        kl += (p.exp() * (p - q)).sum().item<double>();
        agree += p.argmax(-1).eq(q.argmax(-1)).sum().item<std::int64_t>();
        r.positions += p.size(0);
        done = end;
    }
    std::int64_t predictedBytes = 0;
    for (std::size_t i = 1; i < ids.size(); ++i)
        predictedBytes += std::int64_t(reference->tokenizer().tokenBytes(ids[i]).size());
    r.bitsPerByteFp32 = natsP / (double(predictedBytes) * std::log(2.0));
    r.bitsPerByte = natsQ / (double(predictedBytes) * std::log(2.0));
    r.klMean = kl / double(r.positions);
    r.top1Agreement = double(agree) / double(r.positions);
    if (!outPath.empty())
        quantized->save(outPath,
                        {{"quantized", std::to_string(spec.bits) + " bits, group " +
                                           std::to_string(spec.group) + ", " + spec.scheme}});
    return r;
}

std::string heldOutBankText(std::size_t maxBytes)
{
    const std::string bank = readCorpus(questionBankDirectory());
    const std::size_t start = bank.size() - bank.size() / 10;
    return bank.substr(start, maxBytes);
}

} // namespace mllab
