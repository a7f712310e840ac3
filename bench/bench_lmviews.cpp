// Redraw cost of the attention and tokenizer labs' painted widgets, offscreen: a heatmap given a
// new map (what switching layer, head or scaling does) and painted at the size it has at 1280x800
// and at 1920x1080, and token chips laid out and painted for a short text and for the 3,000-chip
// cap. A frame at 60 Hz is 16.7 ms.
#include "app/views/AttentionHeatmap.h"
#include "app/views/TokenChips.h"

#include <QApplication>
#include <QImage>
#include <QPainter>

#include <benchmark/benchmark.h>

#include <cmath>
#include <random>

namespace {

std::vector<std::vector<float>> causalMap(int n)
{
    std::mt19937 rng(3);
    std::uniform_real_distribution<float> uniform(0.0f, 1.0f);
    std::vector<std::vector<float>> rows(std::size_t(n), std::vector<float>(std::size_t(n), 0.0f));
    for (int q = 0; q < n; ++q) {
        float sum = 0;
        for (int k = 0; k <= q; ++k)
            sum += rows[std::size_t(q)][std::size_t(k)] = std::pow(uniform(rng), 4.0f);
        for (int k = 0; k <= q; ++k)
            rows[std::size_t(q)][std::size_t(k)] /= sum;
    }
    return rows;
}

QStringList pieces(int n)
{
    static const char* const kPieces[] = {"␣the", "at",    "tention", "␣token",
                                          "s",    "␣look", "␣back",   "."};
    QStringList out;
    for (int i = 0; i < n; ++i)
        out << QString::fromUtf8(kPieces[i % 8]);
    return out;
}

/// Args: tokens, widget width, widget height.
void BM_HeatmapRedraw(benchmark::State& state)
{
    const int n = int(state.range(0));
    AttentionHeatmap heatmap;
    heatmap.resize(int(state.range(1)), int(state.range(2)));
    const auto map = causalMap(n);
    const QStringList tokens = pieces(n);
    QImage target(heatmap.size(), QImage::Format_ARGB32_Premultiplied);
    for (auto _ : state) {
        heatmap.setMap(map, tokens);
        QPainter painter(&target);
        heatmap.render(&painter);
    }
}
BENCHMARK(BM_HeatmapRedraw)
    ->Args({30, 470, 420})
    ->Args({128, 470, 420})
    ->Args({30, 760, 640})
    ->Args({128, 760, 640})
    ->Unit(benchmark::kMillisecond);

void BM_ChipsRedraw(benchmark::State& state)
{
    TokenChips chips;
    chips.resize(560, 400);
    const QStringList tokens = pieces(int(state.range(0)));
    QImage target(chips.size(), QImage::Format_ARGB32_Premultiplied);
    for (auto _ : state) {
        chips.setTokens(tokens);
        QPainter painter(&target);
        chips.render(&painter);
    }
}
BENCHMARK(BM_ChipsRedraw)->Arg(70)->Arg(3000)->Unit(benchmark::kMillisecond);

} // namespace

int main(int argc, char** argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
