#pragma once
// Optimizers on 2-D surfaces in float64, with the update rules and defaults of torch.optim
// (PyTorch 1.13): SGD with momentum, dampening, Nesterov and L2 weight decay; RMSprop (alpha,
// eps added after the square root, optional momentum); Adam (L2 weight decay added to the
// gradient, bias-corrected) and AdamW (decoupled weight decay, default 0.01). Written by hand
// because a torch::optim step on a two-element tensor costs ~10 µs and six 1,000-step
// trajectories must redraw within a frame; tests/engine/tst_optimize.cpp holds them equal to
// torch::optim and to values from PyTorch itself. Adam without bias correction is ours.

#include "engine/progress.h"

#include <array>
#include <string>
#include <vector>

namespace mllab {

using Point2 = std::array<double, 2>;

/// quadratic (x² + K·y²)/2 with K the condition number; rosenbrock (1-x)² + 100(y-x²)²;
/// saddle (x² - y²)/2; bumpy (x² + y²)/10 + sin(3x)·sin(3y)/2, many local minima.
enum class Surface { Quadratic, Rosenbrock, Saddle, Bumpy };

/// "quadratic" | "rosenbrock" | "saddle" | "bumpy"; anything else is an InputError.
Surface surfaceFromName(const std::string& name);
double surfaceLoss(Surface surface, const Point2& p, double condition = 10);
Point2 surfaceGradient(Surface surface, const Point2& p, double condition = 10);
/// The lowest value of the surface (0; -inf for the saddle, which is unbounded below), and where
/// (the saddle's stationary point).
Point2 surfaceMinimum(Surface surface);

enum class OptimizerKind { Sgd, RmsProp, Adam, AdamW };
/// "sgd" | "rmsprop" | "adam" | "adamw"; anything else is an InputError.
OptimizerKind optimizerFromName(const std::string& name);

struct OptimizerSettings {
    OptimizerKind kind = OptimizerKind::Sgd;
    double lr = 0.01;
    double momentum = 0;   ///< SGD and RMSprop
    double dampening = 0;  ///< SGD
    bool nesterov = false; ///< SGD (needs momentum > 0 and dampening 0, as torch)
    double alpha = 0.99;   ///< RMSprop's smoothing constant
    double beta1 = 0.9, beta2 = 0.999;
    double eps = 1e-8;
    double weightDecay = -1;    ///< < 0: torch's default (0; AdamW 0.01)
    bool biasCorrection = true; ///< Adam and AdamW; torch always corrects
    double noise = 0;           ///< σ of the N(0, σ²) added to each gradient component
    unsigned long long seed = 0;
};

/// The weight decay that applies: the setting, or torch's default for the optimizer.
double effectiveWeightDecay(const OptimizerSettings& settings);
/// InputError naming the setting outside torch.optim's accepted range (lr < 0, momentum < 0,
/// Nesterov without momentum or with dampening, betas outside [0, 1), eps < 0, ...).
void validateOptimizer(const OptimizerSettings& settings);

struct Trajectory {
    std::vector<Point2> points; ///< steps + 1 points, the start first
    std::vector<double> loss;   ///< at each point
    bool diverged = false;      ///< a coordinate left ±1e150 or became NaN; the rest is cut
};

/// `steps` updates from `start` on the surface (each gradient plus the seeded noise).
Trajectory optimize(Surface surface, double condition, const OptimizerSettings& settings,
                    const Point2& start, int steps, const Progress& progress = {});

/// The quadratic's convergence rates per step of the distance to the optimum: plain gradient
/// descent at this lr, max|1 - lr·λ| over λ ∈ {1, K}; heavy-ball momentum at this lr and β, the
/// spectral radius of its two-step recursion; and the best each can do: (κ-1)/(κ+1) at
/// lr = 2/(1+κ), (√κ-1)/(√κ+1) with tuned lr and β.
struct QuadraticRates {
    double stabilityLimit = 0; ///< lr < 2/λmax keeps plain gradient descent stable
    double plainAtLr = 0;
    double momentumAtLr = 0;
    double plainBest = 0;
    double momentumBest = 0;
};
QuadraticRates quadraticRates(double condition, double lr, double momentum);

/// The measured rate of a trajectory: the per-step factor of the distance to `optimum` over its
/// second half (geometric mean); 0 once it sits on the optimum.
double measuredRate(const Trajectory& trajectory, const Point2& optimum);

} // namespace mllab
