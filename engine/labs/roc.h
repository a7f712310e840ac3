#pragma once
// The roc lab's pipeline: score held-out data with a real classifier (logistic regression or an
// MLP trained in libtorch, engine/classifiers.h) or read a CSV file's scores, then compute the
// ROC and precision-recall curves (engine/metrics.h) and what the lab shows at its threshold.
//
// The declaration, the state conversion, the threshold readout and the JSON are libtorch-free
// (roc_spec.cpp, mllab_engine_core); the computation trains with libtorch (roc.cpp, mllab_engine).

#include "engine/labs/params.h"
#include "engine/metrics.h"
#include "engine/progress.h"

#include <nlohmann/json_fwd.hpp>

#include <cstddef>
#include <string>

namespace mllab::labs {

struct RocLabParams {
    std::string source = "synthetic"; ///< synthetic | breast-cancer | csv
    std::string model = "logistic";   ///< logistic | mlp
    double separation = 1.5;          ///< distance between the class means (standard deviations)
    int imbalance = 1;                ///< negatives per positive, 1 .. 1000
    double labelNoise = 0.0;          ///< share of training and test labels flipped
    int seed = 0;
    std::string csvPath; ///< source csv: a file with a score and a label column
    std::string scoreColumn = "score";
    std::string labelColumn = "label";
    double threshold = 0.5; ///< predict positive when score >= threshold
    double beta = 1.0;      ///< the F-beta weight
    double costRatio = 0.0; ///< cost of a miss over a false alarm; 0: none
};

/// What the lab shows at one threshold: the confusion matrix, its metrics and the ROC point, and
/// the threshold of least expected cost. Cheap (O(log n)): re-read whenever the threshold moves.
struct RocReadout {
    double threshold = 0.5;
    double beta = 1.0;
    ThresholdMetrics metrics;
    std::size_t point = 0;     ///< the ROC point in effect at the threshold
    double costRatio = 0.0;    ///< 0: no cost-optimal point
    std::size_t costPoint = 0; ///< costRatio > 0: the ROC point of least expected cost
};

struct RocLabResult {
    RocResult roc;
    /// What was scored, for the notice: a model's held-out rows, or a CSV file's scores.
    std::string model; ///< "logistic" | "mlp"; empty for a CSV file
    std::size_t trainRows = 0;
    std::size_t testRows = 0;
    std::string csvName; ///< the CSV file's name when the scores came from one
    RocReadout readout;  ///< at the parameters' threshold (kept within the scores)
};

const LabSpec& rocLabSpec();
RocLabParams rocLabParams(const LabState& state);
RocLabResult computeRocLab(const RocLabParams& params, const Progress& progress = {});

/// The threshold within the scores' range: one outside (rare positives push every score low)
/// would flag nothing or everything.
double thresholdWithinScores(const RocResult& roc, double threshold);
RocReadout readRocAt(const RocResult& roc, double threshold, double beta, double costRatio);
/// The threshold at the cost-optimal ROC point; just above every score when flagging nothing
/// is cheapest.
double costOptimalThreshold(const RocResult& roc, double costRatio);
/// The threshold that selects ROC point `point` (a found least-cost point): O(1).
double thresholdOfCostPoint(const RocResult& roc, std::size_t point);

/// n, positives, negatives, prevalence, auc_roc, average_precision, what was scored, and at the
/// threshold: the confusion matrix, precision, recall, F1, F-beta, accuracy, MCC, the
/// cost-optimal threshold; a thinned ROC curve.
nlohmann::json rocLabJson(const RocLabResult& result);

} // namespace mllab::labs
