// mllab-cli text-metrics: BLEU and ROUGE of a candidate against references (the contract in
// DESIGN.md; the definitions in engine/text_metrics.h).
#include "engine/cli/args.h"
#include "engine/cli/commands.h"
#include "engine/fileio.h"
#include "engine/text_metrics.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <deque>
#include <fstream>
#include <iterator>
#include <ostream>
#include <string_view>

namespace mllab::cli {
namespace {

nlohmann::json rougeJson(const RougeScore& s)
{
    return {{"precision", s.precision}, {"recall", s.recall}, {"f1", s.f1}};
}

/// The whole file, and its lines as views into it.
struct LineFile {
    std::string text;
    std::vector<std::string_view> lines;
};

/// Fills `file` in place (its views point into its own text).
void readLines(const std::string& path, LineFile& file)
{
    file.text = readRegularFile(path, "text file");
    const std::string_view text = file.text;
    for (std::size_t start = 0; start < text.size();) {
        const std::size_t end = std::min(text.find('\n', start), text.size());
        file.lines.push_back(text.substr(start, end - start));
        start = end + 1;
    }
}

bool blank(std::string_view line)
{
    return line.find_first_not_of(" \t\r\v\f") == std::string_view::npos;
}

/// Corpus BLEU: line i of the candidates file against line i of each references file (a blank
/// line there: no reference from that file).
nlohmann::json corpusJson(const Args& args, int smoothing)
{
    const std::string candidatesPath = args.required("candidates-file");
    args.required("references-file");
    LineFile candidates;
    readLines(candidatesPath, candidates);
    std::deque<LineFile> files; // a deque: adding one moves none of the texts the views see
    std::vector<std::vector<std::string_view>> references(candidates.lines.size());
    for (const std::string& path : args.all("references-file")) {
        readLines(path, files.emplace_back());
        const auto& lines = files.back().lines;
        if (lines.size() != candidates.lines.size())
            throw InputError(path + " has " + std::to_string(lines.size()) + " lines but " +
                             candidatesPath + " has " + std::to_string(candidates.lines.size()));
        for (std::size_t i = 0; i < lines.size(); ++i)
            if (!blank(lines[i]))
                references[i].push_back(lines[i]);
    }
    CorpusBleu b;
    try {
        b = corpusBleuViews(candidates.lines, references, smoothing);
    } catch (const InputError& e) {
        throw InputError(candidatesPath + ": " + e.what());
    }
    return {{"bleu", b.bleu},
            {"bleu_n", b.bleuN},
            {"precisions", b.precisions},
            {"smoothed_precisions", b.smoothedPrecisions},
            {"brevity_penalty", b.brevityPenalty},
            {"matches", b.matches},
            {"candidate_ngrams", b.candidateNgrams},
            {"candidate_length", b.candidateLength},
            {"reference_length", b.referenceLength},
            {"sentences", b.sentences},
            {"smoothing", b.smoothing}};
}

int runTextMetrics(const std::vector<std::string>& argv, std::ostream& out)
{
    Args args(argv, 2,
              {"candidate", "reference", "candidates-file", "references-file", "smoothing"});
    const int smoothing = int(args.count("smoothing", 0, 0, 7));
    nlohmann::json result;
    if (args.has("candidates-file") || args.has("references-file")) {
        if (args.has("candidate") || args.has("reference"))
            throw UsageError("give either --candidate/--reference or --candidates-file/"
                             "--references-file, not both");
        result = corpusJson(args, smoothing);
    } else {
        const std::string candidate = args.required("candidate");
        args.required("reference");
        const TextMetrics m = computeTextMetrics(candidate, args.all("reference"), smoothing);
        result = {{"bleu", m.bleu},
                  {"precisions", m.precisions},
                  {"brevity_penalty", m.brevityPenalty},
                  {"rouge1", rougeJson(m.rouge1)},
                  {"rouge2", rougeJson(m.rouge2)},
                  {"rougeL", rougeJson(m.rougeL)},
                  {"bleu_n", m.bleuN},
                  {"smoothing", m.smoothing}};
    }
    printJson(out, result);
    return 0;
}

} // namespace

void addTextMetricsCommands(std::vector<Command>& out)
{
    out.push_back({"text-metrics",
                   "text-metrics --candidate T --reference R [--reference R2 ...] | "
                   "--candidates-file F --references-file F [--references-file F2 ...] "
                   "[--smoothing 0]",
                   runTextMetrics});
    out.back().help = {
        "BLEU (as NLTK's sentence_bleu: weights 0.25 each, no smoothing unless --smoothing, "
        "clipped counts over all "
        "references, the closest reference length for the brevity penalty) and ROUGE-1, ROUGE-2 "
        "and ROUGE-L (Lin 2004; with several references the one with the best F1) of a "
        "candidate, with cumulative BLEU-1..4 (bleu_n). With files instead, corpus BLEU as "
        "NLTK's corpus_bleu: clipped matches and lengths summed over every line, then one score. "
        "Tokens are whitespace-separated and case-sensitive.",
        {{"",
          {{"--candidate T", "the text scored"},
           {"--reference R", "a reference text; repeat for several (at least one)"},
           {"--candidates-file F", "corpus BLEU: one candidate per line"},
           {"--references-file F",
            "line i is a reference of candidate i (a blank line: none); repeat for several"},
           {"--smoothing N",
            "NLTK's SmoothingFunction method for zero precisions: 0 (none, default), 1, 2, 3, "
            "4, 5 or 7"}}}}};
}

} // namespace mllab::cli
