// The masking lab's declaration, state conversion, padding arithmetic and JSON: torch-free
// (mllab_engine_core), so mllab-cli validates a state before starting its libtorch helper.
#include "engine/labs/masking.h"

#include "engine/datapaths.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>

namespace mllab::labs {

namespace {

std::int64_t squared(std::int64_t v)
{
    return v * v;
}

void finish(BatchingCost& c)
{
    c.tokenPadShare = c.tokens > 0 ? 1.0 - double(c.realTokens) / double(c.tokens) : 0.0;
    c.attentionPadShare = c.cells > 0 ? double(c.paddingCells) / double(c.cells) : 0.0;
    c.attentionCrossShare = c.cells > 0 ? double(c.crossCells) / double(c.cells) : 0.0;
}

/// Sorted lengths split into k groups of equal count, each padded to its longest.
BatchingCost bucketCost(const std::vector<int>& sorted, int k)
{
    BatchingCost c;
    c.name = "buckets";
    const std::size_t n = sorted.size();
    const std::size_t groups = std::min<std::size_t>(std::size_t(k), n);
    std::size_t first = 0;
    for (std::size_t b = 0; b < groups; ++b) {
        const std::size_t count = n / groups + (b < n % groups ? 1 : 0);
        const std::int64_t width = sorted[first + count - 1];
        for (std::size_t i = first; i < first + count; ++i) {
            c.tokens += width;
            c.realTokens += sorted[i];
            c.cells += squared(width);
            c.usefulCells += squared(sorted[i]);
            c.paddingCells += squared(width) - squared(sorted[i]);
        }
        c.rows += int(count);
        first += count;
    }
    finish(c);
    return c;
}

nlohmann::json costJson(const BatchingCost& c)
{
    return {{"rows", c.rows},
            {"tokens", c.tokens},
            {"real_tokens", c.realTokens},
            {"token_padding_share", c.tokenPadShare},
            {"attention_cells", c.cells},
            {"attention_useful_cells", c.usefulCells},
            {"attention_padding_cells", c.paddingCells},
            {"attention_cross_document_cells", c.crossCells},
            {"attention_padding_share", c.attentionPadShare},
            {"attention_cross_document_share", c.attentionCrossShare}};
}

} // namespace

const LabSpec& maskingLabSpec()
{
    static const LabSpec spec = [] {
        LabSpec s{"masking", "Padding and attention masks",
                  "Pad prompts of different lengths into one batch, left or right, and see that "
                  "only the attention mask (and position ids) keeps the logits of each prompt "
                  "what they are alone; then what padding, bucketing and packing cost."};
        s.needsTorch = true;
        ParamSpec model{"model", "Model", ParamType::Text, std::string()};
        model.allowEmpty = true;
        model.help = "The language model the lab computes with: a checkpoint; empty: the shipped "
                     "model";
        ParamSpec prompts{"prompts", "Prompts (one per line)", ParamType::Text,
                          std::string("What is a mask?\n"
                                      "Padding makes every prompt of a batch as long as the "
                                      "longest one.\n"
                                      "Attention weights\n"
                                      "Left padding puts the pad tokens before the prompt, so "
                                      "every row ends with its last real token and generation "
                                      "can go on from there.")};
        prompts.widget = ParamWidget::TextEdit;
        prompts.allowEmpty = true; // the pipeline names the empty line
        prompts.lines = 3;
        prompts.help = "The batch: one prompt per line, at most 16, each within the context";
        ParamSpec side{"side", "Padding side", ParamType::Choice, std::string("left")};
        side.choices = {"left", "right"};
        side.choiceLabels = {"Left (before the prompt)", "Right (after the prompt)"};
        side.help = "Where the pad tokens go: left as for generation, right as for training";
        ParamSpec pad{"pad_id", "Pad token id", ParamType::Integer, 0LL, 0, 65535, 1};
        pad.help = "The token that fills the gaps; with the mask its value does not matter";
        ParamSpec shown{"prompt", "Prompt shown", ParamType::Integer, 1LL, 1, kMaskingMaxPrompts,
                        1};
        shown.help = "Whose padded row the heatmap draws";
        ParamSpec layer{"layer", "Layer", ParamType::Integer, 1LL, 1, kMaskingMaxLayers, 1};
        layer.help = "The layer whose attention is drawn";
        ParamSpec head{"head", "Head", ParamType::Integer, 1LL, 1, kMaskingMaxHeads, 1};
        head.help = "The head whose attention is drawn";
        ParamSpec masked{"masked", "Apply the padding mask", ParamType::Bool, true};
        masked.help = "The heatmap shows the weights of the masked run; off: of the run without "
                      "mask and position ids";
        ParamSpec source{"lengths", "Lengths for the padding cost", ParamType::Choice,
                         std::string("prompts")};
        source.choices = {"prompts", "synthetic"};
        source.choiceLabels = {"The prompts", "Log-normal (synthetic)"};
        source.help = "The length distribution whose padding cost is computed";
        ParamSpec count{"sequences", "Sequences", ParamType::Integer, 64LL, 2, 1024, 1};
        count.widget = ParamWidget::Slider;
        count.visibleWhen = "lengths=synthetic";
        count.help = "How many sequences the synthetic batch holds";
        ParamSpec median{"median_length", "Median length", ParamType::Integer, 200LL, 1, 4096, 1};
        median.widget = ParamWidget::Slider;
        median.unit = "tokens";
        median.visibleWhen = "lengths=synthetic";
        median.help = "The median of the log-normal lengths";
        ParamSpec spread{"spread", "Spread σ (log length)", ParamType::Number, 0.8, 0, 2, 0.05};
        spread.widget = ParamWidget::Slider;
        spread.visibleWhen = "lengths=synthetic";
        spread.help = "σ of the log of the length: 0 gives equal lengths, 2 a very long tail";
        ParamSpec buckets{"buckets", "Buckets k", ParamType::Integer, 4LL, 1, 16, 1};
        buckets.widget = ParamWidget::Slider;
        buckets.help = "Bucketing sorts the sequences by length and pads each of k equal groups "
                       "to its own longest";
        ParamSpec row{"row_length", "Packing row length", ParamType::Integer, 0LL, 0, 32768, 1};
        row.specialValueText = "longest";
        row.unit = "tokens";
        row.help =
            "Packing fills rows of this many tokens; below the longest sequence: the longest";
        ParamSpec view = tabsParam("view", {"heatmap", "logits", "cost"}, "The page shown");
        view.choiceLabels = {"Masks over attention", "Logits", "Padding cost"};
        ParamSpec seed = seedParam("Seed of the synthetic lengths");
        seed.visibleWhen = "lengths=synthetic";
        s.params = {model,  prompts, side,   pad,    shown,   layer, head, masked,
                    source, count,   median, spread, buckets, row,   seed, view};
        return s;
    }();
    return spec;
}

MaskingLabParams maskingLabParams(const LabState& state)
{
    MaskingLabParams p;
    p.modelPath = state.text("model").empty() ? shippedModelPath() : state.text("model");
    p.prompts = state.text("prompts");
    p.leftPadding = state.text("side") == "left";
    p.padId = int(state.integer("pad_id"));
    p.shownPrompt = int(state.integer("prompt"));
    p.layer = int(state.integer("layer"));
    p.head = int(state.integer("head"));
    p.syntheticLengths = state.text("lengths") == "synthetic";
    p.sequences = int(state.integer("sequences"));
    p.medianLength = int(state.integer("median_length"));
    p.spread = state.number("spread");
    p.buckets = int(state.integer("buckets"));
    p.rowLength = int(state.integer("row_length"));
    p.seed = std::uint64_t(state.integer("seed"));
    return p;
}

std::vector<std::string> splitPrompts(const std::string& text)
{
    std::vector<std::string> lines;
    std::string line;
    for (std::size_t i = 0; i <= text.size(); ++i) {
        if (i == text.size() || text[i] == '\n') {
            if (i < text.size() || !line.empty() || lines.empty())
                lines.push_back(line);
            line.clear();
        } else if (text[i] != '\r') {
            line += text[i];
        }
    }
    for (std::size_t i = 0; i < lines.size(); ++i)
        if (lines[i].find_first_not_of(" \t") == std::string::npos)
            throw InputError(lines.size() == 1 ? "the prompt list is empty: write one prompt per "
                                                 "line"
                                               : "prompt line " + std::to_string(i + 1) +
                                                     " is empty: every line is one prompt");
    return lines;
}

PaddingCost paddingCost(const std::vector<int>& lengths, int buckets, int rowLength)
{
    if (lengths.empty())
        throw InputError("no sequence lengths to batch");
    if (buckets < 1)
        throw InputError("the number of buckets must be at least 1, got " +
                         std::to_string(buckets));
    for (int l : lengths)
        if (l < 1)
            throw InputError("a sequence length must be at least 1 token, got " +
                             std::to_string(l));
    PaddingCost out;
    out.lengths = lengths;
    std::vector<int> sorted = lengths;
    std::sort(sorted.begin(), sorted.end());
    const int longest = sorted.back();
    out.rowLength = std::max(rowLength, longest);

    out.padToMax = bucketCost(sorted, 1);
    out.padToMax.name = "pad to max";
    out.buckets = bucketCost(sorted, buckets);
    const int maxK = int(std::min<std::size_t>(16, sorted.size()));
    for (int k = 1; k <= maxK; ++k) {
        const BatchingCost c = bucketCost(sorted, k);
        out.bucketTokenShare.push_back(c.tokenPadShare);
        out.bucketAttentionShare.push_back(c.attentionPadShare);
    }

    // Packing: first-fit decreasing; each row keeps its fill F and Σ L².
    BatchingCost& p = out.packing;
    p.name = "packing";
    std::vector<std::int64_t> fill, sumSquares;
    for (auto it = sorted.rbegin(); it != sorted.rend(); ++it) {
        std::size_t r = 0;
        while (r < fill.size() && fill[r] + *it > out.rowLength)
            ++r;
        if (r == fill.size()) {
            fill.push_back(0);
            sumSquares.push_back(0);
        }
        fill[r] += *it;
        sumSquares[r] += squared(*it);
    }
    const std::int64_t width = out.rowLength;
    p.rows = int(fill.size());
    for (std::size_t r = 0; r < fill.size(); ++r) {
        p.tokens += width;
        p.realTokens += fill[r];
        p.cells += squared(width);
        p.usefulCells += sumSquares[r];
        p.paddingCells += squared(width) - squared(fill[r]);
        p.crossCells += squared(fill[r]) - sumSquares[r];
    }
    finish(p);
    return out;
}

std::vector<int> syntheticLengths(int count, int median, double spread, std::uint64_t seed)
{
    if (count < 1 || median < 1 || !(spread >= 0))
        throw InputError("synthetic lengths need a count and a median of at least 1 and σ >= 0");
    std::mt19937_64 rng(seed);
    auto uniform = [&rng] { return (double(rng() >> 11) + 0.5) * 0x1.0p-53; }; // (0, 1)
    constexpr double kTwoPi = 6.283185307179586;
    std::vector<int> out;
    out.reserve(std::size_t(count));
    while (int(out.size()) < count) {
        const double u1 = uniform(), u2 = uniform();
        const double r = std::sqrt(-2.0 * std::log(u1));
        for (double z : {r * std::cos(kTwoPi * u2), r * std::sin(kTwoPi * u2)}) {
            if (int(out.size()) == count)
                break;
            const double length = std::round(double(median) * std::exp(spread * z));
            out.push_back(int(std::clamp(length, 1.0, 32768.0)));
        }
    }
    return out;
}

nlohmann::json maskingLabJson(const MaskingLabResult& r)
{
    nlohmann::json prompts = nlohmann::json::array();
    for (const auto& p : r.prompts)
        prompts.push_back({{"text", p.text},
                           {"tokens", p.tokens},
                           {"pads", p.pads},
                           {"max_abs_delta_logit_masked", p.maxDeltaMasked},
                           {"max_abs_delta_logit_unmasked", p.maxDeltaUnmasked},
                           {"kl_next_token_masked", p.klMasked},
                           {"kl_next_token_unmasked", p.klUnmasked},
                           {"same_top_token_masked", p.sameTopMasked},
                           {"same_top_token_unmasked", p.sameTopUnmasked}});
    const PaddingCost& c = r.cost;
    return {{"side", r.leftPadding ? "left" : "right"},
            {"pad_id", r.padId},
            {"pad_piece", r.padPiece},
            {"batch_width", r.width},
            {"layers", r.layers},
            {"heads", r.heads},
            {"context_length", r.contextLength},
            {"prompts", prompts},
            {"shown",
             {{"prompt", r.shownPrompt},
              {"layer", r.layer},
              {"head", r.head},
              {"tokens", r.shownPieces},
              {"padding", r.shownPadding},
              {"weights_masked", r.attentionMasked},
              {"weights_unmasked", r.attentionUnmasked}}},
            {"cost",
             {{"lengths_from", r.syntheticLengths ? "synthetic" : "prompts"},
              {"lengths", c.lengths},
              {"row_length", c.rowLength},
              {"pad_to_max", costJson(c.padToMax)},
              {"buckets", costJson(c.buckets)},
              {"packing", costJson(c.packing)},
              {"bucket_token_padding_share_by_k", c.bucketTokenShare},
              {"bucket_attention_padding_share_by_k", c.bucketAttentionShare}}}};
}

} // namespace mllab::labs
