// The bug-zoo lab's declaration and JSON (libtorch-free; the pipeline is bug_zoo.cpp).
#include "engine/labs/bug_zoo.h"

#include <nlohmann/json.hpp>

namespace mllab::labs {

const std::vector<std::string>& bugZooBugs()
{
    static const std::vector<std::string> bugs = {
        "none",           "no_zero_grad",    "lr_high",
        "lr_low",         "shuffled_labels", "softmax_before_ce",
        "eval_forgotten", "unshuffled",      "frozen_layer",
        "imbalance",      "label_noise"};
    return bugs;
}

const LabSpec& bugZooLabSpec()
{
    static const LabSpec spec = [] {
        LabSpec s{"bug-zoo", "Bug zoo: why the loss acts weird",
                  "One classifier trained twice from the same weights, healthy and with a classic "
                  "training-loop bug: how each bug shows in the loss and accuracy curves, and why "
                  "the loss can fall while accuracy stays flat."};
        s.needsTorch = true;
        ParamSpec bug{"bug", "Bug", ParamType::Choice, std::string("shuffled_labels")};
        bug.choices = bugZooBugs();
        bug.choiceLabels = {"none",         "no zero_grad", "lr ×10",     "lr ÷10",
                            "shuffled y",   "softmax+CE",   "no eval()",  "unshuffled",
                            "frozen layer", "imbalance",    "label noise"};
        bug.help = "The bug injected into the second run (the first is always healthy): "
                   "zero_grad() forgotten, learning rate 10× too high or too low, labels "
                   "shuffled, softmax applied before CrossEntropyLoss, eval() forgotten at "
                   "validation, data sorted by class and never shuffled, the first layer frozen, "
                   "most of the smallest class dropped, a share of the labels flipped";
        ParamSpec dataset{"dataset", "Dataset", ParamType::Choice, std::string("wine")};
        dataset.choices = {"wine", "breast-cancer", "iris"};
        dataset.choiceLabels = {"Wine", "Breast cancer", "Iris"};
        dataset.help = "A shipped dataset (wine and iris: 3 classes, breast cancer: 2); 30% of "
                       "each class is held out for validation";
        ParamSpec lr{"lr", "Learning rate", ParamType::Number, 0.01, 0.0001, 1, 0.005};
        lr.decimals = -1;
        lr.stops = {0.0001, 0.0003, 0.001, 0.003, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1};
        lr.widget = ParamWidget::Slider;
        lr.help = "The healthy run's SGD learning rate (momentum 0.9); the learning-rate bugs "
                  "multiply it by 10 or 0.1";
        ParamSpec epochs{"epochs", "Epochs", ParamType::Integer, 60LL, 4, 400, 1};
        epochs.help = "Passes over the training rows";
        ParamSpec batch{"batch", "Batch size", ParamType::Integer, 16LL, 2, 256, 1};
        batch.stops = {2, 4, 8, 16, 32, 64, 128, 256};
        batch.widget = ParamWidget::Slider;
        batch.help = "Training minibatch";
        ParamSpec dropout{"dropout", "Dropout p", ParamType::Number, 0.3, 0, 0.8, 0.05};
        dropout.widget = ParamWidget::Slider;
        dropout.help = "Probability that dropout zeroes a hidden unit in train() mode";
        ParamSpec noise{"noise", "Flipped labels", ParamType::Number, 0.3, 0, 0.9, 0.05};
        noise.displayScale = 100;
        noise.decimals = 0;
        noise.unit = "%";
        noise.widget = ParamWidget::Slider;
        noise.visibleWhen = "bug=label_noise";
        noise.help = "Share of training labels moved to a random other class";
        ParamSpec keep{"keep", "Minority kept", ParamType::Number, 0.05, 0, 1, 0.01};
        keep.displayScale = 100;
        keep.decimals = 0;
        keep.unit = "%";
        keep.widget = ParamWidget::Slider;
        keep.visibleWhen = "bug=imbalance";
        keep.help = "Share of the smallest class's training rows kept (at least one)";
        s.params = {bug,
                    dataset,
                    lr,
                    epochs,
                    batch,
                    dropout,
                    noise,
                    keep,
                    seedParam("Seed of the split, the initial weights, the batches, dropout and "
                              "the label changes")};
        return s;
    }();
    return spec;
}

BugZooLabParams bugZooLabParams(const LabState& state)
{
    BugZooLabParams p;
    p.bug = state.text("bug");
    p.dataset = state.text("dataset");
    p.lr = state.number("lr");
    p.epochs = int(state.integer("epochs"));
    p.batch = int(state.integer("batch"));
    p.dropout = state.number("dropout");
    p.noise = state.number("noise");
    p.keep = state.number("keep");
    p.seed = static_cast<unsigned long long>(state.integer("seed"));
    return p;
}

namespace {

nlohmann::json runJson(const BugZooRun& r)
{
    nlohmann::json j{{"train_loss", r.trainLoss},
                     {"train_accuracy", r.trainAccuracy},
                     {"validation_loss", r.validationLoss},
                     {"validation_accuracy", r.validationAccuracy},
                     {"step_norm", r.stepNorm},
                     {"p_true_quantiles", r.pTrueQuantiles},
                     {"validation_recall", r.validationRecall},
                     {"trainable_parameters", r.trainableParameters},
                     {"parameters", r.parameters},
                     {"diverged_epoch", r.divergedEpoch}};
    if (!r.validationLossEvalMode.empty()) {
        j["validation_loss_eval_mode"] = r.validationLossEvalMode;
        j["validation_accuracy_eval_mode"] = r.validationAccuracyEvalMode;
    }
    return j;
}

} // namespace

nlohmann::json bugZooLabJson(const BugZooLabResult& r)
{
    const BugZooSignature& s = r.signature;
    const LossDownAccuracyFlat& f = r.flat;
    return {{"classes", r.classNames},
            {"train_rows", r.trainRows},
            {"validation_rows", r.validationRows},
            {"features", r.features},
            {"p_true_quantile_levels", {0.1, 0.25, 0.5, 0.75, 0.9}},
            {"healthy", runJson(r.healthy)},
            {"buggy", runJson(r.buggy)},
            {"signature",
             {{"ln_c", s.lnC},
              {"softmax_floor", s.softmaxFloor},
              {"chance_accuracy", s.chance},
              {"early_train_loss", {s.healthyEarlyLoss, s.buggyEarlyLoss}},
              {"final_train_loss", {s.healthyFinalLoss, s.buggyFinalLoss}},
              {"min_validation_loss", {s.healthyMinValidationLoss, s.buggyMinValidationLoss}},
              {"final_validation_accuracy",
               {s.healthyFinalValidationAccuracy, s.buggyFinalValidationAccuracy}},
              {"final_train_accuracy", {s.healthyFinalTrainAccuracy, s.buggyFinalTrainAccuracy}},
              {"train_loss_rises", {s.healthyLossRises, s.buggyLossRises}},
              {"early_step_norm", {s.healthyEarlyStep, s.buggyEarlyStep}},
              {"late_step_norm", {s.healthyLateStep, s.buggyLateStep}},
              {"epochs_to_half_ln_c", {s.healthyEpochsToHalf, s.buggyEpochsToHalf}},
              {"validation_loss_train_mode", s.validationLossTrainMode},
              {"validation_loss_eval_mode", s.validationLossEvalMode},
              {"validation_jitter_train_mode", s.validationJitterTrainMode},
              {"validation_jitter_eval_mode", s.validationJitterEvalMode},
              {"minority_class", s.minorityClass},
              {"minority_recall", {s.healthyMinorityRecall, s.buggyMinorityRecall}},
              {"minority_train_rows", s.minorityTrainRows}}},
            {"loss_down_accuracy_flat",
             {{"from_epoch", f.from},
              {"to_epoch", f.to},
              {"loss", {f.lossFrom, f.lossTo}},
              {"accuracy", {f.accuracyFrom, f.accuracyTo}},
              {"mean_p_true_correct", {f.pCorrectFrom, f.pCorrectTo}},
              {"mean_p_true_wrong", {f.pWrongFrom, f.pWrongTo}},
              {"correct_rows", f.correctRows},
              {"wrong_rows", f.wrongRows},
              {"changed_prediction_share", f.changedShare},
              {"loss_drop_share_from_correct", f.lossDropFromCorrect}}}};
}

} // namespace mllab::labs
