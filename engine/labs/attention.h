#pragma once
// The attention lab's pipeline: load a language model, compute the attention maps of a prompt
// for every layer and head, with and without the 1/√d_k scaling (engine/lm/attention_maps.h),
// and summarise the map shown: its mean row entropy both ways and where its rows look.
//
// The declaration, the state conversion and the JSON are torch-free (attention_spec.cpp, in
// mllab_engine_core); computing needs libtorch (attention.cpp, in mllab_engine).

#include "engine/labs/params.h"
#include "engine/lm/attention_maps.h"
#include "engine/progress.h"

#include <nlohmann/json_fwd.hpp>

#include <memory>
#include <string>

namespace mllab::labs {

/// The largest layer and head a state may name; the loaded model usually has fewer.
constexpr int kAttentionMaxLayers = 64;
constexpr int kAttentionMaxHeads = 64;

struct AttentionLabParams {
    std::string modelPath;  ///< a checkpoint (the state's "" is the shipped model's path)
    std::string prompt;     ///< cut to the model's context from the left
    int layer = 1;          ///< 1-based
    int head = 1;           ///< 1-based; 0: the mean over heads
    bool scaled = true;     ///< show softmax(QKᵀ/√d_k) rather than softmax(QKᵀ)
    /// The model already loaded (the app's model library keeps one); null: modelPath is loaded.
    std::shared_ptr<const LanguageModel> model;
};

/// The map shown and what the notice says of it.
struct AttentionSelection {
    int layer = 1;              ///< 1-based, within the model
    int head = 1;               ///< 1-based; 0: the mean over heads
    bool scaled = true;
    double entropyScaled = 0;   ///< its mean row entropy with 1/√d_k, bits
    double entropyUnscaled = 0; ///< and of the same scores without it
    AttentionFocus focus;       ///< where the shown map's rows put their largest weight
};

struct AttentionLabResult {
    AttentionMapsResult maps;
    AttentionSelection shown;
};

const LabSpec& attentionLabSpec();
AttentionLabParams attentionLabParams(const LabState& state);
/// InputError for a checkpoint that cannot be loaded or an empty prompt. A layer or head beyond
/// the model's shows its last one (a state made for a larger model), as the lab does.
AttentionLabResult computeAttentionLab(const AttentionLabParams& params,
                                       const Progress& progress = {});
/// The numbers of another selection of the same maps (a redraw, no recomputing); layer and head
/// are clamped to the model's.
AttentionSelection selectAttention(const AttentionMapsResult& maps, int layer, int head,
                                   bool scaled);
/// The map of a selection: one head's or the mean over heads, scaled or not.
const AttentionMap& selectedMap(const AttentionMapsResult& maps, const AttentionSelection& shown);
/// The tokens, the model's shape, the entropy of every head both ways (the entropy chart), and
/// the map shown: its selection, entropies, focus and weights (row q: keys 0..q).
nlohmann::json attentionLabJson(const AttentionLabResult& result);

} // namespace mllab::labs
