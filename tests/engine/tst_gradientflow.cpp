// engine/labs/gradient_flow: the signatures the lab is built to show. Sigmoid 20 deep with a
// too-small initialisation starves its first layer of gradient; ReLU with He keeps every layer
// within 10x; zero initialisation never breaks the symmetry between units; BatchNorm or residual
// connections restore the flow 30 layers deep; clipping caps the total norm as
// torch::nn::utils::clip_grad_norm_ does; the layer statistics equal a hand computation on a tiny
// hand-built net; divergence is reported, not hidden; bad input is refused by name.
#include "engine/labs/gradient_flow.h"
#include "engine/labs/gradient_flow_net.h"
#include "tests/support/enginetest.h"

#include <nlohmann/json.hpp>

#include <cmath>

namespace ml = mllab::labs;

namespace {

ml::GradientFlowLabParams quick(const std::string& activation, int depth, const std::string& init)
{
    ml::GradientFlowLabParams p;
    p.activation = activation;
    p.depth = depth;
    p.init = init;
    p.steps = 20;
    return p;
}

/// The first hidden layer's gradient norm over the last hidden layer's, at step 1.
double firstToLast(const ml::GradientFlowLabResult& r)
{
    const std::size_t last = r.actMean.size() - 1;
    return r.gradNorm[0][0] / r.gradNorm[last][0];
}

} // namespace

ENGINE_TEST(theSameSeedGivesTheSameNumbers)
{
    const auto a = ml::computeGradientFlowLab(quick("tanh", 5, "xavier"));
    const auto b = ml::computeGradientFlowLab(quick("tanh", 5, "xavier"));
    QCOMPARE(a.gradNorm, b.gradNorm);
    QCOMPARE(a.loss, b.loss);
    QCOMPARE(a.actStd, b.actStd);
    auto other = quick("tanh", 5, "xavier");
    other.seed = 1;
    QVERIFY(ml::computeGradientFlowLab(other).loss != a.loss);
}

ENGINE_TEST(theShapesFollowTheNetwork)
{
    auto p = quick("relu", 7, "he");
    p.dataset = "wine";
    p.steps = 30;
    const auto r = ml::computeGradientFlowLab(p);
    QCOMPARE(r.inputs, 13);
    QCOMPARE(r.classes, 3);
    QCOMPARE(r.trainRows + r.validationRows, 178);
    QCOMPARE(r.gradNorm.size(), std::size_t(8)); // 7 hidden layers and the output layer
    QCOMPARE(r.updateRatio.size(), std::size_t(8));
    QCOMPARE(r.actSaturated.size(), std::size_t(7));
    QCOMPARE(r.gradNorm[0].size(), std::size_t(30));
    QCOMPARE(r.loss.size(), std::size_t(30));
    QCOMPARE(r.validationSteps.back(), 30);
    QVERIFY(!r.diverged);
    // The curve beside it comes from the activations lab: ReLU and its step derivative, and the
    // dead half shaded.
    QCOMPARE(r.curveX.front(), -5.0);
    QCOMPARE(r.curveValue.back(), 5.0);
    QCOMPARE(r.curveDerivative.front(), 0.0);
    QCOMPARE(r.curveSaturated.size(), std::size_t(1));
    QCOMPARE(r.curveSaturated[0].first, -5.0);
    QVERIFY(r.curveSaturated[0].second <= 0 && r.curveSaturated[0].second > -0.05);
}

ENGINE_TEST(sigmoidTwentyDeepWithSmallInitVanishes)
{
    const auto r = ml::computeGradientFlowLab(quick("sigmoid", 20, "small"));
    // σ' ≤ 1/4 times weights of 0.01: every layer back shrinks the gradient by about 100x, and
    // float32 runs out of range before layer 1.
    QVERIFY2(firstToLast(r) < 1e-6, std::to_string(firstToLast(r)).c_str());
    QVERIFY(r.gradNorm[19][0] > 0);
    QVERIFY(!(r.gradRatioStart > 1e-6)); // 0, or NaN: either way not a flow
}

ENGINE_TEST(reluWithHeKeepsTheLayersWithinTenfold)
{
    const auto r = ml::computeGradientFlowLab(quick("relu", 20, "he"));
    const double ratio = firstToLast(r);
    QVERIFY2(ratio > 0.1 && ratio < 10, std::to_string(ratio).c_str());
    for (std::size_t l = 0; l < 20; ++l) {
        QVERIFY(r.gradNorm[l][0] > 0);
        QVERIFY(r.gradNorm[l][0] / r.gradNorm[19][0] < 10);
        QVERIFY(r.gradNorm[l][0] / r.gradNorm[19][0] > 0.1);
    }
}

ENGINE_TEST(zeroInitNeverBreaksTheSymmetry)
{
    for (const std::string activation : {"sigmoid", "tanh", "gelu"}) {
        auto p = quick(activation, 4, "zero");
        p.steps = 60;
        p.lr = 0.5;
        const auto r = ml::computeGradientFlowLab(p);
        // Every unit of a layer computes the same value on every example, even after training.
        for (double spread : r.unitSpread)
            QVERIFY2(spread < 1e-6, (activation + " " + std::to_string(spread)).c_str());
        // ... and against it, a random start gives the units different values.
        p.init = "xavier";
        QVERIFY(ml::computeGradientFlowLab(p).unitSpread[0] > 0.1);
    }
}

ENGINE_TEST(batchNormOrResidualRestoreTheFlowThirtyDeep)
{
    const auto plain = ml::computeGradientFlowLab(quick("sigmoid", 30, "xavier"));
    QVERIFY2(firstToLast(plain) < 1e-8, std::to_string(firstToLast(plain)).c_str());
    auto p = quick("sigmoid", 30, "xavier");
    p.norm = "batchnorm";
    const auto bn = ml::computeGradientFlowLab(p);
    QVERIFY2(firstToLast(bn) > 0.1 && firstToLast(bn) < 10,
             std::to_string(firstToLast(bn)).c_str());
    p.norm = "none";
    p.residual = true;
    const auto res = ml::computeGradientFlowLab(p);
    QVERIFY2(firstToLast(res) > 0.01 && firstToLast(res) < 100,
             std::to_string(firstToLast(res)).c_str());
}

ENGINE_TEST(clippingCapsTheTotalNormAsClipGradNormDoes)
{
    auto p = quick("relu", 8, "large"); // gradients in the thousands
    p.clip = 0.5;
    p.lr = 0.001;
    const auto r = ml::computeGradientFlowLab(p);
    int capped = 0;
    for (std::size_t s = 0; s < r.totalNorm.size() && std::isfinite(r.totalNorm[s]); ++s) {
        const double total = r.totalNorm[s];
        // clip_grad_norm_: scale by min(1, max / (total + 1e-6)).
        const double expected = total * std::min(1.0, 0.5 / (total + 1e-6));
        QVERIFY(fuzzyCompare(r.clippedNorm[s], expected, 1e-4));
        QVERIFY(r.clippedNorm[s] <= 0.5 * (1 + 1e-4));
        capped += total > 0.5;
    }
    QVERIFY(capped > 0);
    QVERIFY(r.totalNorm[0] > 10);
    // Off: the gradients are left as they are.
    p.clip = 0;
    const auto off = ml::computeGradientFlowLab(p);
    QCOMPARE(off.clippedNorm[0], off.totalNorm[0]);
}

ENGINE_TEST(clipGradNormOnHandBuiltGradients)
{
    // The reference itself on two gradients of norms 3 and 4 (total 5), clipped to 1.
    auto a = torch::zeros({2}, torch::requires_grad());
    auto b = torch::zeros({1}, torch::requires_grad());
    (a * torch::tensor({3.0f, 0.0f})).sum().backward();
    (b * torch::tensor({4.0f})).sum().backward();
    const double total = torch::nn::utils::clip_grad_norm_(std::vector<torch::Tensor>{a, b}, 1.0);
    QVERIFY(fuzzyCompare(total, 5.0, 1e-6));
    QVERIFY(fuzzyCompare(a.grad()[0].item<double>(), 3.0 / (5 + 1e-6), 1e-6));
    QVERIFY(fuzzyCompare(b.grad()[0].item<double>(), 4.0 / (5 + 1e-6), 1e-6));
}

ENGINE_TEST(layerStatisticsEqualAHandComputation)
{
    // Two inputs, two hidden tanh layers of 3 units, 2 classes; weights set by hand.
    ml::GradientFlowLabParams p;
    p.depth = 2;
    p.width = 3;
    p.activation = "tanh";
    ml::GradientFlowNet net(p, 2, 2);
    const std::vector<std::vector<double>> w1 = {{1.0, -2.0}, {0.5, 0.25}, {3.0, 1.0}};
    const std::vector<double> b1 = {0.1, -0.2, 0.0};
    const std::vector<std::vector<double>> w2 = {{1, 0, -1}, {2, 2, 2}, {-0.5, 0.5, 0}};
    const std::vector<double> b2 = {0, 0.3, -0.1};
    {
        torch::NoGradGuard noGrad;
        for (int i = 0; i < 3; ++i) {
            for (int j = 0; j < 2; ++j)
                net->hidden[0]->weight[i][j] = w1[i][j];
            for (int j = 0; j < 3; ++j)
                net->hidden[1]->weight[i][j] = w2[i][j];
            net->hidden[0]->bias[i] = b1[i];
            net->hidden[1]->bias[i] = b2[i];
        }
    }
    const std::vector<std::vector<double>> x = {{0.5, 1.0}, {-1.0, 0.0}, {2.0, -0.5}, {0, 0}};
    auto input = torch::zeros({4, 2});
    for (int r = 0; r < 4; ++r)
        for (int j = 0; j < 2; ++j)
            input[r][j] = x[r][j];
    std::vector<torch::Tensor> pre;
    net->forward(input, &pre);
    const auto stats = ml::stackedStatistics("tanh", pre);
    // By hand: z1 = W1 x + b1, a1 = tanh z1, z2 = W2 a1 + b2, a2 = tanh z2.
    std::vector<std::vector<double>> a1, a2;
    int saturated1 = 0, saturated2 = 0;
    for (const auto& row : x) {
        std::vector<double> h1(3), h2(3);
        for (int i = 0; i < 3; ++i) {
            const double z = w1[i][0] * row[0] + w1[i][1] * row[1] + b1[i];
            h1[i] = std::tanh(z);
            saturated1 += std::abs(h1[i]) > 0.97;
        }
        for (int i = 0; i < 3; ++i) {
            const double z = w2[i][0] * h1[0] + w2[i][1] * h1[1] + w2[i][2] * h1[2] + b2[i];
            h2[i] = std::tanh(z);
            saturated2 += std::abs(h2[i]) > 0.97;
        }
        a1.push_back(h1);
        a2.push_back(h2);
    }
    const auto meanStd = [](const std::vector<std::vector<double>>& a) {
        double sum = 0, squares = 0;
        for (const auto& row : a)
            for (double v : row)
                sum += v;
        const double mean = sum / 12;
        for (const auto& row : a)
            for (double v : row)
                squares += (v - mean) * (v - mean);
        return std::pair{mean, std::sqrt(squares / 11)}; // n − 1, as torch's std
    };
    const auto [mean1, std1] = meanStd(a1);
    const auto [mean2, std2] = meanStd(a2);
    QVERIFY(saturated1 > 0); // the hand-picked weights reach the saturated region
    QVERIFY(fuzzyCompare(stats[0].item<double>(), mean1, 1e-5));
    QVERIFY(fuzzyCompare(stats[1].item<double>(), mean2, 1e-5));
    QVERIFY(fuzzyCompare(stats[2].item<double>(), std1, 1e-5));
    QVERIFY(fuzzyCompare(stats[3].item<double>(), std2, 1e-5));
    QVERIFY(fuzzyCompare(stats[4].item<double>(), saturated1 / 12.0, 1e-6));
    QVERIFY(fuzzyCompare(stats[5].item<double>() + 1, saturated2 / 12.0 + 1, 1e-6));
}

ENGINE_TEST(saturationIsDefinedPerActivation)
{
    QVERIFY(ml::isSaturated("tanh", 2.2));     // tanh 2.2 = 0.976
    QVERIFY(!ml::isSaturated("tanh", 2.0));    // 0.964
    QVERIFY(ml::isSaturated("sigmoid", -3.6)); // σ = 0.027
    QVERIFY(!ml::isSaturated("sigmoid", 3.4)); // 0.968
    QVERIFY(ml::isSaturated("relu", 0.0));     // dead: output 0
    QVERIFY(!ml::isSaturated("relu", 0.01));
    QVERIFY(ml::isSaturated("leaky-relu", -0.01));
    QVERIFY(ml::isSaturated("gelu", -3.5));
    QVERIFY(!ml::isSaturated("gelu", -1.0));
}

ENGINE_TEST(divergenceIsReportedAsSuch)
{
    auto p = quick("relu", 12, "large");
    p.lr = 10;
    p.steps = 40;
    const auto r = ml::computeGradientFlowLab(p);
    QVERIFY(r.diverged);
    QVERIFY(r.divergedAt >= 0 && r.divergedAt < 40);
    QVERIFY(std::isnan(r.loss.back()));
    const nlohmann::json j = ml::gradientFlowLabJson(r);
    QVERIFY(j["diverged"].get<bool>());
    QVERIFY(j["loss"].back().is_null()); // NaN is JSON null, never a made-up number
}

ENGINE_TEST(updateRatiosOfTheDefaultAreNearTheRuleOfThumb)
{
    ml::GradientFlowLabParams p;
    p.steps = 50;
    const auto r = ml::computeGradientFlowLab(p);
    for (const auto& layer : r.updateRatio) {
        QVERIFY(layer.back() > 1e-5 && layer.back() < 1e-1);
    }
    QVERIFY(r.loss.back() < r.loss.front());
    QVERIFY(r.finalValidationAccuracy > 0.85);
}

ENGINE_TEST(sgdUpdatesAreTheLearningRateTimesTheGradient)
{
    // Plain SGD moves W by lr·g: at step 1 (same weights, same batch) the update ratio
    // ||ΔW|| / ||W|| doubles with the learning rate, and equals lr·||g|| / ||W|| in both runs.
    auto p = quick("tanh", 4, "xavier");
    p.steps = 1;
    p.lr = 0.01;
    const auto a = ml::computeGradientFlowLab(p);
    p.lr = 0.02;
    const auto b = ml::computeGradientFlowLab(p);
    for (std::size_t l = 0; l < a.updateRatio.size(); ++l) {
        QCOMPARE(a.gradNorm[l][0], b.gradNorm[l][0]);
        QVERIFY(fuzzyCompare(b.updateRatio[l][0], 2 * a.updateRatio[l][0], 1e-4));
    }
    // Adam's first step moves every weight by lr (its normalised gradient is ±1): a 32 × 32
    // layer by lr·32 = 0.032, against ||W|| ≈ 32 · √(2/64) ≈ 5.7 for Xavier, a ratio near 0.0057.
    p.optimizer = "adam";
    p.lr = 0.001;
    const auto adam = ml::computeGradientFlowLab(p);
    for (std::size_t l = 1; l + 1 < adam.updateRatio.size(); ++l)
        QVERIFY2(adam.updateRatio[l][0] > 0.0045 && adam.updateRatio[l][0] < 0.0070,
                 std::to_string(adam.updateRatio[l][0]).c_str());
}

ENGINE_TEST(badInputIsRefusedByName)
{
    auto p = quick("swish", 3, "xavier");
    QVERIFY_THROWS_MESSAGE(ml::computeGradientFlowLab(p), mllab::InputError, "swish");
    p = quick("tanh", 3, "orthogonal");
    QVERIFY_THROWS_MESSAGE(ml::computeGradientFlowLab(p), mllab::InputError, "orthogonal");
    p = quick("tanh", 0, "xavier");
    QVERIFY_THROWS_MESSAGE(ml::computeGradientFlowLab(p), mllab::InputError, "depth");
    p = quick("tanh", 3, "xavier");
    p.batch = 1;
    QVERIFY_THROWS_MESSAGE(ml::computeGradientFlowLab(p), mllab::InputError, "batch");
    p = quick("tanh", 3, "xavier");
    p.lr = 0;
    QVERIFY_THROWS_MESSAGE(ml::computeGradientFlowLab(p), mllab::InputError, "learning rate");
    p = quick("tanh", 3, "xavier");
    p.norm = "groupnorm";
    QVERIFY_THROWS_MESSAGE(ml::computeGradientFlowLab(p), mllab::InputError, "groupnorm");
    p = quick("tanh", 3, "xavier");
    p.dataset = "wine";
    p.batch = 256; // wine keeps 133 rows for training
    QVERIFY_THROWS_MESSAGE(ml::computeGradientFlowLab(p), mllab::InputError, "133 training rows");
    p = quick("tanh", 3, "xavier");
    p.dataset = "iris";
    QVERIFY_THROWS_MESSAGE(ml::computeGradientFlowLab(p), mllab::InputError, "iris");
}

ENGINE_TEST(theThreadSettingIsGivenBack)
{
    const int before = at::get_num_threads();
    at::set_num_threads(2);
    const auto r = ml::computeGradientFlowLab(quick("tanh", 3, "xavier"));
    QCOMPARE(at::get_num_threads(), 2);
    at::set_num_threads(before);
    // ... and the numbers do not depend on it.
    QCOMPARE(ml::computeGradientFlowLab(quick("tanh", 3, "xavier")).loss, r.loss);
}

ENGINE_TEST(cancellingStopsTheTraining)
{
    std::atomic<bool> cancel{true};
    mllab::Progress progress;
    progress.cancel = &cancel;
    QVERIFY_THROWS_MESSAGE(ml::computeGradientFlowLab(quick("tanh", 3, "xavier"), progress),
                           mllab::Cancelled, "cancelled");
}

ENGINE_TEST_MAIN(tst_gradientflow)
