// The lm-training lab's declaration and settings (libtorch-free: mllab-cli validates with it).
#include "engine/labs/lm_training.h"

#include "engine/lm/presets.h"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace mllab::labs {

const LabSpec& lmTrainingLabSpec()
{
    static const LabSpec spec = [] {
        LabSpec s{"lm-training", "Train your own GPT",
                  "Train a small GPT on the question bank or your own text and watch the train "
                  "and validation loss, the bigram baseline and the learning rate."};
        s.needsTorch = true;
        ParamSpec corpus{"corpus", "Corpus", ParamType::Text, std::string("questions")};
        corpus.help = "The text the model learns to continue: questions (the built-in question "
                      "bank) or the path of a text file";
        ParamSpec preset{"preset", "Model size", ParamType::Choice, std::string("tiny")};
        for (const TrainPreset& p : trainPresets()) {
            preset.choices.push_back(p.id);
            preset.choiceLabels.push_back(p.wantsGpu ? p.id + " (GPU)" : p.id);
        }
        preset.help = "The model's shape; each preset suggests a number of steps";
        ParamSpec device{"device", "Device", ParamType::Text, std::string("cpu")};
        device.widget = ParamWidget::ComboBox;
        device.help = "cpu, or cuda:N for a GPU";
        ParamSpec steps{"steps", "Steps", ParamType::Integer,
                        static_cast<long long>(trainPreset("tiny").suggestedSteps), 1, 1'000'000, 100};
        steps.help = "Optimiser steps; the preset sets a suggestion";
        ParamSpec seed = seedParam("Seed of the initial weights, the batches and dropout");
        ParamSpec name{"name", "Save as", ParamType::Text, std::string("my-gpt")};
        name.help = "The checkpoint's file name in the user model folder";
        s.params = {corpus, preset, device, steps, seed, name};
        return s;
    }();
    return spec;
}

LmTrainingLabParams lmTrainingLabParams(const LabState& state)
{
    LmTrainingLabParams p;
    p.corpus = state.text("corpus");
    p.preset = state.text("preset");
    p.device = state.text("device");
    p.steps = int(state.integer("steps"));
    p.seed = int(state.integer("seed"));
    p.name = state.text("name");
    return p;
}

TrainParams lmTrainingTrainParams(const LmTrainingLabParams& params)
{
    TrainParams p;
    p.config = trainPreset(params.preset).config;
    p.steps = params.steps;
    p.seed = std::uint64_t(params.seed);
    p.device = params.device;
    p.warmupSteps = std::clamp(params.steps / 10, 1, 100);
    p.evalEvery = std::clamp(params.steps / 10, 5, 100);
    p.corpusName = params.corpus == "questions" ? std::string("question bank") : params.corpus;
    p.outputPath = params.outputPath;
    return p;
}

nlohmann::json lmTrainingLabJson(const TrainResult& r)
{
    nlohmann::json train = nlohmann::json::array(), validation = nlohmann::json::array();
    for (const LossPoint& p : r.trainLoss)
        train.push_back({p.step, p.loss});
    for (const LossPoint& p : r.validationLoss)
        validation.push_back({p.step, p.loss});
    return {{"steps", r.stepsDone},
            {"parameters", r.parameters},
            {"final_train_loss", r.trainLoss.empty() ? 0.0 : r.trainLoss.back().loss},
            {"validation_loss", r.finalValidationLoss},
            {"validation_bits_per_byte", r.validationBitsPerByte},
            {"unigram_loss", r.unigramLoss},
            {"bigram_loss", r.bigramLoss},
            {"tokens_per_second", r.tokensPerSecond},
            {"train_loss", train},
            {"validation", validation}};
}

} // namespace mllab::labs
