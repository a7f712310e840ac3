// The serving-memory lab offscreen: it draws what the engine computes (memory bars, three KV
// curves, the decode curves), writes the arithmetic out with the numbers, says when a model does
// not fit, and a custom shape without sense reaches the banner and keeps the last result.
#include "app/jobs/JobRunner.h"
#include "app/labs/serving-memory/ServingMemoryView.h"

#include <QAbstractBarSeries>
#include <QChart>
#include <QChartView>
#include <QLabel>
#include <QLineSeries>
#include <QSignalSpy>
#include <QTest>

namespace ml = mllab::labs;

class TestServingMemoryView : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void drawsWhatTheEngineComputes()
    {
        JobRunner jobs;
        ServingMemoryView view(&jobs);
        view.resize(1000, 700);
        view.show();
        QSignalSpy shown(&view, &LabView::resultShown);
        view.refresh();
        QVERIFY(shown.wait(20000));
        const auto engine = ml::computeServingMemoryLab(ml::servingMemoryLabParams(view.state()));
        QCOMPARE(view.result().result.kvBytes, engine.result.kvBytes);
        int bars = 0, lines = 0;
        for (QChartView* chart : view.findChildren<QChartView*>())
            for (QAbstractSeries* s : chart->chart()->series()) {
                bars += qobject_cast<QAbstractBarSeries*>(s) != nullptr;
                lines += qobject_cast<QLineSeries*>(s) != nullptr;
            }
        QCOMPARE(bars, 1);
        QVERIFY(lines >= 6); // capacity; MHA, model, MQA, free; batch, sequence
        const QString arithmetic = view.arithmetic()->text();
        QVERIFY(arithmetic.contains(QStringLiteral("128 KiB")));
        QVERIFY(arithmetic.contains(QStringLiteral("8 GiB")));
        QVERIFY(view.noticeText().contains(QStringLiteral("GQA")));
        QVERIFY(view.resultCsv().contains(QStringLiteral("kv_bytes_per_token,131072")));
    }

    void theTinyGptsCacheIsMeasuredBesideTheFormula()
    {
        JobRunner jobs;
        ServingMemoryView view(&jobs);
        QVERIFY(view.setParameter(QStringLiteral("model"), QStringLiteral("tiny-gpt")).isEmpty());
        QVERIFY(view.setParameter(QStringLiteral("context"), QStringLiteral("32")).isEmpty());
        view.refresh();
        QTRY_VERIFY_WITH_TIMEOUT(view.measured().has_value(), 30000);
        QCOMPARE(view.measured()->cacheBytes, view.measured()->formulaBytes);
        QTRY_VERIFY_WITH_TIMEOUT(view.arithmetic()->text().contains(QStringLiteral("Measured")), 20000);
        QVERIFY(view.arithmetic()->text().contains(QStringLiteral("as the formula")));
    }

    void aModelTooLargeIsSaidNotToFit()
    {
        JobRunner jobs;
        ServingMemoryView view(&jobs);
        QSignalSpy shown(&view, &LabView::resultShown);
        QVERIFY(
            view.setParameter(QStringLiteral("model"), QStringLiteral("llama-3-70b")).isEmpty());
        view.refresh();
        QVERIFY(shown.wait(20000));
        QVERIFY(!view.result().result.fits);
        QVERIFY(view.noticeText().contains(QStringLiteral("does not fit")));
        QCOMPARE(view.result().result.maxBatch, std::int64_t(0));
    }

    void aShapeWithoutSenseReachesTheBanner()
    {
        JobRunner jobs;
        ServingMemoryView view(&jobs);
        QSignalSpy shown(&view, &LabView::resultShown);
        view.refresh();
        QVERIFY(shown.wait(20000));
        QVERIFY(view.setParameter(QStringLiteral("model"), QStringLiteral("custom")).isEmpty());
        QVERIFY(view.setParameter(QStringLiteral("kv_heads"), QStringLiteral("64")).isEmpty());
        view.refresh();
        QTRY_VERIFY_WITH_TIMEOUT(!view.errorText().isEmpty(), 20000);
        QVERIFY(view.errorText().contains(QStringLiteral("KV heads")));
        QCOMPARE(view.result().params.model.id, std::string("llama-3-8b")); // the last result stays
    }
};

QTEST_MAIN(TestServingMemoryView)
#include "tst_servingmemoryview.moc"
