// The calibration lab's declaration, state conversion and JSON (libtorch-free).
#include "engine/labs/calibration.h"

#include <nlohmann/json.hpp>

#include <cmath>

namespace mllab::labs {

namespace {

/// A number, or null for an empty bin's NaN.
nlohmann::json finiteOrNull(double v)
{
    return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json();
}

nlohmann::json binsJson(const CalibrationResult& r)
{
    nlohmann::json bins = nlohmann::json::array();
    for (const CalibrationBin& b : r.bins)
        bins.push_back({{"lower", b.lower},
                        {"upper", b.upper},
                        {"count", b.count},
                        {"mean_predicted", finiteOrNull(b.meanPredicted)},
                        {"fraction_positive", finiteOrNull(b.fractionPositive)}});
    return bins;
}

nlohmann::json lossesJson(const CalibrationResult& r, double nll)
{
    return {{"ece", r.ece}, {"mce", r.mce}, {"brier", r.brier}, {"nll", nll}};
}

nlohmann::json scoredJson(const CalibrationLabResult& r)
{
    if (!r.csvName.empty())
        return {{"csv", r.csvName}};
    return {{"model", r.model}, {"epochs", r.epochs}, {"train_rows", r.trainRows}};
}

} // namespace

const LabSpec& calibrationLabSpec()
{
    static const LabSpec spec = [] {
        LabSpec s{"calibration", "Calibration and temperature scaling",
                  "Reliability diagrams of a real model before and after fitting one "
                  "temperature on a validation split."};
        s.needsTorch = true;
        const std::string modelled = "source=multiclass|binary|wine|breast-cancer";
        ParamSpec source{"source", "Data", ParamType::Choice, std::string("multiclass")};
        source.choices = {"multiclass", "binary", "wine", "breast-cancer", "csv"};
        source.choiceLabels = {"4 Gaussian classes", "2 Gaussian classes", "Wine (3 cultivars)",
                               "Breast cancer", "Probabilities from a CSV file…"};
        source.help = "Data a model is trained on, or your own model's probabilities";
        ParamSpec model{"model", "Model", ParamType::Choice, std::string("mlp")};
        model.choices = {"mlp", "logistic"};
        model.choiceLabels = {"MLP (2 x 64, no regularisation)", "Logistic regression"};
        model.help = "The classifier whose probabilities are calibrated";
        model.enabledWhen = modelled;
        ParamSpec epochs{"epochs", "Epochs", ParamType::Integer, 300LL, 20, 5000, 100};
        epochs.help = "Full-batch training steps: the longer the MLP trains, the more "
                      "overconfident it gets";
        epochs.enabledWhen = modelled;
        ParamSpec bins{"bins", "Bins", ParamType::Integer, 10LL, 2, 50, 1};
        bins.help = "Bins of the reliability diagram and of ECE and MCE";
        ParamSpec strategy{"strategy", "Binning", ParamType::Choice, std::string("uniform")};
        strategy.choices = {"uniform", "quantile"};
        strategy.choiceLabels = {"uniform width", "equal counts (quantile)"};
        strategy.help = "Bins of equal width, or bins holding equal numbers of rows";
        ParamSpec seed = seedParam("The same seed draws the same data, split and initial weights");
        seed.enabledWhen = modelled;
        ParamSpec csv = csvFileParam(
            "A CSV file with a header row, a probability column and a 0/1 label column");
        ParamSpec prob = csvColumnParam("prob", "Probability", "prob",
                                        "The column of predicted probabilities of class 1");
        ParamSpec label =
            csvColumnParam("label", "Label (0/1)", "label", "The column of true labels, 0 or 1");
        ParamSpec tab = tabsParam("tab", {"before", "after"}, "The reliability diagram shown");
        s.params = {source, model, epochs, bins, strategy, seed, csv, prob, label, tab};
        return s;
    }();
    return spec;
}

CalibrationLabParams calibrationLabParams(const LabState& state)
{
    CalibrationLabParams p;
    p.source = state.text("source");
    p.model = state.text("model");
    p.epochs = int(state.integer("epochs"));
    p.bins = int(state.integer("bins"));
    p.strategy = binStrategyFromName(state.text("strategy"));
    p.seed = int(state.integer("seed"));
    p.csvPath = state.text("csv");
    p.probColumn = state.text("prob");
    p.labelColumn = state.text("label");
    return p;
}

nlohmann::json calibrationLabJson(const CalibrationLabResult& r)
{
    return {{"scored", scoredJson(r)},
            {"classes", r.classes},
            {"temperature", r.temperature},
            {"test_accuracy", r.testAccuracy},
            {"validation_rows", r.validationRows},
            {"test_rows", r.testRows},
            {"before", lossesJson(r.before, r.nllBefore)},
            {"after", lossesJson(r.after, r.nllAfter)},
            {"bins", {{"before", binsJson(r.before)}, {"after", binsJson(r.after)}}}};
}

} // namespace mllab::labs
