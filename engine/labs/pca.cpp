#include "engine/labs/pca.h"

#include "engine/csv.h"
#include "engine/datasets.h"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace mllab::labs {

namespace {

constexpr std::size_t kLoadingComponents = 4;

std::vector<std::string> splitColumns(const std::string& list)
{
    std::vector<std::string> columns;
    std::size_t start = 0;
    while (start <= list.size()) {
        const auto comma = list.find(',', start);
        const std::string column = list.substr(start, comma == std::string::npos ? std::string::npos
                                                                                : comma - start);
        if (!column.empty())
            columns.push_back(column);
        if (comma == std::string::npos)
            break;
        start = comma + 1;
    }
    return columns;
}

/// A CSV without a class column: its numeric columns, every row in one class.
Dataset unlabelledCsv(const PcaLabParams& p, const Progress& progress)
{
    const CsvNumeric table = readNumericCsvFile(p.csvPath, p.featureColumns, progress);
    Dataset data;
    data.featureNames = table.names;
    data.rows = table.rows;
    data.classNames = {""};
    data.labels.assign(table.rows, 0);
    data.features.resize(table.rows * table.names.size());
    for (std::size_t j = 0; j < table.names.size(); ++j)
        for (std::size_t i = 0; i < table.rows; ++i)
            data.features[i * table.names.size() + j] = table.columns[j][i];
    return data;
}

Dataset loadData(const PcaLabParams& p, const Progress& progress)
{
    if (p.source == "csv") {
        if (p.csvPath.empty())
            throw InputError("Choose a CSV file with numeric columns.");
        Dataset data = p.classColumn.empty()
                           ? unlabelledCsv(p, progress)
                           : datasetFromCsvFile(p.csvPath, p.classColumn, p.featureColumns);
        data.name = p.csvPath.substr(p.csvPath.find_last_of('/') + 1);
        return data;
    }
    if (p.source == "units-m" || p.source == "units-mm")
        return makeUnitsDemoData(p.source == "units-mm");
    return loadBuiltInDataset(p.source);
}

} // namespace

PcaLabParams pcaLabParams(const LabState& state)
{
    PcaLabParams p;
    p.source = state.text("source");
    p.standardize = state.flag("standardize");
    p.componentX = int(state.integer("x"));
    p.componentY = int(state.integer("y"));
    p.csvPath = state.text("csv");
    p.classColumn = state.text("class");
    p.featureColumns = splitColumns(state.text("features"));
    return p;
}

PcaLabResult computePcaLab(const PcaLabParams& p, const Progress& progress)
{
    const Dataset data = loadData(p, progress);
    PcaParams params;
    params.columns = data.columns();
    params.names = data.featureNames;
    params.standardize = p.standardize;
    params.projectionComponents = std::size_t(std::max(p.componentX, p.componentY));
    PcaLabResult r;
    r.pca = computePca(params, progress);
    r.labels = data.labels;
    r.classNames = data.classNames;
    r.dataName = data.name;
    return r;
}

nlohmann::json pcaLabJson(const PcaLabResult& result)
{
    const PcaResult& r = result.pca;
    nlohmann::json loadings = nlohmann::json::array();
    for (std::size_t k = 0; k < std::min(kLoadingComponents, r.components.size()); ++k)
        loadings.push_back(r.components[k]);
    return {{"data", result.dataName},
            {"samples", r.samples},
            {"features", r.names},
            {"explained_variance_ratio", r.explainedVarianceRatio},
            {"cumulative_ratio", r.cumulativeRatio},
            {"components_for_95", r.componentsFor95},
            {"elbow", r.elbow + 1},
            {"loadings", loadings}};
}

} // namespace mllab::labs
