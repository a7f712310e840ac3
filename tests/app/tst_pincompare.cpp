// Pin and compare in every lab: a pinned result stays on the charts as muted dashed copies beside
// each newer result, the notice says how the settings and key numbers moved, unpinning removes
// both, and a state file keeps the pinned parameters, which are recomputed when it is opened.
#include "app/HeadlessExport.h"
#include "app/labs/LabArea.h"
#include "app/labs/LabRegistry.h"
#include "app/labs/LabView.h"
#include "app/window/MainWindow.h"
#include "engine/labs/registry.h"

#include <QAbstractSeries>
#include <QChart>
#include <QChartView>
#include <QTest>
#include <QTextDocument>
#include <QXYSeries>

#include <nlohmann/json.hpp>

namespace ml = mllab::labs;

namespace {

/// A change per lab that gives a different result quickly.
const QMap<QString, QPair<QString, QString>>& changes()
{
    static const QMap<QString, QPair<QString, QString>> table{
        {QStringLiteral("sampling"), {QStringLiteral("temperature"), QStringLiteral("0.5")}},
        {QStringLiteral("roc"), {QStringLiteral("imbalance"), QStringLiteral("9")}},
        {QStringLiteral("calibration"), {QStringLiteral("epochs"), QStringLiteral("100")}},
        {QStringLiteral("pca"), {QStringLiteral("standardize"), QStringLiteral("true")}},
        {QStringLiteral("attention"), {QStringLiteral("scaled"), QStringLiteral("false")}},
        {QStringLiteral("tokenizer"), {QStringLiteral("merges"), QStringLiteral("5")}},
        {QStringLiteral("lm-training"), {QStringLiteral("steps"), QStringLiteral("100")}},
        {QStringLiteral("bias-variance"), {QStringLiteral("degree"), QStringLiteral("8")}},
        {QStringLiteral("regularization"), {QStringLiteral("budget"), QStringLiteral("0.5")}},
        {QStringLiteral("activations"), {QStringLiteral("saturation"), QStringLiteral("0.2")}},
        {QStringLiteral("monte-carlo"), {QStringLiteral("samples"), QStringLiteral("10000")}},
        {QStringLiteral("optimizers"), {QStringLiteral("lr"), QStringLiteral("0.1")}},
        {QStringLiteral("train-eval"), {QStringLiteral("dropout"), QStringLiteral("0.4")}},
        {QStringLiteral("embeddings"), {QStringLiteral("word"), QStringLiteral("gradient")}},
        {QStringLiteral("lora"), {QStringLiteral("rank"), QStringLiteral("2")}},
        {QStringLiteral("speculative"), {QStringLiteral("gamma"), QStringLiteral("2")}},
        {QStringLiteral("quantization"), {QStringLiteral("preset"), QStringLiteral("q8_0")}},
        {QStringLiteral("masking"), {QStringLiteral("buckets"), QStringLiteral("1")}},
        {QStringLiteral("serving-memory"), {QStringLiteral("batch"), QStringLiteral("16")}},
        {QStringLiteral("text-metrics"), {QStringLiteral("candidate"), QStringLiteral("the model fits the training data")}},
        {QStringLiteral("vector-index"), {QStringLiteral("ef_search"), QStringLiteral("64")}},
        {QStringLiteral("retrieval"), {QStringLiteral("k1"), QStringLiteral("0.5")}},
        {QStringLiteral("bug-zoo"), {QStringLiteral("bug"), QStringLiteral("lr_low")}},
        {QStringLiteral("lr-schedule"), {QStringLiteral("lr"), QStringLiteral("0.05")}},
        {QStringLiteral("convolution"), {QStringLiteral("stride"), QStringLiteral("2")}},
        {QStringLiteral("gradient-flow"),
         {QStringLiteral("activation"), QStringLiteral("sigmoid")}},
    };
    return table;
}

int pinnedCopies(QWidget* root)
{
    int copies = 0;
    for (QChartView* view : root->findChildren<QChartView*>())
        for (QAbstractSeries* series : view->chart()->series())
            if (series->property("pinnedCopy").toBool()) {
                ++copies;
                if (auto* line = qobject_cast<QXYSeries*>(series);
                    line && line->pen().style() != Qt::DashLine &&
                    !line->inherits("QScatterSeries"))
                    return -1; // a copy must look unlike the live result
            }
    return copies;
}

QString plainNotice(const LabView* view)
{
    QTextDocument document;
    document.setHtml(view->noticeText());
    return document.toPlainText();
}

LabView* openComputed(MainWindow& window, const QString& id)
{
    window.openLab(id);
    waitForResult(window, 120000);
    return window.labArea()->currentLab();
}

} // namespace

class TestPinCompare : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void everyLabPinsAndCompares()
    {
        MainWindow window;
        window.resize(1280, 800);
        window.show();
        for (const LabInfo& lab : LabRegistry::labs()) {
            LabView* view = openComputed(window, lab.id);
            const bool computes = lab.id != QLatin1String("lm-training"); // trains on request
            view->pin();
            QVERIFY(view->isPinned());
            const auto& [key, value] = changes().value(lab.id);
            QVERIFY2(view->setParameter(key, value).isEmpty(), qPrintable(lab.id));
            view->refresh();
            waitForResult(window, 120000);
            const QString notice = plainNotice(view);
            QVERIFY2(notice.contains(QStringLiteral("Pinned")), qPrintable(lab.id + notice));
            QVERIFY2(notice.contains(QStringLiteral("→")), qPrintable(lab.id + notice));
            if (computes) {
                QVERIFY2(pinnedCopies(view) != -1, qPrintable(lab.id));
                // Labs with line charts draw the pinned result; key numbers name their change.
                if (lab.id != QLatin1String("attention"))
                    QVERIFY2(pinnedCopies(view) > 0, qPrintable(lab.id));
                QVERIFY2(!view->keyNumbers().isEmpty(), qPrintable(lab.id));
            }
            view->unpin();
            QCOMPARE(pinnedCopies(view), 0);
            QVERIFY(!plainNotice(view).contains(QStringLiteral("Pinned")));
        }
    }

    void pinningAgainReplacesThePin()
    {
        MainWindow window;
        window.show();
        LabView* view = openComputed(window, QStringLiteral("roc"));
        view->pin();
        view->setParameter(QStringLiteral("imbalance"), QStringLiteral("9"));
        view->refresh();
        waitForResult(window, 60000);
        view->pin();
        QCOMPARE(view->stateWithPin().pinned, std::optional(view->state().values));
        QVERIFY(plainNotice(view).contains(QStringLiteral("same settings")));
    }

    void theStateFileKeepsThePinAndOpeningRecomputesIt()
    {
        ml::LabState saved;
        {
            MainWindow window;
            window.show();
            LabView* view = openComputed(window, QStringLiteral("roc"));
            view->pin();
            view->setParameter(QStringLiteral("imbalance"), QStringLiteral("19"));
            view->refresh();
            waitForResult(window, 60000);
            saved = ml::readLabStateText(ml::stateJson(view->spec(), view->stateWithPin()).dump(),
                                         "pin.mllab");
        }
        QVERIFY(saved.pinned.has_value());
        MainWindow window;
        window.show();
        window.openLabState(saved);
        QTRY_VERIFY_WITH_TIMEOUT(window.labArea()->currentLab()->isPinned(), 60000);
        waitForResult(window, 60000);
        LabView* view = window.labArea()->currentLab();
        QCOMPARE(view->state().integer("imbalance"), 19LL);
        QVERIFY(!view->state().pinned.has_value());
        QCOMPARE(view->stateWithPin().pinned, saved.pinned);
        QVERIFY(pinnedCopies(view) > 0);
        QVERIFY2(plainNotice(view).contains(QStringLiteral("Imbalance 1 → 19")),
                 qPrintable(plainNotice(view)));
    }
};

QTEST_MAIN(TestPinCompare)
#include "tst_pincompare.moc"
