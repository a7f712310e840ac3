// engine/montecarlo: seeded, converging, cancellable, and strict about its parameters.
#include "engine/montecarlo.h"
#include "tests/support/enginetest.h"

#include <atomic>
#include <cmath>

ENGINE_TEST(estimateIsWithinFourStandardErrors)
{
    mllab::MonteCarloParams p;
    p.samples = 400'000;
    p.checkpoints = 4;
    const auto r = mllab::computeMonteCarloPi(p);
    QCOMPARE(r.estimates.size(), std::size_t(4));
    QCOMPARE(r.samplesSoFar.back(), std::int64_t(400'000));
    QVERIFY(std::abs(r.estimate - M_PI) < 4 * r.standardError);
    QVERIFY(r.standardErrors.front() > r.standardErrors.back());
}

ENGINE_TEST(sameSeedSameResult)
{
    mllab::MonteCarloParams p;
    p.samples = 50'000;
    p.seed = 42;
    QCOMPARE(mllab::computeMonteCarloPi(p).estimates, mllab::computeMonteCarloPi(p).estimates);
    mllab::MonteCarloParams q = p;
    q.seed = 43;
    QVERIFY(mllab::computeMonteCarloPi(q).estimate != mllab::computeMonteCarloPi(p).estimate);
}

ENGINE_TEST(cancelStopsTheComputation)
{
    std::atomic<bool> cancel{false};
    mllab::Progress progress;
    progress.cancel = &cancel;
    int reports = 0;
    progress.report = [&](double, const std::string&) {
        if (++reports == 2)
            cancel = true;
    };
    mllab::MonteCarloParams p;
    p.samples = 1'000'000'000'000;
    QVERIFY_THROWS_MESSAGE(mllab::computeMonteCarloPi(p, progress), mllab::Cancelled, "cancelled");
}

ENGINE_TEST(badParametersAreInputErrors)
{
    mllab::MonteCarloParams p;
    p.samples = 0;
    QVERIFY_THROWS_MESSAGE(mllab::computeMonteCarloPi(p), mllab::InputError, "samples must be at least 1");
    p.samples = 10;
    p.device = "cuda:9";
    QVERIFY_THROWS_MESSAGE(mllab::computeMonteCarloPi(p), mllab::InputError, "cuda:9");
}

ENGINE_TEST_MAIN(tst_montecarlo)
