#include "engine/metrics.h"

#include "engine/radixsort.h"

#include <algorithm>
#include <cmath>
#include <exception>
#include <limits>
#include <memory>
#include <sstream>
#include <thread>

namespace mllab {
namespace {

std::string formatValue(double v)
{
    std::ostringstream out;
    out.precision(10);
    out << v;
    return out.str();
}

/// Neumaier's compensated sum: keeps long sums of small terms accurate to a few ulps.
class CompensatedSum {
public:
    void add(double x)
    {
        const double t = m_sum + x;
        m_compensation += std::abs(m_sum) >= std::abs(x) ? (m_sum - t) + x : (x - t) + m_sum;
        m_sum = t;
    }
    double value() const { return m_sum + m_compensation; }

private:
    double m_sum = 0, m_compensation = 0;
};

void checkScores(const RocParams& p)
{
    if (p.scores.size() != p.labels.size())
        throw InputError("'" + p.scoreName + "' has " + std::to_string(p.scores.size()) +
                         " values but '" + p.labelName + "' has " +
                         std::to_string(p.labels.size()));
    for (std::size_t i = 0; i < p.scores.size(); ++i)
        if (!std::isfinite(p.scores[i]))
            throw InputError("column '" + p.scoreName + "' has a NaN or infinite value at " +
                             describeRow(p.locate, i));
}

ScoreHistogram scoreHistogram(const RocParams& p, const BinaryLabels& labels)
{
    ScoreHistogram h;
    const auto [lo, hi] = std::minmax_element(p.scores.begin(), p.scores.end());
    h.lower = *lo;
    h.upper = *hi > *lo ? *hi : *lo + 1.0;
    const std::size_t bins = std::size_t(p.histogramBins);
    h.positives.assign(bins, 0);
    h.negatives.assign(bins, 0);
    const double scale = double(bins) / (h.upper - h.lower);
    for (std::size_t i = 0; i < p.scores.size(); ++i) {
        const auto b = std::min(bins - 1, std::size_t((p.scores[i] - h.lower) * scale));
        ++(p.labels[i] == labels.positive ? h.positives : h.negatives)[b];
    }
    return h;
}

/// Walks the two ascending key arrays from their ends, one ROC point per distinct score.
void walkDistinctScores(const std::uint64_t* pos, std::size_t np, const std::uint64_t* neg,
                        std::size_t nn, RocResult& r, const Progress& progress)
{
    std::size_t i = np, j = nn;
    std::int64_t tp = 0, fp = 0;
    std::size_t steps = 0;
    while (i > 0 || j > 0) {
        if ((++steps & 0xFFFFF) == 0)
            progress.checkCancelled();
        std::uint64_t key = 0;
        if (i > 0 && j > 0)
            key = std::max(pos[i - 1], neg[j - 1]);
        else
            key = i > 0 ? pos[i - 1] : neg[j - 1];
        while (i > 0 && pos[i - 1] == key) {
            --i;
            ++tp;
        }
        while (j > 0 && neg[j - 1] == key) {
            --j;
            ++fp;
        }
        r.thresholds.push_back(detail::keyValue(key));
        r.truePositives.push_back(tp);
        r.falsePositives.push_back(fp);
    }
}

void fillRates(RocResult& r)
{
    const std::size_t m = r.thresholds.size();
    const double P = double(r.positives), N = double(r.negatives);
    r.fpr.resize(m);
    r.tpr.resize(m);
    r.precision.resize(m);
    r.recall.resize(m);
    CompensatedSum ap;
    __int128 twiceArea = 0;
    for (std::size_t k = 0; k < m; ++k) {
        const std::int64_t tp = r.truePositives[k], fp = r.falsePositives[k];
        r.fpr[k] = double(fp) / N;
        r.tpr[k] = double(tp) / P;
        if (k == 0)
            continue;
        const std::int64_t dtp = tp - r.truePositives[k - 1];
        twiceArea += __int128(fp - r.falsePositives[k - 1]) * (tp + r.truePositives[k - 1]);
        const double precision = double(tp) / double(tp + fp);
        // precision_recall_curve order: the last ROC point comes first, the +inf point becomes
        // the closing (recall 0, precision 1).
        r.precision[m - 1 - k] = precision;
        r.recall[m - 1 - k] = r.tpr[k];
        if (dtp)
            ap.add(double(dtp) / P * precision);
    }
    r.precision[m - 1] = 1.0;
    r.recall[m - 1] = 0.0;
    r.aucRoc = double(twiceArea) / (2.0 * P * N);
    r.averagePrecision = ap.value();
}

} // namespace

std::string describeRow(const RowLocator& locate, std::size_t row)
{
    return locate ? locate(row) : "row " + std::to_string(row + 1);
}

BinaryLabels checkBinaryLabels(const std::vector<double>& labels, const std::string& column,
                               const RowLocator& locate)
{
    if (labels.empty())
        throw InputError("column '" + column + "' is empty: need labels of two classes");
    const double a = labels[0];
    double b = a;
    bool haveB = false;
    for (std::size_t i = 0; i < labels.size(); ++i) {
        const double v = labels[i];
        if (!std::isfinite(v))
            throw InputError("column '" + column + "' has a NaN or infinite label at " +
                             describeRow(locate, i));
        if (v == a || (haveB && v == b))
            continue;
        if (!haveB) {
            b = v;
            haveB = true;
            continue;
        }
        throw InputError("column '" + column + "' must hold exactly two classes, but " +
                         describeRow(locate, i) + " has a third value " + formatValue(v) +
                         " (besides " + formatValue(std::min(a, b)) + " and " +
                         formatValue(std::max(a, b)) + ")");
    }
    if (!haveB)
        throw InputError("column '" + column + "' holds a single class (every label is " +
                         formatValue(a) + "): need both positives and negatives");
    return {std::min(a, b), std::max(a, b)};
}

RocResult computeRoc(const RocParams& params, const Progress& progress)
{
    checkScores(params);
    RocResult r;
    r.labels = checkBinaryLabels(params.labels, params.labelName, params.locate);
    const std::size_t n = params.scores.size();
    r.n = std::int64_t(n);

    // Positives fill the key array from the front, negatives from the back.
    std::unique_ptr<std::uint64_t[]> keys(new std::uint64_t[n]);
    std::unique_ptr<std::uint64_t[]> buffer(new std::uint64_t[n]);
    std::size_t front = 0, back = n;
    for (std::size_t i = 0; i < n; ++i) {
        const std::uint64_t k = detail::sortKey(params.scores[i]);
        if (params.labels[i] == r.labels.positive)
            keys[front++] = k;
        else
            keys[--back] = k;
    }
    r.positives = std::int64_t(front);
    r.negatives = std::int64_t(n - front);
    progress.update(0.1, "sorting scores");
    // The two classes sort independently: on a second thread when there is enough work.
    const std::uint64_t* pos = nullptr;
    const std::uint64_t* neg = nullptr;
    std::exception_ptr sortError;
    if (n >= (std::size_t(1) << 20) && std::thread::hardware_concurrency() > 1) {
        std::thread positives([&] {
            try {
                pos = detail::radixSort(keys.get(), buffer.get(), front, progress);
            } catch (...) {
                sortError = std::current_exception();
            }
        });
        std::exception_ptr ownError;
        try {
            neg = detail::radixSort(keys.get() + front, buffer.get() + front, n - front, progress);
        } catch (...) {
            ownError = std::current_exception();
        }
        positives.join();
        if (ownError || sortError)
            std::rethrow_exception(ownError ? ownError : sortError);
    } else {
        pos = detail::radixSort(keys.get(), buffer.get(), front, progress);
        neg = detail::radixSort(keys.get() + front, buffer.get() + front, n - front, progress);
    }
    progress.update(0.8, "building the curves");

    r.thresholds.reserve(n + 1);
    r.truePositives.reserve(n + 1);
    r.falsePositives.reserve(n + 1);
    r.thresholds.push_back(std::numeric_limits<double>::infinity());
    r.truePositives.push_back(0);
    r.falsePositives.push_back(0);
    walkDistinctScores(pos, front, neg, n - front, r, progress);
    keys.reset();
    buffer.reset();
    fillRates(r);
    if (params.histogramBins > 0)
        r.histogram = scoreHistogram(params, r.labels);
    progress.update(1.0, "done");
    return r;
}

ThresholdMetrics computeThresholdMetrics(const ConfusionMatrix& c, double beta)
{
    ThresholdMetrics m;
    m.counts = c;
    const auto ratio = [](double num, double den) { return den > 0 ? num / den : 0.0; };
    const double tp = double(c.tp), fp = double(c.fp), tn = double(c.tn), fn = double(c.fn);
    m.precision = ratio(tp, tp + fp);
    m.recall = ratio(tp, tp + fn);
    m.specificity = ratio(tn, tn + fp);
    m.fpr = ratio(fp, fp + tn);
    m.accuracy = ratio(tp + tn, tp + fp + tn + fn);
    // F-scores from the counts, as scikit-learn: (1 + b²) tp / ((1 + b²) tp + b² fn + fp).
    const double b2 = beta * beta;
    m.f1 = ratio(2 * tp, 2 * tp + fn + fp);
    m.fBeta = ratio((1 + b2) * tp, (1 + b2) * tp + b2 * fn + fp);
    const double den = (tp + fp) * (tp + fn) * (tn + fp) * (tn + fn);
    m.mcc = den > 0 ? (tp * tn - fp * fn) / std::sqrt(den) : 0.0;
    return m;
}

std::size_t rocPointAt(const RocResult& roc, double threshold)
{
    // thresholds descend; the point in effect is the last one with thresholds[k] >= threshold.
    const auto it = std::partition_point(roc.thresholds.begin(), roc.thresholds.end(),
                                         [threshold](double t) { return t >= threshold; });
    return it == roc.thresholds.begin() ? 0 : std::size_t(it - roc.thresholds.begin()) - 1;
}

ConfusionMatrix confusionAt(const RocResult& roc, std::size_t point)
{
    ConfusionMatrix c;
    c.tp = roc.truePositives.at(point);
    c.fp = roc.falsePositives.at(point);
    c.fn = roc.positives - c.tp;
    c.tn = roc.negatives - c.fp;
    return c;
}

ThresholdMetrics metricsAt(const RocResult& roc, double threshold, double beta)
{
    ThresholdMetrics m =
        computeThresholdMetrics(confusionAt(roc, rocPointAt(roc, threshold)), beta);
    m.threshold = threshold;
    return m;
}

std::size_t costOptimalPoint(const RocResult& roc, double costRatio)
{
    std::size_t best = 0;
    double bestCost = std::numeric_limits<double>::infinity();
    for (std::size_t k = 0; k < roc.thresholds.size(); ++k) {
        const double cost = double(roc.falsePositives[k]) +
                            costRatio * double(roc.positives - roc.truePositives[k]);
        if (cost < bestCost) {
            bestCost = cost;
            best = k;
        }
    }
    return best;
}

ThresholdCurve thresholdCurve(const RocResult& roc, std::size_t maxPoints, double beta)
{
    ThresholdCurve c;
    const std::size_t m = roc.thresholds.size();
    if (m < 2 || maxPoints == 0)
        return c;
    const std::size_t finite = m - 1;
    const std::size_t count = std::min(finite, std::max<std::size_t>(maxPoints, 2));
    for (std::size_t s = 0; s < count; ++s) {
        const std::size_t k = 1 + (count == 1 ? 0 : s * (finite - 1) / (count - 1));
        const ThresholdMetrics t = computeThresholdMetrics(confusionAt(roc, k), beta);
        c.thresholds.push_back(roc.thresholds[k]);
        c.precision.push_back(t.precision);
        c.recall.push_back(t.recall);
        c.f1.push_back(t.f1);
        c.fBeta.push_back(t.fBeta);
    }
    return c;
}

} // namespace mllab
