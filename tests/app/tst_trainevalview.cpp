// The train-eval lab offscreen: it draws what the engine computes (the band, the truth, both
// modes, the Monte-Carlo mean and the training points), its notice reads the live numbers, and a
// refused value keeps the last result.
#include "app/jobs/JobRunner.h"
#include "app/labs/train-eval/TrainEvalView.h"

#include <QAreaSeries>
#include <QChart>
#include <QChartView>
#include <QSignalSpy>
#include <QTest>

namespace ml = mllab::labs;

class TestTrainEvalView : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void drawsWhatTheEngineComputes()
    {
        JobRunner jobs;
        TrainEvalView view(&jobs);
        view.setParameter(QStringLiteral("epochs"), QStringLiteral("60"));
        QSignalSpy shown(&view, &LabView::resultShown);
        view.refresh();
        QVERIFY(shown.wait(60000));
        const auto engine = ml::computeTrainEvalLab(ml::trainEvalLabParams(view.state()));
        QCOMPARE(view.result().evalCurve, engine.evalCurve);
        QCOMPARE(view.result().validationTrain, engine.validationTrain);
        QChart* chart = view.findChildren<QChartView*>().front()->chart();
        QCOMPARE(chart->series().size(), qsizetype(6));
        QVERIFY(qobject_cast<QAreaSeries*>(chart->series().front()));
        QVERIFY(view.noticeText().contains(QStringLiteral("forgetting eval()")));
        QVERIFY(view.noticeText().contains(QStringLiteral("running statistics")));
        QVERIFY(view.resultCsv().startsWith(QStringLiteral("x,truth,eval_mode")));
    }

    void aRefusedValueKeepsTheResult()
    {
        JobRunner jobs;
        TrainEvalView view(&jobs);
        view.setParameter(QStringLiteral("epochs"), QStringLiteral("20"));
        QSignalSpy shown(&view, &LabView::resultShown);
        view.refresh();
        QVERIFY(shown.wait(60000));
        const QString refused =
            view.setParameter(QStringLiteral("dropout"), QStringLiteral("0.95"));
        QVERIFY(refused.contains(QStringLiteral("dropout")));
        QVERIFY(view.hasResult());
        QCOMPARE(view.state().number("dropout"), 0.2);
    }
};

QTEST_MAIN(TestTrainEvalView)
#include "tst_trainevalview.moc"
