// engine/lm attention maps, BPE lab, tokenization stats and presets: hand-computed entropies,
// the toy text's merge table, compression figures, the trainer's baseline metrics, and the CLI.
#include "engine/cli/commands.h"
#include "engine/lm/attention_maps.h"
#include "engine/lm/presets.h"
#include "engine/lm/tokenization.h"
#include "engine/lm/trainer.h"
#include "tests/support/enginetest.h"
#include "tests/support/tinylm.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <sstream>

namespace {

const std::string& kText = enginetest::kTinyText;

mllab::GptConfig tinyConfig()
{
    return enginetest::tinyGptConfig(16);
}

std::shared_ptr<const mllab::LanguageModel> untrained()
{
    return enginetest::untrainedTinyModel(16, 11);
}

void verifyRowsAreCausalDistributions(const mllab::AttentionMap& map, std::size_t n)
{
    QCOMPARE(map.size(), n);
    for (std::size_t q = 0; q < n; ++q) {
        QCOMPARE(map[q].size(), n);
        double sum = 0;
        for (std::size_t k = 0; k < n; ++k) {
            if (k > q)
                QCOMPARE(map[q][k], 0.0f);
            sum += map[q][k];
        }
        QFUZZY_COMPARE(sum, 1.0, 1e-5);
    }
}

std::vector<std::string> mergedPieces(const mllab::BpeLabResult& r)
{
    std::vector<std::string> out;
    for (const auto& s : r.steps)
        out.push_back(s.merged);
    return out;
}

} // namespace

ENGINE_TEST(rowEntropyMatchesHandComputedValues)
{
    QFUZZY_COMPARE(mllab::rowEntropyBits({0.25f, 0.25f, 0.25f, 0.25f}), 2.0, 1e-6);
    QFUZZY_COMPARE(mllab::rowEntropyBits({0.5f, 0.25f, 0.25f, 0.0f}), 1.5, 1e-6);
    QCOMPARE(mllab::rowEntropyBits({1.0f, 0.0f, 0.0f}), 0.0);
    // Row 0 is skipped: it sees one key. Rows 1 and 2: 1 bit and log2(3) bits.
    const mllab::AttentionMap map = {{1, 0, 0}, {0.5f, 0.5f, 0}, {1 / 3.f, 1 / 3.f, 1 / 3.f}};
    QFUZZY_COMPARE(mllab::meanRowEntropyBits(map), (1.0 + std::log2(3.0)) / 2, 1e-6);
    QCOMPARE(mllab::meanRowEntropyBits({{1.0f}}), 0.0);
}

ENGINE_TEST(meanOfMapsAveragesAndChecksSizes)
{
    const mllab::AttentionMap a = {{1, 0}, {0.2f, 0.8f}};
    const mllab::AttentionMap b = {{1, 0}, {0.6f, 0.4f}};
    const auto mean = mllab::meanOfMaps({a, b});
    QFUZZY_COMPARE(mean[1][0], 0.4, 1e-6);
    QFUZZY_COMPARE(mean[1][1], 0.6, 1e-6);
    QVERIFY_THROWS_MESSAGE(mllab::meanOfMaps({a, {{1}}}), mllab::InputError, "differ in size");
    QVERIFY_THROWS_MESSAGE(mllab::meanOfMaps({}), mllab::InputError, "zero");
}

ENGINE_TEST(focusCountsWhereRowsPutTheirLargestWeight)
{
    // Rows 1-3: argmax 0 (first and previous), 0 (first), 2 (previous).
    const mllab::AttentionMap map = {
        {1, 0, 0, 0}, {0.6f, 0.4f, 0, 0}, {0.5f, 0.2f, 0.3f, 0}, {0.1f, 0.2f, 0.6f, 0.1f}};
    const auto f = mllab::attentionFocus(map);
    QFUZZY_COMPARE(f.firstToken, 2.0 / 3.0, 1e-12);
    QFUZZY_COMPARE(f.previousToken, 2.0 / 3.0, 1e-12);
    QCOMPARE(f.self, 0.0);
}

ENGINE_TEST(attentionMapsCoverEveryHeadWithDistributions)
{
    mllab::AttentionMapsParams p;
    p.model = untrained();
    p.prompt = "The softmax turns scores into weights.";
    const auto r = mllab::computeAttentionMaps(p);
    QCOMPARE(r.layers, 2);
    QCOMPARE(r.heads, 2);
    QCOMPARE(r.headSize, 16);
    QCOMPARE(r.contextLength, 16);
    const std::size_t n = r.prompt.ids.size();
    QVERIFY(n > 3);
    for (const mllab::AttentionSet* set : {&r.scaled, &r.unscaled}) {
        QCOMPARE(set->heads.size(), std::size_t(2));
        QCOMPARE(set->meanOverHeads.size(), std::size_t(2));
        for (std::size_t l = 0; l < 2; ++l) {
            QCOMPARE(set->heads[l].size(), std::size_t(2));
            for (const auto& head : set->heads[l])
                verifyRowsAreCausalDistributions(head, n);
            verifyRowsAreCausalDistributions(set->meanOverHeads[l], n);
            for (std::size_t h = 0; h < 2; ++h) {
                QCOMPARE(set->headEntropy[l][h], mllab::meanRowEntropyBits(set->heads[l][h]));
                QVERIFY(set->headEntropy[l][h] <= r.uniformEntropy + 1e-6);
            }
        }
    }
    double uniform = 0;
    for (std::size_t q = 1; q < n; ++q)
        uniform += std::log2(double(q + 1));
    QFUZZY_COMPARE(r.uniformEntropy, uniform / double(n - 1), 1e-12);
    // Same scores times sqrt(d_k) = 4 in the first layer: every row gets sharper, never flatter.
    for (std::size_t h = 0; h < 2; ++h)
        for (std::size_t q = 1; q < n; ++q)
            QVERIFY(mllab::rowEntropyBits(r.unscaled.heads[0][h][q]) <=
                    mllab::rowEntropyBits(r.scaled.heads[0][h][q]) + 1e-5);
    QVERIFY(r.unscaled.meanEntropy < r.scaled.meanEntropy);
}

ENGINE_TEST(attentionMapsKeepTheLastTokensOfALongPrompt)
{
    mllab::AttentionMapsParams p;
    p.model = untrained();
    p.prompt = kText;
    const auto r = mllab::computeAttentionMaps(p);
    QCOMPARE(r.prompt.ids.size(), std::size_t(16));
    QVERIFY(r.prompt.droppedTokens > 0);
    QCOMPARE(r.scaled.heads[1][1].size(), std::size_t(16));
}

ENGINE_TEST(attentionMapsRejectBadInput)
{
    mllab::AttentionMapsParams p;
    p.prompt = "hello";
    QVERIFY_THROWS_MESSAGE(mllab::computeAttentionMaps(p), mllab::InputError, "choose a model");
    p.model = untrained();
    p.prompt.clear();
    QVERIFY_THROWS_MESSAGE(mllab::computeAttentionMaps(p), mllab::InputError, "prompt is empty");
}

ENGINE_TEST(bpeLabReproducesTheToyMergeTable)
{
    // Chunks "the", " cat", " sat", " on", " the", " mat". (a,t) x3; (t,h) x2 before (h,e) x2;
    // (th,e) x2; then every pair occurs once and the first in the text wins: (' ',c) in " cat",
    // (' c',at), (' ',s), (' s',at), (' ',o), (' o',n), (' ',the), (' ',m), (' m',at).
    mllab::BpeLabParams p;
    const auto r = mllab::computeBpeLab(p);
    QCOMPARE(mergedPieces(r),
             (std::vector<std::string>{"at", "th", "the", "␣c", "␣cat", "␣s", "␣sat", "␣o", "␣on",
                                       "␣the", "␣m", "␣mat"}));
    QVERIFY(r.stoppedEarly);
    QCOMPARE(r.steps[0].count, std::int64_t(3));
    QCOMPARE(r.steps[1].count, std::int64_t(2));
    QCOMPARE(r.steps[2].left, std::string("th"));
    QCOMPARE(r.steps[2].right, std::string("e"));
    QCOMPARE(r.steps[4].left, std::string("␣c"));
    QCOMPARE(r.steps[4].right, std::string("at"));
    QCOMPARE(r.steps[4].count, std::int64_t(1));
    QCOMPARE(r.steps[4].newToken, 260);
    QCOMPARE(r.initialPieces.size(), std::size_t(22));
    QCOMPARE(r.steps[0].pieces.size(), std::size_t(19));
    QCOMPARE(r.steps.back().pieces,
             (std::vector<std::string>{"the", "␣cat", "␣sat", "␣on", "␣the", "␣mat"}));
}

ENGINE_TEST(bpeLabTracesAProbeTextAndStopsWhenAsked)
{
    mllab::BpeLabParams p;
    p.merges = 3;
    p.probeText = "that hat";
    const auto r = mllab::computeBpeLab(p);
    QCOMPARE(r.steps.size(), std::size_t(3));
    QVERIFY(!r.stoppedEarly);
    QCOMPARE(r.tracedText, std::string("that hat"));
    QCOMPARE(r.steps[2].pieces, (std::vector<std::string>{"th", "at", "␣", "h", "at"}));
}

ENGINE_TEST(bpeLabRejectsBadInput)
{
    mllab::BpeLabParams p;
    p.text.clear();
    QVERIFY_THROWS_MESSAGE(mllab::computeBpeLab(p), mllab::InputError, "training text is empty");
    p = {};
    p.merges = 0;
    QVERIFY_THROWS_MESSAGE(mllab::computeBpeLab(p), mllab::InputError, "merges must be from 1");
    p = {};
    p.probeText = std::string(mllab::kBpeLabMaxTraceBytes + 1, 'a');
    QVERIFY_THROWS_MESSAGE(mllab::computeBpeLab(p), mllab::InputError, "probe text has 2001 bytes");
}

ENGINE_TEST(tokenizationCountsBytesWordsAndTokens)
{
    mllab::BpeTrainParams bpe;
    bpe.corpus = "the cat sat on the mat";
    bpe.vocabSize = 256 + 12;
    mllab::TokenizationParams p;
    p.tokenizer = mllab::BpeTokenizer(mllab::trainBpe(bpe).merges);
    p.text = "the cat\ncafé";
    const auto r = mllab::computeTokenization(p);
    // "café" is c, a, f and the two bytes of é: "ca" was never merged here.
    QCOMPARE(r.pieces,
             (std::vector<std::string>{"the", "␣cat", "↵", "c", "a", "f", "<0xC3>", "<0xA9>"}));
    QCOMPARE(r.pieceBytes, (std::vector<int>{3, 4, 1, 1, 1, 1, 1, 1}));
    QCOMPARE(r.bytes, std::int64_t(13));
    QCOMPARE(r.characters, std::int64_t(12));
    QCOMPARE(r.words, std::int64_t(3));
    QFUZZY_COMPARE(r.bytesPerToken, 13.0 / 8.0, 1e-12);
    QFUZZY_COMPARE(r.tokensPerWord, 8.0 / 3.0, 1e-12);
    QCOMPARE(r.vocabularySize, 268);
    p.text.clear();
    QVERIFY_THROWS_MESSAGE(mllab::computeTokenization(p), mllab::InputError, "empty");
}

ENGINE_TEST(aDefaultTokenizerEncodesBytes)
{
    // TokenizationParams holds a default-constructed tokenizer until one is assigned.
    const auto r = mllab::computeTokenization({mllab::BpeTokenizer(), "hi ␣"});
    QCOMPARE(r.pieces, (std::vector<std::string>{"h", "i", "␣", "<0xE2>", "<0x90>", "<0xA3>"}));
    QCOMPARE(r.vocabularySize, 256);
}

ENGINE_TEST(presetsNameTheShippedShape)
{
    const auto& small = mllab::trainPreset("small").config;
    QCOMPARE(small.layers, 4);
    QCOMPARE(small.heads, 4);
    QCOMPARE(small.width, 128);
    QCOMPARE(small.contextLength, 128);
    QCOMPARE(small.vocabSize, 1024);
    QCOMPARE(mllab::trainPreset("tiny").config.layers, 2);
    QVERIFY(mllab::trainPreset("larger").wantsGpu);
    QVERIFY(!mllab::trainPreset("tiny").wantsGpu);
    QVERIFY_THROWS_MESSAGE(mllab::trainPreset("huge"), mllab::InputError, "tiny, small, larger");
}

ENGINE_TEST(learningRateWarmsUpThenFollowsACosine)
{
    mllab::TrainParams p;
    p.steps = 110;
    p.warmupSteps = 10;
    p.learningRate = 1e-3;
    p.minLearningRate = 1e-4;
    QFUZZY_COMPARE(mllab::learningRateAt(p, 0), 1e-4, 1e-12); // 1/10 of the peak
    QFUZZY_COMPARE(mllab::learningRateAt(p, 9), 1e-3, 1e-12);
    QFUZZY_COMPARE(mllab::learningRateAt(p, 10), 1e-3, 1e-12);   // cosine starts at the peak
    QFUZZY_COMPARE(mllab::learningRateAt(p, 60), 5.5e-4, 1e-12); // halfway: the mean
    QFUZZY_COMPARE(mllab::learningRateAt(p, 110), 1e-4, 1e-12);
}

ENGINE_TEST(trainerReportsBaselinesAndSavedStep)
{
    mllab::TrainParams p;
    for (int i = 0; i < 8; ++i)
        p.corpus += kText;
    p.config = tinyConfig();
    p.steps = 6;
    p.batchSize = 4;
    p.warmupSteps = 2;
    p.evalEvery = 3;
    p.evalBatches = 1;
    p.validationFraction = 0.2;
    std::vector<mllab::TrainStep> reports;
    const auto r = mllab::trainLanguageModel(
        p, {}, [&](const mllab::TrainStep& s) { reports.push_back(s); });
    QCOMPARE(reports.size(), std::size_t(6));
    for (const auto& s : reports) {
        QCOMPARE(s.bigramLoss, r.bigramLoss);
        QCOMPARE(s.unigramLoss, r.unigramLoss);
        QCOMPARE(s.savedStep, 0); // no output path: nothing is saved
        // The validation loss of a step is the latest evaluation's, with its step.
        QCOMPARE(s.validationStep, s.step / 3 * 3);
        QCOMPARE(std::isfinite(s.validationLoss), s.validationStep > 0);
    }
    QVERIFY(r.bigramLoss > 0 && r.bigramLoss < r.unigramLoss);
}

ENGINE_TEST(cliPrintsTheMergeTable)
{
    std::ostringstream out, err;
    const int code = mllab::cli::runCli({"mllab-cli", "bpe-steps", "--merges", "3"}, out, err);
    QCOMPARE(code, 0);
    const auto j = nlohmann::json::parse(out.str());
    QCOMPARE(j["steps"].size(), std::size_t(3));
    QCOMPARE(j["steps"][1]["pair"][0].get<std::string>(), std::string("t"));
    QCOMPARE(j["steps"][1]["piece"].get<std::string>(), std::string("th"));
    QCOMPARE(j["steps"][2]["pieces"][0].get<std::string>(), std::string("the"));
    std::ostringstream out2, err2;
    QCOMPARE(mllab::cli::runCli({"mllab-cli", "bpe-steps", "--merges", "0"}, out2, err2), 1);
    QVERIFY(err2.str().find("merges must be") != std::string::npos);
}

ENGINE_TEST_MAIN(tst_lmlabs)
