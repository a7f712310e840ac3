// The parameter declaration of the regularization lab, apart from its computation: the registry,
// links, state files and lessons read it without linking what the lab computes.

#include "engine/labs/regularization.h"

namespace mllab::labs {

namespace {

std::vector<ParamSpec> geometryParamSpecs()
{
    ParamSpec budget{"budget", "Budget t", ParamType::Number, 1.0, 0.02, 3, 0.01};
    budget.widget = ParamWidget::Slider;
    budget.group = "geometry";
    budget.help = "Budget t of every region: drag it down and watch the L1 optimum land on an axis";
    ParamSpec ratio{"l1_ratio", "Elastic r", ParamType::Number, 0.5, 0, 1, 0.01};
    ratio.widget = ParamWidget::Slider;
    ratio.oldKeys = {"l1-ratio"};
    ratio.group = "geometry";
    ratio.help = "Mix of the elastic-net region: 1 is the L1 diamond, 0 the L2 circle";
    ParamSpec loss{"loss", "Loss from", ParamType::Choice, std::string("manual")};
    loss.choices = {"manual", "bmi,s5", "bmi,bp", "s1,s2"};
    loss.choiceLabels = {"manual ρ, ŵ", "diabetes bmi, s5", "diabetes bmi, bp", "diabetes s1, s2"};
    loss.group = "geometry";
    loss.help = "The loss: set by hand, or the squared error of two standardized diabetes features";
    ParamSpec correlation{"correlation", "Corr. ρ", ParamType::Number, 0.5, -0.95, 0.95, 0.01};
    correlation.widget = ParamWidget::Slider;
    correlation.enabledWhen = "loss=manual";
    correlation.group = "geometry";
    correlation.help = "Correlation of the two features: it tilts the loss ellipses";
    ParamSpec centre{"centre", "Centre ŵ", ParamType::Text, std::string("1.5,0.6")};
    centre.enabledWhen = "loss=manual";
    centre.group = "geometry";
    centre.help = "The unconstrained optimum ŵ: two numbers from -3 to 3, like 1.5,0.6";
    return {budget, ratio, loss, correlation, centre};
}

std::vector<ParamSpec> pathParamSpecs()
{
    ParamSpec penalty{"penalty", "Penalty", ParamType::Choice, std::string("lasso")};
    penalty.choices = {"lasso", "ridge"};
    penalty.group = "paths";
    penalty.help = "Lasso (L1) or ridge (L2) coefficient paths on the diabetes data";
    ParamSpec validation{"validation", "Validation", ParamType::Number, 0.25, 0.1, 0.5, 0.01};
    validation.widget = ParamWidget::SpinBox;
    validation.decimals = 0;
    validation.displayScale = 100;
    validation.unit = "%";
    validation.group = "paths";
    validation.help = "Share of the 442 patients held out to measure validation error";
    ParamSpec alpha{"alpha", "Read at α", ParamType::Number, 1.0, 0, 1e12};
    alpha.widget = ParamWidget::Slider;
    alpha.group = "paths";
    alpha.help = "Read the coefficients at one alpha (no recomputation)";
    ParamSpec seed = seedParam("The same seed holds out the same patients");
    seed.group = "paths";
    ParamSpec tab = tabsParam("tab", {"geometry", "paths", "weight-decay"}, "The page shown");
    tab.choiceLabels = {"Geometry", "Paths", "Weight decay"};
    return {penalty, validation, alpha, seed, tab};
}

} // namespace

const LabSpec& regularizationLabSpec()
{
    static const LabSpec spec = [] {
        LabSpec s{"regularization", "Regularization: L1, L2 and paths",
                  "See why the L1 diamond zeroes weights and the L2 circle does not, and follow "
                  "lasso and ridge coefficients as the penalty grows."};
        s.params = geometryParamSpecs();
        for (ParamSpec& p : pathParamSpecs())
            s.params.push_back(std::move(p));
        return s;
    }();
    return spec;
}

} // namespace mllab::labs
