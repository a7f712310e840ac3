// engine/labs/activations: the functions and derivatives against closed forms and PyTorch's
// definitions (GELU with erf, SiLU, softplus with beta = 1, ReLU'(0) = 0), derivatives against
// finite differences, the saturated regions against their analytic ends, the state's function
// list and the refused inputs.
#include "engine/labs/activations.h"
#include "tests/support/enginetest.h"

#include <nlohmann/json.hpp>

#include <cmath>

namespace ml = mllab::labs;

namespace {

ml::ActivationsLabParams allFunctions()
{
    ml::ActivationsLabParams p;
    p.functions = ml::activationIds();
    return p;
}

/// f and f' of one function at the grid point nearest x (the grid holds every 0.025 on [-5, 5]).
std::pair<double, double> at(const ml::ActivationsLabResult& r, const std::string& id, double x)
{
    std::size_t nearest = 0;
    for (std::size_t i = 0; i < r.x.size(); ++i)
        if (std::abs(r.x[i] - x) < std::abs(r.x[nearest] - x))
            nearest = i;
    for (const auto& c : r.curves)
        if (c.id == id)
            return {c.value[nearest], c.derivative[nearest]};
    throw std::runtime_error("no curve " + id);
}

const ml::ActivationCurve& curve(const ml::ActivationsLabResult& r, const std::string& id)
{
    for (const auto& c : r.curves)
        if (c.id == id)
            return c;
    throw std::runtime_error("no curve " + id);
}

} // namespace

ENGINE_TEST(valuesMatchClosedForms)
{
    const auto r = ml::computeActivationsLab(allFunctions());
    QCOMPARE(r.x.size(), std::size_t(401));
    // Values from the definitions, worked out by hand (as torch.nn.functional computes them).
    QFUZZY_COMPARE(at(r, "gelu", 1).first, 0.8413447460685429, 1e-12);     // 1 * Phi(1)
    QFUZZY_COMPARE(at(r, "gelu", -1).first, -0.15865525393145707, 1e-12);  // -1 * Phi(-1)
    QFUZZY_COMPARE(at(r, "silu", 1).first, 0.7310585786300049, 1e-12);     // sigmoid(1)
    QFUZZY_COMPARE(at(r, "softplus", 0).first, std::log(2.0), 1e-12);
    QFUZZY_COMPARE(at(r, "elu", -1).first, std::exp(-1.0) - 1, 1e-12);
    QFUZZY_COMPARE(at(r, "leaky-relu", -2).first, -0.02, 1e-12);
    QFUZZY_COMPARE(at(r, "tanh", 1).first, 0.7615941559557649, 1e-12);
    QCOMPARE(at(r, "relu", -3).first, 0.0);
    QCOMPARE(at(r, "relu", 3).first, 3.0);
    // Derivatives at 0: PyTorch's ReLU gradient at 0 is 0; sigmoid's is 1/4, tanh's 1.
    QCOMPARE(curve(r, "relu").derivativeAtZero, 0.0);
    QFUZZY_COMPARE(curve(r, "sigmoid").derivativeAtZero, 0.25, 1e-15);
    QFUZZY_COMPARE(curve(r, "tanh").derivativeAtZero, 1.0, 1e-15);
    QFUZZY_COMPARE(curve(r, "gelu").derivativeAtZero, 0.5, 1e-15);
    QFUZZY_COMPARE(curve(r, "sigmoid").maxDerivative, 0.25, 1e-15);
    QFUZZY_COMPARE(curve(r, "sigmoid").maxDerivativeAt + 1, 1.0, 1e-12);
}

ENGINE_TEST(derivativesMatchFiniteDifferences)
{
    // Central differences on a fine grid, away from the kinks of ReLU, leaky ReLU and ELU at 0.
    ml::ActivationsLabParams p = allFunctions();
    p.points = 20001;
    const auto r = ml::computeActivationsLab(p);
    const double h = r.x[1] - r.x[0];
    for (const auto& c : r.curves)
        for (std::size_t i = 1; i + 1 < r.x.size(); i += 97) {
            if (std::abs(r.x[i]) < 2 * h)
                continue;
            const double numeric = (c.value[i + 1] - c.value[i - 1]) / (2 * h);
            QVERIFY2(std::abs(numeric - c.derivative[i]) < 1e-5,
                     c.id + " at " + std::to_string(r.x[i]));
        }
}

ENGINE_TEST(softplusDoesNotOverflow)
{
    ml::ActivationsLabParams p;
    p.functions = {"softplus", "sigmoid", "silu"};
    p.xMin = -20;
    p.xMax = 20;
    const auto r = ml::computeActivationsLab(p);
    for (const auto& c : r.curves)
        for (std::size_t i = 0; i < r.x.size(); ++i)
            QVERIFY(std::isfinite(c.value[i]) && std::isfinite(c.derivative[i]));
    QFUZZY_COMPARE(at(r, "softplus", 20).first, 20.0, 1e-8);
}

ENGINE_TEST(saturatedRegionsEndWhereTheDerivativeCrossesTheThreshold)
{
    // sigmoid'(x) = s(1 - s) < t where s = (1 - sqrt(1 - 4t)) / 2, i.e. |x| > logit(s).
    const double t = 0.05;
    const double s = (1 - std::sqrt(1 - 4 * t)) / 2;
    const double edge = -std::log(s / (1 - s));  // about 2.998
    ml::ActivationsLabParams p;
    p.functions = {"sigmoid", "relu"};
    p.saturation = t;
    const auto r = ml::computeActivationsLab(p);
    const double step = r.x[1] - r.x[0];
    const auto& sigmoid = curve(r, "sigmoid");
    QCOMPARE(sigmoid.saturated.size(), std::size_t(2));
    QCOMPARE(sigmoid.saturated[0].first, -5.0);
    QVERIFY(std::abs(sigmoid.saturated[0].second + edge) <= step);
    QVERIFY(std::abs(sigmoid.saturated[1].first - edge) <= step);
    QCOMPARE(sigmoid.saturated[1].second, 5.0);
    QVERIFY(std::abs(sigmoid.saturatedFraction - 2 * (5 - edge) / 10) <= 2 * step / 10);
    // ReLU stops every gradient for x <= 0: half the interval.
    const auto& relu = curve(r, "relu");
    QCOMPARE(relu.saturated.size(), std::size_t(1));
    QCOMPARE(relu.saturated[0].second, 0.0);
    QVERIFY(std::abs(relu.saturatedFraction - 0.5) <= step / 10);
}

ENGINE_TEST(extremeThresholds)
{
    // At the largest threshold sigmoid (at most 0.25) saturates everywhere; at the smallest,
    // tanh still does at the ends of [-5, 5] (tanh'(5) is about 1.8e-4).
    ml::ActivationsLabParams p;
    p.functions = {"sigmoid", "tanh"};
    p.saturation = 0.5;
    QCOMPARE(curve(ml::computeActivationsLab(p), "sigmoid").saturatedFraction, 1.0);
    p.saturation = 0.001;
    const auto r = ml::computeActivationsLab(p);
    QVERIFY(curve(r, "tanh").saturatedFraction > 0);
    QVERIFY(curve(r, "tanh").saturatedFraction < 0.5);
}

ENGINE_TEST(stateListsFunctionsInItsOrder)
{
    const ml::LabSpec& spec = ml::activationsLabSpec();
    ml::LabState state = ml::defaultState(spec);
    QVERIFY(!ml::setFromText(spec, state, "functions", "tanh, gelu ,relu"));
    QCOMPARE(ml::activationsLabParams(state).functions,
             (std::vector<std::string>{"tanh", "gelu", "relu"}));
    const auto r = ml::computeActivationsLab(ml::activationsLabParams(state));
    QCOMPARE(r.curves.front().id, std::string("tanh"));
}

ENGINE_TEST(refusesBadInputs)
{
    ml::ActivationsLabParams p;
    p.functions = {};
    QVERIFY_THROWS_MESSAGE(ml::computeActivationsLab(p), mllab::InputError, "at least one");
    p.functions = {"relu", "swish2"};
    QVERIFY_THROWS_MESSAGE(ml::computeActivationsLab(p), mllab::InputError, "'swish2'");
    p.functions = {"relu"};
    p.xMin = 1;
    p.xMax = 1;
    QVERIFY_THROWS_MESSAGE(ml::computeActivationsLab(p), mllab::InputError, "interval");
}

ENGINE_TEST(jsonHoldsEachFunctionAtWholeNumbers)
{
    ml::ActivationsLabParams p;
    p.functions = {"relu", "gelu"};
    const nlohmann::json j = ml::activationsLabJson(ml::computeActivationsLab(p));
    QCOMPARE(j["saturation"].get<double>(), 0.05);
    QCOMPARE(j["functions"].size(), std::size_t(2));
    const auto& relu = j["functions"][0];
    QCOMPARE(relu["id"].get<std::string>(), std::string("relu"));
    QCOMPARE(relu["at_whole_numbers"].size(), std::size_t(11));  // -5 .. 5
    QCOMPARE(relu["at_whole_numbers"][8]["f"].get<double>(), 3.0);
    QCOMPARE(relu["at_whole_numbers"][8]["df"].get<double>(), 1.0);
}

ENGINE_TEST_MAIN(tst_activations)
