// Evaluation labs: the engine computations at the sizes of issue 6's targets. The peer side is
// bench_evallabs.py, which runs this binary and scikit-learn/scipy in the same session.
#include "engine/calibration.h"
#include "engine/metrics.h"
#include "engine/pca.h"

#include <benchmark/benchmark.h>

#include <cmath>
#include <random>

namespace {

/// 10M scores of a decent classifier: sigmoid(N(0, 1) + 1.5 y - 0.5), 30% positives; all
/// distinct, so the curves have 10M points.
const mllab::RocParams& rocData()
{
    static const mllab::RocParams data = [] {
        mllab::RocParams p;
        const std::size_t n = 10'000'000;
        std::mt19937_64 rng(0);
        std::normal_distribution<double> normal;
        std::uniform_real_distribution<double> uniform;
        p.scores.resize(n);
        p.labels.resize(n);
        for (std::size_t i = 0; i < n; ++i) {
            const double y = uniform(rng) < 0.3 ? 1.0 : 0.0;
            p.labels[i] = y;
            p.scores[i] = 1.0 / (1.0 + std::exp(-(normal(rng) + 1.5 * y - 0.5)));
        }
        return p;
    }();
    return data;
}

void BM_RocPrAp10M(benchmark::State& state)
{
    const mllab::RocParams& p = rocData();
    for (auto _ : state) {
        const mllab::RocResult r = mllab::computeRoc(p);
        benchmark::DoNotOptimize(r.averagePrecision);
    }
    state.SetItemsProcessed(state.iterations() * std::int64_t(p.scores.size()));
}
BENCHMARK(BM_RocPrAp10M)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(3);

/// 100,000 x 50 features with a decaying spectrum (each feature mixes a few latent factors).
const mllab::PcaParams& pcaData()
{
    static const mllab::PcaParams data = [] {
        mllab::PcaParams p;
        const std::size_t n = 100'000, d = 50, factors = 8;
        std::mt19937_64 rng(1);
        std::normal_distribution<double> normal;
        std::vector<double> loadings(d * factors);
        for (auto& l : loadings)
            l = normal(rng);
        p.columns.assign(d, std::vector<double>(n));
        std::vector<double> z(factors);
        for (std::size_t i = 0; i < n; ++i) {
            for (std::size_t f = 0; f < factors; ++f)
                z[f] = normal(rng) / double(f + 1);
            for (std::size_t j = 0; j < d; ++j) {
                double v = 0.1 * normal(rng);
                for (std::size_t f = 0; f < factors; ++f)
                    v += loadings[j * factors + f] * z[f];
                p.columns[j][i] = v;
            }
        }
        return p;
    }();
    return data;
}

void BM_Pca100kx50(benchmark::State& state)
{
    const mllab::PcaParams& p = pcaData();
    for (auto _ : state) {
        const mllab::PcaResult r = mllab::computePca(p);
        benchmark::DoNotOptimize(r.explainedVariance.data());
    }
}
// The warm-up keeps the first call's one-off costs (BLAS thread start, first touch of the
// buffers) out of the steady-state figure, as the Python side's best of three does.
BENCHMARK(BM_Pca100kx50)->Unit(benchmark::kMillisecond)->UseRealTime()->MinWarmUpTime(0.2);

/// 1M probabilities, labels drawn with P(y = 1) = p^1.3 (mildly overconfident).
const mllab::CalibrationParams& calibrationData()
{
    static const mllab::CalibrationParams data = [] {
        mllab::CalibrationParams p;
        const std::size_t n = 1'000'000;
        std::mt19937_64 rng(2);
        std::uniform_real_distribution<double> uniform;
        p.probabilities.resize(n);
        p.labels.resize(n);
        for (std::size_t i = 0; i < n; ++i) {
            p.probabilities[i] = uniform(rng);
            p.labels[i] = uniform(rng) < std::pow(p.probabilities[i], 1.3) ? 1.0 : 0.0;
        }
        return p;
    }();
    return data;
}

void BM_Calibration1M(benchmark::State& state)
{
    mllab::CalibrationParams p = calibrationData();
    p.strategy = state.range(0) ? mllab::BinStrategy::Quantile : mllab::BinStrategy::Uniform;
    for (auto _ : state) {
        const mllab::CalibrationResult r = mllab::computeCalibration(p);
        benchmark::DoNotOptimize(r.ece);
    }
    state.SetLabel(state.range(0) ? "quantile" : "uniform");
}
BENCHMARK(BM_Calibration1M)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond)->UseRealTime();

/// Bins, ECE and MCE alone (no Brier, no NLL): what calibration_curve computes.
void BM_CalibrationBins1M(benchmark::State& state)
{
    mllab::CalibrationParams p = calibrationData();
    p.strategy = state.range(0) ? mllab::BinStrategy::Quantile : mllab::BinStrategy::Uniform;
    p.losses = false;
    for (auto _ : state) {
        const mllab::CalibrationResult r = mllab::computeCalibration(p);
        benchmark::DoNotOptimize(r.ece);
    }
    state.SetLabel(state.range(0) ? "quantile" : "uniform");
}
BENCHMARK(BM_CalibrationBins1M)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond)->UseRealTime();

/// 100,000 x 10 logits, overconfident by a factor 2.5, labels drawn from the calibrated softmax.
const mllab::TemperatureParams& temperatureData()
{
    static const mllab::TemperatureParams data = [] {
        mllab::TemperatureParams p;
        const std::size_t n = 100'000, k = 10;
        p.classes = k;
        std::mt19937_64 rng(3);
        std::normal_distribution<double> normal;
        std::uniform_real_distribution<double> uniform;
        std::vector<double> z(k);
        for (std::size_t i = 0; i < n; ++i) {
            double sum = 0;
            for (auto& v : z) {
                v = 1.5 * normal(rng);
                sum += std::exp(v);
            }
            double u = uniform(rng) * sum;
            std::size_t label = k - 1;
            for (std::size_t c = 0; c < k; ++c) {
                u -= std::exp(z[c]);
                if (u <= 0) {
                    label = c;
                    break;
                }
            }
            for (double v : z)
                p.logits.push_back(2.5 * v);
            p.labels.push_back(double(label));
        }
        return p;
    }();
    return data;
}

void BM_TemperatureFit100kx10(benchmark::State& state)
{
    const mllab::TemperatureParams& p = temperatureData();
    for (auto _ : state) {
        const mllab::TemperatureResult r = mllab::computeTemperatureScaling(p);
        benchmark::DoNotOptimize(r.temperature);
    }
}
BENCHMARK(BM_TemperatureFit100kx10)->Unit(benchmark::kMillisecond)->UseRealTime();

/// The fit alone (T and the NLL at T), what the scipy fit computes.
void BM_TemperatureFitOnly100kx10(benchmark::State& state)
{
    mllab::TemperatureParams p = temperatureData();
    p.reliability = false;
    for (auto _ : state) {
        const mllab::TemperatureResult r = mllab::computeTemperatureScaling(p);
        benchmark::DoNotOptimize(r.temperature);
    }
}
BENCHMARK(BM_TemperatureFitOnly100kx10)->Unit(benchmark::kMillisecond)->UseRealTime();

} // namespace

BENCHMARK_MAIN();
