// JobRunner: results on the UI thread, progress forwarded, cancel and supersede (latest wins),
// engine errors as signals, nothing delivered to a destroyed owner, typed partial results in
// order, and a clean shutdown with work in flight.
#include "app/jobs/JobRunner.h"
#include "engine/montecarlo.h"

#include <QEventLoop>
#include <QSignalSpy>
#include <QTest>
#include <QThread>
#include <QTimer>

#include <atomic>

namespace {

mllab::MonteCarloParams params(std::int64_t samples, int checkpoints = 10)
{
    mllab::MonteCarloParams p;
    p.samples = samples;
    p.checkpoints = checkpoints;
    return p;
}

quint64 submitPi(JobRunner& runner, const QString& key, mllab::MonteCarloParams p,
                 std::function<void(const mllab::MonteCarloResult&)> onResult,
                 std::function<void(const QString&)> onError = {})
{
    return runner.submit(
        key, QStringLiteral("pi"), &runner,
        [p](const mllab::Progress& progress) { return mllab::computeMonteCarloPi(p, progress); },
        std::move(onResult), std::move(onError));
}

const std::int64_t kEndless = 1'000'000'000'000;  // hours of work: must be cancelled

} // namespace

class TestJobRunner : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void deliversResultOnUiThread()
    {
        JobRunner runner;
        QSignalSpy finished(&runner, &JobRunner::finished);
        QThread* resultThread = nullptr;
        double estimate = 0;
        const quint64 id = submitPi(runner, QStringLiteral("lab"), params(20'000),
                                    [&](const mllab::MonteCarloResult& r) {
                                        resultThread = QThread::currentThread();
                                        estimate = r.estimate;
                                    });
        QVERIFY(finished.wait(10000));
        QCOMPARE(finished.first().at(0).toULongLong(), id);
        QCOMPARE(resultThread, QThread::currentThread());
        QVERIFY(estimate > 2.9 && estimate < 3.4);
        QVERIFY(!runner.isBusy());
    }

    void forwardsProgress()
    {
        JobRunner runner;
        QSignalSpy progressed(&runner, &JobRunner::progressed);
        QSignalSpy finished(&runner, &JobRunner::finished);
        submitPi(runner, QStringLiteral("lab"), params(20'000'000, 50), [](const auto&) {});
        QVERIFY(finished.wait(60000));
        QVERIFY(progressed.count() >= 1);
        const double last = progressed.last().at(2).toDouble();
        QVERIFY(last > 0.0 && last <= 1.0);
    }

    void cancelStopsPromptlyWithoutResult()
    {
        JobRunner runner;
        QSignalSpy cancelled(&runner, &JobRunner::cancelled);
        QSignalSpy busy(&runner, &JobRunner::busyChanged);
        bool delivered = false;
        submitPi(runner, QStringLiteral("lab"), params(kEndless), [&](const auto&) { delivered = true; });
        QVERIFY(runner.isRunning(QStringLiteral("lab")));
        QTest::qWait(50);
        runner.cancel(QStringLiteral("lab"));
        QVERIFY(cancelled.wait(5000));
        QVERIFY(!delivered);
        QTRY_VERIFY(!runner.isBusy());
        QCOMPARE(busy.last().at(0).toBool(), false);
    }

    void newerRequestSupersedesOlder()
    {
        JobRunner runner;
        QSignalSpy finished(&runner, &JobRunner::finished);
        QSignalSpy cancelled(&runner, &JobRunner::cancelled);
        QList<int> delivered;
        const quint64 older = submitPi(runner, QStringLiteral("lab"), params(kEndless),
                                       [&](const auto&) { delivered << 1; });
        const quint64 newer = submitPi(runner, QStringLiteral("lab"), params(10'000),
                                       [&](const auto&) { delivered << 2; });
        QVERIFY(finished.wait(10000));
        QTRY_COMPARE(cancelled.count(), 1);
        QCOMPARE(cancelled.first().at(0).toULongLong(), older);
        QCOMPARE(finished.first().at(0).toULongLong(), newer);
        QCOMPARE(delivered, QList<int>{2});
    }

    void fastOlderResultIsDroppedWhenSuperseded()
    {
        // The older job finishes before the newer one, but its result must never show.
        JobRunner runner;
        QSignalSpy finished(&runner, &JobRunner::finished);
        QList<int> delivered;
        submitPi(runner, QStringLiteral("lab"), params(10), [&](const auto&) { delivered << 1; });
        submitPi(runner, QStringLiteral("lab"), params(2'000'000), [&](const auto&) { delivered << 2; });
        QVERIFY(finished.wait(30000));
        QTRY_VERIFY(!runner.isBusy());
        QCOMPARE(delivered, QList<int>{2});
    }

    void keysAreIndependent()
    {
        JobRunner runner;
        QSignalSpy finished(&runner, &JobRunner::finished);
        int delivered = 0;
        submitPi(runner, QStringLiteral("a"), params(10'000), [&](const auto&) { ++delivered; });
        submitPi(runner, QStringLiteral("b"), params(10'000), [&](const auto&) { ++delivered; });
        QTRY_COMPARE(finished.count(), 2);
        QCOMPARE(delivered, 2);
    }

    void engineErrorArrivesAsSignal()
    {
        JobRunner runner;
        QSignalSpy failed(&runner, &JobRunner::failed);
        QString shown;
        submitPi(runner, QStringLiteral("lab"), params(0), [](const auto&) {},
                 [&](const QString& message) { shown = message; });
        QVERIFY(failed.wait(5000));
        QVERIFY(failed.first().at(2).toString().contains(QStringLiteral("samples must be at least 1")));
        QCOMPARE(shown, failed.first().at(2).toString());
        QVERIFY(!runner.isBusy());
    }

    void unexpectedExceptionIsReportedNotFatal()
    {
        JobRunner runner;
        QSignalSpy failed(&runner, &JobRunner::failed);
        runner.submit(
            QStringLiteral("lab"), QStringLiteral("boom"), &runner,
            [](const mllab::Progress&) -> int { throw std::logic_error("boom"); },
            [](const int&) {});
        QVERIFY(failed.wait(5000));
        QVERIFY(failed.first().at(2).toString().contains(QStringLiteral("boom")));
    }

    void nothingReachesADestroyedOwner()
    {
        // A view closed while its job runs: neither the result nor the error may reach it.
        JobRunner runner;
        QSignalSpy finished(&runner, &JobRunner::finished);
        QSignalSpy failed(&runner, &JobRunner::failed);
        auto* owner = new QObject;
        bool delivered = false;
        runner.submit(
            QStringLiteral("a"), QStringLiteral("pi"), owner,
            [](const mllab::Progress& progress) {
                return mllab::computeMonteCarloPi(params(200'000), progress);
            },
            [&](const mllab::MonteCarloResult&) { delivered = true; });
        runner.submit(
            QStringLiteral("b"), QStringLiteral("bad"), owner,
            [](const mllab::Progress& progress) {
                return mllab::computeMonteCarloPi(params(0), progress);
            },
            [&](const mllab::MonteCarloResult&) { delivered = true; },
            [&](const QString&) { delivered = true; });
        delete owner;
        QVERIFY(finished.wait(10000));
        QTRY_COMPARE(failed.count(), 1);
        QVERIFY(!delivered);
    }

    void partialResultsArriveInOrderBeforeTheResult()
    {
        JobRunner runner;
        QSignalSpy finished(&runner, &JobRunner::finished);
        QList<int> partials;
        int result = 0;
        QThread* partialThread = nullptr;
        runner.submitStreaming<int>(
            QStringLiteral("train"), QStringLiteral("steps"), &runner,
            [](const mllab::Progress& progress, const std::function<void(int)>& emit) {
                for (int step = 1; step <= 20; ++step) {
                    progress.checkCancelled();
                    emit(step);
                }
                return 20;
            },
            [&](int step) {
                partials << step;
                partialThread = QThread::currentThread();
            },
            [&](int total) {
                result = total;
                QCOMPARE(partials.size(), 20); // every partial came before the result
            });
        QVERIFY(finished.wait(10000));
        QCOMPARE(result, 20);
        QList<int> expected;
        for (int i = 1; i <= 20; ++i)
            expected << i;
        QCOMPARE(partials, expected);
        QCOMPARE(partialThread, QThread::currentThread());
    }

    void deliveryGoesOnInsideANestedEventLoop()
    {
        // A handler that opens a modal dialog spins an event loop of its own: what the worker
        // queued behind it must still arrive there, in order, as queued calls always did.
        JobRunner runner;
        QSignalSpy finished(&runner, &JobRunner::finished);
        QList<int> partials;
        bool finishedInsideTheLoop = false;
        runner.submitStreaming<int>(
            QStringLiteral("train"), QStringLiteral("steps"), &runner,
            [](const mllab::Progress&, const std::function<void(int)>& emit) {
                for (int step = 1; step <= 5; ++step)
                    emit(step);
                return 5;
            },
            [&](int step) {
                partials << step;
                if (step != 1)
                    return;
                QEventLoop modal; // what QMessageBox::exec() runs
                connect(&runner, &JobRunner::finished, &modal, &QEventLoop::quit);
                QTimer::singleShot(5000, &modal, &QEventLoop::quit);
                modal.exec();
                finishedInsideTheLoop = finished.count() == 1;
            },
            [](int) {});
        QThread::msleep(300); // the worker queues every letter before the UI thread reads one
        QVERIFY(finished.wait(10000) || finished.count() == 1);
        QVERIFY(finishedInsideTheLoop);
        QCOMPARE(partials, (QList<int>{1, 2, 3, 4, 5}));
    }

    void partialsOfASupersededJobAreDropped()
    {
        JobRunner runner;
        QSignalSpy finished(&runner, &JobRunner::finished);
        QList<int> partials;
        std::atomic<bool> release{false};
        auto slowSteps = [&release](const mllab::Progress& progress,
                                    const std::function<void(int)>& emit) {
            emit(1);
            while (!release)
                QThread::msleep(1);
            progress.checkCancelled();
            emit(2);
            return 0;
        };
        runner.submitStreaming<int>(QStringLiteral("train"), QStringLiteral("old"), &runner, slowSteps,
                                    [&](int p) { partials << p; }, [](int) {});
        QTRY_COMPARE(partials.size(), 1);
        runner.submitStreaming<int>(
            QStringLiteral("train"), QStringLiteral("new"), &runner,
            [](const mllab::Progress&, const std::function<void(int)>& emit) {
                emit(10);
                return 1;
            },
            [&](int p) { partials << p; }, [](int) {});
        release = true;
        QVERIFY(finished.wait(10000));
        QTRY_VERIFY(!runner.isBusy());
        QCOMPARE(partials, (QList<int>{1, 10}));
    }

    void destroyingRunnerWithJobInFlightReturns()
    {
        auto* runner = new JobRunner;
        bool delivered = false;
        submitPi(*runner, QStringLiteral("lab"), params(kEndless), [&](const auto&) { delivered = true; });
        QTest::qWait(50);
        QElapsedTimer timer;
        timer.start();
        delete runner;  // must cancel and join, not hang or crash
        QVERIFY(timer.elapsed() < 10000);
        QTest::qWait(20);  // any stray queued delivery would run now
        QVERIFY(!delivered);
    }
};

QTEST_GUILESS_MAIN(TestJobRunner)
#include "tst_jobrunner.moc"
