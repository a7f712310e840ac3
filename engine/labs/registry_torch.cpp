// The lab pipelines that compute with libtorch; the others come from mllab_engine_core.
#include "engine/labs/attention.h"
#include "engine/labs/calibration.h"
#include "engine/labs/gradient_flow.h"
#include "engine/labs/lm_training.h"
#include "engine/labs/monte_carlo.h"
#include "engine/labs/registry.h"
#include "engine/labs/roc.h"
#include "engine/labs/sampling.h"
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
    if (id == "gradient-flow")
        return [](const LabState& state, const Progress& progress) {
            return gradientFlowLabJson(
                computeGradientFlowLab(gradientFlowLabParams(state), progress));
        };
    if (id == "attention")
        return [](const LabState& state, const Progress& progress) {
            return attentionLabJson(computeAttentionLab(attentionLabParams(state), progress));
        };
    return torchFreeLabRunner(id);
}

} // namespace mllab::labs
