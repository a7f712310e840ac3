// engine/labs/convolution: torch::nn::functional::conv2d against a naive loop written here; the
// output size formula against torch for every setting the lab offers, with refusals where the
// output would be empty; receptive fields and parameter counts worked by hand; the digits file's
// counts; kernels parsed and refused; the CNN well above chance and repeatable.
#include "engine/datasets.h"
#include "engine/labs/convolution.h"
#include "tests/support/enginetest.h"

#include <torch/torch.h>

#include <cmath>
#include <map>
#include <tuple>

namespace ml = mllab::labs;

namespace {

/// Cross-correlation with zero padding, stride and dilation, one channel, by definition:
/// out[i][j] = Σ_a Σ_b in[i·s − p + a·d][j·s − p + b·d] · w[a][b].
ml::ConvImage naiveConv(const ml::ConvImage& in, const ml::ConvImage& w, int s, int p, int d)
{
    const int k = w.height;
    const int oh = (in.height + 2 * p - d * (k - 1) - 1) / s + 1;
    const int ow = (in.width + 2 * p - d * (k - 1) - 1) / s + 1;
    ml::ConvImage out{oh, ow, {}};
    for (int i = 0; i < oh; ++i)
        for (int j = 0; j < ow; ++j) {
            double sum = 0;
            for (int a = 0; a < k; ++a)
                for (int b = 0; b < k; ++b) {
                    const int y = i * s - p + a * d, x = j * s - p + b * d;
                    if (y >= 0 && y < in.height && x >= 0 && x < in.width)
                        sum += in.at(y, x) * w.at(a, b);
                }
            out.values.push_back(sum);
        }
    return out;
}

double maxDifference(const ml::ConvImage& a, const ml::ConvImage& b)
{
    double worst = 0;
    for (std::size_t i = 0; i < a.values.size(); ++i)
        worst = std::max(worst, std::abs(a.values[i] - b.values[i]));
    return worst;
}

} // namespace

ENGINE_TEST(conv2dEqualsTheNaiveLoop)
{
    for (const std::string input : {"image", "digit"})
        for (const std::string kernel : {"sobel_x", "gaussian", "laplacian", "sharpen"})
            for (int k : {3, 5})
                for (auto [s, p, d] : std::vector<std::tuple<int, int, int>>{
                         {1, 1, 1}, {2, 0, 1}, {3, 2, 2}, {1, 4, 3}}) {
                    ml::ConvolutionLabParams params;
                    params.input = input;
                    params.kernel = kernel;
                    params.kernelSize = k;
                    params.stride = s;
                    params.padding = p;
                    params.dilation = d;
                    if (ml::convOutputSize(input == "image" ? 64 : 8, k, s, p, d) < 1)
                        continue;
                    const auto r = ml::computeConvolutionLab(params);
                    const auto naive = naiveConv(r.input, r.kernel, s, p, d);
                    QCOMPARE(r.output.height, naive.height);
                    QCOMPARE(r.output.width, naive.width);
                    QVERIFY2(maxDifference(r.output, naive) < 1e-5,
                             input + " " + kernel + " " + std::to_string(k));
                }
}

ENGINE_TEST(theSobelKernelIsNotFlipped)
{
    // conv2d is cross-correlation: on a left-dark, right-bright step Sobel x reads positive.
    ml::ConvolutionLabParams p;
    p.input = "image"; // its background brightens from left to right
    p.padding = 0;
    const auto r = ml::computeConvolutionLab(p);
    QVERIFY(r.output.at(28, 28) > 0); // only the gradient under it
    QVERIFY(r.output.at(28, 28) < 0.2);
    QCOMPARE(r.kernel.values, (std::vector<double>{-1, 0, 1, -2, 0, 2, -1, 0, 1}));
}

ENGINE_TEST(outputSizeFollowsTheFormulaOverEveryOfferedSetting)
{
    const auto& spec = ml::convolutionLabSpec();
    const auto range = [&](const char* key) {
        const auto* s = spec.find(key);
        return std::pair{int(s->min), int(s->max)};
    };
    const auto [s0, s1] = range("stride");
    const auto [p0, p1] = range("padding");
    const auto [d0, d1] = range("dilation");
    int computed = 0, refused = 0;
    for (const std::string input : {"image", "digit"})
        for (int k : {3, 5})
            for (int s = s0; s <= s1; ++s)
                for (int p = p0; p <= p1; ++p)
                    for (int d = d0; d <= d1; ++d) {
                        const int h = input == "image" ? 64 : 8;
                        const long long expected =
                            (long long)std::floor(double(h + 2 * p - d * (k - 1) - 1) / s) + 1;
                        QCOMPARE(ml::convOutputSize(h, k, s, p, d), expected);
                        ml::ConvolutionLabParams params;
                        params.input = input;
                        params.kernel = "box";
                        params.kernelSize = k;
                        params.stride = s;
                        params.padding = p;
                        params.dilation = d;
                        if (expected < 1) {
                            QVERIFY_THROWS_MESSAGE(ml::computeConvolutionLab(params),
                                                   mllab::InputError, "output would be empty");
                            ++refused;
                            continue;
                        }
                        const auto r = ml::computeConvolutionLab(params);
                        QCOMPARE((long long)r.output.height, expected);
                        QCOMPARE((long long)r.output.width, expected);
                        QCOMPARE((long long)r.convOutputSize, expected);
                        QCOMPARE(r.numerator, (long long)(h + 2 * p - d * (k - 1) - 1));
                        ++computed;
                    }
    QCOMPARE(computed + refused, 2 * 2 * (s1 - s0 + 1) * (p1 - p0 + 1) * (d1 - d0 + 1));
    QVERIFY(refused > 0); // 8x8 with a 5x5 kernel dilated 4 and no padding is empty
}

ENGINE_TEST(receptiveFieldOfAKnownStack)
{
    // Three 3x3 layers, stride 1: fields 3, 5, 7 (jump 1). With stride 2: jumps 2, 4, 8 and
    // fields 3, 3 + 2·2 = 7, 7 + 2·4 = 15; sizes 64 → 32 → 16 → 8 with padding 1.
    auto rows = ml::receptiveFieldStack(64, 3, 1, 1, 1, 3);
    QCOMPARE(rows.size(), std::size_t(4));
    QCOMPARE(rows[3].field, 7LL);
    QCOMPARE(rows[3].size, 64);
    rows = ml::receptiveFieldStack(64, 3, 2, 1, 1, 3);
    QCOMPARE(rows[1].field, 3LL);
    QCOMPARE(rows[2].field, 7LL);
    QCOMPARE(rows[3].field, 15LL);
    QCOMPARE(rows[3].jump, 8LL);
    QCOMPARE(rows[3].size, 8);
    // Dilation 2 spans 5 pixels: 5, 9, 13.
    rows = ml::receptiveFieldStack(64, 3, 1, 2, 2, 3);
    QCOMPARE(rows[3].field, 13LL);
    // An 8x8 digit, 5x5, stride 2, no padding: 8 → 2, then empty; the table stops.
    rows = ml::receptiveFieldStack(8, 5, 2, 0, 1, 4);
    QCOMPARE(rows.size(), std::size_t(2));
    QCOMPARE(rows[1].size, 2);
}

ENGINE_TEST(parameterCountsByHand)
{
    // 4 → 8 channels, 3x3, groups 1 on 64x64 (padding 1): 8·4·9 = 288 weights + 8 biases;
    // multiply-adds 8·64·64·36 = 1,179,648. A dense layer from 4·64·64 = 16,384 inputs to
    // 8·64·64 = 32,768 outputs has 536,870,912 weights.
    ml::ConvolutionLabParams p;
    auto r = ml::computeConvolutionLab(p);
    QCOMPARE(r.conv.weights, 288LL);
    QCOMPARE(r.conv.params(), 296LL);
    QCOMPARE(r.torchConvParams, 296LL);
    QCOMPARE(r.conv.macs, 1179648LL);
    QCOMPARE(r.dense.weights, 536870912LL);
    QCOMPARE(r.dense.params(), 536870912LL + 32768);
    // Groups 2: each output sees 2 input channels, half the weights.
    p.groups = 2;
    r = ml::computeConvolutionLab(p);
    QCOMPARE(r.conv.params(), 8LL * 2 * 9 + 8);
    QCOMPARE(r.torchConvParams, r.conv.params());
    p.groups = 3;
    QVERIFY_THROWS_MESSAGE(ml::computeConvolutionLab(p), mllab::InputError, "groups (3)");
    // Inception-style block 256 → 64 → 256 on 28x28: direct 3x3 has 256·256·9 + 256 = 590,080
    // parameters; 1x1 reduce 256·64 + 64 = 16,448, then 3x3 64·256·9 + 256 = 147,712.
    QCOMPARE(r.direct3x3.params(), 590080LL);
    QCOMPARE(r.reduce1x1.params(), 16448LL);
    QCOMPARE(r.then3x3.params(), 147712LL);
    QCOMPARE(r.torchDirectParams, 590080LL);
    QCOMPARE(r.torchBottleneckParams, 16448LL + 147712LL);
    QCOMPARE(r.direct3x3.macs, 256LL * 256 * 9 * 28 * 28);
    QVERIFY(r.oneByOneMaxDifference < 1e-4);
}

ENGINE_TEST(theDigitsFileHasTheRightCounts)
{
    const mllab::Dataset d = mllab::loadBuiltInDataset("digits");
    QCOMPARE(d.rows, std::size_t(1797));
    QCOMPARE(d.featureCount(), std::size_t(64));
    QCOMPARE(d.classCount(), std::size_t(10));
    std::map<int, int> counts;
    for (int label : d.labels)
        ++counts[label];
    const std::vector<int> expected = {178, 182, 177, 183, 181, 182, 181, 179, 174, 180};
    for (int c = 0; c < 10; ++c) {
        QCOMPARE(d.classNames[std::size_t(c)], std::to_string(c));
        QCOMPARE(counts[c], expected[std::size_t(c)]);
    }
    for (double v : d.features)
        QVERIFY(v >= 0 && v <= 16 && v == std::floor(v));
    const auto zero = ml::digitImage(0);
    QCOMPARE(zero.height, 8);
    QCOMPARE(zero.at(0, 2), 5.0 / 16); // the file's first row: 0,0,5,13,9,1,0,0,...
    const auto image = ml::testImage();
    QCOMPARE(image.height, 64);
    QCOMPARE(image.width, 64);
}

ENGINE_TEST(kernelsParseAndBadOnesAreRefused)
{
    const auto k = ml::parseKernel("1 2 3; 4,5,6\n7 8 9", 3);
    QCOMPARE(k.values, (std::vector<double>{1, 2, 3, 4, 5, 6, 7, 8, 9}));
    QVERIFY_THROWS_MESSAGE(ml::parseKernel("1 2 3; 4 5 6", 3), mllab::InputError, "needs 3 rows");
    QVERIFY_THROWS_MESSAGE(ml::parseKernel("1 2 3; 4 x 6; 7 8 9", 3), mllab::InputError,
                           "row 2: 'x'");
    QVERIFY_THROWS_MESSAGE(ml::parseKernel("1 2; 4 5 6; 7 8 9", 3), mllab::InputError,
                           "row 1 has 2");
    for (const auto& name : ml::kernelPresets())
        for (int size : {3, 5}) {
            const auto preset = ml::kernelPreset(name, size);
            QCOMPARE(preset.values.size(), std::size_t(size * size));
            double sum = 0;
            for (double v : preset.values)
                sum += v;
            // Blurs and sharpening keep the mean; derivative kernels sum to zero.
            const bool keepsMean =
                name == "identity" || name == "box" || name == "gaussian" || name == "sharpen";
            QVERIFY2(std::abs(sum - (keepsMean ? 1.0 : 0.0)) < 1e-12, name);
        }
    ml::ConvolutionLabParams p;
    p.kernel = "custom";
    p.customKernel = "1 1 1";
    QVERIFY_THROWS_MESSAGE(ml::computeConvolutionLab(p), mllab::InputError, "custom kernel");
    p.customKernel = "1e38 1e38 1e38; 1e38 1e38 1e38; 1e38 1e38 1e38"; // the sums overflow
    QVERIFY(ml::computeConvolutionLab(p).nonFinite > 0);
    p.kernel = "emboss";
    QVERIFY_THROWS_MESSAGE(ml::computeConvolutionLab(p), mllab::InputError, "emboss");
}

ENGINE_TEST(theCnnLearnsTheDigitsRepeatably)
{
    ml::ConvolutionLabParams p;
    p.epochs = 5;
    const auto a = ml::computeConvolutionCnn(p);
    QCOMPARE(a.trainRows + a.testRows, 1797);
    QCOMPARE(a.epochs.size(), std::size_t(5));
    QVERIFY2(a.epochs.back().testAccuracy > 0.85, std::to_string(a.epochs.back().testAccuracy));
    QVERIFY(a.epochs.back().trainLoss < a.epochs.front().trainLoss);
    QCOMPARE(a.digits.size(), std::size_t(10));
    int right = 0;
    for (const auto& d : a.digits) {
        QCOMPARE(d.featureMaps.size(), std::size_t(8));
        QCOMPARE(d.featureMaps[0].height, 8);
        QCOMPARE(d.sample.height, 8);
        right += &d - a.digits.data() == d.predicted;
    }
    QVERIFY(right >= 7); // the first test sample of each digit, mostly read right
    QCOMPARE(a.kernels.size(), std::size_t(8));
    QCOMPARE(a.kernels[0].height, 3);
    // conv1 (1·8·9 + 8) + conv2 (8·16·9 + 16) + fc (64·10 + 10)
    QCOMPARE(a.parameters, 80LL + 1168 + 650);
    const auto b = ml::computeConvolutionCnn(p);
    QCOMPARE(a.epochs.back().testLoss, b.epochs.back().testLoss);
    QCOMPARE(a.digits[5].featureMaps[3].values, b.digits[5].featureMaps[3].values);
}

ENGINE_TEST_MAIN(tst_convolution)
