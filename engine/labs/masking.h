#pragma once
// The masking lab: a batch of prompts of different lengths, padded on the left or the right with
// a pad token, run through the small GPT with and without a padding mask (engine/lm/gpt.h,
// ForwardOptions::paddingMask), beside each prompt run alone. Conventions are Hugging Face's:
// attention_mask 1 for real tokens and 0 for padding, combined with the causal mask; with left
// padding the masked run takes position ids cumsum(attention_mask) - 1 (pads at 0), as generate()
// does; the unmasked run is what a caller gets who forgets both (positions 0..T-1, pads visible).
//
// Then the cost of padding for a length distribution (the prompts' token counts, or a seeded
// log-normal one), computed exactly for three ways of batching:
//   pad to max   one batch padded to its longest sequence;
//   buckets      sorted by length, split into k groups of equal count (the first n mod k one
//                larger), each padded to its own longest;
//   packing      first-fit decreasing into rows of a fixed length with document (block-diagonal)
//                masks, the last free slots of each row padded.
// Tokens processed are rows x width; attention cells (dense scores, T² per row of width T) are
// split into useful (ΣL² of the sequences), padding (T² - F² for a row filled to F) and, for
// packing, cross-document cells a dense kernel computes and the document mask throws away
// (F² - ΣL²).
//
// The declaration, state conversion, padding arithmetic and JSON are torch-free
// (masking_spec.cpp, mllab_engine_core); the model runs in masking.cpp (mllab_engine).

#include "engine/labs/params.h"
#include "engine/lm/model.h"
#include "engine/progress.h"

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace mllab::labs {

constexpr int kMaskingMaxLayers = 64;
constexpr int kMaskingMaxHeads = 64;
constexpr int kMaskingMaxPrompts = 16;

struct MaskingLabParams {
    std::string modelPath;   ///< a checkpoint (the state's "" is the shipped model's path)
    std::string prompts;     ///< one prompt per line
    bool leftPadding = true; ///< pads before the prompt (else after)
    int padId = 0;           ///< the pad token's id
    int shownPrompt = 1;     ///< 1-based: whose attention is drawn
    int layer = 1;           ///< 1-based
    int head = 1;            ///< 1-based
    bool syntheticLengths =
        false;              ///< the compute chart: a log-normal distribution, not the prompts
    int sequences = 64;     ///< synthetic: how many
    int medianLength = 200; ///< synthetic: median length, tokens
    double spread = 0.8;    ///< synthetic: σ of log length
    int buckets = 4;        ///< k
    int rowLength = 0;      ///< packing row length; 0 or less than the longest: the longest
    std::uint64_t seed = 0;
    /// The model already loaded (the app's model library keeps one); null: modelPath is loaded.
    std::shared_ptr<const LanguageModel> model;
};

/// One prompt of the batch: how padding changed its logits with the mask and without.
struct MaskingPromptRow {
    std::string text;
    int tokens = 0; ///< its length alone
    int pads = 0;   ///< pad tokens added to reach the batch's longest
    double maxDeltaMasked =
        0; ///< max |logit padded - logit alone| over its real positions, mask on
    double maxDeltaUnmasked = 0; ///< the same with neither mask nor position ids
    double klMasked = 0;         ///< KL(alone ‖ padded) of the next-token distribution, nats
    double klUnmasked = 0;
    bool sameTopMasked = true; ///< the next token's argmax agrees with the prompt alone
    bool sameTopUnmasked = true;
};

/// One way of batching a length distribution.
struct BatchingCost {
    std::string name;               ///< "pad to max", "buckets", "packing"
    int rows = 0;                   ///< sequences (or packed rows) in the padded tensors
    std::int64_t tokens = 0;        ///< Σ row widths: tokens the model processes
    std::int64_t realTokens = 0;    ///< Σ L
    std::int64_t cells = 0;         ///< Σ width²: dense attention scores per head and layer
    std::int64_t usefulCells = 0;   ///< Σ L²
    std::int64_t paddingCells = 0;  ///< on padding
    std::int64_t crossCells = 0;    ///< packing: between documents, masked out
    double tokenPadShare = 0;       ///< 1 - realTokens / tokens
    double attentionPadShare = 0;   ///< paddingCells / cells
    double attentionCrossShare = 0; ///< crossCells / cells
};

struct PaddingCost {
    std::vector<int> lengths; ///< the distribution, tokens
    int rowLength = 0;        ///< packing row length used
    BatchingCost padToMax, buckets, packing;
    /// Bucketing's token and attention padding shares for k = 1..min(16, n).
    std::vector<double> bucketTokenShare, bucketAttentionShare;
};

struct MaskingLabResult {
    std::vector<MaskingPromptRow> prompts;
    bool leftPadding = true;
    int padId = 0;
    std::string padPiece;
    int width = 0; ///< the padded batch's length (longest prompt)
    int layers = 0, heads = 0, contextLength = 0;
    /// The shown prompt's padded row: tokens, which are padding, and the weights of the chosen
    /// layer and head [query][key] with the mask and without.
    int shownPrompt = 1, layer = 1, head = 1;
    std::vector<std::string> shownPieces;
    std::vector<bool> shownPadding;
    std::vector<std::vector<float>> attentionMasked, attentionUnmasked;
    /// [query][key]: the padding mask hides the key (on or below the diagonal) in the masked run
    std::vector<std::vector<bool>> shownPaddingMask;
    PaddingCost cost;
    bool syntheticLengths = false;
};

const LabSpec& maskingLabSpec();
MaskingLabParams maskingLabParams(const LabState& state);
/// InputError for an empty prompt line, a prompt longer than the context, more than 16 prompts,
/// a pad id outside the vocabulary, or a checkpoint that cannot be loaded. A layer, head or
/// prompt beyond what there is shows the last one.
MaskingLabResult computeMaskingLab(const MaskingLabParams& params, const Progress& progress = {});
nlohmann::json maskingLabJson(const MaskingLabResult& result);

/// The prompts of the text, one per line (a trailing newline ends the last; "\r" is dropped);
/// InputError naming the first empty or blank line.
std::vector<std::string> splitPrompts(const std::string& text);
/// The exact cost of the three ways of batching `lengths`; InputError for no lengths, a length
/// below 1 or k below 1.
PaddingCost paddingCost(const std::vector<int>& lengths, int buckets, int rowLength);
/// `count` lengths from a log-normal distribution with median `median` and σ `spread` (Box-Muller
/// over mt19937_64), rounded and kept in 1..32768; the same seed gives the same lengths.
std::vector<int> syntheticLengths(int count, int median, double spread, std::uint64_t seed);

} // namespace mllab::labs
