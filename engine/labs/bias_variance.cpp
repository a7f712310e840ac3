#include "engine/labs/bias_variance.h"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace mllab::labs {

namespace {

/// Progress of one part of a pipeline, mapped onto [from, to] of the whole.
Progress partOf(const Progress& whole, double from, double to)
{
    Progress part;
    part.cancel = whole.cancel;
    if (whole.report)
        part.report = [&whole, from, to](double f, const std::string& message) {
            whole.report(from + (to - from) * f, message);
        };
    return part;
}

void checkComplexity(const BiasVarianceLabParams& p)
{
    if (p.family == ModelFamily::Polynomial && p.ridge == 0 && p.degree > p.nTrain - 1)
        throw InputError("degree " + std::to_string(p.degree) + " needs at least " +
                         std::to_string(p.degree + 1) + " training points (n is " +
                         std::to_string(p.nTrain) +
                         "): lower the degree, raise n or add a ridge penalty");
    if (p.family == ModelFamily::KNearest && p.k > p.nTrain)
        throw InputError("k = " + std::to_string(p.k) + " needs at least " + std::to_string(p.k) +
                         " training points (n is " + std::to_string(p.nTrain) + ")");
}

ComplexityRegime regimeAt(const BiasVarianceResult& r, std::size_t i, ModelFamily family)
{
    const int best = r.complexities[std::size_t(r.bestIndex)];
    if (r.complexities[i] == best)
        return ComplexityRegime::SweetSpot;
    // A higher degree is more complex, a higher k less.
    const bool simpler = (r.complexities[i] < best) == (family == ModelFamily::Polynomial);
    return simpler ? ComplexityRegime::TooSimple : ComplexityRegime::TooFlexible;
}

nlohmann::json decompositionJson(const BiasVarianceLabResult& result)
{
    const BiasVarianceResult& r = result.decomposition;
    const std::size_t i = result.chosenIndex;
    std::vector<bool> resolved;
    for (std::size_t c = 0; c < r.complexities.size(); ++c)
        resolved.push_back(bias2Resolved(r, c));
    const nlohmann::json chosen = {
        {"complexity", r.complexities[i]},
        {"bias2", r.bias2[i]},
        {"bias2_stderr", r.bias2StdError[i]},
        {"bias2_resolved", bias2Resolved(r, i)},
        {"variance", r.variance[i]},
        {"noise", r.noise},
        {"sum", r.bias2[i] + r.variance[i] + r.noise},
        {"expected_test_mse", r.expectedTestMse[i]},
        {"expected_test_mse_stderr", r.testMseNoiseError[i]},
        {"regime", complexityRegimeName(result.regime)}};
    return {{"complexity", result.params.family == ModelFamily::Polynomial ? "degree" : "k"},
            {"complexities", r.complexities},
            {"bias2", r.bias2},
            {"bias2_resolved", resolved},
            {"variance", r.variance},
            {"noise", r.noise},
            {"expected_test_mse", r.expectedTestMse},
            {"train_mse", r.trainMse},
            {"chosen", chosen},
            {"sweet_spot", r.complexities[std::size_t(r.bestIndex)]},
            {"fan_curves", r.fanCurves.size()}};
}

nlohmann::json learningJson(const BiasVarianceLabResult& result)
{
    const LearningCurveResult& r = result.learning;
    if (r.sizes.empty())
        return nullptr;  // no noise, no floor to diagnose against
    const std::size_t i = std::size_t(r.diagnosedIndex);
    return {{"complexity", chosenComplexity(result.params)},
            {"repeats", kLearningCurveRepeats},
            {"sizes", r.sizes},
            {"train_mse", r.trainMean},
            {"validation_mse", r.validationMean},
            {"noise", r.noise},
            {"diagnosed_n", r.sizes[i]},
            {"train_mse_at_n", r.trainMean[i]},
            {"validation_mse_at_n", r.validationMean[i]},
            {"diagnosis", fitDiagnosisName(r.diagnosis)}};
}

nlohmann::json doubleDescentJson(const DoubleDescentResult& r)
{
    if (r.featureCounts.empty())
        return nullptr;
    const std::size_t peak = std::size_t(r.peakIndex), best = lowestTestErrorIndex(r);
    return {{"threshold", r.threshold},
            {"trials", kDoubleDescentTrials},
            {"features", r.featureCounts},
            {"test_mse", r.testMse},
            {"train_mse", r.trainMse},
            {"noise", r.noise},
            {"peak_features", r.featureCounts[peak]},
            {"peak_weight_norm", r.weightNorm[peak]},
            {"last_features", r.featureCounts.back()},
            {"last_test_mse", r.testMse.back()},
            {"best_features", r.featureCounts[best]},
            {"best_beyond_threshold", r.featureCounts[best] > r.threshold}};
}

} // namespace

std::string complexityRegimeName(ComplexityRegime regime)
{
    switch (regime) {
    case ComplexityRegime::SweetSpot: return "sweet-spot";
    case ComplexityRegime::TooSimple: return "too-simple";
    case ComplexityRegime::TooFlexible: return "too-flexible";
    }
    return "sweet-spot";
}

BiasVarianceLabParams biasVarianceLabParams(const LabState& state)
{
    BiasVarianceLabParams p;
    p.function = parseTrueFunction(state.text("function"));
    p.family = parseModelFamily(state.text("family"));
    p.noise = state.number("noise");
    p.nTrain = int(state.integer("n"));
    p.degree = int(state.integer("degree"));
    p.k = int(state.integer("k"));
    p.ridge = state.number("ridge");
    p.bootstraps = int(state.integer("bootstraps"));
    p.doubleDescentN = int(state.integer("dd_n"));
    p.doubleDescentRidge = state.number("dd_ridge");
    p.seed = std::uint64_t(state.integer("seed"));
    return p;
}

int largestComplexity(ModelFamily family, int nTrain, double ridge)
{
    if (family == ModelFamily::KNearest)
        return std::min(kMaxNeighbours, nTrain);
    return ridge > 0 ? kMaxPolynomialDegree : std::min(kMaxPolynomialDegree, nTrain - 1);
}

int chosenComplexity(const BiasVarianceLabParams& p)
{
    const int chosen = p.family == ModelFamily::Polynomial ? p.degree : p.k;
    return std::clamp(chosen, 1, largestComplexity(p.family, p.nTrain, p.ridge));
}

BiasVarianceParams decompositionParams(const BiasVarianceLabParams& s)
{
    BiasVarianceParams p;
    p.function = s.function;
    p.noise = s.noise;
    p.nTrain = s.nTrain;
    p.family = s.family;
    p.complexities.clear();
    for (int c = 1; c <= largestComplexity(s.family, s.nTrain, s.ridge); ++c)
        p.complexities.push_back(c);
    p.ridge = s.family == ModelFamily::Polynomial ? s.ridge : 0;
    p.bootstraps = s.bootstraps;
    p.fanComplexity = chosenComplexity(s);
    p.fanCurves = std::min(kFanCurves, s.bootstraps);
    p.seed = s.seed;
    return p;
}

LearningCurveParams learningCurveParams(const BiasVarianceLabParams& s)
{
    LearningCurveParams p;
    p.function = s.function;
    p.noise = s.noise;
    p.family = s.family;
    p.complexity = chosenComplexity(s);
    p.ridge = s.family == ModelFamily::Polynomial ? s.ridge : 0;
    p.nTrain = s.nTrain;
    p.repeats = kLearningCurveRepeats;
    p.seed = s.seed;
    return p;
}

DoubleDescentParams doubleDescentParams(const BiasVarianceLabParams& s)
{
    DoubleDescentParams p;
    p.function = s.function;
    p.noise = s.noise;
    p.nTrain = s.doubleDescentN;
    p.ridge = s.doubleDescentRidge;
    p.trials = kDoubleDescentTrials;
    p.seed = s.seed;
    return p;
}

bool bias2Resolved(const BiasVarianceResult& r, std::size_t i)
{
    return r.bias2[i] > 2 * r.bias2StdError[i];
}

std::size_t lowestTestErrorIndex(const DoubleDescentResult& r)
{
    return std::size_t(std::min_element(r.testMse.begin(), r.testMse.end()) - r.testMse.begin());
}

BiasVarianceLabResult computeBiasVarianceFits(const BiasVarianceLabParams& p,
                                              const Progress& progress)
{
    checkComplexity(p);
    BiasVarianceLabResult r;
    r.params = p;
    const bool learning = p.noise > 0;  // the diagnosis compares errors with the floor σ²
    r.decomposition = computeBiasVariance(decompositionParams(p),
                                          partOf(progress, 0, learning ? 0.7 : 1));
    const auto& complexities = r.decomposition.complexities;
    r.chosenIndex = std::size_t(
        std::find(complexities.begin(), complexities.end(), chosenComplexity(p)) -
        complexities.begin());
    r.regime = regimeAt(r.decomposition, r.chosenIndex, p.family);
    if (learning)
        r.learning = computeLearningCurve(learningCurveParams(p), partOf(progress, 0.7, 1));
    return r;
}

BiasVarianceLabResult computeBiasVarianceLab(const BiasVarianceLabParams& p,
                                             const Progress& progress)
{
    BiasVarianceLabResult r = computeBiasVarianceFits(p, partOf(progress, 0, 0.2));
    r.doubleDescent = computeDoubleDescent(doubleDescentParams(p), partOf(progress, 0.2, 1));
    return r;
}

nlohmann::json biasVarianceLabJson(const BiasVarianceLabResult& result)
{
    return {{"decomposition", decompositionJson(result)},
            {"learning_curve", learningJson(result)},
            {"double_descent", doubleDescentJson(result.doubleDescent)}};
}

} // namespace mllab::labs
