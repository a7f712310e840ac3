// Model-complexity labs: the bias-variance sweep a dragged slider recomputes, the lasso and
// ridge paths, learning curves, double descent and the constraint geometry.
//
// The lasso and ridge paths run on 1000 x 50 standard-normal data (seeded), or on the CSV named
// by MLLAB_BENCH_PATH_CSV (columns x0..x49 and y), which bench/bench_complexity.py writes so that
// scikit-learn and the engine time the very same data.
#include "engine/biasvariance.h"
#include "engine/regularization.h"

#include <benchmark/benchmark.h>

#include <cstdlib>
#include <random>

namespace {

mllab::RegressionData pathData()
{
    if (const char* csv = std::getenv("MLLAB_BENCH_PATH_CSV"))
        return mllab::regressionDataFromCsvFile(csv, "y");
    std::mt19937_64 rng(42);
    std::normal_distribution<double> normal;
    mllab::RegressionData d;
    d.features.assign(50, std::vector<double>(1000));
    d.target.assign(1000, 0.0);
    for (std::size_t j = 0; j < 50; ++j) {
        d.featureNames.push_back("x" + std::to_string(j));
        for (auto& v : d.features[j])
            v = normal(rng);
    }
    for (std::size_t i = 0; i < 1000; ++i) {
        for (std::size_t j = 0; j < 10; ++j)
            d.target[i] += (j % 2 ? -1.0 : 1.0) * (1.0 + double(j)) * d.features[j][i];
        d.target[i] += 5.0 * normal(rng);
    }
    return d;
}

const mllab::RegressionData& sharedPathData()
{
    static const mllab::RegressionData data = pathData();
    return data;
}

/// The acceptance sweep: degrees 1-15 x 200 training sets of 100 points, 200-point grid.
void BM_BiasVarianceSweep(benchmark::State& state)
{
    mllab::BiasVarianceParams p;
    p.nTrain = 100;
    p.bootstraps = 200;
    p.gridPoints = 200;
    p.fanComplexity = 5;
    for (auto _ : state) {
        p.noise = 0.3 + 1e-3 * double(state.iterations() % 7);  // like a dragged noise slider
        benchmark::DoNotOptimize(mllab::computeBiasVariance(p));
    }
}
BENCHMARK(BM_BiasVarianceSweep)->Unit(benchmark::kMillisecond);

/// The lab's default: 30 points per training set, degrees 1-20.
void BM_BiasVarianceLabDefault(benchmark::State& state)
{
    mllab::BiasVarianceParams p;
    p.complexities.clear();
    for (int d = 1; d <= 20; ++d)
        p.complexities.push_back(d);
    p.ridge = 1e-3;  // degrees above n - 1 need a ridge penalty
    p.fanComplexity = 5;
    for (auto _ : state)
        benchmark::DoNotOptimize(mllab::computeBiasVariance(p));
}
BENCHMARK(BM_BiasVarianceLabDefault)->Unit(benchmark::kMillisecond);

void BM_BiasVarianceKnn(benchmark::State& state)
{
    mllab::BiasVarianceParams p;
    p.family = mllab::ModelFamily::KNearest;
    p.nTrain = 100;
    p.fanComplexity = 5;
    for (auto _ : state)
        benchmark::DoNotOptimize(mllab::computeBiasVariance(p));
}
BENCHMARK(BM_BiasVarianceKnn)->Unit(benchmark::kMillisecond);

void BM_LearningCurve(benchmark::State& state)
{
    mllab::LearningCurveParams p;
    for (auto _ : state)
        benchmark::DoNotOptimize(mllab::computeLearningCurve(p));
}
BENCHMARK(BM_LearningCurve)->Unit(benchmark::kMillisecond);

void BM_DoubleDescent(benchmark::State& state)
{
    mllab::DoubleDescentParams p;
    for (auto _ : state)
        benchmark::DoNotOptimize(mllab::computeDoubleDescent(p));
}
BENCHMARK(BM_DoubleDescent)->Unit(benchmark::kMillisecond);

/// 100 alphas on 1000 x 50, scikit-learn's default grid (eps = 1e-3), no intercept work beyond
/// centring: the same call as lasso_path(X, y, n_alphas=100).
void BM_LassoPath(benchmark::State& state)
{
    mllab::LassoPathParams p;
    p.data = sharedPathData();
    for (auto _ : state)
        benchmark::DoNotOptimize(mllab::computeLassoPath(p));
}
BENCHMARK(BM_LassoPath)->Unit(benchmark::kMillisecond);

void BM_RidgePath(benchmark::State& state)
{
    mllab::RidgePathParams p;
    p.data = sharedPathData();
    for (auto _ : state)
        benchmark::DoNotOptimize(mllab::computeRidgePath(p));
}
BENCHMARK(BM_RidgePath)->Unit(benchmark::kMillisecond);

void BM_ConstrainedOptimum(benchmark::State& state)
{
    mllab::ConstrainedOptimumParams p;
    for (auto _ : state) {
        p.budget = 0.2 + 1e-3 * double(state.iterations() % 1000);  // a dragged budget slider
        benchmark::DoNotOptimize(mllab::computeConstrainedOptimum(p));
    }
}
BENCHMARK(BM_ConstrainedOptimum)->Unit(benchmark::kMicrosecond);

} // namespace


BENCHMARK_MAIN();
