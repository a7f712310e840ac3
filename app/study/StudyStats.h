#pragma once
// What the progress dashboard shows, computed from the stored cards and reviews, and the choice
// of questions for a mock interview. Pure functions of their inputs (time passed in), so tests
// can check every number against the reviews they stored.
//
// Days are local calendar days. Mastery of a question is the recall probability its scheduler
// predicts 30 days from now without further review (0 for a question never reviewed): recall
// *now* sits near 90% for every card reviewed on time, whereas recall in a month separates
// fresh cards from well-learned ones. Mastery of a section is the mean over its questions.

#include "app/study/Scheduler.h"
#include "app/study/StudyData.h"

#include <QDate>
#include <QDateTime>
#include <QList>
#include <QString>

class QuestionBank;

constexpr int kMasteryHorizonDays = 30;

struct SectionMastery {
    QString section;
    int questions = 0;
    int seen = 0;       ///< questions reviewed at least once
    double mastery = 0; ///< 0..1
};

struct DashboardStats {
    QList<SectionMastery> sections; ///< in bank order
    QList<QDate> pastDays;          ///< the last `days` days, oldest first, ending today
    QList<int> reviewsPerDay;       ///< reviews on each of pastDays
    QList<QDate> nextDays;          ///< today and the following days
    QList<int> dueForecast;         ///< cards falling due each of nextDays (overdue count today)
    int streakDays = 0;             ///< consecutive days with a review, ending today (or yesterday)
    int reviewsToday = 0;
    int totalReviews = 0;
    int cardsSeen = 0;
    int cardsTotal = 0;
    int dueNow = 0;          ///< learned cards due by now
    double retention30 = -1; ///< share of the last 30 days' reviews graded Hard or better; -1 none
};

DashboardStats computeDashboard(const QuestionBank& bank, const QHash<QString, CardMemory>& cards,
                                const QList<ReviewRecord>& reviews, const Scheduler& scheduler,
                                const QDateTime& now, int days = 14);

/// Milliseconds of the start of the local day containing `nowMs`.
qint64 startOfLocalDay(qint64 nowMs);

enum class MockPick { Random, Section, Weakest };

struct MockQuestion {
    QString questionId;
    int followUp = -1; ///< index of the follow-up to ask, -1 if the question has none
};

/// Picks `count` questions: at random, at random within `section`, or weakest first (reviewed
/// questions with the lowest recall now, most lapses first on ties, then unreviewed ones at
/// random). Each gets one of its follow-ups at random. The same seed gives the same session.
QList<MockQuestion> pickMockQuestions(const QuestionBank& bank,
                                      const QHash<QString, CardMemory>& cards,
                                      const Scheduler& scheduler, qint64 nowMs, MockPick pick,
                                      int count, const QString& section, quint32 seed);
