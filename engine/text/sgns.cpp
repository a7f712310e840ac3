// The libtorch half of engine/text/embeddings.h: skip-gram with negative sampling trained with
// batched torch ops (gather the rows, the log-sigmoid loss's gradient by hand, index_add_ back:
// plain SGD on the touched rows, as word2vec.c), and the tiny GPT's contextual vectors.
#include "engine/text/embeddings.h"

#include "engine/lm/model.h"
#include "engine/runtime.h"

#include <torch/torch.h>

#include <chrono>
#include <cmath>
#include <random>

namespace mllab::text {

void checkSgnsParams(const SgnsParams& p)
{
    const auto atLeast = [](const char* name, long long value, long long low, long long high) {
        if (value < low || value > high)
            throw InputError(std::string(name) + " must be between " + std::to_string(low) +
                             " and " + std::to_string(high) + " (got " + std::to_string(value) +
                             ")");
    };
    atLeast("dimension", p.dim, 1, 1024);
    atLeast("window", p.window, 1, 50);
    atLeast("negatives", p.negatives, 1, 50);
    atLeast("epochs", p.epochs, 1, 1000);
    atLeast("min_count", p.minCount, 1, 1000000);
    atLeast("batch", p.batchPairs, 1, 1 << 20);
    if (!(p.subsample >= 0 && p.subsample <= 1))
        throw InputError("the subsampling threshold must be between 0 and 1 (got " +
                         std::to_string(p.subsample) + ")");
    if (!(p.alpha > 0 && p.minAlpha >= 0 && p.minAlpha <= p.alpha))
        throw InputError("alpha must be positive and min_alpha between 0 and alpha");
}

SgnsResult trainSgns(const Sentences& sentences, const SgnsParams& p, const Progress& progress)
{
    checkSgnsParams(p);
    const auto start = std::chrono::steady_clock::now();
    const SingleComputeThread oneThread;
    torch::NoGradGuard noGrad;
    const Vocabulary vocabulary = buildVocabulary(sentences, p.minCount);
    const int words = int(vocabulary.words.size());
    const auto keep = keepProbabilities(vocabulary, p.subsample);
    const auto table = unigramTable(vocabulary.counts, 1000000);
    std::mt19937_64 rng(p.seed);
    std::uniform_real_distribution<double> uniform01(0.0, 1.0);

    // Input vectors uniform(-0.5/dim, 0.5/dim) (word2vec.c), output vectors zero.
    std::vector<float> init(std::size_t(words) * std::size_t(p.dim));
    std::uniform_real_distribution<float> initial(-0.5f / float(p.dim), 0.5f / float(p.dim));
    for (float& x : init)
        x = initial(rng);
    torch::Tensor syn0 = torch::from_blob(init.data(), {words, p.dim}, torch::kFloat).clone();
    torch::Tensor syn1 = torch::zeros({words, p.dim}, torch::kFloat);

    const int k1 = p.negatives + 1;
    // Each batch adds up the updates of a row touched several times; on a tiny vocabulary nearly
    // every pair touches the same few rows, so the batch shrinks with it (a quarter of the words,
    // at least 16 pairs) to keep that sum near what sequential SGD would do.
    const int batchPairs = std::min(p.batchPairs, std::max(16, words / 4));
    const std::int64_t rawTotal = vocabulary.corpusWords * p.epochs;
    std::vector<std::int64_t> inputs, outputs;
    std::vector<float> mask;
    std::vector<float> labelsData(std::size_t(k1), 0.f);
    labelsData[0] = 1.f;
    const torch::Tensor labels =
        torch::from_blob(labelsData.data(), {1, k1}, torch::kFloat).clone();
    SgnsResult r;
    r.corpusWords = vocabulary.corpusWords;
    std::int64_t rawDone = 0;
    ProgressThrottle throttle(progress);
    torch::Tensor epochLoss;

    const auto flush = [&] {
        const auto b = std::int64_t(inputs.size());
        if (b == 0)
            return;
        const double alpha = std::max(p.minAlpha, p.alpha - (p.alpha - p.minAlpha) *
                                                                double(rawDone) / double(rawTotal));
        const auto in = torch::from_blob(inputs.data(), {b}, torch::kLong);
        const auto out = torch::from_blob(outputs.data(), {b * k1}, torch::kLong);
        const auto m = torch::from_blob(mask.data(), {b, k1}, torch::kFloat);
        const auto v = syn0.index_select(0, in);                       // B × d
        const auto u = syn1.index_select(0, out).view({b, k1, p.dim}); // B × (K+1) × d
        const auto score = torch::bmm(u, v.unsqueeze(2)).squeeze(2);   // B × (K+1)
        const auto sign = labels * 2 - 1;
        epochLoss += -(torch::log_sigmoid(score * sign) * m).sum();
        // d(-log σ(±s))/ds = σ(s) - label: SGD adds alpha·(label - σ(s)) times the other vector.
        const auto g = (labels - torch::sigmoid(score)) * m * alpha;     // B × (K+1)
        const auto inputStep = torch::bmm(g.unsqueeze(1), u).squeeze(1); // B × d
        syn1.index_add_(0, out, (g.unsqueeze(2) * v.unsqueeze(1)).view({b * k1, p.dim}));
        syn0.index_add_(0, in, inputStep);
        r.pairs += b;
        inputs.clear();
        outputs.clear();
        mask.clear();
    };

    std::vector<int> ids;
    for (int epoch = 0; epoch < p.epochs; ++epoch) {
        epochLoss = torch::zeros({}, torch::kDouble);
        const std::int64_t pairsBefore = r.pairs;
        for (const auto& sentence : sentences) {
            ids.clear();
            for (const auto& word : sentence) {
                const int id = vocabulary.find(word);
                if (id < 0)
                    continue;
                if (keep[std::size_t(id)] < 1 && keep[std::size_t(id)] < uniform01(rng))
                    continue;
                ids.push_back(id);
            }
            r.trainedWords += std::int64_t(ids.size());
            const int n = int(ids.size());
            for (int i = 0; i < n; ++i) {
                const int reduced = int(rng() % std::uint64_t(p.window));
                const int reach = p.window - reduced;
                for (int j = std::max(0, i - reach); j <= std::min(n - 1, i + reach); ++j) {
                    if (j == i)
                        continue;
                    // gensim's train_sg_pair: the context word's input vector predicts the centre.
                    const int centre = ids[std::size_t(i)];
                    inputs.push_back(ids[std::size_t(j)]);
                    outputs.push_back(centre);
                    mask.push_back(1.f);
                    for (int k = 0; k < p.negatives; ++k) {
                        const int negative = table[std::size_t(rng() % table.size())];
                        outputs.push_back(negative);
                        mask.push_back(negative == centre ? 0.f : 1.f); // word2vec.c skips it
                    }
                    if (int(inputs.size()) >= batchPairs)
                        flush();
                }
            }
            rawDone += std::int64_t(sentence.size());
            throttle.tick(double(rawDone) / double(rawTotal),
                          std::to_string(rawDone) + " of " + std::to_string(rawTotal) + " words");
        }
        flush();
        const auto epochPairs = r.pairs - pairsBefore;
        r.epochLoss.push_back(epochPairs > 0 ? epochLoss.item<double>() / double(epochPairs) : 0.0);
        if (!std::isfinite(r.epochLoss.back()) || !torch::isfinite(syn0).all().item<bool>())
            throw InputError("skip-gram diverged in epoch " + std::to_string(epoch + 1) +
                             " (the loss is not finite): fewer negatives, a smaller window or "
                             "subsampling keep the summed batch updates small");
    }
    progress.update(1.0, std::to_string(rawTotal) + " words");

    r.vectors.words = vocabulary.words;
    r.vectors.dim = p.dim;
    const auto values = syn0.contiguous();
    r.vectors.values.assign(values.data_ptr<float>(), values.data_ptr<float>() + values.numel());
    r.vectors.reindex();
    r.counts = vocabulary.counts;
    r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    r.wordsPerSecond = r.seconds > 0 ? double(rawTotal) / r.seconds : 0;
    return r;
}

ContextualResult contextualVectors(const LanguageModel& model, const std::string& word,
                                   const std::string& first, const std::string& second)
{
    const SingleComputeThread oneThread;
    ContextualResult r;
    r.word = word;
    r.sentences = {first, second};
    for (int s = 0; s < 2; ++s) {
        const std::string& sentence = r.sentences[std::size_t(s)];
        const std::string which = s == 0 ? "first" : "second";
        if (sentence.find_first_not_of(" \t\r\n") == std::string::npos)
            throw InputError("the " + which + " sentence is empty");
        const auto [begin, end] = findWord(sentence, word);
        if (begin < 0)
            throw InputError("'" + word + "' does not occur as a word in the " + which +
                             " sentence");
        const HiddenStates h = model.hiddenStates(sentence);
        if (h.prompt.droppedTokens > 0)
            throw InputError("the " + which + " sentence is longer than the model's context of " +
                             std::to_string(model.config().contextLength) + " tokens");
        std::vector<float> sum(std::size_t(h.dim), 0.f);
        std::vector<int> covering;
        int offset = 0;
        for (std::size_t t = 0; t < h.prompt.ids.size(); ++t) {
            const int length = int(model.tokenizer().tokenBytes(h.prompt.ids[t]).size());
            if (offset < end && offset + length > begin) {
                covering.push_back(int(t));
                for (int j = 0; j < h.dim; ++j)
                    sum[std::size_t(j)] += h.vectors[t][std::size_t(j)];
            }
            offset += length;
        }
        for (float& x : sum)
            x /= float(covering.size());
        r.pieces.push_back(h.prompt.pieces);
        r.wordTokens.push_back(covering);
        r.vectors.push_back(sum);
        r.dim = h.dim;
    }
    r.contextualCosine = cosine(r.vectors[0].data(), r.vectors[1].data(), r.dim);
    r.staticCosine = 1;
    return r;
}

} // namespace mllab::text
