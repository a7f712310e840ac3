// The attention lab's declaration, state conversion and JSON: torch-free (mllab_engine_core), so
// that mllab-cli validates a state before starting its libtorch helper.
#include "engine/labs/attention.h"

#include "engine/datapaths.h"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace mllab::labs {

namespace {

nlohmann::json entropyJson(const AttentionSet& set)
{
    return {{"per_head", set.headEntropy},
            {"mean_over_heads", set.meanMapEntropy},
            {"mean", set.meanEntropy}};
}

/// The causal part of a map: row q holds the weights of keys 0..q.
nlohmann::json causalRows(const AttentionMap& map)
{
    nlohmann::json rows = nlohmann::json::array();
    for (std::size_t q = 0; q < map.size(); ++q) {
        const auto keys = std::ptrdiff_t(std::min(q + 1, map[q].size()));
        rows.push_back(std::vector<float>(map[q].begin(), map[q].begin() + keys));
    }
    return rows;
}

nlohmann::json shownJson(const AttentionLabResult& result)
{
    const AttentionSelection& s = result.shown;
    return {{"layer", s.layer},
            {"head", s.head == 0 ? nlohmann::json("mean") : nlohmann::json(s.head)},
            {"scaled", s.scaled},
            {"entropy_bits", s.entropyScaled},
            {"unscaled_entropy_bits", s.entropyUnscaled},
            {"focus",
             {{"first_token", s.focus.firstToken},
              {"previous_token", s.focus.previousToken},
              {"self", s.focus.self}}},
            {"weights", causalRows(selectedMap(result.maps, s))}};
}

} // namespace

const LabSpec& attentionLabSpec()
{
    static const LabSpec spec = [] {
        LabSpec s{"attention", "Attention heatmaps",
                  "See which earlier tokens each token of a prompt attends to, head by head, and "
                  "what dropping the 1/√d_k scaling does to the softmax."};
        s.needsTorch = true;
        ParamSpec model{"model", "Model", ParamType::Text, std::string()};
        model.allowEmpty = true;
        model.help = "The language model the lab computes with: a checkpoint; empty: the shipped "
                     "model";
        ParamSpec prompt{"prompt", "Prompt", ParamType::Text,
                         std::string("Attention lets each token look back at the tokens before "
                                     "it. Attention lets each token look back")};
        prompt.widget = ParamWidget::TextEdit;
        prompt.allowEmpty = true; // the pipeline says what an empty prompt lacks
        prompt.lines = 6;
        prompt.help = "The text the model reads; longer than the context, it keeps the last tokens";
        ParamSpec layer{"layer", "Layer", ParamType::Integer, 1LL, 1, kAttentionMaxLayers, 1};
        layer.help = "The layer whose attention is shown";
        ParamSpec head{"head", "Head", ParamType::Integer, 1LL, 0, kAttentionMaxHeads, 1};
        head.specialValueText = "mean";
        head.prefix = "head ";
        head.widget = ParamWidget::ComboBox;
        head.help = "The head shown, or the mean over the layer's heads";
        ParamSpec scaled{"scaled", "Scale scores by 1/√d_k", ParamType::Bool, true};
        scaled.help = "Off: the softmax of the raw dot products QKᵀ, as if the scaling were "
                      "forgotten";
        ParamSpec view = tabsParam("view", {"heatmap", "heads", "entropy"}, "The page shown");
        view.choiceLabels = {"Heatmap", "All heads", "Entropy"};
        s.params = {model, prompt, layer, head, scaled, view};
        return s;
    }();
    return spec;
}

AttentionLabParams attentionLabParams(const LabState& state)
{
    AttentionLabParams p;
    p.modelPath = state.text("model").empty() ? shippedModelPath() : state.text("model");
    p.prompt = state.text("prompt");
    p.layer = int(state.integer("layer"));
    p.head = int(state.integer("head"));
    p.scaled = state.flag("scaled");
    return p;
}

const AttentionMap& selectedMap(const AttentionMapsResult& maps, const AttentionSelection& shown)
{
    const AttentionSet& set = shown.scaled ? maps.scaled : maps.unscaled;
    const std::size_t layer = std::size_t(shown.layer - 1);
    return shown.head == 0 ? set.meanOverHeads[layer]
                           : set.heads[layer][std::size_t(shown.head - 1)];
}

nlohmann::json attentionLabJson(const AttentionLabResult& result)
{
    const AttentionMapsResult& m = result.maps;
    return {{"tokens", m.prompt.pieces},
            {"dropped_prompt_tokens", m.prompt.droppedTokens},
            {"context_length", m.contextLength},
            {"layers", m.layers},
            {"heads", m.heads},
            {"head_size", m.headSize},
            {"uniform_entropy_bits", m.uniformEntropy},
            {"scaled", entropyJson(m.scaled)},
            {"unscaled", entropyJson(m.unscaled)},
            {"shown", shownJson(result)}};
}

} // namespace mllab::labs
