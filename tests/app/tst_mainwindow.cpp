// The main window builds offscreen, lists the registered labs, runs the demo lab through the job
// runner, and closes cleanly with a job in flight.
#include "app/jobs/DeviceCatalog.h"
#include "app/jobs/JobRunner.h"
#include "app/labs/LabArea.h"
#include "app/labs/LabRegistry.h"
#include "app/labs/LabView.h"
#include "app/labs/monte-carlo/MonteCarloView.h"
#include "app/window/AboutDialog.h"
#include "app/window/MainWindow.h"

#include <QComboBox>
#include <QLabel>
#include <QMenuBar>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>

class TestMainWindow : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void listsRegisteredLabs()
    {
        MainWindow window;
        auto* picker = window.labArea()->findChild<QComboBox*>();
        QVERIFY(picker);
        QCOMPARE(picker->count(), int(LabRegistry::labs().size()));
        for (const auto& lab : LabRegistry::labs())
            QVERIFY(picker->findData(lab.id) >= 0);
        QStringList menus;
        for (QAction* a : window.menuBar()->actions())
            menus << a->text().remove(QLatin1Char('&'));
        QCOMPARE(menus, (QStringList{QStringLiteral("File"), QStringLiteral("View"),
                                     QStringLiteral("Study"), QStringLiteral("Lesson"),
                                     QStringLiteral("Labs"), QStringLiteral("Help")}));
    }

    void registryIdsAreUniqueAndKnown()
    {
        QSet<QString> seen;
        for (const auto& lab : LabRegistry::labs()) {
            QVERIFY(!seen.contains(lab.id));
            seen.insert(lab.id);
            QVERIFY(LabRegistry::knownLabIds().contains(lab.id));
            QVERIFY(!lab.title.isEmpty());
        }
        QVERIFY(!LabRegistry::find(QStringLiteral("no-such-lab")));
    }

    void demoLabComputesThroughJobRunner()
    {
        MainWindow window;
        window.show();
        QVERIFY(window.openLab(QStringLiteral("monte-carlo")));
        auto* view = qobject_cast<MonteCarloView*>(window.labArea()->currentLab());
        QVERIFY(view);
        QTRY_VERIFY_WITH_TIMEOUT(!view->result().estimates.empty(), 20000);
        QVERIFY(view->noticeText().contains(QStringLiteral("1/√n")));

        QSignalSpy shown(view, &LabView::resultShown);
        QCOMPARE(view->setParameter(QStringLiteral("samples"), QStringLiteral("5000")), QString());
        view->refresh();
        QVERIFY(shown.wait(20000));
        QCOMPARE(view->result().samplesSoFar.back(), std::int64_t(5000));
        QCOMPARE(view->parameters().value(QStringLiteral("samples")), QStringLiteral("5000"));
    }

    void questionLinksWrapAndOpenTheQuestion()
    {
        // Long question titles wrap instead of widening the lab area (the question column keeps
        // its room at 1280 px), and a click still asks for the question by id.
        const auto widthWithTitles = [](const QString& suffix, QString* clicked) {
            JobRunner jobs;
            LabArea area(&jobs);
            area.setQuestionLinks(
                [](const QString&) {
                    return QStringList{QStringLiteral("regularization-l1-l2"),
                                       QStringLiteral("l1-geometry"),
                                       QStringLiteral("optimizers-adam-sgd")};
                },
                [suffix](const QString& id) { return id + suffix; });
            area.openLab(QStringLiteral("regularization"));
            QLabel* links = nullptr;
            for (QLabel* label : area.findChildren<QLabel*>())
                if (label->text().startsWith(QStringLiteral("Questions:")))
                    links = label;
            if (!links)
                return -1;
            if (clicked) {
                QSignalSpy spy(&area, &LabArea::questionRequested);
                Q_EMIT links->linkActivated(QStringLiteral("l1-geometry"));
                *clicked = spy.isEmpty() ? QString() : spy.front().front().toString();
            }
            return area.minimumSizeHint().width();
        };
        QString clicked;
        const int shortTitles = widthWithTitles(QString(), &clicked);
        QVERIFY(shortTitles > 0);
        QCOMPARE(clicked, QStringLiteral("l1-geometry"));
        const int longTitles = widthWithTitles(
            QStringLiteral(": a very long question title that goes on and on"), nullptr);
        QCOMPARE(longTitles, shortTitles);
    }

    void badParameterIsRejectedWithMessage()
    {
        MainWindow window;
        window.openLab(QStringLiteral("monte-carlo"));
        LabView* view = window.labArea()->currentLab();
        QVERIFY(view->setParameter(QStringLiteral("samples"), QStringLiteral("-3")).contains(QStringLiteral("samples")));
        QVERIFY(view->setParameter(QStringLiteral("colour"), QStringLiteral("red")).contains(QStringLiteral("unknown parameter")));
    }

    void exportWritesPngSvgAndCsv()
    {
        MainWindow window;
        window.show();
        window.openLab(QStringLiteral("monte-carlo"));
        auto* view = qobject_cast<MonteCarloView*>(window.labArea()->currentLab());
        QTRY_VERIFY_WITH_TIMEOUT(!view->result().estimates.empty(), 20000);
        QTemporaryDir dir;
        QString error;
        for (const char* name : {"lab.png", "lab.svg", "lab.csv"}) {
            const QString path = dir.filePath(QString::fromLatin1(name));
            QVERIFY2(view->exportTo(path, &error), qPrintable(error));
            QVERIFY(QFileInfo(path).size() > 100);
        }
        QVERIFY(!view->exportTo(dir.filePath(QStringLiteral("lab.bmp")), &error));
        QVERIFY(error.contains(QStringLiteral(".png")));
    }

    void closingWithJobInFlightIsClean()
    {
        auto* window = new MainWindow;
        window->show();
        window->openLab(QStringLiteral("monte-carlo"));
        LabView* view = window->labArea()->currentLab();
        view->setParameter(QStringLiteral("samples"), QStringLiteral("1000000000"));
        view->refresh();
        QVERIFY(window->jobs()->isBusy());
        window->close();
        QElapsedTimer timer;
        timer.start();
        delete window;
        QVERIFY(timer.elapsed() < 10000);
    }

    void devicesAreFoundByAJobAndShownWhenReady()
    {
        MainWindow window;
        DeviceCatalog& catalog = DeviceCatalog::instance();
        // The window asked the catalog at start; the answer arrives from a job.
        QVERIFY(catalog.isReady() || window.jobs()->isRunning(QStringLiteral("devices/discover")));
        QTRY_VERIFY_WITH_TIMEOUT(catalog.isReady(), 60'000);
        QCOMPARE(catalog.devices().front().id, std::string("cpu"));
        const QList<QLabel*> labels = window.statusBar()->findChildren<QLabel*>();
        QVERIFY(std::any_of(labels.begin(), labels.end(), [](const QLabel* label) {
            return label->text().startsWith(QStringLiteral("Device: cpu")) ||
                   label->text().startsWith(QStringLiteral("Device: cuda"));
        }));
        QVERIFY(AboutDialog::versionsHtml().contains(QStringLiteral("cpu (")));
    }

    void aboutNamesTheLibraries()
    {
        const QString html = AboutDialog::versionsHtml();
        for (const char* name : {"Qt", "libtorch", "Eigen", "BLAS"})
            QVERIFY2(html.contains(QLatin1String(name)), name);
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
