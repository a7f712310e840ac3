// The roc lab's computation: data, training and scoring with libtorch, then the curves.
#include "engine/labs/roc.h"

#include "engine/classifiers.h"
#include "engine/csv.h"
#include "engine/datasets.h"

namespace mllab::labs {

namespace {

constexpr int kHistogramBins = 40;
constexpr std::size_t kSyntheticRows = 100'000;

RocLabResult csvScores(const RocLabParams& p, RocParams roc, const Progress& progress)
{
    if (p.csvPath.empty())
        throw InputError("Choose a CSV file with a score and a label column.");
    CsvNumeric table = readNumericCsvFile(p.csvPath, {p.scoreColumn, p.labelColumn}, progress);
    roc.scores = std::move(table.columns[0]);
    roc.labels = std::move(table.columns[1]);
    roc.scoreName = p.scoreColumn;
    roc.labelName = p.labelColumn;
    roc.locate = [&table](std::size_t row) {
        return "line " + std::to_string(table.lineOf(row)) + " of " + table.source;
    };
    RocLabResult out;
    out.roc = computeRoc(roc, progress);
    out.csvName = p.csvPath.substr(p.csvPath.find_last_of('/') + 1);
    return out;
}

Dataset modelData(const RocLabParams& p)
{
    if (p.source == "breast-cancer")
        return oneVersusRest(loadBuiltInDataset("breast-cancer"), "malignant");
    TwoClassParams t;
    t.rows = kSyntheticRows;
    t.separation = p.separation;
    t.positiveFraction = 1.0 / (1.0 + p.imbalance);
    t.labelNoise = p.labelNoise;
    t.seed = std::uint64_t(p.seed);
    return makeTwoClassData(t);
}

RocLabResult modelScores(const RocLabParams& p, RocParams roc, const Progress& progress)
{
    const bool synthetic = p.source != "breast-cancer";
    // The large synthetic set keeps 30 % for testing; the 569 rows of breast cancer half.
    const DatasetSplit split =
        splitDataset(modelData(p), 0.0, synthetic ? 0.7 : 0.5, std::uint64_t(p.seed));
    ClassifierParams c;
    c.model = modelKindFromName(p.model);
    c.seed = std::uint64_t(p.seed);
    if (c.model == ModelKind::Mlp) {
        c.hiddenUnits = 32;
        c.epochs = 300;
        c.learningRate = 0.01;
    }
    const ClassifierOutputs model = trainClassifier(split, c, progress);
    roc.scores = sigmoidScores(model.testLogits);
    roc.labels = labelValues(split.test);
    roc.scoreName = "predicted probability";
    RocLabResult out;
    out.roc = computeRoc(roc, progress);
    out.model = modelKindName(c.model);
    out.trainRows = split.train.rows;
    out.testRows = split.test.rows;
    return out;
}

} // namespace

RocLabResult computeRocLab(const RocLabParams& p, const Progress& progress)
{
    RocParams roc;
    roc.histogramBins = kHistogramBins;
    RocLabResult out = p.source == "csv" ? csvScores(p, std::move(roc), progress)
                                         : modelScores(p, std::move(roc), progress);
    out.readout =
        readRocAt(out.roc, thresholdWithinScores(out.roc, p.threshold), p.beta, p.costRatio);
    return out;
}

} // namespace mllab::labs
