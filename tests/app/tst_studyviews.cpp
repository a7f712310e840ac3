// Study mode driven offscreen with keyboard events: a review (type, reveal, deep dive, grade,
// show me), a mock interview (answer, follow-up, rubric, summary), the dashboard against the
// stored reviews, bookmarks, notes, history and the browser's study filters.
//
// With MLLAB_SCREENSHOT_DIR set, the tests also save screenshots of each mode there.
#include "app/labs/LabArea.h"
#include "app/labs/LabRegistry.h"
#include "app/labs/LabView.h"
#include "app/study/DashboardView.h"
#include "app/study/MockInterviewView.h"
#include "app/study/QuestionBrowser.h"
#include "app/study/ReviewView.h"
#include "app/study/StudyPanel.h"
#include "app/study/StudySample.h"
#include "app/study/StudyStore.h"
#include "app/window/MainWindow.h"
#include "tests/support/bigstudy.h"

#include <QAbstractButton>
#include <QApplication>
#include <QBarSet>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBrowser>
#include <QTimer>
#include <QTreeWidget>

namespace {

void saveShot(QWidget& window, const QString& name, QSize size = {1280, 800})
{
    const QString dir = qEnvironmentVariable("MLLAB_SCREENSHOT_DIR");
    if (dir.isEmpty())
        return;
    window.resize(size);
    QTest::qWait(50); // let the new size lay out
    window.grab().save(dir + QLatin1Char('/') + name + QStringLiteral(".png"));
}

/// Answers the message boxes that appear, in order, by clicking the button whose text contains
/// each of `choices` (mnemonic '&' ignored); records the texts the boxes showed.
class BoxAnswerer : public QObject {
public:
    explicit BoxAnswerer(QStringList choices) : m_choices(std::move(choices))
    {
        connect(&m_timer, &QTimer::timeout, this, &BoxAnswerer::poll);
        m_timer.start(20);
    }
    QStringList texts;
    QStringList offered; ///< buttons of the first box

private:
    void poll()
    {
        auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget());
        if (!box || m_choices.isEmpty())
            return;
        texts << box->text();
        const QString dir = qEnvironmentVariable("MLLAB_SCREENSHOT_DIR");
        if (!dir.isEmpty())
            box->grab().save(QStringLiteral("%1/dialog-%2.png").arg(dir).arg(++s_shots));
        const QString wanted = m_choices.takeFirst();
        for (QAbstractButton* button : box->buttons()) {
            const QString label = button->text().remove(QLatin1Char('&'));
            if (offered.size() < box->buttons().size() && texts.size() == 1)
                offered << label;
            if (label.contains(wanted)) {
                button->click();
                return;
            }
        }
        box->reject();
    }
    static inline int s_shots = 0;
    QStringList m_choices;
    QTimer m_timer;
};

struct StudyWindow {
    QTemporaryDir dir;
    MainWindow window;
    QString path;

    StudyWindow()
    {
        path = dir.filePath(QStringLiteral("study.sqlite"));
        window.loadContent();
        window.openStudyData(path, false);
        window.resize(1280, 800);
        window.show();
    }
    StudyStore& store() { return *window.studyStore(); }
};

} // namespace

class TestStudyViews : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void reviewWithTheKeyboardAlone()
    {
        StudyWindow w;
        QVERIFY(QTest::qWaitForWindowExposed(&w.window));
        QVERIFY(w.store().isWritable());
        w.window.reviewView()->setNewPerDay(10);
        QTest::keyClick(&w.window, Qt::Key_R, Qt::ControlModifier);
        QCOMPARE(w.window.mode(), MainWindow::Mode::Review);
        ReviewView* review = w.window.reviewView();
        QTRY_VERIFY(review->hasFocus());
        QCOMPARE(review->queue().size(), 10); // new questions only, the default daily limit
        const QString first = review->currentId();
        QCOMPARE(first, w.window.bank().questions().first().id);

        QTest::keyClick(review, Qt::Key_3); // grading before the reveal does nothing
        QCOMPARE(review->reviewedCount(), 0);
        QTest::keyClick(review, Qt::Key_Tab);
        QTRY_VERIFY(review->answerEdit()->hasFocus());
        QTest::keyClicks(review->answerEdit(), QStringLiteral("few shot gives examples"));
        QVERIFY(!review->isRevealed()); // the spaces were typed, not a reveal
        QTest::keyClick(review->answerEdit(), Qt::Key_Return, Qt::ControlModifier);
        QVERIFY(review->isRevealed());
        QTRY_VERIFY(review->hasFocus());
        const Question* q = w.window.bank().find(first);
        QVERIFY(review->answerText()->toPlainText().contains(q->shortAnswer.left(30).trimmed()));
        QTest::keyClick(review, Qt::Key_D);
        QVERIFY(review->isDeepDiveShown());
        QVERIFY(review->answerText()->toPlainText().contains(QStringLiteral("Deep dive")));
        saveShot(w.window, QStringLiteral("review"));
        saveShot(w.window, QStringLiteral("review-1920"), {1920, 1080});
        QTest::keyClick(review, Qt::Key_3);

        QCOMPARE(review->reviewedCount(), 1);
        const QList<ReviewRecord> stored = w.store().reviews(first);
        QCOMPARE(stored.size(), 1);
        QCOMPARE(stored[0].grade, Grade::Good);
        QCOMPARE(stored[0].answer, QStringLiteral("few shot gives examples"));
        QCOMPARE(stored[0].source, QStringLiteral("review"));
        const CardMemory card = w.store().card(first);
        QCOMPARE(card.dueMs - card.lastReviewMs, 4 * kMsPerDay); // FSRS: Good on a new card

        // Second question: Space reveals, 1 (Again) brings it back at the end of the session.
        const QString second = review->currentId();
        QVERIFY(second != first);
        QTest::keyClick(review, Qt::Key_Space);
        QVERIFY(review->isRevealed());
        QTest::keyClick(review, Qt::Key_1);
        QCOMPARE(review->queue().last(), second);
        QCOMPARE(w.store().card(second).state, CardState::Learning);

        // "Show me" opens the current question's lab beside the review.
        while (!review->currentId().isEmpty()) {
            const Question* current = w.window.bank().find(review->currentId());
            const auto lab = std::find_if(current->labs.begin(), current->labs.end(),
                                          [](const QString& id) { return LabRegistry::find(id); });
            if (lab != current->labs.end()) {
                QTest::keyClick(review, Qt::Key_L);
                QCOMPARE(w.window.labArea()->currentLabId(), *lab);
                break;
            }
            QTest::keyClick(review, Qt::Key_Space);
            QTest::keyClick(review, Qt::Key_4);
        }
        // Finish the session with the keyboard; everything answered is stored.
        int guard = 0;
        while (!review->currentId().isEmpty() && ++guard < 40) {
            QTest::keyClick(review, Qt::Key_Space);
            QTest::keyClick(review, Qt::Key_3);
        }
        QVERIFY(review->currentId().isEmpty());
        QCOMPARE(w.store().reviewCount(), review->reviewedCount());
        QTest::keyClick(review, Qt::Key_Escape);
        QCOMPARE(w.window.mode(), MainWindow::Mode::Browse);
        const QList<SessionRecord> sessions = w.store().sessions();
        QCOMPARE(sessions.size(), 1);
        QVERIFY(sessions[0].endedAtMs > 0);
        QCOMPARE(QJsonDocument::fromJson(sessions[0].summary.toUtf8())
                     .object()
                     .value(QStringLiteral("reviewed"))
                     .toInt(),
                 review->reviewedCount());
    }

    void mockInterviewWithTheKeyboardAlone()
    {
        StudyWindow w;
        QVERIFY(QTest::qWaitForWindowExposed(&w.window));
        QTest::keyClick(&w.window, Qt::Key_M, Qt::ControlModifier);
        QCOMPARE(w.window.mode(), MainWindow::Mode::Mock);
        MockInterviewView* mock = w.window.mockView();
        mock->configure(2, MockPick::Section, QStringLiteral("Machine Learning Fundamentals"), 3);
        mock->setSeed(7);
        QTRY_VERIFY(mock->hasFocus());
        QTest::keyClick(mock, Qt::Key_Return);
        QCOMPARE(mock->stage(), MockInterviewView::Stage::Asking);
        QCOMPARE(mock->questions().size(), 2);
        for (const MockQuestion& mq : mock->questions()) {
            QCOMPARE(w.window.bank().find(mq.questionId)->section,
                     QStringLiteral("Machine Learning Fundamentals"));
            QVERIFY(mq.followUp >= 0);
        }
        QTRY_VERIFY(mock->answerEdit()->hasFocus());
        QVERIFY(mock->timerText().endsWith(QStringLiteral("/ 03:00")));
        QTest::keyClicks(mock->answerEdit(), QStringLiteral("main answer one"));
        QTest::keyClick(mock->answerEdit(), Qt::Key_Return, Qt::ControlModifier);
        QVERIFY(mock->askingFollowUp());
        QTest::keyClicks(mock->answerEdit(), QStringLiteral("follow-up answer one"));
        saveShot(w.window, QStringLiteral("mock-interview"));
        saveShot(w.window, QStringLiteral("mock-interview-1920"), {1920, 1080});
        QTest::keyClick(mock->answerEdit(), Qt::Key_Return, Qt::ControlModifier);
        QCOMPARE(mock->position(), 1);
        QVERIFY(!mock->askingFollowUp());
        // Answers are committed as each step is taken, before any assessment.
        const QList<MockItemRecord> saved = w.store().mockItems(mock->sessionId());
        QCOMPARE(saved.size(), 1);
        QCOMPARE(saved[0].answer, QStringLiteral("main answer one"));
        QCOMPARE(saved[0].followUpAnswer, QStringLiteral("follow-up answer one"));
        QCOMPARE(saved[0].rubric, -1);
        QTest::keyClick(mock->answerEdit(), Qt::Key_Return, Qt::ControlModifier);
        QTest::keyClick(mock->answerEdit(), Qt::Key_Return, Qt::ControlModifier);
        QCOMPARE(mock->stage(), MockInterviewView::Stage::Assessing);
        QTRY_VERIFY(mock->hasFocus());

        QTest::keyClick(mock, Qt::Key_1);
        QTest::keyClick(mock, Qt::Key_2);
        saveShot(w.window, QStringLiteral("mock-assessment"));
        QTest::keyClick(mock, Qt::Key_Return);
        QCOMPARE(mock->rubricOf(0), RubricKeyIdea | RubricConcrete);
        for (Qt::Key key : {Qt::Key_1, Qt::Key_2, Qt::Key_3, Qt::Key_4, Qt::Key_Return})
            QTest::keyClick(mock, key);
        QCOMPARE(mock->stage(), MockInterviewView::Stage::Summary);
        QCOMPARE(mock->summaryTable()->rowCount(), 2);
        saveShot(w.window, QStringLiteral("mock-summary"));

        // The rubric fed the scheduler: 2 points -> Hard, 4 -> Easy.
        const QString a = mock->questions()[0].questionId;
        const QString b = mock->questions()[1].questionId;
        QCOMPARE(w.store().reviews(a).value(0).grade, Grade::Hard);
        QCOMPARE(w.store().reviews(b).value(0).grade, Grade::Easy);
        QCOMPARE(w.store().reviews(b).value(0).source, QStringLiteral("mock"));
        QCOMPARE(w.store().card(b).dueMs - w.store().card(b).lastReviewMs, 14 * kMsPerDay);
        QCOMPARE(w.store().mockItems(mock->sessionId()).value(1).rubric, 15);
        const SessionRecord session = w.store().sessions().value(0);
        QCOMPARE(session.kind, QStringLiteral("mock"));
        QCOMPARE(QJsonDocument::fromJson(session.summary.toUtf8())
                     .object()
                     .value(QStringLiteral("rubric_points"))
                     .toInt(),
                 6);
        QTest::keyClick(mock, Qt::Key_Escape);
        QCOMPARE(w.window.mode(), MainWindow::Mode::Browse);
    }

    void dashboardMatchesStoredReviews()
    {
        StudyWindow w;
        const QDateTime now = QDateTime::currentDateTime();
        QVERIFY(QTest::qWaitForWindowExposed(&w.window));
        QVERIFY(fillSampleHistory(w.store(), w.window.bank(), FsrsScheduler(),
                                  now.toMSecsSinceEpoch()));
        // Two reviews today on top of the sample (which ends yesterday).
        const QString id = w.window.bank().questions().first().id;
        for (Grade g : {Grade::Again, Grade::Good}) {
            const qint64 at = std::max(now.addSecs(-60).toMSecsSinceEpoch(),
                                       now.date().startOfDay().toMSecsSinceEpoch());
            const CardMemory after = FsrsScheduler().review(w.store().card(id), g, at);
            ReviewRecord r;
            r.questionId = id;
            r.reviewedAtMs = at;
            r.grade = g;
            QVERIFY(w.store().recordReview(r, after));
        }
        DashboardView* dash = w.window.dashboard();
        QSignalSpy refreshed(dash, &DashboardView::refreshed);
        QTest::keyClick(&w.window, Qt::Key_P, Qt::ControlModifier);
        QCOMPARE(w.window.mode(), MainWindow::Mode::Dashboard);
        QVERIFY(refreshed.wait(30'000)); // computed in a job, off the UI thread

        // Count again, straight from the stored rows.
        const QList<ReviewRecord> reviews = w.store().reviews();
        QHash<QDate, int> perDay;
        int passed30 = 0, total30 = 0;
        for (const ReviewRecord& r : reviews) {
            const QDate day = QDateTime::fromMSecsSinceEpoch(r.reviewedAtMs).date();
            ++perDay[day];
            if (day.daysTo(now.date()) < 30) {
                ++total30;
                passed30 += r.grade == Grade::Again ? 0 : 1;
            }
        }
        QBarSet* bars = dash->reviewBars();
        QCOMPARE(bars->count(), 14);
        for (int i = 0; i < 14; ++i)
            QCOMPARE(int(bars->at(i)), perDay.value(now.date().addDays(i - 13)));
        QCOMPARE(dash->stats().reviewsToday, 2);
        QCOMPARE(dash->stats().totalReviews, int(reviews.size()));
        QCOMPARE(dash->stats().retention30, double(passed30) / total30);
        int streak = 0;
        for (QDate d = now.date(); perDay.contains(d); d = d.addDays(-1))
            ++streak;
        QCOMPARE(dash->stats().streakDays, streak);
        QVERIFY(dash->tilesText().contains(QStringLiteral(">%1<").arg(streak)));

        const QHash<QString, CardMemory> cards = w.store().cards();
        QList<int> forecast(14, 0);
        int seen = 0;
        for (const CardMemory& c : cards) {
            ++seen;
            const qint64 ahead = std::max<qint64>(
                0, now.date().daysTo(QDateTime::fromMSecsSinceEpoch(c.dueMs).date()));
            if (ahead < 14)
                ++forecast[int(ahead)];
        }
        for (int i = 0; i < 14; ++i)
            QCOMPARE(int(dash->forecastBars()->at(i)), forecast[i]);
        QCOMPARE(dash->stats().cardsSeen, seen);
        // Mastery bars run bottom-up; the top bar is the bank's first section.
        QBarSet* mastery = dash->masteryBars();
        QCOMPARE(mastery->count(), dash->stats().sections.size());
        QVERIFY(qAbs(mastery->at(mastery->count() - 1) -
                     dash->stats().sections.first().mastery * 100) < 0.051);
        saveShot(w.window, QStringLiteral("dashboard"));
        saveShot(w.window, QStringLiteral("dashboard-1920"), {1920, 1080});
    }

    void bookmarksNotesHistoryAndBrowserFilters()
    {
        StudyWindow w;
        QVERIFY(QTest::qWaitForWindowExposed(&w.window));
        QVERIFY(w.window.openQuestion(QStringLiteral("pca")));
        StudyPanel* panel = w.window.studyPanel();
        QCOMPARE(panel->questionId(), QStringLiteral("pca"));
        QTest::keyClick(&w.window, Qt::Key_D, Qt::ControlModifier);
        QVERIFY(w.store().isBookmarked(QStringLiteral("pca")));
        QVERIFY(panel->isBookmarked());

        auto* filter = w.window.browser()->findChild<QComboBox*>(QStringLiteral("studyFilter"));
        QVERIFY(filter);
        filter->setCurrentIndex(filter->findData(int(QuestionBrowser::StudyFilter::Bookmarked)));
        QCOMPARE(w.window.browser()->visibleIds(), QStringList{QStringLiteral("pca")});

        // Due: a question failed a day ago is due now; one just learned is not.
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        for (const auto& [id, grade, at] :
             {std::tuple{QStringLiteral("temperature"), Grade::Again, now - kMsPerDay},
              std::tuple{QStringLiteral("pca"), Grade::Good, now}}) {
            ReviewRecord r;
            r.questionId = id;
            r.grade = grade;
            r.reviewedAtMs = at;
            r.answer = QStringLiteral("my answer");
            QVERIFY(
                w.store().recordReview(r, FsrsScheduler().review(w.store().card(id), grade, at)));
        }
        Q_EMIT w.window.reviewView()->dataChanged();
        filter->setCurrentIndex(filter->findData(int(QuestionBrowser::StudyFilter::Due)));
        QCOMPARE(w.window.browser()->visibleIds(), QStringList{QStringLiteral("temperature")});
        filter->setCurrentIndex(0);
        QCOMPARE(w.window.browser()->visibleIds().size(), 72);

        QTest::keyClick(&w.window, Qt::Key_N, Qt::ControlModifier | Qt::ShiftModifier);
        QTRY_VERIFY(panel->notesEdit()->hasFocus());
        QTest::keyClicks(panel->notesEdit(), QStringLiteral("centre the data first"));
        QVERIFY(w.window.openQuestion(QStringLiteral("temperature"))); // switching saves
        QCOMPARE(w.store().note(QStringLiteral("pca")), QStringLiteral("centre the data first"));
        QCOMPARE(panel->history()->topLevelItemCount(), 1);
        QVERIFY(panel->history()->topLevelItem(0)->text(5).contains(QStringLiteral("my answer")));
        QVERIFY(panel->summaryText().contains(QStringLiteral("due now")));
        saveShot(w.window, QStringLiteral("browse-study-panel"));
        QVERIFY(w.window.openQuestion(QStringLiteral("pca")));
        QCOMPARE(panel->notesEdit()->toPlainText(), QStringLiteral("centre the data first"));
    }

    void importRunsOffTheUiThreadAndReplacesEverything()
    {
        StudyWindow w;
        StudyData data;
        ReviewRecord r;
        r.id = 41;
        r.questionId = QStringLiteral("pca");
        r.reviewedAtMs = QDateTime::currentMSecsSinceEpoch() - kMsPerDay;
        data.reviews.append(r);
        data.cards.append(
            {QStringLiteral("pca"), FsrsScheduler().review({}, Grade::Good, r.reviewedAtMs)});
        data.bookmarks.append({QStringLiteral("pca"), r.reviewedAtMs});
        ReviewRecord old;
        old.questionId = QStringLiteral("temperature");
        old.reviewedAtMs = r.reviewedAtMs;
        QVERIFY(
            w.store().recordReview(old, FsrsScheduler().review({}, Grade::Easy, old.reviewedAtMs)));
        QSignalSpy done(&w.window, &MainWindow::studyImported);
        w.window.applyImport(data);
        QVERIFY(done.wait(20000));
        QCOMPARE(done.first().first().toBool(), true);
        QCOMPARE(w.store().reviewCount(), 1);
        QCOMPARE(w.store().reviews().first().id, qint64(41));
        QVERIFY(w.store().card(QStringLiteral("temperature")).isNew());
        QVERIFY(w.store().isBookmarked(QStringLiteral("pca")));
    }

    void labPresetsRoundTrip()
    {
        StudyWindow w;
        QVERIFY(w.window.openLab(QStringLiteral("monte-carlo")));
        LabView* lab = w.window.labArea()->currentLab();
        QCOMPARE(lab->setParameter(QStringLiteral("samples"), QStringLiteral("5000")), QString());
        QString error;
        QVERIFY2(w.window.saveLabPreset(QStringLiteral("quick"), &error), qPrintable(error));
        QCOMPARE(lab->setParameter(QStringLiteral("samples"), QStringLiteral("1000000")),
                 QString());
        QVERIFY2(w.window.applyLabPreset(QStringLiteral("quick"), &error), qPrintable(error));
        QCOMPARE(lab->parameters().value(QStringLiteral("samples")), QStringLiteral("5000"));
        QVERIFY(!w.window.applyLabPreset(QStringLiteral("nope"), &error));
        QVERIFY(error.contains(QStringLiteral("nope")));
        QCOMPARE(w.store().labPresets(QStringLiteral("monte-carlo")).size(), 1);
    }

    void corruptDatabaseOffersBackUpAndStartFresh()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("study.sqlite"));
        QFile garbage(path);
        QVERIFY(garbage.open(QIODevice::WriteOnly));
        garbage.write(QByteArray(4096, 'x'));
        garbage.close();
        MainWindow window;
        window.loadContent();
        BoxAnswerer answers({QStringLiteral("Back up and start fresh"), QStringLiteral("OK")});
        QVERIFY(window.openStudyData(path, true));
        QVERIFY(window.studyStore()->isWritable());
        QVERIFY2(answers.texts.value(0).contains(QStringLiteral("damaged")),
                 qPrintable(answers.texts.join(QLatin1Char('|'))));
        QVERIFY(answers.offered.contains(QStringLiteral("Retry")));
        QVERIFY(!answers.offered.contains(
            QStringLiteral("Open read-only"))); // nothing readable to open
        const QStringList backups =
            QDir(dir.path()).entryList({QStringLiteral("study.sqlite.backup-*")});
        QCOMPARE(backups.size(), 1);
        QCOMPARE(QFileInfo(dir.filePath(backups[0])).size(), qint64(4096));
    }

    void damageFoundAfterOpeningOffersTheSameChoices()
    {
        // The schema reads, so the window opens at once; the integrity check's job then finds
        // the damaged pages, closes the data and asks as a failed open does.
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("study.sqlite"));
        QString error;
        QVERIFY2(bigstudy::createWithDamagedPages(path, &error), qPrintable(error));
        const qint64 size = QFileInfo(path).size();
        MainWindow window;
        window.loadContent();
        BoxAnswerer answers({QStringLiteral("Back up and start fresh"), QStringLiteral("OK")});
        QVERIFY(window.openStudyData(path, true));
        QTRY_VERIFY_WITH_TIMEOUT(answers.texts.size() == 2, 30'000);
        QVERIFY2(answers.texts.value(0).contains(QStringLiteral("integrity check")),
                 qPrintable(answers.texts.join(QLatin1Char('|'))));
        QVERIFY(!answers.offered.contains(QStringLiteral("Open read-only")));
        QTRY_VERIFY(window.studyStore()->isWritable()); // the fresh database
        QVERIFY(!window.studyStore()->hasReviews());
        const QStringList backups =
            QDir(dir.path()).entryList({QStringLiteral("study.sqlite.backup-*")});
        QCOMPARE(backups.size(), 1);
        QCOMPARE(QFileInfo(dir.filePath(backups[0])).size(), size);
    }

    void secondInstanceChoosesReadOnly()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("study.sqlite"));
        StudyStore first;
        QVERIFY(first.open(path).ok());
        ReviewRecord r;
        r.questionId = QStringLiteral("pca");
        r.reviewedAtMs = QDateTime::currentMSecsSinceEpoch();
        QVERIFY(first.recordReview(r, FsrsScheduler().review({}, Grade::Good, r.reviewedAtMs)));
        MainWindow window;
        window.loadContent();
        BoxAnswerer answers({QStringLiteral("Open read-only")});
        QVERIFY(window.openStudyData(path, true));
        QVERIFY(answers.texts.value(0).contains(QStringLiteral("Another MLLab")));
        QVERIFY(!answers.offered.contains(
            QStringLiteral("Back up and start fresh"))); // would fork live data
        QVERIFY(window.studyStore()->isReadOnly());
        QCOMPARE(window.studyStore()->reviewCount(), 1);
        window.setMode(MainWindow::Mode::Review);
        QVERIFY(window.reviewView()->statusText().contains(QStringLiteral("Read-only")));
    }

    void lockedStudyDataLeavesTheRestWorking()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("study.sqlite"));
        StudyStore first;
        QVERIFY(first.open(path).ok());
        MainWindow window;
        window.loadContent();
        QVERIFY(!window.openStudyData(path, false));
        QVERIFY(!window.studyStore()->isOpen());
        window.setMode(MainWindow::Mode::Review);
        QVERIFY(window.reviewView()->currentId().isEmpty());
        window.setMode(MainWindow::Mode::Browse);
        QVERIFY(window.openQuestion(QStringLiteral("pca"))); // browsing still works
    }
};

QTEST_MAIN(TestStudyViews)
#include "tst_studyviews.moc"
