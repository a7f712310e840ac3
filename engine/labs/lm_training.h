#pragma once
// The lm-training lab: train a small GPT on the question bank or a text file with one of the
// presets (engine/lm/presets.h), watching train and validation loss against the n-gram
// baselines and the learning-rate schedule (engine/lm/trainer.h does the training).

#include "engine/labs/params.h"
#include "engine/lm/trainer.h"
#include "engine/progress.h"

#include <nlohmann/json_fwd.hpp>

#include <string>

namespace mllab::labs {

struct LmTrainingLabParams {
    std::string corpus = "questions";  ///< "questions" (the built-in bank) or a text file
    std::string preset = "tiny";
    std::string device = "cpu";
    int steps = 500;
    int seed = 0;
    std::string name = "my-gpt";       ///< the checkpoint's name in the user model folder
    std::string outputPath;            ///< where to write it ("" = nowhere: mllab-cli lab)
};

const LabSpec& lmTrainingLabSpec();
LmTrainingLabParams lmTrainingLabParams(const LabState& state);
/// The trainer's settings for these parameters (warm-up and evaluation follow the steps); the
/// corpus is not read here.
TrainParams lmTrainingTrainParams(const LmTrainingLabParams& params);
/// Reads the corpus and trains (libtorch; defined in mllab_engine).
TrainResult computeLmTrainingLab(const LmTrainingLabParams& params, const Progress& progress = {},
                                 const TrainStepSink& onStep = {});
/// Steps, losses (train every step, validation at each evaluation), the baselines, bits per
/// byte and throughput.
nlohmann::json lmTrainingLabJson(const TrainResult& result);

} // namespace mllab::labs
