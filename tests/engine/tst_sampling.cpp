// engine/sampling: every stage against hand-computed distributions, the edge cases of the contract,
// a plain sort-based reference on random logits, and seeded draws.
#include "engine/sampling.h"
#include "tests/support/enginetest.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <limits>
#include <numeric>
#include <random>

using mllab::InputError;
using mllab::SamplingConfig;
using mllab::SamplingParams;
using mllab::SamplingResult;

namespace {

const double kInf = std::numeric_limits<double>::infinity();

SamplingResult sample(std::vector<double> logits, SamplingConfig config = {}, int draws = 0,
                      std::uint64_t seed = 0)
{
    SamplingParams p;
    p.logits = std::move(logits);
    p.config = config;
    p.draws = draws;
    p.seed = seed;
    return mllab::computeSampling(p);
}

SamplingConfig config(double temperature, int topK = 0, double topP = 1.0, double minP = 0.0)
{
    return SamplingConfig{temperature, topK, topP, minP};
}

/// Logits whose softmax is exactly proportional to `weights` (up to rounding).
std::vector<double> logitsOf(const std::vector<double>& weights)
{
    std::vector<double> l;
    for (double w : weights)
        l.push_back(w > 0 ? std::log(w) : -kInf);
    return l;
}

void compareDistribution(const std::vector<double>& actual, const std::vector<double>& expected)
{
    QCOMPARE(actual.size(), expected.size());
    for (std::size_t i = 0; i < actual.size(); ++i) {
        if (expected[i] == 0.0)
            QCOMPARE(actual[i], 0.0);
        else
            QFUZZY_COMPARE(actual[i], expected[i], 1e-12);
    }
}

double sum(const std::vector<double>& v)
{
    return std::accumulate(v.begin(), v.end(), 0.0);
}

/// The contract written as plainly as possible: full sort, cumulative sum, thresholds.
std::vector<double> referenceFinal(const std::vector<double>& logits, const SamplingConfig& c)
{
    const std::size_t n = logits.size();
    const double max = *std::max_element(logits.begin(), logits.end());
    std::vector<double> w(n, 0.0);
    if (c.temperature == 0.0)
        w[std::size_t(std::find(logits.begin(), logits.end(), max) - logits.begin())] = 1.0;
    else
        for (std::size_t i = 0; i < n; ++i)
            w[i] = std::exp((logits[i] - max) / c.temperature);
    std::vector<int> order;
    for (std::size_t i = 0; i < n; ++i)
        if (w[i] > 0)
            order.push_back(int(i));
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return w[a] > w[b]; });
    if (c.topK > 0 && std::size_t(c.topK) < order.size())
        order.resize(std::size_t(c.topK));
    if (c.topP < 1.0) {
        double mass = 0;
        for (int i : order)
            mass += w[std::size_t(i)];
        double cumulative = 0;
        std::size_t keep = 0;
        while (keep < order.size()) {
            cumulative += w[std::size_t(order[keep++])];
            if (cumulative >= (c.topP - 1e-12) * mass)
                break;
        }
        order.resize(keep);
    }
    std::vector<int> kept;
    for (int i : order)
        if (w[std::size_t(i)] >= c.minP * 1.0) // the largest weight is exp(0) = 1
            kept.push_back(i);
    std::vector<double> p(n, 0.0);
    double mass = 0;
    for (int i : kept)
        mass += w[std::size_t(i)];
    for (int i : kept)
        p[std::size_t(i)] = w[std::size_t(i)] / mass;
    return p;
}

std::vector<int> nonZeroIds(const std::vector<double>& p)
{
    std::vector<int> ids;
    for (std::size_t i = 0; i < p.size(); ++i)
        if (p[i] > 0)
            ids.push_back(int(i));
    return ids;
}

} // namespace

// ---- each stage by hand -------------------------------------------------------------------------

ENGINE_TEST(softmaxAndTemperature)
{
    const auto logits = logitsOf({1, 2, 3});
    const auto plain = sample(logits);
    compareDistribution(plain.softmax, {1.0 / 6, 2.0 / 6, 3.0 / 6});
    compareDistribution(plain.temperature, plain.softmax);
    compareDistribution(plain.finalDistribution(), plain.softmax);
    QCOMPARE(plain.kept, (std::vector<int>{0, 1, 2}));

    const double s2 = 1 + std::sqrt(2.0) + std::sqrt(3.0); // T = 2 takes square roots
    const auto hot = sample(logits, config(2.0));
    compareDistribution(hot.temperature, {1 / s2, std::sqrt(2.0) / s2, std::sqrt(3.0) / s2});
    compareDistribution(hot.softmax, {1.0 / 6, 2.0 / 6, 3.0 / 6}); // softmax stays at T = 1

    const auto cold = sample(logits, config(0.5)); // T = 1/2 squares
    compareDistribution(cold.temperature, {1.0 / 14, 4.0 / 14, 9.0 / 14});
}

ENGINE_TEST(entropyInBitsAndNats)
{
    const auto r = sample(logitsOf({1, 1, 2})); // p = 1/4, 1/4, 1/2: 1.5 bits
    QFUZZY_COMPARE(r.entropyBits, 1.5, 1e-12);
    QFUZZY_COMPARE(r.entropyNats, 1.5 * std::log(2.0), 1e-12);
}

ENGINE_TEST(topKKeepsTheKMostProbable)
{
    const auto logits = logitsOf({1, 2, 3, 4});
    const auto r = sample(logits, config(1.0, 2));
    compareDistribution(r.topK, {0, 0, 3.0 / 7, 4.0 / 7});
    compareDistribution(r.finalDistribution(), r.topK);
    QCOMPARE(r.kept, (std::vector<int>{2, 3}));
    compareDistribution(sample(logits, config(1.0, 1)).finalDistribution(), {0, 0, 0, 1});
}

ENGINE_TEST(topKZeroOrAboveTheVocabularyKeepsEverything)
{
    const auto logits = logitsOf({1, 2, 3, 4});
    compareDistribution(sample(logits, config(1.0, 0)).topK, {0.1, 0.2, 0.3, 0.4});
    compareDistribution(sample(logits, config(1.0, 4)).topK, {0.1, 0.2, 0.3, 0.4});
    compareDistribution(sample(logits, config(1.0, 1000)).topK, {0.1, 0.2, 0.3, 0.4});
}

ENGINE_TEST(topKBreaksTiesByTokenId)
{
    const auto r = sample({5, 5, 5, 5}, config(1.0, 2));
    compareDistribution(r.topK, {0.5, 0.5, 0, 0});
    const auto s = sample({1, 3, 2, 3, 3}, config(1.0, 2));
    QCOMPARE(s.kept, (std::vector<int>{1, 3}));
}

ENGINE_TEST(topPKeepsTheSmallestPrefixReachingP)
{
    const auto logits = logitsOf({1, 2, 3, 4});
    compareDistribution(sample(logits, config(1.0, 0, 0.7)).topP, {0, 0, 3.0 / 7, 4.0 / 7});
    compareDistribution(sample(logits, config(1.0, 0, 0.71)).topP, {0, 2.0 / 9, 3.0 / 9, 4.0 / 9});
    compareDistribution(sample(logits, config(1.0, 0, 0.4)).topP, {0, 0, 0, 1});
    compareDistribution(sample(logits, config(1.0, 0, 0.41)).topP, {0, 0, 3.0 / 7, 4.0 / 7});
}

ENGINE_TEST(topPOneKeepsEveryNonZeroToken)
{
    const auto logits = logitsOf({1, 2, 3, 4, 0, 1e-9});
    const auto r = sample(logits, config(1.0, 0, 1.0));
    QCOMPARE(r.kept, (std::vector<int>{0, 1, 2, 3, 5}));
    // Many small tokens whose rounded sum falls a hair short of the total still all stay.
    std::vector<double> many(20000, 0.0);
    many[0] = 12.0;
    const auto big = sample(many, config(1.0, 0, 1.0));
    QCOMPARE(big.kept.size(), std::size_t(20000));
}

ENGINE_TEST(tinyTopPKeepsTheArgmax)
{
    const auto r = sample(logitsOf({1, 2, 4, 3}), config(1.0, 0, 1e-300));
    QCOMPARE(r.kept, (std::vector<int>{2}));
    compareDistribution(r.finalDistribution(), {0, 0, 1, 0});
    const auto tied = sample({2, 7, 7, 1}, config(1.0, 0, 1e-9));
    QCOMPARE(tied.kept, (std::vector<int>{1}));
}

ENGINE_TEST(topPBreaksTiesByTokenId)
{
    compareDistribution(sample({0, 0, 0, 0}, config(1.0, 0, 0.5)).topP, {0.5, 0.5, 0, 0});
    compareDistribution(sample({0, 0, 0, 0}, config(1.0, 0, 0.51)).topP,
                        {1.0 / 3, 1.0 / 3, 1.0 / 3, 0});
}

ENGINE_TEST(minPKeepsTokensAboveAFractionOfTheMaximum)
{
    const auto logits = logitsOf({1, 2, 3, 4});
    // max p = 0.4: min-p 0.49 keeps p >= 0.196, min-p 0.51 needs p >= 0.204.
    compareDistribution(sample(logits, config(1.0, 0, 1.0, 0.49)).minP,
                        {0, 2.0 / 9, 3.0 / 9, 4.0 / 9});
    compareDistribution(sample(logits, config(1.0, 0, 1.0, 0.51)).minP, {0, 0, 3.0 / 7, 4.0 / 7});
    compareDistribution(sample(logits, config(1.0, 0, 1.0, 0.0)).minP, {0.1, 0.2, 0.3, 0.4});
}

ENGINE_TEST(minPOneKeepsTheMaximumAndItsTies)
{
    compareDistribution(sample(logitsOf({1, 2, 3, 4}), config(1.0, 0, 1.0, 1.0)).minP,
                        {0, 0, 0, 1});
    compareDistribution(sample({1, 3, 3, 2}, config(1.0, 0, 1.0, 1.0)).minP, {0, 0.5, 0.5, 0});
}

ENGINE_TEST(stagesRunInOrderAndRenormalise)
{
    // top-k 3 -> {2/9, 3/9, 4/9}; top-p 0.6 needs 4/9 + 3/9; min-p 0.8 needs p >= 0.8 * 4/7.
    const auto r = sample(logitsOf({1, 2, 3, 4}), config(1.0, 3, 0.6, 0.8));
    compareDistribution(r.temperature, {0.1, 0.2, 0.3, 0.4});
    compareDistribution(r.topK, {0, 2.0 / 9, 3.0 / 9, 4.0 / 9});
    compareDistribution(r.topP, {0, 0, 3.0 / 7, 4.0 / 7});
    compareDistribution(r.minP, {0, 0, 0, 1});
    compareDistribution(r.finalDistribution(), r.minP);
    QCOMPARE(r.kept, (std::vector<int>{3}));
    QCOMPARE(r.entropyBits, 0.0);
}

ENGINE_TEST(temperatureSharpensBeforeTopP)
{
    // T = 1/2 turns 1:2:3:4 into 1:4:9:16 (sum 30); 16/30 + 9/30 reaches 0.8, 16/30 alone does not.
    const auto r = sample(logitsOf({1, 2, 3, 4}), config(0.5, 0, 0.8));
    compareDistribution(r.topP, {0, 0, 9.0 / 25, 16.0 / 25});
}

// ---- edge cases of the contract -----------------------------------------------------------------

ENGINE_TEST(zeroTemperatureIsGreedyWithLowestIdOnTies)
{
    const auto r = sample({1, 3, 3, 2}, config(0.0), 50, 7);
    compareDistribution(r.temperature, {0, 1, 0, 0});
    compareDistribution(r.finalDistribution(), {0, 1, 0, 0});
    QCOMPARE(r.kept, (std::vector<int>{1}));
    QCOMPARE(r.entropyBits, 0.0);
    QCOMPARE(r.draws, std::vector<int>(50, 1));
    compareDistribution(r.softmax, sample({1, 3, 3, 2}).softmax); // softmax is still at T = 1
    const auto k = sample({1, 3, 3, 2}, config(0.0, 3, 0.5, 1.0));
    QCOMPARE(k.kept, (std::vector<int>{1}));
}

ENGINE_TEST(allEqualLogitsAreUniform)
{
    const auto r = sample(std::vector<double>(5, -3.25), config(0.7));
    compareDistribution(r.finalDistribution(), std::vector<double>(5, 0.2));
    QFUZZY_COMPARE(r.entropyBits, std::log2(5.0), 1e-12);
    QFUZZY_COMPARE(r.entropyNats, std::log(5.0), 1e-12);
}

ENGINE_TEST(minusInfinityLogitsHaveProbabilityZero)
{
    const std::vector<double> logits{-kInf, 0, -kInf, std::log(3.0)};
    const auto r = sample(logits, config(1.0, 3, 1.0), 2000, 1);
    compareDistribution(r.softmax, {0, 0.25, 0, 0.75});
    compareDistribution(r.topK, {0, 0.25, 0, 0.75});
    QCOMPARE(r.kept, (std::vector<int>{1, 3}));
    for (int d : r.draws)
        QVERIFY(d == 1 || d == 3);
    compareDistribution(sample(logits, config(0.0)).finalDistribution(), {0, 0, 0, 1});
    compareDistribution(sample({-kInf, 5}).finalDistribution(), {0, 1});
}

ENGINE_TEST(extremeLogitsAndTemperatures)
{
    compareDistribution(sample({1e300, -1e300, 1e300}).finalDistribution(), {0.5, 0, 0.5});
    compareDistribution(sample({1, 0.5, 1}, config(1e-300)).finalDistribution(), {0.5, 0, 0.5});
    compareDistribution(sample({-50, 3, 700}, config(1e300)).finalDistribution(),
                        {1.0 / 3, 1.0 / 3, 1.0 / 3});
    const auto tiny = sample({0, -740}); // exp(-740) is subnormal but not zero
    QVERIFY(tiny.finalDistribution()[1] > 0);
    QFUZZY_COMPARE(tiny.finalDistribution()[1], std::exp(-740.0), 0.03); // ~85 subnormal steps
    QCOMPARE(tiny.kept, (std::vector<int>{0, 1}));
    QCOMPARE(sample({0, -746}).kept, (std::vector<int>{0})); // exp(-746) rounds to 0
}

ENGINE_TEST(weightsMatchTheStandardExponential)
{
    std::mt19937_64 rng(11);
    std::normal_distribution<double> normal(0, 40);
    std::vector<double> logits(4099);
    for (auto& l : logits)
        l = normal(rng);
    for (double t : {1.0, 0.37, 2.5}) {
        const auto r = sample(logits, config(t));
        const double max = *std::max_element(logits.begin(), logits.end());
        std::vector<double> w(logits.size());
        for (std::size_t i = 0; i < w.size(); ++i)
            w[i] = std::exp((logits[i] - max) / t);
        const double z = sum(w);
        for (std::size_t i = 0; i < w.size(); ++i) {
            if (w[i] / z > 1e-300)
                QFUZZY_COMPARE(r.temperature[i], w[i] / z, 1e-13);
        }
    }
}

ENGINE_TEST(badInputNamesTheProblem)
{
    const double nan = std::numeric_limits<double>::quiet_NaN();
    QVERIFY_THROWS_MESSAGE(sample({}), InputError, "there are no logits");
    QVERIFY_THROWS_MESSAGE(sample({1, nan, 2}), InputError, "logit 1 is NaN");
    QVERIFY_THROWS_MESSAGE(sample({1, 2, 3, kInf}), InputError, "logit 3 is +inf");
    QVERIFY_THROWS_MESSAGE(sample({-kInf, -kInf}), InputError, "every logit is -inf");
    QVERIFY_THROWS_MESSAGE(sample({1, 2}, config(-0.5)), InputError,
                           "temperature must be a finite number >= 0 (0 is greedy), got -0.5");
    QVERIFY_THROWS_MESSAGE(sample({1, 2}, config(nan)), InputError, "temperature");
    QVERIFY_THROWS_MESSAGE(sample({1, 2}, config(kInf)), InputError, "temperature");
    QVERIFY_THROWS_MESSAGE(sample({1, 2}, config(1, -1)), InputError, "top-k must be >= 0");
    QVERIFY_THROWS_MESSAGE(sample({1, 2}, config(1, 0, 0.0)), InputError,
                           "top-p must be in (0, 1] (1 disables it), got 0");
    QVERIFY_THROWS_MESSAGE(sample({1, 2}, config(1, 0, 1.5)), InputError,
                           "top-p must be in (0, 1]");
    QVERIFY_THROWS_MESSAGE(sample({1, 2}, config(1, 0, 1, -0.1)), InputError,
                           "min-p must be in [0, 1]");
    QVERIFY_THROWS_MESSAGE(sample({1, 2}, config(1, 0, 1, 1.5)), InputError,
                           "min-p must be in [0, 1]");
    QVERIFY_THROWS_MESSAGE(sample({1, 2}, {}, -1), InputError, "draws must be between 0 and");
    QVERIFY_THROWS_MESSAGE(mllab::TokenSampler(config(1, 0, 2)), InputError, "top-p");
    mllab::TokenSampler sampler;
    QVERIFY_THROWS_MESSAGE(sampler.sample(std::vector<float>{1, std::nanf("")}), InputError,
                           "logit 1 is NaN");
}

// ---- invariants on random logits ----------------------------------------------------------------

namespace {

struct RandomCase {
    std::vector<double> logits;
    SamplingConfig config;
};

RandomCase randomCase(std::mt19937_64& rng, std::size_t vocab)
{
    const double temperatures[] = {0.0, 0.3, 0.7, 1.0, 1.5, 3.0};
    const int topKs[] = {0, 1, 2, 5, 50, 5000};
    const double topPs[] = {1.0, 0.95, 0.9, 0.5, 0.1, 1e-6};
    const double minPs[] = {0.0, 0.0, 0.01, 0.1, 0.5, 1.0};
    std::uniform_real_distribution<double> unit(0, 1);
    std::normal_distribution<double> normal(0, 0.5 + 5 * unit(rng));
    const bool ties = unit(rng) < 0.5;
    const double masked = unit(rng) < 0.5 ? 0.2 : 0.0;
    RandomCase c;
    c.logits.resize(vocab);
    for (auto& l : c.logits) {
        l = normal(rng);
        if (ties)
            l = std::round(l * 2) / 2;
        if (unit(rng) < masked)
            l = -kInf;
    }
    c.logits[rng() % vocab] = 1.0; // never all -inf
    c.config =
        config(temperatures[rng() % 6], topKs[rng() % 6], topPs[rng() % 6], minPs[rng() % 6]);
    return c;
}

std::string describe(const RandomCase& c)
{
    return "vocab " + std::to_string(c.logits.size()) + ", T " +
           std::to_string(c.config.temperature) + ", k " + std::to_string(c.config.topK) + ", p " +
           std::to_string(c.config.topP) + ", min-p " + std::to_string(c.config.minP);
}

} // namespace

ENGINE_TEST(everyStageSumsToOneAndShrinks)
{
    std::mt19937_64 rng(3);
    for (int trial = 0; trial < 200; ++trial) {
        const RandomCase c = randomCase(rng, 1 + rng() % 3000);
        const auto r = sample(c.logits, c.config);
        const std::vector<const std::vector<double>*> stages{&r.temperature, &r.topK, &r.topP,
                                                             &r.minP};
        QFUZZY_COMPARE(sum(r.softmax), 1.0, 1e-12);
        for (std::size_t s = 0; s < stages.size(); ++s) {
            QVERIFY2(std::abs(sum(*stages[s]) - 1.0) < 1e-12, describe(c));
            if (s > 0) {
                for (std::size_t i = 0; i < c.logits.size(); ++i)
                    QVERIFY2((*stages[s])[i] == 0 || (*stages[s - 1])[i] > 0, describe(c));
            }
        }
        QVERIFY(!r.kept.empty());
        if (c.config.topK > 0)
            QVERIFY(nonZeroIds(r.topK).size() <= std::size_t(c.config.topK));
        const double maxP = *std::max_element(r.topP.begin(), r.topP.end());
        for (int id : r.kept)
            QVERIFY2(r.topP[std::size_t(id)] >= c.config.minP * maxP * (1 - 1e-12), describe(c));
    }
}

ENGINE_TEST(matchesASortBasedReference)
{
    std::mt19937_64 rng(5);
    for (int trial = 0; trial < 300; ++trial) {
        const std::size_t vocab = trial % 10 == 0 ? 50257 : 1 + rng() % 2000;
        const RandomCase c = randomCase(rng, vocab);
        const auto r = sample(c.logits, c.config);
        const auto expected = referenceFinal(c.logits, c.config);
        QVERIFY2(r.kept == nonZeroIds(expected), describe(c));
        for (std::size_t i = 0; i < vocab; ++i)
            QVERIFY2(fuzzyCompare(r.finalDistribution()[i], expected[i], 1e-12), describe(c));
    }
}

// ---- draws --------------------------------------------------------------------------------------

ENGINE_TEST(drawsFollowTheDocumentedGenerator)
{
    // u = top 53 bits of mt19937_64(seed) / 2^53, then the first cumulative 0.1, 0.3, 0.6, 1.0
    // above u.
    const auto r = sample(logitsOf({1, 2, 3, 4}), {}, 1000, 12345);
    std::mt19937_64 engine(12345);
    const double cumulative[] = {0.1, 0.3, 0.6, 1.0};
    for (int d : r.draws) {
        const double u = double(engine() >> 11) / 9007199254740992.0;
        int expected = 0;
        while (cumulative[expected] <= u)
            ++expected;
        QCOMPARE(d, expected);
    }
}

ENGINE_TEST(sameSeedSameDraws)
{
    const auto logits = logitsOf({1, 2, 3, 4, 5, 6, 7});
    const auto a = sample(logits, config(1.3, 5, 0.9), 500, 99);
    const auto b = sample(logits, config(1.3, 5, 0.9), 500, 99);
    const auto c = sample(logits, config(1.3, 5, 0.9), 500, 100);
    QCOMPARE(a.draws, b.draws);
    QVERIFY(a.draws != c.draws);
    QCOMPARE(a.draws.size(), std::size_t(500));
    for (int d : a.draws)
        QVERIFY(std::binary_search(a.kept.begin(), a.kept.end(), d));
}

ENGINE_TEST(drawFrequenciesMatchTheFinalDistribution)
{
    const int n = 200000;
    const auto r = sample({0.3, 1.9, -kInf, 1.2, 0.0, 2.4}, config(0.8, 4, 0.97), n, 2024);
    std::vector<double> counts(r.finalDistribution().size(), 0.0);
    for (int d : r.draws)
        counts[std::size_t(d)] += 1;
    for (std::size_t i = 0; i < counts.size(); ++i) {
        const double p = r.finalDistribution()[i];
        const double sd = std::sqrt(p * (1 - p) / n);
        QVERIFY2(std::abs(counts[i] / n - p) <= 5 * sd + 1e-12,
                 "token " + std::to_string(i) + ": " + std::to_string(counts[i] / n) + " vs " +
                     std::to_string(p));
    }
}

ENGINE_TEST(tokenSamplerDrawsWhatComputeSamplingDraws)
{
    std::mt19937_64 rng(8);
    for (int trial = 0; trial < 60; ++trial) {
        const std::size_t vocab = trial % 6 == 0 ? 50257 : 1 + rng() % 4000;
        const RandomCase c = randomCase(rng, vocab);
        const std::uint64_t seed = rng();
        const auto r = sample(c.logits, c.config, 40, seed);
        mllab::TokenSampler fromDouble(c.config, seed);
        std::vector<float> asFloat(c.logits.begin(), c.logits.end());
        std::vector<double> roundTrip(asFloat.begin(), asFloat.end());
        const auto rf = sample(roundTrip, c.config, 40, seed);
        mllab::TokenSampler fromFloat(c.config, seed);
        for (int d = 0; d < 40; ++d) {
            const auto drawn = fromDouble.sample(c.logits);
            QVERIFY2(drawn.id == r.draws[std::size_t(d)], describe(c));
            QFUZZY_COMPARE(drawn.probability, r.finalDistribution()[std::size_t(drawn.id)], 1e-12);
            QVERIFY2(fromFloat.sample(asFloat).id == rf.draws[std::size_t(d)], describe(c));
        }
    }
}

ENGINE_TEST(tokenSamplerMatchesComputeSamplingOnLanguageModelShapedLogits)
{
    // The decoders' setting: a 50,257-token vocabulary, a heavy head and a long tail, temperature
    // and top-p (sometimes min-p), where TokenSampler bounds the tail's mass instead of summing it.
    std::mt19937_64 rng(21);
    std::uniform_real_distribution<double> unit(0, 1);
    const double temperatures[] = {0.3, 0.7, 0.8, 1.0, 1.3};
    const double topPs[] = {0.5, 0.8, 0.9, 0.95, 0.99};
    for (int trial = 0; trial < 25; ++trial) {
        const double spread = 0.5 + 3 * unit(rng);
        std::vector<double> logits(50257);
        for (auto& l : logits) {
            const double u = std::min(std::max(unit(rng), 1e-12), 1 - 1e-12);
            l = spread * std::log(u / (1 - u)); // logistic: like next-token logits
        }
        if (trial % 5 == 0)
            std::fill(logits.begin(), logits.begin() + 3000, -kInf);
        const SamplingConfig c =
            config(temperatures[trial % 5], 0, topPs[(trial / 5) % 5], trial % 3 == 0 ? 0.02 : 0);
        const std::uint64_t seed = rng();
        std::vector<float> asFloat(logits.begin(), logits.end());
        const auto r = sample(std::vector<double>(asFloat.begin(), asFloat.end()), c, 30, seed);
        mllab::TokenSampler sampler(c, seed);
        for (int d = 0; d < 30; ++d) {
            const auto drawn = sampler.sample(asFloat);
            QCOMPARE(drawn.id, r.draws[std::size_t(d)]);
            QCOMPARE(drawn.probability, r.finalDistribution()[std::size_t(drawn.id)]);
        }
    }
}

ENGINE_TEST(tokenSamplerHandlesChangingVocabularies)
{
    mllab::TokenSampler sampler(config(1.0, 0, 0.9), 4);
    for (std::size_t n : {5u, 50257u, 3u, 1u, 1000u}) {
        std::vector<float> logits(n, 0.0f);
        logits[n - 1] = 30.0f;
        const auto d = sampler.sample(logits);
        QCOMPARE(d.id, int(n - 1));
    }
}

ENGINE_TEST(cancelledBeforeTheWork)
{
    std::atomic<bool> cancel{true};
    mllab::Progress progress;
    progress.cancel = &cancel;
    SamplingParams p;
    p.logits = {1, 2, 3};
    p.draws = 10;
    bool thrown = false;
    try {
        mllab::computeSampling(p, progress);
    } catch (const mllab::Cancelled&) {
        thrown = true;
    }
    QVERIFY(thrown);
}

ENGINE_TEST_MAIN(tst_sampling)
