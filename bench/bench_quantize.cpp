// Speed of the quantization lab: quantize + dequantize every block matrix of the shipped GPT
// (16 matrices, 786,432 weights) under q4_0, 8-bit per row, 2-bit per tensor and q4_0 with 1%
// fp16 outliers; the lab's default job (4,000 bytes of held-out text, float32 and quantized
// passes) and its sweep (60 configurations on 1,000 bytes, the float32 log-probs computed once).
#include "engine/datapaths.h"
#include "engine/labs/quantization.h"
#include "engine/lm/quantize.h"
#include "engine/runtime.h"

#include <benchmark/benchmark.h>

#include <memory>

namespace {

const std::vector<mllab::BlockMatrix>& shippedMatrices()
{
    static const auto comparer = std::make_unique<mllab::QuantizeComparer>(
        mllab::shippedModelPath(), mllab::heldOutBankText(200));
    return comparer->matrices();
}

void quantizeAll(benchmark::State& state, int bits, int group, const char* scheme, double outliers)
{
    mllab::QuantizeSpec spec;
    spec.bits = bits;
    spec.group = group;
    spec.scheme = scheme;
    spec.outlierFraction = outliers;
    const auto& matrices = shippedMatrices();
    for (auto _ : state)
        for (const mllab::BlockMatrix& m : matrices)
            benchmark::DoNotOptimize(mllab::quantizeDequantize(m.weights, m.rows, m.cols, spec));
}

void BM_QuantizeAll_q4_0(benchmark::State& s)
{
    quantizeAll(s, 4, 32, "sym", 0);
}
void BM_QuantizeAll_8bitRow(benchmark::State& s)
{
    quantizeAll(s, 8, 0, "sym", 0);
}
void BM_QuantizeAll_2bitTensorAsym(benchmark::State& s)
{
    quantizeAll(s, 2, -1, "asym", 0);
}
void BM_QuantizeAll_q4_0_outliers(benchmark::State& s)
{
    quantizeAll(s, 4, 32, "sym", 0.01);
}

mllab::labs::QuantizationLabParams defaults()
{
    mllab::labs::QuantizationLabParams p;
    p.modelPath = mllab::shippedModelPath();
    p.spec = mllab::labs::presetSpec("q4_0", {});
    return p;
}

void BM_LabDefault(benchmark::State& state)
{
    for (auto _ : state)
        benchmark::DoNotOptimize(mllab::labs::computeQuantizationLab(defaults()));
}

void BM_LabSweep(benchmark::State& state)
{
    for (auto _ : state)
        benchmark::DoNotOptimize(mllab::labs::computeQuantizationSweep(defaults()));
}

} // namespace

BENCHMARK(BM_QuantizeAll_q4_0)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_QuantizeAll_8bitRow)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_QuantizeAll_2bitTensorAsym)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_QuantizeAll_q4_0_outliers)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_LabDefault)->Unit(benchmark::kMillisecond)->Iterations(3);
BENCHMARK(BM_LabSweep)->Unit(benchmark::kMillisecond)->Iterations(1);

int main(int argc, char** argv)
{
    const mllab::SingleComputeThread oneThread;
    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    return 0;
}
