// engine/labs/bug_zoo: the same seed gives the same runs and the healthy run does not depend on
// the bug; ln C and the softmax-before-CE floor by hand; every bug shows its signature against
// the healthy run (default wine set, 60 epochs, seed 0); "loss down, accuracy flat" on the
// healthy run; divergence stays NaN, not a crash; bad input is refused with its name.
#include "engine/labs/bug_zoo.h"
#include "tests/support/enginetest.h"

#include <nlohmann/json.hpp>

#include <cmath>

namespace ml = mllab::labs;

namespace {

ml::BugZooLabResult runBug(const std::string& bug)
{
    ml::BugZooLabParams p;
    p.bug = bug;
    return ml::computeBugZooLab(p);
}

std::string pair(double healthy, double buggy)
{
    return "healthy " + std::to_string(healthy) + ", buggy " + std::to_string(buggy);
}

} // namespace

ENGINE_TEST(theSameSeedGivesTheSameRunsAndTheHealthyRunIgnoresTheBug)
{
    const auto a = runBug("shuffled_labels");
    const auto b = runBug("shuffled_labels");
    QCOMPARE(a.buggy.trainLoss, b.buggy.trainLoss);
    QCOMPARE(a.buggy.pTrueQuantiles, b.buggy.pTrueQuantiles);
    const auto none = runBug("none");
    QCOMPARE(none.healthy.trainLoss, a.healthy.trainLoss);
    QCOMPARE(none.healthy.validationAccuracy, a.healthy.validationAccuracy);
    QCOMPARE(none.buggy.trainLoss, none.healthy.trainLoss);
    // The same initial weights: before training both runs read the validation rows alike.
    QCOMPARE(a.buggy.validationLoss[0], a.healthy.validationLoss[0]);
    QCOMPARE(a.trainRows + a.validationRows, 178);
    QCOMPARE(a.healthy.trainLoss.size(), std::size_t(61));
    ml::BugZooLabParams other;
    other.seed = 1;
    other.epochs = 4;
    const auto seed1 = ml::computeBugZooLab(other).healthy.trainLoss;
    QVERIFY(seed1 != std::vector<double>(a.healthy.trainLoss.begin(), a.healthy.trainLoss.begin() + 5));
}

ENGINE_TEST(lnCAndTheSoftmaxFloorByHand)
{
    const auto wine = runBug("none");
    // ln 3 = 1.0986122887; a uniform guess over three classes costs that much.
    QFUZZY_COMPARE(wine.signature.lnC, 1.0986122887, 1e-9);
    // Softmax of probabilities in [0, 1] is at most e / (e + C - 1) for the true class:
    // ln(1 + 2/e) = ln(1.7357588823) = 0.5514447139.
    QFUZZY_COMPARE(wine.signature.softmaxFloor, 0.5514447139, 1e-9);
    // Small initial logits: the loss before training is close to ln C.
    QVERIFY2(std::abs(wine.healthy.trainLoss[0] - wine.signature.lnC) < 0.15,
             std::to_string(wine.healthy.trainLoss[0]));
    ml::BugZooLabParams p;
    p.dataset = "breast-cancer";
    p.bug = "none";
    p.epochs = 4;
    const auto cancer = ml::computeBugZooLab(p);
    QFUZZY_COMPARE(cancer.signature.lnC, 0.6931471806, 1e-9);          // ln 2
    QFUZZY_COMPARE(cancer.signature.softmaxFloor, 0.3132616875, 1e-9); // ln(1 + 1/e)
    QCOMPARE(cancer.classNames.size(), std::size_t(2));
}

ENGINE_TEST(softmaxBeforeCrossEntropyTrainsSlowerAboveItsFloor)
{
    const auto r = runBug("softmax_before_ce");
    const auto& s = r.signature;
    for (std::size_t e = 0; e < r.buggy.trainLoss.size(); ++e)
        QVERIFY2(r.buggy.trainLoss[e] >= s.softmaxFloor - 1e-5, std::to_string(e));
    QVERIFY2(s.buggyFinalLoss > s.healthyFinalLoss + 0.3,
             pair(s.healthyFinalLoss, s.buggyFinalLoss));
    QVERIFY(s.buggyMinValidationLoss >= s.softmaxFloor - 1e-5);
    QVERIFY(s.buggyEpochsToHalf == -1 || s.buggyEpochsToHalf > s.healthyEpochsToHalf);
    // The argmax is the same: accuracy still gets there.
    QVERIFY2(s.buggyFinalValidationAccuracy > 0.8, std::to_string(s.buggyFinalValidationAccuracy));
}

ENGINE_TEST(shuffledLabelsStayAtLnCAndChance)
{
    const auto r = runBug("shuffled_labels");
    const auto& s = r.signature;
    QVERIFY2(std::abs(s.buggyEarlyLoss - s.lnC) < 0.06, std::to_string(s.buggyEarlyLoss));
    QVERIFY2(s.buggyFinalValidationAccuracy < s.chance + 0.1,
             pair(s.chance, s.buggyFinalValidationAccuracy));
    QVERIFY(s.healthyFinalValidationAccuracy > 0.85);
    QVERIFY(s.buggyMinValidationLoss > s.lnC - 0.1);
}

ENGINE_TEST(aTenfoldLearningRateBouncesAndATenthCrawls)
{
    const auto high = runBug("lr_high");
    const auto& h = high.signature;
    QVERIFY2(high.buggy.divergedEpoch > 0 || h.buggyLossRises > 1.5 * h.healthyLossRises,
             pair(h.healthyLossRises, h.buggyLossRises));
    QVERIFY2(h.buggyEarlyStep > 3 * h.healthyEarlyStep, pair(h.healthyEarlyStep, h.buggyEarlyStep));
    const auto low = runBug("lr_low");
    const auto& l = low.signature;
    QVERIFY(l.healthyEpochsToHalf > 0);
    QVERIFY2(l.buggyEpochsToHalf == -1 || l.buggyEpochsToHalf > 2 * l.healthyEpochsToHalf,
             pair(l.healthyEpochsToHalf, l.buggyEpochsToHalf));
    QVERIFY(l.buggyEarlyStep < 0.3 * l.healthyEarlyStep);
}

ENGINE_TEST(withoutZeroGradTheStepsGrow)
{
    const auto r = runBug("no_zero_grad");
    const auto& s = r.signature;
    QVERIFY2(s.buggyLateStep > 10 * s.buggyEarlyStep, pair(s.buggyEarlyStep, s.buggyLateStep));
    QVERIFY(s.buggyEarlyStep > s.healthyEarlyStep);
    QVERIFY(s.healthyLateStep < 2 * s.healthyEarlyStep);
}

ENGINE_TEST(aFrozenLayerTrainsFewerParametersToAHigherFloor)
{
    const auto r = runBug("frozen_layer");
    QCOMPARE(r.healthy.parameters, 1667LL); // 13·32+32 + 2·32 (BatchNorm) + 32·32+32 + 32·3+3
    QCOMPARE(r.healthy.trainableParameters, r.healthy.parameters);
    QCOMPARE(r.buggy.trainableParameters, r.buggy.parameters - (13 * 32 + 32));
    QVERIFY2(r.signature.buggyFinalLoss > r.signature.healthyFinalLoss,
             pair(r.signature.healthyFinalLoss, r.signature.buggyFinalLoss));
}

ENGINE_TEST(aForgottenEvalMakesValidationNoisy)
{
    const auto r = runBug("eval_forgotten");
    const auto& s = r.signature;
    QVERIFY(r.healthy.validationLossEvalMode.empty());
    QCOMPARE(r.buggy.validationLossEvalMode.size(), r.buggy.validationLoss.size());
    QVERIFY(r.buggy.validationLoss != r.buggy.validationLossEvalMode);
    QVERIFY2(s.validationJitterTrainMode > 1.3 * s.validationJitterEvalMode,
             pair(s.validationJitterEvalMode, s.validationJitterTrainMode));
    QCOMPARE(s.validationLossEvalMode, r.buggy.validationLossEvalMode.back());
}

ENGINE_TEST(imbalanceGivesHighAccuracyButPoorMinorityRecall)
{
    const auto r = runBug("imbalance");
    const auto& s = r.signature;
    QCOMPARE(r.classNames[std::size_t(s.minorityClass)], std::string("cultivar_3")); // 48 rows
    QCOMPARE(s.minorityTrainRows, 2); // round(0.05 · 34) of its 34 training rows
    QVERIFY2(s.buggyFinalTrainAccuracy > 0.9, std::to_string(s.buggyFinalTrainAccuracy));
    QVERIFY2(s.buggyMinorityRecall < s.healthyMinorityRecall - 0.2,
             pair(s.healthyMinorityRecall, s.buggyMinorityRecall));
}

ENGINE_TEST(labelNoiseRaisesTheValidationLossFloor)
{
    const auto r = runBug("label_noise");
    const auto& s = r.signature;
    QVERIFY2(s.buggyMinValidationLoss > s.healthyMinValidationLoss + 0.1,
             pair(s.healthyMinValidationLoss, s.buggyMinValidationLoss));
    QVERIFY(s.buggyFinalLoss > s.healthyFinalLoss + 0.2);
}

ENGINE_TEST(unshuffledSingleClassBatchesTrainBadly)
{
    const auto r = runBug("unshuffled");
    const auto& s = r.signature;
    QVERIFY2(s.buggyFinalLoss > s.healthyFinalLoss + 0.3,
             pair(s.healthyFinalLoss, s.buggyFinalLoss));
}

ENGINE_TEST(lossDownAccuracyFlatOnTheHealthyRun)
{
    const auto r = runBug("none");
    const auto& f = r.flat;
    QCOMPARE(f.from, 30);
    QCOMPARE(f.to, 60);
    QCOMPARE(f.correctRows + f.wrongRows, r.trainRows);
    QVERIFY2(f.lossTo < f.lossFrom, std::to_string(f.lossFrom) + " -> " + std::to_string(f.lossTo));
    QVERIFY(std::abs(f.accuracyTo - f.accuracyFrom) <= 0.02);
    QVERIFY(f.pCorrectTo > f.pCorrectFrom);
    QVERIFY(f.changedShare <= 0.02);
    QVERIFY(f.lossDropFromCorrect > 0.5);
    // The quantiles are ordered and the median of the last epoch matches the confident rows.
    for (const auto& q : r.buggy.pTrueQuantiles)
        for (std::size_t k = 1; k < q.size(); ++k)
            QVERIFY(q[k] >= q[k - 1]);
}

ENGINE_TEST(aDivergingRunStaysNaNAndPrints)
{
    ml::BugZooLabParams p;
    p.bug = "lr_high";
    p.lr = 1; // SGD at 10 with momentum 0.9
    p.epochs = 20;
    const auto r = ml::computeBugZooLab(p);
    QVERIFY2(r.buggy.divergedEpoch > 0, std::to_string(r.signature.buggyFinalLoss));
    QVERIFY(std::isnan(r.buggy.trainLoss.back()));
    QVERIFY(std::isnan(r.flat.lossTo));
    const std::string json = ml::bugZooLabJson(r).dump();
    QVERIFY(json.find("\"diverged_epoch\":" + std::to_string(r.buggy.divergedEpoch)) !=
            std::string::npos);
}

ENGINE_TEST(refusesBadInputByName)
{
    ml::BugZooLabParams p;
    p.bug = "typo";
    QVERIFY_THROWS_MESSAGE(ml::computeBugZooLab(p), mllab::InputError, "typo");
    p = {};
    p.dataset = "mnist";
    QVERIFY_THROWS_MESSAGE(ml::computeBugZooLab(p), mllab::InputError, "mnist");
    p = {};
    p.batch = 1;
    QVERIFY_THROWS_MESSAGE(ml::computeBugZooLab(p), mllab::InputError, "batch");
    p = {};
    p.epochs = 0;
    QVERIFY_THROWS_MESSAGE(ml::computeBugZooLab(p), mllab::InputError, "epochs");
    p = {};
    p.lr = std::nan("");
    QVERIFY_THROWS_MESSAGE(ml::computeBugZooLab(p), mllab::InputError, "learning rate");
    p = {};
    p.batch = 125; // wine's training rows
    QVERIFY_THROWS_MESSAGE(ml::computeBugZooLab(p), mllab::InputError, "125 training rows");
    p = {};
    p.noise = 1.5;
    QVERIFY_THROWS_MESSAGE(ml::computeBugZooLab(p), mllab::InputError, "flipped labels");
}

ENGINE_TEST_MAIN(tst_bugzoo)
