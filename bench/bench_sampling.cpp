// Sampling one token over a GPT-2-sized vocabulary (50,257 logits), and the full stage pipeline
// with every distribution, as the sampling lab asks for it. bench/bench_sampling.py runs the same
// work in PyTorch and this binary in one go and prints the ratios.
//
// Logits: l_i = scale * ln(u_i / (1 - u_i)), u_i = frac((i + 1) * 0.6180339887498949), rounded to
// float. scale 1 looks like a language model's next-token logits (the top-p 0.9 nucleus at T 0.8
// holds 269 tokens, 5.3 bits of entropy); scale 0.5 is a flat worst case (27,530 tokens).
#include "engine/sampling.h"

#include <benchmark/benchmark.h>

#include <algorithm>
#include <cmath>
#include <vector>

namespace {

constexpr int kVocab = 50257;

std::vector<float> benchLogits(double scale)
{
    std::vector<float> logits(kVocab);
    for (int i = 0; i < kVocab; ++i) {
        const double u = std::fmod((i + 1) * 0.6180339887498949, 1.0);
        logits[std::size_t(i)] = float(scale * std::log(u / (1 - u)));
    }
    return logits;
}

void runSampler(benchmark::State& state, double scale, mllab::SamplingConfig config)
{
    const auto logits = benchLogits(scale);
    mllab::TokenSampler sampler(config, 1);
    for (auto _ : state)
        benchmark::DoNotOptimize(sampler.sample(logits));
}

/// Temperature 0.8 and top-p 0.9: the decoders' per-token hot path.
void BM_TopPDraw(benchmark::State& state, double scale)
{
    runSampler(state, scale, {0.8, 0, 0.9, 0.0});
}

/// Temperature 0.8 alone: no filter, the draw walks the whole vocabulary.
void BM_TemperatureDraw(benchmark::State& state, double scale)
{
    runSampler(state, scale, {0.8, 0, 1.0, 0.0});
}

/// Every filter: temperature 0.8, top-k 50, top-p 0.9, min-p 0.05.
void BM_AllFiltersDraw(benchmark::State& state, double scale)
{
    runSampler(state, scale, {0.8, 50, 0.9, 0.05});
}

/// The lab's computation: all five stage distributions, kept set, entropy and one draw.
void BM_FullPipeline(benchmark::State& state, double scale)
{
    const auto logits = benchLogits(scale);
    mllab::SamplingParams params;
    params.logits.assign(logits.begin(), logits.end());
    params.config = {0.8, 50, 0.9, 0.05};
    params.draws = 1;
    for (auto _ : state)
        benchmark::DoNotOptimize(mllab::computeSampling(params));
}

/// Reference point for the engine's exponential: std::exp over the same 50,257 scaled logits.
void BM_StdExpLoop(benchmark::State& state, double scale)
{
    const auto logits = benchLogits(scale);
    const double max = *std::max_element(logits.begin(), logits.end());
    std::vector<double> weights(logits.size());
    for (auto _ : state) {
        for (std::size_t i = 0; i < logits.size(); ++i)
            weights[i] = std::exp((double(logits[i]) - max) / 0.8);
        benchmark::DoNotOptimize(weights.data());
        benchmark::ClobberMemory();
    }
}

} // namespace

BENCHMARK_CAPTURE(BM_TopPDraw, lm_like, 1.0)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_TopPDraw, flat, 0.5)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_TemperatureDraw, lm_like, 1.0)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_AllFiltersDraw, lm_like, 1.0)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_FullPipeline, lm_like, 1.0)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_FullPipeline, flat, 0.5)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_StdExpLoop, lm_like, 1.0)->Unit(benchmark::kMicrosecond);

BENCHMARK_MAIN();
