#pragma once
// The train-eval lab: one network with dropout and a normalisation layer, trained on a 1-D
// regression with a gap in its data, then read three ways: in eval() mode (dropout off, BatchNorm
// on its running statistics), in train() mode (one stochastic pass, BatchNorm on the batch), and
// as Monte-Carlo dropout (N train-mode passes: mean and ±2σ, widening away from the data). Beside
// it the BatchNorm running statistics against the true statistics of the layer's inputs, and
// the validation error in each mode. torch::nn modules and torch::optim::Adam throughout, so the
// semantics are PyTorch's (BatchNorm momentum 0.1, unbiased running variance).

#include "engine/labs/params.h"
#include "engine/progress.h"

#include <nlohmann/json_fwd.hpp>

#include <string>
#include <vector>

namespace mllab::labs {

struct TrainEvalLabParams {
    std::string norm = "batchnorm"; ///< "none" | "batchnorm" | "layernorm"
    double dropout = 0.2;           ///< p of both dropout layers
    int batch = 32;                 ///< training minibatch
    double bnMomentum = 0.1;        ///< BatchNorm's running-statistics momentum (torch's)
    int epochs = 200;
    int width = 64;
    int mcPasses = 50;  ///< Monte-Carlo dropout passes
    double noise = 0.1; ///< σ of the targets' noise
    unsigned long long seed = 0;
};

/// How well batches of one size estimate the first BatchNorm's input statistics over the data.
struct BatchStatistics {
    int batch = 0;
    double meanError = 0; ///< mean over batches and units of |batch mean - data mean|
    double varRatio = 0;  ///< mean of batch variance / data variance (biased, as BN normalises)
};

struct TrainEvalLabResult {
    TrainEvalLabParams params;
    std::vector<double> trainX, trainY;       ///< the training points
    std::vector<double> gridX;                ///< where the curves are read, beyond the data too
    std::vector<double> truth;                ///< sin(2x) on the grid
    std::vector<double> evalCurve;            ///< eval() mode
    std::vector<double> trainCurve;           ///< one train() mode pass
    std::vector<double> mcMean, mcStd;        ///< Monte-Carlo dropout
    double validationEval = 0;                ///< MSE on held-out points, eval() mode
    double validationTrain = 0;               ///< the same in train() mode (eval() forgotten)
    double trainLoss = 0;                     ///< last epoch's mean training loss
    double mcStdInside = 0, mcStdOutside = 0; ///< mean σ where the data is and beyond it
    bool hasBatchNorm = false;
    double runningMeanError =
        0;                      ///< mean |running mean - true mean| of the first BatchNorm's inputs
    double runningVarRatio = 0; ///< mean running var / true var there
    /// Batches of 2, 4 and 32 drawn from the training data: what BatchNorm normalises with in
    /// train() mode, against the statistics of all of it.
    std::vector<BatchStatistics> batchStatistics;
};

const LabSpec& trainEvalLabSpec();
TrainEvalLabParams trainEvalLabParams(const LabState& state);
/// Trains and reads the network (libtorch); InputError for an unknown normalisation.
TrainEvalLabResult computeTrainEvalLab(const TrainEvalLabParams& params,
                                       const Progress& progress = {});
nlohmann::json trainEvalLabJson(const TrainEvalLabResult& result);

} // namespace mllab::labs
