// The BLEU/ROUGE lab offscreen: it draws what the engine computes (p1..p4 with the brevity
// penalty and BLEU, nine ROUGE bars), writes the counts out, and blank references are refused by
// name while the last result stays.
#include "app/jobs/JobRunner.h"
#include "app/labs/text-metrics/TextMetricsView.h"

#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QLabel>
#include <QSignalSpy>
#include <QTest>

namespace ml = mllab::labs;

class TestTextMetricsView : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void drawsWhatTheEngineComputes()
    {
        JobRunner jobs;
        TextMetricsView view(&jobs);
        view.resize(1000, 700);
        view.show();
        QSignalSpy shown(&view, &LabView::resultShown);
        view.refresh();
        QVERIFY(shown.wait(20000));
        const auto engine = ml::computeTextMetricsLab(ml::textMetricsLabParams(view.state()));
        QCOMPARE(view.result().metrics.bleu, engine.metrics.bleu);
        int bars = 0;
        for (QChartView* chart : view.findChildren<QChartView*>())
            for (QAbstractSeries* s : chart->chart()->series())
                if (auto* b = qobject_cast<QBarSeries*>(s))
                    for (QBarSet* set : b->barSets())
                        bars += int(set->count());
        QCOMPARE(bars, 9); // ROUGE: precision, recall, F1 of 1, 2 and L
        QVERIFY(view.counts()->text().contains(QStringLiteral("p1 = ")));
        QVERIFY(view.noticeText().contains(QStringLiteral("ROUGE-1 recall")));
        QVERIFY(view.resultCsv().contains(QStringLiteral("rougeL_f1,")));
    }

    void blankReferencesAreRefusedByName()
    {
        JobRunner jobs;
        TextMetricsView view(&jobs);
        QSignalSpy shown(&view, &LabView::resultShown);
        view.refresh();
        QVERIFY(shown.wait(20000));
        const double before = view.result().metrics.bleu;
        const QString refused =
            view.setParameter(QStringLiteral("references"), QStringLiteral("  \n "));
        QVERIFY(refused.contains(QStringLiteral("eferences")));
        QCOMPARE(view.result().metrics.bleu, before);
        QVERIFY(view.state().text("references").find("overfitting") != std::string::npos);
    }
};

QTEST_MAIN(TestTextMetricsView)
#include "tst_textmetricsview.moc"
