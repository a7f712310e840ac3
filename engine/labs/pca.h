#pragma once
// The pca lab's pipeline: load a shipped dataset, the metres-versus-millimetres demonstration or
// the user's CSV, run PCA (engine/pca.h, scikit-learn's conventions) and keep what the scree
// plot, the projection and the loadings table show.

#include "engine/labs/params.h"
#include "engine/pca.h"
#include "engine/progress.h"

#include <nlohmann/json_fwd.hpp>

#include <string>
#include <vector>

namespace mllab::labs {

struct PcaLabParams {
    std::string source = "iris";  ///< iris | wine | breast-cancer | units-m | units-mm | csv
    bool standardize = false;
    int componentX = 1;           ///< 1-based components on the projection's axes
    int componentY = 2;
    std::string csvPath;
    std::string classColumn;      ///< empty: no class column (one colour)
    std::vector<std::string> featureColumns;  ///< empty: every column but the class column
};

struct PcaLabResult {
    PcaResult pca;
    std::vector<int> labels;               ///< class per row
    std::vector<std::string> classNames;   ///< empty name: the one class of a file without one
    std::string dataName;                  ///< the dataset's id or the CSV's file name
};

const LabSpec& pcaLabSpec();
PcaLabParams pcaLabParams(const LabState& state);
PcaLabResult computePcaLab(const PcaLabParams& params, const Progress& progress = {});
/// samples, features, explained variance (ratio, cumulative), components for 95 %, the elbow
/// (1-based), and the loadings of the first four components.
nlohmann::json pcaLabJson(const PcaLabResult& result);

} // namespace mllab::labs
