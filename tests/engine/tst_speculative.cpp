// engine/lm/speculative and the speculative lab: greedy speculative decoding gives exactly the
// tokens of plain greedy decoding (generateText, the `lm generate --temperature 0` path), also
// across the context slide; a draft that is the target itself has every proposal accepted;
// sampled speculative decoding draws the first two tokens from the target's own distribution
// (a chi-square test that rejects a deliberately wrong acceptance rule); the expected tokens
// per pass formula; training with a given tokenizer (how the draft was made); bad input.
#include "engine/datapaths.h"
#include "engine/labs/speculative.h"
#include "engine/lm/decode.h"
#include "engine/lm/speculative.h"
#include "engine/lm/trainer.h"
#include "engine/runtime.h"
#include "tests/support/enginetest.h"

#include <cmath>
#include <iostream>
#include <map>

using namespace mllab;
namespace ml = mllab::labs;

namespace {

const LanguageModel& target()
{
    static const auto m = LanguageModel::load(shippedModelPath());
    return *m;
}

const LanguageModel& draft()
{
    static const auto m = LanguageModel::load(shippedDraftModelPath());
    return *m;
}

std::vector<TokenId> plainGreedy(const std::string& prompt, int tokens)
{
    GenerateParams g;
    g.prompt = prompt;
    g.sampling.temperature = 0;
    g.maxTokens = tokens;
    return generateText(target(), g).ids;
}

SpeculativeParams params(const std::string& prompt, int gamma, int tokens, double t, int seed = 0)
{
    SpeculativeParams p;
    p.prompt = prompt;
    p.gamma = gamma;
    p.maxTokens = tokens;
    p.temperature = t;
    p.seed = std::uint64_t(seed);
    return p;
}

std::vector<double> softmax(const std::vector<float>& logits)
{
    const float top = *std::max_element(logits.begin(), logits.end());
    std::vector<double> p(logits.size());
    double z = 0;
    for (std::size_t i = 0; i < p.size(); ++i)
        z += p[i] = std::exp(double(logits[i]) - top);
    for (double& v : p)
        v /= z;
    return p;
}

/// Pearson's chi-square of observed pair counts against the target's p(t1) p(t2 | t1), over
/// the pairs expected at least 5 times plus one bin for the rest. Returns {statistic, critical
/// value at significance 0.001} (Wilson-Hilferty approximation of the chi-square quantile).
std::pair<double, double> chiSquareFirstTwo(SpeculativeRule rule, int draws)
{
    const std::string prompt = "The learning rate";
    const std::vector<double> p1 = softmax(target().nextToken(prompt).logits);
    const PromptTokens start = target().tokenize(prompt);
    std::map<std::pair<int, int>, double> expected;
    for (std::size_t a = 0; a < p1.size(); ++a) {
        if (p1[a] * draws < 5)
            continue;
        std::vector<TokenId> prefix = start.ids;
        prefix.push_back(TokenId(a));
        const std::vector<float> logp = target().nextLogProbs({prefix})[0];
        for (std::size_t b = 0; b < logp.size(); ++b) {
            const double e = p1[a] * std::exp(double(logp[b])) * draws;
            if (e >= 5)
                expected[{int(a), int(b)}] = e;
        }
    }
    std::map<std::pair<int, int>, double> observed;
    double other = 0;
    for (int seed = 0; seed < draws; ++seed) {
        auto sp = params(prompt, 1, 2, 1.0, seed);
        sp.rule = rule;
        const auto ids = speculativeDecode(target(), draft(), sp).ids;
        const std::pair<int, int> key{int(ids[0]), int(ids[1])};
        if (expected.count(key))
            observed[key] += 1;
        else
            other += 1;
    }
    double expectedOther = draws, chi = 0;
    for (const auto& [key, e] : expected) {
        expectedOther -= e;
        const double o = observed[key];
        chi += (o - e) * (o - e) / e;
    }
    chi += (other - expectedOther) * (other - expectedOther) / expectedOther;
    const double df = double(expected.size());  // bins - 1, the "other" bin included
    const double z = 3.0902;                    // the standard normal's 0.999 quantile
    const double a = 2.0 / (9.0 * df);
    const double critical = df * std::pow(1.0 - a + z * std::sqrt(a), 3);
    std::cerr << "rule " << int(rule) << ": chi-square " << chi << ", " << df
              << " degrees of freedom, critical value " << critical << "\n";
    return {chi, critical};
}

} // namespace

ENGINE_TEST(greedySpeculativeDecodingGivesPlainGreedyTokens)
{
    const SingleComputeThread oneThread;
    for (const std::string prompt : {"The learning rate", "Beam search keeps", "Q"}) {
        const auto plain = plainGreedy(prompt, 40);
        for (int gamma : {1, 3, 8}) {
            const auto r = speculativeDecode(target(), draft(), params(prompt, gamma, 40, 0));
            QCOMPARE(r.ids, plain);
            QVERIFY(r.accepted <= r.proposed);
        }
    }
    // 150 tokens cross the 128-token context: the window slides as plain decoding's does.
    const auto plain = plainGreedy("Overfitting", 150);
    QCOMPARE(speculativeDecode(target(), draft(), params("Overfitting", 4, 150, 0)).ids, plain);
}

ENGINE_TEST(theTraceHoldsTheOutputAndTheRejectedProposals)
{
    const auto r = speculativeDecode(target(), draft(), params("The learning rate", 4, 30, 0.8, 3));
    QCOMPARE(int(r.ids.size()), 30);
    std::vector<TokenId> kept;
    int rejected = 0, accepted = 0;
    for (const auto& t : r.trace) {
        if (t.kind == SpeculativeTokenKind::Rejected)
            ++rejected;
        else
            kept.push_back(t.id);
        accepted += t.kind == SpeculativeTokenKind::Accepted;
    }
    QCOMPARE(kept, r.ids);
    QCOMPARE(accepted, r.accepted);
    QCOMPARE(rejected, r.proposed - r.accepted);
    QVERIFY(rejected > 0);  // the small draft is refused now and then
    // The same seed gives the same text; another seed another one.
    QCOMPARE(speculativeDecode(target(), draft(), params("The learning rate", 4, 30, 0.8, 3)).ids,
             r.ids);
    QVERIFY(speculativeDecode(target(), draft(), params("The learning rate", 4, 30, 0.8, 4)).ids !=
            r.ids);
}

ENGINE_TEST(aDraftThatIsTheTargetIsAlwaysAccepted)
{
    for (double t : {0.0, 1.0}) {
        const auto r = speculativeDecode(target(), target(), params("Beam search keeps", 4, 30, t));
        QVERIFY(r.proposed > 0);
        QCOMPARE(r.accepted, r.proposed);
        QCOMPARE(r.acceptanceRate(), 1.0);
    }
}

ENGINE_TEST(sampledSpeculativeDecodingDrawsFromTheTarget)
{
    const SingleComputeThread oneThread;
    const auto [chi, critical] = chiSquareFirstTwo(SpeculativeRule::MinRatio, 2000);
    QVERIFY2(chi < critical, std::to_string(chi).c_str());
    // The test can fail: keeping every proposal (no min(1, p/q) test) samples the draft's
    // distribution, which the same number of draws rejects (about 200 against a critical 83 here).
    const auto [wrong, wrongCritical] = chiSquareFirstTwo(SpeculativeRule::AcceptAll, 2000);
    QVERIFY2(wrong > wrongCritical, std::to_string(wrong).c_str());
}

ENGINE_TEST(trainingWithAGivenTokenizerKeepsItsTokens)
{
    // How the draft was made: `lm train --tokenizer-from` reuses the target's tokenizer.
    TrainParams p;
    for (int i = 0; i < 60; ++i)
        p.corpus += "The attention mechanism weighs every earlier token. ";
    p.config = draft().config();
    p.config.contextLength = 16;
    p.config.dropout = 0;
    p.steps = 2;
    p.batchSize = 2;
    p.evalEvery = 2;
    p.evalBatches = 1;
    p.tokenizer = target().tokenizer();
    const TrainResult r = trainLanguageModel(p);
    QCOMPARE(r.model->tokenizer().merges().size(), target().tokenizer().merges().size());
    QCOMPARE(r.model->tokenizer().encode("Beam search keeps"),
             target().tokenizer().encode("Beam search keeps"));
    QCOMPARE(draft().tokenizer().encode("Beam search keeps"),
             target().tokenizer().encode("Beam search keeps"));
}

ENGINE_TEST(expectedTokensPerPass)
{
    QFUZZY_COMPARE(expectedTokensPerPass(0.5, 2), 1.75, 1e-12);  // 1 + 0.5 + 0.25
    QFUZZY_COMPARE(expectedTokensPerPass(0.8, 4), (1 - std::pow(0.8, 5)) / 0.2, 1e-12);
    QCOMPARE(expectedTokensPerPass(1.0, 4), 5.0);
    QCOMPARE(expectedTokensPerPass(0.0, 8), 1.0);
}

ENGINE_TEST(theLabTimesBothAndMatchesAtTemperatureZero)
{
    ml::SpeculativeLabParams p;
    p.modelPath = shippedModelPath();
    p.draftPath = shippedDraftModelPath();
    p.prompt = "The learning rate";
    p.maxTokens = 24;
    const auto r = ml::computeSpeculativeLab(p);
    QVERIFY(r.matchesPlain);
    QVERIFY(r.speedup > 0 && r.plainSeconds > 0);
    QFUZZY_COMPARE(r.expectedPerPass, expectedTokensPerPass(r.alpha, 4), 1e-12);
    p.sweepMax = 3;
    const auto sweep = ml::computeSpeculativeSweep(p);
    QCOMPARE(int(sweep.points.size()), 3);
    QCOMPARE(sweep.points[2].gamma, 3);
}

ENGINE_TEST(badInputIsRefused)
{
    QVERIFY_THROWS_MESSAGE(speculativeDecode(target(), draft(), params("a", 0, 5, 0)), InputError,
                           "gamma");
    QVERIFY_THROWS_MESSAGE(speculativeDecode(target(), draft(), params("a", 17, 5, 0)), InputError,
                           "gamma");
    QVERIFY_THROWS_MESSAGE(speculativeDecode(target(), draft(), params("a", 2, -1, 0)), InputError,
                           "max tokens");
    QVERIFY_THROWS_MESSAGE(speculativeDecode(target(), draft(), params("a", 2, 5, -1)), InputError,
                           "temperature");
    QVERIFY_THROWS_MESSAGE(speculativeDecode(target(), draft(), params("a", 2, 5, NAN)),
                           InputError, "temperature");
    QVERIFY_THROWS_MESSAGE(speculativeDecode(target(), draft(), params("", 2, 5, 0)), InputError,
                           "prompt is empty");
    GptConfig bytesOnly = draft().config();
    bytesOnly.vocabSize = 256;
    const auto other = LanguageModel::create(bytesOnly, BpeTokenizer(), 0);
    QVERIFY_THROWS_MESSAGE(speculativeDecode(target(), *other, params("a", 2, 5, 0)), InputError,
                           "tokenizer differs");
    ml::SpeculativeLabParams lab;
    lab.modelPath = shippedModelPath();
    lab.draftPath = "/nonexistent/draft.safetensors";
    lab.prompt = "a";
    QVERIFY_THROWS_MESSAGE(ml::computeSpeculativeLab(lab), InputError, "draft.safetensors");
}

ENGINE_TEST_MAIN(tst_speculative)
