// engine/decoding: beam search and sampled decoding over small hand-made scorers whose best
// sequences are known, plus the scorer contract and cancellation.
#include "engine/decoding.h"
#include "tests/support/enginetest.h"

#include <atomic>
#include <cmath>
#include <limits>
#include <map>

using mllab::BeamParams;
using mllab::InputError;
using mllab::NextLogProbs;

namespace {

const float kNever = -std::numeric_limits<float>::infinity();

/// A scorer from a table of prefix -> next-token probabilities (a fallback for other prefixes).
NextLogProbs tableScorer(std::map<std::vector<int>, std::vector<double>> table,
                         std::vector<double> fallback, int* calls = nullptr)
{
    return [table, fallback, calls](const std::vector<std::vector<int>>& prefixes) {
        if (calls)
            ++*calls;
        std::vector<std::vector<float>> rows;
        for (const auto& prefix : prefixes) {
            const auto it = table.find(prefix);
            const auto& probs = it == table.end() ? fallback : it->second;
            std::vector<float> row;
            for (double p : probs)
                row.push_back(p > 0 ? float(std::log(p)) : kNever);
            rows.push_back(row);
        }
        return rows;
    };
}

// Greedy takes token 0 (0.5) and then 0.4; the beam finds 1 then 0 (0.4 * 0.9 = 0.36 > 0.2).
NextLogProbs greedyTrap()
{
    return tableScorer({{{}, {0.5, 0.4, 0.1}}, {{0}, {0.4, 0.35, 0.25}}, {{1}, {0.9, 0.05, 0.05}}},
                       {1.0 / 3, 1.0 / 3, 1.0 / 3});
}

// Token 0 is EOS. Ending at once has p = 0.4; A B EOS has 0.6 * 0.7 * 0.8 = 0.336 over 3 tokens.
NextLogProbs shortOrLong()
{
    return tableScorer({{{}, {0.4, 0.6, 0.0}},
                        {{1}, {0.3, 0.0, 0.7}},
                        {{1, 2}, {0.8, 0.2, 0.0}},
                        {{1, 2, 1}, {1.0, 0.0, 0.0}}},
                       {1.0, 0.0, 0.0});
}

BeamParams beamParams(int width, double alpha, int maxNewTokens, int eos = -1)
{
    BeamParams p;
    p.width = width;
    p.lengthPenalty = alpha;
    p.maxNewTokens = maxNewTokens;
    p.eosId = eos;
    return p;
}

/// Deterministic pseudo-random log-probabilities (with ties) for any prefix.
std::vector<std::vector<float>> hashedScores(const std::vector<std::vector<int>>& prefixes)
{
    std::vector<std::vector<float>> rows;
    for (const auto& prefix : prefixes) {
        std::uint64_t h = 1469598103934665603ull;
        for (int id : prefix)
            h = (h ^ std::uint64_t(id + 1)) * 1099511628211ull;
        std::vector<float> row(7);
        for (std::size_t t = 0; t < row.size(); ++t) {
            h = h * 6364136223846793005ull + 1442695040888963407ull;
            row[t] = -float((h >> 60) % 5); // 0 .. -4, ties common
        }
        rows.push_back(row);
    }
    return rows;
}

} // namespace

ENGINE_TEST(beamSearchFindsWhatGreedyMisses)
{
    const auto greedy = mllab::computeBeamSearch(beamParams(1, 1.0, 2), greedyTrap());
    QCOMPARE(greedy.beams.size(), std::size_t(1));
    QCOMPARE(greedy.beams[0].ids, (std::vector<int>{0, 0}));
    QFUZZY_COMPARE(greedy.beams[0].logProb, std::log(0.2), 1e-6);

    const auto beam = mllab::computeBeamSearch(beamParams(2, 1.0, 2), greedyTrap());
    QCOMPARE(beam.beams.size(), std::size_t(2));
    QCOMPARE(beam.beams[0].ids, (std::vector<int>{1, 0}));
    QFUZZY_COMPARE(beam.beams[0].logProb, std::log(0.36), 1e-6);
    QFUZZY_COMPARE(beam.beams[0].score, std::log(0.36) / 2, 1e-6);
    QCOMPARE(beam.beams[1].ids, (std::vector<int>{0, 0}));
    QVERIFY(!beam.beams[0].ended);
    QCOMPARE(beam.steps, 2);
}

ENGINE_TEST(lengthPenaltyDecidesBetweenShortAndLong)
{
    // alpha = 0 ranks by probability: [EOS] (0.4) beats [A, B, EOS] (0.336).
    const auto plain = mllab::computeBeamSearch(beamParams(2, 0.0, 6, 0), shortOrLong());
    QCOMPARE(plain.beams[0].ids, (std::vector<int>{0}));
    QVERIFY(plain.beams[0].ended);
    QFUZZY_COMPARE(plain.beams[0].score, std::log(0.4), 1e-6);
    QCOMPARE(plain.beams[1].ids, (std::vector<int>{1, 2, 0}));

    // alpha = 1 ranks by mean log-probability: log(0.336) / 3 beats log(0.4) / 1.
    const auto averaged = mllab::computeBeamSearch(beamParams(2, 1.0, 6, 0), shortOrLong());
    QCOMPARE(averaged.beams[0].ids, (std::vector<int>{1, 2, 0}));
    QFUZZY_COMPARE(averaged.beams[0].logProb, std::log(0.6 * 0.7 * 0.8), 1e-6);
    QFUZZY_COMPARE(averaged.beams[0].score, std::log(0.6 * 0.7 * 0.8) / 3, 1e-6);
    QVERIFY(averaged.beams[0].ended);
    QCOMPARE(averaged.beams[1].ids, (std::vector<int>{1, 2, 1, 0}));
    QVERIFY(averaged.beams[0].score >= averaged.beams[1].score);
}

ENGINE_TEST(widthOneIsGreedyDecoding)
{
    // Greedy by hand: argmax with the lowest id on ties, until EOS (token 3) or 12 tokens.
    for (int start = 0; start < 7; ++start) {
        BeamParams p = beamParams(1, 0.7, 12, 3);
        p.prompt = {start, 5};
        std::vector<int> prefix = p.prompt, expected;
        for (int step = 0; step < 12; ++step) {
            const auto row = hashedScores({prefix})[0];
            const int best = int(std::max_element(row.begin(), row.end()) - row.begin());
            expected.push_back(best);
            prefix.push_back(best);
            if (best == 3)
                break;
        }
        const auto r = mllab::computeBeamSearch(p, hashedScores);
        QCOMPARE(r.beams.size(), std::size_t(1));
        QCOMPARE(r.beams[0].ids, expected);
        QCOMPARE(r.beams[0].ended, expected.back() == 3);
    }
}

ENGINE_TEST(anEndRankedBelowTheWidthIsNoHypothesis)
{
    // Token 0 is EOS. At step 2 the extensions rank [A, EOS] .25, [A, C] .25, [B, EOS] .22,
    // [B, C] .18: [B, EOS] ranks third with width 2, so it is not kept as a hypothesis, and the
    // two best are [A, EOS] and [B, C, C] (.4 * .45 * .9 = .162).
    const auto scorer = tableScorer({{{}, {0.0, 0.5, 0.4, 0.1}},
                                     {{1}, {0.5, 0.0, 0.0, 0.5}},
                                     {{2}, {0.55, 0.0, 0.0, 0.45}},
                                     {{1, 3}, {0.1, 0.0, 0.4, 0.5}},
                                     {{2, 3}, {0.1, 0.0, 0.0, 0.9}}},
                                    {0.25, 0.25, 0.25, 0.25});
    const auto r = mllab::computeBeamSearch(beamParams(2, 0.0, 3, 0), scorer);
    QCOMPARE(r.beams.size(), std::size_t(2));
    QCOMPARE(r.beams[0].ids, (std::vector<int>{1, 0}));
    QCOMPARE(r.beams[1].ids, (std::vector<int>{2, 3, 3}));
    QFUZZY_COMPARE(r.beams[1].logProb, std::log(0.4 * 0.45 * 0.9), 1e-6);
}

ENGINE_TEST(greedyStopsAtATiedEnd)
{
    // EOS and A tie at step 1; EOS has the lower id, so greedy ends there. Searching on would
    // find [A, B, EOS] with the better length-normalised score, which greedy must not return.
    const auto scorer =
        tableScorer({{{}, {0.5, 0.5, 0.0}}, {{1}, {0.0, 0.0, 1.0}}, {{1, 2}, {1.0, 0.0, 0.0}}},
                    {1.0, 0.0, 0.0});
    const auto r = mllab::computeBeamSearch(beamParams(1, 1.0, 5, 0), scorer);
    QCOMPARE(r.beams.size(), std::size_t(1));
    QCOMPARE(r.beams[0].ids, (std::vector<int>{0}));
    QCOMPARE(r.steps, 1);
}

ENGINE_TEST(beamsComeBestFirstWithinTheWidth)
{
    for (int width : {1, 2, 3, 5, 8}) {
        const auto r = mllab::computeBeamSearch(beamParams(width, 0.0, 6), hashedScores);
        QVERIFY(!r.beams.empty() && r.beams.size() <= std::size_t(width));
        for (std::size_t i = 1; i < r.beams.size(); ++i)
            QVERIFY(r.beams[i - 1].score >= r.beams[i].score);
        for (const auto& b : r.beams) {
            QCOMPARE(b.ids.size(), std::size_t(6));
            QFUZZY_COMPARE(b.score, b.logProb, 1e-12); // alpha = 0
        }
    }
}

ENGINE_TEST(scorerMistakesAreInputErrors)
{
    const NextLogProbs tooFew = [](const std::vector<std::vector<int>>&) {
        return std::vector<std::vector<float>>{};
    };
    QVERIFY_THROWS_MESSAGE(mllab::computeBeamSearch(beamParams(2, 1, 3), tooFew), InputError,
                           "step 1: the scorer returned 0 rows for 1 prefixes");
    const NextLogProbs withNan = [](const std::vector<std::vector<int>>& prefixes) {
        return std::vector<std::vector<float>>(prefixes.size(), {0.0f, -1.0f, std::nanf("")});
    };
    QVERIFY_THROWS_MESSAGE(mllab::computeBeamSearch(beamParams(2, 1, 3), withNan), InputError,
                           "step 1: beam 0: the log-probability of token 2 is NaN");
    const NextLogProbs growing = [](const std::vector<std::vector<int>>& prefixes) {
        return std::vector<std::vector<float>>(prefixes.size(),
                                               std::vector<float>(prefixes[0].size() + 2, -1.0f));
    };
    QVERIFY_THROWS_MESSAGE(mllab::computeBeamSearch(beamParams(1, 1, 3), growing), InputError,
                           "step 2: row 0 has 3 entries; the vocabulary has 2");
    const NextLogProbs hopeless = [](const std::vector<std::vector<int>>& prefixes) {
        return std::vector<std::vector<float>>(prefixes.size(), {kNever, kNever});
    };
    QVERIFY_THROWS_MESSAGE(mllab::computeBeamSearch(beamParams(1, 1, 3), hopeless), InputError,
                           "every token has log-probability -inf");
    QVERIFY_THROWS_MESSAGE(mllab::computeBeamSearch(beamParams(1, 1, 3, 9), greedyTrap()),
                           InputError, "end-of-sequence id 9 is outside the vocabulary of 3");
    mllab::SampledDecodingParams s;
    s.maxNewTokens = 3;
    QVERIFY_THROWS_MESSAGE(mllab::computeSampledDecoding(s, withNan), InputError,
                           "step 1: the scorer's logit 2 is NaN");
}

ENGINE_TEST(badParametersAreInputErrors)
{
    QVERIFY_THROWS_MESSAGE(mllab::computeBeamSearch(beamParams(0, 1, 3), greedyTrap()), InputError,
                           "beam width must be between 1 and 1024, got 0");
    QVERIFY_THROWS_MESSAGE(mllab::computeBeamSearch(beamParams(2, 1, 0), greedyTrap()), InputError,
                           "max new tokens must be between 1 and");
    QVERIFY_THROWS_MESSAGE(mllab::computeBeamSearch(beamParams(2, 1, 3, -2), greedyTrap()),
                           InputError, "end-of-sequence id must be a token id or -1");
    QVERIFY_THROWS_MESSAGE(
        mllab::computeBeamSearch(beamParams(2, std::numeric_limits<double>::quiet_NaN(), 3),
                                 greedyTrap()),
        InputError, "length penalty");
    mllab::SampledDecodingParams s;
    s.sampling.topP = 0;
    QVERIFY_THROWS_MESSAGE(mllab::computeSampledDecoding(s, greedyTrap()), InputError, "top-p");
}

ENGINE_TEST(cancellationStopsBetweenSteps)
{
    std::atomic<bool> cancel{false};
    mllab::Progress progress;
    progress.cancel = &cancel;
    int calls = 0;
    const NextLogProbs scorer = [&](const std::vector<std::vector<int>>& prefixes) {
        if (++calls == 3)
            cancel = true;
        return hashedScores(prefixes);
    };
    bool thrown = false;
    try {
        mllab::computeBeamSearch(beamParams(3, 1, 50), scorer, progress);
    } catch (const mllab::Cancelled&) {
        thrown = true;
    }
    QVERIFY(thrown);
    QCOMPARE(calls, 3);

    calls = 0;
    cancel = false;
    thrown = false;
    mllab::SampledDecodingParams s;
    s.maxNewTokens = 50;
    try {
        mllab::computeSampledDecoding(s, scorer, progress);
    } catch (const mllab::Cancelled&) {
        thrown = true;
    }
    QVERIFY(thrown);
    QCOMPARE(calls, 3);
}

ENGINE_TEST(sampledDecodingIsSeeded)
{
    mllab::SampledDecodingParams p;
    p.prompt = {2};
    p.maxNewTokens = 40;
    p.sampling.temperature = 1.5;
    p.seed = 77;
    const auto a = mllab::computeSampledDecoding(p, hashedScores);
    const auto b = mllab::computeSampledDecoding(p, hashedScores);
    QCOMPARE(a.ids, b.ids);
    QCOMPARE(a.probs, b.probs);
    QCOMPARE(a.ids.size(), std::size_t(40));
    QVERIFY(!a.ended);
    p.seed = 78;
    QVERIFY(mllab::computeSampledDecoding(p, hashedScores).ids != a.ids);
    for (double prob : a.probs)
        QVERIFY(prob > 0 && prob <= 1);
}

ENGINE_TEST(sampledDecodingAtZeroTemperatureIsGreedy)
{
    mllab::SampledDecodingParams p;
    p.prompt = {4, 1};
    p.maxNewTokens = 12;
    p.eosId = 3;
    p.sampling.temperature = 0;
    BeamParams g = beamParams(1, 1, 12, 3);
    g.prompt = p.prompt;
    const auto sampled = mllab::computeSampledDecoding(p, hashedScores);
    const auto greedy = mllab::computeBeamSearch(g, hashedScores);
    QCOMPARE(sampled.ids, greedy.beams[0].ids);
    QCOMPARE(sampled.ended, greedy.beams[0].ended);
    for (double prob : sampled.probs)
        QCOMPARE(prob, 1.0);
}

ENGINE_TEST(sampledDecodingStopsAtEos)
{
    mllab::SampledDecodingParams p;
    p.maxNewTokens = 10;
    p.eosId = 0;
    p.sampling.topK = 1; // always the most probable: A, B, EOS
    int calls = 0;
    const auto r = mllab::computeSampledDecoding(
        p, tableScorer({{{}, {0.4, 0.6, 0.0}}, {{1}, {0.3, 0.0, 0.7}}, {{1, 2}, {0.8, 0.2, 0.0}}},
                       {1.0, 0.0, 0.0}, &calls));
    QCOMPARE(r.ids, (std::vector<int>{1, 2, 0}));
    QVERIFY(r.ended);
    QCOMPARE(calls, 3);
}

ENGINE_TEST_MAIN(tst_decoding)
