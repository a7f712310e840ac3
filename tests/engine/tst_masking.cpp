// The masking lab's pipeline (engine/labs/masking.h) and the padding mask of the GPT's forward
// (engine/lm/gpt.h): with the mask and position ids a padded prompt's logits are its logits
// alone (left and right padding, 1-3 layers); without them left padding changes them while
// right padding cannot reach the real tokens through the causal mask; the padding cost of a
// small batch by hand; bad input is named; `mllab-cli lab masking` prints the numbers.
#include "engine/labs/masking.h"
#include "engine/lm/model_impl.h"
#include "tests/support/cli.h"
#include "tests/support/enginetest.h"
#include "tests/support/lmtestmodel.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>

using namespace mllab::labs;

namespace {

std::shared_ptr<const mllab::LanguageModel> modelWithLayers(int layers)
{
    mllab::BpeTrainParams bpe;
    bpe.corpus = lmtest::kText;
    bpe.vocabSize = 300;
    mllab::GptConfig config;
    config.vocabSize = 300;
    config.contextLength = lmtest::kContext;
    config.layers = layers;
    config.heads = 2;
    config.width = 32;
    config.dropout = 0.0;
    return mllab::LanguageModel::create(config, mllab::BpeTokenizer(mllab::trainBpe(bpe).merges),
                                        11 + std::uint64_t(layers));
}

MaskingLabParams params(std::shared_ptr<const mllab::LanguageModel> model, bool left)
{
    MaskingLabParams p = maskingLabParams(defaultState(maskingLabSpec()));
    p.model = std::move(model);
    p.prompts = "the softmax\nAttention lets every token look\nTop-p keeps the nucleus. The end";
    p.leftPadding = left;
    p.padId = 7;
    return p;
}

} // namespace

ENGINE_TEST(theMaskKeepsPaddedLogitsEqualToAloneForBothSidesAndSeveralDepths)
{
    for (int layers : {1, 2, 3}) {
        const auto model = modelWithLayers(layers);
        for (bool left : {true, false}) {
            const MaskingLabResult r = computeMaskingLab(params(model, left));
            QCOMPARE(r.prompts.size(), std::size_t(3));
            QVERIFY(r.prompts[0].pads > 0);
            QCOMPARE(r.prompts[0].tokens + r.prompts[0].pads, r.width);
            for (const MaskingPromptRow& row : r.prompts) {
                QVERIFY2(row.maxDeltaMasked < 1e-5, std::to_string(row.maxDeltaMasked));
                QVERIFY(row.klMasked < 1e-9);
                QVERIFY(row.sameTopMasked);
            }
            if (left) {
                // Without mask and positions the pads are seen and the positions shift.
                QVERIFY2(r.prompts[0].maxDeltaUnmasked > 1e-3,
                         std::to_string(r.prompts[0].maxDeltaUnmasked));
                QVERIFY(r.prompts[0].klUnmasked > 1e-7);
            } else {
                // Right pads come after every real token: the causal mask alone hides them.
                for (const MaskingPromptRow& row : r.prompts)
                    QVERIFY(row.maxDeltaUnmasked < 1e-5);
            }
            // The longest prompt has no pads: nothing changes for it either way.
            QVERIFY(r.prompts[1].pads == 0 || r.prompts[2].pads == 0);
        }
    }
}

ENGINE_TEST(theHeatmapRowsHideThePadsOnlyWithTheMask)
{
    MaskingLabParams p = params(modelWithLayers(2), true);
    p.shownPrompt = 1;
    p.layer = 2;
    p.head = 2;
    const MaskingLabResult r = computeMaskingLab(p);
    QCOMPARE(r.layer, 2);
    QCOMPARE(r.head, 2);
    const int pads = r.prompts[0].pads;
    QCOMPARE(int(r.shownPieces.size()), r.width);
    QVERIFY(r.shownPadding[0] && !r.shownPadding[std::size_t(pads)]);
    QCOMPARE(r.shownPieces[0], std::string("⟨pad⟩"));
    for (int q = pads; q < r.width; ++q) {
        double sum = 0, padWeightUnmasked = 0;
        for (int k = 0; k < r.width; ++k) {
            const float w = r.attentionMasked[std::size_t(q)][std::size_t(k)];
            if (k > q || k < pads)
                QCOMPARE(w, 0.0f); // causal and padding mask
            sum += w;
            if (k < pads)
                padWeightUnmasked += r.attentionUnmasked[std::size_t(q)][std::size_t(k)];
        }
        QVERIFY(std::abs(sum - 1) < 1e-5);
        QVERIFY(padWeightUnmasked > 0); // without the mask the real tokens look at the pads
    }
    // A pad query sees only pads; it keeps its own key, so its row is finite and sums to 1.
    QCOMPARE(r.attentionMasked[0][0], 1.0f);

    // A selection beyond the model shows its last layer, head and prompt.
    p.layer = 9;
    p.head = 9;
    p.shownPrompt = 16;
    const MaskingLabResult last = computeMaskingLab(p);
    QCOMPARE(last.layer, 2);
    QCOMPARE(last.head, 2);
    QCOMPARE(last.shownPrompt, 3);
}

ENGINE_TEST(anAllRealPaddingMaskChangesNothing)
{
    const auto model = modelWithLayers(3);
    c10::InferenceMode guard;
    auto ids = torch::tensor({5, 80, 81, 99, 120, 7}, torch::kLong).view({1, 6});
    const auto plain = model->impl().net->forward(ids).logits;
    mllab::lm::ForwardOptions options;
    options.paddingMask = torch::zeros({1, 6}, torch::kBool);
    const auto masked = model->impl().net->forward(ids, options).logits;
    QVERIFY((plain - masked).abs().max().item<double>() < 1e-6);
    options.paddingMask = torch::zeros({1, 5}, torch::kBool);
    QVERIFY_THROWS_MESSAGE(model->impl().net->forward(ids, options), mllab::InputError,
                           "padding mask");
}

ENGINE_TEST(thePaddingCostOfASmallBatchByHand)
{
    // Lengths 1, 2, 3, 6; two buckets {1, 2} and {3, 6}; packing rows of 6: [6] and [3, 2, 1].
    const PaddingCost c = paddingCost({3, 1, 6, 2}, 2, 0);
    QCOMPARE(c.rowLength, 6);
    QCOMPARE(c.padToMax.tokens, std::int64_t(24));
    QCOMPARE(c.padToMax.realTokens, std::int64_t(12));
    QFUZZY_COMPARE(c.padToMax.tokenPadShare, 0.5, 1e-12);
    QCOMPARE(c.padToMax.cells, std::int64_t(144));
    QCOMPARE(c.padToMax.usefulCells, std::int64_t(50));
    QFUZZY_COMPARE(c.padToMax.attentionPadShare, 94.0 / 144.0, 1e-12);
    QCOMPARE(c.buckets.tokens, std::int64_t(16));
    QFUZZY_COMPARE(c.buckets.tokenPadShare, 0.25, 1e-12);
    QCOMPARE(c.buckets.cells, std::int64_t(80));
    QFUZZY_COMPARE(c.buckets.attentionPadShare, 30.0 / 80.0, 1e-12);
    QCOMPARE(c.packing.rows, 2);
    QCOMPARE(c.packing.tokens, std::int64_t(12));
    QCOMPARE(c.packing.tokenPadShare, 0.0);
    QCOMPARE(c.packing.cells, std::int64_t(72));
    QCOMPARE(c.packing.crossCells, std::int64_t(22)); // 6² - (3² + 2² + 1²)
    QFUZZY_COMPARE(c.packing.attentionCrossShare, 22.0 / 72.0, 1e-12);
    QCOMPARE(c.bucketTokenShare.size(), std::size_t(4));
    QCOMPARE(c.bucketTokenShare[3], 0.0); // one sequence per bucket: no padding

    // Longer rows: [6, 3, 2, 1] fills 12 of 16, the rest is padding.
    const PaddingCost wide = paddingCost({3, 1, 6, 2}, 3, 16);
    QCOMPARE(wide.packing.rows, 1);
    QCOMPARE(wide.packing.paddingCells, std::int64_t(256 - 144));
    QFUZZY_COMPARE(wide.packing.tokenPadShare, 0.25, 1e-12);
    // Three buckets of 4 sequences: sizes 2, 1, 1 -> {1, 2}, {3}, {6}.
    QCOMPARE(wide.buckets.tokens, std::int64_t(2 * 2 + 3 + 6));
}

ENGINE_TEST(syntheticLengthsAreSeededAndInRange)
{
    const auto a = syntheticLengths(500, 200, 0.8, 3);
    QVERIFY(a == syntheticLengths(500, 200, 0.8, 3));
    QVERIFY(a != syntheticLengths(500, 200, 0.8, 4));
    for (int l : a)
        QVERIFY(l >= 1 && l <= 32768);
    const auto equal = syntheticLengths(10, 50, 0.0, 1);
    for (int l : equal)
        QCOMPARE(l, 50);
    QCOMPARE(paddingCost(equal, 3, 0).padToMax.tokenPadShare, 0.0);
}

ENGINE_TEST(badInputIsNamed)
{
    const auto model = modelWithLayers(1);
    MaskingLabParams p = params(model, true);
    p.prompts = "one\n\nthree";
    QVERIFY_THROWS_MESSAGE(computeMaskingLab(p), mllab::InputError, "prompt line 2 is empty");
    p.prompts = "   ";
    QVERIFY_THROWS_MESSAGE(computeMaskingLab(p), mllab::InputError, "the prompt list is empty");
    p.prompts = "short\n" + std::string(200, 'x');
    QVERIFY_THROWS_MESSAGE(computeMaskingLab(p), mllab::InputError,
                           "more than the model's context of 32");
    p.prompts = "a\nb";
    p.padId = 300;
    QVERIFY_THROWS_MESSAGE(computeMaskingLab(p), mllab::InputError, "pad token id 300");
    p.padId = 0;
    p.prompts = std::string(17 * 2, 'a');
    for (std::size_t i = 1; i < p.prompts.size(); i += 2)
        p.prompts[i] = '\n';
    QVERIFY_THROWS_MESSAGE(computeMaskingLab(p), mllab::InputError, "at most 16");
    QVERIFY_THROWS_MESSAGE(paddingCost({}, 1, 0), mllab::InputError, "no sequence lengths");
    QVERIFY_THROWS_MESSAGE(paddingCost({2, 0}, 1, 0), mllab::InputError, "at least 1 token");
}

ENGINE_TEST(theCliPrintsDeltasAndShares)
{
    const std::string path = lmtest::writeTestModel("tst_masking.safetensors");
    const auto r = enginetest::cli({"lab", "masking", "--set", "model=" + path, "--set",
                                    "prompts=the softmax\nAttention lets every token look", "--set",
                                    "lengths=prompts", "--set", "buckets=2"});
    QCOMPARE(r.code, 0);
    const auto j = nlohmann::json::parse(r.out)["result"];
    QCOMPARE(j["prompts"].size(), std::size_t(2));
    double masked = 0, unmasked = 0; // one of the two is left-padded
    for (const auto& p : j["prompts"]) {
        masked = std::max(masked, p["max_abs_delta_logit_masked"].get<double>());
        unmasked = std::max(unmasked, p["max_abs_delta_logit_unmasked"].get<double>());
    }
    QVERIFY(masked < 1e-5);
    QVERIFY2(unmasked > 1e-4, r.out);
    QCOMPARE(j["cost"]["lengths"].size(), std::size_t(2));
    QCOMPARE(j["cost"]["buckets"]["token_padding_share"].get<double>(), 0.0);
    QVERIFY(j["cost"]["pad_to_max"]["token_padding_share"].get<double>() > 0.0);

    const auto bad =
        enginetest::cli({"lab", "masking", "--set", "model=" + path, "--set", "prompts=a\n\nb"});
    QCOMPARE(bad.code, 1);
    QVERIFY2(bad.err.find("prompt line 2 is empty") != std::string::npos, bad.err);
    std::remove(path.c_str());
}

ENGINE_TEST_MAIN(tst_masking)
