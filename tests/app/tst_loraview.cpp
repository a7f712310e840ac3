// The lora lab offscreen: it shows what the engine computes (the table of both runs, four loss
// curves, the two singular-value curves), its notice reads the live numbers and the merge check,
// a bad target list reaches the banner, and a refused value keeps the last result.
#include "app/jobs/JobRunner.h"
#include "app/labs/lora/LoraView.h"

#include <QChart>
#include <QChartView>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTest>

namespace ml = mllab::labs;

class TestLoraView : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void drawsWhatTheEngineComputes()
    {
        JobRunner jobs;
        LoraView view(&jobs);
        view.setParameter(QStringLiteral("steps"), QStringLiteral("6"));
        QSignalSpy shown(&view, &LabView::resultShown);
        view.refresh();
        QVERIFY(shown.wait(60000));
        const auto engine = ml::computeLoraLab(ml::loraLabParams(view.state()));
        QCOMPARE(view.result().loraNewLoss, engine.loraNewLoss);
        QCOMPARE(view.result().fullBankLoss, engine.fullBankLoss);
        QCOMPARE(view.result().loraParameters, engine.loraParameters);
        const auto charts = view.findChildren<QChartView*>();
        QCOMPARE(charts.size(), qsizetype(2));
        QCOMPARE(charts[0]->chart()->series().size(), qsizetype(4));
        QCOMPARE(charts[1]->chart()->series().size(), qsizetype(2));
        auto* table = view.findChild<QTableWidget*>();
        QVERIFY(table);
        QCOMPARE(table->rowCount(), 2);
        QVERIFY(table->item(0, 1)->text().contains(QStringLiteral("%")));
        QVERIFY(view.noticeText().contains(QStringLiteral("AdamW keeps")));
        QVERIFY(view.noticeText().contains(QStringLiteral("Merged W")));
        QVERIFY(view.resultCsv().startsWith(QStringLiteral("step,lora_new_text_loss")));
        QCOMPARE(view.keyNumbers().size(), qsizetype(4));
    }

    void badTargetsReachTheBanner()
    {
        JobRunner jobs;
        LoraView view(&jobs);
        view.setParameter(QStringLiteral("steps"), QStringLiteral("2"));
        view.setParameter(QStringLiteral("targets"), QStringLiteral("q,gate"));
        view.refresh();
        QTRY_VERIFY_WITH_TIMEOUT(view.errorText().contains(QStringLiteral("gate")), 60000);
        QVERIFY(!view.hasResult());
    }

    void aRefusedValueKeepsTheResult()
    {
        JobRunner jobs;
        LoraView view(&jobs);
        view.setParameter(QStringLiteral("steps"), QStringLiteral("2"));
        QSignalSpy shown(&view, &LabView::resultShown);
        view.refresh();
        QVERIFY(shown.wait(60000));
        const QString refused = view.setParameter(QStringLiteral("rank"), QStringLiteral("65"));
        QVERIFY(refused.contains(QStringLiteral("rank")));
        QVERIFY(view.hasResult());
        QCOMPARE(view.state().integer("rank"), 8);
    }
};

QTEST_MAIN(TestLoraView)
#include "tst_loraview.moc"
