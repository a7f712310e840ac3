// Learning-rate schedules as PyTorch 1.13 computes them (torch/optim/lr_scheduler.py), the range
// test's reading and the gradient noise scale. See lrschedule.h.
#include "engine/lrschedule.h"

#include "engine/progress.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace mllab {

namespace {

constexpr double kPi = 3.14159265358979323846;

void requireEpochs(int epochs)
{
    if (epochs < 1)
        throw InputError("a schedule needs at least 1 epoch, not " + std::to_string(epochs));
}

/// Python's a % b for b > 0 (never negative).
int pythonMod(int a, int b)
{
    const int r = a % b;
    return r < 0 ? r + b : r;
}

} // namespace

std::vector<double> stepLr(double base, int stepSize, double gamma, int epochs)
{
    requireEpochs(epochs);
    if (stepSize < 1)
        throw InputError("StepLR's step size must be at least 1 epoch, not " +
                         std::to_string(stepSize));
    std::vector<double> out;
    double lr = base;
    for (int e = 0; e < epochs; ++e) {
        if (e > 0 && e % stepSize == 0)
            lr *= gamma;
        out.push_back(lr);
    }
    return out;
}

std::vector<double> cosineLr(double base, int tMax, double etaMin, int epochs)
{
    requireEpochs(epochs);
    if (tMax < 1)
        throw InputError("CosineAnnealingLR's T_max must be at least 1 epoch, not " +
                         std::to_string(tMax));
    std::vector<double> out{base};
    double lr = base;
    for (int e = 1; e < epochs; ++e) {
        if (pythonMod(e - 1 - tMax, 2 * tMax) == 0)
            lr = lr + (base - etaMin) * (1 - std::cos(kPi / tMax)) / 2;
        else
            lr = (1 + std::cos(kPi * e / tMax)) / (1 + std::cos(kPi * (e - 1) / tMax)) *
                     (lr - etaMin) +
                 etaMin;
        out.push_back(lr);
    }
    return out;
}

std::vector<double> warmupCosineLr(double base, int warmup, double startFactor, int epochs)
{
    requireEpochs(epochs);
    if (warmup < 0 || warmup >= epochs)
        throw InputError("warm-up of " + std::to_string(warmup) +
                         " epochs leaves no epoch for the cosine of a " + std::to_string(epochs) +
                         "-epoch run (0 to " + std::to_string(epochs - 1) + ")");
    if (!(startFactor > 0 && startFactor <= 1))
        throw InputError("LinearLR's start factor must lie in (0, 1]");
    if (warmup == 0)
        return cosineLr(base, epochs, 0, epochs);
    std::vector<double> out;
    double lr = base * startFactor; // LinearLR at last_epoch 0
    out.push_back(lr);
    for (int e = 1; e < warmup; ++e) {
        lr = lr *
             (1. + (1.0 - startFactor) / (warmup * startFactor + (e - 1) * (1.0 - startFactor)));
        out.push_back(lr);
    }
    // At the milestone SequentialLR calls the cosine's step(0): its closed form, base at 0.
    const std::vector<double> cosine = cosineLr(base, epochs - warmup, 0, epochs - warmup);
    out.insert(out.end(), cosine.begin(), cosine.end());
    return out;
}

OneCycleSchedule oneCycleLr(double maxLr, int totalSteps, double pctStart, double divFactor,
                            double finalDivFactor, double baseMomentum, double maxMomentum)
{
    requireEpochs(totalSteps);
    if (!(pctStart >= 0 && pctStart <= 1))
        throw InputError("OneCycleLR's pct_start must lie in [0, 1]");
    const double initialLr = maxLr / divFactor;
    const double minLr = initialLr / finalDivFactor;
    struct Phase {
        double endStep, startLr, endLr, startMomentum, endMomentum;
    };
    const Phase phases[2] = {
        {double(pctStart * totalSteps) - 1, initialLr, maxLr, maxMomentum, baseMomentum},
        {double(totalSteps - 1), maxLr, minLr, baseMomentum, maxMomentum}};
    const auto anneal = [](double start, double end, double pct) {
        const double cosOut = std::cos(kPi * pct) + 1;
        return end + (start - end) / 2.0 * cosOut;
    };
    OneCycleSchedule out;
    for (int step = 0; step < totalSteps; ++step) {
        double startStep = 0;
        for (int i = 0; i < 2; ++i) {
            const Phase& phase = phases[i];
            if (step <= phase.endStep || i == 1) {
                const double pct = (step - startStep) / (phase.endStep - startStep);
                out.lr.push_back(anneal(phase.startLr, phase.endLr, pct));
                out.momentum.push_back(anneal(phase.startMomentum, phase.endMomentum, pct));
                break;
            }
            startStep = phase.endStep;
        }
    }
    return out;
}

PlateauScheduler::PlateauScheduler(double lr, double factor, int patience, double threshold)
    : m_lr(lr), m_factor(factor), m_threshold(threshold), m_patience(patience),
      m_best(std::numeric_limits<double>::infinity())
{
    if (!(factor > 0 && factor < 1))
        throw InputError("ReduceLROnPlateau's factor must lie in (0, 1)");
    if (patience < 0)
        throw InputError("ReduceLROnPlateau's patience must not be negative");
}

void PlateauScheduler::step(double metric)
{
    if (metric < m_best * (1. - m_threshold)) {
        m_best = metric;
        m_badEpochs = 0;
    } else {
        ++m_badEpochs;
    }
    if (m_badEpochs > m_patience) {
        const double newLr = std::max(m_lr * m_factor, 0.0);
        if (m_lr - newLr > 1e-8)
            m_lr = newLr;
        m_badEpochs = 0;
    }
}

std::vector<double> plateauLr(double base, const std::vector<double>& metrics, double factor,
                              int patience, double threshold)
{
    PlateauScheduler scheduler(base, factor, patience, threshold);
    std::vector<double> out{scheduler.lr()};
    for (double metric : metrics) {
        scheduler.step(metric);
        out.push_back(scheduler.lr());
    }
    return out;
}

std::vector<double> rangeTestLrs(double start, double end, int steps)
{
    if (!(start > 0 && end > start))
        throw InputError("the range test needs 0 < start lr < end lr");
    if (steps < 3)
        throw InputError("the range test needs at least 3 steps, not " + std::to_string(steps));
    std::vector<double> out;
    for (int k = 0; k < steps; ++k)
        out.push_back(start * std::pow(end / start, double(k) / double(steps - 1)));
    return out;
}

std::vector<double> smoothLosses(const std::vector<double>& losses, double beta)
{
    if (!(beta >= 0 && beta < 1))
        throw InputError("the smoothing factor must lie in [0, 1)");
    std::vector<double> out;
    double average = 0, power = 1;
    for (double loss : losses) {
        average = beta * average + (1 - beta) * loss;
        power *= beta;
        out.push_back(average / (1 - power));
    }
    return out;
}

LrSuggestion suggestLr(const std::vector<double>& lrs, const std::vector<double>& smoothed,
                       LrRule rule)
{
    if (lrs.size() != smoothed.size())
        throw InputError("the range test has " + std::to_string(lrs.size()) +
                         " learning rates but " + std::to_string(smoothed.size()) + " losses");
    if (lrs.size() < 3)
        throw InputError("the range test stopped after " + std::to_string(lrs.size()) +
                         " steps: too few to read (the loss exploded at once; lower the start lr)");
    const std::size_t n = lrs.size();
    LrSuggestion s;
    s.minIndex = std::size_t(std::min_element(smoothed.begin(), smoothed.end()) - smoothed.begin());
    std::vector<double> slope(n);
    for (std::size_t i = 0; i < n; ++i) {
        const std::size_t a = i == 0 ? 0 : i - 1, b = i + 1 == n ? i : i + 1;
        slope[i] = (smoothed[b] - smoothed[a]) / (std::log10(lrs[b]) - std::log10(lrs[a]));
    }
    if (rule == LrRule::MinOverTen) {
        s.index = s.minIndex;
        s.lr = lrs[s.minIndex] / 10;
    } else {
        // The first tenth is left out, as fast.ai's plot leaves out its first points: the
        // bias-corrected average still moves there with single minibatches.
        const std::size_t skip = std::min(n / 10, s.minIndex);
        s.index = std::size_t(std::min_element(slope.begin() + std::ptrdiff_t(skip),
                                               slope.begin() + std::ptrdiff_t(s.minIndex) + 1) -
                              slope.begin());
        s.lr = lrs[s.index];
    }
    s.slope = slope[s.index];
    return s;
}

NoiseScale gradientNoiseScale(const std::vector<double>& grads, std::size_t n, std::size_t p)
{
    if (n == 0 || p == 0 || grads.size() != n * p)
        throw InputError("per-example gradients: " + std::to_string(grads.size()) +
                         " numbers are not " + std::to_string(n) + " rows of " + std::to_string(p));
    std::vector<double> mean(p, 0.0);
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = 0; j < p; ++j)
            mean[j] += grads[i * p + j];
    for (double& m : mean)
        m /= double(n);
    NoiseScale s;
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = 0; j < p; ++j) {
            const double d = grads[i * p + j] - mean[j];
            s.traceSigma += d * d;
        }
    s.traceSigma /= double(n);
    for (double m : mean)
        s.gradNorm2 += m * m;
    s.bSimple =
        s.gradNorm2 > 0 ? s.traceSigma / s.gradNorm2 : std::numeric_limits<double>::infinity();
    return s;
}

} // namespace mllab
