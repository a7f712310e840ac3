// Speed of the attention and tokenizer labs' engine calls: attention maps (both scalings, the
// mean over heads and every entropy) for 32 and 128 tokens on a model of the shipped shape
// (4 layers x 4 heads, width 128, context 128), BPE step by step on the toy sentence and on
// 2,000 bytes with 200 merges, a trained tokenizer on 100 kB, and greedy generation with the KV
// cache against recomputing the whole context for every new token.
#include "engine/lm/attention_maps.h"
#include "engine/lm/presets.h"
#include "engine/lm/shipped.h"
#include "engine/lm/tokenization.h"
#include "engine/runtime.h"

#include <benchmark/benchmark.h>

#include <algorithm>
#include <stdexcept>
#include <string>

namespace {

/// Pseudo-words of one to three syllables with spaces, the same for every run (and in
/// lmlabs_vs_torch.py): enough distinct words that BPE finds hundreds of merges.
std::string words(std::size_t bytes)
{
    static const char* const kSyllables[] = {"at",    "ten", "tion", "to",   "ken", "soft", "max",
                                             "weigh", "sum", "que",  "ry",   "key", "val",  "ue",
                                             "head",  "lay", "er",   "scal", "ed",  "the"};
    std::string text;
    std::uint32_t state = 12345;
    auto next = [&state](std::uint32_t n) {
        state = state * 1664525u + 1013904223u;
        return (state >> 16) % n;
    };
    while (text.size() < bytes) {
        for (std::uint32_t s = next(3) + 1; s > 0; --s)
            text += kSyllables[next(20)];
        text += ' ';
    }
    text.resize(bytes);
    return text;
}

std::shared_ptr<const mllab::LanguageModel> shippedShape()
{
    // Byte tokens only: a prompt of n letters is n tokens, which is what the timing depends on.
    static const auto model =
        mllab::LanguageModel::create(mllab::trainPreset("small").config, mllab::BpeTokenizer(), 1);
    return model;
}

void BM_AttentionMaps(benchmark::State& state)
{
    mllab::AttentionMapsParams p;
    p.model = shippedShape();
    p.prompt = words(std::size_t(state.range(0)));
    for (auto _ : state)
        benchmark::DoNotOptimize(mllab::computeAttentionMaps(p));
}
BENCHMARK(BM_AttentionMaps)->Arg(32)->Arg(128)->Unit(benchmark::kMillisecond);

void BM_BpeLabToy(benchmark::State& state)
{
    const mllab::BpeLabParams p;
    for (auto _ : state)
        benchmark::DoNotOptimize(mllab::computeBpeLab(p));
}
BENCHMARK(BM_BpeLabToy)->Unit(benchmark::kMicrosecond);

void BM_BpeLab2k(benchmark::State& state)
{
    mllab::BpeLabParams p;
    p.text = words(2000);
    p.merges = 200;
    for (auto _ : state)
        benchmark::DoNotOptimize(mllab::computeBpeLab(p));
}
BENCHMARK(BM_BpeLab2k)->Unit(benchmark::kMillisecond);

void BM_Tokenize100k(benchmark::State& state)
{
    mllab::BpeTrainParams bpe;
    bpe.corpus = words(200'000);
    bpe.vocabSize = 1024;
    mllab::TokenizationParams p;
    p.tokenizer = mllab::BpeTokenizer(mllab::trainBpe(bpe).merges);
    p.text = words(100'000);
    for (auto _ : state)
        benchmark::DoNotOptimize(mllab::computeTokenization(p));
    state.SetBytesProcessed(state.iterations() * std::int64_t(p.text.size()));
}
BENCHMARK(BM_Tokenize100k)->Unit(benchmark::kMillisecond);

mllab::TokenId argmax(const std::vector<float>& logits)
{
    return mllab::TokenId(std::max_element(logits.begin(), logits.end()) - logits.begin());
}

std::shared_ptr<const mllab::LanguageModel> shippedModel()
{
    static const auto model = mllab::LanguageModel::load(mllab::shippedModelPath());
    return model;
}

const std::string kGenerationPrompt = "The learning rate";

/// Greedy generation of range(0) tokens with the shipped model after a short prompt (the prompt
/// and the new tokens stay within the context of 128, so there is no re-prime):
/// LanguageModel::generate, one token per step through the KV cache. Items are new tokens.
void BM_GenerateKvCache(benchmark::State& state)
{
    const auto model = shippedModel();
    const std::string& prompt = kGenerationPrompt;
    for (auto _ : state)
        benchmark::DoNotOptimize(model->generate(prompt, int(state.range(0)), argmax));
    state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_GenerateKvCache)->Arg(100)->Unit(benchmark::kMillisecond);

/// The same tokens without a cache: every step runs the model over the whole history again
/// (LanguageModel::nextLogProbs on the growing prefix). Checks that both pick the same tokens.
void BM_GenerateRecompute(benchmark::State& state)
{
    const auto model = shippedModel();
    const std::string& prompt = kGenerationPrompt;
    const auto cached = model->generate(prompt, int(state.range(0)), argmax).ids;
    for (auto _ : state) {
        std::vector<mllab::TokenId> history = model->tokenize(prompt).ids;
        const std::size_t promptLength = history.size();
        for (int i = 0; i < state.range(0); ++i)
            history.push_back(argmax(model->nextLogProbs({history}).front()));
        if (!std::equal(cached.begin(), cached.end(), history.begin() + long(promptLength)))
            throw std::logic_error("recomputed generation differs from the cached one");
    }
    state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_GenerateRecompute)->Arg(100)->Unit(benchmark::kMillisecond);

} // namespace

int main(int argc, char** argv)
{
    mllab::configureComputeThreads(0);
    benchmark::AddCustomContext("libtorch_threads", std::to_string(mllab::computeThreads()));
    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
