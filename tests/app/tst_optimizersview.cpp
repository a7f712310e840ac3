// The optimizer race offscreen: it draws what the engine computes (a trajectory per racer on the
// canvas, a loss curve each), a click on the contours moves the start and reruns the race,
// no optimizer or an unknown one is refused with a message that keeps the last result, and the
// canvas exports its trajectories as CSV; the network tab trains only when shown, draws each
// racer's loss and the chosen one's plane, and switching the plane redraws without a new job.
// The surface is shaded in jobs: the race brings the shading of the canvas's plot, and a
// resize shades the new size in a job of its own without running the race again.
#include "app/charts/ChartExport.h"
#include "app/jobs/JobRunner.h"
#include "app/labs/optimizers/LandscapeCanvas.h"
#include "app/labs/optimizers/OptimizersView.h"
#include "app/labs/optimizers/SurfaceCanvas.h"
#include "app/labs/optimizers/SurfaceShading.h"

#include <QChart>
#include <QChartView>
#include <QLineSeries>
#include <QSignalSpy>
#include <QTest>

namespace ml = mllab::labs;

class TestOptimizersView : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void drawsWhatTheEngineComputes()
    {
        JobRunner jobs;
        OptimizersView view(&jobs);
        view.resize(1000, 700);
        view.show();
        QSignalSpy shown(&view, &LabView::resultShown);
        view.refresh();
        QVERIFY(shown.wait(20000));
        const auto engine = ml::computeOptimizersLab(ml::optimizersLabParams(view.state()));
        QCOMPARE(view.result().racers.size(), std::size_t(6));
        for (std::size_t i = 0; i < engine.racers.size(); ++i)
            QCOMPARE(view.result().racers[i].trajectory.points, engine.racers[i].trajectory.points);
        int curves = 0;
        for (QChartView* chart : view.findChildren<QChartView*>())
            for (QAbstractSeries* s : chart->chart()->series())
                curves += qobject_cast<QLineSeries*>(s) != nullptr;
        QCOMPARE(curves, 6);
        QVERIFY(view.noticeText().contains(QStringLiteral("2/λmax")));
        const QString csv = charts::widgetCsv(view.canvas());
        QVERIFY(csv.startsWith(QStringLiteral("optimizer,step,x,y,loss\n")));
        QCOMPARE(csv.count(QLatin1Char('\n')), 1 + 6 * 301);
    }

    void theSurfaceIsShadedInJobsAndFollowsAResize()
    {
        JobRunner jobs;
        OptimizersView view(&jobs);
        view.resize(1000, 700);
        view.show();
        QSignalSpy shown(&view, &LabView::resultShown);
        view.refresh();
        QVERIFY(shown.wait(20000));
        SurfaceCanvas* canvas = view.canvas();
        const auto params = view.result().params;
        QTRY_VERIFY_WITH_TIMEOUT(!jobs.isBusy(), 20000);
        QVERIFY(!canvas->shadingRequest(params).needed()); // the race brought its shading
        // What the canvas shows is the shading of its own plot in the theme's colours.
        auto request = canvas->shadingRequest(params);
        request.pixels = request.plot.toAlignedRect();
        QCOMPARE(canvas->surfaceImage(), surfaceshading::shade(request, {}).image);

        const QSize before = canvas->surfaceImage().size();
        view.resize(1300, 900);
        QTRY_VERIFY_WITH_TIMEOUT(canvas->shadingRequest(params).needed() ||
                                     canvas->surfaceImage().size() != before,
                                 5000);
        // A job of its own shades the new size; the race is not run again.
        QTRY_VERIFY_WITH_TIMEOUT(!canvas->shadingRequest(params).needed(), 20000);
        QVERIFY(canvas->surfaceImage().size() != before);
        QCOMPARE(shown.count(), 1);
    }

    void aClickMovesTheStart()
    {
        JobRunner jobs;
        OptimizersView view(&jobs);
        view.resize(1000, 700);
        view.show();
        QSignalSpy shown(&view, &LabView::resultShown);
        view.refresh();
        QVERIFY(shown.wait(20000));
        SurfaceCanvas* canvas = view.canvas();
        const QPointF at = canvas->toScreen({1.0, -2.0});
        QTest::mouseClick(canvas, Qt::LeftButton, {}, at.toPoint());
        QCOMPARE(view.state().number("start_x"), 1.0);
        QCOMPARE(view.state().number("start_y"), -2.0);
        QVERIFY(shown.wait(20000));
        QCOMPARE(view.result().racers.front().trajectory.points.front(),
                 (mllab::Point2{1.0, -2.0}));
    }

    void aPinnedRaceStaysOnTheContours()
    {
        JobRunner jobs;
        OptimizersView view(&jobs);
        QSignalSpy shown(&view, &LabView::resultShown);
        view.refresh();
        QVERIFY(shown.wait(20000));
        view.pin();
        QCOMPARE(view.canvas()->pinnedTrajectories(), qsizetype(6));
        view.setParameter(QStringLiteral("optimizers"), QStringLiteral("sgd,adam"));
        view.refresh();
        QVERIFY(shown.wait(20000));
        QCOMPARE(view.result().racers.size(), std::size_t(2));
        QCOMPARE(view.canvas()->pinnedTrajectories(), qsizetype(6)); // the pinned race stays
        view.unpin();
        QCOMPARE(view.canvas()->pinnedTrajectories(), qsizetype(0));
    }

    void noOptimizerIsRefusedAndTheRaceStays()
    {
        JobRunner jobs;
        OptimizersView view(&jobs);
        QSignalSpy shown(&view, &LabView::resultShown);
        view.refresh();
        QVERIFY(shown.wait(20000));
        QVERIFY(view.setParameter(QStringLiteral("optimizers"), QString())
                    .contains(QStringLiteral("optimizers")));
        QVERIFY(
            view.setParameter(QStringLiteral("optimizers"), QStringLiteral("sgd,lion")).isEmpty());
        view.refresh();
        QTRY_VERIFY_WITH_TIMEOUT(!view.errorText().isEmpty(), 20000);
        QVERIFY(view.errorText().contains(QStringLiteral("lion")));
        QCOMPARE(view.result().racers.size(), std::size_t(6));
    }

    void theNetworkTabTrainsWhenShownAndDrawsThePlane()
    {
        JobRunner jobs;
        OptimizersView view(&jobs);
        view.resize(1200, 760);
        view.show();
        QSignalSpy shown(&view, &LabView::resultShown);
        view.setParameter(QStringLiteral("net_epochs"), QStringLiteral("40"));
        view.refresh();
        QVERIFY(shown.wait(20000));
        QVERIFY(view.network().racers.empty()); // the race tab is shown: no network yet
        QVERIFY(view.setParameter(QStringLiteral("tab"), QStringLiteral("network")).isEmpty());
        view.refresh(); // the race again (cheap) and, the tab now shown, the network once
        QTRY_VERIFY_WITH_TIMEOUT(!view.network().racers.empty(), 30000);
        QTRY_VERIFY_WITH_TIMEOUT(!jobs.isBusy(), 20000);
        auto p = ml::optimizersLabParams(view.state());
        const auto engine = ml::computeNetworkRace(p);
        QCOMPARE(view.network().racers.size(), std::size_t(6));
        QCOMPARE(view.network().racers[4].loss, engine.racers[4].loss);
        QVERIFY(view.landscape()->hasPlane());
        QVERIFY(view.noticeText().contains(QStringLiteral("wine")));
        const QString plane = charts::widgetCsv(view.landscape());
        QVERIFY(plane.startsWith(QStringLiteral("kind,optimizer,a,b,loss\n")));
        QVERIFY(plane.contains(QStringLiteral("plane,adam,")));
        QVERIFY(view.resultCsv().contains(QStringLiteral("network_final_loss")));

        // Another plane is a redraw: no job starts.
        QSignalSpy busy(&jobs, &JobRunner::busyChanged);
        QVERIFY(view.setParameter(QStringLiteral("landscape"), QStringLiteral("sgd")).isEmpty());
        QVERIFY(charts::widgetCsv(view.landscape()).contains(QStringLiteral("plane,sgd,")));
        QCOMPARE(busy.count(), 0);
        QVERIFY(view.noticeText().contains(QStringLiteral("SGD")));

        // An optimizer that is not racing leaves the canvas empty, saying so.
        QVERIFY(view.setParameter(QStringLiteral("optimizers"), QStringLiteral("adam")).isEmpty());
        view.refresh();
        QTRY_VERIFY_WITH_TIMEOUT(view.network().racers.size() == 1, 30000);
        QVERIFY(!view.landscape()->hasPlane());
    }
};

QTEST_MAIN(TestOptimizersView)
#include "tst_optimizersview.moc"
