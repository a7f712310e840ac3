// mllab-cli roc, calibration, temperature-scale and pca: the evaluation labs from the shell.
#include "engine/calibration.h"
#include "engine/cli/args.h"
#include "engine/cli/commands.h"
#include "engine/csv.h"
#include "engine/metrics.h"
#include "engine/pca.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <future>
#include <ostream>
#include <set>

namespace mllab::cli {
namespace {

/// Messages point at the file line of a data row.
RowLocator fileLocator(const CsvNumeric& table)
{
    return [&table](std::size_t row) {
        return "line " + std::to_string(table.lineOf(row)) + " of " + table.source;
    };
}

/// JSON text for large number arrays: shortest round-trip digits (std::to_chars) straight into
/// one buffer; non-finite values become null, as nlohmann::json writes them.
class JsonWriter {
public:
    explicit JsonWriter(std::size_t reserve) { m_text.reserve(reserve); }

    JsonWriter& raw(std::string_view s)
    {
        m_text += s;
        return *this;
    }
    JsonWriter& number(double v)
    {
        if (!std::isfinite(v))
            return raw("null");
        char buffer[32];
        const auto end = std::to_chars(buffer, buffer + sizeof buffer, v).ptr;
        m_text.append(buffer, end);
        return *this;
    }
    JsonWriter& integer(long long v)
    {
        char buffer[24];
        const auto end = std::to_chars(buffer, buffer + sizeof buffer, v).ptr;
        m_text.append(buffer, end);
        return *this;
    }
    template <class Get> JsonWriter& array(std::size_t count, Get get)
    {
        m_text += '[';
        for (std::size_t i = 0; i < count; ++i) {
            if (i)
                m_text += ',';
            number(get(i));
        }
        m_text += ']';
        return *this;
    }
    const std::string& text() const { return m_text; }

private:
    std::string m_text;
};

/// 1 for the rows whose `column` holds `positive`, 0 for the others (scikit-learn's
/// `y == positive`), for a label column of class names. InputError when no row holds it.
std::vector<double> labelsOfClass(const std::string& path, const std::string& column,
                                  const std::string& positive)
{
    const CsvText table = readTextCsvFile(path);
    const std::size_t c = table.columnIndex(column);
    std::vector<double> labels(table.rows.size());
    std::set<std::string> seen; // a few of the values, for the message
    for (std::size_t row = 0; row < table.rows.size(); ++row) {
        labels[row] = table.rows[row][c] == positive ? 1.0 : 0.0;
        if (seen.size() < 20)
            seen.insert(table.rows[row][c]);
    }
    if (std::find(labels.begin(), labels.end(), 1.0) == labels.end()) {
        std::string values;
        for (const std::string& v : seen)
            values += (values.empty() ? "'" : ", '") + v + "'";
        throw InputError("--positive '" + positive + "' is not a value of column '" + column +
                         "' in " + table.source + " (values: " + values + ")");
    }
    return labels;
}

int runRoc(const std::vector<std::string>& argv, std::ostream& out)
{
    Args args(argv, 2, {"input", "score", "label", "positive"});
    const std::string path = args.required("input");
    RocParams p;
    p.scoreName = args.text("score", "score");
    p.labelName = args.text("label", "label");
    if (p.scoreName == p.labelName)
        throw UsageError("--score and --label name the same column '" + p.scoreName + "'");
    const bool classNames = args.has("positive");
    CsvNumeric table = classNames ? readNumericCsvFile(path, {p.scoreName})
                                  : readNumericCsvFile(path, {p.scoreName, p.labelName});
    p.scores = std::move(table.columns[0]);
    p.labels = classNames ? labelsOfClass(path, p.labelName, args.text("positive", ""))
                          : std::move(table.columns[1]);
    p.locate = fileLocator(table);
    const RocResult r = computeRoc(p);

    // The five arrays are formatted on their own threads (shortest round-trip digits are the
    // bulk of the work for a million-point curve), then written in order.
    const std::size_t m = r.thresholds.size();
    const auto arrayText = [](std::size_t count, auto get) {
        return std::async(std::launch::async, [count, get] {
            JsonWriter w(count * 24 + 2);
            w.array(count, get);
            return w.text();
        });
    };
    auto fpr = arrayText(m, [&r](std::size_t i) { return r.fpr(i); });
    auto tpr = arrayText(m, [&r](std::size_t i) { return r.tpr(i); });
    auto thresholds = arrayText(m, [&r](std::size_t i) { return r.thresholds[i]; });
    auto precision = arrayText(m, [&r](std::size_t i) { return r.precision(i); });
    auto recall = arrayText(m, [&r](std::size_t i) { return r.recall(i); });
    auto prThresholds =
        arrayText(r.prThresholdCount(), [&r](std::size_t i) { return r.prThreshold(i); });
    JsonWriter j(256);
    j.raw("{\"n\":").integer(r.n).raw(",\"positives\":").integer(r.positives);
    j.raw(",\"auc_roc\":")
        .number(r.aucRoc)
        .raw(",\"average_precision\":")
        .number(r.averagePrecision);
    j.raw(",\"roc\":{\"fpr\":");
    out << j.text() << fpr.get() << ",\"tpr\":" << tpr.get()
        << ",\"thresholds\":" << thresholds.get() << "},\"pr\":{\"precision\":" << precision.get()
        << ",\"recall\":" << recall.get() << ",\"thresholds\":" << prThresholds.get() << "}}\n";
    return 0;
}

nlohmann::json binsJson(const CalibrationResult& r)
{
    nlohmann::json bins = nlohmann::json::array();
    for (const auto& b : r.bins)
        bins.push_back({{"lower", b.lower},
                        {"upper", b.upper},
                        {"count", b.count},
                        {"mean_predicted", b.meanPredicted},
                        {"fraction_positive", b.fractionPositive}});
    return bins;
}

int runCalibration(const std::vector<std::string>& argv, std::ostream& out)
{
    Args args(argv, 2, {"input", "prob", "label", "bins", "strategy"});
    const std::string path = args.required("input");
    CalibrationParams p;
    p.probName = args.text("prob", "prob");
    p.labelName = args.text("label", "label");
    if (p.probName == p.labelName)
        throw UsageError("--prob and --label name the same column '" + p.probName + "'");
    const long long bins = args.integer("bins", 10);
    if (bins < 1 || bins > 10000)
        throw UsageError("--bins must be from 1 to 10000, got " + std::to_string(bins));
    p.bins = int(bins);
    const std::string strategy = args.text("strategy", "uniform");
    if (strategy != "uniform" && strategy != "quantile")
        throw UsageError("--strategy must be uniform or quantile, got '" + strategy + "'");
    p.strategy = binStrategyFromName(strategy);
    CsvNumeric table = readNumericCsvFile(path, {p.probName, p.labelName});
    p.probabilities = std::move(table.columns[0]);
    p.labels = std::move(table.columns[1]);
    p.locate = fileLocator(table);
    const CalibrationResult r = computeCalibration(p);
    printJson(out, nlohmann::json{{"ece", r.ece},
                                  {"mce", r.mce},
                                  {"brier", r.brier},
                                  {"nll", r.nll},
                                  {"bins", binsJson(r)}});
    return 0;
}

int runTemperatureScale(const std::vector<std::string>& argv, std::ostream& out)
{
    Args args(argv, 2, {"input", "logits", "label"});
    const std::string path = args.required("input");
    const std::vector<std::string> logitColumns = args.list("logits");
    if (logitColumns.empty())
        throw UsageError(
            "option --logits is required (one column for a binary logit, or one per class)");
    TemperatureParams p;
    p.labelName = args.required("label");
    std::vector<std::string> columns = logitColumns;
    columns.push_back(p.labelName);
    for (std::size_t i = 0; i + 1 < columns.size(); ++i)
        if (columns[i] == p.labelName)
            throw UsageError("--label '" + p.labelName + "' is also one of the --logits columns");
    CsvNumeric table = readNumericCsvFile(path, columns);
    p.classes = logitColumns.size();
    p.labels = std::move(table.columns.back());
    p.logits.resize(table.rows * p.classes);
    for (std::size_t c = 0; c < p.classes; ++c)
        for (std::size_t row = 0; row < table.rows; ++row)
            p.logits[row * p.classes + c] = table.columns[c][row];
    p.locate = fileLocator(table);
    const TemperatureResult r = computeTemperatureScaling(p);
    printJson(out, nlohmann::json{{"temperature", r.temperature},
                                  {"nll_before", r.nllBefore},
                                  {"nll_after", r.nllAfter},
                                  {"ece_before", r.eceBefore},
                                  {"ece_after", r.eceAfter}});
    return 0;
}

int runPca(const std::vector<std::string>& argv, std::ostream& out)
{
    Args args(argv, 2, {"input", "columns"}, {"standardize"});
    const std::string path = args.required("input");
    CsvNumeric table = readNumericCsvFile(path, args.list("columns"));
    PcaParams p;
    p.names = table.names;
    p.columns = std::move(table.columns);
    p.standardize = args.flag("standardize");
    p.projectionComponents = 0;
    const PcaResult r = computePca(p);
    printJson(out, nlohmann::json{{"n_samples", r.samples},
                                  {"n_features", r.features},
                                  {"mean", r.mean},
                                  {"scale", r.scale},
                                  {"explained_variance", r.explainedVariance},
                                  {"explained_variance_ratio", r.explainedVarianceRatio},
                                  {"singular_values", r.singularValues},
                                  {"components", r.components}});
    return 0;
}

} // namespace

void addEvaluationCommands(std::vector<Command>& out)
{
    out.push_back(
        {"roc", "roc --input F [--score score] [--label label] [--positive CLASS]", runRoc});
    out.back().help = {
        "ROC and precision-recall curves with AUC and average precision, as scikit-learn's "
        "roc_curve(drop_intermediate=False) and average_precision_score.",
        {{"",
          {{"--input F", "CSV file with a header row (required)"},
           {"--score C", "column of scores; higher means more likely positive [score]"},
           {"--label C", "column of labels, 0 or 1 [label]"},
           {"--positive CLASS",
            "the label column holds class names: rows of CLASS are the positives"}}}}};
    out.push_back({"calibration",
                   "calibration --input F [--prob prob] [--label label] [--bins 10] "
                   "[--strategy uniform|quantile]",
                   runCalibration});
    out.back().help = {
        "Reliability bins of predicted probabilities against observed frequencies, with "
        "expected and maximum calibration error, Brier score and log loss.",
        {{"",
          {{"--input F", "CSV file with a header row (required)"},
           {"--prob C", "column of predicted probabilities of the positive class [prob]"},
           {"--label C", "column of labels, 0 or 1 [label]"},
           {"--bins N", "number of bins, 1 to 10000 [10]"},
           {"--strategy S", "uniform (equal widths) or quantile (equal counts) [uniform]"}}}}};
    out.push_back({"temperature-scale",
                   "temperature-scale --input F --logits c1[,c2,...] --label label",
                   runTemperatureScale});
    out.back().help = {
        "Fits the temperature T that minimises the log loss of softmax(logits / T), and reports "
        "log loss and calibration error before and after.",
        {{"",
          {{"--input F", "CSV file with a header row (required)"},
           {"--logits c1,c2,...", "logit columns: one for a binary logit, or one per class "
                                  "(required)"},
           {"--label C", "column of labels: 0/1, or the class index (required)"}}}}};
    out.push_back({"pca", "pca --input F [--columns a,b,...] [--standardize]", runPca});
    out.back().help = {
        "Principal component analysis by SVD of the centred data, as scikit-learn's PCA "
        "(explained variance with n - 1, svd_flip signs).",
        {{"",
          {{"--input F", "CSV file with a header row (required)"},
           {"--columns a,b,...", "numeric columns to analyse [every column]"},
           {"--standardize", "scale each column to unit standard deviation first"}}}}};
}

} // namespace mllab::cli
