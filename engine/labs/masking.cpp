// The masking lab's computation (libtorch: the model runs in mllab_engine).
#include "engine/labs/masking.h"

#include "engine/lm/model_impl.h"
#include "engine/runtime.h"

#include <torch/torch.h>

#include <algorithm>

namespace mllab::labs {

namespace {

torch::Tensor longTensor(const std::vector<std::int64_t>& values, std::int64_t rows,
                         std::int64_t columns)
{
    return torch::tensor(values, torch::TensorOptions().dtype(torch::kLong)).view({rows, columns});
}

std::vector<std::vector<float>> squareMap(const torch::Tensor& map) // [T, T]
{
    const auto cpu = map.to(torch::kCPU, torch::kFloat).contiguous();
    std::vector<std::vector<float>> rows;
    for (std::int64_t q = 0; q < cpu.size(0); ++q) {
        const float* row = cpu[q].data_ptr<float>();
        rows.emplace_back(row, row + cpu.size(1));
    }
    return rows;
}

/// KL(p ‖ q) in nats between the softmaxes of two logit rows, in float64.
double klDivergence(const torch::Tensor& alone, const torch::Tensor& padded)
{
    const auto logP = torch::log_softmax(alone.to(torch::kDouble), -1);
    const auto logQ = torch::log_softmax(padded.to(torch::kDouble), -1);
    return std::max(0.0, (logP.exp() * (logP - logQ)).sum().item<double>());
}

} // namespace

MaskingLabResult computeMaskingLab(const MaskingLabParams& params, const Progress& progress)
{
    const std::vector<std::string> texts = splitPrompts(params.prompts);
    if (int(texts.size()) > kMaskingMaxPrompts)
        throw InputError("the batch has " + std::to_string(texts.size()) + " prompts; at most " +
                         std::to_string(kMaskingMaxPrompts) + " fit the lab");
    const std::shared_ptr<const LanguageModel> model =
        params.model ? params.model : LanguageModel::load(params.modelPath);
    const GptConfig& config = model->config();
    if (params.padId < 0 || params.padId >= config.vocabSize)
        throw InputError("pad token id " + std::to_string(params.padId) +
                         " is outside the model's vocabulary of " +
                         std::to_string(config.vocabSize) + " tokens");
    std::vector<std::vector<TokenId>> ids;
    for (std::size_t i = 0; i < texts.size(); ++i) {
        ids.push_back(model->tokenizer().encode(texts[i]));
        if (int(ids.back().size()) > config.contextLength)
            throw InputError("prompt " + std::to_string(i + 1) + " has " +
                             std::to_string(ids.back().size()) +
                             " tokens, more than the model's context of " +
                             std::to_string(config.contextLength) + ": shorten it");
    }

    const SingleComputeThread oneThread;
    c10::InferenceMode inference;
    lm::Gpt& net = model->impl().net;
    const c10::Device device = model->impl().device;
    const std::int64_t n = std::int64_t(ids.size());
    std::int64_t width = 0;
    for (const auto& p : ids)
        width = std::max<std::int64_t>(width, std::int64_t(p.size()));

    MaskingLabResult r;
    r.leftPadding = params.leftPadding;
    r.padId = params.padId;
    r.padPiece = model->tokenizer().piece(params.padId);
    r.width = int(width);
    r.layers = config.layers;
    r.heads = config.heads;
    r.contextLength = config.contextLength;

    // The batch: ids, the padding mask (true on pads) and the masked run's position ids.
    std::vector<std::int64_t> batch, positions;
    std::vector<std::uint8_t> padding;
    std::vector<std::int64_t> offsets; // where each prompt's first real token sits
    for (const auto& p : ids) {
        const std::int64_t pads = width - std::int64_t(p.size());
        const std::int64_t offset = params.leftPadding ? pads : 0;
        offsets.push_back(offset);
        for (std::int64_t t = 0; t < width; ++t) {
            const bool real = t >= offset && t < offset + std::int64_t(p.size());
            batch.push_back(real ? p[std::size_t(t - offset)] : params.padId);
            padding.push_back(real ? 0 : 1);
            positions.push_back(real ? t - offset : 0);
        }
    }
    const auto batchIds = longTensor(batch, n, width).to(device);
    lm::ForwardOptions masked;
    masked.keepAttention = true;
    masked.paddingMask = torch::tensor(std::vector<std::int64_t>(padding.begin(), padding.end()))
                             .view({n, width})
                             .to(torch::kBool)
                             .to(device);
    masked.positions = longTensor(positions, n, width).to(device);
    lm::ForwardOptions unmasked;
    unmasked.keepAttention = true;

    progress.update(0.1, "padded batch with the mask");
    const lm::ForwardOutput withMask = net->forward(batchIds, masked);
    progress.checkCancelled();
    progress.update(0.3, "padded batch without the mask");
    const lm::ForwardOutput withoutMask = net->forward(batchIds, unmasked);

    for (std::int64_t i = 0; i < n; ++i) {
        progress.update(0.5 + 0.5 * double(i) / double(n), "each prompt alone");
        const auto& p = ids[std::size_t(i)];
        const std::int64_t length = std::int64_t(p.size());
        const auto alone = net->forward(longTensor({p.begin(), p.end()}, 1, length).to(device))
                               .logits[0]
                               .to(torch::kFloat);
        const auto realWith =
            withMask.logits[i].slice(0, offsets[std::size_t(i)], offsets[std::size_t(i)] + length);
        const auto realWithout = withoutMask.logits[i].slice(0, offsets[std::size_t(i)],
                                                             offsets[std::size_t(i)] + length);
        MaskingPromptRow row;
        row.text = texts[std::size_t(i)];
        row.tokens = int(length);
        row.pads = int(width - length);
        row.maxDeltaMasked = (realWith - alone).abs().max().item<double>();
        row.maxDeltaUnmasked = (realWithout - alone).abs().max().item<double>();
        const auto last = alone[length - 1];
        row.klMasked = klDivergence(last, realWith[length - 1]);
        row.klUnmasked = klDivergence(last, realWithout[length - 1]);
        const auto top = last.argmax().item<std::int64_t>();
        row.sameTopMasked = realWith[length - 1].argmax().item<std::int64_t>() == top;
        row.sameTopUnmasked = realWithout[length - 1].argmax().item<std::int64_t>() == top;
        r.prompts.push_back(row);
        progress.checkCancelled();
    }

    r.shownPrompt = std::clamp(params.shownPrompt, 1, int(n));
    r.layer = std::clamp(params.layer, 1, config.layers);
    r.head = std::clamp(params.head, 1, config.heads);
    const std::size_t b = std::size_t(r.shownPrompt - 1);
    for (std::int64_t t = 0; t < width; ++t) {
        const bool pad = padding[b * std::size_t(width) + std::size_t(t)] != 0;
        r.shownPadding.push_back(pad);
        r.shownPieces.push_back(
            pad ? std::string("⟨pad⟩")
                : model->tokenizer().piece(ids[b][std::size_t(t - offsets[b])]));
    }
    for (std::int64_t q = 0; q < width; ++q) {
        // As the forward does: pad keys are hidden unless the query sees nothing but pads, then
        // it keeps its own key.
        bool onlyPads = true;
        for (std::int64_t k = 0; k <= q; ++k)
            onlyPads = onlyPads && r.shownPadding[std::size_t(k)];
        std::vector<bool> row(std::size_t(width), false);
        for (std::int64_t k = 0; k <= q; ++k)
            row[std::size_t(k)] = r.shownPadding[std::size_t(k)] && !(onlyPads && k == q);
        r.shownPaddingMask.push_back(row);
    }
    const std::size_t layer = std::size_t(r.layer - 1);
    r.attentionMasked = squareMap(withMask.attention[layer][std::int64_t(b)][r.head - 1]);
    r.attentionUnmasked = squareMap(withoutMask.attention[layer][std::int64_t(b)][r.head - 1]);

    r.syntheticLengths = params.syntheticLengths;
    std::vector<int> lengths;
    if (params.syntheticLengths)
        lengths =
            syntheticLengths(params.sequences, params.medianLength, params.spread, params.seed);
    else
        for (const auto& p : ids)
            lengths.push_back(int(p.size()));
    r.cost = paddingCost(lengths, params.buckets, params.rowLength);
    progress.update(1.0, "done");
    return r;
}

} // namespace mllab::labs
