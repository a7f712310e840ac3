// mllab-cli bpe-steps and attention-entropy: the numbers of the tokenizer and attention labs.
#include "engine/cli/args.h"
#include "engine/cli/commands.h"
#include "engine/lm/attention_maps.h"
#include "engine/lm/shipped.h"
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
    p.merges = int(args.integer("merges", p.merges));
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
    out << json{{"initial_pieces", r.initialPieces},
                {"steps", steps},
                {"stopped_early", r.stoppedEarly}}
               .dump()
        << "\n";
    return 0;
}

json entropyJson(const AttentionSet& set)
{
    return {{"mean_row_entropy_bits", set.meanEntropy},
            {"per_head", set.headEntropy},
            {"mean_over_heads", set.meanMapEntropy}};
}

int runAttentionEntropy(const std::vector<std::string>& argv, std::ostream& out)
{
    Args args(argv, 2, {"prompt", "model", "device"});
    AttentionMapsParams p;
    p.model =
        LanguageModel::load(args.text("model", shippedModelPath()), args.text("device", "cpu"));
    p.prompt = args.required("prompt");
    const AttentionMapsResult r = computeAttentionMaps(p);
    out << json{{"tokens", r.prompt.pieces},
                {"dropped_prompt_tokens", r.prompt.droppedTokens},
                {"layers", r.layers},
                {"heads", r.heads},
                {"head_size", r.headSize},
                {"uniform_entropy_bits", r.uniformEntropy},
                {"scaled", entropyJson(r.scaled)},
                {"unscaled", entropyJson(r.unscaled)}}
               .dump()
        << "\n";
    return 0;
}

} // namespace

void addLmLabCommands(std::vector<Command>& out)
{
    out.push_back({"bpe-steps",
                   "bpe-steps [--text 'the cat sat on the mat'] [--merges 20] [--probe T]",
                   runBpeSteps});
    out.push_back({"attention-entropy", "attention-entropy --prompt T [--model M] [--device cpu]",
                   runAttentionEntropy});
}

} // namespace mllab::cli
