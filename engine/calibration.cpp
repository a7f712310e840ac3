#include "engine/calibration.h"

#include "engine/fastexp.h"
#include "engine/parallel.h"

#include <Eigen/Core>

#include <emmintrin.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <sstream>

namespace mllab {
namespace {

constexpr std::size_t kChunk = std::size_t(1) << 18; // rows between cancellation checks

std::string formatValue(double v)
{
    std::ostringstream out;
    out.precision(10);
    out << v;
    return out.str();
}

void checkInputs(const CalibrationParams& p)
{
    if (p.bins < 1 || p.bins > 10000)
        throw InputError("bins must be from 1 to 10000 (got " + std::to_string(p.bins) + ")");
    if (p.probabilities.size() != p.labels.size())
        throw InputError("'" + p.probName + "' has " + std::to_string(p.probabilities.size()) +
                         " values but '" + p.labelName + "' has " +
                         std::to_string(p.labels.size()));
    if (p.probabilities.empty())
        throw InputError("no probabilities to calibrate: need at least one row");
}

[[noreturn]] void throwBadProbability(const CalibrationParams& p, std::size_t row)
{
    throw InputError("column '" + p.probName + "' must hold probabilities in [0, 1], but " +
                     describeRow(p.locate, row) + " has " + formatValue(p.probabilities[row]));
}

[[noreturn]] void throwBadLabel(const CalibrationParams& p, std::size_t row)
{
    throw InputError("column '" + p.labelName + "' must hold 0 or 1 (1: the class whose " +
                     "probability is given), but " + describeRow(p.locate, row) + " has " +
                     formatValue(p.labels[row]));
}

/// Names the first row of [start, start + len) that is not a probability in [0, 1] with a 0/1
/// label; returns if there is none.
void throwFirstBadRow(const CalibrationParams& p, std::size_t start, std::size_t len)
{
    for (std::size_t i = start; i < start + len; ++i) {
        if (!(p.probabilities[i] >= 0.0 && p.probabilities[i] <= 1.0)) // also catches NaN
            throwBadProbability(p, i);
        if (p.labels[i] != 0.0 && p.labels[i] != 1.0)
            throwBadLabel(p, i);
    }
}

inline bool validRow(double p, double y)
{
    return (p >= 0.0) & (p <= 1.0) & ((y == 0.0) | (y == 1.0));
}

/// The all-ones mask of the rows that hold a probability in [0, 1] and a 0/1 label (SSE2).
inline __m128d validRows(__m128d p, __m128d y)
{
    const __m128d zero = _mm_setzero_pd(), one = _mm_set1_pd(1.0);
    return _mm_and_pd(_mm_and_pd(_mm_cmpge_pd(p, zero), _mm_cmple_pd(p, one)),
                      _mm_or_pd(_mm_cmpeq_pd(y, zero), _mm_cmpeq_pd(y, one)));
}

/// Whether every row of p[0..n), y[0..n) is valid: two rows at a time, no branches.
bool allValid(const double* p, const double* y, std::size_t n)
{
    __m128d ok = _mm_castsi128_pd(_mm_set1_epi32(-1));
    std::size_t i = 0;
    for (; i + 2 <= n; i += 2)
        ok = _mm_and_pd(ok, validRows(_mm_loadu_pd(p + i), _mm_loadu_pd(y + i)));
    bool valid = _mm_movemask_pd(ok) == 3;
    for (; i < n; ++i)
        valid &= validRow(p[i], y[i]);
    return valid;
}

/// The uniform bin of p: searchsorted(inner edges, p, side='left') on the edges i * (1 / bins)
/// of uniformEdges. floor(p bins) is that bin up to rounding at an edge, which one compare
/// each way corrects.
inline std::uint32_t uniformBinOf(double p, std::size_t bins, double step)
{
    std::size_t b = std::min(bins - 1, std::size_t(p * double(bins)));
    b -= std::size_t(b > 0 && p <= double(b) * step);
    b += std::size_t(b + 1 < bins && p > double(b + 1) * step);
    return std::uint32_t(b);
}

/// uniformBinOf for p[0..len) into bin[], and whether every row is valid (validRows), in one
/// branch-free pass of two rows at a time: the edges are recomputed, not looked up.
bool uniformBinsAndValidity(const double* p, const double* y, std::size_t len, std::size_t bins,
                            std::uint32_t* bin)
{
    const double step = 1.0 / double(bins);
    const __m128d zero = _mm_setzero_pd(), one = _mm_set1_pd(1.0);
    const __m128d binCount = _mm_set1_pd(double(bins)), lastBin = _mm_set1_pd(double(bins - 1));
    const __m128d stepV = _mm_set1_pd(step);
    __m128d ok = _mm_castsi128_pd(_mm_set1_epi32(-1));
    std::size_t i = 0;
    for (; i + 2 <= len; i += 2) {
        const __m128d pv = _mm_loadu_pd(p + i);
        ok = _mm_and_pd(ok, validRows(pv, _mm_loadu_pd(y + i)));
        // A NaN or out-of-range p gives a meaningless bin here; `ok` reports it.
        __m128d b =
            _mm_cvtepi32_pd(_mm_cvttpd_epi32(_mm_min_pd(_mm_mul_pd(pv, binCount), lastBin)));
        const __m128d next = _mm_add_pd(b, one);
        const __m128d down = _mm_and_pd(
            _mm_and_pd(_mm_cmpgt_pd(b, zero), _mm_cmple_pd(pv, _mm_mul_pd(b, stepV))), one);
        const __m128d up = _mm_and_pd(
            _mm_and_pd(_mm_cmplt_pd(next, binCount), _mm_cmpgt_pd(pv, _mm_mul_pd(next, stepV))),
            one);
        b = _mm_add_pd(_mm_sub_pd(b, down), up);
        _mm_storel_epi64(reinterpret_cast<__m128i*>(bin + i), _mm_cvttpd_epi32(b));
    }
    bool valid = _mm_movemask_pd(ok) == 3;
    for (; i < len; ++i) {
        valid &= validRow(p[i], y[i]);
        bin[i] = valid ? uniformBinOf(p[i], bins, step) : 0;
    }
    return valid;
}

/// Uniform edges exactly as np.linspace(0, 1, bins + 1).
std::vector<double> uniformEdges(int bins)
{
    std::vector<double> edges(std::size_t(bins) + 1);
    const double step = 1.0 / double(bins);
    for (int i = 0; i < bins; ++i)
        edges[std::size_t(i)] = double(i) * step + 0.0;
    edges.back() = 1.0;
    return edges;
}

/// The values of the given ranks (sorted, 0-based) of probabilities in [0, 1], in O(n): a
/// histogram of floor(p 2^16) finds the bucket of each rank (the map is monotone, so ranks are
/// exact), then only those buckets are gathered and partially sorted.
std::vector<double> orderStatistics(const std::vector<double>& values,
                                    const std::vector<std::size_t>& ranks, const Progress& progress)
{
    constexpr std::size_t buckets = (std::size_t(1) << 16) + 1; // p = 1 gets the last bucket
    const auto bucketOf = [](double p) { return std::size_t(p * double(buckets - 1)); };
    std::vector<std::size_t> start(buckets + 1, 0);
    for (const double p : values)
        ++start[bucketOf(p) + 1];
    for (std::size_t b = 0; b < buckets; ++b)
        start[b + 1] += start[b];
    progress.checkCancelled();
    std::vector<int> slot(buckets, -1); // wanted buckets -> index into `gathered`
    std::vector<std::vector<double>> gathered;
    std::vector<std::size_t> bucketOfRank;
    for (const std::size_t rank : ranks) {
        const std::size_t b =
            std::size_t(std::upper_bound(start.begin(), start.end(), rank) - start.begin()) - 1;
        bucketOfRank.push_back(b);
        if (slot[b] < 0) {
            slot[b] = int(gathered.size());
            gathered.emplace_back();
            gathered.back().reserve(start[b + 1] - start[b]);
        }
    }
    for (const double p : values)
        if (const int k = slot[bucketOf(p)]; k >= 0)
            gathered[std::size_t(k)].push_back(p);
    std::vector<double> out;
    for (std::size_t i = 0; i < ranks.size(); ++i) {
        auto& v = gathered[std::size_t(slot[bucketOfRank[i]])];
        const auto nth = v.begin() + std::ptrdiff_t(ranks[i] - start[bucketOfRank[i]]);
        std::nth_element(v.begin(), nth, v.end());
        out.push_back(*nth);
    }
    return out;
}

/// Quantile edges exactly as np.percentile(p, np.linspace(0, 1, bins + 1) * 100) with numpy's
/// default linear method: virtual index (n - 1) q and numpy's two-sided lerp.
std::vector<double> quantileEdges(const std::vector<double>& probabilities, int bins,
                                  const Progress& progress)
{
    const std::size_t n = probabilities.size();
    const std::vector<double> uniform = uniformEdges(bins);
    std::vector<std::size_t> previous(uniform.size()), next(uniform.size());
    std::vector<double> gamma(uniform.size());
    std::vector<std::size_t> wanted;
    for (std::size_t i = 0; i < uniform.size(); ++i) {
        const double q = (uniform[i] * 100.0) / 100.0;
        const double virtualIndex = double(n - 1) * q;
        if (virtualIndex >= double(n - 1)) {
            previous[i] = next[i] = n - 1;
        } else {
            previous[i] = std::size_t(std::floor(virtualIndex));
            next[i] = previous[i] + 1;
        }
        gamma[i] = virtualIndex - std::floor(virtualIndex);
        wanted.push_back(previous[i]);
        wanted.push_back(next[i]);
    }
    std::sort(wanted.begin(), wanted.end());
    wanted.erase(std::unique(wanted.begin(), wanted.end()), wanted.end());

    const std::vector<double> ranked = orderStatistics(probabilities, wanted, progress);
    const auto valueAt = [&](std::size_t rank) {
        return ranked[std::size_t(std::lower_bound(wanted.begin(), wanted.end(), rank) -
                                  wanted.begin())];
    };
    std::vector<double> edges(uniform.size());
    for (std::size_t i = 0; i < uniform.size(); ++i) {
        const double a = valueAt(previous[i]), b = valueAt(next[i]);
        const double t = gamma[i];
        const double diff = b - a;
        edges[i] = t >= 0.5 ? b - diff * (1.0 - t) : a + diff * t;
    }
    return edges;
}

/// searchsorted(edges[1:-1], p, side='left'): the number of inner edges strictly below p, by a
/// branch-free binary search (the compare selects the half with a conditional move, and the
/// number of steps depends only on the bin count), so random probabilities cost no
/// mispredicted branches.
inline std::size_t quantileBinOf(double p, const std::vector<double>& edges)
{
    const double* const inner = edges.data() + 1;
    std::size_t count = edges.size() - 2;
    if (count == 0)
        return 0;
    const double* base = inner;
    while (count > 1) {
        const std::size_t half = count / 2;
        base = base[half] < p ? base + half : base;
        count -= half;
    }
    return std::size_t(base - inner) + std::size_t(*base < p);
}

/// Accumulates log(prod q) without underflow: four interleaved running products (independent
/// multiply chains, which the compiler keeps in vector registers) take eight factors each, then
/// the binary exponent of each product moves into an integer. Exact to a few ulps per factor,
/// and much cheaper than one log per row.
class LogProduct {
public:
    static constexpr std::size_t kLanes = 4, kGroup = 8 * kLanes;

    /// Multiplies q[0..kGroup), each in [eps, 1]: eight factors per lane stay far above the
    /// smallest normal double.
    void multiplyGroup(const double* q)
    {
        for (std::size_t j = 0; j < kGroup; j += kLanes)
            for (std::size_t l = 0; l < kLanes; ++l)
                m_product[l] *= q[j + l];
        normalise();
    }
    /// Fewer than kGroup factors (the tail of a block).
    void multiplyTail(const double* q, std::size_t count)
    {
        for (std::size_t i = 0; i < count; ++i) {
            m_product[i % kLanes] *= q[i];
            if (i % kGroup == kGroup - 1)
                normalise();
        }
        normalise();
    }
    double log() const
    {
        double sum = 0;
        for (std::size_t l = 0; l < kLanes; ++l)
            sum += std::log(m_product[l]);
        return sum + double(m_exponent) * std::log(2.0);
    }

private:
    void normalise()
    {
        for (std::size_t l = 0; l < kLanes; ++l) {
            std::uint64_t bits;
            std::memcpy(&bits, &m_product[l], sizeof bits);
            m_exponent += int((bits >> 52) & 0x7ff) - 1022; // m_product = m 2^e, m in [0.5, 1)
            bits = (bits & ~(std::uint64_t(0x7ff) << 52)) | (std::uint64_t(1022) << 52);
            std::memcpy(&m_product[l], &bits, sizeof bits);
        }
    }

    double m_product[kLanes] = {1, 1, 1, 1};
    long long m_exponent = 0;
};

} // namespace

BinStrategy binStrategyFromName(const std::string& name)
{
    if (name == "uniform")
        return BinStrategy::Uniform;
    if (name == "quantile")
        return BinStrategy::Quantile;
    throw InputError("strategy must be 'uniform' or 'quantile' (got '" + name + "')");
}

std::string binStrategyName(BinStrategy strategy)
{
    return strategy == BinStrategy::Uniform ? "uniform" : "quantile";
}

CalibrationResult computeCalibration(const CalibrationParams& params, const Progress& progress)
{
    checkInputs(params);
    const std::vector<double>& prob = params.probabilities;
    const std::vector<double>& label = params.labels;
    const std::size_t n = prob.size();
    const bool uniform = params.strategy == BinStrategy::Uniform, losses = params.losses;
    // Quantile edges need valid data before the bins; uniform bins check each block as they
    // bin it. Either way only a failed check looks for the first bad row, to name it.
    if (!uniform && !allValid(prob.data(), label.data(), n))
        throwFirstBadRow(params, 0, n);
    const std::vector<double> edges =
        uniform ? uniformEdges(params.bins) : quantileEdges(prob, params.bins, progress);
    const std::size_t bins = std::size_t(params.bins);
    // Counts and positives are integers (labels are 0 or 1: the same numbers as summed
    // doubles); the probability sum of each bin is accumulated in row order, as np.bincount
    // does, so mean_predicted is bit-identical to scikit-learn's.
    std::vector<std::int64_t> binCount(bins, 0), binPositives(bins, 0);
    std::vector<double> binProb(bins, 0.0);

    constexpr double eps = std::numeric_limits<double>::epsilon();
    constexpr std::size_t kBlock = 1024; // rows per block of the three passes below
    static_assert(kBlock % LogProduct::kGroup == 0, "whole groups per block");
    std::uint32_t binIndex[kBlock];
    double likelihoodFactor[kBlock], squaredError[kBlock];
    double brier = 0;
    LogProduct likelihood;
    std::int64_t positives = 0;
    for (std::size_t start = 0; start < n; start += kChunk) {
        progress.checkCancelled();
        const std::size_t chunkEnd = std::min(n, start + kChunk);
        for (std::size_t block = start; block < chunkEnd; block += kBlock) {
            const std::size_t len = std::min(kBlock, chunkEnd - block);
            const double* p = prob.data() + block;
            const double* y = label.data() + block;
            // Pass 1: bin indices (uniform bins: checking the rows in the same pass).
            if (uniform) {
                if (!uniformBinsAndValidity(p, y, len, bins, binIndex))
                    throwFirstBadRow(params, block, len);
            } else {
                for (std::size_t i = 0; i < len; ++i)
                    binIndex[i] = std::uint32_t(quantileBinOf(p[i], edges));
            }
            // Pass 2, branch-free (vectorises): the per-row terms of Brier and NLL; the squared
            // errors are summed in four interleaved partial sums (independent add chains).
            if (losses) {
                double brierLane[4] = {0, 0, 0, 0};
                for (std::size_t i = 0; i < len; ++i) {
                    const double clipped = std::min(std::max(p[i], eps), 1.0 - eps);
                    likelihoodFactor[i] =
                        y[i] * clipped + (1.0 - y[i]) * (1.0 - clipped); // y: 0 or 1
                    squaredError[i] = (y[i] - p[i]) * (y[i] - p[i]);
                }
                std::size_t i4 = 0;
                for (; i4 + 4 <= len; i4 += 4)
                    for (std::size_t l = 0; l < 4; ++l)
                        brierLane[l] += squaredError[i4 + l];
                for (; i4 < len; ++i4)
                    brierLane[0] += squaredError[i4];
                brier += (brierLane[0] + brierLane[1]) + (brierLane[2] + brierLane[3]);
                if (len == kBlock) {
                    for (std::size_t g = 0; g < kBlock; g += LogProduct::kGroup)
                        likelihood.multiplyGroup(likelihoodFactor + g);
                } else {
                    likelihood.multiplyTail(likelihoodFactor, len);
                }
            }
            // Pass 3: the bin sums, in row order.
            std::int64_t positivesBlock = 0;
            for (std::size_t i = 0; i < len; ++i) {
                const std::uint32_t b = binIndex[i];
                const std::int64_t isPositive = std::int64_t(y[i]);
                binCount[b] += 1;
                binProb[b] += p[i];
                binPositives[b] += isPositive;
                positivesBlock += isPositive;
            }
            positives += positivesBlock;
        }
    }

    CalibrationResult r;
    r.n = std::int64_t(n);
    r.positives = positives;
    if (losses) {
        r.brier = brier / double(n);
        r.nll = -likelihood.log() / double(n);
    }
    constexpr double nan = std::numeric_limits<double>::quiet_NaN();
    double ece = 0;
    for (std::size_t b = 0; b < bins; ++b) {
        CalibrationBin bin;
        bin.lower = edges[b];
        bin.upper = edges[b + 1];
        bin.count = binCount[b];
        const double count = double(binCount[b]), positivesInBin = double(binPositives[b]);
        bin.meanPredicted = bin.count ? binProb[b] / count : nan;
        bin.fractionPositive = bin.count ? positivesInBin / count : nan;
        if (bin.count) {
            ece += std::abs(binProb[b] - positivesInBin);
            r.mce = std::max(r.mce, std::abs(bin.meanPredicted - bin.fractionPositive));
        }
        r.bins.push_back(bin);
    }
    r.ece = ece / double(n);
    return r;
}

// ---- temperature scaling ----------------------------------------------------------------------

namespace {

constexpr Eigen::Index kLogitBlock = 512; // rows per block in the temperature passes
constexpr std::size_t kLogitChunks = 8;   // fixed row chunks of a pass, spread over threads
constexpr std::size_t kRowsPerThread = std::size_t(1) << 14;

struct NllDerivatives {
    double value = 0, slope = 0, curvature = 0; ///< mean NLL and its derivatives in beta = 1/T
};

struct PreparedLogits {
    std::size_t rows = 0, classes = 1;
    Eigen::ArrayXXd shifted;   ///< classes x rows: z - max(z) per row (several classes)
    Eigen::ArrayXd rowMax;     ///< max z per row
    Eigen::ArrayXd labelLogit; ///< z of the true class minus the row max
    Eigen::ArrayXd z;          ///< binary: the logit
    Eigen::ArrayXd y;          ///< binary: the label
};

void checkTemperatureInputs(const TemperatureParams& p)
{
    if (p.classes < 1)
        throw InputError("need at least one logit column");
    if (p.logits.size() != p.labels.size() * p.classes)
        throw InputError("logits hold " + std::to_string(p.logits.size()) + " values, expected " +
                         std::to_string(p.labels.size()) + " rows x " + std::to_string(p.classes) +
                         " columns");
    if (p.labels.size() < 2)
        throw InputError("temperature scaling needs at least 2 rows (got " +
                         std::to_string(p.labels.size()) + ")");
    if (!(p.minTemperature > 0 && p.minTemperature < p.maxTemperature))
        throw InputError("the temperature search interval must satisfy 0 < min < max");
    for (std::size_t i = 0; i < p.logits.size(); ++i)
        if (!std::isfinite(p.logits[i]))
            throw InputError("logit " + std::to_string(i % p.classes + 1) + " at " +
                             describeRow(p.locate, i / p.classes) + " is NaN or infinite");
    const double top = p.classes == 1 ? 1.0 : double(p.classes - 1);
    for (std::size_t i = 0; i < p.labels.size(); ++i) {
        const double y = p.labels[i];
        if (!(y >= 0 && y <= top && y == std::floor(y)))
            throw InputError("column '" + p.labelName + "' must hold " +
                             (p.classes == 1
                                  ? std::string("0 or 1")
                                  : "class indices 0 to " + std::to_string(p.classes - 1)) +
                             ", but " + describeRow(p.locate, i) + " has " + formatValue(y));
    }
}

/// Every `stride`-th row: a cheap first fit whose beta starts Newton close to the optimum.
PreparedLogits subsample(const PreparedLogits& d, std::size_t stride)
{
    PreparedLogits s;
    s.classes = d.classes;
    s.rows = (d.rows + stride - 1) / stride;
    const auto pick = [&](const Eigen::ArrayXd& v) {
        Eigen::ArrayXd out(Eigen::Index(s.rows));
        for (std::size_t i = 0; i < s.rows; ++i)
            out[Eigen::Index(i)] = v[Eigen::Index(i * stride)];
        return out;
    };
    if (d.classes == 1) {
        s.z = pick(d.z);
        s.y = pick(d.y);
        return s;
    }
    s.labelLogit = pick(d.labelLogit);
    s.shifted.resize(d.shifted.rows(), Eigen::Index(s.rows));
    for (std::size_t i = 0; i < s.rows; ++i)
        s.shifted.col(Eigen::Index(i)) = d.shifted.col(Eigen::Index(i * stride));
    return s;
}

PreparedLogits prepare(const TemperatureParams& p)
{
    PreparedLogits d;
    d.rows = p.labels.size();
    d.classes = p.classes;
    if (p.classes == 1) {
        d.z = Eigen::Map<const Eigen::ArrayXd>(p.logits.data(), Eigen::Index(d.rows));
        d.y = Eigen::Map<const Eigen::ArrayXd>(p.labels.data(), Eigen::Index(d.rows));
        return d;
    }
    const Eigen::Map<const Eigen::ArrayXXd> z(p.logits.data(), Eigen::Index(p.classes),
                                              Eigen::Index(d.rows));
    d.rowMax = z.colwise().maxCoeff().transpose();
    d.shifted = z.rowwise() - d.rowMax.transpose();
    d.labelLogit.resize(Eigen::Index(d.rows));
    for (std::size_t i = 0; i < d.rows; ++i)
        d.labelLogit[Eigen::Index(i)] = d.shifted(Eigen::Index(p.labels[i]), Eigen::Index(i));
    return d;
}

/// softplus(x) = log(1 + e^x), stable for large |x|.
Eigen::ArrayXd softplus(const Eigen::ArrayXd& x)
{
    return x.max(0.0) + (-x.abs()).exp().log1p();
}

/// The NLL terms of rows [begin, end) of several classes and their derivatives in beta, summed
/// (not averaged). Per row: s = sum e^(beta (z - m)), E[z - m] = s1 / s, Var = s2 / s -
/// (s1 / s)². Rows go in cache-sized blocks through the buffer `e` (vectorised exp, no large
/// temporaries).
NllDerivatives nllSums(const PreparedLogits& d, double beta, std::size_t begin, std::size_t end,
                       Eigen::ArrayXXd& e)
{
    NllDerivatives out;
    const Eigen::Index k = Eigen::Index(d.classes);
    for (Eigen::Index start = Eigen::Index(begin); start < Eigen::Index(end);
         start += kLogitBlock) {
        const Eigen::Index len = std::min<Eigen::Index>(kLogitBlock, Eigen::Index(end) - start);
        const auto shifted = d.shifted.middleCols(start, len);
        auto block = e.leftCols(len);
        expScaled(shifted.data(), block.data(), std::size_t(k * len), beta); // shifted <= 0
        const Eigen::Array<double, 1, Eigen::Dynamic> sum = block.colwise().sum();
        const Eigen::Array<double, 1, Eigen::Dynamic> mean =
            (block * shifted).colwise().sum() / sum;
        const Eigen::Array<double, 1, Eigen::Dynamic> square =
            (block * shifted.square()).colwise().sum() / sum;
        const auto label = d.labelLogit.segment(start, len).transpose();
        out.value += (sum.log() - beta * label).sum();
        out.slope += (mean - label).sum();
        out.curvature += (square - mean.square()).max(0.0).sum();
    }
    return out;
}

NllDerivatives nllDerivatives(const PreparedLogits& d, double beta)
{
    NllDerivatives out;
    const double n = double(d.rows);
    if (d.classes == 1) {
        const Eigen::ArrayXd x = beta * d.z;
        const Eigen::ArrayXd sigma = 1.0 / (1.0 + (-x).exp());
        out.value = (softplus(x) - d.y * x).sum() / n;
        out.slope = ((sigma - d.y) * d.z).sum() / n;
        out.curvature = (sigma * (1.0 - sigma) * d.z.square()).sum() / n;
        return out;
    }
    // Rows in a fixed number of chunks, each on some thread and summed block by block, then the
    // chunks in order: the same sums for any number of threads.
    const std::size_t chunks = d.rows >= kLogitChunks * std::size_t(kLogitBlock) ? kLogitChunks : 1;
    std::vector<NllDerivatives> partial(chunks);
    const std::size_t parts = std::min(chunks, partsFor(d.rows, kRowsPerThread));
    runParts(parts, [&](std::size_t part) {
        Eigen::ArrayXXd e(Eigen::Index(d.classes), kLogitBlock);
        for (std::size_t c = part; c < chunks; c += parts) {
            const auto [begin, end] = partRange(d.rows, chunks, c);
            partial[c] = nllSums(d, beta, begin, end, e);
        }
    });
    for (const NllDerivatives& p : partial) {
        out.value += p.value;
        out.slope += p.slope;
        out.curvature += p.curvature;
    }
    out.value /= n;
    out.slope /= n;
    out.curvature /= n;
    return out;
}

struct BetaFit {
    double beta = 1;
    double nll = std::numeric_limits<double>::quiet_NaN(); ///< at beta, when a pass gave it
};

/// Safeguarded Newton on the convex NLL(beta): stops when the Newton step is below
/// `tolerance` x beta and returns the point last evaluated (with its NLL), which is then within
/// about that step of the optimum.
BetaFit fitBeta(const PreparedLogits& d, double lo, double hi, double start, double tolerance,
                int& passes, const Progress& progress)
{
    double beta = std::clamp(start, lo, hi);
    for (passes = 1; passes <= 200; ++passes) {
        progress.checkCancelled();
        const NllDerivatives f = nllDerivatives(d, beta);
        if (f.slope > 0)
            hi = beta;
        else if (f.slope < 0)
            lo = beta;
        else
            return {beta, f.value};
        // Newton, at most a factor 4 per pass (far from the optimum the curvature can be tiny),
        // and a log-space bisection of the bracket when the step leaves it.
        double next =
            f.curvature > 0 ? beta - f.slope / f.curvature : (f.slope > 0 ? beta / 4 : beta * 4);
        next = std::clamp(next, beta / 4, beta * 4);
        if (std::abs(next - beta) <= tolerance * beta)
            return {beta, f.value};
        if (!(next > lo && next < hi))
            next = std::sqrt(lo * hi);
        if (hi / lo - 1.0 <= 1e-12)
            return {next};
        beta = next;
    }
    return {beta};
}

} // namespace

CalibrationResult calibrationAtTemperature(const std::vector<double>& logits, std::size_t classes,
                                           const std::vector<double>& labels, double temperature,
                                           int bins, BinStrategy strategy)
{
    if (!(temperature > 0))
        throw InputError("the temperature must be positive (got " + formatValue(temperature) + ")");
    if (classes == 0 || logits.size() != labels.size() * classes)
        throw InputError("logits and labels do not match in size");
    CalibrationParams c;
    c.bins = bins;
    c.strategy = strategy;
    if (classes == 1) {
        c.probabilities = temperatureProbabilities(logits, classes, temperature);
        c.labels = labels;
        return computeCalibration(c);
    }
    // Top-label confidence is 1 / sum_j e^((z_j - max z) / T): no probability matrix needed.
    const Eigen::Index k = Eigen::Index(classes), rows = Eigen::Index(labels.size());
    const Eigen::Map<const Eigen::ArrayXXd> z(logits.data(), k, rows);
    c.probabilities.resize(labels.size());
    c.labels.resize(labels.size());
    Eigen::ArrayXXd e(k, kLogitBlock), shiftedBlock(k, kLogitBlock);
    for (Eigen::Index start = 0; start < rows; start += kLogitBlock) {
        const Eigen::Index len = std::min<Eigen::Index>(kLogitBlock, rows - start);
        const auto block = z.middleCols(start, len);
        auto scaled = e.leftCols(len);
        shiftedBlock.leftCols(len) = block.rowwise() - block.colwise().maxCoeff();
        expScaled(shiftedBlock.data(), scaled.data(), std::size_t(k * len), 1.0 / temperature);
        const Eigen::Array<double, 1, Eigen::Dynamic> sum = scaled.colwise().sum();
        for (Eigen::Index i = 0; i < len; ++i) {
            const std::size_t row = std::size_t(start + i);
            const double* zr = logits.data() + row * classes;
            const auto top = std::max_element(zr, zr + classes) - zr; // first maximum
            c.probabilities[row] = 1.0 / sum[i];
            c.labels[row] = double(top) == labels[row] ? 1.0 : 0.0;
        }
    }
    return computeCalibration(c);
}

std::vector<double> temperatureProbabilities(const std::vector<double>& logits, std::size_t classes,
                                             double temperature)
{
    std::vector<double> out(logits.size());
    const double beta = 1.0 / temperature;
    if (classes == 1) {
        for (std::size_t i = 0; i < logits.size(); ++i)
            out[i] = 1.0 / (1.0 + std::exp(-beta * logits[i]));
        return out;
    }
    const Eigen::Index k = Eigen::Index(classes), rows = Eigen::Index(logits.size() / classes);
    const Eigen::Map<const Eigen::ArrayXXd> z(logits.data(), k, rows);
    Eigen::Map<Eigen::ArrayXXd> p(out.data(), k, rows);
    p = (beta * (z.rowwise() - z.colwise().maxCoeff())).exp();
    p.rowwise() /= p.colwise().sum();
    return out;
}

double temperatureNll(const std::vector<double>& logits, std::size_t classes,
                      const std::vector<double>& labels, double temperature)
{
    TemperatureParams p;
    p.logits = logits;
    p.classes = classes;
    p.labels = labels;
    checkTemperatureInputs(p);
    return nllDerivatives(prepare(p), 1.0 / temperature).value;
}

void topLabelConfidence(const std::vector<double>& probabilities, std::size_t classes,
                        const std::vector<double>& labels, std::vector<double>& confidence,
                        std::vector<double>& correct)
{
    const std::size_t rows = labels.size();
    confidence.resize(rows);
    correct.resize(rows);
    for (std::size_t i = 0; i < rows; ++i) {
        const double* row = probabilities.data() + i * classes;
        const std::size_t top = std::size_t(std::max_element(row, row + classes) - row);
        confidence[i] = row[top];
        correct[i] = double(top) == labels[i] ? 1.0 : 0.0;
    }
}

TemperatureResult computeTemperatureScaling(const TemperatureParams& params,
                                            const Progress& progress)
{
    checkTemperatureInputs(params);
    if (params.eceBins < 1 || params.eceBins > 10000)
        throw InputError("bins must be from 1 to 10000 (got " + std::to_string(params.eceBins) +
                         ")");
    const PreparedLogits d = prepare(params);
    progress.update(0.1, "fitting the temperature");
    TemperatureResult r;
    const double lo = 1.0 / params.maxTemperature, hi = 1.0 / params.minTemperature;
    double start = 1.0;
    int subsamplePasses = 0;
    constexpr std::size_t stride = 16;
    if (d.rows >= 64 * stride) {
        // A rough fit on 1/16 of the rows costs under half a full pass and leaves Newton two or
        // three full passes instead of about seven.
        start = fitBeta(subsample(d, stride), lo, hi, 1.0, 1e-4, subsamplePasses, progress).beta;
    }
    const BetaFit fit = fitBeta(d, lo, hi, start, 1e-11, r.iterations, progress);
    r.temperature = 1.0 / fit.beta;
    r.nllAfter = std::isnan(fit.nll) ? nllDerivatives(d, fit.beta).value : fit.nll;
    if (!params.reliability)
        return r;
    r.nllBefore = nllDerivatives(d, 1.0).value;
    progress.update(0.8, "reliability before and after");
    r.before =
        calibrationAtTemperature(params.logits, params.classes, params.labels, 1.0, params.eceBins);
    r.after = calibrationAtTemperature(params.logits, params.classes, params.labels, r.temperature,
                                       params.eceBins);
    r.eceBefore = r.before.ece;
    r.eceAfter = r.after.ece;
    progress.update(1.0, "done");
    return r;
}

} // namespace mllab
