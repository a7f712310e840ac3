// mllab-cli roc, calibration, temperature-scale and pca: the JSON of DESIGN.md's contract, and
// every bad-data case of the evaluation labs as exit 1 with a message naming the problem and line.
#include "tests/support/cli.h"
#include "tests/support/enginetest.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <fstream>
#include <sstream>

using enginetest::cli;
using enginetest::CliRun;

namespace {

/// A CSV file in the working folder, removed when the test ends.
struct TempCsv : enginetest::TempFile {
    TempCsv(const std::string& name, const std::string& text)
        : TempFile("tst_evalcli_" + name, text)
    {
    }
};

std::string datasetPath(const std::string& file)
{
    return std::string(MLLAB_SOURCE_DIR) + "/resources/datasets/" + file;
}

void expectInputError(const std::vector<std::string>& args, const std::string& fragment)
{
    const CliRun r = cli(args);
    QVERIFY2(r.code == 1, "exit " + std::to_string(r.code) + ": " + r.err);
    QVERIFY2(r.out.empty(), r.out);
    QVERIFY2(r.err.find(fragment) != std::string::npos, r.err + " lacks: " + fragment);
}

} // namespace

ENGINE_TEST(rocJsonFollowsTheContract)
{
    TempCsv f("roc.csv", "score,label\n0.1,0\n0.4,0\n0.35,1\n0.8,1\n");
    const CliRun r = cli({"roc", "--input", f.path()});
    QCOMPARE(r.code, 0);
    const auto j = nlohmann::json::parse(r.out);
    QCOMPARE(j["n"].get<int>(), 4);
    QCOMPARE(j["positives"].get<int>(), 2);
    QCOMPARE(j["auc_roc"].get<double>(), 0.75);
    QFUZZY_COMPARE(j["average_precision"].get<double>(), 0.5 + 1.0 / 3.0, 1e-15);
    QVERIFY(j["roc"]["thresholds"][0].is_null()); // +inf
    QCOMPARE(j["roc"]["thresholds"][1].get<double>(), 0.8);
    QCOMPARE(j["roc"]["fpr"].get<std::vector<double>>(), (std::vector<double>{0, 0, 0.5, 0.5, 1}));
    QCOMPARE(j["roc"]["tpr"].get<std::vector<double>>(), (std::vector<double>{0, 0.5, 0.5, 1, 1}));
    QCOMPARE(j["pr"]["recall"].get<std::vector<double>>(),
             (std::vector<double>{1, 1, 0.5, 0.5, 0}));
    QCOMPARE(j["pr"]["thresholds"].get<std::vector<double>>(),
             (std::vector<double>{0.1, 0.35, 0.4, 0.8}));
    QCOMPARE(j["pr"]["precision"].size(), std::size_t(5));
}

ENGINE_TEST(rocColumnOptions)
{
    TempCsv f("roc_cols.csv", "id,p,y\na,0.9,yes_is_1\n");
    TempCsv g("roc_cols2.csv", "id,p,y\na,0.9,1\nb,0.2,0\n");
    const CliRun r = cli({"roc", "--input", g.path(), "--score", "p", "--label", "y"});
    QCOMPARE(r.code, 0);
    QCOMPARE(nlohmann::json::parse(r.out)["auc_roc"].get<double>(), 1.0);
    expectInputError({"roc", "--input", g.path()},
                     "has no column 'score'; its columns are id, p, y");
    QCOMPARE(cli({"roc", "--input", g.path(), "--score", "p", "--label", "p"}).code, 2);
    QCOMPARE(cli({"roc"}).code, 2);
}

ENGINE_TEST(rocBadData)
{
    TempCsv text("text.csv", "score,label\n0.1,0\nhigh,1\n");
    expectInputError({"roc", "--input", text.path()},
                     "column 'score' has 1 non-numeric value, first at line 3 ('high')");
    TempCsv nan("nan.csv", "score,label\n0.1,0\nnan,1\n");
    expectInputError({"roc", "--input", nan.path()}, "NaN or infinite value, first at line 3");
    TempCsv empty("empty.csv", "");
    expectInputError({"roc", "--input", empty.path()}, "is empty");
    TempCsv header("header.csv", "score,label\n");
    expectInputError({"roc", "--input", header.path()}, "has a header but no data rows");
    TempCsv single("single.csv", "score,label\n0.1,1\n0.5,1\n");
    expectInputError({"roc", "--input", single.path()}, "holds a single class (every label is 1)");
    // A blank line shifts the file lines: the message still names the right one.
    TempCsv three("three.csv", "score,label\n0.1,0\n\n0.5,1\n0.7,2\n");
    expectInputError({"roc", "--input", three.path()},
                     "but line 5 of " + three.path() + " has a third value 2");
    expectInputError({"roc", "--input", "/nonexistent/x.csv"}, "cannot open");
}

ENGINE_TEST(rocPositiveClassOfANameColumn)
{
    // --positive CLASS: rows of that class are the positives, as roc_curve(y == CLASS, score);
    // the same curve as a 0/1 label column built by hand.
    const TempCsv named("named.csv", "score,kind\n0.9,cat\n0.8,dog\n0.7,cat\n0.4,bird\n0.2,dog\n");
    const TempCsv numeric("numeric.csv", "score,label\n0.9,1\n0.8,0\n0.7,1\n0.4,0\n0.2,0\n");
    const CliRun byName =
        cli({"roc", "--input", named.path(), "--label", "kind", "--positive", "cat"});
    const CliRun byNumber = cli({"roc", "--input", numeric.path()});
    QVERIFY2(byName.code == 0, byName.err);
    QCOMPARE(byName.out, byNumber.out);
    QCOMPARE(nlohmann::json::parse(byName.out)["positives"].get<int>(), 2);

    expectInputError({"roc", "--input", named.path(), "--label", "kind", "--positive", "cow"},
                     "--positive 'cow' is not a value of column 'kind'");
    expectInputError({"roc", "--input", named.path(), "--label", "nope", "--positive", "cat"},
                     "nope");
    // A text score column is still refused, naming the cell.
    const TempCsv textScore("text.csv", "score,kind\nhigh,cat\n0.8,dog\n");
    expectInputError({"roc", "--input", textScore.path(), "--label", "kind", "--positive", "cat"},
                     "score");
}

ENGINE_TEST(calibrationJson)
{
    TempCsv f("cal.csv",
              "prob,label\n0.1,0\n0.2,0\n0.3,0\n0.4,0\n0.65,1\n0.7,1\n0.8,1\n0.9,1\n1,1\n");
    const CliRun r = cli({"calibration", "--input", f.path(), "--bins", "3"});
    QCOMPARE(r.code, 0);
    const auto j = nlohmann::json::parse(r.out);
    QFUZZY_COMPARE(j["ece"].get<double>(), 1.25 / 9.0, 1e-14);
    QFUZZY_COMPARE(j["mce"].get<double>(), 0.2, 1e-14);
    QFUZZY_COMPARE(j["brier"].get<double>(), 0.0625, 1e-14);
    QVERIFY(j["nll"].get<double>() > 0.2);
    QCOMPARE(j["bins"].size(), std::size_t(3));
    QCOMPARE(j["bins"][1]["count"].get<int>(), 2);
    QFUZZY_COMPARE(j["bins"][1]["mean_predicted"].get<double>(), 0.525, 1e-15);
    QCOMPARE(j["bins"][2]["fraction_positive"].get<double>(), 1.0);
    QCOMPARE(j["bins"][0]["lower"].get<double>(), 0.0);

    const CliRun q =
        cli({"calibration", "--input", f.path(), "--strategy", "quantile", "--bins", "10"});
    QCOMPARE(q.code, 0);
    // Empty bins are listed with null means.
    const auto bins = nlohmann::json::parse(cli({"calibration", "--input", f.path()}).out)["bins"];
    QCOMPARE(bins.size(), std::size_t(10));
    QVERIFY(bins[5]["mean_predicted"].is_null());
    QCOMPARE(bins[5]["count"].get<int>(), 0);
}

ENGINE_TEST(calibrationBadData)
{
    TempCsv f("calbad.csv", "prob,label\n0.1,0\n1.5,1\n");
    expectInputError({"calibration", "--input", f.path()},
                     "must hold probabilities in [0, 1], but line 3 of " + f.path() + " has 1.5");
    TempCsv g("calbad2.csv", "prob,label\n0.1,0\n0.5,3\n");
    expectInputError({"calibration", "--input", g.path()}, "must hold 0 or 1");
    QCOMPARE(cli({"calibration", "--input", f.path(), "--strategy", "median"}).code, 2);
    QCOMPARE(cli({"calibration", "--input", f.path(), "--bins", "0"}).code, 2);
}

ENGINE_TEST(temperatureScaleJson)
{
    // Overconfident multi-class logits: the fit cools them down.
    std::string text = "a,b,c,label\n";
    for (int i = 0; i < 300; ++i) {
        const int label = i % 3;
        const int predicted = i % 5 == 0 ? (label + 1) % 3 : label; // 80% right
        for (int c = 0; c < 3; ++c)
            text += std::to_string(c == predicted ? 8.0 : 0.0) + ",";
        text += std::to_string(label) + "\n";
    }
    TempCsv f("temp.csv", text);
    const CliRun r =
        cli({"temperature-scale", "--input", f.path(), "--logits", "a,b,c", "--label", "label"});
    QVERIFY2(r.code == 0, r.err);
    const auto j = nlohmann::json::parse(r.out);
    // The confidence that fits 80% accuracy: e^(8/T) / (e^(8/T) + 2) = 0.8, T = 8 / ln 8.
    QFUZZY_COMPARE(j["temperature"].get<double>(), 8.0 / std::log(8.0), 1e-9);
    QVERIFY(j["nll_after"].get<double>() < j["nll_before"].get<double>());
    QVERIFY(j["ece_after"].get<double>() < 1e-9);
    QVERIFY(j["ece_before"].get<double>() > 0.19);
}

ENGINE_TEST(temperatureScaleBadData)
{
    TempCsv f("tempbad.csv", "z,label\n1.5,0\n-2,1\n0.3,2\n");
    expectInputError(
        {"temperature-scale", "--input", f.path(), "--logits", "z", "--label", "label"},
        "must hold 0 or 1, but line 4 of " + f.path() + " has 2");
    QCOMPARE(cli({"temperature-scale", "--input", f.path(), "--label", "label"}).code, 2);
    QCOMPARE(cli({"temperature-scale", "--input", f.path(), "--logits", "z"}).code, 2);
}

ENGINE_TEST(pcaJsonOnIris)
{
    const CliRun r = cli({"pca", "--input", datasetPath("iris.csv"), "--columns",
                          "sepal_length_cm,sepal_width_cm,petal_length_cm,petal_width_cm"});
    QVERIFY2(r.code == 0, r.err);
    const auto j = nlohmann::json::parse(r.out);
    QCOMPARE(j["n_samples"].get<int>(), 150);
    QCOMPARE(j["n_features"].get<int>(), 4);
    // scikit-learn's PCA().fit(load_iris().data).explained_variance_ratio_[0] = 0.92461872...
    QFUZZY_COMPARE(j["explained_variance_ratio"][0].get<double>(), 0.9246187232017271, 1e-9);
    QFUZZY_COMPARE(j["explained_variance"][0].get<double>(), 4.228241706034864, 1e-9);
    QCOMPARE(j["components"].size(), std::size_t(4));
    QCOMPARE(j["scale"][0].get<double>(), 1.0);

    const CliRun s =
        cli({"pca", "--input", datasetPath("iris.csv"), "--columns",
             "sepal_length_cm,sepal_width_cm,petal_length_cm,petal_width_cm", "--standardize"});
    QCOMPARE(s.code, 0);
    // On standardised iris the first component explains 72.96%.
    QFUZZY_COMPARE(nlohmann::json::parse(s.out)["explained_variance_ratio"][0].get<double>(),
                   0.7296244541329987, 1e-9);
}

ENGINE_TEST(pcaBadData)
{
    // The class column is text: using every column fails and names it.
    expectInputError({"pca", "--input", datasetPath("iris.csv")},
                     "column 'species' has 150 non-numeric values, first at line 2 ('setosa')");
    TempCsv one("pcaone.csv", "a,b\n1,2\n");
    expectInputError({"pca", "--input", one.path()}, "PCA needs at least 2 rows (got 1)");
}

ENGINE_TEST(helpListsTheCommands)
{
    const CliRun r = cli({"--help"});
    for (const char* name :
         {"roc --input", "calibration --input", "temperature-scale --input", "pca --input"})
        QVERIFY2(r.out.find(name) != std::string::npos, name);
}

ENGINE_TEST_MAIN(tst_evalcli)
