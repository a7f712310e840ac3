// The bug-zoo lab offscreen: it draws what the engine computes (four charts, the healthy and the
// buggy run), its notice reads the live numbers of the chosen bug, a diverging run is shown as
// such, a refused value keeps the last result, and the engine's refusal reaches the banner.
#include "app/jobs/JobRunner.h"
#include "app/labs/bug-zoo/BugZooView.h"

#include <QChart>
#include <QChartView>
#include <QSignalSpy>
#include <QTest>

namespace ml = mllab::labs;

class TestBugZooView : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void drawsWhatTheEngineComputes()
    {
        JobRunner jobs;
        BugZooView view(&jobs);
        view.resize(1280, 800);
        QSignalSpy shown(&view, &LabView::resultShown);
        view.refresh();
        QVERIFY(shown.wait(60000));
        const auto engine = ml::computeBugZooLab(ml::bugZooLabParams(view.state()));
        QCOMPARE(view.result().buggy.trainLoss, engine.buggy.trainLoss);
        QCOMPARE(view.result().healthy.validationAccuracy, engine.healthy.validationAccuracy);
        const auto charts = view.findChildren<QChartView*>();
        QCOMPARE(charts.size(), qsizetype(4));
        for (QChartView* chart : charts)
            QVERIFY(!chart->chart()->series().isEmpty());
        // Shuffled labels by default: the notice reads the early loss against ln 3.
        const QString notice = view.noticeText();
        QVERIFY2(notice.contains(QStringLiteral("ln 3 = 1.099")), qPrintable(notice));
        QVERIFY(notice.contains(QStringLiteral("Loss down, accuracy flat")));
        QVERIFY(view.resultCsv().startsWith(QStringLiteral("epoch,healthy_train_loss")));
        QCOMPARE(view.resultCsv().count(QLatin1Char('\n')), 62); // header + epochs 0..60
        QCOMPARE(view.keyNumbers().size(), qsizetype(3));
    }

    void aDivergingRunIsNamed()
    {
        JobRunner jobs;
        BugZooView view(&jobs);
        QVERIFY(view.setParameter(QStringLiteral("bug"), QStringLiteral("lr_high")).isEmpty());
        QVERIFY(view.setParameter(QStringLiteral("lr"), QStringLiteral("1")).isEmpty());
        QVERIFY(view.setParameter(QStringLiteral("epochs"), QStringLiteral("20")).isEmpty());
        QSignalSpy shown(&view, &LabView::resultShown);
        view.refresh();
        QVERIFY(shown.wait(60000));
        QVERIFY(view.result().buggy.divergedEpoch > 0);
        QVERIFY(view.noticeText().contains(QStringLiteral("turned NaN")));
        QChart* loss = view.findChildren<QChartView*>().front()->chart();
        QVERIFY2(loss->title().contains(QStringLiteral("NaN at epoch")), qPrintable(loss->title()));
        QVERIFY(view.resultCsv().contains(QStringLiteral("nan")));
    }

    void aRefusedValueReachesTheBannerAndKeepsTheResult()
    {
        JobRunner jobs;
        BugZooView view(&jobs);
        QVERIFY(view.setParameter(QStringLiteral("epochs"), QStringLiteral("8")).isEmpty());
        QSignalSpy shown(&view, &LabView::resultShown);
        view.refresh();
        QVERIFY(shown.wait(60000));
        const QString refused = view.setParameter(QStringLiteral("batch"), QStringLiteral("1"));
        QVERIFY(refused.contains(QStringLiteral("batch")));
        QVERIFY(view.hasResult());
        QCOMPARE(view.state().integer("batch"), 16LL);
        // Within the declared range but not below wine's 125 training rows: the engine's
        // message reaches the banner.
        QVERIFY(view.setParameter(QStringLiteral("batch"), QStringLiteral("128")).isEmpty());
        view.refresh();
        QTRY_VERIFY_WITH_TIMEOUT(!view.errorText().isEmpty(), 20000);
        QVERIFY2(view.errorText().contains(QStringLiteral("125 training rows")),
                 qPrintable(view.errorText()));
        QVERIFY(view.hasResult());
    }
};

QTEST_MAIN(TestBugZooView)
#include "tst_bugzooview.moc"
