// engine/pca: known covariance, n - 1 convention, svd_flip signs, both solvers agreeing,
// standardisation and the metres-versus-millimetres demonstration, elbow and bad input; the
// covariance path's pilot shift, its row ranges on several threads, its single-precision
// screening of the svd_flip scores, and cancellation from inside its threads.
#include "engine/blas/eigen_blas.h"
#include "engine/datasets.h"
#include "engine/pca.h"
#include "tests/support/enginetest.h"

#include <omp.h>

#include <atomic>
#include <cmath>
#include <limits>
#include <random>
#include <vector>

// The BLAS the engine links (OpenBLAS, or Eigen's stand-ins with MLLAB_EIGEN_BLAS).
extern "C" {
void dsyrk_(const char* uplo, const char* trans, const int* n, const int* k, const double* alpha,
            const double* a, const int* lda, const double* beta, double* c, const int* ldc);
void sgemm_(const char* transa, const char* transb, const int* m, const int* n, const int* k,
            const float* alpha, const float* a, const int* lda, const float* b, const int* ldb,
            const float* beta, float* c, const int* ldc);
}

using mllab::InputError;
using mllab::PcaParams;
using mllab::PcaSolver;

namespace {

/// Six points on the axes of a frame rotated by `angle`: (a, 0), twice (-a/2, 0), (0, b) and
/// twice (0, -b/2) in that frame. Mean 0, variances 1.5 a² / 5 and 1.5 b² / 5, and one largest
/// score per axis, so svd_flip's choice of sign is clear.
PcaParams crossData(double a, double b, double angle)
{
    const double c = std::cos(angle), s = std::sin(angle);
    PcaParams p;
    p.columns.assign(2, {});
    const double pts[6][2] = {{a, 0}, {-a / 2, 0}, {-a / 2, 0}, {0, b}, {0, -b / 2}, {0, -b / 2}};
    for (const auto& q : pts) {
        p.columns[0].push_back(c * q[0] - s * q[1] + 10.0); // shifted: the mean must come off
        p.columns[1].push_back(s * q[0] + c * q[1] - 5.0);
    }
    p.names = {"u", "v"};
    return p;
}

PcaParams randomData(std::size_t n, std::size_t d, std::uint64_t seed)
{
    std::mt19937_64 rng(seed);
    std::normal_distribution<double> normal;
    PcaParams p;
    p.columns.assign(d, std::vector<double>(n));
    for (std::size_t i = 0; i < n; ++i) {
        double common = normal(rng);
        for (std::size_t j = 0; j < d; ++j)
            p.columns[j][i] = (j + 1.0) * normal(rng) + common * (j % 3) + 0.1 * double(j);
    }
    return p;
}

/// svd_flip's rule checked from the outside: for every kept component, the first row whose
/// score has the largest magnitude has a non-negative score. Scores are summed as the engine
/// sums its exact ones (feature order, weights divided by the scale), so ties tie here too.
bool signsFollowSvdFlip(const PcaParams& p, const mllab::PcaResult& r)
{
    const std::size_t n = p.columns[0].size(), d = p.columns.size();
    for (const auto& component : r.components) {
        double largest = -1, signedLargest = 0;
        for (std::size_t i = 0; i < n; ++i) {
            double score = 0;
            for (std::size_t j = 0; j < d; ++j)
                score += (p.columns[j][i] - r.mean[j]) * (component[j] / r.scale[j]);
            if (std::abs(score) > largest) {
                largest = std::abs(score);
                signedLargest = score;
            }
        }
        if (signedLargest < 0)
            return false;
    }
    return true;
}

/// Runs `fn` with OpenMP's thread count set to `threads` (PCA's row ranges follow it).
template <class Fn> auto withThreads(int threads, Fn fn)
{
    const int before = omp_get_max_threads();
    omp_set_num_threads(threads);
    auto result = fn();
    omp_set_num_threads(before);
    return result;
}

} // namespace

ENGINE_TEST(knownCovarianceWithNMinusOne)
{
    for (PcaSolver solver : {PcaSolver::Covariance, PcaSolver::Svd}) {
        PcaParams p = crossData(3.0, 1.0, 0.0);
        p.solver = solver;
        const auto r = mllab::computePca(p);
        QVERIFY(r.solver == solver);
        // Variances with n - 1 = 5: 1.5 x 9 / 5 = 2.7 and 1.5 x 1 / 5 = 0.3.
        QFUZZY_COMPARE(r.explainedVariance[0], 2.7, 1e-12);
        QFUZZY_COMPARE(r.explainedVariance[1], 0.3, 1e-12);
        QFUZZY_COMPARE(r.explainedVarianceRatio[0], 0.9, 1e-12);
        QFUZZY_COMPARE(r.singularValues[0], std::sqrt(13.5), 1e-12);
        QFUZZY_COMPARE(r.mean[0], 10.0, 1e-15);
        QFUZZY_COMPARE(r.mean[1], -5.0, 1e-15);
        QCOMPARE(r.scale, (std::vector<double>{1.0, 1.0}));
        // svd_flip: the largest score of each component (the first point, then the fourth) is
        // positive, so the components point along +x and +y.
        QFUZZY_COMPARE(r.components[0][0], 1.0, 1e-12);
        QFUZZY_COMPARE(r.components[0][1], 0.0, 1e-12);
        QFUZZY_COMPARE(r.components[1][1], 1.0, 1e-12);
        QFUZZY_COMPARE(r.projection[0][0], 3.0, 1e-12);
        QFUZZY_COMPARE(r.projection[1][3], 1.0, 1e-12);
    }
}

ENGINE_TEST(rotatedFrameIsFound)
{
    const double angle = 0.5;
    const auto r = mllab::computePca(crossData(2.0, 0.5, angle));
    QFUZZY_COMPARE(r.components[0][0], std::cos(angle), 1e-12);
    QFUZZY_COMPARE(r.components[0][1], std::sin(angle), 1e-12);
    QFUZZY_COMPARE(r.components[1][0], -std::sin(angle), 1e-12);
    QFUZZY_COMPARE(r.components[1][1], std::cos(angle), 1e-12);
    QCOMPARE(r.cumulativeRatio.size(), std::size_t(2));
    QFUZZY_COMPARE(r.cumulativeRatio[1], 1.0, 1e-15);
}

ENGINE_TEST(solversAgree)
{
    PcaParams p = randomData(400, 12, 5);
    p.solver = PcaSolver::Covariance;
    const auto a = mllab::computePca(p);
    p.solver = PcaSolver::Svd;
    const auto b = mllab::computePca(p);
    for (std::size_t k = 0; k < 12; ++k) {
        QFUZZY_COMPARE(a.explainedVariance[k], b.explainedVariance[k], 1e-10);
        QFUZZY_COMPARE(a.explainedVarianceRatio[k], b.explainedVarianceRatio[k], 1e-10);
        for (std::size_t j = 0; j < 12; ++j)
            QVERIFY(std::abs(a.components[k][j] - b.components[k][j]) < 1e-8);
    }
    // Total variance is the sum of the feature variances (n - 1).
    double total = 0, sum = 0;
    for (const auto& c : p.columns) {
        double m = 0, ss = 0;
        for (double v : c)
            m += v;
        m /= double(c.size());
        for (double v : c)
            ss += (v - m) * (v - m);
        total += ss / double(c.size() - 1);
    }
    for (double v : a.explainedVariance)
        sum += v;
    QFUZZY_COMPARE(sum, total, 1e-12);
    QVERIFY(a.solver == PcaSolver::Covariance);
}

ENGINE_TEST(autoSolverChoosesByShape)
{
    QVERIFY(mllab::computePca(randomData(200, 10, 1)).solver == PcaSolver::Covariance);
    QVERIFY(mllab::computePca(randomData(50, 10, 1)).solver == PcaSolver::Svd);
    // Wide data: at most n components.
    const auto wide = mllab::computePca(randomData(5, 10, 1));
    QCOMPARE(wide.explainedVariance.size(), std::size_t(5));
    QVERIFY(wide.explainedVariance[4] < 1e-20 * wide.explainedVariance[0] + 1e-12);
}

ENGINE_TEST(standardizedPcaIsCorrelationPca)
{
    // Two features with correlation rho: standardised eigenvalues are (1 +- rho) n / (n - 1).
    PcaParams p = randomData(1000, 2, 9);
    p.standardize = true;
    const auto r = mllab::computePca(p);
    const auto& x = p.columns[0];
    const auto& y = p.columns[1];
    const double n = double(x.size());
    double mx = 0, my = 0;
    for (std::size_t i = 0; i < x.size(); ++i) {
        mx += x[i];
        my += y[i];
    }
    mx /= n;
    my /= n;
    double sxx = 0, syy = 0, sxy = 0;
    for (std::size_t i = 0; i < x.size(); ++i) {
        sxx += (x[i] - mx) * (x[i] - mx);
        syy += (y[i] - my) * (y[i] - my);
        sxy += (x[i] - mx) * (y[i] - my);
    }
    const double rho = sxy / std::sqrt(sxx * syy);
    QFUZZY_COMPARE(r.explainedVariance[0], (1 + std::abs(rho)) * n / (n - 1), 1e-10);
    QFUZZY_COMPARE(r.explainedVariance[1], (1 - std::abs(rho)) * n / (n - 1), 1e-10);
    QFUZZY_COMPARE(r.scale[0], std::sqrt(sxx / n), 1e-12);
}

ENGINE_TEST(millimetresDominateUnlessStandardized)
{
    PcaParams metres, millimetres;
    const auto m = mllab::makeUnitsDemoData(false, 3);
    const auto mm = mllab::makeUnitsDemoData(true, 3);
    metres.columns = m.columns();
    millimetres.columns = mm.columns();
    const auto raw = mllab::computePca(millimetres);
    QVERIFY(raw.explainedVarianceRatio[0] > 0.999);
    QVERIFY(std::abs(raw.components[0][1]) > 0.9999); // arm span alone
    const auto rawMetres = mllab::computePca(metres);
    QVERIFY(rawMetres.explainedVarianceRatio[0] < 0.99);
    metres.standardize = millimetres.standardize = true;
    const auto a = mllab::computePca(metres);
    const auto b = mllab::computePca(millimetres);
    for (std::size_t k = 0; k < 4; ++k)
        QFUZZY_COMPARE(a.explainedVarianceRatio[k], b.explainedVarianceRatio[k], 1e-9);
}

ENGINE_TEST(constantFeatureKeepsScaleOne)
{
    PcaParams p;
    p.columns = {{1, 2, 3, 4}, {5, 5, 5, 5}};
    p.standardize = true;
    const auto r = mllab::computePca(p);
    QCOMPARE(r.scale[1], 1.0);
    QFUZZY_COMPARE(r.explainedVarianceRatio[0], 1.0, 1e-12);
}

ENGINE_TEST(componentsFor95AndElbow)
{
    QCOMPARE(mllab::elbowIndex({0.5, 0.25, 0.1, 0.08, 0.07}), std::size_t(2));
    QCOMPARE(mllab::elbowIndex({0.6, 0.4}), std::size_t(0));
    const auto r = mllab::computePca(crossData(3.0, 1.0, 0.2)); // ratios 0.9, 0.1
    QCOMPARE(r.componentsFor95, std::size_t(2));
    PcaParams p = crossData(10.0, 1.0, 0.0); // ratios 0.990, 0.0099
    QCOMPARE(mllab::computePca(p).componentsFor95, std::size_t(1));
}

ENGINE_TEST(badInput)
{
    PcaParams p;
    QVERIFY_THROWS_MESSAGE(mllab::computePca(p), InputError, "at least one numeric feature");
    p.columns = {{1.0}, {2.0}};
    QVERIFY_THROWS_MESSAGE(mllab::computePca(p), InputError, "needs at least 2 rows (got 1)");
    p.columns = {{1.0, 2.0}, {2.0}};
    p.names = {"a", "b"};
    QVERIFY_THROWS_MESSAGE(mllab::computePca(p), InputError, "column 'b' has 1 values");
    p.columns = {{1.0, std::nan("")}, {2.0, 3.0}};
    QVERIFY_THROWS_MESSAGE(mllab::computePca(p), InputError,
                           "column 'a' has a NaN or infinite value at row 2");
    p.columns = {{1.0, 2.0, 3.0}, {2.0, 3.0, 5.0}};
    p.components = 3;
    QVERIFY_THROWS_MESSAGE(mllab::computePca(p), InputError, "components must be at most");
}

ENGINE_TEST(largeOffsetCancelsExactly)
{
    // Features of spread 1e-3 around 1e6 (and one around -3e8): the scatter matrix summed from
    // the raw values would lose every digit of the variance; shifted by a value near the mean
    // it keeps them. The SVD path centres exactly first, so both solvers must agree.
    PcaParams p = randomData(4000, 4, 11);
    for (std::size_t j = 0; j < 4; ++j)
        for (double& v : p.columns[j])
            v = (j == 3 ? -3e8 : 1e6) + 1e-3 * v;
    p.columns[0][0] += 0.5; // an outlier in the first row does not move the shift
    for (bool standardize : {false, true}) {
        p.standardize = standardize;
        p.solver = PcaSolver::Covariance;
        const auto cov = mllab::computePca(p);
        p.solver = PcaSolver::Svd;
        const auto svd = mllab::computePca(p);
        for (std::size_t k = 0; k < 4; ++k) {
            QFUZZY_COMPARE(cov.explainedVariance[k], svd.explainedVariance[k], 1e-9);
            QFUZZY_COMPARE(cov.mean[k], svd.mean[k], 1e-15);
            QFUZZY_COMPARE(cov.scale[k], svd.scale[k], 1e-9);
            for (std::size_t j = 0; j < 4; ++j)
                QVERIFY(std::abs(cov.components[k][j] - svd.components[k][j]) < 1e-7);
        }
        QVERIFY(signsFollowSvdFlip(p, cov));
        // Total variance against a two-pass sum in long double.
        long double total = 0;
        for (const auto& column : p.columns) {
            long double mean = 0, squares = 0;
            for (double v : column)
                mean += v;
            mean /= column.size();
            for (double v : column)
                squares += (v - mean) * (v - mean);
            total += standardize ? column.size() : squares;
        }
        total /= p.columns[0].size() - 1;
        double sum = 0;
        for (double v : cov.explainedVariance)
            sum += v;
        QFUZZY_COMPARE(sum, double(total), 1e-9);
    }
}

ENGINE_TEST(standardizedCovarianceMatchesSvd)
{
    // Scales from 1e-4 to 1e4, one constant feature (scale 1, zero variance).
    PcaParams p = randomData(3000, 6, 21);
    for (std::size_t j = 0; j < 6; ++j)
        for (double& v : p.columns[j])
            v *= std::pow(10.0, double(j) - 2.0);
    p.columns[5].assign(3000, 0.1);
    p.standardize = true;
    p.solver = PcaSolver::Covariance;
    const auto cov = mllab::computePca(p);
    p.solver = PcaSolver::Svd;
    const auto svd = mllab::computePca(p);
    QCOMPARE(cov.scale[5], 1.0);
    QCOMPARE(cov.mean[5], 0.1);
    for (std::size_t k = 0; k < 5; ++k) {
        QFUZZY_COMPARE(cov.scale[k], svd.scale[k], 1e-12);
        QFUZZY_COMPARE(cov.explainedVariance[k], svd.explainedVariance[k], 1e-10);
        QFUZZY_COMPARE(cov.explainedVarianceRatio[k], svd.explainedVarianceRatio[k], 1e-10);
    }
    QVERIFY(cov.explainedVariance[5] < 1e-12);
    QVERIFY(signsFollowSvdFlip(p, cov));
}

ENGINE_TEST(threadCountChangesNothing)
{
    // An odd row count on one, two and three threads: the chunks, and so every rounding, depend
    // on the data's shape only, so the results are identical.
    PcaParams p = randomData(100001, 5, 31);
    p.projectionComponents = 3;
    const auto one = withThreads(1, [&] { return mllab::computePca(p); });
    QVERIFY(signsFollowSvdFlip(p, one));
    for (int threads : {2, 3}) {
        const auto r = withThreads(threads, [&] { return mllab::computePca(p); });
        QVERIFY(r.solver == PcaSolver::Covariance);
        QCOMPARE(r.mean, one.mean);
        QCOMPARE(r.explainedVariance, one.explainedVariance);
        QCOMPARE(r.components, one.components);
        QCOMPARE(r.projection.size(), std::size_t(3));
        QCOMPARE(r.projection, one.projection);
    }
}

ENGINE_TEST(projectionIsTheScores)
{
    PcaParams p = randomData(20000, 8, 41);
    p.standardize = true;
    p.projectionComponents = 2;
    const auto r = mllab::computePca(p);
    QCOMPARE(r.projection.size(), std::size_t(2));
    for (std::size_t k = 0; k < 2; ++k)
        for (std::size_t i = 0; i < 20000; i += 997) {
            double score = 0;
            for (std::size_t j = 0; j < 8; ++j)
                score += (p.columns[j][i] - r.mean[j]) / r.scale[j] * r.components[k][j];
            QFUZZY_COMPARE(r.projection[k][i], score, 1e-10);
        }
    QVERIFY(signsFollowSvdFlip(p, r));
}

ENGINE_TEST(firstRowWinsTiedScores)
{
    // Scores +3 and -3 tie exactly (the mean is exactly 0); the earlier row's score becomes
    // positive, also when the two rows fall in different threads' ranges.
    for (bool negativeFirst : {false, true}) {
        for (int threads : {1, 2, 3}) {
            PcaParams p;
            p.columns.assign(2, std::vector<double>(100000, 0.0));
            p.columns[0][30000] = negativeFirst ? -3.0 : 3.0;
            p.columns[0][70000] = negativeFirst ? 3.0 : -3.0;
            p.columns[1][10] = 1.0;
            p.columns[1][20] = -1.0;
            const auto r = withThreads(threads, [&] { return mllab::computePca(p); });
            QCOMPARE(r.mean[0], 0.0);
            QCOMPARE(r.components[0][0], negativeFirst ? -1.0 : 1.0);
            QCOMPARE(r.projection[0][30000], 3.0);
            QCOMPARE(r.components[1][1], 1.0);
            QCOMPARE(r.projection[1][10], 1.0);
        }
    }
}

ENGINE_TEST(collinearFeaturesGetExactSigns)
{
    // The third feature is the sum of the first two (integers, so exactly): a component without
    // variance whose scores are all rounding noise, so every row is a near-tie in the
    // single-precision screening and the exact scores decide.
    std::mt19937_64 rng(51);
    std::uniform_int_distribution<int> value(-50, 50);
    PcaParams p;
    p.columns.assign(4, std::vector<double>(30000));
    for (std::size_t i = 0; i < 30000; ++i) {
        p.columns[0][i] = value(rng);
        p.columns[1][i] = value(rng);
        p.columns[2][i] = p.columns[0][i] + p.columns[1][i];
        p.columns[3][i] = value(rng) % 3; // many repeated rows
    }
    const auto r = mllab::computePca(p);
    QVERIFY(r.explainedVariance[3] < 1e-9 * r.explainedVariance[0]);
    QVERIFY(signsFollowSvdFlip(p, r));
}

ENGINE_TEST(badValuesInLaterRowsAreNamed)
{
    PcaParams p = randomData(100000, 3, 61);
    p.names = {"a", "b", "c"};
    p.columns[1][79999] = std::nan("");
    QVERIFY_THROWS_MESSAGE(mllab::computePca(p), InputError,
                           "column 'b' has a NaN or infinite value at row 80000");
    p.columns[2][5] = std::numeric_limits<double>::infinity();
    p.columns[0][99999] = -std::numeric_limits<double>::infinity();
    QVERIFY_THROWS_MESSAGE(mllab::computePca(p), InputError,
                           "column 'a' has a NaN or infinite value at row 100000");
    p.solver = PcaSolver::Svd;
    QVERIFY_THROWS_MESSAGE(mllab::computePca(p), InputError,
                           "column 'a' has a NaN or infinite value at row 100000");
    // Finite values whose squares overflow.
    PcaParams huge = randomData(100, 2, 62);
    huge.columns[1][7] = 1e300;
    QVERIFY_THROWS_MESSAGE(mllab::computePca(huge), InputError,
                           "column 2 has the value 1e+300 at row 8; PCA accepts magnitudes up "
                           "to 1e100");
    // ±1e154: each square is finite, their sums are not; refused on both solvers, standardized
    // or not, instead of a NaN variance or a scale of 1.
    PcaParams edge = randomData(50, 2, 63);
    edge.columns[0][3] = 1e154;
    edge.columns[0][4] = -1e154;
    for (const bool standardize : {false, true})
        for (const PcaSolver solver : {PcaSolver::Covariance, PcaSolver::Svd}) {
            edge.standardize = standardize;
            edge.solver = solver;
            QVERIFY_THROWS_MESSAGE(mllab::computePca(edge), InputError, "at row 4");
        }
    edge.columns[0][3] = 1e100; // the largest accepted magnitude computes finite numbers
    edge.columns[0][4] = -1e100;
    const auto r = mllab::computePca(edge);
    for (const double v : r.explainedVariance)
        QVERIFY(std::isfinite(v));
}

ENGINE_TEST(cancelledInsideThreads)
{
    // The flag is raised before the call: the first check, inside the threads' row ranges,
    // throws there; the exception must reach the caller as Cancelled, not end the process.
    const PcaParams p = randomData(200000, 4, 71);
    std::atomic<bool> cancel{true};
    mllab::Progress progress;
    progress.cancel = &cancel;
    for (int threads : {1, 2, 3})
        QVERIFY_THROWS_MESSAGE(withThreads(threads, [&] { return mllab::computePca(p, progress); }),
                               mllab::Cancelled, "cancelled");
    // Raised once the scatter pass has been reported done: the score pass stops instead.
    std::atomic<bool> late{false};
    progress.cancel = &late;
    progress.report = [&](double fraction, const std::string&) {
        if (fraction >= 0.4)
            late = true;
    };
    QVERIFY_THROWS_MESSAGE(mllab::computePca(p, progress), mllab::Cancelled, "cancelled");
    late = false;
    progress.report = {};
    QCOMPARE(mllab::computePca(p, progress).explainedVariance.size(), std::size_t(4));
}

ENGINE_TEST(eigenBlasStandInsEqualTheLinkedBlas)
{
    // Padded leading dimensions, both triangles and transposes, beta 0 over NaN and beta 1.
    std::mt19937_64 rng(7);
    std::normal_distribution<double> normal;
    const int n = 5, k = 9, lda = 11, ldc = 6;
    std::vector<double> a(std::size_t(lda * n));
    for (double& v : a)
        v = normal(rng);
    for (const char* uplo : {"L", "U"})
        for (const double beta : {0.0, 1.0}) {
            std::vector<double> theirs(std::size_t(ldc * n));
            for (double& v : theirs)
                v = beta == 0.0 ? std::numeric_limits<double>::quiet_NaN() : normal(rng);
            std::vector<double> ours = theirs;
            const double alpha = 0.5;
            dsyrk_(uplo, "T", &n, &k, &alpha, a.data(), &lda, &beta, theirs.data(), &ldc);
            mllab::blas::eigenDsyrk(uplo, "T", &n, &k, &alpha, a.data(), &lda, &beta, ours.data(),
                                    &ldc);
            for (int j = 0; j < n; ++j)
                for (int i = 0; i < n; ++i) {
                    const double t = theirs[std::size_t(i + j * ldc)];
                    const double o = ours[std::size_t(i + j * ldc)];
                    if (std::isnan(t))
                        QVERIFY(std::isnan(o)); // the untouched triangle
                    else
                        QVERIFY2(std::abs(t - o) <= 1e-12 * (1 + std::abs(t)), "dsyrk differs");
                }
        }
    const int m = 7, nn = 4, kk = 6;
    std::vector<float> fa(std::size_t(8 * 8)), fb(std::size_t(8 * 8));
    for (float& v : fa)
        v = float(normal(rng));
    for (float& v : fb)
        v = float(normal(rng));
    for (const char* ta : {"N", "T"})
        for (const char* tb : {"N", "T"}) {
            const int ldA = 8, ldB = 8, ldC = 9;
            std::vector<float> theirs(std::size_t(ldC * nn), 2.0f), ours = theirs;
            const float alpha = 1.5f, beta = 0.25f;
            sgemm_(ta, tb, &m, &nn, &kk, &alpha, fa.data(), &ldA, fb.data(), &ldB, &beta,
                   theirs.data(), &ldC);
            mllab::blas::eigenSgemm(ta, tb, &m, &nn, &kk, &alpha, fa.data(), &ldA, fb.data(), &ldB,
                                    &beta, ours.data(), &ldC);
            for (std::size_t i = 0; i < theirs.size(); ++i)
                QVERIFY2(std::abs(theirs[i] - ours[i]) <= 1e-4f * (1 + std::abs(theirs[i])),
                         "sgemm differs");
        }
}

ENGINE_TEST_MAIN(tst_pca)
