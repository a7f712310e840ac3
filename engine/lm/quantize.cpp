#include "engine/lm/quantize.h"
#include "engine/runtime.h"

#include "engine/datapaths.h"
#include "engine/lm/model_impl.h"
#include "engine/lm/trainer.h"

#include <torch/torch.h>

#include <algorithm>
#include <cmath>
#include <functional>

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
    if (!(spec.outlierFraction >= 0 && spec.outlierFraction <= 0.5))
        throw InputError("the share of outliers kept in fp16 must be from 0 to 0.5, got " +
                         std::to_string(spec.outlierFraction));
}

namespace {

/// A group's scale and zero point; from the values not kept (kept == null: all of them).
struct GroupScale {
    float scale = 0, zero = 0;
};

GroupScale groupScale(const float* begin, const float* end, const unsigned char* kept,
                      const QuantizeSpec& spec)
{
    float lo = 0, hi = 0;
    bool any = false;
    for (const float* w = begin; w != end; ++w) {
        if (kept && kept[w - begin])
            continue;
        lo = any ? std::min(lo, *w) : *w;
        hi = any ? std::max(hi, *w) : *w;
        any = true;
    }
    GroupScale g;
    if (!any)
        return g;
    if (spec.scheme == "sym") {
        g.scale = std::max(std::abs(lo), std::abs(hi)) / float((1 << (spec.bits - 1)) - 1);
        return g;
    }
    g.scale = (hi - lo) / float((1 << spec.bits) - 1);
    if (g.scale != 0.0f)
        g.zero = std::nearbyint(-lo / g.scale); // |min / s| may be large: the library call
    return g;
}

/// x rounded to the nearest integer, halves to even, for |x| < 2^22: adding and subtracting
/// 1.5 · 2^23 leaves no fraction bits, so the default rounding mode (to nearest even) does the
/// rounding. Equals std::nearbyint there, and unlike that library call it vectorizes.
inline float roundHalfEven(float x)
{
    constexpr float kMagic = 12582912.0f; // 1.5 * 2^23
    return (x + kMagic) - kMagic;
}

/// One group's values [begin, end) quantized and dequantized in place; kept values (a mask
/// beside the values, or null) are left alone. |w / s| is at most 2^(B-1) for sym; for asym it
/// can exceed 2^22 only when a group's range is tiny beside its values, and then the library
/// rounding is used.
void quantizeGroup(float* begin, float* end, const unsigned char* kept, const QuantizeSpec& spec)
{
    const GroupScale g = groupScale(begin, end, kept, spec);
    const float scale = g.scale;
    if (scale == 0.0f)
        return;
    const std::ptrdiff_t n = end - begin;
    if (spec.scheme == "sym") {
        const float top = float((1 << (spec.bits - 1)) - 1);
        for (std::ptrdiff_t i = 0; i < n; ++i) {
            const float q = std::clamp(roundHalfEven(begin[i] / scale), -top, top) * scale;
            begin[i] = kept && kept[i] ? begin[i] : q;
        }
        return;
    }
    const float levels = float((1 << spec.bits) - 1);
    const float zero = g.zero;
    if (std::abs(zero) + levels >= 4194304.0f) { // 2^22
        for (std::ptrdiff_t i = 0; i < n; ++i)
            if (!kept || !kept[i])
                begin[i] =
                    (std::clamp(std::nearbyint(begin[i] / scale) + zero, 0.0f, levels) - zero) *
                    scale;
        return;
    }
    for (std::ptrdiff_t i = 0; i < n; ++i) {
        const float q =
            (std::clamp(roundHalfEven(begin[i] / scale) + zero, 0.0f, levels) - zero) * scale;
        begin[i] = kept && kept[i] ? begin[i] : q;
    }
}

/// x rounded to the nearest fp16 value (half to even), for the normal fp16 range.
float toHalf(float x)
{
    if (x == 0.0f || !std::isfinite(x))
        return x;
    int exponent = 0;
    const float mantissa = std::frexp(x, &exponent); // [0.5, 1): 11 significant bits below
    return std::clamp(std::ldexp(std::nearbyint(std::ldexp(mantissa, 11)), exponent - 11),
                      -65504.0f, 65504.0f);
}

/// The mask of the weights kept in fp16 (empty when none are): the k largest |w|, ties to the
/// lower index. The k-th largest |w| is found on a copy, then one pass takes every larger value
/// and the first ones equal to it.
std::vector<unsigned char> outlierMask(const std::vector<float>& weights, const QuantizeSpec& spec)
{
    const std::int64_t k = keptOutliers(std::int64_t(weights.size()), spec);
    if (k == 0)
        return {};
    std::vector<float> magnitudes(weights.size());
    for (std::size_t i = 0; i < weights.size(); ++i)
        magnitudes[i] = std::abs(weights[i]);
    std::nth_element(magnitudes.begin(), magnitudes.begin() + (k - 1), magnitudes.end(),
                     std::greater<float>());
    const float threshold = magnitudes[std::size_t(k - 1)];
    std::int64_t above = 0;
    for (float m : magnitudes)
        above += m > threshold ? 1 : 0;
    std::int64_t equalLeft = k - above;
    std::vector<unsigned char> mask(weights.size(), 0);
    for (std::size_t i = 0; i < weights.size(); ++i) {
        const float m = std::abs(weights[i]);
        if (m > threshold || (m == threshold && equalLeft-- > 0))
            mask[i] = 1;
    }
    return mask;
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
    const std::vector<unsigned char> kept = outlierMask(weights, spec);
    for (std::int64_t start = 0; start < rows * cols; start += size)
        quantizeGroup(out.data() + start, out.data() + start + size,
                      kept.empty() ? nullptr : kept.data() + start, spec);
    for (std::size_t i = 0; i < kept.size(); ++i)
        if (kept[i])
            out[i] = toHalf(out[i]);
    return out;
}

std::int64_t keptOutliers(std::int64_t values, const QuantizeSpec& spec)
{
    return std::int64_t(std::llround(spec.outlierFraction * double(values)));
}

QuantizeGrid largestScaleGrid(const std::vector<float>& weights, std::int64_t rows,
                              std::int64_t cols, const QuantizeSpec& spec)
{
    validateQuantizeSpec(spec);
    if (std::int64_t(weights.size()) != rows * cols || weights.empty())
        throw InputError("a " + std::to_string(rows) + " x " + std::to_string(cols) +
                         " matrix needs " + std::to_string(rows * cols) + " values");
    QuantizeGrid grid;
    grid.size = groupSize(rows, cols, spec);
    grid.groups = rows * cols / grid.size;
    const std::vector<unsigned char> kept = outlierMask(weights, spec);
    GroupScale best;
    for (std::int64_t g = 0; g < grid.groups; ++g) {
        const float* begin = weights.data() + g * grid.size;
        const GroupScale s = groupScale(begin, begin + grid.size,
                                        kept.empty() ? nullptr : kept.data() + g * grid.size, spec);
        if (g == 0 || s.scale > best.scale) {
            best = s;
            grid.group = g;
        }
    }
    grid.scale = best.scale;
    if (spec.scheme == "sym") {
        const int top = (1 << (spec.bits - 1)) - 1;
        for (int q = -top; q <= top; ++q)
            grid.levels.push_back(double(float(q) * best.scale));
    } else {
        for (int q = 0; q < (1 << spec.bits); ++q)
            grid.levels.push_back(double((float(q) - best.zero) * best.scale));
    }
    return grid;
}

double quantizedBytes(std::int64_t rows, std::int64_t cols, const QuantizeSpec& spec)
{
    const std::int64_t values = rows * cols;
    const std::int64_t groups = values / groupSize(rows, cols, spec);
    const double perGroup = spec.scheme == "asym" ? 4.0 : 2.0; // fp16 scale (and minimum)
    // A kept outlier still sits in the packed array (its slot is ignored): index + fp16 value.
    return std::ceil(double(values) * spec.bits / 8.0) + double(groups) * perGroup +
           6.0 * double(keptOutliers(values, spec));
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

torch::Tensor windowLogProbs(const LanguageModel& model, const std::vector<TokenId>& window)
{
    const auto ids =
        torch::tensor(std::vector<std::int64_t>(window.begin(), window.end() - 1), torch::kLong)
            .unsqueeze(0);
    return torch::log_softmax(model.impl().net->forward(ids).logits[0].to(torch::kFloat64), -1);
}

/// One scored window: its tokens, the first scored position, the targets and float32 log-probs.
struct Window {
    std::vector<TokenId> tokens;
    std::int64_t first = 0;
    torch::Tensor targets;   ///< [scored, 1]
    torch::Tensor reference; ///< [scored, vocabulary] float32 model's log-probs (float64)
    torch::Tensor referenceProbs;
    torch::Tensor referenceTop;
};

} // namespace

struct QuantizeComparer::State {
    std::shared_ptr<const LanguageModel> reference;
    std::shared_ptr<LanguageModel> working;
    std::vector<BlockMatrix> matrices;
    std::vector<torch::Tensor> parameters; ///< the working copy's tensor of each matrix
    double sizeOtherBytes = 0;             ///< weights that stay float32
    double sizeFp32 = 0;
    std::vector<Window> windows;
    double bitsPerByteFp32 = 0;
    double predictedBytes = 0;
    std::int64_t positions = 0;
};

QuantizeComparer::QuantizeComparer(const std::string& modelPath, const std::string& text,
                                   std::shared_ptr<const LanguageModel> reference,
                                   const Progress& progress)
    : m(std::make_unique<State>())
{
    const SingleComputeThread oneThread;
    m->reference = reference ? std::move(reference) : LanguageModel::load(modelPath, "cpu");
    m->working = LanguageModel::load(modelPath, "cpu");
    {
        torch::NoGradGuard noGrad;
        for (auto& [name, tensor] : m->working->impl().net->namedWeights()) {
            const double values = double(tensor.numel());
            m->sizeFp32 += 4 * values;
            if (!isQuantizedWeight(name) || tensor.dim() != 2) {
                m->sizeOtherBytes += 4 * values;
                continue;
            }
            const torch::Tensor cpu = tensor.to(torch::kCPU, torch::kFloat32).contiguous();
            m->matrices.push_back(
                {name, tensor.size(0), tensor.size(1),
                 std::vector<float>(cpu.data_ptr<float>(), cpu.data_ptr<float>() + cpu.numel())});
            m->parameters.push_back(tensor);
        }
    }

    // The windows of evaluate(): each target scored once, with context/2 tokens of history.
    c10::InferenceMode guard;
    const auto ids = m->reference->tokenizer().encode(text);
    if (ids.size() < 2)
        throw InputError("the text is too short to compare the models: it needs two tokens");
    const std::int64_t context = m->reference->config().contextLength;
    const std::int64_t stride = std::max<std::int64_t>(1, context / 2);
    const std::int64_t n = std::int64_t(ids.size());
    double nats = 0;
    for (std::int64_t start = 0, done = 1; done < n; start += stride) {
        progress.update(double(done) / double(n), "float32 log-probabilities");
        const std::int64_t end = std::min(start + context + 1, n);
        Window w;
        w.tokens.assign(ids.begin() + start, ids.begin() + end);
        w.first = done - (start + 1);
        w.reference = windowLogProbs(*m->reference, w.tokens).slice(0, w.first);
        w.referenceProbs = w.reference.exp();
        w.referenceTop = w.reference.argmax(-1);
        w.targets =
            torch::tensor(std::vector<std::int64_t>(w.tokens.begin() + 1 + w.first, w.tokens.end()),
                          torch::kLong)
                .unsqueeze(1);
        nats -= w.reference.gather(1, w.targets).sum().item<double>();
        m->positions += w.reference.size(0);
        m->windows.push_back(std::move(w));
        done = end;
    }
    for (std::size_t i = 1; i < ids.size(); ++i)
        m->predictedBytes += double(m->reference->tokenizer().tokenBytes(ids[i]).size());
    m->bitsPerByteFp32 = nats / (m->predictedBytes * std::log(2.0));
}

QuantizeComparer::~QuantizeComparer() = default;

const std::vector<BlockMatrix>& QuantizeComparer::matrices() const
{
    return m->matrices;
}

const LanguageModel& QuantizeComparer::quantizedModel() const
{
    return *m->working;
}

double QuantizeComparer::bitsPerByteFp32() const
{
    return m->bitsPerByteFp32;
}

std::int64_t QuantizeComparer::positions() const
{
    return m->positions;
}

QuantizeResult QuantizeComparer::compare(const QuantizeSpec& spec, const Progress& progress)
{
    validateQuantizeSpec(spec);
    const SingleComputeThread oneThread;
    QuantizeResult r;
    r.spec = spec;
    r.sizeBytes = m->sizeOtherBytes;
    r.sizeBytesFp32 = m->sizeFp32;
    {
        torch::NoGradGuard noGrad;
        for (std::size_t i = 0; i < m->matrices.size(); ++i) {
            const BlockMatrix& matrix = m->matrices[i];
            std::vector<float> after =
                quantizeDequantize(matrix.weights, matrix.rows, matrix.cols, spec);
            double diff = 0, norm = 0;
            for (std::size_t j = 0; j < after.size(); ++j) {
                const double w = matrix.weights[j];
                diff += (w - after[j]) * (w - after[j]);
                norm += w * w;
            }
            m->parameters[i].copy_(
                torch::from_blob(after.data(), {matrix.rows, matrix.cols}, torch::kFloat32));
            r.tensors.push_back(
                {matrix.name, {matrix.rows, matrix.cols}, norm > 0 ? std::sqrt(diff / norm) : 0.0});
            r.sizeBytes += quantizedBytes(matrix.rows, matrix.cols, spec);
        }
    }
    c10::InferenceMode guard;
    double kl = 0, nats = 0;
    std::int64_t agree = 0;
    for (std::size_t i = 0; i < m->windows.size(); ++i) {
        progress.update(double(i) / double(m->windows.size()), "comparing distributions");
        const Window& w = m->windows[i];
        const auto q = windowLogProbs(*m->working, w.tokens).slice(0, w.first);
        nats -= q.gather(1, w.targets).sum().item<double>();
        kl += (w.referenceProbs * (w.reference - q)).sum().item<double>();
        agree += w.referenceTop.eq(q.argmax(-1)).sum().item<std::int64_t>();
    }
    r.positions = m->positions;
    r.bitsPerByteFp32 = m->bitsPerByteFp32;
    r.bitsPerByte = nats / (m->predictedBytes * std::log(2.0));
    r.klMean = kl / double(r.positions);
    r.top1Agreement = double(agree) / double(r.positions);
    return r;
}

QuantizeResult quantizeLanguageModel(const std::string& modelPath, const QuantizeSpec& spec,
                                     const std::string& text, const std::string& outPath,
                                     const Progress& progress)
{
    validateQuantizeSpec(spec);
    QuantizeComparer comparer(modelPath, text, {}, progress);
    QuantizeResult r = comparer.compare(spec, progress);
    if (!outPath.empty())
        comparer.quantizedModel().save(
            outPath, {{"quantized", std::to_string(spec.bits) + " bits, group " +
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
