// engine/pca: known covariance, n - 1 convention, svd_flip signs, both solvers agreeing,
// standardisation and the metres-versus-millimetres demonstration, elbow and bad input.
#include "engine/datasets.h"
#include "engine/pca.h"
#include "tests/support/enginetest.h"

#include <cmath>
#include <random>

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

ENGINE_TEST_MAIN(tst_pca)
