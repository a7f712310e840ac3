#include "engine/optimize.h"

#include <algorithm>
#include <cmath>
#include <complex>
#include <limits>
#include <random>

namespace mllab {

namespace {

constexpr double kDivergence = 1e150;

/// One optimizer's state between steps, torch.optim's buffers.
struct OptimizerState {
    Point2 momentumBuffer{};
    bool hasBuffer = false;
    Point2 squareAverage{};
    Point2 expAverage{}, expAverageSquare{};
    long long step = 0;
};

void sgdStep(const OptimizerSettings& s, double decay, OptimizerState& state, Point2& p, Point2 g)
{
    for (int i = 0; i < 2; ++i) {
        double d = g[std::size_t(i)] + decay * p[std::size_t(i)];
        if (s.momentum != 0) {
            double& buf = state.momentumBuffer[std::size_t(i)];
            buf = state.hasBuffer ? s.momentum * buf + (1 - s.dampening) * d : d;
            d = s.nesterov ? d + s.momentum * buf : buf;
        }
        p[std::size_t(i)] -= s.lr * d;
    }
    state.hasBuffer = true;
}

void rmsPropStep(const OptimizerSettings& s, double decay, OptimizerState& state, Point2& p,
                 Point2 g)
{
    for (int i = 0; i < 2; ++i) {
        const double d = g[std::size_t(i)] + decay * p[std::size_t(i)];
        double& avg = state.squareAverage[std::size_t(i)];
        avg = s.alpha * avg + (1 - s.alpha) * d * d;
        const double scaled = d / (std::sqrt(avg) + s.eps);
        if (s.momentum > 0) {
            double& buf = state.momentumBuffer[std::size_t(i)];
            buf = s.momentum * buf + scaled;
            p[std::size_t(i)] -= s.lr * buf;
        } else {
            p[std::size_t(i)] -= s.lr * scaled;
        }
    }
}

void adamStep(const OptimizerSettings& s, double decay, OptimizerState& state, Point2& p, Point2 g)
{
    ++state.step;
    const bool decoupled = s.kind == OptimizerKind::AdamW;
    const double correction1 = s.biasCorrection ? 1 - std::pow(s.beta1, double(state.step)) : 1;
    const double correction2 = s.biasCorrection ? 1 - std::pow(s.beta2, double(state.step)) : 1;
    const double stepSize = s.lr / correction1;
    const double correction2Root = std::sqrt(correction2);
    for (int i = 0; i < 2; ++i) {
        double& x = p[std::size_t(i)];
        if (decoupled)
            x *= 1 - s.lr * decay;
        const double d = g[std::size_t(i)] + (decoupled ? 0.0 : decay * x);
        double& m = state.expAverage[std::size_t(i)];
        double& v = state.expAverageSquare[std::size_t(i)];
        m += (d - m) * (1 - s.beta1); // torch's lerp_
        v = s.beta2 * v + (1 - s.beta2) * d * d;
        x -= stepSize * m / (std::sqrt(v) / correction2Root + s.eps);
    }
}

bool finite(const Point2& p)
{
    return std::isfinite(p[0]) && std::isfinite(p[1]) && std::abs(p[0]) < kDivergence &&
           std::abs(p[1]) < kDivergence;
}

double spectralRadius(double lr, double momentum, double lambda)
{
    // x_{k+1} = x_k - lr·λ·x_k + β(x_k - x_{k-1}): roots of z² - (1 + β - lr·λ)z + β.
    const std::complex<double> b = 1 + momentum - lr * lambda;
    const std::complex<double> root = std::sqrt(b * b - 4.0 * momentum);
    return std::max(std::abs((b + root) / 2.0), std::abs((b - root) / 2.0));
}

} // namespace

Surface surfaceFromName(const std::string& name)
{
    if (name == "quadratic")
        return Surface::Quadratic;
    if (name == "rosenbrock")
        return Surface::Rosenbrock;
    if (name == "saddle")
        return Surface::Saddle;
    if (name == "bumpy")
        return Surface::Bumpy;
    throw InputError("unknown surface '" + name + "' (quadratic, rosenbrock, saddle, bumpy)");
}

double surfaceLoss(Surface surface, const Point2& p, double condition)
{
    const double x = p[0], y = p[1];
    switch (surface) {
    case Surface::Quadratic:
        return (x * x + condition * y * y) / 2;
    case Surface::Rosenbrock:
        return (1 - x) * (1 - x) + 100 * (y - x * x) * (y - x * x);
    case Surface::Saddle:
        return (x * x - y * y) / 2;
    case Surface::Bumpy:
        return (x * x + y * y) / 10 + std::sin(3 * x) * std::sin(3 * y) / 2;
    }
    return 0;
}

Point2 surfaceGradient(Surface surface, const Point2& p, double condition)
{
    const double x = p[0], y = p[1];
    switch (surface) {
    case Surface::Quadratic:
        return {x, condition * y};
    case Surface::Rosenbrock:
        return {-2 * (1 - x) - 400 * x * (y - x * x), 200 * (y - x * x)};
    case Surface::Saddle:
        return {x, -y};
    case Surface::Bumpy:
        return {x / 5 + 1.5 * std::cos(3 * x) * std::sin(3 * y),
                y / 5 + 1.5 * std::sin(3 * x) * std::cos(3 * y)};
    }
    return {0, 0};
}

Point2 surfaceMinimum(Surface surface)
{
    return surface == Surface::Rosenbrock ? Point2{1, 1} : Point2{0, 0};
}

OptimizerKind optimizerFromName(const std::string& name)
{
    if (name == "sgd")
        return OptimizerKind::Sgd;
    if (name == "rmsprop")
        return OptimizerKind::RmsProp;
    if (name == "adam")
        return OptimizerKind::Adam;
    if (name == "adamw")
        return OptimizerKind::AdamW;
    throw InputError("unknown optimizer '" + name + "' (sgd, rmsprop, adam, adamw)");
}

double effectiveWeightDecay(const OptimizerSettings& s)
{
    if (s.weightDecay >= 0)
        return s.weightDecay;
    return s.kind == OptimizerKind::AdamW ? 0.01 : 0.0;
}

void validateOptimizer(const OptimizerSettings& s)
{
    const auto refuse = [](const std::string& what) { throw InputError(what); };
    if (!(s.lr >= 0))
        refuse("the learning rate must be 0 or more");
    if (!(s.momentum >= 0))
        refuse("momentum must be 0 or more");
    if (s.nesterov && (s.momentum <= 0 || s.dampening != 0))
        refuse("Nesterov momentum needs momentum > 0 and dampening 0");
    if (!(s.alpha >= 0))
        refuse("alpha must be 0 or more");
    if (!(s.beta1 >= 0 && s.beta1 < 1) || !(s.beta2 >= 0 && s.beta2 < 1))
        refuse("betas must be in [0, 1)");
    if (!(s.eps >= 0))
        refuse("eps must be 0 or more");
    if (!(s.noise >= 0))
        refuse("the gradient noise σ must be 0 or more");
}

Trajectory optimize(Surface surface, double condition, const OptimizerSettings& settings,
                    const Point2& start, int steps, const Progress& progress)
{
    validateOptimizer(settings);
    if (steps < 0)
        throw InputError("steps must be 0 or more");
    const double decay = effectiveWeightDecay(settings);
    std::mt19937_64 random(settings.seed);
    std::normal_distribution<double> noise(0.0, 1.0);
    OptimizerState state;
    Trajectory t;
    t.points.reserve(std::size_t(steps) + 1);
    t.loss.reserve(std::size_t(steps) + 1);
    Point2 p = start;
    t.points.push_back(p);
    t.loss.push_back(surfaceLoss(surface, p, condition));
    for (int k = 0; k < steps; ++k) {
        if ((k & 1023) == 1023)
            progress.checkCancelled();
        Point2 g = surfaceGradient(surface, p, condition);
        if (settings.noise > 0)
            for (double& component : g)
                component += settings.noise * noise(random);
        switch (settings.kind) {
        case OptimizerKind::Sgd:
            sgdStep(settings, decay, state, p, g);
            break;
        case OptimizerKind::RmsProp:
            rmsPropStep(settings, decay, state, p, g);
            break;
        case OptimizerKind::Adam:
        case OptimizerKind::AdamW:
            adamStep(settings, decay, state, p, g);
            break;
        }
        if (!finite(p)) {
            t.diverged = true;
            break;
        }
        t.points.push_back(p);
        t.loss.push_back(surfaceLoss(surface, p, condition));
    }
    return t;
}

QuadraticRates quadraticRates(double condition, double lr, double momentum)
{
    const double kappa = std::max(1.0, condition);
    QuadraticRates r;
    // λ ∈ {1, K}: with K < 1 the larger eigenvalue is 1.
    const double largest = std::max(1.0, condition), smallest = std::min(1.0, condition);
    r.stabilityLimit = 2 / largest;
    r.plainAtLr = std::max(std::abs(1 - lr * smallest), std::abs(1 - lr * largest));
    r.momentumAtLr =
        std::max(spectralRadius(lr, momentum, smallest), spectralRadius(lr, momentum, largest));
    r.plainBest = (kappa - 1) / (kappa + 1);
    r.momentumBest = (std::sqrt(kappa) - 1) / (std::sqrt(kappa) + 1);
    return r;
}

double measuredRate(const Trajectory& t, const Point2& optimum)
{
    const auto distance = [&](const Point2& p) {
        return std::hypot(p[0] - optimum[0], p[1] - optimum[1]);
    };
    if (t.diverged)
        return std::numeric_limits<double>::infinity();
    const std::size_t last = t.points.size() - 1;
    const std::size_t half = last / 2;
    if (last == half)
        return 1;
    const double from = distance(t.points[half]), to = distance(t.points[last]);
    if (from == 0 || to == 0)
        return 0;
    return std::pow(to / from, 1.0 / double(last - half));
}

} // namespace mllab
