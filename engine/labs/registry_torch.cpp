// The lab pipelines that compute with libtorch; the others come from mllab_engine_core.
#include "engine/labs/attention.h"
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
#include "engine/labs/optimizer_network.h"
#include "engine/labs/optimizers.h"
#include "engine/labs/quantization.h"
#include "engine/labs/registry.h"
#include "engine/labs/retrieval.h"
#include "engine/labs/roc.h"
#include "engine/labs/sampling.h"
#include "engine/labs/serving_memory.h"
#include "engine/lm/kv_cache_measure.h"
#include "engine/datapaths.h"
#include "engine/labs/speculative.h"
#include "engine/labs/train_eval.h"

#include <nlohmann/json.hpp>

namespace mllab::labs {

LabRunner labRunner(std::string_view id)
{
    if (id == "sampling")
        return [](const LabState& state, const Progress& progress) {
            return samplingLabJson(computeSamplingLab(samplingLabParams(state), progress));
        };
    if (id == "roc")
        return [](const LabState& state, const Progress& progress) {
            return rocLabJson(computeRocLab(rocLabParams(state), progress));
        };
    if (id == "calibration")
        return [](const LabState& state, const Progress& progress) {
            return calibrationLabJson(computeCalibrationLab(calibrationLabParams(state), progress));
        };
    if (id == "monte-carlo")
        return [](const LabState& state, const Progress& progress) {
            return monteCarloJson(computeMonteCarloPi(monteCarloParams(state), progress));
        };
    if (id == "lm-training")
        return [](const LabState& state, const Progress& progress) {
            return lmTrainingLabJson(computeLmTrainingLab(lmTrainingLabParams(state), progress));
        };
    if (id == "train-eval")
        return [](const LabState& state, const Progress& progress) {
            return trainEvalLabJson(computeTrainEvalLab(trainEvalLabParams(state), progress));
        };
    if (id == "retrieval")
        return [](const LabState& state, const Progress& progress) {
            return retrievalLabJson(computeRetrievalLab(retrievalLabParams(state), progress));
        };
    if (id == "embeddings")
        return [](const LabState& state, const Progress& progress) {
            return embeddingsLabJson(
                computeEmbeddingsLab(embeddingsLabParams(state), {}, progress));
        };
    if (id == "lora")
        return [](const LabState& state, const Progress& progress) {
            return loraLabJson(computeLoraLab(loraLabParams(state), progress));
        };
    if (id == "speculative")
        return [](const LabState& state, const Progress& progress) {
            const SpeculativeLabParams params = speculativeLabParams(state);
            nlohmann::json j = speculativeLabJson(computeSpeculativeLab(params, progress));
            j["sweep"] = speculativeSweepJson(computeSpeculativeSweep(params, progress));
            return j;
        };
    if (id == "optimizers")
        return [](const LabState& state, const Progress& progress) {
            const OptimizersLabParams params = optimizersLabParams(state);
            nlohmann::json out = optimizersLabJson(computeOptimizersLab(params, progress));
            out["network"] = networkRaceJson(computeNetworkRace(params, progress));
            return out;
        };
    if (id == "bug-zoo")
        return [](const LabState& state, const Progress& progress) {
            return bugZooLabJson(computeBugZooLab(bugZooLabParams(state), progress));
        };
    if (id == "lr-schedule")
        return [](const LabState& state, const Progress& progress) {
            return lrScheduleLabJson(computeLrScheduleLab(lrScheduleLabParams(state), progress));
        };
    if (id == "convolution")
        return [](const LabState& state, const Progress& progress) {
            const ConvolutionLabParams params = convolutionLabParams(state);
            nlohmann::json j = convolutionLabJson(computeConvolutionLab(params, progress));
            if (params.trainCnn)
                j["cnn"] = convolutionCnnJson(computeConvolutionCnn(params, progress));
            return j;
        };
    if (id == "gradient-flow")
        return [](const LabState& state, const Progress& progress) {
            return gradientFlowLabJson(
                computeGradientFlowLab(gradientFlowLabParams(state), progress));
        };
    if (id == "serving-memory")
        return [](const LabState& state, const Progress& progress) {
            const ServingParams params = servingMemoryLabParams(state);
            nlohmann::json out = servingMemoryLabJson(computeServingMemoryLab(params, progress));
            if (params.model.id == "tiny-gpt")
                out["measured"] = kvCacheMeasurementJson(measureKvCache(
                    shippedModelPath(), servingMeasureTokens(params), progress));
            return out;
        };
    if (id == "attention")
        return [](const LabState& state, const Progress& progress) {
            return attentionLabJson(computeAttentionLab(attentionLabParams(state), progress));
        };
    if (id == "quantization")
        return [](const LabState& state, const Progress& progress) {
            const QuantizationLabParams params = quantizationLabParams(state);
            nlohmann::json j = quantizationLabJson(computeQuantizationLab(params, progress));
            j["sweep"] = quantizationSweepJson(computeQuantizationSweep(params, progress));
            return j;
        };
    if (id == "masking")
        return [](const LabState& state, const Progress& progress) {
            return maskingLabJson(computeMaskingLab(maskingLabParams(state), progress));
        };
    return torchFreeLabRunner(id);
}

} // namespace mllab::labs
