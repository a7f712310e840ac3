// The gradient-flow lab's declaration, JSON and saturation rule (libtorch-free; the pipeline is
// gradient_flow.cpp).
#include "engine/labs/gradient_flow.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>

namespace mllab::labs {

namespace {

const std::vector<std::string>& activations()
{
    static const std::vector<std::string> ids = {"sigmoid", "tanh", "relu", "leaky-relu", "gelu"};
    return ids;
}

/// JSON null for NaN and infinities (JSON has no such numbers).
nlohmann::json number(double v)
{
    return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr);
}

nlohmann::json numbers(const std::vector<double>& values)
{
    nlohmann::json a = nlohmann::json::array();
    for (double v : values)
        a.push_back(number(v));
    return a;
}

nlohmann::json matrix(const std::vector<std::vector<double>>& rows)
{
    nlohmann::json a = nlohmann::json::array();
    for (const auto& row : rows)
        a.push_back(numbers(row));
    return a;
}

} // namespace

void checkActivation(const std::string& activation)
{
    if (std::find(activations().begin(), activations().end(), activation) == activations().end())
        throw InputError("unknown activation '" + activation +
                         "' (sigmoid, tanh, relu, leaky-relu, gelu)");
}

bool isSaturated(const std::string& activation, double z)
{
    if (activation == "sigmoid") {
        const double s = 1.0 / (1.0 + std::exp(-z));
        return s < 0.03 || s > 0.97;
    }
    if (activation == "tanh")
        return std::abs(std::tanh(z)) > 0.97;
    if (activation == "relu")
        return z <= 0;
    if (activation == "leaky-relu")
        return z < 0;
    if (activation == "gelu")
        return z < -3;
    checkActivation(activation);
    return false;
}

const LabSpec& gradientFlowLabSpec()
{
    static const LabSpec spec = [] {
        LabSpec s{"gradient-flow", "Gradient flow: activations, initialisation, depth",
                  "A deep MLP read layer by layer while it trains: where gradients vanish or "
                  "explode, which units saturate or die, and what initialisation, residual "
                  "connections, normalisation and clipping change."};
        s.needsTorch = true;
        ParamSpec dataset{"dataset", "Dataset", ParamType::Choice, std::string("breast-cancer")};
        dataset.choices = {"breast-cancer", "wine"};
        dataset.choiceLabels = {"Cancer", "Wine"};
        dataset.help = "A shipped dataset, standardised: Breast Cancer Wisconsin (30 features, 2 "
                       "classes) or Wine (13 features, 3 classes); a quarter is held out for "
                       "validation";
        ParamSpec depth{"depth", "Depth", ParamType::Integer, 10LL, 2, 50, 1};
        depth.widget = ParamWidget::Slider;
        depth.unit = "layers";
        depth.help = "Hidden layers, each Linear → normalisation → activation";
        ParamSpec width{"width", "Width", ParamType::Integer, 32LL, 4, 64, 1};
        width.stops = {4, 8, 16, 24, 32, 48, 64};
        width.widget = ParamWidget::Slider;
        width.unit = "units";
        width.help = "Units in every hidden layer";
        ParamSpec activation{"activation", "Activation", ParamType::Choice, std::string("tanh")};
        activation.choices = activations();
        activation.choiceLabels = {"sigmoid", "tanh", "ReLU", "leaky ReLU", "GELU"};
        activation.help = "The nonlinearity after every hidden layer";
        ParamSpec init{"init", "Init", ParamType::Choice, std::string("xavier")};
        init.choices = {"zero", "small", "xavier", "he", "large"};
        init.choiceLabels = {"zero", "too small", "Xavier", "He", "too large"};
        init.help = "How the weights start (biases at 0): zero; too small N(0, 0.01²); "
                    "Xavier/Glorot std √(2/(fan_in + fan_out)); He/Kaiming std √(2/fan_in); too "
                    "large N(0, 1)";
        ParamSpec residual{"residual", "Residual", ParamType::Bool, false};
        residual.help = "Each hidden layer after the first adds its output to its input: "
                        "h ← h + f(h)";
        ParamSpec norm{"norm", "Norm layer", ParamType::Choice, std::string("none")};
        norm.choices = {"none", "batchnorm", "layernorm"};
        norm.choiceLabels = {"none", "Batch", "Layer"};
        norm.help = "BatchNorm or LayerNorm between each hidden Linear layer and its activation";
        ParamSpec clip{"clip", "Clip norm", ParamType::Number, 0.0, 0, 10, 0.1};
        clip.specialValueText = "off";
        clip.stops = {0, 0.1, 0.25, 0.5, 1, 2, 5, 10};
        clip.widget = ParamWidget::Slider;
        clip.help = "Scales all gradients together so that their total norm is at most this "
                    "(torch::nn::utils::clip_grad_norm_); off at 0";
        ParamSpec optimizer{"optimizer", "Optimizer", ParamType::Choice, std::string("sgd")};
        optimizer.choices = {"sgd", "adam"};
        optimizer.choiceLabels = {"SGD", "Adam"};
        optimizer.help = "torch::optim::SGD (no momentum) or torch::optim::Adam";
        ParamSpec lr{"lr", "Learning rate", ParamType::Number, 0.05, 0.00001, 10, 0.00001};
        lr.decimals = -1;
        lr.stops = {0.00001, 0.0001, 0.0003, 0.001, 0.003, 0.01, 0.03, 0.05, 0.1, 0.3, 1, 3, 10};
        lr.widget = ParamWidget::Slider;
        lr.help = "The optimizer's step size";
        ParamSpec steps{"steps", "Steps", ParamType::Integer, 200LL, 10, 1000, 10};
        steps.help = "Optimizer steps, each on one minibatch";
        ParamSpec batch{"batch", "Batch size", ParamType::Integer, 64LL, 4, 256, 1};
        batch.stops = {4, 8, 16, 32, 64, 128, 256};
        batch.help = "Rows per minibatch (BatchNorm's statistics come from it)";
        ParamSpec tab = tabsParam("tab", {"gradients", "activations"}, "The page shown");
        s.params = {dataset,
                    depth,
                    width,
                    activation,
                    init,
                    residual,
                    norm,
                    clip,
                    optimizer,
                    lr,
                    steps,
                    batch,
                    seedParam("Seed of the split, the initial weights and the minibatches"),
                    tab};
        return s;
    }();
    return spec;
}

GradientFlowLabParams gradientFlowLabParams(const LabState& state)
{
    GradientFlowLabParams p;
    p.dataset = state.text("dataset");
    p.depth = int(state.integer("depth"));
    p.width = int(state.integer("width"));
    p.activation = state.text("activation");
    p.init = state.text("init");
    p.residual = state.flag("residual");
    p.norm = state.text("norm");
    p.clip = state.number("clip");
    p.optimizer = state.text("optimizer");
    p.lr = state.number("lr");
    p.steps = int(state.integer("steps"));
    p.batch = int(state.integer("batch"));
    p.seed = static_cast<unsigned long long>(state.integer("seed"));
    return p;
}

nlohmann::json gradientFlowLabJson(const GradientFlowLabResult& r)
{
    const std::size_t depth = r.actMean.size();
    nlohmann::json layers = nlohmann::json::array();
    for (std::size_t l = 0; l < r.gradNorm.size(); ++l) {
        const bool isHidden = l < depth;
        nlohmann::json layer{{"layer", isHidden ? nlohmann::json(l + 1) : nlohmann::json("output")},
                             {"grad_norm_first", number(r.gradNorm[l].front())},
                             {"grad_norm_last", number(r.gradNorm[l].back())},
                             {"update_ratio_last", number(r.updateRatio[l].back())}};
        if (isHidden) {
            layer["activation_mean"] = number(r.actMean[l].back());
            layer["activation_std"] = number(r.actStd[l].back());
            layer["saturated_fraction"] = number(r.actSaturated[l].back());
            layer["activation_std_first"] = number(r.actStd[l].front());
            layer["saturated_fraction_first"] = number(r.actSaturated[l].front());
            layer["unit_spread"] = number(r.unitSpread[l]);
        }
        layers.push_back(layer);
    }
    return {{"inputs", r.inputs},
            {"classes", r.classes},
            {"train_rows", r.trainRows},
            {"validation_rows", r.validationRows},
            {"layers", layers},
            {"grad_ratio_first_to_last_start", number(r.gradRatioStart)},
            {"grad_ratio_first_to_last_end", number(r.gradRatioEnd)},
            {"grad_norm", matrix(r.gradNorm)},
            {"update_ratio", matrix(r.updateRatio)},
            {"saturated_fraction", matrix(r.actSaturated)},
            {"loss", numbers(r.loss)},
            {"total_grad_norm", numbers(r.totalNorm)},
            {"clipped_grad_norm", numbers(r.clippedNorm)},
            {"validation_steps", r.validationSteps},
            {"validation_accuracy", numbers(r.validationAccuracy)},
            {"final_validation_accuracy", number(r.finalValidationAccuracy)},
            {"diverged", r.diverged},
            {"diverged_at_step",
             r.divergedAt < 0 ? nlohmann::json(nullptr) : nlohmann::json(r.divergedAt + 1)}};
}

} // namespace mllab::labs
