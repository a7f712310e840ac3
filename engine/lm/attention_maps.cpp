#include "engine/lm/attention_maps.h"

#include <algorithm>
#include <cmath>

namespace mllab {
namespace {

AttentionSet summarise(std::vector<std::vector<AttentionMap>> weights, const Progress& progress)
{
    AttentionSet set;
    set.heads = std::move(weights);
    double total = 0;
    int count = 0;
    for (const auto& layer : set.heads) {
        progress.checkCancelled();
        std::vector<double> entropies;
        for (const AttentionMap& head : layer) {
            entropies.push_back(meanRowEntropyBits(head));
            total += entropies.back();
            ++count;
        }
        set.headEntropy.push_back(std::move(entropies));
        set.meanOverHeads.push_back(meanOfMaps(layer));
        set.meanMapEntropy.push_back(meanRowEntropyBits(set.meanOverHeads.back()));
    }
    set.meanEntropy = count > 0 ? total / count : 0.0;
    return set;
}

} // namespace

double rowEntropyBits(const std::vector<float>& row)
{
    double h = 0;
    for (float w : row)
        if (w > 0)
            h -= double(w) * std::log2(double(w));
    return std::max(0.0, h); // rounding can leave -1e-8 for a one-hot row
}

double meanRowEntropyBits(const AttentionMap& map)
{
    if (map.size() < 2)
        return 0.0;
    double sum = 0;
    for (std::size_t q = 1; q < map.size(); ++q)
        sum += rowEntropyBits(map[q]);
    return sum / double(map.size() - 1);
}

AttentionMap meanOfMaps(const std::vector<AttentionMap>& maps)
{
    if (maps.empty())
        throw InputError("cannot average zero attention maps");
    AttentionMap mean(maps.front().size());
    for (std::size_t q = 0; q < mean.size(); ++q)
        mean[q].assign(maps.front()[q].size(), 0.0f);
    for (const AttentionMap& map : maps) {
        if (map.size() != mean.size())
            throw InputError("attention maps differ in size: " + std::to_string(map.size()) +
                             " vs " + std::to_string(mean.size()) + " queries");
        for (std::size_t q = 0; q < mean.size(); ++q) {
            if (map[q].size() != mean[q].size())
                throw InputError("attention maps differ in size at query " + std::to_string(q));
            for (std::size_t k = 0; k < mean[q].size(); ++k)
                mean[q][k] += map[q][k];
        }
    }
    const float n = float(maps.size());
    for (auto& row : mean)
        for (float& w : row)
            w /= n;
    return mean;
}

AttentionFocus attentionFocus(const AttentionMap& map)
{
    AttentionFocus focus;
    if (map.size() < 2)
        return focus;
    for (std::size_t q = 1; q < map.size(); ++q) {
        const auto& row = map[q];
        const auto best = std::max_element(row.begin(), row.begin() + std::ptrdiff_t(q) + 1);
        const std::size_t top = std::size_t(best - row.begin());
        focus.firstToken += top == 0;
        focus.previousToken += top == q - 1;
        focus.self += top == q;
    }
    const double rows = double(map.size() - 1);
    focus.firstToken /= rows;
    focus.previousToken /= rows;
    focus.self /= rows;
    return focus;
}

AttentionMapsResult computeAttentionMaps(const AttentionMapsParams& params,
                                         const Progress& progress)
{
    if (!params.model)
        throw InputError("no language model: choose a model first");
    const LanguageModel& model = *params.model;
    AttentionResult scaled = model.attention(params.prompt, true);
    progress.update(0.4, "scaled attention");
    AttentionResult unscaled = model.attention(params.prompt, false);
    progress.update(0.8, "unscaled attention");

    AttentionMapsResult out;
    out.prompt = std::move(scaled.prompt);
    out.layers = scaled.layers;
    out.heads = scaled.heads;
    out.headSize = model.config().width / std::max(1, model.config().heads);
    out.contextLength = model.config().contextLength;
    out.scaled = summarise(std::move(scaled.weights), progress);
    out.unscaled = summarise(std::move(unscaled.weights), progress);
    const std::size_t n = out.prompt.ids.size();
    for (std::size_t q = 1; q < n; ++q)
        out.uniformEntropy += std::log2(double(q + 1));
    if (n > 1)
        out.uniformEntropy /= double(n - 1);
    progress.update(1.0, "attention maps");
    return out;
}

} // namespace mllab
