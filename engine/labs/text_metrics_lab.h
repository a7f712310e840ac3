#pragma once
// The text-metrics lab: BLEU and ROUGE of a candidate against references (engine/text_metrics.h,
// the `mllab-cli text-metrics` contract), with the n-gram precisions, the brevity penalty and
// ROUGE's precision, recall and F1 side by side: BLEU asks how much of the candidate the
// references support, ROUGE how much of a reference the candidate covers. BLEU-1..4 under a
// chosen NLTK smoothing method; which candidate n-grams matched or were clipped away, and the
// longest common subsequence behind ROUGE-L; shipped examples where the two metrics disagree
// (a paraphrase, a reordering, a short candidate).

#include "engine/labs/params.h"
#include "engine/progress.h"
#include "engine/text_metrics.h"

#include <nlohmann/json_fwd.hpp>

#include <string>
#include <vector>

namespace mllab::labs {

struct TextMetricsLabParams {
    std::string example = "custom"; ///< "custom": the typed texts; else a shipped example's
    std::string candidate;
    std::vector<std::string> references; ///< one per line
    int smoothing = 0;                   ///< NLTK's SmoothingFunction method (text_metrics.h)
};

/// A shipped example: the texts that fill the form when it is chosen.
struct TextMetricsExample {
    std::string id, label, candidate;
    std::vector<std::string> references;
    std::string point; ///< what it shows, one sentence
};
/// "paraphrase", "reordering", "short"; written for this lab.
const std::vector<TextMetricsExample>& textMetricsExamples();
/// nullptr for "custom" or an unknown id.
const TextMetricsExample* findTextMetricsExample(const std::string& id);

struct TextMetricsLabResult {
    TextMetricsLabParams params;
    TextMetrics metrics;
};

const LabSpec& textMetricsLabSpec();
TextMetricsLabParams textMetricsLabParams(const LabState& state);
/// With an example chosen, its texts replace the typed ones.
/// InputError for an empty candidate or no reference line.
TextMetricsLabResult computeTextMetricsLab(const TextMetricsLabParams& params,
                                           const Progress& progress = {});
/// The `mllab-cli text-metrics` numbers plus the n-gram counts and lengths.
nlohmann::json textMetricsLabJson(const TextMetricsLabResult& result);

} // namespace mllab::labs
