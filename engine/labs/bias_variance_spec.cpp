// The parameter declaration of the bias-variance lab, apart from its computation: the registry,
// links, state files and lessons read it without linking what the lab computes.

#include "engine/labs/bias_variance.h"

namespace mllab::labs {

namespace {

const std::vector<double> kRidgeStops = {0, 1e-4, 1e-3, 1e-2, 0.1, 1, 10};

ParamSpec ridgeParam(const std::string& key, const std::string& help)
{
    ParamSpec ridge{key, "Ridge λ", ParamType::Number, 0.0, 0, 1e6};
    ridge.widget = ParamWidget::ComboBox;
    ridge.stops = kRidgeStops;
    ridge.specialValueText = "none";
    ridge.help = help;
    return ridge;
}

std::vector<ParamSpec> modelParams()
{
    ParamSpec function{"function", "True f", ParamType::Choice, std::string("sin")};
    function.choices = {"sin", "cubic", "step"};
    function.choiceLabels = {"sin(πx)", "4x³ − 3x", "step at 0"};
    function.help = "The true function every training set is drawn from";
    ParamSpec noise{"noise", "Noise σ", ParamType::Number, 0.3, 0, 1.5, 0.01};
    noise.widget = ParamWidget::Slider;
    noise.help = "Standard deviation of the noise added to every target";
    ParamSpec n{"n", "Points n", ParamType::Integer, 30LL, 5, 200, 1};
    n.widget = ParamWidget::Slider;
    n.help = "Points in every training set";
    ParamSpec family{"family", "Model", ParamType::Choice, std::string("poly")};
    family.choices = {"poly", "knn"};
    family.choiceLabels = {"polynomial", "k-NN"};
    family.help = "Polynomial least squares, or k nearest neighbours";
    ParamSpec degree{"degree", "Degree", ParamType::Integer, 3LL, 1, kMaxPolynomialDegree, 1};
    degree.widget = ParamWidget::Slider;
    degree.visibleWhen = "family=poly";
    degree.help = "The polynomial's degree: the fan, the marked complexity and the learning curves";
    ParamSpec k{"k", "k", ParamType::Integer, 5LL, 1, kMaxNeighbours, 1};
    k.widget = ParamWidget::Slider;
    k.visibleWhen = "family=knn";
    k.help = "Neighbours averaged: smaller k is the more complex model";
    ParamSpec ridge = ridgeParam("ridge", "Ridge penalty of the polynomial fits (the constant is "
                                          "not penalised)");
    ridge.enabledWhen = "family=poly";
    return {function, noise, n, family, degree, k, ridge};
}

std::vector<ParamSpec> samplingParams()
{
    ParamSpec bootstraps{"bootstraps", "Sets", ParamType::Integer, 200LL, 2, kMaxBootstraps, 50};
    bootstraps.help = "Independent training sets drawn from the same distribution";
    ParamSpec seed = seedParam("The same seed draws the same training sets");
    ParamSpec ddN{"dd_n", "Points n", ParamType::Integer, 30LL, 5, 80, 1};
    ddN.oldKeys = {"dd-n"};
    ddN.group = "double-descent";
    ddN.help = "Training points of the double-descent tab: the peak sits at p = n";
    ParamSpec ddRidge = ridgeParam("dd_ridge", "Ridge penalty of the random-feature fits: a "
                                               "penalty removes the peak");
    ddRidge.oldKeys = {"dd-ridge"};
    ddRidge.group = "double-descent";
    ParamSpec tab = tabsParam("tab", {"fits", "learning", "double-descent"}, "The chart shown");
    tab.choiceLabels = {"Fits & error", "Learning curves", "Double descent"};
    return {bootstraps, seed, ddN, ddRidge, tab};
}

} // namespace

const LabSpec& biasVarianceLabSpec()
{
    static const LabSpec spec = [] {
        LabSpec s{"bias-variance", "Bias-variance and double descent",
                  "Fit many training sets, split the test error into bias², variance and noise, "
                  "read learning curves, and watch double descent."};
        s.params = modelParams();
        for (ParamSpec& p : samplingParams())
            s.params.push_back(std::move(p));
        return s;
    }();
    return spec;
}

} // namespace mllab::labs
