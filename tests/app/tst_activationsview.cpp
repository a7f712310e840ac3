// The activations lab offscreen: it draws what the engine computes, ticking a function adds its
// curves and its saturation row, unticking every function is refused with a message that keeps
// the last result, the notice reads its comparisons ("x < 0") as text, and the export holds
// every curve.
#include "app/jobs/JobRunner.h"
#include "app/labs/activations/ActivationsView.h"
#include "tests/support/paramfield.h"

#include <QCategoryAxis>
#include <QChart>
#include <QChartView>
#include <QListWidget>
#include <QSignalSpy>
#include <QTest>
#include <QTextDocument>

namespace ml = mllab::labs;

namespace {

QListWidgetItem* functionItem(ActivationsView& view, const QString& id)
{
    auto* list = apptest::paramField<QListWidget>(view, "functions");
    const auto found = list ? list->findItems(id, Qt::MatchExactly) : QList<QListWidgetItem*>();
    return found.isEmpty() ? nullptr : found.front();
}

QCategoryAxis* saturationRows(ActivationsView& view)
{
    for (QChartView* chartView : view.findChildren<QChartView*>())
        for (QAbstractAxis* axis : chartView->chart()->axes(Qt::Vertical))
            if (auto* rows = qobject_cast<QCategoryAxis*>(axis))
                return rows;
    return nullptr;
}

QString plain(const QString& html)
{
    QTextDocument document;
    document.setHtml(html);
    return document.toPlainText();
}

} // namespace

class TestActivationsView : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void drawsWhatTheEngineComputes()
    {
        JobRunner jobs;
        ActivationsView view(&jobs);
        QSignalSpy shown(&view, &LabView::resultShown);
        view.refresh();
        QVERIFY(shown.wait(20000));
        const auto engine = ml::computeActivationsLab(ml::activationsLabParams(view.state()));
        QCOMPARE(view.result().curves.size(), engine.curves.size());
        for (std::size_t i = 0; i < engine.curves.size(); ++i) {
            QCOMPARE(view.result().curves[i].derivative, engine.curves[i].derivative);
            QCOMPARE(view.result().curves[i].saturated, engine.curves[i].saturated);
        }
        // One row per function in the saturation strip, the first function on top.
        QCategoryAxis* rows = saturationRows(view);
        QVERIFY(rows);
        QCOMPARE(rows->count(), int(engine.curves.size()));
        QVERIFY(rows->categoriesLabels().last().startsWith(QStringLiteral("relu ")));
    }

    void tickingAFunctionAddsItsCurves()
    {
        JobRunner jobs;
        ActivationsView view(&jobs);
        QSignalSpy shown(&view, &LabView::resultShown);
        view.refresh();
        QVERIFY(shown.wait(20000));
        QListWidgetItem* softplus = functionItem(view, QStringLiteral("softplus"));
        QVERIFY(softplus);
        QCOMPARE(softplus->checkState(), Qt::Unchecked);
        softplus->setCheckState(Qt::Checked);
        QVERIFY(view.state().text("functions").find("softplus") != std::string::npos);
        QVERIFY(shown.wait(20000));
        QCOMPARE(view.result().curves.size(), std::size_t(5));
        QCOMPARE(saturationRows(view)->count(), 5);
    }

    void uncheckingEveryFunctionIsRefused()
    {
        JobRunner jobs;
        ActivationsView view(&jobs);
        QSignalSpy shown(&view, &LabView::resultShown);
        QCOMPARE(view.setParameter(QStringLiteral("functions"), QStringLiteral("tanh")), QString());
        view.refresh();
        QVERIFY(shown.wait(20000));
        functionItem(view, QStringLiteral("tanh"))->setCheckState(Qt::Unchecked);
        QVERIFY(view.errorText().contains(QStringLiteral("functions")));
        QCOMPARE(view.state().text("functions"), std::string("tanh"));
        QCOMPARE(functionItem(view, QStringLiteral("tanh"))->checkState(), Qt::Checked);
        QCOMPARE(view.result().curves.size(), std::size_t(1));
    }

    void listFromASetReadsLikeTheForm()
    {
        JobRunner jobs;
        ActivationsView view(&jobs);
        QCOMPARE(view.setParameter(QStringLiteral("functions"), QStringLiteral("tanh, gelu")),
                 QString());
        QCOMPARE(functionItem(view, QStringLiteral("gelu"))->checkState(), Qt::Checked);
        QCOMPARE(functionItem(view, QStringLiteral("relu"))->checkState(), Qt::Unchecked);
    }

    void noticeReadsComparisonsAsText()
    {
        JobRunner jobs;
        ActivationsView view(&jobs);
        QSignalSpy shown(&view, &LabView::resultShown);
        view.refresh();
        QVERIFY(shown.wait(20000));
        const QString notice = plain(view.noticeText());
        QVERIFY2(notice.contains(QStringLiteral("not at all for x < 0: a unit stuck there is dead")),
                 qPrintable(notice));
        QVERIFY(notice.contains(QStringLiteral("Sigmoid's slope never exceeds 0.25")));
    }

    void exportHoldsEveryCurve()
    {
        JobRunner jobs;
        ActivationsView view(&jobs);
        QSignalSpy shown(&view, &LabView::resultShown);
        view.refresh();
        QVERIFY(shown.wait(20000));
        const QStringList lines = view.resultCsv().split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QCOMPARE(lines.front(),
                 QStringLiteral("x,relu,d_relu,gelu,d_gelu,sigmoid,d_sigmoid,tanh,d_tanh"));
        QCOMPARE(lines.size(), 1 + 401);
    }
};

QTEST_MAIN(TestActivationsView)
#include "tst_activationsview.moc"
