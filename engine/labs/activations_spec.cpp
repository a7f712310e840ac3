// The parameter declaration of the activations lab, apart from its computation: the registry,
// links, state files and lessons read it without linking what the lab computes.

#include "engine/labs/activations.h"

namespace mllab::labs {

const LabSpec& activationsLabSpec()
{
    static const LabSpec spec = [] {
        LabSpec s{"activations", "Activation functions",
                  "Activation functions beside their derivatives, and where each one "
                  "saturates so that gradients vanish."};
        ParamSpec functions{"functions", "Functions", ParamType::Text,
                            std::string("relu,gelu,sigmoid,tanh")};
        functions.help = "The functions drawn, comma separated: relu, leaky-relu, elu, gelu, "
                         "silu, sigmoid, tanh, softplus";
        ParamSpec xMin{"x_min", "From x", ParamType::Number, -5.0, -20, -0.5, 0.5};
        xMin.decimals = 1;
        xMin.help = "The left end of the interval drawn";
        ParamSpec xMax{"x_max", "To x", ParamType::Number, 5.0, 0.5, 20, 0.5};
        xMax.decimals = 1;
        xMax.help = "The right end of the interval drawn";
        ParamSpec slope{"leaky_slope", "Leaky slope", ParamType::Number, 0.01, 0, 0.5, 0.01};
        slope.help = "Leaky ReLU's slope for negative inputs (PyTorch's default 0.01)";
        ParamSpec alpha{"elu_alpha", "ELU α", ParamType::Number, 1.0, 0.1, 3, 0.1};
        alpha.decimals = 1;
        alpha.help = "ELU's value for very negative inputs is −α";
        ParamSpec saturation{"saturation", "Saturated below", ParamType::Number, 0.05, 0.001, 0.5,
                             0.005};
        saturation.decimals = 3;
        saturation.help = "A derivative smaller than this (in absolute value) counts as saturated";
        s.params = {functions, xMin, xMax, slope, alpha, saturation};
        return s;
    }();
    return spec;
}

} // namespace mllab::labs
