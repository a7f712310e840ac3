// mllab-cli text-metrics: BLEU and ROUGE of a candidate against references (the contract in
// DESIGN.md; the definitions in engine/text_metrics.h).
#include "engine/cli/args.h"
#include "engine/cli/commands.h"
#include "engine/text_metrics.h"

#include <nlohmann/json.hpp>

#include <ostream>

namespace mllab::cli {
namespace {

nlohmann::json rougeJson(const RougeScore& s)
{
    return {{"precision", s.precision}, {"recall", s.recall}, {"f1", s.f1}};
}

int runTextMetrics(const std::vector<std::string>& argv, std::ostream& out)
{
    Args args(argv, 2, {"candidate", "reference"});
    const std::string candidate = args.required("candidate");
    args.required("reference");
    const TextMetrics m = computeTextMetrics(candidate, args.all("reference"));
    printJson(out, nlohmann::json{{"bleu", m.bleu},
                                  {"precisions", m.precisions},
                                  {"brevity_penalty", m.brevityPenalty},
                                  {"rouge1", rougeJson(m.rouge1)},
                                  {"rouge2", rougeJson(m.rouge2)},
                                  {"rougeL", rougeJson(m.rougeL)}});
    return 0;
}

} // namespace

void addTextMetricsCommands(std::vector<Command>& out)
{
    out.push_back({"text-metrics", "text-metrics --candidate T --reference R [--reference R2 ...]",
                   runTextMetrics});
    out.back().help = {
        "BLEU (as NLTK's sentence_bleu: weights 0.25 each, no smoothing, clipped counts over all "
        "references, the closest reference length for the brevity penalty) and ROUGE-1, ROUGE-2 "
        "and ROUGE-L (Lin 2004; with several references the one with the best F1) of a "
        "candidate. Tokens are whitespace-separated and case-sensitive.",
        {{"",
          {{"--candidate T", "the text scored (required)"},
           {"--reference R", "a reference text; repeat for several (at least one)"}}}}};
}

} // namespace mllab::cli
