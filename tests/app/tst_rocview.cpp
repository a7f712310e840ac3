// The ROC lab offscreen: it computes through the job runner, its numbers are the engine's, the
// threshold slider moves the confusion matrix consistently with the counts without recomputing,
// imbalance retrains, user CSVs and bad parameters give messages, and its screenshot is not blank.
#include "app/jobs/JobRunner.h"
#include "app/labs/roc/RocView.h"
#include "engine/metrics.h"
#include "tests/support/apptest.h"
#include "tests/support/paramfield.h"

#include <QDoubleSpinBox>
#include <QElapsedTimer>
#include <QImage>
#include <QProcess>
#include <QPushButton>
#include <QSet>
#include <QSignalSpy>
#include <QSlider>
#include <QTemporaryDir>
#include <QTest>

namespace {

QSlider* thresholdSlider(RocView& view)
{
    return apptest::paramField<QSlider>(view, "threshold");
}

} // namespace

class TestRocView : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void computesAndMatchesTheEngine()
    {
        JobRunner jobs;
        RocView view(&jobs);
        view.resize(1000, 700);
        view.show();
        QSignalSpy shown(&view, &LabView::resultShown);
        view.refresh();
        QVERIFY(shown.wait(60000));
        const mllab::RocResult& r = view.result().roc;
        QCOMPARE(r.n, std::int64_t(70000));
        QVERIFY(r.aucRoc > 0.8 && r.aucRoc < 0.9); // separation 1.5: Phi(1.5 / sqrt 2) = 0.856
        QVERIFY(view.noticeText().contains(QLocale().toString(r.aucRoc, 'f', 3)));

        // The same scores through the engine directly give the same curve.
        const mllab::labs::RocLabResult again =
            mllab::labs::computeRocLab(mllab::labs::RocLabParams{}, {});
        QCOMPARE(again.roc.aucRoc, r.aucRoc);
        QCOMPARE(again.roc.thresholds.size(), r.thresholds.size());
    }

    void thresholdSliderMovesTheConfusionMatrix()
    {
        JobRunner jobs;
        RocView view(&jobs);
        view.show();
        QSignalSpy shown(&view, &LabView::resultShown);
        view.refresh();
        QVERIFY(shown.wait(60000));
        QSlider* slider = thresholdSlider(view);
        QVERIFY(slider);
        const mllab::RocResult& r = view.result().roc;
        std::int64_t previousFlagged = r.n + 1;
        for (int position : {100, 300, 500, 700, 900}) {
            slider->setValue(position);
            const mllab::ThresholdMetrics m = view.currentMetrics();
            // The cells add up to the class counts and match the engine at that threshold.
            QCOMPARE(m.counts.tp + m.counts.fn, r.positives);
            QCOMPARE(m.counts.fp + m.counts.tn, r.negatives);
            const mllab::ThresholdMetrics engine = mllab::metricsAt(r, view.threshold());
            QCOMPARE(m.counts.tp, engine.counts.tp);
            QCOMPARE(m.counts.fp, engine.counts.fp);
            QVERIFY(view.confusionText().contains(
                QStringLiteral("TP %1").arg(QLocale().toString(qlonglong(m.counts.tp)))));
            // A higher threshold flags fewer rows.
            QVERIFY(m.counts.tp + m.counts.fp <= previousFlagged);
            previousFlagged = m.counts.tp + m.counts.fp;
        }
        QCOMPARE(shown.count(), 1); // moving the threshold recomputed nothing
        QVERIFY(!jobs.isBusy());
    }

    void costRatioFindsItsPointOnceNotPerThresholdMove()
    {
        JobRunner jobs;
        RocView view(&jobs);
        view.show();
        QSignalSpy shown(&view, &LabView::resultShown);
        view.refresh();
        QVERIFY(shown.wait(60000));
        const mllab::RocResult& r = view.result().roc;
        auto* cost = apptest::paramField<QDoubleSpinBox>(view, "cost");
        QVERIFY(cost);
        cost->setValue(4);
        // Found in a job, as the engine finds it.
        QTRY_COMPARE_WITH_TIMEOUT(view.knownCostRatio(), 4.0, 20000);
        QCOMPARE(view.knownCostPoint(), mllab::costOptimalPoint(r, 4.0));
        QTRY_VERIFY(!jobs.isBusy());
        QSignalSpy started(&jobs, &JobRunner::started);
        QSlider* slider = thresholdSlider(view);
        for (int position : {100, 400, 800})
            slider->setValue(position);
        QCOMPARE(started.count(), 0); // threshold moves search nothing in a job
        QCOMPARE(view.result().readout.costRatio, 4.0);
        QCOMPARE(view.result().readout.costPoint, mllab::costOptimalPoint(r, 4.0));
        // "Use" moves the threshold to the least-cost one, as costOptimalThreshold says.
        QPushButton* use = nullptr;
        for (auto* button : view.findChildren<QPushButton*>())
            if (button->text() == QStringLiteral("Use"))
                use = button;
        QVERIFY(use && use->isEnabled());
        use->click();
        QCOMPARE(view.threshold(), mllab::labs::costOptimalThreshold(r, 4.0));
        QCOMPARE(shown.count(), 1);
    }

    void thresholdMoveTiming()
    {
        // Logged for docs/performance.md, never asserted: a threshold move plus a synchronous
        // repaint of the visible chart, for each of the four tabs.
        JobRunner jobs;
        RocView view(&jobs);
        view.resize(1000, 700);
        view.show();
        QSignalSpy shown(&view, &LabView::resultShown);
        view.refresh();
        QVERIFY(shown.wait(60000));
        QSlider* slider = thresholdSlider(view);
        for (const char* tab : {"roc", "pr", "scores", "metrics"}) {
            QCOMPARE(view.setParameter(QStringLiteral("tab"), QLatin1String(tab)), QString());
            view.repaint();
            QElapsedTimer timer;
            timer.start();
            const int moves = 50;
            for (int i = 0; i < moves; ++i) {
                slider->setValue(200 + 10 * i);
                view.repaint();
            }
            qInfo("threshold move + repaint, %s tab: %.2f ms", tab,
                  double(timer.nsecsElapsed()) / 1e6 / moves);
        }
        QCOMPARE(view.parameters().value(QStringLiteral("tab")), QStringLiteral("metrics"));
        QVERIFY(view.setParameter(QStringLiteral("tab"), QStringLiteral("3d"))
                    .contains(QStringLiteral("roc, pr, scores, metrics")));
        QCOMPARE(shown.count(), 1);
    }

    void rarePositivesLowerAveragePrecisionNotAuc()
    {
        JobRunner jobs;
        RocView view(&jobs);
        QSignalSpy shown(&view, &LabView::resultShown);
        view.refresh();
        QVERIFY(shown.wait(60000));
        const double auc = view.result().roc.aucRoc, ap = view.result().roc.averagePrecision;
        QCOMPARE(view.setParameter(QStringLiteral("imbalance"), QStringLiteral("200")), QString());
        view.refresh();
        QVERIFY(shown.wait(60000));
        QVERIFY(std::abs(view.result().roc.aucRoc - auc) < 0.05);
        QVERIFY(view.result().roc.averagePrecision < ap - 0.3);
        QVERIFY(view.noticeText().contains(QStringLiteral("rare")));
    }

    void userCsvAndItsErrors()
    {
        QTemporaryDir dir;
        const QString good = dir.filePath(QStringLiteral("scores.csv"));
        QFile f(good);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("id,p,y\n1,0.1,0\n2,0.4,0\n3,0.35,1\n4,0.8,1\n");
        f.close();
        JobRunner jobs;
        RocView view(&jobs);
        QSignalSpy shown(&view, &LabView::resultShown);
        QCOMPARE(view.setParameter(QStringLiteral("source"), QStringLiteral("csv")), QString());
        QCOMPARE(view.setParameter(QStringLiteral("csv"), good), QString());
        QCOMPARE(view.setParameter(QStringLiteral("score"), QStringLiteral("p")), QString());
        QCOMPARE(view.setParameter(QStringLiteral("label"), QStringLiteral("y")), QString());
        view.refresh();
        QVERIFY(shown.wait(20000));
        QCOMPARE(view.result().roc.aucRoc, 0.75);

        // A single class: the error banner names it and the last result stays.
        const QString bad = dir.filePath(QStringLiteral("bad.csv"));
        QFile g(bad);
        QVERIFY(g.open(QIODevice::WriteOnly));
        g.write("p,y\n0.1,1\n0.2,1\n");
        g.close();
        view.setParameter(QStringLiteral("csv"), bad);
        view.refresh();
        QTRY_VERIFY_WITH_TIMEOUT(!view.errorText().isEmpty(), 20000);
        QVERIFY2(view.errorText().contains(QStringLiteral("single class")),
                 qPrintable(view.errorText()));
        QCOMPARE(view.result().roc.aucRoc, 0.75);
    }

    void badParametersGetMessages()
    {
        JobRunner jobs;
        RocView view(&jobs);
        QVERIFY(view.setParameter(QStringLiteral("imbalance"), QStringLiteral("5000"))
                    .contains(QStringLiteral("imbalance")));
        QVERIFY(view.setParameter(QStringLiteral("separation"), QStringLiteral("far"))
                    .contains(QStringLiteral("separation")));
        QVERIFY(view.setParameter(QStringLiteral("model"), QStringLiteral("svm"))
                    .contains(QStringLiteral("model must be one of logistic, mlp")));
        QVERIFY(view.setParameter(QStringLiteral("colour"), QStringLiteral("red"))
                    .contains(QStringLiteral("unknown parameter")));
        QCOMPARE(view.setParameter(QStringLiteral("beta"), QStringLiteral("2")), QString());
        QCOMPARE(view.parameters().value(QStringLiteral("beta")), QStringLiteral("2"));
    }

    void screenshotIsNotBlank()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("roc.png"));
        const apptest::AppRun run = apptest::runMllab(
            {QStringLiteral("--lab"), QStringLiteral("roc"), QStringLiteral("--screenshot"), path});
        QVERIFY2(run.code == 0, qPrintable(run.err));
        const QImage image(path);
        QVERIFY(!image.isNull());
        QVERIFY(apptest::distinctColours(image) > 50);
    }
};

QTEST_MAIN(TestRocView)
#include "tst_rocview.moc"
