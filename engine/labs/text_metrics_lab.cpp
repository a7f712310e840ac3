#include "engine/labs/text_metrics_lab.h"

#include <nlohmann/json.hpp>

#include <sstream>

namespace mllab::labs {

const TextMetricsExample* findTextMetricsExample(const std::string& id)
{
    for (const auto& e : textMetricsExamples())
        if (e.id == id)
            return &e;
    return nullptr;
}

TextMetricsLabParams textMetricsLabParams(const LabState& state)
{
    TextMetricsLabParams p;
    p.example = state.text("example");
    p.smoothing = std::stoi(state.text("smoothing"));
    if (const TextMetricsExample* e = findTextMetricsExample(p.example)) {
        p.candidate = e->candidate;
        p.references = e->references;
        return p;
    }
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
    return {p, computeTextMetrics(p.candidate, p.references, p.smoothing)};
}

nlohmann::json textMetricsLabJson(const TextMetricsLabResult& r)
{
    const TextMetrics& m = r.metrics;
    const auto rouge = [](const RougeScore& s) {
        return nlohmann::json{{"precision", s.precision}, {"recall", s.recall}, {"f1", s.f1}};
    };
    // Per order, per candidate n-gram: "matched", "clipped" or "none".
    nlohmann::json matches = nlohmann::json::array();
    for (const auto& order : m.ngramMatches) {
        nlohmann::json row = nlohmann::json::array();
        for (const NgramMatch g : order)
            row.push_back(g == NgramMatch::Matched   ? "matched"
                          : g == NgramMatch::Clipped ? "clipped"
                                                     : "none");
        matches.push_back(row);
    }
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
            {"rougeL", rouge(m.rougeL)},
            {"example", r.params.example},
            {"smoothing", m.smoothing},
            {"bleu_n", m.bleuN},
            {"smoothed_precisions", m.smoothedPrecisions},
            {"ngram_matches", matches},
            {"rougeL_reference", m.rougeLReference},
            {"lcs_candidate", m.lcsCandidate},
            {"lcs_reference", m.lcsReference}};
}

} // namespace mllab::labs
