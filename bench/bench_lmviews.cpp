// Redraw cost of the LLM labs, offscreen. The sampling lab on the shipped model: from a move of
// the temperature slider to the chart painted again with 50 bars (sampling stages, the chart
// rebuilt, its layout and the paint, every event the move causes; the stages run in a job, so the
// time includes handing them to the job and back), at the lab's size in a
// 1280x800 and a 1920x1080 window. A heatmap given a new map (what switching layer, head or
// scaling does) and painted at the size it has at 1280x800 and at 1920x1080, and token chips laid
// out and painted for a short text and for the 3,000-chip cap. A frame at 60 Hz is 16.7 ms.
#include "app/jobs/JobRunner.h"
#include "app/labs/sampling/SamplingView.h"
#include "app/widgets/AttentionHeatmap.h"
#include "app/widgets/TokenChips.h"

#include <QApplication>
#include <QChartView>
#include <QEventLoop>
#include <QImage>
#include <QPainter>
#include <QSlider>
#include <QSpinBox>
#include <QTimer>

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

/// Counts paint events of the widget it watches.
class PaintCounter : public QObject {
public:
    int paints = 0;

protected:
    bool eventFilter(QObject* watched, QEvent* event) override
    {
        if (event->type() == QEvent::Paint)
            ++paints;
        return QObject::eventFilter(watched, event);
    }
};

/// Args: width and height of the lab (its size inside a 1280x800 or a 1920x1080 window), and 1
/// to paint antialiased as the lab does (0 shows what antialiasing costs).
void BM_SamplingSliderToRepaint(benchmark::State& state)
{
    JobRunner jobs;
    SamplingView view(&jobs);
    view.resize(int(state.range(0)), int(state.range(1)));
    view.show();
    {
        QEventLoop loop;
        QObject::connect(&view, &LabView::resultShown, &loop, &QEventLoop::quit);
        QTimer::singleShot(120'000, &loop, &QEventLoop::quit);
        view.refresh();
        loop.exec();
    }
    if (view.barTokens().empty()) {
        state.SkipWithError(qPrintable(QStringLiteral("no logits: ") + view.errorText()));
        return;
    }
    for (auto* box : view.findChildren<QSpinBox*>())
        if (box->minimum() == 5 && box->maximum() == 50)
            box->setValue(50);
    QSlider* temperature = nullptr;
    for (auto* slider : view.findChildren<QSlider*>())
        if (slider->maximum() == 200)
            temperature = slider;
    auto* chart = view.findChild<QChartView*>();
    chart->setRenderHint(QPainter::Antialiasing, state.range(2) != 0);
    PaintCounter counter;
    chart->viewport()->installEventFilter(&counter);
    QApplication::processEvents();
    int position = 0;
    double restage = 0, paints = 0;
    for (auto _ : state) {
        position = position % 150 + 20; // T from 0.20 to 1.69, never the same twice in a row
        counter.paints = 0;
        bool shown = false;
        const auto connection =
            QObject::connect(&view, &LabView::resultShown, [&shown] { shown = true; });
        temperature->setValue(position);
        // The stage job answers first; then until the chart has been painted and a pass over the
        // queued events paints no more: the layout request and the update it posted are handled.
        while (!shown)
            QApplication::processEvents(QEventLoop::WaitForMoreEvents);
        QObject::disconnect(connection);
        int before = -1;
        while (counter.paints == 0 || counter.paints != before) {
            before = counter.paints;
            QCoreApplication::sendPostedEvents();
            QApplication::processEvents();
        }
        restage += view.lastRestageMs();
        paints += counter.paints;
    }
    state.counters["bars"] = double(view.barTokens().size());
    state.counters["restage_ms"] = benchmark::Counter(restage, benchmark::Counter::kAvgIterations);
    state.counters["paints"] = benchmark::Counter(paints, benchmark::Counter::kAvgIterations);
}
BENCHMARK(BM_SamplingSliderToRepaint)
    ->Args({1000, 660, 1})
    ->Args({1640, 940, 1})
    ->Args({1000, 660, 0})
    ->Args({1640, 940, 0})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

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
