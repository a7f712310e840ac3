// Presentation mode: F5 hides the question column, menus and status bar and scales every lab's
// chart text, lines and notice; at projector (1280x720) and full-HD (1920x1080) sizes the scaled
// titles fit their charts, the plots keep room and the notice is not cut; Esc restores everything
// to its size before; the mouse pointer hides when idle and comes back when moved.
#include "app/HeadlessExport.h"
#include "app/labs/LabArea.h"
#include "app/labs/LabRegistry.h"
#include "app/labs/LabView.h"
#include "app/study/QuestionBrowser.h"
#include "app/window/MainWindow.h"
#include "app/window/PresentationMode.h"
#include "engine/labs/registry.h"

#include <QAbstractAxis>
#include <QApplication>
#include <QChart>
#include <QChartView>
#include <QGraphicsScene>
#include <QGraphicsTextItem>
#include <QLabel>
#include <QMenuBar>
#include <QSettings>
#include <QTest>
#include <QTextDocument>

namespace {

QLabel* noticeLabel(LabView* view)
{
    for (QLabel* label : view->findChildren<QLabel*>())
        if (label->text().contains(QStringLiteral("What to notice")))
            return label;
    return nullptr;
}

QString plain(const QString& text)
{
    QTextDocument document;
    document.setHtml(text);
    return document.toPlainText();
}

/// Problems with the charts on screen: a title wider than its chart, a plot squeezed to nothing.
QStringList layoutProblems(LabView* view, const QString& where)
{
    QStringList problems;
    for (QChartView* chartView : view->findChildren<QChartView*>()) {
        if (!chartView->isVisible())
            continue;
        QChart* chart = chartView->chart();
        const QString title = plain(chart->title());
        const int titleWidth = QFontMetrics(chart->titleFont()).horizontalAdvance(title);
        if (titleWidth > chartView->width())
            problems << QStringLiteral("%1: title '%2' is %3 px in a %4 px chart")
                            .arg(where, title)
                            .arg(titleWidth)
                            .arg(chartView->width());
        // Qt Charts elides what does not fit (axis titles, tick labels, the title) to "...".
        for (QGraphicsItem* item : chartView->scene()->items())
            if (auto* text = dynamic_cast<QGraphicsTextItem*>(item); text && text->isVisible()) {
                const QString shown = text->toPlainText();
                if (shown.contains(QStringLiteral("...")) || shown.contains(QChar(0x2026)))
                    problems << QStringLiteral("%1: '%2' is cut to '%3'").arg(where, title, shown);
            }
        const QRectF plot = chart->plotArea();
        if (plot.width() < 80 || plot.height() < 40)
            problems << QStringLiteral("%1: the plot of '%2' is %3x%4 px")
                            .arg(where, title)
                            .arg(plot.width())
                            .arg(plot.height());
    }
    if (QLabel* notice = noticeLabel(view);
        notice && notice->isVisible() &&
        notice->heightForWidth(notice->width()) > notice->height() + 2)
        problems << QStringLiteral("%1: the notice needs %2 px and has %3")
                        .arg(where)
                        .arg(notice->heightForWidth(notice->width()))
                        .arg(notice->height());
    return problems;
}

void settle(MainWindow& window)
{
    waitForResult(window, 120000);
    QTest::qWait(50);
}

} // namespace

class TestPresentation : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QSettings().remove(QStringLiteral("presentation")); }

    void everyLabFitsAtProjectorAndFullHdSizes()
    {
        for (const QSize size : {QSize(1280, 720), QSize(1920, 1080)}) {
            MainWindow window;
            window.resize(size);
            window.show();
            window.presentation()->setOn(true, false);
            QStringList problems;
            for (const LabInfo& lab : LabRegistry::labs()) {
                window.openLab(lab.id);
                settle(window);
                problems << layoutProblems(
                    window.labArea()->currentLab(),
                    QStringLiteral("%1 at %2x%3").arg(lab.id).arg(size.width()).arg(size.height()));
            }
            QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
        }
    }

    void nothingIsCutAtTheDefaultSizeEither()
    {
        MainWindow window;
        window.resize(1280, 800);
        window.show();
        QStringList problems;
        for (const LabInfo& lab : LabRegistry::labs()) {
            window.openLab(lab.id);
            settle(window);
            problems << layoutProblems(window.labArea()->currentLab(),
                                       lab.id + QStringLiteral(" at 1280x800"));
        }
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
    }

    void enteringScalesAndLeavingRestores()
    {
        MainWindow window;
        window.resize(1280, 800);
        window.show();
        window.openLab(QStringLiteral("roc"));
        settle(window);
        LabView* view = window.labArea()->currentLab();
        QChart* chart = view->findChildren<QChartView*>().front()->chart();
        const double titleSize = chart->titleFont().pointSizeF();
        const double axisSize = chart->axes().front()->labelsFont().pointSizeF();
        const double noticeSize = noticeLabel(view)->font().pointSizeF();

        QTest::keyClick(&window, Qt::Key_F5);
        QVERIFY(window.presentation()->isOn());
        QVERIFY(window.browser()->isHidden());
        QVERIFY(window.menuBar()->isHidden());
        QCOMPARE(chart->titleFont().pointSizeF(), titleSize * 1.6);
        QCOMPARE(chart->axes().front()->labelsFont().pointSizeF(), axisSize * 1.6);
        QCOMPARE(noticeLabel(view)->font().pointSizeF(), noticeSize * 1.6);

        // A new result keeps the scale: its axes are new objects.
        view->setParameter(QStringLiteral("imbalance"), QStringLiteral("4"));
        view->refresh();
        settle(window);
        QCOMPARE(chart->axes().front()->labelsFont().pointSizeF(), axisSize * 1.6);

        QTest::keyClick(&window, Qt::Key_Escape);
        QVERIFY(!window.presentation()->isOn());
        QVERIFY(!window.browser()->isHidden());
        QVERIFY(!window.menuBar()->isHidden());
        QCOMPARE(chart->titleFont().pointSizeF(), titleSize);
        QCOMPARE(chart->axes().front()->labelsFont().pointSizeF(), axisSize);
        QCOMPARE(noticeLabel(view)->font().pointSizeF(), noticeSize);
    }

    void theSettingsTakeEffectAndHiddenControlsStayHidden()
    {
        MainWindow window;
        window.show();
        auto state = mllab::labs::defaultState(*mllab::labs::findLabSpec("roc"));
        QVERIFY(!mllab::labs::setHidden(*mllab::labs::findLabSpec("roc"), state, {"model"}));
        window.openLabState(state);
        settle(window);
        LabView* view = window.labArea()->currentLab();
        window.presentation()->setTextScale(2.0);
        window.presentation()->setHidesPanel(true);
        window.presentation()->setOn(true, false);
        QChart* chart = view->findChildren<QChartView*>().front()->chart();
        QVERIFY(chart->property("baseTitleFont").isValid());
        QCOMPARE(chart->titleFont().pointSizeF(),
                 chart->property("baseTitleFont").value<QFont>().pointSizeF() * 2.0);
        for (QWidget* w : view->findChildren<QWidget*>(QStringLiteral("param-source")))
            QVERIFY(!w->isVisible()); // the panel is hidden
        window.presentation()->setHidesPanel(false);
        for (QWidget* w : view->findChildren<QWidget*>(QStringLiteral("param-model")))
            QVERIFY(!w->isVisible()); // hidden by the link, still hidden
        for (QWidget* w : view->findChildren<QWidget*>(QStringLiteral("param-source")))
            QVERIFY(w->isVisible());
        window.presentation()->setOn(false);
        QSettings().remove(QStringLiteral("presentation"));
    }

    void thePointerHidesWhenIdle()
    {
        MainWindow window;
        window.show();
        window.presentation()->setOn(true, false);
        QTRY_VERIFY_WITH_TIMEOUT(QApplication::overrideCursor() &&
                                     QApplication::overrideCursor()->shape() == Qt::BlankCursor,
                                 5000);
        QTest::mouseMove(window.labArea(), QPoint(20, 20));
        QMouseEvent move(QEvent::MouseMove, QPointF(30, 30), QPointF(30, 30), Qt::NoButton,
                         Qt::NoButton, Qt::NoModifier);
        QApplication::sendEvent(window.labArea(), &move);
        QVERIFY(!QApplication::overrideCursor());
        window.presentation()->setOn(false);
        QVERIFY(!QApplication::overrideCursor());
    }
};

QTEST_MAIN(TestPresentation)
#include "tst_presentation.moc"
