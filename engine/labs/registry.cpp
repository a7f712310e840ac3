#include "engine/labs/registry.h"

#include "engine/csv.h"
#include "engine/json_text.h"
#include "engine/labs/activations.h"
#include "engine/labs/attention.h"
#include "engine/labs/bias_variance.h"
#include "engine/labs/bug_zoo.h"
#include "engine/labs/calibration.h"
#include "engine/labs/convolution.h"
#include "engine/labs/embeddings.h"
#include "engine/labs/gradient_flow.h"
#include "engine/labs/lm_training.h"
#include "engine/labs/lora.h"
#include "engine/labs/lr_schedule.h"
#include "engine/labs/masking.h"
#include "engine/labs/monte_carlo.h"
#include "engine/labs/optimizers.h"
#include "engine/labs/pca.h"
#include "engine/labs/quantization.h"
#include "engine/labs/regularization.h"
#include "engine/labs/retrieval.h"
#include "engine/labs/roc.h"
#include "engine/labs/sampling.h"
#include "engine/labs/serving_memory.h"
#include "engine/labs/speculative.h"
#include "engine/labs/text_metrics_lab.h"
#include "engine/labs/tokenizer.h"
#include "engine/labs/train_eval.h"
#include "engine/labs/vector_index.h"

#include <nlohmann/json.hpp>

namespace mllab::labs {

const std::vector<const LabSpec*>& allLabSpecs()
{
    static const std::vector<const LabSpec*> specs = {
        &samplingLabSpec(),     &rocLabSpec(),          &calibrationLabSpec(),
        &pcaLabSpec(),          &attentionLabSpec(),    &tokenizerLabSpec(),
        &lmTrainingLabSpec(),   &biasVarianceLabSpec(), &regularizationLabSpec(),
        &activationsLabSpec(),  &optimizersLabSpec(),   &trainEvalLabSpec(),
        &vectorIndexLabSpec(),
        &retrievalLabSpec(),
        &embeddingsLabSpec(),
        &loraLabSpec(),         &speculativeLabSpec(),  &quantizationLabSpec(),
        &maskingLabSpec(),
        &gradientFlowLabSpec(), &bugZooLabSpec(),       &lrScheduleLabSpec(),
        &convolutionLabSpec(),  &servingMemoryLabSpec(), &textMetricsLabSpec(),
        &monteCarloSpec(),
    };
    return specs;
}

const LabSpec* findLabSpec(std::string_view id)
{
    for (const LabSpec* spec : allLabSpecs())
        if (spec->id == id)
            return spec;
    return nullptr;
}

LabState readLabLink(std::string_view link)
{
    return stateFromLink(link, &findLabSpec);
}

LabState readLabStateText(std::string_view text, const std::string& source)
{
    if (text.find_first_not_of(" \t\r\n") == std::string_view::npos)
        throw InputError(source + " is empty: a lab state is a JSON object");
    const nlohmann::json json = parseUserJson(text, source, "a lab state");
    try {
        return stateFromJson(json, &findLabSpec);
    } catch (const InputError& e) {
        throw InputError(source + ": " + e.what());
    }
}

LabState readLabStateFile(const std::string& path)
{
    return readLabStateText(readTextFile(path), path);
}

nlohmann::json labOutput(const LabState& state, LabRunner runner, const Progress& progress)
{
    const LabSpec* spec = findLabSpec(state.lab);
    if (!spec || !runner)
        throw InputError("no pipeline for lab '" + state.lab + "'");
    nlohmann::json result = runner(state, progress);
    return {{"lab", state.lab},
            {"params", stateJson(*spec, state)["params"]},
            {"result", std::move(result)}};
}

} // namespace mllab::labs
