#pragma once
// The bias-variance lab's pipeline: the decomposition of the test error against complexity with
// a fan of fits at the chosen complexity, learning curves with a diagnosis there, and double
// descent with random features (engine/biasvariance.h computes each).

#include "engine/biasvariance.h"
#include "engine/labs/params.h"
#include "engine/progress.h"

#include <nlohmann/json_fwd.hpp>

#include <cstddef>
#include <cstdint>
#include <string>

namespace mllab::labs {

constexpr int kMaxNeighbours = 50;         ///< largest k the lab offers
constexpr int kFanCurves = 20;             ///< fitted curves drawn at the chosen complexity
constexpr int kLearningCurveRepeats = 40;  ///< training sets per size of the learning curves
constexpr int kDoubleDescentTrials = 16;   ///< training sets and feature draws per p

struct BiasVarianceLabParams {
    TrueFunction function = TrueFunction::Sine;
    ModelFamily family = ModelFamily::Polynomial;
    double noise = 0.3;       ///< σ
    int nTrain = 30;
    int degree = 3;           ///< the chosen complexity of polynomials
    int k = 5;                ///< the chosen complexity of k-NN
    double ridge = 0;         ///< λ for polynomials
    int bootstraps = 200;
    int doubleDescentN = 30;  ///< training points of the double-descent tab
    double doubleDescentRidge = 0;
    std::uint64_t seed = 0;
};

/// How the chosen complexity compares with the sweet spot (the notice's verdict).
enum class ComplexityRegime { SweetSpot, TooSimple, TooFlexible };
std::string complexityRegimeName(ComplexityRegime regime);  ///< "sweet-spot", "too-simple", ...

struct BiasVarianceLabResult {
    BiasVarianceLabParams params;               ///< what was computed
    BiasVarianceResult decomposition;           ///< every complexity up to the largest
    std::size_t chosenIndex = 0;                ///< the chosen complexity in it
    ComplexityRegime regime = ComplexityRegime::SweetSpot;
    LearningCurveResult learning;               ///< empty without noise: no floor to compare with
    DoubleDescentResult doubleDescent;          ///< empty from computeBiasVarianceFits
};

const LabSpec& biasVarianceLabSpec();
BiasVarianceLabParams biasVarianceLabParams(const LabState& state);

/// The highest complexity a training set of n points supports: degree n - 1 (any degree with a
/// ridge penalty), k = n; at most the lab's limits.
int largestComplexity(ModelFamily family, int nTrain, double ridge);
int chosenComplexity(const BiasVarianceLabParams& params);

/// The engine parameters of each part.
BiasVarianceParams decompositionParams(const BiasVarianceLabParams& params);
LearningCurveParams learningCurveParams(const BiasVarianceLabParams& params);
DoubleDescentParams doubleDescentParams(const BiasVarianceLabParams& params);

/// bias² stands above twice its Monte-Carlo error: past the point where the fits explode, the
/// mean of a few hundred of them cannot resolve it.
bool bias2Resolved(const BiasVarianceResult& result, std::size_t index);
/// The complexity with the lowest median test error of double descent.
std::size_t lowestTestErrorIndex(const DoubleDescentResult& result);

/// The decomposition and the learning curves (fast: they follow every slider). Throws
/// InputError for a complexity the training set cannot fit (degree >= n without a ridge, k > n).
BiasVarianceLabResult computeBiasVarianceFits(const BiasVarianceLabParams& params,
                                              const Progress& progress = {});
/// The fits and double descent (up to seconds at n = 80; the app runs it as its own job).
BiasVarianceLabResult computeBiasVarianceLab(const BiasVarianceLabParams& params,
                                             const Progress& progress = {});
/// The decomposition per complexity, the chosen complexity's numbers and verdict, the sweet
/// spot, the learning curves with their diagnosis, and double descent's peak and best.
nlohmann::json biasVarianceLabJson(const BiasVarianceLabResult& result);

} // namespace mllab::labs
