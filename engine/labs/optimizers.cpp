#include "engine/labs/optimizers.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>

namespace mllab::labs {

namespace {

constexpr double kTolerance = 1e-6;

ParamSpec number(const char* key, const char* label, double value, double min, double max,
                 double step, const char* help)
{
    ParamSpec p{key, label, ParamType::Number, value, min, max, step};
    p.help = help;
    return p;
}

std::vector<ParamSpec> surfaceParams()
{
    ParamSpec surface{"surface", "Surface", ParamType::Choice, std::string("quadratic")};
    surface.choices = {"quadratic", "rosenbrock", "saddle", "bumpy"};
    surface.choiceLabels = {"Ill-conditioned quadratic", "Rosenbrock valley", "Saddle",
                            "Bumpy (many minima)"};
    surface.help = "quadratic (x² + K·y²)/2; Rosenbrock (1−x)² + 100(y−x²)²; saddle (x² − y²)/2; "
                   "bumpy (x² + y²)/10 + sin 3x · sin 3y / 2";
    ParamSpec condition = number("condition", "Condition κ", 10, 1, 1000, 1,
                                 "The quadratic's condition number: its curvature along y over "
                                 "along x");
    condition.widget = ParamWidget::Slider;
    condition.decimals = -1;
    condition.stops = {1, 2, 5, 10, 20, 50, 100, 200, 500, 1000};
    condition.visibleWhen = "surface=quadratic";
    ParamSpec startX = number("start_x", "Start x", -1.5, -3, 3, 0.1,
                              "Where every optimizer starts (or click the contour plot)");
    ParamSpec startY = number("start_y", "Start y", 1.5, -3, 3, 0.1,
                              "Where every optimizer starts (or click the contour plot)");
    return {surface, condition, startX, startY};
}

std::vector<ParamSpec> optimizerParams()
{
    ParamSpec racers{"optimizers", "Optimizers", ParamType::Text,
                     std::string("sgd,momentum,nesterov,rmsprop,adam,adamw")};
    racers.help = "The optimizers that race, comma separated: sgd, momentum, nesterov, rmsprop, "
                  "adam, adamw";
    ParamSpec lr = number("lr", "SGD lr", 0.05, 0.0001, 2, 0.0001,
                          "Learning rate of SGD, momentum and Nesterov");
    lr.decimals = -1;
    lr.stops = {0.0001, 0.0003, 0.001, 0.003, 0.01, 0.02, 0.05, 0.1,
                0.15,   0.19,   0.2,   0.3,   0.5,  1,    2};
    lr.widget = ParamWidget::Slider;
    ParamSpec adaptive = number("adaptive_lr", "Adaptive lr", 0.05, 0.0001, 2, 0.0001,
                                "Learning rate of RMSprop, Adam and AdamW");
    adaptive.decimals = -1;
    adaptive.stops = lr.stops;
    adaptive.widget = ParamWidget::Slider;
    ParamSpec momentum = number("momentum", "Momentum β", 0.9, 0, 0.99, 0.01,
                                "Momentum of the momentum and Nesterov racers (torch's SGD)");
    momentum.widget = ParamWidget::Slider;
    ParamSpec beta1 =
        number("beta1", "Adam β₁", 0.9, 0, 0.999, 0.001, "Decay of the mean gradient");
    beta1.decimals = 3;
    ParamSpec beta2 =
        number("beta2", "Adam β₂", 0.999, 0, 0.9999, 0.0001, "Decay of the mean squared gradient");
    beta2.decimals = 4;
    ParamSpec eps = number("eps", "ε", 1e-8, 0, 1, 1e-8,
                           "Added to the root of the squared "
                           "gradient (RMSprop, Adam, AdamW)");
    eps.decimals = -1;
    eps.widget = ParamWidget::Slider;
    eps.stops = {0, 1e-10, 1e-8, 1e-6, 1e-4, 0.001, 0.01, 0.1, 1};
    ParamSpec decay = number("weight_decay", "Weight decay", 0, 0, 1, 0.001,
                             "L2 added to the gradient (SGD, RMSprop, Adam); decoupled for AdamW");
    decay.decimals = 3;
    ParamSpec bias{"bias_correction", "Adam bias correction", ParamType::Bool, true};
    bias.help = "Divide Adam's averages by 1 − βᵗ (torch always does; off shows why)";
    return {racers, lr, adaptive, momentum, beta1, beta2, eps, decay, bias};
}

std::vector<ParamSpec> runParams()
{
    ParamSpec noise = number("noise", "Gradient noise σ", 0, 0, 5, 0.05,
                             "Seeded N(0, σ²) added to each gradient component, as minibatches do");
    noise.widget = ParamWidget::Slider;
    ParamSpec steps{"steps", "Steps", ParamType::Integer, 300LL, 10, 5000, 10};
    steps.help = "Updates per optimizer";
    ParamSpec netEpochs{"net_epochs", "Network epochs", ParamType::Integer, 150LL, 10, 1000, 10};
    netEpochs.help = "Full-batch steps of the MLP on the wine data, one run per optimizer";
    netEpochs.visibleWhen = "tab=network";
    ParamSpec landscape{"landscape", "Landscape of", ParamType::Choice, std::string("adam")};
    landscape.choices = racerIds();
    landscape.choiceLabels = {"SGD", "Momentum", "Nesterov", "RMSprop", "Adam", "AdamW"};
    landscape.help = "Whose path and loss plane the network view draws";
    landscape.visibleWhen = "tab=network";
    return {noise,     seedParam("Seed of the gradient noise and of the network's initial weights"),
            steps,     netEpochs,
            landscape, tabsParam("tab", {"race", "loss", "network"}, "The chart shown")};
}

int stepsToTolerance(const Trajectory& t, double minimum)
{
    for (std::size_t k = 0; k < t.loss.size(); ++k)
        if (t.loss[k] - minimum < kTolerance)
            return int(k);
    return -1;
}

} // namespace

const std::vector<std::string>& racerIds()
{
    static const std::vector<std::string> ids{"sgd",     "momentum", "nesterov",
                                              "rmsprop", "adam",     "adamw"};
    return ids;
}

OptimizerSettings racerSettings(const std::string& id, const OptimizersLabParams& p)
{
    OptimizerSettings s;
    const bool sgdFamily = id == "sgd" || id == "momentum" || id == "nesterov";
    s.kind = sgdFamily ? OptimizerKind::Sgd : optimizerFromName(id);
    s.lr = sgdFamily ? p.lr : p.adaptiveLr;
    s.momentum = id == "momentum" || id == "nesterov" ? p.momentum : 0;
    s.nesterov = id == "nesterov";
    s.beta1 = p.beta1;
    s.beta2 = p.beta2;
    s.eps = p.eps;
    s.weightDecay = p.weightDecay;
    s.biasCorrection = p.biasCorrection;
    s.noise = p.noise;
    s.seed = p.seed;
    return s;
}

const LabSpec& optimizersLabSpec()
{
    static const LabSpec spec = [] {
        LabSpec s{"optimizers", "Optimizer race",
                  "SGD, momentum, Nesterov, RMSprop, Adam and AdamW from one start on the same "
                  "surface, with torch.optim's update rules."};
        s.needsTorch = true; // the network race (optimizer_network.cpp)
        for (auto* group : {&surfaceParams, &optimizerParams, &runParams})
            for (ParamSpec& p : (*group)())
                s.params.push_back(std::move(p));
        return s;
    }();
    return spec;
}

OptimizersLabParams optimizersLabParams(const LabState& state)
{
    OptimizersLabParams p;
    p.surfaceName = state.text("surface");
    p.surface = surfaceFromName(p.surfaceName);
    p.condition = state.number("condition");
    p.start = {state.number("start_x"), state.number("start_y")};
    p.racers = splitList(state.text("optimizers"));
    p.lr = state.number("lr");
    p.adaptiveLr = state.number("adaptive_lr");
    p.momentum = state.number("momentum");
    p.beta1 = state.number("beta1");
    p.beta2 = state.number("beta2");
    p.eps = state.number("eps");
    p.weightDecay = state.number("weight_decay");
    p.biasCorrection = state.flag("bias_correction");
    p.noise = state.number("noise");
    p.seed = static_cast<unsigned long long>(state.integer("seed"));
    p.steps = int(state.integer("steps"));
    p.netEpochs = int(state.integer("net_epochs"));
    p.landscape = state.text("landscape");
    return p;
}

OptimizersLabResult computeOptimizersLab(const OptimizersLabParams& p, const Progress& progress)
{
    if (p.racers.empty())
        throw InputError("choose at least one optimizer");
    OptimizersLabResult r;
    r.params = p;
    const Point2 optimum = surfaceMinimum(p.surface);
    const double minimum = p.surface == Surface::Saddle ? -INFINITY : 0.0;
    for (const std::string& id : p.racers) {
        if (std::find(racerIds().begin(), racerIds().end(), id) == racerIds().end())
            throw InputError("unknown optimizer '" + id +
                             "' (sgd, momentum, nesterov, rmsprop, adam, adamw)");
        Racer racer;
        racer.id = id;
        racer.trajectory =
            optimize(p.surface, p.condition, racerSettings(id, p), p.start, p.steps, progress);
        const auto& loss = racer.trajectory.loss;
        racer.finalLoss = loss.back();
        racer.bestLoss = *std::min_element(loss.begin(), loss.end());
        racer.rate = measuredRate(racer.trajectory, optimum);
        racer.stepsToTolerance = stepsToTolerance(racer.trajectory, minimum);
        r.racers.push_back(std::move(racer));
    }
    if (p.surface == Surface::Quadratic) {
        r.hasRates = true;
        r.rates = quadraticRates(p.condition, p.lr, p.momentum);
    }
    return r;
}

nlohmann::json optimizersLabJson(const OptimizersLabResult& r)
{
    nlohmann::json racers = nlohmann::json::array();
    for (const Racer& racer : r.racers) {
        const Point2& last = racer.trajectory.points.back();
        nlohmann::json j{{"optimizer", racer.id},
                         {"final_loss", racer.finalLoss},
                         {"best_loss", racer.bestLoss},
                         {"final_point", {last[0], last[1]}},
                         {"steps_run", racer.trajectory.points.size() - 1},
                         {"diverged", racer.trajectory.diverged},
                         {"steps_to_1e-6", racer.stepsToTolerance}};
        if (std::isfinite(racer.rate))
            j["rate"] = racer.rate;
        racers.push_back(std::move(j));
    }
    nlohmann::json j{{"surface", r.params.surfaceName}, {"racers", racers}};
    if (r.hasRates)
        j["quadratic"] = {
            {"condition", r.params.condition},     {"stability_limit_lr", r.rates.stabilityLimit},
            {"sgd_rate_at_lr", r.rates.plainAtLr}, {"momentum_rate_at_lr", r.rates.momentumAtLr},
            {"sgd_best_rate", r.rates.plainBest},  {"momentum_best_rate", r.rates.momentumBest}};
    return j;
}

} // namespace mllab::labs
