#include "engine/metrics.h"

#include "engine/parallel.h"
#include "engine/radixsort.h"

#include <emmintrin.h>

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
    double sum() const { return m_sum; }
    double compensation() const { return m_compensation; }

private:
    double m_sum = 0, m_compensation = 0;
};

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

constexpr int kTopBits = 11; // the first radix digit: 2,048 buckets per class
constexpr std::size_t kTopBuckets = std::size_t(1) << kTopBits;
constexpr std::size_t kRowsPerPart = std::size_t(1) << 19; // smaller inputs stay on one thread

[[noreturn]] void throwNonFiniteScore(const RocParams& p)
{
    const auto bad =
        std::find_if(p.scores.begin(), p.scores.end(), [](double v) { return !std::isfinite(v); });
    throw InputError("column '" + p.scoreName + "' has a NaN or infinite value at " +
                     describeRow(p.locate, std::size_t(bad - p.scores.begin())));
}

struct ScoreRange {
    double lowest = 0, highest = 0;
};

/// The smallest and largest score, checking that every score is finite (naming the first that
/// is not): two scores at a time per part, no branches.
ScoreRange scoreRange(const RocParams& p, std::size_t parts)
{
    std::vector<ScoreRange> ranges(parts);
    std::vector<char> finite(parts);
    runParts(parts, [&](std::size_t part) {
        const auto [begin, end] = partRange(p.scores.size(), parts, part);
        const double* s = p.scores.data();
        __m128d lo = _mm_set1_pd(s[begin]), hi = lo, ok = _mm_cmpeq_pd(lo, lo);
        const __m128d zero = _mm_setzero_pd();
        std::size_t i = begin;
        for (; i + 2 <= end; i += 2) {
            const __m128d v = _mm_loadu_pd(s + i);
            ok = _mm_and_pd(ok, _mm_cmpeq_pd(_mm_sub_pd(v, v), zero)); // x - x is 0 iff finite
            lo = _mm_min_pd(lo, v);
            hi = _mm_max_pd(hi, v);
        }
        double low[2], high[2];
        _mm_storeu_pd(low, lo);
        _mm_storeu_pd(high, hi);
        bool good = _mm_movemask_pd(ok) == 3 && std::isfinite(s[begin]);
        ScoreRange r{std::min(low[0], low[1]), std::max(high[0], high[1])};
        for (; i < end; ++i) {
            good &= std::isfinite(s[i]);
            r.lowest = std::min(r.lowest, s[i]);
            r.highest = std::max(r.highest, s[i]);
        }
        ranges[part] = r;
        finite[part] = good;
    });
    if (std::find(finite.begin(), finite.end(), 0) != finite.end())
        throwNonFiniteScore(p);
    ScoreRange all = ranges[0];
    for (const ScoreRange& r : ranges) {
        all.lowest = std::min(all.lowest, r.lowest);
        all.highest = std::max(all.highest, r.highest);
    }
    return all;
}

/// Whether every label is a or b: two labels at a time per part, no branches.
bool onlyTheseLabels(const std::vector<double>& labels, double a, double b, std::size_t parts)
{
    std::vector<char> only(parts);
    runParts(parts, [&](std::size_t part) {
        const auto [begin, end] = partRange(labels.size(), parts, part);
        const __m128d av = _mm_set1_pd(a), bv = _mm_set1_pd(b);
        __m128d ok = _mm_cmpeq_pd(av, av);
        std::size_t i = begin;
        for (; i + 2 <= end; i += 2) {
            const __m128d v = _mm_loadu_pd(labels.data() + i);
            ok = _mm_and_pd(ok, _mm_or_pd(_mm_cmpeq_pd(v, av), _mm_cmpeq_pd(v, bv)));
        }
        bool good = _mm_movemask_pd(ok) == 3;
        for (; i < end; ++i)
            good &= labels[i] == a || labels[i] == b;
        only[part] = good;
    });
    return std::find(only.begin(), only.end(), 0) == only.end();
}

/// Checks every label in order and names the first problem (the slow path of
/// checkBinaryLabels, taken only when the fast check fails).
BinaryLabels findLabelProblem(const std::vector<double>& labels, const std::string& column,
                              const RowLocator& locate)
{
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

/// The keys of one class in one top-level bucket: keys[begin, end) of the key array.
struct BucketRun {
    std::size_t begin = 0, end = 0;
    std::size_t size() const { return end - begin; }
};

/// What the ROC walk of a bucket adds: its points and its share of the areas.
struct BucketSummary {
    std::size_t distinct = 0;             ///< distinct scores (points)
    __int128 twiceArea = 0;               ///< 2 x its trapezoids under the ROC curve, in counts
    double apSum = 0, apCompensation = 0; ///< its terms of average precision
};

/// Everything the bucket passes share: the key array spread by top digit and class.
struct BucketedKeys {
    std::unique_ptr<std::uint64_t[]> keys;       ///< sortKey(score) - base
    std::uint64_t base = 0;                      ///< the smallest key
    int bits = 0;                                ///< keys are below 2^bits
    int shift = 0;                               ///< top digit = key >> shift
    std::vector<BucketRun> positives, negatives; ///< per top-level bucket
    std::vector<std::size_t> partStart;          ///< buckets of part t: [partStart[t], [t+1])
};

inline std::size_t topDigit(std::uint64_t key, int shift)
{
    return std::size_t(key >> shift);
}

/// Per part, per class and top digit, the number of rows: the counting pass of the spread.
std::vector<std::vector<std::size_t>> countTopDigits(const RocParams& p, const BucketedKeys& b,
                                                     double positive, std::size_t parts)
{
    std::vector<std::vector<std::size_t>> counts(parts);
    runParts(parts, [&](std::size_t part) {
        std::vector<std::size_t>& c = counts[part];
        c.assign(2 * kTopBuckets, 0);
        const auto [begin, end] = partRange(p.scores.size(), parts, part);
        for (std::size_t i = begin; i < end; ++i) {
            const std::size_t cls = p.labels[i] == positive ? 0 : kTopBuckets;
            ++c[cls + topDigit(detail::sortKey(p.scores[i]) - b.base, b.shift)];
        }
    });
    return counts;
}

/// Spreads the keys into their buckets, positives (all buckets ascending) before negatives:
/// every part writes its own rows at offsets computed from the counts, so all parts scatter at
/// once and the key array is first touched by the threads that fill it.
void spreadKeys(const RocParams& p, double positive, std::size_t parts, BucketedKeys& b)
{
    std::vector<std::vector<std::size_t>> next = countTopDigits(p, b, positive, parts);
    std::size_t offset = 0;
    b.positives.assign(kTopBuckets, {});
    b.negatives.assign(kTopBuckets, {});
    for (std::size_t slot = 0; slot < 2 * kTopBuckets; ++slot) {
        BucketRun& run = slot < kTopBuckets ? b.positives[slot] : b.negatives[slot - kTopBuckets];
        run.begin = offset;
        for (std::size_t part = 0; part < parts; ++part) {
            const std::size_t count = next[part][slot];
            next[part][slot] = offset;
            offset += count;
        }
        run.end = offset;
    }
    b.keys.reset(new std::uint64_t[p.scores.size()]);
    runParts(parts, [&](std::size_t part) {
        std::size_t* at = next[part].data();
        std::uint64_t* keys = b.keys.get();
        const auto [begin, end] = partRange(p.scores.size(), parts, part);
        for (std::size_t i = begin; i < end; ++i) {
            const std::uint64_t key = detail::sortKey(p.scores[i]) - b.base;
            const std::size_t cls = p.labels[i] == positive ? 0 : kTopBuckets;
            keys[at[cls + topDigit(key, b.shift)]++] = key;
        }
    });
}

/// Cuts the buckets into `parts` ranges of about equal numbers of keys.
std::vector<std::size_t> balanceBuckets(const BucketedKeys& b, std::size_t n, std::size_t parts)
{
    std::vector<std::size_t> start(parts + 1, kTopBuckets);
    start[0] = 0;
    std::size_t seen = 0, part = 1;
    for (std::size_t d = 0; d < kTopBuckets && part < parts; ++d) {
        seen += b.positives[d].size() + b.negatives[d].size();
        while (part < parts && seen >= n * part / parts)
            start[part++] = d + 1;
    }
    return start;
}

/// Sorts both classes' keys of every bucket (in cache, one part per thread) and counts the
/// distinct keys of each bucket, which places its points in the result.
std::vector<std::size_t> sortBuckets(BucketedKeys& b, std::size_t parts, const Progress& progress)
{
    std::vector<std::size_t> distinct(kTopBuckets, 0);
    runParts(parts, [&](std::size_t part) {
        std::size_t largest = 0;
        for (std::size_t d = b.partStart[part]; d < b.partStart[part + 1]; ++d)
            largest = std::max({largest, b.positives[d].size(), b.negatives[d].size()});
        std::vector<std::uint64_t> scratch(largest);
        std::size_t sinceCheck = 0;
        for (std::size_t d = b.partStart[part]; d < b.partStart[part + 1]; ++d) {
            for (const BucketRun& run : {b.positives[d], b.negatives[d]})
                detail::sortKeys(b.keys.get() + run.begin, scratch.data(), run.size(), b.shift,
                                 progress);
            // Distinct keys of the two sorted runs together.
            const std::uint64_t* pos = b.keys.get() + b.positives[d].begin;
            const std::uint64_t* neg = b.keys.get() + b.negatives[d].begin;
            const std::uint64_t* posEnd = pos + b.positives[d].size();
            const std::uint64_t* negEnd = neg + b.negatives[d].size();
            std::size_t count = 0;
            while (pos != posEnd || neg != negEnd) {
                const std::uint64_t key =
                    neg == negEnd || (pos != posEnd && *pos < *neg) ? *pos : *neg;
                while (pos != posEnd && *pos == key)
                    ++pos;
                while (neg != negEnd && *neg == key)
                    ++neg;
                ++count;
            }
            distinct[d] = count;
            sinceCheck += b.positives[d].size() + b.negatives[d].size();
            if (sinceCheck >= (std::size_t(1) << 18)) {
                progress.checkCancelled();
                sinceCheck = 0;
            }
        }
    });
    return distinct;
}

/// Where each bucket's points go and the counts above it: buckets are walked from the highest
/// scores down, after the +inf point.
struct BucketPlacement {
    std::vector<std::size_t> firstPoint;
    std::vector<std::int64_t> tpAbove, fpAbove;
    std::size_t points = 1;
};

BucketPlacement placeBuckets(const BucketedKeys& b, const std::vector<std::size_t>& distinct)
{
    BucketPlacement at;
    at.firstPoint.resize(kTopBuckets);
    at.tpAbove.resize(kTopBuckets);
    at.fpAbove.resize(kTopBuckets);
    std::int64_t tp = 0, fp = 0;
    for (std::size_t d = kTopBuckets; d-- > 0;) {
        at.firstPoint[d] = at.points;
        at.tpAbove[d] = tp;
        at.fpAbove[d] = fp;
        at.points += distinct[d];
        tp += std::int64_t(b.positives[d].size());
        fp += std::int64_t(b.negatives[d].size());
    }
    return at;
}

/// Walks one bucket's two sorted runs from their largest keys down, one ROC point per distinct
/// key, and sums its trapezoids (exact, in counts) and its average-precision terms.
BucketSummary walkBucket(const BucketedKeys& b, std::size_t d, const BucketPlacement& at,
                         double positivesTotal, RocResult& r)
{
    BucketSummary s;
    const std::uint64_t* pos = b.keys.get() + b.positives[d].begin;
    const std::uint64_t* neg = b.keys.get() + b.negatives[d].begin;
    std::size_t i = b.positives[d].size(), j = b.negatives[d].size();
    std::size_t k = at.firstPoint[d];
    std::int64_t tp = at.tpAbove[d], fp = at.fpAbove[d];
    CompensatedSum ap;
    while (i > 0 || j > 0) {
        const std::uint64_t key = i == 0   ? neg[j - 1]
                                  : j == 0 ? pos[i - 1]
                                           : std::max(pos[i - 1], neg[j - 1]);
        const std::int64_t tpBefore = tp, fpBefore = fp;
        while (i > 0 && pos[i - 1] == key) {
            --i;
            ++tp;
        }
        while (j > 0 && neg[j - 1] == key) {
            --j;
            ++fp;
        }
        r.thresholds[k] = detail::keyValue(key + b.base);
        r.truePositives[k] = tp;
        r.falsePositives[k] = fp;
        ++k;
        s.twiceArea += __int128(fp - fpBefore) * (tp + tpBefore);
        if (tp != tpBefore)
            ap.add(double(tp - tpBefore) / positivesTotal * (double(tp) / double(tp + fp)));
    }
    s.distinct = k - at.firstPoint[d];
    s.apSum = ap.sum();
    s.apCompensation = ap.compensation();
    return s;
}

/// Emits every bucket's points in parallel, then adds the buckets' areas in descending order
/// (the same order for any number of parts).
void emitPoints(const BucketedKeys& b, const BucketPlacement& at, std::size_t parts, RocResult& r,
                const Progress& progress)
{
    r.thresholds.resize(at.points);
    r.truePositives.resize(at.points);
    r.falsePositives.resize(at.points);
    r.thresholds[0] = std::numeric_limits<double>::infinity();
    r.truePositives[0] = 0;
    r.falsePositives[0] = 0;
    std::vector<BucketSummary> summaries(kTopBuckets);
    const double positivesTotal = double(r.positives);
    runParts(parts, [&](std::size_t part) {
        std::size_t sinceCheck = 0;
        for (std::size_t d = b.partStart[part]; d < b.partStart[part + 1]; ++d) {
            summaries[d] = walkBucket(b, d, at, positivesTotal, r);
            sinceCheck += b.positives[d].size() + b.negatives[d].size();
            if (sinceCheck >= (std::size_t(1) << 18)) {
                progress.checkCancelled();
                sinceCheck = 0;
            }
        }
    });
    __int128 twiceArea = 0;
    CompensatedSum ap;
    for (std::size_t d = kTopBuckets; d-- > 0;) {
        twiceArea += summaries[d].twiceArea;
        ap.add(summaries[d].apSum);
        ap.add(summaries[d].apCompensation);
    }
    r.aucRoc = double(twiceArea) / (2.0 * double(r.positives) * double(r.negatives));
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
    // The fast path: the first two values, then one branch-free pass checking that no label is
    // anything else. Any problem sends the whole column through the slow path, which names it.
    const double a = labels[0];
    const auto other = std::find_if(labels.begin(), labels.end(), [a](double v) { return v != a; });
    if (other == labels.end() || !std::isfinite(a) || !std::isfinite(*other) ||
        !onlyTheseLabels(labels, a, *other, partsFor(labels.size(), kRowsPerPart)))
        return findLabelProblem(labels, column, locate);
    return {std::min(a, *other), std::max(a, *other)};
}

RocResult computeRoc(const RocParams& params, const Progress& progress)
{
    if (params.scores.size() != params.labels.size())
        throw InputError("'" + params.scoreName + "' has " + std::to_string(params.scores.size()) +
                         " values but '" + params.labelName + "' has " +
                         std::to_string(params.labels.size()));
    RocResult r;
    r.labels = checkBinaryLabels(params.labels, params.labelName, params.locate);
    const std::size_t n = params.scores.size();
    const std::size_t parts = partsFor(n, kRowsPerPart);
    r.n = std::int64_t(n);

    BucketedKeys b;
    const ScoreRange range = scoreRange(params, parts);
    b.base = detail::sortKey(range.lowest);
    b.bits = detail::bitWidth(detail::sortKey(range.highest) - b.base);
    b.shift = std::max(0, b.bits - kTopBits);
    spreadKeys(params, r.labels.positive, parts, b);
    r.positives = std::int64_t(b.positives.back().end);
    r.negatives = r.n - r.positives;
    progress.update(0.1, "sorting scores");

    b.partStart = balanceBuckets(b, n, parts);
    const std::vector<std::size_t> distinct = sortBuckets(b, parts, progress);
    progress.update(0.6, "building the curves");
    emitPoints(b, placeBuckets(b, distinct), parts, r, progress);
    b.keys.reset();
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
