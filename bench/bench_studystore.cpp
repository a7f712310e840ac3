// Study store and dashboard costs: one committed review (WAL, synchronous=FULL), computing the
// dashboard from N stored reviews, and validating + importing an export of N reviews.
// Side-by-side with Python's sqlite3 doing the same writes: bench/study_store.py.
#include "app/labs/LabRegistry.h"
#include "app/study/QuestionBank.h"
#include "app/study/StudyStats.h"
#include "app/study/StudyStore.h"

#include <QCoreApplication>
#include <QTemporaryDir>

#include <benchmark/benchmark.h>

namespace {

const QuestionBank& bank()
{
    static QuestionBank b = [] {
        QuestionBank loaded;
        loaded.load(QuestionBank::builtInFolder(), LabRegistry::knownLabIds());
        return loaded;
    }();
    return b;
}

/// `n` reviews spread over the bank and the last year, with the cards they leave behind.
StudyData history(int n, qint64 nowMs)
{
    StudyData data;
    QHash<QString, CardMemory> cards;
    const FsrsScheduler fsrs;
    const qint64 start = nowMs - 365 * kMsPerDay;
    for (int i = 0; i < n; ++i) {
        const Question& q = bank().questions()[(i * 31) % bank().questions().size()];
        const qint64 at = start + qint64(i) * (365 * kMsPerDay / std::max(1, n));
        const Grade grade = Grade(1 + (i * 7) % 4);
        const CardMemory after = fsrs.review(cards.value(q.id), grade, at);
        cards[q.id] = after;
        ReviewRecord r;
        r.id = i + 1;
        r.questionId = q.id;
        r.reviewedAtMs = at;
        r.grade = grade;
        r.elapsedMs = 30'000;
        r.answer = QStringLiteral("an answer of a few words");
        r.stability = after.stability;
        r.difficulty = after.difficulty;
        r.dueMs = after.dueMs;
        data.reviews.append(r);
    }
    for (auto it = cards.cbegin(); it != cards.cend(); ++it)
        data.cards.append({it.key(), it.value()});
    return data;
}

void BM_RecordReview(benchmark::State& state)
{
    QTemporaryDir dir;
    StudyStore store;
    if (!store.open(dir.filePath(QStringLiteral("bench.sqlite"))).ok())
        state.SkipWithError("cannot open the store");
    const FsrsScheduler fsrs;
    qint64 now = 1'714'550'400'000;
    int i = 0;
    for (auto _ : state) {
        const QString id = bank().questions()[i++ % bank().questions().size()].id;
        ReviewRecord r;
        r.questionId = id;
        r.reviewedAtMs = now += 1000;
        r.grade = Grade::Good;
        const CardMemory after = fsrs.review(store.card(id), Grade::Good, now);
        if (!store.recordReview(r, after))
            state.SkipWithError("write failed");
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_RecordReview)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_Dashboard(benchmark::State& state)
{
    QTemporaryDir dir;
    StudyStore store;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    if (!store.open(dir.filePath(QStringLiteral("bench.sqlite"))).ok() ||
        !store.replaceAll(history(int(state.range(0)), now)))
        state.SkipWithError("cannot fill the store");
    const FsrsScheduler fsrs;
    for (auto _ : state) {
        const DashboardStats stats = computeDashboard(bank(), store.cards(), store.reviewLog(),
                                                      fsrs, QDateTime::fromMSecsSinceEpoch(now));
        benchmark::DoNotOptimize(stats.totalReviews);
    }
    state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_Dashboard)->Arg(1000)->Arg(10000)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_ParseJson(benchmark::State& state)
{
    const QByteArray json =
        toStudyJson(history(int(state.range(0)), QDateTime::currentMSecsSinceEpoch()), 0);
    for (auto _ : state) {
        StudyData data;
        QString error;
        if (!parseStudyJson(json, &data, &error))
            state.SkipWithError("parse failed");
        benchmark::DoNotOptimize(data.reviews.size());
    }
    state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_ParseJson)->Arg(10000)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_ReplaceAll(benchmark::State& state)
{
    QTemporaryDir dir;
    StudyStore store;
    if (!store.open(dir.filePath(QStringLiteral("bench.sqlite"))).ok())
        state.SkipWithError("cannot open the store");
    const StudyData data = history(int(state.range(0)), QDateTime::currentMSecsSinceEpoch());
    for (auto _ : state)
        if (!store.replaceAll(data))
            state.SkipWithError("replace failed");
    state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_ReplaceAll)->Arg(10000)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_ImportJson(benchmark::State& state)
{
    QTemporaryDir dir;
    StudyStore store;
    if (!store.open(dir.filePath(QStringLiteral("bench.sqlite"))).ok())
        state.SkipWithError("cannot open the store");
    const QByteArray json =
        toStudyJson(history(int(state.range(0)), QDateTime::currentMSecsSinceEpoch()), 0);
    for (auto _ : state) {
        StudyData data;
        QString error;
        if (!parseStudyJson(json, &data, &error) || !store.replaceAll(data))
            state.SkipWithError("import failed");
    }
    state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_ImportJson)->Arg(1000)->Arg(10000)->Unit(benchmark::kMillisecond)->UseRealTime();

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv); // Qt SQL loads its SQLite driver as a plugin
    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
