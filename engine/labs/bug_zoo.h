#pragma once
// The bug-zoo lab: one small classifier trained twice from the same initial weights and the same
// batch order, once healthy and once with a classic training-loop bug, on a shipped dataset
// (wine, breast cancer or iris), standardised with the training rows' mean and population
// standard deviation (scikit-learn's StandardScaler). The network is torch::nn throughout:
// Linear -> BatchNorm1d -> ReLU -> dropout -> Linear -> ReLU -> dropout -> Linear, trained by
// torch::optim::SGD (momentum 0.9) on torch::nn::CrossEntropyLoss (mean over the batch, logits
// in), so every number follows PyTorch's semantics. Per epoch: the training loss and accuracy as
// a training loop logs them (mean over its minibatches), validation loss and accuracy, the size
// of the parameter step, and the distribution of the probability given to the true class.

#include "engine/labs/params.h"
#include "engine/progress.h"

#include <nlohmann/json_fwd.hpp>

#include <string>
#include <vector>

namespace mllab::labs {

/// The bugs, in menu order: none, no_zero_grad, lr_high, lr_low, shuffled_labels,
/// softmax_before_ce, eval_forgotten, unshuffled, frozen_layer, imbalance, label_noise.
const std::vector<std::string>& bugZooBugs();

struct BugZooLabParams {
    std::string bug = "shuffled_labels";
    std::string dataset = "wine"; ///< "wine" | "breast-cancer" | "iris"
    double lr = 0.01;             ///< the healthy run's SGD learning rate
    int epochs = 60;
    int batch = 16;
    int width = 32;          ///< hidden units per layer
    double dropout = 0.3;    ///< p of both dropout layers
    double noise = 0.3;      ///< label_noise: share of training labels moved to another class
    double keep = 0.05;      ///< imbalance: share of the smallest class kept for training
    double validation = 0.3; ///< share of each class held out for validation
    unsigned long long seed = 0;
};

/// One training run, per epoch. Index 0 is before training (the whole training set in eval()
/// mode); 1..epochs are what the loop logs. A diverged run holds NaN from its first non-finite
/// loss on.
struct BugZooRun {
    std::vector<double> trainLoss, trainAccuracy;
    std::vector<double> validationLoss, validationAccuracy;
    /// eval_forgotten: validation read correctly in eval() mode beside the train() mode one.
    std::vector<double> validationLossEvalMode, validationAccuracyEvalMode;
    std::vector<double> stepNorm; ///< mean ||Δθ|| of the epoch's optimizer steps (0 at index 0)
    /// Quantiles 0.1, 0.25, 0.5, 0.75, 0.9 of p(true class) over the training rows (eval() mode,
    /// softmax of the logits), one vector per epoch.
    std::vector<std::vector<double>> pTrueQuantiles;
    std::vector<double> validationRecall; ///< per class, after the last epoch
    long long trainableParameters = 0;
    long long parameters = 0;
    int divergedEpoch = -1; ///< first epoch with a non-finite loss; -1: none
};

/// What the curves say, read from both runs.
struct BugZooSignature {
    double lnC = 0;          ///< the loss of a uniform guess over C classes
    double softmaxFloor = 0; ///< ln(1 + (C-1)/e): the least CE of an already-softmaxed output
    double chance = 0;       ///< validation accuracy of always guessing the largest class
    double healthyEarlyLoss = 0, buggyEarlyLoss = 0; ///< mean training loss of epochs 1..3
    double healthyFinalLoss = 0, buggyFinalLoss = 0; ///< training loss of the last epoch
    double healthyMinValidationLoss = 0, buggyMinValidationLoss = 0;
    double healthyFinalValidationAccuracy = 0, buggyFinalValidationAccuracy = 0;
    double healthyFinalTrainAccuracy = 0, buggyFinalTrainAccuracy = 0;
    /// The training loss's rises from one epoch to the next, summed (0 for a smooth descent).
    double healthyLossRises = 0, buggyLossRises = 0;
    /// Mean ||Δθ|| of epochs 1..3 and of the last 3 epochs with finite steps.
    double healthyEarlyStep = 0, healthyLateStep = 0;
    double buggyEarlyStep = 0, buggyLateStep = 0;
    /// Epochs until the training loss first falls below half of ln C (-1: never).
    int healthyEpochsToHalf = -1, buggyEpochsToHalf = -1;
    /// eval_forgotten: the last epoch's validation loss in train() against eval() mode, and how
    /// much the train() mode validation loss jumps from epoch to epoch (mean |Δ|).
    double validationLossTrainMode = 0, validationLossEvalMode = 0;
    double validationJitterTrainMode = 0, validationJitterEvalMode = 0;
    int minorityClass = -1; ///< the smallest class (imbalance drops most of it)
    double healthyMinorityRecall = 0, buggyMinorityRecall = 0;
    int minorityTrainRows = 0; ///< its rows in the buggy run's training set
};

/// "Loss down, accuracy flat" over the second half of training (epochs from..to) of the buggy
/// run (the healthy one when there is no bug), on the training rows in eval() mode.
struct LossDownAccuracyFlat {
    int from = 0, to = 0;
    double lossFrom = 0, lossTo = 0;         ///< mean -ln p(true)
    double accuracyFrom = 0, accuracyTo = 0; ///< argmax accuracy
    double pCorrectFrom = 0, pCorrectTo = 0; ///< mean p(true) of the rows right at `from`
    double pWrongFrom = 0, pWrongTo = 0;     ///< mean p(true) of the rows wrong at `from`
    int correctRows = 0, wrongRows = 0;
    double changedShare = 0;        ///< share of rows whose predicted class changed from..to
    double lossDropFromCorrect = 0; ///< share of the loss drop that the rows right at `from` give
};

struct BugZooLabResult {
    BugZooLabParams params;
    std::vector<std::string> classNames;
    int trainRows = 0, validationRows = 0, features = 0;
    BugZooRun healthy, buggy; ///< buggy equals healthy when bug = none
    BugZooSignature signature;
    LossDownAccuracyFlat flat;
};

const LabSpec& bugZooLabSpec();
BugZooLabParams bugZooLabParams(const LabState& state);
/// Trains both runs (libtorch); InputError for an unknown bug or dataset, or too few rows.
BugZooLabResult computeBugZooLab(const BugZooLabParams& params, const Progress& progress = {});
/// What `mllab-cli lab bug-zoo` prints: both runs per epoch ("healthy", "buggy"), the signature
/// and the loss-down-accuracy-flat numbers; a pair [a, b] in them is [healthy, buggy]; NaN
/// (a diverged run) prints as null.
nlohmann::json bugZooLabJson(const BugZooLabResult& result);

} // namespace mllab::labs
