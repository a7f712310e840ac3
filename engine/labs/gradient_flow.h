#pragma once
// The gradient-flow lab: an MLP of 2 to 50 hidden layers trained on a shipped dataset (Breast
// Cancer Wisconsin or Wine, standardised with the training part's statistics, 25 % held out),
// read layer by layer at every step: the activations' mean, standard deviation and saturated
// share, the gradient norm of each layer's weights and the update-to-data ratio
// ||W_after − W_before|| / ||W_before||. Choices of activation, initialisation, residual
// connections, normalisation and gradient clipping show when gradients vanish or explode and what
// restores their flow. torch::nn modules (Linear, BatchNorm1d, LayerNorm), torch::optim (SGD,
// Adam) and torch::nn::utils::clip_grad_norm_, float32, so the semantics are PyTorch's;
// activation statistics use torch's std (unbiased, n − 1) over every value of the batch. It
// computes on one intra-op thread (its matrices are too small for a second one to pay) and gives
// the calling thread its setting back.

#include "engine/labs/params.h"
#include "engine/progress.h"

#include <nlohmann/json_fwd.hpp>

#include <string>
#include <utility>
#include <vector>

namespace mllab::labs {

struct GradientFlowLabParams {
    std::string dataset = "breast-cancer"; ///< "breast-cancer" | "wine"
    int depth = 10;                        ///< hidden layers (Linear -> norm -> activation)
    int width = 32;                        ///< units per hidden layer
    std::string activation = "tanh";       ///< sigmoid | tanh | relu | leaky-relu | gelu
    /// zero | small (N(0, 0.01²)) | xavier (Glorot normal, gain 1) | he (Kaiming normal, fan_in,
    /// gain √2) | large (N(0, 1)); biases start at 0 with every scheme.
    std::string init = "xavier";
    bool residual = false;         ///< h ← h + f(h) from the second hidden layer on
    std::string norm = "none";     ///< none | batchnorm | layernorm, between Linear and activation
    double clip = 0;               ///< max total gradient norm; 0 = no clipping
    std::string optimizer = "sgd"; ///< sgd | adam (torch::optim defaults otherwise)
    double lr = 0.05;
    int steps = 200; ///< optimizer steps
    int batch = 64;  ///< minibatch rows, at most the training rows (InputError)
    unsigned long long seed = 0;
};

struct GradientFlowLabResult {
    GradientFlowLabParams params;
    int inputs = 0, classes = 0, trainRows = 0, validationRows = 0;
    /// [layer][step]: hidden layers 1..depth, then the output layer (gradNorm, updateRatio only).
    std::vector<std::vector<double>> gradNorm;    ///< ||∂L/∂W||_F before clipping
    std::vector<std::vector<double>> updateRatio; ///< ||ΔW||_F / ||W||_F (NaN where ||W|| = 0)
    /// [hidden layer][step], on the step's training batch before the update.
    std::vector<std::vector<double>> actMean, actStd, actSaturated;
    /// Per hidden layer after training: the largest spread between units on one example
    /// (max over examples of max_unit − min_unit); 0 means every unit computes the same.
    std::vector<double> unitSpread;
    std::vector<double> loss;         ///< per step: the batch's cross-entropy
    std::vector<double> totalNorm;    ///< per step: total gradient norm before clipping
    std::vector<double> clippedNorm;  ///< per step: total gradient norm after clipping
    std::vector<int> validationSteps; ///< steps after which validation accuracy was read
    std::vector<double> validationAccuracy;
    double finalValidationAccuracy = 0;
    /// First hidden layer's gradient norm / last hidden layer's, at step 1 and over the last
    /// tenth of the steps (ratio of the means); NaN when the last layer's is 0 or not finite.
    double gradRatioStart = 0, gradRatioEnd = 0;
    bool diverged = false; ///< the loss became NaN or infinite
    int divergedAt = -1;   ///< first step (0-based) whose loss is not finite
    /// The activation and its derivative on [-5, 5] (the activations lab's engine), and the x
    /// intervals where this lab counts it as saturated.
    std::vector<double> curveX, curveValue, curveDerivative;
    std::vector<std::pair<double, double>> curveSaturated;
};

const LabSpec& gradientFlowLabSpec();
GradientFlowLabParams gradientFlowLabParams(const LabState& state);
/// Trains and records the network (libtorch); InputError for an unknown choice or a bad size.
GradientFlowLabResult computeGradientFlowLab(const GradientFlowLabParams& params,
                                             const Progress& progress = {});
nlohmann::json gradientFlowLabJson(const GradientFlowLabResult& result);

/// Whether a pre-activation value z puts the activation in its saturated (or dead) region:
/// sigmoid σ(z) outside [0.03, 0.97], tanh |tanh z| > 0.97, ReLU output 0 (z ≤ 0, "dead"),
/// leaky ReLU on its 0.01 slope (z < 0), GELU z < −3 (output and slope within 0.013 of 0).
bool isSaturated(const std::string& activation, double z);
/// InputError unless the activation is one of the lab's five.
void checkActivation(const std::string& activation);

} // namespace mllab::labs
