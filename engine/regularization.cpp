#include "engine/regularization.h"

#include "engine/magnitudes.h"

#include "engine/csv.h"

#include <Eigen/Dense>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <numeric>
#include <random>

#if defined(__GNUC__) && defined(__x86_64__)
#include <immintrin.h>
#define MLLAB_GRAM_AVX2 1
#endif

namespace mllab {
namespace {

using Eigen::Index;
using Eigen::MatrixXd;
using Eigen::VectorXd;

std::string describe(double v)
{
    char buffer[32];
    const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, v);
    return ec == std::errc() ? std::string(buffer, end) : std::to_string(v);
}

std::string featureName(const RegressionData& data, std::size_t j)
{
    return j < data.featureNames.size() ? "'" + data.featureNames[j] + "'"
                                        : "number " + std::to_string(j + 1);
}

// ---------------------------------------------------------------------------------------------
// The design shared by both paths: rows split into fitting and validation, features centred
// (and scaled) on the fitting rows.

struct Design {
    MatrixXd x;            ///< fitting rows, centred (and scaled)
    VectorXd y;            ///< fitting targets, centred
    double yMean = 0;
    MatrixXd xValidation;  ///< validation rows, transformed with the fitting rows' statistics
    VectorXd yValidation;
    VectorXd means, scales;
    std::vector<std::string> names;
};

void checkData(const RegressionData& data)
{
    if (data.features.empty())
        throw InputError("the dataset has no feature columns");
    const std::size_t rows = data.target.size();
    for (std::size_t j = 0; j < data.features.size(); ++j)
        if (data.features[j].size() != rows)
            throw InputError("feature " + featureName(data, j) + " has " +
                             std::to_string(data.features[j].size()) + " rows but the target has " +
                             std::to_string(rows));
    for (std::size_t j = 0; j < data.features.size(); ++j)
        for (std::size_t i = 0; i < rows; ++i)
            if (!std::isfinite(data.features[j][i]))
                throw InputError("feature " + featureName(data, j) + " has a non-finite value in row " +
                                 std::to_string(i + 1));
    for (std::size_t i = 0; i < rows; ++i)
        if (!std::isfinite(data.target[i]))
            throw InputError("the target has a non-finite value in row " + std::to_string(i + 1));
    for (std::size_t j = 0; j < data.features.size(); ++j)
        checkMagnitudes(data.features[j], kMaxDoubleDataMagnitude,
                        "feature " + featureName(data, j), "least squares");
    checkMagnitudes(data.target, kMaxDoubleDataMagnitude, "the target", "least squares");
}

Design makeDesign(const RegressionData& data, bool standardize, double validationFraction,
                  std::uint64_t seed)
{
    checkData(data);
    if (!std::isfinite(validationFraction) || validationFraction < 0 || validationFraction > 0.9)
        throw InputError("validation fraction must be from 0 to 0.9 (got " +
                         describe(validationFraction) + ")");
    const auto rows = Index(data.target.size());
    const auto p = Index(data.features.size());
    std::vector<Index> order(static_cast<std::size_t>(rows));
    std::iota(order.begin(), order.end(), 0);
    Index validationRows = 0;
    if (validationFraction > 0) {
        validationRows = std::max<Index>(1, Index(std::lround(validationFraction * double(rows))));
        std::mt19937_64 rng(seed);
        for (Index i = rows - 1; i > 0; --i)  // Fisher-Yates, the same on every platform
            std::swap(order[std::size_t(i)], order[std::size_t(rng() % std::uint64_t(i + 1))]);
    }
    const Index fitRows = rows - validationRows;
    if (fitRows < 2)
        throw InputError("need at least 2 rows to fit, got " + std::to_string(fitRows) +
                         " (the dataset has " + std::to_string(rows) + " rows)");

    Design d;
    d.names = data.featureNames;
    d.x.resize(fitRows, p);
    d.y.resize(fitRows);
    d.xValidation.resize(validationRows, p);
    d.yValidation.resize(validationRows);
    const auto gather = [&](const std::vector<double>& column, auto&& fit, auto&& held) {
        if (validationRows == 0) {  // no shuffle: a straight copy
            fit = Eigen::Map<const VectorXd>(column.data(), fitRows);
            return;
        }
        for (Index i = 0; i < fitRows; ++i)
            fit(i) = column[std::size_t(order[std::size_t(i)])];
        for (Index i = fitRows; i < rows; ++i)
            held(i - fitRows) = column[std::size_t(order[std::size_t(i)])];
    };
    for (Index j = 0; j < p; ++j)
        gather(data.features[std::size_t(j)], d.x.col(j), d.xValidation.col(j));
    gather(data.target, d.y, d.yValidation);
    d.means = d.x.colwise().mean().transpose();
    d.scales = VectorXd::Ones(p);
    d.x.rowwise() -= d.means.transpose();
    if (standardize) {
        for (Index j = 0; j < p; ++j) {
            const double sd = std::sqrt(d.x.col(j).squaredNorm() / double(fitRows));
            if (!(sd > 0))
                throw InputError("feature " + featureName(data, std::size_t(j)) +
                                 " is constant on the fitting rows and cannot be standardized");
            d.scales(j) = sd;
        }
        d.x.array().rowwise() /= d.scales.transpose().array();
    }
    d.xValidation.rowwise() -= d.means.transpose();
    d.xValidation.array().rowwise() /= d.scales.transpose().array();
    d.yMean = d.y.mean();
    d.y.array() -= d.yMean;
    return d;
}

void checkAlphas(const std::vector<double>& alphas)
{
    for (const double a : alphas)
        if (!std::isfinite(a) || a < 0)
            throw InputError("alpha must be a finite number >= 0 (got " + describe(a) + ")");
}

std::vector<double> geometricGrid(double high, double low, int count)
{
    std::vector<double> grid(static_cast<std::size_t>(count));
    for (int i = 0; i < count; ++i)
        grid[std::size_t(i)] =
            count == 1 ? high : high * std::pow(low / high, double(i) / double(count - 1));
    return grid;
}

/// Fills the per-alpha summaries once coefs and trainMse are complete.
void summarise(const Design& d, RegularizationPathResult& r)
{
    const Index p = d.x.cols();
    r.featureNames = d.names;
    r.fitRows = int(d.x.rows());
    r.validationRows = int(d.xValidation.rows());
    r.featureMeans.assign(d.means.data(), d.means.data() + p);
    r.featureScales.assign(d.scales.data(), d.scales.data() + p);
    for (const auto& coefs : r.coefs) {
        const Eigen::Map<const VectorXd> w(coefs.data(), p);
        // The intercept of the model on the transformed features, which have mean 0.
        r.intercepts.push_back(d.yMean);
        r.nonzero.push_back(int((w.array() != 0).count()));
        if (d.xValidation.rows() > 0)
            r.validationMse.push_back(
                ((d.yValidation.array() - d.yMean).matrix() - d.xValidation * w).squaredNorm() /
                double(d.xValidation.rows()));
    }
    if (!r.validationMse.empty())
        r.bestIndex = int(std::min_element(r.validationMse.begin(), r.validationMse.end()) -
                          r.validationMse.begin());
}

/// Without standardize, the features are only centred, so the intercept on the original scale is
/// ȳ - x̄ᵀw (scikit-learn's); with it, the model is on standardized features whose mean is 0.
void interceptsOnOriginalScale(const Design& d, bool standardize, RegularizationPathResult& r)
{
    if (standardize)
        return;
    for (std::size_t a = 0; a < r.coefs.size(); ++a) {
        const Eigen::Map<const VectorXd> w(r.coefs[a].data(), d.x.cols());
        r.intercepts[a] = d.yMean - d.means.dot(w);
    }
}

// ---------------------------------------------------------------------------------------------
// XᵀX. The engine is built for baseline x86-64 (SSE2), where Eigen's product runs at a third of
// what AVX2 with FMA allows; most machines have them, so the Gram matrix, the largest single
// cost of a lasso path, picks the AVX2 kernel at run time when the CPU supports it.

#ifdef MLLAB_GRAM_AVX2
__attribute__((target("avx2,fma"))) void gramAvx2(const MatrixXd& x, MatrixXd& gram)
{
    const Index n = x.rows(), p = x.cols(), blocked = n - n % 4;
    for (Index j = 0; j < p; ++j) {
        const double* a = x.col(j).data();
        for (Index k = 0; k <= j; k += 4) {
            const Index width = std::min<Index>(4, j + 1 - k);
            const double* b[4];
            for (Index t = 0; t < 4; ++t)
                b[t] = x.col(std::min(k + t, j)).data();
            __m256d sum[4] = {_mm256_setzero_pd(), _mm256_setzero_pd(), _mm256_setzero_pd(),
                              _mm256_setzero_pd()};
            for (Index i = 0; i < blocked; i += 4) {
                const __m256d va = _mm256_loadu_pd(a + i);
                for (int t = 0; t < 4; ++t)
                    sum[t] = _mm256_fmadd_pd(va, _mm256_loadu_pd(b[t] + i), sum[t]);
            }
            for (Index t = 0; t < width; ++t) {
                alignas(32) double lanes[4];
                _mm256_store_pd(lanes, sum[t]);
                double dot = (lanes[0] + lanes[1]) + (lanes[2] + lanes[3]);
                for (Index i = blocked; i < n; ++i)
                    dot += a[i] * b[t][i];
                gram(j, k + t) = gram(k + t, j) = dot;
            }
        }
    }
}
#endif

MatrixXd gramMatrix(const MatrixXd& x)
{
    MatrixXd gram(x.cols(), x.cols());
#ifdef MLLAB_GRAM_AVX2
    static const bool avx2 = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    if (avx2) {
        gramAvx2(x, gram);
        return gram;
    }
#endif
    gram.setZero();
    gram.selfadjointView<Eigen::Lower>().rankUpdate(x.transpose());
    gram.triangularView<Eigen::StrictlyUpper>() = gram.transpose();
    return gram;
}

// ---------------------------------------------------------------------------------------------
// Lasso by coordinate descent on the Gram matrix.

double softThreshold(double z, double threshold)
{
    return z > threshold ? z - threshold : (z < -threshold ? z + threshold : 0.0);
}

class LassoSolver {
public:
    explicit LassoSolver(const Design& d)
        : m_n(double(d.x.rows())), m_gram(gramMatrix(d.x)), m_xty(d.x.transpose() * d.y),
          m_w(VectorXd::Zero(d.x.cols())), m_gradient(m_xty)
    {
        m_yNorm = d.y.norm();
        m_columnNorm = m_gram.diagonal().cwiseSqrt();
    }

    /// max_j |xⱼᵀy| / n: the smallest alpha at which every coefficient is zero.
    double alphaMax() const { return m_xty.cwiseAbs().maxCoeff() / m_n; }

    /// Solves for one alpha, warm-started from the previous solution; returns the sweeps used.
    int solve(double alpha, int maxSweeps, bool& converged, const Progress& progress)
    {
        const double threshold = m_n * alpha;
        double tolerance = 1e-4 * m_yNorm;
        int sweeps = 0;
        converged = false;
        // Between knots of the path the support and signs do not change, and the exact solve on
        // the previous support is already the answer: no sweep is needed.
        if (m_w.size() > 0 && polish(threshold)) {
            converged = true;
            return 0;
        }
        while (sweeps < maxSweeps) {
            // Sweeps over the current support until it settles, then one over every coordinate.
            while (sweeps < maxSweeps && sweep(threshold, true) > tolerance) {
                if (++sweeps % 64 == 0)  // wide data: a sweep costs O(p²)
                    progress.checkCancelled();
            }
            ++sweeps;
            const double change = sweep(threshold, false);
            if (change > tolerance)
                continue;
            if (polish(threshold)) {
                converged = true;
                return sweeps;
            }
            if (tolerance < 1e-13 * m_yNorm) {
                converged = !m_polishable;  // no exact solve possible: the tolerance is the answer
                return sweeps;
            }
            tolerance *= 1e-2;
        }
        return sweeps;
    }

    const VectorXd& weights() const { return m_w; }

    /// ||y - Xw||²/n = (yᵀy - wᵀXᵀy - wᵀ(Xᵀy - XᵀXw))/n from the maintained gradient: O(p).
    double trainMse() const
    {
        const double squares = m_yNorm * m_yNorm - m_w.dot(m_xty) - m_w.dot(m_gradient);
        return std::max(0.0, squares) / m_n;
    }

private:
    /// One cyclic pass; returns the largest change of a coefficient times its column norm (the
    /// change it makes to the fitted values).
    double sweep(double threshold, bool supportOnly)
    {
        double largest = 0;
        for (Index j = 0; j < m_w.size(); ++j) {
            const double old = m_w(j);
            if ((supportOnly && old == 0) || m_gram(j, j) == 0)
                continue;
            const double updated = softThreshold(m_gradient(j) + m_gram(j, j) * old, threshold) /
                                   m_gram(j, j);
            const double delta = updated - old;
            if (delta == 0)
                continue;
            m_w(j) = updated;
            m_gradient.noalias() -= m_gram.col(j) * delta;
            largest = std::max(largest, std::abs(delta) * m_columnNorm(j));
        }
        return largest;
    }

    /// Solves the stationarity equations G_SS·w_S = Xᵀy_S - n·α·sign(w_S) on the support S and
    /// keeps the result only if signs and the inactive coordinates' KKT bounds hold.
    bool polish(double threshold)
    {
        std::vector<Index> support;
        VectorXd signs;
        for (Index j = 0; j < m_w.size(); ++j)
            if (m_w(j) != 0)
                support.push_back(j);
        signs.resize(Index(support.size()));
        for (std::size_t k = 0; k < support.size(); ++k)
            signs(Index(k)) = m_w(support[k]) > 0 ? 1.0 : -1.0;
        const double slack = threshold * 1e-9 + 1e-12 * m_yNorm * m_columnNorm.maxCoeff();
        if (support.empty()) {
            if (m_xty.cwiseAbs().maxCoeff() > threshold + slack)
                return false;
            m_w.setZero();
            m_gradient = m_xty;
            return true;
        }
        if (support != m_factoredSupport) {
            MatrixXd block(Index(support.size()), Index(support.size()));
            for (std::size_t a = 0; a < support.size(); ++a)
                for (std::size_t b = 0; b < support.size(); ++b)
                    block(Index(a), Index(b)) = m_gram(support[a], support[b]);
            m_factor.compute(block);
            m_factoredSupport = support;
            const auto diagonal = m_factor.matrixLLT().diagonal();
            m_polishable = m_factor.info() == Eigen::Success &&
                           diagonal.minCoeff() > 1e-6 * diagonal.maxCoeff();
        }
        if (!m_polishable)
            return false;
        VectorXd rhs(Index(support.size()));
        for (std::size_t k = 0; k < support.size(); ++k)
            rhs(Index(k)) = m_xty(support[k]) - threshold * signs(Index(k));
        const VectorXd exact = m_factor.solve(rhs);
        for (Index k = 0; k < exact.size(); ++k)
            if (exact(k) * signs(k) <= 0)
                return false;
        VectorXd w = VectorXd::Zero(m_w.size());
        VectorXd gradient = m_xty;
        for (std::size_t k = 0; k < support.size(); ++k) {
            w(support[k]) = exact(Index(k));
            gradient.noalias() -= m_gram.col(support[k]) * exact(Index(k));
        }
        for (Index j = 0; j < m_w.size(); ++j)
            if (w(j) == 0 && std::abs(gradient(j)) > threshold + slack)
                return false;
        m_w = w;
        m_gradient = gradient;
        return true;
    }

    double m_n;
    MatrixXd m_gram;
    VectorXd m_xty, m_w, m_gradient, m_columnNorm;
    double m_yNorm = 0;
    std::vector<Index> m_factoredSupport{Index(-1)};
    Eigen::LLT<MatrixXd> m_factor;
    bool m_polishable = false;
};

// ---------------------------------------------------------------------------------------------
// Two-weight geometry.

struct Quadratic {
    Eigen::Matrix2d h;
    Eigen::Vector2d centre;

    double loss(const Eigen::Vector2d& w) const { return (w - centre).dot(h * (w - centre)); }
    Eigen::Vector2d gradient(const Eigen::Vector2d& w) const { return 2.0 * h * (w - centre); }
};

/// Minimises the quadratic over the disc ||w - m|| <= radius; `mu` receives the multiplier of
/// ∇L + 2μ(w - m) = 0. The quadratic is positive definite, so there is no "hard case".
Eigen::Vector2d minimiseOverDisc(const Quadratic& q, const Eigen::Vector2d& m, double radius,
                                 double& mu)
{
    mu = 0;
    const Eigen::Vector2d shifted = q.centre - m;
    if (shifted.norm() <= radius)
        return q.centre;
    const Eigen::SelfAdjointEigenSolver<Eigen::Matrix2d> eigen(q.h);
    const Eigen::Vector2d lambda = eigen.eigenvalues();
    const Eigen::Vector2d b = eigen.eigenvectors().transpose() * shifted;
    const auto step = [&](double mu) {
        return Eigen::Vector2d(lambda(0) * b(0) / (lambda(0) + mu), lambda(1) * b(1) / (lambda(1) + mu));
    };
    // ||step(μ)|| falls from ||shifted|| > radius at μ = 0; bisect on a bracket, as plain
    // bisection halves it to the last bit within a few hundred cheap iterations.
    double low = 0, high = lambda.maxCoeff() * shifted.norm() / radius;
    for (int i = 0; i < 2000 && high - low > 0; ++i) {
        const double middle = 0.5 * (low + high);
        if (middle <= low || middle >= high)
            break;
        (step(middle).norm() > radius ? low : high) = middle;
    }
    mu = 0.5 * (low + high);
    return m + eigen.eigenvectors() * step(mu);
}

Eigen::Vector2d minimiseOverDiamond(const Quadratic& q, double t)
{
    if (q.centre.lpNorm<1>() <= t)
        return q.centre;
    Eigen::Vector2d best = q.centre;
    double bestLoss = std::numeric_limits<double>::infinity();
    for (const double s1 : {1.0, -1.0}) {
        for (const double s2 : {1.0, -1.0}) {
            // Edge w(a) = (s1·a, s2·(t - a)), a in [0, t]: a 1-D quadratic in a.
            const Eigen::Vector2d start(0.0, s2 * t), direction(s1, -s2);
            const double curvature = direction.dot(q.h * direction);
            double a = -direction.dot(q.h * (start - q.centre)) / curvature;
            a = std::clamp(a, 0.0, t);
            Eigen::Vector2d w(s1 * a, s2 * (t - a));
            if (a == 0)
                w(0) = 0.0;
            if (a == t)
                w(1) = 0.0;
            const double loss = q.loss(w);
            if (loss < bestLoss) {
                bestLoss = loss;
                best = w;
            }
        }
    }
    return best;
}

double elasticNetNorm(const Eigen::Vector2d& w, double t, double r)
{
    return r * w.lpNorm<1>() + (1 - r) * w.squaredNorm() / t;
}

Eigen::Vector2d minimiseOverElasticNet(const Quadratic& q, double t, double r)
{
    if (elasticNetNorm(q.centre, t, r) <= t)
        return q.centre;
    // Per quadrant s the region is the disc k||w||² + r·sᵀw <= t, k = (1 - r)/t.
    const double k = (1 - r) / t;
    const double radius = std::sqrt(t / k + r * r / (2 * k * k));
    std::vector<Eigen::Vector2d> candidates = {{t, 0.0}, {-t, 0.0}, {0.0, t}, {0.0, -t}};
    for (const double s1 : {1.0, -1.0}) {
        for (const double s2 : {1.0, -1.0}) {
            const Eigen::Vector2d centre = -(r / (2 * k)) * Eigen::Vector2d(s1, s2);
            double mu = 0;
            const Eigen::Vector2d w = minimiseOverDisc(q, centre, radius, mu);
            if (s1 * w(0) >= 0 && s2 * w(1) >= 0)
                candidates.push_back(w);
        }
    }
    return *std::min_element(candidates.begin(), candidates.end(),
                             [&](const auto& a, const auto& b) { return q.loss(a) < q.loss(b); });
}

enum class Region { L1, L2, ElasticNet };

/// The best ν >= 0 for 0 ∈ ∇L + ν·∂h(w) and the remaining residual relative to ||∇L||.
ConstrainedSolution certify(const Quadratic& q, Region region, double t, double r,
                            const Eigen::Vector2d& w)
{
    ConstrainedSolution s;
    s.weights = {w(0), w(1)};
    s.loss = q.loss(w);
    s.zeroWeights = int(w(0) == 0) + int(w(1) == 0);
    const Eigen::Vector2d g = q.gradient(w);
    const double norm = region == Region::L1   ? w.lpNorm<1>()
                        : region == Region::L2 ? w.norm()
                                               : elasticNetNorm(w, t, r);
    s.constraintActive = norm >= t * (1 - 1e-9) && g.norm() > 0;
    const double scale = std::max(g.norm(), 1e-300);
    if (!s.constraintActive) {
        s.kktResidual = g.norm() / std::max(scale, 1.0);
        return s;
    }
    // ∂h: a gradient component on nonzero weights, an interval [-width, width] on zero ones.
    const double width = region == Region::L1 ? 1.0 : region == Region::L2 ? 0.0 : r;
    Eigen::Vector2d a = Eigen::Vector2d::Zero();
    for (int i = 0; i < 2; ++i) {
        if (w(i) == 0)
            continue;
        const double sign = w(i) > 0 ? 1.0 : -1.0;
        a(i) = region == Region::L1   ? sign
               : region == Region::L2 ? w(i) / w.norm()
                                      : r * sign + 2 * (1 - r) / t * w(i);
    }
    const double nu = std::max(0.0, -g.dot(a) / a.squaredNorm());
    double residual2 = 0;
    for (int i = 0; i < 2; ++i) {
        const double part = w(i) != 0 ? g(i) + nu * a(i) : std::max(0.0, std::abs(g(i)) - nu * width);
        residual2 += part * part;
    }
    s.multiplier = nu;
    s.kktResidual = std::sqrt(residual2) / scale;
    return s;
}

std::vector<std::array<double, 2>> ellipse(const Quadratic& q, double level, int points)
{
    const Eigen::SelfAdjointEigenSolver<Eigen::Matrix2d> eigen(q.h);
    std::vector<std::array<double, 2>> out;
    const double radius = std::sqrt(std::max(level, 0.0));
    for (int i = 0; i < points; ++i) {
        const double theta = 2 * M_PI * i / points;
        const Eigen::Vector2d unit(std::cos(theta) / std::sqrt(eigen.eigenvalues()(0)),
                                   std::sin(theta) / std::sqrt(eigen.eigenvalues()(1)));
        const Eigen::Vector2d w = q.centre + radius * (eigen.eigenvectors() * unit);
        out.push_back({w(0), w(1)});
    }
    return out;
}

std::vector<std::array<double, 2>> elasticNetPolygon(double t, double r, int points)
{
    std::vector<std::array<double, 2>> out;
    const double k = (1 - r) / t;
    for (int i = 0; i < points; ++i) {
        const double theta = 2 * M_PI * i / points;
        const bool axis = i % (points / 4) == 0;  // exact vertices at (±t, 0), (0, ±t)
        const int quarter = i / (points / 4);
        const double c = axis ? double((quarter + 1) % 2) * (quarter == 2 ? -1 : 1) : std::cos(theta);
        const double s = axis ? double(quarter % 2) * (quarter == 3 ? -1 : 1) : std::sin(theta);
        const double l1 = std::abs(c) + std::abs(s);
        if (axis) {
            out.push_back({t * c, t * s});
            continue;
        }
        // Radius ρ along the direction: r·ρ·l1 + k·ρ² = t.
        const double rho = k > 0 ? (-r * l1 + std::sqrt(r * r * l1 * l1 + 4 * k * t)) / (2 * k)
                                 : t / l1;
        out.push_back({rho * c, rho * s});
    }
    return out;
}

Quadratic quadraticFromData(const RegressionData& data)
{
    if (data.features.size() != 2)
        throw InputError("the constraint geometry needs exactly two features, got " +
                         std::to_string(data.features.size()));
    const Design d = makeDesign(data, true, 0, 0);
    const double correlation = d.x.col(0).dot(d.x.col(1)) / double(d.x.rows());
    if (std::abs(correlation) > 1 - 1e-9)
        throw InputError("features " + featureName(data, 0) + " and " + featureName(data, 1) +
                         " are perfectly correlated: the loss has no unique minimum");
    const double targetScale = std::sqrt(d.y.squaredNorm() / double(d.y.size()));
    if (!(targetScale > 0))
        throw InputError("the target is constant: the loss has no slope to draw");
    Quadratic q;
    q.h = d.x.transpose() * d.x / double(d.x.rows());
    q.centre = d.x.householderQr().solve(d.y / targetScale);
    return q;
}

} // namespace

// ---------------------------------------------------------------------------------------------

RegressionData regressionDataFromCsv(const std::string& csvText, const std::string& source,
                                     const std::string& target,
                                     const std::vector<std::string>& features)
{
    std::vector<std::string> names = features;
    if (names.empty()) {
        const CsvInfo info = inspectCsv(csvText, source);
        if (std::find(info.header.begin(), info.header.end(), target) == info.header.end())
            throw InputError(source + " has no target column '" + target + "'");
        for (const auto& column : info.header)
            if (column != target)
                names.push_back(column);
        if (names.empty())
            throw InputError(source + " has no feature columns besides the target '" + target + "'");
    }
    for (const auto& name : names)
        if (name == target)
            throw InputError("column '" + target + "' cannot be both a feature and the target");
    std::vector<std::string> columns = names;
    columns.push_back(target);
    CsvNumeric table = readNumericCsv(csvText, source, columns);
    RegressionData data;
    data.featureNames = names;
    data.target = std::move(table.columns.back());
    table.columns.pop_back();
    data.features = std::move(table.columns);
    return data;
}

RegressionData regressionDataFromCsvFile(const std::string& path, const std::string& target,
                                         const std::vector<std::string>& features)
{
    return regressionDataFromCsv(readTextFile(path), path, target, features);
}

LassoPathResult computeLassoPath(const LassoPathParams& p, const Progress& progress)
{
    checkAlphas(p.alphas);
    if (p.alphas.empty() && (p.nAlphas < 1 || p.nAlphas > 10000))
        throw InputError("number of alphas must be from 1 to 10000 (got " +
                         std::to_string(p.nAlphas) + ")");
    if (p.alphas.empty() && !(p.eps > 0 && p.eps < 1))
        throw InputError("eps (smallest alpha / largest) must be between 0 and 1 (got " +
                         describe(p.eps) + ")");
    if (p.maxSweeps < 1)
        throw InputError("maxSweeps must be at least 1");
    const Design d = makeDesign(p.data, p.standardize, p.validationFraction, p.seed);
    LassoSolver solver(d);

    LassoPathResult r;
    r.alphas = p.alphas;
    if (r.alphas.empty()) {
        const double high = solver.alphaMax();
        if (!(high > 0))
            throw InputError("the target is constant on the fitting rows (or no feature varies): "
                             "every lasso coefficient is zero for every alpha");
        r.alphas = geometricGrid(high, high * p.eps, p.nAlphas);
    }
    std::sort(r.alphas.begin(), r.alphas.end(), std::greater<>());

    ProgressThrottle throttle(progress);
    for (std::size_t a = 0; a < r.alphas.size(); ++a) {
        throttle.tick(double(a) / double(r.alphas.size()), "lasso path");
        bool converged = false;
        r.sweeps.push_back(solver.solve(r.alphas[a], p.maxSweeps, converged, progress));
        if (!converged)
            throw InputError("coordinate descent did not converge at alpha = " +
                             describe(r.alphas[a]) + " within " + std::to_string(p.maxSweeps) +
                             " sweeps; standardize the features or use a larger alpha");
        const VectorXd& w = solver.weights();
        r.coefs.emplace_back(w.data(), w.data() + w.size());
        r.trainMse.push_back(solver.trainMse());
    }
    summarise(d, r);
    interceptsOnOriginalScale(d, p.standardize, r);
    return r;
}

RidgePathResult computeRidgePath(const RidgePathParams& p, const Progress& progress)
{
    checkAlphas(p.alphas);
    if (p.alphas.empty() && (p.nAlphas < 1 || p.nAlphas > 10000))
        throw InputError("number of alphas must be from 1 to 10000 (got " +
                         std::to_string(p.nAlphas) + ")");
    const Design d = makeDesign(p.data, p.standardize, p.validationFraction, p.seed);
    progress.checkCancelled();
    // Tall data: X = QR first, then the SVD of the small R = U_R·S·Vᵀ gives X's SVD with
    // U = Q·U_R, so Uᵀy = U_Rᵀ·(Qᵀy) without forming U.
    const bool tall = d.x.rows() > d.x.cols();
    const Eigen::HouseholderQR<MatrixXd> qr = tall ? Eigen::HouseholderQR<MatrixXd>(d.x)
                                                   : Eigen::HouseholderQR<MatrixXd>();
    const MatrixXd small = tall ? MatrixXd(qr.matrixQR().topRows(d.x.cols())
                                               .triangularView<Eigen::Upper>())
                                : d.x;
    const Eigen::BDCSVD<MatrixXd> svd(small, Eigen::ComputeThinU | Eigen::ComputeThinV);
    const VectorXd& s = svd.singularValues();
    const double cutoff = double(std::max(d.x.rows(), d.x.cols())) *
                          std::numeric_limits<double>::epsilon() * (s.size() ? s(0) : 0.0);
    VectorXd qty = d.y;
    if (tall)
        qty.applyOnTheLeft(qr.householderQ().adjoint());
    const VectorXd uty = svd.matrixU().transpose() * (tall ? VectorXd(qty.head(d.x.cols())) : qty);
    const double unexplained = std::max(0.0, d.y.squaredNorm() - uty.squaredNorm());

    RidgePathResult r;
    r.alphas = p.alphas;
    if (r.alphas.empty()) {
        if (!(s.size() > 0 && s(0) > 0))
            throw InputError("no feature varies on the fitting rows: nothing to fit");
        double smallest = s(0);
        for (Index i = 0; i < s.size(); ++i)
            if (s(i) > cutoff)
                smallest = s(i);
        const double top = s(0) * s(0);
        r.alphas = geometricGrid(1e3 * top, std::max(1e-3 * smallest * smallest, 1e-9 * top),
                                 p.nAlphas);
    }
    std::sort(r.alphas.begin(), r.alphas.end(), std::greater<>());
    for (const double alpha : r.alphas) {
        progress.checkCancelled();
        // ||y - Xw||² = ||y||² - ||Uᵀy||² + Σ (α/(s² + α))²·(uᵢᵀy)².
        VectorXd shrunk(s.size());
        double squares = unexplained;
        for (Index i = 0; i < s.size(); ++i) {
            const bool kept = s(i) > cutoff;
            shrunk(i) = kept ? s(i) / (s(i) * s(i) + alpha) * uty(i) : 0.0;
            const double left = kept ? alpha / (s(i) * s(i) + alpha) : 1.0;
            squares += left * left * uty(i) * uty(i);
        }
        const VectorXd w = svd.matrixV() * shrunk;
        r.coefs.emplace_back(w.data(), w.data() + w.size());
        r.trainMse.push_back(squares / double(d.x.rows()));
    }
    summarise(d, r);
    interceptsOnOriginalScale(d, p.standardize, r);
    return r;
}

ConstrainedOptimumResult computeConstrainedOptimum(const ConstrainedOptimumParams& p,
                                                   const Progress& progress)
{
    if (!std::isfinite(p.budget) || p.budget <= 0)
        throw InputError("budget t must be > 0 (got " + describe(p.budget) +
                         "): a zero budget forces every weight to 0");
    if (!std::isfinite(p.l1Ratio) || p.l1Ratio < 0 || p.l1Ratio > 1)
        throw InputError("l1 ratio must be from 0 to 1 (got " + describe(p.l1Ratio) + ")");
    if (p.contourLevels < 0 || p.contourLevels > 100)
        throw InputError("contour levels must be from 0 to 100 (got " +
                         std::to_string(p.contourLevels) + ")");
    if (p.contourPoints < 8 || p.contourPoints > 100000)
        throw InputError("contour points must be from 8 to 100000 (got " +
                         std::to_string(p.contourPoints) + ")");
    Quadratic q;
    if (!p.data.features.empty()) {
        q = quadraticFromData(p.data);
    } else {
        if (!std::isfinite(p.correlation) || std::abs(p.correlation) >= 1)
            throw InputError("correlation must be strictly between -1 and 1 (got " +
                             describe(p.correlation) + ")");
        if (!std::isfinite(p.centre[0]) || !std::isfinite(p.centre[1]))
            throw InputError("the centre of the loss must be finite");
        q.h << 1, p.correlation, p.correlation, 1;
        q.centre = Eigen::Vector2d(p.centre[0], p.centre[1]);
    }
    progress.checkCancelled();

    const double t = p.budget, ratio = p.l1Ratio;
    ConstrainedOptimumResult r;
    r.centre = {q.centre(0), q.centre(1)};
    r.hessian = {q.h(0, 0), q.h(0, 1), q.h(1, 0), q.h(1, 1)};
    r.budget = t;
    r.l1Ratio = ratio;
    double mu = 0;
    r.l1 = certify(q, Region::L1, t, 1, minimiseOverDiamond(q, t));
    r.l2 = certify(q, Region::L2, t, 0, minimiseOverDisc(q, Eigen::Vector2d::Zero(), t, mu));
    const Eigen::Vector2d en = ratio == 1   ? minimiseOverDiamond(q, t)
                               : ratio == 0 ? minimiseOverDisc(q, Eigen::Vector2d::Zero(), t, mu)
                                            : minimiseOverElasticNet(q, t, ratio);
    r.elasticNet = certify(q, Region::ElasticNet, t, ratio, en);
    for (ConstrainedSolution* s : {&r.l1, &r.l2, &r.elasticNet})
        s->contour = ellipse(q, s->loss, p.contourPoints);

    double reference = std::max({r.l1.loss, r.l2.loss, r.elasticNet.loss});
    if (!(reference > 0))
        reference = q.loss(Eigen::Vector2d::Zero());
    if (!(reference > 0))
        reference = 1;
    const double half = std::max(1.0, p.contourLevels / 2.0);
    for (int i = 1; i <= p.contourLevels; ++i) {
        const double level = reference * (i / half) * (i / half);
        r.contourLevels.push_back(level);
        r.contours.push_back(ellipse(q, level, p.contourPoints));
    }
    r.elasticNetBoundary = elasticNetPolygon(t, ratio, 4 * ((p.contourPoints + 3) / 4));
    return r;
}

} // namespace mllab
