#pragma once
// What the study views share: the store, the loaded bank, the scheduler, the clock and the job
// runner. The window owns them; views hold this by value and emit dataChanged() after they write.

#include <QDateTime>

#include <functional>

class JobRunner;
class QuestionBank;
class Scheduler;
class StudyStore;

struct StudyContext {
    StudyStore* store = nullptr;
    const QuestionBank* bank = nullptr;
    const Scheduler* scheduler = nullptr;
    JobRunner* jobs = nullptr; ///< where work that reads every review runs (the window's runner)
    std::function<qint64()> now = [] { return QDateTime::currentMSecsSinceEpoch(); };

    bool valid() const { return store && bank && scheduler; }
};
