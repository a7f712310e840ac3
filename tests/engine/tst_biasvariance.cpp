// engine/biasvariance: hand-checkable decompositions, the identity bias² + variance + noise =
// measured test error, learning-curve diagnoses, the double-descent peak, bad parameters, the
// lab's pipeline and the mllab-cli commands.
#include "engine/biasvariance.h"
#include "engine/labs/bias_variance.h"
#include "tests/support/cli.h"
#include "tests/support/enginetest.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <sstream>

using mllab::InputError;
using mllab::ModelFamily;
using mllab::TrueFunction;

using enginetest::cli;

namespace {

constexpr double kPi = 3.14159265358979323846;

mllab::BiasVarianceParams params(TrueFunction f, double noise, int n, std::vector<int> complexities)
{
    mllab::BiasVarianceParams p;
    p.function = f;
    p.noise = noise;
    p.nTrain = n;
    p.complexities = std::move(complexities);
    return p;
}

} // namespace

ENGINE_TEST(trueFunctionsAreTheDocumentedOnes)
{
    QFUZZY_COMPARE(mllab::trueFunctionValue(TrueFunction::Sine, 0.5), 1.0, 1e-15);
    QFUZZY_COMPARE(mllab::trueFunctionValue(TrueFunction::Cubic, 0.5), -1.0, 1e-15);  // 4/8 - 3/2
    QCOMPARE(mllab::trueFunctionValue(TrueFunction::Cubic, 1.0), 1.0);
    QCOMPARE(mllab::trueFunctionValue(TrueFunction::Step, -1e-9), -1.0);
    QCOMPARE(mllab::trueFunctionValue(TrueFunction::Step, 0.0), 1.0);
    QVERIFY(mllab::parseTrueFunction("cubic") == TrueFunction::Cubic);
    QVERIFY_THROWS_MESSAGE(mllab::parseTrueFunction("tanh"), InputError, "choose sin, cubic or step");
    QVERIFY_THROWS_MESSAGE(mllab::parseModelFamily("tree"), InputError, "choose poly or knn");
}

ENGINE_TEST(integerRangesParse)
{
    QCOMPARE(mllab::parseIntegerRanges("1-4,7,10-11", "--degrees"),
             (std::vector<int>{1, 2, 3, 4, 7, 10, 11}));
    QVERIFY_THROWS_MESSAGE(mllab::parseIntegerRanges("1-x", "--degrees"), InputError,
                           "--degrees: 'x' is not a whole number");
    QVERIFY_THROWS_MESSAGE(mllab::parseIntegerRanges("5-2", "--degrees"), InputError, "backwards");
}

// With much data a straight line converges to the L2 projection of f onto lines under
// x ~ U[-1, 1]: slope E[x f]/E[x²]. For sin(πx) that is 3/π and the bias² is
// E[sin²] - (3/π)²/3 = 1/2 - 3/π²; for 4x³ - 3x the slope is -0.6 and bias² = 64/175.
ENGINE_TEST(straightLineBiasMatchesTheL2Projection)
{
    auto p = params(TrueFunction::Sine, 0.1, 4000, {1});
    p.bootstraps = 20;
    p.gridPoints = 4001;
    p.fanComplexity = 1;
    p.fanCurves = 1;
    const auto sine = mllab::computeBiasVariance(p);
    QFUZZY_COMPARE(sine.bias2[0], 0.5 - 3.0 / (kPi * kPi), 0.01);
    const double slope = (sine.fanMean.back() - sine.fanMean.front()) / 2.0;
    QFUZZY_COMPARE(slope, 3.0 / kPi, 0.01);
    QVERIFY(sine.variance[0] < 3e-4);  // about (bias² + σ²)·2/n

    p.function = TrueFunction::Cubic;
    const auto cubic = mllab::computeBiasVariance(p);
    QFUZZY_COMPARE(cubic.bias2[0], 64.0 / 175.0, 0.01);
}

ENGINE_TEST(exactModelWithoutNoiseHasNoError)
{
    auto p = params(TrueFunction::Cubic, 0.0, 12, {3, 5, 11});
    p.bootstraps = 10;
    const auto r = mllab::computeBiasVariance(p);
    QCOMPARE(r.noise, 0.0);
    // Zero to rounding: grid averages come from quadratic forms of coefficients of size ~1.
    for (std::size_t i = 0; i < r.bias2.size(); ++i) {
        QVERIFY2(r.bias2[i] < 1e-14, std::to_string(r.bias2[i]));
        QVERIFY2(r.variance[i] < 1e-14, std::to_string(r.variance[i]));
        QVERIFY2(r.expectedTestMse[i] < 1e-14, std::to_string(r.expectedTestMse[i]));
        QVERIFY(r.trainMse[i] < 1e-20);
    }
}

ENGINE_TEST(decompositionAddsUpToTheMeasuredTestError)
{
    auto p = params(TrueFunction::Sine, 0.3, 30, {1, 2, 3, 4, 5, 6, 7, 8});
    p.bootstraps = 500;
    const auto r = mllab::computeBiasVariance(p);
    QCOMPARE(r.noise, 0.09);
    for (std::size_t i = 0; i < r.complexities.size(); ++i) {
        const double sum = r.bias2[i] + r.variance[i] + r.noise;
        const double error = r.testMseNoiseError[i];
        QVERIFY(error > 0 && error < 0.02 * sum);
        QVERIFY2(std::abs(r.expectedTestMse[i] - sum) <= 4 * error,
                 "degree " + std::to_string(r.complexities[i]) + ": measured " +
                     std::to_string(r.expectedTestMse[i]) + " vs " + std::to_string(sum));
    }
    // A line's bias² is far above its Monte-Carlo error.
    QVERIFY(r.bias2[0] > 20 * r.bias2StdError[0]);
    // The classic U: a line underfits, the sweet spot is a low degree, degree 8 overfits.
    QVERIFY(r.bias2[0] > 10 * r.bias2[2]);
    QVERIFY(r.variance[7] > 3 * r.variance[2]);
    QVERIFY(r.complexities[std::size_t(r.bestIndex)] >= 3 &&
            r.complexities[std::size_t(r.bestIndex)] <= 6);
    // Training error falls monotonically with degree (nested least squares).
    for (std::size_t i = 1; i < r.trainMse.size(); ++i)
        QVERIFY(r.trainMse[i] <= r.trainMse[i - 1] + 1e-12);
}

ENGINE_TEST(highDegreeIsStableNotGarbage)
{
    // Degree 20 on 200 points: on monomials the normal equations would have a condition number
    // far beyond 1e16; on the Legendre basis with QR the fit is an ordinary good fit.
    auto p = params(TrueFunction::Sine, 0.1, 200, {20});
    p.bootstraps = 50;
    const auto r = mllab::computeBiasVariance(p);
    QVERIFY2(r.bias2[0] < 1e-3, std::to_string(r.bias2[0]));
    QVERIFY2(r.variance[0] < 0.05, std::to_string(r.variance[0]));
    QVERIFY(r.trainMse[0] < 0.01 && r.trainMse[0] > 0.005);  // below σ² = 0.01 by about p/n
}

ENGINE_TEST(ridgeTradesVarianceForBias)
{
    auto p = params(TrueFunction::Sine, 0.3, 30, {12});
    p.bootstraps = 100;
    const auto plain = mllab::computeBiasVariance(p);
    p.ridge = 1.0;
    const auto ridge = mllab::computeBiasVariance(p);
    QVERIFY(ridge.variance[0] < 0.1 * plain.variance[0]);
    QVERIFY(ridge.trainMse[0] > plain.trainMse[0]);
    // With a ridge penalty a degree above n - 1 is well posed.
    p.nTrain = 10;
    p.complexities = {15};
    QVERIFY(std::isfinite(mllab::computeBiasVariance(p).variance[0]));
}

ENGINE_TEST(nearestNeighboursHandChecks)
{
    // k = n: every prediction is the training mean, so each fitted curve is flat at mean(y).
    auto p = params(TrueFunction::Sine, 0.3, 30, {1, 30});
    p.family = ModelFamily::KNearest;
    p.bootstraps = 500;
    p.fanComplexity = 30;
    p.fanCurves = 3;
    const auto r = mllab::computeBiasVariance(p);
    const double mean = std::accumulate(r.sampleY.begin(), r.sampleY.end(), 0.0) / 30.0;
    for (const double v : r.fanCurves[0])
        QFUZZY_COMPARE(v, mean, 1e-12);
    // k = 1 reproduces its training targets exactly; k = n has variance Var(ȳ) = (1/2 + σ²)/n
    // and bias² = E[sin²(πx)] = 1/2.
    QCOMPARE(r.trainMse[0], 0.0);
    QFUZZY_COMPARE(r.variance[1], (0.5 + 0.09) / 30.0, 0.2);
    QFUZZY_COMPARE(r.bias2[1], 0.5, 0.05);
    QVERIFY(r.variance[0] > 5 * r.variance[1]);
}

ENGINE_TEST(fanAndSampleAreReturned)
{
    auto p = params(TrueFunction::Step, 0.2, 25, {1, 5});
    p.fanComplexity = 7;  // not in the sweep: fitted anyway for the fan
    p.fanCurves = 12;
    p.gridPoints = 50;
    const auto r = mllab::computeBiasVariance(p);
    QCOMPARE(r.complexities, (std::vector<int>{1, 5}));
    QCOMPARE(r.fanComplexity, 7);
    QCOMPARE(r.fanCurves.size(), std::size_t(12));
    QCOMPARE(r.fanCurves[0].size(), std::size_t(50));
    QCOMPARE(r.fanMean.size(), std::size_t(50));
    QCOMPARE(r.sampleX.size(), std::size_t(25));
    QCOMPARE(r.gridX.front(), -1.0);
    QCOMPARE(r.gridX.back(), 1.0);
    QCOMPARE(r.truth.front(), -1.0);
}

ENGINE_TEST(sameSeedSameResultOtherSeedOther)
{
    auto p = params(TrueFunction::Sine, 0.3, 30, {3});
    const auto a = mllab::computeBiasVariance(p);
    const auto b = mllab::computeBiasVariance(p);
    QCOMPARE(a.variance, b.variance);
    p.seed = 1;
    QVERIFY(mllab::computeBiasVariance(p).variance != a.variance);
    // More bootstraps keep the first training sets: the first fan curve is unchanged.
    p.fanComplexity = 3;
    p.fanCurves = 1;
    const auto few = mllab::computeBiasVariance(p);
    p.bootstraps = 300;
    const auto more = mllab::computeBiasVariance(p);
    QCOMPARE(more.fanCurves[0], few.fanCurves[0]);
}

ENGINE_TEST(badParametersAreNamed)
{
    auto p = params(TrueFunction::Sine, 0.3, 8, {1, 10});
    QVERIFY_THROWS_MESSAGE(mllab::computeBiasVariance(p), InputError,
                           "degree 10 needs at least 11 training points, but each training set "
                           "has 8: use a degree up to n - 1 = 7 or a ridge penalty > 0");
    p = params(TrueFunction::Sine, 0.3, 30, {25});
    QVERIFY_THROWS_MESSAGE(mllab::computeBiasVariance(p), InputError,
                           "degree must be from 1 to 20 (got 25)");
    p = params(TrueFunction::Sine, -0.1, 30, {3});
    QVERIFY_THROWS_MESSAGE(mllab::computeBiasVariance(p), InputError, "noise must be");
    p = params(TrueFunction::Sine, 0.3, 30, {3});
    p.bootstraps = 501;
    QVERIFY_THROWS_MESSAGE(mllab::computeBiasVariance(p), InputError,
                           "bootstraps must be from 2 to 500 (got 501)");
    p.bootstraps = 10;
    p.ridge = -1;
    QVERIFY_THROWS_MESSAGE(mllab::computeBiasVariance(p), InputError, "ridge penalty must be >= 0");
    p = params(TrueFunction::Sine, 0.3, 30, {31});
    p.family = ModelFamily::KNearest;
    QVERIFY_THROWS_MESSAGE(mllab::computeBiasVariance(p), InputError, "k = 31 nearest neighbours");
    p = params(TrueFunction::Sine, 0.3, 30, {});
    QVERIFY_THROWS_MESSAGE(mllab::computeBiasVariance(p), InputError, "no degrees given");
}

ENGINE_TEST(cancellationStopsTheSweep)
{
    std::atomic<bool> cancel{true};
    mllab::Progress progress;
    progress.cancel = &cancel;
    QVERIFY_THROWS_MESSAGE(mllab::computeBiasVariance({}, progress), mllab::Cancelled, "cancelled");
}

// ---------------------------------------------------------------------------------------------

ENGINE_TEST(learningCurvesDiagnoseBiasAndVariance)
{
    mllab::LearningCurveParams p;
    p.complexity = 1;
    const auto line = mllab::computeLearningCurve(p);
    QVERIFY(line.diagnosis == mllab::FitDiagnosis::HighBias);
    QCOMPARE(line.sizes[std::size_t(line.diagnosedIndex)], 30);
    // Training error rises and validation error falls towards the same plateau.
    QVERIFY(line.trainMean.back() > line.trainMean.front());
    QVERIFY(line.validationMean.back() < line.validationMean.front());
    QVERIFY(std::is_sorted(line.sizes.begin(), line.sizes.end()));
    QCOMPARE(line.sizes.front(), 3);  // the smallest size that leaves a residual for degree 1

    p.complexity = 12;
    QVERIFY(mllab::computeLearningCurve(p).diagnosis == mllab::FitDiagnosis::HighVariance);
    p.complexity = 4;
    p.nTrain = 100;
    const auto good = mllab::computeLearningCurve(p);
    QVERIFY(good.diagnosis == mllab::FitDiagnosis::GoodFit);
    QVERIFY(good.validationMean[std::size_t(good.diagnosedIndex)] < 1.25 * good.noise);
    QCOMPARE(mllab::fitDiagnosisName(good.diagnosis), std::string("good-fit"));
}

ENGINE_TEST(learningCurveHandChecks)
{
    // 1-NN reproduces its training targets: training error exactly 0 at every size.
    mllab::LearningCurveParams p;
    p.family = ModelFamily::KNearest;
    p.complexity = 1;
    p.sizes = {5, 10, 20};
    p.repeats = 5;
    const auto r = mllab::computeLearningCurve(p);
    QCOMPARE(r.sizes, (std::vector<int>{5, 10, 20, 30}));  // nTrain is always included
    for (const double v : r.trainMean)
        QCOMPARE(v, 0.0);
    QVERIFY(r.validationMean[0] > r.noise);
}

ENGINE_TEST(learningCurveBadParameters)
{
    mllab::LearningCurveParams p;
    p.noise = 0;
    QVERIFY_THROWS_MESSAGE(mllab::computeLearningCurve(p), InputError, "noise floor");
    p.noise = 0.3;
    p.complexity = 5;
    p.sizes = {4, 50};
    QVERIFY_THROWS_MESSAGE(mllab::computeLearningCurve(p), InputError,
                           "degree 5 needs at least 6 training points, but a training set of the "
                           "curve has 4");
}

// ---------------------------------------------------------------------------------------------

ENGINE_TEST(doubleDescentPeaksAtTheInterpolationThreshold)
{
    mllab::DoubleDescentParams p;
    const auto r = mllab::computeDoubleDescent(p);
    QCOMPARE(r.threshold, 30);
    QCOMPARE(r.noise, 0.2 * 0.2);
    const auto at = [&](int features) {
        const auto it = std::find(r.featureCounts.begin(), r.featureCounts.end(), features);
        QVERIFY2(it != r.featureCounts.end(), "p = " + std::to_string(features) + " missing");
        return std::size_t(it - r.featureCounts.begin());
    };
    const int peak = r.featureCounts[std::size_t(r.peakIndex)];
    QVERIFY2(peak >= 27 && peak <= 35, "peak at p = " + std::to_string(peak));
    const double best = *std::min_element(r.testMse.begin(), r.testMse.end());
    QVERIFY(r.testMse[at(30)] > 1000 * best);
    // Second descent: far beyond the threshold the error is back near the first minimum.
    QVERIFY(r.testMse.back() < 2 * best);
    QVERIFY(r.testMse.back() < 1e-3 * r.testMse[at(30)]);
    // Well past p = n the features interpolate the training data (near it, singular values
    // below the lstsq cutoff are dropped, so the fit interpolates only up to that precision).
    for (std::size_t c = 0; c < r.featureCounts.size(); ++c) {
        if (r.featureCounts[c] >= 60)
            QVERIFY2(r.trainMse[c] < 1e-12, std::to_string(r.trainMse[c]));
        if (r.featureCounts[c] <= 20)
            QVERIFY(r.trainMse[c] > 1e-4);
        QVERIFY(r.testMseLow[c] <= r.testMse[c] && r.testMse[c] <= r.testMseHigh[c]);
    }
    // The minimum-norm solution's norm peaks at the threshold too.
    QVERIFY(r.weightNorm[at(30)] > 100 * r.weightNorm.back());
}

ENGINE_TEST(ridgeRemovesTheDoubleDescentPeak)
{
    mllab::DoubleDescentParams p;
    p.featureCounts = {10, 30, 480};
    p.ridge = 1e-2;
    const auto r = mllab::computeDoubleDescent(p);
    QVERIFY(r.testMse[1] < 3 * r.testMse[0]);
    QVERIFY(r.trainMse[1] > 1e-4);  // no longer interpolating
}

ENGINE_TEST(doubleDescentBadParameters)
{
    mllab::DoubleDescentParams p;
    p.featureCounts = {0, 10};
    QVERIFY_THROWS_MESSAGE(mllab::computeDoubleDescent(p), InputError,
                           "number of random features must be from 1 to 20000 (got 0)");
    p.featureCounts = {};
    p.lengthScale = 0;
    QVERIFY_THROWS_MESSAGE(mllab::computeDoubleDescent(p), InputError, "length scale must be > 0");
}

// ---------------------------------------------------------------------------------------------

ENGINE_TEST(cliBiasVarianceFollowsTheContract)
{
    const auto r = cli({"bias-variance", "--bootstraps", "50"});
    QCOMPARE(r.code, 0);
    const auto j = nlohmann::json::parse(r.out);
    QCOMPARE(j["degrees"].size(), std::size_t(15));
    QCOMPARE(j["degrees"][0].get<int>(), 1);
    for (const char* key : {"bias2", "bias2_stderr", "variance", "expected_test_mse"})
        QCOMPARE(j[key].size(), std::size_t(15));
    QFUZZY_COMPARE(j["noise"].get<double>(), 0.09, 1e-15);
    QVERIFY(!j.contains("fan"));
    // The same numbers as the engine with the same defaults.
    mllab::BiasVarianceParams p;
    p.bootstraps = 50;
    const auto engine = mllab::computeBiasVariance(p);
    QCOMPARE(j["variance"].get<std::vector<double>>(), engine.variance);
}

ENGINE_TEST(cliBiasVarianceOptionsAndErrors)
{
    auto r = cli({"bias-variance", "--family", "knn", "--ks", "1,5,10", "--fan-at", "5",
                  "--fan-curves", "4", "--grid", "20", "--bootstraps", "10"});
    QCOMPARE(r.code, 0);
    const auto j = nlohmann::json::parse(r.out);
    QCOMPARE(j["ks"].get<std::vector<int>>(), (std::vector<int>{1, 5, 10}));
    QCOMPARE(j["fan"]["curves"].size(), std::size_t(4));
    QCOMPARE(j["fan"]["x"].size(), std::size_t(20));

    r = cli({"bias-variance", "--degrees", "1-12", "--n-train", "10"});
    QCOMPARE(r.code, 1);
    QVERIFY(r.err.find("degree 10 needs at least 11 training points") != std::string::npos);
    r = cli({"bias-variance", "--function", "tanh"});
    QCOMPARE(r.code, 1);
    r = cli({"bias-variance", "--ks", "3"});
    QCOMPARE(r.code, 2);
    r = cli({"bias-variance", "--noise", "abc"});
    QCOMPARE(r.code, 2);
}

ENGINE_TEST(cliLearningCurveAndDoubleDescent)
{
    auto r = cli({"learning-curve", "--degree", "1", "--repeats", "20"});
    QCOMPARE(r.code, 0);
    auto j = nlohmann::json::parse(r.out);
    QCOMPARE(j["diagnosis"].get<std::string>(), std::string("high-bias"));
    QCOMPARE(j["sizes"].size(), j["validation_mse"].size());
    r = cli({"learning-curve", "--noise", "0"});
    QCOMPARE(r.code, 1);

    r = cli({"double-descent", "--features", "5,30,300", "--trials", "5"});
    QCOMPARE(r.code, 0);
    j = nlohmann::json::parse(r.out);
    QCOMPARE(j["features"].get<std::vector<int>>(), (std::vector<int>{5, 30, 300}));
    QCOMPARE(j["threshold"].get<int>(), 30);
    QCOMPARE(j["peak_features"].get<int>(), 30);
}

// ---------------------------------------------------------------------------------------------
// The lab's pipeline (engine/labs/bias_variance.h)

namespace {

mllab::labs::BiasVarianceLabParams labParams(const std::vector<std::string>& settings)
{
    using namespace mllab::labs;
    LabState state = defaultState(biasVarianceLabSpec());
    for (const std::string& kv : settings) {
        const auto eq = kv.find('=');
        const auto bad =
            setFromText(biasVarianceLabSpec(), state, kv.substr(0, eq), kv.substr(eq + 1));
        if (bad)
            throw std::logic_error(problemText(*bad));
    }
    return biasVarianceLabParams(state);
}

} // namespace

ENGINE_TEST(labComputesWhatTheLabShowed)
{
    // The lab's defaults: every degree the 30 points support (1 to 20), the fan at degree 3 on
    // 20 of 200 training sets, learning curves on 40 sets per size, double descent with 16
    // trials at the lab's noise.
    const auto r = mllab::labs::computeBiasVarianceLab(labParams({}));
    mllab::BiasVarianceParams d = params(TrueFunction::Sine, 0.3, 30, {});
    for (int degree = 1; degree <= 20; ++degree)
        d.complexities.push_back(degree);
    d.fanComplexity = 3;
    d.fanCurves = 20;
    const auto decomposition = mllab::computeBiasVariance(d);
    QCOMPARE(r.decomposition.bias2, decomposition.bias2);
    QCOMPARE(r.decomposition.variance, decomposition.variance);
    QCOMPARE(r.decomposition.fanCurves.size(), std::size_t(20));
    QCOMPARE(r.decomposition.complexities[r.chosenIndex], 3);
    QVERIFY(r.regime == mllab::labs::ComplexityRegime::SweetSpot);

    mllab::LearningCurveParams l;
    l.repeats = 40;
    const auto learning = mllab::computeLearningCurve(l);
    QCOMPARE(r.learning.validationMean, learning.validationMean);
    QVERIFY(r.learning.diagnosis == learning.diagnosis);

    mllab::DoubleDescentParams dd;
    dd.noise = 0.3;
    dd.trials = 16;
    const auto doubleDescent = mllab::computeDoubleDescent(dd);
    QCOMPARE(r.doubleDescent.testMse, doubleDescent.testMse);

    const auto j = mllab::labs::biasVarianceLabJson(r);
    QCOMPARE(j["decomposition"]["chosen"]["bias2"].get<double>(), decomposition.bias2[2]);
    QCOMPARE(j["decomposition"]["chosen"]["regime"].get<std::string>(),
             std::string("sweet-spot"));
    QCOMPARE(j["decomposition"]["sweet_spot"].get<int>(),
             decomposition.complexities[std::size_t(decomposition.bestIndex)]);
    QCOMPARE(j["learning_curve"]["diagnosis"].get<std::string>(),
             mllab::fitDiagnosisName(learning.diagnosis));
    QCOMPARE(j["double_descent"]["threshold"].get<int>(), 30);
    QCOMPARE(j["double_descent"]["peak_features"].get<int>(),
             doubleDescent.featureCounts[std::size_t(doubleDescent.peakIndex)]);
}

ENGINE_TEST(labRegimesFollowTheChosenComplexity)
{
    using mllab::labs::ComplexityRegime;
    QVERIFY(mllab::labs::computeBiasVarianceFits(labParams({"degree=1"})).regime ==
            ComplexityRegime::TooSimple);
    QVERIFY(mllab::labs::computeBiasVarianceFits(labParams({"degree=12"})).regime ==
            ComplexityRegime::TooFlexible);
    // k-NN: k up to n, the larger k the simpler; no noise, no learning curves.
    const auto knn =
        mllab::labs::computeBiasVarianceFits(labParams({"family=knn", "k=7", "noise=0"}));
    QCOMPARE(knn.decomposition.complexities.back(), 30);
    QCOMPARE(knn.decomposition.complexities[knn.chosenIndex], 7);
    QVERIFY(knn.regime == ComplexityRegime::TooSimple);  // the sweet spot is k = 1
    QVERIFY(knn.learning.sizes.empty());
    QVERIFY(knn.doubleDescent.featureCounts.empty());
}

ENGINE_TEST(labRefusesComplexitiesTheTrainingSetCannotFit)
{
    QCOMPARE(mllab::labs::largestComplexity(ModelFamily::Polynomial, 10, 0), 9);
    QCOMPARE(mllab::labs::largestComplexity(ModelFamily::Polynomial, 10, 0.01), 20);
    QCOMPARE(mllab::labs::largestComplexity(ModelFamily::KNearest, 200, 0), 50);
    QVERIFY_THROWS_MESSAGE(mllab::labs::computeBiasVarianceFits(labParams({"n=10", "degree=12"})),
                           InputError, "degree 12 needs at least 13 training points (n is 10)");
    QVERIFY_THROWS_MESSAGE(
        mllab::labs::computeBiasVarianceFits(labParams({"family=knn", "k=40"})), InputError,
        "k = 40 needs at least 40 training points (n is 30)");
    const auto ridge =
        mllab::labs::computeBiasVarianceFits(labParams({"n=10", "degree=12", "ridge=0.01"}));
    QCOMPARE(ridge.decomposition.complexities.back(), 20);
    QCOMPARE(ridge.decomposition.fanComplexity, 12);
}

ENGINE_TEST(cliLabBiasVariance)
{
    auto r = cli({"lab", "bias-variance", "--set", "bootstraps=50", "--set", "dd-n=10"});
    QCOMPARE(r.code, 0);
    const auto j = nlohmann::json::parse(r.out);
    QCOMPARE(j["params"]["dd_n"].get<int>(), 10);
    QCOMPARE(j["result"]["decomposition"]["complexities"].size(), std::size_t(20));
    QCOMPARE(j["result"]["double_descent"]["threshold"].get<int>(), 10);
    r = cli({"lab", "bias-variance", "--set", "n=10", "--set", "degree=12"});
    QCOMPARE(r.code, 1);
    QVERIFY(r.err.find("needs at least 13 training points") != std::string::npos);
}

ENGINE_TEST_MAIN(tst_biasvariance)
