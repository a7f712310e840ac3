// engine/lm model, trainer and checkpoints: causal attention, a memorising run, determinism,
// save -> load identity, KV-cache generation, truncation of long prompts, and cancellation.
#include "engine/lm/gpt.h"
#include "engine/lm/model.h"
#include "engine/lm/safetensors.h"
#include "engine/lm/trainer.h"
#include "tests/support/enginetest.h"
#include "tests/support/tinylm.h"

#include <atomic>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>

namespace {

const std::string& kText = enginetest::kTinyText;

mllab::GptConfig tinyConfig()
{
    return enginetest::tinyGptConfig(32);
}

mllab::TrainParams tinyRun(int steps)
{
    mllab::TrainParams p;
    for (int i = 0; i < 8; ++i)
        p.corpus += kText;
    p.corpusName = "test";
    p.config = tinyConfig();
    p.steps = steps;
    p.batchSize = 8;
    p.warmupSteps = 5;
    p.evalEvery = 50;
    p.evalBatches = 2;
    p.validationFraction = 0.2;
    return p;
}

std::shared_ptr<mllab::LanguageModel> untrained()
{
    return enginetest::untrainedTinyModel(32, 7);
}

} // namespace

ENGINE_TEST(attentionIsCausalAndRowsSumToOne)
{
    const auto model = untrained();
    for (bool scaled : {true, false}) {
        const auto r = model->attention("The softmax turns scores into weights.", scaled);
        QCOMPARE(r.layers, 2);
        QCOMPARE(r.heads, 2);
        QCOMPARE(int(r.weights.size()), 2);
        const std::size_t n = r.prompt.ids.size();
        QVERIFY(n > 3);
        for (const auto& layer : r.weights)
            for (const auto& head : layer) {
                QCOMPARE(head.size(), n);
                for (std::size_t q = 0; q < n; ++q) {
                    double sum = 0;
                    for (std::size_t k = 0; k < n; ++k) {
                        if (k > q)
                            QCOMPARE(head[q][k], 0.0f);
                        sum += head[q][k];
                    }
                    QFUZZY_COMPARE(sum, 1.0, 1e-5);
                }
            }
    }
}

ENGINE_TEST(unscaledScoresGiveSharperRows)
{
    mllab::TrainParams p = tinyRun(60);
    const auto model = mllab::trainLanguageModel(p).model;
    auto meanEntropy = [](const mllab::AttentionResult& r) {
        double total = 0;
        int rows = 0;
        for (const auto& layer : r.weights)
            for (const auto& head : layer)
                for (const auto& row : head) {
                    for (float w : row)
                        if (w > 0)
                            total -= w * std::log(w);
                    ++rows;
                }
        return total / rows;
    };
    const std::string prompt = "Temperature divides the logits; top-p keeps the nucleus";
    QVERIFY(meanEntropy(model->attention(prompt, false)) < meanEntropy(model->attention(prompt, true)));
}

ENGINE_TEST(trainingMemorisesASmallText)
{
    mllab::TrainParams p = tinyRun(300);
    const auto r = mllab::trainLanguageModel(p);
    QCOMPARE(r.stepsDone, 300);
    QVERIFY2(r.trainLoss.back().loss < 0.5, std::to_string(r.trainLoss.back().loss));
    QVERIFY(r.trainLoss.back().loss < r.trainLoss.front().loss / 5);
    QVERIFY(r.finalValidationLoss < r.bigramLoss);
    QVERIFY(r.bigramLoss < r.unigramLoss);
}

ENGINE_TEST(sameSeedSameTraining)
{
    const auto a = mllab::trainLanguageModel(tinyRun(12));
    const auto b = mllab::trainLanguageModel(tinyRun(12));
    for (std::size_t i = 0; i < a.trainLoss.size(); ++i)
        QCOMPARE(a.trainLoss[i].loss, b.trainLoss[i].loss);
    mllab::TrainParams other = tinyRun(12);
    other.seed = 1;
    QVERIFY(mllab::trainLanguageModel(other).trainLoss.back().loss != a.trainLoss.back().loss);
}

ENGINE_TEST(saveThenLoadGivesIdenticalLogits)
{
    const std::string path = "tst_lm_model.safetensors";
    const auto model = untrained();
    model->save(path, {{"note", "test"}});
    const auto back = mllab::LanguageModel::load(path);
    QCOMPARE(back->metadata().at("note"), std::string("test"));
    QCOMPARE(back->parameterCount(), model->parameterCount());
    const std::string prompt = "The softmax turns scores";
    QCOMPARE(back->nextToken(prompt).logits, model->nextToken(prompt).logits);
    QCOMPARE(back->tokenizer().encode(kText), model->tokenizer().encode(kText));
    std::remove(path.c_str());
}

ENGINE_TEST(checkpointWithWrongShapesIsRejected)
{
    const std::string path = "tst_lm_wrong.safetensors";
    auto file = mllab::SafetensorsFile{};
    const auto model = untrained();
    model->save(path);
    file = mllab::readSafetensors(path);
    file.metadata["width"] = "64";  // tensors are width 32
    mllab::writeSafetensors(path, file);
    QVERIFY_THROWS_MESSAGE(mllab::LanguageModel::load(path), mllab::InputError, "shape");
    file.metadata["format"] = "something-else";
    mllab::writeSafetensors(path, file);
    QVERIFY_THROWS_MESSAGE(mllab::LanguageModel::load(path), mllab::InputError, "not an MLLab language-model");
    std::remove(path.c_str());
    QVERIFY_THROWS_MESSAGE(mllab::LanguageModel::load("no-such.safetensors"), mllab::InputError, "no-such");
}

ENGINE_TEST(cachedGenerationMatchesFullRecompute)
{
    const auto model = untrained();
    const auto greedy = [](const std::vector<float>& l) {
        return mllab::TokenId(std::max_element(l.begin(), l.end()) - l.begin());
    };
    const auto cached = model->generate("Attention lets", 40, greedy);  // crosses the 32 context
    QCOMPARE(cached.ids.size(), std::size_t(40));
    // Without the cache: the first step equals nextToken on the prompt.
    const auto first = model->nextToken("Attention lets");
    QCOMPARE(cached.ids[0], greedy(first.logits));
    auto prefix = model->tokenize("Attention lets").ids;
    for (int i = 0; i < 10; ++i) {
        const auto logProbs = model->nextLogProbs({prefix});
        const auto id = greedy(logProbs[0]);
        QCOMPARE(id, cached.ids[std::size_t(i)]);
        prefix.push_back(id);
    }
    for (double p : cached.probs)
        QVERIFY(p > 0 && p <= 1);
}

ENGINE_TEST(longPromptKeepsLastTokensAndSaysSo)
{
    const auto model = untrained();
    std::string prompt;
    for (int i = 0; i < 20; ++i)
        prompt += kText;
    const auto r = model->nextToken(prompt);
    QCOMPARE(int(r.prompt.ids.size()), 32);
    QVERIFY(r.prompt.droppedTokens > 0);
    const auto all = model->tokenizer().encode(prompt);
    QCOMPARE(r.prompt.ids.back(), all.back());
    QVERIFY_THROWS_MESSAGE(model->nextToken(""), mllab::InputError, "prompt is empty");
}

ENGINE_TEST(evaluationReportsBitsPerByte)
{
    const auto model = untrained();
    const auto r = model->evaluate(kText + kText);
    QVERIFY(r.tokens > 10);
    QFUZZY_COMPARE(r.perplexity, std::exp(r.loss), 1e-9);
    QVERIFY(r.bitsPerByte > 0 && r.bitsPerByte < 16);
}

ENGINE_TEST(cancelStopsTrainingPromptly)
{
    std::atomic<bool> cancel{false};
    mllab::Progress progress;
    progress.cancel = &cancel;
    int reports = 0;
    const auto onStep = [&](const mllab::TrainStep&) {
        if (++reports == 3)
            cancel = true;
    };
    mllab::TrainParams p = tinyRun(100000);
    p.outputPath = "tst_lm_cancel.safetensors";
    QVERIFY_THROWS_MESSAGE(mllab::trainLanguageModel(p, progress, onStep), mllab::Cancelled,
                           "cancelled");
    QCOMPARE(reports, 3);
    std::ifstream partial(p.outputPath);
    QVERIFY(!partial.good());  // no evaluation happened yet, so nothing was written
}

namespace {
std::string fileBytes(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}
} // namespace

ENGINE_TEST(divergingTrainingStopsWithoutWritingACheckpoint)
{
    // A peak rate of a million moves every weight by about a million in the first AdamW step; the
    // next forward pass overflows float32 and the loss is NaN. Nothing may be written then: not
    // a new file, not over an earlier checkpoint at the same path, not a temporary file.
    const std::string fresh = "tst_lm_diverged_fresh.safetensors";
    const std::string earlier = "tst_lm_diverged_earlier.safetensors";
    std::remove(fresh.c_str());
    std::remove(earlier.c_str());
    mllab::TrainParams good = tinyRun(4);
    good.outputPath = earlier;
    QCOMPARE(mllab::trainLanguageModel(good).checkpointPath, earlier);
    const std::string before = fileBytes(earlier);
    QVERIFY(before.size() > 1000);

    mllab::TrainParams bad = tinyRun(20);
    bad.learningRate = 1e6;
    bad.warmupSteps = 0;
    bad.evalEvery = 10; // the first evaluation (and checkpoint) would come after the divergence
    int reported = 0;
    const auto onStep = [&](const mllab::TrainStep& s) {
        QVERIFY(std::isfinite(s.trainLoss)); // a non-finite loss is never reported
        ++reported;
    };
    for (const std::string& path : {fresh, earlier}) {
        bad.outputPath = path;
        reported = 0;
        QVERIFY_THROWS_MESSAGE(
            mllab::trainLanguageModel(bad, {}, onStep), mllab::InputError,
            "training diverged: the training loss became NaN at step 2 (try a lower "
            "learning rate); no checkpoint was written");
        QCOMPARE(reported, 1);
    }
    QVERIFY(!std::ifstream(fresh).good());
    QCOMPARE(fileBytes(earlier), before);

    // Evaluating right after the exploding step: the validation loss is the first non-finite one.
    bad.evalEvery = 1;
    bad.outputPath = fresh;
    QVERIFY_THROWS_MESSAGE(mllab::trainLanguageModel(bad), mllab::InputError,
                           "training diverged: the validation loss became NaN at step 1");
    QVERIFY(!std::ifstream(fresh).good());
    for (const auto& entry : std::filesystem::directory_iterator("."))
        QVERIFY2(entry.path().filename().string().find(".tmp-") == std::string::npos,
                 entry.path().string());
    std::remove(earlier.c_str());
}

ENGINE_TEST(dropoutMaskHasTheRateAndIsReproducible)
{
    const torch::Tensor ones = torch::ones({1000, 1000});
    for (double rate : {0.1, 0.5}) {
        torch::manual_seed(3);
        const torch::Tensor a = mllab::lm::invertedDropout(ones, rate, true);
        const torch::Tensor dropped = (a == 0).to(torch::kDouble);
        // 10^6 Bernoulli draws: the standard deviation of the share is below 0.0005.
        QFUZZY_COMPARE(dropped.mean().item<double>(), rate, 0.03);
        // Neighbours are independent: both of a pair dropped about rate^2 of the time.
        const double pairs = (dropped.flatten().slice(0, 1) * dropped.flatten().slice(0, 0, -1))
                                 .mean()
                                 .item<double>();
        QFUZZY_COMPARE(pairs, rate * rate, 0.05);
        const torch::Tensor kept = a.masked_select(a != 0);
        QVERIFY(torch::all(kept == float(1.0 / (1.0 - rate))).item<bool>());

        torch::manual_seed(3);
        QVERIFY(
            torch::equal(mllab::lm::invertedDropout(ones, rate, true), a)); // same seed, same mask
        QVERIFY(
            !torch::equal(mllab::lm::invertedDropout(ones, rate, true), a)); // next draw differs
    }
    // The same mask with one thread as with two (the mask is a function of the index and the seed).
    const int threads = torch::get_num_threads();
    torch::set_num_threads(1);
    torch::manual_seed(5);
    const torch::Tensor one = mllab::lm::invertedDropout(ones, 0.1, true);
    torch::set_num_threads(2);
    torch::manual_seed(5);
    QVERIFY(torch::equal(mllab::lm::invertedDropout(ones, 0.1, true), one));
    torch::set_num_threads(threads);

    // Outside training it is the identity; in training the gradient is the mask itself.
    QVERIFY(mllab::lm::invertedDropout(ones, 0.1, false).is_same(ones));
    const torch::Tensor x = torch::full({64, 64}, 2.0f).requires_grad_(true);
    const torch::Tensor y = mllab::lm::invertedDropout(x, 0.25, true);
    y.sum().backward();
    QVERIFY(torch::allclose(x.grad(), y.detach() / 2.0f));
}

ENGINE_TEST(badCorporaAreInputErrors)
{
    mllab::TrainParams p = tinyRun(5);
    p.corpus = "";
    QVERIFY_THROWS_MESSAGE(mllab::trainLanguageModel(p), mllab::InputError, "is empty");
    p.corpus = std::string("abc\0def", 7);
    QVERIFY_THROWS_MESSAGE(mllab::trainLanguageModel(p), mllab::InputError, "looks binary");
    p.corpus = "too short";
    QVERIFY_THROWS_MESSAGE(mllab::trainLanguageModel(p), mllab::InputError, "too small");
    p = tinyRun(5);
    p.config.heads = 3;
    QVERIFY_THROWS_MESSAGE(mllab::trainLanguageModel(p), mllab::InputError, "multiple of heads");
}

ENGINE_TEST_MAIN(tst_lm)
