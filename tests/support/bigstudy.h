#pragma once
// A large, realistic study history for the study store's timings and stall tests: every question
// of the bank reviewed over about two years (several sittings a day, FSRS grades drawn from the
// predicted recall), a session row per sitting, typed answers, notes, bookmarks and lab presets.
// Written with StudyStore::replaceAll in one transaction, as an import would.

#include "app/study/QuestionBank.h"
#include "app/study/Scheduler.h"
#include "app/study/StudyData.h"
#include "app/study/StudyStats.h"
#include "app/study/StudyStore.h"

#include <QFile>
#include <QHash>

#include <random>

namespace bigstudy {

inline Grade gradeFor(double recall, std::mt19937& rng)
{
    const double u = std::uniform_real_distribution<double>(0, 1)(rng);
    if (u > recall)
        return Grade::Again;
    return u < 0.15 ? Grade::Easy : u < 0.3 ? Grade::Hard : Grade::Good;
}

/// `reviews` reviews ending yesterday, spread evenly over the last `days` days.
inline StudyData history(const QuestionBank& bank, int reviews, qint64 nowMs, int days = 730)
{
    StudyData data;
    const FsrsScheduler fsrs;
    std::mt19937 rng(20261207);
    QHash<QString, CardMemory> cards;
    const QList<Question>& questions = bank.questions();
    const int perDay = std::max(1, reviews / days);
    const int perSitting = 25;
    const qint64 firstDay = startOfLocalDay(nowMs) - qint64(days) * kMsPerDay;
    qint64 sessionId = 0;
    for (int i = 0; i < reviews; ++i) {
        const int day = std::min(days - 1, i / perDay);
        const int inDay = i - day * perDay;
        if (inDay % perSitting == 0) {
            const qint64 start = firstDay + day * kMsPerDay + 8 * 3'600'000 +
                                 qint64(inDay / perSitting) * 40 * 60'000;
            data.sessions.append({++sessionId, QStringLiteral("review"), start, start + 30 * 60'000,
                                  QStringLiteral("{\"reviewed\":25}")});
        }
        const qint64 at = data.sessions.last().startedAtMs + qint64(inDay % perSitting) * 60'000;
        const QString& id = questions[(i * 7 + day) % questions.size()].id;
        const CardMemory before = cards.value(id);
        const Grade grade = gradeFor(before.isNew() ? 0.6 : fsrs.retrievability(before, at), rng);
        const CardMemory after = fsrs.review(before, grade, at);
        cards[id] = after;
        ReviewRecord r;
        r.id = i + 1;
        r.questionId = id;
        r.reviewedAtMs = at;
        r.grade = grade;
        r.elapsedMs = 15'000 + qint64(rng() % 60'000);
        r.answer = QStringLiteral("my answer, a sentence or two about %1").arg(id);
        r.sessionId = sessionId;
        r.stability = after.stability;
        r.difficulty = after.difficulty;
        r.dueMs = after.dueMs;
        data.reviews.append(r);
    }
    for (auto it = cards.cbegin(); it != cards.cend(); ++it)
        data.cards.append({it.key(), it.value()});
    for (int i = 0; i < questions.size(); i += 2)
        data.notes.append({questions[i].id,
                           QStringLiteral("**Remember** the key idea of %1.\n\n- one\n- two\n")
                               .arg(questions[i].id),
                           nowMs - kMsPerDay});
    for (int i = 0; i < questions.size(); i += 9)
        data.bookmarks.append({questions[i].id, nowMs - kMsPerDay});
    data.labPresets.append({QStringLiteral("sampling"), QStringLiteral("greedy"),
                            QStringLiteral("{\"temperature\":0}"), nowMs - kMsPerDay});
    return data;
}

/// Creates (or replaces) the database at `path` with `reviews` reviews; false with `error` set.
inline bool create(const QString& path, const QuestionBank& bank, int reviews, qint64 nowMs,
                   QString* error)
{
    StudyStore store;
    const StudyStore::OpenResult opened = store.open(path);
    if (!opened.ok()) {
        *error = opened.message;
        return false;
    }
    if (!store.replaceAll(history(bank, reviews, nowMs))) {
        *error = store.lastError();
        return false;
    }
    return true;
}

/// A study database whose first pages (the schema) are sound but whose review pages in the middle
/// of the file are overwritten: it opens, and only the integrity check finds the damage.
inline bool createWithDamagedPages(const QString& path, QString* error)
{
    {
        StudyStore store;
        const StudyStore::OpenResult opened = store.open(path);
        if (!opened.ok()) {
            *error = opened.message;
            return false;
        }
        StudyData data;
        for (int i = 0; i < 3000; ++i) {
            ReviewRecord r;
            r.id = i + 1;
            r.questionId = QStringLiteral("q%1").arg(i % 72);
            r.reviewedAtMs = 1'714'550'400'000 + qint64(i) * 60'000;
            r.answer = QString(200, QLatin1Char('a' + i % 26));
            data.reviews.append(r);
        }
        if (!store.replaceAll(data)) {
            *error = store.lastError();
            return false;
        }
    } // closing the last connection checkpoints the WAL into the file
    QFile file(path);
    if (!file.open(QIODevice::ReadWrite) || file.size() < 64 * 4096) {
        *error = QStringLiteral("unexpected size of %1").arg(path);
        return false;
    }
    file.seek(file.size() / 2 / 4096 * 4096);
    file.write(QByteArray(8 * 4096, '\x5a'));
    return true;
}

} // namespace bigstudy
