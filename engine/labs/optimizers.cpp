#include "engine/labs/optimizers.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>

namespace mllab::labs {

namespace {

constexpr double kTolerance = 1e-6;

int stepsToTolerance(const Trajectory& t, double minimum)
{
    for (std::size_t k = 0; k < t.loss.size(); ++k)
        if (t.loss[k] - minimum < kTolerance)
            return int(k);
    return -1;
}

} // namespace

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
