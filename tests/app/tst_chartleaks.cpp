// Redrawing a lab leaves no chart objects behind. Qt Charts hands a removed axis back to the
// caller and never owns the lines of an area series, so a redraw that forgets either leaks a few
// objects on every slider move (found by the ASan run, docs/reliability.md "Sanitizers"). Every
// lab computes once, then redraws three more times; the live axes, series and bar sets, counted
// through Qt's object hooks, must be as many as after the first drawing, and as many as before
// the lab once it is closed.
#include "app/charts/ChartKit.h"
#include "app/jobs/JobRunner.h"
#include "app/labs/LabView.h"
#include "engine/labs/registry.h"
#include "tests/support/labview.h"

#include <QAbstractAxis>
#include <QAbstractSeries>
#include <QApplication>
#include <QAreaSeries>
#include <QBarSet>
#include <QChart>
#include <QLineSeries>
#include <QPointer>
#include <QSignalSpy>
#include <QTest>
#include <QValueAxis>

#include <memory>
#include <mutex>
#include <unordered_set>

// Qt's object hooks (private qhooks_p.h, the table object inspectors use): slot 2 holds the Qt
// version, slots 3 and 4 callbacks run as every QObject is constructed and destroyed.
extern quintptr qtHookData[];

namespace {

enum HookSlot { kQtVersion = 2, kAddObject = 3, kRemoveObject = 4 };
using ObjectHook = void (*)(QObject*);

std::mutex liveMutex;
std::unordered_set<QObject*> live;

void added(QObject* object)
{
    const std::lock_guard<std::mutex> lock(liveMutex);
    live.insert(object);
}

void removed(QObject* object)
{
    const std::lock_guard<std::mutex> lock(liveMutex);
    live.erase(object);
}

/// Live axes, series and bar sets; only while no job runs, so no object is half-built.
int liveChartObjects()
{
    QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
    const std::lock_guard<std::mutex> lock(liveMutex);
    int count = 0;
    for (QObject* object : live)
        if (qobject_cast<QAbstractAxis*>(object) || qobject_cast<QAbstractSeries*>(object) ||
            qobject_cast<QBarSet*>(object))
            ++count;
    return count;
}

} // namespace

class TestChartLeaks : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QCOMPARE(qtHookData[kQtVersion], quintptr(QT_VERSION));
        QVERIFY2(!qtHookData[kAddObject] && !qtHookData[kRemoveObject], "hooks already taken");
        qtHookData[kAddObject] = reinterpret_cast<quintptr>(static_cast<ObjectHook>(added));
        qtHookData[kRemoveObject] = reinterpret_cast<quintptr>(static_cast<ObjectHook>(removed));
    }

    void cleanupTestCase()
    {
        qtHookData[kAddObject] = 0;
        qtHookData[kRemoveObject] = 0;
    }

    void theCountingSeesALeak()
    {
        // The hooks count what they should: an axis removed and not deleted stays alive.
        QChart chart;
        const int before = liveChartObjects();
        auto* axis = new QValueAxis;
        chart.addAxis(axis, Qt::AlignLeft);
        chart.removeAxis(axis);
        QCOMPARE(liveChartObjects(), before + 1);
        delete axis;
        QCOMPARE(liveChartObjects(), before);
    }

    void clearChartDeletesAxesAndAreaLines()
    {
        QChart chart;
        auto* x = charts::makeAxis(QStringLiteral("x"), 0, 1);
        auto* y = charts::makeAxis(QStringLiteral("y"), 0, 1);
        auto* upper = charts::line({}, {{0, 1}, {1, 1}}, Qt::black);
        auto* lower = charts::line({}, {{0, 0}, {1, 0}}, Qt::black);
        QPointer<QObject> watched[] = {x, y, upper, lower};
        charts::attach(&chart, charts::area(upper, lower), x, y);
        charts::clearChart(&chart);
        for (const auto& object : watched)
            QVERIFY(object.isNull());
    }

    void redrawingALabLeavesNoChartObjects_data()
    {
        QTest::addColumn<QString>("lab");
        for (const auto* spec : mllab::labs::allLabSpecs())
            QTest::newRow(spec->id.c_str()) << QString::fromStdString(spec->id);
    }

    void redrawingALabLeavesNoChartObjects()
    {
        QFETCH(QString, lab);
        const int before = liveChartObjects();
        JobRunner jobs;
        std::unique_ptr<LabView> view = labtest::openLab(lab, &jobs);
        QSignalSpy shown(view.get(), &LabView::resultShown);
        view->refresh();
        QVERIFY(labtest::waitForFirstResult(jobs, shown));
        QVERIFY(QTest::qWaitFor([&] { return !jobs.isBusy(); }, 60000));
        QCOMPARE(view->errorText(), QString());
        const int drawn = liveChartObjects();
        if (shown.count() > 0) // lm-training draws nothing before its Train button
            for (int redraw = 0; redraw < 3; ++redraw) {
                const int results = int(shown.count());
                view->refresh();
                QVERIFY2(QTest::qWaitFor([&] { return shown.count() > results; }, 60000),
                         "the lab did not draw again");
                QVERIFY(QTest::qWaitFor([&] { return !jobs.isBusy(); }, 60000));
            }
        QCOMPARE(liveChartObjects(), drawn);
        view.reset(); // and closing the lab frees what it drew
        QCOMPARE(liveChartObjects(), before);
    }
};

QTEST_MAIN(TestChartLeaks)
#include "tst_chartleaks.moc"
