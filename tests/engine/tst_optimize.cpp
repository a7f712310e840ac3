// engine/optimize: the hand-written float64 updates equal PyTorch's torch.optim over 1,000 steps
// (values from PyTorch itself, written by bench/optimize_reference.py, and libtorch's
// torch::optim in this process, noise included); the quadratic's rates match their closed
// forms; bad settings are refused as torch refuses them; `mllab-cli optimize` keeps DESIGN.md's
// contract.
#include "engine/labs/optimizer_network.h"
#include "engine/labs/optimizers.h"
#include "engine/labs/registry.h"
#include "engine/optimize.h"
#include "tests/support/cli.h"
#include "tests/support/enginetest.h"

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include <cmath>
#include <fstream>
#include <random>

using namespace mllab;

namespace {

bool near(double actual, double expected, double rel = 1e-9)
{
    if (actual == expected)
        return true;
    return std::abs(actual - expected) <=
           rel * std::max(std::abs(actual), std::abs(expected)) + 1e-290;
}

OptimizerSettings settingsFrom(const std::string& name, const nlohmann::json& j)
{
    OptimizerSettings s;
    s.kind = optimizerFromName(name);
    s.lr = j.value("lr", 0.0);
    s.momentum = j.value("momentum", 0.0);
    s.dampening = j.value("dampening", 0.0);
    s.nesterov = j.value("nesterov", false);
    s.alpha = j.value("alpha", 0.99);
    s.beta1 = j.value("beta1", 0.9);
    s.beta2 = j.value("beta2", 0.999);
    s.eps = j.value("eps", 1e-8);
    s.weightDecay = j.value("weight_decay", -1.0);
    return s;
}

/// The same run with libtorch's own optimizer, the gradient (plus the same noise) set by hand.
std::vector<Point2> withTorch(Surface surface, double condition, const OptimizerSettings& s,
                              Point2 start, int steps)
{
    auto p = torch::tensor({start[0], start[1]}, torch::kFloat64).requires_grad_(true);
    std::unique_ptr<torch::optim::Optimizer> optimizer;
    const double decay = effectiveWeightDecay(s);
    switch (s.kind) {
    case OptimizerKind::Sgd:
        optimizer = std::make_unique<torch::optim::SGD>(std::vector<torch::Tensor>{p},
                                                        torch::optim::SGDOptions(s.lr)
                                                            .momentum(s.momentum)
                                                            .dampening(s.dampening)
                                                            .nesterov(s.nesterov)
                                                            .weight_decay(decay));
        break;
    case OptimizerKind::RmsProp:
        optimizer = std::make_unique<torch::optim::RMSprop>(std::vector<torch::Tensor>{p},
                                                            torch::optim::RMSpropOptions(s.lr)
                                                                .alpha(s.alpha)
                                                                .eps(s.eps)
                                                                .momentum(s.momentum)
                                                                .weight_decay(decay));
        break;
    case OptimizerKind::Adam:
        optimizer = std::make_unique<torch::optim::Adam>(std::vector<torch::Tensor>{p},
                                                         torch::optim::AdamOptions(s.lr)
                                                             .betas({s.beta1, s.beta2})
                                                             .eps(s.eps)
                                                             .weight_decay(decay));
        break;
    case OptimizerKind::AdamW:
        optimizer = std::make_unique<torch::optim::AdamW>(std::vector<torch::Tensor>{p},
                                                          torch::optim::AdamWOptions(s.lr)
                                                              .betas({s.beta1, s.beta2})
                                                              .eps(s.eps)
                                                              .weight_decay(decay));
        break;
    }
    std::mt19937_64 random(s.seed);
    std::normal_distribution<double> noise(0.0, 1.0);
    std::vector<Point2> points{start};
    for (int k = 0; k < steps; ++k) {
        const auto a = p.accessor<double, 1>();
        Point2 g = surfaceGradient(surface, {a[0], a[1]}, condition);
        if (s.noise > 0)
            for (double& c : g)
                c += s.noise * noise(random);
        p.mutable_grad() = torch::tensor({g[0], g[1]}, torch::kFloat64);
        optimizer->step();
        const auto b = p.accessor<double, 1>();
        points.push_back({b[0], b[1]});
    }
    return points;
}

} // namespace

ENGINE_TEST(equalsPyTorchOver1000Steps)
{
    std::ifstream file(MLLAB_SOURCE_DIR "/tests/engine/data/optimize_reference.json");
    QVERIFY(file.good());
    const nlohmann::json reference = nlohmann::json::parse(file);
    int cases = 0;
    for (const auto& c : reference["cases"]) {
        const OptimizerSettings s = settingsFrom(c["optimizer"], c["settings"]);
        const Surface surface = surfaceFromName(c["surface"]);
        const Point2 start{c["start"][0], c["start"][1]};
        const Trajectory t = optimize(surface, c["condition"], s, start, c["steps"]);
        const int every = c["every"];
        for (std::size_t k = 0; k < c["points"].size(); ++k) {
            const std::size_t step = k * std::size_t(every);
            QVERIFY2(step < t.points.size(), c.dump().substr(0, 120));
            for (std::size_t i = 0; i < 2; ++i)
                QVERIFY2(near(t.points[step][i], c["points"][k][i].get<double>()),
                         std::string(c["surface"]) + " " + std::string(c["optimizer"]) + " step " +
                             std::to_string(step) + ": " + std::to_string(t.points[step][i]) +
                             " vs " + c["points"][k][i].dump());
        }
        ++cases;
    }
    QCOMPARE(cases, 13);
}

ENGINE_TEST(equalsLibtorchOptimizersWithNoise)
{
    struct Case {
        const char* optimizer;
        double lr, momentum;
        bool nesterov;
        double decay;
    };
    for (const Case& c :
         {Case{"sgd", 0.001, 0.9, true, 0.01}, Case{"rmsprop", 0.005, 0.3, false, 0},
          Case{"adam", 0.02, 0, false, 0.02}, Case{"adamw", 0.02, 0, false, -1}}) {
        OptimizerSettings s;
        s.kind = optimizerFromName(c.optimizer);
        s.lr = c.lr;
        s.momentum = c.momentum;
        s.nesterov = c.nesterov;
        s.weightDecay = c.decay;
        s.noise = 0.5;
        s.seed = 7;
        const Trajectory ours = optimize(Surface::Rosenbrock, 10, s, {-1.2, 1.5}, 1000);
        const std::vector<Point2> theirs = withTorch(Surface::Rosenbrock, 10, s, {-1.2, 1.5}, 1000);
        QCOMPARE(ours.points.size(), theirs.size());
        for (std::size_t k = 0; k < theirs.size(); ++k)
            for (std::size_t i = 0; i < 2; ++i)
                QVERIFY2(near(ours.points[k][i], theirs[k][i]),
                         std::string(c.optimizer) + " step " + std::to_string(k));
    }
}

ENGINE_TEST(theQuadraticConvergesAtItsPredictedRates)
{
    const double kappa = 25;
    OptimizerSettings plain;
    plain.lr = 2 / (1 + kappa); // the best fixed step
    const QuadraticRates rates = quadraticRates(kappa, plain.lr, 0);
    QVERIFY(near(rates.plainAtLr, (kappa - 1) / (kappa + 1), 1e-12));
    QVERIFY(near(rates.plainBest, 24.0 / 26.0, 1e-12));
    QVERIFY(near(rates.momentumBest, 4.0 / 6.0, 1e-12));
    QVERIFY(near(rates.stabilityLimit, 2 / kappa, 1e-12));
    const Trajectory t = optimize(Surface::Quadratic, kappa, plain, {1, 1}, 200);
    QVERIFY(near(measuredRate(t, {0, 0}), rates.plainAtLr, 1e-6));

    // Heavy ball with its tuned step and momentum reaches (√κ - 1)/(√κ + 1).
    OptimizerSettings heavy;
    heavy.lr = 4 / std::pow(std::sqrt(kappa) + 1, 2);
    heavy.momentum = std::pow((std::sqrt(kappa) - 1) / (std::sqrt(kappa) + 1), 2);
    const QuadraticRates tuned = quadraticRates(kappa, heavy.lr, heavy.momentum);
    QVERIFY(near(tuned.momentumAtLr, tuned.momentumBest, 1e-6));
    const Trajectory fast = optimize(Surface::Quadratic, kappa, heavy, {1, 1}, 400);
    QVERIFY(std::abs(measuredRate(fast, {0, 0}) - tuned.momentumBest) < 0.02);

    // Past 2/λmax plain gradient descent diverges, and the trajectory says so.
    plain.lr = 2.2 / kappa;
    QVERIFY(quadraticRates(kappa, plain.lr, 0).plainAtLr > 1);
    const Trajectory wild = optimize(Surface::Quadratic, kappa, plain, {1, 1}, 20000);
    QVERIFY(wild.diverged);
    QVERIFY(std::isinf(measuredRate(wild, {0, 0})));
}

ENGINE_TEST(adamWithoutBiasCorrectionStartsWithTinySteps)
{
    OptimizerSettings s;
    s.kind = OptimizerKind::Adam;
    s.lr = 0.1;
    const Trajectory corrected = optimize(Surface::Quadratic, 10, s, {1, 1}, 1);
    s.biasCorrection = false;
    const Trajectory raw = optimize(Surface::Quadratic, 10, s, {1, 1}, 1);
    // Step 1: corrected moves lr·sign(g); uncorrected moves lr·(1-β1)/√(1-β2) ≈ 3.16·lr.
    QVERIFY(near(1 - corrected.points[1][0], 0.1, 1e-6));
    QVERIFY(near(1 - raw.points[1][0], 0.1 * 0.1 / std::sqrt(0.001), 1e-6));
}

ENGINE_TEST(refusesWhatTorchRefuses)
{
    OptimizerSettings s;
    s.nesterov = true;
    QVERIFY_THROWS_MESSAGE(optimize(Surface::Quadratic, 10, s, {1, 1}, 10), InputError, "Nesterov");
    s = {};
    s.lr = -1;
    QVERIFY_THROWS_MESSAGE(optimize(Surface::Quadratic, 10, s, {1, 1}, 10), InputError,
                           "learning rate");
    s = {};
    s.kind = OptimizerKind::Adam;
    s.beta1 = 1;
    QVERIFY_THROWS_MESSAGE(optimize(Surface::Quadratic, 10, s, {1, 1}, 10), InputError, "betas");
    QVERIFY_THROWS_MESSAGE(surfaceFromName("himmelblau"), InputError, "himmelblau");
    QVERIFY_THROWS_MESSAGE(optimizerFromName("lion"), InputError, "lion");
}

ENGINE_TEST(cliKeepsTheContract)
{
    const auto run = enginetest::cli({"optimize", "--surface", "rosenbrock", "--optimizer", "adam",
                                      "--lr", "0.02", "--steps", "50", "--start", "-1.5,2"});
    QCOMPARE(run.code, 0);
    const auto json = nlohmann::json::parse(run.out);
    QCOMPARE(json["points"].size(), std::size_t(51));
    QCOMPARE(json["loss"].size(), std::size_t(51));
    QCOMPARE(json["points"][0][0].get<double>(), -1.5);
    QVERIFY(near(json["loss"][0].get<double>(), 6.25 + 100 * 0.0625, 1e-12));
    QCOMPARE(
        enginetest::cli({"optimize", "--surface", "quadratic", "--steps", "5", "--start", "1,1"})
            .code,
        2);
    QCOMPARE(enginetest::cli({"optimize", "--lr", "0.1", "--start", "1"}).code, 2);
    const auto bad =
        enginetest::cli({"optimize", "--lr", "0.1", "--start", "1,1", "--surface", "flat"});
    QCOMPARE(bad.code, 1);
    QVERIFY(bad.err.find("flat") != std::string::npos);
}

ENGINE_TEST(theLabRacesEveryOptimizerWithItsOwnSettings)
{
    labs::LabState state = labs::defaultState(labs::optimizersLabSpec());
    QVERIFY(!labs::setFromText(labs::optimizersLabSpec(), state, "steps", "200"));
    const nlohmann::json out = labs::labOutput(state, labs::labRunner("optimizers"), {});
    const auto& racers = out["result"]["racers"];
    QCOMPARE(racers.size(), std::size_t(6));
    QCOMPARE(racers[0]["optimizer"].get<std::string>(), std::string("sgd"));
    QCOMPARE(racers[5]["optimizer"].get<std::string>(), std::string("adamw"));
    QVERIFY(out["result"].contains("quadratic"));
    QVERIFY(near(out["result"]["quadratic"]["stability_limit_lr"].get<double>(), 0.2, 1e-12));

    // Each racer is torch.optim's optimizer with the lab's settings: momentum's run is SGD's with
    // the momentum, AdamW's has its own default decay when the lab's is 0 only as set.
    const labs::OptimizersLabParams p = labs::optimizersLabParams(state);
    const OptimizerSettings momentum = labs::racerSettings("momentum", p);
    QCOMPARE(momentum.momentum, 0.9);
    QVERIFY(!momentum.nesterov);
    QVERIFY(labs::racerSettings("nesterov", p).nesterov);
    QCOMPARE(labs::racerSettings("sgd", p).momentum, 0.0);
    QCOMPARE(labs::racerSettings("adam", p).lr, p.adaptiveLr);
    const Trajectory direct = optimize(Surface::Quadratic, 10, momentum, p.start, 200);
    QVERIFY(near(racers[1]["final_loss"].get<double>(), direct.loss.back(), 1e-15));

    labs::OptimizersLabParams unknown = p;
    unknown.racers = {"sgd", "lion"};
    QVERIFY_THROWS_MESSAGE(labs::computeOptimizersLab(unknown), InputError, "lion");
}

ENGINE_TEST(theNetworkRaceStartsTogetherAndMapsThePlaneOfEachPath)
{
    labs::OptimizersLabParams p =
        labs::optimizersLabParams(labs::defaultState(labs::optimizersLabSpec()));
    p.netEpochs = 60;
    const labs::NetworkRaceResult r = labs::computeNetworkRace(p);
    QCOMPARE(r.racers.size(), std::size_t(6));
    QCOMPARE(r.rows, 178);
    QCOMPARE(r.parameters, 13 * 16 + 16 + 16 * 16 + 16 + 16 * 3 + 3);
    QVERIFY(near(r.chanceLoss, std::log(3.0), 1e-15));
    const double start = r.racers.front().loss.front();
    QVERIFY(std::abs(start - r.chanceLoss) < 0.3); // torch's default init predicts near uniform
    double sgd = 0, adam = 0;
    for (const auto& racer : r.racers) {
        QCOMPARE(racer.loss.size(), std::size_t(61));
        QCOMPARE(racer.loss.front(), start); // one initialisation for every optimizer
        QVERIFY(!racer.diverged);
        QVERIFY(racer.loss.back() < start);
        QCOMPARE(racer.pathA.size(), racer.loss.size());
        QCOMPARE(racer.pathA.back(), 0.0); // the plane is centred on θ_final
        QCOMPARE(racer.pathB.back(), 0.0);
        QVERIFY(racer.explained[0] >= racer.explained[1] && racer.explained[1] >= 0);
        QVERIFY(racer.explained[0] + racer.explained[1] <= 1 + 1e-12);
        const std::size_t n = racer.grid.size();
        QCOMPARE(n % 2, std::size_t(1));
        QCOMPARE(racer.gridLoss.size(), n * n);
        QCOMPARE(racer.grid[n / 2], 0.0);
        // The centre node is θ_final itself: the loss there is the last epoch's.
        QVERIFY(near(racer.gridLoss[(n / 2) * n + n / 2], racer.loss.back(), 1e-5));
        if (racer.id == "sgd")
            sgd = racer.loss.back();
        if (racer.id == "adam")
            adam = racer.loss.back();
    }
    QVERIFY(adam < sgd); // at lr 0.05 each, Adam's per-weight steps outpace plain SGD here
    // A smooth path of full-batch steps lies mostly in few directions (Li et al. report 90%+).
    QVERIFY(r.racers[4].explained[0] + r.racers[4].explained[1] > 0.7);

    const labs::NetworkRaceResult again = labs::computeNetworkRace(p);
    QCOMPARE(again.racers[3].loss, r.racers[3].loss); // seeded: the same numbers
    QCOMPARE(again.racers[3].gridLoss, r.racers[3].gridLoss);
    p.seed = 1;
    QVERIFY(labs::computeNetworkRace(p).racers[0].loss.front() != start);
}

ENGINE_TEST(theNetworkRaceSurvivesExtremeSettings)
{
    labs::OptimizersLabParams p;
    p.racers = {"sgd", "adam"};
    p.lr = 2;
    p.adaptiveLr = 2;
    p.netEpochs = 30;
    const labs::NetworkRaceResult r = labs::computeNetworkRace(p);
    for (const auto& racer : r.racers) {
        QVERIFY(racer.diverged ? racer.loss.size() < 31 : racer.loss.size() == 31);
        for (double v : racer.loss)
            QVERIFY(std::isfinite(v));
        for (double v : racer.pathA)
            QVERIFY(std::isfinite(v));
    }
    p.racers = {"lion"};
    QVERIFY_THROWS_MESSAGE(labs::computeNetworkRace(p), InputError, "lion");
    p.racers = {"nesterov"};
    p.momentum = 0; // torch refuses Nesterov without momentum; so does the lab
    QVERIFY_THROWS_MESSAGE(labs::computeNetworkRace(p), InputError, "Nesterov");
}

ENGINE_TEST(theLabsJsonCarriesTheNetworkRace)
{
    labs::LabState state = labs::defaultState(labs::optimizersLabSpec());
    QVERIFY(!labs::setFromText(labs::optimizersLabSpec(), state, "net_epochs", "20"));
    QVERIFY(!labs::setFromText(labs::optimizersLabSpec(), state, "optimizers", "momentum,adamw"));
    const nlohmann::json out = labs::labOutput(state, labs::labRunner("optimizers"), {});
    const auto& network = out["result"]["network"];
    QCOMPARE(network["epochs"].get<int>(), 20);
    QCOMPARE(network["racers"].size(), std::size_t(2));
    QCOMPARE(network["racers"][1]["optimizer"].get<std::string>(), std::string("adamw"));
    QCOMPARE(network["racers"][1]["loss"].size(), std::size_t(21));
    QCOMPARE(network["racers"][1]["plane"]["loss"].size(),
             network["racers"][1]["plane"]["grid"].size() *
                 network["racers"][1]["plane"]["grid"].size());
}

ENGINE_TEST_MAIN(tst_optimize)
