#include "engine/biasvariance.h"

#include <Eigen/Dense>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <numeric>
#include <optional>
#include <random>
#include <set>

namespace mllab {
namespace {

using Eigen::Index;
using Eigen::MatrixXd;
using Eigen::VectorXd;

constexpr double kPi = 3.14159265358979323846;

// ---------------------------------------------------------------------------------------------
// Random streams: every training set, test-noise draw and feature draw has its own stream, so a
// result does not change when unrelated parameters (more bootstraps, other sizes) change.

std::uint64_t splitMix(std::uint64_t x)
{
    x += 0x9E3779B97F4A7C15ull;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
    return x ^ (x >> 31);
}

std::mt19937_64 stream(std::uint64_t seed, std::uint64_t purpose, std::uint64_t a,
                       std::uint64_t b = 0)
{
    return std::mt19937_64(splitMix(splitMix(splitMix(seed) ^ purpose) ^ a) ^ splitMix(b + 1));
}

enum Purpose : std::uint64_t { TrainSet = 1, TestNoise = 2, Validation = 3, Features = 4 };

struct Sample {
    std::vector<double> x, y;
};

Sample drawSample(TrueFunction f, double noise, int n, std::mt19937_64& rng)
{
    std::uniform_real_distribution<double> uniform(-1.0, 1.0);
    std::normal_distribution<double> normal;
    Sample s;
    s.x.resize(std::size_t(n));
    s.y.resize(std::size_t(n));
    for (int i = 0; i < n; ++i) {
        s.x[std::size_t(i)] = uniform(rng);
        s.y[std::size_t(i)] = trueFunctionValue(f, s.x[std::size_t(i)]) + noise * normal(rng);
    }
    return s;
}

std::vector<double> evenGrid(int points)
{
    std::vector<double> grid(static_cast<std::size_t>(points));
    for (int i = 0; i < points; ++i)
        grid[std::size_t(i)] = -1.0 + 2.0 * i / (points - 1);
    return grid;
}

// ---------------------------------------------------------------------------------------------
// Polynomial least squares on the scaled Legendre basis.

/// Fills out(i, k) = √(2k+1)·P_k(x_i), k = 0..degree (orthonormal for x ~ U[-1, 1]), column by
/// column with Bonnet's recurrence (k+1)·P_{k+1} = (2k+1)·x·P_k - k·P_{k-1}.
void fillLegendre(const std::vector<double>& x, int degree, Eigen::Ref<MatrixXd> out)
{
    const Eigen::Map<const VectorXd> xs(x.data(), Index(x.size()));
    out.col(0).setOnes();
    if (degree >= 1)
        out.col(1) = xs;
    for (Index k = 1; k < degree; ++k)
        out.col(k + 1) = (double(2 * k + 1) * xs.cwiseProduct(out.col(k)) - double(k) * out.col(k - 1)) /
                         double(k + 1);
    for (Index k = 1; k <= degree; ++k)
        out.col(k) *= std::sqrt(double(2 * k + 1));
}

MatrixXd legendreBasis(const std::vector<double>& x, int degree)
{
    MatrixXd basis(Index(x.size()), degree + 1);
    fillLegendre(x, degree, basis);
    return basis;
}

/// Fits every degree in `degrees` (ascending) to one sample with a single QR of the basis up to
/// the largest degree: the leading k columns of a Householder QR are the QR of the first k
/// columns, and the leading entries of Qᵀy do not depend on later reflectors.
class NestedPolynomialFit {
public:
    NestedPolynomialFit(int maxDegree, int n, double ridge)
        : m_maxDegree(maxDegree), m_n(n), m_ridge(ridge),
          m_system((ridge > 0 ? n + maxDegree : n), maxDegree + 1),
          m_rhs(m_system.rows()), m_qr(m_system.rows(), m_system.cols())
    {
    }

    /// Coefficients, one column per degree (zero below the diagonal part it does not use).
    const MatrixXd& fit(const Sample& s, const std::vector<int>& degrees)
    {
        fillLegendre(s.x, m_maxDegree, m_system.topRows(m_n));
        m_rhs.setZero();
        m_rhs.head(m_n) = Eigen::Map<const VectorXd>(s.y.data(), m_n);
        if (m_ridge > 0) {
            m_system.bottomRows(m_maxDegree).setZero();
            const double root = std::sqrt(m_ridge);
            for (Index k = 1; k <= m_maxDegree; ++k)
                m_system(m_n + k - 1, k) = root;
        }
        m_qr.compute(m_system);
        m_rhs.applyOnTheLeft(m_qr.householderQ().adjoint());
        m_coefficients.setZero(m_maxDegree + 1, Index(degrees.size()));
        const auto& r = m_qr.matrixQR();
        for (std::size_t j = 0; j < degrees.size(); ++j) {
            const Index size = degrees[j] + 1;
            m_coefficients.col(Index(j)).head(size) =
                r.topLeftCorner(size, size).triangularView<Eigen::Upper>().solve(m_rhs.head(size));
        }
        m_degrees = degrees;
        return m_coefficients;
    }

    /// Training mean squared error of each degree of the last fit. Without ridge it is the tail
    /// of Qᵀy, ||y - Φc||² = Σ_{k>d} (Qᵀy)_k², with no prediction needed.
    VectorXd trainingMse(const Sample& s) const
    {
        VectorXd mse(Index(m_degrees.size()));
        if (m_ridge > 0) {
            const Eigen::Map<const VectorXd> y(s.y.data(), m_n);
            const MatrixXd fitted = m_system.topRows(m_n) * m_coefficients;
            return (fitted.colwise() - y).colwise().squaredNorm().transpose() / double(m_n);
        }
        VectorXd tail(m_n + 1);
        tail(m_n) = 0;
        for (Index k = m_n - 1; k >= 0; --k)
            tail(k) = tail(k + 1) + m_rhs(k) * m_rhs(k);
        for (std::size_t j = 0; j < m_degrees.size(); ++j)
            mse(Index(j)) = tail(m_degrees[j] + 1) / double(m_n);
        return mse;
    }

private:
    int m_maxDegree;
    Index m_n;
    double m_ridge;
    MatrixXd m_system;
    VectorXd m_rhs;
    Eigen::HouseholderQR<MatrixXd> m_qr;
    MatrixXd m_coefficients;
    std::vector<int> m_degrees;
};

// ---------------------------------------------------------------------------------------------
// k-nearest neighbours in one dimension.

/// For each query, the mean of its k nearest training targets for every k in `ks` (ascending):
/// one outward walk from the query's insertion point serves all k.
class NearestNeighbours {
public:
    explicit NearestNeighbours(const Sample& s)
    {
        std::vector<std::size_t> order(s.x.size());
        std::iota(order.begin(), order.end(), 0);
        std::stable_sort(order.begin(), order.end(),
                         [&](std::size_t a, std::size_t b) { return s.x[a] < s.x[b]; });
        for (const auto i : order) {
            m_x.push_back(s.x[i]);
            m_y.push_back(s.y[i]);
        }
    }

    /// predictions(query, kIndex)
    void predict(const std::vector<double>& queries, const std::vector<int>& ks,
                 MatrixXd& predictions) const
    {
        predictions.resize(Index(queries.size()), Index(ks.size()));
        const auto n = std::ptrdiff_t(m_x.size());
        for (std::size_t q = 0; q < queries.size(); ++q) {
            const double x = queries[q];
            std::ptrdiff_t right = std::lower_bound(m_x.begin(), m_x.end(), x) - m_x.begin();
            std::ptrdiff_t left = right - 1;
            double sum = 0;
            std::size_t next = 0;
            for (int taken = 1; next < ks.size(); ++taken) {
                const bool useLeft =
                    right >= n || (left >= 0 && x - m_x[std::size_t(left)] <= m_x[std::size_t(right)] - x);
                sum += useLeft ? m_y[std::size_t(left--)] : m_y[std::size_t(right++)];
                while (next < ks.size() && ks[next] == taken)
                    predictions(Index(q), Index(next++)) = sum / taken;
            }
        }
    }

private:
    std::vector<double> m_x, m_y;
};

// ---------------------------------------------------------------------------------------------
// One model family, fitted on one sample, predicting at several query sets.

class ComplexitySweep {
public:
    ComplexitySweep(ModelFamily family, std::vector<int> complexities, int n, double ridge)
        : m_family(family), m_complexities(std::move(complexities))
    {
        if (family == ModelFamily::Polynomial)
            m_poly.emplace(m_complexities.back(), n, ridge);
    }

    const std::vector<int>& complexities() const { return m_complexities; }

    /// Fits the sample; later predict() calls use this fit.
    void fit(const Sample& s)
    {
        if (m_family == ModelFamily::Polynomial)
            m_coefficients = &m_poly->fit(s, m_complexities);
        else
            m_knn.emplace(s);
    }

    /// predictions(query, complexity index); `basis` is the Legendre basis of the queries
    /// (polynomials only; pass an empty matrix for k-NN).
    void predict(const std::vector<double>& queries, const MatrixXd& basis,
                 MatrixXd& predictions) const
    {
        if (m_family == ModelFamily::Polynomial)
            predictions.noalias() = basis * *m_coefficients;
        else
            m_knn->predict(queries, m_complexities, predictions);
    }

    int maxDegree() const { return m_family == ModelFamily::Polynomial ? m_complexities.back() : 0; }

    /// Legendre coefficients of the last fit, one zero-padded column per degree (polynomials).
    const MatrixXd& coefficients() const { return *m_coefficients; }

    /// Training MSE of every complexity for the sample last fitted.
    VectorXd trainingMse(const Sample& s) const
    {
        if (m_family == ModelFamily::Polynomial)
            return m_poly->trainingMse(s);
        MatrixXd predictions;
        m_knn->predict(s.x, m_complexities, predictions);
        const Eigen::Map<const VectorXd> y(s.y.data(), Index(s.y.size()));
        return (predictions.colwise() - y).colwise().squaredNorm().transpose() / double(s.y.size());
    }

private:
    ModelFamily m_family;
    std::vector<int> m_complexities;
    std::optional<NestedPolynomialFit> m_poly;
    const MatrixXd* m_coefficients = nullptr;
    std::optional<NearestNeighbours> m_knn;
};

// ---------------------------------------------------------------------------------------------
// Validation of parameters shared by the three computations.

std::string describe(double v)
{
    char buffer[32];
    const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, v);
    return ec == std::errc() ? std::string(buffer, end) : std::to_string(v);
}

void checkNoise(double noise)
{
    if (!std::isfinite(noise) || noise < 0)
        throw InputError("noise must be a standard deviation >= 0 (got " + describe(noise) + ")");
}

void checkRidge(double ridge)
{
    if (!std::isfinite(ridge) || ridge < 0)
        throw InputError("ridge penalty must be >= 0 (got " + describe(ridge) + ")");
}

void checkRange(const std::string& what, long long value, long long low, long long high)
{
    if (value < low || value > high)
        throw InputError(what + " must be from " + std::to_string(low) + " to " +
                         std::to_string(high) + " (got " + std::to_string(value) + ")");
}

void checkComplexity(ModelFamily family, int complexity, int n, double ridge,
                     const std::string& where)
{
    if (family == ModelFamily::Polynomial) {
        checkRange("degree", complexity, 1, kMaxPolynomialDegree);
        if (ridge == 0 && complexity > n - 1)
            throw InputError("degree " + std::to_string(complexity) + " needs at least " +
                             std::to_string(complexity + 1) + " training points, but " + where +
                             " has " + std::to_string(n) +
                             ": use a degree up to n - 1 = " + std::to_string(n - 1) +
                             " or a ridge penalty > 0");
    } else {
        if (complexity < 1 || complexity > n)
            throw InputError("k = " + std::to_string(complexity) + " nearest neighbours needs " +
                             "k from 1 to the " + where + " size " + std::to_string(n));
    }
}

double mean(const std::vector<double>& v)
{
    return std::accumulate(v.begin(), v.end(), 0.0) / double(v.size());
}

double standardDeviation(const std::vector<double>& v)
{
    if (v.size() < 2)
        return 0;
    const double m = mean(v);
    double sum = 0;
    for (const double x : v)
        sum += (x - m) * (x - m);
    return std::sqrt(sum / double(v.size() - 1));
}

double quantile(std::vector<double> v, double q)
{
    std::sort(v.begin(), v.end());
    const double position = q * double(v.size() - 1);
    const auto below = std::size_t(std::floor(position));
    const auto above = std::min(below + 1, v.size() - 1);
    return v[below] + (position - double(below)) * (v[above] - v[below]);
}

} // namespace

// ---------------------------------------------------------------------------------------------

TrueFunction parseTrueFunction(const std::string& name)
{
    if (name == "sin")
        return TrueFunction::Sine;
    if (name == "cubic")
        return TrueFunction::Cubic;
    if (name == "step")
        return TrueFunction::Step;
    throw InputError("unknown true function '" + name + "' (choose sin, cubic or step)");
}

std::string trueFunctionName(TrueFunction function)
{
    switch (function) {
    case TrueFunction::Sine: return "sin";
    case TrueFunction::Cubic: return "cubic";
    case TrueFunction::Step: return "step";
    }
    return "sin";
}

ModelFamily parseModelFamily(const std::string& name)
{
    if (name == "poly")
        return ModelFamily::Polynomial;
    if (name == "knn")
        return ModelFamily::KNearest;
    throw InputError("unknown model family '" + name + "' (choose poly or knn)");
}

std::string modelFamilyName(ModelFamily family)
{
    return family == ModelFamily::Polynomial ? "poly" : "knn";
}

double trueFunctionValue(TrueFunction function, double x)
{
    switch (function) {
    case TrueFunction::Sine: return std::sin(kPi * x);
    case TrueFunction::Cubic: return (4.0 * x * x - 3.0) * x;
    case TrueFunction::Step: return x < 0 ? -1.0 : 1.0;
    }
    return 0;
}

std::string fitDiagnosisName(FitDiagnosis diagnosis)
{
    switch (diagnosis) {
    case FitDiagnosis::GoodFit: return "good-fit";
    case FitDiagnosis::HighBias: return "high-bias";
    case FitDiagnosis::HighVariance: return "high-variance";
    }
    return "good-fit";
}

std::vector<int> parseIntegerRanges(const std::string& text, const std::string& what)
{
    auto number = [&](std::string_view part) {
        int value = 0;
        const auto [end, ec] = std::from_chars(part.data(), part.data() + part.size(), value);
        if (part.empty() || ec != std::errc() || end != part.data() + part.size())
            throw InputError(what + ": '" + std::string(part) +
                             "' is not a whole number (write e.g. 1-15 or 1,2,5)");
        return value;
    };
    std::vector<int> out;
    std::string_view rest(text);
    while (!rest.empty()) {
        const auto comma = rest.find(',');
        const std::string_view item = rest.substr(0, comma);
        rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
        const auto dash = item.find('-', 1);
        if (dash == std::string_view::npos) {
            out.push_back(number(item));
            continue;
        }
        const int first = number(item.substr(0, dash)), last = number(item.substr(dash + 1));
        if (last < first)
            throw InputError(what + ": range '" + std::string(item) + "' runs backwards");
        if (last - first > 100000)
            throw InputError(what + ": range '" + std::string(item) + "' is too long");
        for (int v = first; v <= last; ++v)
            out.push_back(v);
    }
    if (out.empty())
        throw InputError(what + " is empty (write e.g. 1-15 or 1,2,5)");
    return out;
}

// ---------------------------------------------------------------------------------------------

BiasVarianceResult computeBiasVariance(const BiasVarianceParams& p, const Progress& progress)
{
    checkNoise(p.noise);
    checkRidge(p.ridge);
    checkRange("training-set size", p.nTrain, 2, 100000);
    checkRange("bootstraps", p.bootstraps, 2, kMaxBootstraps);
    checkRange("grid points", p.gridPoints, 2, 100000);
    if (p.complexities.empty())
        throw InputError(p.family == ModelFamily::Polynomial ? "no degrees given"
                                                             : "no k values given");
    const std::string where = "each training set";
    for (const int c : p.complexities)
        checkComplexity(p.family, c, p.nTrain, p.ridge, where);
    if (p.fanComplexity != -1) {
        checkComplexity(p.family, p.fanComplexity, p.nTrain, p.ridge, where);
        checkRange("fan curves", p.fanCurves, 0, p.bootstraps);
    }

    // Fit the union of the asked complexities and the fan's, ascending; report the asked ones.
    std::set<int> fitted(p.complexities.begin(), p.complexities.end());
    if (p.fanComplexity != -1)
        fitted.insert(p.fanComplexity);
    ComplexitySweep sweep(p.family, std::vector<int>(fitted.begin(), fitted.end()), p.nTrain,
                          p.ridge);
    const auto& all = sweep.complexities();
    const auto column = [&](int c) {
        return Index(std::lower_bound(all.begin(), all.end(), c) - all.begin());
    };

    BiasVarianceResult r;
    r.complexities = p.complexities;
    r.noise = p.noise * p.noise;
    r.gridX = evenGrid(p.gridPoints);
    const Index grid = p.gridPoints, fits = Index(all.size());
    VectorXd truth(grid);
    for (Index g = 0; g < grid; ++g)
        truth(g) = trueFunctionValue(p.function, r.gridX[std::size_t(g)]);
    r.truth.assign(truth.data(), truth.data() + grid);

    // Per training set, each complexity's grid averages of err² and err·e, err = f̂ - f and
    // e the test noise. For polynomials they come from the coefficients c and the grid basis Ψ
    // without evaluating the fits: mean err² = cᵀ(ΨᵀΨ/G)c - 2cᵀ(Ψᵀf/G) + fᵀf/G, which is the
    // same grid average at (degree + 1)² instead of G·(degree + 1) operations.
    const bool poly = p.family == ModelFamily::Polynomial;
    const double gridSize = double(grid);
    const MatrixXd gridBasis = poly ? legendreBasis(r.gridX, sweep.maxDegree()) : MatrixXd();
    const MatrixXd gridGram = poly ? MatrixXd(gridBasis.transpose() * gridBasis / gridSize) : MatrixXd();
    const VectorXd gridTruth = poly ? VectorXd(gridBasis.transpose() * truth / gridSize) : VectorXd();
    const double truthSquares = truth.squaredNorm() / gridSize;
    MatrixXd coefficientSum = poly ? MatrixXd::Zero(gridBasis.cols(), fits) : MatrixXd();
    MatrixXd errorSum = poly ? MatrixXd() : MatrixXd::Zero(grid, fits);
    VectorXd trainSum = VectorXd::Zero(fits), squaredSum = VectorXd::Zero(fits),
             noiseTermSum = VectorXd::Zero(fits), noiseTermSquares = VectorXd::Zero(fits);
    VectorXd meanSquared(fits), meanCross(fits), testNoise(grid);
    MatrixXd errors;
    const Index fanColumn = p.fanComplexity != -1 ? column(p.fanComplexity) : -1;
    ProgressThrottle throttle(progress);
    std::normal_distribution<double> normal;

    for (int b = 0; b < p.bootstraps; ++b) {
        throttle.tick(double(b) / p.bootstraps, "fitting training sets");
        auto rng = stream(p.seed, TrainSet, std::uint64_t(b));
        const Sample sample = drawSample(p.function, p.noise, p.nTrain, rng);
        sweep.fit(sample);
        trainSum += sweep.trainingMse(sample);
        auto noiseRng = stream(p.seed, TestNoise, std::uint64_t(b));
        for (Index g = 0; g < grid; ++g)
            testNoise(g) = p.noise * normal(noiseRng);
        const bool fan = fanColumn >= 0 && b < p.fanCurves;

        if (poly) {
            const MatrixXd& c = sweep.coefficients();
            coefficientSum += c;
            meanSquared = c.cwiseProduct(gridGram * c).colwise().sum().transpose() -
                          2.0 * c.transpose() * gridTruth;
            meanSquared.array() += truthSquares;
            meanCross = c.transpose() * (gridBasis.transpose() * testNoise / gridSize);
            meanCross.array() -= truth.dot(testNoise) / gridSize;
            if (fan) {
                const VectorXd curve = gridBasis * c.col(fanColumn);
                r.fanCurves.emplace_back(curve.data(), curve.data() + grid);
            }
        } else {
            sweep.predict(r.gridX, gridBasis, errors);
            errors.colwise() -= truth;
            errorSum += errors;
            meanSquared = errors.colwise().squaredNorm().transpose() / gridSize;
            meanCross = errors.transpose() * testNoise / gridSize;
            if (fan) {
                const VectorXd curve = errors.col(fanColumn) + truth;
                r.fanCurves.emplace_back(curve.data(), curve.data() + grid);
            }
        }
        squaredSum += meanSquared;
        // (f + e - f̂)² - (f̂ - f)² - σ², averaged over the grid: the test-noise part alone.
        const VectorXd noiseTerm =
            (-2.0 * meanCross).array() + testNoise.squaredNorm() / gridSize - r.noise;
        noiseTermSum += noiseTerm;
        noiseTermSquares += noiseTerm.cwiseAbs2();
        if (b == 0) {
            r.sampleX = sample.x;
            r.sampleY = sample.y;
        }
    }

    const double boots = p.bootstraps;
    const auto bias2Of = [&](Index j) {
        if (!poly)
            return (errorSum.col(j) / boots).squaredNorm() / gridSize;
        const VectorXd mean = coefficientSum.col(j) / boots;
        return mean.dot(gridGram * mean) - 2.0 * mean.dot(gridTruth) + truthSquares;
    };
    for (const int c : p.complexities) {
        const Index j = column(c);
        // (mean fit - f)² overstates bias² by variance/B; remove that Monte-Carlo part so a
        // wild model's bias² is not its variance in disguise. With variance on 1/(B-1) the two
        // still add up to the mean squared distance of the fits exactly.
        const double meanSquaredError = squaredSum(j) / boots;
        const double spread = std::max(0.0, meanSquaredError - bias2Of(j));
        const double variance = spread * boots / (boots - 1);
        const double bias2 = std::max(0.0, meanSquaredError - variance);
        const double noiseMean = noiseTermSum(j) / boots;
        const double noiseSpread =
            std::max(0.0, noiseTermSquares(j) / boots - noiseMean * noiseMean);
        r.bias2.push_back(bias2);
        // The mean of B fits is off E f̂ by about √(variance/B): that error, squared and
        // crossed with the bias, is how far bias² can be trusted.
        const double perMean = variance / boots;
        r.bias2StdError.push_back(std::sqrt(4 * bias2 * perMean + 2 * perMean * perMean));
        r.variance.push_back(variance);
        r.expectedTestMse.push_back(meanSquaredError + r.noise + noiseMean);
        r.testMseNoiseError.push_back(std::sqrt(noiseSpread / (boots - 1)));
        r.trainMse.push_back(trainSum(j) / boots);
    }
    for (std::size_t i = 1; i < r.bias2.size(); ++i)
        if (r.bias2[i] + r.variance[i] < r.bias2[std::size_t(r.bestIndex)] +
                                             r.variance[std::size_t(r.bestIndex)])
            r.bestIndex = int(i);
    if (fanColumn >= 0) {
        r.fanComplexity = p.fanComplexity;
        const VectorXd meanFit = poly ? VectorXd(gridBasis * coefficientSum.col(fanColumn) / boots)
                                      : VectorXd(errorSum.col(fanColumn) / boots + truth);
        r.fanMean.assign(meanFit.data(), meanFit.data() + grid);
    }
    for (const double v : r.expectedTestMse)
        if (!std::isfinite(v))
            throw InputError("the fits overflowed; lower the degree or add a ridge penalty");
    progress.update(1.0, "done");
    return r;
}

// ---------------------------------------------------------------------------------------------

LearningCurveResult computeLearningCurve(const LearningCurveParams& p, const Progress& progress)
{
    checkNoise(p.noise);
    if (p.noise == 0)
        throw InputError("noise must be > 0 for learning curves: the diagnosis measures the "
                         "errors against the noise floor σ² (try 0.3)");
    checkRidge(p.ridge);
    checkRange("repeats", p.repeats, 2, 10000);
    checkRange("validation points", p.validationPoints, 10, 1000000);
    const bool poly = p.family == ModelFamily::Polynomial;
    const int smallest = poly ? (p.ridge > 0 ? 2 : p.complexity + 1) : p.complexity;
    checkRange("training-set size", p.nTrain, 2, 100000);
    checkComplexity(p.family, p.complexity, p.nTrain, p.ridge, "the training set");

    std::set<int> sizes(p.sizes.begin(), p.sizes.end());
    if (p.sizes.empty()) {
        const int first = std::max(smallest + 1, 2), last = std::max(4 * p.nTrain, first + 11);
        for (int i = 0; i < 12; ++i)
            sizes.insert(int(std::lround(first * std::pow(double(last) / first, i / 11.0))));
    }
    sizes.insert(p.nTrain);
    for (const int n : sizes) {
        checkRange("training-set size", n, 1, 100000);
        checkComplexity(p.family, p.complexity, n, p.ridge, "a training set of the curve");
    }

    LearningCurveResult r;
    r.sizes.assign(sizes.begin(), sizes.end());
    r.noise = p.noise * p.noise;
    std::vector<Sample> validation;
    std::vector<MatrixXd> validationBasis;
    for (int rep = 0; rep < p.repeats; ++rep) {
        auto rng = stream(p.seed, Validation, std::uint64_t(rep));
        validation.push_back(drawSample(p.function, p.noise, p.validationPoints, rng));
        validationBasis.push_back(poly ? legendreBasis(validation.back().x, p.complexity)
                                       : MatrixXd());
    }

    ProgressThrottle throttle(progress);
    MatrixXd predictions;
    for (std::size_t s = 0; s < r.sizes.size(); ++s) {
        const int n = r.sizes[s];
        ComplexitySweep model(p.family, {p.complexity}, n, p.ridge);
        std::vector<double> train, valid;
        for (int rep = 0; rep < p.repeats; ++rep) {
            throttle.tick((double(s) + double(rep) / p.repeats) / double(r.sizes.size()),
                          "fitting training sets");
            auto rng = stream(p.seed, TrainSet, std::uint64_t(n), std::uint64_t(rep));
            const Sample sample = drawSample(p.function, p.noise, n, rng);
            model.fit(sample);
            const auto mse = [&](const Sample& on, const MatrixXd& basis) {
                model.predict(on.x, basis, predictions);
                const Eigen::Map<const VectorXd> y(on.y.data(), Index(on.y.size()));
                return (predictions.col(0) - y).squaredNorm() / double(on.y.size());
            };
            train.push_back(model.trainingMse(sample)(0));
            valid.push_back(mse(validation[std::size_t(rep)], validationBasis[std::size_t(rep)]));
        }
        r.trainMean.push_back(mean(train));
        r.trainStd.push_back(standardDeviation(train));
        r.validationMean.push_back(mean(valid));
        r.validationStd.push_back(standardDeviation(valid));
        if (n == p.nTrain)
            r.diagnosedIndex = int(s);
    }

    const double val = r.validationMean[std::size_t(r.diagnosedIndex)];
    const double gap = val - r.trainMean[std::size_t(r.diagnosedIndex)];
    const double excess = val - r.noise;
    if (excess <= 0.25 * r.noise)
        r.diagnosis = FitDiagnosis::GoodFit;
    else if (gap >= 0.5 * excess)
        r.diagnosis = FitDiagnosis::HighVariance;
    else
        r.diagnosis = FitDiagnosis::HighBias;
    progress.update(1.0, "done");
    return r;
}

// ---------------------------------------------------------------------------------------------

namespace {

/// Random Fourier features of the Laplace kernel exp(-|x - x'|/ℓ): √2·cos(ω_j·x + b_j) with
/// ω_j ~ Cauchy(0, 1/ℓ) and b_j ~ U[0, 2π).
struct RandomFourierFeatures {
    std::vector<double> frequency, phase;

    RandomFourierFeatures(int count, double lengthScale, std::mt19937_64& rng)
    {
        std::uniform_real_distribution<double> uniform(0.0, 1.0);
        for (int j = 0; j < count; ++j) {
            frequency.push_back(std::tan(kPi * (uniform(rng) - 0.5)) / lengthScale);
            phase.push_back(2 * kPi * uniform(rng));
        }
    }

    MatrixXd matrix(const std::vector<double>& x) const
    {
        MatrixXd phi(Index(x.size()), Index(frequency.size()));
        for (Index j = 0; j < phi.cols(); ++j)
            for (Index i = 0; i < phi.rows(); ++i)
                phi(i, j) = std::sqrt(2.0) *
                            std::cos(frequency[std::size_t(j)] * x[std::size_t(i)] + phase[std::size_t(j)]);
        return phi;
    }
};

/// Minimum-norm (ridge: penalised) least squares through a QR of the tall orientation of Φ and an
/// SVD of its small triangular factor: Φ = (QU)·S·Vᵀ when p <= n, Φᵀ = Q·R with R = U·S·Vᵀ
/// otherwise. Singular values below max(n, p)·ε·s_max count as zero (numpy.linalg.lstsq).
VectorXd minimumNormSolve(const MatrixXd& phi, const VectorXd& y, double ridge)
{
    const bool wide = phi.cols() > phi.rows();
    const Index k = std::min(phi.rows(), phi.cols());
    const Eigen::HouseholderQR<MatrixXd> qr(wide ? MatrixXd(phi.transpose()) : phi);
    const MatrixXd r = qr.matrixQR().topRows(k).triangularView<Eigen::Upper>();
    const Eigen::BDCSVD<MatrixXd> svd(r, Eigen::ComputeFullU | Eigen::ComputeFullV);
    const VectorXd& s = svd.singularValues();
    const double cutoff = double(std::max(phi.rows(), phi.cols())) *
                          std::numeric_limits<double>::epsilon() * s(0);
    VectorXd scale(k);
    for (Index i = 0; i < k; ++i)
        scale(i) = s(i) > cutoff ? s(i) / (s(i) * s(i) + ridge) : 0.0;
    if (!wide) {
        VectorXd qty = y;
        qty.applyOnTheLeft(qr.householderQ().adjoint());
        return svd.matrixV() * (scale.asDiagonal() * (svd.matrixU().transpose() * qty.head(k)));
    }
    VectorXd w = VectorXd::Zero(phi.cols());
    w.head(k) = svd.matrixU() * (scale.asDiagonal() * (svd.matrixV().transpose() * y));
    w.applyOnTheLeft(qr.householderQ());
    return w;
}

std::vector<int> defaultFeatureCounts(int n)
{
    std::set<int> counts;
    const int last = 32 * n;
    for (int i = 0; i < 28; ++i)
        counts.insert(int(std::lround(std::pow(double(last), i / 27.0))));
    for (int p = std::max(1, n - 3); p <= n + 3; ++p)
        counts.insert(p);
    return {counts.begin(), counts.end()};
}

} // namespace

DoubleDescentResult computeDoubleDescent(const DoubleDescentParams& p, const Progress& progress)
{
    checkNoise(p.noise);
    checkRidge(p.ridge);
    checkRange("training-set size", p.nTrain, 2, 500);
    checkRange("trials", p.trials, 1, 1000);
    checkRange("grid points", p.gridPoints, 2, 100000);
    if (!std::isfinite(p.lengthScale) || p.lengthScale <= 0)
        throw InputError("kernel length scale must be > 0 (got " + describe(p.lengthScale) + ")");
    const std::vector<int> counts =
        p.featureCounts.empty() ? defaultFeatureCounts(p.nTrain) : p.featureCounts;
    for (const int c : counts)
        checkRange("number of random features", c, 1, 20000);
    const int maxFeatures = *std::max_element(counts.begin(), counts.end());

    DoubleDescentResult r;
    r.featureCounts = counts;
    r.noise = p.noise * p.noise;
    r.threshold = p.nTrain;
    const std::vector<double> grid = evenGrid(p.gridPoints);
    VectorXd truth(p.gridPoints);
    for (Index g = 0; g < truth.size(); ++g)
        truth(g) = trueFunctionValue(p.function, grid[std::size_t(g)]);

    std::vector<std::vector<double>> train(counts.size()), test(counts.size()), norms(counts.size());
    ProgressThrottle throttle(progress);
    for (int t = 0; t < p.trials; ++t) {
        auto rng = stream(p.seed, TrainSet, std::uint64_t(t));
        const Sample sample = drawSample(p.function, p.noise, p.nTrain, rng);
        auto featureRng = stream(p.seed, Features, std::uint64_t(t));
        const RandomFourierFeatures features(maxFeatures, p.lengthScale, featureRng);
        const MatrixXd phiAll = features.matrix(sample.x);
        const MatrixXd psiAll = features.matrix(grid);
        const Eigen::Map<const VectorXd> y(sample.y.data(), p.nTrain);
        for (std::size_t c = 0; c < counts.size(); ++c) {
            throttle.tick((t + double(c) / double(counts.size())) / p.trials, "fitting features");
            const Index count = counts[c];
            const VectorXd w = minimumNormSolve(phiAll.leftCols(count), y, p.ridge);
            train[c].push_back((phiAll.leftCols(count) * w - y).squaredNorm() / p.nTrain);
            test[c].push_back((psiAll.leftCols(count) * w - truth).squaredNorm() /
                                  double(truth.size()) + r.noise);
            norms[c].push_back(w.norm());
        }
    }
    for (std::size_t c = 0; c < counts.size(); ++c) {
        r.trainMse.push_back(mean(train[c]));
        r.testMse.push_back(quantile(test[c], 0.5));
        r.testMseLow.push_back(quantile(test[c], 0.25));
        r.testMseHigh.push_back(quantile(test[c], 0.75));
        r.weightNorm.push_back(quantile(norms[c], 0.5));
        if (r.testMse.back() > r.testMse[std::size_t(r.peakIndex)])
            r.peakIndex = int(c);
    }
    progress.update(1.0, "done");
    return r;
}

} // namespace mllab
