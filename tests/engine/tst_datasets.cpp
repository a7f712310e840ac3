// engine/datasets and engine/classifiers: seeded synthetic data with the asked-for imbalance and
// noise, the shipped CSVs, stratified splits, and real models whose scores behave as the labs
// claim (logistic regression near the Bayes AUC; the long-trained MLP overconfident).
#include "engine/calibration.h"
#include "engine/classifiers.h"
#include "engine/datasets.h"
#include "engine/metrics.h"
#include "tests/support/enginetest.h"

#include <cmath>

using mllab::InputError;

namespace {

std::string datasetPath(const std::string& file)
{
    return std::string(MLLAB_SOURCE_DIR) + "/resources/datasets/" + file;
}

std::size_t countLabel(const mllab::Dataset& d, int label)
{
    return std::size_t(std::count(d.labels.begin(), d.labels.end(), label));
}

double aucOf(const std::vector<double>& scores, const mllab::Dataset& d)
{
    mllab::RocParams p;
    p.scores = scores;
    p.labels = mllab::labelValues(d);
    return mllab::computeRoc(p).aucRoc;
}

} // namespace

ENGINE_TEST(twoClassDataHasTheAskedImbalance)
{
    mllab::TwoClassParams p;
    p.rows = 100100;
    p.positiveFraction = 1.0 / 1001.0; // 1:1000
    const auto d = mllab::makeTwoClassData(p);
    QCOMPARE(d.rows, std::size_t(100100));
    QCOMPARE(countLabel(d, 1), std::size_t(100));
    QCOMPARE(d.features.size(), d.rows * 2);
    // Same seed, same rows; another seed, other rows.
    QCOMPARE(mllab::makeTwoClassData(p).features, d.features);
    p.seed = 1;
    QVERIFY(mllab::makeTwoClassData(p).features != d.features);
}

ENGINE_TEST(labelNoiseFlipsTheAskedShare)
{
    mllab::TwoClassParams p;
    p.rows = 20000;
    p.labelNoise = 0.2;
    const auto d = mllab::makeTwoClassData(p);
    // Flips are symmetric here (balanced classes): the positives stay near half...
    QVERIFY(std::abs(double(countLabel(d, 1)) / 20000.0 - 0.5) < 0.02);
    // ...and label noise caps the attainable AUC: the same score (x1 + x2, Bayes-optimal on
    // clean labels) drops from about 0.92 to about 0.6 x 0.92 + 0.2 = 0.75.
    p.labelNoise = 0;
    const auto clean = mllab::makeTwoClassData(p);
    std::vector<double> cleanScores, noisyScores;
    for (std::size_t i = 0; i < d.rows; ++i) {
        cleanScores.push_back(clean.at(i, 0) + clean.at(i, 1));
        noisyScores.push_back(d.at(i, 0) + d.at(i, 1));
    }
    const double cleanAuc = aucOf(cleanScores, clean);
    QVERIFY(std::abs(cleanAuc - 0.9214) < 0.01); // Phi(2 / sqrt 2)
    QVERIFY(aucOf(noisyScores, d) < cleanAuc - 0.12);
}

ENGINE_TEST(badSyntheticParameters)
{
    mllab::TwoClassParams p;
    p.positiveFraction = 0;
    QVERIFY_THROWS_MESSAGE(mllab::makeTwoClassData(p), InputError, "share of positives");
    p.positiveFraction = 0.5;
    p.labelNoise = 0.7;
    QVERIFY_THROWS_MESSAGE(mllab::makeTwoClassData(p), InputError, "label noise must be from");
    mllab::MultiClassParams m;
    m.features = 2;
    QVERIFY_THROWS_MESSAGE(mllab::makeMultiClassData(m), InputError, "features must be from");
}

ENGINE_TEST(shippedDatasetsParse)
{
    struct Expect {
        const char* id;
        std::size_t rows, features;
        std::vector<std::size_t> perClass;
    };
    for (const Expect& e :
         {Expect{"iris", 150, 4, {50, 50, 50}}, Expect{"wine", 178, 13, {59, 71, 48}},
          Expect{"breast-cancer", 569, 30, {357, 212}}}) {
        const auto& info = mllab::builtInDataset(e.id);
        const auto d = mllab::datasetFromCsvFile(datasetPath(info.file), info.classColumn);
        QCOMPARE(d.rows, e.rows);
        QCOMPARE(d.featureCount(), e.features);
        QCOMPARE(d.classCount(), e.perClass.size());
        for (std::size_t c = 0; c < e.perClass.size(); ++c)
            QCOMPARE(countLabel(d, int(c)), e.perClass[c]);
    }
    const auto iris = mllab::datasetFromCsvFile(datasetPath("iris.csv"), "species");
    QCOMPARE(iris.classNames, (std::vector<std::string>{"setosa", "versicolor", "virginica"}));
    QCOMPARE(iris.at(0, 0), 5.1);
    QVERIFY_THROWS_MESSAGE(mllab::builtInDataset("mnist"), InputError, "unknown dataset 'mnist'");
}

ENGINE_TEST(csvDatasetErrorsNameColumnAndLine)
{
    QVERIFY_THROWS_MESSAGE(mllab::datasetFromCsv("a,b,cls\n1,2,x\n3,oops,y\n", "d.csv", "cls"),
                           InputError, "d.csv: column 'b' needs numbers, but line 3 has 'oops'");
    QVERIFY_THROWS_MESSAGE(mllab::datasetFromCsv("a,cls\n1,x\n", "d.csv", "label"), InputError,
                           "d.csv has no column 'label'");
    QVERIFY_THROWS_MESSAGE(mllab::datasetFromCsv("", "d.csv", "label"), InputError, "is empty");
    QVERIFY_THROWS_MESSAGE(mllab::datasetFromCsv("a,cls\n1,\n", "d.csv", "cls"), InputError,
                           "class column 'cls' is empty at line 2");
    // Numeric classes sort numerically: 10 after 9.
    const auto d = mllab::datasetFromCsv("a,cls\n1,10\n2,9\n3,10\n", "d.csv", "cls");
    QCOMPARE(d.classNames, (std::vector<std::string>{"9", "10"}));
    QCOMPARE(d.labels, (std::vector<int>{1, 0, 1}));
}

ENGINE_TEST(stratifiedSplitKeepsClassShares)
{
    mllab::TwoClassParams p;
    p.rows = 10000;
    p.positiveFraction = 0.1;
    const auto split = mllab::splitDataset(mllab::makeTwoClassData(p), 0.2, 0.3, 5);
    QCOMPARE(split.train.rows + split.validation.rows + split.test.rows, std::size_t(10000));
    QCOMPARE(split.test.rows, std::size_t(3000));
    QCOMPARE(countLabel(split.test, 1), std::size_t(300));
    QCOMPARE(countLabel(split.validation, 1), std::size_t(200));
    QVERIFY_THROWS_MESSAGE(mllab::splitDataset(mllab::makeUnitsDemoData(false, 0, 2), 0.2, 0.3, 0),
                           InputError, "too few rows");
}

ENGINE_TEST(logisticRegressionReachesTheBayesAuc)
{
    mllab::TwoClassParams p;
    p.rows = 6000;
    const auto split = mllab::splitDataset(mllab::makeTwoClassData(p), 0.0, 0.5, 1);
    mllab::ClassifierParams c;
    const auto out = mllab::trainClassifier(split, c);
    QCOMPARE(out.outputs, std::size_t(1));
    QCOMPARE(out.testLogits.size(), split.test.rows);
    const double auc = aucOf(mllab::sigmoidScores(out.testLogits), split.test);
    QVERIFY2(std::abs(auc - 0.9214) < 0.015, std::to_string(auc));
    QVERIFY(out.lossHistory.front() > out.lossHistory.back());
    // Deterministic for a seed.
    QCOMPARE(mllab::trainClassifier(split, c).testLogits, out.testLogits);
}

ENGINE_TEST(longTrainedMlpIsOverconfident)
{
    mllab::MultiClassParams m;
    m.rows = 3000;
    m.separation = 1.5;
    m.labelNoise = 0.1;
    const auto split = mllab::splitDataset(mllab::makeMultiClassData(m), 0.3, 0.4, 2);
    mllab::ClassifierParams c;
    c.model = mllab::ModelKind::Mlp;
    c.hiddenUnits = 64;
    c.epochs = 400;
    c.learningRate = 0.01;
    const auto out = mllab::trainClassifier(split, c);
    QCOMPARE(out.outputs, std::size_t(4));
    QVERIFY(out.trainAccuracy > out.testAccuracy + 0.05); // it fits the training noise
    mllab::TemperatureParams t;
    t.logits = out.validationLogits;
    t.classes = 4;
    t.labels = mllab::labelValues(split.validation);
    const auto fit = mllab::computeTemperatureScaling(t);
    QVERIFY2(fit.temperature > 1.3, std::to_string(fit.temperature)); // needs cooling down
    QVERIFY(fit.eceAfter < fit.eceBefore);
}

ENGINE_TEST_MAIN(tst_datasets)
