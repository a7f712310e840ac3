// The study store on a 200k-review database: what every call the UI makes costs (printed, not
// asserted), and how long the UI thread stalls while the window opens that database, shows the
// dashboard, enters review mode, answers 200 reviews and saves notes (stallprobe::report). The
// assertions check that the work was done and is right.
#include "app/jobs/JobRunner.h"
#include "app/labs/LabRegistry.h"
#include "app/study/DashboardView.h"
#include "app/study/ReviewView.h"
#include "app/study/StudyPanel.h"
#include "app/window/MainWindow.h"
#include "engine/gpu/device.h"
#include "tests/support/bigstudy.h"
#include "tests/support/stallprobe.h"

#include <QElapsedTimer>
#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTextCursor>
#include <QTimer>
#include <QTreeWidget>

#include <algorithm>
#include <vector>

namespace {

constexpr int kReviews = 200'000;

/// Median wall time of `runs` calls of `call`, in milliseconds.
template <class F> double medianMs(F&& call, int runs = 5)
{
    std::vector<double> times;
    for (int i = 0; i < runs; ++i) {
        QElapsedTimer clock;
        clock.start();
        call();
        times.push_back(clock.nsecsElapsed() / 1e6);
    }
    std::sort(times.begin(), times.end());
    return times[times.size() / 2];
}

/// Median time of opening `path` read-write five times; closing (which checkpoints the WAL) is
/// done before the clock starts, as at start-up.
double medianOpenMs(StudyStore& store, const QString& path, StudyStore::Check check)
{
    std::vector<double> times;
    for (int i = 0; i < 5; ++i) {
        store.close();
        QElapsedTimer clock;
        clock.start();
        if (!store.open(path, StudyStore::Access::ReadWrite, check).ok())
            return -1;
        times.push_back(clock.nsecsElapsed() / 1e6);
    }
    std::sort(times.begin(), times.end());
    return times[2];
}

void printTiming(const char* call, double ms)
{
    qInfo("study timing: %-48s %9.3f ms", call, ms);
}

/// Runs `step` from the event loop every few ms until it returns false, so that a stall probe
/// sees the loop between steps as a user's clicks would leave it.
void driveFromEventLoop(const std::function<bool()>& step)
{
    QTimer timer;
    bool done = false;
    QObject::connect(&timer, &QTimer::timeout, [&] {
        if (!done && !step())
            done = true;
    });
    timer.start(5);
    QTRY_VERIFY_WITH_TIMEOUT(done, 120'000);
}

} // namespace

class TestStudyStall : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_dir.isValid());
        m_path = m_dir.filePath(QStringLiteral("study.sqlite"));
        QVERIFY(m_bank.load(QuestionBank::builtInFolder(), LabRegistry::knownLabIds()));
        QElapsedTimer clock;
        clock.start();
        QString error;
        QVERIFY2(
            bigstudy::create(m_path, m_bank, kReviews, QDateTime::currentMSecsSinceEpoch(), &error),
            qPrintable(error));
        qInfo("study timing: made the %d-review database in %.1f s", kReviews,
              clock.elapsed() / 1000.0);
    }

    void timesEveryStoreCallTheUiMakes()
    {
        QElapsedTimer first;
        first.start();
        QVERIFY(!mllab::listDevices().empty());
        printTiming("listDevices(), first call (device job)", first.nsecsElapsed() / 1e6);
        StudyStore store;
        printTiming("open (read-write, with the integrity check)",
                    medianOpenMs(store, m_path, StudyStore::Check::Full));
        printTiming("open (read-write, check deferred: the window's)",
                    medianOpenMs(store, m_path, StudyStore::Check::Deferred));
        QVERIFY(store.isOpen());
        {
            QTemporaryDir empty;
            StudyStore fresh;
            const QString emptyPath = empty.filePath(QStringLiteral("empty.sqlite"));
            QVERIFY(fresh.open(emptyPath).ok());
            printTiming("open (check deferred) of an empty database, for scale",
                        medianOpenMs(fresh, emptyPath, StudyStore::Check::Deferred));
        }
        printTiming("verify() (the integrity check's job)",
                    medianMs([&] { QVERIFY(StudyStore::verify(m_path).ok()); }, 3));
        QCOMPARE(store.reviewCount(), kReviews);
        const QString id = m_bank.questions().first().id;
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        printTiming("cards()", medianMs([&] { QCOMPARE(store.cards().size(), 72); }));
        printTiming("card(id)", medianMs([&] { QVERIFY(!store.card(id).isNew()); }));
        printTiming("reviewCount()", medianMs([&] { store.reviewCount(); }));
        printTiming("newCardsSince(today)",
                    medianMs([&] { QCOMPARE(store.newCardsSince(startOfLocalDay(now)), 0); }));
        printTiming("note(id)", medianMs([&] { QVERIFY(!store.note(id).isEmpty()); }));
        printTiming("bookmarks()", medianMs([&] { QVERIFY(!store.bookmarks().isEmpty()); }));
        printTiming("isBookmarked(id)", medianMs([&] { store.isBookmarked(id); }));
        printTiming("labPresets(lab)",
                    medianMs([&] { store.labPresets(QStringLiteral("sampling")); }));
        printTiming("latestReviews(id, 100) (the history tab)",
                    medianMs([&] { QCOMPARE(store.latestReviews(id, 100).size(), 100); }));
        printTiming("reviewCount(id)", medianMs([&] { QVERIFY(store.reviewCount(id) > 2000); }));
        printTiming("reviews(id) (all of one question's, worker only)",
                    medianMs([&] { QVERIFY(store.reviews(id).size() > 2000); }));
        printTiming("reviewLog() (all reviews, dashboard job)",
                    medianMs([&] { QCOMPARE(store.reviewLog().size(), kReviews); }, 3));
        const QHash<QString, CardMemory> cards = store.cards();
        const QList<ReviewRecord> log = store.reviewLog();
        const FsrsScheduler fsrs;
        printTiming("computeDashboard (dashboard job)",
                    medianMs(
                        [&] {
                            const DashboardStats s = computeDashboard(
                                m_bank, cards, log, fsrs, QDateTime::fromMSecsSinceEpoch(now));
                            QCOMPARE(s.totalReviews, kReviews);
                        },
                        3));
        printTiming("snapshot() (export job)",
                    medianMs([&] { QCOMPARE(store.snapshot().reviews.size(), kReviews); }, 1));
        qint64 at = now;
        printTiming("recordReview (one answered review)",
                    medianMs(
                        [&] {
                            ReviewRecord r;
                            r.questionId = id;
                            ++at;
                            r.reviewedAtMs = at;
                            r.grade = Grade::Good;
                            QVERIFY(
                                store.recordReview(r, fsrs.review(store.card(id), r.grade, at)));
                        },
                        21));
        printTiming("setNote",
                    medianMs(
                        [&] {
                            ++at;
                            QVERIFY(store.setNote(id, QStringLiteral("note %1").arg(at), at));
                        },
                        21));
        printTiming("setBookmarked", medianMs(
                                         [&] {
                                             ++at;
                                             QVERIFY(store.setBookmarked(id, at % 2 == 0, at));
                                         },
                                         21));
        printTiming("startSession + finishSession",
                    medianMs(
                        [&] {
                            const qint64 session =
                                store.startSession(QStringLiteral("review"), ++at);
                            QVERIFY(session > 0);
                            QVERIFY(store.finishSession(session, QStringLiteral("{}"), ++at));
                        },
                        11));
        store.close();
        StudyStore reader;
        printTiming("open (read-only, in a job)", medianMs([&] {
                        QVERIFY(reader.open(m_path, StudyStore::Access::ReadOnly).ok());
                    }));
    }

    void startUpAndDashboardDoNotStall()
    {
        {
            // What the probe shows with nothing to do: this machine's scheduling noise.
            stallprobe::StallProbe idle;
            idle.start();
            QTest::qWait(1000);
            idle.stop();
            printTiming("stall probe, idle event loop for 1 s (noise floor)", idle.worstMs());
        }
        QElapsedTimer clock;
        clock.start();
        MainWindow window;
        window.loadContent();
        window.resize(1280, 800);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        printTiming("main window built and shown (no study data yet)", clock.nsecsElapsed() / 1e6);
        // The window's own start-up jobs (device discovery, search by meaning) end first, so that
        // what follows measures the study data alone.
        QTRY_VERIFY_WITH_TIMEOUT(!window.jobs()->isBusy(), 60'000);
        {
            stallprobe::StallProbe idle;
            idle.start();
            QTest::qWait(500);
            idle.stop();
            printTiming("stall probe, idle window for 0.5 s (noise floor)", idle.worstMs());
        }

        stallprobe::StallProbe probe;
        probe.start();
        QElapsedTimer opening;
        opening.start();
        QVERIFY(window.openStudyData(m_path, false));
        printTiming("openStudyData in the window (UI thread)", opening.nsecsElapsed() / 1e6);
        QSignalSpy verified(window.jobs(), &JobRunner::finished);
        QVERIFY(verified.wait(60'000)); // the integrity check's job; the loop runs meanwhile
        probe.stop();
        stallprobe::report(QStringLiteral("study: open a 200k-review database in the window"),
                           probe);

        DashboardView* dashboard = window.dashboard();
        QSignalSpy refreshed(dashboard, &DashboardView::refreshed);
        probe.start();
        window.setMode(MainWindow::Mode::Dashboard);
        QVERIFY(refreshed.wait(60'000));
        probe.stop();
        stallprobe::report(QStringLiteral("study: progress dashboard over 200k reviews"), probe);
        QVERIFY(dashboard->stats().totalReviews >= kReviews);
        QCOMPARE(dashboard->stats().cardsSeen, 72);
    }

    void answeringReviewsDoesNotStall()
    {
        MainWindow window;
        openOnStudyData(window);
        if (QTest::currentTestFailed())
            return;
        StudyStore& store = *window.studyStore();
        ReviewView* review = window.reviewView();
        review->setNewPerDay(0);
        // Ten questions failed an hour ago are due again now.
        const FsrsScheduler fsrs;
        const qint64 hourAgo = QDateTime::currentMSecsSinceEpoch() - 3'600'000;
        for (int i = 0; i < 10; ++i) {
            ReviewRecord failed;
            failed.questionId = window.bank().questions()[i + 1].id;
            failed.reviewedAtMs = hourAgo;
            failed.grade = Grade::Again;
            QVERIFY(store.recordReview(
                failed, fsrs.review(store.card(failed.questionId), Grade::Again, hourAgo)));
        }
        const int before = store.reviewCount();

        stallprobe::StallProbe probe;
        probe.start();
        window.setMode(MainWindow::Mode::Review);
        QTest::qWait(300); // the review page and the lab beside it lay out and paint
        probe.stop();
        stallprobe::report(QStringLiteral("study: enter review mode on 200k reviews"), probe);
        QVERIFY(!review->currentId().isEmpty());

        probe.start();
        int answered = 0;
        driveFromEventLoop([&] {
            if (review->currentId().isEmpty())
                return false; // nothing left to answer: the count below fails
            QTest::keyClick(review, Qt::Key_Space);
            // Again keeps each question in the session, so 200 answers never run out.
            QTest::keyClick(review, Qt::Key_1);
            return ++answered < 200;
        });
        window.setMode(MainWindow::Mode::Browse); // ends the session: one more write
        probe.stop();
        stallprobe::report(QStringLiteral("study: answer 200 reviews on 200k reviews"), probe);
        QCOMPARE(review->reviewedCount(), 200);
        QCOMPARE(store.reviewCount(), before + 200);
    }

    void writingNotesDoesNotStall()
    {
        MainWindow window;
        openOnStudyData(window);
        if (QTest::currentTestFailed())
            return;
        const QString id = window.bank().questions().first().id;
        QVERIFY(window.openQuestion(id));
        StudyPanel* panel = window.studyPanel();
        // The history lists the newest reviews; its tab counts them all.
        QCOMPARE(panel->history()->topLevelItemCount(), 100);
        QVERIFY(panel->summaryText().contains(
            QStringLiteral("Reviewed %1 time").arg(window.studyStore()->reviewCount(id))));

        stallprobe::StallProbe probe;
        probe.start();
        int step = 0;
        // Type a few words, then save as the panel's timer does when typing stops; 100 times.
        driveFromEventLoop([&] {
            panel->notesEdit()->moveCursor(QTextCursor::End);
            QTest::keyClicks(panel->notesEdit(), QStringLiteral(" typed %1").arg(++step));
            panel->saveNotes();
            return step < 100;
        });
        probe.stop();
        stallprobe::report(QStringLiteral("study: write notes 100 times on 200k reviews"), probe);
        QVERIFY(window.studyStore()->note(id).endsWith(QStringLiteral(" typed 100")));
    }

private:
    /// Shows the window on the 200k-review database, its start-up jobs (devices, search by
    /// meaning, the integrity check) done: the scenario's probe then sees the study work alone.
    void openOnStudyData(MainWindow& window)
    {
        window.loadContent();
        window.resize(1280, 800);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(window.openStudyData(m_path, false));
        QTRY_VERIFY_WITH_TIMEOUT(!window.jobs()->isBusy(), 60'000);
        QVERIFY(window.studyStore()->isOpen());
    }

    QTemporaryDir m_dir;
    QString m_path;
    QuestionBank m_bank;
};

QTEST_MAIN(TestStudyStall)
#include "tst_studystall.moc"
