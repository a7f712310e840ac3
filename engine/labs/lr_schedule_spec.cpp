// The lr-schedule lab's declaration, checks and JSON (libtorch-free; the pipeline is
// lr_schedule.cpp).
#include "engine/labs/lr_schedule.h"

#include <nlohmann/json.hpp>

#include <cmath>

namespace mllab::labs {

const LabSpec& lrScheduleLabSpec()
{
    static const LabSpec spec = [] {
        LabSpec s{"lr-schedule", "Learning rate: range test, schedules, batch size",
                  "Find a learning rate with the range test, train six schedules side by side "
                  "from the same start, and see how batch size, the linear scaling rule and the "
                  "gradient noise scale fit together."};
        s.needsTorch = true;
        ParamSpec dataset{"dataset", "Dataset", ParamType::Choice, std::string("breast-cancer")};
        dataset.choices = {"breast-cancer", "wine"};
        dataset.choiceLabels = {"Breast cancer", "Wine"};
        dataset.help = "Shipped dataset, standardised: breast cancer (569 rows, 30 features, 2 "
                       "classes) or wine (178 rows, 13 features, 3 classes); 70% trains, 30% "
                       "validates";
        ParamSpec optimizer{"optimizer", "Optimizer", ParamType::Choice, std::string("sgd")};
        optimizer.choices = {"sgd", "adam"};
        optimizer.choiceLabels = {"SGD", "Adam"};
        optimizer.help = "torch::optim::SGD with momentum 0.9 or torch::optim::Adam (defaults)";
        ParamSpec hidden{"hidden", "Hidden units", ParamType::Integer, 32LL, 2, 256, 1};
        hidden.stops = {2, 4, 8, 16, 32, 64, 128, 256};
        hidden.widget = ParamWidget::Slider;
        hidden.help = "Width of the network's one hidden layer (ReLU)";
        ParamSpec lr{"lr", "Peak lr", ParamType::Number, 0.1, 1e-5, 10, 1e-5};
        lr.decimals = -1;
        lr.stops = {1e-5, 1e-4, 3e-4, 1e-3, 3e-3, 0.01, 0.03, 0.05, 0.1, 0.2, 0.3, 0.5, 1, 3, 10};
        lr.widget = ParamWidget::Slider;
        lr.help = "The learning rate every schedule starts from or peaks at; batch B's lr";
        ParamSpec epochs{"epochs", "Epochs", ParamType::Integer, 20LL, 2, 300, 1};
        epochs.help = "Epochs of each schedule and each batch-size run";
        ParamSpec batch{"batch", "Batch size B", ParamType::Integer, 32LL, 4, 256, 1};
        batch.stops = {4, 8, 16, 32, 64, 128, 256};
        batch.widget = ParamWidget::Slider;
        batch.help = "Minibatch of the range test and the schedules; the batch-size runs use "
                     "B/4, B and 4B";
        ParamSpec stepSize{"step_size", "StepLR step", ParamType::Integer, 7LL, 1, 300, 1};
        stepSize.unit = "epochs";
        stepSize.help = "StepLR multiplies the lr by γ every this many epochs";
        ParamSpec gamma{"gamma", "StepLR γ", ParamType::Number, 0.1, 0.01, 0.99, 0.01};
        gamma.help = "StepLR's factor";
        ParamSpec warmup{"warmup", "Warm-up", ParamType::Integer, 3LL, 0, 299, 1};
        warmup.unit = "epochs";
        warmup.help = "LinearLR from lr/10 to lr over this many epochs, then the cosine";
        ParamSpec factor{
            "plateau_factor", "Plateau factor", ParamType::Number, 0.5, 0.05, 0.95, 0.05};
        factor.help = "ReduceLROnPlateau multiplies the lr by this when validation stalls";
        ParamSpec patience{
            "plateau_patience", "Plateau patience", ParamType::Integer, 2LL, 0, 50, 1};
        patience.unit = "epochs";
        patience.help = "Epochs without a 0.01% relative improvement ReduceLROnPlateau waits";
        ParamSpec rangeStart{"range_start", "Range test from", ParamType::Number, 1e-5, 1e-8, 1,
                             1e-8};
        rangeStart.decimals = -1;
        rangeStart.stops = {1e-8, 1e-7, 1e-6, 1e-5, 1e-4, 1e-3, 0.01, 0.1, 1};
        rangeStart.widget = ParamWidget::Slider;
        rangeStart.help = "The range test's first learning rate";
        ParamSpec rangeEnd{"range_end", "Range test to", ParamType::Number, 10.0, 1e-3, 1000, 1e-3};
        rangeEnd.decimals = -1;
        rangeEnd.stops = {1e-3, 0.01, 0.1, 1, 10, 100, 1000};
        rangeEnd.widget = ParamWidget::Slider;
        rangeEnd.help = "The range test's last learning rate (it stops earlier if the loss "
                        "explodes)";
        ParamSpec rangeSteps{
            "range_steps", "Range test steps", ParamType::Integer, 100LL, 10, 1000, 10};
        rangeSteps.help = "Minibatches of the range test, one per learning rate";
        ParamSpec smoothing{"smoothing", "Smoothing β", ParamType::Number, 0.9, 0, 0.99, 0.01};
        smoothing.help = "Exponential smoothing of the range test's loss (bias-corrected)";
        ParamSpec rule{"rule", "Suggestion", ParamType::Choice, std::string("steepest")};
        rule.choices = {"steepest", "min10"};
        rule.choiceLabels = {"steepest", "min ÷ 10"};
        rule.help = "Where the smoothed loss falls fastest, or a tenth of the lr at its minimum";
        ParamSpec tab =
            tabsParam("tab", {"range", "schedules", "batch"}, "The part of the lab shown");
        tab.choiceLabels = {"Range test", "Schedules", "Batch size"};
        s.params = {dataset,
                    optimizer,
                    hidden,
                    lr,
                    epochs,
                    batch,
                    stepSize,
                    gamma,
                    warmup,
                    factor,
                    patience,
                    rangeStart,
                    rangeEnd,
                    rangeSteps,
                    smoothing,
                    rule,
                    seedParam("Seed of the split, the initial weights and the batches"),
                    tab};
        return s;
    }();
    return spec;
}

LrScheduleLabParams lrScheduleLabParams(const LabState& state)
{
    LrScheduleLabParams p;
    p.dataset = state.text("dataset");
    p.optimizer = state.text("optimizer");
    p.hidden = int(state.integer("hidden"));
    p.lr = state.number("lr");
    p.epochs = int(state.integer("epochs"));
    p.batch = int(state.integer("batch"));
    p.stepSize = int(state.integer("step_size"));
    p.gamma = state.number("gamma");
    p.warmup = int(state.integer("warmup"));
    p.plateauFactor = state.number("plateau_factor");
    p.plateauPatience = int(state.integer("plateau_patience"));
    p.rangeStart = state.number("range_start");
    p.rangeEnd = state.number("range_end");
    p.rangeSteps = int(state.integer("range_steps"));
    p.smoothing = state.number("smoothing");
    p.rule = state.text("rule");
    p.seed = static_cast<unsigned long long>(state.integer("seed"));
    return p;
}

void checkLrScheduleParams(const LrScheduleLabParams& p)
{
    if (p.dataset != "breast-cancer" && p.dataset != "wine")
        throw InputError("unknown dataset '" + p.dataset + "' (breast-cancer, wine)");
    if (p.optimizer != "sgd" && p.optimizer != "adam")
        throw InputError("unknown optimizer '" + p.optimizer + "' (sgd, adam)");
    if (p.rule != "steepest" && p.rule != "min10")
        throw InputError("unknown suggestion rule '" + p.rule + "' (steepest, min10)");
    if (p.epochs < 2)
        throw InputError("epochs must be at least 2");
    if (p.warmup >= p.epochs)
        throw InputError("warm-up of " + std::to_string(p.warmup) + " epochs leaves no epoch " +
                         "for the cosine: make it shorter than the " + std::to_string(p.epochs) +
                         " epochs");
    if (!(p.rangeEnd > p.rangeStart))
        throw InputError("the range test must go up: range_end (" + std::to_string(p.rangeEnd) +
                         ") is not above range_start (" + std::to_string(p.rangeStart) + ")");
    if (!(p.lr > 0) || !(p.batch >= 1) || !(p.hidden >= 1))
        throw InputError("lr, batch and hidden must be positive");
}

namespace {

nlohmann::json number(double v)
{
    return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr);
}

nlohmann::json numbers(const std::vector<double>& v)
{
    nlohmann::json out = nlohmann::json::array();
    for (double x : v)
        out.push_back(number(x));
    return out;
}

} // namespace

nlohmann::json lrRangeTestJson(const LrRangeTestResult& r)
{
    return {{"lr", numbers(r.lr)},
            {"loss", numbers(r.loss)},
            {"smoothed_loss", numbers(r.smoothed)},
            {"suggested_lr", number(r.suggestedLr)},
            {"suggested_step", r.suggestedIndex},
            {"slope_per_decade", number(r.slope)},
            {"min_smoothed_loss", number(r.minLoss)},
            {"min_loss_lr", number(r.minLr)},
            {"diverged", r.diverged},
            {"steps_run", r.lr.size()},
            {"steps_planned", r.plannedSteps}};
}

nlohmann::json lrSchedulesJson(const LrSchedulesResult& r)
{
    nlohmann::json runs = nlohmann::json::array();
    for (const LrScheduleRun& run : r.runs)
        runs.push_back({{"id", run.id},
                        {"label", run.label},
                        {"lr", numbers(run.lr)},
                        {"momentum", numbers(run.momentum)},
                        {"train_loss", numbers(run.trainLoss)},
                        {"val_loss", numbers(run.valLoss)},
                        {"val_accuracy", numbers(run.valAccuracy)},
                        {"final_val_loss", number(run.finalValLoss)},
                        {"best_val_loss", number(run.bestValLoss)},
                        {"best_epoch", run.bestEpoch},
                        {"final_val_accuracy", number(run.finalAccuracy)},
                        {"diverged", run.diverged}});
    return {{"runs", runs},
            {"best", r.best < 0 ? nlohmann::json(nullptr)
                                : nlohmann::json(r.runs[std::size_t(r.best)].id)}};
}

nlohmann::json lrBatchSizesJson(const LrBatchResult& r)
{
    nlohmann::json runs = nlohmann::json::array();
    for (const LrBatchRun& run : r.runs)
        runs.push_back({{"batch", run.batch},
                        {"linear_scaling", run.scaled},
                        {"lr", run.lr},
                        {"steps_per_epoch", run.stepsPerEpoch},
                        {"val_loss", numbers(run.valLoss)},
                        {"train_loss", numbers(run.trainLoss)},
                        {"diverged", run.diverged}});
    nlohmann::json noise = nlohmann::json::array();
    for (const NoiseScalePoint& n : r.noise)
        noise.push_back({{"step", n.step},
                         {"train_loss", number(n.trainLoss)},
                         {"trace_sigma", number(n.traceSigma)},
                         {"grad_norm2", number(n.gradNorm2)},
                         {"b_simple", number(n.bSimple)}});
    return {{"reference_batch", r.referenceBatch},
            {"train_rows", r.trainRows},
            {"runs", runs},
            {"noise_scale", noise}};
}

nlohmann::json lrScheduleLabJson(const LrScheduleLabResult& r)
{
    return {{"train_rows", r.trainRows},
            {"validation_rows", r.validationRows},
            {"features", r.features},
            {"classes", r.classes},
            {"range_test", lrRangeTestJson(r.range)},
            {"schedules", lrSchedulesJson(r.schedules)},
            {"batch_sizes", lrBatchSizesJson(r.batches)}};
}

} // namespace mllab::labs
