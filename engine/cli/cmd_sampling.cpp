#include "engine/cli/args.h"
#include "engine/cli/commands.h"
#include "engine/csv.h"
#include "engine/limits.h"
#include "engine/logits_json.h"
#include "engine/sampling.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <charconv>
#include <limits>
#include <ostream>

namespace mllab::cli {
namespace {

std::uint64_t seedOption(const Args& args)
{
    const std::string s = args.text("seed", "0");
    std::uint64_t seed = 0;
    const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), seed);
    if (ec != std::errc() || ptr != s.data() + s.size())
        throw UsageError("option --seed needs a non-negative integer, got '" + s + "'");
    return seed;
}

/// Out-of-range integers become values the engine rejects (or, for top-k, treats as "all").
int clampToInt(long long v)
{
    return int(
        std::clamp<long long>(v, std::numeric_limits<int>::min(), std::numeric_limits<int>::max()));
}

int runSample(const std::vector<std::string>& argv, std::ostream& out)
{
    Args args(argv, 2, {"logits", "temperature", "top-k", "top-p", "min-p", "seed", "draws"});
    SamplingParams p;
    const std::string path = args.required("logits");
    p.config.temperature = args.number("temperature", p.config.temperature);
    p.config.topK = clampToInt(args.integer("top-k", p.config.topK));
    p.config.topP = args.number("top-p", p.config.topP);
    p.config.minP = args.number("min-p", p.config.minP);
    p.seed = seedOption(args);
    p.draws = int(args.count("draws", p.draws, 0, limits::kMaxDraws));
    validateSamplingConfig(p.config); // before reading a possibly large file
    p.logits = parseLogitsJson(readTextFile(path), path);
    const SamplingResult r = computeSampling(p);
    const nlohmann::json stages{{"softmax", r.softmax},
                                {"temperature", r.temperature},
                                {"top_k", r.topK},
                                {"top_p", r.topP},
                                {"min_p", r.minP}};
    printJson(out, nlohmann::json{{"stages", stages},
                                  {"final", r.finalDistribution()},
                                  {"kept", r.kept},
                                  {"entropy", r.entropyBits},
                                  {"entropy_nats", r.entropyNats},
                                  {"draws", r.draws}});
    return 0;
}

} // namespace

void addSamplingCommands(std::vector<Command>& out)
{
    out.push_back({"sample",
                   "sample --logits F.json [--temperature 1] [--top-k 0] [--top-p 1] [--min-p 0] "
                   "[--seed 0] [--draws 0]",
                   runSample});
    out.back().help = {
        "The sampling pipeline over a logit vector: softmax, then temperature, top-k, top-p and "
        "min-p in that order, each renormalised, with seeded draws from the final distribution.",
        {{"",
          {{"--logits F.json", "JSON file {\"logits\": [...]}; null entries mean -inf (required)"},
           {"--temperature T", "divides the logits; 0 puts all mass on the argmax [1]"},
           {"--top-k K", "keeps the K most probable tokens; 0 keeps all [0]"},
           {"--top-p P", "keeps the smallest set whose mass reaches P [1]"},
           {"--min-p P", "keeps tokens with probability >= P times the largest [0]"},
           {"--seed S", "seed of the draws [0]"},
           {"--draws N", "tokens drawn from the final distribution [0]"}}}}};
}

} // namespace mllab::cli
