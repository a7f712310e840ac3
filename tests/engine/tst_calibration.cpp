// engine/calibration: calibration_curve's bins (uniform and quantile, edge values), ECE, MCE,
// Brier and NLL on hand-computed data; temperature scaling recovers a known temperature.
#include "engine/calibration.h"
#include "engine/labs/calibration.h"
#include "tests/support/enginetest.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <limits>
#include <random>

using mllab::BinStrategy;
using mllab::CalibrationParams;
using mllab::InputError;

namespace {

mllab::CalibrationResult calibrate(std::vector<double> prob, std::vector<double> labels, int bins,
                                   BinStrategy strategy = BinStrategy::Uniform)
{
    CalibrationParams p;
    p.probabilities = std::move(prob);
    p.labels = std::move(labels);
    p.bins = bins;
    p.strategy = strategy;
    return mllab::computeCalibration(p);
}

/// Logits of `classes` classes and labels drawn from softmax(true logits); the returned logits
/// are the true ones times `temperature`, so temperature scaling should find about that value.
mllab::TemperatureParams syntheticLogits(std::size_t rows, std::size_t classes, double temperature,
                                         std::uint64_t seed)
{
    std::mt19937_64 rng(seed);
    std::normal_distribution<double> normal;
    std::uniform_real_distribution<double> uniform;
    mllab::TemperatureParams p;
    p.classes = classes;
    for (std::size_t i = 0; i < rows; ++i) {
        std::vector<double> z(classes == 1 ? 1 : classes);
        for (auto& v : z)
            v = 1.5 * normal(rng);
        double label = 0;
        if (classes == 1) {
            label = uniform(rng) < 1.0 / (1.0 + std::exp(-z[0])) ? 1 : 0;
        } else {
            double sum = 0;
            for (double v : z)
                sum += std::exp(v);
            double u = uniform(rng) * sum;
            for (std::size_t c = 0; c < classes; ++c) {
                u -= std::exp(z[c]);
                if (u <= 0 || c + 1 == classes) {
                    label = double(c);
                    break;
                }
            }
        }
        for (double v : z)
            p.logits.push_back(v * temperature);
        p.labels.push_back(label);
    }
    return p;
}

} // namespace

ENGINE_TEST(scikitLearnDocumentationExample)
{
    // calibration_curve docstring: prob_true [0, 0.5, 1], prob_pred [0.2, 0.525, 0.85].
    const auto r =
        calibrate({0.1, 0.2, 0.3, 0.4, 0.65, 0.7, 0.8, 0.9, 1.0}, {0, 0, 0, 0, 1, 1, 1, 1, 1}, 3);
    QCOMPARE(r.bins.size(), std::size_t(3));
    QCOMPARE(r.bins[0].count, std::int64_t(3));
    QCOMPARE(r.bins[1].count, std::int64_t(2));
    QCOMPARE(r.bins[2].count, std::int64_t(4));
    QFUZZY_COMPARE(r.bins[0].meanPredicted, 0.2, 1e-15);
    QFUZZY_COMPARE(r.bins[1].meanPredicted, 0.525, 1e-15);
    QFUZZY_COMPARE(r.bins[2].meanPredicted, 0.85, 1e-15);
    QCOMPARE(r.bins[0].fractionPositive, 0.0);
    QCOMPARE(r.bins[1].fractionPositive, 0.5);
    QCOMPARE(r.bins[2].fractionPositive, 1.0);
    QCOMPARE(r.bins[1].lower, 1.0 / 3.0);
    // ECE = (3 x 0.2 + 2 x 0.025 + 4 x 0.15) / 9; MCE the largest gap, 0.2.
    QFUZZY_COMPARE(r.ece, 1.25 / 9.0, 1e-14);
    QFUZZY_COMPARE(r.mce, 0.2, 1e-14);
    QFUZZY_COMPARE(r.brier, 0.5625 / 9.0, 1e-14);
    const double eps = std::numeric_limits<double>::epsilon();
    const double nll =
        -(std::log(0.9) + std::log(0.8) + std::log(0.7) + std::log(0.6) + std::log(0.65) +
          std::log(0.7) + std::log(0.8) + std::log(0.9) + std::log(1.0 - eps)) /
        9.0;
    QFUZZY_COMPARE(r.nll, nll, 1e-13);
    QCOMPARE(r.n, std::int64_t(9));
    QCOMPARE(r.positives, std::int64_t(5));
}

ENGINE_TEST(valueOnAnEdgeGoesToTheLowerBin)
{
    // np.searchsorted(..., side='left'): 0.1 and 0.2 sit on edges and count below them.
    const auto r = calibrate({0.0, 0.1, 0.2, 1.0, 0.30000000000000004}, {0, 0, 1, 1, 0}, 10);
    QCOMPARE(r.bins[0].count, std::int64_t(2)); // 0.0 and 0.1
    QCOMPARE(r.bins[1].count, std::int64_t(1)); // 0.2
    QCOMPARE(r.bins[2].count, std::int64_t(1)); // 3 x 0.1 in floating point is an edge
    QCOMPARE(r.bins[9].count, std::int64_t(1)); // 1.0
    QVERIFY(std::isnan(r.bins[5].meanPredicted));
    QCOMPARE(r.bins[3].lower, 0.30000000000000004); // np.linspace(0, 1, 11)[3]
}

ENGINE_TEST(valuesAtAndBesideEveryEdgeBinLikeSearchsorted)
{
    // Each inner edge, and the doubles just below and above it, for many bin counts: the bin of
    // every value is the number of inner edges strictly below it (np.searchsorted, side='left').
    for (const int bins : {1, 2, 3, 7, 10, 11, 49, 100, 997, 3000, 10000}) {
        std::vector<double> prob;
        const auto edges = calibrate({0.5}, {1}, bins).bins;
        for (const auto& b : edges)
            for (const double v :
                 {std::nextafter(b.lower, -1.0), b.lower, std::nextafter(b.lower, 2.0)})
                if (v >= 0.0 && v <= 1.0)
                    prob.push_back(v);
        prob.push_back(1.0);
        const auto r = calibrate(prob, std::vector<double>(prob.size(), 0.0), bins);
        std::vector<std::int64_t> expected(std::size_t(bins), 0);
        for (const double v : prob) {
            std::size_t b = 0;
            while (b + 1 < std::size_t(bins) && r.bins[b + 1].lower < v)
                ++b;
            ++expected[b];
        }
        for (std::size_t b = 0; b < std::size_t(bins); ++b)
            QCOMPARE(r.bins[b].count, expected[b]);
    }
}

ENGINE_TEST(brierAndNllMatchTheirDefinitionsOnManyRows)
{
    // 10,007 rows: whole blocks and a tail that is not a multiple of any block or lane size.
    std::mt19937_64 rng(11);
    std::uniform_real_distribution<double> uniform;
    std::vector<double> prob(10007), labels(prob.size());
    for (std::size_t i = 0; i < prob.size(); ++i) {
        prob[i] = i % 97 == 0 ? 0.0 : uniform(rng); // some exact zeros: clipped to eps
        labels[i] = uniform(rng) < prob[i] ? 1.0 : 0.0;
    }
    prob[5] = 1.0;
    labels[5] = 0.0; // clipped to 1 - eps
    for (const auto strategy : {BinStrategy::Uniform, BinStrategy::Quantile}) {
        const auto r = calibrate(prob, labels, 15, strategy);
        double brier = 0, nll = 0;
        std::int64_t positives = 0, counted = 0;
        const double eps = std::numeric_limits<double>::epsilon();
        for (std::size_t i = 0; i < prob.size(); ++i) {
            brier += (labels[i] - prob[i]) * (labels[i] - prob[i]);
            const double q = std::min(std::max(prob[i], eps), 1.0 - eps);
            nll -= labels[i] ? std::log(q) : std::log(1.0 - q);
            positives += std::int64_t(labels[i]);
        }
        QFUZZY_COMPARE(r.brier, brier / double(prob.size()), 1e-13);
        QFUZZY_COMPARE(r.nll, nll / double(prob.size()), 1e-13);
        QCOMPARE(r.positives, positives);
        for (const auto& b : r.bins)
            counted += b.count;
        QCOMPARE(counted, std::int64_t(prob.size()));
    }
}

ENGINE_TEST(quantileBinsInterpolateLikeNumpy)
{
    const auto r = calibrate({0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9},
                             {0, 0, 1, 0, 1, 0, 1, 1, 1}, 3, BinStrategy::Quantile);
    // np.percentile at 0, 33.3, 66.7, 100: virtual indices 0, 8/3, 16/3, 8.
    QFUZZY_COMPARE(r.bins[0].lower, 0.1, 1e-15);
    QFUZZY_COMPARE(r.bins[0].upper, 0.3 + (0.4 - 0.3) * (8.0 / 3.0 - 2.0), 1e-14);
    QFUZZY_COMPARE(r.bins[1].upper, 0.6 + (0.7 - 0.6) * (16.0 / 3.0 - 5.0), 1e-14);
    QFUZZY_COMPARE(r.bins[2].upper, 0.9, 1e-15);
    for (const auto& b : r.bins)
        QCOMPARE(b.count, std::int64_t(3));
    QFUZZY_COMPARE(r.bins[0].fractionPositive, 1.0 / 3.0, 1e-15);
}

ENGINE_TEST(perfectlyCalibratedHasZeroEce)
{
    // Probability 0.25 with exactly one positive in four, 0.75 with three in four.
    const auto r =
        calibrate({0.25, 0.25, 0.25, 0.25, 0.75, 0.75, 0.75, 0.75}, {1, 0, 0, 0, 1, 1, 0, 1}, 10);
    QFUZZY_COMPARE(r.ece, 0.0, 1e-15);
    QFUZZY_COMPARE(r.mce, 0.0, 1e-15);
    QFUZZY_COMPARE(r.brier, 0.1875, 1e-15); // 0.25 x 0.75
}

ENGINE_TEST(oneClassIsAllowed)
{
    // Top-label reliability can have every prediction right.
    const auto r = calibrate({0.9, 0.8}, {1, 1}, 5);
    QFUZZY_COMPARE(r.ece, 0.15, 1e-14);
}

ENGINE_TEST(badProbabilitiesLabelsAndBins)
{
    QVERIFY_THROWS_MESSAGE(calibrate({0.5, 1.2}, {0, 1}, 10), InputError,
                           "column 'prob' must hold probabilities in [0, 1], but row 2 has 1.2");
    QVERIFY_THROWS_MESSAGE(calibrate({0.5, std::nan("")}, {0, 1}, 10), InputError, "row 2 has nan");
    QVERIFY_THROWS_MESSAGE(calibrate({0.5, 0.2, 0.1}, {0, 1, 2}, 10), InputError,
                           "column 'label' must hold 0 or 1");
    QVERIFY_THROWS_MESSAGE(calibrate({0.5, 0.2, 0.1}, {0, 1, 2}, 10), InputError, "row 3 has 2");
    QVERIFY_THROWS_MESSAGE(calibrate({0.5}, {0}, 0), InputError, "bins must be from 1 to 10000");
    QVERIFY_THROWS_MESSAGE(calibrate({}, {}, 10), InputError, "need at least one row");
    QVERIFY_THROWS_MESSAGE(mllab::binStrategyFromName("median"), InputError,
                           "'uniform' or 'quantile'");
}

ENGINE_TEST(temperatureRecoversKnownValueMultiClass)
{
    const auto p = syntheticLogits(40000, 5, 2.5, 3);
    const auto r = mllab::computeTemperatureScaling(p);
    QVERIFY2(std::abs(r.temperature - 2.5) < 0.1, std::to_string(r.temperature));
    QVERIFY(r.nllAfter < r.nllBefore);
    QVERIFY(r.eceAfter < r.eceBefore);
    QVERIFY(r.iterations <= 20);
    // The optimum is a minimum of the NLL in T: nearby temperatures are worse.
    const double at = mllab::temperatureNll(p.logits, p.classes, p.labels, r.temperature);
    QFUZZY_COMPARE(at, r.nllAfter, 1e-12);
    QVERIFY(mllab::temperatureNll(p.logits, p.classes, p.labels, r.temperature * 1.01) > at);
    QVERIFY(mllab::temperatureNll(p.logits, p.classes, p.labels, r.temperature * 0.99) > at);
}

ENGINE_TEST(temperatureRecoversKnownValueBinary)
{
    const auto p = syntheticLogits(40000, 1, 0.5, 4); // underconfident logits: T below 1
    const auto r = mllab::computeTemperatureScaling(p);
    QVERIFY2(std::abs(r.temperature - 0.5) < 0.03, std::to_string(r.temperature));
    QVERIFY(r.nllAfter < r.nllBefore);
    const double at = r.nllAfter;
    QVERIFY(mllab::temperatureNll(p.logits, 1, p.labels, r.temperature * 1.01) > at);
    QVERIFY(mllab::temperatureNll(p.logits, 1, p.labels, r.temperature * 0.99) > at);
}

ENGINE_TEST(temperatureNllMatchesTheDefinition)
{
    // Two rows, three classes, T = 2: NLL = mean(-log softmax(z / 2)[y]).
    const std::vector<double> z = {2.0, 0.0, -2.0, 0.5, 1.5, 0.0};
    const std::vector<double> y = {0, 2};
    const auto lse = [](double a, double b, double c) {
        return std::log(std::exp(a) + std::exp(b) + std::exp(c));
    };
    const double expected = ((lse(1.0, 0.0, -1.0) - 1.0) + (lse(0.25, 0.75, 0.0) - 0.0)) / 2.0;
    QFUZZY_COMPARE(mllab::temperatureNll(z, 3, y, 2.0), expected, 1e-14);
    // Binary: one logit per row, sigmoid.
    const double b = (std::log1p(std::exp(-1.0)) + std::log1p(std::exp(0.5))) / 2.0;
    QFUZZY_COMPARE(mllab::temperatureNll({2.0, -1.0}, 1, {1, 1}, 2.0), b, 1e-14);
    const auto probs = mllab::temperatureProbabilities(z, 3, 2.0);
    QFUZZY_COMPARE(probs[0] + probs[1] + probs[2], 1.0, 1e-15);
    QFUZZY_COMPARE(probs[0], std::exp(1.0 - lse(1.0, 0.0, -1.0)), 1e-14);
}

ENGINE_TEST(badTemperatureInputs)
{
    mllab::TemperatureParams p;
    p.classes = 3;
    p.logits = {1, 2, 3, 4, 5, 6};
    p.labels = {0, 3};
    QVERIFY_THROWS_MESSAGE(mllab::computeTemperatureScaling(p), InputError,
                           "column 'label' must hold class indices 0 to 2, but row 2 has 3");
    p.labels = {0, 1.5};
    QVERIFY_THROWS_MESSAGE(mllab::computeTemperatureScaling(p), InputError, "row 2 has 1.5");
    p.labels = {0, 1, 2};
    QVERIFY_THROWS_MESSAGE(mllab::computeTemperatureScaling(p), InputError, "expected 3 rows x 3");
    p.labels = {0};
    p.logits = {1, 2, 3};
    QVERIFY_THROWS_MESSAGE(mllab::computeTemperatureScaling(p), InputError, "at least 2 rows");
    p.labels = {0, 1};
    p.logits = {1, 2, 3, 4, std::nan(""), 6};
    QVERIFY_THROWS_MESSAGE(mllab::computeTemperatureScaling(p), InputError,
                           "logit 2 at row 2 is NaN or infinite");
}

ENGINE_TEST(binsAloneMatchTheFullCall)
{
    std::mt19937_64 rng(12);
    std::uniform_real_distribution<double> uniform;
    CalibrationParams p;
    for (int i = 0; i < 5003; ++i) {
        p.probabilities.push_back(uniform(rng));
        p.labels.push_back(uniform(rng) < p.probabilities.back() ? 1.0 : 0.0);
    }
    for (const auto strategy : {BinStrategy::Uniform, BinStrategy::Quantile}) {
        p.strategy = strategy;
        p.losses = true;
        const auto full = mllab::computeCalibration(p);
        p.losses = false;
        const auto bins = mllab::computeCalibration(p);
        QVERIFY(full.brier > 0 && full.nll > 0);
        QCOMPARE(bins.brier, 0.0);
        QCOMPARE(bins.nll, 0.0);
        QCOMPARE(bins.ece, full.ece);
        QCOMPARE(bins.mce, full.mce);
        QCOMPARE(bins.positives, full.positives);
        QCOMPARE(bins.bins.size(), full.bins.size());
        for (std::size_t b = 0; b < bins.bins.size(); ++b) {
            QCOMPARE(bins.bins[b].count, full.bins[b].count);
            QCOMPARE(bins.bins[b].meanPredicted, full.bins[b].meanPredicted);
        }
    }
}

ENGINE_TEST(temperatureFitAloneMatchesTheFullCall)
{
    auto p = syntheticLogits(20000, 4, 2.0, 5);
    const auto full = mllab::computeTemperatureScaling(p);
    p.reliability = false;
    const auto fit = mllab::computeTemperatureScaling(p);
    QCOMPARE(fit.temperature, full.temperature);
    QCOMPARE(fit.nllAfter, full.nllAfter);
    QCOMPARE(fit.iterations, full.iterations);
    QVERIFY(full.before.n == 20000 && full.after.n == 20000);
    QVERIFY(fit.before.bins.empty() && fit.after.bins.empty());
}

ENGINE_TEST(topLabelConfidenceUsesTheArgmax)
{
    std::vector<double> confidence, correct;
    mllab::topLabelConfidence({0.2, 0.5, 0.3, 0.6, 0.1, 0.3}, 3, {1, 2}, confidence, correct);
    QCOMPARE(confidence, (std::vector<double>{0.5, 0.6}));
    QCOMPARE(correct, (std::vector<double>{1, 0}));
}

// The calibration lab's pipeline (engine/labs/calibration.h): a file's probabilities and a
// trained model's, before and after the temperature.

namespace {

std::string writeFile(const std::string& path, const std::string& text)
{
    std::ofstream(path) << text;
    return path;
}

} // namespace

ENGINE_TEST(calibrationLabFitsOnEvenRowsAndTestsOnOdd)
{
    mllab::labs::CalibrationLabParams p;
    p.source = "csv";
    p.csvPath = writeFile("tst_calibration_lab.csv", "prob,label\n0.9,1\n0.8,1\n0.7,0\n0.3,0\n"
                                                     "0.2,1\n0.6,1\n0.1,0\n0.4,1\n");
    p.bins = 2;
    const mllab::labs::CalibrationLabResult r = mllab::labs::computeCalibrationLab(p);
    QCOMPARE(r.classes, std::size_t(2));
    QCOMPARE(r.validationRows, std::size_t(4));
    QCOMPARE(r.testRows, std::size_t(4));
    QCOMPARE(r.csvName, std::string("tst_calibration_lab.csv"));
    // Test rows (0.8, 1), (0.3, 0), (0.6, 1), (0.4, 1): the last is on the wrong side of 0.5.
    QCOMPARE(r.testAccuracy, 0.75);
    // Bins [0, 0.5] and (0.5, 1]: means 0.35 and 0.7, observed 0.5 and 1, half the rows each.
    QVERIFY(std::abs(r.before.ece - 0.225) < 1e-12);
    QVERIFY(std::abs(r.before.mce - 0.3) < 1e-12);
    const double nll = -(std::log(0.8) + std::log(0.7) + std::log(0.6) + std::log(0.4)) / 4;
    QVERIFY(std::abs(r.nllBefore - nll) < 1e-12);
    // T is the fit on the even rows' logits.
    mllab::TemperatureParams fit;
    for (double q : {0.9, 0.7, 0.2, 0.1})
        fit.logits.push_back(std::log(q / (1 - q)));
    fit.labels = {1, 0, 1, 0};
    QCOMPARE(r.temperature, mllab::computeTemperatureScaling(fit).temperature);
    const nlohmann::json json = mllab::labs::calibrationLabJson(r);
    QCOMPARE(json["scored"]["csv"].get<std::string>(), std::string("tst_calibration_lab.csv"));
    QCOMPARE(json["bins"]["before"].size(), std::size_t(2));
    std::remove(p.csvPath.c_str());
}

ENGINE_TEST(calibrationLabCsvErrorsNameTheLine)
{
    mllab::labs::CalibrationLabParams p;
    p.source = "csv";
    QVERIFY_THROWS_MESSAGE(mllab::labs::computeCalibrationLab(p), InputError, "Choose a CSV file");
    p.csvPath =
        writeFile("tst_calibration_lab_bad.csv", "prob,label\n0.2,0\n0.9,1\n1.7,1\n0.4,0\n");
    QVERIFY_THROWS_MESSAGE(mllab::labs::computeCalibrationLab(p), InputError, "line 4");
    QVERIFY_THROWS_MESSAGE(mllab::labs::computeCalibrationLab(p), InputError, "[0, 1]");
    writeFile(p.csvPath, "prob,label\n0.2,0\n0.9,1\n0.4,0\n");
    QVERIFY_THROWS_MESSAGE(mllab::labs::computeCalibrationLab(p), InputError, "at least 4");
    std::remove(p.csvPath.c_str());
}

ENGINE_TEST(calibrationLabLogisticRegressionIsNearlyCalibrated)
{
    mllab::labs::CalibrationLabParams p;
    p.source = "binary";
    p.model = "logistic";
    p.bins = 5;
    p.strategy = BinStrategy::Quantile;
    const mllab::labs::CalibrationLabResult r = mllab::labs::computeCalibrationLab(p);
    QCOMPARE(r.classes, std::size_t(2));
    QCOMPARE(r.model, std::string("logistic"));
    QCOMPARE(r.epochs, 300);
    // 12,000 rows: 30 % validation, 50 % test, the rest to train (stratified: a row either way).
    QCOMPARE(r.trainRows + r.validationRows + r.testRows, std::size_t(12000));
    QVERIFY(std::abs(double(r.validationRows) - 3600) <= 2);
    QVERIFY(std::abs(double(r.testRows) - 6000) <= 2);
    QCOMPARE(r.before.bins.size(), std::size_t(5));
    std::int64_t rows = 0;
    for (const auto& b : r.after.bins)
        rows += b.count;
    QCOMPARE(rows, std::int64_t(r.testRows));
    QVERIFY2(std::abs(r.temperature - 1.0) < 0.3, std::to_string(r.temperature));
    QCOMPARE(mllab::labs::calibrationLabJson(r)["scored"]["model"].get<std::string>(),
             std::string("logistic"));
}

ENGINE_TEST_MAIN(tst_calibration)

ENGINE_TEST(theFirstBadRowIsNamedWhereverItIs)
{
    // Rows are checked two at a time and in blocks: a bad row at a block's start or end, at an
    // odd position, or in the odd last row must be named, and before any later bad row.
    const std::size_t n = 5001;
    for (const BinStrategy strategy : {BinStrategy::Uniform, BinStrategy::Quantile}) {
        for (const std::size_t row : {0, 1, 1023, 1024, 2047, 2048, 4999, 5000}) {
            std::vector<double> prob(n), labels(n);
            for (std::size_t i = 0; i < n; ++i) {
                prob[i] = double(i % 101) / 100.0;
                labels[i] = double(i % 2);
            }
            std::vector<double> badProb = prob;
            badProb[row] = row % 2 ? -0.25 : std::numeric_limits<double>::infinity();
            if (row + 7 < n)
                badProb[row + 7] = 2.0; // a later bad row is not the one named
            const std::string where = "row " + std::to_string(row + 1) + " has ";
            QVERIFY_THROWS_MESSAGE(calibrate(badProb, labels, 10, strategy), InputError,
                                   where + (row % 2 ? "-0.25" : "inf"));
            std::vector<double> badLabels = labels;
            badLabels[row] = 0.5;
            QVERIFY_THROWS_MESSAGE(calibrate(prob, badLabels, 10, strategy), InputError,
                                   where + "0.5");
        }
    }
}

ENGINE_TEST(uniformBinsAgreeWithALookupOfTheEdges)
{
    // Random probabilities, a third of them on or next to an edge, against the plain rule:
    // the bin is the number of inner edges (np.linspace values) strictly below p.
    std::mt19937_64 rng(7);
    std::uniform_real_distribution<double> uniform;
    for (const int bins : {1, 3, 10, 37, 1000}) {
        const auto edges = calibrate({0.5}, {1}, bins).bins;
        std::vector<double> prob(3001), labels(prob.size());
        for (std::size_t i = 0; i < prob.size(); ++i) {
            double v = uniform(rng);
            if (i % 3 == 0) {
                const double edge = edges[std::size_t(v * bins)].lower;
                v = i % 2 ? edge : std::nextafter(edge, i % 5 ? 2.0 : -1.0);
                v = std::clamp(v, 0.0, 1.0);
            }
            prob[i] = v;
            labels[i] = uniform(rng) < v ? 1.0 : 0.0;
        }
        std::vector<std::int64_t> count(std::size_t(bins), 0), positives(count);
        std::vector<double> sum(std::size_t(bins), 0.0);
        for (std::size_t i = 0; i < prob.size(); ++i) {
            std::size_t b = 0;
            while (b + 1 < std::size_t(bins) && edges[b + 1].lower < prob[i])
                ++b;
            ++count[b];
            positives[b] += std::int64_t(labels[i]);
            sum[b] += prob[i]; // row order, as np.bincount
        }
        const auto r = calibrate(prob, labels, bins);
        for (std::size_t b = 0; b < std::size_t(bins); ++b) {
            QCOMPARE(r.bins[b].count, count[b]);
            if (count[b] == 0)
                continue;
            QCOMPARE(r.bins[b].meanPredicted, sum[b] / double(count[b]));
            QCOMPARE(r.bins[b].fractionPositive, double(positives[b]) / double(count[b]));
        }
    }
}

ENGINE_TEST(quantileBinsAgreeWithALookupOfTheirEdges)
{
    // Many values equal to an edge (quantiles of data with ties land on data values): each
    // value's bin is the number of inner edges strictly below it, for every bin count.
    std::mt19937_64 rng(9);
    std::uniform_int_distribution<int> level(0, 40);
    for (const int bins : {1, 2, 3, 4, 10, 37, 200}) {
        std::vector<double> prob(5001), labels(prob.size());
        for (std::size_t i = 0; i < prob.size(); ++i) {
            prob[i] = double(level(rng)) / 40.0;
            labels[i] = double(i % 2);
        }
        const auto r = calibrate(prob, labels, bins, BinStrategy::Quantile);
        std::vector<std::int64_t> expected(std::size_t(bins), 0);
        for (const double v : prob) {
            std::size_t b = 0;
            for (std::size_t k = 1; k < std::size_t(bins); ++k)
                b += r.bins[k].lower < v;
            ++expected[b];
        }
        for (std::size_t b = 0; b < std::size_t(bins); ++b)
            QCOMPARE(r.bins[b].count, expected[b]);
    }
}

ENGINE_TEST(temperatureNllOverManyRowsMatchesAPlainSum)
{
    // Enough rows for the passes to run in chunks on several threads: the NLL must still be the
    // mean of -log softmax(z / T)[y], and calling again must give the very same number.
    const auto p = syntheticLogits(20'000, 7, 1.8, 21);
    for (const double t : {0.5, 1.0, 3.0}) {
        long double sum = 0;
        for (std::size_t i = 0; i < p.labels.size(); ++i) {
            const double* z = p.logits.data() + i * p.classes;
            const double top = *std::max_element(z, z + p.classes);
            long double s = 0;
            for (std::size_t c = 0; c < p.classes; ++c)
                s += std::exp((long double)(z[c] - top) / t);
            sum += std::log(s) - (long double)(z[std::size_t(p.labels[i])] - top) / t;
        }
        const double nll = mllab::temperatureNll(p.logits, p.classes, p.labels, t);
        QFUZZY_COMPARE(nll, double(sum / (long double)p.labels.size()), 1e-13);
        QCOMPARE(mllab::temperatureNll(p.logits, p.classes, p.labels, t), nll);
    }
}
