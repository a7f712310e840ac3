#pragma once
// Attention maps of a prompt for the attention lab: every head of every layer, with and without
// the 1/sqrt(d_k) scaling of the scores, the mean over heads, and how spread out each map is.
//
/// Entropy of a query row is H = -Σ_k w_k log2 w_k in bits (terms with w_k = 0 count as 0). A
/// map's mean row entropy averages the rows that can spread their weight: the first query sees
/// only itself (H = 0 always), so rows 1..n-1 are averaged. Uniform causal attention gives row q
/// log2(q+1) bits, the upper bound. Weights follow PyTorch's scaled_dot_product_attention with a
/// causal mask: softmax(QKᵀ/√d_k) per head, zero above the diagonal.

#include "engine/lm/model.h"
#include "engine/progress.h"

#include <memory>
#include <string>
#include <vector>

namespace mllab {

using AttentionMap = std::vector<std::vector<float>>; ///< [query][key]

/// One way of computing the softmax (scaled or not) for every layer and head.
struct AttentionSet {
    std::vector<std::vector<AttentionMap>> heads; ///< [layer][head]
    std::vector<AttentionMap> meanOverHeads;      ///< [layer], the heads' maps averaged
    std::vector<std::vector<double>> headEntropy; ///< [layer][head] mean row entropy, bits
    std::vector<double> meanMapEntropy;           ///< [layer] mean row entropy of meanOverHeads
    double meanEntropy = 0;                       ///< headEntropy averaged over layers and heads
};

struct AttentionMapsParams {
    std::shared_ptr<const LanguageModel> model; ///< required
    std::string prompt;                         ///< cut to the model's context from the left
};

struct AttentionMapsResult {
    PromptTokens prompt; ///< the tokens the maps are over (droppedTokens says if cut)
    int layers = 0;
    int heads = 0;
    int headSize = 0; ///< d_k = width / heads
    int contextLength = 0;
    AttentionSet scaled;       ///< softmax(QKᵀ/√d_k), what the model computes
    AttentionSet unscaled;     ///< softmax(QKᵀ), the same scores without the scaling
    double uniformEntropy = 0; ///< mean row entropy of uniform causal attention, bits
};

/// Runs the model twice on the prompt (scaled and unscaled scores) and summarises the maps.
/// InputError when the model is missing or the prompt is empty.
AttentionMapsResult computeAttentionMaps(const AttentionMapsParams& params,
                                         const Progress& progress = {});

/// -Σ w log2 w over the row, in bits.
double rowEntropyBits(const std::vector<float>& row);
/// Mean of rowEntropyBits over rows 1..n-1 (0 for a map of one row).
double meanRowEntropyBits(const AttentionMap& map);
/// Element-wise mean of equally sized maps; InputError when they differ in size or none given.
AttentionMap meanOfMaps(const std::vector<AttentionMap>& maps);

/// Where a map's rows 1..n-1 put their largest weight, as fractions of those rows (row 1's
/// previous token is also the first, so it counts for both).
struct AttentionFocus {
    double firstToken = 0;    ///< the largest weight is on key 0 (an "attention sink")
    double previousToken = 0; ///< on key q-1
    double self = 0;          ///< on key q
};
AttentionFocus attentionFocus(const AttentionMap& map);

} // namespace mllab
