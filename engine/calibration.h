#pragma once
// Calibration of predicted probabilities: reliability-diagram bins, expected and maximum
// calibration error, Brier score, negative log-likelihood, and temperature scaling.
//
/// Bins follow scikit-learn 1.2's calibration_curve: uniform edges i/n_bins (np.linspace) or
/// quantile edges (np.percentile, linear interpolation), and a probability p falls in bin
/// searchsorted(inner_edges, p), so a value equal to an inner edge belongs to the lower bin.
/// ECE = sum_b (n_b / n) |mean_predicted_b - fraction_positive_b|; MCE = max_b of that gap over
/// non-empty bins. Brier = mean (p - y)²; NLL = log_loss, probabilities clipped to
/// [eps, 1 - eps] with eps the double machine epsilon (log_loss's eps="auto").

#include "engine/metrics.h"
#include "engine/progress.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace mllab {

enum class BinStrategy { Uniform, Quantile };

/// "uniform" / "quantile"; anything else is an InputError.
BinStrategy binStrategyFromName(const std::string& name);
std::string binStrategyName(BinStrategy strategy);

struct CalibrationParams {
    std::vector<double> probabilities; ///< predicted probability of class 1, in [0, 1]
    std::vector<double> labels;        ///< 0 or 1 (one class alone is allowed)
    int bins = 10;                     ///< 1 .. 10000
    BinStrategy strategy = BinStrategy::Uniform;
    bool losses = true;            ///< false: bins, ECE and MCE only (brier and nll stay 0)
    std::string probName = "prob"; ///< column names used in messages
    std::string labelName = "label";
    RowLocator locate;
};

struct CalibrationBin {
    double lower = 0, upper = 0; ///< edges; the bin holds lower < p <= upper (the first: p >= 0)
    std::int64_t count = 0;
    double meanPredicted = 0;    ///< NaN when the bin is empty
    double fractionPositive = 0; ///< NaN when the bin is empty
};

struct CalibrationResult {
    std::int64_t n = 0;
    std::int64_t positives = 0;
    std::vector<CalibrationBin> bins; ///< every bin, empty ones included (count 0)
    double ece = 0, mce = 0, brier = 0, nll = 0;
};

/// One pass to bin (plus a selection of the quantiles for the quantile strategy), O(n).
CalibrationResult computeCalibration(const CalibrationParams& params,
                                     const Progress& progress = {});

/// Temperature scaling (Guo et al. 2017): probabilities softmax(z / T) for several logits per
/// row, or sigmoid(z / T) for one logit per row; T > 0 minimises the mean negative log-likelihood
/// on the given rows. The NLL in beta = 1/T is convex, so a safeguarded Newton iteration on beta
/// converges in a handful of passes. NLL here is exact (log-softmax, no clipping), as PyTorch's
/// cross_entropy; ECE uses `eceBins` uniform bins on the probability of class 1 (binary) or on
/// the top-label confidence with correctness as the label (several classes).
struct TemperatureParams {
    std::vector<double> logits; ///< rows x classes, row-major; classes == 1 means binary
    std::size_t classes = 1;    ///< columns of `logits`
    std::vector<double> labels; ///< binary: 0/1; otherwise the class index 0..classes-1
    int eceBins = 10;
    double minTemperature = 1e-3; ///< search interval for T
    double maxTemperature = 1e3;
    bool reliability = true; ///< false: the fit alone (T, nll_after, iterations; no bins)
    std::string labelName = "label";
    RowLocator locate;
};

struct TemperatureResult {
    double temperature = 1;
    double nllBefore = 0, nllAfter = 0;
    double eceBefore = 0, eceAfter = 0;
    int iterations = 0;              ///< passes over the logits
    CalibrationResult before, after; ///< reliability bins at T = 1 and at the fitted T
};

TemperatureResult computeTemperatureScaling(const TemperatureParams& params,
                                            const Progress& progress = {});

/// Reliability of logits at temperature T, binned as computeCalibration: the probability of
/// class 1 for one logit per row, the top-label confidence (label: argmax correct) otherwise.
CalibrationResult calibrationAtTemperature(const std::vector<double>& logits, std::size_t classes,
                                           const std::vector<double>& labels, double temperature,
                                           int bins = 10,
                                           BinStrategy strategy = BinStrategy::Uniform);

/// Probabilities at temperature T: binary -> sigmoid(z/T) per row; several classes -> the
/// softmax rows, row-major.
std::vector<double> temperatureProbabilities(const std::vector<double>& logits, std::size_t classes,
                                             double temperature);

/// Mean NLL of `labels` under logits / T (exact log-softmax; binary: softplus form).
double temperatureNll(const std::vector<double>& logits, std::size_t classes,
                      const std::vector<double>& labels, double temperature);

/// Reliability input for several classes: per row the top-label confidence and whether the
/// argmax (lowest index on ties) equals the label (1) or not (0).
void topLabelConfidence(const std::vector<double>& probabilities, std::size_t classes,
                        const std::vector<double>& labels, std::vector<double>& confidence,
                        std::vector<double>& correct);

} // namespace mllab
