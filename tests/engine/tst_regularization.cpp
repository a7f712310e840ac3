// engine/regularization: lasso and ridge paths against scikit-learn references, hand-checkable
// cases, the exact constrained optima with their KKT conditions, bad input, the lab's pipeline
// and mllab-cli.
#include "engine/labs/regularization.h"
#include "engine/regularization.h"
#include "tests/support/cli.h"
#include "tests/support/enginetest.h"

#include <Eigen/Dense>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <sstream>

using mllab::InputError;

using enginetest::cli;

namespace {

const std::string kDiabetes = MLLAB_SOURCE_DIR "/resources/datasets/diabetes.csv";

// Produced by bench/reference_complexity.py (output pasted verbatim).
// scikit-learn 1.2.1, numpy 1.24.2
// lasso_path's alpha_max on the standardized data
const double kAlphaMax = 45.160030020462884;
// Lasso(alpha, tol=1e-14) on the standardized diabetes data
const std::vector<double> kLassoStandardizedAlphas = {20.0, 5.0, 1.0, 0.1};
const std::vector<std::vector<double>> kLassoStandardizedCoefs = {
    // alpha = 20.0: |Lasso - LARS| = 3.6e-14
    {0.0, -0.0, 18.0349813383206, 0.8930024687534364, 0.0, 0.0, -0.0, 0.0, 15.178407549671016,
     0.0},
    // alpha = 5.0: |Lasso - LARS| = 1.1e-13
    {0.0, -2.155407208297714, 24.215644616586662, 10.33149570026976, -0.0, -0.0,
     -7.027194975237916, 0.0, 21.229254837014167, 0.0},
    // alpha = 1.0: |Lasso - LARS| = 9.4e-14
    {-0.0, -9.319329544910664, 24.831503728185925, 14.088985512287875, -4.838946192436298,
     -0.0, -10.622756297300432, 0.0, 24.420933398189465, 2.5618755134433693},
    // alpha = 0.1: |Lasso - LARS| = 4.8e-12
    {-0.27755227838180824, -11.160779416174561, 24.853286360923093, 15.242107110989378,
     -26.47759336136794, 13.75670764998731, -0.0, 7.043017537882455, 31.588975454895063,
     3.1587959114435256},
};
const std::vector<double> kLassoStandardizedIntercepts =
    {152.133484162896, 152.13348416289602, 152.13348416289602, 152.133484162896};
// Lasso(alpha, tol=1e-14) on the raw diabetes data
const std::vector<double> kLassoRawAlphas = {1.0, 0.1};
const std::vector<std::vector<double>> kLassoRawCoefs = {
    // alpha = 1.0: |Lasso - LARS| = 3.8e-12
    {-0.01902352758411612, -17.47691558605069, 5.842460463251058, 1.09153759518954,
     0.15653118033031477, -0.3155589783691326, -1.1882283759361219, 0.16105694241558913,
     34.214964244823356, 0.3297336381757866},
    // alpha = 0.1: |Lasso - LARS| = 1.3e-11
    {-0.03422279260530703, -22.318880533781886, 5.628234934900022, 1.1138766959005195,
     -0.9348422389494957, 0.613446092716307, 0.17627318118943258, 5.754816262374576,
     64.32896338778752, 0.28537555771447787},
};
const std::vector<double> kLassoRawIntercepts =
    {-202.26324913686344, -318.1288128216805};
// Ridge(alpha) on the standardized diabetes data
const std::vector<double> kRidgeStandardizedAlphas = {1000.0, 10.0, 0.1};
const std::vector<std::vector<double>> kRidgeStandardizedCoefs = {
    {1.6003631002546972, -1.6678163738554497, 9.927240199398204, 6.818609888042353,
     1.075536984766373, 0.04334791732553364, -5.47133448283638, 4.770332795302775,
     8.724542315636493, 4.564767157376074},
    {-0.2579490012114537, -10.936356673897725, 24.600094464817225, 15.09438257775394,
     -11.295618269483791, 1.8087677641155908, -6.561805154981088, 5.6004002987808414,
     25.33209609204662, 3.5229121177934513},
    {-0.4708137967580396, -11.398632924900728, 24.73306063452017, 15.42301473075851,
     -36.744995274769714, 21.934285847553785, 4.393211053357286, 8.309679655987729,
     35.37981171541642, 3.222299897210967},
};
const std::vector<double> kRidgeStandardizedIntercepts =
    {152.13348416289597, 152.13348416289602, 152.13348416289597};
// Ridge(alpha) on the raw diabetes data
const std::vector<double> kRidgeRawAlphas = {1000.0, 10.0, 0.1};
const std::vector<std::vector<double>> kRidgeRawCoefs = {
    {-0.052427187449451414, -1.8843139646744276, 5.542109803712102, 1.0745606138987713,
     1.240955652287675, -1.3480307005998127, -2.113066819178802, 0.3461343424795357,
     0.9926644203854937, 0.3923436193755595},
    {-0.018830389044547223, -20.529217756359152, 5.833733494532231, 1.1235145909941406,
     -0.05053690274314704, -0.20862182196584111, -0.7751985454926826, 4.684300289907579,
     37.258731731886336, 0.3229946812051363},
    {-0.03597760441025107, -22.834210651093617, 5.60696574061812, 1.1170561179147134,
     -1.0711627040084146, 0.7290916240629333, 0.3511450964861269, 6.503749429168163,
     67.91288502858363, 0.2809438561621084},
};
const std::vector<double> kRidgeRawIntercepts =
    {-106.15195302144068, -226.25423522596307, -332.5782250281304};

mllab::RegressionData diabetes()
{
    return mllab::regressionDataFromCsvFile(kDiabetes, "progression");
}

double largestDifference(const std::vector<double>& a, const std::vector<double>& b)
{
    double d = 0;
    for (std::size_t i = 0; i < a.size(); ++i)
        d = std::max(d, std::abs(a[i] - b[i]));
    return a.size() == b.size() ? d : INFINITY;
}

/// Two orthogonal centred columns with ||x_j||² = n = 4: the lasso is soft-thresholding of
/// x_jᵀy/n = (2, 1) and ridge is x_jᵀy/(||x_j||² + α) = (8, 4)/(4 + α).
mllab::RegressionData orthogonal()
{
    mllab::RegressionData d;
    d.featureNames = {"a", "b"};
    d.features = {{1, 1, -1, -1}, {1, -1, 1, -1}};
    d.target = {13, 11, 9, 7};  // mean 10, centred (3, 1, -1, -3)
    return d;
}

} // namespace

ENGINE_TEST(lassoMatchesScikitLearnOnStandardizedData)
{
    mllab::LassoPathParams p;
    p.data = diabetes();
    p.standardize = true;
    p.alphas = kLassoStandardizedAlphas;
    const auto r = mllab::computeLassoPath(p);
    QCOMPARE(r.alphas, kLassoStandardizedAlphas);  // already descending
    for (std::size_t a = 0; a < r.alphas.size(); ++a) {
        const double d = largestDifference(r.coefs[a], kLassoStandardizedCoefs[a]);
        QVERIFY2(d < 1e-6, "alpha " + std::to_string(r.alphas[a]) + ": " + std::to_string(d));
        QFUZZY_COMPARE(r.intercepts[a], kLassoStandardizedIntercepts[a], 1e-12);
        int zeros = 0;
        for (const double v : kLassoStandardizedCoefs[a])
            zeros += v == 0;
        QCOMPARE(r.nonzero[a], 10 - zeros);  // exact zeros where scikit-learn has them
    }
}

ENGINE_TEST(lassoMatchesScikitLearnOnRawDataWithIntercept)
{
    mllab::LassoPathParams p;
    p.data = diabetes();
    p.alphas = {0.1, 1.0};  // any order in, descending out
    const auto r = mllab::computeLassoPath(p);
    QCOMPARE(r.alphas, kLassoRawAlphas);
    for (std::size_t a = 0; a < r.alphas.size(); ++a) {
        for (std::size_t j = 0; j < 10; ++j)
            QFUZZY_COMPARE(r.coefs[a][j], kLassoRawCoefs[a][j], 1e-6);
        QFUZZY_COMPARE(r.intercepts[a], kLassoRawIntercepts[a], 1e-8);
    }
}

ENGINE_TEST(lassoDefaultGridIsScikitLearns)
{
    mllab::LassoPathParams p;
    p.data = diabetes();
    p.standardize = true;
    const auto r = mllab::computeLassoPath(p);
    QCOMPARE(r.alphas.size(), std::size_t(100));
    QFUZZY_COMPARE(r.alphas.front(), kAlphaMax, 1e-12);
    QFUZZY_COMPARE(r.alphas.back(), kAlphaMax * 1e-3, 1e-12);
    QCOMPARE(r.nonzero.front(), 0);  // alpha_max is the smallest alpha with all weights zero
    QVERIFY(r.nonzero[1] > 0);
    QCOMPARE(r.nonzero.back(), 10);
    QCOMPARE(r.sweeps.size(), std::size_t(100));
}

ENGINE_TEST(lassoAndRidgeOnOrthogonalDesignByHand)
{
    mllab::LassoPathParams lasso;
    lasso.data = orthogonal();
    lasso.alphas = {3.0, 1.5, 0.5};
    const auto l = mllab::computeLassoPath(lasso);
    QCOMPARE(l.coefs[0], (std::vector<double>{0, 0}));
    QCOMPARE(l.coefs[1], (std::vector<double>{0.5, 0}));
    QCOMPARE(l.coefs[2], (std::vector<double>{1.5, 0.5}));
    QCOMPARE(l.nonzero, (std::vector<int>{0, 1, 2}));
    QCOMPARE(l.intercepts[2], 10.0);
    // Training MSE at alpha = 0.5: residual (3,1,-1,-3) - 1.5·a - 0.5·b = (1, 0, 0, -1).
    QFUZZY_COMPARE(l.trainMse[2], 0.5, 1e-14);

    mllab::RidgePathParams ridge;
    ridge.data = orthogonal();
    ridge.alphas = {4.0, 0.0};
    const auto r = mllab::computeRidgePath(ridge);
    QFUZZY_COMPARE(r.coefs[0][0], 1.0, 1e-14);
    QFUZZY_COMPARE(r.coefs[0][1], 0.5, 1e-14);
    QFUZZY_COMPARE(r.coefs[1][0], 2.0, 1e-14);
    QFUZZY_COMPARE(r.coefs[1][1], 1.0, 1e-14);
}

ENGINE_TEST(ridgeMatchesScikitLearn)
{
    for (const bool standardize : {true, false}) {
        mllab::RidgePathParams p;
        p.data = diabetes();
        p.standardize = standardize;
        p.alphas = kRidgeRawAlphas;
        const auto r = mllab::computeRidgePath(p);
        const auto& coefs = standardize ? kRidgeStandardizedCoefs : kRidgeRawCoefs;
        const auto& intercepts = standardize ? kRidgeStandardizedIntercepts : kRidgeRawIntercepts;
        for (std::size_t a = 0; a < r.alphas.size(); ++a) {
            for (std::size_t j = 0; j < 10; ++j)
                QFUZZY_COMPARE(r.coefs[a][j], coefs[a][j], 1e-9);
            QFUZZY_COMPARE(r.intercepts[a], intercepts[a], 1e-9);
        }
    }
}

ENGINE_TEST(ridgeDefaultGridShrinksToZeroAndReachesLeastSquares)
{
    mllab::RidgePathParams p;
    p.data = diabetes();
    p.standardize = true;
    const auto r = mllab::computeRidgePath(p);
    QCOMPARE(r.alphas.size(), std::size_t(100));
    QVERIFY(std::is_sorted(r.alphas.rbegin(), r.alphas.rend()));
    double first = 0;
    for (const double v : r.coefs.front())
        first = std::max(first, std::abs(v));
    QVERIFY(first < 0.5);  // 1000·s_max²: everything shrunk to nearly zero
    p.alphas = {0.0};
    const auto ols = mllab::computeRidgePath(p);
    QVERIFY(largestDifference(r.coefs.back(), ols.coefs[0]) < 0.5);
}

ENGINE_TEST(ridgeOnWideDataMatchesTheClosedForm)
{
    // 4 rows, 6 features: more features than rows, solved by the SVD of X directly.
    mllab::RidgePathParams p;
    p.data.features = {{1, 2, 0, 5}, {3, -1, 2, 2}, {0, 1, 1, 0}, {2, 2, -3, 1}, {-1, 4, 0, 0},
                       {1, 1, 1, 2}};
    p.data.featureNames = {"a", "b", "c", "d", "e", "f"};
    p.data.target = {1, -2, 3, 0.5};
    p.alphas = {0.7};
    const auto r = mllab::computeRidgePath(p);
    Eigen::MatrixXd x(4, 6);
    for (int j = 0; j < 6; ++j)
        for (int i = 0; i < 4; ++i)
            x(i, j) = p.data.features[std::size_t(j)][std::size_t(i)];
    x.rowwise() -= x.colwise().mean();
    Eigen::VectorXd y = Eigen::Map<const Eigen::VectorXd>(p.data.target.data(), 4);
    y.array() -= y.mean();
    const Eigen::VectorXd w =
        (x.transpose() * x + 0.7 * Eigen::MatrixXd::Identity(6, 6)).ldlt().solve(x.transpose() * y);
    for (int j = 0; j < 6; ++j)
        QFUZZY_COMPARE(r.coefs[0][std::size_t(j)], w(j), 1e-12);
    QFUZZY_COMPARE(r.trainMse[0], (y - x * w).squaredNorm() / 4, 1e-12);
}

ENGINE_TEST(validationSplitAndNonzeroCounts)
{
    mllab::LassoPathParams p;
    p.data = diabetes();
    p.standardize = true;
    p.validationFraction = 0.25;
    p.nAlphas = 30;
    const auto r = mllab::computeLassoPath(p);
    QCOMPARE(r.fitRows + r.validationRows, 442);
    QCOMPARE(r.validationRows, 111);
    QCOMPARE(r.validationMse.size(), std::size_t(30));
    const auto best = std::min_element(r.validationMse.begin(), r.validationMse.end());
    QCOMPARE(r.bestIndex, int(best - r.validationMse.begin()));
    // The null model (alpha_max) predicts the fitting mean: its validation error is the largest.
    QCOMPARE(r.validationMse.front(), *std::max_element(r.validationMse.begin(),
                                                        r.validationMse.end()));
    // Training error only falls as alpha falls.
    for (std::size_t a = 1; a < r.trainMse.size(); ++a)
        QVERIFY(r.trainMse[a] <= r.trainMse[a - 1] + 1e-9);
    // Another seed, another split.
    p.seed = 7;
    QVERIFY(mllab::computeLassoPath(p).validationMse != r.validationMse);
}

ENGINE_TEST(pathBadInput)
{
    mllab::LassoPathParams p;
    p.data = diabetes();
    p.alphas = {1.0, -0.5};
    QVERIFY_THROWS_MESSAGE(mllab::computeLassoPath(p), InputError,
                           "alpha must be a finite number >= 0 (got -0.5)");
    p.alphas = {};
    p.validationFraction = 0.95;
    QVERIFY_THROWS_MESSAGE(mllab::computeLassoPath(p), InputError,
                           "validation fraction must be from 0 to 0.9");
    p.validationFraction = 0;
    p.data.target.assign(442, 3.0);
    QVERIFY_THROWS_MESSAGE(mllab::computeLassoPath(p), InputError, "the target is constant");
    mllab::RidgePathParams r;
    r.data = orthogonal();
    r.data.features[1] = {2, 2, 2, 2};
    r.standardize = true;
    QVERIFY_THROWS_MESSAGE(mllab::computeRidgePath(r), InputError,
                           "feature 'b' is constant on the fitting rows");
    r.data.features[1] = {1, 2, 3};
    QVERIFY_THROWS_MESSAGE(mllab::computeRidgePath(r), InputError,
                           "feature 'b' has 3 rows but the target has 4");
    QVERIFY_THROWS_MESSAGE(mllab::regressionDataFromCsvFile(kDiabetes, "y"), InputError,
                           "has no target column 'y'");
    QVERIFY_THROWS_MESSAGE(mllab::regressionDataFromCsvFile(kDiabetes, "progression", {"bmi", "glucose"}),
                           InputError, "has no column 'glucose'");
    // Finite values whose squares overflow are refused where the data enters, for every path
    // and the constraint geometry alike (they used to print null alphas and weights).
    r.data = orthogonal();
    r.data.features[1][2] = 1e300;
    QVERIFY_THROWS_MESSAGE(mllab::computeRidgePath(r), InputError,
                           "feature 'b' has the value 1e+300 at row 3; least squares accepts "
                           "magnitudes up to 1e100");
    mllab::LassoPathParams big;
    big.data = orthogonal();
    big.data.target[0] = -1e120;
    QVERIFY_THROWS_MESSAGE(mllab::computeLassoPath(big), InputError,
                           "the target has the value -1e+120 at row 1");
    mllab::ConstrainedOptimumParams geometry;
    geometry.data = orthogonal();
    geometry.data.features[0][0] = 1e101;
    QVERIFY_THROWS_MESSAGE(mllab::computeConstrainedOptimum(geometry), InputError,
                           "accepts magnitudes up to 1e100");
}

ENGINE_TEST(pathsHonourCancellation)
{
    std::atomic<bool> cancel{true};
    mllab::Progress progress;
    progress.cancel = &cancel;
    mllab::LassoPathParams lasso;
    lasso.data = diabetes();
    QVERIFY_THROWS_MESSAGE(mllab::computeLassoPath(lasso, progress), mllab::Cancelled, "cancelled");
    mllab::RidgePathParams ridge;
    ridge.data = diabetes();
    QVERIFY_THROWS_MESSAGE(mllab::computeRidgePath(ridge, progress), mllab::Cancelled, "cancelled");
}

// ---------------------------------------------------------------------------------------------
// Constraint geometry. The checks below are written independently of the engine's own
// certificate: feasibility, ν >= 0, complementary slackness, stationarity with a subgradient,
// and no better point on a dense sampling of the region's boundary.

double regionNorm(const std::string& kind, const std::array<double, 2>& w, double t, double r)
{
    const double l1 = std::abs(w[0]) + std::abs(w[1]), l2sq = w[0] * w[0] + w[1] * w[1];
    if (kind == "l1")
        return l1;
    if (kind == "l2")
        return std::sqrt(l2sq);
    return r * l1 + (1 - r) * l2sq / t;
}

double lossAt(const mllab::ConstrainedOptimumResult& res, const std::array<double, 2>& w)
{
    const double d0 = w[0] - res.centre[0], d1 = w[1] - res.centre[1];
    return res.hessian[0] * d0 * d0 + 2 * res.hessian[1] * d0 * d1 + res.hessian[3] * d1 * d1;
}

void checkKkt(const mllab::ConstrainedOptimumResult& res, const std::string& kind,
              const mllab::ConstrainedSolution& s)
{
    const double t = res.budget, r = kind == "l1" ? 1.0 : kind == "l2" ? 0.0 : res.l1Ratio;
    const auto& w = s.weights;
    const std::string where = kind + " t=" + std::to_string(t);
    QVERIFY2(regionNorm(kind, w, t, r) <= t * (1 + 1e-12), where + ": infeasible");
    QVERIFY2(s.multiplier >= 0, where + ": negative multiplier");
    if (s.multiplier > 0)
        QVERIFY2(std::abs(regionNorm(kind, w, t, r) - t) <= 1e-9 * t, where + ": slack");
    const double g[2] = {2 * (res.hessian[0] * (w[0] - res.centre[0]) + res.hessian[1] * (w[1] - res.centre[1])),
                         2 * (res.hessian[2] * (w[0] - res.centre[0]) + res.hessian[3] * (w[1] - res.centre[1]))};
    const double scale = std::max(1.0, std::hypot(g[0], g[1]));
    const double norm2 = std::hypot(w[0], w[1]);
    for (int i = 0; i < 2; ++i) {
        const double sign = w[i] > 0 ? 1.0 : -1.0;
        if (w[i] != 0) {
            const double dh = kind == "l1" ? sign : kind == "l2" ? w[i] / norm2
                                                                : r * sign + 2 * (1 - r) * w[i] / t;
            QVERIFY2(std::abs(g[i] + s.multiplier * dh) <= 1e-8 * scale, where + ": stationarity");
        } else {
            QVERIFY2(std::abs(g[i]) <= s.multiplier * r + 1e-8 * scale, where + ": subgradient");
        }
    }
    // Nothing on the boundary (or the centre, when feasible) does better.
    const double best = lossAt(res, w);
    for (int k = 0; k < 20000; ++k) {
        const double theta = 2 * M_PI * k / 20000.0, c = std::cos(theta), sn = std::sin(theta);
        const double l1 = std::abs(c) + std::abs(sn), k2 = (1 - r) / t;
        const double rho = kind == "l1" ? t / l1
                           : kind == "l2" ? t
                           : k2 > 0 ? (-r * l1 + std::sqrt(r * r * l1 * l1 + 4 * k2 * t)) / (2 * k2)
                                    : t / l1;
        QVERIFY2(lossAt(res, {rho * c, rho * sn}) >= best - 1e-12 * std::max(1.0, best),
                 where + ": a boundary point is better");
    }
    QVERIFY(s.kktResidual < 1e-9);
}

ENGINE_TEST(constrainedOptimaSatisfyKkt)
{
    for (const double rho : {-0.8, 0.0, 0.5, 0.95}) {
        for (const auto& centre : {std::array<double, 2>{1.5, 0.6}, std::array<double, 2>{-1, 2},
                                   std::array<double, 2>{0.2, -0.1}}) {
            for (const double t : {0.1, 0.5, 0.9, 1.0, 1.7, 3.0}) {
                for (const double ratio : {0.3, 0.8}) {
                    mllab::ConstrainedOptimumParams p;
                    p.budget = t;
                    p.centre = centre;
                    p.correlation = rho;
                    p.l1Ratio = ratio;
                    const auto res = mllab::computeConstrainedOptimum(p);
                    checkKkt(res, "l1", res.l1);
                    checkKkt(res, "l2", res.l2);
                    checkKkt(res, "elastic-net", res.elasticNet);
                }
            }
        }
    }
}

ENGINE_TEST(l1SnapsToAnAxisAndL2DoesNot)
{
    // ŵ = (1.5, 0.6), ρ = 0.5: on the edge w = (a, t - a), dL/da = 2a - t - 0.9, so the L1
    // optimum is (t + 0.9)/2 clamped to t: on the axis for every t <= 0.9.
    mllab::ConstrainedOptimumParams p;
    p.budget = 0.5;
    auto r = mllab::computeConstrainedOptimum(p);
    QCOMPARE(r.l1.weights[0], 0.5);
    QCOMPARE(r.l1.weights[1], 0.0);  // exactly zero
    QCOMPARE(r.l1.zeroWeights, 1);
    QVERIFY(r.l2.weights[1] > 0.1);
    QCOMPARE(r.l2.zeroWeights, 0);
    QVERIFY(r.l1.constraintActive);
    p.budget = 1.0;
    r = mllab::computeConstrainedOptimum(p);
    QFUZZY_COMPARE(r.l1.weights[0], 0.95, 1e-14);
    QFUZZY_COMPARE(r.l1.weights[1], 0.05, 1e-12);
    QCOMPARE(r.l1.zeroWeights, 0);
    // Large budget: the unconstrained optimum is inside every region.
    p.budget = 5;
    r = mllab::computeConstrainedOptimum(p);
    QCOMPARE(r.l1.weights, p.centre);
    QCOMPARE(r.l2.weights, p.centre);
    QVERIFY(!r.elasticNet.constraintActive);
    QCOMPARE(r.l2.multiplier, 0.0);
}

ENGINE_TEST(l2OptimumWithIsotropicLossIsTheRadialProjection)
{
    mllab::ConstrainedOptimumParams p;
    p.correlation = 0;
    p.centre = {3, 4};
    p.budget = 2;
    const auto r = mllab::computeConstrainedOptimum(p);
    QFUZZY_COMPARE(r.l2.weights[0], 1.2, 1e-12);
    QFUZZY_COMPARE(r.l2.weights[1], 1.6, 1e-12);
    QFUZZY_COMPARE(r.l2.loss, 9.0, 1e-12);  // distance 5 - 2 = 3, squared
    // ∇L = 2(w - ŵ) = -ν·w/||w||: ν = 2·3 = 6.
    QFUZZY_COMPARE(r.l2.multiplier, 6.0, 1e-9);
}

ENGINE_TEST(elasticNetRegionLiesBetweenDiamondAndCircle)
{
    mllab::ConstrainedOptimumParams p;
    p.budget = 1.3;
    p.l1Ratio = 0.6;
    const auto r = mllab::computeConstrainedOptimum(p);
    QVERIFY(r.elasticNetBoundary.size() >= 120);
    QCOMPARE(r.elasticNetBoundary[0][0], 1.3);  // meets the axes at ±t
    for (const auto& w : r.elasticNetBoundary) {
        const double l1 = std::abs(w[0]) + std::abs(w[1]), l2 = std::hypot(w[0], w[1]);
        QVERIFY(l1 >= 1.3 * (1 - 1e-12) && l2 <= 1.3 * (1 + 1e-12));
        QFUZZY_COMPARE(0.6 * l1 + 0.4 * l2 * l2 / 1.3, 1.3, 1e-12);
    }
    // Losses order: the bigger region gets the lower loss.
    QVERIFY(r.l2.loss <= r.elasticNet.loss && r.elasticNet.loss <= r.l1.loss);
    // Contours are ellipses at their levels.
    QCOMPARE(r.contours.size(), std::size_t(6));
    for (std::size_t i = 0; i < r.contours.size(); ++i)
        QFUZZY_COMPARE(lossAt(r, r.contours[i][17]), r.contourLevels[i], 1e-12);
}

ENGINE_TEST(geometryFromTwoFeatureDataset)
{
    mllab::ConstrainedOptimumParams p;
    p.data = mllab::regressionDataFromCsvFile(kDiabetes, "progression", {"bmi", "bp"});
    p.budget = 0.2;
    const auto r = mllab::computeConstrainedOptimum(p);
    QFUZZY_COMPARE(r.hessian[0], 1.0, 1e-12);  // standardized: the Hessian is the correlation matrix
    QFUZZY_COMPARE(r.hessian[3], 1.0, 1e-12);
    // Loss = MSE(w) - MSE(ŵ) with features and target standardized, computed from scratch.
    const auto& x1 = p.data.features[0];
    const auto& x2 = p.data.features[1];
    const auto& y = p.data.target;
    const double n = double(y.size());
    auto meanOf = [&](const std::vector<double>& v) {
        double s = 0;
        for (const double e : v)
            s += e;
        return s / n;
    };
    auto sdOf = [&](const std::vector<double>& v, double m) {
        double s = 0;
        for (const double e : v)
            s += (e - m) * (e - m);
        return std::sqrt(s / n);
    };
    const double m1 = meanOf(x1), m2 = meanOf(x2), my = meanOf(y);
    const double s1 = sdOf(x1, m1), s2 = sdOf(x2, m2), sy = sdOf(y, my);
    auto mse = [&](const std::array<double, 2>& w) {
        double s = 0;
        for (std::size_t i = 0; i < y.size(); ++i) {
            const double e =
                (y[i] - my) / sy - w[0] * (x1[i] - m1) / s1 - w[1] * (x2[i] - m2) / s2;
            s += e * e;
        }
        return s / n;
    };
    QVERIFY(r.l1.constraintActive && r.l1.weights[1] == 0.0);  // bmi alone at this budget
    QFUZZY_COMPARE(r.l1.loss, mse(r.l1.weights) - mse(r.centre), 1e-9);
    QFUZZY_COMPARE(r.l2.loss, mse(r.l2.weights) - mse(r.centre), 1e-9);
    checkKkt(r, "l1", r.l1);
    checkKkt(r, "l2", r.l2);
    checkKkt(r, "elastic-net", r.elasticNet);
}

ENGINE_TEST(geometryBadParameters)
{
    mllab::ConstrainedOptimumParams p;
    p.budget = 0;
    QVERIFY_THROWS_MESSAGE(mllab::computeConstrainedOptimum(p), InputError,
                           "budget t must be > 0 (got 0)");
    p.budget = 1;
    p.correlation = 1;
    QVERIFY_THROWS_MESSAGE(mllab::computeConstrainedOptimum(p), InputError,
                           "correlation must be strictly between -1 and 1 (got 1)");
    p.correlation = 0;
    p.l1Ratio = 1.5;
    QVERIFY_THROWS_MESSAGE(mllab::computeConstrainedOptimum(p), InputError,
                           "l1 ratio must be from 0 to 1 (got 1.5)");
    p.l1Ratio = 0.5;
    p.data = mllab::regressionDataFromCsvFile(kDiabetes, "progression", {"bmi", "s5", "bp"});
    QVERIFY_THROWS_MESSAGE(mllab::computeConstrainedOptimum(p), InputError,
                           "needs exactly two features, got 3");
    p.data = orthogonal();
    p.data.features[1] = {-2, -2, 2, 2};  // -2 × the first feature
    QVERIFY_THROWS_MESSAGE(mllab::computeConstrainedOptimum(p), InputError,
                           "features 'a' and 'b' are perfectly correlated");
}

// ---------------------------------------------------------------------------------------------

ENGINE_TEST(cliPathsFollowTheContract)
{
    auto r = cli({"lasso-path", "--input", kDiabetes, "--target", "progression", "--standardize",
                  "--alphas", "20,5,1,0.1"});
    QCOMPARE(r.code, 0);
    auto j = nlohmann::json::parse(r.out);
    QCOMPARE(j["alphas"].get<std::vector<double>>(), kLassoStandardizedAlphas);
    QCOMPARE(j["coefs"].size(), std::size_t(4));
    QCOMPARE(j["coefs"][0].size(), std::size_t(10));
    QCOMPARE(j["intercepts"].size(), std::size_t(4));
    QVERIFY(largestDifference(j["coefs"][2].get<std::vector<double>>(), kLassoStandardizedCoefs[2]) <
            1e-6);

    r = cli({"ridge-path", "--input", kDiabetes, "--target", "progression", "--alphas", "10"});
    QCOMPARE(r.code, 0);
    j = nlohmann::json::parse(r.out);
    QFUZZY_COMPARE(j["coefs"][0][8].get<double>(), kRidgeRawCoefs[1][8], 1e-9);
    QFUZZY_COMPARE(j["intercepts"][0].get<double>(), kRidgeRawIntercepts[1], 1e-9);

    r = cli({"lasso-path", "--input", kDiabetes, "--target", "progression", "--features",
             "bmi,s5", "--validation", "0.2", "--n-alphas", "5"});
    QCOMPARE(r.code, 0);
    j = nlohmann::json::parse(r.out);
    QCOMPARE(j["features"].get<std::vector<std::string>>(), (std::vector<std::string>{"bmi", "s5"}));
    QCOMPARE(j["validation_mse"].size(), std::size_t(5));
}

ENGINE_TEST(cliPathErrors)
{
    auto r = cli({"lasso-path", "--input", kDiabetes});
    QCOMPARE(r.code, 2);
    QVERIFY(r.err.find("option --target is required") != std::string::npos);
    r = cli({"lasso-path", "--input", kDiabetes, "--target", "progression", "--alphas", "-1"});
    QCOMPARE(r.code, 1);
    QVERIFY(r.err.find("alpha must be a finite number >= 0 (got -1)") != std::string::npos);
    r = cli({"ridge-path", "--input", "/nonexistent.csv", "--target", "y"});
    QCOMPARE(r.code, 1);
    r = cli({"ridge-path", "--input", kDiabetes, "--target", "progression", "--eps", "0.1"});
    QCOMPARE(r.code, 2);
}

ENGINE_TEST(cliConstrainedOptimum)
{
    auto r = cli({"constrained-optimum", "--budget", "0.5"});
    QCOMPARE(r.code, 0);
    auto j = nlohmann::json::parse(r.out);
    QCOMPARE(j["l1"]["w"][1].get<double>(), 0.0);
    QCOMPARE(j["l1"]["zero_weights"].get<int>(), 1);
    QVERIFY(!j.contains("contours"));
    r = cli({"constrained-optimum", "--input", kDiabetes, "--features", "bmi,s5", "--target",
             "progression", "--contours", "--levels", "3"});
    QCOMPARE(r.code, 0);
    j = nlohmann::json::parse(r.out);
    QCOMPARE(j["contours"].size(), std::size_t(3));
    r = cli({"constrained-optimum", "--budget", "0"});
    QCOMPARE(r.code, 1);
    QVERIFY(r.err.find("budget t must be > 0") != std::string::npos);
    r = cli({"constrained-optimum", "--centre", "1"});
    QCOMPARE(r.code, 2);
}

// ---------------------------------------------------------------------------------------------
// The lab's pipeline (engine/labs/regularization.h)

namespace {

mllab::labs::RegularizationLabParams labParams(const std::vector<std::string>& settings)
{
    using namespace mllab::labs;
    LabState state = defaultState(regularizationLabSpec());
    for (const std::string& kv : settings) {
        const auto eq = kv.find('=');
        const auto bad =
            setFromText(regularizationLabSpec(), state, kv.substr(0, eq), kv.substr(eq + 1));
        if (bad)
            throw std::logic_error(problemText(*bad));
    }
    return regularizationLabParams(state);
}

} // namespace

ENGINE_TEST(labComputesWhatTheLabShowed)
{
    // The manual loss (ŵ = (1.5, 0.6), ρ = 0.5) at t = 0.5, and the lasso path of the
    // standardized diabetes data with a quarter held out.
    const auto r = mllab::labs::computeRegularizationLab(labParams({"budget=0.5"}));
    mllab::ConstrainedOptimumParams g;
    g.budget = 0.5;
    g.contourLevels = 8;
    g.contourPoints = 160;
    const auto geometry = mllab::computeConstrainedOptimum(g);
    QCOMPARE(r.geometry.l1.weights, (std::array<double, 2>{0.5, 0.0}));
    QCOMPARE(r.geometry.l2.weights, geometry.l2.weights);
    QCOMPARE(r.geometry.contours.size(), std::size_t(8));

    mllab::LassoPathParams p;
    p.data = mllab::regressionDataFromCsvFile(kDiabetes, "progression");
    p.standardize = true;
    p.validationFraction = 0.25;
    const auto path = mllab::computeLassoPath(p);
    QCOMPARE(r.path.coefs, path.coefs);
    QCOMPARE(r.path.validationMse, path.validationMse);
    // Read at the alpha nearest to 1, and what the notice names there.
    const double read = r.path.alphas[r.alphaIndex];
    QVERIFY(read / 1.0 < 1.04 && 1.0 / read < 1.04);
    const auto largest = mllab::labs::largestCoefficients(r.path, r.alphaIndex);
    QCOMPARE(largest.size(), std::size_t(4));
    for (std::size_t k = 1; k < largest.size(); ++k)
        QVERIFY(std::abs(r.path.coefs[r.alphaIndex][largest[k - 1]]) >=
                std::abs(r.path.coefs[r.alphaIndex][largest[k]]));
    const auto j = mllab::labs::regularizationLabJson(r);
    QCOMPARE(j["geometry"]["l1"]["zero_weights"].get<int>(), 1);
    QCOMPARE(j["path"]["read_at"]["alpha"].get<double>(), read);
    QCOMPARE(j["path"]["read_at"]["nonzero"].get<int>(), r.path.nonzero[r.alphaIndex]);
    QCOMPARE(j["path"]["read_at"]["largest"][0].get<std::string>(),
             r.path.featureNames[largest[0]]);
}

ENGINE_TEST(labLossFromDataRidgeAndReading)
{
    const auto params = labParams({"loss=bmi,s5", "penalty=ridge"});
    const auto geometry = mllab::labs::geometryParams(params);
    QCOMPARE(geometry.data.featureNames, (std::vector<std::string>{"bmi", "s5"}));
    mllab::ConstrainedOptimumParams g;
    g.contourLevels = 8;
    g.contourPoints = 160;
    g.data = mllab::regressionDataFromCsvFile(kDiabetes, "progression", {"bmi", "s5"});
    const auto r = mllab::labs::computeRegularizationLab(params);
    QCOMPARE(r.geometry.centre, mllab::computeConstrainedOptimum(g).centre);
    QVERIFY(r.path.sweeps.empty());  // ridge
    QCOMPARE(r.path.nonzero.back(), 10);

    const std::vector<double> alphas = {10, 1, 0.1};
    QCOMPARE(mllab::labs::nearestAlphaIndex(alphas, 0.9), std::size_t(1));
    QCOMPARE(mllab::labs::nearestAlphaIndex(alphas, 50), std::size_t(0));
    QCOMPARE(mllab::labs::nearestAlphaIndex(alphas, 0), std::size_t(2));  // no penalty: weakest
}

ENGINE_TEST(labCentreMustBeTwoNumbers)
{
    // The declaration refuses an empty centre; the pipeline reads the rest.
    for (const char* bad : {"1", "1,x", "4,0", "1,2,3"}) {
        const auto params = labParams({std::string("centre=") + bad});
        QVERIFY_THROWS_MESSAGE(mllab::labs::geometryParams(params), InputError,
                               "centre must be two numbers from -3 to 3");
    }
    const auto ok = mllab::labs::geometryParams(labParams({"centre= -1, 2"}));
    QCOMPARE(ok.centre, (std::array<double, 2>{-1, 2}));
}

ENGINE_TEST(cliLabRegularization)
{
    auto r = cli({"lab", "regularization", "--set", "l1-ratio=0.3", "--set", "budget=0.5"});
    QCOMPARE(r.code, 0);
    const auto j = nlohmann::json::parse(r.out);
    QCOMPARE(j["params"]["l1_ratio"].get<double>(), 0.3);
    QCOMPARE(j["result"]["geometry"]["l1"]["weights"][1].get<double>(), 0.0);
    QCOMPARE(j["result"]["path"]["penalty"].get<std::string>(), std::string("lasso"));
    r = cli({"lab", "regularization", "--set", "centre=1"});
    QCOMPARE(r.code, 1);
    QVERIFY(r.err.find("centre must be two numbers") != std::string::npos);
}

ENGINE_TEST_MAIN(tst_regularization)
