#include "app/study/StudyStats.h"

#include "app/study/QuestionBank.h"

#include <QSet>

#include <algorithm>
#include <random>

namespace {

QDate localDate(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms).date();
}

int streakEndingAt(const QSet<QDate>& active, QDate today)
{
    QDate day = active.contains(today) ? today : today.addDays(-1);
    int streak = 0;
    while (active.contains(day)) {
        ++streak;
        day = day.addDays(-1);
    }
    return streak;
}

} // namespace

qint64 startOfLocalDay(qint64 nowMs)
{
    return QDateTime::fromMSecsSinceEpoch(nowMs).date().startOfDay().toMSecsSinceEpoch();
}

DashboardStats computeDashboard(const QuestionBank& bank, const QHash<QString, CardMemory>& cards,
                                const QList<ReviewRecord>& reviews, const Scheduler& scheduler,
                                const QDateTime& now, int days)
{
    DashboardStats s;
    const qint64 nowMs = now.toMSecsSinceEpoch();
    const QDate today = now.date();

    for (const auto& [name, count] : bank.sectionCounts())
        s.sections.append({name, 0, 0, 0.0});
    for (const Question& q : bank.questions()) {
        auto it = std::find_if(s.sections.begin(), s.sections.end(),
                               [&](const SectionMastery& m) { return m.section == q.section; });
        ++it->questions;
        const auto card = cards.constFind(q.id);
        if (card == cards.constEnd() || card->isNew())
            continue;
        ++it->seen;
        ++s.cardsSeen;
        it->mastery += scheduler.retrievability(*card, nowMs + kMasteryHorizonDays * kMsPerDay);
        if (card->dueMs <= nowMs)
            ++s.dueNow;
    }
    for (SectionMastery& m : s.sections)
        m.mastery = m.questions > 0 ? m.mastery / m.questions : 0.0;
    s.cardsTotal = int(bank.questions().size());

    for (int i = days - 1; i >= 0; --i)
        s.pastDays.append(today.addDays(-i));
    s.reviewsPerDay = QList<int>(days, 0);
    QSet<QDate> active;
    int recent = 0, passed = 0;
    // Newest first, stepping one local day at a time: one time-zone lookup per day of history
    // rather than one per review (reviews come oldest first from the store; others are sorted).
    QList<const ReviewRecord*> order;
    for (const ReviewRecord& r : reviews)
        order.append(&r);
    std::stable_sort(order.begin(), order.end(), [](const ReviewRecord* a, const ReviewRecord* b) {
        return a->reviewedAtMs > b->reviewedAtMs;
    });
    const qint64 tomorrowStart = today.addDays(1).startOfDay().toMSecsSinceEpoch();
    QDate day = today;
    qint64 dayStart = today.startOfDay().toMSecsSinceEpoch();
    for (const ReviewRecord* r : std::as_const(order)) {
        QDate reviewDay;
        if (r->reviewedAtMs >= tomorrowStart) {
            reviewDay = localDate(r->reviewedAtMs); // clock skew: a review "in the future"
        } else {
            while (r->reviewedAtMs < dayStart) {
                day = day.addDays(-1);
                dayStart = day.startOfDay().toMSecsSinceEpoch();
            }
            reviewDay = day;
        }
        active.insert(reviewDay);
        const qint64 ago = reviewDay.daysTo(today);
        if (ago >= 0 && ago < days)
            ++s.reviewsPerDay[days - 1 - int(ago)];
        if (ago >= 0 && ago < 30) {
            ++recent;
            passed += r->grade != Grade::Again ? 1 : 0;
        }
    }
    s.totalReviews = int(reviews.size());
    s.reviewsToday = s.reviewsPerDay.value(days - 1);
    s.streakDays = streakEndingAt(active, today);
    s.retention30 = recent > 0 ? double(passed) / recent : -1.0;

    for (int i = 0; i < days; ++i)
        s.nextDays.append(today.addDays(i));
    s.dueForecast = QList<int>(days, 0);
    for (const QString& id : cards.keys()) {
        const CardMemory& c = cards[id];
        if (c.isNew() || !bank.find(id))
            continue;
        const qint64 ahead = std::max<qint64>(0, today.daysTo(localDate(c.dueMs)));
        if (ahead < days)
            ++s.dueForecast[int(ahead)];
    }
    return s;
}

QList<MockQuestion> pickMockQuestions(const QuestionBank& bank,
                                      const QHash<QString, CardMemory>& cards,
                                      const Scheduler& scheduler, qint64 nowMs, MockPick pick,
                                      int count, const QString& section, quint32 seed)
{
    std::mt19937 rng(seed);
    QList<const Question*> pool;
    for (const Question& q : bank.questions())
        if (pick != MockPick::Section || q.section == section)
            pool.append(&q);
    std::shuffle(pool.begin(), pool.end(), rng);
    if (pick == MockPick::Weakest) {
        // Reviewed questions first, weakest first; the shuffled order breaks remaining ties.
        auto seen = [&](const Question* q) {
            return cards.contains(q->id) && !cards[q->id].isNew();
        };
        std::stable_sort(pool.begin(), pool.end(), [&](const Question* a, const Question* b) {
            if (seen(a) != seen(b))
                return seen(a);
            if (!seen(a))
                return false;
            const double ra = scheduler.retrievability(cards[a->id], nowMs);
            const double rb = scheduler.retrievability(cards[b->id], nowMs);
            if (ra != rb)
                return ra < rb;
            return cards[a->id].lapses > cards[b->id].lapses;
        });
    }
    QList<MockQuestion> picked;
    for (const Question* q : pool.mid(0, std::max(0, count))) {
        const int followUps = int(q->followUps.size());
        const int followUp = followUps > 0 ? int(rng() % quint32(followUps)) : -1;
        picked.append({q->id, followUp});
    }
    return picked;
}
