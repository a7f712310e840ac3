// The pipelines of the labs that compute without libtorch, apart from the registry of their
// declarations (registry.cpp), which links none of them.
#include "engine/labs/activations.h"
#include "engine/labs/bias_variance.h"
#include "engine/labs/pca.h"
#include "engine/labs/registry.h"
#include "engine/labs/regularization.h"
#include "engine/labs/text_metrics_lab.h"
#include "engine/labs/tokenizer.h"
#include "engine/labs/vector_index.h"

#include <nlohmann/json.hpp>

namespace mllab::labs {

LabRunner torchFreeLabRunner(std::string_view id)
{
    if (id == "vector-index")
        return [](const LabState& state, const Progress& progress) {
            return vectorIndexLabJson(computeVectorIndexLab(vectorIndexLabParams(state), progress));
        };
    if (id == "text-metrics")
        return [](const LabState& state, const Progress& progress) {
            return textMetricsLabJson(computeTextMetricsLab(textMetricsLabParams(state), progress));
        };
    if (id == "activations")
        return [](const LabState& state, const Progress& progress) {
            return activationsLabJson(computeActivationsLab(activationsLabParams(state), progress));
        };
    if (id == "pca")
        return [](const LabState& state, const Progress& progress) {
            return pcaLabJson(computePcaLab(pcaLabParams(state), progress));
        };
    if (id == "bias-variance")
        return [](const LabState& state, const Progress& progress) {
            return biasVarianceLabJson(
                computeBiasVarianceLab(biasVarianceLabParams(state), progress));
        };
    if (id == "regularization")
        return [](const LabState& state, const Progress& progress) {
            return regularizationLabJson(
                computeRegularizationLab(regularizationLabParams(state), progress));
        };
    if (id == "tokenizer")
        return [](const LabState& state, const Progress& progress) {
            const TokenizerLabResult r = computeTokenizerLab(tokenizerLabParams(state), progress);
            if (const std::string error = tokenizerLabError(r); !error.empty())
                throw InputError(error);
            return tokenizerLabJson(r);
        };
    return nullptr;
}

} // namespace mllab::labs
