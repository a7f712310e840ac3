#include "engine/calibration.h"

#include <Eigen/Core>

#include <algorithm>
#include <cmath>
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

    // Successive selections on the shrinking tail put each wanted rank in place.
    std::vector<double> sorted(probabilities);
    auto begin = sorted.begin();
    for (const std::size_t rank : wanted) {
        progress.checkCancelled();
        std::nth_element(begin, sorted.begin() + std::ptrdiff_t(rank), sorted.end());
        begin = sorted.begin() + std::ptrdiff_t(rank) + 1;
    }
    std::vector<double> edges(uniform.size());
    for (std::size_t i = 0; i < uniform.size(); ++i) {
        const double a = sorted[previous[i]], b = sorted[next[i]];
        const double t = gamma[i];
        const double diff = b - a;
        edges[i] = t >= 0.5 ? b - diff * (1.0 - t) : a + diff * t;
    }
    return edges;
}

/// searchsorted(edges[1:-1], p, side='left'): the number of inner edges strictly below p.
inline std::size_t binOf(double p, const std::vector<double>& edges, std::size_t bins, bool uniform)
{
    std::size_t b = 0;
    if (uniform) {
        b = std::min(bins - 1, std::size_t(p * double(bins)));
        while (b > 0 && p <= edges[b])
            --b;
        while (b + 1 < bins && p > edges[b + 1])
            ++b;
    } else {
        b = std::size_t(std::lower_bound(edges.begin() + 1, edges.end() - 1, p) -
                        (edges.begin() + 1));
    }
    return b;
}

/// Accumulates log(prod q) without underflow: multiplies eight factors, then moves the binary
/// exponent of the running product into an integer. Exact to a few ulps per factor, and cheaper
/// than one log per row.
class LogProduct {
public:
    void multiply(double q)
    {
        m_product *= q;
        if (++m_pending == 8) {
            int exponent = 0;
            m_product = std::frexp(m_product, &exponent);
            m_exponent += exponent;
            m_pending = 0;
        }
    }
    double log() const { return std::log(m_product) + double(m_exponent) * std::log(2.0); }

private:
    double m_product = 1;
    long long m_exponent = 0;
    int m_pending = 0;
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
    for (std::size_t i = 0; i < n; ++i)
        if (!(prob[i] >= 0.0 && prob[i] <= 1.0)) // also catches NaN
            throwBadProbability(params, i);

    const bool uniform = params.strategy == BinStrategy::Uniform;
    const std::vector<double> edges =
        uniform ? uniformEdges(params.bins) : quantileEdges(prob, params.bins, progress);
    const std::size_t bins = std::size_t(params.bins);
    std::vector<std::int64_t> count(bins, 0);
    std::vector<double> sumProb(bins, 0.0), sumTrue(bins, 0.0);

    constexpr double eps = std::numeric_limits<double>::epsilon();
    double brier = 0;
    LogProduct likelihood;
    std::int64_t positives = 0;
    for (std::size_t start = 0; start < n; start += kChunk) {
        progress.checkCancelled();
        const std::size_t end = std::min(n, start + kChunk);
        double brierChunk = 0;
        for (std::size_t i = start; i < end; ++i) {
            const double p = prob[i], y = label[i];
            if (y != 0.0 && y != 1.0)
                throwBadLabel(params, i);
            const std::size_t b = binOf(p, edges, bins, uniform);
            ++count[b];
            sumProb[b] += p;
            sumTrue[b] += y;
            brierChunk += (y - p) * (y - p);
            const double clipped = std::clamp(p, eps, 1.0 - eps);
            likelihood.multiply(y == 1.0 ? clipped : 1.0 - clipped);
            positives += y == 1.0;
        }
        brier += brierChunk;
    }

    CalibrationResult r;
    r.n = std::int64_t(n);
    r.positives = positives;
    r.brier = brier / double(n);
    r.nll = -likelihood.log() / double(n);
    constexpr double nan = std::numeric_limits<double>::quiet_NaN();
    double ece = 0;
    for (std::size_t b = 0; b < bins; ++b) {
        CalibrationBin bin;
        bin.lower = edges[b];
        bin.upper = edges[b + 1];
        bin.count = count[b];
        bin.meanPredicted = count[b] ? sumProb[b] / double(count[b]) : nan;
        bin.fractionPositive = count[b] ? sumTrue[b] / double(count[b]) : nan;
        if (count[b]) {
            ece += std::abs(sumProb[b] - sumTrue[b]);
            r.mce = std::max(r.mce, std::abs(bin.meanPredicted - bin.fractionPositive));
        }
        r.bins.push_back(bin);
    }
    r.ece = ece / double(n);
    return r;
}

// ---- temperature scaling ----------------------------------------------------------------------

namespace {

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
    // Per row: s = sum e^(beta (z - m)), E[z - m] = s1 / s, Var = s2 / s - (s1 / s)².
    const Eigen::ArrayXXd e = (beta * d.shifted).exp();
    const Eigen::ArrayXd s = e.colwise().sum().transpose();
    const Eigen::ArrayXd s1 = (e * d.shifted).colwise().sum().transpose() / s;
    const Eigen::ArrayXd s2 = (e * d.shifted.square()).colwise().sum().transpose() / s;
    out.value = (s.log() - beta * d.labelLogit).sum() / n;
    out.slope = (s1 - d.labelLogit).sum() / n;
    out.curvature = (s2 - s1.square()).max(0.0).sum() / n;
    return out;
}

double fitBeta(const PreparedLogits& d, double lo, double hi, int& passes, const Progress& progress)
{
    double beta = std::clamp(1.0, lo, hi);
    for (passes = 1; passes <= 200; ++passes) {
        progress.checkCancelled();
        const NllDerivatives f = nllDerivatives(d, beta);
        if (f.slope > 0)
            hi = beta;
        else if (f.slope < 0)
            lo = beta;
        else
            return beta;
        // Newton, at most a factor 4 per pass (far from the optimum the curvature can be tiny),
        // and a log-space bisection of the bracket when the step leaves it.
        double next =
            f.curvature > 0 ? beta - f.slope / f.curvature : (f.slope > 0 ? beta / 4 : beta * 4);
        next = std::clamp(next, beta / 4, beta * 4);
        if (std::abs(next - beta) <= 1e-11 * beta)
            return next;
        if (!(next > lo && next < hi))
            next = std::sqrt(lo * hi);
        if (hi / lo - 1.0 <= 1e-12)
            return next;
        beta = next;
    }
    return beta;
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
    const std::vector<double> probs = temperatureProbabilities(logits, classes, temperature);
    if (classes == 1) {
        c.probabilities = probs;
        c.labels = labels;
    } else {
        topLabelConfidence(probs, classes, labels, c.probabilities, c.labels);
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
    const double beta = fitBeta(d, 1.0 / params.maxTemperature, 1.0 / params.minTemperature,
                                r.iterations, progress);
    r.temperature = 1.0 / beta;
    r.nllBefore = nllDerivatives(d, 1.0).value;
    r.nllAfter = nllDerivatives(d, beta).value;
    progress.update(0.8, "reliability before and after");
    r.before = calibrationAtTemperature(params.logits, params.classes, params.labels, 1.0,
                                        params.eceBins);
    r.after = calibrationAtTemperature(params.logits, params.classes, params.labels,
                                       r.temperature, params.eceBins);
    r.eceBefore = r.before.ece;
    r.eceAfter = r.after.ece;
    progress.update(1.0, "done");
    return r;
}

} // namespace mllab
