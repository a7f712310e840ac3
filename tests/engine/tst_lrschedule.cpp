// engine/lrschedule and engine/labs/lr_schedule: the schedules equal PyTorch's
// torch.optim.lr_scheduler within 1e-12 (tests/engine/data/lr_schedule_reference.json from
// bench/lr_schedule_reference.py), the range test suggests an lr where the loss falls, B_simple
// is exact on hand cases and grows as training lowers the loss, the linear scaling rule keeps a
// 4x batch close to the reference per epoch, every run starts from the same weights, and bad
// input is refused by name.
#include "engine/labs/lr_schedule.h"
#include "engine/lrschedule.h"
#include "tests/support/enginetest.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <fstream>

namespace ml = mllab::labs;

namespace {

std::vector<double> doubles(const nlohmann::json& array)
{
    std::vector<double> out;
    for (const auto& v : array)
        out.push_back(v.get<double>());
    return out;
}

void compareSequences(const std::vector<double>& actual, const std::vector<double>& expected,
                      const std::string& what)
{
    QVERIFY2(actual.size() == expected.size(), what + ": " + std::to_string(actual.size()) +
                                                   " values, PyTorch has " +
                                                   std::to_string(expected.size()));
    for (std::size_t e = 0; e < actual.size(); ++e)
        QVERIFY2(std::abs(actual[e] - expected[e]) <= 1e-12,
                 what + " epoch " + std::to_string(e) + ": " + enginetest::show(actual[e]) +
                     " vs " + enginetest::show(expected[e]));
}

ml::LrScheduleLabParams quick()
{
    ml::LrScheduleLabParams p;
    p.epochs = 12;
    p.rangeSteps = 80;
    return p;
}

} // namespace

ENGINE_TEST(schedulesEqualPyTorchWithin1e12)
{
    std::ifstream file(MLLAB_SOURCE_DIR "/tests/engine/data/lr_schedule_reference.json");
    QVERIFY(file.good());
    const nlohmann::json ref = nlohmann::json::parse(file);
    int cases = 0;
    for (const auto& c : ref["step"]) {
        compareSequences(mllab::stepLr(c["base_lr"], c["step_size"], c["gamma"], c["epochs"]),
                         doubles(c["lr"]), "StepLR " + c["step_size"].dump());
        ++cases;
    }
    for (const auto& c : ref["cosine"]) {
        compareSequences(mllab::cosineLr(c["base_lr"], c["t_max"], c["eta_min"], c["epochs"]),
                         doubles(c["lr"]), "CosineAnnealingLR " + c["t_max"].dump());
        ++cases;
    }
    for (const auto& c : ref["warmup_cosine"]) {
        compareSequences(
            mllab::warmupCosineLr(c["base_lr"], c["warmup"], c["start_factor"], c["epochs"]),
            doubles(c["lr"]), "warm-up " + c["warmup"].dump() + " + cosine");
        ++cases;
    }
    for (const auto& c : ref["one_cycle"]) {
        const auto cycle = mllab::oneCycleLr(c["max_lr"], c["total_steps"], c["pct_start"],
                                             c["div_factor"], c["final_div_factor"]);
        compareSequences(cycle.lr, doubles(c["lr"]), "OneCycleLR " + c["total_steps"].dump());
        compareSequences(cycle.momentum, doubles(c["momentum"]),
                         "OneCycleLR momentum " + c["total_steps"].dump());
        ++cases;
    }
    for (const auto& c : ref["plateau"]) {
        compareSequences(mllab::plateauLr(c["base_lr"], doubles(c["metrics"]), c["factor"],
                                          c["patience"], c["threshold"]),
                         doubles(c["lr"]), "ReduceLROnPlateau " + c["factor"].dump());
        ++cases;
    }
    QCOMPARE(cases, 17);
}

ENGINE_TEST(oneCyclePeaksAtThirtyPercentBetweenItsDivisors)
{
    const auto cycle = mllab::oneCycleLr(0.5, 100);
    QVERIFY(fuzzyCompare(cycle.lr.front(), 0.5 / 25, 1e-12));
    const auto peak = std::max_element(cycle.lr.begin(), cycle.lr.end()) - cycle.lr.begin();
    QCOMPARE(int(peak), 29); // end of phase one: pct_start·total − 1
    QVERIFY(fuzzyCompare(cycle.lr.back(), 0.5 / 25 / 1e4, 1e-9));
    QVERIFY(fuzzyCompare(cycle.momentum[29], 0.85, 1e-12));
}

ENGINE_TEST(noiseScaleIsExactOnHandCases)
{
    // Three 2-D gradients: G = (2, 2), |G|² = 8; deviations (−1, 0), (1, −2), (0, 2) give
    // tr Σ = (1 + 5 + 4)/3 = 10/3, B_simple = 5/12.
    const auto s = mllab::gradientNoiseScale({1, 2, 3, 0, 2, 4}, 3, 2);
    QVERIFY(fuzzyCompare(s.gradNorm2, 8.0, 1e-14));
    QVERIFY(fuzzyCompare(s.traceSigma, 10.0 / 3, 1e-14));
    QVERIFY(fuzzyCompare(s.bSimple, 5.0 / 12, 1e-14));
    // Least squares f(x) = w·x at w = 1 on x = (1, 2, 3), y = (1, 1, 1): example i's gradient of
    // (w x_i − y_i)² is 2(w x_i − y_i)x_i = 0, 4, 12. G = 16/3, tr Σ = 224/9, B = 224/256.
    std::vector<double> grads;
    for (double x : {1.0, 2.0, 3.0})
        grads.push_back(2 * (1.0 * x - 1.0) * x);
    const auto linear = mllab::gradientNoiseScale(grads, 3, 1);
    QVERIFY(fuzzyCompare(linear.gradNorm2, 256.0 / 9, 1e-14));
    QVERIFY(fuzzyCompare(linear.traceSigma, 224.0 / 9, 1e-14));
    QVERIFY(fuzzyCompare(linear.bSimple, 0.875, 1e-14));
    // Identical examples: no noise at all.
    QCOMPARE(mllab::gradientNoiseScale({2, 2, 2, 2}, 2, 2).bSimple, 0.0);
    QVERIFY_THROWS_MESSAGE(mllab::gradientNoiseScale({1, 2, 3}, 2, 2), mllab::InputError,
                           "not 2 rows of 2");
}

ENGINE_TEST(rangeTestSuggestsAnLrWhereTheLossFalls)
{
    auto p = quick();
    const auto r = ml::computeLrRangeTest(p);
    QVERIFY(r.lr.size() >= 10);
    QVERIFY(r.suggestedIndex < r.minIndex);
    QVERIFY2(r.slope < 0, std::to_string(r.slope));
    // In the decreasing region: below the start's loss, above the minimum, left of it.
    QVERIFY(r.smoothed[r.suggestedIndex] < r.firstLoss);
    QVERIFY(r.smoothed[r.suggestedIndex] > r.minLoss);
    QVERIFY(r.suggestedLr < r.minLr && r.suggestedLr > p.rangeStart);
    QVERIFY2(r.diverged, "a range up to lr 10 makes SGD explode");
    QVERIFY(r.smoothed.back() > ml::kRangeDivergence * r.minLoss);
    // The suggestion is the steepest point: no earlier point falls faster.
    const auto s = mllab::suggestLr(r.lr, r.smoothed, mllab::LrRule::Steepest);
    QCOMPARE(s.index, r.suggestedIndex);
    p.rule = "min10";
    const auto tenth = ml::computeLrRangeTest(p);
    QVERIFY(fuzzyCompare(tenth.suggestedLr, tenth.minLr / 10, 1e-12));
    QCOMPARE(tenth.lr, r.lr);
}

ENGINE_TEST(theSteepestFallIsSearchedBetweenTheFirstTenthAndTheMinimum)
{
    const std::vector<double> lrs = mllab::rangeTestLrs(1e-3, 1, 20);
    std::vector<double> loss(20, 1.0);
    loss[1] = 0.2; // a fall in the first tenth is left out
    loss[5] = 0.9; // the steepest fall after it: between points 4 and 6
    for (std::size_t k = 6; k < 20; ++k)
        loss[k] = 0.85 - 0.01 * double(k);
    loss[19] = 5; // the explosion after the minimum at 18
    const auto s = mllab::suggestLr(lrs, loss, mllab::LrRule::Steepest);
    QCOMPARE(s.minIndex, std::size_t(1));
    QCOMPARE(s.index, std::size_t(1)); // the minimum comes first: nothing to skip to
    loss[1] = 1.0;
    const auto t = mllab::suggestLr(lrs, loss, mllab::LrRule::Steepest);
    QCOMPARE(t.minIndex, std::size_t(18));
    QVERIFY2(t.index == 4 || t.index == 5, std::to_string(t.index));
    QVERIFY(t.slope < 0);
}

ENGINE_TEST(schedulesStartAlikeAndFollowTheirFormulas)
{
    const auto p = quick();
    const auto r = ml::computeLrSchedules(p);
    QCOMPARE(r.runs.size(), std::size_t(6));
    // Constant, StepLR and cosine train their first epoch with the same lr from the same
    // weights and batches: the same numbers.
    QCOMPARE(r.runs[0].valLoss[0], r.runs[1].valLoss[0]);
    QCOMPARE(r.runs[0].valLoss[0], r.runs[2].valLoss[0]);
    QVERIFY(r.runs[0].valLoss[0] != r.runs[4].valLoss[0]); // one-cycle starts at lr/25
    QCOMPARE(r.runs[1].lr, mllab::stepLr(p.lr, p.stepSize, p.gamma, p.epochs));
    QCOMPARE(r.runs[2].lr, mllab::cosineLr(p.lr, p.epochs, 0, p.epochs));
    QCOMPARE(r.runs[3].lr, mllab::warmupCosineLr(p.lr, p.warmup, 0.1, p.epochs));
    QCOMPARE(r.runs[4].lr, mllab::oneCycleLr(p.lr, p.epochs).lr);
    // ReduceLROnPlateau follows the validation losses it saw.
    auto plateau =
        mllab::plateauLr(p.lr, r.runs[5].valLoss, p.plateauFactor, p.plateauPatience, 1e-4);
    plateau.pop_back();
    QCOMPARE(r.runs[5].lr, plateau);
    for (const auto& run : r.runs) {
        QVERIFY2(!run.diverged, run.id);
        QVERIFY2(run.finalAccuracy > 0.85, run.id + " " + std::to_string(run.finalAccuracy));
    }
    const auto again = ml::computeLrSchedules(p);
    QCOMPARE(again.runs[4].valLoss, r.runs[4].valLoss);
}

ENGINE_TEST(perExampleGradientsEqualAutograd)
{
    // B_simple's per-example gradients come from one backward pass (δ_i a_iᵀ per layer): their
    // mean is autograd's gradient of the mean loss, and row 0 is autograd's for example 0 alone.
    auto p = quick();
    p.dataset = "wine";
    p.hidden = 8;
    const auto c = ml::lrPerExampleGradients(p);
    QCOMPARE(c.columns, std::size_t(8 * 13 + 8 + 3 * 8 + 3));
    QCOMPARE(c.meanGradient.size(), c.columns);
    double scale = 0;
    for (double v : c.meanGradient)
        scale = std::max(scale, std::abs(v));
    for (std::size_t j = 0; j < c.columns; ++j) {
        double mean = 0;
        for (std::size_t i = 0; i < c.rows; ++i)
            mean += c.perExample[i * c.columns + j] / double(c.rows);
        QVERIFY2(std::abs(mean - c.meanGradient[j]) <= 1e-5 * scale,
                 "column " + std::to_string(j) + ": " + std::to_string(mean) + " vs " +
                     std::to_string(c.meanGradient[j]));
        QVERIFY2(std::abs(c.perExample[j] - c.firstExampleGradient[j]) <=
                     1e-5 * std::max(1.0, std::abs(c.firstExampleGradient[j])),
                 "example 0, column " + std::to_string(j));
    }
    QVERIFY(scale > 0);
}

ENGINE_TEST(noiseScaleGrowsAsTheLossFalls)
{
    const auto b = ml::computeLrBatchSizes(quick());
    QCOMPARE(b.noise.size(), std::size_t(13)); // at the start and after each epoch
    const auto& first = b.noise.front();
    const auto& last = b.noise.back();
    QVERIFY(last.trainLoss < first.trainLoss / 3);
    QVERIFY2(last.bSimple > 5 * first.bSimple,
             std::to_string(first.bSimple) + " -> " + std::to_string(last.bSimple));
    QCOMPARE(first.step, 0);
    QCOMPARE(last.step, 12 * b.runs[1].stepsPerEpoch);
}

ENGINE_TEST(linearScalingKeepsTheLossPerEpochClose)
{
    auto p = quick();
    p.lr = 0.02;
    const auto b = ml::computeLrBatchSizes(p);
    QCOMPARE(b.runs.size(), std::size_t(5));
    const auto& reference = b.runs[1]; // batch 32, lr 0.02
    QCOMPARE(reference.batch, 32);
    // Over the first half, while the loss falls: a 4x smaller or larger batch at the same lr is
    // far from batch 32's training loss per epoch (4x more or fewer steps); with the lr scaled by
    // the batch (0.005, 0.08) it stays close.
    const auto gap = [&](const ml::LrBatchRun& run) {
        double sum = 0;
        for (std::size_t e = 0; e < 6; ++e)
            sum += std::abs(run.trainLoss[e] - reference.trainLoss[e]);
        return sum / 6;
    };
    for (const auto& [plain, scaled] : {std::pair{b.runs[0], b.runs[3]}, {b.runs[2], b.runs[4]}}) {
        QVERIFY(!plain.scaled && scaled.scaled && plain.batch == scaled.batch);
        QVERIFY(fuzzyCompare(scaled.lr, 0.02 * scaled.batch / 32, 1e-12));
        QVERIFY2(gap(scaled) < 0.5 * gap(plain), "batch " + std::to_string(plain.batch) + ": " +
                                                     std::to_string(gap(scaled)) + " vs " +
                                                     std::to_string(gap(plain)));
        QVERIFY2(gap(scaled) < 0.1, std::to_string(gap(scaled)));
    }
}

ENGINE_TEST(aTooHighLrDivergesAndIsShownAsSuch)
{
    auto p = quick();
    p.lr = 10;
    p.epochs = 20;
    const auto r = ml::computeLrSchedules(p);
    QVERIFY(r.runs[0].diverged);
    QVERIFY(std::isnan(r.runs[0].valLoss.back()));
    QCOMPARE(r.best, -1); // every schedule diverged: none is best
    const auto json = ml::lrSchedulesJson(r);
    QVERIFY(json["runs"][0]["val_loss"].back().is_null());
    QVERIFY(json["best"].is_null());
}

ENGINE_TEST(refusesBadInputByName)
{
    auto p = quick();
    p.warmup = 12;
    QVERIFY_THROWS_MESSAGE(ml::computeLrSchedules(p), mllab::InputError, "warm-up");
    p = quick();
    p.rangeEnd = p.rangeStart;
    QVERIFY_THROWS_MESSAGE(ml::computeLrRangeTest(p), mllab::InputError, "range_end");
    p = quick();
    p.dataset = "mnist";
    QVERIFY_THROWS_MESSAGE(ml::computeLrBatchSizes(p), mllab::InputError, "mnist");
    QVERIFY_THROWS_MESSAGE(mllab::stepLr(0.1, 0, 0.1, 5), mllab::InputError, "step size");
    QVERIFY_THROWS_MESSAGE(mllab::suggestLr({1, 2}, {1, 2}, mllab::LrRule::Steepest),
                           mllab::InputError, "too few");
}

ENGINE_TEST_MAIN(tst_lrschedule)
