// engine/metrics: ROC and PR curves, AUC and average precision as scikit-learn computes them,
// hand-computed toy cases, ties, a reference implementation on larger data, and bad labels.
#include "engine/labs/roc.h"
#include "engine/metrics.h"
#include "tests/support/enginetest.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <limits>
#include <numeric>
#include <random>

using mllab::InputError;
using mllab::RocParams;
using mllab::RocResult;

namespace {

const double inf = std::numeric_limits<double>::infinity();

RocResult roc(std::vector<double> scores, std::vector<double> labels)
{
    RocParams p;
    p.scores = std::move(scores);
    p.labels = std::move(labels);
    return mllab::computeRoc(p);
}

/// A result column as a plain vector, for comparisons.
template <class Column> std::vector<typename Column::value_type> plain(const Column& column)
{
    return {column.begin(), column.end()};
}

/// Rates and PR values through the result's accessors, as vectors.
template <class Get> std::vector<double> collect(std::size_t count, Get get)
{
    std::vector<double> out;
    for (std::size_t i = 0; i < count; ++i)
        out.push_back(get(i));
    return out;
}
std::vector<double> fprs(const RocResult& r)
{
    return collect(r.pointCount(), [&](std::size_t k) { return r.fpr(k); });
}
std::vector<double> tprs(const RocResult& r)
{
    return collect(r.pointCount(), [&](std::size_t k) { return r.tpr(k); });
}
std::vector<double> recalls(const RocResult& r)
{
    return collect(r.pointCount(), [&](std::size_t i) { return r.recall(i); });
}

std::vector<double> prThresholds(const RocResult& r)
{
    std::vector<double> t;
    for (std::size_t i = 0; i < r.prThresholdCount(); ++i)
        t.push_back(r.prThreshold(i));
    return t;
}

/// scikit-learn's _binary_clf_curve, written plainly: stable sort descending, cut at changes.
struct Reference {
    std::vector<double> thresholds;
    std::vector<long long> tps, fps;
};

Reference referenceCurve(const std::vector<double>& scores, const std::vector<double>& labels)
{
    std::vector<std::size_t> order(scores.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return scores[a] > scores[b]; });
    Reference ref;
    long long tp = 0;
    for (std::size_t i = 0; i < order.size(); ++i) {
        tp += labels[order[i]] == 1.0;
        if (i + 1 == order.size() || scores[order[i + 1]] != scores[order[i]]) {
            ref.thresholds.push_back(scores[order[i]]);
            ref.tps.push_back(tp);
            ref.fps.push_back(static_cast<long long>(i + 1) - tp);
        }
    }
    return ref;
}

} // namespace

ENGINE_TEST(scikitLearnDocumentationExample)
{
    // roc_curve / precision_recall_curve docstring data.
    const RocResult r = roc({0.1, 0.4, 0.35, 0.8}, {0, 0, 1, 1});
    QCOMPARE(plain(r.thresholds), (std::vector<double>{inf, 0.8, 0.4, 0.35, 0.1}));
    QCOMPARE(fprs(r), (std::vector<double>{0, 0, 0.5, 0.5, 1}));
    QCOMPARE(tprs(r), (std::vector<double>{0, 0.5, 0.5, 1, 1}));
    QCOMPARE(recalls(r), (std::vector<double>{1, 1, 0.5, 0.5, 0}));
    QCOMPARE(r.pointCount(), std::size_t(5));
    QFUZZY_COMPARE(r.precision(0), 0.5, 1e-15);
    QFUZZY_COMPARE(r.precision(1), 2.0 / 3.0, 1e-15);
    QFUZZY_COMPARE(r.precision(2), 0.5, 1e-15);
    QCOMPARE(r.precision(3), 1.0);
    QCOMPARE(r.precision(4), 1.0);
    QCOMPARE(prThresholds(r), (std::vector<double>{0.1, 0.35, 0.4, 0.8}));
    QFUZZY_COMPARE(r.aucRoc, 0.75, 1e-15);
    QFUZZY_COMPARE(r.averagePrecision, 0.5 + 0.5 * 2.0 / 3.0, 1e-15); // 0.8333...
    QCOMPARE(r.n, std::int64_t(4));
    QCOMPARE(r.positives, std::int64_t(2));
}

ENGINE_TEST(perfectInvertedAndAllTies)
{
    const RocResult perfect = roc({0.9, 0.8, 0.2, 0.1}, {1, 1, 0, 0});
    QCOMPARE(perfect.aucRoc, 1.0);
    QCOMPARE(perfect.averagePrecision, 1.0);

    const RocResult inverted = roc({0.9, 0.8, 0.2, 0.1}, {0, 0, 1, 1});
    QCOMPARE(inverted.aucRoc, 0.0);
    // Positives are found at precision 1/3 then 1/2, each adding recall 1/2.
    QFUZZY_COMPARE(inverted.averagePrecision, 0.5 / 3.0 + 0.25, 1e-15);

    const RocResult ties = roc({0.5, 0.5, 0.5, 0.5, 0.5}, {0, 1, 0, 1, 1});
    QCOMPARE(plain(ties.thresholds), (std::vector<double>{inf, 0.5}));
    QCOMPARE(fprs(ties), (std::vector<double>{0, 1}));
    QCOMPARE(tprs(ties), (std::vector<double>{0, 1}));
    QCOMPARE(ties.aucRoc, 0.5);
    QFUZZY_COMPARE(ties.averagePrecision, 0.6, 1e-15); // the prevalence
}

ENGINE_TEST(tiesAcrossClassesGiveHalfCredit)
{
    // One positive tied with one of two negatives: AUC = P(s+ > s-) + P(s+ = s-) / 2 = 0.75.
    const RocResult r = roc({0.5, 0.5, 0.1}, {1, 0, 0});
    QCOMPARE(plain(r.thresholds), (std::vector<double>{inf, 0.5, 0.1}));
    QCOMPARE(plain(r.truePositives), (std::vector<std::int64_t>{0, 1, 1}));
    QCOMPARE(plain(r.falsePositives), (std::vector<std::int64_t>{0, 1, 2}));
    QFUZZY_COMPARE(r.aucRoc, 0.75, 1e-15);
    QFUZZY_COMPARE(r.averagePrecision, 0.5, 1e-15);
}

ENGINE_TEST(negativeZeroTiesWithZero)
{
    const RocResult r = roc({-0.0, 0.0, -1.0, 2.0}, {1, 0, 0, 1});
    QCOMPARE(r.thresholds.size(), std::size_t(4)); // +inf, 2, 0 (both zeros), -1
    QCOMPARE(r.thresholds[2], 0.0);
    QCOMPARE(r.truePositives[2], std::int64_t(2));
    QCOMPARE(r.falsePositives[2], std::int64_t(1));
}

ENGINE_TEST(labelValuesOtherThanZeroOne)
{
    const RocResult a = roc({0.1, 0.4, 0.35, 0.8}, {-1, -1, 1, 1});
    QFUZZY_COMPARE(a.aucRoc, 0.75, 1e-15);
    const RocResult b = roc({0.1, 0.4, 0.35, 0.8}, {2, 2, 5, 5});
    QCOMPARE(b.labels.positive, 5.0);
    QFUZZY_COMPARE(b.aucRoc, 0.75, 1e-15);
}

ENGINE_TEST(matchesReferenceOnLargeDataWithTies)
{
    // 300,000 rows (past the radix-sort cut-over), scores rounded to force ties, negatives too.
    std::mt19937_64 rng(7);
    std::normal_distribution<double> normal;
    std::vector<double> scores, labels;
    for (int i = 0; i < 300000; ++i) {
        const bool positive = rng() % 10 < 3;
        scores.push_back(std::round((normal(rng) + (positive ? 1.0 : 0.0)) * 1000.0) / 1000.0);
        labels.push_back(positive ? 1 : 0);
    }
    const RocResult r = roc(scores, labels);
    const Reference ref = referenceCurve(scores, labels);
    QCOMPARE(r.thresholds.size(), ref.thresholds.size() + 1);
    QVERIFY(std::equal(ref.thresholds.begin(), ref.thresholds.end(), r.thresholds.begin() + 1));
    QVERIFY(std::equal(ref.tps.begin(), ref.tps.end(), r.truePositives.begin() + 1));
    QVERIFY(std::equal(ref.fps.begin(), ref.fps.end(), r.falsePositives.begin() + 1));

    // AUC as the Mann-Whitney statistic; AP as the sum over the reference points.
    const double P = double(r.positives), N = double(r.negatives);
    double area = 0, ap = 0;
    long long prevTp = 0, prevFp = 0;
    for (std::size_t k = 0; k < ref.tps.size(); ++k) {
        area += double(ref.fps[k] - prevFp) * double(ref.tps[k] + prevTp) / 2.0;
        ap +=
            double(ref.tps[k] - prevTp) / P * double(ref.tps[k]) / double(ref.tps[k] + ref.fps[k]);
        prevTp = ref.tps[k];
        prevFp = ref.fps[k];
    }
    QFUZZY_COMPARE(r.aucRoc, area / (P * N), 1e-12);
    QFUZZY_COMPARE(r.averagePrecision, ap, 1e-12);
    QVERIFY(r.aucRoc > 0.7 && r.aucRoc < 0.8); // Phi(1 / sqrt 2) = 0.760
}

ENGINE_TEST(randomScoresGiveChanceLevels)
{
    std::mt19937_64 rng(11);
    std::uniform_real_distribution<double> uniform;
    std::vector<double> scores, labels;
    for (int i = 0; i < 200000; ++i) {
        scores.push_back(uniform(rng));
        labels.push_back(rng() % 5 == 0 ? 1 : 0);
    }
    const RocResult r = roc(scores, labels);
    QVERIFY(std::abs(r.aucRoc - 0.5) < 0.01);
    QVERIFY(std::abs(r.averagePrecision - 0.2) < 0.01); // AP of a random scorer ~ prevalence
}

ENGINE_TEST(histogramCountsEveryRow)
{
    RocParams p;
    p.scores = {0.0, 0.25, 0.5, 0.75, 1.0, 1.0};
    p.labels = {0, 0, 1, 0, 1, 1};
    p.histogramBins = 4;
    const RocResult r = mllab::computeRoc(p);
    QCOMPARE(r.histogram.lower, 0.0);
    QCOMPARE(r.histogram.upper, 1.0);
    QCOMPARE(r.histogram.negatives, (std::vector<std::int64_t>{1, 1, 0, 1}));
    QCOMPARE(r.histogram.positives, (std::vector<std::int64_t>{0, 0, 1, 2}));
}

ENGINE_TEST(thresholdMetricsFromTheCounts)
{
    const RocResult r = roc({0.1, 0.4, 0.35, 0.8}, {0, 0, 1, 1});
    // score >= 0.35 predicts positive: tp 2, fp 1, fn 0, tn 1.
    const auto m = mllab::metricsAt(r, 0.35, 2.0);
    QCOMPARE(m.counts.tp, std::int64_t(2));
    QCOMPARE(m.counts.fp, std::int64_t(1));
    QCOMPARE(m.counts.fn, std::int64_t(0));
    QCOMPARE(m.counts.tn, std::int64_t(1));
    QFUZZY_COMPARE(m.precision, 2.0 / 3.0, 1e-15);
    QCOMPARE(m.recall, 1.0);
    QFUZZY_COMPARE(m.f1, 0.8, 1e-15);
    QFUZZY_COMPARE(m.fBeta, 10.0 / 11.0, 1e-15); // beta 2: 5 tp / (5 tp + 4 fn + fp)
    QFUZZY_COMPARE(m.accuracy, 0.75, 1e-15);
    QFUZZY_COMPARE(m.mcc, 2.0 / std::sqrt(12.0), 1e-15);
    QFUZZY_COMPARE(m.specificity, 0.5, 1e-15);

    // A threshold between scores uses the next score up: 0.5 -> only 0.8 is positive.
    const auto between = mllab::metricsAt(r, 0.5);
    QCOMPARE(between.counts.tp, std::int64_t(1));
    QCOMPARE(between.counts.fp, std::int64_t(0));
    QCOMPARE(between.precision, 1.0);
    QCOMPARE(between.recall, 0.5);

    // Above every score nothing is positive: undefined precision is 0, MCC 0.
    const auto none = mllab::metricsAt(r, 0.9);
    QCOMPARE(none.counts.tp + none.counts.fp, std::int64_t(0));
    QCOMPARE(none.precision, 0.0);
    QCOMPARE(none.mcc, 0.0);
    QCOMPARE(none.accuracy, 0.5);

    // Below every score everything is positive.
    const auto all = mllab::metricsAt(r, -5.0);
    QCOMPARE(all.counts.tp, std::int64_t(2));
    QCOMPARE(all.counts.fp, std::int64_t(2));
}

ENGINE_TEST(confusionMatrixAddsUpAtEveryPoint)
{
    const RocResult r = roc({0.3, 0.3, 0.7, 0.1, 0.9, 0.5}, {1, 0, 1, 0, 0, 1});
    for (std::size_t k = 0; k < r.thresholds.size(); ++k) {
        const auto c = mllab::confusionAt(r, k);
        QCOMPARE(c.tp + c.fn, r.positives);
        QCOMPARE(c.fp + c.tn, r.negatives);
        QCOMPARE(mllab::rocPointAt(r, r.thresholds[k]), k);
    }
}

ENGINE_TEST(costOptimalThreshold)
{
    const RocResult r = roc({0.1, 0.4, 0.35, 0.8}, {0, 0, 1, 1});
    // Equal costs: FP + FN is 1 at 0.8 and at 0.35; ties go to the higher threshold.
    QCOMPARE(r.thresholds[mllab::costOptimalPoint(r, 1.0)], 0.8);
    // Missing a positive costs 10 false alarms: catch both positives.
    QCOMPARE(r.thresholds[mllab::costOptimalPoint(r, 10.0)], 0.35);
    // Misses are cheap: only the point without false alarms (0.8) beats predicting nothing.
    QCOMPARE(r.thresholds[mllab::costOptimalPoint(r, 0.1)], 0.8);
    const RocResult noisy = roc({0.9, 0.8, 0.1}, {0, 1, 0});
    QCOMPARE(noisy.thresholds[mllab::costOptimalPoint(noisy, 0.5)], inf);
}

ENGINE_TEST(thresholdCurveIsDecimatedForCharts)
{
    std::vector<double> scores, labels;
    for (int i = 0; i < 5000; ++i) {
        scores.push_back(i * 0.001);
        labels.push_back(i % 3 == 0 ? 1 : 0);
    }
    const RocResult r = roc(scores, labels);
    const auto c = mllab::thresholdCurve(r, 200);
    QCOMPARE(c.thresholds.size(), std::size_t(200));
    QCOMPARE(c.thresholds.front(), r.thresholds[1]);
    QCOMPARE(c.thresholds.back(), r.thresholds.back());
    QVERIFY(std::is_sorted(c.thresholds.rbegin(), c.thresholds.rend()));
    QCOMPARE(c.recall.back(), 1.0);
}

ENGINE_TEST(badLabelsAndScores)
{
    QVERIFY_THROWS_MESSAGE(roc({0.1, 0.2, 0.3}, {0, 1, 2}), InputError,
                           "column 'label' must hold exactly two classes, but row 3 has a third "
                           "value 2 (besides 0 and 1)");
    QVERIFY_THROWS_MESSAGE(roc({0.1, 0.2}, {1, 1}), InputError,
                           "column 'label' holds a single class (every label is 1)");
    QVERIFY_THROWS_MESSAGE(roc({0.1, std::nan("")}, {0, 1}), InputError,
                           "column 'score' has a NaN or infinite value at row 2");
    QVERIFY_THROWS_MESSAGE(roc({}, {}), InputError, "is empty");
    QVERIFY_THROWS_MESSAGE(roc({0.1}, {0, 1}), InputError, "has 1 values but 'label' has 2");

    RocParams p;
    p.scores = {0.1, 0.2, 0.3};
    p.labels = {0, 1, 7};
    p.labelName = "y";
    p.locate = [](std::size_t row) { return "line " + std::to_string(row + 2) + " of d.csv"; };
    QVERIFY_THROWS_MESSAGE(mllab::computeRoc(p), InputError,
                           "'y' must hold exactly two classes, "
                           "but line 4 of d.csv has a third value 7");
}

ENGINE_TEST(cancellationStopsTheSort)
{
    std::atomic<bool> cancel{true};
    mllab::Progress progress;
    progress.cancel = &cancel;
    RocParams p;
    p.scores.assign(100000, 0.5);
    p.labels.assign(100000, 0);
    p.labels[0] = 1;
    bool cancelled = false;
    try {
        mllab::computeRoc(p, progress);
    } catch (const mllab::Cancelled&) {
        cancelled = true;
    }
    QVERIFY(cancelled);
}

// The roc lab's pipeline (engine/labs/roc.h): what the lab shows, from a file and from a model.

namespace {

std::string writeFile(const std::string& path, const std::string& text)
{
    std::ofstream(path) << text;
    return path;
}

} // namespace

ENGINE_TEST(rocLabReadsAFilesScoresAndTheThreshold)
{
    mllab::labs::RocLabParams p;
    p.source = "csv";
    p.csvPath =
        writeFile("tst_metrics_roc_lab.csv", "id,p,y\n1,0.1,0\n2,0.4,0\n3,0.35,1\n4,0.8,1\n");
    p.scoreColumn = "p";
    p.labelColumn = "y";
    p.costRatio = 2;
    const mllab::labs::RocLabResult r = mllab::labs::computeRocLab(p);
    QCOMPARE(r.roc.aucRoc, 0.75);
    QCOMPARE(r.csvName, std::string("tst_metrics_roc_lab.csv"));
    QVERIFY(r.model.empty());
    // At 0.5 only the 0.8 is flagged.
    const mllab::ConfusionMatrix& c = r.readout.metrics.counts;
    QCOMPARE(c.tp, std::int64_t(1));
    QCOMPARE(c.fn, std::int64_t(1));
    QCOMPARE(c.fp, std::int64_t(0));
    QCOMPARE(c.tn, std::int64_t(2));
    QCOMPARE(r.readout.metrics.precision, 1.0);
    QCOMPARE(r.readout.metrics.recall, 0.5);
    // FP + 2 FN at inf, 0.8, 0.4, 0.35, 0.1: 4, 2, 3, 1, 2.
    QCOMPARE(r.roc.thresholds[r.readout.costPoint], 0.35);
    QCOMPARE(mllab::labs::costOptimalThreshold(r.roc, 2), 0.35);
    const nlohmann::json json = mllab::labs::rocLabJson(r);
    QCOMPARE(json["at_threshold"]["confusion"]["tp"].get<int>(), 1);
    QCOMPARE(json["at_threshold"]["cost_optimal_threshold"].get<double>(), 0.35);
    QCOMPARE(json["scored"]["csv"].get<std::string>(), std::string("tst_metrics_roc_lab.csv"));

    // A threshold above every score is brought down to the highest, which flags that row.
    p.threshold = 7;
    const mllab::labs::RocLabResult high = mllab::labs::computeRocLab(p);
    QCOMPARE(high.readout.threshold, 0.8);
    QCOMPARE(high.readout.metrics.counts.tp, std::int64_t(1));
    std::remove(p.csvPath.c_str());
}

ENGINE_TEST(rocLabScoresHeldOutRowsOfATrainedModel)
{
    // The defaults: two unit Gaussians 1.5 apart, logistic regression on 30 % of 100,000 rows.
    const mllab::labs::RocLabResult r = mllab::labs::computeRocLab({});
    QCOMPARE(r.model, std::string("logistic"));
    QCOMPARE(r.trainRows, std::size_t(30000));
    QCOMPARE(r.testRows, std::size_t(70000));
    QCOMPARE(r.roc.n, std::int64_t(70000));
    QCOMPARE(r.roc.positives, std::int64_t(35000));
    // The best possible AUC is Phi(1.5 / sqrt 2) = 0.8556.
    QVERIFY2(std::abs(r.roc.aucRoc - 0.8556) < 0.01, std::to_string(r.roc.aucRoc));
    const mllab::ThresholdMetrics at = mllab::metricsAt(r.roc, 0.5);
    QCOMPARE(r.readout.metrics.counts.tp, at.counts.tp);
    QCOMPARE(r.readout.metrics.counts.fp, at.counts.fp);
    QCOMPARE(mllab::labs::rocLabJson(r)["scored"]["test_rows"].get<int>(), 70000);
}

ENGINE_TEST(rocLabInputErrorsNameTheProblem)
{
    mllab::labs::RocLabParams p;
    p.source = "csv";
    QVERIFY_THROWS_MESSAGE(mllab::labs::computeRocLab(p), InputError, "Choose a CSV file");
    p.csvPath = writeFile("tst_metrics_roc_one_class.csv", "score,label\n0.1,1\n0.2,1\n");
    QVERIFY_THROWS_MESSAGE(mllab::labs::computeRocLab(p), InputError, "single class");
    std::remove(p.csvPath.c_str());
}

ENGINE_TEST_MAIN(tst_metrics)

namespace {

/// computeRoc against the plain reference, point by point, with AUC and AP.
void expectReference(const std::vector<double>& scores, const std::vector<double>& labels)
{
    const RocResult r = roc(scores, labels);
    const Reference ref = referenceCurve(scores, labels);
    QCOMPARE(r.thresholds.size(), ref.thresholds.size() + 1);
    QCOMPARE(r.thresholds[0], inf);
    for (std::size_t k = 0; k < ref.thresholds.size(); ++k) {
        // -0.0 and +0.0 are one score; the point may carry either sign.
        if (!(r.thresholds[k + 1] == ref.thresholds[k]) || r.truePositives[k + 1] != ref.tps[k] ||
            r.falsePositives[k + 1] != ref.fps[k])
            QFAIL("point " + std::to_string(k + 1) + " differs: threshold " +
                  enginetest::show(r.thresholds[k + 1]) + " against " +
                  enginetest::show(ref.thresholds[k]));
    }
    const double P = double(r.positives), N = double(r.negatives);
    long double area = 0, ap = 0;
    long long prevTp = 0, prevFp = 0;
    for (std::size_t k = 0; k < ref.tps.size(); ++k) {
        area += (long double)(ref.fps[k] - prevFp) * (long double)(ref.tps[k] + prevTp) / 2.0L;
        ap += (long double)(ref.tps[k] - prevTp) / P * (long double)ref.tps[k] /
              (long double)(ref.tps[k] + ref.fps[k]);
        prevTp = ref.tps[k];
        prevFp = ref.fps[k];
    }
    QFUZZY_COMPARE(r.aucRoc, double(area / (P * N)), 1e-12);
    QFUZZY_COMPARE(r.averagePrecision, double(ap), 1e-12);
}

} // namespace

ENGINE_TEST(matchesReferenceOnMillionsOfAwkwardScores)
{
    // Past the cut-over to several threads: scores spanning the whole double range (so the keys
    // need all 64 bits), ties, signed zeros, subnormals and dense clusters, each kind mixed in.
    std::mt19937_64 rng(11);
    std::normal_distribution<double> normal;
    const std::size_t n = 1'300'000;
    std::vector<double> scores(n), labels(n);
    for (std::size_t i = 0; i < n; ++i) {
        const bool positive = rng() % 7 < 2;
        labels[i] = positive ? 1.0 : 0.0;
        const double z = normal(rng) + (positive ? 0.8 : 0.0);
        switch (rng() % 6) {
        case 0:
            scores[i] = std::ldexp(z, int(rng() % 2000) - 1000);
            break; // +-1e-300..1e300
        case 1:
            scores[i] = std::round(z * 20.0) / 20.0;
            break; // heavy ties
        case 2:
            scores[i] = rng() % 2 ? 0.0 : -0.0;
            break;
        case 3:
            scores[i] = z * 1e-310;
            break; // subnormal
        case 4:
            scores[i] = 0.5 + z * 1e-12;
            break; // a dense cluster
        default:
            scores[i] = z;
            break;
        }
    }
    scores[17] = std::numeric_limits<double>::max();
    scores[18] = std::numeric_limits<double>::lowest();
    expectReference(scores, labels);
}

ENGINE_TEST(oneFarOutlierLeavesAlmostEveryScoreInOneBucket)
{
    // The top radix digit spans [min, max]: one huge score puts the rest in the lowest bucket,
    // which must still be sorted (and cancellable) as one large group.
    std::mt19937_64 rng(5);
    std::uniform_real_distribution<double> uniform;
    const std::size_t n = 1'100'000;
    std::vector<double> scores(n), labels(n);
    for (std::size_t i = 0; i < n; ++i) {
        labels[i] = i % 3 == 0 ? 1.0 : 0.0;
        scores[i] = uniform(rng) + (labels[i] > 0 ? 0.3 : 0.0);
    }
    scores[n / 2] = 1e300;
    expectReference(scores, labels);
    std::atomic<bool> cancel{true};
    mllab::Progress progress;
    progress.cancel = &cancel;
    RocParams p;
    p.scores = scores;
    p.labels = labels;
    QVERIFY_THROWS_MESSAGE(mllab::computeRoc(p, progress), mllab::Cancelled, "cancelled");
}

ENGINE_TEST(everyScoreEqualOrTwoDistinctOnManyRows)
{
    const std::size_t n = 1'100'000;
    std::vector<double> labels(n);
    for (std::size_t i = 0; i < n; ++i)
        labels[i] = i % 4 == 1 ? 1.0 : 0.0;
    expectReference(std::vector<double>(n, 0.25), labels);
    std::vector<double> two(n);
    for (std::size_t i = 0; i < n; ++i)
        two[i] = i % 5 == 0 ? -3.0 : 7.0;
    expectReference(two, labels);
}

ENGINE_TEST(badScoreOrLabelOnManyRowsIsNamed)
{
    // The checks run in parts on several threads: the first bad row overall is named.
    const std::size_t n = 1'100'000;
    std::vector<double> scores(n, 0.5), labels(n, 0.0);
    labels[3] = 1.0;
    std::vector<double> badScores = scores;
    badScores[900'001] = std::nan("");
    badScores[1'000'000] = inf;
    QVERIFY_THROWS_MESSAGE(roc(badScores, labels), InputError,
                           "column 'score' has a NaN or infinite value at row 900002");
    std::vector<double> badLabels = labels;
    badLabels[700'000] = 2.0;
    badLabels[1'000'000] = 3.0;
    QVERIFY_THROWS_MESSAGE(roc(scores, badLabels), InputError, "row 700001 has a third value 2");
    badLabels = labels;
    badLabels[999'999] = inf;
    QVERIFY_THROWS_MESSAGE(roc(scores, badLabels), InputError,
                           "NaN or infinite label at row 1000000");
}
