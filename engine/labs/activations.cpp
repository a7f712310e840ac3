#include "engine/labs/activations.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <functional>

namespace mllab::labs {

namespace {

double sigmoid(double x)
{
    return 1.0 / (1.0 + std::exp(-x));
}

/// f(x) and f'(x) of one function.
std::pair<double, double> evaluate(const std::string& id, double x, const ActivationsLabParams& p)
{
    if (id == "relu")
        return {std::max(0.0, x), x > 0 ? 1.0 : 0.0};
    if (id == "leaky-relu")
        return {x > 0 ? x : p.leakySlope * x, x > 0 ? 1.0 : p.leakySlope};
    if (id == "elu")
        return {x > 0 ? x : p.eluAlpha * std::expm1(x), x > 0 ? 1.0 : p.eluAlpha * std::exp(x)};
    if (id == "gelu") {
        const double cdf = 0.5 * std::erfc(-x / std::sqrt(2.0));
        const double pdf = std::exp(-0.5 * x * x) / std::sqrt(2.0 * M_PI);
        return {x * cdf, cdf + x * pdf};
    }
    if (id == "silu") {
        const double s = sigmoid(x);
        return {x * s, s * (1.0 + x * (1.0 - s))};
    }
    if (id == "sigmoid") {
        const double s = sigmoid(x);
        return {s, s * (1.0 - s)};
    }
    if (id == "tanh") {
        const double t = std::tanh(x);
        return {t, 1.0 - t * t};
    }
    // softplus log(1 + e^x), computed without overflow
    return {x > 20 ? x : std::log1p(std::exp(x)), sigmoid(x)};
}

/// The x intervals where |f'| stays below the threshold (grid resolution).
std::vector<std::pair<double, double>> saturatedIntervals(const std::vector<double>& x,
                                                          const std::vector<double>& d,
                                                          double threshold)
{
    std::vector<std::pair<double, double>> intervals;
    for (std::size_t i = 0; i < x.size(); ++i) {
        if (std::abs(d[i]) >= threshold)
            continue;
        if (!intervals.empty() && intervals.back().second == x[i - 1])
            intervals.back().second = x[i];
        else
            intervals.push_back({x[i], x[i]});
    }
    return intervals;
}

ActivationCurve curveOf(const std::string& id, const std::vector<double>& x,
                        const ActivationsLabParams& p)
{
    ActivationCurve c;
    c.id = id;
    for (double xi : x) {
        const auto [f, d] = evaluate(id, xi, p);
        c.value.push_back(f);
        c.derivative.push_back(d);
    }
    const auto top = std::max_element(c.derivative.begin(), c.derivative.end());
    c.maxDerivative = *top;
    c.maxDerivativeAt = x[std::size_t(top - c.derivative.begin())];
    c.derivativeAtZero = evaluate(id, 0.0, p).second;
    c.saturated = saturatedIntervals(x, c.derivative, p.saturation);
    // Each grid point stands for an equal share of the interval.
    const auto count = std::count_if(c.derivative.begin(), c.derivative.end(),
                                     [&](double d) { return std::abs(d) < p.saturation; });
    c.saturatedFraction = double(count) / double(x.size());
    return c;
}

} // namespace

const std::vector<std::string>& activationIds()
{
    static const std::vector<std::string> ids = {"relu", "leaky-relu", "elu",  "gelu",
                                                 "silu", "sigmoid",    "tanh", "softplus"};
    return ids;
}

ActivationsLabParams activationsLabParams(const LabState& state)
{
    ActivationsLabParams p;
    p.functions = splitList(state.text("functions"));
    p.xMin = state.number("x_min");
    p.xMax = state.number("x_max");
    p.leakySlope = state.number("leaky_slope");
    p.eluAlpha = state.number("elu_alpha");
    p.saturation = state.number("saturation");
    return p;
}

ActivationsLabResult computeActivationsLab(const ActivationsLabParams& p, const Progress& progress)
{
    if (p.functions.empty())
        throw InputError("Choose at least one function.");
    for (const std::string& id : p.functions)
        if (std::find(activationIds().begin(), activationIds().end(), id) == activationIds().end())
            throw InputError("unknown activation function '" + id +
                             "' (known: relu, leaky-relu, elu, gelu, silu, sigmoid, tanh, softplus)");
    if (!(p.xMin < p.xMax) || p.points < 2)
        throw InputError("the interval is empty: from x must be below to x");
    ActivationsLabResult r;
    r.saturation = p.saturation;
    for (int i = 0; i < p.points; ++i)
        r.x.push_back(p.xMin + (p.xMax - p.xMin) * i / (p.points - 1));
    for (const std::string& id : p.functions) {
        progress.checkCancelled();
        r.curves.push_back(curveOf(id, r.x, p));
    }
    return r;
}

nlohmann::json activationsLabJson(const ActivationsLabResult& r)
{
    nlohmann::json functions = nlohmann::json::array();
    for (const ActivationCurve& c : r.curves) {
        nlohmann::json atWhole = nlohmann::json::array();
        for (std::size_t i = 0; i < r.x.size(); ++i)
            if (std::abs(r.x[i] - std::round(r.x[i])) < 1e-9)
                atWhole.push_back({{"x", std::round(r.x[i])}, {"f", c.value[i]}, {"df", c.derivative[i]}});
        nlohmann::json intervals = nlohmann::json::array();
        for (const auto& [a, b] : c.saturated)
            intervals.push_back({a, b});
        functions.push_back({{"id", c.id},
                             {"saturated_fraction", c.saturatedFraction},
                             {"saturated", intervals},
                             {"max_derivative", c.maxDerivative},
                             {"max_derivative_at", c.maxDerivativeAt},
                             {"derivative_at_zero", c.derivativeAtZero},
                             {"at_whole_numbers", atWhole}});
    }
    return {{"saturation", r.saturation}, {"functions", functions}};
}

} // namespace mllab::labs
