// mllab-cli bpe-steps: the numbers of the tokenizer lab (no libtorch).
#include "engine/cli/args.h"
#include "engine/cli/commands.h"
#include "engine/limits.h"
#include "engine/lm/tokenization.h"

#include <nlohmann/json.hpp>

#include <ostream>

namespace mllab::cli {
namespace {

using nlohmann::json;

int runBpeSteps(const std::vector<std::string>& argv, std::ostream& out)
{
    Args args(argv, 2, {"text", "merges", "probe"});
    BpeLabParams p;
    p.text = args.text("text", p.text);
    p.merges = int(args.count("merges", p.merges, 1, limits::kMaxTokenizerMerges));
    p.probeText = args.text("probe", "");
    const BpeLabResult r = computeBpeLab(p);
    json steps = json::array();
    for (const BpeLabStep& s : r.steps)
        steps.push_back({{"step", s.step},
                         {"pair", {s.left, s.right}},
                         {"count", s.count},
                         {"new_token", s.newToken},
                         {"piece", s.merged},
                         {"pieces", s.pieces}});
    printJson(out, json{{"initial_pieces", r.initialPieces},
                        {"steps", steps},
                        {"stopped_early", r.stoppedEarly}});
    return 0;
}

} // namespace

void addTokenizerLabCommands(std::vector<Command>& out)
{
    out.push_back({"bpe-steps",
                   "bpe-steps [--text 'the cat sat on the mat'] [--merges 20] [--probe T]",
                   runBpeSteps});
    out.back().help = {
        "Byte-pair encoding learned step by step on a text: each merge with its pair, count and "
        "the text's token count after it; optionally a probe text tokenized by the result.",
        {{"",
          {{"--text T", "training text, 1 to 100,000 bytes ['the cat sat on the mat']"},
           {"--merges N", "merges to learn, 1 to 1,000; stops early when no pair repeats [20]"},
           {"--probe T", "text to tokenize with the learned merges"}}}}};
}

} // namespace mllab::cli
