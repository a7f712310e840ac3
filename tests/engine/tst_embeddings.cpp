// engine/text/embeddings and `mllab-cli embeddings`: the vocabulary, gensim's subsampling
// probabilities and the unigram^0.75 negatives table by hand; skip-gram and PPMI-SVD put words
// that share contexts closer than words that do not (a planted corpus); PPMI by hand; the
// randomised SVD recovers a low-rank matrix; analogies exclude their inputs; the GPT's contextual
// cosine is 1 for one sentence twice and below 1 across two; training is deterministic for a
// seed; bad input is refused by name; the shipped vectors give the neighbours docs/embeddings.md
// lists.
#include "engine/datapaths.h"
#include "engine/labs/embeddings.h"
#include "engine/lm/model.h"
#include "engine/text/embeddings.h"
#include "tests/support/cli.h"
#include "tests/support/enginetest.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <random>

using mllab::InputError;
namespace tx = mllab::text;

namespace {

bool near(double a, double b, double tolerance = 1e-12)
{
    return std::abs(a - b) <= tolerance;
}

double cos(const tx::WordVectors& v, const std::string& a, const std::string& b)
{
    return tx::cosine(v.row(v.find(a)), v.row(v.find(b)), v.dim);
}

bool contains(const std::vector<tx::Neighbour>& list, const std::string& word)
{
    return std::any_of(list.begin(), list.end(), [&](const auto& n) { return n.word == word; });
}

/// Animals share "the X runs/sleeps ..." contexts, vehicles "drive the X on the road ...".
tx::Sentences plantedCorpus()
{
    std::mt19937 rng(7);
    const std::vector<std::string> animals{"cat", "dog"}, vehicles{"car", "bus"};
    tx::Sentences out;
    for (int i = 0; i < 400; ++i) {
        const std::string animal = animals[rng() % 2], vehicle = vehicles[rng() % 2];
        out.push_back({"the", animal, rng() % 2 ? "runs" : "sleeps", "fast", "near", "home"});
        out.push_back({"drive", "the", vehicle, "on", "the", rng() % 2 ? "road" : "street"});
    }
    return out;
}

} // namespace

ENGINE_TEST(vocabularyAndSubsamplingByHand)
{
    const tx::Sentences corpus{{"a", "a", "a", "a", "b", "b", "c"}, {"a", "b", "d"}};
    const tx::Vocabulary v = tx::buildVocabulary(corpus, 2);
    QCOMPARE(v.words, (std::vector<std::string>{"a", "b"}));
    QCOMPARE(v.counts, (std::vector<std::int64_t>{5, 3}));
    QCOMPARE(v.total, std::int64_t(8));
    QCOMPARE(v.corpusWords, std::int64_t(10));
    QCOMPARE(v.find("b"), 1);
    QCOMPARE(v.find("c"), -1);
    // gensim: threshold_count = t·total = 0.8; keep = (sqrt(f/0.8) + 1)·0.8/f.
    const auto keep = tx::keepProbabilities(v, 0.1);
    QVERIFY(near(keep[0], (std::sqrt(5 / 0.8) + 1) * 0.8 / 5));
    QVERIFY(near(keep[1], (std::sqrt(3 / 0.8) + 1) * 0.8 / 3));
    QVERIFY(near(keep[0], 0.56)); // (2.5 + 1) × 0.16
    QCOMPARE(tx::keepProbabilities(v, 0), (std::vector<double>{1, 1}));
    const auto capped = tx::keepProbabilities(v, 1);
    QCOMPARE(capped[0], 1.0); // capped at 1
    // Ties are broken alphabetically.
    const tx::Vocabulary tie = tx::buildVocabulary({{"y", "x", "y", "x"}}, 1);
    QCOMPARE(tie.words, (std::vector<std::string>{"x", "y"}));
}

ENGINE_TEST(negativesTableFollowsUnigramToThe075)
{
    const std::vector<std::int64_t> counts{100, 10, 1};
    const auto table = tx::unigramTable(counts, 1000000);
    std::vector<double> share(3, 0);
    for (int w : table)
        share[std::size_t(w)] += 1.0 / double(table.size());
    const double z = std::pow(100, 0.75) + std::pow(10, 0.75) + 1;
    QVERIFY(near(share[0], std::pow(100, 0.75) / z, 1e-4)); // 0.827, not the raw 0.901
    QVERIFY(near(share[1], std::pow(10, 0.75) / z, 1e-4));
    QVERIFY(near(share[2], 1 / z, 1e-4));
}

ENGINE_TEST(sharedContextsMeanCloserVectors)
{
    const tx::Sentences corpus = plantedCorpus();
    tx::SgnsParams p;
    p.dim = 16;
    p.window = 2;
    p.subsample = 0;
    p.epochs = 15;
    p.minCount = 1;
    const tx::SgnsResult sgns = tx::trainSgns(corpus, p);
    QVERIFY2(cos(sgns.vectors, "cat", "dog") > cos(sgns.vectors, "cat", "car") + 0.2,
             "skip-gram: cat is closer to dog than to car");
    QVERIFY(cos(sgns.vectors, "car", "bus") > cos(sgns.vectors, "bus", "dog") + 0.2);
    QVERIFY(sgns.epochLoss.back() < sgns.epochLoss.front());
    tx::PpmiParams q;
    q.dim = 4;
    q.window = 2;
    q.minCount = 1;
    const tx::PpmiResult ppmi = tx::trainPpmiSvd(corpus, q);
    QVERIFY2(cos(ppmi.vectors, "cat", "dog") > cos(ppmi.vectors, "cat", "car") + 0.2,
             "PPMI-SVD: cat is closer to dog than to car");
}

ENGINE_TEST(ppmiByHand)
{
    // "a b", "a b", "a c" with window 1: #(a,b) = #(b,a) = 2, #(a,c) = #(c,a) = 1, total 6;
    // row and column sums a 3, b 2, c 1; the smoothed context distribution divides by
    // 3^0.75 + 2^0.75 + 1.
    const tx::Sentences corpus{{"a", "b"}, {"a", "b"}, {"a", "c"}};
    const tx::Vocabulary v = tx::buildVocabulary(corpus, 1);
    const auto counts = tx::cooccurrences(corpus, v, 1);
    QCOMPARE(counts.size(), std::size_t(4));
    const auto weights = tx::ppmi(counts, 3, 0.75);
    QCOMPARE(weights.size(), std::size_t(4));
    const double z = std::pow(3, 0.75) + std::pow(2, 0.75) + 1;
    const auto at = [&](int r, int c) {
        for (const auto& e : weights)
            if (e.row == r && e.column == c)
                return e.value;
        return -1.0;
    };
    QVERIFY(near(at(0, 1), std::log((2.0 / 6) / (3.0 / 6 * std::pow(2, 0.75) / z))));
    QVERIFY(near(at(1, 0), std::log((2.0 / 6) / (2.0 / 6 * std::pow(3, 0.75) / z))));
    QVERIFY(near(at(0, 2), std::log((1.0 / 6) / (3.0 / 6 * 1 / z))));
    QVERIFY(near(at(2, 0), std::log(z / std::pow(3, 0.75))));
    QVERIFY(near(at(0, 2), 0.50306, 1e-4)); // log(4.9613 / 3)
    // Without smoothing (power 1) a rare context's PMI is lower: smoothing lifts P(c) of rare c.
    QVERIFY(tx::ppmi(counts, 3, 1.0)[1].value > 0);
}

ENGINE_TEST(truncatedSvdRecoversALowRankMatrix)
{
    const int rows = 9, columns = 7;
    std::vector<double> dense(std::size_t(rows * columns), 0);
    std::vector<tx::SparseEntry> entries;
    for (int i = 0; i < rows; ++i)
        for (int j = 0; j < columns; ++j) {
            const double v = 3.0 * (i + 1) * std::sin(j + 1.0) + 0.5 * std::cos(2.0 * i) * (j - 3);
            dense[std::size_t(i * columns + j)] = v;
            entries.push_back({i, j, v});
        }
    const tx::TruncatedSvd svd = tx::truncatedSvd(entries, rows, columns, 2, 3);
    QVERIFY(svd.s[0] >= svd.s[1] && svd.s[1] > 0);
    double worst = 0;
    for (int i = 0; i < rows; ++i)
        for (int j = 0; j < columns; ++j) {
            double v = 0;
            for (int k = 0; k < 2; ++k)
                v += svd.u[std::size_t(k * rows + i)] * svd.s[std::size_t(k)] *
                     svd.v[std::size_t(k * columns + j)];
            worst = std::max(worst, std::abs(v - dense[std::size_t(i * columns + j)]));
        }
    QVERIFY2(worst < 1e-9, std::to_string(worst).c_str());
    QVERIFY_THROWS_MESSAGE(tx::truncatedSvd(entries, rows, columns, 8, 3), InputError, "rank 8");
}

ENGINE_TEST(analogyExcludesItsInputs)
{
    tx::WordVectors v;
    v.words = {"a", "b", "c", "d", "e"};
    v.dim = 2;
    // b − a + c = (1, 1): c itself and b are closest, but they are inputs; then d, then e.
    v.values = {1, 0, 1, 1, 0, 1, 0.9f, 1.1f, -1, 0.2f};
    v.reindex();
    const auto answers = tx::analogy(v, "a", "b", "C", 5);
    QCOMPARE(answers.size(), std::size_t(2));
    QCOMPARE(answers[0].word, std::string("d"));
    QCOMPARE(answers[1].word, std::string("e"));
    const auto neighbours = tx::nearestNeighbours(v, "d", 10);
    QCOMPARE(neighbours.size(), std::size_t(4));
    QVERIFY(!contains(neighbours, "d"));
    QVERIFY_THROWS_MESSAGE(tx::analogy(v, "a", "zebra", "yak", 5), InputError,
                           "'zebra', 'yak' are not in the vocabulary");
    QVERIFY_THROWS_MESSAGE(tx::nearestNeighbours(v, "zebra", 3), InputError,
                           "'zebra' is not in the vocabulary (5 words)");
}

ENGINE_TEST(contextualCosineIsOneOnlyForTheSameContext)
{
    const auto model = mllab::LanguageModel::load(mllab::shippedModelPath());
    const std::string s = "Self-attention lets every token look at the earlier tokens.";
    const auto same = tx::contextualVectors(*model, "attention", s, s);
    QVERIFY(near(same.contextualCosine, 1, 1e-5));
    QCOMPARE(same.staticCosine, 1.0);
    QVERIFY(!same.wordTokens[0].empty());
    const auto other = tx::contextualVectors(
        *model, "attention", s, "Pay attention to the learning rate before you tune anything.");
    QVERIFY(other.contextualCosine < 0.999);
    QVERIFY(tx::findWord("Attention, please", "attention") == (std::pair<int, int>{0, 9}));
    QVERIFY(tx::findWord("self-attentions", "attention").first == -1);
    QVERIFY_THROWS_MESSAGE(tx::contextualVectors(*model, "gradient", s, s), InputError,
                           "'gradient' does not occur as a word in the first sentence");
}

ENGINE_TEST(trainingIsDeterministicForASeed)
{
    const tx::Sentences corpus = plantedCorpus();
    tx::SgnsParams p;
    p.dim = 8;
    p.epochs = 2;
    p.minCount = 1;
    const auto a = tx::trainSgns(corpus, p), b = tx::trainSgns(corpus, p);
    QVERIFY(a.vectors.values == b.vectors.values);
    QCOMPARE(a.pairs, b.pairs);
    p.seed = 2;
    QVERIFY(tx::trainSgns(corpus, p).vectors.values != a.vectors.values);
}

ENGINE_TEST(badInputIsRefusedByName)
{
    const tx::Sentences corpus = plantedCorpus();
    const auto refused = [&](auto change, const char* message) {
        tx::SgnsParams p;
        change(p);
        QVERIFY_THROWS_MESSAGE(tx::trainSgns(corpus, p), InputError, message);
    };
    refused([](tx::SgnsParams& p) { p.dim = 0; }, "dimension must be between 1 and 1024 (got 0)");
    refused([](tx::SgnsParams& p) { p.window = 0; }, "window must be between 1 and 50 (got 0)");
    refused([](tx::SgnsParams& p) { p.negatives = 0; }, "negatives must be between");
    refused([](tx::SgnsParams& p) { p.epochs = 0; }, "epochs must be between");
    refused([](tx::SgnsParams& p) { p.subsample = -1; }, "subsampling threshold");
    refused([](tx::SgnsParams& p) { p.minCount = 100000; }, "no word occurs min_count = 100000");
    tx::PpmiParams q;
    q.dim = 50; // the planted corpus has 15 words
    q.minCount = 1;
    QVERIFY_THROWS_MESSAGE(tx::trainPpmiSvd(corpus, q), InputError, "exceeds the vocabulary's");
    QVERIFY_THROWS_MESSAGE(tx::cooccurrences(corpus, tx::buildVocabulary(corpus, 1), 0), InputError,
                           "window must be at least 1");
}

ENGINE_TEST(shippedVectorsGiveTheDocumentedNeighbours)
{
    std::map<std::string, std::string> metadata;
    const auto v = tx::loadWordVectors(tx::shippedWordVectorsPath(), &metadata);
    QCOMPARE(metadata["method"], std::string("sgns"));
    QVERIFY(metadata["settings"].find("epochs 30") != std::string::npos);
    QCOMPARE(v.dim, 64);
    QVERIFY(v.size() > 3000 && v.size() < 4000);
    // docs/embeddings.md lists these.
    const auto lora = tx::nearestNeighbours(v, "lora", 1);
    QCOMPARE(lora[0].word, std::string("adapters"));
    QVERIFY(contains(tx::nearestNeighbours(v, "lora", 5), "qlora"));
    QVERIFY(contains(tx::nearestNeighbours(v, "overfitting", 2), "memorization"));
    QVERIFY(contains(tx::nearestNeighbours(v, "tokenizer", 1), "tokenize"));
    QVERIFY(contains(tx::nearestNeighbours(v, "gradient", 2), "clipping"));
    QVERIFY(contains(tx::nearestNeighbours(v, "attention", 2), "flash"));
    const auto gpt = tx::analogy(v, "encoder", "bert", "decoder", 1);
    QCOMPARE(gpt[0].word, std::string("gpt"));
}

ENGINE_TEST(cliKeepsTheContract)
{
    const auto run = enginetest::cli({"embeddings", "neighbours", "--word", "LoRA", "--top", "3"});
    QCOMPARE(run.code, 0);
    const auto j = nlohmann::json::parse(run.out);
    QCOMPARE(j["neighbours"].size(), std::size_t(3));
    QCOMPARE(j["neighbours"][0]["word"].get<std::string>(), std::string("adapters"));
    const auto unknown = enginetest::cli({"embeddings", "neighbours", "--word", "qwertyuiop"});
    QCOMPARE(unknown.code, 1);
    QVERIFY(unknown.err.find("'qwertyuiop' is not in the vocabulary") != std::string::npos);
    const auto analogy =
        enginetest::cli({"embeddings", "analogy", "--a", "encoder", "--b", "bert", "--c", "zzzq"});
    QCOMPARE(analogy.code, 1);
    QVERIFY(analogy.err.find("'zzzq' is not in the vocabulary") != std::string::npos);
    const auto one = enginetest::cli(
        {"embeddings", "contextual", "--word", "attention", "--sentence", "attention please"});
    QCOMPARE(one.code, 2);
    const auto two =
        enginetest::cli({"embeddings", "contextual", "--word", "attention", "--sentence",
                         "attention please", "--sentence", "pay attention"});
    QCOMPARE(two.code, 0);
    const auto c = nlohmann::json::parse(two.out);
    QVERIFY(c["contextual_cosine"].get<double>() < 1);
    QCOMPARE(c["static_cosine"].get<double>(), 1.0);
    QCOMPARE(enginetest::cli({"embeddings", "train", "--dim", "0"}).code, 1);
    QCOMPARE(enginetest::cli({"embeddings", "train", "--method", "glove"}).code, 1);
    const auto out = enginetest::cli({"embeddings", "train", "--out", "vectors.bin"});
    QCOMPARE(out.code, 1); // refused before training
    QVERIFY(out.err.find("--out must name a .safetensors file") != std::string::npos);
    QCOMPARE(enginetest::cli({"embeddings", "fly"}).code, 2);
}

ENGINE_TEST(labDefaultsComputeFromTheShippedFile)
{
    const auto& spec = mllab::labs::embeddingsLabSpec();
    const auto r = mllab::labs::computeEmbeddingsLab(
        mllab::labs::embeddingsLabParams(mllab::labs::defaultState(spec)));
    QCOMPARE(r.sgns.neighbours.size(), std::size_t(8));
    QCOMPARE(r.ppmi.dim, 64);
    QVERIFY(r.sgns.projection.words.size() >= 10);
    QVERIFY(r.sgns.missing.empty());
    QVERIFY(r.contextual.contextualCosine < 1);
    QVERIFY(r.sgns.analogyError.empty());
}

ENGINE_TEST_MAIN(tst_embeddings)
