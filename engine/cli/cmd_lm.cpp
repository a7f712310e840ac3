// mllab-cli tokenize and lm {next, eval, attention, train}: the language-model engine from the
// shell. `--model` defaults to the shipped checkpoint. mllab-cli itself answers `tokenize` and
// `lm next` on the CPU without libtorch (cmd_lmnext.cpp); this file is mllab-cli-torch's, on any
// device.
#include "engine/cli/args.h"
#include "engine/cli/commands.h"
#include "engine/csv.h"
#include "engine/datapaths.h"
#include "engine/limits.h"
#include "engine/lm/decode.h"
#include "engine/lm/model.h"
#include "engine/lm/presets.h"
#include "engine/lm/quantize.h"
#include "engine/lm/speculative.h"
#include "engine/lm/trainer.h"
#include "engine/runtime.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cmath>
#include <iostream>
#include <ostream>

namespace mllab::cli {
namespace {

using nlohmann::json;

std::shared_ptr<LanguageModel> modelFrom(const Args& args)
{
    return LanguageModel::load(args.text("model", shippedModelPath()), args.text("device", "cpu"));
}

int runTokenize(const std::vector<std::string>& argv, std::ostream& out)
{
    const Args args = tokenizeArgs(argv);
    const std::string text = args.required("text");
    printTokenize(modelFrom(args)->tokenizer(), text, out);
    return 0;
}

int runNext(const std::vector<std::string>& argv, std::ostream& out)
{
    const Args args = lmNextArgs(argv);
    const long long top = lmNextTop(args);
    const auto model = modelFrom(args);
    printLmNext(model->nextToken(args.required("prompt")), model->tokenizer(), top, out);
    return 0;
}

int runEval(const std::vector<std::string>& argv, std::ostream& out)
{
    Args args(argv, 3, {"text-file", "model", "device"});
    const std::string text = readTextFile(args.required("text-file"));
    const EvalResult r = modelFrom(args)->evaluate(text);
    printJson(out, json{{"tokens", r.tokens},
                        {"bytes", r.bytes},
                        {"loss", r.loss},
                        {"perplexity", r.perplexity},
                        {"bits_per_byte", r.bitsPerByte}});
    return 0;
}

int runAttention(const std::vector<std::string>& argv, std::ostream& out)
{
    Args args(argv, 3, {"prompt", "model", "device"}, {"unscaled"});
    const AttentionResult r = modelFrom(args)->attention(args.required("prompt"), !args.flag("unscaled"));
    printJson(out, json{{"tokens", r.prompt.pieces},
                        {"ids", r.prompt.ids},
                        {"layers", r.layers},
                        {"heads", r.heads},
                        {"weights", r.weights},
                        {"dropped_prompt_tokens", r.prompt.droppedTokens}});
    return 0;
}

int runGenerate(const std::vector<std::string>& argv, std::ostream& out)
{
    Args args(argv, 3, {"prompt", "model", "device", "max-tokens", "temperature", "top-k", "top-p", "min-p", "seed"});
    GenerateParams p;
    p.prompt = args.required("prompt");
    p.maxTokens = int(args.count("max-tokens", 50, 1, limits::kMaxGeneratedTokens));
    p.sampling.temperature = args.number("temperature", 1.0);
    p.sampling.topK = int(args.integer("top-k", 0));
    p.sampling.topP = args.number("top-p", 1.0);
    p.sampling.minP = args.number("min-p", 0.0);
    p.seed = std::uint64_t(args.integer("seed", 0));
    const GeneratedText r = generateText(*modelFrom(args), p);
    printJson(out, json{{"text", r.text},
                        {"ids", r.ids},
                        {"probs", r.probs},
                        {"pieces", r.pieces},
                        {"dropped_prompt_tokens", r.droppedPromptTokens}});
    return 0;
}

int runSpeculative(const std::vector<std::string>& argv, std::ostream& out)
{
    Args args(argv, 3,
              {"prompt", "model", "draft", "device", "gamma", "max-tokens", "temperature", "seed"});
    SpeculativeParams p;
    p.prompt = args.required("prompt");
    p.gamma = int(args.count("gamma", 4, 1, limits::kMaxSpeculativeGamma));
    p.maxTokens = int(args.count("max-tokens", 50, 1, limits::kMaxGeneratedTokens));
    p.temperature = args.number("temperature", 0.0);
    p.seed = std::uint64_t(args.integer("seed", 0));
    const SingleComputeThread oneThread;
    const auto target = modelFrom(args);
    const auto draft =
        LanguageModel::load(args.text("draft", shippedDraftModelPath()), args.text("device", "cpu"));
    const SpeculativeResult r = speculativeDecode(*target, *draft, p);
    // Plain decoding (the `lm generate` path) timed right after, for the speed-up.
    GenerateParams g;
    g.prompt = p.prompt;
    g.sampling.temperature = p.temperature;
    g.seed = p.seed;
    g.maxTokens = p.maxTokens;
    const auto started = std::chrono::steady_clock::now();
    generateText(*target, g);
    const double plain =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    printJson(out,
              json{{"text", r.text},
                   {"ids", r.ids},
                   {"proposed", r.proposed},
                   {"accepted", r.accepted},
                   {"acceptance_rate", r.acceptanceRate()},
                   {"target_passes", r.targetPasses},
                   {"draft_passes", r.draftPasses},
                   {"expected_tokens_per_pass", expectedTokensPerPass(r.acceptanceRate(), p.gamma)},
                   {"seconds", r.seconds},
                   {"plain_seconds", plain},
                   {"speedup", r.seconds > 0 ? plain / r.seconds : 0.0}});
    return 0;
}

GptConfig presetConfig(const std::string& name)
{
    try {
        return trainPreset(name).config;
    } catch (const InputError& e) {
        throw UsageError(std::string("--preset: ") + e.what());
    }
}

int runTrain(const std::vector<std::string>& argv, std::ostream& out)
{
    Args args(argv, 3,
              {"corpus", "out", "steps", "seed", "device", "preset", "batch-size", "lr", "min-lr", "warmup",
               "eval-every", "vocab-size", "context", "layers", "heads", "width", "dropout", "threads",
               "tokenizer-from"});
    TrainParams p;
    p.config = presetConfig(args.text("preset", "small"));
    const std::string corpusPath = args.required("corpus");
    p.outputPath = args.required("out");
    // Options first: a count out of range is named before the corpus is read.
    p.steps = int(args.count("steps", p.steps, 1, limits::kMaxTrainSteps));
    p.seed = std::uint64_t(args.integer("seed", 0));
    p.device = args.text("device", "cpu");
    p.batchSize = int(args.count("batch-size", p.batchSize, 1, limits::kMaxBatchSize));
    p.learningRate = args.number("lr", p.learningRate);
    p.minLearningRate = args.number("min-lr", std::min(p.minLearningRate, p.learningRate));
    p.warmupSteps = int(args.integer("warmup", p.warmupSteps));
    p.evalEvery = int(args.count("eval-every", p.evalEvery, 1, limits::kMaxTrainSteps));
    p.corpus = readCorpus(corpusPath);
    p.corpusName = corpusPath;
    if (args.has("tokenizer-from")) {
        // Reuse a checkpoint's tokenizer (and its vocabulary size) instead of training one.
        const auto donor = LanguageModel::load(args.text("tokenizer-from", ""), "cpu");
        p.tokenizer = donor->tokenizer();
        p.config.vocabSize = donor->config().vocabSize;
    }
    p.config.vocabSize = int(args.integer("vocab-size", p.config.vocabSize));
    p.config.contextLength = int(args.integer("context", p.config.contextLength));
    p.config.layers = int(args.integer("layers", p.config.layers));
    p.config.heads = int(args.integer("heads", p.config.heads));
    p.config.width = int(args.integer("width", p.config.width));
    p.config.dropout = args.number("dropout", p.config.dropout);
    if (args.has("threads"))
        configureComputeThreads(int(args.integer("threads", 0)));
    const auto printStep = [](const TrainStep& s) {
        if (s.step % 50 != 0 && s.step != s.steps)
            return;
        std::cerr << "step " << s.step << " of " << s.steps << ": train " << s.trainLoss << ", val "
                  << s.validationLoss << ", lr " << s.learningRate << ", "
                  << int(s.tokensPerSecond) << " tokens/s, eta " << int(s.etaSeconds) << " s\n";
    };
    const TrainResult r = trainLanguageModel(p, {}, printStep);
    printJson(out, json{{"steps", r.stepsDone},
                        {"parameters", r.parameters},
                        {"train_tokens", r.trainTokens},
                        {"validation_tokens", r.validationTokens},
                        {"final_train_loss", r.trainLoss.back().loss},
                        {"validation_loss", r.finalValidationLoss},
                        {"validation_bits_per_byte", r.validationBitsPerByte},
                        {"unigram_loss", r.unigramLoss},
                        {"bigram_loss", r.bigramLoss},
                        {"unigram_bits_per_byte", r.unigramBitsPerByte},
                        {"bigram_bits_per_byte", r.bigramBitsPerByte},
                        {"tokens_per_second", r.tokensPerSecond},
                        {"seconds", r.seconds},
                        {"checkpoint", r.checkpointPath}});
    return 0;
}

int runQuantize(const std::vector<std::string>& argv, std::ostream& out)
{
    Args args(argv, 3, {"model", "bits", "group", "scheme", "text-file", "out"});
    args.required("bits");
    args.required("group");
    args.required("scheme");
    QuantizeSpec spec;
    spec.bits = int(std::clamp<long long>(args.integer("bits", 4), -1, 64));
    spec.group = int(std::clamp<long long>(args.integer("group", 32), -2, 1 << 30));
    spec.scheme = args.text("scheme", "sym");
    validateQuantizeSpec(spec);
    const std::string text =
        args.has("text-file") ? readTextFile(args.text("text-file", "")) : heldOutBankText();
    const QuantizeResult r = quantizeLanguageModel(args.text("model", shippedModelPath()), spec,
                                                   text, args.text("out", ""));
    json tensors = json::array();
    for (const QuantizedTensor& t : r.tensors)
        tensors.push_back({{"name", t.name}, {"shape", t.shape}, {"rel_rmse", t.relRmse}});
    printJson(out, json{{"bits", spec.bits},
                        {"group", spec.group},
                        {"scheme", spec.scheme},
                        {"size_bytes", r.sizeBytes},
                        {"size_bytes_fp32", r.sizeBytesFp32},
                        {"bits_per_byte", r.bitsPerByte},
                        {"bits_per_byte_fp32", r.bitsPerByteFp32},
                        {"kl_mean", r.klMean},
                        {"top1_agreement", r.top1Agreement},
                        {"positions", r.positions},
                        {"tensors", tensors}});
    return 0;
}

int runLm(const std::vector<std::string>& argv, std::ostream& out)
{
    const std::string sub = argv.size() > 2 ? argv[2] : "";
    if (sub == "next")
        return runNext(argv, out);
    if (sub == "eval")
        return runEval(argv, out);
    if (sub == "attention")
        return runAttention(argv, out);
    if (sub == "train")
        return runTrain(argv, out);
    if (sub == "generate")
        return runGenerate(argv, out);
    if (sub == "quantize")
        return runQuantize(argv, out);
    if (sub == "speculative")
        return runSpeculative(argv, out);
    throw UsageError(sub.empty() ? "lm needs a subcommand" : "unknown lm subcommand '" + sub + "'");
}

} // namespace

void addLmRunners(Runners& out)
{
    out["tokenize"] = runTokenize;
    out["lm"] = runLm;
}

} // namespace mllab::cli
