#pragma once
// The gradient-flow lab's network (libtorch; engine-internal, for the pipeline and its tests, never
// included by app/). Hidden layer l: z_l = norm(W_l h_{l−1} + b_l), a_l = act(z_l), and
// h_l = a_l, or h_l = h_{l−1} + a_l with residual connections (from the second layer on, where the
// widths match); the output layer is a plain Linear to the class logits.

#include "engine/labs/gradient_flow.h"

#include <torch/torch.h>

#include <vector>

namespace mllab::labs {

struct GradientFlowNetImpl : torch::nn::Module {
    GradientFlowNetImpl(const GradientFlowLabParams& p, int inputs, int classes);

    /// Fills every weight by the scheme's rule from `random` (torch.nn.init's formulas) and sets
    /// every bias to 0.
    void initialise(const std::string& scheme, at::Generator& random);

    /// The logits; `preActivations`, when given, receives each hidden layer's z_l.
    torch::Tensor forward(torch::Tensor x, std::vector<torch::Tensor>* preActivations = nullptr);

    /// The hidden layers' Linear modules, then the output layer's.
    std::vector<torch::nn::Linear> linears() const;

    std::string activation;
    bool residual = false;
    std::vector<torch::nn::Linear> hidden;
    std::vector<torch::nn::BatchNorm1d> batchNorms;
    std::vector<torch::nn::LayerNorm> layerNorms;
    torch::nn::Linear output{nullptr};
};
TORCH_MODULE(GradientFlowNet);

/// act(z) as torch.nn.functional computes it (GELU exact, leaky ReLU slope 0.01).
torch::Tensor applyActivation(const std::string& activation, const torch::Tensor& z);
/// A boolean tensor: where z lies in the activation's saturated region (isSaturated's rule).
torch::Tensor saturatedMask(const std::string& activation, const torch::Tensor& z);
/// Per hidden layer, over every value of its z (rows × units): the means of act(z), then their
/// standard deviations (unbiased), then the saturated shares, as one tensor of 3 · layers.
torch::Tensor stackedStatistics(const std::string& activation,
                                const std::vector<torch::Tensor>& preActivations);

} // namespace mllab::labs
