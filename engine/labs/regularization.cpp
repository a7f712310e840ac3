#include "engine/labs/regularization.h"

#include "engine/datapaths.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>

namespace mllab::labs {

namespace {

constexpr const char* kTarget = "progression";
constexpr double kMaxCentre = 3;

bool parseNumber(std::string_view text, double& out)
{
    while (!text.empty() && text.front() == ' ')
        text.remove_prefix(1);
    while (!text.empty() && text.back() == ' ')
        text.remove_suffix(1);
    if (!text.empty() && text.front() == '+')
        text.remove_prefix(1);
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    return ec == std::errc() && end == text.data() + text.size() && std::isfinite(out);
}

std::array<double, 2> parseCentre(const std::string& text)
{
    const auto comma = text.find(',');
    std::array<double, 2> w{};
    if (comma == std::string::npos || !parseNumber(std::string_view(text).substr(0, comma), w[0]) ||
        !parseNumber(std::string_view(text).substr(comma + 1), w[1]) ||
        std::abs(w[0]) > kMaxCentre || std::abs(w[1]) > kMaxCentre)
        throw InputError("centre must be two numbers from -3 to 3, like 1.5,0.6 (got '" + text +
                         "')");
    return w;
}

RegularizationPathResult computePath(const RegularizationLabParams& p, const Progress& progress)
{
    if (p.lasso) {
        LassoPathParams lasso;
        lasso.data = diabetesData();
        lasso.standardize = true;
        lasso.validationFraction = p.validation;
        lasso.seed = p.seed;
        return computeLassoPath(lasso, progress);
    }
    RidgePathParams ridge;
    ridge.data = diabetesData();
    ridge.standardize = true;
    ridge.validationFraction = p.validation;
    ridge.seed = p.seed;
    return computeRidgePath(ridge, progress);
}

nlohmann::json solutionJson(const ConstrainedSolution& s)
{
    return {{"weights", s.weights},
            {"loss", s.loss},
            {"multiplier", s.multiplier},
            {"constraint_active", s.constraintActive},
            {"kkt_residual", s.kktResidual},
            {"zero_weights", s.zeroWeights}};
}

nlohmann::json geometryJson(const ConstrainedOptimumResult& r)
{
    return {{"budget", r.budget},
            {"l1_ratio", r.l1Ratio},
            {"centre", r.centre},
            {"correlation", r.hessian[1]},
            {"l1", solutionJson(r.l1)},
            {"l2", solutionJson(r.l2)},
            {"elastic_net", solutionJson(r.elasticNet)}};
}

nlohmann::json pathJson(const RegularizationPathResult& r, std::size_t a)
{
    nlohmann::json coefficients = nlohmann::json::object();
    for (std::size_t j = 0; j < r.featureNames.size(); ++j)
        coefficients[r.featureNames[j]] = r.coefs[a][j];
    nlohmann::json largest = nlohmann::json::array();
    for (std::size_t j : largestCoefficients(r, a))
        largest.push_back(r.featureNames[j]);
    const std::size_t best = std::size_t(r.bestIndex);
    return {{"penalty", r.sweeps.empty() ? "ridge" : "lasso"},
            {"features", r.featureNames},
            {"alphas", r.alphas},
            {"nonzero", r.nonzero},
            {"train_mse", r.trainMse},
            {"validation_mse", r.validationMse},
            {"best_alpha", r.alphas[best]},
            {"best_validation_mse", r.validationMse[best]},
            {"read_at",
             {{"alpha", r.alphas[a]},
              {"coefficients", coefficients},
              {"nonzero", r.nonzero[a]},
              {"validation_mse", r.validationMse[a]},
              {"largest", largest}}}};
}

} // namespace

RegularizationLabParams regularizationLabParams(const LabState& state)
{
    RegularizationLabParams p;
    p.budget = state.number("budget");
    p.l1Ratio = state.number("l1_ratio");
    p.loss = state.text("loss");
    p.correlation = state.number("correlation");
    p.centre = state.text("centre");
    p.lasso = state.text("penalty") == "lasso";
    p.validation = state.number("validation");
    p.alpha = state.number("alpha");
    p.seed = std::uint64_t(state.integer("seed"));
    return p;
}

RegressionData diabetesData(const std::vector<std::string>& features)
{
    return regressionDataFromCsvFile(dataDirectory() + "/datasets/diabetes.csv", kTarget, features);
}

ConstrainedOptimumParams geometryParams(const RegularizationLabParams& s)
{
    ConstrainedOptimumParams p;
    p.budget = s.budget;
    p.l1Ratio = s.l1Ratio;
    p.correlation = s.correlation;
    p.centre = parseCentre(s.centre);
    p.contourLevels = 8;
    p.contourPoints = 160;
    if (const auto comma = s.loss.find(','); comma != std::string::npos)
        p.data = diabetesData({s.loss.substr(0, comma), s.loss.substr(comma + 1)});
    return p;
}

std::size_t nearestAlphaIndex(const std::vector<double>& alphas, double alpha)
{
    if (!(alpha > 0))
        return alphas.empty() ? 0 : alphas.size() - 1;
    std::size_t nearest = 0;
    const auto distance = [alpha](double a) { return std::abs(std::log(a / alpha)); };
    for (std::size_t i = 1; i < alphas.size(); ++i)
        if (distance(alphas[i]) < distance(alphas[nearest]))
            nearest = i;
    return nearest;
}

std::vector<std::size_t> largestCoefficients(const RegularizationPathResult& path,
                                             std::size_t alphaIndex, std::size_t count)
{
    const std::vector<double>& coefs = path.coefs[alphaIndex];
    std::vector<std::size_t> order(coefs.size());
    for (std::size_t j = 0; j < order.size(); ++j)
        order[j] = j;
    std::sort(order.begin(), order.end(), [&](std::size_t i, std::size_t j) {
        return std::abs(coefs[i]) > std::abs(coefs[j]);
    });
    order.resize(std::min(count, order.size()));
    const auto isZero = [&](std::size_t j) { return coefs[j] == 0; };
    order.erase(std::remove_if(order.begin(), order.end(), isZero), order.end());
    return order;
}

RegularizationLabResult computeRegularizationLab(const RegularizationLabParams& p,
                                                 const Progress& progress)
{
    RegularizationLabResult r;
    r.geometry = computeConstrainedOptimum(geometryParams(p), progress);
    r.path = computePath(p, progress);
    r.alphaIndex = nearestAlphaIndex(r.path.alphas, p.alpha);
    return r;
}

nlohmann::json regularizationLabJson(const RegularizationLabResult& result)
{
    return {{"geometry", geometryJson(result.geometry)},
            {"path", pathJson(result.path, result.alphaIndex)}};
}

} // namespace mllab::labs
