#pragma once
// Learning-rate schedules, the LR range test's reading and the gradient noise scale, as pure
// functions (no libtorch; the lr-schedule lab trains with them in engine/labs/lr_schedule.cpp).
//
// The schedules follow torch.optim.lr_scheduler of PyTorch 1.13 step for step, in its recursive
// ("chainable") forms, so that they agree with it to rounding (tests/engine/tst_lrschedule.cpp
// compares with bench/lr_schedule_reference.py within 1e-12). Each returns the learning rate
// every epoch trains with: entry e is the optimizer's lr after e calls of scheduler.step().

#include <cstddef>
#include <string>
#include <vector>

namespace mllab {

/// StepLR(step_size, gamma): lr_e = lr_{e-1}·γ when e > 0 is a multiple of step_size, else
/// lr_{e-1}; that is base·γ^⌊e/step_size⌋.
std::vector<double> stepLr(double base, int stepSize, double gamma, int epochs);

/// CosineAnnealingLR(T_max, eta_min): η_min + (base − η_min)(1 + cos(π e/T_max))/2 for e ≤ T_max,
/// computed as PyTorch's recursion (which climbs back up beyond T_max, period 2·T_max).
std::vector<double> cosineLr(double base, int tMax, double etaMin, int epochs);

/// SequentialLR([LinearLR(start_factor, 1.0, total_iters=warmup), CosineAnnealingLR(T_max =
/// epochs − warmup)], milestones=[warmup]): a linear climb from base·start_factor to base over
/// `warmup` epochs, then a cosine to 0. warmup = 0 is the plain cosine.
std::vector<double> warmupCosineLr(double base, int warmup, double startFactor, int epochs);

/// OneCycleLR(max_lr, total_steps) with PyTorch's defaults: pct_start 0.3, anneal_strategy
/// 'cos', div_factor 25 (start at max_lr/25), final_div_factor 1e4 (end at max_lr/25/1e4),
/// three_phase False, and cycle_momentum with base_momentum 0.85 / max_momentum 0.95 (SGD's
/// momentum or Adam's β1 moves against the learning rate).
struct OneCycleSchedule {
    std::vector<double> lr, momentum;
};
OneCycleSchedule oneCycleLr(double maxLr, int totalSteps, double pctStart = 0.3,
                            double divFactor = 25, double finalDivFactor = 1e4,
                            double baseMomentum = 0.85, double maxMomentum = 0.95);

/// ReduceLROnPlateau(mode='min', factor, patience, threshold, threshold_mode='rel', cooldown=0,
/// min_lr=0, eps=1e-8): a metric is an improvement when it is below best·(1 − threshold); after
/// more than `patience` epochs without one, lr becomes lr·factor (unless that changes it by no
/// more than eps) and the count starts again.
class PlateauScheduler {
public:
    PlateauScheduler(double lr, double factor, int patience, double threshold);
    double lr() const { return m_lr; }
    /// One epoch's metric (validation loss); NaN counts as no improvement, as in PyTorch.
    void step(double metric);

private:
    double m_lr, m_factor, m_threshold;
    int m_patience;
    double m_best;
    int m_badEpochs = 0;
};
/// The learning rates of a ReduceLROnPlateau stepped with `metrics`: metrics.size() + 1 values,
/// the last one after the last step.
std::vector<double> plateauLr(double base, const std::vector<double>& metrics, double factor,
                              int patience, double threshold);

/// The LR range test (Smith 2017, "Cyclical learning rates"; fast.ai's lr_find): lr_k =
/// start·(end/start)^(k/(steps−1)), one minibatch each.
std::vector<double> rangeTestLrs(double start, double end, int steps);
/// fast.ai's smoothing: a = β·a + (1 − β)·loss, shown as a/(1 − β^(k+1)) (bias-corrected).
std::vector<double> smoothLosses(const std::vector<double>& losses, double beta);

enum class LrRule {
    Steepest,  ///< where the smoothed loss falls fastest per decade of lr, before its minimum
    MinOverTen ///< a tenth of the lr at the smoothed loss's minimum
};
struct LrSuggestion {
    std::size_t index = 0;    ///< the point the rule picks (Steepest) or the minimum (MinOverTen)
    double lr = 0;            ///< the suggested learning rate
    std::size_t minIndex = 0; ///< the smoothed loss's minimum
    double slope = 0;         ///< d(smoothed loss)/d log10(lr) at `index` (negative where it falls)
};
/// Reads a range test: the slope is the central difference of the smoothed loss over log10(lr)
/// (one-sided at the ends), searched from a tenth of the points in up to the minimum; throws
/// InputError for fewer than 3 points or when lengths differ.
LrSuggestion suggestLr(const std::vector<double>& lrs, const std::vector<double>& smoothed,
                       LrRule rule);

/// The simple gradient noise scale B_simple = tr(Σ)/|G|² (McCandlish et al. 2018, "An empirical
/// model of large-batch training"), from per-example gradients over a whole training set: G is
/// their mean (the full-batch gradient) and Σ their covariance over the set, tr(Σ) = (1/n)·Σ|g_i −
/// G|². Around B_simple examples per batch, a step starts to gain little from a larger batch.
struct NoiseScale {
    double traceSigma = 0, gradNorm2 = 0, bSimple = 0;
};
/// `grads` holds n rows of p numbers (row-major); throws InputError for an empty set or a size
/// that is not n·p.
NoiseScale gradientNoiseScale(const std::vector<double>& grads, std::size_t n, std::size_t p);

} // namespace mllab
