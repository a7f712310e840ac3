#include "app/HeadlessExport.h"

#include "app/jobs/JobRunner.h"
#include "app/labs/LabArea.h"
#include "app/labs/LabExport.h"
#include "app/labs/LabView.h"
#include "app/window/MainWindow.h"

#include <QEventLoop>
#include <QTimer>

#include <cstdio>

void waitForResult(MainWindow& window, int timeoutMs)
{
    JobRunner* jobs = window.jobs();
    if (jobs->isBusy()) {
        QEventLoop loop;
        QObject::connect(jobs, &JobRunner::busyChanged, &loop, [&loop](bool busy) {
            if (!busy)
                loop.quit();
        });
        QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
        loop.exec();
    }
    // Item views lay out and scroll on timers, which one processEvents() call does not reach.
    QEventLoop settle;
    QTimer::singleShot(200, &settle, &QEventLoop::quit);
    settle.exec();
}

int exportStates(MainWindow& window, const std::vector<mllab::labs::LabState>& states,
                 const QString& folder, QSize size)
{
    window.resize(size);
    window.show();
    int failures = 0;
    for (std::size_t i = 0; i < states.size(); ++i) {
        const QString step = QStringLiteral("%1").arg(i + 1, 2, 10, QLatin1Char('0'));
        window.openLabState(states[i]);
        waitForResult(window, 300'000);
        LabView* lab = window.labArea()->currentLab();
        // The files are written even so (the picture shows the message), but the run fails.
        if (!lab->errorText().isEmpty()) {
            std::fprintf(stderr, "mllab: step %s: the %s lab shows an error: %s\n",
                         qPrintable(step), qPrintable(lab->labId()), qPrintable(lab->errorText()));
            ++failures;
        }
        QString error;
        exportLab(lab, folder, step + QLatin1Char('-') + lab->labId(), &error);
        if (!error.isEmpty()) {
            std::fprintf(stderr, "mllab: step %s: %s\n", qPrintable(step), qPrintable(error));
            ++failures;
        }
    }
    return failures == 0 ? 0 : 1;
}
