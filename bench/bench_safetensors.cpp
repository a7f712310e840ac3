// Speed of safetensors checkpoints: encoding and decoding in memory, and the atomic file write
// (with fsync) and validating read, on a 10.5 MB checkpoint of 40 F32 [256, 256] tensors.
// Files go to $MLLAB_BENCH_DIR (default: the current folder), which should be on a real disk.
#include "engine/lm/safetensors.h"

#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <string>

namespace {

constexpr int kTensors = 40;
constexpr std::int64_t kSide = 256;

const mllab::SafetensorsFile& checkpoint()
{
    static const mllab::SafetensorsFile file = [] {
        mllab::SafetensorsFile f;
        f.metadata = {{"format", "pt"}, {"config", R"({"layers":4,"heads":4,"width":128})"}};
        for (int t = 0; t < kTensors; ++t) {
            std::vector<float> values(std::size_t(kSide * kSide));
            for (std::size_t i = 0; i < values.size(); ++i)
                values[i] = float(i % 1000) * 0.001f - float(t);
            f.tensors.push_back(
                mllab::makeF32Tensor("blocks." + std::to_string(t) + ".weight", {kSide, kSide},
                                     values));
        }
        return f;
    }();
    return file;
}

std::string benchPath()
{
    const char* dir = std::getenv("MLLAB_BENCH_DIR");
    return std::string(dir && *dir ? dir : ".") + "/bench_checkpoint.safetensors";
}

std::int64_t fileBytes() { return std::int64_t(mllab::encodeSafetensors(checkpoint()).size()); }

void BM_Encode(benchmark::State& state)
{
    for (auto _ : state)
        benchmark::DoNotOptimize(mllab::encodeSafetensors(checkpoint()));
    state.SetBytesProcessed(state.iterations() * fileBytes());
}
BENCHMARK(BM_Encode)->Unit(benchmark::kMillisecond);

void BM_Decode(benchmark::State& state)
{
    const auto bytes = mllab::encodeSafetensors(checkpoint());
    for (auto _ : state)
        benchmark::DoNotOptimize(mllab::decodeSafetensors(bytes));
    state.SetBytesProcessed(state.iterations() * fileBytes());
}
BENCHMARK(BM_Decode)->Unit(benchmark::kMillisecond);

void BM_WriteFile(benchmark::State& state)
{
    const std::string path = benchPath();
    for (auto _ : state)
        mllab::writeSafetensors(path, checkpoint());
    state.SetBytesProcessed(state.iterations() * fileBytes());
    std::remove(path.c_str());
}
BENCHMARK(BM_WriteFile)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_ReadFile(benchmark::State& state)
{
    const std::string path = benchPath();
    mllab::writeSafetensors(path, checkpoint());
    for (auto _ : state)
        benchmark::DoNotOptimize(mllab::readSafetensors(path));
    state.SetBytesProcessed(state.iterations() * fileBytes());
    std::remove(path.c_str());
}
BENCHMARK(BM_ReadFile)->Unit(benchmark::kMillisecond)->UseRealTime();

} // namespace

BENCHMARK_MAIN();
