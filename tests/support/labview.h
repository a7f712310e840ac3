#pragma once
// A lab opened as the window shows it, for app tests that go through every lab.
#include "app/jobs/JobRunner.h"
#include "app/labs/LabRegistry.h"
#include "app/labs/LabView.h"

#include <QSignalSpy>
#include <QTest>

#include <memory>

namespace labtest {

/// The lab `id`, computing on `jobs`, at the size its area has in a 1280x800 window, shown.
inline std::unique_ptr<LabView> openLab(const QString& id, JobRunner* jobs)
{
    std::unique_ptr<LabView> view(LabRegistry::find(id)->create(jobs, nullptr));
    view->resize(1280, 760);
    view->show();
    return view;
}

/// After refresh(): waits for the first result (`shown` spies on resultShown) or, for a lab that
/// computes only on a button (training), for the runner to be idle.
inline bool waitForFirstResult(const JobRunner& jobs, const QSignalSpy& shown)
{
    QTest::qWait(300); // debounced computations start
    return QTest::qWaitFor([&] { return shown.count() > 0 || !jobs.isBusy(); }, 60000);
}

} // namespace labtest
