// Query latency of the retrieval lab's retrievers over the bank's 1,042 passages (120 words,
// 30 of overlap): BM25 through the inverted index and, for the ratio, a plain scan of every
// passage's tokens; dense (mean word vectors, one cosine per passage); the hybrid search (both,
// RRF, question-level ranking); and BankSearch::rank, what the question browser calls per
// keystroke. Needs the shipped word vectors (or MLLAB_WORD_VECTORS). Peer: bench_retrieval.py.
#include "engine/text/retrieval.h"

#include <benchmark/benchmark.h>

#include <algorithm>
#include <memory>

namespace {

namespace text = mllab::text;

const char* const kQueries[] = {
    "how do I stop a model from making up facts",
    "why does my loss go down while accuracy stays flat",
    "find the documents that answer a question before the model replies",
    "what does dropout do at test time",
};

struct Fixture {
    text::WordVectors vectors = text::loadWordVectors(text::shippedWordVectorsPath());
    text::PassageRetriever retriever{text::loadQuestionBank(), text::ChunkOptions{},
                                     text::Bm25Params{}, text::wordVectorEncoder(vectors)};
    std::vector<std::vector<std::string>> tokens;
    std::vector<std::vector<float>> embeddings;
    Fixture()
    {
        for (const auto& p : retriever.passages()) {
            tokens.push_back(text::wordTokens(p.text));
            embeddings.push_back(text::meanUnitVector(vectors, tokens.back()));
        }
    }
};

Fixture& fixture()
{
    static Fixture f;
    return f;
}

void BM_Bm25InvertedIndex(benchmark::State& state)
{
    const auto& f = fixture();
    std::size_t i = 0;
    for (auto _ : state) {
        const auto scores = f.retriever.bm25().scores(text::wordTokens(kQueries[i++ % 4]));
        benchmark::DoNotOptimize(text::rankByScore(scores));
    }
}

/// The same scores from a scan of every passage's tokens (what the inverted index avoids).
void BM_Bm25Scan(benchmark::State& state)
{
    const auto& f = fixture();
    const auto& index = f.retriever.bm25();
    const double k1 = index.params().k1, b = index.params().b, avgdl = index.averageLength();
    std::size_t i = 0;
    for (auto _ : state) {
        const auto query = text::wordTokens(kQueries[i++ % 4]);
        std::vector<double> idf;
        for (const auto& t : query)
            idf.push_back(index.idf(t));
        std::vector<double> scores(f.tokens.size(), 0.0);
        for (std::size_t d = 0; d < f.tokens.size(); ++d)
            for (std::size_t q = 0; q < query.size(); ++q) {
                const double tf =
                    double(std::count(f.tokens[d].begin(), f.tokens[d].end(), query[q]));
                if (tf > 0)
                    scores[d] += idf[q] * tf * (k1 + 1) /
                                 (tf + k1 * (1 - b + b * double(f.tokens[d].size()) / avgdl));
            }
        benchmark::DoNotOptimize(text::rankByScore(scores));
    }
}

/// What search() does for dense: embed the query, one cosine per passage, rank.
void BM_DenseWordVectors(benchmark::State& state)
{
    const auto& f = fixture();
    std::size_t i = 0;
    for (auto _ : state) {
        const auto q = text::meanUnitVector(f.vectors, text::wordTokens(kQueries[i++ % 4]));
        std::vector<double> scores(f.embeddings.size());
        for (std::size_t p = 0; p < scores.size(); ++p)
            scores[p] = text::cosine(q.data(), f.embeddings[p].data(), f.vectors.dim);
        benchmark::DoNotOptimize(text::rankByScore(scores));
    }
}

void BM_HybridSearch(benchmark::State& state)
{
    const auto& f = fixture();
    std::size_t i = 0;
    for (auto _ : state) {
        const auto r = f.retriever.search(kQueries[i++ % 4], text::FusionOptions{});
        benchmark::DoNotOptimize(f.retriever.questions(r.hybrid));
    }
}

void BM_BankSearchRank(benchmark::State& state)
{
    static const auto search = std::make_unique<text::BankSearch>();
    std::size_t i = 0;
    for (auto _ : state)
        benchmark::DoNotOptimize(search->rank(kQueries[i++ % 4], 10));
}

void BM_BankSearchBuild(benchmark::State& state)
{
    for (auto _ : state)
        benchmark::DoNotOptimize(std::make_unique<text::BankSearch>());
}

} // namespace

BENCHMARK(BM_Bm25InvertedIndex)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_Bm25Scan)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_DenseWordVectors)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_HybridSearch)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_BankSearchRank)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_BankSearchBuild)->Unit(benchmark::kMillisecond);

BENCHMARK_MAIN();
