// engine/labs/train_eval: the same seed gives the same network and numbers; with dropout off,
// LayerNorm reads the same in train() and eval() mode while BatchNorm does not (batch against
// running statistics); forgetting eval() costs validation error; Monte-Carlo dropout's spread
// grows away from the data; a bad normalisation is refused.
#include "engine/labs/train_eval.h"
#include "tests/support/enginetest.h"

namespace ml = mllab::labs;

namespace {

ml::TrainEvalLabParams quick()
{
    ml::TrainEvalLabParams p;
    p.epochs = 120;
    return p;
}

} // namespace

ENGINE_TEST(theSameSeedGivesTheSameNumbers)
{
    const auto a = ml::computeTrainEvalLab(quick());
    const auto b = ml::computeTrainEvalLab(quick());
    QCOMPARE(a.evalCurve, b.evalCurve);
    QCOMPARE(a.mcStd, b.mcStd);
    QCOMPARE(a.validationTrain, b.validationTrain);
    auto other = quick();
    other.seed = 1;
    QVERIFY(ml::computeTrainEvalLab(other).evalCurve != a.evalCurve);
}

ENGINE_TEST(layerNormReadsTheSameInBothModesBatchNormDoesNot)
{
    auto p = quick();
    p.dropout = 0;
    p.norm = "layernorm";
    const auto layer = ml::computeTrainEvalLab(p);
    QCOMPARE(layer.trainCurve, layer.evalCurve);
    QCOMPARE(layer.validationTrain, layer.validationEval);
    QVERIFY(!layer.hasBatchNorm);
    p.norm = "batchnorm";
    const auto batch = ml::computeTrainEvalLab(p);
    QVERIFY(batch.trainCurve != batch.evalCurve);
    QVERIFY(batch.hasBatchNorm);
    QVERIFY(batch.runningVarRatio > 0.5 && batch.runningVarRatio < 2);
    // Smaller batches estimate the statistics worse: a biased variance of 2 rows is half the
    // population's on average, and the means wander further.
    QCOMPARE(batch.batchStatistics.size(), std::size_t(3));
    QVERIFY(batch.batchStatistics[0].meanError > batch.batchStatistics[2].meanError);
    QVERIFY(batch.batchStatistics[0].varRatio < batch.batchStatistics[2].varRatio);
    QVERIFY(std::abs(batch.batchStatistics[0].varRatio - 0.5) < 0.2);
    p.norm = "none";
    const auto plain = ml::computeTrainEvalLab(p);
    QCOMPARE(plain.trainCurve, plain.evalCurve);
}

ENGINE_TEST(forgettingEvalCostsAndMcDropoutWidensOffTheData)
{
    const auto r = ml::computeTrainEvalLab(quick());
    QVERIFY2(r.validationTrain > r.validationEval, std::to_string(r.validationTrain));
    QVERIFY2(r.mcStdOutside > 2 * r.mcStdInside,
             std::to_string(r.mcStdOutside) + " vs " + std::to_string(r.mcStdInside));
    QCOMPARE(r.gridX.size(), r.mcMean.size());
    QCOMPARE(r.trainX.size(), std::size_t(80));
    for (double x : r.trainX)
        QVERIFY(std::abs(x) >= 0.4 && std::abs(x) <= 2.0); // the gap in the middle
}

ENGINE_TEST(refusesAnUnknownNormalisation)
{
    auto p = quick();
    p.norm = "groupnorm";
    QVERIFY_THROWS_MESSAGE(ml::computeTrainEvalLab(p), mllab::InputError, "groupnorm");
}

ENGINE_TEST_MAIN(tst_traineval)
