// The optimizer race's budget: all six 2-D trajectories of 1,000 steps must recompute within a
// frame (16 ms) when a slider moves. Beside it, the same 1,000 steps with libtorch's
// torch::optim on a two-element float64 tensor (the reason the race's updates are hand-written;
// tests/engine/tst_optimize.cpp holds the two equal), and PyTorch-Python's in
// bench/optimize_vs_torch.py.
#include "engine/labs/optimizers.h"

#include <benchmark/benchmark.h>
#include <torch/torch.h>

namespace {

void raceOf6x1000(benchmark::State& state)
{
    mllab::labs::OptimizersLabParams p;
    p.surface = mllab::Surface::Rosenbrock;
    p.lr = 0.001;
    p.adaptiveLr = 0.01;
    p.steps = 1000;
    for (auto _ : state)
        benchmark::DoNotOptimize(mllab::labs::computeOptimizersLab(p));
}
BENCHMARK(raceOf6x1000)->Unit(benchmark::kMillisecond);

void torchAdam1000Steps(benchmark::State& state)
{
    torch::set_num_threads(1);
    for (auto _ : state) {
        auto p = torch::tensor({-1.5, 1.5}, torch::kFloat64).requires_grad_(true);
        torch::optim::Adam adam({p}, torch::optim::AdamOptions(0.01));
        for (int k = 0; k < 1000; ++k) {
            const auto a = p.accessor<double, 1>();
            const auto g = mllab::surfaceGradient(mllab::Surface::Rosenbrock, {a[0], a[1]});
            p.mutable_grad() = torch::tensor({g[0], g[1]}, torch::kFloat64);
            adam.step();
        }
        benchmark::DoNotOptimize(p);
    }
}
BENCHMARK(torchAdam1000Steps)->Unit(benchmark::kMillisecond);

void handWrittenAdam1000Steps(benchmark::State& state)
{
    mllab::OptimizerSettings s;
    s.kind = mllab::OptimizerKind::Adam;
    s.lr = 0.01;
    for (auto _ : state)
        benchmark::DoNotOptimize(
            mllab::optimize(mllab::Surface::Rosenbrock, 10, s, {-1.5, 1.5}, 1000));
}
BENCHMARK(handWrittenAdam1000Steps)->Unit(benchmark::kMicrosecond);

} // namespace

BENCHMARK_MAIN();
