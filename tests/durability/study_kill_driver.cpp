// The victim of the kill -9 durability run (scripts/kill9_durability.py): drives review sessions
// through the real ReviewView with key presses, as a user would (type, reveal, grade), against
// the study database named on the command line, and prints "answered <question id> <time ms>"
// to stdout as soon as the view reports a grade saved. The script kills it at a random moment and
// then checks that every printed review is in the database and that the database passes
// PRAGMA integrity_check.
//
// Usage: study_kill_driver DB [--seed N] [--max-reviews N] [--print-unsaved]
// --print-unsaved also prints one review that was never saved, so the script's check can be
// shown to fail (tests/CMakeLists.txt).
// Exit codes: 0 after --max-reviews, 2 if the store cannot be opened (message on stderr).
#include "app/labs/LabRegistry.h"
#include "app/study/QuestionBank.h"
#include "app/study/ReviewView.h"
#include "app/study/Scheduler.h"
#include "app/study/StudyContext.h"
#include "app/study/StudyStore.h"

#include <QApplication>
#include <QRandomGenerator>
#include <QStringList>
#include <QTest>

#include <cstdio>

namespace {

constexpr qint64 kDayMs = 24 * 3600 * 1000LL;

int optionValue(const QStringList& args, const QString& name, int fallback)
{
    const int at = args.indexOf(name);
    return at >= 0 && at + 1 < args.size() ? args[at + 1].toInt() : fallback;
}

/// Answers the current card: a few typed characters, reveal, a random grade. True if saved.
bool answerOne(ReviewView& view, QRandomGenerator& random)
{
    const int before = view.reviewedCount();
    const QString id = view.currentId();
    QTest::keyClick(&view, Qt::Key_Space);
    QTest::keyClick(&view, Qt::Key(Qt::Key_1 + random.bounded(4)));
    if (view.reviewedCount() != before + 1)
        return false;
    std::printf("answered %s\n", qPrintable(id));
    std::fflush(stdout);
    return true;
}

} // namespace

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() < 2) {
        std::fprintf(stderr, "usage: study_kill_driver DB [--seed N] [--max-reviews N]\n");
        return 2;
    }
    StudyStore store;
    const StudyStore::OpenResult opened = store.open(args[1]);
    if (!opened.ok()) {
        std::fprintf(stderr, "%s\n", qPrintable(opened.message));
        return 2;
    }
    if (args.contains(QStringLiteral("--print-unsaved"))) {
        std::printf("answered never-saved\n");
        std::fflush(stdout);
    }
    QuestionBank bank;
    bank.load(QuestionBank::builtInFolder(), LabRegistry::knownLabIds());
    const auto scheduler = makeScheduler(QStringLiteral("fsrs"));
    QRandomGenerator random(quint32(optionValue(args, QStringLiteral("--seed"), 1)));
    const int maxReviews = optionValue(args, QStringLiteral("--max-reviews"), 1 << 30);

    // Each session happens a few days after the last, so earlier cards come due again.
    qint64 clock = QDateTime::currentMSecsSinceEpoch() + store.reviewCount() * kDayMs;
    StudyContext context{&store, &bank, scheduler.get(), nullptr, [&clock] { return clock; }};
    ReviewView view;
    view.setContext(context);
    view.setNewPerDay(int(bank.questions().size()));
    view.show();
    int answered = 0;
    while (answered < maxReviews) {
        clock += 3 * kDayMs;
        view.start();
        if (view.queue().isEmpty())
            continue;
        while (!view.currentId().isEmpty() && answered < maxReviews) {
            if (!answerOne(view, random)) {
                std::fprintf(stderr, "not saved: %s\n", qPrintable(store.lastError()));
                return 1;
            }
            ++answered;
        }
    }
    return 0;
}
