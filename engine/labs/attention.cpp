// The attention lab's computation (libtorch: the model runs in mllab_engine).
#include "engine/labs/attention.h"

#include <algorithm>

namespace mllab::labs {

AttentionLabResult computeAttentionLab(const AttentionLabParams& params, const Progress& progress)
{
    AttentionMapsParams p;
    if (params.model)
        p.model = params.model;
    else
        p.model = LanguageModel::load(params.modelPath);
    p.prompt = params.prompt;
    AttentionLabResult r;
    r.maps = computeAttentionMaps(p, progress);
    r.shown = selectAttention(r.maps, params.layer, params.head, params.scaled);
    return r;
}

AttentionSelection selectAttention(const AttentionMapsResult& maps, int layer, int head,
                                   bool scaled)
{
    AttentionSelection s;
    s.layer = std::clamp(layer, 1, std::max(1, maps.layers));
    s.head = std::clamp(head, 0, maps.heads);
    s.scaled = scaled;
    const std::size_t l = std::size_t(s.layer - 1);
    auto entropy = [&](const AttentionSet& set) {
        return s.head == 0 ? set.meanMapEntropy[l] : set.headEntropy[l][std::size_t(s.head - 1)];
    };
    s.entropyScaled = entropy(maps.scaled);
    s.entropyUnscaled = entropy(maps.unscaled);
    s.focus = attentionFocus(selectedMap(maps, s));
    return s;
}

} // namespace mllab::labs
