// The parameter declaration of the optimizers lab, apart from its computation: the registry,
// links, state files and lessons read it without linking what the lab computes.

#include "engine/labs/optimizers.h"

namespace mllab::labs {

namespace {

ParamSpec number(const char* key, const char* label, double value, double min, double max,
                 double step, const char* help)
{
    ParamSpec p{key, label, ParamType::Number, value, min, max, step};
    p.help = help;
    return p;
}

std::vector<ParamSpec> surfaceParams()
{
    ParamSpec surface{"surface", "Surface", ParamType::Choice, std::string("quadratic")};
    surface.choices = {"quadratic", "rosenbrock", "saddle", "bumpy"};
    surface.choiceLabels = {"Ill-conditioned quadratic", "Rosenbrock valley", "Saddle",
                            "Bumpy (many minima)"};
    surface.help = "quadratic (x² + K·y²)/2; Rosenbrock (1−x)² + 100(y−x²)²; saddle (x² − y²)/2; "
                   "bumpy (x² + y²)/10 + sin 3x · sin 3y / 2";
    ParamSpec condition = number("condition", "Condition κ", 10, 1, 1000, 1,
                                 "The quadratic's condition number: its curvature along y over "
                                 "along x");
    condition.widget = ParamWidget::Slider;
    condition.decimals = -1;
    condition.stops = {1, 2, 5, 10, 20, 50, 100, 200, 500, 1000};
    condition.visibleWhen = "surface=quadratic";
    ParamSpec startX = number("start_x", "Start x", -1.5, -3, 3, 0.1,
                              "Where every optimizer starts (or click the contour plot)");
    ParamSpec startY = number("start_y", "Start y", 1.5, -3, 3, 0.1,
                              "Where every optimizer starts (or click the contour plot)");
    return {surface, condition, startX, startY};
}

std::vector<ParamSpec> optimizerParams()
{
    ParamSpec racers{"optimizers", "Optimizers", ParamType::Text,
                     std::string("sgd,momentum,nesterov,rmsprop,adam,adamw")};
    racers.help = "The optimizers that race, comma separated: sgd, momentum, nesterov, rmsprop, "
                  "adam, adamw";
    ParamSpec lr = number("lr", "SGD lr", 0.05, 0.0001, 2, 0.0001,
                          "Learning rate of SGD, momentum and Nesterov");
    lr.decimals = -1;
    lr.stops = {0.0001, 0.0003, 0.001, 0.003, 0.01, 0.02, 0.05, 0.1,
                0.15,   0.19,   0.2,   0.3,   0.5,  1,    2};
    lr.widget = ParamWidget::Slider;
    ParamSpec adaptive = number("adaptive_lr", "Adaptive lr", 0.05, 0.0001, 2, 0.0001,
                                "Learning rate of RMSprop, Adam and AdamW");
    adaptive.decimals = -1;
    adaptive.stops = lr.stops;
    adaptive.widget = ParamWidget::Slider;
    ParamSpec momentum = number("momentum", "Momentum β", 0.9, 0, 0.99, 0.01,
                                "Momentum of the momentum and Nesterov racers (torch's SGD)");
    momentum.widget = ParamWidget::Slider;
    ParamSpec beta1 =
        number("beta1", "Adam β₁", 0.9, 0, 0.999, 0.001, "Decay of the mean gradient");
    beta1.decimals = 3;
    ParamSpec beta2 =
        number("beta2", "Adam β₂", 0.999, 0, 0.9999, 0.0001, "Decay of the mean squared gradient");
    beta2.decimals = 4;
    ParamSpec eps = number("eps", "ε", 1e-8, 0, 1, 1e-8,
                           "Added to the root of the squared "
                           "gradient (RMSprop, Adam, AdamW)");
    eps.decimals = -1;
    eps.widget = ParamWidget::Slider;
    eps.stops = {0, 1e-10, 1e-8, 1e-6, 1e-4, 0.001, 0.01, 0.1, 1};
    ParamSpec decay = number("weight_decay", "Weight decay", 0, 0, 1, 0.001,
                             "L2 added to the gradient (SGD, RMSprop, Adam); decoupled for AdamW");
    decay.decimals = 3;
    ParamSpec bias{"bias_correction", "Adam bias correction", ParamType::Bool, true};
    bias.help = "Divide Adam's averages by 1 − βᵗ (torch always does; off shows why)";
    return {racers, lr, adaptive, momentum, beta1, beta2, eps, decay, bias};
}

std::vector<ParamSpec> runParams()
{
    ParamSpec noise = number("noise", "Gradient noise σ", 0, 0, 5, 0.05,
                             "Seeded N(0, σ²) added to each gradient component, as minibatches do");
    noise.widget = ParamWidget::Slider;
    ParamSpec steps{"steps", "Steps", ParamType::Integer, 300LL, 10, 5000, 10};
    steps.help = "Updates per optimizer";
    ParamSpec netEpochs{"net_epochs", "Network epochs", ParamType::Integer, 150LL, 10, 1000, 10};
    netEpochs.help = "Full-batch steps of the MLP on the wine data, one run per optimizer";
    netEpochs.visibleWhen = "tab=network";
    ParamSpec landscape{"landscape", "Landscape of", ParamType::Choice, std::string("adam")};
    landscape.choices = racerIds();
    landscape.choiceLabels = {"SGD", "Momentum", "Nesterov", "RMSprop", "Adam", "AdamW"};
    landscape.help = "Whose path and loss plane the network view draws";
    landscape.visibleWhen = "tab=network";
    return {noise,     seedParam("Seed of the gradient noise and of the network's initial weights"),
            steps,     netEpochs,
            landscape, tabsParam("tab", {"race", "loss", "network"}, "The chart shown")};
}

} // namespace

const std::vector<std::string>& racerIds()
{
    static const std::vector<std::string> ids{"sgd",     "momentum", "nesterov",
                                              "rmsprop", "adam",     "adamw"};
    return ids;
}

const LabSpec& optimizersLabSpec()
{
    static const LabSpec spec = [] {
        LabSpec s{"optimizers", "Optimizer race",
                  "SGD, momentum, Nesterov, RMSprop, Adam and AdamW from one start on the same "
                  "surface, with torch.optim's update rules."};
        s.needsTorch = true; // the network race (optimizer_network.cpp)
        for (auto* group : {&surfaceParams, &optimizerParams, &runParams})
            for (ParamSpec& p : (*group)())
                s.params.push_back(std::move(p));
        return s;
    }();
    return spec;
}

} // namespace mllab::labs
