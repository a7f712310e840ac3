#include "app/study/Scheduler.h"

#include <QCoreApplication>

#include <algorithm>
#include <cmath>

namespace {

constexpr double kDecay = -0.5;
constexpr double kFactor = 19.0 / 81.0;

double clampDifficulty(double d)
{
    return std::clamp(d, 1.0, 10.0);
}

/// The state after an Again: back into (re)learning, a lapse if it had been learned.
void applyFail(CardMemory& next, const CardMemory& card, qint64 nowMs, int relearnMinutes)
{
    if (card.state == CardState::Review)
        ++next.lapses;
    next.state = card.state == CardState::New || card.state == CardState::Learning
                     ? CardState::Learning
                     : CardState::Relearning;
    next.dueMs = nowMs + relearnMinutes * kMsPerMinute;
}

} // namespace

bool gradeFromInt(int value, Grade* grade)
{
    if (value < 1 || value > 4)
        return false;
    *grade = Grade(value);
    return true;
}

QString gradeName(Grade grade)
{
    switch (grade) {
    case Grade::Again:
        return QCoreApplication::translate("Scheduler", "Again");
    case Grade::Hard:
        return QCoreApplication::translate("Scheduler", "Hard");
    case Grade::Good:
        return QCoreApplication::translate("Scheduler", "Good");
    case Grade::Easy:
        return QCoreApplication::translate("Scheduler", "Easy");
    }
    return {};
}

bool CardMemory::operator==(const CardMemory& o) const
{
    return state == o.state && stability == o.stability && difficulty == o.difficulty &&
           dueMs == o.dueMs && lastReviewMs == o.lastReviewMs && reps == o.reps &&
           lapses == o.lapses;
}

QString Scheduler::previewInterval(const CardMemory& card, Grade grade, qint64 nowMs) const
{
    const qint64 ms = review(card, grade, nowMs).dueMs - nowMs;
    const double days = double(ms) / kMsPerDay;
    if (days < 1.0)
        return QCoreApplication::translate("Scheduler", "%1 min")
            .arg(qMax<qint64>(1, ms / kMsPerMinute));
    if (days < 30.0)
        return QCoreApplication::translate("Scheduler", "%1 d").arg(qRound(days));
    if (days < 365.0)
        return QCoreApplication::translate("Scheduler", "%1 mo").arg(days / 30.44, 0, 'f', 1);
    return QCoreApplication::translate("Scheduler", "%1 y").arg(days / 365.25, 0, 'f', 1);
}

// --- FSRS-4.5 ---

FsrsScheduler::FsrsScheduler(FsrsParams params) : m_p(params) {}

double FsrsScheduler::forgettingCurve(double elapsedDays, double stability)
{
    return std::pow(1.0 + kFactor * elapsedDays / stability, kDecay);
}

double FsrsScheduler::initialStability(Grade grade) const
{
    return std::max(m_p.w[int(grade) - 1], 0.1);
}

double FsrsScheduler::initialDifficulty(Grade grade) const
{
    return clampDifficulty(m_p.w[4] - (int(grade) - 3) * m_p.w[5]);
}

double FsrsScheduler::nextDifficulty(double difficulty, Grade grade) const
{
    const double shifted = difficulty - m_p.w[6] * (int(grade) - 3);
    const double meanReverted =
        m_p.w[7] * initialDifficulty(Grade::Good) + (1 - m_p.w[7]) * shifted;
    return clampDifficulty(meanReverted);
}

double FsrsScheduler::recallStability(double d, double s, double r, Grade grade) const
{
    const double hardPenalty = grade == Grade::Hard ? m_p.w[15] : 1.0;
    const double easyBonus = grade == Grade::Easy ? m_p.w[16] : 1.0;
    return s * (1 + std::exp(m_p.w[8]) * (11 - d) * std::pow(s, -m_p.w[9]) *
                        (std::exp(m_p.w[10] * (1 - r)) - 1) * hardPenalty * easyBonus);
}

double FsrsScheduler::forgetStability(double d, double s, double r) const
{
    return m_p.w[11] * std::pow(d, -m_p.w[12]) * (std::pow(s + 1, m_p.w[13]) - 1) *
           std::exp(m_p.w[14] * (1 - r));
}

int FsrsScheduler::intervalDays(double stability) const
{
    const double days = stability / kFactor * (std::pow(m_p.desiredRetention, 1 / kDecay) - 1);
    return std::clamp(int(std::lround(days)), 1, m_p.maximumIntervalDays);
}

double FsrsScheduler::retrievability(const CardMemory& card, qint64 nowMs) const
{
    if (card.isNew() || card.stability <= 0)
        return 0;
    const double elapsed = std::max(0.0, double(nowMs - card.lastReviewMs) / kMsPerDay);
    return forgettingCurve(elapsed, card.stability);
}

CardMemory FsrsScheduler::review(const CardMemory& card, Grade grade, qint64 nowMs) const
{
    CardMemory next = card;
    next.reps = card.reps + 1;
    next.lastReviewMs = nowMs;
    if (card.isNew()) {
        next.stability = initialStability(grade);
        next.difficulty = initialDifficulty(grade);
    } else {
        // Both stability updates use the difficulty from before this review, as FSRS does.
        const double r = retrievability(card, nowMs);
        next.difficulty = nextDifficulty(card.difficulty, grade);
        next.stability = grade == Grade::Again
                             ? forgetStability(card.difficulty, card.stability, r)
                             : recallStability(card.difficulty, card.stability, r, grade);
    }
    if (grade == Grade::Again) {
        applyFail(next, card, nowMs, m_p.relearnMinutes);
    } else {
        next.state = CardState::Review;
        next.dueMs = nowMs + qint64(intervalDays(next.stability)) * kMsPerDay;
    }
    return next;
}

// --- SM-2 ---

Sm2Scheduler::Sm2Scheduler(Sm2Params params) : m_p(params) {}

CardMemory Sm2Scheduler::review(const CardMemory& card, Grade grade, qint64 nowMs) const
{
    CardMemory next = card;
    next.reps = card.reps + 1;
    next.lastReviewMs = nowMs;
    const double ease = card.isNew() ? m_p.initialEase : card.difficulty;
    next.difficulty = ease;
    if (grade == Grade::Again) {
        next.stability = 0; // restart the repetitions; SM-2 leaves EF alone on a fail
        applyFail(next, card, nowMs, m_p.relearnMinutes);
        return next;
    }
    const double previous = card.isNew() ? 0.0 : card.stability;
    const double interval = previous < 0.5   ? 1.0
                            : previous < 1.5 ? 6.0
                                             : std::round(previous * ease);
    const int q = grade == Grade::Hard ? 3 : grade == Grade::Good ? 4 : 5;
    next.difficulty = std::max(1.3, ease + 0.1 - (5 - q) * (0.08 + (5 - q) * 0.02));
    next.stability = interval;
    next.state = CardState::Review;
    next.dueMs = nowMs + qint64(interval) * kMsPerDay;
    return next;
}

double Sm2Scheduler::retrievability(const CardMemory& card, qint64 nowMs) const
{
    if (card.isNew() || card.stability <= 0)
        return card.isNew() ? 0.0 : 0.5;
    const double elapsed = std::max(0.0, double(nowMs - card.lastReviewMs) / kMsPerDay);
    return FsrsScheduler::forgettingCurve(elapsed, card.stability);
}

std::unique_ptr<Scheduler> makeScheduler(const QString& id)
{
    if (id == QLatin1String("sm-2"))
        return std::make_unique<Sm2Scheduler>();
    return std::make_unique<FsrsScheduler>();
}

QStringList buildDueQueue(const QStringList& bankOrder, const QHash<QString, CardMemory>& cards,
                          const QueueParams& params)
{
    struct Due {
        qint64 dueMs;
        int order;
        QString id;
    };
    QList<Due> due;
    QStringList fresh;
    for (int i = 0; i < bankOrder.size(); ++i) {
        const auto it = cards.constFind(bankOrder[i]);
        if (it == cards.constEnd() || it->isNew())
            fresh.append(bankOrder[i]);
        else if (it->dueMs <= params.nowMs)
            due.append({it->dueMs, i, bankOrder[i]});
    }
    std::sort(due.begin(), due.end(), [](const Due& a, const Due& b) {
        return a.dueMs != b.dueMs ? a.dueMs < b.dueMs : a.order < b.order;
    });
    QStringList queue;
    for (const Due& d : due)
        queue.append(d.id);
    const int newAllowed = std::max(0, params.newPerDay - params.newSeenToday);
    queue.append(fresh.mid(0, newAllowed));
    return queue;
}
