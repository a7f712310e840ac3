// Schedulers against interval sequences worked out from the published formulas (see
// app/study/Scheduler.h), the due queue and the new-card limit.
//
// FSRS-4.5 with default weights, each review exactly on its due date:
//   Good, first review: S0 = w2 = 3.7145, D0 = w4 = 5.1618, interval round(3.7145) = 4 d.
//   Good after 4 d: R = (1 + 19/81·4/3.7145)^-0.5 = 0.893500; D' = 0.031·5.1618 + 0.969·5.1618
//     = 5.1618; S' = 3.7145·(1 + e^1.6474·(11-5.1618)·3.7145^-0.1367·(e^(1.0461·0.1065) - 1))
//     = 14.808101 -> 15 d. Then R = 0.898894, S = 49.461605 -> 49 d; 145.670632 -> 146 d;
//     392.697898 -> 393 d.
//   Easy: S0 = w3 = 13.8206 -> 14 d; D0 = 5.1618 - 1.2298 = 3.932; then the Easy bonus w16
//   = 2.8755:
//     S = 127.481525 -> 127 d, 979.427357 -> 979 d.
//   Hard: S0 = w1 = 1.4003 -> 1 d; D0 = 6.3916; with the Hard penalty w15 = 0.2272:
//     S = 1.989827 -> 2 d, 2.884043 -> 3 d, 3.883516 -> 4 d.
//   Again first: S0 = w0 = 0.4872, D0 = 7.6214, back in 10 min; Good 10 min later (R = 0.998332)
//     S = 0.503667 -> 1 d; then 2.485297 -> 2 d, 6.125215 -> 6 d.
//   Good, Good, Again on day 15 (R = 0.898894): S'f = 2.1072·5.1618^-0.0793·(15.808101^0.3246 - 1)
//     ·e^(1.587·0.101106) = 3.149321, D = 6.901155, one lapse; Good 10 min later -> 3.164822 -> 3
//     d; Good after 3 d -> 9.292031 -> 9 d.
// SM-2, q = 4 for Good: intervals 1, 6, round(6·2.5) = 15, round(15·2.5) = 38 with EF staying 2.5;
//   Easy (q = 5) raises EF by 0.1 each time: 1 (EF 2.6), 6 (2.7), round(6·2.7) = 16 (2.8),
//   round(16·2.8) = 45; Hard (q = 3) lowers EF by 0.14: 1 (2.36), 6 (2.22), round(6·2.22) = 13
//   (2.08), round(13·2.08) = 27 (1.94).
#include "app/study/Scheduler.h"
#include "tests/support/fuzzy.h"

#include <QTest>

Q_DECLARE_METATYPE(QList<int>)

namespace {

constexpr qint64 kStart = 1'700'000'000'000; // a fixed instant

/// Reviews a new card with `grades`, each exactly when due; returns the intervals in days
/// (-1 for an Again, which is due in minutes) and the final card.
QList<int> intervalsOnTime(const Scheduler& scheduler, const QList<int>& grades,
                           CardMemory* last = nullptr)
{
    CardMemory card;
    qint64 now = kStart;
    QList<int> intervals;
    for (int g : grades) {
        card = scheduler.review(card, Grade(g), now);
        const qint64 wait = card.dueMs - now;
        intervals.append(g == 1 ? -1 : int(wait / kMsPerDay));
        now = card.dueMs;
    }
    if (last)
        *last = card;
    return intervals;
}

} // namespace

class TestScheduler : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void fsrsSequences_data()
    {
        QTest::addColumn<QList<int>>("grades");
        QTest::addColumn<QList<int>>("intervals");
        QTest::newRow("good x5") << QList<int>{3, 3, 3, 3, 3} << QList<int>{4, 15, 49, 146, 393};
        QTest::newRow("easy x3") << QList<int>{4, 4, 4} << QList<int>{14, 127, 979};
        QTest::newRow("hard x4") << QList<int>{2, 2, 2, 2} << QList<int>{1, 2, 3, 4};
        QTest::newRow("again first") << QList<int>{1, 3, 3, 3} << QList<int>{-1, 1, 2, 6};
        QTest::newRow("lapse") << QList<int>{3, 3, 1, 3, 3} << QList<int>{4, 15, -1, 3, 9};
    }

    void fsrsSequences()
    {
        QFETCH(QList<int>, grades);
        QFETCH(QList<int>, intervals);
        QCOMPARE(intervalsOnTime(FsrsScheduler(), grades), intervals);
    }

    void fsrsIntermediateValues()
    {
        const FsrsScheduler fsrs;
        QVERIFY(fuzzyCompare(FsrsScheduler::forgettingCurve(4, 3.7145), 0.893500, 1e-6));
        QVERIFY(fuzzyCompare(FsrsScheduler::forgettingCurve(10, 10), 0.9, 1e-12));
        QVERIFY(fuzzyCompare(fsrs.initialDifficulty(Grade::Easy), 3.932, 1e-12));
        QVERIFY(fuzzyCompare(fsrs.recallStability(5.1618, 3.7145, 0.893500, Grade::Good), 14.808101,
                             1e-5));
        QVERIFY(fuzzyCompare(fsrs.forgetStability(5.1618, 14.808101, 0.898894), 3.149321, 1e-5));
        QVERIFY(fuzzyCompare(fsrs.nextDifficulty(5.1618, Grade::Again), 6.901155, 1e-6));

        CardMemory card;
        intervalsOnTime(fsrs, {3, 3, 1, 3, 3}, &card);
        QCOMPARE(card.reps, 5);
        QCOMPARE(card.lapses, 1);
        QCOMPARE(card.state, CardState::Review);
        QVERIFY(fuzzyCompare(card.stability, 9.292031, 1e-5));
        QVERIFY(fuzzyCompare(card.difficulty, 6.794987, 1e-5));
    }

    void fsrsAgainIsDueInTheSameSession()
    {
        const FsrsScheduler fsrs;
        const CardMemory card = fsrs.review({}, Grade::Again, kStart);
        QCOMPARE(card.state, CardState::Learning);
        QCOMPARE(card.dueMs, kStart + 10 * kMsPerMinute);
        QCOMPARE(card.lapses, 0);
        QCOMPARE(fsrs.previewInterval({}, Grade::Again, kStart), QStringLiteral("10 min"));
        QCOMPARE(fsrs.previewInterval({}, Grade::Good, kStart), QStringLiteral("4 d"));
        QCOMPARE(fsrs.previewInterval({}, Grade::Easy, kStart), QStringLiteral("14 d"));
    }

    void fsrsRetentionAndCap()
    {
        FsrsParams p;
        p.desiredRetention = 0.8; // I = S/F·(0.8^-2 - 1) = S·81/19·0.5625 = 2.398 S
        QCOMPARE(FsrsScheduler(p).intervalDays(10), 24);
        p.maximumIntervalDays = 20;
        QCOMPARE(FsrsScheduler(p).intervalDays(10), 20);
        QCOMPARE(FsrsScheduler().intervalDays(0.2), 1);
        QCOMPARE(FsrsScheduler().retrievability({}, kStart), 0.0);
    }

    void sm2Sequences_data()
    {
        QTest::addColumn<QList<int>>("grades");
        QTest::addColumn<QList<int>>("intervals");
        QTest::addColumn<double>("ease");
        QTest::newRow("good x4") << QList<int>{3, 3, 3, 3} << QList<int>{1, 6, 15, 38} << 2.5;
        QTest::newRow("easy x4") << QList<int>{4, 4, 4, 4} << QList<int>{1, 6, 16, 45} << 2.9;
        QTest::newRow("hard x4") << QList<int>{2, 2, 2, 2} << QList<int>{1, 6, 13, 27} << 1.94;
        QTest::newRow("fail restarts")
            << QList<int>{3, 3, 3, 1, 3, 3} << QList<int>{1, 6, 15, -1, 1, 6} << 2.5;
    }

    void sm2Sequences()
    {
        QFETCH(QList<int>, grades);
        QFETCH(QList<int>, intervals);
        QFETCH(double, ease);
        CardMemory card;
        QCOMPARE(intervalsOnTime(Sm2Scheduler(), grades, &card), intervals);
        QVERIFY(fuzzyCompare(card.difficulty, ease, 1e-9));
    }

    void factoryKnowsBoth()
    {
        QCOMPARE(makeScheduler(QStringLiteral("sm-2"))->id(), QStringLiteral("sm-2"));
        QCOMPARE(makeScheduler(QStringLiteral("fsrs-4.5"))->id(), QStringLiteral("fsrs-4.5"));
        QCOMPARE(makeScheduler(QStringLiteral("?"))->id(), QStringLiteral("fsrs-4.5"));
    }

    void dueQueueOrdersOverdueThenNewWithinLimit()
    {
        const QStringList bank{QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c"),
                               QStringLiteral("d"), QStringLiteral("e"), QStringLiteral("f")};
        QHash<QString, CardMemory> cards;
        auto learned = [](qint64 due) {
            CardMemory c;
            c.state = CardState::Review;
            c.dueMs = due;
            return c;
        };
        cards[QStringLiteral("b")] = learned(kStart - 5 * kMsPerDay); // most overdue
        cards[QStringLiteral("d")] = learned(kStart - kMsPerDay);
        cards[QStringLiteral("e")] = learned(kStart + kMsPerDay);        // not due yet
        cards[QStringLiteral("gone")] = learned(kStart - 9 * kMsPerDay); // not in the bank
        QueueParams p;
        p.nowMs = kStart;
        p.newPerDay = 2;
        QCOMPARE(buildDueQueue(bank, cards, p),
                 (QStringList{QStringLiteral("b"), QStringLiteral("d"), QStringLiteral("a"),
                              QStringLiteral("c")}));
        p.newSeenToday = 1;
        QCOMPARE(buildDueQueue(bank, cards, p).size(), 3);
        p.newSeenToday = 5;
        QCOMPARE(buildDueQueue(bank, cards, p),
                 (QStringList{QStringLiteral("b"), QStringLiteral("d")}));
    }

    void gradesOutsideOneToFourAreRejected()
    {
        Grade g = Grade::Good;
        QVERIFY(!gradeFromInt(0, &g));
        QVERIFY(!gradeFromInt(5, &g));
        QCOMPARE(g, Grade::Good);
        QVERIFY(gradeFromInt(1, &g));
        QCOMPARE(g, Grade::Again);
    }
};

QTEST_MAIN(TestScheduler)
#include "tst_scheduler.moc"
