#pragma once
// Real classifiers for the evaluation labs, trained in libtorch: logistic regression and a small
// MLP. Their logits feed the ROC, calibration and temperature-scaling computations.
//
/// Both minimise the mean cross-entropy (binary: BCE-with-logits on one logit; several classes:
/// softmax cross-entropy, PyTorch's conventions) with full-batch Adam on standardised features
/// (mean and standard deviation of the training part). The MLP has two ReLU hidden layers and,
/// by default, no weight decay and many epochs: it fits the training data hard and comes out
/// overconfident on new data, as large networks do in practice. Same seed, same device -> same
/// logits.

#include "engine/datasets.h"
#include "engine/progress.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace mllab {

enum class ModelKind { Logistic, Mlp };

/// "logistic" / "mlp"; anything else is an InputError.
ModelKind modelKindFromName(const std::string& name);
std::string modelKindName(ModelKind kind);

struct ClassifierParams {
    ModelKind model = ModelKind::Logistic;
    int hiddenUnits = 64;       ///< MLP: units in each hidden layer (1 .. 1024)
    int epochs = 300;           ///< full-batch Adam steps (1 .. 100000)
    double learningRate = 0.05; ///< Adam step size
    double weightDecay = 0.0;   ///< L2 penalty on the weights (0: none)
    std::uint64_t seed = 0;     ///< initial weights
    std::string device = "cpu"; ///< "cpu" or "cuda:N"
};

struct ClassifierOutputs {
    std::size_t outputs = 1;              ///< logits per row: 1 for two classes, else classes
    std::vector<double> validationLogits; ///< validation rows x outputs, row-major
    std::vector<double> testLogits;       ///< test rows x outputs, row-major
    double trainLoss = 0;                 ///< final mean cross-entropy on the training part
    double trainAccuracy = 0;
    double testAccuracy = 0;
    std::vector<double> lossHistory; ///< training loss, about 50 samples over the epochs
};

/// Trains on split.train and returns the logits of split.validation and split.test.
ClassifierOutputs trainClassifier(const DatasetSplit& split, const ClassifierParams& params,
                                  const Progress& progress = {});

/// sigmoid of one logit per row: P(class 1).
std::vector<double> sigmoidScores(const std::vector<double>& logits);

/// Labels of a dataset as doubles (the form the metric functions take).
std::vector<double> labelValues(const Dataset& data);

} // namespace mllab
