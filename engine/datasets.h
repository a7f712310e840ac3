#pragma once
// Data for the evaluation labs: seeded synthetic classification sets, the real datasets shipped
// in resources/datasets (Iris, Wine, Breast Cancer Wisconsin) and the user's own CSV files.
//
/// Synthetic sets are Gaussian: each class is N(mu_c, I). Two classes: negatives at the origin,
/// positives at distance `separation` along the diagonal, so the Bayes-optimal AUC-ROC is
/// Phi(separation / sqrt 2) before label noise. The same seed gives the same rows everywhere
/// (own Box-Muller on mt19937_64; no implementation-defined distributions).

#include "engine/progress.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace mllab {

/// A table of numeric features with a class per row.
struct Dataset {
    std::string name;
    std::vector<std::string> featureNames;
    std::vector<std::string> classNames; ///< labels index this list
    std::size_t rows = 0;
    std::vector<double> features; ///< rows x featureNames.size(), row-major
    std::vector<int> labels;      ///< class index per row

    std::size_t featureCount() const { return featureNames.size(); }
    std::size_t classCount() const { return classNames.size(); }
    double at(std::size_t row, std::size_t feature) const
    {
        return features[row * featureNames.size() + feature];
    }
    /// Features as columns (PCA's input).
    std::vector<std::vector<double>> columns() const;
    /// Rows `indices` of this set, in that order.
    Dataset subset(const std::vector<std::size_t>& indices) const;
};

struct TwoClassParams {
    std::size_t rows = 20000;
    std::size_t features = 2;      ///< informative Gaussian features, >= 1
    double separation = 2.0;       ///< distance between the class means, in standard deviations
    double positiveFraction = 0.5; ///< share of positives, (0, 1): 1/1001 is 1:1000
    double labelNoise = 0.0;       ///< share of labels flipped after drawing, [0, 0.5]
    std::uint64_t seed = 0;
};

/// Classes "negative" (0) and "positive" (1); exactly round(rows x positiveFraction) positives,
/// at least one of each class.
Dataset makeTwoClassData(const TwoClassParams& params);

struct MultiClassParams {
    std::size_t rows = 6000;
    std::size_t classes = 4;  ///< 2 .. 20
    std::size_t features = 6; ///< >= classes
    double separation = 2.5;  ///< class c's mean is separation x the unit vector e_c
    double labelNoise = 0.0;  ///< share of labels replaced by a random other class
    std::uint64_t seed = 0;
};
Dataset makeMultiClassData(const MultiClassParams& params);

/// The standardisation demonstration: height (m), weight (kg), arm span (m) and a step length
/// (m) of simulated adults, correlated as in life. With `millimetres` the arm span is given in
/// millimetres: the same data, but unstandardised PCA then sees almost nothing but arm span.
Dataset makeUnitsDemoData(bool millimetres, std::uint64_t seed = 0, std::size_t rows = 500);

/// Reads a dataset from CSV text: `classColumn` holds the class (numbers or text; classes are
/// sorted numerically when every value is a number, else as text), `featureColumns` the numeric
/// features (empty: every other column). Errors name the column and line.
Dataset datasetFromCsv(std::string_view text, const std::string& source,
                       const std::string& classColumn,
                       const std::vector<std::string>& featureColumns = {});
Dataset datasetFromCsvFile(const std::string& path, const std::string& classColumn,
                           const std::vector<std::string>& featureColumns = {});

/// A dataset shipped in resources/datasets.
struct BuiltInDataset {
    std::string id;            ///< "iris", "wine", "breast-cancer"
    std::string file;          ///< file name in resources/datasets
    std::string classColumn;   ///< its class column
    std::string positiveClass; ///< for two-class sets: the class treated as positive
};
const std::vector<BuiltInDataset>& builtInDatasets();
const BuiltInDataset& builtInDataset(const std::string& id); ///< throws InputError
/// A shipped dataset read from the data folder (engine/datapaths.h): installed under
/// share/mllab/datasets, or the source tree's resources/datasets in a build folder.
Dataset loadBuiltInDataset(const std::string& id);

/// Stratified shuffle split: every class is spread over the parts in the given proportions
/// (validation and test fractions; train gets the rest). Throws when a part would be empty.
struct DatasetSplit {
    Dataset train, validation, test;
};
DatasetSplit splitDataset(const Dataset& data, double validationFraction, double testFraction,
                          std::uint64_t seed);

/// scikit-learn's StandardScaler fitted on a training part: each feature's mean and population
/// standard deviation; a constant feature gets scale 1, so it is only centred.
struct Standardizer {
    std::vector<double> mean, scale;
    double apply(std::size_t feature, double value) const
    {
        return (value - mean[feature]) / scale[feature];
    }
};
Standardizer fitStandardizer(const Dataset& train);

/// Makes class `positive` of a dataset class 1 and every other class 0.
Dataset oneVersusRest(const Dataset& data, const std::string& positive);

} // namespace mllab
