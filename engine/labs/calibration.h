#pragma once
// The calibration lab's pipeline: a real classifier (an MLP or logistic regression trained in
// libtorch, engine/classifiers.h) or a CSV file's probabilities, one temperature fitted on a
// validation split (engine/calibration.h), and the reliability of the test rows before and after.
//
// The declaration, the state conversion and the JSON are libtorch-free (calibration_spec.cpp,
// mllab_engine_core); the computation trains with libtorch (calibration.cpp, mllab_engine).

#include "engine/calibration.h"
#include "engine/labs/params.h"
#include "engine/progress.h"

#include <nlohmann/json_fwd.hpp>

#include <cstddef>
#include <string>

namespace mllab::labs {

struct CalibrationLabParams {
    std::string source = "multiclass"; ///< multiclass | binary | wine | breast-cancer | csv
    std::string model = "mlp";         ///< mlp | logistic
    int epochs = 300;                  ///< full-batch training steps
    int bins = 10;
    BinStrategy strategy = BinStrategy::Uniform;
    int seed = 0;
    std::string csvPath; ///< source csv: probability of class 1 and a 0/1 label
    std::string probColumn = "prob";
    std::string labelColumn = "label";
};

struct CalibrationLabResult {
    std::size_t classes = 2;            ///< classes of the problem
    double temperature = 1;             ///< fitted on the validation rows
    CalibrationResult before;           ///< test rows at T = 1
    CalibrationResult after;            ///< test rows at the fitted T
    double nllBefore = 0, nllAfter = 0; ///< exact mean NLL on the test rows
    double testAccuracy = 0;
    std::size_t validationRows = 0, testRows = 0;
    /// What was scored, for the notice: a model trained on some rows, or a CSV file's
    /// probabilities (T fitted on its even rows, tested on the odd).
    std::string model; ///< "mlp" | "logistic"; empty for a CSV file
    int epochs = 0;
    std::size_t trainRows = 0;
    std::string csvName; ///< the CSV file's name when the scores came from one
};

const LabSpec& calibrationLabSpec();
CalibrationLabParams calibrationLabParams(const LabState& state);
CalibrationLabResult computeCalibrationLab(const CalibrationLabParams& params,
                                           const Progress& progress = {});
/// What was scored, classes, temperature, test accuracy, rows, ECE, MCE, Brier and NLL before
/// and after, and the reliability bins.
nlohmann::json calibrationLabJson(const CalibrationLabResult& result);

} // namespace mllab::labs
