#pragma once
// The lr-schedule lab: one small network (torch::nn Linear → ReLU → Linear, cross-entropy) on a
// shipped dataset (standardised with the training rows' mean and population σ, as
// scikit-learn's StandardScaler), trained with torch::optim::SGD (momentum 0.9) or Adam. Three
// parts, each a real training run:
// - the LR range test (Smith 2017; fast.ai's lr_find): lr grows exponentially over one
//   minibatch per step until the smoothed loss passes 4× its minimum; the suggested lr is where
//   the smoothed loss falls fastest (or a tenth of the lr at its minimum);
// - the schedules side by side from the same initial weights and batch order: constant, StepLR,
//   CosineAnnealingLR, linear warm-up + cosine, OneCycleLR and ReduceLROnPlateau, stepped once
//   per epoch with PyTorch's formulas (engine/lrschedule.h);
// - batch sizes B/4, B and 4B with and without the linear scaling rule (lr ∝ batch; Goyal et al.
//   2017), and the gradient noise scale B_simple = tr(Σ)/|G|² (McCandlish et al. 2018) measured
//   from per-example gradients over the training set during the batch-B run.

#include "engine/labs/params.h"
#include "engine/progress.h"

#include <nlohmann/json_fwd.hpp>

#include <string>
#include <vector>

namespace mllab::labs {

struct LrScheduleLabParams {
    std::string dataset = "breast-cancer"; ///< "breast-cancer" | "wine"
    std::string optimizer = "sgd";         ///< "sgd" (momentum 0.9) | "adam"
    int hidden = 32;                       ///< hidden units
    double lr = 0.1;                       ///< peak lr of every schedule
    int epochs = 20;
    int batch = 32;
    int stepSize = 7;              ///< StepLR
    double gamma = 0.1;            ///< StepLR
    int warmup = 3;                ///< warm-up epochs before the cosine
    double plateauFactor = 0.5;    ///< ReduceLROnPlateau
    int plateauPatience = 2;       ///< ReduceLROnPlateau
    double rangeStart = 1e-5;      ///< range test's first lr
    double rangeEnd = 10;          ///< its last lr
    int rangeSteps = 100;          ///< its steps (one minibatch each)
    double smoothing = 0.9;        ///< β of the range test's smoothed loss
    std::string rule = "steepest"; ///< "steepest" | "min10"
    unsigned long long seed = 0;
};

/// PyTorch defaults the lab keeps fixed.
constexpr double kLrMomentum = 0.9;        ///< SGD's momentum (one-cycle moves it 0.95..0.85)
constexpr double kPlateauThreshold = 1e-4; ///< ReduceLROnPlateau's threshold ('rel')
constexpr double kWarmupStartFactor = 0.1; ///< LinearLR's start factor for the warm-up
constexpr double kRangeDivergence = 4;     ///< stop when smoothed loss > 4 × its minimum

struct LrRangeTestResult {
    std::vector<double> lr, loss, smoothed; ///< per step until it stopped
    double suggestedLr = 0;
    std::size_t suggestedIndex = 0, minIndex = 0;
    double minLr = 0, minLoss = 0; ///< the smoothed loss's minimum and its lr
    double slope = 0;              ///< d(smoothed loss)/d log10 lr at the suggestion
    double firstLoss = 0;          ///< the smoothed loss at the first step
    bool diverged = false;         ///< stopped early: the loss exploded
    int plannedSteps = 0;
};

struct LrScheduleRun {
    std::string id;                   ///< constant, step, cosine, warmup-cosine, one-cycle, plateau
    std::string label;                ///< "StepLR (10, γ 0.1)"
    std::vector<double> lr, momentum; ///< per epoch (momentum: SGD's or Adam's β1)
    std::vector<double> trainLoss, valLoss, valAccuracy; ///< per epoch; NaN once diverged
    double finalValLoss = 0, bestValLoss = 0, finalAccuracy = 0;
    int bestEpoch = 0;
    bool diverged = false;
};

struct LrSchedulesResult {
    std::vector<LrScheduleRun> runs;
    int best = -1; ///< the run with the lowest final validation loss; -1: every one diverged
};

struct LrBatchRun {
    int batch = 0;
    bool scaled = false; ///< lr scaled by batch / B (the linear scaling rule)
    double lr = 0;
    int stepsPerEpoch = 0;
    std::vector<double> valLoss, trainLoss; ///< per epoch; NaN once diverged
    bool diverged = false;
};

struct NoiseScalePoint {
    int step = 0;
    double trainLoss = 0; ///< full training-set loss there
    double traceSigma = 0, gradNorm2 = 0, bSimple = 0;
};

struct LrBatchResult {
    int referenceBatch = 0;
    int trainRows = 0;
    std::vector<LrBatchRun> runs;       ///< B/4, B, 4B unscaled, then B/4 and 4B scaled
    std::vector<NoiseScalePoint> noise; ///< measured in the batch-B run, once per epoch
};

struct LrScheduleLabResult {
    LrScheduleLabParams params;
    int trainRows = 0, validationRows = 0, features = 0, classes = 0;
    LrRangeTestResult range;
    LrSchedulesResult schedules;
    LrBatchResult batches;
};

const LabSpec& lrScheduleLabSpec();
LrScheduleLabParams lrScheduleLabParams(const LabState& state);

/// Each part trains its own network from the same seed; InputError for a combination the
/// declaration cannot check (warm-up as long as the run, an unknown dataset).
LrRangeTestResult computeLrRangeTest(const LrScheduleLabParams& params,
                                     const Progress& progress = {});
LrSchedulesResult computeLrSchedules(const LrScheduleLabParams& params,
                                     const Progress& progress = {});
LrBatchResult computeLrBatchSizes(const LrScheduleLabParams& params, const Progress& progress = {});
/// The per-example gradients B_simple is measured from, at the initial weights, beside autograd's
/// gradient of the mean loss and of the first example's loss alone (in the same order: fc1
/// weight, fc1 bias, fc2 weight, fc2 bias), so that tests can hold the one-pass construction to
/// autograd.
struct PerExampleGradientCheck {
    std::vector<double> perExample; ///< rows × columns, row-major
    std::size_t rows = 0, columns = 0;
    std::vector<double> meanGradient, firstExampleGradient;
};
PerExampleGradientCheck lrPerExampleGradients(const LrScheduleLabParams& params);

/// All three parts (what `mllab-cli lab lr-schedule` prints).
LrScheduleLabResult computeLrScheduleLab(const LrScheduleLabParams& params,
                                         const Progress& progress = {});

/// InputError for what the declaration cannot check: an unknown dataset, optimizer or rule, a
/// warm-up that leaves no epoch for the cosine, a range test that does not go up.
void checkLrScheduleParams(const LrScheduleLabParams& params);

nlohmann::json lrRangeTestJson(const LrRangeTestResult& result);
nlohmann::json lrSchedulesJson(const LrSchedulesResult& result);
nlohmann::json lrBatchSizesJson(const LrBatchResult& result);
nlohmann::json lrScheduleLabJson(const LrScheduleLabResult& result);

} // namespace mllab::labs
