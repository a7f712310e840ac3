// The train-eval lab's declaration and JSON (libtorch-free; the pipeline is train_eval.cpp).
#include "engine/labs/train_eval.h"

#include <nlohmann/json.hpp>

namespace mllab::labs {

const LabSpec& trainEvalLabSpec()
{
    static const LabSpec spec = [] {
        LabSpec s{"train-eval", "Dropout and BatchNorm: train() vs eval()",
                  "One network read in train() and eval() mode: what dropout and BatchNorm do "
                  "differently, what forgetting eval() costs, and Monte-Carlo dropout's "
                  "uncertainty."};
        s.needsTorch = true;
        ParamSpec norm{"norm", "Normalisation", ParamType::Choice, std::string("batchnorm")};
        norm.choices = {"none", "batchnorm", "layernorm"};
        norm.choiceLabels = {"none", "BatchNorm", "LayerNorm"};
        norm.help = "The layer after each hidden linear layer";
        ParamSpec dropout{"dropout", "Dropout p", ParamType::Number, 0.2, 0, 0.8, 0.05};
        dropout.widget = ParamWidget::Slider;
        dropout.help = "Probability that dropout zeroes a hidden unit in train() mode";
        ParamSpec batch{"batch", "Batch size", ParamType::Integer, 32LL, 2, 256, 1};
        batch.stops = {2, 4, 8, 16, 32, 64, 128, 256};
        batch.widget = ParamWidget::Slider;
        batch.help = "Training minibatch: BatchNorm's statistics come from it";
        ParamSpec momentum{"bn_momentum", "BN momentum", ParamType::Number, 0.1, 0.001, 1, 0.01};
        momentum.decimals = 3;
        momentum.help = "BatchNorm's running statistics: running = (1 − m)·running + m·batch";
        momentum.visibleWhen = "norm=batchnorm";
        ParamSpec epochs{"epochs", "Epochs", ParamType::Integer, 200LL, 10, 2000, 10};
        epochs.help = "Passes over the 80 training points";
        ParamSpec passes{"mc_passes", "MC passes", ParamType::Integer, 50LL, 2, 500, 1};
        passes.help = "Train-mode passes averaged by Monte-Carlo dropout";
        ParamSpec noise{"noise", "Noise σ", ParamType::Number, 0.1, 0, 1, 0.05};
        noise.help = "Standard deviation of the noise on the targets";
        s.params = {
            norm,   dropout,
            batch,  momentum,
            epochs, passes,
            noise,  seedParam("Seed of the data, the initial weights, the batches and dropout")};
        return s;
    }();
    return spec;
}

TrainEvalLabParams trainEvalLabParams(const LabState& state)
{
    TrainEvalLabParams p;
    p.norm = state.text("norm");
    p.dropout = state.number("dropout");
    p.batch = int(state.integer("batch"));
    p.bnMomentum = state.number("bn_momentum");
    p.epochs = int(state.integer("epochs"));
    p.mcPasses = int(state.integer("mc_passes"));
    p.noise = state.number("noise");
    p.seed = static_cast<unsigned long long>(state.integer("seed"));
    return p;
}

nlohmann::json trainEvalLabJson(const TrainEvalLabResult& r)
{
    nlohmann::json j{{"train_loss", r.trainLoss},
                     {"validation_mse_eval", r.validationEval},
                     {"validation_mse_train_mode", r.validationTrain},
                     {"mc_std_inside_data", r.mcStdInside},
                     {"mc_std_outside_data", r.mcStdOutside},
                     {"grid_x", r.gridX},
                     {"eval_curve", r.evalCurve},
                     {"mc_mean", r.mcMean},
                     {"mc_std", r.mcStd}};
    if (r.hasBatchNorm) {
        nlohmann::json batches = nlohmann::json::array();
        for (const BatchStatistics& s : r.batchStatistics)
            batches.push_back(
                {{"batch", s.batch}, {"mean_error", s.meanError}, {"var_ratio", s.varRatio}});
        j["batchnorm"] = {{"running_mean_error", r.runningMeanError},
                          {"running_var_ratio", r.runningVarRatio},
                          {"batch_statistics", batches}};
    }
    return j;
}

} // namespace mllab::labs
