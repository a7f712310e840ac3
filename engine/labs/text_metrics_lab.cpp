#include "engine/labs/text_metrics_lab.h"

#include <nlohmann/json.hpp>

#include <sstream>

namespace mllab::labs {

const LabSpec& textMetricsLabSpec()
{
    static const LabSpec spec = [] {
        LabSpec s{"text-metrics", "BLEU and ROUGE",
                  "Score a candidate text against references with BLEU (n-gram precision and a "
                  "brevity penalty, as NLTK) and ROUGE-1, ROUGE-2 and ROUGE-L (recall, precision "
                  "and F1)."};
        ParamSpec candidate{"candidate", "Candidate", ParamType::Text,
                            std::string("the model learns the training data too well")};
        candidate.widget = ParamWidget::TextEdit;
        candidate.lines = 3;
        candidate.help = "The text scored; whitespace-separated, case-sensitive tokens";
        ParamSpec references{
            "references", "References", ParamType::Text,
            std::string("the model fits the training data too well and fails on new data\n"
                        "overfitting means learning the noise in the training data")};
        references.widget = ParamWidget::TextEdit;
        references.lines = 4;
        references.help = "One reference per line; BLEU clips counts over all of them, ROUGE "
                          "takes the best one by F1";
        s.params = {candidate, references,
                    tabsParam("tab", {"bleu", "rouge"}, "The chart shown")};
        return s;
    }();
    return spec;
}

TextMetricsLabParams textMetricsLabParams(const LabState& state)
{
    TextMetricsLabParams p;
    p.candidate = state.text("candidate");
    std::istringstream lines(state.text("references"));
    for (std::string line; std::getline(lines, line);)
        if (line.find_first_not_of(" \t\r") != std::string::npos)
            p.references.push_back(line);
    return p;
}

TextMetricsLabResult computeTextMetricsLab(const TextMetricsLabParams& p, const Progress& progress)
{
    progress.checkCancelled();
    if (p.references.empty())
        throw InputError("write at least one reference, one per line");
    return {p, computeTextMetrics(p.candidate, p.references)};
}

nlohmann::json textMetricsLabJson(const TextMetricsLabResult& r)
{
    const TextMetrics& m = r.metrics;
    const auto rouge = [](const RougeScore& s) {
        return nlohmann::json{{"precision", s.precision}, {"recall", s.recall}, {"f1", s.f1}};
    };
    return {{"bleu", m.bleu},
            {"precisions", m.precisions},
            {"brevity_penalty", m.brevityPenalty},
            {"matches", m.matches},
            {"candidate_ngrams", m.candidateNgrams},
            {"candidate_length", m.candidateLength},
            {"closest_reference_length", m.closestReferenceLength},
            {"references", r.params.references.size()},
            {"rouge1", rouge(m.rouge1)},
            {"rouge2", rouge(m.rouge2)},
            {"rougeL", rouge(m.rougeL)}};
}

} // namespace mllab::labs
