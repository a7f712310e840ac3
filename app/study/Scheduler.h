#pragma once
// Spaced-repetition scheduling behind one interface, plus the due queue of a review session.
//
// Times are milliseconds since the epoch (UTC); elapsed time is measured in fractional days.
// Two schedulers implement the interface:
//
// FSRS-4.5 (Free Spaced Repetition Scheduler, version 4.5, the 17-weight model of
// open-spaced-repetition), with its published default weights:
///   w = 0.4872 1.4003 3.7145 13.8206 5.1618 1.2298 0.8975 0.031 1.6474 0.1367 1.0461 2.1072
///       0.0793 0.3246 1.587 0.2272 2.8755
///   R(t,S)  = (1 + F·t/S)^D                 D = -0.5, F = 19/81 (so R(S,S) = 0.9)
///   I(S)    = S/F · (r^(1/D) - 1)            r = desired retention; I = S at r = 0.9
///   S0(G)   = max(w[G-1], 0.1)               D0(G) = w4 - (G-3)·w5, clamped to [1, 10]
///   D'      = w7·D0(3) + (1-w7)·(D - w6·(G-3)), clamped to [1, 10]
///   S'(pass) = S·(1 + e^w8·(11-D)·S^-w9·(e^(w10·(1-R)) - 1)·[w15 if Hard]·[w16 if Easy])
///   S'(fail) = w11·D^-w12·((S+1)^w13 - 1)·e^(w14·(1-R))
// A pass is due after max(1, round(I(S'))) days (at most maximumIntervalDays); a fail (Again)
// comes back after relearnMinutes, in the same session.
//
// SM-2 (SuperMemo 2, as published in 1987), grades mapped to quality q: Again 1, Hard 3,
// Good 4, Easy 5. A pass gives intervals 1, 6, then round(previous·EF) days, using EF before
// this review's update; EF' = EF + 0.1 - (5-q)·(0.08 + (5-q)·0.02), at least 1.3. A fail resets
// the repetition count and comes back after relearnMinutes. CardMemory::stability holds the
// interval in days and CardMemory::difficulty holds EF.

#include <QHash>
#include <QString>
#include <QStringList>

#include <array>
#include <memory>

enum class Grade { Again = 1, Hard = 2, Good = 3, Easy = 4 };
enum class CardState { New = 0, Learning = 1, Review = 2, Relearning = 3 };

/// Sets `grade` from 1-4; false (grade untouched) for anything else.
bool gradeFromInt(int value, Grade* grade);
QString gradeName(Grade grade);

constexpr qint64 kMsPerDay = 86'400'000;
constexpr qint64 kMsPerMinute = 60'000;

/// What a scheduler remembers about one question.
struct CardMemory {
    CardState state = CardState::New;
    double stability = 0;    ///< FSRS: days until recall falls to 90%; SM-2: interval in days
    double difficulty = 0;   ///< FSRS: 1 (easy) to 10 (hard); SM-2: the easiness factor EF
    qint64 dueMs = 0;        ///< when it is next due; 0 while new
    qint64 lastReviewMs = 0; ///< 0 while new
    int reps = 0;            ///< reviews so far
    int lapses = 0;          ///< Again after the card had reached Review

    bool isNew() const { return state == CardState::New; }
    bool operator==(const CardMemory& o) const;
};

class Scheduler {
public:
    virtual ~Scheduler() = default;
    /// Stable id stored with the data ("fsrs-4.5", "sm-2").
    virtual QString id() const = 0;
    /// The card after a review graded `grade` at `nowMs`.
    virtual CardMemory review(const CardMemory& card, Grade grade, qint64 nowMs) const = 0;
    /// Estimated probability of recall at `nowMs`; 0 for a new card.
    virtual double retrievability(const CardMemory& card, qint64 nowMs) const = 0;

    /// "10 min", "4 d", "3 mo": how long until the card is due after this grade.
    QString previewInterval(const CardMemory& card, Grade grade, qint64 nowMs) const;
};

struct FsrsParams {
    std::array<double, 17> w = {0.4872, 1.4003, 3.7145, 13.8206, 5.1618, 1.2298,
                                0.8975, 0.031,  1.6474, 0.1367,  1.0461, 2.1072,
                                0.0793, 0.3246, 1.587,  0.2272,  2.8755};
    double desiredRetention = 0.9;   ///< recall probability at which a card falls due
    int maximumIntervalDays = 36500; ///< cap on any interval
    int relearnMinutes = 10;         ///< Again: back in the same session after this
};

class FsrsScheduler : public Scheduler {
public:
    explicit FsrsScheduler(FsrsParams params = {});
    QString id() const override { return QStringLiteral("fsrs-4.5"); }
    CardMemory review(const CardMemory& card, Grade grade, qint64 nowMs) const override;
    double retrievability(const CardMemory& card, qint64 nowMs) const override;

    // The formulas of the header, exposed for tests.
    static double forgettingCurve(double elapsedDays, double stability);
    double initialStability(Grade grade) const;
    double initialDifficulty(Grade grade) const;
    double nextDifficulty(double difficulty, Grade grade) const;
    double recallStability(double difficulty, double stability, double recall, Grade grade) const;
    double forgetStability(double difficulty, double stability, double recall) const;
    int intervalDays(double stability) const;

private:
    FsrsParams m_p;
};

struct Sm2Params {
    double initialEase = 2.5;
    int relearnMinutes = 10;
};

class Sm2Scheduler : public Scheduler {
public:
    explicit Sm2Scheduler(Sm2Params params = {});
    QString id() const override { return QStringLiteral("sm-2"); }
    CardMemory review(const CardMemory& card, Grade grade, qint64 nowMs) const override;
    /// SM-2 has no recall model; this uses FSRS's curve with the interval as stability.
    double retrievability(const CardMemory& card, qint64 nowMs) const override;

private:
    Sm2Params m_p;
};

/// "fsrs-4.5" (the default for anything unknown) or "sm-2".
std::unique_ptr<Scheduler> makeScheduler(const QString& id);

struct QueueParams {
    qint64 nowMs = 0;
    int newPerDay = 10;   ///< new cards a day may introduce
    int newSeenToday = 0; ///< new cards already introduced today
};

/// The review queue: cards already learned and due by `nowMs`, most overdue first (ties by
/// bank order), then new cards in bank order up to what today's new-card limit leaves.
/// Ids in `cards` that are not in `bankOrder` (removed questions) are left out.
QStringList buildDueQueue(const QStringList& bankOrder, const QHash<QString, CardMemory>& cards,
                          const QueueParams& params);
