#include "app/study/StudySample.h"

#include "app/study/QuestionBank.h"
#include "app/study/Scheduler.h"
#include "app/study/StudyStats.h"
#include "app/study/StudyStore.h"

#include <cmath>
#include <random>

namespace {

/// A plausible self-grade: recall succeeds with the scheduler's recall probability (0.6 for a
/// first sight); a success is Hard, Good or Easy, mostly Good.
Grade simulatedGrade(double recall, std::mt19937& rng)
{
    std::uniform_real_distribution<double> u(0.0, 1.0);
    if (u(rng) > (recall > 0 ? recall : 0.6))
        return Grade::Again;
    const double v = u(rng);
    return v < 0.2 ? Grade::Hard : v < 0.85 ? Grade::Good : Grade::Easy;
}

} // namespace

bool fillSampleHistory(StudyStore& store, const QuestionBank& bank, const Scheduler& scheduler,
                       qint64 nowMs)
{
    if (!store.isWritable() || store.hasReviews() || bank.questions().isEmpty())
        return false;
    std::mt19937 rng(20240501);
    const qint64 today = startOfLocalDay(nowMs);
    QHash<QString, CardMemory> cards;
    int nextNew = 0;
    for (int daysAgo = 21; daysAgo >= 1; --daysAgo) {
        if (daysAgo == 9 || daysAgo == 15 || daysAgo == 16)
            continue;                                             // rest days
        qint64 at = today - daysAgo * kMsPerDay + 19 * 3'600'000; // about 19:00 local
        QStringList order;
        for (const Question& q : bank.questions())
            order.append(q.id);
        QueueParams params;
        params.nowMs = at + 3'600'000;
        params.newPerDay = 0;
        QStringList queue = buildDueQueue(order, cards, params);
        for (int n = 0; n < 3 && nextNew < bank.questions().size(); ++n)
            queue.append(bank.questions()[(nextNew++ * 29) % bank.questions().size()].id);
        for (int i = 0; i < queue.size(); ++i) {
            const QString& id = queue[i];
            const CardMemory before = cards.value(id);
            const Grade grade = simulatedGrade(scheduler.retrievability(before, at), rng);
            const CardMemory after = scheduler.review(before, grade, at);
            ReviewRecord review;
            review.questionId = id;
            review.reviewedAtMs = at;
            review.grade = grade;
            review.elapsedMs = 20'000 + qint64(rng() % 70'000);
            if (!store.recordReview(review, after))
                return false;
            cards[id] = after;
            if (grade == Grade::Again)
                queue.append(id); // relearned in the same sitting
            at += review.elapsedMs + 5'000;
        }
    }
    const QList<Question>& qs = bank.questions();
    for (int i : {1, 8, 20})
        store.setBookmarked(qs[i % qs.size()].id, true, nowMs);
    store.setNote(qs[1 % qs.size()].id,
                  QStringLiteral("**Remember:** divide the logits by T *before* the softmax.\n\n"
                                 "- T → 0: greedy\n- T = 1: the model's distribution\n"),
                  nowMs);
    return true;
}
