// The calibration lab's computation: logits from a model trained with libtorch or from a CSV
// file's probabilities, one temperature fitted on the validation rows, reliability of the test
// rows before and after.
#include "engine/labs/calibration.h"

#include "engine/classifiers.h"
#include "engine/csv.h"
#include "engine/datasets.h"

#include <algorithm>
#include <cmath>

namespace mllab::labs {

namespace {

/// Logits to fit the temperature on (validation) and to measure it on (test).
struct LogitSets {
    std::size_t classes = 1; ///< logit columns
    std::vector<double> validationLogits, validationLabels, testLogits, testLabels;
    double testAccuracy = 0;
};

/// Probabilities in a CSV file become logits for temperature scaling: log(p / (1 - p)), with p
/// clipped a little inside (0, 1) so that 0 and 1 stay finite.
std::vector<double> logitsOf(const std::vector<double>& p)
{
    constexpr double eps = 1e-12;
    std::vector<double> z(p.size());
    for (std::size_t i = 0; i < p.size(); ++i) {
        const double q = std::clamp(p[i], eps, 1.0 - eps);
        z[i] = std::log(q / (1.0 - q));
    }
    return z;
}

/// Checks the columns as a calibration input first, so that messages name the column and line.
void checkCalibrationInput(const CsvNumeric& table, const CalibrationLabParams& p)
{
    CalibrationParams check;
    check.probabilities = table.columns[0];
    check.labels = table.columns[1];
    check.probName = p.probColumn;
    check.labelName = p.labelColumn;
    check.locate = [&table](std::size_t row) {
        return "line " + std::to_string(table.lineOf(row)) + " of " + table.source;
    };
    computeCalibration(check);
    if (table.rows < 4)
        throw InputError(table.source + " has " + std::to_string(table.rows) +
                         " rows; temperature scaling needs at least 4 (half to fit T, half to "
                         "test it)");
}

/// T is fitted on the even rows and tested on the odd ones.
LogitSets csvLogits(const CalibrationLabParams& p, const Progress& progress)
{
    if (p.csvPath.empty())
        throw InputError("Choose a CSV file with a probability and a 0/1 label column.");
    const CsvNumeric table = readNumericCsvFile(p.csvPath, {p.probColumn, p.labelColumn}, progress);
    checkCalibrationInput(table, p);
    LogitSets s;
    const std::vector<double> z = logitsOf(table.columns[0]);
    std::size_t correct = 0;
    for (std::size_t i = 0; i < table.rows; ++i) {
        const bool fit = i % 2 == 0;
        (fit ? s.validationLogits : s.testLogits).push_back(z[i]);
        (fit ? s.validationLabels : s.testLabels).push_back(table.columns[1][i]);
        if (!fit)
            correct += (z[i] > 0) == (table.columns[1][i] == 1.0);
    }
    s.testAccuracy = double(correct) / double(s.testLabels.size());
    return s;
}

Dataset modelData(const CalibrationLabParams& p)
{
    if (p.source == "multiclass") {
        MultiClassParams m;
        m.rows = 12000;
        m.separation = 2.0;
        m.labelNoise = 0.05;
        m.seed = std::uint64_t(p.seed);
        return makeMultiClassData(m);
    }
    if (p.source == "binary") {
        TwoClassParams t;
        t.rows = 12000;
        t.features = 4;
        t.separation = 1.5;
        t.labelNoise = 0.1;
        t.seed = std::uint64_t(p.seed);
        return makeTwoClassData(t);
    }
    if (p.source == "wine")
        return loadBuiltInDataset("wine");
    return oneVersusRest(loadBuiltInDataset("breast-cancer"), "malignant");
}

LogitSets modelLogits(const CalibrationLabParams& p, CalibrationLabResult& scored,
                      const Progress& progress)
{
    const Dataset data = modelData(p);
    // Small shipped sets keep 40 % of their rows for training; the large synthetic ones test
    // on half of theirs.
    const bool small = data.rows < 1000;
    const DatasetSplit split = splitDataset(data, 0.3, small ? 0.3 : 0.5, std::uint64_t(p.seed));
    ClassifierParams c;
    c.model = modelKindFromName(p.model);
    c.epochs = p.epochs;
    c.seed = std::uint64_t(p.seed);
    if (c.model == ModelKind::Mlp) {
        c.hiddenUnits = 64;
        c.learningRate = 0.01;
    }
    const ClassifierOutputs out = trainClassifier(split, c, progress);
    LogitSets s;
    s.classes = out.outputs;
    s.validationLogits = out.validationLogits;
    s.validationLabels = labelValues(split.validation);
    s.testLogits = out.testLogits;
    s.testLabels = labelValues(split.test);
    s.testAccuracy = out.testAccuracy;
    scored.model = modelKindName(c.model);
    scored.epochs = c.epochs;
    scored.trainRows = split.train.rows;
    return s;
}

} // namespace

CalibrationLabResult computeCalibrationLab(const CalibrationLabParams& p, const Progress& progress)
{
    CalibrationLabResult r;
    const bool csv = p.source == "csv";
    const LogitSets s = csv ? csvLogits(p, progress) : modelLogits(p, r, progress);
    if (csv)
        r.csvName = p.csvPath.substr(p.csvPath.find_last_of('/') + 1);
    TemperatureParams fit;
    fit.logits = s.validationLogits;
    fit.classes = s.classes;
    fit.labels = s.validationLabels;
    const TemperatureResult t = computeTemperatureScaling(fit, progress);

    r.classes = s.classes == 1 ? 2 : s.classes;
    r.temperature = t.temperature;
    r.before =
        calibrationAtTemperature(s.testLogits, s.classes, s.testLabels, 1.0, p.bins, p.strategy);
    r.after = calibrationAtTemperature(s.testLogits, s.classes, s.testLabels, t.temperature, p.bins,
                                       p.strategy);
    r.nllBefore = temperatureNll(s.testLogits, s.classes, s.testLabels, 1.0);
    r.nllAfter = temperatureNll(s.testLogits, s.classes, s.testLabels, t.temperature);
    r.testAccuracy = s.testAccuracy;
    r.validationRows = s.validationLabels.size();
    r.testRows = s.testLabels.size();
    return r;
}

} // namespace mllab::labs
