#pragma once
// Ranking metrics of a binary classifier: ROC and precision-recall curves, the areas under them,
// and the confusion matrix with its threshold metrics at any threshold.
//
/// Conventions follow scikit-learn 1.2: a sample is predicted positive when score >= threshold;
/// tied scores form one curve point (roc_curve with drop_intermediate=False, whose first
/// threshold is +inf, where nothing is predicted positive); precision_recall_curve's arrays run
/// with recall decreasing and end at (recall 0, precision 1); average precision is
/// average_precision_score, sum over thresholds of (R_k - R_{k-1}) P_k, without interpolation.

#include "engine/noinit.h"
#include "engine/progress.h"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace mllab {

/// Names where data row `row` (0-based) came from, for messages: "row 18" by default, "line 19
/// of data.csv" when the caller knows the file.
using RowLocator = std::function<std::string(std::size_t row)>;

/// "row N" (1-based), or what `locate` says.
std::string describeRow(const RowLocator& locate, std::size_t row);

/// The two classes found in a label column.
struct BinaryLabels {
    double negative = 0; ///< the smaller value
    double positive = 1; ///< the larger value: the positive class
};

/// Checks that `labels` hold exactly two distinct values and returns them; the larger is the
/// positive class (as scikit-learn for {0, 1} and {-1, 1}). Throws InputError naming the column
/// and the row of a third value, or saying that only one class is present.
BinaryLabels checkBinaryLabels(const std::vector<double>& labels, const std::string& column,
                               const RowLocator& locate = {});

struct RocParams {
    std::vector<double> scores;      ///< higher means more likely positive; finite
    std::vector<double> labels;      ///< exactly two distinct values, the larger is positive
    int histogramBins = 0;           ///< per-class score histogram over [min, max] score (0: none)
    std::string scoreName = "score"; ///< column names used in messages
    std::string labelName = "label";
    RowLocator locate; ///< maps a row to its place in a file, for messages
};

/// Counts of scores per class in equal-width bins over [lower, upper].
struct ScoreHistogram {
    double lower = 0, upper = 1;
    std::vector<std::int64_t> positives; ///< per bin
    std::vector<std::int64_t> negatives; ///< per bin
};

struct RocResult {
    std::int64_t n = 0;
    std::int64_t positives = 0;
    std::int64_t negatives = 0;
    BinaryLabels labels;

    /// ROC points, one per distinct score plus the first (+inf: nothing predicted positive). Only
    /// the counts are stored (three arrays for up to n + 1 points); rates, precision and recall
    /// are computed from them on demand, with the same arithmetic as scikit-learn.
    NoInitVector<double> thresholds;           ///< +inf, then distinct scores descending
    NoInitVector<std::int64_t> truePositives;  ///< positives with score >= threshold
    NoInitVector<std::int64_t> falsePositives; ///< negatives with score >= threshold
    std::size_t pointCount() const { return thresholds.size(); }
    double fpr(std::size_t k) const { return double(falsePositives[k]) / double(negatives); }
    double tpr(std::size_t k) const { return double(truePositives[k]) / double(positives); }

    /// precision_recall_curve: pointCount() points with recall decreasing; the last is (recall 0,
    /// precision 1). Point i < pointCount() - 1 is ROC point pointCount() - 1 - i. Its thresholds
    /// are `thresholds` without the +inf, ascending: prThreshold(i).
    double precision(std::size_t i) const
    {
        const std::size_t k = pointCount() - 1 - i;
        if (k == 0)
            return 1.0;
        return double(truePositives[k]) / double(truePositives[k] + falsePositives[k]);
    }
    double recall(std::size_t i) const
    {
        const std::size_t k = pointCount() - 1 - i;
        return k == 0 ? 0.0 : tpr(k);
    }
    double prThreshold(std::size_t i) const { return thresholds[thresholds.size() - 1 - i]; }
    std::size_t prThresholdCount() const { return thresholds.empty() ? 0 : thresholds.size() - 1; }

    double aucRoc = 0;           ///< trapezoidal area under (fpr, tpr), exact from the counts
    double averagePrecision = 0; ///< average_precision_score
    ScoreHistogram histogram;    ///< empty when histogramBins was 0
};

/// Scores become order-preserving integer keys, spread by their top 11 bits into 2,048
/// buckets per class in one pass, and each bucket is radix-sorted in cache; one walk per bucket
/// then emits a point per distinct score. O(n) time; the keys take one n-entry array beside the
/// result. Large inputs use one thread per logical CPU (at most 8) for every pass; the result
/// does not depend on the number of threads.
RocResult computeRoc(const RocParams& params, const Progress& progress = {});

struct ConfusionMatrix {
    std::int64_t tp = 0, fp = 0, tn = 0, fn = 0;
};

/// Metrics of one confusion matrix. Undefined ratios are 0 (scikit-learn's zero_division
/// default), and MCC is 0 when a marginal is empty (matthews_corrcoef).
struct ThresholdMetrics {
    double threshold = 0;
    ConfusionMatrix counts;
    double precision = 0;   ///< tp / (tp + fp)
    double recall = 0;      ///< tp / (tp + fn), the true positive rate
    double specificity = 0; ///< tn / (tn + fp)
    double fpr = 0;         ///< fp / (fp + tn)
    double accuracy = 0;    ///< (tp + tn) / n
    double f1 = 0;          ///< 2 P R / (P + R)
    double fBeta = 0;       ///< (1 + b²) P R / (b² P + R)
    double mcc = 0;         ///< (tp tn - fp fn) / sqrt((tp+fp)(tp+fn)(tn+fp)(tn+fn))
};

ThresholdMetrics computeThresholdMetrics(const ConfusionMatrix& counts, double beta = 1.0);

/// The ROC point in effect at `threshold`: the last point whose threshold is >= it (samples with
/// score >= threshold are predicted positive). O(log n); no recomputation of the curves.
std::size_t rocPointAt(const RocResult& roc, double threshold);
ConfusionMatrix confusionAt(const RocResult& roc, std::size_t point);
ThresholdMetrics metricsAt(const RocResult& roc, double threshold, double beta = 1.0);

/// The ROC point minimising the expected cost FP + costRatio * FN (costRatio: cost of a missed
/// positive over the cost of a false alarm). Ties go to the higher threshold.
std::size_t costOptimalPoint(const RocResult& roc, double costRatio);

/// Precision, recall, F1 and F-beta against the threshold, for charts: at most `maxPoints`
/// points, evenly spread over the ROC points (every point when there are fewer).
struct ThresholdCurve {
    std::vector<double> thresholds; ///< descending, finite (the +inf point is left out)
    std::vector<double> precision, recall, f1, fBeta;
};
ThresholdCurve thresholdCurve(const RocResult& roc, std::size_t maxPoints, double beta = 1.0);

} // namespace mllab
