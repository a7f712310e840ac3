// engine/lm/cpu_gpt: the torch-free inference against the libtorch model. Logits within 1e-4 on
// the shipped model and on a tiny model with random weights (biases and LayerNorm parameters
// too), the same prompt truncation, the same messages for bad checkpoints, and `lm next` JSON of
// mllab-cli's torch-free run equal to mllab-cli-torch's.
#include "engine/cli/commands.h"
#include "engine/lm/cpu_gpt.h"
#include "engine/lm/gpt_checkpoint.h"
#include "engine/lm/model.h"
#include "engine/lm/model_impl.h"
#include "engine/lm/safetensors.h"
#include "engine/datapaths.h"
#include "tests/support/cli.h"
#include "tests/support/enginetest.h"
#include "tests/support/tinylm.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <functional>
#include <random>
#include <sstream>

namespace {

using mllab::CpuGpt;
using mllab::LanguageModel;
using nlohmann::json;

std::string longPrompt()
{
    std::string text;
    for (int i = 0; i < 12; ++i)
        text += enginetest::kTinyText;
    return text;
}

/// Prompts of one token, a few tokens, a sentence and one longer than any test context.
std::vector<std::string> prompts()
{
    return {"a", "T", "The learning rate", "Attention lets every token look at", longPrompt()};
}

double maxAbsDifference(const std::vector<float>& a, const std::vector<float>& b)
{
    if (a.size() != b.size())
        return INFINITY;
    double worst = 0;
    for (std::size_t i = 0; i < a.size(); ++i)
        worst = std::max(worst, std::abs(double(a[i]) - double(b[i])));
    return worst;
}

/// Logits after every position from the libtorch model, [time][vocab].
std::vector<std::vector<float>> torchLogits(const LanguageModel& model,
                                            const std::vector<mllab::TokenId>& ids)
{
    c10::InferenceMode guard;
    std::vector<int64_t> wide(ids.begin(), ids.end());
    const auto input = torch::tensor(wide).view({1, int64_t(wide.size())});
    const auto logits = model.impl().net->forward(input).logits[0].contiguous();
    std::vector<std::vector<float>> out;
    for (int64_t t = 0; t < logits.size(0); ++t)
        out.emplace_back(logits[t].data_ptr<float>(), logits[t].data_ptr<float>() + logits.size(1));
    return out;
}

/// Every prompt: the same tokens, the same truncation, next-token logits within 1e-4, and the
/// logits after every position of the full window within 1e-4.
void expectSameLogits(const LanguageModel& reference, const CpuGpt& model)
{
    for (const std::string& prompt : prompts()) {
        const auto expected = reference.nextToken(prompt);
        const auto actual = model.nextToken(prompt);
        QCOMPARE(actual.prompt.ids, expected.prompt.ids);
        QCOMPARE(actual.prompt.pieces, expected.prompt.pieces);
        QCOMPARE(actual.prompt.droppedTokens, expected.prompt.droppedTokens);
        const double difference = maxAbsDifference(actual.logits, expected.logits);
        QVERIFY2(difference < 1e-4, prompt.substr(0, 40) + ": " + std::to_string(difference));

        const auto all = model.logits(actual.prompt.ids);
        const auto allExpected = torchLogits(reference, expected.prompt.ids);
        QCOMPARE(all.size(), allExpected.size());
        for (std::size_t t = 0; t < all.size(); ++t)
            QVERIFY2(maxAbsDifference(all[t], allExpected[t]) < 1e-4,
                     "position " + std::to_string(t));
        // The last row equals nextToken's (the matrix products differ in shape, so rounding may).
        QVERIFY(maxAbsDifference(all.back(), actual.logits) < 1e-5);
    }
    QVERIFY(model.nextToken(longPrompt()).prompt.droppedTokens > 0);
}

/// A tiny checkpoint whose every weight is random: N(0, 0.3) matrices and biases, LayerNorm
/// scales around 1, so that biases and LayerNorm parameters matter.
std::string writeRandomTinyModel(const std::string& path, int context, std::uint32_t seed)
{
    const auto tokenizerSource = enginetest::untrainedTinyModel(context, 1);
    const mllab::GptConfig config = enginetest::tinyGptConfig(context);
    mllab::SafetensorsFile file;
    file.metadata = mllab::lm::gptMetadata(config, tokenizerSource->tokenizer());
    std::mt19937 random(seed);
    std::normal_distribution<float> normal(0.0f, 0.3f);
    for (const auto& spec : mllab::lm::gptWeightSpecs(config)) {
        std::vector<float> values(std::size_t(mllab::elementCount(spec.shape)));
        const bool scale = spec.name.find("ln") != std::string::npos &&
                           spec.name.find(".weight") != std::string::npos;
        for (float& v : values)
            v = (scale ? 1.0f : 0.0f) + normal(random);
        file.tensors.push_back(mllab::makeF32Tensor(spec.name, spec.shape, values));
    }
    mllab::writeSafetensors(path, file);
    return path;
}

std::string loadError(const std::function<void()>& load)
{
    try {
        load();
    } catch (const mllab::InputError& e) {
        return e.what();
    }
    return "(no error)";
}

} // namespace

ENGINE_TEST(weightSpecsAreTheLibtorchModelsWeights)
{
    for (int context : {8, 32}) {
        const auto model = enginetest::untrainedTinyModel(context, 3);
        const auto weights = model->impl().net->namedWeights();
        const auto specs = mllab::lm::gptWeightSpecs(model->config());
        QCOMPARE(specs.size(), weights.size());
        for (std::size_t i = 0; i < specs.size(); ++i) {
            QCOMPARE(specs[i].name, weights[i].first);
            QCOMPARE(specs[i].shape, weights[i].second.sizes().vec());
        }
    }
}

ENGINE_TEST(shippedModelLogitsEqualTheLibtorchModels)
{
    const auto reference = LanguageModel::load(mllab::shippedModelPath());
    const auto model = CpuGpt::load(mllab::shippedModelPath());
    QCOMPARE(model->config().contextLength, reference->config().contextLength);
    QCOMPARE(model->metadata(), reference->metadata());
    expectSameLogits(*reference, *model);
}

ENGINE_TEST(randomTinyModelLogitsEqualTheLibtorchModels)
{
    for (std::uint32_t seed : {1u, 2u}) {
        const std::string path = writeRandomTinyModel("tst_cpu_gpt_random.safetensors", 16, seed);
        const auto reference = LanguageModel::load(path);
        const auto model = CpuGpt::load(path);
        expectSameLogits(*reference, *model);
        std::remove(path.c_str());
    }
}

ENGINE_TEST(badInputIsRejectedAsByTheLibtorchModel)
{
    const auto model = CpuGpt::load(mllab::shippedModelPath());
    QVERIFY_THROWS_MESSAGE(model->nextToken(""), mllab::InputError, "prompt is empty");
    QVERIFY_THROWS_MESSAGE(model->logits({}), mllab::InputError, "0 tokens");
    QVERIFY_THROWS_MESSAGE(model->logits({5000}), mllab::InputError, "outside the vocabulary");
    QVERIFY_THROWS_MESSAGE(model->logits(std::vector<mllab::TokenId>(129, 1)), mllab::InputError,
                           "129 tokens");
}

ENGINE_TEST(badCheckpointsGiveTheLibtorchLoadersMessages)
{
    const std::string path = "tst_cpu_gpt_bad.safetensors";
    writeRandomTinyModel(path, 16, 5);
    const mllab::SafetensorsFile good = mllab::readSafetensors(path);
    using Edit = std::function<void(mllab::SafetensorsFile&)>;
    const std::vector<std::pair<std::string, Edit>> cases = {
        {"shape", [](auto& f) { f.metadata["width"] = "64"; }},
        {"not an MLLab language-model", [](auto& f) { f.metadata["format"] = "something-else"; }},
        {"lacks 'heads'", [](auto& f) { f.metadata.erase("heads"); }},
        {"not an integer", [](auto& f) { f.metadata["layers"] = "two"; }},
        {"multiple of heads", [](auto& f) { f.metadata["heads"] = "3"; }},
        {"tokenizer has", [](auto& f) { f.metadata["vocab_size"] = "256"; }},
        {"missing", [](auto& f) { f.tensors.pop_back(); }},
        {"unexpected tensor",
         [](auto& f) { f.tensors.push_back(mllab::makeF32Tensor("extra", {1}, {0.0f})); }},
        {"dtype",
         [](auto& f) {
             auto& t = f.tensors.front();
             t.dtype = mllab::DType::I32;
         }},
    };
    for (const auto& [fragment, edit] : cases) {
        mllab::SafetensorsFile file = good;
        edit(file);
        mllab::writeSafetensors(path, file);
        const std::string expected = loadError([&] { LanguageModel::load(path); });
        const std::string actual = loadError([&] { CpuGpt::load(path); });
        QCOMPARE(actual, expected);
        QVERIFY2(actual.find(fragment) != std::string::npos, actual);
    }
    // A file cut short and a missing file.
    {
        std::ifstream in(path, std::ios::binary);
        std::string bytes((std::istreambuf_iterator<char>(in)), {});
        in.close();
        std::ofstream(path, std::ios::binary) << bytes.substr(0, bytes.size() - 10);
    }
    QCOMPARE(loadError([&] { CpuGpt::load(path); }), loadError([&] { LanguageModel::load(path); }));
    QVERIFY(loadError([&] { CpuGpt::load(path); }) != "(no error)");
    std::remove(path.c_str());
    QCOMPARE(loadError([&] { CpuGpt::load("no-such.safetensors"); }),
             loadError([&] { LanguageModel::load("no-such.safetensors"); }));
}

namespace {

/// mllab-cli's command table as the executable runs it, minus the exec: libtorch commands run
/// their torchFreeRun only; kRunInTorchHelper comes back as the exit code.
enginetest::CliRun thinCli(std::vector<std::string> args)
{
    args.insert(args.begin(), "mllab-cli");
    auto table = mllab::cli::commandTable();
    for (auto& command : table)
        if (command.needsTorch)
            command.run = command.torchFreeRun ? command.torchFreeRun
                                               : mllab::cli::RunFunction([](const auto&, auto&) {
                                                     return mllab::cli::kRunInTorchHelper;
                                                 });
    std::ostringstream out, err;
    const int code = mllab::cli::runCli(args, out, err, table);
    return {code, out.str(), err.str()};
}

void expectSameNextJson(const std::vector<std::string>& args)
{
    const auto thin = thinCli(args);
    const auto full = enginetest::cli(args);
    QCOMPARE(full.code, 0);
    QCOMPARE(thin.code, 0);
    QVERIFY(thin.err.empty());
    const json a = json::parse(thin.out), e = json::parse(full.out);
    std::vector<std::string> keys, expectedKeys;
    for (const auto& item : a.items())
        keys.push_back(item.key());
    for (const auto& item : e.items())
        expectedKeys.push_back(item.key());
    QCOMPARE(keys, expectedKeys);
    QCOMPARE(a["prompt_tokens"].get<int>(), e["prompt_tokens"].get<int>());
    QCOMPARE(a["dropped_prompt_tokens"].get<int>(), e["dropped_prompt_tokens"].get<int>());
    QVERIFY(std::abs(a["entropy"].get<double>() - e["entropy"].get<double>()) < 1e-4);
    QCOMPARE(a["tokens"].size(), e["tokens"].size());
    for (std::size_t i = 0; i < a["tokens"].size(); ++i) {
        const json& t = a["tokens"][i];
        const json& u = e["tokens"][i];
        QCOMPARE(t.size(), u.size());
        QCOMPARE(t["id"].get<int>(), u["id"].get<int>());
        QCOMPARE(t["text"].get<std::string>(), u["text"].get<std::string>());
        QVERIFY(std::abs(t["prob"].get<double>() - u["prob"].get<double>()) < 1e-5);
        QVERIFY(std::abs(t["logit"].get<double>() - u["logit"].get<double>()) < 1e-4);
    }
}

} // namespace

ENGINE_TEST(lmNextJsonEqualsTheLibtorchCommands)
{
    for (const std::string& prompt : prompts())
        expectSameNextJson({"lm", "next", "--prompt", prompt});
    expectSameNextJson({"lm", "next", "--prompt", "The learning rate", "--top", "3"});
    expectSameNextJson({"lm", "next", "--prompt", "a", "--top", "2000", "--device", "cpu"});
    const std::string path = writeRandomTinyModel("tst_cpu_gpt_cli.safetensors", 16, 9);
    expectSameNextJson({"lm", "next", "--prompt", longPrompt(), "--model", path});
    std::remove(path.c_str());
}

ENGINE_TEST(lmNextErrorsEqualTheLibtorchCommands)
{
    const std::vector<std::vector<std::string>> calls = {
        {"lm", "next", "--prompt", ""},
        {"lm", "next", "--prompt", "x", "--top", "0"},
        {"lm", "next", "--prompt", "x", "--model", "no-such.safetensors"},
        {"lm", "next"},
        {"lm", "next", "--prompt", "x", "--colour", "red"},
    };
    for (const auto& call : calls) {
        const auto thin = thinCli(call);
        const auto full = enginetest::cli(call);
        QVERIFY(full.code == 1 || full.code == 2);
        QCOMPARE(thin.code, full.code);
        QCOMPARE(thin.err, full.err);
        QVERIFY(thin.out.empty());
    }
}

ENGINE_TEST(otherLmCallsGoToTheTorchHelper)
{
    // Another device or subcommand: mllab-cli prints nothing and runs mllab-cli-torch.
    for (const auto& call : std::vector<std::vector<std::string>>{
             {"lm", "next", "--prompt", "x", "--device", "cuda:0"},
             {"lm", "eval", "--text-file", "x"},
             {"lm", "generate", "--prompt", "x"},
             {"lm"},
             {"tokenize", "--text", "x", "--device", "cuda:0"}}) {
        const auto thin = thinCli(call);
        QCOMPARE(thin.code, mllab::cli::kRunInTorchHelper);
        QVERIFY(thin.out.empty());
        QVERIFY(thin.err.empty());
    }
}

ENGINE_TEST(tokenizeWithoutLibtorchPrintsTheSameJson)
{
    for (const std::string text : {"The learning rate", "", "  spaces\tand\nlines ",
                                   "caf\xc3\xa9 \xf0\x9f\x98\x80 na\xc3\xafve"}) {
        const std::vector<std::string> args = {"tokenize", "--text", text};
        const auto thin = thinCli(args);
        const auto full = enginetest::cli(args);
        QCOMPARE(full.code, 0);
        QCOMPARE(thin.code, 0);
        QCOMPARE(thin.out, full.out);
        QVERIFY(thin.err.empty());
    }
    // The same errors, from the same checkpoint readers and option checks.
    for (const auto& call : std::vector<std::vector<std::string>>{
             {"tokenize"},
             {"tokenize", "--text", "x", "--model", "no-such.safetensors"},
             {"tokenize", "--text", "x", "--bogus", "1"}}) {
        const auto thin = thinCli(call);
        const auto full = enginetest::cli(call);
        QVERIFY(full.code == 1 || full.code == 2);
        QCOMPARE(thin.code, full.code);
        QCOMPARE(thin.err, full.err);
    }
}

ENGINE_TEST_MAIN(tst_cpu_gpt)
