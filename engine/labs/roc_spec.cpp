// The roc lab's declaration, state conversion, threshold readout and JSON (libtorch-free).
#include "engine/labs/roc.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>

namespace mllab::labs {

namespace {

constexpr std::size_t kJsonCurvePoints = 51;

/// The ROC curve at about kJsonCurvePoints points evenly spread over its points.
nlohmann::json thinnedCurve(const RocResult& r)
{
    std::vector<double> fpr, tpr;
    const std::size_t n = r.pointCount();
    const std::size_t shown = std::min(n, kJsonCurvePoints);
    for (std::size_t i = 0; i < shown; ++i) {
        const std::size_t k = shown < 2 ? 0 : i * (n - 1) / (shown - 1);
        fpr.push_back(r.fpr(k));
        tpr.push_back(r.tpr(k));
    }
    return {{"fpr", fpr}, {"tpr", tpr}};
}

nlohmann::json scoredJson(const RocLabResult& r)
{
    if (!r.csvName.empty())
        return {{"csv", r.csvName}};
    return {{"model", r.model}, {"train_rows", r.trainRows}, {"test_rows", r.testRows}};
}

nlohmann::json readoutJson(const RocLabResult& result)
{
    const RocReadout& at = result.readout;
    const ThresholdMetrics& m = at.metrics;
    nlohmann::json json = {
        {"threshold", at.threshold},
        {"confusion",
         {{"tp", m.counts.tp}, {"fn", m.counts.fn}, {"fp", m.counts.fp}, {"tn", m.counts.tn}}},
        {"precision", m.precision},
        {"recall", m.recall},
        {"f1", m.f1},
        {"beta", at.beta},
        {"f_beta", m.fBeta},
        {"accuracy", m.accuracy},
        {"mcc", m.mcc},
        {"cost_ratio", at.costRatio}};
    if (at.costRatio > 0) {
        // null: flagging nothing is cheapest (the threshold lies above every score).
        json["cost_optimal_threshold"] = at.costPoint == 0
                                             ? nlohmann::json()
                                             : nlohmann::json(result.roc.thresholds[at.costPoint]);
    }
    return json;
}

} // namespace

const LabSpec& rocLabSpec()
{
    static const LabSpec spec = [] {
        LabSpec s{"roc", "ROC and precision-recall",
                  "Score held-out data with a real classifier, move the threshold and watch "
                  "AUC-ROC hold while average precision falls on rare positives."};
        s.needsTorch = true;
        const std::string modelled = "source=synthetic|breast-cancer";
        ParamSpec source{"source", "Data", ParamType::Choice, std::string("synthetic")};
        source.choices = {"synthetic", "breast-cancer", "csv"};
        source.choiceLabels = {"Two Gaussian classes", "Breast cancer (malignant)",
                               "Scores from a CSV file…"};
        source.help = "Synthetic data you can reshape, a real dataset, or your own model's scores";
        ParamSpec model{"model", "Model", ParamType::Choice, std::string("logistic")};
        model.choices = {"logistic", "mlp"};
        model.choiceLabels = {"Logistic regression", "MLP (2 x 32 ReLU)"};
        model.help = "The classifier trained on the data and scored on held-out rows";
        model.enabledWhen = modelled;
        ParamSpec separation{"separation", "Separation", ParamType::Number, 1.5, 0, 4, 0.1};
        separation.widget = ParamWidget::Slider;
        separation.decimals = 1;
        separation.help = "Distance between the class means in standard deviations";
        separation.enabledWhen = "source=synthetic";
        ParamSpec imbalance{"imbalance", "Imbalance", ParamType::Integer, 1LL, 1, 1000, 1};
        imbalance.widget = ParamWidget::Slider;
        imbalance.stops = {1, 2, 5, 10, 20, 50, 100, 200, 500, 1000};
        imbalance.prefix = "1:";
        imbalance.help = "Negatives per positive, from 1:1 to 1:1000";
        imbalance.enabledWhen = "source=synthetic";
        ParamSpec noise{"noise", "Label noise", ParamType::Number, 0.0, 0, 0.3, 0.01};
        noise.widget = ParamWidget::Slider;
        noise.displayScale = 100;
        noise.decimals = 0;
        noise.unit = "%";
        noise.help = "Share of labels flipped at random";
        noise.enabledWhen = "source=synthetic";
        ParamSpec seed = seedParam("The same seed draws the same data, split and initial weights");
        seed.enabledWhen = modelled;
        ParamSpec csv =
            csvFileParam("A CSV file with a header row, a score column and a label column");
        ParamSpec score = csvColumnParam("score", "Score column", "score",
                                         "The column of scores: higher means more likely positive");
        ParamSpec label =
            csvColumnParam("label", "Label column", "label",
                           "The column of labels: two values, the larger is the positive class");
        // Any score is a threshold (a CSV's scores need not be probabilities); the app's slider
        // spans the scores of the current result.
        ParamSpec threshold{"threshold", "Threshold", ParamType::Number, 0.5, -1e300, 1e300};
        threshold.widget = ParamWidget::Slider;
        threshold.decimals = 3;
        threshold.help = "Predict positive when score ≥ threshold";
        ParamSpec beta{"beta", "F-β, β", ParamType::Number, 1.0, 0.1, 10, 0.5};
        beta.widget = ParamWidget::SpinBox;
        beta.help = "β > 1 weighs recall more, β < 1 precision";
        ParamSpec cost{"cost", "Cost FN:FP", ParamType::Number, 0.0, 0, 10000, 1};
        cost.widget = ParamWidget::SpinBox;
        cost.decimals = 1;
        cost.specialValueText = "off";
        cost.help = "Cost of a missed positive over the cost of a false alarm; marks the "
                    "threshold of least expected cost";
        ParamSpec tab = tabsParam("tab", {"roc", "pr", "scores", "metrics"}, "The chart shown");
        s.params = {source, model, separation, imbalance, noise, seed, csv,
                    score,  label, threshold,  beta,      cost,  tab};
        return s;
    }();
    return spec;
}

RocLabParams rocLabParams(const LabState& state)
{
    RocLabParams p;
    p.source = state.text("source");
    p.model = state.text("model");
    p.separation = state.number("separation");
    p.imbalance = int(state.integer("imbalance"));
    p.labelNoise = state.number("noise");
    p.seed = int(state.integer("seed"));
    p.csvPath = state.text("csv");
    p.scoreColumn = state.text("score");
    p.labelColumn = state.text("label");
    p.threshold = state.number("threshold");
    p.beta = state.number("beta");
    p.costRatio = state.number("cost");
    return p;
}

double thresholdWithinScores(const RocResult& roc, double threshold)
{
    if (roc.histogram.positives.empty())
        return threshold;
    return std::clamp(threshold, roc.histogram.lower, roc.histogram.upper);
}

RocReadout readRocAt(const RocResult& roc, double threshold, double beta, double costRatio)
{
    RocReadout at;
    at.threshold = threshold;
    at.beta = beta;
    at.costRatio = costRatio;
    if (roc.thresholds.empty())
        return at;
    at.metrics = metricsAt(roc, threshold, beta);
    at.point = rocPointAt(roc, threshold);
    if (costRatio > 0)
        at.costPoint = costOptimalPoint(roc, costRatio);
    return at;
}

double costOptimalThreshold(const RocResult& roc, double costRatio)
{
    return thresholdOfCostPoint(roc, costOptimalPoint(roc, costRatio));
}

double thresholdOfCostPoint(const RocResult& roc, std::size_t point)
{
    // Point 0 flags nothing: its threshold is +inf, so use one just above the highest score.
    return point == 0 ? roc.thresholds[1] + 1e-9 : roc.thresholds[point];
}

nlohmann::json rocLabJson(const RocLabResult& result)
{
    const RocResult& r = result.roc;
    return {{"scored", scoredJson(result)},
            {"n", r.n},
            {"positives", r.positives},
            {"negatives", r.negatives},
            {"prevalence", double(r.positives) / double(r.n)},
            {"auc_roc", r.aucRoc},
            {"average_precision", r.averagePrecision},
            {"at_threshold", readoutJson(result)},
            {"roc_curve", thinnedCurve(r)}};
}

} // namespace mllab::labs
