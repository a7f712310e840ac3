// The lr-schedule lab offscreen: its three parts compute as separate jobs and draw what the
// engine computes (the range test with its suggestion, six schedules on three charts, the batch
// sizes and B_simple), the notice reads the live numbers, the tab picks the CSV, and a warm-up as
// long as the run reaches the banner.
#include "app/jobs/JobRunner.h"
#include "app/labs/lr-schedule/LrScheduleView.h"

#include <QChart>
#include <QChartView>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTest>

namespace ml = mllab::labs;

namespace {

QChart* chartNamed(QWidget& view, const QString& id)
{
    for (QChartView* chartView : view.findChildren<QChartView*>())
        if (chartView->chart()->objectName() == id)
            return chartView->chart();
    return nullptr;
}

} // namespace

class TestLrScheduleView : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void drawsWhatTheEngineComputes()
    {
        JobRunner jobs;
        LrScheduleView view(&jobs);
        view.resize(1280, 800);
        view.setParameter(QStringLiteral("epochs"), QStringLiteral("8"));
        view.setParameter(QStringLiteral("range_steps"), QStringLiteral("60"));
        view.refresh();
        QTRY_VERIFY_WITH_TIMEOUT(view.hasRange() && view.hasSchedules() && view.hasBatches(),
                                 60000);
        const ml::LrScheduleLabParams params = ml::lrScheduleLabParams(view.state());
        QCOMPARE(view.range().smoothed, ml::computeLrRangeTest(params).smoothed);
        QCOMPARE(view.schedules().runs[3].valLoss, ml::computeLrSchedules(params).runs[3].valLoss);
        QCOMPARE(view.batches().noise.back().bSimple,
                 ml::computeLrBatchSizes(params).noise.back().bSimple);

        QChart* range = chartNamed(view, QStringLiteral("range-test"));
        QVERIFY(range);
        QVERIFY(range->series().size() >= 5); // raw, smoothed, minimum, suggestion line and star
        for (const QString& id : {QStringLiteral("schedules-lr"), QStringLiteral("schedules-loss"),
                                  QStringLiteral("schedules-accuracy")}) {
            QChart* chart = chartNamed(view, id);
            QVERIFY2(chart, qPrintable(id));
            QCOMPARE(chart->series().size(), qsizetype(6));
        }
        QCOMPARE(chartNamed(view, QStringLiteral("batch-size-loss"))->series().size(),
                 qsizetype(5));
        QVERIFY(chartNamed(view, QStringLiteral("noise-scale"))->series().size() >= 3);

        // The headline reads the three parts' numbers; each tab adds its own.
        QVERIFY(view.noticeText().contains(QStringLiteral("Suggested lr")));
        QVERIFY(view.noticeText().contains(QStringLiteral("B_simple now")));
        QVERIFY(view.noticeText().contains(QStringLiteral("range test ran")));
        QCOMPARE(view.keyNumbers().size(), qsizetype(3));
        QVERIFY(view.resultCsv().startsWith(QStringLiteral("step,lr,loss,smoothed_loss")));
        view.setParameter(QStringLiteral("tab"), QStringLiteral("batch"));
        QCOMPARE(view.tabs()->currentIndex(), 2);
        QVERIFY(view.noticeText().contains(QStringLiteral("B_simple grew")));
        QVERIFY(view.resultCsv().startsWith(QStringLiteral("batch,linear_scaling")));
        view.setParameter(QStringLiteral("tab"), QStringLiteral("schedules"));
        QVERIFY(view.noticeText().contains(QStringLiteral("a constant lr ends at")));
        QVERIFY(view.resultCsv().startsWith(QStringLiteral("schedule,epoch,lr")));
    }

    void badInputReachesTheBanner()
    {
        JobRunner jobs;
        LrScheduleView view(&jobs);
        view.setParameter(QStringLiteral("epochs"), QStringLiteral("5"));
        view.setParameter(QStringLiteral("warmup"), QStringLiteral("5"));
        view.refresh();
        QTRY_VERIFY_WITH_TIMEOUT(view.errorText().contains(QStringLiteral("warm-up")), 60000);
        // A refused value keeps the state as it was.
        const QString refused = view.setParameter(QStringLiteral("lr"), QStringLiteral("50"));
        QVERIFY(refused.contains(QStringLiteral("lr")));
        QCOMPARE(view.state().number("lr"), 0.1);
    }

    void aDivergingLrIsShownNotCrashed()
    {
        JobRunner jobs;
        LrScheduleView view(&jobs);
        view.setParameter(QStringLiteral("epochs"), QStringLiteral("4"));
        view.setParameter(QStringLiteral("warmup"), QStringLiteral("1"));
        view.setParameter(QStringLiteral("lr"), QStringLiteral("10"));
        view.setParameter(QStringLiteral("tab"), QStringLiteral("schedules"));
        view.refresh();
        QTRY_VERIFY_WITH_TIMEOUT(view.hasSchedules() && view.hasBatches(), 60000);
        QVERIFY(view.schedules().runs[0].diverged);
        QVERIFY(view.noticeText().contains(QStringLiteral("diverged")));
        QVERIFY(view.errorText().isEmpty());
    }
};

QTEST_MAIN(TestLrScheduleView)
#include "tst_lrscheduleview.moc"
