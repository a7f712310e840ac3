#pragma once
// Model complexity on a 1-D regression problem: the bias-variance decomposition against
// complexity, learning curves, and double descent with random features.
//
// The problem: x ~ Uniform[-1, 1], y = f(x) + ε with ε ~ N(0, σ²) and f one of three true
// functions. Test error is measured on an evenly spaced grid of x in [-1, 1] (a quadrature of the
// uniform test distribution).
//
// Models (scikit-learn conventions):
// - polynomial regression of degree d: least squares on the Legendre basis √(2k+1)·P_k(x),
//   k = 0..d, which spans the same functions as numpy.polyfit's monomials but stays well
//   conditioned on [-1, 1]. Solved by Householder QR, never by the normal equations, so degree 20
//   gives the true least-squares fit rather than round-off garbage. An optional ridge term
//   λ·Σ_{k>=1} c_k² (the constant is not penalised, like Ridge's intercept) is solved by the same
//   QR on the augmented system [Φ; √λ·I].
// - k-nearest neighbours: the mean of the k nearest training targets (KNeighborsRegressor with
//   uniform weights); ties in distance go to the earlier training point.

#include "engine/progress.h"

#include <cstdint>
#include <string>
#include <vector>

namespace mllab {

enum class TrueFunction {
    Sine,   ///< sin(πx)
    Cubic,  ///< 4x³ - 3x (the Chebyshev polynomial T3: range [-1, 1])
    Step,   ///< -1 for x < 0, +1 for x >= 0
};

enum class ModelFamily {
    Polynomial,  ///< complexity = degree d (d + 1 parameters)
    KNearest,    ///< complexity = k; smaller k is the more complex model
};

/// "sin" | "cubic" | "step"; anything else is an InputError listing the choices.
TrueFunction parseTrueFunction(const std::string& name);
std::string trueFunctionName(TrueFunction function);
/// "poly" | "knn".
ModelFamily parseModelFamily(const std::string& name);
std::string modelFamilyName(ModelFamily family);
double trueFunctionValue(TrueFunction function, double x);

/// Highest polynomial degree the labs offer.
constexpr int kMaxPolynomialDegree = 20;
/// Most training sets one decomposition may draw.
constexpr int kMaxBootstraps = 500;

struct BiasVarianceParams {
    TrueFunction function = TrueFunction::Sine;
    double noise = 0.3;                ///< noise standard deviation σ (>= 0)
    int nTrain = 30;                   ///< points per training set
    ModelFamily family = ModelFamily::Polynomial;
    std::vector<int> complexities = {1, 2, 3, 4,  5,  6,  7, 8,
                                     9, 10, 11, 12, 13, 14, 15};  ///< degrees, or k for k-NN
    double ridge = 0;                  ///< λ for polynomials (0: plain least squares)
    int bootstraps = 200;              ///< independent training sets from the same distribution
    int gridPoints = 200;              ///< evaluation grid on [-1, 1]
    int fanComplexity = -1;            ///< complexity whose fitted curves are returned (-1: none)
    int fanCurves = 20;                ///< how many of those curves (<= bootstraps)
    std::uint64_t seed = 0;            ///< same seed -> same training sets, for every complexity
};

struct BiasVarianceResult {
    std::vector<int> complexities;        ///< as asked
    std::vector<double> bias2;            ///< mean over the grid of (E f̂ - f)², unbiased
    std::vector<double> bias2StdError;    ///< its approximate Monte-Carlo standard error,
                                          ///< √(4·bias²·variance/B + 2·(variance/B)²)
    std::vector<double> variance;         ///< mean over the grid of the fits' variance, 1/(B-1)
    std::vector<double> expectedTestMse;  ///< measured: mean of (f + fresh noise - fit)²
    std::vector<double> testMseNoiseError;  ///< Monte-Carlo standard error of expectedTestMse
                                            ///< about bias2 + variance + noise (test-noise draws)
    std::vector<double> trainMse;         ///< mean training error
    double noise = 0;                     ///< σ², the irreducible error
    int bestIndex = 0;                    ///< sweet spot: smallest bias2 + variance

    std::vector<double> gridX;            ///< evaluation grid
    std::vector<double> truth;            ///< f on the grid
    int fanComplexity = -1;               ///< complexity of the fan below (-1: none)
    std::vector<std::vector<double>> fanCurves;  ///< fitted curves on the grid
    std::vector<double> fanMean;          ///< mean fit over all training sets on the grid
    std::vector<double> sampleX, sampleY; ///< the first training set
};

/// Draws `bootstraps` training sets, fits every complexity on each (one QR per training set
/// serves all degrees) and decomposes the expected squared error on the grid:
/// E[(y - f̂(x))²] = bias² + variance + σ², averaged over x. Both terms are unbiased estimates:
/// variance on 1/(B-1), and bias² = (mean fit - f)² - variance/B (floored at 0), since the mean of
/// B fits scatters around E f̂ by variance/B. Their sum equals the fits' mean squared distance to
/// f exactly (unless the floor applies); expectedTestMse is measured independently with fresh
/// test noise and agrees within Monte-Carlo error.
BiasVarianceResult computeBiasVariance(const BiasVarianceParams& params,
                                       const Progress& progress = {});

enum class FitDiagnosis {
    GoodFit,       ///< validation error close to the noise floor σ²
    HighBias,      ///< both errors well above σ², small gap: a richer model is needed
    HighVariance,  ///< validation far above training: more data or a simpler model
};
std::string fitDiagnosisName(FitDiagnosis diagnosis);  ///< "good-fit" | "high-bias" | ...

struct LearningCurveParams {
    TrueFunction function = TrueFunction::Sine;
    double noise = 0.3;                ///< σ > 0: the diagnosis compares errors with σ²
    ModelFamily family = ModelFamily::Polynomial;
    int complexity = 3;                ///< degree, or k for k-NN
    double ridge = 0;                  ///< λ for polynomials
    int nTrain = 30;                   ///< the current training-set size (diagnosed; in sizes)
    std::vector<int> sizes;            ///< training-set sizes; empty: 12 sizes up to 4·nTrain
    int repeats = 50;                  ///< training sets per size (bands are their spread)
    int validationPoints = 500;        ///< fresh noisy points each fit is validated on
    std::uint64_t seed = 0;
};

struct LearningCurveResult {
    std::vector<int> sizes;                    ///< increasing
    std::vector<double> trainMean, trainStd;   ///< training MSE over the repeats
    std::vector<double> validationMean, validationStd;
    double noise = 0;                          ///< σ²
    int diagnosedIndex = 0;                    ///< index of nTrain in sizes
    FitDiagnosis diagnosis = FitDiagnosis::GoodFit;
};

/// Training and validation error against training-set size (like scikit-learn's
/// learning_curve, with fresh draws from the distribution instead of cross-validation folds).
/// Diagnosis at nTrain: excess = validation - σ², gap = validation - training;
/// excess <= σ²/4: good fit; else gap >= excess/2: high variance; else high bias.
LearningCurveResult computeLearningCurve(const LearningCurveParams& params,
                                         const Progress& progress = {});

struct DoubleDescentParams {
    TrueFunction function = TrueFunction::Sine;
    double noise = 0.2;                ///< σ (>= 0)
    int nTrain = 30;                   ///< training points n: the interpolation threshold is p = n
    std::vector<int> featureCounts;    ///< numbers of random features p; empty: 1..32n, log
                                       ///< spaced, every p within 3 of n
    int trials = 20;                   ///< independent training sets and feature draws per p
    double ridge = 0;                  ///< λ; 0 gives the minimum-norm least-squares solution
    double lengthScale = 0.1;          ///< ℓ of the Laplace kernel the features approximate
    int gridPoints = 200;
    std::uint64_t seed = 0;
};

struct DoubleDescentResult {
    std::vector<int> featureCounts;
    std::vector<double> trainMse;       ///< mean over trials
    std::vector<double> testMse;        ///< median over trials of mean (fit - f)² + σ²
    std::vector<double> testMseLow;     ///< 25th percentile
    std::vector<double> testMseHigh;    ///< 75th percentile
    std::vector<double> weightNorm;     ///< median ||w||₂ of the solution
    double noise = 0;                   ///< σ²
    int threshold = 0;                  ///< interpolation threshold p = n
    int peakIndex = 0;                  ///< largest median test error
};

/// Random-features regression with random Fourier features of the Laplace kernel (Rahimi and
/// Recht): φ_j(x) = √2·cos(ω_j·x + b_j), ω_j ~ Cauchy(0, 1/ℓ), b_j ~ U[0, 2π); the first p of
/// one draw of features are used for p features. The fit is the minimum-norm least-squares
/// solution (numpy.linalg.lstsq's convention: singular values below max(n, p)·ε·s_max count as
/// zero), from a QR and an SVD, or ridge with λ > 0. Test error rises to a peak at p = n, where
/// the model first interpolates and the smallest singular value nearly vanishes, and falls
/// again beyond it, towards the minimum-norm kernel interpolant. Features of nearby frequency
/// are nearly collinear, so just past p = n some singular values fall below the cutoff and the
/// fit interpolates only to that precision; well beyond it the training error is 0.
DoubleDescentResult computeDoubleDescent(const DoubleDescentParams& params,
                                         const Progress& progress = {});

/// Parses "1-15", "1,2,5" or "1-5,8,10-12" into integers (used by the CLI and the views).
std::vector<int> parseIntegerRanges(const std::string& text, const std::string& what);

} // namespace mllab
