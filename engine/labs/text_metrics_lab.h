#pragma once
// The text-metrics lab: BLEU and ROUGE of a candidate against references (engine/text_metrics.h,
// the `mllab-cli text-metrics` contract), with the n-gram precisions, the brevity penalty and
// ROUGE's precision, recall and F1 side by side: BLEU asks how much of the candidate the
// references support, ROUGE how much of a reference the candidate covers.

#include "engine/labs/params.h"
#include "engine/progress.h"
#include "engine/text_metrics.h"

#include <nlohmann/json_fwd.hpp>

#include <string>
#include <vector>

namespace mllab::labs {

struct TextMetricsLabParams {
    std::string candidate;
    std::vector<std::string> references; ///< one per line
};

struct TextMetricsLabResult {
    TextMetricsLabParams params;
    TextMetrics metrics;
};

const LabSpec& textMetricsLabSpec();
TextMetricsLabParams textMetricsLabParams(const LabState& state);
/// InputError for an empty candidate or no reference line.
TextMetricsLabResult computeTextMetricsLab(const TextMetricsLabParams& params,
                                           const Progress& progress = {});
/// The `mllab-cli text-metrics` numbers plus the n-gram counts and lengths.
nlohmann::json textMetricsLabJson(const TextMetricsLabResult& result);

} // namespace mllab::labs
