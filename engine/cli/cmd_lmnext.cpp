// mllab-cli lm next and tokenize: the options and the JSON answers shared by both executables,
// and their torch-free runs in mllab-cli (CpuGpt on the CPU; other devices go to
// mllab-cli-torch).
#include "engine/cli/args.h"
#include "engine/cli/commands.h"
#include "engine/datapaths.h"
#include "engine/limits.h"
#include "engine/lm/cpu_gpt.h"
#include "engine/progress.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <ostream>

namespace mllab::cli {

using nlohmann::json;

Args lmNextArgs(const std::vector<std::string>& argv)
{
    return Args(argv, 3, {"prompt", "model", "device", "top"});
}

long long lmNextTop(const Args& args)
{
    return args.count("top", 10, 1, limits::kMaxTopTokens);
}

void printLmNext(const NextTokenResult& r, const BpeTokenizer& tokenizer, long long top,
                 std::ostream& out)
{
    const float maxLogit = *std::max_element(r.logits.begin(), r.logits.end());
    double z = 0;
    for (float l : r.logits)
        z += std::exp(double(l) - maxLogit);
    std::vector<int> order(r.logits.size());
    for (std::size_t i = 0; i < order.size(); ++i)
        order[i] = int(i);
    std::stable_sort(order.begin(), order.end(),
                     [&](int a, int b) { return r.logits[a] > r.logits[b]; });
    double entropy = 0;
    for (float l : r.logits) {
        const double p = std::exp(double(l) - maxLogit) / z;
        if (p > 0)
            entropy -= p * std::log2(p);
    }
    json tokens = json::array();
    for (long long i = 0; i < std::min<long long>(top, (long long)order.size()); ++i) {
        const int id = order[std::size_t(i)];
        tokens.push_back({{"id", id},
                          {"text", tokenizer.piece(id)},
                          {"logit", r.logits[std::size_t(id)]},
                          {"prob", std::exp(double(r.logits[std::size_t(id)]) - maxLogit) / z}});
    }
    printJson(out, json{{"tokens", tokens},
                        {"entropy", entropy},
                        {"prompt_tokens", r.prompt.ids.size()},
                        {"dropped_prompt_tokens", r.prompt.droppedTokens}});
}

int runLmWithoutTorch(const std::vector<std::string>& argv, std::ostream& out)
{
    if (argv.size() < 3 || argv[2] != "next")
        return kRunInTorchHelper;
    const Args args = lmNextArgs(argv);
    if (args.text("device", "cpu") != "cpu")
        return kRunInTorchHelper;
    const long long top = lmNextTop(args);
    const auto model = CpuGpt::load(args.text("model", shippedModelPath()));
    printLmNext(model->nextToken(args.required("prompt")), model->tokenizer(), top, out);
    return 0;
}

Args tokenizeArgs(const std::vector<std::string>& argv)
{
    return Args(argv, 2, {"text", "model", "device"});
}

void printTokenize(const BpeTokenizer& tokenizer, const std::string& text, std::ostream& out)
{
    const auto ids = tokenizer.encode(text);
    json pieces = json::array();
    for (TokenId id : ids)
        pieces.push_back(tokenizer.piece(id));
    printJson(out, json{{"ids", ids}, {"pieces", pieces}});
}

int runTokenizeWithoutTorch(const std::vector<std::string>& argv, std::ostream& out)
{
    const Args args = tokenizeArgs(argv);
    if (args.text("device", "cpu") != "cpu")
        return kRunInTorchHelper;
    const std::string text = args.required("text");
    const auto model = CpuGpt::load(args.text("model", shippedModelPath()));
    printTokenize(model->tokenizer(), text, out);
    return 0;
}

} // namespace mllab::cli
