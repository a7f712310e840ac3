// mllab-cli attention-entropy: the numbers of the attention lab.
#include "engine/cli/args.h"
#include "engine/cli/commands.h"
#include "engine/lm/attention_maps.h"
#include "engine/datapaths.h"

#include <nlohmann/json.hpp>

#include <ostream>

namespace mllab::cli {
namespace {

using nlohmann::json;

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
    printJson(out, json{{"tokens", r.prompt.pieces},
                        {"dropped_prompt_tokens", r.prompt.droppedTokens},
                        {"layers", r.layers},
                        {"heads", r.heads},
                        {"head_size", r.headSize},
                        {"uniform_entropy_bits", r.uniformEntropy},
                        {"scaled", entropyJson(r.scaled)},
                        {"unscaled", entropyJson(r.unscaled)}});
    return 0;
}

} // namespace

void addLmLabRunners(Runners& out)
{
    out["attention-entropy"] = runAttentionEntropy;
}

} // namespace mllab::cli
