// engine/labs/lora: adapter counts are r·(d_in + d_out) per adapted matrix (q, k, v slices of the
// fused qkv are d×d, qkv 3d×d, fc 4d×d, out d×4d); B = 0 makes the adapted model start exactly
// at the base; the merged model equals base + adapters within 1e-5 (float64; float32 through
// the module's own forward() within a few ulps); the frozen
// base is bit-for-bit unchanged; LoRA and full fine-tuning both lower the new text's loss;
// optimizer memory is Adam's two moments; the full fine-tune's update has more rank than r; the
// same seed gives the same numbers; bad input is refused by name.
#include "engine/labs/lora.h"
#include "tests/support/enginetest.h"

#include <cmath>
#include <fstream>

namespace ml = mllab::labs;

namespace {

ml::LoraLabParams quick()
{
    ml::LoraLabParams p;
    p.steps = 12;
    p.evalEvery = 4;
    return p;
}

} // namespace

ENGINE_TEST(adapterCountsAreRankTimesInPlusOut)
{
    auto p = quick();
    p.steps = 1;
    p.rank = 4;
    p.targets = "q,v,proj,fc,out";
    const auto r = ml::computeLoraLab(p);
    const std::int64_t d = 128, layers = 4;
    QCOMPARE(r.adapters.size(), std::size_t(5 * layers));
    std::int64_t sum = 0;
    for (const auto& a : r.adapters) {
        QCOMPARE(a.parameters, 4 * (a.dIn + a.dOut));
        sum += a.parameters;
    }
    QCOMPARE(r.adapters[0].name, std::string("block0.attn.qkv.weight[q]"));
    QCOMPARE(r.adapters[0].dIn, d);
    QCOMPARE(r.adapters[0].dOut, d);
    QCOMPARE(r.adapters[3].dOut, 4 * d); // fc: d -> 4d
    QCOMPARE(r.adapters[4].dIn, 4 * d);  // out: 4d -> d
    // Per block: q and v 2·4·(d+d), proj 4·(d+d), fc and out 4·(d+4d) each.
    QCOMPARE(r.loraParameters, layers * 4 * (3 * 2 * d + 2 * 5 * d));
    QCOMPARE(r.loraParameters, sum);
    QCOMPARE(r.fullParameters, r.totalParameters);
    QCOMPARE(r.totalParameters, std::int64_t(940800));
    // AdamW keeps two float32 moments per trainable number.
    QCOMPARE(r.loraOptimizerBytes, 2 * 4 * r.loraParameters);
    QCOMPARE(r.fullOptimizerBytes, 2 * 4 * r.fullParameters);

    p.targets = "qkv";
    p.rank = 8;
    const auto whole = ml::computeLoraLab(p);
    QCOMPARE(whole.adapters[0].dOut, 3 * d);
    QCOMPARE(whole.loraParameters, layers * 8 * (d + 3 * d));
}

ENGINE_TEST(startsAtTheBaseMergesExactlyAndLeavesTheBaseFrozen)
{
    const auto r = ml::computeLoraLab(quick());
    QCOMPARE(r.startMaxAbsDiff, 0.0); // B = 0: the same operations on the same weights
    QCOMPARE(r.fullNewLoss.front(), r.loraNewLoss.front());
    QVERIFY2(r.mergeMaxAbsDiff64 < 1e-10, std::to_string(r.mergeMaxAbsDiff64));
    // float32: the merged module's forward() rounds differently: a few ulps of logits near 20
    // (one ulp there is 2e-6), far below any change fine-tuning makes.
    QVERIFY2(r.mergeMaxAbsDiff < 1e-4, std::to_string(r.mergeMaxAbsDiff));
    QVERIFY(r.mergeMaxAbsLogit > 1); // the check compares real logits, not zeros
    QCOMPARE(r.frozenMaxChange, 0.0);
}

ENGINE_TEST(bothRunsLearnTheNewText)
{
    const auto r = ml::computeLoraLab(quick());
    QCOMPARE(r.evalSteps, (std::vector<int>{0, 4, 8, 12}));
    QCOMPARE(r.loraNewLoss.size(), r.evalSteps.size());
    QCOMPARE(r.loraTrainLoss.size(), std::size_t(12));
    QVERIFY2(r.loraNewLoss.back() < r.loraNewLoss.front() - 0.1,
             std::to_string(r.loraNewLoss.front()) + " -> " + std::to_string(r.loraNewLoss.back()));
    QVERIFY(r.fullNewLoss.back() < r.fullNewLoss.front() - 0.1);
    QVERIFY(!r.loraDiverged && !r.fullDiverged);
    // The ship's log is far from the bank: the base model finds it much harder.
    QVERIFY(r.loraNewLoss.front() > r.loraBankLoss.front() + 0.5);
}

ENGINE_TEST(loraUpdateHasRankAtMostRFullHasMore)
{
    auto p = quick();
    p.rank = 2;
    p.svdMatrix = "v";
    const auto r = ml::computeLoraLab(p);
    QVERIFY(r.svdAdapted);
    QCOMPARE(r.svdName, std::string("block0.attn.qkv.weight[v]"));
    QCOMPARE(r.loraSingularValues.size(), std::size_t(128));
    QCOMPARE(r.fullSingularValues.size(), std::size_t(128));
    QVERIFY(r.loraSingularValues[0] > 0);
    QVERIFY(r.loraSingularValues[2] < 1e-6 * r.loraSingularValues[0]); // rank 2
    QVERIFY(r.fullSingularValues[2] > 1e-3 * r.fullSingularValues[0]);
    QVERIFY(r.fullEnergyTopR > 0 && r.fullEnergyTopR < 1);

    p.svdMatrix = "fc"; // not adapted: LoRA's update there is zero
    const auto other = ml::computeLoraLab(p);
    QVERIFY(!other.svdAdapted);
    QCOMPARE(other.loraSingularValues.front(), 0.0);
}

ENGINE_TEST(theSameSeedGivesTheSameNumbers)
{
    auto p = quick();
    p.steps = 4;
    const auto a = ml::computeLoraLab(p);
    const auto b = ml::computeLoraLab(p);
    QCOMPARE(a.loraTrainLoss, b.loraTrainLoss);
    QCOMPARE(a.fullNewLoss, b.fullNewLoss);
    p.seed = 7;
    QVERIFY(ml::computeLoraLab(p).loraTrainLoss != a.loraTrainLoss);
}

ENGINE_TEST(aHugeLearningRateIsShownAsDivergenceNotACrash)
{
    auto p = quick();
    p.steps = 6;
    p.evalEvery = 1;
    p.fullLr = 1;
    p.loraLr = 1;
    p.alpha = 256;
    p.rank = 1;
    const auto r = ml::computeLoraLab(p);
    QCOMPARE(r.loraTrainLoss.size(), std::size_t(6));
    QCOMPARE(r.fullTrainLoss.size(), std::size_t(6));
    // Whatever happened, every recorded loss is a number or a NaN marked as divergence.
    for (double v : r.fullNewLoss)
        QVERIFY(std::isfinite(v) || r.fullDiverged);
}

ENGINE_TEST(refusesBadInputByName)
{
    auto p = quick();
    p.targets = "q,gate";
    QVERIFY_THROWS_MESSAGE(ml::computeLoraLab(p), mllab::InputError, "gate");
    p.targets = "qkv,q";
    QVERIFY_THROWS_MESSAGE(ml::computeLoraLab(p), mllab::InputError, "overlap");
    p.targets = " , ";
    QVERIFY_THROWS_MESSAGE(ml::computeLoraLab(p), mllab::InputError, "no LoRA target");
    p = quick();
    p.rank = 0;
    QVERIFY_THROWS_MESSAGE(ml::computeLoraLab(p), mllab::InputError, "rank");
    p = quick();
    p.window = 500;
    QVERIFY_THROWS_MESSAGE(ml::computeLoraLab(p), mllab::InputError, "context");
    p = quick();
    p.text = "file";
    p.file = "/nonexistent/text.txt";
    QVERIFY_THROWS_MESSAGE(ml::computeLoraLab(p), mllab::InputError,
                           "cannot open '/nonexistent/text.txt'");
    const std::string tiny = "/tmp/mllab-tst-lora-tiny.txt";
    std::ofstream(tiny) << "Too short to learn from.";
    p.file = tiny;
    QVERIFY_THROWS_MESSAGE(ml::computeLoraLab(p), mllab::InputError, "too short");
    QCOMPARE(ml::parseLoraTargets("V, q"), (std::vector<std::string>{"q", "v"}));
}

ENGINE_TEST_MAIN(tst_lora)
