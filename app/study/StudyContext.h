#pragma once
// What the study views share: the store, the loaded bank, the scheduler and the clock. The
// window owns them; views hold this by value and emit dataChanged() after they write.

#include <QDateTime>

#include <functional>

class QuestionBank;
class Scheduler;
class StudyStore;

struct StudyContext {
    StudyStore* store = nullptr;
    const QuestionBank* bank = nullptr;
    const Scheduler* scheduler = nullptr;
    std::function<qint64()> now = [] { return QDateTime::currentMSecsSinceEpoch(); };

    bool valid() const { return store && bank && scheduler; }
};
