// engine/lm/quantize and `mllab-cli lm quantize`: the contract's sym and asym rules by hand
// (half-to-even rounding, zero points, groups of zeros), group sizes and refusals, the stored
// size of llama.cpp's q4_0 / q4_1 layouts, more bits giving smaller errors, and on the shipped
// model: the float32 side equals `lm eval`, 8 bits barely move the distributions, and the
// written checkpoint scores what the command says.
#include "engine/datapaths.h"
#include "engine/lm/model.h"
#include "engine/lm/quantize.h"
#include "tests/support/cli.h"
#include "tests/support/enginetest.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>
#include <random>

using mllab::InputError;
using mllab::QuantizeSpec;

namespace {

QuantizeSpec spec(int bits, int group, const char* scheme)
{
    QuantizeSpec s;
    s.bits = bits;
    s.group = group;
    s.scheme = scheme;
    return s;
}

bool near(double a, double b, double tolerance)
{
    return std::abs(a - b) <= tolerance;
}

const char* const kText =
    "Quantization stores each weight in fewer bits: a scale per group maps the integers back to "
    "real values, and the rounding error it leaves shows up as a small change in every logit. "
    "Per-channel scales follow each output row, so one large weight spoils only its own row.";

/// The contract written out plainly, one group at a time, for comparison with the engine: the
/// kept outliers (largest |w|, ties to the lower index) are found by a full sort and skipped when
/// the group's range is taken, and stored through the compiler's own _Float16.
std::vector<float> reference(const std::vector<float>& w, std::int64_t rows, std::int64_t cols,
                             const QuantizeSpec& s)
{
    std::vector<bool> kept(w.size(), false);
    std::vector<std::size_t> order(w.size());
    std::iota(order.begin(), order.end(), std::size_t(0));
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return std::abs(w[a]) > std::abs(w[b]); });
    const auto k = std::size_t(std::llround(s.outlierFraction * double(w.size())));
    for (std::size_t i = 0; i < k; ++i)
        kept[order[i]] = true;
    const std::int64_t size = s.group == -1 ? rows * cols : s.group == 0 ? cols : s.group;
    std::vector<float> out = w;
    for (std::int64_t g = 0; g < rows * cols; g += size) {
        float lo = 0, hi = 0, top = 0;
        bool any = false;
        for (std::int64_t i = g; i < g + size; ++i)
            if (!kept[std::size_t(i)]) {
                lo = any ? std::min(lo, w[std::size_t(i)]) : w[std::size_t(i)];
                hi = any ? std::max(hi, w[std::size_t(i)]) : w[std::size_t(i)];
                any = true;
            }
        for (std::int64_t i = g; i < g + size; ++i) {
            const float x = w[std::size_t(i)];
            if (kept[std::size_t(i)]) {
                out[std::size_t(i)] = float(_Float16(x)); // the compiler's fp16 conversion
                continue;
            }
            if (!any)
                continue;
            if (s.scheme == "sym") {
                top = float((1 << (s.bits - 1)) - 1);
                const float scale = std::max(std::abs(lo), std::abs(hi)) / top;
                if (scale > 0)
                    out[std::size_t(i)] = std::clamp(std::nearbyint(x / scale), -top, top) * scale;
            } else {
                top = float((1 << s.bits) - 1);
                const float scale = (hi - lo) / top;
                if (scale > 0) {
                    const float z = std::nearbyint(-lo / scale);
                    out[std::size_t(i)] =
                        (std::clamp(std::nearbyint(x / scale) + z, 0.0f, top) - z) * scale;
                }
            }
        }
    }
    return out;
}

} // namespace

ENGINE_TEST(everyConfigurationMatchesAPlainReference)
{
    std::mt19937 random(7);
    std::normal_distribution<float> normal(0.0f, 0.05f);
    std::vector<float> w(8 * 128);
    for (float& x : w)
        x = normal(random);
    w[17] = 0.9f; // an outlier in row 0
    w[300] = -0.7f;
    for (int bits = 2; bits <= 8; ++bits)
        for (int group : {-1, 0, 32, 64, 128})
            for (const char* scheme : {"sym", "asym"}) {
                QuantizeSpec s = spec(bits, group, scheme);
                s.outlierFraction = bits % 2 == 0 ? 0.0 : 0.01; // 10 of 1024 kept at odd bits
                const auto out = mllab::quantizeDequantize(w, 8, 128, s);
                QVERIFY2(out == reference(w, 8, 128, s), (std::to_string(bits) + " bits, group " +
                                                          std::to_string(group) + " " + scheme)
                                                             .c_str());
                QCOMPARE(out.size(), w.size());
            }
}

ENGINE_TEST(outliersStayInHalfPrecision)
{
    // 1% of 200 values: the two largest |w| are kept, rounded to fp16, and left out of the scale.
    std::vector<float> w(200);
    for (std::size_t i = 0; i < w.size(); ++i)
        w[i] = 0.001f * float(int(i % 21) - 10); // -0.01 .. 0.01
    w[5] = 3.14159f;
    w[150] = -1.0001f;
    QuantizeSpec s = spec(4, -1, "sym");
    s.outlierFraction = 0.01;
    QCOMPARE(mllab::keptOutliers(200, s), std::int64_t(2));
    const auto out = mllab::quantizeDequantize(w, 2, 100, s);
    QCOMPARE(out[5], 3.140625f); // nearest fp16 (steps of 2^-9 between 2 and 4)
    QCOMPARE(out[150], -1.0f);   // steps of 2^-10 between 1 and 2
    // The others share s = 0.01 / 7 instead of 3.14 / 7: their error is at most s / 2.
    double worst = 0;
    for (std::size_t i = 0; i < w.size(); ++i)
        if (i != 5 && i != 150)
            worst = std::max(worst, double(std::abs(out[i] - w[i])));
    QVERIFY(worst <= 0.01 / 7 / 2 + 1e-7);
    // Without the option the two outliers set the scale and flatten every small weight to 0.
    const auto plain = mllab::quantizeDequantize(w, 2, 100, spec(4, -1, "sym"));
    QCOMPARE(plain[0], 0.0f);
    QVERIFY(out == reference(w, 2, 100, s));
    // Storage: 100 bytes of 4-bit values, one fp16 scale, 6 bytes (int32 index + fp16) per kept.
    QCOMPARE(mllab::quantizedBytes(2, 100, s), 100.0 + 2 + 2 * 6);
    s.outlierFraction = 0.6;
    QVERIFY_THROWS_MESSAGE(mllab::validateQuantizeSpec(s), InputError, "outliers");
    s.outlierFraction = -0.01;
    QVERIFY_THROWS_MESSAGE(mllab::quantizeDequantize(w, 2, 100, s), InputError, "outliers");
}

ENGINE_TEST(theGridOfTheWidestGroup)
{
    // Groups of 2: [0.1, -0.2] s = 0.2/3, [1.5, 0.3] s = 0.5 (the widest), [0, 0] s = 0.
    const std::vector<float> w{0.1f, -0.2f, 1.5f, 0.3f, 0, 0};
    const auto grid = mllab::largestScaleGrid(w, 1, 6, spec(3, 2, "sym"));
    QCOMPARE(grid.group, std::int64_t(1));
    QCOMPARE(grid.groups, std::int64_t(3));
    QCOMPARE(grid.size, std::int64_t(2));
    QCOMPARE(grid.levels.size(), std::size_t(7)); // -3..3
    QVERIFY(near(grid.scale, 0.5, 1e-7));
    QVERIFY(near(grid.levels.front(), -1.5, 1e-6) && near(grid.levels.back(), 1.5, 1e-6));
    // asym 2 bits over [0.3, 1.5]: s = 0.4, z = round(-0.75) = -1: levels 0.4, 0.8, 1.2, 1.6.
    const auto asym = mllab::largestScaleGrid(w, 1, 6, spec(2, 2, "asym"));
    QCOMPARE(asym.levels.size(), std::size_t(4));
    QVERIFY(near(asym.levels[0], 0.4, 1e-6) && near(asym.levels[3], 1.6, 1e-6));
    // Every quantized weight of that group lies on its grid.
    const auto out = mllab::quantizeDequantize(w, 1, 6, spec(3, 2, "sym"));
    for (int i : {2, 3})
        QVERIFY(std::any_of(grid.levels.begin(), grid.levels.end(),
                            [&](double level) { return near(level, out[std::size_t(i)], 1e-6); }));
}

ENGINE_TEST(symmetricRoundsHalfToEven)
{
    // max|w| = 7 at 4 bits: s = 1, and w/s = 3.5, -7, 2.5, 0.7 -> 4, -7, 2, 1 (halves to even,
    // not away from zero).
    const auto out = mllab::quantizeDequantize({3.5f, -7.0f, 2.5f, 0.7f}, 1, 4, spec(4, 4, "sym"));
    QCOMPARE(out, (std::vector<float>{4.0f, -7.0f, 2.0f, 1.0f}));
    // Scaled by 2: s = 2, the same integers.
    const auto twice =
        mllab::quantizeDequantize({7.0f, -14.0f, 5.0f, 1.4f}, 1, 4, spec(4, 4, "sym"));
    QCOMPARE(twice, (std::vector<float>{8.0f, -14.0f, 4.0f, 2.0f}));
}

ENGINE_TEST(asymmetricUsesAZeroPoint)
{
    // s = (2 - -1) / 3 = 1, z = round(1) = 1; q = clamp(round(w) + 1, 0, 3) = 0, 1, 1, 3.
    const auto out = mllab::quantizeDequantize({-1.0f, 0.0f, 0.5f, 2.0f}, 1, 4, spec(2, 4, "asym"));
    QCOMPARE(out, (std::vector<float>{-1.0f, 0.0f, 0.0f, 2.0f}));
    // Groups of zeros stay zero, a repeated value stays itself, in both schemes.
    for (const char* scheme : {"sym", "asym"}) {
        const auto zeros = mllab::quantizeDequantize({0, 0, 0.3f, 0.3f}, 1, 4, spec(3, 2, scheme));
        QCOMPARE(zeros[0], 0.0f);
        QCOMPARE(zeros[1], 0.0f);
        QVERIFY(near(zeros[2], 0.3f, 1e-7));
    }
}

ENGINE_TEST(groupsTensorsAndRows)
{
    // Row 0 is small, row 1 large: one scale for the tensor crushes row 0, per-row scales do not.
    const std::vector<float> w{0.01f, -0.02f, 0.015f, 0.005f, 1.0f, -2.0f, 1.5f, 0.5f};
    const auto tensor = mllab::quantizeDequantize(w, 2, 4, spec(3, -1, "sym"));
    const auto rows = mllab::quantizeDequantize(w, 2, 4, spec(3, 0, "sym"));
    QCOMPARE(tensor[1], 0.0f); // 0.02 below half a step of 2/3
    QVERIFY(rows[1] != 0.0f);
    QVERIFY_THROWS_MESSAGE(mllab::quantizeDequantize(w, 2, 4, spec(4, 3, "sym")), InputError,
                           "does not divide");
    QVERIFY_THROWS_MESSAGE(mllab::validateQuantizeSpec(spec(1, 32, "sym")), InputError, "bits");
    QVERIFY_THROWS_MESSAGE(mllab::validateQuantizeSpec(spec(9, 32, "sym")), InputError, "bits");
    QVERIFY_THROWS_MESSAGE(mllab::validateQuantizeSpec(spec(4, -2, "sym")), InputError, "group");
    QVERIFY_THROWS_MESSAGE(mllab::validateQuantizeSpec(spec(4, 32, "nf4")), InputError, "nf4");
}

ENGINE_TEST(storedSizeFollowsLlamaCppBlocks)
{
    // q4_0: 32 four-bit values and an fp16 scale = 18 bytes; q4_1 adds an fp16 minimum = 20.
    QCOMPARE(mllab::quantizedBytes(1, 32, spec(4, 32, "sym")), 18.0);
    QCOMPARE(mllab::quantizedBytes(1, 32, spec(4, 32, "asym")), 20.0);
    QCOMPARE(mllab::quantizedBytes(1, 32, spec(8, 32, "sym")), 34.0); // q8_0
    QCOMPARE(mllab::quantizedBytes(4, 128, spec(4, 0, "sym")), 256.0 + 4 * 2);
    QCOMPARE(mllab::quantizedBytes(4, 128, spec(3, -1, "sym")), 192.0 + 2);
    QVERIFY(mllab::isQuantizedWeight("block0.attn.qkv.weight"));
    QVERIFY(mllab::isQuantizedWeight("block3.out.weight"));
    QVERIFY(!mllab::isQuantizedWeight("block0.attn.qkv.bias"));
    QVERIFY(!mllab::isQuantizedWeight("tok.weight"));
}

ENGINE_TEST(theShippedModelQuantized)
{
    const std::string model = mllab::shippedModelPath();
    const auto r8 = mllab::quantizeLanguageModel(model, spec(8, 32, "sym"), kText);
    const auto r4 = mllab::quantizeLanguageModel(model, spec(4, 32, "sym"), kText);
    const auto r2 = mllab::quantizeLanguageModel(model, spec(2, 32, "sym"), kText);
    // The float32 side is what `lm eval` says about the same text (which sums in float32).
    const auto reference = mllab::LanguageModel::load(model);
    QVERIFY(near(r8.bitsPerByteFp32, reference->evaluate(kText).bitsPerByte, 1e-5));
    QCOMPARE(r8.positions, reference->evaluate(kText).tokens);
    QCOMPARE(r8.tensors.size(), std::size_t(16)); // 4 blocks x qkv, proj, fc, out
    QVERIFY(r8.klMean >= 0 && r8.klMean < 1e-3);
    QVERIFY(r8.top1Agreement > 0.98);
    QVERIFY(r8.klMean < r4.klMean && r4.klMean < r2.klMean);
    QVERIFY(r8.tensors[0].relRmse < r4.tensors[0].relRmse);
    QVERIFY(r4.tensors[0].relRmse < r2.tensors[0].relRmse);
    QVERIFY(r2.top1Agreement < r4.top1Agreement);
    QVERIFY(r4.sizeBytes < r8.sizeBytes && r8.sizeBytes < r8.sizeBytesFp32);
    QVERIFY_THROWS_MESSAGE(mllab::quantizeLanguageModel(model, spec(4, 32, "sym"), "a"), InputError,
                           "too short");
}

ENGINE_TEST(cliKeepsTheContractAndWritesTheModel)
{
    const enginetest::TempFile text("tst_quantize_text.txt", kText);
    const std::string out = "tst_quantize_model.safetensors";
    const auto run = enginetest::cli({"lm", "quantize", "--bits", "4", "--group", "0", "--scheme",
                                      "asym", "--text-file", text.path(), "--out", out});
    QCOMPARE(run.code, 0);
    const auto j = nlohmann::json::parse(run.out);
    for (const char* key : {"bits", "group", "scheme", "size_bytes", "bits_per_byte",
                            "bits_per_byte_fp32", "kl_mean", "top1_agreement", "tensors"})
        QVERIFY2(j.contains(key), key);
    QCOMPARE(j["group"].get<int>(), 0);
    QCOMPARE(j["tensors"][0]["name"].get<std::string>(), std::string("block0.attn.qkv.weight"));
    QCOMPARE(j["tensors"][0]["shape"], nlohmann::json({384, 128}));
    // The written checkpoint scores what the command reported.
    const auto eval = enginetest::cli({"lm", "eval", "--text-file", text.path(), "--model", out});
    QCOMPARE(eval.code, 0);
    QVERIFY(near(nlohmann::json::parse(eval.out)["bits_per_byte"].get<double>(),
                 j["bits_per_byte"].get<double>(), 1e-5));
    std::remove(out.c_str());

    QCOMPARE(enginetest::cli({"lm", "quantize", "--group", "32", "--scheme", "sym"}).code, 2);
    const auto badScheme =
        enginetest::cli({"lm", "quantize", "--bits", "4", "--group", "32", "--scheme", "nf4"});
    QCOMPARE(badScheme.code, 1);
    QVERIFY(badScheme.err.find("nf4") != std::string::npos);
    const auto badGroup =
        enginetest::cli({"lm", "quantize", "--bits", "4", "--group", "7", "--scheme", "sym"});
    QCOMPARE(badGroup.code, 1);
    QVERIFY(badGroup.err.find("does not divide") != std::string::npos);
}

ENGINE_TEST_MAIN(tst_quantize)
