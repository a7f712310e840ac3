#include "engine/biasvariance.h"
#include "engine/cli/args.h"
#include "engine/cli/commands.h"
#include "engine/limits.h"

#include <nlohmann/json.hpp>

#include <ostream>

namespace mllab::cli {
namespace {

int intOption(const Args& args, const std::string& name, int fallback)
{
    const long long v = args.integer(name, fallback);
    if (v < -1'000'000'000LL || v > 1'000'000'000LL)
        throw UsageError("option --" + name + " is out of range");
    return int(v);
}

std::uint64_t seedOption(const Args& args)
{
    const long long seed = args.integer("seed", 0);
    if (seed < 0)
        throw UsageError("option --seed needs a whole number >= 0");
    return std::uint64_t(seed);
}

int runBiasVariance(const std::vector<std::string>& argv, std::ostream& out)
{
    Args args(argv, 2,
              {"function", "noise", "n-train", "degrees", "ks", "family", "ridge", "bootstraps",
               "grid", "fan-at", "fan-curves", "seed"});
    BiasVarianceParams p;
    p.function = parseTrueFunction(args.text("function", "sin"));
    p.noise = args.number("noise", p.noise);
    p.nTrain = intOption(args, "n-train", p.nTrain);
    p.family = parseModelFamily(args.text("family", "poly"));
    const bool poly = p.family == ModelFamily::Polynomial;
    if (poly && args.has("ks"))
        throw UsageError("--ks is for --family knn; polynomials take --degrees");
    if (!poly && args.has("degrees"))
        throw UsageError("--degrees is for --family poly; k-NN takes --ks");
    if (poly)
        p.complexities = parseIntegerRanges(args.text("degrees", "1-15"), "--degrees");
    else
        p.complexities = parseIntegerRanges(args.text("ks", "1-15"), "--ks");
    p.ridge = args.number("ridge", p.ridge);
    p.bootstraps = int(args.count("bootstraps", p.bootstraps, 1, limits::kMaxBootstraps));
    p.gridPoints = int(args.count("grid", p.gridPoints, 2, limits::kMaxCurveGrid));
    p.fanComplexity = intOption(args, "fan-at", -1);
    p.fanCurves = int(args.count("fan-curves", p.fanCurves, 0, limits::kMaxCurveGrid));
    p.seed = seedOption(args);

    const BiasVarianceResult r = computeBiasVariance(p);
    nlohmann::json j{{poly ? "degrees" : "ks", r.complexities},
                     {"bias2", r.bias2},
                     {"bias2_stderr", r.bias2StdError},
                     {"variance", r.variance},
                     {"noise", r.noise},
                     {"expected_test_mse", r.expectedTestMse},
                     {"expected_test_mse_stderr", r.testMseNoiseError},
                     {"train_mse", r.trainMse},
                     {"best", r.complexities[std::size_t(r.bestIndex)]},
                     {"function", trueFunctionName(p.function)},
                     {"family", modelFamilyName(p.family)}};
    if (r.fanComplexity != -1)
        j["fan"] = {{"complexity", r.fanComplexity}, {"x", r.gridX},
                    {"truth", r.truth},             {"mean", r.fanMean},
                    {"curves", r.fanCurves},        {"sample_x", r.sampleX},
                    {"sample_y", r.sampleY}};
    printJson(out, j);
    return 0;
}

int runLearningCurve(const std::vector<std::string>& argv, std::ostream& out)
{
    Args args(argv, 2,
              {"function", "noise", "family", "degree", "k", "ridge", "n-train", "sizes",
               "repeats", "validation", "seed"});
    LearningCurveParams p;
    p.function = parseTrueFunction(args.text("function", "sin"));
    p.noise = args.number("noise", p.noise);
    p.family = parseModelFamily(args.text("family", "poly"));
    const bool poly = p.family == ModelFamily::Polynomial;
    if (poly && args.has("k"))
        throw UsageError("--k is for --family knn; polynomials take --degree");
    if (!poly && args.has("degree"))
        throw UsageError("--degree is for --family poly; k-NN takes --k");
    p.complexity = poly ? intOption(args, "degree", 3) : intOption(args, "k", 5);
    p.ridge = args.number("ridge", p.ridge);
    p.nTrain = intOption(args, "n-train", p.nTrain);
    if (args.has("sizes"))
        p.sizes = parseIntegerRanges(args.text("sizes", ""), "--sizes");
    p.repeats = int(args.count("repeats", p.repeats, 1, limits::kMaxBootstraps));
    p.validationPoints = intOption(args, "validation", p.validationPoints);
    p.seed = seedOption(args);

    const LearningCurveResult r = computeLearningCurve(p);
    printJson(out, nlohmann::json{{"sizes", r.sizes},
                                  {"train_mse", r.trainMean},
                                  {"train_mse_std", r.trainStd},
                                  {"validation_mse", r.validationMean},
                                  {"validation_mse_std", r.validationStd},
                                  {"noise", r.noise},
                                  {"diagnosed_size", r.sizes[std::size_t(r.diagnosedIndex)]},
                                  {"diagnosis", fitDiagnosisName(r.diagnosis)}});
    return 0;
}

int runDoubleDescent(const std::vector<std::string>& argv, std::ostream& out)
{
    Args args(argv, 2, {"function", "noise", "n-train", "features", "trials", "ridge", "grid", "seed"});
    DoubleDescentParams p;
    p.function = parseTrueFunction(args.text("function", "sin"));
    p.noise = args.number("noise", p.noise);
    p.nTrain = intOption(args, "n-train", p.nTrain);
    if (args.has("features"))
        p.featureCounts = parseIntegerRanges(args.text("features", ""), "--features");
    p.trials = int(args.count("trials", p.trials, 1, limits::kMaxBootstraps));
    p.ridge = args.number("ridge", p.ridge);
    p.gridPoints = int(args.count("grid", p.gridPoints, 2, limits::kMaxCurveGrid));
    p.seed = seedOption(args);

    const DoubleDescentResult r = computeDoubleDescent(p);
    printJson(out, nlohmann::json{{"features", r.featureCounts},
                                  {"train_mse", r.trainMse},
                                  {"test_mse", r.testMse},
                                  {"test_mse_q25", r.testMseLow},
                                  {"test_mse_q75", r.testMseHigh},
                                  {"weight_norm", r.weightNorm},
                                  {"noise", r.noise},
                                  {"threshold", r.threshold},
                                  {"peak_features", r.featureCounts[std::size_t(r.peakIndex)]}});
    return 0;
}

} // namespace

void addBiasVarianceCommands(std::vector<Command>& out)
{
    out.push_back({"bias-variance",
                   "bias-variance [--function sin|cubic|step] [--noise 0.3] [--n-train 30] "
                   "[--family poly|knn] [--degrees 1-15 | --ks 1-15] [--ridge 0] "
                   "[--bootstraps 200] [--grid 200] [--fan-at D] [--fan-curves 20] [--seed 0]",
                   runBiasVariance});
    out.back().help = {
        "Bias-variance decomposition on synthetic 1-D regression: many training sets drawn "
        "from y = f(x) + noise, every model complexity fitted on each, and the expected test "
        "error split into bias squared, variance and noise.",
        {{"",
          {{"--function F", "true function f on [-1, 1]: sin, cubic or step [sin]"},
           {"--noise S", "noise standard deviation [0.3]"},
           {"--n-train N", "points per training set [30]"},
           {"--family F", "poly (polynomial degrees) or knn (k nearest neighbours) [poly]"},
           {"--degrees R", "polynomial degrees, e.g. 1-15 or 1,3,5 [1-15]"},
           {"--ks R", "neighbour counts for --family knn [1-15]"},
           {"--ridge L", "ridge penalty of the polynomial fits; 0 is least squares [0]"},
           {"--bootstraps B", "training sets drawn [200]"},
           {"--grid G", "evaluation points on [-1, 1] [200]"},
           {"--fan-at D", "also return the fitted curves of this complexity"},
           {"--fan-curves C", "how many of those curves [20]"},
           {"--seed S", "seed of the training sets [0]"}}}}};
    out.push_back({"learning-curve",
                   "learning-curve [--function sin] [--noise 0.3] [--family poly|knn] "
                   "[--degree 3 | --k 5] [--ridge 0] [--n-train 30] [--sizes a,b,...] "
                   "[--repeats 50] [--validation 500] [--seed 0]",
                   runLearningCurve});
    out.back().help = {
        "Training and validation error against training-set size on fresh draws from the same "
        "distribution, with a diagnosis (good fit, high bias, high variance) at --n-train.",
        {{"",
          {{"--function F", "true function: sin, cubic or step [sin]"},
           {"--noise S", "noise standard deviation, > 0 [0.3]"},
           {"--family F", "poly or knn [poly]"},
           {"--degree D", "polynomial degree [3]"},
           {"--k K", "neighbours for --family knn [5]"},
           {"--ridge L", "ridge penalty of the polynomial fit [0]"},
           {"--n-train N", "the training-set size diagnosed [30]"},
           {"--sizes R", "training-set sizes, e.g. 5-120 or 10,20,40 [12 sizes up to 4 x n-train]"},
           {"--repeats R", "training sets per size [50]"},
           {"--validation V", "fresh validation points per fit [500]"},
           {"--seed S", "seed of the draws [0]"}}}}};
    out.push_back({"double-descent",
                   "double-descent [--function sin] [--noise 0.2] [--n-train 30] "
                   "[--features 1-120] [--trials 20] [--ridge 0] [--grid 200] [--seed 0]",
                   runDoubleDescent});
    out.back().help = {
        "Double descent with random Fourier features: test error against the number of "
        "features p, peaking where p equals the training points and falling again beyond.",
        {{"",
          {{"--function F", "true function: sin, cubic or step [sin]"},
           {"--noise S", "noise standard deviation [0.2]"},
           {"--n-train N", "training points, the interpolation threshold [30]"},
           {"--features R", "feature counts, e.g. 1-120 [1 to 32 x n-train, log spaced]"},
           {"--trials T", "training sets and feature draws per count [20]"},
           {"--ridge L", "ridge penalty; 0 is the minimum-norm solution [0]"},
           {"--grid G", "evaluation points on [-1, 1] [200]"},
           {"--seed S", "seed of the draws [0]"}}}}};
}

} // namespace mllab::cli
