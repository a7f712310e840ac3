// The quantization lab offscreen on the shipped model: the table, heatmap, histogram and sweep
// show what the engine computed (the sweep as its own job, its Pareto front and the current
// point marked), the notice reads the live numbers, a preset change moves the current point
// without rerunning the sweep, and a setting the engine refuses reaches the banner.
#include "app/jobs/JobRunner.h"
#include "app/labs/quantization/QuantizationView.h"
#include "app/widgets/MatrixHeatmap.h"

#include <QChart>
#include <QScatterSeries>
#include <QSignalSpy>
#include <QTest>
#include <QXYSeries>

namespace ml = mllab::labs;

namespace {

bool waitFor(const std::function<bool()>& done, int ms = 60000)
{
    QElapsedTimer timer;
    timer.start();
    while (!done() && timer.elapsed() < ms)
        QTest::qWait(20);
    return done();
}

/// The star series of the sweep chart (the current configuration).
QScatterSeries* currentMarker(QChart* chart)
{
    for (QAbstractSeries* s : chart->series())
        if (auto* scatter = qobject_cast<QScatterSeries*>(s))
            if (scatter->markerShape() == QScatterSeries::MarkerShapeStar)
                return scatter;
    return nullptr;
}

} // namespace

class TestQuantizationView : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void drawsWhatTheEngineComputes()
    {
        JobRunner jobs;
        QuantizationView view(&jobs);
        view.resize(1280, 800);
        view.show();
        view.setParameter(QStringLiteral("text_bytes"), QStringLiteral("1500"));
        view.refresh();
        QVERIFY(waitFor([&] { return view.hasResult() && view.hasSweep(); }));
        const auto engine = ml::computeQuantizationLab(ml::quantizationLabParams(view.state()));
        QCOMPARE(view.result().current.bitsPerByte, engine.current.bitsPerByte);
        QCOMPARE(view.result().name, std::string("q4_0"));
        MatrixHeatmap* heatmap = view.heatmap();
        QCOMPARE(heatmap->rowCount(), 4);
        QCOMPARE(heatmap->columnCount(), 4);
        QCOMPARE(heatmap->value(2, 1), engine.relRmse[2][1]);
        // Histogram: the step outline, a dotted line per level (15 at 4 bits) and the level ticks.
        QCOMPARE(view.histogramChart()->series().size(), qsizetype(1 + 15 + 1));
        // Sweep: float32 line, Pareto front, sym and asym points, the current star on q4_0.
        QCOMPARE(view.sweep().points.size(), std::size_t(60));
        QScatterSeries* star = currentMarker(view.sweepChart());
        QVERIFY(star);
        QCOMPARE(star->count(), 1);
        const auto q40 = std::find_if(view.sweep().points.begin(), view.sweep().points.end(),
                                      [](const ml::SweepPoint& p) { return p.current; });
        QCOMPARE(star->at(0).y(), q40->bitsPerByte);
        const QString notice = view.noticeText();
        QVERIFY2(notice.contains(QStringLiteral("q4_0 stores 0.562 bytes per weight")) ||
                     notice.contains(QStringLiteral("q4_0 stores 0.563 bytes per weight")),
                 qPrintable(notice));
        QVERIFY2(notice.contains(QStringLiteral("At 2 bits")), qPrintable(notice));
        QVERIFY(view.resultCsv().contains(QStringLiteral("sweep-pareto")));
        QCOMPARE(view.keyNumbers().size(), qsizetype(4));
        QVERIFY(!view.grab().isNull());

        // q8_0: a new main result, the same sweep (no rerun), the star moves.
        const auto before = view.sweep().points.front().bitsPerByte;
        QSignalSpy shown(&view, &LabView::resultShown);
        QCOMPARE(view.setParameter(QStringLiteral("preset"), QStringLiteral("q8_0")), QString());
        view.refresh();
        QVERIFY(shown.wait(60000));
        QCOMPARE(view.result().name, std::string("q8_0"));
        QVERIFY(!jobs.isBusy());
        QCOMPARE(view.sweep().points.front().bitsPerByte, before);
        QVERIFY(currentMarker(view.sweepChart())->at(0).x() >
                view.sweep().points.back().sizeBytes / 1024);
        QVERIFY(view.noticeText().contains(QStringLiteral("q8_0")));
    }

    void refusedSettingsReachTheBanner()
    {
        JobRunner jobs;
        QuantizationView view(&jobs);
        view.setParameter(QStringLiteral("model"), QStringLiteral("/nonexistent/gpt.safetensors"));
        view.refresh();
        QVERIFY(waitFor([&] { return !view.errorText().isEmpty(); }));
        QVERIFY2(view.errorText().contains(QStringLiteral("nonexistent")),
                 qPrintable(view.errorText()));
        QVERIFY(!view.setParameter(QStringLiteral("bits"), QStringLiteral("9")).isEmpty());
    }
};

QTEST_MAIN(TestQuantizationView)
#include "tst_quantizationview.moc"
